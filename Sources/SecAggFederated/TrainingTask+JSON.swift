import Foundation
import SecAggLearning
import SecAggRewards

extension TrainingTask: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, model, rounds, minimumProviders, threshold, aggregation, rewardPerRound, expectedDropoutRate
        case corruptFraction, qualityTolerance, quantization, localTraining, auditSample, paillierKeyBits, keyHolders
        case keyHolderThreshold
    }

    /// The members of the `quantization` object.
    static let quantizationFields = ["clipBound", "maximumError", "maximumWeight"]
    /// The members of the `localTraining` object: the stored properties of `TrainingConfig`.
    static let localTrainingFields = ["learningRate", "epochs", "batchSize", "l2"]

    /// Decodes and validates a task. Members other than `name` and `rewardPerRound` may be absent or null and
    /// then take their defaults, also inside `quantization` and `localTraining`.
    ///
    /// - Throws: ``FederatedError/unknownField(field:validFields:)`` for a member the format does not have, and
    ///   ``FederatedError/invalidField(field:reason:)`` for a missing, mistyped or out-of-range one.
    public init(from decoder: any Decoder) throws {
        let fields = try TaskFields(
            decoder.container(keyedBy: TaskFields.Key.self), path: "",
            validFields: CodingKeys.allCases.map(\.rawValue))
        let defaults = try TrainingTask(name: "defaults", rewardPerRound: TokenAmount(parsing: "1 GLIN"))
        let rewardText = try fields.required(fields.string("rewardPerRound"), "rewardPerRound", expected: "a string")
        let reward: TokenAmount
        do {
            reward = try TokenAmount(parsing: rewardText)
        } catch {
            throw FederatedError.invalidField(field: "rewardPerRound", reason: "\(error)")
        }
        var quantization = defaults.quantization
        if let object = try fields.object("quantization", validFields: Self.quantizationFields) {
            quantization.clipBound = try object.number("clipBound") ?? quantization.clipBound
            quantization.maximumError = try object.number("maximumError") ?? quantization.maximumError
            quantization.maximumWeight = try object.unsignedInteger("maximumWeight") ?? quantization.maximumWeight
        }
        var localTraining = defaults.localTraining
        if let object = try fields.object("localTraining", validFields: Self.localTrainingFields) {
            localTraining = TrainingConfig(
                learningRate: try object.number("learningRate") ?? localTraining.learningRate,
                epochs: try object.integer("epochs") ?? localTraining.epochs,
                batchSize: try object.integer("batchSize") ?? localTraining.batchSize,
                l2: try object.number("l2") ?? localTraining.l2)
        }
        try self.init(
            name: fields.required(fields.string("name"), "name", expected: "a string"),
            model: fields.choice("model", of: ModelChoice.self) ?? defaults.model,
            rounds: fields.integer("rounds") ?? defaults.rounds,
            minimumProviders: fields.integer("minimumProviders") ?? defaults.minimumProviders,
            threshold: fields.threshold("threshold") ?? defaults.threshold,
            aggregation: fields.choice("aggregation", of: AggregationMode.self) ?? defaults.aggregation,
            rewardPerRound: reward,
            expectedDropoutRate: fields.number("expectedDropoutRate") ?? defaults.expectedDropoutRate,
            corruptFraction: fields.number("corruptFraction") ?? defaults.corruptFraction,
            qualityTolerance: fields.number("qualityTolerance") ?? defaults.qualityTolerance,
            quantization: quantization,
            localTraining: localTraining,
            auditSample: fields.integer("auditSample"),
            paillierKeyBits: fields.integer("paillierKeyBits") ?? defaults.paillierKeyBits,
            keyHolders: fields.integer("keyHolders") ?? defaults.keyHolders,
            keyHolderThreshold: fields.integer("keyHolderThreshold") ?? defaults.keyHolderThreshold)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(model, forKey: .model)
        try container.encode(rounds, forKey: .rounds)
        try container.encode(minimumProviders, forKey: .minimumProviders)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(aggregation, forKey: .aggregation)
        try container.encode(rewardPerRound.description, forKey: .rewardPerRound)
        try container.encode(expectedDropoutRate, forKey: .expectedDropoutRate)
        try container.encode(corruptFraction, forKey: .corruptFraction)
        try container.encode(qualityTolerance, forKey: .qualityTolerance)
        try container.encode(quantization, forKey: .quantization)
        try container.encode(localTraining, forKey: .localTraining)
        try container.encodeIfPresent(auditSample, forKey: .auditSample)
        try container.encode(paillierKeyBits, forKey: .paillierKeyBits)
        try container.encode(keyHolders, forKey: .keyHolders)
        try container.encode(keyHolderThreshold, forKey: .keyHolderThreshold)
    }

    /// Decodes and validates a task definition from JSON.
    ///
    /// Unlike `init(from:)` through a plain `JSONDecoder`, this also rejects a member given twice in one object
    /// and an integer field written with a fraction or an exponent.
    ///
    /// - Throws: ``FederatedError/malformedDefinition(reason:)`` when the data is not valid JSON or not a JSON
    ///   object, ``FederatedError/unknownField(field:validFields:)`` for a member the format does not have, and
    ///   ``FederatedError/invalidField(field:reason:)`` naming the member's path (such as `quantization.clipBound`)
    ///   for a missing, mistyped or out-of-range value.
    public static func decode(json: Data) throws -> TrainingTask {
        // JSONSerialization reports where the syntax breaks, and JSONDecoder does not. Parsing first also
        // distinguishes a syntax error from a value of the wrong type, which JSONDecoder reports the same way.
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw FederatedError.malformedDefinition(reason: "not valid JSON: \(detail)")
        }
        guard parsed is [String: Any] else {
            throw FederatedError.malformedDefinition(
                reason: "the definition must be a JSON object with one member per task field, "
                    + "for example {\"name\": \"demo\", \"rewardPerRound\": \"100 GLIN\"}; got \(jsonKind(of: parsed))")
        }
        try checkNumbers(TaskJSONScan(utf8: TaskJSONScan.utf8Bytes(of: json)).numbers)
        do {
            return try JSONDecoder().decode(TrainingTask.self, from: json)
        } catch let error as FederatedError {
            throw error
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw FederatedError.malformedDefinition(reason: "\(error)")
        }
    }

    /// The members whose value must be an integer, by path.
    static let integerFields: Set<String> = [
        "rounds", "minimumProviders", "threshold", "auditSample", "paillierKeyBits", "keyHolders",
        "keyHolderThreshold", "quantization.maximumWeight", "localTraining.epochs", "localTraining.batchSize",
    ]

    /// Checks the spelling of the numbers of known members, which the decoders do not report: an integer field
    /// written with a fraction or an exponent (`2.0`, `1e1`), and a number that a `Double` cannot hold.
    ///
    /// - Throws: ``FederatedError/invalidField(field:reason:)`` naming the member and the number.
    static func checkNumbers(_ numbers: [String: String]) throws {
        let knownFields = Set(
            CodingKeys.allCases.map(\.rawValue) + quantizationFields.map { "quantization." + $0 }
                + localTrainingFields.map { "localTraining." + $0 })
        for (path, text) in numbers.sorted(by: { $0.key < $1.key }) where knownFields.contains(path) {
            let excerpt = text.count <= 40 ? text : text.prefix(40) + "…"
            if integerFields.contains(path), text.contains(where: { ".eE".contains($0) }) {
                throw FederatedError.invalidField(
                    field: path, reason: "expected an integer, got \(excerpt); write it without a fraction or exponent")
            }
            let mantissa = text.prefix { $0 != "e" && $0 != "E" }
            let value = Double(text) ?? .nan
            if value == 0 && mantissa.contains(where: { ("1"..."9").contains($0) }) {
                throw FederatedError.invalidField(
                    field: path,
                    reason: "\(excerpt) is too small for a double-precision number and would be read as 0; "
                        + "write 0 or a magnitude of at least 2.2250738585072014e-308")
            }
            if value.isInfinite {
                throw FederatedError.invalidField(
                    field: path, reason: "\(excerpt) is too large for a double-precision number (at most about 1.8e308)"
                )
            }
        }
    }

    /// Maps a decoding error that the field reader did not turn into a ``FederatedError`` to one that names the
    /// member's path, or the top level.
    static func describe(_ error: DecodingError) -> FederatedError {
        func failure(_ context: DecodingError.Context, _ reason: String) -> FederatedError {
            let path = TaskFields.path(of: context.codingPath)
            return path.isEmpty
                ? .malformedDefinition(reason: "at the top level: \(reason)")
                : .invalidField(field: path, reason: reason)
        }
        switch error {
        case .typeMismatch(let type, let context):
            return failure(context, "expected \(TaskFields.describe(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return failure(context, "expected \(TaskFields.describe(type)), got null")
        case .keyNotFound(let key, let context):
            return .invalidField(
                field: TaskFields.path(of: context.codingPath + [key]), reason: "missing; the field is required")
        case .dataCorrupted(let context):
            return failure(context, context.debugDescription)
        @unknown default:
            return .malformedDefinition(reason: "\(error)")
        }
    }

    private static func jsonKind(of value: Any) -> String {
        switch value {
        case is [Any]: return "an array"
        case is String: return "a string"
        case is NSNull: return "null"
        default: return "a single value"
        }
    }
}

