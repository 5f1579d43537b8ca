import SecAggBigInt
import SecAggPrimitives

/// The randomizing factor of one encryption: `r^n mod n²` in plain mode, `(h^n)^a mod n²` in fast mode.
///
/// Computing the factor is the expensive part of encryption and needs no plaintext, so a provider can compute
/// factors ahead of the data and spend one each when the data arrives (``PaillierPublicKey/encrypt(_:randomizer:)``).
/// Anyone who knows the factor of a ciphertext can decrypt it, so each factor must be used for one encryption
/// only and kept secret. Its memory is wiped on release, and its description shows no value.
public struct PaillierRandomizer: Sendable, CustomStringConvertible {
    /// The factor, an `n`-th residue in `Z*_{n²}`.
    let value: BigInt
    /// The identifier of the key that the factor belongs to.
    public let keyID: PaillierKeyID

    init(value: BigInt, keyID: PaillierKeyID) {
        self.value = value
        self.keyID = keyID
    }

    /// A summary without the secret value.
    public var description: String { "PaillierRandomizer(key \(keyID), redacted)" }
}

extension PaillierPublicKey {
    // MARK: Plain encryption

    /// Draws an encryption randomness `r` uniformly from `Z*_n`.
    ///
    /// Values with `gcd(r, n) ≠ 1` are drawn again. For a valid key they occur with negligible probability.
    /// - Warning: The test uses GMP's variable-time `mpz_gcd` on the secret `r`.
    /// - Parameter source: The random source, ``SystemRandom`` in production.
    /// - Returns: A value `r` in `1..<n` with `gcd(r, n) = 1`.
    public func randomUnit(using source: inout some RandomSource) -> BigInt {
        while true {
            let candidate = BigInt.random(in: BigInt(1)...(modulus - 1), using: &source)
            if candidate.gcd(modulus) == 1 { return candidate }
        }
    }

    /// Computes the randomizing factor `r^n mod n²` for a fresh random `r` (plain mode, full-length `r`).
    ///
    /// The exponent `n` is public and each `r` is raised only once, so the exponentiation uses GMP's faster
    /// `mpz_powm` instead of the constant-time `mpn_sec_powm`, which was 14% slower at 2048 bits and 38% slower
    /// at 3072 bits in one run of the benchmarks (BENCHMARKS.md).
    /// - Warning: Runs in variable time in `r`. `mpz_powm` subtracts conditionally after its Montgomery
    ///   reductions, so its timing depends slightly on the base. One timing of one exponentiation reveals far too
    ///   little to recover `r`, and no `r` is used twice, but a caller who must rule out every timing
    ///   dependence on `r` should precompute factors where no timing can be observed. The test
    ///   `gcd(r, n) = 1` in ``randomUnit(using:)`` uses the variable-time `mpz_gcd` too.
    /// - Parameter source: The random source for `r`.
    /// - Returns: A factor for one encryption.
    public func randomizer(using source: inout some RandomSource) -> PaillierRandomizer {
        let r = randomUnit(using: &source)
        return PaillierRandomizer(value: uncheckedNthPower(r), keyID: id)
    }

    /// Computes the randomizing factor `r^n mod n²` for a given `r`, for known-answer vectors.
    ///
    /// - Parameter r: The randomness, in `1..<n` with `gcd(r, n) = 1`.
    /// - Returns: The factor.
    /// - Throws: ``PaillierError/invalidRandomness(reason:)`` when `r` is not in `Z*_n`.
    public func randomizer(r: BigInt) throws -> PaillierRandomizer {
        guard r.signum() > 0, r < modulus, r.gcd(modulus) == 1 else {
            throw PaillierError.invalidRandomness(reason: "r must lie in 1..<n and be coprime to n")
        }
        return PaillierRandomizer(value: uncheckedNthPower(r), keyID: id)
    }

    /// Computes `r^n mod n²` with the public exponent `n`, for a unit `r` below `n`.
    func uncheckedNthPower(_ r: BigInt) -> BigInt {
        // `n` is positive and `r` is reduced, so `power` cannot fail.
        (try? r.power(modulus, modulus: modulusSquared)) ?? BigInt(1)
    }

