import Foundation

/// One figure a benchmark reports, such as a throughput in GB/s or a latency in ms.
public struct BenchmarkMetric: Codable, Sendable, Equatable {
    /// What was measured, for example `"keystream"`.
    public var name: String
    /// The measured value.
    public var value: Double
    /// The unit of `value`, for example `"GB/s"` or `"ops/s"`.
    public var unit: String

    public init(_ name: String, _ value: Double, unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// The figures one benchmark case produced, with the parameters it ran at.
public struct BenchmarkResult: Codable, Sendable {
    /// The benchmark's name, for example `"primitives.keystream"`.
    public var name: String
    /// Parameters of this case, for example `["threads": "2"]`.
    public var parameters: [String: String]
    /// The measured figures.
    public var metrics: [BenchmarkMetric]

    public init(name: String, parameters: [String: String] = [:], metrics: [BenchmarkMetric]) {
        self.name = name
        self.parameters = parameters
        self.metrics = metrics
    }
}

/// Settings shared by every benchmark in one run.
public struct BenchmarkContext: Sendable {
    /// Smaller sizes and fewer repetitions, for a smoke run that checks the benchmarks still work.
    public var quick: Bool
    /// Number of threads for parallel cases; defaults to the number of active processors.
    public var threads: Int

    public init(quick: Bool = false, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.quick = quick
        self.threads = max(1, threads)
    }
}

/// A named benchmark that produces one or more results.
public struct Benchmark: Sendable {
    /// Dotted name, `group.case`, used by `--filter`.
    public var name: String
    /// One line on what is measured.
    public var summary: String
    /// Runs the benchmark.
    public var run: @Sendable (BenchmarkContext) throws -> [BenchmarkResult]

    public init(
        name: String, summary: String, run: @escaping @Sendable (BenchmarkContext) throws -> [BenchmarkResult]
    ) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}
