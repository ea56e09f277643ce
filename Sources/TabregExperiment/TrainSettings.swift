import TabregData

/// The activation between hidden layers.
public enum ActivationKind: String, Sendable, Codable, CaseIterable {
    case leakyReLU = "leaky-relu"
    case relu
    case tanh
    case sigmoid
    case gelu
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
    /// Worker threads; results are identical for any value.
    public var threads: Int = 1

    public init() {}

    /// The weight decay in effect.
    public var effectiveWeightDecay: Double { weightDecay ?? (optimizer == .adamw ? 0.01 : 0) }
}
