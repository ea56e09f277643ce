/// Everything a run's HTML report shows, as plain values; `HTMLReport.render(_:)` lays it out.
///
/// All text is escaped when rendered, so it may hold anything a user's data or file names
/// contain. Figures hold SVG documents made by the chart types of this module and are inlined
/// verbatim.
public struct ReportContent: Sendable, Equatable {
    /// A labelled value, such as `("Rows", "506")` in the data summary.
    public struct Item: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// A chart with an optional caption under it; its title names the figure for screen
    /// readers (the chart shows its own title).
    public struct Figure: Sendable, Equatable {
        public var title: String
        /// A complete `<svg>` element, e.g. from `LineChart.svg()`; inserted as it is.
        public var svg: String
        public var caption: String?

        public init(title: String, svg: String, caption: String? = nil) {
            self.title = title
            self.svg = svg
            self.caption = caption
        }
    }

    /// A metric column group of the comparison table.
    public struct Metric: Sendable, Equatable {
        /// Column heading, e.g. `"MSE"` or `"R²"`.
        public var name: String
        /// Whether smaller values are better (errors) or larger (R²); the best value of each
        /// column is shown in bold.
        public var lowerIsBetter: Bool
        /// Significant digits shown; default 4.
        public var significantDigits: Int

        public init(name: String, lowerIsBetter: Bool, significantDigits: Int = 4) {
            self.name = name
            self.lowerIsBetter = lowerIsBetter
            self.significantDigits = significantDigits
        }
    }

    /// One model's row of the comparison table.
    public struct Row: Sendable, Equatable {
        /// e.g. `"Network"`, `"OLS"`.
        public var model: String
        /// `values[split][metric]`, parallel to the table's `splits` and `metrics`; nil shows
        /// as a dash.
        public var values: [[Double?]]

        public init(model: String, values: [[Double?]]) {
            self.model = model
            self.values = values
        }
    }

    /// Models in rows; for each split (train, test), one column per metric.
    public struct ComparisonTable: Sendable, Equatable {
        /// Split headings, e.g. `["Train", "Test"]`.
        public var splits: [String]
        public var metrics: [Metric]
        public var rows: [Row]

        public init(splits: [String], metrics: [Metric], rows: [Row]) {
            for row in rows {
                precondition(
                    row.values.count == splits.count
                        && row.values.allSatisfy { $0.count == metrics.count },
                    "row \(row.model) must have \(splits.count) x \(metrics.count) values")
            }
            self.splits = splits
            self.metrics = metrics
            self.rows = rows
        }
    }

    /// The page title and main heading.
    public var title: String
    /// A line under the heading (data source, date-free so reports are reproducible).
    public var subtitle: String?
    /// The one-sentence answer shown first, e.g. how much the network beats the baseline.
    public var headline: String?
    /// Warnings and notes from loading and training; shown prominently when present.
    public var notices: [String]
    public var comparison: ComparisonTable?
    /// Charts, shown two across on a wide screen, in order.
    public var figures: [Figure]
    /// Rows, features, target, split sizes, ...
    public var dataSummary: [Item]
    /// Architecture, optimizer, learning rate, ...
    public var settings: [Item]
    /// Small print at the bottom, e.g. the tabreg version.
    public var footer: String?

    public init(
        title: String, subtitle: String? = nil, headline: String? = nil, notices: [String] = [],
        comparison: ComparisonTable? = nil, figures: [Figure] = [], dataSummary: [Item] = [],
        settings: [Item] = [], footer: String? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.headline = headline
        self.notices = notices
        self.comparison = comparison
        self.figures = figures
        self.dataSummary = dataSummary
        self.settings = settings
        self.footer = footer
    }
}
