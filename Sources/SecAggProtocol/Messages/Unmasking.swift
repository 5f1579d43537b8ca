import SecAggPrimitives
import SecAggShamir

/// Phase 5, aggregator to one provider: the survivor set, at least t providers' signatures on it, and the shares
/// the aggregator asks this provider to reveal.
///
/// Payload: the survivor set (id list), a list of (provider id, 64-byte signature) in ascending id order, and a
/// list of (dealer id, secret kind) requests in ascending dealer order.
public struct UnmaskRequest: Sendable {
    public struct Request: Sendable, Equatable {
        public let dealer: UInt32
        public let kind: SecretKind

        public init(dealer: UInt32, kind: SecretKind) {
            self.dealer = dealer
            self.kind = kind
        }
    }

    public let survivors: [UInt32]
    public let signatures: [(provider: UInt32, signature: [UInt8])]
    public let requests: [Request]

    public init(survivors: [UInt32], signatures: [(provider: UInt32, signature: [UInt8])], requests: [Request]) {
        self.survivors = survivors.sorted()
        self.signatures = signatures.sorted { $0.provider < $1.provider }
        self.requests = requests.sorted { ($0.dealer, $0.kind.rawValue) < ($1.dealer, $1.kind.rawValue) }
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeIDList(survivors)
        writer.writeUInt32(UInt32(signatures.count))
        for entry in signatures {
            writer.writeUInt32(entry.provider)
            writer.writeFixed(entry.signature)
        }
        writer.writeUInt32(UInt32(requests.count))
        for request in requests {
            writer.writeUInt32(request.dealer)
            writer.writeUInt8(request.kind.rawValue)
        }
        return writer.bytes
    }

    public init(payload: [UInt8], maximumProviders: Int) throws {
        var reader = WireReader(payload)
        survivors = try reader.readIDList("survivors", maximum: maximumProviders)
        let signatureCount = try reader.readCount(
            "survivor signatures", maximum: maximumProviders, minimumElementSize: 4 + Ed25519.signatureByteCount)
        var signatures = [(provider: UInt32, signature: [UInt8])]()
        for _ in 0..<signatureCount {
            let provider = try reader.readUInt32("signer")
            if let last = signatures.last, provider <= last.provider {
                throw WireError.invalidValue(
                    field: "survivor signatures", reason: "signers not ascending at \(provider)")
            }
            signatures.append((provider, try reader.readFixed(Ed25519.signatureByteCount, "survivor signature")))
        }
        let requestCount = try reader.readCount("share requests", maximum: 2 * maximumProviders, minimumElementSize: 5)
        var requests = [Request]()
        for _ in 0..<requestCount {
            let dealer = try reader.readUInt32("requested dealer")
            let code = try reader.readUInt8("requested kind")
            guard let kind = SecretKind(rawValue: code) else {
                throw WireError.invalidValue(field: "requested kind", reason: "unknown kind \(code)")
            }
            let request = Request(dealer: dealer, kind: kind)
            if let last = requests.last, (last.dealer, last.kind.rawValue) >= (dealer, code) {
                throw WireError.invalidValue(
                    field: "share requests", reason: "requests not ascending at dealer \(dealer)")
            }
            requests.append(request)
        }
        try reader.expectEnd()
        self.signatures = signatures
        self.requests = requests
    }
}

/// Phase 5, provider to aggregator: the requested shares.
///
/// Payload: a list of (dealer id, secret kind, 68-byte share encoding) in ascending dealer order.
public struct UnmaskResponse: Sendable {
    public struct RevealedShare: Sendable {
        public let dealer: UInt32
        public let kind: SecretKind
        public let share: Share
    }

    public let shares: [RevealedShare]

