import SecAggPrimitives
import Testing

@testable import SecAggMasking

/// One simulated round: providers mask inputs over a graph, some drop out, and the aggregator unmasks the sum.
struct SimulatedRound {
    let modulus: Modulus
    let length: Int
    let graph: MaskingGraph
    let inputs: [UInt32: ModularVector]
    let selfSeeds: [UInt32: SecureBytes]
    let agreementKeys: [UInt32: X25519.PrivateKey]

    init(modulus: Modulus, length: Int, graph: MaskingGraph, inputs: [UInt32: ModularVector], seed: UInt64) {
        self.modulus = modulus
        self.length = length
        self.graph = graph
        self.inputs = inputs
        var random = SeededRandom(seed: seed)
        var seeds = [UInt32: SecureBytes]()
        var keys = [UInt32: X25519.PrivateKey]()
        for provider in graph.providers {
            seeds[provider] = random.secretBytes(count: 32)
            keys[provider] = X25519.PrivateKey(using: &random)
        }
        selfSeeds = seeds
        agreementKeys = keys
    }

    func context() throws -> MaskContext {
        try Fixture.context(modulus: modulus, length: length)
    }

    func pairKey(_ own: UInt32, _ peer: UInt32) throws -> MaskKey {
        guard let key = agreementKeys[own], let peerKey = agreementKeys[peer] else {
            throw MaskingError.providerNotInGraph(provider: peer)
        }
        return try MaskKey.pairwise(
            sharedSecret: key.sharedSecret(with: peerKey.publicKey), between: own, and: peer, context: context())
    }

    /// Returns the provider's input plus its self mask and its pairwise masks, computed in place.
    func maskedInput(of provider: UInt32) throws -> ModularVector {
        guard var vector = inputs[provider], let seed = selfSeeds[provider] else {
            throw MaskingError.providerNotInGraph(provider: provider)
        }
        var terms = [
            try MaskTerm.applied(
                by: provider, key: MaskKey.selfMask(seed: seed, provider: provider, context: context()))
        ]
        for peer in try graph.neighbours(of: provider) {
            terms.append(try MaskTerm.applied(by: provider, key: pairKey(provider, peer)))
        }
        try MaskEngine.apply(terms, to: &vector, threads: 2)
        return vector
    }

    /// Returns the aggregator's result: the sum of the survivors' masked inputs, minus the survivors' self masks
    /// and the pairwise masks between survivors and dropped providers. The aggregator recomputes a pairwise key
    /// from the dropped provider's reconstructed private key and the survivor's public key.
    func unmaskedSum(survivors: Set<UInt32>) throws -> ModularVector {
        var sum = try ModularVector(zeros: length, modulus: modulus)
        for provider in survivors.sorted() { try sum.add(maskedInput(of: provider)) }
        var removals = [MaskTerm]()
        for provider in survivors.sorted() {
            guard let seed = selfSeeds[provider] else { throw MaskingError.providerNotInGraph(provider: provider) }
            removals.append(
                try MaskTerm.removal(
                    of: MaskKey.selfMask(seed: seed, provider: provider, context: context()), appliedBy: provider))
        }
        for dropped in graph.providers where !survivors.contains(dropped) {
            for survivor in try graph.neighbours(of: dropped) where survivors.contains(survivor) {
                removals.append(try MaskTerm.removal(of: pairKey(dropped, survivor), appliedBy: survivor))
            }
        }
        try MaskEngine.apply(removals, to: &sum)
        return sum
    }

    func inputSum(survivors: Set<UInt32>) throws -> ModularVector {
        var sum = try ModularVector(zeros: length, modulus: modulus)
        for provider in survivors.sorted() {
            guard let input = inputs[provider] else { throw MaskingError.providerNotInGraph(provider: provider) }
            try sum.add(input)
        }
        return sum
    }
}

@Suite("Aggregation")
struct AggregationTests {
    static let providers: [UInt32] = [3, 8, 11, 20, 21, 40, 41, 77, 1000]

    /// Survivor sets: everyone, one dropout, several, a run of ring neighbours, and a single survivor.
    static let dropoutSets: [Set<UInt32>] = [
        [], [8], [3, 40, 1000], [11, 20, 21, 41], [3, 8, 11, 20, 21, 40, 41, 77],
    ]

