import CSodium
import SecAggPrimitives
import SecAggShamir

/// Benchmarks of Shamir sharing: split, reconstruction, share verification, batched reconstruction, error
/// correction, and the cost of the libsodium point operations that verification is built from.
public enum ShamirBenchmarks {
    /// The Shamir benchmarks, in the order a full run executes them.
    public static var all: [Benchmark] {
        [
            Benchmark(
                name: "shamir.split",
                summary: "split with commitments at n = 100 and 1000, t = n/2, in ms",
                run: split),
            Benchmark(
                name: "shamir.reconstruct",
                summary: "reconstruct at n = 100 and 1000, t = n/2, from t shares and from all n, in ms",
                run: reconstruct),
            Benchmark(
                name: "shamir.verify",
                summary: "verify one share and batch-verify 2t shares of one dealer at t = 50, 250, 500, in ms",
                run: verify),
            Benchmark(
                name: "shamir.batch-reconstruct",
                summary: "100 secrets rebuilt from 500 survivors (t = 500) with reused Lagrange coefficients, in ms",
                run: batchReconstruct),
            Benchmark(
                name: "shamir.error-correction",
                summary: "Gao decoding of n shares at t = n/2 with (n − t)/2 wrong shares, in ms",
                run: errorCorrection),
            Benchmark(
                name: "shamir.point-operations",
                summary: "libsodium ristretto255 and scalar operations that verification uses, in µs per operation",
                run: pointOperations),
        ]
    }

    static func splitID(_ label: String) throws -> SplitID {
        try SplitID(bytes: SHA256.hash(Array(label.utf8)))
    }

    static func dealing(threshold: Int, shareCount: Int, seed: UInt64) throws -> (Ristretto255.Scalar, Dealing) {
        var source = SeededRandom(seed: seed)
        let secret = Ristretto255.Scalar.random(using: &source)
        let dealing = try Shamir.split(
            secret: secret, threshold: threshold, shareCount: shareCount, splitID: try splitID("bench \(seed)"),
            using: &source)
        return (secret, dealing)
    }

    static func split(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let sizes = context.quick ? [20] : [100, 1000]
        return try sizes.map { shareCount in
            let threshold = shareCount / 2
            var source = SeededRandom(seed: UInt64(shareCount))
            let secret = Ristretto255.Scalar.random(using: &source)
            let polynomial = try SharingPolynomial(secret: secret, threshold: threshold, using: &source)
            let id = try splitID("split")
            let repetitions = context.quick ? 1 : 3
            let sharesOnly = try Timing.medianSeconds(repetitions: repetitions) {
                _ = try polynomial.shares(count: shareCount, splitID: id)
            }
            let commitmentsOnly = Timing.medianSeconds(repetitions: repetitions) {
                _ = polynomial.commitments(splitID: id)
            }
            let total = try Timing.medianSeconds(repetitions: repetitions) {
                var random = SeededRandom(seed: 1)
                _ = try Shamir.split(
                    secret: secret, threshold: threshold, shareCount: shareCount, splitID: id, using: &random)
            }
            return BenchmarkResult(
                name: "shamir.split", parameters: ["n": "\(shareCount)", "t": "\(threshold)"],
                metrics: [
                    BenchmarkMetric("split with commitments", total * 1e3, unit: "ms"),
                    BenchmarkMetric("shares only", sharesOnly * 1e3, unit: "ms"),
                    BenchmarkMetric("commitments only", commitmentsOnly * 1e3, unit: "ms"),
                ])
        }
    }

    static func reconstruct(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let sizes = context.quick ? [20] : [100, 1000]
        return try sizes.map { shareCount in
            let threshold = shareCount / 2
            let (secret, dealing) = try dealing(threshold: threshold, shareCount: shareCount, seed: 2)
            let chosen = Array(dealing.shares.suffix(threshold))
            let repetitions = context.quick ? 1 : 3
            var rebuilt = Ristretto255.Scalar.zero
            let fromThreshold = try Timing.medianSeconds(repetitions: repetitions) {
                rebuilt = try Shamir.reconstruct(chosen, threshold: threshold)
            }
            let fromAll = try Timing.medianSeconds(repetitions: repetitions) {
                rebuilt = try Shamir.reconstruct(dealing.shares, threshold: threshold)
            }
            guard rebuilt == secret else { throw BenchmarkFailure.wrongResult("shamir.reconstruct") }
            return BenchmarkResult(
                name: "shamir.reconstruct", parameters: ["n": "\(shareCount)", "t": "\(threshold)"],
                metrics: [
                    BenchmarkMetric("from t shares", fromThreshold * 1e3, unit: "ms"),
                    BenchmarkMetric("from all n (parity check)", fromAll * 1e3, unit: "ms"),
                ])
        }
    }

