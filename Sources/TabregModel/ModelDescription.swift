/// The JSON description a model file carries in `__metadata__["tabreg"]`: everything needed to
/// turn raw CSV rows into network inputs and network outputs back into predictions, plus the
/// provenance of the run (settings, seed, data fingerprint, metrics).
///
/// Document (format version 1), members in this order:
///
///     {"format_version": 1, "tabreg_version": "...",
///      "target": {"name": "medv", "scaling": "none" | "standard", "mean": m, "std": s},
///      "features": [{"name": "crim", "type": "numeric", "impute": 0.25 | null},
///                   {"name": "town", "type": "categorical", "levels": ["a", "b"],
///                    "missing_level": "<missing>" | null}],
///      "encoded_features": [{"name": "crim", "source": "crim", "kind": "value"},
///                           {"name": "crim_missing", "source": "crim",
///                            "kind": "missing_indicator"},
///                           {"name": "town=a", "source": "town", "kind": "level", "level": "a"}],
///      "scaler": {"method": "standard" | "minmax" | "none", "offset": [...], "scale": [...]},
///      "architecture": {"input_size": 13, "hidden": [200, 100], "activation": "leaky-relu",
///                       "negative_slope": 0.01 (leaky-relu only), "alpha": 1 (elu only),
///                       "layers": [{"weight": "layers.0.weight", "bias": "layers.0.bias",
///                                   "input_size": 13, "output_size": 200},
///                                  {"weight": "layers.2.weight", ...}, ...]},
///      "settings": {...}, "seed": 1,
///      "data": {"source": "...", "sha256": "...", "rows": 506},
///      "metrics": {...}}
///
/// Encoded feature `j` is the network's input column `j`; the scaler maps it to
/// `(x - offset[j]) / scale[j]` before the first layer. Numbers are written in shortest
/// round-trip form, so float32 statistics stored as `Double(value)` come back bit for bit.
public struct ModelDescription: Equatable, Sendable {
    /// The only format version this tabreg writes and reads.
    public static let currentFormatVersion = 1

    public var formatVersion: Int = ModelDescription.currentFormatVersion
    public var tabregVersion: String
    public var target: Target
    public var features: [Feature]
    public var encodedFeatures: [EncodedFeature]
    public var scaler: Scaler
    public var architecture: Architecture
    /// Training settings as the run reported them (free-form JSON object).
    public var settings: JSONValue
    public var seed: UInt64
    public var data: DataFingerprint
    /// Metrics as the run reported them (free-form JSON object).
    public var metrics: JSONValue

    public init(
        tabregVersion: String, target: Target, features: [Feature],
        encodedFeatures: [EncodedFeature], scaler: Scaler, architecture: Architecture,
        settings: JSONValue, seed: UInt64, data: DataFingerprint, metrics: JSONValue
    ) {
        self.tabregVersion = tabregVersion
        self.target = target
        self.features = features
        self.encodedFeatures = encodedFeatures
        self.scaler = scaler
        self.architecture = architecture
        self.settings = settings
        self.seed = seed
        self.data = data
        self.metrics = metrics
    }

    /// The target column and how training scaled it.
    public struct Target: Equatable, Sendable {
        public var name: String
        /// `nil` when the target was not scaled; else predictions are `y * std + mean`.
        public var standardization: (mean: Double, standardDeviation: Double)?

        public init(name: String, standardization: (mean: Double, standardDeviation: Double)?) {
            self.name = name
            self.standardization = standardization
        }

        public static func == (left: Target, right: Target) -> Bool {
            left.name == right.name
                && left.standardization?.mean == right.standardization?.mean
                && left.standardization?.standardDeviation
                    == right.standardization?.standardDeviation
        }
    }

    /// One raw input column.
    public struct Feature: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// A number; missing cells take `impute` (nil when training saw none missing).
            case numeric(impute: Double?)
            /// Strings one-hot encoded over `levels`; a missing cell counts as `missingLevel`
            /// when training had missing cells (nil otherwise).
            case categorical(levels: [String], missingLevel: String?)
        }

        public var name: String
        public var kind: Kind

        public init(name: String, kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    /// One network input column and where it comes from.
    public struct EncodedFeature: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// The numeric value (imputed when missing).
            case value
            /// 1 when the source cell is missing, else 0.
            case missingIndicator
            /// 1 when the source cell equals the level, else 0.
            case level(String)
        }

        public var name: String
        public var source: String
        public var kind: Kind

        public init(name: String, source: String, kind: Kind) {
            self.name = name
            self.source = source
            self.kind = kind
        }
    }

    /// Feature scaling fitted on the training rows: `(x - offset) / scale` per encoded column.
    public struct Scaler: Equatable, Sendable {
        /// `standard`, `minmax` or `none` (as the `--scale` option spells them).
        public var method: String
        public var offset: [Double]
        public var scale: [Double]

        public init(method: String, offset: [Double], scale: [Double]) {
            self.method = method
            self.offset = offset
            self.scale = scale
        }
    }

    /// The network's shape: dense layers joined by one activation.
    public struct Architecture: Equatable, Sendable {
        public var inputSize: Int
        public var hidden: [Int]
        /// `leaky-relu`, `relu`, `tanh`, `sigmoid`, `gelu`, `elu` or `selu` (as `--activation`
        /// spells them); `none` for a network without hidden layers (a linear model).
        public var activation: String
        /// LeakyReLU's slope; nil for other activations.
        public var negativeSlope: Double?
        /// ELU's alpha; nil for other activations.
        public var alpha: Double?
        /// The dense layers in order. Dropout (the identity when predicting) is not stored;
        /// tensor names keep the training network's layer indices.
        public var layers: [Layer]

        public init(
            inputSize: Int, hidden: [Int], activation: String, negativeSlope: Double?,
            alpha: Double? = nil, layers: [Layer]
        ) {
            self.inputSize = inputSize
            self.hidden = hidden
            self.activation = activation
            self.negativeSlope = negativeSlope
            self.alpha = alpha
            self.layers = layers
        }

        /// Layers `layers.{k}.weight` `[out, in]` and `layers.{k}.bias` for sizes
        /// `inputSize -> hidden... -> 1`, with `k = 0, 2, 4, ...`: the index counts the
        /// activations between linear layers, as PyTorch's `nn.Sequential` state dict does (and
        /// as ``Sequential/namedParameters`` names them), so a PyTorch module holding
        /// `self.layers = nn.Sequential(Linear, LeakyReLU, Linear, ...)` loads the file as is.
        public static func layers(inputSize: Int, hidden: [Int]) -> [Layer] {
            let sizes = [inputSize] + hidden + [1]
            return (0..<(sizes.count - 1)).map { index in
                Layer(
                    weight: "layers.\(2 * index).weight", bias: "layers.\(2 * index).bias",
                    inputSize: sizes[index], outputSize: sizes[index + 1])
            }
        }
    }

    /// One dense layer's tensors and sizes.
    public struct Layer: Equatable, Sendable {
        public var weight: String
        public var bias: String
        public var inputSize: Int
        public var outputSize: Int

        public init(weight: String, bias: String, inputSize: Int, outputSize: Int) {
            self.weight = weight
            self.bias = bias
            self.inputSize = inputSize
            self.outputSize = outputSize
        }
    }

    /// Where the training data came from.
    public struct DataFingerprint: Equatable, Sendable {
        public var source: String
        /// SHA-256 of the data file's bytes, lowercase hex.
        public var sha256: String
        public var rows: Int

        public init(source: String, sha256: String, rows: Int) {
            self.source = source
            self.sha256 = sha256
            self.rows = rows
        }
    }
}
