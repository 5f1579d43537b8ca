import CSodium

/// XChaCha20-Poly1305 authenticated encryption with associated data (draft-irtf-cfrg-xchacha-03), through
/// libsodium's `crypto_aead_xchacha20poly1305_ietf`.
///
/// The 192-bit nonce is long enough to draw at random for every message.
public enum XChaCha20Poly1305 {
    /// Nonce length in bytes.
    public static let nonceByteCount = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    /// Tag length in bytes.
    public static let tagByteCount = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// A sealed message: nonce, ciphertext and tag.
    public struct SealedBox: Sendable, Equatable {
        /// The 24-byte nonce.
        public let nonce: [UInt8]
        /// The ciphertext, as long as the plaintext.
        public let ciphertext: [UInt8]
        /// The 16-byte Poly1305 tag.
        public let tag: [UInt8]

        /// The wire form: nonce, then ciphertext, then tag.
        public var combined: [UInt8] { nonce + ciphertext + tag }

        /// Splits the wire form into its parts.
        ///
        /// - Throws: ``PrimitiveError/lengthOutOfRange(role:minimum:maximum:actual:)`` when the input is shorter
        ///   than a nonce and a tag.
        public init(combined: some ContiguousByteStorage) throws {
            let minimum = XChaCha20Poly1305.nonceByteCount + XChaCha20Poly1305.tagByteCount
            guard combined.count >= minimum else {
                throw PrimitiveError.lengthOutOfRange(
                    role: "XChaCha20-Poly1305 sealed box", minimum: minimum, maximum: Int.max, actual: combined.count)
            }
            let bytes = combined.withUnsafeBytes { Array($0) }
            nonce = Array(bytes[0..<XChaCha20Poly1305.nonceByteCount])
            ciphertext = Array(bytes[XChaCha20Poly1305.nonceByteCount..<(bytes.count - XChaCha20Poly1305.tagByteCount)])
            tag = Array(bytes[(bytes.count - XChaCha20Poly1305.tagByteCount)...])
        }

        /// Assembles a box from its parts.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a nonce or tag of the wrong length.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws {
            guard nonce.count == XChaCha20Poly1305.nonceByteCount else {
                throw PrimitiveError.invalidLength(
                    role: "XChaCha20-Poly1305 nonce", expected: XChaCha20Poly1305.nonceByteCount, actual: nonce.count)
            }
            guard tag.count == XChaCha20Poly1305.tagByteCount else {
                throw PrimitiveError.invalidLength(
                    role: "XChaCha20-Poly1305 tag", expected: XChaCha20Poly1305.tagByteCount, actual: tag.count)
            }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }
    }

    /// Encrypts `plaintext` and authenticates it together with `associatedData`.
    ///
    /// - Parameter nonce: 24 bytes, unique per key; drawn from the system CSPRNG when `nil`.
    public static func seal(
        _ plaintext: some ContiguousByteStorage, using key: SymmetricKey, nonce: [UInt8]? = nil,
        authenticating associatedData: some ContiguousByteStorage = [UInt8]()
    ) throws -> SealedBox {
        Sodium.ensureInitialized()
        let nonceBytes = nonce ?? SystemRandom.bytes(count: nonceByteCount)
        guard nonceBytes.count == nonceByteCount else {
            throw PrimitiveError.invalidLength(
                role: "XChaCha20-Poly1305 nonce", expected: nonceByteCount, actual: nonceBytes.count)
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        let status = plaintext.withUnsafeBytes { message in
            associatedData.withUnsafeBytes { data in
                key.bytes.withUnsafeBytes { keyBytes in
                    crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
                        &ciphertext, &tag, nil,
                        message.bytePointer, UInt64(message.count),
                        data.bytePointer, UInt64(data.count),
                        nil, nonceBytes, keyBytes.bytePointer)
                }
            }
        }
        guard status == 0 else {
            throw PrimitiveError.libraryFailure(function: "crypto_aead_xchacha20poly1305_ietf_encrypt_detached")
        }
        return try SealedBox(nonce: nonceBytes, ciphertext: ciphertext, tag: tag)
    }

    /// Checks the tag and decrypts. The plaintext comes back as ``SecureBytes`` because it is often a secret.
    ///
    /// - Throws: ``PrimitiveError/authenticationFailed`` when the key, nonce, ciphertext, tag or associated
    ///   data differ from those sealed. Nothing is decrypted in that case.
    public static func open(
        _ box: SealedBox, using key: SymmetricKey,
        authenticating associatedData: some ContiguousByteStorage = [UInt8]()
    ) throws -> SecureBytes {
        Sodium.ensureInitialized()
        var status: Int32 = -1
        let plaintext = SecureBytes(count: box.ciphertext.count) { output in
            status = associatedData.withUnsafeBytes { data in
                key.bytes.withUnsafeBytes { keyBytes in
                    box.ciphertext.withUnsafeBytes { ciphertext in
                        crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
                            output.mutableBytePointer, nil,
                            ciphertext.bytePointer, UInt64(ciphertext.count),
                            box.tag, data.bytePointer, UInt64(data.count),
                            box.nonce, keyBytes.bytePointer)
                    }
                }
            }
        }
        guard status == 0 else { throw PrimitiveError.authenticationFailed }
        return plaintext
    }
}
