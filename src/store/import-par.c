/*
 * import-par.c — whole batches of `tides import --threads N` on a worker
 * pool (see import-par.h for the contract with import.c).
 *
 * Parsing and column building were four fifths of an import's
 * instructions; with only parsing on the workers the caller's thread,
 * which built the columns, capped `--threads 2` at 1.1x, so the workers
 * take whole batches.  It is no ordered pool: parts of one batch must
 * reach one builder in order to be encoded without appending, so a worker
 * picks parts itself, under one mutex: the next part of the batch it
 * keeps to, else the oldest batch nobody keeps to, else it helps with the
 * newest part queued (the first batch of a stream, the last ones, or when
 * the reader is held back); only such shared batches append the builders
 * of their runs.  Copying each line into its part and appending every
 * part's columns cost a tenth more instructions with two threads than
 * with one; this way about 3.5% (half.CSV: of 521 parts about 20 are
 * helped with).  Blocks, builders, parts (with their message and output
 * buffers), batches and segment buffers are recycled; the reader holds at
 * most a batch and a quarter of text and 16 batches ahead, so memory is
 * bounded by the batch size whatever the input size.
 *
 * --dry-run and --emit (the streaming filter of a cluster) take the same
 * path with no builder: a part's worker formats its events into the
 * part's output buffer (text_event_line, the bytes `tides export` and one
 * thread write), so the reader only hands buffers, in input order, to
 * import.c's writer thread; the older parse-ahead, where the reader
 * formatted every event, ran at 1.1x, and the reader writing the buffers
 * itself left the workers without text while it was in write(2).
 */
#include "store/import-par.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "text/text.h"
#include "util/mem.h"
#include "util/pool.h"
#include "util/banned.h"

int store_segpar_format_ok(tides_import_format f)
{
	return f == TIDES_IMPORT_GDELT1 || f == TIDES_IMPORT_GDELT2 || f == TIDES_IMPORT_ICEWS ||
	       f == TIDES_IMPORT_PHOENIX;
}

/* ------------------------------------------------- whole batches on workers */

/* Part states (store_part.state). */
enum { PART_QUEUED = 1, PART_RUNNING, PART_DONE };

#define SEG_FREE_MAX 64
#define SEG_BLK_FREE_MAX 128

struct store_segpar;

typedef struct seg_worker {
	struct store_segpar *sp;
	int k;
	store_parser ps;          /* its own copy: its country cache stays warm */
	int have_ps;
	double cpu;               /* thread CPU seconds at the end of its last job */
	double idle;              /* wall seconds waiting for a part (TIDES_THREAD_STATS) */
	store_batch *own;         /* the batch it keeps to */
	int helping;              /* the part picked is of another's batch */
	/* its builder runs: batch, builder, last part; [0] of the batch it
	 * keeps to, [1] of one it helps with, so that helping in between does
	 * not end the run of its own batch */
	store_batch *run_batch[2];
	seg_builder *run_b[2];
	long run_seq[2];
} seg_worker;

struct store_segpar {
	int nthreads, started;
	size_t blk_size;
	pthread_t *th;
	seg_worker *w;
	pthread_mutex_t mu;
	pthread_cond_t work_cv;   /* workers: a part queued, or stop */
	pthread_cond_t caller_cv; /* the reader: a block freed, a batch done, a worker idle */
	store_batch *head, *tail; /* batches not taken back, in input order */
	int open;                 /* tail is the open batch */
	int npending;             /* closed batches not taken back */
	long nq;                  /* parts queued in all */
	int busy;                 /* parts being parsed or batches encoded */
	int hold, stop;
	int live;                 /* blocks holding text */
	int reader_waits;         /* the reader waits for a block */
	store_blk *blk_free;
	int nblk_free;
	seg_builder *b_free[SEG_FREE_MAX];
	int nb_free;
	seg_builder *s_free[SEG_FREE_MAX]; /* those of runs of parts helped with: small */
	int ns_free;
	store_part *part_free;
	store_batch *batch_free;
	int made[3];              /* blocks, builders, batches allocated (TIDES_THREAD_STATS) */
	long nparts, nhelped, nappend; /* parts, those helped with, runs appended */
	tides_buf blob_free[SEG_FREE_MAX]; /* segment buffers: only batches encoded hold one */
	int nblob_free;
};

