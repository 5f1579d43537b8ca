import SecAggMasking
import SecAggPrimitives
import SecAggShamir

/// A protocol deviation injected into the aggregator, so tests and demonstrations can show that providers or an
/// auditor detect it.
package enum AggregatorFault: Sendable, Hashable {
    /// Show `provider` a survivor set without one of the other survivors, then ask it to unmask with the real one.
    case equivocateSurvivorSet(provider: UInt32)
    /// Ask every holder of `dealer`'s shares for both of its secrets.
    case requestBothShares(dealer: UInt32)
    /// Report a sum with its first coordinate increased by one.
    case misreportSum
}

/// The aggregator's side of one round: messages from providers go in, messages to send come out, and at the end
/// the sum of the surviving providers' inputs.
///
/// A phase ends when every provider still in the round has responded, or when the caller stops waiting and calls
/// ``closePhase()``. Providers that have not responded by then count as dropped. The aggregator keeps
/// one running sum, O(m) memory, and records every accepted message in its ``transcript``.
///
/// Not thread-safe: drive one session from one thread at a time.
public final class AggregatorSession {
    /// The round's public parameters.
    public let configuration: RoundConfiguration
    /// The current phase; ``RoundPhase/completed`` or ``RoundPhase/aborted`` at the end.
    public private(set) var phase: RoundPhase = .advertiseKeys
    /// Rejected messages, in arrival order.
    public private(set) var violations: [Violation] = []
    /// Misbehaviour the aggregator attributed to providers.
    public private(set) var blames: [Blame] = []
    /// The reason the round ended without a sum.
    public private(set) var abortReason: AbortReason?
    /// The result, once the round completed.
    public private(set) var result: RoundResult?
    /// The signed messages of the round, in order, for audit.
    public private(set) var transcript = Transcript()
    /// Computation time per phase.
    public private(set) var timings = PhaseTimings()

    private let identityKey: Ed25519.PrivateKey
    private var random: any RandomSource
    private let eventHandler: ProtocolEventHandler?
    private let threads: Int?

    private var advertisements: [UInt32: AdvertiseKeys] = [:]
    private var sessionID = MessageHeader.noSession
    private var graph: MaskingGraph?
    private var shareKeys: [UInt32: (payload: ShareKeys, message: [UInt8])] = [:]
    private var sharers: [UInt32] = []
    private var maskedInputs: Set<UInt32> = []
    /// Providers whose first signed masked input was rejected with a blame (`malformedInput`, `rejectedInput`).
    /// That message settles their submission for the round, so later ones are rejected as duplicates.
    private var rejectedInputs: Set<UInt32> = []
    private var sum: ModularVector?
    private var blamedProviders: Set<UInt32> = []
    private var survivors: [UInt32] = []
    private var survivorSignatures: [UInt32: [UInt8]] = [:]
    private var requests: [UInt32: [UnmaskRequest.Request]] = [:]
    private var revealed: [UInt32: UnmaskResponse] = [:]
    private var responses: [(responder: UInt32, response: UnmaskResponse, message: [UInt8])] = []
    /// The transcript position of each provider's first accepted message of each type.
    private var acceptedIndex: [MessageKey: Int] = [:]
    /// A check of each provider's input metadata (see ``MaskedInput/metadata``): it returns why the input is
    /// rejected, or nil to accept it. A rejected input stays out of the sum and its sender is blamed.
    public var inputPolicy: (@Sendable (UInt32, [UInt8]) -> String?)?
    /// The metadata of each accepted masked input, by provider.
    public private(set) var inputMetadata: [UInt32: [UInt8]] = [:]
    /// Protocol deviations this aggregator makes; empty for an honest aggregator.
    package var faults: Set<AggregatorFault> = []

