/// The plot area of a chart with its two axes: maps data to pixels and draws the title, grid,
/// ticks, axis lines, axis labels and legend. Faint minor grid lines (log axes) go first.
///
/// Layout (pixels): title baseline at y = 24 (16 px, bold); plot area from y = 40 (16 without
/// a title) to `height - 52`; x tick labels (13 px) 19 below the plot, the x axis label (14 px) 12
/// above the bottom edge; the y axis label turned upright at x = 18; the plot's left edge at
/// max(56, 40 + 8 per character of the longest y tick label); 20 px right margin.
struct PlotFrame {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var xAxis: AxisTicks
    var yAxis: AxisTicks

    init(width: Int, height: Int, hasTitle: Bool, xAxis: AxisTicks, yAxis: AxisTicks) {
        let longestLabel = yAxis.labels.map(\.count).max() ?? 1
        self.left = Double(max(56, 40 + 8 * longestLabel))
        self.top = hasTitle ? 40 : 16
        self.right = Double(width) - 20
        self.bottom = Double(height) - 52
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// Horizontal pixel of data value `x`.
    func pixelX(_ x: Double) -> Double {
        left + xAxis.fraction(of: x) * (right - left)
    }

    /// Vertical pixel of data value `y` (SVG's y grows downwards).
    func pixelY(_ y: Double) -> Double {
        bottom - yAxis.fraction(of: y) * (bottom - top)
    }

    /// Draws the title, grid lines, tick labels, axis lines and axis labels.
    func drawAxes(
        into svg: inout SVGWriter, title: String, xLabel: String, yLabel: String
    ) {
        if !title.isEmpty {
            svg.text(
                title, x: (left + right) / 2, y: 24, anchor: "middle", size: 16, weight: "bold")
        }
        for value in yAxis.minorValues {
            let y = pixelY(value)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: ChartStyle.minorGridColor)
        }
        for (value, label) in zip(yAxis.values, yAxis.labels) {
            let y = pixelY(value)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: ChartStyle.gridColor)
            svg.text(label, x: left - 8, y: y + 4.5, anchor: "end", size: 13)
        }
        for (value, label) in zip(xAxis.values, xAxis.labels) {
            let x = pixelX(value)
            svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: ChartStyle.gridColor)
            svg.text(label, x: x, y: bottom + 19, anchor: "middle", size: 13)
        }
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: ChartStyle.axisColor)
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: ChartStyle.axisColor)
        if !xLabel.isEmpty {
            svg.text(
                xLabel, x: (left + right) / 2, y: Double(svg.height) - 12, anchor: "middle",
                size: 14)
        }
        if !yLabel.isEmpty {
            svg.text(
                yLabel, x: 18, y: (top + bottom) / 2, anchor: "middle", size: 14, rotation: -90)
        }
    }

    /// One legend row: a name and how its swatch is drawn.
    struct LegendEntry {
        enum Symbol {
            case line
            case dashedLine
            case point
            case box
        }
        var name: String
        var color: String
        var symbol: Symbol
    }

    /// Draws a legend box with one 20 px row per entry in a corner of the plot area, 8 px in.
    func drawLegend(into svg: inout SVGWriter, entries: [LegendEntry], position: LegendPosition) {
        guard !entries.isEmpty else { return }
        let longest = entries.map { ChartStyle.estimatedWidth(of: $0.name, size: 13) }.max() ?? 0
        let boxWidth = (44 + longest + 10).rounded(.up)
        let boxHeight = Double(entries.count * 20 + 8)
        let x: Double
        let y: Double
        switch position {
        case .topRight: (x, y) = (right - 8 - boxWidth, top + 8)
        case .topLeft: (x, y) = (left + 8, top + 8)
        case .bottomRight: (x, y) = (right - 8 - boxWidth, bottom - 8 - boxHeight)
        case .bottomLeft: (x, y) = (left + 8, bottom - 8 - boxHeight)
        }
        svg.rectangle(
            x: x, y: y, width: boxWidth, height: boxHeight, fill: "#ffffff", stroke: "#cccccc",
            fillOpacity: 0.9)
        for (index, entry) in entries.enumerated() {
            let rowMiddle = y + 4 + Double(index) * 20 + 10
            switch entry.symbol {
            case .line:
                svg.line(
                    x1: x + 8, y1: rowMiddle, x2: x + 32, y2: rowMiddle, stroke: entry.color,
                    strokeWidth: 2)
            case .dashedLine:
                svg.line(
                    x1: x + 8, y1: rowMiddle, x2: x + 32, y2: rowMiddle, stroke: entry.color,
                    strokeWidth: 1.5, dash: "6 4")
            case .point:
                svg.circle(centerX: x + 20, centerY: rowMiddle, radius: 4, fill: entry.color)
            case .box:
                svg.rectangle(
                    x: x + 14, y: rowMiddle - 6, width: 12, height: 12, fill: entry.color,
                    stroke: entry.color, fillOpacity: 0.5)
            }
            svg.text(entry.name, x: x + 38, y: rowMiddle + 4.5, size: 13)
        }
    }
}
