import SecAggPrimitives
import SecAggShamir

/// One dealer's encrypted shares for one recipient, signed by the dealer so the recipient can prove what it
/// received.
///
/// Encoding: task id (32), round (8), session id (32), dealer (4), recipient (4), sealed box (length-prefixed:
/// nonce, ciphertext, tag), then the dealer's Ed25519 signature (64) over `"secagg/v1/encrypted-share"` and
/// every byte before it. The plaintext is the recipient's share of the self-mask seed followed by its share of
/// the mask-agreement scalar (68 bytes each).
public struct EncryptedShare: Sendable, Equatable {
    /// The domain prefix of the signed bytes.
    public static let signatureDomain = Array("secagg/v1/encrypted-share".utf8)
    /// The plaintext length: two encoded shares.
    public static let plaintextByteCount = 2 * Share.encodedByteCount

    public let taskID: [UInt8]
    public let round: UInt64
    public let sessionID: [UInt8]
    public let dealer: UInt32
    public let recipient: UInt32
    /// The XChaCha20-Poly1305 box.
    public let box: XChaCha20Poly1305.SealedBox
    /// The dealer's signature.
    public let signature: [UInt8]
    /// The encoding, as signed and forwarded.
    public let encoded: [UInt8]

    /// Encrypts the two shares for `recipient` and signs the result.
    ///
    /// - Parameter nonce: the 24-byte AEAD nonce; drawn from the system CSPRNG when `nil`.
    public init(
        selfSeedShare: Share, maskKeyShare: Share, key: SymmetricKey, taskID: [UInt8], round: UInt64,
        sessionID: [UInt8], dealer: UInt32, recipient: UInt32, signer: Ed25519.PrivateKey,
        nonce: [UInt8]? = nil
    ) throws {
        var plaintext = SecureBytes(zeroedCount: Self.plaintextByteCount)
        let first = selfSeedShare.encoded()
        let second = maskKeyShare.encoded()
        plaintext.withUnsafeMutableBytes { output in
            first.withUnsafeBytes { output.baseAddress?.copyMemory(from: $0.bytePointer, byteCount: $0.count) }
            second.withUnsafeBytes {
                (output.baseAddress.map { $0 + Share.encodedByteCount })?.copyMemory(
                    from: $0.bytePointer, byteCount: $0.count)
            }
        }
        let associatedData = ProtocolDerivation.shareAssociatedData(
            taskID: taskID, round: round, sessionID: sessionID, dealer: dealer, recipient: recipient)
        let box = try XChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: associatedData)
        var writer = WireWriter()
        Self.writeBody(&writer, taskID, round, sessionID, dealer, recipient, box)
        let signature = signer.signature(for: Self.signatureDomain + writer.bytes)
        writer.writeFixed(signature)
        self.taskID = taskID
        self.round = round
        self.sessionID = sessionID
        self.dealer = dealer
        self.recipient = recipient
        self.box = box
        self.signature = signature
        self.encoded = writer.bytes
    }

    /// Decodes the structure without checking the signature.
    public init(encoding bytes: [UInt8]) throws {
        var reader = WireReader(bytes)
        taskID = try reader.readFixed(32, "task id")
        round = try reader.readUInt64("round")
        sessionID = try reader.readFixed(32, "session id")
        dealer = try reader.readUInt32("dealer")
        recipient = try reader.readUInt32("recipient")
        let combined = try reader.readLengthPrefixed("sealed box", maximum: 4096)
        box = try XChaCha20Poly1305.SealedBox(combined: combined)
        signature = try reader.readFixed(Ed25519.signatureByteCount, "signature")
        try reader.expectEnd()
        guard box.ciphertext.count == Self.plaintextByteCount else {
            throw WireError.invalidValue(
                field: "sealed box",
                reason: "ciphertext is \(box.ciphertext.count) bytes, expected \(Self.plaintextByteCount)")
        }
        encoded = bytes
    }

    /// Whether the dealer's signature verifies.
    public func isSigned(by key: Ed25519.PublicKey) -> Bool {
        key.isValidSignature(signature, for: Self.signatureDomain + encoded.dropLast(Ed25519.signatureByteCount))
    }

    /// Decrypts the two shares with the pairwise share-encryption key.
    ///
    /// - Throws: ``PrimitiveError/authenticationFailed`` when the key or any bound field is wrong, and
    ///   ``ShamirError`` when a decrypted share does not decode.
    public func open(with key: SymmetricKey) throws -> (selfSeed: Share, maskKey: Share) {
        let associatedData = ProtocolDerivation.shareAssociatedData(
            taskID: taskID, round: round, sessionID: sessionID, dealer: dealer, recipient: recipient)
        let plaintext = try XChaCha20Poly1305.open(box, using: key, authenticating: associatedData)
        return try plaintext.withUnsafeBytes { bytes in
            let selfSeed = try Share(encoding: UnsafeRawBufferPointer(rebasing: bytes[0..<Share.encodedByteCount]))
            let maskKey = try Share(
                encoding: UnsafeRawBufferPointer(rebasing: bytes[Share.encodedByteCount..<Self.plaintextByteCount]))
            return (selfSeed, maskKey)
        }
    }

    private static func writeBody(
        _ writer: inout WireWriter, _ taskID: [UInt8], _ round: UInt64, _ sessionID: [UInt8], _ dealer: UInt32,
        _ recipient: UInt32, _ box: XChaCha20Poly1305.SealedBox
    ) {
        writer.writeFixed(taskID)
        writer.writeUInt64(round)
        writer.writeFixed(sessionID)
        writer.writeUInt32(dealer)
        writer.writeUInt32(recipient)
        writer.writeLengthPrefixed(box.combined)
    }
}

