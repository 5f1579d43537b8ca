/// HKDF with HMAC-SHA-256 (RFC 5869).
///
/// libsodium 1.0.18 has no HKDF, so this composes it from libsodium's HMAC-SHA-256.
public enum HKDFSHA256 {
    /// The longest output HKDF-SHA-256 can produce: 255 blocks of 32 bytes.
    public static let maximumOutputByteCount = 255 * HMACSHA256.tagByteCount

    /// Computes the pseudorandom key `HMAC-SHA-256(salt, ikm)`. An empty salt stands for 32 zero bytes.
    public static func extract(
        salt: some ContiguousByteStorage, inputKeyMaterial: some ContiguousByteStorage
    ) -> SecureBytes {
        if salt.count == 0 {
            return HMACSHA256.authenticationCode(
                for: inputKeyMaterial, key: [UInt8](repeating: 0, count: HMACSHA256.tagByteCount))
        }
        return HMACSHA256.authenticationCode(for: inputKeyMaterial, key: salt)
    }

    /// Expands a pseudorandom key into `outputByteCount` bytes bound to `info`.
    ///
    /// - Throws: ``PrimitiveError/lengthOutOfRange(role:minimum:maximum:actual:)`` when the output is longer
    ///   than 8160 bytes, or when the pseudorandom key is shorter than 32 bytes.
    public static func expand(
        pseudorandomKey: some ContiguousByteStorage, info: some ContiguousByteStorage, outputByteCount: Int
    ) throws -> SecureBytes {
        guard outputByteCount >= 0 && outputByteCount <= maximumOutputByteCount else {
            throw PrimitiveError.lengthOutOfRange(
                role: "HKDF output", minimum: 0, maximum: maximumOutputByteCount, actual: outputByteCount)
        }
        guard pseudorandomKey.count >= HMACSHA256.tagByteCount else {
            throw PrimitiveError.lengthOutOfRange(
                role: "HKDF pseudorandom key", minimum: HMACSHA256.tagByteCount, maximum: Int.max,
                actual: pseudorandomKey.count)
        }
        let infoCopy = info.withUnsafeBytes { Array($0) }
        return SecureBytes(count: outputByteCount) { output in
            var previous = SecureBytes(zeroedCount: 0)
            var written = 0
            var blockIndex: UInt8 = 1
            while written < outputByteCount {
                let block = HMACSHA256.authenticationCode(
                    for: [previous, infoCopy, [blockIndex]], key: pseudorandomKey)
                let take = Swift.min(block.count, outputByteCount - written)
                block.withUnsafeBytes { source in
                    (output.mutableBytePointer + written).update(from: source.bytePointer, count: take)
                }
                written += take
                previous = block
                blockIndex &+= 1
            }
        }
    }

    /// Runs extract then expand.
    public static func deriveKey(
        inputKeyMaterial: some ContiguousByteStorage, salt: some ContiguousByteStorage,
        info: some ContiguousByteStorage, outputByteCount: Int
    ) throws -> SecureBytes {
        let pseudorandomKey = extract(salt: salt, inputKeyMaterial: inputKeyMaterial)
        return try expand(pseudorandomKey: pseudorandomKey, info: info, outputByteCount: outputByteCount)
    }
}
