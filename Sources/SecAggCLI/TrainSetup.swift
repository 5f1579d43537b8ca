import Foundation
import SecAggFederated
import SecAggLearning
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards
import SecAggToolSupport

/// The data, scenario, task and incidents of a `secagg train` run, built from its options.
extension TrainCommand {
    /// Splits the data into test, validation and per-provider training sets.
    static func prepareScenario(data: Dataset, options: Options) throws -> Scenario {
        let providerCount = options.providerCount
        let scheme: PartitionScheme = options.partition == "iid" ? .iid : .dirichlet(alpha: options.alpha)
        do {
            return try Scenario.prepare(
                data: data, providerCount: providerCount, scheme: scheme,
                minimumPerProvider: max(2, min(10, data.sampleCount / (providerCount * 3))), seed: options.seed)
        } catch FederatedError.splitFailure(.splitTooSmall) {
            // Scenario.prepare holds out 20% for testing and then 10% of the rest for validation.
            throw UsageError(
                "secagg train: the data has only \(counted(data.sampleCount, "sample")), too few to hold out 20% "
                    + "for testing and 10% of the rest for validation with at least one sample in each; "
                    + "use a dataset with more rows")
        } catch FederatedError.splitFailure(.tooFewSamples(let samples, let providers, let minimum)) {
            var fixes = "use fewer providers than \(providers) (--providers) or more data"
            if options.partition == "non-iid" {
                fixes += ", or even out the split with --partition iid or a larger --alpha than \(options.alpha)"
            }
            throw UsageError(
                "secagg train: the \(counted(samples, "training sample")) cannot give \(providers) providers at "
                    + "least \(minimum) each; \(fixes)")
        } catch {
            throw UsageError("secagg train: cannot split the data across \(providerCount) providers: \(error)")
        }
    }

    /// Builds the task: the task file or the default task, then the options that override it.
    static func makeTask(_ options: Options, classCount: Int) throws -> TrainingTask {
        let providerCount = options.providerCount
        var task = try baseTask(path: options.taskPath, classCount: classCount, providerCount: providerCount)
        try applyOverrides(options, to: &task)

        if let taskPath = options.taskPath {
            try checkTaskFile(task, path: taskPath, providerCount: providerCount)
        } else if case .fixed(let value) = task.threshold, value >= task.minimumProviders {
            // The default task derives its minimum from the provider count, so it can follow --threshold.
            task.minimumProviders = min(providerCount, value + 1)
        }

        do {
            try task.validate()
        } catch {
            throw UsageError("secagg train: \(error)")
        }
        return task
    }

    /// Sets the task fields that options override: rounds, model, mode, threshold, reward and local training.
    static func applyOverrides(_ options: Options, to task: inout TrainingTask) throws {
        let providerCount = options.providerCount
        if let roundsOption = options.rounds {
            guard let rounds = Int(roundsOption), (1...TrainingTask.maximumRounds).contains(rounds) else {
                throw UsageError(
                    "secagg train: invalid --rounds '\(roundsOption)': expected an integer in "
                        + "1...\(TrainingTask.maximumRounds)")
            }
            task.rounds = rounds
        }

        if let modelOption = options.model {
            guard let model = ModelChoice(rawValue: modelOption), model != .resnet50 else {
                throw UsageError("secagg train: invalid --model '\(modelOption)': expected logistic or softmax")
            }
            task.model = model
            task.localTraining = defaultLocalTraining(model)
        }

        if let modeOption = options.mode {
            guard let mode = AggregationMode(rawValue: modeOption) else {
                throw UsageError("secagg train: invalid --mode '\(modeOption)': expected masking or paillier")
            }
            task.aggregation = mode
        }

        if let thresholdOption = options.threshold {
            if thresholdOption == "planned" {
                task.threshold = .planned
            } else if let value = Int(thresholdOption), value >= 1, value < providerCount {
                task.threshold = .fixed(value)
            } else {
                throw UsageError(
                    "secagg train: invalid --threshold '\(thresholdOption)': expected \"planned\" or 1...\(providerCount - 1)"
                )
            }
        }

        if let rewardOption = options.reward {
            task.rewardPerRound = try parseReward(rewardOption)
        }

        if let learningRate = options.learningRate {
            guard let value = Double(learningRate), value > 0, value.isFinite else {
                throw UsageError("secagg train: invalid --learning-rate '\(learningRate)': expected a positive number")
            }
            task.localTraining.learningRate = value
        }

        if let epochs = options.epochs {
            guard let value = Int(epochs), (1...TrainingTask.maximumEpochs).contains(value) else {
                throw UsageError(
                    "secagg train: invalid --epochs '\(epochs)': expected an integer in 1...\(TrainingTask.maximumEpochs)"
                )
            }
            task.localTraining.epochs = value
        }
    }

