// Dispatch for CTabregKernels: the bodies in KernelsBody.h are compiled once per instruction set
// and the fastest one the running machine supports is chosen once, at first use.
//
// Why runtime dispatch rather than a build flag: `swift build -c release` passes no -march, the
// package must stay usable as a dependency (no `unsafeFlags`), and the binary must run on any
// x86-64 machine; per-function target attributes give host-speed code without any of that.
#include "CTabregKernels.h"

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
#undef SUFFIX
#undef TARGET
#undef VW
#undef MR
#undef NB

#if defined(__x86_64__) || defined(__i386__)
#define TABREG_X86 1
// MARK: - AVX2 + FMA3 (Haswell, Zen and later): 6 x 16 tile, 12 ymm accumulators
#define SUFFIX(name) CONCAT(name, avx2)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 8
#define MR 6
#define NB 2
#include "KernelsBody.h"
#undef SUFFIX
#undef TARGET
#undef VW
#undef MR
#undef NB

// MARK: - AVX-512F (Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4 and later): 6 x 32 tile
#define SUFFIX(name) CONCAT(name, avx512)
#define TARGET __attribute__((target("avx512f,avx2,fma")))
#define VW 16
#define MR 6
#define NB 2
#include "KernelsBody.h"
#undef SUFFIX
#undef TARGET
#undef VW
#undef MR
#undef NB
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
#undef SUFFIX
#undef TARGET
#undef VW
#undef MR
#undef NB
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

void tabreg_multiply_adding_row(const float *a, const float *b, const float *bias, float *c,
                                long m, long k, long n) {
    DISPATCH(tabreg_kernels_best_isa(), multiply_adding_row, (a, b, bias, c, m, k, n));
}

void tabreg_multiply_transposing_right(const float *a, const float *b, float *c, long m, long n,
                                       long k) {
    DISPATCH(tabreg_kernels_best_isa(), multiply_transposing_right, (a, b, c, m, n, k));
}

void tabreg_multiply_transposing_left(const float *a, const float *b, float *c, long m, long k,
                                      long n) {
    DISPATCH(tabreg_kernels_best_isa(), multiply_transposing_left, (a, b, c, m, k, n));
}

void tabreg_adam_update(float *value, const float *grad, float *m, float *v, long count,
                        float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize,
                        float correction2Root, float epsilon, float weightDecay) {
    DISPATCH(tabreg_kernels_best_isa(), adam_update,
             (value, grad, m, v, count, beta2, oneMinusBeta1, oneMinusBeta2, stepSize,
              correction2Root, epsilon, weightDecay));
}

int tabreg_multiply_adding_row_isa(tabreg_isa isa, const float *a, const float *b,
                                   const float *bias, float *c, long m, long k, long n) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    DISPATCH(isa, multiply_adding_row, (a, b, bias, c, m, k, n));
    return 1;
}

int tabreg_multiply_transposing_right_isa(tabreg_isa isa, const float *a, const float *b,
                                          float *c, long m, long n, long k) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    DISPATCH(isa, multiply_transposing_right, (a, b, c, m, n, k));
    return 1;
}

int tabreg_multiply_transposing_left_isa(tabreg_isa isa, const float *a, const float *b,
                                         float *c, long m, long k, long n) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    DISPATCH(isa, multiply_transposing_left, (a, b, c, m, k, n));
    return 1;
}

int tabreg_adam_update_isa(tabreg_isa isa, float *value, const float *grad, float *m, float *v,
                           long count, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                           float stepSize, float correction2Root, float epsilon,
                           float weightDecay) {
    if (!tabreg_kernels_isa_available(isa)) return 0;
    DISPATCH(isa, adam_update,
             (value, grad, m, v, count, beta2, oneMinusBeta1, oneMinusBeta2, stepSize,
              correction2Root, epsilon, weightDecay));
    return 1;
}

// MARK: - Memory-bound element-wise kernels (the compiler's baseline vectorization suffices)

void tabreg_column_sums(const float *a, float *sums, long m, long n) {
    for (long j = 0; j < n; j++) sums[j] = 0;
    for (long i = 0; i < m; i++) {
        const float *row = a + i * n;
        for (long j = 0; j < n; j++) sums[j] = sums[j] + row[j];
    }
}

void tabreg_add(const float *x, float *y, long count) {
    for (long i = 0; i < count; i++) y[i] = y[i] + x[i];
}

void tabreg_leaky_relu(const float *x, float *y, long count, float slope) {
    for (long i = 0; i < count; i++) y[i] = x[i] > 0 ? x[i] : x[i] * slope;
}

void tabreg_leaky_relu_backward(const float *x, const float *dy, float *dx, long count,
                                float slope) {
    for (long i = 0; i < count; i++) dx[i] = dy[i] * (x[i] > 0 ? 1.0f : slope);
}
