import Foundation
import SecAggFuzzTargets
import Testing

/// Replays every committed fuzz input, the seed corpus and every crash kept as a regression, through the same
/// entry points the libFuzzer executables call.
@Suite("Fuzz corpus replay")
struct CorpusReplayTests {
    /// `Fuzz/`, three levels above this file.
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// Returns the regular files directly in `directory`, sorted by name, or none when it does not exist.
    static func inputs(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }.filter { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    @Test("every target has seeds", arguments: FuzzTarget.allCases)
    func targetHasSeeds(target: FuzzTarget) {
        let seeds = Self.inputs(in: Self.fuzzDirectory.appendingPathComponent("Corpus/\(target.rawValue)"))
        #expect(!seeds.isEmpty, "Fuzz/Corpus/\(target.rawValue) is empty; run Fuzz/run.sh --seeds")
    }

    @Test("corpus and crashes replay cleanly", arguments: FuzzTarget.allCases)
    func corpusReplays(target: FuzzTarget) throws {
        for folder in ["Corpus", "Crashes"] {
            let directory = Self.fuzzDirectory.appendingPathComponent("\(folder)/\(target.rawValue)")
            for url in Self.inputs(in: directory) {
                let bytes = [UInt8](try Data(contentsOf: url))
                #expect(throws: Never.self, "\(folder)/\(target.rawValue)/\(url.lastPathComponent)") {
                    try target.run(bytes)
                }
            }
        }
    }

    @Test("generated seeds pass their target", arguments: FuzzTarget.allCases)
    func generatedSeedsPass(target: FuzzTarget) throws {
        for (index, seed) in try target.seeds().enumerated() {
            #expect(throws: Never.self, "seed \(index) of \(target.rawValue)") { try target.run(seed) }
        }
    }
}
