import Foundation
import SecAggLearning
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards

/// A data owner taking part in a task.
public struct FederatedProvider: Sendable {
    /// The provider's id on the roster.
    public let id: UInt32
    /// The provider's Ed25519 identity key.
    public let identityKey: Ed25519.PrivateKey
    /// The provider's private training data.
    public let data: Dataset

    public init(id: UInt32, identityKey: Ed25519.PrivateKey, data: Dataset) {
        self.id = id
        self.identityKey = identityKey
        self.data = data
    }
}

/// Something that happens to a participant in a simulated run: a dropout or a fraud.
public struct Incident: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The provider stops answering from this phase on.
        case dropout(RoundPhase)
        /// The participant cheats.
        case fraud(FraudKind)
    }

    /// The round it happens in, or nil for every round.
    public let round: UInt64?
    /// The provider concerned; for aggregator fraud, the provider the aggregator targets (nil for the first).
    public let provider: UInt32?
    public let kind: Kind

    public init(round: UInt64?, provider: UInt32?, kind: Kind) {
        self.round = round
        self.provider = provider
        self.kind = kind
    }

    func applies(to round: UInt64) -> Bool {
        self.round == nil || self.round == round
    }
}

/// Runs a federated training task: each round every provider trains locally from the global model, the updates
/// are summed securely, the round is verified, and the mean update is applied (federated averaging).
///
/// The driver runs every provider and the aggregator in one process, but they meet only through encoded
/// messages (``RoundSimulation``). Verification each round: the secure sum equals the plaintext sum of the
/// contributors' quantized updates (the driver can see both), the transcript audit passes, the declared weights
/// match the secure sum of weights, the aggregator was not caught cheating, and the validation loss does not rise
/// by more than the task's tolerance. A round that fails any check is rejected and the model rolled back.
public final class FederatedTraining {
    public let task: TrainingTask
    public let providers: [FederatedProvider]
    public let incidents: [Incident]

    private let validation: Dataset
    private let test: Dataset
    private let aggregatorKey: Ed25519.PrivateKey
    private let seed: UInt64
    private let eventHandler: (@Sendable (FederatedEvent) -> Void)?

    private let quantization: QuantizationParameters
    private let threshold: Int
    private let graph: GraphChoice
    private let corruptBound: Int
    private var global: LinearModel
    private var ledger: RewardLedger
    private var fraudLog: [FraudRecord] = []
    private var previousInputs: [UInt32: [UInt8]] = [:]
    /// Receives each round's transcript, for example to write it to a file for a later audit.
    public var transcriptHandler: ((UInt64, Transcript) -> Void)?
    /// Providers blamed in an earlier round, left off later rosters.
    public private(set) var excluded: Set<UInt32> = []

