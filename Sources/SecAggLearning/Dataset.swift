/// A labelled classification dataset: a dense feature matrix and one integer class per sample.
///
/// Features are stored row-major in one contiguous array, so sample `i` occupies
/// `features[i * featureCount ..< (i + 1) * featureCount]`. Class indices run over `0 ..< classCount`, and
/// `classNames[c]` is the label text that class `c` had in the source file. Subsets keep the class count and
/// names of the dataset they came from, so a provider that holds only some classes still trains a model of the
/// full shape.
public struct Dataset: Sendable, Equatable {
    /// The names of the feature columns, in storage order.
    public let featureNames: [String]
    /// The label text of each class index, for example `["0", "1"]` or `["benign", "malignant"]`.
    public let classNames: [String]
    /// The feature matrix, row-major, `sampleCount * featureCount` values.
    public let features: [Double]
    /// The class index of each sample, each in `0 ..< classCount`.
    public let labels: [Int]

    /// The number of samples (rows).
    public var sampleCount: Int { labels.count }
    /// The number of features per sample.
    public var featureCount: Int { featureNames.count }
    /// The number of classes the labels are drawn from, including classes with no sample in this dataset.
    public var classCount: Int { classNames.count }
    /// Whether the dataset has no samples.
    public var isEmpty: Bool { labels.isEmpty }

    /// Creates a dataset from a row-major feature matrix and class indices, checking their shapes and values.
    ///
    /// - Parameters:
    ///   - features: `labels.count * featureNames.count` finite values, row-major.
    ///   - labels: One class index per sample, each in `0 ..< classNames.count`.
    ///   - featureNames: One name per feature; at least one.
    ///   - classNames: One name per class; at least two.
    /// - Throws: ``DataError/dimensionMismatch(what:expected:actual:)`` when the matrix size does not match,
    ///   ``DataError/invalidCount(name:value:minimum:)`` for fewer than one feature or two classes, and
    ///   ``DataError/invalidParameter(name:value:requirement:)`` for a label out of range or a non-finite value.
    public init(features: [Double], labels: [Int], featureNames: [String], classNames: [String]) throws(DataError) {
        guard featureNames.count >= 1 else {
            throw .invalidCount(name: "feature count", value: featureNames.count, minimum: 1)
        }
        guard classNames.count >= 2 else {
            throw .invalidCount(name: "class count", value: classNames.count, minimum: 2)
        }
        let (expected, overflow) = labels.count.multipliedReportingOverflow(by: featureNames.count)
        guard !overflow, features.count == expected else {
            throw .dimensionMismatch(
                what: "feature matrix", expected: overflow ? Int.max : expected, actual: features.count)
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classNames.count }) {
            throw .invalidParameter(name: "label", value: Double(bad), requirement: "in 0..<\(classNames.count)")
        }
        if let bad = features.first(where: { !$0.isFinite }) {
            throw .invalidParameter(name: "feature value", value: bad, requirement: "finite")
        }
        self.init(unchecked: features, labels: labels, featureNames: featureNames, classNames: classNames)
    }

    /// Creates a dataset from parts that the caller has already checked.
    init(unchecked features: [Double], labels: [Int], featureNames: [String], classNames: [String]) {
        self.features = features
        self.labels = labels
        self.featureNames = featureNames
        self.classNames = classNames
    }

    /// Returns the features of one sample.
    ///
    /// - Parameter index: A sample index in `0 ..< sampleCount`.
    /// - Returns: A slice of `featureCount` values.
    public func sample(_ index: Int) -> ArraySlice<Double> {
        precondition(index >= 0 && index < sampleCount, "sample index \(index) out of range 0..<\(sampleCount)")
        return features[index * featureCount..<(index + 1) * featureCount]
    }

    /// Counts the samples of each class.
    ///
    /// - Returns: `classCount` counts, indexed by class.
    public func classCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels {
            counts[label] += 1
        }
        return counts
    }

    /// Returns the samples at `indices`, in that order, with the same feature and class names.
    ///
    /// - Parameter indices: Sample indices in `0 ..< sampleCount`; repeats are allowed.
    /// - Returns: A dataset of `indices.count` samples.
    public func subset(_ indices: [Int]) -> Dataset {
        var newFeatures = [Double]()
        newFeatures.reserveCapacity(indices.count * featureCount)
        var newLabels = [Int]()
        newLabels.reserveCapacity(indices.count)
        for index in indices {
            precondition(index >= 0 && index < sampleCount, "sample index \(index) out of range 0..<\(sampleCount)")
            newFeatures.append(contentsOf: features[index * featureCount..<(index + 1) * featureCount])
            newLabels.append(labels[index])
        }
        return Dataset(unchecked: newFeatures, labels: newLabels, featureNames: featureNames, classNames: classNames)
    }

    /// Concatenates datasets that share feature and class names, for example the providers' partitions.
    ///
    /// - Parameter parts: At least one dataset; all must have the same feature names and class names.
    /// - Returns: The samples of every part, in order.
    /// - Throws: ``DataError/emptyInput(what:)`` for an empty list and
    ///   ``DataError/dimensionMismatch(what:expected:actual:)`` when feature or class counts differ.
    public static func pooled(_ parts: [Dataset]) throws(DataError) -> Dataset {
        guard let first = parts.first else {
            throw .emptyInput(what: "list of datasets to pool")
        }
        var features = [Double]()
        var labels = [Int]()
        for part in parts {
            guard part.featureNames == first.featureNames else {
                throw .dimensionMismatch(
                    what: "dataset to pool (feature names differ)", expected: first.featureCount,
                    actual: part.featureCount)
            }
            guard part.classNames == first.classNames else {
                throw .dimensionMismatch(
                    what: "dataset to pool (class names differ)", expected: first.classCount, actual: part.classCount)
            }
            features.append(contentsOf: part.features)
            labels.append(contentsOf: part.labels)
        }
        return Dataset(
            unchecked: features, labels: labels, featureNames: first.featureNames, classNames: first.classNames)
    }
}

extension Dataset: CustomStringConvertible {
    /// The shape alone: a provider's samples are the private data that secure aggregation protects.
    public var description: String {
        "Dataset(\(sampleCount) samples, \(featureCount) features, \(classCount) classes)"
    }
}
