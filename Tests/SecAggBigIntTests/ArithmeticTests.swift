import SecAggBigInt
import SecAggPrimitives
import Testing

/// Reference values in these tests were computed with Python 3's built-in integers.
@Suite("BigInt arithmetic")
struct ArithmeticTests {
    /// Operands for comparisons with `Int`, small enough that products of two stay inside `Int`.
    private static func randomOperands(seed: UInt64, count: Int) -> [(Int, Int)] {
        var source = SeededRandom(seed: seed)
        let bound = 1 << 31
        return (0..<count).map { _ in
            (Int.random(in: -bound...bound, using: &source), Int.random(in: -bound...bound, using: &source))
        }
    }

    @Test("Addition and subtraction match Int")
    func additionAndSubtractionMatchInt() {
        for (a, b) in Self.randomOperands(seed: 1, count: 500) {
            #expect(BigInt(a) + BigInt(b) == BigInt(a + b))
            #expect(BigInt(a) - BigInt(b) == BigInt(a - b))
            #expect(-BigInt(a) == BigInt(-a))
        }
    }

    @Test("Multiplication matches Int")
    func multiplicationMatchesInt() {
        for (a, b) in Self.randomOperands(seed: 2, count: 500) {
            #expect(BigInt(a) * BigInt(b) == BigInt(a * b))
        }
    }

    @Test("Compound assignments match operators")
    func compoundAssignmentsMatchOperators() {
        for (a, b) in Self.randomOperands(seed: 3, count: 200) {
            var sum = BigInt(a)
            sum += BigInt(b)
            #expect(sum == BigInt(a + b))
            var difference = BigInt(a)
            difference -= BigInt(b)
            #expect(difference == BigInt(a - b))
            var product = BigInt(a)
            product *= BigInt(b)
            #expect(product == BigInt(a * b))
        }
    }

    @Test("Self assignment doubles value")
    func selfAssignmentDoublesValue() {
        var value = BigInt(21)
        value += value
        #expect(value == 42)
        value *= value
        #expect(value == 1764)
    }

    @Test("Truncated division matches Int")
    func truncatedDivisionMatchesInt() throws {
        for (a, b) in Self.randomOperands(seed: 4, count: 500) where b != 0 {
            let (quotient, remainder) = try BigInt(a).quotientAndRemainder(dividingBy: BigInt(b))
            let expected = a.quotientAndRemainder(dividingBy: b)
            #expect(quotient == BigInt(expected.quotient))
            #expect(remainder == BigInt(expected.remainder))
        }
    }

    @Test("Modulo is never negative")
    func moduloIsNeverNegative() throws {
        for (a, b) in Self.randomOperands(seed: 5, count: 500) where b != 0 {
            let residue = try BigInt(a).modulo(BigInt(b))
            let expected = ((a % b) + abs(b)) % abs(b)
            #expect(residue == BigInt(expected))
            #expect(residue.signum() >= 0)
        }
    }

    @Test("Exact quotient divides products")
    func exactQuotientDividesProducts() throws {
        for (a, b) in Self.randomOperands(seed: 6, count: 200) where b != 0 {
            #expect(try (BigInt(a) * BigInt(b)).exactQuotient(dividingBy: BigInt(b)) == BigInt(a))
        }
    }

