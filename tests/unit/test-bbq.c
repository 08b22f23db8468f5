/* Unit tests for the BBQ rules (src/cycles/bbq.c), one rule at a time on
 * small series whose answers were worked out by hand, then whole datings. */
#include "test.h"

#include <stdlib.h>

#include "cycles/cycles-int.h"
#include "util/mem.h"

static bbq_dating D;

static void setup(size_t n)
{
	tides_ctx *ctx = tides_ctx_new();
	T_CHECK(bbq_dating_alloc(ctx, &D, n) == TIDES_OK);
	tides_ctx_free(ctx);
}

static void set(const size_t *p, size_t np, const size_t *t, size_t nt)
{
	size_t i;
	for (i = 0; i < np; i++)
		D.p.v[i] = p[i];
	for (i = 0; i < nt; i++)
		D.t.v[i] = t[i];
	D.p.n = np;
	D.t.n = nt;
}

/* "P1 T3 ..." of the merged dating, 0-based */
static const char *show(void)
{
	static char s[512];
	size_t i = 0, j = 0, len = 0;
	s[0] = '\0';
	while (i < D.p.n || j < D.t.n) {
		int peak = j >= D.t.n || (i < D.p.n && D.p.v[i] <= D.t.v[j]);
		len += (size_t)snprintf(s + len, sizeof s - len, "%s%c%zu", len ? " " : "", peak ? 'P' : 'T',
		                        peak ? D.p.v[i] : D.t.v[j]);
		if (peak)
			i++;
		else
			j++;
	}
	return s;
}

static void test_window(void)
{
	const double y[] = {0, 3, 1, 2, 1, 0, 1, 5, 1, 0};
	setup(10);
	bbq_init(&D, y, 10, 1);
	/* K=1: every point above/below both neighbours, ends excluded */
	T_STREQ(show(), "P1 T2 P3 T5 P7");
	bbq_init(&D, y, 10, 2);
	/* K=2: the small bump at 3 is within 2 of the 3 at 1 */
	T_STREQ(show(), "T5 P7");
	bbq_dating_free(&D);
}

static void test_ties_in_window(void)
{
	const double y[] = {0, 0, 0, 0, 0};
	setup(5);
	bbq_init(&D, y, 5, 1);
	/* >= and <= every neighbour: a flat stretch is peak and trough at once;
	 * the peak sorts first at the same index */
	T_INTEQ(D.p.n, 3);
	T_INTEQ(D.t.n, 3);
	T_STREQ(show(), "P1 T1 P2 T2 P3 T3");
	bbq_dating_free(&D);
}

static void test_alternation(void)
{
	double y[10] = {0, 0, 3, 0, 0, 4, 0, 0, -1, 0};
	size_t p[] = {2, 5}, t[] = {8}, t2[] = {2, 5}, p2[] = {8};
	setup(10);
	set(p, 2, t, 1);
	bbq_alter2(&D, y);
	T_STREQ(show(), "P5 T8"); /* higher peak stays */
	y[5] = 3;
	set(p, 2, t, 1);
	bbq_alter2(&D, y);
	T_STREQ(show(), "P5 T8"); /* tie: the later peak stays */
	y[2] = 1;
	y[5] = 0;
	y[8] = 9;
	set(p2, 1, t2, 2);
	bbq_alter2(&D, y);
	T_STREQ(show(), "T5 P8"); /* lower trough stays */
	y[5] = 1;
	set(p2, 1, t2, 2);
	bbq_alter2(&D, y);
	T_STREQ(show(), "T2 P8"); /* tie: the earlier trough stays */
	bbq_dating_free(&D);
}

static void test_alter1(void)
{
	double y[6] = {0, 2, 0, 3, 0, 1};
	size_t p[] = {1}, t[] = {3}, p2[] = {2}, t2[] = {0, 4};
	setup(6);
	set(p, 1, t, 1);
	bbq_alter1(&D, y); /* trough (3) above the peak before it (2) goes */
	T_STREQ(show(), "P1");
	y[2] = 5;
	y[4] = 6;
	set(p2, 1, t2, 2);
	bbq_alter1(&D, y); /* troughs first: the trough after peak 2 is compared */
	T_STREQ(show(), "T0 P2");
	y[4] = 4;
	set(p2, 1, t2, 2);
	bbq_alter1(&D, y);
	T_STREQ(show(), "T0 P2 T4");
	bbq_dating_free(&D);
}

