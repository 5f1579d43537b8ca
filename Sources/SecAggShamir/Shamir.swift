import SecAggPrimitives

/// Shamir secret sharing over the ristretto255 scalar field Z/ℓ, with Feldman commitments, robust reconstruction
/// and batched reconstruction.
///
/// A secret is a ``Ristretto255/Scalar``. Protocols that need a 32-byte key derive it from the secret with
/// ``deriveKey(fromSecret:salt:label:context:outputByteCount:)``, never by using a 32-byte string as a scalar.
/// Shares sit at `x = 1 … n`.
public enum Shamir {
    /// The largest share count and threshold: 65,535.
    ///
    /// It keeps every share index and every difference of two indices below 2^16, so four of them multiply
    /// exactly in 64 bits when the Lagrange coefficients are built. The field itself would allow far more.
    public static let maximumShareCount = 65_535

    /// Splits `secret` into `shareCount` shares of which any `threshold` rebuild it, with Feldman commitments.
    ///
    /// - Parameters:
    ///   - secret: the secret scalar, for example from ``Ristretto255/Scalar/random(using:)``.
    ///   - threshold: the number of shares that rebuild the secret, `t`.
    ///   - shareCount: the number of shares `n`; share `i` has index `x = i + 1`.
    ///   - splitID: the identifier that every share and the commitments carry.
    ///   - source: the randomness for the polynomial's coefficients; use ``SystemRandom`` outside tests.
    /// - Returns: the shares for `x = 1 … n` and the commitments.
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)``, ``ShamirError/thresholdTooLarge(threshold:maximum:)``,
    ///   ``ShamirError/shareCountOutOfRange(shareCount:maximum:)`` and
    ///   ``ShamirError/thresholdExceedsShareCount(threshold:shareCount:)``.
    public static func split(
        secret: Ristretto255.Scalar, threshold: Int, shareCount: Int, splitID: SplitID,
        using source: inout some RandomSource
    ) throws -> Dealing {
        try validateShareCount(shareCount, threshold: threshold)
        let polynomial = try SharingPolynomial(secret: secret, threshold: threshold, using: &source)
        return try polynomial.deal(shareCount: shareCount, splitID: splitID)
    }

    /// Splits `secret` with coefficients from the system random number generator.
    ///
    /// - Parameters:
    ///   - secret: the secret scalar.
    ///   - threshold: the number of shares that rebuild the secret, `t`.
    ///   - shareCount: the number of shares `n`.
    ///   - splitID: the identifier that every share and the commitments carry.
    /// - Returns: the shares for `x = 1 … n` and the commitments.
    /// - Throws: the errors of ``split(secret:threshold:shareCount:splitID:using:)``.
    public static func split(
        secret: Ristretto255.Scalar, threshold: Int, shareCount: Int, splitID: SplitID
    ) throws -> Dealing {
        var source = SystemRandom()
        return try split(
            secret: secret, threshold: threshold, shareCount: shareCount, splitID: splitID, using: &source)
    }

    /// Rebuilds a secret from `threshold` or more shares of one split.
    ///
    /// With more than `threshold` shares it also checks that they all lie on one polynomial of degree below the
    /// threshold, so one wrong share makes it throw instead of returning a wrong secret.
    /// - Parameters:
    ///   - shares: shares of one split from distinct holders.
    ///   - threshold: the split's threshold `t`.
    /// - Returns: the secret.
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)``, ``ShamirError/thresholdTooLarge(threshold:maximum:)``,
    ///   ``ShamirError/splitIDMismatch(expected:found:x:)``, ``ShamirError/duplicateShareIndex(x:)``,
    ///   ``ShamirError/insufficientShares(threshold:provided:)`` and
    ///   ``ShamirError/inconsistentShares(threshold:shareCount:)``.
    public static func reconstruct(_ shares: [Share], threshold: Int) throws -> Ristretto255.Scalar {
        try validateThreshold(threshold)
        try checkSameSplit(shares)
        try checkDistinctIndices(shares)
        guard shares.count >= threshold else {
            throw ShamirError.insufficientShares(threshold: threshold, provided: shares.count)
        }
        return try LagrangeCoefficients(holders: shares.map(\.x), threshold: threshold).reconstruct(shares)
    }

    /// Rebuilds a secret from shares checked against the dealer's commitments, dropping and naming the shares
    /// that fail.
    ///
    /// The shares are checked together with one random linear combination (see
    /// ``FeldmanCommitments/invalidShareHolders(in:using:)``). The secret is rebuilt from the first `threshold`
    /// shares that pass, and is returned only if `secret · B` equals `C_0`. If it does not, every share is checked
    /// alone and the rebuild is repeated.
    /// - Parameters:
    ///   - shares: shares of the commitments' split from distinct holders.
    ///   - commitments: the dealer's commitments; check their signature first.
    ///   - threshold: the threshold the protocol expects, which the commitments must have.
    ///   - source: the randomness for the batch check's weights.
    /// - Returns: the secret and the indices of the holders whose shares failed.
    /// - Throws: ``ShamirError/commitmentThresholdMismatch(expected:actual:)``,
    ///   ``ShamirError/splitIDMismatch(expected:found:x:)``, ``ShamirError/duplicateShareIndex(x:)`` and
    ///   ``ShamirError/insufficientValidShares(threshold:valid:rejectedHolders:)``.
    /// - Warning: The commitment side of the share checks runs in variable time on public values (see
    ///   ``FeldmanCommitments/invalidShareHolders(in:using:)``). Share values and the secret stay in constant-time
    ///   code.
    public static func reconstructVerified(
        _ shares: [Share], commitments: FeldmanCommitments, threshold: Int, using source: inout some RandomSource
    ) throws -> RobustReconstruction {
        guard commitments.threshold == threshold else {
            throw ShamirError.commitmentThresholdMismatch(expected: threshold, actual: commitments.threshold)
        }
        var rejected = Set(try commitments.invalidShareHolders(in: shares, using: &source))
        var secret = try rebuildFromValid(shares, rejected: rejected, threshold: threshold)
        if Ristretto255.Point.generatorMultiple(secret) != commitments.points[0] {
            // A wrong share passed the combined check, which happens with probability below 2^−252.
            let decoded = commitments.decodedPoints
            rejected = Set(shares.filter { !commitments.isValid($0, decoded: decoded) }.map(\.x))
            secret = try rebuildFromValid(shares, rejected: rejected, threshold: threshold)
        }
        return RobustReconstruction(secret: secret, rejectedHolders: rejected.sorted())
    }

    /// Rebuilds a secret from shares checked against the dealer's commitments, with weights for the batch check
    /// from the system random number generator.
    ///
    /// - Parameters:
    ///   - shares: shares of the commitments' split from distinct holders.
    ///   - commitments: the dealer's commitments; check their signature first.
    ///   - threshold: the threshold the protocol expects, which the commitments must have.
    /// - Returns: the secret and the indices of the holders whose shares failed.
    /// - Throws: the errors of ``reconstructVerified(_:commitments:threshold:using:)``.
    /// - Warning: The commitment side of the share checks runs in variable time on public values (see
    ///   ``FeldmanCommitments/invalidShareHolders(in:using:)``). Share values and the secret stay in constant-time
    ///   code.
    public static func reconstructVerified(
        _ shares: [Share], commitments: FeldmanCommitments, threshold: Int
    ) throws -> RobustReconstruction {
        var source = SystemRandom()
        return try reconstructVerified(shares, commitments: commitments, threshold: threshold, using: &source)
    }

    /// Derives a key from a shared secret with ``KeyDerivation``: HKDF-SHA-256 over the secret's canonical
    /// 32-byte little-endian encoding.
    ///
    /// - Parameters:
    ///   - secret: the secret scalar, for example a rebuilt mask seed.
    ///   - salt: public salt, empty for none.
    ///   - label: names the use of the key, for example `"self-mask-seed"`.
    ///   - context: public values the key is bound to.
    ///   - outputByteCount: the key length in bytes.
    /// - Returns: the key, wiped on release.
    /// - Throws: the errors of ``KeyDerivation/deriveKey(from:salt:label:context:outputByteCount:)``.
    public static func deriveKey(
        fromSecret secret: Ristretto255.Scalar, salt: [UInt8] = [], label: String, context: [[UInt8]] = [],
        outputByteCount: Int = 32
    ) throws -> SecureBytes {
        try KeyDerivation.deriveKey(
            from: secret.bytes, salt: salt, label: label, context: context, outputByteCount: outputByteCount)
    }

    private static func rebuildFromValid(
        _ shares: [Share], rejected: Set<UInt32>, threshold: Int
    ) throws -> Scalar {
        let valid = shares.filter { !rejected.contains($0.x) }
        guard valid.count >= threshold else {
            throw ShamirError.insufficientValidShares(
                threshold: threshold, valid: valid.count, rejectedHolders: rejected.sorted())
        }
        let chosen = Array(valid.prefix(threshold))
        return try LagrangeCoefficients(holders: chosen.map(\.x), threshold: threshold).reconstruct(chosen)
    }

    static func validateThreshold(_ threshold: Int) throws {
        guard threshold >= 1 else { throw ShamirError.thresholdTooSmall(threshold: threshold) }
        guard threshold <= maximumShareCount else {
            throw ShamirError.thresholdTooLarge(threshold: threshold, maximum: maximumShareCount)
        }
    }

    static func validateShareCount(_ shareCount: Int, threshold: Int) throws {
        try validateThreshold(threshold)
        guard shareCount >= 1 && shareCount <= maximumShareCount else {
            throw ShamirError.shareCountOutOfRange(shareCount: shareCount, maximum: maximumShareCount)
        }
        guard threshold <= shareCount else {
            throw ShamirError.thresholdExceedsShareCount(threshold: threshold, shareCount: shareCount)
        }
    }

    static func validateIndex(_ x: UInt32) throws {
        guard x >= 1 && x <= UInt32(maximumShareCount) else {
            throw ShamirError.shareIndexOutOfRange(x: x, maximum: maximumShareCount)
        }
    }

    static func checkSameSplit(_ shares: [Share]) throws {
        guard let first = shares.first else { return }
        for share in shares where share.splitID != first.splitID {
            throw ShamirError.splitIDMismatch(expected: first.splitID.prefix, found: share.splitID.prefix, x: share.x)
        }
    }

    static func checkDistinctIndices(_ shares: [Share]) throws {
        var seen = Set<UInt32>(minimumCapacity: shares.count)
        for share in shares where !seen.insert(share.x).inserted {
            throw ShamirError.duplicateShareIndex(x: share.x)
        }
    }
}

/// The result of a robust reconstruction: the secret and the holders whose shares were wrong.
public struct RobustReconstruction: Sendable, Equatable {
    /// The rebuilt secret.
    public let secret: Ristretto255.Scalar
    /// The indices of the holders whose shares were wrong, in ascending order.
    public let rejectedHolders: [UInt32]
}
