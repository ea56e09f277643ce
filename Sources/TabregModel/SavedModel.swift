import Foundation
import TabregData
import TabregNetwork
import TabregNumerics

/// A trained model with everything needed to predict on new rows: the network, the fitted
/// feature encoder and scaler, the target's name and scaling, and the run's provenance.
///
/// ```swift
/// let model = try SavedModel(contentsOf: URL(fileURLWithPath: "tabreg-output/model.safetensors"))
/// let table = try CSVReader.read(contentsOf: URL(fileURLWithPath: "new.csv"))
/// let predictions = try model.predict(table)   // [Double], one per row, in target units
/// ```
///
/// On disk it is one `model.safetensors` file (see ``ModelFile`` for the layout). tabreg keeps
/// `Linear` weights `[inputSize, outputSize]` in memory; the file stores them transposed,
/// `[outputSize, inputSize]`, as PyTorch's `nn.Linear` does, so the weights load into PyTorch
/// unchanged. Transposing is a copy, so save -> load keeps every bit.
///
/// Predictions follow exactly the training run's arithmetic: encode (float64), scale
/// `(x - offset) / scale` (float64), convert to float32, run the network (float32), map back
/// with `output * std + mean` (float64). Same rows, same bits.
public struct SavedModel: @unchecked Sendable {
    /// The network: `Linear` layers with one kind of activation between them; input is the
    /// scaled encoded features, output is in training units.
    public var network: Sequential
    public var encoder: FeatureEncoder
    public var scaler: FeatureScaler
    /// The identity when the target was not standardized.
    public var targetScaler: TargetScaler
    public var targetName: String
    /// Training settings, seed, data fingerprint, metrics and version, as written to the file.
    public var provenance: Provenance

    /// What the model file records about the run that produced the model.
    public struct Provenance: Equatable, Sendable {
        public var tabregVersion: String
        /// Free-form JSON object of training settings.
        public var settings: JSONValue
        public var seed: UInt64
        public var data: ModelDescription.DataFingerprint
        /// Free-form JSON object of metrics.
        public var metrics: JSONValue

        public init(
            tabregVersion: String, settings: JSONValue, seed: UInt64,
            data: ModelDescription.DataFingerprint, metrics: JSONValue
        ) {
            self.tabregVersion = tabregVersion
            self.settings = settings
            self.seed = seed
            self.data = data
            self.metrics = metrics
        }
    }

    /// - Precondition: `network` is `Linear` layers joined by one kind of activation, ending in
    ///   one output, and takes as many inputs as `encoder` produces.
    public init(
        network: Sequential, encoder: FeatureEncoder, scaler: FeatureScaler,
        targetScaler: TargetScaler, targetName: String, provenance: Provenance
    ) {
        precondition(
            network.outputColumns(forInputColumns: encoder.encodedNames.count) == 1,
            "SavedModel: the network must map \(encoder.encodedNames.count) inputs to 1 output")
        precondition(scaler.offsets.count == encoder.encodedNames.count, "SavedModel: scaler width")
        self.network = network
        self.encoder = encoder
        self.scaler = scaler
        self.targetScaler = targetScaler
        self.targetName = targetName
        self.provenance = provenance
    }

    // MARK: - Saving

