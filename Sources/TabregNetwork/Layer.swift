import TabregNumerics

/// A differentiable building block of a network: a forward map from a batch of rows to a batch
/// of rows, and its backward pass.
///
/// Layers hold no activations. ``Sequential`` keeps every layer's input and output between the
/// forward and the backward pass and hands them back to ``backward(input:output:outputGradient:inputGradient:)``,
/// so one layer can serve any batch size without allocating per step.
public protocol Layer: AnyObject {
    /// Number of output columns for `inputColumns` input columns (precondition on a mismatch).
    func outputColumns(forInputColumns inputColumns: Int) -> Int

    /// Computes the layer on `input` (`[batch, inputColumns]`) into `output`, which arrives with
    /// the right column count and is resized to `batch` rows by the layer.
    func forward(_ input: Matrix, into output: inout Matrix)

    /// Computes the layer for prediction, outside training (see ``Sequential/predict(_:)``).
    ///
    /// The same as ``forward(_:into:)`` for every layer except those that behave differently
    /// while training, such as ``Dropout`` (the identity here).
    func forwardForInference(_ input: Matrix, into output: inout Matrix)

    /// Given dLoss/dOutput, writes the gradients of this layer's parameters and dLoss/dInput
    /// (`[batch, inputColumns]`, resized by the layer).
    ///
    /// `input` and `output` are the matrices of the matching forward call.
    func backward(
        input: Matrix, output: Matrix, outputGradient: Matrix, inputGradient: inout Matrix)

    /// The trainable parameters, in a fixed order (empty for activations).
    var parameters: [Parameter] { get }

    /// A short description such as `Linear(13, 200)` or `LeakyReLU(0.01)`.
    var summary: String { get }
}

extension Layer {
    public var parameters: [Parameter] { [] }

    public func forwardForInference(_ input: Matrix, into output: inout Matrix) {
        forward(input, into: &output)
    }
}
