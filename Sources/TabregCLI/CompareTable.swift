import Foundation
import TabregExperiment
import TabregLinear

/// The text `tabreg compare` prints: per-model mean and standard deviation over folds of test
/// MSE, RMSE, MAE and R^2; the per-fold test MSE of each model; and the paired difference
/// network minus OLS with its 95% t interval.
enum CompareTable {
    static func text(_ result: CompareResult) -> String {
        let k = result.settings.folds
        var text =
            "\(k)-fold cross-validation on \(result.source): \(result.rows) rows, "
            + "\(result.featureNames.count) features, target \(result.targetName).\n"
        text += "Test metrics over folds (mean +- sd, sd with n - 1):\n\n"
        let names: [(ComparedModel, String)] = [
            (.network, "network"), (.ols, "OLS"),
            (.ridge, "ridge (alpha \(result.settings.ridgeAlpha))"),
            (.mean, "mean"),
        ]
        var rows: [[String]] = [["model", "MSE", "RMSE", "MAE", "R^2"]]
        for (model, name) in names {
            let s = result.summaries[model]!
            rows.append(
                [name]
                    + [s.mse, s.rmse, s.mae, s.r2].map {
                        format($0.mean, digits: 4) + " +- " + format($0.sd, digits: 4)
                    })
        }
        text += table(rows)

        text += "\nTest MSE per fold:\n\n"
        var foldRows: [[String]] = [
            ["fold", "test rows", "network", "OLS", "ridge", "mean", "network - OLS"]
        ]
        for fold in result.foldResults {
            var cells = ["\(fold.fold + 1)", "\(fold.testRows.count)"]
            cells += ComparedModel.allCases.map { format(fold.metrics[$0]!.mse, digits: 4) }
            cells.append(format(fold.mseDifference, digits: 4))
            foldRows.append(cells)
        }
        text += table(foldRows)

        let d = result.difference
        text +=
            "\nNetwork minus OLS, test MSE: mean \(format(d.mean, digits: 4)), "
            + "95% CI [\(format(d.lower, digits: 4)), \(format(d.upper, digits: 4))] "
            + "(paired t, \(d.degreesOfFreedom) df, t = \(format(d.tQuantile, digits: 3))).\n"
        let verdict: String
        if d.upper < 0 {
            verdict = "The network's test MSE is lower than OLS's on these folds."
        } else if d.lower > 0 {
            verdict = "The network's test MSE is higher than OLS's on these folds."
        } else {
            verdict = "The interval contains 0: these folds do not separate the network from OLS."
        }
        text += verdict + " (Folds share training rows, so the interval is optimistic.)\n"
        if let stops = earlyStoppingSummary(result) { text += stops }
        return text
    }

    static func earlyStoppingSummary(_ result: CompareResult) -> String? {
        guard result.settings.training.earlyStoppingPatience != nil else { return nil }
        let parts = result.foldResults.map { fold in
            "fold \(fold.fold + 1): best \(fold.bestEpoch ?? 0)"
                + (fold.stoppedEpoch.map { ", stopped \($0)" } ?? ", ran all")
        }
        return "Early stopping: " + parts.joined(separator: "; ") + ".\n"
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            text += cells.joined(separator: "  ") + "\n"
            if index == 0 {
                text +=
                    widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return text
    }

    static func format(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
