/// Errors thrown by the masking layer: invalid moduli, vectors, keys, quantization inputs, planner requests and
/// graphs.
///
/// Each case names the rejected value and the bound it failed. No case carries a seed, key, shared secret or
/// private update, so an error can be logged as it is. Each description names what would fix the input.
public enum MaskingError: Error, Equatable, Sendable {
    // Moduli and vectors.

    /// A power-of-two modulus 2^`bits` with `bits` outside `1...maximum`.
    case invalidBitWidth(bits: Int, maximum: Int)
    /// A prime modulus that is not an odd prime.
    case invalidPrimeModulus(value: UInt64)
    /// A vector or mask length that is negative or above `maximum`.
    case invalidLength(length: Int, maximum: Int)
    /// An element at `index` that is not below the modulus.
    case residueOutOfRange(index: Int, value: UInt64, modulus: Modulus)
    /// A coordinate range that is not inside `0..<length`.
    case rangeOutOfBounds(lowerBound: Int, upperBound: Int, length: Int)
    /// Two vectors, or a vector and a mask, that use different moduli.
    case modulusMismatch(expected: Modulus, actual: Modulus)
    /// Two vectors of different lengths.
    case lengthMismatch(expected: Int, actual: Int)

    // Mask keys and expansion.

    /// A session identifier that is not `expected` bytes.
    case invalidSessionID(byteCount: Int, expected: Int)
    /// A self-mask seed that is not `expected` bytes.
    case invalidSeedLength(byteCount: Int, expected: Int)
    /// A pairwise mask requested between a provider and itself.
    case samePairwiseProvider(id: UInt32)
    /// A provider applying or removing a mask that belongs to other providers.
    case providerNotInMask(provider: UInt32)
    /// A thread count below 1.
    case invalidThreadCount(threads: Int)

    // Quantization.

    /// A clip bound c that is not a positive finite number.
    case invalidClipBound(clipBound: Double)
    /// A scale s that is not a positive power of two.
    case invalidScale(scale: Double)
    /// A scaled clip bound c·s above `maximum` (2^62), past which a quantized value does not fit in `Int64`.
    case scaledClipBoundTooLarge(scaledClipBound: Double, maximum: Double)
    /// A maximum error ε that is not a positive finite number.
    case invalidPrecision(maximumError: Double)
    /// A maximum weight W of zero.
    case invalidMaximumWeight(maximumWeight: UInt64)
    /// A provider count outside `minimum...maximum`.
    case invalidProviderCount(count: Int, minimum: Int, maximum: Int)
    /// An update value at `index` that is NaN or infinite.
    case nonFiniteValue(index: Int)
    /// A provider's weight above the planned maximum.
    case weightAboveMaximum(weight: UInt64, maximum: UInt64)
    /// Sums could wrap: 2·n·W·⌈c·s⌉ is not below R. `largestProviderCount` is the largest n that fits with the
    /// same W, c, s and R (0 when none does).
    case sumMayWrap(
        providerCount: Int, maximumWeight: UInt64, coordinateBound: UInt64, modulus: Modulus,
        largestProviderCount: Int)
    /// No modulus of at most 64 bits fits the sums: they need a modulus of `requiredBits` bits.
    case bitWidthExceeded(requiredBits: Int, maximum: Int)
    /// A summed vector with no coordinates, so it has no weight coordinate to divide by.
    case missingWeightCoordinate
    /// A decoded coordinate sum whose magnitude exceeds the planned bound n·W·⌈c·s⌉, which honest inputs cannot
    /// produce: the sum is wrong, for example because a mask was not removed.
    case sumOutOfRange(coordinate: Int, value: Int64, bound: UInt64)
    /// A decoded total weight of 0 or above the planned n·W.
    case totalWeightOutOfRange(totalWeight: UInt64, maximum: UInt64)

    // Graph planning and construction.

    /// A dropout rate or corrupt fraction (`name`) outside `[0, 1)`.
    case invalidRate(name: String, value: Double)
    /// No sparse graph and no complete graph meets the security and completion targets.
    case noGraphMeetsTargets(providerCount: Int, dropoutRate: Double, corruptFraction: Double)
    /// A provider id that appears more than once.
    case duplicateProviderID(id: UInt32)
    /// A Harary degree that is odd or outside `2...providerCount − 1`.
    case invalidDegree(degree: Int, providerCount: Int)
    /// A graph seed that is not `expected` bytes.
    case invalidGraphSeed(byteCount: Int, expected: Int)
    /// A provider id that is not in the graph.
    case providerNotInGraph(provider: UInt32)
}

