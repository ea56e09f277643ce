// Kernel conformance, in C alone, for machines and instruction sets that `swift test` cannot
// reach here: every variant compiled for the target (generic, NEON on arm64; generic, AVX2,
// AVX-512 on x86-64 when the CPU has them) against the scalar fmaf loops of the numerical
// contract, bit for bit, on every combination of awkward sizes, on the tutorial's shapes, and
// split over 1-4 threads. Exit status 0 when every comparison holds.
//
// Scripts/check-kernels-arm64.sh cross-compiles it for arm64 and runs it under qemu-user, which
// is how the NEON variant is exercised on an x86-64 CI machine. Natively:
//   clang -O2 -pthread -I Sources/CTabregKernels/include Scripts/kernel_conformance.c -lm
#include "../Sources/CTabregKernels/Kernels.c"
#include "../Sources/CTabregKernels/ThreadPool.c"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x9E3779B97F4A7C15ull;

static float next_float(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (float)((state >> 40) & 0xFFFFFF) / (float)(1 << 23) - 1.0f; // [-1, 1)
}

static float *filled(long count) {
    float *p = malloc((count > 0 ? count : 1) * sizeof(float));
    for (long i = 0; i < count; i++) p[i] = next_float() * 2;
    return p;
}

static long failures = 0, comparisons = 0;

static void compare(const char *what, const char *isa, long m, long k, long n, const float *got,
                    const float *expected, long count) {
    comparisons++;
    for (long i = 0; i < count; i++) {
        if (memcmp(&got[i], &expected[i], sizeof(float)) != 0) {
            if (failures < 20)
                fprintf(stderr, "%s [%s] m %ld k %ld n %ld: element %ld is %.9g, expected %.9g\n",
                        what, isa, m, k, n, i, got[i], expected[i]);
            failures++;
            return;
        }
    }
}

// The three products against their scalar references, for one size and every variant.
static void check_products(long m, long k, long n) {
    float *a = filled(m * k), *b = filled(k * n), *bias = filled(n), *dy = filled(m * n);
    float *bt = filled(n * k); // [n, k] for C = dY * B^T with B: [k, n] -> here [rows n, cols k]
    float *expected = malloc((m * n + k * n + m * k + 1) * sizeof(float));
    float *got = malloc((m * n + k * n + m * k + 1) * sizeof(float));
    const tabreg_isa isas[] = {TABREG_ISA_GENERIC, TABREG_ISA_NEON, TABREG_ISA_AVX2_FMA,
                               TABREG_ISA_AVX512};
    // Forward: C[m, n] = bias + A[m, k] * B[k, n].
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            float s = bias[j];
            for (long p = 0; p < k; p++) s = fmaf(a[i * k + p], b[p * n + j], s);
            expected[i * n + j] = s;
        }
    for (int v = 0; v < 4; v++) {
        memset(got, 0xFF, m * n * sizeof(float));
        if (tabreg_multiply_adding_row_isa(isas[v], a, b, bias, got, m, k, n))
            compare("multiply_adding_row", tabreg_kernels_isa_name(isas[v]), m, k, n, got,
                    expected, m * n);
    }
    // Input gradient: C[m, k] = dY[m, n] * W[k, n]^T, reduction over j < n.
    for (long i = 0; i < m; i++)
        for (long p = 0; p < k; p++) {
            float s = 0;
            for (long j = 0; j < n; j++) s = fmaf(dy[i * n + j], bt[p * n + j], s);
            expected[i * k + p] = s;
        }
    for (int v = 0; v < 4; v++) {
        memset(got, 0xFF, m * k * sizeof(float));
        if (tabreg_multiply_transposing_right_isa(isas[v], dy, bt, got, m, n, k))
            compare("multiply_transposing_right", tabreg_kernels_isa_name(isas[v]), m, k, n, got,
                    expected, m * k);
    }
    // Weight gradient: C[k, n] = A[m, k]^T * dY[m, n], reduction over i < m.
    for (long p = 0; p < k; p++)
        for (long j = 0; j < n; j++) {
            float s = 0;
            for (long i = 0; i < m; i++) s = fmaf(a[i * k + p], dy[i * n + j], s);
            expected[p * n + j] = s;
        }
    for (int v = 0; v < 4; v++) {
        memset(got, 0xFF, k * n * sizeof(float));
        if (tabreg_multiply_transposing_left_isa(isas[v], a, dy, got, m, k, n))
            compare("multiply_transposing_left", tabreg_kernels_isa_name(isas[v]), m, k, n, got,
                    expected, k * n);
    }
    // The dispatching entry points split over threads (large shapes only split).
    for (long threads = 1; threads <= 4; threads++) {
        tabreg_set_thread_count(threads);
        char name[32];
        snprintf(name, sizeof name, "best, %ld threads", threads);
        for (long p = 0; p < k; p++)
            for (long j = 0; j < n; j++) {
                float s = 0;
                for (long i = 0; i < m; i++) s = fmaf(a[i * k + p], dy[i * n + j], s);
                expected[p * n + j] = s;
            }
        memset(got, 0xFF, k * n * sizeof(float));
        tabreg_multiply_transposing_left(a, dy, got, m, k, n);
        compare("multiply_transposing_left", name, m, k, n, got, expected, k * n);
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) {
                float s = bias[j];
                for (long p = 0; p < k; p++) s = fmaf(a[i * k + p], b[p * n + j], s);
                expected[i * n + j] = s;
            }
        memset(got, 0xFF, m * n * sizeof(float));
        tabreg_multiply_adding_row(a, b, bias, got, m, k, n);
        compare("multiply_adding_row", name, m, k, n, got, expected, m * n);
    }
    tabreg_set_thread_count(1);
    free(a), free(b), free(bias), free(dy), free(bt), free(expected), free(got);
}

