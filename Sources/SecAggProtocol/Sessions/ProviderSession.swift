import SecAggMasking
import SecAggPrimitives
import SecAggShamir

/// A protocol deviation injected into a provider, so tests and demonstrations can show that it is detected and
/// attributed.
package enum ProviderFault: Sendable, Hashable {
    /// Deal `recipient` a self-mask-seed share that does not match the signed commitments.
    case badShare(recipient: UInt32)
    /// Deal the lowest-numbered neighbour a self-mask-seed share that does not match the signed commitments.
    case badShareToFirstNeighbour
    /// Reveal altered shares at unmasking.
    case bogusRevealedShares
    /// Share a mask-agreement scalar other than the one the advertised key derives from.
    case inconsistentMaskScalar
    /// Send a masked input one coordinate short.
    case malformedInput
    /// Send a second, different masked input after the first.
    case conflictingMaskedInput
    /// Send a second, different masked input with the survivor signature, after the masked-input phase closed.
    case lateConflictingMaskedInput
    /// Send the masked input twice.
    case duplicateMaskedInput
}

/// The provider's side of one round: bytes from the aggregator go in, bytes to send come out.
///
/// The session is independent of transport. Call ``start()`` once, then pass every message from the aggregator to
/// ``receive(_:)`` and send what it returns. A message that fails any check is recorded in ``violations`` and
/// ignored. Instructions from the aggregator that would expose the provider's input (a forged survivor set, a
/// request for both shares of one provider) stop the session with a ``Blame`` against the aggregator, and nothing
/// further is revealed.
///
/// Not thread-safe: drive one session from one thread at a time.
public final class ProviderSession {
    /// The round's public parameters.
    public let configuration: RoundConfiguration
    /// This provider's id.
    public let id: UInt32
    /// The current phase; ``RoundPhase/completed`` or ``RoundPhase/aborted`` at the end.
    public private(set) var phase: RoundPhase = .advertiseKeys
    /// Rejected messages, in arrival order.
    public private(set) var violations: [Violation] = []
    /// Misbehaviour this provider detected.
    public private(set) var blames: [Blame] = []
    /// The round's result, once the aggregator announced it.
    public private(set) var result: RoundResult?
    /// The reason the round ended without a result for this provider.
    public private(set) var abortReason: AbortReason?
    /// Computation time per phase: the work a phase's message from the aggregator triggers counts in the phase
    /// it starts (the share bundle's verification and the masking count in ``RoundPhase/maskedInput``).
    public private(set) var timings = PhaseTimings()
    /// Bytes this provider sent, for communication-cost measurements.
    public private(set) var bytesSent = 0

    private let identityKey: Ed25519.PrivateKey
    private var input: ModularVector?
    private let metadata: [UInt8]
    private var random: any RandomSource
    private let eventHandler: ProtocolEventHandler?
    private let threads: Int?

    private let encryptionKey: X25519.PrivateKey
    private var maskScalar: Ristretto255.Scalar?
    private let maskKey: X25519.PrivateKey
    private var selfScalar: Ristretto255.Scalar?
    private var ownAdvertisement: AdvertiseKeys?

    private var sessionID = MessageHeader.noSession
    private var advertisements: [UInt32: AdvertiseKeys] = [:]
    private var graph: MaskingGraph?
    private var heldShares: [UInt32: (selfSeed: Share, maskKey: Share)] = [:]
    private var maskingPeers: [UInt32] = []
    private var signedSurvivors: [UInt32]?
    private var survivorSetMessage: [UInt8] = []
    /// The second masked input that ``ProviderFault/lateConflictingMaskedInput`` sends with the survivor signature.
    private var lateMaskedInput: [UInt8]?
    private var seen: Set<MessageType> = []
    /// Protocol deviations this provider makes; empty for an honest provider.
    package var faults: Set<ProviderFault> = []

