import CSodium
import SecAggPrimitives
import SecAggShamir

/// Benchmarks of Shamir sharing: split, reconstruction, share verification (libsodium only and variable-time),
/// verification across dealers, batched reconstruction, error correction, and the cost of the point operations
/// that verification is built from.
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
                summary: "verify one share and batch-verify 2t shares of one dealer at t = 50, 250, 500, "
                    + "libsodium only and variable-time, in ms",
                run: verify),
            Benchmark(
                name: "shamir.verify-across-dealers",
                summary: "one recipient checks one share from each of 100 or 500 dealers at t = 50 and 250, "
                    + "per share, in ms",
                run: verifyAcrossDealers),
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
            let commitments = dealing.commitments
            let share = dealing.shares[shareCount - 1]
            let repetitions = context.quick ? 1 : 5
            var accepted = true
            let singleLibsodium = Timing.medianSeconds(repetitions: repetitions) {
                accepted = accepted && commitments.isValidUsingLibsodium(share)
            }
            let single = try Timing.medianSeconds(repetitions: repetitions) {
                try commitments.verify(share)
            }
            var source = SystemRandom()
            var named = [UInt32]()
            let batchLibsodium = try Timing.medianSeconds(repetitions: context.quick ? 1 : 3) {
                named += try commitments.invalidShareHoldersUsingLibsodium(in: dealing.shares, using: &source)
            }
            let batch = try Timing.medianSeconds(repetitions: context.quick ? 1 : 3) {
                try commitments.verify(dealing.shares, using: &source)
            }
            guard accepted, named.isEmpty else { throw BenchmarkFailure.wrongResult("shamir.verify") }
            return BenchmarkResult(
                name: "shamir.verify", parameters: ["t": "\(threshold)", "batch": "\(shareCount)"],
                metrics: [
                    BenchmarkMetric("verify one share, libsodium only", singleLibsodium * 1e3, unit: "ms"),
                    BenchmarkMetric("verify one share, variable-time", single * 1e3, unit: "ms"),
                    BenchmarkMetric("single speedup", singleLibsodium / single, unit: "×"),
                    BenchmarkMetric(
                        "batch-verify \(shareCount) shares, libsodium only", batchLibsodium * 1e3, unit: "ms"),
                    BenchmarkMetric("batch-verify \(shareCount) shares, variable-time", batch * 1e3, unit: "ms"),
                    BenchmarkMetric("batch per share, variable-time", batch * 1e3 / Double(shareCount), unit: "ms"),
                ])
        }
    }

    /// Times the check a recipient runs in a protocol round: one share from each dealer, each dealer with its own
    /// commitments, and the recipient at a different index in each dealing (drawn from 1 … 500).
    static func verifyAcrossDealers(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let cases = context.quick ? [(10, 10)] : [(100, 50), (500, 50), (100, 250), (500, 250)]
        return try cases.map { dealerCount, threshold in
            var source = SeededRandom(seed: UInt64(dealerCount * 1000 + threshold))
            let pairs = try (0..<dealerCount).map { dealer in
                let secret = Ristretto255.Scalar.random(using: &source)
                let polynomial = try SharingPolynomial(secret: secret, threshold: threshold, using: &source)
                let id = try splitID("dealer \(dealer)")
                let x = UInt32.random(in: 1...500, using: &source)
                let share = try Share(splitID: id, x: x, value: polynomial.evaluate(at: x))
                return try CommittedShare(share: share, commitments: polynomial.commitments(splitID: id))
            }
            // libsodium only: each share alone, on a sample of the shares, reported per share.
            let sample = pairs.prefix(context.quick ? 2 : 10)
            var accepted = true
            let libsodiumSample = Timing.medianSeconds(repetitions: 1) {
                for pair in sample { accepted = accepted && pair.commitments.isValidUsingLibsodium(pair.share) }
            }
            let repetitions = context.quick ? 1 : 3
            let single = try Timing.medianSeconds(repetitions: repetitions) {
                for pair in pairs { try pair.commitments.verify(pair.share) }
            }
            var random = SystemRandom()
            var failing = [Int]()
            let batch = Timing.medianSeconds(repetitions: repetitions) {
                failing += FeldmanCommitments.invalidSharePositions(in: pairs, using: &random)
            }
            guard accepted, failing.isEmpty else { throw BenchmarkFailure.wrongResult("shamir.verify-across-dealers") }
            let count = Double(dealerCount)
            return BenchmarkResult(
                name: "shamir.verify-across-dealers", parameters: ["dealers": "\(dealerCount)", "t": "\(threshold)"],
                metrics: [
                    BenchmarkMetric(
                        "one by one, libsodium only (\(sample.count) timed)",
                        libsodiumSample * 1e3 / Double(sample.count), unit: "ms"),
                    BenchmarkMetric("one by one, variable-time", single * 1e3 / count, unit: "ms"),
                    BenchmarkMetric("batch across dealers, variable-time", batch * 1e3 / count, unit: "ms"),
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
    /// of decoding and encoding in each point operation can be read off, and the variable-time operations that
    /// replace them.
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
        let publicPoint = Ristretto255.PublicPoint(point)
        let otherPublicPoint = Ristretto255.PublicPoint(otherPoint)
        var sink = publicPoint
        let publicDecode = microseconds {
            if let decoded = try? Ristretto255.PublicPoint(decoding: pointBytes) { sink = decoded }
        }
        let publicEncode = microseconds { output = sink.encoded().encoding }
        let publicAdd = microseconds { sink = sink + otherPublicPoint }
        let publicDouble = microseconds { sink = sink.doubled() }
        let publicSmallMultiply = microseconds { sink = sink.multiplied(by: UInt32(500)) }
        let hornerStep = microseconds {
            sink = Ristretto255.PublicPoint.evaluatePolynomial([sink, otherPublicPoint], at: 500)
        }
        var element = Ristretto255.FieldElement(121_666)
        let fieldMultiply = microseconds {
            for _ in 0..<100 { element = element * element }
        }
        let fieldSquare = microseconds {
            for _ in 0..<100 { element = element.squared() }
        }
        var multiscalarMetrics = [BenchmarkMetric]()
        for count in context.quick ? [16] : [64, 128, 256, 512] {
            let points = (0..<count).map { Ristretto255.PublicPoint.generator.multiplied(by: UInt32(count + $0)) }
            let scalars = (0..<count).map { _ in Ristretto255.PublicScalar(declassifying: .random(using: &source)) }
            let straus = microseconds {
                sink = Ristretto255.PublicPoint.strausMultiscalarMultiplication(scalars, points)
            }
            let pippenger = microseconds {
                sink = Ristretto255.PublicPoint.pippengerMultiscalarMultiplication(scalars, points)
            }
            multiscalarMetrics.append(
                BenchmarkMetric("Straus, \(count) points, per point", straus / Double(count), unit: "µs"))
            multiscalarMetrics.append(
                BenchmarkMetric("Pippenger, \(count) points, per point", pippenger / Double(count), unit: "µs"))
        }
        guard sink != .identity, !element.isZero else {
            throw BenchmarkFailure.wrongResult("shamir.point-operations")
        }
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
                    BenchmarkMetric("PublicPoint decode", publicDecode, unit: "µs"),
                    BenchmarkMetric("PublicPoint encode", publicEncode, unit: "µs"),
                    BenchmarkMetric("PublicPoint +", publicAdd, unit: "µs"),
                    BenchmarkMetric("PublicPoint doubled", publicDouble, unit: "µs"),
                    BenchmarkMetric("PublicPoint × 500 (9-bit index)", publicSmallMultiply, unit: "µs"),
                    BenchmarkMetric("Horner step at x = 500", hornerStep, unit: "µs"),
                    BenchmarkMetric("FieldElement *", fieldMultiply / 100, unit: "µs"),
                    BenchmarkMetric("FieldElement squared", fieldSquare / 100, unit: "µs"),
                ] + multiscalarMetrics)
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