    /// Encrypts a raw plaintext `m` in `0..<n` as `c = (1 + m n) r^n mod n²` with a fresh `r`.
    ///
    /// Signed and fixed-point values go through ``PaillierSignedEncoding`` or ``PaillierFixedPointContext``
    /// first. For throughput use ``PaillierFastEncryptor`` or factors computed ahead of time.
    /// - Warning: Runs in variable time in `r` (see ``randomizer(using:)``).
    /// - Parameters:
    ///   - plaintext: The plaintext, in `0..<n`.
    ///   - source: The random source for `r`, ``SystemRandom`` in production.
    /// - Returns: The ciphertext.
    /// - Throws: ``PaillierError/plaintextOutOfRange`` when `plaintext` is not in `0..<n`.
    public func encrypt(_ plaintext: BigInt, using source: inout some RandomSource) throws -> PaillierCiphertext {
        try checkPlaintext(plaintext)
        return try encrypt(plaintext, randomizer: randomizer(using: &source))
    }

    /// Encrypts a raw plaintext with a fresh `r` drawn from ``SystemRandom``.
    ///
    /// - Throws: ``PaillierError/plaintextOutOfRange`` when `plaintext` is not in `0..<n`.
    public func encrypt(_ plaintext: BigInt) throws -> PaillierCiphertext {
        var source = SystemRandom()
        return try encrypt(plaintext, using: &source)
    }

    /// Encrypts a raw plaintext with a randomizing factor computed ahead of time.
    ///
    /// This costs one multiplication modulo `n` and one addition, because `(1 + m n) x ≡ x + n (m x mod n)`.
    /// - Parameters:
    ///   - plaintext: The plaintext, in `0..<n`.
    ///   - randomizer: A factor of this key that was never used before.
    /// - Returns: The ciphertext.
    /// - Throws: ``PaillierError/plaintextOutOfRange`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func encrypt(_ plaintext: BigInt, randomizer: PaillierRandomizer) throws -> PaillierCiphertext {
        try checkPlaintext(plaintext)
        try checkKey(of: randomizer)
        let value = Arithmetic.multiplyByGeneratorPower(
            randomizer.value, plaintext: plaintext, modulus: modulus, modulusSquared: modulusSquared)
        return PaillierCiphertext(uncheckedValue: value, keyID: id)
    }

    /// Encrypts a raw plaintext with a given randomness `r`, for known-answer vectors and interoperability tests.
    ///
    /// - Warning: Reusing `r` for two plaintexts reveals their difference. Use it only with fixed test values.
    /// - Parameters:
    ///   - plaintext: The plaintext, in `0..<n`.
    ///   - r: The randomness, in `1..<n` with `gcd(r, n) = 1`.
    /// - Returns: The ciphertext.
    /// - Throws: ``PaillierError/plaintextOutOfRange`` or ``PaillierError/invalidRandomness(reason:)``.
    public func encrypt(_ plaintext: BigInt, r: BigInt) throws -> PaillierCiphertext {
        try checkPlaintext(plaintext)
        return try encrypt(plaintext, randomizer: randomizer(r: r))
    }

    func checkKey(of randomizer: PaillierRandomizer) throws {
        guard randomizer.keyID == id else {
            throw PaillierError.keyMismatch(expected: id.description, actual: randomizer.keyID.description)
        }
    }

    // MARK: Re-randomization

    /// Multiplies a ciphertext by a fresh factor, which gives an encryption of the same plaintext that cannot be
    /// linked to the input.
    ///
    /// - Parameters:
    ///   - ciphertext: A ciphertext of this key.
    ///   - randomizer: A factor of this key that was never used before.
    /// - Returns: The re-randomized ciphertext.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func rerandomize(
        _ ciphertext: PaillierCiphertext, randomizer: PaillierRandomizer
    ) throws -> PaillierCiphertext {
        try checkKey(of: ciphertext)
        try checkKey(of: randomizer)
        return PaillierCiphertext(
            uncheckedValue: Arithmetic.multiply(ciphertext.value, randomizer.value, modulo: modulusSquared), keyID: id)
    }

    /// Multiplies a ciphertext by `r^n` for a fresh random `r`.
    ///
    /// - Parameters:
    ///   - ciphertext: A ciphertext of this key.
    ///   - source: The random source for `r`.
    /// - Returns: The re-randomized ciphertext.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func rerandomize(
        _ ciphertext: PaillierCiphertext, using source: inout some RandomSource
    ) throws -> PaillierCiphertext {
        try rerandomize(ciphertext, randomizer: randomizer(using: &source))
    }
}

