/*
 * test-store.c — the event store API: open/create, schema version, add
 * with dedup, batches and rollback, scan filters and order, sentences,
 * country lookup.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "store/store-db.h"
#include "test.h"
#include "fixture.h"

static char dir[64];
static tides_ctx *ctx;

static void path_in(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static void mk(tides_event *ev, const char *id, const char *date, const char *src, const char *tgt,
               const char *code, double g)
{
	tides_event_init(ev);
	if (id)
		snprintf(ev->event_id, sizeof ev->event_id, "%s", id);
	snprintf(ev->date, sizeof ev->date, "%s", date);
	snprintf(ev->source, sizeof ev->source, "%s", src);
	snprintf(ev->target, sizeof ev->target, "%s", tgt);
	snprintf(ev->code, sizeof ev->code, "%s", code);
	tides_cameo_fill(ev, TIDES_QUAD_GDELT);
	ev->goldstein = g;
	snprintf(ev->doc_id, sizeof ev->doc_id, "doc-%s", date);
	ev->sentence = 1;
}

typedef struct collect {
	int n;
	char dates[16][11];
	char ids[16][17];
	double g[16];
	int stop_after;
} collect;

static int collect_fn(void *ud, const tides_event *ev)
{
	collect *c = ud;
	if (c->n < 16) {
		memcpy(c->dates[c->n], ev->date, 11);
		memcpy(c->ids[c->n], ev->event_id, 17);
		c->g[c->n] = ev->goldstein;
	}
	c->n++;
	return c->stop_after && c->n >= c->stop_after;
}

static tides_store *fresh(const char *name)
{
	char p[128];
	tides_store *s = NULL;
	path_in(p, sizeof p, name);
	unlink(p);
	T_CHECK(tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) == TIDES_OK);
	return s;
}

static void fill(tides_store *s)
{
	tides_event ev;
	int added = -1;
	T_CHECK(tides_store_begin(s) == TIDES_OK);
	mk(&ev, "0000000000000001", "2012-08-09", "RUSMIL", "GEOGOV", "190", -10);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	T_INTEQ(added, 1);
	mk(&ev, "0000000000000002", "2012-08-07", "GEOMIL", "RUS", "190", -10);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	mk(&ev, "0000000000000003", "2012-08-12", "FRAGOV", "RUSGOV", "036", 4);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	mk(&ev, "0000000000000004", "2012-08-15", "RUSGOV", "GEOGOV", "057", 8);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	mk(&ev, "ffffffffffffffff", "2012-09-01", "ROMGOV", "GEO", "043", 2.8);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	/* same id again: a no-op */
	mk(&ev, "0000000000000001", "2012-08-09", "RUSMIL", "GEOGOV", "190", -10);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	T_INTEQ(added, 0);
	T_CHECK(tides_store_commit(s) == TIDES_OK);
}

static void test_open_schema(void)
{
	char p[128];
	tides_store *s = fresh("a.db");
	int64_t v = -1;
	sqlite3_stmt *st;
	T_CHECK(s != NULL);
	if (!s)
		return;
	T_CHECK(sqlite3_prepare_v2(tides_store_sqlite(s), "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	T_INTEQ(v, TIDES_STORE_SCHEMA_VERSION);
	T_CHECK(sqlite3_prepare_v2(tides_store_sqlite(s), "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		T_STREQ((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	tides_store_close(s);

	/* missing file without CREATE: an error with the OS message */
	path_in(p, sizeof p, "missing.db");
	T_CHECK(tides_store_open(ctx, p, 0, &s) == TIDES_ERR_IO);
	T_CHECK(s == NULL);
	T_CHECK(strstr(tides_errmsg(ctx), "No such file") != NULL);

	/* somebody else's database is refused, not modified */
	{
		sqlite3 *db;
		path_in(p, sizeof p, "other.db");
		unlink(p);
		sqlite3_open(p, &db);
		sqlite3_exec(db, "CREATE TABLE x(a)", NULL, NULL, NULL);
		sqlite3_close(db);
		T_CHECK(tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) == TIDES_ERR_STORE);
		T_CHECK(strstr(tides_errmsg(ctx), "not a tides store") != NULL);
		sqlite3_open(p, &db);
		sqlite3_exec(db, "DROP TABLE x; PRAGMA user_version=7", NULL, NULL, NULL);
		sqlite3_close(db);
		T_CHECK(tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) == TIDES_ERR_STORE);
		T_CHECK(strstr(tides_errmsg(ctx), "newer") != NULL);
	}
	/* a text file is not a database */
	{
		FILE *f;
		path_in(p, sizeof p, "text.db");
		f = fopen(p, "w");
		fputs("hello, this is not sqlite at all, just some text to fill the header\n", f);
		fclose(f);
		T_CHECK(tides_store_open(ctx, p, 0, &s) != TIDES_OK);
		T_CHECK(s == NULL);
	}
}

static void test_add_scan(void)
{
	tides_store *s = fresh("scan.db");
	tides_event_filter f;
	collect c;
	if (!s)
		return;
	fill(s);

	/* undirected country pair, date order */
	memset(&f, 0, sizeof f);
	f.a = "RUS";
	f.b = "GEO";
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, &f, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 3);
	T_STREQ(c.dates[0], "2012-08-07");
	T_STREQ(c.dates[1], "2012-08-09");
	T_STREQ(c.dates[2], "2012-08-15");

	/* directed */
	f.directed = 1;
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, &f, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 2);
	T_NEAR(c.g[0] + c.g[1], -2.0, 1e-9);

	/* date range, inclusive */
	f.directed = 0;
	f.from = "2012-08-09";
	f.to = "2012-08-15";
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, &f, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 2);

	/* one side only: everything touching RUS */
	memset(&f, 0, sizeof f);
	f.a = "RUS";
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, &f, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 4);

	/* exact actors */
	memset(&f, 0, sizeof f);
	f.a = "RUSMIL";
	f.b = "GEOGOV";
	f.exact_actors = 1;
	f.directed = 1;
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, &f, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 1);
	T_STREQ(c.ids[0], "0000000000000001");

	/* CAMEO's ROM is ISO's ROU; the high-bit id survives the round trip */
	memset(&f, 0, sizeof f);
	f.a = "ROU";
	f.directed = 1;
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, &f, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 1);
	T_STREQ(c.ids[0], "ffffffffffffffff");

	/* all, and stopping early */
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, NULL, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 5);
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	T_CHECK(tides_store_scan(s, NULL, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 2);
	tides_store_close(s);
}

