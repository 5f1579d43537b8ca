import SecAggPrimitives
import Testing

@testable import SecAggBigInt

@Suite("Prime candidate sieve")
struct SieveTests {
    /// Checks by trial division whether `value` has an odd divisor `d` with `3 <= d < limit`.
    private static func hasOddDivisor(_ value: UInt64, below limit: UInt64) -> Bool {
        var divisor: UInt64 = 3
        while divisor < limit && divisor < value {
            if value % divisor == 0 { return true }
            divisor += 2
        }
        return false
    }

    private static func checkWindow(bitWidth: Int, forSafePrime: Bool, seed: UInt64) throws {
        var source = SeededRandom(seed: seed)
        // An odd start with exactly `bitWidth` bits and the two top bits set, as the prime search draws it.
        let start =
            (BigInt(3) << (bitWidth - 2)) + ((BigInt.random(bitWidth: bitWidth - 3, using: &source) >> 1) << 1) + 1
        let length = 300
        let isComposite = BigInt.sieveWindow(
            start: start, length: length, bitWidth: bitWidth, forSafePrime: forSafePrime)
        // The sieve uses odd primes below 2^16 and below the smallest candidate, 3 * 2^(bitWidth - 2).
        let limit = Swift.min(UInt64(1) << 16, UInt64(3) << UInt64(bitWidth - 2))
        let first = try #require(UInt64(exactly: start))
        for offset in 0..<length {
            let candidate = first + 2 * UInt64(offset)
            var expected = hasOddDivisor(candidate, below: limit)
            if forSafePrime {
                expected = expected || hasOddDivisor(2 * candidate + 1, below: limit)
            }
            #expect(isComposite[offset] == expected, "offset \(offset), candidate \(candidate)")
        }
    }

    @Test("Sieve strikes exactly small factors", arguments: [10, 16, 40])
    func sieveStrikesExactlySmallFactors(bitWidth: Int) throws {
        try Self.checkWindow(bitWidth: bitWidth, forSafePrime: false, seed: UInt64(bitWidth))
    }

    @Test("Safe sieve checks both numbers", arguments: [10, 16, 40])
    func safeSieveChecksBothNumbers(bitWidth: Int) throws {
        try Self.checkWindow(bitWidth: bitWidth, forSafePrime: true, seed: UInt64(100 + bitWidth))
    }
}
