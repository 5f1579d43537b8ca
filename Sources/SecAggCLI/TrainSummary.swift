import Foundation
import SecAggFederated
import SecAggProtocol
import SecAggRewards

/// The summary `secagg train` prints and writes as JSON.
struct TrainSummary {
    let report: TrainingReport
    let centralAccuracy: Double
    let plaintextFederatedAccuracy: Double
    let incidents: [Incident]
    /// Warnings about the run's parameters, such as a Shamir threshold of 1.
    let warnings: [String]

    /// The JSON document: the whole report plus the baselines and warnings.
    struct Document: Encodable {
        let report: TrainingReport
        let centralAccuracy: Double
        let plaintextFederatedAccuracy: Double
        let everySecureSumMatched: Bool
        let unexplainedFailures: [String]
        let roundsNotRunBecauseOfInjectedFraud: [UInt64]
        let warnings: [String]
    }

    var document: Document {
        Document(
            report: report, centralAccuracy: centralAccuracy, plaintextFederatedAccuracy: plaintextFederatedAccuracy,
            everySecureSumMatched: everySecureSumMatched, unexplainedFailures: unexplainedFailures,
            roundsNotRunBecauseOfInjectedFraud: notRunBecauseOfInjectedFraud, warnings: warnings)
    }

    var everySecureSumMatched: Bool {
        report.rounds.allSatisfy { $0.secureSumMatchesPlaintext != false }
    }

    /// Rounds whose checks failed although no injected fraud aimed at them explains it.
    var unexplainedFailures: [String] {
        report.rounds.compactMap { round in
            let frauds = incidents.compactMap { incident -> FraudKind? in
                guard incident.round == nil || incident.round == round.round, case .fraud(let kind) = incident.kind
                else { return nil }
                return kind
            }
            let aggregatorFraud = frauds.contains(where: \.isAggregatorFraud)
            if round.secureSumMatchesPlaintext == false && !aggregatorFraud {
                return "round \(round.round): the secure sum differs from the plaintext sum"
            }
            if round.auditPassed == false && !aggregatorFraud {
                return "round \(round.round): the transcript audit failed"
            }
            if !round.accepted && frauds.isEmpty && !incidents.contains(where: { isDropout($0, in: round.round) })
                && !notRunBecauseOfInjectedFraud.contains(round.round)
            {
                return "round \(round.round): \(round.outcome)"
            }
            return nil
        }
    }

    /// Rounds not run because too few providers remained after those blamed for injected fraud were excluded.
    /// Blame excludes a provider from every later round, so once injected fraud has pushed the providers below
    /// `minimumProviders`, the rest of the run is explained by it. A blame in a round without injected fraud
    /// leaves the later rounds unexplained.
    var notRunBecauseOfInjectedFraud: [UInt64] {
        var blameExplained: Bool?
        var rounds = [UInt64]()
        for round in report.rounds {
            if round.outcome.hasPrefix(notRunForTooFewProviders), blameExplained == true {
                rounds.append(round.round)
            }
            guard !round.blamed.isEmpty else { continue }
            let injected = incidents.contains { incident in
                guard incident.round == nil || incident.round == round.round, case .fraud = incident.kind else {
                    return false
                }
                return true
            }
            blameExplained = (blameExplained ?? true) && injected
        }
        return rounds
    }

    /// The start of the outcome of a round that the driver skipped because too few providers remained.
    private var notRunForTooFewProviders: String { "not run: only " }

    private func isDropout(_ incident: Incident, in round: UInt64) -> Bool {
        guard incident.round == nil || incident.round == round, case .dropout = incident.kind else { return false }
        return true
    }