static void test_min_cycle(void)
{
	/* peaks 2 and 4 are 2 apart (< 5): the higher (4) stays */
	double y[16] = {0, 0, 5, 1, 6, 0, 0, 0, 0, 0, 4, 0, 0, 0, 3, 0};
	size_t p[] = {2, 4, 10, 14}, t[] = {3, 7, 12};
	setup(16);
	set(p, 4, t, 3);
	bbq_enf_cycle(&D, y, 5);
	/* P2 goes (P4 is higher); (4,10) is fine; the last pair (10,14), only
	 * 4 apart, is never compared (BCDating's loop stops before it).  Troughs
	 * of the alternated sequence T3 P4 T7 P10 T12 P14: (3,7) are 4 apart,
	 * the lower (7, a tie at 0 vs 1) stays; (7,12) is the last pair. */
	T_STREQ(show(), "P4 T7 P10 T12 P14");
	bbq_dating_free(&D);
}

static void test_min_cycle_troughs(void)
{
	/* troughs 3 and 6 are 3 apart: the lower (6) stays */
	double y[12] = {5, 5, 9, 1, 5, 8, 0, 5, 5, 9, 2, 5};
	size_t p[] = {2, 5, 9}, t[] = {3, 6, 10};
	setup(12);
	set(p, 3, t, 3);
	bbq_enf_cycle(&D, y, 5);
	/* peaks: (2,5) 3 apart, 5 (8) lower than 2 (9): 5 goes; (2,9) is the
	 * last pair.  Troughs after alternation P2 T? P9: T3, T6 -> lower 6;
	 * T6, T10: last pair, not compared.  */
	T_STREQ(show(), "P2 T6 P9 T10");
	bbq_dating_free(&D);
}

static void test_censor(void)
{
	double y[12] = {0, 5, 0, -1, 0, 0, 4, 0, 0, -2, 0, 0};
	size_t p[] = {1, 6}, t[] = {3, 9};
	setup(12);
	set(p, 2, t, 2);
	bbq_enf_censor(&D, y, 12, 2); /* keep 2 <= i <= 9 */
	T_STREQ(show(), "T3 P6 T9");
	set(p, 2, t, 2);
	bbq_enf_censor(&D, y, 12, 3); /* keep 3 <= i <= 8 */
	T_STREQ(show(), "T3 P6");
	bbq_dating_free(&D);
}

static void test_ends(void)
{
	/* first turn a peak below the first value; last a trough above the last */
	double y[12] = {9, 0, 5, 0, -3, 0, 6, 0, 1, 0, 0, -5};
	size_t p[] = {2, 6}, t[] = {4, 8};
	setup(12);
	set(p, 2, t, 2);
	bbq_enf_ends(&D, y, 12);
	T_STREQ(show(), "T4 P6");
	y[0] = 4;
	y[11] = 2;
	set(p, 2, t, 2);
	bbq_enf_ends(&D, y, 12);
	T_STREQ(show(), "P2 T4 P6 T8");
	bbq_dating_free(&D);
}

static void test_min_phase(void)
{
	double y[14] = {0, 0, 5, 4, 0, 0, 0, 0, 7, 0, 0, 0, -1, 0};
	size_t p[] = {2, 8}, t[] = {3, 12};
	setup(14);
	set(p, 2, t, 2);
	bbq_enf_phase(&D, y, 2);
	/* P2 -> T3 lasts 1 < 2: the later turn (T3) goes, then P2 P8 keeps 8 */
	T_STREQ(show(), "P8 T12");
	bbq_dating_free(&D);
}

