import SecAggBigInt
import SecAggPrimitives
import Testing

@Suite("BigInt conversions")
struct ConversionTests {
    @Test("Machine integers round trip", arguments: [0, 1, -1, 42, -42, Int.max, Int.min, Int.max - 1, Int.min + 1])
    func machineIntegersRoundTrip(value: Int) {
        let converted = BigInt(value)
        #expect(Int(exactly: converted) == value)
        #expect(converted.description == String(value))
    }

    @Test("UInt64 round trips")
    func uint64RoundTrips() {
        for value: UInt64 in [0, 1, UInt64(Int.max), UInt64(Int.max) + 1, .max] {
            let converted = BigInt(value)
            #expect(UInt64(exactly: converted) == value)
            #expect(converted.description == String(value))
        }
    }

    @Test("Exact conversions reject overflow")
    func exactConversionsRejectOverflow() {
        #expect(Int(exactly: BigInt(Int.max) + 1) == nil)
        #expect(Int(exactly: BigInt(Int.min) - 1) == nil)
        #expect(Int(exactly: BigInt(1) << 64) == nil)
        #expect(UInt64(exactly: BigInt(-1)) == nil)
        #expect(UInt64(exactly: BigInt(1) << 64) == nil)
        #expect(UInt64(exactly: (BigInt(1) << 64) - 1) == .max)
    }

    @Test("Hex round trips", arguments: ["0", "1", "-1", "ff", "-deadbeef", "7fffffffffffffffffffffffffffffff"])
    func hexRoundTrips(text: String) throws {
        #expect(try BigInt(hex: text).hexString == text)
    }

    @Test("Hex normalizes case and zeros")
    func hexNormalizesCaseAndZeros() throws {
        #expect(try BigInt(hex: "DEADbeef").hexString == "deadbeef")
        #expect(try BigInt(hex: "000ff") == 255)
        #expect(try BigInt(hex: "-000ff") == -255)
        #expect(try BigInt(hex: "0000").hexString == "0")
        #expect(try BigInt(hex: "-0") == 0)
        #expect(try BigInt(hex: "-0").hexString == "0")
    }

    @Test(
        "Decimal round trips",
        arguments: ["0", "7", "-7", "170141183460469231731687303715884105727", "-1000000000000000000000"])
    func decimalRoundTrips(text: String) throws {
        let value = try BigInt(decimal: text)
        #expect(value.description == text)
        #expect(String(describing: value) == text)
    }

    @Test("Decimal drops leading zeros")
    func decimalDropsLeadingZeros() throws {
        #expect(try BigInt(decimal: "000123") == 123)
        #expect(try BigInt(decimal: "-000123").description == "-123")
    }

    @Test("Mersenne 521 text forms")
    func mersenne521TextForms() throws {
        let prime = (BigInt(1) << 521) - 1
        #expect(prime.hexString == "1" + String(repeating: "f", count: 130))
        let decimal =
            "6864797660130609714981900799081393217269435300143305409394463459185543183397656052122559640661454554977296"
            + "311391480858037121987999716643812574028291115057151"
        #expect(prime.description == decimal)
        #expect(try BigInt(decimal: decimal) == prime)
    }

    @Test("Random values round trip")
    func randomValuesRoundTrip() throws {
        var source = SeededRandom(seed: 30)
        for bitWidth in [1, 7, 8, 9, 63, 64, 65, 127, 128, 1000, 4096] {
            for negative in [false, true] {
                let magnitude = BigInt.random(bitWidth: bitWidth, using: &source)
                let value = negative ? -magnitude : magnitude
                #expect(try BigInt(hex: value.hexString) == value)
                #expect(try BigInt(decimal: value.description) == value)
                #expect(BigInt(bigEndianBytes: value.bigEndianBytes()) == magnitude)
            }
        }
    }

    @Test("Big-endian bytes round trip")
    func bigEndianBytesRoundTrip() throws {
        let bytes: [UInt8] = [0x00, 0x00, 0x01, 0x00]
        let value = BigInt(bigEndianBytes: bytes)
        #expect(value == 256)
        #expect(value.bigEndianBytes() == [0x01, 0x00])
        #expect(try value.bigEndianBytes(count: 4) == bytes)
        #expect(try value.bigEndianBytes(count: 2) == [0x01, 0x00])
    }

    @Test("Zero has empty encoding")
    func zeroHasEmptyEncoding() throws {
        #expect(BigInt(bigEndianBytes: [UInt8]()) == 0)
        #expect(BigInt(0).bigEndianBytes() == [])
        #expect(try BigInt(0).bigEndianBytes(count: 0) == [])
        #expect(try BigInt(0).bigEndianBytes(count: 3) == [0, 0, 0])
    }

    @Test("Negative value drops sign")
    func negativeValueDropsSign() {
        #expect(BigInt(-258).bigEndianBytes() == [0x01, 0x02])
    }

    @Test("Secure bytes match plain bytes")
    func secureBytesMatchPlainBytes() throws {
        let value = try BigInt(hex: "0102030405060708090a0b0c0d0e0f10")
        let secure = try value.secureBigEndianBytes(count: 20)
        #expect(secure.unprotectedCopy() == (try value.bigEndianBytes(count: 20)))
        #expect(BigInt(bigEndianBytes: secure) == value)
    }

    @Test("Bytes from array slice")
    func bytesFromArraySlice() {
        let bytes: [UInt8] = [0xff, 0x12, 0x34, 0xff]
        #expect(BigInt(bigEndianBytes: bytes[1..<3]) == 0x1234)
    }
}
