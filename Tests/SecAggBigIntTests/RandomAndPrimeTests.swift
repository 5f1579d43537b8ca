import SecAggBigInt
import SecAggPrimitives
import Testing

@Suite("BigInt randomness and primes")
struct RandomAndPrimeTests {
    @Test("Random bit width bounds values")
    func randomBitWidthBoundsValues() {
        var source = SeededRandom(seed: 50)
        for bitWidth in [0, 1, 2, 7, 8, 9, 64, 65, 1000] {
            var sawTopBit = false
            for _ in 0..<64 {
                let value = BigInt.random(bitWidth: bitWidth, using: &source)
                #expect(value.signum() >= 0)
                #expect(value.bitWidth <= bitWidth)
                sawTopBit = sawTopBit || value.bitWidth == bitWidth
            }
            // In 64 draws the top bit is clear every time with probability 2^-64.
            if bitWidth > 0 {
                #expect(sawTopBit)
            }
        }
    }

    @Test("Random below stays in range")
    func randomBelowStaysInRange() throws {
        var source = SeededRandom(seed: 51)
        let large = (BigInt(1) << 200) + 12345
        for upperBound in [BigInt(1), 2, 3, 1000, (BigInt(1) << 64) + 1, large] {
            for _ in 0..<200 {
                let value = try BigInt.random(below: upperBound, using: &source)
                #expect(value.signum() >= 0)
                #expect(value < upperBound)
            }
        }
    }

    @Test("Random below covers small range")
    func randomBelowCoversSmallRange() throws {
        var source = SeededRandom(seed: 52)
        var seen = Set<BigInt>()
        for _ in 0..<500 {
            seen.insert(try BigInt.random(below: 5, using: &source))
        }
        #expect(seen == [0, 1, 2, 3, 4])
    }

    @Test("Random in range stays inside")
    func randomInRangeStaysInside() throws {
        var source = SeededRandom(seed: 53)
        let lower = -(BigInt(1) << 100)
        let upper = BigInt(1) << 90
        for _ in 0..<200 {
            let value = try BigInt.random(in: lower..<upper, using: &source)
            #expect(value >= lower)
            #expect(value < upper)
            let closed = BigInt.random(in: BigInt(-3)...BigInt(3), using: &source)
            #expect(closed >= -3)
            #expect(closed <= 3)
        }
        #expect(BigInt.random(in: BigInt(7)...BigInt(7), using: &source) == 7)
    }

    @Test("Seeded draws are reproducible")
    func seededDrawsAreReproducible() {
        var first = SeededRandom(seed: 54)
        var second = SeededRandom(seed: 54)
        #expect(BigInt.random(bitWidth: 500, using: &first) == BigInt.random(bitWidth: 500, using: &second))
    }

    @Test("Known primes are accepted")
    func knownPrimesAreAccepted() {
        var source = SeededRandom(seed: 55)
        let primes: [BigInt] = [2, 3, 5, 65537, (BigInt(1) << 61) - 1, (BigInt(1) << 127) - 1, (BigInt(1) << 521) - 1]
        for prime in primes {
            #expect(prime.isProbablePrime(using: &source))
        }
    }

    @Test("Known composites are rejected")
    func knownCompositesAreRejected() throws {
        var source = SeededRandom(seed: 56)
        // Carmichael numbers fool the Fermat test for every coprime base. 2047 is a strong pseudoprime to base 2,
        // and 3825123056546413051 = 149491 * 747451 * 34233211 is one to every prime base up to 31 (checked with
        // Python), so Miller-Rabin with those fixed bases would accept it.
        let carmichael: [BigInt] = [561, 1105, 1729, 41041, 825265, 321197185]
        let strongPseudoprimes: [BigInt] = [2047, try BigInt(decimal: "3825123056546413051")]
        let others: [BigInt] = [
            -7, 0, 1, 4, 1_000_000, ((BigInt(1) << 127) - 1) * ((BigInt(1) << 89) - 1), (BigInt(1) << 521) + 1,
        ]
        for composite in carmichael + strongPseudoprimes + others {
            #expect(!composite.isProbablePrime(using: &source))
        }
    }

    @Test("Carmichael number passes Fermat")
    func carmichaelNumberPassesFermat() throws {
        // The test above would prove little if these were not Fermat pseudoprimes.
        #expect(try BigInt(2).power(560, modulus: 561) == 1)
        #expect(try BigInt(7).power(321197184, modulus: 321197185) == 1)
    }

    @Test("Random primes have exact width", arguments: [2, 3, 4, 5, 8, 16, 64, 128, 256, 512])
    func randomPrimesHaveExactWidth(bitWidth: Int) throws {
        var source = SeededRandom(seed: UInt64(100 + bitWidth))
        for _ in 0..<3 {
            let prime = try BigInt.randomPrime(bitWidth: bitWidth, using: &source)
            #expect(prime.bitWidth == bitWidth)
            #expect(prime.testBit(bitWidth - 2))
            #expect(prime.isProbablePrime(using: &source))
        }
    }

    @Test("Prime products double width")
    func primeProductsDoubleWidth() throws {
        var source = SeededRandom(seed: 60)
        for bitWidth in [32, 256, 512] {
            let p = try BigInt.randomPrime(bitWidth: bitWidth, using: &source)
            let q = try BigInt.randomPrime(bitWidth: bitWidth, using: &source)
            #expect((p * q).bitWidth == 2 * bitWidth)
        }
    }

    @Test("Safe primes have prime halves", arguments: [16, 17, 64, 128, 256])
    func safePrimesHavePrimeHalves(bitWidth: Int) throws {
        var source = SeededRandom(seed: UInt64(200 + bitWidth))
        for _ in 0..<2 {
            let prime = try BigInt.randomSafePrime(bitWidth: bitWidth, using: &source)
            let half = (prime - 1) >> 1
            #expect(prime.bitWidth == bitWidth)
            #expect(prime.testBit(bitWidth - 2))
            #expect(prime.isProbablePrime(using: &source))
            #expect(half.isProbablePrime(using: &source))
            #expect(half * 2 + 1 == prime)
        }
    }

    @Test("Prime generation is reproducible")
    func primeGenerationIsReproducible() throws {
        var first = SeededRandom(seed: 61)
        var second = SeededRandom(seed: 61)
        #expect(
            try BigInt.randomSafePrime(bitWidth: 96, using: &first)
                == BigInt.randomSafePrime(bitWidth: 96, using: &second))
    }
}
