import Foundation
import TabregData
import TabregNumerics

/// A table turned into model inputs: the target resolved, rows with a missing target dropped,
/// the train/test split drawn, the feature encoder and scaler fitted on the training rows, and
/// both splits encoded and scaled.
public struct PreparedData: Sendable {
    /// Where the data came from (file path or `embedded:boston_housing.csv`).
    public var source: String
    /// The raw bytes' source table after rows with a missing target were dropped.
    public var table: Table
    /// The target column's name as spelled in the file.
    public var targetName: String
    /// Rows in the file (before dropping missing targets).
    public var fileRows: Int
    public var encoder: FeatureEncoder
    public var scaler: FeatureScaler
    /// Row indices into ``table``.
    public var split: TrainTestSplit
    /// Scaled, encoded training features `[trainingRows, featureCount]` row-major.
    public var trainingFeatures: [Double]
    public var testFeatures: [Double]
    /// Targets in original units.
    public var trainingTargets: [Double]
    public var testTargets: [Double]
    /// Things the preparation decided that a user should hear about.
    public var notices: [String]

    /// Encoded feature names, in matrix column order.
    public var featureNames: [String] { encoder.encodedNames }
    public var featureCount: Int { encoder.encodedNames.count }

    /// Loads the settings' data (the embedded Boston file when none is given).
    public static func loadTable(_ settings: TrainSettings) throws -> Table {
        if let file = settings.dataFile {
            return try CSVReader.read(contentsOf: URL(fileURLWithPath: file))
        }
        return try CSVReader.read(data: Data(BostonHousing.csv.utf8), source: BostonHousing.source)
    }

    /// Prepares `table` for training with `settings`, drawing the split from `generator`.
    public static func prepare(
        _ table: Table, settings: TrainSettings, using generator: inout SplitMix64
    ) throws -> PreparedData {
        var notices: [String] = []
        guard let requestedTarget = settings.target ?? (table.source == BostonHousing.source ? BostonHousing.target : nil)
        else {
            throw DataError(
                file: table.source,
                problem: "needs a target column: pass --target NAME (columns: "
                    + table.columnNames.prefix(12).joined(separator: ", ") + ")")
        }
        let targetIndex = try table.columnIndex(named: requestedTarget, role: "target column")
        let targetName = table.columns[targetIndex].name
        let rawTargets: [Double]
        switch table.columns[targetIndex].values {
        case .numeric(let values):
            rawTargets = values
        case .categorical(let values):
            let row = values.firstIndex { $0 != nil && Double($0!) == nil } ?? 0
            throw DataError(
                file: table.source, line: table.lineNumbers[row], columnNumber: targetIndex + 1,
                columnName: targetName, value: values[row] ?? "",
                problem: "is not a number, but the target must be numeric")
        }
        if let row = rawTargets.firstIndex(where: { $0.isInfinite }) {
            throw DataError(
                file: table.source, line: table.lineNumbers[row], columnNumber: targetIndex + 1,
                columnName: targetName, value: "\(rawTargets[row])", problem: "is not a finite number")
        }
        let keptRows = rawTargets.indices.filter { !rawTargets[$0].isNaN }
        var usable = table
        if keptRows.count < table.rowCount {
            notices.append(
                "Dropped \(table.rowCount - keptRows.count) rows with a missing target (\(targetName)).")
            usable = table.selectingRows(keptRows)
        }
        let targets = keptRows.map { rawTargets[$0] }

        for name in settings.drop { _ = try table.columnIndex(named: name, role: "column to drop") }
        let dropped = Set(try settings.drop.map { table.columns[try table.columnIndex(named: $0)].name })
        let featureColumns: [String]
        if let requested = settings.features {
            featureColumns = try requested.map { table.columns[try table.columnIndex(named: $0, role: "feature column")].name }
            if let clash = featureColumns.first(where: { $0 == targetName }) {
                throw DataError(file: table.source, columnName: clash, problem: "is the target and cannot also be a feature")
            }
        } else {
            featureColumns = table.columnNames.filter { $0 != targetName && !dropped.contains($0) }
        }
        guard !featureColumns.isEmpty else {
            throw DataError(file: table.source, problem: "has no feature columns left besides the target \(targetName)")
        }

        let split = TrainTestSplit(
            rowCount: usable.rowCount, testFraction: settings.testFraction, using: &generator)
        guard split.trainingRows.count >= 2 else {
            throw DataError(
                file: table.source,
                problem: "has \(split.trainingRows.count) training rows; at least 2 are needed")
        }
        if settings.testFraction > 0, split.testRows.isEmpty {
            throw DataError(file: table.source, problem: "has too few rows for a test split")
        }
        let trainingTargets = split.trainingRows.map { targets[$0] }
        if let first = trainingTargets.first, trainingTargets.allSatisfy({ $0 == first }) {
            throw DataError(
                file: table.source, columnNumber: targetIndex + 1, columnName: targetName,
                value: "\(first)", problem: "is the same in every training row; there is nothing to learn")
        }
        let encoder = try FeatureEncoder.fit(usable, columns: featureColumns, trainingRows: split.trainingRows)
        var trainingFeatures = try encoder.encode(usable, rows: split.trainingRows)
        var testFeatures = try encoder.encode(usable, rows: split.testRows)
        let scaler = FeatureScaler.fit(settings.scale, matrix: trainingFeatures, columns: encoder.encodedNames.count)
        scaler.transform(&trainingFeatures)
        scaler.transform(&testFeatures)
        return PreparedData(
            source: table.source, table: usable, targetName: targetName, fileRows: table.rowCount,
            encoder: encoder, scaler: scaler, split: split, trainingFeatures: trainingFeatures,
            testFeatures: testFeatures, trainingTargets: trainingTargets,
            testTargets: split.testRows.map { targets[$0] }, notices: notices)
    }
}
