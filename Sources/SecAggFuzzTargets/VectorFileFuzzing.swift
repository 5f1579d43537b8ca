import Foundation
import SecAggConformance

/// The `vectors` target: one known-answer vector file, replaced by the input, read by the conformance suite
/// that owns it.
///
/// Input: a selector byte, then the file's contents. Selector `s` picks entry `s mod 20` of ``files``. The file
/// is written into a temporary vector directory of this process and removed after the suite ran, so the suite
/// finds only that file. A suite reports a bad file as failed cases; the target checks that it neither crashes
/// nor reports a malformed file as passing.
enum VectorFileFuzzing {
    /// Every vector file with the suite that reads it.
    static var files: [(suite: any ConformanceSuite.Type, path: String)] {
        [(ManifestConformance.self, "SHA256SUMS")]
            + PrimitiveConformance.files.map { (PrimitiveConformance.self, $0) }
            + [
                (ShamirConformance.self, ShamirConformance.file),
                (MaskingConformance.self, "masking.json"),
            ]
            + PaillierConformance.files.map { (PaillierConformance.self, $0) }
            + [(ProtocolConformance.self, ProtocolVectors.file)]
    }

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let (selector, body) = split(bytes) else { return }
        let entry = files[Int(selector) % files.count]
        let directory = try scratchDirectory()
        let fileURL = directory.url.appendingPathComponent(entry.path)
        try fixture("the vector file") {
            try FileManager.default.createDirectory(
                at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(body).write(to: fileURL)
        }
        defer { try? FileManager.default.removeItem(at: fileURL) }
        let results = entry.suite.run(in: directory, options: ConformanceOptions(includeSlow: false))
        try check(!results.isEmpty, "\(entry.path): the suite reported no case")
    }

    /// Returns a directory under the system's temporary directory, one per process.
    static func scratchDirectory() throws(FuzzFailure) -> VectorDirectory {
        try ScratchDirectory.shared.get()
    }

    /// Returns the repository's vector files, each behind its selector byte.
    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        let vectors = try fixture("the vector directory") { try VectorDirectory.locate() }
        var seeds = [[UInt8]]()
        for (index, entry) in files.enumerated() {
            let contents = try fixture(entry.path) { try vectors.data(at: entry.path) }
            seeds.append([UInt8(index)] + [UInt8](contents))
        }
        return seeds
    }
}

/// The per-process scratch directory of ``VectorFileFuzzing``.
enum ScratchDirectory {
    static let shared: Result<VectorDirectory, FuzzFailure> = Result { () throws(FuzzFailure) in
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "secagg-fuzz-vectors-\(ProcessInfo.processInfo.processIdentifier)")
        try fixture("the scratch vector directory") {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        return VectorDirectory(url: url)
    }
}
