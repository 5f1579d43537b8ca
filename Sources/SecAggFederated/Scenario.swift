import SecAggLearning
import SecAggPrimitives

/// A reproducible experiment: the data split into test, validation and per-provider training sets, and every
/// participant's identity key, all drawn from one seed.
public struct Scenario: Sendable {
    /// The providers with their training partitions.
    public let providers: [FederatedProvider]
    /// The pooled training data (every partition), for the central baseline.
    public let train: Dataset
    /// The task creator's held-out validation data, for the quality check.
    public let validation: Dataset
    /// The test data, for reported accuracy.
    public let test: Dataset
    /// The aggregator's identity key.
    public let aggregatorKey: Ed25519.PrivateKey

    /// Splits `data` and deals it out.
    ///
    /// The steps, all from `SeededRandom(seed:)`: a stratified test split of `testFraction`; a stratified
    /// validation split of `validationFraction` of the rest; standardisation fitted on the remaining training data
    /// and applied to all three; the training data partitioned across `providerCount` providers with `scheme`
    /// (each at least `minimumPerProvider` samples); identity keys for providers 1…n, then the aggregator.
    /// - Throws: ``FederatedError/splitFailure(_:)`` with the ``DataError`` when the data cannot be split that way.
    public static func prepare(
        data: Dataset, providerCount: Int, scheme: PartitionScheme, testFraction: Double = 0.2,
        validationFraction: Double = 0.1, minimumPerProvider: Int = 10, seed: UInt64
    ) throws -> Scenario {
        var rng = SeededRandom(seed: seed)
        do {
            let (rest, testRaw) = try data.stratifiedSplit(testFraction: testFraction, rng: &rng)
            let (trainRaw, validationRaw) = try rest.stratifiedSplit(testFraction: validationFraction, rng: &rng)
            let standardizer = try Standardizer(fitting: trainRaw)
            let train = try standardizer.transform(trainRaw)
            let parts = try train.partition(
                providers: providerCount, scheme: scheme, minimumPerProvider: minimumPerProvider, rng: &rng)
            var providers = [FederatedProvider]()
            for (index, part) in parts.enumerated() {
                providers.append(
                    FederatedProvider(id: UInt32(index + 1), identityKey: Ed25519.PrivateKey(using: &rng), data: part))
            }
            return Scenario(
                providers: providers, train: train, validation: try standardizer.transform(validationRaw),
                test: try standardizer.transform(testRaw), aggregatorKey: Ed25519.PrivateKey(using: &rng))
        } catch {
            throw FederatedError.splitFailure(error)
        }
    }

    /// Trains the same model centrally on the pooled training data and returns its test accuracy.
    public func centralAccuracy(kind: ModelKind, config: TrainingConfig, seed: UInt64) throws -> Double {
        var rng = SeededRandom(seed: seed)
        do {
            return try CentralTraining.train(kind: kind, data: train, config: config, rng: &rng).accuracy(on: test)
        } catch {
            throw FederatedError.dataFailure(reason: "\(error)")
        }
    }

    /// Runs plaintext federated averaging over the same partitions and returns its test accuracy.
    public func plaintextFederatedAccuracy(
        kind: ModelKind, rounds: Int, config: TrainingConfig, seed: UInt64
    ) throws -> Double {
        var rng = SeededRandom(seed: seed)
        do {
            let initial = try LinearModel(kind: kind, featureCount: train.featureCount, classCount: train.classCount)
            return try FederatedAveraging.train(
                initial: initial, providers: providers.map(\.data), rounds: rounds, config: config, rng: &rng
            ).accuracy(on: test)
        } catch {
            throw FederatedError.dataFailure(reason: "\(error)")
        }
    }
}
