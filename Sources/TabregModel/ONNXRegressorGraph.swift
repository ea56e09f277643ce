/// A feed-forward regressor as a chain of float32 steps, and its ONNX model.
///
/// The exported graph takes one input, `features`: float32 `[batch, featureCount]` holding the
/// encoded features in ``featureNames`` order (`batch` is symbolic), and returns `prediction`:
/// float32 `[batch, 1]` in the target's units. Steps become nodes one to one, so the graph
/// performs the same float32 operations in the same order as tabreg's own forward pass:
///
/// - ``Step/subtract(_:)``, ``Step/divide(_:)``, ``Step/multiply(_:)``, ``Step/add(_:)``:
///   `Sub`, `Div`, `Mul`, `Add` with a broadcast `[width]` (or scalar, for one value) constant;
/// - ``Step/dense(weight:bias:inputSize:outputSize:)``: `Gemm` with `transB = 1` and the weight
///   stored `[outputSize, inputSize]` as PyTorch's `nn.Linear` keeps it, so `Y = X W^T + b`;
/// - ``Step/activation(_:)``: `Relu`, `LeakyRelu(alpha)`, `Tanh`, `Sigmoid`, `Elu(alpha)`,
///   `Selu`, or GELU spelled with `Erf` (opset 17 has no `Gelu`):
///   `0.5 * x * (1 + erf(x / sqrt(2)))`, or its tanh approximation
///   `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.
public struct ONNXRegressorGraph: Sendable {
    /// One float32 operation applied to the running `[batch, width]` value.
    public enum Step: Sendable {
        case subtract([Float])
        case divide([Float])
        case multiply([Float])
        case add([Float])
        /// `weight` is row-major `[outputSize, inputSize]`; `bias` has `outputSize` values.
        case dense(weight: [Float], bias: [Float], inputSize: Int, outputSize: Int)
        case activation(Activation)
    }

    /// Element-wise activations the export can spell in opset 17.
    public enum Activation: Sendable, Equatable {
        case relu
        case leakyReLU(negativeSlope: Float)
        case tanh
        case sigmoid
        case elu(alpha: Float)
        /// ONNX `Selu` with its default alpha 1.67326 and gamma 1.0507 (PyTorch's constants).
        case selu
        /// Exact GELU through `Erf`.
        case gelu
        /// GELU's tanh approximation (PyTorch `approximate="tanh"`).
        case geluTanh
    }

    /// Names of the encoded input columns, in order; their count is the input width.
    public var featureNames: [String]
    public var steps: [Step]

    public init(featureNames: [String], steps: [Step]) {
        self.featureNames = featureNames
        self.steps = steps
    }

