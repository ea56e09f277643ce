import Foundation
import TabregData
import TabregNumerics

/// A table turned into model inputs: the target resolved, rows with a missing target dropped,
/// index and empty columns left out, the train/test split drawn, the feature encoder and scaler
/// fitted on the training rows, and both splits encoded and scaled.
public struct PreparedData: Sendable {
    /// Where the data came from (file path or `embedded:boston_housing.csv`).
    public var source: String
    /// The source table after `--categorical` and after rows with a missing target were
    /// dropped.
    public var table: Table
    /// The target column's name as spelled in the file.
    public var targetName: String
    /// Rows in the file (before dropping missing targets).
    public var fileRows: Int
    public var encoder: FeatureEncoder
    public var scaler: FeatureScaler
    /// Row indices into ``table``.
    public var split: TrainTestSplit
    /// Targets in original units.
    public var trainingTargets: [Double]
    public var testTargets: [Double]
    /// Things the preparation decided that a user should hear about.
    public var notices: [String]
    /// The inferred schema of the file's columns, with each column's role.
    public var schema: TableSchema

    /// Encoded feature names, in matrix column order.
    public var featureNames: [String] { encoder.encodedNames }
    public var featureCount: Int { encoder.encodedNames.count }

    /// Scaled, encoded training features `[trainingRows, featureCount]` row-major, float64.
    ///
    /// Computed from ``table`` on each use (`O(rows * featureCount)`): bind it to a local.
    /// Large runs use ``inputs(rows:)`` and ``forEachFeatureBlock(rows:_:)`` instead, which
    /// never hold the whole float64 matrix.
    public var trainingFeatures: [Double] { features(rows: split.trainingRows) }
    /// Scaled, encoded test features `[testRows, featureCount]` row-major, float64 (computed on
    /// each use, as ``trainingFeatures``).
    public var testFeatures: [Double] { features(rows: split.testRows) }

    /// The scaled, encoded features of `rows` (indices into ``table``), float64 row-major.
    public func features(rows: [Int]) -> [Double] {
        var matrix = [Double](repeating: 0, count: rows.count * featureCount)
        matrix.withUnsafeMutableBufferPointer { matrix in
            forEachFeatureBlock(rows: rows) { range, block in
                let start = range.lowerBound * featureCount
                UnsafeMutableBufferPointer(rebasing: matrix[start..<(start + block.count)])
                    .baseAddress!.update(from: block.baseAddress!, count: block.count)
            }
        }
        return matrix
    }

    /// The scaled, encoded features of `rows` (indices into ``table``) in float32, the
    /// network's inputs `[rows.count, featureCount]`: each value is the float64 feature
    /// rounded once to float32. Built a block of rows at a time; no float64 matrix is made.
    public func inputs(rows: [Int]) -> Matrix {
        let width = featureCount
        var storage = [Float](repeating: 0, count: rows.count * width)
        storage.withUnsafeMutableBufferPointer { storage in
            forEachFeatureBlock(rows: rows) { range, block in
                let target = storage.baseAddress! + range.lowerBound * width
                for index in 0..<block.count { target[index] = Float(block[index]) }
            }
        }
        return Matrix(rows: width == 0 ? 0 : rows.count, columns: width, storage: storage)
    }

    /// Calls `body` with the scaled, encoded features of `rows` (indices into ``table``) a
    /// block of rows at a time, in order: the positions in `rows` the block holds and its
    /// values (`[positions.count, featureCount]` row-major, float64). The buffer is reused
    /// between calls.
    public func forEachFeatureBlock(
        rows: [Int], _ body: (Range<Int>, UnsafeBufferPointer<Double>) throws -> Void
    ) rethrows {
        // The plan was made once by `prepare` from this table and encoder, which cannot fail
        // differently the second time.
        var plan = try! FeatureEncodingPlan(encoder, table: table, rows: rows)
        try Self.forEachBlock(of: &plan, scaler: scaler, body)
    }

    /// The blocks of `plan`'s rows, encoded and then scaled with `scaler` (nil: unscaled).
    static func forEachBlock(
        of plan: inout FeatureEncodingPlan, scaler: FeatureScaler?,
        _ body: (Range<Int>, UnsafeBufferPointer<Double>) throws -> Void
    ) rethrows {
        let blockRows = FeatureEncodingPlan.blockRows
        let rowCount = plan.rows.count
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(
            capacity: min(blockRows, rowCount) * plan.width)
        defer { buffer.deallocate() }
        for start in stride(from: 0, to: rowCount, by: blockRows) {
            let range = start..<min(start + blockRows, rowCount)
            let block = UnsafeMutableBufferPointer(rebasing: buffer[0..<(range.count * plan.width)])
            plan.encode(range, into: block)
            scaler?.transform(block)
            try body(range, UnsafeBufferPointer(block))
        }
    }

