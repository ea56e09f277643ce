import Foundation
import TabregData
import TabregLinear
import TabregNetwork

/// The `--json` document of a training run (also written as `metrics.json`), with the keys
/// PRODUCT.md documents. `test` objects and `test_mse` are absent without a test split.
public struct TrainDocument: Encodable {
    public static let version = "0.1.0"

    struct DataSummary: Encodable {
        var source: String
        var rows: Int
        var features: [String]
        var target: String
        var trainRows: Int
        var validationRows: Int
        var testRows: Int
        var notices: [String]
        var schema: TableSchema
        enum CodingKeys: String, CodingKey {
            case source, rows, features, target, notices, schema
            case trainRows = "train_rows", validationRows = "validation_rows"
            case testRows = "test_rows"
        }
    }

    struct Settings: Encodable {
        var hidden: [Int]
        var activation: String
        var negativeSlope: Double
        var optimizer: String
        var lr: Double
        var weightDecay: Double
        var batchSize: Int
        var epochs: Int
        var seed: UInt64
        var scale: String
        var scaleTarget: Bool
        var testFraction: Double
        var threads: Int
        var earlyStopping: Int?
        var validationFraction: Double
        var lrSchedule: String
        var lrStepSize: Int?
        var lrGamma: Double?
        var dropout: Double
        var clipNorm: Double?
        enum CodingKeys: String, CodingKey {
            case hidden, activation, optimizer, lr, epochs, seed, scale, threads, dropout
            case negativeSlope = "negative_slope", weightDecay = "weight_decay"
            case batchSize = "batch_size", scaleTarget = "scale_target"
            case testFraction = "test_fraction", earlyStopping = "early_stopping"
            case validationFraction = "validation_fraction", lrSchedule = "lr_schedule"
            case lrStepSize = "lr_step_size", lrGamma = "lr_gamma", clipNorm = "clip_norm"
        }

        init(_ s: TrainSettings) {
            hidden = s.hidden
            activation = s.activation.rawValue
            negativeSlope = s.negativeSlope
            optimizer = s.optimizer.rawValue
            lr = s.learningRate
            weightDecay = s.effectiveWeightDecay
            batchSize = s.batchSize
            epochs = s.epochs
            seed = s.seed
            scale = s.scale.rawValue
            scaleTarget = s.scaleTarget
            testFraction = s.testFraction
            threads = s.threads
            earlyStopping = s.earlyStoppingPatience
            validationFraction = s.effectiveValidationFraction
            lrSchedule = s.learningRateSchedule.rawValue
            lrStepSize = s.learningRateSchedule == .step ? s.effectiveStepSize : nil
            lrGamma = s.learningRateSchedule == .step ? s.learningRateGamma : nil
            dropout = s.dropout
            clipNorm = s.clipNorm
        }
    }

    struct Epoch: Encodable {
        var epoch: Int
        var loss: Double
        var trainMSE: Double
        var testMSE: Double?
        var validationMSE: Double?
        /// The epoch's learning rate, only under a schedule other than constant.
        var lr: Double?
        var seconds: Double
        enum CodingKeys: String, CodingKey {
            case epoch, loss, lr, seconds
            case trainMSE = "train_mse", testMSE = "test_mse", validationMSE = "validation_mse"
        }
    }

    struct Metrics: Encodable {
        var mse: Double
        var rmse: Double
        var mae: Double
        var r2: Double
        init(_ metrics: RegressionMetrics) {
            (mse, rmse, mae, r2) = (metrics.mse, metrics.rmse, metrics.mae, metrics.r2)
        }
    }

    struct Split: Encodable {
        var method: String?
        var train: Metrics
        var test: Metrics?
    }

    struct Seconds: Encodable {
        var load: Double
        var train: Double
        var total: Double
    }

    var tabregVersion = TrainDocument.version
    var data: DataSummary
    var settings: Settings
    var history: [Epoch]
    var network: Split
    var baseline: Split
    /// With early stopping: the epoch whose weights the model kept, and the epoch it stopped at
    /// (null when it ran every epoch). Both absent without early stopping.
    var earlyStopping: Bool
    var bestEpoch: Int?
    var stoppedEpoch: Int?
    var seconds: Seconds

    enum CodingKeys: String, CodingKey {
        case data, settings, history, network, baseline, seconds
        case tabregVersion = "tabreg_version", bestEpoch = "best_epoch"
        case stoppedEpoch = "stopped_epoch"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tabregVersion, forKey: .tabregVersion)
        try container.encode(data, forKey: .data)
        try container.encode(settings, forKey: .settings)
        try container.encode(history, forKey: .history)
        try container.encode(network, forKey: .network)
        try container.encode(baseline, forKey: .baseline)
        if earlyStopping {
            try container.encode(bestEpoch, forKey: .bestEpoch)
            try container.encode(stoppedEpoch, forKey: .stoppedEpoch)
        }
        try container.encode(seconds, forKey: .seconds)
    }

    public init(_ result: TrainResult) {
        let s = result.settings
        data = DataSummary(
            source: result.data.source, rows: result.data.fileRows,
            features: result.data.featureNames, target: result.data.targetName,
            trainRows: result.data.split.trainingRows.count,
            validationRows: result.validationRows,
            testRows: result.data.split.testRows.count, notices: result.data.notices,
            schema: result.data.schema)
        settings = Settings(s)
        history = result.history.epochs.map {
            Epoch(epoch: $0.epoch, loss: $0.loss, trainMSE: $0.trainMSE, testMSE: $0.testMSE,
                  validationMSE: $0.validationMSE,
                  lr: s.learningRateSchedule == .constant ? nil : $0.learningRate,
                  seconds: $0.seconds)
        }
        network = Split(
            method: nil, train: Metrics(result.networkMetrics.train),
            test: result.networkMetrics.test.map(Metrics.init))
        baseline = Split(
            method: "ols", train: Metrics(result.baselineMetrics.train),
            test: result.baselineMetrics.test.map(Metrics.init))
        earlyStopping = s.earlyStoppingPatience != nil
        bestEpoch = result.history.bestEpoch
        stoppedEpoch = result.history.stoppedEpoch
        seconds = Seconds(load: result.loadSeconds, train: result.trainSeconds, total: result.totalSeconds)
    }

    /// The document as pretty-printed JSON text with sorted keys, so that the same run gives the
    /// same bytes (a dictionary's order changes from process to process).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
