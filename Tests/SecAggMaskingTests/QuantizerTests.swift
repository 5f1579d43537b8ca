import SecAggPrimitives
import Testing

@testable import SecAggMasking

@Suite("Quantizer")
struct QuantizerTests {
    /// Returns the exact weighted mean of the clipped updates, coordinate by coordinate.
    static func weightedMean(_ updates: [[Double]], weights: [UInt64], clipBound: Double) -> [Double] {
        guard let dimension = updates.first?.count else { return [] }
        let totalWeight = Double(weights.reduce(0, +))
        return (0..<dimension).map { coordinate in
            zip(updates, weights).reduce(0.0) { sum, pair in
                sum + Double(pair.1) * min(max(pair.0[coordinate], -clipBound), clipBound)
            } / totalWeight
        }
    }

    static func parameters(modulus: ModulusChoice = .smallestPowerOfTwo) throws -> QuantizationParameters {
        try ParameterPlanner.planQuantization(
            providerCount: 50, maximumWeight: 100, clipBound: 1, maximumError: 1.0 / 1000, modulus: modulus)
    }

    @Test(
        "decoded mean within predicted error",
        arguments: [
            (ModulusChoice.smallestPowerOfTwo, 50), (.smallestPrime, 50), (.smallestPowerOfTwo, 1),
            (.smallestPowerOfTwo, 2),
        ])
    func decodedMeanWithinPredictedError(choice: ModulusChoice, providerCount: Int) throws {
        let parameters = try ParameterPlanner.planQuantization(
            providerCount: providerCount, maximumWeight: 100, clipBound: 1, maximumError: 1.0 / 1000, modulus: choice)
        var random = SeededRandom(seed: 41)
        let dimension = 2000
        var updates = [[Double]]()
        var weights = [UInt64]()
        var sum = try ModularVector(zeros: dimension + 1, modulus: parameters.modulus)
        for _ in 0..<providerCount {
            let update = (0..<dimension).map { _ in Double.random(in: -1.5...1.5, using: &random) }
            let weight = UInt64.random(in: 0...100, using: &random)
            updates.append(update)
            weights.append(weight)
            try sum.add(Quantizer.encode(update, weight: weight, parameters: parameters, randomness: &random))
        }
        let decoded = try Quantizer.decodeWeightedMean(sum, parameters: parameters)
        let expected = Self.weightedMean(updates, weights: weights, clipBound: 1)
        let worst = zip(decoded.values, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= parameters.maximumError)
        #expect(decoded.totalWeight == weights.reduce(0, +))
    }

    @Test("extreme values decode within error", arguments: [ModulusChoice.smallestPowerOfTwo, .smallestPrime])
    func extremeValuesDecodeWithinError(choice: ModulusChoice) throws {
        // Every provider at the maximum weight and the clip bound: the sum sits at the planned bound M.
        let providerCount = 64
        let parameters = try ParameterPlanner.planQuantization(
            providerCount: providerCount, maximumWeight: 1000, clipBound: 0.75, maximumError: 0.001, modulus: choice)
        var random = SeededRandom(seed: 42)
        for value in [-0.75, 0.75, -5.0, 5.0] {
            var sum = try ModularVector(zeros: 2, modulus: parameters.modulus)
            for _ in 0..<providerCount {
                try sum.add(Quantizer.encode([value], weight: 1000, parameters: parameters, randomness: &random))
            }
            let decoded = try Quantizer.decodeWeightedMean(sum, parameters: parameters)
            #expect(abs(decoded.values[0] - min(max(value, -0.75), 0.75)) <= parameters.maximumError, "value: \(value)")
        }
    }

    @Test("stochastic rounding is unbiased")
    func stochasticRoundingIsUnbiased() {
        var random = SeededRandom(seed: 43)
        let samples = 200_000
        for value in [0.3, -2.7, 5.5, 1e-6] {
            var total = 0.0
            for _ in 0..<samples {
                let uniform = Double(random.next() >> 11) * 0x1p-53
                total += Quantizer.stochasticallyRounded(value, uniform: uniform)
            }
            let fraction = value - value.rounded(.down)
            let standardError = (fraction * (1 - fraction) / Double(samples)).squareRoot()
            #expect(abs(total / Double(samples) - value) <= 6 * standardError + 1e-12, "value: \(value)")
        }
    }

    @Test("stochastic rounding picks neighbours")
    func stochasticRoundingPicksNeighbours() {
        #expect(Quantizer.stochasticallyRounded(2.25, uniform: 0.2) == 3)
        #expect(Quantizer.stochasticallyRounded(2.25, uniform: 0.25) == 2)
        #expect(Quantizer.stochasticallyRounded(-2.25, uniform: 0.74) == -2)
        #expect(Quantizer.stochasticallyRounded(-2.25, uniform: 0.75) == -3)
        #expect(Quantizer.stochasticallyRounded(4, uniform: 0) == 4)
    }

    @Test("negative values map to residues")
    func negativeValuesMapToResidues() throws {
        let parameters = try QuantizationParameters(
            modulus: Modulus.powerOfTwo(bits: 16), clipBound: 8, scale: 4, maximumWeight: 2, maximumProviderCount: 4)
        let encoded = try Quantizer.encode(
            [-3, 3, -8, 100, 0], weight: 2, parameters: parameters, roundingSeed: Fixture.seed(1))
        // Integral scaled values round to themselves: -12, 12, -32, 32 (clipped), 0; times weight 2; weight last.
        #expect(encoded.residues == [65536 - 24, 24, 65536 - 64, 64, 0, 2])
    }

