import Foundation
import SecAggConformance
import SecAggFederated
import SecAggLearning

/// The `datasets` target: CSV data sets and JSON task definitions, the two files a user hands the tool.
///
/// Input: a selector byte, then the file. An even selector parses CSV with the label column `label`, an odd one
/// decodes a training task.
enum DatasetFuzzing {
    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let (selector, body) = split(bytes) else { return }
        if selector % 2 == 0 {
            try expecting("Dataset(csv:)", { $0 is DataError }) {
                let dataset = try Dataset(csv: body, source: "fuzz.csv", labelColumn: "label")
                try check(dataset.sampleCount >= 1, "a data set without samples parsed")
                try check(dataset.features.allSatisfy(\.isFinite), "a data set holds a non-finite feature")
                try check(
                    dataset.labels.allSatisfy { $0 >= 0 && $0 < dataset.classNames.count },
                    "a label is outside the class range")
            }
        } else {
            try expecting("TrainingTask.decode(json:)", { $0 is FederatedError }) {
                let task = try TrainingTask.decode(json: Data(body))
                let encoded = try fixture("the task's JSON") { try JSONEncoder().encode(task) }
                let decodedAgain = try TrainingTask.decode(json: encoded)
                try check(decodedAgain == task, "a decoded task does not round-trip through JSON")
            }
        }
    }

    /// Returns the first lines of the shipped data sets, small CSV edge cases, and task definitions.
    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        var seeds = [[UInt8]]()
        let datasets = try fixture("the data sets") {
            try VectorDirectory.locate().url.deletingLastPathComponent().appendingPathComponent("Datasets")
        }
        for file in ["breast_cancer_wisconsin.csv", "digits_8x8.csv"] {
            let text = try fixture(file) {
                try String(contentsOf: datasets.appendingPathComponent(file), encoding: .utf8)
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(6).map(String.init)
            seeds.append([0] + Array(lines.joined(separator: "\n").utf8))
        }
        seeds.append([0] + Array("\u{FEFF}a,\"b \"\"q\"\"\",label\r\n1, 2.5e3 ,x\r\n-0,3,\"y\"\r\n\r\n".utf8))
        seeds.append([0] + Array("label,x\n1,1\n2,nan\n".utf8))
        seeds.append([1] + Array(#"{"name": "demo", "rewardPerRound": "100 GLIN", "rounds": 7}"#.utf8))
        seeds.append(
            [1]
                + Array(
                    #"{"name": "t", "model": "softmax", "threshold": 3, "rewardPerRound": "1.5 GLIN", "auditSample": 4}"#
                        .utf8))
        return seeds
    }
}
