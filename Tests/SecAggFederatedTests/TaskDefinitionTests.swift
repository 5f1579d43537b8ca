import Foundation
import SecAggLearning
import SecAggRewards
import Testing

@testable import SecAggFederated

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
            "localTraining.learningRate"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 1001}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 2.5}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": "7"}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "threshold": "most"}"#, "threshold"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "threshold": 2.5}"#, "threshold"),
        (#"{"name": null, "rewardPerRound": "1 GLIN"}"#, "name"),
        (#"{"rewardPerRound": "1 GLIN"}"#, "name"),
        (#"{"name": "x", "rewardPerRound": 100}"#, "rewardPerRound"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": 4}"#, "quantization"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"maximumWeight": -1}}"#,
            "quantization.maximumWeight"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"epochs": 2.5}}"#, "localTraining.epochs"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"epochs": 1001}}"#, "localTraining.epochs"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"batchSize": 1000001}}"#,
            "localTraining.batchSize"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"l2": 1e308}}"#, "localTraining.l2"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "auditSample": 100000001}"#, "auditSample"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "keyHolders": 256}"#, "keyHolders"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"maximumWeight": 1000000001}}"#,
            "quantization.maximumWeight"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"clipBound": 1e308}}"#, "quantization.clipBound"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"maximumError": 5e-324}}"#,
            "quantization.maximumError"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 1, "rounds": 2000}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 2000, "rounds": 1}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "r\u006funds": 1, "rounds": 2}"#, "rounds"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"clipBound": 1, "clipBound": -1}}"#,
            "quantization.clipBound"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 2.0}"#, "rounds"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 1e1}"#, "rounds"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"batchSize": 16.0}}"#,
            "localTraining.batchSize"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "corruptFraction": 1e-99999999999}"#, "corruptFraction"),
        (
            #"{"name": "x", "rewardPerRound": "340282366920938463463.374607431768211455 GLIN", "rounds": 2}"#,
            "rewardPerRound"
        ),
    ]

    @Test("nested objects without duplicates pass")
    func nestedObjectsWithoutDuplicates() throws {
        let json =
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"clipBound": 2}, "#
            + #""localTraining": {"epochs": 2}, "rounds": 3}"#
        let task = try TrainingTask.decode(json: Data(json.utf8))
        #expect(task.rounds == 3)
        #expect(task.quantization.clipBound == 2)
        #expect(task.localTraining.epochs == 2)
    }

    @Test("UTF-16 task is scanned for duplicates")
    func utf16Duplicates() throws {
        let json = #"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 1, "rounds": 2}"#
        let data = try #require(json.data(using: .utf16LittleEndian))
        #expect(throws: FederatedError.self) { _ = try TrainingTask.decode(json: data) }
    }

    @Test("deep nesting is rejected")
    func deepNesting() throws {
        let bytes = Array((String(repeating: "[", count: 70) + String(repeating: "]", count: 70)).utf8)
        #expect(throws: FederatedError.self) { _ = try TaskJSONScan(utf8: bytes) }
    }

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

    static let reasons: [(json: String, field: String, reason: String)] = [
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 2.5}"#, "rounds",
            "expected an integer, got 2.5; write it without a fraction or exponent"
        ),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": "7"}"#, "rounds", #"expected an integer, got "7""#),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 1001}"#, "rounds", "must be in 1...1000, got 1001"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "threshold": "most"}"#, "threshold",
            #"expected "planned" or an integer, got "most""#
        ),
        (#"{"name": null, "rewardPerRound": "1 GLIN"}"#, "name", "expected a string, got null"),
        (#"{"rewardPerRound": "1 GLIN"}"#, "name", "missing; every task must have it"),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "model": "gpt"}"#, "model",
            #"expected one of "logistic", "softmax", "resnet50", got "gpt""#
        ),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": [1]}"#, "quantization",
            "expected an object, got an array"
        ),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"epochs": 2.5}}"#, "localTraining.epochs",
            "expected an integer, got 2.5; write it without a fraction or exponent"
        ),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "rounds": 1, "rounds": 2}"#, "rounds",
            "the member is given twice; give each member once"
        ),
        (
            #"{"name": "x", "rewardPerRound": "1 GLIN", "threshold": 9, "minimumProviders": 5}"#, "threshold",
            "must be in 1..<minimumProviders (5), got 9"
        ),
    ]

    @Test("invalid field reason names the value", arguments: reasons.indices)
    func invalidFieldReason(index: Int) throws {
        let entry = Self.reasons[index]
        #expect(throws: FederatedError.invalidField(field: entry.field, reason: entry.reason)) {
            _ = try TrainingTask.decode(json: Data(entry.json.utf8))
        }
    }

    static let unknown: [(json: String, field: String)] = [
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "roundz": 7}"#, "roundz"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"clipBund": 2}}"#, "quantization.clipBund"),
        (#"{"name": "x", "rewardPerRound": "1 GLIN", "localTraining": {"epoch": 2}}"#, "localTraining.epoch"),
    ]

    @Test("unknown field is rejected", arguments: unknown.indices)
    func unknownField(index: Int) throws {
        let entry = Self.unknown[index]
        do {
            _ = try TrainingTask.decode(json: Data(entry.json.utf8))
            Issue.record("accepted \(entry.json)")
        } catch let FederatedError.unknownField(field, validFields) {
            #expect(field == entry.field)
            #expect(!validFields.isEmpty)
            #expect(!validFields.contains(String(field.split(separator: ".").last ?? "")))
        }
    }

    @Test("unknown field message lists valid fields")
    func unknownFieldMessage() {
        let error = FederatedError.unknownField(field: "roundz", validFields: ["name", "rounds"])
        #expect(error.description == "unknown task field 'roundz'; valid fields: name, rounds")
    }

    @Test("partial nested objects take defaults")
    func partialNestedObjects() throws {
        let json =
            #"{"name": "x", "rewardPerRound": "1 GLIN", "quantization": {"clipBound": 2}, "localTraining": {"epochs": 9}, "auditSample": null}"#
        let task = try TrainingTask.decode(json: Data(json.utf8))
        let defaults = try TrainingTask(name: "x", rewardPerRound: TokenAmount(parsing: "1 GLIN"))
        #expect(task.quantization.clipBound == 2)
        #expect(task.quantization.maximumError == defaults.quantization.maximumError)
        #expect(task.quantization.maximumWeight == defaults.quantization.maximumWeight)
        #expect(task.localTraining.epochs == 9)
        #expect(task.localTraining.learningRate == defaults.localTraining.learningRate)
        #expect(task.auditSample == nil)
    }

    @Test("round limit is shared")
    func roundLimit() throws {
        #expect(TrainingTask.maximumRounds == 1000)
        #expect(
            throws: FederatedError.invalidField(field: "rounds", reason: "must be in 1...1000, got 1001")
        ) {
            _ = try TrainingTask(name: "x", rounds: 1001, rewardPerRound: TokenAmount(parsing: "1 GLIN"))
        }
        _ = try TrainingTask(name: "x", rounds: 1000, rewardPerRound: TokenAmount(parsing: "1 GLIN"))
    }

    static let malformedCases: [(json: String, reason: String)] = [
        ("{", "not valid JSON: "),
        (#"{"name": }"#, "not valid JSON: "),
        ("", "not valid JSON: "),
        ("[]", "must be a JSON object"),
        (#""name""#, "got a string"),
        ("null", "got null"),
        ("7", "got a single value"),
    ]

    @Test("malformed JSON is rejected", arguments: malformedCases.indices)
    func malformed(index: Int) {
        let entry = Self.malformedCases[index]
        do {
            _ = try TrainingTask.decode(json: Data(entry.json.utf8))
            Issue.record("accepted \(entry.json)")
        } catch let FederatedError.malformedDefinition(reason) {
            #expect(reason.contains(entry.reason), "\(reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("decoding errors name the path")
    func decodingErrorPath() {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        let nested = DecodingError.Context(
            codingPath: [Key(stringValue: "quantization"), Key(stringValue: "clipBound")], debugDescription: "bad")
        let top = DecodingError.Context(codingPath: [], debugDescription: "bad")
        #expect(
            TrainingTask.describe(.typeMismatch(Double.self, nested))
                == .invalidField(field: "quantization.clipBound", reason: "expected a number: bad"))
        #expect(
            TrainingTask.describe(.valueNotFound(String.self, nested))
                == .invalidField(field: "quantization.clipBound", reason: "expected a string, got null"))
        #expect(
            TrainingTask.describe(.keyNotFound(Key(stringValue: "name"), top))
                == .invalidField(field: "name", reason: "missing; the field is required"))
        #expect(
            TrainingTask.describe(.dataCorrupted(nested))
                == .invalidField(field: "quantization.clipBound", reason: "bad"))
        #expect(
            TrainingTask.describe(.typeMismatch([String: Int].self, top))
                == .malformedDefinition(reason: "at the top level: expected an object: bad"))
    }

    @Test("tiny data is a split failure")
    func splitFailure() throws {
        let data = try Dataset(csv: Array("a,label\n1,0\n2,1\n3,0\n".utf8), source: "tiny.csv")
        #expect(throws: FederatedError.splitFailure(.splitTooSmall(samples: 3, testFraction: 0.2))) {
            _ = try Scenario.prepare(data: data, providerCount: 2, scheme: .iid, seed: 1)
        }
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
