/// The planner's choice of modulus.
public enum ModulusChoice: Sendable, Hashable {
    /// The smallest 2^b that fits every sum, the usual choice because it puts the fewest bits on the wire.
    case smallestPowerOfTwo
    /// The smallest prime that fits every sum.
    case smallestPrime
    /// This modulus, checked to fit every sum.
    case fixed(Modulus)
}

/// The quantization parameters and graph of one round.
public struct AggregationPlan: Sendable, Hashable {
    /// The fixed-point encoding and modulus.
    public let quantization: QuantizationParameters
    /// The graph degree and Shamir threshold.
    public let graph: GraphPlan
}

/// Chooses the modulus, scale, graph degree and Shamir threshold of a round, and rejects requests that cannot be
/// met.
///
/// The formulas and their derivation are in `Specs/masking.md`.
public enum ParameterPlanner {
    /// Chooses the scale and modulus for `providerCount` providers with weights up to `maximumWeight`, updates
    /// clipped to `[-clipBound, clipBound]`, and a decoded mean within `maximumError` of the weighted mean of the
    /// clipped updates, per coordinate.
    ///
    /// The scale is the smallest power of two s with 1/s ≤ ε, so the error bound 1/s is met with equality only
    /// when ε is a power of two. With Q = ⌈c·s⌉ and M = n·W·Q, the modulus must exceed 2·M: the smallest such
    /// 2^b has b = bitLength(2·M).
    /// - Throws: ``MaskingError/invalidPrecision(maximumError:)``, ``MaskingError/bitWidthExceeded(requiredBits:maximum:)``
    ///   when 2·M needs more than 64 bits, and every error of ``QuantizationParameters/init(modulus:clipBound:scale:maximumWeight:maximumProviderCount:)``,
    ///   including ``MaskingError/sumMayWrap(providerCount:maximumWeight:coordinateBound:modulus:largestProviderCount:)``
    ///   for a fixed modulus that is too small.
    public static func planQuantization(
        providerCount: Int, maximumWeight: UInt64, clipBound: Double, maximumError: Double,
        modulus choice: ModulusChoice = .smallestPowerOfTwo
    ) throws -> QuantizationParameters {
        guard maximumError.isFinite && maximumError > 0 else {
            throw MaskingError.invalidPrecision(maximumError: maximumError)
        }
        guard clipBound.isFinite && clipBound > 0 else { throw MaskingError.invalidClipBound(clipBound: clipBound) }

        let scale = Self.scale(forMaximumError: maximumError)
        let scaledClipBound = clipBound * scale
        guard scaledClipBound <= QuantizationParameters.maximumScaledClipBound else {
            throw MaskingError.scaledClipBoundTooLarge(
                scaledClipBound: scaledClipBound, maximum: QuantizationParameters.maximumScaledClipBound)
        }
        guard maximumWeight >= 1 else { throw MaskingError.invalidMaximumWeight(maximumWeight: maximumWeight) }
        guard providerCount >= 1 && providerCount <= QuantizationParameters.maximumProviderCount else {
            throw MaskingError.invalidProviderCount(
                count: providerCount, minimum: 1, maximum: QuantizationParameters.maximumProviderCount)
        }

        let coordinateBound = UInt64(scaledClipBound.rounded(.up))
        let twiceSumBound = WideProduct(UInt64(providerCount), maximumWeight, coordinateBound, 2)
        let modulus: Modulus
        switch choice {
        case .fixed(let fixed):
            modulus = fixed
        case .smallestPowerOfTwo:
            let bits = twiceSumBound.bitLength
            guard bits <= Modulus.maximumBitWidth else {
                throw MaskingError.bitWidthExceeded(requiredBits: bits, maximum: Modulus.maximumBitWidth)
            }
            modulus = try Modulus.powerOfTwo(bits: bits)
        case .smallestPrime:
            guard let twice = twiceSumBound.value, twice <= UInt128(UInt64.max),
                let prime = Primality.nextPrime(after: UInt64(twice))
            else {
                throw MaskingError.bitWidthExceeded(
                    requiredBits: max(twiceSumBound.bitLength, Modulus.maximumBitWidth + 1),
                    maximum: Modulus.maximumBitWidth)
            }
            modulus = try Modulus.prime(prime)
        }

        return try QuantizationParameters(
            modulus: modulus, clipBound: clipBound, scale: scale, maximumWeight: maximumWeight,
            maximumProviderCount: providerCount)
    }

    /// Plans the quantization and the graph of a round in one call; see ``planQuantization(providerCount:maximumWeight:clipBound:maximumError:modulus:)``
    /// and ``planGraph(providerCount:dropoutRate:corruptFraction:aggregator:)``.
    ///
    /// - Throws: the errors of both.
    public static func plan(
        providerCount: Int, maximumWeight: UInt64, clipBound: Double, maximumError: Double,
        dropoutRate: Double, corruptFraction: Double, modulus: ModulusChoice = .smallestPowerOfTwo,
        aggregator: AggregatorModel = .semiHonest
    ) throws -> AggregationPlan {
        let quantization = try planQuantization(
            providerCount: providerCount, maximumWeight: maximumWeight, clipBound: clipBound,
            maximumError: maximumError, modulus: modulus)
        let graph = try planGraph(
            providerCount: providerCount, dropoutRate: dropoutRate, corruptFraction: corruptFraction,
            aggregator: aggregator)
        return AggregationPlan(quantization: quantization, graph: graph)
    }

    /// Returns the smallest power of two s with 1/s ≤ `maximumError`, and at least 2^-1022 so that s is a normal
    /// number.
    static func scale(forMaximumError maximumError: Double) -> Double {
        // maximumError = f · 2^e with 1 ≤ f < 2, so 1/s = 2^e is the largest power of two not above it.
        let exponent = -Int(maximumError.exponent)
        guard exponent <= Double.greatestFiniteMagnitude.exponent else { return .infinity }
        return Double(sign: .plus, exponent: max(exponent, -1022), significand: 1)
    }
}
