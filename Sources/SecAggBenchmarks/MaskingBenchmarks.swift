import CSodium
import Dispatch
import SecAggMasking
import SecAggPrimitives

/// Benchmarks of the masking layer: mask expansion and accumulation against the raw keystream rate of libsodium,
/// which bounds it.
public enum MaskingBenchmarks {
    /// The masking benchmarks, in the order a full run executes them.
    public static var all: [Benchmark] {
        [
            Benchmark(
                name: "masking.expand",
                summary: "Mask expand-and-accumulate vs raw libsodium ChaCha20 keystream, GB/s of keystream, "
                    + "1 core and all cores",
                run: expandAndAccumulate)
        ]
    }

    /// One measured configuration: a modulus, a vector length and a number of masks.
    struct Case {
        var modulus: Modulus
        var length: Int
        var maskCount: Int
    }

    /// Measures, in one run and on the same sizes, raw libsodium keystream generation into an L1-resident buffer
    /// and `MaskEngine.apply` adding `maskCount` masks into a vector, each on one thread and on all threads.
    static func expandAndAccumulate(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let powerOfTwo32 = try Modulus.powerOfTwo(bits: 32)
        let cases: [Case]
        if context.quick {
            cases = [Case(modulus: powerOfTwo32, length: 1 << 16, maskCount: 2)]
        } else {
            cases = [
                Case(modulus: powerOfTwo32, length: 25_557_032, maskCount: 8),
                Case(modulus: powerOfTwo32, length: 25_557_032, maskCount: 1),
                Case(modulus: powerOfTwo32, length: 1_000_000, maskCount: 8),
                Case(modulus: try Modulus.powerOfTwo(bits: 16), length: 1_000_000, maskCount: 8),
                Case(modulus: try Modulus.powerOfTwo(bits: 64), length: 1_000_000, maskCount: 8),
                Case(modulus: try Modulus.prime(4_294_967_291), length: 1_000_000, maskCount: 8),
            ]
        }
        return try cases.map { try measure($0, context: context) }
    }

    /// Measures one case. The four figures are taken in turn within each repetition, so that load from other
    /// processes on a shared machine hits them alike, and each ratio is the median of the per-repetition ratios.
    static func measure(_ benchmarkCase: Case, context: BenchmarkContext) throws -> BenchmarkResult {
        let modulus = benchmarkCase.modulus
        let keystreamBytes = benchmarkCase.length * modulus.laneByteCount * benchmarkCase.maskCount
        let repetitions = context.quick ? 1 : 7
        let threads = context.threads

        let maskContext = try MaskContext(
            taskID: Array("benchmark".utf8), round: 1, sessionID: SystemRandom.bytes(count: 32), vectorName: "update",
            length: benchmarkCase.length, modulus: modulus)
        let terms = try (0..<benchmarkCase.maskCount).map { index in
            MaskTerm(
                key: try MaskKey.selfMask(
                    seed: SecureBytes(randomCount: 32), provider: UInt32(index), context: maskContext),
                sign: index % 2 == 0 ? .add : .subtract)
        }
        var vector = try ModularVector(zeros: benchmarkCase.length, modulus: modulus)

        let bodies: [() throws -> Void] = [
            { rawKeystream(byteCount: keystreamBytes, threads: 1) },
            { try MaskEngine.apply(terms, to: &vector, threads: 1) },
            { rawKeystream(byteCount: keystreamBytes, threads: threads) },
            { try MaskEngine.apply(terms, to: &vector, threads: threads) },
        ]
        for body in bodies { try body() }
        var rates = [[Double]](repeating: [], count: bodies.count)
        for _ in 0..<repetitions {
            for (index, body) in bodies.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                rates[index].append(Double(keystreamBytes) / seconds / 1e9)
            }
        }
        func ratio(_ numerator: Int, _ denominator: Int) -> Double {
            median(zip(rates[numerator], rates[denominator]).map { $0 / $1 })
        }

        return BenchmarkResult(
            name: "masking.expand",
            parameters: [
                "modulus": "\(modulus)", "coordinates": "\(benchmarkCase.length)",
                "masks": "\(benchmarkCase.maskCount)", "keystream bytes": "\(keystreamBytes)",
                "repetitions": "\(repetitions)",
            ],
            metrics: [
                BenchmarkMetric("libsodium keystream, 1 core", median(rates[0]), unit: "GB/s"),
                BenchmarkMetric("engine, 1 core", median(rates[1]), unit: "GB/s"),
                BenchmarkMetric("libsodium keystream, \(threads) threads", median(rates[2]), unit: "GB/s"),
                BenchmarkMetric("engine, \(threads) threads", median(rates[3]), unit: "GB/s"),
                BenchmarkMetric("engine / libsodium, 1 core", ratio(1, 0), unit: "ratio"),
                BenchmarkMetric("engine / libsodium, \(threads) threads", ratio(3, 2), unit: "ratio"),
                BenchmarkMetric("engine, \(threads) threads / 1 core", ratio(3, 1), unit: "ratio"),
                BenchmarkMetric("libsodium, \(threads) threads / 1 core", ratio(2, 0), unit: "ratio"),
            ])
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Generates `byteCount` bytes of keystream with libsodium directly, 8 KiB at a time into a zeroed
    /// L1-resident buffer, split across `threads` threads: the rate mask expansion cannot beat.
    static func rawKeystream(byteCount: Int, threads: Int) {
        let chunkByteCount = 8192
        let chunkCount = (byteCount + chunkByteCount - 1) / chunkByteCount
        let key = [UInt8](repeating: 0x42, count: 32)
        let nonce = [UInt8](repeating: 0, count: 12)
        let pass: @Sendable (Int) -> Void = { worker in
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkByteCount)
            defer { buffer.deallocate() }
            let first = chunkCount * worker / threads
            let end = chunkCount * (worker + 1) / threads
            for chunk in first..<end {
                buffer.initialize(repeating: 0, count: chunkByteCount)
                _ = crypto_stream_chacha20_ietf_xor_ic(
                    buffer, buffer, UInt64(chunkByteCount), nonce, UInt32(truncatingIfNeeded: chunk * 128), key)
            }
        }
        if threads == 1 {
            pass(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: pass)
        }
    }
}
