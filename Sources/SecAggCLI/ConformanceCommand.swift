import Foundation
import SecAggConformance

/// `secagg conformance [DIR]`: replays the known-answer vectors and prints pass/fail per case.
enum ConformanceCommand {
    static let help = """
        Usage: secagg conformance [DIR] [--verbose] [--slow] [--suite NAME]... [--json FILE]

        Replays every known-answer vector in DIR (default: ./Vectors, then the checkout this tool was built from)
        and the protocol's fault matrix (dropouts in every phase, each kind of misbehaviour), and prints one line
        per failed case and a summary per suite. Exit code 0 when every case passes, 1 when
        any fails, 2 for bad usage.

        Options:
          --verbose      print every case, not only failures
          --slow         include the slow vectors (the 1,000,000-iteration X25519 case, about a minute)
          --suite NAME   run only this suite (repeatable); suites: \(Conformance.suites.map { $0.name }.joined(separator: ", "))
          --json FILE    write every result as JSON to FILE ("-" for standard output)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        var parser = CommandLineArguments(arguments, command: "secagg conformance")
        if parser.wantsHelp() {
            print(help)
            return 0
        }
        let verbose = parser.flag("--verbose")
        let slow = parser.flag("--slow")
        var suites = Set<String>()
        while let suite = try parser.option("--suite") {
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

        let directory: VectorDirectory
        do {
            directory = try VectorDirectory.locate(directoryArgument)
        } catch {
            throw UsageError("secagg conformance: \(error)")
        }
        print("vectors: \(directory.url.path)")
        let results = Conformance.runAll(
            in: directory, options: ConformanceOptions(includeSlow: slow), only: suites.isEmpty ? nil : suites)
        for result in results where verbose || !result.passed {
            let status = result.passed ? "pass" : "FAIL"
            let detail = result.detail.isEmpty ? "" : ": \(result.detail)"
            print("\(status)  \(result.suite)  \(result.file)  \(result.name)\(detail)")
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
        print("")
        for suite in order {
            let count = counts[suite] ?? (0, 0)
            print("\(suite.padding(toLength: 12, withPad: " ", startingAt: 0)) \(count.passed)/\(count.total) passed")
        }
        let failed = results.filter { !$0.passed }.count
        print("total        \(results.count - failed)/\(results.count) passed")
        if let jsonPath { try writeJSON(results, to: jsonPath) }
        return failed == 0 ? 0 : 1
    }
}

/// Writes `value` as pretty-printed JSON to `path`, or to standard output for `-`.
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(value)
    if path == "-" {
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path))
    } catch {
        throw UsageError("cannot write \(path): \(error.localizedDescription)")
    }
}
