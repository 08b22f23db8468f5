/* Unit tests for src/series: the relations index on hand-made events
 * (expected values worked out by hand in the comments) and series CSVs. */
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

#include "series/series-int.h"
#include "util/date.h"
#include "util/mem.h"

static tides_event EV[8];
static size_t NEV;

static void ev(const char *date, const char *src, const char *tgt, int quad, double g)
{
	tides_event *e = &EV[NEV++];
	tides_event_init(e);
	snprintf(e->date, sizeof e->date, "%s", date);
	snprintf(e->source, sizeof e->source, "%s", src);
	snprintf(e->target, sizeof e->target, "%s", tgt);
	e->quad = quad;
	e->goldstein = g;
}

static void events(void)
{
	NEV = 0;
	ev("2020-01-05", "USAGOV", "RUSMIL", 1, 4.0);
	ev("2020-01-20", "USA", "RUS", 4, -10.0);
	ev("2020-01-25", "RUS", "USA", 3, -2.0);   /* the other direction */
	ev("2020-03-02", "USAMIL", "RUS", 2, 7.0);
	ev("2020-03-03", "USA", "CHN", 1, 3.0);    /* another dyad */
	ev("2020-03-04", "USA", "RUS", 1, NAN);    /* no score */
}

static tides_index *run(const char *a, const char *b, int directed, int exact, tides_measure m,
                        int norm, const char *from, const char *to, const tides_index_row **rows,
                        size_t *n)
{
	static tides_ctx *ctx;
	tides_index_opts o;
	tides_index *ix = NULL;
	size_t i;
	if (!ctx)
		ctx = tides_ctx_new();
	memset(&o, 0, sizeof o);
	o.a = a;
	o.b = b;
	o.directed = directed;
	o.exact_actors = exact;
	o.by = TIDES_BY_MONTH;
	o.measure = m;
	o.normalize_volume = norm;
	o.from = from;
	o.to = to;
	events();
	if (tides_index_new(ctx, &o, &ix) != TIDES_OK)
		return NULL;
	for (i = 0; i < NEV; i++) {
		T_CHECK(tides_index_add(ix, &EV[i]) == TIDES_OK);
		T_CHECK(tides_index_add_volume(ix, &EV[i]) == TIDES_OK);
	}
	T_CHECK(tides_index_rows(ix, rows, n) == TIDES_OK);
	return ix;
}

static void test_directed_sum(void)
{
	const tides_index_row *r;
	size_t n;
	tides_index *ix = run("USA", "RUS", 1, 0, TIDES_M_GOLDSTEIN_SUM, 0, NULL, NULL, &r, &n);
	T_CHECK(ix != NULL);
	T_INTEQ(n, 3); /* Jan, Feb (empty), Mar */
	T_STREQ(r[0].period, "2020-01-01");
	T_STREQ(r[0].dyad, "USA->RUS");
	T_INTEQ(r[0].n, 2);              /* events 1 and 2 */
	T_NEAR(r[0].value, -6.0, 1e-12); /* 4 - 10 */
	T_NEAR(r[0].coop, 4.0, 1e-12);
	T_NEAR(r[0].conf, -10.0, 1e-12);
	T_INTEQ(r[0].q[0], 1);
	T_INTEQ(r[0].q[3], 1);
	T_STREQ(r[1].period, "2020-02-01");
	T_INTEQ(r[1].n, 0);
	T_CHECK(isnan(r[1].value));
	T_INTEQ(r[2].n, 2);              /* 4 and the unscored 6 */
	T_NEAR(r[2].value, 7.0, 1e-12);
	T_INTEQ(r[2].q[0], 1);
	T_INTEQ(r[2].q[1], 1);
	tides_index_free(ix);
}

