/*
 * test-ctx.c — the tuning knobs of a context (tides_ctx_set_tune): set,
 * read back, copied into another context, the range a module applies, and
 * one knob end to end (a bulk writer's batch comes from the context of its
 * store, not from the environment).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "store/store-db.h"
#include "util/ctx.h"
#include "test.h"
#include "fixture.h"

static char dir[64];

static void test_set_get(void)
{
	tides_ctx *c = tides_ctx_new();
	T_CHECK(c != NULL);
	if (!c)
		return;
	T_INTEQ(tides_ctx_get_tune(c, TIDES_TUNE_BULK_BATCH), 0);
	T_CHECK(tides_ctx_set_tune(c, TIDES_TUNE_BULK_BATCH, 500) == TIDES_OK);
	T_CHECK(tides_ctx_set_tune(c, TIDES_TUNE_DEDUP_BUCKET, 3) == TIDES_OK);
	T_INTEQ(tides_ctx_get_tune(c, TIDES_TUNE_BULK_BATCH), 500);
	T_INTEQ(tides_ctx_get_tune(c, TIDES_TUNE_DEDUP_BUCKET), 3);
	T_INTEQ(tides_ctx_get_tune(c, TIDES_TUNE_IMPORT_BUF), 0);
	/* bad knob, negative value: refused, nothing changes */
	T_CHECK(tides_ctx_set_tune(c, TIDES_TUNE_COUNT, 1) == TIDES_ERR_USAGE);
	T_STREQ(tides_errmsg(c), "unknown tuning knob 3");
	T_CHECK(tides_ctx_set_tune(c, (tides_tune)-1, 1) == TIDES_ERR_USAGE);
	T_CHECK(tides_ctx_set_tune(c, TIDES_TUNE_BULK_BATCH, -2) == TIDES_ERR_USAGE);
	T_STREQ(tides_errmsg(c), "negative tuning value -2");
	T_INTEQ(tides_ctx_get_tune(c, TIDES_TUNE_BULK_BATCH), 500);
	T_INTEQ(tides_ctx_get_tune(c, TIDES_TUNE_COUNT), 0);
	T_INTEQ(tides_ctx_get_tune(NULL, TIDES_TUNE_BULK_BATCH), 0);
	/* 0 restores the default */
	T_CHECK(tides_ctx_set_tune(c, TIDES_TUNE_DEDUP_BUCKET, 0) == TIDES_OK);
	T_INTEQ(tides_ctx_tune(c, TIDES_TUNE_DEDUP_BUCKET, 1, 100, 42), 42);
	tides_ctx_free(c);
}

/* A module's view: the value when in its range, else its default. */
static void test_range(void)
{
	tides_ctx *c = tides_ctx_new();
	if (!c)
		return;
	T_INTEQ(tides_ctx_tune(c, TIDES_TUNE_IMPORT_BUF, 64, 4096, 4096), 4096);
	tides_ctx_set_tune(c, TIDES_TUNE_IMPORT_BUF, 63);
	T_INTEQ(tides_ctx_tune(c, TIDES_TUNE_IMPORT_BUF, 64, 4096, 4096), 4096);
	tides_ctx_set_tune(c, TIDES_TUNE_IMPORT_BUF, 64);
	T_INTEQ(tides_ctx_tune(c, TIDES_TUNE_IMPORT_BUF, 64, 4096, 4096), 64);
	tides_ctx_set_tune(c, TIDES_TUNE_IMPORT_BUF, 4096);
	T_INTEQ(tides_ctx_tune(c, TIDES_TUNE_IMPORT_BUF, 64, 4096, 1000), 4096);
	tides_ctx_set_tune(c, TIDES_TUNE_IMPORT_BUF, 4097);
	T_INTEQ(tides_ctx_tune(c, TIDES_TUNE_IMPORT_BUF, 64, 4096, 1000), 1000);
	T_INTEQ(tides_ctx_tune(NULL, TIDES_TUNE_IMPORT_BUF, 64, 4096, 7), 7);
	tides_ctx_free(c);
}

