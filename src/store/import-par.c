/*
 * import-par.c — parse-ahead of import lines on a worker pool (see
 * import-par.h for the contract with import.c).
 *
 * One run cuts at most RUN_LINES lines (bounding memory to two sets of
 * RUN_LINES results, about 1 KiB each), splits them into CHUNKS_PER_THREAD
 * * N chunks of consecutive lines and lets the ordered pool (util/pool.h)
 * parse the chunks.  When a run is handed to the caller, the next run of
 * the same buffer is queued at once, so the workers parse it while the
 * caller writes (double buffering); asking for exactly that run later takes
 * it without waiting again.  The buffer must not change while a run is
 * parsed ahead: import.c calls store_prepar_drop() before it refills.
 * Each chunk parses with its own copy of the parser, which is enough
 * because only stateless formats come here.
 *
 * The second half (store_segpar) runs parts of batches on the pool
 * instead: parsing and column building were four fifths of an import's
 * instructions, and with only parsing on the workers the caller's thread,
 * which built the columns, capped `--threads 2` at 1.1x.  A part owns a
 * copy of its lines (the reader's buffer moves on) and its builder; parts
 * are recycled, and at most 2 * nthreads + 2 are on the pool, so memory is
 * bounded by a few batches whatever the input size.
 */
#include "store/import-par.h"

#include <string.h>
#include <time.h>

#include "util/mem.h"
#include "util/pool.h"
#include "util/banned.h"

#define RUN_LINES 2048
#define CHUNKS_PER_THREAD 4

typedef struct par_chunk {
	store_parser ps;
	const char *buf;
	const size_t *off, *len; /* of the chunk's first line */
	store_preparsed *out;
	long n;
} par_chunk;

/* One run of lines: its results and where it was cut from. */
typedef struct par_set {
	store_preparsed *res;
	size_t *off, *len;
	par_chunk *chunk;
	long nl;          /* lines cut */
	int nq;           /* chunks queued and not yet taken back */
	const char *base; /* the arguments it was cut with */
	size_t n, used;   /* used: bytes up to the end of its last line */
	int eof;
} par_set;

struct store_prepar {
	int nthreads, nchunk;
	tides_pool *pool;
	par_set set[2];
	int cur;          /* set[cur]: the run the caller is reading */
	int ahead;        /* set[!cur] is being parsed ahead */
};

static void prepar_work(void *state, void *item)
{
	par_chunk *c = item;
	long i;
	(void)state;
	for (i = 0; i < c->n; i++) {
		store_preparsed *r = &c->out[i];
		r->msg[0] = '\0';
		r->rc = store_parse_line(&c->ps, c->buf + c->off[i], c->len[i], &r->ev, r->msg,
		                         sizeof r->msg);
	}
}

store_prepar *store_prepar_new(int nthreads)
{
	store_prepar *pp;
	int k, ok = 1;
	if (nthreads < 2)
		return NULL;
	pp = tides_calloc(1, sizeof *pp);
	if (!pp)
		return NULL;
	pp->nthreads = nthreads;
	pp->nchunk = nthreads * CHUNKS_PER_THREAD;
	for (k = 0; k < 2; k++) {
		par_set *S = &pp->set[k];
		S->res = tides_calloc(RUN_LINES, sizeof *S->res);
		S->off = tides_calloc(RUN_LINES, sizeof *S->off);
		S->len = tides_calloc(RUN_LINES, sizeof *S->len);
		S->chunk = tides_calloc((size_t)pp->nchunk, sizeof *S->chunk);
		ok = ok && S->res && S->off && S->len && S->chunk;
	}
	if (ok)
		pp->pool = tides_pool_new(nthreads, 2 * pp->nchunk, prepar_work, NULL);
	if (!pp->pool) {
		store_prepar_free(pp);
		return NULL;
	}
	return pp;
}

static void wait_set(store_prepar *pp, par_set *S)
{
	for (; S->nq > 0; S->nq--)
		tides_pool_take(pp->pool, 1);
}

void store_prepar_drop(store_prepar *pp)
{
	if (pp && pp->ahead) {
		wait_set(pp, &pp->set[!pp->cur]);
		pp->ahead = 0;
	}
}

void store_prepar_free(store_prepar *pp)
{
	int k;
	if (!pp)
		return;
	store_prepar_drop(pp);
	tides_pool_free(pp->pool);
	for (k = 0; k < 2; k++) {
		tides_free(pp->set[k].res);
		tides_free(pp->set[k].off);
		tides_free(pp->set[k].len);
		tides_free(pp->set[k].chunk);
	}
	tides_free(pp);
}

