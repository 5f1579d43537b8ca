import SecAggFederated
import SecAggLearning
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards
import Testing

/// Runs three rounds with `fraud` committed by provider 3 (or aimed at it) in round 2.
func runWithFraud(_ fraud: FraudKind, seed: UInt64 = 11) throws -> TrainingReport {
    let scenario = try FederatedFixtures.breastCancerScenario(seed: seed)
    let task = try FederatedFixtures.breastCancerTask(rounds: 3)
    return try FederatedTraining(
        task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
        aggregatorKey: scenario.aggregatorKey, incidents: [Incident(round: 2, provider: 3, kind: .fraud(fraud))],
        seed: seed
    ).run()
}

@Suite("Fraud detection")
struct FraudTests {
    /// Provider frauds that exclude the cheater: it is blamed, left out of the sum, unpaid, and the sum is exact.
    static let excludingFrauds: [FraudKind] = [.duplicateSubmission, .malformedUpdate, .excessiveWeight, .badShares]

    @Test("cheating provider is excluded", arguments: excludingFrauds)
    func excluded(fraud: FraudKind) throws {
        let report = try runWithFraud(fraud)
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed == [3])
        #expect(!round.contributors.contains(3))
        #expect(round.secureSumMatchesPlaintext == true)
        #expect(round.auditPassed == true)
        #expect(report.fraudLog.contains { $0.round == 2 && $0.accused == "provider 3" })
        #expect(!report.payouts.contains { $0.round == 2 && $0.provider == ProviderID(3) && $0.amount.baseUnits > 0 })
    }

    @Test("bogus unmask shares are blamed")
    func bogusUnmask() throws {
        let report = try runWithFraud(.bogusUnmaskShares)
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed == [3])
        #expect(round.secureSumMatchesPlaintext == true)
        #expect(!report.payouts.contains { $0.round == 2 && $0.provider == ProviderID(3) && $0.amount.baseUnits > 0 })
    }

    @Test("late second submission blames the provider")
    func lateDuplicate() throws {
        let report = try runWithFraud(.lateDuplicateSubmission)
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed == [3])
        // The survivor set was out before the second input arrived, so the first one stays in the sum.
        #expect(round.contributors.contains(3))
        #expect(!round.aggregatorBlamed)
        #expect(round.secureSumMatchesPlaintext == true)
        #expect(round.auditPassed == true)
        #expect(report.fraudLog.contains { $0.round == 2 && $0.accused == "provider 3" })
        #expect(!report.fraudLog.contains { $0.accused == "aggregator" })
        #expect(!report.payouts.contains { $0.round == 2 && $0.provider == ProviderID(3) && $0.amount.baseUnits > 0 })
    }

    @Test("forged message is rejected unattributed")
    func forged() throws {
        let report = try runWithFraud(.forgedMessage)
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed.isEmpty)
        #expect(round.contributors.contains(3))
        #expect(report.fraudLog.contains { $0.round == 2 && $0.accused == nil && $0.detection.contains("signature") })
    }

    @Test("replayed message is rejected unattributed")
    func replayed() throws {
        let report = try runWithFraud(.replayedMessage)
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed.isEmpty)
        #expect(report.fraudLog.contains { $0.round == 2 && $0.detection.contains("replayed from round 1") })
    }

    @Test("misdeclared weight rejects the round")
    func misdeclaredWeight() throws {
        let report = try runWithFraud(.misdeclaredWeight)
        let round = report.rounds[1]
        #expect(!round.accepted)
        #expect(round.secureSumMatchesPlaintext == true)
        #expect(round.outcome.contains("declared weights"))
        #expect(report.fraudLog.contains { $0.round == 2 && $0.accused == nil && $0.detectedBy == "weight check" })
        #expect(!report.payouts.contains { $0.round == 2 })
    }

    @Test("poisoned update is rolled back")
    func poisoned() throws {
        let report = try runWithFraud(.poisonedUpdate)
        let round = report.rounds[1]
        #expect(!round.accepted)
        #expect(round.outcome.contains("validation loss"))
        #expect(report.fraudLog.contains { $0.detectedBy == "quality check" })
        #expect(!report.payouts.contains { $0.round == 2 })
    }

    @Test(
        "aggregator fraud rejects the round",
        arguments: [
            FraudKind.aggregatorEquivocates, .aggregatorRequestsBothShares, .aggregatorMisreportsSum,
        ])
    func aggregatorFraud(fraud: FraudKind) throws {
        let report = try runWithFraud(fraud)
        let round = report.rounds[1]
        #expect(!round.accepted)
        #expect(round.aggregatorBlamed)
        #expect(report.fraudLog.contains { $0.round == 2 && $0.accused == "aggregator" })
        #expect(!report.payouts.contains { $0.round == 2 })
        #expect(report.rounds[2].accepted)
    }

    @Test("misreported sum fails both checks")
    func misreportChecks() throws {
        let report = try runWithFraud(.aggregatorMisreportsSum)
        let round = report.rounds[1]
        #expect(round.secureSumMatchesPlaintext == false)
        #expect(round.auditPassed == false)
    }
}
