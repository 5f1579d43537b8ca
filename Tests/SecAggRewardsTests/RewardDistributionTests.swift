import Foundation
import SecAggPrimitives
import SecAggRewards
import Testing

@Suite("Reward distribution")
struct RewardDistributionTests {
    static func glin(_ units: UInt128) -> TokenAmount {
        TokenAmount(baseUnits: units, token: .glin)
    }

    static func amounts(_ distribution: RoundDistribution) -> [ProviderID: UInt128] {
        Dictionary(uniqueKeysWithValues: distribution.payouts.map { ($0.provider, $0.amount.baseUnits) })
    }

    @Test("shares follow weights exactly")
    func proportionalShares() throws {
        let result = try RewardDistribution.distribute(
            round: 1, reward: Self.glin(1000),
            contributions: [Contribution(provider: 1, weight: 1), Contribution(provider: 2, weight: 3)],
            blamed: [], maximumWeight: 100)
        #expect(result.outcome == .paid)
        #expect(Self.amounts(result) == [1: 250, 2: 750])
        #expect(result.payouts.allSatisfy { !$0.receivedRemainderUnit })
    }

    @Test("largest remainder gets leftover units")
    func largestRemainder() throws {
        // 10 * (1, 2, 4) / 7 = 1.43, 2.86, 5.71: floors 1 + 2 + 5 = 8, so the two largest remainders
        // (provider 2 with 6/7, provider 3 with 5/7) get one unit each.
        let result = try RewardDistribution.distribute(
            round: 1, reward: Self.glin(10),
            contributions: [
                Contribution(provider: 1, weight: 1), Contribution(provider: 2, weight: 2),
                Contribution(provider: 3, weight: 4),
            ],
            blamed: [], maximumWeight: 100)
        #expect(Self.amounts(result) == [1: 1, 2: 3, 3: 6])
        #expect(result.payouts.map(\.receivedRemainderUnit) == [false, true, true])
    }

    @Test("remainder ties go to lower id")
    func remainderTies() throws {
        let contributions = [9, 4, 7].map { Contribution(provider: ProviderID($0), weight: 5) }
        let result = try RewardDistribution.distribute(
            round: 1, reward: Self.glin(5), contributions: contributions, blamed: [], maximumWeight: 100)
        #expect(Self.amounts(result) == [4: 2, 7: 2, 9: 1])
        #expect(result.payouts.map(\.provider) == [4, 7, 9])
    }

    @Test("blamed providers receive nothing")
    func blamedUnpaid() throws {
        let result = try RewardDistribution.distribute(
            round: 3, reward: Self.glin(900),
            contributions: [
                Contribution(provider: 1, weight: 10), Contribution(provider: 2, weight: 10),
                Contribution(provider: 3, weight: 10),
            ],
            blamed: [2, 8], maximumWeight: 100)
        #expect(Self.amounts(result) == [1: 450, 2: 0, 3: 450, 8: 0])
        let reasons = Dictionary(uniqueKeysWithValues: result.payouts.map { ($0.provider, $0.reason) })
        #expect(reasons[2] == .blamed)
        #expect(reasons[8] == .blamed)
        #expect(reasons[1] == .share)
    }

    @Test("weights above the cap count as the cap")
    func capping() throws {
        let result = try RewardDistribution.distribute(
            round: 1, reward: Self.glin(600),
            contributions: [Contribution(provider: 1, weight: 1_000_000), Contribution(provider: 2, weight: 50)],
            blamed: [], maximumWeight: 100)
        #expect(Self.amounts(result) == [1: 400, 2: 200])
        #expect(result.payouts.map(\.cappedWeight) == [100, 50])
    }

    @Test("no eligible provider pays nobody")
    func noEligibleProvider() throws {
        let cases: [([Contribution], Set<ProviderID>)] = [
            ([], []),
            ([Contribution(provider: 1, weight: 5)], [1]),
            ([Contribution(provider: 1, weight: 0), Contribution(provider: 2, weight: 0)], []),
        ]
        for (contributions, blamed) in cases {
            let result = try RewardDistribution.distribute(
                round: 4, reward: Self.glin(100), contributions: contributions, blamed: blamed, maximumWeight: 10)
            #expect(result.outcome == .noEligibleProvider)
            #expect(result.totalPaid.isZero)
        }
    }

    @Test("zero weight is recorded unpaid")
    func zeroWeight() throws {
        let result = try RewardDistribution.distribute(
            round: 1, reward: Self.glin(7),
            contributions: [Contribution(provider: 1, weight: 0), Contribution(provider: 2, weight: 3)],
            blamed: [], maximumWeight: 10)
        #expect(result.payouts.map(\.reason) == [.zeroWeight, .share])
        #expect(Self.amounts(result) == [1: 0, 2: 7])
    }

