import TabregNumerics

/// Stochastic gradient descent with optional momentum, Nesterov momentum and coupled weight
/// decay, as PyTorch's `torch.optim.SGD` (dampening 0).
///
///     g = g + weightDecay * p                        (only when weightDecay != 0)
///     b = g on the first step, else momentum * b + g (only when momentum != 0)
///     g = nesterov ? g + momentum * b : b
///     p = p - lr * g
///
/// Defaults: momentum 0, nesterov false, weightDecay 0.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    public let weightDecay: Float
    private var buffers: [[Float]] = []

    /// SGD with learning rate `learningRate` and the given momentum (default none).
    public init(
        learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0
    ) {
        checkHyperparameter(learningRate >= 0 && learningRate.isFinite, "learning rate", learningRate, ">= 0")
        checkHyperparameter(momentum >= 0, "momentum", momentum, ">= 0")
        checkHyperparameter(!nesterov || momentum > 0, "nesterov", nesterov, "momentum > 0")
        checkHyperparameter(weightDecay >= 0, "weight decay", weightDecay, ">= 0")
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let first = buffers.isEmpty
        if first {
            buffers = parameters.map { [Float](repeating: 0, count: momentum == 0 ? 0 : $0.count) }
        }
        checkSameParameters(
            parameters, counts: momentum == 0 ? parameters.map(\.count) : buffers.map(\.count),
            optimizer: "SGD")
        let (lr, mu, decay) = (learningRate, momentum, weightDecay)
        for (index, parameter) in parameters.enumerated() {
            parameter.gradient.storage.withUnsafeBufferPointer { g in
                parameter.value.storage.withUnsafeMutableBufferPointer { p in
                    buffers[index].withUnsafeMutableBufferPointer { b in
                        for i in 0..<p.count {
                            var gradient = g[i]
                            if decay != 0 { gradient += decay * p[i] }
                            if mu != 0 {
                                b[i] = first ? gradient : mu * b[i] + gradient
                                gradient = nesterov ? gradient + mu * b[i] : b[i]
                            }
                            p[i] -= lr * gradient
                        }
                    }
                }
            }
        }
    }
}
