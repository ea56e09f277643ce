// MARK: - Writing

extension ModelDescription {
    /// The description as a JSON document, members in the documented order.
    public var jsonValue: JSONValue {
        var targetMembers = [JSONMember("name", .string(target.name))]
        if let standardization = target.standardization {
            targetMembers += [
                JSONMember("scaling", .string("standard")),
                JSONMember("mean", .double(standardization.mean)),
                JSONMember("std", .double(standardization.standardDeviation)),
            ]
        } else {
            targetMembers.append(JSONMember("scaling", .string("none")))
        }
        let featureValues: [JSONValue] = features.map { feature in
            switch feature.kind {
            case .numeric(let impute):
                return .object([
                    JSONMember("name", .string(feature.name)),
                    JSONMember("type", .string("numeric")),
                    JSONMember("impute", impute.map(JSONValue.double) ?? .null),
                ])
            case .categorical(let levels, let missingLevel):
                return .object([
                    JSONMember("name", .string(feature.name)),
                    JSONMember("type", .string("categorical")),
                    JSONMember("levels", .array(levels.map(JSONValue.string))),
                    JSONMember("missing_level", missingLevel.map(JSONValue.string) ?? .null),
                ])
            }
        }
        let encodedValues: [JSONValue] = encodedFeatures.map { encoded in
            var members = [
                JSONMember("name", .string(encoded.name)),
                JSONMember("source", .string(encoded.source)),
            ]
            switch encoded.kind {
            case .value:
                members.append(JSONMember("kind", .string("value")))
            case .missingIndicator:
                members.append(JSONMember("kind", .string("missing_indicator")))
            case .level(let level):
                members.append(JSONMember("kind", .string("level")))
                members.append(JSONMember("level", .string(level)))
            }
            return .object(members)
        }
        var architectureMembers = [
            JSONMember("input_size", .integer(architecture.inputSize)),
            JSONMember("hidden", .array(architecture.hidden.map(JSONValue.integer))),
            JSONMember("activation", .string(architecture.activation)),
        ]
        if let slope = architecture.negativeSlope {
            architectureMembers.append(JSONMember("negative_slope", .double(slope)))
        }
        if let alpha = architecture.alpha {
            architectureMembers.append(JSONMember("alpha", .double(alpha)))
        }
        architectureMembers.append(
            JSONMember(
                "layers",
                .array(
                    architecture.layers.map { layer in
                        .object([
                            JSONMember("weight", .string(layer.weight)),
                            JSONMember("bias", .string(layer.bias)),
                            JSONMember("input_size", .integer(layer.inputSize)),
                            JSONMember("output_size", .integer(layer.outputSize)),
                        ])
                    })))
        return .object([
            JSONMember("format_version", .integer(formatVersion)),
            JSONMember("tabreg_version", .string(tabregVersion)),
            JSONMember("target", .object(targetMembers)),
            JSONMember("features", .array(featureValues)),
            JSONMember("encoded_features", .array(encodedValues)),
            JSONMember(
                "scaler",
                .object([
                    JSONMember("method", .string(scaler.method)),
                    JSONMember("offset", .array(scaler.offset.map(JSONValue.double))),
                    JSONMember("scale", .array(scaler.scale.map(JSONValue.double))),
                ])),
            JSONMember("architecture", .object(architectureMembers)),
            JSONMember("settings", settings),
            JSONMember("seed", .number(String(seed))),
            JSONMember(
                "data",
                .object([
                    JSONMember("source", .string(data.source)),
                    JSONMember("sha256", .string(data.sha256)),
                    JSONMember("rows", .integer(data.rows)),
                ])),
            JSONMember("metrics", metrics),
        ])
    }
}

// MARK: - Reading

extension ModelDescription {
    /// Activations the network and the ONNX export know, as `--activation` spells them.
    public static let knownActivations: Set<String> = [
        "leaky-relu", "relu", "tanh", "sigmoid", "gelu", "elu", "selu",
    ]
    /// Scaling methods, as `--scale` spells them.
    public static let knownScalers: Set<String> = ["standard", "minmax", "none"]

