import SecAggBigInt
import SecAggPrimitives

/// The compact binary encodings of keys, ciphertexts and threshold values, specified in `Specs/paillier.md`.
///
/// Every encoding starts with the magic byte `0x50` (`P`), a type byte and the version byte `0x01`. Integers
/// are unsigned and big-endian. A value modulo `n²` takes exactly `2k` bytes for a `k`-byte modulus, so
/// ciphertexts of one key have one length. Decoders reject trailing bytes, non-minimal lengths and values that
/// fail the same validation as the typed initializers.
public enum PaillierWireType: UInt8, Sendable {
    /// A public key: `u16 k || n` in `k` bytes.
    case publicKey = 0x01
    /// A private key: `u16 len || p || u16 len || q`.
    case privateKey = 0x02
    /// A ciphertext: `key id (16) || c` in `2k` bytes.
    case ciphertext = 0x03
    /// A packed encrypted vector: `key id || u8 b || u32 K || u32 value count || u32 summand count || c...`.
    case encryptedVector = 0x04
    /// Threshold parameters: `u16 t || u16 w || u16 k || n || v || v_1 ... v_w`.
    case thresholdParameters = 0x05
    /// A key share: `key id || u16 holder || u16 len || s_i`.
    case keyShare = 0x06
    /// A decryption share: `key id || u16 holder || c_i || e (32 bytes) || u16 len || z`.
    case decryptionShare = 0x07
    /// An encrypted fixed-point number: `key id || i16 exponent || c`.
    case encryptedNumber = 0x08
    /// A batch decryption share: `key id || u16 holder || u32 count || c_(i,k)... || e (32 bytes) || u16 len || z`.
    case batchDecryptionShare = 0x09

    /// The first byte of every encoding.
    static let magic: UInt8 = 0x50
    /// The version of the encodings that this module writes and reads.
    static let version: UInt8 = 0x01

    var name: String {
        switch self {
        case .publicKey: return "public key"
        case .privateKey: return "private key"
        case .ciphertext: return "ciphertext"
        case .encryptedVector: return "encrypted vector"
        case .thresholdParameters: return "threshold parameters"
        case .keyShare: return "key share"
        case .decryptionShare: return "decryption share"
        case .encryptedNumber: return "encrypted number"
        case .batchDecryptionShare: return "batch decryption share"
        }
    }
}

// MARK: - Writer and reader

/// Appends the fields of one encoding.
struct WireWriter {
    var bytes: [UInt8]

    init(type: PaillierWireType) {
        bytes = [PaillierWireType.magic, type.rawValue, PaillierWireType.version]
    }

    mutating func append(_ value: UInt8) { bytes.append(value) }

