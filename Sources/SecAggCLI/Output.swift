import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The stream for a command's human-readable text: standard output, or standard error when the JSON report goes
/// to standard output (`--json -`), so that standard output then contains exactly one JSON document.
struct TextOutput: Sendable {
    private let toStandardError: Bool

    init(jsonPath: String?) {
        toStandardError = jsonPath == "-"
    }

    /// Writes `text` and a line break, unbuffered.
    func line(_ text: String = "") {
        let handle = toStandardError ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data((text + "\n").utf8))
    }
}

/// Returns `count` and the noun, in the plural unless `count` is 1: `1 round`, `2 rounds`.
func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}

/// Checks of output paths, run before a command starts its work so that a bad path fails in a second, not after
/// a whole training run.
enum OutputPath {
    /// Checks that a file can be created or replaced at `path`, given with `option`. `-` (standard output) passes
    /// when `allowsStandardOutput` is set.
    ///
    /// - Throws: ``UsageError`` naming the option and the path when the path is a directory, its directory does not
    ///   exist, or the file cannot be written.
    static func checkFile(_ path: String, option: String, command: String, allowsStandardOutput: Bool = true)
        throws
    {
        if path == "-" && allowsStandardOutput { return }
        func invalid(_ problem: String) -> UsageError {
            UsageError("\(command): invalid \(option) '\(path)': \(problem)")
        }
        guard !path.isEmpty else { throw invalid("the path is empty; give a file path") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw invalid("\(path) is a directory; give a file path") }
            // Opening without O_TRUNC leaves an existing file as it is.
            let descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else { throw invalid("cannot write \(path): \(systemMessage(errno))") }
            close(descriptor)
            return
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            throw invalid("directory \(parent) does not exist; create it first or choose another path")
        }
        guard isDirectory.boolValue else { throw invalid("\(parent) is not a directory; choose another path") }
        // Creating and removing the file is the one check that also covers read-only file systems and root.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw invalid("cannot create a file in \(parent): \(systemMessage(errno))")
        }
        close(descriptor)
        unlink(path)
    }

    /// Checks that `path`, given with `option`, is a writable directory, and creates it with its missing parents
    /// when it does not exist yet.
    ///
    /// - Throws: ``UsageError`` naming the option and the path when the path is a file, the directory cannot be
    ///   created, or it is not writable.
    static func prepareDirectory(_ path: String, option: String, command: String) throws {
        func invalid(_ problem: String) -> UsageError {
            UsageError("\(command): invalid \(option) '\(path)': \(problem)")
        }
        guard !path.isEmpty else { throw invalid("the path is empty; give a directory path") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw invalid("\(path) is a file, not a directory; give a directory path")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw invalid("cannot create directory \(path): \(readableDescription(of: error))")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw invalid("directory \(path) is not writable: \(systemMessage(errno))")
        }
    }
}

/// Writes `data` to the file at `path`, or to standard output for `-`.
///
/// - Throws: ``UsageError`` with the command, the path and a readable reason when the file cannot be written.
func writeOutput(_ data: Data, to path: String, outputName: String, command: String) throws {
    if path == "-" {
        FileHandle.standardOutput.write(data)
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

/// Describes `error` in a sentence: for a Foundation file error, the operating system's reason (for example
/// "Is a directory") in place of the generic "The operation could not be completed" text.
func readableDescription(of error: any Error) -> String {
    guard let cocoaError = error as? CocoaError else {
        if let posixError = error as? POSIXError { return systemMessage(posixError.code.rawValue) }
        return "\(error)"
    }
    // Depending on the Foundation version, the underlying error is a POSIXError value or an NSError.
    switch cocoaError.userInfo[NSUnderlyingErrorKey] {
    case let underlying as POSIXError:
        return systemMessage(underlying.code.rawValue)
    case let underlying as NSError where underlying.domain == NSPOSIXErrorDomain:
        return systemMessage(Int32(underlying.code))
    default:
        return cocoaError.localizedDescription
    }
}

/// Returns the C library's message for an `errno` value, for example "Permission denied".
func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
