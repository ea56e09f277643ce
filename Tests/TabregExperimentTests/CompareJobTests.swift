import Foundation
import TabregData
import TabregExperiment
import TabregLinear
import TabregNetwork
import TabregNumerics
import XCTest

final class CompareJobTests: XCTestCase {
    /// A CSV table of `rows` rows: x1, x2, x3 in {0, 1}, and y = 4 x1 - 3 x2 + 2 x3 + noise.
    static func table(rows: Int = 60, seed: UInt64 = 21) throws -> Table {
        var generator = SplitMix64(seed: seed)
        var text = "x1,x2,x3,y\n"
        for _ in 0..<rows {
            let x1 = generator.nextUnitDouble() * 4 - 2
            let x2 = generator.nextUnitDouble() * 10
            let x3 = generator.nextInt(below: 2)
            let y = 4 * x1 - 3 * x2 + 2 * Double(x3) + generator.nextUnitDouble() - 0.5
            text += "\(x1),\(x2),\(x3),\(y)\n"
        }
        return try CSVReader.read(data: Data(text.utf8), source: "synthetic.csv")
    }

    static func settings(threads: Int = 1) -> CompareSettings {
        var training = TrainSettings()
        training.target = "y"
        training.hidden = [8]
        training.epochs = 6
        training.batchSize = 10
        training.learningRate = 0.01
        training.testFraction = 0
        training.threads = threads
        return CompareSettings(training: training, folds: 4, ridgeAlpha: 1)
    }

    func testFoldsRunInParallelGiveResultsBitIdenticalToASerialRun() throws {
        let table = try Self.table()
        let serial = try CompareJob(settings: Self.settings(threads: 1)).run(on: table)
        let parallel = try CompareJob(settings: Self.settings(threads: 3)).run(on: table)
        XCTAssertEqual(serial.foldResults, parallel.foldResults)
        XCTAssertEqual(serial.difference, parallel.difference)
        let again = try CompareJob(settings: Self.settings(threads: 4)).run(on: table)
        XCTAssertEqual(serial.foldResults, again.foldResults)
    }

    func testFoldTestRowsPartitionTheRowsAndEveryModelIsMeasuredOnThem() throws {
        let result = try CompareJob(settings: Self.settings()).run(on: try Self.table())
        let testRows = result.foldResults.flatMap(\.testRows)
        XCTAssertEqual(testRows.sorted(), Array(0..<60))
        XCTAssertEqual(result.foldResults.map(\.trainingRows), [45, 45, 45, 45])
        for fold in result.foldResults {
            for model in ComparedModel.allCases {
                XCTAssertEqual(fold.predictions[model]!.count, fold.testRows.count)
            }
            XCTAssertEqual(
                fold.mseDifference, fold.metrics[.network]!.mse - fold.metrics[.ols]!.mse)
        }
        // The summary is the mean and the n - 1 standard deviation of the fold metrics.
        let olsMSE = result.foldResults.map { $0.metrics[.ols]!.mse }
        let mean = olsMSE.reduce(0, +) / 4
        XCTAssertEqual(result.summaries[.ols]!.mse.mean, mean, accuracy: 1e-12)
        let variance = olsMSE.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3
        XCTAssertEqual(result.summaries[.ols]!.mse.sd, variance.squareRoot(), accuracy: 1e-12)
        // The paired interval: mean -+ t(0.975, 3) * sd / 2, t = 3.182.
        let d = result.difference
        XCTAssertEqual(d.degreesOfFreedom, 3)
        XCTAssertEqual(d.tQuantile, 3.182, accuracy: 5e-4)
        XCTAssertEqual(d.upper - d.mean, d.tQuantile * d.sd / 2, accuracy: 1e-9)
        // OLS beats the mean predictor on this linear problem.
        XCTAssertLessThan(result.summaries[.ols]!.mse.mean, result.summaries[.mean]!.mse.mean / 10)
    }