    mutating func append16(_ value: Int) {
        bytes += [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    mutating func append32(_ value: Int) {
        bytes += ThresholdProof.bigEndian32(value)
    }

    mutating func append(_ keyID: PaillierKeyID) { bytes += keyID.bytes }

    /// Appends a public value in exactly `count` bytes.
    mutating func append(_ value: BigInt, count: Int) {
        // Callers pass values that are reduced below the modulus that fixes `count`.
        bytes += (try? value.bigEndianBytes(count: count)) ?? [UInt8](repeating: 0, count: count)
    }

    /// Appends `u16 length || value` with the minimal big-endian bytes of a public value.
    mutating func appendLengthPrefixed(_ value: BigInt) {
        let encoded = value.bigEndianBytes()
        append16(encoded.count)
        bytes += encoded
    }
}

/// Reads the fields of one encoding from a buffer that stays valid during the read.
struct WireReader {
    private let buffer: UnsafeRawBufferPointer
    private var offset = 0
    let type: PaillierWireType

    init(_ buffer: UnsafeRawBufferPointer, type: PaillierWireType) throws {
        self.buffer = buffer
        self.type = type
        guard buffer.count >= 3 else { throw malformed("shorter than the 3-byte header") }
        guard buffer[0] == PaillierWireType.magic, buffer[1] == type.rawValue else {
            throw malformed("the header does not announce a \(type.name)")
        }
        guard buffer[2] == PaillierWireType.version else {
            throw malformed("version \(buffer[2]) is not supported; expected \(PaillierWireType.version)")
        }
        offset = 3
    }

    func malformed(_ reason: String) -> PaillierError {
        PaillierError.malformedEncoding(type: type.name, reason: reason)
    }

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, buffer.count - offset >= count else { throw malformed("truncated at byte \(offset)") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    mutating func read8() throws -> Int { Int(try take(1)[0]) }

    mutating func read16() throws -> Int {
        let field = try take(2)
        return Int(field[0]) << 8 | Int(field[1])
    }

    mutating func read32() throws -> Int {
        let field = try take(4)
        return field.reduce(0) { $0 << 8 | Int($1) }
    }

    mutating func readKeyID() throws -> PaillierKeyID {
        try PaillierKeyID(bytes: Array(try take(16)))
    }

    /// Reads an integer of exactly `count` bytes. The bytes pass through a buffer that is wiped on release,
    /// because some fields are secret.
    mutating func readInteger(count: Int) throws -> BigInt {
        let field = try take(count)
        let copy = SecureBytes(count: count) { destination in
            destination.copyMemory(from: field)
        }
        return BigInt(bigEndianBytes: copy)
    }

    /// Reads `u16 length || value` and requires the minimal form: no leading zero byte.
    mutating func readLengthPrefixedInteger() throws -> BigInt {
        let count = try read16()
        let value = try readInteger(count: count)
        guard (value.bitWidth + 7) / 8 == count else { throw malformed("an integer has leading zero bytes") }
        return value
    }

    /// The number of bytes not read yet.
    var remainingByteCount: Int { buffer.count - offset }

    func finish() throws {
        guard offset == buffer.count else { throw malformed("\(buffer.count - offset) trailing bytes") }
    }
}

extension ContiguousByteStorage {
    func readWire<Result>(
        type: PaillierWireType, _ body: (inout WireReader) throws -> Result
    ) throws -> Result {
        try withUnsafeBytes { buffer in
            var reader = try WireReader(buffer, type: type)
            let result = try body(&reader)
            try reader.finish()
            return result
        }
    }
}

// MARK: - Keys

extension PaillierPublicKey {
    /// The binary encoding: header, `u16 k`, then `n` in `k` bytes.
    public var wireEncoding: [UInt8] {
        var writer = WireWriter(type: .publicKey)
        writer.append16(modulusByteCount)
        writer.append(modulus, count: modulusByteCount)
        return writer.bytes
    }

    /// Decodes and validates a public key.
    ///
    /// - Parameters:
    ///   - wireEncoding: The bytes of ``wireEncoding``.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)`` or the validation errors of
    ///   ``init(modulus:policy:)``.
    public init(wireEncoding: some ContiguousByteStorage, policy: PaillierKeyPolicy = .production) throws {
        let modulus = try wireEncoding.readWire(type: .publicKey) { reader in
            try Self.readModulus(&reader)
        }
        try self.init(modulus: modulus, policy: policy)
    }

    static func readModulus(_ reader: inout WireReader) throws -> BigInt {
        let count = try reader.read16()
        let modulus = try reader.readInteger(count: count)
        guard count > 0, (modulus.bitWidth + 7) / 8 == count else {
            throw reader.malformed("the modulus length is not minimal")
        }
        return modulus
    }
}

extension PaillierPrivateKey {
    /// The binary encoding: header, then `u16 len || p` and `u16 len || q` in minimal big-endian bytes, in a
    /// buffer that is wiped on release.
    public var wireEncoding: SecureBytes {
        let pBytes = (try? p.secureBigEndianBytes(count: (p.bitWidth + 7) / 8)) ?? SecureBytes(zeroedCount: 0)
        let qBytes = (try? q.secureBigEndianBytes(count: (q.bitWidth + 7) / 8)) ?? SecureBytes(zeroedCount: 0)
        let parts: [any ContiguousByteStorage] = [
            [PaillierWireType.magic, PaillierWireType.privateKey.rawValue, PaillierWireType.version],
            [UInt8(truncatingIfNeeded: pBytes.count >> 8), UInt8(truncatingIfNeeded: pBytes.count)], pBytes,
            [UInt8(truncatingIfNeeded: qBytes.count >> 8), UInt8(truncatingIfNeeded: qBytes.count)], qBytes,
        ]
        return SecureBytes(count: parts.reduce(0) { $0 + $1.count }) { output in
            var offset = 0
            for part in parts {
                part.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: output[offset..<(offset + source.count)])
                        .copyMemory(from: source)
                }
                offset += part.count
            }
        }
    }

    /// Decodes and validates a private key.
    ///
    /// - Parameters:
    ///   - wireEncoding: The bytes of ``wireEncoding``.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)`` or the validation errors of
    ///   ``init(p:q:policy:)``.
    public init(wireEncoding: some ContiguousByteStorage, policy: PaillierKeyPolicy = .production) throws {
        let (p, q) = try wireEncoding.readWire(type: .privateKey) { reader in
            (try reader.readLengthPrefixedInteger(), try reader.readLengthPrefixedInteger())
        }
        try self.init(p: p, q: q, policy: policy)
    }
}

// MARK: - Ciphertexts

extension PaillierCiphertext {
    /// Encodes the ciphertext: header, key identifier, then `c` in exactly `2k` bytes.
    ///
    /// - Parameter publicKey: The key, which fixes the length.
    /// - Returns: The encoding.
    public func wireEncoding(publicKey: PaillierPublicKey) -> [UInt8] {
        var writer = WireWriter(type: .ciphertext)
        writer.append(keyID)
        writer.append(value, count: publicKey.ciphertextByteCount)
        return writer.bytes
    }
}

extension PaillierPublicKey {
    /// Decodes a ciphertext of this key and validates that it lies in `Z*_{n²}`.
    ///
    /// - Parameter wireEncoding: The bytes of ``PaillierCiphertext/wireEncoding(publicKey:)``.
    /// - Returns: The ciphertext.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)``, ``PaillierError/keyMismatch(expected:actual:)``,
    ///   ``PaillierError/ciphertextOutOfRange`` or ``PaillierError/ciphertextNotUnit``.
    public func ciphertext(wireEncoding: some ContiguousByteStorage) throws -> PaillierCiphertext {
        try wireEncoding.readWire(type: .ciphertext) { reader in
            try checkKeyID(try reader.readKeyID())
            return try ciphertext(try reader.readInteger(count: ciphertextByteCount))
        }
    }

