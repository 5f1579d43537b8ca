import SecAggPrimitives

/// The graph of a round: which providers share pairwise masks and hold Shamir shares of each other's secrets.
///
/// A Harary graph of even degree k places the providers on a ring in a pseudorandom order drawn from a public
/// seed, and connects each to the k/2 nearest on either side. The complete graph connects every pair.
public struct MaskingGraph: Sendable {
    /// The length of a graph seed in bytes.
    public static let seedByteCount = 32
    /// The HKDF label of ``seed(taskID:round:sessionID:)``.
    public static let seedLabel = "masking/graph"

    /// The provider ids in ascending order.
    public let providers: [UInt32]
    /// The provider ids in ring order: ``providers`` permuted by the seed for a Harary graph, ascending for the
    /// complete graph.
    public let ring: [UInt32]
    /// The number of neighbours of each provider.
    public let degree: Int
    /// Whether every pair of providers is connected.
    public let isComplete: Bool
    private let ringPositions: [UInt32: Int]

    private init(providers: [UInt32], ring: [UInt32], degree: Int, isComplete: Bool) {
        self.providers = providers
        self.ring = ring
        self.degree = degree
        self.isComplete = isComplete
        var positions = [UInt32: Int](minimumCapacity: ring.count)
        for (position, id) in ring.enumerated() { positions[id] = position }
        ringPositions = positions
    }

    /// Derives the 32-byte public graph seed of a round: HKDF-SHA-256 of the session id, with an empty salt, the
    /// label ``seedLabel`` and the context fields task id and round (8 bytes big-endian).
    ///
    /// The privacy analysis of the planner needs a ring order that corrupt providers could not predict or
    /// influence when they were corrupted. A session id that hashes keys the providers chose can be ground by
    /// them, see `Specs/masking.md`.
    /// - Throws: ``MaskingError/invalidSessionID(byteCount:expected:)`` for a session id that is not 32 bytes.
    public static func seed(taskID: [UInt8], round: UInt64, sessionID: [UInt8]) throws -> [UInt8] {
        guard sessionID.count == MaskContext.sessionIDByteCount else {
            throw MaskingError.invalidSessionID(byteCount: sessionID.count, expected: MaskContext.sessionIDByteCount)
        }
        return try KeyDerivation.deriveKey(
            from: sessionID, label: seedLabel, context: [taskID, bigEndianBytes(round)],
            outputByteCount: seedByteCount
        ).unprotectedCopy()
    }

    /// Builds the Harary graph of even degree `degree` over `providers`, in the ring order drawn from `seed`.
    ///
    /// The ring order is a Fisher–Yates shuffle of the ascending ids, driven by the ChaCha20 stream with the seed
    /// as key and an all-zero nonce. For i from n − 1 down to 1, it draws j uniform in `0...i` and swaps
    /// positions i and j. Each draw reads little-endian 32-bit words in order, masks each to the bit length of i and takes
    /// the first that is at most i. O(n).
    /// - Throws: ``MaskingError/invalidProviderCount(count:minimum:maximum:)`` for fewer than 3 providers,
    ///   ``MaskingError/duplicateProviderID(id:)``, ``MaskingError/invalidDegree(degree:providerCount:)`` unless
    ///   the degree is even and in `2...n − 1`, and ``MaskingError/invalidGraphSeed(byteCount:expected:)``.
    public static func harary(providers: [UInt32], degree: Int, seed: [UInt8]) throws -> MaskingGraph {
        let sorted = try checkedProviders(providers, minimum: 3)
        guard degree >= 2 && degree <= sorted.count - 1 && degree % 2 == 0 else {
            throw MaskingError.invalidDegree(degree: degree, providerCount: sorted.count)
        }
        guard seed.count == seedByteCount else {
            throw MaskingError.invalidGraphSeed(byteCount: seed.count, expected: seedByteCount)
        }
        let ring = try shuffled(sorted, seed: seed)
        return MaskingGraph(
            providers: sorted, ring: ring, degree: degree, isComplete: degree == sorted.count - 1)
    }

