import Foundation
import SecAggLearning
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards

/// The plan of one round: the members on the roster and the incidents that apply.
struct RoundPlan {
    let round: UInt64
    let members: [FederatedProvider]
    var dropouts: [UInt32: RoundPhase] = [:]
    var providerFraud: [UInt32: Set<FraudKind>] = [:]
    var aggregatorFraud: [(kind: FraudKind, target: UInt32?)] = []
}

/// One provider's contribution before protection: the update after local training, its honest weight, and the
/// weight it declares.
struct LocalContribution {
    let provider: FederatedProvider
    let update: [Double]
    let weight: UInt64
    let declaredWeight: UInt64
    /// The provider's random stream, continued for quantization and encryption.
    var random: SeededRandom
}

/// The mean update decoded from a secure sum.
struct MeanUpdate {
    let values: [Double]
    let totalWeight: UInt64
}

/// The result of one round's secure aggregation, in either mode.
struct AggregationOutcome {
    var contributors: [UInt32] = []
    var blamed: Set<UInt32> = []
    var aggregatorBlamed = false
    var secureSumMatchesPlaintext: Bool?
    var auditPassed: Bool?
    var auditFindings: [String] = []
    /// The decoded mean, or why there is none.
    var mean: Result<MeanUpdate, RoundFailure> = .failure(.noSum("no sum"))
    var recovered: [UInt32] = []
    var aggregatorSeconds: [String: Double] = [:]
    var providerSeconds: [String: Double] = [:]
    var bytesPerProvider: Double = 0
}

/// The reason a round has no usable mean.
enum RoundFailure: Error {
    /// The aggregation ended without a sum.
    case noSum(String)
    /// The sum does not decode.
    case undecodable(String)
}

extension FederatedTraining {
    // MARK: One round

    func runRound(_ round: UInt64) throws -> RoundReport {
        let members = providers.filter { !excluded.contains($0.id) }
        guard members.count >= task.minimumProviders else {
            return notRun(round, "only \(members.count) providers remain, the task needs \(task.minimumProviders)")
        }
        var plan = RoundPlan(round: round, members: members)
        for incident in incidents where incident.applies(to: round) {
            switch incident.kind {
            case .dropout(let phase):
                if let provider = incident.provider { plan.dropouts[provider] = phase }
            case .fraud(let kind) where kind.isAggregatorFraud:
                plan.aggregatorFraud.append((kind, incident.provider))
            case .fraud(let kind):
                if let provider = incident.provider { plan.providerFraud[provider, default: []].insert(kind) }
            }
        }
        let contributions = try localContributions(plan)
        let outcome: AggregationOutcome
        switch task.aggregation {
        case .masking:
            guard let masked = try aggregateWithMasking(plan, contributions) else {
                return notRun(round, "the round cannot be configured for \(members.count) providers")
            }
            outcome = masked
        case .paillier:
            outcome = try aggregateWithPaillier(plan, contributions)
        }
        let report = finishRound(
            round: round, outcome: outcome,
            declaredWeights: Dictionary(
                uniqueKeysWithValues: contributions.map { ($0.provider.id, $0.declaredWeight) }),
            members: members.map(\.id))
        excluded.formUnion(report.blamed)
        return report
    }

    /// Trains every member locally from the global model and applies the update-level frauds.
    func localContributions(_ plan: RoundPlan) throws -> [LocalContribution] {
        try plan.members.map { provider in
            var random = SeededRandom(seed: mix(seed, plan.round, UInt64(provider.id)))
            let local: (update: [Double], weight: Double)
            do {
                local = try FederatedAveraging.localUpdate(
                    global: global, data: provider.data, config: task.localTraining, rng: &random)
            } catch {
                throw FederatedError.dataFailure(reason: "provider \(provider.id): \(error)")
            }
            let frauds = plan.providerFraud[provider.id] ?? []
            var update = local.update
            if frauds.contains(.poisonedUpdate) { update = update.map { -25 * $0 } }
            let weight = min(UInt64(local.weight), task.quantization.maximumWeight)
            var declared = weight
            if frauds.contains(.excessiveWeight) { declared = task.quantization.maximumWeight * 4 + 1 }
            if frauds.contains(.misdeclaredWeight) { declared = weight > 1 ? weight - 1 : weight + 1 }
            return LocalContribution(
                provider: provider, update: update, weight: weight, declaredWeight: declared, random: random)
        }
    }

