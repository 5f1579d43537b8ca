import Foundation
import SecAggLearning
import SecAggMasking
import SecAggPrimitives
import SecAggRewards

/// The model a task trains.
public enum ModelChoice: String, Sendable, Codable, CaseIterable {
    /// Binary logistic regression.
    case logistic
    /// Multinomial (softmax) regression.
    case softmax
    /// The parameter layout of ResNet-50 (25,557,032 parameters), for benchmarks of update sizes only.
    case resnet50

    /// Returns the parameter layout for `featureCount` features and `classCount` classes.
    public func descriptor(featureCount: Int, classCount: Int) -> ModelDescriptor {
        switch self {
        case .logistic: return .logistic(featureCount: featureCount)
        case .softmax: return .softmax(featureCount: featureCount, classCount: classCount)
        case .resnet50: return .resNet50
        }
    }
}

/// The choice of a round's Shamir threshold.
public enum ThresholdChoice: Sendable, Equatable, Codable {
    /// The parameter planner's choice for the provider count, dropout rate and corrupt fraction.
    case planned
    /// A fixed threshold.
    case fixed(Int)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), text == "planned" {
            self = .planned
            return
        }
        self = .fixed(try container.decode(Int.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .planned: try container.encode("planned")
        case .fixed(let value): try container.encode(value)
        }
    }
}

/// The method that protects and sums the updates.
public enum AggregationMode: String, Sendable, Codable, CaseIterable {
    /// Pairwise-masked secure aggregation (the protocol of `Specs/protocol.md`).
    case masking
    /// Additively homomorphic Paillier encryption with threshold decryption (`Specs/paillier.md`).
    case paillier
}

/// The fixed-point encoding of updates.
public struct QuantizationSettings: Sendable, Equatable, Codable {
    /// Each update value is clipped to `[-clipBound, clipBound]`.
    public var clipBound: Double
    /// The largest error allowed in each coordinate of the decoded mean update.
    public var maximumError: Double
    /// The largest weight (sample count) a provider may declare.
    public var maximumWeight: UInt64

    public init(clipBound: Double = 4, maximumError: Double = 1e-6, maximumWeight: UInt64 = 10_000) {
        self.clipBound = clipBound
        self.maximumError = maximumError
        self.maximumWeight = maximumWeight
    }
}

/// A federated training task as its creator posts it.
///
/// JSON form (every field but `name` and `rewardPerRound` has a default; README.md lists the fields, their
/// defaults and limits):
/// ```json
/// {"name": "breast-cancer", "model": "logistic", "rounds": 10, "minimumProviders": 6,
///  "threshold": "planned", "aggregation": "masking", "rewardPerRound": "100 GLIN",
///  "expectedDropoutRate": 0.1, "corruptFraction": 0.1, "qualityTolerance": 0.05,
///  "quantization": {"clipBound": 4, "maximumError": 1e-6, "maximumWeight": 10000},
///  "localTraining": {"learningRate": 0.05, "epochs": 5, "batchSize": 16, "l2": 0.001}}
/// ```
public struct TrainingTask: Sendable, Equatable {
    /// The largest number of rounds a task may have.
    public static let maximumRounds = 1000
    /// The largest `localTraining.epochs`, also the limit of `secagg train --epochs`.
    public static let maximumEpochs = 1000
    /// The largest `localTraining.batchSize`; a batch larger than a provider's data is that data.
    public static let maximumBatchSize = 1_000_000
    /// The largest `quantization.maximumWeight`, a provider's declared sample count.
    public static let maximumDeclaredWeight: UInt64 = 1_000_000_000
    /// The largest `auditSample`, above the 25.6 million parameters of the `resnet50` layout.
    public static let maximumAuditSample = 100_000_000