    /// A feature with one extreme value: a scaler fitted on all rows (leaking the held-out fold)
    /// standardizes the training rows very differently from one fitted on the training rows,
    /// which visibly changes ridge's held-out predictions (ridge is not scale invariant). The
    /// job must give exactly the in-fold predictions, computed here by hand.
    func testPreprocessingIsFittedOnEachFoldsTrainingRowsOnly() throws {
        var generator = SplitMix64(seed: 5)
        var xs: [Double] = []
        var ys: [Double] = []
        var text = "x,y\n"
        for row in 0..<24 {
            let x = row == 7 ? 400 : generator.nextUnitDouble() * 10
            let y = 3 * min(x, 10) + generator.nextUnitDouble()
            xs.append(x)
            ys.append(y)
            text += "\(x),\(y)\n"
        }
        let table = try CSVReader.read(data: Data(text.utf8), source: "outlier.csv")
        var settings = Self.settings()
        settings.training.hidden = [4]
        settings.training.epochs = 3
        settings.training.scaleTarget = true
        settings.ridgeAlpha = 20
        settings.folds = 3
        let result = try CompareJob(settings: settings).run(on: table)

        // The documented fold seeds: the permutation first, then one draw per fold.
        var seeds = SplitMix64(seed: settings.training.seed)
        _ = seeds.permutation(count: 24)
        let foldSeeds = (0..<3).map { _ in seeds.next() }

        var sawLeakDifference = false
        for fold in result.foldResults {
            let test = fold.testRows
            let training = (0..<24).filter { !test.contains($0) }
            func standardizer(_ rows: [Int]) -> (Double, Double) {
                let mean = rows.map { xs[$0] }.reduce(0, +) / Double(rows.count)
                let variance =
                    rows.map { (xs[$0] - mean) * (xs[$0] - mean) }.reduce(0, +) / Double(rows.count)
                return (mean, variance.squareRoot())
            }
            func ridgePredictions(scaler: (Double, Double)) -> [Double] {
                let z = training.map { (xs[$0] - scaler.0) / scaler.1 }
                let zMean = z.reduce(0, +) / Double(z.count)
                let yMean = training.map { ys[$0] }.reduce(0, +) / Double(training.count)
                var sxy = 0.0
                var sxx = 0.0
                for (value, row) in zip(z, training) {
                    sxy += (value - zMean) * (ys[row] - yMean)
                    sxx += (value - zMean) * (value - zMean)
                }
                let slope = sxy / (sxx + settings.ridgeAlpha)
                return test.map { yMean + slope * ((xs[$0] - scaler.0) / scaler.1 - zMean) }
            }
            let inFold = ridgePredictions(scaler: standardizer(training))
            let leaked = ridgePredictions(scaler: standardizer(Array(0..<24)))
            for (actual, expected) in zip(fold.predictions[.ridge]!, inFold) {
                XCTAssertEqual(actual, expected, accuracy: 1e-9 * max(1, abs(expected)))
            }
            if zip(inFold, leaked).contains(where: { abs($0 - $1) > 0.5 }) {
                sawLeakDifference = true
            }

            // The mean predictor: the fold's training targets' mean.
            let trainingMean = training.map { ys[$0] }.reduce(0, +) / Double(training.count)
            XCTAssertEqual(
                fold.predictions[.mean]!, [Double](repeating: trainingMean, count: test.count))

            // The network: trained from the fold's seed on features and targets standardized
            // with training-row statistics only, it predicts exactly what the job reported.
            let (mean, sd) = standardizer(training)
            var foldGenerator = SplitMix64(seed: foldSeeds[fold.fold])
            let fit = try NetworkFit.fit(
                trainingFeatures: training.map { (xs[$0] - mean) / sd },
                trainingTargets: training.map { ys[$0] }, featureCount: 1, test: nil,
                settings: settings.training, source: "outlier.csv", using: &foldGenerator,
                progress: { _ in })
            XCTAssertEqual(fit.targetScaler, TargetScaler.fit(training.map { ys[$0] }))
            let inputs = Matrix(column: test.map { Float((xs[$0] - mean) / sd) })
            XCTAssertEqual(
                TrainJob.predict(fit.network, inputs, fit.targetScaler), fold.predictions[.network]!
            )
        }
        XCTAssertTrue(sawLeakDifference, "the data must make a leaking scaler visible")
    }

    func testMoreFoldsThanRowsIsADataError() throws {
        var settings = Self.settings()
        settings.folds = 61
        XCTAssertThrowsError(try CompareJob(settings: settings).run(on: try Self.table())) {
            error in
            XCTAssertTrue(error is DataError)
            XCTAssertTrue("\(error)".contains("synthetic.csv"), "\(error)")
            XCTAssertTrue("\(error)".contains("61"), "\(error)")
        }
    }

    func testCompareJSONHasTheDocumentedShape() throws {
        var settings = Self.settings()
        settings.training.earlyStoppingPatience = 2
        let result = try CompareJob(settings: settings).run(on: try Self.table())
        let json =
            try JSONSerialization.jsonObject(with: CompareDocument(result).jsonData())
            as! [String: Any]
        XCTAssertEqual(json["folds"] as? Int, 4)
        let models = json["models"] as! [String: Any]
        XCTAssertEqual(Set(models.keys), ["network", "ols", "ridge", "mean"])
        for (_, value) in models {
            let metrics = value as! [String: Any]
            XCTAssertEqual(Set(metrics.keys), ["mse", "rmse", "mae", "r2"])
            for (_, statistic) in metrics {
                XCTAssertEqual(Set((statistic as! [String: Any]).keys), ["mean", "sd"])
            }
        }
        let perFold = json["per_fold"] as! [[String: Any]]
        XCTAssertEqual(perFold.map { $0["fold"] as! Int }, [1, 2, 3, 4])
        XCTAssertNotNil(perFold[0]["best_epoch"] as? Int)
        XCTAssertTrue(perFold[0].keys.contains("stopped_epoch"))
        let difference = json["difference"] as! [String: Any]
        XCTAssertEqual((difference["ci95"] as! [Double]).count, 2)
        // (Foundation's JSON round trip may drop the last bit of a double.)
        XCTAssertEqual(
            difference["mean"] as! Double, result.difference.mean,
            accuracy: 1e-12 * abs(result.difference.mean))
        let ols = (models["ols"] as! [String: Any])["mse"] as! [String: Double]
        XCTAssertEqual(
            ols["mean"]!, result.summaries[.ols]!.mse.mean,
            accuracy: 1e-12 * result.summaries[.ols]!.mse.mean)
    }
}
