import TabregData
import TabregLinear
import TabregNetwork
import TabregNumerics

/// A network trained on prepared (encoded and scaled) training rows: the part of a run that
/// `tabreg train` and every fold of `tabreg compare` share.
///
/// Order of draws from the run's generator (so that a seed fixes everything): the validation
/// split (only when there is one), then the initial weights layer by layer (a ``Dropout``
/// layer takes one draw to seed its mask stream), then the trainer's batch orders.
///
/// The target scaler (``TrainSettings/scaleTarget``) is fitted on all training rows, validation
/// rows included, as the feature scaler is: the validation split serves model selection only,
/// as scikit-learn's `MLPRegressor(early_stopping=True)` inside a pipeline with a scaler.
public struct NetworkFit {
    /// The trained network: scaled features in, training-unit targets out.
    public var network: Sequential
    public var targetScaler: TargetScaler
    public var history: TrainingHistory
    /// Positions (into the training rows) the network was fitted on, and those held out for
    /// validation (empty without a validation split). Both ascending.
    public var fitPositions: [Int]
    public var validationPositions: [Int]

    /// Fits a network on `trainingFeatures` (`[rows, featureCount]` row-major, scaled) and
    /// `trainingTargets` (original units).
    ///
    /// - Parameters:
    ///   - test: features (`[testRows, featureCount]`, float32) and targets of rows whose MSE
    ///     is recorded in the history after every epoch, or nil.
    ///   - source: named in the error when the validation split leaves too few rows.
    /// - Throws: ``DataError`` when the validation split is empty or leaves fewer than two
    ///   rows to fit; ``TrainingDivergedError``.
    public static func fit(
        trainingFeatures: [Double], trainingTargets: [Double], featureCount: Int,
        test: (features: Matrix, targets: [Double])?, settings: TrainSettings, source: String,
        using generator: inout SplitMix64, progress: (EpochRecord) -> Void
    ) throws -> NetworkFit {
        let rows = trainingTargets.count
        var fitPositions = Array(0..<rows)
        var validationPositions: [Int] = []
        let validationFraction = settings.effectiveValidationFraction
        if validationFraction > 0 {
            let split = TrainTestSplit(
                rowCount: rows, testFraction: validationFraction, using: &generator)
            fitPositions = split.trainingRows
            validationPositions = split.testRows
            guard !validationPositions.isEmpty, fitPositions.count >= 2 else {
                throw DataError(
                    file: source,
                    problem: "has \(rows) training rows, too few for a validation split of "
                        + "\(validationFraction) (--validation-fraction)")
            }
        }
        let targetScaler = settings.scaleTarget ? TargetScaler.fit(trainingTargets) : .identity
        let network = TrainJob.makeNetwork(
            inputs: featureCount, settings: settings, using: &generator)
        network.threadCount = settings.threads
        let allInputs = TrainJob.floatMatrix(trainingFeatures, columns: featureCount)
        let fitInputs =
            validationPositions.isEmpty
            ? allInputs : gather(allInputs, fitPositions)
        let fitTargets = fitPositions.map { trainingTargets[$0] }
        let validationInputs = gather(allInputs, validationPositions)
        let validationTargets = validationPositions.map { trainingTargets[$0] }
        var trainer = Trainer(
            optimizer: TrainJob.makeOptimizer(settings), batchSize: settings.batchSize,
            epochs: settings.epochs)
        trainer.schedule = settings.schedule
        trainer.clipNorm = settings.clipNorm.map { Float($0) }
        trainer.earlyStoppingPatience = settings.earlyStoppingPatience
        let history = try trainer.fit(
            network, features: fitInputs,
            targets: Matrix(column: fitTargets.map { Float(targetScaler.scale($0)) }),
            using: &generator,
            evaluate: { model in
                func mse(_ inputs: Matrix, _ targets: [Double]) -> Double? {
                    targets.isEmpty
                        ? nil
                        : RegressionMetrics.mse(
                            predictions: TrainJob.predict(model, inputs, targetScaler),
                            targets: targets)
                }
                return EpochEvaluation(
                    trainMSE: mse(fitInputs, fitTargets)!,
                    testMSE: test.flatMap { mse($0.features, $0.targets) },
                    validationMSE: mse(validationInputs, validationTargets))
            },
            progress: progress)
        return NetworkFit(
            network: network, targetScaler: targetScaler, history: history,
            fitPositions: fitPositions, validationPositions: validationPositions)
    }

    /// The rows of `matrix` at `positions`, in that order.
    static func gather(_ matrix: Matrix, _ positions: [Int]) -> Matrix {
        var result = Matrix(rows: 0, columns: matrix.columns)
        result.gather(rows: positions[...], from: matrix)
        return result
    }
}
