import CSodium

/// ChaCha20-Poly1305 AEAD with a 96-bit nonce (RFC 8439), through libsodium's
/// `crypto_aead_chacha20poly1305_ietf`.
///
/// The toolkit's messages use ``XChaCha20Poly1305``, whose nonce can be random. This variant is here for
/// interoperability and for the RFC 8439 vectors.
public enum ChaCha20Poly1305 {
    /// Nonce length in bytes.
    public static let nonceByteCount = Int(crypto_aead_chacha20poly1305_ietf_NPUBBYTES)
    /// Tag length in bytes.
    public static let tagByteCount = Int(crypto_aead_chacha20poly1305_ietf_ABYTES)

    /// Encrypts and authenticates, returning the ciphertext and the tag.
    ///
    /// - Parameter nonce: 12 bytes that must never repeat under one key.
    public static func seal(
        _ plaintext: some ContiguousByteStorage, using key: SymmetricKey, nonce: [UInt8],
        authenticating associatedData: some ContiguousByteStorage = [UInt8]()
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard nonce.count == nonceByteCount else {
            throw PrimitiveError.invalidLength(
                role: "ChaCha20-Poly1305 nonce", expected: nonceByteCount, actual: nonce.count)
        }
        Sodium.ensureInitialized()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        let status = plaintext.withUnsafeBytes { message in
            associatedData.withUnsafeBytes { data in
                key.bytes.withUnsafeBytes { keyBytes in
                    crypto_aead_chacha20poly1305_ietf_encrypt_detached(
                        &ciphertext, &tag, nil,
                        message.bytePointer, UInt64(message.count),
                        data.bytePointer, UInt64(data.count),
                        nil, nonce, keyBytes.bytePointer)
                }
            }
        }
        guard status == 0 else {
            throw PrimitiveError.libraryFailure(function: "crypto_aead_chacha20poly1305_ietf_encrypt_detached")
        }
        return (ciphertext, tag)
    }

    /// Checks the tag and decrypts.
    ///
    /// - Throws: ``PrimitiveError/authenticationFailed`` when anything differs from what was sealed.
    public static func open(
        ciphertext: [UInt8], tag: [UInt8], using key: SymmetricKey, nonce: [UInt8],
        authenticating associatedData: some ContiguousByteStorage = [UInt8]()
    ) throws -> SecureBytes {
        guard nonce.count == nonceByteCount else {
            throw PrimitiveError.invalidLength(
                role: "ChaCha20-Poly1305 nonce", expected: nonceByteCount, actual: nonce.count)
        }
        guard tag.count == tagByteCount else {
            throw PrimitiveError.invalidLength(role: "ChaCha20-Poly1305 tag", expected: tagByteCount, actual: tag.count)
        }
        Sodium.ensureInitialized()
        var status: Int32 = -1
        let plaintext = SecureBytes(count: ciphertext.count) { output in
            status = associatedData.withUnsafeBytes { data in
                key.bytes.withUnsafeBytes { keyBytes in
                    crypto_aead_chacha20poly1305_ietf_decrypt_detached(
                        output.mutableBytePointer, nil,
                        ciphertext, UInt64(ciphertext.count), tag,
                        data.bytePointer, UInt64(data.count),
                        nonce, keyBytes.bytePointer)
                }
            }
        }
        guard status == 0 else { throw PrimitiveError.authenticationFailed }
        return plaintext
    }
}
