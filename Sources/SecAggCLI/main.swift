import Foundation
import SecAggBenchmarks
import SecAggConformance

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    print("usage: secagg conformance [DIR] | bench [options]")
    exit(2)
}
switch command {
case "conformance":
    let directory = try VectorDirectory.locate(arguments.dropFirst().first)
    let results = Conformance.runAll(in: directory)
    for result in results where !result.passed {
        print("FAIL \(result.file) \(result.name): \(result.detail)")
    }
    print("\(results.filter(\.passed).count)/\(results.count) passed")
    exit(results.allSatisfy(\.passed) ? 0 : 1)
case "bench":
    exit(BenchmarkRunner.main(arguments: Array(arguments.dropFirst()), commandName: "secagg bench"))
default:
    print("unknown command \(command)")
    exit(2)
}
