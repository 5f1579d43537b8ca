import Foundation
import SecAggPrimitives
import Testing

@testable import SecAggMasking

@Suite("Quantization planner")
struct QuantizationPlannerTests {
    @Test("largest provider count fits", arguments: [(16, 1, 511), (20, 3, 2730), (32, 1000, 33554)])
    func largestProviderCountFits(bits: Int, weight: UInt64, largest: Int) throws {
        // c = 1 and ε = 1/64 give s = 64 and Q = 64, so 2·n·W·64 < 2^bits decides.
        let modulus = try Modulus.powerOfTwo(bits: bits)
        let plan = try ParameterPlanner.planQuantization(
            providerCount: largest, maximumWeight: weight, clipBound: 1, maximumError: 1.0 / 64,
            modulus: .fixed(modulus))
        #expect(plan.sumBound == UInt64(largest) * weight * 64)
        #expect(UInt128(2 * plan.sumBound) < modulus.value)
        #expect(
            throws: MaskingError.sumMayWrap(
                providerCount: largest + 1, maximumWeight: weight, coordinateBound: 64, modulus: modulus,
                largestProviderCount: largest)
        ) {
            try ParameterPlanner.planQuantization(
                providerCount: largest + 1, maximumWeight: weight, clipBound: 1, maximumError: 1.0 / 64,
                modulus: .fixed(modulus))
        }
    }

    @Test("wrap error names the fix")
    func wrapErrorNamesFix() throws {
        let error = #expect(throws: MaskingError.self) {
            try ParameterPlanner.planQuantization(
                providerCount: 512, maximumWeight: 1, clipBound: 1, maximumError: 1.0 / 64,
                modulus: .fixed(Modulus.powerOfTwo(bits: 16)))
        }
        #expect(error?.description.contains("use at most 511 providers") == true)
        #expect(error?.description.contains("a wider modulus") == true)
    }

    @Test("prime boundary is exact")
    func primeBoundaryIsExact() throws {
        // 2·n·3·64 < 65521 holds for n = 170 (65280) and fails for n = 171 (65664).
        let modulus = try Modulus.prime(65_521)
        let plan = try ParameterPlanner.planQuantization(
            providerCount: 170, maximumWeight: 3, clipBound: 1, maximumError: 1.0 / 64, modulus: .fixed(modulus))
        #expect(plan.sumBound == 32_640)
        #expect(
            throws: MaskingError.sumMayWrap(
                providerCount: 171, maximumWeight: 3, coordinateBound: 64, modulus: modulus, largestProviderCount: 170)
        ) {
            try ParameterPlanner.planQuantization(
                providerCount: 171, maximumWeight: 3, clipBound: 1, maximumError: 1.0 / 64, modulus: .fixed(modulus))
        }
    }

    @Test("planner agrees with exact wrap check")
    func plannerAgreesWithExactWrapCheck() throws {
        var random = SeededRandom(seed: 51)
        for _ in 0..<500 {
            let bits = Int.random(in: 2...64, using: &random)
            let providers = Int.random(in: 1...100_000, using: &random)
            let weight = UInt64.random(in: 1...5000, using: &random)
            let clipBound = Double.random(in: 0.01...20, using: &random)
            let maximumError = Double.random(in: 1e-7...0.5, using: &random)
            let modulus = try Modulus.powerOfTwo(bits: bits)
            let scale = ParameterPlanner.scale(forMaximumError: maximumError)
            let coordinateBound = UInt128((clipBound * scale).rounded(.up))
            let fits = 2 * UInt128(providers) * UInt128(weight) * coordinateBound < modulus.value
            let planned = try? ParameterPlanner.planQuantization(
                providerCount: providers, maximumWeight: weight, clipBound: clipBound, maximumError: maximumError,
                modulus: .fixed(modulus))
            #expect((planned != nil) == fits, "bits \(bits), n \(providers), W \(weight), c \(clipBound)")
        }
    }

    @Test("smallest power of two is minimal")
    func smallestPowerOfTwoIsMinimal() throws {
        var random = SeededRandom(seed: 52)
        for _ in 0..<200 {
            let providers = Int.random(in: 1...1_000_000, using: &random)
            let weight = UInt64.random(in: 1...1000, using: &random)
            let plan = try ParameterPlanner.planQuantization(
                providerCount: providers, maximumWeight: weight, clipBound: 3, maximumError: 1e-4)
            let twice = 2 * UInt128(plan.sumBound)
            #expect(twice < plan.modulus.value)
            #expect(twice >= plan.modulus.value / 2, "a modulus of one bit fewer would hold the sums")
        }
    }

    @Test("smallest prime is minimal")
    func smallestPrimeIsMinimal() throws {
        let plan = try ParameterPlanner.planQuantization(
            providerCount: 100, maximumWeight: 7, clipBound: 1, maximumError: 1e-3, modulus: .smallestPrime)
        guard case .prime(let prime) = plan.modulus.kind else {
            Issue.record("expected a prime modulus, got \(plan.modulus)")
            return
        }
        #expect(prime > 2 * plan.sumBound)
        #expect(((2 * plan.sumBound + 1)..<prime).allSatisfy { !Primality.isPrime($0) })
    }

    @Test("scale meets requested precision")
    func scaleMeetsRequestedPrecision() throws {
        for (maximumError, scale) in [(0.25, 4.0), (0.01, 128.0), (1.0, 1.0), (3.0, 0.5), (1e-6, 1_048_576.0)] {
            let plan = try ParameterPlanner.planQuantization(
                providerCount: 10, maximumWeight: 1, clipBound: 1, maximumError: maximumError)
            #expect(plan.scale == scale, "maximum error \(maximumError)")
            #expect(plan.maximumError <= maximumError)
        }
    }

    @Test("planner rejects too many bits")
    func plannerRejectsTooManyBits() throws {
        // 2 · 2^32 · 2^40 · 2^20 = 2^93 needs a 94-bit modulus.
        #expect(throws: MaskingError.bitWidthExceeded(requiredBits: 94, maximum: 64)) {
            try ParameterPlanner.planQuantization(
                providerCount: 1 << 32, maximumWeight: 1 << 40, clipBound: 1, maximumError: 0x1p-20)
        }
        #expect(throws: MaskingError.bitWidthExceeded(requiredBits: 94, maximum: 64)) {
            try ParameterPlanner.planQuantization(
                providerCount: 1 << 32, maximumWeight: 1 << 40, clipBound: 1, maximumError: 0x1p-20,
                modulus: .smallestPrime)
        }
    }

    @Test("planner rejects invalid requests")
    func plannerRejectsInvalidRequests() throws {
        let notANumber = #expect(throws: MaskingError.self) {
            try ParameterPlanner.planQuantization(providerCount: 10, maximumWeight: 1, clipBound: 1, maximumError: .nan)
        }
        #expect(isInvalidPrecision(notANumber))
        for maximumError in [0.0, -1, .infinity] {
            #expect(throws: MaskingError.invalidPrecision(maximumError: maximumError)) {
                try ParameterPlanner.planQuantization(
                    providerCount: 10, maximumWeight: 1, clipBound: 1, maximumError: maximumError)
            }
        }
        #expect(throws: MaskingError.invalidClipBound(clipBound: 0)) {
            try ParameterPlanner.planQuantization(providerCount: 10, maximumWeight: 1, clipBound: 0, maximumError: 0.1)
        }
        #expect(throws: MaskingError.invalidMaximumWeight(maximumWeight: 0)) {
            try ParameterPlanner.planQuantization(providerCount: 10, maximumWeight: 0, clipBound: 1, maximumError: 0.1)
        }
        #expect(throws: MaskingError.invalidProviderCount(count: 0, minimum: 1, maximum: 1 << 32)) {
            try ParameterPlanner.planQuantization(providerCount: 0, maximumWeight: 1, clipBound: 1, maximumError: 0.1)
        }
        #expect(throws: MaskingError.scaledClipBoundTooLarge(scaledClipBound: 0x1p63, maximum: 0x1p62)) {
            try ParameterPlanner.planQuantization(
                providerCount: 1, maximumWeight: 1, clipBound: 0x1p40, maximumError: 0x1p-23)
        }
    }

    func isInvalidPrecision(_ error: MaskingError?) -> Bool {
        if case .invalidPrecision(let value) = error { return value.isNaN }
        return false
    }

    @Test("parameters reject invalid values")
    func parametersRejectInvalidValues() throws {
        let modulus = try Modulus.powerOfTwo(bits: 32)
        func make(clip: Double = 1, scale: Double = 64, weight: UInt64 = 1, providers: Int = 10) throws {
            _ = try QuantizationParameters(
                modulus: modulus, clipBound: clip, scale: scale, maximumWeight: weight, maximumProviderCount: providers)
        }
        for clip in [0.0, -1, .infinity] {
            #expect(throws: MaskingError.invalidClipBound(clipBound: clip)) { try make(clip: clip) }
        }
        for scale in [0.0, -4, 3, .infinity, 0x1p-1074] {
            #expect(throws: MaskingError.invalidScale(scale: scale)) { try make(scale: scale) }
        }
        #expect(throws: MaskingError.scaledClipBoundTooLarge(scaledClipBound: 0x1p63, maximum: 0x1p62)) {
            try make(clip: 2, scale: 0x1p62)
        }
        #expect(throws: MaskingError.invalidMaximumWeight(maximumWeight: 0)) { try make(weight: 0) }
        #expect(throws: MaskingError.invalidProviderCount(count: 0, minimum: 1, maximum: 1 << 32)) {
            try make(providers: 0)
        }
        #expect(throws: MaskingError.invalidProviderCount(count: (1 << 32) + 1, minimum: 1, maximum: 1 << 32)) {
            try make(providers: (1 << 32) + 1)
        }
    }
}