    func checkKeyID(_ keyID: PaillierKeyID) throws {
        guard keyID == id else { throw PaillierError.keyMismatch(expected: id.description, actual: keyID.description) }
    }

    /// Decodes a packed encrypted vector of this key and validates every ciphertext.
    ///
    /// The layout is rebuilt from `b` and `K` for this key, so its slot count always matches the key.
    /// - Parameter wireEncoding: The bytes of ``PaillierEncryptedVector/wireEncoding(publicKey:)``.
    /// - Returns: The vector.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)``, ``PaillierError/invalidPackingLayout(reason:)``,
    ///   ``PaillierError/layoutMismatch(reason:)``, ``PaillierError/summandLimitExceeded(limit:count:)`` or the
    ///   ciphertext validation errors.
    public func encryptedVector(wireEncoding: some ContiguousByteStorage) throws -> PaillierEncryptedVector {
        try wireEncoding.readWire(type: .encryptedVector) { reader in
            try checkKeyID(try reader.readKeyID())
            let valueBitWidth = try reader.read8()
            let maximumSummands = try reader.read32()
            let layout = try PaillierPackingLayout(
                valueBitWidth: valueBitWidth, maximumSummands: maximumSummands, publicKey: self)
            let valueCount = try reader.read32()
            let summandCount = try reader.read32()
            let count = layout.ciphertextCount(forValueCount: valueCount)
            // Checking the length first keeps a forged value count from reserving memory for it.
            guard count.multipliedReportingOverflow(by: ciphertextByteCount) == (reader.remainingByteCount, false)
            else {
                throw reader.malformed("\(valueCount) values need \(count) ciphertexts of \(ciphertextByteCount) bytes")
            }
            var ciphertexts = [PaillierCiphertext]()
            ciphertexts.reserveCapacity(count)
            for _ in 0..<count {
                ciphertexts.append(try ciphertext(try reader.readInteger(count: ciphertextByteCount)))
            }
            return try PaillierEncryptedVector(
                publicKey: self, layout: layout, valueCount: valueCount, summandCount: summandCount,
                ciphertexts: ciphertexts)
        }
    }

