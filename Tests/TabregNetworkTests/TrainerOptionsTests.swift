import TabregNetwork
import TabregNumerics
import XCTest

/// Early stopping, schedules and clipping as the trainer applies them.
final class TrainerOptionsTests: XCTestCase {
    /// A small regression problem and a fresh model for it.
    func problem(seed: UInt64 = 3) -> (Sequential, Matrix, Matrix, SplitMix64) {
        var data = SplitMix64(seed: 100)
        let rows = 40
        let features = Matrix(
            rows: rows, columns: 2,
            storage: (0..<(rows * 2)).map { _ in data.nextFloat(from: -1, to: 1) })
        let targets = Matrix(column: (0..<rows).map { 3 * features[$0, 0] - features[$0, 1] })
        var generator = SplitMix64(seed: seed)
        let model = Sequential {
            Linear(2, 6, using: &generator)
            Tanh()
            Linear(6, 1, using: &generator)
        }
        return (model, features, targets, generator)
    }

    /// Trains with a scripted validation MSE per epoch and returns the history, the weights
    /// after each epoch (taken in the progress callback, before any restoring) and the final
    /// weights.
    func trainWithScriptedValidation(
        _ validation: [Double], patience: Int
    ) throws -> (TrainingHistory, [[Float]], [Float]) {
        var (model, features, targets, generator) = problem()
        var trainer = Trainer(
            optimizer: Adam(learningRate: 0.05), batchSize: 8, epochs: validation.count)
        trainer.earlyStoppingPatience = patience
        var snapshots: [[Float]] = []
        var epoch = 0
        let history = try trainer.fit(
            model, features: features, targets: targets, using: &generator,
            evaluate: { _ in
                defer { epoch += 1 }
                return EpochEvaluation(trainMSE: 1, validationMSE: validation[epoch])
            },
            progress: { _ in snapshots.append(model.parameters.flatMap(\.value.storage)) })
        return (history, snapshots, model.parameters.flatMap(\.value.storage))
    }

    func testEarlyStoppingRestoresTheBestEpochEvenWhenItDoesNotFire() throws {
        let (history, snapshots, final) = try trainWithScriptedValidation(
            [5, 4, 2, 3, 3.5, 4], patience: 10)
        XCTAssertEqual(history.epochs.count, 6)
        XCTAssertNil(history.stoppedEpoch)
        XCTAssertEqual(history.bestEpoch, 3)
        XCTAssertEqual(final, snapshots[2])
        XCTAssertNotEqual(
            final, snapshots[5], "the last epoch's weights differ, so restoring is visible")
    }

    func testEarlyStoppingStopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBest() throws {
        let (history, snapshots, final) = try trainWithScriptedValidation(
            [5, 4, 3, 3.1, 3.2, 2.9, 3, 3, 3, 1, 1], patience: 3)
        XCTAssertEqual(history.bestEpoch, 6)
        XCTAssertEqual(history.stoppedEpoch, 9)
        XCTAssertEqual(history.epochs.count, 9)
        XCTAssertEqual(final, snapshots[5])
    }

    func testEarlyStoppingKeepsTheEarlierEpochOnATie() throws {
        let (history, snapshots, final) = try trainWithScriptedValidation(
            [5, 2, 2, 2], patience: 2)
        XCTAssertEqual(history.bestEpoch, 2)
        XCTAssertEqual(history.stoppedEpoch, 4)
        XCTAssertEqual(final, snapshots[1])
    }

    func testWithoutEarlyStoppingTheModelKeepsItsLastWeights() throws {
        var (model, features, targets, generator) = problem()
        var last: [Float] = []
        let history = try Trainer(optimizer: Adam(learningRate: 0.05), batchSize: 8, epochs: 4).fit(
            model, features: features, targets: targets, using: &generator,
            evaluate: { _ in EpochEvaluation(trainMSE: 1, validationMSE: 1) },
            progress: { _ in last = model.parameters.flatMap(\.value.storage) })
        XCTAssertNil(history.bestEpoch)
        XCTAssertEqual(model.parameters.flatMap(\.value.storage), last)
    }

