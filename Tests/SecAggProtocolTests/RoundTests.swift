import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

@Suite("Full round")
struct RoundTests {
    @Test("complete round without dropouts")
    func noDropouts() throws {
        let fixture = try RoundFixture(providers: [1, 2, 3, 4, 5], threshold: 3)
        let outcome = try fixture.simulation().run()
        #expect(outcome.abortReason == nil)
        #expect(outcome.contributors == [1, 2, 3, 4, 5])
        #expect(outcome.sum == (try fixture.expectedSum(of: [1, 2, 3, 4, 5])))
        #expect(outcome.aggregatorViolations.isEmpty)
        #expect(outcome.blames.isEmpty)
    }
}

@Suite("Consistency threshold")
struct ConsistencyThresholdTests {
    @Test("majority of roster plus corrupt")
    func majority() throws {
        var source = SeededRandom(seed: 3)
        var keys = [UInt32: Ed25519.PublicKey]()
        for id in UInt32(1)...8 { keys[id] = Ed25519.PrivateKey(using: &source).publicKey }
        let configuration = try RoundConfiguration(
            taskID: [UInt8](repeating: 0, count: 32), round: 1, identityKeys: keys,
            aggregatorKey: Ed25519.PrivateKey(using: &source).publicKey, threshold: 3, graph: .complete,
            vectorLength: 4, modulus: Modulus.powerOfTwo(bits: 8), maximumCorruptProviders: 2)
        #expect(configuration.consistencyThreshold(advertised: 8) == 6)
        #expect(configuration.consistencyThreshold(advertised: 4) == 4)
        #expect(configuration.consistencyThreshold(advertised: 3) == 3)
    }

    @Test("too few signers abort the round")
    func tooFewSigners() throws {
        // With 2 of 7 corrupt, the check needs 5 signatures; 3 dropouts at the check leave 4.
        let providers: [UInt32] = [1, 2, 3, 4, 5, 6, 7]
        var fixture = try RoundFixture(providers: providers, threshold: 3)
        fixture = try fixture.withCorruptBound(2)
        let outcome = try fixture.simulation(dropouts: [
            1: .consistencyCheck, 2: .consistencyCheck, 3: .consistencyCheck,
        ])
        .run()
        #expect(outcome.sum == nil)
        #expect(outcome.abortReason == .tooFewProviders(phase: .consistencyCheck, remaining: 4, threshold: 5))
    }
}
