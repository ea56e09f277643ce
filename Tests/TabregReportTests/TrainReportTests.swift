import Foundation
import TabregData
import TabregExperiment
import Testing

@testable import TabregReport

@Suite struct TrainReportTests {
    private func run(epochs: Int, testFraction: Double, scaleNone: Bool = false) throws
        -> TrainResult
    {
        var settings = TrainSettings()
        // A small network keeps the debug-build tests quick; the report does not care.
        settings.hidden = [8]
        settings.epochs = epochs
        settings.testFraction = testFraction
        if scaleNone { settings.scale = .none }
        return try TrainJob(settings: settings).run()
    }

    @Test func chartsUseTheRunsSettingsAndTheTestRows() throws {
        let result = try run(epochs: 4, testFraction: 0.2)
        let report = TrainReport(result)
        #expect(report.lossChart.title == "Training loss (batch size 50, learning rate 0.001)")
        #expect(report.lossChart.series[0].y == result.history.epochs.map(\.loss))
        #expect(report.errorChart.series.map(\.name) == ["Training MSE", "Test MSE"])
        #expect(report.errorChart.title == "MSE per epoch (batch size 50, learning rate 0.001)")
        let baselineTest = try #require(result.baselineMetrics.test)
        #expect(report.errorChart.referenceLine?.value == baselineTest.mse)
        #expect(report.errorChart.referenceLine?.label.hasPrefix("OLS test MSE ") == true)
        #expect(report.predictionsChart.series.map(\.name) == ["Network", "OLS"])
        #expect(report.predictionsChart.series[0].x == result.data.testTargets)
        #expect(report.predictionsChart.series[0].y == result.networkTestPredictions)
        #expect(report.predictionsChart.series[1].y == result.baselineTestPredictions)
        #expect(report.predictionsChart.series[0].x.count == result.data.split.testRows.count)
        #expect(report.content.comparison?.splits == ["Training rows", "Test rows"])
        let networkRow = try #require(report.content.comparison?.rows.first)
        #expect(networkRow.values[1][0] == result.networkMetrics.test?.mse)
        #expect(networkRow.values[0][3] == result.networkMetrics.train.r2)
    }

    @Test func headlineComparesTestMSEInPercent() throws {
        let result = try run(epochs: 4, testFraction: 0.2)
        let network = try #require(result.networkMetrics.test).mse
        let baseline = try #require(result.baselineMetrics.test).mse
        let headline = try #require(TrainReport(result).content.headline)
        // Percentage worked out here independently of the report's code.
        let percent = Int((abs(baseline - network) / baseline * 100).rounded())
        #expect(headline.hasPrefix("On the test rows the network's MSE is "))
        #expect(
            headline.contains("\(percent)% \(network < baseline ? "lower" : "higher") than OLS's"))
    }

    @Test func withoutATestSplitEverythingUsesTrainingRowsAndOLSMatchesTheKnownValue() throws {
        let result = try run(epochs: 2, testFraction: 0, scaleNone: true)
        let report = TrainReport(result)
        let reference = try #require(report.errorChart.referenceLine)
        // PRODUCT.md: OLS on the whole Boston file has training MSE 21.894831.
        #expect(abs(reference.value - 21.894831) < 5e-7)
        #expect(reference.label == "OLS training MSE 21.89")
        #expect(report.errorChart.series.map(\.name) == ["Training MSE"])
        #expect(report.predictionsChart.series[0].x.count == 506)
        #expect(report.predictionsChart.title == "Predicted vs actual (training rows)")
        #expect(report.content.comparison?.splits == ["Training rows"])
        #expect(report.content.headline?.contains("training error") == true)
    }

    @Test func everyFileParsesAndTheReportInlinesAllFourCharts() throws {
        let report = TrainReport(try run(epochs: 3, testFraction: 0.2))
        let files = report.files
        #expect(files.map(\.name) == ["report.html", "loss.svg", "error.svg", "predictions.svg"])
        for file in files {
            let check = XMLCheck(file.text)
            #expect(check.parsed, "\(file.name): \(check.error ?? "")")
        }
        let html = XMLCheck(files[0].text)
        #expect(html.count(of: "svg") == 4)
        #expect(html.count(of: "script") == 0)
    }

    @Test func sameRunGivesTheSameBytes() throws {
        let first = TrainReport(try run(epochs: 3, testFraction: 0.2)).files
        let second = TrainReport(try run(epochs: 3, testFraction: 0.2)).files
        #expect(first.map(\.text) == second.map(\.text))
    }

    @Test func categoricalColumnsAreListedOnceWithTheirInputCountAndEscaped() throws {
        var csv = "x,colour <&> tone,y\n"
        let colours = ["red", "green", "blue"]
        for row in 0..<40 {
            let colour = colours[row % 3]
            csv += "\(row),\(colour),\(2 * row + (row % 3) * 5)\n"
        }
        let table = try CSVReader.read(data: Data(csv.utf8), source: "colours.csv")
        var settings = TrainSettings()
        settings.target = "y"
        settings.hidden = [4]
        settings.epochs = 2
        settings.batchSize = 10
        settings.testFraction = 0.25
        let result = try TrainJob(settings: settings).run(on: table)
        let report = TrainReport(result)
        let features = try #require(report.content.dataSummary.first { $0.key == "Features" })
        #expect(result.data.featureCount > 2)
        #expect(
            features.value == "2: x, colour <&> tone (\(result.data.featureCount) inputs)")
        let check = XMLCheck(report.files[0].text)
        #expect(check.parsed)
        #expect(check.texts["dd"]?.contains(features.value) == true)
    }
}

/// Large evaluation sets: the predicted-vs-actual chart draws an evenly spaced sample of rows,
/// so a million-row run does not write an 80 MB chart (the histogram keeps every row).
@Suite struct LargeScatterTests {
    @Test func moreRowsThanTheLimitDrawAnEvenlySpacedSampleAndSaySo() throws {
        let rows = 12_000
        var text = "x,y\n"
        for row in 0..<rows {
            let x = Double(row % 997) / 100
            text += "\(x),\(2 * x + Double(row % 7) / 10)\n"
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-large-scatter-\(UUID().uuidString).csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var settings = TrainSettings()
        settings.dataFile = file.path
        settings.target = "y"
        settings.hidden = [4]
        settings.epochs = 1
        settings.batchSize = 500
        settings.testFraction = 0
        let result = try TrainJob(settings: settings).run()
        let report = TrainReport(result)
        let limit = TrainReport.scatterPointLimit
        // Row i * rows / limit for i < limit, worked out here.
        var expectedRows: [Int] = []
        for index in 0..<limit { expectedRows.append(index * rows / limit) }
        let targets = result.data.trainingTargets
        #expect(targets.count == rows)
        #expect(report.predictionsChart.series[0].x == expectedRows.map { targets[$0] })
        #expect(
            report.predictionsChart.series[0].y
                == expectedRows.map { result.networkTrainingPredictions[$0] })
        #expect(report.predictionsChart.series[1].x.count == limit)
        #expect(report.predictionsChart.title.hasSuffix("5,000 of 12,000 rows)"))
        #expect(report.predictionsChart.svg().utf8.count < 1_000_000)
        let histogramValues = report.residualsChart.series[0].values.count
        #expect(histogramValues == rows)
    }

    @Test func groupedThousands() {
        #expect(TrainReport.grouped(0) == "0")
        #expect(TrainReport.grouped(999) == "999")
        #expect(TrainReport.grouped(1000) == "1,000")
        #expect(TrainReport.grouped(1_234_567) == "1,234,567")
    }
}
