import TabregNumerics

/// Inverted dropout, as PyTorch's `nn.Dropout(p)`: while training, each element is zeroed with
/// probability `probability` and the kept ones are multiplied by `1 / (1 - probability)`, so
/// the expected output equals the input; for prediction (``forwardForInference(_:into:)``) it
/// is the identity.
///
/// The scale is computed as PyTorch's CPU kernel does, `1 / Float(1 - probability)` with
/// `1 - probability` in float64 (so p = 0.8 gives exactly 5).
/// Masks are drawn from the layer's own SplitMix64 stream, seeded once from the generator given
/// at creation, one draw per element in row-major order for every training forward pass: the
/// same seed gives the same masks on every run (PyTorch's mask stream is not reproduced).
///
/// Unlike other layers, dropout keeps the mask of its last training forward pass (the element
/// multipliers, 0 or the scale) for the backward pass: `dX = dY * mask`.
public final class Dropout: Layer {
    /// The probability of zeroing an element, in [0, 1).
    public let probability: Double
    /// `1 / (1 - probability)`, the multiplier of kept elements.
    public let scale: Float
    private var generator: SplitMix64
    private var mask: [Float] = []

    /// Dropout with drop probability `probability` (PyTorch's default is 0.5; tabreg's
    /// `--dropout` has no default), seeding its mask stream from one draw of `generator`.
    public init(probability: Double, using generator: inout SplitMix64) {
        precondition(
            probability >= 0 && probability < 1,
            "invalid dropout probability: \(probability) (expected in [0, 1))")
        self.probability = probability
        self.scale = 1 / Float(1 - probability)
        self.generator = SplitMix64(seed: generator.next())
    }

    public var summary: String { "Dropout(\(probability))" }

    public func outputColumns(forInputColumns inputColumns: Int) -> Int { inputColumns }

    /// Draws a fresh mask and applies it.
    public func forward(_ input: Matrix, into output: inout Matrix) {
        output.resize(rows: input.rows)
        let count = input.storage.count
        if mask.count != count { mask = [Float](repeating: 0, count: count) }
        let keep = 1 - probability
        let kept = scale
        mask.withUnsafeMutableBufferPointer { m in
            for index in 0..<count {
                m[index] = generator.nextUnitDouble() < keep ? kept : 0
            }
        }
        input.storage.withUnsafeBufferPointer { x in
            output.storage.withUnsafeMutableBufferPointer { y in
                mask.withUnsafeBufferPointer { m in
                    for index in 0..<count { y[index] = x[index] * m[index] }
                }
            }
        }
    }

    /// The identity.
    public func forwardForInference(_ input: Matrix, into output: inout Matrix) {
        output.resize(rows: input.rows)
        output.storage.withUnsafeMutableBufferPointer { y in
            input.storage.withUnsafeBufferPointer { x in
                for index in 0..<x.count { y[index] = x[index] }
            }
        }
    }

    public func backward(
        input: Matrix, output: Matrix, outputGradient: Matrix, inputGradient: inout Matrix
    ) {
        precondition(
            mask.count == outputGradient.storage.count,
            "Dropout.backward: \(outputGradient.storage.count) gradients for a mask of \(mask.count)"
        )
        inputGradient.resize(rows: outputGradient.rows)
        outputGradient.storage.withUnsafeBufferPointer { dy in
            mask.withUnsafeBufferPointer { m in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    for index in 0..<dy.count { dx[index] = dy[index] * m[index] }
                }
            }
        }
    }
}
