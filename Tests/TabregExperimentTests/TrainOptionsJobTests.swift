import Foundation
import TabregData
import TabregExperiment
import TabregLinear
import TabregNetwork
import TabregNumerics
import XCTest

/// The training options through the train job.
final class TrainOptionsJobTests: XCTestCase {
    /// y = 1000 + 300 x1 - 200 x2 + small noise: a target far from unit scale.
    static func linearTable(rows: Int = 120) throws -> Table {
        var generator = SplitMix64(seed: 8)
        var text = "x1,x2,y\n"
        for _ in 0..<rows {
            let x1 = generator.nextUnitDouble() * 2 - 1
            let x2 = generator.nextUnitDouble() * 2 - 1
            text +=
                "\(x1),\(x2),\(1000 + 300 * x1 - 200 * x2 + generator.nextUnitDouble() * 2 - 1)\n"
        }
        return try CSVReader.read(data: Data(text.utf8), source: "linear.csv")
    }

    static func linearSettings() -> TrainSettings {
        var settings = TrainSettings()
        settings.target = "y"
        settings.hidden = []
        settings.learningRate = 0.05
        settings.epochs = 150
        settings.batchSize = 16
        return settings
    }

    func testScaleTargetTrainsOnStandardizedTargetsAndReportsTargetUnits() throws {
        let table = try Self.linearTable()
        var settings = Self.linearSettings()
        settings.scaleTarget = true
        let result = try TrainJob(settings: settings).run(on: table)
        let trainingTargets = result.data.trainingTargets
        XCTAssertEqual(result.targetScaler, TargetScaler.fit(trainingTargets))
        XCTAssertEqual(
            result.targetScaler.mean, trainingTargets.reduce(0, +) / Double(trainingTargets.count),
            accuracy: 1e-9)
        // A linear network learns the linear target as well as OLS, in target units.
        let network = try XCTUnwrap(result.networkMetrics.test)
        let ols = try XCTUnwrap(result.baselineMetrics.test)
        XCTAssertLessThan(network.mse, ols.mse * 1.1 + 0.05)
        // The history's MSE after the last epoch is the final model's, in target units.
        XCTAssertEqual(result.history.epochs.last!.trainMSE, result.networkMetrics.train.mse)
        XCTAssertEqual(result.history.epochs.last!.testMSE, network.mse)

        // Without it, the same run cannot reach a target a thousand units away.
        settings.scaleTarget = false
        let unscaled = try TrainJob(settings: settings).run(on: table)
        XCTAssertTrue(unscaled.targetScaler.isIdentity)
        XCTAssertGreaterThan(unscaled.networkMetrics.test!.mse, 100 * network.mse)
    }

    func testEarlyStoppingEndsWithTheBestValidationEpochsWeights() throws {
        // Features and targets prepared by hand; patience above the epoch count, so it never
        // fires, and a high learning rate so the last epoch is not the best.
        var data = SplitMix64(seed: 12)
        let rows = 80
        let features = (0..<(rows * 2)).map { _ in data.nextUnitDouble() * 2 - 1 }
        let targets: [Double] = (0..<rows).map { row in
            let first: Double = sin(3 * features[2 * row])
            let second: Double = features[2 * row + 1]
            return first + second * second
        }
        var settings = TrainSettings()
        settings.hidden = [16]
        settings.learningRate = 0.08
        settings.epochs = 40
        settings.batchSize = 8
        settings.earlyStoppingPatience = 1000
        settings.validationFraction = 0.25
        var generator = SplitMix64(seed: 3)
        let fit = try NetworkFit.fit(
            trainingFeatures: features, trainingTargets: targets, featureCount: 2, test: nil,
            settings: settings, source: "test", using: &generator, progress: { _ in })
        XCTAssertEqual(fit.validationPositions.count, 20)
        XCTAssertEqual(Set(fit.validationPositions).union(fit.fitPositions), Set(0..<rows))
        XCTAssertNil(fit.history.stoppedEpoch)
        XCTAssertEqual(fit.history.epochs.count, 40)
        let best = try XCTUnwrap(fit.history.bestEpoch)
        let validation: [Double] = fit.history.epochs.map { $0.validationMSE! }
        XCTAssertEqual(validation[best - 1], validation.min())
        XCTAssertEqual(validation.firstIndex(of: validation.min()!)! + 1, best)
        XCTAssertLessThan(best, 40, "this run's best epoch is not its last, so restoring shows")
        // The final network has exactly the best epoch's validation MSE.
        let inputs = Matrix(
            rows: 20, columns: 2,
            storage: fit.validationPositions.flatMap {
                [Float(features[2 * $0]), Float(features[2 * $0 + 1])]
            })
        let mse = RegressionMetrics.mse(
            predictions: TrainJob.predict(fit.network, inputs, fit.targetScaler),
            targets: fit.validationPositions.map { targets[$0] })
        XCTAssertEqual(mse, validation[best - 1])
        XCTAssertNotEqual(mse, validation[39])
    }

