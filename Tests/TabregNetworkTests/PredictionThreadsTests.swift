import XCTest
import TabregNetwork
import TabregNumerics

/// `Sequential.predict` computes large inputs in chunks spread over threads; the result must be
/// the same bits as the training forward pass over the whole input in one piece, for any
/// thread count.
final class PredictionThreadsTests: XCTestCase {
    func testChunkedThreadedPredictionIsBitIdenticalToOneWholeForwardPass() {
        var generator = SplitMix64(seed: 21)
        let model = Sequential {
            Linear(7, 33, using: &generator); LeakyReLU()
            Linear(33, 17, using: &generator); Tanh()
            Linear(17, 1, using: &generator)
        }
        // 2.5 chunks: two full chunks and a partial one.
        let rows = Sequential.predictionChunkRows * 2 + Sequential.predictionChunkRows / 2 + 3
        let input = Matrix(
            rows: rows, columns: 7,
            storage: (0..<(rows * 7)).map { _ in generator.nextFloat(from: -3, to: 3) })
        let whole = model.forward(input).storage
        XCTAssertEqual(whole.count, rows)
        for threads in [1, 2, 3, 8] {
            model.threadCount = threads
            let predicted = model.predict(input)
            XCTAssertEqual(predicted.rows, rows)
            XCTAssertEqual(predicted.columns, 1)
            XCTAssertEqual(
                predicted.storage.map(\.bitPattern), whole.map(\.bitPattern), "threads \(threads)")
        }
    }

    func testSmallInputsPredictInOnePieceWithAnyThreadCount() {
        var generator = SplitMix64(seed: 22)
        let model = Sequential { Linear(3, 5, using: &generator); ReLU(); Linear(5, 2, using: &generator) }
        let input = Matrix(rows: 10, columns: 3, storage: (0..<30).map { Float($0) / 7 - 2 })
        let whole = model.forward(input).storage
        model.threadCount = 4
        XCTAssertEqual(model.predict(input).storage.map(\.bitPattern), whole.map(\.bitPattern))
    }
}

/// Training splits each step's large products and Adam's larger parameter arrays over the
/// model's threads; the trained parameters and every epoch's numbers must be the same bits for
/// any thread count.
final class TrainingThreadsTests: XCTestCase {
    func testTrainingIsBitIdenticalForAnyThreadCount() throws {
        func train(threads: Int) throws -> (parameters: [[UInt32]], losses: [Double]) {
            var generator = SplitMix64(seed: 23)
            // Batch 128 x 130 x 140 > 2^21 FMAs: the training step's middle products split.
            let model = Sequential {
                Linear(9, 130, using: &generator); LeakyReLU()
                Linear(130, 140, using: &generator); LeakyReLU()
                Linear(140, 1, using: &generator)
            }
            model.threadCount = threads
            let rows = 400
            let features = Matrix(
                rows: rows, columns: 9,
                storage: (0..<(rows * 9)).map { _ in generator.nextFloat(from: -2, to: 2) })
            let targets = Matrix(
                rows: rows, columns: 1,
                storage: (0..<rows).map { row in features.storage[row * 9] * 3 - 1 })
            let trainer = Trainer(optimizer: Adam(learningRate: 1e-3), batchSize: 128, epochs: 3)
            let history = try trainer.fit(
                model, features: features, targets: targets, using: &generator)
            return (
                model.parameters.map { $0.value.storage.map(\.bitPattern) },
                history.epochs.flatMap { [$0.loss, $0.trainMSE] })
        }
        let one = try train(threads: 1)
        for threads in [2, 3] {
            let other = try train(threads: threads)
            XCTAssertEqual(other.parameters, one.parameters, "\(threads) threads")
            XCTAssertEqual(other.losses, one.losses, "\(threads) threads")
        }
    }
}
