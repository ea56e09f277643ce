import Foundation
import TabregNetwork
import TabregNumerics
import XCTest

/// Activations, dropout, clipping, Adam's coupled and AdamW's decoupled weight decay, and the
/// learning-rate schedules against PyTorch's numbers (Fixtures/training_references.json, written
/// by Scripts/make_training_references.py).
final class TrainingOptionsReferenceTests: XCTestCase {
    struct Curve: Decodable {
        var values: [Double]
        var derivatives: [Double]
    }
    struct DropoutCase: Decodable {
        var p: Double
        var kept_multiplier: Double
    }
    struct ClippingCase: Decodable {
        var max_norm: Double
        var total_norm: Double
        var clipped: [[Double]]
    }
    struct Clipping: Decodable {
        var gradients: [[Double]]
        var cases: [ClippingCase]
    }
    struct OptimizerCase: Decodable {
        var optimizer: String
        var lr: Double
        var weight_decay: Double
        var parameters_after_step: [[[Double]]]
    }
    struct Optimizers: Decodable {
        var initial: [[Double]]
        var shapes: [[Int]]
        var gradients: [[[Double]]]
        var cases: [OptimizerCase]
    }
    struct Rates: Decodable {
        var epochs: Int
        var rates: [Double]
        var step_size: Int?
        var gamma: Double?
        var metrics: [Double]?
    }
    struct Reference: Decodable {
        var activations: [String: Curve]
        var dropout: [DropoutCase]
        var clipping: Clipping
        var optimizers: Optimizers
        var schedules: [String: Rates]
    }

    static func reference() throws -> (Reference, points: [Float]) {
        let url = try XCTUnwrap(
            Bundle.module.url(
                forResource: "training_references", withExtension: "json", subdirectory: "Fixtures")
        )
        let data = try Data(contentsOf: url)
        // "points" sits among the activation curves and "base_lr" among the schedules; take
        // them out before decoding the rest.
        let raw = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let activations = try XCTUnwrap(raw["activations"] as? [String: Any])
        let points = try XCTUnwrap(activations["points"] as? [Double]).map { Float($0) }
        var trimmed = raw
        var curves = activations
        curves.removeValue(forKey: "points")
        trimmed["activations"] = curves
        var schedules = try XCTUnwrap(raw["schedules"] as? [String: Any])
        XCTAssertEqual(schedules.removeValue(forKey: "base_lr") as? Double, 0.1)
        trimmed["schedules"] = schedules
        let reference = try JSONDecoder().decode(
            Reference.self, from: JSONSerialization.data(withJSONObject: trimmed))
        return (reference, points)
    }

    /// `actual` within float32 rounding of `expected`: `|a - e| <= relative * max(|e|, 1)`.
    func assertClose(
        _ actual: Float, _ expected: Double, relative: Double = 2e-6, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let tolerance = relative * max(abs(expected), 1)
        XCTAssertLessThanOrEqual(
            abs(Double(actual) - expected), tolerance,
            "\(message): \(actual) vs PyTorch \(expected)", file: file, line: line)
    }

    // MARK: - Activations

    func testEveryActivationMatchesPyTorchValuesAndDerivativesIncludingAtZero() throws {
        let (reference, points) = try Self.reference()
        let layers: [String: any ElementwiseActivation] = [
            "leaky_relu": LeakyReLU(negativeSlope: 0.01), "relu": ReLU(), "tanh": Tanh(),
            "sigmoid": Sigmoid(), "gelu": GELU(), "elu": ELU(), "selu": SELU(),
        ]
        XCTAssertEqual(Set(layers.keys), Set(reference.activations.keys))
        for (name, layer) in layers {
            let curve = try XCTUnwrap(reference.activations[name])
            // Through the layer's forward and backward, as training uses it.
            let input = Matrix(rows: 1, columns: points.count, storage: points)
            var output = Matrix(rows: 0, columns: points.count)
            layer.forward(input, into: &output)
            var inputGradient = Matrix(rows: 0, columns: points.count)
            layer.backward(
                input: input, output: output,
                outputGradient: Matrix(rows: 1, columns: points.count, repeating: 1),
                inputGradient: &inputGradient)
            for index in points.indices {
                assertClose(
                    output.storage[index], curve.values[index],
                    "\(name)(\(points[index]))")
                assertClose(
                    inputGradient.storage[index], curve.derivatives[index],
                    "\(name)'(\(points[index]))")
            }
        }
    }

