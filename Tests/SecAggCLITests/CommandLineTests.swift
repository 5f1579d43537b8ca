import Foundation
import Testing

/// Runs the `secagg` executable built next to the test bundle and returns its exit code and output.
func runTool(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String, error: String) {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var executable = products.appendingPathComponent("secagg")
    if !FileManager.default.fileExists(atPath: executable.path) {
        // Swift Testing may run from inside the .xctest bundle directory.
        executable = products.deletingLastPathComponent().appendingPathComponent("secagg")
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: outputData, as: UTF8.self),
        String(decoding: errorData, as: UTF8.self)
    )
}

/// A scratch directory with a CSV file.
func scratchCSV(_ contents: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secagg-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("data.csv")
    try Data(contents.utf8).write(to: file)
    return file
}

@Suite("Command-line errors")
struct CommandLineTests {
    static let usageCases: [(arguments: [String], message: String)] = [
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["train", "--providers", "1"], "invalid --providers '1'"),
        (["train", "--providers", "many"], "invalid --providers 'many'"),
        (["train", "--rounds", "0"], "invalid --rounds '0'"),
        (["train", "--rounds", "1001"], "expected an integer in 1...1000"),
        (["train", "--rounds", "3", "--rounds", "4"], "option --rounds is given twice"),
        (["train", "--rounds=3", "--rounds", "4"], "option --rounds is given twice"),
        (["train", "--quiet", "--quiet"], "option --quiet is given twice"),
        (["train", "--drop", "5@2", "--drop", "99@2"], "--drop names provider 99"),
        (["train", "--reward", "0 GLIN"], "invalid --reward '0 GLIN': the reward must be positive"),
        (["train", "--data", "/tmp"], "/tmp is a directory; give the path of a CSV file"),
        (["train", "--fraud", "bribery"], "unknown fraud 'bribery'"),
        (["train", "--drop", "5"], "invalid --drop '5'"),
        (["train", "--drop", "5@2:lunch"], "invalid phase 'lunch'"),
        (["train", "--drop", "99@2"], "--drop names provider 99"),
        (["train", "--mode", "magic"], "invalid --mode 'magic'"),
        (["train", "--threshold", "8"], "invalid --threshold '8'"),
        (["train", "--reward", "ten GLIN"], "invalid --reward 'ten GLIN'"),
        (["train", "--seed", "-1"], "invalid --seed '-1'"),
        (["train", "--data", "/nonexistent/file.csv"], "/nonexistent/file.csv"),
        (["train", "--bogus"], "unknown argument '--bogus'"),
        (["train", "--epochs", "1001"], "invalid --epochs '1001': expected an integer in 1...1000"),
        (["train", "--task", ""], "invalid --task '': the path is empty"),
        (["train", "--task", "/dev/null"], "/dev/null is not a regular file"),
        (["train", "--task", "/nonexistent-task.json"], "task file /nonexistent-task.json not found"),
        (["train", "--rounds"], "option --rounds needs a value"),
        (["audit"], "missing TRANSCRIPT"),
        (["audit", "/nonexistent.transcript"], "not found"),
        (["conformance", "/nonexistent-vectors"], "vector directory /nonexistent-vectors does not exist"),
        (["conformance", "--suite", "manifest", "--suite", "nonsense"], "unknown suite 'nonsense'"),
    ]

    @Test("bad usage exits with 2", arguments: usageCases.indices)
    func badUsage(index: Int) throws {
        let entry = Self.usageCases[index]
        let result = try runTool(entry.arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(entry.message), "stderr: \(result.error)")
        #expect(result.output.isEmpty, "stdout: \(result.output)")
    }

    @Test("ragged CSV row is named")
    func raggedRow() throws {
        let file = try scratchCSV("a,b,label\n1,2,0\n3,1\n")
        let result = try runTool(["train", "--data", file.path])
        #expect(result.status == 2)
        #expect(result.error.contains("line 3"))
    }

    @Test("non-numeric cell is named")
    func nonNumericCell() throws {
        let file = try scratchCSV("a,b,label\n1,2,0\n3,x7,1\n")
        let result = try runTool(["train", "--data", file.path])
        #expect(result.status == 2)
        #expect(result.error.contains("x7"))
        #expect(result.error.contains("line 3"))
    }

    @Test("missing label column is named")
    func missingLabel() throws {
        let file = try scratchCSV("a,b,class\n1,2,0\n3,4,1\n")
        let result = try runTool(["train", "--data", file.path])
        #expect(result.status == 2)
        #expect(result.error.contains("label"))
    }

    @Test("empty vector directory exits with 2")
    func emptyVectorDirectory() throws {
        let directory = try scratchDirectory()
        let result = try runTool(["conformance", directory.path])
        #expect(result.status == 2)
        #expect(result.error.contains("no vector files found in \(directory.path)"), "stderr: \(result.error)")
    }

    @Test("garbage transcript is rejected")
    func garbageTranscript() throws {
        let file = try scratchCSV("not a transcript")
        let result = try runTool(["audit", file.path])
        #expect(result.status == 2)
        #expect(result.error.contains("not a valid transcript"))
    }

    @Test(
        "help exits with 0",
        arguments: [
            ["--help"], ["train", "--help"], ["audit", "--help"], ["conformance", "--help"], ["bench", "--help"],
        ])
    func help(arguments: [String]) throws {
        let result = try runTool(arguments)
        #expect(result.status == 0)
        #expect(result.output.contains("Usage"))
    }

    @Test("bench JSON on standard output")
    func benchJSONOnStandardOutput() throws {
        let result = try runTool(["bench", "--quick", "--filter", "primitives.ed25519", "--json", "-"])
        #expect(result.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((report?["results"] as? [Any])?.isEmpty == false)
        #expect(result.error.contains("primitives.ed25519"))
    }

    @Test("bench JSON path checked first")
    func benchJSONPathCheckedFirst() throws {
        let result = try runTool(["bench", "--filter", "primitives", "--json", "/nonexistent-secagg/bench.json"])
        #expect(result.status == 2)
        #expect(
            result.error.contains(
                "secagg bench: invalid --json '/nonexistent-secagg/bench.json': directory /nonexistent-secagg does not exist"
            ))
        #expect(result.output.isEmpty)
    }

    @Test("bench help names secagg bench")
    func benchHelpName() throws {
        let result = try runTool(["bench", "--help"])
        #expect(result.output.contains("Usage: secagg bench "))
        #expect(!result.output.contains("secagg-bench"))
    }

    @Test("train help states limits and task format")
    func trainHelp() throws {
        let result = try runTool(["train", "--help"])
        #expect(result.output.contains("probability X, 0...0.9"))
        #expect(result.output.contains("rounds, 1...1000"))
        #expect(result.output.contains("README.md, section \"Task files\""))
        #expect(result.output.contains("Examples/breast-cancer-task.json"))
    }

    @Test("too little data names what to change")
    func tooLittleData() throws {
        let tiny = try scratchCSV("a,b,label\n1,2,0\n2,3,1\n3,4,0\n4,5,1\n5,5,0\n")
        let split = try runTool(["train", "--data", tiny.path])
        #expect(split.status == 2)
        #expect(split.error.contains("only 5 samples"), "stderr: \(split.error)")
        #expect(split.error.contains("use a dataset with more rows"))
        #expect(!split.error.contains("fraction;"))

        let rows = (0..<40).map { "\($0),\($0 * 2 % 7),\($0 % 2)" }
        let small = try scratchCSV((["a,b,label"] + rows).joined(separator: "\n") + "\n")
        let partition = try runTool(["train", "--data", small.path, "--providers", "20", "--partition", "non-iid"])
        #expect(partition.status == 2)
        #expect(partition.error.contains("cannot give 20 providers"), "stderr: \(partition.error)")
        #expect(partition.error.contains("--providers"))
        #expect(partition.error.contains("--partition iid"))
        #expect(!partition.error.contains("smaller minimum"))
    }

    @Test("honest short run succeeds and audits")
    func shortRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secagg-run-\(UUID().uuidString)")
        let result = try runTool([
            "train", "--rounds", "2", "--providers", "5", "--honest", "--quiet", "--transcripts", directory.path,
            "--json", directory.appendingPathComponent("report.json").path,
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(result.output.contains("secure sums: all 2 matched"))
        let audit = try runTool(["audit", directory.appendingPathComponent("round-2.transcript").path])
        #expect(audit.status == 0)
        #expect(audit.output.contains("audit passed"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.json").path))
    }
}
