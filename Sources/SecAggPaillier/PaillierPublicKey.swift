import CGMP
import SecAggBigInt
import SecAggPrimitives

/// The key sizes that loading and generating keys accept.
///
/// Production code uses ``production``. ``unsafeTestKeys`` exists so that tests and known-answer vectors can
/// use small moduli that are fast to compute with.
public struct PaillierKeyPolicy: Sendable, Hashable {
    /// The smallest accepted modulus bit width.
    public let minimumModulusBitWidth: Int

    /// The largest accepted modulus bit width, which bounds the work that a hostile key can cause.
    public static let maximumModulusBitWidth = 16384

    /// Accepts moduli of 2048 bits or more, the minimum that NIST SP 800-57 Part 1 rates at 112-bit security.
    public static let production = PaillierKeyPolicy(minimumModulusBitWidth: 2048)

    /// Accepts moduli from 64 bits.
    ///
    /// - Warning: For tests and known-answer vectors only. A key below 2048 bits can be factored, which reveals
    ///   every plaintext encrypted under it.
    public static let unsafeTestKeys = PaillierKeyPolicy(minimumModulusBitWidth: 64)

    private init(minimumModulusBitWidth: Int) {
        self.minimumModulusBitWidth = minimumModulusBitWidth
    }

    func checkModulusSize(_ bitWidth: Int) throws {
        guard bitWidth >= minimumModulusBitWidth, bitWidth <= Self.maximumModulusBitWidth else {
            throw PaillierError.modulusSizeOutOfRange(
                bitWidth: bitWidth, minimum: minimumModulusBitWidth, maximum: Self.maximumModulusBitWidth)
        }
    }
}

/// A 16-byte identifier of a public key: the first 16 bytes of
/// `SHA-256("secagg/v1 paillier public key" || n)`, with `n` in minimal big-endian bytes.
///
/// Ciphertexts, encrypted vectors and threshold shares carry it, so that a value of one key is never combined
/// with a value of another.
public struct PaillierKeyID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 identifier bytes.
    public let bytes: [UInt8]

    /// The domain-separation prefix of the hash.
    static let domain = Array("secagg/v1 paillier public key".utf8)

    /// Creates an identifier from its 16 bytes, as read from an encoding.
    ///
    /// - Parameter bytes: Exactly 16 bytes.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)`` for another length.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 16 else {
            throw PaillierError.malformedEncoding(
                type: "key identifier", reason: "expected 16 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    init(modulus: BigInt) {
        var hash = SHA256()
        hash.update(Self.domain)
        hash.update(modulus.bigEndianBytes())
        bytes = Array(hash.finalize().prefix(16))
    }

    /// The identifier in lowercase hexadecimal.
    public var description: String { Hex.encode(bytes) }
}

