import Foundation
import SecAggLearning
import SecAggPrimitives
import Testing

@Suite("Splitting and standardisation")
struct SplittingTests {
    @Test("stratified split keeps class proportions")
    func splitProportions() throws {
        let data = try Fixtures.breastCancer()
        var rng = SeededRandom(seed: 1)
        let (train, test) = try data.stratifiedSplit(testFraction: 0.2, rng: &rng)
        #expect(test.classCounts() == [42, 71])
        #expect(train.classCounts() == [170, 286])
        #expect(train.classNames == data.classNames)
    }

    @Test("split covers each sample once")
    func splitCoversSamples() throws {
        let data = try Fixtures.indexed(count: 103, classCount: 3)
        var rng = SeededRandom(seed: 2)
        let (train, test) = try data.stratifiedSplit(testFraction: 0.25, rng: &rng)
        let ids = Fixtures.sampleIDs(train) + Fixtures.sampleIDs(test)
        #expect(ids.sorted() == Array(0..<103))
        for (position, id) in Fixtures.sampleIDs(test).enumerated() {
            #expect(test.labels[position] == id % 3)
        }
    }

    @Test("split repeats for same seed")
    func splitRepeatable() throws {
        let data = try Fixtures.indexed(count: 50, classCount: 2)
        var first = SeededRandom(seed: 3)
        var second = SeededRandom(seed: 3)
        let one = try data.stratifiedSplit(testFraction: 0.3, rng: &first)
        let two = try data.stratifiedSplit(testFraction: 0.3, rng: &second)
        #expect(one.train == two.train)
        #expect(one.test == two.test)
    }

    @Test("invalid test fraction rejected", arguments: [0.0, 1.0, -0.5, 1.5, Double.nan])
    func invalidFraction(fraction: Double) throws {
        let data = try Fixtures.indexed(count: 10, classCount: 2)
        var rng = SeededRandom(seed: 4)
        #expect(throws: DataError.self) {
            try data.stratifiedSplit(testFraction: fraction, rng: &rng)
        }
    }

    @Test("tiny split raises splitTooSmall")
    func tinySplit() throws {
        let data = try Fixtures.indexed(count: 2, classCount: 2)
        var rng = SeededRandom(seed: 5)
        #expect(throws: DataError.splitTooSmall(samples: 2, testFraction: 0.2)) {
            try data.stratifiedSplit(testFraction: 0.2, rng: &rng)
        }
    }

    @Test("standardised training data has unit variance")
    func standardizedMoments() throws {
        let data = try Fixtures.breastCancer()
        let standardized = try Standardizer(fitting: data).transform(data)
        let width = standardized.featureCount
        for column in 0..<width {
            let values = (0..<standardized.sampleCount).map { standardized.features[$0 * width + column] }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-9)
            #expect(abs(variance - 1) < 1e-9)
        }
    }

    @Test("test data uses training statistics")
    func standardizerUsesTrainingStatistics() throws {
        let train = try Dataset(
            features: [1, 5, 3, 5], labels: [0, 1], featureNames: ["a", "constant"], classNames: ["0", "1"])
        let test = try Dataset(
            features: [5, 7], labels: [1], featureNames: ["a", "constant"], classNames: ["0", "1"])
        let standardizer = try Standardizer(fitting: train)
        #expect(standardizer.means == [2, 5])
        #expect(standardizer.scales == [1, 1])
        let result = try standardizer.transform(test)
        #expect(result.features == [3, 2])
    }

    @Test("zero-variance feature stays finite")
    func zeroVariance() throws {
        let digits = try Fixtures.digits()
        let standardizer = try Standardizer(fitting: digits)
        #expect(standardizer.scales[0] == 1)
        let result = try standardizer.transform(digits)
        #expect(result.features.allSatisfy { $0.isFinite })
    }

    @Test("standardizer decoding checks scales")
    func standardizerDecoding() throws {
        let standardizer = try Standardizer(means: [1, 2], scales: [3, 4])
        let json = try JSONEncoder().encode(standardizer)
        #expect(try JSONDecoder().decode(Standardizer.self, from: json) == standardizer)
        let short = Data(#"{"means":[1,2],"scales":[3]}"#.utf8)
        #expect(throws: DataError.dimensionMismatch(what: "standardizer scales", expected: 2, actual: 1)) {
            try JSONDecoder().decode(Standardizer.self, from: short)
        }
        let zero = Data(#"{"means":[1],"scales":[0]}"#.utf8)
        #expect(
            throws: DataError.invalidParameter(name: "standardizer scale", value: 0, requirement: "positive and finite")
        ) {
            try JSONDecoder().decode(Standardizer.self, from: zero)
        }
    }

    @Test("standardizer rejects wrong width")
    func standardizerWidth() throws {
        let standardizer = try Standardizer(fitting: try Fixtures.indexed(count: 4, classCount: 2, featureCount: 3))
        let other = try Fixtures.indexed(count: 4, classCount: 2, featureCount: 2)
        #expect(throws: DataError.dimensionMismatch(what: "dataset to standardise", expected: 3, actual: 2)) {
            try standardizer.transform(other)
        }
    }
}

