import Foundation
import Testing

@testable import TabregModel

/// A small model with a numeric feature (with missing indicator) and a categorical one.
enum SampleModel {
    static let description = ModelDescription(
        tabregVersion: "0.1.0",
        target: .init(name: "price", standardization: (mean: 22.5, standardDeviation: 9.25)),
        features: [
            .init(name: "rooms", kind: .numeric(impute: 6.25)),
            .init(name: "town", kind: .categorical(levels: ["east", "west"], missingLevel: nil)),
        ],
        encodedFeatures: [
            .init(name: "rooms", source: "rooms", kind: .value),
            .init(name: "rooms_missing", source: "rooms", kind: .missingIndicator),
            .init(name: "town=east", source: "town", kind: .level("east")),
            .init(name: "town=west", source: "town", kind: .level("west")),
        ],
        scaler: .init(
            method: "standard", offset: [6.0, 0.1, 0.5, 0.5], scale: [0.75, 0.3, 0.5, 0.5]),
        architecture: .init(
            inputSize: 4, hidden: [3], activation: "leaky-relu", negativeSlope: 0.01,
            layers: ModelDescription.Architecture.layers(inputSize: 4, hidden: [3])),
        settings: .object([JSONMember("lr", .double(0.001)), JSONMember("epochs", .integer(300))]),
        seed: 18_446_744_073_709_551_615,
        data: .init(source: "houses.csv", sha256: String(repeating: "ab", count: 32), rows: 42),
        metrics: .object([JSONMember("train", .object([JSONMember("mse", .double(1.5))]))]))

    static let file = ModelFile(
        description: description,
        layers: [
            .init(
                weight: [0.5, -0.25, 0.125, 1, -1, 0.75, 0.3, 0.2, -0.6, -0.9, 0.4, 0.05],
                bias: [0.1, -0.2, 0.3]),
            .init(weight: [1.5, -0.5, 0.25], bias: [0.01]),
        ])
}

@Suite struct ModelFileTests {
    @Test func saveLoadKeepsEveryWeightBitAndTheWholeDescription() throws {
        let bytes = SampleModel.file.encoded()
        let loaded = try ModelFile(decoding: bytes, file: "m.safetensors")
        #expect(loaded == SampleModel.file)
        #expect(loaded.description.seed == UInt64.max)
        #expect(loaded.encoded() == bytes)
    }

    @Test func fileHoldsPyTorchLayoutTensorsAndFormatMetadata() throws {
        let safetensors = try SafetensorsFile(decoding: SampleModel.file.encoded(), file: "m")
        #expect(safetensors.metadata["format"] == "pt")
        #expect(
            safetensors.tensors.map(\.name)
                == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        #expect(safetensors.tensors.map(\.shape) == [[3, 4], [3], [1, 3], [1]])
        let description = safetensors.metadata["tabreg"]!
        #expect(description.hasPrefix(#"{"format_version":1,"tabreg_version":"0.1.0","#))
        #expect(description.contains(#""seed":18446744073709551615"#))
    }

