/// A named block of parameters in a model's flat parameter vector, for example a weight matrix.
public struct ParameterTensor: Sendable, Equatable, Hashable, Codable {
    /// The tensor's name, unique within its model, for example `"weights"` or `"layer1.0.conv1.weight"`.
    public let name: String
    /// The tensor's dimensions, outermost first; the values are stored row-major.
    public let shape: [Int]

    /// The number of scalar parameters, the product of the dimensions.
    public var count: Int { shape.reduce(1, *) }

    /// Creates a tensor description.
    ///
    /// - Parameters:
    ///   - name: The tensor's name.
    ///   - shape: Positive dimensions, outermost first.
    public init(name: String, shape: [Int]) {
        precondition(Self.checkedCount(shape) != nil, "tensor \(name) has a non-positive or oversized shape \(shape)")
        self.name = name
        self.shape = shape
    }

    /// Decodes a tensor and rejects a shape with a non-positive dimension or more than `Int.max` elements.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` for an invalid shape, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let shape = try container.decode([Int].self, forKey: .shape)
        guard Self.checkedCount(shape) != nil else {
            throw DecodingError.dataCorruptedError(
                forKey: .shape, in: container,
                debugDescription: "tensor \(name) has shape \(shape); use positive dimensions with a product below 2^63"
            )
        }
        self.name = name
        self.shape = shape
    }

    /// Returns the product of `shape`, or nil when a dimension is not positive or the product overflows.
    static func checkedCount(_ shape: [Int]) -> Int? {
        var product = 1
        for dimension in shape {
            guard dimension > 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}

/// The layout of a model's flat `[Double]` parameter vector: named tensors stored one after another.
///
/// Providers and the aggregator agree on a descriptor, so that a summed vector can be cut back into tensors.
public struct ModelDescriptor: Sendable, Equatable, Hashable, Codable {
    /// A short name of the architecture, for example `"softmax-64x10"` or `"resnet50"`.
    public let name: String
    /// The tensors in storage order.
    public let tensors: [ParameterTensor]

    /// The total number of scalar parameters.
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// Creates a descriptor from tensors in storage order.
    ///
    /// - Parameters:
    ///   - name: The architecture's name.
    ///   - tensors: Tensors with distinct names.
    public init(name: String, tensors: [ParameterTensor]) {
        precondition(Self.layoutProblem(tensors) == nil, "invalid layout \(name): \(Self.layoutProblem(tensors) ?? "")")
        self.name = name
        self.tensors = tensors
    }

    /// Decodes a descriptor and rejects duplicate tensor names and a total above `Int.max` parameters.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` for an invalid layout, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let tensors = try container.decode([ParameterTensor].self, forKey: .tensors)
        if let problem = Self.layoutProblem(tensors) {
            throw DecodingError.dataCorruptedError(
                forKey: .tensors, in: container, debugDescription: "invalid layout \(name): \(problem)")
        }
        self.name = name
        self.tensors = tensors
    }

    /// Describes what is wrong with a tensor list, or returns nil when the names are distinct and the total fits.
    private static func layoutProblem(_ tensors: [ParameterTensor]) -> String? {
        var names = Set<String>()
        var total = 0
        for tensor in tensors {
            guard names.insert(tensor.name).inserted else {
                return "tensor name \(tensor.name) appears twice; give each tensor its own name"
            }
            let (next, overflow) = total.addingReportingOverflow(tensor.count)
            guard !overflow else {
                return "more than Int.max parameters; split the model"
            }
            total = next
        }
        return nil
    }

    /// Finds the range that a tensor occupies in the flat parameter vector.
    ///
    /// - Parameter tensorName: The name of a tensor in this descriptor.
    /// - Returns: The tensor's index range, or nil when no tensor has that name.
    public func range(of tensorName: String) -> Range<Int>? {
        var offset = 0
        for tensor in tensors {
            if tensor.name == tensorName {
                return offset..<offset + tensor.count
            }
            offset += tensor.count
        }
        return nil
    }

    /// Describes binary logistic regression: `weights` of shape `[featureCount]`, then a scalar `bias` of shape
    /// `[1]`.
    ///
    /// - Parameter featureCount: The number of input features, at least 1.
    /// - Returns: A descriptor of `featureCount + 1` parameters.
    public static func logistic(featureCount: Int) -> ModelDescriptor {
        ModelDescriptor(
            name: "logistic-\(featureCount)",
            tensors: [
                ParameterTensor(name: "weights", shape: [featureCount]),
                ParameterTensor(name: "bias", shape: [1]),
            ])
    }

    /// Describes multinomial (softmax) regression: `weights` of shape `[classCount, featureCount]`, one row per
    /// class, then `bias` of shape `[classCount]`.
    ///
    /// - Parameters:
    ///   - featureCount: The number of input features, at least 1.
    ///   - classCount: The number of classes, at least 2.
    /// - Returns: A descriptor of `classCount * (featureCount + 1)` parameters.
    public static func softmax(featureCount: Int, classCount: Int) -> ModelDescriptor {
        ModelDescriptor(
            name: "softmax-\(featureCount)x\(classCount)",
            tensors: [
                ParameterTensor(name: "weights", shape: [classCount, featureCount]),
                ParameterTensor(name: "bias", shape: [classCount]),
            ])
    }

    /// The trainable parameters of ResNet-50 for 1000 ImageNet classes (He et al., 2015), 25,557,032 in all.
    ///
    /// Tensor names and shapes follow the state dictionary of torchvision's `resnet50`: convolution weights as
    /// `[out, in, height, width]`, batch-norm scale (`weight`) and shift (`bias`), and the final `fc` layer.
    /// Batch-norm running statistics are not trainable and not included. The descriptor sizes benchmarks of
    /// aggregation for a realistic update; SecAggLearning cannot train this model.
    public static let resNet50: ModelDescriptor = {
        var tensors = [ParameterTensor]()
        func convolution(_ name: String, out: Int, in input: Int, kernel: Int) {
            tensors.append(ParameterTensor(name: "\(name).weight", shape: [out, input, kernel, kernel]))
        }
        func batchNorm(_ name: String, channels: Int) {
            tensors.append(ParameterTensor(name: "\(name).weight", shape: [channels]))
            tensors.append(ParameterTensor(name: "\(name).bias", shape: [channels]))
        }

        convolution("conv1", out: 64, in: 3, kernel: 7)
        batchNorm("bn1", channels: 64)
        // Four stages of bottleneck blocks: 1x1 reduce, 3x3, 1x1 expand by 4, and a projection shortcut in the
        // first block of each stage.
        let stages = [
            (blocks: 3, width: 64), (blocks: 4, width: 128), (blocks: 6, width: 256), (blocks: 3, width: 512),
        ]
        var channels = 64
        for (stageIndex, stage) in stages.enumerated() {
            for block in 0..<stage.blocks {
                let prefix = "layer\(stageIndex + 1).\(block)"
                let expanded = stage.width * 4
                convolution("\(prefix).conv1", out: stage.width, in: channels, kernel: 1)
                batchNorm("\(prefix).bn1", channels: stage.width)
                convolution("\(prefix).conv2", out: stage.width, in: stage.width, kernel: 3)
                batchNorm("\(prefix).bn2", channels: stage.width)
                convolution("\(prefix).conv3", out: expanded, in: stage.width, kernel: 1)
                batchNorm("\(prefix).bn3", channels: expanded)
                if block == 0 {
                    convolution("\(prefix).downsample.0", out: expanded, in: channels, kernel: 1)
                    batchNorm("\(prefix).downsample.1", channels: expanded)
                }
                channels = expanded
            }
        }
        tensors.append(ParameterTensor(name: "fc.weight", shape: [1000, channels]))
        tensors.append(ParameterTensor(name: "fc.bias", shape: [1000]))
        return ModelDescriptor(name: "resnet50", tensors: tensors)
    }()
}
