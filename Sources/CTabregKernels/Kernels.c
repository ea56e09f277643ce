// Dispatch for CTabregKernels: the bodies in KernelsBody.h are compiled once per instruction set
// and the fastest one the running machine supports is chosen once, at first use.
//
// Why runtime dispatch rather than a build flag: `swift build -c release` passes no -march, the
// package must stay usable as a dependency (no `unsafeFlags`), and the binary must run on any
// x86-64 machine; per-function target attributes give host-speed code without any of that.
#include "CTabregKernels.h"
#include "ThreadPool.h"

// No unrequested contraction of a * b + c into fma: the C default (-ffp-contract=on) would fuse
// some expressions in the FMA variants and not in the generic one, and results would then
// depend on the instruction set. Every fma in these kernels is written out.
#pragma clang fp contract(off)
#pragma STDC FP_CONTRACT OFF

#if !defined(__clang__)
#error "CTabregKernels needs clang (ext_vector_type, __builtin_elementwise_fma)"
#endif

#define CONCAT_(a, b) a##_##b
#define CONCAT(a, b) CONCAT_(a, b)

// MARK: - Generic (portable baseline; on x86-64 without FMA hardware the fma is a libm call)
#define SUFFIX(name) CONCAT(name, generic)
#define TARGET
#define VW 4
#define MR 4
#define NB 2
#include "KernelsBody.h"

#if defined(__x86_64__) || defined(__i386__)
#define TABREG_X86 1
// MARK: - AVX2 + FMA3 (Haswell, Zen and later): 6 x 16 tile, 12 ymm accumulators
#define SUFFIX(name) CONCAT(name, avx2)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 8
#define MR 6
#define NB 2
#include "KernelsBody.h"

// MARK: - AVX-512F (Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4 and later): 6 x 32 tile
#define SUFFIX(name) CONCAT(name, avx512)
#define TARGET __attribute__((target("avx512f,avx2,fma")))
#define VW 16
#define MR 6
#define NB 2
#include "KernelsBody.h"
#endif

#if defined(__aarch64__)
#define TABREG_NEON 1
// MARK: - arm64 Advanced SIMD: 6 x 16 tile, 24 of the 32 q registers as accumulators
#define SUFFIX(name) CONCAT(name, neon)
#define TARGET
#define VW 4
#define MR 6
#define NB 4
#include "KernelsBody.h"
#endif

int tabreg_kernels_isa_available(tabreg_isa isa) {
    switch (isa) {
    case TABREG_ISA_GENERIC: return 1;
#if defined(TABREG_NEON)
    case TABREG_ISA_NEON: return 1;
#endif
#if defined(TABREG_X86)
    case TABREG_ISA_AVX2_FMA:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case TABREG_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
               __builtin_cpu_supports("fma");
#endif
    default: return 0;
    }
}

static int best_isa_cache = -1;

tabreg_isa tabreg_kernels_best_isa(void) {
    int cached = __atomic_load_n(&best_isa_cache, __ATOMIC_RELAXED);
    if (cached >= 0) return (tabreg_isa)cached;
    tabreg_isa best = TABREG_ISA_GENERIC;
    const tabreg_isa order[] = {TABREG_ISA_AVX512, TABREG_ISA_AVX2_FMA, TABREG_ISA_NEON};
    for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (tabreg_kernels_isa_available(order[i])) {
            best = order[i];
            break;
        }
    }
    __atomic_store_n(&best_isa_cache, (int)best, __ATOMIC_RELAXED);
    return best;
}

const char *tabreg_kernels_isa_name(tabreg_isa isa) {
    switch (isa) {
    case TABREG_ISA_GENERIC: return "generic";
    case TABREG_ISA_NEON: return "neon";
    case TABREG_ISA_AVX2_FMA: return "avx2+fma";
    case TABREG_ISA_AVX512: return "avx512";
    }
    return "unknown";
}

// Calls the variant of `name` for `isa` with `args`; `isa` must be available.
#if defined(TABREG_X86)
#define DISPATCH(isa, name, args)                                                               \
    do {                                                                                        \
        switch (isa) {                                                                          \
        case TABREG_ISA_AVX512: name##_avx512 args; break;                                      \
        case TABREG_ISA_AVX2_FMA: name##_avx2 args; break;                                      \
        default: name##_generic args; break;                                                    \
        }                                                                                       \
    } while (0)
