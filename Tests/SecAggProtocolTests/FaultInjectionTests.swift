import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

/// Reads the type of an envelope without checking anything else.
func messageType(_ bytes: [UInt8]) -> MessageType? {
    bytes.count > 5 ? MessageType(rawValue: bytes[5]) : nil
}

@Suite("Rejected messages")
struct RejectedMessageTests {
    static let providers: [UInt32] = [1, 2, 3, 4, 5, 6]

    @Test("duplicate message is rejected")
    func duplicate() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let outcome = try fixture.simulation(tamper: { sender, _, bytes in
            sender == 2 && messageType(bytes) == .shareKeys ? [bytes, bytes] : [bytes]
        }).run()
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(outcome.aggregatorViolations.count == 1)
        #expect(outcome.aggregatorViolations.first?.kind == .duplicate(type: .shareKeys))
        #expect(outcome.aggregatorViolations.first?.sender == 2)
        let description = try #require(outcome.aggregatorViolations.first).description
        #expect(description.hasPrefix("\(ViolationKind.duplicate(type: .shareKeys)) (ShareKeys from provider 2, "))
    }

    @Test("duplicate masked input changes nothing")
    func duplicateMaskedInput() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let simulation = try fixture.simulation()
        simulation.providers[4]?.faults = [.duplicateMaskedInput]
        let outcome = try simulation.run()
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(outcome.aggregatorViolations.map(\.kind) == [.duplicate(type: .maskedInput)])
    }

    @Test("replay from another round is rejected")
    func replayFromOtherRound() throws {
        let earlier = try RoundFixture(providers: Self.providers, threshold: 3, round: 1)
        var recorded = [[UInt8]]()
        _ = try earlier.simulation(tamper: { sender, _, bytes in
            if sender == 3 && messageType(bytes) == .maskedInput { recorded.append(bytes) }
            return [bytes]
        }).run()
        let later = try RoundFixture(providers: Self.providers, threshold: 3, round: 2)
        let outcome = try later.simulation(tamper: { sender, _, bytes in
            sender == 3 && messageType(bytes) == .maskedInput ? [bytes] + recorded : [bytes]
        }).run()
        #expect(outcome.sum == (try later.expectedSum(of: Self.providers)))
        #expect(outcome.aggregatorViolations.map(\.kind) == [.wrongRound(round: 1)])
    }

    @Test("bad signature drops the message")
    func badSignature() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let outcome = try fixture.simulation(tamper: { sender, _, bytes in
            guard sender == 5 && messageType(bytes) == .maskedInput else { return [bytes] }
            var altered = bytes
            altered[altered.count - 1] ^= 0x80
            return [altered]
        }).run()
        let others = Self.providers.filter { $0 != 5 }
        #expect(outcome.contributors == others)
        #expect(outcome.sum == (try fixture.expectedSum(of: others)))
        #expect(outcome.aggregatorViolations.map(\.kind) == [.badSignature])
    }

    @Test("late masked input is rejected")
    func lateMaskedInput() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        var held = [[UInt8]]()
        let outcome = try fixture.simulation(tamper: { sender, _, bytes in
            if sender == 6 && messageType(bytes) == .maskedInput {
                held.append(bytes)
                return []
            }
            if messageType(bytes) == .survivorSignature && !held.isEmpty {
                defer { held.removeAll() }
                return [bytes] + held
            }
            return [bytes]
        }).run()
        let others = Self.providers.filter { $0 != 6 }
        #expect(outcome.contributors == others)
        #expect(outcome.sum == (try fixture.expectedSum(of: others)))
        #expect(outcome.aggregatorViolations.map(\.kind) == [.lateMaskedInput])
    }

    @Test("garbage bytes are rejected")
    func garbage() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let outcome = try fixture.simulation(tamper: { sender, _, bytes in
            sender == 1 && messageType(bytes) == .advertiseKeys ? [[0x53, 0x41], bytes] : [bytes]
        }).run()
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(outcome.aggregatorViolations.count == 1)
    }

    @Test("message for another task is rejected")
    func otherTask() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        var foreign = [[UInt8]]()
        let other = try RoundFixture(providers: Self.providers, threshold: 3, seed: 1)
        // The same keys but another task id: build one advertisement under a different task.
        let key = try #require(other.identityKeys[2])
        let advertisement = AdvertiseKeys(
            provider: 2, encryptionKey: X25519.PrivateKey().publicKey, maskKey: X25519.PrivateKey().publicKey,
            taskID: SHA256.hash(Array("another task".utf8)), round: 1, signer: key)
        foreign.append(advertisement.message.encoded)
        let outcome = try fixture.simulation(tamper: { sender, _, bytes in
            sender == 2 && messageType(bytes) == .advertiseKeys ? foreign + [bytes] : [bytes]
        }).run()
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(outcome.aggregatorViolations.map(\.kind) == [.wrongTask])
    }
}

