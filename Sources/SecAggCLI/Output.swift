import Foundation
import SecAggToolSupport

/// The stream for a command's human-readable text: standard output, or standard error when the JSON report goes
/// to standard output (`--json -`), so that standard output then contains exactly one JSON document.
struct TextOutput: Sendable {
    private let toStandardError: Bool

    init(jsonPath: String?) {
        toStandardError = jsonPath == "-"
    }

    /// Writes `text` and a line break, unbuffered.
    func line(_ text: String = "") {
        if toStandardError {
            StandardStreams.writeError(text + "\n")
        } else {
            StandardStreams.writeOutput(text + "\n")
        }
    }
}

/// Returns `count` and the noun, in the plural unless `count` is 1: `1 round`, `2 rounds`.
func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}

/// Writes `data` to the file at `path`, or to standard output for `-`.
///
/// - Throws: ``UsageError`` with the command, the path and a readable reason when the file cannot be written.
func writeOutput(_ data: Data, to path: String, outputName: String, command: String) throws {
    if path == "-" {
        StandardStreams.writeOutput(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path))
    } catch {
        throw UsageError("\(command): cannot write \(outputName) to \(path): \(readableDescription(of: error))")
    }
}

/// Writes `value` as pretty-printed JSON to `path`, or to standard output for `-`.
func writeJSON<T: Encodable>(_ value: T, to path: String, command: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(value)
    try writeOutput(data + Data("\n".utf8), to: path, outputName: "the JSON report", command: command)
}
