import Foundation
import Testing

@testable import TabregData
@testable import TabregModel
@testable import TabregNetwork
@testable import TabregNumerics

@Suite struct SavedModelTests {
    /// Linear(2 -> 3), LeakyReLU(0.1), Linear(3 -> 1) with hand-picked weights in tabreg's
    /// `[in, out]` layout.
    private static func network() -> Sequential {
        Sequential(layers: [
            Linear(
                weight: Matrix(rows: 2, columns: 3, storage: [0.5, -1, 0.25, 2, 0.75, -0.5]),
                bias: Matrix(rows: 1, columns: 3, storage: [0.1, 0.2, -0.3])),
            LeakyReLU(negativeSlope: 0.1),
            Linear(
                weight: Matrix(rows: 3, columns: 1, storage: [1.5, -2, 0.5]),
                bias: Matrix(rows: 1, columns: 1, storage: [0.25])),
        ])
    }

    private static func model(targetScaler: TargetScaler = .identity) -> SavedModel {
        SavedModel(
            network: network(),
            encoder: FeatureEncoder(features: [
                .numeric(name: "rooms", median: 6, indicator: false),
                .numeric(name: "age", median: 45, indicator: false),
            ]),
            scaler: FeatureScaler(scaling: .standard, offsets: [6, 50], scales: [0.5, 20]),
            targetScaler: targetScaler, targetName: "price",
            provenance: .init(
                tabregVersion: "0.1.0", settings: .object([]), seed: 7,
                data: .init(
                    source: "houses.csv", sha256: String(repeating: "0", count: 64), rows: 3),
                metrics: .object([])))
    }

    private static let table = Table(
        source: "new.csv",
        columns: [
            Column(name: "note", values: .categorical(["a", nil, "c"])),
            Column(name: "AGE", values: .numeric([30, 70, 50])),
            Column(name: "rooms", values: .numeric([6.5, 5, 6])),
        ],
        lineNumbers: [2, 3, 4])

    /// The forward pass written out by hand for the hand-picked weights (float32 as the network).
    private static func handPrediction(rooms: Double, age: Double) -> Double {
        let x0 = Float((rooms - 6) / 0.5)
        let x1 = Float((age - 50) / 20)
        let pre: [Float] = [
            x0 * 0.5 + x1 * 2 + 0.1, x0 * -1 + x1 * 0.75 + 0.2, x0 * 0.25 + x1 * -0.5 - 0.3,
        ]
        let hidden = pre.map { $0 > 0 ? $0 : 0.1 * $0 }
        let output = hidden[0] * 1.5 + hidden[1] * -2 + hidden[2] * 0.5 + 0.25
        return Double(output)
    }

    @Test func predictMatchesAHandWrittenForwardPassFindingColumnsByName() throws {
        let predictions = try Self.model().predict(Self.table)
        let expected = [(6.5, 30.0), (5, 70), (6, 50)].map {
            Self.handPrediction(rooms: $0.0, age: $0.1)
        }
        for (prediction, reference) in zip(predictions, expected) {
            #expect(abs(prediction - reference) <= 1e-6 * max(1, abs(reference)))
        }
        #expect(predictions.count == 3)
    }

