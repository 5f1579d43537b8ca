import SecAggPrimitives
import SecAggShamir

/// The `shamir` target: share and commitment decoders with round-trip checks, share verification compared
/// between the variable-time path and libsodium, and reconstruction.
///
/// Input: a selector byte, then the bytes. Selector `s` picks `s mod 6`: 0 `Share`, 1 `FeldmanCommitments`,
/// 2 `SignedCommitments`, 3 `ShareComplaint` and its verification, 4 a share (68 bytes) followed by
/// commitments, verified both ways, 5 a threshold byte followed by up to 8 shares of 68 bytes, reconstructed.
enum ShamirFuzzing {
    static func isExpected(_ error: any Error) -> Bool {
        error is ShamirError || error is PrimitiveError
    }

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let (selector, body) = split(bytes) else { return }
        try expecting("decoder \(selector % 6)", isExpected) {
            switch selector % 6 {
            case 0:
                let share = try Share(encoding: body)
                try check(share.encoded() == SecureBytes(copying: body), "a share re-encodes differently")
            case 1:
                let commitments = try FeldmanCommitments(encoding: body)
                try check(commitments.encoded() == body, "commitments re-encode differently")
            case 2:
                let signed = try SignedCommitments(encoding: body)
                try check(signed.encoded() == body, "signed commitments re-encode differently")
                try signed.verify(dealer: FuzzKeys.signer.publicKey)
            case 3:
                let complaint = try ShareComplaint(encoding: body)
                try check(complaint.encoded() == body, "a complaint re-encodes differently")
                try complaint.verify()
            case 4:
                try verifyBothWays(body)
            default:
                try reconstruct(body)
            }
        }
    }

    /// Checks that the variable-time verification and libsodium's agree on one share.
    static func verifyBothWays(_ body: [UInt8]) throws {
        guard body.count >= Share.encodedByteCount else { return }
        let share = try Share(encoding: body[..<Share.encodedByteCount])
        let commitments = try FeldmanCommitments(encoding: body[Share.encodedByteCount...])
        guard share.splitID == commitments.splitID else { return }
        let fast: Bool
        do {
            try commitments.verify(share)
            fast = true
        } catch ShamirError.shareVerificationFailed {
            fast = false
        }
        try check(
            fast == commitments.isValidUsingLibsodium(share),
            "variable-time and libsodium verification disagree at x = \(share.x)")
        var source = SeededRandom(seed: 3)
        let invalid = try commitments.invalidShareHolders(in: [share], using: &source)
        try check(invalid.isEmpty == fast, "batch verification disagrees with single verification")
    }

    /// Reconstructs from the decoded shares and, when that succeeds, checks that the first `t` shares give the
    /// same secret.
    static func reconstruct(_ body: [UInt8]) throws {
        guard let threshold = body.first else { return }
        var shares = [Share]()
        var offset = 1
        while offset + Share.encodedByteCount <= body.count, shares.count < 8 {
            shares.append(try Share(encoding: body[offset..<(offset + Share.encodedByteCount)]))
            offset += Share.encodedByteCount
        }
        let secret = try Shamir.reconstruct(shares, threshold: Int(threshold))
        let fromFirst = try Shamir.reconstruct(Array(shares.prefix(Int(threshold))), threshold: Int(threshold))
        try check(secret == fromFirst, "shares that passed the consistency check give two secrets")
    }

    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        try fixture("Shamir seeds") {
            var source = SeededRandom(seed: 41)
            let splitID = try SplitID(bytes: SHA256.hash(Array("fuzz split".utf8)))
            let dealing = try Shamir.split(
                secret: Ristretto255.Scalar.random(using: &source), threshold: 3, shareCount: 5, splitID: splitID,
                using: &source)
            let signed = SignedCommitments(signing: dealing.commitments, with: FuzzKeys.signer)
            let share = dealing.shares[0].encoded().unprotectedCopy()
            let wrong = try Share(splitID: splitID, x: 2, value: Ristretto255.Scalar(7))
            let complaint = ShareComplaint(dealer: FuzzKeys.signer.publicKey, signedCommitments: signed, share: wrong)
            var reconstruction: [UInt8] = [3]
            for dealt in dealing.shares.prefix(4) { reconstruction += dealt.encoded().unprotectedCopy() }
            return [
                [0] + share,
                [1] + dealing.commitments.encoded(),
                [2] + signed.encoded(),
                [3] + complaint.encoded(),
                [4] + share + dealing.commitments.encoded(),
                [4] + wrong.encoded().unprotectedCopy() + dealing.commitments.encoded(),
                [5] + reconstruction,
            ]
        }
    }
}
