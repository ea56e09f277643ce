import TabregData
import TabregNetwork

/// The activation between hidden layers.
public enum ActivationKind: String, Sendable, Codable, CaseIterable {
    case leakyReLU = "leaky-relu"
    case relu
    case tanh
    case sigmoid
    case gelu
    case elu
    case selu
}

/// The learning-rate schedule, stepped once per epoch (PyTorch's semantics; see
/// ``LearningRateSchedule``).
public enum ScheduleKind: String, Sendable, Codable, CaseIterable {
    /// The learning rate throughout.
    case constant
    /// Cosine annealing to 0 over the run (`CosineAnnealingLR(T_max: epochs, eta_min: 0)`).
    case cosine
    /// Multiplied by ``TrainSettings/learningRateGamma`` every
    /// ``TrainSettings/learningRateStepSize`` epochs (`StepLR`).
    case step
    /// Multiplied by 0.1 after 10 epochs without improvement of the validation MSE (or the
    /// training loss when there is no validation split), `ReduceLROnPlateau`'s defaults.
    case plateau
}

/// The optimizer.
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
    case adam
    case adamw
    case sgd
}

/// What to do with missing values in the target and the features.
public enum MissingValuePolicy: String, Sendable, Codable, CaseIterable {
    /// Drop rows with a missing target; impute features (median + indicator, or a level of
    /// their own for text), as ``FeatureEncoder`` documents.
    case impute
    /// Refuse any missing value in the target or the features with an error.
    case error
}

/// Everything that decides a training run. Defaults are the tutorial's settings with a 20 %
/// test split and standardized features.
public struct TrainSettings: Sendable, Equatable {
    /// The CSV file; nil for the embedded Boston data.
    public var dataFile: String?
    /// The target column; nil means `medv` for the embedded data (required otherwise).
    public var target: String?
    /// The feature columns; nil means every column but the target and ``drop``.
    public var features: [String]?
    /// Columns to leave out.
    public var drop: [String] = []
    /// The CSV field delimiter; nil detects `,` `;` tab or `|`.
    public var delimiter: UInt8?
    /// Numeric columns to treat as categorical (one-hot encoded).
    public var categorical: [String] = []
    /// Missing values: impute (default) or refuse.
    public var missing: MissingValuePolicy = .impute
    /// Hidden layer widths; default [200, 100].
    public var hidden: [Int] = [200, 100]
    /// Default leaky ReLU.
    public var activation: ActivationKind = .leakyReLU
    /// The leaky ReLU slope for negative inputs; default 0.01.
    public var negativeSlope: Double = 0.01
    /// Default Adam.
    public var optimizer: OptimizerKind = .adam
    /// Default 0.001.
    public var learningRate: Double = 0.001
    /// L2 (Adam, SGD) or decoupled (AdamW) weight decay; nil means 0, or 0.01 for AdamW.
    public var weightDecay: Double?
    /// SGD momentum; default 0.9 (only used by SGD).
    public var momentum: Double = 0.9
    /// Default 50.
    public var batchSize: Int = 50
    /// Default 300.
    public var epochs: Int = 300
    /// Default 1.
    public var seed: UInt64 = 1
    /// Feature scaling; default standard.
    public var scale: Scaling = .standard
    /// Standardize the target while training; default false.
    public var scaleTarget = false
    /// Fraction of rows held out for testing; default 0.2, 0 trains on everything.
    public var testFraction: Double = 0.2
    /// Worker threads for full-data passes (prediction and the per-epoch errors, in chunks of
    /// `Sequential.predictionChunkRows` rows); default 1. Training steps run on one thread.
    /// Results are bit-identical for any value.
    public var threads: Int = 1
    /// Stop after this many epochs without a validation improvement and keep the best epoch's
    /// weights; nil (default) trains every epoch with no validation split unless
    /// ``validationFraction`` asks for one.
    public var earlyStoppingPatience: Int?
    /// Fraction of the training rows held out (seeded) as the validation split; nil means 0.1
    /// with early stopping and no validation split without.
    public var validationFraction: Double?
    /// Default constant.
    public var learningRateSchedule: ScheduleKind = .constant
    /// Epochs between learning-rate drops of the step schedule; nil means `max(1, epochs / 3)`.
    public var learningRateStepSize: Int?
    /// The step schedule's factor; default 0.1 (as PyTorch's `StepLR`).
    public var learningRateGamma: Double = 0.1
    /// Inverted-dropout probability after each hidden activation while training; default 0.
    public var dropout: Double = 0
    /// Maximum global L2 norm of each step's gradients; nil (default) means no clipping.
    public var clipNorm: Double?

    public init() {}

    /// The validation fraction in effect (0 means no validation split).
    public var effectiveValidationFraction: Double {
        validationFraction ?? (earlyStoppingPatience != nil ? 0.1 : 0)
    }

    /// The step schedule's step size in effect.
    public var effectiveStepSize: Int { learningRateStepSize ?? max(1, epochs / 3) }

    /// The schedule the trainer runs.
    public var schedule: LearningRateSchedule {
        switch learningRateSchedule {
        case .constant: .constant
        case .cosine: .cosine(periodEpochs: epochs)
        case .step: .step(stepSize: effectiveStepSize, gamma: learningRateGamma)
        case .plateau: .plateau()
        }
    }

    /// The weight decay in effect.
    public var effectiveWeightDecay: Double { weightDecay ?? (optimizer == .adamw ? 0.01 : 0) }
}