static void test_rollback_on_close(void)
{
	char p[128];
	tides_store *s = fresh("rb.db");
	tides_event ev;
	collect c;
	if (!s)
		return;
	fill(s);
	T_CHECK(tides_store_begin(s) == TIDES_OK);
	mk(&ev, "0000000000000009", "2013-01-01", "USA", "CHN", "010", 0);
	T_CHECK(tides_store_add(s, &ev, NULL) == TIDES_OK);
	tides_store_close(s); /* the open batch is rolled back */
	path_in(p, sizeof p, "rb.db");
	T_CHECK(tides_store_open(ctx, p, TIDES_STORE_READONLY, &s) == TIDES_OK);
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, NULL, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 5);
	/* read-only refuses writes */
	T_CHECK(tides_store_add(s, &ev, NULL) == TIDES_ERR_USAGE);
	tides_store_close(s);
}

static void test_content_id(void)
{
	tides_store *s = fresh("cid.db");
	tides_event ev;
	int added = -1;
	collect c;
	if (!s)
		return;
	/* no event id: the content hash names it; the same content twice is one row */
	mk(&ev, NULL, "2014-03-01", "RUSMIL", "UKR", "190", -10);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	T_INTEQ(added, 1);
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	T_INTEQ(added, 0);
	ev.sentence = 2;
	T_CHECK(tides_store_add(s, &ev, &added) == TIDES_OK);
	T_INTEQ(added, 1);
	memset(&c, 0, sizeof c);
	T_CHECK(tides_store_scan(s, NULL, collect_fn, &c) == TIDES_OK);
	T_INTEQ(c.n, 2);
	T_INTEQ(strlen(c.ids[0]), 16);
	tides_store_close(s);
}

static void test_sentences(void)
{
	tides_store *s = fresh("sent.db");
	tides_sentence se;
	char buf[16];
	size_t len = 0;
	const char *text = "Russian troops entered Gori on Tuesday.";
	if (!s)
		return;
	memset(&se, 0, sizeof se);
	se.doc_id = "AFP-0812";
	se.date = "2008-08-12";
	se.sentence = 3;
	se.lang = "en";
	se.text = text;
	se.len = strlen(text);
	T_CHECK(tides_store_add_sentence(s, &se) == TIDES_OK);
	T_CHECK(tides_store_add_sentence(s, &se) == TIDES_OK); /* idempotent */
	T_CHECK(tides_store_get_sentence(s, "AFP-0812", 3, buf, sizeof buf, &len) == TIDES_OK);
	T_INTEQ(len, strlen(text));
	T_STREQ(buf, "Russian troops ");
	{
		char big[128];
		T_CHECK(tides_store_get_sentence(s, "AFP-0812", 3, big, sizeof big, &len) == TIDES_OK);
		T_STREQ(big, text);
	}
	/* length only */
	len = 0;
	T_CHECK(tides_store_get_sentence(s, "AFP-0812", 3, NULL, 0, &len) == TIDES_OK);
	T_INTEQ(len, strlen(text));
	T_CHECK(tides_store_get_sentence(s, "AFP-0812", 4, buf, sizeof buf, &len) == TIDES_ERR_NOTFOUND);
	T_INTEQ(len, 0);
	T_STREQ(buf, "");
	/* truncation never splits a UTF-8 character */
	se.sentence = 4;
	se.text = "\xe4\xbf\x84\xe7\xbd\x97\xe6\x96\xaf\xe5\x86\x9b\xe9\x98\x9f"; /* 5 CJK chars */
	se.len = strlen(se.text);
	T_CHECK(tides_store_add_sentence(s, &se) == TIDES_OK);
	T_CHECK(tides_store_get_sentence(s, "AFP-0812", 4, buf, 8, &len) == TIDES_OK);
	T_INTEQ(strlen(buf), 6);
	T_INTEQ(len, 15);
	tides_store_close(s);
}