    /// Creates the session.
    ///
    /// - Parameters:
    ///   - configuration: the round's public parameters.
    ///   - identityKey: the aggregator's Ed25519 key, matching `configuration.aggregatorKey`.
    ///   - random: randomness for batch share verification; `SystemRandom()` outside tests.
    ///   - threads: threads for mask removal; `nil` uses every active processor.
    ///   - eventHandler: receives progress events.
    /// - Throws: ``ProtocolError/invalidConfiguration(field:reason:)`` when the key does not match.
    public init(
        configuration: RoundConfiguration, identityKey: Ed25519.PrivateKey, random: some RandomSource = SystemRandom(),
        threads: Int? = nil, eventHandler: ProtocolEventHandler? = nil
    ) throws {
        guard identityKey.publicKey == configuration.aggregatorKey else {
            throw ProtocolError.invalidConfiguration(
                field: "aggregator key", reason: "the identity key does not match the configuration")
        }
        self.configuration = configuration
        self.identityKey = identityKey
        self.random = random
        self.threads = threads
        self.eventHandler = eventHandler
        transcript.configuration = configuration
        eventHandler?(.phaseStarted(.advertiseKeys))
    }

    /// The providers still expected to respond in the current phase.
    public var pendingProviders: [UInt32] {
        switch phase {
        case .advertiseKeys: return configuration.providers.filter { advertisements[$0] == nil }
        case .shareKeys: return advertisements.keys.sorted().filter { shareKeys[$0] == nil }
        case .maskedInput: return sharers.filter { !maskedInputs.contains($0) && !rejectedInputs.contains($0) }
        case .consistencyCheck: return survivors.filter { survivorSignatures[$0] == nil }
        case .unmasking: return survivorSignatures.keys.sorted().filter { revealed[$0] == nil }
        case .completed, .aborted: return []
        }
    }

    /// The sum the aggregator announced, once the round completed: Σ of the contributors' inputs mod R.
    public var aggregate: ModularVector? {
        phase == .completed ? sum : nil
    }

    /// Processes one message from a provider and returns the messages to send. When the message is the last one
    /// the phase was waiting for, the phase closes and the next phase's messages are returned too.
    ///
    /// Never throws: a message that fails a check is recorded in ``violations`` and changes nothing.
    public func receive(_ bytes: [UInt8]) -> [OutgoingMessage] {
        let currentPhase = phase
        return timings.measure(currentPhase) {
            process(bytes)
            guard phase < .completed, pendingProviders.isEmpty else { return [] }
            return advance()
        }
    }

    /// Ends the current phase with the providers that responded; the others count as dropped.
    ///
    /// - Returns: the next phase's messages, the result, or the abort notice.
    public func closePhase() -> [OutgoingMessage] {
        guard phase < .completed else { return [] }
        let currentPhase = phase
        return timings.measure(currentPhase) { advance() }
    }

    // MARK: Receiving

    private func process(_ bytes: [UInt8]) {
        let message: SignedMessage
        do {
            message = try SignedMessage(decoding: bytes, maximumByteCount: configuration.maximumMessageByteCount)
        } catch {
            reject(nil, nil, .malformed(reason: "\(error)"), bytes)
            return
        }
        let header = message.header
        guard header.taskID == configuration.taskID else { return reject(message, .wrongTask) }
        guard header.round == configuration.round else { return reject(message, .wrongRound(round: header.round)) }
        guard let senderKey = configuration.identityKeys[header.sender] else { return reject(message, .unknownSender) }
        guard header.recipient == aggregatorParticipantID else {
            return reject(message, .wrongRecipient(recipient: header.recipient))
        }
        guard message.isSigned(by: senderKey) else { return reject(message, .badSignature) }
        let expectedSession = header.type == .advertiseKeys ? MessageHeader.noSession : sessionID
        guard header.sessionID == expectedSession else { return reject(message, .wrongSession) }
        // The transcript ends with the signed result or abort, so nothing that arrives later is recorded or blamed.
        guard phase < .completed else { return reject(message, .wrongPhase(type: header.type, phase: phase)) }

        // A second message of a type the sender already had accepted is a retransmission or an equivocation,
        // whatever the phase.
        let alreadyAccepted =
            header.type == .advertiseKeys
            ? advertisements[header.sender] != nil
            : acceptedIndex[MessageKey(sender: header.sender, type: header.type)] != nil
        if alreadyAccepted { return rejectDuplicate(message) }
        if header.type == .maskedInput && rejectedInputs.contains(header.sender) {
            // The sender is already blamed and excluded for its first masked input, and the transcript has no
            // masked input of it, so this one is dropped without a record or a second blame.
            return reject(message, .duplicate(type: .maskedInput))
        }

        switch (header.type, phase) {
        case (.advertiseKeys, .advertiseKeys): receiveAdvertisement(message)
        case (.shareKeys, .shareKeys): receiveShareKeys(message)
        case (.maskedInput, .maskedInput): receiveMaskedInput(message)
        case (.maskedInput, _) where phase > .maskedInput: reject(message, .lateMaskedInput)
        case (.survivorSignature, .consistencyCheck): receiveSurvivorSignature(message)
        case (.unmaskResponse, .unmasking): receiveUnmaskResponse(message)
        default: reject(message, .wrongPhase(type: header.type, phase: phase))
        }
    }

