/*
 * Fuzz target: a series CSV (date,value[,dyad]) through
 * tides_series_read_csv, then dated with BBQ and Bry-Boschan, smoothed,
 * cut into phases.  Two size bits choose a fixed period kind (else
 * inferred) and a dyad filter.  Invariants: a failed read leaves an empty
 * series and a one-line message; a series has strictly increasing days;
 * turning points are in range, in order and alternate.
 */
#include "fuzz.h"

#include "util/mem.h"

/* Longer series are valid (a daily series over centuries) but make the
 * O(n) datings too slow for fuzzing; the reader has already run on them. */
#define MAX_POINTS 20000

static void check_turns(const tides_turn *t, size_t nt, size_t n)
{
	size_t i;
	for (i = 0; i < nt; i++) {
		if (t[i].index >= n || (t[i].kind != 1 && t[i].kind != -1))
			abort();
		if (i && (t[i].index <= t[i - 1].index || t[i].kind == t[i - 1].kind))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tides_ctx *ctx = fuzz_ctx();
	tides_series s;
	const char *path = fuzz_memfd(0, data, size);
	int by = (size & 3) == 3 ? 2 : -1; /* month or inferred */
	const char *dyad = (size & 4) ? "USA-RUS" : NULL;
	size_t i;

	if (tides_series_read_csv(ctx, path, by, dyad, &s) != TIDES_OK) {
		fuzz_check_msg(tides_errmsg(ctx));
		if (s.n != 0)
			abort();
	} else if (s.n <= MAX_POINTS) {
		int m;
		for (i = 1; i < s.n; i++)
			if (s.day[i] <= s.day[i - 1])
				abort();
		for (m = 0; m < 2; m++) {
			tides_cycle_opts o;
			tides_turn *t = NULL;
			tides_phase *ph = NULL;
			size_t nt = 0, np = 0;
			tides_cycle_opts_default(&o, m ? TIDES_CYCLE_BRY_BOSCHAN : TIDES_CYCLE_BBQ, s.by);
			if (tides_cycles_date(ctx, s.value, s.n, &o, &t, &nt) == TIDES_OK) {
				check_turns(t, nt, s.n);
				if (tides_cycles_phases(ctx, s.value, s.n, t, nt, &ph, &np) == TIDES_OK &&
				    nt && np != nt - 1)
					abort();
			}
			tides_free(ph);
			tides_free(t);
		}
		if (s.n) {
			double *y = malloc(s.n * sizeof *y);
			if (!y)
				abort();
			tides_smooth_ma(s.value, s.n, 1 + (int)(size % 13), y);
			tides_smooth_spencer(s.value, s.n, y);
			free(y);
		}
	}
	tides_series_release(&s);
	tides_ctx_free(ctx);
	return 0;
}
