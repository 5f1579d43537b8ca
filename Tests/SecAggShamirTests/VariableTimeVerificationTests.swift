import SecAggPrimitives
import Testing

@testable import SecAggShamir

/// Returns the shares with some replaced by wrong ones: value + 1, a random value, or another holder's value.
func sharesWithBogusValues(_ shares: [Share], using source: inout SeededRandom) throws -> [Share] {
    var result = shares
    for position in result.indices {
        let share = result[position]
        switch UInt8.random(in: 0..<6, using: &source) {
        case 0: result[position] = try corrupted(share)
        case 1: result[position] = try Share(splitID: share.splitID, x: share.x, value: .random(using: &source))
        case 2:
            let other = shares[(position + 1) % shares.count]
            result[position] = try Share(splitID: share.splitID, x: share.x, value: other.value)
        default: break
        }
    }
    return result
}

@Suite struct VariableTimeVerificationTests {
    static let sizes = [(1, 3), (2, 5), (7, 20), (33, 70)]

    @Test("single checks match libsodium", arguments: sizes)
    func singleChecksMatchLibsodium(threshold: Int, shareCount: Int) throws {
        let (_, dealing) = try seededDealing(
            threshold: threshold, shareCount: shareCount, seed: UInt64(500 + threshold))
        var source = SeededRandom(seed: UInt64(510 + threshold))
        let shares = try sharesWithBogusValues(dealing.shares, using: &source)
        var failing = 0
        for share in shares {
            let fast = (try? dealing.commitments.verify(share)) != nil
            #expect(fast == dealing.commitments.isValidUsingLibsodium(share), "x=\(share.x)")
            if !fast { failing += 1 }
        }
        // Both outcomes must occur for the comparison to mean anything.
        #expect(failing > 0)
        #expect(failing < shareCount || threshold == 1)
        let indices = Array(1...UInt32(shareCount)) + [65_535, UInt32.random(in: 1...65_535, using: &source)]
        for x in indices {
            #expect(
                dealing.commitments.expectedSharePoint(x: x)
                    == dealing.commitments.expectedSharePointUsingLibsodium(x: x),
                "x=\(x)")
        }
    }

    @Test("batch holders match libsodium", arguments: sizes)
    func batchHoldersMatchLibsodium(threshold: Int, shareCount: Int) throws {
        let (_, dealing) = try seededDealing(
            threshold: threshold, shareCount: shareCount, seed: UInt64(520 + threshold))
        var source = SeededRandom(seed: UInt64(530 + threshold))
        let shares = try sharesWithBogusValues(dealing.shares, using: &source)
        let single = shares.filter { !dealing.commitments.isValidUsingLibsodium($0) }.map(\.x)
        var fastSource = SeededRandom(seed: 540)
        var libsodiumSource = SeededRandom(seed: 540)
        let fast = try dealing.commitments.invalidShareHolders(in: shares, using: &fastSource)
        let reference = try dealing.commitments.invalidShareHoldersUsingLibsodium(in: shares, using: &libsodiumSource)
        #expect(fast == single)
        #expect(reference == single)
        var cleanSource = SeededRandom(seed: 541)
        #expect(try dealing.commitments.invalidShareHolders(in: dealing.shares, using: &cleanSource).isEmpty)
    }

    @Test("batch equation sides match libsodium", arguments: sizes)
    func batchEquationSidesMatchLibsodium(threshold: Int, shareCount: Int) throws {
        let (_, dealing) = try seededDealing(
            threshold: threshold, shareCount: shareCount, seed: UInt64(550 + threshold))
        var source = SeededRandom(seed: UInt64(560 + threshold))
        for shares in [dealing.shares, try sharesWithBogusValues(dealing.shares, using: &source)] {
            let weights = shares.map { _ in Ristretto255.Scalar.random(using: &source) }
            let fast = dealing.commitments.batchEquationSides(shares, weights: weights)
            let reference = dealing.commitments.batchEquationSidesUsingLibsodium(shares, weights: weights)
            #expect(fast.left == reference.left)
            #expect(fast.right == reference.right)
        }
    }

    @Test("commitment with bit 255 is rejected", arguments: [0, 1, 2])
    func commitmentWithBit255Rejected(index: Int) throws {
        // libsodium 1.0.18 would accept such an encoding and compute with the bit cleared; RFC 9496 rejects it,
        // and so does decoding, so commitments never hold two encodings of one element.
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 6, seed: 570)
        var encoding = dealing.commitments.encoded()
        encoding[FeldmanCommitments.headerByteCount + index * Ristretto255.byteCount + 31] |= 0x80
        #expect(throws: ShamirError.self) {
            _ = try FeldmanCommitments(encoding: encoding)
        }
    }

    @Test("complaint decisions use fast path")
    func complaintDecisionsUseFastPath() throws {
        var keySource = SeededRandom(seed: 580)
        let dealerKey = Ed25519.PrivateKey(using: &keySource)
        let (_, dealing) = try seededDealing(threshold: 4, shareCount: 8, seed: 581)
        let signed = dealing.signedCommitments(signingWith: dealerKey)
        let bad = try ShareComplaint(
            dealer: dealerKey.publicKey, signedCommitments: signed, share: corrupted(dealing.shares[2]))
        let good = ShareComplaint(dealer: dealerKey.publicKey, signedCommitments: signed, share: dealing.shares[2])
        #expect(throws: Never.self) { try bad.verify() }
        #expect(throws: ShamirError.complaintShareIsValid(x: 3)) { try good.verify() }
    }
}