@Suite("Partitioning")
struct PartitioningTests {
    static let schemes: [PartitionScheme] = [
        .iid, .dirichlet(alpha: 0.1), .dirichlet(alpha: 1), .shards(perProvider: 2),
    ]

    @Test("partition covers each sample once", arguments: schemes)
    func coversSamples(scheme: PartitionScheme) throws {
        let data = try Fixtures.indexed(count: 500, classCount: 5)
        var rng = SeededRandom(seed: 6)
        let parts = try data.partition(providers: 7, scheme: scheme, minimumPerProvider: 10, rng: &rng)
        #expect(parts.count == 7)
        #expect(parts.flatMap(Fixtures.sampleIDs).sorted() == Array(0..<500))
        #expect(parts.allSatisfy { $0.sampleCount >= 10 })
        #expect(parts.allSatisfy { $0.classCount == 5 })
    }

    @Test("IID partition balances sizes and classes")
    func iidBalanced() throws {
        let data = try Fixtures.indexed(count: 503, classCount: 4)
        var rng = SeededRandom(seed: 7)
        let parts = try data.partition(providers: 10, scheme: .iid, rng: &rng)
        let sizes = parts.map(\.sampleCount)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        for part in parts {
            let counts = part.classCounts()
            #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 2)
        }
    }

    @Test("small alpha skews labels")
    func dirichletSkew() throws {
        let data = try Fixtures.digits()
        var rng = SeededRandom(seed: 8)
        let parts = try data.partition(providers: 10, scheme: .dirichlet(alpha: 0.1), minimumPerProvider: 20, rng: &rng)
        let missingClasses = parts.map { $0.classCounts().filter { $0 == 0 }.count }
        #expect(missingClasses.reduce(0, +) >= 20)
        #expect(parts.allSatisfy { $0.sampleCount >= 20 })
    }

    @Test("shards give few classes each")
    func shardsFewClasses() throws {
        let data = try Fixtures.digits()
        var rng = SeededRandom(seed: 9)
        let parts = try data.partition(providers: 10, scheme: .shards(perProvider: 2), rng: &rng)
        for part in parts {
            #expect(part.classCounts().filter { $0 > 0 }.count <= 4)
        }
    }

    @Test("partition repeats for same seed")
    func partitionRepeatable() throws {
        let data = try Fixtures.indexed(count: 200, classCount: 4)
        var first = SeededRandom(seed: 10)
        var second = SeededRandom(seed: 10)
        let one = try data.partition(providers: 5, scheme: .dirichlet(alpha: 0.5), rng: &first)
        let two = try data.partition(providers: 5, scheme: .dirichlet(alpha: 0.5), rng: &second)
        #expect(one == two)
    }

