import Foundation
import TabregData
import TabregLinear
import TabregNetwork
import TabregNumerics

/// The settings of a cross-validated comparison: the training settings of the network (its
/// ``TrainSettings/testFraction`` is not used: each fold's test rows are the held-out part),
/// the number of folds and the ridge penalty.
public struct CompareSettings: Sendable, Equatable {
    public var training: TrainSettings
    /// Number of folds; default 5.
    public var folds: Int = 5
    /// The ridge baseline's L2 penalty; default 1 (scikit-learn's `Ridge()` default).
    public var ridgeAlpha: Double = 1

    public init(training: TrainSettings = TrainSettings(), folds: Int = 5, ridgeAlpha: Double = 1) {
        self.training = training
        self.folds = folds
        self.ridgeAlpha = ridgeAlpha
    }
}

/// The models a comparison fits on every fold.
public enum ComparedModel: String, Sendable, CaseIterable, Codable {
    /// The neural network of the training settings.
    case network
    /// Ordinary least squares.
    case ols
    /// Ridge regression with ``CompareSettings/ridgeAlpha``.
    case ridge
    /// The training targets' mean (scikit-learn's `DummyRegressor()`).
    case mean
}

/// One fold's outcome: test metrics of every model, fitted on the fold's training rows.
public struct FoldResult: Sendable, Equatable {
    /// 0-based fold index.
    public var fold: Int
    public var trainingRows: Int
    /// Rows the network trained on, after holding out its validation rows.
    public var networkFitRows: Int
    public var validationRows: Int
    /// The fold's test rows (indices into the rows with a target, ascending).
    public var testRows: [Int]
    /// Test metrics per model.
    public var metrics: [ComparedModel: RegressionMetrics]
    /// Test predictions per model, in ``testRows`` order, in target units.
    public var predictions: [ComparedModel: [Double]]
    /// Epochs the network trained; its best and early-stopping epochs when early stopping is on.
    public var epochsRun: Int
    public var bestEpoch: Int?
    public var stoppedEpoch: Int?

    /// Network minus OLS test MSE.
    public var mseDifference: Double { metrics[.network]!.mse - metrics[.ols]!.mse }
}

/// Mean and sample standard deviation (n - 1 in the denominator, as pandas' `std`; numpy's
/// default `std` divides by n) of a quantity over folds.
public struct FoldStatistic: Sendable, Equatable, Codable {
    public var mean: Double
    public var sd: Double

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "FoldStatistic needs values")
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        sd = values.count > 1 ? (squares / (count - 1)).squareRoot() : 0
    }
}

/// A model's test metrics summarized over folds.
public struct ModelSummary: Sendable, Equatable {
    public var mse: FoldStatistic
    public var rmse: FoldStatistic
    public var mae: FoldStatistic
    public var r2: FoldStatistic

    init(_ metrics: [RegressionMetrics]) {
        mse = FoldStatistic(metrics.map(\.mse))
        rmse = FoldStatistic(metrics.map(\.rmse))
        mae = FoldStatistic(metrics.map(\.mae))
        r2 = FoldStatistic(metrics.map(\.r2))
    }
}

/// The paired comparison of network and OLS test MSE over folds, `d_i = network_i - ols_i`:
/// mean, sample sd, and the 95 % confidence interval `mean -+ t(0.975, k - 1) * sd / sqrt(k)`.
///
/// The folds' training sets overlap, so the d_i are not independent and this interval is known
/// to be too narrow (Nadeau and Bengio, 2003, "Inference for the generalization error"); read
/// it as a guide, not a test.
public struct PairedDifference: Sendable, Equatable {
    public var values: [Double]
    public var mean: Double
    public var sd: Double
    public var degreesOfFreedom: Int
    /// The t quantile used, `t(0.975, k - 1)`.
    public var tQuantile: Double
    public var lower: Double
    public var upper: Double

    public init(_ values: [Double]) {
        precondition(values.count >= 2, "a paired interval needs at least 2 folds")
        let statistic = FoldStatistic(values)
        self.values = values
        mean = statistic.mean
        sd = statistic.sd
        degreesOfFreedom = values.count - 1
        tQuantile = StudentT.quantile(0.975, degreesOfFreedom: Double(degreesOfFreedom))
        let halfWidth = tQuantile * sd / Double(values.count).squareRoot()
        lower = mean - halfWidth
        upper = mean + halfWidth
    }
}

