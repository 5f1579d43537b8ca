import Foundation

/// Samplers for the distributions that data partitioning needs, driven by any `RandomNumberGenerator`.
///
/// The samplers and the shuffle use only `next()` of the generator and no standard-library sampling, so a
/// seeded generator gives the same results on every platform and Swift version.
public enum RandomDistributions {
    /// Draws a uniform value in the open interval (0, 1) from 53 random bits.
    ///
    /// - Parameter rng: The source of randomness.
    /// - Returns: A value that is never exactly 0 or 1.
    public static func openUnit(rng: inout some RandomNumberGenerator) -> Double {
        (Double(rng.next() >> 11) + 0.5) * 0x1p-53
    }

    /// Draws a uniform integer in `0 ..< upperBound` without modulo bias (Lemire's multiply-and-reject method).
    ///
    /// - Parameters:
    ///   - upperBound: A positive bound.
    ///   - rng: The source of randomness.
    /// - Returns: An integer in `0 ..< upperBound`.
    public static func index(below upperBound: Int, rng: inout some RandomNumberGenerator) -> Int {
        precondition(upperBound > 0, "upper bound \(upperBound) must be positive")
        let bound = UInt64(upperBound)
        var product = rng.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            // Reject the values that would make some results more likely than others.
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = rng.next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `values` in place with the Fisher-Yates algorithm.
    ///
    /// - Parameters:
    ///   - values: The array to permute.
    ///   - rng: The source of randomness.
    public static func shuffle<Element>(_ values: inout [Element], rng: inout some RandomNumberGenerator) {
        guard values.count > 1 else { return }
        for last in stride(from: values.count - 1, to: 0, by: -1) {
            let other = index(below: last + 1, rng: &rng)
            values.swapAt(last, other)
        }
    }

    /// Draws a standard normal value with the Marsaglia polar method.
    ///
    /// - Parameter rng: The source of randomness.
    /// - Returns: A sample of N(0, 1).
    public static func standardNormal(rng: inout some RandomNumberGenerator) -> Double {
        while true {
            let u = 2 * openUnit(rng: &rng) - 1
            let v = 2 * openUnit(rng: &rng) - 1
            let s = u * u + v * v
            if s > 0, s < 1 {
                return u * (-2 * Foundation.log(s) / s).squareRoot()
            }
        }
    }

    /// Draws a sample of Gamma(shape, 1).
    ///
    /// Shapes of at least 1 use the Marsaglia-Tsang squeeze method. Smaller shapes use the boost
    /// Gamma(a) = Gamma(a + 1) * U^(1/a), which can underflow to 0 for shapes far below 0.01. Use
    /// ``dirichlet(concentrations:rng:)`` for such shapes, because it works with logarithms.
    ///
    /// - Parameters:
    ///   - shape: The shape parameter, positive and finite.
    ///   - rng: The source of randomness.
    /// - Returns: A non-negative sample with mean `shape` and variance `shape`.
    /// - Throws: ``DataError/invalidParameter(name:value:requirement:)`` for a shape that is not positive and finite.
    public static func gamma(shape: Double, rng: inout some RandomNumberGenerator) throws(DataError) -> Double {
        try Foundation.exp(logGamma(shape: shape, rng: &rng))
    }

    /// Draws the logarithm of a Gamma(shape, 1) sample, which stays finite for very small shapes.
    ///
    /// - Parameters:
    ///   - shape: The shape parameter, positive and finite.
    ///   - rng: The source of randomness.
    /// - Returns: The natural logarithm of a Gamma(shape, 1) sample.
    /// - Throws: ``DataError/invalidParameter(name:value:requirement:)`` for a shape that is not positive and finite.
    public static func logGamma(shape: Double, rng: inout some RandomNumberGenerator) throws(DataError) -> Double {
        guard shape > 0, shape.isFinite else {
            throw .invalidParameter(name: "gamma shape", value: shape, requirement: "positive and finite")
        }
        if shape >= 1 {
            return Foundation.log(marsagliaTsang(shape: shape, rng: &rng))
        }
        let boosted = marsagliaTsang(shape: shape + 1, rng: &rng)
        return Foundation.log(boosted) + Foundation.log(openUnit(rng: &rng)) / shape
    }

    /// Draws a probability vector from the Dirichlet distribution with the given concentrations.
    ///
    /// Each component is a normalised Gamma sample. The normalisation is done on logarithms, so tiny
    /// concentrations such as 0.001 give a vector with nearly all mass on one component instead of 0/0.
    ///
    /// - Parameters:
    ///   - concentrations: One positive, finite concentration per component; at least one.
    ///   - rng: The source of randomness.
    /// - Returns: Non-negative values that add up to 1 up to rounding.
    /// - Throws: ``DataError/emptyInput(what:)`` for no components and
    ///   ``DataError/invalidParameter(name:value:requirement:)`` for a concentration that is not positive and
    ///   finite.
    public static func dirichlet(
        concentrations: [Double], rng: inout some RandomNumberGenerator
    ) throws(DataError) -> [Double] {
        guard !concentrations.isEmpty else {
            throw .emptyInput(what: "list of Dirichlet concentrations")
        }
        var logs = [Double]()
        logs.reserveCapacity(concentrations.count)
        for concentration in concentrations {
            logs.append(try logGamma(shape: concentration, rng: &rng))
        }
        let largest = logs.max() ?? 0
        let weights = logs.map { Foundation.exp($0 - largest) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// Marsaglia and Tsang (2000), "A simple method for generating gamma variables", for shape >= 1.
    private static func marsagliaTsang(shape: Double, rng: inout some RandomNumberGenerator) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        while true {
            let x = standardNormal(rng: &rng)
            let base = 1 + c * x
            guard base > 0 else { continue }
            let v = base * base * base
            let u = openUnit(rng: &rng)
            if Foundation.log(u) < 0.5 * x * x + d - d * v + d * Foundation.log(v) {
                return d * v
            }
        }
    }
}
