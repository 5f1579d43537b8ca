import SecAggMasking
import SecAggPrimitives
import SecAggShamir

/// A problem an audit found in a transcript.
public enum AuditFinding: Sendable, Equatable, CustomStringConvertible {
    /// The transcript has no configuration.
    case missingConfiguration
    /// A message does not decode, is not signed by its sender, or belongs to another task or round.
    case invalidMessage(index: Int, reason: String)
    /// A message the recomputation needs is missing.
    case missingMessage(type: MessageType)
    /// The aggregator's survivor set differs from the one the transcript's messages imply.
    case survivorSetMismatch(recorded: [UInt32], recomputed: [UInt32])
    /// A provider's signature over the survivor set does not verify.
    case invalidSurvivorSignature(provider: UInt32)
    /// The aggregator asked a provider for a share that would expose an input.
    case forbiddenShareRequest(recipient: UInt32, dealer: UInt32, kind: SecretKind)
    /// The secrets could not be rebuilt from the revealed shares.
    case unmaskingFailed(reason: String)
    /// The result lists other contributors than the survivor set.
    case contributorsMismatch(reported: [UInt32], survivors: [UInt32])
    /// The result's transcript digest does not match the messages before it.
    case digestMismatch
    /// The reported sum differs from the recomputed one at a coordinate.
    case sumMismatch(coordinate: Int, reported: UInt64, recomputed: UInt64)

    public var description: String {
        switch self {
        case .missingConfiguration: return "the transcript has no round configuration"
        case .invalidMessage(let index, let reason): return "message \(index) is invalid: \(reason)"
        case .missingMessage(let type): return "the transcript has no \(type) message"
        case .survivorSetMismatch(let recorded, let recomputed):
            return "survivor set \(recorded) differs from the recomputed \(recomputed)"
        case .invalidSurvivorSignature(let provider): return "provider \(provider)'s survivor signature does not verify"
        case .forbiddenShareRequest(let recipient, let dealer, let kind):
            return "the aggregator asked provider \(recipient) for the \(kind) share of provider \(dealer)"
        case .unmaskingFailed(let reason): return "the masks cannot be removed: \(reason)"
        case .contributorsMismatch(let reported, let survivors):
            return "the result names contributors \(reported), the survivor set is \(survivors)"
        case .digestMismatch: return "the result's transcript digest does not match the messages before it"
        case .sumMismatch(let coordinate, let reported, let recomputed):
            return "coordinate \(coordinate) of the reported sum is \(reported), recomputed \(recomputed)"
        }
    }
}

/// The outcome of auditing a transcript.
public struct AuditReport: Sendable {
    /// Every problem found; empty when the transcript checks.
    public let findings: [AuditFinding]
    /// The coordinates whose sums were recomputed.
    public let checkedCoordinates: Int
    /// The providers whose inputs the result sums.
    public let contributors: [UInt32]
    /// Whether the round ended with a result (rather than an abort).
    public let hasResult: Bool
    /// The aggregator-signed result message, the evidence when a sum does not match.
    public let resultMessage: [UInt8]?

    /// Whether the transcript checks.
    public var passed: Bool { findings.isEmpty }
}

/// Recomputes a round from its transcript: every signature, the survivor set, the secrets from the revealed
/// shares, and the sum, in full or on a random sample of coordinates.
///
/// A mismatch between the recomputed and the reported sum, together with the transcript (every message in it is
/// signed by its sender, and the aggregator's signed result commits to the transcript digest), is evidence that
/// the aggregator misreported.
public enum TranscriptAudit {
    /// Audits `transcript`.
    ///
    /// - Parameters:
    ///   - sampleCoordinates: how many coordinates to recompute, chosen uniformly from `source`; `nil` checks all.
    ///   - source: randomness for the coordinate sample and the batch share checks.
    public static func audit(
        _ transcript: Transcript, sampleCoordinates: Int? = nil, using source: inout some RandomSource
    ) -> AuditReport {
        var auditor = Auditor(transcript: transcript)
        return auditor.run(sampleCoordinates: sampleCoordinates, source: &source)
    }