/// Everything a comparison produced.
public struct CompareResult: Sendable {
    public var settings: CompareSettings
    public var source: String
    /// Rows with a target (the rows the folds partition) and rows in the file.
    public var rows: Int
    public var fileRows: Int
    public var featureNames: [String]
    public var targetName: String
    public var notices: [String]
    /// Fold i's row assignment: every usable row's test fold.
    public var folds: KFoldSplit
    public var foldResults: [FoldResult]
    public var summaries: [ComparedModel: ModelSummary]
    public var difference: PairedDifference
    public var seconds: Double
}

/// What a comparison reports while it works. Events arrive one at a time (never concurrently),
/// but from worker threads when folds run in parallel.
public enum CompareEvent: Sendable {
    /// The folds are drawn and every fold's data prepared; `data` is fold 1's.
    case prepared(PreparedData, folds: Int)
    /// An epoch of fold `fold` (0-based) finished.
    case epoch(fold: Int, EpochRecord, of: Int)
    /// A fold finished.
    case foldFinished(FoldResult)
}

/// `tabreg compare` as a library call: k-fold cross-validation of the network against OLS,
/// ridge and the mean predictor on identical folds.
///
/// - Folds: ``KFoldSplit`` over the rows with a target, from the first draws of
///   `SplitMix64(seed)`; then one more draw per fold (in fold order) seeds that fold's own
///   generator, which draws the network's validation split, initial weights and batch orders.
///   A fold's result therefore depends only on the seed and its index, and running folds in
///   parallel (``TrainSettings/threads`` workers) gives results bit-identical to a serial run.
/// - Preprocessing is fitted inside each fold on its training rows only: the feature encoder
///   (one-hot levels, medians), the feature scaler and the target scaler; the test fold is
///   transformed with them and never seen while fitting.
/// - Ridge is fitted on the same scaled features as the network: with the default
///   `--scale standard` it is scikit-learn's `make_pipeline(StandardScaler(), Ridge(alpha))`
///   (population standard deviation, intercept not penalized); with `--scale none` it is
///   `Ridge(alpha)` on the raw features. OLS does not depend on the scaling.
public struct CompareJob {
    public var settings: CompareSettings

    public init(settings: CompareSettings) {
        self.settings = settings
    }

    /// Loads the data and runs the comparison.
    public func run(events: @escaping @Sendable (CompareEvent) -> Void = { _ in }) throws
        -> CompareResult
    {
        let table = try PreparedData.loadTable(settings.training)
        return try run(on: table, events: events)
    }

    /// Runs the comparison on a loaded table.
    ///
    /// - Throws: ``DataError`` for bad data or more folds than rows; ``TrainingDivergedError``
    ///   from the first fold (in fold order) whose training diverged.
    public func run(
        on table: Table, events: @escaping @Sendable (CompareEvent) -> Void = { _ in }
    ) throws -> CompareResult {
        let started = ContinuousClock.now
        let settings = self.settings
        let foldCount = settings.folds
        precondition(foldCount >= 2, "compare needs at least 2 folds, got \(foldCount)")
        var generator = SplitMix64(seed: settings.training.seed)
        var kFold: KFoldSplit?
        var tooFew: Int?
        var prepared: [PreparedData] = []
        for fold in 0..<foldCount {
            let data = try PreparedData.prepare(table, settings: settings.training) { rowCount in
                if kFold == nil {
                    guard rowCount >= foldCount else {
                        tooFew = rowCount
                        return TrainTestSplit(trainingRows: Array(0..<rowCount), testRows: [])
                    }
                    kFold = KFoldSplit(rowCount: rowCount, folds: foldCount, using: &generator)
                }
                return kFold!.split(fold: fold)
            }
            if let tooFew {
                throw DataError(
                    file: table.source,
                    problem:
                        "has \(tooFew) rows with a target, fewer than the \(foldCount) folds asked for (--folds)"
                )
            }
            prepared.append(data)
        }
        let foldSeeds = (0..<foldCount).map { _ in generator.next() }
        let foldData = prepared
        events(.prepared(foldData[0], folds: foldCount))

        let workers = max(1, min(settings.training.threads, foldCount))
        let outcomes = FoldOutcomes(count: foldCount, events: events)
        let runFold: @Sendable (Int) -> Void = { fold in
            let outcome = Result {
                try Self.runFold(
                    fold, data: foldData[fold], seed: foldSeeds[fold], settings: settings,
                    report: {
                        outcomes.report(.epoch(fold: fold, $0, of: settings.training.epochs))
                    })
            }
            outcomes.finish(fold, outcome)
        }
        if workers == 1 {
            for fold in 0..<foldCount { runFold(fold) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for fold in stride(from: worker, to: foldCount, by: workers) { runFold(fold) }
            }
        }
        let results = try outcomes.results()

        var summaries: [ComparedModel: ModelSummary] = [:]
        for model in ComparedModel.allCases {
            summaries[model] = ModelSummary(results.map { $0.metrics[model]! })
        }
        let first = prepared[0]
        return CompareResult(
            settings: settings, source: first.source, rows: first.table.rowCount,
            fileRows: first.fileRows, featureNames: first.featureNames,
            targetName: first.targetName, notices: first.notices, folds: kFold!,
            foldResults: results, summaries: summaries,
            difference: PairedDifference(results.map(\.mseDifference)),
            seconds: (ContinuousClock.now - started).seconds)
    }

