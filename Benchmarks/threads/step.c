// One training step and one per-epoch evaluation of the tutorial job (13-200-100-1, batch 50,
// 506 rows) through the public kernels, with the kernels' thread count set to argv[1]: the
// fastest of 5 trials of `reps` steps, in microseconds. Shows whether splitting products over
// threads pays on this machine at this size. Compile with the flags SwiftPM uses for C (-O2):
//
//   clang -O2 -pthread -I Sources/CTabregKernels/include Benchmarks/threads/step.c -lm -o /tmp/step
//   /tmp/step 1 && /tmp/step 2
//
// -DPARALLEL_MIN_FMAS=... and -DSPIN_LIMIT=... override the split threshold and the workers'
// spin for experiments.
#include "../../Sources/CTabregKernels/Kernels.c"
#include "../../Sources/CTabregKernels/ThreadPool.c"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *filled(long count, unsigned *state) {
    float *p = malloc(count * sizeof(float));
    for (long i = 0; i < count; i++) {
        *state = *state * 1664525u + 1013904223u;
        p[i] = (float)(*state >> 8) / (float)(1u << 24) - 0.5f;
    }
    return p;
}

int main(int argc, char **argv) {
    long threads = argc > 1 ? atol(argv[1]) : 1, reps = argc > 2 ? atol(argv[2]) : 2000;
    const long batch = 50, rows = 506;
    unsigned state = 1;
    float *x = filled(batch * 13, &state), *w1 = filled(13 * 200, &state),
          *b1 = filled(200, &state), *h1 = filled(batch * 200, &state),
          *w2 = filled(200 * 100, &state), *b2 = filled(100, &state),
          *h2 = filled(batch * 100, &state), *w3 = filled(100, &state), *b3 = filled(1, &state),
          *y = filled(batch, &state), *dw1 = filled(13 * 200, &state),
          *dw2 = filled(200 * 100, &state), *dw3 = filled(100, &state),
          *dh2 = filled(batch * 100, &state), *dh1 = filled(batch * 200, &state),
          *dy = filled(batch, &state), *allX = filled(rows * 13, &state),
          *allH1 = filled(rows * 200, &state), *allH2 = filled(rows * 100, &state),
          *allY = filled(rows, &state);
    float *m = calloc(20000, sizeof(float)), *v = calloc(20000, sizeof(float));
    tabreg_set_thread_count(threads);
    double bestStep = 1e9, bestEvaluation = 1e9;
    for (int trial = 0; trial < 5; trial++) {
        double started = now();
        for (long r = 0; r < reps; r++) {
            tabreg_multiply_adding_row(x, w1, b1, h1, batch, 13, 200);
            tabreg_multiply_adding_row(h1, w2, b2, h2, batch, 200, 100);
            tabreg_multiply_adding_row(h2, w3, b3, y, batch, 100, 1);
            tabreg_multiply_transposing_left(h2, dy, dw3, batch, 100, 1);
            tabreg_multiply_transposing_right(dy, w3, dh2, batch, 1, 100);
            tabreg_multiply_transposing_left(h1, dh2, dw2, batch, 200, 100);
            tabreg_multiply_transposing_right(dh2, w2, dh1, batch, 100, 200);
            tabreg_multiply_transposing_left(x, dh1, dw1, batch, 13, 200);
            tabreg_adam_update(w2, dw2, m, v, 20000, 0.999f, 0.1f, 0.001f, 1e-3f, 0.5f, 1e-8f, 0);
        }
        double step = (now() - started) / reps;
        if (step < bestStep) bestStep = step;
        started = now();
        for (long r = 0; r < reps / 10; r++) {
            tabreg_multiply_adding_row(allX, w1, b1, allH1, rows, 13, 200);
            tabreg_multiply_adding_row(allH1, w2, b2, allH2, rows, 200, 100);
            tabreg_multiply_adding_row(allH2, w3, b3, allY, rows, 100, 1);
        }
        double evaluation = (now() - started) / (reps / 10);
        if (evaluation < bestEvaluation) bestEvaluation = evaluation;
    }
    double stepFlops = 2.0 * batch * (13 * 200 + 200 * 100 + 100) * 2 + 2.0 * batch * (200 * 100 + 100);
    double evaluationFlops = 2.0 * rows * (13 * 200 + 200 * 100 + 100);
    printf("threads %ld: step %.1f us (%.1f GFLOP/s), evaluation %.1f us (%.1f GFLOP/s)\n",
           threads, bestStep * 1e6, stepFlops / bestStep / 1e9, bestEvaluation * 1e6,
           evaluationFlops / bestEvaluation / 1e9);
    return 0;
}
