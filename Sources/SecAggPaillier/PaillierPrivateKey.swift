import SecAggBigInt
import SecAggPrimitives

/// A Paillier private key: the primes `p` and `q` of the public modulus and the values that CRT decryption
/// derives from them.
///
/// The key is validated when it is created. Both primes must be prime and distinct, have half the bit width of
/// `n` each, lie more than `2^(k/2 - 100)` apart for a `k`-bit modulus (`2^(k/4)` for test keys below 400 bits),
/// and satisfy `p * q = n` and `gcd(n, φ(n)) = 1`.
///
/// Every secret lives in ``BigInt`` storage, which overwrites its limbs when it is released, and the description
/// shows no secret.
public struct PaillierPrivateKey: Sendable, CustomStringConvertible {
    /// The public key.
    public let publicKey: PaillierPublicKey
    /// Whether both primes are safe primes, as threshold decryption requires.
    public let hasSafePrimes: Bool

    let p: BigInt
    let q: BigInt
    private let pSquared: BigInt
    private let qSquared: BigInt
    private let pMinusOne: BigInt
    private let qMinusOne: BigInt
    /// `h_p = L_p(g^(p-1) mod p²)^-1 mod p`, and `h_q` likewise.
    private let hp: BigInt
    private let hq: BigInt
    /// `q^-1 mod p`, for the CRT recombination.
    private let qInverseModP: BigInt

    /// Creates a private key from its primes and validates it.
    ///
    /// - Parameters:
    ///   - p: The first prime.
    ///   - q: The second prime.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    /// - Throws: A ``PaillierError`` that names the failed check, for example
    ///   ``PaillierError/primeSizesDiffer(firstBitWidth:secondBitWidth:)`` or ``PaillierError/factorNotPrime(factor:)``.
    public init(p: BigInt, q: BigInt, policy: PaillierKeyPolicy = .production) throws {
        try self.init(p: p, q: q, policy: policy, checkPrimality: true)
    }

    /// Creates a private key from its primes, checks them against an existing public key, and validates it.
    ///
    /// - Parameters:
    ///   - p: The first prime.
    ///   - q: The second prime.
    ///   - publicKey: The public key that the primes must factor.
    ///   - policy: The accepted key sizes.
    /// - Throws: ``PaillierError/primesDoNotMatchModulus`` when `p * q ≠ n`, or another ``PaillierError`` that
    ///   names the failed check.
    public init(p: BigInt, q: BigInt, publicKey: PaillierPublicKey, policy: PaillierKeyPolicy = .production) throws {
        guard p * q == publicKey.modulus else { throw PaillierError.primesDoNotMatchModulus }
        try self.init(p: p, q: q, policy: policy, checkPrimality: true)
    }