    private func receiveAdvertisement(_ message: SignedMessage) {
        let sender = message.header.sender
        guard advertisements[sender] == nil else { return rejectDuplicate(message) }
        do {
            advertisements[sender] = try AdvertiseKeys(message)
        } catch {
            reject(message, .invalidContent(reason: "\(error)"))
        }
    }

    private func receiveShareKeys(_ message: SignedMessage) {
        let dealer = message.header.sender
        guard advertisements[dealer] != nil else { return reject(message, .unknownSender) }
        guard shareKeys[dealer] == nil else { return rejectDuplicate(message) }
        guard let graph, let dealerKey = configuration.identityKeys[dealer] else { return }
        do {
            let payload = try ShareKeys(
                payload: message.payload, maximumProviders: configuration.providers.count,
                maximumByteCount: configuration.maximumMessageByteCount)
            let neighbours = try graph.neighbours(of: dealer)
            guard payload.shares.map(\.recipient) == neighbours else {
                return reject(message, .invalidContent(reason: "encrypted shares are not addressed to the neighbours"))
            }
            for (kind, signed) in [
                (SecretKind.selfMaskSeed, payload.selfSeedCommitments),
                (SecretKind.maskAgreementKey, payload.maskKeyCommitments),
            ] {
                try signed.verify(dealer: dealerKey)
                guard signed.commitments.threshold == configuration.threshold,
                    signed.commitments.splitID
                        == (try ProtocolDerivation.splitID(sessionID: sessionID, dealer: dealer, kind: kind))
                else {
                    return reject(
                        message, .invalidContent(reason: "\(kind) commitments have the wrong split or threshold"))
                }
            }
            for share in payload.shares {
                guard share.dealer == dealer, share.sessionID == sessionID, share.taskID == configuration.taskID,
                    share.round == configuration.round, share.isSigned(by: dealerKey)
                else {
                    return reject(message, .invalidContent(reason: "encrypted share for \(share.recipient) is invalid"))
                }
            }
            shareKeys[dealer] = (payload, message.encoded)
            recordAccepted(message)
        } catch {
            reject(message, .invalidContent(reason: "\(error)"))
        }
    }

