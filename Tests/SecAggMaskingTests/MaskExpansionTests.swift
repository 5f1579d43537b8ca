import SecAggPrimitives
import Testing

@testable import SecAggMasking

@Suite("Mask expansion")
struct MaskExpansionTests {
    /// Longer than two prime segments and several 8 KiB chunks at every lane width, and odd.
    static let length = 2 * MaskEngine.segmentLength + 8192 + 37

    @Test("pairwise masks cancel exactly", arguments: ModulusCase.sweep)
    func pairwiseMasksCancel(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let key = try Fixture.pairKey(modulus: modulus, length: Self.length, 4, 9)
        var lower = try ModularVector(zeros: Self.length, modulus: modulus)
        var higher = try ModularVector(zeros: Self.length, modulus: modulus)
        try MaskEngine.apply([MaskTerm.applied(by: 4, key: key)], to: &lower)
        try MaskEngine.apply([MaskTerm.applied(by: 9, key: key)], to: &higher)
        var sum = lower
        try sum.add(higher)
        #expect(lower != (try ModularVector(zeros: Self.length, modulus: modulus)))
        #expect(sum == (try ModularVector(zeros: Self.length, modulus: modulus)))
    }

    @Test("expanded mask elements are residues", arguments: ModulusCase.sweep)
    func expandedElementsAreResidues(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let mask = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: Self.length))
        #expect(mask.residues.allSatisfy { modulus.contains($0) })
    }

    @Test("parallel expansion equals sequential", arguments: ModulusCase.sweep)
    func parallelEqualsSequential(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let key = try Fixture.selfKey(modulus: modulus, length: Self.length)
        let sequential = try MaskEngine.expand(key, threads: 1)
        for threads in [2, 3, 7, 64] {
            #expect(try MaskEngine.expand(key, threads: threads) == sequential, "threads: \(threads)")
        }
    }

    @Test("parallel apply equals sequential", arguments: [ModulusCase.power(32), .prime(65_521)])
    func parallelApplyEqualsSequential(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let terms = try (1...5).map { provider in
            try MaskTerm.applied(
                by: 3,
                key: Fixture.pairKey(
                    modulus: modulus, length: Self.length, 3, UInt32(provider) + 3, seed: UInt64(provider)))
        }
        let input = try ModularVector(
            residues: Fixture.residues(count: Self.length, modulus: modulus, seed: 11), modulus: modulus)
        var sequential = input
        try MaskEngine.apply(terms, to: &sequential, threads: 1)
        var parallel = input
        try MaskEngine.apply(terms, to: &parallel, threads: 2)
        #expect(parallel == sequential)
    }

    @Test("recomputed range equals slice", arguments: ModulusCase.sweep)
    func recomputedRangeEqualsSlice(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let key = try Fixture.selfKey(modulus: modulus, length: Self.length)
        let full = try MaskEngine.expand(key)
        let segment = MaskEngine.segmentLength
        let ranges: [Range<Int>] = [
            0..<0, 0..<1, 1..<2, 0..<Self.length, 1..<Self.length, (Self.length - 1)..<Self.length,
            (segment - 1)..<(segment + 1), segment..<(2 * segment), (2 * segment - 1)..<(2 * segment),
            (2 * segment)..<(2 * segment + 1), 1023..<1025, 4095..<4097, 8191..<8193, 8192..<Self.length,
            5000..<9000, 3..<17,
        ]
        for range in ranges {
            #expect(try MaskEngine.expand(key, coordinates: range) == full.slice(range), "range: \(range)")
        }
    }

    @Test("range applied to slice matches", arguments: [ModulusCase.power(16), .prime(257)])
    func rangeAppliedToSliceMatches(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let key = try Fixture.selfKey(modulus: modulus, length: Self.length)
        let input = try ModularVector(
            residues: Fixture.residues(count: Self.length, modulus: modulus, seed: 5), modulus: modulus)
        var whole = input
        try MaskEngine.apply([MaskTerm(key: key, sign: .subtract)], to: &whole)
        let range = 2047..<6001
        var part = try input.slice(range)
        try MaskEngine.apply([MaskTerm(key: key, sign: .subtract)], to: &part, firstCoordinate: range.lowerBound)
        #expect(part == (try whole.slice(range)))
    }

    @Test("empty and single coordinate masks", arguments: [ModulusCase.power(32), .prime(65_521)])
    func emptyAndSingleCoordinateMasks(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let empty = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: 0))
        #expect(empty.count == 0)
        let single = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: 1))
        let longer = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: 2))
        #expect(single.count == 1)
        // The length is bound into the key, so the first element differs between lengths 1 and 2.
        #expect(single[0] != longer[0])
    }

    @Test("added then subtracted mask restores input", arguments: ModulusCase.sweep)
    func addThenSubtractRestores(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let key = try Fixture.selfKey(modulus: modulus, length: 999)
        let input = try ModularVector(
            residues: Fixture.residues(count: 999, modulus: modulus, seed: 9), modulus: modulus)
        var vector = input
        try MaskEngine.apply([MaskTerm(key: key, sign: .add)], to: &vector)
        try MaskEngine.apply([MaskTerm(key: key, sign: .subtract)], to: &vector)
        #expect(vector == input)
    }

    @Test("masks differ across providers and vectors")
    func masksDifferAcrossBindings() throws {
        let modulus = try Modulus.powerOfTwo(bits: 32)
        let base = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: 64))
        let otherProvider = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: 64, provider: 2))
        let otherVector = try MaskEngine.expand(
            MaskKey.selfMask(
                seed: Fixture.seed(1), provider: 1,
                context: Fixture.context(modulus: modulus, length: 64, vectorName: "bias")))
        let otherRound = try MaskEngine.expand(
            MaskKey.selfMask(
                seed: Fixture.seed(1), provider: 1, context: Fixture.context(modulus: modulus, length: 64, round: 4)))
        #expect(base != otherProvider)
        #expect(base != otherVector)
        #expect(base != otherRound)
    }

    @Test("apply rejects another modulus")
    func applyRejectsOtherModulus() throws {
        let key = try Fixture.selfKey(modulus: Modulus.powerOfTwo(bits: 16), length: 10)
        var vector = try ModularVector(zeros: 10, modulus: Modulus.powerOfTwo(bits: 32))
        #expect(
            throws: MaskingError.modulusMismatch(expected: try .powerOfTwo(bits: 32), actual: try .powerOfTwo(bits: 16))
        ) {
            try MaskEngine.apply([MaskTerm(key: key, sign: .add)], to: &vector)
        }
    }

    @Test("apply rejects coordinates past the mask")
    func applyRejectsCoordinatesPastMask() throws {
        let modulus = try Modulus.powerOfTwo(bits: 32)
        let key = try Fixture.selfKey(modulus: modulus, length: 10)
        var vector = try ModularVector(zeros: 4, modulus: modulus)
        #expect(throws: MaskingError.rangeOutOfBounds(lowerBound: 7, upperBound: 11, length: 10)) {
            try MaskEngine.apply([MaskTerm(key: key, sign: .add)], to: &vector, firstCoordinate: 7)
        }
        #expect(throws: MaskingError.rangeOutOfBounds(lowerBound: -1, upperBound: 3, length: 10)) {
            try MaskEngine.apply([MaskTerm(key: key, sign: .add)], to: &vector, firstCoordinate: -1)
        }
        #expect(throws: MaskingError.rangeOutOfBounds(lowerBound: Int.max, upperBound: Int.max, length: 10)) {
            try MaskEngine.apply([MaskTerm(key: key, sign: .add)], to: &vector, firstCoordinate: Int.max)
        }
    }

    @Test("expand rejects range past mask")
    func expandRejectsRangePastMask() throws {
        let key = try Fixture.selfKey(modulus: Modulus.powerOfTwo(bits: 32), length: 10)
        #expect(throws: MaskingError.rangeOutOfBounds(lowerBound: 5, upperBound: 11, length: 10)) {
            try MaskEngine.expand(key, coordinates: 5..<11)
        }
    }

    @Test("apply rejects zero threads")
    func applyRejectsZeroThreads() throws {
        let key = try Fixture.selfKey(modulus: Modulus.powerOfTwo(bits: 32), length: 10)
        #expect(throws: MaskingError.invalidThreadCount(threads: 0)) {
            try MaskEngine.expand(key, threads: 0)
        }
    }
}

