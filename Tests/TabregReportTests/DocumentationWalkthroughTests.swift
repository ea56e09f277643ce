import Foundation
import Tabreg
import Testing

/// The code of the DocC article "Training a regressor from Swift"
/// (Sources/Tabreg/Tabreg.docc/TrainingARegressor.md), run with few epochs and a small
/// network, so the article's code keeps compiling and working.
@Suite struct DocumentationWalkthroughTests {
    @Test func oneCallJobAndReportFilesWork() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-docc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }

        // Article, step 1.
        var settings = TrainSettings()
        settings.hidden = [16]
        settings.epochs = 5
        var lines: [String] = []
        let result = try TrainJob(settings: settings).run { event in
            if case .epoch(let record, let total) = event {
                lines.append("epoch \(record.epoch)/\(total)  loss \(record.loss)")
            }
        }
        let network = result.networkMetrics.test!
        let baseline = result.baselineMetrics.test!
        _ = "network test MSE \(network.mse), OLS test MSE \(baseline.mse)"

        // Article, step 2.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in TrainReport(result).files {
            try AtomicFile.write(Data(file.text.utf8), to: folder.appendingPathComponent(file.name))
        }

        #expect(lines.count == 5)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["error.svg", "loss.svg", "predictions.svg", "report.html"])
    }

    @Test func buildingBlocksTrainAndBeatNothing() throws {
        // Article, step 3.
        var generator = SplitMix64(seed: 1)
        let table = try CSVReader.read(
            data: Data(BostonHousing.csv.utf8), source: BostonHousing.source)
        var settings = TrainSettings()
        settings.testFraction = 0.2
        let data = try PreparedData.prepare(table, settings: settings, using: &generator)

        let model = Sequential {
            Linear(data.featureCount, 32, using: &generator)
            LeakyReLU(negativeSlope: 0.01)
            Linear(32, 1, using: &generator)
        }
        let features = TrainJob.floatMatrix(data.trainingFeatures, columns: data.featureCount)
        let targets = Matrix(column: data.trainingTargets.map { Float($0) })
        let testFeatures = TrainJob.floatMatrix(data.testFeatures, columns: data.featureCount)

        let trainer = Trainer(optimizer: Adam(learningRate: 1e-3), batchSize: 50, epochs: 20)
        let history = try trainer.fit(
            model, features: features, targets: targets, using: &generator,
            evaluate: { model in
                let predictions = model.predict(features).storage.map(Double.init)
                return EpochEvaluation(
                    trainMSE: RegressionMetrics.mse(
                        predictions: predictions, targets: data.trainingTargets))
            })

        let predictions = model.predict(testFeatures).storage.map(Double.init)
        let networkTest = RegressionMetrics(predictions: predictions, targets: data.testTargets)
        let ols = LinearRegression.fit(
            features: data.trainingFeatures, rows: data.trainingTargets.count,
            columns: data.featureCount, targets: data.trainingTargets)
        let olsTest = RegressionMetrics(
            predictions: ols.predict(features: data.testFeatures), targets: data.testTargets)

        // Article, step 4.
        let chart = LineChart(
            title: "Training loss", xLabel: "Epoch", yLabel: "Loss",
            series: [LineSeries(name: "loss", values: history.epochs.map(\.loss))],
            yScale: .logarithmic)
        let svg = chart.svg()

        #expect(history.epochs.count == 20)
        #expect(history.epochs.last!.loss < history.epochs.first!.loss)
        #expect(networkTest.mse.isFinite && olsTest.mse.isFinite)
        expectWellFormed(svg)
    }
}
