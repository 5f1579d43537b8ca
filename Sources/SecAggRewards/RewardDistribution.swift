/// The identifier of a data provider, as the aggregation protocol numbers its participants.
public struct ProviderID: Sendable, Hashable, Comparable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible
{
    /// The provider's number.
    public let rawValue: UInt64

    /// Creates an identifier from a provider number.
    ///
    /// - Parameter rawValue: The provider's number.
    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Creates an identifier from an integer literal.
    ///
    /// - Parameter value: The provider's number.
    public init(integerLiteral value: UInt64) {
        self.init(value)
    }

    /// Decodes an identifier stored as a bare number.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: The decoder's error.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(UInt64.self))
    }

    /// Encodes the identifier as a bare number.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Orders identifiers by provider number.
    public static func < (lhs: ProviderID, rhs: ProviderID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The text `provider N`.
    public var description: String { "provider \(rawValue)" }
}

/// One provider's claim in a round: its update is in the aggregate sum, with this weight.
public struct Contribution: Sendable, Hashable, Codable {
    /// The provider.
    public let provider: ProviderID
    /// The provider's weight before capping, usually its number of training samples.
    public let weight: UInt64

    /// Creates a contribution.
    ///
    /// - Parameters:
    ///   - provider: The provider whose update is in the sum.
    ///   - weight: The provider's weight before capping.
    public init(provider: ProviderID, weight: UInt64) {
        self.provider = provider
        self.weight = weight
    }
}

/// The fixed terms of a reward scheme: how much each completed round pays and the cap on any one weight.
public struct RewardPolicy: Sendable, Hashable, Codable {
    /// The amount that each completed round distributes.
    public let rewardPerRound: TokenAmount
    /// The largest weight that counts for one provider; larger weights are capped to it.
    public let maximumWeight: UInt64

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - rewardPerRound: The amount each completed round distributes.
    ///   - maximumWeight: The cap on a provider's weight, at least 1.
    /// - Throws: ``RewardError/invalidMaximumWeight(weight:)`` for a cap of zero.
    public init(rewardPerRound: TokenAmount, maximumWeight: UInt64) throws(RewardError) {
        guard maximumWeight >= 1 else {
            throw .invalidMaximumWeight(weight: maximumWeight)
        }
        self.rewardPerRound = rewardPerRound
        self.maximumWeight = maximumWeight
    }

    /// Decodes a policy and checks it like ``init(rewardPerRound:maximumWeight:)``.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: The ``RewardError`` for a zero cap, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            rewardPerRound: container.decode(TokenAmount.self, forKey: .rewardPerRound),
            maximumWeight: container.decode(UInt64.self, forKey: .maximumWeight))
    }
}

/// The reason a provider was or was not paid in a round.
public enum PayoutReason: String, Sendable, Hashable, Codable {
    /// The provider received its share of the round's reward for its capped weight.
    case share
    /// The provider was blamed for misbehaving in the round and receives nothing.
    case blamed
    /// The provider's weight was zero, so its share is zero.
    case zeroWeight
}

/// One provider's entry in one round.
public struct Payout: Sendable, Hashable, Codable {
    /// The round number.
    public let round: UInt64
    /// The provider.
    public let provider: ProviderID
    /// The amount paid; zero unless the reason is ``PayoutReason/share``.
    public let amount: TokenAmount
    /// The reason the provider was or was not paid.
    public let reason: PayoutReason
    /// The weight that counted after capping; zero for blamed providers.
    public let cappedWeight: UInt64
    /// Whether the largest-remainder rule gave this provider one extra base unit.
    public let receivedRemainderUnit: Bool
}

/// Whether a round paid out its reward.
public enum RoundOutcome: String, Sendable, Hashable, Codable {
    /// The reward was split among the eligible providers and the shares add up to it exactly.
    case paid
    /// No provider was eligible (none contributed, all were blamed or all weights were zero), so no provider was
    /// paid and the reward stays undistributed.
    case noEligibleProvider
}

/// The result of distributing one round's reward.
public struct RoundDistribution: Sendable, Hashable, Codable {
    /// The round number.
    public let round: UInt64
    /// The round's reward.
    public let reward: TokenAmount
    /// Whether any provider was paid.
    public let outcome: RoundOutcome
    /// One entry per provider that contributed or was blamed, in ascending provider order.
    public let payouts: [Payout]

    /// The sum of the payouts: equal to ``reward`` when the outcome is ``RoundOutcome/paid``, zero otherwise.
    ///
    /// The sum cannot overflow, because both the distribution rule and the decoder guarantee that it is one of
    /// those two values.
    public var totalPaid: TokenAmount {
        TokenAmount(baseUnits: payouts.reduce(0) { $0 + $1.amount.baseUnits }, token: reward.token)
    }

    init(round: UInt64, reward: TokenAmount, outcome: RoundOutcome, payouts: [Payout]) {
        self.round = round
        self.reward = reward
        self.outcome = outcome
        self.payouts = payouts
    }

