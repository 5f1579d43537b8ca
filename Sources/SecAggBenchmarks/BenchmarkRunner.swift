import Foundation
import SecAggPrimitives
import SecAggToolSupport

/// Every benchmark, in the order a full run executes them.
public enum BenchmarkSuite {
    public static var all: [Benchmark] {
        PrimitiveBenchmarks.all + ShamirBenchmarks.all + MaskingBenchmarks.all + PaillierBenchmarks.all
            + ProtocolBenchmarks.all
    }
}

/// The JSON document `--json` writes: the machine, the command and every result.
public struct BenchmarkReport: Codable, Sendable {
    public var machine: MachineDescription
    public var command: String
    public var quick: Bool
    public var threads: Int
    public var results: [BenchmarkResult]
}

/// Command-line front end shared by `secagg bench` and `secagg-bench`.
public enum BenchmarkRunner {
    /// Returns the help text, naming the command `commandName` (`secagg bench` or `secagg-bench`).
    public static func usage(commandName: String) -> String {
        """
        Usage: \(commandName) [--filter TEXT]... [--quick] [--threads N] [--json FILE] [--list]

        Runs the benchmarks and prints a table of results. Build in release mode for real figures:
          swift run -c release \(commandName) --json bench.json

        Options:
          --filter TEXT   run only benchmarks whose name contains TEXT (repeatable; any match runs)
          --quick         smaller sizes and fewer repetitions, to check that every benchmark still runs
          --threads N     threads for the parallel cases (default: active processors, here \(ProcessInfo.processInfo.activeProcessorCount))
          --json FILE     also write the full report as JSON to FILE ("-" for standard output, with the
                          results as text on standard error)
          --list          list the benchmark names and exit (not combined with --json)
          -h, --help      show this help
        """
    }

    /// Parses `arguments` (without the program name), runs the selected benchmarks and returns the exit code:
    /// 0 on success, 1 when a benchmark failed, 2 for bad usage or when the report cannot be written.
    public static func main(arguments: [String], commandName: String) -> Int32 {
        var filters = [String]()
        var quick = false
        var threads = ProcessInfo.processInfo.activeProcessorCount
        var jsonPath: String?
        var listOnly = false
        var index = 0
        func value(for option: String) -> String? {
            index += 1
            guard index < arguments.count else {
                printError("\(commandName): option \(option) needs a value; see --help")
                return nil
            }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--filter":
                guard let text = value(for: argument) else { return 2 }
                filters.append(text)
            case "--quick":
                quick = true
            case "--threads":
                guard let text = value(for: argument) else { return 2 }
                guard let count = Int(text), count >= 1, count <= 1024 else {
                    printError("\(commandName): invalid --threads value '\(text)': expected an integer 1...1024")
                    return 2
                }
                threads = count
            case "--json":
                guard let path = value(for: argument) else { return 2 }
                jsonPath = path
            case "--list":
                listOnly = true
            case "-h", "--help":
                print(usage(commandName: commandName))
                return 0
            default:
                printError("\(commandName): unknown option '\(argument)'; see --help")
                return 2
            }
            index += 1
        }

        let selected = BenchmarkSuite.all.filter { benchmark in
            filters.isEmpty || filters.contains { benchmark.name.contains($0) }
        }
        if listOnly {
            if jsonPath != nil {
                printError("\(commandName): --list prints the names as text and writes no JSON report; drop --json")
                return 2
            }
            for benchmark in BenchmarkSuite.all { print("\(benchmark.name)  \(benchmark.summary)") }
            return 0
        }
        guard !selected.isEmpty else {
            printError("\(commandName): no benchmark matches \(filters); run with --list to see the names")
            return 2
        }

        if let jsonPath {
            do {
                try OutputPath.checkFile(jsonPath, option: "--json", command: commandName)
            } catch {
                printError("\(error)")
                return 2
            }
        }
        textGoesToStandardError = jsonPath == "-"
        let context = BenchmarkContext(quick: quick, threads: threads)
        let machine = MachineDescription.current(libsodiumVersion: Sodium.version)
        print("machine: \(machine.processor), \(machine.activeProcessors) processors, libsodium \(machine.libsodium)")
        var results = [BenchmarkResult]()
        var failed = false
        for benchmark in selected {
            print("\n\(benchmark.name): \(benchmark.summary)")
            do {
                let produced = try benchmark.run(context)
                for result in produced { printResult(result) }
                results.append(contentsOf: produced)
            } catch {
                printError("  failed: \(error)")
                failed = true
            }
        }

        if let jsonPath {
            let report = BenchmarkReport(
                machine: machine, command: ([commandName] + arguments).joined(separator: " "), quick: quick,
                threads: threads, results: results)
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let data = try encoder.encode(report)
                if jsonPath == "-" {
                    StandardStreams.writeOutput(data + Data("\n".utf8))
                } else {
                    try data.write(to: URL(fileURLWithPath: jsonPath))
                    print("\nwrote \(jsonPath)")
                }
            } catch {
                printError(
                    "\(commandName): cannot write the JSON report to \(jsonPath): \(readableDescription(of: error))")
                return 2
            }
        }
        return failed ? 1 : 0
    }

    private static func printResult(_ result: BenchmarkResult) {
        let parameters = result.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let label = parameters.isEmpty ? result.name : "\(result.name) [\(parameters.joined(separator: ", "))]"
        print("  \(label)")
        for metric in result.metrics {
            print(
                "    \(metric.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(format(metric.value)) \(metric.unit)"
            )
        }
    }

    private static func format(_ value: Double) -> String {
        if value >= 1000 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.3f", value)
    }

    private static func printError(_ message: String) {
        StandardStreams.writeError(message + "\n")
    }
}
