import Foundation
import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

/// Benchmarks of the Paillier module at 2048 and 3072 bits, with python-paillier measured in the same run for
/// comparison when it is installed.
public enum PaillierBenchmarks {
    public static var all: [Benchmark] {
        [
            Benchmark(
                name: "paillier.keygen",
                summary: "key generation, and the threshold dealer's safe-prime key generation, on one core",
                run: { try record(keyGeneration($0)) }),
            Benchmark(
                name: "paillier.operations",
                summary: "encrypt (plain, fast, precomputed), decrypt, add, multiply by plaintext: ops/s on one core",
                run: { try record(operations($0)) }),
            Benchmark(
                name: "paillier.update",
                summary:
                    "encrypt, aggregate and decrypt a packed update of 1,000,000 16-bit values, seconds on one core",
                run: { try record(update($0)) }),
            Benchmark(
                name: "paillier.threshold",
                summary: "threshold decryption share with proof, verification and combination, ops/s on one core",
                run: threshold),
            Benchmark(
                name: "paillier.python-paillier",
                summary: "python-paillier with gmpy2 on the same machine, and the toolkit's speed-up over it",
                run: pythonPaillier),
        ]
    }

    static func sizes(_ context: BenchmarkContext) -> [Int] {
        context.quick ? [2048] : [2048, 3072]
    }

    /// Keys generated once per size and shared by the benchmarks of one run.
    private static let keyCache = KeyCache()

    private final class KeyCache: @unchecked Sendable {
        private let lock = NSLock()
        private var keys = [Int: PaillierPrivateKey]()

        func key(bitWidth: Int) throws -> PaillierPrivateKey {
            lock.lock()
            defer { lock.unlock() }
            if let key = keys[bitWidth] { return key }
            var source = SystemRandom()
            let key = try PaillierPrivateKey.generate(bitWidth: bitWidth, using: &source)
            keys[bitWidth] = key
            return key
        }
    }

    // MARK: Key generation

    static func keyGeneration(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        var results = [BenchmarkResult]()
        for bitWidth in sizes(context) {
            var source = SystemRandom()
            let repetitions = context.quick ? 1 : 5
            let seconds = try Timing.medianSeconds(repetitions: repetitions) {
                _ = try PaillierPrivateKey.generate(bitWidth: bitWidth, using: &source)
            }
            var metrics = [BenchmarkMetric("key generation", 1 / seconds, unit: "ops/s")]
            if !context.quick {
                // Safe-prime searches vary by an order of magnitude, so the figure is the median of three.
                let dealer = try Timing.medianSeconds(repetitions: 3) {
                    _ = try PaillierPrivateKey.generate(bitWidth: bitWidth, safePrimes: true, using: &source)
                }
                metrics.append(BenchmarkMetric("dealer key generation (safe primes)", dealer, unit: "s"))
            }
            results.append(
                BenchmarkResult(name: "paillier.keygen", parameters: ["bits": "\(bitWidth)"], metrics: metrics))
        }
        return results
    }

    // MARK: Single operations

