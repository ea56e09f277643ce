/// Turns table columns into the numeric feature matrix the models train on.
///
/// Fitted on the training rows only, then applied unchanged to any rows (test rows, new data
/// at prediction time). It is `Codable` because a saved model carries it.
///
/// Numeric columns pass through. Text (categorical) columns are refused for now with a
/// message; one-hot encoding and missing-value imputation belong to the real-data work.
public struct FeatureEncoder: Sendable, Equatable, Codable {
    /// How one source column becomes encoded columns.
    public enum Feature: Sendable, Equatable, Codable {
        /// A numeric column, copied as is.
        case numeric(name: String)
    }

    /// The source columns, in the order their encoded columns appear.
    public var features: [Feature]

    public init(features: [Feature]) {
        self.features = features
    }

    /// The names of the encoded columns, in matrix order.
    public var encodedNames: [String] {
        features.map { feature in
            switch feature {
            case .numeric(let name): name
            }
        }
    }

    /// The source column names the encoder reads.
    public var sourceNames: [String] {
        features.map { feature in
            switch feature {
            case .numeric(let name): name
            }
        }
    }

    /// Learns the encoding of `columns` of `table` from the rows `trainingRows`.
    public static func fit(
        _ table: Table, columns: [String], trainingRows: [Int]
    ) throws -> FeatureEncoder {
        var features: [Feature] = []
        for name in columns {
            let index = try table.columnIndex(named: name, role: "feature column")
            let column = table.columns[index]
            switch column.values {
            case .numeric:
                features.append(.numeric(name: column.name))
            case .categorical(let values):
                let row = values.firstIndex { $0 != nil && Double($0!) == nil } ?? 0
                throw DataError(
                    file: table.source, line: table.lineNumbers[row], columnNumber: index + 1,
                    columnName: column.name, value: values[row] ?? "",
                    problem: "is not a number; text features are not supported here, "
                        + "leave the column out with --drop \(column.name)")
            }
        }
        return FeatureEncoder(features: features)
    }

    /// The encoded `[rows.count, encodedNames.count]` row-major matrix of the given rows.
    ///
    /// - Throws: ``DataError`` for a missing column or a missing value.
    public func encode(_ table: Table, rows: [Int]) throws -> [Double] {
        let width = features.count
        var matrix = [Double](repeating: 0, count: rows.count * width)
        for (position, feature) in features.enumerated() {
            switch feature {
            case .numeric(let name):
                let index = try table.columnIndex(named: name, role: "feature column")
                guard case .numeric(let values) = table.columns[index].values else {
                    let row = rows.first ?? 0
                    throw DataError(
                        file: table.source, line: table.lineNumbers[row], columnNumber: index + 1,
                        columnName: name, problem: "holds text, but the model expects numbers")
                }
                for (r, row) in rows.enumerated() {
                    let value = values[row]
                    guard value.isFinite else {
                        throw DataError(
                            file: table.source, line: table.lineNumbers[row],
                            columnNumber: index + 1, columnName: name,
                            value: value.isNaN ? "" : "\(value)",
                            problem: value.isNaN ? "is missing" : "is not a finite number")
                    }
                    matrix[r * width + position] = value
                }
            }
        }
        return matrix
    }
}