    /// The model as plain file contents (description plus PyTorch-layout weights).
    public var modelFile: ModelFile {
        // The inference network: dropout layers (the identity when predicting) are left out;
        // each linear layer keeps its index in the training network for its tensor names, as
        // PyTorch's nn.Sequential state dict would number them.
        var linears: [(index: Int, layer: Linear)] = []
        var activation: ActivationName?
        var pattern: [Bool] = []  // true for Linear, false for an activation
        for (index, layer) in network.layers.enumerated() {
            if let linear = layer as? Linear {
                linears.append((index, linear))
                pattern.append(true)
            } else if !(layer is Dropout) {
                let kind = SavedModel.activationName(of: layer)
                precondition(
                    activation == nil || activation! == kind, "SavedModel: mixed activations")
                activation = kind
                pattern.append(false)
            }
        }
        precondition(
            pattern.count == 2 * linears.count - 1
                && pattern.enumerated().allSatisfy { ($0.offset % 2 == 0) == $0.element },
            "SavedModel: the network must alternate Linear layers and activations")
        let layerNames = linears.map { (index, linear) in
            ModelDescription.Layer(
                weight: "layers.\(index).weight", bias: "layers.\(index).bias",
                inputSize: linear.inputSize, outputSize: linear.outputSize)
        }
        let linearLayers = linears.map(\.layer)
        let inputSize = linearLayers[0].inputSize
        let hidden = linearLayers.dropLast().map(\.outputSize)
        let description = ModelDescription(
            tabregVersion: provenance.tabregVersion,
            target: .init(
                name: targetName,
                standardization: targetScaler.isIdentity
                    ? nil : (targetScaler.mean, targetScaler.standardDeviation)),
            features: SavedModel.describedFeatures(encoder),
            encodedFeatures: SavedModel.describedEncodedFeatures(encoder),
            scaler: .init(
                method: scaler.scaling.rawValue, offset: scaler.offsets, scale: scaler.scales),
            architecture: .init(
                inputSize: inputSize, hidden: hidden, activation: activation?.name ?? "none",
                negativeSlope: activation?.slope, alpha: activation?.alpha, layers: layerNames),
            settings: provenance.settings, seed: provenance.seed, data: provenance.data,
            metrics: provenance.metrics)
        let weights = linearLayers.map { linear in
            ModelFile.LayerWeights(
                weight: SavedModel.transposed(
                    linear.weight.value.storage, rows: linear.inputSize,
                    columns: linear.outputSize),
                bias: linear.bias.value.storage)
        }
        return ModelFile(description: description, layers: weights)
    }

    /// The `model.safetensors` bytes; the same model always gives the same bytes.
    public func encoded() -> [UInt8] {
        modelFile.encoded()
    }

    /// Writes `model.safetensors` whole or not at all (temporary file, then rename), creating
    /// the folder if needed.
    public func write(to url: URL) throws {
        try modelFile.write(to: url)
    }

    /// The ONNX export's bytes (see ``ONNXRegressorGraph`` for the graph).
    public func onnxBytes() -> [UInt8] {
        modelFile.onnxBytes()
    }

    /// Names of the network's input columns, in order: the encoded features.
    public var encodedFeatureNames: [String] { encoder.encodedNames }

    // MARK: - Loading

    /// Loads and validates a model file.
    ///
    /// - Throws: ``SafetensorsError`` for a damaged file, ``ModelFileError`` for one that is not
    ///   a usable tabreg model (unsupported version, shapes that disagree with the
    ///   architecture, features this tabreg cannot encode).
    public init(contentsOf url: URL) throws {
        try self.init(try ModelFile(contentsOf: url), file: url.path)
    }

    /// Decodes and validates model bytes; `file` names the file in errors.
    public init(decoding bytes: [UInt8], file: String) throws {
        try self.init(try ModelFile(decoding: bytes, file: file), file: file)
    }

