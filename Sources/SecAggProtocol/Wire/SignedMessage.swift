import SecAggPrimitives

/// The kind of a protocol message, the byte after the version in every envelope.
public enum MessageType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case advertiseKeys = 1
    case keyRoster = 2
    case shareKeys = 3
    case shareBundle = 4
    case maskedInput = 5
    case survivorSet = 6
    case survivorSignature = 7
    case unmaskRequest = 8
    case unmaskResponse = 9
    case roundResult = 10
    case abort = 11

    public var description: String {
        switch self {
        case .advertiseKeys: return "AdvertiseKeys"
        case .keyRoster: return "KeyRoster"
        case .shareKeys: return "ShareKeys"
        case .shareBundle: return "ShareBundle"
        case .maskedInput: return "MaskedInput"
        case .survivorSet: return "SurvivorSet"
        case .survivorSignature: return "SurvivorSignature"
        case .unmaskRequest: return "UnmaskRequest"
        case .unmaskResponse: return "UnmaskResponse"
        case .roundResult: return "RoundResult"
        case .abort: return "Abort"
        }
    }
}

/// The participant id of the aggregator in `sender` and `recipient` fields.
public let aggregatorParticipantID: UInt32 = 0
/// The `recipient` value of a message addressed to every provider.
public let broadcastParticipantID: UInt32 = 0xFFFF_FFFF

/// The fixed fields at the start of every message.
public struct MessageHeader: Sendable, Equatable {
    /// The message kind.
    public var type: MessageType
    /// The 32-byte task identifier.
    public var taskID: [UInt8]
    /// The round number within the task.
    public var round: UInt64
    /// The 32-byte session identifier, all zero before the key roster fixes it.
    public var sessionID: [UInt8]
    /// The sender: a provider id, or ``aggregatorParticipantID``.
    public var sender: UInt32
    /// The recipient: a provider id, ``aggregatorParticipantID`` or ``broadcastParticipantID``.
    public var recipient: UInt32

    public init(
        type: MessageType, taskID: [UInt8], round: UInt64, sessionID: [UInt8], sender: UInt32, recipient: UInt32
    ) {
        self.type = type
        self.taskID = taskID
        self.round = round
        self.sessionID = sessionID
        self.sender = sender
        self.recipient = recipient
    }

    /// The session id used before the key roster exists.
    public static let noSession = [UInt8](repeating: 0, count: 32)
}

/// A protocol message in its signed envelope.
///
/// Layout (`Specs/wire-format.md`): `"SAGG"`, version 1, type, task id (32), round (8), session id (32), sender (4),
/// recipient (4), payload length (4), payload, Ed25519 signature (64) over `"secagg/v1/message"` followed by every
/// byte before the signature.
public struct SignedMessage: Sendable, Equatable {
    /// The magic bytes that start every message.
    public static let magic: [UInt8] = Array("SAGG".utf8)
    /// The wire-format version this implementation writes and reads.
    public static let version: UInt8 = 1
    /// The domain-separation prefix of the signed bytes.
    public static let signatureDomain: [UInt8] = Array("secagg/v1/message".utf8)
    /// Bytes before the payload.
    public static let headerByteCount = 4 + 1 + 1 + 32 + 8 + 32 + 4 + 4 + 4

    /// The header fields.
    public let header: MessageHeader
    /// The type-specific payload.
    public let payload: [UInt8]
    /// The sender's Ed25519 signature.
    public let signature: [UInt8]
    /// The whole message as sent.
    public let encoded: [UInt8]

    /// Encodes and signs a message.
    public static func seal(header: MessageHeader, payload: [UInt8], signer: Ed25519.PrivateKey) -> SignedMessage {
        precondition(header.taskID.count == 32 && header.sessionID.count == 32, "task and session ids are 32 bytes")
        var writer = WireWriter(capacity: headerByteCount + payload.count + Ed25519.signatureByteCount)
        writer.writeFixed(magic)
        writer.writeUInt8(version)
        writer.writeUInt8(header.type.rawValue)
        writer.writeFixed(header.taskID)
        writer.writeUInt64(header.round)
        writer.writeFixed(header.sessionID)
        writer.writeUInt32(header.sender)
        writer.writeUInt32(header.recipient)
        writer.writeLengthPrefixed(payload)
        let signature = signer.signature(for: signatureDomain + writer.bytes)
        writer.writeFixed(signature)
        return SignedMessage(header: header, payload: payload, signature: signature, encoded: writer.bytes)
    }

    private init(header: MessageHeader, payload: [UInt8], signature: [UInt8], encoded: [UInt8]) {
        self.header = header
        self.payload = payload
        self.signature = signature
        self.encoded = encoded
    }

    /// Parses an envelope without checking the signature.
    ///
    /// - Parameter maximumByteCount: the largest message accepted; a longer input is rejected before any
    ///   allocation sized by it.
    /// - Throws: ``WireError`` for bad magic, an unknown version or type, a truncated or oversized message, or
    ///   trailing bytes.
    public init(decoding bytes: [UInt8], maximumByteCount: Int) throws {
        guard bytes.count <= maximumByteCount else {
            throw WireError.tooLarge(field: "message", value: bytes.count, maximum: maximumByteCount)
        }
        var reader = WireReader(bytes)
        guard try reader.readFixed(4, "magic") == Self.magic else { throw WireError.badMagic }
        let version = try reader.readUInt8("version")
        guard version == Self.version else { throw WireError.unsupportedVersion(version) }
        let typeCode = try reader.readUInt8("type")
        guard let type = MessageType(rawValue: typeCode) else { throw WireError.unknownMessageType(typeCode) }
        let taskID = try reader.readFixed(32, "task id")
        let round = try reader.readUInt64("round")
        let sessionID = try reader.readFixed(32, "session id")
        let sender = try reader.readUInt32("sender")
        let recipient = try reader.readUInt32("recipient")
        let payload = try reader.readLengthPrefixed("payload", maximum: maximumByteCount)
        let signature = try reader.readFixed(Ed25519.signatureByteCount, "signature")
        try reader.expectEnd()
        self.header = MessageHeader(
            type: type, taskID: taskID, round: round, sessionID: sessionID, sender: sender, recipient: recipient)
        self.payload = payload
        self.signature = signature
        self.encoded = bytes
    }

    /// The bytes the signature covers: the domain prefix and everything before the signature.
    public var signedBytes: [UInt8] {
        Self.signatureDomain + encoded[0..<(encoded.count - Ed25519.signatureByteCount)]
    }

    /// Whether the signature verifies under `key`.
    public func isSigned(by key: Ed25519.PublicKey) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }
}
