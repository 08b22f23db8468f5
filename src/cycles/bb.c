/*
 * bb.c — the Bry-Boschan (1971) procedure for monthly series.
 *
 * Steps, each an absolute-value rule (relations indexes go negative, so
 * deviations are differences, never ratios):
 *   I.   Spencer curve; values more than 3.5 standard deviations of
 *        (x - spencer) away are outliers, replaced by the curve (never the
 *        first or last value); Spencer curve again on the adjusted series.
 *   II.  12-month centred moving average (2x12) of the adjusted series;
 *        its extremes within +-window (6) months are the first turns;
 *        alternation keeps the higher peak and the lower trough.
 *   III. Refine each turn to the extreme of the Spencer curve within +-6
 *        months; enforce the minimum cycle (15 months P-P and T-T: of a too
 *        close pair the higher peak / lower trough stays).
 *   IV.  Refine within +-6 months on a short moving average whose length is
 *        the months of cyclical dominance (MCD, clamped to 3..6).
 *   V.   Refine within +-max(4, MCD) months on the raw series; drop turns
 *        within `censor` (6) months of either end; drop a first/last peak
 *        (trough) lower (higher) than the end value; minimum cycle again;
 *        minimum phase (5): both turns of a too short phase go, except for
 *        the last phase, where only the last turn goes.
 * On ties a refined peak takes the earliest date and a trough the latest, as
 * the NBER program does.  Alternation uses the BBQ rule (bbq.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cycles/cycles-int.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

static void refine(bbq_dating *d, const double *x, size_t n, long w)
{
	size_t i;
	for (i = 0; i < d->p.n; i++) {
		long c = (long)d->p.v[i], a = c - w < 0 ? 0 : c - w, b = c + w > (long)n - 1 ? (long)n - 1 : c + w, j;
		long best = a;
		for (j = a; j <= b; j++)
			if (x[j] > x[best])
				best = j;
		d->p.v[i] = (size_t)best;
	}
	for (i = 0; i < d->t.n; i++) {
		long c = (long)d->t.v[i], a = c - w < 0 ? 0 : c - w, b = c + w > (long)n - 1 ? (long)n - 1 : c + w, j;
		long best = a;
		for (j = a; j <= b; j++)
			if (x[j] <= x[best])
				best = j;
		d->t.v[i] = (size_t)best;
	}
	/* refining may reorder or merge turns: sort and unique, then alternate */
	for (i = 1; i < d->p.n; i++) {
		size_t k = i, v = d->p.v[i];
		while (k > 0 && d->p.v[k - 1] > v) {
			d->p.v[k] = d->p.v[k - 1];
			k--;
		}
		d->p.v[k] = v;
	}
	for (i = 1; i < d->t.n; i++) {
		size_t k = i, v = d->t.v[i];
		while (k > 0 && d->t.v[k - 1] > v) {
			d->t.v[k] = d->t.v[k - 1];
			k--;
		}
		d->t.v[k] = v;
	}
	for (i = 1; i < d->p.n;)
		if (d->p.v[i] == d->p.v[i - 1])
			bbq_list_remove(&d->p, i);
		else
			i++;
	for (i = 1; i < d->t.n;)
		if (d->t.v[i] == d->t.v[i - 1])
			bbq_list_remove(&d->t, i);
		else
			i++;
	bbq_alter2(d, x);
}

static void min_cycle(bbq_dating *d, const double *x, long mc)
{
	size_t i = 1;
	while (i < d->p.n) {
		if ((long)(d->p.v[i] - d->p.v[i - 1]) < mc)
			bbq_list_remove(&d->p, x[d->p.v[i - 1]] >= x[d->p.v[i]] ? i : i - 1);
		else
			i++;
	}
	bbq_alter2(d, x);
	i = 1;
	while (i < d->t.n) {
		if ((long)(d->t.v[i] - d->t.v[i - 1]) < mc)
			bbq_list_remove(&d->t, x[d->t.v[i - 1]] < x[d->t.v[i]] ? i : i - 1);
		else
			i++;
	}
	bbq_alter2(d, x);
}

static void remove_turn(bbq_dating *d, size_t index, int kind)
{
	bbq_list *l = kind > 0 ? &d->p : &d->t;
	size_t i;
	for (i = 0; i < l->n; i++)
		if (l->v[i] == index) {
			bbq_list_remove(l, i);
			return;
		}
}

static void min_phase(bbq_dating *d, const double *x, long mp)
{
	size_t j = 0;
	for (;;) {
		size_t nm, k = 0, i = 0, jj = 0;
		tides_turn *m = d->scratch;
		/* merged sequence */
		while (i < d->p.n || jj < d->t.n) {
			if (jj >= d->t.n || (i < d->p.n && d->p.v[i] <= d->t.v[jj])) {
				m[k].index = d->p.v[i++];
				m[k++].kind = 1;
			} else {
				m[k].index = d->t.v[jj++];
				m[k++].kind = -1;
			}
		}
		nm = k;
		if (j + 1 >= nm)
			break;
		if ((long)(m[j + 1].index - m[j].index) < mp) {
			tides_turn a = m[j], b = m[j + 1];
			if (j + 2 < nm)
				remove_turn(d, a.index, a.kind);
			remove_turn(d, b.index, b.kind);
			bbq_alter2(d, x);
		} else {
			j++;
		}
	}
}