    public var name: String
    public var model: ModelChoice
    public var rounds: Int
    public var minimumProviders: Int
    public var threshold: ThresholdChoice
    public var aggregation: AggregationMode
    public var rewardPerRound: TokenAmount
    public var expectedDropoutRate: Double
    public var corruptFraction: Double
    /// How much the validation loss may rise in one round before the round is rejected and rolled back.
    public var qualityTolerance: Double
    public var quantization: QuantizationSettings
    public var localTraining: TrainingConfig
    /// How many coordinates the per-round transcript audit recomputes; nil for all.
    public var auditSample: Int?
    /// Paillier mode: the bit width of the modulus n (2048 or more).
    public var paillierKeyBits: Int
    /// Paillier mode: the number of key holders w.
    public var keyHolders: Int
    /// Paillier mode: how many key holders must take part in a decryption, t.
    public var keyHolderThreshold: Int

    /// Creates and validates a task.
    ///
    /// - Throws: ``FederatedError/invalidField(field:reason:)`` naming the first invalid field.
    public init(
        name: String, model: ModelChoice = .logistic, rounds: Int = 10, minimumProviders: Int = 3,
        threshold: ThresholdChoice = .planned, aggregation: AggregationMode = .masking, rewardPerRound: TokenAmount,
        expectedDropoutRate: Double = 0.1, corruptFraction: Double = 0.1, qualityTolerance: Double = 0.05,
        quantization: QuantizationSettings = QuantizationSettings(),
        localTraining: TrainingConfig = TrainingConfig(learningRate: 0.05, epochs: 5, batchSize: 16, l2: 1e-3),
        auditSample: Int? = nil, paillierKeyBits: Int = 2048, keyHolders: Int = 3, keyHolderThreshold: Int = 2
    ) throws {
        self.name = name
        self.model = model
        self.rounds = rounds
        self.minimumProviders = minimumProviders
        self.threshold = threshold
        self.aggregation = aggregation
        self.rewardPerRound = rewardPerRound
        self.expectedDropoutRate = expectedDropoutRate
        self.corruptFraction = corruptFraction
        self.qualityTolerance = qualityTolerance
        self.quantization = quantization
        self.localTraining = localTraining
        self.auditSample = auditSample
        self.paillierKeyBits = paillierKeyBits
        self.keyHolders = keyHolders
        self.keyHolderThreshold = keyHolderThreshold
        try validate()
    }

    /// Checks every field.
    ///
    /// - Throws: ``FederatedError/invalidField(field:reason:)`` naming the first invalid field.
    public func validate() throws {
        func fail(_ field: String, _ reason: String) -> FederatedError {
            .invalidField(field: field, reason: reason)
        }
        guard !name.isEmpty, name.utf8.count <= 200, !name.contains(where: \.isNewline) else {
            throw fail("name", "must be 1...200 bytes without line breaks")
        }
        guard rounds >= 1 && rounds <= Self.maximumRounds else {
            throw fail("rounds", "must be in 1...\(Self.maximumRounds), got \(rounds)")
        }
        guard minimumProviders >= 2 && minimumProviders <= 65_535 else {
            throw fail("minimumProviders", "must be in 2...65535, got \(minimumProviders)")
        }
        if case .fixed(let value) = threshold, value < 1 || value >= minimumProviders {
            throw fail("threshold", "must be in 1..<minimumProviders (\(minimumProviders)), got \(value)")
        }
        guard expectedDropoutRate >= 0 && expectedDropoutRate < 1 else {
            throw fail("expectedDropoutRate", "must be in [0, 1), got \(expectedDropoutRate)")
        }
        guard corruptFraction >= 0 && corruptFraction < 1 else {
            throw fail("corruptFraction", "must be in [0, 1), got \(corruptFraction)")
        }
        guard qualityTolerance.isFinite && qualityTolerance >= 0 else {
            throw fail("qualityTolerance", "must be a non-negative number, got \(qualityTolerance)")
        }
        try validateQuantization()
        guard rewardPerRound.baseUnits > 0 else { throw fail("rewardPerRound", "must be positive") }
        guard !rewardPerRound.baseUnits.multipliedReportingOverflow(by: UInt128(rounds)).overflow else {
            throw fail(
                "rewardPerRound",
                "\(rewardPerRound) times \(rounds) rounds exceeds the largest amount, "
                    + "\(TokenAmount(baseUnits: .max, token: rewardPerRound.token)); lower the reward or the rounds")
        }
        try validateLocalTraining()
        guard paillierKeyBits >= 2048 && paillierKeyBits <= 8192 && paillierKeyBits % 2 == 0 else {
            throw fail("paillierKeyBits", "must be even and in 2048...8192, got \(paillierKeyBits)")
        }
        guard keyHolders >= 1 && keyHolders <= 255 else {
            throw fail("keyHolders", "must be in 1...255, got \(keyHolders)")
        }
        guard keyHolderThreshold >= 1 && keyHolderThreshold <= keyHolders else {
            throw fail("keyHolderThreshold", "must be in 1...keyHolders (\(keyHolders)), got \(keyHolderThreshold)")
        }
        if let auditSample, auditSample < 1 || auditSample > Self.maximumAuditSample {
            throw fail(
                "auditSample",
                "must be in 1...\(Self.maximumAuditSample), or absent to check every coordinate; "
                    + "got \(auditSample)")
        }
    }

