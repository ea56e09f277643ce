import Foundation
import TabregExperiment
import TabregNetwork

/// Shows training progress on stderr: a bar redrawn in place on a terminal, one plain line per
/// epoch (or every N) otherwise, nothing when quiet.
final class ProgressDisplay {
    enum Mode {
        case live
        case lines(every: Int)
        case silent
    }

    let mode: Mode
    private let started = ContinuousClock.now
    private var drewLive = false

    init(mode: Mode) {
        self.mode = mode
    }

    func prepared(_ data: PreparedData) {
        if case .silent = mode { return }
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
            let elapsed = (ContinuousClock.now - started).seconds
            let fraction = Double(record.epoch) / Double(max(total, 1))
            let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            let width = 24
            let filled = Int((fraction * Double(width)).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            var text = "[\(bar)] " + Self.line(record, of: total)
                + String(format: "  %.1fs<%.1fs", elapsed, remaining)
            let columns = Console.width - 1
            if text.count > columns { text = String(text.prefix(columns)) }
            Console.error("\r\u{1B}[2K" + text)
            drewLive = true
        }
    }

    func finish() {
        if drewLive { Console.error("\n") }
    }

    static func line(_ record: EpochRecord, of total: Int) -> String {
        var text = "epoch \(record.epoch)/\(total)  loss \(format(record.loss))  train MSE \(format(record.trainMSE))"
        if let test = record.testMSE { text += "  test MSE \(format(test))" }
        if let validation = record.validationMSE { text += "  validation MSE \(format(validation))" }
        return text
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
