import CSodium

/// BLAKE2b (RFC 7693) through libsodium's `crypto_generichash`, unkeyed or keyed.
public enum BLAKE2b {
    /// Shortest digest libsodium produces, in bytes.
    public static let minimumDigestByteCount = Int(crypto_generichash_BYTES_MIN)
    /// Longest digest, in bytes.
    public static let maximumDigestByteCount = Int(crypto_generichash_BYTES_MAX)
    /// Shortest non-empty key, in bytes.
    public static let minimumKeyByteCount = Int(crypto_generichash_KEYBYTES_MIN)
    /// Longest key, in bytes.
    public static let maximumKeyByteCount = Int(crypto_generichash_KEYBYTES_MAX)

    /// Returns the BLAKE2b digest of `message`, keyed when `key` is not empty.
    ///
    /// - Throws: ``PrimitiveError/lengthOutOfRange(role:minimum:maximum:actual:)`` when the digest length is not
    ///   16...64 bytes or a non-empty key is not 16...64 bytes.
    public static func hash(
        _ message: some ContiguousByteStorage, key: some ContiguousByteStorage = [UInt8](),
        digestByteCount: Int = 64
    ) throws -> [UInt8] {
        guard digestByteCount >= minimumDigestByteCount && digestByteCount <= maximumDigestByteCount else {
            throw PrimitiveError.lengthOutOfRange(
                role: "BLAKE2b digest", minimum: minimumDigestByteCount, maximum: maximumDigestByteCount,
                actual: digestByteCount)
        }
        guard key.count == 0 || (key.count >= minimumKeyByteCount && key.count <= maximumKeyByteCount) else {
            throw PrimitiveError.lengthOutOfRange(
                role: "BLAKE2b key", minimum: minimumKeyByteCount, maximum: maximumKeyByteCount, actual: key.count)
        }
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestByteCount)
        let status = message.withUnsafeBytes { messageBytes in
            key.withUnsafeBytes { keyBytes in
                crypto_generichash(
                    &digest, digestByteCount,
                    messageBytes.bytePointer, UInt64(messageBytes.count),
                    keyBytes.count == 0 ? nil : keyBytes.bytePointer,
                    keyBytes.count)
            }
        }
        guard status == 0 else { throw PrimitiveError.libraryFailure(function: "crypto_generichash") }
        return digest
    }
}
