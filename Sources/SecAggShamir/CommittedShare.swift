import SecAggPrimitives

/// A share together with the commitments of the dealer that sent it, for checking shares of many dealers at once.
public struct CommittedShare: Sendable {
    /// The share, whose value is secret.
    public let share: Share
    /// The dealer's commitments for the share's split.
    public let commitments: FeldmanCommitments

    /// Pairs a share with its dealer's commitments.
    ///
    /// - Throws: ``ShamirError/splitIDMismatch(expected:found:x:)`` when the share belongs to another split.
    public init(share: Share, commitments: FeldmanCommitments) throws {
        try commitments.checkSplitID(of: share)
        self.share = share
        self.commitments = commitments
    }
}

extension FeldmanCommitments {
    /// Checks one share from each of many dealers with one random linear combination, and returns the positions of
    /// the shares that fail.
    ///
    /// This is the check a recipient runs in a protocol round, where every dealer sends it one share. Horner's
    /// rule gives `P_d = Σ_j x_d^j · C_{d,j}` for each pair `d`, and with random weights `ρ_d` the combined check
    /// is `(Σ_d ρ_d s_d) · B = Σ_d ρ_d · P_d`. The whole set then costs one libsodium base-point multiplication and
    /// one multi-scalar multiplication, where checking each share alone costs one base-point multiplication and
    /// one encoding per share. When the combination fails, the set is halved until each failing
    /// share is found. Each share reported is confirmed with the single-share equation, so a correct share is never
    /// reported. A wrong share passes a combination with probability at most 1/ℓ < 2^−252.
    /// - Parameters:
    ///   - committedShares: the shares with their dealers' commitments. A dealer may appear more than once.
    ///   - source: the randomness for the weights, which must be unpredictable to the dealers.
    /// - Returns: the positions in `committedShares` of the shares that fail, in ascending order, or an empty
    ///   array when all pass.
    /// - Warning: Horner's rule and the multi-scalar multiplication run in variable time on the commitments, the
    ///   indices and the weights, which are public once the shares are fixed. Share values and their combination
    ///   stay in libsodium's constant-time code.
    public static func invalidSharePositions(
        in committedShares: [CommittedShare], using source: inout some RandomSource
    ) -> [Int] {
        let expected = committedShares.map { pair in
            Ristretto255.PublicPoint.evaluatePolynomial(pair.commitments.decodedPoints, at: pair.share.x)
        }
        return InvalidShareSearch.locate(
            count: committedShares.count,
            batchHolds: { range in
                let weights = range.map { _ in Scalar.random(using: &source) }
                var combinedValue = Scalar.zero
                for (position, weight) in zip(range, weights) {
                    combinedValue = combinedValue + weight * committedShares[position].share.value
                }
                let publicWeights = weights.map { Ristretto255.PublicScalar(declassifying: $0) }
                let right = Ristretto255.PublicPoint.multiscalarMultiplication(publicWeights, Array(expected[range]))
                return generatorMultiple(of: combinedValue, equals: right.encoded())
            },
            isValid: { position in
                generatorMultiple(of: committedShares[position].share.value, equals: expected[position].encoded())
            })
    }

    /// Checks one share from each of many dealers with one random linear combination, with weights from the
    /// system random number generator.
    ///
    /// - Parameter committedShares: the shares with their dealers' commitments.
    /// - Returns: the positions in `committedShares` of the shares that fail, in ascending order.
    /// - Warning: Variable-time on public values, as ``invalidSharePositions(in:using:)`` describes.
    public static func invalidSharePositions(in committedShares: [CommittedShare]) -> [Int] {
        var source = SystemRandom()
        return invalidSharePositions(in: committedShares, using: &source)
    }
}
