import Foundation
import SecAggFederated
import SecAggProtocol

/// Parsing of the `secagg train` command line.
extension TrainCommand {
    /// Parses the command line, or returns nil when it requests help.
    static func parseOptions(_ arguments: [String]) throws -> Options? {
        var parser = CommandLineArguments(arguments, command: "secagg train")
        if parser.wantsHelp() { return nil }
        var options = Options()

        options.datasetName = try parser.choice(
            "--dataset", default: "breast-cancer", choices: ["breast-cancer", "digits"])
        options.dataPath = try parser.option("--data")
        options.label = try parser.option("--label") ?? "label"
        options.providerCount = try parser.integer("--providers", default: 8, range: 2...1000)
        options.partition = try parser.choice("--partition", default: "iid", choices: ["iid", "non-iid"])
        options.alpha = try parser.decimal("--alpha", default: 0.5, range: 0.001...1000)

        options.taskPath = try parser.option("--task")
        options.rounds = try parser.option("--rounds")
        options.model = try parser.option("--model")
        options.mode = try parser.option("--mode")
        options.threshold = try parser.option("--threshold")
        options.reward = try parser.option("--reward")
        options.learningRate = try parser.option("--learning-rate")
        options.epochs = try parser.option("--epochs")

        options.drops = try parser.values("--drop").map(parseDrop)
        options.dropoutRate = try parser.decimal("--dropout-rate", default: 0, range: 0...0.9)
        options.dropoutPhase = try parsePhase(try parser.option("--dropout-phase") ?? "input")
        options.frauds = try parser.values("--fraud").map(parseFraud)
        options.honest = try parser.flag("--honest")

        let seedText = try parser.option("--seed") ?? "1"
        guard let seed = UInt64(seedText) else {
            throw UsageError("secagg train: invalid --seed '\(seedText)': expected a non-negative integer")
        }
        options.seed = seed
        options.jsonPath = try parser.option("--json")
        options.chartPath = try parser.option("--chart")
        options.transcriptDirectory = try parser.option("--transcripts")
        options.quiet = try parser.flag("--quiet")
        try parser.expectEmpty()
        return options
    }

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
}