    func printReport(to output: TextOutput) {
        let rounds = report.rounds
        output.line("")
        output.line("== Summary ==")
        output.line(
            "mode: \(report.mode.rawValue); graph \(report.graph), threshold \(report.threshold), \(report.encoding)")
        for warning in warnings { output.line(warning) }
        output.line("")
        output.line("round  accuracy  contributors  outcome")
        for round in rounds {
            output.line(
                String(format: "%5d  %8.4f  %12d  ", Int(round.round), round.testAccuracy, round.contributors.count)
                    + round.outcome)
        }
        output.line("")
        output.line(String(format: "final test accuracy:            %.4f (secure federated)", report.finalTestAccuracy))
        output.line(String(format: "plaintext federated averaging:  %.4f", plaintextFederatedAccuracy))
        output.line(String(format: "central training:               %.4f", centralAccuracy))
        output.line("")
        let checked = rounds.filter { $0.secureSumMatchesPlaintext != nil }
        if checked.isEmpty {
            output.line("secure sums: none to check, because no round completed")
        } else if everySecureSumMatched {
            output.line("secure sums: all \(checked.count) matched the plaintext sum of the quantized updates")
        } else {
            let bad = rounds.filter { $0.secureSumMatchesPlaintext == false }.map { "\($0.round)" }
            output.line(
                "secure sums: MISMATCH in \(bad.count == 1 ? "round" : "rounds") \(bad.joined(separator: ", ")); "
                    + "\(checked.count - bad.count) matched")
        }
        let audited = rounds.filter { $0.auditPassed != nil }
        let passed = audited.filter { $0.auditPassed == true }.count
        let auditResult =
            audited.isEmpty ? "none, because no round produced a sum" : "\(passed) of \(audited.count) passed"
        if report.mode == .masking {
            output.line("transcript audits: \(auditResult)")
            let recovered = rounds.flatMap { round in round.recovered.map { "provider \($0) in round \(round.round)" } }
            output.line(
                "dropouts recovered (masks rebuilt from shares, round completed): "
                    + (recovered.isEmpty ? "none" : recovered.joined(separator: ", ")))
        } else {
            output.line(
                "aggregate checks (key holders recomputed the product of the signed submissions): \(auditResult)")
            output.line("dropouts: a provider that does not submit is simply not in the product; nothing to recover")
        }
        let dropped = rounds.flatMap { round in round.dropped.map { "provider \($0) in round \(round.round)" } }
        if !dropped.isEmpty { output.line("providers not in the sum: \(dropped.joined(separator: ", "))") }
        output.line("")
        if report.fraudLog.isEmpty {
            output.line("fraud detected: none")
        } else {
            output.line("fraud detected:")
            for record in report.fraudLog {
                output.line("  round \(record.round): \(record.detection)")
                output.line(
                    "    detected by \(record.detectedBy); blamed: \(record.accused ?? "nobody (unattributable)"); "
                        + record.action)
            }
        }
        output.line("")
        let accepted = rounds.filter(\.accepted).count
        output.line(
            "rewards: \(report.totalPaid) paid for \(counted(accepted, "accepted round")) "
                + "(\(report.task.rewardPerRound) each; promised \(report.totalPromised))")
        for total in report.rewardTotals.sorted(by: { $0.provider < $1.provider }) {
            output.line("  \(total.provider): \(total.amount)")
        }
        let unpaid = report.providers.filter { id in
            !report.rewardTotals.contains { $0.provider == ProviderID(UInt64(id)) && $0.amount.baseUnits > 0 }
        }
        if !unpaid.isEmpty { output.line("  unpaid: \(unpaid.map { "provider \($0)" }.joined(separator: ", "))") }
        let paidSum = report.rewardTotals.reduce(UInt128(0)) { $0 + $1.amount.baseUnits }
        output.line(
            paidSum == report.totalPaid.baseUnits && report.totalPaid == report.totalPromised
                ? "  the payouts add up to the total exactly" : "  PAYOUTS DO NOT ADD UP")
        output.line("")
        output.line("time per phase (seconds, summed over rounds): aggregator / mean provider")
        let phases = [
            "advertise keys", "share keys", "masked input", "consistency check", "unmasking", "encrypt", "aggregate",
            "decrypt",
        ].filter { phase in rounds.contains { $0.aggregatorSeconds[phase] != nil || $0.providerSeconds[phase] != nil } }
        for phase in phases {
            let aggregator = rounds.reduce(0) { $0 + ($1.aggregatorSeconds[phase] ?? 0) }
            let provider = rounds.reduce(0) { $0 + ($1.providerSeconds[phase] ?? 0) }
            let label = phase.padding(toLength: 18, withPad: " ", startingAt: 0)
            output.line("  " + label + String(format: " %8.4f  %8.4f", aggregator, provider))
        }
        let skipped = notRunBecauseOfInjectedFraud
        if !skipped.isEmpty {
            output.line("")
            output.line(
                "not run because of injected fraud: \(counted(skipped.count, "round")) "
                    + "(\(skipped.map(String.init).joined(separator: ", "))); the providers blamed for it were "
                    + "excluded, leaving fewer than the task's minimumProviders")
        }
        let failures = unexplainedFailures
        if !failures.isEmpty {
            output.line("")
            output.line("FAILED CHECKS:")
            for failure in failures { output.line("  \(failure)") }
        }
    }
}

/// A line chart of test accuracy per round, as a self-contained SVG document.
enum AccuracyChart {
    static func svg(rounds: [Double], central: Double, plaintext: Double, title: String) -> String {
        let width = 640.0
        let height = 400.0
        let left = 60.0
        let right = 20.0
        let top = 40.0
        let bottom = 50.0
        let values = rounds + [central, plaintext]
        let lowest = max(0, ((values.min() ?? 0) * 20).rounded(.down) / 20 - 0.05)
        let highest = 1.0
        func x(_ index: Int) -> Double {
            left + (width - left - right) * Double(index) / Double(max(rounds.count - 1, 1))
        }
        func y(_ value: Double) -> Double {
            top + (height - top - bottom) * (1 - (value - lowest) / max(highest - lowest, 0.01))
        }
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var lines = [String]()
        lines.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
                + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">")
        lines.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        lines.append(
            "<text x=\"\(Int(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>")
        var tick = lowest
        while tick <= highest + 1e-9 {
            let position = y(tick)
            lines.append(
                String(
                    format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, position,
                    width - right, position))
            lines.append(
                String(
                    format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", left - 6, position + 4, tick)
            )
            tick += 0.05
        }
        for (index, _) in rounds.enumerated() {
            lines.append(
                String(
                    format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x(index),
                    height - bottom + 18,
                    index + 1))
        }
        lines.append(
            String(
                format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">round</text>", (width + left) / 2,
                height - 12))
        for (value, color, label) in [(central, "#888", "central"), (plaintext, "#2a9d8f", "plaintext FedAvg")] {
            lines.append(
                String(
                    format:
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-dasharray=\"6 4\"/>",
                    left, y(value), width - right, y(value), color as NSString))
            lines.append(
                String(
                    format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%@\">%@ %.4f</text>",
                    width - right - 4,
                    y(value) - 5, color as NSString, label as NSString, value))
        }
        let points = rounds.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }
        lines.append(
            "<polyline fill=\"none\" stroke=\"#e76f51\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        )
        for (index, value) in rounds.enumerated() {
            lines.append(
                String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#e76f51\"/>", x(index), y(value)))
        }
        lines.append(
            String(
                format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#e76f51\">secure federated</text>", left + 8, top + 14))
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
