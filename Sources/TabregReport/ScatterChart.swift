/// One named series of a scatter plot: predicted values against actual ones.
public struct ScatterSeries: Sendable, Equatable {
    /// The name shown in the legend.
    public var name: String
    /// Horizontal positions (actual values), parallel to `y`.
    public var x: [Double]
    /// Vertical positions (predictions), parallel to `x`. Points with a non-finite coordinate
    /// are skipped.
    public var y: [Double]
    /// A CSS colour; nil takes the next colour of `ChartStyle.palette`.
    public var color: String?

    public init(name: String, x: [Double], y: [Double], color: String? = nil) {
        precondition(
            x.count == y.count, "x and y must have the same count, got \(x.count) and \(y.count)")
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// A scatter plot of one or more series, written as SVG by `svg()`; for predicted against
/// actual values, with the y = x line where a perfect model's points would lie.
///
/// With the identity line shown, both axes share one domain and ticks (covering every finite
/// coordinate of every series) and the plot area is square, so y = x is the diagonal; the
/// square keeps the bottom edge and is centred in the width available.
/// Points are drawn semi-transparent (opacity 0.6) so dense regions read darker.
public struct ScatterChart: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ScatterSeries]
    /// Draws the dashed y = x line and makes the axes equal; default true.
    public var showsIdentityLine: Bool
    /// Size in pixels; default 520 x 520.
    public var width: Int
    public var height: Int
    /// Default top left, which the y = x diagonal leaves empty.
    public var legendPosition: LegendPosition

    public init(
        title: String, xLabel: String, yLabel: String, series: [ScatterSeries],
        showsIdentityLine: Bool = true, width: Int = 520, height: Int = 520,
        legendPosition: LegendPosition = .topLeft
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.showsIdentityLine = showsIdentityLine
        self.width = width
        self.height = height
        self.legendPosition = legendPosition
    }

    /// The chart as a standalone SVG document (also fit to inline into HTML).
    public func svg() -> String {
        let points = series.map { one in
            zip(one.x, one.y).filter { $0.0.isFinite && $0.1.isFinite }
        }
        let xs = points.flatMap { $0.map(\.0) }
        let ys = points.flatMap { $0.map(\.1) }
        let xAxis: AxisTicks
        let yAxis: AxisTicks
        if showsIdentityLine {
            let all = xs + ys
            xAxis = AxisTicks(minimum: all.min() ?? .nan, maximum: all.max() ?? .nan)
            yAxis = xAxis
        } else {
            xAxis = AxisTicks(minimum: xs.min() ?? .nan, maximum: xs.max() ?? .nan)
            yAxis = AxisTicks(minimum: ys.min() ?? .nan, maximum: ys.max() ?? .nan)
        }
        var frame = PlotFrame(
            width: width, height: height, hasTitle: !title.isEmpty, xAxis: xAxis, yAxis: yAxis)
        if showsIdentityLine {
            // Square plot area: shrink the longer side, keeping the bottom edge and centring
            // the plot horizontally in the room it had.
            let side = min(frame.right - frame.left, frame.bottom - frame.top)
            let spareWidth = (frame.right - frame.left) - side
            frame.left += (spareWidth / 2).rounded(.down)
            frame.right = frame.left + side
            frame.top = frame.bottom - side
        }

        var svg = SVGWriter(width: width, height: height)
        frame.drawAxes(into: &svg, title: title, xLabel: xLabel, yLabel: yLabel)
        var legend: [PlotFrame.LegendEntry] = []
        for (index, one) in series.enumerated() {
            let color = one.color ?? ChartStyle.color(at: index)
            svg.beginGroup([("fill", color), ("fill-opacity", "0.6")])
            for (x, y) in points[index] {
                svg.circle(centerX: frame.pixelX(x), centerY: frame.pixelY(y), radius: 3)
            }
            svg.endGroup()
            legend.append(.init(name: one.name, color: color, symbol: .point))
        }
        if showsIdentityLine {
            svg.line(
                x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.top,
                stroke: ChartStyle.referenceColor, strokeWidth: 1.5, dash: "6 4")
            legend.append(
                .init(name: "y = x", color: ChartStyle.referenceColor, symbol: .dashedLine))
        }
        frame.drawLegend(into: &svg, entries: legend, position: legendPosition)
        return svg.document(title: title)
    }
}
