/// A least-squares problem `min ||A x - b||_2` reduced block by block of rows to its small
/// triangular factor, so that a tall `A` (a million rows) never has to exist as a whole.
///
/// Keeps `R` (`columns x columns`, upper triangular) and `c`, the first `columns` entries of
/// `Q^T b`, of a Householder QR of the rows seen so far. Each new block `B` (with its targets
/// `d`) is absorbed by a Householder QR of the stacked matrix `[R; B]` (and `[c; d]`), which
/// gives the `R` and `c` of the whole matrix read so far (the sequential form of the
/// "tall-skinny QR": Demmel, Grigori, Hoemmen and Langou, SIAM J. Sci. Comput. 34, 2012).
/// Householder reflections are orthogonal, so this is as backward stable as the QR of the whole
/// matrix; the normal equations `A^T A` are never formed.
///
/// ``solve(tolerance:)`` then hands `R x = c` to the pivoted QR of
/// ``LeastSquares/solve(columnMajor:rows:columns:_:tolerance:)``. `R` has the column norms and
/// singular values of `A` (`A = Q R`), so the pivot order, the numerical rank and the
/// minimum-norm solution are those of `A`'s own pivoted QR, up to rounding.
///
/// Memory: `columns^2 + columns` doubles plus one block. Work: about `2 rows columns^2` flops,
/// as for the QR of the whole matrix.
public struct IncrementalQR: Sendable {
    /// Number of unknowns.
    public let columns: Int
    /// Rows absorbed so far.
    public private(set) var rows = 0
    /// `R`, row-major `columns x columns`; zeros below the diagonal.
    private var r: [Double]
    /// The first `columns` entries of `Q^T b`.
    private var c: [Double]

    public init(columns: Int) {
        precondition(columns >= 0, "IncrementalQR: negative column count \(columns)")
        self.columns = columns
        r = [Double](repeating: 0, count: columns * columns)
        c = [Double](repeating: 0, count: columns)
    }

    /// Absorbs a block of rows.
    ///
    /// - Parameters:
    ///   - block: the rows, **column-major** `[targets.count, columns]` (`A[i, j]` at
    ///     `j * targets.count + i`), overwritten (it is the reflectors' working storage).
    ///   - targets: the rows' right-hand sides, overwritten.
    public mutating func absorb(
        columnMajor block: UnsafeMutableBufferPointer<Double>,
        targets: UnsafeMutableBufferPointer<Double>
    ) {
        let height = targets.count
        precondition(
            block.count == height * columns,
            "IncrementalQR.absorb: \(block.count) values for \(height)x\(columns)")
        guard height > 0, columns > 0 else { return }
        rows += height
        let columns = columns
        r.withUnsafeMutableBufferPointer { r in
            c.withUnsafeMutableBufferPointer { c in
                for k in 0..<columns {
                    // The reflector of column k acts on row k of R and on the block's rows;
                    // rows k+1..<columns of R are zero in column k (R is triangular).
                    let head = r[k * columns + k]
                    let columnK = block.baseAddress! + k * height
                    var tailSquared = 0.0
                    for i in 0..<height { tailSquared += columnK[i] * columnK[i] }
                    if tailSquared == 0 { continue }  // nothing below the diagonal to remove
                    let norm = (head * head + tailSquared).squareRoot()
                    let alpha = head > 0 ? -norm : norm
                    let v0 = head - alpha
                    let vNormSquared = v0 * v0 + tailSquared
                    r[k * columns + k] = alpha
                    for j in (k + 1)..<max(columns, k + 1) {
                        let columnJ = block.baseAddress! + j * height
                        var dot = v0 * r[k * columns + j]
                        for i in 0..<height { dot += columnK[i] * columnJ[i] }
                        let factor = 2 * dot / vNormSquared
                        r[k * columns + j] -= factor * v0
                        for i in 0..<height { columnJ[i] -= factor * columnK[i] }
                    }
                    var dot = v0 * c[k]
                    for i in 0..<height { dot += columnK[i] * targets[i] }
                    let factor = 2 * dot / vNormSquared
                    c[k] -= factor * v0
                    for i in 0..<height { targets[i] -= factor * columnK[i] }
                }
            }
        }
    }

    /// The minimum-norm least-squares solution of the rows absorbed, and `A`'s numerical rank.
    ///
    /// - Parameter tolerance: relative rank tolerance; default `max(rows, columns) * 2^-52`,
    ///   the default of ``LeastSquares/solve(_:rows:columns:_:tolerance:)`` for the whole `A`.
    public func solve(tolerance: Double? = nil) -> (solution: [Double], rank: Int) {
        guard columns > 0 else { return ([], 0) }
        var columnMajor = [Double](repeating: 0, count: columns * columns)
        for i in 0..<columns {
            for j in i..<columns { columnMajor[j * columns + i] = r[i * columns + j] }
        }
        let (solution, rank) = LeastSquares.solve(
            columnMajor: columnMajor, rows: columns, columns: columns, c,
            tolerance: tolerance ?? Double(max(rows, columns)) * 0x1p-52)
        return (solution, min(rank, rows))
    }
}