    /// Creates the session with this provider's input vector.
    ///
    /// - Parameters:
    ///   - configuration: the round's public parameters.
    ///   - id: this provider's id, which must be on the roster.
    ///   - identityKey: this provider's Ed25519 identity key, matching the roster.
    ///   - input: the quantized update, `configuration.vectorLength` residues mod `configuration.modulus`.
    ///   - metadata: public facts sent with the masked input, such as the declared weight; at most 4096 bytes.
    ///   - random: the source of every secret this session draws; `SystemRandom()` outside tests.
    ///   - threads: threads for mask expansion; `nil` uses every active processor.
    ///   - eventHandler: receives progress events.
    /// - Throws: ``ProtocolError/unknownProvider(id:)``, ``ProtocolError/invalidConfiguration(field:reason:)`` when
    ///   the identity key does not match the roster, and ``ProtocolError/invalidInput(reason:)``.
    public init(
        configuration: RoundConfiguration, id: UInt32, identityKey: Ed25519.PrivateKey, input: ModularVector,
        metadata: [UInt8] = [], random: some RandomSource = SystemRandom(), threads: Int? = nil,
        eventHandler: ProtocolEventHandler? = nil
    ) throws {
        guard metadata.count <= MaskedInput.maximumMetadataByteCount else {
            throw ProtocolError.invalidInput(
                reason: "metadata is \(metadata.count) bytes, the maximum is \(MaskedInput.maximumMetadataByteCount)")
        }
        guard let rosterKey = configuration.identityKeys[id] else { throw ProtocolError.unknownProvider(id: id) }
        guard rosterKey == identityKey.publicKey else {
            throw ProtocolError.invalidConfiguration(
                field: "identity key", reason: "provider \(id)'s key does not match the roster")
        }
        guard input.count == configuration.vectorLength, input.modulus == configuration.modulus else {
            throw ProtocolError.invalidInput(
                reason: "expected \(configuration.vectorLength) residues mod \(configuration.modulus), "
                    + "got \(input.count) mod \(input.modulus)")
        }
        self.configuration = configuration
        self.id = id
        self.identityKey = identityKey
        self.input = input
        self.metadata = metadata
        self.random = random
        self.threads = threads
        self.eventHandler = eventHandler
        var source = random
        encryptionKey = X25519.PrivateKey(using: &source)
        let scalar = Ristretto255.Scalar.random(using: &source)
        maskKey = try ProtocolDerivation.maskAgreementKey(
            from: scalar, taskID: configuration.taskID, round: configuration.round, provider: id)
        maskScalar = scalar
        self.random = source
    }

    /// Starts the round: returns the signed `AdvertiseKeys` message for the aggregator.
    ///
    /// - Throws: ``ProtocolError/wrongState(operation:phase:)`` when called twice.
    public func start() throws -> [OutgoingMessage] {
        guard ownAdvertisement == nil, phase == .advertiseKeys else {
            throw ProtocolError.wrongState(operation: "start", phase: phase)
        }
        return timings.measure(.advertiseKeys) {
            eventHandler?(.phaseStarted(.advertiseKeys))
            let advertisement = AdvertiseKeys(
                provider: id, encryptionKey: encryptionKey.publicKey, maskKey: maskKey.publicKey,
                taskID: configuration.taskID, round: configuration.round, signer: identityKey)
            ownAdvertisement = advertisement
            return [send(advertisement.message.encoded)]
        }
    }

    /// Processes one message from the aggregator and returns the messages to send in reply.
    ///
    /// Never throws: a message that fails a check is recorded in ``violations`` and changes nothing.
    public func receive(_ bytes: [UInt8]) -> [OutgoingMessage] {
        // A message from the aggregator starts the work of the next phase, so its time counts there.
        let before = phase
        return timings.measure(attributingTo: { [unowned self] in phase < .completed ? phase : before }) {
            process(bytes)
        }
    }