@Suite("Rejection sampling")
struct RejectionSamplingTests {
    /// Chi-square statistic of `counts` against `expected` probabilities for `total` samples.
    static func chiSquare(counts: [Int], probabilities: [Double], total: Int) -> Double {
        zip(counts, probabilities).reduce(0) { sum, pair in
            let expected = pair.1 * Double(total)
            let difference = Double(pair.0) - expected
            return sum + difference * difference / expected
        }
    }

    /// Returns a bound on chi-square with `bins − 1` degrees of freedom that a uniform sample exceeds with
    /// probability below 10^-6: the mean plus 6 standard deviations of the normal approximation.
    static func bound(bins: Int) -> Double {
        let freedom = Double(bins - 1)
        return freedom + 6 * (2 * freedom).squareRoot()
    }

    /// Returns the probability of each bin under uniform residues, where bin j gets the v with ⌊v·bins/p⌋ = j.
    static func binProbabilities(prime: UInt64, bins: Int) -> [Double] {
        func start(_ bin: Int) -> UInt128 { (UInt128(bin) * UInt128(prime) + UInt128(bins) - 1) / UInt128(bins) }
        return (0..<bins).map { Double(start($0 + 1) - start($0)) / Double(prime) }
    }

    @Test(
        "rejection sampling is uniform",
        arguments: [UInt64(257), 65_537, 4_294_967_311, 9_223_372_036_854_775_837])
    func rejectionSamplingIsUniform(prime: UInt64) throws {
        let modulus = try Modulus.prime(prime)
        let bins = prime < 257 ? Int(prime) : 257
        let length = bins * 2000
        let mask = try MaskEngine.expand(Fixture.selfKey(modulus: modulus, length: length, seed: 77))
        var counts = [Int](repeating: 0, count: bins)
        for value in mask.residues {
            counts[Int(UInt128(value) * UInt128(bins) / UInt128(prime))] += 1
        }
        let statistic = Self.chiSquare(
            counts: counts, probabilities: Self.binProbabilities(prime: prime, bins: bins), total: length)
        #expect(statistic < Self.bound(bins: bins), "chi-square \(statistic) with \(bins - 1) degrees of freedom")
    }

    @Test("chi-square detects modulo bias")
    func chiSquareDetectsModuloBias() throws {
        // The same 9-bit words reduced mod 257 instead of rejected: residues 0...254 are twice as likely as
        // 255 and 256. The statistic must flag it, or the uniformity test above proves nothing.
        let stream = try ChaCha20Keystream(
            key: SymmetricKey(Fixture.seed(77)), nonce: [UInt8](repeating: 0, count: 12))
        let length = 257 * 2000
        let bytes = try stream.bytes(startingAtBlock: 0, byteCount: 2 * length)
        var counts = [Int](repeating: 0, count: 257)
        for index in 0..<length {
            let word = UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8
            counts[Int(word & 0x1ff) % 257] += 1
        }
        let statistic = Self.chiSquare(
            counts: counts, probabilities: [Double](repeating: 1.0 / 257, count: 257), total: length)
        #expect(statistic > Self.bound(bins: 257))
    }
}
