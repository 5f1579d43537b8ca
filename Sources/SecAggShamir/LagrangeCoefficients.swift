import SecAggPrimitives

/// The Lagrange coefficients at zero for one set of holders, computed once and reused for every secret those
/// holders share, as the aggregator does when it rebuilds many dropped providers' secrets from one set of
/// survivors.
///
/// For holders `x_1 … x_k` the coefficient of holder `i` is `λ_i = ∏_{m≠i} x_m / (x_m − x_i)` mod ℓ, and the
/// secret is `Σ_i λ_i · s_i`. Building the coefficients takes about k²/8 scalar multiplications and one field
/// inversion (Montgomery's batch inversion); each reconstruction then takes `k` multiplications.
///
/// When the set has more holders than the threshold, ``reconstruct(_:)`` also checks that the shares lie on one
/// polynomial of degree below the threshold, with the `k − t` parity checks `Σ_i w_i · x_i^j · s_i = 0` for
/// `j = 0 … k − t − 1`, where `w_i = 1 / ∏_{m≠i} (x_i − x_m)`. These sums are zero exactly when such a polynomial
/// exists, so a wrong share makes reconstruction throw instead of returning a wrong secret.
public struct LagrangeCoefficients: Sendable {
    /// The holder indices, in the order given.
    public let holders: [UInt32]
    /// The threshold `t` of the splits these coefficients rebuild.
    public let threshold: Int
    /// The coefficients `λ_i` at zero, in the order of ``holders``. They depend only on the holder indices, so
    /// they are public.
    public let coefficients: [Ristretto255.Scalar]
    /// The barycentric weights `w_i` for the parity checks; empty when there are exactly `threshold` holders.
    private let parityWeights: [Scalar]
    private let indexScalars: [Scalar]
    private let positions: [UInt32: Int]

    /// Computes the coefficients for `holders`.
    ///
    /// - Parameters:
    ///   - holders: distinct share indices, each in 1...``Shamir/maximumShareCount``.
    ///   - threshold: the threshold of the splits to rebuild; at most `holders.count`.
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)``, ``ShamirError/thresholdTooLarge(threshold:maximum:)``,
    ///   ``ShamirError/shareIndexOutOfRange(x:maximum:)``, ``ShamirError/duplicateShareIndex(x:)``, and
    ///   ``ShamirError/insufficientShares(threshold:provided:)`` when there are fewer holders than `threshold`.
    /// - Warning: The computation is variable-time in the holder indices, which are public.
    public init(holders: [UInt32], threshold: Int) throws {
        try Shamir.validateThreshold(threshold)
        var positions = [UInt32: Int](minimumCapacity: holders.count)
        for (position, x) in holders.enumerated() {
            try Shamir.validateIndex(x)
            guard positions.updateValue(position, forKey: x) == nil else {
                throw ShamirError.duplicateShareIndex(x: x)
            }
        }
        guard holders.count >= threshold else {
            throw ShamirError.insufficientShares(threshold: threshold, provided: holders.count)
        }
        let inverseDenominators = FieldArithmetic.inverseDenominators(holders)
        let numerator = FieldArithmetic.productOfNegatedIndices(holders)
        self.holders = holders
        self.threshold = threshold
        self.positions = positions
        self.coefficients = inverseDenominators.map { numerator * $0 }
        self.indexScalars = holders.map(FieldArithmetic.scalar)
        if holders.count > threshold {
            // w_i = 1 / ∏_{m≠i} (x_i − x_m) = (−x_i) · inverseDenominators[i].
            self.parityWeights = zip(indexScalars, inverseDenominators).map { -$0 * $1 }
        } else {
            self.parityWeights = []
        }
    }

    /// Rebuilds one secret from the shares of exactly these holders, in any order.
    ///
    /// - Parameter shares: one share from each holder, all of one split.
    /// - Returns: the secret `Σ_i λ_i · s_i`.
    /// - Throws: ``ShamirError/splitIDMismatch(expected:found:x:)``, ``ShamirError/duplicateShareIndex(x:)`` or
    ///   ``ShamirError/holderNotInSet(x:)`` for a malformed set,
    ///   ``ShamirError/insufficientShares(threshold:provided:)`` for fewer shares than the threshold, and
    ///   ``ShamirError/missingShare(x:)`` for any other missing holder. It throws
    ///   ``ShamirError/inconsistentShares(threshold:shareCount:)`` when there are more holders than the threshold
    ///   and the shares do not lie on one polynomial of degree below it.
    public func reconstruct(_ shares: [Share]) throws -> Ristretto255.Scalar {
        let values = try orderedValues(shares)
        if !parityWeights.isEmpty {
            try checkParity(values)
        }
        var secret = Scalar.zero
        for (coefficient, value) in zip(coefficients, values) {
            secret = secret + coefficient * value
        }
        return secret
    }

    /// Rebuilds one secret for each share set, all from these holders, reusing the coefficients.
    ///
    /// - Parameter shareSets: for each secret, one share from each holder.
    /// - Returns: the secrets in the order of `shareSets`.
    /// - Throws: the first error ``reconstruct(_:)`` throws for any set.
    public func reconstruct(each shareSets: [[Share]]) throws -> [Ristretto255.Scalar] {
        try shareSets.map { try reconstruct($0) }
    }

    /// Returns the share values in the order of ``holders`` after checking the set.
    private func orderedValues(_ shares: [Share]) throws -> [Scalar] {
        guard let first = shares.first else {
            throw ShamirError.insufficientShares(threshold: threshold, provided: 0)
        }
        var values = [Scalar?](repeating: nil, count: holders.count)
        for share in shares {
            guard share.splitID == first.splitID else {
                throw ShamirError.splitIDMismatch(
                    expected: first.splitID.prefix, found: share.splitID.prefix, x: share.x)
            }
            guard let position = positions[share.x] else { throw ShamirError.holderNotInSet(x: share.x) }
            guard values[position] == nil else { throw ShamirError.duplicateShareIndex(x: share.x) }
            values[position] = share.value
        }
        if shares.count < threshold {
            throw ShamirError.insufficientShares(threshold: threshold, provided: shares.count)
        }
        return try values.enumerated().map { position, value in
            guard let value else { throw ShamirError.missingShare(x: holders[position]) }
            return value
        }
    }

    /// Throws unless `Σ_i w_i · x_i^j · s_i = 0` for `j = 0 … k − t − 1`.
    private func checkParity(_ values: [Scalar]) throws {
        let checkCount = holders.count - threshold
        var terms = zip(parityWeights, values).map { $0 * $1 }
        for degree in 0..<checkCount {
            var sum = Scalar.zero
            for term in terms { sum = sum + term }
            guard sum.isZero else {
                throw ShamirError.inconsistentShares(threshold: threshold, shareCount: holders.count)
            }
            if degree + 1 < checkCount {
                for position in terms.indices { terms[position] = terms[position] * indexScalars[position] }
            }
        }
    }
}