    /// Reads and validates a description; `file` names the model file in errors.
    ///
    /// Refuses a version other than ``currentFormatVersion``, any missing or mistyped field,
    /// non-finite numbers, and descriptions that contradict themselves (see ``validate(file:)``).
    public init(json: JSONValue, file: String) throws(ModelFileError) {
        let root = Field(value: json, path: "", file: file)
        let versionValue = try root.member("format_version")
        guard case .value(let version) = versionValue.value.integerValue,
            version == ModelDescription.currentFormatVersion
        else {
            throw ModelFileError(
                file: file, problem: .unsupportedVersion(found: versionValue.value.serialized()))
        }
        let targetField = try root.member("target")
        let targetName = try targetField.member("name").string()
        let standardization: (mean: Double, standardDeviation: Double)?
        switch try targetField.member("scaling").string() {
        case "none":
            standardization = nil
        case "standard":
            standardization = (
                try targetField.member("mean").double(),
                try targetField.member("std").double()
            )
        default:
            throw try targetField.member("scaling").invalid("\"none\" or \"standard\"")
        }

        var features: [Feature] = []
        for featureField in try root.member("features").array() {
            let name = try featureField.member("name").string()
            switch try featureField.member("type").string() {
            case "numeric":
                let imputeField = try featureField.member("impute")
                let impute = imputeField.value == .null ? nil : try imputeField.double()
                features.append(Feature(name: name, kind: .numeric(impute: impute)))
            case "categorical":
                let levels = try featureField.member("levels").array().map {
                    field throws(ModelFileError) in
                    try field.string()
                }
                let missingField = try featureField.member("missing_level")
                let missingLevel = missingField.value == .null ? nil : try missingField.string()
                features.append(
                    Feature(
                        name: name, kind: .categorical(levels: levels, missingLevel: missingLevel)))
            default:
                throw try featureField.member("type").invalid("\"numeric\" or \"categorical\"")
            }
        }

        var encodedFeatures: [EncodedFeature] = []
        for encodedField in try root.member("encoded_features").array() {
            let name = try encodedField.member("name").string()
            let source = try encodedField.member("source").string()
            let kind: EncodedFeature.Kind
            switch try encodedField.member("kind").string() {
            case "value": kind = .value
            case "missing_indicator": kind = .missingIndicator
            case "level": kind = .level(try encodedField.member("level").string())
            default:
                throw try encodedField.member("kind").invalid(
                    "\"value\", \"missing_indicator\" or \"level\"")
            }
            encodedFeatures.append(EncodedFeature(name: name, source: source, kind: kind))
        }

        let scalerField = try root.member("scaler")
        let scaler = Scaler(
            method: try scalerField.member("method").string(),
            offset: try scalerField.member("offset").array().map { field throws(ModelFileError) in
                try field.double()
            },
            scale: try scalerField.member("scale").array().map { field throws(ModelFileError) in
                try field.double()
            })

        let architectureField = try root.member("architecture")
        let slopeValue = architectureField.value["negative_slope"]
        let architecture = Architecture(
            inputSize: try architectureField.member("input_size").count(),
            hidden: try architectureField.member("hidden").array().map {
                field throws(ModelFileError) in
                try field.count()
            },
            activation: try architectureField.member("activation").string(),
            negativeSlope: slopeValue == nil
                ? nil : try architectureField.member("negative_slope").double(),
            alpha: architectureField.value["alpha"] == nil
                ? nil : try architectureField.member("alpha").double(),
            layers: try architectureField.member("layers").array().map {
                field throws(ModelFileError) in
                Layer(
                    weight: try field.member("weight").string(),
                    bias: try field.member("bias").string(),
                    inputSize: try field.member("input_size").count(),
                    outputSize: try field.member("output_size").count())
            })

        let seedField = try root.member("seed")
        guard case .number(let seedText) = seedField.value, let seed = UInt64(seedText) else {
            throw seedField.invalid("a whole number from 0 to 2^64 - 1")
        }
        let dataField = try root.member("data")
        let data = DataFingerprint(
            source: try dataField.member("source").string(),
            sha256: try dataField.member("sha256").string(),
            rows: try dataField.member("rows").count())

        let settingsField = try root.member("settings")
        guard settingsField.value.objectMembers != nil else {
            throw settingsField.invalid("an object")
        }
        let metricsField = try root.member("metrics")
        guard metricsField.value.objectMembers != nil else {
            throw metricsField.invalid("an object")
        }

        self.init(
            tabregVersion: try root.member("tabreg_version").string(),
            target: Target(name: targetName, standardization: standardization),
            features: features, encodedFeatures: encodedFeatures, scaler: scaler,
            architecture: architecture, settings: settingsField.value, seed: seed, data: data,
            metrics: metricsField.value)
        try validate(file: file)
    }