double store_wall(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_bad(store_part *j, int64_t line, int kind, const char *msg)
{
	if (j->nbad == j->badcap) {
		long nc = j->badcap ? j->badcap * 2 : 64;
		store_segbad *nb = tides_realloc(j->bad, (size_t)nc * sizeof *nb);
		if (!nb) {
			j->nomem = 1;
			return;
		}
		j->bad = nb;
		j->badcap = nc;
	}
	j->bad[j->nbad].line = line;
	j->bad[j->nbad].kind = kind;
	j->bad[j->nbad].msg = j->msgs.len;
	j->bad[j->nbad].nrows = j->nrows;
	j->bad[j->nbad].nemit = j->nemit;
	j->bad[j->nbad].out = j->out.len;
	if (tides_buf_add(&j->msgs, msg, strlen(msg) + 1) != 0) {
		j->nomem = 1;
		return;
	}
	j->nbad++;
}

/* On a worker, without the lock: the part's lines into its run's builder. */
static void part_parse(seg_worker *w, store_part *j)
{
	const char *s;
	long k;
	int64_t ln = j->line;
	tides_event ev;
	char msg[200];
	if (j->long_line) {
		add_bad(j, j->line + 1, SEGJOB_LONG, "");
		j->nrows++;
		return;
	}
	if (!j->blk)
		return;
	if (!w->have_ps || w->ps.format != j->ps.format || w->ps.one_a_day != j->ps.one_a_day) {
		w->ps = j->ps;
		w->have_ps = 1;
	}
	s = j->blk->s + j->beg;
	for (k = 0; k < j->nends && !j->nomem; k++) {
		const char *le = j->blk->s + j->ends[k];
		size_t len = (size_t)(le - s);
		int rc;
		ln++;
		if (len && s[len - 1] == '\r')
			len--;
		msg[0] = '\0';
		rc = store_parse_line(&w->ps, s, len, &ev, msg, sizeof msg);
		if (rc == STORE_ROW && j->dry) {
			if (j->emit_flags >= 0 && text_event_append(&j->out, &ev, j->emit_flags) != 0)
				j->nomem = 1;
			j->nemit++;
			j->nrows++;
		} else if (rc == STORE_ROW) {
			int r = w->ps.known ? seg_builder_add_known(j->b, &ev, w->ps.id, w->ps.day)
			                    : seg_builder_add(j->b, &ev);
			if (r == -2)
				add_bad(j, ln, SEGJOB_INVALID, "");
			else if (r != 0)
				j->nomem = 1;
			j->nrows++;
		} else if (rc == STORE_BAD) {
			add_bad(j, ln, SEGJOB_BAD, msg);
			j->nrows++;
		}
		s = le + 1;
	}
}

/* On a worker, without the lock: the runs' builders appended to the first
 * (parts of a run share one) and the segment encoded. */
static void batch_encode(store_segpar *sp, store_batch *B)
{
	seg_builder *base = NULL, *cur = NULL;
	store_part *pt;
	B->nomem = 0;
	memset(&B->info, 0, sizeof B->info);
	for (pt = B->first; pt; pt = pt->next)
		if (pt->nomem)
			B->nomem = 1;
	for (pt = B->first; pt && !B->nomem; pt = pt->next) {
		if (!pt->b || pt->b == cur)
			continue;
		cur = pt->b;
		if (!base)
			base = cur;
		else if (seg_builder_append(base, cur) != 0)
			B->nomem = 1;
		else
			B->nappend++;
	}
	if (!B->nomem && base && seg_builder_rows(base) > 0) {
		pthread_mutex_lock(&sp->mu);
		if (sp->nblob_free > 0)
			B->blob = sp->blob_free[--sp->nblob_free];
		pthread_mutex_unlock(&sp->mu);
		if (seg_builder_encode(base, &B->blob, &B->info) != 0)
			B->nomem = 1;
	}
}

/* With the lock: a builder for a new run (NULL when out of memory).  The
 * builders keep their storage, so the runs of a batch's owner, which grow
 * to a whole batch (and encode it), reuse the builders of such runs, and
 * the short runs of parts helped with reuse theirs: only about one big
 * builder a worker, whatever the input (memory, page faults). */
static seg_builder *builder_get(store_segpar *sp, int small)
{
	seg_builder *b = NULL;
	if (small && sp->ns_free > 0)
		b = sp->s_free[--sp->ns_free];
	else if (sp->nb_free > 0)
		b = sp->b_free[--sp->nb_free];
	else if (sp->ns_free > 0)
		b = sp->s_free[--sp->ns_free];
	if (b) {
		seg_builder_reset(b);
		return b;
	}
	sp->made[1]++;
	return seg_builder_new();
}

/* Kept: two big ones a worker (its run and one being encoded) and two
 * spare, two small ones a worker; more (after a burst of helping) are
 * freed, so memory does not creep up over a long input. */
static void builder_put(store_segpar *sp, seg_builder *b, int small)
{
	if (small && sp->ns_free < 2 * sp->nthreads)
		sp->s_free[sp->ns_free++] = b;
	else if (!small && sp->nb_free < 2 * sp->nthreads + 2)
		sp->b_free[sp->nb_free++] = b;
	else
		seg_builder_free(b);
}

/* With the lock: the batch's builders go back (each run's once). */
static void batch_builders_put(store_segpar *sp, store_batch *B)
{
	seg_builder *cur = NULL;
	store_part *pt;
	int k;
	for (pt = B->first; pt; pt = pt->next) {
		if (pt->b && pt->b != cur) {
			cur = pt->b;
			builder_put(sp, cur, pt->small);
		}
		pt->b = NULL;
	}
	for (k = 0; k < sp->nthreads; k++) {
		if (sp->w[k].run_batch[0] == B)
			sp->w[k].run_batch[0] = NULL;
		if (sp->w[k].run_batch[1] == B)
			sp->w[k].run_batch[1] = NULL;
		if (sp->w[k].own == B)
			sp->w[k].own = NULL;
	}
}

static void blk_unref(store_segpar *sp, store_blk *b)
{
	if (!b || --b->refs > 0)
		return;
	sp->live--;
	if (sp->nblk_free < SEG_BLK_FREE_MAX) {
		b->next_free = sp->blk_free;
		sp->blk_free = b;
		sp->nblk_free++;
	} else {
		tides_free(b->s);
		tides_free(b);
	}
	pthread_cond_signal(&sp->caller_cv);
}

static store_part *first_queued(store_batch *B)
{
	store_part *pt;
	for (pt = B->first; pt; pt = pt->next)
		if (pt->state == PART_QUEUED)
			return pt;
	return NULL;
}

static store_part *last_queued(store_batch *B)
{
	store_part *pt;
	for (pt = B->last; pt; pt = pt->prev)
		if (pt->state == PART_QUEUED)
			return pt;
	return NULL;
}

/* With the lock: the next part for worker w, or NULL.  Its own batch
 * first (its builder run goes on), then the oldest batch nobody keeps to,
 * else the newest part queued of the oldest batch (helping at the end). */
static store_part *pick(store_segpar *sp, seg_worker *w)
{
	store_batch *B = w->own, *O;
	store_part *pt;
	w->helping = 0;
	if (sp->nq == 0 || sp->hold)
		return NULL;
	if (B && B->nq > 0)
		return first_queued(B);
	for (O = sp->head; O; O = O->next)
		if (O->nq > 0 && O->owner < 0) {
			if (B && B->owner == w->k)
				B->owner = -1;
			O->owner = w->k;
			w->own = O;
			return first_queued(O);
		}
	/* a batch still being cut stays its: its next part, taken by another
	 * worker, would split its builder run (appended at the end; letting go
	 * whenever the reader lagged made 44 runs of 26 batches on half.CSV) */
	if (B && B->closed) {
		if (B->owner == w->k)
			B->owner = -1;
		w->own = NULL;
	}
	/* helping goes on with the part after its last one, if queued: one
	 * run more in that batch, not one for every part helped with (the
	 * first batch of a stream, which the reader cuts faster than its
	 * owner parses, was cut into a dozen runs) */
	if ((O = w->run_batch[1]) != NULL && O->nq > 0)
		for (pt = O->last; pt && pt->seq > w->run_seq[1]; pt = pt->prev)
			if (pt->seq == w->run_seq[1] + 1 && pt->state == PART_QUEUED) {
				w->helping = 1;
				return pt;
			}
	/* the batch of another worker: when it is complete (the end of a
	 * stream), or that worker is behind (the reader waits for memory, or
	 * three parts wait); else the reader is what is slow (a disk, gzip),
	 * that worker takes the part soon, and helping would only split its
	 * builder */
	for (B = sp->head; B; B = B->next)
		if ((B->nq > 0 && B->closed) || (B->nq > 1 && sp->reader_waits) || B->nq > 2) {
			w->helping = 1;
			return last_queued(B);
		}
	return NULL;
}

static void *segpar_main(void *arg)
{
	seg_worker *w = arg;
	store_segpar *sp = w->sp;
	pthread_mutex_lock(&sp->mu);
	for (;;) {
		store_part *pt = NULL;
		store_batch *B;
		int encode, r;
		while (!sp->stop && !(pt = pick(sp, w))) {
			double t0 = store_wall();
			pthread_cond_wait(&sp->work_cv, &sp->mu);
			w->idle += store_wall() - t0;
		}
		if (sp->stop)
			break;
		B = pt->batch;
		sp->nparts++;
		sp->nhelped += w->helping;
		pt->state = PART_RUNNING;
		B->nq--;
		sp->nq--;
		sp->busy++;
		/* a run: parts that follow each other in one batch, taken by one
		 * worker, share a builder (parts without text do not break it) */
		pt->b = NULL;
		r = w->helping;
		if (pt->dry) {
			/* nothing to build */
		} else if (w->run_batch[r] == B && pt->seq == w->run_seq[r] + 1) {
			pt->b = pt->blk ? w->run_b[r] : NULL;
			w->run_seq[r] = pt->seq;
		} else if (pt->blk) {
			if ((pt->b = builder_get(sp, w->helping)) != NULL) {
				pt->small = w->helping;
				w->run_batch[r] = B;
				w->run_b[r] = pt->b;
				w->run_seq[r] = pt->seq;
			} else {
				pt->nomem = 1;
				w->run_batch[r] = NULL;
			}
		}
		pthread_mutex_unlock(&sp->mu);
		if (!pt->nomem)
			part_parse(w, pt);
		pthread_mutex_lock(&sp->mu);
		pt->state = PART_DONE;
		B->ndone++;
		blk_unref(sp, pt->blk);
		pt->blk = NULL;
		encode = B->closed && B->ndone == B->nparts;
		if (encode) {
			pthread_mutex_unlock(&sp->mu);
			batch_encode(sp, B);
			pthread_mutex_lock(&sp->mu);
			batch_builders_put(sp, B);
			sp->nappend += B->nappend;
			B->done = 1;
		}
		sp->busy--;
		w->cpu = tides_pool_thread_cpu();
		pthread_cond_signal(&sp->caller_cv);
	}
	pthread_mutex_unlock(&sp->mu);
	return NULL;
}

store_segpar *store_segpar_new(int nthreads, size_t blk_size)
{
	store_segpar *sp;
	int k;
	if (nthreads < 2)
		return NULL;
	sp = tides_calloc(1, sizeof *sp);
	if (!sp)
		return NULL;
	sp->nthreads = nthreads;
	sp->blk_size = blk_size;
	sp->w = tides_calloc((size_t)nthreads, sizeof *sp->w);
	sp->th = tides_calloc((size_t)nthreads, sizeof *sp->th);
	if (!sp->w || !sp->th || pthread_mutex_init(&sp->mu, NULL) != 0) {
		tides_free(sp->w);
		tides_free(sp->th);
		tides_free(sp);
		return NULL;
	}
	pthread_cond_init(&sp->work_cv, NULL);
	pthread_cond_init(&sp->caller_cv, NULL);
	for (k = 0; k < nthreads; k++) {
		sp->w[k].sp = sp;
		sp->w[k].k = k;
		if (pthread_create(&sp->th[k], NULL, segpar_main, &sp->w[k]) != 0)
			break;
		sp->started++;
	}
	if (sp->started < nthreads) {
		store_segpar_free(sp);
		return NULL;
	}
	return sp;
}

static void part_free(store_part *pt)
{
	tides_free(pt->bad);
	tides_free(pt->ends);
	tides_buf_release(&pt->msgs);
	tides_buf_release(&pt->out);
	tides_free(pt);
}

void store_segpar_free(store_segpar *sp)
{
	int k;
	if (!sp)
		return;
	store_segpar_discard(sp);
	pthread_mutex_lock(&sp->mu);
	sp->stop = 1;
	pthread_cond_broadcast(&sp->work_cv);
	pthread_mutex_unlock(&sp->mu);
	for (k = 0; k < sp->started; k++)
		pthread_join(sp->th[k], NULL);
	pthread_cond_destroy(&sp->work_cv);
	pthread_cond_destroy(&sp->caller_cv);
	pthread_mutex_destroy(&sp->mu);
	while (sp->blk_free) {
		store_blk *b = sp->blk_free;
		sp->blk_free = b->next_free;
		tides_free(b->s);
		tides_free(b);
	}
	while (sp->nb_free > 0)
		seg_builder_free(sp->b_free[--sp->nb_free]);
	while (sp->nblob_free > 0)
		tides_buf_release(&sp->blob_free[--sp->nblob_free]);
	while (sp->ns_free > 0)
		seg_builder_free(sp->s_free[--sp->ns_free]);
	while (sp->part_free) {
		store_part *pt = sp->part_free;
		sp->part_free = pt->next;
		part_free(pt);
	}
	while (sp->batch_free) {
		store_batch *B = sp->batch_free;
		sp->batch_free = B->next;
		tides_free(B);
	}
	tides_free(sp->w);
	tides_free(sp->th);
	tides_free(sp);
}

store_blk *store_segpar_block(store_segpar *sp, int max_live, int *nomem)
{
	store_blk *b = NULL;
	*nomem = 0;
	pthread_mutex_lock(&sp->mu);
	while (sp->live >= max_live && !(sp->head && sp->head->done) && sp->nq + sp->busy > 0) {
		if (!sp->reader_waits) {
			sp->reader_waits = 1;
			pthread_cond_broadcast(&sp->work_cv); /* an idle worker may help now */
		}
		pthread_cond_wait(&sp->caller_cv, &sp->mu);
	}
	sp->reader_waits = 0;
	if (sp->live < max_live || sp->nq + sp->busy == 0) {
		if ((b = sp->blk_free) != NULL) {
			sp->blk_free = b->next_free;
			sp->nblk_free--;
		} else if ((b = tides_calloc(1, sizeof *b)) != NULL &&
		           (b->s = tides_malloc(sp->blk_size)) != NULL) {
			b->cap = sp->blk_size;
			sp->made[0]++;
		} else {
			tides_free(b);
			b = NULL;
			*nomem = 1;
		}
		if (b) {
			b->refs = 1;
			sp->live++;
		}
	}
	pthread_mutex_unlock(&sp->mu);
	return b;
}

void store_segpar_unref(store_segpar *sp, store_blk *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&sp->mu);
	blk_unref(sp, b);
	pthread_mutex_unlock(&sp->mu);
}

