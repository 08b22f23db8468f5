/*
 * test-store-bulk.c — the bulk event writer (store-bulk.c): events into
 * segments, batches, the dedup pass against the row table, earlier
 * segments and its own earlier batches, undated events, a writer dropped
 * half-way (as after SIGKILL), allocation failures; its sentence buffer
 * stores what tides_store_add_sentence one by one stores.
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

static tides_status add_sent(tides_store_bulk *w, const char *doc, int n, const char *text)
{
	tides_sentence sent;
	memset(&sent, 0, sizeof sent);
	sent.doc_id = doc;
	sent.sentence = n;
	sent.date = "2019-05-06";
	sent.lang = "en";
	sent.text = text;
	sent.len = strlen(text);
	return tides_store_bulk_add_sentence(w, &sent);
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
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM events"), 1);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM segments"), 4);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM segments WHERE pending"), 0);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM sentences"), 6);
	c = count(s);
	T_INTEQ(c.n, 6);
	T_INTEQ(c.twice, 0);
	/* the same again: nothing added, the segments whose rows all died
	 * are gone, the store is as it was */
	T_INTEQ(bulk(s, 2, a, 7, "2020-01-02"), 0);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM segments"), 4);
	T_INTEQ(count(s).n, 6);
	/* partly new: only 10 and 11 */
	T_INTEQ(bulk(s, 0, b, 4, "2020-01-02"), 2);
	c = count(s);
	T_INTEQ(c.n, 8);
	T_INTEQ(c.twice, 0);
	/* undated events go to the row table, still once */
	T_INTEQ(bulk(s, 0, u, 2, ""), 2);
	T_INTEQ(bulk(s, 0, u, 2, ""), 0);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM events"), 3);
	T_INTEQ(count(s).n, 10);
	/* country codes filled as tides_store_add fills them */
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM events WHERE source_country = 'USA'"), 3);
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
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM segments WHERE pending"), 2);
	s = reopen(s, "k.db");
	if (!s)
		return;
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM segments WHERE pending"), 0);
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
	for (i = 0; i < 80; i++) {
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
			if (st == TIDES_OK)
				st = add_sent(w, ev.doc_id, 1, "One sentence of the story.");
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
		/* a commit holds a batch's events with their sentences */
		T_INTEQ(t_sql_int(s, "SELECT count(*) FROM sentences"), c.n);
		if (st == TIDES_OK) {
			T_INTEQ(c.n, 7);
			T_INTEQ(added, 7);
		}
		tides_store_close(s);
	}
	T_CHECK(failed > 0); /* the loop did reach the writer's allocations */
}

/* The i-th sentence of the sentence tests: keys repeat (within one
 * buffer and across buffers, with another text), NULL strings, a text cut
 * by its length, an empty text. */
static void sent_i(unsigned i, tides_sentence *sent, char *doc, size_t doccap, char *text,
                   size_t textcap)
{
	unsigned k = i % 7 == 3 ? i / 2 : i; /* every 7th repeats an earlier key */
	if (i == 1)
		k = 0; /* the next row of the same buffer */
	if (i == 2500)
		k = 12; /* across several buffers */
	memset(sent, 0, sizeof *sent);
	snprintf(doc, doccap, "doc-%05u-%s", k * 7919 % 3001, k % 2 ? "odd" : "even");
	snprintf(text, textcap, "Sentence %u of key %u, \xc3\xa9t\xc3\xa9.", i, k);
	sent->doc_id = doc;
	sent->sentence = (int)(k % 4) + 1;
	sent->date = k % 5 ? "2001-02-03" : NULL;
	sent->lang = k % 11 ? "en" : NULL;
	sent->text = text;
	sent->len = strlen(text);
	if (i % 13 == 0)
		sent->len -= 3; /* the length, not the NUL, ends the text */
	if (i % 17 == 0)
		sent->text = NULL;
}

