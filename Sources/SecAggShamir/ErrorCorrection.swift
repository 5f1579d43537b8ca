import SecAggPrimitives

extension Shamir {
    /// Rebuilds a secret from shares without commitments, correcting wrong shares with Gao's Reed–Solomon decoder,
    /// and names the holders of the wrong shares.
    ///
    /// With `k` shares at threshold `t` it corrects up to `e = ⌊(k − t)/2⌋` wrong shares, the unique-decoding
    /// bound `k ≥ t + 2e`. It returns only a polynomial of degree below `t` that agrees with all but at most `e`
    /// shares. At most one such polynomial exists, so the result is the dealer's whenever at most `e` shares are
    /// wrong. With more wrong shares it throws, unless the wrong shares were chosen together to fit another
    /// polynomial, which takes more than `e` colluding holders and which no decoder can tell apart.
    /// - Parameters:
    ///   - shares: shares of one split from distinct holders.
    ///   - threshold: the split's threshold `t`.
    /// - Returns: the secret and the indices of the holders whose shares do not fit, in ascending order.
    /// - Throws: ``ShamirError/thresholdTooSmall(threshold:)``, ``ShamirError/thresholdTooLarge(threshold:maximum:)``,
    ///   ``ShamirError/splitIDMismatch(expected:found:x:)``, ``ShamirError/duplicateShareIndex(x:)``,
    ///   ``ShamirError/insufficientShares(threshold:provided:)`` and
    ///   ``ShamirError/tooManyErrors(threshold:shareCount:correctable:)``.
    /// - Warning: Not constant-time. The decoder branches on whether intermediate field elements are zero. For
    ///   shares of one polynomial with a few errors those elements are nonzero except with probability about
    ///   k/ℓ, so the timing depends on the positions of the errors, which the result names anyway. It takes
    ///   about 4k² scalar multiplications.
    public static func reconstructCorrectingErrors(_ shares: [Share], threshold: Int) throws -> RobustReconstruction {
        try validateThreshold(threshold)
        try checkSameSplit(shares)
        try checkDistinctIndices(shares)
        guard shares.count >= threshold else {
            throw ShamirError.insufficientShares(threshold: threshold, provided: shares.count)
        }
        let correctable = (shares.count - threshold) / 2
        let tooManyErrors = ShamirError.tooManyErrors(
            threshold: threshold, shareCount: shares.count, correctable: correctable)
        guard let polynomial = GaoDecoder.decode(shares, threshold: threshold) else { throw tooManyErrors }
        var rejected = [UInt32]()
        for share in shares where polynomial.evaluate(at: FieldArithmetic.scalar(share.x)) != share.value {
            rejected.append(share.x)
        }
        guard rejected.count <= correctable else { throw tooManyErrors }
        return RobustReconstruction(secret: polynomial.coefficient(0), rejectedHolders: rejected.sorted())
    }
}

/// A polynomial over Z/ℓ with coefficients lowest degree first and a nonzero leading coefficient. The zero
/// polynomial has no coefficients.
struct Polynomial {
    private(set) var coefficients: [Scalar]

    init(_ coefficients: [Scalar]) {
        self.coefficients = coefficients
        trim()
    }

    static let one = Polynomial([.one])

    /// The degree, or −1 for the zero polynomial.
    var degree: Int { coefficients.count - 1 }

    var isZero: Bool { coefficients.isEmpty }

    func coefficient(_ degree: Int) -> Scalar {
        degree < coefficients.count ? coefficients[degree] : .zero
    }

    func evaluate(at x: Scalar) -> Scalar {
        var result = Scalar.zero
        for coefficient in coefficients.reversed() { result = result * x + coefficient }
        return result
    }

    /// Returns the quotient and remainder of division by a nonzero polynomial.
    func divided(by divisor: Polynomial) -> (quotient: Polynomial, remainder: Polynomial) {
        precondition(!divisor.isZero, "division by the zero polynomial")
        guard degree >= divisor.degree else { return (Polynomial([]), self) }
        let leadInverse = FieldArithmetic.inverseOfNonZero(divisor.coefficients[divisor.degree])
        var remainder = coefficients
        var quotient = [Scalar](repeating: .zero, count: degree - divisor.degree + 1)
        for shift in stride(from: degree - divisor.degree, through: 0, by: -1) {
            let factor = remainder[shift + divisor.degree] * leadInverse
            quotient[shift] = factor
            for (offset, divisorCoefficient) in divisor.coefficients.enumerated() {
                remainder[shift + offset] = remainder[shift + offset] - factor * divisorCoefficient
            }
        }
        remainder.removeLast(remainder.count - divisor.degree)
        return (Polynomial(quotient), Polynomial(remainder))
    }

