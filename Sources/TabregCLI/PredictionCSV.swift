import TabregData

/// The CSV `tabreg predict` writes: the input table's columns, then `prediction`.
enum PredictionCSV {
    /// RFC 4180 text with LF line ends. Missing values are empty fields; numbers are written as
    /// whole numbers when integral, else in Swift's shortest round-trip form, so every
    /// prediction reads back as exactly the `Double` tabreg computed.
    static func text(table: Table, predictions: [Double]) -> String {
        precondition(predictions.count == table.rowCount, "one prediction per row")
        var lines: [String] = []
        lines.reserveCapacity(table.rowCount + 1)
        lines.append((table.columnNames + ["prediction"]).map(field).joined(separator: ","))
        for row in 0..<table.rowCount {
            var cells: [String] = []
            cells.reserveCapacity(table.columns.count + 1)
            for column in table.columns {
                switch column.values {
                case .numeric(let values): cells.append(number(values[row]))
                case .categorical(let values): cells.append(field(values[row] ?? ""))
                }
            }
            cells.append(number(predictions[row]))
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