static void test_measures(void)
{
	const tides_index_row *r;
	size_t n;
	tides_index *ix;
	ix = run("USA", "RUS", 1, 0, TIDES_M_GOLDSTEIN_MEAN, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, -3.0, 1e-12);
	T_NEAR(r[2].value, 7.0, 1e-12); /* the unscored event is not in the mean */
	tides_index_free(ix);
	ix = run("USA", "RUS", 1, 0, TIDES_M_NET_COOP, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, (4.0 - 10.0) / 14.0, 1e-12);
	T_NEAR(r[2].value, 1.0, 1e-12);
	tides_index_free(ix);
	ix = run("USA", "RUS", 1, 0, TIDES_M_COOP_CONF, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, -6.0, 1e-12);
	tides_index_free(ix);
	ix = run("USA", "RUS", 1, 0, TIDES_M_CONFLICT_SHARE, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, 50.0, 1e-12); /* 100 * (1 + 0.5*0) / 2 */
	T_NEAR(r[2].value, 0.0, 1e-12);
	tides_index_free(ix);
	ix = run("USA", "RUS", 1, 0, TIDES_M_QUAD_SHARES, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, 50.0, 1e-12); /* q1+q2 = 1 of 2 */
	T_NEAR(r[2].value, 100.0, 1e-12);
	tides_index_free(ix);
	ix = run("USA", "RUS", 1, 0, TIDES_M_QUAD_COUNTS, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, 2.0, 1e-12);
	tides_index_free(ix);
}

static void test_undirected(void)
{
	const tides_index_row *r;
	size_t n;
	tides_index *ix = run("USA", "RUS", 0, 0, TIDES_M_CONFLICT_SHARE, 0, NULL, NULL, &r, &n);
	T_STREQ(r[0].dyad, "USA<->RUS");
	T_INTEQ(r[0].n, 3);               /* RUS -> USA joins */
	T_NEAR(r[0].value, 50.0, 1e-12);  /* 100 * (1 + 0.5*1) / 3 */
	T_NEAR(r[0].conf, -12.0, 1e-12);
	tides_index_free(ix);
	ix = run("USA", "RUS", 0, 0, TIDES_M_NET_COOP, 0, NULL, NULL, &r, &n);
	T_NEAR(r[0].value, -0.5, 1e-12);  /* (4 - 12) / 16 */
	tides_index_free(ix);
}

static void test_exact_actors(void)
{
	const tides_index_row *r;
	size_t n;
	tides_index *ix = run("USA", "RUS", 1, 1, TIDES_M_GOLDSTEIN_SUM, 0, NULL, NULL, &r, &n);
	T_INTEQ(r[0].n, 1); /* only the plain USA -> RUS event */
	T_NEAR(r[0].value, -10.0, 1e-12);
	T_INTEQ(r[2].n, 1);
	T_CHECK(isnan(r[2].value)); /* its only event has no score */
	tides_index_free(ix);
}

/* Which events belong to a dyad: actor codes (prefix without a country),
 * recorded countries (exactly), exact actors, and groups "A+B" whose any
 * member matches (a member is a whole code, not a prefix of one). */
static void test_match(void)
{
	static const struct {
		const char *a, *b;
		int directed, exact;
		const char *src, *srcc, *tgt, *tgtc;
		int want;
	} c[] = {
		{"USA", "RUS", 1, 0, "GOV", "USA", "MIL", "RUS", 1},
		{"USA", "RUS", 1, 0, "GOV", "USA", "MIL", "UKR", 0},
		{"USA+IGOWSTNAT", "RUS", 1, 0, "IGOWSTNAT", "", "RUSGOV", "", 1},
		{"USA+IGOWSTNAT", "RUS", 1, 0, "USAMIL", "", "RUSGOV", "", 1},
		{"USA+IGOWSTNAT", "RUS", 1, 0, "IGOEUREEC", "", "RUSGOV", "", 0},
		{"USA+IGOWSTNAT", "RUS", 1, 0, "US", "", "RUSGOV", "", 0},
		{"USA+IGOWSTNAT", "RUS", 1, 0, "RUS", "", "IGOWSTNAT", "", 0},
		{"USA+IGOWSTNAT", "RUS", 0, 0, "RUS", "", "IGOWSTNAT", "", 1},
		{"USA+IGOWSTNAT", "RUS", 0, 0, "GOV", "RUS", "MIL", "USA", 1},
		{"USA+IGOWSTNAT", "RUS", 0, 0, "GOV", "RUS", "MIL", "UKR", 0},
		{"USAGOV+IGOWSTNAT", "RUSGOV+CHN", 0, 1, "USAGOV", "", "CHN", "", 1},
		{"USAGOV+IGOWSTNAT", "RUSGOV+CHN", 0, 1, "USAGOV", "", "CHNGOV", "", 0},
		{"*", "RUS+CHN", 1, 0, "ZZZ", "", "CHNGOV", "", 1},
	};
	tides_index_opts o;
	tides_event e;
	tides_event_filter f;
	size_t i;
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		memset(&o, 0, sizeof o);
		o.a = c[i].a;
		o.b = c[i].b;
		o.directed = c[i].directed;
		o.exact_actors = c[i].exact;
		tides_event_init(&e);
		snprintf(e.source, sizeof e.source, "%s", c[i].src);
		snprintf(e.source_country, sizeof e.source_country, "%s", c[i].srcc);
		snprintf(e.target, sizeof e.target, "%s", c[i].tgt);
		snprintf(e.target_country, sizeof e.target_country, "%s", c[i].tgtc);
		if (tides_index_match(&o, &e) != c[i].want)
			fprintf(stderr, "  case %zu: %s,%s %s(%s) -> %s(%s)\n", i, c[i].a, c[i].b,
			        c[i].src, c[i].srcc, c[i].tgt, c[i].tgtc);
		T_INTEQ(tides_index_match(&o, &e), c[i].want);
	}
	/* the store filter leaves "*" and group sides open, keeps single codes */
	tides_index_filter(&o, &f);
	T_CHECK(f.a == NULL && f.b == NULL);
	o.a = "RUS";
	o.exact_actors = 1;
	tides_index_filter(&o, &f);
	T_STREQ(f.a, "RUS");
	T_CHECK(f.b == NULL);
	T_INTEQ(f.exact_actors, 1);
}

