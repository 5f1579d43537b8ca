import Foundation
import Testing

@testable import SecAggCLI

/// Creates an empty scratch directory and returns its URL.
func scratchDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secagg-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// Parses `text` as one JSON object, or records an issue and returns nil.
func jsonObject(_ text: String) -> [String: Any]? {
    do {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            Issue.record("standard output is JSON but not an object")
            return nil
        }
        return object
    } catch {
        Issue.record("standard output is not one JSON document: \(error)\n\(text.prefix(500))")
        return nil
    }
}

@Suite("Command-line output")
struct OutputTests {
    @Test("train --json - writes only JSON to stdout", arguments: [false, true])
    func trainJSONToStandardOutput(quiet: Bool) throws {
        let result = try runTool(["train", "--rounds", "1", "--honest", "--json", "-"] + (quiet ? ["--quiet"] : []))
        #expect(result.status == 0, "stderr: \(result.error)")
        let report = try #require(jsonObject(result.output))
        #expect(report["everySecureSumMatched"] as? Bool == true)
        #expect(result.error.contains("== Summary =="))
        #expect(result.error.contains("round  1") == !quiet)
    }

    @Test("audit --json - writes only JSON to stdout")
    func auditJSONToStandardOutput() throws {
        let directory = try scratchDirectory()
        let run = try runTool(["train", "--rounds", "1", "--honest", "--quiet", "--transcripts", directory.path])
        #expect(run.status == 0, "stderr: \(run.error)")
        let result = try runTool(["audit", directory.appendingPathComponent("round-1.transcript").path, "--json", "-"])
        #expect(result.status == 0, "stderr: \(result.error)")
        let findings = try #require(jsonObject(result.output))
        #expect(findings["passed"] as? Bool == true)
        #expect(result.error.contains("audit passed"))
    }

    @Test("conformance --json - writes only JSON to stdout")
    func conformanceJSONToStandardOutput() throws {
        let result = try runTool(["conformance", "--suite", "manifest", "--json", "-"])
        #expect(result.status == 0, "stderr: \(result.error)")
        let results = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Any]
        #expect(results?.isEmpty == false)
        #expect(result.error.contains("total"))
    }

    /// Output paths that must fail before any work, with the message expected on standard error.
    static func badOutputPaths() throws -> [(arguments: [String], message: String)] {
        let directory = try scratchDirectory()
        let file = directory.appendingPathComponent("regular-file")
        try Data("x".utf8).write(to: file)
        let transcript = directory.appendingPathComponent("any.transcript").path
        var cases: [(arguments: [String], message: String)] = [
            (
                ["train", "--json", "/nonexistent-secagg/dir/r.json"],
                "secagg train: invalid --json '/nonexistent-secagg/dir/r.json': directory /nonexistent-secagg/dir "
                    + "does not exist"
            ),
            (["train", "--chart", directory.path], "secagg train: invalid --chart '\(directory.path)': "),
            (["train", "--json", directory.path], "is a directory; give a file path"),
            (["train", "--transcripts", file.path], "\(file.path) is a file, not a directory"),
            (["audit", transcript, "--json", "/nonexistent-secagg/x.json"], "secagg audit: invalid --json"),
            (["conformance", "--json", directory.path], "secagg conformance: invalid --json"),
        ]
        #if os(Linux)
            // procfs rejects new files and directories even for root, which permission bits would not.
            cases.append((["train", "--transcripts", "/proc/secagg-x"], "cannot create directory /proc/secagg-x: "))
            cases.append((["train", "--json", "/proc/secagg-x.json"], "cannot create a file in /proc: "))
        #endif
        return cases
    }

    @Test("bad output path fails before any work")
    func badOutputPath() throws {
        for entry in try Self.badOutputPaths() {
            let result = try runTool(entry.arguments)
            #expect(result.status == 2, "\(entry.arguments)")
            #expect(result.error.contains(entry.message), "\(entry.arguments) stderr: \(result.error)")
            #expect(!result.error.contains("Domain="), "\(entry.arguments) stderr: \(result.error)")
            #expect(!result.error.contains("error 512"), "\(entry.arguments) stderr: \(result.error)")
            #expect(result.output.isEmpty, "\(entry.arguments) stdout: \(result.output)")
        }
    }

    @Test("write failure names command and reason")
    func writeFailure() throws {
        let directory = try scratchDirectory()
        do {
            try writeOutput(Data("x".utf8), to: directory.path, outputName: "the chart", command: "secagg train")
            Issue.record("writing to a directory succeeded")
        } catch let error as UsageError {
            #expect(error.message.hasPrefix("secagg train: cannot write the chart to \(directory.path): "))
            #expect(error.message.hasSuffix("Is a directory"), "\(error.message)")
        }
    }

    @Test("transcripts go to a new directory")
    func transcriptsCreateDirectory() throws {
        let directory = try scratchDirectory().appendingPathComponent("nested/rounds")
        let result = try runTool(["train", "--rounds", "1", "--honest", "--quiet", "--transcripts", directory.path])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("round-1.transcript").path))
    }

    @Test("detection prints under its round")
    func detectionAfterRound() throws {
        let result = try runTool(["train", "--rounds", "2", "--fraud", "bad-shares@3:2"])
        #expect(result.status == 0, "stderr: \(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let roundOne = try #require(lines.firstIndex { $0.hasPrefix("round  1") })
        let roundTwo = try #require(lines.firstIndex { $0.hasPrefix("round  2") })
        let detected = try #require(lines.firstIndex { $0.contains("detected:") })
        #expect(detected == roundTwo + 1)
        #expect(roundTwo == roundOne + 1)
    }

    @Test("summary says when no round completed")
    func noRoundCompleted() throws {
        let result = try runTool(["train", "--rounds", "1", "--drop", "1@*", "--drop", "2@*", "--drop", "3@*"])
        #expect(result.output.contains("secure sums: none to check, because no round completed"))
        #expect(!result.output.contains("all 0 matched"))
        #expect(result.output.contains("transcript audits: none"))
    }

    @Test("counts are singular for one")
    func singularCounts() throws {
        let result = try runTool(["train", "--rounds", "1", "--honest"])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(result.output.contains("logistic regression, 1 round, 8 providers"))
        #expect(result.output.contains("paid for 1 accepted round ("))
        #expect(counted(1, "finding") == "1 finding")
        #expect(counted(2, "finding") == "2 findings")
        #expect(counted(1, "class", plural: "classes") == "1 class")
        #expect(counted(3, "class", plural: "classes") == "3 classes")
    }

    @Test("threshold 1 is warned about")
    func thresholdOneWarning() throws {
        let planned = try runTool(["train", "--rounds", "1", "--honest", "--threshold", "planned", "--json", "-"])
        #expect(planned.status == 0, "stderr: \(planned.error)")
        let report = try #require(jsonObject(planned.output))
        let warnings = try #require(report["warnings"] as? [String])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("the Shamir threshold is 1") == true)
        #expect(warnings.first?.contains("--threshold T, with T in 2...7") == true)
        #expect(planned.error.contains("warning: the Shamir threshold is 1"))

        let fixed = try runTool(["train", "--rounds", "1", "--honest", "--threshold", "3", "--json", "-"])
        let fixedReport = try #require(jsonObject(fixed.output))
        #expect((fixedReport["warnings"] as? [String])?.isEmpty == true)
        #expect(!fixed.error.contains("warning:"))
    }
}
