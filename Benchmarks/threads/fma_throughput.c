// How much fused multiply-add throughput N threads get on this machine: each thread runs ten
// independent 8-lane FMA chains (enough to fill both FMA pipes of a Zen or Intel core) for a
// fixed count. On real cores, 2 threads give about 2x the GFLOP/s of 1; on vCPUs that share a
// host core's execution units they give about 1x.
//
//   clang -O2 -pthread Benchmarks/threads/fma_throughput.c -o /tmp/fma && /tmp/fma 1 && /tmp/fma 2
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef float vec8 __attribute__((ext_vector_type(8)));
#define ITERATIONS 200000000L
#define CHAINS 10

__attribute__((target("avx2,fma"))) static void *spin(void *result) {
    vec8 a[CHAINS];
    for (int i = 0; i < CHAINS; i++) a[i] = (vec8)(1.0f + i * 1e-7f);
    vec8 b = (vec8)0.999999f, c = (vec8)1e-7f;
    for (long it = 0; it < ITERATIONS; it++)
        for (int i = 0; i < CHAINS; i++) a[i] = __builtin_elementwise_fma(a[i], b, c);
    vec8 sum = a[0];
    for (int i = 1; i < CHAINS; i++) sum += a[i];
    *(float *)result = sum[0];
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 1 || threads > 64) threads = 1;
    pthread_t handles[64];
    float results[64];
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int t = 0; t < threads; t++) pthread_create(&handles[t], NULL, spin, &results[t]);
    for (int t = 0; t < threads; t++) pthread_join(handles[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) * 1e-9;
    double flops = 2.0 * 8 * CHAINS * ITERATIONS * threads;
    printf("%d thread(s): %.3f s, %.1f GFLOP/s in all (checksum %g)\n", threads, seconds,
           flops / seconds / 1e9, results[0]);
    return 0;
}
