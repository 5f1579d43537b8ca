import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

/// Extreme caller-supplied counts and exponents: each call returns or throws, and none traps.
@Suite("Paillier caller input")
struct CallerInputTests {
    static let publicKey = TestKeys.published.publicKey

    @Test("ciphertext count is total")
    func ciphertextCountTotal() throws {
        let layout = PackingTests.layout()
        let slots = layout.slotsPerCiphertext
        #expect(layout.ciphertextCount(forValueCount: Int.max) == (Int.max - 1) / slots + 1)
        #expect(layout.ciphertextCount(forValueCount: Int.min) == 0)
        #expect(layout.ciphertextCount(forValueCount: -1) == 0)
        #expect(layout.ciphertextCount(forValueCount: 0) == 0)
        #expect(layout.ciphertextCount(forValueCount: 1) == 1)
        #expect(layout.ciphertextCount(forValueCount: slots) == 1)
        #expect(layout.ciphertextCount(forValueCount: slots + 1) == 2)
    }

    @Test("negative randomizer count is empty")
    func negativeRandomizerCount() throws {
        let encryptor = PackingTests.encryptor(PackingTests.layout())
        var source = SeededRandom(seed: 90)
        #expect(encryptor.randomizerCount(forValueCount: -200) == 0)
        #expect(encryptor.randomizers(forValueCount: -200, using: &source).isEmpty)
    }

    @Test("huge vector value count throws")
    func hugeVectorValueCount() throws {
        let layout = PackingTests.layout()
        #expect(throws: PaillierError.self) {
            _ = try PaillierEncryptedVector(
                publicKey: Self.publicKey, layout: layout, valueCount: Int.max, summandCount: 1, ciphertexts: [])
        }
    }

    @Test("fixed-point value with extreme exponent", arguments: [Int.max, 1 << 62, Int.min, -(1 << 62)])
    func extremeExponent(exponent: Int) {
        let value = PaillierFixedPointContext.value(mantissa: BigInt(1), exponent: exponent)
        #expect(value == (exponent > 0 ? Double.infinity : 0))
        #expect(PaillierFixedPointContext.value(mantissa: BigInt(0), exponent: exponent) == 0)
    }

    @Test("JSON number exponent out of range", arguments: ["9223372036854775807", "-9223372036854775808", "256"])
    func jsonExponentOutOfRange(exponent: String) throws {
        let json = #"{"v":"1","e":"# + exponent + "}"
        #expect {
            _ = try PythonPaillierJSON.encryptedNumber(json: json, publicKey: Self.publicKey)
        } throws: { error in
            guard case PaillierError.exponentOutOfRange(_, let minimum, let maximum) = error else { return false }
            return minimum == -256 && maximum == 255
        }
    }

    @Test("JSON number exponent in range")
    func jsonExponentInRange() throws {
        let number = try PythonPaillierJSON.encryptedNumber(json: #"{"v":"1","e":-8}"#, publicKey: Self.publicKey)
        #expect(number.exponent == -8)
    }
}