    /// Parses `--reward`, which must be a positive amount.
    static func parseReward(_ text: String) throws -> TokenAmount {
        let amount: TokenAmount
        do {
            amount = try TokenAmount(parsing: text)
        } catch {
            throw UsageError("secagg train: invalid --reward '\(text)': \(error)")
        }
        guard amount.baseUnits > 0 else {
            throw UsageError(
                "secagg train: invalid --reward '\(text)': the reward must be positive, for example \"100 GLIN\"")
        }
        return amount
    }

    /// Checks a task from a file against the run: its values are the task creator's, so they are never lowered to
    /// fit.
    static func checkTaskFile(_ task: TrainingTask, path: String, providerCount: Int) throws {
        let minimum = task.minimumProviders
        guard minimum <= providerCount else {
            let fix =
                minimum <= 1000
                ? "pass --providers \(minimum) or more, or lower minimumProviders in the task file"
                : "lower minimumProviders in the task file to at most 1000, the largest --providers"
            throw UsageError(
                "secagg train: \(path): minimumProviders is \(minimum), but the run has \(counted(providerCount, "provider")); "
                    + fix)
        }
        // The file's own threshold is below its minimum, as decoding checked, so only --threshold can be too large.
        if case .fixed(let value) = task.threshold, value >= minimum {
            throw UsageError(
                "secagg train: invalid --threshold '\(value)': \(path) sets minimumProviders to \(minimum), and the "
                    + "threshold must be below it; pass a threshold in 1...\(minimum - 1)")
        }
    }

    /// Returns the dropouts and fraud to simulate: the options', or the default scenario when there are none.
    static func makeIncidents(_ options: Options, task: TrainingTask) throws -> [Incident] {
        let providerCount = options.providerCount
        var drops = options.drops
        var frauds = options.frauds
        if !options.honest && drops.isEmpty && frauds.isEmpty && options.dropoutRate == 0 && providerCount >= 5
            && task.rounds >= 6
        {
            drops = [DropSpec(provider: 5, round: 3, phase: .maskedInput)]
            let cheat: FraudKind = task.aggregation == .masking ? .badShares : .duplicateSubmission
            frauds = [Incident(round: 6, provider: 3, kind: .fraud(cheat))]
        }
        for drop in drops where drop.provider < 1 || drop.provider > UInt32(providerCount) {
            throw UsageError("secagg train: --drop names provider \(drop.provider); providers are 1...\(providerCount)")
        }
        for fraud in frauds {
            if case .fraud(let kind) = fraud.kind, !kind.applies(to: task.aggregation) {
                throw UsageError(
                    "secagg train: fraud '\(kind.rawValue)' does not apply in \(task.aggregation.rawValue) mode")
            }
            if case .fraud(.badDecryptionShare) = fraud.kind {
                if let holder = fraud.provider, holder < 1 || holder > UInt32(task.keyHolders) {
                    throw UsageError(
                        "secagg train: --fraud names key holder \(holder); holders are 1...\(task.keyHolders)")
                }
                continue
            }
            if let provider = fraud.provider, provider < 1 || provider > UInt32(providerCount) {
                throw UsageError("secagg train: --fraud names provider \(provider); providers are 1...\(providerCount)")
            }
            if let round = fraud.round, round > UInt64(task.rounds) {
                throw UsageError(
                    "secagg train: --fraud names round \(round); the task has \(counted(task.rounds, "round"))")
            }
        }
        var incidents =
            drops.map { Incident(round: $0.round, provider: $0.provider, kind: .dropout($0.phase)) } + frauds
        if options.dropoutRate > 0 {
            var rng = SeededRandom(seed: options.seed &+ 404)
            for round in 1...UInt64(task.rounds) {
                for provider in 1...UInt32(providerCount)
                where Double(rng.next() >> 11) / 0x1p53 < options.dropoutRate {
                    incidents.append(Incident(round: round, provider: provider, kind: .dropout(options.dropoutPhase)))
                }
            }
        }
        return incidents
    }