    /// Audits `transcript` with randomness from the system CSPRNG.
    public static func audit(_ transcript: Transcript, sampleCoordinates: Int? = nil) -> AuditReport {
        var source = SystemRandom()
        return audit(transcript, sampleCoordinates: sampleCoordinates, using: &source)
    }
}

private struct Auditor {
    let transcript: Transcript
    var findings: [AuditFinding] = []

    init(transcript: Transcript) {
        self.transcript = transcript
    }

    private func report(checked: Int = 0, contributors: [UInt32] = [], result: [UInt8]? = nil) -> AuditReport {
        AuditReport(
            findings: findings, checkedCoordinates: checked, contributors: contributors, hasResult: result != nil,
            resultMessage: result)
    }

    mutating func run(sampleCoordinates: Int?, source: inout some RandomSource) -> AuditReport {
        guard let configuration = transcript.configuration else {
            findings.append(.missingConfiguration)
            return report()
        }
        var decoded = [(index: Int, message: SignedMessage)]()
        for (index, bytes) in transcript.messages.enumerated() {
            guard let message = check(bytes, index: index, configuration: configuration) else { continue }
            decoded.append((index, message))
        }
        if decoded.contains(where: { $0.message.header.type == .abort }) {
            // An aborted round has no sum to check; the signatures above are all there is.
            return report()
        }
        guard let rosterMessage = decoded.first(where: { $0.message.header.type == .keyRoster })?.message,
            let roster = try? KeyRoster(
                payload: rosterMessage.payload, maximumProviders: configuration.providers.count,
                maximumMessageByteCount: configuration.maximumMessageByteCount)
        else {
            findings.append(.missingMessage(type: .keyRoster))
            return report()
        }
        var advertisements = [UInt32: AdvertiseKeys]()
        for advertisement in roster.advertisements {
            guard let key = configuration.identityKeys[advertisement.provider], advertisement.message.isSigned(by: key)
            else {
                findings.append(
                    .invalidMessage(index: 0, reason: "advertisement of \(advertisement.provider) is not signed"))
                continue
            }
            advertisements[advertisement.provider] = advertisement
        }
        let sessionID = ProtocolDerivation.sessionID(
            taskID: configuration.taskID, round: configuration.round, advertisements: roster.advertisements)
        guard let graph = try? configuration.maskingGraph(over: advertisements.keys.sorted(), sessionID: sessionID)
        else {
            findings.append(.invalidMessage(index: 0, reason: "the key roster does not yield a graph"))
            return report()
        }
        for (index, message) in decoded where message.header.type != .keyRoster {
            let expected = message.header.type == .advertiseKeys ? MessageHeader.noSession : sessionID
            if message.header.sessionID != expected {
                findings.append(.invalidMessage(index: index, reason: "carries another session id"))
            }
        }
        let survivorEntry = decoded.first { $0.message.header.type == .survivorSet }
        let accepted = Self.acceptedMessages(decoded, advertisements: advertisements)
        func firstMessages(of type: MessageType) -> [SignedMessage] {
            accepted.first.filter { $0.key.type == type }.sorted { $0.key.sender < $1.key.sender }.map(\.value)
        }

        // Phase 2: accepted share keys and the sharers they imply.
        var shareKeys = [UInt32: (payload: ShareKeys, message: [UInt8])]()
        for message in firstMessages(of: .shareKeys) {
            if let payload = try? ShareKeys(
                payload: message.payload, maximumProviders: configuration.providers.count,
                maximumByteCount: configuration.maximumMessageByteCount)
            {
                shareKeys[message.header.sender] = (payload, message.encoded)
            }
        }
        let sharers = UnmaskingState.eligibleSharers(
            graph: graph, shared: Set(shareKeys.keys), threshold: configuration.threshold
        ).members

        // Phase 3: masked inputs and the providers convicted before the survivor set, which are equivocators and
        // dealers that complaints prove wrong. A later conviction leaves the input in the sum, as at the aggregator.
        var inputs = [UInt32: ModularVector]()
        let survivorSetIndex = survivorEntry?.index ?? transcript.messages.count
        var convicted = Set(accepted.conflicts.filter { $0.index < survivorSetIndex }.map(\.sender))
        for message in firstMessages(of: .maskedInput) {
            guard
                let input = try? MaskedInput(
                    payload: message.payload, length: configuration.vectorLength, modulus: configuration.modulus,
                    maximumProviders: configuration.providers.count,
                    maximumByteCount: configuration.maximumMessageByteCount)
            else {
                let index = decoded.first { $0.message.encoded == message.encoded }?.index ?? 0
                findings.append(.invalidMessage(index: index, reason: "the accepted masked input does not decode"))
                continue
            }
            inputs[message.header.sender] = input.vector
            for complaint in input.complaints {
                let dealer = complaint.share.dealer
                if let key = configuration.identityKeys[dealer],
                    complaint.proves(
                        dealer: dealer, dealerKey: key, recipient: message.header.sender, sessionID: sessionID)
                {
                    convicted.insert(dealer)
                }
            }
        }
        let recomputedSurvivors = sharers.filter { inputs[$0] != nil && !convicted.contains($0) }

        // Phase 4: the survivor set and its signatures.
        guard let survivorMessage = survivorEntry?.message,
            let recorded = try? SurvivorSet(
                payload: survivorMessage.payload, maximumProviders: configuration.providers.count)
        else {
            findings.append(.missingMessage(type: .survivorSet))
            return report()
        }
        if recorded.survivors != recomputedSurvivors {
            findings.append(.survivorSetMismatch(recorded: recorded.survivors, recomputed: recomputedSurvivors))
        }
        let survivors = recorded.survivors
        let signedBytes = ProtocolDerivation.survivorSetSignedBytes(
            taskID: configuration.taskID, round: configuration.round, sessionID: sessionID, survivors: survivors)
        for message in firstMessages(of: .survivorSignature) {
            let sender = message.header.sender
            guard let signature = try? SurvivorSignature(payload: message.payload),
                configuration.identityKeys[sender]?.isValidSignature(signature.signature, for: signedBytes) == true
            else {
                findings.append(.invalidSurvivorSignature(provider: sender))
                continue
            }
        }

        // Phase 5: requests must never expose an input, and the responses rebuild the secrets.
        let survivorSet = Set(survivors)
        for (_, message) in decoded where message.header.type == .unmaskRequest {
            guard
                let request = try? UnmaskRequest(
                    payload: message.payload, maximumProviders: configuration.providers.count)
            else { continue }
            var asked = Set<UInt32>()
            for item in request.requests {
                let allowed: SecretKind = survivorSet.contains(item.dealer) ? .selfMaskSeed : .maskAgreementKey
                if item.kind != allowed || !asked.insert(item.dealer).inserted {
                    findings.append(
                        .forbiddenShareRequest(
                            recipient: message.header.recipient, dealer: item.dealer, kind: item.kind))
                }
            }
        }
        var responses = [(responder: UInt32, response: UnmaskResponse, message: [UInt8])]()
        for message in firstMessages(of: .unmaskResponse) {
            if let response = try? UnmaskResponse(
                payload: message.payload, maximumProviders: configuration.providers.count)
            {
                responses.append((message.header.sender, response, message.encoded))
            }
        }
        guard let resultEntry = decoded.last(where: { $0.message.header.type == .roundResult }),
            let result = try? RoundResult(
                payload: resultEntry.message.payload, length: configuration.vectorLength,
                bitWidth: configuration.modulus.bitWidth,
                modulusBound: MaskedInput.exclusiveBound(configuration.modulus),
                maximumProviders: configuration.providers.count, maximumByteCount: configuration.maximumMessageByteCount
            )
        else {
            findings.append(.missingMessage(type: .roundResult))
            return report()
        }
        if result.transcriptDigest != transcript.digest(messageCount: resultEntry.index) {
            findings.append(.digestMismatch)
        }
        if result.contributors != survivors {
            findings.append(.contributorsMismatch(reported: result.contributors, survivors: survivors))
        }
        let state = UnmaskingState(
            configuration: configuration, sessionID: sessionID, graph: graph, advertisements: advertisements,
            shareKeys: shareKeys, sharers: sharers, survivors: survivors)
        let rebuilt = state.maskTerms(responses: responses, using: &source)
        if let failure = rebuilt.failure {
            findings.append(.unmaskingFailed(reason: failure.description))
            return report(contributors: survivors, result: resultEntry.message.encoded)
        }

        // The sum, on every coordinate or on a sample.
        let length = configuration.vectorLength
        var coordinates: [Int]
        if let sampleCoordinates, sampleCoordinates < length {
            var chosen = Set<Int>()
            while chosen.count < max(sampleCoordinates, 1) { chosen.insert(Int(source.next() % UInt64(length))) }
            coordinates = chosen.sorted()
        } else {
            coordinates = Array(0..<length)
        }
        let modulus = configuration.modulus
        do {
            if coordinates.count == length {
                var sum = try ModularVector(zeros: length, modulus: modulus)
                for survivor in survivors { if let input = inputs[survivor] { try sum.add(input) } }
                try MaskEngine.apply(rebuilt.terms, to: &sum)
                for coordinate in coordinates where sum[coordinate] != result.sum[coordinate] {
                    findings.append(
                        .sumMismatch(
                            coordinate: coordinate, reported: result.sum[coordinate], recomputed: sum[coordinate]))
                }
            } else {
                for coordinate in coordinates {
                    var value: UInt64 = 0
                    for survivor in survivors {
                        if let input = inputs[survivor] { value = modulus.add(value, input[coordinate]) }
                    }
                    var single = try ModularVector(residues: [value], modulus: modulus)
                    try MaskEngine.apply(rebuilt.terms, to: &single, firstCoordinate: coordinate, threads: 1)
                    if single[0] != result.sum[coordinate] {
                        findings.append(
                            .sumMismatch(
                                coordinate: coordinate, reported: result.sum[coordinate], recomputed: single[0]))
                    }
                }
            }
        } catch {
            findings.append(.unmaskingFailed(reason: "\(error)"))
        }
        return report(checked: coordinates.count, contributors: survivors, result: resultEntry.message.encoded)
    }

