import SecAggBigInt
import SecAggPrimitives

/// A ciphertext together with the base-16 exponent of the fixed-point value that it encrypts, like
/// python-paillier's `EncryptedNumber`: the plaintext value is `mantissa * 16^exponent`.
///
/// An exponent of 0 encrypts a signed integer.
public struct PaillierEncryptedNumber: Sendable, Hashable {
    /// The encryption of the mantissa in the signed encoding.
    public let ciphertext: PaillierCiphertext
    /// The base-16 exponent.
    public let exponent: Int

    /// Pairs a ciphertext with its exponent.
    ///
    /// - Parameters:
    ///   - ciphertext: The encryption of the mantissa.
    ///   - exponent: The base-16 exponent.
    public init(ciphertext: PaillierCiphertext, exponent: Int) {
        self.ciphertext = ciphertext
        self.exponent = exponent
    }
}

/// Fixed-point reals at one base-16 exponent that is fixed for a key: `x ≈ mantissa * 16^exponent`, with the
/// mantissa in the signed window of ``PaillierSignedEncoding``.
///
/// Base 16 is python-paillier's `EncodedNumber.BASE`, so its ciphertexts with the same exponent decode here
/// alike. Every operation checks that its operands carry the context's exponent and key, and throws
/// ``PaillierError/exponentMismatch(expected:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``
/// otherwise, so values of different scales are never mixed silently. Multiplying by a real would change the
/// exponent, so only multiplication by an integer is offered.
public struct PaillierFixedPointContext: Sendable, Hashable {
    /// The base of the exponent, python-paillier's `EncodedNumber.BASE`.
    public static let base = 16
    /// The accepted exponents. 16^-256 = 2^-1024 is above the smallest `Double`, and 16^255 = 2^1020 below the
    /// largest.
    public static let exponentRange = -256...255

    /// The signed encoding of the mantissas.
    public let encoding: PaillierSignedEncoding
    /// The base-16 exponent of every value in this context.
    public let exponent: Int

    /// The public key.
    public var publicKey: PaillierPublicKey { encoding.publicKey }

    /// Creates a context for a key and an exponent.
    ///
    /// - Parameters:
    ///   - encoding: The signed encoding of the mantissas, which fixes the key and the window.
    ///   - exponent: The base-16 exponent, for example -8 for steps of 16^-8 ≈ 2.3e-10.
    /// - Throws: ``PaillierError/exponentOutOfRange(exponent:minimum:maximum:)``.
    public init(encoding: PaillierSignedEncoding, exponent: Int) throws {
        guard Self.exponentRange.contains(exponent) else {
            throw PaillierError.exponentOutOfRange(
                exponent: exponent, minimum: Self.exponentRange.lowerBound, maximum: Self.exponentRange.upperBound)
        }
        self.encoding = encoding
        self.exponent = exponent
    }

    // MARK: Encoding

