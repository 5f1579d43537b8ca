import Foundation

/// What the aggregator may do, which decides how many shares of an honest provider's secrets it can collect.
public enum AggregatorModel: Sendable, Hashable {
    /// The aggregator follows the protocol. It can collect one of an honest provider's two secrets from its
    /// honest neighbours, so only the corrupt neighbours' shares of both matter: exposure needs `c ≥ t`.
    case semiHonest
    /// The aggregator may tell different neighbours different stories about who dropped out, and so collect
    /// shares of the self-mask seed from some honest neighbours and of the key-agreement secret from the others.
    /// With c corrupt neighbours it gets `c + a` and `c + (k − c − a)` shares, so exposure needs `c ≥ 2t − k`.
    case malicious
}

/// The sparse graph and Shamir threshold chosen for a round, with the probabilities they were chosen for.
///
/// The probabilities are upper bounds from the union bound, as base-2 logarithms (−∞ for impossible events).
/// `Specs/masking.md` derives them.
public struct GraphPlan: Sendable, Hashable {
    /// The number of providers n.
    public let providerCount: Int
    /// The number of neighbours k of every provider: an even degree below n − 1 for a Harary graph, n − 1 for
    /// the complete graph.
    public let degree: Int
    /// The Shamir threshold t: any t of a provider's k neighbours reconstruct its secrets. It is the largest
    /// threshold in ``feasibleThresholds``.
    public let threshold: Int
    /// Every threshold that meets all three targets at this degree.
    public let feasibleThresholds: ClosedRange<Int>
    /// Whether the graph is the complete graph.
    public let isComplete: Bool
    /// The number of corrupt providers planned for, ⌊γ·n⌋.
    public let corruptProviderCount: Int
    /// log2 of the bound on the probability that some provider keeps fewer than t surviving neighbours, so the
    /// round cannot complete. At most −``ParameterPlanner/completionFailureExponent``.
    public let log2CompletionFailure: Double
    /// log2 of the bound on the probability that some honest provider has enough corrupt neighbours for its
    /// input to be exposed. At most −``ParameterPlanner/statisticalSecurity``.
    public let log2SecretExposure: Double
    /// log2 of the bound on the probability that the honest survivors' graph is disconnected, which would
    /// reveal the sum of a part of the honest inputs. −∞ for the complete graph.
    public let log2Disconnection: Double
}

extension ParameterPlanner {
    /// The statistical security parameter σ: privacy fails with probability at most 2^-σ.
    public static let statisticalSecurity = 40
    /// The completion parameter η: a round fails to complete with probability at most 2^-η.
    public static let completionFailureExponent = 20
    /// The largest Harary degree the planner searches. Above it the complete graph is checked instead.
    public static let maximumSearchedDegree = 2048

    /// Chooses the smallest even degree k of a Harary graph over a random ring, and the Shamir threshold t, that
    /// meet the completion target (2^-20) and both privacy targets (2^-40). Where no such k below n − 1 exists
    /// (always for small n), it checks the complete graph.
    ///
    /// The analysis assumes a static adversary that corrupts at most ⌊γ·n⌋ providers, and possibly the
    /// aggregator, before the ring order is drawn. The ring order must be a uniform permutation it cannot
    /// influence, and providers must drop out independently with probability at most δ. O(k²) for the chosen k,
    /// and O(n) when it checks the complete graph.
    /// - Parameters:
    ///   - providerCount: n, at least 2.
    ///   - dropoutRate: δ in `[0, 1)`.
    ///   - corruptFraction: γ in `[0, 1)`.
    ///   - aggregator: the aggregator's behaviour; ``AggregatorModel/semiHonest`` unless it may equivocate.
    /// - Throws: ``MaskingError/invalidProviderCount(count:minimum:maximum:)``,
    ///   ``MaskingError/invalidRate(name:value:)`` and
    ///   ``MaskingError/noGraphMeetsTargets(providerCount:dropoutRate:corruptFraction:)``.
    public static func planGraph(
        providerCount: Int, dropoutRate: Double, corruptFraction: Double, aggregator: AggregatorModel = .semiHonest
    ) throws -> GraphPlan {
        guard providerCount >= 2 && providerCount <= QuantizationParameters.maximumProviderCount else {
            throw MaskingError.invalidProviderCount(
                count: providerCount, minimum: 2, maximum: QuantizationParameters.maximumProviderCount)
        }
        guard dropoutRate >= 0 && dropoutRate < 1 else {
            throw MaskingError.invalidRate(name: "dropout rate", value: dropoutRate)
        }
        guard corruptFraction >= 0 && corruptFraction < 1 else {
            throw MaskingError.invalidRate(name: "corrupt fraction", value: corruptFraction)
        }
        let conditions = GraphConditions(
            providerCount: providerCount, dropoutRate: dropoutRate,
            corruptCount: Int((corruptFraction * Double(providerCount)).rounded(.down)), aggregator: aggregator)
        let largestSparseDegree = min(providerCount - 2, maximumSearchedDegree)
        if largestSparseDegree >= 2 {
            for degree in stride(from: 2, through: largestSparseDegree, by: 2) {
                if let plan = conditions.plan(degree: degree) { return plan }
            }
        }
        if let plan = conditions.plan(degree: providerCount - 1) { return plan }
        throw MaskingError.noGraphMeetsTargets(
            providerCount: providerCount, dropoutRate: dropoutRate, corruptFraction: corruptFraction)
    }
}

