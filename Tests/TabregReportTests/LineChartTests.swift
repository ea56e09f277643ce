import Testing

@testable import TabregReport

@Suite struct LineChartTests {
    /// The whole SVG of a 200 x 150 chart with one series (0,0), (1,10), (2,5), worked out by
    /// hand from the layout rules in `PlotFrame`'s documentation:
    /// - x ticks for 0...2: range nice(2) = 2, step nice(0.5) = 0.5 -> 0, 0.5, 1, 1.5, 2;
    ///   y ticks for 0...10: range nice(10) = 10, step nice(2.5) = 2 -> 0, 2, ..., 10.
    /// - Longest y label "10" (2 characters): left = max(56, 40 + 8 * 2) = 56; title, so
    ///   top = 40; right = 200 - 20 = 180; bottom = 150 - 52 = 98.
    /// - x pixel = 56 + 124 * x / 2 (0.5 -> 87); y pixel = 98 - 58 * y / 10 (2 -> 86.4).
    /// - Legend: 1 entry "a", width ceil(44 + 0.6 * 13 + 10) = 62, height 28, at
    ///   (180 - 8 - 62, 40 + 8) = (110, 48); its row middle 48 + 4 + 10 = 62.
    @Test func smallChartMatchesHandComputedSVG() {
        let chart = LineChart(
            title: "T", xLabel: "x", yLabel: "y",
            series: [LineSeries(name: "a", x: [0, 1, 2], y: [0, 10, 5])], width: 200, height: 150)
        let expected = """
            <svg xmlns="http://www.w3.org/2000/svg" width="200" height="150" viewBox="0 0 200 150" font-family="Helvetica, Arial, sans-serif" role="img">
            <title>T</title>
            <rect width="200" height="150" fill="#ffffff"/>
            <text x="118" y="24" text-anchor="middle" font-size="16" font-weight="bold" fill="#222222">T</text>
            <line x1="56" y1="98" x2="180" y2="98" stroke="#e6e6e6" stroke-width="1"/>
            <text x="48" y="102.5" text-anchor="end" font-size="13" fill="#222222">0</text>
            <line x1="56" y1="86.4" x2="180" y2="86.4" stroke="#e6e6e6" stroke-width="1"/>
            <text x="48" y="90.9" text-anchor="end" font-size="13" fill="#222222">2</text>
            <line x1="56" y1="74.8" x2="180" y2="74.8" stroke="#e6e6e6" stroke-width="1"/>
            <text x="48" y="79.3" text-anchor="end" font-size="13" fill="#222222">4</text>
            <line x1="56" y1="63.2" x2="180" y2="63.2" stroke="#e6e6e6" stroke-width="1"/>
            <text x="48" y="67.7" text-anchor="end" font-size="13" fill="#222222">6</text>
            <line x1="56" y1="51.6" x2="180" y2="51.6" stroke="#e6e6e6" stroke-width="1"/>
            <text x="48" y="56.1" text-anchor="end" font-size="13" fill="#222222">8</text>
            <line x1="56" y1="40" x2="180" y2="40" stroke="#e6e6e6" stroke-width="1"/>
            <text x="48" y="44.5" text-anchor="end" font-size="13" fill="#222222">10</text>
            <line x1="56" y1="40" x2="56" y2="98" stroke="#e6e6e6" stroke-width="1"/>
            <text x="56" y="117" text-anchor="middle" font-size="13" fill="#222222">0</text>
            <line x1="87" y1="40" x2="87" y2="98" stroke="#e6e6e6" stroke-width="1"/>
            <text x="87" y="117" text-anchor="middle" font-size="13" fill="#222222">0.5</text>
            <line x1="118" y1="40" x2="118" y2="98" stroke="#e6e6e6" stroke-width="1"/>
            <text x="118" y="117" text-anchor="middle" font-size="13" fill="#222222">1</text>
            <line x1="149" y1="40" x2="149" y2="98" stroke="#e6e6e6" stroke-width="1"/>
            <text x="149" y="117" text-anchor="middle" font-size="13" fill="#222222">1.5</text>
            <line x1="180" y1="40" x2="180" y2="98" stroke="#e6e6e6" stroke-width="1"/>
            <text x="180" y="117" text-anchor="middle" font-size="13" fill="#222222">2</text>
            <line x1="56" y1="98" x2="180" y2="98" stroke="#666666" stroke-width="1"/>
            <line x1="56" y1="40" x2="56" y2="98" stroke="#666666" stroke-width="1"/>
            <text x="118" y="138" text-anchor="middle" font-size="14" fill="#222222">x</text>
            <text x="18" y="69" text-anchor="middle" font-size="14" fill="#222222" transform="rotate(-90 18 69)">y</text>
            <path d="M56,98L118,40L180,69" fill="none" stroke="#0072B2" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>
            <rect x="110" y="48" width="62" height="28" fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>
            <line x1="118" y1="62" x2="142" y2="62" stroke="#0072B2" stroke-width="2"/>
            <text x="148" y="66.5" font-size="13" fill="#222222">a</text>
            </svg>

            """
        let svg = chart.svg()
        #expect(svg == expected)
        expectWellFormed(svg)
    }

