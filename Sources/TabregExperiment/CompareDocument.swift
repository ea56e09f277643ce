import Foundation
import TabregLinear

/// The `tabreg compare --json` document (also written as `compare.json`):
///
///     {"tabreg_version": "...",
///      "data": {"source", "rows", "features", "target", "notices"},
///      "settings": {...the training settings..., "folds", "ridge_alpha"},
///      "folds": k,
///      "models": {"network": {"mse": {"mean", "sd"}, "rmse": ..., "mae": ..., "r2": ...},
///                 "ols": ..., "ridge": ..., "mean": ...},
///      "per_fold": [{"fold": 1, "train_rows", "validation_rows", "test_rows", "epochs",
///                    "best_epoch", "stopped_epoch",
///                    "network": {"mse", "rmse", "mae", "r2"}, "ols": ..., "ridge": ...,
///                    "mean": ..., "mse_difference": network - ols}, ...],
///      "difference": {"metric": "mse", "of": "network - ols", "per_fold": [...], "mean", "sd",
///                     "df", "t_quantile", "ci95": [lower, upper]},
///      "seconds": ...}
///
/// `sd` is the sample standard deviation over folds (n - 1); folds are numbered from 1.
/// `best_epoch` and `stopped_epoch` are null without early stopping (`stopped_epoch` also when
/// the fold ran every epoch).
public struct CompareDocument: Encodable {
    struct DataSummary: Encodable {
        var source: String
        var rows: Int
        var features: [String]
        var target: String
        var notices: [String]
    }

    struct Settings: Encodable {
        var training: TrainDocument.Settings
        var folds: Int
        var ridgeAlpha: Double
        enum CodingKeys: String, CodingKey {
            case folds
            case ridgeAlpha = "ridge_alpha"
        }
        func encode(to encoder: any Encoder) throws {
            try training.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(folds, forKey: .folds)
            try container.encode(ridgeAlpha, forKey: .ridgeAlpha)
        }
    }

    struct Summary: Encodable {
        var mse: FoldStatistic
        var rmse: FoldStatistic
        var mae: FoldStatistic
        var r2: FoldStatistic
    }

    /// The four models in a fixed key order.
    struct Models: Encodable {
        var network: Summary
        var ols: Summary
        var ridge: Summary
        var mean: Summary
    }

    struct Fold: Encodable {
        var fold: Int
        var trainRows: Int
        var validationRows: Int
        var testRows: Int
        var epochs: Int
        var bestEpoch: Int?
        var stoppedEpoch: Int?
        var network: TrainDocument.Metrics
        var ols: TrainDocument.Metrics
        var ridge: TrainDocument.Metrics
        var mean: TrainDocument.Metrics
        var mseDifference: Double
        enum CodingKeys: String, CodingKey {
            case fold, epochs, network, ols, ridge, mean
            case trainRows = "train_rows"
            case validationRows = "validation_rows"
            case testRows = "test_rows"
            case bestEpoch = "best_epoch"
            case stoppedEpoch = "stopped_epoch"
            case mseDifference = "mse_difference"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fold, forKey: .fold)
            try container.encode(trainRows, forKey: .trainRows)
            try container.encode(validationRows, forKey: .validationRows)
            try container.encode(testRows, forKey: .testRows)
            try container.encode(epochs, forKey: .epochs)
            try container.encode(bestEpoch, forKey: .bestEpoch)
            try container.encode(stoppedEpoch, forKey: .stoppedEpoch)
            try container.encode(network, forKey: .network)
            try container.encode(ols, forKey: .ols)
            try container.encode(ridge, forKey: .ridge)
            try container.encode(mean, forKey: .mean)
            try container.encode(mseDifference, forKey: .mseDifference)
        }
    }

    struct Difference: Encodable {
        var metric = "mse"
        var of = "network - ols"
        var perFold: [Double]
        var mean: Double
        var sd: Double
        var df: Int
        var tQuantile: Double
        var ci95: [Double]
        enum CodingKeys: String, CodingKey {
            case metric, of, mean, sd, df, ci95
            case perFold = "per_fold"
            case tQuantile = "t_quantile"
        }
    }

    var tabregVersion = TrainDocument.version
    var data: DataSummary
    var settings: Settings
    var folds: Int
    var models: Models
    var perFold: [Fold]
    var difference: Difference
    var seconds: Double

    enum CodingKeys: String, CodingKey {
        case data, settings, folds, models, difference, seconds
        case tabregVersion = "tabreg_version"
        case perFold = "per_fold"
    }

    public init(_ result: CompareResult) {
        data = DataSummary(
            source: result.source, rows: result.rows, features: result.featureNames,
            target: result.targetName, notices: result.notices)
        settings = Settings(
            training: TrainDocument.Settings(result.settings.training),
            folds: result.settings.folds, ridgeAlpha: result.settings.ridgeAlpha)
        folds = result.settings.folds
        func summary(_ model: ComparedModel) -> Summary {
            let s = result.summaries[model]!
            return Summary(mse: s.mse, rmse: s.rmse, mae: s.mae, r2: s.r2)
        }
        models = Models(
            network: summary(.network), ols: summary(.ols), ridge: summary(.ridge),
            mean: summary(.mean))
        perFold = result.foldResults.map { fold in
            Fold(
                fold: fold.fold + 1, trainRows: fold.trainingRows,
                validationRows: fold.validationRows, testRows: fold.testRows.count,
                epochs: fold.epochsRun, bestEpoch: fold.bestEpoch, stoppedEpoch: fold.stoppedEpoch,
                network: TrainDocument.Metrics(fold.metrics[.network]!),
                ols: TrainDocument.Metrics(fold.metrics[.ols]!),
                ridge: TrainDocument.Metrics(fold.metrics[.ridge]!),
                mean: TrainDocument.Metrics(fold.metrics[.mean]!),
                mseDifference: fold.mseDifference)
        }
        let d = result.difference
        difference = Difference(
            perFold: d.values, mean: d.mean, sd: d.sd, df: d.degreesOfFreedom,
            tQuantile: d.tQuantile, ci95: [d.lower, d.upper])
        seconds = result.seconds
    }

    /// The document as pretty-printed JSON text with sorted keys (Foundation's encoder on Linux
    /// otherwise orders keys differently from run to run).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
