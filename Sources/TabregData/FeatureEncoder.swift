/// Turns table columns into the numeric feature matrix the models train on.
///
/// Fitted on the training rows only, then applied unchanged to any rows (test rows, new data at
/// prediction time). It is `Codable` because a saved model carries it. What it does matches a
/// scikit-learn `ColumnTransformer` of `SimpleImputer(strategy="median", add_indicator=True)`
/// for numeric columns and `OneHotEncoder(handle_unknown="ignore")` for text columns:
///
/// - A numeric column passes through; a missing value (NaN) becomes the training median. If the
///   column had missing values in the training rows, a 0/1 indicator column `NAME (missing)`
///   follows it (scikit-learn's `MissingIndicator(features="missing-only")`: columns complete in
///   training get no indicator, and a value missing later is imputed without one).
/// - A categorical column becomes one 0/1 column `NAME=LEVEL` per level seen in the training
///   rows, sorted by Unicode code point (as Python sorts strings), then `NAME=(missing)` if
///   the training rows had missing values (a level of its own, last, as scikit-learn orders
///   NaN). A level not seen in training, or a missing value when training had none, encodes
///   as all zeros and is counted in the ``EncodingReport``.
public struct FeatureEncoder: Sendable, Equatable, Codable {
    /// How one source column becomes encoded columns.
    public enum Feature: Sendable, Equatable, Codable {
        /// A numeric column; missing values become `median`, and `indicator` adds a 0/1 column
        /// that is 1 where the value was missing.
        case numeric(name: String, median: Double, indicator: Bool)
        /// One 0/1 column per level, plus one for missing values when `missingLevel`.
        case categorical(name: String, levels: [String], missingLevel: Bool)

        /// The source column's name.
        public var name: String {
            switch self {
            case .numeric(let name, _, _), .categorical(let name, _, _): name
            }
        }
    }

    /// Encoded name of the missing level of a categorical column.
    public static let missingLevelName = "(missing)"

    /// The source columns, in the order their encoded columns appear.
    public var features: [Feature]

    public init(features: [Feature]) {
        self.features = features
    }

    /// The names of the encoded columns, in matrix order.
    public var encodedNames: [String] {
        features.flatMap { feature -> [String] in
            switch feature {
            case .numeric(let name, _, let indicator):
                indicator ? [name, name + " (missing)"] : [name]
            case .categorical(let name, let levels, let missingLevel):
                levels.map { name + "=" + $0 }
                    + (missingLevel ? [name + "=" + Self.missingLevelName] : [])
            }
        }
    }

    /// The source column names the encoder reads.
    public var sourceNames: [String] { features.map(\.name) }

    /// Learns the encoding of `columns` of `table` from the rows `trainingRows`.
    ///
    /// - Parameter maximumLevelFraction: a text column with more distinct values than this
    ///   fraction of the table's rows (default 0.5, "more than half") is refused: it is an
    ///   identifier or free text, not a category, and one-hot encoding it would only memorize.
    /// - Throws: ``DataError`` for an unknown column or a text column with too many levels.
    public static func fit(
        _ table: Table, columns: [String], trainingRows: [Int], maximumLevelFraction: Double = 0.5
    ) throws -> FeatureEncoder {
        var features: [Feature] = []
        for name in columns {
            let index = try table.columnIndex(named: name, role: "feature column")
            let column = table.columns[index]
            switch column.values {
            case .numeric(let values):
                let observed = trainingRows.map { values[$0] }.filter { !$0.isNaN }
                let indicator = observed.count < trainingRows.count
                features.append(
                    .numeric(name: column.name, median: median(observed), indicator: indicator))
            case .categorical(let values):
                try checkLevelCount(
                    table, columnIndex: index, values: values,
                    maximumFraction: maximumLevelFraction)
                var levels = Set<String>()
                var missing = false
                for row in trainingRows {
                    if let level = values[row] { levels.insert(level) } else { missing = true }
                }
                features.append(
                    .categorical(
                        name: column.name, levels: levels.sorted(by: codePointOrder),
                        missingLevel: missing))
            }
        }
        return FeatureEncoder(features: features)
    }

    /// The encoded `[rows.count, encodedNames.count]` row-major matrix of the given rows.
    ///
    /// - Throws: ``DataError`` for a missing column or a text column where the model expects
    ///   numbers.
    public func encode(_ table: Table, rows: [Int]) throws -> [Double] {
        var report = EncodingReport()
        return try encode(table, rows: rows, report: &report)
    }

