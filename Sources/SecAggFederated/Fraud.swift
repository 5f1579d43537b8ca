import SecAggProtocol

/// A kind of cheating the catalogue in `Specs/fraud.md` covers, which a simulated participant can commit.
public enum FraudKind: String, Sendable, Codable, CaseIterable {
    /// Someone injects a message in a provider's name with a signature that does not verify.
    case forgedMessage = "forged-message"
    /// A provider's masked input from an earlier round is sent again.
    case replayedMessage = "replayed-message"
    /// A provider sends two different masked inputs in one round.
    case duplicateSubmission = "duplicate-submission"
    /// A provider sends a second, different masked input after the masked-input phase closed.
    case lateDuplicateSubmission = "late-duplicate-submission"
    /// A provider sends a masked input of the wrong length.
    case malformedUpdate = "malformed-update"
    /// A provider declares a weight above the task's bound.
    case excessiveWeight = "excessive-weight"
    /// A provider declares one weight and uses another in its masked weight coordinate.
    case misdeclaredWeight = "misdeclared-weight"
    /// A provider deals a share that fails its own commitments.
    case badShares = "bad-shares"
    /// A provider reveals altered shares at unmasking.
    case bogusUnmaskShares = "bogus-unmask-shares"
    /// A provider submits an update that makes the model worse (sign-flipped and scaled).
    case poisonedUpdate = "poisoned-update"
    /// A Paillier key holder sends a wrong decryption share; the incident's provider field is the holder's index.
    case badDecryptionShare = "bad-decryption-share"
    /// The aggregator shows one provider a different survivor set.
    case aggregatorEquivocates = "aggregator-equivocates"
    /// The aggregator requests both shares of one provider.
    case aggregatorRequestsBothShares = "aggregator-requests-both-shares"
    /// The aggregator reports a sum that differs from the real one.
    case aggregatorMisreportsSum = "aggregator-misreports-sum"

    /// Returns whether the fraud exists in `mode`: share-based frauds need masking, decryption shares need
    /// Paillier.
    public func applies(to mode: AggregationMode) -> Bool {
        switch self {
        case .badShares, .bogusUnmaskShares, .lateDuplicateSubmission, .aggregatorEquivocates,
            .aggregatorRequestsBothShares:
            return mode == .masking
        case .badDecryptionShare:
            return mode == .paillier
        default:
            return true
        }
    }

    /// Whether the aggregator, rather than a provider, commits it.
    public var isAggregatorFraud: Bool {
        switch self {
        case .aggregatorEquivocates, .aggregatorRequestsBothShares, .aggregatorMisreportsSum: return true
        default: return false
        }
    }
}

/// One entry of the fraud log: the detection, its detector, the accused and the evidence.
public struct FraudRecord: Sendable, Codable {
    /// The round.
    public let round: UInt64
    /// The detection, in words.
    public let detection: String
    /// The detector: `aggregator`, `provider N`, `audit`, `plaintext check` and so on.
    public let detectedBy: String
    /// The blamed participant (`provider N` or `aggregator`), or nil when the offence cannot be attributed.
    public let accused: String?
    /// The consequence.
    public let action: String
    /// The signed messages and other bytes that prove it, hex.
    public let evidence: [String]
}
