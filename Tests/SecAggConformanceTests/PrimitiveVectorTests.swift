import Foundation
import SecAggConformance
import Testing

/// Copies the vector directory to a scratch directory that the test may alter.
func scratchCopyOfVectors() throws -> URL {
    let source = try VectorDirectory.locate().url
    let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("secagg-vectors-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: scratch)
    return scratch
}

/// Replaces the first occurrence of `target` in a file with `replacement`.
func replaceFirst(_ target: String, with replacement: String, in file: URL) throws {
    let text = try String(contentsOf: file, encoding: .utf8)
    guard let range = text.range(of: target) else {
        Issue.record("'\(target)' not found in \(file.lastPathComponent)")
        return
    }
    try text.replacingCharacters(in: range, with: replacement).write(to: file, atomically: true, encoding: .utf8)
}

@Suite("Published primitive vectors")
struct PrimitiveVectorTests {
    @Test("every primitive vector passes", arguments: PrimitiveConformance.files)
    func everyVectorPasses(file: String) throws {
        let directory = try VectorDirectory.locate()
        let results = PrimitiveConformance.run(in: directory, options: ConformanceOptions()).filter { $0.file == file }
        #expect(!results.isEmpty)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }

    @Test("every vector of a file produces a case", arguments: PrimitiveConformance.files)
    func noVectorSkipped(file: String) throws {
        struct Named: Decodable, Sendable {
            var name: String
            var iterations: Int?
        }
        let directory = try VectorDirectory.locate()
        let vectors = try directory.decode(VectorFile<Named>.self, from: file).vectors
        let results = PrimitiveConformance.run(in: directory, options: ConformanceOptions()).filter { $0.file == file }
        let slow = vectors.filter { ($0.iterations ?? 0) > 1000 }.count
        let covered = Set(results.map { $0.name.split(separator: "/").first.map(String.init) ?? $0.name })
        #expect(covered.isSuperset(of: Set(vectors.filter { ($0.iterations ?? 0) <= 1000 }.map(\.name))))
        #expect(results.count >= vectors.count - slow)
    }

    @Test(
        "million-iteration X25519 vector",
        .enabled(if: ProcessInfo.processInfo.environment["SECAGG_SLOW_VECTORS"] == "1"))
    func millionIterations() throws {
        let directory = try VectorDirectory.locate()
        let results = PrimitiveConformance.run(in: directory, options: ConformanceOptions(includeSlow: true))
            .filter { $0.name.hasSuffix("/1000000") }
        #expect(results.count == 1)
        #expect(results.allSatisfy { $0.passed })
    }

    @Test("altered digest fails its case")
    func alteredDigestFails() throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try replaceFirst(
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            with: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ae",
            in: scratch.appendingPathComponent("primitives/sha2.json"))
        let results = Conformance.runAll(in: VectorDirectory(url: scratch))
        let failed = results.filter { !$0.passed }
        #expect(failed.contains { $0.file == "primitives/sha2.json" && $0.name == "fips180-sha256-one-block-abc" })
        #expect(failed.contains { $0.suite == "manifest" && $0.name == "primitives/sha2.json" })
    }

    @Test("altered invalid encoding fails")
    func alteredNegativeCaseFails() throws {
        // Replacing an invalid encoding with the generator's valid one must make the negative case fail.
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("primitives/ristretto255.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let marker = "\"type\": \"invalid_encoding\""
        let start = try #require(text.range(of: marker))
        let encodingKey = try #require(text.range(of: "\"encoding\": \"", range: start.upperBound..<text.endIndex))
        let valueEnd = try #require(text.range(of: "\"", range: encodingKey.upperBound..<text.endIndex))
        let generator = "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
        try text.replacingCharacters(in: encodingKey.upperBound..<valueEnd.lowerBound, with: generator)
            .write(to: file, atomically: true, encoding: .utf8)
        let results = PrimitiveConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        #expect(results.contains { $0.file == "primitives/ristretto255.json" && !$0.passed })
    }

    @Test("unlisted vector file fails the manifest")
    func unlistedFileFails() throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data("{}".utf8).write(to: scratch.appendingPathComponent("primitives/extra.json"))
        let results = ManifestConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failure = try #require(results.first { $0.name == "primitives/extra.json" })
        #expect(!failure.passed)
        #expect(failure.detail.hasPrefix("not listed in SHA256SUMS"))
    }

    @Test("corrupt vector file names file and position")
    func corruptFileNamed() throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(#"{"primitive": "#.utf8).write(to: scratch.appendingPathComponent("primitives/ed25519.json"))
        let results = PrimitiveConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failure = try #require(results.first { $0.file == "primitives/ed25519.json" })
        #expect(!failure.passed)
        #expect(failure.detail.contains("malformed vector file primitives/ed25519.json: not valid JSON: "))
        #expect(!failure.detail.contains("at :"), "\(failure.detail)")
    }

    @Test("wrong top-level type says top level")
    func topLevelTypeNamed() throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data("[]".utf8).write(to: scratch.appendingPathComponent("primitives/ed25519.json"))
        let results = PrimitiveConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failure = try #require(results.first { $0.file == "primitives/ed25519.json" })
        #expect(failure.detail.contains("wrong type at the top level"), "\(failure.detail)")
    }

    @Test("explicit directory that does not exist is named")
    func explicitDirectoryMissing() {
        #expect(throws: ConformanceError.invalidDirectory(path: "/nonexistent-vectors", reason: "does not exist")) {
            _ = try VectorDirectory.locate("/nonexistent-vectors")
        }
    }

    @Test(
        "manifest paths stay inside the directory",
        arguments: ["../../etc/hostname", "/etc/hostname", "a/../../b.json"])
    func manifestPathOutsideFails(path: String) throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let manifest = scratch.appendingPathComponent("SHA256SUMS")
        let line = String(repeating: "0", count: 64) + "  " + path + "\n"
        try (try String(contentsOf: manifest, encoding: .utf8) + line).write(
            to: manifest, atomically: true, encoding: .utf8)
        let results = ManifestConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failure = try #require(results.first { $0.name == "read manifest" })
        #expect(!failure.passed)
        #expect(failure.detail.contains("'\(path)', which is outside the vector directory"))
        #expect(!results.contains { $0.name == path })
    }

    @Test("missing vector file is reported")
    func missingFileReported() throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.removeItem(at: scratch.appendingPathComponent("primitives/ed25519.json"))
        let results = PrimitiveConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failure = try #require(results.first { $0.file == "primitives/ed25519.json" })
        #expect(!failure.passed)
        #expect(failure.detail.contains("not found"))
    }

    @Test("malformed hex names the vector and field")
    func malformedHexNamed() throws {
        let scratch = try scratchCopyOfVectors()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try replaceFirst(
            "\"message\": \"616263\"", with: "\"message\": \"61626z\"",
            in: scratch.appendingPathComponent("primitives/sha2.json"))
        let results = PrimitiveConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failure = try #require(results.first { $0.name == "fips180-sha256-one-block-abc" })
        #expect(!failure.passed)
        #expect(failure.detail.contains("field 'message'"))
    }

    @Test("manifest matches the shipped vectors")
    func manifestPasses() throws {
        let results = ManifestConformance.run(in: try VectorDirectory.locate(), options: ConformanceOptions())
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0.passed })
    }
}
