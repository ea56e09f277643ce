import XCTest
import TabregNetwork
import TabregNumerics

final class TrainingTests: XCTestCase {
    func testLoaderVisitsEveryRowOncePerEpochAndKeepsThePartialBatch() {
        var generator = SplitMix64(seed: 3)
        let batches = MiniBatches(rowCount: 506, batchSize: 50, using: &generator)
        let sizes = batches.map(\.count)
        XCTAssertEqual(sizes, [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 6])
        XCTAssertEqual(batches.count, 11)
        XCTAssertEqual(batches.flatMap { Array($0) }.sorted(), Array(0..<506))
        XCTAssertNotEqual(Array(batches.order.prefix(10)), Array(0..<10), "rows must be shuffled")
    }

    func testUnshuffledLoaderKeepsFileOrder() {
        var generator = SplitMix64(seed: 3)
        let batches = MiniBatches(rowCount: 7, batchSize: 3, shuffle: false, using: &generator)
        XCTAssertEqual(batches.map { Array($0) }, [[0, 1, 2], [3, 4, 5], [6]])
    }

    /// A small regression problem trained twice from the same seed.
    func train(seed: UInt64, epochs: Int = 4) throws -> (TrainingHistory, [Float], [[Int]]) {
        var generator = SplitMix64(seed: seed)
        var data = SplitMix64(seed: 100)
        let rows = 64
        let features = Matrix(rows: rows, columns: 3, storage: (0..<(rows * 3)).map { _ in data.nextFloat(from: -1, to: 1) })
        let targets = Matrix(column: (0..<rows).map { 2 * features[$0, 0] - features[$0, 1] * features[$0, 2] })
        let model = Sequential {
            Linear(3, 8, using: &generator); LeakyReLU()
            Linear(8, 1, using: &generator)
        }
        let probe = generator
        var batchesGenerator = probe
        let firstBatches = MiniBatches(rowCount: rows, batchSize: 10, using: &batchesGenerator).map { Array($0) }
        let history = try Trainer(optimizer: Adam(learningRate: 0.01), batchSize: 10, epochs: epochs)
            .fit(model, features: features, targets: targets, using: &generator,
                 evaluate: { EpochEvaluation(trainMSE: Double(MSELoss()(predictions: $0.predict(features), targets: targets))) })
        return (history, model.parameters.flatMap(\.value.storage), firstBatches)
    }

    func testSameSeedGivesBitIdenticalHistoryAndWeights() throws {
        let (firstHistory, firstWeights, _) = try train(seed: 5)
        let (secondHistory, secondWeights, _) = try train(seed: 5)
        XCTAssertEqual(firstHistory.epochs.map(\.loss), secondHistory.epochs.map(\.loss))
        XCTAssertEqual(firstHistory.epochs.map(\.trainMSE), secondHistory.epochs.map(\.trainMSE))
        XCTAssertEqual(firstWeights.map(\.bitPattern), secondWeights.map(\.bitPattern))
    }

    func testDifferentSeedGivesDifferentBatches() throws {
        let (_, _, first) = try train(seed: 5)
        let (_, _, second) = try train(seed: 6)
        XCTAssertNotEqual(first, second)
    }

    func testTrainingLowersTheLossAndWeightsEpochLossByRows() throws {
        let (history, _, _) = try train(seed: 9, epochs: 30)
        XCTAssertEqual(history.epochs.count, 30)
        XCTAssertLessThan(history.epochs.last!.trainMSE, history.epochs.first!.trainMSE / 2)
    }

    func testDivergenceStopsWithTheEpochNamed() {
        var generator = SplitMix64(seed: 1)
        let features = Matrix(rows: 4, columns: 1, storage: [1, 2, 3, 4])
        let targets = Matrix(column: [1e30, -1e30, 1e30, -1e30])
        let model = Sequential { Linear(1, 1, using: &generator) }
        XCTAssertThrowsError(
            try Trainer(optimizer: SGD(learningRate: 1e10), batchSize: 2, epochs: 5)
                .fit(model, features: features, targets: targets, using: &generator,
                     evaluate: { _ in EpochEvaluation(trainMSE: 0) })
        ) { error in
            let diverged = error as? TrainingDivergedError
            XCTAssertEqual(diverged?.epoch, 1)
            XCTAssertTrue("\(error)".contains("lower learning rate"))
        }
    }

    /// SGD with momentum 0.9 on L = (p - 3)^2 / 1 from p = 0, lr 0.1, computed by hand:
    /// g1 = -6, b1 = -6, p1 = 0.6; g2 = -4.8, b2 = 0.9 * -6 - 4.8 = -10.2, p2 = 1.62.
    func testSGDWithMomentumMatchesHandComputedSteps() {
        let parameter = Parameter(name: "p", value: Matrix(rows: 1, columns: 1))
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        for expected: Float in [0.6, 1.62] {
            parameter.gradient[0, 0] = 2 * (parameter.value[0, 0] - 3)
            optimizer.step([parameter])
            XCTAssertEqual(parameter.value[0, 0], expected, accuracy: 1e-6)
        }
    }

    /// Adam's first step moves every parameter by lr * sign(g) (bias correction makes
    /// m / sqrt(v) = g / |g|), less the epsilon effect.
    func testAdamFirstStepMovesByTheLearningRate() {
        let parameter = Parameter(name: "p", value: Matrix(rows: 1, columns: 3, storage: [1, 1, 1]))
        parameter.gradient = Matrix(rows: 1, columns: 3, storage: [0.5, -2, 1e-3])
        Adam(learningRate: 0.01).step([parameter])
        XCTAssertEqual(parameter.value.storage[0], 0.99, accuracy: 1e-6)
        XCTAssertEqual(parameter.value.storage[1], 1.01, accuracy: 1e-6)
        XCTAssertEqual(parameter.value.storage[2], 0.99, accuracy: 1e-5)
    }

    /// AdamW shrinks by (1 - lr * decay) before the Adam step, as torch.optim.AdamW.
    func testAdamWDecaysDecoupledFromTheGradient() {
        let parameter = Parameter(name: "p", value: Matrix(rows: 1, columns: 1, storage: [2]))
        parameter.gradient = Matrix(rows: 1, columns: 1, storage: [1])
        AdamW(learningRate: 0.1, weightDecay: 0.5).step([parameter])
        // 2 * (1 - 0.05) = 1.9, then the Adam step of -0.1.
        XCTAssertEqual(parameter.value[0, 0], 1.8, accuracy: 1e-6)
    }
}