    static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        var result = lhs.coefficients
        if result.count < rhs.coefficients.count {
            result.append(contentsOf: repeatElement(Scalar.zero, count: rhs.coefficients.count - result.count))
        }
        for (index, coefficient) in rhs.coefficients.enumerated() { result[index] = result[index] - coefficient }
        return Polynomial(result)
    }

    static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        guard !lhs.isZero && !rhs.isZero else { return Polynomial([]) }
        var result = [Scalar](repeating: .zero, count: lhs.coefficients.count + rhs.coefficients.count - 1)
        for (i, left) in lhs.coefficients.enumerated() {
            for (j, right) in rhs.coefficients.enumerated() { result[i + j] = result[i + j] + left * right }
        }
        return Polynomial(result)
    }

    /// Removes zero leading coefficients. This branches on secret-derived values, as
    /// ``Shamir/reconstructCorrectingErrors(_:threshold:)`` warns.
    private mutating func trim() {
        while let last = coefficients.last, last.isZero { coefficients.removeLast() }
    }
}

/// Gao's decoder for Reed–Solomon codes, which needs O(k²) field operations where Berlekamp–Welch's linear system
/// needs O(k³).
///
/// For `k` points `(x_i, y_i)` and dimension `t`: let `g_0 = ∏ (X − x_i)` and `g_1` the polynomial of degree
/// below `k` through all points. Run the extended Euclidean algorithm on `g_0, g_1` and stop at the first
/// remainder `g` of degree below `(k + t)/2`, with `g = u·g_0 + v·g_1`. If `v` divides `g` and the quotient has
/// degree below `t`, the quotient is the decoded polynomial.
enum GaoDecoder {
    static func decode(_ shares: [Share], threshold: Int) -> Polynomial? {
        let holders = shares.map(\.x)
        let points = holders.map(FieldArithmetic.scalar)
        let vanishing = vanishingPolynomial(points)
        let interpolating = interpolatingPolynomial(
            holders: holders, points: points, values: shares.map(\.value), vanishing: vanishing)

        // Invariant: remainder ≡ cofactor · g_1 (mod g_0) for both pairs.
        var previousRemainder = vanishing
        var remainder = interpolating
        var previousCofactor = Polynomial([])
        var cofactor = Polynomial.one
        while !remainder.isZero && 2 * remainder.degree >= shares.count + threshold {
            let (quotient, nextRemainder) = previousRemainder.divided(by: remainder)
            let nextCofactor = previousCofactor - quotient * cofactor
            previousRemainder = remainder
            remainder = nextRemainder
            previousCofactor = cofactor
            cofactor = nextCofactor
        }
        let (message, leftover) = remainder.divided(by: cofactor)
        guard leftover.isZero && message.degree < threshold else { return nil }
        return message
    }

    /// Returns `∏_i (X − x_i)`.
    static func vanishingPolynomial(_ points: [Scalar]) -> Polynomial {
        var coefficients = [Scalar.one]
        for point in points {
            // Multiply by (X − point): the new coefficient of X^j is c_{j−1} − point · c_j.
            var next = [Scalar](repeating: .zero, count: coefficients.count + 1)
            for (degree, coefficient) in coefficients.enumerated() {
                next[degree + 1] = next[degree + 1] + coefficient
                next[degree] = next[degree] - point * coefficient
            }
            coefficients = next
        }
        return Polynomial(coefficients)
    }

    /// Returns the polynomial of degree below `k` through every point, in the barycentric form
    /// `Σ_i y_i · w_i · g_0 / (X − x_i)` with `w_i = 1 / ∏_{m≠i} (x_i − x_m)`.
    static func interpolatingPolynomial(
        holders: [UInt32], points: [Scalar], values: [Scalar], vanishing: Polynomial
    ) -> Polynomial {
        let inverseDenominators = FieldArithmetic.inverseDenominators(holders)
        let count = points.count
        var result = [Scalar](repeating: .zero, count: count)
        for index in 0..<count {
            let weight = -points[index] * inverseDenominators[index]
            let scale = values[index] * weight
            // Synthetic division of g_0 by (X − x_i): q_{k−1} = g_0[k], q_{j−1} = g_0[j] + x_i · q_j.
            var quotientCoefficient = vanishing.coefficient(count)
            result[count - 1] = result[count - 1] + scale * quotientCoefficient
            for degree in stride(from: count - 1, through: 1, by: -1) {
                quotientCoefficient = vanishing.coefficient(degree) + points[index] * quotientCoefficient
                result[degree - 1] = result[degree - 1] + scale * quotientCoefficient
            }
        }
        return Polynomial(result)
    }
}