    /// Returns each provider's first message of each type (for `AdvertiseKeys`, the one in the key roster), which
    /// counts for the whole round. It also returns the transcript positions of later, different messages of one
    /// type, which the aggregator records as evidence of equivocation next to its blame.
    static func acceptedMessages(
        _ decoded: [(index: Int, message: SignedMessage)], advertisements: [UInt32: AdvertiseKeys]
    ) -> (first: [MessageKey: SignedMessage], conflicts: [(index: Int, sender: UInt32)]) {
        var first = [MessageKey: SignedMessage]()
        for (sender, advertisement) in advertisements {
            first[MessageKey(sender: sender, type: .advertiseKeys)] = advertisement.message
        }
        var conflicts = [(index: Int, sender: UInt32)]()
        for (index, message) in decoded where message.header.sender != aggregatorParticipantID {
            let key = MessageKey(sender: message.header.sender, type: message.header.type)
            guard let earlier = first[key] else {
                first[key] = message
                continue
            }
            if earlier.encoded != message.encoded { conflicts.append((index, message.header.sender)) }
        }
        return (first, conflicts)
    }

    private mutating func check(_ bytes: [UInt8], index: Int, configuration: RoundConfiguration) -> SignedMessage? {
        guard let message = try? SignedMessage(decoding: bytes, maximumByteCount: configuration.maximumMessageByteCount)
        else {
            findings.append(.invalidMessage(index: index, reason: "does not decode"))
            return nil
        }
        let sender = message.header.sender
        let key = sender == aggregatorParticipantID ? configuration.aggregatorKey : configuration.identityKeys[sender]
        guard let key, message.isSigned(by: key) else {
            findings.append(.invalidMessage(index: index, reason: "not signed by its sender \(sender)"))
            return nil
        }
        guard message.header.taskID == configuration.taskID, message.header.round == configuration.round else {
            findings.append(.invalidMessage(index: index, reason: "belongs to another task or round"))
            return nil
        }
        return message
    }
}
