/*
 * test-import.c — the importers on inputs written here: GDELT 1.0/2.0,
 * ICEWS, Phoenix, tides TSV/JSONL, plain/.gz/.zip, malformed rows, strict
 * rollback, idempotent re-runs, resume from a recorded offset, one-a-day
 * dedup, and an allocation-failure sweep (tides_mem_fail_after) that also
 * reaches SQLite's allocations through SQLITE_CONFIG_MALLOC.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "tides.h"
#include "store/import.h"
#include "store/store-db.h"
#include "util/date.h"
#include "util/mem.h"
#include "test.h"
#include "fixture.h"

static char dir[64];
static tides_ctx *ctx;
static char lastwarn[512];
static int nwarn;

static void on_warn(void *ud, const char *msg)
{
	(void)ud;
	nwarn++;
	snprintf(lastwarn, sizeof lastwarn, "%s", msg);
}

static void path_in(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

/* One GDELT 1.0 row (58 columns) with the fields the importer reads. */
static void gdelt_row(char *out, size_t cap, long id, const char *date, const char *a1,
                      const char *a1cc, const char *a2, const char *a2cc, const char *code,
                      int quad, const char *gold)
{
	char f[58][64];
	int i;
	size_t n = 0;
	for (i = 0; i < 58; i++)
		f[i][0] = '\0';
	snprintf(f[0], 64, "%ld", id);
	snprintf(f[1], 64, "%s", date);
	snprintf(f[5], 64, "%s", a1);
	snprintf(f[6], 64, "NAME %s", a1);
	snprintf(f[7], 64, "%s", a1cc);
	snprintf(f[15], 64, "%s", a2);
	snprintf(f[16], 64, "NAME %s", a2);
	snprintf(f[17], 64, "%s", a2cc);
	snprintf(f[26], 64, "%s", code);
	snprintf(f[28], 64, "%.2s", code);
	snprintf(f[29], 64, "%d", quad);
	snprintf(f[30], 64, "%s", gold);
	snprintf(f[57], 64, "http://example.org/%ld", id);
	for (i = 0; i < 58; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", f[i], i < 57 ? "\t" : "\n");
}

/* The GDELT parser's fields: numbers read by its fast decimal path must be
 * strtod's (bit for bit), what it does not take must behave as before, and
 * the URL (the last field, found while the middle fields are only counted)
 * must be the row's.  Lines of 57, 58 and 59 columns and a row whose tabs
 * fall at every 16-byte boundary. */
static void test_gdelt_fields(void)
{
	static const char *const golds[] = {
		"-2.5", "10", "-10.0", "0", "-0", "+3.4", "0.1", "1.9", "7.00000000000001",
		"123456789012345", "1234567890123456", "0.30000000000000004", "3.", ".5", "1e1",
		" 2", "2 ", "-", ".", "nan", "inf", "1.2.3", "0x10", "",
	};
	store_parser ps;
	tides_event ev;
	char line[2048], msg[200];
	size_t i;
	for (i = 0; i < sizeof golds / sizeof golds[0]; i++) {
		char *end;
		double want = strtod(golds[i], &end);
		int ok = golds[i][0] && *end == '\0' && want == want && want - want == 0, rc;
		gdelt_row(line, sizeof line, 7, "20120105", "USAGOV", "USA", "RUSGOV", "RUS", "042", 1,
		          golds[i]);
		store_parser_init(&ps, TIDES_IMPORT_GDELT1);
		rc = store_parse_line(&ps, line, strlen(line) - 1, &ev, msg, sizeof msg);
		if (!golds[i][0]) {
			T_INTEQ(rc, STORE_ROW); /* no value: the codebook's weight */
			continue;
		}
		if (ok) {
			T_INTEQ(rc, STORE_ROW);
			T_CHECK(memcmp(&ev.goldstein, &want, sizeof want) == 0);
			T_STREQ(ev.doc_id, "http://example.org/7");
			{
				/* the id and day handed to the column builder are the
				 * event's own */
				uint64_t v = 0;
				T_CHECK(ps.known);
				T_CHECK(store_hex_to_u64(ev.event_id, &v) && v == ps.id);
				T_INTEQ(ps.day, tides_date_parse_iso(ev.date, strlen(ev.date)));
			}
		} else {
			T_INTEQ(rc, STORE_BAD);
		}
	}
	/* 57 columns (no URL), 59 (bad), and tabs at 16-byte boundaries */
	gdelt_row(line, sizeof line, 8, "20120105", "USAGOV", "USA", "RUSGOV", "RUS", "042", 1, "1");
	*strrchr(line, '\t') = '\0';
	store_parser_init(&ps, TIDES_IMPORT_GDELT1);
	T_INTEQ(store_parse_line(&ps, line, strlen(line), &ev, msg, sizeof msg), STORE_ROW);
	T_STREQ(ev.doc_id, "");
	T_STREQ(ev.source_text, "NAME USAGOV");
	gdelt_row(line, sizeof line, 8, "20120105", "USAGOV", "USA", "RUSGOV", "RUS", "042", 1, "1");
	line[strlen(line) - 1] = '\t';
	T_INTEQ(store_parse_line(&ps, line, strlen(line), &ev, msg, sizeof msg), STORE_BAD);
	T_STREQ(msg, "expected 57 or 58 columns, found 59");
	{
		char wide[4096];
		size_t n = 0;
		int k;
		for (k = 0; k < 58; k++) {
			const char *v = k == 0 ? "123456789012345" : k == 1 ? "20120105" : k == 26 ? "042" :
			                k == 30 ? "-1.5" : k == 57 ? "http://x.org/abcdefghijklmno" : "abcdefghijklmno";
			n += (size_t)snprintf(wide + n, sizeof wide - n, "%s%s", v, k < 57 ? "\t" : "");
		}
		T_INTEQ(store_parse_line(&ps, wide, n, &ev, msg, sizeof msg), STORE_ROW);
		T_STREQ(ev.doc_id, "http://x.org/abcdefghijklmno");
		T_STREQ(ev.target, "abcdefghijklmno");
		T_CHECK(ev.goldstein == -1.5);
	}
}

/* The splitter against a plain one on pseudo-random GDELT-shaped lines:
 * 55 to 60 columns, middle fields of 0 to 700 bytes (so the counting part
 * of the splitter runs past the 255 blocks its byte counters hold), tabs at
 * every offset of its 16- and 8-byte blocks.  A row is taken exactly when
 * it has 57 or 58 columns, and then its URL and actor fields are the
 * line's own. */
static void test_gdelt_split_random(void)
{
	static char line[60 * 720];
	char url[720], msg[200];
	store_parser ps;
	tides_event ev;
	uint64_t r = 88172645463325252ull;
	int iter;
	for (iter = 0; iter < 3000; iter++) {
		int ncol, k, rc;
		size_t n = 0;
		r ^= r << 13; r ^= r >> 7; r ^= r << 17;
		ncol = 55 + (int)(r % 6);
		for (k = 0; k < ncol; k++) {
			size_t len, j;
			char fld[720];
			r ^= r << 13; r ^= r >> 7; r ^= r << 17;
			len = (iter % 7 == 0 && k > 31) ? (size_t)(r % 700) : (size_t)(r % 24);
			for (j = 0; j < len; j++)
				fld[j] = (char)('a' + (r >> (j % 40)) % 26);
			fld[len] = '\0';
			if (k == 0)
				snprintf(fld, sizeof fld, "%d", 1000 + iter);
			else if (k == 1)
				snprintf(fld, sizeof fld, "20120105");
			else if (k == 26)
				snprintf(fld, sizeof fld, "042");
			else if (k == 28 || k == 29 || k == 30)
				fld[0] = '\0';
			else if (k == ncol - 1 && ncol > 31) {
				fld[len >= sizeof ev.doc_id ? sizeof ev.doc_id - 1 : len] = '\0';
				snprintf(url, sizeof url, "%s", fld);
			}
			n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", fld, k < ncol - 1 ? "\t" : "");
		}
		store_parser_init(&ps, TIDES_IMPORT_GDELT1);
		rc = store_parse_line(&ps, line, n, &ev, msg, sizeof msg);
		if (ncol == 57 || ncol == 58) {
			const char *p = line;
			T_INTEQ(rc, STORE_ROW);
			if (ncol == 58)
				T_STREQ(ev.doc_id, url);
			else
				T_STREQ(ev.doc_id, "");
			for (k = 0; k < 16; k++)
				p = strchr(p, '\t') + 1;
			T_CHECK(strncmp(p, ev.target_text, strlen(ev.target_text)) == 0 &&
			        p[strlen(ev.target_text)] == '\t');
		} else {
			char want[64];
			snprintf(want, sizeof want, "expected 57 or 58 columns, found %d", ncol);
			T_INTEQ(rc, STORE_BAD);
			T_STREQ(msg, want);
		}
	}
	/* more tabs than one byte counter holds: 9000 one-byte columns */
	for (iter = 0; iter < 17999; iter++)
		line[iter] = iter % 2 ? '\t' : 'x';
	store_parser_init(&ps, TIDES_IMPORT_GDELT1);
	T_INTEQ(store_parse_line(&ps, line, 17999, &ev, msg, sizeof msg), STORE_BAD);
	T_STREQ(msg, "expected 57 or 58 columns, found 9000");
}

/* The parser remembers the last date it read: repeated, changed and bad
 * dates in a row must still give each row its own day (or its error). */
static void test_gdelt_date_runs(void)
{
	static const char *const dates[] = {
		"20120105", "20120105", "20120106", "20121399", "20120106", "19991231", "20120105",
	};
	store_parser ps;
	tides_event ev;
	char line[2048], msg[200];
	size_t i;
	store_parser_init(&ps, TIDES_IMPORT_GDELT1);
	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		int rc;
		gdelt_row(line, sizeof line, (long)i + 1, dates[i], "USAGOV", "USA", "RUSGOV", "RUS", "042", 1, "1");
		rc = store_parse_line(&ps, line, strlen(line) - 1, &ev, msg, sizeof msg);
		if (strcmp(dates[i], "20121399") == 0) {
			T_INTEQ(rc, STORE_BAD);
			T_STREQ(msg, "bad date '20121399'");
			continue;
		}
		T_INTEQ(rc, STORE_ROW);
		T_INTEQ(ps.day, tides_date_parse_ymd8(dates[i], 8));
		T_CHECK(memcmp(ev.date, dates[i], 4) == 0 && memcmp(ev.date + 5, dates[i] + 4, 2) == 0 &&
		        memcmp(ev.date + 8, dates[i] + 6, 2) == 0);
	}
}

