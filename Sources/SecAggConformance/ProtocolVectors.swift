import Foundation
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol

/// One deterministic full round: its parameters, and the transcript and sum it must produce byte for byte.
public struct ProtocolVector: Codable, Sendable, Equatable {
    public var name: String
    public var source: String
    /// Provider ids of the roster.
    public var providers: [UInt32]
    public var threshold: Int
    /// 0 for the complete graph, otherwise the Harary degree.
    public var degree: Int
    public var length: Int
    /// The bit width b of the modulus 2^b.
    public var bits: Int
    public var round: UInt64
    /// The seed everything is derived from (see `Specs/protocol.md`, "Vectors").
    public var seed: UInt64
    /// Providers that drop out, and the phase (1–5) from which they send nothing.
    public var dropouts: [String: UInt8]
    /// The contributors of the sum, or empty when the round aborts.
    public var contributors: [UInt32]
    /// The sum's residues, or empty when the round aborts.
    public var sum: [UInt64]
    /// The abort reason's description, or empty when the round completes.
    public var abort: String
    /// SHA-256 of the encoded transcript.
    public var transcriptSHA256: String
    /// The encoded transcript, hex.
    public var transcript: String
}

/// Generates and replays `Vectors/protocol/rounds.json`.
public enum ProtocolVectors {
    /// The vector file, relative to the vector directory.
    public static let file = "protocol/rounds.json"

    /// The cases: small rosters, both graphs, dropouts in several phases, and one abort.
    static let cases:
        [(
            name: String, providers: [UInt32], threshold: Int, degree: Int, length: Int, bits: Int,
            dropouts: [UInt32: RoundPhase]
        )] = [
            ("complete-4-no-dropout", [1, 2, 3, 4], 2, 0, 8, 16, [:]),
            ("complete-5-dropout-after-sharing", [3, 5, 7, 9, 11], 3, 0, 12, 32, [7: .maskedInput]),
            ("complete-5-dropout-at-unmasking", [3, 5, 7, 9, 11], 3, 0, 12, 32, [9: .unmasking]),
            ("harary-8-two-dropouts", [1, 2, 3, 4, 5, 6, 7, 8], 2, 4, 10, 20, [2: .shareKeys, 6: .consistencyCheck]),
            ("complete-4-abort", [1, 2, 3, 4], 3, 0, 4, 8, [1: .maskedInput]),
        ]

    /// Builds the sessions of a case: identity keys, inputs and session randomness all derive from `seed`.
    ///
    /// Keys: Ed25519 key pairs drawn from `SeededRandom(seed:)`, one per provider in ascending id order, then the
    /// aggregator's. Inputs: for each provider in ascending order, `length` draws of `next() mod 2^bits` from the
    /// same stream. Provider `id` draws its secrets from `SeededRandom(seed: seed·1000 + id)`, the aggregator from
    /// `SeededRandom(seed: seed + 77)`.
    public static func simulation(
        providers: [UInt32], threshold: Int, degree: Int, length: Int, bits: Int, round: UInt64, seed: UInt64,
        dropouts: [UInt32: RoundPhase]
    ) throws -> (simulation: RoundSimulation, inputs: [UInt32: ModularVector]) {
        var source = SeededRandom(seed: seed)
        var keys = [UInt32: Ed25519.PrivateKey]()
        for id in providers.sorted() { keys[id] = Ed25519.PrivateKey(using: &source) }
        let aggregatorKey = Ed25519.PrivateKey(using: &source)
        let modulus = try Modulus.powerOfTwo(bits: bits)
        let configuration = try RoundConfiguration(
            taskID: SHA256.hash(Array("secagg protocol vectors".utf8)), round: round,
            identityKeys: keys.mapValues(\.publicKey), aggregatorKey: aggregatorKey.publicKey, threshold: threshold,
            graph: degree == 0 ? .complete : .harary(degree: degree), vectorLength: length, modulus: modulus)
        var inputs = [UInt32: ModularVector]()
        var sessions = [UInt32: ProviderSession]()
        for id in providers.sorted() {
            let mask = bits == 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
            let input = try ModularVector(residues: (0..<length).map { _ in source.next() & mask }, modulus: modulus)
            inputs[id] = input
            guard let key = keys[id] else { continue }
            sessions[id] = try ProviderSession(
                configuration: configuration, id: id, identityKey: key, input: input,
                random: SeededRandom(seed: seed &* 1000 &+ UInt64(id)), threads: 1)
        }
        let aggregator = try AggregatorSession(
            configuration: configuration, identityKey: aggregatorKey, random: SeededRandom(seed: seed &+ 77), threads: 1
        )
        let simulation = RoundSimulation(
            configuration: configuration, aggregator: aggregator, providers: sessions, dropouts: dropouts)
        return (simulation, inputs)
    }

