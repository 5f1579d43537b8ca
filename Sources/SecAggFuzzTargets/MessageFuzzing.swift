import SecAggConformance
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import SecAggShamir

/// The `messages` target: every protocol decoder on its own, with a check that whatever decodes encodes back to
/// the same bytes, so no two encodings of one message are both accepted.
///
/// Input: a selector byte, then the bytes to decode. Selector `s` picks decoder `s mod 16`: 0 the signed
/// envelope and its payload, 1 to 11 the payload of message type `s`, 12 `RoundConfiguration`, 13
/// `BitPacking.unpack`, 14 `ShareComplaintEvidence`, 15 `EncryptedShare`. Selectors of 128 and above decode
/// vectors modulo the prime 65,521 instead of 2^16.
enum MessageFuzzing {
    static let vectorLength = 8
    static let maximumProviders = 16
    static let maximumByteCount = 1 << 16

    static func isExpected(_ error: any Error) -> Bool {
        error is WireError || error is PrimitiveError || error is ShamirError || error is MaskingError
            || error is ProtocolError
    }

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let (selector, body) = split(bytes) else { return }
        let modulus = try fixture("modulus") {
            selector >= 128 ? try Modulus.prime(65_521) : try Modulus.powerOfTwo(bits: 16)
        }
        try expecting("decoder \(selector % 16)", isExpected) {
            switch selector % 16 {
            case 0:
                let message = try SignedMessage(decoding: body, maximumByteCount: maximumByteCount)
                try check(message.encoded == body, "a decoded envelope does not keep its bytes")
                try check(
                    message.signedBytes.count == SignedMessage.signatureDomain.count + body.count - 64,
                    "the signed bytes do not cover the envelope")
                try decodePayload(message.payload, type: message.header.type, modulus: modulus)
            case 1...11:
                guard let type = MessageType(rawValue: selector % 16) else { return }
                try decodePayload(body, type: type, modulus: modulus)
            case 12:
                let configuration = try RoundConfiguration(encoding: body)
                try check(configuration.encoded() == body, "RoundConfiguration re-encodes differently")
            case 13:
                try unpack(body)
            case 14:
                let evidence = try ShareComplaintEvidence(encoding: body, maximumByteCount: maximumByteCount)
                try check(evidence.encoded() == body, "ShareComplaintEvidence re-encodes differently")
            default:
                let share = try EncryptedShare(encoding: body)
                try check(share.encoded == body, "EncryptedShare re-encodes differently")
            }
        }
    }

    /// Decodes `payload` as a message of `type` and checks that it encodes back to the same bytes.
    static func decodePayload(_ payload: [UInt8], type: MessageType, modulus: Modulus) throws {
        switch type {
        case .advertiseKeys:
            let message = SignedMessage.seal(
                header: MessageHeader(
                    type: .advertiseKeys, taskID: FuzzKeys.taskID, round: 1, sessionID: MessageHeader.noSession,
                    sender: 1, recipient: aggregatorParticipantID),
                payload: payload, signer: FuzzKeys.signer)
            let advertisement = try AdvertiseKeys(message)
            try check(
                advertisement.encryptionKey.rawRepresentation + advertisement.maskKey.rawRepresentation == payload,
                "AdvertiseKeys keeps different keys than it was sent")
        case .keyRoster:
            let roster = try KeyRoster(
                payload: payload, maximumProviders: maximumProviders, maximumMessageByteCount: maximumByteCount)
            try check(roster.payload() == payload, "KeyRoster re-encodes differently")
        case .shareKeys:
            let shareKeys = try ShareKeys(
                payload: payload, maximumProviders: maximumProviders, maximumByteCount: maximumByteCount)
            try check(shareKeys.payload() == payload, "ShareKeys re-encodes differently")
        case .shareBundle:
            let bundle = try ShareBundle(
                payload: payload, maximumProviders: maximumProviders, maximumByteCount: maximumByteCount)
            try check(bundle.payload() == payload, "ShareBundle re-encodes differently")
        case .maskedInput:
            let input = try MaskedInput(
                payload: payload, length: vectorLength, modulus: modulus, maximumProviders: maximumProviders,
                maximumByteCount: maximumByteCount)
            try check(input.vector.residues.allSatisfy(modulus.contains), "MaskedInput holds a non-residue")
            try check(input.payload() == payload, "MaskedInput re-encodes differently")
        case .survivorSet:
            let set = try SurvivorSet(payload: payload, maximumProviders: maximumProviders)
            try check(set.payload() == payload, "SurvivorSet re-encodes differently")
        case .survivorSignature:
            let signature = try SurvivorSignature(payload: payload)
            try check(signature.payload() == payload, "SurvivorSignature re-encodes differently")
        case .unmaskRequest:
            let request = try UnmaskRequest(payload: payload, maximumProviders: maximumProviders)
            try check(request.payload() == payload, "UnmaskRequest re-encodes differently")
        case .unmaskResponse:
            let response = try UnmaskResponse(payload: payload, maximumProviders: maximumProviders)
            try check(response.payload() == payload, "UnmaskResponse re-encodes differently")
        case .roundResult:
            let bound: UInt64? =
                switch modulus.kind {
                case .powerOfTwo: nil
                case .prime(let value): value
                }
            let result = try RoundResult(
                payload: payload, length: vectorLength, bitWidth: modulus.bitWidth, modulusBound: bound,
                maximumProviders: maximumProviders, maximumByteCount: maximumByteCount)
            try check(result.sum.allSatisfy(modulus.contains), "RoundResult holds a non-residue")
            try check(result.payload(bitWidth: modulus.bitWidth) == payload, "RoundResult re-encodes differently")
        case .abort:
            let notice = try AbortNotice(payload: payload)
            let reasonBytes = Array(payload.dropFirst(4))
            if String(validating: reasonBytes, as: UTF8.self) != nil {
                try check(notice.payload() == payload, "AbortNotice re-encodes differently")
            }
        }
    }

    /// Reads `count` (one byte), `bitWidth − 1` (one byte, modulo 64), a flag and, when the flag is odd, an
    /// 8-byte exclusive bound, then unpacks the rest.
    static func unpack(_ body: [UInt8]) throws {
        let input = FuzzInput(body)
        let count = Int(input.byte())
        let bitWidth = Int(input.byte() % 64) + 1
        let hasBound = input.byte() % 2 == 1
        var bound: UInt64?
        if hasBound {
            var value: UInt64 = 0
            for _ in 0..<8 { value = value << 8 | UInt64(input.byte()) }
            bound = value
        }
        let packed = input.rest()
        let elements = try BitPacking.unpack(packed, count: count, bitWidth: bitWidth, modulus: bound)
        try check(elements.count == count, "unpack returned \(elements.count) elements, not \(count)")
        if let bound {
            try check(elements.allSatisfy { $0 < bound }, "unpack returned an element at or above \(bound)")
        }
        try check(BitPacking.pack(elements, bitWidth: bitWidth) == packed, "unpack accepted a non-canonical packing")
    }

    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        let messages = try RoundRecording.messages()
        var seeds = [[UInt8]]()
        for message in messages {
            seeds.append([0] + message)
            let decoded = try fixture("a recorded message") {
                try SignedMessage(decoding: message, maximumByteCount: maximumByteCount)
            }
            seeds.append([decoded.header.type.rawValue] + decoded.payload)
            if decoded.header.type == .shareKeys,
                let shareKeys = try? ShareKeys(
                    payload: decoded.payload, maximumProviders: maximumProviders, maximumByteCount: maximumByteCount),
                let share = shareKeys.shares.first
            {
                seeds.append([15] + share.encoded)
            }
            if decoded.header.type == .maskedInput,
                let input = try? MaskedInput(
                    payload: decoded.payload, length: RoundRecording.length,
                    modulus: try fixture("modulus") { try Modulus.powerOfTwo(bits: RoundRecording.bits) },
                    maximumProviders: maximumProviders, maximumByteCount: maximumByteCount)
            {
                for complaint in input.complaints { seeds.append([14] + complaint.encoded()) }
            }
        }
        seeds.append([12] + (try RoundRecording.configuration().encoded()))
        seeds.append([13, 5, 12, 0] + BitPacking.pack([1, 2, 3, 4095, 0], bitWidth: 13))
        seeds.append([13, 3, 63, 0] + BitPacking.pack([.max, 0, 1 << 63], bitWidth: 64))
        seeds.append([13, 4, 15, 1, 0, 0, 0, 0, 0, 0, 0xFF, 0xF1] + BitPacking.pack([0, 1, 65_520, 7], bitWidth: 16))
        return seeds
    }
}

