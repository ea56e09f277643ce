import Foundation
import TabregData
import TabregExperiment
import TabregModel
import Testing

/// A trained run's model file against the run itself, on the embedded Boston data.
@Suite struct SavedModelTrainingTests {
    private static func settings(
        seed: UInt64 = 3, threads: Int = 1, activation: ActivationKind = .leakyReLU,
        scale: Scaling = .standard, scaleTarget: Bool = false
    ) -> TrainSettings {
        var settings = TrainSettings()
        settings.hidden = [16, 8]
        settings.epochs = 3
        settings.seed = seed
        settings.threads = threads
        settings.activation = activation
        settings.scale = scale
        settings.scaleTarget = scaleTarget
        return settings
    }

    private static func train(_ settings: TrainSettings) throws -> TrainResult {
        try TrainJob(settings: settings).run()
    }

    /// Loads the run's model from its bytes and predicts every row of the run's table.
    private static func reloadedPredictions(_ result: TrainResult) throws -> [Double] {
        let bytes = try result.savedModel().encoded()
        let loaded = try SavedModel(decoding: bytes, file: "model.safetensors")
        return try loaded.predict(result.data.table)
    }

    @Test(arguments: [
        (ActivationKind.leakyReLU, Scaling.standard, false),
        (.gelu, .minmax, true),
        (.tanh, .none, true),
        (.sigmoid, .standard, false),
        (.relu, .standard, true),
        (.elu, .standard, false),
        (.selu, .minmax, true),
    ])
    func savedThenLoadedModelPredictsTheTrainingRunsNumbersBitForBit(
        activation: ActivationKind, scale: Scaling, scaleTarget: Bool
    ) throws {
        let result = try Self.train(
            Self.settings(activation: activation, scale: scale, scaleTarget: scaleTarget))
        let predictions = try Self.reloadedPredictions(result)
        let training = result.data.split.trainingRows.map { predictions[$0] }
        let test = result.data.split.testRows.map { predictions[$0] }
        #expect(training.map(\.bitPattern) == result.networkTrainingPredictions.map(\.bitPattern))
        #expect(test.map(\.bitPattern) == result.networkTestPredictions.map(\.bitPattern))
        #expect(!test.isEmpty)
    }

    @Test func dropoutRunsPredictTheirNumbersAfterReloading() throws {
        var settings = Self.settings(seed: 4)
        settings.dropout = 0.2
        let result = try Self.train(settings)
        let predictions = try Self.reloadedPredictions(result)
        let training = result.data.split.trainingRows.map { predictions[$0] }
        #expect(training.map(\.bitPattern) == result.networkTrainingPredictions.map(\.bitPattern))
        let file = try SafetensorsFile(decoding: result.savedModel().encoded(), file: "m")
        #expect(file.tensor(named: "layers.3.weight")?.shape == [8, 16])
    }

    @Test func sameSeedWritesByteIdenticalFilesWhateverTheThreadCount() throws {
        let first = try Self.train(Self.settings(seed: 5)).savedModel().encoded()
        let again = try Self.train(Self.settings(seed: 5)).savedModel().encoded()
        let threaded = try Self.train(Self.settings(seed: 5, threads: 2)).savedModel().encoded()
        let otherSeed = try Self.train(Self.settings(seed: 6)).savedModel().encoded()
        #expect(first == again)
        #expect(first == threaded)
        #expect(first != otherSeed)
    }

    @Test func fileRecordsSettingsSeedDataHashAndMetrics() throws {
        let result = try Self.train(Self.settings(seed: 9, scaleTarget: true))
        let file = try SafetensorsFile(decoding: result.savedModel().encoded(), file: "m")
        let description = try ModelDescription(
            json: JSONParser.parse(file.metadata["tabreg"]!), file: "m")
        #expect(description.seed == 9)
        #expect(description.data.source == BostonHousing.source)
        // Python's hashlib.sha256 of the embedded CSV text (md5 f60dca68..., as documented).
        #expect(
            description.data.sha256
                == "b9f88f3463a208dadd78546f0fb9ddacfa4897b4c92dd1b8269734f000fe377c")
        #expect(description.data.rows == 506)
        #expect(description.architecture.hidden == [16, 8])
        #expect(description.target.name == "medv")
        #expect(description.target.standardization?.mean == result.targetScaler.mean)
        #expect(description.settings["epochs"] == .integer(3))
        #expect(description.settings["threads"] == nil)
        #expect(
            description.metrics["network"]?["train"]?["mse"]?.doubleValue
                == result.networkMetrics.train.mse)
        #expect(description.encodedFeatures.map(\.name) == result.data.featureNames)
    }
}