static void test_volume_and_range(void)
{
	const tides_index_row *r;
	size_t n;
	tides_index *ix = run("USA", "RUS", 1, 0, TIDES_M_GOLDSTEIN_SUM, 1, "2019-12-15", "2020-04-30",
	                      &r, &n);
	T_INTEQ(n, 5); /* Dec .. Apr, empty ends kept */
	T_STREQ(r[0].period, "2019-12-01");
	T_INTEQ(r[0].n, 0);
	T_CHECK(isnan(r[0].value));
	T_INTEQ(r[1].total, 3);
	T_NEAR(r[1].value, -6.0 * 1000.0 / 3.0, 1e-9);
	T_STREQ(r[4].period, "2020-04-01");
	tides_index_free(ix);
	/* normalising a mean makes no sense: refused */
	T_CHECK(run("USA", "RUS", 1, 0, TIDES_M_GOLDSTEIN_MEAN, 1, NULL, NULL, &r, &n) == NULL);
}

static void test_weeks(void)
{
	int32_t d = tides_date_parse_iso("2020-01-08", 10); /* a Wednesday */
	long o = series_ordinal(d, TIDES_BY_WEEK);
	char s[11];
	tides_date_format(series_from_ordinal(o, TIDES_BY_WEEK), s);
	T_STREQ(s, "2020-01-06");
	tides_date_format(series_from_ordinal(o + 1, TIDES_BY_WEEK), s);
	T_STREQ(s, "2020-01-13");
	tides_date_format(series_from_ordinal(series_ordinal(d, TIDES_BY_QUARTER) + 1, TIDES_BY_QUARTER), s);
	T_STREQ(s, "2020-04-01");
	tides_date_format(series_from_ordinal(series_ordinal(d, TIDES_BY_MONTH) - 1, TIDES_BY_MONTH), s);
	T_STREQ(s, "2019-12-01");
}

