import Foundation
import SecAggLearning
import SecAggPrimitives
import Testing

@Suite("Linear models")
struct ModelTests {
    /// A small random dataset and a model with random parameters, for gradient checks.
    static func randomProblem(kind: ModelKind, seed: UInt64) throws -> (model: LinearModel, data: Dataset) {
        var rng = SeededRandom(seed: seed)
        let featureCount = 5
        let classCount = kind == .logistic ? 2 : 4
        let sampleCount = 23
        var features = [Double]()
        for _ in 0..<sampleCount * featureCount {
            features.append(RandomDistributions.standardNormal(rng: &rng))
        }
        let labels = (0..<sampleCount).map { _ in RandomDistributions.index(below: classCount, rng: &rng) }
        let data = try Dataset(
            features: features, labels: labels, featureNames: (0..<featureCount).map { "f\($0)" },
            classNames: (0..<classCount).map { "c\($0)" })
        let zero = try LinearModel(kind: kind, featureCount: featureCount, classCount: classCount)
        let parameters = zero.parameters.map { _ in RandomDistributions.standardNormal(rng: &rng) }
        return (try zero.replacingParameters(parameters), data)
    }

    @Test("gradient matches finite differences", arguments: ModelKind.allCases)
    func finiteDifferences(kind: ModelKind) throws {
        let (model, data) = try Self.randomProblem(kind: kind, seed: 20)
        let l2 = 0.3
        let analytic = try model.gradient(on: data, l2: l2)
        let step = 1e-5
        for index in model.parameters.indices {
            var plus = model.parameters
            var minus = model.parameters
            plus[index] += step
            minus[index] -= step
            let lossPlus = try model.replacingParameters(plus).loss(on: data, l2: l2)
            let lossMinus = try model.replacingParameters(minus).loss(on: data, l2: l2)
            let numeric = (lossPlus - lossMinus) / (2 * step)
            #expect(abs(numeric - analytic[index]) < 1e-7 * Swift.max(1, abs(numeric)))
        }
    }

    @Test("loss stays finite for huge logits", arguments: ModelKind.allCases)
    func stableLoss(kind: ModelKind) throws {
        let (model, data) = try Self.randomProblem(kind: kind, seed: 21)
        let huge = try model.replacingParameters(model.parameters.map { $0 * 1e4 })
        let loss = try huge.loss(on: data)
        #expect(loss.isFinite)
        #expect(loss > 0)
        #expect(try huge.gradient(on: data).allSatisfy { $0.isFinite })
    }

    @Test("zero model has log-k loss", arguments: ModelKind.allCases)
    func zeroModelLoss(kind: ModelKind) throws {
        let (model, data) = try Self.randomProblem(kind: kind, seed: 22)
        let zero = try model.replacingParameters(Array(repeating: 0, count: model.parameters.count))
        #expect(abs(try zero.loss(on: data) - log(Double(model.classCount))) < 1e-12)
    }

    @Test("descriptor layouts and counts")
    func descriptorCounts() throws {
        let logistic = try LinearModel(kind: .logistic, featureCount: 30, classCount: 2)
        #expect(logistic.descriptor.parameterCount == 31)
        #expect(logistic.parameters.count == 31)
        #expect(logistic.descriptor.range(of: "bias") == 30..<31)
        let softmax = try LinearModel(kind: .softmax, featureCount: 64, classCount: 10)
        #expect(softmax.descriptor.parameterCount == 650)
        #expect(softmax.descriptor.tensors.map(\.shape) == [[10, 64], [10]])
        #expect(softmax.descriptor.range(of: "bias") == 640..<650)
        #expect(softmax.descriptor.range(of: "missing") == nil)
    }

    @Test("ResNet-50 descriptor has 25,557,032 parameters")
    func resNet50Count() {
        let descriptor = ModelDescriptor.resNet50
        #expect(descriptor.parameterCount == 25_557_032)
        #expect(descriptor.tensors.count == 161)
        #expect(descriptor.range(of: "fc.bias") == 25_556_032..<25_557_032)
    }

    @Test("descriptor decoding rejects bad shapes")
    func descriptorDecoding() throws {
        let valid = try JSONEncoder().encode(ModelDescriptor.softmax(featureCount: 3, classCount: 2))
        let decoded = try JSONDecoder().decode(ModelDescriptor.self, from: valid)
        #expect(decoded == .softmax(featureCount: 3, classCount: 2))
        let negative = Data(#"{"name":"bad","tensors":[{"name":"w","shape":[3,-1]}]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelDescriptor.self, from: negative)
        }
        let duplicate = Data(#"{"name":"bad","tensors":[{"name":"w","shape":[1]},{"name":"w","shape":[2]}]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelDescriptor.self, from: duplicate)
        }
        let huge = Data(#"{"name":"bad","tensors":[{"name":"w","shape":[4294967296,4294967296]}]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelDescriptor.self, from: huge)
        }
    }