// MARK: - Homomorphic operations

extension PaillierPublicKey {
    /// Adds the plaintexts of two ciphertexts: `c1 * c2 mod n²` encrypts `m1 + m2 mod n`.
    ///
    /// - Parameters:
    ///   - lhs: A ciphertext of this key.
    ///   - rhs: Another ciphertext of this key.
    /// - Returns: An encryption of the sum.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func add(_ lhs: PaillierCiphertext, _ rhs: PaillierCiphertext) throws -> PaillierCiphertext {
        try checkKey(of: lhs)
        try checkKey(of: rhs)
        return PaillierCiphertext(
            uncheckedValue: Arithmetic.multiply(lhs.value, rhs.value, modulo: modulusSquared), keyID: id)
    }

    /// Adds a raw plaintext to the plaintext of a ciphertext: `c * (1 + m n) mod n²` encrypts `m1 + m mod n`.
    ///
    /// The result has the randomness of `ciphertext`, so it is as hidden as the input.
    /// - Parameters:
    ///   - ciphertext: A ciphertext of this key.
    ///   - plaintext: The raw plaintext to add, in `0..<n`.
    /// - Returns: An encryption of the sum.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)`` or ``PaillierError/plaintextOutOfRange``.
    public func add(_ ciphertext: PaillierCiphertext, plaintext: BigInt) throws -> PaillierCiphertext {
        try checkKey(of: ciphertext)
        try checkPlaintext(plaintext)
        let value = Arithmetic.multiplyByGeneratorPower(
            ciphertext.value, plaintext: plaintext, modulus: modulus, modulusSquared: modulusSquared)
        return PaillierCiphertext(uncheckedValue: value, keyID: id)
    }

    /// Multiplies the plaintext of a ciphertext by a public integer: `c^k mod n²` encrypts `k * m mod n`.
    ///
    /// A negative `k` raises the inverse of `c`. The result keeps a power of the input's randomness, and
    /// `k = 0` gives the ciphertext 1, so re-randomize before the result leaves the process.
    /// - Warning: Runs in variable time in `k`, which is public here.
    /// - Parameters:
    ///   - ciphertext: A ciphertext of this key.
    ///   - scalar: The public factor `k`, of any sign.
    /// - Returns: An encryption of the product.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func multiply(_ ciphertext: PaillierCiphertext, by scalar: BigInt) throws -> PaillierCiphertext {
        try checkKey(of: ciphertext)
        // A validated ciphertext is a unit, so the inverse that a negative exponent needs exists.
        let value = try ciphertext.value.power(scalar, modulus: modulusSquared)
        return PaillierCiphertext(uncheckedValue: value, keyID: id)
    }

    /// Negates the plaintext of a ciphertext: `c^-1 mod n²` encrypts `-m mod n`.
    ///
    /// - Parameter ciphertext: A ciphertext of this key.
    /// - Returns: An encryption of the negated plaintext.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func negate(_ ciphertext: PaillierCiphertext) throws -> PaillierCiphertext {
        try checkKey(of: ciphertext)
        let value = try ciphertext.value.inverse(modulo: modulusSquared)
        return PaillierCiphertext(uncheckedValue: value, keyID: id)
    }

    /// Subtracts the plaintext of `rhs` from that of `lhs`: `c1 * c2^-1 mod n²` encrypts `m1 - m2 mod n`.
    ///
    /// - Parameters:
    ///   - lhs: The ciphertext of the minuend.
    ///   - rhs: The ciphertext of the subtrahend.
    /// - Returns: An encryption of the difference.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func subtract(_ lhs: PaillierCiphertext, _ rhs: PaillierCiphertext) throws -> PaillierCiphertext {
        try add(lhs, negate(rhs))
    }
}