    @Test("Shifts match Int shifts")
    func shiftsMatchIntShifts() {
        var source = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let value = Int.random(in: -(1 << 40)...(1 << 40), using: &source)
            let count = Int.random(in: 0...20, using: &source)
            #expect(BigInt(value) << count == BigInt(value << count))
            #expect(BigInt(value) >> count == BigInt(value >> count))
            #expect(BigInt(value) << -count == BigInt(value >> count))
            #expect(BigInt(value) >> -count == BigInt(value << count))
        }
    }

    @Test("Shift by huge negative count")
    func shiftByHugeNegativeCount() {
        #expect(BigInt(12345) >> Int.max == 0)
        #expect(BigInt(-12345) >> Int.max == -1)
        #expect(BigInt(12345) << Int.min == 0)
    }

    @Test("Compound shifts update in place")
    func compoundShiftsUpdateInPlace() {
        var value = BigInt(3)
        value <<= 100
        #expect(value == BigInt(3) << 100)
        value >>= 99
        #expect(value == 6)
    }

    @Test("Bit properties match Int")
    func bitPropertiesMatchInt() {
        for (a, _) in Self.randomOperands(seed: 8, count: 300) {
            let value = BigInt(a)
            #expect(value.signum() == a.signum())
            #expect(value.isZero == (a == 0))
            #expect(value.isOdd == (a % 2 != 0))
            #expect(value.bitWidth == Int.bitWidth - a.magnitude.leadingZeroBitCount)
            #expect(value.magnitude == BigInt(Int(a.magnitude)))
            for bit in [0, 1, 5, 30, 31, 40, 63] {
                #expect(value.testBit(bit) == ((a >> bit) & 1 == 1))
            }
        }
    }

    @Test("Bit width of edge values")
    func bitWidthOfEdgeValues() {
        #expect(BigInt(0).bitWidth == 0)
        #expect(BigInt(1).bitWidth == 1)
        #expect(BigInt(-1).bitWidth == 1)
        #expect(BigInt(255).bitWidth == 8)
        #expect(BigInt(256).bitWidth == 9)
        #expect((BigInt(1) << 521).bitWidth == 522)
        #expect(((BigInt(1) << 521) - 1).bitWidth == 521)
    }

    @Test("GCD and LCM match Euclid")
    func gcdAndLcmMatchEuclid() {
        func euclid(_ a: Int, _ b: Int) -> Int {
            var (x, y) = (abs(a), abs(b))
            while y != 0 { (x, y) = (y, x % y) }
            return x
        }
        for (a, b) in Self.randomOperands(seed: 9, count: 300) {
            let divisor = euclid(a, b)
            #expect(BigInt(a).gcd(BigInt(b)) == BigInt(divisor))
            let multiple = divisor == 0 ? 0 : abs(a / divisor * b)
            #expect(BigInt(a).lcm(BigInt(b)) == BigInt(multiple))
        }
        #expect(BigInt(0).gcd(0) == 0)
        #expect(BigInt(0).lcm(5) == 0)
    }

    @Test("Integer square root floors")
    func integerSquareRootFloors() throws {
        var source = SeededRandom(seed: 10)
        for _ in 0..<200 {
            let value = BigInt.random(bitWidth: 300, using: &source)
            let root = try value.integerSquareRoot()
            #expect(root * root <= value)
            #expect((root + 1) * (root + 1) > value)
        }
        #expect(try BigInt(0).integerSquareRoot() == 0)
        #expect(try BigInt(99).integerSquareRoot() == 9)
        #expect(try BigInt(100).integerSquareRoot() == 10)
    }

    @Test("Large known products and sums")
    func largeKnownProductsAndSums() throws {
        let a = try BigInt(decimal: "123456789012345678901234567890")
        let b = try BigInt(decimal: "-987654321098765432109876543210")
        #expect(a * b == (try BigInt(decimal: "-121932631137021795226185032733622923332237463801111263526900")))
        #expect(a + b == (try BigInt(decimal: "-864197532086419753208641975320")))
        #expect(a - b == (try BigInt(decimal: "1111111110111111111011111111100")))

        let mersenne127 = (BigInt(1) << 127) - 1
        let mersenne89 = (BigInt(1) << 89) - 1
        #expect(mersenne127 == (try BigInt(decimal: "170141183460469231731687303715884105727")))
        #expect(
            mersenne127 * mersenne89
                == (try BigInt(decimal: "105312291668557186697918027513529248857806893649219117400977309697")))
    }

    @Test("Large known truncated division")
    func largeKnownTruncatedDivision() throws {
        let dividend = try BigInt(decimal: "-987654321098765432109876543210")
        let divisor = try BigInt(decimal: "12345678901234567")
        let (quotient, remainder) = try dividend.quotientAndRemainder(dividingBy: divisor)
        #expect(quotient == (try BigInt(decimal: "-80000000729000")))
        #expect(remainder == (try BigInt(decimal: "-153109877200210")))
        #expect(try dividend.modulo(divisor) == (try BigInt(decimal: "12192569024034357")))
    }

    @Test("Thirty factorial is known")
    func thirtyFactorialIsKnown() throws {
        var factorial: BigInt = 1
        for factor in 1...30 { factorial *= BigInt(factor) }
        #expect(factorial == (try BigInt(decimal: "265252859812191058636308480000000")))
        #expect(factorial.hexString == "d13f6370f96865df5dd54000000")
    }

    @Test("Copies keep value semantics")
    func copiesKeepValueSemantics() {
        let original = BigInt(1) << 200
        var copy = original
        copy += 1
        #expect(original == BigInt(1) << 200)
        #expect(copy == (BigInt(1) << 200) + 1)
        #expect(copy != original)
    }

    @Test("Concurrent copies stay independent")
    func concurrentCopiesStayIndependent() async {
        let shared = (BigInt(1) << 300) + 7
        let results = await withTaskGroup(of: (Int, BigInt).self) { group in
            for task in 0..<8 {
                group.addTask {
                    // Every task mutates its own copy of the shared storage many times.
                    var copy = shared
                    for _ in 0..<1000 {
                        copy += BigInt(task)
                    }
                    return (task, copy)
                }
            }
            var collected = [(Int, BigInt)]()
            for await result in group {
                collected.append(result)
            }
            return collected
        }
        #expect(results.count == 8)
        for (task, value) in results {
            #expect(value == shared + BigInt(1000 * task))
        }
        #expect(shared == (BigInt(1) << 300) + 7)
    }

    @Test("Comparison orders values")
    func comparisonOrdersValues() {
        for (a, b) in Self.randomOperands(seed: 11, count: 300) {
            #expect((BigInt(a) < BigInt(b)) == (a < b))
            #expect((BigInt(a) == BigInt(b)) == (a == b))
        }
        #expect(-(BigInt(1) << 300) < BigInt(Int.min))
        #expect(BigInt(Int.max) < BigInt(1) << 300)
    }

    @Test("Equal values hash equally")
    func equalValuesHashEqually() throws {
        let computed = (BigInt(1) << 130) - 1
        let parsed = try BigInt(hex: "3ffffffffffffffffffffffffffffffff")
        #expect(computed.hashValue == parsed.hashValue)
        let set: Set<BigInt> = [computed, parsed, -computed, 0]
        #expect(set.count == 3)
    }
}
