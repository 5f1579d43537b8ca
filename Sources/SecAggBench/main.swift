import Foundation
import SecAggBenchmarks

// Line-buffer standard output so progress appears as benchmarks finish, also when it goes to a file.
nonisolated(unsafe) let standardOutputStream = stdout
setvbuf(standardOutputStream, nil, _IOLBF, 0)

exit(BenchmarkRunner.main(arguments: Array(CommandLine.arguments.dropFirst()), commandName: "secagg-bench"))
