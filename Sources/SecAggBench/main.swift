import Foundation
import SecAggBenchmarks

exit(BenchmarkRunner.main(arguments: Array(CommandLine.arguments.dropFirst()), commandName: "secagg-bench"))
