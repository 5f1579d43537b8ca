import Foundation

/// A command-line usage error: exit code 2 with a message that names the bad argument.
struct UsageError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

/// The arguments of one subcommand, consumed option by option so that leftovers can be reported.
struct CommandLineArguments {
    private var remaining: [String]
    let command: String

    init(_ arguments: [String], command: String) {
        remaining = arguments
        self.command = command
    }

    /// Whether `--help` or `-h` was given.
    mutating func wantsHelp() -> Bool {
        flag("--help") || flag("-h")
    }

    /// Removes `name` if present and returns whether it was.
    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    /// Removes `name VALUE` (or `name=VALUE`) and returns the value, or nil when the option is absent.
    mutating func option(_ name: String) throws -> String? {
        if let index = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            let value = String(remaining[index].dropFirst(name.count + 1))
            remaining.remove(at: index)
            return value
        }
        guard let index = remaining.firstIndex(of: name) else { return nil }
        guard index + 1 < remaining.count else {
            throw UsageError("\(command): option \(name) needs a value; see '\(command) --help'")
        }
        let value = remaining[index + 1]
        remaining.removeSubrange(index...(index + 1))
        return value
    }

    /// Parses an integer option within `range`, or returns `defaultValue` when it is absent.
    mutating func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = try option(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "\(command): invalid \(name) '\(text)': expected an integer in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return value
    }

    /// Parses a decimal option within `range`, or returns `defaultValue` when it is absent.
    mutating func decimal(_ name: String, default defaultValue: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = try option(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError(
                "\(command): invalid \(name) '\(text)': expected a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Parses an option whose value is one of `choices`.
    mutating func choice(_ name: String, default defaultValue: String, choices: [String]) throws -> String {
        guard let text = try option(name) else { return defaultValue }
        guard choices.contains(text) else {
            throw UsageError(
                "\(command): invalid \(name) '\(text)': expected one of \(choices.joined(separator: ", "))")
        }
        return text
    }

    /// Removes and returns the next positional argument (one that does not start with `-`), if any.
    mutating func positional() -> String? {
        guard let index = remaining.firstIndex(where: { !$0.hasPrefix("-") || $0 == "-" }) else { return nil }
        return remaining.remove(at: index)
    }

    /// Throws when arguments remain that no option consumed.
    func expectEmpty() throws {
        guard remaining.isEmpty else {
            throw UsageError(
                "\(command): unknown argument '\(remaining[0])'; see '\(command) --help'")
        }
    }

    /// The arguments not consumed yet, for passing through to another parser.
    var rest: [String] { remaining }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes to standard output without buffering, so progress appears line by line also when the output goes to a
/// file or a pipe. It shadows the standard library's `print` in this module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    FileHandle.standardOutput.write(Data(text.utf8))
}