    private func process(_ bytes: [UInt8]) -> [OutgoingMessage] {
        let message: SignedMessage
        do {
            message = try SignedMessage(decoding: bytes, maximumByteCount: configuration.maximumMessageByteCount)
        } catch {
            reject(nil, nil, .malformed(reason: "\(error)"), bytes)
            return []
        }
        let header = message.header
        guard header.taskID == configuration.taskID else { return reject(message, .wrongTask) }
        guard header.round == configuration.round else { return reject(message, .wrongRound(round: header.round)) }
        guard header.sender == aggregatorParticipantID else { return reject(message, .unknownSender) }
        guard header.recipient == id || header.recipient == broadcastParticipantID else {
            return reject(message, .wrongRecipient(recipient: header.recipient))
        }
        guard message.isSigned(by: configuration.aggregatorKey) else { return reject(message, .badSignature) }
        if header.type != .keyRoster && header.type != .abort && header.sessionID != sessionID {
            return reject(message, .wrongSession)
        }
        guard !seen.contains(header.type) else { return reject(message, .duplicate(type: header.type)) }

        switch (header.type, phase) {
        case (.abort, _) where phase < .completed:
            seen.insert(.abort)
            let reason = (try? AbortNotice(payload: message.payload).reason) ?? "no reason given"
            finish(aborting: .abortedByAggregator(reason: reason))
            return []
        case (.keyRoster, .advertiseKeys) where ownAdvertisement != nil:
            seen.insert(.keyRoster)
            return handleKeyRoster(message)
        case (.shareBundle, .shareKeys):
            seen.insert(.shareBundle)
            return handleShareBundle(message)
        case (.survivorSet, .maskedInput):
            seen.insert(.survivorSet)
            return handleSurvivorSet(message)
        case (.unmaskRequest, .consistencyCheck):
            seen.insert(.unmaskRequest)
            return handleUnmaskRequest(message)
        case (.roundResult, .unmasking):
            seen.insert(.roundResult)
            return handleRoundResult(message)
        default:
            return reject(message, .wrongPhase(type: header.type, phase: phase))
        }
    }

    // MARK: Phase 1 → 2: key roster, then share keys

    private func handleKeyRoster(_ message: SignedMessage) -> [OutgoingMessage] {
        let roster: KeyRoster
        do {
            roster = try KeyRoster(
                payload: message.payload, maximumProviders: configuration.providers.count,
                maximumMessageByteCount: configuration.maximumMessageByteCount)
        } catch {
            return stopForAggregator(message, "key roster does not decode: \(error)")
        }
        for advertisement in roster.advertisements {
            let header = advertisement.message.header
            guard let key = configuration.identityKeys[advertisement.provider],
                header.taskID == configuration.taskID, header.round == configuration.round,
                header.sessionID == MessageHeader.noSession, header.recipient == aggregatorParticipantID,
                advertisement.message.isSigned(by: key)
            else {
                return stopForAggregator(
                    message, "key roster carries an invalid advertisement of provider \(advertisement.provider)")
            }
        }
        guard let own = roster.advertisements.first(where: { $0.provider == id }) else {
            // The aggregator did not accept this provider's keys: it is out of the round.
            finish(aborting: .tooFewProviders(phase: .advertiseKeys, remaining: 0, threshold: configuration.threshold))
            return []
        }
        guard own.message.encoded == ownAdvertisement?.message.encoded else {
            return stopForAggregator(message, "key roster altered this provider's advertisement")
        }
        for advertisement in roster.advertisements { advertisements[advertisement.provider] = advertisement }
        sessionID = ProtocolDerivation.sessionID(
            taskID: configuration.taskID, round: configuration.round, advertisements: roster.advertisements)
        do {
            let graph = try configuration.maskingGraph(over: advertisements.keys.sorted(), sessionID: sessionID)
            self.graph = graph
            let neighbours = try graph.neighbours(of: id)
            guard neighbours.count >= configuration.threshold else {
                finish(
                    aborting: .tooFewProviders(
                        phase: .advertiseKeys, remaining: neighbours.count + 1, threshold: configuration.threshold))
                return []
            }
            enter(.shareKeys)
            return [try shareKeys(to: neighbours)]
        } catch {
            return stopForAggregator(message, "cannot build the round from the key roster: \(error)")
        }
    }

