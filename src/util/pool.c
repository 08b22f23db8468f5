/*
 * pool.c — the ordered worker pool of pool.h.
 *
 * A ring of `depth` slots holds the items in submission order: `head` is
 * the oldest not yet taken back, `next` the oldest not yet started, `tail`
 * where the next item goes (all counters, modulo depth for the slot).  One
 * mutex guards the ring; workers wait on `work_cv` for head..tail to hold an
 * unstarted item, the caller waits on `done_cv` for the slot at `head` to be
 * finished.  Items are taken back strictly at `head`, so the order out is
 * the order in whatever order the workers finish.
 */
#include "util/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util/mem.h"
#include "util/banned.h"

enum { SLOT_QUEUED = 1, SLOT_RUNNING, SLOT_DONE };

typedef struct pool_slot {
	void *item;
	int state;
} pool_slot;

struct tides_pool {
	pthread_mutex_t mu;
	pthread_cond_t work_cv, done_cv;
	pool_slot *slot;
	unsigned long head, next, tail;
	int depth, nthreads, started, stop;
	tides_pool_work work;
	void **states;
	pthread_t *th;
	struct pool_arg { tides_pool *p; int k; } *args;
};

static void *pool_main(void *arg)
{
	struct pool_arg *a = arg;
	tides_pool *p = a->p;
	void *state = p->states ? p->states[a->k] : NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		pool_slot *s;
		while (!p->stop && p->next == p->tail)
			pthread_cond_wait(&p->work_cv, &p->mu);
		if (p->next == p->tail)
			break; /* stopping and nothing left */
		s = &p->slot[p->next % (unsigned long)p->depth];
		p->next++;
		s->state = SLOT_RUNNING;
		pthread_mutex_unlock(&p->mu);
		p->work(state, s->item);
		pthread_mutex_lock(&p->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

tides_pool *tides_pool_new(int nthreads, int depth, tides_pool_work work, void **states)
{
	tides_pool *p;
	int k;
	if (nthreads < 1)
		nthreads = 1;
	if (depth < nthreads)
		depth = nthreads;
	p = tides_calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->slot = tides_calloc((size_t)depth, sizeof *p->slot);
	p->th = tides_calloc((size_t)nthreads, sizeof *p->th);
	p->args = tides_calloc((size_t)nthreads, sizeof *p->args);
	if (!p->slot || !p->th || !p->args)
		goto fail;
	p->depth = depth;
	p->nthreads = nthreads;
	p->work = work;
	p->states = states;
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->work_cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	if (pthread_cond_init(&p->done_cv, NULL) != 0) {
		pthread_cond_destroy(&p->work_cv);
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	for (k = 0; k < nthreads; k++) {
		p->args[k].p = p;
		p->args[k].k = k;
		if (pthread_create(&p->th[k], NULL, pool_main, &p->args[k]) != 0)
			break;
		p->started++;
	}
	if (p->started < nthreads) {
		tides_pool_free(p);
		return NULL;
	}
	return p;
fail:
	tides_free(p->slot);
	tides_free(p->th);
	tides_free(p->args);
	tides_free(p);
	return NULL;
}

int tides_pool_full(const tides_pool *p)
{
	return p->tail - p->head >= (unsigned long)p->depth;
}

int tides_pool_pending(const tides_pool *p)
{
	return (int)(p->tail - p->head);
}

int tides_pool_put(tides_pool *p, void *item)
{
	pool_slot *s;
	/* only the caller thread moves tail and head, so reading them
	 * without the lock is safe here */
	if (tides_pool_full(p))
		return -1;
	pthread_mutex_lock(&p->mu);
	s = &p->slot[p->tail % (unsigned long)p->depth];
	s->item = item;
	s->state = SLOT_QUEUED;
	p->tail++;
	pthread_cond_signal(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

void *tides_pool_take(tides_pool *p, int wait)
{
	pool_slot *s;
	void *item = NULL;
	if (p->head == p->tail)
		return NULL;
	pthread_mutex_lock(&p->mu);
	s = &p->slot[p->head % (unsigned long)p->depth];
	while (wait && s->state != SLOT_DONE)
		pthread_cond_wait(&p->done_cv, &p->mu);
	if (s->state == SLOT_DONE) {
		item = s->item;
		s->item = NULL;
		s->state = 0;
		p->head++;
	}
	pthread_mutex_unlock(&p->mu);
	return item;
}

void tides_pool_free(tides_pool *p)
{
	int k;
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	for (k = 0; k < p->started; k++)
		pthread_join(p->th[k], NULL);
	pthread_cond_destroy(&p->done_cv);
	pthread_cond_destroy(&p->work_cv);
	pthread_mutex_destroy(&p->mu);
	tides_free(p->slot);
	tides_free(p->th);
	tides_free(p->args);
	tides_free(p);
}

double tides_pool_thread_cpu(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
