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
        (["train", "--rounds"], "option --rounds needs a value"),
        (["audit"], "missing TRANSCRIPT"),
        (["audit", "/nonexistent.transcript"], "not found"),
        (["conformance", "/nonexistent-vectors"], "vector directory not found"),
    ]

    @Test("bad usage exits with 2", arguments: usageCases.indices)
    func badUsage(index: Int) throws {
        let entry = Self.usageCases[index]
        let result = try runTool(entry.arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(entry.message), "stderr: \(result.error)")
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
