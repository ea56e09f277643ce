import TabregNumerics

/// Adam (Kingma and Ba, https://arxiv.org/abs/1412.6980), written as PyTorch's `torch.optim.Adam`
/// (single-tensor path, `amsgrad=False`), with optional coupled L2 weight decay.
///
/// For step t = 1, 2, ... and each parameter p with gradient g:
///
///     g  = g + weightDecay * p                      (only when weightDecay != 0)
///     m  = m + (1 - beta1) * (g - m)                (PyTorch's lerp form)
///     v  = beta2 * v + (1 - beta2) * g * g
///     p  = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
///
/// The bias corrections use running products `beta1^t`, `beta2^t` kept in float64 (as PyTorch
/// computes them in Python floats); the element-wise update is float32, one vectorized kernel
/// (`Kernels.adamUpdate`) that rounds every lane exactly as the formula above, in the order
/// written, with no fused multiply-add. Moments start at zero.
///
/// Defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8, weightDecay 0.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Coupled L2 penalty added to the gradient (PyTorch's `Adam(weight_decay=)`).
    public let weightDecay: Float

    /// Steps taken so far.
    public private(set) var stepCount = 0
    private var beta1Power: Double = 1
    private var beta2Power: Double = 1
    private var firstMoments: [[Float]] = []
    private var secondMoments: [[Float]] = []

    /// Adam with PyTorch's defaults unless given.
    public init(
        learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0
    ) {
        checkHyperparameter(learningRate >= 0 && learningRate.isFinite, "learning rate", learningRate, ">= 0")
        checkHyperparameter((0..<1).contains(beta1), "beta1", beta1, "in [0, 1)")
        checkHyperparameter((0..<1).contains(beta2), "beta2", beta2, "in [0, 1)")
        checkHyperparameter(epsilon >= 0, "epsilon", epsilon, ">= 0")
        checkHyperparameter(weightDecay >= 0, "weight decay", weightDecay, ">= 0")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        if firstMoments.isEmpty {
            firstMoments = parameters.map { [Float](repeating: 0, count: $0.count) }
            secondMoments = firstMoments
        }
        checkSameParameters(
            parameters, counts: firstMoments.lazy.map { $0.count }, optimizer: "Adam")
        stepCount += 1
        beta1Power *= Double(beta1)
        beta2Power *= Double(beta2)
        let stepSize = Float(Double(learningRate) / (1 - beta1Power))
        let correction2Root = Float((1 - beta2Power).squareRoot())
        let (b1, b2, eps, decay) = (beta1, beta2, epsilon, weightDecay)
        let oneMinusBeta1 = 1 - b1
        let oneMinusBeta2 = 1 - b2
        for (index, parameter) in parameters.enumerated() {
            parameter.gradient.storage.withUnsafeBufferPointer { g in
                parameter.value.storage.withUnsafeMutableBufferPointer { p in
                    firstMoments[index].withUnsafeMutableBufferPointer { m in
                        secondMoments[index].withUnsafeMutableBufferPointer { v in
                            guard p.count > 0 else { return }
                            Kernels.adamUpdate(
                                value: p.baseAddress!, gradient: g.baseAddress!,
                                firstMoment: m.baseAddress!, secondMoment: v.baseAddress!,
                                count: p.count, beta2: b2, oneMinusBeta1: oneMinusBeta1,
                                oneMinusBeta2: oneMinusBeta2, stepSize: stepSize,
                                correction2Root: correction2Root, epsilon: eps,
                                weightDecay: decay)
                        }
                    }
                }
            }
        }
    }
}
