import SecAggBigInt
import SecAggPrimitives
import Testing

@Suite("BigInt errors")
struct ErrorTests {
    @Test("Division by zero throws")
    func divisionByZeroThrows() {
        let value: BigInt = 42
        #expect(throws: BigIntError.divisionByZero(operation: "quotientAndRemainder(dividingBy:)")) {
            try value.quotientAndRemainder(dividingBy: 0)
        }
        #expect(throws: BigIntError.divisionByZero(operation: "modulo(_:)")) {
            try value.modulo(0)
        }
        #expect(throws: BigIntError.divisionByZero(operation: "exactQuotient(dividingBy:)")) {
            try value.exactQuotient(dividingBy: 0)
        }
    }

    @Test("Inexact quotient throws")
    func inexactQuotientThrows() {
        #expect(throws: BigIntError.notDivisible(operation: "exactQuotient(dividingBy:)")) {
            try BigInt(43).exactQuotient(dividingBy: 6)
        }
    }

    @Test("Secret power rejects even modulus")
    func secretPowerRejectsEvenModulus() {
        #expect(throws: BigIntError.modulusEven(operation: "secretPower(_:modulus:)")) {
            try BigInt(3).secretPower(5, modulus: 1 << 40)
        }
        #expect(throws: BigIntError.modulusEven(operation: "secretInverse(modulo:)")) {
            try BigInt(3).secretInverse(modulo: 10)
        }
    }

    @Test("Secret power rejects non-positive exponent", arguments: [0, -1, -1000])
    func secretPowerRejectsNonPositiveExponent(exponent: Int) {
        #expect(throws: BigIntError.exponentNotPositive(operation: "secretPower(_:modulus:)")) {
            try BigInt(3).secretPower(BigInt(exponent), modulus: 101)
        }
    }

    @Test("Modular operations reject bad modulus", arguments: [0, -7])
    func modularOperationsRejectBadModulus(modulus: Int) {
        let value: BigInt = 3
        let badModulus = BigInt(modulus)
        #expect(throws: BigIntError.modulusNotPositive(operation: "power(_:modulus:)")) {
            try value.power(2, modulus: badModulus)
        }
        #expect(throws: BigIntError.modulusNotPositive(operation: "secretPower(_:modulus:)")) {
            try value.secretPower(2, modulus: badModulus)
        }
        #expect(throws: BigIntError.modulusNotPositive(operation: "inverse(modulo:)")) {
            try value.inverse(modulo: badModulus)
        }
        #expect(throws: BigIntError.modulusNotPositive(operation: "secretInverse(modulo:)")) {
            try value.secretInverse(modulo: badModulus)
        }
        #expect(throws: BigIntError.modulusNotPositive(operation: "multiplied(by:modulo:)")) {
            try value.multiplied(by: 2, modulo: badModulus)
        }
    }

    @Test("Missing inverse throws")
    func missingInverseThrows() {
        #expect(throws: BigIntError.noInverse(operation: "inverse(modulo:)")) {
            try BigInt(6).inverse(modulo: 9)
        }
        #expect(throws: BigIntError.noInverse(operation: "inverse(modulo:)")) {
            try BigInt(0).inverse(modulo: 9)
        }
        #expect(throws: BigIntError.noInverse(operation: "secretInverse(modulo:)")) {
            try BigInt(6).secretInverse(modulo: 9)
        }
        #expect(throws: BigIntError.noInverse(operation: "secretInverse(modulo:)")) {
            try BigInt(0).secretInverse(modulo: 9)
        }
        #expect(throws: BigIntError.noInverse(operation: "power(_:modulus:)")) {
            try BigInt(6).power(-1, modulus: 9)
        }
    }

    @Test("Malformed hex names position")
    func malformedHexNamesPosition() {
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 5, character: "g")) {
            try BigInt(hex: "12345g7")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 1, character: "x")) {
            try BigInt(hex: "0x1f")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 1, character: "-")) {
            try BigInt(hex: "--1")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 0, character: " ")) {
            try BigInt(hex: " 1")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 2, character: "\n")) {
            try BigInt(hex: "ab\n")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 0, character: "+")) {
            try BigInt(hex: "+1")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 16, position: 1, character: "é")) {
            try BigInt(hex: "aé")
        }
    }

    @Test("Empty number strings throw")
    func emptyNumberStringsThrow() {
        #expect(throws: BigIntError.missingDigits(radix: 16)) { try BigInt(hex: "") }
        #expect(throws: BigIntError.missingDigits(radix: 16)) { try BigInt(hex: "-") }
        #expect(throws: BigIntError.missingDigits(radix: 10)) { try BigInt(decimal: "") }
        #expect(throws: BigIntError.missingDigits(radix: 10)) { try BigInt(decimal: "-") }
    }

    @Test("Malformed decimal names position")
    func malformedDecimalNamesPosition() {
        #expect(throws: BigIntError.invalidDigit(radix: 10, position: 2, character: "a")) {
            try BigInt(decimal: "12a4")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 10, position: 3, character: ".")) {
            try BigInt(decimal: "-12.5")
        }
        #expect(throws: BigIntError.invalidDigit(radix: 10, position: 0, character: "\u{0661}")) {
            try BigInt(decimal: "\u{0661}\u{0662}")
        }
    }

    @Test("Oversized encoding throws")
    func oversizedEncodingThrows() {
        let value = BigInt(1) << 2399
        #expect(
            throws: BigIntError.valueTooLarge(
                operation: "bigEndianBytes(count:)", requiredByteCount: 300, allowedByteCount: 256)
        ) {
            try value.bigEndianBytes(count: 256)
        }
        #expect(
            throws: BigIntError.valueTooLarge(
                operation: "secureBigEndianBytes(count:)", requiredByteCount: 300, allowedByteCount: 299)
        ) {
            try value.secureBigEndianBytes(count: 299)
        }
        #expect(
            throws: BigIntError.valueTooLarge(
                operation: "bigEndianBytes(count:)", requiredByteCount: 1, allowedByteCount: 0)
        ) {
            try BigInt(1).bigEndianBytes(count: 0)
        }
    }

    @Test("Negative byte count throws")
    func negativeByteCountThrows() {
        #expect(throws: BigIntError.negativeByteCount(operation: "bigEndianBytes(count:)", byteCount: -1)) {
            try BigInt(5).bigEndianBytes(count: -1)
        }
        #expect(throws: BigIntError.negativeByteCount(operation: "secureBigEndianBytes(count:)", byteCount: -8)) {
            try BigInt(0).secureBigEndianBytes(count: -8)
        }
    }

    @Test("Negative encoding throws")
    func negativeEncodingThrows() {
        #expect(throws: BigIntError.negativeValue(operation: "bigEndianBytes(count:)")) {
            try BigInt(-1).bigEndianBytes(count: 8)
        }
        #expect(throws: BigIntError.negativeValue(operation: "secureBigEndianBytes(count:)")) {
            try BigInt(-1).secureBigEndianBytes(count: 8)
        }
        #expect(throws: BigIntError.negativeValue(operation: "integerSquareRoot()")) {
            try BigInt(-4).integerSquareRoot()
        }
    }

    @Test("Empty random ranges throw")
    func emptyRandomRangesThrow() {
        var source = SeededRandom(seed: 40)
        #expect(throws: BigIntError.emptyRange(operation: "random(below:using:)")) {
            try BigInt.random(below: 0, using: &source)
        }
        #expect(throws: BigIntError.emptyRange(operation: "random(below:using:)")) {
            try BigInt.random(below: -5, using: &source)
        }
        #expect(throws: BigIntError.emptyRange(operation: "random(in:using:)")) {
            try BigInt.random(in: BigInt(5)..<BigInt(5), using: &source)
        }
    }

    @Test("Prime bit widths have minimums")
    func primeBitWidthsHaveMinimums() {
        var source = SeededRandom(seed: 41)
        #expect(
            throws: BigIntError.bitWidthTooSmall(operation: "randomPrime(bitWidth:using:)", bitWidth: 1, minimum: 2)
        ) {
            try BigInt.randomPrime(bitWidth: 1, using: &source)
        }
        #expect(
            throws: BigIntError.bitWidthTooSmall(
                operation: "randomSafePrime(bitWidth:using:)", bitWidth: 15, minimum: 16)
        ) {
            try BigInt.randomSafePrime(bitWidth: 15, using: &source)
        }
    }

    @Test("Messages name problem plainly")
    func messagesNameProblemPlainly() {
        #expect(
            BigIntError.invalidDigit(radix: 16, position: 5, character: "g").description
                == "invalid hexadecimal digit 'g' at position 5 (counting from 0)")
        #expect(
            BigIntError.invalidDigit(radix: 16, position: 1, character: "x").description
                == "invalid hexadecimal digit 'x' at position 1 (counting from 0); write the digits without a 0x prefix"
        )
        #expect(
            BigIntError.invalidDigit(radix: 10, position: 2, character: "\n").description
                == "invalid decimal digit '\\n' at position 2 (counting from 0)")
        #expect(
            BigIntError.valueTooLarge(
                operation: "bigEndianBytes(count:)", requiredByteCount: 300, allowedByteCount: 256
            )
            .description == "bigEndianBytes(count:) failed: the value needs 300 bytes, 256 allowed")
        #expect(
            BigIntError.modulusEven(operation: "secretPower(_:modulus:)").description
                == "secretPower(_:modulus:) failed: the modulus is even, "
                + "but the constant-time algorithm needs an odd modulus")
        #expect(BigIntError.missingDigits(radix: 10).description == "invalid decimal number: no digits")
    }

    @Test("Messages never show operands")
    func messagesNeverShowOperands() throws {
        let secret = try BigInt(decimal: "987654321987654321")
        do {
            _ = try secret.inverse(modulo: secret * 3)
            Issue.record("inverse(modulo:) returned for a non-invertible value")
        } catch {
            #expect(!String(describing: error).contains("987654321"))
        }
    }
}
