import CSodium

/// X25519 Diffie-Hellman (RFC 7748) through libsodium's `crypto_scalarmult`.
///
/// Agreement returns a ``SharedSecret`` that can only be used through a KDF: the raw Diffie-Hellman output is
/// never a key.
public enum X25519 {
    /// Length in bytes of public keys, private keys and shared secrets.
    public static let byteCount = 32

    /// The u-coordinates of the points of order 1, 2, 4 and 8, and the non-canonical encodings of 0 and 1.
    ///
    /// Bit 255 of an encoding is ignored, as X25519 ignores it. This is the list libsodium's scalar
    /// multiplication rejects; checking it here lets the error say which input was bad.
    static let smallOrderEncodings: [[UInt8]] = [
        [UInt8](repeating: 0, count: 32),
        [1] + [UInt8](repeating: 0, count: 31),
        [
            0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
            0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00,
        ],
        [
            0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b,
            0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57,
        ],
        [
            0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ],
        [
            0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ],
        [
            0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ],
    ]

    /// An X25519 public key: the u-coordinate of a point of large order, 32 bytes little-endian.
    public struct PublicKey: Sendable, Hashable {
        /// The 32-byte encoding.
        public let rawRepresentation: [UInt8]

        /// Checks and wraps a 32-byte public key.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a key that is not 32 bytes, and
        ///   ``PrimitiveError/lowOrderPublicKey`` for a point of small order.
        public init(rawRepresentation: some ContiguousByteStorage) throws {
            guard rawRepresentation.count == X25519.byteCount else {
                throw PrimitiveError.invalidLength(
                    role: "X25519 public key", expected: X25519.byteCount, actual: rawRepresentation.count)
            }
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard !X25519.hasSmallOrder(bytes) else { throw PrimitiveError.lowOrderPublicKey }
            self.rawRepresentation = bytes
        }
    }

    /// An X25519 private key: 32 secret bytes, clamped by the scalar multiplication, wiped on release.
    public struct PrivateKey: Sendable {
        private let secret: SecureBytes
        /// The matching public key.
        public let publicKey: PublicKey

        /// Generates a key pair from the system CSPRNG.
        public init() {
            var source = SystemRandom()
            self.init(unchecked: source.secretBytes(count: X25519.byteCount))
        }

        /// Generates a key pair from `source`, for deterministic tests and vectors.
        public init(using source: inout some RandomSource) {
            self.init(unchecked: source.secretBytes(count: X25519.byteCount))
        }

        /// Wraps 32 secret bytes.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a key that is not 32 bytes.
        public init(rawRepresentation: some ContiguousByteStorage) throws {
            guard rawRepresentation.count == X25519.byteCount else {
                throw PrimitiveError.invalidLength(
                    role: "X25519 private key", expected: X25519.byteCount, actual: rawRepresentation.count)
            }
            self.init(unchecked: SecureBytes(copying: rawRepresentation))
        }

        private init(unchecked secret: SecureBytes) {
            Sodium.ensureInitialized()
            self.secret = secret
            var publicBytes = [UInt8](repeating: 0, count: X25519.byteCount)
            secret.withUnsafeBytes { scalar in
                _ = crypto_scalarmult_base(&publicBytes, scalar.bytePointer)
            }
            // The base point has order 2^252 + ..., and a clamped scalar is never a multiple of it, so the
            // result is a point of large order.
            self.publicKey = PublicKey(uncheckedRawRepresentation: publicBytes)
        }

        /// The 32 secret bytes, for sharing the key with Shamir's scheme or storing it encrypted.
        public var rawRepresentation: SecureBytes { secret }

        /// Computes the shared secret with `peer`.
        ///
        /// - Throws: ``PrimitiveError/zeroSharedSecret`` when the result is all zero. Small-order keys are
        ///   already rejected when the ``PublicKey`` is created.
        public func sharedSecret(with peer: PublicKey) throws -> SharedSecret {
            let shared = try X25519.scalarMultiply(secret, peer.rawRepresentation)
            return SharedSecret(bytes: shared)
        }
    }

    /// The output of X25519 agreement. Its only use is as input keying material for a KDF.
    public struct SharedSecret: Sendable {
        package let bytes: SecureBytes

        /// Derives a key of `outputByteCount` bytes with HKDF-SHA-256.
        ///
        /// - Parameters:
        ///   - salt: HKDF salt; the toolkit passes a session identifier.
        ///   - info: the domain-separation label and context, as built by ``KeyDerivation``.
        public func hkdfDerivedKey(
            salt: some ContiguousByteStorage, info: some ContiguousByteStorage, outputByteCount: Int
        ) throws -> SecureBytes {
            try HKDFSHA256.deriveKey(inputKeyMaterial: bytes, salt: salt, info: info, outputByteCount: outputByteCount)
        }
    }

    /// Computes X25519(scalar, u) with libsodium's `crypto_scalarmult`, which clamps the scalar and ignores bit 255
    /// of `u`.
    ///
    /// - Throws: ``PrimitiveError/lowOrderPublicKey`` when `u` has small order and
    ///   ``PrimitiveError/zeroSharedSecret`` when the result is zero.
    package static func scalarMultiply(
        _ scalar: some ContiguousByteStorage, _ u: some ContiguousByteStorage
    ) throws -> SecureBytes {
        guard scalar.count == byteCount else {
            throw PrimitiveError.invalidLength(role: "X25519 scalar", expected: byteCount, actual: scalar.count)
        }
        guard u.count == byteCount else {
            throw PrimitiveError.invalidLength(role: "X25519 public key", expected: byteCount, actual: u.count)
        }
        let uBytes = u.withUnsafeBytes { Array($0) }
        guard !hasSmallOrder(uBytes) else { throw PrimitiveError.lowOrderPublicKey }
        Sodium.ensureInitialized()
        var status: Int32 = 0
        let shared = SecureBytes(count: byteCount) { output in
            status = scalar.withUnsafeBytes { scalarBytes in
                crypto_scalarmult(
                    output.mutableBytePointer,
                    scalarBytes.bytePointer, uBytes)
            }
        }
        guard status == 0, !shared.isAllZero else { throw PrimitiveError.zeroSharedSecret }
        return shared
    }

    /// Whether `encoding` is on the small-order list, ignoring bit 255. The comparison runs over every entry.
    static func hasSmallOrder(_ encoding: [UInt8]) -> Bool {
        var masked = encoding
        masked[31] &= 0x7f
        var found = false
        for candidate in smallOrderEncodings {
            found = constantTimeEqual(masked, candidate) || found
        }
        return found
    }
}

extension X25519.PublicKey {
    fileprivate init(uncheckedRawRepresentation: [UInt8]) {
        self.rawRepresentation = uncheckedRawRepresentation
    }
}

extension X25519.PrivateKey: CustomStringConvertible {
    public var description: String { "X25519.PrivateKey(public: \(Hex.encode(publicKey.rawRepresentation)))" }
}
