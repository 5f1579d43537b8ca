/// The fixed-point encoding of a round: clip bound c, scale s, modulus R, and the provider count n and maximum
/// weight W it was checked for.
///
/// Creating a value proves that no sum can wrap: every provider submits `w·q` per coordinate with
/// `|q| ≤ Q = ⌈c·s⌉` and `0 ≤ w ≤ W`, so a coordinate of the sum of n submissions has magnitude at most
/// `M = n·W·Q`, and the initializer requires `2·M < R`. Then the residue of the sum lifted to the symmetric range
/// is the integer sum itself. The weight coordinate sums to at most `n·W < R/2` as well.
public struct QuantizationParameters: Sendable, Hashable {
    /// The largest allowed c·s, 2^62, so a scaled value converts to `Int64` exactly.
    public static let maximumScaledClipBound: Double = 0x1p62
    /// The largest provider count, 2^32, because provider ids are `UInt32`.
    public static let maximumProviderCount = 1 << 32

    /// The modulus R.
    public let modulus: Modulus
    /// The clip bound c: each update value is clipped to `[-c, c]`.
    public let clipBound: Double
    /// The scale s, a power of two so that `x·s` is exact.
    public let scale: Double
    /// The maximum weight W a provider may submit.
    public let maximumWeight: UInt64
    /// The maximum number of providers n whose submissions are summed.
    public let maximumProviderCount: Int
    /// Q = ⌈c·s⌉, the largest magnitude of a quantized value before weighting.
    public let coordinateBound: UInt64
    /// M = n·W·Q, the largest magnitude of a coordinate of the sum.
    public let sumBound: UInt64

    /// Creates and checks the parameters.
    ///
    /// - Throws: ``MaskingError/invalidClipBound(clipBound:)``, ``MaskingError/invalidScale(scale:)``,
    ///   ``MaskingError/scaledClipBoundTooLarge(scaledClipBound:maximum:)``,
    ///   ``MaskingError/invalidMaximumWeight(maximumWeight:)``,
    ///   ``MaskingError/invalidProviderCount(count:minimum:maximum:)``, and
    ///   ``MaskingError/sumMayWrap(providerCount:maximumWeight:coordinateBound:modulus:largestProviderCount:)``
    ///   when `2·n·W·⌈c·s⌉ ≥ R`.
    public init(
        modulus: Modulus, clipBound: Double, scale: Double, maximumWeight: UInt64, maximumProviderCount: Int
    ) throws {
        guard clipBound.isFinite && clipBound > 0 else { throw MaskingError.invalidClipBound(clipBound: clipBound) }
        guard scale.isNormal && scale > 0 && scale.significandBitPattern == 0 else {
            throw MaskingError.invalidScale(scale: scale)
        }
        let scaledClipBound = clipBound * scale
        guard scaledClipBound <= Self.maximumScaledClipBound else {
            throw MaskingError.scaledClipBoundTooLarge(
                scaledClipBound: scaledClipBound, maximum: Self.maximumScaledClipBound)
        }
        guard maximumWeight >= 1 else { throw MaskingError.invalidMaximumWeight(maximumWeight: maximumWeight) }
        guard maximumProviderCount >= 1 && maximumProviderCount <= Self.maximumProviderCount else {
            throw MaskingError.invalidProviderCount(
                count: maximumProviderCount, minimum: 1, maximum: Self.maximumProviderCount)
        }
        let coordinateBound = UInt64(scaledClipBound.rounded(.up))
        let twiceSumBound = WideProduct(UInt64(maximumProviderCount), maximumWeight, coordinateBound, 2)
        guard let twice = twiceSumBound.value, twice < modulus.value else {
            throw MaskingError.sumMayWrap(
                providerCount: maximumProviderCount, maximumWeight: maximumWeight, coordinateBound: coordinateBound,
                modulus: modulus,
                largestProviderCount: Self.largestProviderCount(
                    modulus: modulus, maximumWeight: maximumWeight, coordinateBound: coordinateBound))
        }
        self.modulus = modulus
        self.clipBound = clipBound
        self.scale = scale
        self.maximumWeight = maximumWeight
        self.maximumProviderCount = maximumProviderCount
        self.coordinateBound = coordinateBound
        self.sumBound = UInt64(twice / 2)
    }

    /// The bound on the error of a decoded mean, 1/s: each coordinate of the weighted mean of the clipped
    /// updates differs from the exact quotient of the decoded sums by strictly less than this.
    public var maximumError: Double {
        1 / scale
    }

    /// n·W, the largest total weight.
    public var maximumTotalWeight: UInt64 {
        UInt64(maximumProviderCount) * maximumWeight
    }

    /// Returns the largest n with `2·n·W·Q < R`, at most ``maximumProviderCount``.
    static func largestProviderCount(modulus: Modulus, maximumWeight: UInt64, coordinateBound: UInt64) -> Int {
        guard let perProvider = WideProduct(maximumWeight, coordinateBound, 2).value else { return 0 }
        let largest = (modulus.value - 1) / perProvider
        return Int(min(largest, UInt128(Self.maximumProviderCount)))
    }
}

/// The exact product of a few `UInt64` factors, as little-endian 64-bit limbs.
struct WideProduct {
    private(set) var limbs: [UInt64] = [1]

    init(_ factors: UInt64...) {
        for factor in factors { multiply(by: factor) }
    }

    /// The product, or nil when it does not fit in 128 bits.
    var value: UInt128? {
        guard limbs.count <= 2 || limbs[2...].allSatisfy({ $0 == 0 }) else { return nil }
        let high = limbs.count > 1 ? limbs[1] : 0
        return UInt128(high) << 64 | UInt128(limbs[0])
    }

    /// The number of bits of the product: the smallest b with product < 2^b.
    var bitLength: Int {
        for index in limbs.indices.reversed() where limbs[index] != 0 {
            return index * 64 + (64 - limbs[index].leadingZeroBitCount)
        }
        return 0
    }

    private mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = limbs[index].multipliedFullWidth(by: factor)
            let (low, overflow) = product.low.addingReportingOverflow(carry)
            limbs[index] = low
            carry = product.high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }
}
