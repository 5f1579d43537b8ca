import Foundation
import SecAggToolSupport

/// Timing helpers. Every figure is the median of several repetitions, so one preempted repetition does not
/// move it.
public enum Timing {
    /// Returns the seconds `body` takes, as the median over `repetitions` runs after one warm-up run.
    public static func medianSeconds(repetitions: Int = 5, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples = [Double]()
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// Returns operations per second for `body`, which performs `operations` operations a call, running it
    /// repeatedly for about `minimumSeconds` in each of `repetitions` measurements.
    public static func operationsPerSecond(
        operations: Int, minimumSeconds: Double = 0.2, repetitions: Int = 5, _ body: () throws -> Void
    ) rethrows -> Double {
        try body()
        var rates = [Double]()
        for _ in 0..<max(1, repetitions) {
            var calls = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                try body()
                calls += 1
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            } while elapsed < minimumSeconds
            rates.append(Double(calls * operations) / elapsed)
        }
        rates.sort()
        return rates[rates.count / 2]
    }
}

/// A description of the machine a run happened on, recorded with every JSON report.
public struct MachineDescription: Codable, Sendable {
    public var processor: String
    public var activeProcessors: Int
    public var physicalMemoryGiB: Double
    public var operatingSystem: String
    public var libsodium: String
    public var date: String

    /// Reads the processor model from `/proc/cpuinfo` where it exists.
    public static func current(libsodiumVersion: String) -> MachineDescription {
        var processor = "unknown"
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            processor = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let formatter = ISO8601DateFormatter()
        return MachineDescription(
            processor: processor,
            activeProcessors: ProcessInfo.processInfo.activeProcessorCount,
            physicalMemoryGiB: Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30),
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            libsodium: libsodiumVersion,
            date: formatter.string(from: Date()))
    }
}

/// Whether the human-readable results go to standard error, because `--json -` writes the JSON report to
/// standard output. Set once by ``BenchmarkRunner/main(arguments:commandName:)`` before any benchmark runs.
nonisolated(unsafe) var textGoesToStandardError = false

/// Writes to standard output, or standard error when ``textGoesToStandardError`` is set, without buffering, so
/// each result appears as its benchmark finishes, also when the output goes to a file. A failed write ends the
/// process with exit code 2 and a message. It shadows the standard library's `print` in this module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    if textGoesToStandardError {
        StandardStreams.writeError(text)
    } else {
        StandardStreams.writeOutput(text)
    }
}
