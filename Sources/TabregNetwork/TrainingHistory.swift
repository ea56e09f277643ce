/// What happened in one epoch of training.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean of the epoch's batch losses, each weighted by its rows (in training units).
    public var loss: Double
    /// Mean squared error over all training rows after the epoch, in the target's units.
    public var trainMSE: Double
    /// The same over the test rows, when there is a test split.
    public var testMSE: Double?
    /// The same over the validation rows, when early stopping holds some out.
    public var validationMSE: Double?
    /// The learning rate the epoch was trained with (it changes under a schedule).
    public var learningRate: Double?
    /// Wall-clock seconds the epoch took, evaluation included.
    public var seconds: Double

    public init(
        epoch: Int, loss: Double, trainMSE: Double, testMSE: Double? = nil,
        validationMSE: Double? = nil, learningRate: Double? = nil, seconds: Double
    ) {
        self.learningRate = learningRate
        self.epoch = epoch
        self.loss = loss
        self.trainMSE = trainMSE
        self.testMSE = testMSE
        self.validationMSE = validationMSE
        self.seconds = seconds
    }
}

/// The per-epoch record of a training run.
public struct TrainingHistory: Sendable, Equatable {
    /// One record per finished epoch, in order.
    public var epochs: [EpochRecord] = []
    /// The epoch whose weights the model ended with, when early stopping chose one (lowest
    /// validation MSE, the earliest on a tie).
    public var bestEpoch: Int?
    /// The epoch at which training stopped early, if it did (nil when it ran every epoch).
    public var stoppedEpoch: Int?

    public init(epochs: [EpochRecord] = [], bestEpoch: Int? = nil, stoppedEpoch: Int? = nil) {
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.stoppedEpoch = stoppedEpoch
    }
}