    static func verify(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let thresholds = context.quick ? [10] : [50, 250, 500]
        return try thresholds.map { threshold in
            let shareCount = 2 * threshold
            let (_, dealing) = try dealing(threshold: threshold, shareCount: shareCount, seed: 3)
            let share = dealing.shares[shareCount - 1]
            let repetitions = context.quick ? 1 : 5
            let single = try Timing.medianSeconds(repetitions: repetitions) {
                try dealing.commitments.verify(share)
            }
            var source = SystemRandom()
            let batch = try Timing.medianSeconds(repetitions: context.quick ? 1 : 3) {
                try dealing.commitments.verify(dealing.shares, using: &source)
            }
            return BenchmarkResult(
                name: "shamir.verify", parameters: ["t": "\(threshold)", "batch": "\(shareCount)"],
                metrics: [
                    BenchmarkMetric("verify one share", single * 1e3, unit: "ms"),
                    BenchmarkMetric("batch-verify \(shareCount) shares", batch * 1e3, unit: "ms"),
                    BenchmarkMetric("batch, per share", batch * 1e3 / Double(shareCount), unit: "ms"),
                    BenchmarkMetric("one by one, per share", single * 1e3, unit: "ms"),
                ])
        }
    }

    static func batchReconstruct(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let (secretCount, survivors) = context.quick ? (10, 50) : (100, 500)
        let threshold = survivors
        let shareCount = 2 * survivors
        var secrets = [Ristretto255.Scalar]()
        var shareSets = [[Share]]()
        for index in 0..<secretCount {
            let (secret, dealing) = try dealing(threshold: threshold, shareCount: shareCount, seed: UInt64(100 + index))
            secrets.append(secret)
            shareSets.append(Array(dealing.shares.suffix(survivors)))
        }
        let holders = shareSets[0].map(\.x)
        let repetitions = context.quick ? 1 : 3
        var coefficients = try LagrangeCoefficients(holders: holders, threshold: threshold)
        let build = try Timing.medianSeconds(repetitions: repetitions) {
            coefficients = try LagrangeCoefficients(holders: holders, threshold: threshold)
        }
        var rebuilt = [Ristretto255.Scalar]()
        let reuse = try Timing.medianSeconds(repetitions: repetitions) {
            rebuilt = try coefficients.reconstruct(each: shareSets)
        }
        guard rebuilt == secrets else { throw BenchmarkFailure.wrongResult("shamir.batch-reconstruct") }
        // One-by-one reconstruction rebuilds the coefficients for every secret; time a tenth of the secrets.
        let sampleCount = max(1, secretCount / 10)
        let oneByOneSample = try Timing.medianSeconds(repetitions: 1) {
            for shares in shareSets.prefix(sampleCount) { _ = try Shamir.reconstruct(shares, threshold: threshold) }
        }
        let oneByOne = oneByOneSample * Double(secretCount) / Double(sampleCount)
        return [
            BenchmarkResult(
                name: "shamir.batch-reconstruct",
                parameters: ["secrets": "\(secretCount)", "survivors": "\(survivors)", "t": "\(threshold)"],
                metrics: [
                    BenchmarkMetric("Lagrange coefficients once", build * 1e3, unit: "ms"),
                    BenchmarkMetric("\(secretCount) secrets, reused", reuse * 1e3, unit: "ms"),
                    BenchmarkMetric("total with reuse", (build + reuse) * 1e3, unit: "ms"),
                    BenchmarkMetric("one by one (scaled estimate)", oneByOne * 1e3, unit: "ms"),
                ])
        ]
    }