    // MARK: - Dropout

    func testDropoutScalesKeptElementsAsPyTorchAndDropsAboutP() throws {
        let (reference, _) = try Self.reference()
        for item in reference.dropout {
            var generator = SplitMix64(seed: 11)
            let layer = Dropout(probability: item.p, using: &generator)
            let count = 20_000
            let input = Matrix(rows: 100, columns: count / 100, repeating: 1)
            var output = Matrix(rows: 0, columns: input.columns)
            layer.forward(input, into: &output)
            let kept = Set(output.storage.filter { $0 != 0 })
            XCTAssertEqual(kept, [Float(item.kept_multiplier)], "p = \(item.p)")
            let dropped = Double(output.storage.filter { $0 == 0 }.count) / Double(count)
            // Binomial sd is at most 0.0036 here; 5 sd.
            XCTAssertEqual(dropped, item.p, accuracy: 0.018, "p = \(item.p)")

            // Backward multiplies by the same mask.
            let upstream = Matrix(
                rows: 100, columns: count / 100, storage: (0..<count).map { Float($0 % 7) - 3 })
            var inputGradient = Matrix(rows: 0, columns: input.columns)
            layer.backward(
                input: input, output: output, outputGradient: upstream,
                inputGradient: &inputGradient)
            for index in 0..<count {
                XCTAssertEqual(
                    inputGradient.storage[index], upstream.storage[index] * output.storage[index])
            }

            // Identity for prediction, and a fresh mask on the next training pass.
            var inference = Matrix(rows: 0, columns: input.columns)
            layer.forwardForInference(input, into: &inference)
            XCTAssertEqual(inference, input)
            var second = Matrix(rows: 0, columns: input.columns)
            layer.forward(input, into: &second)
            XCTAssertNotEqual(second, output)
        }
    }

    func testDropoutMasksAreTheSameForTheSameSeedAndDifferForAnother() {
        func masks(seed: UInt64) -> [Float] {
            var generator = SplitMix64(seed: seed)
            let layer = Dropout(probability: 0.3, using: &generator)
            var output = Matrix(rows: 0, columns: 50)
            layer.forward(Matrix(rows: 4, columns: 50, repeating: 1), into: &output)
            return output.storage
        }
        XCTAssertEqual(masks(seed: 4), masks(seed: 4))
        XCTAssertNotEqual(masks(seed: 4), masks(seed: 5))
    }

    func testSequentialPredictSkipsDropoutButTrainingForwardAppliesIt() {
        var generator = SplitMix64(seed: 2)
        let model = Sequential {
            Linear(3, 40, using: &generator)
            ReLU()
            Dropout(probability: 0.5, using: &generator)
            Linear(40, 1, using: &generator)
        }
        let reference = Sequential(layers: [model.layers[0], model.layers[1], model.layers[3]])
        let input = Matrix(rows: 5, columns: 3, storage: (0..<15).map { Float($0) / 7 - 1 })
        XCTAssertEqual(model.predict(input), reference.predict(input))
        XCTAssertNotEqual(model.forward(input), reference.predict(input))
    }

    // MARK: - Clipping

    func testGradientClippingMatchesPyTorchClipGradNorm() throws {
        let (reference, _) = try Self.reference()
        for item in reference.clipping.cases {
            let parameters = [
                Parameter(name: "a", value: Matrix(rows: 3, columns: 2)),
                Parameter(name: "b", value: Matrix(rows: 1, columns: 2)),
            ]
            for (parameter, gradient) in zip(parameters, reference.clipping.gradients) {
                parameter.gradient.storage = gradient.map { Float($0) }
            }
            let norm = GradientClipping.clipNorm(parameters, maxNorm: Float(item.max_norm))
            assertClose(norm, item.total_norm, "total norm")
            for (parameter, expected) in zip(parameters, item.clipped) {
                for (actual, value) in zip(parameter.gradient.storage, expected) {
                    assertClose(actual, value, "clipped gradient at max norm \(item.max_norm)")
                }
            }
        }
        XCTAssertTrue(reference.clipping.cases.contains { $0.total_norm > $0.max_norm })
        XCTAssertTrue(reference.clipping.cases.contains { $0.total_norm < $0.max_norm })
    }