    init(p: BigInt, q: BigInt, policy: PaillierKeyPolicy, checkPrimality: Bool) throws {
        let modulus = p * q
        try policy.checkModulusSize(modulus.bitWidth)
        guard p.signum() > 0, q.signum() > 0 else {
            throw PaillierError.factorNotPrime(factor: p.signum() > 0 ? "q" : "p")
        }
        guard p != q else { throw PaillierError.primesEqual }
        let halfBitWidth = (modulus.bitWidth + 1) / 2
        guard p.bitWidth == halfBitWidth, q.bitWidth == halfBitWidth else {
            throw PaillierError.primeSizesDiffer(firstBitWidth: p.bitWidth, secondBitWidth: q.bitWidth)
        }
        let boundExponent = Self.primeDistanceBoundExponent(modulusBitWidth: modulus.bitWidth)
        guard (p - q).magnitude > BigInt(1) << boundExponent else {
            throw PaillierError.primesTooClose(boundExponent: boundExponent)
        }
        guard modulus.isOdd else { throw PaillierError.modulusEven }
        if checkPrimality {
            guard Primality.isProbablePrime(p, label: "p") else { throw PaillierError.factorNotPrime(factor: "p") }
            guard Primality.isProbablePrime(q, label: "q") else { throw PaillierError.factorNotPrime(factor: "q") }
        }
        let pMinusOne = p - 1
        let qMinusOne = q - 1
        guard modulus.gcd(pMinusOne * qMinusOne) == 1 else { throw PaillierError.modulusNotCoprimeToTotient }

        let publicKey = PaillierPublicKey(validatedModulus: modulus)
        self.publicKey = publicKey
        self.p = p
        self.q = q
        self.pSquared = p * p
        self.qSquared = q * q
        self.pMinusOne = pMinusOne
        self.qMinusOne = qMinusOne
        // With g = n + 1, g^(p-1) ≡ 1 + (p-1) n (mod p²), so L_p(g^(p-1)) ≡ (p-1) q ≡ -q (mod p).
        self.hp = try (p - q.modulo(p)).secretInverse(modulo: p)
        self.hq = try (q - p.modulo(q)).secretInverse(modulo: q)
        self.qInverseModP = try q.secretInverse(modulo: p)
        self.hasSafePrimes =
            checkPrimality
            && Primality.isProbablePrime(pMinusOne >> 1, label: "p'")
            && Primality.isProbablePrime(qMinusOne >> 1, label: "q'")
        Sodium.wipeStack(byteCount: Sodium.secretStackByteCount)
    }

    /// Returns the exponent `e` of the bound `|p - q| > 2^e` against Fermat's factoring method.
    ///
    /// For a `k`-bit modulus that is `k/2 - 100`, as FIPS 186-4 (appendix B.3.3) requires for RSA primes. Test
    /// keys below 400 bits use the larger `k/4`.
    static func primeDistanceBoundExponent(modulusBitWidth: Int) -> Int {
        max(modulusBitWidth / 2 - 100, modulusBitWidth / 4)
    }

    /// A summary without secrets.
    public var description: String {
        "PaillierPrivateKey(\(publicKey.bitWidth) bits, id \(publicKey.id), redacted)"
    }

    // MARK: Generation

    /// Generates a key pair with `g = n + 1`.
    ///
    /// Both primes have exactly half the bit width of `n`, with their two top bits set, so `n` has exactly
    /// `bitWidth` bits. Pairs with `|p - q| ≤ 2^(bitWidth/2 - 100)` are drawn again.
    /// Safe primes make key generation much slower (seconds to minutes at 3072 bits), and only threshold
    /// decryption needs them.
    /// - Warning: Runs in variable time. The time reveals how many candidates were tried, not the primes.
    /// - Parameters:
    ///   - bitWidth: The bit width of `n`: even, at least the policy's minimum. The default, 3072 bits, gives
    ///     128-bit security.
    ///   - safePrimes: Whether to generate safe primes `p = 2p' + 1`, `q = 2q' + 1`.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    ///   - source: The random source, ``SystemRandom`` in production.
    /// - Returns: The private key, which contains the public key.
    /// - Throws: ``PaillierError/unsupportedKeySize(bitWidth:reason:)`` or
    ///   ``PaillierError/modulusSizeOutOfRange(bitWidth:minimum:maximum:)``.
    public static func generate(
        bitWidth: Int = 3072, safePrimes: Bool = false, policy: PaillierKeyPolicy = .production,
        using source: inout some RandomSource
    ) throws -> PaillierPrivateKey {
        try policy.checkModulusSize(bitWidth)
        guard bitWidth % 2 == 0 else {
            throw PaillierError.unsupportedKeySize(bitWidth: bitWidth, reason: "the bit width must be even")
        }
        let halfBitWidth = bitWidth / 2
        if safePrimes && halfBitWidth < 16 {
            throw PaillierError.unsupportedKeySize(bitWidth: bitWidth, reason: "safe primes need at least 32 bits")
        }
        let bound = BigInt(1) << primeDistanceBoundExponent(modulusBitWidth: bitWidth)
        while true {
            let p = try drawPrime(bitWidth: halfBitWidth, safe: safePrimes, using: &source)
            let q = try drawPrime(bitWidth: halfBitWidth, safe: safePrimes, using: &source)
            guard (p - q).magnitude > bound else { continue }
            // The primes come from the prime generator, so the primality tests are not repeated.
            let key = try PaillierPrivateKey(p: p, q: q, policy: policy, checkPrimality: false)
            return safePrimes ? key.markingSafePrimes() : key
        }
    }

