/*
 * bbq.c — Harding-Pagan BBQ turning points, rule for rule as R's
 * BCDating::BBQ (version 0.9.8) applies them, so both give the same dates.
 *
 * Data model: peaks and troughs are kept in two ascending arrays of 0-based
 * indexes (as BCDating keeps two vectors).  Whenever the rules need the
 * sequence of turning points they merge the two stably, a peak before a
 * trough at the same index (BCDating's rbind + order).
 *
 * The procedure (BCDating.init then BCDating.censor):
 *   1. candidates: y[i] >= every value within i-K..i+K is a peak, <= a
 *      trough; only for K <= i < n-K (0-based).
 *   2. alternation (alter2): two peaks in a row keep the higher (on a tie
 *      the later), two troughs keep the lower (on a tie the earlier);
 *      then alter1 drops a trough higher than the peak before it; alter2.
 *   3. repeat until nothing changes:
 *      enf1p (minimum cycle on P-P then T-T), enfvbp (no turn within
 *      `censor` periods of either end), enfvc (a first/last peak lower than
 *      the first/last value, or trough higher, goes), enf1p again, enfve
 *      (minimum phase: the later turn of a too short phase goes), enfvc.
 * Quirks kept on purpose because they change results: enf1p never compares
 * the last pair of peaks (or troughs); enfve removes the later turn.  Where
 * R stops with an error (alternation leaves a single turn), we return what
 * is left instead.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cycles/cycles-int.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

void bbq_list_remove(bbq_list *l, size_t i)
{
	memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof l->v[0]);
	l->n--;
}

/* Stable merge: at equal indexes the peak comes first. */
static size_t merge(const bbq_dating *d, tides_turn *out)
{
	size_t i = 0, j = 0, k = 0;
	while (i < d->p.n || j < d->t.n) {
		if (j >= d->t.n || (i < d->p.n && d->p.v[i] <= d->t.v[j])) {
			out[k].index = d->p.v[i++];
			out[k++].kind = 1;
		} else {
			out[k].index = d->t.v[j++];
			out[k++].kind = -1;
		}
	}
	return k;
}

static void split(bbq_dating *d, const tides_turn *m, size_t nm)
{
	size_t i;
	d->p.n = d->t.n = 0;
	for (i = 0; i < nm; i++) {
		if (m[i].kind > 0)
			d->p.v[d->p.n++] = m[i].index;
		else
			d->t.v[d->t.n++] = m[i].index;
	}
}

/* alter2: enforce alternation. */
void bbq_alter2(bbq_dating *d, const double *y)
{
	size_t nm = merge(d, d->scratch), j = 0;
	tides_turn *m = d->scratch;
	while (j + 1 < nm) {
		size_t drop;
		if (m[j].kind != m[j + 1].kind) {
			j++;
			continue;
		}
		if (m[j].kind > 0)
			drop = y[m[j].index] > y[m[j + 1].index] ? j + 1 : j;
		else
			drop = y[m[j].index] > y[m[j + 1].index] ? j : j + 1;
		memmove(m + drop, m + drop + 1, (nm - drop - 1) * sizeof *m);
		nm--;
	}
	split(d, m, nm);
}

/* alter1: drop a trough higher than the peak before it (indexes paired as
 * BCDating pairs them, which assumes alternation). */
void bbq_alter1(bbq_dating *d, const double *y)
{
	size_t np = d->p.n, nt = d->t.n, r, i, k;
	unsigned char *keep;
	if (np == 0 || nt == 0)
		return;
	keep = d->flags;
	memset(keep, 1, nt);
	if (d->p.v[0] < d->t.v[0]) {
		r = np < nt ? np : nt;
		for (i = 0; i < r; i++)
			if (y[d->t.v[i]] > y[d->p.v[i]])
				keep[i] = 0;
	} else {
		r = np < nt - 1 ? np : nt - 1;
		for (i = 0; i < r; i++)
			if (y[d->t.v[i + 1]] > y[d->p.v[i]])
				keep[i + 1] = 0;
	}
	for (i = k = 0; i < nt; i++)
		if (keep[i])
			d->t.v[k++] = d->t.v[i];
	d->t.n = k;
}