    public init(shares: [RevealedShare]) {
        self.shares = shares.sorted { ($0.dealer, $0.kind.rawValue) < ($1.dealer, $1.kind.rawValue) }
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeUInt32(UInt32(shares.count))
        for entry in shares {
            writer.writeUInt32(entry.dealer)
            writer.writeUInt8(entry.kind.rawValue)
            writer.writeFixed(entry.share.encoded().unprotectedCopy())
        }
        return writer.bytes
    }

    public init(payload: [UInt8], maximumProviders: Int) throws {
        var reader = WireReader(payload)
        let count = try reader.readCount(
            "revealed shares", maximum: 2 * maximumProviders, minimumElementSize: 5 + Share.encodedByteCount)
        var shares = [RevealedShare]()
        for _ in 0..<count {
            let dealer = try reader.readUInt32("share dealer")
            let code = try reader.readUInt8("share kind")
            guard let kind = SecretKind(rawValue: code) else {
                throw WireError.invalidValue(field: "share kind", reason: "unknown kind \(code)")
            }
            if let last = shares.last, (last.dealer, last.kind.rawValue) >= (dealer, code) {
                throw WireError.invalidValue(
                    field: "revealed shares", reason: "entries not ascending at dealer \(dealer)")
            }
            var encoding = try reader.readFixed(Share.encodedByteCount, "share")
            let share = try Share(encoding: encoding)
            wipe(&encoding)
            shares.append(RevealedShare(dealer: dealer, kind: kind, share: share))
        }
        try reader.expectEnd()
        self.shares = shares
    }
}

/// The end of a round, aggregator to providers: the sum, who is in it, who was blamed, and a digest of the
/// transcript the aggregator commits to.
///
/// Payload: contributors (id list), blamed providers (id list), transcript digest (32 bytes), vector length
/// (8 bytes) and the bit-packed sum (length-prefixed).
public struct RoundResult: Sendable {
    public let contributors: [UInt32]
    public let blamed: [UInt32]
    public let transcriptDigest: [UInt8]
    public let sum: [UInt64]

    public init(contributors: [UInt32], blamed: [UInt32], transcriptDigest: [UInt8], sum: [UInt64]) {
        self.contributors = contributors.sorted()
        self.blamed = blamed.sorted()
        self.transcriptDigest = transcriptDigest
        self.sum = sum
    }

    public func payload(bitWidth: Int) -> [UInt8] {
        var writer = WireWriter()
        writer.writeIDList(contributors)
        writer.writeIDList(blamed)
        writer.writeFixed(transcriptDigest)
        writer.writeUInt64(UInt64(sum.count))
        writer.writeLengthPrefixed(BitPacking.pack(sum, bitWidth: bitWidth))
        return writer.bytes
    }

    public init(
        payload: [UInt8], length: Int, bitWidth: Int, modulusBound: UInt64?, maximumProviders: Int,
        maximumByteCount: Int
    ) throws {
        var reader = WireReader(payload)
        contributors = try reader.readIDList("contributors", maximum: maximumProviders)
        blamed = try reader.readIDList("blamed providers", maximum: maximumProviders)
        transcriptDigest = try reader.readFixed(32, "transcript digest")
        let declared = try reader.readUInt64("sum length")
        guard declared == UInt64(length) else {
            throw WireError.invalidValue(field: "sum length", reason: "expected \(length) coordinates, got \(declared)")
        }
        sum = try BitPacking.unpack(
            reader.readLengthPrefixed("sum", maximum: maximumByteCount), count: length, bitWidth: bitWidth,
            modulus: modulusBound, field: "sum")
        try reader.expectEnd()
    }
}

/// The aggregator's notice that a round ended without a sum.
public struct AbortNotice: Sendable, Equatable {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public func payload() -> [UInt8] {
        var writer = WireWriter()
        writer.writeLengthPrefixed(Array(reason.utf8))
        return writer.bytes
    }

    public init(payload: [UInt8]) throws {
        var reader = WireReader(payload)
        reason = String(decoding: try reader.readLengthPrefixed("abort reason", maximum: 4096), as: UTF8.self)
        try reader.expectEnd()
    }
}
