/*
 * test-store-bulk.c — the bulk event writer (store-bulk.c): events into
 * segments, batches, the dedup pass against the row table, earlier
 * segments and its own earlier batches, undated events, a writer dropped
 * half-way (as after SIGKILL), allocation failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "store/store-db.h"
#include "util/mem.h"
#include "test.h"
#include "fixture.h"

static char dir[64];
static tides_ctx *ctx;

static void mk(tides_event *ev, unsigned id, const char *date)
{
	tides_event_init(ev);
	snprintf(ev->event_id, sizeof ev->event_id, "%016x", id);
	snprintf(ev->date, sizeof ev->date, "%s", date);
	snprintf(ev->source, sizeof ev->source, "USAGOV");
	snprintf(ev->target, sizeof ev->target, "RUSGOV");
	snprintf(ev->code, sizeof ev->code, "111");
	tides_cameo_fill(ev, TIDES_QUAD_GDELT);
	snprintf(ev->doc_id, sizeof ev->doc_id, "d%u", id);
	ev->sentence = 1;
}

static tides_store *fresh(const char *name)
{
	char p[128];
	tides_store *s = NULL;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	unlink(p);
	T_CHECK(tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) == TIDES_OK);
	return s;
}

static tides_store *reopen(tides_store *s, const char *name)
{
	char p[128];
	tides_store_close(s);
	s = NULL;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	T_CHECK(tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) == TIDES_OK);
	return s;
}

typedef struct ids {
	int n, twice;
	unsigned seen[64];
} ids;

static int count_fn(void *ud, const tides_event *ev)
{
	ids *c = ud;
	unsigned long v = strtoul(ev->event_id, NULL, 16);
	if (v < 64) {
		c->twice += c->seen[v] > 0;
		c->seen[v]++;
	}
	c->n++;
	return 0;
}

static ids count(tides_store *s)
{
	ids c;
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_export(s, NULL, count_fn, &c) == TIDES_OK);
	return c;
}

static int64_t q1(tides_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(tides_store_sqlite(s), sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ids[0..n) through a writer of batch `batch`; returns *added. */
static uint64_t bulk(tides_store *s, size_t batch, const unsigned *id, size_t n, const char *date)
{
	tides_store_bulk *w = NULL;
	uint64_t added = 99;
	size_t i;
	T_CHECK(tides_store_bulk_new(s, batch, &w) == TIDES_OK);
	if (!w)
		return added;
	for (i = 0; i < n; i++) {
		tides_event ev;
		tides_sentence sent;
		mk(&ev, id[i], date);
		T_CHECK(tides_store_bulk_add(w, &ev) == TIDES_OK);
		memset(&sent, 0, sizeof sent);
		sent.doc_id = ev.doc_id;
		sent.sentence = 1;
		sent.date = date;
		sent.lang = "en";
		sent.text = "Words.";
		sent.len = 6;
		T_CHECK(tides_store_bulk_add_sentence(w, &sent) == TIDES_OK);
	}
	T_CHECK(tides_store_bulk_finish(w, &added) == TIDES_OK);
	tides_store_bulk_free(w);
	return added;
}

/* Segments, not the row table; ids stored before (row table, segments,
 * an earlier batch of the same writer) are not added again. */
static void test_dedup(void)
{
	static const unsigned a[] = {5, 6, 7, 6, 8, 1, 9};  /* 6 twice, 1 in the row table */
	static const unsigned b[] = {9, 10, 5, 11};
	static const unsigned u[] = {20, 21};
	tides_store *s = fresh("d.db");
	tides_event ev;
	int added = 0;
	ids c;
	if (!s)
		return;
	mk(&ev, 1, "2020-01-01");
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	T_INTEQ(added, 1);
	/* batches of 2: 6 comes again in another batch than its first */
	T_INTEQ(bulk(s, 2, a, 7, "2020-01-02"), 5);
	T_INTEQ(q1(s, "SELECT count(*) FROM events"), 1);
	T_INTEQ(q1(s, "SELECT count(*) FROM segments"), 4);
	T_INTEQ(q1(s, "SELECT count(*) FROM segments WHERE pending"), 0);
	T_INTEQ(q1(s, "SELECT count(*) FROM sentences"), 6);
	c = count(s);
	T_INTEQ(c.n, 6);
	T_INTEQ(c.twice, 0);
	/* the same again: nothing added, the segments whose rows all died
	 * are gone, the store is as it was */
	T_INTEQ(bulk(s, 2, a, 7, "2020-01-02"), 0);
	T_INTEQ(q1(s, "SELECT count(*) FROM segments"), 4);
	T_INTEQ(count(s).n, 6);
	/* partly new: only 10 and 11 */
	T_INTEQ(bulk(s, 0, b, 4, "2020-01-02"), 2);
	c = count(s);
	T_INTEQ(c.n, 8);
	T_INTEQ(c.twice, 0);
	/* undated events go to the row table, still once */
	T_INTEQ(bulk(s, 0, u, 2, ""), 2);
	T_INTEQ(bulk(s, 0, u, 2, ""), 0);
	T_INTEQ(q1(s, "SELECT count(*) FROM events"), 3);
	T_INTEQ(count(s).n, 10);
	/* country codes filled as tides_store_add fills them */
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE source_country = 'USA'"), 3);
	tides_store_close(s);
}

