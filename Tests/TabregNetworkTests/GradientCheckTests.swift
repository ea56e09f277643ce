import Foundation
import XCTest
import TabregNetwork
import TabregNumerics

/// Each layer's and the loss's backward pass against central finite differences of a float64
/// re-implementation of its forward pass.
final class GradientCheckTests: XCTestCase {
    /// The scalar function checked: L = sum(output * projection) for a fixed random projection,
    /// so that every output element's gradient matters.
    func checkLayer(
        _ layer: any Layer, inputColumns: Int, rows: Int = 5,
        reference: (_ input: [Double], _ parameters: [[Double]]) -> [Double],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var generator = SplitMix64(seed: 99)
        let input = Matrix(rows: rows, columns: inputColumns,
                           storage: (0..<(rows * inputColumns)).map { _ in generator.nextFloat(from: -2, to: 2) })
        var output = Matrix(rows: 0, columns: layer.outputColumns(forInputColumns: inputColumns))
        layer.forward(input, into: &output)
        let projection = (0..<output.storage.count).map { _ in Double(generator.nextFloat(from: -1, to: 1)) }
        var inputGradient = Matrix(rows: 0, columns: inputColumns)
        layer.backward(
            input: input, output: output,
            outputGradient: Matrix(rows: output.rows, columns: output.columns, storage: projection.map { Float($0) }),
            inputGradient: &inputGradient)

        let x = input.storage.map(Double.init)
        let parameters = layer.parameters.map { $0.value.storage.map(Double.init) }
        func loss(_ x: [Double], _ parameters: [[Double]]) -> Double {
            zip(reference(x, parameters), projection).reduce(0) { $0 + $1.0 * $1.1 }
        }
        // The float32 forward must agree with the float64 reference.
        let referenceOutput = reference(x, parameters)
        for (a, b) in zip(output.storage, referenceOutput) {
            XCTAssertEqual(Double(a), b, accuracy: 1e-4 * max(1, abs(b)), "forward", file: file, line: line)
        }
        let h = 1e-6
        for index in x.indices {
            var plus = x, minus = x
            plus[index] += h
            minus[index] -= h
            let numeric = (loss(plus, parameters) - loss(minus, parameters)) / (2 * h)
            XCTAssertEqual(Double(inputGradient.storage[index]), numeric, accuracy: 1e-4 * max(1, abs(numeric)),
                           "input \(index)", file: file, line: line)
        }
        for (p, parameter) in layer.parameters.enumerated() {
            for index in parameters[p].indices {
                var plus = parameters, minus = parameters
                plus[p][index] += h
                minus[p][index] -= h
                let numeric = (loss(x, plus) - loss(x, minus)) / (2 * h)
                XCTAssertEqual(Double(parameter.gradient.storage[index]), numeric,
                               accuracy: 1e-4 * max(1, abs(numeric)),
                               "\(parameter.name)[\(index)]", file: file, line: line)
            }
        }
    }

    func elementwise(_ f: @escaping (Double) -> Double) -> ([Double], [[Double]]) -> [Double] {
        { x, _ in x.map(f) }
    }

    func testLinearMatchesFiniteDifferences() {
        var generator = SplitMix64(seed: 1)
        let layer = Linear(inputSize: 7, outputSize: 9, using: &generator)
        checkLayer(layer, inputColumns: 7) { x, parameters in
            let (w, b) = (parameters[0], parameters[1])  // w is [7, 9]
            var y = [Double](repeating: 0, count: 5 * 9)
            for i in 0..<5 {
                for j in 0..<9 {
                    y[i * 9 + j] = b[j] + (0..<7).reduce(0) { $0 + x[i * 7 + $1] * w[$1 * 9 + j] }
                }
            }
            return y
        }
    }

    func testLeakyReLUMatchesFiniteDifferences() {
        checkLayer(LeakyReLU(negativeSlope: 0.1), inputColumns: 6, reference: elementwise { $0 > 0 ? $0 : 0.1 * $0 })
    }

    func testReLUMatchesFiniteDifferences() {
        checkLayer(ReLU(), inputColumns: 6, reference: elementwise { max($0, 0) })
    }

    func testTanhMatchesFiniteDifferences() {
        checkLayer(Tanh(), inputColumns: 6, reference: elementwise { Foundation.tanh($0) })
    }

    func testSigmoidMatchesFiniteDifferences() {
        checkLayer(Sigmoid(), inputColumns: 6, reference: elementwise { 1 / (1 + Foundation.exp(-$0)) })
    }

    func testGELUMatchesFiniteDifferences() {
        checkLayer(GELU(), inputColumns: 6, reference: elementwise { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) })
    }

    func testMSELossGradientMatchesFiniteDifferences() {
        var generator = SplitMix64(seed: 4)
        let rows = 9
        let predictions = (0..<rows).map { _ in Double(generator.nextFloat(from: -3, to: 3)) }
        let targets = (0..<rows).map { _ in Double(generator.nextFloat(from: -3, to: 3)) }
        func loss(_ p: [Double]) -> Double {
            zip(p, targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(rows)
        }
        var gradient = Matrix(rows: 0, columns: 1)
        let value = MSELoss().gradient(
            predictions: Matrix(column: predictions.map { Float($0) }),
            targets: Matrix(column: targets.map { Float($0) }), into: &gradient)
        XCTAssertEqual(Double(value), loss(predictions), accuracy: 1e-5)
        for index in 0..<rows {
            var plus = predictions, minus = predictions
            plus[index] += 1e-6
            minus[index] -= 1e-6
            let numeric = (loss(plus) - loss(minus)) / 2e-6
            XCTAssertEqual(Double(gradient.storage[index]), numeric, accuracy: 1e-5)
        }
    }

    func testSequentialBackpropagatesThroughEveryLayer() {
        var generator = SplitMix64(seed: 8)
        let model = Sequential {
            Linear(4, 5, using: &generator)
            Tanh()
            Linear(5, 1, using: &generator)
        }
        let input = Matrix(rows: 3, columns: 4, storage: (0..<12).map { _ in generator.nextFloat(from: -1, to: 1) })
        let output = model.forward(input)
        model.backward(Matrix(rows: 3, columns: 1, repeating: 1))
        let first = model.layers[0] as! Linear
        let last = model.layers[2] as! Linear
        // Perturb one first-layer weight and compare the change of sum(output).
        let h: Float = 1e-2
        let original = first.weight.value[1, 2]
        first.weight.value[1, 2] = original + h
        let plus = model.predict(input).storage.reduce(0, +)
        first.weight.value[1, 2] = original - h
        let minus = model.predict(input).storage.reduce(0, +)
        first.weight.value[1, 2] = original
        XCTAssertEqual(first.weight.gradient[1, 2], (plus - minus) / (2 * h), accuracy: 2e-3)
        XCTAssertEqual(last.bias.gradient[0, 0], 3, accuracy: 1e-6)
        XCTAssertEqual(output.rows, 3)
    }
}