@Suite("Graph planner")
struct GraphPlannerTests {
    static let securityTarget = -Double(ParameterPlanner.statisticalSecurity)
    static let completionTarget = -Double(ParameterPlanner.completionFailureExponent)

    @Test(
        "plan meets every target",
        arguments: [
            (100, 0.05, 0.1), (1000, 0.1, 0.2), (10_000, 0.2, 0.3), (100_000, 0.05, 0.05), (1000, 0.0, 0.0),
            (500, 0.3, 0.0),
        ])
    func planMeetsEveryTarget(providers: Int, dropout: Double, corrupt: Double) throws {
        let plan = try ParameterPlanner.planGraph(
            providerCount: providers, dropoutRate: dropout, corruptFraction: corrupt)
        #expect(plan.log2CompletionFailure <= Self.completionTarget)
        #expect(plan.log2SecretExposure <= Self.securityTarget)
        #expect(plan.log2Disconnection <= Self.securityTarget)
        #expect(plan.feasibleThresholds.contains(plan.threshold))
        #expect(plan.isComplete || plan.degree % 2 == 0)
    }

    @Test("chosen degree is minimal", arguments: [(1000, 0.1, 0.2), (10_000, 0.2, 0.3), (300, 0.05, 0.1)])
    func chosenDegreeIsMinimal(providers: Int, dropout: Double, corrupt: Double) throws {
        let plan = try ParameterPlanner.planGraph(
            providerCount: providers, dropoutRate: dropout, corruptFraction: corrupt)
        let conditions = GraphConditions(
            providerCount: providers, dropoutRate: dropout, corruptCount: plan.corruptProviderCount,
            aggregator: .semiHonest)
        #expect(!plan.isComplete)
        #expect(stride(from: 2, to: plan.degree, by: 2).allSatisfy { conditions.plan(degree: $0) == nil })
    }