    private func shareKeys(to neighbours: [UInt32]) throws -> OutgoingMessage {
        var source = random
        defer { random = source }
        let selfScalar = Ristretto255.Scalar.random(using: &source)
        self.selfScalar = selfScalar
        guard let maskScalar else { throw ProtocolError.wrongState(operation: "share keys", phase: phase) }
        let selfPolynomial = try SharingPolynomial(
            secret: selfScalar, threshold: configuration.threshold, using: &source)
        let sharedMaskScalar =
            faults.contains(.inconsistentMaskScalar) ? Ristretto255.Scalar.random(using: &source) : maskScalar
        let maskPolynomial = try SharingPolynomial(
            secret: sharedMaskScalar, threshold: configuration.threshold, using: &source)
        let selfSplit = try ProtocolDerivation.splitID(sessionID: sessionID, dealer: id, kind: .selfMaskSeed)
        let maskSplit = try ProtocolDerivation.splitID(sessionID: sessionID, dealer: id, kind: .maskAgreementKey)
        var encrypted = [EncryptedShare]()
        encrypted.reserveCapacity(neighbours.count)
        for neighbour in neighbours {
            guard let x = configuration.shareIndex(of: neighbour), let peer = advertisements[neighbour] else {
                throw ProtocolError.unknownProvider(id: neighbour)
            }
            let key = try ProtocolDerivation.shareEncryptionKey(
                sharedSecret: encryptionKey.sharedSecret(with: peer.encryptionKey), taskID: configuration.taskID,
                round: configuration.round, sessionID: sessionID, dealer: id, recipient: neighbour)
            var selfValue = selfPolynomial.evaluate(at: x)
            if faults.contains(.badShare(recipient: neighbour))
                || (faults.contains(.badShareToFirstNeighbour) && neighbour == neighbours.first)
            {
                selfValue = selfValue + .one
            }
            encrypted.append(
                try EncryptedShare(
                    selfSeedShare: Share(splitID: selfSplit, x: x, value: selfValue),
                    maskKeyShare: Share(splitID: maskSplit, x: x, value: maskPolynomial.evaluate(at: x)), key: key,
                    taskID: configuration.taskID, round: configuration.round, sessionID: sessionID, dealer: id,
                    recipient: neighbour, signer: identityKey,
                    nonce: source.bytes(count: XChaCha20Poly1305.nonceByteCount)))
        }
        let payload = ShareKeys(
            selfSeedCommitments: SignedCommitments(
                signing: selfPolynomial.commitments(splitID: selfSplit), with: identityKey),
            maskKeyCommitments: SignedCommitments(
                signing: maskPolynomial.commitments(splitID: maskSplit), with: identityKey),
            shares: encrypted
        ).payload()
        return send(sign(.shareKeys, payload, to: aggregatorParticipantID))
    }

    // MARK: Phase 2 → 3: share bundle, then masked input