/* Minimum cycle on one list: `higher` keeps the higher of a too close pair
 * (peaks), else the lower (troughs); the later one goes on a tie. */
static void min_cycle_list(bbq_list *l, const double *y, int min_cycle, int higher)
{
	size_t i = 1;
	while (i + 1 < l->n) { /* BCDating: `if (i >= length) break` with 1-based i = 2 */
		if ((long)(l->v[i] - l->v[i - 1]) < min_cycle) {
			int later_wins = higher ? y[l->v[i]] > y[l->v[i - 1]] : y[l->v[i]] < y[l->v[i - 1]];
			bbq_list_remove(l, later_wins ? i - 1 : i);
		} else {
			i++;
		}
	}
}

/* enf1p */
void bbq_enf_cycle(bbq_dating *d, const double *y, int min_cycle)
{
	bbq_list peaks;
	size_t np;
	min_cycle_list(&d->p, y, min_cycle, 1);
	/* troughs are taken from an alternated copy, peaks stay as filtered */
	np = d->p.n;
	memcpy(d->keep_p, d->p.v, np * sizeof d->p.v[0]);
	bbq_alter2(d, y);
	peaks.v = d->keep_p;
	peaks.n = np;
	min_cycle_list(&d->t, y, min_cycle, 0);
	memcpy(d->p.v, peaks.v, np * sizeof d->p.v[0]);
	d->p.n = np;
	bbq_alter2(d, y);
}

static void censor_list(bbq_list *l, size_t n, int e)
{
	size_t i, k = 0;
	for (i = 0; i < l->n; i++)
		if ((long)l->v[i] >= e && (long)l->v[i] <= (long)n - 1 - e)
			l->v[k++] = l->v[i];
	l->n = k;
}

/* enfvbp */
void bbq_enf_censor(bbq_dating *d, const double *y, size_t n, int e)
{
	censor_list(&d->p, n, e);
	censor_list(&d->t, n, e);
	bbq_alter2(d, y);
}

/* enfvc: ends. */
void bbq_enf_ends(bbq_dating *d, const double *y, size_t n)
{
	for (;;) {
		int done = 1;
		long maxp, maxt;
		if (d->p.n == 0 || d->t.n == 0)
			break;
		if (d->p.v[0] <= d->t.v[0]) {
			if (y[0] > y[d->p.v[0]]) {
				bbq_list_remove(&d->p, 0);
				done = 0;
			}
		} else if (y[0] < y[d->t.v[0]]) {
			bbq_list_remove(&d->t, 0);
			done = 0;
		}
		maxp = d->p.n ? (long)d->p.v[d->p.n - 1] : -1;
		maxt = d->t.n ? (long)d->t.v[d->t.n - 1] : -1;
		if (maxp >= maxt) {
			if (d->p.n && y[n - 1] > y[maxp]) {
				bbq_list_remove(&d->p, d->p.n - 1);
				done = 0;
			}
		} else if (y[n - 1] < y[maxt]) {
			bbq_list_remove(&d->t, d->t.n - 1);
			done = 0;
		}
		if (done)
			break;
	}
	bbq_alter2(d, y);
}

/* enfve: minimum phase. */
void bbq_enf_phase(bbq_dating *d, const double *y, int min_phase)
{
	size_t j = 0;
	for (;;) {
		size_t nm = merge(d, d->scratch);
		tides_turn *m = d->scratch;
		if (j + 1 >= nm)
			break;
		if ((long)(m[j + 1].index - m[j].index) < min_phase) {
			memmove(m + j + 1, m + j + 2, (nm - j - 2) * sizeof *m);
			split(d, m, nm - 1);
			bbq_alter2(d, y);
		} else {
			j++;
		}
	}
}