@Suite("Attributed misbehaviour")
struct MisbehaviourTests {
    static let providers: [UInt32] = [10, 20, 30, 40, 50, 60, 70]

    @Test("bad share blames its dealer")
    func badShare() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4)
        let simulation = try fixture.simulation()
        simulation.providers[30]?.faults = [.badShare(recipient: 50)]
        let outcome = try simulation.run()
        let honest = Self.providers.filter { $0 != 30 }
        #expect(outcome.contributors == honest)
        #expect(outcome.sum == (try fixture.expectedSum(of: honest)))
        #expect(
            outcome.blames.contains { $0.accused == 30 && $0.offence == .badShare(recipient: 50, kind: .selfMaskSeed) })
        #expect(outcome.blames.allSatisfy { $0.accused == 30 })
    }

    @Test("bogus revealed share blames its holder")
    func bogusRevealedShare() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4)
        let simulation = try fixture.simulation()
        simulation.providers[60]?.faults = [.bogusRevealedShares]
        let outcome = try simulation.run()
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(outcome.blames.contains { $0.accused == 60 })
        #expect(outcome.blames.allSatisfy { $0.accused == 60 })
    }

    @Test("inconsistent mask key is caught")
    func inconsistentMaskKey() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4)
        let simulation = try fixture.simulation(dropouts: [40: .maskedInput])
        simulation.providers[40]?.faults = [.inconsistentMaskScalar]
        let outcome = try simulation.run()
        #expect(outcome.sum == nil)
        #expect(outcome.abortReason == .inconsistentMaskKey(provider: 40))
        #expect(outcome.blames.contains { $0.accused == 40 && $0.offence == .inconsistentMaskKey })
    }

    @Test("request for both shares is refused")
    func bothShares() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4)
        let simulation = try fixture.simulation()
        simulation.aggregator.faults = [.requestBothShares(dealer: 20)]
        let outcome = try simulation.run()
        #expect(outcome.sum == nil)
        let accusations = outcome.blames.filter { $0.accused == aggregatorParticipantID }
        #expect(!accusations.isEmpty)
        #expect(accusations.allSatisfy { $0.offence == .aggregatorRequestedForbiddenShare(dealer: 20) })
    }

    @Test("equivocating aggregator is caught")
    func equivocation() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4)
        let simulation = try fixture.simulation()
        simulation.aggregator.faults = [.equivocateSurvivorSet(provider: 70)]
        let outcome = try simulation.run()
        #expect(
            outcome.blames.contains { $0.accused == aggregatorParticipantID && $0.offence == .aggregatorEquivocated })
        #expect(outcome.providerResults[70] == nil)
        // The other providers signed the real set, so their round still completes.
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
    }
}

