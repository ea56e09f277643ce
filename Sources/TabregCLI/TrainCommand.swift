import ArgumentParser
import Foundation
import TabregData
import TabregExperiment
import TabregModel
import TabregReport

/// `tabreg train`: trains one network and its OLS baseline, prints the comparison, and writes
/// the run's files.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network and an OLS baseline on the same rows and compare them.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var trainingOptions: TrainingOptions
    @OptionGroup var outputOptions: OutputOptions

    var settings: TrainSettings {
        var settings = TrainSettings()
        dataOptions.apply(to: &settings)
        trainingOptions.apply(to: &settings)
        return settings
    }

    func run() throws {
        let progress = ProgressDisplay(
            mode: outputOptions.quiet
                ? .silent
                : (Console.standardErrorIsTerminal ? .live : .lines(every: outputOptions.logEvery)))
        let result = try reportingErrors {
            try TrainJob(settings: settings).run { event in
                switch event {
                case .prepared(let data): progress.prepared(data)
                case .epoch(let record, let total): progress.epoch(record, of: total)
                }
            }
        }
        progress.finish(history: result.history)
        let folder = URL(fileURLWithPath: outputOptions.output)
        let document = try TrainDocument(result).jsonData()
        let model = try reportingErrors { try result.savedModel() }
        let files = try reportingErrors {
            try RunFiles.write(result, document: document, model: model, to: folder)
        }
        if outputOptions.json {
            Console.output(String(decoding: document, as: UTF8.self) + "\n")
            if !outputOptions.quiet {
                Console.error("Wrote " + files.map(\.path).joined(separator: ", ") + "\n")
            }
        } else {
            Console.output(ComparisonTable.text(result))
            Console.output("\nFiles:\n" + files.map { "  \($0.path)\n" }.joined())
        }
    }
}

/// The files of a training run, written only after the run succeeded, each atomically.
enum RunFiles {
    static func write(
        _ result: TrainResult, document: Data, model: SavedModel, to folder: URL
    ) throws -> [URL] {
        var files: [(String, Data)] = [
            ("model.safetensors", Data(model.encoded())),
            ("history.csv", Data(HistoryCSV.text(result.history).utf8)),
            ("metrics.json", document + Data("\n".utf8)),
        ]
        files += TrainReport(result).files.map { ($0.name, Data($0.text.utf8)) }
        var written: [URL] = []
        for (name, data) in files {
            let url = folder.appendingPathComponent(name)
            try AtomicFile.write(data, to: url)
            written.append(url)
        }
        return written
    }
}