static void write_file(const char *name, const char *text)
{
	char p[128];
	FILE *f;
	path_in(p, sizeof p, name);
	f = fopen(p, "wb");
	fputs(text, f);
	fclose(f);
}

/* n good rows; the dyad alternates RUS->GEO / GEO->RUS; goldstein -2.5. */
static void make_gdelt(const char *name, int n, long id0)
{
	char p[128], row[2048];
	FILE *f;
	int i;
	path_in(p, sizeof p, name);
	f = fopen(p, "wb");
	for (i = 0; i < n; i++) {
		char date[9];
		snprintf(date, sizeof date, "201208%02d", 1 + i % 28);
		if (i % 2)
			gdelt_row(row, sizeof row, id0 + i, date, "RUSMIL", "RUS", "GEOGOV", "GEO", "190", 4, "-2.5");
		else
			gdelt_row(row, sizeof row, id0 + i, date, "GEOGOV", "GEO", "RUSGOV", "RUS", "036", 1, "-2.5");
		fputs(row, f);
	}
	fclose(f);
}

/* Schema 2 keeps imported events in columnar segments; the checks below
 * stay SQL: q1 first copies every event the store hands out
 * (tides_store_export) into a TEMP table `events`, which shadows the row
 * table for unqualified names on this connection. */
