// CTabregKernels: the hot loops of tabreg in C, with runtime dispatch on the host's vector units.
//
// Why C: a package built with a plain `swift build -c release` (no flags, usable as a dependency,
// so no `unsafeFlags`) compiles Swift for the x86-64 baseline (SSE2, no fused multiply-add).
// C functions can carry `__attribute__((target("avx2,fma")))` and be chosen at run time with
// `__builtin_cpu_supports`, so the same binary uses AVX-512, AVX2+FMA or the baseline.
//
// Numerical contract (every variant, every instruction set, every thread count):
// every output element of a product is one chain of fused multiply-adds,
// `c = fma(a[.., p], b[p, ..], c)`, over the reduction index in increasing order, starting from
// the bias (or 0). Register tiling and vector width only change which elements are computed
// together, never the order of one element's sum, so each product is bit-identical to the naive
// scalar loop that uses fmaf, and the AVX-512, AVX2+FMA, NEON and generic variants agree bit for
// bit. Element-wise kernels use only correctly rounded operations (+, -, *, /, sqrt, fma) in a
// fixed order, so they are bit-identical to their scalar references as well.
// The C file is compiled with floating-point contraction off, so no unrequested fma appears.
//
// All matrices are dense, row-major float32. Sizes are element counts; no kernel allocates.
#ifndef CTABREG_KERNELS_H
#define CTABREG_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction sets the kernels are compiled for.
typedef enum {
    TABREG_ISA_GENERIC = 0,  ///< Portable C (fmaf per lane where the target has no FMA unit).
    TABREG_ISA_NEON = 1,     ///< arm64 Advanced SIMD (baseline on arm64, so always available).
    TABREG_ISA_AVX2_FMA = 2, ///< x86-64 AVX2 with FMA3.
    TABREG_ISA_AVX512 = 3,   ///< x86-64 AVX-512F.
} tabreg_isa;

/// The fastest instruction set this machine supports (the one the dispatching functions use).
tabreg_isa tabreg_kernels_best_isa(void);

/// Whether `isa` is compiled in and supported by this machine.
int tabreg_kernels_isa_available(tabreg_isa isa);

/// A short name: "generic", "neon", "avx2+fma", "avx512".
const char *tabreg_kernels_isa_name(tabreg_isa isa);

/// `c[i, j] = fma-chain over p of a[i, p] * b[p, j], starting from bias[j]` (from 0 when bias is
/// NULL). a: [m, k], b: [k, n], bias: [n], c: [m, n]. Bit-identical to
/// `s = bias[j]; for p in 0..<k { s = fmaf(a[i, p], b[p, j], s) }`.
void tabreg_multiply_adding_row(const float *a, const float *b, const float *bias, float *c,
                                long m, long k, long n);

/// `c[i, p] = sum_j a[i, j] * b[p, j]` (C = A * B^T) for a: [m, n], b: [k, n], c: [m, k].
/// Bit-identical to `s = 0; for j in 0..<n { s = fmaf(a[i, j], b[p, j], s) }`: j in increasing
/// order (the kernel packs B^T into a small panel instead of reordering the dot product).
void tabreg_multiply_transposing_right(const float *a, const float *b, float *c,
                                       long m, long n, long k);

/// `c[p, j] = sum_i a[i, p] * b[i, j]` (C = A^T * B) for a: [m, k], b: [m, n], c: [k, n].
/// Bit-identical to `s = 0; for i in 0..<m { s = fmaf(a[i, p], b[i, j], s) }`.
void tabreg_multiply_transposing_left(const float *a, const float *b, float *c,
                                      long m, long k, long n);

/// `sums[j] = sum_i a[i, j]` for a: [m, n], rows in increasing order, starting from 0.
void tabreg_column_sums(const float *a, float *sums, long m, long n);

/// `y[i] += x[i]` for i in 0..<count (used to reduce per-chunk gradients in a fixed order).
void tabreg_add(const float *x, float *y, long count);

/// Leaky ReLU: `y[i] = x[i] > 0 ? x[i] : x[i] * slope` (PyTorch's formula).
void tabreg_leaky_relu(const float *x, float *y, long count, float slope);

/// Leaky ReLU backward: `dx[i] = dy[i] * (x[i] > 0 ? 1 : slope)`.
void tabreg_leaky_relu_backward(const float *x, const float *dy, float *dx, long count,
                                float slope);

/// One Adam step over a flat parameter array, rounding exactly as tabreg's `Adam` (PyTorch's
/// single-tensor `torch.optim.Adam`, lerp form of the first moment), in this order:
///
///     g = grad[i] + weightDecay * value[i]             (only when weightDecay != 0)
///     m[i] = m[i] + oneMinusBeta1 * (g - m[i])
///     v[i] = beta2 * v[i] + (oneMinusBeta2 * g) * g
///     value[i] = value[i] - (stepSize * m[i]) / (sqrt(v[i]) / correction2Root + epsilon)
///
/// with the caller's `stepSize = lr / (1 - beta1^t)` and `correction2Root = sqrt(1 - beta2^t)`.
/// Every operation is a separately rounded +, -, *, / or sqrt, so every lane is bit-identical to
/// the scalar loop.
void tabreg_adam_update(float *value, const float *grad, float *m, float *v, long count,
                        float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                        float correction2Root, float epsilon, float weightDecay);

/// Sets how many threads the calling thread's kernel calls may use (1, the default, keeps every
/// kernel on the calling thread). Products of at least 2^21 multiply-adds and Adam steps over
/// at least 2^18 parameters are cut into chunks of whole output rows, whole column blocks or
/// whole cache lines that the calling thread and up to `count - 1` shared worker threads claim.
/// Each chunk computes the same fma chains the whole call would, so results are bit-identical
/// for every count. The setting is per calling thread (threads started elsewhere keep 1).
void tabreg_set_thread_count(long count);

/// The calling thread's kernel thread count (see `tabreg_set_thread_count`).
long tabreg_thread_count(void);

/// The same kernels for one chosen instruction set (for tests that compare variants).
/// Returns 0 and does nothing when `isa` is not available.
int tabreg_multiply_adding_row_isa(tabreg_isa isa, const float *a, const float *b,
                                   const float *bias, float *c, long m, long k, long n);
int tabreg_multiply_transposing_right_isa(tabreg_isa isa, const float *a, const float *b,
                                          float *c, long m, long n, long k);
int tabreg_multiply_transposing_left_isa(tabreg_isa isa, const float *a, const float *b,
                                         float *c, long m, long k, long n);
int tabreg_adam_update_isa(tabreg_isa isa, float *value, const float *grad, float *m, float *v,
                           long count, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                           float stepSize, float correction2Root, float epsilon,
                           float weightDecay);

/// SHA-256 (FIPS 180-4 section 6.2.2): compresses `blocks` 64-byte blocks of `data` into `state`
/// (the eight working words) with the x86 SHA extensions, and returns 1; returns 0 and does
/// nothing on a machine without them (arm64, older x86-64), where the caller compresses the
/// blocks itself. TabregModel's `SHA256` fingerprints training files with it: about 6 cycles per
/// byte in Swift, 1.2 s for a 200 MB file, against about 2 with the extensions.
int tabreg_sha256_compress(uint32_t state[8], const uint8_t *data, long blocks);

/// SHA-256's 64 round constants (FIPS 180-4 section 4.2.2), for the rounds written elsewhere.
const uint32_t *tabreg_sha256_round_constants(void);

#ifdef __cplusplus
}
#endif

#endif
