/*
 * import-agg.c — the benchmark's aggregation through the public API, timed
 * in-process (as DuckDB's query is timed inside node): the monthly
 * Goldstein sum of one directed dyad, (1) through tides_index_scan (the
 * relations index: the store's integer column scan) and (2) through
 * tides_store_scan (whole events in date order).  Each is run 5 times;
 * prints "months events sum index_seconds scan_seconds" (medians).
 *   import-agg DB A B
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tides.h"

typedef struct agg {
	char month[8];
	long months, events;
	double total;
} agg;

static int on_event(void *ud, const tides_event *ev)
{
	agg *a = ud;
	if (memcmp(a->month, ev->date, 7) != 0) {
		memcpy(a->month, ev->date, 7);
		a->months++;
	}
	a->events++;
	if (!isnan(ev->goldstein))
		a->total += ev->goldstein;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_store *s = NULL;
	tides_event_filter f;
	tides_index_opts io;
	agg a;
	double ti[5], ts[5], t;
	long months = 0, events = 0;
	double sum = 0;
	int k;
	if (argc != 4) {
		fprintf(stderr, "usage: import-agg DB A B\n");
		return 2;
	}
	if (tides_store_open(ctx, argv[1], TIDES_STORE_READONLY, &s) != TIDES_OK) {
		fprintf(stderr, "import-agg: %s\n", tides_errmsg(ctx));
		return 1;
	}
	memset(&io, 0, sizeof io);
	io.a = argv[2];
	io.b = argv[3];
	io.directed = 1;
	io.by = 2; /* month */
	io.measure = TIDES_M_GOLDSTEIN_SUM;
	for (k = 0; k < 5; k++) {
		tides_index *ix = NULL;
		const tides_index_row *rows;
		size_t n, i;
		t = now();
		if (tides_index_new(ctx, &io, &ix) != TIDES_OK || tides_index_scan(s, ix, &io) != TIDES_OK ||
		    tides_index_rows(ix, &rows, &n) != TIDES_OK) {
			fprintf(stderr, "import-agg: %s\n", tides_errmsg(ctx));
			return 1;
		}
		ti[k] = now() - t;
		months = events = 0;
		sum = 0;
		for (i = 0; i < n; i++)
			if (rows[i].n > 0) {
				months++;
				events += rows[i].n;
				sum += rows[i].coop + rows[i].conf;
			}
		tides_index_free(ix);
	}
	memset(&f, 0, sizeof f);
	f.a = argv[2];
	f.b = argv[3];
	f.directed = 1;
	for (k = 0; k < 5; k++) {
		memset(&a, 0, sizeof a);
		t = now();
		if (tides_store_scan(s, &f, on_event, &a) != TIDES_OK) {
			fprintf(stderr, "import-agg: %s\n", tides_errmsg(ctx));
			return 1;
		}
		ts[k] = now() - t;
	}
	if (a.months != months || a.events != events || fabs(a.total - sum) > 1e-6 * (1 + fabs(sum)))
		fprintf(stderr, "import-agg: the two paths disagree: %ld %ld %.1f vs %ld %ld %.1f\n", months,
		        events, sum, a.months, a.events, a.total);
	qsort(ti, 5, sizeof *ti, cmp_d);
	qsort(ts, 5, sizeof *ts, cmp_d);
	printf("%ld %ld %.1f %.4f %.4f\n", months, events, sum, ti[2], ts[2]);
	tides_store_close(s);
	tides_ctx_free(ctx);
	return 0;
}
