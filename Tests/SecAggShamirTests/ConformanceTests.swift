import Foundation
import SecAggConformance
import Testing

@Suite struct ShamirConformanceTests {
    static let regenerate = ProcessInfo.processInfo.environment["SECAGG_REGENERATE_VECTORS"] == "1"

    @Test("regenerate vectors on request", .enabled(if: regenerate))
    func regenerateVectors() throws {
        let directory = try VectorDirectory.locate()
        try ShamirConformance.encodedVectorFile().write(
            to: directory.url.appendingPathComponent(ShamirConformance.file))
    }

    @Test("generator reproduces vector file", .disabled(if: regenerate))
    func generatorReproducesVectorFile() throws {
        let directory = try VectorDirectory.locate()
        let committed = try directory.data(at: ShamirConformance.file)
        #expect(try ShamirConformance.encodedVectorFile() == committed)
    }

    @Test("conformance suite passes", .disabled(if: regenerate))
    func conformanceSuitePasses() throws {
        let results = ShamirConformance.run(in: try VectorDirectory.locate(), options: ConformanceOptions())
        #expect(results.count > 100)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }

    @Test(
        "changed vector fails the suite", .disabled(if: regenerate),
        arguments: ["share value", "lagrange", "rejected holders", "error code"])
    func changedVectorFails(change: String) throws {
        let directory = try VectorDirectory.locate()
        var file = try directory.decode(ShamirVectorFile.self, from: ShamirConformance.file)
        let dealingIndex = try #require(file.vectors.firstIndex { $0.name == "t3-n5" })
        switch change {
        case "share value":
            file.vectors[dealingIndex].shares?[1].value = String(repeating: "0", count: 63) + "1"
        case "lagrange":
            file.vectors[dealingIndex].reconstructions?[0].lagrange[0] = String(repeating: "0", count: 63) + "1"
        case "rejected holders":
            let index = try #require(file.vectors.firstIndex { $0.name == "correct-errors-t3-n9-wrong-2-5-9" })
            file.vectors[index].rejectedHolders = [2, 5]
        default:
            let index = try #require(file.vectors.firstIndex { $0.name == "reject-duplicate-x" })
            file.vectors[index].error = "split_id_mismatch"
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("shamir-vectors-\(UUID())")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        try JSONEncoder().encode(file).write(to: temporary.appendingPathComponent(ShamirConformance.file))
        let results = ShamirConformance.run(in: VectorDirectory(url: temporary), options: ConformanceOptions())
        #expect(results.contains { !$0.passed })
    }
}