static int same(const bbq_dating *a, const bbq_dating *b)
{
	return a->p.n == b->p.n && a->t.n == b->t.n &&
	       memcmp(a->p.v, b->p.v, a->p.n * sizeof a->p.v[0]) == 0 &&
	       memcmp(a->t.v, b->t.v, a->t.n * sizeof a->t.v[0]) == 0;
}

tides_status bbq_dating_alloc(tides_ctx *ctx, bbq_dating *d, size_t n)
{
	memset(d, 0, sizeof *d);
	d->p.v = tides_calloc(n + 1, sizeof(size_t));
	d->t.v = tides_calloc(n + 1, sizeof(size_t));
	d->keep_p = tides_calloc(n + 1, sizeof(size_t));
	d->scratch = tides_calloc(2 * n + 2, sizeof(tides_turn));
	d->flags = tides_calloc(n + 1, 1);
	if (!d->p.v || !d->t.v || !d->keep_p || !d->scratch || !d->flags) {
		bbq_dating_free(d);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	return TIDES_OK;
}

void bbq_dating_free(bbq_dating *d)
{
	tides_free(d->p.v);
	tides_free(d->t.v);
	tides_free(d->keep_p);
	tides_free(d->scratch);
	tides_free(d->flags);
	memset(d, 0, sizeof *d);
}

static void copy_dating(bbq_dating *dst, const bbq_dating *src)
{
	memcpy(dst->p.v, src->p.v, src->p.n * sizeof src->p.v[0]);
	memcpy(dst->t.v, src->t.v, src->t.n * sizeof src->t.v[0]);
	dst->p.n = src->p.n;
	dst->t.n = src->t.n;
}

tides_status bbq_to_turns(tides_ctx *ctx, const bbq_dating *d, tides_turn **turns, size_t *nturns)
{
	size_t nm = d->p.n + d->t.n;
	tides_turn *out = tides_calloc(nm + 1, sizeof *out);
	if (!out)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	*nturns = merge(d, out);
	*turns = out;
	return TIDES_OK;
}

/* BCDating.init */
void bbq_init(bbq_dating *d, const double *y, size_t n, long k)
{
	size_t i, j;
	d->p.n = d->t.n = 0;
	for (i = 0; i < n; i++) {
		int is_p = 1, is_t = 1;
		if ((long)i < k || (long)i > (long)n - 1 - k)
			continue;
		for (j = i - (size_t)k; j <= i + (size_t)k; j++) {
			if (y[j] > y[i])
				is_p = 0;
			if (y[j] < y[i])
				is_t = 0;
		}
		if (is_p)
			d->p.v[d->p.n++] = i;
		if (is_t)
			d->t.v[d->t.n++] = i;
	}
}

tides_status cycles_bbq(tides_ctx *ctx, const double *y, size_t n, const tides_cycle_opts *o,
                        tides_turn **turns, size_t *nturns)
{
	bbq_dating d, prev;
	tides_status st;
	long k = o->window;
	int rounds = 0;

	st = bbq_dating_alloc(ctx, &d, n);
	if (st)
		return st;
	st = bbq_dating_alloc(ctx, &prev, n);
	if (st) {
		bbq_dating_free(&d);
		return st;
	}
	bbq_init(&d, y, n, k);
	/* BCDating.censor */
	bbq_alter2(&d, y);
	bbq_alter1(&d, y);
	bbq_alter2(&d, y);
	for (;;) {
		copy_dating(&prev, &d);
		bbq_enf_cycle(&d, y, o->min_cycle);
		bbq_enf_censor(&d, y, n, o->censor);
		bbq_enf_ends(&d, y, n);
		bbq_enf_cycle(&d, y, o->min_cycle);
		bbq_enf_phase(&d, y, o->min_phase);
		bbq_enf_ends(&d, y, n);
		/* every round only removes turns, so this ends within n rounds */
		if (same(&prev, &d) || ++rounds > (int)n + 2)
			break;
	}
	st = bbq_to_turns(ctx, &d, turns, nturns);
	bbq_dating_free(&d);
	bbq_dating_free(&prev);
	return st;
}
