import ArgumentParser
import Foundation
import TabregData
import TabregExperiment
import TabregLinear

/// `tabreg compare`: k-fold cross-validation of the network against OLS, ridge and the mean
/// predictor on identical folds, with preprocessing fitted inside each fold.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Cross-validate the network against OLS, ridge and the mean predictor.",
        discussion: """
            The rows are shuffled with the seed and cut into --folds folds; each fold is held \
            out once while every model is fitted on the others, with the encoder, the scalers \
            and the network's validation split drawn from the training folds only. Ridge is \
            fitted on the same scaled features as the network (with --scale standard: \
            scikit-learn's make_pipeline(StandardScaler(), Ridge(alpha))). Prints the mean and \
            standard deviation over folds of each model's test MSE, RMSE, MAE and R^2, and the \
            paired per-fold difference of test MSE, network minus OLS, with a 95% t interval.
            """)

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var trainingOptions: TrainingOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "Number of cross-validation folds.")
    var folds: Int = 5

    @Option(
        name: .customLong("ridge-alpha"),
        help: "L2 penalty of the ridge baseline, on the scaled features.")
    var ridgeAlpha: Double = 1

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds).") }
        guard ridgeAlpha >= 0, ridgeAlpha.isFinite else {
            throw ValidationError("--ridge-alpha must be >= 0, got \(ridgeAlpha).")
        }
        if trainingOptions.testFraction != nil {
            throw ValidationError(
                "--test-fraction does not apply to compare: each fold's held-out rows are its test set."
            )
        }
    }

    var settings: CompareSettings {
        var training = TrainSettings()
        dataOptions.apply(to: &training)
        trainingOptions.apply(to: &training)
        training.testFraction = 0
        return CompareSettings(training: training, folds: folds, ridgeAlpha: ridgeAlpha)
    }

    func run() throws {
        let progress = CompareProgressDisplay(
            mode: outputOptions.quiet
                ? .silent
                : (Console.standardErrorIsTerminal ? .live : .lines(every: outputOptions.logEvery)))
        let result = try reportingErrors {
            try CompareJob(settings: settings).run { event in progress.handle(event) }
        }
        progress.finish()
        let document = try CompareDocument(result).jsonData()
        let file = URL(fileURLWithPath: outputOptions.output).appendingPathComponent("compare.json")
        try reportingErrors { try AtomicFile.write(document + Data("\n".utf8), to: file) }
        if outputOptions.json {
            Console.output(String(decoding: document, as: UTF8.self) + "\n")
            if !outputOptions.quiet { Console.error("Wrote \(file.path)\n") }
        } else {
            Console.output(CompareTable.text(result))
            Console.output("\nFiles:\n  \(file.path)\n")
        }
    }
}
