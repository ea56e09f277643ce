import TabregExperiment

/// The pictures of a finished training run: the loss curve, the error curves with the OLS
/// baseline, predicted against actual values, residuals, and the HTML report that shows them
/// all with the data summary, settings and comparison table.
///
/// Everything is built from the `TrainResult` alone and is deterministic: the same result gives
/// the same bytes (no dates or timings are shown), so a re-run with the same data, settings and
/// seed rewrites identical files.
///
/// "Evaluation rows" below are the test rows, or the training rows when the run has no test
/// split (`--test-fraction 0`, the tutorial's setting).
public struct TrainReport: Sendable {
    /// `loss.svg`: the epoch's mean batch loss per epoch, titled with batch size and learning
    /// rate; on a log axis when the loss falls by two orders of magnitude or more.
    public var lossChart: LineChart
    /// `error.svg`: training, test (and validation) MSE per epoch, with the OLS baseline's MSE
    /// on the evaluation rows as a dashed reference line.
    public var errorChart: LineChart
    /// `predictions.svg`: network and OLS predictions against actual values on the evaluation
    /// rows, with y = x.
    public var predictionsChart: ScatterChart
    /// The residuals (prediction minus actual) of both models on the evaluation rows.
    public var residualsChart: HistogramChart
    /// What `report.html` shows.
    public var content: ReportContent

    /// The file names and texts of the run's pictures, in the order a user would open them:
    /// `report.html`, `loss.svg`, `error.svg`, `predictions.svg`.
    public var files: [(name: String, text: String)] {
        [
            ("report.html", HTMLReport.render(content)),
            ("loss.svg", lossChart.svg()),
            ("error.svg", errorChart.svg()),
            ("predictions.svg", predictionsChart.svg()),
        ]
    }

