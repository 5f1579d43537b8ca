import Foundation

/// The kind of linear classifier.
public enum ModelKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// Binary logistic regression: p(class 1) = sigmoid(w · x + b).
    case logistic
    /// Multinomial logistic (softmax) regression: p(class c) = softmax(W x + b)[c].
    case softmax
}

/// A linear classifier whose parameters are one flat `[Double]` vector, laid out by its ``descriptor``.
///
/// Logistic models store `weights[featureCount]` then `bias`; softmax models store `weights[classCount][featureCount]`
/// row-major then `bias[classCount]`. The training objective is the mean cross-entropy plus
/// `l2 / 2 * ‖weights‖²`; the biases are not regularised.
public struct LinearModel: Sendable, Equatable, Codable {
    /// The kind of classifier.
    public let kind: ModelKind
    /// The number of input features.
    public let featureCount: Int
    /// The number of classes; 2 for logistic models.
    public let classCount: Int
    /// The flat parameter vector, ``ModelDescriptor/parameterCount`` values in the descriptor's layout.
    public internal(set) var parameters: [Double]

    /// Creates a model with all parameters zero.
    ///
    /// - Parameters:
    ///   - kind: The kind of classifier.
    ///   - featureCount: The number of input features, at least 1.
    ///   - classCount: The number of classes: 2 for logistic models, at least 2 for softmax models.
    /// - Throws: ``DataError/invalidCount(name:value:minimum:)`` for a feature count below 1 or a class count below 2,
    ///   and ``DataError/classCountMismatch(modelClasses:dataClasses:)`` for a logistic model of more than 2 classes.
    public init(kind: ModelKind, featureCount: Int, classCount: Int) throws(DataError) {
        try Self.checkShape(kind: kind, featureCount: featureCount, classCount: classCount)
        self.kind = kind
        self.featureCount = featureCount
        self.classCount = classCount
        let count = Self.parameterCount(kind: kind, featureCount: featureCount, classCount: classCount)
        parameters = [Double](repeating: 0, count: count)
    }

    /// Creates a model with the given parameters.
    ///
    /// - Parameters:
    ///   - kind: The kind of classifier.
    ///   - featureCount: The number of input features, at least 1.
    ///   - classCount: The number of classes: 2 for logistic models, at least 2 for softmax models.
    ///   - parameters: Finite values in the layout of ``descriptor``.
    /// - Throws: The errors of ``init(kind:featureCount:classCount:)``, and the errors of
    ///   ``replacingParameters(_:)`` for a vector of the wrong size or with a non-finite value.
    public init(kind: ModelKind, featureCount: Int, classCount: Int, parameters: [Double]) throws(DataError) {
        self = try LinearModel(kind: kind, featureCount: featureCount, classCount: classCount)
            .replacingParameters(parameters)
    }