    private func validateQuantization() throws {
        func fail(_ field: String, _ reason: String) -> FederatedError {
            .invalidField(field: "quantization." + field, reason: reason)
        }
        let clipBound = quantization.clipBound
        let maximumError = quantization.maximumError
        guard clipBound.isFinite && clipBound > 0 else {
            throw fail("clipBound", "must be a positive number, got \(clipBound)")
        }
        // The planner's quantization step is the largest power of two not above maximumError, and a normal
        // number, so a subnormal maximumError would be rounded up.
        guard maximumError.isFinite && maximumError >= Double.leastNormalMagnitude && maximumError < 1 else {
            throw fail(
                "maximumError", "must be in \(Double.leastNormalMagnitude)...1 (1 excluded), got \(maximumError)")
        }
        let step = Double(sign: .plus, exponent: maximumError.exponent, significand: 1)
        let maximumSteps = QuantizationParameters.maximumScaledClipBound
        guard clipBound / step <= maximumSteps else {
            throw fail(
                "clipBound",
                "\(clipBound) is more than 2^62 quantization steps; the step is "
                    + "the largest power of two not above maximumError (here \(step)), so lower clipBound to at "
                    + "most \(maximumSteps * step) or raise maximumError")
        }
        guard quantization.maximumWeight >= 1 && quantization.maximumWeight <= Self.maximumDeclaredWeight else {
            throw fail(
                "maximumWeight", "must be in 1...\(Self.maximumDeclaredWeight), got \(quantization.maximumWeight)")
        }
    }

    private func validateLocalTraining() throws {
        func fail(_ field: String, _ reason: String) -> FederatedError {
            .invalidField(field: "localTraining." + field, reason: reason)
        }
        let learningRate = localTraining.learningRate
        let l2 = localTraining.l2
        guard learningRate.isFinite && learningRate > 0 else {
            throw fail("learningRate", "must be a positive number, got \(learningRate)")
        }
        guard (1...Self.maximumEpochs).contains(localTraining.epochs) else {
            throw fail("epochs", "must be in 1...\(Self.maximumEpochs), got \(localTraining.epochs)")
        }
        guard (1...Self.maximumBatchSize).contains(localTraining.batchSize) else {
            throw fail("batchSize", "must be in 1...\(Self.maximumBatchSize), got \(localTraining.batchSize)")
        }
        guard l2.isFinite && l2 >= 0 else { throw fail("l2", "must be a non-negative number, got \(l2)") }
        // Each SGD step multiplies the weights by 1 − learningRate · l2 before the gradient step, so a product of
        // 2 or more makes the weights grow without bound.
        guard learningRate * l2 < 2 else {
            throw fail(
                "l2",
                "learningRate \(learningRate) times l2 \(l2) is \(learningRate * l2); it must be below 2, or every "
                    + "step makes the weights larger, so lower l2 or the learning rate")
        }
    }

    /// The 32-byte task id: SHA-256 of `"secagg/v1/task"` and the name.
    public var taskID: [UInt8] {
        TaskIdentity.id(of: name)
    }
}

/// The task id derivation, in its own type so the JSON form does not carry it.
enum TaskIdentity {
    static func id(of name: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(Array("secagg/v1/task".utf8))
        hasher.update(Array(name.utf8))
        return hasher.finalize()
    }
}
