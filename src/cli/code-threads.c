/*
 * code-threads.c — the parallel path of `tides code --threads N`.
 *
 * Design: the caller's thread reads stories (the readers are sequential)
 * and deep-copies them into batches (a few hundred sentences, one arena of
 * strings each); batches go through an ordered pool (util/pool.h) to N
 * workers, each with its own tides_coder over the one shared, immutable
 * tides_dicts and its own tides_ctx; finished batches come back in input
 * order and their events are handed to the same writer the one-thread
 * path uses.  So the output is byte-identical to --threads 1 as long as
 * coding a story depends only on the story (the coder resets its state per
 * story), which tests/cli/630-threads.sh checks.
 *
 * Memory is bounded by the pool depth (2N + 2 batches in flight), never by
 * the input.  Warnings a worker's coder issues are kept in the batch and
 * replayed on the caller's thread when the batch is written, so the
 * command's context is only ever touched by one thread and warnings come
 * out in input order too.
 */
#include "cli/code-threads.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/pool.h"
#include "util/banned.h"

#define BATCH_SENTENCES 256
#define BATCH_STORIES 128
#define BATCH_BYTES (1u << 20)

typedef struct par_batch {
	tides_story *st;
	size_t nst, cst;
	tides_sentence *sent;
	size_t nsent, csent;
	tides_buf arena;          /* every string of the batch */
	tides_buf warns;          /* worker warnings, each NUL-terminated */
	tides_event *ev;          /* events of all stories, story by story */
	size_t nev, cev;
	size_t *ev_first, *ev_n;  /* per story */
	int failed;
	tides_status status;
	char err[512];
} par_batch;

typedef struct par_worker {
	tides_ctx *ctx;
	tides_coder *coder;
	par_batch *batch;         /* the batch being coded, for warnings */
} par_worker;

struct code_par {
	cli_env *env;
	int nthreads;
	par_worker *w;
	void **states;
	tides_pool *pool;
	par_batch *cur;
	par_batch **free_list;
	size_t nfree;
	code_par_emit emit;
	void *userdata;
	int stopped;              /* an emit failed: later batches are dropped */
};

/* --------------------------------------------------------------- batches */

static void batch_free(par_batch *b)
{
	if (!b)
		return;
	tides_free(b->st);
	tides_free(b->sent);
	tides_buf_release(&b->arena);
	tides_buf_release(&b->warns);
	tides_free(b->ev);
	tides_free(b->ev_first);
	tides_free(b->ev_n);
	tides_free(b);
}

static void batch_reset(par_batch *b)
{
	b->nst = b->nsent = b->nev = 0;
	tides_buf_reset(&b->arena);
	tides_buf_reset(&b->warns);
	b->failed = 0;
	b->err[0] = '\0';
}

/* Strings are appended to the arena and recorded as offsets (cast into
 * the pointer fields); batch_fix turns them into pointers once the arena
 * no longer grows. */
static int arena_str(par_batch *b, const char *s, const char **field)
{
	size_t off = b->arena.len;
	if (!s) {
		*field = NULL;
		return 0;
	}
	if (tides_buf_add(&b->arena, s, strlen(s) + 1) < 0)
		return -1;
	*field = (const char *)(uintptr_t)(off + 1); /* 0 stays NULL */
	return 0;
}

static const char *arena_ptr(const par_batch *b, const char *off)
{
	return off ? b->arena.s + ((uintptr_t)off - 1) : NULL;
}

static void batch_fix(par_batch *b)
{
	size_t i, k = 0;
	for (i = 0; i < b->nsent; i++) {
		tides_sentence *s = &b->sent[i];
		s->doc_id = arena_ptr(b, s->doc_id);
		s->date = arena_ptr(b, s->date);
		s->lang = arena_ptr(b, s->lang);
		s->text = arena_ptr(b, s->text);
		s->file = arena_ptr(b, s->file);
	}
	for (i = 0; i < b->nst; i++) {
		tides_story *st = &b->st[i];
		st->doc_id = arena_ptr(b, st->doc_id);
		st->date = arena_ptr(b, st->date);
		st->lang = arena_ptr(b, st->lang);
		st->sent = b->sent + k;
		k += st->nsent;
	}
}