    /// Fits every model on one fold's training rows and measures it on the fold's test rows.
    static func runFold(
        _ fold: Int, data: PreparedData, seed: UInt64, settings: CompareSettings,
        report: (EpochRecord) -> Void
    ) throws -> FoldResult {
        var generator = SplitMix64(seed: seed)
        var training = settings.training
        training.threads = 1
        let testInputs = data.inputs(rows: data.split.testRows)
        let fit = try NetworkFit.fit(
            trainingInputs: data.inputs(rows: data.split.trainingRows),
            trainingTargets: data.trainingTargets, test: (testInputs, data.testTargets),
            settings: training, source: data.source, using: &generator, progress: report)
        let rows = data.trainingTargets.count
        let ols = TrainJob.fitBaseline(data, rows: data.split.trainingRows, ridgeAlpha: 0)
        let ridge = TrainJob.fitBaseline(
            data, rows: data.split.trainingRows, ridgeAlpha: settings.ridgeAlpha)
        let predictions: [ComparedModel: [Double]] = [
            .network: TrainJob.predict(fit.network, testInputs, fit.targetScaler),
            .ols: TrainJob.predict(ols, data, rows: data.split.testRows),
            .ridge: TrainJob.predict(ridge, data, rows: data.split.testRows),
            .mean: MeanPredictor(targets: data.trainingTargets).predict(
                rows: data.testTargets.count),
        ]
        return FoldResult(
            fold: fold, trainingRows: rows, networkFitRows: fit.fitPositions.count,
            validationRows: fit.validationPositions.count, testRows: data.split.testRows,
            metrics: predictions.mapValues {
                RegressionMetrics(predictions: $0, targets: data.testTargets)
            },
            predictions: predictions, epochsRun: fit.history.epochs.count,
            bestEpoch: fit.history.bestEpoch, stoppedEpoch: fit.history.stoppedEpoch)
    }
}

/// Fold results gathered from worker threads, and the event stream serialized.
private final class FoldOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<FoldResult, any Error>?]
    private let events: @Sendable (CompareEvent) -> Void

    init(count: Int, events: @escaping @Sendable (CompareEvent) -> Void) {
        outcomes = Array(repeating: nil, count: count)
        self.events = events
    }

    func report(_ event: CompareEvent) {
        lock.lock()
        defer { lock.unlock() }
        events(event)
    }

    func finish(_ fold: Int, _ outcome: Result<FoldResult, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        outcomes[fold] = outcome
        if case .success(let result) = outcome { events(.foldFinished(result)) }
    }

    /// Every fold's result in fold order, or the error of the first failed fold.
    func results() throws -> [FoldResult] {
        lock.lock()
        defer { lock.unlock() }
        return try outcomes.map { try $0!.get() }
    }
}
