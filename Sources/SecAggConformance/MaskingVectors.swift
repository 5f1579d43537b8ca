import Foundation
import SecAggMasking
import SecAggPrimitives

/// One vector of `Vectors/masking.json`. The `type` decides which fields are inputs and which are outputs.
///
/// - `mask`: the inputs are kind (`self` or `pairwise`), task, round, session, vector name, length, modulus,
///   secret and provider ids. The outputs are the derived ChaCha20 key and the element ranges.
/// - `quantize`: inputs the parameters, weight, rounding seed and update; output the encoded residues.
/// - `plan-quantization`: inputs the planner request; outputs the modulus, scale and bounds.
/// - `plan-graph`: inputs the planner request; outputs the degree, thresholds and log2 probabilities.
/// - `graph`: inputs task, round, session, provider ids and degree; outputs the seed, ring and neighbours.
package struct MaskingVector: Codable, Sendable, Equatable {
    package var name: String
    package var type: String
    package var kind: String?
    package var task: String?
    package var round: UInt64?
    package var session: String?
    package var vectorName: String?
    package var length: Int?
    package var modulus: String?
    package var secret: String?
    package var provider: UInt32?
    package var lower: UInt32?
    package var higher: UInt32?
    package var key: String?
    package var ranges: [ElementRange]?
    package var clipBound: Double?
    package var scale: Double?
    package var maximumWeight: UInt64?
    package var providers: Int?
    package var weight: UInt64?
    package var roundingSeed: String?
    package var update: [Double]?
    package var encoded: [String]?
    package var maximumError: Double?
    package var modulusChoice: String?
    package var coordinateBound: UInt64?
    package var sumBound: UInt64?
    package var dropoutRate: Double?
    package var corruptFraction: Double?
    package var aggregator: String?
    package var degree: Int?
    package var threshold: Int?
    package var thresholdMinimum: Int?
    package var thresholdMaximum: Int?
    package var complete: Bool?
    package var log2CompletionFailure: Log2Probability?
    package var log2SecretExposure: Log2Probability?
    package var log2Disconnection: Log2Probability?
    package var seed: String?
    package var providerIDs: [UInt32]?
    package var ring: [UInt32]?
    package var neighbours: [Neighbourhood]?

    /// Consecutive mask elements from coordinate `start`, as decimal strings because 64-bit values exceed the
    /// integers JSON parsers keep exactly.
    package struct ElementRange: Codable, Sendable, Equatable {
        package var start: Int
        package var elements: [String]
    }

    /// A base-2 logarithm of a probability: a JSON number, or the string `"-inf"` for an impossible event, which
    /// JSON numbers cannot express.
    package struct Log2Probability: Codable, Sendable, Equatable {
        package var value: Double

        init(_ value: Double) {
            self.value = value
        }

        package init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
                return
            }
            let text = try container.decode(String.self)
            guard text == "-inf" else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a number or \"-inf\", got \"\(text)\"")
            }
            value = -.infinity
        }

        package func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            if value == -.infinity {
                try container.encode("-inf")
            } else {
                try container.encode(value)
            }
        }
    }

    /// A provider's neighbours in ascending order.
    package struct Neighbourhood: Codable, Sendable, Equatable {
        package var provider: UInt32
        package var neighbours: [UInt32]
    }

    init(name: String, type: String) {
        self.name = name
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case name, type, kind, task, round, session, length, modulus, secret, provider, lower, higher, key, ranges
        case scale, providers, weight, update, encoded, aggregator, degree, threshold, complete, seed, ring
        case neighbours
        case vectorName = "vector_name"
        case clipBound = "clip_bound"
        case maximumWeight = "maximum_weight"
        case roundingSeed = "rounding_seed"
        case maximumError = "maximum_error"
        case modulusChoice = "modulus_choice"
        case coordinateBound = "coordinate_bound"
        case sumBound = "sum_bound"
        case dropoutRate = "dropout_rate"
        case corruptFraction = "corrupt_fraction"
        case thresholdMinimum = "threshold_minimum"
        case thresholdMaximum = "threshold_maximum"
        case log2CompletionFailure = "log2_completion_failure"
        case log2SecretExposure = "log2_secret_exposure"
        case log2Disconnection = "log2_disconnection"
        case providerIDs = "provider_ids"
    }
}

