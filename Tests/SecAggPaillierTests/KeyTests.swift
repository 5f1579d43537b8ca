import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

/// Returns the first odd integer above `start` for which `accept` holds.
func firstOdd(after start: BigInt, where accept: (BigInt) -> Bool) -> BigInt {
    var candidate = start.isOdd ? start + 2 : start + 1
    while !accept(candidate) { candidate += 2 }
    return candidate
}

func isPrime(_ value: BigInt) -> Bool {
    var source = SeededRandom(seed: 99)
    return value.isProbablePrime(using: &source)
}

@Suite("Paillier keys")
struct KeyTests {
    @Test("Production policy rejects small modulus")
    func productionPolicyRejectsSmallModulus() {
        #expect(throws: PaillierError.modulusSizeOutOfRange(bitWidth: 256, minimum: 2048, maximum: 16384)) {
            try PaillierPublicKey(modulus: TestKeys.small.publicKey.modulus)
        }
        #expect(throws: PaillierError.modulusSizeOutOfRange(bitWidth: 256, minimum: 2048, maximum: 16384)) {
            try PaillierPrivateKey(p: TestKeys.smallP, q: TestKeys.smallQ)
        }
    }

    @Test("Generation rejects small and odd sizes")
    func generationRejectsSmallAndOddSizes() {
        var source = SeededRandom(seed: 1)
        #expect(throws: PaillierError.modulusSizeOutOfRange(bitWidth: 1024, minimum: 2048, maximum: 16384)) {
            try PaillierPrivateKey.generate(bitWidth: 1024, using: &source)
        }
        #expect(throws: PaillierError.self) {
            try PaillierPrivateKey.generate(bitWidth: 255, policy: .unsafeTestKeys, using: &source)
        }
    }

    @Test("Generated test key is valid")
    func generatedTestKeyIsValid() throws {
        var source = SeededRandom(seed: 2)
        let key = try PaillierPrivateKey.generate(bitWidth: 256, policy: .unsafeTestKeys, using: &source)
        #expect(key.publicKey.bitWidth == 256)
        #expect(!key.hasSafePrimes)
        let reloaded = try PaillierPrivateKey(p: key.primes.p, q: key.primes.q, policy: .unsafeTestKeys)
        #expect(reloaded.publicKey == key.publicKey)
        let ciphertext = try key.publicKey.encrypt(99, using: &source)
        #expect(try key.decrypt(ciphertext) == 99)
    }

    @Test("Generated safe-prime key is flagged")
    func generatedSafePrimeKeyIsFlagged() throws {
        var source = SeededRandom(seed: 3)
        let key = try PaillierPrivateKey.generate(
            bitWidth: 128, safePrimes: true, policy: .unsafeTestKeys, using: &source)
        #expect(key.hasSafePrimes)
        #expect(isPrime(key.primes.p >> 1))
        #expect(isPrime(key.primes.q >> 1))
    }

    @Test("Fixed safe primes are flagged")
    func fixedSafePrimesAreFlagged() {
        #expect(TestKeys.safe.hasSafePrimes)
        #expect(!TestKeys.small.hasSafePrimes)
    }

    @Test("Even modulus is rejected")
    func evenModulusIsRejected() {
        #expect(throws: PaillierError.modulusEven) {
            try PaillierPublicKey(modulus: TestKeys.small.publicKey.modulus + 1, policy: .unsafeTestKeys)
        }
    }

    @Test("Small factor is rejected")
    func smallFactorIsRejected() {
        #expect(throws: PaillierError.modulusHasSmallFactor(factor: 3)) {
            try PaillierPublicKey(modulus: TestKeys.smallP * 3, policy: .unsafeTestKeys)
        }
    }

    @Test("Prime or square modulus is rejected")
    func primeOrSquareModulusIsRejected() {
        let prime = firstOdd(after: BigInt(1) << 200, where: isPrime)
        #expect(throws: PaillierError.modulusNotProductOfTwoPrimes) {
            try PaillierPublicKey(modulus: prime, policy: .unsafeTestKeys)
        }
        #expect(throws: PaillierError.modulusNotProductOfTwoPrimes) {
            try PaillierPublicKey(modulus: TestKeys.smallP * TestKeys.smallP, policy: .unsafeTestKeys)
        }
    }

    @Test("Equal primes are rejected")
    func equalPrimesAreRejected() {
        #expect(throws: PaillierError.primesEqual) {
            try PaillierPrivateKey(p: TestKeys.smallP, q: TestKeys.smallP, policy: .unsafeTestKeys)
        }
    }

    @Test("Composite factor is rejected")
    func compositeFactorIsRejected() {
        let composite = firstOdd(after: TestKeys.smallP + 1_000_000) { !isPrime($0) }
        #expect(throws: PaillierError.factorNotPrime(factor: "p")) {
            try PaillierPrivateKey(p: composite, q: TestKeys.smallQ, policy: .unsafeTestKeys)
        }
    }

    @Test("Unequal prime sizes are rejected")
    func unequalPrimeSizesAreRejected() {
        let larger = firstOdd(after: BigInt(3) << 135, where: isPrime)
        #expect(throws: PaillierError.primeSizesDiffer(firstBitWidth: 137, secondBitWidth: 128)) {
            try PaillierPrivateKey(p: larger, q: TestKeys.smallQ, policy: .unsafeTestKeys)
        }
    }

    @Test("Close primes are rejected")
    func closePrimesAreRejected() {
        let neighbour = firstOdd(after: TestKeys.smallP, where: isPrime)
        #expect(throws: PaillierError.primesTooClose(boundExponent: 64)) {
            try PaillierPrivateKey(p: TestKeys.smallP, q: neighbour, policy: .unsafeTestKeys)
        }
    }

    @Test("Primes must match public key")
    func primesMustMatchPublicKey() {
        #expect(throws: PaillierError.primesDoNotMatchModulus) {
            try PaillierPrivateKey(
                p: TestKeys.safeP, q: TestKeys.safeQ, publicKey: TestKeys.small.publicKey, policy: .unsafeTestKeys)
        }
    }

    @Test("Key descriptions hide secrets")
    func keyDescriptionsHideSecrets() {
        let key = TestKeys.small
        let text = "\(key) \(String(reflecting: key.description))"
        #expect(!text.contains(key.primes.p.description))
        #expect(!text.contains(key.primes.p.hexString))
        #expect(!text.contains(key.primes.q.hexString))
        #expect(text.contains("redacted"))
    }

    @Test("Key identifier depends on modulus")
    func keyIdentifierDependsOnModulus() {
        #expect(TestKeys.small.publicKey.id != TestKeys.safe.publicKey.id)
        #expect(TestKeys.small.publicKey.id.bytes.count == 16)
    }

    @Test("Security level follows modulus size")
    func securityLevelFollowsModulusSize() {
        #expect(TestKeys.published.publicKey.securityBitWidth == 112)
        #expect(TestKeys.small.publicKey.securityBitWidth == 112)
    }
}