/// A Paillier public key with generator `g = n + 1`.
///
/// The key is validated when it is created: `n` is odd, within the size that the ``PaillierKeyPolicy``
/// allows, free of prime factors below 2^16, neither prime nor a perfect square. Checking `gcd(n, φ(n)) = 1` and
/// that `n` has exactly two prime factors needs the factors, so the private key performs those checks.
public struct PaillierPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The modulus `n = p * q`.
    public let modulus: BigInt
    /// `n²`, the modulus of the ciphertext group.
    public let modulusSquared: BigInt
    /// The identifier that ciphertexts of this key carry.
    public let id: PaillierKeyID

    /// Creates a public key from its modulus and validates it.
    ///
    /// - Parameters:
    ///   - modulus: The modulus `n`.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    /// - Throws: ``PaillierError/modulusSizeOutOfRange(bitWidth:minimum:maximum:)``,
    ///   ``PaillierError/modulusEven``, ``PaillierError/modulusHasSmallFactor(factor:)`` or
    ///   ``PaillierError/modulusNotProductOfTwoPrimes``.
    public init(modulus: BigInt, policy: PaillierKeyPolicy = .production) throws {
        try policy.checkModulusSize(modulus.bitWidth)
        guard modulus.isOdd else { throw PaillierError.modulusEven }
        if let factor = SmallPrimes.smallestFactor(of: modulus) {
            throw PaillierError.modulusHasSmallFactor(factor: factor)
        }
        let isSquare = modulus.withUnsafeMPZ { __gmpz_perfect_square_p($0) != 0 }
        guard !isSquare, !Primality.isProbablePrime(modulus, label: "public key modulus") else {
            throw PaillierError.modulusNotProductOfTwoPrimes
        }
        self.init(validatedModulus: modulus)
    }

    /// Creates a key from a modulus that the caller has validated, for example from two checked primes.
    init(validatedModulus modulus: BigInt) {
        self.modulus = modulus
        self.modulusSquared = modulus * modulus
        self.id = PaillierKeyID(modulus: modulus)
    }

    /// The generator `g = n + 1`.
    public var generator: BigInt { modulus + 1 }

    /// The bit width of `n`.
    public var bitWidth: Int { modulus.bitWidth }

    /// The number of bytes of `n` in big-endian form.
    public var modulusByteCount: Int { (modulus.bitWidth + 7) / 8 }

    /// The number of bytes of a ciphertext in the fixed-length encoding: twice ``modulusByteCount``.
    public var ciphertextByteCount: Int { 2 * modulusByteCount }

    /// The security level in bits that NIST SP 800-57 Part 1 (Table 2) assigns to a modulus of this size: 112
    /// from 2048 bits, 128 from 3072, 192 from 7680 and 256 from 15360. Smaller test keys report 112.
    public var securityBitWidth: Int {
        switch bitWidth {
        case 15360...: return 256
        case 7680..<15360: return 192
        case 3072..<7680: return 128
        default: return 112
        }
    }

    /// A summary with the size and identifier.
    public var description: String { "PaillierPublicKey(\(bitWidth) bits, id \(id))" }

    /// Returns whether two keys have the same modulus.
    ///
    /// - Parameters:
    ///   - lhs: A key.
    ///   - rhs: Another key.
    /// - Returns: `true` when the moduli are equal.
    public static func == (lhs: PaillierPublicKey, rhs: PaillierPublicKey) -> Bool {
        lhs.id == rhs.id && lhs.modulus == rhs.modulus
    }

    /// Feeds the key identifier into `hasher`.
    ///
    /// - Parameter hasher: The hasher to feed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    // MARK: Ciphertext validation

    /// Validates a ciphertext value received from outside and binds it to this key.
    ///
    /// The value must lie in `Z*_{n²}`: `0 < c < n²` and `gcd(c, n) = 1`. The value 1 passes, because it is the
    /// encryption of 0 with `r = 1`, a group element like any other. No receiver can tell whether a ciphertext
    /// was randomized, so this check does not try.
    /// - Parameter value: The ciphertext value.
    /// - Returns: The ciphertext, bound to this key.
    /// - Throws: ``PaillierError/ciphertextOutOfRange`` or ``PaillierError/ciphertextNotUnit``.
    public func ciphertext(_ value: BigInt) throws -> PaillierCiphertext {
        guard value.signum() > 0, value < modulusSquared else { throw PaillierError.ciphertextOutOfRange }
        let common = value.withUnsafeMPZ { valueMPZ in
            modulus.withUnsafeMPZ { modulusMPZ in
                var reduced = BigInt(0)
                reduced.withUnsafeMutableMPZ { reducedMPZ in
                    __gmpz_mod(reducedMPZ, valueMPZ, modulusMPZ)
                    __gmpz_gcd(reducedMPZ, reducedMPZ, modulusMPZ)
                }
                return reduced
            }
        }
        guard common == 1 else { throw PaillierError.ciphertextNotUnit }
        return PaillierCiphertext(uncheckedValue: value, keyID: id)
    }

    /// Throws unless `ciphertext` belongs to this key.
    func checkKey(of ciphertext: PaillierCiphertext) throws {
        guard ciphertext.keyID == id else {
            throw PaillierError.keyMismatch(expected: id.description, actual: ciphertext.keyID.description)
        }
    }

    /// Throws unless `plaintext` lies in `0..<n`.
    func checkPlaintext(_ plaintext: BigInt) throws {
        guard plaintext.signum() >= 0, plaintext < modulus else { throw PaillierError.plaintextOutOfRange }
    }
}

/// A Paillier ciphertext: an element of `Z*_{n²}` bound to the public key that validated or produced it.
///
/// Ciphertexts are created only by encryption, by homomorphic operations, or by
/// ``PaillierPublicKey/ciphertext(_:)`` and the decoders, which validate values received from outside.
public struct PaillierCiphertext: Sendable, Hashable, CustomStringConvertible {
    /// The value `c` in `1..<n²`.
    public let value: BigInt
    /// The identifier of the key that the ciphertext belongs to.
    public let keyID: PaillierKeyID

    init(uncheckedValue value: BigInt, keyID: PaillierKeyID) {
        self.value = value
        self.keyID = keyID
    }

    /// A summary with the bit width and key identifier. A ciphertext is public, but its digits fill a screen.
    public var description: String { "PaillierCiphertext(\(value.bitWidth) bits, key \(keyID))" }
}