extern const char *const tides_country_names_[][2];
extern const size_t tides_country_nnames_;
extern const char *const tides_country_codes_[][2];
extern const size_t tides_country_ncodes_;

static void test_countries(void)
{
	size_t i, lost = 0;
	/* every key of the generated tables is found: the sort order is right */
	for (i = 0; i < tides_country_nnames_; i++)
		if (strcmp(store_country_by_name(tides_country_names_[i][0],
		                                 strlen(tides_country_names_[i][0])),
		           tides_country_names_[i][1]) != 0)
			lost++;
	for (i = 0; i < tides_country_ncodes_; i++)
		if (strcmp(store_country_by_cameo(tides_country_codes_[i][0], 3),
		           tides_country_codes_[i][1]) != 0)
			lost++;
	T_INTEQ(lost, 0);
	T_CHECK(tides_country_nnames_ > 400);
	T_STREQ(store_country_by_name("Russian Federation", 18), "RUS");
	T_STREQ(store_country_by_name("  russia ", 9), "RUS");
	T_STREQ(store_country_by_name("Moldova, Republic of", 20), "MDA");
	T_STREQ(store_country_by_name("the former Yugoslav Republic of Macedonia", 41), "MKD");
	T_STREQ(store_country_by_name("Cote d'Ivoire", 13), "CIV");
	T_STREQ(store_country_by_name("Democratic Republic of Congo", 28), "COD");
	T_STREQ(store_country_by_name("Congo", 5), "COG");
	T_STREQ(store_country_by_name("Holy See", 8), "VAT");
	T_STREQ(store_country_by_name("Atlantis", 8), "");
	T_STREQ(store_country_by_name("", 0), "");
	T_STREQ(store_country_by_cameo("USAGOV", 6), "USA");
	T_STREQ(store_country_by_cameo("ROMMIL", 6), "ROU");
	T_STREQ(store_country_by_cameo("TMP", 3), "TLS");
	T_STREQ(store_country_by_cameo("GOV", 3), "");
	T_STREQ(store_country_by_cameo("AFR", 3), "");
	T_STREQ(store_country_by_cameo("US", 2), "");
	/* the bisection on packed bytes: case, high bytes and both ends */
	T_STREQ(store_country_by_cameo("usa", 3), "");
	T_STREQ(store_country_by_cameo("\xff\xfe\x80GOV", 6), "");
	T_STREQ(store_country_by_cameo("AAA", 3), "");
	T_STREQ(store_country_by_cameo("ZZZZ", 4), "");
	T_STREQ(store_country_by_cameo("ABW", 3), "ABW");
	T_STREQ(store_country_by_cameo("ZWEREB", 6), "ZWE");
}

static void test_hex(void)
{
	uint64_t v = 0;
	char out[17];
	T_CHECK(store_hex_to_u64("8000000000000001", &v));
	store_u64_to_hex(v, out);
	T_STREQ(out, "8000000000000001");
	T_CHECK(!store_hex_to_u64("800000000000000", &v));
	T_CHECK(!store_hex_to_u64("80000000000000011", &v));
	T_CHECK(!store_hex_to_u64("800000000000000g", &v));
}

int main(void)
{
	if (t_tmpdir(dir, sizeof dir, "store") < 0)
		return 1;
	ctx = tides_ctx_new();
	T_RUN(test_open_schema);
	T_RUN(test_add_scan);
	T_RUN(test_rollback_on_close);
	T_RUN(test_content_id);
	T_RUN(test_sentences);
	T_RUN(test_countries);
	T_RUN(test_hex);
	tides_ctx_free(ctx);
	t_rmdir(dir);
	return t_done();
}