@Suite("Transcript audit")
struct AuditTests {
    static let providers: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 8]

    @Test("honest transcript passes in full")
    func honestFull() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4, graph: .harary(degree: 6), length: 50)
        let outcome = try fixture.simulation(dropouts: [3: .maskedInput, 6: .unmasking]).run()
        var source = SeededRandom(seed: 9)
        let report = TranscriptAudit.audit(outcome.transcript, using: &source)
        #expect(report.findings.isEmpty)
        #expect(report.checkedCoordinates == 50)
        #expect(report.contributors == Self.providers.filter { $0 != 3 })
    }

    @Test("encoded transcript audits the same")
    func encodedRoundTrip() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4, length: 20)
        let outcome = try fixture.simulation(dropouts: [2: .consistencyCheck]).run()
        let decoded = try Transcript(encoding: outcome.transcript.encoded())
        var source = SeededRandom(seed: 9)
        #expect(TranscriptAudit.audit(decoded, sampleCoordinates: 5, using: &source).passed)
        #expect(decoded.digest() == outcome.transcript.digest())
    }

    @Test("misreported sum is detected")
    func misreport() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4, length: 30)
        let simulation = try fixture.simulation()
        simulation.aggregator.faults = [.misreportSum]
        let outcome = try simulation.run()
        var source = SeededRandom(seed: 9)
        let report = TranscriptAudit.audit(outcome.transcript, using: &source)
        #expect(report.findings.count == 1)
        guard case .sumMismatch(0, _, _)? = report.findings.first else {
            Issue.record("expected a mismatch at coordinate 0, got \(report.findings)")
            return
        }
        #expect(report.resultMessage != nil)
    }

    @Test("sampled audit finds a misreport at its coordinate")
    func sampledMisreport() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4, length: 4)
        let simulation = try fixture.simulation()
        simulation.aggregator.faults = [.misreportSum]
        let outcome = try simulation.run()
        var source = SeededRandom(seed: 1)
        let report = TranscriptAudit.audit(outcome.transcript, sampleCoordinates: 4, using: &source)
        #expect(!report.passed)
    }

    @Test("tampered transcript fails")
    func tampered() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 4, length: 10)
        let outcome = try fixture.simulation().run()
        var encoded = outcome.transcript.encoded()
        encoded[encoded.count / 2] ^= 0x01
        if let decoded = try? Transcript(encoding: encoded) {
            var source = SeededRandom(seed: 9)
            #expect(!TranscriptAudit.audit(decoded, using: &source).passed)
        }
    }
}

@Suite("Signed bad inputs")
struct SignedBadInputTests {
    static let providers: [UInt32] = [1, 2, 3, 4, 5, 6]

    @Test("malformed input blames its sender")
    func malformedInput() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let simulation = try fixture.simulation()
        simulation.providers[2]?.faults = [.malformedInput]
        let outcome = try simulation.run()
        let others = Self.providers.filter { $0 != 2 }
        #expect(outcome.contributors == others)
        #expect(outcome.sum == (try fixture.expectedSum(of: others)))
        #expect(outcome.blames.count == 1)
        guard case .malformedInput? = outcome.blames.first?.offence else {
            Issue.record("expected a malformed-input blame, got \(outcome.blames.map(\.offence))")
            return
        }
        #expect(outcome.blames.first?.accused == 2)
    }

    @Test("conflicting inputs exclude their sender")
    func conflictingInputs() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let simulation = try fixture.simulation()
        simulation.providers[5]?.faults = [.conflictingMaskedInput]
        let outcome = try simulation.run()
        let others = Self.providers.filter { $0 != 5 }
        #expect(outcome.contributors == others)
        #expect(outcome.sum == (try fixture.expectedSum(of: others)))
        #expect(outcome.blames.map(\.offence) == [.conflictingMessages(type: .maskedInput)])
        #expect(outcome.blames.first?.evidence.count == 2)
        var source = SeededRandom(seed: 9)
        #expect(TranscriptAudit.audit(outcome.transcript, using: &source).findings == [])
    }

    @Test("late conflicting input keeps its sender in the sum")
    func lateConflictingInput() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let simulation = try fixture.simulation()
        simulation.providers[5]?.faults = [.lateConflictingMaskedInput]
        let outcome = try simulation.run()
        #expect(outcome.contributors == Self.providers)
        #expect(outcome.sum == (try fixture.expectedSum(of: Self.providers)))
        #expect(outcome.blames.map(\.accused) == [5])
        #expect(outcome.blames.map(\.offence) == [.conflictingMessages(type: .maskedInput)])
        #expect(simulation.aggregator.result?.blamed == [5])
        var source = SeededRandom(seed: 9)
        #expect(TranscriptAudit.audit(outcome.transcript, using: &source).findings == [])
    }

    @Test("input policy rejects and blames")
    func inputPolicy() throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: 3)
        let simulation = try fixture.simulation()
        simulation.aggregator.inputPolicy = { sender, _ in sender == 4 ? "declared weight 900 exceeds 100" : nil }
        let outcome = try simulation.run()
        let others = Self.providers.filter { $0 != 4 }
        #expect(outcome.contributors == others)
        #expect(outcome.sum == (try fixture.expectedSum(of: others)))
        #expect(outcome.blames.map(\.offence) == [.rejectedInput(reason: "declared weight 900 exceeds 100")])
    }
}
