import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

/// A provider that signs a second, different message of a type the aggregator already accepted (or a malformed
/// masked input before a valid one). In every case the aggregator and the transcript audit must reach the same
/// survivor set and sum, so an honest aggregator's transcript passes.
@Suite("Provider equivocation")
struct EquivocationTests {
    static let providers: [UInt32] = [1, 2, 3, 4, 5]

    /// The outcome of a round and the result the aggregator signed.
    struct Run {
        let outcome: RoundSimulation.Outcome
        let result: RoundResult?
        let audit: AuditReport
    }

    /// Runs a round in which `sender`'s first message of `type` to the aggregator is followed (or, with
    /// `before`, preceded) by a copy whose payload `alter` changes and that `sender` signs again.
    ///
    /// Provider 5 is the last to respond in each phase, so its first message closes the phase and its second
    /// arrives after that.
    static func run(
        sender: UInt32, type: MessageType, before: Bool = false, alter: @escaping ([UInt8]) -> [UInt8]
    ) throws -> (fixture: RoundFixture, run: Run) {
        let fixture = try RoundFixture(providers: providers, threshold: 3)
        let key = try #require(fixture.identityKeys[sender])
        var injected = false
        let simulation = try fixture.simulation(tamper: { from, to, bytes in
            guard !injected, from == sender, to == aggregatorParticipantID, messageType(bytes) == type,
                let message = try? SignedMessage(decoding: bytes, maximumByteCount: 1 << 30)
            else { return [bytes] }
            injected = true
            let other = SignedMessage.seal(header: message.header, payload: alter(message.payload), signer: key)
            return before ? [other.encoded, bytes] : [bytes, other.encoded]
        })
        let outcome = try simulation.run()
        var source = SeededRandom(seed: 9)
        let audit = TranscriptAudit.audit(outcome.transcript, using: &source)
        return (fixture, Run(outcome: outcome, result: simulation.aggregator.result, audit: audit))
    }

    static func flipLastByte(_ payload: [UInt8]) -> [UInt8] {
        var altered = payload
        altered[altered.count - 1] ^= 1
        return altered
    }

    /// Changes the first packed residue of a masked input, which still decodes: the payload starts with the
    /// vector length (8 bytes) and the packed vector's length prefix (4 bytes).
    static func flipFirstResidue(_ payload: [UInt8]) -> [UInt8] {
        var altered = payload
        altered[12] ^= 1
        return altered
    }

    static func dropLastByte(_ payload: [UInt8]) -> [UInt8] {
        Array(payload.dropLast())
    }

    /// Checks a round whose sender was blamed for conflicting messages of `type` and left with `contributors`.
    static func expectConflict(
        _ fixture: RoundFixture, _ run: Run, sender: UInt32, type: MessageType, contributors: [UInt32]
    ) throws {
        #expect(run.outcome.contributors == contributors)
        #expect(run.outcome.sum == (try fixture.expectedSum(of: contributors)))
        #expect(run.outcome.aggregatorBlames.map(\.accused) == [sender])
        #expect(run.outcome.aggregatorBlames.map(\.offence) == [.conflictingMessages(type: type)])
        #expect(run.outcome.aggregatorBlames.first?.evidence.count == 2)
        #expect(run.result?.contributors == contributors)
        #expect(run.result?.blamed == [sender])
        #expect(run.audit.findings == [])
        #expect(run.audit.passed)
        #expect(run.audit.contributors == contributors)
    }

    @Test("second AdvertiseKeys excludes its sender")
    func secondAdvertisement() throws {
        let (fixture, run) = try Self.run(sender: 5, type: .advertiseKeys, alter: Self.flipLastByte)
        try Self.expectConflict(fixture, run, sender: 5, type: .advertiseKeys, contributors: [1, 2, 3, 4])
    }

    @Test("second AdvertiseKeys in the open phase excludes its sender")
    func secondAdvertisementInOpenPhase() throws {
        let (fixture, run) = try Self.run(sender: 2, type: .advertiseKeys, alter: Self.flipLastByte)
        try Self.expectConflict(fixture, run, sender: 2, type: .advertiseKeys, contributors: [1, 3, 4, 5])
    }

