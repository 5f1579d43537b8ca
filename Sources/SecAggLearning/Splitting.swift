import Foundation

extension Dataset {
    /// Splits the dataset into training and test sets with the same class proportions.
    ///
    /// Each class with `n` samples puts `round(n * testFraction)` of them, chosen at random, into the test set,
    /// but always leaves at least one in the training set. Both sets come back in random order.
    ///
    /// - Parameters:
    ///   - testFraction: The share of each class that goes to the test set, in (0, 1).
    ///   - rng: The source of randomness; a seeded generator makes the split repeatable.
    /// - Returns: The training and test sets.
    /// - Throws: ``DataError/invalidFraction(name:value:)`` for a fraction outside (0, 1) and
    ///   ``DataError/splitTooSmall(samples:testFraction:)`` when either set would be empty.
    public func stratifiedSplit(
        testFraction: Double, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> (train: Dataset, test: Dataset) {
        guard testFraction > 0, testFraction < 1 else {
            throw .invalidFraction(name: "test fraction", value: testFraction)
        }
        var trainIndices = [Int]()
        var testIndices = [Int]()
        for var members in indicesByClass() where !members.isEmpty {
            RandomDistributions.shuffle(&members, rng: &rng)
            let rounded = Int((Double(members.count) * testFraction).rounded(.toNearestOrAwayFromZero))
            let testCount = Swift.min(rounded, members.count - 1)
            testIndices.append(contentsOf: members[..<testCount])
            trainIndices.append(contentsOf: members[testCount...])
        }
        guard !trainIndices.isEmpty, !testIndices.isEmpty else {
            throw .splitTooSmall(samples: sampleCount, testFraction: testFraction)
        }
        RandomDistributions.shuffle(&trainIndices, rng: &rng)
        RandomDistributions.shuffle(&testIndices, rng: &rng)
        return (subset(trainIndices), subset(testIndices))
    }

    /// Groups sample indices by class, each group in ascending order.
    func indicesByClass() -> [[Int]] {
        var groups = [[Int]](repeating: [], count: classCount)
        for (index, label) in labels.enumerated() {
            groups[label].append(index)
        }
        return groups
    }
}

/// A per-feature affine map to zero mean and unit variance, fitted on training data and applied to any data.
///
/// Fit it on the training set only and apply the same instance to the test set, so no test statistics leak into
/// training. A feature whose standard deviation is zero, or below 1e-12 times its mean's magnitude (at least
/// 1e-12), keeps a scale of 1, so it is centred but not divided by zero.
public struct Standardizer: Sendable, Equatable, Codable {
    /// The mean of each feature in the fitting data.
    public let means: [Double]
    /// The divisor of each feature: its population standard deviation, or 1 for a constant feature.
    public let scales: [Double]

    /// Fits the means and standard deviations of each feature of `data`.
    ///
    /// - Parameter data: The training set.
    /// - Throws: ``DataError/emptyInput(what:)`` when `data` has no samples.
    public init(fitting data: Dataset) throws(DataError) {
        guard !data.isEmpty else {
            throw .emptyInput(what: "dataset to fit the standardizer on")
        }
        let width = data.featureCount
        let count = Double(data.sampleCount)
        var sums = [Double](repeating: 0, count: width)
        var squares = [Double](repeating: 0, count: width)
        data.features.withUnsafeBufferPointer { features in
            for row in 0..<data.sampleCount {
                for column in 0..<width {
                    sums[column] += features[row * width + column]
                }
            }
            // A second pass around the mean avoids the cancellation of the sum-of-squares formula.
            for row in 0..<data.sampleCount {
                for column in 0..<width {
                    let deviation = features[row * width + column] - sums[column] / count
                    squares[column] += deviation * deviation
                }
            }
        }
        means = sums.map { $0 / count }
        scales = zip(squares, means).map { square, mean in
            let deviation = (square / count).squareRoot()
            return deviation > 1e-12 * Swift.max(1, abs(mean)) ? deviation : 1
        }
    }

    /// Creates a standardizer from stored means and scales.
    ///
    /// - Parameters:
    ///   - means: One finite mean per feature.
    ///   - scales: One positive, finite scale per feature.
    /// - Throws: ``DataError/dimensionMismatch(what:expected:actual:)`` when the counts differ and
    ///   ``DataError/invalidParameter(name:value:requirement:)`` for a non-finite mean or a scale that is not
    ///   positive and finite.
    public init(means: [Double], scales: [Double]) throws(DataError) {
        guard means.count == scales.count else {
            throw .dimensionMismatch(what: "standardizer scales", expected: means.count, actual: scales.count)
        }
        if let bad = scales.first(where: { !($0 > 0 && $0.isFinite) }) {
            throw .invalidParameter(name: "standardizer scale", value: bad, requirement: "positive and finite")
        }
        if let bad = means.first(where: { !$0.isFinite }) {
            throw .invalidParameter(name: "standardizer mean", value: bad, requirement: "finite")
        }
        self.means = means
        self.scales = scales
    }

    /// Decodes a standardizer and checks it like ``init(means:scales:)``.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: The ``DataError`` for mismatched counts or an invalid scale, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            means: container.decode([Double].self, forKey: .means),
            scales: container.decode([Double].self, forKey: .scales))
    }

    /// Returns `data` with every feature shifted by its fitted mean and divided by its fitted scale.
    ///
    /// - Parameter data: A dataset with the feature count the standardizer was fitted on.
    /// - Returns: The standardised dataset, with the same labels and names.
    /// - Throws: ``DataError/dimensionMismatch(what:expected:actual:)`` when the feature counts differ.
    public func transform(_ data: Dataset) throws(DataError) -> Dataset {
        guard data.featureCount == means.count else {
            throw .dimensionMismatch(what: "dataset to standardise", expected: means.count, actual: data.featureCount)
        }
        let width = means.count
        var result = data.features
        result.withUnsafeMutableBufferPointer { values in
            for row in 0..<data.sampleCount {
                for column in 0..<width {
                    values[row * width + column] = (values[row * width + column] - means[column]) / scales[column]
                }
            }
        }
        return Dataset(
            unchecked: result, labels: data.labels, featureNames: data.featureNames, classNames: data.classNames)
    }
}
