/// Errors thrown by Shamir sharing, verification and reconstruction.
///
/// Payloads name the public value that is wrong: a threshold, a count, a share index `x`, or the first four bytes
/// of a split ID in hexadecimal. They never contain a share value, a coefficient or a secret, so an error can be
/// logged or sent to a peer as it is.
public enum ShamirError: Error, Equatable, Sendable {
    /// A threshold is below 1, so no polynomial can be defined.
    case thresholdTooSmall(threshold: Int)
    /// A threshold is larger than ``Shamir/maximumShareCount``.
    case thresholdTooLarge(threshold: Int, maximum: Int)
    /// A split's threshold is larger than its share count, so the secret could never be rebuilt.
    case thresholdExceedsShareCount(threshold: Int, shareCount: Int)
    /// A split's share count is 0 or larger than ``Shamir/maximumShareCount``.
    case shareCountOutOfRange(shareCount: Int, maximum: Int)
    /// A share index is 0, which is where the secret sits, or above ``Shamir/maximumShareCount``.
    case shareIndexOutOfRange(x: UInt32, maximum: Int)
    /// Two shares in one set have the same index.
    case duplicateShareIndex(x: UInt32)
    /// A share or commitment set belongs to another split than the others it is used with.
    ///
    /// `expected` and `found` are the first four bytes of each split ID in hexadecimal, and `x` is the index of the
    /// share that differs.
    case splitIDMismatch(expected: String, found: String, x: UInt32)
    /// Fewer shares were given than the threshold needs.
    case insufficientShares(threshold: Int, provided: Int)
    /// An encoding has the wrong number of bytes. `kind` names the encoding, for example `"share"`.
    case invalidEncodingLength(kind: String, expected: Int, actual: Int)
    /// A share value is not a canonical scalar: its 32 little-endian bytes are not below the group order ℓ.
    case nonCanonicalShareValue(x: UInt32)
    /// A commitment is not the canonical encoding of a ristretto255 element. `index` is its position `j`.
    case invalidCommitmentPoint(index: Int)
    /// A commitment set has a different threshold (number of points) than the caller expects.
    case commitmentThresholdMismatch(expected: Int, actual: Int)
    /// An Ed25519 signature has the wrong length or does not verify for the commitments and the dealer's key.
    case invalidCommitmentSignature(splitID: String)
    /// A dealer's Ed25519 public key is not a canonical encoding of a point of large order.
    case invalidDealerPublicKey
    /// One or more shares do not match the dealer's commitments. `holders` lists their indices in ascending order.
    case shareVerificationFailed(holders: [UInt32])
    /// A complaint names a share that matches the dealer's commitments, so it is no evidence against the dealer.
    case complaintShareIsValid(x: UInt32)
    /// More than `threshold` shares were given and they do not all lie on one polynomial of degree below the
    /// threshold, so at least one is wrong. Robust reconstruction can find it.
    case inconsistentShares(threshold: Int, shareCount: Int)
    /// After dropping the shares that fail verification, fewer than `threshold` remain.
    case insufficientValidShares(threshold: Int, valid: Int, rejectedHolders: [UInt32])
    /// Error-correcting decoding found no polynomial of degree below `threshold` that agrees with all but at most
    /// `correctable` of the `shareCount` shares, so more shares are wrong than it can correct.
    case tooManyErrors(threshold: Int, shareCount: Int, correctable: Int)
    /// A share comes from a holder outside the holder set that a ``LagrangeCoefficients`` value was built for.
    case holderNotInSet(x: UInt32)
    /// A share from a holder in the holder set of a ``LagrangeCoefficients`` value is missing.
    case missingShare(x: UInt32)
}

extension ShamirError: CustomStringConvertible {
    /// A plain-language message that names the wrong value and what to do about it.
    public var description: String {
        switch self {
        case .thresholdTooSmall(let threshold):
            return "invalid threshold \(threshold): a threshold must be at least 1"
        case .thresholdTooLarge(let threshold, let maximum):
            return "invalid threshold \(threshold): a threshold must be at most \(maximum)"
        case .thresholdExceedsShareCount(let threshold, let shareCount):
            return "invalid threshold \(threshold): it must not exceed the share count \(shareCount)"
        case .shareCountOutOfRange(let shareCount, let maximum):
            return "invalid share count \(shareCount): it must be 1...\(maximum)"
        case .shareIndexOutOfRange(let x, let maximum):
            return "invalid share index \(x): share indices are 1...\(maximum), because index 0 holds the secret"
        case .duplicateShareIndex(let x):
            return "duplicate share index \(x): each share of a set must come from a different holder"
        case .splitIDMismatch(let expected, let found, let x):
            return "split ID mismatch: share \(x) has split ID \(found)…, expected \(expected)…. "
                + "Shares and commitments of different splits cannot be combined"
        case .insufficientShares(let threshold, let provided):
            return "insufficient shares: \(provided) given, the threshold needs \(threshold)"
        case .invalidEncodingLength(let kind, let expected, let actual):
            return "invalid \(kind) encoding: expected \(expected) bytes, got \(actual)"
        case .nonCanonicalShareValue(let x):
            return "invalid share \(x): the value is not a canonical scalar below the group order"
        case .invalidCommitmentPoint(let index):
            return "invalid commitment \(index): not a canonical ristretto255 encoding"
        case .commitmentThresholdMismatch(let expected, let actual):
            return "commitment threshold mismatch: the commitments have threshold \(actual), expected \(expected)"
        case .invalidCommitmentSignature(let splitID):
            return "invalid commitment signature for split ID \(splitID)…: "
                + "the Ed25519 signature does not verify under the dealer's public key"
        case .invalidDealerPublicKey:
            return "invalid dealer public key: not a canonical Ed25519 point of large order"
        case .shareVerificationFailed(let holders):
            let list = holders.map(String.init).joined(separator: ", ")
            return "share verification failed for holder \(list): the value does not match the dealer's commitments"
        case .complaintShareIsValid(let x):
            return "complaint rejected: share \(x) matches the dealer's commitments, so it is no evidence"
        case .inconsistentShares(let threshold, let shareCount):
            return "inconsistent shares: the \(shareCount) shares do not lie on one polynomial of degree below "
                + "\(threshold). Use robust reconstruction to find the wrong ones"
        case .insufficientValidShares(let threshold, let valid, let rejectedHolders):
            let list = rejectedHolders.map(String.init).joined(separator: ", ")
            return "insufficient valid shares: \(valid) passed verification, the threshold needs \(threshold). "
                + "Rejected holders: \(list)"
        case .tooManyErrors(let threshold, let shareCount, let correctable):
            return "too many wrong shares: \(shareCount) shares at threshold \(threshold) can correct at most "
                + "\(correctable) wrong ones, and no polynomial fits. Collect more shares"
        case .holderNotInSet(let x):
            return "share \(x) comes from a holder outside the set these Lagrange coefficients were built for"
        case .missingShare(let x):
            return "missing share from holder \(x), which the Lagrange coefficients were built for"
        }
    }
}