    /// Decodes an encrypted fixed-point number of this key and validates its ciphertext.
    ///
    /// - Parameter wireEncoding: The bytes of ``PaillierEncryptedNumber/wireEncoding(publicKey:)``.
    /// - Returns: The encrypted number. Check its exponent with ``PaillierFixedPointContext/check(_:)``.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)`` or the ciphertext validation errors.
    public func encryptedNumber(wireEncoding: some ContiguousByteStorage) throws -> PaillierEncryptedNumber {
        try wireEncoding.readWire(type: .encryptedNumber) { reader in
            try checkKeyID(try reader.readKeyID())
            let exponent = Int(Int16(truncatingIfNeeded: try reader.read16()))
            return PaillierEncryptedNumber(
                ciphertext: try ciphertext(try reader.readInteger(count: ciphertextByteCount)), exponent: exponent)
        }
    }
}

extension PaillierEncryptedVector {
    /// Encodes the vector: header, key identifier, `u8 b`, `u32 K`, `u32` value count, `u32` summand count,
    /// then every ciphertext in `2k` bytes.
    ///
    /// - Parameter publicKey: The key, which fixes the ciphertext length.
    /// - Returns: The encoding.
    public func wireEncoding(publicKey: PaillierPublicKey) -> [UInt8] {
        var writer = WireWriter(type: .encryptedVector)
        writer.append(keyID)
        writer.append(UInt8(layout.valueBitWidth))
        writer.append32(layout.maximumSummands)
        writer.append32(valueCount)
        writer.append32(summandCount)
        writer.bytes.reserveCapacity(writer.bytes.count + ciphertexts.count * publicKey.ciphertextByteCount)
        for ciphertext in ciphertexts {
            writer.append(ciphertext.value, count: publicKey.ciphertextByteCount)
        }
        return writer.bytes
    }
}

extension PaillierEncryptedNumber {
    /// Encodes the number: header, key identifier, the exponent as a big-endian 16-bit two's complement
    /// integer, then `c` in `2k` bytes.
    ///
    /// - Parameter publicKey: The key, which fixes the ciphertext length.
    /// - Returns: The encoding.
    public func wireEncoding(publicKey: PaillierPublicKey) -> [UInt8] {
        var writer = WireWriter(type: .encryptedNumber)
        writer.append(ciphertext.keyID)
        writer.append16(Int(UInt16(bitPattern: Int16(clamping: exponent))))
        writer.append(ciphertext.value, count: publicKey.ciphertextByteCount)
        return writer.bytes
    }
}

// MARK: - Threshold values

extension PaillierThresholdParameters {
    /// The binary encoding: header, `u16 t`, `u16 w`, `u16 k`, `n` in `k` bytes, then `v` and `v_1 … v_w` in
    /// `2k` bytes each.
    public var wireEncoding: [UInt8] {
        var writer = WireWriter(type: .thresholdParameters)
        writer.append16(threshold)
        writer.append16(holderCount)
        writer.append16(publicKey.modulusByteCount)
        writer.append(publicKey.modulus, count: publicKey.modulusByteCount)
        writer.append(verificationBase, count: publicKey.ciphertextByteCount)
        for key in verificationKeys {
            writer.append(key, count: publicKey.ciphertextByteCount)
        }
        return writer.bytes
    }

