import Foundation
import TabregData

/// A model file's contents as plain values: the description and each dense layer's weights.
///
/// Layout on disk (`model.safetensors`): one `F32` tensor per parameter, named by the
/// description's layers (`layers.{i}.weight` of shape `[outputSize, inputSize]`, `layers.{i}.bias`
/// of shape `[outputSize]`, PyTorch's `nn.Linear` convention, so
/// `torch.nn.Linear.load_state_dict` takes them as they are), in layer order; `__metadata__`
/// holds `"format": "pt"` (what `safetensors.torch` expects) and `"tabreg"`: the description
/// as compact JSON. Writing is deterministic, so the same model gives the same bytes.
public struct ModelFile: Equatable, Sendable {
    public var description: ModelDescription
    /// One entry per ``ModelDescription/Architecture/layers`` entry, same order.
    public var layers: [LayerWeights]

    /// One dense layer's parameters in PyTorch layout.
    public struct LayerWeights: Equatable, Sendable {
        /// Row-major `[outputSize, inputSize]`: `weight[o * inputSize + i]` connects input `i`
        /// to output `o`.
        public var weight: [Float]
        /// `outputSize` values.
        public var bias: [Float]

        public init(weight: [Float], bias: [Float]) {
            self.weight = weight
            self.bias = bias
        }
    }

    /// - Precondition: the weights have the sizes the description's layers say.
    public init(description: ModelDescription, layers: [LayerWeights]) {
        precondition(
            layers.count == description.architecture.layers.count,
            "\(layers.count) weight sets for \(description.architecture.layers.count) layers")
        for (layer, weights) in zip(description.architecture.layers, layers) {
            precondition(
                weights.weight.count == layer.inputSize * layer.outputSize
                    && weights.bias.count == layer.outputSize,
                "\(layer.weight): \(weights.weight.count) weights and \(weights.bias.count) biases "
                    + "for \(layer.inputSize) -> \(layer.outputSize)")
        }
        self.description = description
        self.layers = layers
    }

    // MARK: - Writing

    /// The model as a safetensors file.
    public var safetensorsFile: SafetensorsFile {
        var tensors: [SafetensorsTensor] = []
        for (layer, weights) in zip(description.architecture.layers, layers) {
            tensors.append(
                SafetensorsTensor(
                    name: layer.weight, shape: [layer.outputSize, layer.inputSize],
                    float32Values: weights.weight))
            tensors.append(
                SafetensorsTensor(
                    name: layer.bias, shape: [layer.outputSize], float32Values: weights.bias))
        }
        return SafetensorsFile(
            metadata: ["format": "pt", "tabreg": description.jsonValue.serialized()],
            tensors: tensors)
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        safetensorsFile.encoded()
    }

    /// Writes the file whole or not at all (a temporary file in the same folder, then rename),
    /// creating the folder if needed.
    public func write(to url: URL) throws {
        try AtomicFile.write(Data(encoded()), to: url)
    }

    // MARK: - Reading

    /// Reads and validates the model at `url`; errors name the file as `url.path`.
    ///
    /// - Throws: ``SafetensorsError`` when the file is not valid safetensors (or holds NaN or
    ///   infinite values), ``ModelFileError`` when it is not a usable tabreg model.
    public init(contentsOf url: URL) throws {
        let file = try SafetensorsFile(contentsOf: url)
        try self.init(file, name: url.path)
    }

    /// Decodes and validates model bytes; `file` names the file in errors.
    public init(decoding bytes: [UInt8], file: String) throws {
        try self.init(try SafetensorsFile(decoding: bytes, file: file), name: file)
    }

    /// Checks a decoded safetensors file against its own description: a supported version, a
    /// consistent description, and exactly the described tensors, each `F32` of the right shape.
    public init(_ safetensors: SafetensorsFile, name file: String) throws(ModelFileError) {
        guard let text = safetensors.metadata["tabreg"] else {
            throw ModelFileError(file: file, problem: .missingDescription)
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw ModelFileError(
                file: file,
                problem: .descriptionNotJSON(detail: "\(error.problem) at byte \(error.byteOffset)")
            )
        }
        let description = try ModelDescription(json: json, file: file)
        var described: Set<String> = []
        var layers: [LayerWeights] = []
        for layer in description.architecture.layers {
            described.insert(layer.weight)
            described.insert(layer.bias)
            let weight = try ModelFile.values(
                of: layer.weight, shape: [layer.outputSize, layer.inputSize], in: safetensors,
                file: file)
            let bias = try ModelFile.values(
                of: layer.bias, shape: [layer.outputSize], in: safetensors, file: file)
            layers.append(LayerWeights(weight: weight, bias: bias))
        }
        for tensor in safetensors.tensors where !described.contains(tensor.name) {
            throw ModelFileError(file: file, problem: .unexpectedTensor(name: tensor.name))
        }
        self.init(description: description, layers: layers)
    }

    private static func values(
        of name: String, shape: [Int], in safetensors: SafetensorsFile, file: String
    ) throws(ModelFileError) -> [Float] {
        guard let tensor = safetensors.tensor(named: name) else {
            throw ModelFileError(file: file, problem: .missingTensor(name: name))
        }
        guard let values = tensor.float32Values else {
            throw ModelFileError(
                file: file, problem: .tensorDataType(name: name, found: tensor.dataType.rawValue))
        }
        guard tensor.shape == shape else {
            throw ModelFileError(
                file: file, problem: .tensorShape(name: name, expected: shape, found: tensor.shape))
        }
        return values
    }

    // MARK: - ONNX

    /// The model's network with its feature scaling and target un-scaling as ONNX steps.
    ///
    /// The graph's input is the encoded features in ``ModelDescription/encodedFeatures`` order,
    /// before scaling (imputation and one-hot encoding happen outside the graph).
    public var onnxGraph: ONNXRegressorGraph {
        var steps: [ONNXRegressorGraph.Step] = []
        if description.scaler.method != "none" {
            steps.append(.subtract(description.scaler.offset.map { Float($0) }))
            steps.append(.divide(description.scaler.scale.map { Float($0) }))
        }
        let activation: ONNXRegressorGraph.Activation?
        switch description.architecture.activation {
        case "leaky-relu":
            activation = .leakyReLU(
                negativeSlope: Float(description.architecture.negativeSlope ?? 0.01))
        case "relu": activation = .relu
        case "tanh": activation = .tanh
        case "sigmoid": activation = .sigmoid
        case "gelu": activation = .gelu
        case "elu": activation = .elu(alpha: Float(description.architecture.alpha ?? 1))
        case "selu": activation = .selu
        default: activation = nil  // "none": no hidden layers (validated)
        }
        for (index, (layer, weights)) in zip(description.architecture.layers, layers).enumerated() {
            if index > 0, let activation { steps.append(.activation(activation)) }
            steps.append(
                .dense(
                    weight: weights.weight, bias: weights.bias, inputSize: layer.inputSize,
                    outputSize: layer.outputSize))
        }
        if let standardization = description.target.standardization {
            steps.append(.multiply([Float(standardization.standardDeviation)]))
            steps.append(.add([Float(standardization.mean)]))
        }
        return ONNXRegressorGraph(
            featureNames: description.encodedFeatures.map(\.name), steps: steps)
    }

    /// The ONNX file's bytes.
    public func onnxBytes() -> [UInt8] {
        onnxGraph.model(
            producerVersion: description.tabregVersion,
            metadata: [("target", description.target.name)]
        ).encoded()
    }
}
