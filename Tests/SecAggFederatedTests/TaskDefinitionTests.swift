import Foundation
import SecAggFederated
import SecAggLearning
import SecAggRewards
import Testing

@Suite("Task definition")
struct TaskDefinitionTests {
    @Test("JSON task parses with defaults")
    func parses() throws {
        let json = Data(#"{"name": "demo", "rewardPerRound": "100 GLIN", "rounds": 7}"#.utf8)
        let task = try TrainingTask.decode(json: json)
        #expect(task.name == "demo")
        #expect(task.rounds == 7)
        #expect(task.rewardPerRound == (try TokenAmount(parsing: "100 GLIN")))
        #expect(task.model == .logistic)
        #expect(task.threshold == .planned)
        #expect(task.taskID.count == 32)
    }

    @Test("JSON task round trips")
    func roundTrip() throws {
        let task = try TrainingTask(
            name: "round trip", model: .softmax, rounds: 3, minimumProviders: 4, threshold: .fixed(2),
            rewardPerRound: TokenAmount(parsing: "0.5 GLIN"), auditSample: 16)
        let encoded = try JSONEncoder().encode(task)
        #expect(try TrainingTask.decode(json: encoded) == task)
    }

    static let invalid: [(json: String, field: String)] = [
        (#"{"name": "", "rewardPerRound": "1 GLIN"}"#, "name"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 0}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "minimumProviders": 1}"#, "minimumProviders"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "threshold": 9, "minimumProviders": 5}"#, "threshold"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "expectedDropoutRate": 1.5}"#, "expectedDropoutRate"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "corruptFraction": -0.1}"#, "corruptFraction"),
        (#"{"name": "x", "rewardPerRound": "100 GOLD"}"#, "rewardPerRound"),
        (#"{"name": "x", "rewardPerRound": "0 GLIN"}"#, "rewardPerRound"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "model": "gpt"}"#, "model"),
        (#"{"name": "x"}"#, "rewardPerRound"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"clipBound": -1, "maximumError": 0.001, "maximumWeight": 10}}"#,
            "quantization.clipBound"
        ),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"learningRate": 0, "epochs": 1, "batchSize": 1, "l2": 0}}"#,
            "localTraining"
        ),
    ]

    @Test("invalid field is named", arguments: invalid.indices)
    func invalidField(index: Int) throws {
        let entry = Self.invalid[index]
        do {
            _ = try TrainingTask.decode(json: Data(entry.json.utf8))
            Issue.record("accepted \(entry.json)")
        } catch let FederatedError.invalidField(field, _) {
            #expect(field == entry.field)
        }
    }

    @Test("malformed JSON is rejected")
    func malformed() {
        #expect(throws: FederatedError.self) { _ = try TrainingTask.decode(json: Data("{".utf8)) }
    }

    @Test("too few providers are rejected")
    func tooFewProviders() throws {
        let scenario = try FederatedFixtures.breastCancerScenario()
        let task = try TrainingTask(
            name: "t", minimumProviders: 10, threshold: .fixed(4), rewardPerRound: TokenAmount(parsing: "1 GLIN"))
        #expect(throws: FederatedError.self) {
            _ = try FederatedTraining(
                task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
                aggregatorKey: scenario.aggregatorKey, seed: 1)
        }
    }
}
