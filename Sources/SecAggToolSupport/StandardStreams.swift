import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to standard output and standard error for the command-line tools.
///
/// Foundation's non-throwing `FileHandle.write(_:)` stops the process with a trap when the write fails, for
/// example on a full disk or `>/dev/full`. These functions use the throwing `write(contentsOf:)` and end the
/// process with exit code 2 and a message on standard error instead.
public enum StandardStreams {
    /// The exit code after a failed write to standard output or standard error: an output problem, like bad usage.
    public static let writeFailureExitCode: Int32 = 2

    /// Writes `data` to standard output, or exits with ``writeFailureExitCode`` after a message on standard error
    /// when the write fails.
    public static func writeOutput(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            let message = "secagg: cannot write to standard output: \(readableDescription(of: error))\n"
            // When standard error fails too, the exit code is the only report left.
            try? FileHandle.standardError.write(contentsOf: Data(message.utf8))
            exit(writeFailureExitCode)
        }
    }

    /// Writes `text` to standard output; see ``writeOutput(_:)-(Data)``.
    public static func writeOutput(_ text: String) {
        writeOutput(Data(text.utf8))
    }

    /// Writes `text` to standard error, or exits with ``writeFailureExitCode`` when the write fails.
    public static func writeError(_ text: String) {
        do {
            try FileHandle.standardError.write(contentsOf: Data(text.utf8))
        } catch {
            exit(writeFailureExitCode)
        }
    }
}

/// Describes `error` in a sentence: for a Foundation file error, the operating system's reason (for example
/// "Is a directory") in place of the generic "The operation could not be completed" text.
public func readableDescription(of error: any Error) -> String {
    guard let cocoaError = error as? CocoaError else {
        if let posixError = error as? POSIXError { return systemMessage(posixError.code.rawValue) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return systemMessage(Int32(nsError.code)) }
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
public func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