    /// Runs one vector's round and fills in its outputs.
    static func compute(_ vector: ProtocolVector) throws -> ProtocolVector {
        var dropouts = [UInt32: RoundPhase]()
        for (key, value) in vector.dropouts {
            guard let id = UInt32(key), let phase = RoundPhase(rawValue: value) else {
                throw ConformanceError.malformedVector(
                    file: file, vector: vector.name, field: "dropouts",
                    reason: "entry \(key): \(value) is not id: phase")
            }
            dropouts[id] = phase
        }
        let (simulation, _) = try simulation(
            providers: vector.providers, threshold: vector.threshold, degree: vector.degree, length: vector.length,
            bits: vector.bits, round: vector.round, seed: vector.seed, dropouts: dropouts)
        let outcome = try simulation.run()
        let encoded = outcome.transcript.encoded()
        var result = vector
        result.contributors = outcome.contributors
        result.sum = outcome.sum?.residues ?? []
        result.abort = outcome.abortReason?.description ?? ""
        result.transcriptSHA256 = Hex.encode(SHA256.hash(encoded))
        result.transcript = Hex.encode(encoded)
        return result
    }

    /// Generates the vector file's contents.
    public static func generate() throws -> Data {
        var vectors = [ProtocolVector]()
        for (index, entry) in cases.enumerated() {
            let template = ProtocolVector(
                name: entry.name, source: "secagg ProtocolVectors generator", providers: entry.providers,
                threshold: entry.threshold, degree: entry.degree, length: entry.length, bits: entry.bits, round: 1,
                seed: UInt64(100 + index),
                dropouts: Dictionary(uniqueKeysWithValues: entry.dropouts.map { ("\($0.key)", $0.value.rawValue) }),
                contributors: [], sum: [], abort: "", transcriptSHA256: "", transcript: "")
            vectors.append(try compute(template))
        }
        let document = ProtocolVectorFile(
            primitive: "secure-aggregation round (Specs/protocol.md)",
            source: "the toolkit's own vectors, written by ProtocolVectors.generate(); replayed byte for byte by "
                + "ProtocolConformance and checked by TranscriptAudit",
            notes: "Each vector runs one round in process from its seed (Specs/protocol.md, section Vectors). "
                + "transcript is the encoded transcript (Specs/protocol.md, section Transcript); an independent "
                + "implementation can check it without the seeds: every signature verifies under the roster keys, "
                + "and the sum recomputed from the masked inputs and revealed shares equals sum.",
            vectors: vectors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(document) + Data("\n".utf8)
    }
}

struct ProtocolVectorFile: Codable {
    var primitive: String
    var source: String
    var notes: String
    var vectors: [ProtocolVector]
}

/// Replays `Vectors/protocol/rounds.json`: each round must reproduce its transcript byte for byte, and the stored
/// transcript must pass the audit with the stored sum.
public enum ProtocolConformance: ConformanceSuite {
    public static let name = "protocol"
    public static let files = [ProtocolVectors.file]

    public static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult] {
        var recorder = ConformanceRecorder(suite: name, file: ProtocolVectors.file)
        let vectors: [ProtocolVector]
        do {
            vectors = try directory.decode(VectorFile<ProtocolVector>.self, from: ProtocolVectors.file).vectors
        } catch {
            recorder.fail("load", error)
            return recorder.results
        }
        for vector in vectors {
            recorder.check(
                "\(vector.name)/replay", { try ProtocolVectors.compute(vector) == vector },
                detail: "the round no longer reproduces the stored transcript and sum")
            recorder.check(
                "\(vector.name)/audit",
                {
                    let bytes = try hexField(
                        vector.transcript, file: ProtocolVectors.file, vector: vector.name, field: "transcript")
                    guard Hex.encode(SHA256.hash(bytes)) == vector.transcriptSHA256 else { return false }
                    let transcript = try Transcript(encoding: bytes)
                    var source = SeededRandom(seed: vector.seed)
                    let report = TranscriptAudit.audit(transcript, using: &source)
                    if vector.abort.isEmpty {
                        return report.passed && report.hasResult && report.contributors == vector.contributors
                    }
                    return report.passed && !report.hasResult
                }, detail: "the stored transcript does not pass the audit")
        }
        return recorder.results
    }
}
