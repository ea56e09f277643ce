/// The hot loops of tabreg, on raw row-major float32 buffers.
///
/// This namespace is the only place with raw-pointer arithmetic; ``Matrix`` is its only caller.
/// Each kernel's doc says whether it is bit-identical to the plain scalar loop in the tests
/// (`KernelsTests`) or reorders the sum. Index arithmetic uses `&+`/`&*`: sizes are checked by
/// the callers' preconditions.
public enum Kernels {
    /// `c[i, j] = bias[j] + sum_p a[i, p] * b[p, j]` for `a: [m, k]`, `b: [k, n]`, `c: [m, n]`.
    ///
    /// Row by row as an axpy over `j`, p in increasing order: bit-identical to the naive loop.
    /// Pointers may be nil only when the corresponding size product is zero.
    @inlinable
    public static func multiplyAddingRow(
        _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ bias: UnsafePointer<Float>?,
        _ c: UnsafeMutablePointer<Float>?, m: Int, k: Int, n: Int
    ) {
        guard m > 0, n > 0, let c, let bias else { return }
        for i in 0..<m {
            let row = c + i &* n
            row.update(from: bias, count: n)
            guard k > 0, let a, let b else { continue }
            for p in 0..<k {
                axpy(a[i &* k &+ p], b + p &* n, row, count: n)
            }
        }
    }

    /// `c[i, p] = sum_j a[i, j] * b[p, j]` for `a: [m, n]`, `b: [k, n]`, `c: [m, k]`.
    ///
    /// Each element is a dot product summed with j in increasing order: bit-identical to the
    /// naive loop.
    @inlinable
    public static func multiplyTransposingRight(
        _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>?,
        m: Int, n: Int, k: Int
    ) {
        guard m > 0, k > 0, let c else { return }
        guard n > 0, let a, let b else {
            c.update(repeating: 0, count: m &* k)
            return
        }
        for i in 0..<m {
            let left = a + i &* n
            for p in 0..<k {
                let right = b + p &* n
                var sum: Float = 0
                for j in 0..<n {
                    sum += left[j] * right[j]
                }
                c[i &* k &+ p] = sum
            }
        }
    }

    /// `c[p, j] = sum_i a[i, p] * b[i, j]` for `a: [m, k]`, `b: [m, n]`, `c: [k, n]`.
    ///
    /// Rows i in increasing order, each an axpy into row p of c: bit-identical to the naive loop.
    @inlinable
    public static func multiplyTransposingLeft(
        _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>?,
        m: Int, k: Int, n: Int
    ) {
        guard k > 0, n > 0, let c else { return }
        c.update(repeating: 0, count: k &* n)
        guard m > 0, let a, let b else { return }
        for i in 0..<m {
            let right = b + i &* n
            for p in 0..<k {
                axpy(a[i &* k &+ p], right, c + p &* n, count: n)
            }
        }
    }

    /// `sums[j] = sum_i a[i, j]` for `a: [m, n]`, rows in increasing order (bit-identical to
    /// the naive loop).
    @inlinable
    public static func columnSums(
        _ a: UnsafePointer<Float>?, _ sums: UnsafeMutablePointer<Float>?, m: Int, n: Int
    ) {
        guard n > 0, let sums else { return }
        sums.update(repeating: 0, count: n)
        guard m > 0, let a else { return }
        for i in 0..<m {
            let row = a + i &* n
            var j = 0
            while j &+ 8 <= n {
                let s = UnsafeRawPointer(sums + j).loadUnaligned(as: SIMD8<Float>.self)
                let x = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(sums + j).storeBytes(of: s + x, as: SIMD8<Float>.self)
                j &+= 8
            }
            while j < n {
                sums[j] += row[j]
                j &+= 1
            }
        }
    }

    /// `y[j] += alpha * x[j]` for j in `0..<count` (a multiply then an add per element, no
    /// fused multiply-add, so each lane rounds exactly as the scalar loop does).
    @inlinable
    public static func axpy(
        _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
    ) {
        let scale = SIMD8<Float>(repeating: alpha)
        var j = 0
        while j &+ 8 <= count {
            let xs = UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self)
            let ys = UnsafeRawPointer(y + j).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + j).storeBytes(of: ys + scale * xs, as: SIMD8<Float>.self)
            j &+= 8
        }
        while j < count {
            y[j] += alpha * x[j]
            j &+= 1
        }
    }
}