    /// Encodes a real as the plaintext of `round(value * 16^-exponent)`, rounding ties to even as Python's
    /// `round` does.
    ///
    /// The scaling is exact, because a power of 16 only shifts the binary exponent.
    /// - Parameter value: A finite value.
    /// - Returns: The plaintext of the mantissa.
    /// - Throws: ``PaillierError/valueNotFinite`` or ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func encode(_ value: Double) throws -> BigInt {
        try encoding.encode(mantissa(of: value))
    }

    /// Returns the mantissa `round(value * 16^-exponent)` with ties to even.
    ///
    /// - Parameter value: A finite value.
    /// - Returns: The mantissa.
    /// - Throws: ``PaillierError/valueNotFinite``.
    public func mantissa(of value: Double) throws -> BigInt {
        guard value.isFinite else { throw PaillierError.valueNotFinite }
        if value == 0 { return 0 }
        // |value| = significand * 2^binaryExponent with an integer significand.
        let magnitude = value.magnitude
        let significand: UInt64
        let binaryExponent: Int
        if magnitude.isNormal {
            significand = magnitude.significandBitPattern | (UInt64(1) << 52)
            binaryExponent = Int(magnitude.exponent) - 52
        } else {
            significand = magnitude.significandBitPattern
            binaryExponent = -1074
        }
        let shift = binaryExponent - 4 * exponent
        var result: BigInt
        if shift >= 0 {
            result = BigInt(significand) << shift
        } else {
            result = Self.shiftRightRoundingToEven(BigInt(significand), by: -shift)
        }
        if value < 0 { result = -result }
        return result
    }

    private static func shiftRightRoundingToEven(_ value: BigInt, by count: Int) -> BigInt {
        let quotient = value >> count
        let remainder = value - (quotient << count)
        let half = BigInt(1) << (count - 1)
        if remainder > half || (remainder == half && quotient.isOdd) {
            return quotient + 1
        }
        return quotient
    }

    /// Decodes a plaintext to the real `mantissa * 16^exponent`, rounded once to the nearest `Double`.
    ///
    /// - Parameter plaintext: The decrypted plaintext.
    /// - Returns: The value. Mantissas beyond the `Double` range give an infinity.
    /// - Throws: ``PaillierError/overflow`` when the plaintext lies in the overflow band.
    public func decode(_ plaintext: BigInt) throws -> Double {
        Self.value(mantissa: try encoding.decode(plaintext), exponent: exponent)
    }

    /// Converts `mantissa * 16^exponent` to the nearest `Double`, as python-paillier's `decode` does.
    ///
    /// The decimal conversion rounds correctly and the power of 16 scales exactly, unless the result is
    /// subnormal, where the scaling rounds a second time.
    /// - Parameters:
    ///   - mantissa: The signed mantissa.
    ///   - exponent: The base-16 exponent.
    /// - Returns: The value. Mantissas beyond the `Double` range give an infinity, and a zero mantissa gives 0
    ///   for every exponent. An exponent beyond ±2000 gives the same result as ±2000, because 16^±2000 already
    ///   lies outside the `Double` range.
    public static func value(mantissa: BigInt, exponent: Int) -> Double {
        guard mantissa.signum() != 0 else { return 0 }
        let rounded = Double(mantissa.description) ?? (mantissa.signum() < 0 ? -Double.infinity : Double.infinity)
        // Clamping keeps 4 * exponent from overflowing for caller-supplied exponents such as Int.max.
        let clampedExponent = min(max(exponent, -2000), 2000)
        return rounded * Double(sign: .plus, exponent: 4 * clampedExponent, significand: 1)
    }

    // MARK: Encryption

    /// Encrypts a real in this context.
    ///
    /// - Parameters:
    ///   - value: A finite value whose mantissa fits the window.
    ///   - source: The random source, ``SystemRandom`` in production.
    /// - Returns: The encrypted number.
    /// - Throws: ``PaillierError/valueNotFinite`` or ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func encrypt(_ value: Double, using source: inout some RandomSource) throws -> PaillierEncryptedNumber {
        PaillierEncryptedNumber(ciphertext: try publicKey.encrypt(encode(value), using: &source), exponent: exponent)
    }

    /// Encrypts a real in this context with randomness drawn from ``SystemRandom``.
    ///
    /// - Throws: ``PaillierError/valueNotFinite`` or ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func encrypt(_ value: Double) throws -> PaillierEncryptedNumber {
        var source = SystemRandom()
        return try encrypt(value, using: &source)
    }

    /// Encrypts a real with a randomizing factor computed ahead of time.
    ///
    /// - Parameters:
    ///   - value: A finite value whose mantissa fits the window.
    ///   - randomizer: A factor of this key that was never used before.
    /// - Returns: The encrypted number.
    /// - Throws: ``PaillierError/valueNotFinite``, ``PaillierError/valueOutsideWindow(windowBitWidth:)`` or
    ///   ``PaillierError/keyMismatch(expected:actual:)``.
    public func encrypt(_ value: Double, randomizer: PaillierRandomizer) throws -> PaillierEncryptedNumber {
        PaillierEncryptedNumber(
            ciphertext: try publicKey.encrypt(encode(value), randomizer: randomizer), exponent: exponent)
    }

    /// Decrypts an encrypted number of this context.
    ///
    /// - Parameters:
    ///   - number: An encrypted number with the context's key and exponent.
    ///   - privateKey: The private key.
    /// - Returns: The value.
    /// - Throws: ``PaillierError/exponentMismatch(expected:actual:)``, ``PaillierError/keyMismatch(expected:actual:)``
    ///   or ``PaillierError/overflow``.
    public func decrypt(_ number: PaillierEncryptedNumber, with privateKey: PaillierPrivateKey) throws -> Double {
        try check(number)
        return Self.value(mantissa: try encoding.decrypt(number.ciphertext, with: privateKey), exponent: exponent)
    }

    // MARK: Homomorphic operations

    /// Adds two encrypted numbers of this context.
    ///
    /// - Parameters:
    ///   - lhs: An encrypted number with the context's key and exponent.
    ///   - rhs: Another one.
    /// - Returns: An encryption of the sum, with the same exponent.
    /// - Throws: ``PaillierError/exponentMismatch(expected:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func add(_ lhs: PaillierEncryptedNumber, _ rhs: PaillierEncryptedNumber) throws -> PaillierEncryptedNumber {
        try check(lhs)
        try check(rhs)
        return PaillierEncryptedNumber(
            ciphertext: try publicKey.add(lhs.ciphertext, rhs.ciphertext), exponent: exponent)
    }

    /// Adds a plaintext real to an encrypted number of this context.
    ///
    /// - Parameters:
    ///   - number: An encrypted number with the context's key and exponent.
    ///   - value: The real to add, encoded at the context's exponent.
    /// - Returns: An encryption of the sum.
    /// - Throws: ``PaillierError/exponentMismatch(expected:actual:)``, ``PaillierError/valueNotFinite`` or
    ///   ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func add(_ number: PaillierEncryptedNumber, plaintext value: Double) throws -> PaillierEncryptedNumber {
        try check(number)
        return PaillierEncryptedNumber(
            ciphertext: try publicKey.add(number.ciphertext, plaintext: encode(value)), exponent: exponent)
    }

    /// Multiplies an encrypted number by a public integer, which keeps the exponent.
    ///
    /// - Parameters:
    ///   - number: An encrypted number with the context's key and exponent.
    ///   - scalar: The factor.
    /// - Returns: An encryption of the product.
    /// - Throws: ``PaillierError/exponentMismatch(expected:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func multiply(_ number: PaillierEncryptedNumber, by scalar: BigInt) throws -> PaillierEncryptedNumber {
        try check(number)
        return PaillierEncryptedNumber(
            ciphertext: try publicKey.multiply(number.ciphertext, by: scalar), exponent: exponent)
    }

    /// Negates an encrypted number.
    ///
    /// - Parameter number: An encrypted number with the context's key and exponent.
    /// - Returns: An encryption of the negated value.
    /// - Throws: ``PaillierError/exponentMismatch(expected:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func negate(_ number: PaillierEncryptedNumber) throws -> PaillierEncryptedNumber {
        try check(number)
        return PaillierEncryptedNumber(ciphertext: try publicKey.negate(number.ciphertext), exponent: exponent)
    }

    /// Checks that an encrypted number has this context's key and exponent.
    ///
    /// - Parameter number: The encrypted number, for example one read from python-paillier's JSON.
    /// - Throws: ``PaillierError/exponentMismatch(expected:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func check(_ number: PaillierEncryptedNumber) throws {
        try publicKey.checkKey(of: number.ciphertext)
        guard number.exponent == exponent else {
            throw PaillierError.exponentMismatch(expected: exponent, actual: number.exponent)
        }
    }
}