    /// The encoded matrix of the given rows, counting unseen levels and imputed values in
    /// `report`.
    public func encode(_ table: Table, rows: [Int], report: inout EncodingReport) throws
        -> [Double]
    {
        let width = encodedNames.count
        var matrix = [Double](repeating: 0, count: rows.count * width)
        var offset = 0
        for feature in features {
            let index = try table.columnIndex(named: feature.name, role: "feature column")
            let column = table.columns[index]
            switch feature {
            case .numeric(let name, let median, let indicator):
                guard case .numeric(let values) = column.values else {
                    let row = Self.firstTextRow(column.values, rows: rows)
                    throw DataError(
                        file: table.source, line: row.map { table.lineNumbers[$0] },
                        columnNumber: index + 1, columnName: name,
                        value: row.flatMap {
                            if case .categorical(let texts) = column.values { return texts[$0] }
                            return nil
                        },
                        problem: "is text, but the model was trained with this column as numbers")
                }
                var imputed = 0
                for (position, row) in rows.enumerated() {
                    var value = values[row]
                    if value.isNaN {
                        value = median
                        imputed += 1
                        if indicator { matrix[position * width + offset + 1] = 1 }
                    }
                    matrix[position * width + offset] = value
                }
                if imputed > 0 { report.imputedValues[name, default: 0] += imputed }
                offset += indicator ? 2 : 1
            case .categorical(let name, let levels, let missingLevel):
                let texts = Self.texts(column.values)
                var positions: [String: Int] = [:]
                for (position, level) in levels.enumerated() { positions[level] = position }
                var unseen = 0
                for (position, row) in rows.enumerated() {
                    let slot: Int?
                    if let level = texts[row] {
                        slot = positions[level]
                    } else {
                        slot = missingLevel ? levels.count : nil
                    }
                    if let slot {
                        matrix[position * width + offset + slot] = 1
                    } else {
                        unseen += 1
                    }
                }
                if unseen > 0 { report.unseenLevels[name, default: 0] += unseen }
                offset += levels.count + (missingLevel ? 1 : 0)
            }
        }
        return matrix
    }

    // MARK: - Helpers

    /// The median of `values` (mean of the two middle values for an even count); 0 when empty.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Orders strings by Unicode code points, as Python's `sorted` does.
    static func codePointOrder(_ first: String, _ second: String) -> Bool {
        first.unicodeScalars.lexicographicallyPrecedes(second.unicodeScalars)
    }

    /// A column's values as text: numbers formatted as ``Table/categoryText(_:)`` does.
    static func texts(_ values: ColumnValues) -> [String?] {
        switch values {
        case .categorical(let texts): texts
        case .numeric(let numbers): numbers.map(Table.categoryText)
        }
    }

    private static func firstTextRow(_ values: ColumnValues, rows: [Int]) -> Int? {
        guard case .categorical(let texts) = values else { return nil }
        return rows.first { texts[$0].map { !MissingValues.isMissing($0) } ?? false } ?? rows.first
    }

    /// Refuses a text column with more distinct values than `maximumFraction` of the rows.
    private static func checkLevelCount(
        _ table: Table, columnIndex: Int, values: [String?], maximumFraction: Double
    ) throws {
        var distinct = Set<String>()
        var numbers = 0
        var present = 0
        for value in values {
            guard let value else { continue }
            present += 1
            distinct.insert(value)
            if case .number = NumberParser.parse(value) { numbers += 1 }
        }
        guard Double(distinct.count) > maximumFraction * Double(table.rowCount) else { return }
        let name = table.columns[columnIndex].name
        // Point at the first value that is not a number: in a column of numbers it is the
        // culprit; in a text column it is an example.
        let row =
            values.firstIndex { value in
                guard let value else { return false }
                if case .number = NumberParser.parse(value) { return false }
                return true
            } ?? 0
        let problem: String
        if numbers * 2 >= present {
            problem =
                "is not a number, but \(numbers) of the column's \(present) values are; "
                + "fix the value or mark it missing (NA), or leave the column out with "
                + "--drop \(name)"
        } else {
            problem =
                "is text in a column with \(distinct.count) distinct values in "
                + "\(table.rowCount) rows (more than \(Int(maximumFraction * 100))%), so it looks "
                + "like an identifier or free text, not a category; leave it out with "
                + "--drop \(name)"
        }
        throw DataError(
            file: table.source, line: table.lineNumbers[row], columnNumber: columnIndex + 1,
            columnName: name, value: values[row], problem: problem)
    }
}