/// Fixed keys and ids for the fuzz targets, derived from fixed seeds.
enum FuzzKeys {
    static let taskID = SHA256.hash(Array("secagg fuzz task".utf8))

    static let signer: Ed25519.PrivateKey = {
        var source = SeededRandom(seed: 7)
        return Ed25519.PrivateKey(using: &source)
    }()
}

/// Messages of one recorded honest round with a dropout and a bad share, used to build seeds.
enum RoundRecording {
    static let providers: [UInt32] = [1, 2, 3, 4, 5]
    static let length = MessageFuzzing.vectorLength
    static let bits = 16

    static func simulation() throws(FuzzFailure) -> RoundSimulation {
        try fixture("the recorded round") {
            let (simulation, _) = try ProtocolVectors.simulation(
                providers: providers, threshold: 3, degree: 0, length: length, bits: bits, round: 1, seed: 11,
                dropouts: [5: .unmasking])
            simulation.providers[2]?.faults = [.badShare(recipient: 3)]
            return simulation
        }
    }

    static func configuration() throws(FuzzFailure) -> RoundConfiguration {
        try simulation().configuration
    }

    /// Returns every message of the round, in the order the simulation sent them.
    static func messages() throws(FuzzFailure) -> [[UInt8]] {
        var simulation = try simulation()
        let log = MessageLog()
        simulation.tamper = { _, _, bytes in
            log.messages.append(bytes)
            return [bytes]
        }
        let recorded = simulation
        _ = try fixture("the recorded round's outcome") { try recorded.run() }
        return log.messages
    }
}

/// A mutable list that a tamper closure appends to.
final class MessageLog {
    var messages: [[UInt8]] = []
}