    // MARK: - Optimizers

    func testAdamWeightDecayAndAdamWMatchPyTorchForFiveSteps() throws {
        let (reference, _) = try Self.reference()
        let fixture = reference.optimizers
        XCTAssertEqual(Set(fixture.cases.map(\.optimizer)), ["adam", "adamw"])
        for item in fixture.cases {
            let parameters = zip(fixture.initial, fixture.shapes).map { values, shape in
                Parameter(
                    name: "p",
                    value: Matrix(
                        rows: shape.count == 2 ? shape[0] : 1, columns: shape.last!,
                        storage: values.map { Float($0) }))
            }
            let optimizer: any Optimizer =
                item.optimizer == "adam"
                ? Adam(learningRate: Float(item.lr), weightDecay: Float(item.weight_decay))
                : AdamW(learningRate: Float(item.lr), weightDecay: Float(item.weight_decay))
            for (step, gradients) in fixture.gradients.enumerated() {
                for (parameter, gradient) in zip(parameters, gradients) {
                    parameter.gradient.storage = gradient.map { Float($0) }
                }
                optimizer.step(parameters)
                for (parameter, expected) in zip(parameters, item.parameters_after_step[step]) {
                    for (actual, value) in zip(parameter.value.storage, expected) {
                        assertClose(
                            actual, value, relative: 4e-6,
                            "\(item.optimizer)(lr \(item.lr), decay \(item.weight_decay)) step \(step + 1)"
                        )
                    }
                }
            }
        }
    }

    func testAdamWDecayIsDecoupledFromTheGradientUnlikeAdam() {
        // With a zero gradient Adam's update comes only from the L2 term (a full Adam step of
        // size lr), while AdamW only shrinks by lr * decay.
        func after(_ optimizer: any Optimizer) -> Float {
            let parameter = Parameter(name: "p", value: Matrix(rows: 1, columns: 1, repeating: 2))
            optimizer.step([parameter])
            return parameter.value.storage[0]
        }
        XCTAssertEqual(
            after(AdamW(learningRate: 0.1, weightDecay: 0.5)), 2 * (1 - 0.05), accuracy: 1e-6)
        XCTAssertEqual(after(Adam(learningRate: 0.1, weightDecay: 0.5)), 2 - 0.1, accuracy: 1e-6)
    }

    // MARK: - Schedules

    func testScheduleRatesMatchPyTorchSchedulers() throws {
        let (reference, _) = try Self.reference()
        let base = 0.1
        func rates(_ schedule: LearningRateSchedule, _ fixture: Rates) -> [Double] {
            var scheduler = LearningRateScheduler(schedule, baseRate: base)
            return (0..<fixture.epochs).map { epoch in
                defer { scheduler.step(monitored: fixture.metrics?[epoch] ?? 0) }
                return scheduler.rate
            }
        }
        let cases: [(String, (Rates) -> LearningRateSchedule)] = [
            ("cosine", { .cosine(periodEpochs: $0.epochs) }),
            ("cosine_300", { .cosine(periodEpochs: $0.epochs) }),
            ("step", { .step(stepSize: $0.step_size!, gamma: $0.gamma!) }),
            ("step_half", { .step(stepSize: $0.step_size!, gamma: $0.gamma!) }),
            ("plateau", { _ in .plateau() }),
        ]
        for (name, make) in cases {
            let fixture = try XCTUnwrap(reference.schedules[name])
            let actual = rates(make(fixture), fixture)
            XCTAssertEqual(actual.count, fixture.rates.count)
            for (epoch, (mine, torch)) in zip(actual, fixture.rates).enumerated() {
                XCTAssertEqual(
                    mine, torch, accuracy: 1e-15 + 1e-12 * abs(torch), "\(name) epoch \(epoch + 1)")
            }
        }
        // The plateau fixture does reduce, twice.
        XCTAssertEqual(Set(reference.schedules["plateau"]!.rates).count, 3)
    }
}
