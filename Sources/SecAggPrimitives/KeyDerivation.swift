/// Domain-separated key derivation: every key the toolkit derives goes through here, so that no two uses of one
/// secret can produce the same key.
///
/// A derivation is HKDF-SHA-256 with
/// - `salt`: a context-specific public value (a session identifier, or empty),
/// - `info`: `"secagg/v1"` and then the label and each context field, each written as a 4-byte big-endian
///   length followed by its bytes.
///
/// The length prefixes make the encoding injective: different (label, fields) lists never give the same `info`.
public enum KeyDerivation {
    /// The protocol and version prefix of every `info` string.
    public static let prefix = Array("secagg/v1".utf8)

    /// Builds the `info` string for `label` and `context` fields.
    public static func info(label: String, context: [[UInt8]]) -> [UInt8] {
        var info = prefix
        appendField(Array(label.utf8), to: &info)
        for field in context { appendField(field, to: &info) }
        return info
    }

    /// Derives `outputByteCount` bytes from `secret`.
    ///
    /// - Parameters:
    ///   - secret: input keying material, for example an X25519 shared secret or a seed.
    ///   - salt: public salt, empty for none.
    ///   - label: names the use of the key, for example `"share-encryption"`.
    ///   - context: public values that the key is bound to, such as task, round and provider ids.
    public static func deriveKey(
        from secret: some ContiguousByteStorage, salt: [UInt8] = [], label: String, context: [[UInt8]] = [],
        outputByteCount: Int = SymmetricKey.byteCount
    ) throws -> SecureBytes {
        try HKDFSHA256.deriveKey(
            inputKeyMaterial: secret, salt: salt, info: info(label: label, context: context),
            outputByteCount: outputByteCount)
    }

    /// Derives a 32-byte symmetric key from `secret`.
    public static func deriveSymmetricKey(
        from secret: some ContiguousByteStorage, salt: [UInt8] = [], label: String, context: [[UInt8]] = []
    ) throws -> SymmetricKey {
        try SymmetricKey(deriveKey(from: secret, salt: salt, label: label, context: context))
    }

    private static func appendField(_ field: [UInt8], to info: inout [UInt8]) {
        let length = UInt32(field.count)
        info.append(UInt8(truncatingIfNeeded: length >> 24))
        info.append(UInt8(truncatingIfNeeded: length >> 16))
        info.append(UInt8(truncatingIfNeeded: length >> 8))
        info.append(UInt8(truncatingIfNeeded: length))
        info.append(contentsOf: field)
    }
}

extension X25519.SharedSecret {
    /// Derives a 32-byte symmetric key from the shared secret with ``KeyDerivation``.
    public func derivedSymmetricKey(salt: [UInt8], label: String, context: [[UInt8]]) throws -> SymmetricKey {
        try KeyDerivation.deriveSymmetricKey(from: bytes, salt: salt, label: label, context: context)
    }
}
