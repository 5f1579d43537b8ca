import SecAggMasking
import SecAggPrimitives
import SecAggProtocol

/// Runs the protocol's fault matrix: dropouts in every phase at every count from 0 to n − t, and each attributable
/// misbehaviour, checking that each round gives exactly the plaintext sum, aborts where a threshold is missed, and
/// names the culprit.
///
/// It reads no vector file: every round is built from a seed by ``ProtocolVectors/simulation(providers:threshold:degree:length:bits:round:seed:dropouts:)``.
public enum FaultMatrixConformance: ConformanceSuite {
    public static let name = "fault-matrix"
    public static let files: [String] = []

    static let providers: [UInt32] = [2, 4, 6, 8, 10, 12, 14]
    static let threshold = 4

    public static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult] {
        var recorder = ConformanceRecorder(suite: name, file: "(generated rounds)")
        let phases: [RoundPhase] = [.advertiseKeys, .shareKeys, .maskedInput, .consistencyCheck, .unmasking]
        for phase in phases {
            for count in 0...(providers.count - threshold) {
                recorder.check("dropout/\(phase)/\(count)", { try dropoutCase(phase: phase, count: count) })
            }
        }
        for (label, fault, culprit) in providerFaults {
            recorder.check("provider-fault/\(label)", { try providerFaultCase(fault, culprit: culprit) })
        }
        for (label, fault) in aggregatorFaults {
            recorder.check("aggregator-fault/\(label)", { try aggregatorFaultCase(fault) })
        }
        recorder.check("replay/other-round", { try replayCase() })
        return recorder.results
    }

    /// Whether `count` providers dropping in `phase` give the survivors' exact sum, or an abort exactly when the
    /// complete graph's thresholds say so.
    static func dropoutCase(phase: RoundPhase, count: Int) throws -> Bool {
        var source = SeededRandom(seed: UInt64(phase.rawValue) * 131 + UInt64(count))
        let dropped = Array(providers.shuffled(using: &source).prefix(count))
        let (simulation, inputs) = try ProtocolVectors.simulation(
            providers: providers, threshold: threshold, degree: 0, length: 24, bits: 32, round: 1,
            seed: 900 + UInt64(phase.rawValue) * 10 + UInt64(count),
            dropouts: Dictionary(uniqueKeysWithValues: dropped.map { ($0, phase) }))
        let outcome = try simulation.run()
        let remaining = providers.count - count
        let shouldAbort: Bool
        switch phase {
        case .advertiseKeys, .shareKeys, .maskedInput, .consistencyCheck, .unmasking:
            shouldAbort = remaining - 1 < threshold
        default:
            shouldAbort = true
        }
        if shouldAbort { return outcome.sum == nil && outcome.abortReason != nil }
        let contributors = phase <= .maskedInput ? providers.filter { !dropped.contains($0) } : providers
        let expected = try sum(of: contributors, inputs)
        return outcome.contributors == contributors && outcome.sum == expected && outcome.blames.isEmpty
    }

    static let providerFaults: [(String, ProviderFault, UInt32)] = [
        ("bad-share", .badShareToFirstNeighbour, 6),
        ("bogus-revealed-shares", .bogusRevealedShares, 8),
        ("malformed-input", .malformedInput, 10),
        ("conflicting-inputs", .conflictingMaskedInput, 12),
        ("duplicate-input", .duplicateMaskedInput, 14),
    ]

    /// Whether a provider's misbehaviour is attributed to it alone and the sum stays exact.
    static func providerFaultCase(_ fault: ProviderFault, culprit: UInt32) throws -> Bool {
        let (simulation, inputs) = try ProtocolVectors.simulation(
            providers: providers, threshold: threshold, degree: 0, length: 24, bits: 32, round: 1, seed: 950,
            dropouts: [:])
        simulation.providers[culprit]?.faults = [fault]
        let outcome = try simulation.run()
        let blamed = Set(outcome.aggregatorBlames.map(\.accused))
        let everyone = try sum(of: providers, inputs)
        let honest = providers.filter { $0 != culprit }
        let honestSum = try sum(of: honest, inputs)
        switch fault {
        case .duplicateMaskedInput:
            // An identical copy is a retransmission: rejected, nobody blamed.
            return outcome.sum == everyone && blamed.isEmpty
                && outcome.aggregatorViolations.map(\.kind) == [.duplicate(type: .maskedInput)]
        case .bogusRevealedShares:
            // The holder's input is fixed by then, so it stays in the sum.
            return outcome.sum == everyone && blamed == [culprit]
        default:
            return outcome.contributors == honest && outcome.sum == honestSum && blamed == [culprit]
        }
    }

    static let aggregatorFaults: [(String, AggregatorFault)] = [
        ("equivocation", .equivocateSurvivorSet(provider: 4)),
        ("both-shares-request", .requestBothShares(dealer: 6)),
        ("misreported-sum", .misreportSum),
    ]

    /// Whether providers or the audit catch the aggregator.
    static func aggregatorFaultCase(_ fault: AggregatorFault) throws -> Bool {
        let (simulation, _) = try ProtocolVectors.simulation(
            providers: providers, threshold: threshold, degree: 0, length: 24, bits: 32, round: 1, seed: 960,
            dropouts: [:])
        simulation.aggregator.faults = [fault]
        let outcome = try simulation.run()
        switch fault {
        case .misreportSum:
            var source = SeededRandom(seed: 961)
            let report = TranscriptAudit.audit(outcome.transcript, using: &source)
            return report.findings.contains {
                if case .sumMismatch = $0 { return true }
                return false
            }
        default:
            return outcome.providerBlames.values.contains { blames in
                blames.contains { $0.accused == aggregatorParticipantID }
            }
        }
    }

    /// Whether a masked input replayed from an earlier round is rejected and changes nothing.
    static func replayCase() throws -> Bool {
        let (earlier, _) = try ProtocolVectors.simulation(
            providers: providers, threshold: threshold, degree: 0, length: 8, bits: 16, round: 1, seed: 970,
            dropouts: [:])
        var recorded = [[UInt8]]()
        var withRecorder = earlier
        withRecorder.tamper = { sender, _, bytes in
            if sender == 4 && bytes.count > 5 && bytes[5] == MessageType.maskedInput.rawValue { recorded.append(bytes) }
            return [bytes]
        }
        _ = try withRecorder.run()
        let (later, inputs) = try ProtocolVectors.simulation(
            providers: providers, threshold: threshold, degree: 0, length: 8, bits: 16, round: 2, seed: 970,
            dropouts: [:])
        var replaying = later
        replaying.tamper = { sender, _, bytes in
            sender == 4 && bytes.count > 5 && bytes[5] == MessageType.maskedInput.rawValue
                ? [bytes] + recorded : [bytes]
        }
        let outcome = try replaying.run()
        let expected = try sum(of: providers, inputs)
        return outcome.sum == expected
            && outcome.aggregatorViolations.map(\.kind) == [.wrongRound(round: 1)]
    }

    static func sum(of members: [UInt32], _ inputs: [UInt32: ModularVector]) throws -> ModularVector? {
        guard let first = inputs.values.first else { return nil }
        var total = try ModularVector(zeros: first.count, modulus: first.modulus)
        for member in members {
            if let input = inputs[member] { try total.add(input) }
        }
        return total
    }
}
