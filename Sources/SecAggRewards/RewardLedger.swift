import Foundation

/// One provider's running total in a ``RewardLedger``.
public struct ProviderTotal: Sendable, Hashable, Codable {
    /// The provider.
    public let provider: ProviderID
    /// Everything paid to the provider so far.
    public let amount: TokenAmount
}

/// The record of every round's reward distribution under one policy, with running totals per provider.
///
/// Rounds are recorded in strictly increasing round order. Recording is all-or-nothing: a round that throws leaves
/// the ledger unchanged. Decoding checks that every round's payouts add up, that rounds are in order and that the
/// stored totals match the payouts, so a tampered export is rejected.
public struct RewardLedger: Sendable, Hashable {
    /// The reward per round and the weight cap.
    public let policy: RewardPolicy
    /// Every recorded round, oldest first.
    public private(set) var rounds: [RoundDistribution] = []
    private var totalsByProvider: [ProviderID: TokenAmount] = [:]
    private var paidSoFar: TokenAmount

    /// Creates an empty ledger.
    ///
    /// - Parameter policy: The reward per round and the weight cap.
    public init(policy: RewardPolicy) {
        self.policy = policy
        paidSoFar = .zero(policy.rewardPerRound.token)
    }

    /// Distributes the policy's reward for a completed round and records the payouts.
    ///
    /// - Parameters:
    ///   - round: The round number, greater than every recorded round.
    ///   - contributions: The providers whose updates are in the round's sum, with their weights.
    ///   - blamed: Providers caught misbehaving in the round; they receive nothing.
    /// - Returns: The round's distribution, also appended to ``rounds``.
    /// - Throws: ``RewardError/roundOutOfOrder(round:lastRecorded:)``, the errors of
    ///   ``RewardDistribution/distribute(round:reward:contributions:blamed:maximumWeight:)``, and
    ///   ``RewardError/arithmeticOverflow(symbol:)`` when a total would exceed 2^128 - 1 base units.
    @discardableResult
    public mutating func recordRound(
        _ round: UInt64, contributions: [Contribution], blamed: Set<ProviderID> = []
    ) throws(RewardError) -> RoundDistribution {
        if let last = rounds.last, round <= last.round {
            throw .roundOutOfOrder(round: round, lastRecorded: last.round)
        }
        let distribution = try RewardDistribution.distribute(
            round: round, reward: policy.rewardPerRound, contributions: contributions, blamed: blamed,
            maximumWeight: policy.maximumWeight)
        try append(distribution)
        return distribution
    }

    /// Adds a distribution's payouts to the totals and appends it, or changes nothing when a sum overflows.
    private mutating func append(_ distribution: RoundDistribution) throws(RewardError) {
        var updated = totalsByProvider
        for payout in distribution.payouts where payout.reason == .share {
            updated[payout.provider] = try (updated[payout.provider] ?? .zero(payout.amount.token)).adding(
                payout.amount)
        }
        let newPaid = try paidSoFar.adding(distribution.totalPaid)
        totalsByProvider = updated
        paidSoFar = newPaid
        rounds.append(distribution)
    }

    /// Returns everything paid to one provider so far.
    ///
    /// - Parameter provider: The provider.
    /// - Returns: The provider's total, zero when it was never paid.
    public func total(for provider: ProviderID) -> TokenAmount {
        totalsByProvider[provider] ?? .zero(policy.rewardPerRound.token)
    }

    /// Every provider's total, in ascending provider order.
    public var totals: [ProviderTotal] {
        totalsByProvider.keys.sorted().map { ProviderTotal(provider: $0, amount: total(for: $0)) }
    }

    /// Everything paid in all rounds.
    public var totalPaid: TokenAmount { paidSoFar }

    /// Every payout entry of every round, in round order and then provider order.
    public var payouts: [Payout] { rounds.flatMap(\.payouts) }

    /// The numbers of the rounds that paid no provider because no provider was eligible.
    public var unpaidRounds: [UInt64] {
        rounds.filter { $0.outcome == .noEligibleProvider }.map(\.round)
    }

    /// Encodes the ledger as JSON with sorted keys, for audit and storage.
    ///
    /// - Returns: UTF-8 JSON with `policy`, `rounds` and `totals`.
    /// - Throws: The encoder's error.
    public func exportJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

extension RewardLedger: Codable {
    private enum CodingKeys: String, CodingKey {
        case policy
        case rounds
        case totals
    }

    /// Decodes a ledger and checks it: rounds in increasing order, each consistent on its own and paying the
    /// policy's reward, and stored totals equal to the sum of the payouts.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: ``RewardError/inconsistentRecord(reason:)`` for an inconsistent ledger, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(policy: try container.decode(RewardPolicy.self, forKey: .policy))
        for round in try container.decode([RoundDistribution].self, forKey: .rounds) {
            try checkConsistency(of: round)
            try append(round)
        }
        let storedTotals = try container.decode([ProviderTotal].self, forKey: .totals)
        guard storedTotals == totals else {
            throw RewardError.inconsistentRecord(reason: "the stored totals differ from the sum of the payouts")
        }
    }

    /// Encodes the policy, the rounds and the totals.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(rounds, forKey: .rounds)
        try container.encode(totals, forKey: .totals)
    }

    private func checkConsistency(of round: RoundDistribution) throws(RewardError) {
        if let last = rounds.last, round.round <= last.round {
            throw .inconsistentRecord(reason: "round \(round.round) follows round \(last.round)")
        }
        guard round.reward == policy.rewardPerRound else {
            throw .inconsistentRecord(reason: "round \(round.round) pays \(round.reward), not \(policy.rewardPerRound)")
        }
    }
}
