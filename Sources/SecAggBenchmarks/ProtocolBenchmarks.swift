import Foundation
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol

/// Benchmarks of whole protocol rounds run in process: provider and aggregator computation, and bytes sent.
public enum ProtocolBenchmarks {
    public static var all: [Benchmark] {
        [
            Benchmark(
                name: "protocol.round",
                summary: "full rounds, n = 100 and 500, m = 100,000, 0/10/30 % dropout after sharing",
                run: rounds)
        ]
    }

    struct Case {
        let providers: Int
        let length: Int
        let dropoutRate: Double
        let graph: String
    }

    static func rounds(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let cases: [Case]
        if let sizes = ProcessInfo.processInfo.environment["SECAGG_BENCH_PROTOCOL_N"] {
            // A comma-separated list of provider counts, for one-off measurements.
            cases = sizes.split(separator: ",").compactMap { Int($0) }.map {
                Case(providers: $0, length: context.quick ? 1000 : 100_000, dropoutRate: 0.1, graph: "planned")
            }
        } else if context.quick {
            cases = [Case(providers: 20, length: 1000, dropoutRate: 0.1, graph: "planned")]
        } else {
            cases =
                [100, 500].flatMap { n in
                    [0.0, 0.1, 0.3].map { Case(providers: n, length: 100_000, dropoutRate: $0, graph: "planned") }
                } + [Case(providers: 100, length: 100_000, dropoutRate: 0.1, graph: "complete")]
        }
        return try cases.map { try run($0, threads: context.threads) }
    }

    static func run(_ benchmarkCase: Case, threads: Int) throws -> BenchmarkResult {
        let n = benchmarkCase.providers
        let modulus = try Modulus.powerOfTwo(bits: 32)
        // The graph is planned for 30 % dropout and a tenth of the providers corrupt, whatever the case's rate,
        // so the three dropout rates of one n run over the same graph. Quick runs are too small for that plan.
        let plannedDropout = n >= 50 ? 0.3 : 0.1
        let plan = try ParameterPlanner.planGraph(
            providerCount: n, dropoutRate: plannedDropout, corruptFraction: 0.1)
        let graph: GraphChoice
        let threshold: Int
        if benchmarkCase.graph == "complete" {
            let complete = try ParameterPlanner.planGraph(providerCount: n, dropoutRate: 0.3, corruptFraction: 0)
            graph = .complete
            threshold = complete.isComplete ? complete.threshold : (n - 1) * 2 / 3
        } else {
            graph = plan.isComplete ? .complete : .harary(degree: plan.degree)
            threshold = plan.threshold
        }
        var source = SeededRandom(seed: 2026)
        var keys = [UInt32: Ed25519.PrivateKey]()
        for id in 1...UInt32(n) { keys[id] = Ed25519.PrivateKey(using: &source) }
        let aggregatorKey = Ed25519.PrivateKey(using: &source)
        let configuration = try RoundConfiguration(
            taskID: SHA256.hash(Array("benchmark".utf8)), round: 1, identityKeys: keys.mapValues(\.publicKey),
            aggregatorKey: aggregatorKey.publicKey, threshold: threshold, graph: graph,
            vectorLength: benchmarkCase.length, modulus: modulus,
            maximumCorruptProviders: plan.corruptProviderCount)
        var sessions = [UInt32: ProviderSession]()
        for id in configuration.providers {
            guard let key = keys[id] else { continue }
            let residues = (0..<benchmarkCase.length).map { _ in source.next() & 0xffff_ffff }
            sessions[id] = try ProviderSession(
                configuration: configuration, id: id, identityKey: key,
                input: ModularVector(residues: residues, modulus: modulus), random: SeededRandom(seed: UInt64(id)),
                threads: 1)
        }
        let aggregator = try AggregatorSession(
            configuration: configuration, identityKey: aggregatorKey, random: SeededRandom(seed: 1), threads: threads)
        let droppedCount = Int((Double(n) * benchmarkCase.dropoutRate).rounded())
        let dropped = configuration.providers.shuffled(using: &source).prefix(droppedCount)
        let simulation = RoundSimulation(
            configuration: configuration, aggregator: aggregator, providers: sessions,
            dropouts: Dictionary(uniqueKeysWithValues: dropped.map { ($0, RoundPhase.maskedInput) }))
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = try simulation.run()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard outcome.abortReason == nil, outcome.sum != nil else {
            throw ProtocolError.aborted(outcome.abortReason ?? .aggregatorMisbehaved(reason: "no sum"))
        }

        let active = configuration.providers.filter { !dropped.contains($0) }
        let providerSeconds = active.compactMap { outcome.providerTimings[$0]?.total }
        let meanProvider = providerSeconds.reduce(0, +) / Double(max(providerSeconds.count, 1))
        let bytes = active.compactMap { outcome.providerBytesSent[$0] }
        let meanBytes = Double(bytes.reduce(0, +)) / Double(max(bytes.count, 1))
        let rawBytes = Double(benchmarkCase.length * modulus.bitWidth) / 8
        var metrics = [
            BenchmarkMetric("provider computation, mean", meanProvider, unit: "s"),
            BenchmarkMetric("aggregator computation", outcome.aggregatorTimings.total, unit: "s"),
            BenchmarkMetric("bytes sent per provider, mean", meanBytes, unit: "B"),
            BenchmarkMetric("expansion over raw input", meanBytes / rawBytes, unit: "x"),
            BenchmarkMetric("wall time, whole simulation", wall, unit: "s"),
        ]
        for phase in [RoundPhase.advertiseKeys, .shareKeys, .maskedInput, .consistencyCheck, .unmasking] {
            metrics.append(
                BenchmarkMetric("aggregator, \(phase)", outcome.aggregatorTimings.seconds[phase] ?? 0, unit: "s"))
        }
        for phase in [RoundPhase.advertiseKeys, .shareKeys, .maskedInput, .consistencyCheck, .unmasking] {
            let values = active.compactMap { outcome.providerTimings[$0]?.seconds[phase] }
            metrics.append(
                BenchmarkMetric(
                    "provider, \(phase), mean", values.reduce(0, +) / Double(max(values.count, 1)), unit: "s"))
        }
        return BenchmarkResult(
            name: "protocol.round",
            parameters: [
                "n": "\(n)", "m": "\(benchmarkCase.length)", "dropout": "\(benchmarkCase.dropoutRate)",
                "graph": graph == .complete ? "complete" : "harary(\(plan.degree))", "threshold": "\(threshold)",
                "modulus": "2^32", "aggregator threads": "\(threads)",
            ],
            metrics: metrics)
    }
}