extension MaskingError: CustomStringConvertible {
    /// A message naming what failed, on which value, and what to change.
    public var description: String {
        switch self {
        case .invalidBitWidth(let bits, let maximum):
            return "invalid bit width \(bits): a power-of-two modulus needs 1...\(maximum) bits"
        case .invalidPrimeModulus(let value):
            return "invalid prime modulus \(value): it is not an odd prime; use an odd prime below 2^64, "
                + "or a power-of-two modulus"
        case .invalidLength(let length, let maximum):
            return "invalid vector length \(length): it must be 0...\(maximum)"
        case .residueOutOfRange(let index, let value, let modulus):
            return "element \(index) is \(value), which is not below the modulus \(modulus); reduce it first"
        case .rangeOutOfBounds(let lowerBound, let upperBound, let length):
            return "coordinate range \(lowerBound)..<\(upperBound) is outside the mask length \(length)"
        case .modulusMismatch(let expected, let actual):
            return "modulus mismatch: expected \(expected), got \(actual); masks and vectors must share one modulus"
        case .lengthMismatch(let expected, let actual):
            return "length mismatch: expected \(expected) coordinates, got \(actual)"
        case .invalidSessionID(let byteCount, let expected):
            return "invalid session id: expected \(expected) bytes, got \(byteCount)"
        case .invalidSeedLength(let byteCount, let expected):
            return "invalid self-mask seed: expected \(expected) bytes, got \(byteCount)"
        case .samePairwiseProvider(let id):
            return "a pairwise mask needs two different providers, got \(id) twice"
        case .providerNotInMask(let provider):
            return "provider \(provider) does not own this mask; only its owners apply or remove it"
        case .invalidThreadCount(let threads):
            return "invalid thread count \(threads): use 1 or more"
        case .invalidClipBound(let clipBound):
            return "invalid clip bound \(clipBound): use a positive finite number"
        case .invalidScale(let scale):
            return "invalid scale \(scale): use a positive power of two, so scaling is exact"
        case .scaledClipBoundTooLarge(let scaledClipBound, let maximum):
            return "clip bound times scale is \(scaledClipBound), above \(maximum); lower the clip bound or the scale"
        case .invalidPrecision(let maximumError):
            return "invalid maximum error \(maximumError): use a positive finite number"
        case .invalidMaximumWeight(let maximumWeight):
            return "invalid maximum weight \(maximumWeight): use 1 or more (1 for an unweighted mean)"
        case .invalidProviderCount(let count, let minimum, let maximum):
            return "invalid provider count \(count): it must be \(minimum)...\(maximum)"
        case .nonFiniteValue(let index):
            return "update value \(index) is NaN or infinite; only finite values can be quantized"
        case .weightAboveMaximum(let weight, let maximum):
            return "weight \(weight) is above the planned maximum \(maximum); plan for a larger maximum weight"
        case .sumMayWrap(let providerCount, let maximumWeight, let coordinateBound, let modulus, let largest):
            return "sums could wrap: 2 · \(providerCount) providers · weight \(maximumWeight) · "
                + "coordinate bound \(coordinateBound) is not below the modulus \(modulus); "
                + "use at most \(largest) providers, a wider modulus, a smaller maximum weight, "
                + "a smaller clip bound or a coarser precision"
        case .bitWidthExceeded(let requiredBits, let maximum):
            return "sums need a \(requiredBits)-bit modulus, above the maximum of \(maximum) bits; "
                + "use fewer providers, a smaller maximum weight, a smaller clip bound or a coarser precision"
        case .missingWeightCoordinate:
            return "the summed vector has no coordinates, so it has no weight coordinate"
        case .sumOutOfRange(let coordinate, let value, let bound):
            return "coordinate \(coordinate) of the sum decodes to \(value), beyond the planned bound ±\(bound): "
                + "a mask was not removed, or more providers or larger weights were summed than planned"
        case .totalWeightOutOfRange(let totalWeight, let maximum):
            return "the total weight decodes to \(totalWeight), outside the planned range 1...\(maximum): "
                + "no provider contributed weight, or a mask was not removed"
        case .invalidRate(let name, let value):
            return "invalid \(name) \(value): it must be in [0, 1)"
        case .noGraphMeetsTargets(let providerCount, let dropoutRate, let corruptFraction):
            return "no graph over \(providerCount) providers meets the targets with dropout rate \(dropoutRate) "
                + "and corrupt fraction \(corruptFraction); add providers, or plan for a lower dropout rate "
                + "or corrupt fraction"
        case .duplicateProviderID(let id):
            return "provider id \(id) appears more than once; ids must be unique"
        case .invalidDegree(let degree, let providerCount):
            return "invalid degree \(degree) for \(providerCount) providers: a Harary degree must be even and "
                + "2...\(max(providerCount - 1, 2)); use the complete graph for more neighbours"
        case .invalidGraphSeed(let byteCount, let expected):
            return "invalid graph seed: expected \(expected) bytes, got \(byteCount)"
        case .providerNotInGraph(let provider):
            return "provider \(provider) is not in the graph"
        }
    }
}