    /// Loads the settings' data (the embedded Boston file when none is given).
    public static func loadTable(_ settings: TrainSettings) throws -> Table {
        if let file = settings.dataFile {
            return try CSVReader.read(
                contentsOf: URL(fileURLWithPath: file), delimiter: settings.delimiter,
                source: file)
        }
        return try CSVReader.read(
            data: Data(BostonHousing.csv.utf8), source: BostonHousing.source,
            delimiter: settings.delimiter)
    }

    /// Prepares `table` for training with `settings`, drawing the split from `generator`.
    ///
    /// - Throws: ``DataError`` (one sentence naming file, line, column and value) for: no or
    ///   an unknown target; a target that is text, constant in the training rows, or missing
    ///   under `--missing error`; an unknown or clashing feature name; a text feature with too
    ///   many distinct values; a missing feature value under `--missing error`; fewer training
    ///   rows than one batch (`--batch-size`) or than 2.
    public static func prepare(
        _ table: Table, settings: TrainSettings, using generator: inout SplitMix64
    ) throws -> PreparedData {
        try prepare(table, settings: settings) { rowCount in
            TrainTestSplit(
                rowCount: rowCount, testFraction: settings.testFraction, using: &generator)
        }
    }

    /// Prepares `table` with the split that `makeSplit` returns for the number of usable rows
    /// (rows with a missing target dropped); the encoder and the scalers are fitted on its
    /// training rows only. Cross-validation calls this once per fold.
    public static func prepare(
        _ table: Table, settings: TrainSettings,
        split makeSplit: (_ rowCount: Int) -> TrainTestSplit
    ) throws -> PreparedData {
        var notices = table.notices
        guard
            let requestedTarget = settings.target
                ?? (table.source == BostonHousing.source ? BostonHousing.target : nil)
        else {
            throw DataError(
                file: table.source, line: 1,
                problem: "needs a target column: pass --target NAME (columns: "
                    + table.columnNames.prefix(12).joined(separator: ", ") + ")")
        }
        let targetIndex = try table.columnIndex(named: requestedTarget, role: "target column")
        let targetName = table.columns[targetIndex].name
        if try settings.categorical.contains(where: {
            try table.columnIndex(named: $0, role: "column for --categorical") == targetIndex
        }) {
            throw DataError(
                file: table.source, line: 1, columnNumber: targetIndex + 1, columnName: targetName,
                problem: "is the target, so it cannot be --categorical (tabreg does regression)")
        }
        let table = try table.treatingAsCategorical(settings.categorical)
        let rawTargets = try numericTarget(table, index: targetIndex)

        // Which columns are features.
        var roles: [Int: String] = [targetIndex: "target"]
        let droppedIndices = try Set(
            settings.drop.map { try table.columnIndex(named: $0, role: "column to drop") })
        var featureIndices: [Int]
        if let requested = settings.features {
            featureIndices = try requested.map {
                try table.columnIndex(named: $0, role: "feature column")
            }
            if featureIndices.contains(targetIndex) {
                throw DataError(
                    file: table.source, line: 1, columnNumber: targetIndex + 1,
                    columnName: targetName,
                    problem: "is the target and cannot also be a feature")
            }
            for index in table.columns.indices where !featureIndices.contains(index) {
                if index != targetIndex { roles[index] = "dropped" }
            }
        } else {
            featureIndices = table.columns.indices.filter {
                $0 != targetIndex && !droppedIndices.contains($0)
            }
            for index in droppedIndices { roles[index] = "dropped" }
            if let index = table.indexColumn(excluding: targetName),
                featureIndices.contains(index)
            {
                featureIndices.removeAll { $0 == index }
                roles[index] = "index"
                notices.append(
                    "Column \(index + 1) (\"\(DataError.escaped(table.columns[index].name))\") "
                        + "holds unique integers under an index-like name, so it is a row "
                        + "index and is not used as a feature (name it in --features to use it).")
            }
            let empty = table.emptyColumns.filter { featureIndices.contains($0) }
            if !empty.isEmpty {
                featureIndices.removeAll { empty.contains($0) }
                for index in empty { roles[index] = "empty" }
                notices.append(
                    "Left out \(empty.count) column\(empty.count == 1 ? "" : "s") with no values: "
                        + empty.map {
                            "\($0 + 1) (\"\(DataError.escaped(table.columns[$0].name))\")"
                        }.joined(separator: ", ") + ".")
            }
        }
        guard !featureIndices.isEmpty else {
            throw DataError(
                file: table.source, line: 1, columnNumber: targetIndex + 1, columnName: targetName,
                problem: "is the target, and no feature columns are left besides it")
        }
        let schema = TableSchema(table, roles: roles)

        // Missing values.
        if settings.missing == .error,
            let (row, column) = table.firstMissing(in: [targetIndex] + featureIndices)
        {
            throw DataError(
                file: table.source, line: table.lineNumbers[row], columnNumber: column + 1,
                columnName: table.columns[column].name,
                problem: "is missing, and --missing error refuses missing values (use "
                    + "--missing impute to impute features and drop rows without a target)")
        }
        let keptRows = rawTargets.indices.filter { !rawTargets[$0].isNaN }
        var usable = table
        if keptRows.count < table.rowCount {
            notices.append(
                "Dropped \(table.rowCount - keptRows.count) row"
                    + "\(table.rowCount - keptRows.count == 1 ? "" : "s") with a missing target "
                    + "(\(targetName)).")
            usable = table.selectingRows(keptRows)
        }
        guard !keptRows.isEmpty else {
            throw DataError(
                file: table.source, line: table.lineNumbers[0], columnNumber: targetIndex + 1,
                columnName: targetName, problem: "is missing in every row")
        }
        let targets = keptRows.map { rawTargets[$0] }

        let split = makeSplit(usable.rowCount)
        let lines = "lines \(usable.lineNumbers.first!)-\(usable.lineNumbers.last!)"
        if settings.testFraction > 0, split.testRows.isEmpty {
            throw DataError(
                file: table.source, line: usable.lineNumbers.last, columnNumber: targetIndex + 1,
                columnName: targetName,
                problem: "has too few rows (\(lines)) for a test split")
        }
        let trainingTargets = split.trainingRows.map { targets[$0] }
        if trainingTargets.count >= 2, let first = trainingTargets.first,
            trainingTargets.allSatisfy({ $0 == first })
        {
            throw DataError(
                file: table.source, line: usable.lineNumbers[split.trainingRows[0]],
                columnNumber: targetIndex + 1, columnName: targetName,
                value: Table.categoryText(first),
                problem: "is the target's value in every training row (\(lines)); a constant "
                    + "target leaves nothing to learn")
        }

        let featureNames = featureIndices.map { table.columns[$0].name }
        let encoder = try FeatureEncoder.fit(
            usable, columns: featureNames, trainingRows: split.trainingRows)
        // Size checks come after the content checks: a bad value is the more useful message.
        if split.trainingRows.count < max(2, settings.batchSize) {
            throw DataError(
                file: table.source, line: usable.lineNumbers.last, columnNumber: targetIndex + 1,
                columnName: targetName,
                problem: "has \(usable.rowCount) usable rows (\(lines)), which leave "
                    + "\(split.trainingRows.count) for training: fewer than one batch of "
                    + "\(settings.batchSize); pass --batch-size \(max(1, split.trainingRows.count)) "
                    + "or less, a smaller --test-fraction, or more rows")
        }
        notices += encodingNotices(encoder)
        // The scaler is fitted on the encoded training rows a block at a time (the same sums
        // as over the whole matrix), and the test rows are encoded only to count their unseen
        // levels: no encoded matrix is kept (see `inputs(rows:)`).
        var trainingPlan = try FeatureEncodingPlan(encoder, table: usable, rows: split.trainingRows)
        var testPlan = try FeatureEncodingPlan(encoder, table: usable, rows: split.testRows)
        let scaler = FeatureScaler.fit(settings.scale, columns: trainingPlan.width) { body in
            forEachBlock(of: &trainingPlan, scaler: nil) { _, block in body(block) }
        }
        var testReport = EncodingReport()
        forEachBlock(of: &testPlan, scaler: nil) { _, _ in }
        testPlan.addCounts(to: &testReport)
        notices += testReport.unseenLevelWarnings(rowsName: "test")
        return PreparedData(
            source: table.source, table: usable, targetName: targetName,
            fileRows: table.rowCount, encoder: encoder, scaler: scaler, split: split,
            trainingTargets: trainingTargets, testTargets: split.testRows.map { targets[$0] },
            notices: notices, schema: schema)
    }