store_part *store_segpar_part(store_segpar *sp)
{
	store_part *pt = sp->part_free; /* only the reader touches the free parts */
	if (pt) {
		sp->part_free = pt->next;
	} else {
		if (!(pt = tides_calloc(1, sizeof *pt)))
			return NULL;
		tides_buf_init(&pt->msgs);
		tides_buf_init(&pt->out);
	}
	pt->blk = NULL;
	pt->beg = pt->end = 0;
	pt->nends = 0;
	pt->line = 0;
	pt->long_line = 0;
	pt->nbad = 0;
	tides_buf_reset(&pt->msgs);
	tides_buf_reset(&pt->out);
	pt->nrows = pt->nemit = 0;
	pt->dry = 0;
	pt->emit_flags = -1;
	pt->nomem = 0;
	pt->state = 0;
	pt->b = NULL;
	pt->small = 0;
	pt->batch = NULL;
	pt->next = pt->prev = NULL;
	return pt;
}

void store_segpar_part_put(store_segpar *sp, store_part *pt)
{
	if (pt) {
		pt->next = sp->part_free;
		sp->part_free = pt;
	}
}

int store_part_line(store_part *pt, size_t end)
{
	if (pt->nends == pt->endcap) {
		long nc = pt->endcap ? pt->endcap * 2 : 4096;
		uint32_t *ne = tides_realloc(pt->ends, (size_t)nc * sizeof *ne);
		if (!ne)
			return -1;
		pt->ends = ne;
		pt->endcap = nc;
	}
	pt->ends[pt->nends++] = (uint32_t)end;
	return 0;
}

