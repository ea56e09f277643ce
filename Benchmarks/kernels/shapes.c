// Times the AVX2 gemm of CTabregKernels on every matrix product of the tutorial job
// (13-200-100-1, batch 50: ten batches of 50 and one of 6 per epoch, plus the 506-row evaluation
// forward), with the same strides the multiply_* wrappers pass, after checking each shape bit for
// bit against the naive fmaf loop.
//
//   clang -O2 -pthread -Wno-unused-function -I Sources/CTabregKernels/include \
//       Benchmarks/kernels/shapes.c -o /tmp/shapes -lm
//   /tmp/shapes [--best-of 7]        # check + GFLOP/s per shape (best of 7) + job total
//   /tmp/shapes --only B2x --reps 100   # just run one shape (for callgrind), no timing
//   /tmp/shapes --epochs 3              # run the job's products for 3 epochs, no timing
//   /tmp/shapes --check-variants        # every variant and tile path against fmaf, bit for bit
//   valgrind --tool=callgrind --toggle-collect='gemm_avx2' /tmp/shapes --only B2x --reps 100
//
// The instruction count per useful 8-lane FMA is Ir / (reps * m * n * k / 8).
#include "../../Sources/CTabregKernels/Kernels.c"
#include "../../Sources/CTabregKernels/ThreadPool.c"

// The AVX-512 and NEON tile configurations compiled for this machine (a 16-lane vector type is
// two ymm registers under AVX2; the NEON shape with 4-lane vectors and 4 vectors per row), so
// `--check-variants` can run their code paths here bit for bit.
#define SUFFIX(name) CONCAT(name, like512)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 16
#define MR 6
#define NB 2
#include "../../Sources/CTabregKernels/KernelsBody.h"
#define SUFFIX(name) CONCAT(name, likeneon)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 4
#define MR 6
#define NB 4
#include "../../Sources/CTabregKernels/KernelsBody.h"

// Other AVX2 tile shapes, to time against the one Kernels.c uses (`--tile 4x3` etc.).
#define SUFFIX(name) CONCAT(name, avx2_4x3)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 8
#define MR 4
#define NB 3
#include "../../Sources/CTabregKernels/KernelsBody.h"
#define SUFFIX(name) CONCAT(name, avx2_3x4)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 8
#define MR 3
#define NB 4
#include "../../Sources/CTabregKernels/KernelsBody.h"
#define SUFFIX(name) CONCAT(name, avx2_5x2)
#define TARGET __attribute__((target("avx2,fma")))
#define VW 8
#define MR 5
#define NB 2
#include "../../Sources/CTabregKernels/KernelsBody.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char name[16];
    long m, n, k, ars, acs, brs, bcs;
    int has_init;
    long ins;
    double weight; // calls per epoch
} shape;

static int count = 0;
static shape shapes[64];

static void add(const char *name, long m, long n, long k, long ars, long acs, long brs, long bcs,
                int has_init, long ins, double weight) {
    shape s = {"", m, n, k, ars, acs, brs, bcs, has_init, ins, weight};
    snprintf(s.name, sizeof(s.name), "%s", name);
    shapes[count++] = s;
}

// The products of one training step with `batch` rows, as the wrappers call gemm.
static void step(long b, const char *suffix, double weight) {
    char name[16];
#define ADD(tag, ...) snprintf(name, sizeof(name), "%s%s", tag, suffix), add(name, __VA_ARGS__)
    ADD("F1", b, 200, 13, 13, 1, 200, 1, 1, 1, weight);   // X W1 + b1
    ADD("F2", b, 100, 200, 200, 1, 100, 1, 1, 1, weight); // h1 W2 + b2
    ADD("F3", 1, b, 100, 0, 1, 1, 100, 1, 0, weight);     // h2 W3 + b3 (n == 1 path)
    ADD("B3w", 1, 100, b, 0, 1, 100, 1, 0, 1, weight);    // h2^T dY (n == 1 path)
    ADD("B3x", b, 100, 1, 1, 1, 1, 1, 0, 1, weight);      // dY W3^T
    ADD("B2w", 200, 100, b, 1, 200, 100, 1, 0, 1, weight); // h1^T dZ2
    ADD("B2x", b, 200, 100, 100, 1, 1, 100, 0, 1, weight); // dZ2 W2^T
    ADD("B1w", 13, 200, b, 1, 13, 200, 1, 0, 1, weight);  // X^T dZ1
    ADD("B1x", b, 13, 200, 200, 1, 1, 200, 0, 1, weight); // dZ1 W1^T
#undef ADD
}

