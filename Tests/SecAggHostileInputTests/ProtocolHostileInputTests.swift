import SecAggConformance
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

/// Hostile protocol inputs: low-order X25519 keys, messages replayed from a previous round, and a forged
/// unmasking request for a survivor's mask-agreement share, each with the exact rejection or blame.
@Suite("Hostile protocol inputs")
struct ProtocolHostileInputTests {
    static let providers: [UInt32] = [1, 2, 3, 4]
    static let seed: UInt64 = 91

    /// Returns a round over ``providers`` with threshold 2, four coordinates mod 2^16, from ``seed``.
    static func simulation(round: UInt64 = 1) throws -> (simulation: RoundSimulation, inputs: [UInt32: ModularVector]) {
        try ProtocolVectors.simulation(
            providers: providers, threshold: 2, degree: 0, length: 4, bits: 16, round: round, seed: seed, dropouts: [:])
    }

    /// Returns the identity keys that `ProtocolVectors.simulation` draws from `seed`: the providers' in ascending order,
    /// then the aggregator's.
    static func identityKeys() -> (providers: [UInt32: Ed25519.PrivateKey], aggregator: Ed25519.PrivateKey) {
        var source = SeededRandom(seed: seed)
        var keys = [UInt32: Ed25519.PrivateKey]()
        for id in providers { keys[id] = Ed25519.PrivateKey(using: &source) }
        return (keys, Ed25519.PrivateKey(using: &source))
    }

    /// The X25519 encodings of points of order 1, 2, 4 and 8, canonical and not; the test also sets bit 255,
    /// which X25519 ignores.
    static let lowOrderKeys = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ]

    @Test("low-order X25519 keys are rejected", arguments: lowOrderKeys, [false, true])
    func lowOrderKeysRejected(hex: String, setsBit255: Bool) throws {
        var bytes = try Hex.decode(hex)
        if setsBit255 { bytes[31] |= 0x80 }
        #expect(throws: PrimitiveError.lowOrderPublicKey) { try X25519.PublicKey(rawRepresentation: bytes) }
    }

    @Test("low-order advertisement is rejected")
    func lowOrderAdvertisement() throws {
        let (simulation, _) = try Self.simulation()
        let key = try #require(Self.identityKeys().providers[1])
        var source = SeededRandom(seed: 92)
        let valid = X25519.PrivateKey(using: &source).publicKey.rawRepresentation
        let header = MessageHeader(
            type: .advertiseKeys, taskID: simulation.configuration.taskID, round: 1,
            sessionID: MessageHeader.noSession, sender: 1, recipient: aggregatorParticipantID)
        let lowOrder = try Hex.decode(Self.lowOrderKeys[2])
        let message = SignedMessage.seal(header: header, payload: valid + lowOrder, signer: key)
        _ = simulation.aggregator.receive(message.encoded)
        let violation = try #require(simulation.aggregator.violations.last)
        #expect(violation.sender == 1)
        #expect(violation.kind == .invalidContent(reason: "\(PrimitiveError.lowOrderPublicKey)"))
        #expect(simulation.aggregator.pendingProviders == Self.providers)
    }

    @Test("previous-round messages are rejected")
    func previousRoundRejected() throws {
        var (previous, _) = try Self.simulation(round: 1)
        let log = Recording()
        previous.tamper = { sender, recipient, bytes in
            log.messages.append((sender, recipient, bytes))
            return [bytes]
        }
        let recorded = previous
        _ = try recorded.run()
        let (current, _) = try Self.simulation(round: 2)
        let advertisement = try #require(log.messages.first { $0.sender == 1 }?.bytes)
        _ = current.aggregator.receive(advertisement)
        let violation = try #require(current.aggregator.violations.last)
        #expect(violation.kind == .wrongRound(round: 1))
        #expect(violation.sender == 1)
        let roster = try #require(log.messages.first { $0.sender == aggregatorParticipantID }?.bytes)
        let provider = try #require(current.providers[2])
        _ = try provider.start()
        _ = provider.receive(roster)
        #expect(provider.violations.last?.kind == .wrongRound(round: 1))
        #expect(provider.phase == .advertiseKeys)
    }

    @Test("survivor mask share request rejected")
    func survivorMaskShareRefused() throws {
        var (simulation, _) = try Self.simulation()
        let aggregatorKey = Self.identityKeys().aggregator
        simulation.tamper = { sender, recipient, bytes in
            guard sender == aggregatorParticipantID, recipient == 1,
                let message = try? SignedMessage(decoding: bytes, maximumByteCount: 1 << 20),
                message.header.type == .unmaskRequest,
                let request = try? UnmaskRequest(payload: message.payload, maximumProviders: 4)
            else { return [bytes] }
            let forged = request.requests.map { entry in
                entry.dealer == 2 ? UnmaskRequest.Request(dealer: 2, kind: .maskAgreementKey) : entry
            }
            let payload = UnmaskRequest(survivors: request.survivors, signatures: request.signatures, requests: forged)
            return [
                SignedMessage.seal(header: message.header, payload: payload.payload(), signer: aggregatorKey).encoded
            ]
        }
        let forging = simulation
        let outcome = try forging.run()
        let provider = try #require(forging.providers[1])
        let blame = try #require(outcome.providerBlames[1]?.first)
        #expect(blame.accused == aggregatorParticipantID)
        #expect(blame.offence == .aggregatorRequestedForbiddenShare(dealer: 2))
        #expect(
            provider.abortReason
                == .aggregatorMisbehaved(reason: "requested the \(SecretKind.maskAgreementKey) share of provider 2"))
        #expect(provider.phase == .aborted)
    }
}

/// Messages a tamper closure saw, in order.
final class Recording {
    var messages: [(sender: UInt32, recipient: UInt32, bytes: [UInt8])] = []
}
