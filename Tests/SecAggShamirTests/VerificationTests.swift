import SecAggPrimitives
import SecAggShamir
import Testing

@Suite struct VerificationTests {
    @Test("every dealt share verifies", arguments: [(1, 1), (2, 3), (5, 9), (17, 40)])
    func everyDealtShareVerifies(threshold: Int, shareCount: Int) throws {
        let (_, dealing) = try seededDealing(threshold: threshold, shareCount: shareCount, seed: UInt64(threshold))
        for share in dealing.shares {
            #expect(throws: Never.self, "x=\(share.x)") { try dealing.commitments.verify(share) }
        }
    }

    @Test("commitments detect a changed share")
    func commitmentsDetectChangedShare() throws {
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 5, seed: 31)
        let changed = try corrupted(dealing.shares[3])
        #expect(throws: ShamirError.shareVerificationFailed(holders: [4])) {
            try dealing.commitments.verify(changed)
        }
        let moved = try Share(splitID: dealing.splitID, x: 5, value: dealing.shares[3].value)
        #expect(throws: ShamirError.shareVerificationFailed(holders: [5])) {
            try dealing.commitments.verify(moved)
        }
    }

    @Test("commitments reject another split")
    func commitmentsRejectAnotherSplit() throws {
        let (_, dealing) = try seededDealing(threshold: 2, shareCount: 3, seed: 32)
        let (_, other) = try seededDealing(threshold: 2, shareCount: 3, seed: 32, label: "other")
        let expected = ShamirError.splitIDMismatch(
            expected: dealing.splitID.prefix, found: other.splitID.prefix, x: 1)
        #expect(throws: expected) { try dealing.commitments.verify(other.shares[0]) }
    }

    @Test("commitment to secret matches")
    func commitmentToSecretMatches() throws {
        let (secret, dealing) = try seededDealing(threshold: 3, shareCount: 4, seed: 33)
        #expect(dealing.commitments.points[0] == Ristretto255.Point.generatorMultiple(secret))
    }

    @Test("batch verification accepts correct shares")
    func batchAcceptsCorrectShares() throws {
        let (_, dealing) = try seededDealing(threshold: 6, shareCount: 20, seed: 34)
        var source = SeededRandom(seed: 340)
        #expect(try dealing.commitments.invalidShareHolders(in: dealing.shares, using: &source).isEmpty)
        #expect(throws: Never.self) { try dealing.commitments.verify(dealing.shares, using: &source) }
    }

    @Test(
        "batch verification names bad shares", arguments: [[UInt32(1)], [20], [3, 4], [2, 9, 10, 17], Array(1...20)])
    func batchNamesBadShares(bad: [UInt32]) throws {
        let (_, dealing) = try seededDealing(threshold: 6, shareCount: 20, seed: 35)
        var shares = dealing.shares
        for x in bad { shares[Int(x) - 1] = try corrupted(shares[Int(x) - 1]) }
        var source = SeededRandom(seed: 350)
        #expect(try dealing.commitments.invalidShareHolders(in: shares, using: &source) == bad)
        #expect(throws: ShamirError.shareVerificationFailed(holders: bad)) {
            try dealing.commitments.verify(shares, using: &source)
        }
    }

    @Test("batch verification matches single checks")
    func batchMatchesSingleChecks() throws {
        let (_, dealing) = try seededDealing(threshold: 4, shareCount: 12, seed: 36)
        var source = SeededRandom(seed: 360)
        var shares = dealing.shares
        for position in shares.indices where Bool.random(using: &source) {
            shares[position] = try corrupted(shares[position])
        }
        let single = shares.filter { (try? dealing.commitments.verify($0)) == nil }.map(\.x)
        #expect(try dealing.commitments.invalidShareHolders(in: shares, using: &source) == single)
    }

    @Test("batch verification rejects duplicate holders")
    func batchRejectsDuplicateHolders() throws {
        let (_, dealing) = try seededDealing(threshold: 2, shareCount: 3, seed: 37)
        var source = SeededRandom(seed: 370)
        #expect(throws: ShamirError.duplicateShareIndex(x: 1)) {
            try dealing.commitments.invalidShareHolders(in: [dealing.shares[0], dealing.shares[0]], using: &source)
        }
    }

    @Test("verified reconstruction drops bad shares")
    func verifiedReconstructionDropsBadShares() throws {
        let (secret, dealing) = try seededDealing(threshold: 4, shareCount: 9, seed: 38)
        var shares = dealing.shares
        for position in [0, 5, 6] { shares[position] = try corrupted(shares[position]) }
        var source = SeededRandom(seed: 380)
        let result = try Shamir.reconstructVerified(
            shares, commitments: dealing.commitments, threshold: 4, using: &source)
        #expect(result.secret == secret)
        #expect(result.rejectedHolders == [1, 6, 7])
    }

    @Test("verified reconstruction needs enough valid shares")
    func verifiedReconstructionNeedsValidShares() throws {
        let (_, dealing) = try seededDealing(threshold: 4, shareCount: 5, seed: 39)
        var shares = dealing.shares
        for position in [1, 3] { shares[position] = try corrupted(shares[position]) }
        var source = SeededRandom(seed: 390)
        #expect(throws: ShamirError.insufficientValidShares(threshold: 4, valid: 3, rejectedHolders: [2, 4])) {
            try Shamir.reconstructVerified(shares, commitments: dealing.commitments, threshold: 4, using: &source)
        }
    }

    @Test("verified reconstruction checks the threshold")
    func verifiedReconstructionChecksThreshold() throws {
        let (_, dealing) = try seededDealing(threshold: 4, shareCount: 5, seed: 40)
        var source = SeededRandom(seed: 400)
        #expect(throws: ShamirError.commitmentThresholdMismatch(expected: 3, actual: 4)) {
            try Shamir.reconstructVerified(
                dealing.shares, commitments: dealing.commitments, threshold: 3, using: &source)
        }
    }
}

