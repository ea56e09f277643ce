/// A ``FeatureEncoder`` bound to a table's columns and a list of rows, encoding the rows block
/// by block into a caller's buffer, so that a large table's encoded matrix need never exist as
/// a whole (the float32 training matrix, the scaler's statistics and the OLS fit are each built
/// from blocks).
///
/// Encoding rows `positions` (indices into the plan's `rows`) writes the same values, in the
/// same `[positions.count, width]` row-major layout, as the matching rows of
/// ``FeatureEncoder/encode(_:rows:report:)``'s matrix.
public struct FeatureEncodingPlan {
    /// Rows per block that keep a block of a typical matrix in cache while every feature's
    /// column is written into it.
    public static let blockRows = 4096

    private enum Source {
        case numeric(values: [Double], median: Double, indicator: Bool)
        case categorical(texts: [String?], positions: [String: Int], missingSlot: Int?)
    }

    private let features: [FeatureEncoder.Feature]
    private let sources: [(source: Source, offset: Int)]
    /// The table rows encoded, in order.
    public let rows: [Int]
    /// Encoded columns per row.
    public let width: Int
    /// Imputed values (numeric features) or unseen levels (categorical ones) per feature.
    private var counts: [Int]

    /// Resolves every feature's column of `table`, in feature order.
    ///
    /// - Throws: ``DataError`` for a missing column or a text column where the encoder expects
    ///   numbers (naming the first text value among `rows`).
    public init(_ encoder: FeatureEncoder, table: Table, rows: [Int]) throws {
        features = encoder.features
        self.rows = rows
        width = encoder.encodedNames.count
        var sources: [(source: Source, offset: Int)] = []
        var offset = 0
        for feature in encoder.features {
            let index = try table.columnIndex(named: feature.name, role: "feature column")
            let column = table.columns[index]
            switch feature {
            case .numeric(let name, let median, let indicator):
                guard case .numeric(let values) = column.values else {
                    let row = FeatureEncoder.firstTextRow(column.values, rows: rows)
                    throw DataError(
                        file: table.source, line: row.map { table.lineNumbers[$0] },
                        columnNumber: index + 1, columnName: name,
                        value: row.flatMap {
                            if case .categorical(let texts) = column.values { return texts[$0] }
                            return nil
                        },
                        problem: "is text, but the model was trained with this column as numbers")
                }
                sources.append(
                    (.numeric(values: values, median: median, indicator: indicator), offset))
                offset += indicator ? 2 : 1
            case .categorical(_, let levels, let missingLevel):
                var positions: [String: Int] = [:]
                for (position, level) in levels.enumerated() { positions[level] = position }
                sources.append(
                    (
                        .categorical(
                            texts: FeatureEncoder.texts(column.values), positions: positions,
                            missingSlot: missingLevel ? levels.count : nil), offset
                    ))
                offset += levels.count + (missingLevel ? 1 : 0)
            }
        }
        self.sources = sources
        counts = [Int](repeating: 0, count: encoder.features.count)
    }

    /// Writes the encoded rows `rows[positions]` into `block` (`positions.count * width`
    /// values, row-major; every value is written), counting imputed values and unseen levels.
    public mutating func encode(
        _ positions: Range<Int>, into block: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(
            block.count == positions.count * width,
            "FeatureEncodingPlan: \(block.count) values for \(positions.count) rows of \(width)")
        guard let base = block.baseAddress else { return }
        base.update(repeating: 0, count: block.count)
        let width = width
        rows.withUnsafeBufferPointer { rows in
            for (featureIndex, (source, offset)) in sources.enumerated() {
                switch source {
                case .numeric(let values, let median, let indicator):
                    var imputed = 0
                    values.withUnsafeBufferPointer { values in
                        var target = base + offset
                        for position in positions {
                            var value = values[rows[position]]
                            if value.isNaN {
                                value = median
                                imputed += 1
                                if indicator { target[1] = 1 }
                            }
                            target[0] = value
                            target += width
                        }
                    }
                    counts[featureIndex] += imputed
                case .categorical(let texts, let levelPositions, let missingSlot):
                    var unseen = 0
                    var target = base + offset
                    for position in positions {
                        let slot: Int?
                        if let level = texts[rows[position]] {
                            slot = levelPositions[level]
                        } else {
                            slot = missingSlot
                        }
                        if let slot {
                            target[slot] = 1
                        } else {
                            unseen += 1
                        }
                        target += width
                    }
                    counts[featureIndex] += unseen
                }
            }
        }
    }

    /// Adds the imputed values and unseen levels counted so far to `report`.
    public func addCounts(to report: inout EncodingReport) {
        for (feature, count) in zip(features, counts) where count > 0 {
            switch feature {
            case .numeric(let name, _, _): report.imputedValues[name, default: 0] += count
            case .categorical(let name, _, _): report.unseenLevels[name, default: 0] += count
            }
        }
    }
}
