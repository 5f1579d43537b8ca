/// An input on which a fuzz target broke one of its checks: an error of a type the decoder does not document, a
/// decoded value that does not encode back to its input, a wrong sum, or a revealed secret.
///
/// A crash inside the code under test is not a `FuzzFailure`: it stops the process, which is what libFuzzer and
/// the corpus replay both detect.
public struct FuzzFailure: Error, CustomStringConvertible, Sendable {
    /// The failed check, with the values involved.
    public let message: String

    /// Creates a failure with its explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The explanation.
    public var description: String { "fuzz check failed: \(message)" }
}

/// The fuzz targets: one per group of decoders that take bytes from a peer or a file.
///
/// Each target reads its input as described on its case. The libFuzzer executables in `Fuzz/` and the corpus
/// replay test call ``run(_:)`` with the same bytes, so an input that fails in one fails in the other.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `SignedMessage(decoding:)` and every message payload decoder, `RoundConfiguration(encoding:)` and
    /// `BitPacking.unpack`. The first byte selects the decoder.
    case messages
    /// A whole round between an `AggregatorSession` and `ProviderSession`s, with the input deciding the fate of
    /// each message in flight: delivered, dropped, replayed, corrupted, or replaced by a re-signed forgery.
    case sessions
    /// `Transcript(encoding:)` followed by `TranscriptAudit.audit`.
    case transcript
    /// Shamir `Share`, `FeldmanCommitments`, `SignedCommitments` and `ShareComplaint` decoders, share
    /// verification and reconstruction. The first byte selects the decoder.
    case shamir
    /// Paillier binary wire decoders and python-paillier JSON. The first byte selects the decoder.
    case paillier
    /// X25519, Ed25519 and ristretto255 key and point decoding, sealed boxes, `Hex.decode`, `BigInt(hex:)` and
    /// `BigInt(decimal:)`. The first byte selects the decoder.
    case keys
    /// Known-answer vector files: the input becomes one file of a temporary vector directory, and the
    /// conformance suite that reads it runs. The first byte selects the file.
    case vectors
    /// `Dataset(csv:source:labelColumn:)` and `TrainingTask.decode(json:)`. The first byte selects the decoder.
    case datasets

    /// Runs the target on one input.
    ///
    /// - Throws: ``FuzzFailure`` when the input breaks one of the target's checks.
    public func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        switch self {
        case .messages: try MessageFuzzing.run(bytes)
        case .sessions: try SessionFuzzing.run(bytes)
        case .transcript: try TranscriptFuzzing.run(bytes)
        case .shamir: try ShamirFuzzing.run(bytes)
        case .paillier: try PaillierFuzzing.run(bytes)
        case .keys: try KeyFuzzing.run(bytes)
        case .vectors: try VectorFileFuzzing.run(bytes)
        case .datasets: try DatasetFuzzing.run(bytes)
        }
    }

    /// Valid inputs that start the fuzzer deep inside the format: encodings of real messages, keys, transcripts,
    /// vector files and data sets, each with the selector byte its target expects.
    ///
    /// - Throws: ``FuzzFailure`` when a seed cannot be built, which is a bug in the generator.
    public func seeds() throws(FuzzFailure) -> [[UInt8]] {
        switch self {
        case .messages: return try MessageFuzzing.seeds()
        case .sessions: return SessionFuzzing.seeds()
        case .transcript: return try TranscriptFuzzing.seeds()
        case .shamir: return try ShamirFuzzing.seeds()
        case .paillier: return try PaillierFuzzing.seeds()
        case .keys: return try KeyFuzzing.seeds()
        case .vectors: return try VectorFileFuzzing.seeds()
        case .datasets: return try DatasetFuzzing.seeds()
        }
    }
}

/// Runs `body` and accepts only the errors that `isExpected` allows, turning any other into a ``FuzzFailure``.
func expecting(
    _ context: String, _ isExpected: (any Error) -> Bool, _ body: () throws -> Void
) throws(FuzzFailure) {
    do {
        try body()
    } catch let failure as FuzzFailure {
        throw failure
    } catch {
        guard isExpected(error) else {
            throw FuzzFailure("\(context): unexpected error \(type(of: error)): \(error)")
        }
    }
}

/// Throws a ``FuzzFailure`` unless `condition` holds.
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    guard condition else { throw FuzzFailure(message()) }
}

/// Converts an error from building a seed or a fixture, which only the generator can cause, into a failure.
func fixture<T>(_ what: String, _ body: () throws -> T) throws(FuzzFailure) -> T {
    do {
        return try body()
    } catch {
        throw FuzzFailure("cannot build \(what): \(error)")
    }
}

/// A cursor over the fuzzer's bytes that returns zeros once they run out, so every input is a valid program.
final class FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isExhausted: Bool { offset >= bytes.count }

    func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    func uint16() -> Int {
        Int(byte()) << 8 | Int(byte())
    }

    /// Up to `maximum` bytes: a one-byte length, then that many bytes (fewer when the input ends).
    func chunk(maximum: Int = 255) -> [UInt8] {
        let count = min(Int(byte()), maximum)
        let end = min(offset + count, bytes.count)
        defer { offset = end }
        return Array(bytes[min(offset, end)..<end])
    }

    /// Returns every byte not read yet.
    func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[min(offset, bytes.count)...])
    }
}

/// Splits an input into its selector byte and the rest.
func split(_ bytes: [UInt8]) -> (selector: UInt8, body: [UInt8])? {
    guard let first = bytes.first else { return nil }
    return (first, Array(bytes.dropFirst()))
}
