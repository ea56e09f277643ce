import Foundation
import TabregExperiment
import TabregNetwork
import TabregReport

/// Shows training progress on stderr: a bar redrawn in place on a terminal (and a chart of the
/// loss when training ends), one plain line per epoch (or every N) otherwise, nothing when
/// quiet. Colour only on a terminal and when `NO_COLOR` is unset.
final class ProgressDisplay {
    enum Mode {
        case live
        case lines(every: Int)
        case silent
    }

    let mode: Mode
    private var started = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var drewLive = false

    init(mode: Mode) {
        self.mode = mode
    }

    func prepared(_ data: PreparedData) {
        if case .silent = mode { return }
        started = ContinuousClock.now
        for notice in data.notices { Console.error("notice: \(notice)\n") }
        let split = data.split.testRows.isEmpty
            ? "no test split"
            : "\(data.split.trainingRows.count) training rows, \(data.split.testRows.count) test rows"
        Console.error(
            "Data: \(data.source): \(data.fileRows) rows, \(data.featureCount) features, "
                + "target \(data.targetName); \(split).\n")
    }

    func epoch(_ record: EpochRecord, of total: Int) {
        switch mode {
        case .silent:
            return
        case .lines(let every):
            guard record.epoch % every == 0 || record.epoch == total else { return }
            Console.error(Self.line(record, of: total) + "\n")
        case .live:
            let now = ContinuousClock.now
            // At most 20 redraws a second (and always the last epoch): a fast run would
            // otherwise spend its time writing to the terminal.
            if record.epoch < total, let lastDraw, (now - lastDraw).seconds < 0.05 { return }
            lastDraw = now
            let line = ProgressLine(
                epoch: record.epoch, totalEpochs: total, elapsedSeconds: (now - started).seconds,
                loss: record.loss, trainMSE: record.trainMSE, testMSE: record.testMSE,
                validationMSE: record.validationMSE)
            // Carriage return and erase-line redraw in place; one column is kept free so the
            // terminal never wraps.
            let text = line.render(width: Console.width - 1, colored: Console.colorAllowed)
            Console.error("\r\u{1B}[2K" + text)
            drewLive = true
        }
    }

    /// Ends the live line and, on a terminal, draws the loss curve as text.
    func finish(history: TrainingHistory? = nil) {
        guard drewLive else { return }
        Console.error("\n")
        if let history, history.epochs.count > 1 {
            let losses = history.epochs.map(\.loss)
            let chart = TerminalChart(
                title: "Training loss per epoch", values: losses,
                scale: AxisScaleKind.suggested(for: losses), width: min(Console.width - 1, 72))
            Console.error(chart.render() + "\n")
        }
    }

    static func line(_ record: EpochRecord, of total: Int) -> String {
        var text = "epoch \(record.epoch)/\(total)  loss \(format(record.loss))  train MSE \(format(record.trainMSE))"
        if let test = record.testMSE { text += "  test MSE \(format(test))" }
        if let validation = record.validationMSE { text += "  validation MSE \(format(validation))" }
        return text
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
