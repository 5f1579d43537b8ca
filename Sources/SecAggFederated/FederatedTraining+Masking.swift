import Foundation
import SecAggLearning
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol

extension FederatedTraining {
    /// Runs the round's secure sum with pairwise masking (`Specs/protocol.md`), checks it against the plaintext
    /// sum and audits the transcript. Returns nil when the round cannot be configured.
    func aggregateWithMasking(_ plan: RoundPlan, _ contributions: [LocalContribution]) throws -> AggregationOutcome? {
        let round = plan.round
        let roster = Dictionary(uniqueKeysWithValues: plan.members.map { ($0.id, $0.identityKey.publicKey) })
        let configuration: RoundConfiguration
        do {
            configuration = try RoundConfiguration(
                taskID: task.taskID, round: round, identityKeys: roster, aggregatorKey: aggregatorKey.publicKey,
                threshold: threshold, graph: graph, vectorLength: global.parameters.count + 1,
                modulus: quantization.modulus, maximumCorruptProviders: min(corruptBound, plan.members.count - 1))
        } catch {
            return nil
        }

        // Quantization and the providers' sessions.
        var quantized = [UInt32: ModularVector]()
        var sessions = [UInt32: ProviderSession]()
        for contribution in contributions {
            var random = contribution.random
            let id = contribution.provider.id
            let input: ModularVector
            do {
                input = try Quantizer.encode(
                    contribution.update, weight: contribution.weight, parameters: quantization, randomness: &random)
            } catch {
                throw FederatedError.dataFailure(reason: "provider \(id): \(error)")
            }
            quantized[id] = input
            let session = try ProviderSession(
                configuration: configuration, id: id, identityKey: contribution.provider.identityKey, input: input,
                metadata: WeightDeclaration.encode(contribution.declaredWeight),
                random: SeededRandom(seed: mix(seed, round, UInt64(id) &+ 1 << 40)), threads: 1)
            session.faults = Self.protocolFaults(plan.providerFraud[id] ?? [])
            sessions[id] = session
        }

        let aggregator = try AggregatorSession(
            configuration: configuration, identityKey: aggregatorKey, random: SeededRandom(seed: mix(seed, round, 0)))
        let bound = task.quantization.maximumWeight
        aggregator.inputPolicy = { _, metadata in
            guard let weight = WeightDeclaration.decode(metadata) else { return "missing weight declaration" }
            return weight <= bound ? nil : "declared weight \(weight) exceeds the task's bound \(bound)"
        }
        for (kind, target) in plan.aggregatorFraud {
            let victim = target ?? plan.members.first?.id ?? 1
            switch kind {
            case .aggregatorEquivocates: aggregator.faults.insert(.equivocateSurvivorSet(provider: victim))
            case .aggregatorRequestsBothShares: aggregator.faults.insert(.requestBothShares(dealer: victim))
            case .aggregatorMisreportsSum: aggregator.faults.insert(.misreportSum)
            default: break
            }
        }

        let recorder = InputRecorder()
        let simulation = RoundSimulation(
            configuration: configuration, aggregator: aggregator, providers: sessions, dropouts: plan.dropouts,
            tamper: makeTamper(frauds: plan.providerFraud, recorder: recorder))
        let result = try simulation.run()
        previousInputs = recorder.snapshot
        transcriptHandler?(round, result.transcript)
        return try check(round: round, result: result, quantized: quantized, dropouts: plan.dropouts)
    }

