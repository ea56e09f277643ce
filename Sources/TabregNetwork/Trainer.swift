import TabregNumerics

/// Training stopped because the loss stopped being a finite number.
public struct TrainingDivergedError: Error, Sendable, CustomStringConvertible {
    /// 1-based epoch in which the loss became non-finite.
    public var epoch: Int
    /// 1-based step within that epoch.
    public var step: Int
    /// The offending loss value (NaN or infinite).
    public var loss: Float

    public var description: String {
        "Training diverged in epoch \(epoch) (step \(step)): the loss became \(loss); "
            + "try a lower learning rate (--lr) or standardized features (--scale standard)."
    }
}

/// Full-pass errors after an epoch, in the target's original units, computed by the caller.
public struct EpochEvaluation: Sendable, Equatable {
    public var trainMSE: Double
    public var testMSE: Double?
    public var validationMSE: Double?

    public init(trainMSE: Double, testMSE: Double? = nil, validationMSE: Double? = nil) {
        self.trainMSE = trainMSE
        self.testMSE = testMSE
        self.validationMSE = validationMSE
    }
}

/// Mini-batch training of a ``Sequential`` regressor with mean squared error.
///
/// Each epoch draws a fresh permutation of the training rows from the generator, cuts it into
/// ``MiniBatches`` of ``batchSize`` (the last one partial), and for each batch runs forward,
/// the loss gradient, backward, then the optimizer. A step is shaped so that a gradient
/// all-reduce (data-parallel training) slots in between backward and the optimizer update.
/// Buffers are allocated once per batch shape, never per row.
///
/// Options, all off by default:
/// - ``clipNorm``: the step's gradients are clipped by their global L2 norm
///   (``GradientClipping/clipNorm(_:maxNorm:)``) after backward (and after any gradient
///   all-reduce), before the update.
/// - ``schedule``: the optimizer's learning rate follows a ``LearningRateSchedule`` stepped once
///   after each epoch; ``LearningRateSchedule/plateau(factor:patience:threshold:)`` watches the
///   validation MSE when `evaluate` gives one, else the epoch's training loss.
/// - ``earlyStoppingPatience``: `evaluate` must give a validation MSE; training stops once it has
///   not improved for that many epochs (Keras' `EarlyStopping(patience:, min_delta=0)`), and the
///   model always ends with the weights of its best epoch (lowest validation MSE, the earlier
///   epoch on a tie), whether or not it stopped early (as Keras' `restore_best_weights=True`
///   does, except that Keras restores only when it stops early).
public struct Trainer {
    /// The optimizer; its learning rate may be changed between epochs by a schedule.
    public var optimizer: any Optimizer
    /// Rows per batch; default 50, as the tutorial.
    public var batchSize: Int
    /// Number of passes over the training rows; default 300.
    public var epochs: Int
    /// The training loss.
    public var loss = MSELoss()
    /// Maximum global L2 norm of each step's gradients; nil (default) means no clipping.
    public var clipNorm: Float?
    /// The learning-rate schedule; default constant.
    public var schedule: LearningRateSchedule = .constant
    /// Epochs without a validation improvement before stopping; nil (default) means no early
    /// stopping and no weight restoring.
    public var earlyStoppingPatience: Int?

