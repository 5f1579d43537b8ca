import Foundation
import SecAggFederated
import SecAggLearning
import SecAggRewards

enum FederatedFixtures {
    /// The repository root: this file is Tests/SecAggFederatedTests/FederatedFixtures.swift.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func dataset(_ name: String) throws -> Dataset {
        try Dataset.load(csvAt: repositoryRoot.appendingPathComponent("Datasets").appendingPathComponent(name).path)
    }

    /// The breast-cancer task of the main job: logistic regression, 8 providers, a fixed threshold.
    static func breastCancerTask(rounds: Int = 10) throws -> TrainingTask {
        try TrainingTask(
            name: "breast-cancer", model: .logistic, rounds: rounds, minimumProviders: 6, threshold: .fixed(4),
            rewardPerRound: TokenAmount(parsing: "100 GLIN"), qualityTolerance: 0.05,
            localTraining: TrainingConfig(learningRate: 0.05, epochs: 5, batchSize: 16, l2: 1e-3))
    }

    static func breastCancerScenario(seed: UInt64 = 1) throws -> Scenario {
        try Scenario.prepare(
            data: try dataset("breast_cancer_wisconsin.csv"), providerCount: 8, scheme: .iid, seed: seed)
    }
}
