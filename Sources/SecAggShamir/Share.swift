import SecAggPrimitives

/// A 32-byte identifier that binds every share and commitment set to one split.
///
/// The protocol sets it to a hash of the dealer, the session and the purpose of the secret, so that shares of
/// different splits can never be combined by mistake. It is public.
public struct SplitID: Sendable, Hashable, CustomStringConvertible {
    /// Length of a split ID in bytes.
    public static let byteCount = 32

    /// The 32 bytes of the identifier.
    public let bytes: [UInt8]

    /// Wraps 32 bytes as a split ID.
    ///
    /// - Throws: ``ShamirError/invalidEncodingLength(kind:expected:actual:)`` unless `bytes` has 32 bytes.
    public init(bytes: some ContiguousByteStorage) throws {
        guard bytes.count == SplitID.byteCount else {
            throw ShamirError.invalidEncodingLength(kind: "split ID", expected: SplitID.byteCount, actual: bytes.count)
        }
        self.bytes = bytes.withUnsafeBytes { Array($0) }
    }

    init(validBytes: [UInt8]) {
        precondition(validBytes.count == SplitID.byteCount, "a split ID has 32 bytes")
        bytes = validBytes
    }

    /// The first four bytes in hexadecimal, which errors use to name the split.
    public var prefix: String { Hex.encode(bytes.prefix(4)) }

    /// The identifier in hexadecimal.
    public var description: String { "SplitID(\(Hex.encode(bytes)))" }
}

/// One holder's share of a secret: the split it belongs to, the holder's index `x` and the value `f(x)`.
///
/// The value is secret and is wiped on release; the description never shows it.
public struct Share: Sendable, Equatable, CustomStringConvertible {
    /// Length of the encoding: split ID (32 bytes), `x` (4 bytes, big-endian), value (32 bytes, little-endian).
    public static let encodedByteCount = SplitID.byteCount + 4 + Ristretto255.byteCount

    /// The split this share belongs to.
    public let splitID: SplitID
    /// The holder's share index, 1...``Shamir/maximumShareCount``.
    public let x: UInt32
    /// The value of the sharing polynomial at `x`.
    public let value: Ristretto255.Scalar

    /// Creates a share after checking its index.
    ///
    /// - Throws: ``ShamirError/shareIndexOutOfRange(x:maximum:)`` when `x` is 0 or above
    ///   ``Shamir/maximumShareCount``.
    public init(splitID: SplitID, x: UInt32, value: Ristretto255.Scalar) throws {
        try Shamir.validateIndex(x)
        self.splitID = splitID
        self.x = x
        self.value = value
    }

    init(splitID: SplitID, validIndex x: UInt32, value: Ristretto255.Scalar) {
        self.splitID = splitID
        self.x = x
        self.value = value
    }

    /// Decodes the 68-byte canonical encoding.
    ///
    /// - Throws: ``ShamirError/invalidEncodingLength(kind:expected:actual:)`` for any other length,
    ///   ``ShamirError/shareIndexOutOfRange(x:maximum:)`` for an index of 0 or above the maximum, and
    ///   ``ShamirError/nonCanonicalShareValue(x:)`` for a value of ℓ or more.
    public init(encoding: some ContiguousByteStorage) throws {
        guard encoding.count == Share.encodedByteCount else {
            throw ShamirError.invalidEncodingLength(
                kind: "share", expected: Share.encodedByteCount, actual: encoding.count)
        }
        let (splitBytes, x) = encoding.withUnsafeBytes { buffer in
            (Array(buffer[0..<SplitID.byteCount]), readUInt32BigEndian(buffer, at: SplitID.byteCount))
        }
        try Shamir.validateIndex(x)
        let valueOffset = SplitID.byteCount + 4
        let valueBytes = SecureBytes(count: Ristretto255.byteCount) { output in
            encoding.withUnsafeBytes { input in
                output.copyMemory(from: UnsafeRawBufferPointer(rebasing: input[valueOffset...]))
            }
        }
        guard let value = try? Ristretto255.Scalar(canonicalBytes: valueBytes) else {
            throw ShamirError.nonCanonicalShareValue(x: x)
        }
        self.init(splitID: SplitID(validBytes: splitBytes), validIndex: x, value: value)
    }

    /// Encodes the share as split ID, `x` big-endian and the value little-endian, 68 bytes in all.
    ///
    /// The result contains the secret value, so it is returned as ``SecureBytes``.
    public func encoded() -> SecureBytes {
        SecureBytes(count: Share.encodedByteCount) { output in
            output.copyBytes(from: splitID.bytes)
            writeUInt32BigEndian(x, to: output, at: SplitID.byteCount)
            value.bytes.withUnsafeBytes { valueBytes in
                UnsafeMutableRawBufferPointer(rebasing: output[(SplitID.byteCount + 4)...]).copyMemory(
                    from: valueBytes)
            }
        }
    }

    /// The split ID prefix and the index; the value is never shown.
    public var description: String { "Share(split \(splitID.prefix)…, x: \(x), value redacted)" }
}

func readUInt32BigEndian(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    (UInt32(buffer[offset]) << 24) | (UInt32(buffer[offset + 1]) << 16) | (UInt32(buffer[offset + 2]) << 8)
        | UInt32(buffer[offset + 3])
}

func writeUInt32BigEndian(_ value: UInt32, to buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
    buffer[offset] = UInt8(truncatingIfNeeded: value >> 24)
    buffer[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
    buffer[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
    buffer[offset + 3] = UInt8(truncatingIfNeeded: value)
}

func appendUInt32BigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    bytes.append(UInt8(truncatingIfNeeded: value >> 16))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    bytes.append(UInt8(truncatingIfNeeded: value))
}