    private func receiveMaskedInput(_ message: SignedMessage) {
        let sender = message.header.sender
        guard sharers.contains(sender) else { return reject(message, .unknownSender) }
        guard !maskedInputs.contains(sender) else { return rejectDuplicate(message) }
        let input: MaskedInput
        do {
            input = try MaskedInput(
                payload: message.payload, length: configuration.vectorLength, modulus: configuration.modulus,
                maximumProviders: configuration.providers.count,
                maximumByteCount: configuration.maximumMessageByteCount)
        } catch {
            // The sender signed this payload, so a malformed input is its own doing.
            reject(message, .invalidContent(reason: "\(error)"))
            blame(sender, .malformedInput(reason: "\(error)"), evidence: [message.encoded])
            rejectedInputs.insert(sender)
            return
        }
        if let inputPolicy, let reason = inputPolicy(sender, input.metadata) {
            reject(message, .invalidContent(reason: reason))
            blame(sender, .rejectedInput(reason: reason), evidence: [message.encoded])
            rejectedInputs.insert(sender)
            return
        }
        guard var running = sum else { return }
        do {
            try running.add(input.vector)
        } catch {
            return reject(message, .invalidContent(reason: "\(error)"))
        }
        sum = running
        maskedInputs.insert(sender)
        inputMetadata[sender] = input.metadata
        recordAccepted(message)
        for complaint in input.complaints {
            let dealer = complaint.share.dealer
            guard let dealerKey = configuration.identityKeys[dealer], sharers.contains(dealer),
                complaint.proves(dealer: dealer, dealerKey: dealerKey, recipient: sender, sessionID: sessionID)
            else {
                violations.append(
                    Violation(
                        sender: sender, type: .maskedInput,
                        kind: .invalidContent(reason: "complaint against provider \(dealer) does not check"),
                        evidence: complaint.encoded()))
                continue
            }
            blame(dealer, .badShare(recipient: sender, kind: complaint.kind), evidence: [complaint.encoded()])
        }
    }

    private func receiveSurvivorSignature(_ message: SignedMessage) {
        let sender = message.header.sender
        guard survivors.contains(sender), let key = configuration.identityKeys[sender] else {
            return reject(message, .unknownSender)
        }
        guard survivorSignatures[sender] == nil else { return rejectDuplicate(message) }
        guard let signature = try? SurvivorSignature(payload: message.payload) else {
            return reject(message, .malformed(reason: "survivor signature is not 64 bytes"))
        }
        let signed = ProtocolDerivation.survivorSetSignedBytes(
            taskID: configuration.taskID, round: configuration.round, sessionID: sessionID, survivors: survivors)
        guard key.isValidSignature(signature.signature, for: signed) else {
            return reject(message, .invalidContent(reason: "signature over the survivor set does not verify"))
        }
        survivorSignatures[sender] = signature.signature
        recordAccepted(message)
    }

    private func receiveUnmaskResponse(_ message: SignedMessage) {
        let sender = message.header.sender
        guard let asked = requests[sender] else { return reject(message, .unknownSender) }
        guard revealed[sender] == nil else { return rejectDuplicate(message) }
        guard
            let response = try? UnmaskResponse(
                payload: message.payload, maximumProviders: configuration.providers.count)
        else {
            return reject(message, .malformed(reason: "unmask response does not decode"))
        }
        let askedSet = Set(asked.map { RequestKey(dealer: $0.dealer, kind: $0.kind) })
        guard let x = configuration.shareIndex(of: sender) else { return }
        for entry in response.shares {
            guard askedSet.contains(RequestKey(dealer: entry.dealer, kind: entry.kind)), entry.share.x == x,
                entry.share.splitID
                    == (try? ProtocolDerivation.splitID(sessionID: sessionID, dealer: entry.dealer, kind: entry.kind))
            else {
                return reject(message, .invalidContent(reason: "revealed share for \(entry.dealer) was not requested"))
            }
        }
        revealed[sender] = response
        responses.append((sender, response, message.encoded))
        recordAccepted(message)
    }

    // MARK: Advancing

    private func advance() -> [OutgoingMessage] {
        let dropped = pendingProviders
        if !dropped.isEmpty { eventHandler?(.providersDropped(phase, providers: dropped)) }
        switch phase {
        case .advertiseKeys: return closeAdvertiseKeys()
        case .shareKeys: return closeShareKeys()
        case .maskedInput: return closeMaskedInput()
        case .consistencyCheck: return closeConsistencyCheck()
        case .unmasking: return closeUnmasking()
        case .completed, .aborted: return []
        }
    }

