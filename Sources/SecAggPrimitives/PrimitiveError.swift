/// Errors thrown by the primitives in this module.
///
/// Payloads name the offending value's role and size, never its content, so an error can be logged
/// without revealing a key.
public enum PrimitiveError: Error, Equatable, Sendable {
    /// A byte string has the wrong length for its role, for example a 31-byte X25519 public key.
    case invalidLength(role: String, expected: Int, actual: Int)
    /// A byte string is outside the range of lengths its role allows.
    case lengthOutOfRange(role: String, minimum: Int, maximum: Int, actual: Int)
    /// A hexadecimal string has an odd number of digits or a character that is not a hexadecimal digit.
    case invalidHex(reason: String, position: Int)
    /// An X25519 public key is one of the points of small order, so agreement with it would not be secret.
    case lowOrderPublicKey
    /// X25519 agreement produced the all-zero shared secret, so the peer's key contributed nothing.
    case zeroSharedSecret
    /// AEAD decryption failed: the ciphertext, tag, nonce, key or associated data differ from those sealed.
    case authenticationFailed
    /// An Ed25519 signature does not verify for the message and public key.
    case invalidSignature
    /// An Ed25519 public key is not a canonical encoding of a point of large order.
    case invalidPublicKey(reason: String)
    /// A ristretto255 encoding is not canonical or is not the encoding of any group element.
    case invalidPointEncoding
    /// A ristretto255 scalar encoding is not reduced modulo the group order.
    case nonCanonicalScalar
    /// An operation produced or received the identity element where a non-identity element is required.
    case identityPoint(operation: String)
    /// The scalar zero has no multiplicative inverse.
    case zeroScalarNotInvertible
    /// A keystream request runs past the last block of the 32-bit ChaCha20 block counter.
    case keystreamCounterOverflow(firstBlock: UInt64, blockCount: UInt64)
    /// A libsodium function reported a failure that valid input cannot cause.
    case libraryFailure(function: String)
}

extension PrimitiveError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidLength(let role, let expected, let actual):
            return "invalid \(role): expected \(expected) bytes, got \(actual)"
        case .lengthOutOfRange(let role, let minimum, let maximum, let actual):
            return "invalid \(role): length must be \(minimum)...\(maximum) bytes, got \(actual)"
        case .invalidHex(let reason, let position):
            return "invalid hex at character \(position): \(reason)"
        case .lowOrderPublicKey:
            return "invalid X25519 public key: the point has small order"
        case .zeroSharedSecret:
            return "X25519 agreement produced the all-zero shared secret"
        case .authenticationFailed:
            return "AEAD authentication failed: ciphertext, tag, key, nonce or associated data do not match"
        case .invalidSignature:
            return "Ed25519 signature verification failed"
        case .invalidPublicKey(let reason):
            return "invalid Ed25519 public key: \(reason)"
        case .invalidPointEncoding:
            return "invalid ristretto255 encoding: not a canonical encoding of a group element"
        case .nonCanonicalScalar:
            return "invalid ristretto255 scalar: encoding is not reduced modulo the group order"
        case .identityPoint(let operation):
            return "\(operation) produced or received the identity element"
        case .zeroScalarNotInvertible:
            return "the scalar zero has no inverse"
        case .keystreamCounterOverflow(let firstBlock, let blockCount):
            return
                "ChaCha20 keystream request for \(blockCount) blocks from block \(firstBlock) passes the 32-bit block counter"
        case .libraryFailure(let function):
            return "libsodium \(function) failed unexpectedly"
        }
    }
}
