/*
 * import-par.c — parse-ahead of import lines on a worker pool (see
 * import-par.h for the contract with import.c).
 *
 * One run cuts at most RUN_LINES lines (bounding memory to RUN_LINES
 * results, about 1 KiB each), splits them into CHUNKS_PER_THREAD * N
 * chunks of consecutive lines, lets the ordered pool (util/pool.h) parse
 * the chunks, and waits for all of them: the caller's buffer is only read
 * while the run lasts, so import.c may refill it afterwards.  Each chunk
 * parses with its own copy of the parser, which is enough because only
 * stateless formats come here.
 */
#include "store/import-par.h"

#include <string.h>

#include "util/mem.h"
#include "util/pool.h"
#include "util/banned.h"

#define RUN_LINES 8192
#define CHUNKS_PER_THREAD 4

typedef struct par_chunk {
	store_parser ps;
	const char *buf;
	const size_t *off, *len; /* of the chunk's first line */
	store_preparsed *out;
	long n;
} par_chunk;

struct store_prepar {
	int nthreads;
	tides_pool *pool;
	store_preparsed *res;
	size_t *off, *len;
	par_chunk *chunk;
	int nchunk;
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
	if (nthreads < 2)
		return NULL;
	pp = tides_calloc(1, sizeof *pp);
	if (!pp)
		return NULL;
	pp->nthreads = nthreads;
	pp->nchunk = nthreads * CHUNKS_PER_THREAD;
	pp->res = tides_calloc(RUN_LINES, sizeof *pp->res);
	pp->off = tides_calloc(RUN_LINES, sizeof *pp->off);
	pp->len = tides_calloc(RUN_LINES, sizeof *pp->len);
	pp->chunk = tides_calloc((size_t)pp->nchunk, sizeof *pp->chunk);
	if (pp->res && pp->off && pp->len && pp->chunk)
		pp->pool = tides_pool_new(nthreads, pp->nchunk, prepar_work, NULL);
	if (!pp->pool) {
		store_prepar_free(pp);
		return NULL;
	}
	return pp;
}

void store_prepar_free(store_prepar *pp)
{
	if (!pp)
		return;
	tides_pool_free(pp->pool);
	tides_free(pp->res);
	tides_free(pp->off);
	tides_free(pp->len);
	tides_free(pp->chunk);
	tides_free(pp);
}

int store_prepar_format_ok(tides_import_format f)
{
	return f == TIDES_IMPORT_GDELT1 || f == TIDES_IMPORT_GDELT2 || f == TIDES_IMPORT_ICEWS ||
	       f == TIDES_IMPORT_PHOENIX;
}

long store_prepar_run(store_prepar *pp, const store_parser *ps, const char *buf, size_t n, int eof)
{
	size_t start = 0;
	long nl = 0, per, i;
	int k;
	while (nl < RUN_LINES && start < n) {
		const char *e = memchr(buf + start, '\n', n - start);
		size_t end, len;
		if (!e && !eof)
			break;
		end = e ? (size_t)(e - buf) : n;
		len = end - start;
		if (len && buf[start + len - 1] == '\r')
			len--;
		pp->off[nl] = start;
		pp->len[nl] = len;
		nl++;
		start = e ? end + 1 : n;
	}
	if (nl == 0)
		return 0;
	per = (nl + pp->nchunk - 1) / pp->nchunk;
	for (k = 0, i = 0; i < nl; k++, i += per) {
		par_chunk *c = &pp->chunk[k];
		c->ps = *ps;
		c->buf = buf;
		c->off = pp->off + i;
		c->len = pp->len + i;
		c->out = pp->res + i;
		c->n = i + per <= nl ? per : nl - i;
		tides_pool_put(pp->pool, c);
	}
	while (tides_pool_take(pp->pool, 1))
		;
	return nl;
}

const store_preparsed *store_prepar_get(const store_prepar *pp, long i)
{
	return &pp->res[i];
}
