/// One named series of a line chart: y values at x positions.
public struct LineSeries: Sendable, Equatable {
    /// The name shown in the legend.
    public var name: String
    /// Horizontal positions, parallel to `y`.
    public var x: [Double]
    /// Values, parallel to `x`. Non-finite values (and, on a logarithmic axis, values <= 0)
    /// are skipped and break the line there.
    public var y: [Double]
    /// A CSS colour such as `"#0072B2"`; nil takes the next colour of `ChartStyle.palette`.
    public var color: String?

    /// A series with explicit x positions; `x` and `y` must have the same count.
    public init(name: String, x: [Double], y: [Double], color: String? = nil) {
        precondition(
            x.count == y.count, "x and y must have the same count, got \(x.count) and \(y.count)")
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }

    /// A series at x = 1, 2, ..., values.count (epochs, for a training curve).
    public init(name: String, values: [Double], color: String? = nil) {
        self.init(name: name, x: values.indices.map { Double($0 + 1) }, y: values, color: color)
    }
}

/// A horizontal dashed line at a fixed value, such as a baseline's test error, shown in the
/// legend with its label.
public struct ReferenceLine: Sendable, Equatable {
    /// Legend text, e.g. `"OLS test MSE 24.29"`.
    public var label: String
    /// The y value of the line.
    public var value: Double

    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}

/// A line chart of one or more series, written as SVG by `svg()`.
///
/// Axes get nice-number ticks (see `AxisTicks`) covering every finite point and the reference
/// line; the y axis may be logarithmic for loss curves that fall by orders of magnitude. A
/// point whose neighbours are both missing is drawn as a dot so it does not vanish.
public struct LineChart: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    /// Linear (default) or logarithmic y axis.
    public var yScale: AxisScaleKind
    /// An optional horizontal reference line; default none.
    public var referenceLine: ReferenceLine?
    /// Size in pixels; default 640 x 400.
    public var width: Int
    public var height: Int
    /// Default top right, where falling curves leave room.
    public var legendPosition: LegendPosition

    public init(
        title: String, xLabel: String, yLabel: String, series: [LineSeries],
        yScale: AxisScaleKind = .linear, referenceLine: ReferenceLine? = nil,
        width: Int = 640, height: Int = 400, legendPosition: LegendPosition = .topRight
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yScale = yScale
        self.referenceLine = referenceLine
        self.width = width
        self.height = height
        self.legendPosition = legendPosition
    }

    /// The chart as a standalone SVG document (also fit to inline into HTML).
    public func svg() -> String {
        let points = series.map(drawablePoints)
        let xs = points.flatMap { $0.compactMap { $0?.x } }
        var ys = points.flatMap { $0.compactMap { $0?.y } }
        if let referenceLine, isDrawable(referenceLine.value) { ys.append(referenceLine.value) }
        let xAxis = AxisTicks(minimum: xs.min() ?? .nan, maximum: xs.max() ?? .nan)
        let yAxis = AxisTicks(minimum: ys.min() ?? .nan, maximum: ys.max() ?? .nan, kind: yScale)
        let frame = PlotFrame(
            width: width, height: height, hasTitle: !title.isEmpty, xAxis: xAxis, yAxis: yAxis)

        var svg = SVGWriter(width: width, height: height)
        frame.drawAxes(into: &svg, title: title, xLabel: xLabel, yLabel: yLabel)
        var legend: [PlotFrame.LegendEntry] = []
        if let referenceLine, isDrawable(referenceLine.value) {
            let y = frame.pixelY(referenceLine.value)
            svg.line(
                x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: ChartStyle.referenceColor,
                strokeWidth: 1.5, dash: "6 4")
        }
        for (index, one) in series.enumerated() {
            let color = one.color ?? ChartStyle.color(at: index)
            draw(points[index], color: color, frame: frame, into: &svg)
            legend.append(.init(name: one.name, color: color, symbol: .line))
        }
        if let referenceLine, isDrawable(referenceLine.value) {
            legend.append(
                .init(
                    name: referenceLine.label, color: ChartStyle.referenceColor,
                    symbol: .dashedLine))
        }
        frame.drawLegend(into: &svg, entries: legend, position: legendPosition)
        return svg.document(title: title)
    }

    // MARK: - Drawing

    private func isDrawable(_ value: Double) -> Bool {
        value.isFinite && (yScale == .linear || value > 0)
    }

    /// The series' points in order, with nil where a point is skipped (a break in the line).
    private func drawablePoints(_ series: LineSeries) -> [(x: Double, y: Double)?] {
        zip(series.x, series.y).map { x, y in
            x.isFinite && isDrawable(y) ? (x, y) : nil
        }
    }

    private func draw(
        _ points: [(x: Double, y: Double)?], color: String, frame: PlotFrame,
        into svg: inout SVGWriter
    ) {
        var data = ""
        var isolated: [(x: Double, y: Double)] = []
        var index = 0
        while index < points.count {
            guard points[index] != nil else {
                index += 1
                continue
            }
            var run: [(x: Double, y: Double)] = []
            while index < points.count, let point = points[index] {
                run.append((frame.pixelX(point.x), frame.pixelY(point.y)))
                index += 1
            }
            if run.count == 1 {
                isolated.append(run[0])
                continue
            }
            for (position, pixel) in run.enumerated() {
                data += (position == 0 ? "M" : "L")
                data += SVGWriter.number(pixel.x) + "," + SVGWriter.number(pixel.y)
            }
        }
        if !data.isEmpty { svg.path(data, stroke: color, strokeWidth: 2) }
        for pixel in isolated {
            svg.circle(centerX: pixel.x, centerY: pixel.y, radius: 3, fill: color)
        }
    }
}