    /// Checks that the description agrees with itself.
    ///
    /// Feature names are unique and non-empty; categorical levels are unique; every encoded
    /// feature names an existing source of the right type (values and missing indicators come
    /// from numeric features, levels from categorical ones and are among their levels); the
    /// scaler has one finite offset and one finite non-zero scale per encoded feature and a known
    /// method; the layers chain `input_size -> hidden... -> 1` with the encoded width as input;
    /// the activation is known (`none` exactly when there are no hidden layers), only
    /// LeakyReLU carries a finite slope and only ELU a finite alpha; a standardized target
    /// has a finite mean and a finite positive standard deviation.
    public func validate(file: String) throws(ModelFileError) {
        func inconsistent(_ detail: String) -> ModelFileError {
            ModelFileError(file: file, problem: .inconsistent(detail: detail))
        }
        if let standardization = target.standardization {
            guard standardization.mean.isFinite, standardization.standardDeviation.isFinite,
                standardization.standardDeviation > 0
            else {
                throw inconsistent("the target's standard deviation must be finite and positive")
            }
        }
        var featuresByName: [String: Feature] = [:]
        for feature in features {
            guard !feature.name.isEmpty else { throw inconsistent("a feature has an empty name") }
            guard featuresByName.updateValue(feature, forKey: feature.name) == nil else {
                throw inconsistent("feature \"\(feature.name)\" is listed twice")
            }
            if case .categorical(let levels, let missingLevel) = feature.kind {
                let all = levels + (missingLevel.map { [$0] } ?? [])
                guard Set(all).count == all.count else {
                    throw inconsistent("feature \"\(feature.name)\" repeats a level")
                }
            }
            guard feature.name != target.name else {
                throw inconsistent("the target \"\(target.name)\" is also a feature")
            }
        }
        for encoded in encodedFeatures {
            guard let source = featuresByName[encoded.source] else {
                throw inconsistent(
                    "encoded feature \"\(encoded.name)\" comes from unknown feature "
                        + "\"\(encoded.source)\""
                )
            }
            switch (encoded.kind, source.kind) {
            case (.value, .numeric), (.missingIndicator, .numeric):
                break
            case (.level(let level), .categorical(let levels, let missingLevel)):
                guard levels.contains(level) || level == missingLevel else {
                    throw inconsistent(
                        "encoded feature \"\(encoded.name)\" names level \"\(level)\" that "
                            + "feature \"\(source.name)\" does not have")
                }
            default:
                throw inconsistent(
                    "encoded feature \"\(encoded.name)\" does not fit the type of feature "
                        + "\"\(source.name)\"")
            }
        }
        let width = encodedFeatures.count
        guard ModelDescription.knownScalers.contains(scaler.method) else {
            throw inconsistent("scaler method \"\(scaler.method)\" is unknown")
        }
        guard scaler.offset.count == width, scaler.scale.count == width else {
            throw inconsistent(
                "the scaler has \(scaler.offset.count) offsets and \(scaler.scale.count) scales "
                    + "for \(width) encoded features")
        }
        for index in 0..<width {
            guard scaler.offset[index].isFinite, scaler.scale[index].isFinite,
                scaler.scale[index] != 0
            else {
                throw inconsistent(
                    "the scaler for \"\(encodedFeatures[index].name)\" has offset "
                        + "\(scaler.offset[index]) and scale \(scaler.scale[index])")
            }
        }
        guard architecture.inputSize == width, width > 0 else {
            throw inconsistent(
                "the network takes \(architecture.inputSize) inputs but \(width) features "
                    + "are encoded"
            )
        }
        let sizes = [architecture.inputSize] + architecture.hidden + [1]
        guard architecture.layers.count == sizes.count - 1 else {
            throw inconsistent(
                "\(architecture.layers.count) layers for hidden sizes \(architecture.hidden)")
        }
        var tensorNames: Set<String> = []
        for (index, layer) in architecture.layers.enumerated() {
            guard layer.inputSize == sizes[index], layer.outputSize == sizes[index + 1],
                layer.outputSize > 0
            else {
                throw inconsistent(
                    "layer \(index) maps \(layer.inputSize) to \(layer.outputSize), expected "
                        + "\(sizes[index]) to \(sizes[index + 1])")
            }
            guard tensorNames.insert(layer.weight).inserted, tensorNames.insert(layer.bias).inserted
            else {
                throw inconsistent("layer \(index) reuses a tensor name")
            }
        }
        if architecture.hidden.isEmpty {
            guard architecture.activation == "none" else {
                throw inconsistent("a network without hidden layers has activation \"none\"")
            }
        } else if !ModelDescription.knownActivations.contains(architecture.activation) {
            throw inconsistent("activation \"\(architecture.activation)\" is unknown")
        }
        if architecture.activation == "leaky-relu" {
            guard let slope = architecture.negativeSlope, slope.isFinite else {
                throw inconsistent("leaky-relu needs a finite negative_slope")
            }
        } else if architecture.negativeSlope != nil {
            throw inconsistent("negative_slope is given for \(architecture.activation)")
        }
        if architecture.activation == "elu" {
            guard let alpha = architecture.alpha, alpha.isFinite else {
                throw inconsistent("elu needs a finite alpha")
            }
        } else if architecture.alpha != nil {
            throw inconsistent("alpha is given for \(architecture.activation)")
        }
    }
}