    static func operations(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        var results = [BenchmarkResult]()
        let seconds = context.quick ? 0.05 : 1.0
        let repetitions = context.quick ? 1 : 5
        for bitWidth in sizes(context) {
            let key = try keyCache.key(bitWidth: bitWidth)
            let publicKey = key.publicKey
            var source = SystemRandom()
            let encoding = PaillierSignedEncoding(publicKey: publicKey)
            let plaintexts = try (0..<64).map { _ in
                try encoding.encode(BigInt(Int.random(in: -(1 << 31)..<(1 << 31), using: &source)))
            }
            var index = 0
            func nextPlaintext() -> BigInt {
                index = (index + 1) % plaintexts.count
                return plaintexts[index]
            }

            let plain = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: repetitions)
            {
                _ = try publicKey.encrypt(nextPlaintext(), using: &source)
            }
            let tableStart = DispatchTime.now().uptimeNanoseconds
            let fastEncryptor = try PaillierFastEncryptor(publicKey: publicKey, using: &source)
            let tableSeconds = Double(DispatchTime.now().uptimeNanoseconds - tableStart) / 1e9
            let fast = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: repetitions)
            {
                _ = try fastEncryptor.encrypt(nextPlaintext(), using: &source)
            }
            let fastRandomizer = Timing.operationsPerSecond(
                operations: 1, minimumSeconds: seconds, repetitions: repetitions
            ) {
                _ = fastEncryptor.randomizer(using: &source)
            }
            let pool = fastEncryptor.randomizers(count: 256, using: &source)
            var poolIndex = 0
            let precomputed = try Timing.operationsPerSecond(
                operations: 1, minimumSeconds: seconds, repetitions: repetitions
            ) {
                poolIndex = (poolIndex + 1) % pool.count
                _ = try publicKey.encrypt(nextPlaintext(), randomizer: pool[poolIndex])
            }
            let first = try fastEncryptor.encrypt(nextPlaintext(), using: &source)
            let second = try fastEncryptor.encrypt(nextPlaintext(), using: &source)
            let decrypt = try Timing.operationsPerSecond(
                operations: 1, minimumSeconds: seconds, repetitions: repetitions
            ) {
                _ = try key.decrypt(first)
            }
            let add = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: repetitions) {
                _ = try publicKey.add(first, second)
            }
            let scalar = BigInt(123_456_789)
            let multiply = try Timing.operationsPerSecond(
                operations: 1, minimumSeconds: seconds, repetitions: repetitions
            ) {
                _ = try publicKey.multiply(first, by: scalar)
            }
            let validate = try Timing.operationsPerSecond(
                operations: 1, minimumSeconds: seconds, repetitions: repetitions
            ) {
                _ = try publicKey.ciphertext(first.value)
            }
            results.append(
                BenchmarkResult(
                    name: "paillier.operations",
                    parameters: ["bits": "\(bitWidth)", "fast exponent bits": "\(fastEncryptor.exponentBitWidth)"],
                    metrics: [
                        BenchmarkMetric("encrypt, plain (r^n)", plain, unit: "ops/s"),
                        BenchmarkMetric("encrypt, fast mode", fast, unit: "ops/s"),
                        BenchmarkMetric("fast-mode factor alone", fastRandomizer, unit: "ops/s"),
                        BenchmarkMetric("encrypt, precomputed factor", precomputed, unit: "ops/s"),
                        BenchmarkMetric("fast-mode table build", tableSeconds, unit: "s"),
                        BenchmarkMetric("decrypt (CRT)", decrypt, unit: "ops/s"),
                        BenchmarkMetric("add", add, unit: "ops/s"),
                        BenchmarkMetric("multiply by 32-bit plaintext", multiply, unit: "ops/s"),
                        BenchmarkMetric("validate received ciphertext", validate, unit: "ops/s"),
                    ]))
        }
        return results
    }

    // MARK: Packed update

    /// The value count of the update benchmark: 1,000,000, or 20,000 in quick mode.
    static func updateValueCount(_ context: BenchmarkContext) -> Int {
        context.quick ? 20_000 : 1_000_000
    }

    static func update(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        var results = [BenchmarkResult]()
        let valueCount = updateValueCount(context)
        let providerCount = 3
        for bitWidth in sizes(context) {
            let key = try keyCache.key(bitWidth: bitWidth)
            let publicKey = key.publicKey
            var source = SystemRandom()
            let layout = try PaillierPackingLayout(valueBitWidth: 16, maximumSummands: 1000, publicKey: publicKey)
            let fastEncryptor = try PaillierFastEncryptor(publicKey: publicKey, using: &source)
            let encryptor = try PaillierVectorEncryptor(
                publicKey: publicKey, layout: layout, fastEncryptor: fastEncryptor)
            let limit = layout.maximumMagnitude
            let updates = (0..<providerCount).map { _ in
                (0..<valueCount).map { _ in Int64.random(in: -limit...limit, using: &source) }
            }

            var encrypted = [PaillierEncryptedVector]()
            let encryptStart = DispatchTime.now().uptimeNanoseconds
            encrypted.append(try encryptor.encrypt(updates[0], using: &source))
            let encryptSeconds = Double(DispatchTime.now().uptimeNanoseconds - encryptStart) / 1e9
            let randomizerStart = DispatchTime.now().uptimeNanoseconds
            let randomizers = encryptor.randomizers(forValueCount: valueCount, using: &source)
            let randomizerSeconds = Double(DispatchTime.now().uptimeNanoseconds - randomizerStart) / 1e9
            let onlineStart = DispatchTime.now().uptimeNanoseconds
            encrypted.append(try encryptor.encrypt(updates[1], randomizers: randomizers))
            let onlineSeconds = Double(DispatchTime.now().uptimeNanoseconds - onlineStart) / 1e9
            encrypted.append(try encryptor.encrypt(updates[2], using: &source))

            let wireBytes = encrypted[0].wireEncoding(publicKey: publicKey).count
            let decodeStart = DispatchTime.now().uptimeNanoseconds
            _ = try publicKey.encryptedVector(wireEncoding: encrypted[0].wireEncoding(publicKey: publicKey))
            let decodeSeconds = Double(DispatchTime.now().uptimeNanoseconds - decodeStart) / 1e9
            var sum = encrypted[0]
            let aggregateSeconds = try Timing.medianSeconds(repetitions: context.quick ? 1 : 3) {
                sum = try publicKey.add(encrypted[0], encrypted[1])
            }
            sum = try publicKey.sum(encrypted)
            let decryptStart = DispatchTime.now().uptimeNanoseconds
            let sums = try key.decryptSums(sum, minimumSummands: providerCount)
            let decryptSeconds = Double(DispatchTime.now().uptimeNanoseconds - decryptStart) / 1e9
            for index in stride(from: 0, to: valueCount, by: 997) {
                let expected = updates.reduce(Int64(0)) { $0 + $1[index] }
                guard sums[index] == expected else {
                    throw PaillierError.layoutMismatch(reason: "benchmark sum at \(index) is wrong")
                }
            }
            results.append(
                BenchmarkResult(
                    name: "paillier.update",
                    parameters: [
                        "bits": "\(bitWidth)", "values": "\(valueCount)", "value bits": "16",
                        "maximum summands": "1000", "slots per ciphertext": "\(layout.slotsPerCiphertext)",
                        "ciphertexts": "\(encrypted[0].ciphertexts.count)",
                    ],
                    metrics: [
                        BenchmarkMetric("encrypt, fast mode", encryptSeconds, unit: "s"),
                        BenchmarkMetric("encrypt, fast mode", Double(valueCount) / encryptSeconds, unit: "values/s"),
                        BenchmarkMetric("precompute factors (offline)", randomizerSeconds, unit: "s"),
                        BenchmarkMetric("encrypt with precomputed factors", onlineSeconds, unit: "s"),
                        BenchmarkMetric("aggregate: add one update", aggregateSeconds, unit: "s"),
                        BenchmarkMetric("decode and validate one update", decodeSeconds, unit: "s"),
                        BenchmarkMetric("decrypt and unpack the sum", decryptSeconds, unit: "s"),
                        BenchmarkMetric("encoded size of one update", Double(wireBytes) / 1e6, unit: "MB"),
                    ]))
        }
        return results
    }

    // MARK: Threshold decryption

    static func threshold(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        // Safe primes of 1024 bits take seconds to find, so the benchmark deals one key per run.
        var source = SystemRandom()
        let bitWidth = 2048
        let key = try PaillierPrivateKey.generate(bitWidth: bitWidth, safePrimes: true, using: &source)
        let dealStart = DispatchTime.now().uptimeNanoseconds
        let (parameters, shares) = try PaillierThresholdDealer.deal(
            privateKey: key, threshold: 2, holderCount: 3, using: &source)
        let dealSeconds = Double(DispatchTime.now().uptimeNanoseconds - dealStart) / 1e9
        let ciphertext = try key.publicKey.encrypt(12345, using: &source)
        let seconds = context.quick ? 0.05 : 1.0
        let repetitions = context.quick ? 1 : 3
        let share = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: repetitions) {
            _ = try shares[0].decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        }
        let decryptionShares = try shares.map {
            try $0.decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        }
        let verify = Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: repetitions) {
            _ = parameters.verify(decryptionShares[0], for: ciphertext)
        }
        let combine = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: repetitions) {
            _ = try parameters.combine(Array(decryptionShares.prefix(2)), for: ciphertext)
        }
        return [
            BenchmarkResult(
                name: "paillier.threshold", parameters: ["bits": "\(bitWidth)", "t": "2", "w": "3"],
                metrics: [
                    BenchmarkMetric("deal shares", dealSeconds, unit: "s"),
                    BenchmarkMetric("decryption share with proof", share, unit: "ops/s"),
                    BenchmarkMetric("verify one share", verify, unit: "ops/s"),
                    BenchmarkMetric("verify 2 shares and combine", combine, unit: "ops/s"),
                ])
        ]
    }
}

