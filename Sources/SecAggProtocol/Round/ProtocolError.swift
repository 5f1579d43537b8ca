import SecAggMasking
import SecAggPrimitives
import SecAggShamir

/// Errors from setting up or driving the protocol locally: a bad configuration, or a call in the wrong state.
///
/// Bad messages from peers are not thrown: the state machines reject and record them as ``Violation`` values
/// and carry on, so a hostile peer cannot stop a round by sending garbage.
public enum ProtocolError: Error, Equatable, Sendable {
    /// A configuration field has an invalid value.
    case invalidConfiguration(field: String, reason: String)
    /// A method was called in a phase where it does not apply, for example `start()` twice.
    case wrongState(operation: String, phase: RoundPhase)
    /// The provider's input vector does not match the configured length or modulus.
    case invalidInput(reason: String)
    /// The provider id is not in the roster.
    case unknownProvider(id: UInt32)
    /// The round ended early; the reason says why and who, if anyone, is to blame.
    case aborted(AbortReason)
}

extension ProtocolError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let reason):
            return "invalid round configuration: \(field): \(reason)"
        case .wrongState(let operation, let phase):
            return "\(operation) is not allowed in phase \(phase)"
        case .invalidInput(let reason):
            return "invalid provider input: \(reason)"
        case .unknownProvider(let id):
            return "provider \(id) is not in the round's roster"
        case .aborted(let reason):
            return "round aborted: \(reason)"
        }
    }
}

/// The phases of a round, in order.
public enum RoundPhase: UInt8, Sendable, Comparable, CustomStringConvertible {
    /// Providers send their two X25519 public keys.
    case advertiseKeys = 1
    /// Providers send encrypted Shamir shares of their secrets to their neighbours.
    case shareKeys = 2
    /// Providers send their masked inputs.
    case maskedInput = 3
    /// Providers sign the set of providers whose masked inputs the aggregator holds.
    case consistencyCheck = 4
    /// Providers reveal shares so the aggregator can remove the masks.
    case unmasking = 5
    /// The round produced its sum.
    case completed = 6
    /// The round ended without a sum.
    case aborted = 7

    public static func < (lhs: RoundPhase, rhs: RoundPhase) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .advertiseKeys: return "advertise keys"
        case .shareKeys: return "share keys"
        case .maskedInput: return "masked input"
        case .consistencyCheck: return "consistency check"
        case .unmasking: return "unmasking"
        case .completed: return "completed"
        case .aborted: return "aborted"
        }
    }
}

/// Why a round ended without a sum. Nothing secret is revealed by an abort: providers release shares only after
/// the consistency check, and the aggregator aborts before unmasking whenever a threshold is not met.
public enum AbortReason: Sendable, Equatable, CustomStringConvertible {
    /// Fewer providers than the threshold remained after a phase.
    case tooFewProviders(phase: RoundPhase, remaining: Int, threshold: Int)
    /// Too few of a provider's share holders remain in the round to reconstruct a secret the sum needs, so the
    /// aggregator stopped before asking anyone to reveal a share.
    case tooFewHolders(phase: RoundPhase, provider: UInt32, kind: SecretKind, holders: Int, threshold: Int)
    /// Too few shares of one provider's secret arrived to reconstruct it.
    case tooFewShares(provider: UInt32, kind: SecretKind, received: Int, threshold: Int)
    /// A reconstructed mask-agreement key does not match the public key the provider advertised.
    case inconsistentMaskKey(provider: UInt32)
    /// The aggregator sent this provider contradictory or invalid instructions; the provider stopped.
    case aggregatorMisbehaved(reason: String)
    /// The aggregator told the providers to stop, with its reason.
    case abortedByAggregator(reason: String)

    public var description: String {
        switch self {
        case .tooFewProviders(let phase, let remaining, let threshold):
            return "only \(remaining) providers remained after phase '\(phase)', threshold is \(threshold)"
        case .tooFewHolders(let phase, let provider, let kind, let holders, let threshold):
            return "after phase '\(phase)' only \(holders) holders of provider \(provider)'s \(kind) shares remain, "
                + "threshold is \(threshold)"
        case .tooFewShares(let provider, let kind, let received, let threshold):
            return "only \(received) valid shares of provider \(provider)'s \(kind) arrived, threshold is \(threshold)"
        case .inconsistentMaskKey(let provider):
            return "provider \(provider)'s reconstructed mask-agreement key does not match its advertised public key"
        case .aggregatorMisbehaved(let reason):
            return "the aggregator misbehaved: \(reason)"
        case .abortedByAggregator(let reason):
            return "the aggregator aborted the round: \(reason)"
        }
    }
}

/// The two secrets each provider shares among its neighbours.
public enum SecretKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// The seed of the provider's self mask, revealed for providers whose masked input is in the sum.
    case selfMaskSeed = 1
    /// The scalar the provider's X25519 mask-agreement key derives from, revealed for providers that dropped out
    /// after sharing, so their pairwise masks can be removed.
    case maskAgreementKey = 2

    public var description: String {
        switch self {
        case .selfMaskSeed: return "self-mask seed"
        case .maskAgreementKey: return "mask-agreement key"
        }
    }
}