    private func handleShareBundle(_ message: SignedMessage) -> [OutgoingMessage] {
        let bundle: ShareBundle
        do {
            bundle = try ShareBundle(
                payload: message.payload, maximumProviders: configuration.providers.count,
                maximumByteCount: configuration.maximumMessageByteCount)
        } catch {
            return stopForAggregator(message, "share bundle does not decode: \(error)")
        }
        guard let graph, let x = configuration.shareIndex(of: id) else { return [] }
        var complaints = [ShareComplaintEvidence]()
        var peers = [UInt32]()
        for entry in bundle.entries {
            guard graph.areNeighbours(id, entry.dealer), let dealerKey = configuration.identityKeys[entry.dealer],
                let dealerAdvertisement = advertisements[entry.dealer]
            else {
                return stopForAggregator(message, "share bundle lists provider \(entry.dealer), not a neighbour")
            }
            let share = entry.share
            guard share.dealer == entry.dealer, share.recipient == id, share.sessionID == sessionID,
                share.taskID == configuration.taskID, share.round == configuration.round,
                share.isSigned(by: dealerKey),
                (try? entry.selfSeedCommitments.verify(dealer: dealerKey)) != nil,
                (try? entry.maskKeyCommitments.verify(dealer: dealerKey)) != nil,
                entry.selfSeedCommitments.commitments.splitID
                    == (try? ProtocolDerivation.splitID(sessionID: sessionID, dealer: entry.dealer, kind: .selfMaskSeed)),
                entry.maskKeyCommitments.commitments.splitID
                    == (try? ProtocolDerivation.splitID(
                        sessionID: sessionID, dealer: entry.dealer, kind: .maskAgreementKey)),
                entry.selfSeedCommitments.commitments.threshold == configuration.threshold,
                entry.maskKeyCommitments.commitments.threshold == configuration.threshold
            else {
                // The aggregator checked every dealer signature before forwarding, so a bad entry is its doing.
                return stopForAggregator(message, "share bundle entry of provider \(entry.dealer) fails its checks")
            }
            peers.append(entry.dealer)
            do {
                let key = try ProtocolDerivation.shareEncryptionKey(
                    sharedSecret: encryptionKey.sharedSecret(with: dealerAdvertisement.encryptionKey),
                    taskID: configuration.taskID, round: configuration.round, sessionID: sessionID,
                    dealer: entry.dealer, recipient: id)
                let opened: (selfSeed: Share, maskKey: Share)
                do {
                    opened = try share.open(with: key)
                } catch {
                    // A ciphertext that does not open cannot be proven bad without exposing this provider's key,
                    // so it is recorded but not turned into a complaint. The dealer's other holders suffice.
                    violations.append(
                        Violation(
                            sender: entry.dealer, type: .shareKeys,
                            kind: .invalidContent(reason: "encrypted share does not open: \(error)"),
                            evidence: share.encoded))
                    continue
                }
                var valid = true
                for (kind, received, commitments) in [
                    (SecretKind.selfMaskSeed, opened.selfSeed, entry.selfSeedCommitments),
                    (SecretKind.maskAgreementKey, opened.maskKey, entry.maskKeyCommitments),
                ] where received.x != x || (try? commitments.commitments.verify(received)) == nil {
                    valid = false
                    let evidence = ShareComplaintEvidence(share: share, key: key, kind: kind, commitments: commitments)
                    complaints.append(evidence)
                    recordBlame(
                        Blame(
                            accused: entry.dealer, offence: .badShare(recipient: id, kind: kind),
                            evidence: [evidence.encoded()]))
                }
                if valid { heldShares[entry.dealer] = opened }
            } catch {
                violations.append(
                    Violation(
                        sender: entry.dealer, type: .shareKeys, kind: .invalidContent(reason: "\(error)"),
                        evidence: share.encoded))
            }
        }
        maskingPeers = peers
        enter(.maskedInput)
        do {
            return try maskedInput(complaints: complaints)
        } catch {
            finish(aborting: .aggregatorMisbehaved(reason: "cannot mask the input: \(error)"))
            return []
        }
    }

    private func maskedInput(complaints: [ShareComplaintEvidence]) throws -> [OutgoingMessage] {
        guard var vector = input, let selfScalar else {
            throw ProtocolError.wrongState(operation: "masked input", phase: phase)
        }
        input = nil
        let context = try configuration.maskContext(sessionID: sessionID)
        let seed = try ProtocolDerivation.selfMaskSeed(
            from: selfScalar, taskID: configuration.taskID, round: configuration.round, sessionID: sessionID,
            provider: id)
        var terms = [MaskTerm(key: try MaskKey.selfMask(seed: seed, provider: id, context: context), sign: .add)]
        for peer in maskingPeers {
            guard let advertisement = advertisements[peer] else { continue }
            let key = try MaskKey.pairwise(
                sharedSecret: maskKey.sharedSecret(with: advertisement.maskKey), between: id, and: peer,
                context: context)
            terms.append(try MaskTerm.applied(by: id, key: key))
        }
        try MaskEngine.apply(terms, to: &vector, threads: threads)
        var payload = MaskedInput(vector: vector, metadata: metadata, complaints: complaints).payload()
        if faults.contains(.malformedInput) {
            // Drop the last coordinate but keep the declared length, so the packed vector is too short.
            var writer = WireWriter()
            writer.writeUInt64(UInt64(vector.count))
            writer.writeLengthPrefixed(
                BitPacking.pack(Array(vector.residues.dropLast()), bitWidth: vector.modulus.bitWidth))
            writer.writeLengthPrefixed(metadata)
            writer.writeUInt32(0)
            payload = writer.bytes
        }
        let message = sign(.maskedInput, payload, to: aggregatorParticipantID)
        if faults.contains(.duplicateMaskedInput) { return [send(message), send(message)] }
        if faults.contains(.conflictingMaskedInput) || faults.contains(.lateConflictingMaskedInput) {
            var altered = vector
            try altered.add(
                ModularVector(residues: [1] + [UInt64](repeating: 0, count: vector.count - 1), modulus: vector.modulus))
            let second = sign(
                .maskedInput, MaskedInput(vector: altered, metadata: metadata, complaints: complaints).payload(),
                to: aggregatorParticipantID)
            guard faults.contains(.conflictingMaskedInput) else {
                lateMaskedInput = second
                return [send(message)]
            }
            return [send(message), send(second)]
        }
        return [send(message)]
    }