// MARK: - python-paillier

extension PaillierBenchmarks {
    /// The toolkit's per-value encryption rates from earlier benchmarks of the same run, for the ratios.
    private final class Figures: @unchecked Sendable {
        private let lock = NSLock()
        private var values = [String: Double]()

        subscript(name: String) -> Double? {
            get {
                lock.lock()
                defer { lock.unlock() }
                return values[name]
            }
            set {
                lock.lock()
                defer { lock.unlock() }
                values[name] = newValue
            }
        }
    }

    private static let figures = Figures()

    static func record(_ results: [BenchmarkResult]) -> [BenchmarkResult] {
        for result in results {
            let bits = result.parameters["bits"] ?? ""
            for metric in result.metrics {
                figures["\(result.name)/\(bits)/\(metric.name)/\(metric.unit)"] = metric.value
            }
        }
        return results
    }

    /// The path of `Benchmarks/python_paillier_bench.py` in the source checkout this module was built from.
    static var pythonScript: URL {
        // This file is Sources/SecAggBenchmarks/PaillierBenchmarks.swift, three levels below the root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/python_paillier_bench.py")
    }

    struct PythonReport: Decodable {
        struct Size: Decodable {
            var keygenSeconds: Double
            var encryptOpsPerSecond: Double
            var decryptOpsPerSecond: Double
            var addOpsPerSecond: Double
            var multiplyOpsPerSecond: Double