    @Test("too many providers rejected")
    func tooManyProviders() throws {
        let data = try Fixtures.indexed(count: 30, classCount: 2)
        var rng = SeededRandom(seed: 11)
        #expect(throws: DataError.tooFewSamples(samples: 30, providers: 31, minimumPerProvider: 1)) {
            try data.partition(providers: 31, scheme: .iid, rng: &rng)
        }
        #expect(throws: DataError.tooFewSamples(samples: 30, providers: 4, minimumPerProvider: 8)) {
            try data.partition(providers: 4, scheme: .dirichlet(alpha: 1), minimumPerProvider: 8, rng: &rng)
        }
        #expect(throws: DataError.tooFewSamples(samples: 30, providers: 4, minimumPerProvider: 8)) {
            try data.partition(providers: 4, scheme: .shards(perProvider: 8), rng: &rng)
        }
    }

    @Test("minimum met when data just suffices", arguments: schemes)
    func exactMinimum(scheme: PartitionScheme) throws {
        let data = try Fixtures.indexed(count: 40, classCount: 4)
        var rng = SeededRandom(seed: 12)
        let parts = try data.partition(providers: 5, scheme: scheme, minimumPerProvider: 8, rng: &rng)
        #expect(parts.map(\.sampleCount) == [8, 8, 8, 8, 8])
    }

    static let invalidPartitionArguments: [(providers: Int, scheme: PartitionScheme, minimum: Int)] = [
        (0, .iid, 1), (3, .iid, 0), (3, .dirichlet(alpha: 0), 1), (3, .dirichlet(alpha: -1), 1),
        (3, .dirichlet(alpha: .infinity), 1), (3, .shards(perProvider: 0), 1),
    ]

    @Test("invalid partition arguments rejected", arguments: invalidPartitionArguments)
    func invalidArguments(providers: Int, scheme: PartitionScheme, minimum: Int) throws {
        let data = try Fixtures.indexed(count: 30, classCount: 2)
        var rng = SeededRandom(seed: 13)
        #expect(throws: DataError.self) {
            try data.partition(providers: providers, scheme: scheme, minimumPerProvider: minimum, rng: &rng)
        }
    }

    @Test("pooled partitions restore sample count")
    func pooledPartitions() throws {
        let data = try Fixtures.indexed(count: 90, classCount: 3)
        var rng = SeededRandom(seed: 14)
        let parts = try data.partition(providers: 4, scheme: .iid, rng: &rng)
        let pooled = try Dataset.pooled(parts)
        #expect(pooled.sampleCount == 90)
        #expect(Fixtures.sampleIDs(pooled).sorted() == Array(0..<90))
    }

    @Test("pooling mismatched datasets fails")
    func pooledMismatch() throws {
        let narrow = try Fixtures.indexed(count: 4, classCount: 2, featureCount: 2)
        let wide = try Fixtures.indexed(count: 4, classCount: 2, featureCount: 3)
        #expect(throws: DataError.self) {
            try Dataset.pooled([narrow, wide])
        }
        #expect(throws: DataError.emptyInput(what: "list of datasets to pool")) {
            try Dataset.pooled([])
        }
    }
}

@Suite("Random distributions")
struct RandomDistributionTests {
    @Test("gamma sample moments match shape", arguments: [0.3, 1.0, 4.5])
    func gammaMoments(shape: Double) throws {
        var rng = SeededRandom(seed: 15)
        let count = 20_000
        var samples = [Double]()
        for _ in 0..<count {
            samples.append(try RandomDistributions.gamma(shape: shape, rng: &rng))
        }
        let mean = samples.reduce(0, +) / Double(count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
        #expect(abs(mean - shape) < 0.05 * Swift.max(shape, 1))
        #expect(abs(variance - shape) < 0.1 * Swift.max(shape, 1))
        #expect(samples.allSatisfy { $0 >= 0 })
    }

    @Test("dirichlet vector sums to one", arguments: [0.001, 0.1, 1.0, 50.0])
    func dirichletSums(alpha: Double) throws {
        var rng = SeededRandom(seed: 16)
        for _ in 0..<100 {
            let vector = try RandomDistributions.dirichlet(concentrations: Array(repeating: alpha, count: 8), rng: &rng)
            #expect(abs(vector.reduce(0, +) - 1) < 1e-12)
            #expect(vector.allSatisfy { $0 >= 0 })
            #expect(vector.allSatisfy { $0.isFinite })
        }
    }

    @Test("invalid gamma shape rejected", arguments: [0.0, -1.0, Double.nan, Double.infinity])
    func invalidShape(shape: Double) {
        var rng = SeededRandom(seed: 17)
        #expect(throws: DataError.self) {
            try RandomDistributions.gamma(shape: shape, rng: &rng)
        }
    }

    @Test("bounded index covers range")
    func indexRange() {
        var rng = SeededRandom(seed: 18)
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<5000 {
            counts[RandomDistributions.index(below: 5, rng: &rng)] += 1
        }
        #expect(counts.allSatisfy { $0 > 900 })
        #expect(counts.allSatisfy { $0 < 1100 })
    }
}