static const char *date(const double *y, size_t n, int k, int mc, int mp, int e)
{
	static char s[512];
	tides_ctx *ctx = tides_ctx_new();
	tides_cycle_opts o;
	tides_turn *t = NULL;
	size_t nt = 0, i, len = 0;
	tides_cycle_opts_default(&o, TIDES_CYCLE_BBQ, 3);
	o.window = k;
	o.min_cycle = mc;
	o.min_phase = mp;
	o.censor = e;
	s[0] = '\0';
	if (tides_cycles_date(ctx, y, n, &o, &t, &nt) != TIDES_OK) {
		snprintf(s, sizeof s, "error: %s", tides_errmsg(ctx));
	} else {
		for (i = 0; i < nt; i++)
			len += (size_t)snprintf(s + len, sizeof s - len, "%s%c%zu", i ? " " : "",
			                        t[i].kind > 0 ? 'P' : 'T', t[i].index + 1);
	}
	tides_free(t);
	tides_ctx_free(ctx);
	return s;
}

static void test_whole_simple(void)
{
	const double y[] = {0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0};
	T_STREQ(date(y, 17, 2, 5, 2, 2), "P5 T9 P13"); /* 1-based */
	/* censoring 6 periods (monthly default) leaves only T9 */
	T_STREQ(date(y, 17, 2, 5, 2, 6), "T9");
}

static void test_whole_negative(void)
{
	/* the same shape far below zero: absolute thresholds, same dates */
	double y[17];
	const double base[] = {0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0};
	size_t i;
	for (i = 0; i < 17; i++)
		y[i] = base[i] - 1000.0;
	T_STREQ(date(y, 17, 2, 5, 2, 2), "P5 T9 P13");
}

static void test_whole_short_cycle(void)
{
	const double y[] = {0, 1, 2, 3, 6, 2, 1, 7, 1, 0, -2, 0, 1, 2, 8, 2, 1, 0, 0, 0};
	/* peaks at 0-based 4 and 7 are 3 apart: the lower (4) goes, then the
	 * trough before 7 (6) is 4 from the trough at 10: the lower (10) stays.
	 * The flat end 17,18,19 makes 17 and 18 troughs and 18 a peak; P18 is
	 * one period after T17 (< min phase 2) and goes, then T17/T18 tie and
	 * the earlier trough stays.  1-based: */
	T_STREQ(date(y, 20, 1, 5, 2, 1), "P8 T11 P15 T18");
	/* min cycle 3 keeps both peaks; min phase 1 only drops the zero-length
	 * phase P18 -> T18 */
	T_STREQ(date(y, 20, 1, 3, 1, 1), "P5 T7 P8 T11 P15 T18 P19");
}

static void test_missing_rejected(void)
{
	double y[6] = {1, 2, 3, 0, 2, 1};
	y[3] = NAN;
	T_CHECK(strncmp(date(y, 6, 2, 5, 2, 2), "error: value 4", 14) == 0);
}

static void test_concordance(void)
{
	tides_turn a[] = {{4, 1}, {8, -1}, {12, 1}};
	tides_turn b[] = {{6, 1}, {10, -1}};
	int st[17];
	tides_cycles_states(a, 3, 17, st);
	/* 0..4 expansion (peak closes it), 5..8 contraction, 9..12 up, 13.. down */
	T_INTEQ(st[0], 1);
	T_INTEQ(st[4], 1);
	T_INTEQ(st[5], 0);
	T_INTEQ(st[8], 0);
	T_INTEQ(st[9], 1);
	T_INTEQ(st[12], 1);
	T_INTEQ(st[13], 0);
	T_NEAR(tides_cycles_concordance(a, 3, a, 3, 17), 1.0, 1e-12);
	/* b: 0..6 up, 7..10 down, 11..16 up.  Differ at 5,6 (a down, b up),
	 * 9,10 (a up, b down), 13..16 (a down, b up): 8 of 17 */
	T_NEAR(tides_cycles_concordance(a, 3, b, 2, 17), 9.0 / 17.0, 1e-12);
}

