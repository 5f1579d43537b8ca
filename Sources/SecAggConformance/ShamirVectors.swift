import Foundation
import SecAggPrimitives
import SecAggShamir

/// One share in a Shamir vector: the index, the value and the 68-byte encoding, in hexadecimal.
package struct ShamirShareEntry: Codable, Sendable {
    package var x: UInt32
    package var value: String
    package var encoding: String
}

/// One reconstruction in a dealing vector: the holders, their Lagrange coefficients at zero and the secret.
package struct ShamirReconstructionEntry: Codable, Sendable {
    package var holders: [UInt32]
    package var lagrange: [String]
    package var secret: String
}

/// One vector of `Vectors/shamir.json`. `type` selects which fields are present; `Specs/shamir.md` describes each.
package struct ShamirVector: Codable, Sendable {
    package var name: String
    package var type: String
    package var description: String?
    /// The dealing vector whose shares, commitments or key this vector uses.
    package var dealing: String?
    package var threshold: Int?
    package var shareCount: Int?
    package var splitID: String?
    package var coefficients: [String]?
    package var commitments: [String]?
    package var commitmentsEncoding: String?
    package var dealerSeed: String?
    package var dealerPublicKey: String?
    package var signedMessage: String?
    package var signature: String?
    package var signedCommitmentsEncoding: String?
    package var shares: [ShamirShareEntry]?
    package var reconstructions: [ShamirReconstructionEntry]?
    package var operation: String?
    package var inputShares: [String]?
    package var encoding: String?
    package var error: String?
    package var secret: String?
    package var rejectedHolders: [UInt32]?
    package var weights: [String]?
    package var combinedValue: String?
    package var combinedScalars: [String]?
    package var left: String?
    package var right: String?
    package var valid: Bool?
    package var salt: String?
    package var label: String?
    package var context: [String]?
    package var key: String?

    enum CodingKeys: String, CodingKey {
        case name, type, description, dealing, threshold, coefficients, commitments, signature, shares
        case reconstructions, operation, encoding, error, secret, weights, left, right, valid, salt, label, context, key
        case shareCount = "share_count"
        case splitID = "split_id"
        case commitmentsEncoding = "commitments_encoding"
        case dealerSeed = "dealer_seed"
        case dealerPublicKey = "dealer_public_key"
        case signedMessage = "signed_message"
        case signedCommitmentsEncoding = "signed_commitments_encoding"
        case inputShares = "input_shares"
        case rejectedHolders = "rejected_holders"
        case combinedValue = "combined_value"
        case combinedScalars = "combined_scalars"
    }

    init(name: String, type: String, description: String) {
        self.name = name
        self.type = type
        self.description = description
    }
}

/// The whole of `Vectors/shamir.json`, in the common vector-file shape.
package struct ShamirVectorFile: Codable, Sendable {
    package var primitive: String
    package var source: String
    package var notes: String
    package var vectors: [ShamirVector]
}

/// The deterministic inputs of the Shamir vectors. Each is a hash of a label, so an independent implementation can
/// recompute it from the vector's name.
enum ShamirVectorInputs {
    static let labelPrefix = "secagg/v1 shamir vector "

    /// Returns coefficient `j` of dealing `name`: SHA-512 of the label, read little-endian and reduced modulo ℓ.
    static func coefficient(dealing name: String, degree: Int) throws -> Ristretto255.Scalar {
        try Ristretto255.Scalar(reducing: SHA512.hash(Array("\(labelPrefix)\(name) coefficient \(degree)".utf8)))
    }

    /// Returns the split ID of dealing `name`: SHA-256 of the label.
    static func splitID(dealing name: String) throws -> SplitID {
        try SplitID(bytes: SHA256.hash(Array("\(labelPrefix)\(name) split id".utf8)))
    }

    /// Returns the dealer's Ed25519 seed for dealing `name`: SHA-256 of the label.
    static func dealerSeed(dealing name: String) -> [UInt8] {
        SHA256.hash(Array("\(labelPrefix)\(name) dealer seed".utf8))
    }

    /// Returns weight `i` of batch-verification vector `name`: SHA-512 of the label, reduced modulo ℓ.
    static func weight(vector name: String, index: Int) throws -> Ristretto255.Scalar {
        try Ristretto255.Scalar(reducing: SHA512.hash(Array("\(labelPrefix)\(name) weight \(index)".utf8)))
    }

    /// Returns the wrong value for share `x` in vector `name`: SHA-512 of the label, reduced modulo ℓ.
    static func wrongValue(vector name: String, x: UInt32) throws -> Ristretto255.Scalar {
        try Ristretto255.Scalar(reducing: SHA512.hash(Array("\(labelPrefix)\(name) wrong value \(x)".utf8)))
    }
}

/// Returns the stable name of a ``ShamirError`` case, as negative vectors write it.
func shamirErrorCode(_ error: ShamirError) -> String {
    switch error {
    case .thresholdTooSmall: return "threshold_too_small"
    case .thresholdTooLarge: return "threshold_too_large"
    case .thresholdExceedsShareCount: return "threshold_exceeds_share_count"
    case .shareCountOutOfRange: return "share_count_out_of_range"
    case .shareIndexOutOfRange: return "share_index_out_of_range"
    case .duplicateShareIndex: return "duplicate_share_index"
    case .splitIDMismatch: return "split_id_mismatch"
    case .insufficientShares: return "insufficient_shares"
    case .invalidEncodingLength: return "invalid_encoding_length"
    case .nonCanonicalShareValue: return "non_canonical_share_value"
    case .invalidCommitmentPoint: return "invalid_commitment_point"
    case .commitmentThresholdMismatch: return "commitment_threshold_mismatch"
    case .invalidCommitmentSignature: return "invalid_commitment_signature"
    case .invalidDealerPublicKey: return "invalid_dealer_public_key"
    case .shareVerificationFailed: return "share_verification_failed"
    case .complaintShareIsValid: return "complaint_share_is_valid"
    case .inconsistentShares: return "inconsistent_shares"
    case .insufficientValidShares: return "insufficient_valid_shares"
    case .tooManyErrors: return "too_many_errors"
    case .holderNotInSet: return "holder_not_in_set"
    case .missingShare: return "missing_share"
    }
}
