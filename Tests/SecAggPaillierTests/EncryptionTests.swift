import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

@Suite("Paillier ciphertext validation")
struct CiphertextValidationTests {
    static let key = TestKeys.small.publicKey

    @Test("Zero ciphertext is rejected")
    func zeroCiphertextIsRejected() {
        #expect(throws: PaillierError.ciphertextOutOfRange) { try Self.key.ciphertext(0) }
    }

    @Test("Negative ciphertext is rejected")
    func negativeCiphertextIsRejected() {
        #expect(throws: PaillierError.ciphertextOutOfRange) { try Self.key.ciphertext(-5) }
    }

    @Test("n squared and above are rejected")
    func nSquaredAndAboveAreRejected() {
        #expect(throws: PaillierError.ciphertextOutOfRange) { try Self.key.ciphertext(Self.key.modulusSquared) }
        #expect(throws: PaillierError.ciphertextOutOfRange) { try Self.key.ciphertext(Self.key.modulusSquared + 1) }
    }

    @Test("Non-units are rejected")
    func nonUnitsAreRejected() {
        #expect(throws: PaillierError.ciphertextNotUnit) { try Self.key.ciphertext(Self.key.modulus) }
        #expect(throws: PaillierError.ciphertextNotUnit) { try Self.key.ciphertext(TestKeys.smallP * 7) }
        #expect(throws: PaillierError.ciphertextNotUnit) { try Self.key.ciphertext(TestKeys.smallQ) }
    }

    @Test("One is accepted as zero")
    func oneIsAcceptedAsEncryptionOfZero() throws {
        let ciphertext = try Self.key.ciphertext(1)
        #expect(try TestKeys.small.decrypt(ciphertext) == 0)
    }

    @Test("Largest unit is accepted")
    func largestUnitIsAccepted() throws {
        let ciphertext = try Self.key.ciphertext(Self.key.modulusSquared - 1)
        #expect(ciphertext.value == Self.key.modulusSquared - 1)
    }

    @Test("Ciphertexts of another key are rejected")
    func ciphertextsOfAnotherKeyAreRejected() throws {
        var source = SeededRandom(seed: 10)
        let own = try Self.key.encrypt(1, using: &source)
        let foreign = try TestKeys.safe.publicKey.encrypt(1, using: &source)
        #expect(throws: PaillierError.keyMismatch(expected: Self.key.id.description, actual: foreign.keyID.description))
        {
            try Self.key.add(own, foreign)
        }
        #expect(throws: PaillierError.self) { try TestKeys.small.decrypt(foreign) }
    }

    @Test("Wire decoding validates ciphertext")
    func wireDecodingValidatesCiphertext() throws {
        var source = SeededRandom(seed: 11)
        let ciphertext = try Self.key.encrypt(5, using: &source)
        var bytes = ciphertext.wireEncoding(publicKey: Self.key)
        #expect(try Self.key.ciphertext(wireEncoding: bytes) == ciphertext)
        // Overwrite c with n, which is not a unit.
        let modulusBytes = try Self.key.modulus.bigEndianBytes(count: Self.key.ciphertextByteCount)
        bytes.replaceSubrange(19..., with: modulusBytes)
        #expect(throws: PaillierError.ciphertextNotUnit) { try Self.key.ciphertext(wireEncoding: bytes) }
    }
}

@Suite("Paillier encryption")
struct EncryptionTests {
    static let key = TestKeys.small

    @Test("Raw plaintexts round trip", arguments: [0, 1, 2, 1 << 40])
    func rawPlaintextsRoundTrip(value: Int) throws {
        var source = SeededRandom(seed: UInt64(value) + 20)
        let ciphertext = try Self.key.publicKey.encrypt(BigInt(value), using: &source)
        #expect(try Self.key.decrypt(ciphertext) == BigInt(value))
    }

