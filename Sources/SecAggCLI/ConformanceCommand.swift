import Foundation
import SecAggConformance
import SecAggToolSupport

/// `secagg conformance [DIR]`: replays the known-answer vectors and prints pass/fail per case.
enum ConformanceCommand {
    static let help = """
        Usage: secagg conformance [DIR] [--verbose] [--slow] [--suite NAME]... [--json FILE]

        Replays every known-answer vector in DIR (default: ./Vectors, then the checkout this tool was built from)
        and the protocol's fault matrix (dropouts in every phase, each kind of misbehaviour), and prints one line
        per failed case and a summary per suite. Exit code 0 when every case passes, 1 when any fails, 2 for bad
        usage or a directory without vector files.

        Options:
          --verbose      print every case, not only failures
          --slow         include the slow vectors (the 1,000,000-iteration X25519 case, about a minute)
          --suite NAME   run only this suite (repeatable); suites: \(Conformance.suites.map { $0.name }.joined(separator: ", "))
          --json FILE    write every result as JSON to FILE ("-" for standard output; the text then goes to
                         standard error)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        var parser = CommandLineArguments(arguments, command: "secagg conformance")
        if parser.wantsHelp() {
            print(help)
            return 0
        }
        let verbose = try parser.flag("--verbose")
        let slow = try parser.flag("--slow")
        var suites = Set<String>()
        for suite in try parser.values("--suite") {
            guard Conformance.suites.contains(where: { $0.name == suite }) else {
                throw UsageError(
                    "secagg conformance: unknown suite '\(suite)'; suites: "
                        + Conformance.suites.map { $0.name }.joined(separator: ", "))
            }
            suites.insert(suite)
        }
        let jsonPath = try parser.option("--json")
        let directoryArgument = parser.positional()
        try parser.expectEmpty()
        if let jsonPath { try OutputPath.checkFile(jsonPath, option: "--json", command: "secagg conformance") }
        let output = TextOutput(jsonPath: jsonPath)

        let directory: VectorDirectory
        do {
            directory = try VectorDirectory.locate(directoryArgument)
        } catch {
            throw UsageError("secagg conformance: \(error)")
        }
        let selected = Conformance.suites.filter { suites.isEmpty || suites.contains($0.name) }
        let needsFiles = selected.contains { !$0.files.isEmpty }
        if needsFiles && !directory.containsVectorFiles {
            throw UsageError(
                "secagg conformance: no vector files found in \(directory.url.path): it has neither SHA256SUMS nor "
                    + "any .json file; pass the Vectors/ directory of the repository")
        }
        output.line("vectors: \(directory.url.path)")
        let results = Conformance.runAll(
            in: directory, options: ConformanceOptions(includeSlow: slow), only: suites.isEmpty ? nil : suites)
        for result in results where verbose || !result.passed {
            let status = result.passed ? "pass" : "FAIL"
            let detail = result.detail.isEmpty ? "" : ": \(result.detail)"
            output.line("\(status)  \(result.suite)  \(result.file)  \(result.name)\(detail)")
        }
        var order = [String]()
        var counts = [String: (passed: Int, total: Int)]()
        for result in results {
            if counts[result.suite] == nil { order.append(result.suite) }
            var count = counts[result.suite] ?? (0, 0)
            count.total += 1
            if result.passed { count.passed += 1 }
            counts[result.suite] = count
        }
        output.line("")
        for suite in order {
            let count = counts[suite] ?? (0, 0)
            output.line(
                "\(suite.padding(toLength: 12, withPad: " ", startingAt: 0)) \(count.passed)/\(count.total) passed")
        }
        let failed = results.filter { !$0.passed }.count
        output.line("total        \(results.count - failed)/\(results.count) passed")
        if let jsonPath { try writeJSON(results, to: jsonPath, command: "secagg conformance") }
        return failed == 0 ? 0 : 1
    }
}
