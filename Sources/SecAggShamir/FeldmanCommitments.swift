import SecAggPrimitives

/// Feldman commitments to a sharing polynomial: `C_j = a_j · B` for every coefficient `a_j`, where `B` is the
/// ristretto255 generator.
///
/// A holder checks its share `(x, s)` with `s · B = Σ_j x^j · C_j`. The commitments are public, and
/// `C_0 = secret · B` reveals the secret only to someone who can compute discrete logarithms.
public struct FeldmanCommitments: Sendable, Hashable {
    /// Length of the fixed part of the encoding: split ID (32 bytes) and threshold (4 bytes, big-endian).
    public static let headerByteCount = SplitID.byteCount + 4

    /// The split the committed polynomial belongs to.
    public let splitID: SplitID
    /// The points `C_0 … C_{t−1}`, lowest degree first.
    public let points: [Ristretto255.Point]

    /// The threshold `t`, which is the number of coefficients and of points.
    public var threshold: Int { points.count }

    /// Creates a commitment set after checking its size.
    ///
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)`` for no points and
    ///   ``ShamirError/thresholdTooLarge(threshold:maximum:)`` for more than ``Shamir/maximumShareCount``.
    public init(splitID: SplitID, points: [Ristretto255.Point]) throws {
        try Shamir.validateThreshold(points.count)
        self.splitID = splitID
        self.points = points
    }

    init(splitID: SplitID, validPoints: [Ristretto255.Point]) {
        self.splitID = splitID
        self.points = validPoints
    }

    /// Decodes split ID (32 bytes), threshold `t` (4 bytes, big-endian) and `t` points of 32 bytes each.
    ///
    /// - Throws: ``ShamirError/invalidEncodingLength(kind:expected:actual:)`` when the length is not `36 + 32t`,
    ///   ``ShamirError/thresholdTooSmall(threshold:)`` or ``ShamirError/thresholdTooLarge(threshold:maximum:)``
    ///   for a threshold field out of range, and ``ShamirError/invalidCommitmentPoint(index:)`` for a point that
    ///   is not a canonical ristretto255 encoding.
    public init(encoding: some ContiguousByteStorage) throws {
        let bytes = encoding.withUnsafeBytes { Array($0) }
        guard bytes.count >= FeldmanCommitments.headerByteCount else {
            throw ShamirError.invalidEncodingLength(
                kind: "commitments header", expected: FeldmanCommitments.headerByteCount, actual: bytes.count)
        }
        let threshold = bytes.withUnsafeBytes { readUInt32BigEndian($0, at: SplitID.byteCount) }
        try Shamir.validateThreshold(Int(threshold))
        let expectedCount = FeldmanCommitments.encodedByteCount(threshold: Int(threshold))
        guard bytes.count == expectedCount else {
            throw ShamirError.invalidEncodingLength(kind: "commitments", expected: expectedCount, actual: bytes.count)
        }
        var points = [Ristretto255.Point]()
        points.reserveCapacity(Int(threshold))
        for index in 0..<Int(threshold) {
            let start = FeldmanCommitments.headerByteCount + index * Ristretto255.byteCount
            guard let point = try? Ristretto255.Point(encoding: bytes[start..<(start + Ristretto255.byteCount)]) else {
                throw ShamirError.invalidCommitmentPoint(index: index)
            }
            points.append(point)
        }
        self.init(splitID: SplitID(validBytes: Array(bytes[0..<SplitID.byteCount])), validPoints: points)
    }

    /// Returns the length of the encoding of `threshold` commitments: `36 + 32 · threshold`.
    public static func encodedByteCount(threshold: Int) -> Int {
        headerByteCount + threshold * Ristretto255.byteCount
    }

    /// Encodes the commitments as split ID, threshold (4 bytes, big-endian) and the points in order.
    public func encoded() -> [UInt8] {
        var bytes = splitID.bytes
        bytes.reserveCapacity(FeldmanCommitments.encodedByteCount(threshold: threshold))
        appendUInt32BigEndian(UInt32(threshold), to: &bytes)
        for point in points { bytes.append(contentsOf: point.encoding) }
        return bytes
    }

    /// Computes `Σ_j x^j · C_j`, the point that `s · B` must equal for a correct share `(x, s)`.
    ///
    /// Horner's rule on decoded points, `((C_{t−1}·x + C_{t−2})·x + …)·x + C_0`, with a variable-time multiplication
    /// by the small index `x`.
    /// - Warning: Variable-time in `x` and the commitments, which are public.
    public func expectedSharePoint(x: UInt32) -> Ristretto255.Point {
        Ristretto255.PublicPoint.evaluatePolynomial(decodedPoints, at: x).encoded()
    }

    /// The commitments decoded for the variable-time arithmetic, which the checks below compute once per call.
    var decodedPoints: [Ristretto255.PublicPoint] { points.map { Ristretto255.PublicPoint($0) } }

    /// Checks one share against the commitments: `s · B = Σ_j x^j · C_j`.
    ///
    /// The share value enters only libsodium's constant-time base-point multiplication.
    /// - Throws: ``ShamirError/splitIDMismatch(expected:found:x:)`` for a share of another split and
    ///   ``ShamirError/shareVerificationFailed(holders:)`` when the equation does not hold.
    /// - Warning: `Σ_j x^j · C_j` is computed in variable time from the commitments and `x`, which are public.
    public func verify(_ share: Share) throws {
        try checkSplitID(of: share)
        guard isValid(share) else { throw ShamirError.shareVerificationFailed(holders: [share.x]) }
    }

    /// Checks many shares of this split with one random linear combination, and names every share that fails.
    ///
    /// The combined check is `(Σ_i r_i s_i) · B = Σ_j (Σ_i r_i x_i^j) · C_j` for random weights `r_i`. Its right
    /// side is one multi-scalar multiplication over the `t` commitments, and the combined scalars cost `k · t`
    /// multiplications by small indices, where checking each share alone costs `k` Horner evaluations. When the
    /// combination fails, the set is halved until each failing share is found. Each share named is confirmed with
    /// the single-share equation, so an honest holder is never named. A wrong share passes a combination with
    /// probability at most 1/ℓ < 2^−252.
    /// - Parameters:
    ///   - shares: shares of this split from distinct holders.
    ///   - source: the randomness for the weights, which must be unpredictable to the dealer.
    /// - Returns: the indices of the shares that fail, in ascending order; empty when all pass.
    /// - Throws: ``ShamirError/splitIDMismatch(expected:found:x:)`` and
    ///   ``ShamirError/duplicateShareIndex(x:)`` for a malformed set.
    /// - Warning: The right side is computed in variable time from the commitments, the indices and the weights,
    ///   which are public once the shares are fixed. Share values and their combination stay in libsodium's
    ///   constant-time code.
    public func invalidShareHolders(in shares: [Share], using source: inout some RandomSource) throws -> [UInt32] {
        for share in shares { try checkSplitID(of: share) }
        try Shamir.checkDistinctIndices(shares)
        let decoded = decodedPoints
        let positions = InvalidShareSearch.locate(
            count: shares.count,
            batchHolds: { range in
                let weights = range.map { _ in Scalar.random(using: &source) }
                let sides = batchEquationSides(shares[range], weights: weights, decoded: decoded)
                return sides.left == sides.right
            },
            isValid: { position in isValid(shares[position], decoded: decoded) })
        return positions.map { shares[$0].x }.sorted()
    }

    /// Checks many shares of this split with one random linear combination, using the system random number
    /// generator for the weights.
    ///
    /// - Throws: ``ShamirError/shareVerificationFailed(holders:)`` naming every share that fails, and the errors
    ///   of ``invalidShareHolders(in:using:)`` for a malformed set.
    /// - Warning: The commitment side runs in variable time on public values, as ``invalidShareHolders(in:using:)``
    ///   describes.
    public func verify(_ shares: [Share]) throws {
        var source = SystemRandom()
        try verify(shares, using: &source)
    }

    /// Checks many shares of this split with one random linear combination.
    ///
    /// - Parameters:
    ///   - shares: shares of this split from distinct holders.
    ///   - source: the randomness for the weights, which must be unpredictable to the dealer.
    /// - Throws: ``ShamirError/shareVerificationFailed(holders:)`` naming every share that fails, and the errors
    ///   of ``invalidShareHolders(in:using:)`` for a malformed set.
    /// - Warning: The commitment side runs in variable time on public values, as ``invalidShareHolders(in:using:)``
    ///   describes.
    public func verify(_ shares: [Share], using source: inout some RandomSource) throws {
        let invalid = try invalidShareHolders(in: shares, using: &source)
        guard invalid.isEmpty else { throw ShamirError.shareVerificationFailed(holders: invalid) }
    }

    /// Returns whether `s · B = Σ_j x^j · C_j` for one share, without the split ID check.
    func isValid(_ share: Share) -> Bool {
        isValid(share, decoded: decodedPoints)
    }

    func isValid(_ share: Share, decoded: [Ristretto255.PublicPoint]) -> Bool {
        let expected = Ristretto255.PublicPoint.evaluatePolynomial(decoded, at: share.x).encoded()
        return FeldmanCommitments.generatorMultiple(of: share.value, equals: expected)
    }

    /// Returns whether `value · B` equals `expected`, where `value` is a share value or a combination of them.
    static func generatorMultiple(of value: Scalar, equals expected: Ristretto255.Point) -> Bool {
        // NOTE: Secret and public paths meet here. `value` enters only libsodium's constant-time base-point
        // multiplication, and `expected` comes from the variable-time path over public inputs. The encodings are
        // compared as before, and a correct share's `value · B` is a point anyone can compute from the commitments.
        Ristretto255.Point.generatorMultiple(value) == expected
    }

    /// Computes both sides of the combined check `(Σ_i r_i s_i) · B = Σ_j (Σ_i r_i x_i^j) · C_j` for fixed
    /// weights `r_i`, for the known-answer vectors.
    ///
    /// - Warning: The right side is variable-time in the weights, which must be public when this runs.
    package func batchEquationSides(
        _ shares: some Collection<Share>, weights: [Ristretto255.Scalar]
    ) -> (left: Ristretto255.Point, right: Ristretto255.Point) {
        batchEquationSides(shares, weights: weights, decoded: decodedPoints)
    }

    private func batchEquationSides(
        _ shares: some Collection<Share>, weights: [Ristretto255.Scalar], decoded: [Ristretto255.PublicPoint]
    ) -> (left: Ristretto255.Point, right: Ristretto255.Point) {
        precondition(shares.count == weights.count, "one weight for each share")
        // NOTE: Secret and public paths meet here. Share values are combined and multiplied only in libsodium's
        // constant-time code, and only the weights, indices and commitments reach the variable-time code.
        var combinedValue = Scalar.zero
        for (share, weight) in zip(shares, weights) {
            combinedValue = combinedValue + weight * share.value
        }
        // Public side: the weights were drawn after the shares were fixed, so they and the indices are public.
        let combinedScalars = Ristretto255.PublicScalar.weightedPowerSums(
            weights: weights.map { Ristretto255.PublicScalar(declassifying: $0) }, bases: shares.map(\.x),
            count: points.count)
        let right = Ristretto255.PublicPoint.multiscalarMultiplication(combinedScalars, decoded).encoded()
        return (Ristretto255.Point.generatorMultiple(combinedValue), right)
    }

    func checkSplitID(of share: Share) throws {
        guard share.splitID == splitID else {
            throw ShamirError.splitIDMismatch(expected: splitID.prefix, found: share.splitID.prefix, x: share.x)
        }
    }
}
