/// Appends fields in the protocol's canonical encoding: integers big-endian, byte strings either fixed-length or
/// prefixed with a 4-byte big-endian length.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Starts an empty buffer, optionally reserving `capacity` bytes.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    public mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a 2-byte big-endian integer.
    public mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a 4-byte big-endian integer.
    public mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    /// Appends an 8-byte big-endian integer.
    public mutating func writeUInt64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Appends bytes as they are; the reader must know their length.
    public mutating func writeFixed(_ data: some Collection<UInt8>) {
        bytes.append(contentsOf: data)
    }

    /// Appends a 4-byte big-endian length and then the bytes.
    public mutating func writeLengthPrefixed(_ data: some Collection<UInt8>) {
        writeUInt32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }
}

/// Reads fields in the canonical encoding from untrusted input, checking every length before reading.
public struct WireReader: Sendable {
    private let bytes: [UInt8]
    /// The position of the next unread byte.
    public private(set) var offset: Int

    /// Starts reading `bytes` from the beginning.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    /// The number of unread bytes.
    public var remaining: Int { bytes.count - offset }

    /// Reads one byte.
    public mutating func readUInt8(_ field: String) throws -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a 2-byte big-endian integer.
    public mutating func readUInt16(_ field: String) throws -> UInt16 {
        try require(2, field)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Reads a 4-byte big-endian integer.
    public mutating func readUInt32(_ field: String) throws -> UInt32 {
        try require(4, field)
        var value: UInt32 = 0
        for index in 0..<4 { value = value << 8 | UInt32(bytes[offset + index]) }
        offset += 4
        return value
    }

    /// Reads an 8-byte big-endian integer.
    public mutating func readUInt64(_ field: String) throws -> UInt64 {
        try require(8, field)
        var value: UInt64 = 0
        for index in 0..<8 { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return value
    }

    /// Reads exactly `count` bytes.
    public mutating func readFixed(_ count: Int, _ field: String) throws -> [UInt8] {
        try require(count, field)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Reads a 4-byte length and then that many bytes, rejecting a length above `maximum`.
    public mutating func readLengthPrefixed(_ field: String, maximum: Int) throws -> [UInt8] {
        let length = Int(try readUInt32("\(field) length"))
        guard length <= maximum else { throw WireError.tooLarge(field: field, value: length, maximum: maximum) }
        return try readFixed(length, field)
    }

    /// Reads a 4-byte element count, rejecting a count above `maximum` or one that cannot fit in the remaining
    /// input at `minimumElementSize` bytes an element, so a hostile count cannot trigger a huge allocation.
    public mutating func readCount(_ field: String, maximum: Int, minimumElementSize: Int) throws -> Int {
        let count = Int(try readUInt32("\(field) count"))
        guard count <= maximum else { throw WireError.tooLarge(field: field, value: count, maximum: maximum) }
        guard count * max(minimumElementSize, 0) <= remaining else {
            throw WireError.truncated(field: field, needed: count * minimumElementSize, available: remaining)
        }
        return count
    }

    /// Throws unless every byte has been read.
    public func expectEnd() throws {
        guard remaining == 0 else { throw WireError.trailingBytes(count: remaining) }
    }

    private func require(_ count: Int, _ field: String) throws {
        guard count >= 0, count <= remaining else {
            throw WireError.truncated(field: field, needed: count, available: remaining)
        }
    }
}
