import SecAggLearning

/// Errors from defining or running a federated training task.
public enum FederatedError: Error, Equatable, Sendable {
    /// A task definition field is invalid, and the reason states what is allowed.
    case invalidField(field: String, reason: String)
    /// A task definition has a member that is not a task field, for example a misspelt name.
    case unknownField(field: String, validFields: [String])
    /// The task definition is not valid JSON of the expected shape.
    case malformedDefinition(reason: String)
    /// The providers given to a run do not fit the task, for example fewer than its minimum.
    case invalidProviders(reason: String)
    /// The model cannot be trained here: the ResNet-50 descriptor exists only for benchmarks.
    case untrainableModel(name: String)
    /// Training or evaluation failed on the data.
    case dataFailure(reason: String)
    /// The data cannot be split into test, validation and per-provider training sets, for example because it has
    /// too few samples.
    case splitFailure(DataError)
}

extension FederatedError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidField(let field, let reason): return "invalid task field '\(field)': \(reason)"
        case .unknownField(let field, let validFields):
            return "unknown task field '\(field)'; valid fields: \(validFields.joined(separator: ", "))"
        case .malformedDefinition(let reason): return "malformed task definition: \(reason)"
        case .invalidProviders(let reason): return "invalid providers: \(reason)"
        case .untrainableModel(let name):
            return "model '\(name)' is a parameter layout for benchmarks and cannot be trained; use logistic or softmax"
        case .dataFailure(let reason): return "training failed: \(reason)"
        case .splitFailure(let error): return "cannot split the data: \(error)"
        }
    }
}