    static func inputs(modulus: Modulus, length: Int) throws -> [UInt32: ModularVector] {
        var inputs = [UInt32: ModularVector]()
        for provider in providers {
            inputs[provider] = try ModularVector(
                residues: Fixture.residues(count: length, modulus: modulus, seed: UInt64(provider)), modulus: modulus)
        }
        return inputs
    }

    @Test("unmasked sum equals input sum", arguments: ModulusCase.sweep)
    func unmaskedSumEqualsInputSum(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let length = MaskEngine.segmentLength + 3
        let graph = try MaskingGraph.harary(
            providers: Self.providers, degree: 4, seed: [UInt8](repeating: 9, count: 32))
        let round = SimulatedRound(
            modulus: modulus, length: length, graph: graph, inputs: try Self.inputs(modulus: modulus, length: length),
            seed: 21)
        for dropped in Self.dropoutSets {
            let survivors = Set(Self.providers).subtracting(dropped)
            #expect(
                try round.unmaskedSum(survivors: survivors) == round.inputSum(survivors: survivors),
                "dropped: \(dropped.sorted())")
        }
    }

    @Test("complete graph sum equals input sum", arguments: [ModulusCase.power(32), .prime(4_294_967_291)])
    func completeGraphSumEqualsInputSum(modulusCase: ModulusCase) throws {
        let modulus = try modulusCase.make()
        let length = 101
        let graph = try MaskingGraph.complete(providers: Self.providers)
        let round = SimulatedRound(
            modulus: modulus, length: length, graph: graph, inputs: try Self.inputs(modulus: modulus, length: length),
            seed: 22)
        for dropped in Self.dropoutSets {
            let survivors = Set(Self.providers).subtracting(dropped)
            #expect(
                try round.unmaskedSum(survivors: survivors) == round.inputSum(survivors: survivors),
                "dropped: \(dropped.sorted())")
        }
    }

    @Test("masked input hides the input")
    func maskedInputHidesInput() throws {
        let modulus = try Modulus.powerOfTwo(bits: 32)
        let graph = try MaskingGraph.complete(providers: Self.providers)
        let round = SimulatedRound(
            modulus: modulus, length: 64, graph: graph, inputs: try Self.inputs(modulus: modulus, length: 64), seed: 23)
        let masked = try round.maskedInput(of: 3)
        let matching = zip(masked.residues, try #require(round.inputs[3]).residues).filter { $0 == $1 }.count
        #expect(matching < 4)
    }

    @Test("quantized masked sum decodes to mean", arguments: [ModulusChoice.smallestPowerOfTwo, .smallestPrime])
    func quantizedMaskedSumDecodesToMean(choice: ModulusChoice) throws {
        let dimension = 300
        let parameters = try ParameterPlanner.planQuantization(
            providerCount: Self.providers.count, maximumWeight: 10, clipBound: 2, maximumError: 1e-3, modulus: choice)
        var random = SeededRandom(seed: 31)
        var updates = [UInt32: [Double]]()
        var weights = [UInt32: UInt64]()
        var inputs = [UInt32: ModularVector]()
        for provider in Self.providers {
            let update = (0..<dimension).map { _ in Double.random(in: -3...3, using: &random) }
            let weight = UInt64.random(in: 1...10, using: &random)
            updates[provider] = update
            weights[provider] = weight
            inputs[provider] = try Quantizer.encode(update, weight: weight, parameters: parameters, randomness: &random)
        }
        let graph = try MaskingGraph.harary(
            providers: Self.providers, degree: 2, seed: [UInt8](repeating: 4, count: 32))
        let round = SimulatedRound(
            modulus: parameters.modulus, length: dimension + 1, graph: graph, inputs: inputs, seed: 24)
        let survivors = Set(Self.providers).subtracting([8, 77])
        let mean = try Quantizer.decodeWeightedMean(round.unmaskedSum(survivors: survivors), parameters: parameters)
        let expected = QuantizerTests.weightedMean(
            survivors.sorted().compactMap { updates[$0] }, weights: survivors.sorted().compactMap { weights[$0] },
            clipBound: 2)
        let worst = zip(mean.values, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= parameters.maximumError)
        #expect(mean.totalWeight == survivors.compactMap { weights[$0] }.reduce(0, +))
    }
}
