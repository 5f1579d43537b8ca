import SecAggPrimitives
import Testing

@testable import SecAggMasking

@Suite("Modulus and vectors")
struct ModulusTests {
    @Test("bit widths outside range fail", arguments: [0, -1, 65, 128])
    func bitWidthsOutsideRangeFail(bits: Int) {
        #expect(throws: MaskingError.invalidBitWidth(bits: bits, maximum: 64)) {
            try Modulus.powerOfTwo(bits: bits)
        }
    }

    @Test(
        "non-primes are rejected",
        arguments: [
            UInt64(0), 1, 2, 4, 9, 561, 65_535, 4_294_967_297, 3_215_031_751, UInt64.max,
            18_446_744_073_709_551_559,
        ])
    func nonPrimesAreRejected(value: UInt64) {
        #expect(throws: MaskingError.invalidPrimeModulus(value: value)) {
            try Modulus.prime(value)
        }
    }

    @Test("lane widths follow bit widths")
    func laneWidthsFollowBitWidths() throws {
        for (bits, lane) in [(1, 1), (8, 1), (9, 2), (16, 2), (17, 4), (32, 4), (33, 8), (64, 8)] {
            #expect(try Modulus.powerOfTwo(bits: bits).laneByteCount == lane, "bits: \(bits)")
        }
        #expect(try Modulus.prime(257).laneByteCount == 2)
        #expect(try Modulus.prime(257).bitWidth == 9)
        #expect(try Modulus.prime(18_446_744_073_709_551_557).bitWidth == 64)
    }

    @Test("arithmetic matches wide integers", arguments: ModulusCase.sweep)
    func arithmeticMatchesWideIntegers(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let values = Fixture.residues(count: 400, modulus: modulus, seed: 71) + [0, modulus.maximumResidue]
        let modulusValue = modulus.value
        for (a, b) in zip(values, values.reversed()) {
            let sum = (UInt128(a) + UInt128(b)) % modulusValue
            let difference = (UInt128(a) + modulusValue - UInt128(b)) % modulusValue
            #expect(UInt128(modulus.add(a, b)) == sum, "\(a) + \(b)")
            #expect(UInt128(modulus.subtract(a, b)) == difference, "\(a) - \(b)")
        }
    }

    @Test("signed values round trip", arguments: ModulusCase.sweep)
    func signedValuesRoundTrip(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let half = Int64(truncatingIfNeeded: min(modulus.maximumResidue / 2, UInt64(Int64.max)))
        for value in [0, 1, -1, half, -half, half / 3, -half / 3] where value.magnitude <= half.magnitude {
            #expect(modulus.signedValue(of: modulus.residue(of: value)) == value, "value: \(value)")
        }
    }

    @Test("vector rejects residues above modulus")
    func vectorRejectsResiduesAboveModulus() throws {
        let modulus = try Modulus.prime(257)
        #expect(throws: MaskingError.residueOutOfRange(index: 1, value: 257, modulus: modulus)) {
            try ModularVector(residues: [3, 257], modulus: modulus)
        }
    }

    @Test("vector arithmetic wraps", arguments: ModulusCase.sweep)
    func vectorArithmeticWraps(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let left = Fixture.residues(count: 77, modulus: modulus, seed: 72)
        let right = Fixture.residues(count: 77, modulus: modulus, seed: 73)
        var vector = try ModularVector(residues: left, modulus: modulus)
        try vector.add(ModularVector(residues: right, modulus: modulus))
        #expect(vector.residues == zip(left, right).map { modulus.add($0, $1) })
        try vector.subtract(ModularVector(residues: right, modulus: modulus))
        #expect(vector.residues == left)
    }

    @Test("vector reduces signed values")
    func vectorReducesSignedValues() throws {
        let vector = try ModularVector(reducing: [-1, 5, Int64.min], modulus: Modulus.powerOfTwo(bits: 8))
        #expect(vector.residues == [255, 5, 0])
    }

    @Test("vector operations check shapes")
    func vectorOperationsCheckShapes() throws {
        var vector = try ModularVector(zeros: 4, modulus: Modulus.powerOfTwo(bits: 32))
        #expect(throws: MaskingError.lengthMismatch(expected: 4, actual: 5)) {
            try vector.add(ModularVector(zeros: 5, modulus: Modulus.powerOfTwo(bits: 32)))
        }
        #expect(
            throws: MaskingError.modulusMismatch(expected: try .powerOfTwo(bits: 32), actual: try .powerOfTwo(bits: 31))
        ) {
            try vector.subtract(ModularVector(zeros: 4, modulus: Modulus.powerOfTwo(bits: 31)))
        }
        #expect(throws: MaskingError.rangeOutOfBounds(lowerBound: 2, upperBound: 5, length: 4)) {
            try vector.slice(2..<5)
        }
        #expect(throws: MaskingError.invalidLength(length: -1, maximum: 1 << 32)) {
            try ModularVector(zeros: -1, modulus: Modulus.powerOfTwo(bits: 32))
        }
    }

    @Test("vector description hides contents")
    func vectorDescriptionHidesContents() throws {
        let vector = try ModularVector(residues: [123_456_789], modulus: Modulus.powerOfTwo(bits: 32))
        #expect(!vector.description.contains("123456789"))
    }
}
