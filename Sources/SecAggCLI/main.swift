import Foundation
import SecAggBenchmarks
import SecAggToolSupport

let usage = """
    Usage: secagg COMMAND [OPTIONS]

    Secure aggregation for federated learning.

    Commands:
      train               run secure federated training on real data (see 'secagg train --help')
      audit TRANSCRIPT    recompute a round from its transcript and check the reported sum
      conformance [DIR]   replay the known-answer vectors and print pass/fail per case
      bench               run the benchmarks (see 'secagg bench --help')

    Run 'secagg COMMAND --help' for the options of a command.
    Exit codes: 0 success, 1 a failed check, 2 bad usage or input.
    """

/// Runs the subcommand named by the first argument and returns the process exit code.
func runCommandLine(_ arguments: [String]) -> Int32 {
    guard let command = arguments.first else {
        printError(usage)
        return 2
    }
    let rest = Array(arguments.dropFirst())
    do {
        switch command {
        case "train":
            return try TrainCommand.run(rest)
        case "audit":
            return try AuditCommand.run(rest)
        case "conformance":
            return try ConformanceCommand.run(rest)
        case "bench":
            return BenchmarkRunner.main(arguments: rest, commandName: "secagg bench")
        case "-h", "--help", "help":
            print(usage)
            return 0
        default:
            printError("secagg: unknown command '\(command)'\n\n\(usage)")
            return 2
        }
    } catch let error as UsageError {
        printError(error.message)
        return 2
    } catch let error as OutputPathError {
        printError(error.message)
        return 2
    } catch {
        printError("secagg \(command): \(readableDescription(of: error))")
        return 2
    }
}

exit(runCommandLine(Array(CommandLine.arguments.dropFirst())))
