import Foundation
import SecAggFederated
import SecAggLearning
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards

/// `secagg train`: secure federated training on real data, with dropouts and fraud, and a report.
enum TrainCommand {
    static let help = """
        Usage: secagg train [OPTIONS]

        Runs a federated training task over real data: the training data is split across providers, every round
        each provider trains locally and submits a protected update, the aggregator sums them securely, and the
        round is verified (secure sum against the plaintext sum, transcript audit, declared weights, validation
        loss) before the averaged update is applied. Prints progress, then a summary. With no options it runs the
        breast-cancer task with 8 providers and 10 rounds, provider 5 dropping out in round 3 and provider 3
        dealing bad shares in round 6.

        Data:
          --dataset NAME         breast-cancer (default) or digits, from the repository's Datasets/
          --data FILE            any CSV with a header row instead of --dataset
          --label COLUMN         the class column of --data (default: label)
          --providers N          number of providers, 2...1000 (default: 8)
          --partition KIND       iid (default) or non-iid (label-skewed Dirichlet split)
          --alpha A              Dirichlet concentration for non-iid, > 0 (default: 0.5)

        Task:
          --task FILE            a task definition in JSON (Specs/fraud.md lists the checks; see README)
          --rounds R             rounds, 1...1000 (default: 10, or the task's)
          --model KIND           logistic or softmax (default: logistic for 2 classes, softmax otherwise)
          --mode MODE            masking (default) or paillier
          --threshold T          Shamir threshold, or "planned" (default: more than half the providers)
          --reward AMOUNT        reward per round, for example "100 GLIN" (default: 100 GLIN)
          --learning-rate X      local learning rate (default depends on the model)
          --epochs E             local epochs per round (default depends on the model)

        Dropouts and fraud:
          --drop P@R[:PHASE]     provider P drops out in round R (every round when R is *), from PHASE on:
                                 advertise, share, input (default), consistency, unmask (repeatable)
          --dropout-rate X       also drop each provider with probability X in every round, at --dropout-phase
          --dropout-phase PHASE  phase for --dropout-rate (default: input)
          --fraud KIND[@P][:R]   inject fraud by provider P (or against it, for aggregator fraud) in round R
                                 (default: provider 3, round 2); kinds: \(FraudKind.allCases.map(\.rawValue).joined(separator: ", "))
          --honest               no default dropout or fraud

        Output:
          --seed S               seed of every random choice (default: 1)
          --json FILE            write the whole report as JSON ("-" for standard output)
          --chart FILE           write the test-accuracy curve as SVG
          --transcripts DIR      write each round's transcript to DIR/round-N.transcript
          --quiet                print only the summary

        Exit codes: 0 success, 1 a check failed that injected fraud does not explain, 2 bad usage or input.
        """

    struct DropSpec {
        let provider: UInt32
        let round: UInt64?
        let phase: RoundPhase
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var parser = CommandLineArguments(arguments, command: "secagg train")
        if parser.wantsHelp() {
            print(help)
            return 0
        }
        let datasetName = try parser.choice(
            "--dataset", default: "breast-cancer", choices: ["breast-cancer", "digits"])
        let dataPath = try parser.option("--data")
        let label = try parser.option("--label") ?? "label"
        let providerCount = try parser.integer("--providers", default: 8, range: 2...1000)
        let partition = try parser.choice("--partition", default: "iid", choices: ["iid", "non-iid"])
        let alpha = try parser.decimal("--alpha", default: 0.5, range: 0.001...1000)
        let taskPath = try parser.option("--task")
        let roundsOption = try parser.option("--rounds")
        let modelOption = try parser.option("--model")
        let modeOption = try parser.option("--mode")
        let thresholdOption = try parser.option("--threshold")
        let rewardOption = try parser.option("--reward")
        let learningRate = try parser.option("--learning-rate")
        let epochs = try parser.option("--epochs")
        var drops = [DropSpec]()
        while let text = try parser.option("--drop") { drops.append(try parseDrop(text)) }
        let dropoutRate = try parser.decimal("--dropout-rate", default: 0, range: 0...0.9)
        let dropoutPhase = try parsePhase(try parser.option("--dropout-phase") ?? "input")
        var frauds = [Incident]()
        while let text = try parser.option("--fraud") { frauds.append(try parseFraud(text)) }
        let honest = parser.flag("--honest")
        let seedText = try parser.option("--seed") ?? "1"
        guard let seed = UInt64(seedText) else {
            throw UsageError("secagg train: invalid --seed '\(seedText)': expected a non-negative integer")
        }
        let jsonPath = try parser.option("--json")
        let chartPath = try parser.option("--chart")
        let transcriptDirectory = try parser.option("--transcripts")
        let quiet = parser.flag("--quiet")
        try parser.expectEmpty()