    /// Generates a key pair with primes drawn from ``SystemRandom``.
    ///
    /// - Throws: the errors of ``generate(bitWidth:safePrimes:policy:using:)``.
    public static func generate(
        bitWidth: Int = 3072, safePrimes: Bool = false, policy: PaillierKeyPolicy = .production
    ) throws -> PaillierPrivateKey {
        var source = SystemRandom()
        return try generate(bitWidth: bitWidth, safePrimes: safePrimes, policy: policy, using: &source)
    }

    private static func drawPrime(bitWidth: Int, safe: Bool, using source: inout some RandomSource) throws -> BigInt {
        if safe {
            return try BigInt.randomSafePrime(bitWidth: bitWidth, using: &source)
        }
        return try BigInt.randomPrime(bitWidth: bitWidth, using: &source)
    }

    private init(copying key: PaillierPrivateKey, hasSafePrimes: Bool) {
        publicKey = key.publicKey
        p = key.p
        q = key.q
        pSquared = key.pSquared
        qSquared = key.qSquared
        pMinusOne = key.pMinusOne
        qMinusOne = key.qMinusOne
        hp = key.hp
        hq = key.hq
        qInverseModP = key.qInverseModP
        self.hasSafePrimes = hasSafePrimes
    }

    private func markingSafePrimes() -> PaillierPrivateKey {
        PaillierPrivateKey(copying: self, hasSafePrimes: true)
    }

    // MARK: Decryption

    /// Decrypts a ciphertext to its raw plaintext in `0..<n` with the Chinese remainder theorem.
    ///
    /// Computes `m_p = L_p(c^(p-1) mod p²) h_p mod p` and `m_q` likewise, then recombines them modulo `n`. The
    /// two exponentiations with the secret exponents `p - 1` and `q - 1` run in constant time
    /// (``BigInt/secretPower(_:modulus:)``). The reductions, the L function and the recombination use GMP's
    /// variable-time functions on operands of fixed size, and the stack is cleared afterwards.
    /// - Parameter ciphertext: A ciphertext of this key.
    /// - Returns: The raw plaintext. Decode signed values with ``PaillierSignedEncoding``.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func decrypt(_ ciphertext: PaillierCiphertext) throws -> BigInt {
        try publicKey.checkKey(of: ciphertext)
        defer { Sodium.wipeStack(byteCount: Sodium.secretStackByteCount) }
        let mp = try decryptModuloPrime(ciphertext.value, prime: p, primeSquared: pSquared, exponent: pMinusOne, h: hp)
        let mq = try decryptModuloPrime(ciphertext.value, prime: q, primeSquared: qSquared, exponent: qMinusOne, h: hq)
        // m = m_q + q * ((m_p - m_q) q^-1 mod p)
        let difference = try (mp - mq).modulo(p)
        return mq + q * Arithmetic.multiply(difference, qInverseModP, modulo: p)
    }

    private func decryptModuloPrime(
        _ c: BigInt, prime: BigInt, primeSquared: BigInt, exponent: BigInt, h: BigInt
    ) throws -> BigInt {
        let reduced = try c.modulo(primeSquared)
        let power = try reduced.secretPower(exponent, modulus: primeSquared)
        return Arithmetic.multiply(try Arithmetic.lFunction(power, divisor: prime), h, modulo: prime)
    }

    /// The secret primes, for known-answer vectors and tests in this package.
    package var primes: (p: BigInt, q: BigInt) { (p, q) }
}