    /// Decodes a model and checks its shape and parameter vector like ``init(kind:featureCount:classCount:parameters:)``.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: The ``DataError`` for an invalid model, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            kind: container.decode(ModelKind.self, forKey: .kind),
            featureCount: container.decode(Int.self, forKey: .featureCount),
            classCount: container.decode(Int.self, forKey: .classCount),
            parameters: container.decode([Double].self, forKey: .parameters))
    }

    /// The layout of ``parameters``.
    public var descriptor: ModelDescriptor {
        switch kind {
        case .logistic:
            return .logistic(featureCount: featureCount)
        case .softmax:
            return .softmax(featureCount: featureCount, classCount: classCount)
        }
    }

    /// Returns a copy of the model with a new parameter vector.
    ///
    /// - Parameter newParameters: Finite values, as many as ``parameters``.
    /// - Returns: The model with `newParameters`.
    /// - Throws: ``DataError/dimensionMismatch(what:expected:actual:)`` for the wrong count and
    ///   ``DataError/invalidParameter(name:value:requirement:)`` for a non-finite value.
    public func replacingParameters(_ newParameters: [Double]) throws(DataError) -> LinearModel {
        guard newParameters.count == parameters.count else {
            throw .dimensionMismatch(what: "parameter vector", expected: parameters.count, actual: newParameters.count)
        }
        if let bad = newParameters.first(where: { !$0.isFinite }) {
            throw .invalidParameter(name: "model parameter", value: bad, requirement: "finite")
        }
        var copy = self
        copy.parameters = newParameters
        return copy
    }

    /// Predicts the class of every sample.
    ///
    /// - Parameter data: Samples with ``featureCount`` features.
    /// - Returns: One class index per sample; ties go to the lowest class index.
    /// - Throws: ``DataError/dimensionMismatch(what:expected:actual:)`` when the feature counts differ.
    public func predict(_ data: Dataset) throws(DataError) -> [Int] {
        try checkFeatures(of: data)
        var predictions = [Int](repeating: 0, count: data.sampleCount)
        var logits = [Double](repeating: 0, count: outputCount)
        parameters.withUnsafeBufferPointer { parameters in
            data.features.withUnsafeBufferPointer { features in
                logits.withUnsafeMutableBufferPointer { logits in
                    for sample in 0..<data.sampleCount {
                        let row = UnsafeBufferPointer(
                            rebasing: features[sample * featureCount..<(sample + 1) * featureCount])
                        computeLogits(row, parameters: parameters, into: logits)
                        predictions[sample] = predictedClass(logits)
                    }
                }
            }
        }
        return predictions
    }

    /// Computes the share of samples whose predicted class equals their label.
    ///
    /// - Parameter data: Samples with ``featureCount`` features and at most ``classCount`` classes.
    /// - Returns: The accuracy in [0, 1].
    /// - Throws: The errors of ``predict(_:)``, and ``DataError/emptyInput(what:)`` for an empty dataset.
    public func accuracy(on data: Dataset) throws(DataError) -> Double {
        guard !data.isEmpty else {
            throw .emptyInput(what: "dataset to measure accuracy on")
        }
        let predictions = try predict(data)
        let correct = zip(predictions, data.labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(data.sampleCount)
    }

    /// Computes the training objective: mean cross-entropy over `data` plus `l2 / 2` times the squared norm of the
    /// weights.
    ///
    /// - Parameters:
    ///   - data: Samples with ``featureCount`` features and at most ``classCount`` classes; at least one.
    ///   - l2: The L2 regularisation strength, non-negative.
    /// - Returns: The objective in nats.
    /// - Throws: ``DataError`` when `data` does not fit the model, is empty, or `l2` is negative.
    public func loss(on data: Dataset, l2: Double = 0) throws(DataError) -> Double {
        try checkTrainable(data, l2: l2)
        var scratch = [Double](repeating: 0, count: parameters.count)
        let indices = Array(0..<data.sampleCount)
        let total = accumulateGradient(data: data, indices: indices[...], into: &scratch)
        return total / Double(data.sampleCount) + l2 / 2 * weightNormSquared()
    }

    /// Computes the gradient of ``loss(on:l2:)`` with respect to ``parameters`` over all of `data`.
    ///
    /// - Parameters:
    ///   - data: Samples with ``featureCount`` features and at most ``classCount`` classes; at least one.
    ///   - l2: The L2 regularisation strength, non-negative.
    /// - Returns: One partial derivative per parameter, in the layout of ``descriptor``.
    /// - Throws: ``DataError`` when `data` does not fit the model, is empty, or `l2` is negative.
    public func gradient(on data: Dataset, l2: Double = 0) throws(DataError) -> [Double] {
        try checkTrainable(data, l2: l2)
        var gradient = [Double](repeating: 0, count: parameters.count)
        let indices = Array(0..<data.sampleCount)
        _ = accumulateGradient(data: data, indices: indices[...], into: &gradient)
        let scale = 1 / Double(data.sampleCount)
        for index in gradient.indices {
            gradient[index] *= scale
        }
        for index in 0..<weightCount {
            gradient[index] += l2 * parameters[index]
        }
        return gradient
    }

    // MARK: - Shared kernels

    /// The number of weights, which come first in the parameter vector and are the regularised parameters.
    var weightCount: Int { kind == .logistic ? featureCount : classCount * featureCount }

    /// The number of logits: one for logistic models, one per class for softmax models.
    var outputCount: Int { kind == .logistic ? 1 : classCount }

    func weightNormSquared() -> Double {
        var sum = 0.0
        for index in 0..<weightCount {
            sum += parameters[index] * parameters[index]
        }
        return sum
    }

    func checkFeatures(of data: Dataset) throws(DataError) {
        guard data.featureCount == featureCount else {
            throw .dimensionMismatch(what: "dataset features", expected: featureCount, actual: data.featureCount)
        }
    }

    func checkTrainable(_ data: Dataset, l2: Double) throws(DataError) {
        try checkFeatures(of: data)
        guard data.classCount <= classCount else {
            throw .classCountMismatch(modelClasses: classCount, dataClasses: data.classCount)
        }
        guard !data.isEmpty else {
            throw .emptyInput(what: "training dataset")
        }
        guard l2 >= 0, l2.isFinite else {
            throw .invalidParameter(name: "L2 strength", value: l2, requirement: "non-negative and finite")
        }
    }

    /// Adds the summed (not averaged) cross-entropy gradient of the samples at `indices` to `gradient`, and returns
    /// their summed cross-entropy. The caller has checked that `data` fits the model.
    func accumulateGradient(data: Dataset, indices: ArraySlice<Int>, into gradient: inout [Double]) -> Double {
        var logits = [Double](repeating: 0, count: outputCount)
        return logits.withUnsafeMutableBufferPointer { logits in
            gradient.withUnsafeMutableBufferPointer { gradient in
                accumulateGradient(data: data, indices: indices, gradient: gradient, logits: logits)
            }
        }
    }

    /// Adds the summed gradient like ``accumulateGradient(data:indices:into:)`` without allocating, using `logits`
    /// as scratch space of ``outputCount`` values.
    func accumulateGradient(
        data: Dataset, indices: ArraySlice<Int>, gradient: UnsafeMutableBufferPointer<Double>,
        logits: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let width = featureCount
        let weights = weightCount
        var totalLoss = 0.0
        parameters.withUnsafeBufferPointer { parameters in
            data.features.withUnsafeBufferPointer { features in
                data.labels.withUnsafeBufferPointer { labels in
                    for sample in indices {
                        let row = UnsafeBufferPointer(rebasing: features[sample * width..<(sample + 1) * width])
                        let label = labels[sample]
                        computeLogits(row, parameters: parameters, into: logits)
                        switch kind {
                        case .logistic:
                            let z = logits[0]
                            let target = Double(label)
                            // Cross-entropy of sigmoid(z) is softplus(z) - y z, written to avoid exp overflow.
                            totalLoss += Swift.max(z, 0) + Foundation.log1p(Foundation.exp(-abs(z))) - target * z
                            let error = sigmoid(z) - target
                            for feature in 0..<width {
                                gradient[feature] += error * row[feature]
                            }
                            gradient[weights] += error
                        case .softmax:
                            let labelLogit = logits[label]
                            totalLoss += softmaxInPlace(logits) - labelLogit
                            for output in 0..<classCount {
                                let error = logits[output] - (output == label ? 1 : 0)
                                let base = output * width
                                for feature in 0..<width {
                                    gradient[base + feature] += error * row[feature]
                                }
                                gradient[weights + output] += error
                            }
                        }
                    }
                }
            }
        }
        return totalLoss
    }

    /// Writes the logits of one sample into `logits`.
    func computeLogits(
        _ row: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
        into logits: UnsafeMutableBufferPointer<Double>
    ) {
        let width = featureCount
        let biasStart = weightCount
        for output in 0..<outputCount {
            var sum = parameters[biasStart + output]
            let base = output * width
            for feature in 0..<width {
                sum += parameters[base + feature] * row[feature]
            }
            logits[output] = sum
        }
    }

    private func predictedClass(_ logits: UnsafeMutableBufferPointer<Double>) -> Int {
        if kind == .logistic {
            return logits[0] > 0 ? 1 : 0
        }
        var best = 0
        for output in 1..<classCount where logits[output] > logits[best] {
            best = output
        }
        return best
    }

    private static func checkShape(kind: ModelKind, featureCount: Int, classCount: Int) throws(DataError) {
        guard featureCount >= 1 else {
            throw .invalidCount(name: "feature count", value: featureCount, minimum: 1)
        }
        guard classCount >= 2 else {
            throw .invalidCount(name: "class count", value: classCount, minimum: 2)
        }
        if kind == .logistic, classCount != 2 {
            throw .classCountMismatch(modelClasses: 2, dataClasses: classCount)
        }
        // Keep the parameter count far from Int overflow; 2^40 doubles would be 8 TiB anyway.
        let (product, overflow) = (featureCount + 1).multipliedReportingOverflow(by: classCount)
        guard !overflow, product <= 1 << 40 else {
            throw .invalidParameter(
                name: "parameter count", value: Double(featureCount) * Double(classCount), requirement: "at most 2^40")
        }
    }

    private static func parameterCount(kind: ModelKind, featureCount: Int, classCount: Int) -> Int {
        kind == .logistic ? featureCount + 1 : classCount * (featureCount + 1)
    }
}

/// Returns 1 / (1 + e^-z) without overflow for large |z|.
@inline(__always)
func sigmoid(_ z: Double) -> Double {
    if z >= 0 {
        return 1 / (1 + Foundation.exp(-z))
    }
    let e = Foundation.exp(z)
    return e / (1 + e)
}

/// Replaces `logits` by their softmax probabilities in place and returns log Σ exp(logits).
///
/// The maximum logit is subtracted before exponentiating, so no exponential overflows and the largest term is 1.
@inline(__always)
func softmaxInPlace(_ logits: UnsafeMutableBufferPointer<Double>) -> Double {
    var maximum = -Double.infinity
    for value in logits where value > maximum {
        maximum = value
    }
    var sum = 0.0
    for index in logits.indices {
        let shifted = Foundation.exp(logits[index] - maximum)
        logits[index] = shifted
        sum += shifted
    }
    for index in logits.indices {
        logits[index] /= sum
    }
    return maximum + Foundation.log(sum)
}
