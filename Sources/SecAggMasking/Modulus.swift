/// The modulus R of the group Z_R that quantized updates and masks live in: 2^b for 1 ≤ b ≤ 64, or an odd prime
/// below 2^64.
///
/// Create one with ``powerOfTwo(bits:)`` or ``prime(_:)``, which check the value, so every `Modulus` in the
/// program is valid. Residues are `UInt64` values in `0..<R`.
public struct Modulus: Sendable, Hashable {
    /// The two families of moduli.
    public enum Kind: Sendable, Hashable {
        /// R = 2^bits.
        case powerOfTwo(bits: Int)
        /// R = the odd prime `value`.
        case prime(UInt64)
    }

    /// The largest bit width of a power-of-two modulus.
    public static let maximumBitWidth = 64

    /// The family of the modulus and its parameter.
    public let kind: Kind

    private init(kind: Kind) {
        self.kind = kind
    }

    /// Creates the modulus 2^`bits`.
    ///
    /// - Throws: ``MaskingError/invalidBitWidth(bits:maximum:)`` unless `bits` is in `1...64`.
    public static func powerOfTwo(bits: Int) throws -> Modulus {
        guard bits >= 1 && bits <= maximumBitWidth else {
            throw MaskingError.invalidBitWidth(bits: bits, maximum: maximumBitWidth)
        }
        return Modulus(kind: .powerOfTwo(bits: bits))
    }

    /// Creates the prime modulus `value`, checked with a deterministic Miller–Rabin test.
    ///
    /// - Throws: ``MaskingError/invalidPrimeModulus(value:)`` when `value` is not an odd prime. The prime 2 is
    ///   rejected because `powerOfTwo(bits: 1)` is the same group.
    public static func prime(_ value: UInt64) throws -> Modulus {
        guard value >= 3, Primality.isPrime(value) else {
            throw MaskingError.invalidPrimeModulus(value: value)
        }
        return Modulus(kind: .prime(value))
    }

    /// The number of bits of R − 1: `b` for 2^b, and the bit length of p for a prime p.
    ///
    /// Every residue fits in this many bits, which is the width a packed encoding needs.
    public var bitWidth: Int {
        switch kind {
        case .powerOfTwo(let bits): return bits
        case .prime(let value): return UInt64.bitWidth - value.leadingZeroBitCount
        }
    }

    /// The bytes of one in-memory element (lane): 1, 2, 4 or 8, the smallest that fits ``bitWidth`` bits.
    ///
    /// The lane width is also the width of each keystream word a mask element is drawn from.
    public var laneByteCount: Int {
        Self.laneByteCount(forBits: bitWidth)
    }

    /// The largest residue, R − 1.
    public var maximumResidue: UInt64 {
        switch kind {
        case .powerOfTwo(let bits): return bits == 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
        case .prime(let value): return value - 1
        }
    }

    /// R as a 128-bit integer, because 2^64 does not fit in `UInt64`.
    public var value: UInt128 {
        UInt128(maximumResidue) + 1
    }

    /// Returns whether `residue` is in `0..<R`.
    public func contains(_ residue: UInt64) -> Bool {
        residue <= maximumResidue
    }

    /// Returns `value mod R` in `0..<R`, for any signed value.
    public func residue(of value: Int64) -> UInt64 {
        switch kind {
        case .powerOfTwo:
            return UInt64(bitPattern: value) & maximumResidue
        case .prime(let prime):
            let magnitude = value.magnitude % prime
            if value >= 0 || magnitude == 0 { return magnitude }
            return prime - magnitude
        }
    }