    @Test("Largest plaintext round trips")
    func largestPlaintextRoundTrips() throws {
        var source = SeededRandom(seed: 21)
        let largest = Self.key.publicKey.modulus - 1
        #expect(try Self.key.decrypt(Self.key.publicKey.encrypt(largest, using: &source)) == largest)
    }

    @Test("Out-of-range plaintexts are rejected")
    func outOfRangePlaintextsAreRejected() {
        var source = SeededRandom(seed: 22)
        #expect(throws: PaillierError.plaintextOutOfRange) { try Self.key.publicKey.encrypt(-1, using: &source) }
        #expect(throws: PaillierError.plaintextOutOfRange) {
            try Self.key.publicKey.encrypt(Self.key.publicKey.modulus, using: &source)
        }
    }

    @Test("Invalid randomness is rejected")
    func invalidRandomnessIsRejected() {
        let publicKey = Self.key.publicKey
        #expect(throws: PaillierError.self) { try publicKey.encrypt(1, r: 0) }
        #expect(throws: PaillierError.self) { try publicKey.encrypt(1, r: publicKey.modulus) }
        #expect(throws: PaillierError.self) { try publicKey.encrypt(1, r: TestKeys.smallP) }
    }

    @Test("Encryption is randomized")
    func encryptionIsRandomized() throws {
        var source = SeededRandom(seed: 23)
        let first = try Self.key.publicKey.encrypt(7, using: &source)
        let second = try Self.key.publicKey.encrypt(7, using: &source)
        #expect(first != second)
    }

    @Test("Published key round trips")
    func publishedKeyRoundTrips() throws {
        var source = SeededRandom(seed: 24)
        let key = TestKeys.published
        let plaintext = BigInt.random(bitWidth: 2000, using: &source)
        #expect(try key.decrypt(key.publicKey.encrypt(plaintext, using: &source)) == plaintext)
    }

    @Test("Fast mode round trips")
    func fastModeRoundTrips() throws {
        var source = SeededRandom(seed: 25)
        let key = TestKeys.published
        let encryptor = try PaillierFastEncryptor(publicKey: key.publicKey, using: &source)
        #expect(encryptor.exponentBitWidth == 224)
        for value in [BigInt(0), 1, key.publicKey.modulus - 1] {
            #expect(try key.decrypt(encryptor.encrypt(value, using: &source)) == value)
        }
    }

    @Test("Fast-mode table matches plain power")
    func fastModeTableMatchesPlainPower() throws {
        var source = SeededRandom(seed: 26)
        let publicKey = TestKeys.published.publicKey
        let encryptor = try PaillierFastEncryptor(publicKey: publicKey, exponentBitWidth: 256, using: &source)
        for _ in 0..<5 {
            let exponent = BigInt.random(bitWidth: 256, using: &source) + 1
            let ciphertext = try publicKey.encrypt(0, randomizer: encryptor.randomizer(exponent: exponent))
            #expect(ciphertext.value == (try encryptor.base.power(exponent, modulus: publicKey.modulusSquared)))
        }
    }

    @Test("Fast mode rejects short exponents")
    func fastModeRejectsShortExponents() {
        var source = SeededRandom(seed: 27)
        #expect(throws: PaillierError.self) {
            try PaillierFastEncryptor(publicKey: TestKeys.published.publicKey, exponentBitWidth: 128, using: &source)
        }
        #expect(throws: PaillierError.self) {
            try PaillierFastEncryptor(publicKey: TestKeys.published.publicKey, x: TestKeys.publishedP)
        }
    }

    @Test("Precomputed factors encrypt correctly")
    func precomputedFactorsEncryptCorrectly() throws {
        var source = SeededRandom(seed: 28)
        let publicKey = Self.key.publicKey
        let factors = (0..<3).map { _ in publicKey.randomizer(using: &source) }
        for (index, factor) in factors.enumerated() {
            let ciphertext = try publicKey.encrypt(BigInt(index), randomizer: factor)
            #expect(try Self.key.decrypt(ciphertext) == BigInt(index))
        }
        #expect("\(factors[0])".contains("redacted"))
    }

    @Test("Factor of another key is rejected")
    func factorOfAnotherKeyIsRejected() {
        var source = SeededRandom(seed: 29)
        let factor = TestKeys.safe.publicKey.randomizer(using: &source)
        #expect(throws: PaillierError.self) { try Self.key.publicKey.encrypt(1, randomizer: factor) }
    }

    @Test("Rerandomization keeps plaintext")
    func rerandomizationKeepsPlaintext() throws {
        var source = SeededRandom(seed: 30)
        let ciphertext = try Self.key.publicKey.encrypt(77, using: &source)
        let rerandomized = try Self.key.publicKey.rerandomize(ciphertext, using: &source)
        #expect(rerandomized != ciphertext)
        #expect(try Self.key.decrypt(rerandomized) == 77)
    }
}

