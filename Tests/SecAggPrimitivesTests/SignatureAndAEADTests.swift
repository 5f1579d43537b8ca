import SecAggPrimitives
import Testing

@Suite("Ed25519")
struct Ed25519Tests {
    @Test("signatures verify and are deterministic")
    func signVerify() throws {
        let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 5, count: 32))
        let message: [UInt8] = Array("round 3".utf8)
        let signature = key.signature(for: message)
        #expect(signature == key.signature(for: message))
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
    }

    @Test("seed round trips")
    func seedRoundTrip() throws {
        let seed = [UInt8](repeating: 6, count: 32)
        let key = try Ed25519.PrivateKey(seed: seed)
        #expect(key.seed == SecureBytes(copying: seed))
    }

    @Test("seed of wrong length is rejected")
    func seedLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "Ed25519 seed", expected: 32, actual: 64)) {
            _ = try Ed25519.PrivateKey(seed: [UInt8](repeating: 0, count: 64))
        }
    }

    @Test("signature of wrong length is invalid")
    func signatureLength() throws {
        let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 5, count: 32))
        let signature = key.signature(for: [1] as [UInt8])
        #expect(!key.publicKey.isValidSignature(Array(signature.dropLast()), for: [1] as [UInt8]))
        #expect(throws: PrimitiveError.invalidSignature) {
            try key.publicKey.verify(signature + [0], for: [1] as [UInt8])
        }
    }

    @Test("small-order public key is rejected")
    func smallOrderPublicKey() {
        // The identity point (0, 1) encodes as 1 followed by zeros.
        let identity = [1] + [UInt8](repeating: 0, count: 31)
        #expect(throws: PrimitiveError.self) {
            _ = try Ed25519.PublicKey(rawRepresentation: identity)
        }
    }

    @Test("public key of wrong length is rejected")
    func publicKeyLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "Ed25519 public key", expected: 32, actual: 0)) {
            _ = try Ed25519.PublicKey(rawRepresentation: [UInt8]())
        }
    }
}

@Suite("XChaCha20-Poly1305")
struct AEADTests {
    @Test("seal and open round trip")
    func roundTrip() throws {
        let key = SymmetricKey()
        let box = try XChaCha20Poly1305.seal([1, 2, 3] as [UInt8], using: key, authenticating: [9] as [UInt8])
        let opened = try XChaCha20Poly1305.open(box, using: key, authenticating: [9] as [UInt8])
        #expect(opened == SecureBytes(copying: [1, 2, 3] as [UInt8]))
    }

    @Test("combined form round trips")
    func combinedRoundTrip() throws {
        let key = SymmetricKey()
        let box = try XChaCha20Poly1305.seal([UInt8](), using: key)
        let parsed = try XChaCha20Poly1305.SealedBox(combined: box.combined)
        #expect(parsed == box)
        #expect(try XChaCha20Poly1305.open(parsed, using: key).isEmpty)
    }

    @Test("wrong key fails authentication")
    func wrongKey() throws {
        let box = try XChaCha20Poly1305.seal([1] as [UInt8], using: SymmetricKey())
        #expect(throws: PrimitiveError.authenticationFailed) {
            _ = try XChaCha20Poly1305.open(box, using: SymmetricKey())
        }
    }

    @Test("wrong associated data fails authentication")
    func wrongAssociatedData() throws {
        let key = SymmetricKey()
        let box = try XChaCha20Poly1305.seal([1] as [UInt8], using: key, authenticating: [1] as [UInt8])
        #expect(throws: PrimitiveError.authenticationFailed) {
            _ = try XChaCha20Poly1305.open(box, using: key, authenticating: [2] as [UInt8])
        }
    }

    @Test("truncated box is rejected")
    func truncatedBox() {
        #expect(
            throws: PrimitiveError.lengthOutOfRange(
                role: "XChaCha20-Poly1305 sealed box", minimum: 40, maximum: Int.max, actual: 39)
        ) {
            _ = try XChaCha20Poly1305.SealedBox(combined: [UInt8](repeating: 0, count: 39))
        }
    }

    @Test("nonce of wrong length is rejected")
    func nonceLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "XChaCha20-Poly1305 nonce", expected: 24, actual: 12)) {
            _ = try XChaCha20Poly1305.seal(
                [1] as [UInt8], using: SymmetricKey(), nonce: [UInt8](repeating: 0, count: 12))
        }
    }

    @Test("symmetric key of wrong length is rejected")
    func keyLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "symmetric key", expected: 32, actual: 31)) {
            _ = try SymmetricKey(copying: [UInt8](repeating: 0, count: 31))
        }
    }
}

@Suite("ChaCha20 keystream")
struct KeystreamTests {
    static func stream() throws -> ChaCha20Keystream {
        try ChaCha20Keystream(
            key: SymmetricKey(copying: (0..<32).map { UInt8($0) }), nonce: [UInt8](repeating: 1, count: 12))
    }

    @Test("chunks equal the whole stream", arguments: [64, 128, 640])
    func chunksEqualWhole(chunk: Int) throws {
        let keystream = try Self.stream()
        let whole = try keystream.bytes(startingAtBlock: 0, byteCount: 1280)
        var joined = [UInt8]()
        for start in stride(from: 0, to: 1280, by: chunk) {
            joined += try keystream.bytes(startingAtBlock: UInt64(start / 64), byteCount: chunk)
        }
        #expect(joined == whole)
    }

    @Test("one block recomputes alone")
    func blockAlone() throws {
        let keystream = try Self.stream()
        let whole = try keystream.bytes(startingAtBlock: 0, byteCount: 64 * 10)
        let block7 = try keystream.bytes(startingAtBlock: 7, byteCount: 64)
        #expect(block7 == Array(whole[(7 * 64)..<(8 * 64)]))
    }

    @Test("last block is reachable")
    func lastBlock() throws {
        let keystream = try Self.stream()
        let last = try keystream.bytes(startingAtBlock: ChaCha20Keystream.blockCount - 1, byteCount: 64)
        #expect(last.count == 64)
    }

    @Test("counter overflow is rejected")
    func counterOverflow() throws {
        let keystream = try Self.stream()
        #expect(throws: PrimitiveError.keystreamCounterOverflow(firstBlock: 4_294_967_295, blockCount: 2)) {
            _ = try keystream.bytes(startingAtBlock: ChaCha20Keystream.blockCount - 1, byteCount: 65)
        }
        #expect(throws: PrimitiveError.keystreamCounterOverflow(firstBlock: 4_294_967_296, blockCount: 1)) {
            _ = try keystream.bytes(startingAtBlock: ChaCha20Keystream.blockCount, byteCount: 1)
        }
    }

    @Test("xor twice restores the data")
    func xorInvolution() throws {
        let keystream = try Self.stream()
        var data: [UInt8] = Array("mask me".utf8)
        try data.withUnsafeMutableBytes { try keystream.xor($0, startingAtBlock: 3) }
        #expect(data != Array("mask me".utf8))
        try data.withUnsafeMutableBytes { try keystream.xor($0, startingAtBlock: 3) }
        #expect(data == Array("mask me".utf8))
    }

    @Test("nonce of wrong length is rejected")
    func nonceLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "ChaCha20 nonce", expected: 12, actual: 8)) {
            _ = try ChaCha20Keystream(key: SymmetricKey(), nonce: [UInt8](repeating: 0, count: 8))
        }
    }
}