    @Test("encoding is deterministic under a seed")
    func encodingIsDeterministicUnderSeed() throws {
        let parameters = try Self.parameters()
        let update = (0..<100).map { Double($0) / 77 - 0.6 }
        let first = try Quantizer.encode(update, weight: 3, parameters: parameters, roundingSeed: Fixture.seed(5))
        let second = try Quantizer.encode(update, weight: 3, parameters: parameters, roundingSeed: Fixture.seed(5))
        let other = try Quantizer.encode(update, weight: 3, parameters: parameters, roundingSeed: Fixture.seed(6))
        #expect(first == second)
        #expect(first != other)
    }

    @Test("float update matches double update")
    func floatUpdateMatchesDoubleUpdate() throws {
        let parameters = try Self.parameters()
        let update: [Float] = [0.1, -0.7, 0.33, 2]
        var firstRandom = SeededRandom(seed: 8)
        var secondRandom = SeededRandom(seed: 8)
        let fromFloat = try Quantizer.encode(update, weight: 4, parameters: parameters, randomness: &firstRandom)
        let fromDouble = try Quantizer.encode(
            update.map { Double($0) }, weight: 4, parameters: parameters, randomness: &secondRandom)
        #expect(fromFloat == fromDouble)
    }

    @Test("empty update encodes weight only")
    func emptyUpdateEncodesWeightOnly() throws {
        let parameters = try Self.parameters()
        let encoded = try Quantizer.encode([Double](), weight: 7, parameters: parameters, roundingSeed: Fixture.seed(1))
        #expect(encoded.residues == [7])
        let decoded = try Quantizer.decodeWeightedMean(encoded, parameters: parameters)
        #expect(decoded.values.isEmpty)
        #expect(decoded.totalWeight == 7)
    }

    @Test("encode rejects non-finite values")
    func encodeRejectsNonFiniteValues() throws {
        let parameters = try Self.parameters()
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(throws: MaskingError.nonFiniteValue(index: 2)) {
                try Quantizer.encode([0, 1, value], weight: 1, parameters: parameters, roundingSeed: Fixture.seed(1))
            }
        }
    }

    @Test("encode rejects a weight above maximum")
    func encodeRejectsWeightAboveMaximum() throws {
        let parameters = try Self.parameters()
        #expect(throws: MaskingError.weightAboveMaximum(weight: 101, maximum: 100)) {
            try Quantizer.encode([0], weight: 101, parameters: parameters, roundingSeed: Fixture.seed(1))
        }
    }

    @Test("encode rejects a short rounding seed")
    func encodeRejectsShortRoundingSeed() throws {
        let parameters = try Self.parameters()
        #expect(throws: MaskingError.invalidSeedLength(byteCount: 31, expected: 32)) {
            try Quantizer.encode([0], weight: 1, parameters: parameters, roundingSeed: SecureBytes(zeroedCount: 31))
        }
    }

    @Test("decode rejects another modulus")
    func decodeRejectsOtherModulus() throws {
        let parameters = try Self.parameters()
        let other = try Modulus.powerOfTwo(bits: 63)
        #expect(throws: MaskingError.modulusMismatch(expected: parameters.modulus, actual: other)) {
            try Quantizer.decodeWeightedMean(ModularVector(zeros: 3, modulus: other), parameters: parameters)
        }
    }

    @Test("decode rejects an empty sum")
    func decodeRejectsEmptySum() throws {
        let parameters = try Self.parameters()
        #expect(throws: MaskingError.missingWeightCoordinate) {
            try Quantizer.decodeWeightedMean(
                ModularVector(zeros: 0, modulus: parameters.modulus), parameters: parameters)
        }
    }

    @Test("decode rejects zero total weight")
    func decodeRejectsZeroTotalWeight() throws {
        let parameters = try Self.parameters()
        #expect(throws: MaskingError.totalWeightOutOfRange(totalWeight: 0, maximum: 5000)) {
            try Quantizer.decodeWeightedMean(
                ModularVector(zeros: 3, modulus: parameters.modulus), parameters: parameters)
        }
    }

    @Test("decode rejects excess total weight")
    func decodeRejectsExcessTotalWeight() throws {
        let parameters = try Self.parameters()
        let sum = try ModularVector(residues: [0, 5001], modulus: parameters.modulus)
        #expect(throws: MaskingError.totalWeightOutOfRange(totalWeight: 5001, maximum: 5000)) {
            try Quantizer.decodeWeightedMean(sum, parameters: parameters)
        }
    }

    @Test("decode rejects a sum beyond bound")
    func decodeRejectsSumBeyondBound() throws {
        let parameters = try Self.parameters()
        let beyond = parameters.sumBound + 1
        let sum = try ModularVector(residues: [0, beyond, 1], modulus: parameters.modulus)
        #expect(throws: MaskingError.sumOutOfRange(coordinate: 1, value: Int64(beyond), bound: parameters.sumBound)) {
            try Quantizer.decodeWeightedMean(sum, parameters: parameters)
        }
    }
}