static void test_copy(void)
{
	tides_ctx *a = tides_ctx_new(), *b = tides_ctx_new();
	if (!a || !b) {
		T_CHECK(0);
		goto done;
	}
	tides_ctx_set_tune(a, TIDES_TUNE_BULK_BATCH, 7);
	tides_ctx_set_tune(b, TIDES_TUNE_DEDUP_BUCKET, 9);
	tides_ctx_copy_tune(b, a);
	T_INTEQ(tides_ctx_get_tune(b, TIDES_TUNE_BULK_BATCH), 7);
	T_INTEQ(tides_ctx_get_tune(b, TIDES_TUNE_DEDUP_BUCKET), 0); /* all knobs, not a merge */
	tides_ctx_copy_tune(b, NULL);
	tides_ctx_copy_tune(NULL, a);
	T_INTEQ(tides_ctx_get_tune(b, TIDES_TUNE_BULK_BATCH), 7);
done:
	tides_ctx_free(a);
	tides_ctx_free(b);
}

/* `n` dated events through a bulk writer of the default batch (0) on a
 * fresh store opened with `c`; returns the number of segments written. */
static int64_t segments_of(tides_ctx *c, const char *name, unsigned n)
{
	char p[128];
	tides_store *s = NULL;
	tides_store_bulk *w = NULL;
	uint64_t added = 0;
	int64_t nseg = -1;
	unsigned i;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	unlink(p);
	T_CHECK(tides_store_open(c, p, TIDES_STORE_CREATE, &s) == TIDES_OK);
	if (!s)
		return -1;
	T_CHECK(tides_store_bulk_new(s, 0, &w) == TIDES_OK);
	for (i = 0; w && i < n; i++) {
		tides_event ev;
		tides_event_init(&ev);
		snprintf(ev.event_id, sizeof ev.event_id, "%016x", i + 1);
		snprintf(ev.date, sizeof ev.date, "2020-01-02");
		snprintf(ev.source, sizeof ev.source, "USAGOV");
		snprintf(ev.target, sizeof ev.target, "RUSGOV");
		snprintf(ev.code, sizeof ev.code, "111");
		tides_cameo_fill(&ev, TIDES_QUAD_GDELT);
		snprintf(ev.doc_id, sizeof ev.doc_id, "d%u", i);
		ev.sentence = 1;
		T_CHECK(tides_store_bulk_add(w, &ev) == TIDES_OK);
	}
	if (w) {
		T_CHECK(tides_store_bulk_finish(w, &added) == TIDES_OK);
		T_INTEQ(added, n);
	}
	tides_store_bulk_free(w);
	nseg = t_sql_int(s, "SELECT count(*) FROM segments");
	tides_store_close(s);
	return nseg;
}

/* The knob reaches the store through the context it was opened with; the
 * environment plays no part. */
static void test_bulk_batch(void)
{
	tides_ctx *c = tides_ctx_new();
	if (!c)
		return;
	setenv("TIDES_BULK_BATCH", "2", 1);
	T_INTEQ(segments_of(c, "a.db", 30), 1);
	unsetenv("TIDES_BULK_BATCH");
	tides_ctx_set_tune(c, TIDES_TUNE_BULK_BATCH, 10);
	T_INTEQ(segments_of(c, "b.db", 30), 3);
	tides_ctx_set_tune(c, TIDES_TUNE_BULK_BATCH, 1L << 21); /* out of range: the default */
	T_INTEQ(segments_of(c, "c.db", 30), 1);
	tides_ctx_free(c);
}

int main(void)
{
	if (t_tmpdir(dir, sizeof dir, "ctx") < 0)
		return 1;
	T_RUN(test_set_get);
	T_RUN(test_range);
	T_RUN(test_copy);
	T_RUN(test_bulk_batch);
	t_rmdir(dir);
	return t_done();
}
