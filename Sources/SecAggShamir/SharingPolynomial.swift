import SecAggPrimitives

/// A polynomial `f(X) = a_0 + a_1·X + … + a_{t−1}·X^{t−1}` over Z/ℓ whose constant term `a_0` is the secret.
///
/// The coefficients are ``Ristretto255/Scalar`` values, which are wiped when the last copy is released, so
/// dropping the polynomial after dealing wipes them.
public struct SharingPolynomial: Sendable, CustomStringConvertible {
    /// The coefficients `a_0 … a_{t−1}`, lowest degree first. All of them are secret.
    public let coefficients: [Ristretto255.Scalar]

    /// The threshold `t`: the number of coefficients, and the number of shares that rebuild the secret.
    public var threshold: Int { coefficients.count }

    /// The secret `a_0 = f(0)`.
    public var secret: Ristretto255.Scalar { coefficients[0] }

    /// Creates the polynomial for `secret` with `threshold − 1` further coefficients drawn from `source`.
    ///
    /// - Parameters:
    ///   - secret: the constant term.
    ///   - threshold: the number of shares needed to rebuild the secret, 1...``Shamir/maximumShareCount``.
    ///   - source: the randomness for the coefficients; use ``SystemRandom`` outside tests.
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)`` or
    ///   ``ShamirError/thresholdTooLarge(threshold:maximum:)``.
    public init(secret: Ristretto255.Scalar, threshold: Int, using source: inout some RandomSource) throws {
        try Shamir.validateThreshold(threshold)
        var coefficients = [secret]
        coefficients.reserveCapacity(threshold)
        for _ in 1..<threshold { coefficients.append(.random(using: &source)) }
        self.coefficients = coefficients
    }

    /// Creates the polynomial with the given coefficients, lowest degree first, for known-answer vectors.
    ///
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)`` for no coefficients or
    ///   ``ShamirError/thresholdTooLarge(threshold:maximum:)`` for more than ``Shamir/maximumShareCount``.
    public init(coefficients: [Ristretto255.Scalar]) throws {
        try Shamir.validateThreshold(coefficients.count)
        self.coefficients = coefficients
    }

    /// Evaluates `f(x)` by Horner's rule in constant time.
    public func evaluate(at x: UInt32) -> Ristretto255.Scalar {
        let xScalar = FieldArithmetic.scalar(x)
        var result = coefficients[coefficients.count - 1]
        for index in stride(from: coefficients.count - 2, through: 0, by: -1) {
            result = result * xScalar + coefficients[index]
        }
        return result
    }

    /// Computes the Feldman commitments `C_j = a_j · B` with libsodium's constant-time base-point multiplication.
    public func commitments(splitID: SplitID) -> FeldmanCommitments {
        FeldmanCommitments(splitID: splitID, validPoints: coefficients.map { .generatorMultiple($0) })
    }

    /// Computes the shares `(x, f(x))` for `x = 1 … shareCount`.
    ///
    /// - Throws: ``ShamirError/shareCountOutOfRange(shareCount:maximum:)`` and
    ///   ``ShamirError/thresholdExceedsShareCount(threshold:shareCount:)``.
    public func shares(count shareCount: Int, splitID: SplitID) throws -> [Share] {
        try Shamir.validateShareCount(shareCount, threshold: threshold)
        return (1...UInt32(shareCount)).map { x in
            Share(splitID: splitID, validIndex: x, value: evaluate(at: x))
        }
    }

    /// Computes the shares for `x = 1 … shareCount` and the commitments.
    ///
    /// - Throws: the errors of ``shares(count:splitID:)``.
    public func deal(shareCount: Int, splitID: SplitID) throws -> Dealing {
        let shares = try shares(count: shareCount, splitID: splitID)
        return Dealing(commitments: commitments(splitID: splitID), shares: shares)
    }

    /// The threshold; the coefficients are never shown.
    public var description: String { "SharingPolynomial(threshold: \(threshold), coefficients redacted)" }
}

/// A dealer's output for one secret: a share for each holder and the public commitments.
public struct Dealing: Sendable {
    /// The Feldman commitments to the sharing polynomial.
    public let commitments: FeldmanCommitments
    /// The shares for `x = 1 … n`, in order, so `shares[i]` goes to the holder with index `i + 1`.
    public let shares: [Share]

    /// The split this dealing belongs to.
    public var splitID: SplitID { commitments.splitID }
    /// The number of shares that rebuild the secret.
    public var threshold: Int { commitments.threshold }
    /// The number of shares `n`.
    public var shareCount: Int { shares.count }

    /// Signs the commitments with the dealer's Ed25519 key, so holders can complain about a wrong share.
    public func signedCommitments(signingWith dealerKey: Ed25519.PrivateKey) -> SignedCommitments {
        SignedCommitments(signing: commitments, with: dealerKey)
    }
}
