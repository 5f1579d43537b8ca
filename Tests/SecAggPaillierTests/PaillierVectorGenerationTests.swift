import Foundation
import SecAggConformance
import Testing

@Suite("Paillier vector generation")
struct PaillierVectorGenerationTests {
    static let path = "paillier/toolkit.json"

    @Test(
        "Regenerate toolkit vectors",
        .enabled(if: ProcessInfo.processInfo.environment["SECAGG_REGENERATE_VECTORS"] == "1"))
    func regenerateToolkitVectors() throws {
        let directory = try VectorDirectory.locate()
        let existing = try? directory.decode(PaillierToolkitFile.self, from: Self.path)
        let file = try PaillierVectorGenerator.makeFile(existing: existing)
        try PaillierVectorGenerator.encode(file).write(to: directory.url.appendingPathComponent(Self.path))
    }

    @Test("Generator reproduces toolkit vectors")
    func generatorReproducesToolkitVectors() throws {
        let directory = try VectorDirectory.locate()
        let existing = try directory.decode(PaillierToolkitFile.self, from: Self.path)
        let file = try PaillierVectorGenerator.makeFile(existing: existing)
        #expect(try PaillierVectorGenerator.encode(file) == directory.data(at: Self.path))
    }
}