    /// The target column as numbers, or a ``DataError`` at its first value that is not one.
    static func numericTarget(_ table: Table, index: Int) throws -> [Double] {
        let name = table.columns[index].name
        switch table.columns[index].values {
        case .numeric(let values):
            return values
        case .categorical(let values):
            let row =
                values.firstIndex { value in
                    guard let value else { return false }
                    if case .number = NumberParser.parse(value) { return false }
                    return true
                } ?? 0
            var problem = "is not a number, but the target must be numeric"
            if let value = values[row], value.contains(","), !value.contains(".") {
                problem += " (a decimal comma or a thousands separator? write numbers like 1234.5)"
            }
            throw DataError(
                file: table.source, line: table.lineNumbers[row], columnNumber: index + 1,
                columnName: name, value: values[row], problem: problem)
        }
    }

    /// One notice per feature whose encoding a user should know about.
    static func encodingNotices(_ encoder: FeatureEncoder) -> [String] {
        encoder.features.compactMap { feature in
            switch feature {
            case .numeric(let name, let median, let indicator):
                guard indicator else { return nil }
                return "Missing values of \"\(DataError.escaped(name))\" are imputed with the "
                    + "training median \(Table.categoryText(median) ?? "0"), and a column "
                    + "\"\(DataError.escaped(name)) (missing)\" marks them."
            case .categorical(let name, let levels, let missingLevel):
                return "\"\(DataError.escaped(name))\" is categorical: one-hot encoded with "
                    + "\(levels.count) level\(levels.count == 1 ? "" : "s") from the training "
                    + "rows" + (missingLevel ? " plus one for missing values." : ".")
            }
        }
    }
}