static int months_of_dominance(const double *x, const double *spx, size_t n)
{
	int j;
	for (j = 1; j <= 12 && (size_t)j < n; j++) {
		double num = 0, den = 0;
		size_t t;
		for (t = (size_t)j; t < n; t++) {
			num += fabs((x[t] - spx[t]) - (x[t - j] - spx[t - j]));
			den += fabs(spx[t] - spx[t - j]);
		}
		if (den > 0 && num / den < 1)
			return j;
	}
	return 6;
}

tides_status cycles_bry_boschan(tides_ctx *ctx, const double *y, size_t n,
                                const tides_cycle_opts *o, tides_turn **turns, size_t *nturns)
{
	double *sp = NULL, *xo = NULL, *spb = NULL, *ma = NULL, *mcdx = NULL;
	bbq_dating d;
	tides_status st = TIDES_OK;
	double mean = 0, var = 0;
	size_t i, j;
	int mcd, mlen;
	long w = o->window;

	memset(&d, 0, sizeof d);
	*turns = NULL;
	*nturns = 0;
	sp = tides_calloc(n + 1, sizeof *sp);
	xo = tides_calloc(n + 1, sizeof *xo);
	spb = tides_calloc(n + 1, sizeof *spb);
	ma = tides_calloc(n + 1, sizeof *ma);
	mcdx = tides_calloc(n + 1, sizeof *mcdx);
	if (!sp || !xo || !spb || !ma || !mcdx) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto done;
	}
	st = bbq_dating_alloc(ctx, &d, n);
	if (st)
		goto done;
	if (n < 3)
		goto out;
	/* I. outliers */
	tides_smooth_spencer(y, n, sp);
	for (i = 0; i < n; i++)
		mean += y[i] - sp[i];
	mean /= (double)n;
	for (i = 0; i < n; i++)
		var += (y[i] - sp[i] - mean) * (y[i] - sp[i] - mean);
	var /= (double)(n - 1);
	for (i = 0; i < n; i++) {
		double z = var > 0 ? (y[i] - sp[i] - mean) / sqrt(var) : 0;
		xo[i] = (i > 0 && i + 1 < n && fabs(z) >= 3.5) ? sp[i] : y[i];
	}
	tides_smooth_spencer(xo, n, spb);
	/* II. 12-month average and first turns */
	tides_smooth_ma(xo, n, 12, ma);
	for (i = 1; i + 1 < n; i++) {
		size_t a = (long)i - w < 0 ? 0 : i - (size_t)w;
		size_t b = i + (size_t)w > n - 1 ? n - 1 : i + (size_t)w;
		int is_p = 1, is_t = 1;
		for (j = a; j <= b; j++) {
			if (ma[j] > ma[i])
				is_p = 0;
			if (ma[j] < ma[i])
				is_t = 0;
		}
		if (is_p && !is_t)
			d.p.v[d.p.n++] = i;
		if (is_t && !is_p)
			d.t.v[d.t.n++] = i;
	}
	if (d.p.n == 0 && d.t.n == 0)
		goto out;
	/* peaks only or troughs only still go through alternation and the
	 * later steps (found by fuzz/fuzz-series.c: two troughs in a row) */
	bbq_alter2(&d, ma);
	/* III. */
	refine(&d, spb, n, 6);
	min_cycle(&d, spb, o->min_cycle);
	/* IV. */
	mcd = months_of_dominance(y, sp, n);
	mlen = mcd < 3 ? 3 : mcd > 6 ? 6 : mcd;
	tides_smooth_ma(y, n, mlen, mcdx);
	refine(&d, mcdx, n, 6);
	/* V. */
	refine(&d, y, n, mcd > 4 ? mcd : 4);
	for (i = 0; i < d.p.n;)
		if ((long)d.p.v[i] < o->censor || (long)d.p.v[i] > (long)n - 1 - o->censor)
			bbq_list_remove(&d.p, i);
		else
			i++;
	for (i = 0; i < d.t.n;)
		if ((long)d.t.v[i] < o->censor || (long)d.t.v[i] > (long)n - 1 - o->censor)
			bbq_list_remove(&d.t, i);
		else
			i++;
	bbq_alter2(&d, y);
	bbq_enf_ends(&d, y, n);
	min_cycle(&d, y, o->min_cycle);
	min_phase(&d, y, o->min_phase);
out:
	st = bbq_to_turns(ctx, &d, turns, nturns);
done:
	bbq_dating_free(&d);
	tides_free(sp);
	tides_free(xo);
	tides_free(spb);
	tides_free(ma);
	tides_free(mcdx);
	return st;
}
