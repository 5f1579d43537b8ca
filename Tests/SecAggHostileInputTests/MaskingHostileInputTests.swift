import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

/// Hostile masked vectors and sums: wrong lengths, out-of-range residues, bad padding, and sums at the exact
/// edge of the planned bound, each with the exact error or value.
@Suite("Hostile masked vectors and sums")
struct MaskingHostileInputTests {
    /// Returns a masked-input payload: declared length, packed vector, empty metadata, no complaints.
    static func payload(declared: UInt64, packed: [UInt8]) -> [UInt8] {
        var writer = WireWriter()
        writer.writeUInt64(declared)
        writer.writeLengthPrefixed(packed)
        writer.writeLengthPrefixed([UInt8]())
        writer.writeUInt32(0)
        return writer.bytes
    }

    static func decode(_ payload: [UInt8], length: Int, modulus: Modulus) throws -> MaskedInput {
        try MaskedInput(
            payload: payload, length: length, modulus: modulus, maximumProviders: 8, maximumByteCount: 1 << 16)
    }

    @Test("masked inputs of the wrong shape are rejected")
    func wrongShape() throws {
        let twoToThe16 = try Modulus.powerOfTwo(bits: 16)
        let prime = try Modulus.prime(65_521)
        let twoToThe12 = try Modulus.powerOfTwo(bits: 12)
        let cases: [(name: String, payload: [UInt8], length: Int, modulus: Modulus, error: WireError)] = [
            (
                "declared one short", Self.payload(declared: 3, packed: BitPacking.pack([1, 2, 3], bitWidth: 16)), 4,
                twoToThe16, .invalidValue(field: "vector length", reason: "expected 4 coordinates, got 3")
            ),
            (
                "declared 2^64 - 1", Self.payload(declared: .max, packed: []), 4, twoToThe16,
                .invalidValue(field: "vector length", reason: "expected 4 coordinates, got 18446744073709551615")
            ),
            (
                "packed one coordinate short",
                Self.payload(declared: 4, packed: BitPacking.pack([1, 2, 3], bitWidth: 16)),
                4, twoToThe16, .truncated(field: "vector", needed: 8, available: 6)
            ),
            (
                "packed one byte long",
                Self.payload(declared: 4, packed: BitPacking.pack([1, 2, 3, 4], bitWidth: 16) + [0]),
                4, twoToThe16, .trailingBytes(count: 1)
            ),
            (
                "residue equal to the prime",
                Self.payload(declared: 2, packed: BitPacking.pack([5, 65_521], bitWidth: 16)),
                2, prime, .invalidValue(field: "vector", reason: "element 1 is 65521, not below the modulus 65521")
            ),
            (
                "residue 2^16 - 1 mod the prime",
                Self.payload(declared: 1, packed: BitPacking.pack([65_535], bitWidth: 16)), 1, prime,
                .invalidValue(field: "vector", reason: "element 0 is 65535, not below the modulus 65521")
            ),
            (
                "12-bit packing one byte long",
                Self.payload(declared: 3, packed: BitPacking.pack([1, 2, 3], bitWidth: 12) + [0]),
                3, twoToThe12, .trailingBytes(count: 1)
            ),
        ]
        for testCase in cases {
            #expect(throws: testCase.error, "\(testCase.name)") {
                try Self.decode(testCase.payload, length: testCase.length, modulus: testCase.modulus)
            }
        }
        var padded = BitPacking.pack([1, 2, 3], bitWidth: 12)
        padded[padded.count - 1] |= 0x80
        #expect(throws: WireError.invalidValue(field: "vector", reason: "padding bits are not zero")) {
            try Self.decode(Self.payload(declared: 3, packed: padded), length: 3, modulus: twoToThe12)
        }
    }

    @Test("masked inputs at the residue edge decode")
    func residueEdge() throws {
        let prime = try Modulus.prime(65_521)
        let decoded = try Self.decode(
            Self.payload(declared: 2, packed: BitPacking.pack([0, 65_520], bitWidth: 16)), length: 2, modulus: prime)
        #expect(decoded.vector.residues == [0, 65_520])
        let full = try Modulus.powerOfTwo(bits: 64)
        let wide = try Self.decode(
            Self.payload(declared: 2, packed: BitPacking.pack([.max, 0], bitWidth: 64)), length: 2, modulus: full)
        #expect(wide.vector.residues == [.max, 0])
    }

    @Test("vectors of different shapes do not add")
    func vectorShapes() throws {
        let modulus = try Modulus.powerOfTwo(bits: 16)
        var sum = try ModularVector(zeros: 4, modulus: modulus)
        let short = try ModularVector(zeros: 3, modulus: modulus)
        let other = try ModularVector(zeros: 4, modulus: try Modulus.powerOfTwo(bits: 32))
        #expect(throws: MaskingError.lengthMismatch(expected: 4, actual: 3)) { try sum.add(short) }
        #expect(throws: MaskingError.modulusMismatch(expected: modulus, actual: other.modulus)) { try sum.add(other) }
        #expect(throws: MaskingError.residueOutOfRange(index: 1, value: 65_536, modulus: modulus)) {
            try ModularVector(residues: [0, 65_536], modulus: modulus)
        }
    }

    /// R = 2^16, clip bound 1, scale 16 (Q = 16), maximum weight 8 and 255 providers: 2·n·W·Q = 65,280 < R, and
    /// the bound on a coordinate of the sum is M = 32,640.
    static func parameters() throws -> QuantizationParameters {
        try QuantizationParameters(
            modulus: try Modulus.powerOfTwo(bits: 16), clipBound: 1, scale: 16, maximumWeight: 8,
            maximumProviderCount: 255)
    }

    @Test("sums at the planned bound decode exactly")
    func sumsAtBound() throws {
        let parameters = try Self.parameters()
        #expect(parameters.sumBound == 32_640)
        #expect(parameters.maximumTotalWeight == 2_040)
        var source = SeededRandom(seed: 81)
        var sum = try ModularVector(zeros: 3, modulus: parameters.modulus)
        for _ in 0..<255 {
            let update: [Double] = [1, -1]
            try sum.add(Quantizer.encode(update, weight: 8, parameters: parameters, randomness: &source))
        }
        #expect(sum.residues == [32_640, 65_536 - 32_640, 2_040])
        let mean = try Quantizer.decodeWeightedMean(sum, parameters: parameters)
        #expect(mean.values == [1, -1])
        #expect(mean.totalWeight == 2_040)
    }

    @Test("sums past the planned bound are reported")
    func sumsPastBound() throws {
        let parameters = try Self.parameters()
        let modulus = parameters.modulus
        let cases: [(name: String, residues: [UInt64], error: MaskingError)] = [
            ("M + 1", [32_641, 2_040], .sumOutOfRange(coordinate: 0, value: 32_641, bound: 32_640)),
            ("-(M + 1)", [65_536 - 32_641, 2_040], .sumOutOfRange(coordinate: 0, value: -32_641, bound: 32_640)),
            ("R/2", [32_768, 1], .sumOutOfRange(coordinate: 0, value: -32_768, bound: 32_640)),
            ("weight n·W + 1", [0, 2_041], .totalWeightOutOfRange(totalWeight: 2_041, maximum: 2_040)),
            ("weight 0", [0, 0], .totalWeightOutOfRange(totalWeight: 0, maximum: 2_040)),
            ("no weight coordinate", [], .missingWeightCoordinate),
        ]
        for testCase in cases {
            let sum = try ModularVector(residues: testCase.residues, modulus: modulus)
            #expect(throws: testCase.error, "\(testCase.name)") {
                try Quantizer.decodeWeightedMean(sum, parameters: parameters)
            }
        }
        let edge = try ModularVector(residues: [65_536 - 32_640, 1], modulus: modulus)
        #expect(try Quantizer.decodeWeightedMean(edge, parameters: parameters).values == [-2_040])
    }
}