#elif defined(TABREG_NEON)
#define DISPATCH(isa, name, args)                                                               \
    do {                                                                                        \
        if (isa == TABREG_ISA_NEON) name##_neon args; else name##_generic args;                 \
    } while (0)
#else
#define DISPATCH(isa, name, args) name##_generic args
#endif

// MARK: - Products, split over the calling thread's kernel threads

// A product C = init + A * B in the general strided form of KernelsBody.h's gemm, with the
// output cut into chunks of whole rows or whole column blocks. Each chunk is the same gemm on a
// sub-block of C (offset pointers), so every element's fma chain is the one the whole product
// would compute: the result does not depend on the chunking or on which thread ran a chunk.
typedef struct {
    tabreg_isa isa;
    long m, n, k;
    const float *a;
    long ars, acs;
    const float *b;
    long brs, bcs;
    const float *init;
    long ins;
    float *c;
    long ldc;
    int byRows;   // chunks are row ranges (else column ranges)
    long chunks;  // chunk c covers [chunk_start(c), chunk_start(c + 1)) of the rows or columns
    long quantum; // every chunk start is a multiple of this
} gemm_job;

// The first row (or column) of chunk `c` of `chunks` over `extent`: the equal share rounded down
// to a multiple of `quantum`, so chunks are as even as whole quanta allow.
static long chunk_start(long c, long chunks, long extent, long quantum) {
    if (c >= chunks) return extent;
    return c * extent / chunks / quantum * quantum;
}

static void gemm_run(tabreg_isa isa, long m, long n, long k, const float *a, long ars, long acs,
                     const float *b, long brs, long bcs, const float *init, long ins, float *c,
                     long ldc) {
    DISPATCH(isa, gemm, (m, n, k, a, ars, acs, b, brs, bcs, init, ins, c, ldc));
}

static void gemm_chunk(const void *context, long chunk) {
    const gemm_job *job = context;
    long extent = job->byRows ? job->m : job->n;
    long start = chunk_start(chunk, job->chunks, extent, job->quantum);
    long size = chunk_start(chunk + 1, job->chunks, extent, job->quantum) - start;
    if (size <= 0) return;
    if (job->byRows) {
        gemm_run(job->isa, size, job->n, job->k, job->a + start * job->ars, job->ars, job->acs,
                 job->b, job->brs, job->bcs, job->init, job->ins, job->c + start * job->ldc,
                 job->ldc);
    } else {
        gemm_run(job->isa, job->m, size, job->k, job->a, job->ars, job->acs,
                 job->b + start * job->bcs, job->brs, job->bcs,
                 job->init ? job->init + start * job->ins : NULL, job->ins, job->c + start,
                 job->ldc);
    }
}

// Products smaller than this many multiply-adds (about 50 microseconds on one core) run on the
// calling thread alone. Measured on a 2-vCPU cloud machine (BENCHMARKS.md): a second thread
// busy or spinning slows the first one down, so splitting the tutorial job's 10^6-FMA training
// products over two threads made each step about 1.5-2x slower, while its 10^7-FMA full-data
// products gained a little. Larger work (big batches, wide layers, many rows) splits.
#ifndef PARALLEL_MIN_FMAS
#define PARALLEL_MIN_FMAS (1L << 21)
#endif

static void gemm_parallel(tabreg_isa isa, long m, long n, long k, const float *a, long ars,
                          long acs, const float *b, long brs, long bcs, const float *init,
                          long ins, float *c, long ldc) {
    long threads = tabreg_thread_count();
    if (threads <= 1 || m <= 0 || n <= 0 || m * n * (k > 0 ? k : 1) < PARALLEL_MIN_FMAS) {
        gemm_run(isa, m, n, k, a, ars, acs, b, brs, bcs, init, ins, c, ldc);
        return;
    }
    // Two chunks per thread, so that a thread that starts late (a shared machine) leaves less
    // for the others to wait on. Row chunks start at multiples of 6 rows (the register tile's
    // height on every instruction set), column chunks at multiples of 32 (whole vector blocks
    // of every variant), so the split adds no ragged tiles beyond the product's own.
    gemm_job job = {isa, m, n, k, a, ars, acs, b, brs, bcs, init, ins, c, ldc, 1, 0, 6};
    long wanted = 2 * threads;
    if (m >= 12) {
        job.chunks = m / 6 < wanted ? m / 6 : wanted;
    } else if (n >= 64) {
        job.byRows = 0;
        job.quantum = 32;
        job.chunks = n / 32 < wanted ? n / 32 : wanted;
    } else {
        gemm_run(isa, m, n, k, a, ars, acs, b, brs, bcs, init, ins, c, ldc);
        return;
    }
    tabreg_pool_run(gemm_chunk, &job, job.chunks, threads);
}