    func testTrainJSONReportsBestAndStoppedEpochAndValidationHistory() throws {
        var settings = Self.linearSettings()
        settings.epochs = 30
        settings.learningRate = 0.5
        settings.scaleTarget = true
        settings.earlyStoppingPatience = 3
        settings.learningRateSchedule = .cosine
        let result = try TrainJob(settings: settings).run(on: try Self.linearTable())
        let json =
            try JSONSerialization.jsonObject(with: TrainDocument(result).jsonData())
            as! [String: Any]
        XCTAssertEqual(json["best_epoch"] as? Int, result.history.bestEpoch)
        XCTAssertTrue(json.keys.contains("stopped_epoch"))
        let history = json["history"] as! [[String: Any]]
        XCTAssertNotNil(history[0]["validation_mse"] as? Double)
        XCTAssertNotNil(history[0]["lr"] as? Double)
        let data = json["data"] as! [String: Any]
        XCTAssertEqual(data["validation_rows"] as? Int, 10)  // ceil(0.1 * 96)
        XCTAssertEqual(data["train_rows"] as? Int, 96)
        let csv = HistoryCSV.text(result.history)
        XCTAssertTrue(csv.hasPrefix("epoch,loss,train_mse,test_mse,validation_mse,seconds\n"))

        // Without early stopping the keys are absent.
        let plain = try TrainJob(settings: Self.linearSettings()).run(on: try Self.linearTable())
        let plainJSON =
            try JSONSerialization.jsonObject(with: TrainDocument(plain).jsonData())
            as! [String: Any]
        XCTAssertNil(plainJSON["best_epoch"])
        XCTAssertNil(plainJSON["stopped_epoch"])
        XCTAssertNil(
            (plainJSON["history"] as! [[String: Any]])[0]["lr"], "lr only under a schedule")
    }

    func testEveryTrainingOptionChangesTheTrainedNetwork() throws {
        let table = try Self.linearTable()
        var base = Self.linearSettings()
        base.hidden = [6]
        base.epochs = 8
        base.scaleTarget = true
        func weights(_ change: (inout TrainSettings) -> Void) throws -> [Float] {
            var settings = base
            change(&settings)
            return try TrainJob(settings: settings).run(on: table).network.parameters.flatMap(
                \.value.storage)
        }
        let reference = try weights { _ in }
        XCTAssertEqual(reference, try weights { _ in }, "the same settings give the same weights")
        let changes: [(String, (inout TrainSettings) -> Void)] = [
            ("activation elu", { $0.activation = .elu }),
            ("activation selu", { $0.activation = .selu }),
            ("activation gelu", { $0.activation = .gelu }),
            ("dropout", { $0.dropout = 0.2 }),
            ("clip norm", { $0.clipNorm = 0.01 }),
            ("cosine", { $0.learningRateSchedule = .cosine }),
            ("step", { $0.learningRateSchedule = .step }),
            (
                "step size",
                {
                    $0.learningRateSchedule = .step
                    $0.learningRateStepSize = 1
                }
            ),
            (
                "step gamma",
                {
                    $0.learningRateSchedule = .step
                    $0.learningRateGamma = 0.5
                }
            ),
            ("early stopping", { $0.earlyStoppingPatience = 100 }),
            ("validation fraction", { $0.validationFraction = 0.3 }),
            ("adam weight decay", { $0.weightDecay = 0.5 }),
            ("adamw", { $0.optimizer = .adamw }),
            (
                "adamw weight decay",
                {
                    $0.optimizer = .adamw
                    $0.weightDecay = 0.5
                }
            ),
        ]
        for (name, change) in changes {
            XCTAssertNotEqual(try weights(change), reference, name)
        }
        // Plateau needs more than its patience (10) of flat epochs: a tiny learning rate keeps
        // the loss flat; epoch 1 sets the best, epochs 2-12 are 11 bad ones (more than 10), so
        // the rate is cut after epoch 12.
        var flatSettings = base
        flatSettings.epochs = 14
        flatSettings.learningRate = 1e-7
        let flat = try TrainJob(settings: flatSettings).run(on: table)
        flatSettings.learningRateSchedule = .plateau
        let plateau = try TrainJob(settings: flatSettings).run(on: table)
        XCTAssertEqual(plateau.history.epochs[11].learningRate!, Double(Float(1e-7)))
        XCTAssertEqual(
            plateau.history.epochs[12].learningRate!, Double(Float(1e-7)) * 0.1, accuracy: 1e-20)
        XCTAssertEqual(flat.history.epochs[12].learningRate!, Double(Float(1e-7)))
        XCTAssertNotEqual(
            plateau.network.parameters.flatMap(\.value.storage),
            flat.network.parameters.flatMap(\.value.storage), "plateau")
        // The step schedule's defaults: step size epochs / 3, gamma 0.1.
        var step = base
        step.learningRateSchedule = .step
        XCTAssertEqual(step.schedule, .step(stepSize: 2, gamma: 0.1))
        step.learningRateSchedule = .cosine
        XCTAssertEqual(step.schedule, .cosine(periodEpochs: 8))
    }
}