/* A new batch for the reader (the free batches are the reader's too). */
static store_batch *batch_new(store_segpar *sp)
{
	store_batch *B = sp->batch_free;
	if (B) {
		sp->batch_free = B->next;
	} else {
		if (!(B = tides_calloc(1, sizeof *B)))
			return NULL;
		tides_buf_init(&B->blob);
		sp->made[2]++;
	}
	memset(&B->p, 0, sizeof B->p);
	B->first = B->last = NULL;
	B->nparts = B->nq = B->ndone = B->nappend = 0;
	B->closed = B->done = 0;
	B->owner = -1;
	B->nomem = 0;
	B->st = TIDES_OK;
	B->err = 0;
	B->nemit = 0;
	memset(&B->info, 0, sizeof B->info);
	B->next = NULL;
	return B;
}

int store_segpar_put(store_segpar *sp, store_part *pt, const store_progress *p)
{
	store_batch *B = NULL;
	if (!sp->open && !(B = batch_new(sp)))
		return -1;
	pthread_mutex_lock(&sp->mu);
	if (B) {
		if (sp->tail)
			sp->tail->next = B;
		else
			sp->head = B;
		sp->tail = B;
		sp->open = 1;
	}
	B = sp->tail;
	if (pt->blk)
		pt->blk->refs++;
	pt->batch = B;
	pt->seq = B->nparts++;
	pt->prev = B->last;
	if (B->last)
		B->last->next = pt;
	else
		B->first = pt;
	B->last = pt;
	pt->state = PART_QUEUED;
	B->nq++;
	sp->nq++;
	if (p) {
		B->p = *p;
		B->closed = 1;
		sp->open = 0;
		sp->npending++;
	}
	/* every worker looks: the one woken may leave the part to its owner */
	pthread_cond_broadcast(&sp->work_cv);
	pthread_mutex_unlock(&sp->mu);
	return 0;
}

