import SecAggBigInt
import SecAggPrimitives
import Testing

@Suite("BigInt modular arithmetic")
struct ModularTests {
    /// Draws an odd modulus of exactly `bitWidth` bits.
    private static func randomOddModulus(bitWidth: Int, using source: inout SeededRandom) -> BigInt {
        let value = BigInt.random(bitWidth: bitWidth - 1, using: &source)
        return (BigInt(1) << (bitWidth - 1)) + ((value >> 1) << 1) + 1
    }

    @Test("Power matches known values")
    func powerMatchesKnownValues() throws {
        let mersenne127 = (BigInt(1) << 127) - 1
        let exponent = try BigInt(decimal: "100000000000000000000")
        #expect(
            try BigInt(3).power(exponent, modulus: mersenne127)
                == (try BigInt(decimal: "12025050231696925086731743046088503371")))
        #expect(try BigInt(4).power(13, modulus: 497) == 445)
        #expect(try BigInt(5).power(0, modulus: 7) == 1)
        #expect(try BigInt(5).power(3, modulus: 1) == 0)
        #expect(try BigInt(-2).power(3, modulus: 7) == 6)
    }

    @Test("Power with negative exponent")
    func powerWithNegativeExponent() throws {
        let inverseOfThree = try BigInt(3).power(-1, modulus: 7)
        #expect(inverseOfThree == 5)
        #expect(try BigInt(3).power(-2, modulus: 7) == (inverseOfThree * inverseOfThree).modulo(7))
    }

    @Test("Secret power equals power", arguments: [64, 127, 256, 512, 1024])
    func secretPowerEqualsPower(modulusBitWidth: Int) throws {
        var source = SeededRandom(seed: UInt64(modulusBitWidth))
        for _ in 0..<20 {
            let modulus = Self.randomOddModulus(bitWidth: modulusBitWidth, using: &source)
            // Bases above the modulus and negative bases are reduced by both functions.
            let base = BigInt.random(bitWidth: modulusBitWidth + 70, using: &source) - (BigInt(1) << modulusBitWidth)
            let exponentBitWidth = Int.random(in: 1...(2 * modulusBitWidth), using: &source)
            let exponent = BigInt.random(bitWidth: exponentBitWidth, using: &source) + 1
            let expected = try base.power(exponent, modulus: modulus)
            #expect(try base.secretPower(exponent, modulus: modulus) == expected)
        }
    }

    @Test("Secret power edge operands")
    func secretPowerEdgeOperands() throws {
        let modulus: BigInt = 1_000_003
        #expect(try BigInt(0).secretPower(5, modulus: modulus) == 0)
        #expect(try BigInt(7).secretPower(1, modulus: modulus) == 7)
        #expect(try BigInt(-7).secretPower(1, modulus: modulus) == modulus - 7)
        #expect(try BigInt(-7).secretPower(2, modulus: modulus) == 49)
        #expect(try modulus.secretPower(3, modulus: modulus) == 0)
        #expect(try BigInt(12345).secretPower(3, modulus: 1) == 0)
        #expect(try BigInt(2).secretPower(10, modulus: 3) == 1)
    }

    @Test("Fermat holds for Mersenne primes")
    func fermatHoldsForMersennePrimes() throws {
        for exponent in [127, 521] {
            let prime = (BigInt(1) << exponent) - 1
            #expect(try BigInt(3).secretPower(prime - 1, modulus: prime) == 1)
            #expect(try BigInt(3).power(prime - 1, modulus: prime) == 1)
        }
    }

    @Test("Inverse multiplies to one")
    func inverseMultipliesToOne() throws {
        var source = SeededRandom(seed: 20)
        let prime = (BigInt(1) << 521) - 1
        for _ in 0..<50 {
            let value = try BigInt.random(below: prime - 1, using: &source) + 1
            let inverse = try value.inverse(modulo: prime)
            #expect(try (value * inverse).modulo(prime) == 1)
            #expect(inverse.signum() >= 0)
            #expect(inverse < prime)
        }
    }

    @Test("Secret inverse equals inverse")
    func secretInverseEqualsInverse() throws {
        var source = SeededRandom(seed: 21)
        for bitWidth in [64, 256, 1024, 2048] {
            for _ in 0..<10 {
                let modulus = Self.randomOddModulus(bitWidth: bitWidth, using: &source)
                // Values twice as wide as the modulus, of either sign, exercise the constant-time reduction.
                var value = BigInt.random(bitWidth: 2 * bitWidth, using: &source)
                if source.next() & 1 == 1 { value = -value }
                guard value.gcd(modulus) == 1 else { continue }
                let expected = try value.inverse(modulo: modulus)
                #expect(try value.secretInverse(modulo: modulus) == expected)
                #expect(try (value * expected).modulo(modulus) == 1)
            }
        }
    }

    @Test("Inverse of small values")
    func inverseOfSmallValues() throws {
        #expect(try BigInt(3).inverse(modulo: 7) == 5)
        #expect(try BigInt(-3).inverse(modulo: 7) == 2)
        #expect(try BigInt(10).inverse(modulo: 7) == 5)
        #expect(try BigInt(3).inverse(modulo: 1) == 0)
        #expect(try BigInt(3).secretInverse(modulo: 7) == 5)
        #expect(try BigInt(-3).secretInverse(modulo: 7) == 2)
        #expect(try BigInt(3).secretInverse(modulo: 1) == 0)
    }

    @Test("Modular product is reduced")
    func modularProductIsReduced() throws {
        var source = SeededRandom(seed: 22)
        for _ in 0..<100 {
            let modulus = BigInt.random(bitWidth: 200, using: &source) + 1
            let a = BigInt.random(bitWidth: 300, using: &source) - (BigInt(1) << 299)
            let b = BigInt.random(bitWidth: 250, using: &source)
            let product = try a.multiplied(by: b, modulo: modulus)
            #expect(product == (try (a * b).modulo(modulus)))
            #expect(product.signum() >= 0)
            #expect(product < modulus)
        }
    }
}
