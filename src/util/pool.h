/*
 * pool.h — an ordered worker pool: items go in in order, are processed by
 * N threads in any order, and come out in the order they went in.
 *
 * This is what makes `--threads N` deterministic: the caller (one thread)
 * puts batches of work, the workers run `work(state, item)` with their own
 * per-thread state (a tides_coder, a parser), and the caller takes the
 * finished items back in submission order and writes them, so the output
 * is byte-identical to a single-threaded run.  At most `depth` items are
 * in flight, which bounds memory whatever the input size.
 */
#ifndef TIDES_UTIL_POOL_H
#define TIDES_UTIL_POOL_H

typedef struct tides_pool tides_pool;

/* Runs on a worker thread; `state` is states[k] of worker k. */
typedef void (*tides_pool_work)(void *state, void *item);

/* nthreads >= 1 workers; depth >= nthreads items in flight.  NULL when out
 * of memory or a thread cannot be started. */
tides_pool *tides_pool_new(int nthreads, int depth, tides_pool_work work, void **states);
/* Is there room for one more item? */
int tides_pool_full(const tides_pool *p);
/* Number of items put and not yet taken back. */
int tides_pool_pending(const tides_pool *p);
/* Queues an item; the caller must have checked tides_pool_full (returns -1
 * when full). */
int tides_pool_put(tides_pool *p, void *item);
/* The oldest item if it is finished (wait = 0) or once it is (wait = 1);
 * NULL when nothing is pending, or with wait = 0 when it is not finished. */
void *tides_pool_take(tides_pool *p, int wait);
/* Stops and joins the workers; pending items are finished first (take them
 * before if you need them).  Accepts NULL. */
void tides_pool_free(tides_pool *p);
/* CPU seconds of the calling thread so far (0 if the clock fails): the
 * per-thread figures of TIDES_THREAD_STATS. */
double tides_pool_thread_cpu(void);

#endif
