import SecAggFederated
import SecAggLearning
import SecAggPrimitives
import SecAggRewards
import Testing

/// Keys dealt once for every Paillier test: safe-prime generation takes seconds.
let sharedPaillierKeys: PaillierKeyMaterial? = {
    var source = SeededRandom(seed: 2048)
    return try? PaillierKeyMaterial.deal(bitWidth: 2048, holders: 3, threshold: 2, using: &source)
}()

/// Runs the breast-cancer task in Paillier mode for `rounds` rounds with `incidents`.
func runPaillier(rounds: Int, incidents: [Incident] = [], seed: UInt64 = 11) throws -> TrainingReport {
    let scenario = try FederatedFixtures.breastCancerScenario(seed: seed)
    var task = try FederatedFixtures.breastCancerTask(rounds: rounds)
    task.aggregation = .paillier
    // The non-optional constant makes `#require` check for nil. Passed straight to the optional parameter, its
    // value would be an optional of an optional, which is never nil.
    let keys: PaillierKeyMaterial = try #require(sharedPaillierKeys)
    return try FederatedTraining(
        task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
        aggregatorKey: scenario.aggregatorKey, incidents: incidents, seed: seed, paillierKeys: keys
    ).run()
}

@Suite("Paillier mode")
struct PaillierModeTests {
    @Test("Paillier mode matches masking accuracy")
    func accuracy() throws {
        let paillier = try runPaillier(rounds: 6, seed: 5)
        let scenario = try FederatedFixtures.breastCancerScenario(seed: 5)
        let masking = try FederatedTraining(
            task: try FederatedFixtures.breastCancerTask(rounds: 6), providers: scenario.providers,
            validation: scenario.validation, test: scenario.test, aggregatorKey: scenario.aggregatorKey, seed: 5
        ).run()
        #expect(paillier.mode == .paillier)
        #expect(abs(paillier.finalTestAccuracy - masking.finalTestAccuracy) <= 0.01)
        #expect(paillier.rounds.allSatisfy { $0.secureSumMatchesPlaintext == true })
        #expect(paillier.rounds.allSatisfy { $0.accepted })
    }

    static let excludingFrauds: [FraudKind] = [.duplicateSubmission, .malformedUpdate, .excessiveWeight]

    @Test("cheating provider is excluded in Paillier mode", arguments: excludingFrauds)
    func excluded(fraud: FraudKind) throws {
        let report = try runPaillier(rounds: 2, incidents: [Incident(round: 2, provider: 3, kind: .fraud(fraud))])
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed == [3])
        #expect(!round.contributors.contains(3))
        #expect(round.secureSumMatchesPlaintext == true)
    }

    @Test("bad decryption share is discarded")
    func badDecryptionShare() throws {
        let report = try runPaillier(
            rounds: 2, incidents: [Incident(round: 2, provider: 2, kind: .fraud(.badDecryptionShare))])
        #expect(report.rounds[1].accepted)
        #expect(report.fraudLog.contains { $0.accused == "key holder 2" })
    }

    @Test("forged aggregate is refused")
    func forgedAggregate() throws {
        let report = try runPaillier(
            rounds: 2, incidents: [Incident(round: 2, provider: nil, kind: .fraud(.aggregatorMisreportsSum))])
        #expect(!report.rounds[1].accepted)
        #expect(report.rounds[1].aggregatorBlamed)
        #expect(report.fraudLog.contains { $0.detectedBy == "key holders" && $0.accused == "aggregator" })
    }

    @Test("forged and replayed submissions are rejected")
    func forgedAndReplayed() throws {
        let report = try runPaillier(
            rounds: 2,
            incidents: [
                Incident(round: 2, provider: 4, kind: .fraud(.forgedMessage)),
                Incident(round: 2, provider: 5, kind: .fraud(.replayedMessage)),
            ])
        let round = report.rounds[1]
        #expect(round.accepted)
        #expect(round.blamed.isEmpty)
        #expect(round.contributors.contains(4))
        #expect(report.fraudLog.filter { $0.round == 2 && $0.accused == nil }.count == 2)
    }

    @Test("dropout leaves the provider out")
    func dropout() throws {
        let report = try runPaillier(
            rounds: 1, incidents: [Incident(round: 1, provider: 6, kind: .dropout(.maskedInput))])
        #expect(report.rounds[0].accepted)
        #expect(!report.rounds[0].contributors.contains(6))
        #expect(report.rounds[0].dropped == [6])
    }
}
