import SecAggPrimitives
import Testing

@testable import SecAggMasking

@Suite("Masking graph")
struct GraphTests {
    static let seed = [UInt8](repeating: 0x11, count: 32)

    static func providers(_ count: Int) -> [UInt32] {
        (0..<count).map { UInt32($0 * 7 + 100) }
    }

    @Test("harary graph is regular", arguments: [(3, 2), (10, 2), (10, 4), (11, 6), (101, 10), (64, 62)])
    func hararyGraphIsRegular(count: Int, degree: Int) throws {
        let graph = try MaskingGraph.harary(providers: Self.providers(count), degree: degree, seed: Self.seed)
        for provider in graph.providers {
            let neighbours = try graph.neighbours(of: provider)
            #expect(neighbours.count == degree, "provider \(provider)")
            #expect(Set(neighbours).count == degree, "provider \(provider)")
            #expect(!neighbours.contains(provider), "provider \(provider)")
            #expect(neighbours.allSatisfy { graph.areNeighbours($0, provider) }, "provider \(provider)")
        }
        let edgeCount = graph.providers.reduce(0) { sum, provider in
            sum + graph.providers.filter { graph.areNeighbours(provider, $0) }.count
        }
        #expect(edgeCount == count * degree)
    }

    @Test("ring is a permutation")
    func ringIsPermutation() throws {
        var random = SeededRandom(seed: 99)
        let providers = Self.providers(257).shuffled(using: &random)
        let graph = try MaskingGraph.harary(providers: providers, degree: 8, seed: Self.seed)
        #expect(graph.ring.sorted() == providers.sorted())
        #expect(graph.providers == providers.sorted())
        #expect(graph.ring != graph.providers)
    }

    @Test("ring order depends only on seed")
    func ringOrderDependsOnlyOnSeed() throws {
        let providers = Self.providers(50)
        let first = try MaskingGraph.harary(providers: providers, degree: 4, seed: Self.seed)
        let reordered = try MaskingGraph.harary(providers: providers.reversed(), degree: 4, seed: Self.seed)
        let otherSeed = try MaskingGraph.harary(
            providers: providers, degree: 4, seed: [UInt8](repeating: 0x12, count: 32))
        #expect(first.ring == reordered.ring)
        #expect(first.ring != otherSeed.ring)
    }

    @Test("shuffle is uniform over orders")
    func shuffleIsUniformOverOrders() throws {
        // Four providers have 24 orders; 2400 seeds give about 100 of each.
        var counts = [[UInt32]: Int]()
        for index in 0..<2400 {
            var seed = [UInt8](repeating: 0, count: 32)
            seed[0] = UInt8(index & 0xff)
            seed[1] = UInt8(index >> 8)
            let graph = try MaskingGraph.harary(providers: [1, 2, 3, 4], degree: 2, seed: seed)
            counts[graph.ring, default: 0] += 1
        }
        let statistic = counts.values.reduce(0.0) { $0 + pow2(Double($1) - 100) / 100 }
        #expect(counts.count == 24)
        // Chi-square with 23 degrees of freedom exceeds 60 with probability below 10^-4.
        #expect(statistic < 60, "chi-square \(statistic)")
    }

    @Test("odd full degree is complete")
    func oddFullDegreeIsComplete() throws {
        let graph = try MaskingGraph.harary(providers: Self.providers(7), degree: 6, seed: Self.seed)
        #expect(graph.isComplete)
        #expect(try graph.neighbours(of: 100) == [107, 114, 121, 128, 135, 142])
    }

    @Test("complete graph joins every pair")
    func completeGraphJoinsEveryPair() throws {
        let graph = try MaskingGraph.complete(providers: [9, 2, 5])
        #expect(try graph.neighbours(of: 5) == [2, 9])
        #expect(graph.areNeighbours(2, 9))
        #expect(!graph.areNeighbours(2, 2))
        #expect(!graph.areNeighbours(2, 3))
        #expect(graph.degree == 2)
    }

    @Test("graph follows the plan")
    func graphFollowsPlan() throws {
        let plan = try ParameterPlanner.planGraph(providerCount: 300, dropoutRate: 0.05, corruptFraction: 0.1)
        let graph = try MaskingGraph.make(plan: plan, providers: Self.providers(300), seed: Self.seed)
        #expect(graph.degree == plan.degree)
        #expect(graph.isComplete == plan.isComplete)
        #expect(throws: MaskingError.invalidProviderCount(count: 299, minimum: 300, maximum: 300)) {
            try MaskingGraph.make(plan: plan, providers: Self.providers(299), seed: Self.seed)
        }
    }

    @Test("seed binds task and round")
    func seedBindsTaskAndRound() throws {
        let session = [UInt8](repeating: 1, count: 32)
        let base = try MaskingGraph.seed(taskID: [1], round: 1, sessionID: session)
        #expect(base.count == 32)
        #expect(base != (try MaskingGraph.seed(taskID: [1], round: 2, sessionID: session)))
        #expect(base != (try MaskingGraph.seed(taskID: [2], round: 1, sessionID: session)))
        #expect(base != (try MaskingGraph.seed(taskID: [1], round: 1, sessionID: [UInt8](repeating: 2, count: 32))))
        #expect(throws: MaskingError.invalidSessionID(byteCount: 31, expected: 32)) {
            try MaskingGraph.seed(taskID: [1], round: 1, sessionID: [UInt8](repeating: 1, count: 31))
        }
    }

    @Test("graph rejects invalid input")
    func graphRejectsInvalidInput() throws {
        #expect(throws: MaskingError.duplicateProviderID(id: 5)) {
            try MaskingGraph.harary(providers: [1, 5, 3, 5], degree: 2, seed: Self.seed)
        }
        #expect(throws: MaskingError.duplicateProviderID(id: 5)) {
            try MaskingGraph.complete(providers: [5, 5])
        }
        for degree in [0, 3, 10, -2] {
            #expect(throws: MaskingError.invalidDegree(degree: degree, providerCount: 10)) {
                try MaskingGraph.harary(providers: Self.providers(10), degree: degree, seed: Self.seed)
            }
        }
        #expect(throws: MaskingError.invalidGraphSeed(byteCount: 16, expected: 32)) {
            try MaskingGraph.harary(providers: Self.providers(10), degree: 2, seed: [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: MaskingError.invalidProviderCount(count: 2, minimum: 3, maximum: 1 << 32)) {
            try MaskingGraph.harary(providers: [1, 2], degree: 2, seed: Self.seed)
        }
        #expect(throws: MaskingError.invalidProviderCount(count: 1, minimum: 2, maximum: 1 << 32)) {
            try MaskingGraph.complete(providers: [1])
        }
        #expect(throws: MaskingError.providerNotInGraph(provider: 4)) {
            try MaskingGraph.complete(providers: [1, 2]).neighbours(of: 4)
        }
    }
}

private func pow2(_ value: Double) -> Double { value * value }