static int copy_event(void *ud, const tides_event *ev)
{
	sqlite3_stmt *ins = ud;
	const char *txt[] = {ev->event_id, ev->date, ev->source, ev->target, ev->code, ev->root};
	int i;
	for (i = 0; i < 6; i++)
		sqlite3_bind_text(ins, i + 1, txt[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(ins, 7, ev->quad);
	if (isnan(ev->goldstein))
		sqlite3_bind_null(ins, 8);
	else
		sqlite3_bind_double(ins, 8, ev->goldstein);
	sqlite3_bind_text(ins, 9, ev->issues, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 10, ev->doc_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(ins, 11, ev->sentence);
	sqlite3_bind_text(ins, 12, ev->lang, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 13, ev->source_text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 14, ev->verb_text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 15, ev->target_text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 16, ev->origin, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 17, ev->orig_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 18, ev->source_country, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 19, ev->target_country, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(ins) != SQLITE_DONE)
		return 1;
	sqlite3_reset(ins);
	return 0;
}

static int64_t q1(tides_store *s, const char *sql)
{
	sqlite3 *db = tides_store_sqlite(s);
	sqlite3_stmt *st, *ins;
	int64_t v = -1;
	if (strstr(sql, "events")) {
		if (sqlite3_exec(db, "DROP TABLE IF EXISTS temp.events;"
		                     "CREATE TEMP TABLE events(event_id, date, source, target, code, root, quad,"
		                     " goldstein, issues, doc_id, sentence, lang, source_text, verb_text,"
		                     " target_text, origin, orig_id, source_country, target_country)",
		                 NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, "INSERT INTO temp.events VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
		                           "?11,?12,?13,?14,?15,?16,?17,?18,?19)", -1, &ins, NULL) != SQLITE_OK)
			return -3;
		if (tides_store_export(s, NULL, copy_event, ins) != TIDES_OK)
			v = -4;
		sqlite3_finalize(ins);
		if (v == -4)
			return v;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp.events", NULL, NULL, NULL);
	return v;
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

static tides_status imp(tides_store *s, const char *name, tides_import_opts *o, tides_import_stats *st)
{
	char p[128];
	path_in(p, sizeof p, name);
	memset(st, 0, sizeof *st);
	return tides_store_import(s, p, o, st);
}

static void test_gdelt_basic(void)
{
	tides_store *s = fresh("g.db");
	tides_import_opts o;
	tides_import_stats st;
	if (!s)
		return;
	make_gdelt("g.tsv", 1000, 5000);
	tides_import_opts_init(&o);
	o.batch_rows = 64;
	T_CHECK(imp(s, "g.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.rows, 1000);
	T_INTEQ(st.added, 1000);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE origin='gdelt1'"), 1000);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE source_country='RUS' AND target_country='GEO'"), 500);
	T_INTEQ(q1(s, "SELECT round(sum(goldstein)*10) FROM events"), -25000);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE quad=4 AND root='19'"), 500);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE doc_id LIKE 'http://example.org/%'"), 1000);
	T_INTEQ(q1(s, "SELECT done FROM import_progress"), 1);
	/* the same file again: skipped as done */
	T_CHECK(imp(s, "g.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.files_skipped, 1);
	T_INTEQ(st.added, 0);
	/* after touching it, it is read again but adds nothing */
	T_CHECK(q1(s, "UPDATE import_progress SET mtime_ns = 1") == -1);
	T_CHECK(imp(s, "g.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.rows, 1000);
	T_INTEQ(st.added, 0);
	T_INTEQ(st.dups, 1000);
	T_INTEQ(q1(s, "SELECT count(*) FROM events"), 1000);
	tides_store_close(s);
}

static void test_resume_offset(void)
{
	tides_store *s = fresh("r.db");
	tides_import_opts o;
	tides_import_stats st;
	char p[128], sql[512];
	FILE *f;
	long off = 0;
	int i;
	struct { long off; } pos;
	if (!s)
		return;
	make_gdelt("r.tsv", 300, 9000);
	/* find the byte offset of line 101 */
	path_in(p, sizeof p, "r.tsv");
	f = fopen(p, "rb");
	for (i = 0; i < 100; i++) {
		int c;
		while ((c = fgetc(f)) != EOF && c != '\n')
			;
	}
	off = ftell(f);
	fclose(f);
	pos.off = off;
	tides_import_opts_init(&o);
	/* a first run records size and mtime; pretend it stopped after 100 lines */
	T_CHECK(imp(s, "r.tsv", &o, &st) == TIDES_OK);
	snprintf(sql, sizeof sql,
	         "DELETE FROM segments; DELETE FROM segment_data; UPDATE import_progress SET done = 0, offset = %ld, line = 100, rows = 100",
	         pos.off);
	T_CHECK(sqlite3_exec(tides_store_sqlite(s), sql, NULL, NULL, NULL) == SQLITE_OK);
	T_CHECK(imp(s, "r.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.resumed, 1);
	T_INTEQ(st.rows, 200);
	T_INTEQ(q1(s, "SELECT count(*) FROM events"), 200);
	T_INTEQ(q1(s, "SELECT min(CAST(orig_id AS INTEGER)) FROM events"), 9100);
	T_INTEQ(q1(s, "SELECT line FROM import_progress"), 300);
	tides_store_close(s);

	/* the same through gzip: the offset counts uncompressed bytes (gzseek) */
	s = fresh("rz.db");
	if (!s)
		return;
	{
		char row[2048], q[128];
		gzFile gz;
		path_in(q, sizeof q, "r.tsv.gz");
		gz = gzopen(q, "wb");
		f = fopen(p, "rb");
		while (fgets(row, sizeof row, f))
			gzputs(gz, row);
		fclose(f);
		gzclose(gz);
	}
	T_CHECK(imp(s, "r.tsv.gz", &o, &st) == TIDES_OK);
	T_CHECK(sqlite3_exec(tides_store_sqlite(s), sql, NULL, NULL, NULL) == SQLITE_OK);
	T_CHECK(imp(s, "r.tsv.gz", &o, &st) == TIDES_OK);
	T_INTEQ(st.resumed, 1);
	T_INTEQ(st.rows, 200);
	T_INTEQ(q1(s, "SELECT min(CAST(orig_id AS INTEGER)) FROM events"), 9100);
	tides_store_close(s);
}

static void test_bad_rows(void)
{
	tides_store *s = fresh("b.db");
	tides_import_opts o;
	tides_import_stats st;
	char row[2048], text[16384];
	size_t n = 0;
	if (!s)
		return;
	gdelt_row(row, sizeof row, 1, "20120801", "RUS", "RUS", "GEO", "GEO", "190", 4, "-10");
	n += (size_t)snprintf(text + n, sizeof text - n, "%s", row);
	gdelt_row(row, sizeof row, 2, "20121399", "RUS", "RUS", "GEO", "GEO", "190", 4, "-10");
	n += (size_t)snprintf(text + n, sizeof text - n, "%s", row);  /* line 2: bad date */
	n += (size_t)snprintf(text + n, sizeof text - n, "1\t2\t3\n");  /* line 3: columns */
	gdelt_row(row, sizeof row, 4, "20120801", "RUS", "RUS", "GEO", "GEO", "999", 4, "-10");
	n += (size_t)snprintf(text + n, sizeof text - n, "%s", row);  /* line 4: code */
	gdelt_row(row, sizeof row, 5, "20120801", "RUS\xff", "RUS", "GEO", "GEO", "190", 4, "-10");
	n += (size_t)snprintf(text + n, sizeof text - n, "%s", row);  /* line 5: UTF-8 */
	gdelt_row(row, sizeof row, 6, "20120802", "RUS", "RUS", "GEO", "GEO", "042", 1, "1.9");
	n += (size_t)snprintf(text + n, sizeof text - n, "%s", row);
	write_file("bad.tsv", text);
	tides_import_opts_init(&o);
	nwarn = 0;
	T_CHECK(imp(s, "bad.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.bad, 4);
	T_INTEQ(st.added, 2);
	T_INTEQ(nwarn, 4);
	T_CHECK(strstr(lastwarn, "bad.tsv:5: invalid UTF-8") != NULL);
	tides_store_close(s);

	/* strict: the first bad row is fatal and its batch is not written */
	s = fresh("bs.db");
	if (!s)
		return;
	o.strict = 1;
	T_CHECK(imp(s, "bad.tsv", &o, &st) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), "bad.tsv:2: bad date '20121399'") != NULL);
	T_INTEQ(q1(s, "SELECT count(*) FROM events"), 0);
	T_INTEQ(q1(s, "SELECT count(*) FROM import_progress"), 0);
	tides_store_close(s);
}

static void test_long_line(void)
{
	tides_store *s = fresh("l.db");
	tides_import_opts o;
	tides_import_stats st;
	char p[128], row[2048];
	FILE *f;
	size_t i;
	if (!s)
		return;
	/* a 9 MB line (over the 4 MiB buffer) between two good rows */
	path_in(p, sizeof p, "long.CSV");
	f = fopen(p, "wb");
	gdelt_row(row, sizeof row, 1, "20120801", "RUS", "RUS", "GEO", "GEO", "190", 4, "-10");
	fputs(row, f);
	for (i = 0; i < 9u << 20; i++)
		fputc(i % 100 ? 'x' : '\t', f);
	fputc('\n', f);
	gdelt_row(row, sizeof row, 3, "20120801", "RUS", "RUS", "GEO", "GEO", "190", 4, "-10");
	fputs(row, f);
	fclose(f);
	tides_import_opts_init(&o);
	nwarn = 0;
	T_CHECK(imp(s, "long.CSV", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 2);
	T_INTEQ(st.bad, 1);
	T_INTEQ(nwarn, 1);
	T_CHECK(strstr(lastwarn, "long.CSV:2: line longer than") != NULL);
	T_INTEQ(q1(s, "SELECT line FROM import_progress"), 3);
	tides_store_close(s);
}

static void test_formats(void)
{
	tides_store *s = fresh("f.db");
	tides_import_opts o;
	tides_import_stats st;
	char row[4096];
	if (!s)
		return;
	tides_import_opts_init(&o);
	/* ICEWS: header, names -> ISO-3, Intensity as goldstein, ICEWS quads */
	write_file("i.tab",
	           "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\t"
	           "Intensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\t"
	           "Publisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\n"
	           "7\t2018-06-01\tPolice (Russia)\tPolice\tRussian Federation\tProtest\t141\t-6.5\t"
	           "Citizen (Moldova)\tCivilian\tMoldova, Republic of\t99\t3\tX\t\t\t\t\t\t\n"
	           "7\t2018-06-02\tPolice (Russia)\tPolice\tRussian Federation\tInvestigate\t090\t-2\t"
	           "Unspecified Actor\t\tNA\t99\t4\tX\t\t\t\t\t\t\n");
	T_CHECK(imp(s, "i.tab", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 2); /* same Event ID, other date: two events */
	T_INTEQ(st.bad, 0);
	/* with a byte-order mark in front of the header: the same, nothing malformed */
	{
		char p[128], q[128], buf[4096];
		FILE *in, *out;
		size_t n;
		path_in(p, sizeof p, "i.tab");
		path_in(q, sizeof q, "ibom.tab");
		in = fopen(p, "rb");
		out = fopen(q, "wb");
		fputs("\xef\xbb\xbf", out);
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			fwrite(buf, 1, n, out);
		fclose(in);
		fclose(out);
	}
	T_CHECK(imp(s, "ibom.tab", &o, &st) == TIDES_OK);
	T_INTEQ(st.rows, 2);
	T_INTEQ(st.bad, 0);
	T_INTEQ(st.dups, 2);
	T_INTEQ(q1(s, "SELECT quad FROM events WHERE code='141'"), 4);
	T_INTEQ(q1(s, "SELECT quad FROM events WHERE code='090'"), 3);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE source_country='RUS' AND target_country='MDA'"), 1);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE target_country='' AND code='090'"), 1);
	T_INTEQ(q1(s, "SELECT round(sum(goldstein)*10) FROM events WHERE origin='icews'"), -85);
	T_INTEQ(q1(s, "SELECT sentence FROM events WHERE code='090'"), 4);

	/* Phoenix */
	snprintf(row, sizeof row,
	         "P1\t20160328\t2016\t03\t28\tGBRCVL\tGBR\tCVL\t\tROMGOV\tROM\tGOV\t\t1711\t17\t4\t-9.2\t"
	         "ISSUE,1\t\t\t\t\tGBR\tabc123_4;def_5\thttp://x\tsrc\n");
	write_file("p.txt", row);
	T_CHECK(imp(s, "p.txt", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 1);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE origin='phoenix' AND target_country='ROU' AND "
	              "doc_id='abc123' AND sentence=4 AND quad=4 AND root='17'"), 1);

	/* GDELT 2.0: 61 columns, URL last */
	{
		int i;
		size_t n = 0;
		for (i = 0; i < 61; i++) {
			const char *v = "";
			if (i == 0) v = "777";
			else if (i == 1) v = "20150219";
			else if (i == 5) v = "USA";
			else if (i == 7) v = "USA";
			else if (i == 15) v = "CHN";
			else if (i == 17) v = "CHN";
			else if (i == 26) v = "0211";
			else if (i == 28) v = "02";
			else if (i == 29) v = "1";
			else if (i == 30) v = "3.4";
			else if (i == 60) v = "http://g2";
			n += (size_t)snprintf(row + n, sizeof row - n, "%s%s", v, i < 60 ? "\t" : "\n");
		}
		write_file("g2.csv", row);
	}
	T_CHECK(imp(s, "g2.csv", &o, &st) == TIDES_OK);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE origin='gdelt2' AND doc_id='http://g2' AND code='0211'"), 1);

	/* tides TSV with header (column order from the header) and JSONL */
	write_file("t.tsv",
	           "event_id\tdate\tsource\ttarget\tcode\troot\tquad\tgoldstein\tissues\tdoc_id\tsentence\t"
	           "lang\tsource_text\tverb_text\ttarget_text\n"
	           "00000000000000aa\t2008-08-08\tRUSMIL\tGEO\t190\t19\t4\t-10\t\tAFP1\t2\ten\tRussian troops\tattacked\tGeorgia\n"
	           "\t2008-08-09\tGEOGOV\tRUS\t111\t\t\t\t\tAFP1\t3\ten\tTbilisi\taccused\tMoscow\n");
	T_CHECK(imp(s, "t.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 2);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE origin='coder' AND source_country='RUS' AND quad=4"), 1);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE origin='coder' AND code='111' AND root='11' AND quad=3"), 1);
	write_file("t.jsonl",
	           "{\"event_id\":\"00000000000000bb\",\"date\":\"2008-08-10\",\"source\":\"FRA\","
	           "\"target\":\"RUS\",\"code\":\"036\",\"goldstein\":4,\"doc_id\":\"AFP2\",\"sentence\":1,"
	           "\"lang\":\"en\",\"verb_text\":\"proposed \\\"talks\\\" \\u00e9\",\"extra\":null}\n"
	           "{\"date\":\"2008-08-10\",\"code\":\"036\",}\n");
	T_CHECK(imp(s, "t.jsonl", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 1);
	T_INTEQ(st.bad, 1);
	T_INTEQ(q1(s, "SELECT count(*) FROM events WHERE verb_text='proposed \"talks\" \xc3\xa9'"), 1);
	tides_store_close(s);
}

static void test_compressed(void)
{
	tides_store *s = fresh("c.db");
	tides_import_opts o;
	tides_import_stats st;
	char p[128], row[2048];
	gzFile gz;
	int i;
	if (!s)
		return;
	path_in(p, sizeof p, "c.CSV.gz");
	gz = gzopen(p, "wb");
	for (i = 0; i < 500; i++) {
		gdelt_row(row, sizeof row, 100 + i, "20121105", "USA", "USA", "RUS", "RUS", "042", 1, "1.9");
		gzputs(gz, row);
	}
	gzclose(gz);
	tides_import_opts_init(&o);
	T_CHECK(imp(s, "c.CSV.gz", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 500);
	{
		zip_t *za;
		zip_source_t *src;
		char *data = malloc(600 * 400);
		size_t n = 0;
		int err;
		for (i = 0; i < 300; i++) {
			gdelt_row(row, sizeof row, 1000 + i, "20121106", "USA", "USA", "RUS", "RUS", "042", 1, "1.9");
			memcpy(data + n, row, strlen(row));
			n += strlen(row);
		}
		path_in(p, sizeof p, "c.zip");
		unlink(p);
		za = zip_open(p, ZIP_CREATE, &err);
		src = zip_source_buffer(za, data, n, 0);
		zip_file_add(za, "20121106.export.CSV", src, 0);
		zip_close(za);
		free(data);
	}
	T_CHECK(imp(s, "c.zip", &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 300);
	T_INTEQ(q1(s, "SELECT count(*) FROM import_progress WHERE path LIKE '%c.zip#20121106.export.CSV'"), 1);
	/* a truncated gzip: the whole lines before the damage are kept, with a message */
	{
		FILE *f;
		char q[128];
		long sz;
		char *buf;
		path_in(p, sizeof p, "c.CSV.gz");
		f = fopen(p, "rb");
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t)sz);
		T_CHECK(fread(buf, 1, (size_t)sz, f) == (size_t)sz);
		fclose(f);
		path_in(q, sizeof q, "trunc.gz");
		f = fopen(q, "wb");
		fwrite(buf, 1, (size_t)sz / 2, f);
		fclose(f);
		free(buf);
	}
	T_CHECK(imp(s, "trunc.gz", &o, &st) == TIDES_ERR_DATA);
	T_CHECK(strstr(tides_errmsg(ctx), "trunc.gz:") != NULL);
	T_INTEQ(st.bad, 0);
	tides_store_close(s);
}

static void test_one_a_day(void)
{
	tides_store *s = fresh("d.db");
	tides_import_opts o;
	tides_import_stats st;
	if (!s)
		return;
	/* 1000 rows over 28 days; 28 is even, so each day sees one of the two
	 * (source, target, code) keys -> 28 */
	make_gdelt("d.tsv", 1000, 1);
	tides_import_opts_init(&o);
	o.dedup_one_a_day = 1;
	T_CHECK(imp(s, "d.tsv", &o, &st) == TIDES_OK);
	T_INTEQ(st.rows, 1000);
	T_INTEQ(q1(s, "SELECT count(*) FROM events"), 28);
	T_INTEQ(q1(s, "SELECT count(*) FROM (SELECT DISTINCT date, source, target, code FROM events)"), 28);
	tides_store_close(s);
}

/* ---------------------------------------------- allocation-failure sweep */

/* SQLite's allocations go through tides_malloc too, so the sweep covers
 * the store's failure paths, not only the importer's own buffers. */
static void *sq_malloc(int n)
{
	size_t *p = tides_malloc((size_t)n + 16);
	if (!p)
		return NULL;
	p[0] = (size_t)n;
	return (char *)p + 16;
}
static void sq_free(void *p)
{
	if (p)
		tides_free((char *)p - 16);
}
static void *sq_realloc(void *p, int n)
{
	size_t *q;
	if (!p)
		return sq_malloc(n);
	q = tides_realloc((char *)p - 16, (size_t)n + 16);
	if (!q)
		return NULL;
	q[0] = (size_t)n;
	return (char *)q + 16;
}
static int sq_size(void *p)
{
	return p ? (int)*(size_t *)((char *)p - 16) : 0;
}
static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}
static int sq_init(void *u)
{
	(void)u;
	return SQLITE_OK;
}
static void sq_shutdown(void *u)
{
	(void)u;
}

static void test_nomem_sweep(void)
{
	char p[128], f[128];
	tides_import_opts o;
	tides_import_stats st;
	long total, n, fails = 0, unclean = 0, bad_after = 0, tried = 0, nomem = 0;
	tides_store *s;
	tides_status rc;

	make_gdelt("m.tsv", 120, 70000);
	path_in(p, sizeof p, "m.db");
	path_in(f, sizeof f, "m.tsv");
	tides_import_opts_init(&o);
	o.batch_rows = 50;

	/* count the allocations of one clean run */
	unlink(p);
	tides_mem_fail_after(1L << 40);
	s = NULL;
	T_CHECK(tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) == TIDES_OK);
	memset(&st, 0, sizeof st);
	T_CHECK(s && tides_store_import(s, f, &o, &st) == TIDES_OK);
	tides_store_close(s);
	total = tides_mem_fail_after(-1);
	T_CHECK(total > 10);

	/* every point of the first 400 (open, schema, first batch), then a stride
	 * that still lands in every later phase, to keep the test a few seconds */
	/* under valgrind (make valgrind sets TIDES_VALGRIND) a coarser stride */
	long dense = getenv("TIDES_VALGRIND") ? 40 : 400, stride = getenv("TIDES_VALGRIND") ? 97 : 9;
	for (n = 0; n <= total; n += n < dense ? 1 : stride) {
		char wal[160];
		unlink(p);
		snprintf(wal, sizeof wal, "%s-wal", p);
		unlink(wal);
		snprintf(wal, sizeof wal, "%s-shm", p);
		unlink(wal);
		tides_mem_fail_after(n);
		tried++;
		s = NULL;
		rc = tides_store_open(ctx, p, TIDES_STORE_CREATE, &s);
		if (rc == TIDES_OK) {
			memset(&st, 0, sizeof st);
			rc = tides_store_import(s, f, &o, &st);
		}
		tides_store_close(s);
		tides_mem_fail_after(-1);
		if (rc != TIDES_OK) {
			fails++;
			if (rc == TIDES_ERR_NOMEM)
				nomem++;
			/* every failure is reported as out of memory, with a message (a
			 * store error that was really NOMEM used to slip through here) */
			if (rc != TIDES_ERR_NOMEM || !tides_errmsg(ctx)[0]) {
				unclean++;
				fprintf(stderr, "  fail_after(%ld): %s: %s\n", n, tides_status_name(rc),
				        tides_errmsg(ctx));
			}
		}
		/* whatever happened, the store is consistent and a re-run completes it */
		s = NULL;
		if (tides_store_open(ctx, p, TIDES_STORE_CREATE, &s) != TIDES_OK) {
			bad_after++;
			continue;
		}
		memset(&st, 0, sizeof st);
		if (tides_store_import(s, f, &o, &st) != TIDES_OK ||
		    q1(s, "SELECT count(*) FROM events") != 120 ||
		    q1(s, "SELECT count(DISTINCT orig_id) FROM events") != 120 ||
		    q1(s, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check='ok'") != 1)
			bad_after++;
		tides_store_close(s);
	}
	printf("  nomem sweep: %ld of %ld allocation points tried, %ld failed, %ld with TIDES_ERR_NOMEM\n",
	       tried, total + 1, fails, nomem);
	T_CHECK(fails > 0);
	T_INTEQ(unclean, 0);
	T_INTEQ(bad_after, 0);
}

int main(void)
{
	static const sqlite3_mem_methods mm = {sq_malloc, sq_free, sq_realloc, sq_size,
	                                        sq_roundup, sq_init, sq_shutdown, NULL};
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mm) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK) {
		fprintf(stderr, "cannot configure sqlite\n");
		return 1;
	}
	if (t_tmpdir(dir, sizeof dir, "import") < 0)
		return 1;
	ctx = tides_ctx_new();
	tides_ctx_set_warn(ctx, on_warn, NULL);
	T_RUN(test_gdelt_basic);
	T_RUN(test_gdelt_fields);
	T_RUN(test_gdelt_split_random);
	T_RUN(test_gdelt_date_runs);
	T_RUN(test_resume_offset);
	T_RUN(test_bad_rows);
	T_RUN(test_long_line);
	T_RUN(test_formats);
	T_RUN(test_compressed);
	T_RUN(test_one_a_day);
	T_RUN(test_nomem_sweep);
	tides_ctx_free(ctx);
	t_rmdir(dir);
	return t_done();
}
