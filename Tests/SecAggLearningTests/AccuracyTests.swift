import Foundation
import SecAggLearning
import SecAggPrimitives
import Testing

/// Hyperparameters tuned on seeds 0 to 9; see the accuracy tests below for the thresholds.
enum TunedConfigs {
    /// Central logistic regression on breast cancer.
    static let breastCancerCentral = TrainingConfig(learningRate: 0.01, epochs: 100, batchSize: 16, l2: 1e-3)
    /// Local training of each of 8 IID providers on breast cancer, 10 rounds.
    static let breastCancerLocal = TrainingConfig(learningRate: 0.05, epochs: 5, batchSize: 16, l2: 1e-3)
    /// Central softmax regression on digits.
    static let digitsCentral = TrainingConfig(learningRate: 0.1, epochs: 50, batchSize: 10, l2: 1e-3)
    /// Local training of each of 10 Dirichlet(0.5) providers on digits, 20 rounds.
    static let digitsLocal = TrainingConfig(learningRate: 0.1, epochs: 2, batchSize: 10, l2: 1e-3)
}

@Suite("Accuracy against references")
struct AccuracyTests {
    static let seeds: [UInt64] = [0, 1, 2]

    @Test("central logistic on breast cancer", arguments: seeds)
    func centralBreastCancer(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let (train, test) = try Fixtures.standardizedSplit(try Fixtures.breastCancer(), rng: &rng)
        let model = try CentralTraining.train(
            kind: .logistic, data: train, config: TunedConfigs.breastCancerCentral, rng: &rng)
        #expect(try model.accuracy(on: test) >= 0.96)
    }

    @Test("central softmax on digits", arguments: seeds)
    func centralDigits(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let (train, test) = try Fixtures.standardizedSplit(try Fixtures.digits(), rng: &rng)
        let model = try CentralTraining.train(
            kind: .softmax, data: train, config: TunedConfigs.digitsCentral, rng: &rng)
        #expect(try model.accuracy(on: test) >= 0.95)
    }

    @Test("IID FedAvg near central on breast cancer", arguments: seeds)
    func federatedBreastCancer(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let (train, test) = try Fixtures.standardizedSplit(try Fixtures.breastCancer(), rng: &rng)
        let providers = try train.partition(providers: 8, scheme: .iid, rng: &rng)
        let central = try CentralTraining.train(
            kind: .logistic, data: Dataset.pooled(providers), config: TunedConfigs.breastCancerCentral, rng: &rng)
        let initial = try LinearModel(kind: .logistic, featureCount: train.featureCount, classCount: 2)
        let federated = try FederatedAveraging.train(
            initial: initial, providers: providers, rounds: 10, config: TunedConfigs.breastCancerLocal, rng: &rng)
        let gap = try central.accuracy(on: test) - federated.accuracy(on: test)
        #expect(gap <= 0.015)
    }

    @Test("non-IID FedAvg near central on digits", arguments: seeds)
    func federatedDigits(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let (train, test) = try Fixtures.standardizedSplit(try Fixtures.digits(), rng: &rng)
        let providers = try train.partition(
            providers: 10, scheme: .dirichlet(alpha: 0.5), minimumPerProvider: 20, rng: &rng)
        let central = try CentralTraining.train(
            kind: .softmax, data: Dataset.pooled(providers), config: TunedConfigs.digitsCentral, rng: &rng)
        let initial = try LinearModel(kind: .softmax, featureCount: train.featureCount, classCount: train.classCount)
        let federated = try FederatedAveraging.train(
            initial: initial, providers: providers, rounds: 20, config: TunedConfigs.digitsLocal, rng: &rng)
        let gap = try central.accuracy(on: test) - federated.accuracy(on: test)
        #expect(gap <= 0.03)
    }
}

@Suite("Federated averaging")
struct FederatedAveragingTests {
    @Test("local update is a delta")
    func localUpdateDelta() throws {
        let (global, data) = try ModelTests.randomProblem(kind: .softmax, seed: 30)
        let config = TrainingConfig(learningRate: 0.1, epochs: 2, batchSize: 4, l2: 0)
        var first = SeededRandom(seed: 31)
        var second = SeededRandom(seed: 31)
        let (update, weight) = try FederatedAveraging.localUpdate(
            global: global, data: data, config: config, rng: &first)
        let local = try global.trained(on: data, config: config, rng: &second)
        #expect(weight == Double(data.sampleCount))
        for index in update.indices {
            #expect(abs(global.parameters[index] + update[index] - local.parameters[index]) < 1e-12)
        }
    }

    @Test("aggregate takes the weighted mean")
    func weightedMean() throws {
        let global = try LinearModel(kind: .logistic, featureCount: 1, classCount: 2, parameters: [1, 2])
        let updates: [(update: [Double], weight: Double)] = [([1, 0], 1), ([4, 3], 2), ([100, 100], 0)]
        let result = try FederatedAveraging.aggregate(updates, into: global)
        #expect(result.parameters == [4, 4])
        let fromSums = try FederatedAveraging.applyWeightedSum([9, 6], totalWeight: 3, to: global)
        #expect(fromSums == result)
    }

    @Test("aggregate rejects invalid updates")
    func invalidUpdates() throws {
        let global = try LinearModel(kind: .logistic, featureCount: 1, classCount: 2)
        #expect(throws: DataError.emptyInput(what: "list of provider updates")) {
            try FederatedAveraging.aggregate([], into: global)
        }
        #expect(throws: DataError.dimensionMismatch(what: "provider update", expected: 2, actual: 3)) {
            try FederatedAveraging.aggregate([([1, 2, 3], 1)], into: global)
        }
        #expect(throws: DataError.self) {
            try FederatedAveraging.aggregate([([1, 2], -1)], into: global)
        }
        #expect(throws: DataError.self) {
            try FederatedAveraging.aggregate([([1, 2], 0)], into: global)
        }
        #expect(throws: DataError.self) {
            try FederatedAveraging.applyWeightedSum([1, 2], totalWeight: .nan, to: global)
        }
    }

    @Test("one provider equals local training")
    func singleProvider() throws {
        let (global, data) = try ModelTests.randomProblem(kind: .logistic, seed: 32)
        let config = TrainingConfig(learningRate: 0.1, epochs: 1, batchSize: 8, l2: 0.01)
        var first = SeededRandom(seed: 33)
        var second = SeededRandom(seed: 33)
        let federated = try FederatedAveraging.runRound(global: global, providers: [data], config: config, rng: &first)
        let local = try global.trained(on: data, config: config, rng: &second)
        for index in local.parameters.indices {
            #expect(abs(federated.parameters[index] - local.parameters[index]) < 1e-12)
        }
    }

    @Test("round callback sees every round")
    func roundCallback() throws {
        let data = try Fixtures.indexed(count: 40, classCount: 2)
        var rng = SeededRandom(seed: 34)
        let providers = try data.partition(providers: 4, scheme: .iid, rng: &rng)
        let initial = try LinearModel(kind: .logistic, featureCount: 2, classCount: 2)
        var rounds = [Int]()
        let config = TrainingConfig(learningRate: 0.01, epochs: 1, batchSize: 5, l2: 0)
        _ = try FederatedAveraging.train(
            initial: initial, providers: providers, rounds: 3, config: config, rng: &rng
        ) { round, _ in
            rounds.append(round)
        }
        #expect(rounds == [1, 2, 3])
        #expect(throws: DataError.invalidCount(name: "round count", value: 0, minimum: 1)) {
            try FederatedAveraging.train(initial: initial, providers: providers, rounds: 0, config: config, rng: &rng)
        }
    }
}
