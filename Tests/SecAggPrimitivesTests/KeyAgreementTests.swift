import CSodium
import SecAggPrimitives
import Testing

@Suite("X25519")
struct X25519Tests {
    static let smallOrderPoints: [String] = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ]

    @Test("agreement is symmetric")
    func agreementSymmetric() throws {
        var source = SeededRandom(seed: 1)
        let alice = X25519.PrivateKey(using: &source)
        let bob = X25519.PrivateKey(using: &source)
        let fromAlice = try alice.sharedSecret(with: bob.publicKey)
            .derivedSymmetricKey(salt: [], label: "test", context: [])
        let fromBob = try bob.sharedSecret(with: alice.publicKey)
            .derivedSymmetricKey(salt: [], label: "test", context: [])
        #expect(fromAlice == fromBob)
    }

    @Test("small-order public keys are rejected", arguments: smallOrderPoints)
    func smallOrderRejected(hex: String) throws {
        let encoding = try Hex.decode(hex)
        #expect(throws: PrimitiveError.lowOrderPublicKey) {
            _ = try X25519.PublicKey(rawRepresentation: encoding)
        }
    }

    @Test("small-order keys with bit 255 set are rejected", arguments: smallOrderPoints)
    func smallOrderHighBitRejected(hex: String) throws {
        var encoding = try Hex.decode(hex)
        encoding[31] |= 0x80
        #expect(throws: PrimitiveError.lowOrderPublicKey) {
            _ = try X25519.PublicKey(rawRepresentation: encoding)
        }
    }

    @Test("small-order list really has small order", arguments: smallOrderPoints)
    func smallOrderListIsCorrect(hex: String) throws {
        // A clamped scalar is a multiple of 8, so multiplying a point of order dividing 8 gives the identity,
        // which libsodium reports as failure. This checks the constants rather than trusting them.
        var source = SeededRandom(seed: 3)
        let scalar = source.bytes(count: 32)
        let encoding = try Hex.decode(hex)
        var output = [UInt8](repeating: 0, count: 32)
        let status = crypto_scalarmult(&output, scalar, encoding)
        #expect(status != 0 || output == [UInt8](repeating: 0, count: 32))
    }

    @Test("public key of wrong length is rejected")
    func publicKeyLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "X25519 public key", expected: 32, actual: 33)) {
            _ = try X25519.PublicKey(rawRepresentation: [UInt8](repeating: 9, count: 33))
        }
    }

    @Test("private key of wrong length is rejected")
    func privateKeyLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "X25519 private key", expected: 32, actual: 16)) {
            _ = try X25519.PrivateKey(rawRepresentation: [UInt8](repeating: 9, count: 16))
        }
    }

    @Test("private key description hides the secret")
    func privateKeyDescription() throws {
        let key = try X25519.PrivateKey(rawRepresentation: [UInt8](repeating: 0xab, count: 32))
        #expect(!key.description.contains("abababab"))
        #expect(key.description.contains(Hex.encode(key.publicKey.rawRepresentation)))
    }

    @Test("derived keys differ by label and context")
    func derivationSeparates() throws {
        var source = SeededRandom(seed: 2)
        let alice = X25519.PrivateKey(using: &source)
        let bob = X25519.PrivateKey(using: &source)
        let shared = try alice.sharedSecret(with: bob.publicKey)
        let first = try shared.derivedSymmetricKey(salt: [], label: "a", context: [[1]])
        let otherLabel = try shared.derivedSymmetricKey(salt: [], label: "b", context: [[1]])
        let otherContext = try shared.derivedSymmetricKey(salt: [], label: "a", context: [[2]])
        let otherSalt = try shared.derivedSymmetricKey(salt: [1], label: "a", context: [[1]])
        #expect(first != otherLabel)
        #expect(first != otherContext)
        #expect(first != otherSalt)
    }
}

@Suite("KeyDerivation")
struct KeyDerivationTests {
    @Test("info encoding is length-prefixed")
    func infoEncoding() {
        let info = KeyDerivation.info(label: "ab", context: [[0xff], []])
        let expected = Array("secagg/v1".utf8) + [0, 0, 0, 2, 0x61, 0x62] + [0, 0, 0, 1, 0xff] + [0, 0, 0, 0]
        #expect(info == expected)
    }

    @Test("moving a field boundary changes info")
    func boundariesMatter() {
        let split = KeyDerivation.info(label: "x", context: [[1, 2], [3]])
        let moved = KeyDerivation.info(label: "x", context: [[1], [2, 3]])
        #expect(split != moved)
    }

