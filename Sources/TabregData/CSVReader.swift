import Foundation

/// Reads a CSV file into a ``Table`` with ``CSVParser`` (see it for the format, the type
/// inference and the errors).
///
/// Numeric columns become `.numeric` (NaN for missing); text columns `.categorical` (trimmed,
/// nil for missing). Missing values are the ``MissingValues`` tokens: empty, `NA`, `N/A`,
/// `#N/A`, `NaN`, `NULL`, `None`, `?` and a few more, in any case. What the reader decided that
/// a user should hear about (a decimal comma, a detected delimiter other than `,`) is in the
/// table's ``Table/notices``.
public enum CSVReader {
    /// Reads the file at `url`.
    ///
    /// - Parameters:
    ///   - delimiter: the field delimiter; nil (default) detects `,` `;` tab or `|`.
    ///   - source: the name used in messages (default: the path).
    public static func read(
        contentsOf url: URL, delimiter: UInt8? = nil, source: String? = nil
    ) throws -> Table {
        table(from: try CSVParser.read(contentsOf: url, source: source, delimiter: delimiter))
    }

    /// Reads CSV bytes, naming them `source` in errors.
    public static func read(data: Data, source: String, delimiter: UInt8? = nil) throws -> Table {
        table(from: try CSVParser.parse(data, source: source, delimiter: delimiter))
    }

    /// Whether `field` is one of the missing-value spellings (see ``MissingValues``).
    public static func isMissing(_ field: String) -> Bool {
        MissingValues.isMissing(field)
    }

    /// The table of a parsed document.
    public static func table(from document: CSVDocument) -> Table {
        var notices: [String] = []
        if document.delimiter != UInt8(ascii: ",") {
            notices.append(
                "Fields are separated by \(CSVDialect.name(of: document.delimiter)) (detected or "
                    + "given).")
        }
        let columns = document.columns.map { column -> Column in
            switch column.values {
            case .numeric(let values):
                if column.usesDecimalComma {
                    notices.append(
                        "Column \(column.number) (\"\(DataError.escaped(column.name))\") uses a "
                            + "decimal comma (1,5 = 1.5).")
                }
                return Column(name: column.name, values: .numeric(values))
            case .text(let values):
                return Column(name: column.name, values: .categorical(values))
            }
        }
        return Table(
            source: document.source, columns: columns, lineNumbers: document.rowLines,
            notices: notices)
    }
}
