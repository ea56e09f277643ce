import TabregNumerics

/// AdamW: Adam with decoupled weight decay (Loshchilov and Hutter,
/// https://arxiv.org/abs/1711.05101), written as PyTorch's `torch.optim.AdamW`.
///
/// Each step first shrinks every parameter, `p = p * (1 - lr * weightDecay)`, then applies the
/// ``Adam`` update without any L2 term in the gradient.
///
/// Defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8, weightDecay 0.01 (as
/// PyTorch).
public final class AdamW: Optimizer {
    private let adam: Adam
    /// The decoupled decay rate.
    public let weightDecay: Float

    public var learningRate: Float {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }

    public init(
        learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0.01
    ) {
        checkHyperparameter(weightDecay >= 0, "weight decay", weightDecay, ">= 0")
        adam = Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        if weightDecay != 0 {
            let shrink = 1 - learningRate * weightDecay
            for parameter in parameters {
                parameter.value.storage.withUnsafeMutableBufferPointer { p in
                    for i in 0..<p.count { p[i] *= shrink }
                }
            }
        }
        adam.step(parameters)
    }
}