        // Data and scenario.
        let data = try loadData(path: dataPath, dataset: datasetName, label: label)
        let scheme: PartitionScheme = partition == "iid" ? .iid : .dirichlet(alpha: alpha)
        let scenario: Scenario
        do {
            scenario = try Scenario.prepare(
                data: data, providerCount: providerCount, scheme: scheme,
                minimumPerProvider: max(2, min(10, data.sampleCount / (providerCount * 3))), seed: seed)
        } catch {
            throw UsageError("secagg train: cannot split the data across \(providerCount) providers: \(error)")
        }

        // Task.
        var task = try baseTask(path: taskPath, classCount: data.classCount, providerCount: providerCount)
        if let roundsOption {
            guard let rounds = Int(roundsOption), (1...1000).contains(rounds) else {
                throw UsageError("secagg train: invalid --rounds '\(roundsOption)': expected an integer in 1...1000")
            }
            task.rounds = rounds
        }
        if let modelOption {
            guard let model = ModelChoice(rawValue: modelOption), model != .resnet50 else {
                throw UsageError("secagg train: invalid --model '\(modelOption)': expected logistic or softmax")
            }
            task.model = model
            task.localTraining = defaultLocalTraining(model)
        }
        if let modeOption {
            guard let mode = AggregationMode(rawValue: modeOption) else {
                throw UsageError("secagg train: invalid --mode '\(modeOption)': expected masking or paillier")
            }
            task.aggregation = mode
        }
        if let thresholdOption {
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
        if let rewardOption {
            do {
                task.rewardPerRound = try TokenAmount(parsing: rewardOption)
            } catch {
                throw UsageError("secagg train: invalid --reward '\(rewardOption)': \(error)")
            }
        }
        if let learningRate {
            guard let value = Double(learningRate), value > 0, value.isFinite else {
                throw UsageError("secagg train: invalid --learning-rate '\(learningRate)': expected a positive number")
            }
            task.localTraining.learningRate = value
        }
        if let epochs {
            guard let value = Int(epochs), (1...1000).contains(value) else {
                throw UsageError("secagg train: invalid --epochs '\(epochs)': expected an integer in 1...1000")
            }
            task.localTraining.epochs = value
        }
        task.minimumProviders = min(task.minimumProviders, providerCount)
        if case .fixed(let value) = task.threshold, value >= task.minimumProviders {
            task.minimumProviders = min(providerCount, value + 1)
        }
        do {
            try task.validate()
        } catch {
            throw UsageError("secagg train: \(error)")
        }

        // Incidents.
        if !honest && drops.isEmpty && frauds.isEmpty && dropoutRate == 0 && providerCount >= 5 && task.rounds >= 6 {
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
                throw UsageError("secagg train: --fraud names round \(round); the task has \(task.rounds) rounds")
            }
        }
        var incidents =
            drops.map { Incident(round: $0.round, provider: $0.provider, kind: .dropout($0.phase)) } + frauds
        if dropoutRate > 0 {
            var rng = SeededRandom(seed: seed &+ 404)
            for round in 1...UInt64(task.rounds) {
                for provider in 1...UInt32(providerCount) where Double(rng.next() >> 11) / 0x1p53 < dropoutRate {
                    incidents.append(Incident(round: round, provider: provider, kind: .dropout(dropoutPhase)))
                }
            }
        }

        let kind: ModelKind = task.model == .softmax ? .softmax : .logistic
        if !quiet {
            print("task '\(task.name)': \(kind.rawValue) regression, \(task.rounds) rounds, \(providerCount) providers")
            print(
                "data: \(data.sampleCount) samples, \(data.featureCount) features, \(data.classCount) classes; "
                    + "\(scenario.train.sampleCount) train, \(scenario.validation.sampleCount) validation, "
                    + "\(scenario.test.sampleCount) test; partition \(partition)")
            for incident in incidents where incident.provider != nil {
                let when = incident.round.map { "round \($0)" } ?? "every round"
                switch incident.kind {
                case .dropout(let phase):
                    print("scenario: provider \(incident.provider ?? 0) drops out in \(when) from phase '\(phase)'")
                case .fraud(let fraud):
                    let who =
                        fraud.isAggregatorFraud
                        ? "the aggregator (against provider \(incident.provider ?? 0))"
                        : "provider \(incident.provider ?? 0)"
                    print("scenario: \(who) commits \(fraud.rawValue) in \(when)")
                }
            }
            print("")
        }

