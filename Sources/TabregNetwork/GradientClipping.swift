import TabregNumerics

/// Gradient clipping by the global L2 norm, as PyTorch's `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// Rescales every gradient in `parameters` when their joint L2 norm exceeds `maxNorm`, and
    /// returns that norm (before clipping).
    ///
    ///     norm = sqrt(sum over parameters of ||g_p||^2)
    ///     coefficient = min(maxNorm / (norm + 1e-6), 1)
    ///     g_p = g_p * coefficient                       (for every parameter p)
    ///
    /// As in PyTorch, the coefficient is a float32 computed from the float32 norm, and
    /// gradients are left untouched when it is 1. Each parameter's squared norm is accumulated
    /// in float64 (PyTorch accumulates in float32 with its own order; the two agree to float32
    /// rounding).
    @discardableResult
    public static func clipNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
        precondition(maxNorm > 0 && maxNorm.isFinite, "invalid max norm: \(maxNorm) (expected > 0)")
        var total: Double = 0
        for parameter in parameters {
            var squares: Double = 0
            parameter.gradient.storage.withUnsafeBufferPointer { g in
                for value in g { squares += Double(value) * Double(value) }
            }
            let norm = Float(squares.squareRoot())
            total += Double(norm) * Double(norm)
        }
        let norm = Float(total.squareRoot())
        let coefficient = min(maxNorm / (norm + 1e-6), 1)
        if coefficient < 1 {
            for parameter in parameters {
                parameter.gradient.storage.withUnsafeMutableBufferPointer { g in
                    for index in 0..<g.count { g[index] *= coefficient }
                }
            }
        }
        return norm
    }
}
