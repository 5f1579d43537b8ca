import SecAggConformance
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import SecAggShamir

/// The `sessions` target: a whole round whose network the fuzzer controls.
///
/// Input: a selector byte picks the round (roster, threshold, graph, bit width). Then, for every message in
/// flight, one operation byte decides its fate, with more bytes as the operation needs (zeros once the input
/// runs out, which delivers everything that is left):
///
/// - 0 to 3: deliver it.
/// - 4: drop it.
/// - 5: deliver it twice.
/// - 6: flip one bit (two bytes give the position), which breaks the signature.
/// - 7: overwrite part of the payload (two bytes give the position, then a chunk) and re-sign it with the
///   sender's key, as a corrupt sender would.
/// - 8: replace the payload with a chunk and the type with the next byte, and re-sign it with the sender's key.
/// - 9: deliver an earlier message instead (one byte picks it).
///
/// Checks: a round in which no message was forged (operations 7 and 8) and that completes has exactly the sum
/// of its contributors' inputs, and every provider that received the result has the same sum. Whatever the
/// fuzzer does to the aggregator's messages, the honest providers never reveal, between them, `t` shares of both
/// secrets of one provider, which would unmask its input.
enum SessionFuzzing {
    struct RoundShape {
        let providers: [UInt32]
        let threshold: Int
        let degree: Int
        let bits: Int
        let seed: UInt64
    }

    static let shapes = [
        RoundShape(providers: [1, 2, 3, 4], threshold: 2, degree: 0, bits: 16, seed: 21),
        RoundShape(providers: [3, 5, 7, 9, 11], threshold: 3, degree: 0, bits: 32, seed: 22),
        RoundShape(providers: [1, 2, 3, 4, 5, 6], threshold: 2, degree: 2, bits: 8, seed: 23),
    ]

    static let length = 4
    /// A bound on forged and replayed messages per round, so one input cannot keep a round going forever.
    static let maximumInjections = 32

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        let input = FuzzInput(bytes)
        let shape = shapes[Int(input.byte()) % shapes.count]
        var (simulation, inputs) = try fixture("the fuzzed round") {
            try ProtocolVectors.simulation(
                providers: shape.providers, threshold: shape.threshold, degree: shape.degree, length: length,
                bits: shape.bits, round: 1, seed: shape.seed, dropouts: [:])
        }
        let network = FuzzedNetwork(input: input, keys: identityKeys(shape))
        simulation.tamper = { sender, recipient, bytes in network.route(sender: sender, recipient: recipient, bytes) }
        let fuzzed = simulation
        let outcome: RoundSimulation.Outcome
        do {
            outcome = try fuzzed.run()
        } catch {
            throw FuzzFailure("the round threw \(type(of: error)): \(error)")
        }
        if !network.forgedProviderMessage {
            try checkReveals(network.honestReveals, threshold: shape.threshold)
        }
        guard !network.forged, let sum = outcome.sum else { return }
        var expected = try fixture("the expected sum") {
            try ModularVector(zeros: length, modulus: try Modulus.powerOfTwo(bits: shape.bits))
        }
        for contributor in outcome.contributors {
            guard let contribution = inputs[contributor] else {
                throw FuzzFailure("contributor \(contributor) is not on the roster")
            }
            try fixture("the expected sum") { try expected.add(contribution) }
        }
        try check(sum == expected, "the round completed with a wrong sum over \(outcome.contributors)")
        for (provider, result) in outcome.providerResults {
            try check(result.sum == sum.residues, "provider \(provider) received a different sum")
        }
    }

    /// Returns the identity keys that ``ProtocolVectors/simulation(providers:threshold:degree:length:bits:round:seed:dropouts:)``
    /// draws for `shape`, in the same order, so forged messages carry valid signatures.
    static func identityKeys(_ shape: RoundShape) -> [UInt32: Ed25519.PrivateKey] {
        var source = SeededRandom(seed: shape.seed)
        var keys = [UInt32: Ed25519.PrivateKey]()
        for id in shape.providers.sorted() { keys[id] = Ed25519.PrivateKey(using: &source) }
        keys[aggregatorParticipantID] = Ed25519.PrivateKey(using: &source)
        return keys
    }

    /// Fails when the honest providers' responses revealed at least `threshold` shares of both secrets of one
    /// dealer.
    static func checkReveals(_ reveals: [UInt32: [SecretKind: Set<UInt32>]], threshold: Int) throws(FuzzFailure) {
        for (dealer, kinds) in reveals {
            let seedHolders = kinds[.selfMaskSeed]?.count ?? 0
            let keyHolders = kinds[.maskAgreementKey]?.count ?? 0
            try check(
                seedHolders < threshold || keyHolders < threshold,
                "honest providers revealed \(seedHolders) self-seed and \(keyHolders) mask-key shares of \(dealer)")
        }
    }

    static func seeds() -> [[UInt8]] {
        var seeds = [[UInt8]]()
        for index in shapes.indices {
            seeds.append([UInt8(index)])
            // Drop the first message of the masked-input phase onwards for one provider, then deliver.
            seeds.append([UInt8(index)] + [UInt8](repeating: 0, count: 12) + [4, 4, 4])
            seeds.append([UInt8(index), 5, 0, 9, 0, 6, 0, 40])
            seeds.append([UInt8(index)] + [UInt8](repeating: 1, count: 20) + [7, 0, 10, 4, 1, 2, 3, 4])
        }
        return seeds
    }
}

