import Foundation
import SecAggFederated
import SecAggLearning
import SecAggPrimitives
import SecAggProtocol
import SecAggRewards
import SecAggToolSupport

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
          --task FILE            a task definition in JSON; README.md, section "Task files", lists its fields
                                 and Examples/breast-cancer-task.json is an example
          --rounds R             rounds, 1...\(TrainingTask.maximumRounds) (default: 10, or the task's)
          --model KIND           logistic or softmax (default: logistic for 2 classes, softmax otherwise)
          --mode MODE            masking (default) or paillier
          --threshold T          Shamir threshold, the shares that rebuild a secret: 1...N-1 for N providers,
                                 or "planned" (default: more than half the providers, or the task's)
          --reward AMOUNT        reward per round, for example "100 GLIN" (default: 100 GLIN)
          --learning-rate X      local learning rate (default depends on the model)
          --epochs E             local epochs per round (default depends on the model)

        Dropouts and fraud:
          --drop P@R[:PHASE]     provider P drops out in round R (every round when R is *), from PHASE on:
                                 advertise, share, input (default), consistency, unmask (repeatable)
          --dropout-rate X       also drop each provider with probability X, 0...0.9, in every round, at
                                 --dropout-phase (default: 0)
          --dropout-phase PHASE  phase for --dropout-rate (default: input)
          --fraud KIND[@P][:R]   inject fraud by provider P (or against it, for aggregator fraud) in round R
                                 (default: provider 3, round 2; repeatable); kinds: \(FraudKind.allCases.map(\.rawValue).joined(separator: ", "))
          --honest               no default dropout or fraud

        Output:
          --seed S               seed of every random choice (default: 1)
          --json FILE            write the whole report as JSON ("-" for standard output; the progress and
                                 summary then go to standard error)
          --chart FILE           write the test-accuracy curve as SVG to FILE (a file; "-" is rejected)
          --transcripts DIR      write each round's transcript to DIR/round-N.transcript, replacing
                                 existing files of that name; a failed write ends with exit code 2
          --quiet                print only the summary

        Exit codes: 0 success, 1 a check failed that injected fraud does not explain, 2 bad usage or input, or
        an output that could not be written.
        """

    struct DropSpec {
        let provider: UInt32
        let round: UInt64?
        let phase: RoundPhase
    }

    /// The parsed command line, before any file is read.
    struct Options {
        var datasetName = "breast-cancer"
        var dataPath: String?
        var label = "label"
        var providerCount = 8
        var partition = "iid"
        var alpha = 0.5
        var taskPath: String?
        var rounds: String?
        var model: String?
        var mode: String?
        var threshold: String?
        var reward: String?
        var learningRate: String?
        var epochs: String?
        var drops = [DropSpec]()
        var dropoutRate = 0.0
        var dropoutPhase = RoundPhase.maskedInput
        var frauds = [Incident]()
        var honest = false
        var seed: UInt64 = 1
        var jsonPath: String?
        var chartPath: String?
        var transcriptDirectory: String?
        var quiet = false
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let options = try parseOptions(arguments) else {
            print(help)
            return 0
        }
        try checkOutputPaths(options)
        let output = TextOutput(jsonPath: options.jsonPath)

        // Data, scenario and task.
        let data = try loadData(path: options.dataPath, dataset: options.datasetName, label: options.label)
        let scenario = try prepareScenario(data: data, options: options)
        let task = try makeTask(options, classCount: data.classCount)
        let incidents = try makeIncidents(options, task: task)

        let kind: ModelKind = task.model == .softmax ? .softmax : .logistic
        if !options.quiet {
            printHeader(
                task: task, kind: kind, data: data, scenario: scenario, incidents: incidents, options: options,
                to: output)
        }

        // Training.
        var eventHandler: (@Sendable (FederatedEvent) -> Void)?
        if !options.quiet {
            let progress = TrainProgress(output: output)
            eventHandler = { event in progress.handle(event) }
        }
        let training: FederatedTraining
        do {
            training = try FederatedTraining(
                task: task, providers: scenario.providers, validation: scenario.validation, test: scenario.test,
                aggregatorKey: scenario.aggregatorKey, incidents: incidents, seed: options.seed,
                eventHandler: eventHandler)
        } catch {
            throw UsageError("secagg train: \(error)")
        }
        let warnings = [
            thresholdWarning(threshold: training.threshold, providerCount: options.providerCount, task: task)
        ].compactMap { $0 }
        if !options.quiet {
            for warning in warnings { output.line(warning) }
            output.line("")
        }
        let transcriptFailures = TranscriptFailures()
        if let transcriptDirectory = options.transcriptDirectory {
            training.transcriptHandler = { round, transcript in
                let path = "\(transcriptDirectory)/round-\(round).transcript"
                do {
                    try Data(transcript.encoded()).write(to: URL(fileURLWithPath: path))
                } catch {
                    // The run goes on so that the other rounds and the report are still written, and the
                    // exit code reports the failure.
                    transcriptFailures.rounds.append(round)
                    printError(
                        "secagg train: cannot write the transcript of round \(round) to \(path): "
                            + readableDescription(of: error))
                }
            }
        }
        let report = try training.run()
        let central = try scenario.centralAccuracy(
            kind: kind, config: defaultCentralTraining(task.model), seed: options.seed)
        let plaintext = try scenario.plaintextFederatedAccuracy(
            kind: kind, rounds: task.rounds, config: task.localTraining, seed: options.seed)

        let summary = TrainSummary(
            report: report, centralAccuracy: central, plaintextFederatedAccuracy: plaintext, incidents: incidents,
            warnings: warnings)
        summary.printReport(to: output)
        if let jsonPath = options.jsonPath { try writeJSON(summary.document, to: jsonPath, command: "secagg train") }
        if let chartPath = options.chartPath {
            let svg = AccuracyChart.svg(
                rounds: report.rounds.map(\.testAccuracy), central: central, plaintext: plaintext,
                title: "\(task.name): test accuracy per round")
            try writeOutput(Data(svg.utf8), to: chartPath, outputName: "the chart", command: "secagg train")
        }
        guard transcriptFailures.rounds.isEmpty else {
            printError(
                "secagg train: transcripts not written for round "
                    + "\(transcriptFailures.rounds.map(String.init).joined(separator: ", ")); see the messages above")
            return 2
        }
        return summary.unexplainedFailures.isEmpty ? 0 : 1
    }

    /// The rounds whose transcript could not be written, filled in by the transcript handler during the run.
    final class TranscriptFailures {
        var rounds = [UInt64]()
    }

    /// Checks `--json`, `--chart` and `--transcripts` before any work. The transcript directory is created first,
    /// so that the report and chart may go into it.
    static func checkOutputPaths(_ options: Options) throws {
        if let transcriptDirectory = options.transcriptDirectory {
            try OutputPath.prepareDirectory(transcriptDirectory, option: "--transcripts", command: "secagg train")
        }
        if let jsonPath = options.jsonPath {
            try OutputPath.checkFile(jsonPath, option: "--json", command: "secagg train")
        }
        if let chartPath = options.chartPath {
            try OutputPath.checkFile(
                chartPath, option: "--chart", command: "secagg train", allowsStandardOutput: false)
        }
    }

    /// Returns the warning for a Shamir threshold of 1 among more than two providers, or nil.
    static func thresholdWarning(threshold: Int, providerCount: Int, task: TrainingTask) -> String? {
        guard task.aggregation == .masking, threshold == 1, providerCount > 2 else { return nil }
        var text =
            "warning: the Shamir threshold is 1, so each single share equals the secret it protects: one provider "
            + "that colludes with the aggregator can unmask another provider's update."
        if task.threshold == .planned {
            let corrupt = Int((task.corruptFraction * Double(providerCount)).rounded(.down))
            text +=
                " The planner allows 1 because its model has floor(corruptFraction \(task.corruptFraction) × "
                + "\(providerCount) providers) = \(corrupt) corrupt providers."
        }
        return text + " Pass --threshold T, with T in 2...\(providerCount - 1), to require T shares."
    }

    static func printHeader(
        task: TrainingTask, kind: ModelKind, data: Dataset, scenario: Scenario, incidents: [Incident],
        options: Options, to output: TextOutput
    ) {
        output.line(
            "task '\(task.name)': \(kind.rawValue) regression, \(counted(task.rounds, "round")), "
                + counted(options.providerCount, "provider"))
        output.line(
            "data: \(counted(data.sampleCount, "sample")), \(counted(data.featureCount, "feature")), "
                + "\(counted(data.classCount, "class", plural: "classes")); "
                + "\(scenario.train.sampleCount) train, \(scenario.validation.sampleCount) validation, "
                + "\(scenario.test.sampleCount) test; partition \(options.partition)")
        for incident in incidents where incident.provider != nil {
            let when = incident.round.map { "round \($0)" } ?? "every round"
            switch incident.kind {
            case .dropout(let phase):
                output.line("scenario: provider \(incident.provider ?? 0) drops out in \(when) from phase '\(phase)'")
            case .fraud(let fraud):
                let actor =
                    fraud.isAggregatorFraud
                    ? "the aggregator (against provider \(incident.provider ?? 0))"
                    : "provider \(incident.provider ?? 0)"
                output.line("scenario: \(actor) commits \(fraud.rawValue) in \(when)")
            }
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