int store_segpar_pending(const store_segpar *sp)
{
	return sp->npending; /* only the reader changes it */
}

store_batch *store_segpar_take(store_segpar *sp, int wait)
{
	store_batch *B;
	pthread_mutex_lock(&sp->mu);
	B = sp->head;
	if (B && !B->closed)
		B = NULL;
	while (B && wait && !B->done)
		pthread_cond_wait(&sp->caller_cv, &sp->mu);
	if (B && B->done) {
		sp->head = B->next;
		if (!sp->head)
			sp->tail = NULL;
		B->next = NULL;
		sp->npending--;
	} else {
		B = NULL;
	}
	pthread_mutex_unlock(&sp->mu);
	return B;
}

void store_segpar_recycle(store_segpar *sp, store_batch *B)
{
	if (!B)
		return;
	if (B->blob.cap > 0) {
		pthread_mutex_lock(&sp->mu);
		if (sp->nblob_free < SEG_FREE_MAX)
			sp->blob_free[sp->nblob_free++] = B->blob;
		else
			tides_buf_release(&B->blob);
		pthread_mutex_unlock(&sp->mu);
		tides_buf_init(&B->blob);
	}
	while (B->first) {
		store_part *pt = B->first;
		B->first = pt->next;
		pt->next = sp->part_free;
		sp->part_free = pt;
	}
	B->last = NULL;
	B->next = sp->batch_free;
	sp->batch_free = B;
}

