import SecAggBigInt
import SecAggPrimitives

/// The encoding of signed integers in `[-W, W]` as Paillier plaintexts, with an overflow band that decryption
/// detects.
///
/// A value `v ≥ 0` encodes as `v` and a value `v < 0` as `n + v`. A plaintext `x` decodes as `x` when `x ≤ W`,
/// as `x - n` when `x ≥ n - W`, and as overflow in between. `W < n / 3` makes the band wider than the window, so
/// the sum or difference of two in-window values that leaves the window always lands in the band and is
/// reported. Sums of three or more values can wrap past the band, so callers bound the number of summands and
/// their magnitude so that every partial sum stays in `[-W, W]`.
///
/// The default window, `W = ⌊n / 3⌋ - 1`, equals python-paillier's `max_int`, so integers exchanged with it
/// decode alike.
public struct PaillierSignedEncoding: Sendable, Hashable {
    /// The public key whose modulus defines the encoding.
    public let publicKey: PaillierPublicKey
    /// The window bound `W`.
    public let window: BigInt

    /// Creates the encoding with the default window `⌊n / 3⌋ - 1`.
    ///
    /// - Parameter publicKey: The public key.
    public init(publicKey: PaillierPublicKey) {
        self.publicKey = publicKey
        // n ≥ 2^63 for any accepted key, so the quotient is large and the window positive.
        self.window = ((try? publicKey.modulus.quotientAndRemainder(dividingBy: 3).quotient) ?? BigInt(1)) - 1
    }

    /// Creates the encoding with a smaller window, for example one sized to the values a protocol expects.
    ///
    /// - Parameters:
    ///   - publicKey: The public key.
    ///   - window: The bound `W`, with `0 < W < n / 3`.
    /// - Throws: ``PaillierError/invalidWindow``.
    public init(publicKey: PaillierPublicKey, window: BigInt) throws {
        guard window.signum() > 0, window * 3 < publicKey.modulus else { throw PaillierError.invalidWindow }
        self.publicKey = publicKey
        self.window = window
    }

    /// Encodes a signed integer as a plaintext in `0..<n`.
    ///
    /// - Parameter value: The value, in `[-W, W]`.
    /// - Returns: The plaintext.
    /// - Throws: ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func encode(_ value: BigInt) throws -> BigInt {
        guard value.magnitude <= window else {
            throw PaillierError.valueOutsideWindow(windowBitWidth: window.bitWidth)
        }
        return value.signum() < 0 ? publicKey.modulus + value : value
    }

    /// Decodes a plaintext in `0..<n` to a signed integer.
    ///
    /// - Parameter plaintext: The decrypted plaintext.
    /// - Returns: The value, in `[-W, W]`.
    /// - Throws: ``PaillierError/overflow`` for a plaintext in the band `(W, n - W)`, and
    ///   ``PaillierError/plaintextOutOfRange`` for one outside `0..<n`.
    public func decode(_ plaintext: BigInt) throws -> BigInt {
        try publicKey.checkPlaintext(plaintext)
        if plaintext <= window { return plaintext }
        let negative = plaintext - publicKey.modulus
        guard negative.magnitude <= window else { throw PaillierError.overflow }
        return negative
    }

    /// Encrypts a signed integer.
    ///
    /// - Parameters:
    ///   - value: The value, in `[-W, W]`.
    ///   - source: The random source for the encryption, ``SystemRandom`` in production.
    /// - Returns: The ciphertext.
    /// - Throws: ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func encrypt(_ value: BigInt, using source: inout some RandomSource) throws -> PaillierCiphertext {
        try publicKey.encrypt(encode(value), using: &source)
    }

    /// Encodes and encrypts a signed value with randomness drawn from ``SystemRandom``.
    ///
    /// - Throws: ``PaillierError/valueOutsideWindow(windowBitWidth:)``.
    public func encrypt(_ value: BigInt) throws -> PaillierCiphertext {
        var source = SystemRandom()
        return try encrypt(value, using: &source)
    }

    /// Decrypts a ciphertext and decodes it as a signed integer.
    ///
    /// - Parameters:
    ///   - ciphertext: A ciphertext of the encoding's key.
    ///   - privateKey: The private key.
    /// - Returns: The value, in `[-W, W]`.
    /// - Throws: ``PaillierError/overflow`` when the plaintext left the window, or
    ///   ``PaillierError/keyMismatch(expected:actual:)``.
    public func decrypt(_ ciphertext: PaillierCiphertext, with privateKey: PaillierPrivateKey) throws -> BigInt {
        guard privateKey.publicKey == publicKey else {
            throw PaillierError.keyMismatch(
                expected: publicKey.id.description, actual: privateKey.publicKey.id.description)
        }
        return try decode(privateKey.decrypt(ciphertext))
    }
}