    /// On a log axis 1, 10, 100 sit at fractions 0, 1/2, 1 of the height (ticks 1 ... 100,
    /// two decades, so 1, 2, 5, 10, 20, 50, 100); the longest label "100" makes
    /// left = max(56, 40 + 8 * 3) = 64. Default size 640 x 400 without a title: top 16,
    /// bottom 348, right 620; x ticks for 1...3: range nice(2) = 2, step 0.5, ticks 1 ... 3,
    /// so x pixel = 64 + 556 * (x - 1) / 2 and y pixel = 348 - 332 * log10(y) / 2.
    @Test func logScaleMapsEachDecadeToEqualHeight() {
        let chart = LineChart(
            title: "", xLabel: "", yLabel: "",
            series: [LineSeries(name: "loss", values: [1, 10, 100])], yScale: .logarithmic)
        let svg = chart.svg()
        #expect(svg.contains("<path d=\"M64,348L342,182L620,16\""))
        let check = XMLCheck(svg)
        #expect(check.texts["text"]?.prefix(7) == ["1", "2", "5", "10", "20", "50", "100"])
    }

    @Test func nonFiniteAndNonPositiveLogValuesBreakTheLine() {
        let chart = LineChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [LineSeries(name: "s", values: [5, 4, .nan, 3, 2, 0, 1, -1, 0.5, 0.4])],
            yScale: .logarithmic)
        let svg = chart.svg()
        expectWellFormed(svg)
        let pathLine = svg.split(separator: "\n").first { $0.hasPrefix("<path") }!
        // Runs: [5, 4], [3, 2], [1] alone (a dot), [0.5, 0.4]: three moves in the path.
        #expect(pathLine.filter { $0 == "M" }.count == 3)
        #expect(XMLCheck(svg).count(of: "circle") == 1)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func singlePointIsDrawnAsADot() {
        let chart = LineChart(
            title: "one", xLabel: "epoch", yLabel: "loss",
            series: [LineSeries(name: "loss", values: [3.5])])
        let check = XMLCheck(chart.svg())
        #expect(check.parsed)
        #expect(check.count(of: "path") == 0)
        #expect(check.count(of: "circle") == 1)
    }

    @Test func constantSeriesIsAFlatLineInTheMiddle() {
        // Domain 4.4...5.6 for the constant 5 (see AxisTicksTests); default size, title:
        // top 40, bottom 348, so y = 348 - 0.5 * 308 = 194.
        let chart = LineChart(
            title: "flat", xLabel: "", yLabel: "",
            series: [LineSeries(name: "c", values: [5, 5, 5])])
        let svg = chart.svg()
        let pathLine = svg.split(separator: "\n").first { $0.hasPrefix("<path") }!
        #expect(pathLine.contains(",194L") && pathLine.contains(",194\""))
    }

    @Test func emptyAndAllMissingSeriesStillGiveAValidChart() {
        let chart = LineChart(
            title: "nothing", xLabel: "x", yLabel: "y",
            series: [
                LineSeries(name: "empty", values: []), LineSeries(name: "nan", values: [.nan]),
            ])
        let check = XMLCheck(chart.svg())
        #expect(check.parsed)
        #expect(check.count(of: "path") == 0)
        #expect(check.texts["text"]?.contains("empty") == true)
    }

    @Test func hugeValuesGiveFiniteCoordinates() {
        let chart = LineChart(
            title: "huge", xLabel: "x", yLabel: "y",
            series: [LineSeries(name: "s", values: [-1e308, 1.7e308, 1e-300, 3e200])])
        let svg = chart.svg()
        expectWellFormed(svg)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func referenceLineExtendsTheAxisAndJoinsTheLegend() {
        let chart = LineChart(
            title: "error", xLabel: "epoch", yLabel: "MSE",
            series: [LineSeries(name: "test MSE", values: [9, 8, 7])],
            referenceLine: ReferenceLine(label: "OLS test MSE 24.29", value: 24.29))
        let svg = chart.svg()
        let check = XMLCheck(svg)
        #expect(check.parsed)
        #expect(check.texts["text"]?.contains("OLS test MSE 24.29") == true)
        // 7...24.29: range nice(17.29) = 20, step nice(5) = 5, ticks 5 ... 25.
        #expect(check.texts["text"]?.contains("25") == true)
        #expect(svg.split(separator: "\n").filter { $0.contains("stroke-dasharray") }.count == 2)
    }

    @Test func textIsEscaped() {
        let chart = LineChart(
            title: "a < b & \"c\"", xLabel: "<x>", yLabel: "y's",
            series: [LineSeries(name: "</text><script>", values: [1, 2])])
        let svg = chart.svg()
        let check = XMLCheck(svg)
        #expect(check.parsed)
        #expect(check.count(of: "script") == 0)
        #expect(check.texts["title"] == ["a < b & \"c\""])
        #expect(check.texts["text"]?.contains("</text><script>") == true)
    }

    @Test func seriesTakePaletteColoursInOrderUnlessGiven() {
        let chart = LineChart(
            title: "", xLabel: "", yLabel: "",
            series: [
                LineSeries(name: "a", values: [1, 2]),
                LineSeries(name: "b", values: [2, 1], color: "#123456"),
                LineSeries(name: "c", values: [1, 1.5]),
            ])
        let paths = chart.svg().split(separator: "\n").filter { $0.hasPrefix("<path") }
        #expect(paths.count == 3)
        #expect(paths[0].contains("stroke=\"#0072B2\""))
        #expect(paths[1].contains("stroke=\"#123456\""))
        #expect(paths[2].contains("stroke=\"#009E73\""))
    }
}