    /// Decodes and validates threshold parameters.
    ///
    /// - Parameters:
    ///   - wireEncoding: The bytes of ``wireEncoding``.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)`` or the validation errors of the public key
    ///   and of ``init(publicKey:threshold:holderCount:verificationBase:verificationKeys:)``.
    public init(wireEncoding: some ContiguousByteStorage, policy: PaillierKeyPolicy = .production) throws {
        let parts = try wireEncoding.readWire(type: .thresholdParameters) { reader in
            let threshold = try reader.read16()
            let holderCount = try reader.read16()
            guard holderCount <= Self.maximumHolderCount else {
                throw PaillierError.invalidThreshold(
                    threshold: threshold, holderCount: holderCount, maximumHolderCount: Self.maximumHolderCount)
            }
            let publicKey = try PaillierPublicKey(modulus: try PaillierPublicKey.readModulus(&reader), policy: policy)
            let base = try reader.readInteger(count: publicKey.ciphertextByteCount)
            let keys = try (0..<holderCount).map { _ in try reader.readInteger(count: publicKey.ciphertextByteCount) }
            return (publicKey, threshold, holderCount, base, keys)
        }
        try self.init(
            publicKey: parts.0, threshold: parts.1, holderCount: parts.2, verificationBase: parts.3,
            verificationKeys: parts.4)
    }

    /// Decodes a key share of these parameters and checks it against the holder's verification key.
    ///
    /// - Parameter wireEncoding: The bytes of ``PaillierKeyShare/wireEncoding``.
    /// - Returns: The key share.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)``, ``PaillierError/keyMismatch(expected:actual:)``
    ///   or ``PaillierError/unknownKeyHolder(holder:)``.
    public func keyShare(wireEncoding: some ContiguousByteStorage) throws -> PaillierKeyShare {
        let (holder, share) = try wireEncoding.readWire(type: .keyShare) { reader in
            try publicKey.checkKeyID(try reader.readKeyID())
            return (try reader.read16(), try reader.readLengthPrefixedInteger())
        }
        return try PaillierKeyShare(holder: holder, share: share, parameters: self)
    }