    @Test("huge reward and weights stay exact")
    func hugeValues() throws {
        let result = try RewardDistribution.distribute(
            round: 1, reward: Self.glin(.max),
            contributions: [
                Contribution(provider: 1, weight: .max), Contribution(provider: 2, weight: .max - 1),
                Contribution(provider: 3, weight: 1),
            ],
            blamed: [], maximumWeight: .max)
        #expect(result.totalPaid.baseUnits == .max)
        #expect(result.payouts.map(\.amount.baseUnits).reduce(0, +) == .max)
    }

    @Test("duplicate provider and zero cap rejected")
    func invalidInput() {
        let twice = [Contribution(provider: 5, weight: 1), Contribution(provider: 5, weight: 2)]
        #expect(throws: RewardError.duplicateProvider(provider: 5, round: 2)) {
            try RewardDistribution.distribute(
                round: 2, reward: Self.glin(1), contributions: twice, blamed: [], maximumWeight: 10)
        }
        #expect(throws: RewardError.invalidMaximumWeight(weight: 0)) {
            try RewardDistribution.distribute(
                round: 2, reward: Self.glin(1), contributions: [], blamed: [], maximumWeight: 0)
        }
        #expect(throws: RewardError.invalidMaximumWeight(weight: 0)) {
            try RewardPolicy(rewardPerRound: Self.glin(1), maximumWeight: 0)
        }
    }
}

@Suite("Reward ledger")
struct RewardLedgerTests {
    static func policy(reward: UInt128, cap: UInt64) throws -> RewardPolicy {
        try RewardPolicy(rewardPerRound: TokenAmount(baseUnits: reward, token: .glin), maximumWeight: cap)
    }

    @Test("seeded rounds conserve every unit")
    func conservation() throws {
        var rng = SeededRandom(seed: 40)
        // An odd reward that no weight total divides, so the remainder rule runs in most rounds.
        let reward: UInt128 = 1_000_000_000_000_000_007
        var ledger = RewardLedger(policy: try Self.policy(reward: reward, cap: 5000))
        var expectedTotals = [ProviderID: UInt128]()
        var paidRounds: UInt128 = 0

        for round in UInt64(1)...3000 {
            let providerCount = Int(rng.next() % 12)
            var contributions = [Contribution]()
            var blamed = Set<ProviderID>()
            for index in 0..<providerCount {
                let provider = ProviderID(UInt64(index) * 3 + rng.next() % 3)
                let weight = rng.next() % 4 == 0 ? rng.next() % 20_000 : rng.next() % 700
                contributions.append(Contribution(provider: provider, weight: weight))
                if rng.next() % 10 == 0 {
                    blamed.insert(provider)
                }
            }

            let result = try ledger.recordRound(round, contributions: contributions, blamed: blamed)
            let paid = result.payouts.map(\.amount.baseUnits).reduce(0, +)
            if result.outcome == .paid {
                #expect(paid == reward)
                paidRounds += 1
            } else {
                #expect(paid == 0)
            }
            for payout in result.payouts {
                #expect(payout.reason == .share || payout.amount.isZero)
                #expect(!blamed.contains(payout.provider) || payout.amount.isZero)
                expectedTotals[payout.provider, default: 0] += payout.amount.baseUnits
            }
        }

        #expect(ledger.totalPaid.baseUnits == reward * paidRounds)
        #expect(ledger.totals.map(\.amount.baseUnits).reduce(0, +) == reward * paidRounds)
        for total in ledger.totals {
            #expect(total.amount.baseUnits == expectedTotals[total.provider])
        }
        #expect(ledger.rounds.count == 3000)
        #expect(ledger.unpaidRounds.count == 3000 - Int(paidRounds))
    }

    @Test("shares within one unit of exact")
    func sharesNearExact() throws {
        var rng = SeededRandom(seed: 41)
        for _ in 0..<1000 {
            let reward = UInt128(rng.next() % 1_000_000)
            let weights = (0..<1 + Int(rng.next() % 8)).map { _ in 1 + rng.next() % 100 }
            let contributions = weights.enumerated().map {
                Contribution(provider: ProviderID(UInt64($0.offset)), weight: $0.element)
            }
            let result = try RewardDistribution.distribute(
                round: 1, reward: TokenAmount(baseUnits: reward, token: .glin), contributions: contributions,
                blamed: [], maximumWeight: 100)
            let total = UInt128(weights.reduce(0, +))
            for payout in result.payouts {
                let exactFloor = reward * UInt128(payout.cappedWeight) / total
                let extra: UInt128 = payout.receivedRemainderUnit ? 1 : 0
                #expect(payout.amount.baseUnits == exactFloor + extra)
            }
        }
    }

