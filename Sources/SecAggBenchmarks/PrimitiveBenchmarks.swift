import CSodium
import Dispatch
import SecAggPrimitives

/// Benchmarks of the libsodium primitives: keystream throughput and key-agreement and signature rates.
public enum PrimitiveBenchmarks {
    public static var all: [Benchmark] {
        [
            Benchmark(
                name: "primitives.keystream",
                summary: "ChaCha20 keystream in GB/s: libsodium called directly, and through ChaCha20Keystream",
                run: keystream),
            Benchmark(
                name: "primitives.x25519",
                summary: "X25519 key generation and agreement, operations per second on one core",
                run: x25519),
            Benchmark(
                name: "primitives.ed25519",
                summary: "Ed25519 signing and verification of a 256-byte message, operations per second on one core",
                run: ed25519),
        ]
    }

    /// The chunk size used for keystream measurements: small enough to stay in the L1 cache.
    static let chunkByteCount = 8192

    /// Measures raw libsodium keystream generation (the physical limit for mask expansion) and the same through
    /// the toolkit's wrapper, on one core and on all cores.
    static func keystream(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let totalBytes = context.quick ? 1 << 22 : 1 << 28
        let key = SymmetricKey()
        let nonce = [UInt8](repeating: 0, count: 12)
        let stream = try ChaCha20Keystream(key: key, nonce: nonce)
        let keyBytes = key.bytes.unprotectedCopy()

        @Sendable func rawPass(range: Range<Int>) {
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkByteCount)
            defer { buffer.deallocate() }
            var offset = range.lowerBound
            while offset < range.upperBound {
                buffer.initialize(repeating: 0, count: chunkByteCount)
                _ = crypto_stream_chacha20_ietf_xor_ic(
                    buffer, buffer, UInt64(chunkByteCount), nonce, UInt32(offset / 64), keyBytes)
                offset += chunkByteCount
            }
        }
        func wrapperPass(range: Range<Int>) throws {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkByteCount, alignment: 64)
            defer { buffer.deallocate() }
            var offset = range.lowerBound
            while offset < range.upperBound {
                try stream.fill(buffer, startingAtBlock: UInt64(offset / 64))
                offset += chunkByteCount
            }
        }
        let repetitions = context.quick ? 1 : 5
        let rawOne =
            Double(totalBytes) / Timing.medianSeconds(repetitions: repetitions) { rawPass(range: 0..<totalBytes) } / 1e9
        let wrapperOne =
            try Double(totalBytes)
            / Timing.medianSeconds(repetitions: repetitions) {
                try wrapperPass(range: 0..<totalBytes)
            } / 1e9
        let threads = context.threads
        let rawAll =
            Double(totalBytes)
            / Timing.medianSeconds(repetitions: repetitions) {
                let share = totalBytes / threads
                DispatchQueue.concurrentPerform(iterations: threads) { index in
                    rawPass(range: (index * share)..<((index + 1) * share))
                }
            } / 1e9
        return [
            BenchmarkResult(
                name: "primitives.keystream", parameters: ["bytes": "\(totalBytes)", "chunk": "\(chunkByteCount)"],
                metrics: [
                    BenchmarkMetric("libsodium, 1 core", rawOne, unit: "GB/s"),
                    BenchmarkMetric("ChaCha20Keystream, 1 core", wrapperOne, unit: "GB/s"),
                    BenchmarkMetric("libsodium, \(threads) threads", rawAll, unit: "GB/s"),
                ])
        ]
    }

    static func x25519(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let seconds = context.quick ? 0.02 : 0.3
        let peer = X25519.PrivateKey().publicKey
        let own = X25519.PrivateKey()
        let generate = Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds) {
            _ = X25519.PrivateKey()
        }
        var failure: Error?
        let agree = Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds) {
            do { _ = try own.sharedSecret(with: peer) } catch { failure = error }
        }
        if let failure { throw failure }
        return [
            BenchmarkResult(
                name: "primitives.x25519",
                metrics: [
                    BenchmarkMetric("key generation", generate, unit: "ops/s"),
                    BenchmarkMetric("agreement", agree, unit: "ops/s"),
                ])
        ]
    }

    static func ed25519(_ context: BenchmarkContext) throws -> [BenchmarkResult] {
        let seconds = context.quick ? 0.02 : 0.3
        let key = Ed25519.PrivateKey()
        let message = SystemRandom.bytes(count: 256)
        let signature = key.signature(for: message)
        let sign = Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds) {
            _ = key.signature(for: message)
        }
        var valid = true
        let verify = Timing.operationsPerSecond(operations: 1, minimumSeconds: seconds) {
            valid = valid && key.publicKey.isValidSignature(signature, for: message)
        }
        guard valid else { throw PrimitiveError.invalidSignature }
        return [
            BenchmarkResult(
                name: "primitives.ed25519",
                metrics: [
                    BenchmarkMetric("sign", sign, unit: "ops/s"),
                    BenchmarkMetric("verify", verify, unit: "ops/s"),
                ])
        ]
    }
}
