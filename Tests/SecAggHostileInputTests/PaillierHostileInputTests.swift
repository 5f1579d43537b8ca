import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

/// Hostile Paillier inputs: plaintexts at and past the modulus, negative values, mixed exponents, and
/// ciphertexts at the edges of `Z*_{n²}`, each with the exact error or plaintext.
@Suite("Hostile Paillier inputs")
struct PaillierHostileInputTests {
    /// A 256-bit key from two 128-bit primes, the Paillier tests' small fixed key.
    static let privateKey: PaillierPrivateKey = {
        do {
            return try PaillierPrivateKey(
                p: BigInt(hex: "e16273cdd6a19e4f8ca4c608ef605abf"), q: BigInt(hex: "e4b99aa4e600b110226a6c288814f4bf"),
                policy: .unsafeTestKeys)
        } catch {
            preconditionFailure("the fixed test key is valid: \(error)")
        }
    }()
    static var publicKey: PaillierPublicKey { privateKey.publicKey }
    static var n: BigInt { publicKey.modulus }

    @Test("plaintexts at the modulus edge")
    func plaintextEdges() throws {
        var source = SeededRandom(seed: 71)
        let cases: [(name: String, plaintext: BigInt, decrypted: BigInt?)] = [
            ("0", BigInt(0), BigInt(0)),
            ("n - 1", Self.n - 1, Self.n - 1),
            ("n", Self.n, nil),
            ("n + 1", Self.n + 1, nil),
            ("-1", BigInt(-1), nil),
            ("-n", BigInt(0) - Self.n, nil),
        ]
        for testCase in cases {
            if let decrypted = testCase.decrypted {
                let ciphertext = try Self.publicKey.encrypt(testCase.plaintext, using: &source)
                #expect(try Self.privateKey.decrypt(ciphertext) == decrypted, "\(testCase.name)")
            } else {
                #expect(throws: PaillierError.plaintextOutOfRange, "\(testCase.name)") {
                    try Self.publicKey.encrypt(testCase.plaintext, using: &source)
                }
            }
        }
    }

    @Test("negative values use the signed encoding")
    func negativeValues() throws {
        var source = SeededRandom(seed: 72)
        let encoding = PaillierSignedEncoding(publicKey: Self.publicKey)
        let window = encoding.window
        let cases: [(name: String, value: BigInt)] = [
            ("-1", BigInt(-1)), ("-window", BigInt(0) - window), ("window", window), ("0", BigInt(0)),
        ]
        for testCase in cases {
            let ciphertext = try encoding.encrypt(testCase.value, using: &source)
            #expect(try encoding.decode(Self.privateKey.decrypt(ciphertext)) == testCase.value, "\(testCase.name)")
        }
        #expect(try encoding.encode(BigInt(-1)) == Self.n - 1)
        #expect(throws: PaillierError.valueOutsideWindow(windowBitWidth: window.bitWidth)) {
            try encoding.encode(window + 1)
        }
        #expect(throws: PaillierError.valueOutsideWindow(windowBitWidth: window.bitWidth)) {
            try encoding.encode(BigInt(0) - window - 1)
        }
        #expect(throws: PaillierError.overflow) { try encoding.decode(window + 1) }
        #expect(throws: PaillierError.overflow) { try encoding.decode(Self.n - window - 1) }
    }

    @Test("ciphertexts at the group edges")
    func ciphertextEdges() throws {
        let nSquared = Self.publicKey.modulusSquared
        let p = try BigInt(hex: "e16273cdd6a19e4f8ca4c608ef605abf")
        let rejected: [(name: String, value: BigInt, error: PaillierError)] = [
            ("0", BigInt(0), .ciphertextOutOfRange),
            ("-1", BigInt(-1), .ciphertextOutOfRange),
            ("n", Self.n, .ciphertextNotUnit),
            ("p", p, .ciphertextNotUnit),
            ("n²", nSquared, .ciphertextOutOfRange),
            ("n² + 1", nSquared + 1, .ciphertextOutOfRange),
        ]
        for testCase in rejected {
            #expect(throws: testCase.error, "\(testCase.name)") { try Self.publicKey.ciphertext(testCase.value) }
        }
        // 1 = g^0 · 1^n is the encryption of 0 with r = 1, and n² − 1 ≡ −1 = g^0 · (−1)^n decrypts to 0 as well.
        #expect(try Self.privateKey.decrypt(Self.publicKey.ciphertext(BigInt(1))) == BigInt(0))
        #expect(try Self.privateKey.decrypt(Self.publicKey.ciphertext(nSquared - 1)) == BigInt(0))
        // 1 + n = g is the encryption of 1.
        #expect(try Self.privateKey.decrypt(Self.publicKey.ciphertext(Self.n + 1)) == BigInt(1))
    }

    @Test("wire ciphertexts at the group edges")
    func wireCiphertextEdges() throws {
        let length = Self.publicKey.ciphertextByteCount
        let header: [UInt8] = [0x50, 0x03, 0x01] + Self.publicKey.id.bytes
        let zero = header + [UInt8](repeating: 0, count: length)
        let modulus = header + (try Self.n.bigEndianBytes(count: length))
        let allOnes = header + [UInt8](repeating: 0xFF, count: length)
        #expect(throws: PaillierError.ciphertextOutOfRange) { try Self.publicKey.ciphertext(wireEncoding: zero) }
        #expect(throws: PaillierError.ciphertextNotUnit) { try Self.publicKey.ciphertext(wireEncoding: modulus) }
        #expect(throws: PaillierError.ciphertextOutOfRange) { try Self.publicKey.ciphertext(wireEncoding: allOnes) }
    }

    @Test("mixed exponents are rejected")
    func mixedExponents() throws {
        var source = SeededRandom(seed: 73)
        let encoding = PaillierSignedEncoding(publicKey: Self.publicKey)
        let context = try PaillierFixedPointContext(encoding: encoding, exponent: -8)
        let other = try PaillierFixedPointContext(encoding: encoding, exponent: -4)
        let lhs = try context.encrypt(1.5, using: &source)
        let rhs = try other.encrypt(2.25, using: &source)
        #expect(throws: PaillierError.exponentMismatch(expected: -8, actual: -4)) { try context.add(lhs, rhs) }
        #expect(throws: PaillierError.exponentMismatch(expected: -4, actual: -8)) { try other.add(rhs, lhs) }
        #expect(try context.decrypt(context.add(lhs, lhs), with: Self.privateKey) == 3.0)
        #expect(throws: PaillierError.exponentOutOfRange(exponent: 256, minimum: -256, maximum: 255)) {
            try PaillierFixedPointContext(encoding: encoding, exponent: 256)
        }
    }
}