    /// Builds the complete graph over `providers`.
    ///
    /// - Throws: ``MaskingError/invalidProviderCount(count:minimum:maximum:)`` for fewer than 2 providers and
    ///   ``MaskingError/duplicateProviderID(id:)``.
    public static func complete(providers: [UInt32]) throws -> MaskingGraph {
        let sorted = try checkedProviders(providers, minimum: 2)
        return MaskingGraph(providers: sorted, ring: sorted, degree: sorted.count - 1, isComplete: true)
    }

    /// Builds the graph a plan chose: the complete graph or a Harary graph of the planned degree.
    ///
    /// - Throws: ``MaskingError/invalidProviderCount(count:minimum:maximum:)`` when `providers` does not have
    ///   the plan's provider count, and the errors of ``harary(providers:degree:seed:)``.
    public static func make(plan: GraphPlan, providers: [UInt32], seed: [UInt8]) throws -> MaskingGraph {
        guard providers.count == plan.providerCount else {
            throw MaskingError.invalidProviderCount(
                count: providers.count, minimum: plan.providerCount, maximum: plan.providerCount)
        }
        if plan.isComplete { return try complete(providers: providers) }
        return try harary(providers: providers, degree: plan.degree, seed: seed)
    }

    /// Returns the neighbours of `provider` in ascending order. O(k log k).
    ///
    /// - Throws: ``MaskingError/providerNotInGraph(provider:)``.
    public func neighbours(of provider: UInt32) throws -> [UInt32] {
        guard let position = ringPositions[provider] else { throw MaskingError.providerNotInGraph(provider: provider) }
        if isComplete { return providers.filter { $0 != provider } }
        let count = ring.count
        var result = [UInt32]()
        result.reserveCapacity(degree)
        for distance in 1...(degree / 2) {
            result.append(ring[(position + distance) % count])
            result.append(ring[(position - distance + count) % count])
        }
        return result.sorted()
    }

    /// Returns whether `first` and `second` are distinct providers of the graph joined by an edge. O(1).
    public func areNeighbours(_ first: UInt32, _ second: UInt32) -> Bool {
        guard first != second, let a = ringPositions[first], let b = ringPositions[second] else { return false }
        if isComplete { return true }
        let gap = abs(a - b)
        return min(gap, ring.count - gap) <= degree / 2
    }

    private static func checkedProviders(_ providers: [UInt32], minimum: Int) throws -> [UInt32] {
        guard providers.count >= minimum && providers.count <= QuantizationParameters.maximumProviderCount else {
            throw MaskingError.invalidProviderCount(
                count: providers.count, minimum: minimum, maximum: QuantizationParameters.maximumProviderCount)
        }
        let sorted = providers.sorted()
        for index in sorted.indices.dropFirst() where sorted[index] == sorted[index - 1] {
            throw MaskingError.duplicateProviderID(id: sorted[index])
        }
        return sorted
    }

    private static func shuffled(_ ids: [UInt32], seed: [UInt8]) throws -> [UInt32] {
        var words = try KeystreamWords(
            stream: ChaCha20Keystream(
                key: SymmetricKey(copying: seed),
                nonce: [UInt8](repeating: 0, count: ChaCha20Keystream.nonceByteCount)))
        var ring = ids
        var index = ring.count - 1
        while index >= 1 {
            let bound = UInt32(index)
            let mask = UInt32.max >> UInt32(bound.leadingZeroBitCount)
            var candidate = try words.next() & mask
            while candidate > bound { candidate = try words.next() & mask }
            ring.swapAt(index, Int(candidate))
            index -= 1
        }
        return ring
    }
}

/// Little-endian 32-bit words of a ChaCha20 stream, read in order from block 0.
struct KeystreamWords {
    let stream: ChaCha20Keystream
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var offset = 4096
    private var nextBlock: UInt64 = 0

    init(stream: ChaCha20Keystream) {
        self.stream = stream
    }

    mutating func next() throws -> UInt32 {
        if offset == buffer.count {
            buffer = try stream.bytes(startingAtBlock: nextBlock, byteCount: buffer.count)
            nextBlock += UInt64(buffer.count / ChaCha20Keystream.blockByteCount)
            offset = 0
        }
        let word = buffer.withUnsafeBytes {
            UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        offset += 4
        return word
    }
}
