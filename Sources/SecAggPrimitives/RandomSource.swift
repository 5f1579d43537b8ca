import CSodium

/// A source of random bytes: the system CSPRNG in production, a seeded deterministic stream in tests.
///
/// Every conforming type is also a `RandomNumberGenerator`, so it drives the standard library's `random(in:using:)`
/// and `shuffled(using:)` too.
public protocol RandomSource: RandomNumberGenerator {
    /// Fills `buffer` with random bytes.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

extension RandomSource {
    /// Returns `count` random bytes in an ordinary array.
    public mutating func bytes(count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { fill($0) }
        return result
    }

    /// Returns `count` random bytes that are wiped on release.
    public mutating func secretBytes(count: Int) -> SecureBytes {
        var result = SecureBytes(zeroedCount: count)
        result.withUnsafeMutableBytes { fill($0) }
        return result
    }

    public mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return UInt64(littleEndian: value)
    }
}

/// The operating system's CSPRNG through libsodium's `randombytes_buf`.
public struct SystemRandom: RandomSource, Sendable {
    public init() {
        Sodium.ensureInitialized()
    }

    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// Returns `count` random bytes from the system CSPRNG.
    public static func bytes(count: Int) -> [UInt8] {
        var source = SystemRandom()
        return source.bytes(count: count)
    }

    /// Returns a uniformly distributed integer in `0..<upperBound` (`randombytes_uniform`, no modulo bias).
    public static func uniform(below upperBound: UInt32) -> UInt32 {
        Sodium.ensureInitialized()
        return randombytes_uniform(upperBound)
    }
}

/// A deterministic random stream for tests and reproducible simulations: ChaCha20 keyed by a 32-byte seed.
///
/// The stream is ChaCha20 (RFC 8439) under the seed as key, with the nonce `"LibsodiumDRG"` and the block counter
/// starting at zero. Read in one call, it equals libsodium's `randombytes_buf_deterministic`; later calls continue
/// the same stream.
/// - Warning: Anyone who knows the seed knows every output. Never use it for keys outside tests and simulations.
public struct SeededRandom: RandomSource, Sendable {
    private static let nonce = Array("LibsodiumDRG".utf8)
    private let stream: ChaCha20Keystream
    /// The current keystream block, whose unread bytes are the next outputs, so it is wiped on release.
    private var block = SecureBytes(zeroedCount: 64)
    private var blockCounter: UInt64 = 0
    private var offset = 64

    /// Creates the stream for a 32-byte seed.
    public init(seed: some ContiguousByteStorage) throws {
        guard seed.count == 32 else {
            throw PrimitiveError.invalidLength(role: "random seed", expected: 32, actual: seed.count)
        }
        stream = try ChaCha20Keystream(key: SymmetricKey(copying: seed), nonce: Self.nonce)
    }

    /// Creates the stream for a 64-bit seed, expanded to a key as SHA-256 of "secagg seeded random" and the
    /// seed's 8 little-endian bytes.
    public init(seed: UInt64) {
        var material = Array("secagg seeded random".utf8)
        withUnsafeBytes(of: seed.littleEndian) { material.append(contentsOf: $0) }
        // SHA-256 output is 32 bytes and the nonce is 12, so neither initializer can fail.
        let key = SymmetricKey(uncheckedBytes: SecureBytes(copying: SHA256.hash(material)))
        stream = ChaCha20Keystream(key: key, uncheckedNonce: Self.nonce)
    }

    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        var written = 0
        while written < buffer.count {
            if offset == 64 { refill() }
            let take = Swift.min(64 - offset, buffer.count - written)
            block.withUnsafeBytes { source in
                (base + written).copyMemory(from: source.bytePointer + offset, byteCount: take)
            }
            offset += take
            written += take
        }
    }

    private mutating func refill() {
        // The stream has 2^32 blocks (256 GiB); a test that reads that much has a bug, so stop it.
        precondition(blockCounter < ChaCha20Keystream.blockCount, "SeededRandom exhausted its 2^32 blocks")
        let counter = UInt32(blockCounter)
        block.withUnsafeMutableBytes { output in
            output.initializeMemory(as: UInt8.self, repeating: 0)
            stream.xorUnchecked(output.mutableBytePointer, byteCount: 64, firstBlock: counter)
        }
        blockCounter += 1
        offset = 0
    }
}

extension SeededRandom: CustomStringConvertible {
    /// The type alone: the key and the buffered block would tell every future output.
    public var description: String { "SeededRandom(redacted)" }
}
