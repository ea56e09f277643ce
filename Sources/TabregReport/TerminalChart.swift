import Foundation

/// A compact chart of one series as text, for the end of a run on a terminal: an area chart
/// drawn with the eighth-block characters `▁▂▃▄▅▆▇█`, so `height` rows give `8 * height` levels.
///
///     loss per epoch (log scale)
///     608.9 ┤█
///           │█▅
///           │██▆▃▁
///     4.312 ┤█████▇▇▆▆▅▅▄▄▄▃▃▃▂▂▂▂
///           └─────────────────────
///            1       epoch     300
///
/// With more points than columns, each column shows the mean of its points (the mean of
/// their logarithms on a log scale); with fewer, one column per point. A column whose points
/// are all non-finite (or non-positive on a log scale) is left blank. The smallest value gets
/// one eighth of a row so it stays visible; a constant series is drawn at half height.
public struct TerminalChart: Sendable, Equatable {
    /// The first line, e.g. `"loss per epoch"`; " (log scale)" is added on a log scale.
    public var title: String
    /// The series, at x = 1, 2, ..., values.count.
    public var values: [Double]
    /// Linear or logarithmic value axis.
    public var scale: AxisScaleKind
    /// The longest a line may be, labels included; default 64.
    public var width: Int
    /// Rows of bars; default 6.
    public var height: Int
    /// Written under the middle of the x axis when there is room; default `"epoch"`.
    public var xLabel: String

    public init(
        title: String, values: [Double], scale: AxisScaleKind = .linear, width: Int = 64,
        height: Int = 6, xLabel: String = "epoch"
    ) {
        precondition(height >= 2, "height must be at least 2, got \(height)")
        self.title = title
        self.values = values
        self.scale = scale
        self.width = width
        self.height = height
        self.xLabel = xLabel
    }

    /// The chart as lines joined by "\n", without a trailing newline; just the title and
    /// "(no data)" when there is nothing to draw.
    public func render() -> String {
        let heading = title + (scale == .logarithmic ? " (log scale)" : "")
        let transformed = values.map(transform)
        let finite = transformed.compactMap { $0 }
        guard let low = finite.min(), let high = finite.max() else {
            return heading + "\n(no data)"
        }
        let topLabel = label(forTransformed: high)
        let bottomLabel = label(forTransformed: low)
        let labelWidth = max(topLabel.count, bottomLabel.count)
        let plotWidth = max(1, min(values.count, width - labelWidth - 2))
        let columns = columnValues(transformed, count: plotWidth)
        let levels = height * 8
        let columnLevels: [Int?] = columns.map { value in
            guard let value else { return nil }
            if high == low { return levels / 2 }
            return 1 + Int(((value - low) / (high - low) * Double(levels - 1)).rounded())
        }

        var lines = [heading]
        let blocks = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        for row in 0..<height {
            let rowBase = (height - 1 - row) * 8
            var line: String
            if row == 0 {
                line = pad(topLabel, to: labelWidth) + " ┤"
            } else if row == height - 1 {
                line = pad(bottomLabel, to: labelWidth) + " ┤"
            } else {
                line = String(repeating: " ", count: labelWidth) + " │"
            }
            for level in columnLevels {
                line += blocks[min(8, max(0, (level ?? 0) - rowBase))]
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        lines.append(indent + "└" + String(repeating: "─", count: plotWidth))
        lines.append(indent + " " + axisLabels(plotWidth: plotWidth))
        return lines.joined(separator: "\n")
    }

    // MARK: - Helpers

    /// "1" under the first column, the count under the last, and `xLabel` centred between
    /// them when it fits with a space on each side.
    private func axisLabels(plotWidth: Int) -> String {
        var cells = [Character](repeating: " ", count: plotWidth)
        let last = Array(String(values.count))
        if values.count > 1 && last.count + 2 <= plotWidth {
            cells.replaceSubrange((plotWidth - last.count)..<plotWidth, with: last)
        }
        cells[0] = "1"
        let label = Array(xLabel)
        let start = (plotWidth - label.count) / 2
        if !label.isEmpty && start >= 2 && start + label.count <= plotWidth - last.count - 1 {
            cells.replaceSubrange(start..<(start + label.count), with: label)
        }
        var text = String(cells)
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// The value on the drawing axis (its log10 on a log scale); nil when it cannot be drawn.
    private func transform(_ value: Double) -> Double? {
        switch scale {
        case .linear: return value.isFinite ? value : nil
        case .logarithmic: return value.isFinite && value > 0 ? log10(value) : nil
        }
    }

    private func label(forTransformed value: Double) -> String {
        let original = scale == .logarithmic ? pow(10, value) : value
        return ChartNumberFormat.significant(original, significantDigits: 4)
    }

    private func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// The mean of each column's drawable values; column `c` of `count` covers the points with
    /// indices `c * n / count ..< (c + 1) * n / count`.
    private func columnValues(_ transformed: [Double?], count: Int) -> [Double?] {
        let total = transformed.count
        return (0..<count).map { column in
            let start = column * total / count
            let end = (column + 1) * total / count
            let drawable = transformed[start..<end].compactMap { $0 }
            guard !drawable.isEmpty else { return nil }
            return drawable.reduce(0, +) / Double(drawable.count)
        }
    }
}