    @Test func writeIsAtomicAndReadBackFromDisk() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try SampleModel.file.write(to: url)
        #expect(try ModelFile(contentsOf: url) == SampleModel.file)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path) == [
                "model.safetensors"
            ])
    }

    // MARK: - Refusals of well-formed safetensors files that are not usable models

    private func refusal(_ file: SafetensorsFile) -> ModelFileError? {
        do {
            _ = try ModelFile(file, name: "bad.safetensors")
            return nil
        } catch {
            return error
        }
    }

    /// The sample file with its description JSON edited by `edit`.
    private func withDescription(_ edit: (inout JSONValue) -> Void) -> SafetensorsFile {
        var file = SampleModel.file.safetensorsFile
        var json = SampleModel.description.jsonValue
        edit(&json)
        file.metadata["tabreg"] = json.serialized()
        return file
    }

    private func replacing(_ key: String, with value: JSONValue?) -> (inout JSONValue) -> Void {
        { json in
            guard case .object(var members) = json else { return }
            if let value {
                members = members.map { $0.key == key ? JSONMember(key, value) : $0 }
            } else {
                members.removeAll { $0.key == key }
            }
            json = .object(members)
        }
    }

    @Test func refusesFilesWithoutADescription() {
        var file = SampleModel.file.safetensorsFile
        file.metadata = ["format": "pt"]
        #expect(refusal(file)?.problem == .missingDescription)
        file.metadata["tabreg"] = "{not json"
        #expect(refusal(file)?.description.contains("is not valid JSON") == true)
    }

    @Test func refusesUnsupportedFormatVersions() {
        let error = refusal(withDescription(replacing("format_version", with: .integer(2))))
        #expect(error?.problem == .unsupportedVersion(found: "2"))
        #expect(
            error?.description
                == "bad.safetensors is not a usable tabreg model: format_version 2 is not "
                + "supported (this tabreg reads version 1).")
        #expect(
            refusal(withDescription(replacing("format_version", with: nil)))?.problem
                == .invalidField(path: "format_version", expected: "present"))
    }

    @Test func refusesMistypedFieldsNamingTheirPath() {
        #expect(
            refusal(withDescription(replacing("seed", with: .number("-1"))))?.problem
                == .invalidField(path: "seed", expected: "a whole number from 0 to 2^64 - 1"))
        #expect(
            refusal(
                withDescription(
                    replacing(
                        "scaler",
                        with: .object([
                            JSONMember("method", .string("standard")),
                            JSONMember(
                                "offset",
                                .array([.double(1), .string("x"), .double(1), .double(1)])),
                            JSONMember(
                                "scale", .array([.double(1), .double(1), .double(1), .double(1)])),
                        ]))))?.problem
                == .invalidField(path: "scaler.offset[1]", expected: "a finite number"))
    }

    @Test func refusesDescriptionsThatContradictThemselves() {
        let zeroScale = withDescription(
            replacing(
                "scaler",
                with: .object([
                    JSONMember("method", .string("standard")),
                    JSONMember("offset", .array([.double(1), .double(1), .double(1), .double(1)])),
                    JSONMember("scale", .array([.double(1), .double(0), .double(1), .double(1)])),
                ])))
        #expect(refusal(zeroScale)?.description.contains("rooms_missing") == true)
        let badActivation = withDescription { json in
            var architecture = json["architecture"]!
            self.replacing("activation", with: .string("swish"))(&architecture)
            self.replacing("architecture", with: architecture)(&json)
        }
        #expect(
            refusal(badActivation)?.problem
                == .inconsistent(detail: "activation \"swish\" is unknown"))
        let unknownSource = withDescription(
            replacing(
                "encoded_features",
                with: .array([
                    .object([
                        JSONMember("name", .string("a")), JSONMember("source", .string("nope")),
                        JSONMember("kind", .string("value")),
                    ])
                ])))
        #expect(refusal(unknownSource)?.description.contains("unknown feature \"nope\"") == true)
    }

    @Test func refusesTensorsThatDisagreeWithTheArchitecture() {
        var file = SampleModel.file.safetensorsFile
        file.tensors[0] = SafetensorsTensor(
            name: "layers.0.weight", shape: [4, 3], float32Values: Array(repeating: 0, count: 12))
        #expect(
            refusal(file)?.problem
                == .tensorShape(name: "layers.0.weight", expected: [3, 4], found: [4, 3]))

        file = SampleModel.file.safetensorsFile
        file.tensors.remove(at: 3)
        #expect(refusal(file)?.problem == .missingTensor(name: "layers.2.bias"))

        file = SampleModel.file.safetensorsFile
        file.tensors.append(SafetensorsTensor(name: "extra", shape: [1], float32Values: [0]))
        #expect(refusal(file)?.problem == .unexpectedTensor(name: "extra"))

        file = SampleModel.file.safetensorsFile
        file.tensors[3] = SafetensorsTensor(
            name: "layers.2.bias", dataType: .float64, shape: [1],
            bytes: Array(repeating: 0, count: 8))
        #expect(refusal(file)?.problem == .tensorDataType(name: "layers.2.bias", found: "F64"))
    }

    @Test func everyTruncationOfAModelFileIsRefusedWithoutCrashing() {
        let bytes = SampleModel.file.encoded()
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) {
                try ModelFile(decoding: Array(bytes[0..<length]), file: "cut.safetensors")
            }
        }
    }

    @Test func flippedBitsAreRefusedOrLoadAsAConsistentModel() {
        let bytes = SampleModel.file.encoded()
        var refused = 0
        for byteIndex in bytes.indices {
            var flipped = bytes
            flipped[byteIndex] ^= 1 << (byteIndex % 8)
            do {
                let loaded = try ModelFile(decoding: flipped, file: "flip.safetensors")
                // Whatever loads passed every check, so it must save and load again unchanged.
                #expect(try ModelFile(decoding: loaded.encoded(), file: "again") == loaded)
            } catch let error as SafetensorsError {
                refused += 1
                #expect(error.description.hasPrefix("flip.safetensors is not a valid"))
            } catch let error as ModelFileError {
                refused += 1
                #expect(error.description.hasPrefix("flip.safetensors is not a usable"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(refused > bytes.count / 2)
    }

    @Test func onnxStepsFollowTheDescription() {
        let graph = SampleModel.file.onnxGraph
        #expect(graph.featureNames == ["rooms", "rooms_missing", "town=east", "town=west"])
        let model = graph.model()
        #expect(
            model.graph.nodes.map(\.operatorType)
                == ["Sub", "Div", "Gemm", "LeakyRelu", "Gemm", "Mul", "Add", "Identity"])
    }
}
