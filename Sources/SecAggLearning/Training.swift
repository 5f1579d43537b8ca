/// Hyperparameters of mini-batch stochastic gradient descent.
public struct TrainingConfig: Sendable, Equatable, Hashable, Codable {
    /// The step size, positive.
    public var learningRate: Double
    /// The number of passes over the data, at least 1.
    public var epochs: Int
    /// The number of samples per gradient step, at least 1; the last batch of an epoch may be smaller.
    public var batchSize: Int
    /// The L2 regularisation strength on the weights (not the biases), non-negative.
    public var l2: Double

    /// Creates a configuration; ``validate()`` checks the ranges.
    ///
    /// - Parameters:
    ///   - learningRate: The step size, positive.
    ///   - epochs: The number of passes over the data, at least 1.
    ///   - batchSize: The number of samples per step, at least 1.
    ///   - l2: The L2 regularisation strength, non-negative.
    public init(learningRate: Double, epochs: Int, batchSize: Int, l2: Double) {
        self.learningRate = learningRate
        self.epochs = epochs
        self.batchSize = batchSize
        self.l2 = l2
    }

    /// Checks that every hyperparameter is in range.
    ///
    /// - Throws: ``DataError/invalidParameter(name:value:requirement:)`` for a learning rate that is not positive
    ///   and finite or an L2 strength that is negative or infinite, and ``DataError/invalidCount(name:value:minimum:)``
    ///   for fewer than one epoch or a batch size below 1.
    public func validate() throws(DataError) {
        guard learningRate > 0, learningRate.isFinite else {
            throw .invalidParameter(name: "learning rate", value: learningRate, requirement: "positive and finite")
        }
        guard epochs >= 1 else {
            throw .invalidCount(name: "epoch count", value: epochs, minimum: 1)
        }
        guard batchSize >= 1 else {
            throw .invalidCount(name: "batch size", value: batchSize, minimum: 1)
        }
        guard l2 >= 0, l2.isFinite else {
            throw .invalidParameter(name: "L2 strength", value: l2, requirement: "non-negative and finite")
        }
    }
}

extension LinearModel {
    /// Trains the model with mini-batch SGD and returns the trained copy.
    ///
    /// Each epoch visits the samples in a fresh random order, in batches of `config.batchSize`. Each step moves the
    /// parameters against the batch's mean cross-entropy gradient plus `config.l2` times the weights. The inner
    /// loop allocates nothing per sample.
    ///
    /// - Parameters:
    ///   - data: The training samples, with ``featureCount`` features and at most ``classCount`` classes.
    ///   - config: The SGD hyperparameters.
    ///   - rng: The source of the sample order; a seeded generator makes training repeatable.
    /// - Returns: The model after `config.epochs` epochs.
    /// - Throws: The ``DataError`` of ``TrainingConfig/validate()``, or when `data` does not fit the model or is
    ///   empty, or ``DataError/invalidParameter(name:value:requirement:)`` when training diverges to a non-finite
    ///   parameter (lower the learning rate).
    public func trained(
        on data: Dataset, config: TrainingConfig, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> LinearModel {
        try config.validate()
        try checkTrainable(data, l2: config.l2)

        var model = self
        var order = Array(0..<data.sampleCount)
        var gradient = [Double](repeating: 0, count: parameters.count)
        var logits = [Double](repeating: 0, count: outputCount)
        let weights = weightCount
        for _ in 0..<config.epochs {
            RandomDistributions.shuffle(&order, rng: &rng)
            var start = 0
            while start < order.count {
                let end = Swift.min(start + config.batchSize, order.count)
                let step = config.learningRate / Double(end - start)
                gradient.withUnsafeMutableBufferPointer { gradient in
                    gradient.update(repeating: 0)
                    logits.withUnsafeMutableBufferPointer { logits in
                        _ = model.accumulateGradient(
                            data: data, indices: order[start..<end], gradient: gradient, logits: logits)
                    }
                    model.parameters.withUnsafeMutableBufferPointer { parameters in
                        // Weight decay uses the weights before this step, like the gradient does.
                        let decay = config.learningRate * config.l2
                        for index in 0..<weights {
                            parameters[index] -= step * gradient[index] + decay * parameters[index]
                        }
                        for index in weights..<parameters.count {
                            parameters[index] -= step * gradient[index]
                        }
                    }
                }
                start = end
            }
        }
        if let bad = model.parameters.first(where: { !$0.isFinite }) {
            throw .invalidParameter(
                name: "trained parameter", value: bad, requirement: "finite; lower the learning rate")
        }
        return model
    }
}

/// Centralised training, the baseline that federated runs are compared with.
public enum CentralTraining {
    /// Trains a new model from zero parameters on the pooled training set.
    ///
    /// - Parameters:
    ///   - kind: The kind of classifier; logistic needs a dataset of exactly two classes.
    ///   - data: The whole training set, for example ``Dataset/pooled(_:)`` of the providers' partitions.
    ///   - config: The SGD hyperparameters.
    ///   - rng: The source of the sample order.
    /// - Returns: The trained model, with the feature and class counts of `data`.
    /// - Throws: The ``DataError`` of ``LinearModel/init(kind:featureCount:classCount:)`` and
    ///   ``LinearModel/trained(on:config:rng:)``.
    public static func train(
        kind: ModelKind, data: Dataset, config: TrainingConfig, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> LinearModel {
        let model = try LinearModel(kind: kind, featureCount: data.featureCount, classCount: data.classCount)
        return try model.trained(on: data, config: config, rng: &rng)
    }
}
