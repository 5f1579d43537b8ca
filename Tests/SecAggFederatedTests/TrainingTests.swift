import SecAggFederated
import SecAggLearning
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards
import Testing

@Suite("Federated training")
struct TrainingTests {
    @Test("secure training matches central accuracy")
    func accuracy() throws {
        let scenario = try FederatedFixtures.breastCancerScenario()
        let task = try FederatedFixtures.breastCancerTask()
        let training = try FederatedTraining(
            task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
            aggregatorKey: scenario.aggregatorKey,
            incidents: [Incident(round: 3, provider: 2, kind: .dropout(.maskedInput))],
            seed: 5)
        let report = try training.run()
        let central = try scenario.centralAccuracy(
            kind: .logistic, config: TrainingConfig(learningRate: 0.01, epochs: 100, batchSize: 16, l2: 1e-3), seed: 5)
        #expect(report.finalTestAccuracy >= central - 0.02)
        #expect(report.rounds.allSatisfy { $0.secureSumMatchesPlaintext == true })
        #expect(report.rounds.allSatisfy { $0.auditPassed == true })
        #expect(report.rounds[2].recovered == [2])
        #expect(report.rounds[2].contributors.count == 7)
        #expect(report.fraudLog.isEmpty)
    }

    @Test("secure and plaintext averaging agree")
    func matchesPlaintext() throws {
        let scenario = try FederatedFixtures.breastCancerScenario(seed: 3)
        let task = try FederatedFixtures.breastCancerTask(rounds: 5)
        let report = try FederatedTraining(
            task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
            aggregatorKey: scenario.aggregatorKey, seed: 3
        ).run()
        let plaintext = try scenario.plaintextFederatedAccuracy(
            kind: .logistic, rounds: 5, config: task.localTraining, seed: 3)
        // Quantization error is below 1e-6 per coordinate, so the two runs classify alike up to a few samples.
        #expect(abs(report.finalTestAccuracy - plaintext) <= 0.02)
    }

    @Test("rewards add up over the run")
    func rewardsConserved() throws {
        let scenario = try FederatedFixtures.breastCancerScenario()
        let task = try FederatedFixtures.breastCancerTask(rounds: 4)
        let report = try FederatedTraining(
            task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
            aggregatorKey: scenario.aggregatorKey, seed: 2
        ).run()
        let accepted = report.rounds.filter(\.accepted).count
        #expect(report.totalPaid == report.totalPromised)
        #expect(report.totalPaid.baseUnits == UInt128(accepted) * task.rewardPerRound.baseUnits)
        let summed = report.rewardTotals.reduce(UInt128(0)) { $0 + $1.amount.baseUnits }
        #expect(summed == report.totalPaid.baseUnits)
    }
}