static void multiply_adding_row(tabreg_isa isa, const float *a, const float *b,
                                const float *bias, float *c, long m, long k, long n) {
    if (n == 1 && m > 1) {
        // A matrix-vector product (the output layer): as C^T = b^T * A^T the rows become the
        // vector lanes; each element is still the same fma chain over p.
        gemm_parallel(isa, 1, m, k, b, 0, 1, a, 1, k, bias, 0, c, m);
        return;
    }
    gemm_parallel(isa, m, n, k, a, k, 1, b, n, 1, bias, 1, c, n);
}

static void multiply_transposing_right(tabreg_isa isa, const float *a, const float *b, float *c,
                                       long m, long n, long k) {
    // C[m, k] = A[m, n] * B[k, n]^T: reduction over j < n, B^T(j, p) = b[p * n + j].
    gemm_parallel(isa, m, k, n, a, n, 1, b, 1, n, NULL, 1, c, k);
}

static void multiply_transposing_left(tabreg_isa isa, const float *a, const float *b, float *c,
                                      long m, long k, long n) {
    // C[k, n] = A[m, k]^T * B[m, n]: rows p of C, reduction over i < m, A^T(p, i) = a[i * k + p].
    if (n == 1 && k > 1) {
        // The output layer's weight gradient, c[p] = sum_i a[i, p] * b[i], as one row
        // c^T = b^T * A: the p become the vector lanes, the fma chain over i is unchanged.
        gemm_parallel(isa, 1, k, m, b, 0, 1, a, k, 1, NULL, 1, c, k);
        return;
    }
    gemm_parallel(isa, k, n, m, a, 1, k, b, n, 1, NULL, 1, c, n);
}

void tabreg_multiply_adding_row(const float *a, const float *b, const float *bias, float *c,
                                long m, long k, long n) {
    multiply_adding_row(tabreg_kernels_best_isa(), a, b, bias, c, m, k, n);
}

void tabreg_multiply_transposing_right(const float *a, const float *b, float *c, long m, long n,
                                       long k) {
    multiply_transposing_right(tabreg_kernels_best_isa(), a, b, c, m, n, k);
}

void tabreg_multiply_transposing_left(const float *a, const float *b, float *c, long m, long k,
                                      long n) {
    multiply_transposing_left(tabreg_kernels_best_isa(), a, b, c, m, k, n);
}

int tabreg_multiply_adding_row_isa(tabreg_isa isa, const float *a, const float *b,
                                   const float *bias, float *c, long m, long k, long n) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    multiply_adding_row(isa, a, b, bias, c, m, k, n);
    return 1;
}

int tabreg_multiply_transposing_right_isa(tabreg_isa isa, const float *a, const float *b,
                                          float *c, long m, long n, long k) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    multiply_transposing_right(isa, a, b, c, m, n, k);
    return 1;
}

int tabreg_multiply_transposing_left_isa(tabreg_isa isa, const float *a, const float *b,
                                         float *c, long m, long k, long n) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    multiply_transposing_left(isa, a, b, c, m, k, n);
    return 1;
}

// MARK: - Adam, split over the calling thread's kernel threads

typedef struct {
    tabreg_isa isa;
    float *value;
    const float *grad;
    float *m, *v;
    long count, chunkSize;
    float beta2, oneMinusBeta1, oneMinusBeta2, stepSize, correction2Root, epsilon, weightDecay;
} adam_job;

static void adam_chunk(const void *context, long chunk) {
    const adam_job *job = context;
    long start = chunk * job->chunkSize;
    long count = job->count - start < job->chunkSize ? job->count - start : job->chunkSize;
    DISPATCH(job->isa, adam_update,
             (job->value + start, job->grad + start, job->m + start, job->v + start, count,
              job->beta2, job->oneMinusBeta1, job->oneMinusBeta2, job->stepSize,
              job->correction2Root, job->epsilon, job->weightDecay));
}

// Parameters below this count (an update of about 100 microseconds) are updated on the
// calling thread alone, for the same reason.
#ifndef PARALLEL_MIN_PARAMETERS
#define PARALLEL_MIN_PARAMETERS (1L << 18)
#endif

