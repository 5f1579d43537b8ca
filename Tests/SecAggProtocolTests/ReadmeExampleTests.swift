import SecAggBigInt
import SecAggMasking
import SecAggPaillier
import SecAggPrimitives
import SecAggProtocol
import Testing

/// The library examples of README.md, line for line apart from the checks, so that the README stays true.
@Suite("README examples")
struct ReadmeExampleTests {
    @Test("masked round over sessions")
    func maskedRound() throws {
        let modulus = try Modulus.powerOfTwo(bits: 32)
        let providerKeys = Dictionary(uniqueKeysWithValues: (1...5).map { (UInt32($0), Ed25519.PrivateKey()) })
        let aggregatorKey = Ed25519.PrivateKey()
        let configuration = try RoundConfiguration(
            taskID: [UInt8](repeating: 1, count: 32), round: 1, identityKeys: providerKeys.mapValues(\.publicKey),
            aggregatorKey: aggregatorKey.publicKey, threshold: 3, graph: .complete, vectorLength: 4, modulus: modulus)

        let aggregator = try AggregatorSession(configuration: configuration, identityKey: aggregatorKey)
        var providers = [UInt32: ProviderSession]()
        var toAggregator = [OutgoingMessage]()
        for (id, key) in providerKeys {
            let input = try ModularVector(residues: [UInt64(id), 10, 20, 30], modulus: modulus)
            let provider = try ProviderSession(configuration: configuration, id: id, identityKey: key, input: input)
            providers[id] = provider
            toAggregator += try provider.start()
        }
        while !toAggregator.isEmpty {
            let toProviders = toAggregator.flatMap { aggregator.receive($0.bytes) }
            toAggregator = []
            for message in toProviders {
                let recipients =
                    message.recipient == broadcastParticipantID ? Array(providers.keys) : [message.recipient]
                for id in recipients { toAggregator += providers[id]?.receive(message.bytes) ?? [] }
            }
        }
        let sum = try #require(aggregator.aggregate)

        #expect((0..<sum.count).map { sum[$0] } == [15, 50, 100, 150])
        #expect(providers.values.allSatisfy { $0.phase == .completed })
        #expect(aggregator.violations.isEmpty)
    }

    @Test("Paillier sum of signed values")
    func paillierSum() throws {
        let key = try PaillierPrivateKey.generate(bitWidth: 2048)
        let encoding = PaillierSignedEncoding(publicKey: key.publicKey)
        let sum = try key.publicKey.add(try encoding.encrypt(BigInt(-5)), try encoding.encrypt(BigInt(12)))
        let value = try encoding.decrypt(sum, with: key)

        #expect(value == BigInt(7))
    }
}
