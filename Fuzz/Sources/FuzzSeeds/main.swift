import Foundation
import SecAggFuzzTargets
import SecAggPrimitives

// Writes the generated seeds of every target into CORPUS/<target>/, each named by the first 16 hex digits of its
// SHA-256, so rerunning leaves unchanged seeds alone.
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: fuzz-seeds CORPUS_DIRECTORY\n".utf8))
    exit(2)
}
let corpus = URL(fileURLWithPath: CommandLine.arguments[1])
for target in FuzzTarget.allCases {
    let directory = corpus.appendingPathComponent(target.rawValue)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let seeds = try target.seeds()
        for seed in seeds {
            let name = "seed-" + Hex.encode(SHA256.hash(seed).prefix(8))
            try Data(seed).write(to: directory.appendingPathComponent(name))
        }
        print("\(target.rawValue): \(seeds.count) seeds")
    } catch {
        FileHandle.standardError.write(Data("\(target.rawValue): \(error)\n".utf8))
        exit(1)
    }
}
