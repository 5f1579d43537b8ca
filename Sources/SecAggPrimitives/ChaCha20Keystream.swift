import CSodium

/// The ChaCha20 keystream (RFC 8439: 96-bit nonce, 32-bit block counter) addressed by block.
///
/// Block `i` is the 64-byte output of the ChaCha20 block function for (key, nonce, counter `i`). Any range of
/// blocks can be produced on its own, so a long mask can be expanded in independent chunks on several cores,
/// and one coordinate range can be recomputed without generating what comes before it.
/// A stream has 2^32 blocks (256 GiB). A request that would wrap the counter throws instead.
public struct ChaCha20Keystream: Sendable {
    /// Block length in bytes.
    public static let blockByteCount = 64
    /// Key length in bytes.
    public static let keyByteCount = 32
    /// Nonce length in bytes.
    public static let nonceByteCount = 12
    /// Number of blocks in one stream: the block counter is 32 bits.
    public static let blockCount: UInt64 = 1 << 32

    private let key: SymmetricKey
    /// The 12-byte nonce.
    public let nonce: [UInt8]

    /// Creates the keystream for `key` and a 12-byte `nonce`.
    ///
    /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for a nonce that is not 12 bytes.
    public init(key: SymmetricKey, nonce: [UInt8]) throws {
        guard nonce.count == Self.nonceByteCount else {
            throw PrimitiveError.invalidLength(
                role: "ChaCha20 nonce", expected: Self.nonceByteCount, actual: nonce.count)
        }
        Sodium.ensureInitialized()
        self.key = key
        self.nonce = nonce
    }

    package init(key: SymmetricKey, uncheckedNonce nonce: [UInt8]) {
        Sodium.ensureInitialized()
        self.key = key
        self.nonce = nonce
    }

    /// Writes the keystream starting at block `firstBlock` into `buffer`.
    ///
    /// A buffer whose length is not a multiple of 64 ends inside its last block.
    /// - Throws: ``PrimitiveError/keystreamCounterOverflow(firstBlock:blockCount:)`` when the range passes block
    ///   2^32 - 1.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer, startingAtBlock firstBlock: UInt64) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        try Self.checkRange(firstBlock: firstBlock, byteCount: buffer.count)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: buffer.count)
        xorUnchecked(base.assumingMemoryBound(to: UInt8.self), byteCount: buffer.count, firstBlock: UInt32(firstBlock))
    }

    /// XORs the keystream starting at block `firstBlock` into `buffer` (encryption and decryption).
    ///
    /// - Throws: ``PrimitiveError/keystreamCounterOverflow(firstBlock:blockCount:)`` when the range passes block
    ///   2^32 - 1.
    public func xor(_ buffer: UnsafeMutableRawBufferPointer, startingAtBlock firstBlock: UInt64) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        try Self.checkRange(firstBlock: firstBlock, byteCount: buffer.count)
        xorUnchecked(base.assumingMemoryBound(to: UInt8.self), byteCount: buffer.count, firstBlock: UInt32(firstBlock))
    }

    /// Returns `byteCount` keystream bytes starting at block `firstBlock`.
    public func bytes(startingAtBlock firstBlock: UInt64, byteCount: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: byteCount)
        try output.withUnsafeMutableBytes { try fill($0, startingAtBlock: firstBlock) }
        return output
    }

    /// XORs keystream into `buffer` from block `firstBlock`. The caller has checked the range.
    @inline(__always)
    package func xorUnchecked(_ buffer: UnsafeMutablePointer<UInt8>, byteCount: Int, firstBlock: UInt32) {
        key.bytes.withUnsafeBytes { keyBytes in
            _ = crypto_stream_chacha20_ietf_xor_ic(
                buffer, buffer, UInt64(byteCount), nonce, firstBlock,
                keyBytes.bytePointer)
        }
    }

    /// Checks that `byteCount` bytes from block `firstBlock` stay within the 2^32 blocks of one stream.
    package static func checkRange(firstBlock: UInt64, byteCount: Int) throws {
        let blocks = (UInt64(byteCount) + UInt64(blockByteCount) - 1) / UInt64(blockByteCount)
        guard firstBlock < blockCount, blocks <= blockCount - firstBlock else {
            throw PrimitiveError.keystreamCounterOverflow(firstBlock: firstBlock, blockCount: blocks)
        }
    }
}

/// XChaCha20 (draft-irtf-cfrg-xchacha-03): ChaCha20 under a subkey derived with HChaCha20 from the first
/// 16 bytes of a 24-byte nonce.
public enum XChaCha20 {
    /// Nonce length in bytes.
    public static let nonceByteCount = 24

    /// Computes the HChaCha20 subkey of `key` and a 16-byte input (`crypto_core_hchacha20`).
    public static func hChaCha20(key: SymmetricKey, input: [UInt8]) throws -> SecureBytes {
        guard input.count == 16 else {
            throw PrimitiveError.invalidLength(role: "HChaCha20 input", expected: 16, actual: input.count)
        }
        Sodium.ensureInitialized()
        return SecureBytes(count: 32) { output in
            key.bytes.withUnsafeBytes { keyBytes in
                _ = crypto_core_hchacha20(
                    output.mutableBytePointer, input,
                    keyBytes.bytePointer, nil)
            }
        }
    }

    /// XORs the XChaCha20 keystream, starting at block `firstBlock` of the 64-bit counter, into `data`.
    public static func xor(_ data: [UInt8], key: SymmetricKey, nonce: [UInt8], firstBlock: UInt64) throws -> [UInt8] {
        guard nonce.count == nonceByteCount else {
            throw PrimitiveError.invalidLength(role: "XChaCha20 nonce", expected: nonceByteCount, actual: nonce.count)
        }
        Sodium.ensureInitialized()
        var output = [UInt8](repeating: 0, count: data.count)
        key.bytes.withUnsafeBytes { keyBytes in
            _ = crypto_stream_xchacha20_xor_ic(
                &output, data, UInt64(data.count), nonce, firstBlock,
                keyBytes.bytePointer)
        }
        return output
    }
}