/// Computes the outputs of masking vectors from their inputs, for the generator and for the conformance suite.
package enum MaskingVectors {
    /// The vector file, relative to the vector directory.
    package static let file = "masking.json"

    /// Parses `"2^b"` or `"p=<prime>"`.
    static func modulus(_ text: String?, vector: String) throws -> Modulus {
        let malformed = ConformanceError.malformedVector(
            file: file, vector: vector, field: "modulus", reason: "expected 2^b or p=<prime>")
        guard let text else { throw malformed }
        if text.hasPrefix("2^"), let bits = Int(text.dropFirst(2)) { return try Modulus.powerOfTwo(bits: bits) }
        if text.hasPrefix("p="), let prime = UInt64(text.dropFirst(2)) { return try Modulus.prime(prime) }
        throw malformed
    }

    static func name(of modulus: Modulus) -> String {
        switch modulus.kind {
        case .powerOfTwo(let bits): return "2^\(bits)"
        case .prime(let prime): return "p=\(prime)"
        }
    }

    static func required<T>(_ value: T?, _ field: String, _ vector: MaskingVector) throws -> T {
        guard let value else {
            throw ConformanceError.malformedVector(file: file, vector: vector.name, field: field, reason: "missing")
        }
        return value
    }

    static func hex(_ value: String?, _ field: String, _ vector: MaskingVector) throws -> [UInt8] {
        try hexField(required(value, field, vector), file: file, vector: vector.name, field: field)
    }

    /// Returns `vector` with every output field recomputed from its inputs.
    package static func computeOutputs(of vector: MaskingVector) throws -> MaskingVector {
        switch vector.type {
        case "mask": return try mask(vector)
        case "quantize": return try quantize(vector)
        case "plan-quantization": return try planQuantization(vector)
        case "plan-graph": return try planGraph(vector)
        case "graph": return try graph(vector)
        default:
            throw ConformanceError.malformedVector(
                file: file, vector: vector.name, field: "type", reason: "unknown type \(vector.type)")
        }
    }

    static func mask(_ input: MaskingVector) throws -> MaskingVector {
        var vector = input
        let context = try MaskContext(
            taskID: hex(input.task, "task", input), round: required(input.round, "round", input),
            sessionID: hex(input.session, "session", input),
            vectorName: required(input.vectorName, "vector_name", input),
            length: required(input.length, "length", input), modulus: modulus(input.modulus, vector: input.name))
        let secret = try hex(input.secret, "secret", input)
        let key: MaskKey
        switch input.kind {
        case "self":
            key = try MaskKey.selfMask(
                seed: SecureBytes(copying: secret), provider: required(input.provider, "provider", input),
                context: context)
        case "pairwise":
            key = try MaskKey.pairwise(
                secret: secret, between: required(input.lower, "lower", input),
                and: required(input.higher, "higher", input), context: context)
        default:
            throw ConformanceError.malformedVector(
                file: file, vector: input.name, field: "kind", reason: "expected self or pairwise")
        }
        vector.key = Hex.encode(key.expansionKey.bytes)
        vector.ranges = try required(input.ranges, "ranges", input).map { range in
            let count = range.elements.count
            let elements = try MaskEngine.expand(key, coordinates: range.start..<(range.start + count), threads: 1)
            return MaskingVector.ElementRange(start: range.start, elements: elements.residues.map { String($0) })
        }
        return vector
    }

    static func quantize(_ input: MaskingVector) throws -> MaskingVector {
        var vector = input
        let parameters = try QuantizationParameters(
            modulus: modulus(input.modulus, vector: input.name),
            clipBound: required(input.clipBound, "clip_bound", input),
            scale: required(input.scale, "scale", input),
            maximumWeight: required(input.maximumWeight, "maximum_weight", input),
            maximumProviderCount: required(input.providers, "providers", input))
        let encoded = try Quantizer.encode(
            required(input.update, "update", input), weight: required(input.weight, "weight", input),
            parameters: parameters, roundingSeed: SecureBytes(copying: hex(input.roundingSeed, "rounding_seed", input)))
        vector.encoded = encoded.residues.map { String($0) }
        return vector
    }

    static func planQuantization(_ input: MaskingVector) throws -> MaskingVector {
        var vector = input
        let choice: ModulusChoice
        switch input.modulusChoice {
        case "power-of-two": choice = .smallestPowerOfTwo
        case "prime": choice = .smallestPrime
        default:
            throw ConformanceError.malformedVector(
                file: file, vector: input.name, field: "modulus_choice", reason: "expected power-of-two or prime")
        }
        let plan = try ParameterPlanner.planQuantization(
            providerCount: required(input.providers, "providers", input),
            maximumWeight: required(input.maximumWeight, "maximum_weight", input),
            clipBound: required(input.clipBound, "clip_bound", input),
            maximumError: required(input.maximumError, "maximum_error", input), modulus: choice)
        vector.modulus = name(of: plan.modulus)
        vector.scale = plan.scale
        vector.coordinateBound = plan.coordinateBound
        vector.sumBound = plan.sumBound
        return vector
    }

    static func planGraph(_ input: MaskingVector) throws -> MaskingVector {
        var vector = input
        let aggregator: AggregatorModel
        switch input.aggregator {
        case "semi-honest": aggregator = .semiHonest
        case "malicious": aggregator = .malicious
        default:
            throw ConformanceError.malformedVector(
                file: file, vector: input.name, field: "aggregator", reason: "expected semi-honest or malicious")
        }
        let plan = try ParameterPlanner.planGraph(
            providerCount: required(input.providers, "providers", input),
            dropoutRate: required(input.dropoutRate, "dropout_rate", input),
            corruptFraction: required(input.corruptFraction, "corrupt_fraction", input), aggregator: aggregator)
        vector.degree = plan.degree
        vector.threshold = plan.threshold
        vector.thresholdMinimum = plan.feasibleThresholds.lowerBound
        vector.thresholdMaximum = plan.feasibleThresholds.upperBound
        vector.complete = plan.isComplete
        vector.log2CompletionFailure = MaskingVector.Log2Probability(plan.log2CompletionFailure)
        vector.log2SecretExposure = MaskingVector.Log2Probability(plan.log2SecretExposure)
        vector.log2Disconnection = MaskingVector.Log2Probability(plan.log2Disconnection)
        return vector
    }

    static func graph(_ input: MaskingVector) throws -> MaskingVector {
        var vector = input
        let seed = try MaskingGraph.seed(
            taskID: hex(input.task, "task", input), round: required(input.round, "round", input),
            sessionID: hex(input.session, "session", input))
        let graph = try MaskingGraph.harary(
            providers: required(input.providerIDs, "provider_ids", input),
            degree: required(input.degree, "degree", input),
            seed: seed)
        vector.seed = Hex.encode(seed)
        vector.ring = graph.ring
        vector.neighbours = try graph.providers.map {
            MaskingVector.Neighbourhood(provider: $0, neighbours: try graph.neighbours(of: $0))
        }
        return vector
    }
}