/// Reads the members of one JSON object of a task definition. Every error names the member's path, such as
/// `rounds` or `localTraining.epochs`, and states what was expected and what was found.
struct TaskFields {
    struct Key: CodingKey {
        let stringValue: String
        let intValue: Int?

        init(_ name: String) {
            stringValue = name
            intValue = nil
        }

        init?(stringValue: String) {
            self.init(stringValue)
        }

        init?(intValue: Int) {
            stringValue = "\(intValue)"
            self.intValue = intValue
        }
    }

    let container: KeyedDecodingContainer<Key>
    /// The path of this object followed by a dot, or empty at the top level.
    let prefix: String

    /// Wraps `container`, the object at `path`.
    ///
    /// - Throws: ``FederatedError/unknownField(field:validFields:)`` for the first member not in `validFields`.
    init(_ container: KeyedDecodingContainer<Key>, path: String, validFields: [String]) throws {
        self.container = container
        prefix = path.isEmpty ? "" : path + "."
        let unknown = container.allKeys.map(\.stringValue).filter { !validFields.contains($0) }.sorted()
        if let first = unknown.first {
            throw FederatedError.unknownField(field: prefix + first, validFields: validFields.sorted())
        }
    }

    func integer(_ name: String) throws -> Int? {
        try value(name, as: Int.self, expected: "an integer")
    }

