import Foundation
import SecAggLearning
import SecAggPrimitives

/// Shared data for the SecAggLearning tests.
enum Fixtures {
    /// The repository root: this file is Tests/SecAggLearningTests/Fixtures.swift.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The path of a file in Datasets/.
    static func datasetPath(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Datasets").appendingPathComponent(name).path
    }

    static func breastCancer() throws -> Dataset {
        try Dataset.load(csvAt: datasetPath("breast_cancer_wisconsin.csv"))
    }

    static func digits() throws -> Dataset {
        try Dataset.load(csvAt: datasetPath("digits_8x8.csv"))
    }

    /// Splits 80/20 with `rng` and standardises both sets with statistics of the training set.
    static func standardizedSplit(
        _ data: Dataset, rng: inout SeededRandom
    ) throws -> (train: Dataset, test: Dataset) {
        let (train, test) = try data.stratifiedSplit(testFraction: 0.2, rng: &rng)
        let standardizer = try Standardizer(fitting: train)
        return (try standardizer.transform(train), try standardizer.transform(test))
    }

    /// Parses CSV text given inline.
    static func parse(_ text: String, labelColumn: String = "label") throws(DataError) -> Dataset {
        try Dataset(csv: Array(text.utf8), source: "inline.csv", labelColumn: labelColumn)
    }

    /// A dataset of `count` samples whose first feature is the sample's index, so tests can trace samples.
    static func indexed(count: Int, classCount: Int, featureCount: Int = 2) throws -> Dataset {
        var features = [Double]()
        var labels = [Int]()
        for index in 0..<count {
            features.append(Double(index))
            for extra in 1..<featureCount {
                features.append(Double(extra * (index % 7)))
            }
            labels.append(index % classCount)
        }
        return try Dataset(
            features: features, labels: labels, featureNames: (0..<featureCount).map { "f\($0)" },
            classNames: (0..<classCount).map { "c\($0)" })
    }

    /// The sample indices a dataset made by ``indexed(count:classCount:featureCount:)`` contains.
    static func sampleIDs(_ data: Dataset) -> [Int] {
        (0..<data.sampleCount).map { Int(data.features[$0 * data.featureCount]) }
    }
}