    // MARK: Phase 4: consistency check

    private func handleSurvivorSet(_ message: SignedMessage) -> [OutgoingMessage] {
        guard let set = try? SurvivorSet(payload: message.payload, maximumProviders: configuration.providers.count)
        else {
            return stopForAggregator(message, "survivor set does not decode")
        }
        guard set.survivors.contains(id) else {
            // The aggregator reports no masked input from this provider, so it takes no further part.
            finish(aborting: .tooFewProviders(phase: .maskedInput, remaining: set.survivors.count, threshold: 0))
            return []
        }
        guard set.survivors.count >= configuration.threshold,
            set.survivors.allSatisfy({ advertisements[$0] != nil })
        else {
            return stopForAggregator(message, "survivor set has fewer than t providers or unknown ones")
        }
        signedSurvivors = set.survivors
        survivorSetMessage = message.encoded
        enter(.consistencyCheck)
        let signed = ProtocolDerivation.survivorSetSignedBytes(
            taskID: configuration.taskID, round: configuration.round, sessionID: sessionID, survivors: set.survivors)
        let payload = SurvivorSignature(signature: identityKey.signature(for: signed)).payload()
        let signature = send(sign(.survivorSignature, payload, to: aggregatorParticipantID))
        guard let lateMaskedInput else { return [signature] }
        return [signature, send(lateMaskedInput)]
    }

    // MARK: Phase 5: unmasking

    private func handleUnmaskRequest(_ message: SignedMessage) -> [OutgoingMessage] {
        guard
            let request = try? UnmaskRequest(
                payload: message.payload, maximumProviders: configuration.providers.count),
            let survivors = signedSurvivors
        else {
            return stopForAggregator(message, "unmask request does not decode")
        }
        guard request.survivors == survivors else {
            recordBlame(
                Blame(
                    accused: aggregatorParticipantID, offence: .aggregatorEquivocated,
                    evidence: [survivorSetMessage, message.encoded]))
            finish(aborting: .aggregatorMisbehaved(reason: "unmask request carries a different survivor set"))
            return []
        }
        let signed = ProtocolDerivation.survivorSetSignedBytes(
            taskID: configuration.taskID, round: configuration.round, sessionID: sessionID, survivors: survivors)
        let survivorSet = Set(survivors)
        let validSigners = request.signatures.filter { entry in
            survivorSet.contains(entry.provider)
                && (configuration.identityKeys[entry.provider]?.isValidSignature(entry.signature, for: signed) ?? false)
        }
        let required = configuration.consistencyThreshold(advertised: advertisements.count)
        guard validSigners.count == request.signatures.count, validSigners.count >= required else {
            return stopForAggregator(
                message,
                "unmask request has \(validSigners.count) valid survivor signatures of \(request.signatures.count)")
        }
        var revealed = [UnmaskResponse.RevealedShare]()
        var requestedDealers = Set<UInt32>()
        for item in request.requests {
            let expected: SecretKind = survivorSet.contains(item.dealer) ? .selfMaskSeed : .maskAgreementKey
            guard maskingPeers.contains(item.dealer), item.kind == expected,
                requestedDealers.insert(item.dealer).inserted
            else {
                recordBlame(
                    Blame(
                        accused: aggregatorParticipantID,
                        offence: .aggregatorRequestedForbiddenShare(dealer: item.dealer),
                        evidence: [message.encoded]))
                finish(
                    aborting: .aggregatorMisbehaved(
                        reason: "requested the \(item.kind) share of provider \(item.dealer)"))
                return []
            }
            guard let held = heldShares[item.dealer] else { continue }
            var share = item.kind == .selfMaskSeed ? held.selfSeed : held.maskKey
            if faults.contains(.bogusRevealedShares),
                let altered = try? Share(splitID: share.splitID, x: share.x, value: share.value + .one)
            {
                share = altered
            }
            revealed.append(UnmaskResponse.RevealedShare(dealer: item.dealer, kind: item.kind, share: share))
        }
        enter(.unmasking)
        heldShares.removeAll()
        let payload = UnmaskResponse(shares: revealed).payload()
        return [send(sign(.unmaskResponse, payload, to: aggregatorParticipantID))]
    }