void store_segpar_discard(store_segpar *sp)
{
	store_batch *B, *list;
	store_part *pt;
	pthread_mutex_lock(&sp->mu);
	/* no new parts start; the queued ones are dropped unparsed */
	sp->hold = 1;
	for (B = sp->head; B; B = B->next)
		for (pt = B->first; pt; pt = pt->next)
			if (pt->state == PART_QUEUED) {
				pt->state = PART_DONE;
				B->nq--;
				sp->nq--;
				B->ndone++;
				blk_unref(sp, pt->blk);
				pt->blk = NULL;
			}
	while (sp->busy > 0)
		pthread_cond_wait(&sp->caller_cv, &sp->mu);
	list = sp->head;
	for (B = list; B; B = B->next)
		if (!B->done)
			batch_builders_put(sp, B);
	sp->head = sp->tail = NULL;
	sp->open = 0;
	sp->npending = 0;
	sp->hold = 0;
	pthread_mutex_unlock(&sp->mu);
	while (list) {
		B = list;
		list = B->next;
		store_segpar_recycle(sp, B);
	}
}

int store_segpar_threads(const store_segpar *sp)
{
	return sp->nthreads;
}

double store_segpar_cpu(store_segpar *sp, int k)
{
	double v;
	pthread_mutex_lock(&sp->mu);
	v = sp->w[k].cpu;
	pthread_mutex_unlock(&sp->mu);
	return v;
}

long store_segpar_made(store_segpar *sp, int what)
{
	long v;
	pthread_mutex_lock(&sp->mu);
	v = what < 3 ? sp->made[what] : what == 3 ? sp->nparts : what == 4 ? sp->nhelped : sp->nappend;
	pthread_mutex_unlock(&sp->mu);
	return v;
}

double store_segpar_idle(store_segpar *sp, int k)
{
	double v;
	pthread_mutex_lock(&sp->mu);
	v = sp->w[k].idle;
	pthread_mutex_unlock(&sp->mu);
	return v;
}
