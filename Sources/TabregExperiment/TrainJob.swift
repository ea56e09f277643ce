import Foundation
import TabregData
import TabregLinear
import TabregNetwork
import TabregNumerics

/// Network and baseline metrics on the training rows and, when there is a test split, the test
/// rows.
public struct SplitMetrics: Sendable, Equatable {
    public var train: RegressionMetrics
    public var test: RegressionMetrics?
}

/// Everything a finished training run produced.
public struct TrainResult: Sendable {
    public var settings: TrainSettings
    public var data: PreparedData
    public var history: TrainingHistory
    /// Rows held out of the training rows for validation (0 without a validation split).
    public var validationRows: Int
    /// The trained network (float32), fed scaled features, output in training units.
    public var network: Sequential
    public var targetScaler: TargetScaler
    /// The OLS baseline fitted on the same (scaled) training rows.
    public var baseline: LinearRegression
    public var networkMetrics: SplitMetrics
    public var baselineMetrics: SplitMetrics
    /// Network predictions in target units, for the training rows and the test rows.
    public var networkTrainingPredictions: [Double]
    public var networkTestPredictions: [Double]
    public var baselineTrainingPredictions: [Double]
    public var baselineTestPredictions: [Double]
    /// Seconds spent loading and preparing, training, and in total.
    public var loadSeconds: Double
    public var trainSeconds: Double
    public var totalSeconds: Double
}

extension Sequential: @unchecked Sendable {}

/// What a training run reports while it works.
public enum TrainEvent: Sendable {
    /// The data is loaded and split; training is about to start.
    case prepared(PreparedData)
    /// An epoch finished.
    case epoch(EpochRecord, of: Int)
}

/// The `tabreg train` job as a library call: load, prepare, train the network, fit the OLS
/// baseline on the same rows, and measure both.
public struct TrainJob {
    public var settings: TrainSettings

    public init(settings: TrainSettings) {
        self.settings = settings
    }

    /// Runs the job, reporting progress through `events` (the library never prints).
    ///
    /// - Throws: ``DataError`` for bad data, ``TrainingDivergedError`` when the loss stops being
    ///   finite.
    public func run(events: (TrainEvent) -> Void = { _ in }) throws -> TrainResult {
        let clock = ContinuousClock()
        let started = clock.now
        let table = try PreparedData.loadTable(settings)
        return try run(on: table, started: started, events: events)
    }

    /// Runs the job on an already loaded table.
    public func run(
        on table: Table, started: ContinuousClock.Instant = ContinuousClock.now,
        events: (TrainEvent) -> Void = { _ in }
    ) throws -> TrainResult {
        let clock = ContinuousClock()
        var generator = SplitMix64(seed: settings.seed)
        let data = try PreparedData.prepare(table, settings: settings, using: &generator)
        // The float32 matrices are built from the table a block at a time; no float64 feature
        // matrix exists. One float32 copy of the training rows serves the fit and the
        // predictions after it.
        let trainingInputs = data.inputs(rows: data.split.trainingRows)
        let testInputs = data.inputs(rows: data.split.testRows)
        events(.prepared(data))
        let loaded = clock.now

        let fit = try NetworkFit.fit(
            trainingInputs: trainingInputs, trainingTargets: data.trainingTargets,
            test: data.testTargets.isEmpty ? nil : (testInputs, data.testTargets),
            settings: settings, source: data.source, using: &generator,
            progress: { events(.epoch($0, of: settings.epochs)) })
        let (network, targetScaler, history) = (fit.network, fit.targetScaler, fit.history)
        let trained = clock.now

        let networkTrain = Self.predict(network, trainingInputs, targetScaler)
        let networkTest = Self.predict(network, testInputs, targetScaler)
        let baseline = Self.fitBaseline(data, rows: data.split.trainingRows, ridgeAlpha: 0)
        let baselineTrain = Self.predict(baseline, data, rows: data.split.trainingRows)
        let baselineTest = Self.predict(baseline, data, rows: data.split.testRows)
        func metrics(_ train: [Double], _ test: [Double]) -> SplitMetrics {
            SplitMetrics(
                train: RegressionMetrics(predictions: train, targets: data.trainingTargets),
                test: test.isEmpty ? nil : RegressionMetrics(predictions: test, targets: data.testTargets))
        }
        let finished = clock.now
        return TrainResult(
            settings: settings, data: data, history: history,
            validationRows: fit.validationPositions.count, network: network,
            targetScaler: targetScaler, baseline: baseline,
            networkMetrics: metrics(networkTrain, networkTest),
            baselineMetrics: metrics(baselineTrain, baselineTest),
            networkTrainingPredictions: networkTrain, networkTestPredictions: networkTest,
            baselineTrainingPredictions: baselineTrain, baselineTestPredictions: baselineTest,
            loadSeconds: (loaded - started).seconds, trainSeconds: (trained - loaded).seconds,
            totalSeconds: (finished - started).seconds)
    }

