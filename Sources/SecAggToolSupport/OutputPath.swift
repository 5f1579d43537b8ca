import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A path given for an output that cannot be written, with a message naming the command, the option and the path.
public struct OutputPathError: Error, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Checks of output paths, run before a command starts its work so that a bad path fails in a second, not after
/// a whole run.
public enum OutputPath {
    /// Checks that a file can be created or replaced at `path`, given with `option`. `-` (standard output) passes
    /// when `allowsStandardOutput` is set and fails otherwise, because the writers treat `-` as standard output.
    ///
    /// - Throws: ``OutputPathError`` naming the command, the option and the path when the path is empty, a
    ///   directory, a dangling symbolic link or a symbolic link loop, its directory does not exist, or the file
    ///   cannot be written.
    public static func checkFile(_ path: String, option: String, command: String, allowsStandardOutput: Bool = true)
        throws
    {
        func invalid(_ problem: String) -> OutputPathError {
            OutputPathError("\(command): invalid \(option) '\(path)': \(problem)")
        }
        if path == "-" {
            if allowsStandardOutput { return }
            throw invalid("\(option) cannot write to standard output; give a file path")
        }
        guard !path.isEmpty else { throw invalid("the path is empty; give a file path") }
        if let problem = linkProblem(path) { throw invalid(problem) }
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
    /// - Throws: ``OutputPathError`` naming the command, the option and the path when the path is a file, a
    ///   dangling symbolic link or a symbolic link loop, the directory cannot be created, or it is not writable.
    public static func prepareDirectory(_ path: String, option: String, command: String) throws {
        func invalid(_ problem: String) -> OutputPathError {
            OutputPathError("\(command): invalid \(option) '\(path)': \(problem)")
        }
        guard !path.isEmpty else { throw invalid("the path is empty; give a directory path") }
        if let problem = linkProblem(path) { throw invalid(problem) }
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

    /// Describes a symbolic link at or on the way to `path` that cannot be followed, or returns nil. A write
    /// through a dangling link would create its target somewhere the caller did not name, so that is rejected too.
    static func linkProblem(_ path: String) -> String? {
        var linkStatus = stat()
        guard lstat(path, &linkStatus) == 0 else {
            let code = errno
            // A missing path is fine: the caller creates it. ELOOP and the like come from a parent directory.
            if code == ENOENT { return nil }
            return "cannot use \(path): \(systemMessage(code))"
        }
        guard linkStatus.st_mode & S_IFMT == S_IFLNK else { return nil }
        var targetStatus = stat()
        guard stat(path, &targetStatus) != 0 else { return nil }
        let code = errno
        switch code {
        case ELOOP:
            return "\(path) is a symbolic link loop; remove the link or choose another path"
        case ENOENT:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "a missing file"
            return "\(path) is a symbolic link to \(target), which does not exist; remove the link or choose "
                + "another path"
        default:
            return "cannot follow the symbolic link \(path): \(systemMessage(code))"
        }
    }
}