    private func closeAdvertiseKeys() -> [OutgoingMessage] {
        let advertised = advertisements.keys.sorted()
        guard advertised.count > configuration.threshold else {
            return abort(
                .tooFewProviders(phase: .advertiseKeys, remaining: advertised.count, threshold: configuration.threshold)
            )
        }
        let roster = KeyRoster(advertisements: Array(advertisements.values))
        sessionID = ProtocolDerivation.sessionID(
            taskID: configuration.taskID, round: configuration.round, advertisements: roster.advertisements)
        do {
            graph = try configuration.maskingGraph(over: advertised, sessionID: sessionID)
            let context = try configuration.maskContext(sessionID: sessionID)
            sum = try ModularVector(zeros: context.length, modulus: context.modulus)
        } catch {
            return abort(.aggregatorMisbehaved(reason: "cannot build the graph: \(error)"))
        }
        let message = sign(.keyRoster, roster.payload(), to: broadcastParticipantID)
        transcript.append(message)
        enter(.shareKeys, remaining: advertised.count)
        return [OutgoingMessage(recipient: broadcastParticipantID, bytes: message)]
    }

    private func closeShareKeys() -> [OutgoingMessage] {
        guard let graph else { return [] }
        let (members, excluded) = UnmaskingState.eligibleSharers(
            graph: graph, shared: Set(shareKeys.keys), threshold: configuration.threshold)
        if !excluded.isEmpty { eventHandler?(.providersDropped(.shareKeys, providers: excluded.sorted())) }
        sharers = members
        guard sharers.count > configuration.threshold else {
            return abort(
                .tooFewProviders(phase: .shareKeys, remaining: sharers.count, threshold: configuration.threshold))
        }
        var outgoing = [OutgoingMessage]()
        for recipient in sharers {
            let neighbours = ((try? graph.neighbours(of: recipient)) ?? []).filter {
                shareKeys[$0] != nil && sharers.contains($0)
            }
            var entries = [ShareBundle.Entry]()
            for dealer in neighbours {
                guard let payload = shareKeys[dealer]?.payload,
                    let share = payload.shares.first(where: { $0.recipient == recipient })
                else { continue }
                entries.append(
                    ShareBundle.Entry(
                        dealer: dealer, selfSeedCommitments: payload.selfSeedCommitments,
                        maskKeyCommitments: payload.maskKeyCommitments, share: share))
            }
            let message = sign(.shareBundle, ShareBundle(entries: entries).payload(), to: recipient)
            outgoing.append(OutgoingMessage(recipient: recipient, bytes: message))
        }
        enter(.maskedInput, remaining: sharers.count)
        return outgoing
    }

    private func closeMaskedInput() -> [OutgoingMessage] {
        // A blamed provider's masked input is taken out of the sum again; its masks are then removed like those
        // of a provider that dropped out after sharing.
        for provider in blamedProviders.sorted() where maskedInputs.contains(provider) {
            guard let index = acceptedIndex[MessageKey(sender: provider, type: .maskedInput)], var running = sum,
                let message = try? SignedMessage(
                    decoding: transcript.messages[index], maximumByteCount: configuration.maximumMessageByteCount),
                let input = try? MaskedInput(
                    payload: message.payload, length: configuration.vectorLength, modulus: configuration.modulus,
                    maximumProviders: configuration.providers.count,
                    maximumByteCount: configuration.maximumMessageByteCount),
                (try? running.subtract(input.vector)) != nil
            else { continue }
            sum = running
            maskedInputs.remove(provider)
        }
        survivors = sharers.filter { maskedInputs.contains($0) && !blamedProviders.contains($0) }
        guard survivors.count >= configuration.threshold else {
            return abort(
                .tooFewProviders(phase: .maskedInput, remaining: survivors.count, threshold: configuration.threshold))
        }
        if let shortfall = unmaskingState?.holderShortfall(respondents: Set(survivors), phase: .maskedInput) {
            return abort(shortfall)
        }
        let message = sign(.survivorSet, SurvivorSet(survivors: survivors).payload(), to: broadcastParticipantID)
        transcript.append(message)
        enter(.consistencyCheck, remaining: survivors.count)
        return survivors.map { survivor in
            guard faults.contains(.equivocateSurvivorSet(provider: survivor)),
                let other = survivors.first(where: { $0 != survivor })
            else { return OutgoingMessage(recipient: survivor, bytes: message) }
            let forged = SurvivorSet(survivors: survivors.filter { $0 != other })
            return OutgoingMessage(recipient: survivor, bytes: sign(.survivorSet, forged.payload(), to: survivor))
        }
    }