/* Compares the sentences of two stores row by row. */
static int same_sentences(tides_store *a, tides_store *b, int *rows)
{
	static const char *const sql = "SELECT doc_id, sentence, date, lang, text FROM sentences"
	                               " ORDER BY doc_id, sentence";
	sqlite3_stmt *qa = NULL, *qb = NULL;
	int ok = 1, ra, rb, c;
	*rows = 0;
	if (sqlite3_prepare_v2(tides_store_sqlite(a), sql, -1, &qa, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(tides_store_sqlite(b), sql, -1, &qb, NULL) != SQLITE_OK)
		ok = 0;
	while (ok) {
		ra = sqlite3_step(qa);
		rb = sqlite3_step(qb);
		if (ra != rb) {
			ok = 0;
			break;
		}
		if (ra != SQLITE_ROW)
			break;
		for (c = 0; c < 5; c++)
			if (sqlite3_column_type(qa, c) != sqlite3_column_type(qb, c) ||
			    sqlite3_column_bytes(qa, c) != sqlite3_column_bytes(qb, c) ||
			    (sqlite3_column_bytes(qa, c) > 0 && /* blob: NULL when empty */
			     memcmp(sqlite3_column_blob(qa, c), sqlite3_column_blob(qb, c),
			            (size_t)sqlite3_column_bytes(qa, c)) != 0))
				ok = 0;
		++*rows;
	}
	sqlite3_finalize(qa);
	sqlite3_finalize(qb);
	return ok;
}

/* The bulk writer's sentences are the rows tides_store_add_sentence one
 * by one stores: the first copy of a key wins, in the buffer, across
 * buffers and against a row stored before; more rows than one buffer. */
static void test_sentences(void)
{
	tides_store *a = fresh("sa.db"), *b = fresh("sb.db");
	tides_store_bulk *w = NULL;
	tides_sentence sent;
	char doc[64], text[96], got[96];
	unsigned i, n = 2600;
	int rows = 0;
	size_t len = 0;
	uint64_t added = 0;
	int64_t sd;
	if (!a || !b)
		return;
	sd = t_sql_int(a, "PRAGMA secure_delete"); /* the writer turns it off only for its inserts */
	/* stored before: the writer's copy of this key is ignored */
	sent_i(5, &sent, doc, sizeof doc, text, sizeof text);
	sent.text = "stored before";
	sent.len = 13;
	T_CHECK(tides_store_add_sentence(a, &sent) == TIDES_OK);
	T_CHECK(tides_store_add_sentence(b, &sent) == TIDES_OK);
	T_CHECK(tides_store_bulk_new(a, 0, &w) == TIDES_OK);
	for (i = 0; w && i < n; i++) {
		tides_event ev;
		if (i % 100 == 0) {
			mk(&ev, i + 1, "2001-02-03");
			T_CHECK(tides_store_bulk_add(w, &ev) == TIDES_OK);
		}
		sent_i(i, &sent, doc, sizeof doc, text, sizeof text);
		T_CHECK(tides_store_bulk_add_sentence(w, &sent) == TIDES_OK);
		memset(text, 'x', sizeof text - 1); /* the writer kept a copy */
		memset(doc, 'y', sizeof doc - 1);
		sent_i(i, &sent, doc, sizeof doc, text, sizeof text);
		T_CHECK(tides_store_add_sentence(b, &sent) == TIDES_OK);
	}
	if (w)
		T_CHECK(tides_store_bulk_finish(w, &added) == TIDES_OK);
	tides_store_bulk_free(w);
	T_INTEQ(added, 26);
	T_INTEQ(t_sql_int(a, "PRAGMA secure_delete"), sd);
	T_CHECK(same_sentences(a, b, &rows));
	T_CHECK(rows > 1500 && rows < 2600);
	sent_i(5, &sent, doc, sizeof doc, text, sizeof text);
	T_CHECK(tides_store_get_sentence(a, doc, sent.sentence, got, sizeof got, &len) == TIDES_OK);
	T_STREQ(got, "stored before");
	sent_i(12, &sent, doc, sizeof doc, text, sizeof text); /* not i = 24 or 2500 */
	T_CHECK(tides_store_get_sentence(a, doc, sent.sentence, got, sizeof got, &len) == TIDES_OK);
	T_STREQ(got, text);
	sent_i(13, &sent, doc, sizeof doc, text, sizeof text); /* cut by its length */
	T_CHECK(tides_store_get_sentence(a, doc, sent.sentence, got, sizeof got, &len) == TIDES_OK);
	T_INTEQ(len, strlen(text) - 3);
	T_INTEQ(t_sql_int(a, "SELECT count(*) FROM sentences WHERE date = '' OR lang = ''"),
	        t_sql_int(b, "SELECT count(*) FROM sentences WHERE date = '' OR lang = ''"));
	T_CHECK(t_sql_int(a, "SELECT count(*) FROM sentences WHERE text = ''") > 0);
	/* the same again: nothing changes; secure_delete stays as it was set */
	T_INTEQ(t_sql_int(a, "PRAGMA secure_delete = FAST"), 2);
	a = reopen(a, "sa.db");
	if (!a)
		return;
	T_INTEQ(t_sql_int(a, "PRAGMA secure_delete = FAST"), 2);
	T_CHECK(tides_store_bulk_new(a, 0, &w) == TIDES_OK);
	for (i = 0; w && i < n; i++) {
		sent_i(n - 1 - i, &sent, doc, sizeof doc, text, sizeof text);
		sent.text = "again";
		sent.len = 5;
		T_CHECK(tides_store_bulk_add_sentence(w, &sent) == TIDES_OK);
	}
	if (w)
		T_CHECK(tides_store_bulk_finish(w, NULL) == TIDES_OK);
	tides_store_bulk_free(w);
	T_INTEQ(t_sql_int(a, "PRAGMA secure_delete"), 2);
	T_CHECK(same_sentences(a, b, &rows));
	tides_store_close(a);
	tides_store_close(b);
}

/* A writer dropped after a batch was committed keeps that batch's
 * sentences with its events; the buffered rest is gone with the open batch. */
static void test_dropped_sentences(void)
{
	tides_store *s = fresh("ks.db");
	tides_store_bulk *w = NULL;
	unsigned i;
	if (!s)
		return;
	T_CHECK(tides_store_bulk_new(s, 2, &w) == TIDES_OK);
	for (i = 1; w && i <= 5; i++) { /* 1, 2 | 3, 4 | 5 */
		tides_event ev;
		mk(&ev, i, "2021-03-04");
		T_CHECK(tides_store_bulk_add(w, &ev) == TIDES_OK);
		T_CHECK(add_sent(w, ev.doc_id, 1, "First.") == TIDES_OK);
		T_CHECK(add_sent(w, ev.doc_id, 2, "Second.") == TIDES_OK);
	}
	tides_store_bulk_free(w);
	s = reopen(s, "ks.db");
	if (!s)
		return;
	T_INTEQ(count(s).n, 4);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM sentences"), 8);
	T_INTEQ(t_sql_int(s, "SELECT count(*) FROM sentences WHERE doc_id = 'd5'"), 0);
	tides_store_close(s);
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
	T_RUN(test_sentences);
	T_RUN(test_dropped_sentences);
	T_RUN(test_hex);
	tides_ctx_free(ctx);
	t_rmdir(dir);
	return t_done();
}
