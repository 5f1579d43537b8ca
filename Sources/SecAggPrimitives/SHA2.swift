import CSodium

/// SHA-256 (FIPS 180-4) through libsodium's `crypto_hash_sha256`.
public struct SHA256: Sendable {
    /// The digest length in bytes.
    public static let digestByteCount = 32

    private var state = crypto_hash_sha256_state()

    /// Starts an incremental hash.
    public init() {
        Sodium.ensureInitialized()
        crypto_hash_sha256_init(&state)
    }

    /// Adds `data` to the hash.
    public mutating func update(_ data: some ContiguousByteStorage) {
        data.withUnsafeBytes { bytes in
            _ = crypto_hash_sha256_update(
                &state, bytes.bytePointer, UInt64(bytes.count))
        }
    }

    /// Returns the digest of everything added so far.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.digestByteCount)
        crypto_hash_sha256_final(&state, &digest)
        return digest
    }

    /// Returns the SHA-256 digest of `data`.
    public static func hash(_ data: some ContiguousByteStorage) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }
}

/// SHA-512 (FIPS 180-4) through libsodium's `crypto_hash_sha512`.
public struct SHA512: Sendable {
    /// The digest length in bytes.
    public static let digestByteCount = 64

    private var state = crypto_hash_sha512_state()

    /// Starts an incremental hash.
    public init() {
        Sodium.ensureInitialized()
        crypto_hash_sha512_init(&state)
    }

    /// Adds `data` to the hash.
    public mutating func update(_ data: some ContiguousByteStorage) {
        data.withUnsafeBytes { bytes in
            _ = crypto_hash_sha512_update(
                &state, bytes.bytePointer, UInt64(bytes.count))
        }
    }

    /// Returns the digest of everything added so far.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.digestByteCount)
        crypto_hash_sha512_final(&state, &digest)
        return digest
    }

    /// Returns the SHA-512 digest of `data`.
    public static func hash(_ data: some ContiguousByteStorage) -> [UInt8] {
        var hasher = SHA512()
        hasher.update(data)
        return hasher.finalize()
    }
}