            enum CodingKeys: String, CodingKey {
                case keygenSeconds = "keygen_seconds"
                case encryptOpsPerSecond = "encrypt_ops_per_second"
                case decryptOpsPerSecond = "decrypt_ops_per_second"
                case addOpsPerSecond = "add_ops_per_second"
                case multiplyOpsPerSecond = "multiply_ops_per_second"
            }
        }

        var phe: String
        var gmpy2: String?
        var usesGmpy2: Bool
        var sizes: [String: Size]

        enum CodingKeys: String, CodingKey {
            case phe, gmpy2, sizes
            case usesGmpy2 = "uses_gmpy2"
        }
    }

    /// Runs the python-paillier script and returns its report, or the reason it was skipped.
    static func runPythonPaillier(bits: [Int], seconds: Double) -> Result<PythonReport, BenchmarkSkip> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", pythonScript.path, "--bits"] + bits.map(String.init) + ["--seconds", "\(seconds)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(BenchmarkSkip(reason: "python3 could not be started: \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(BenchmarkSkip(reason: reason.isEmpty ? "the script exited with an error" : reason))
        }
        do {
            return .success(try JSONDecoder().decode(PythonReport.self, from: data))
        } catch {
            return .failure(BenchmarkSkip(reason: "the script's output is not the expected JSON: \(error)"))
        }
    }

    struct BenchmarkSkip: Error {
        var reason: String
    }

    static func pythonPaillier(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let bits = sizes(context)
        let report: PythonReport
        switch runPythonPaillier(bits: bits, seconds: context.quick ? 0.2 : 2.0) {
        case .failure(let skip):
            print("  skipped: \(skip.reason)")
            return [
                BenchmarkResult(
                    name: "paillier.python-paillier", parameters: ["status": "skipped: \(skip.reason)"], metrics: [])
            ]
        case .success(let parsed):
            report = parsed
        }
        var results = [BenchmarkResult]()
        for bitWidth in bits {
            guard let size = report.sizes["\(bitWidth)"] else { continue }
            var metrics = [
                BenchmarkMetric("python-paillier key generation", 1 / size.keygenSeconds, unit: "ops/s"),
                BenchmarkMetric("python-paillier encrypt", size.encryptOpsPerSecond, unit: "ops/s"),
                BenchmarkMetric("python-paillier decrypt", size.decryptOpsPerSecond, unit: "ops/s"),
                BenchmarkMetric("python-paillier add", size.addOpsPerSecond, unit: "ops/s"),
                BenchmarkMetric(
                    "python-paillier multiply by 32-bit plaintext", size.multiplyOpsPerSecond, unit: "ops/s"),
            ]
            let ratios: [(String, String, Double)] = [
                ("paillier.operations", "encrypt, plain (r^n)/ops/s", size.encryptOpsPerSecond),
                ("paillier.operations", "encrypt, fast mode/ops/s", size.encryptOpsPerSecond),
                ("paillier.operations", "encrypt, precomputed factor/ops/s", size.encryptOpsPerSecond),
                ("paillier.operations", "decrypt (CRT)/ops/s", size.decryptOpsPerSecond),
                ("paillier.operations", "add/ops/s", size.addOpsPerSecond),
                ("paillier.operations", "multiply by 32-bit plaintext/ops/s", size.multiplyOpsPerSecond),
                ("paillier.update", "encrypt, fast mode/values/s", size.encryptOpsPerSecond),
            ]
            for (benchmark, metric, pythonRate) in ratios {
                guard let ours = figures["\(benchmark)/\(bitWidth)/\(metric)"] else { continue }
                let label = metric.split(separator: "/").first.map(String.init) ?? metric
                let suffix = benchmark == "paillier.update" ? " per value, packed" : ""
                metrics.append(BenchmarkMetric("speed-up: \(label)\(suffix)", ours / pythonRate, unit: "x"))
            }
            results.append(
                BenchmarkResult(
                    name: "paillier.python-paillier",
                    parameters: [
                        "bits": "\(bitWidth)", "phe": report.phe, "gmpy2": report.gmpy2 ?? "none",
                        "uses gmpy2": "\(report.usesGmpy2)",
                    ],
                    metrics: metrics))
        }
        return results
    }
}
