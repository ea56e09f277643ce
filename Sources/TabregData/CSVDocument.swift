/// A parsed CSV file: its header and one typed column per header field.
///
/// Produced by ``CSVParser``. Every column has ``rowCount`` values; a missing value is `NaN` in
/// a numeric column and `nil` in a text column (see ``MissingValues``).
public struct CSVDocument: Sendable {
    /// The values of one column.
    public enum Values: Equatable, Sendable {
        /// Every non-missing cell is a number; missing cells are `NaN`.
        case numeric([Double])
        /// At least one non-missing cell is not a number; texts are trimmed, missing is `nil`.
        case text([String?])
    }

    /// A cell, for messages: where it is and what it says.
    public struct Cell: Equatable, Sendable {
        /// 0-based data row.
        public var row: Int
        /// 1-based physical line where the row starts.
        public var line: Int
        /// The cell's text, trimmed.
        public var value: String
    }

    /// One column as read.
    public struct Column: Sendable {
        /// The header name, trimmed; `Unnamed: k` (k the 0-based position, as pandas names it)
        /// when the header cell is empty.
        public var name: String
        /// 1-based position in the file.
        public var number: Int
        /// The header cell was empty.
        public var hasEmptyHeader: Bool
        /// The values.
        public var values: Values
        /// How many cells are missing.
        public var missingCount: Int
        /// How many non-missing cells are numbers (all of them for a numeric column).
        public var numberCount: Int
        /// The column's numbers use a decimal comma (`1,5`); only detected when the delimiter
        /// is not a comma and no cell of the column uses a decimal point.
        public var usesDecimalComma: Bool
        /// For a text column: its first non-missing cell that is not a number.
        public var firstText: Cell?

        /// Whether the column is numeric.
        public var isNumeric: Bool {
            if case .numeric = values { return true }
            return false
        }
    }

    /// The name the user knows the file by (usually the path as given).
    public var source: String
    /// The delimiter used (given or detected).
    public var delimiter: UInt8
    /// 1-based line of the header.
    public var headerLine: Int
    /// The columns in file order.
    public var columns: [Column]
    /// The 1-based physical line where each data row starts.
    public var rowLines: [Int]
    /// Whether the file started with a UTF-8 byte-order mark.
    public var hadByteOrderMark: Bool

    /// Number of data rows.
    public var rowCount: Int { rowLines.count }
}