/// A JSON value at a path in the description, with typed readers that throw
/// ``ModelFileError/Problem/invalidField(path:expected:)``.
private struct Field {
    let value: JSONValue
    let path: String
    let file: String

    func invalid(_ expected: String) -> ModelFileError {
        ModelFileError(
            file: file,
            problem: .invalidField(path: path.isEmpty ? "(root)" : path, expected: expected))
    }

    func member(_ key: String) throws(ModelFileError) -> Field {
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard case .object = value else { throw invalid("an object") }
        guard let child = value[key] else {
            throw ModelFileError(
                file: file, problem: .invalidField(path: childPath, expected: "present"))
        }
        return Field(value: child, path: childPath, file: file)
    }

    func array() throws(ModelFileError) -> [Field] {
        guard case .array(let elements) = value else { throw invalid("an array") }
        return elements.enumerated().map { index, element in
            Field(value: element, path: "\(path)[\(index)]", file: file)
        }
    }

    func string() throws(ModelFileError) -> String {
        guard case .string(let text) = value else { throw invalid("a string") }
        return text
    }

    func double() throws(ModelFileError) -> Double {
        guard let number = value.doubleValue, number.isFinite else {
            throw invalid("a finite number")
        }
        return number
    }

    func count() throws(ModelFileError) -> Int {
        guard case .value(let count) = value.integerValue, count >= 0 else {
            throw invalid("a whole number of at least 0")
        }
        return count
    }
}
