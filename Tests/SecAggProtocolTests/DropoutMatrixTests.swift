import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

/// The phases a provider can drop out in, in order.
let droppablePhases: [RoundPhase] = [.advertiseKeys, .shareKeys, .maskedInput, .consistencyCheck, .unmasking]

struct DropoutCase: Sendable, CustomTestStringConvertible {
    let phase: RoundPhase
    let count: Int

    var testDescription: String { "\(count) dropped in \(phase)" }
}

/// Every (phase, count) with count from 0 to n − t, for the complete graph with n = 7 and t = 4.
let completeGraphCases: [DropoutCase] = droppablePhases.flatMap { phase in
    (0...3).map { DropoutCase(phase: phase, count: $0) }
}

@Suite("Dropout fault matrix")
struct DropoutMatrixTests {
    static let providers: [UInt32] = [3, 7, 11, 12, 20, 21, 40]
    static let threshold = 4

    /// The outcome the protocol promises for the complete graph: the sum of the survivors, or an abort exactly
    /// when a threshold is missed.
    static func expectation(_ testCase: DropoutCase) -> (aborts: Bool, contributors: Int) {
        let n = providers.count
        let t = threshold
        let remaining = n - testCase.count
        switch testCase.phase {
        case .advertiseKeys, .shareKeys:
            // Every provider needs t neighbours among those that advertised and shared.
            return (remaining - 1 < t, remaining)
        case .maskedInput:
            // A survivor's self-mask seed must be rebuilt from the shares of t other survivors.
            return (remaining - 1 < t, remaining)
        case .consistencyCheck:
            return (remaining - 1 < t, n)
        case .unmasking:
            // A responder's own secret is never revealed by itself, so survivors need t responding neighbours.
            return (remaining - 1 < t, n)
        default:
            return (true, 0)
        }
    }

    @Test("complete graph dropouts", arguments: completeGraphCases)
    func completeGraph(testCase: DropoutCase) throws {
        let fixture = try RoundFixture(providers: Self.providers, threshold: Self.threshold, length: 33)
        var source = SeededRandom(seed: UInt64(testCase.phase.rawValue) * 100 + UInt64(testCase.count))
        let dropped = Array(Self.providers.shuffled(using: &source).prefix(testCase.count))
        let outcome = try fixture.simulation(
            dropouts: Dictionary(uniqueKeysWithValues: dropped.map { ($0, testCase.phase) })
        )
        .run()
        let expected = Self.expectation(testCase)
        if expected.aborts {
            #expect(outcome.sum == nil)
            switch (testCase.phase, outcome.abortReason) {
            case (.advertiseKeys, .tooFewProviders(.advertiseKeys, _, _)?),
                (.shareKeys, .tooFewProviders(.shareKeys, _, _)?),
                (.maskedInput, .tooFewHolders(.maskedInput, _, .selfMaskSeed, _, _)?),
                (.consistencyCheck, .tooFewHolders(.consistencyCheck, _, .selfMaskSeed, _, _)?),
                (.unmasking, .tooFewShares(_, .selfMaskSeed, _, _)?):
                break
            default:
                Issue.record("unexpected abort reason \(String(describing: outcome.abortReason))")
            }
            return
        }
        let contributors =
            testCase.phase <= .maskedInput
            ? Self.providers.filter { !dropped.contains($0) } : Self.providers
        #expect(outcome.abortReason == nil)
        #expect(outcome.contributors == contributors)
        #expect(outcome.contributors.count == expected.contributors)
        #expect(outcome.sum == (try fixture.expectedSum(of: contributors)))
        #expect(outcome.blames.isEmpty)
        #expect(outcome.aggregatorViolations.isEmpty)
    }

    @Test("sparse graph dropouts", arguments: droppablePhases)
    func sparseGraph(phase: RoundPhase) throws {
        let providers = (1...16).map { UInt32($0 * 5) }
        let fixture = try RoundFixture(providers: providers, threshold: 3, graph: .harary(degree: 6), length: 40)
        for count in [0, 1, 2] {
            var source = SeededRandom(seed: UInt64(phase.rawValue) * 10 + UInt64(count))
            let dropped = Array(providers.shuffled(using: &source).prefix(count))
            let outcome = try fixture.simulation(
                dropouts: Dictionary(uniqueKeysWithValues: dropped.map { ($0, phase) })
            )
            .run()
            let contributors = phase <= .maskedInput ? providers.filter { !dropped.contains($0) } : providers
            #expect(outcome.abortReason == nil, "\(count) dropped in \(phase)")
            #expect(outcome.contributors == contributors)
            #expect(outcome.sum == (try fixture.expectedSum(of: contributors)))
        }
    }

    @Test("sparse graph aborts below threshold")
    func sparseAbort() throws {
        let providers = (1...12).map { UInt32($0) }
        let fixture = try RoundFixture(providers: providers, threshold: 4, graph: .harary(degree: 4), length: 8)
        // With degree 4 and threshold 4, every neighbour of a survivor must answer at unmasking, so one dropout
        // there leaves its neighbours' self-mask seeds one share short.
        let outcome = try fixture.simulation(dropouts: [5: .unmasking]).run()
        #expect(outcome.sum == nil)
        guard case .tooFewShares(_, .selfMaskSeed, 3, 4)? = outcome.abortReason else {
            Issue.record("unexpected outcome \(String(describing: outcome.abortReason))")
            return
        }
    }
}