    /// Returns the report of a round that did not start.
    func notRun(_ round: UInt64, _ reason: String) -> RoundReport {
        let loss = (try? global.loss(on: validation, l2: 0)) ?? .infinity
        return RoundReport(
            round: round, accepted: false, outcome: "not run: \(reason)", contributors: [], dropped: [],
            recovered: [], blamed: [], aggregatorBlamed: false, secureSumMatchesPlaintext: nil, auditPassed: nil,
            auditFindings: [], totalWeight: nil, validationLossBefore: loss, validationLossAfter: nil,
            testAccuracy: (try? global.accuracy(on: test)) ?? 0, aggregatorSeconds: [:], providerSeconds: [:],
            bytesPerProvider: 0)
    }

    // MARK: Checks common to both modes

    /// Checks the declared weights against the secure sum of weights, rejects a round in which the aggregator was
    /// caught, applies the quality check, and pays the rewards of an accepted round.
    func finishRound(
        round: UInt64, outcome: AggregationOutcome, declaredWeights: [UInt32: UInt64], members: [UInt32]
    ) -> RoundReport {
        let lossBefore = (try? global.loss(on: validation, l2: 0)) ?? .infinity
        let contributorSet = Set(outcome.contributors)
        var report = RoundReport(
            round: round, accepted: false, outcome: "", contributors: outcome.contributors,
            dropped: members.filter { !contributorSet.contains($0) && !outcome.blamed.contains($0) },
            recovered: outcome.recovered, blamed: outcome.blamed.sorted(), aggregatorBlamed: outcome.aggregatorBlamed,
            secureSumMatchesPlaintext: outcome.secureSumMatchesPlaintext, auditPassed: outcome.auditPassed,
            auditFindings: outcome.auditFindings, totalWeight: nil, validationLossBefore: lossBefore,
            validationLossAfter: nil, testAccuracy: 0, aggregatorSeconds: outcome.aggregatorSeconds,
            providerSeconds: outcome.providerSeconds, bytesPerProvider: outcome.bytesPerProvider)

        func finish(accepted: Bool, _ outcomeText: String) -> RoundReport {
            report.accepted = accepted
            report.outcome = outcomeText
            report.testAccuracy = (try? global.accuracy(on: test)) ?? 0
            return report
        }

        let mean: MeanUpdate
        switch outcome.mean {
        case .success(let decoded):
            mean = decoded
        case .failure(.noSum(let reason)):
            return finish(accepted: false, "aborted: \(reason)")
        case .failure(.undecodable(let reason)):
            return finish(accepted: false, "rejected: the sum does not decode (\(reason))")
        }
        report.totalWeight = mean.totalWeight
        let declaredTotal = outcome.contributors.compactMap { declaredWeights[$0] }.reduce(0, +)
        if declaredTotal != mean.totalWeight {
            record(
                round: round,
                detection: "declared weights total \(declaredTotal), the secure sum of weights is \(mean.totalWeight)",
                detectedBy: "weight check", accused: nil, action: "round rejected", evidence: [])
            return finish(accepted: false, "rejected: declared weights do not match the secure sum of weights")
        }
        if outcome.aggregatorBlamed {
            return finish(accepted: false, "rejected: the aggregator was caught cheating")
        }

        // The quality check on the task creator's validation data.
        let candidate: LinearModel
        do {
            candidate = try FederatedAveraging.applyWeightedSum(
                mean.values.map { $0 * Double(mean.totalWeight) }, totalWeight: Double(mean.totalWeight), to: global)
        } catch {
            return finish(accepted: false, "rejected: the update cannot be applied (\(error))")
        }
        let lossAfter = (try? candidate.loss(on: validation, l2: 0)) ?? .infinity
        report.validationLossAfter = lossAfter
        if !(lossAfter <= lossBefore + task.qualityTolerance) {
            record(
                round: round,
                detection: String(
                    format: "validation loss rose from %.4f to %.4f, above the tolerance %.4f", lossBefore, lossAfter,
                    task.qualityTolerance),
                detectedBy: "quality check", accused: nil, action: "round rejected and model rolled back", evidence: [])
            return finish(accepted: false, "rejected: validation loss rose beyond the tolerance")
        }
        global = candidate

        // Rewards: the contributors that were not blamed, in proportion to their bounded weights.
        let contributions = outcome.contributors.filter { !outcome.blamed.contains($0) }.map {
            Contribution(provider: ProviderID(UInt64($0)), weight: declaredWeights[$0] ?? 0)
        }
        do {
            try ledger.recordRound(
                round, contributions: contributions, blamed: Set(outcome.blamed.map { ProviderID(UInt64($0)) }))
        } catch {
            return finish(accepted: true, "completed; rewards not paid: \(error)")
        }
        return finish(accepted: true, "completed")
    }
}
