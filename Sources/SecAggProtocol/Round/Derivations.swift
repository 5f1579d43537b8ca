import SecAggPrimitives
import SecAggShamir

/// The key derivations and signed byte strings of the protocol, all specified in `Specs/protocol.md`.
///
/// Every derivation binds the task, the round and (from the key roster on) the session id, so nothing derived in
/// one round is valid in another.
public enum ProtocolDerivation {
    /// The label of the mask-agreement X25519 private key derived from the shared scalar.
    public static let maskAgreementKeyLabel = "protocol/mask-agreement-key"
    /// The label of the self-mask seed derived from the shared scalar.
    public static let selfMaskSeedLabel = "protocol/self-mask-seed"
    /// The label of the key that encrypts the shares a dealer sends one recipient.
    public static let shareEncryptionLabel = "protocol/share-encryption"

    /// Computes the session id: SHA-256 of `"secagg/v1/session"`, the task id, the round (8 bytes), the number of
    /// advertisements (4 bytes) and, for each in ascending provider order, the id (4 bytes), the encryption key
    /// and the mask key.
    public static func sessionID(taskID: [UInt8], round: UInt64, advertisements: [AdvertiseKeys]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(Array("secagg/v1/session".utf8))
        hasher.update(taskID)
        hasher.update(bigEndian(round))
        hasher.update(bigEndian(UInt32(advertisements.count)))
        for advertisement in advertisements.sorted(by: { $0.provider < $1.provider }) {
            hasher.update(bigEndian(advertisement.provider))
            hasher.update(advertisement.encryptionKey.rawRepresentation)
            hasher.update(advertisement.maskKey.rawRepresentation)
        }
        return hasher.finalize()
    }

    /// Derives a provider's X25519 mask-agreement private key from its shared scalar σ. The key exists before the
    /// session does, so it binds task, round and provider id only.
    public static func maskAgreementKey(
        from scalar: Ristretto255.Scalar, taskID: [UInt8], round: UInt64, provider: UInt32
    ) throws -> X25519.PrivateKey {
        let bytes = try Shamir.deriveKey(
            fromSecret: scalar, label: maskAgreementKeyLabel,
            context: [taskID, bigEndian(round), bigEndian(provider)])
        return try X25519.PrivateKey(rawRepresentation: bytes)
    }

    /// Derives a provider's 32-byte self-mask seed from its shared scalar b.
    public static func selfMaskSeed(
        from scalar: Ristretto255.Scalar, taskID: [UInt8], round: UInt64, sessionID: [UInt8], provider: UInt32
    ) throws -> SecureBytes {
        try Shamir.deriveKey(
            fromSecret: scalar, salt: sessionID, label: selfMaskSeedLabel,
            context: [taskID, bigEndian(round), bigEndian(provider)])
    }

    /// Derives the key that encrypts the shares `dealer` sends `recipient`, from their X25519 shared secret.
    public static func shareEncryptionKey(
        sharedSecret: X25519.SharedSecret, taskID: [UInt8], round: UInt64, sessionID: [UInt8], dealer: UInt32,
        recipient: UInt32
    ) throws -> SymmetricKey {
        try sharedSecret.derivedSymmetricKey(
            salt: sessionID, label: shareEncryptionLabel,
            context: [taskID, bigEndian(round), bigEndian(dealer), bigEndian(recipient)])
    }

    /// The associated data of an encrypted share: `"secagg/v1/share"`, task id, round, session id, dealer and
    /// recipient.
    public static func shareAssociatedData(
        taskID: [UInt8], round: UInt64, sessionID: [UInt8], dealer: UInt32, recipient: UInt32
    ) -> [UInt8] {
        Array("secagg/v1/share".utf8) + taskID + bigEndian(round) + sessionID + bigEndian(dealer)
            + bigEndian(recipient)
    }

    /// The split id of one of a dealer's secrets: SHA-256 of `"secagg/v1/split"`, the session id, the dealer id
    /// and the secret kind (1 byte).
    public static func splitID(sessionID: [UInt8], dealer: UInt32, kind: SecretKind) throws -> SplitID {
        var hasher = SHA256()
        hasher.update(Array("secagg/v1/split".utf8))
        hasher.update(sessionID)
        hasher.update(bigEndian(dealer))
        hasher.update([kind.rawValue])
        return try SplitID(bytes: hasher.finalize())
    }

    /// The bytes each provider signs in the consistency check: `"secagg/v1/survivors"`, task id, round, session id
    /// and the survivor set as a list of ids.
    public static func survivorSetSignedBytes(
        taskID: [UInt8], round: UInt64, sessionID: [UInt8], survivors: [UInt32]
    ) -> [UInt8] {
        var writer = WireWriter()
        writer.writeFixed(Array("secagg/v1/survivors".utf8))
        writer.writeFixed(taskID)
        writer.writeUInt64(round)
        writer.writeFixed(sessionID)
        writer.writeIDList(survivors)
        return writer.bytes
    }
}

/// Returns the big-endian bytes of an integer.
func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
}

extension WireWriter {
    /// Appends a list of provider ids: a 4-byte count, then each id.
    public mutating func writeIDList(_ ids: [UInt32]) {
        writeUInt32(UInt32(ids.count))
        for id in ids { writeUInt32(id) }
    }
}

extension WireReader {
    /// Reads a list of provider ids that must be strictly ascending.
    public mutating func readIDList(_ field: String, maximum: Int) throws -> [UInt32] {
        let count = try readCount(field, maximum: maximum, minimumElementSize: 4)
        var ids = [UInt32]()
        ids.reserveCapacity(count)
        for _ in 0..<count {
            let id = try readUInt32(field)
            if let last = ids.last, id <= last {
                throw WireError.invalidValue(field: field, reason: "ids are not strictly ascending at \(id)")
            }
            ids.append(id)
        }
        return ids
    }
}
