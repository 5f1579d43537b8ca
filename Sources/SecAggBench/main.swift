import Foundation
@preconcurrency import Glibc
import SecAggBenchmarks

// Line-buffer standard output so progress appears as benchmarks finish, also when it goes to a file.
setvbuf(stdout, nil, _IOLBF, 0)

exit(BenchmarkRunner.main(arguments: Array(CommandLine.arguments.dropFirst()), commandName: "secagg-bench"))
