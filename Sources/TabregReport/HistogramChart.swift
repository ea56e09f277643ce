/// One named sample of a histogram, such as one model's residuals.
public struct HistogramSeries: Sendable, Equatable {
    /// The name shown in the legend.
    public var name: String
    /// The sample; non-finite values are skipped.
    public var values: [Double]
    /// A CSS colour; nil takes the next colour of `ChartStyle.palette`.
    public var color: String?

    public init(name: String, values: [Double], color: String? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}

/// A histogram of one or more samples on shared bins, written as SVG by `svg()`; for
/// residuals (prediction minus actual) of several models.
///
/// Bins: all samples share equal-width bins whose width is a nice number (1, 2 or 5 times a
/// power of ten) near (largest - smallest) / `binCount`, with edges at whole multiples of the
/// width; a value on an inner edge counts in the bin to its right. Several samples are drawn
/// overlaid and half transparent. The y axis counts rows, ticked in whole numbers.
public struct HistogramChart: Sendable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [HistogramSeries]
    /// About how many bins to use; nil (default) picks ceil(sqrt(n)) for the largest sample
    /// size n, clamped to 5...40.
    public var binCount: Int?
    /// An optional vertical dashed line, such as 0 for residuals; default none.
    public var markerValue: Double?
    /// Size in pixels; default 640 x 400.
    public var width: Int
    public var height: Int
    public var legendPosition: LegendPosition

    public init(
        title: String, xLabel: String, yLabel: String = "Rows", series: [HistogramSeries],
        binCount: Int? = nil, markerValue: Double? = nil, width: Int = 640, height: Int = 400,
        legendPosition: LegendPosition = .topRight
    ) {
        precondition(binCount.map { $0 > 0 } ?? true, "binCount must be positive, got \(binCount!)")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.binCount = binCount
        self.markerValue = markerValue
        self.width = width
        self.height = height
        self.legendPosition = legendPosition
    }

    /// The shared bins: the left edge of the first bin, the bin width, and each sample's
    /// count per bin.
    public func bins() -> (start: Double, width: Double, counts: [[Int]]) {
        let samples = series.map { $0.values.filter(\.isFinite) }
        let all = samples.flatMap { $0 }
        guard var low = all.min(), var high = all.max() else {
            return (0, 1, samples.map { _ in [] })
        }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let largestSample = samples.map(\.count).max() ?? 0
        let wanted =
            binCount ?? min(40, max(5, Int(Double(largestSample).squareRoot().rounded(.up))))
        let binWidth = AxisTicks.niceNumber((high - low) / Double(wanted), rounding: true)
        let firstIndex = (low / binWidth).rounded(.down)
        let start = firstIndex * binWidth
        let count = max(1, Int((high / binWidth).rounded(.down) - firstIndex) + 1)
        let counts = samples.map { sample -> [Int] in
            var bins = [Int](repeating: 0, count: count)
            for value in sample {
                let index = Int((value / binWidth).rounded(.down) - firstIndex)
                bins[min(max(index, 0), count - 1)] += 1
            }
            return bins
        }
        return (start, binWidth, counts)
    }

    /// The chart as a standalone SVG document (also fit to inline into HTML).
    public func svg() -> String {
        let (start, binWidth, counts) = bins()
        let binTotal = counts.first?.count ?? 0
        let end = start + Double(binTotal) * binWidth
        var xMinimum = start
        var xMaximum = end
        if let markerValue, markerValue.isFinite {
            xMinimum = min(xMinimum, markerValue)
            xMaximum = max(xMaximum, markerValue)
        }
        let xAxis = AxisTicks(
            minimum: binTotal > 0 ? xMinimum : .nan, maximum: binTotal > 0 ? xMaximum : .nan)
        // At least 5 on the count axis keeps its nice step a whole number (0...5 ticks by 1).
        let largestCount = counts.flatMap { $0 }.max() ?? 0
        let yAxis = AxisTicks(minimum: 0, maximum: Double(max(largestCount, 5)))
        let frame = PlotFrame(
            width: width, height: height, hasTitle: !title.isEmpty, xAxis: xAxis, yAxis: yAxis)

        var svg = SVGWriter(width: width, height: height)
        frame.drawAxes(into: &svg, title: title, xLabel: xLabel, yLabel: yLabel)
        var legend: [PlotFrame.LegendEntry] = []
        for (index, one) in series.enumerated() {
            let color = one.color ?? ChartStyle.color(at: index)
            // Overlaid samples stay readable: light fills, each with its own full-colour outline.
            let opacity = series.count > 1 ? "0.35" : "0.7"
            svg.beginGroup([
                ("fill", color), ("fill-opacity", opacity), ("stroke", color),
                ("stroke-width", "1.5"),
            ])
            for (bin, count) in counts[index].enumerated() where count > 0 {
                let x0 = frame.pixelX(start + Double(bin) * binWidth)
                let x1 = frame.pixelX(start + Double(bin + 1) * binWidth)
                let y = frame.pixelY(Double(count))
                svg.rectangle(
                    x: x0, y: y, width: x1 - x0, height: frame.bottom - y)
            }
            svg.endGroup()
            legend.append(.init(name: one.name, color: color, symbol: .box))
        }
        if let markerValue, markerValue.isFinite, binTotal > 0 {
            let x = frame.pixelX(markerValue)
            svg.line(
                x1: x, y1: frame.top, x2: x, y2: frame.bottom, stroke: ChartStyle.referenceColor,
                strokeWidth: 1.5, dash: "6 4")
        }
        frame.drawLegend(into: &svg, entries: legend, position: legendPosition)
        return svg.document(title: title)
    }
}
