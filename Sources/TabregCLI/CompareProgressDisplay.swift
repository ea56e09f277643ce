import Foundation
import TabregExperiment
import TabregNetwork

/// Shows a comparison's progress on stderr: one line redrawn in place on a terminal, plain
/// lines (every N epochs of each fold, and one per finished fold) otherwise, nothing when quiet.
/// Called from worker threads one event at a time (``CompareJob`` serializes them).
final class CompareProgressDisplay: @unchecked Sendable {
    let mode: ProgressDisplay.Mode
    private var folds = 0
    private var finished = 0
    private var drewLive = false

    init(mode: ProgressDisplay.Mode) {
        self.mode = mode
    }

    func handle(_ event: CompareEvent) {
        if case .silent = mode { return }
        switch event {
        case .prepared(let data, let folds):
            self.folds = folds
            for notice in data.notices { Console.error("notice: \(notice)\n") }
            Console.error(
                "Data: \(data.source): \(data.table.rowCount) rows with a target, "
                    + "\(data.featureCount) features, target \(data.targetName); \(folds) folds.\n")
        case .epoch(let fold, let record, let total):
            let line = "fold \(fold + 1)/\(folds) " + ProgressDisplay.line(record, of: total)
            switch mode {
            case .silent:
                return
            case .lines(let every):
                guard record.epoch % every == 0 || record.epoch == total else { return }
                Console.error(line + "\n")
            case .live:
                var text = "[\(finished)/\(folds) folds done] " + line
                let columns = Console.width - 1
                if text.count > columns { text = String(text.prefix(columns)) }
                Console.error("\r\u{1B}[2K" + text)
                drewLive = true
            }
        case .foldFinished(let result):
            finished += 1
            if drewLive { Console.error("\r\u{1B}[2K") }
            let m = result.metrics
            var line =
                "fold \(result.fold + 1)/\(folds) done: test MSE network "
                + ProgressDisplay.format(m[.network]!.mse) + ", OLS "
                + ProgressDisplay.format(m[.ols]!.mse)
                + ", ridge " + ProgressDisplay.format(m[.ridge]!.mse) + ", mean "
                + ProgressDisplay.format(m[.mean]!.mse)
            if let best = result.bestEpoch {
                line += "; best epoch \(best)"
                if let stopped = result.stoppedEpoch { line += ", stopped at \(stopped)" }
            }
            Console.error(line + "\n")
        }
    }

    func finish() {}
}