    /// Turns a masking round's result into the mode-independent outcome: blames, the plaintext check, the audit
    /// and the decoded mean.
    private func check(
        round: UInt64, result: RoundSimulation.Outcome, quantized: [UInt32: ModularVector],
        dropouts: [UInt32: RoundPhase]
    ) throws -> AggregationOutcome {
        var outcome = AggregationOutcome()
        outcome.contributors = result.contributors
        outcome.aggregatorSeconds = Self.phaseSeconds(result.aggregatorTimings)
        outcome.providerSeconds = Self.meanPhaseSeconds(result.providerTimings)
        outcome.bytesPerProvider =
            Double(result.providerBytesSent.values.reduce(0, +)) / Double(max(result.providerBytesSent.count, 1))
        // Providers' own blames repeat the aggregator's for share complaints, so only their accusations of the
        // aggregator are taken from them.
        let providerAccusations = result.providerBlames.keys.sorted().flatMap { id in
            (result.providerBlames[id] ?? []).filter { $0.accused == aggregatorParticipantID }
        }
        let contributorSet = Set(result.contributors)
        for blame in result.aggregatorBlames + providerAccusations {
            let detectedBy: String
            switch blame.offence {
            case .badShare(let recipient, _): detectedBy = "provider \(recipient), checked by the aggregator"
            case .aggregatorEquivocated, .aggregatorRequestedForbiddenShare, .aggregatorInvalidInstruction:
                detectedBy = "providers"
            default: detectedBy = "aggregator"
            }
            if blame.accused == aggregatorParticipantID {
                outcome.aggregatorBlamed = true
            } else {
                outcome.blamed.insert(blame.accused)
            }
            record(
                round: round, detection: blame.offence.description, detectedBy: detectedBy,
                accused: blame.accused == aggregatorParticipantID ? "aggregator" : "provider \(blame.accused)",
                action: blame.accused == aggregatorParticipantID
                    ? "round rejected; aggregator reported to the task creator"
                    : contributorSet.contains(blame.accused)
                        ? "provider excluded from this round's reward and from later rounds; its input stays in the "
                            + "sum because the survivor set was already fixed"
                        : "provider excluded from the sum, from this round's reward and from later rounds",
                evidence: blame.evidence)
        }
        for violation in result.aggregatorViolations where violation.kind.isUnattributable {
            record(
                round: round, detection: violation.kind.description, detectedBy: "aggregator", accused: nil,
                action: "message rejected; it cannot be attributed, so nobody is blamed", evidence: [violation.evidence]
            )
        }
        // A provider that dropped after sharing its keys is recovered when the round still produced a sum: its
        // masks were rebuilt from its neighbours' shares.
        outcome.recovered =
            result.sum == nil
            ? [] : dropouts.filter { $0.value > .shareKeys && !outcome.blamed.contains($0.key) }.map(\.key).sorted()

        guard let sum = result.sum else {
            outcome.mean = .failure(.noSum(result.abortReason?.description ?? "no sum"))
            return outcome
        }

        // The plaintext check: the driver holds every quantized update.
        var plaintext = try ModularVector(zeros: sum.count, modulus: sum.modulus)
        for contributor in result.contributors {
            if let vector = quantized[contributor] { try plaintext.add(vector) }
        }
        outcome.secureSumMatchesPlaintext = plaintext == sum
        if plaintext != sum {
            outcome.aggregatorBlamed = true
            record(
                round: round, detection: "the reported sum differs from the plaintext sum of the contributors' updates",
                detectedBy: "plaintext check", accused: "aggregator", action: "round rejected",
                evidence: result.transcript.messages.suffix(1))
        }

        // The transcript audit.
        var auditSource = SeededRandom(seed: mix(seed, round, 7))
        let audit = TranscriptAudit.audit(result.transcript, sampleCoordinates: task.auditSample, using: &auditSource)
        outcome.auditPassed = audit.passed
        outcome.auditFindings = audit.findings.map(\.description)
        if !audit.passed {
            outcome.aggregatorBlamed = true
            record(
                round: round,
                detection: "transcript audit: " + audit.findings.map(\.description).joined(separator: "; "),
                detectedBy: "audit", accused: "aggregator", action: "round rejected",
                evidence: audit.resultMessage.map { [$0] } ?? [])
        }

        do {
            let mean = try Quantizer.decodeWeightedMean(sum, parameters: quantization)
            outcome.mean = .success(MeanUpdate(values: mean.values, totalWeight: mean.totalWeight))
        } catch {
            outcome.mean = .failure(.undecodable("\(error)"))
        }
        return outcome
    }

    // MARK: Helpers

    func record(
        round: UInt64, detection: String, detectedBy: String, accused: String?, action: String, evidence: [[UInt8]]
    ) {
        let entry = FraudRecord(
            round: round, detection: detection, detectedBy: detectedBy, accused: accused, action: action,
            evidence: evidence.map { Hex.encode($0) })
        fraudLog.append(entry)
        eventHandler?(.fraudDetected(entry))
    }

    /// Returns the message changes the run's network-level frauds need: a forged copy of a provider's masked
    /// input with a broken signature, and the provider's masked input of the previous round replayed.
    func makeTamper(frauds: [UInt32: Set<FraudKind>], recorder: InputRecorder) -> RoundSimulation.Tamper {
        let forgers = Set(frauds.filter { $0.value.contains(.forgedMessage) }.map(\.key))
        let replayers = Set(frauds.filter { $0.value.contains(.replayedMessage) }.map(\.key))
        let previous = previousInputs
        return { sender, recipient, bytes in
            guard recipient == aggregatorParticipantID, bytes.count > 5, bytes[5] == MessageType.maskedInput.rawValue
            else { return [bytes] }
            recorder.record(sender, bytes)
            var delivered = [[UInt8]]()
            if forgers.contains(sender) {
                var forged = bytes
                forged[forged.count - 1] ^= 0x01
                delivered.append(forged)
            }
            delivered.append(bytes)
            if replayers.contains(sender), let old = previous[sender] { delivered.append(old) }
            return delivered
        }
    }

    static func protocolFaults(_ frauds: Set<FraudKind>) -> Set<ProviderFault> {
        var faults = Set<ProviderFault>()
        for fraud in frauds {
            switch fraud {
            case .duplicateSubmission: faults.insert(.conflictingMaskedInput)
            case .lateDuplicateSubmission: faults.insert(.lateConflictingMaskedInput)
            case .malformedUpdate: faults.insert(.malformedInput)
            case .badShares: faults.insert(.badShareToFirstNeighbour)
            case .bogusUnmaskShares: faults.insert(.bogusRevealedShares)
            default: break
            }
        }
        return faults
    }

    static func phaseSeconds(_ timings: PhaseTimings) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: timings.seconds.map { ($0.key.description, $0.value) })
    }

    static func meanPhaseSeconds(_ timings: [UInt32: PhaseTimings]) -> [String: Double] {
        var sums = [String: Double]()
        for timing in timings.values {
            for (phase, seconds) in timing.seconds { sums[phase.description, default: 0] += seconds }
        }
        return sums.mapValues { $0 / Double(max(timings.count, 1)) }
    }

    func describe(_ graph: GraphChoice) -> String {
        switch graph {
        case .complete: return "complete"
        case .harary(let degree): return "harary(\(degree))"
        }
    }
}
