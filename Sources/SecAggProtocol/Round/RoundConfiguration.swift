import SecAggMasking
import SecAggPrimitives

/// The graph a round's providers mask over.
public enum GraphChoice: Sendable, Hashable {
    /// Every pair of providers shares a pairwise mask (Bonawitz et al.).
    case complete
    /// A Harary graph of this even degree over a ring ordered by the session (Bell et al.). When fewer than
    /// `degree + 2` providers advertise keys, the round uses the complete graph over them instead.
    case harary(degree: Int)
}

/// The public parameters of one round, known to every provider and to the aggregator before it starts.
///
/// The configuration is part of the transcript, so an auditor checks the round against the same values.
public struct RoundConfiguration: Sendable {
    /// The largest roster: Shamir share indices are the 1-based roster positions and stay below 2^16.
    public static let maximumProviderCount = 65_535

    /// The 32-byte task identifier.
    public let taskID: [UInt8]
    /// The round number within the task.
    public let round: UInt64
    /// The roster's provider ids, ascending.
    public let providers: [UInt32]
    /// Each provider's Ed25519 identity key.
    public let identityKeys: [UInt32: Ed25519.PublicKey]
    /// The aggregator's Ed25519 identity key.
    public let aggregatorKey: Ed25519.PublicKey
    /// The Shamir threshold t: how many of a provider's neighbours must reveal shares to reconstruct its secrets.
    public let threshold: Int
    /// The masking graph.
    public let graph: GraphChoice
    /// The name the masks of the round's vector are bound to.
    public let vectorName: String
    /// The number of coordinates m of each input.
    public let vectorLength: Int
    /// The modulus R of the inputs and masks.
    public let modulus: Modulus
    /// The largest message, in bytes, a participant accepts.
    public let maximumMessageByteCount: Int
    /// The number of corrupt providers C the round must withstand, which sets how many survivor signatures the
    /// consistency check needs (``consistencyThreshold(advertised:)``).
    public let maximumCorruptProviders: Int

    private let positions: [UInt32: Int]