    static func loadData(path: String?, dataset: String, label: String) throws -> Dataset {
        let file: String
        if let path {
            file = path
        } else {
            let name = dataset == "digits" ? "digits_8x8.csv" : "breast_cancer_wisconsin.csv"
            file = try DatasetDirectory.locate().appendingPathComponent(name).path
        }
        do {
            return try Dataset.load(csvAt: file, labelColumn: label)
        } catch {
            throw UsageError("secagg train: \(error)")
        }
    }

    static func baseTask(path: String?, classCount: Int, providerCount: Int) throws -> TrainingTask {
        if let path {
            let data = try readTaskFile(path)
            do {
                return try TrainingTask.decode(json: data)
            } catch {
                throw UsageError("secagg train: \(path): \(error)")
            }
        }
        let model: ModelChoice = classCount == 2 ? .logistic : .softmax
        // More than half the providers must hold shares to rebuild a secret; the round needs one more than that.
        let threshold = providerCount / 2 + 1
        return try TrainingTask(
            name: classCount == 2 ? "breast-cancer" : "digits", model: model, rounds: 10,
            minimumProviders: min(providerCount, max(threshold + 1, providerCount * 3 / 4)),
            threshold: .fixed(min(threshold, providerCount - 1)),
            rewardPerRound: TokenAmount(parsing: "100 GLIN"), qualityTolerance: 0.05,
            localTraining: defaultLocalTraining(model))
    }

    /// Reads the task file at `path`.
    ///
    /// - Throws: ``UsageError`` when the path is empty, not found, not a regular file, unreadable or empty.
    static func readTaskFile(_ path: String) throws -> Data {
        func invalid(_ problem: String) -> UsageError {
            UsageError("secagg train: invalid --task '\(path)': \(problem)")
        }
        guard !path.isEmpty else { throw invalid("the path is empty; give the path of a JSON task file") }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw invalid("task file \(path) not found")
        }
        switch attributes[.type] as? FileAttributeType {
        case .typeRegular?:
            break
        case .typeDirectory?:
            throw invalid("\(path) is a directory; give a JSON file")
        default:
            // Reading a device or a named pipe could block or never end.
            throw invalid("\(path) is not a regular file (it is a device, pipe or socket); give a JSON file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw invalid("cannot read \(path): \(readableDescription(of: error))")
        }
        guard !data.isEmpty else {
            throw invalid(
                "\(path) is empty; a task file is a JSON object such as {\"name\": \"demo\", \"rewardPerRound\": \"100 GLIN\"}"
            )
        }
        return data
    }

    static func defaultLocalTraining(_ model: ModelChoice) -> TrainingConfig {
        model == .logistic
            ? TrainingConfig(learningRate: 0.05, epochs: 5, batchSize: 16, l2: 1e-3)
            : TrainingConfig(learningRate: 0.2, epochs: 3, batchSize: 10, l2: 1e-3)
    }

    static func defaultCentralTraining(_ model: ModelChoice) -> TrainingConfig {
        model == .logistic
            ? TrainingConfig(learningRate: 0.01, epochs: 100, batchSize: 16, l2: 1e-3)
            : TrainingConfig(learningRate: 0.1, epochs: 50, batchSize: 10, l2: 1e-3)
    }
}