/* A writer dropped after a batch was committed (a kill): the next open
 * settles the pending segment; the open batch is gone. */
static void test_dropped(void)
{
	static const unsigned a[] = {1, 2, 3};
	tides_store *s = fresh("k.db");
	tides_store_bulk *w = NULL;
	size_t i;
	ids c;
	if (!s)
		return;
	T_INTEQ(bulk(s, 0, a, 1, "2021-03-04"), 1);
	T_CHECK(tides_store_bulk_new(s, 2, &w) == TIDES_OK);
	for (i = 0; w && i < 5; i++) { /* 1, 2 | 3, 4 | 5 */
		tides_event ev;
		mk(&ev, (unsigned)i + 1, "2021-03-04");
		T_CHECK(tides_store_bulk_add(w, &ev) == TIDES_OK);
	}
	tides_store_bulk_free(w);
	T_INTEQ(q1(s, "SELECT count(*) FROM segments WHERE pending"), 2);
	s = reopen(s, "k.db");
	if (!s)
		return;
	T_INTEQ(q1(s, "SELECT count(*) FROM segments WHERE pending"), 0);
	c = count(s);
	T_INTEQ(c.n, 4); /* 1 (before), 2, 3, 4; not 5 */
	T_INTEQ(c.twice, 0);
	T_INTEQ(c.seen[5], 0);
	/* a store already in a batch is refused */
	T_CHECK(tides_store_begin(s) == TIDES_OK);
	w = NULL;
	T_INTEQ(tides_store_bulk_new(s, 0, &w), TIDES_ERR_INTERNAL);
	T_CHECK(w == NULL);
	tides_store_close(s);
	tides_store_bulk_free(NULL);
}

/* Allocation failures: TIDES_ERR_NOMEM, never a crash or a leak, and the
 * store keeps every id once. */
static void test_nomem(void)
{
	static const unsigned a[] = {1, 2, 3, 4, 5, 6, 7};
	int i, failed = 0;
	for (i = 0; i < 40; i++) {
		tides_store *s = fresh("m.db");
		tides_store_bulk *w = NULL;
		tides_status st;
		uint64_t added = 0;
		size_t k;
		ids c;
		if (!s)
			return;
		tides_mem_fail_after(i);
		st = tides_store_bulk_new(s, 3, &w);
		for (k = 0; st == TIDES_OK && k < 7; k++) {
			tides_event ev;
			mk(&ev, a[k], "2019-05-06");
			st = tides_store_bulk_add(w, &ev);
		}
		if (w) {
			tides_status st2 = tides_store_bulk_finish(w, &added);
			if (st == TIDES_OK)
				st = st2;
		}
		tides_mem_fail_after(-1);
		tides_store_bulk_free(w);
		T_CHECK(st == TIDES_OK || st == TIDES_ERR_NOMEM);
		failed += st != TIDES_OK;
		s = reopen(s, "m.db");
		if (!s)
			return;
		c = count(s);
		T_INTEQ(c.twice, 0);
		if (st == TIDES_OK) {
			T_INTEQ(c.n, 7);
			T_INTEQ(added, 7);
		}
		tides_store_close(s);
	}
	T_CHECK(failed > 0); /* the loop did reach the writer's allocations */
}

/* store_hex_to_u64 (branch-free since the writer made it hot): every
 * digit and case, and whatever is not a digit, refused. */
static void test_hex(void)
{
	static const char *const bad[] = {"000000000000000g", "000000000000000G", "@000000000000000",
	                                  "`000000000000000", "/000000000000000", ":000000000000000",
	                                  "00000000 0000000", "0000000000000000 ", "000000000000000",
	                                  "", "000000000000000\x80"};
	uint64_t v = 0;
	size_t i;
	T_CHECK(store_hex_to_u64("0123456789abcdef", &v) && v == 0x0123456789abcdefull);
	T_CHECK(store_hex_to_u64("FEDCBA9876543210", &v) && v == 0xfedcba9876543210ull);
	T_CHECK(store_hex_to_u64("aAfF09fFAa00bBcC", &v) && v == 0xaaff09ffaa00bbccull);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 7;
		T_CHECK(!store_hex_to_u64(bad[i], &v));
		T_INTEQ(v, 7);
	}
}

int main(void)
{
	if (t_tmpdir(dir, sizeof dir, "bulk") < 0)
		return 1;
	ctx = tides_ctx_new();
	T_RUN(test_dedup);
	T_RUN(test_dropped);
	T_RUN(test_nomem);
	T_RUN(test_hex);
	tides_ctx_free(ctx);
	t_rmdir(dir);
	return t_done();
}
