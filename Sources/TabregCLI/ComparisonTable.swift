import Foundation
import TabregExperiment
import TabregLinear

/// The comparison table printed at the end of a run: network and OLS baseline, MSE, RMSE, MAE
/// and R^2 on the training rows and, when there is one, the test rows.
enum ComparisonTable {
    static func text(_ result: TrainResult) -> String {
        var rows: [[String]] = [["model", "split", "MSE", "RMSE", "MAE", "R^2"]]
        func add(_ model: String, _ split: String, _ metrics: RegressionMetrics?) {
            guard let metrics else { return }
            rows.append([
                model, split, String(format: "%.4f", metrics.mse), String(format: "%.4f", metrics.rmse),
                String(format: "%.4f", metrics.mae), String(format: "%.4f", metrics.r2),
            ])
        }
        add("network", "train", result.networkMetrics.train)
        add("OLS", "train", result.baselineMetrics.train)
        add("network", "test", result.networkMetrics.test)
        add("OLS", "test", result.baselineMetrics.test)
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column < 2
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            text += cells.joined(separator: "  ") + "\n"
            if index == 0 {
                text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        let network = result.networkMetrics.test ?? result.networkMetrics.train
        let baseline = result.baselineMetrics.test ?? result.baselineMetrics.train
        let split = result.networkMetrics.test == nil ? "training" : "test"
        if baseline.mse > 0 {
            let change = (baseline.mse - network.mse) / baseline.mse * 100
            text += String(
                format: "\nOn the %@ rows the network's MSE is %.1f%% %@ than OLS's (%.4f vs %.4f).\n",
                split, abs(change), change >= 0 ? "lower" : "higher", network.mse, baseline.mse)
        }
        if let best = result.history.bestEpoch {
            let validation = result.history.epochs[best - 1].validationMSE ?? .nan
            text += String(
                format: "Early stopping: kept epoch %d's weights (validation MSE %.4f on %d rows); ",
                best, validation, result.validationRows)
            text += result.history.stoppedEpoch.map { "stopped at epoch \($0).\n" }
                ?? "ran all \(result.history.epochs.count) epochs.\n"
        }
        return text
    }
}