static const char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;
	snprintf(path, sizeof path, "/tmp/tides-test-series-%ld.csv", (long)getpid());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_csv(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_series s;
	const char *p;
	tides_ctx_set_warn(ctx, NULL, NULL);
	p = write_tmp("date,value\n2020-01-01,1\n2020-02-01,\n2020-04-01,7\n2020-05-01,2\n");
	T_CHECK(tides_series_read_csv(ctx, p, -1, NULL, &s) == TIDES_OK);
	T_INTEQ(s.by, TIDES_BY_MONTH);
	T_INTEQ(s.n, 5);              /* March was missing: inserted */
	T_NEAR(s.value[1], 3.0, 1e-12); /* 1 .. 7 over three steps: 3, 5 */
	T_NEAR(s.value[2], 5.0, 1e-12);
	T_INTEQ(s.ninterpolated, 2);
	tides_series_release(&s);

	p = write_tmp("2020-01-01,1,USA-RUS\n2020-01-02,2,USA-RUS\n2020-01-01,5,RUS-USA\n");
	T_CHECK(tides_series_read_csv(ctx, p, -1, NULL, &s) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), ":3: a second dyad") != NULL);
	T_CHECK(tides_series_read_csv(ctx, p, -1, "USA-RUS", &s) == TIDES_OK);
	T_INTEQ(s.by, TIDES_BY_DAY);
	T_INTEQ(s.n, 2);
	tides_series_release(&s);

	p = write_tmp("date,value\n2020-01-01,1\n2020-13-01,2\n");
	T_CHECK(tides_series_read_csv(ctx, p, -1, NULL, &s) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), ":3: bad date '2020-13-01'") != NULL);
	p = write_tmp("2020-01-01,1\n2020-02-01,abc\n");
	T_CHECK(tides_series_read_csv(ctx, p, -1, NULL, &s) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), ":2: not a number 'abc'") != NULL);
	p = write_tmp("2020-01-01,1,a,b\n");
	T_CHECK(tides_series_read_csv(ctx, p, -1, NULL, &s) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), ":1: expected 2 or 3 columns") != NULL);
	p = write_tmp("2020-01-01,1\n2020-01-15,2\n");
	T_CHECK(tides_series_read_csv(ctx, p, TIDES_BY_MONTH, NULL, &s) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), "two rows in the month") != NULL);
	unlink(p);
	tides_ctx_free(ctx);
}

/* Allocation failures anywhere in building an index: NOMEM, no crash. */
static void test_index_nomem(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_index_opts o;
	long n, total = 0;
	memset(&o, 0, sizeof o);
	o.a = "USA";
	o.b = "RUS";
	o.by = TIDES_BY_DAY;
	o.from = "2019-12-01";
	o.to = "2020-03-31";
	events();
	for (n = -1; n < total; n++) {
		tides_index *ix = NULL;
		const tides_index_row *rows = NULL;
		size_t nrows = 0, i;
		tides_status st;
		tides_mem_fail_after(n < 0 ? 1000000 : n);
		st = tides_index_new(ctx, &o, &ix);
		for (i = 0; st == TIDES_OK && i < NEV; i++)
			st = tides_index_add(ix, &EV[i]);
		if (st == TIDES_OK)
			st = tides_index_rows(ix, &rows, &nrows);
		tides_index_free(ix);
		if (n < 0) {
			total = tides_mem_fail_after(-1);
			T_CHECK(st == TIDES_OK);
			T_INTEQ(nrows, 122);
		} else {
			tides_mem_fail_after(-1);
			T_CHECK(st == TIDES_ERR_NOMEM);
		}
	}
	T_CHECK(total >= 3);
	tides_ctx_free(ctx);
}

static void test_from_rows(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_index_row r[4];
	tides_series s;
	memset(r, 0, sizeof r);
	snprintf(r[0].period, sizeof r[0].period, "2020-01-01");
	snprintf(r[1].period, sizeof r[1].period, "2020-02-01");
	snprintf(r[2].period, sizeof r[2].period, "2020-03-01");
	snprintf(r[3].period, sizeof r[3].period, "2020-04-01");
	r[0].value = NAN; /* empty first period: dropped */
	r[1].value = 2;
	r[2].value = NAN; /* empty inside: interpolated */
	r[3].value = -4;
	tides_ctx_set_warn(ctx, NULL, NULL);
	T_CHECK(tides_series_from_rows(ctx, r, 4, TIDES_BY_MONTH, &s) == TIDES_OK);
	T_INTEQ(s.n, 3);
	T_NEAR(s.value[1], -1.0, 1e-12);
	T_INTEQ(s.ninterpolated, 1);
	tides_series_release(&s);
	tides_ctx_free(ctx);
}

int main(void)
{
	T_RUN(test_directed_sum);
	T_RUN(test_measures);
	T_RUN(test_undirected);
	T_RUN(test_exact_actors);
	T_RUN(test_match);
	T_RUN(test_volume_and_range);
	T_RUN(test_weeks);
	T_RUN(test_csv);
	T_RUN(test_index_nomem);
	T_RUN(test_from_rows);
	return t_done();
}