    /// Builds the model from validated file contents.
    public init(_ modelFile: ModelFile, file: String) throws(ModelFileError) {
        let description = modelFile.description
        let encoder = try SavedModel.encoder(from: description, file: file)
        guard let scaling = Scaling(rawValue: description.scaler.method) else {
            throw ModelFileError(
                file: file,
                problem: .inconsistent(
                    detail: "scaler method \"\(description.scaler.method)\" is unknown"))
        }
        let architecture = description.architecture
        var layers: [any Layer] = []
        for (index, (layer, weights)) in zip(architecture.layers, modelFile.layers).enumerated() {
            if index > 0 {
                layers.append(SavedModel.makeActivation(architecture))
            }
            layers.append(
                Linear(
                    weight: Matrix(
                        rows: layer.inputSize, columns: layer.outputSize,
                        storage: SavedModel.transposed(
                            weights.weight, rows: layer.outputSize, columns: layer.inputSize)),
                    bias: Matrix(rows: 1, columns: layer.outputSize, storage: weights.bias)))
        }
        let targetScaler =
            description.target.standardization.map {
                TargetScaler(mean: $0.mean, standardDeviation: $0.standardDeviation)
            } ?? .identity
        self.init(
            network: Sequential(layers: layers), encoder: encoder,
            scaler: FeatureScaler(
                scaling: scaling, offsets: description.scaler.offset,
                scales: description.scaler.scale),
            targetScaler: targetScaler, targetName: description.target.name,
            provenance: Provenance(
                tabregVersion: description.tabregVersion, settings: description.settings,
                seed: description.seed, data: description.data, metrics: description.metrics))
    }

    // MARK: - Predicting

    /// Predictions in target units for every row of `table`, in row order.
    ///
    /// Columns are found by name (exact, then case-insensitive), in any order; extra columns
    /// are ignored. Missing numeric values take the training median; a categorical level not
    /// seen in training encodes as all zeros.
    ///
    /// - Throws: ``DataError`` naming every feature column the table lacks, or the first cell
    ///   the encoder refuses (text in a column the model reads as numbers).
    public func predict(_ table: Table) throws -> [Double] {
        var report = EncodingReport()
        return try predict(table, report: &report)
    }

    /// Predictions for every row of `table`, counting in `report` the rows with unseen
    /// categorical levels and imputed values, per column.
    public func predict(_ table: Table, report: inout EncodingReport) throws -> [Double] {
        try checkColumns(of: table)
        guard table.rowCount > 0 else { return [] }
        let width = encoder.encodedNames.count
        var features = try encoder.encode(table, rows: Array(0..<table.rowCount), report: &report)
        scaler.transform(&features)
        let inputs = Matrix(
            rows: table.rowCount, columns: width, storage: features.map { Float($0) })
        return network.predict(inputs).storage.map { targetScaler.unscale(Double($0)) }
    }

    /// Throws one ``DataError`` that lists every feature column `table` lacks.
    public func checkColumns(of table: Table) throws {
        let missing = encoder.sourceNames.filter { name in
            (try? table.columnIndex(named: name)) == nil
        }
        guard !missing.isEmpty else { return }
        let quoted = missing.map { "\"\(DataError.escaped($0))\"" }.joined(separator: ", ")
        throw DataError(
            file: table.source, line: 1,
            problem: missing.count == 1
                ? "has no column \(quoted), which the model needs"
                : "has no columns \(quoted), which the model needs")
    }

    // MARK: - Encoder <-> description

    /// The raw columns: numeric ones with their training median, categorical ones with their
    /// levels and, when training had missing values, the missing level's name.
    static func describedFeatures(_ encoder: FeatureEncoder) -> [ModelDescription.Feature] {
        encoder.features.map { feature in
            switch feature {
            case .numeric(let name, let median, _):
                return .init(name: name, kind: .numeric(impute: median))
            case .categorical(let name, let levels, let missingLevel):
                return .init(
                    name: name,
                    kind: .categorical(
                        levels: levels,
                        missingLevel: missingLevel ? FeatureEncoder.missingLevelName : nil))
            }
        }
    }

    /// The network's input columns with the encoder's names and where each comes from.
    static func describedEncodedFeatures(_ encoder: FeatureEncoder)
        -> [ModelDescription.EncodedFeature]
    {
        var kinds: [(source: String, kind: ModelDescription.EncodedFeature.Kind)] = []
        for feature in encoder.features {
            switch feature {
            case .numeric(let name, _, let indicator):
                kinds.append((name, .value))
                if indicator { kinds.append((name, .missingIndicator)) }
            case .categorical(let name, let levels, let missingLevel):
                kinds += levels.map { (name, .level($0)) }
                if missingLevel { kinds.append((name, .level(FeatureEncoder.missingLevelName))) }
            }
        }
        let names = encoder.encodedNames
        precondition(names.count == kinds.count, "encoder names and columns disagree")
        return zip(names, kinds).map { .init(name: $0, source: $1.source, kind: $1.kind) }
    }

