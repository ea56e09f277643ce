// Worker threads for the kernels: one product or one optimizer step is cut into chunks that the
// calling thread and the workers claim from a shared counter.
//
// Why a hand-written pool: a training step of the tutorial job is a few hundred microseconds of
// half a dozen products, so waking threads through Dispatch or a condition variable for each
// product costs more than it saves (PERFORMANCE.md measured concurrentPerform twice as slow).
// Workers spin for a short while after each job and only then sleep, so the next product of the
// same step finds them awake.
//
// Robust on a shared machine: the caller never waits for a worker that has not started. Each
// worker has a state word (IDLE -> GO set by the caller -> RUNNING set by the worker -> IDLE);
// after claiming chunks itself, the caller takes back every GO that no worker picked up
// (GO -> IDLE) and waits only for RUNNING workers, which are busy with chunks they claimed. A
// worker descheduled by another process therefore costs at most its current chunk.
#include "ThreadPool.h"
#include "CTabregKernels.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sched.h>

enum { WORKER_IDLE = 0, WORKER_GO = 1, WORKER_RUNNING = 2 };

#define MAX_WORKERS 63
// Pause-loop iterations a worker spins before it sleeps (a pause is 10-140 cycles, so this is
// roughly 5-100 microseconds): long enough for back-to-back products of one pass, short enough
// that an idle worker does not hold back the calling thread on machines whose vCPUs share a
// core's execution units (measured on this project's CI machines: a spinning neighbour slowed
// a one-thread training step by up to 1.8x).
#ifndef SPIN_LIMIT
#define SPIN_LIMIT 2000
#endif

typedef struct {
    void (*work)(const void *context, long chunk);
    const void *context;
    long chunks;
    _Atomic long next;
} pool_job;

typedef struct {
    _Atomic int state;
    _Atomic int sleeping;
    pool_job *_Atomic job;
    pthread_mutex_t lock;
    pthread_cond_t wake;
} pool_worker;

static pool_worker workers[MAX_WORKERS];
static _Atomic long started_workers;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int pool_busy;
static _Thread_local long thread_count = 1;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static void claim_chunks(pool_job *job) {
    for (;;) {
        long chunk = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (chunk >= job->chunks) return;
        job->work(job->context, chunk);
    }
}

static void *worker_main(void *argument) {
    pool_worker *worker = argument;
    for (;;) {
        int spins = 0;
        while (atomic_load_explicit(&worker->state, memory_order_acquire) != WORKER_GO) {
            if (++spins < SPIN_LIMIT) {
                cpu_relax();
                continue;
            }
            // Sleep until a caller sets GO. The caller stores GO and then reads `sleeping`; this
            // thread stores `sleeping` and then reads the state: with sequentially consistent
            // accesses at least one of the two sees the other's store, so no wake-up is lost.
            pthread_mutex_lock(&worker->lock);
            atomic_store(&worker->sleeping, 1);
            while (atomic_load(&worker->state) != WORKER_GO)
                pthread_cond_wait(&worker->wake, &worker->lock);
            atomic_store(&worker->sleeping, 0);
            pthread_mutex_unlock(&worker->lock);
            spins = 0;
        }
        int expected = WORKER_GO;
        // The caller may have taken the job back (GO -> IDLE) before this thread got here.
        if (!atomic_compare_exchange_strong_explicit(&worker->state, &expected, WORKER_RUNNING,
                                                     memory_order_acquire, memory_order_relaxed))
            continue;
        claim_chunks(atomic_load_explicit(&worker->job, memory_order_relaxed));
        atomic_store_explicit(&worker->state, WORKER_IDLE, memory_order_release);
    }
    return NULL;
}

// Starts workers until there are `count` (or as many as could be started); returns how many run.
static long ensure_workers(long count) {
    if (count > MAX_WORKERS) count = MAX_WORKERS;
    long running = atomic_load_explicit(&started_workers, memory_order_acquire);
    if (running >= count) return count;
    pthread_mutex_lock(&start_lock);
    running = atomic_load_explicit(&started_workers, memory_order_relaxed);
    while (running < count) {
        pool_worker *worker = &workers[running];
        pthread_mutex_init(&worker->lock, NULL);
        pthread_cond_init(&worker->wake, NULL);
        atomic_store(&worker->state, WORKER_IDLE);
        atomic_store(&worker->sleeping, 0);
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_t thread;
        int failed = pthread_create(&thread, &attributes, worker_main, worker);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        running++;
        atomic_store_explicit(&started_workers, running, memory_order_release);
    }
    pthread_mutex_unlock(&start_lock);
    return running < count ? running : count;
}

void tabreg_pool_run(void (*work)(const void *context, long chunk), const void *context,
                     long chunks, long threads) {
    pool_job job = {work, context, chunks, 0};
    int expected = 0;
    long helpers = threads - 1 < chunks - 1 ? threads - 1 : chunks - 1;
    if (helpers <= 0 || !atomic_compare_exchange_strong(&pool_busy, &expected, 1)) {
        claim_chunks(&job);
        return;
    }
    helpers = ensure_workers(helpers);
    for (long w = 0; w < helpers; w++) {
        pool_worker *worker = &workers[w];
        atomic_store_explicit(&worker->job, &job, memory_order_relaxed);
        atomic_store(&worker->state, WORKER_GO);
        if (atomic_load(&worker->sleeping)) {
            pthread_mutex_lock(&worker->lock);
            pthread_cond_signal(&worker->wake);
            pthread_mutex_unlock(&worker->lock);
        }
    }
    claim_chunks(&job);
    for (long w = 0; w < helpers; w++) {
        pool_worker *worker = &workers[w];
        int state = WORKER_GO;
        if (atomic_compare_exchange_strong(&worker->state, &state, WORKER_IDLE)) continue;
        // RUNNING: the worker is finishing chunks it claimed.
        long spins = 0;
        while (atomic_load_explicit(&worker->state, memory_order_acquire) != WORKER_IDLE) {
            if (++spins < 4096) cpu_relax();
            else sched_yield();
        }
    }
    atomic_store_explicit(&pool_busy, 0, memory_order_release);
}

void tabreg_set_thread_count(long count) { thread_count = count > 0 ? count : 1; }

long tabreg_thread_count(void) { return thread_count; }