@Suite struct ComplaintTests {
    let dealerKey: Ed25519.PrivateKey = {
        var source = SeededRandom(seed: 4_100)
        return Ed25519.PrivateKey(using: &source)
    }()

    func signedDealing() throws -> (Dealing, SignedCommitments) {
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 5, seed: 41)
        return (dealing, dealing.signedCommitments(signingWith: dealerKey))
    }

    @Test("signed commitments verify")
    func signedCommitmentsVerify() throws {
        let (_, signed) = try signedDealing()
        #expect(throws: Never.self) { try signed.verify(dealer: dealerKey.publicKey) }
        #expect(signed.signature.count == 64)
        #expect(try SignedCommitments(encoding: signed.encoded()) == signed)
    }

    @Test("signature of wrong length throws")
    func signatureOfWrongLengthThrows() throws {
        let (_, signed) = try signedDealing()
        let expected = ShamirError.invalidEncodingLength(kind: "commitment signature", expected: 64, actual: 63)
        #expect(throws: expected) {
            try SignedCommitments(commitments: signed.commitments, signature: signed.signature.dropLast())
        }
    }

    @Test("signed commitments reject another key")
    func signedCommitmentsRejectAnotherKey() throws {
        let (dealing, signed) = try signedDealing()
        var source = SeededRandom(seed: 4_101)
        let otherKey = Ed25519.PrivateKey(using: &source)
        #expect(throws: ShamirError.invalidCommitmentSignature(splitID: dealing.splitID.prefix)) {
            try signed.verify(dealer: otherKey.publicKey)
        }
    }

    @Test("complaint about a bad share verifies")
    func complaintAboutBadShareVerifies() throws {
        let (dealing, signed) = try signedDealing()
        let complaint = ShareComplaint(
            dealer: dealerKey.publicKey, signedCommitments: signed, share: try corrupted(dealing.shares[1]))
        #expect(throws: Never.self) { try complaint.verify() }
        let decoded = try ShareComplaint(encoding: complaint.encoded())
        #expect(decoded == complaint)
        #expect(throws: Never.self) { try decoded.verify() }
    }

    @Test("complaint about a good share fails")
    func complaintAboutGoodShareFails() throws {
        let (dealing, signed) = try signedDealing()
        let complaint = ShareComplaint(dealer: dealerKey.publicKey, signedCommitments: signed, share: dealing.shares[1])
        #expect(throws: ShamirError.complaintShareIsValid(x: 2)) { try complaint.verify() }
    }

    @Test("complaint with forged signature fails")
    func complaintWithForgedSignatureFails() throws {
        let (dealing, signed) = try signedDealing()
        var signature = signed.signature
        signature[10] ^= 0x01
        let forged = try SignedCommitments(commitments: signed.commitments, signature: signature)
        let complaint = ShareComplaint(
            dealer: dealerKey.publicKey, signedCommitments: forged, share: try corrupted(dealing.shares[1]))
        #expect(throws: ShamirError.invalidCommitmentSignature(splitID: dealing.splitID.prefix)) {
            try complaint.verify()
        }
    }

    @Test("complaint with substituted commitments fails")
    func complaintWithSubstitutedCommitmentsFails() throws {
        // Commitments the complainer made up for a good share, carrying the dealer's signature on others.
        let (dealing, signed) = try signedDealing()
        let (_, other) = try seededDealing(threshold: 3, shareCount: 5, seed: 42)
        let substituted = try FeldmanCommitments(splitID: dealing.splitID, points: other.commitments.points)
        let forged = try SignedCommitments(commitments: substituted, signature: signed.signature)
        let complaint = ShareComplaint(dealer: dealerKey.publicKey, signedCommitments: forged, share: dealing.shares[0])
        #expect(throws: ShamirError.invalidCommitmentSignature(splitID: dealing.splitID.prefix)) {
            try complaint.verify()
        }
    }

    @Test("complaint about another split fails")
    func complaintAboutAnotherSplitFails() throws {
        let (dealing, signed) = try signedDealing()
        let (_, other) = try seededDealing(threshold: 3, shareCount: 5, seed: 43, label: "other")
        let complaint = ShareComplaint(dealer: dealerKey.publicKey, signedCommitments: signed, share: other.shares[0])
        let expected = ShamirError.splitIDMismatch(expected: dealing.splitID.prefix, found: other.splitID.prefix, x: 1)
        #expect(throws: expected) { try complaint.verify() }
    }

    @Test("complaint encoding rejects bad parts")
    func complaintEncodingRejectsBadParts() throws {
        let (dealing, signed) = try signedDealing()
        let complaint = ShareComplaint(
            dealer: dealerKey.publicKey, signedCommitments: signed, share: try corrupted(dealing.shares[1]))
        let encoding = complaint.encoded()
        #expect(encoding.count == 32 + 68 + 64 + 36 + 3 * 32)
        #expect(throws: ShamirError.invalidEncodingLength(kind: "complaint", expected: 200, actual: 199)) {
            try ShareComplaint(encoding: encoding.prefix(199))
        }
        var badKey = encoding
        for offset in 0..<32 { badKey[offset] = 0 }
        #expect(throws: ShamirError.invalidDealerPublicKey) { try ShareComplaint(encoding: badKey) }
        #expect(throws: ShamirError.invalidEncodingLength(kind: "commitments", expected: 132, actual: 131)) {
            try ShareComplaint(encoding: encoding.dropLast())
        }
    }
}