    func unsignedInteger(_ name: String) throws -> UInt64? {
        try value(name, as: UInt64.self, expected: "a non-negative integer")
    }

    func number(_ name: String) throws -> Double? {
        try value(name, as: Double.self, expected: "a number")
    }

    func string(_ name: String) throws -> String? {
        try value(name, as: String.self, expected: "a string")
    }

    /// Reads a string member that must be one of `T`'s raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, of type: T.Type) throws -> T?
    where T.RawValue == String {
        let choices = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let text = try value(name, as: String.self, expected: "one of \(choices)") else { return nil }
        guard let value = T(rawValue: text) else {
            throw invalid(name, "expected one of \(choices), got \"\(text)\"")
        }
        return value
    }

    /// Reads a threshold: `"planned"` or an integer.
    func threshold(_ name: String) throws -> ThresholdChoice? {
        let expected = "\"planned\" or an integer"
        if let text = try? container.decode(String.self, forKey: Key(name)) {
            guard text == "planned" else { throw invalid(name, "expected \(expected), got \"\(text)\"") }
            return .planned
        }
        return try value(name, as: Int.self, expected: expected).map { .fixed($0) }
    }

    /// Reads a nested object, rejecting members not in `validFields`.
    func object(_ name: String, validFields: [String]) throws -> TaskFields? {
        guard try isPresent(name) else { return nil }
        let nested: KeyedDecodingContainer<Key>
        do {
            nested = try container.nestedContainer(keyedBy: Key.self, forKey: Key(name))
        } catch {
            throw invalid(name, "expected an object, got \(describeValue(of: name))")
        }
        return try TaskFields(nested, path: prefix + name, validFields: validFields)
    }

    /// Returns `value`, or throws because the required member `name` is missing or null.
    func required<T>(_ value: T?, _ name: String, expected: String) throws -> T {
        if let value { return value }
        if container.contains(Key(name)) { throw invalid(name, "expected \(expected), got null") }
        throw invalid(name, "missing; every task must have it")
    }

    /// Returns the member's value, or nil when it is absent or null.
    private func value<T: Decodable>(_ name: String, as type: T.Type, expected: String) throws -> T? {
        guard try isPresent(name) else { return nil }
        do {
            return try container.decode(T.self, forKey: Key(name))
        } catch {
            // JSONDecoder on Linux reports a fraction read as an integer as invalid JSON, with no path, so every
            // failure here is described from the value found.
            throw invalid(name, "expected \(expected), got \(describeValue(of: name))")
        }
    }

    private func isPresent(_ name: String) throws -> Bool {
        let key = Key(name)
        guard container.contains(key) else { return false }
        return !((try? container.decodeNil(forKey: key)) ?? false)
    }

    /// Describes the JSON value of member `name` for an error message, such as `2.5`, `"ten"` or `an array`.
    private func describeValue(of name: String) -> String {
        let key = Key(name)
        if let text = try? container.decode(String.self, forKey: key) {
            return text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(40))…\""
        }
        if let flag = try? container.decode(Bool.self, forKey: key) { return "\(flag)" }
        if let integer = try? container.decode(Int.self, forKey: key) { return "\(integer)" }
        if let number = try? container.decode(Double.self, forKey: key) { return "\(number)" }
        if (try? container.nestedContainer(keyedBy: Key.self, forKey: key)) != nil { return "an object" }
        if (try? container.nestedUnkeyedContainer(forKey: key)) != nil { return "an array" }
        return "a value of another type"
    }

    private func invalid(_ name: String, _ reason: String) -> FederatedError {
        .invalidField(field: prefix + name, reason: reason)
    }

    /// Joins a coding path with dots, such as `quantization.clipBound`.
    static func path(of codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Names a decoded type in JSON terms, such as `an integer` for `Int`.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type, is UInt32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Dictionary") { return "an object" }
            if name.hasPrefix("Array") { return "an array" }
            return "a value of type \(name)"
        }
    }
}
