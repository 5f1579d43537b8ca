import Foundation
import Testing

/// Runs the `secagg` executable with standard output sent to `/dev/full`, where every write fails with ENOSPC,
/// and returns its exit code and standard error.
func runToolWithFullStandardOutput(_ arguments: [String]) throws -> (status: Int32, error: String) {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var executable = products.appendingPathComponent("secagg")
    if !FileManager.default.fileExists(atPath: executable.path) {
        executable = products.deletingLastPathComponent().appendingPathComponent("secagg")
    }
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardOutput = full
    let error = Pipe()
    process.standardError = error
    try process.run()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: errorData, as: UTF8.self))
}

@Suite("Command-line output failures")
struct OutputFailureTests {
    static let fullOutputCases: [[String]] = [
        ["train", "--rounds", "1", "--honest", "--json", "-"],
        ["train", "--rounds", "1", "--honest"],
        ["conformance", "--suite", "manifest", "--json", "-"],
        ["bench", "--quick", "--filter", "primitives.ed25519", "--json", "-"],
        ["--help"],
    ]

    @Test("full standard output exits with 2", arguments: fullOutputCases)
    func fullStandardOutput(arguments: [String]) throws {
        #if os(Linux)
            let result = try runToolWithFullStandardOutput(arguments)
            #expect(result.status == 2, "stderr: \(result.error)")
            #expect(result.error.contains("secagg: cannot write to standard output: No space left on device"))
        #endif
    }

    /// Output paths that must be rejected before any work, with the message expected on standard error.
    static func rejectedPaths() throws -> [(arguments: [String], message: String)] {
        let directory = try scratchDirectory()
        let loop = directory.appendingPathComponent("loop").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let dangling = directory.appendingPathComponent("dangling").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory.path + "/missing")
        let ed25519 = ["--quick", "--filter", "primitives.ed25519"]
        return [
            (["train", "--chart", "-"], "secagg train: invalid --chart '-': --chart cannot write to standard output"),
            (["train", "--json", loop], "is a symbolic link loop"),
            (["train", "--json", dangling], "is a symbolic link to \(directory.path)/missing, which does not exist"),
            (["train", "--chart", loop + "/x.svg"], "Too many levels of symbolic links"),
            (["train", "--transcripts", dangling], "which does not exist"),
            (["bench"] + ed25519 + ["--json", ""], "secagg bench: invalid --json '': the path is empty"),
            (["bench"] + ed25519 + ["--json", loop], "secagg bench: invalid --json '\(loop)': "),
            (["bench"] + ed25519 + ["--json", directory.path], "is a directory; give a file path"),
            (["bench", "--list", "--json", "-"], "secagg bench: --list prints the names as text"),
        ]
    }

    @Test("rejected output path exits with 2")
    func rejectedPath() throws {
        for entry in try Self.rejectedPaths() {
            let result = try runTool(entry.arguments)
            #expect(result.status == 2, "\(entry.arguments)")
            #expect(result.error.contains(entry.message), "\(entry.arguments) stderr: \(result.error)")
            #expect(result.output.isEmpty, "\(entry.arguments) stdout: \(result.output)")
            #expect(!result.error.contains("Domain="), "\(entry.arguments) stderr: \(result.error)")
        }
    }

    @Test("failed transcript write exits with 2")
    func transcriptWriteFailure() throws {
        let directory = try scratchDirectory()
        // A directory where the first transcript file should go makes that one write fail.
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("round-1.transcript"), withIntermediateDirectories: false)
        let result = try runTool(["train", "--rounds", "2", "--honest", "--quiet", "--transcripts", directory.path])
        #expect(result.status == 2)
        #expect(result.error.contains("cannot write the transcript of round 1"), "stderr: \(result.error)")
        #expect(result.error.contains("Is a directory"), "stderr: \(result.error)")
        #expect(result.error.contains("transcripts not written for round 1;"), "stderr: \(result.error)")
        #expect(result.output.contains("== Summary =="))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("round-2.transcript").path))
    }
}

@Suite("Rounds skipped after injected fraud")
struct SkippedRoundTests {
    @Test("minimum reached by injected fraud exits 0")
    func minimumReachedByInjectedFraud() throws {
        // The default scenario blames provider 3 in round 6, so 7 of 8 providers remain and rounds 7 to 10 are
        // skipped.
        let file = try scratchTask(#"{"name": "x", "rewardPerRound": "100 GLIN", "minimumProviders": 8}"#)
        let result = try runTool(["train", "--task", file.path, "--json", "-"])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(!result.error.contains("FAILED CHECKS"), "stderr: \(result.error)")
        #expect(result.error.contains("not run because of injected fraud: 4 rounds (7, 8, 9, 10)"))
        let report = try #require(jsonObject(result.output))
        #expect(report["roundsNotRunBecauseOfInjectedFraud"] as? [Int] == [7, 8, 9, 10])
        #expect((report["unexplainedFailures"] as? [String])?.isEmpty == true)
    }
}