    public init(optimizer: any Optimizer, batchSize: Int = 50, epochs: Int = 300) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        precondition(epochs >= 0, "epochs must be non-negative, got \(epochs)")
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.epochs = epochs
    }

    /// Trains `model` on `features` (`[rows, inputs]`) and `targets` (`[rows, 1]`, in training
    /// units), calling `evaluate` after every epoch for the full-pass errors (by default the
    /// training MSE of a full pass over `features`, accumulated in float64) and `progress` with
    /// each finished epoch's record.
    ///
    /// - Throws: ``TrainingDivergedError`` as soon as a batch loss is NaN or infinite; the model
    ///   is then left as it was after the last finite step.
    ///
    /// The kernels run with the model's ``Sequential/threadCount`` for the whole loop (the
    /// optimizer's steps and `evaluate` included); results do not depend on it.
    public func fit(
        _ model: Sequential, features: Matrix, targets: Matrix,
        using generator: inout SplitMix64,
        evaluate: ((Sequential) -> EpochEvaluation)? = nil,
        progress: (EpochRecord) -> Void = { _ in }
    ) throws -> TrainingHistory {
        try Kernels.withThreadCount(model.threadCount) { () throws -> TrainingHistory in
            try fitOnCallingThread(
                model, features: features, targets: targets, using: &generator,
                evaluate: evaluate, progress: progress)
        }
    }

    private func fitOnCallingThread(
        _ model: Sequential, features: Matrix, targets: Matrix,
        using generator: inout SplitMix64,
        evaluate: ((Sequential) -> EpochEvaluation)?,
        progress: (EpochRecord) -> Void
    ) throws -> TrainingHistory {
        precondition(features.rows == targets.rows,
            "fit: \(features.rows) feature rows but \(targets.rows) target rows")
        precondition(targets.columns == 1, "fit: targets must be [rows, 1], got [\(targets.rows), \(targets.columns)]")
        precondition(features.rows > 0, "fit: no training rows")
        let parameters = model.parameters
        var batchFeatures = Matrix(rows: 0, columns: features.columns)
        var batchTargets = Matrix(rows: 0, columns: 1)
        var lossGradient = Matrix(rows: 0, columns: 1)
        var history = TrainingHistory()
        let clock = ContinuousClock()
        guard epochs > 0 else { return history }
        if let clipNorm {
            precondition(clipNorm > 0 && clipNorm.isFinite, "invalid clip norm: \(clipNorm) (expected > 0)")
        }
        if let earlyStoppingPatience {
            precondition(earlyStoppingPatience >= 0, "invalid early-stopping patience: \(earlyStoppingPatience)")
        }
        var scheduler = LearningRateScheduler(schedule, baseRate: Double(optimizer.learningRate))
        var best: (epoch: Int, mse: Double, weights: [[Float]])?
        for epoch in 1...epochs {
            let epochRate = scheduler.rate
            optimizer.learningRate = Float(epochRate)
            let started = clock.now
            var weightedLoss: Double = 0
            let batches = MiniBatches(
                rowCount: features.rows, batchSize: batchSize, using: &generator)
            for (stepIndex, rows) in batches.enumerated() {
                batchFeatures.gather(rows: rows, from: features)
                batchTargets.gather(rows: rows, from: targets)
                let predictions = model.forward(batchFeatures)
                let value = loss.gradient(
                    predictions: predictions, targets: batchTargets, into: &lossGradient)
                guard value.isFinite else {
                    throw TrainingDivergedError(epoch: epoch, step: stepIndex + 1, loss: value)
                }
                model.backward(lossGradient)
                // Gradient synchronization point: an all-reduce over ranks goes here.
                if let clipNorm { GradientClipping.clipNorm(parameters, maxNorm: clipNorm) }
                optimizer.step(parameters)
                weightedLoss += Double(value) * Double(rows.count)
            }
            let evaluation = evaluate?(model)
                ?? EpochEvaluation(trainMSE: Self.meanSquaredError(model.predict(features), targets))
            let record = EpochRecord(
                epoch: epoch, loss: weightedLoss / Double(features.rows),
                trainMSE: evaluation.trainMSE, testMSE: evaluation.testMSE,
                validationMSE: evaluation.validationMSE, learningRate: epochRate,
                seconds: (clock.now - started).seconds)
            history.epochs.append(record)
            progress(record)
            scheduler.step(monitored: evaluation.validationMSE ?? record.loss)
            if let patience = earlyStoppingPatience {
                guard let validation = evaluation.validationMSE else {
                    preconditionFailure("early stopping needs a validation MSE from evaluate")
                }
                if best == nil || validation < best!.mse {
                    best = (epoch, validation, parameters.map(\.value.storage))
                } else if epoch - best!.epoch >= patience {
                    history.stoppedEpoch = epoch
                    break
                }
            }
        }
        if let best {
            for (parameter, weights) in zip(parameters, best.weights) {
                parameter.value.storage = weights
            }
            history.bestEpoch = best.epoch
        }
        return history
    }
}

extension Trainer {
    /// `mean((predictions - targets)^2)` accumulated in float64.
    static func meanSquaredError(_ predictions: Matrix, _ targets: Matrix) -> Double {
        var sum = 0.0
        for (prediction, target) in zip(predictions.storage, targets.storage) {
            let error = Double(prediction) - Double(target)
            sum += error * error
        }
        return sum / Double(max(targets.storage.count, 1))
    }
}

extension Duration {
    /// The duration in seconds, as a double.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