@Suite struct CrossDealerVerificationTests {
    /// Deals one share for the recipient from each of `dealerCount` dealers, at varying indices and thresholds.
    func committedShares(dealerCount: Int, seed: UInt64) throws -> [CommittedShare] {
        var source = SeededRandom(seed: seed)
        return try (0..<dealerCount).map { dealer in
            let threshold = Int.random(in: 1...6, using: &source)
            let (_, dealing) = try seededDealing(
                threshold: threshold, shareCount: 9, seed: seed &+ UInt64(dealer), label: "dealer \(dealer)")
            let share = dealing.shares[Int.random(in: 0..<9, using: &source)]
            return try CommittedShare(share: share, commitments: dealing.commitments)
        }
    }

    /// Returns the pairs with the shares at `positions` replaced by value + 1.
    func withBadShares(_ pairs: [CommittedShare], at positions: [Int]) throws -> [CommittedShare] {
        var result = pairs
        for position in positions {
            result[position] = try CommittedShare(
                share: corrupted(pairs[position].share), commitments: pairs[position].commitments)
        }
        return result
    }

    @Test("cross-dealer batch accepts correct shares")
    func crossDealerBatchAcceptsCorrectShares() throws {
        let pairs = try committedShares(dealerCount: 24, seed: 600)
        var source = SeededRandom(seed: 601)
        #expect(FeldmanCommitments.invalidSharePositions(in: pairs, using: &source).isEmpty)
        #expect(FeldmanCommitments.invalidSharePositions(in: [], using: &source).isEmpty)
        #expect(FeldmanCommitments.invalidSharePositions(in: pairs).isEmpty)
    }

    @Test(
        "cross-dealer batch names bad shares",
        arguments: [[0], [23], [4, 5], [1, 8, 9, 20], Array(0..<24)])
    func crossDealerBatchNamesBadShares(bad: [Int]) throws {
        let pairs = try withBadShares(try committedShares(dealerCount: 24, seed: 610), at: bad)
        var source = SeededRandom(seed: 611)
        #expect(FeldmanCommitments.invalidSharePositions(in: pairs, using: &source) == bad)
        let single = pairs.indices.filter { !pairs[$0].commitments.isValidUsingLibsodium(pairs[$0].share) }
        #expect(single == bad)
    }

    @Test("cross-dealer batch matches single checks")
    func crossDealerBatchMatchesSingleChecks() throws {
        var source = SeededRandom(seed: 620)
        for round in 0..<5 {
            var pairs = try committedShares(dealerCount: 15, seed: 630 + UInt64(round))
            for position in pairs.indices where Bool.random(using: &source) {
                let pair = pairs[position]
                let bogus = try sharesWithBogusValues([pair.share, pair.share], using: &source)[0]
                pairs[position] = try CommittedShare(share: bogus, commitments: pair.commitments)
            }
            let single = pairs.indices.filter { (try? pairs[$0].commitments.verify(pairs[$0].share)) == nil }
            let reference = pairs.indices.filter { !pairs[$0].commitments.isValidUsingLibsodium(pairs[$0].share) }
            #expect(FeldmanCommitments.invalidSharePositions(in: pairs, using: &source) == single)
            #expect(single == reference)
        }
    }

    @Test("committed share rejects another split")
    func committedShareRejectsAnotherSplit() throws {
        let (_, dealing) = try seededDealing(threshold: 2, shareCount: 3, seed: 640)
        let (_, other) = try seededDealing(threshold: 2, shareCount: 3, seed: 640, label: "other")
        let expected = ShamirError.splitIDMismatch(
            expected: dealing.splitID.prefix, found: other.splitID.prefix, x: 2)
        #expect(throws: expected) { try CommittedShare(share: other.shares[1], commitments: dealing.commitments) }
    }
}
