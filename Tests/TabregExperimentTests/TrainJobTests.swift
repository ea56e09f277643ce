import Foundation
import XCTest
import TabregData
import TabregExperiment
import TabregNetwork

final class TrainJobTests: XCTestCase {
    func settings(epochs: Int = 3) -> TrainSettings {
        // A small network keeps the debug-build test suite fast; the architecture is not what
        // these tests are about.
        var settings = TrainSettings()
        settings.epochs = epochs
        settings.hidden = [16, 8]
        return settings
    }

    func testSameSettingsAndSeedGiveBitIdenticalHistoryWeightsAndPredictions() throws {
        let first = try TrainJob(settings: settings()).run()
        let second = try TrainJob(settings: settings()).run()
        XCTAssertEqual(first.history.epochs.map(\.loss), second.history.epochs.map(\.loss))
        XCTAssertEqual(first.history.epochs.map(\.testMSE), second.history.epochs.map(\.testMSE))
        XCTAssertEqual(first.network.parameters.flatMap(\.value.storage).map(\.bitPattern),
                       second.network.parameters.flatMap(\.value.storage).map(\.bitPattern))
        XCTAssertEqual(first.networkTestPredictions, second.networkTestPredictions)
    }

    func testThreadCountDoesNotChangeResults() throws {
        var many = settings(epochs: 2)
        many.threads = 2
        let one = try TrainJob(settings: settings(epochs: 2)).run()
        let two = try TrainJob(settings: many).run()
        XCTAssertEqual(one.networkTestPredictions, two.networkTestPredictions)
    }

    func testDifferentSeedsGiveDifferentSplitsAndHistories() throws {
        var other = settings()
        other.seed = 2
        let first = try TrainJob(settings: settings()).run()
        let second = try TrainJob(settings: other).run()
        XCTAssertNotEqual(first.data.split.testRows, second.data.split.testRows)
        XCTAssertNotEqual(first.history.epochs.map(\.loss), second.history.epochs.map(\.loss))
    }

    func testTutorialModeTrainsOnEveryRowWithTheReferenceOLSBaseline() throws {
        var tutorial = settings(epochs: 1)
        tutorial.scale = .none
        tutorial.testFraction = 0
        let result = try TrainJob(settings: tutorial).run()
        XCTAssertEqual(result.data.split.trainingRows.count, 506)
        XCTAssertNil(result.networkMetrics.test)
        XCTAssertNil(result.history.epochs[0].testMSE)
        XCTAssertEqual(result.baselineMetrics.train.mse, 21.894831181729, accuracy: 1e-6)
    }

    func testScalerIsFittedOnTrainingRowsOnly() throws {
        let result = try TrainJob(settings: settings(epochs: 1)).run()
        let columns = result.data.featureCount
        let rows = result.data.trainingTargets.count
        // Computed from the table on each access: bound once.
        let trainingFeatures = result.data.trainingFeatures
        let testFeatures = result.data.testFeatures
        for j in 0..<columns {
            let mean = (0..<rows).reduce(0.0) { $0 + trainingFeatures[$1 * columns + j] } / Double(rows)
            XCTAssertEqual(mean, 0, accuracy: 1e-9, "training column \(j) must be centred")
        }
        let testRows = result.data.testTargets.count
        let testMean = (0..<testRows).reduce(0.0) { $0 + testFeatures[$1 * columns] } / Double(testRows)
        XCTAssertNotEqual(testMean, 0, accuracy: 1e-6, "test rows are scaled with training statistics")
    }

    func testEpochLossIsTheRowWeightedMeanAndMSEIsAFullPass() throws {
        let result = try TrainJob(settings: settings(epochs: 2)).run()
        let last = result.history.epochs.last!
        XCTAssertEqual(last.trainMSE, result.networkMetrics.train.mse, accuracy: 1e-9)
        XCTAssertEqual(last.testMSE!, result.networkMetrics.test!.mse, accuracy: 1e-9)
    }

    func testScaleTargetMapsPredictionsBackToTargetUnits() throws {
        var scaled = settings(epochs: 30)
        scaled.scaleTarget = true
        let result = try TrainJob(settings: scaled).run()
        XCTAssertFalse(result.targetScaler.isIdentity)
        let mean = result.networkTrainingPredictions.reduce(0, +) / Double(result.networkTrainingPredictions.count)
        XCTAssertEqual(mean, 22.5, accuracy: 3, "predictions are in $1000s, not standardized units")
        XCTAssertLessThan(result.networkMetrics.test!.mse, 40)
    }

    func testRowsWithMissingTargetAreDroppedWithANotice() throws {
        let csv = "x,y\n" + (0..<40).map { "\($0),\($0 % 7 == 0 ? "NA" : "\(2 * $0)")" }.joined(separator: "\n")
        let table = try CSVReader.read(data: Data(csv.utf8), source: "t.csv")
        var options = settings(epochs: 1)
        options.target = "y"
        options.batchSize = 8
        let result = try TrainJob(settings: options).run(on: table)
        XCTAssertEqual(result.data.table.rowCount, 34)
        XCTAssertEqual(result.data.notices, ["Dropped 6 rows with a missing target (y)."])
    }

    func testUnknownTargetIsADataErrorWithASuggestion() {
        var options = settings()
        options.target = "mdev"
        XCTAssertThrowsError(try TrainJob(settings: options).run()) { error in
            XCTAssertTrue("\(error)".contains("did you mean \"medv\""), "\(error)")
        }
    }

    func testJSONDocumentHasTheDocumentedKeys() throws {
        let result = try TrainJob(settings: settings(epochs: 2)).run()
        let object = try JSONSerialization.jsonObject(with: try TrainDocument(result).jsonData()) as! [String: Any]
        XCTAssertEqual(Set(object.keys), ["tabreg_version", "data", "settings", "history", "network", "baseline", "seconds"])
        let data = object["data"] as! [String: Any]
        XCTAssertEqual(data["rows"] as? Int, 506)
        XCTAssertEqual(data["train_rows"] as? Int, 404)
        XCTAssertEqual(data["test_rows"] as? Int, 102)
        let history = object["history"] as! [[String: Any]]
        XCTAssertEqual(Set(history[0].keys), ["epoch", "loss", "train_mse", "test_mse", "seconds"])
        let baseline = object["baseline"] as! [String: Any]
        XCTAssertEqual(baseline["method"] as? String, "ols")
        XCTAssertEqual(Set((baseline["test"] as! [String: Any]).keys), ["mse", "rmse", "mae", "r2"])
    }

    func testHistoryCSVHasOneRowPerEpochWithTheDocumentedHeader() throws {
        let result = try TrainJob(settings: settings(epochs: 2)).run()
        let lines = HistoryCSV.text(result.history).split(separator: "\n")
        XCTAssertEqual(lines.first, "epoch,loss,train_mse,test_mse,seconds")
        XCTAssertEqual(lines.count, 3)
    }
}
