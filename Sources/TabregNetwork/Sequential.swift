import Dispatch
import TabregNumerics

/// Layers applied in order; the network type of tabreg.
///
/// ```swift
/// var generator = SplitMix64(seed: 1)
/// let model = Sequential {
///     Linear(13, 200, using: &generator); LeakyReLU()
///     Linear(200, 100, using: &generator); LeakyReLU()
///     Linear(100, 1, using: &generator)
/// }
/// ```
///
/// Its parameters are its layers' parameters in layer order. It keeps the activations of the
/// last training forward pass for the backward pass, in buffers reused from step to step.
public final class Sequential {
    /// The layers, applied first to last.
    public let layers: [any Layer]

    /// `activations[0]` is the input, `activations[i + 1]` the output of layer i.
    private var activations: [Matrix] = []
    /// `gradients[i]` is dLoss/d(activations[i]).
    private var gradients: [Matrix] = []
    /// Buffers for ``predict(_:)``, kept apart from the training buffers.
    private var inferenceBuffers: [Matrix] = []

    /// A network of `layers` in order (at least one).
    public init(layers: [any Layer]) {
        precondition(!layers.isEmpty, "Sequential needs at least one layer")
        self.layers = layers
    }

    /// A network built with the ``LayerBuilder`` result builder.
    public convenience init(@LayerBuilder _ build: () -> [any Layer]) {
        self.init(layers: build())
    }

