import Foundation
import Testing

@testable import SecAggConformance

@Suite("Masking conformance", .serialized)
struct MaskingConformanceTests {
    /// Rewrites `Vectors/masking.json` when `SECAGG_REGENERATE_VECTORS=1`; afterwards regenerate
    /// `Vectors/SHA256SUMS` and rerun `Vectors/tools/check_masking.py`.
    @Test(
        "regenerate masking vectors",
        .enabled(if: ProcessInfo.processInfo.environment["SECAGG_REGENERATE_VECTORS"] == "1"))
    func regenerateMaskingVectors() throws {
        let directory = try VectorDirectory.locate()
        try MaskingVectors.generate().write(to: directory.url.appendingPathComponent(MaskingVectors.file))
    }

    @Test("masking vectors reproduce")
    func maskingVectorsReproduce() throws {
        let results = MaskingConformance.run(in: try VectorDirectory.locate(), options: ConformanceOptions())
        #expect(results.count > 20)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }

    @Test("generator matches stored vectors")
    func generatorMatchesStoredVectors() throws {
        let stored = try VectorDirectory.locate().decode(VectorFile<MaskingVector>.self, from: MaskingVectors.file)
        let generated = try JSONDecoder().decode(VectorFile<MaskingVector>.self, from: MaskingVectors.generate())
        #expect(generated.vectors.map(\.name) == stored.vectors.map(\.name))
        for (fresh, old) in zip(generated.vectors, stored.vectors) {
            #expect(MaskingConformance.matches(fresh, old), "\(old.name)")
        }
    }
}
