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
                var observed: [Double] = []
                observed.reserveCapacity(trainingRows.count)
                for row in trainingRows where !values[row].isNaN { observed.append(values[row]) }
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
        var plan = try FeatureEncodingPlan(self, table: table, rows: rows)
        var matrix = [Double](repeating: 0, count: rows.count * plan.width)
        matrix.withUnsafeMutableBufferPointer { matrix in
            for blockStart in stride(from: 0, to: rows.count, by: FeatureEncodingPlan.blockRows) {
                let block = blockStart..<min(blockStart + FeatureEncodingPlan.blockRows, rows.count)
                plan.encode(
                    block,
                    into: UnsafeMutableBufferPointer(
                        rebasing: matrix[(block.lowerBound * plan.width)..<(block.upperBound
                            * plan.width)]))
            }
        }
        plan.addCounts(to: &report)
        return matrix
    }

    // MARK: - Helpers

    /// The median of `values` (mean of the two middle values for an even count); 0 when empty.
    ///
    /// Found by selection (average linear time) rather than a full sort, with the same result
    /// as taking the middle of `values.sorted()` (a stable sort), down to the sign of a zero.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let middle = values.count / 2
        var scratch = values
        let (upper, lower) = scratch.withUnsafeMutableBufferPointer { buffer in
            let upper = select(buffer, rank: middle)
            // After selection every element before `middle` is <= the one at `middle`, so the
            // next smaller order statistic is the largest of them.
            let lower = middle > 0 ? buffer[..<middle].max()! : upper
            return (upper, lower)
        }
        if values.count % 2 == 1 { return sortedZero(upper, rank: middle, in: values) }
        return (sortedZero(lower, rank: middle - 1, in: values)
            + sortedZero(upper, rank: middle, in: values)) / 2
    }

    /// The element of rank `rank` (0-based) in ascending order, moving it to `buffer[rank]`
    /// with no greater element before it and no smaller one after it (quickselect with a
    /// median-of-three pivot, falling back to a sort when the partitions shrink too slowly).
    /// `buffer` holds no NaN.
    private static func select(_ buffer: UnsafeMutableBufferPointer<Double>, rank: Int) -> Double {
        var low = 0
        var high = buffer.count - 1
        var budget = 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount) + 8
        while high > low {
            if budget == 0 {
                var range = UnsafeMutableBufferPointer(rebasing: buffer[low...high])
                range.sort()
                break
            }
            budget -= 1
            let center = low + (high - low) / 2
            if buffer[center] < buffer[low] { buffer.swapAt(center, low) }
            if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
            if buffer[high] < buffer[center] { buffer.swapAt(high, center) }
            let pivot = buffer[center]
            // Hoare partition: afterwards [low, j] <= pivot <= [i, high] and j < i.
            var i = low
            var j = high
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while pivot < buffer[j] { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                break  // j < rank < i: the element there equals the pivot and is in place
            }
        }
        return buffer[rank]
    }

    /// `value`, or for a zero the zero a stable ascending sort of `values` puts at `rank`: the
    /// zeros (`-0.0 == 0.0`) keep their file order after the negative values.
    private static func sortedZero(_ value: Double, rank: Int, in values: [Double]) -> Double {
        guard value == 0 else { return value }
        var negatives = 0
        for candidate in values where candidate < 0 { negatives += 1 }
        var zerosToSkip = rank - negatives
        for candidate in values where candidate == 0 {
            if zerosToSkip == 0 { return candidate }
            zerosToSkip -= 1
        }
        return value
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

    static func firstTextRow(_ values: ColumnValues, rows: [Int]) -> Int? {
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