    /// Every layer's parameters, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Parameters with names such as `layers.0.weight` (the index counts every layer, as
    /// PyTorch's `nn.Sequential` state dict does).
    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer in
            layer.parameters.map { (name: "layers.\(index).\($0.name)", parameter: $0) }
        }
    }

    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Output columns for a given number of input columns (checks every layer's shape).
    public func outputColumns(forInputColumns inputColumns: Int) -> Int {
        layers.reduce(inputColumns) { $1.outputColumns(forInputColumns: $0) }
    }

    /// Runs the layers on `input`, keeping every activation for ``backward(_:)``, and returns
    /// the output (`[batch, outputColumns]`).
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        Self.prepare(&activations, layers: layers, inputColumns: input.columns)
        activations[0] = input
        Kernels.withThreadCount(threadCount) {
            for (index, layer) in layers.enumerated() {
                layer.forward(activations[index], into: &activations[index + 1])
            }
        }
        return activations[layers.count]
    }

    /// Back-propagates dLoss/dOutput through the layers of the last ``forward(_:)``, writing
    /// every parameter's gradient.
    public func backward(_ outputGradient: Matrix) {
        precondition(activations.count == layers.count + 1, "backward called before forward")
        let last = activations[layers.count]
        precondition(outputGradient.rows == last.rows && outputGradient.columns == last.columns,
            "backward: gradient [\(outputGradient.rows), \(outputGradient.columns)] for output [\(last.rows), \(last.columns)]")
        if gradients.count != activations.count {
            gradients = activations.map { Matrix(rows: 0, columns: $0.columns) }
        }
        gradients[layers.count] = outputGradient
        Kernels.withThreadCount(threadCount) {
            for index in stride(from: layers.count - 1, through: 0, by: -1) {
                if index == 0, let first = layers[0] as? Linear {
                    // Nothing reads dLoss/dInput of the network: the first Linear layer needs
                    // only its parameters' gradients (the tutorial job saves 3% of its work).
                    first.backwardParameters(
                        input: activations[0], outputGradient: gradients[1])
                    continue
                }
                layers[index].backward(
                    input: activations[index], output: activations[index + 1],
                    outputGradient: gradients[index + 1], inputGradient: &gradients[index])
            }
        }
        // Drop the references to the caller's matrices so that the caller can refill them
        // in place next step without a copy-on-write.
        activations[0] = Matrix(rows: 0, columns: activations[0].columns)
        gradients[layers.count] = Matrix(rows: 0, columns: outputGradient.columns)
    }

    /// Threads that the network's passes may use (default 1): ``forward(_:)``, ``backward(_:)``
    /// and ``predict(_:)`` on up to 1024 rows split each large enough product over them (see
    /// `Kernels.withThreadCount`), and ``predict(_:)`` on more rows gives them whole chunks of
    /// rows. Results are bit-identical for any value: every output element's sum has the same
    /// order whichever thread computes it.
    public var threadCount: Int = 1 {
        didSet { precondition(threadCount > 0, "threadCount must be positive, got \(threadCount)") }
    }

    /// Rows per chunk in ``predict(_:)``: large inputs are computed chunk by chunk, so memory
    /// stays at a few chunk-sized buffers (never `rows x widest layer`), and chunks are what
    /// threads share out.
    public static let predictionChunkRows = 1024

    /// The network's output for `input` without keeping anything for a backward pass, with
    /// every layer in inference mode (``Dropout`` is the identity).
    ///
    /// Inputs of more than ``predictionChunkRows`` rows are computed in chunks of that many rows,
    /// spread over ``threadCount`` threads (chunk c on thread c mod threadCount); the result does
    /// not depend on either.
    public func predict(_ input: Matrix) -> Matrix {
        let chunkRows = Self.predictionChunkRows
        let chunkCount = (input.rows + chunkRows - 1) / chunkRows
        if chunkCount <= 1 {
            return predictWhole(input)
        }
        let outputColumns = outputColumns(forInputColumns: input.columns)
        var output = Matrix(rows: input.rows, columns: outputColumns)
        let workers = min(threadCount, chunkCount)
        let layers = UncheckedSendable(self.layers)
        input.storage.withUnsafeBufferPointer { source in
            output.storage.withUnsafeMutableBufferPointer { target in
                let source = UncheckedSendable(source), target = UncheckedSendable(target)
                let predictChunks: @Sendable (Int) -> Void = { worker in
                    var buffers: [Matrix] = []
                    Self.prepare(&buffers, layers: layers.value, inputColumns: input.columns)
                    for chunk in stride(from: worker, to: chunkCount, by: workers) {
                        let start = chunk * chunkRows
                        let end = min(start + chunkRows, input.rows)
                        buffers[0] = Matrix(
                            rows: end - start, columns: input.columns,
                            storage: Array(
                                source.value[(start * input.columns)..<(end * input.columns)]))
                        for (index, layer) in layers.value.enumerated() {
                            layer.forwardForInference(buffers[index], into: &buffers[index + 1])
                        }
                        let result = buffers[layers.value.count].storage
                        for (offset, value) in result.enumerated() {
                            target.value[start * outputColumns + offset] = value
                        }
                    }
                }
                let work: @Sendable (Int) -> Void = { worker in
                    // Threads share whole chunks here, so each chunk's kernels use one thread.
                    Kernels.withThreadCount(1) { predictChunks(worker) }
                }
                if workers == 1 {
                    work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: workers, execute: work)
                }
            }
        }
        return output
    }

    /// ``predict(_:)`` in one piece, in the reused inference buffers.
    private func predictWhole(_ input: Matrix) -> Matrix {
        Self.prepare(&inferenceBuffers, layers: layers, inputColumns: input.columns)
        inferenceBuffers[0] = input
        Kernels.withThreadCount(threadCount) {
            for (index, layer) in layers.enumerated() {
                layer.forwardForInference(
                    inferenceBuffers[index], into: &inferenceBuffers[index + 1])
            }
        }
        let output = inferenceBuffers[layers.count]
        inferenceBuffers[0] = Matrix(rows: 0, columns: input.columns)
        return output
    }

    /// Makes `buffers` hold one matrix per activation with the right column counts.
    private static func prepare(_ buffers: inout [Matrix], layers: [any Layer], inputColumns: Int) {
        if buffers.count == layers.count + 1, buffers[0].columns == inputColumns { return }
        var columns = inputColumns
        buffers = [Matrix(rows: 0, columns: columns)]
        for layer in layers {
            columns = layer.outputColumns(forInputColumns: columns)
            buffers.append(Matrix(rows: 0, columns: columns))
        }
    }
}

/// A value handed to worker threads that only read it (layers during inference) or write
/// disjoint parts of it (rows of an output buffer).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Builds a layer list for ``Sequential``: one layer per line, `if`, `if`/`else`, `switch`
/// and `for` all keep their layers (no branch silently drops one).
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
    public static func buildEither(second part: [any Layer]) -> [any Layer] { part }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [any Layer]) -> [any Layer] { part }
}
