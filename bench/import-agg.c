/*
 * import-agg.c — the benchmark's aggregation through the public API: the
 * monthly Goldstein sum of one directed dyad, read with tides_store_scan
 * (the call the relations index makes).  Prints "months events sum".
 *   import-agg DB A B
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tides.h"

typedef struct agg {
	char month[8];
	long months, events;
	double sum, total;
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

int main(int argc, char **argv)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_store *s = NULL;
	tides_event_filter f;
	agg a;
	if (argc != 4) {
		fprintf(stderr, "usage: import-agg DB A B\n");
		return 2;
	}
	if (tides_store_open(ctx, argv[1], TIDES_STORE_READONLY, &s) != TIDES_OK) {
		fprintf(stderr, "import-agg: %s\n", tides_errmsg(ctx));
		return 1;
	}
	memset(&f, 0, sizeof f);
	memset(&a, 0, sizeof a);
	f.a = argv[2];
	f.b = argv[3];
	f.directed = 1;
	if (tides_store_scan(s, &f, on_event, &a) != TIDES_OK) {
		fprintf(stderr, "import-agg: %s\n", tides_errmsg(ctx));
		return 1;
	}
	printf("%ld %ld %.1f\n", a.months, a.events, a.total);
	tides_store_close(s);
	tides_ctx_free(ctx);
	return 0;
}
