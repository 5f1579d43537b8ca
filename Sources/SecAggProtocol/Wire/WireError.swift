/// Errors from decoding bytes received from a peer or read from a file.
///
/// Every case names the field being read, so a rejected message can be logged with the reason.
public enum WireError: Error, Equatable, Sendable {
    /// The input ended before a field was complete.
    case truncated(field: String, needed: Int, available: Int)
    /// Bytes remain after the last field.
    case trailingBytes(count: Int)
    /// The input does not start with the protocol's magic bytes.
    case badMagic
    /// The message uses a wire-format version this implementation does not read.
    case unsupportedVersion(UInt8)
    /// The message type code is not one this implementation knows.
    case unknownMessageType(UInt8)
    /// A count or length is larger than the protocol allows.
    case tooLarge(field: String, value: Int, maximum: Int)
    /// A field has a value the protocol does not allow, for example a non-canonical encoding.
    case invalidValue(field: String, reason: String)
}

extension WireError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let field, let needed, let available):
            return "truncated input: field '\(field)' needs \(needed) bytes, \(available) remain"
        case .trailingBytes(let count):
            return "invalid input: \(count) unexpected bytes after the last field"
        case .badMagic:
            return "invalid input: missing the 'SAGG' magic bytes; this is not a secure-aggregation message"
        case .unsupportedVersion(let version):
            return "unsupported wire-format version \(version); this implementation reads version 1"
        case .unknownMessageType(let code):
            return "unknown message type \(code)"
        case .tooLarge(let field, let value, let maximum):
            return "invalid input: field '\(field)' is \(value), the maximum is \(maximum)"
        case .invalidValue(let field, let reason):
            return "invalid value in field '\(field)': \(reason)"
        }
    }
}