    /// Returns the representative of `residue` in the symmetric range: `[-R/2, R/2)` for 2^b and
    /// `[-(p-1)/2, (p-1)/2]` for a prime p.
    ///
    /// - Precondition: `residue < R`.
    public func signedValue(of residue: UInt64) -> Int64 {
        precondition(contains(residue), "residue \(residue) is not below the modulus")
        switch kind {
        case .powerOfTwo(let bits):
            if bits == 64 { return Int64(bitPattern: residue) }
            let half = UInt64(1) << UInt64(bits - 1)
            return residue < half ? Int64(residue) : Int64(residue) - Int64(half << 1)
        case .prime(let prime):
            return residue <= prime / 2 ? Int64(residue) : -Int64(prime - residue)
        }
    }

    /// Returns `(a + b) mod R` for residues `a` and `b`.
    public func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        switch kind {
        case .powerOfTwo:
            return (a &+ b) & maximumResidue
        case .prime(let prime):
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow || sum >= prime ? sum &- prime : sum
        }
    }

    /// Returns `(a - b) mod R` for residues `a` and `b`.
    public func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        switch kind {
        case .powerOfTwo:
            return (a &- b) & maximumResidue
        case .prime(let prime):
            return a >= b ? a - b : a &- b &+ prime
        }
    }

    /// The 9-byte encoding bound into every mask key: a tag byte (0 for 2^b, 1 for a prime) and then b or p as
    /// 8 bytes big-endian.
    public var encoded: [UInt8] {
        let (tag, parameter): (UInt8, UInt64)
        switch kind {
        case .powerOfTwo(let bits): (tag, parameter) = (0, UInt64(bits))
        case .prime(let value): (tag, parameter) = (1, value)
        }
        return [tag] + bigEndianBytes(parameter)
    }

    static func laneByteCount(forBits bits: Int) -> Int {
        switch bits {
        case ...8: return 1
        case ...16: return 2
        case ...32: return 4
        default: return 8
        }
    }
}

extension Modulus: CustomStringConvertible {
    /// `2^b` or the decimal prime.
    public var description: String {
        switch kind {
        case .powerOfTwo(let bits): return "2^\(bits)"
        case .prime(let value): return "prime \(value)"
        }
    }
}

/// Writes `value` as 8 bytes, most significant first.
func bigEndianBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) }
}

/// Writes `value` as 4 bytes, most significant first.
func bigEndianBytes(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * $0)) }
}

/// Primality of 64-bit integers.
enum Primality {
    /// The first twelve primes. Miller–Rabin with these bases is exact for every n < 3.3 · 10^24, which covers
    /// all 64-bit integers.
    static let witnesses: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]

    /// Returns whether `n` is prime, deterministically.
    static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        for small in witnesses {
            if n == small { return true }
            if n % small == 0 { return false }
        }
        let oddPart = (n - 1) >> UInt64((n - 1).trailingZeroBitCount)
        let twos = (n - 1).trailingZeroBitCount
        for base in witnesses where !passesRound(n, base: base, oddPart: oddPart, twos: twos) {
            return false
        }
        return true
    }

    /// Returns the smallest prime greater than `value`, or nil when there is none below 2^64.
    static func nextPrime(after value: UInt64) -> UInt64? {
        var candidate = value
        while candidate < UInt64.max {
            candidate += 1
            if isPrime(candidate) { return candidate }
        }
        return nil
    }

    private static func passesRound(_ n: UInt64, base: UInt64, oddPart: UInt64, twos: Int) -> Bool {
        var x = power(base % n, oddPart, modulo: n)
        if x == 1 || x == n - 1 { return true }
        for _ in 1..<max(twos, 1) {
            x = multiply(x, x, modulo: n)
            if x == n - 1 { return true }
        }
        return false
    }

    static func multiply(_ a: UInt64, _ b: UInt64, modulo n: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return n.dividingFullWidth((product.high, product.low)).remainder
    }

    static func power(_ base: UInt64, _ exponent: UInt64, modulo n: UInt64) -> UInt64 {
        var result: UInt64 = 1
        var square = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = multiply(result, square, modulo: n) }
            square = multiply(square, square, modulo: n)
            remaining >>= 1
        }
        return result
    }
}