    static func errorCorrection(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let sizes = context.quick ? [20] : [100, 300]
        return try sizes.map { shareCount in
            let threshold = shareCount / 2
            let errorCount = (shareCount - threshold) / 2
            let (secret, dealing) = try dealing(threshold: threshold, shareCount: shareCount, seed: 4)
            var source = SeededRandom(seed: 5)
            var shares = dealing.shares
            for position in shares.indices.shuffled(using: &source).prefix(errorCount) {
                shares[position] = try Share(
                    splitID: dealing.splitID, x: shares[position].x, value: .random(using: &source))
            }
            var result: RobustReconstruction?
            let seconds = try Timing.medianSeconds(repetitions: context.quick ? 1 : 3) {
                result = try Shamir.reconstructCorrectingErrors(shares, threshold: threshold)
            }
            guard result?.secret == secret, result?.rejectedHolders.count == errorCount else {
                throw BenchmarkFailure.wrongResult("shamir.error-correction")
            }
            return BenchmarkResult(
                name: "shamir.error-correction",
                parameters: ["n": "\(shareCount)", "t": "\(threshold)", "wrong": "\(errorCount)"],
                metrics: [BenchmarkMetric("decode, name wrong shares", seconds * 1e3, unit: "ms")])
        }
    }

    /// Measures the libsodium calls behind verification, directly and through the toolkit's wrappers, so the share
    /// of decoding and encoding in each point operation can be read off.
    static func pointOperations(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let seconds = context.quick ? 0.02 : 0.3
        var source = SeededRandom(seed: 6)
        let scalar = Ristretto255.Scalar.random(using: &source)
        let other = Ristretto255.Scalar.random(using: &source)
        let point = Ristretto255.Point.generatorMultiple(scalar)
        let otherPoint = Ristretto255.Point.generatorMultiple(other)
        let scalarBytes = scalar.bytes.unprotectedCopy()
        let pointBytes = point.encoding
        let otherBytes = otherPoint.encoding
        var output = [UInt8](repeating: 0, count: 32)
        func microseconds(_ body: () -> Void) -> Double {
            1e6 / Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, body)
        }
        let decode = microseconds { _ = crypto_core_ristretto255_is_valid_point(pointBytes) }
        let add = microseconds { _ = crypto_core_ristretto255_add(&output, pointBytes, otherBytes) }
        let multiply = microseconds { _ = crypto_scalarmult_ristretto255(&output, scalarBytes, pointBytes) }
        let baseMultiply = microseconds { _ = crypto_scalarmult_ristretto255_base(&output, scalarBytes) }
        let scalarMultiply = microseconds {
            crypto_core_ristretto255_scalar_mul(&output, scalarBytes, scalarBytes)
        }
        let wrappedAdd = microseconds { _ = point + otherPoint }
        let wrappedMultiply = microseconds { _ = point.multiplied(by: other) }
        let wrappedScalarMultiply = microseconds { _ = scalar * other }
        let wrappedScalarAdd = microseconds { _ = scalar + other }
        return [
            BenchmarkResult(
                name: "shamir.point-operations",
                metrics: [
                    BenchmarkMetric("is_valid_point (decode)", decode, unit: "µs"),
                    BenchmarkMetric("add", add, unit: "µs"),
                    BenchmarkMetric("scalarmult", multiply, unit: "µs"),
                    BenchmarkMetric("scalarmult_base", baseMultiply, unit: "µs"),
                    BenchmarkMetric("scalar_mul", scalarMultiply, unit: "µs"),
                    BenchmarkMetric("Point + (wrapper)", wrappedAdd, unit: "µs"),
                    BenchmarkMetric("Point.multiplied (wrapper)", wrappedMultiply, unit: "µs"),
                    BenchmarkMetric("Scalar * (wrapper)", wrappedScalarMultiply, unit: "µs"),
                    BenchmarkMetric("Scalar + (wrapper)", wrappedScalarAdd, unit: "µs"),
                ])
        ]
    }
}

/// A benchmark computed a wrong result, so its timing would be meaningless.
enum BenchmarkFailure: Error, CustomStringConvertible {
    case wrongResult(String)

    var description: String {
        switch self {
        case .wrongResult(let name): return "\(name) computed a wrong result"
        }
    }
}