    /// The network the settings describe: `Linear` layers through the hidden widths to one
    /// output, the activation after every hidden layer (followed by ``Dropout`` when
    /// ``TrainSettings/dropout`` is above 0, as `nn.Dropout` placed after each activation),
    /// initialised from `generator`.
    public static func makeNetwork(
        inputs: Int, settings: TrainSettings, using generator: inout SplitMix64
    ) -> Sequential {
        var layers: [any Layer] = []
        var width = inputs
        for hidden in settings.hidden {
            layers.append(Linear(inputSize: width, outputSize: hidden, using: &generator))
            layers.append(makeActivation(settings))
            if settings.dropout > 0 {
                layers.append(Dropout(probability: settings.dropout, using: &generator))
            }
            width = hidden
        }
        layers.append(Linear(inputSize: width, outputSize: 1, using: &generator))
        return Sequential(layers: layers)
    }

    static func makeActivation(_ settings: TrainSettings) -> any Layer {
        switch settings.activation {
        case .leakyReLU: LeakyReLU(negativeSlope: Float(settings.negativeSlope))
        case .relu: ReLU()
        case .tanh: Tanh()
        case .sigmoid: Sigmoid()
        case .gelu: GELU()
        case .elu: ELU()
        case .selu: SELU()
        }
    }

    static func makeOptimizer(_ settings: TrainSettings) -> any Optimizer {
        let rate = Float(settings.learningRate)
        let decay = Float(settings.effectiveWeightDecay)
        switch settings.optimizer {
        case .adam: return Adam(learningRate: rate, weightDecay: decay)
        case .adamw: return AdamW(learningRate: rate, weightDecay: decay)
        case .sgd: return SGD(learningRate: rate, momentum: Float(settings.momentum), weightDecay: decay)
        }
    }

    /// The linear baseline fitted on the scaled features of `rows` (the training rows) and
    /// their targets, the features read a block at a time (see
    /// ``LinearRegression/fit(rows:columns:targets:ridgeAlpha:blocks:)``).
    static func fitBaseline(_ data: PreparedData, rows: [Int], ridgeAlpha: Double)
        -> LinearRegression
    {
        LinearRegression.fit(
            rows: rows.count, columns: data.featureCount, targets: data.trainingTargets,
            ridgeAlpha: ridgeAlpha
        ) { body in
            data.forEachFeatureBlock(rows: rows, body)
        }
    }

    /// The model's predictions for the scaled features of `rows`, in order.
    static func predict(_ model: LinearRegression, _ data: PreparedData, rows: [Int])
        -> [Double]
    {
        var predictions: [Double] = []
        predictions.reserveCapacity(rows.count)
        data.forEachFeatureBlock(rows: rows) { _, block in
            predictions += model.predict(features: block)
        }
        return predictions
    }

    /// Row-major doubles as a float32 matrix.
    public static func floatMatrix(_ values: [Double], columns: Int) -> Matrix {
        Matrix(rows: columns == 0 ? 0 : values.count / columns, columns: columns,
               storage: values.map { Float($0) })
    }

    /// Network outputs for `inputs`, mapped back to target units, as doubles.
    public static func predict(_ network: Sequential, _ inputs: Matrix, _ scaler: TargetScaler) -> [Double] {
        guard inputs.rows > 0 else { return [] }
        return network.predict(inputs).storage.map { scaler.unscale(Double($0)) }
    }
}
