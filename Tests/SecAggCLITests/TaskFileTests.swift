import Foundation
import Testing

/// The repository root: this file is Tests/SecAggCLITests/TaskFileTests.swift.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Writes `json` to a task file in a scratch directory.
func scratchTask(_ json: String) throws -> URL {
    let file = try scratchDirectory().appendingPathComponent("task.json")
    try Data(json.utf8).write(to: file)
    return file
}

@Suite("Task files")
struct TaskFileTests {
    static let invalid: [(json: String, arguments: [String], messages: [String])] = [
        (
            #"{"name":"x","rewardPerRound":"1 GLIN","minimumProviders":60,"rounds":1}"#, [],
            ["minimumProviders is 60", "the run has 8 providers", "pass --providers 60 or more"]
        ),
        (
            #"{"name":"x","rewardPerRound":"1 GLIN","threshold":50,"minimumProviders":60,"rounds":1}"#, [],
            ["minimumProviders is 60", "8 providers"]
        ),
        (
            #"{"name":"x","rewardPerRound":"1 GLIN","threshold":9,"minimumProviders":5}"#, [],
            ["must be in 1..<minimumProviders (5), got 9"]
        ),
        (
            #"{"name":"x","rewardPerRound":"1 GLIN","minimumProviders":5}"#, ["--threshold", "6"],
            ["invalid --threshold '6'", "sets minimumProviders to 5", "1...4"]
        ),
        (#"{"name":"x","rewardPerRound":"1 GLIN","roundz":7}"#, [], ["unknown task field 'roundz'", "rounds"]),
        (#"{"name":"x","rewardPerRound":"1 GLIN","rounds":2.5}"#, [], ["'rounds': expected an integer, got 2.5"]),
        (#"{"name":"x","rewardPerRound":"1 GLIN","rounds":1001}"#, [], ["'rounds': must be in 1...1000"]),
        ("[]", [], ["must be a JSON object", "got an array"]),
        (#"{"name":"x","#, [], ["not valid JSON"]),
        (#"{"name":"x","rewardPerRound":"0 GLIN"}"#, [], ["'rewardPerRound': must be positive"]),
    ]

    @Test("invalid task file exits with 2", arguments: invalid.indices)
    func invalidTaskFile(index: Int) throws {
        let entry = Self.invalid[index]
        let file = try scratchTask(entry.json)
        let result = try runTool(["train", "--task", file.path, "--honest"] + entry.arguments)
        #expect(result.status == 2, "stdout: \(result.output)")
        for message in entry.messages {
            #expect(result.error.contains(message), "stderr: \(result.error)")
        }
        #expect(!result.error.contains("minimumProviders (8)"))
    }

    @Test("task file minimum is not lowered")
    func minimumKept() throws {
        let file = try scratchTask(#"{"name":"x","rewardPerRound":"1 GLIN","minimumProviders":8,"rounds":1}"#)
        let result = try runTool(["train", "--task", file.path, "--honest", "--quiet", "--json", "-"])
        #expect(result.status == 0, "stderr: \(result.error)")
        let report = try #require(jsonObject(result.output)?["report"] as? [String: Any])
        let task = try #require(report["task"] as? [String: Any])
        #expect(task["minimumProviders"] as? Int == 8)
    }

    @Test("example task file runs")
    func exampleTaskFile() throws {
        let example = repositoryRoot.appendingPathComponent("Examples/breast-cancer-task.json")
        let result = try runTool(["train", "--task", example.path, "--json", "-"], in: repositoryRoot)
        #expect(result.status == 0, "stderr: \(result.error)")
        let document = try #require(jsonObject(result.output))
        let report = try #require(document["report"] as? [String: Any])
        let task = try #require(report["task"] as? [String: Any])
        #expect(task["name"] as? String == "breast-cancer-example")
        #expect(task["rounds"] as? Int == 10)
        #expect(report["threshold"] as? Int == 5)
        #expect((document["unexplainedFailures"] as? [Any])?.isEmpty == true)
    }

    @Test("README documents every task field")
    func readmeDocumentsFields() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("## Task files"))
        let example = try Data(contentsOf: repositoryRoot.appendingPathComponent("Examples/breast-cancer-task.json"))
        let fields = try #require(JSONSerialization.jsonObject(with: example) as? [String: Any])
        var names = ["auditSample", "paillierKeyBits", "keyHolders", "keyHolderThreshold"]
        for (name, value) in fields {
            guard let object = value as? [String: Any] else {
                names.append(name)
                continue
            }
            names += object.keys.map { "\(name).\($0)" }
        }
        for name in names {
            #expect(readme.contains("| `\(name)` |"), "README.md has no row for \(name)")
        }
    }
}