    @Test func saveLoadPredictIsBitIdentical() throws {
        let model = Self.model(targetScaler: TargetScaler(mean: 21.5, standardDeviation: 9.125))
        let loaded = try SavedModel(decoding: model.encoded(), file: "m.safetensors")
        let before = try model.predict(Self.table)
        let after = try loaded.predict(Self.table)
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
        #expect(loaded.encoded() == model.encoded())
        #expect(loaded.targetScaler == model.targetScaler)
        #expect(loaded.scaler == model.scaler)
        #expect(loaded.encoder == model.encoder)
        for (original, restored) in zip(model.network.parameters, loaded.network.parameters) {
            #expect(
                original.value.storage.map(\.bitPattern) == restored.value.storage.map(\.bitPattern)
            )
        }
    }

    @Test func fileStoresWeightsInPyTorchOutByInLayout() throws {
        let file = try SafetensorsFile(decoding: Self.model().encoded(), file: "m")
        let first = try #require(file.tensor(named: "layers.0.weight"))
        #expect(first.shape == [3, 2])
        // Linear.weight [in, out] = [[0.5, -1, 0.25], [2, 0.75, -0.5]] stored as W^T.
        #expect(first.float32Values == [0.5, 2, -1, 0.75, 0.25, -0.5])
        #expect(file.tensor(named: "layers.2.weight")?.shape == [1, 3])
        #expect(file.tensor(named: "layers.2.bias")?.float32Values == [0.25])
    }

    @Test func missingColumnsAreAllNamedInOneSentence() {
        let table = Table(
            source: "new.csv", columns: [Column(name: "other", values: .numeric([1]))],
            lineNumbers: [2])
        #expect {
            try Self.model().predict(table)
        } throws: { error in
            String(describing: error)
                == "new.csv, line 1: has no columns \"rooms\", \"age\", which the model needs."
        }
    }

    @Test func activationsAndSlopeSurviveTheRoundTrip() throws {
        for activation in [
            ReLU(), Tanh(), Sigmoid(), GELU(), LeakyReLU(negativeSlope: 0.2), ELU(alpha: 0.5),
            SELU(),
        ] as [any Layer] {
            var model = Self.model()
            model.network = Sequential(layers: [
                Linear(
                    weight: Matrix(rows: 2, columns: 1, storage: [1, 2]),
                    bias: Matrix(rows: 1, columns: 1)),
                activation,
                Linear(
                    weight: Matrix(rows: 1, columns: 1, storage: [3]),
                    bias: Matrix(rows: 1, columns: 1)),
            ])
            let loaded = try SavedModel(decoding: model.encoded(), file: "m")
            #expect(loaded.network.layers[1].summary == activation.summary)
            #expect(try loaded.predict(Self.table) == model.predict(Self.table))
        }
    }

    @Test func dropoutIsLeftOutAndTensorNamesKeepTheTrainingIndices() throws {
        var generator = SplitMix64(seed: 5)
        var model = Self.model()
        model.network = Sequential(layers: [
            Linear(inputSize: 2, outputSize: 3, using: &generator), ReLU(),
            Dropout(probability: 0.5, using: &generator),
            Linear(inputSize: 3, outputSize: 1, using: &generator),
        ])
        let file = try SafetensorsFile(decoding: model.encoded(), file: "m")
        #expect(
            file.tensors.map(\.name)
                == ["layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias"])
        let loaded = try SavedModel(decoding: model.encoded(), file: "m")
        #expect(loaded.network.layers.map(\.summary) == ["Linear(2, 3)", "ReLU", "Linear(3, 1)"])
        let expected = try model.predict(Self.table)
        #expect(try loaded.predict(Self.table).map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func networkWithoutHiddenLayersSavesAsActivationNone() throws {
        var model = Self.model()
        model.network = Sequential(layers: [
            Linear(
                weight: Matrix(rows: 2, columns: 1, storage: [1, 2]),
                bias: Matrix(rows: 1, columns: 1))
        ])
        let loaded = try SavedModel(decoding: model.encoded(), file: "m")
        #expect(loaded.network.layers.count == 1)
        #expect(loaded.modelFile.description.architecture.activation == "none")
    }

    /// A model over a numeric column with missing values and a text column with a missing
    /// level: encoded columns rooms, rooms (missing), town=east, town=west, town=(missing).
    private static func categoricalModel() -> SavedModel {
        var generator = SplitMix64(seed: 11)
        return SavedModel(
            network: Sequential(layers: [
                Linear(inputSize: 5, outputSize: 4, using: &generator), Tanh(),
                Linear(inputSize: 4, outputSize: 1, using: &generator),
            ]),
            encoder: FeatureEncoder(features: [
                .numeric(name: "rooms", median: 6.25, indicator: true),
                .categorical(name: "town", levels: ["east", "west"], missingLevel: true),
            ]),
            scaler: FeatureScaler(
                scaling: .minmax, offsets: [4, 0, 0, 0, 0], scales: [4, 1, 1, 1, 1]),
            targetScaler: TargetScaler(mean: 20, standardDeviation: 5), targetName: "price",
            provenance: .init(
                tabregVersion: "0.1.0", settings: .object([]), seed: 11,
                data: .init(source: "x.csv", sha256: String(repeating: "1", count: 64), rows: 9),
                metrics: .object([])))
    }

    @Test func categoricalAndImputedFeaturesRoundTripAndCountUnseenLevels() throws {
        let model = Self.categoricalModel()
        let description = model.modelFile.description
        #expect(
            description.encodedFeatures.map(\.name)
                == ["rooms", "rooms (missing)", "town=east", "town=west", "town=(missing)"])
        #expect(description.features[0].kind == .numeric(impute: 6.25))
        #expect(
            description.features[1].kind
                == .categorical(levels: ["east", "west"], missingLevel: "(missing)"))
        let loaded = try SavedModel(decoding: model.encoded(), file: "m.safetensors")
        #expect(loaded.encoder == model.encoder)
        let table = Table(
            source: "new.csv",
            columns: [
                Column(name: "town", values: .categorical(["east", "north", nil, "west"])),
                Column(name: "rooms", values: .numeric([5, .nan, 7, 6])),
            ],
            lineNumbers: [2, 3, 4, 5])
        var report = EncodingReport()
        let predictions = try loaded.predict(table, report: &report)
        #expect(report.unseenLevels == ["town": 1])
        #expect(report.imputedValues == ["rooms": 1])
        #expect(predictions.map(\.bitPattern) == (try model.predict(table)).map(\.bitPattern))
    }

    @Test func encodedFeaturesThatTheEncoderWouldNotProduceAreRefused() throws {
        // SampleModel names its indicator "rooms_missing"; the encoder calls it "rooms (missing)".
        var description = SampleModel.description
        description.target.standardization = nil
        let file = ModelFile(description: description, layers: SampleModel.file.layers)
        #expect {
            try SavedModel(decoding: file.encoded(), file: "odd.safetensors")
        } throws: { error in
            (error as? ModelFileError)?.description.contains("not in the order and form") == true
        }
    }
}
