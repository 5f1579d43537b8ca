import SecAggMasking
import SecAggPrimitives
import SecAggShamir

/// Evidence that a dealer sent a share that fails the commitments it signed.
///
/// Encoding: the dealer-signed ``EncryptedShare`` (length-prefixed), the 32-byte share-encryption key the
/// recipient derived, the secret kind (1 byte) and the dealer-signed commitments of that kind (length-prefixed).
/// Anyone can check it: the dealer's signatures prove it sent the ciphertext and signed the commitments, the key
/// opens the ciphertext, and the opened share fails the commitments. Revealing the key exposes only this one
/// message, because the key is derived for this dealer, recipient and session alone.
public struct ShareComplaintEvidence: Sendable {
    public let share: EncryptedShare
    public let key: SymmetricKey
    public let kind: SecretKind
    public let commitments: SignedCommitments

    public init(share: EncryptedShare, key: SymmetricKey, kind: SecretKind, commitments: SignedCommitments) {
        self.share = share
        self.key = key
        self.kind = kind
        self.commitments = commitments
    }

    public func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.writeLengthPrefixed(share.encoded)
        writer.writeFixed(key.bytes.unprotectedCopy())
        writer.writeUInt8(kind.rawValue)
        writer.writeLengthPrefixed(commitments.encoded())
        return writer.bytes
    }

    public init(encoding bytes: [UInt8], maximumByteCount: Int) throws {
        var reader = WireReader(bytes)
        share = try EncryptedShare(encoding: reader.readLengthPrefixed("complained share", maximum: 4096))
        key = try SymmetricKey(copying: reader.readFixed(SymmetricKey.byteCount, "revealed key"))
        let kindCode = try reader.readUInt8("secret kind")
        guard let kind = SecretKind(rawValue: kindCode) else {
            throw WireError.invalidValue(field: "secret kind", reason: "unknown kind \(kindCode)")
        }
        self.kind = kind
        commitments = try SignedCommitments(
            encoding: reader.readLengthPrefixed("complained commitments", maximum: maximumByteCount))
        try reader.expectEnd()
    }

    /// Checks the complaint against the dealer's identity key and the round's session.
    ///
    /// - Returns: whether the complaint proves the dealer misbehaved. A complaint about a share that is valid, or
    ///   one whose signatures or key do not check, proves nothing and returns `false`.
    public func proves(dealer: UInt32, dealerKey: Ed25519.PublicKey, recipient: UInt32, sessionID: [UInt8]) -> Bool {
        guard share.dealer == dealer, share.recipient == recipient, share.sessionID == sessionID,
            share.isSigned(by: dealerKey),
            (try? commitments.verify(dealer: dealerKey)) != nil,
            let expectedSplit = try? ProtocolDerivation.splitID(sessionID: sessionID, dealer: dealer, kind: kind),
            commitments.commitments.splitID == expectedSplit,
            let opened = try? share.open(with: key)
        else { return false }
        let disputed = kind == .selfMaskSeed ? opened.selfSeed : opened.maskKey
        return (try? ShareComplaint(dealer: dealerKey, signedCommitments: commitments, share: disputed).verify()) != nil
    }
}

/// Phase 3, provider to aggregator: the masked input, public metadata, and complaints about bad shares the
/// provider received.
///
/// Payload: vector length (8 bytes), the bit-packed vector (length-prefixed), the metadata (length-prefixed, at
/// most 4096 bytes), then a list of length-prefixed ``ShareComplaintEvidence`` encodings.
public struct MaskedInput: Sendable {
    /// The largest metadata, in bytes.
    public static let maximumMetadataByteCount = 4096

    public let vector: ModularVector
    /// Public facts the provider declares about its input, signed with it; the task layer puts the declared
    /// weight here. The protocol only carries them.
    public let metadata: [UInt8]
    public let complaints: [ShareComplaintEvidence]

    public init(vector: ModularVector, metadata: [UInt8] = [], complaints: [ShareComplaintEvidence]) {
        self.vector = vector
        self.metadata = metadata
        self.complaints = complaints
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeUInt64(UInt64(vector.count))
        writer.writeLengthPrefixed(BitPacking.pack(vector.residues, bitWidth: vector.modulus.bitWidth))
        writer.writeLengthPrefixed(metadata)
        writer.writeUInt32(UInt32(complaints.count))
        for complaint in complaints { writer.writeLengthPrefixed(complaint.encoded()) }
        return writer.bytes
    }

    /// Decodes the payload for a round with `length` coordinates mod `modulus`.
    public init(payload: [UInt8], length: Int, modulus: Modulus, maximumProviders: Int, maximumByteCount: Int) throws {
        var reader = WireReader(payload)
        let declared = try reader.readUInt64("vector length")
        guard declared == UInt64(length) else {
            throw WireError.invalidValue(
                field: "vector length", reason: "expected \(length) coordinates, got \(declared)")
        }
        let packed = try reader.readLengthPrefixed("vector", maximum: maximumByteCount)
        let residues = try BitPacking.unpack(
            packed, count: length, bitWidth: modulus.bitWidth, modulus: Self.exclusiveBound(modulus))
        vector = try ModularVector(residues: residues, modulus: modulus)
        metadata = try reader.readLengthPrefixed("metadata", maximum: Self.maximumMetadataByteCount)
        let count = try reader.readCount("complaints", maximum: maximumProviders, minimumElementSize: 4)
        var complaints = [ShareComplaintEvidence]()
        for _ in 0..<count {
            complaints.append(
                try ShareComplaintEvidence(
                    encoding: reader.readLengthPrefixed("complaint", maximum: maximumByteCount),
                    maximumByteCount: maximumByteCount))
        }
        try reader.expectEnd()
        self.complaints = complaints
    }

    /// The exclusive upper bound of residues to check when unpacking, or nil when every packed value is a residue.
    static func exclusiveBound(_ modulus: Modulus) -> UInt64? {
        switch modulus.kind {
        case .powerOfTwo: return nil
        case .prime(let value): return value
        }
    }
}

/// Phase 4, aggregator to providers: the providers whose masked inputs the aggregator holds (U3).
public struct SurvivorSet: Sendable, Equatable {
    public let survivors: [UInt32]

    public init(survivors: [UInt32]) {
        self.survivors = survivors.sorted()
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeIDList(survivors)
        return writer.bytes
    }

    public init(payload: [UInt8], maximumProviders: Int) throws {
        var reader = WireReader(payload)
        survivors = try reader.readIDList("survivors", maximum: maximumProviders)
        try reader.expectEnd()
    }
}

/// Phase 4, provider to aggregator: the provider's signature over the survivor set it was shown.
public struct SurvivorSignature: Sendable, Equatable {
    public let signature: [UInt8]

    public init(signature: [UInt8]) {
        self.signature = signature
    }

    public func payload() -> [UInt8] { signature }

    public init(payload: [UInt8]) throws {
        var reader = WireReader(payload)
        signature = try reader.readFixed(Ed25519.signatureByteCount, "survivor signature")
        try reader.expectEnd()
    }
}