    /// The encoder a description stands for; refuses descriptions whose encoded columns are not
    /// exactly what that encoder produces (order, names, kinds).
    static func encoder(from description: ModelDescription, file: String) throws(ModelFileError)
        -> FeatureEncoder
    {
        var features: [FeatureEncoder.Feature] = []
        for feature in description.features {
            switch feature.kind {
            case .numeric(let impute):
                guard let impute else {
                    throw ModelFileError(
                        file: file,
                        problem: .inconsistent(
                            detail: "numeric feature \"\(feature.name)\" has no impute value"))
                }
                let indicator = description.encodedFeatures.contains {
                    $0.source == feature.name && $0.kind == .missingIndicator
                }
                features.append(.numeric(name: feature.name, median: impute, indicator: indicator))
            case .categorical(let levels, let missingLevel):
                if let missingLevel, missingLevel != FeatureEncoder.missingLevelName {
                    throw ModelFileError(
                        file: file,
                        problem: .inconsistent(
                            detail: "feature \"\(feature.name)\" names its missing level "
                                + "\"\(missingLevel)\", not \"\(FeatureEncoder.missingLevelName)\"")
                    )
                }
                features.append(
                    .categorical(
                        name: feature.name, levels: levels, missingLevel: missingLevel != nil))
            }
        }
        let encoder = FeatureEncoder(features: features)
        guard describedEncodedFeatures(encoder) == description.encodedFeatures else {
            throw ModelFileError(
                file: file,
                problem: .inconsistent(
                    detail: "the encoded features are not in the order and form tabreg's encoder "
                        + "produces for the listed features"))
        }
        return encoder
    }

    // MARK: - Helpers

    /// `values` (row-major `[rows, columns]`) as row-major `[columns, rows]`.
    static func transposed(_ values: [Float], rows: Int, columns: Int) -> [Float] {
        precondition(
            values.count == rows * columns, "transposed: \(values.count) for \(rows)x\(columns)")
        var result = [Float](repeating: 0, count: values.count)
        for row in 0..<rows {
            for column in 0..<columns {
                result[column * rows + row] = values[row * columns + column]
            }
        }
        return result
    }

    /// An activation's `--activation` name with LeakyReLU's slope or ELU's alpha.
    struct ActivationName: Equatable {
        var name: String
        var slope: Double?
        var alpha: Double?
    }

    /// The `--activation` name of an activation layer, and its parameter.
    static func activationName(of layer: any Layer) -> ActivationName {
        switch layer {
        case let leaky as LeakyReLU:
            ActivationName(name: "leaky-relu", slope: Double(leaky.negativeSlope))
        case is ReLU: ActivationName(name: "relu")
        case is Tanh: ActivationName(name: "tanh")
        case is Sigmoid: ActivationName(name: "sigmoid")
        case is GELU: ActivationName(name: "gelu")
        case let elu as ELU: ActivationName(name: "elu", alpha: Double(elu.alpha))
        case is SELU: ActivationName(name: "selu")
        default: preconditionFailure("SavedModel: no file name for layer \(layer.summary)")
        }
    }

    static func makeActivation(_ architecture: ModelDescription.Architecture) -> any Layer {
        switch architecture.activation {
        case "leaky-relu": LeakyReLU(negativeSlope: Float(architecture.negativeSlope ?? 0.01))
        case "relu": ReLU()
        case "tanh": Tanh()
        case "sigmoid": Sigmoid()
        case "gelu": GELU()
        case "elu": ELU(alpha: Float(architecture.alpha ?? 1))
        case "selu": SELU()
        default: preconditionFailure("unvalidated activation \(architecture.activation)")
        }
    }
}
