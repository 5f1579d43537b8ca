import SecAggPrimitives

/// Phase 1, provider to aggregator: the provider's two X25519 public keys.
///
/// Payload: encryption key (32 bytes) and mask-agreement key (32 bytes). The envelope's sender is the provider.
public struct AdvertiseKeys: Sendable, Equatable {
    /// The advertising provider.
    public let provider: UInt32
    /// The key neighbours use to encrypt the shares they send this provider.
    public let encryptionKey: X25519.PublicKey
    /// The key neighbours agree pairwise masks with.
    public let maskKey: X25519.PublicKey
    /// The signed envelope, which the key roster forwards unchanged.
    public let message: SignedMessage

    /// Builds and signs the message.
    public init(
        provider: UInt32, encryptionKey: X25519.PublicKey, maskKey: X25519.PublicKey, taskID: [UInt8],
        round: UInt64, signer: Ed25519.PrivateKey
    ) {
        self.provider = provider
        self.encryptionKey = encryptionKey
        self.maskKey = maskKey
        let header = MessageHeader(
            type: .advertiseKeys, taskID: taskID, round: round, sessionID: MessageHeader.noSession, sender: provider,
            recipient: aggregatorParticipantID)
        message = SignedMessage.seal(
            header: header, payload: encryptionKey.rawRepresentation + maskKey.rawRepresentation, signer: signer)
    }

    /// Reads the payload of a decoded envelope. The caller checks header and signature.
    ///
    /// - Throws: ``WireError`` for a wrong length and ``PrimitiveError`` for a small-order key.
    public init(_ message: SignedMessage) throws {
        guard message.header.type == .advertiseKeys else {
            throw WireError.invalidValue(field: "type", reason: "expected AdvertiseKeys, got \(message.header.type)")
        }
        var reader = WireReader(message.payload)
        let encryption = try reader.readFixed(X25519.byteCount, "encryption key")
        let mask = try reader.readFixed(X25519.byteCount, "mask key")
        try reader.expectEnd()
        provider = message.header.sender
        encryptionKey = try X25519.PublicKey(rawRepresentation: encryption)
        maskKey = try X25519.PublicKey(rawRepresentation: mask)
        self.message = message
    }
}

/// Phase 1, aggregator to every provider: the advertisements it accepted, each still signed by its provider.
///
/// Payload: a list of length-prefixed `AdvertiseKeys` envelopes in ascending provider order. The session id is
/// the hash of this list (``ProtocolDerivation/sessionID(taskID:round:advertisements:)``), so providers shown
/// different rosters end up in different sessions, and their masks do not cancel.
public struct KeyRoster: Sendable {
    /// The advertisements, ascending by provider.
    public let advertisements: [AdvertiseKeys]

    /// Wraps accepted advertisements, sorting them by provider.
    public init(advertisements: [AdvertiseKeys]) {
        self.advertisements = advertisements.sorted { $0.provider < $1.provider }
    }

    /// Encodes the payload.
    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeUInt32(UInt32(advertisements.count))
        for advertisement in advertisements { writer.writeLengthPrefixed(advertisement.message.encoded) }
        return writer.bytes
    }

    /// Decodes the payload, checking each inner envelope's structure, type and order (not signatures).
    public init(payload: [UInt8], maximumProviders: Int, maximumMessageByteCount: Int) throws {
        var reader = WireReader(payload)
        let count = try reader.readCount("advertisements", maximum: maximumProviders, minimumElementSize: 4)
        var advertisements = [AdvertiseKeys]()
        advertisements.reserveCapacity(count)
        for _ in 0..<count {
            let bytes = try reader.readLengthPrefixed("advertisement", maximum: maximumMessageByteCount)
            let advertisement = try AdvertiseKeys(
                SignedMessage(decoding: bytes, maximumByteCount: maximumMessageByteCount))
            if let last = advertisements.last, advertisement.provider <= last.provider {
                throw WireError.invalidValue(
                    field: "advertisements", reason: "providers are not strictly ascending at \(advertisement.provider)"
                )
            }
            advertisements.append(advertisement)
        }
        try reader.expectEnd()
        self.advertisements = advertisements
    }
}
