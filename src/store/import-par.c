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
 */
#include "store/import-par.h"

#include <string.h>

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
