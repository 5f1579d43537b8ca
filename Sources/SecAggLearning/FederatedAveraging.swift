/// Plaintext federated averaging (McMahan et al., 2017), the baseline that secure aggregation is compared with.
///
/// An update is a delta: the provider's locally trained parameters minus the global parameters it started from.
/// Its weight is the provider's sample count. The server adds the weighted mean of the deltas to the global model.
/// A secure driver can call ``localUpdate(global:data:config:rng:)`` on each provider, sum `weight * update` and
/// `weight` under masking, and finish with ``applyWeightedSum(_:totalWeight:to:)``.
public enum FederatedAveraging {
    /// Trains a provider's copy of the global model on its local data and returns the change and its weight.
    ///
    /// - Parameters:
    ///   - global: The global model at the start of the round.
    ///   - data: The provider's samples, with the model's feature count; at least one.
    ///   - config: The local SGD hyperparameters; `config.epochs` is the number of local epochs E.
    ///   - rng: The source of the local sample order.
    /// - Returns: `update`, the trained parameters minus `global.parameters`, and `weight`, the sample count.
    /// - Throws: The ``DataError`` of ``LinearModel/trained(on:config:rng:)``.
    public static func localUpdate(
        global: LinearModel, data: Dataset, config: TrainingConfig, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> (update: [Double], weight: Double) {
        let local = try global.trained(on: data, config: config, rng: &rng)
        var delta = local.parameters
        for index in delta.indices {
            delta[index] -= global.parameters[index]
        }
        return (delta, Double(data.sampleCount))
    }

    /// Adds the weighted mean of the providers' updates to the global model.
    ///
    /// - Parameters:
    ///   - updates: Each provider's delta and weight; at least one, every delta as long as the parameter vector,
    ///     every weight non-negative and finite, and the weights not all zero.
    ///   - global: The global model at the start of the round.
    /// - Returns: The new global model.
    /// - Throws: ``DataError/emptyInput(what:)`` for no updates, ``DataError/dimensionMismatch(what:expected:actual:)``
    ///   for a delta of the wrong length, and ``DataError/invalidParameter(name:value:requirement:)`` for an invalid
    ///   weight, a zero total weight or a non-finite result.
    public static func aggregate(
        _ updates: [(update: [Double], weight: Double)], into global: LinearModel
    ) throws(DataError) -> LinearModel {
        guard !updates.isEmpty else {
            throw .emptyInput(what: "list of provider updates")
        }
        var weightedSum = [Double](repeating: 0, count: global.parameters.count)
        var totalWeight = 0.0
        for (update, weight) in updates {
            guard update.count == weightedSum.count else {
                throw .dimensionMismatch(what: "provider update", expected: weightedSum.count, actual: update.count)
            }
            guard weight >= 0, weight.isFinite else {
                throw .invalidParameter(name: "update weight", value: weight, requirement: "non-negative and finite")
            }
            for index in weightedSum.indices {
                weightedSum[index] += weight * update[index]
            }
            totalWeight += weight
        }
        return try applyWeightedSum(weightedSum, totalWeight: totalWeight, to: global)
    }

    /// Adds `weightedSum / totalWeight` to the global parameters: the server step when only the sums are known.
    ///
    /// - Parameters:
    ///   - weightedSum: The sum over providers of `weight * update`, as long as the parameter vector.
    ///   - totalWeight: The sum of the providers' weights, positive and finite.
    ///   - global: The global model at the start of the round.
    /// - Returns: The new global model.
    /// - Throws: ``DataError/dimensionMismatch(what:expected:actual:)`` for a sum of the wrong length and
    ///   ``DataError/invalidParameter(name:value:requirement:)`` for an invalid total weight or a non-finite result.
    public static func applyWeightedSum(
        _ weightedSum: [Double], totalWeight: Double, to global: LinearModel
    ) throws(DataError) -> LinearModel {
        guard weightedSum.count == global.parameters.count else {
            throw .dimensionMismatch(
                what: "weighted update sum", expected: global.parameters.count, actual: weightedSum.count)
        }
        guard totalWeight > 0, totalWeight.isFinite else {
            throw .invalidParameter(name: "total update weight", value: totalWeight, requirement: "positive and finite")
        }
        var parameters = global.parameters
        for index in parameters.indices {
            parameters[index] += weightedSum[index] / totalWeight
        }
        return try global.replacingParameters(parameters)
    }

    /// Runs one round: every provider trains locally from `global`, then the server averages the updates.
    ///
    /// Providers train one after another in list order, each drawing its sample order from `rng`.
    ///
    /// - Parameters:
    ///   - global: The global model at the start of the round.
    ///   - providers: Each provider's local dataset; at least one, none empty.
    ///   - config: The local SGD hyperparameters.
    ///   - rng: The source of randomness for all providers.
    /// - Returns: The new global model.
    /// - Throws: The ``DataError`` of ``localUpdate(global:data:config:rng:)`` and ``aggregate(_:into:)``.
    public static func runRound(
        global: LinearModel, providers: [Dataset], config: TrainingConfig, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> LinearModel {
        var updates = [(update: [Double], weight: Double)]()
        updates.reserveCapacity(providers.count)
        for data in providers {
            updates.append(try localUpdate(global: global, data: data, config: config, rng: &rng))
        }
        return try aggregate(updates, into: global)
    }

    /// Runs `rounds` rounds of federated averaging from `initial`.
    ///
    /// - Parameters:
    ///   - initial: The starting global model, for example zero parameters.
    ///   - providers: Each provider's local dataset; at least one, none empty.
    ///   - rounds: The number of rounds, at least 1.
    ///   - config: The local SGD hyperparameters.
    ///   - rng: The source of randomness.
    ///   - afterRound: Called after each round with the 1-based round number and the new global model, for example
    ///     to record test accuracy.
    /// - Returns: The global model after the last round.
    /// - Throws: ``DataError/invalidCount(name:value:minimum:)`` for fewer than one round, and the errors of
    ///   ``runRound(global:providers:config:rng:)``.
    public static func train(
        initial: LinearModel, providers: [Dataset], rounds: Int, config: TrainingConfig,
        rng: inout some RandomNumberGenerator, afterRound: (Int, LinearModel) -> Void = { _, _ in }
    ) throws(DataError) -> LinearModel {
        guard rounds >= 1 else {
            throw .invalidCount(name: "round count", value: rounds, minimum: 1)
        }
        var global = initial
        for round in 1...rounds {
            global = try runRound(global: global, providers: providers, config: config, rng: &rng)
            afterRound(round, global)
        }
        return global
    }
}