    private func handleRoundResult(_ message: SignedMessage) -> [OutgoingMessage] {
        do {
            result = try RoundResult(
                payload: message.payload, length: configuration.vectorLength,
                bitWidth: configuration.modulus.bitWidth,
                modulusBound: MaskedInput.exclusiveBound(configuration.modulus),
                maximumProviders: configuration.providers.count,
                maximumByteCount: configuration.maximumMessageByteCount)
        } catch {
            return stopForAggregator(message, "round result does not decode: \(error)")
        }
        phase = .completed
        maskScalar = nil
        selfScalar = nil
        eventHandler?(.completed(contributors: result?.contributors.count ?? 0))
        return []
    }

    // MARK: Helpers

    private func sign(_ type: MessageType, _ payload: [UInt8], to recipient: UInt32) -> [UInt8] {
        let header = MessageHeader(
            type: type, taskID: configuration.taskID, round: configuration.round, sessionID: sessionID, sender: id,
            recipient: recipient)
        return SignedMessage.seal(header: header, payload: payload, signer: identityKey).encoded
    }

    private func send(_ bytes: [UInt8]) -> OutgoingMessage {
        bytesSent += bytes.count
        return OutgoingMessage(recipient: aggregatorParticipantID, bytes: bytes)
    }

    private func enter(_ next: RoundPhase) {
        phase = next
        eventHandler?(.phaseStarted(next))
    }

    private func reject(_ message: SignedMessage, _ kind: ViolationKind) -> [OutgoingMessage] {
        reject(message.header.sender, message.header.type, kind, message.encoded)
        return []
    }

    private func reject(_ sender: UInt32?, _ type: MessageType?, _ kind: ViolationKind, _ bytes: [UInt8]) {
        let violation = Violation(sender: sender, type: type, kind: kind, evidence: bytes)
        violations.append(violation)
        eventHandler?(.messageRejected(violation))
    }

    private func recordBlame(_ blame: Blame) {
        blames.append(blame)
        eventHandler?(.blamed(blame))
    }

    /// Stops the session because the aggregator's signed message breaks the protocol, keeping it as evidence.
    private func stopForAggregator(_ message: SignedMessage, _ reason: String) -> [OutgoingMessage] {
        recordBlame(
            Blame(
                accused: aggregatorParticipantID, offence: .aggregatorInvalidInstruction(reason: reason),
                evidence: [message.encoded]))
        finish(aborting: .aggregatorMisbehaved(reason: reason))
        return []
    }

    private func finish(aborting reason: AbortReason) {
        phase = .aborted
        abortReason = reason
        input = nil
        maskScalar = nil
        selfScalar = nil
        heldShares.removeAll()
        eventHandler?(.aborted(reason))
    }
}
