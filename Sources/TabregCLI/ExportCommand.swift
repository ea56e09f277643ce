import ArgumentParser
import Foundation
import TabregData
import TabregExperiment
import TabregModel

/// `tabreg export`: writes a saved model as an ONNX graph.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a saved model, with its feature scaling, as an ONNX graph.",
        discussion: """
            The ONNX model (IR 8, opset 17) has one input, `features`: float32 [batch, F], the \
            encoded features in the model's column order, and one output, `prediction`: \
            float32 [batch, 1] in the target's units. Feature scaling (Sub, Div) and target \
            un-scaling (Mul, Add) are nodes of the graph; the layers are Gemm nodes with their \
            activations. The column order is the order of the model's encoded features (a \
            numeric column, then `NAME (missing)` when it has a missing indicator; a \
            categorical column as one `NAME=LEVEL` column per level, then `NAME=(missing)`; \
            imputation and one-hot encoding happen before the graph): this command prints \
            it, and the ONNX file records it in the input's doc string and in the \
            `feature_names` metadata entry (a JSON array). For a model trained on the \
            embedded Boston data it is: crim, zn, indus, chas, nox, rm, age, dis, rad, tax, \
            ptratio, black, lstat.
            """)

    @Option(name: .long, help: "Model file written by `tabreg train` (model.safetensors).")
    var model: String

    @Option(name: .long, help: "ONNX file to write, whole or not at all.")
    var onnx: String

    func run() throws {
        let saved = try reportingErrors { try SavedModel(contentsOf: URL(fileURLWithPath: model)) }
        let url = URL(fileURLWithPath: onnx)
        try reportingErrors { try AtomicFile.write(Data(saved.onnxBytes()), to: url) }
        let names = saved.encodedFeatureNames
        Console.output(
            "Wrote \(url.path): input \"features\" float32 [batch, \(names.count)] with columns "
                + names.joined(separator: ", ")
                + "; output \"prediction\" float32 [batch, 1] (\(saved.targetName)).\n")
    }
}
