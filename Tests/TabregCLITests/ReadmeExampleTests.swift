import Foundation
import XCTest
import Tabreg

/// The README's library examples, compiled and run as they are printed there.
final class ReadmeExampleTests: XCTestCase {
    func testLowLevelExampleTrainsXOR() throws {
        // --- README: library, low level ---
        var generator = SplitMix64(seed: 1)
        let features = Matrix(rows: 4, columns: 2, storage: [0, 0, 0, 1, 1, 0, 1, 1])
        let targets = Matrix(column: [0, 1, 1, 0])              // [4, 1]: no silent broadcast
        let model = Sequential {
            Linear(2, 16, using: &generator); LeakyReLU()
            Linear(16, 1, using: &generator)
        }
        let trainer = Trainer(optimizer: Adam(learningRate: 0.01), batchSize: 2, epochs: 500)
        let history = try trainer.fit(model, features: features, targets: targets, using: &generator)
        let predictions = model.predict(features)               // [4, 1]
        // --- end ---
        XCTAssertLessThan(history.epochs.last!.trainMSE, 1e-3)
        XCTAssertEqual(predictions.storage.map { $0.rounded() }, [0, 1, 1, 0])
    }

    func testJobExampleComparesWithTheBaseline() throws {
        // --- README: library, the whole job ---
        var settings = TrainSettings()                           // the tutorial's defaults
        settings.epochs = 2                                      // (300 in the README)
        settings.drop = ["black"]
        let result = try TrainJob(settings: settings).run { event in
            if case .epoch(let record, let total) = event { _ = (record.loss, total) }
        }
        let network = result.networkMetrics.test!, ols = result.baselineMetrics.test!
        // --- end ---
        XCTAssertEqual(result.data.featureCount, 12)
        XCTAssertGreaterThan(network.mse, 0)
        XCTAssertGreaterThan(ols.r2, 0.5)
    }
}
