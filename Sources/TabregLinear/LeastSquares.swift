/// Dense float64 least-squares solvers: Householder QR with column pivoting, and a one-sided
/// Jacobi SVD of the small triangular factor when the columns are rank-deficient.
///
/// Never forms the normal equations `X^T X`, whose condition number is the square of `X`'s.
public enum LeastSquares {
    /// The minimum-norm solution `x` of `min ||A x - b||_2` for `A` `[rows, columns]` given
    /// row-major, and the numerical rank of `A`.
    ///
    /// A is first reduced by Householder QR with column pivoting (Golub and Van Loan, Matrix
    /// Computations, 4th ed., algorithm 5.4.1). When every diagonal entry of R exceeds
    /// `tolerance * |R[0, 0]|` (default `max(rows, columns) * 2^-52`, as LAPACK's `gelsd`
    /// and numpy's `lstsq` use) the triangular system is solved directly; otherwise the small
    /// `columns x columns` problem `R z = Q^T b` is solved through the SVD of R with singular
    /// values below the tolerance dropped, which gives the same minimum-norm solution numpy's
    /// `lstsq` returns.
    public static func solve(
        _ a: [Double], rows: Int, columns: Int, _ b: [Double], tolerance: Double? = nil
    ) -> (solution: [Double], rank: Int) {
        precondition(a.count == rows * columns, "LeastSquares.solve: \(a.count) values for \(rows)x\(columns)")
        precondition(b.count == rows, "LeastSquares.solve: \(b.count) targets for \(rows) rows")
        guard columns > 0 else { return ([], 0) }
        // Column-major working copy: each column contiguous.
        var q = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                q[j * rows + i] = a[i * columns + j]
            }
        }
        var rhs = b
        var permutation = Array(0..<columns)
        var norms = (0..<columns).map { j in columnNormSquared(q, rows: rows, column: j, from: 0) }
        let steps = min(rows, columns)
        var diagonal = [Double](repeating: 0, count: columns)
        for k in 0..<steps {
            // Pivot: the remaining column with the largest norm (recomputed, not downdated, to
            // stay exact enough for the small column counts of tabular data).
            var best = k
            for j in k..<columns where norms[j] > norms[best] { best = j }
            if best != k {
                for i in 0..<rows { q.swapAt(k * rows + i, best * rows + i) }
                permutation.swapAt(k, best)
                norms.swapAt(k, best)
            }
            // Householder reflector for column k, rows k..<rows.
            let normX = columnNormSquared(q, rows: rows, column: k, from: k).squareRoot()
            if normX == 0 {
                diagonal[k] = 0
                continue
            }
            let alpha = q[k * rows + k] > 0 ? -normX : normX
            q[k * rows + k] -= alpha
            let vNormSquared = columnNormSquared(q, rows: rows, column: k, from: k)
            diagonal[k] = alpha
            if vNormSquared > 0 {
                for j in (k + 1)..<max(columns, k + 1) {
                    var dot = 0.0
                    for i in k..<rows { dot += q[k * rows + i] * q[j * rows + i] }
                    let factor = 2 * dot / vNormSquared
                    for i in k..<rows { q[j * rows + i] -= factor * q[k * rows + i] }
                }
                var dot = 0.0
                for i in k..<rows { dot += q[k * rows + i] * rhs[i] }
                let factor = 2 * dot / vNormSquared
                for i in k..<rows { rhs[i] -= factor * q[k * rows + i] }
            }
            for j in (k + 1)..<max(columns, k + 1) {
                norms[j] = columnNormSquared(q, rows: rows, column: j, from: k + 1)
            }
        }
        // R: diagonal in `diagonal`, strictly upper part in q above the diagonal.
        let size = columns
        var r = [Double](repeating: 0, count: size * size)  // row-major, steps x columns, zero-padded
        for i in 0..<steps {
            r[i * size + i] = diagonal[i]
            for j in (i + 1)..<max(size, i + 1) { r[i * size + j] = q[j * rows + i] }
        }
        var c = [Double](repeating: 0, count: size)
        for i in 0..<steps { c[i] = rhs[i] }
        let threshold = (tolerance ?? Double(max(rows, columns)) * 0x1p-52) * abs(diagonal[0])
        let rank = (0..<steps).filter { abs(diagonal[$0]) > threshold }.count
        var z: [Double]
        if rank == columns {
            z = [Double](repeating: 0, count: size)
            for i in stride(from: size - 1, through: 0, by: -1) {
                var sum = c[i]
                for j in (i + 1)..<max(size, i + 1) { sum -= r[i * size + j] * z[j] }
                z[i] = sum / r[i * size + i]
            }
        } else {
            z = minimumNormSolution(r, size: size, c, relativeTolerance: threshold / max(abs(diagonal[0]), .leastNormalMagnitude))
        }
        var solution = [Double](repeating: 0, count: columns)
        for (position, column) in permutation.enumerated() { solution[column] = z[position] }
        return (solution, min(rank, columns))
    }

    private static func columnNormSquared(_ q: [Double], rows: Int, column: Int, from start: Int) -> Double {
        var sum = 0.0
        for i in start..<max(rows, start) { sum += q[column * rows + i] * q[column * rows + i] }
        return sum
    }

    /// Minimum-norm solution of the square system `R z = c` (row-major `size x size`) through a
    /// one-sided Jacobi SVD (Demmel and Veselic, 1992), singular values at or below
    /// `relativeTolerance * maxSingularValue` treated as zero.
    static func minimumNormSolution(
        _ r: [Double], size: Int, _ c: [Double], relativeTolerance: Double
    ) -> [Double] {
        // Columns of U*Sigma in `u` (column-major), V accumulated in `v`.
        var u = [Double](repeating: 0, count: size * size)
        for i in 0..<size { for j in 0..<size { u[j * size + i] = r[i * size + j] } }
        var v = [Double](repeating: 0, count: size * size)
        for i in 0..<size { v[i * size + i] = 1 }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<size {
                for q in (p + 1)..<max(size, p + 1) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<size {
                        let x = u[p * size + i], y = u[q * size + i]
                        alpha += x * x
                        beta += y * y
                        gamma += x * y
                    }
                    if abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() || gamma == 0 { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let cosine = 1 / (1 + t * t).squareRoot()
                    let sine = cosine * t
                    for i in 0..<size {
                        let x = u[p * size + i], y = u[q * size + i]
                        u[p * size + i] = cosine * x - sine * y
                        u[q * size + i] = sine * x + cosine * y
                        let vx = v[p * size + i], vy = v[q * size + i]
                        v[p * size + i] = cosine * vx - sine * vy
                        v[q * size + i] = sine * vx + cosine * vy
                    }
                }
            }
            if !rotated { break }
        }
        let sigma = (0..<size).map { j in
            (0..<size).reduce(0.0) { $0 + u[j * size + $1] * u[j * size + $1] }.squareRoot()
        }
        let cutoff = relativeTolerance * (sigma.max() ?? 0)
        var z = [Double](repeating: 0, count: size)
        for j in 0..<size where sigma[j] > cutoff && sigma[j] > 0 {
            // coefficient = (u_j . c) / sigma_j^2, where u holds U*Sigma.
            var dot = 0.0
            for i in 0..<size { dot += u[j * size + i] * c[i] }
            let coefficient = dot / (sigma[j] * sigma[j])
            for i in 0..<size { z[i] += coefficient * v[j * size + i] }
        }
        return z
    }
}
