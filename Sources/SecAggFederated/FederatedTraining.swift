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
        /// The provider stops responding from this phase on.
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

    let validation: Dataset
    let test: Dataset
    let aggregatorKey: Ed25519.PrivateKey
    let seed: UInt64
    let eventHandler: (@Sendable (FederatedEvent) -> Void)?

    let quantization: QuantizationParameters
    /// The Shamir threshold the rounds use: the task's fixed value or the parameter planner's choice.
    public let threshold: Int
    let graph: GraphChoice
    let corruptBound: Int
    var global: LinearModel
    var ledger: RewardLedger
    var fraudLog: [FraudRecord] = []
    var previousInputs: [UInt32: [UInt8]] = [:]
    /// The key material of Paillier mode, made on first use.
    var paillierKeys: PaillierTaskKeys?
    /// Paillier keys dealt by the caller, used instead of dealing new ones.
    let suppliedPaillierKeys: PaillierKeyMaterial?
    /// Each provider's Paillier submission of the previous round, for the replay fraud.
    var previousPaillierSubmissions: [UInt32: PaillierSubmission] = [:]
    /// Receives each round's transcript, for example to write it to a file for a later audit.
    public var transcriptHandler: ((UInt64, Transcript) -> Void)?
    /// Providers blamed in an earlier round, left off later rosters.
    public internal(set) var excluded: Set<UInt32> = []

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
    ///   - paillierKeys: keys dealt in advance for Paillier mode; dealt from `seed` on first use when nil.
    ///   - eventHandler: receives progress.
    /// - Throws: ``FederatedError`` for a task or provider set that cannot run.
    public init(
        task: TrainingTask, providers: [FederatedProvider], validation: Dataset, test: Dataset,
        aggregatorKey: Ed25519.PrivateKey, incidents: [Incident] = [], seed: UInt64,
        paillierKeys: PaillierKeyMaterial? = nil, eventHandler: (@Sendable (FederatedEvent) -> Void)? = nil
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
        self.suppliedPaillierKeys = paillierKeys
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
            graph: task.aggregation == .masking ? describe(graph) : "none (Paillier)",
            encoding: task.aggregation == .masking
                ? "Z_2^\(quantization.modulus.bitWidth)" : "Paillier, \(task.paillierKeyBits)-bit n",
            rounds: rounds,
            finalTestAccuracy: (try? global.accuracy(on: test)) ?? 0, finalParameters: global.parameters,
            fraudLog: fraudLog, payouts: ledger.payouts, rewardTotals: ledger.totals, totalPaid: ledger.totalPaid,
            totalPromised: promised)
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
