import Foundation
import SecAggToolSupport

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
        let requested = remaining.contains { $0 == "--help" || $0 == "-h" }
        remaining.removeAll { $0 == "--help" || $0 == "-h" }
        return requested
    }

    /// Removes `name` if present and returns whether it was.
    ///
    /// - Throws: ``UsageError`` when the flag is given more than once.
    mutating func flag(_ name: String) throws -> Bool {
        let count = remaining.count { $0 == name }
        guard count <= 1 else { throw givenMoreThanOnce(name, count: count) }
        remaining.removeAll { $0 == name }
        return count == 1
    }

    /// Removes `name VALUE` (or `name=VALUE`) and returns the value, or nil when the option is absent.
    ///
    /// - Throws: ``UsageError`` when the value is missing or the option is given more than once; repeatable
    ///   options use ``values(_:)``.
    mutating func option(_ name: String) throws -> String? {
        let values = try values(name)
        guard values.count <= 1 else { throw givenMoreThanOnce(name, count: values.count) }
        return values.first
    }

    /// Removes every `name VALUE` and `name=VALUE` of a repeatable option and returns the values in order.
    mutating func values(_ name: String) throws -> [String] {
        var values = [String]()
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument.hasPrefix(name + "=") {
                values.append(String(argument.dropFirst(name.count + 1)))
                remaining.remove(at: index)
            } else if argument == name {
                guard index + 1 < remaining.count else {
                    throw UsageError("\(command): option \(name) needs a value; see '\(command) --help'")
                }
                values.append(remaining[index + 1])
                remaining.removeSubrange(index...(index + 1))
            } else {
                index += 1
            }
        }
        return values
    }

    private func givenMoreThanOnce(_ name: String, count: Int) -> UsageError {
        let times = count == 2 ? "twice" : "\(count) times"
        return UsageError("\(command): option \(name) is given \(times); give it once")
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
    StandardStreams.writeError(message + "\n")
}

/// Writes to standard output without buffering, so progress appears line by line also when the output goes to a
/// file or a pipe, and exits with code 2 when the write fails. It shadows the standard library's `print` in this module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    StandardStreams.writeOutput(text)
}
