// MARK: - Schema decisions on a Table

extension Table {
    /// Names (compared case-insensitively, spaces trimmed) that mark a first column as a row
    /// index: what pandas writes for an unnamed index (`Unnamed: 0`), and the usual ID names.
    public static let indexColumnNames: Set<String> = [
        "unnamed: 0", "id", "index", "idx", "#", "no", "no.", "nr", "row", "rowid", "row_id",
        "row id", "rownum", "row_number", "row number", "record", "record_id",
    ]

    /// The first column, if it is a row index rather than data: its name is empty (read as
    /// `Unnamed: 0`), in ``indexColumnNames``, or ends in `_id`/` id`; and its values are
    /// integers, none missing, all different. The target is never an index.
    public func indexColumn(excluding target: String? = nil) -> Int? {
        guard let first = columns.first, first.name != target, rowCount > 1 else { return nil }
        let name = first.name.lowercased()
        guard
            Self.indexColumnNames.contains(name) || name.hasPrefix("unnamed: ")
                || name.hasSuffix("_id") || name.hasSuffix(" id")
        else { return nil }
        guard case .numeric(let values) = first.values else { return nil }
        var seen = Set<Double>()
        seen.reserveCapacity(values.count)
        for value in values {
            guard value.isFinite, value == value.rounded(), seen.insert(value).inserted else {
                return nil
            }
        }
        return 0
    }

    /// A number as a category's text: integers without a decimal point (`3`, `-12`), others
    /// in Swift's shortest round-trip form (`2.5`); nil for NaN (missing).
    public static func categoryText(_ value: Double) -> String? {
        if value.isNaN { return nil }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The table with the named numeric columns turned into categorical ones (numbers written
    /// as ``categoryText(_:)``); text columns stay as they are.
    ///
    /// - Throws: ``DataError`` with a "did you mean" for an unknown name.
    public func treatingAsCategorical(_ names: [String]) throws -> Table {
        var table = self
        for name in names {
            let index = try columnIndex(named: name, role: "column for --categorical")
            if case .numeric(let values) = table.columns[index].values {
                table.columns[index].values = .categorical(values.map(Self.categoryText))
            }
        }
        return table
    }

    /// Columns every one of whose values is missing (Excel's trailing empty columns, say).
    public var emptyColumns: [Int] {
        columns.indices.filter { index in
            switch columns[index].values {
            case .numeric(let values): values.allSatisfy(\.isNaN)
            case .categorical(let values): values.allSatisfy { $0 == nil }
            }
        }
    }

    /// The first missing value among `columnIndices`, in row order then column order, as
    /// (row, column index).
    public func firstMissing(in columnIndices: [Int]) -> (row: Int, column: Int)? {
        var best: (row: Int, column: Int)?
        for index in columnIndices {
            let row: Int?
            switch columns[index].values {
            case .numeric(let values): row = values.firstIndex { $0.isNaN }
            case .categorical(let values): row = values.firstIndex { $0 == nil }
            }
            if let row, row < (best?.row ?? Int.max) { best = (row, index) }
        }
        return best
    }
}
