import Foundation
import SecAggPrimitives

/// Checks `Vectors/SHA256SUMS`: every vector file is listed and has the listed SHA-256, so an edited or added
/// vector file fails conformance even where its checks would still pass.
///
/// The manifest has the `sha256sum` format: 64 hex digits, two spaces, the path relative to the directory.
public enum ManifestConformance: ConformanceSuite {
    public static let name = "manifest"
    public static let files = ["SHA256SUMS"]

    public static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult] {
        var recorder = ConformanceRecorder(suite: name, file: "SHA256SUMS")
        let listed: [String: String]
        do {
            listed = try parse(String(decoding: directory.data(at: "SHA256SUMS"), as: UTF8.self))
        } catch {
            recorder.fail("read manifest", error)
            return recorder.results
        }
        for (path, expected) in listed.sorted(by: { $0.key < $1.key }) {
            recorder.check(
                path, { Hex.encode(SHA256.hash([UInt8](try directory.data(at: path)))) == expected },
                detail: "SHA-256 differs from the manifest: the file was changed without regenerating SHA256SUMS")
        }
        let present = jsonFiles(under: directory.url)
        for path in present where listed[path] == nil {
            recorder.check(
                path, { false }, detail: "not listed in SHA256SUMS; add its SHA-256 to SHA256SUMS or remove the file")
        }
        return recorder.results
    }

    /// Parses `sha256sum` output into a map from path to digest.
    ///
    /// A path must stay inside the vector directory: absolute paths and `..` components are rejected, as are a
    /// digest that is not 64 hexadecimal digits and a path listed twice.
    static func parse(_ text: String) throws -> [String: String] {
        var entries = [String: String]()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit) else {
                throw ConformanceError.malformedFile(
                    path: "SHA256SUMS", reason: "line \(number + 1) is not '<sha256>  <path>'")
            }
            var path = parts[1].trimmingCharacters(in: .whitespaces)
            if path.hasPrefix("*") { path.removeFirst() }
            guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw ConformanceError.malformedFile(
                    path: "SHA256SUMS",
                    reason: "line \(number + 1) names '\(path)', which is outside the vector directory")
            }
            guard entries[path] == nil else {
                throw ConformanceError.malformedFile(
                    path: "SHA256SUMS", reason: "line \(number + 1) lists '\(path)' a second time")
            }
            entries[path] = String(parts[0]).lowercased()
        }
        return entries
    }

    /// Lists every `.json` file below `root`, as paths relative to it, sorted.
    public static func jsonFiles(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths = [String]()
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".json") { paths.append(path) }
        }
        return paths.sorted()
    }
}