    @Test("sparse graph for many providers")
    func sparseGraphForManyProviders() throws {
        let plan = try ParameterPlanner.planGraph(providerCount: 100_000, dropoutRate: 0.1, corruptFraction: 0.1)
        #expect(!plan.isComplete)
        #expect(plan.degree < 200)
    }

    @Test("complete graph for few providers")
    func completeGraphForFewProviders() throws {
        let plan = try ParameterPlanner.planGraph(providerCount: 8, dropoutRate: 0.01, corruptFraction: 0.2)
        #expect(plan.isComplete)
        #expect(plan.degree == 7)
        // One corrupt provider: a threshold of 2 or more keeps an honest provider's secrets.
        #expect(plan.feasibleThresholds.lowerBound == 2)
    }

    @Test("malicious aggregator needs majority threshold")
    func maliciousAggregatorNeedsMajorityThreshold() throws {
        let plan = try ParameterPlanner.planGraph(
            providerCount: 1000, dropoutRate: 0.05, corruptFraction: 0.1, aggregator: .malicious)
        #expect(2 * plan.feasibleThresholds.lowerBound > plan.degree)
        #expect(plan.log2SecretExposure <= Self.securityTarget)
    }

    @Test("log-space tails match direct sums")
    func logSpaceTailsMatchDirectSums() {
        // Direct products and sums in Double are accurate for these small cases.
        func choose(_ n: Int, _ k: Int) -> Double { (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) } }
        let binomial = LogProbability.binomialUpperTails(trials: 30, probability: 0.2)
        for x in [0, 5, 12, 30] {
            let direct = (x...30).reduce(0.0) { $0 + choose(30, $1) * pow(0.2, Double($1)) * pow(0.8, Double(30 - $1)) }
            #expect(abs(exp(binomial[x]) - direct) <= 1e-12 * max(direct, 1e-300) + 1e-300, "x: \(x)")
        }
        let hypergeometric = LogProbability.hypergeometricUpperTails(population: 60, successes: 15, draws: 20)
        for x in [0, 3, 10, 15] {
            let direct = (x...15).reduce(0.0) { $0 + choose(15, $1) * choose(45, 20 - $1) } / choose(60, 20)
            #expect(abs(exp(hypergeometric[x]) - direct) <= 1e-10 * direct, "x: \(x)")
        }
    }

    @Test("planner rejects impossible targets")
    func plannerRejectsImpossibleTargets() throws {
        #expect(throws: MaskingError.noGraphMeetsTargets(providerCount: 20, dropoutRate: 0.5, corruptFraction: 0.5)) {
            try ParameterPlanner.planGraph(providerCount: 20, dropoutRate: 0.5, corruptFraction: 0.5)
        }
        #expect(throws: MaskingError.noGraphMeetsTargets(providerCount: 2, dropoutRate: 0.1, corruptFraction: 0)) {
            try ParameterPlanner.planGraph(providerCount: 2, dropoutRate: 0.1, corruptFraction: 0)
        }
    }

    @Test("planner rejects invalid rates")
    func plannerRejectsInvalidRates() throws {
        let notANumber = #expect(throws: MaskingError.self) {
            try ParameterPlanner.planGraph(providerCount: 100, dropoutRate: .nan, corruptFraction: 0.1)
        }
        #expect(notANumber?.description.hasPrefix("invalid dropout rate nan") == true)
        for rate in [1.0, -0.1] {
            #expect(throws: MaskingError.invalidRate(name: "dropout rate", value: rate)) {
                try ParameterPlanner.planGraph(providerCount: 100, dropoutRate: rate, corruptFraction: 0.1)
            }
            #expect(throws: MaskingError.invalidRate(name: "corrupt fraction", value: rate)) {
                try ParameterPlanner.planGraph(providerCount: 100, dropoutRate: 0.1, corruptFraction: rate)
            }
        }
        #expect(throws: MaskingError.invalidProviderCount(count: 1, minimum: 2, maximum: 1 << 32)) {
            try ParameterPlanner.planGraph(providerCount: 1, dropoutRate: 0.1, corruptFraction: 0.1)
        }
    }

    @Test("combined plan has both parts")
    func combinedPlanHasBothParts() throws {
        let plan = try ParameterPlanner.plan(
            providerCount: 1000, maximumWeight: 10, clipBound: 1, maximumError: 1e-4, dropoutRate: 0.1,
            corruptFraction: 0.1)
        #expect(plan.quantization.maximumProviderCount == 1000)
        #expect(plan.graph.providerCount == 1000)
    }
}