    /// Prepares a run.
    ///
    /// - Parameters:
    ///   - task: the task definition.
    ///   - providers: the data owners; at least `task.minimumProviders`, with distinct ids.
    ///   - validation: the task creator's held-out data for the quality check.
    ///   - test: data for the reported accuracy.
    ///   - aggregatorKey: the aggregator's identity key.
    ///   - incidents: dropouts and fraud to simulate.
    ///   - seed: the seed of every random choice, so a run can be repeated exactly.
    ///   - eventHandler: receives progress.
    /// - Throws: ``FederatedError`` for a task or provider set that cannot run.
    public init(
        task: TrainingTask, providers: [FederatedProvider], validation: Dataset, test: Dataset,
        aggregatorKey: Ed25519.PrivateKey, incidents: [Incident] = [], seed: UInt64,
        eventHandler: (@Sendable (FederatedEvent) -> Void)? = nil
    ) throws {
        try task.validate()
        guard providers.count >= task.minimumProviders else {
            throw FederatedError.invalidProviders(
                reason: "task '\(task.name)' needs at least \(task.minimumProviders) providers, got \(providers.count)")
        }
        guard Set(providers.map(\.id)).count == providers.count else {
            throw FederatedError.invalidProviders(reason: "provider ids are not distinct")
        }
        guard let first = providers.first, providers.allSatisfy({ $0.data.featureCount == first.data.featureCount }),
            providers.allSatisfy({ !$0.data.isEmpty })
        else {
            throw FederatedError.invalidProviders(reason: "every provider needs data with the same features")
        }
        let kind: ModelKind
        switch task.model {
        case .logistic: kind = .logistic
        case .softmax: kind = .softmax
        case .resnet50: throw FederatedError.untrainableModel(name: task.model.rawValue)
        }
        if kind == .logistic && validation.classCount != 2 {
            throw FederatedError.invalidField(
                field: "model", reason: "logistic regression needs 2 classes, the data has \(validation.classCount)")
        }
        do {
            global = try LinearModel(
                kind: kind, featureCount: first.data.featureCount, classCount: validation.classCount)
        } catch {
            throw FederatedError.dataFailure(reason: "\(error)")
        }
        let largestWeight = providers.map { UInt64($0.data.sampleCount) }.max() ?? 1
        if largestWeight > task.quantization.maximumWeight {
            throw FederatedError.invalidField(
                field: "quantization.maximumWeight",
                reason: "a provider has \(largestWeight) samples, above the bound \(task.quantization.maximumWeight)")
        }
        do {
            quantization = try ParameterPlanner.planQuantization(
                providerCount: providers.count, maximumWeight: task.quantization.maximumWeight,
                clipBound: task.quantization.clipBound, maximumError: task.quantization.maximumError)
        } catch {
            throw FederatedError.invalidField(field: "quantization", reason: "\(error)")
        }
        corruptBound = Int((task.corruptFraction * Double(providers.count)).rounded(.down))
        switch task.threshold {
        case .fixed(let value):
            guard value < providers.count else {
                throw FederatedError.invalidField(
                    field: "threshold", reason: "\(value) is not below the provider count \(providers.count)")
            }
            threshold = value
            graph = .complete
        case .planned:
            do {
                let plan = try ParameterPlanner.planGraph(
                    providerCount: providers.count, dropoutRate: task.expectedDropoutRate,
                    corruptFraction: task.corruptFraction, aggregator: .semiHonest)
                threshold = plan.threshold
                graph = plan.isComplete ? .complete : .harary(degree: plan.degree)
            } catch {
                throw FederatedError.invalidField(
                    field: "threshold", reason: "\(error); set a fixed threshold for this few providers")
            }
        }
        ledger = RewardLedger(
            policy: try RewardPolicy(
                rewardPerRound: task.rewardPerRound, maximumWeight: task.quantization.maximumWeight))
        self.task = task
        self.providers = providers.sorted { $0.id < $1.id }
        self.validation = validation
        self.test = test
        self.aggregatorKey = aggregatorKey
        self.incidents = incidents
        self.seed = seed
        self.eventHandler = eventHandler
    }

    /// The current global model.
    public var model: LinearModel { global }

    /// Runs every round and returns the report.
    ///
    /// - Throws: ``FederatedError/dataFailure(reason:)`` when local training fails; protocol problems never throw,
    ///   they reject the round.
    public func run() throws -> TrainingReport {
        var rounds = [RoundReport]()
        for round in 1...UInt64(task.rounds) {
            eventHandler?(.roundStarted(round))
            let report = try runRound(round)
            rounds.append(report)
            eventHandler?(.roundFinished(report))
        }
        let promised = try rounds.filter(\.accepted).reduce(TokenAmount.zero(task.rewardPerRound.token)) { sum, _ in
            try sum.adding(task.rewardPerRound)
        }
        return TrainingReport(
            task: task, mode: task.aggregation, providers: providers.map(\.id), threshold: threshold,
            graph: describe(graph), encoding: "Z_2^\(quantization.modulus.bitWidth)", rounds: rounds,
            finalTestAccuracy: (try? global.accuracy(on: test)) ?? 0, finalParameters: global.parameters,
            fraudLog: fraudLog, payouts: ledger.payouts, rewardTotals: ledger.totals, totalPaid: ledger.totalPaid,
            totalPromised: promised)
    }

    // MARK: One round