/// The network of one fuzzed round: it applies the fuzzer's operation to each message and records what the
/// honest sessions revealed.
final class FuzzedNetwork {
    private let input: FuzzInput
    private let keys: [UInt32: Ed25519.PrivateKey]
    private var history: [[UInt8]] = []
    private var injections = 0
    /// Whether any message was replaced by one re-signed with its sender's key.
    private(set) var forged = false
    /// Whether any provider's message was forged, which puts the round outside the honest-provider model.
    private(set) var forgedProviderMessage = false
    /// For each dealer and secret kind, the honest providers that revealed their share of it.
    private(set) var honestReveals: [UInt32: [SecretKind: Set<UInt32>]] = [:]

    init(input: FuzzInput, keys: [UInt32: Ed25519.PrivateKey]) {
        self.input = input
        self.keys = keys
    }

    func route(sender: UInt32, recipient: UInt32, _ bytes: [UInt8]) -> [[UInt8]] {
        if sender != aggregatorParticipantID { recordReveals(sender: sender, bytes) }
        history.append(bytes)
        let operation = input.isExhausted ? 0 : input.byte() % 10
        switch operation {
        case 4:
            return []
        case 5:
            return [bytes, bytes]
        case 6:
            guard !bytes.isEmpty else { return [bytes] }
            var corrupted = bytes
            let bit = input.uint16() % (bytes.count * 8)
            corrupted[bit / 8] ^= 1 << UInt8(bit % 8)
            return [corrupted]
        case 7:
            return [forge(bytes, sender: sender, replacingType: nil)]
        case 8:
            return [forge(bytes, sender: sender, replacingType: input.byte())]
        case 9:
            guard injections < SessionFuzzing.maximumInjections else { return [bytes] }
            injections += 1
            return [history[Int(input.byte()) % history.count]]
        default:
            return [bytes]
        }
    }

    /// Re-signs `bytes` with the sender's key after changing its payload, and its type when `replacingType` is
    /// a known message type.
    private func forge(_ bytes: [UInt8], sender: UInt32, replacingType: UInt8?) -> [UInt8] {
        guard injections < SessionFuzzing.maximumInjections,
            let message = try? SignedMessage(decoding: bytes, maximumByteCount: 1 << 24),
            let key = keys[message.header.sender]
        else { return bytes }
        injections += 1
        var payload = message.payload
        var header = message.header
        if let replacingType {
            if let type = MessageType(rawValue: replacingType) { header.type = type }
            payload = input.chunk()
        } else {
            let position = payload.isEmpty ? 0 : input.uint16() % payload.count
            let patch = input.chunk(maximum: 64)
            for (offset, byte) in patch.enumerated() {
                if position + offset < payload.count {
                    payload[position + offset] = byte
                } else {
                    payload.append(byte)
                }
            }
        }
        forged = true
        if sender != aggregatorParticipantID { forgedProviderMessage = true }
        return SignedMessage.seal(header: header, payload: payload, signer: key).encoded
    }

    /// Records the shares a provider's unmasking response reveals, as the session wrote it.
    private func recordReveals(sender: UInt32, _ bytes: [UInt8]) {
        guard let message = try? SignedMessage(decoding: bytes, maximumByteCount: 1 << 24),
            message.header.type == .unmaskResponse,
            let response = try? UnmaskResponse(payload: message.payload, maximumProviders: 1 << 16)
        else { return }
        for share in response.shares {
            honestReveals[share.dealer, default: [:]][share.kind, default: []].insert(sender)
        }
    }
}
