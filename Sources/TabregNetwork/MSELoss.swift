import TabregNumerics

/// Mean squared error, the training loss: `mean((predictions - targets)^2)` over every element.
///
/// Both arguments are ``Matrix`` values of the same shape, `[batch, 1]` for a regressor. There is
/// no vector type to broadcast, and a shape mismatch is a precondition failure that prints both
/// shapes: the `(N,)` against `(N, 1)` broadcast that silently turns PyTorch's `MSELoss` into an
/// `N x N` comparison cannot happen here.
///
/// The value is accumulated in float32 in index order, as the training loss of PyTorch is; the
/// reported metric with float64 accumulation is `RegressionMetrics.mse` (TabregLinear).
public struct MSELoss: Sendable {
    public init() {}

    /// The loss value.
    public func callAsFunction(predictions: Matrix, targets: Matrix) -> Float {
        Self.checkShapes(predictions: predictions, targets: targets)
        guard !predictions.storage.isEmpty else { return 0 }
        var sum: Float = 0
        predictions.storage.withUnsafeBufferPointer { p in
            targets.storage.withUnsafeBufferPointer { t in
                for index in 0..<p.count {
                    let difference = p[index] - t[index]
                    sum += difference * difference
                }
            }
        }
        return sum / Float(predictions.storage.count)
    }

    /// Writes dLoss/dPredictions, `2 * (predictions - targets) / count`, into `gradient`, and
    /// returns the loss value.
    @discardableResult
    public func gradient(
        predictions: Matrix, targets: Matrix, into gradient: inout Matrix
    ) -> Float {
        Self.checkShapes(predictions: predictions, targets: targets)
        precondition(gradient.columns == predictions.columns,
            "MSELoss.gradient: buffer has \(gradient.columns) columns, expected \(predictions.columns)")
        gradient.resize(rows: predictions.rows)
        let count = predictions.storage.count
        guard count > 0 else { return 0 }
        let scale = 2 / Float(count)
        var sum: Float = 0
        predictions.storage.withUnsafeBufferPointer { p in
            targets.storage.withUnsafeBufferPointer { t in
                gradient.storage.withUnsafeMutableBufferPointer { g in
                    for index in 0..<count {
                        let difference = p[index] - t[index]
                        sum += difference * difference
                        g[index] = scale * difference
                    }
                }
            }
        }
        return sum / Float(count)
    }

    private static func checkShapes(predictions: Matrix, targets: Matrix) {
        precondition(
            predictions.rows == targets.rows && predictions.columns == targets.columns,
            "MSELoss: predictions [\(predictions.rows), \(predictions.columns)] and targets "
                + "[\(targets.rows), \(targets.columns)] must have the same shape")
    }
}
