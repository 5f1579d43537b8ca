import SecAggPrimitives

/// Feldman commitments signed by the dealer with Ed25519, so that a share that fails verification becomes evidence
/// that others can check.
///
/// The signed message is ``domain`` followed by the commitments' canonical encoding
/// (``FeldmanCommitments/encoded()``).
public struct SignedCommitments: Sendable, Hashable {
    /// The domain-separation prefix of the signed message: the 36 ASCII bytes `secagg/v1/shamir/feldman-commitments`.
    public static let domain = Array("secagg/v1/shamir/feldman-commitments".utf8)

    /// The signed commitments.
    public let commitments: FeldmanCommitments
    /// The 64-byte Ed25519 signature of ``signedMessage(for:)``.
    public let signature: [UInt8]

    /// Signs `commitments` with the dealer's key. Ed25519 signing is deterministic.
    public init(signing commitments: FeldmanCommitments, with dealerKey: Ed25519.PrivateKey) {
        self.commitments = commitments
        self.signature = dealerKey.signature(for: SignedCommitments.signedMessage(for: commitments))
    }

    /// Wraps received commitments and signature; ``verify(dealer:)`` checks the signature.
    ///
    /// - Throws: ``ShamirError/invalidEncodingLength(kind:expected:actual:)`` for a signature that is not 64 bytes.
    public init(commitments: FeldmanCommitments, signature: some ContiguousByteStorage) throws {
        guard signature.count == Ed25519.signatureByteCount else {
            throw ShamirError.invalidEncodingLength(
                kind: "commitment signature", expected: Ed25519.signatureByteCount, actual: signature.count)
        }
        self.commitments = commitments
        self.signature = signature.withUnsafeBytes { Array($0) }
    }

    /// Decodes the signature (64 bytes) followed by the commitments' encoding.
    ///
    /// - Throws: ``ShamirError/invalidEncodingLength(kind:expected:actual:)`` for input shorter than a signature,
    ///   and the errors of ``FeldmanCommitments/init(encoding:)``.
    public init(encoding: some ContiguousByteStorage) throws {
        let bytes = encoding.withUnsafeBytes { Array($0) }
        guard bytes.count >= Ed25519.signatureByteCount else {
            throw ShamirError.invalidEncodingLength(
                kind: "signed commitments", expected: Ed25519.signatureByteCount + FeldmanCommitments.headerByteCount,
                actual: bytes.count)
        }
        let commitments = try FeldmanCommitments(encoding: bytes[Ed25519.signatureByteCount...])
        try self.init(commitments: commitments, signature: bytes[..<Ed25519.signatureByteCount])
    }

    /// Encodes the signature (64 bytes) followed by the commitments' encoding.
    public func encoded() -> [UInt8] {
        signature + commitments.encoded()
    }

    /// Returns the bytes the dealer signs: ``domain`` followed by the commitments' encoding.
    public static func signedMessage(for commitments: FeldmanCommitments) -> [UInt8] {
        domain + commitments.encoded()
    }

    /// Checks the signature under the dealer's public key.
    ///
    /// - Throws: ``ShamirError/invalidCommitmentSignature(splitID:)`` when it does not verify.
    public func verify(dealer: Ed25519.PublicKey) throws {
        guard dealer.isValidSignature(signature, for: SignedCommitments.signedMessage(for: commitments)) else {
            throw ShamirError.invalidCommitmentSignature(splitID: commitments.splitID.prefix)
        }
    }
}

/// Evidence that a dealer handed out a share that does not match the commitments it signed: the dealer's public
/// key, its signed commitments and the failing share.
///
/// A complaint is valid when the signature verifies under the dealer's key, the share belongs to the same split,
/// and the share fails `s · B = Σ_j x^j · C_j`. A valid complaint proves that the owner of the dealer's key signed
/// commitments that do not match this share. It does not prove that the dealer sent the share: anyone can write
/// down a wrong share for any index. The protocol must add that proof, for example the dealer's signature over
/// the encrypted share. The complaint reveals the failing share's value, which is not the holder's correct share.
public struct ShareComplaint: Sendable, Equatable {
    /// The dealer's Ed25519 public key.
    public let dealer: Ed25519.PublicKey
    /// The commitments and the dealer's signature on them.
    public let signedCommitments: SignedCommitments
    /// The share that fails verification against the commitments.
    public let share: Share

    /// Bundles the evidence. ``verify()`` decides whether it is valid.
    public init(dealer: Ed25519.PublicKey, signedCommitments: SignedCommitments, share: Share) {
        self.dealer = dealer
        self.signedCommitments = signedCommitments
        self.share = share
    }

    /// Decodes dealer key (32 bytes), share (68 bytes), signature (64 bytes) and the commitments' encoding.
    ///
    /// - Throws: ``ShamirError/invalidEncodingLength(kind:expected:actual:)`` for input too short to hold the fixed
    ///   parts, ``ShamirError/invalidDealerPublicKey``, and the errors of ``Share/init(encoding:)`` and
    ///   ``SignedCommitments/init(encoding:)``.
    public init(encoding: some ContiguousByteStorage) throws {
        let bytes = encoding.withUnsafeBytes { Array($0) }
        let shareEnd = Ed25519.keyByteCount + Share.encodedByteCount
        let minimum = shareEnd + Ed25519.signatureByteCount + FeldmanCommitments.headerByteCount
        guard bytes.count >= minimum else {
            throw ShamirError.invalidEncodingLength(kind: "complaint", expected: minimum, actual: bytes.count)
        }
        guard let dealer = try? Ed25519.PublicKey(rawRepresentation: bytes[..<Ed25519.keyByteCount]) else {
            throw ShamirError.invalidDealerPublicKey
        }
        let share = try Share(encoding: bytes[Ed25519.keyByteCount..<shareEnd])
        let signedCommitments = try SignedCommitments(encoding: bytes[shareEnd...])
        self.init(dealer: dealer, signedCommitments: signedCommitments, share: share)
    }

    /// Encodes dealer key (32 bytes), share (68 bytes), signature (64 bytes) and the commitments' encoding.
    ///
    /// A complaint is published, so the failing share's value leaves the process in an ordinary array.
    public func encoded() -> [UInt8] {
        dealer.rawRepresentation + share.encoded().unprotectedCopy() + signedCommitments.encoded()
    }

    /// Checks the complaint.
    ///
    /// - Throws: ``ShamirError/invalidCommitmentSignature(splitID:)`` when the signature does not verify,
    ///   ``ShamirError/splitIDMismatch(expected:found:x:)`` when the share belongs to another split, and
    ///   ``ShamirError/complaintShareIsValid(x:)`` when the share matches the commitments.
    /// - Warning: The commitment side of the share check runs in variable time on public values, as in
    ///   `FeldmanCommitments.verify(_:)`.
    public func verify() throws {
        try signedCommitments.verify(dealer: dealer)
        let commitments = signedCommitments.commitments
        try commitments.checkSplitID(of: share)
        guard !commitments.isValid(share) else { throw ShamirError.complaintShareIsValid(x: share.x) }
    }
}