static void adam_update(tabreg_isa isa, float *value, const float *grad, float *m, float *v,
                        long count, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                        float stepSize, float correction2Root, float epsilon,
                        float weightDecay) {
    adam_job job = {isa, value, grad, m, v, count, count, beta2, oneMinusBeta1, oneMinusBeta2,
                    stepSize, correction2Root, epsilon, weightDecay};
    long threads = tabreg_thread_count();
    if (threads <= 1 || count < PARALLEL_MIN_PARAMETERS) {
        adam_chunk(&job, 0);
        return;
    }
    // Element-wise, so any split gives the same bits; chunks of whole 64-byte lines.
    long size = (count + threads - 1) / threads;
    job.chunkSize = (size + 15) / 16 * 16;
    tabreg_pool_run(adam_chunk, &job, (count + job.chunkSize - 1) / job.chunkSize, threads);
}

void tabreg_adam_update(float *value, const float *grad, float *m, float *v, long count,
                        float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                        float correction2Root, float epsilon, float weightDecay) {
    adam_update(tabreg_kernels_best_isa(), value, grad, m, v, count, beta2, oneMinusBeta1,
                oneMinusBeta2, stepSize, correction2Root, epsilon, weightDecay);
}

int tabreg_adam_update_isa(tabreg_isa isa, float *value, const float *grad, float *m, float *v,
                           long count, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                           float stepSize, float correction2Root, float epsilon,
                           float weightDecay) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    adam_update(isa, value, grad, m, v, count, beta2, oneMinusBeta1, oneMinusBeta2, stepSize,
                correction2Root, epsilon, weightDecay);
    return 1;
}

// MARK: - Memory-bound element-wise kernels
// Plain loops that the compiler vectorizes at the width of each variant's instruction set (the
// x86-64 baseline alone would use 4-lane SSE). Only correctly rounded operations, in the same
// order on every variant, so every variant gives the same bits.

#define ELEMENTWISE(SUFFIX_, TARGET_)                                                           \
    static TARGET_ void column_sums_##SUFFIX_(const float *a, float *sums, long m, long n) {    \
        for (long j = 0; j < n; j++) sums[j] = 0;                                               \
        for (long i = 0; i < m; i++) {                                                          \
            const float *row = a + i * n;                                                       \
            for (long j = 0; j < n; j++) sums[j] = sums[j] + row[j];                            \
        }                                                                                       \
    }                                                                                           \
    static TARGET_ void add_##SUFFIX_(const float *x, float *y, long count) {                   \
        for (long i = 0; i < count; i++) y[i] = y[i] + x[i];                                    \
    }                                                                                           \
    static TARGET_ void leaky_relu_##SUFFIX_(const float *x, float *y, long count,              \
                                             float slope) {                                     \
        for (long i = 0; i < count; i++) y[i] = x[i] > 0 ? x[i] : x[i] * slope;                 \
    }                                                                                           \
    static TARGET_ void leaky_relu_backward_##SUFFIX_(const float *x, const float *dy,          \
                                                      float *dx, long count, float slope) {     \
        for (long i = 0; i < count; i++) dx[i] = dy[i] * (x[i] > 0 ? 1.0f : slope);             \
    }

ELEMENTWISE(generic, )
#if defined(TABREG_X86)
ELEMENTWISE(avx2, __attribute__((target("avx2,fma"))))
ELEMENTWISE(avx512, __attribute__((target("avx512f,avx2,fma"))))
#endif
#if defined(TABREG_NEON)
ELEMENTWISE(neon, )
#endif

void tabreg_column_sums(const float *a, float *sums, long m, long n) {
    DISPATCH(tabreg_kernels_best_isa(), column_sums, (a, sums, m, n));
}

void tabreg_add(const float *x, float *y, long count) {
    DISPATCH(tabreg_kernels_best_isa(), add, (x, y, count));
}

void tabreg_leaky_relu(const float *x, float *y, long count, float slope) {
    DISPATCH(tabreg_kernels_best_isa(), leaky_relu, (x, y, count, slope));
}

void tabreg_leaky_relu_backward(const float *x, const float *dy, float *dx, long count,
                                float slope) {
    DISPATCH(tabreg_kernels_best_isa(), leaky_relu_backward, (x, dy, dx, count, slope));
}