    public init(_ result: TrainResult) {
        let settings = result.settings
        let data = result.data
        let epochs = result.history.epochs
        let hasTest = result.networkMetrics.test != nil
        let rowsName = hasTest ? "test rows" : "training rows"
        let batchAndRate =
            "batch size \(settings.batchSize), learning rate \(Self.number(settings.learningRate))"

        let losses = epochs.map(\.loss)
        let lossLabel = settings.scaleTarget ? "Loss (MSE, standardized target)" : "Loss (MSE)"
        lossChart = LineChart(
            title: "Training loss (\(batchAndRate))", xLabel: "Epoch", yLabel: lossLabel,
            series: [
                LineSeries(name: "Mean batch loss", x: epochs.map { Double($0.epoch) }, y: losses)
            ],
            yScale: AxisScaleKind.suggested(for: losses), width: 560, height: 420)

        let epochNumbers = epochs.map { Double($0.epoch) }
        var errorSeries = [
            LineSeries(name: "Training MSE", x: epochNumbers, y: epochs.map(\.trainMSE))
        ]
        if epochs.contains(where: { $0.testMSE != nil }) {
            errorSeries.append(
                LineSeries(name: "Test MSE", x: epochNumbers, y: epochs.map { $0.testMSE ?? .nan }))
        }
        if epochs.contains(where: { $0.validationMSE != nil }) {
            errorSeries.append(
                LineSeries(
                    name: "Validation MSE", x: epochNumbers,
                    y: epochs.map { $0.validationMSE ?? .nan }))
        }
        let baselineMSE = (result.baselineMetrics.test ?? result.baselineMetrics.train).mse
        let splitWord = hasTest ? "test" : "training"
        errorChart = LineChart(
            title: "MSE per epoch (\(batchAndRate))", xLabel: "Epoch",
            yLabel: "MSE (\(data.targetName) units²)", series: errorSeries,
            yScale: AxisScaleKind.suggested(for: errorSeries.flatMap(\.y) + [baselineMSE]),
            referenceLine: ReferenceLine(
                label: "OLS \(splitWord) MSE \(Self.metric(baselineMSE))", value: baselineMSE),
            width: 560, height: 420)

        let actual = hasTest ? data.testTargets : data.trainingTargets
        let network = hasTest ? result.networkTestPredictions : result.networkTrainingPredictions
        let baseline = hasTest ? result.baselineTestPredictions : result.baselineTrainingPredictions
        // A million points would make a 80 MB chart that no browser draws usefully: above
        // `scatterPointLimit` rows, an evenly spaced sample of rows is drawn (the histogram and
        // the metrics use every row).
        let shown = Self.evenlySpacedRows(count: actual.count, limit: Self.scatterPointLimit)
        let sampleNote =
            shown.count < actual.count
            ? ", \(Self.grouped(shown.count)) of \(Self.grouped(actual.count)) rows" : ""
        predictionsChart = ScatterChart(
            title: "Predicted vs actual (\(rowsName)\(sampleNote))",
            xLabel: "Actual \(data.targetName)", yLabel: "Predicted \(data.targetName)",
            series: [
                ScatterSeries(
                    name: "Network", x: shown.map { actual[$0] }, y: shown.map { network[$0] }),
                ScatterSeries(
                    name: "OLS", x: shown.map { actual[$0] }, y: shown.map { baseline[$0] }),
            ])
        residualsChart = HistogramChart(
            title: "Residuals (\(rowsName))", xLabel: "Predicted - actual \(data.targetName)",
            series: [
                HistogramSeries(name: "Network", values: zip(network, actual).map { $0 - $1 }),
                HistogramSeries(name: "OLS", values: zip(baseline, actual).map { $0 - $1 }),
            ],
            // About 3 sqrt(n) bins: residuals cluster near 0 and a few outliers stretch the
            // range, so the usual sqrt(n) makes the central bins too coarse.
            binCount: min(40, max(10, Int((3 * Double(actual.count).squareRoot()).rounded()))),
            markerValue: 0, width: 520, height: 520)

        content = ReportContent(
            title: "tabreg: network vs OLS on \(Self.sourceName(data.source))",
            subtitle: "Target \(data.targetName), \(data.encoder.sourceNames.count) features, "
                + Self.splitText(result),
            headline: Self.headline(result),
            notices: data.notices,
            comparison: Self.comparison(result),
            figures: [
                .init(title: "Training loss", svg: lossChart.svg()),
                .init(
                    title: "Error per epoch", svg: errorChart.svg(),
                    caption: "The dashed line is the OLS baseline's MSE on the \(rowsName)."),
                .init(
                    title: "Predicted vs actual", svg: predictionsChart.svg(),
                    caption: "Points on the dashed line y = x are predicted exactly."),
                .init(
                    title: "Residuals", svg: residualsChart.svg(),
                    caption: "Prediction minus actual value; a narrow peak at 0 is best."),
            ],
            dataSummary: Self.dataSummary(result),
            settings: Self.settingsSummary(result),
            footer: "Generated by tabreg \(TrainDocument.version). The same data, settings and "
                + "seed give the same numbers and the same report.")
    }

    /// Most points a predicted-vs-actual chart draws per model (an SVG of about 0.5 MB).
    public static let scatterPointLimit = 5000

    /// `limit` row indices spread evenly over `0..<count` (`i * count / limit`), or every row
    /// when there are at most `limit`: deterministic, so the same run gives the same chart.
    static func evenlySpacedRows(count: Int, limit: Int) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        return (0..<limit).map { $0 * count / limit }
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    // MARK: - Text

    /// A setting's value in Swift's shortest round-trip form (`0.001`, `1e-05`), which does not
    /// depend on the locale.
    private static func number(_ value: Double) -> String {
        "\(value)"
    }

    private static func metric(_ value: Double) -> String {
        ChartNumberFormat.significant(value, significantDigits: 4)
    }

    /// `embedded:boston_housing.csv` reads as `the embedded Boston housing data`; a path as its
    /// file name.
    private static func sourceName(_ source: String) -> String {
        if source.hasPrefix("embedded:") { return "the embedded Boston housing data" }
        return source.split(separator: "/").last.map(String.init) ?? source
    }

    private static func splitText(_ result: TrainResult) -> String {
        let training = result.data.split.trainingRows.count
        let test = result.data.split.testRows.count
        if test == 0 { return "all \(training) rows used for training (no test split)" }
        return "\(training) training rows, \(test) test rows"
    }