    @Test("model JSON round trip")
    func modelCodable() throws {
        let (model, _) = try Self.randomProblem(kind: .softmax, seed: 23)
        let decoded = try JSONDecoder().decode(LinearModel.self, from: try JSONEncoder().encode(model))
        #expect(decoded == model)
        let wrongCount = Data(#"{"kind":"softmax","featureCount":2,"classCount":3,"parameters":[1,2]}"#.utf8)
        #expect(throws: DataError.dimensionMismatch(what: "parameter vector", expected: 9, actual: 2)) {
            try JSONDecoder().decode(LinearModel.self, from: wrongCount)
        }
    }

    @Test("mismatched shapes rejected")
    func shapeErrors() throws {
        let model = try LinearModel(kind: .softmax, featureCount: 2, classCount: 3)
        let wide = try Fixtures.indexed(count: 6, classCount: 3, featureCount: 4)
        #expect(throws: DataError.dimensionMismatch(what: "dataset features", expected: 2, actual: 4)) {
            try model.predict(wide)
        }
        let manyClasses = try Fixtures.indexed(count: 6, classCount: 5, featureCount: 2)
        #expect(throws: DataError.classCountMismatch(modelClasses: 3, dataClasses: 5)) {
            try model.loss(on: manyClasses)
        }
        #expect(throws: DataError.classCountMismatch(modelClasses: 2, dataClasses: 3)) {
            try LinearModel(kind: .logistic, featureCount: 2, classCount: 3)
        }
        #expect(throws: DataError.invalidParameter(name: "model parameter", value: .infinity, requirement: "finite")) {
            try model.replacingParameters(Array(repeating: .infinity, count: 9))
        }
    }

    static let invalidConfigs: [TrainingConfig] = [
        TrainingConfig(learningRate: 0, epochs: 1, batchSize: 1, l2: 0),
        TrainingConfig(learningRate: .nan, epochs: 1, batchSize: 1, l2: 0),
        TrainingConfig(learningRate: 0.1, epochs: 0, batchSize: 1, l2: 0),
        TrainingConfig(learningRate: 0.1, epochs: 1, batchSize: 0, l2: 0),
        TrainingConfig(learningRate: 0.1, epochs: 1, batchSize: 1, l2: -1),
    ]

    @Test("invalid training config rejected", arguments: invalidConfigs)
    func invalidConfig(config: TrainingConfig) throws {
        let model = try LinearModel(kind: .logistic, featureCount: 2, classCount: 2)
        let data = try Fixtures.indexed(count: 6, classCount: 2)
        var rng = SeededRandom(seed: 24)
        #expect(throws: DataError.self) {
            try model.trained(on: data, config: config, rng: &rng)
        }
    }

    @Test("divergent training raises error")
    func divergence() throws {
        let data = try Fixtures.indexed(count: 40, classCount: 2)
        var rng = SeededRandom(seed: 25)
        let config = TrainingConfig(learningRate: 1e300, epochs: 3, batchSize: 4, l2: 1)
        #expect(throws: DataError.self) {
            try CentralTraining.train(kind: .logistic, data: data, config: config, rng: &rng)
        }
    }

    @Test("training repeats for same seed")
    func trainingRepeatable() throws {
        let (model, data) = try Self.randomProblem(kind: .softmax, seed: 26)
        let config = TrainingConfig(learningRate: 0.1, epochs: 3, batchSize: 5, l2: 0.01)
        var first = SeededRandom(seed: 27)
        var second = SeededRandom(seed: 27)
        let one = try model.trained(on: data, config: config, rng: &first)
        let two = try model.trained(on: data, config: config, rng: &second)
        #expect(one == two)
        #expect(one != model)
    }

    @Test("full-batch step follows the gradient")
    func fullBatchStep() throws {
        let (model, data) = try Self.randomProblem(kind: .logistic, seed: 28)
        let config = TrainingConfig(learningRate: 0.05, epochs: 1, batchSize: data.sampleCount, l2: 0.2)
        var rng = SeededRandom(seed: 29)
        let stepped = try model.trained(on: data, config: config, rng: &rng)
        let gradient = try model.gradient(on: data, l2: 0.2)
        for index in model.parameters.indices {
            let expected = model.parameters[index] - 0.05 * gradient[index]
            #expect(abs(stepped.parameters[index] - expected) < 1e-12)
        }
    }
}