    /// Decodes a decryption share of these parameters and validates its ranges. The proof is checked when the
    /// shares are combined.
    ///
    /// - Parameter wireEncoding: The bytes of ``PaillierDecryptionShare/wireEncoding(publicKey:)``.
    /// - Returns: The decryption share.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)``, ``PaillierError/keyMismatch(expected:actual:)``,
    ///   ``PaillierError/unknownKeyHolder(holder:)`` or the ciphertext validation errors for `c_i`.
    public func decryptionShare(wireEncoding: some ContiguousByteStorage) throws -> PaillierDecryptionShare {
        let parts = try wireEncoding.readWire(type: .decryptionShare) { reader in
            try publicKey.checkKeyID(try reader.readKeyID())
            let holder = try reader.read16()
            let value = try reader.readInteger(count: publicKey.ciphertextByteCount)
            let challenge = try reader.readInteger(count: ThresholdProof.challengeBitWidth / 8)
            let response = try reader.readLengthPrefixedInteger()
            return (holder, value, challenge, response)
        }
        return try PaillierDecryptionShare(
            holder: parts.0, value: parts.1, challenge: parts.2, response: parts.3, parameters: self)
    }
}

extension PaillierThresholdParameters {
    /// Decodes a batch decryption share of these parameters and validates its ranges. The proof is checked
    /// when the shares are combined, or by `verify(_:for:)`.
    ///
    /// - Parameter wireEncoding: The bytes of ``PaillierBatchDecryptionShare/wireEncoding(publicKey:)``.
    /// - Returns: The batch share.
    /// - Throws: ``PaillierError/malformedEncoding(type:reason:)``, ``PaillierError/keyMismatch(expected:actual:)``,
    ///   ``PaillierError/unknownKeyHolder(holder:)`` or the ciphertext validation errors for a share.
    public func batchDecryptionShare(wireEncoding: some ContiguousByteStorage) throws -> PaillierBatchDecryptionShare {
        let parts = try wireEncoding.readWire(type: .batchDecryptionShare) { reader in
            try publicKey.checkKeyID(try reader.readKeyID())
            let holder = try reader.read16()
            let count = try reader.read32()
            // Checking the length first keeps a forged count from reserving memory for it.
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: publicKey.ciphertextByteCount)
            guard !overflow, byteCount <= reader.remainingByteCount else {
                throw reader.malformed("\(count) shares do not fit in the remaining bytes")
            }
            let values = try (0..<count).map { _ in try reader.readInteger(count: publicKey.ciphertextByteCount) }
            let challenge = try reader.readInteger(count: ThresholdProof.challengeBitWidth / 8)
            let response = try reader.readLengthPrefixedInteger()
            return (holder, values, challenge, response)
        }
        return try PaillierBatchDecryptionShare(
            holder: parts.0, values: parts.1, challenge: parts.2, response: parts.3, parameters: self)
    }
}

extension PaillierBatchDecryptionShare {
    /// Encodes the batch share: header, key identifier, `u16` holder, `u32` count, every `c_(i,k)` in `2k`
    /// bytes, `e` in 32 bytes, then `u16 len || z`.
    ///
    /// - Parameter publicKey: The key, which fixes the length of the shares.
    /// - Returns: The encoding.
    public func wireEncoding(publicKey: PaillierPublicKey) -> [UInt8] {
        var writer = WireWriter(type: .batchDecryptionShare)
        writer.append(keyID)
        writer.append16(holder)
        writer.append32(values.count)
        for value in values {
            writer.append(value, count: publicKey.ciphertextByteCount)
        }
        writer.append(challenge, count: ThresholdProof.challengeBitWidth / 8)
        writer.appendLengthPrefixed(response)
        return writer.bytes
    }
}

extension PaillierKeyShare {
    /// The binary encoding: header, key identifier, `u16` holder, then `u16 len || s_i`, in a buffer that is
    /// wiped on release.
    public var wireEncoding: SecureBytes {
        let shareBytes =
            (try? share.secureBigEndianBytes(count: (share.bitWidth + 7) / 8)) ?? SecureBytes(zeroedCount: 0)
        var prefix = WireWriter(type: .keyShare)
        prefix.append(keyID)
        prefix.append16(holder)
        prefix.append16(shareBytes.count)
        let head = prefix.bytes
        return SecureBytes(count: head.count + shareBytes.count) { output in
            head.withUnsafeBytes { output.copyMemory(from: $0) }
            shareBytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: output[head.count...]).copyMemory(from: source)
            }
        }
    }
}

extension PaillierDecryptionShare {
    /// Encodes the share: header, key identifier, `u16` holder, `c_i` in `2k` bytes, `e` in 32 bytes, then
    /// `u16 len || z`.
    ///
    /// - Parameter publicKey: The key, which fixes the length of `c_i`.
    /// - Returns: The encoding.
    public func wireEncoding(publicKey: PaillierPublicKey) -> [UInt8] {
        var writer = WireWriter(type: .decryptionShare)
        writer.append(keyID)
        writer.append16(holder)
        writer.append(value, count: publicKey.ciphertextByteCount)
        writer.append(challenge, count: ThresholdProof.challengeBitWidth / 8)
        writer.appendLengthPrefixed(response)
        return writer.bytes
    }
}
