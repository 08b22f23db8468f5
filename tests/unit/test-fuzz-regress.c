/*
 * test-fuzz-regress.c — every input the fuzz targets (fuzz/) found to crash,
 * leak or break an invariant, replayed through the same API so it cannot
 * come back.  Each test names the target and what was wrong.
 */
#include <stdlib.h>
#include <unistd.h>

#include "tides.h"
#include "test.h"
#include "fixture.h"
#include "util/mem.h"

static char tmpdir[256];

static const char *write_tmp(const char *name, const char *text)
{
	static char path[512];
	t_write_file(tmpdir, name, text, strlen(text), path, sizeof path);
	return path;
}

static int turns_alternate(const tides_turn *t, size_t nt, size_t n)
{
	size_t i;
	for (i = 0; i < nt; i++) {
		if (t[i].index >= n)
			return 0;
		if (i && (t[i].index <= t[i - 1].index || t[i].kind == t[i - 1].kind))
			return 0;
	}
	return 1;
}

/* fuzz-series: Bry-Boschan on a 5-month series whose 12-month average has
 * troughs only returned the two raw troughs (1 and 3), not alternating and
 * not censored, because step II stopped early when one list was empty. */
static void test_bb_troughs_only(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_series s;
	tides_cycle_opts o;
	tides_turn *t = NULL;
	size_t nt = 0;
	const char *p = write_tmp("bb.csv", "date,v1,6\n2000-09-01,1\n2000-10-01,\n2000-11-01,-2\n"
	                                    "2001-01-01,1\n");
	T_INTEQ(tides_series_read_csv(ctx, p, -1, NULL, &s), TIDES_OK);
	T_INTEQ(s.n, 5);
	tides_cycle_opts_default(&o, TIDES_CYCLE_BRY_BOSCHAN, s.by);
	T_INTEQ(tides_cycles_date(ctx, s.value, s.n, &o, &t, &nt), TIDES_OK);
	T_CHECK(turns_alternate(t, nt, s.n));
	T_INTEQ(nt, 0); /* everything is within the 6-month censoring of the ends */
	tides_free(t);
	/* the same without censoring: still alternating */
	o.censor = 0;
	T_INTEQ(tides_cycles_date(ctx, s.value, s.n, &o, &t, &nt), TIDES_OK);
	T_CHECK(turns_alternate(t, nt, s.n));
	tides_free(t);
	tides_series_release(&s);
	tides_ctx_free(ctx);
}

int main(void)
{
	if (t_tmpdir(tmpdir, sizeof tmpdir, "fuzzreg") < 0)
		return 1;
	T_RUN(test_bb_troughs_only);
	t_rmdir(tmpdir);
	return t_done();
}