    @Test("second ShareKeys excludes its sender")
    func secondShareKeys() throws {
        let (fixture, run) = try Self.run(sender: 5, type: .shareKeys, alter: Self.flipLastByte)
        try Self.expectConflict(fixture, run, sender: 5, type: .shareKeys, contributors: [1, 2, 3, 4])
    }

    @Test("second MaskedInput in the open phase excludes its sender")
    func secondMaskedInputInOpenPhase() throws {
        let (fixture, run) = try Self.run(sender: 2, type: .maskedInput, alter: Self.flipFirstResidue)
        try Self.expectConflict(fixture, run, sender: 2, type: .maskedInput, contributors: [1, 3, 4, 5])
    }

    @Test("second MaskedInput after phase close keeps the input")
    func secondMaskedInputAfterClose() throws {
        let (fixture, run) = try Self.run(sender: 5, type: .maskedInput, alter: Self.flipFirstResidue)
        #expect(run.outcome.aggregatorViolations.map(\.kind) == [.duplicate(type: .maskedInput)])
        try Self.expectConflict(fixture, run, sender: 5, type: .maskedInput, contributors: Self.providers)
    }

    @Test("undecodable second MaskedInput in the open phase excludes its sender")
    func undecodableSecondMaskedInput() throws {
        let (fixture, run) = try Self.run(sender: 2, type: .maskedInput, alter: Self.dropLastByte)
        try Self.expectConflict(fixture, run, sender: 2, type: .maskedInput, contributors: [1, 3, 4, 5])
    }

    @Test("undecodable second MaskedInput after phase close keeps the input")
    func undecodableSecondMaskedInputAfterClose() throws {
        let (fixture, run) = try Self.run(sender: 5, type: .maskedInput, alter: Self.dropLastByte)
        try Self.expectConflict(fixture, run, sender: 5, type: .maskedInput, contributors: Self.providers)
    }

    @Test("malformed MaskedInput then valid one excludes its sender")
    func malformedThenValidMaskedInput() throws {
        let (fixture, run) = try Self.run(sender: 3, type: .maskedInput, before: true, alter: Self.dropLastByte)
        let others: [UInt32] = [1, 2, 4, 5]
        #expect(run.outcome.contributors == others)
        #expect(run.outcome.sum == (try fixture.expectedSum(of: others)))
        #expect(run.outcome.aggregatorBlames.map(\.accused) == [3])
        guard case .malformedInput? = run.outcome.aggregatorBlames.first?.offence else {
            Issue.record("expected a malformed-input blame, got \(run.outcome.aggregatorBlames.map(\.offence))")
            return
        }
        let kinds = run.outcome.aggregatorViolations.map(\.kind)
        #expect(kinds.count == 2)
        #expect(kinds.last == .duplicate(type: .maskedInput))
        #expect(run.result?.contributors == others)
        #expect(run.result?.blamed == [3])
        #expect(run.audit.findings == [])
        #expect(run.audit.passed)
    }

    @Test("second SurvivorSignature keeps the input")
    func secondSurvivorSignature() throws {
        let (fixture, run) = try Self.run(sender: 2, type: .survivorSignature, alter: Self.flipLastByte)
        try Self.expectConflict(fixture, run, sender: 2, type: .survivorSignature, contributors: Self.providers)
    }

    @Test("second UnmaskResponse keeps the input")
    func secondUnmaskResponse() throws {
        let (fixture, run) = try Self.run(sender: 2, type: .unmaskResponse, alter: Self.flipLastByte)
        try Self.expectConflict(fixture, run, sender: 2, type: .unmaskResponse, contributors: Self.providers)
    }

    @Test("message after the result is not recorded")
    func messageAfterResult() throws {
        let (fixture, run) = try Self.run(sender: 5, type: .unmaskResponse, alter: Self.flipLastByte)
        #expect(run.outcome.contributors == Self.providers)
        #expect(run.outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(run.outcome.aggregatorBlames.isEmpty)
        #expect(
            run.outcome.aggregatorViolations.map(\.kind) == [.wrongPhase(type: .unmaskResponse, phase: .completed)])
        #expect(messageType(run.outcome.transcript.messages.last ?? []) == .roundResult)
        #expect(run.audit.passed)
    }
}
