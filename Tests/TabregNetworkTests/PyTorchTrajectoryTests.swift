import Foundation
import XCTest
import TabregNetwork
import TabregNumerics

/// The network, the loss and Adam against PyTorch's own trajectory of the tutorial job
/// (Fixtures/torch_reference.json, written by shared/fixtures/make_torch_reference.py): same
/// initial weights, same batches, three epochs.
final class PyTorchTrajectoryTests: XCTestCase {
    struct Tensor: Decodable {
        var shape: [Int]
        var values: [Double]
    }
    struct LinearState: Decodable {
        var weight: Tensor
        var bias: Tensor
    }
    struct Reference: Decodable {
        var features: [String]
        var initial: [LinearState]
        var final: [LinearState]
        var batches: [[[Int]]]
        var step_losses: [[Double]]
        var epoch_mean_loss: [Double]
        var epoch_full_mse: [Double]
        var leaky_relu_slope: Double
        var lr: Double
    }

    static func loadReference() throws -> Reference {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "torch_reference", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    /// PyTorch's `[out, in]` weight as tabreg's `[in, out]` Linear.
    static func linear(_ state: LinearState) -> Linear {
        let (outputs, inputs) = (state.weight.shape[0], state.weight.shape[1])
        var weight = Matrix(rows: inputs, columns: outputs)
        for o in 0..<outputs {
            for i in 0..<inputs { weight[i, o] = Float(state.weight.values[o * inputs + i]) }
        }
        return Linear(weight: weight, bias: Matrix(rows: 1, columns: outputs, storage: state.bias.values.map { Float($0) }))
    }

    func testAdamStepsMatchPyTorchOverThreeEpochs() throws {
        let reference = try Self.loadReference()
        let table = try BostonFixture.matrix()
        let slope = Float(reference.leaky_relu_slope)
        let model = Sequential {
            Self.linear(reference.initial[0]); LeakyReLU(negativeSlope: slope)
            Self.linear(reference.initial[1]); LeakyReLU(negativeSlope: slope)
            Self.linear(reference.initial[2])
        }
        let optimizer = Adam(learningRate: Float(reference.lr))
        let loss = MSELoss()
        var batchFeatures = Matrix(rows: 0, columns: 13)
        var batchTargets = Matrix(rows: 0, columns: 1)
        var gradient = Matrix(rows: 0, columns: 1)
        var worst = 0.0
        for (epoch, batches) in reference.batches.enumerated() {
            var weighted = 0.0
            for (step, rows) in batches.enumerated() {
                batchFeatures.gather(rows: rows[...], from: table.features)
                batchTargets.gather(rows: rows[...], from: table.targets)
                let value = loss.gradient(predictions: model.forward(batchFeatures), targets: batchTargets, into: &gradient)
                model.backward(gradient)
                optimizer.step(model.parameters)
                let expected = reference.step_losses[epoch][step]
                let relative = abs(Double(value) - expected) / abs(expected)
                worst = max(worst, relative)
                XCTAssertLessThan(relative, 2e-5, "epoch \(epoch + 1) step \(step + 1): \(value) vs \(expected)")
                weighted += Double(value)
            }
            XCTAssertEqual(weighted / Double(batches.count), reference.epoch_mean_loss[epoch],
                           accuracy: 2e-5 * reference.epoch_mean_loss[epoch])
            let full = loss(predictions: model.predict(table.features), targets: table.targets)
            XCTAssertEqual(Double(full), reference.epoch_full_mse[epoch], accuracy: 2e-5 * reference.epoch_full_mse[epoch])
        }
        var worstParameter = 0.0
        for (index, state) in reference.final.enumerated() {
            let layer = model.layers[index * 2] as! Linear
            let expected = Self.linear(state)
            for (a, b) in zip(layer.weight.value.storage, expected.weight.value.storage) {
                worstParameter = max(worstParameter, Double(abs(a - b)))
            }
            for (a, b) in zip(layer.bias.value.storage, expected.bias.value.storage) {
                worstParameter = max(worstParameter, Double(abs(a - b)))
            }
        }
        XCTAssertLessThan(worstParameter, 1e-6, "largest parameter difference from PyTorch")
        print("PyTorch trajectory: worst step-loss relative difference \(worst), worst parameter difference \(worstParameter)")
    }
}

/// The Boston file as float32 features (13 columns, file order, unscaled) and targets.
enum BostonFixture {
    static func matrix() throws -> (features: Matrix, targets: Matrix) {
        let lines = try String(contentsOf: try XCTUnwrap(Bundle.module.url(
            forResource: "boston_housing", withExtension: "csv", subdirectory: "Fixtures")), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        var features: [Float] = []
        var targets: [Float] = []
        for line in lines {
            let values = line.split(separator: ",").map { Float(Double(String($0))!) }
            features += values.prefix(13)
            targets.append(values[13])
        }
        return (Matrix(rows: targets.count, columns: 13, storage: features), Matrix(column: targets))
    }
}
