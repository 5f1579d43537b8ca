import SecAggMasking
import SecAggPrimitives

/// The aggregator's record of a round: the configuration and every signed message it accepted or sent, in order.
///
/// Every message in it is signed by its sender, and the round result the aggregator signs carries the digest of
/// everything before it, so the aggregator cannot later present a different record. Publishing a transcript
/// reveals what the aggregator saw in the round and no more: masked inputs, the shares revealed at unmasking
/// (self-mask seeds of survivors, mask-agreement scalars of providers that dropped out), and the sum.
///
/// File format (`Specs/protocol.md`): `"SATR"`, version 1, the configuration (length-prefixed), and a list of
/// length-prefixed messages.
public struct Transcript: Sendable {
    /// The magic bytes of a transcript file.
    public static let magic = Array("SATR".utf8)

    /// The round's configuration.
    public var configuration: RoundConfiguration?
    /// The signed messages, in order.
    public private(set) var messages: [[UInt8]] = []

    public init() {}

    mutating func append(_ message: [UInt8]) {
        messages.append(message)
    }

    /// Computes the digest the round result commits to: SHA-256 of `"secagg/v1/transcript"`, the configuration
    /// encoding (length-prefixed) and the first `messageCount` messages (each length-prefixed; all by default).
    public func digest(messageCount: Int? = nil) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(Array("secagg/v1/transcript".utf8))
        let configurationBytes = configuration?.encoded() ?? []
        hasher.update(bigEndian(UInt32(configurationBytes.count)))
        hasher.update(configurationBytes)
        for message in messages.prefix(messageCount ?? messages.count) {
            hasher.update(bigEndian(UInt32(message.count)))
            hasher.update(message)
        }
        return hasher.finalize()
    }

    /// Encodes the transcript as a file.
    public func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.writeFixed(Self.magic)
        writer.writeUInt8(1)
        writer.writeLengthPrefixed(configuration?.encoded() ?? [])
        writer.writeUInt32(UInt32(messages.count))
        for message in messages { writer.writeLengthPrefixed(message) }
        return writer.bytes
    }

    /// Decodes a transcript file.
    ///
    /// - Throws: ``WireError`` for a malformed file and ``ProtocolError/invalidConfiguration(field:reason:)`` for
    ///   a configuration that does not check.
    public init(encoding bytes: [UInt8], maximumMessageByteCount: Int = 1 << 30) throws {
        var reader = WireReader(bytes)
        guard try reader.readFixed(4, "magic") == Self.magic else {
            throw WireError.invalidValue(field: "magic", reason: "not a transcript: missing 'SATR'")
        }
        let version = try reader.readUInt8("version")
        guard version == 1 else { throw WireError.unsupportedVersion(version) }
        configuration = try RoundConfiguration(
            encoding: reader.readLengthPrefixed("configuration", maximum: 16 << 20))
        let count = try reader.readCount("messages", maximum: 1 << 24, minimumElementSize: 4)
        for _ in 0..<count {
            messages.append(try reader.readLengthPrefixed("message", maximum: maximumMessageByteCount))
        }
        try reader.expectEnd()
    }
}

/// A provider and a message type, the unit for which the first accepted message counts for the whole round.
struct MessageKey: Hashable {
    let sender: UInt32
    let type: MessageType
}