    private func closeConsistencyCheck() -> [OutgoingMessage] {
        let signers = survivorSignatures.keys.sorted()
        let required = configuration.consistencyThreshold(advertised: advertisements.count)
        guard signers.count >= required, let graph else {
            return abort(.tooFewProviders(phase: .consistencyCheck, remaining: signers.count, threshold: required))
        }
        if let shortfall = unmaskingState?.holderShortfall(respondents: Set(signers), phase: .consistencyCheck) {
            return abort(shortfall)
        }
        let survivorSet = Set(survivors)
        let sharerSet = Set(sharers)
        let signatures = signers.compactMap { signer in survivorSignatures[signer].map { (signer, $0) } }
        var outgoing = [OutgoingMessage]()
        var recipients = signers
        for case .equivocateSurvivorSet(let provider) in faults where !recipients.contains(provider) {
            recipients.append(provider)
        }
        for provider in recipients {
            let peers = ((try? graph.neighbours(of: provider)) ?? []).filter { sharerSet.contains($0) }
            var asked = peers.map { peer in
                UnmaskRequest.Request(
                    dealer: peer, kind: survivorSet.contains(peer) ? .selfMaskSeed : .maskAgreementKey)
            }
            for case .requestBothShares(let dealer) in faults where peers.contains(dealer) {
                asked.append(UnmaskRequest.Request(dealer: dealer, kind: .selfMaskSeed))
                asked.append(UnmaskRequest.Request(dealer: dealer, kind: .maskAgreementKey))
                asked = Array(Set(asked.map { RequestKey(dealer: $0.dealer, kind: $0.kind) }))
                    .map { UnmaskRequest.Request(dealer: $0.dealer, kind: $0.kind) }
            }
            requests[provider] = asked
            let payload = UnmaskRequest(survivors: survivors, signatures: signatures, requests: asked).payload()
            let message = sign(.unmaskRequest, payload, to: provider)
            transcript.append(message)
            outgoing.append(OutgoingMessage(recipient: provider, bytes: message))
        }
        enter(.unmasking, remaining: signers.count)
        return outgoing
    }

    private func closeUnmasking() -> [OutgoingMessage] {
        guard let state = unmaskingState, var running = sum else { return [] }
        var source = random
        let rebuilt = state.maskTerms(responses: responses, using: &source)
        random = source
        for entry in rebuilt.blames { blame(entry.accused, entry.offence, evidence: entry.evidence) }
        if let failure = rebuilt.failure { return abort(failure) }
        do {
            try MaskEngine.apply(rebuilt.terms, to: &running, threads: threads)
        } catch {
            return abort(.aggregatorMisbehaved(reason: "cannot remove the masks: \(error)"))
        }
        var reported = running.residues
        if faults.contains(.misreportSum), !reported.isEmpty {
            reported[0] = configuration.modulus.add(reported[0], 1)
            running = (try? ModularVector(residues: reported, modulus: configuration.modulus)) ?? running
        }
        sum = running
        let outcome = RoundResult(
            contributors: survivors, blamed: blamedProviders.sorted(), transcriptDigest: transcript.digest(),
            sum: reported)
        result = outcome
        let message = sign(
            .roundResult, outcome.payload(bitWidth: configuration.modulus.bitWidth), to: broadcastParticipantID)
        transcript.append(message)
        phase = .completed
        eventHandler?(.completed(contributors: survivors.count))
        return [OutgoingMessage(recipient: broadcastParticipantID, bytes: message)]
    }

