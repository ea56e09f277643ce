import TabregNumerics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An element-wise activation layer: `output[i, j] = value(input[i, j])`.
///
/// Conforming types give the scalar function and its derivative; the loops live here once.
/// Activations have no parameters.
public protocol ElementwiseActivation: Layer {
    /// The activation at `x`.
    func value(_ x: Float) -> Float
    /// d value / d x at `x`, given also `y = value(x)` (whichever is cheaper to use).
    func derivative(_ x: Float, output y: Float) -> Float
}

extension ElementwiseActivation {
    public func outputColumns(forInputColumns inputColumns: Int) -> Int { inputColumns }

    public func forward(_ input: Matrix, into output: inout Matrix) {
        output.resize(rows: input.rows)
        input.storage.withUnsafeBufferPointer { x in
            output.storage.withUnsafeMutableBufferPointer { y in
                for index in 0..<x.count {
                    y[index] = value(x[index])
                }
            }
        }
    }

    public func backward(
        input: Matrix, output: Matrix, outputGradient: Matrix, inputGradient: inout Matrix
    ) {
        inputGradient.resize(rows: input.rows)
        input.storage.withUnsafeBufferPointer { x in
            output.storage.withUnsafeBufferPointer { y in
                outputGradient.storage.withUnsafeBufferPointer { dy in
                    inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                        for index in 0..<x.count {
                            dx[index] = dy[index] * derivative(x[index], output: y[index])
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Free functions

/// `x` for `x > 0`, else `negativeSlope * x` (PyTorch's `leaky_relu`, default slope 0.01).
@inlinable
public func leakyReLU(_ x: Float, negativeSlope: Float = 0.01) -> Float {
    x > 0 ? x : x * negativeSlope
}

/// `max(x, 0)`.
@inlinable
public func relu(_ x: Float) -> Float { x > 0 ? x : 0 }

/// `1 / (1 + exp(-x))`, computed without overflow for large `|x|`.
@inlinable
public func sigmoid(_ x: Float) -> Float {
    if x >= 0 {
        return 1 / (1 + expf(-x))
    }
    let e = expf(x)
    return e / (1 + e)
}

/// The exact GELU, `x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))` (PyTorch's default
/// `approximate='none'`; Hendrycks and Gimpel, https://arxiv.org/abs/1606.08415).
@inlinable
public func gelu(_ x: Float) -> Float {
    0.5 * x * (1 + erff(x * 0.70710678118654752))
}

/// `x` for `x > 0`, else `alpha * (exp(x) - 1)` (PyTorch's `elu`, default alpha 1; Clevert,
/// Unterthiner and Hochreiter, https://arxiv.org/abs/1511.07289). Uses `expm1` for accuracy near 0.
@inlinable
public func elu(_ x: Float, alpha: Float = 1) -> Float {
    x > 0 ? x : alpha * expm1f(x)
}

/// The SELU constants of Klambauer et al. (https://arxiv.org/abs/1706.02515), as PyTorch.
public enum SELUConstants {
    /// alpha = 1.6732632423543772848170429916717.
    public static let alpha: Float = 1.6732632423543772848170429916717
    /// scale (lambda) = 1.0507009873554804934193349852946.
    public static let scale: Float = 1.0507009873554804934193349852946
}

/// `scale * elu(x, alpha)` with the SELU constants (PyTorch's `selu`).
@inlinable
public func selu(_ x: Float) -> Float {
    SELUConstants.scale * (x > 0 ? x : SELUConstants.alpha * expm1f(x))
}

// MARK: - Layers

/// Leaky rectified linear unit: `x` for `x > 0`, else `negativeSlope * x`.
///
/// Derivative 1 for `x > 0`, else `negativeSlope` (PyTorch's choice at exactly 0).
public final class LeakyReLU: ElementwiseActivation {
    /// The slope for negative inputs; default 0.01, as PyTorch's `nn.LeakyReLU`.
    public let negativeSlope: Float

    /// A leaky ReLU with the given negative slope (default 0.01).
    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }

    public var summary: String { "LeakyReLU(\(negativeSlope))" }
    public func value(_ x: Float) -> Float { leakyReLU(x, negativeSlope: negativeSlope) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : negativeSlope }

    /// The element-wise loop as one vectorized kernel (same values as ``value(_:)``).
    public func forward(_ input: Matrix, into output: inout Matrix) {
        output.resize(rows: input.rows)
        let slope = negativeSlope
        input.storage.withUnsafeBufferPointer { x in
            output.storage.withUnsafeMutableBufferPointer { y in
                guard let source = x.baseAddress, let target = y.baseAddress else { return }
                Kernels.leakyReLU(source, target, count: x.count, negativeSlope: slope)
            }
        }
    }

    /// `dx = dy * (x > 0 ? 1 : negativeSlope)` as one vectorized kernel (the same values as
    /// the protocol's loop with ``derivative(_:output:)``).
    public func backward(
        input: Matrix, output: Matrix, outputGradient: Matrix, inputGradient: inout Matrix
    ) {
        inputGradient.resize(rows: input.rows)
        let slope = negativeSlope
        input.storage.withUnsafeBufferPointer { x in
            outputGradient.storage.withUnsafeBufferPointer { dy in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    guard let x = x.baseAddress, let dy = dy.baseAddress,
                        let dx = dx.baseAddress
                    else { return }
                    Kernels.leakyReLUBackward(
                        input: x, outputGradient: dy, inputGradient: dx, count: input.storage.count,
                        negativeSlope: slope)
                }
            }
        }
    }
}

/// Rectified linear unit: `max(x, 0)`; derivative 1 for `x > 0`, else 0.
public final class ReLU: ElementwiseActivation {
    public init() {}
    public var summary: String { "ReLU" }
    public func value(_ x: Float) -> Float { relu(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : 0 }
}

/// Hyperbolic tangent; derivative `1 - tanh(x)^2`.
public final class Tanh: ElementwiseActivation {
    public init() {}
    public var summary: String { "Tanh" }
    public func value(_ x: Float) -> Float { tanhf(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { 1 - y * y }
}

/// Logistic sigmoid `1 / (1 + exp(-x))`; derivative `y * (1 - y)`.
public final class Sigmoid: ElementwiseActivation {
    public init() {}
    public var summary: String { "Sigmoid" }
    public func value(_ x: Float) -> Float { sigmoid(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { y * (1 - y) }
}

/// Exact Gaussian error linear unit `x * Phi(x)`; derivative `Phi(x) + x * phi(x)`.
public final class GELU: ElementwiseActivation {
    public init() {}
    public var summary: String { "GELU" }
    public func value(_ x: Float) -> Float { gelu(x) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        let cdf = 0.5 * (1 + erff(x * 0.70710678118654752))
        let density = expf(-0.5 * x * x) * 0.39894228040143268
        return cdf + x * density
    }
}

/// Exponential linear unit: `x` for `x > 0`, else `alpha * (exp(x) - 1)`.
///
/// Derivative 1 for `x > 0`, else `alpha * exp(x)` (PyTorch's choice at exactly 0: the negative
/// branch). Default alpha 1, as PyTorch's `nn.ELU`.
public final class ELU: ElementwiseActivation {
    /// The saturation value for large negative inputs is `-alpha`; default 1.
    public let alpha: Float

    public init(alpha: Float = 1) {
        self.alpha = alpha
    }

    public var summary: String { "ELU(\(alpha))" }
    public func value(_ x: Float) -> Float { elu(x, alpha: alpha) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : alpha * expf(x) }
}

/// Scaled exponential linear unit: `scale * elu(x, alpha)` with the fixed constants of
/// ``SELUConstants`` (PyTorch's `nn.SELU`).
///
/// Derivative `scale` for `x > 0`, else `scale * alpha * exp(x)` (the negative branch at 0).
public final class SELU: ElementwiseActivation {
    public init() {}
    public var summary: String { "SELU" }
    public func value(_ x: Float) -> Float { selu(x) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        x > 0 ? SELUConstants.scale : SELUConstants.scale * SELUConstants.alpha * expf(x)
    }
}
