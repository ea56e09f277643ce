import TabregNumerics

/// A fully connected layer: `output = input * weight + bias`.
///
/// - `weight`: `[inputSize, outputSize]` (transposed with respect to PyTorch's `[out, in]`, so
///   the forward product is a row-by-row axpy; see ``Kernels``).
/// - `bias`: `[1, outputSize]`.
///
/// Initialisation as PyTorch's `nn.Linear`: every weight and bias drawn from
/// U(-1/sqrt(inputSize), 1/sqrt(inputSize)), weights first in PyTorch's `[out, in]` order, then
/// the biases, all from the generator passed in.
public final class Linear: Layer {
    /// Number of input features.
    public let inputSize: Int
    /// Number of output features.
    public let outputSize: Int
    /// `[inputSize, outputSize]`.
    public let weight: Parameter
    /// `[1, outputSize]`.
    public let bias: Parameter

    /// A layer with PyTorch's default initialisation drawn from `generator`.
    public init(inputSize: Int, outputSize: Int, using generator: inout SplitMix64) {
        precondition(inputSize > 0 && outputSize > 0,
            "Linear needs positive sizes, got \(inputSize) -> \(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        let bound = 1 / Float(inputSize).squareRoot()
        var weights = Matrix(rows: inputSize, columns: outputSize)
        for output in 0..<outputSize {
            for input in 0..<inputSize {
                weights[input, output] = generator.nextFloat(from: -bound, to: bound)
            }
        }
        var biases = Matrix(rows: 1, columns: outputSize)
        for output in 0..<outputSize {
            biases[0, output] = generator.nextFloat(from: -bound, to: bound)
        }
        self.weight = Parameter(name: "weight", value: weights)
        self.bias = Parameter(name: "bias", value: biases)
    }

    /// A layer with the given values: `weight` `[inputSize, outputSize]`, `bias` `[1, outputSize]`.
    public init(weight: Matrix, bias: Matrix) {
        precondition(bias.rows == 1 && bias.columns == weight.columns,
            "Linear: bias [\(bias.rows), \(bias.columns)] for weight [\(weight.rows), \(weight.columns)]")
        self.inputSize = weight.rows
        self.outputSize = weight.columns
        self.weight = Parameter(name: "weight", value: weight)
        self.bias = Parameter(name: "bias", value: bias)
    }

    /// A convenience for `Linear(inputSize:outputSize:using:)`.
    public convenience init(_ inputSize: Int, _ outputSize: Int, using generator: inout SplitMix64) {
        self.init(inputSize: inputSize, outputSize: outputSize, using: &generator)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public var summary: String { "Linear(\(inputSize), \(outputSize))" }

    public func outputColumns(forInputColumns inputColumns: Int) -> Int {
        precondition(inputColumns == inputSize,
            "Linear(\(inputSize), \(outputSize)) got \(inputColumns) input columns")
        return outputSize
    }

    public func forward(_ input: Matrix, into output: inout Matrix) {
        Matrix.multiply(input, weight.value, addingRow: bias.value, into: &output)
    }

    /// dW = input^T * dY, db = column sums of dY, dX = dY * W^T.
    public func backward(
        input: Matrix, output: Matrix, outputGradient: Matrix, inputGradient: inout Matrix
    ) {
        backwardParameters(input: input, outputGradient: outputGradient)
        Matrix.multiplyTransposingRight(outputGradient, weight.value, into: &inputGradient)
    }

    /// dW = input^T * dY and db = column sums of dY only, for a layer whose input gradient
    /// nobody reads (the first layer of a ``Sequential``).
    public func backwardParameters(input: Matrix, outputGradient: Matrix) {
        Matrix.multiplyTransposingLeft(
            input, outputGradient, into: &weight.gradient, columnSums: &bias.gradient)
    }
}