    /// The round state that unmasking needs, once the graph exists.
    private var unmaskingState: UnmaskingState? {
        guard let graph else { return nil }
        return UnmaskingState(
            configuration: configuration, sessionID: sessionID, graph: graph, advertisements: advertisements,
            shareKeys: shareKeys, sharers: sharers, survivors: survivors)
    }

    // MARK: Helpers

    /// Appends an accepted provider message to the transcript and remembers where it is.
    private func recordAccepted(_ message: SignedMessage) {
        acceptedIndex[MessageKey(sender: message.header.sender, type: message.header.type)] = transcript.messages.count
        transcript.append(message.encoded)
    }

    private struct RequestKey: Hashable {
        let dealer: UInt32
        let kind: SecretKind
    }

    private func sign(_ type: MessageType, _ payload: [UInt8], to recipient: UInt32) -> [UInt8] {
        let header = MessageHeader(
            type: type, taskID: configuration.taskID, round: configuration.round, sessionID: sessionID,
            sender: aggregatorParticipantID, recipient: recipient)
        return SignedMessage.seal(header: header, payload: payload, signer: identityKey).encoded
    }

    private func enter(_ next: RoundPhase, remaining: Int) {
        eventHandler?(.phaseClosed(phase, remaining: remaining))
        phase = next
        eventHandler?(.phaseStarted(next))
    }

    private func abort(_ reason: AbortReason) -> [OutgoingMessage] {
        phase = .aborted
        abortReason = reason
        sum = nil
        eventHandler?(.aborted(reason))
        let message = sign(.abort, AbortNotice(reason: reason.description).payload(), to: broadcastParticipantID)
        transcript.append(message)
        return [OutgoingMessage(recipient: broadcastParticipantID, bytes: message)]
    }

    private func blame(_ accused: UInt32, _ offence: Offence, evidence: [[UInt8]]) {
        if accused != aggregatorParticipantID { blamedProviders.insert(accused) }
        let entry = Blame(accused: accused, offence: offence, evidence: evidence)
        blames.append(entry)
        eventHandler?(.blamed(entry))
    }

    /// Rejects a second message of a type from one sender: the first accepted one counts for the whole round.
    /// Two different signed messages of one type are an equivocation by that provider, so it is blamed and the
    /// second goes into the transcript, where an auditor finds the same pair. An identical copy is only a
    /// retransmission.
    ///
    /// Like every blame, this one excludes the provider only while the masked-input phase is open (its input is
    /// then subtracted when the phase closes). Once the survivor set is out, the provider's input stays in the
    /// sum and the result names it among the blamed.
    private func rejectDuplicate(_ message: SignedMessage) {
        let sender = message.header.sender
        let type = message.header.type
        reject(message, .duplicate(type: type))
        let first: [UInt8]?
        if type == .advertiseKeys {
            first = advertisements[sender]?.message.encoded
        } else {
            first = acceptedIndex[MessageKey(sender: sender, type: type)].map { transcript.messages[$0] }
        }
        if let first, first != message.encoded {
            transcript.append(message.encoded)
            blame(sender, .conflictingMessages(type: type), evidence: [first, message.encoded])
        }
    }

    private func reject(_ message: SignedMessage, _ kind: ViolationKind) {
        reject(message.header.sender, message.header.type, kind, message.encoded)
    }

    private func reject(_ sender: UInt32?, _ type: MessageType?, _ kind: ViolationKind, _ bytes: [UInt8]) {
        let violation = Violation(sender: sender, type: type, kind: kind, evidence: bytes)
        violations.append(violation)
        eventHandler?(.messageRejected(violation))
    }
}
