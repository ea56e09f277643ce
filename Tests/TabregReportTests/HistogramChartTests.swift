import Testing

@testable import TabregReport

@Suite struct HistogramChartTests {
    /// 0 ... 9.9 in about 5 bins: width nice(1.98) = 2, edges 0, 2, ..., 10.
    @Test func binsHaveNiceWidthAndCountEveryFiniteValue() {
        let chart = HistogramChart(
            title: "r", xLabel: "residual",
            series: [HistogramSeries(name: "a", values: [0, 0.5, 1, 1.5, 2, 9.9, .nan])],
            binCount: 5)
        let bins = chart.bins()
        #expect(bins.start == 0)
        #expect(bins.width == 2)
        #expect(bins.counts == [[4, 1, 0, 0, 1]])
    }

    @Test func negativeValuesStartAtAWholeBin() {
        // -3 ... 4.5 in about 4 bins: width nice(1.875) = 2, first edge floor(-3 / 2) * 2 = -4.
        let chart = HistogramChart(
            title: "r", xLabel: "residual",
            series: [
                HistogramSeries(name: "a", values: [-3, -1, 0, 4.5]),
                HistogramSeries(name: "b", values: [1, 1, 1]),
            ], binCount: 4)
        let bins = chart.bins()
        #expect(bins.start == -4)
        #expect(bins.counts == [[1, 1, 1, 0, 1], [0, 0, 3, 0, 0]])
    }

    @Test func svgHasOneBarPerNonEmptyBinAndParses() {
        let chart = HistogramChart(
            title: "Residuals", xLabel: "predicted - actual",
            series: [
                HistogramSeries(name: "Network", values: [-1, -0.5, 0, 0.2, 0.3, 1]),
                HistogramSeries(name: "OLS", values: [-3, 2, 2.5]),
            ], markerValue: 0)
        let svg = chart.svg()
        let check = XMLCheck(svg)
        #expect(check.parsed)
        let nonEmpty = chart.bins().counts.flatMap { $0 }.filter { $0 > 0 }.count
        // Bars, plus the background, the legend box and two legend swatches.
        #expect(check.count(of: "rect") == nonEmpty + 4)
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test func constantAndEmptySamplesStillGiveValidCharts() {
        let constant = HistogramChart(
            title: "c", xLabel: "x", series: [HistogramSeries(name: "c", values: [3, 3, 3])])
        #expect(constant.bins().counts.flatMap { $0 }.reduce(0, +) == 3)
        expectWellFormed(constant.svg())
        let empty = HistogramChart(
            title: "e", xLabel: "x", series: [HistogramSeries(name: "e", values: [])])
        expectWellFormed(empty.svg())
    }
}
