import Testing

@testable import TabregReport

@Suite struct ScatterChartTests {
    /// 200 x 200 without title: left 56 (labels "0" ... "10"), top 16, right 180, bottom 148;
    /// square side min(124, 132) = 124 with no spare width, so top becomes 148 - 124 = 24.
    /// Shared axis 0...10 (range nice(10) = 10, step 2): x pixel = 56 + 12.4 x,
    /// y pixel = 148 - 12.4 y.
    @Test func pointsAndIdentityLineSitOnASquareSharedAxis() {
        let chart = ScatterChart(
            title: "", xLabel: "actual", yLabel: "predicted",
            series: [ScatterSeries(name: "net", x: [0, 10, 5], y: [0, 10, 2.5])],
            width: 200, height: 200)
        let svg = chart.svg()
        expectWellFormed(svg)
        #expect(svg.contains("<circle cx=\"56\" cy=\"148\" r=\"3\"/>"))
        #expect(svg.contains("<circle cx=\"180\" cy=\"24\" r=\"3\"/>"))
        #expect(svg.contains("<circle cx=\"118\" cy=\"117\" r=\"3\"/>"))
        #expect(
            svg.contains(
                "<line x1=\"56\" y1=\"148\" x2=\"180\" y2=\"24\" stroke=\"#444444\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
            ))
    }

    @Test func nonFinitePointsAreSkippedAndEachSeriesHasItsColour() {
        let chart = ScatterChart(
            title: "Predicted vs actual", xLabel: "actual", yLabel: "predicted",
            series: [
                ScatterSeries(name: "Network", x: [1, 2, .nan, 4], y: [1.1, 2.2, 3, .infinity]),
                ScatterSeries(name: "OLS", x: [1, 2, 3], y: [1.5, 1.8, 3.3]),
            ])
        let svg = chart.svg()
        let check = XMLCheck(svg)
        #expect(check.parsed)
        // 2 + 3 data points and 2 legend dots.
        #expect(check.count(of: "circle") == 7)
        #expect(svg.contains("<g fill=\"#0072B2\" fill-opacity=\"0.6\">"))
        #expect(svg.contains("<g fill=\"#D55E00\" fill-opacity=\"0.6\">"))
        #expect(check.texts["text"]?.contains("y = x") == true)
    }

    @Test func emptyScatterIsStillValid() {
        let check = XMLCheck(
            ScatterChart(title: "none", xLabel: "a", yLabel: "p", series: []).svg())
        #expect(check.parsed)
    }
}
