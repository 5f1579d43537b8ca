import Dispatch

/// The reason a participant rejected a message.
public enum ViolationKind: Sendable, Equatable, CustomStringConvertible {
    /// The bytes do not decode.
    case malformed(reason: String)
    /// The signature does not verify under the sender's identity key.
    case badSignature
    /// The sender is not on the roster, or not a participant of this phase.
    case unknownSender
    /// The message is addressed to someone else.
    case wrongRecipient(recipient: UInt32)
    /// The message belongs to another task.
    case wrongTask
    /// The message belongs to another round: a replay.
    case wrongRound(round: UInt64)
    /// The message carries another session id.
    case wrongSession
    /// The message type is not expected in the current phase.
    case wrongPhase(type: MessageType, phase: RoundPhase)
    /// The sender already sent a message of this type in this round, and the first one is kept.
    case duplicate(type: MessageType)
    /// A masked input arrived after the aggregator closed the masked-input phase.
    case lateMaskedInput
    /// The message decodes but its content breaks a protocol rule.
    case invalidContent(reason: String)

    public var description: String {
        switch self {
        case .malformed(let reason): return "malformed message: \(reason)"
        case .badSignature: return "signature does not verify under the sender's identity key"
        case .unknownSender: return "sender is not a participant of this phase"
        case .wrongRecipient(let recipient): return "message is addressed to \(recipient)"
        case .wrongTask: return "message belongs to another task"
        case .wrongRound(let round): return "message replayed from round \(round)"
        case .wrongSession: return "message carries another session id"
        case .wrongPhase(let type, let phase): return "\(type) is not expected in phase '\(phase)'"
        case .duplicate(let type): return "duplicate \(type); the first one stands"
        case .lateMaskedInput: return "masked input arrived after the masked-input phase closed"
        case .invalidContent(let reason): return "invalid content: \(reason)"
        }
    }
}

/// A message a participant rejected, with the raw bytes as evidence. A rejected message never changes the result.
public struct Violation: Sendable {
    /// The claimed sender (from the envelope, when it decoded).
    public let sender: UInt32?
    /// The message type, when it decoded.
    public let type: MessageType?
    /// The reason for the rejection.
    public let kind: ViolationKind
    /// The message as received.
    public let evidence: [UInt8]
}

extension Violation: CustomStringConvertible {
    /// The kind, the claimed sender and the message type, without the evidence bytes.
    public var description: String {
        let sender: String
        switch self.sender {
        case nil: sender = "an unknown sender"
        case aggregatorParticipantID: sender = "the aggregator"
        case let id?: sender = "provider \(id)"
        }
        let type = self.type.map { "\($0)" } ?? "undecoded message"
        return "\(kind) (\(type) from \(sender), \(evidence.count) bytes)"
    }
}

/// Misbehaviour attributed to one participant, with evidence a third party can check.
public enum Offence: Sendable, Equatable, CustomStringConvertible {
    /// A dealer sent a share that fails its own signed commitments.
    case badShare(recipient: UInt32, kind: SecretKind)
    /// A provider revealed a share at unmasking that fails the dealer's commitments.
    case bogusRevealedShare(dealer: UInt32, kind: SecretKind)
    /// A provider shared a mask-agreement scalar whose key does not match its advertised public key.
    case inconsistentMaskKey
    /// A provider signed a masked input that does not decode: wrong length, a residue out of range, bad padding.
    case malformedInput(reason: String)
    /// A provider's input metadata broke the task's rules, for example a declared weight above the bound.
    case rejectedInput(reason: String)
    /// A provider signed two different messages of one type in one round.
    case conflictingMessages(type: MessageType)
    /// The aggregator showed this provider a survivor set different from the one it signed.
    case aggregatorEquivocated
    /// The aggregator asked for a share that would expose a provider's input: the mask-agreement share of a
    /// survivor, the self-seed share of a dropped provider, or both shares of one provider.
    case aggregatorRequestedForbiddenShare(dealer: UInt32)
    /// The aggregator sent an instruction that breaks the protocol in another way.
    case aggregatorInvalidInstruction(reason: String)

    public var description: String {
        switch self {
        case .badShare(let recipient, let kind):
            return "sent provider \(recipient) a \(kind) share that fails its commitments"
        case .bogusRevealedShare(let dealer, let kind):
            return "revealed a share of provider \(dealer)'s \(kind) that fails the commitments"
        case .inconsistentMaskKey: return "shared a mask-agreement scalar that does not match its advertised key"
        case .malformedInput(let reason): return "signed a malformed masked input: \(reason)"
        case .rejectedInput(let reason): return "submitted an input the task rejects: \(reason)"
        case .conflictingMessages(let type): return "signed two different \(type) messages"
        case .aggregatorEquivocated: return "showed providers different survivor sets"
        case .aggregatorRequestedForbiddenShare(let dealer):
            return "requested a share of provider \(dealer) that would expose its input"
        case .aggregatorInvalidInstruction(let reason): return "sent an invalid instruction: \(reason)"
        }
    }
}

/// An accusation: who misbehaved, how, and the signed messages that prove it.
public struct Blame: Sendable {
    /// The accused participant: a provider id, or ``aggregatorParticipantID``.
    public let accused: UInt32
    /// The offence.
    public let offence: Offence
    /// Signed messages and, for share complaints, the encoded ``ShareComplaintEvidence``.
    public let evidence: [[UInt8]]
}

/// Progress a state machine reports through its event handler. Libraries do not print; the caller decides.
public enum ProtocolEvent: Sendable {
    /// The participant entered a phase.
    case phaseStarted(RoundPhase)
    /// The aggregator closed a phase with this many providers still in the round.
    case phaseClosed(RoundPhase, remaining: Int)
    /// Providers that did not send their message in a phase; they count as dropped from then on.
    case providersDropped(RoundPhase, providers: [UInt32])
    /// A message was rejected.
    case messageRejected(Violation)
    /// A participant was blamed.
    case blamed(Blame)
    /// The round ended without a sum.
    case aborted(AbortReason)
    /// The round produced its sum over `contributors` providers.
    case completed(contributors: Int)
}

/// A function that receives the events of one participant.
public typealias ProtocolEventHandler = @Sendable (ProtocolEvent) -> Void

/// A message to send: its recipient (a provider id, ``aggregatorParticipantID`` or ``broadcastParticipantID``) and
/// its bytes.
public struct OutgoingMessage: Sendable {
    public let recipient: UInt32
    public let bytes: [UInt8]

    public init(recipient: UInt32, bytes: [UInt8]) {
        self.recipient = recipient
        self.bytes = bytes
    }
}

/// Time spent inside a state machine's methods, per phase: the participant's computation, without waiting.
public struct PhaseTimings: Sendable {
    public private(set) var seconds: [RoundPhase: Double] = [:]

    public init() {}

    /// The total over all phases.
    public var total: Double { seconds.values.reduce(0, +) }

    mutating func measure<T>(_ phase: RoundPhase, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds[phase, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }

    /// Runs `body` and charges its time to the phase `attribute` returns afterwards.
    mutating func measure<T>(attributingTo attribute: () -> RoundPhase, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        seconds[attribute(), default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return result
    }
}