        // Training.
        let training: FederatedTraining
        var handler: (@Sendable (FederatedEvent) -> Void)?
        if !quiet {
            handler = { event in TrainCommand.printProgress(event) }
        }
        do {
            training = try FederatedTraining(
                task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
                aggregatorKey: scenario.aggregatorKey, incidents: incidents, seed: seed, eventHandler: handler)
        } catch {
            throw UsageError("secagg train: \(error)")
        }
        if let transcriptDirectory {
            try FileManager.default.createDirectory(
                atPath: transcriptDirectory, withIntermediateDirectories: true)
            training.transcriptHandler = { round, transcript in
                let path = "\(transcriptDirectory)/round-\(round).transcript"
                if !FileManager.default.createFile(atPath: path, contents: Data(transcript.encoded())) {
                    printError("secagg train: cannot write the transcript of round \(round) to \(path)")
                }
            }
        }
        let report = try training.run()
        let central = try scenario.centralAccuracy(kind: kind, config: defaultCentralTraining(task.model), seed: seed)
        let plaintext = try scenario.plaintextFederatedAccuracy(
            kind: kind, rounds: task.rounds, config: task.localTraining, seed: seed)

        let summary = TrainSummary(
            report: report, centralAccuracy: central, plaintextFederatedAccuracy: plaintext, incidents: incidents)
        summary.printReport()
        if let jsonPath { try writeJSON(summary.document, to: jsonPath) }
        if let chartPath {
            let svg = AccuracyChart.svg(
                rounds: report.rounds.map(\.testAccuracy), central: central, plaintext: plaintext,
                title: "\(task.name): test accuracy per round")
            do {
                try Data(svg.utf8).write(to: URL(fileURLWithPath: chartPath))
            } catch {
                throw UsageError("secagg train: cannot write the chart to \(chartPath): \(error.localizedDescription)")
            }
        }
        return summary.unexplainedFailures.isEmpty ? 0 : 1
    }

    // MARK: Parsing

    static func parsePhase(_ text: String) throws -> RoundPhase {
        switch text {
        case "advertise": return .advertiseKeys
        case "share": return .shareKeys
        case "input": return .maskedInput
        case "consistency": return .consistencyCheck
        case "unmask": return .unmasking
        default:
            throw UsageError(
                "secagg train: invalid phase '\(text)': expected advertise, share, input, consistency or unmask")
        }
    }

    static func parseDrop(_ text: String) throws -> DropSpec {
        let (main, phaseText) = split(text, at: ":")
        let (providerText, roundText) = split(main, at: "@")
        guard let provider = UInt32(providerText), let roundText else {
            throw UsageError(
                "secagg train: invalid --drop '\(text)': expected PROVIDER@ROUND[:PHASE], for example 5@3:input")
        }
        let round: UInt64?
        if roundText == "*" {
            round = nil
        } else if let value = UInt64(roundText), value >= 1 {
            round = value
        } else {
            throw UsageError("secagg train: invalid --drop '\(text)': round must be a positive integer or *")
        }
        return DropSpec(provider: provider, round: round, phase: try parsePhase(phaseText ?? "input"))
    }

    static func parseFraud(_ text: String) throws -> Incident {
        let (main, roundText) = split(text, at: ":")
        let (kindText, providerText) = split(main, at: "@")
        guard let kind = FraudKind(rawValue: kindText) else {
            throw UsageError(
                "secagg train: unknown fraud '\(kindText)'; kinds: \(FraudKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var provider: UInt32 = 3
        if let providerText {
            guard let value = UInt32(providerText) else {
                throw UsageError("secagg train: invalid provider in --fraud '\(text)'")
            }
            provider = value
        }
        var round: UInt64? = 2
        if let roundText {
            if roundText == "*" {
                round = nil
            } else if let value = UInt64(roundText), value >= 1 {
                round = value
            } else {
                throw UsageError("secagg train: invalid round in --fraud '\(text)': expected a positive integer or *")
            }
        }
        return Incident(round: round, provider: provider, kind: .fraud(kind))
    }

    static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    // MARK: Defaults

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
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("secagg train: task file not found: \(path)")
            }
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

    static func printProgress(_ event: FederatedEvent) {
        switch event {
        case .roundStarted:
            break
        case .roundFinished(let round):
            let status = round.accepted ? "accepted" : round.outcome
            let sumCheck = round.secureSumMatchesPlaintext.map { $0 ? "sum matches" : "SUM MISMATCH" } ?? "no sum"
            print(
                String(
                    format: "round %2d  accuracy %.4f  %d contributors  %@  %@", Int(round.round), round.testAccuracy,
                    round.contributors.count, sumCheck, status))
        case .fraudDetected(let record):
            print(
                "          detected: \(record.detection) [by \(record.detectedBy); \(record.accused ?? "unattributed")]"
            )
        }
    }
}

/// Finds the repository's `Datasets/` directory: `./Datasets`, then the checkout this tool was built from.
enum DatasetDirectory {
    static func locate() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Datasets"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Datasets"),
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        throw UsageError(
            "secagg train: Datasets/ not found in \(candidates.map(\.path).joined(separator: " or ")); "
                + "run from the repository root or pass --data FILE")
    }
}
