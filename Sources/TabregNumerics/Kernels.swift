import CTabregKernels

/// The hot loops of tabreg, on raw row-major float32 buffers.
///
/// This namespace is the only place with raw-pointer arithmetic; ``Matrix`` and the network's
/// layers and optimizers reach the loops only through it. The loops themselves are C
/// (`CTabregKernels`), compiled for AVX-512, AVX2+FMA, NEON and portable C and chosen at run
/// time for the host: a plain `swift build -c release` compiles Swift for the x86-64 baseline
/// (SSE2, no fused multiply-add), which ran the tutorial job 4-5 times slower, and the package
/// must stay usable as a dependency, so it cannot pass `-march` flags.
///
/// Numerical contract: each product's output element is one chain of fused multiply-adds over
/// the reduction index in increasing order, `s = fma(a, b, s)`, starting from the bias or 0.
/// That is bit-identical to the naive scalar loop written with `Float.addingProduct` (the
/// references in `KernelsTests` and `CKernelsTests`), and the same on every instruction set and
/// every thread count: tiling and vector width decide which elements are computed together,
/// never the order of one element's sum. Element-wise kernels use only correctly rounded
/// operations in a fixed order, so they too are bit-identical to their scalar loops.
public enum Kernels {
    /// The instruction set the kernels run with on this machine: `avx512`, `avx2+fma`, `neon`
    /// or `generic`.
    public static var instructionSet: String {
        String(cString: tabreg_kernels_isa_name(tabreg_kernels_best_isa()))
    }

    /// Runs `body` with the kernels it calls on this thread allowed to use `threadCount`
    /// threads, then restores the previous count.
    ///
    /// Products of at least 2^21 multiply-adds and Adam steps over at least 2^18 parameters are
    /// cut into chunks (whole output rows, whole column blocks, whole cache lines) that this
    /// thread and up to `threadCount - 1` shared worker threads claim. A chunk computes the same
    /// fma chains as the whole call, so results are bit-identical for every `threadCount`. The
    /// setting belongs to the calling thread: kernels called from other threads meanwhile
    /// (for example Dispatch workers) keep their own count, 1 unless they set one.
    public static func withThreadCount<Result, Failure: Error>(
        _ threadCount: Int, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(threadCount > 0, "threadCount must be positive, got \(threadCount)")
        let previous = tabreg_thread_count()
        tabreg_set_thread_count(threadCount)
        defer { tabreg_set_thread_count(previous) }
        return try body()
    }

    /// The thread count set by the innermost ``withThreadCount(_:_:)`` on this thread (1 when
    /// none is active).
    public static var threadCount: Int { tabreg_thread_count() }

    /// `c[i, j] = bias[j] + sum_p a[i, p] * b[p, j]` for `a: [m, k]`, `b: [k, n]`, `c: [m, n]`.
    ///
    /// Bit-identical to `s = bias[j]; for p in 0..<k { s = s.addingProduct(a[i, p], b[p, j]) }`.
    /// Pointers may be nil only when the corresponding size product is zero.
    public static func multiplyAddingRow(
        _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ bias: UnsafePointer<Float>?,
        _ c: UnsafeMutablePointer<Float>?, m: Int, k: Int, n: Int
    ) {
        guard m > 0, n > 0, let c, let bias else { return }
        tabreg_multiply_adding_row(a, b, bias, c, m, k, n)
    }

    /// `c[i, p] = sum_j a[i, j] * b[p, j]` for `a: [m, n]`, `b: [k, n]`, `c: [m, k]`.
    ///
    /// Bit-identical to `s = 0; for j in 0..<n { s = s.addingProduct(a[i, j], b[p, j]) }`: the
    /// kernel packs `b` transposed into a small panel rather than splitting the dot product.
    public static func multiplyTransposingRight(
        _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>?,
        m: Int, n: Int, k: Int
    ) {
        guard m > 0, k > 0, let c else { return }
        guard n > 0, let a, let b else {
            c.update(repeating: 0, count: m &* k)
            return
        }
        tabreg_multiply_transposing_right(a, b, c, m, n, k)
    }

    /// `c[p, j] = sum_i a[i, p] * b[i, j]` for `a: [m, k]`, `b: [m, n]`, `c: [k, n]`.
    ///
    /// Bit-identical to `s = 0; for i in 0..<m { s = s.addingProduct(a[i, p], b[i, j]) }`.
    public static func multiplyTransposingLeft(
        _ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ c: UnsafeMutablePointer<Float>?,
        m: Int, k: Int, n: Int
    ) {
        guard k > 0, n > 0, let c else { return }
        guard m > 0, let a, let b else {
            c.update(repeating: 0, count: k &* n)
            return
        }
        tabreg_multiply_transposing_left(a, b, c, m, k, n)
    }

    /// `sums[j] = sum_i a[i, j]` for `a: [m, n]`, rows in increasing order (bit-identical to
    /// the naive loop).
    public static func columnSums(
        _ a: UnsafePointer<Float>?, _ sums: UnsafeMutablePointer<Float>?, m: Int, n: Int
    ) {
        guard n > 0, let sums else { return }
        guard m > 0, let a else {
            sums.update(repeating: 0, count: n)
            return
        }
        tabreg_column_sums(a, sums, m, n)
    }

    /// `y[j] += x[j]` for j in `0..<count` (reduces per-chunk gradients in a fixed order).
    public static func add(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        tabreg_add(x, y, count)
    }

    /// `y[i] = x[i] > 0 ? x[i] : x[i] * negativeSlope` (PyTorch's `leaky_relu`).
    public static func leakyReLU(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
        negativeSlope: Float
    ) {
        tabreg_leaky_relu(x, y, count, negativeSlope)
    }

    /// `dx[i] = dy[i] * (x[i] > 0 ? 1 : negativeSlope)`, the leaky ReLU's backward pass.
    public static func leakyReLUBackward(
        input x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
        inputGradient dx: UnsafeMutablePointer<Float>, count: Int, negativeSlope: Float
    ) {
        tabreg_leaky_relu_backward(x, dy, dx, count, negativeSlope)
    }

    /// One Adam update over a flat parameter array, element by element (see `Adam` in
    /// TabregNetwork for the algorithm); every lane rounds exactly as the scalar loop
    ///
    ///     g = gradient[i] (+ weightDecay * value[i] when weightDecay != 0)
    ///     m[i] += oneMinusBeta1 * (g - m[i])
    ///     v[i] = beta2 * v[i] + oneMinusBeta2 * g * g
    ///     value[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2Root + epsilon)
    ///
    /// does (no fused multiply-add, operations in the order written).
    public static func adamUpdate(
        value: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
        firstMoment: UnsafeMutablePointer<Float>, secondMoment: UnsafeMutablePointer<Float>,
        count: Int, beta2: Float, oneMinusBeta1: Float, oneMinusBeta2: Float, stepSize: Float,
        correction2Root: Float, epsilon: Float, weightDecay: Float
    ) {
        tabreg_adam_update(
            value, gradient, firstMoment, secondMoment, count, beta2, oneMinusBeta1,
            oneMinusBeta2, stepSize, correction2Root, epsilon, weightDecay)
    }
}