    /// One sentence: the network's MSE on the evaluation rows against OLS's, in percent.
    private static func headline(_ result: TrainResult) -> String {
        let network = result.networkMetrics.test ?? result.networkMetrics.train
        let baseline = result.baselineMetrics.test ?? result.baselineMetrics.train
        let rows = result.networkMetrics.test == nil ? "training" : "test"
        var text = "On the \(rows) rows the network's MSE is \(metric(network.mse))"
        if baseline.mse > 0 && baseline.mse.isFinite {
            let change = (baseline.mse - network.mse) / baseline.mse * 100
            let percent = ChartNumberFormat.fixed(abs(change), fractionDigits: 0)
            text += ", \(percent)% \(change >= 0 ? "lower" : "higher") than OLS's "
            text += "(\(metric(baseline.mse)))"
        } else {
            text += "; OLS's is \(metric(baseline.mse))"
        }
        text += "; R² \(ChartNumberFormat.fixed(network.r2, fractionDigits: 3)) against "
        text += "\(ChartNumberFormat.fixed(baseline.r2, fractionDigits: 3))."
        if result.networkMetrics.test == nil {
            text += " Without a test split this is training error, which flatters the network."
        }
        return text
    }

    private static func comparison(_ result: TrainResult) -> ReportContent.ComparisonTable {
        let hasTest = result.networkMetrics.test != nil
        func values(_ metrics: SplitMetrics) -> [[Double?]] {
            var splits = [metrics.train]
            if let test = metrics.test { splits.append(test) }
            return splits.map { [$0.mse, $0.rmse, $0.mae, $0.r2] }
        }
        return ReportContent.ComparisonTable(
            splits: hasTest ? ["Training rows", "Test rows"] : ["Training rows"],
            metrics: [
                .init(name: "MSE", lowerIsBetter: true),
                .init(name: "RMSE", lowerIsBetter: true),
                .init(name: "MAE", lowerIsBetter: true),
                .init(name: "R²", lowerIsBetter: false),
            ],
            rows: [
                .init(model: "Network", values: values(result.networkMetrics)),
                .init(model: "OLS", values: values(result.baselineMetrics)),
            ])
    }

    private static func dataSummary(_ result: TrainResult) -> [ReportContent.Item] {
        let data = result.data
        var items: [ReportContent.Item] = [
            .init("Source", data.source),
            .init("Rows", "\(data.fileRows)"),
            .init("Target", data.targetName),
            .init("Features", featureText(data)),
            .init("Split", splitText(result)),
        ]
        if data.table.rowCount != data.fileRows {
            items.insert(.init("Rows used", "\(data.table.rowCount)"), at: 2)
        }
        return items
    }

    /// The feature columns, and how many network inputs they became when one-hot levels or
    /// missing-value indicators were added: "13: crim, zn, ..." or "3: a, b, c (5 inputs)".
    private static func featureText(_ data: PreparedData) -> String {
        let columns = data.encoder.sourceNames
        var text = "\(columns.count): " + columns.joined(separator: ", ")
        if data.featureCount != columns.count { text += " (\(data.featureCount) inputs)" }
        return text
    }

    private static func settingsSummary(_ result: TrainResult) -> [ReportContent.Item] {
        let settings = result.settings
        let widths = [result.data.featureCount] + settings.hidden + [1]
        var activation = settings.activation.rawValue
        if settings.activation == .leakyReLU {
            activation += " (negative slope \(number(settings.negativeSlope)))"
        }
        var optimizer =
            "\(settings.optimizer.rawValue), learning rate \(number(settings.learningRate))"
        if settings.effectiveWeightDecay != 0 {
            optimizer += ", weight decay \(number(settings.effectiveWeightDecay))"
        }
        if settings.optimizer == .sgd { optimizer += ", momentum \(number(settings.momentum))" }
        var items: [ReportContent.Item] = [
            .init("Network", widths.map(String.init).joined(separator: " → ")),
            .init("Activation", activation),
            .init("Optimizer", optimizer),
            .init("Batch size", "\(settings.batchSize)"),
            .init("Epochs", "\(result.history.epochs.count) of \(settings.epochs)"),
            .init("Seed", "\(settings.seed)"),
            .init("Feature scaling", settings.scale.rawValue),
            .init("Target scaling", settings.scaleTarget ? "standardized" : "none"),
            .init("Test fraction", number(settings.testFraction)),
            .init("Baseline", "OLS (least squares on the same training rows)"),
        ]
        if let best = result.history.bestEpoch {
            items.append(.init("Best epoch", "\(best) (its weights were kept)"))
        }
        return items
    }
}
