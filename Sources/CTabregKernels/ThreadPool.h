// The kernels' worker threads (internal to CTabregKernels; see ThreadPool.c).
#ifndef CTABREG_THREAD_POOL_H
#define CTABREG_THREAD_POOL_H

/// Runs `work(context, chunk)` for every chunk in 0..<chunks, on the calling thread and up to
/// `threads - 1` pool workers, and returns when all have finished. Chunks are claimed in
/// increasing order by whichever thread is free; the caller must make each chunk's result
/// independent of the thread that runs it. Runs everything on the calling thread when the pool
/// is busy with another caller's work or cannot start a worker.
void tabreg_pool_run(void (*work)(const void *context, long chunk), const void *context,
                     long chunks, long threads);

#endif