    /// Decodes a distribution and checks it. Payouts must belong to this round, be in strictly ascending provider
    /// order, be in the reward's token, and be zero unless the reason is ``PayoutReason/share``. Their sum must
    /// equal the reward when the outcome is ``RoundOutcome/paid``, and be zero otherwise.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: ``RewardError/inconsistentRecord(reason:)`` for an inconsistent distribution, or the decoder's
    ///   error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            round: try container.decode(UInt64.self, forKey: .round),
            reward: try container.decode(TokenAmount.self, forKey: .reward),
            outcome: try container.decode(RoundOutcome.self, forKey: .outcome),
            payouts: try container.decode([Payout].self, forKey: .payouts))
        try checkConsistency()
    }

    private func checkConsistency() throws(RewardError) {
        var sum = TokenAmount.zero(reward.token)
        var previous: ProviderID?
        for payout in payouts {
            guard payout.round == round else {
                throw .inconsistentRecord(reason: "a payout of round \(payout.round) is filed under round \(round)")
            }
            if let previous, payout.provider <= previous {
                throw .inconsistentRecord(reason: "round \(round) lists \(payout.provider) out of order or twice")
            }
            previous = payout.provider
            guard payout.reason == .share || payout.amount.isZero else {
                throw .inconsistentRecord(reason: "round \(round) pays \(payout.provider), who had no share")
            }
            guard payout.amount.token == reward.token else {
                throw .inconsistentRecord(reason: "round \(round) pays \(payout.provider) in \(payout.amount.token)")
            }
            let (next, overflow) = sum.baseUnits.addingReportingOverflow(payout.amount.baseUnits)
            guard !overflow else {
                throw .inconsistentRecord(reason: "the payouts of round \(round) exceed 2^128 - 1 base units")
            }
            sum = TokenAmount(baseUnits: next, token: reward.token)
        }
        let expected = outcome == .paid ? reward : .zero(reward.token)
        guard sum == expected else {
            throw .inconsistentRecord(reason: "round \(round) pays \(sum) in total, expected \(expected)")
        }
    }
}

/// The rule that splits a round's reward among the providers whose updates are in the sum.
///
/// Every contributor that is not blamed and has a positive weight is eligible. Its weight is capped at the policy's
/// maximum, and it receives floor(reward * cappedWeight / totalCappedWeight) base units. The base units left over,
/// fewer than the number of eligible providers, go one each to the providers with the largest remainders of that
/// division. Ties go to the lower provider number. The shares therefore add up to the reward exactly, and the same
/// input always gives the same split.
public enum RewardDistribution {
    /// Splits `reward` among the eligible providers of a round.
    ///
    /// - Parameters:
    ///   - round: The round number.
    ///   - reward: The amount to distribute.
    ///   - contributions: The providers whose updates are in the sum, with their weights; no provider twice.
    ///   - blamed: Providers caught misbehaving in this round. They receive nothing, whether or not they are listed
    ///     among the contributions.
    ///   - maximumWeight: The cap on any one weight, at least 1.
    /// - Returns: The payouts, with outcome ``RoundOutcome/noEligibleProvider`` when no provider is eligible.
    /// - Throws: ``RewardError/duplicateProvider(provider:round:)`` and ``RewardError/invalidMaximumWeight(weight:)``.
    public static func distribute(
        round: UInt64, reward: TokenAmount, contributions: [Contribution], blamed: Set<ProviderID>,
        maximumWeight: UInt64
    ) throws(RewardError) -> RoundDistribution {
        guard maximumWeight >= 1 else {
            throw .invalidMaximumWeight(weight: maximumWeight)
        }
        var seen = Set<ProviderID>()
        for contribution in contributions where !seen.insert(contribution.provider).inserted {
            throw .duplicateProvider(provider: contribution.provider, round: round)
        }

        let eligible = contributions.filter { !blamed.contains($0.provider) && $0.weight > 0 }
        let cappedWeights = eligible.map { Swift.min($0.weight, maximumWeight) }
        // Each capped weight is below 2^64, so the total of fewer than 2^64 of them fits in 128 bits.
        let totalWeight = cappedWeights.reduce(UInt128(0)) { $0 + UInt128($1) }

        var shares = [ProviderID: (units: UInt128, extra: Bool)]()
        if totalWeight > 0 {
            var remainders = [(provider: ProviderID, remainder: UInt128)]()
            var distributed: UInt128 = 0
            for (contribution, weight) in zip(eligible, cappedWeights) {
                // reward * weight can need 192 bits, so multiply to 256 bits and divide back. The quotient fits
                // in 128 bits because weight <= totalWeight.
                let product = reward.baseUnits.multipliedFullWidth(by: UInt128(weight))
                let (quotient, remainder) = totalWeight.dividingFullWidth(product)
                shares[contribution.provider] = (quotient, false)
                remainders.append((contribution.provider, remainder))
                distributed += quotient
            }
            remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.provider < $1.provider }
            let leftover = Int(reward.baseUnits - distributed)
            for entry in remainders.prefix(leftover) {
                shares[entry.provider]?.units += 1
                shares[entry.provider]?.extra = true
            }
        }

        var payouts = [Payout]()
        let listed = Set(contributions.map(\.provider)).union(blamed)
        let weightOf = Dictionary(uniqueKeysWithValues: contributions.map { ($0.provider, $0.weight) })
        for provider in listed.sorted() {
            let reason: PayoutReason
            if blamed.contains(provider) {
                reason = .blamed
            } else if let share = shares[provider] {
                payouts.append(
                    Payout(
                        round: round, provider: provider,
                        amount: TokenAmount(baseUnits: share.units, token: reward.token),
                        reason: .share, cappedWeight: Swift.min(weightOf[provider] ?? 0, maximumWeight),
                        receivedRemainderUnit: share.extra))
                continue
            } else {
                reason = .zeroWeight
            }
            payouts.append(
                Payout(
                    round: round, provider: provider, amount: .zero(reward.token), reason: reason, cappedWeight: 0,
                    receivedRemainderUnit: false))
        }
        return RoundDistribution(
            round: round, reward: reward, outcome: totalWeight > 0 ? .paid : .noEligibleProvider, payouts: payouts)
    }
}
