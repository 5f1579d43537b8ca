import SecAggRewards

/// The report of one training round.
public struct RoundReport: Sendable, Codable {
    /// The round number, from 1.
    public var round: UInt64
    /// Whether the round's update was applied to the global model.
    public var accepted: Bool
    /// `completed`, or why the round was rejected or aborted.
    public var outcome: String
    /// Providers whose inputs are in the secure sum.
    public var contributors: [UInt32]
    /// Providers that dropped out (not in the sum and not blamed).
    public var dropped: [UInt32]
    /// Providers whose dropout was recovered: they dropped after sharing keys, so their masks were rebuilt.
    public var recovered: [UInt32]
    /// Providers blamed this round.
    public var blamed: [UInt32]
    /// Whether the aggregator was blamed this round.
    public var aggregatorBlamed: Bool
    /// Whether the secure sum equals the plaintext sum of the contributors' quantized updates; nil when there was
    /// no sum.
    public var secureSumMatchesPlaintext: Bool?
    /// Whether the transcript audit passed; nil when there was no sum.
    public var auditPassed: Bool?
    /// The audit's findings.
    public var auditFindings: [String]
    /// The total weight decoded from the secure sum.
    public var totalWeight: UInt64?
    /// Validation loss of the global model before the round and of the candidate model after it.
    public var validationLossBefore: Double
    public var validationLossAfter: Double?
    /// Test accuracy of the global model at the end of the round (after rollback, if any).
    public var testAccuracy: Double
    /// Seconds the aggregator computed, by phase.
    public var aggregatorSeconds: [String: Double]
    /// Mean seconds a provider computed, by phase.
    public var providerSeconds: [String: Double]
    /// Mean bytes a provider sent.
    public var bytesPerProvider: Double
}

/// The whole run: every round, the fraud log and the reward ledger.
public struct TrainingReport: Sendable, Codable {
    /// The task as posted.
    public var task: TrainingTask
    /// The aggregation mode that ran.
    public var mode: AggregationMode
    /// Providers in the run.
    public var providers: [UInt32]
    /// The Shamir threshold and graph the rounds used.
    public var threshold: Int
    public var graph: String
    /// The modulus bit width (masking) or key size (Paillier).
    public var encoding: String
    /// Every round, in order.
    public var rounds: [RoundReport]
    /// Test accuracy of the final global model.
    public var finalTestAccuracy: Double
    /// The final global model's parameters.
    public var finalParameters: [Double]
    /// Everything the checks detected.
    public var fraudLog: [FraudRecord]
    /// Every payout.
    public var payouts: [Payout]
    /// Total paid to each provider.
    public var rewardTotals: [ProviderTotal]
    /// Total paid over the run, and the reward that accepted rounds promised.
    public var totalPaid: TokenAmount
    public var totalPromised: TokenAmount
}

/// Progress of a training run, reported to the caller's handler; the library prints nothing.
public enum FederatedEvent: Sendable {
    /// A round started.
    case roundStarted(UInt64)
    /// A round finished.
    case roundFinished(RoundReport)
    /// A check found cheating or a rejected message.
    case fraudDetected(FraudRecord)
}