static float *values(long n, unsigned long long *state) {
    float *x = malloc(sizeof(float) * (n > 0 ? n : 1));
    for (long i = 0; i < n; i++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        x[i] = (float)((long long)(*state >> 40) - (1LL << 23)) / (float)(1 << 22);
    }
    return x;
}

typedef struct {
    float *a, *b, *init, *c;
} buffers;

static buffers make(const shape *s, unsigned long long *state) {
    long asize = (s->m - 1) * s->ars + (s->k - 1) * s->acs + 1;
    long bsize = (s->k - 1) * s->brs + (s->n - 1) * s->bcs + 1;
    buffers x = {values(asize, state), values(bsize, state), values(s->n, state),
                 values(s->m * s->n, state)};
    return x;
}

typedef void (*gemm_fn)(long, long, long, const float *, long, long, const float *, long, long,
                        const float *, long, float *, long);
static gemm_fn timed = gemm_avx2;

static void run(const shape *s, const buffers *x, long reps) {
    for (long r = 0; r < reps; r++)
        timed(s->m, s->n, s->k, x->a, s->ars, s->acs, x->b, s->brs, s->bcs,
                  s->has_init ? x->init : NULL, s->ins, x->c, s->n);
}

static int check(const shape *s, const buffers *x) {
    run(s, x, 1);
    int bad = 0;
    for (long i = 0; i < s->m && !bad; i++)
        for (long j = 0; j < s->n; j++) {
            float sum = s->has_init ? x->init[j * s->ins] : 0;
            for (long p = 0; p < s->k; p++)
                sum = fmaf(x->a[i * s->ars + p * s->acs], x->b[p * s->brs + j * s->bcs], sum);
            if (memcmp(&sum, &x->c[i * s->n + j], 4) != 0) {
                printf("MISMATCH %s at (%ld, %ld): %g vs %g\n", s->name, i, j, x->c[i * s->n + j],
                       sum);
                bad = 1;
                break;
            }
        }
    return bad;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

// Every variant on every combination of sizes, in the four stride layouts (A by rows or by
// columns, B by rows or transposed) and a general one, with and without init, against fmaf.
static int check_variants(void) {
    const gemm_fn fns[] = {gemm_generic, gemm_avx2,     gemm_like512,
                           gemm_likeneon, gemm_avx2_4x3, gemm_avx2_3x4};
    const char *names[] = {"generic", "avx2", "like512", "likeneon", "avx2_4x3", "avx2_3x4"};
    const long sizes[] = {1, 2, 3, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23, 25, 31, 33, 50, 100};
    const int count_sizes = sizeof(sizes) / sizeof(sizes[0]);
    unsigned long long state = 9;
    float *a = values(300 * 300 * 3, &state), *b = values(300 * 300 * 3, &state);
    float *init = values(300, &state);
    float *c = malloc(sizeof(float) * 300 * 300), *ref = malloc(sizeof(float) * 300 * 300);
    long checked = 0;
    for (int im = 0; im < count_sizes; im++)
        for (int in = 0; in < count_sizes; in++)
            for (int ik = 0; ik < count_sizes + 1; ik++) {
                long m = sizes[im], n = sizes[in], k = ik < count_sizes ? sizes[ik] : 300;
                for (int layout = 0; layout < 5; layout++) {
                    long ars = layout & 1 ? 1 : k, acs = layout & 1 ? m : 1;
                    long brs = layout & 2 ? 1 : n, bcs = layout & 2 ? k : 1;
                    if (layout == 4) ars = 2 * k + 3, acs = 2, brs = 3 * n, bcs = 3;
                    for (int mode = 0; mode < 3; mode++) {
                        const float *in0 = mode == 0 ? NULL : init;
                        long ins = mode == 2 ? 0 : 1;
                        for (long i = 0; i < m; i++)
                            for (long j = 0; j < n; j++) {
                                float sum = in0 ? in0[j * ins] : 0;
                                for (long p = 0; p < k; p++)
                                    sum = fmaf(a[i * ars + p * acs], b[p * brs + j * bcs], sum);
                                ref[i * (n + 1) + j] = sum;
                            }
                        for (int f = 0; f < 6; f++) {
                            for (long x = 0; x < m * (n + 1); x++) c[x] = NAN;
                            fns[f](m, n, k, a, ars, acs, b, brs, bcs, in0, ins, c, n + 1);
                            for (long i = 0; i < m; i++)
                                for (long j = 0; j < n + 1; j++) {
                                    float got = c[i * (n + 1) + j];
                                    int ok = j < n ? !memcmp(&got, &ref[i * (n + 1) + j], 4)
                                                   : isnan(got);
                                    if (!ok) {
                                        printf("MISMATCH %s m %ld n %ld k %ld layout %d mode %d "
                                               "at (%ld, %ld)\n",
                                               names[f], m, n, k, layout, mode, i, j);
                                        return 1;
                                    }
                                }
                            checked++;
                        }
                    }
                }
            }
    printf("variants: %ld products bit-identical to the fmaf loop\n", checked);
    return 0;
}

int main(int argc, char **argv) {
    const char *only = NULL;
    long reps = 1, epochs = 0, best_of = 7;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atol(argv[++i]);
        else if (!strcmp(argv[i], "--epochs") && i + 1 < argc) epochs = atol(argv[++i]);
        else if (!strcmp(argv[i], "--best-of") && i + 1 < argc) best_of = atol(argv[++i]);
        else if (!strcmp(argv[i], "--check-variants")) return check_variants();
        else if (!strcmp(argv[i], "--tile") && i + 1 < argc) {
            i++;
            timed = !strcmp(argv[i], "4x3") ? gemm_avx2_4x3 : !strcmp(argv[i], "3x4") ? gemm_avx2_3x4
                  : !strcmp(argv[i], "5x2") ? gemm_avx2_5x2 : gemm_avx2;
        }
    }
    step(50, "", 10);
    step(6, "_6", 1);
    add("E1", 506, 200, 13, 13, 1, 200, 1, 1, 1, 1);
    add("E2", 506, 100, 200, 200, 1, 100, 1, 1, 1, 1);
    add("E3", 1, 506, 100, 0, 1, 1, 100, 1, 0, 1);
    unsigned long long state = 1;
    buffers x[64];
    for (int i = 0; i < count; i++) x[i] = make(&shapes[i], &state);
    if (only) {
        for (int i = 0; i < count; i++)
            if (!strcmp(shapes[i].name, only)) run(&shapes[i], &x[i], reps);
        return 0;
    }
    if (epochs > 0) {
        for (long e = 0; e < epochs; e++)
            for (int i = 0; i < count; i++) run(&shapes[i], &x[i], (long)shapes[i].weight);
        double fmas = 0;
        for (int i = 0; i < count; i++)
            fmas += shapes[i].weight * shapes[i].m * shapes[i].n * shapes[i].k / 8.0;
        printf("useful 8-lane FMAs per epoch: %.0f\n", fmas);
        return 0;
    }
    int bad = 0;
    for (int i = 0; i < count; i++) bad |= check(&shapes[i], &x[i]);
    if (bad) return 1;
    printf("%-7s %4s %4s %4s %9s %9s %7s\n", "shape", "m", "n", "k", "us/call", "GFLOP/s",
           "share");
    double total_time = 0, total_flop = 0, times[64];
    for (int i = 0; i < count; i++) {
        const shape *s = &shapes[i];
        double flop = 2.0 * s->m * s->n * s->k;
        long n = (long)(2e7 / (flop + 1000)) + 1;
        double best = 1e30;
        for (int t = 0; t < best_of; t++) {
            double t0 = now();
            run(s, &x[i], n);
            double dt = (now() - t0) / n;
            if (dt < best) best = dt;
        }
        times[i] = best;
        total_time += s->weight * best;
        total_flop += s->weight * flop;
    }
    for (int i = 0; i < count; i++) {
        const shape *s = &shapes[i];
        double flop = 2.0 * s->m * s->n * s->k;
        printf("%-7s %4ld %4ld %4ld %9.2f %9.1f %6.1f%%\n", s->name, s->m, s->n, s->k,
               times[i] * 1e6, flop / times[i] * 1e-9, 100 * s->weight * times[i] / total_time);
    }
    printf("job products: %.1f MFLOP per epoch, %.3f ms per epoch, %.1f GFLOP/s, %.3f s for 300 "
           "epochs\n",
           total_flop * 1e-6, total_time * 1e3, total_flop / total_time * 1e-9, 300 * total_time);
    return 0;
}
