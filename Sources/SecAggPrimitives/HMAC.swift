import CSodium

/// HMAC-SHA-256 (RFC 2104) through libsodium's `crypto_auth_hmacsha256_init/update/final`, which accept keys
/// of any length.
public enum HMACSHA256 {
    /// The tag length in bytes.
    public static let tagByteCount = 32

    /// Computes the HMAC-SHA-256 tag of the concatenation of `parts` under `key`.
    public static func authenticationCode(
        for parts: [any ContiguousByteStorage], key: some ContiguousByteStorage
    ) -> SecureBytes {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha256_state()
        key.withUnsafeBytes { keyBytes in
            _ = crypto_auth_hmacsha256_init(
                &state, keyBytes.bytePointer, keyBytes.count)
        }
        for part in parts {
            part.withUnsafeBytes { bytes in
                _ = crypto_auth_hmacsha256_update(
                    &state, bytes.bytePointer, UInt64(bytes.count))
            }
        }
        let tag = SecureBytes(count: tagByteCount) { output in
            _ = crypto_auth_hmacsha256_final(&state, output.mutableBytePointer)
        }
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
        return tag
    }

    /// Computes the HMAC-SHA-256 tag of `message` under `key`.
    public static func authenticationCode(
        for message: some ContiguousByteStorage, key: some ContiguousByteStorage
    ) -> SecureBytes {
        authenticationCode(for: [message], key: key)
    }

    /// Checks `tag` against the HMAC-SHA-256 of `message` in constant time.
    public static func isValidAuthenticationCode(
        _ tag: some ContiguousByteStorage, for message: some ContiguousByteStorage, key: some ContiguousByteStorage
    ) -> Bool {
        constantTimeEqual(authenticationCode(for: message, key: key), tag)
    }
}

/// HMAC-SHA-512 (RFC 2104) through libsodium's `crypto_auth_hmacsha512_init/update/final`, which accept keys
/// of any length.
public enum HMACSHA512 {
    /// The tag length in bytes.
    public static let tagByteCount = 64

    /// Computes the HMAC-SHA-512 tag of `message` under `key`.
    public static func authenticationCode(
        for message: some ContiguousByteStorage, key: some ContiguousByteStorage
    ) -> SecureBytes {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha512_state()
        key.withUnsafeBytes { keyBytes in
            _ = crypto_auth_hmacsha512_init(
                &state, keyBytes.bytePointer, keyBytes.count)
        }
        message.withUnsafeBytes { bytes in
            _ = crypto_auth_hmacsha512_update(
                &state, bytes.bytePointer, UInt64(bytes.count))
        }
        let tag = SecureBytes(count: tagByteCount) { output in
            _ = crypto_auth_hmacsha512_final(&state, output.mutableBytePointer)
        }
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
        return tag
    }

    /// Checks `tag` against the HMAC-SHA-512 of `message` in constant time.
    public static func isValidAuthenticationCode(
        _ tag: some ContiguousByteStorage, for message: some ContiguousByteStorage, key: some ContiguousByteStorage
    ) -> Bool {
        constantTimeEqual(authenticationCode(for: message, key: key), tag)
    }
}