static void check_adam(long count) {
    float *grad = filled(count), *start = filled(count), *m0 = filled(count), *v0 = filled(count);
    for (long i = 0; i < count; i++) v0[i] = fabsf(v0[i]) * 0.01f;
    float *value = malloc(count * 4), *m = malloc(count * 4), *v = malloc(count * 4);
    float *ev = malloc(count * 4), *em = malloc(count * 4), *evv = malloc(count * 4);
    const float beta2 = 0.999f, omb1 = 0.1f, omb2 = 0.001f, step = 0.00123f, c2 = 0.0447f,
                eps = 1e-8f, decay = 0.01f;
    for (long i = 0; i < count; i++) {
        float g = grad[i] + decay * start[i];
        float mi = m0[i] + omb1 * (g - m0[i]);
        float vi = beta2 * v0[i] + omb2 * g * g;
        float denom = sqrtf(vi) / c2 + eps;
        em[i] = mi, evv[i] = vi, ev[i] = start[i] - step * mi / denom;
    }
    const tabreg_isa isas[] = {TABREG_ISA_GENERIC, TABREG_ISA_NEON, TABREG_ISA_AVX2_FMA,
                               TABREG_ISA_AVX512};
    for (int variant = 0; variant < 4; variant++) {
        memcpy(value, start, count * 4), memcpy(m, m0, count * 4), memcpy(v, v0, count * 4);
        if (!tabreg_adam_update_isa(isas[variant], value, grad, m, v, count, beta2, omb1, omb2,
                                    step, c2, eps, decay))
            continue;
        const char *isa = tabreg_kernels_isa_name(isas[variant]);
        compare("adam value", isa, count, 0, 0, value, ev, count);
        compare("adam m", isa, count, 0, 0, m, em, count);
        compare("adam v", isa, count, 0, 0, v, evv, count);
    }
    free(grad), free(start), free(m0), free(v0), free(value), free(m), free(v), free(ev),
        free(em), free(evv);
}

int main(void) {
    const long sizes[] = {0, 1, 5, 7, 8, 9, 15, 16, 17, 33, 65};
    const int count = sizeof(sizes) / sizeof(sizes[0]);
    for (int x = 0; x < count; x++)
        for (int y = 0; y < count; y++)
            for (int z = 0; z < count; z++) check_products(sizes[x], sizes[y], sizes[z]);
    // The tutorial's shapes (batch and evaluation), a one-output layer over many rows, and
    // shapes large enough to split over threads by rows and by column blocks.
    const long shapes[][3] = {{50, 13, 200}, {50, 200, 100}, {50, 100, 1}, {6, 200, 100},
                              {506, 200, 100}, {506, 13, 200}, {25001, 100, 1}, {7, 1000, 300},
                              {97, 301, 77}};
    for (unsigned s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
        check_products(shapes[s][0], shapes[s][1], shapes[s][2]);
    check_adam(23001);
    check_adam(300007);
    printf("kernel conformance: best instruction set %s; %ld comparisons, %ld failed\n",
           tabreg_kernels_isa_name(tabreg_kernels_best_isa()), comparisons, failures);
    return failures ? 1 : 0;
}