    private func runRound(_ round: UInt64) throws -> RoundReport {
        let members = providers.filter { !excluded.contains($0.id) }
        let roster = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.identityKey.publicKey) })
        guard members.count >= task.minimumProviders else {
            return notRun(round, "only \(members.count) providers remain, the task needs \(task.minimumProviders)")
        }
        let configuration: RoundConfiguration
        do {
            configuration = try RoundConfiguration(
                taskID: task.taskID, round: round, identityKeys: roster, aggregatorKey: aggregatorKey.publicKey,
                threshold: threshold, graph: graph, vectorLength: global.parameters.count + 1,
                modulus: quantization.modulus, maximumCorruptProviders: min(corruptBound, members.count - 1))
        } catch {
            return notRun(round, "the round cannot be configured for \(members.count) providers: \(error)")
        }
        let active = incidents.filter { $0.applies(to: round) }
        var dropouts = [UInt32: RoundPhase]()
        var providerFraud = [UInt32: Set<FraudKind>]()
        var aggregatorFraud = [(kind: FraudKind, target: UInt32?)]()
        for incident in active {
            switch incident.kind {
            case .dropout(let phase):
                if let provider = incident.provider { dropouts[provider] = phase }
            case .fraud(let kind) where kind.isAggregatorFraud:
                aggregatorFraud.append((kind, incident.provider))
            case .fraud(let kind):
                if let provider = incident.provider { providerFraud[provider, default: []].insert(kind) }
            }
        }

        // Local training and quantization.
        var quantized = [UInt32: ModularVector]()
        var declaredWeights = [UInt32: UInt64]()
        var sessions = [UInt32: ProviderSession]()
        for provider in members {
            var rng = SeededRandom(seed: mix(seed, round, UInt64(provider.id)))
            let local: (update: [Double], weight: Double)
            do {
                local = try FederatedAveraging.localUpdate(
                    global: global, data: provider.data, config: task.localTraining, rng: &rng)
            } catch {
                throw FederatedError.dataFailure(reason: "provider \(provider.id): \(error)")
            }
            let frauds = providerFraud[provider.id] ?? []
            var update = local.update
            if frauds.contains(.poisonedUpdate) { update = update.map { -25 * $0 } }
            let honestWeight = min(UInt64(local.weight), task.quantization.maximumWeight)
            var declared = honestWeight
            if frauds.contains(.excessiveWeight) { declared = task.quantization.maximumWeight * 4 + 1 }
            if frauds.contains(.misdeclaredWeight) { declared = honestWeight > 1 ? honestWeight - 1 : honestWeight + 1 }
            let input: ModularVector
            do {
                input = try Quantizer.encode(update, weight: honestWeight, parameters: quantization, randomness: &rng)
            } catch {
                throw FederatedError.dataFailure(reason: "provider \(provider.id): \(error)")
            }
            quantized[provider.id] = input
            declaredWeights[provider.id] = declared
            let session = try ProviderSession(
                configuration: configuration, id: provider.id, identityKey: provider.identityKey, input: input,
                metadata: WeightDeclaration.encode(declared),
                random: SeededRandom(seed: mix(seed, round, UInt64(provider.id) &+ 1 << 40)),
                threads: 1)
            session.faults = Self.protocolFaults(frauds)
            sessions[provider.id] = session
        }

        let aggregator = try AggregatorSession(
            configuration: configuration, identityKey: aggregatorKey, random: SeededRandom(seed: mix(seed, round, 0)))
        let bound = task.quantization.maximumWeight
        aggregator.inputPolicy = { _, metadata in
            guard let weight = WeightDeclaration.decode(metadata) else { return "missing weight declaration" }
            return weight <= bound ? nil : "declared weight \(weight) exceeds the task's bound \(bound)"
        }
        for (kind, target) in aggregatorFraud {
            let victim = target ?? providers.first?.id ?? 1
            switch kind {
            case .aggregatorEquivocates: aggregator.faults.insert(.equivocateSurvivorSet(provider: victim))
            case .aggregatorRequestsBothShares: aggregator.faults.insert(.requestBothShares(dealer: victim))
            case .aggregatorMisreportsSum: aggregator.faults.insert(.misreportSum)
            default: break
            }
        }

        let recorder = InputRecorder()
        let simulation = RoundSimulation(
            configuration: configuration, aggregator: aggregator, providers: sessions, dropouts: dropouts,
            tamper: makeTamper(frauds: providerFraud, recorder: recorder))
        let outcome = try simulation.run()
        previousInputs = recorder.snapshot
        transcriptHandler?(round, outcome.transcript)
        let report = try verify(
            round: round, outcome: outcome, quantized: quantized, declaredWeights: declaredWeights, dropouts: dropouts,
            members: members.map(\.id))
        excluded.formUnion(report.blamed)
        return report
    }

    /// The report of a round that did not start.
    private func notRun(_ round: UInt64, _ reason: String) -> RoundReport {
        let loss = (try? global.loss(on: validation, l2: 0)) ?? .infinity
        return RoundReport(
            round: round, accepted: false, outcome: "not run: \(reason)", contributors: [], dropped: [],
            recovered: [], blamed: [], aggregatorBlamed: false, secureSumMatchesPlaintext: nil, auditPassed: nil,
            auditFindings: [], totalWeight: nil, validationLossBefore: loss, validationLossAfter: nil,
            testAccuracy: (try? global.accuracy(on: test)) ?? 0, aggregatorSeconds: [:], providerSeconds: [:],
            bytesPerProvider: 0)
    }

    // MARK: Verification

    private func verify(
        round: UInt64, outcome: RoundSimulation.Outcome, quantized: [UInt32: ModularVector],
        declaredWeights: [UInt32: UInt64], dropouts: [UInt32: RoundPhase], members: [UInt32]
    ) throws -> RoundReport {
        let lossBefore = (try? global.loss(on: validation, l2: 0)) ?? .infinity
        var blamed = Set<UInt32>()
        var aggregatorBlamed = false
        // Providers' own blames repeat the aggregator's for share complaints, so only their accusations of the
        // aggregator are taken from them.
        let providerAccusations = outcome.providerBlames.keys.sorted().flatMap { id in
            (outcome.providerBlames[id] ?? []).filter { $0.accused == aggregatorParticipantID }
        }
        for blame in outcome.aggregatorBlames + providerAccusations {
            let detectedBy: String
            switch blame.offence {
            case .badShare(let recipient, _): detectedBy = "provider \(recipient), checked by the aggregator"
            case .aggregatorEquivocated, .aggregatorRequestedForbiddenShare, .aggregatorInvalidInstruction:
                detectedBy = "providers"
            default: detectedBy = "aggregator"
            }
            if blame.accused == aggregatorParticipantID {
                aggregatorBlamed = true
            } else {
                blamed.insert(blame.accused)
            }
            record(
                round: round, detection: blame.offence.description, detectedBy: detectedBy,
                accused: blame.accused == aggregatorParticipantID ? "aggregator" : "provider \(blame.accused)",
                action: blame.accused == aggregatorParticipantID
                    ? "round rejected; aggregator reported to the task creator"
                    : "provider excluded from the sum, from this round's reward and from later rounds",
                evidence: blame.evidence)
        }
        for violation in outcome.aggregatorViolations where violation.kind.isUnattributable {
            record(
                round: round, detection: violation.kind.description, detectedBy: "aggregator", accused: nil,
                action: "message rejected; it cannot be attributed, so nobody is blamed", evidence: [violation.evidence]
            )
        }

        var report = RoundReport(
            round: round, accepted: false, outcome: "", contributors: outcome.contributors,
            dropped: [], recovered: [], blamed: blamed.sorted(), aggregatorBlamed: aggregatorBlamed,
            secureSumMatchesPlaintext: nil, auditPassed: nil, auditFindings: [], totalWeight: nil,
            validationLossBefore: lossBefore, validationLossAfter: nil, testAccuracy: 0,
            aggregatorSeconds: Self.phaseSeconds(outcome.aggregatorTimings),
            providerSeconds: Self.meanPhaseSeconds(outcome.providerTimings),
            bytesPerProvider: Double(outcome.providerBytesSent.values.reduce(0, +))
                / Double(max(outcome.providerBytesSent.count, 1)))
        let contributorSet = Set(outcome.contributors)
        report.dropped = members.filter { !contributorSet.contains($0) && !blamed.contains($0) }
        report.recovered = dropouts.filter { $0.value > .shareKeys }.map(\.key).filter {
            contributorSet.contains($0) || report.dropped.contains($0)
        }.sorted()

        func finish(accepted: Bool, _ outcomeText: String) -> RoundReport {
            report.accepted = accepted
            report.outcome = outcomeText
            report.testAccuracy = (try? global.accuracy(on: test)) ?? 0
            return report
        }

        guard let sum = outcome.sum else {
            return finish(accepted: false, "aborted: \(outcome.abortReason?.description ?? "no sum")")
        }

        // The plaintext check: the driver sees every quantized update.
        var plaintext = try ModularVector(zeros: sum.count, modulus: sum.modulus)
        for contributor in outcome.contributors {
            if let vector = quantized[contributor] { try plaintext.add(vector) }
        }
        report.secureSumMatchesPlaintext = plaintext == sum
        if plaintext != sum {
            aggregatorBlamed = true
            report.aggregatorBlamed = true
            record(
                round: round, detection: "the reported sum differs from the plaintext sum of the contributors' updates",
                detectedBy: "plaintext check", accused: "aggregator", action: "round rejected",
                evidence: outcome.transcript.messages.suffix(1))
        }

        // The transcript audit.
        var auditSource = SeededRandom(seed: mix(seed, round, 7))
        let audit = TranscriptAudit.audit(outcome.transcript, sampleCoordinates: task.auditSample, using: &auditSource)
        report.auditPassed = audit.passed
        report.auditFindings = audit.findings.map(\.description)
        if !audit.passed {
            aggregatorBlamed = true
            report.aggregatorBlamed = true
            record(
                round: round,
                detection: "transcript audit: " + audit.findings.map(\.description).joined(separator: "; "),
                detectedBy: "audit", accused: "aggregator", action: "round rejected",
                evidence: audit.resultMessage.map { [$0] } ?? [])
        }

        // Decode the mean update and check the declared weights against the secure sum of weights.
        let mean: WeightedMean
        do {
            mean = try Quantizer.decodeWeightedMean(sum, parameters: quantization)
        } catch {
            return finish(accepted: false, "rejected: the sum does not decode (\(error))")
        }
        report.totalWeight = mean.totalWeight
        let declaredTotal = outcome.contributors.compactMap { declaredWeights[$0] }.reduce(0, +)
        if declaredTotal != mean.totalWeight {
            record(
                round: round,
                detection: "declared weights total \(declaredTotal), the secure sum of weights is \(mean.totalWeight)",
                detectedBy: "weight check", accused: nil, action: "round rejected", evidence: [])
            return finish(accepted: false, "rejected: declared weights do not match the secure sum of weights")
        }
        if aggregatorBlamed {
            return finish(accepted: false, "rejected: the aggregator was caught cheating")
        }

        // The quality check on the task creator's validation data.
        let candidate: LinearModel
        do {
            candidate = try FederatedAveraging.applyWeightedSum(
                mean.values.map { $0 * Double(mean.totalWeight) }, totalWeight: Double(mean.totalWeight), to: global)
        } catch {
            return finish(accepted: false, "rejected: the update cannot be applied (\(error))")
        }
        let lossAfter = (try? candidate.loss(on: validation, l2: 0)) ?? .infinity
        report.validationLossAfter = lossAfter
        if !(lossAfter <= lossBefore + task.qualityTolerance) {
            record(
                round: round,
                detection: String(
                    format: "validation loss rose from %.4f to %.4f, above the tolerance %.4f", lossBefore, lossAfter,
                    task.qualityTolerance),
                detectedBy: "quality check", accused: nil, action: "round rejected and model rolled back", evidence: [])
            return finish(accepted: false, "rejected: validation loss rose beyond the tolerance")
        }
        global = candidate

        // Rewards: the contributors that were not blamed, in proportion to their bounded weights.
        let contributions = outcome.contributors.filter { !blamed.contains($0) }.map {
            Contribution(provider: ProviderID(UInt64($0)), weight: declaredWeights[$0] ?? 0)
        }
        do {
            try ledger.recordRound(
                round, contributions: contributions, blamed: Set(blamed.map { ProviderID(UInt64($0)) }))
        } catch {
            return finish(accepted: true, "completed; rewards not paid: \(error)")
        }
        return finish(accepted: true, "completed")
    }

    // MARK: Helpers

    private func record(
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
    private func makeTamper(frauds: [UInt32: Set<FraudKind>], recorder: InputRecorder) -> RoundSimulation.Tamper {
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

    private func describe(_ graph: GraphChoice) -> String {
        switch graph {
        case .complete: return "complete"
        case .harary(let degree): return "harary(\(degree))"
        }
    }
}

/// Collects the masked inputs a round delivers, so the next round can replay one.
final class InputRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var inputs: [UInt32: [UInt8]] = [:]

    func record(_ sender: UInt32, _ bytes: [UInt8]) {
        lock.withLock { inputs[sender] = bytes }
    }

    var snapshot: [UInt32: [UInt8]] {
        lock.withLock { inputs }
    }
}

/// The weight a provider declares with its masked input: 8 bytes big-endian in the input's metadata.
public enum WeightDeclaration {
    public static func encode(_ weight: UInt64) -> [UInt8] {
        withUnsafeBytes(of: weight.bigEndian) { Array($0) }
    }

    public static func decode(_ metadata: [UInt8]) -> UInt64? {
        guard metadata.count == 8 else { return nil }
        return metadata.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Mixes three values into one seed, so each provider and round draws from its own stream.
func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
    var hasher = SHA256()
    for value in [a, b, c] { hasher.update(withUnsafeBytes(of: value.bigEndian) { Array($0) }) }
    return hasher.finalize().prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
}

extension ViolationKind {
    /// Whether the rejected message proves nothing about its claimed sender: a forgery or a replay can come from
    /// anyone on the network.
    var isUnattributable: Bool {
        switch self {
        case .badSignature, .wrongRound, .wrongTask, .wrongSession, .malformed: return true
        default: return false
        }
    }
}
