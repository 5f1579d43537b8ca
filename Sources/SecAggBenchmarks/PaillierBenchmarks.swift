import Foundation
import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

/// Benchmarks of the Paillier module at 2048 and 3072 bits, with python-paillier measured in the same run for
/// comparison when it is installed.
public enum PaillierBenchmarks {
    /// The Paillier benchmarks, in the order a full run executes them.
    public static var all: [Benchmark] {
        [
            Benchmark(
                name: "paillier.keygen",
                summary: "key generation, and the threshold dealer's safe-prime key generation, on one core",
                run: keyGeneration),
            Benchmark(
                name: "paillier.operations",
                summary: "encrypt (plain, fast, precomputed), decrypt, add, multiply by plaintext: ops/s on one core",
                run: operations),
            Benchmark(
                name: "paillier.update",
                summary:
                    "encrypt, aggregate and decrypt a packed update of 1,000,000 16-bit values, seconds on one core",
                run: update),
            Benchmark(
                name: "paillier.threshold",
                summary: "threshold decryption share with proof, verification and combination, ops/s on one core",
                run: threshold),
            Benchmark(
                name: "paillier.python-paillier",
                summary:
                    "python-paillier with gmpy2 against the toolkit, alternating, best of 3 rounds each, ops/s on one core",
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

    /// Returns the value count of the update benchmark: 1,000,000, or 20,000 in quick mode.
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

        // Batch proofs over a packed aggregate of two providers with 64 ciphertexts (2 in quick mode). The one
        // proof per holder is amortized over the vector, so longer vectors give higher rates per ciphertext.
        let layout = try PaillierPackingLayout(valueBitWidth: 16, maximumSummands: 2, publicKey: key.publicKey)
        let encryptor = try PaillierVectorEncryptor(publicKey: key.publicKey, layout: layout)
        let ciphertextCount = context.quick ? 2 : 64
        let values = (0..<(ciphertextCount * layout.slotsPerCiphertext)).map { Int64($0 % 1000) }
        let aggregate = try key.publicKey.add(
            encryptor.encrypt(values, using: &source), encryptor.encrypt(values, using: &source))
        let batchShare = try Timing.operationsPerSecond(
            operations: ciphertextCount, minimumSeconds: seconds, repetitions: repetitions
        ) {
            _ = try shares[0].batchDecryptionShare(
                for: aggregate, parameters: parameters, minimumSummands: 2, using: &source)
        }
        let batches = try shares.prefix(2).map {
            try $0.batchDecryptionShare(for: aggregate, parameters: parameters, minimumSummands: 2, using: &source)
        }
        let batchVerify = Timing.operationsPerSecond(
            operations: ciphertextCount, minimumSeconds: seconds, repetitions: repetitions
        ) {
            _ = parameters.verify(batches[0], for: aggregate)
        }
        let batchCombine = try Timing.operationsPerSecond(
            operations: ciphertextCount, minimumSeconds: seconds, repetitions: repetitions
        ) {
            _ = try parameters.combineSlots(batches, for: aggregate)
        }
        return [
            BenchmarkResult(
                name: "paillier.threshold", parameters: ["bits": "\(bitWidth)", "t": "2", "w": "3"],
                metrics: [
                    BenchmarkMetric("deal shares", dealSeconds, unit: "s"),
                    BenchmarkMetric("decryption share with proof", share, unit: "ops/s"),
                    BenchmarkMetric("verify one share", verify, unit: "ops/s"),
                    BenchmarkMetric("verify 2 shares and combine", combine, unit: "ops/s"),
                    BenchmarkMetric("batch: decryption share, per ciphertext", batchShare, unit: "ops/s"),
                    BenchmarkMetric("batch: verify one holder, per ciphertext", batchVerify, unit: "ops/s"),
                    BenchmarkMetric("batch: verify 2 holders and combine, per ciphertext", batchCombine, unit: "ops/s"),
                ])
        ]
    }
}

// MARK: - python-paillier

extension PaillierBenchmarks {
    /// The path of `Benchmarks/python_paillier_bench.py` in the source checkout this module was built from.
    static var pythonScript: URL {
        // This file is Sources/SecAggBenchmarks/PaillierBenchmarks.swift, three levels below the root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/python_paillier_bench.py")
    }

    struct PythonReport: Decodable {
        struct Size: Decodable {
            init(
                keygenSeconds: Double, encryptOpsPerSecond: Double, decryptOpsPerSecond: Double,
                addOpsPerSecond: Double, multiplyOpsPerSecond: Double
            ) {
                self.keygenSeconds = keygenSeconds
                self.encryptOpsPerSecond = encryptOpsPerSecond
                self.decryptOpsPerSecond = decryptOpsPerSecond
                self.addOpsPerSecond = addOpsPerSecond
                self.multiplyOpsPerSecond = multiplyOpsPerSecond
            }

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

    /// The toolkit's rates that the comparison sets against python-paillier's, in ops/s or values/s.
    struct ComparisonFigures {
        var plainEncrypt = 0.0
        var fastEncrypt = 0.0
        var precomputedEncrypt = 0.0
        var packedEncrypt = 0.0
        var decrypt = 0.0
        var add = 0.0
        var multiply = 0.0

        /// Keeps the larger rate of each pair. Other processes only ever slow a measurement down.
        mutating func keepBest(_ other: ComparisonFigures) {
            plainEncrypt = max(plainEncrypt, other.plainEncrypt)
            fastEncrypt = max(fastEncrypt, other.fastEncrypt)
            precomputedEncrypt = max(precomputedEncrypt, other.precomputedEncrypt)
            packedEncrypt = max(packedEncrypt, other.packedEncrypt)
            decrypt = max(decrypt, other.decrypt)
            add = max(add, other.add)
            multiply = max(multiply, other.multiply)
        }
    }

    /// Measures the toolkit's side of the comparison for one key in about `seconds` per figure.
    static func comparisonFigures(key: PaillierPrivateKey, seconds: Double) throws -> ComparisonFigures {
        let publicKey = key.publicKey
        var source = SystemRandom()
        let encoding = PaillierSignedEncoding(publicKey: publicKey)
        let plaintext = try encoding.encode(-123_456_789)
        let fastEncryptor = try PaillierFastEncryptor(publicKey: publicKey, using: &source)
        let factors = fastEncryptor.randomizers(count: 64, using: &source)
        var factorIndex = 0
        let first = try fastEncryptor.encrypt(plaintext, using: &source)
        let second = try fastEncryptor.encrypt(plaintext, using: &source)
        let layout = try PaillierPackingLayout(valueBitWidth: 16, maximumSummands: 1000, publicKey: publicKey)
        let vectorEncryptor = try PaillierVectorEncryptor(
            publicKey: publicKey, layout: layout, fastEncryptor: fastEncryptor)
        let values = (0..<(16 * layout.slotsPerCiphertext)).map { Int64($0 % 60_000) - 30_000 }

        var figures = ComparisonFigures()
        figures.plainEncrypt = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: 1) {
            _ = try publicKey.encrypt(plaintext, using: &source)
        }
        figures.fastEncrypt = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: 1) {
            _ = try fastEncryptor.encrypt(plaintext, using: &source)
        }
        figures.precomputedEncrypt = try Timing.operationsPerSecond(
            operations: 1, minimumSeconds: seconds, repetitions: 1
        ) {
            factorIndex = (factorIndex + 1) % factors.count
            _ = try publicKey.encrypt(plaintext, randomizer: factors[factorIndex])
        }
        figures.packedEncrypt = try Timing.operationsPerSecond(
            operations: values.count, minimumSeconds: seconds, repetitions: 1
        ) {
            _ = try vectorEncryptor.encrypt(values, using: &source)
        }
        figures.decrypt = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: 1) {
            _ = try key.decrypt(first)
        }
        figures.add = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: 1) {
            _ = try publicKey.add(first, second)
        }
        let scalar = BigInt(123_456_789)
        figures.multiply = try Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds, repetitions: 1) {
            _ = try publicKey.multiply(first, by: scalar)
        }
        return figures
    }

    static func pythonPaillier(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let bits = sizes(context)
        let rounds = context.quick ? 1 : 3
        let seconds = context.quick ? 0.2 : 1.0
        var ours = [Int: ComparisonFigures]()
        var python = [String: PythonReport.Size]()
        var report: PythonReport?
        // The two sides alternate, and each keeps its best round, so that load from other processes on a
        // shared machine does not favour the side that happened to run in a quiet moment.
        for _ in 0..<rounds {
            for bitWidth in bits {
                let figures = try comparisonFigures(key: try keyCache.key(bitWidth: bitWidth), seconds: seconds / 2)
                ours[bitWidth, default: ComparisonFigures()].keepBest(figures)
            }
            switch runPythonPaillier(bits: bits, seconds: seconds) {
            case .failure(let skip):
                print("  skipped: \(skip.reason)")
                return [
                    BenchmarkResult(
                        name: "paillier.python-paillier", parameters: ["status": "skipped: \(skip.reason)"],
                        metrics: [])
                ]
            case .success(let parsed):
                report = parsed
                for (size, figures) in parsed.sizes {
                    guard let best = python[size] else {
                        python[size] = figures
                        continue
                    }
                    python[size] = PythonReport.Size(
                        keygenSeconds: min(best.keygenSeconds, figures.keygenSeconds),
                        encryptOpsPerSecond: max(best.encryptOpsPerSecond, figures.encryptOpsPerSecond),
                        decryptOpsPerSecond: max(best.decryptOpsPerSecond, figures.decryptOpsPerSecond),
                        addOpsPerSecond: max(best.addOpsPerSecond, figures.addOpsPerSecond),
                        multiplyOpsPerSecond: max(best.multiplyOpsPerSecond, figures.multiplyOpsPerSecond))
                }
            }
        }
        guard let report else { return [] }

        var results = [BenchmarkResult]()
        for bitWidth in bits {
            guard let size = python["\(bitWidth)"], let toolkit = ours[bitWidth] else { continue }
            let pairs: [(String, Double, Double)] = [
                ("encrypt, plain (r^n)", toolkit.plainEncrypt, size.encryptOpsPerSecond),
                ("encrypt, fast mode", toolkit.fastEncrypt, size.encryptOpsPerSecond),
                ("encrypt, precomputed factor", toolkit.precomputedEncrypt, size.encryptOpsPerSecond),
                ("encrypt, packed fast mode, per value", toolkit.packedEncrypt, size.encryptOpsPerSecond),
                ("decrypt", toolkit.decrypt, size.decryptOpsPerSecond),
                ("add", toolkit.add, size.addOpsPerSecond),
                ("multiply by 32-bit plaintext", toolkit.multiply, size.multiplyOpsPerSecond),
            ]
            var metrics = [BenchmarkMetric("python-paillier key generation", 1 / size.keygenSeconds, unit: "ops/s")]
            for (label, toolkitRate, pythonRate) in pairs {
                metrics.append(BenchmarkMetric("python-paillier \(label)", pythonRate, unit: "ops/s"))
                metrics.append(BenchmarkMetric("toolkit \(label)", toolkitRate, unit: "ops/s"))
                metrics.append(BenchmarkMetric("speed-up: \(label)", toolkitRate / pythonRate, unit: "x"))
            }
            results.append(
                BenchmarkResult(
                    name: "paillier.python-paillier",
                    parameters: [
                        "bits": "\(bitWidth)", "phe": report.phe, "gmpy2": report.gmpy2 ?? "none",
                        "uses gmpy2": "\(report.usesGmpy2)", "rounds": "\(rounds)",
                    ],
                    metrics: metrics))
        }
        return results
    }
}