    func testTrainerSetsEachEpochsLearningRateFromTheSchedule() throws {
        var (model, features, targets, generator) = problem()
        let optimizer = SGD(learningRate: 0.1)
        var trainer = Trainer(optimizer: optimizer, batchSize: 8, epochs: 7)
        trainer.schedule = .step(stepSize: 2, gamma: 0.5)
        let history = try trainer.fit(
            model, features: features, targets: targets, using: &generator,
            evaluate: { _ in EpochEvaluation(trainMSE: 1) })
        // The base rate is the optimizer's float32 0.1; the schedule works in float64 from it.
        let base = Double(Float(0.1))
        let expected = [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125].map { base * $0 }
        XCTAssertEqual(history.epochs.map { $0.learningRate! }, expected)
        XCTAssertEqual(optimizer.learningRate, Float(base * 0.125))
    }

    func testPlateauScheduleWatchesTheTrainingLossWithoutValidation() throws {
        // A tiny learning rate keeps the training loss flat (no relative improvement of 1e-4),
        // so with patience 1 the rate is cut after epoch 3 (bad epochs 2 and 3). (Below 1e-8
        // PyTorch's eps would make the cut a no-op.)
        var (model, features, targets, generator) = problem()
        var trainer = Trainer(optimizer: SGD(learningRate: 1e-7), batchSize: 40, epochs: 4)
        trainer.schedule = .plateau(factor: 0.1, patience: 1, threshold: 1e-4)
        let flat = try trainer.fit(
            model, features: features, targets: targets, using: &generator,
            evaluate: { _ in EpochEvaluation(trainMSE: 1) })
        let flatRates = flat.epochs.map { $0.learningRate! }
        XCTAssertEqual(flatRates[2], flatRates[0])
        XCTAssertEqual(flatRates[3], flatRates[0] * 0.1, accuracy: 1e-20)
        XCTAssertEqual(flatRates[0], Double(Float(1e-7)))
        // And with a validation MSE it watches that instead: improving validation, no cut.
        var (model2, features2, targets2, generator2) = problem()
        var trainer2 = Trainer(optimizer: SGD(learningRate: 0.01), batchSize: 40, epochs: 5)
        trainer2.schedule = .plateau(factor: 0.1, patience: 1, threshold: 1e-4)
        var validation = 10.0
        let history = try trainer2.fit(
            model2, features: features2, targets: targets2, using: &generator2,
            evaluate: { _ in
                validation -= 1
                return EpochEvaluation(trainMSE: 1, validationMSE: validation)
            })
        XCTAssertEqual(
            history.epochs.map(\.learningRate),
            [0.01, 0.01, 0.01, 0.01, 0.01].map { Double(Float($0)) })
        var (model3, features3, targets3, generator3) = problem()
        var trainer3 = Trainer(optimizer: SGD(learningRate: 0.01), batchSize: 40, epochs: 5)
        trainer3.schedule = .plateau(factor: 0.1, patience: 1, threshold: 1e-4)
        let history3 = try trainer3.fit(
            model3, features: features3, targets: targets3, using: &generator3,
            evaluate: { _ in EpochEvaluation(trainMSE: 1, validationMSE: 7) })
        let rates = history3.epochs.map { $0.learningRate! }
        XCTAssertEqual(rates[0], rates[2])
        XCTAssertEqual(rates[3], rates[0] * 0.1, accuracy: 1e-12)
    }

    func testClippingInTheTrainerBoundsEachStepsUpdate() throws {
        // Plain SGD with lr 1 moves the parameters by exactly the (clipped) gradient, so one
        // full-batch step moves them by a vector of norm maxNorm.
        var (model, features, targets, generator) = problem()
        let before = model.parameters.flatMap(\.value.storage)
        var trainer = Trainer(optimizer: SGD(learningRate: 1), batchSize: 40, epochs: 1)
        trainer.clipNorm = 1e-3
        _ = try trainer.fit(
            model, features: features, targets: targets, using: &generator,
            evaluate: { _ in EpochEvaluation(trainMSE: 1) })
        let after = model.parameters.flatMap(\.value.storage)
        let moved = zip(before, after).reduce(0.0) {
            $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1)
        }.squareRoot()
        XCTAssertEqual(moved, 1e-3, accuracy: 2e-6)
    }
}