static int grow(void **p, size_t *cap, size_t need, size_t elsize)
{
	size_t nc;
	void *q;
	if (need <= *cap)
		return 0;
	nc = *cap ? *cap * 2 : 64;
	while (nc < need)
		nc *= 2;
	q = tides_realloc(*p, nc * elsize);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

static int batch_add(par_batch *b, const tides_story *st)
{
	size_t i, c = b->cst;
	tides_story *ns;
	if (grow((void **)&b->st, &b->cst, b->nst + 1, sizeof *b->st) < 0)
		return -1;
	if (c != b->cst) {
		size_t c2 = c;
		if (grow((void **)&b->ev_first, &c2, b->cst, sizeof *b->ev_first) < 0)
			return -1;
		c2 = c;
		if (grow((void **)&b->ev_n, &c2, b->cst, sizeof *b->ev_n) < 0)
			return -1;
	}
	if (grow((void **)&b->sent, &b->csent, b->nsent + st->nsent, sizeof *b->sent) < 0)
		return -1;
	ns = &b->st[b->nst];
	*ns = *st;
	ns->sent = NULL;
	if (arena_str(b, st->doc_id, &ns->doc_id) < 0 || arena_str(b, st->date, &ns->date) < 0 ||
	    arena_str(b, st->lang, &ns->lang) < 0)
		return -1;
	for (i = 0; i < st->nsent; i++) {
		tides_sentence *s = &b->sent[b->nsent + i];
		*s = st->sent[i];
		if (arena_str(b, st->sent[i].doc_id, &s->doc_id) < 0 ||
		    arena_str(b, st->sent[i].date, &s->date) < 0 ||
		    arena_str(b, st->sent[i].lang, &s->lang) < 0 ||
		    arena_str(b, st->sent[i].text, &s->text) < 0 ||
		    arena_str(b, st->sent[i].file, &s->file) < 0)
			return -1;
	}
	b->nsent += st->nsent;
	b->nst++;
	return 0;
}

/* --------------------------------------------------------------- workers */

static void par_warn(void *userdata, const char *msg)
{
	par_worker *w = userdata;
	if (w->batch)
		(void)tides_buf_add(&w->batch->warns, msg, strlen(msg) + 1); /* lost only on NOMEM */
}

static void par_work(void *state, void *item)
{
	par_worker *w = state;
	par_batch *b = item;
	size_t i;
	w->batch = b;
	for (i = 0; i < b->nst; i++) {
		const tides_event *ev;
		size_t nev;
		tides_status st = tides_coder_code_story(w->coder, &b->st[i], &ev, &nev);
		if (st == TIDES_OK &&
		    grow((void **)&b->ev, &b->cev, b->nev + nev, sizeof *b->ev) < 0)
			st = tides_fail(w->ctx, TIDES_ERR_NOMEM, "out of memory");
		if (st != TIDES_OK) {
			b->failed = 1;
			b->status = st;
			snprintf(b->err, sizeof b->err, "%s", tides_errmsg(w->ctx));
			w->batch = NULL;
			return;
		}
		b->ev_first[i] = b->nev;
		b->ev_n[i] = nev;
		if (nev)
			memcpy(b->ev + b->nev, ev, nev * sizeof *ev);
		b->nev += nev;
	}
	w->batch = NULL;
}

/* ---------------------------------------------------------------- driver */

code_par *code_par_new(cli_env *env, const tides_dicts *d, const char *quad, int nthreads,
                       code_par_emit emit, void *userdata)
{
	code_par *cp = tides_calloc(1, sizeof *cp);
	int k;
	if (!cp) {
		cli_die(1, "out of memory");
		return NULL;
	}
	cp->env = env;
	cp->emit = emit;
	cp->userdata = userdata;
	cp->nthreads = nthreads;
	cp->w = tides_calloc((size_t)nthreads, sizeof *cp->w);
	cp->states = tides_calloc((size_t)nthreads, sizeof *cp->states);
	cp->free_list = tides_calloc((size_t)(2 * nthreads + 3), sizeof *cp->free_list);
	if (!cp->w || !cp->states || !cp->free_list) {
		cli_die(1, "out of memory");
		goto fail;
	}
	for (k = 0; k < nthreads; k++) {
		par_worker *w = &cp->w[k];
		cp->states[k] = w;
		w->ctx = tides_ctx_new();
		if (!w->ctx) {
			cli_die(1, "out of memory");
			goto fail;
		}
		tides_ctx_set_warn(w->ctx, par_warn, w);
		if (tides_coder_new(w->ctx, d, &w->coder) != TIDES_OK ||
		    (quad && tides_coder_set_option(w->coder, "quad", quad) != TIDES_OK)) {
			cli_die(1, "%s", tides_errmsg(w->ctx));
			goto fail;
		}
	}
	cp->pool = tides_pool_new(nthreads, 2 * nthreads + 2, par_work, cp->states);
	if (!cp->pool) {
		cli_die(1, "cannot start %d threads", nthreads);
		goto fail;
	}
	return cp;
fail:
	code_par_free(cp);
	return NULL;
}

static par_batch *batch_get(code_par *cp)
{
	par_batch *b;
	if (cp->nfree) {
		b = cp->free_list[--cp->nfree];
		batch_reset(b);
		return b;
	}
	b = tides_calloc(1, sizeof *b);
	if (b) {
		tides_buf_init(&b->arena);
		tides_buf_init(&b->warns);
	}
	return b;
}

static void batch_put(code_par *cp, par_batch *b)
{
	if (cp->nfree < (size_t)(2 * cp->nthreads + 3))
		cp->free_list[cp->nfree++] = b;
	else
		batch_free(b);
}

/* Emits one finished batch in order; 0 or an exit status. */
static int drain_one(code_par *cp, par_batch *b)
{
	size_t i;
	int rc = 0;
	const char *m;
	if (cp->stopped) {
		batch_put(cp, b);
		return 1;
	}
	for (m = b->warns.s; m < b->warns.s + b->warns.len; m += strlen(m) + 1)
		tides_warn(cp->env->ctx, "%s", m);
	if (b->failed) {
		rc = cli_die(1, "%s", b->err[0] ? b->err : tides_status_name(b->status));
	} else {
		for (i = 0; i < b->nst && rc == 0; i++)
			rc = cp->emit(cp->userdata, &b->st[i], b->ev + b->ev_first[i], b->ev_n[i]);
	}
	batch_put(cp, b);
	if (rc)
		cp->stopped = 1;
	return rc;
}

static int submit(code_par *cp)
{
	par_batch *b = cp->cur;
	int rc;
	cp->cur = NULL;
	if (!b)
		return 0;
	batch_fix(b);
	while (tides_pool_full(cp->pool)) {
		if ((rc = drain_one(cp, tides_pool_take(cp->pool, 1))) != 0) {
			batch_put(cp, b);
			return rc;
		}
	}
	tides_pool_put(cp->pool, b);
	for (;;) {
		par_batch *done = tides_pool_take(cp->pool, 0);
		if (!done)
			break;
		if ((rc = drain_one(cp, done)) != 0)
			return rc;
	}
	return 0;
}

int code_par_story(code_par *cp, const tides_story *st)
{
	if (!cp->cur && !(cp->cur = batch_get(cp)))
		return cli_die(1, "out of memory");
	if (batch_add(cp->cur, st) < 0)
		return cli_die(1, "out of memory");
	if (cp->cur->nsent >= BATCH_SENTENCES || cp->cur->nst >= BATCH_STORIES ||
	    cp->cur->arena.len >= BATCH_BYTES)
		return submit(cp);
	return 0;
}

int code_par_finish(code_par *cp)
{
	int rc = submit(cp);
	par_batch *b;
	while ((b = tides_pool_take(cp->pool, 1)) != NULL) {
		if (rc == 0)
			rc = drain_one(cp, b);
		else
			batch_put(cp, b);
	}
	return rc;
}

void code_par_free(code_par *cp)
{
	int k;
	par_batch *b;
	if (!cp)
		return;
	if (cp->pool) {
		while ((b = tides_pool_take(cp->pool, 1)) != NULL)
			batch_free(b);
		tides_pool_free(cp->pool);
	}
	batch_free(cp->cur);
	while (cp->nfree)
		batch_free(cp->free_list[--cp->nfree]);
	for (k = 0; cp->w && k < cp->nthreads; k++) {
		tides_coder_free(cp->w[k].coder);
		tides_ctx_free(cp->w[k].ctx);
	}
	tides_free(cp->w);
	tides_free(cp->states);
	tides_free(cp->free_list);
	tides_free(cp);
}