extension RoundConfiguration {
    /// The canonical encoding: task id (32), round (8), threshold (4), graph kind (1: 0 complete, 1 Harary) and
    /// degree (4), vector name (length-prefixed UTF-8), vector length (8), modulus (9), maximum message size (8),
    /// maximum corrupt providers (4), aggregator key (32), and the roster as a count (4) and (id, identity key) pairs in ascending id order.
    public func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.writeFixed(taskID)
        writer.writeUInt64(round)
        writer.writeUInt32(UInt32(threshold))
        switch graph {
        case .complete:
            writer.writeUInt8(0)
            writer.writeUInt32(0)
        case .harary(let degree):
            writer.writeUInt8(1)
            writer.writeUInt32(UInt32(degree))
        }
        writer.writeLengthPrefixed(Array(vectorName.utf8))
        writer.writeUInt64(UInt64(vectorLength))
        writer.writeFixed(modulus.encoded)
        writer.writeUInt64(UInt64(maximumMessageByteCount))
        writer.writeUInt32(UInt32(maximumCorruptProviders))
        writer.writeFixed(aggregatorKey.rawRepresentation)
        writer.writeUInt32(UInt32(providers.count))
        for provider in providers {
            writer.writeUInt32(provider)
            writer.writeFixed(identityKeys[provider]?.rawRepresentation ?? [])
        }
        return writer.bytes
    }

    /// Decodes and checks a configuration.
    ///
    /// - Throws: ``WireError`` for a malformed encoding, ``PrimitiveError`` for an invalid key, and
    ///   ``ProtocolError/invalidConfiguration(field:reason:)`` for values that do not check.
    public init(encoding bytes: [UInt8]) throws {
        var reader = WireReader(bytes)
        let taskID = try reader.readFixed(32, "task id")
        let round = try reader.readUInt64("round")
        let threshold = Int(try reader.readUInt32("threshold"))
        let graphKind = try reader.readUInt8("graph kind")
        let degree = Int(try reader.readUInt32("graph degree"))
        let graph: GraphChoice
        switch graphKind {
        case 0 where degree == 0: graph = .complete
        case 1: graph = .harary(degree: degree)
        default: throw WireError.invalidValue(field: "graph kind", reason: "unknown kind \(graphKind) or degree")
        }
        let name = try reader.readLengthPrefixed("vector name", maximum: 255)
        guard let vectorName = String(validating: name, as: UTF8.self) else {
            throw WireError.invalidValue(field: "vector name", reason: "not UTF-8")
        }
        let length = try reader.readUInt64("vector length")
        let modulusTag = try reader.readUInt8("modulus kind")
        let modulusValue = try reader.readUInt64("modulus")
        let modulus: Modulus
        do {
            switch modulusTag {
            case 0: modulus = try Modulus.powerOfTwo(bits: Int(clamping: modulusValue))
            case 1: modulus = try Modulus.prime(modulusValue)
            default: throw WireError.invalidValue(field: "modulus kind", reason: "unknown kind \(modulusTag)")
            }
        } catch let error as MaskingError {
            throw WireError.invalidValue(field: "modulus", reason: "\(error)")
        }
        let maximumMessage = try reader.readUInt64("maximum message size")
        let corrupt = Int(try reader.readUInt32("maximum corrupt providers"))
        let aggregatorKey = try Ed25519.PublicKey(rawRepresentation: reader.readFixed(32, "aggregator key"))
        let count = try reader.readCount("roster", maximum: Self.maximumProviderCount, minimumElementSize: 36)
        var keys = [UInt32: Ed25519.PublicKey]()
        var previous: UInt32?
        for _ in 0..<count {
            let id = try reader.readUInt32("provider id")
            if let previous, id <= previous {
                throw WireError.invalidValue(field: "roster", reason: "ids not strictly ascending at \(id)")
            }
            previous = id
            keys[id] = try Ed25519.PublicKey(rawRepresentation: reader.readFixed(32, "identity key"))
        }
        try reader.expectEnd()
        guard length <= UInt64(Int.max), maximumMessage <= UInt64(Int.max) else {
            throw WireError.invalidValue(field: "vector length", reason: "too large")
        }
        try self.init(
            taskID: taskID, round: round, identityKeys: keys, aggregatorKey: aggregatorKey, threshold: threshold,
            graph: graph, vectorName: vectorName, vectorLength: Int(length), modulus: modulus,
            maximumMessageByteCount: Int(maximumMessage), maximumCorruptProviders: corrupt)
    }
}
