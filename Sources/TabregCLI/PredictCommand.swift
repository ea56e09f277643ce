import ArgumentParser
import Foundation
import TabregData
import TabregExperiment
import TabregModel

/// `tabreg predict`: applies a saved model, with its stored preprocessing, to new rows.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Apply a saved model to new rows and write them with a prediction column.",
        discussion: """
            Reads the model file written by `tabreg train` (model.safetensors) and a CSV file. \
            The model's feature columns are found by name (exact, then case-insensitive) in any \
            order; other columns, the target among them, are ignored for predicting and copied \
            to the output. The output is CSV: the input columns, then `prediction` in the \
            target's units. A missing value in a numeric feature takes the training median, \
            and a category not seen in training encodes as all zeros; both are counted in \
            notices on stderr. A missing feature column is an error that names it (exit code \
            65).
            """)

    @Option(name: .long, help: "Model file written by `tabreg train` (model.safetensors).")
    var model: String

    @Option(name: .long, help: "CSV file with the rows to predict.")
    var data: String

    @Option(name: .long, help: "CSV file to write, whole or not at all (default: standard output).")
    var output: String?

    func run() throws {
        var report = EncodingReport()
        let text = try reportingErrors { () throws -> String in
            let saved = try SavedModel(contentsOf: URL(fileURLWithPath: model))
            let table = try CSVReader.read(contentsOf: URL(fileURLWithPath: data))
            if let clash = table.columnNames.first(where: { $0 == "prediction" }) {
                throw DataError(
                    file: table.source, line: 1, columnName: clash,
                    problem: "would clash with the output's prediction column; rename it")
            }
            let predictions = try saved.predict(table, report: &report)
            return PredictionCSV.text(table: table, predictions: predictions)
        }
        for warning in report.unseenLevelWarnings(rowsName: "input") {
            Console.error("notice: \(warning)\n")
        }
        for name in report.imputedValues.keys.sorted() {
            let count = report.imputedValues[name]!
            Console.error(
                "notice: \(count) input row\(count == 1 ? " has" : "s have") a missing "
                    + "\"\(DataError.escaped(name))\", filled with the training median.\n")
        }
        if let output {
            try reportingErrors {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
            }
        } else {
            Console.output(text)
        }
    }
}
