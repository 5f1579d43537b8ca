/// A 256-bit symmetric key, wiped on release.
public struct SymmetricKey: Sendable, Equatable {
    /// Key length in bytes.
    public static let byteCount = 32

    /// The key bytes.
    public let bytes: SecureBytes

    /// Generates a key from the system CSPRNG.
    public init() {
        bytes = SecureBytes(randomCount: Self.byteCount)
    }

    /// Wraps 32 secret bytes.
    ///
    /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a key that is not 32 bytes.
    public init(_ bytes: SecureBytes) throws {
        guard bytes.count == Self.byteCount else {
            throw PrimitiveError.invalidLength(role: "symmetric key", expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    package init(uncheckedBytes bytes: SecureBytes) {
        self.bytes = bytes
    }

    /// Copies 32 bytes into a new key.
    ///
    /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a key that is not 32 bytes.
    public init(copying bytes: some ContiguousByteStorage) throws {
        try self.init(SecureBytes(copying: bytes))
    }
}

extension SymmetricKey: CustomStringConvertible {
    public var description: String { "SymmetricKey(redacted)" }
}