/// The three conditions of the graph planner for one provider count, dropout rate and corrupt count.
struct GraphConditions {
    let providerCount: Int
    let dropoutRate: Double
    let corruptCount: Int
    let aggregator: AggregatorModel

    static let securityTarget = -Double(ParameterPlanner.statisticalSecurity) * M_LN2
    static let completionTarget = -Double(ParameterPlanner.completionFailureExponent) * M_LN2

    /// Returns the plan at degree `degree` (n − 1 for the complete graph), or nil when no threshold meets all
    /// three targets.
    func plan(degree: Int) -> GraphPlan? {
        let isComplete = degree == providerCount - 1
        let disconnection = isComplete ? LogProbability.logZero : logDisconnection(degree: degree)
        guard disconnection <= Self.securityTarget else { return nil }
        let exposure = exposureBounds(degree: degree)
        let completion = completionBounds(degree: degree)
        guard let lowest = (1...degree).first(where: { exposure[$0] <= Self.securityTarget }),
            let highest = (1...degree).last(where: { completion[$0] <= Self.completionTarget }),
            lowest <= highest
        else { return nil }
        return GraphPlan(
            providerCount: providerCount, degree: degree, threshold: highest, feasibleThresholds: lowest...highest,
            isComplete: isComplete, corruptProviderCount: corruptCount,
            log2CompletionFailure: completion[highest] / M_LN2, log2SecretExposure: exposure[highest] / M_LN2,
            log2Disconnection: disconnection / M_LN2)
    }

    /// Condition (1), for every threshold t in `0...degree` (index t): ln of n · P[Bin(k, δ) ≥ k − t + 1], the
    /// union bound on some provider having more than k − t dropped neighbours.
    func completionBounds(degree: Int) -> [Double] {
        let tails = LogProbability.binomialUpperTails(trials: degree, probability: dropoutRate)
        let logProviders = log(Double(providerCount))
        return (0...degree).map { threshold in logProviders + tails[degree - threshold + 1] }
    }

    /// Condition (2), for every threshold t in `0...degree` (index t): ln of (n − C) · P[c ≥ τ]. The corrupt
    /// neighbour count c of an honest provider is Hypergeometric(n − 1, C, k), and τ is t for a semi-honest
    /// aggregator and 2t − k for a malicious one.
    func exposureBounds(degree: Int) -> [Double] {
        let tails = LogProbability.hypergeometricUpperTails(
            population: providerCount - 1, successes: corruptCount, draws: degree)
        let logHonest = log(Double(providerCount - corruptCount))
        return (0...degree).map { threshold in
            let exposing = aggregator == .semiHonest ? threshold : 2 * threshold - degree
            if exposing <= 0 { return logHonest }
            return logHonest + tails[exposing]
        }
    }

    /// Condition (3): ln of the bound n·(n − k − 1)/2 · P[2h given ring positions are all corrupt or dropped],
    /// with h = k/2. The honest survivors of a Harary ring are disconnected only if two separate runs of h
    /// consecutive positions are all corrupt or dropped.
    func logDisconnection(degree: Int) -> Double {
        let half = degree / 2
        let separations = providerCount - degree - 1
        guard separations >= 1 else { return LogProbability.logZero }
        let windowCount = 2 * half
        var allRemoved = LogProbability.logZero
        for corrupt in 0...min(windowCount, corruptCount) {
            let term =
                LogProbability.hypergeometricTerm(
                    population: providerCount, successes: corruptCount, draws: windowCount, corrupt)
                + LogProbability.logPower(dropoutRate, windowCount - corrupt)
            allRemoved = LogProbability.logAdd(allRemoved, term)
        }
        let pairs = log(Double(providerCount)) + log(Double(separations)) - M_LN2
        return pairs + allRemoved
    }
}
