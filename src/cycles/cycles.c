/*
 * cycles.c — entry points of the cycles module: method defaults, dating,
 * phases, states, concordance and smoothing.
 *
 * Phases follow Harding and Pagan (2002): between two consecutive turning
 * points, duration D in periods, amplitude A = y[end] - y[start] (signed:
 * positive in an expansion), the triangle approximation 0.5 * D * A of the
 * cumulated movement, the actual cumulation C = sum over t in (start, end]
 * of (y[t] - y[start]) and the excess (C - 0.5*D*A + 0.5*A) / D.  States
 * follow BCDating: the periods after a trough up to and including the next
 * peak are expansion (1), after a peak up to the trough contraction (0);
 * before the first turn the series is in the phase that turn ends.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cycles/cycles-int.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

void tides_cycle_opts_default(tides_cycle_opts *o, tides_cycle_method m, int by)
{
	memset(o, 0, sizeof *o);
	o->method = m;
	o->by = by;
	o->censor = -1;
	if (m == TIDES_CYCLE_BRY_BOSCHAN) {
		o->window = 6;
		o->min_phase = 5;
		o->min_cycle = 15;
	} else {
		o->window = 2;
		o->min_phase = 2;
		o->min_cycle = 5;
	}
}

/* BCDating censors 6 periods of a monthly series and 2 of a quarterly one;
 * other frequencies, which BCDating refuses, censor `window` periods. */
static int default_censor(const tides_cycle_opts *o)
{
	if (o->by == TIDES_BY_MONTH)
		return 6;
	if (o->by == TIDES_BY_QUARTER)
		return 2;
	return o->window;
}

tides_status tides_cycles_date(tides_ctx *ctx, const double *y, size_t n,
                               const tides_cycle_opts *o, tides_turn **turns, size_t *nturns)
{
	tides_cycle_opts eff = *o;
	size_t i;
	*turns = NULL;
	*nturns = 0;
	if (o->window < 1 || o->min_phase < 1 || o->min_cycle < 1)
		return tides_fail(ctx, TIDES_ERR_USAGE,
		                  "window, minimum phase and minimum cycle must be at least 1");
	for (i = 0; i < n; i++)
		if (!isfinite(y[i]))
			return tides_fail(ctx, TIDES_ERR_DATA,
			                  "value %zu of the series is missing: dating needs a complete series",
			                  i + 1);
	if (eff.censor < 0)
		eff.censor = default_censor(o);
	if (o->method == TIDES_CYCLE_BRY_BOSCHAN)
		return cycles_bry_boschan(ctx, y, n, &eff, turns, nturns);
	return cycles_bbq(ctx, y, n, &eff, turns, nturns);
}

tides_status tides_cycles_phases(tides_ctx *ctx, const double *y, size_t n, const tides_turn *t,
                                 size_t nt, tides_phase **phases, size_t *nphases)
{
	tides_phase *ph;
	size_t i, k;
	*phases = NULL;
	*nphases = 0;
	ph = tides_calloc(nt + 1, sizeof *ph);
	if (!ph)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	for (i = 0; i + 1 < nt; i++) {
		tides_phase *p = &ph[i];
		size_t s = t[i].index, e = t[i + 1].index;
		if (e >= n || s > e) {
			tides_free(ph);
			return tides_fail(ctx, TIDES_ERR_INTERNAL, "turning points out of order");
		}
		p->kind = t[i].kind < 0 ? 1 : -1;
		p->start = s;
		p->end = e;
		p->duration = (long)(e - s);
		p->amplitude = y[e] - y[s];
		p->triangle = 0.5 * (double)p->duration * p->amplitude;
		p->cumulation = 0;
		for (k = s + 1; k <= e; k++)
			p->cumulation += y[k] - y[s];
		p->excess = p->duration > 0
			? (p->cumulation - p->triangle + 0.5 * p->amplitude) / (double)p->duration : 0;
	}
	*phases = ph;
	*nphases = nt > 0 ? nt - 1 : 0;
	return TIDES_OK;
}

void tides_cycles_states(const tides_turn *t, size_t nt, size_t n, int *states)
{
	size_t i, j = 0;
	for (i = 0; i < n; i++) {
		while (j < nt && t[j].index < i)
			j++;
		/* t[j] is the first turn at or after i */
		if (j < nt)
			states[i] = t[j].kind > 0 ? 1 : 0;
		else if (nt > 0)
			states[i] = t[nt - 1].kind > 0 ? 0 : 1;
		else
			states[i] = 1;
	}
}

double tides_cycles_concordance(const tides_turn *a, size_t na, const tides_turn *b, size_t nb,
                                size_t n)
{
	int *sa, *sb;
	size_t i, same = 0;
	if (n == 0)
		return NAN;
	sa = tides_calloc(n, sizeof *sa);
	sb = tides_calloc(n, sizeof *sb);
	if (!sa || !sb) {
		tides_free(sa);
		tides_free(sb);
		return NAN;
	}
	tides_cycles_states(a, na, n, sa);
	tides_cycles_states(b, nb, n, sb);
	for (i = 0; i < n; i++)
		same += sa[i] == sb[i];
	tides_free(sa);
	tides_free(sb);
	return (double)same / (double)n;
}

void tides_smooth_ma(const double *y, size_t n, int len, double *out)
{
	size_t i;
	long h = len / 2;
	for (i = 0; i < n; i++) {
		long hi = h, k;
		double s = 0;
		if ((long)i < hi)
			hi = (long)i;
		if ((long)(n - 1 - i) < hi)
			hi = (long)(n - 1 - i);
		if (len % 2 == 0 && hi == h && h > 0) {
			/* 2xN centred average: half weight on the two outer terms */
			for (k = -h + 1; k <= h - 1; k++)
				s += y[(long)i + k];
			s += 0.5 * (y[(long)i - h] + y[(long)i + h]);
			out[i] = s / (double)len;
		} else {
			for (k = -hi; k <= hi; k++)
				s += y[(long)i + k];
			out[i] = s / (double)(2 * hi + 1);
		}
	}
}

void tides_smooth_spencer(const double *y, size_t n, double *out)
{
	static const int w[15] = {-3, -6, -5, 3, 21, 46, 67, 74, 67, 46, 21, 3, -5, -6, -3};
	size_t i;
	int k;
	/* ends: the series is extended by repeating its first and last values */
	for (i = 0; i < n; i++) {
		double s = 0;
		for (k = -7; k <= 7; k++) {
			long j = (long)i + k;
			if (j < 0)
				j = 0;
			if (j > (long)n - 1)
				j = (long)n - 1;
			s += w[k + 7] * y[j];
		}
		out[i] = s / 320.0;
	}
}
