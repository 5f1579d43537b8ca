import SecAggMasking
import SecAggPrimitives
import SecAggProtocol

/// A seeded round: identity keys, a configuration, random inputs and fresh sessions.
struct RoundFixture {
    var configuration: RoundConfiguration
    let identityKeys: [UInt32: Ed25519.PrivateKey]
    let aggregatorKey: Ed25519.PrivateKey
    let inputs: [UInt32: ModularVector]
    let seed: UInt64

    init(
        providers: [UInt32], threshold: Int, graph: GraphChoice = .complete, length: Int = 16,
        modulus: Modulus? = nil, round: UInt64 = 1, seed: UInt64 = 1
    ) throws {
        var source = SeededRandom(seed: seed)
        var keys = [UInt32: Ed25519.PrivateKey]()
        for id in providers { keys[id] = Ed25519.PrivateKey(using: &source) }
        aggregatorKey = Ed25519.PrivateKey(using: &source)
        let modulus = try modulus ?? Modulus.powerOfTwo(bits: 32)
        configuration = try RoundConfiguration(
            taskID: SHA256.hash(Array("test task".utf8)), round: round,
            identityKeys: keys.mapValues(\.publicKey), aggregatorKey: aggregatorKey.publicKey, threshold: threshold,
            graph: graph, vectorLength: length, modulus: modulus)
        var inputs = [UInt32: ModularVector]()
        for id in providers {
            let residues = (0..<length).map { _ in source.next() % UInt64(modulus.value) }
            inputs[id] = try ModularVector(residues: residues, modulus: modulus)
        }
        self.identityKeys = keys
        self.inputs = inputs
        self.seed = seed
    }

    /// Returns the same round with a bound on corrupt providers.
    func withCorruptBound(_ corrupt: Int) throws -> RoundFixture {
        var copy = self
        copy.configuration = try RoundConfiguration(
            taskID: configuration.taskID, round: configuration.round, identityKeys: configuration.identityKeys,
            aggregatorKey: configuration.aggregatorKey, threshold: configuration.threshold, graph: configuration.graph,
            vectorName: configuration.vectorName, vectorLength: configuration.vectorLength,
            modulus: configuration.modulus, maximumCorruptProviders: corrupt)
        return copy
    }

    /// Builds fresh sessions for a run.
    func simulation(dropouts: [UInt32: RoundPhase] = [:], tamper: RoundSimulation.Tamper? = nil) throws
        -> RoundSimulation
    {
        var sessions = [UInt32: ProviderSession]()
        for id in configuration.providers {
            guard let key = identityKeys[id], let input = inputs[id] else { continue }
            sessions[id] = try ProviderSession(
                configuration: configuration, id: id, identityKey: key, input: input,
                random: SeededRandom(seed: seed &* 1000 &+ UInt64(id)), threads: 1)
        }
        let aggregator = try AggregatorSession(
            configuration: configuration, identityKey: aggregatorKey, random: SeededRandom(seed: seed &+ 77),
            threads: 1)
        return RoundSimulation(
            configuration: configuration, aggregator: aggregator, providers: sessions, dropouts: dropouts,
            tamper: tamper)
    }

    /// The plaintext sum of `providers`' inputs.
    func expectedSum(of providers: [UInt32]) throws -> ModularVector {
        var sum = try ModularVector(zeros: configuration.vectorLength, modulus: configuration.modulus)
        for id in providers {
            if let input = inputs[id] { try sum.add(input) }
        }
        return sum
    }
}