/// Phase 2, provider to aggregator: signed commitments to both secrets and an encrypted share for every
/// neighbour.
///
/// Payload: signed self-seed commitments and signed mask-key commitments (each length-prefixed, in the encoding
/// of `SignedCommitments`), then a list of length-prefixed ``EncryptedShare`` encodings in ascending recipient order.
public struct ShareKeys: Sendable {
    public let selfSeedCommitments: SignedCommitments
    public let maskKeyCommitments: SignedCommitments
    public let shares: [EncryptedShare]

    public init(selfSeedCommitments: SignedCommitments, maskKeyCommitments: SignedCommitments, shares: [EncryptedShare])
    {
        self.selfSeedCommitments = selfSeedCommitments
        self.maskKeyCommitments = maskKeyCommitments
        self.shares = shares.sorted { $0.recipient < $1.recipient }
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeLengthPrefixed(selfSeedCommitments.encoded())
        writer.writeLengthPrefixed(maskKeyCommitments.encoded())
        writer.writeUInt32(UInt32(shares.count))
        for share in shares { writer.writeLengthPrefixed(share.encoded) }
        return writer.bytes
    }

    public init(payload: [UInt8], maximumProviders: Int, maximumByteCount: Int) throws {
        var reader = WireReader(payload)
        selfSeedCommitments = try SignedCommitments(
            encoding: reader.readLengthPrefixed("self-seed commitments", maximum: maximumByteCount))
        maskKeyCommitments = try SignedCommitments(
            encoding: reader.readLengthPrefixed("mask-key commitments", maximum: maximumByteCount))
        let count = try reader.readCount("encrypted shares", maximum: maximumProviders, minimumElementSize: 4)
        var shares = [EncryptedShare]()
        shares.reserveCapacity(count)
        for _ in 0..<count {
            let share = try EncryptedShare(encoding: reader.readLengthPrefixed("encrypted share", maximum: 4096))
            if let last = shares.last, share.recipient <= last.recipient {
                throw WireError.invalidValue(
                    field: "encrypted shares", reason: "recipients are not strictly ascending at \(share.recipient)")
            }
            shares.append(share)
        }
        try reader.expectEnd()
        self.shares = shares
    }
}

/// Phase 2, aggregator to one provider: for every neighbour that shared, its signed commitments and the
/// encrypted share addressed to this provider.
///
/// Payload: a list of entries in ascending dealer order, each the dealer id, its signed self-seed commitments,
/// its signed mask-key commitments and the encrypted share (each length-prefixed). The dealers listed are the
/// neighbours the recipient masks with.
public struct ShareBundle: Sendable {
    public struct Entry: Sendable {
        public let dealer: UInt32
        public let selfSeedCommitments: SignedCommitments
        public let maskKeyCommitments: SignedCommitments
        public let share: EncryptedShare

        public init(
            dealer: UInt32, selfSeedCommitments: SignedCommitments, maskKeyCommitments: SignedCommitments,
            share: EncryptedShare
        ) {
            self.dealer = dealer
            self.selfSeedCommitments = selfSeedCommitments
            self.maskKeyCommitments = maskKeyCommitments
            self.share = share
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.dealer < $1.dealer }
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeUInt32(UInt32(entries.count))
        for entry in entries {
            writer.writeUInt32(entry.dealer)
            writer.writeLengthPrefixed(entry.selfSeedCommitments.encoded())
            writer.writeLengthPrefixed(entry.maskKeyCommitments.encoded())
            writer.writeLengthPrefixed(entry.share.encoded)
        }
        return writer.bytes
    }

    public init(payload: [UInt8], maximumProviders: Int, maximumByteCount: Int) throws {
        var reader = WireReader(payload)
        let count = try reader.readCount("bundle entries", maximum: maximumProviders, minimumElementSize: 16)
        var entries = [Entry]()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let dealer = try reader.readUInt32("dealer")
            if let last = entries.last, dealer <= last.dealer {
                throw WireError.invalidValue(
                    field: "bundle entries", reason: "dealers are not strictly ascending at \(dealer)")
            }
            let selfSeed = try SignedCommitments(
                encoding: reader.readLengthPrefixed("self-seed commitments", maximum: maximumByteCount))
            let maskKey = try SignedCommitments(
                encoding: reader.readLengthPrefixed("mask-key commitments", maximum: maximumByteCount))
            let share = try EncryptedShare(encoding: reader.readLengthPrefixed("encrypted share", maximum: 4096))
            entries.append(
                Entry(dealer: dealer, selfSeedCommitments: selfSeed, maskKeyCommitments: maskKey, share: share))
        }
        try reader.expectEnd()
        self.entries = entries
    }
}
