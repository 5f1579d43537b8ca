import SecAggPrimitives

// Verification through libsodium's constant-time point operations only, as the module computed it before the
// variable-time path. Tests check that both paths decide alike, and the benchmarks time both.
extension FeldmanCommitments {
    /// Computes `Σ_j x^j · C_j` by Horner's rule with libsodium's constant-time 253-bit point multiplications.
    package func expectedSharePointUsingLibsodium(x: UInt32) -> Ristretto255.Point {
        let xScalar = FieldArithmetic.scalar(x)
        var result = points[points.count - 1]
        for index in stride(from: points.count - 2, through: 0, by: -1) {
            result = result.multiplied(by: xScalar) + points[index]
        }
        return result
    }

    /// Returns whether `s · B = Σ_j x^j · C_j` for one share, with libsodium's point operations only.
    package func isValidUsingLibsodium(_ share: Share) -> Bool {
        Ristretto255.Point.generatorMultiple(share.value) == expectedSharePointUsingLibsodium(x: share.x)
    }

    /// Computes both sides of the combined check with libsodium's scalar and point operations only.
    package func batchEquationSidesUsingLibsodium(
        _ shares: some Collection<Share>, weights: [Ristretto255.Scalar]
    ) -> (left: Ristretto255.Point, right: Ristretto255.Point) {
        precondition(shares.count == weights.count, "one weight for each share")
        var combinedValue = Scalar.zero
        // powers[i] runs through r_i · x_i^j for j = 0, 1, …, t − 1.
        var powers = weights
        let indices = shares.map { FieldArithmetic.scalar($0.x) }
        for (share, weight) in zip(shares, weights) {
            combinedValue = combinedValue + weight * share.value
        }
        var right = Ristretto255.Point.identity
        for (degree, point) in points.enumerated() {
            var combinedScalar = Scalar.zero
            for position in powers.indices {
                combinedScalar = combinedScalar + powers[position]
                if degree + 1 < points.count { powers[position] = powers[position] * indices[position] }
            }
            right = right + point.multiplied(by: combinedScalar)
        }
        return (Ristretto255.Point.generatorMultiple(combinedValue), right)
    }

    /// Names the failing shares as ``invalidShareHolders(in:using:)`` does, with libsodium's operations only.
    ///
    /// - Throws: the errors of ``invalidShareHolders(in:using:)``.
    package func invalidShareHoldersUsingLibsodium(
        in shares: [Share], using source: inout some RandomSource
    ) throws -> [UInt32] {
        for share in shares { try checkSplitID(of: share) }
        try Shamir.checkDistinctIndices(shares)
        let positions = InvalidShareSearch.locate(
            count: shares.count,
            batchHolds: { range in
                let weights = range.map { _ in Scalar.random(using: &source) }
                let sides = batchEquationSidesUsingLibsodium(shares[range], weights: weights)
                return sides.left == sides.right
            },
            isValid: { position in isValidUsingLibsodium(shares[position]) })
        return positions.map { shares[$0].x }.sorted()
    }
}
