import SecAggMasking
import SecAggPrimitives

/// Runs one round with every provider and the aggregator in one process, exchanging only encoded messages.
///
/// The simulation is the transport: it routes each outgoing message to its recipient, drops providers at the
/// configured phases, and closes a phase when no message is left in flight. It is for tests, benchmarks and
/// the training driver; a deployment puts the same sessions behind a network.
public struct RoundSimulation {
    /// The result of a simulated round.
    public struct Outcome: Sendable {
        /// The sum, when the round completed.
        public let sum: ModularVector?
        /// The providers whose inputs are in the sum.
        public let contributors: [UInt32]
        /// The reason the round ended without a sum.
        public let abortReason: AbortReason?
        /// Every blame, the aggregator's first, then each provider's.
        public let blames: [Blame]
        /// The aggregator's blames.
        public let aggregatorBlames: [Blame]
        /// Each provider's blames.
        public let providerBlames: [UInt32: [Blame]]
        /// Messages the aggregator rejected.
        public let aggregatorViolations: [Violation]
        /// Messages providers rejected, by provider.
        public let providerViolations: [UInt32: [Violation]]
        /// The aggregator's transcript.
        public let transcript: Transcript
        /// Seconds the aggregator computed, per phase.
        public let aggregatorTimings: PhaseTimings
        /// Seconds each provider computed, per phase.
        public let providerTimings: [UInt32: PhaseTimings]
        /// Bytes each provider sent.
        public let providerBytesSent: [UInt32: Int]
        /// The result message as providers received it, by provider.
        public let providerResults: [UInt32: RoundResult]
    }

    /// A change to a message in flight, for fault-injection tests: it receives (sender, recipient, bytes) and
    /// returns the bytes to deliver, none to drop the message, or several to inject extra ones.
    public typealias Tamper = (UInt32, UInt32, [UInt8]) -> [[UInt8]]

    public let configuration: RoundConfiguration
    public let aggregator: AggregatorSession
    public let providers: [UInt32: ProviderSession]
    /// For each provider that drops out, the first phase in which it sends nothing.
    public var dropouts: [UInt32: RoundPhase]
    /// Optional fault injection on every message.
    public var tamper: Tamper?

    /// Wraps sessions created by the caller.
    public init(
        configuration: RoundConfiguration, aggregator: AggregatorSession, providers: [UInt32: ProviderSession],
        dropouts: [UInt32: RoundPhase] = [:], tamper: Tamper? = nil
    ) {
        self.configuration = configuration
        self.aggregator = aggregator
        self.providers = providers
        self.dropouts = dropouts
        self.tamper = tamper
    }

    /// Runs the round to its end and returns the outcome.
    public func run() throws -> Outcome {
        var toAggregator = [(sender: UInt32, bytes: [UInt8])]()
        for id in configuration.providers {
            guard let provider = providers[id], isActive(id, in: .advertiseKeys) else { continue }
            for message in try provider.start() { toAggregator.append((id, message.bytes)) }
        }
        var steps = 0
        while aggregator.phase < .completed {
            steps += 1
            // Each step closes at most one phase, so a round needs a handful; more means a routing bug.
            precondition(steps < 64, "round simulation did not converge")
            var fromAggregator = [OutgoingMessage]()
            for (sender, bytes) in toAggregator {
                for delivered in deliver(bytes, from: sender, to: aggregatorParticipantID) {
                    fromAggregator.append(contentsOf: aggregator.receive(delivered))
                }
            }
            toAggregator.removeAll()
            if fromAggregator.isEmpty && aggregator.phase < .completed {
                fromAggregator = aggregator.closePhase()
            }
            for message in fromAggregator {
                let recipients =
                    message.recipient == broadcastParticipantID ? configuration.providers : [message.recipient]
                for recipient in recipients {
                    guard let provider = providers[recipient] else { continue }
                    for delivered in deliver(message.bytes, from: aggregatorParticipantID, to: recipient) {
                        guard isActive(recipient, in: provider.phase) else { continue }
                        let replies = provider.receive(delivered)
                        guard isActive(recipient, in: provider.phase) else { continue }
                        for reply in replies { toAggregator.append((recipient, reply.bytes)) }
                    }
                }
            }
        }
        var blames = aggregator.blames
        var providerViolations = [UInt32: [Violation]]()
        var providerResults = [UInt32: RoundResult]()
        for id in configuration.providers {
            guard let provider = providers[id] else { continue }
            blames.append(contentsOf: provider.blames)
            providerViolations[id] = provider.violations
            if let result = provider.result { providerResults[id] = result }
        }
        return Outcome(
            sum: aggregator.aggregate, contributors: aggregator.result?.contributors ?? [],
            abortReason: aggregator.abortReason, blames: blames, aggregatorBlames: aggregator.blames,
            providerBlames: providers.mapValues(\.blames), aggregatorViolations: aggregator.violations,
            providerViolations: providerViolations, transcript: aggregator.transcript,
            aggregatorTimings: aggregator.timings, providerTimings: providers.mapValues(\.timings),
            providerBytesSent: providers.mapValues(\.bytesSent), providerResults: providerResults)
    }

    private func isActive(_ provider: UInt32, in phase: RoundPhase) -> Bool {
        guard let dropPhase = dropouts[provider] else { return true }
        return phase < dropPhase
    }

    private func deliver(_ bytes: [UInt8], from sender: UInt32, to recipient: UInt32) -> [[UInt8]] {
        guard let tamper else { return [bytes] }
        return tamper(sender, recipient, bytes)
    }
}