    @Test("derivation equals HKDF-SHA-256 with that info")
    func derivationIsHKDF() throws {
        let secret = [UInt8](repeating: 7, count: 32)
        let derived = try KeyDerivation.deriveKey(
            from: secret, salt: [9], label: "l", context: [[1]], outputByteCount: 40)
        let direct = try HKDFSHA256.deriveKey(
            inputKeyMaterial: secret, salt: [9] as [UInt8], info: KeyDerivation.info(label: "l", context: [[1]]),
            outputByteCount: 40)
        #expect(derived == direct)
        #expect(derived.count == 40)
    }
}

@Suite("HKDF, HMAC and BLAKE2b")
struct HashTests {
    @Test("HKDF output over 8160 bytes is rejected")
    func hkdfTooLong() {
        #expect(
            throws: PrimitiveError.lengthOutOfRange(role: "HKDF output", minimum: 0, maximum: 8160, actual: 8161)
        ) {
            _ = try HKDFSHA256.expand(
                pseudorandomKey: [UInt8](repeating: 1, count: 32), info: [UInt8](), outputByteCount: 8161)
        }
    }

    @Test("HKDF longest output works")
    func hkdfLongest() throws {
        let okm = try HKDFSHA256.expand(
            pseudorandomKey: [UInt8](repeating: 1, count: 32), info: [UInt8](), outputByteCount: 8160)
        #expect(okm.count == 8160)
    }

    @Test("HKDF short pseudorandom key is rejected")
    func hkdfShortKey() {
        #expect(throws: PrimitiveError.self) {
            _ = try HKDFSHA256.expand(
                pseudorandomKey: [UInt8](repeating: 1, count: 16), info: [UInt8](), outputByteCount: 32)
        }
    }

    @Test("HMAC verification accepts and rejects")
    func hmacVerification() {
        let key = [UInt8](repeating: 3, count: 40)
        let tag = HMACSHA256.authenticationCode(for: [1, 2, 3] as [UInt8], key: key)
        #expect(HMACSHA256.isValidAuthenticationCode(tag, for: [1, 2, 3] as [UInt8], key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(tag, for: [1, 2, 4] as [UInt8], key: key))
    }

    @Test("BLAKE2b digest lengths are checked", arguments: [0, 15, 65])
    func blake2bDigestLength(length: Int) {
        #expect(
            throws: PrimitiveError.lengthOutOfRange(role: "BLAKE2b digest", minimum: 16, maximum: 64, actual: length)
        ) {
            _ = try BLAKE2b.hash([1] as [UInt8], digestByteCount: length)
        }
    }

    @Test("BLAKE2b key lengths are checked", arguments: [1, 15, 65])
    func blake2bKeyLength(length: Int) {
        #expect(throws: PrimitiveError.lengthOutOfRange(role: "BLAKE2b key", minimum: 16, maximum: 64, actual: length))
        {
            _ = try BLAKE2b.hash([1] as [UInt8], key: [UInt8](repeating: 0, count: length))
        }
    }

    @Test("incremental SHA-256 equals one-shot")
    func incrementalSHA256() {
        var hasher = SHA256()
        hasher.update([1, 2] as [UInt8])
        hasher.update([3] as [UInt8])
        #expect(hasher.finalize() == SHA256.hash([1, 2, 3] as [UInt8]))
    }
}

@Suite("Hex")
struct HexTests {
    @Test("round trip")
    func roundTrip() throws {
        let bytes: [UInt8] = [0x00, 0x0f, 0xf0, 0xff]
        #expect(Hex.encode(bytes) == "000ff0ff")
        #expect(try Hex.decode("000FF0ff") == bytes)
        #expect(try Hex.decode("") == [])
    }

    @Test("odd digit count is rejected")
    func oddLength() {
        #expect(throws: PrimitiveError.invalidHex(reason: "odd number of digits (3)", position: 3)) {
            _ = try Hex.decode("abc")
        }
    }

    @Test("bad digit position is named")
    func badDigit() {
        #expect(throws: PrimitiveError.invalidHex(reason: "not a hexadecimal digit", position: 3)) {
            _ = try Hex.decode("abcg")
        }
    }

    @Test("non-ASCII input is rejected")
    func nonASCII() {
        #expect(throws: PrimitiveError.self) {
            _ = try Hex.decode("é0")
        }
    }
}