    /// The ONNX model (IR 8, opset 17, producer "tabreg").
    ///
    /// `metadata` becomes the model's `metadata_props`; the input's column order is also
    /// written there (`feature_names`, a JSON array of strings, so names may hold commas) and in
    /// the input's doc string.
    ///
    /// - Precondition: the steps' widths chain from `featureNames.count` to 1.
    public func model(producerVersion: String = "", metadata: [(key: String, value: String)] = [])
        -> ONNX.Model
    {
        var graph = ONNX.Graph(name: "tabreg_regressor")
        var width = featureNames.count
        var current = "features"
        var counter = 0

        func fresh(_ stem: String) -> String {
            counter += 1
            return "\(stem)_\(counter)"
        }
        func constant(_ stem: String, _ values: [Float]) -> String {
            let name = fresh(stem)
            let dimensions = values.count == 1 ? [] : [values.count]
            graph.initializers.append(
                ONNX.Tensor(name: name, dimensions: dimensions, values: values))
            return name
        }
        func apply(_ operatorType: String, _ inputs: [String], attributes: [ONNX.Attribute] = [])
            -> String
        {
            let output = fresh(operatorType.lowercased())
            graph.nodes.append(
                ONNX.Node(
                    operatorType, inputs: inputs, outputs: [output], name: "\(output)_node",
                    attributes: attributes))
            return output
        }
        func elementwise(_ operatorType: String, _ stem: String, _ values: [Float]) {
            precondition(
                values.count == width || values.count == 1,
                "\(operatorType) with \(values.count) values on width \(width)")
            current = apply(operatorType, [current, constant(stem, values)])
        }

        for step in steps {
            switch step {
            case .subtract(let values): elementwise("Sub", "offset", values)
            case .divide(let values): elementwise("Div", "divisor", values)
            case .multiply(let values): elementwise("Mul", "factor", values)
            case .add(let values): elementwise("Add", "shift", values)
            case .dense(let weight, let bias, let inputSize, let outputSize):
                precondition(inputSize == width, "dense input \(inputSize) on width \(width)")
                precondition(weight.count == inputSize * outputSize && bias.count == outputSize)
                let weightName = fresh("weight")
                graph.initializers.append(
                    ONNX.Tensor(
                        name: weightName, dimensions: [outputSize, inputSize], values: weight))
                let biasName = fresh("bias")
                graph.initializers.append(
                    ONNX.Tensor(name: biasName, dimensions: [outputSize], values: bias))
                current = apply(
                    "Gemm", [current, weightName, biasName],
                    attributes: [ONNX.Attribute("transB", .integer(1))])
                width = outputSize
            case .activation(let activation):
                current = applyActivation(activation, to: current, apply: apply, constant: constant)
            }
        }
        precondition(width == 1, "the regressor's last step has width \(width), not 1")

        // Name the last value "prediction" with an Identity so every step keeps its own name.
        graph.nodes.append(
            ONNX.Node(
                "Identity", inputs: [current], outputs: ["prediction"], name: "prediction_node"))
        graph.inputs = [
            ONNX.ValueInfo(
                name: "features", dimensions: [.symbolic("batch"), .fixed(featureNames.count)],
                documentation: "Encoded features, in this column order: "
                    + featureNames.joined(separator: ", "))
        ]
        graph.outputs = [
            ONNX.ValueInfo(
                name: "prediction", dimensions: [.symbolic("batch"), .fixed(1)],
                documentation: "Prediction in the target's units.")
        ]
        var model = ONNX.Model(graph: graph)
        model.producerVersion = producerVersion
        let namesJSON = JSONValue.array(featureNames.map(JSONValue.string)).serialized()
        model.metadata = [("feature_names", namesJSON)] + metadata
        return model
    }

    private func applyActivation(
        _ activation: Activation, to input: String,
        apply: (String, [String], [ONNX.Attribute]) -> String,
        constant: (String, [Float]) -> String
    ) -> String {
        switch activation {
        case .relu:
            return apply("Relu", [input], [])
        case .leakyReLU(let slope):
            return apply("LeakyRelu", [input], [ONNX.Attribute("alpha", .float(slope))])
        case .tanh:
            return apply("Tanh", [input], [])
        case .sigmoid:
            return apply("Sigmoid", [input], [])
        case .elu(let alpha):
            return apply("Elu", [input], [ONNX.Attribute("alpha", .float(alpha))])
        case .selu:
            return apply("Selu", [input], [])
        case .gelu:
            let scaled = apply("Div", [input, constant("sqrt_two", [Float(2).squareRoot()])], [])
            let erf = apply("Erf", [scaled], [])
            let onePlus = apply("Add", [erf, constant("one", [1])], [])
            let product = apply("Mul", [input, onePlus], [])
            return apply("Mul", [product, constant("half", [0.5])], [])
        case .geluTanh:
            let cube = apply("Mul", [apply("Mul", [input, input], []), input], [])
            let inner = apply(
                "Add", [input, apply("Mul", [cube, constant("gelu_cubic", [0.044715])], [])], [])
            let scaled = apply(
                "Mul",
                [inner, constant("sqrt_two_over_pi", [Float((2 / Double.pi).squareRoot())])],
                [])
            let onePlus = apply("Add", [apply("Tanh", [scaled], []), constant("one", [1])], [])
            let product = apply("Mul", [input, onePlus], [])
            return apply("Mul", [product, constant("half", [0.5])], [])
        }
    }
}
