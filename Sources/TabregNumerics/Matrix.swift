/// A dense row-major matrix of float32 values, the one tensor type of tabreg's network.
///
/// Element `(row, column)` is stored at `storage[row * columns + column]`. A vector is a matrix
/// with one column (targets, predictions) or one row (a bias), so shapes are always explicit:
/// a `[N]` target can never be broadcast against `[N, 1]` predictions by accident.
///
/// Products go through ``Kernels``; this type is the kernels' only caller.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var columns: Int
    /// The values, row-major, `rows * columns` of them.
    public var storage: [Float]

    /// A `rows x columns` matrix filled with `value` (default 0).
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative: \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// A `rows x columns` matrix over `storage` (row-major, `rows * columns` values).
    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(
            storage.count == rows * columns,
            "Matrix \(rows)x\(columns) needs \(rows * columns) values, got \(storage.count)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A one-column matrix (shape `[values.count, 1]`), the shape of targets and predictions.
    public init(column values: [Float]) {
        self.init(rows: values.count, columns: 1, storage: values)
    }

    /// The shape as `(rows, columns)`.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// Reads or writes element `(row, column)`.
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                "index (\(row), \(column)) out of range for \(rows)x\(columns)")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                "index (\(row), \(column)) out of range for \(rows)x\(columns)")
            storage[row * columns + column] = newValue
        }
    }

    /// Changes the number of rows, keeping the column count, reusing the storage's capacity.
    /// Values are unspecified afterwards (kernels overwrite them).
    public mutating func resize(rows newRows: Int) {
        guard newRows != rows else { return }
        rows = newRows
        let count = newRows * columns
        if storage.count > count {
            storage.removeLast(storage.count - count)
        } else if storage.count < count {
            storage.append(contentsOf: repeatElement(0, count: count - storage.count))
        }
    }

    /// Copies the given rows of `source` (in the order given) into this matrix, resizing it.
    public mutating func gather(rows indices: ArraySlice<Int>, from source: Matrix) {
        precondition(columns == source.columns,
            "gather: \(columns) columns here, \(source.columns) in the source")
        resize(rows: indices.count)
        let width = columns
        storage.withUnsafeMutableBufferPointer { destination in
            source.storage.withUnsafeBufferPointer { origin in
                for (position, row) in indices.enumerated() {
                    precondition(row >= 0 && row < source.rows, "gather: row \(row) out of range")
                    let target = destination.baseAddress! + position * width
                    target.update(from: origin.baseAddress! + row * width, count: width)
                }
            }
        }
    }
}

// MARK: - Products

extension Matrix {
    /// Writes `input * weights + bias` into `output` (resized to `[input.rows, weights.columns]`).
    ///
    /// Shapes: input `[m, k]`, weights `[k, n]`, bias `[1, n]`. Bit-identical to the naive loop
    /// that adds `input[i, p] * weights[p, j]` for p in increasing order, starting from the bias.
    public static func multiply(
        _ input: Matrix, _ weights: Matrix, addingRow bias: Matrix, into output: inout Matrix
    ) {
        precondition(input.columns == weights.rows,
            "multiply: [\(input.rows), \(input.columns)] x [\(weights.rows), \(weights.columns)]")
        precondition(bias.rows == 1 && bias.columns == weights.columns,
            "multiply: bias [\(bias.rows), \(bias.columns)] for \(weights.columns) outputs")
        precondition(output.columns == weights.columns,
            "multiply: output has \(output.columns) columns, expected \(weights.columns)")
        output.resize(rows: input.rows)
        let (m, k, n) = (input.rows, input.columns, weights.columns)
        input.storage.withUnsafeBufferPointer { a in
            weights.storage.withUnsafeBufferPointer { b in
                bias.storage.withUnsafeBufferPointer { c0 in
                    output.storage.withUnsafeMutableBufferPointer { c in
                        Kernels.multiplyAddingRow(
                            a.baseAddress, b.baseAddress, c0.baseAddress, c.baseAddress,
                            m: m, k: k, n: n)
                    }
                }
            }
        }
    }

    /// Writes `outputGradient * weights^T` into `inputGradient` (resized to `[m, k]`).
    ///
    /// Shapes: outputGradient `[m, n]`, weights `[k, n]`. See
    /// ``Kernels/multiplyTransposingRight(_:_:_:m:n:k:)`` for the summation order.
    public static func multiplyTransposingRight(
        _ left: Matrix, _ right: Matrix, into output: inout Matrix
    ) {
        precondition(left.columns == right.columns,
            "multiplyTransposingRight: [\(left.rows), \(left.columns)] x [\(right.rows), \(right.columns)]^T")
        precondition(output.columns == right.rows,
            "multiplyTransposingRight: output has \(output.columns) columns, expected \(right.rows)")
        output.resize(rows: left.rows)
        let (m, n, k) = (left.rows, left.columns, right.rows)
        left.storage.withUnsafeBufferPointer { a in
            right.storage.withUnsafeBufferPointer { b in
                output.storage.withUnsafeMutableBufferPointer { c in
                    Kernels.multiplyTransposingRight(
                        a.baseAddress, b.baseAddress, c.baseAddress, m: m, n: n, k: k)
                }
            }
        }
    }

    /// Writes `left^T * right` into `output` (`[k, n]`), and the column sums of `right` into
    /// `columnSums` (`[1, n]`): the weight and bias gradients of a linear layer.
    ///
    /// Shapes: left `[m, k]`, right `[m, n]`. Bit-identical to the naive loops that visit rows
    /// in increasing order.
    public static func multiplyTransposingLeft(
        _ left: Matrix, _ right: Matrix, into output: inout Matrix, columnSums: inout Matrix
    ) {
        precondition(left.rows == right.rows,
            "multiplyTransposingLeft: [\(left.rows), \(left.columns)]^T x [\(right.rows), \(right.columns)]")
        precondition(output.rows == left.columns && output.columns == right.columns,
            "multiplyTransposingLeft: output [\(output.rows), \(output.columns)]")
        precondition(columnSums.rows == 1 && columnSums.columns == right.columns,
            "multiplyTransposingLeft: column sums [\(columnSums.rows), \(columnSums.columns)]")
        let (m, k, n) = (left.rows, left.columns, right.columns)
        left.storage.withUnsafeBufferPointer { a in
            right.storage.withUnsafeBufferPointer { b in
                output.storage.withUnsafeMutableBufferPointer { c in
                    columnSums.storage.withUnsafeMutableBufferPointer { s in
                        Kernels.multiplyTransposingLeft(
                            a.baseAddress, b.baseAddress, c.baseAddress, m: m, k: k, n: n)
                        Kernels.columnSums(b.baseAddress, s.baseAddress, m: m, n: n)
                    }
                }
            }
        }
    }
}
