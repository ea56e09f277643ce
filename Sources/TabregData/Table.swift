/// The values of one column: numbers (NaN marks a missing value) or text (nil marks a missing
/// value).
public enum ColumnValues: Sendable, Equatable {
    case numeric([Double])
    case categorical([String?])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let values): values.count
        }
    }

    /// The values of the given rows, in the order given.
    public func selecting(_ rows: [Int]) -> ColumnValues {
        switch self {
        case .numeric(let values): .numeric(rows.map { values[$0] })
        case .categorical(let values): .categorical(rows.map { values[$0] })
        }
    }
}

/// A named column of a ``Table``.
public struct Column: Sendable, Equatable {
    public var name: String
    public var values: ColumnValues

    public init(name: String, values: ColumnValues) {
        self.name = name
        self.values = values
    }
}

/// A parsed table: named, typed columns of equal length, and where each row came from.
public struct Table: Sendable, Equatable {
    /// The file path, or `embedded:boston_housing.csv`, for messages.
    public var source: String
    /// The columns in file order.
    public var columns: [Column]
    /// 1-based line of each row's start in the source, for messages.
    public var lineNumbers: [Int]
    /// What the reader decided that a user should hear about (e.g. a decimal comma).
    public var notices: [String]

    public init(source: String, columns: [Column], lineNumbers: [Int], notices: [String] = []) {
        precondition(columns.allSatisfy { $0.values.count == lineNumbers.count },
            "Table: every column needs \(lineNumbers.count) rows")
        self.source = source
        self.columns = columns
        self.lineNumbers = lineNumbers
        self.notices = notices
    }

    /// Number of rows.
    public var rowCount: Int { lineNumbers.count }

    /// Column names in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The index of the column called `name`: an exact match first, then a case-insensitive
    /// one; otherwise a ``DataError`` suggesting the closest name.
    public func columnIndex(named name: String, role: String = "column") throws -> Int {
        if let exact = columns.firstIndex(where: { $0.name == name }) { return exact }
        let lowered = name.lowercased()
        let matches = columns.indices.filter { columns[$0].name.lowercased() == lowered }
        if matches.count == 1 { return matches[0] }
        var problem = "has no \(role) named \"\(DataError.escaped(name))\""
        if let suggestion = Self.closest(to: name, among: columnNames) {
            problem += "; did you mean \"\(DataError.escaped(suggestion))\"?"
        } else {
            problem += " (columns: \(columnNames.prefix(12).joined(separator: ", ")))"
        }
        throw DataError(file: source, line: 1, problem: problem)
    }

    /// The rows given, in order, as a new table.
    public func selectingRows(_ rows: [Int]) -> Table {
        Table(
            source: source,
            columns: columns.map { Column(name: $0.name, values: $0.values.selecting(rows)) },
            lineNumbers: rows.map { lineNumbers[$0] }, notices: notices)
    }

    /// The candidate with the smallest edit distance to `name` (case-insensitive), if it is
    /// close enough to be a plausible typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