@Suite("Paillier homomorphic operations")
struct HomomorphicTests {
    static let key = TestKeys.small
    static let encoding = PaillierSignedEncoding(publicKey: key.publicKey)

    func encrypt(_ value: Int, seed: UInt64) throws -> PaillierCiphertext {
        var source = SeededRandom(seed: seed)
        return try Self.encoding.encrypt(BigInt(value), using: &source)
    }

    func decrypt(_ ciphertext: PaillierCiphertext) throws -> BigInt {
        try Self.encoding.decrypt(ciphertext, with: Self.key)
    }

    @Test("Addition adds plaintexts", arguments: [(5, 7), (-5, 3), (0, 0), (-100, -200)])
    func additionAddsPlaintexts(lhs: Int, rhs: Int) throws {
        let sum = try Self.key.publicKey.add(encrypt(lhs, seed: 40), encrypt(rhs, seed: 41))
        #expect(try decrypt(sum) == BigInt(lhs + rhs))
    }

    @Test("Plaintext addition adds value")
    func plaintextAdditionAddsValue() throws {
        let sum = try Self.key.publicKey.add(encrypt(10, seed: 42), plaintext: Self.encoding.encode(-25))
        #expect(try decrypt(sum) == -15)
    }

    @Test("Scalar multiplication scales", arguments: [3, -4, 0, 1])
    func scalarMultiplicationScales(scalar: Int) throws {
        let product = try Self.key.publicKey.multiply(encrypt(-12, seed: 43), by: BigInt(scalar))
        #expect(try decrypt(product) == BigInt(-12 * scalar))
    }

    @Test("Negation and subtraction")
    func negationAndSubtraction() throws {
        let publicKey = Self.key.publicKey
        #expect(try decrypt(publicKey.negate(encrypt(9, seed: 44))) == -9)
        #expect(try decrypt(publicKey.subtract(encrypt(9, seed: 45), encrypt(20, seed: 46))) == -11)
    }

    @Test("Negation twice is identity")
    func negationTwiceIsIdentity() throws {
        let ciphertext = try encrypt(31, seed: 47)
        let twice = try Self.key.publicKey.negate(Self.key.publicKey.negate(ciphertext))
        #expect(twice == ciphertext)
    }

    @Test("Multiplication distributes over addition")
    func multiplicationDistributesOverAddition() throws {
        let publicKey = Self.key.publicKey
        let a = try encrypt(6, seed: 48)
        let b = try encrypt(-8, seed: 49)
        let left = try publicKey.multiply(publicKey.add(a, b), by: 5)
        let right = try publicKey.add(publicKey.multiply(a, by: 5), publicKey.multiply(b, by: 5))
        #expect(left == right)
    }

    @Test("Adding one keeps plaintext")
    func addingOneKeepsPlaintext() throws {
        let ciphertext = try encrypt(13, seed: 50)
        let sum = try Self.key.publicKey.add(ciphertext, Self.key.publicKey.ciphertext(1))
        #expect(sum == ciphertext)
    }
}