    /// Creates and checks a configuration.
    ///
    /// - Throws: ``ProtocolError/invalidConfiguration(field:reason:)`` naming the field that is wrong.
    public init(
        taskID: [UInt8], round: UInt64, identityKeys: [UInt32: Ed25519.PublicKey], aggregatorKey: Ed25519.PublicKey,
        threshold: Int, graph: GraphChoice, vectorName: String = "update", vectorLength: Int, modulus: Modulus,
        maximumMessageByteCount: Int = 1 << 30, maximumCorruptProviders: Int = 0
    ) throws {
        guard taskID.count == 32 else {
            throw ProtocolError.invalidConfiguration(field: "task id", reason: "expected 32 bytes, got \(taskID.count)")
        }
        let providers = identityKeys.keys.sorted()
        guard providers.count >= 2 && providers.count <= Self.maximumProviderCount else {
            throw ProtocolError.invalidConfiguration(
                field: "providers", reason: "need 2...\(Self.maximumProviderCount) providers, got \(providers.count)")
        }
        if let bad = providers.first(where: { $0 == aggregatorParticipantID || $0 == broadcastParticipantID }) {
            throw ProtocolError.invalidConfiguration(
                field: "providers", reason: "id \(bad) is reserved; provider ids are 1...4294967294")
        }
        guard threshold >= 1 && threshold < providers.count else {
            throw ProtocolError.invalidConfiguration(
                field: "threshold",
                reason: "must be in 1...\(providers.count - 1) for \(providers.count) providers, got \(threshold)")
        }
        if case .harary(let degree) = graph {
            guard degree >= 2 && degree % 2 == 0 && degree <= providers.count - 1 else {
                throw ProtocolError.invalidConfiguration(
                    field: "graph degree",
                    reason: "must be even and in 2...\(providers.count - 1), got \(degree)")
            }
            guard threshold <= degree else {
                throw ProtocolError.invalidConfiguration(
                    field: "threshold", reason: "\(threshold) exceeds the graph degree \(degree)")
            }
        }
        guard vectorLength >= 1 && vectorLength <= ModularVector.maximumCount else {
            throw ProtocolError.invalidConfiguration(
                field: "vector length", reason: "must be in 1...\(ModularVector.maximumCount), got \(vectorLength)")
        }
        guard !vectorName.isEmpty && vectorName.utf8.count <= 255 else {
            throw ProtocolError.invalidConfiguration(field: "vector name", reason: "must be 1...255 bytes of UTF-8")
        }
        let vectorBytes = BitPacking.byteCount(elements: vectorLength, bitWidth: modulus.bitWidth)
        guard maximumMessageByteCount >= vectorBytes + 4096 else {
            throw ProtocolError.invalidConfiguration(
                field: "maximum message size",
                reason: "\(maximumMessageByteCount) bytes cannot hold a masked input of \(vectorBytes) bytes")
        }
        guard maximumCorruptProviders >= 0 && maximumCorruptProviders < providers.count else {
            throw ProtocolError.invalidConfiguration(
                field: "maximum corrupt providers",
                reason: "must be in 0..<\(providers.count), got \(maximumCorruptProviders)")
        }
        self.taskID = taskID
        self.round = round
        self.providers = providers
        self.identityKeys = identityKeys
        self.aggregatorKey = aggregatorKey
        self.threshold = threshold
        self.graph = graph
        self.vectorName = vectorName
        self.vectorLength = vectorLength
        self.modulus = modulus
        self.maximumMessageByteCount = maximumMessageByteCount
        self.maximumCorruptProviders = maximumCorruptProviders
        var positions = [UInt32: Int](minimumCapacity: providers.count)
        for (index, id) in providers.enumerated() { positions[id] = index }
        self.positions = positions
    }

    /// The number of valid survivor signatures the consistency check needs when `advertised` providers are in the
    /// key roster: at least t, and more than half of `advertised + C`.
    ///
    /// Each honest provider signs one survivor set. Two different sets with this many signatures each would need
    /// more than `advertised − C` honest signers between them, more than there are, so no aggregator can collect
    /// enough signatures for two sets and show different providers different ones.
    public func consistencyThreshold(advertised: Int) -> Int {
        max(threshold, (advertised + maximumCorruptProviders) / 2 + 1)
    }

    /// Whether `id` is on the roster.
    public func contains(_ id: UInt32) -> Bool {
        positions[id] != nil
    }

    /// The Shamir share index (x coordinate) of a provider: its 1-based position on the roster.
    public func shareIndex(of provider: UInt32) -> UInt32? {
        positions[provider].map { UInt32($0 + 1) }
    }

    /// The provider whose share index is `index`.
    public func provider(atShareIndex index: UInt32) -> UInt32? {
        let position = Int(index) - 1
        guard position >= 0 && position < providers.count else { return nil }
        return providers[position]
    }

    /// The masking graph over the providers that advertised keys: the configured Harary graph, or the complete
    /// graph when too few advertised for it.
    public func maskingGraph(over advertised: [UInt32], sessionID: [UInt8]) throws -> MaskingGraph {
        switch graph {
        case .harary(let degree) where degree < advertised.count - 1:
            let seed = try MaskingGraph.seed(taskID: taskID, round: round, sessionID: sessionID)
            return try MaskingGraph.harary(providers: advertised, degree: degree, seed: seed)
        default:
            return try MaskingGraph.complete(providers: advertised)
        }
    }

    /// The mask context of the round's vector in session `sessionID`.
    public func maskContext(sessionID: [UInt8]) throws -> MaskContext {
        try MaskContext(
            taskID: taskID, round: round, sessionID: sessionID, vectorName: vectorName, length: vectorLength,
            modulus: modulus)
    }
}
