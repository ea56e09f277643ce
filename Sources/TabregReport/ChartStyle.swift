/// Colours, fonts and sizes shared by the SVG charts.
///
/// The series palette is Okabe and Ito's colour-blind-safe set ("Color Universal Design",
/// 2008), in an order whose first two (blue, vermillion) stay distinct in grey print.
public enum ChartStyle {
    /// Series colours, used in order and repeated for more series.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    /// Titles, labels and tick text.
    public static let textColor = "#222222"
    /// Grid lines behind the data.
    public static let gridColor = "#e6e6e6"
    /// Unlabelled minor grid lines (2...9 times each power of ten on a log axis).
    public static let minorGridColor = "#f0f0f0"
    /// The axis lines.
    public static let axisColor = "#666666"
    /// Reference lines (a baseline's error, the y = x line).
    public static let referenceColor = "#444444"
    /// Font stack; generic fallback last so any system renders it.
    public static let fontFamily = "Helvetica, Arial, sans-serif"

    /// The colour of the series at `index` (0-based), cycling through `palette`.
    public static func color(at index: Int) -> String {
        palette[index % palette.count]
    }

    /// A rough width in pixels of `text` at `size` for layout (legend boxes, margins): 0.6 em
    /// per character, which is close for Helvetica and Arial digits and lower-case letters.
    static func estimatedWidth(of text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}

/// Where a legend sits inside the plot area.
public enum LegendPosition: Sendable, Equatable {
    case topRight
    case topLeft
    case bottomRight
    case bottomLeft
}
