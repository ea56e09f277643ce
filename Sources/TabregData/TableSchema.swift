/// What tabreg infers about a table's columns, for `tabreg describe` and the run's JSON.
public struct TableSchema: Sendable, Equatable, Encodable {
    /// One column's summary.
    public struct ColumnSummary: Sendable, Equatable, Encodable {
        /// 1-based position in the file.
        public var number: Int
        public var name: String
        /// `numeric` or `categorical`.
        public var type: String
        /// `feature` (default), `index` (dropped as a row index), `empty` (every value
        /// missing; dropped), `target`, or `dropped` (by --drop or --features).
        public var role: String
        public var missing: Int
        /// Numeric columns: smallest and largest value, mean, whether all are integers, and
        /// the number of distinct values.
        public var minimum: Double?
        public var maximum: Double?
        public var mean: Double?
        public var integer: Bool?
        public var distinct: Int
        /// Categorical columns: the levels, most frequent first (ties by code point), at most
        /// ``levelLimit``, and how often each occurs.
        public var levels: [String]?
        public var levelCounts: [Int]?

        enum CodingKeys: String, CodingKey {
            case number, name, type, role, missing
            case minimum = "min"
            case maximum = "max"
            case mean
            case integer, distinct, levels
            case levelCounts = "level_counts"
        }
    }

    /// How many levels a summary lists.
    public static let levelLimit = 20

    public var source: String
    public var rows: Int
    public var columns: [ColumnSummary]
    /// What the reader decided (delimiter, decimal comma, ...); not encoded (a run's JSON
    /// has its own `notices`).
    public var notices: [String] = []

    enum CodingKeys: String, CodingKey {
        case source, rows, columns
    }

    /// Summarizes every column of `table`; `roles` overrides the role by column index.
    public init(_ table: Table, roles: [Int: String] = [:]) {
        notices = table.notices
        source = table.source
        rows = table.rowCount
        columns = table.columns.enumerated().map { index, column in
            Self.summary(column, number: index + 1, role: roles[index] ?? "feature")
        }
    }

    static func summary(_ column: Column, number: Int, role: String) -> ColumnSummary {
        switch column.values {
        case .numeric(let values):
            let present = values.filter { !$0.isNaN }
            let sum = present.reduce(0, +)
            return ColumnSummary(
                number: number, name: column.name, type: "numeric", role: role,
                missing: values.count - present.count, minimum: present.min(),
                maximum: present.max(), mean: present.isEmpty ? nil : sum / Double(present.count),
                integer: present.allSatisfy { $0 == $0.rounded() }, distinct: Set(present).count,
                levels: nil, levelCounts: nil)
        case .categorical(let values):
            var counts: [String: Int] = [:]
            var missing = 0
            for value in values {
                if let value { counts[value, default: 0] += 1 } else { missing += 1 }
            }
            let ordered = counts.sorted { first, second in
                first.value != second.value
                    ? first.value > second.value
                    : FeatureEncoder.codePointOrder(first.key, second.key)
            }.prefix(levelLimit)
            return ColumnSummary(
                number: number, name: column.name, type: "categorical", role: role,
                missing: missing, minimum: nil, maximum: nil, mean: nil, integer: nil,
                distinct: counts.count, levels: ordered.map(\.key),
                levelCounts: ordered.map(\.value))
        }
    }
}
