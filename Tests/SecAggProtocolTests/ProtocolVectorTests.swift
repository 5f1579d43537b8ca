import Foundation
import SecAggConformance
import Testing

@Suite("Protocol vectors")
struct ProtocolVectorTests {
    static let regenerate = ProcessInfo.processInfo.environment["SECAGG_REGENERATE_VECTORS"] == "1"

    @Test("regenerate protocol vectors", .enabled(if: regenerate))
    func regenerateVectors() throws {
        let directory = try VectorDirectory.locate()
        let url = directory.url.appendingPathComponent(ProtocolVectors.file)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ProtocolVectors.generate().write(to: url)
    }

    @Test("generator reproduces the stored file", .disabled(if: regenerate))
    func generatorReproduces() throws {
        let directory = try VectorDirectory.locate()
        #expect(try ProtocolVectors.generate() == directory.data(at: ProtocolVectors.file))
    }

    @Test("every protocol vector replays", .disabled(if: regenerate))
    func replay() throws {
        let results = ProtocolConformance.run(in: try VectorDirectory.locate(), options: ConformanceOptions())
        #expect(results.count == 10)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }
}

@Suite("Fault matrix conformance")
struct FaultMatrixConformanceTests {
    @Test("every fault-matrix case passes")
    func faultMatrix() throws {
        let results = FaultMatrixConformance.run(in: try VectorDirectory.locate(), options: ConformanceOptions())
        #expect(results.count == 29)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }
}