int store_prepar_format_ok(tides_import_format f)
{
	return f == TIDES_IMPORT_GDELT1 || f == TIDES_IMPORT_GDELT2 || f == TIDES_IMPORT_ICEWS ||
	       f == TIDES_IMPORT_PHOENIX;
}

/* Cuts the lines of a run into S and queues its chunks; returns S->nl. */
static long cut_and_queue(store_prepar *pp, par_set *S, const store_parser *ps, const char *buf,
                          size_t n, int eof)
{
	size_t start = 0;
	long nl = 0, per, i;
	int k;
	S->base = buf;
	S->n = n;
	S->eof = eof;
	S->nq = 0;
	while (nl < RUN_LINES && start < n) {
		const char *e = memchr(buf + start, '\n', n - start);
		size_t end, len;
		if (!e && !eof)
			break;
		end = e ? (size_t)(e - buf) : n;
		len = end - start;
		if (len && buf[start + len - 1] == '\r')
			len--;
		S->off[nl] = start;
		S->len[nl] = len;
		nl++;
		start = e ? end + 1 : n;
	}
	S->nl = nl;
	S->used = start;
	if (nl == 0)
		return 0;
	per = (nl + pp->nchunk - 1) / pp->nchunk;
	for (k = 0, i = 0; i < nl; k++, i += per) {
		par_chunk *c = &S->chunk[k];
		c->ps = *ps;
		c->buf = buf;
		c->off = S->off + i;
		c->len = S->len + i;
		c->out = S->res + i;
		c->n = i + per <= nl ? per : nl - i;
		tides_pool_put(pp->pool, c);
		S->nq++;
	}
	return nl;
}

long store_prepar_run(store_prepar *pp, const store_parser *ps, const char *buf, size_t n, int eof)
{
	par_set *C;
	if (pp->ahead) {
		par_set *A = &pp->set[!pp->cur];
		wait_set(pp, A);
		pp->ahead = 0;
		if (A->base == buf && A->n == n && A->eof == eof) {
			pp->cur = !pp->cur; /* the run parsed ahead is the one asked for */
			goto next;
		}
	}
	C = &pp->set[pp->cur];
	cut_and_queue(pp, C, ps, buf, n, eof);
	wait_set(pp, C);
next:
	C = &pp->set[pp->cur];
	/* parse the following lines while the caller writes these */
	if (C->nl > 0 && C->used < n &&
	    cut_and_queue(pp, &pp->set[!pp->cur], ps, buf + C->used, n - C->used, eof) > 0)
		pp->ahead = 1;
	return C->nl;
}

const store_preparsed *store_prepar_get(const store_prepar *pp, long i)
{
	return &pp->set[pp->cur].res[i];
}

/* ------------------------------------------------- whole batches on workers */

#define SEG_FREE_MAX 64

typedef struct seg_worker {
	double cpu;       /* thread CPU seconds at the end of its last job */
} seg_worker;

struct store_segpar {
	int nthreads;
	tides_pool *pool;
	seg_worker *w;
	void **states;
	store_segjob *free_list[SEG_FREE_MAX];
	int nfree;
	tides_buf text_free[SEG_FREE_MAX]; /* line buffers of parts parsed already */
	int ntext;
};

double store_thread_cpu(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void segjob_free(store_segjob *j)
{
	if (!j)
		return;
	tides_buf_release(&j->text);
	tides_free(j->off);
	tides_free(j->len);
	tides_free(j->line);
	seg_builder_free(j->b);
	tides_free(j->bad);
	tides_buf_release(&j->msgs);
	tides_free(j);
}

static void add_bad(store_segjob *j, int64_t line, int kind, const char *msg)
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
	if (tides_buf_add(&j->msgs, msg, strlen(msg) + 1) != 0) {
		j->nomem = 1;
		return;
	}
	j->nbad++;
}

static void segjob_work(void *state, void *item)
{
	seg_worker *w = state;
	store_segjob *j = item;
	tides_event ev;
	char msg[200];
	long i;
	if (j->fn) {
		j->fn(j->arg);
		w->cpu = store_thread_cpu();
		return;
	}
	seg_builder_reset(j->b);
	j->nbad = 0;
	tides_buf_reset(&j->msgs);
	j->nomem = 0;
	for (i = 0; i < j->nl && !j->nomem; i++) {
		int rc;
		if (j->len[i] == SEGJOB_LONG_LINE) {
			add_bad(j, j->line[i], SEGJOB_LONG, "");
			continue;
		}
		msg[0] = '\0';
		rc = store_parse_line(&j->ps, j->text.s + j->off[i], j->len[i], &ev, msg, sizeof msg);
		if (rc == STORE_ROW) {
			int r = j->ps.known ? seg_builder_add_known(j->b, &ev, j->ps.id, j->ps.day)
			                    : seg_builder_add(j->b, &ev);
			if (r == -2)
				add_bad(j, j->line[i], SEGJOB_INVALID, "");
			else if (r != 0)
				j->nomem = 1;
		} else if (rc == STORE_BAD) {
			add_bad(j, j->line[i], SEGJOB_BAD, msg);
		}
	}
	w->cpu = store_thread_cpu();
}

