import Foundation
import SecAggPrimitives
import SecAggProtocol
import SecAggToolSupport

/// `secagg audit TRANSCRIPT`: recomputes a round from its transcript and reports whether the sum checks.
enum AuditCommand {
    static let help = """
        Usage: secagg audit TRANSCRIPT [--sample N] [--json FILE]

        Checks a round transcript (as written by 'secagg train --transcripts DIR'): every signature, the survivor
        set, the share requests, the secrets rebuilt from the revealed shares, and the sum, on every coordinate
        or on N random coordinates. Exit code 0 when the transcript checks, 1 when it does not, 2 for bad usage or
        an unreadable file.

        Options:
          --sample N    recompute N randomly chosen coordinates instead of all
          --json FILE   write the findings as JSON ("-" for standard output; the text then goes to standard
                        error)
        """

    struct Document: Encodable {
        let transcript: String
        let passed: Bool
        let hasResult: Bool
        let contributors: [UInt32]
        let checkedCoordinates: Int
        let findings: [String]
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var parser = CommandLineArguments(arguments, command: "secagg audit")
        if parser.wantsHelp() {
            print(help)
            return 0
        }
        let sampleText = try parser.option("--sample")
        let jsonPath = try parser.option("--json")
        guard let path = parser.positional() else {
            throw UsageError("secagg audit: missing TRANSCRIPT; see 'secagg audit --help'")
        }
        try parser.expectEmpty()
        if let jsonPath { try OutputPath.checkFile(jsonPath, option: "--json", command: "secagg audit") }
        let output = TextOutput(jsonPath: jsonPath)
        var sample: Int?
        if let sampleText {
            guard let value = Int(sampleText), value >= 1 else {
                throw UsageError("secagg audit: invalid --sample '\(sampleText)': expected a positive integer")
            }
            sample = value
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("secagg audit: transcript not found or unreadable: \(path)")
        }
        let transcript: Transcript
        do {
            transcript = try Transcript(encoding: [UInt8](data))
        } catch {
            throw UsageError("secagg audit: \(path) is not a valid transcript: \(error)")
        }
        let report = TranscriptAudit.audit(transcript, sampleCoordinates: sample)
        let about =
            (transcript.configuration.map { ["task \(Hex.encode($0.taskID.prefix(4)))…", "round \($0.round)"] } ?? [])
            + [counted(transcript.messages.count, "message")]
        output.line("transcript: \(path) (\(about.joined(separator: ", ")))")
        if !report.hasResult && report.passed {
            output.line("the round ended without a sum; every signature checks")
        } else {
            output.line("contributors: \(report.contributors.map(String.init).joined(separator: ", "))")
            output.line("coordinates recomputed: \(report.checkedCoordinates)")
        }
        for finding in report.findings { output.line("FINDING: \(finding)") }
        output.line(report.passed ? "audit passed" : "audit FAILED: \(counted(report.findings.count, "finding"))")
        if let jsonPath {
            try writeJSON(
                Document(
                    transcript: path, passed: report.passed, hasResult: report.hasResult,
                    contributors: report.contributors, checkedCoordinates: report.checkedCoordinates,
                    findings: report.findings.map(\.description)), to: jsonPath, command: "secagg audit")
        }
        return report.passed ? 0 : 1
    }
}