static void test_phases(void)
{
	const double y[] = {0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4};
	tides_turn t[] = {{4, 1}, {8, -1}, {12, 1}};
	tides_phase *ph = NULL;
	size_t nph = 0;
	tides_ctx *ctx = tides_ctx_new();
	T_CHECK(tides_cycles_phases(ctx, y, 13, t, 3, &ph, &nph) == TIDES_OK);
	T_INTEQ(nph, 2);
	T_INTEQ(ph[0].kind, -1);
	T_INTEQ(ph[0].duration, 4);
	T_NEAR(ph[0].amplitude, -4, 1e-12);
	T_NEAR(ph[0].triangle, -8, 1e-12);
	/* (3-4)+(2-4)+(1-4)+(0-4) = -10; excess (-10 + 8 - 2) / 4 = -1 */
	T_NEAR(ph[0].cumulation, -10, 1e-12);
	T_NEAR(ph[0].excess, -1, 1e-12);
	T_INTEQ(ph[1].kind, 1);
	T_NEAR(ph[1].amplitude, 4, 1e-12);
	tides_free(ph);
	tides_ctx_free(ctx);
}

static void test_smoothing(void)
{
	const double y[] = {1, 2, 3, 4, 5, 6, 7};
	double out[7];
	tides_smooth_ma(y, 7, 3, out);
	T_NEAR(out[0], 1, 1e-12); /* window shrinks to 1 at the ends */
	T_NEAR(out[3], 4, 1e-12);
	tides_smooth_ma(y, 7, 4, out); /* 2x4: (0.5*2 + 3+4+5 + 0.5*6)/4 = 4 */
	T_NEAR(out[3], 4, 1e-12);
	tides_smooth_spencer(y, 7, out);
	/* Spencer weights sum to 320, reproduce straight lines in the middle */
	{
		double z[20], o2[20];
		size_t i;
		for (i = 0; i < 20; i++)
			z[i] = 2.0 * (double)i - 7;
		tides_smooth_spencer(z, 20, o2);
		T_NEAR(o2[10], z[10], 1e-9);
		for (i = 0; i < 20; i++)
			z[i] = 3;
		tides_smooth_spencer(z, 20, o2);
		T_NEAR(o2[0], 3, 1e-12);
	}
}

/* Every allocation of a dating, a phase table and the Bry-Boschan steps
 * failing in turn: NOMEM comes back, never a crash or a partial result. */
static void test_nomem(void)
{
	double y[60];
	tides_ctx *ctx = tides_ctx_new();
	tides_cycle_opts o;
	long n, total;
	size_t i;
	int m;
	for (i = 0; i < 60; i++)
		y[i] = sin((double)i / 3.0) * 5;
	for (m = 0; m < 2; m++) {
		tides_cycle_opts_default(&o, m ? TIDES_CYCLE_BRY_BOSCHAN : TIDES_CYCLE_BBQ, 2);
		tides_mem_fail_after(1000000); /* counts allocations */
		{
			tides_turn *t = NULL;
			size_t nt = 0;
			T_CHECK(tides_cycles_date(ctx, y, 60, &o, &t, &nt) == TIDES_OK);
			total = tides_mem_fail_after(-1);
			tides_free(t);
		}
		T_CHECK(total >= 3);
		for (n = 0; n < total; n++) {
			tides_turn *t = NULL;
			size_t nt = 0;
			tides_status st;
			tides_mem_fail_after(n);
			st = tides_cycles_date(ctx, y, 60, &o, &t, &nt);
			tides_mem_fail_after(-1);
			T_CHECK(st == TIDES_ERR_NOMEM);
			T_CHECK(t == NULL);
			tides_free(t);
		}
	}
	tides_ctx_free(ctx);
}

int main(void)
{
	T_RUN(test_window);
	T_RUN(test_ties_in_window);
	T_RUN(test_alternation);
	T_RUN(test_alter1);
	T_RUN(test_min_cycle);
	T_RUN(test_min_cycle_troughs);
	T_RUN(test_censor);
	T_RUN(test_ends);
	T_RUN(test_min_phase);
	T_RUN(test_whole_simple);
	T_RUN(test_whole_negative);
	T_RUN(test_whole_short_cycle);
	T_RUN(test_missing_rejected);
	T_RUN(test_concordance);
	T_RUN(test_phases);
	T_RUN(test_smoothing);
	T_RUN(test_nomem);
	return t_done();
}