store_segpar *store_segpar_new(int nthreads)
{
	store_segpar *sp;
	int k;
	if (nthreads < 2)
		return NULL;
	sp = tides_calloc(1, sizeof *sp);
	if (!sp)
		return NULL;
	sp->nthreads = nthreads;
	sp->w = tides_calloc((size_t)nthreads, sizeof *sp->w);
	sp->states = tides_calloc((size_t)nthreads, sizeof *sp->states);
	if (sp->w && sp->states) {
		for (k = 0; k < nthreads; k++)
			sp->states[k] = &sp->w[k];
		sp->pool = tides_pool_new(nthreads, 2 * nthreads + 2, segjob_work, sp->states);
	}
	if (!sp->pool) {
		store_segpar_free(sp);
		return NULL;
	}
	return sp;
}

void store_segpar_free(store_segpar *sp)
{
	store_segjob *j;
	if (!sp)
		return;
	if (sp->pool) {
		while ((j = tides_pool_take(sp->pool, 1)) != NULL)
			if (!j->fn) /* jobs with fn belong to the caller */
				segjob_free(j);
		tides_pool_free(sp->pool);
	}
	while (sp->nfree)
		segjob_free(sp->free_list[--sp->nfree]);
	while (sp->ntext)
		tides_buf_release(&sp->text_free[--sp->ntext]);
	tides_free(sp->w);
	tides_free(sp->states);
	tides_free(sp);
}

store_segjob *store_segpar_job(store_segpar *sp)
{
	store_segjob *j;
	if (sp->nfree) {
		j = sp->free_list[--sp->nfree];
	} else {
		j = tides_calloc(1, sizeof *j);
		if (!j)
			return NULL;
		tides_buf_init(&j->text);
		tides_buf_init(&j->msgs);
		if (!(j->b = seg_builder_new())) {
			segjob_free(j);
			return NULL;
		}
	}
	if (j->text.cap == 0 && sp->ntext > 0) {
		tides_buf_release(&j->text);
		j->text = sp->text_free[--sp->ntext];
	}
	tides_buf_reset(&j->text);
	j->nl = 0;
	j->last = 0;
	j->fn = NULL;
	memset(&j->p, 0, sizeof j->p);
	return j;
}

int store_segjob_text(store_segjob *j, const char *p, size_t n)
{
	return tides_buf_add(&j->text, p, n);
}

int store_segjob_add(store_segjob *j, size_t off, uint32_t len, int64_t lineno)
{
	if (j->nl == j->cap) {
		long nc = j->cap ? j->cap * 2 : 4096;
		size_t *o = tides_realloc(j->off, (size_t)nc * sizeof *o);
		uint32_t *l;
		int64_t *n;
		if (!o)
			return -1;
		j->off = o;
		if (!(l = tides_realloc(j->len, (size_t)nc * sizeof *l)))
			return -1;
		j->len = l;
		if (!(n = tides_realloc(j->line, (size_t)nc * sizeof *n)))
			return -1;
		j->line = n;
		j->cap = nc;
	}
	j->off[j->nl] = off;
	j->len[j->nl] = len;
	j->line[j->nl] = lineno;
	j->nl++;
	return 0;
}

void store_segpar_parsed(store_segpar *sp, store_segjob *j)
{
	if (j->fn || j->text.cap == 0 || sp->ntext == SEG_FREE_MAX)
		return;
	sp->text_free[sp->ntext++] = j->text;
	tides_buf_init(&j->text);
}

int store_segpar_full(const store_segpar *sp)
{
	return tides_pool_full(sp->pool);
}

void store_segpar_put(store_segpar *sp, store_segjob *j)
{
	tides_pool_put(sp->pool, j);
}

store_segjob *store_segpar_take(store_segpar *sp)
{
	return tides_pool_take(sp->pool, 1);
}

void store_segpar_recycle(store_segpar *sp, store_segjob *j)
{
	if (!j)
		return;
	if (sp->nfree < SEG_FREE_MAX)
		sp->free_list[sp->nfree++] = j;
	else
		segjob_free(j);
}

int store_segpar_threads(const store_segpar *sp)
{
	return sp->nthreads;
}

double store_segpar_cpu(const store_segpar *sp, int k)
{
	return sp->w[k].cpu;
}