    @Test("totals accumulate per provider")
    func totals() throws {
        var ledger = RewardLedger(policy: try Self.policy(reward: 100, cap: 10))
        try ledger.recordRound(
            1, contributions: [Contribution(provider: 1, weight: 1), Contribution(provider: 2, weight: 1)])
        try ledger.recordRound(
            2, contributions: [Contribution(provider: 2, weight: 3), Contribution(provider: 3, weight: 1)])
        try ledger.recordRound(3, contributions: [Contribution(provider: 1, weight: 1)], blamed: [1])
        #expect(ledger.total(for: 1).baseUnits == 50)
        #expect(ledger.total(for: 2).baseUnits == 125)
        #expect(ledger.total(for: 3).baseUnits == 25)
        #expect(ledger.total(for: 99).isZero)
        #expect(ledger.unpaidRounds == [3])
        #expect(ledger.payouts.count == 5)
        #expect(ledger.totalPaid.baseUnits == 200)
    }

    @Test("rounds must increase")
    func roundOrder() throws {
        var ledger = RewardLedger(policy: try Self.policy(reward: 100, cap: 10))
        try ledger.recordRound(5, contributions: [Contribution(provider: 1, weight: 1)])
        #expect(throws: RewardError.roundOutOfOrder(round: 5, lastRecorded: 5)) {
            try ledger.recordRound(5, contributions: [])
        }
        #expect(throws: RewardError.roundOutOfOrder(round: 4, lastRecorded: 5)) {
            try ledger.recordRound(4, contributions: [])
        }
        #expect(ledger.rounds.count == 1)
    }

    @Test("failed round leaves ledger unchanged")
    func atomicRecording() throws {
        var ledger = RewardLedger(policy: try Self.policy(reward: .max, cap: 10))
        try ledger.recordRound(1, contributions: [Contribution(provider: 1, weight: 1)])
        let before = ledger
        #expect(throws: RewardError.arithmeticOverflow(symbol: "GLIN")) {
            try ledger.recordRound(2, contributions: [Contribution(provider: 1, weight: 1)])
        }
        #expect(ledger == before)
    }

    @Test("JSON export round trips")
    func jsonRoundTrip() throws {
        var ledger = RewardLedger(policy: try Self.policy(reward: 1_000_000_000_000_000_001, cap: 10))
        try ledger.recordRound(
            1, contributions: [Contribution(provider: 1, weight: 2), Contribution(provider: 2, weight: 1)])
        try ledger.recordRound(2, contributions: [], blamed: [2])
        let json = try ledger.exportJSON()
        let decoded = try JSONDecoder().decode(RewardLedger.self, from: json)
        #expect(decoded == ledger)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"baseUnits\" : \"666666666666666667\""))
        #expect(text.contains("\"reason\" : \"blamed\""))
    }

    @Test("tampered export rejected")
    func tamperedExport() throws {
        var ledger = RewardLedger(policy: try Self.policy(reward: 90, cap: 10))
        try ledger.recordRound(
            1, contributions: [Contribution(provider: 1, weight: 2), Contribution(provider: 2, weight: 1)])
        let text = String(decoding: try ledger.exportJSON(), as: UTF8.self)
        #expect(text.contains("\"baseUnits\" : \"60\""))
        let inflated = text.replacingOccurrences(of: "\"baseUnits\" : \"60\"", with: "\"baseUnits\" : \"61\"")
        #expect(throws: RewardError.self) {
            try JSONDecoder().decode(RewardLedger.self, from: Data(inflated.utf8))
        }
        let negative = text.replacingOccurrences(of: "\"baseUnits\" : \"60\"", with: "\"baseUnits\" : \"-60\"")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RewardLedger.self, from: Data(negative.utf8))
        }
    }

    @Test("tampered round decoding rejected")
    func tamperedRound() throws {
        let round = try RewardDistribution.distribute(
            round: 7, reward: TokenAmount(baseUnits: 10, token: .glin),
            contributions: [Contribution(provider: 1, weight: 1), Contribution(provider: 2, weight: 1)],
            blamed: [3], maximumWeight: 5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try encoder.encode(round), as: UTF8.self)
        #expect(try JSONDecoder().decode(RoundDistribution.self, from: Data(text.utf8)) == round)
        let unpaid = text.replacingOccurrences(
            of: "\"outcome\" : \"paid\"", with: "\"outcome\" : \"noEligibleProvider\"")
        #expect(
            throws: RewardError.inconsistentRecord(
                reason: "round 7 pays 0.00000000000000001 GLIN in total, expected 0 GLIN")
        ) {
            try JSONDecoder().decode(RoundDistribution.self, from: Data(unpaid.utf8))
        }
        let reordered = text.replacingOccurrences(of: "\"provider\" : 3", with: "\"provider\" : 0")
        #expect(throws: RewardError.inconsistentRecord(reason: "round 7 lists provider 0 out of order or twice")) {
            try JSONDecoder().decode(RoundDistribution.self, from: Data(reordered.utf8))
        }
    }
}
