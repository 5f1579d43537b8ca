import CSodium

/// Ed25519 signatures (RFC 8032, PureEdDSA) through libsodium's `crypto_sign_detached`.
public enum Ed25519 {
    /// Length of a seed and of a public key, in bytes.
    public static let keyByteCount = 32
    /// Length of a signature, in bytes.
    public static let signatureByteCount = 64

    /// An Ed25519 public key.
    public struct PublicKey: Sendable, Hashable {
        /// The 32-byte encoding.
        public let rawRepresentation: [UInt8]

        /// Checks and wraps a 32-byte public key.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a key that is not 32 bytes and
        ///   ``PrimitiveError/invalidPublicKey(reason:)`` for an encoding that is not a canonical point of
        ///   large order (`crypto_core_ed25519_is_valid_point`).
        public init(rawRepresentation: some ContiguousByteStorage) throws {
            guard rawRepresentation.count == Ed25519.keyByteCount else {
                throw PrimitiveError.invalidLength(
                    role: "Ed25519 public key", expected: Ed25519.keyByteCount, actual: rawRepresentation.count)
            }
            Sodium.ensureInitialized()
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard crypto_core_ed25519_is_valid_point(bytes) == 1 else {
                throw PrimitiveError.invalidPublicKey(reason: "not a canonical encoding of a point of large order")
            }
            self.rawRepresentation = bytes
        }

        fileprivate init(unchecked bytes: [UInt8]) {
            rawRepresentation = bytes
        }

        /// Whether `signature` is a valid signature of `message` under this key.
        ///
        /// A signature of the wrong length is invalid. libsodium rejects non-canonical `S` values, so a valid
        /// signature cannot be altered into another valid one.
        public func isValidSignature(
            _ signature: some ContiguousByteStorage, for message: some ContiguousByteStorage
        ) -> Bool {
            guard signature.count == Ed25519.signatureByteCount else { return false }
            return signature.withUnsafeBytes { signatureBytes in
                message.withUnsafeBytes { messageBytes in
                    crypto_sign_verify_detached(
                        signatureBytes.bytePointer,
                        messageBytes.bytePointer, UInt64(messageBytes.count),
                        rawRepresentation) == 0
                }
            }
        }

        /// Verifies `signature` on `message`.
        ///
        /// - Throws: ``PrimitiveError/invalidSignature`` when it does not verify.
        public func verify(_ signature: some ContiguousByteStorage, for message: some ContiguousByteStorage) throws {
            guard isValidSignature(signature, for: message) else { throw PrimitiveError.invalidSignature }
        }
    }

    /// An Ed25519 private key, kept as libsodium's 64-byte form (seed followed by public key) and wiped on release.
    public struct PrivateKey: Sendable {
        private let secretKey: SecureBytes
        /// The matching public key.
        public let publicKey: PublicKey

        /// Generates a key pair from the system CSPRNG.
        public init() {
            var source = SystemRandom()
            self.init(validSeed: source.secretBytes(count: Ed25519.keyByteCount))
        }

        /// Generates a key pair from `source`, for deterministic tests and vectors.
        public init(using source: inout some RandomSource) {
            self.init(validSeed: source.secretBytes(count: Ed25519.keyByteCount))
        }

        /// Derives the key pair deterministically from a 32-byte seed (`crypto_sign_seed_keypair`).
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a seed that is not 32 bytes.
        public init(seed: some ContiguousByteStorage) throws {
            guard seed.count == Ed25519.keyByteCount else {
                throw PrimitiveError.invalidLength(
                    role: "Ed25519 seed", expected: Ed25519.keyByteCount, actual: seed.count)
            }
            self.init(validSeed: SecureBytes(copying: seed))
        }

        private init(validSeed seed: SecureBytes) {
            Sodium.ensureInitialized()
            var publicBytes = [UInt8](repeating: 0, count: Ed25519.keyByteCount)
            secretKey = SecureBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { output in
                seed.withUnsafeBytes { seedBytes in
                    _ = crypto_sign_seed_keypair(
                        &publicBytes, output.mutableBytePointer,
                        seedBytes.bytePointer)
                }
            }
            publicKey = PublicKey(unchecked: publicBytes)
        }

        /// The 32-byte seed, from which the whole key pair can be rebuilt.
        public var seed: SecureBytes {
            SecureBytes(count: Ed25519.keyByteCount) { output in
                secretKey.withUnsafeBytes { source in
                    output.mutableBytePointer.update(from: source.bytePointer, count: Ed25519.keyByteCount)
                }
            }
        }

        /// Signs `message`. Ed25519 signatures are deterministic: the same key and message give the same bytes.
        public func signature(for message: some ContiguousByteStorage) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureByteCount)
            secretKey.withUnsafeBytes { key in
                message.withUnsafeBytes { messageBytes in
                    _ = crypto_sign_detached(
                        &signature, nil, messageBytes.bytePointer,
                        UInt64(messageBytes.count), key.bytePointer)
                }
            }
            return signature
        }
    }
}

extension Ed25519.PrivateKey: CustomStringConvertible {
    public var description: String { "Ed25519.PrivateKey(public: \(Hex.encode(publicKey.rawRepresentation)))" }
}
