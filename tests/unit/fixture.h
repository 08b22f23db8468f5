/*
 * fixture.h — small fixtures shared by the unit tests (test.h is the
 * harness; this is what several tests build the same way): a story of one
 * sentence, a warning recorder, a scratch directory.  Static inline, so a
 * test that uses none of them gets no unused-function warning.
 */
#ifndef TIDES_TEST_FIXTURE_H
#define TIDES_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tides.h"

/* A story of one sentence (doc "t", sentence 1, English): text[0..len)
 * dated `date` (YYYY-MM-DD).  s and st must outlive the coding. */
static inline void t_story1(tides_story *st, tides_sentence *s, const char *text, size_t len,
                            const char *date)
{
	memset(s, 0, sizeof *s);
	s->doc_id = "t";
	s->date = date;
	s->sentence = 1;
	s->lang = "en";
	s->text = text;
	s->len = len;
	memset(st, 0, sizeof *st);
	st->doc_id = "t";
	st->date = date;
	st->lang = "en";
	st->nsent = 1;
	st->sent = s;
}

/* Counts warnings and keeps the last one: tides_ctx_set_warn(ctx, t_warn_cb, &w). */
typedef struct t_warns {
	int n;
	char last[512];
} t_warns;

static inline void t_warn_cb(void *ud, const char *msg)
{
	t_warns *w = ud;
	w->n++;
	snprintf(w->last, sizeof w->last, "%s", msg);
}

/* A fresh directory $TMPDIR/tides-NAME-XXXXXX in dir[cap] (/tmp when
 * TMPDIR is unset or too long for dir); 0, or -1 (printed, dir emptied). */
static inline int t_tmpdir(char *dir, size_t cap, const char *name)
{
	const char *t = getenv("TMPDIR");
	if (!t || !*t || strlen(t) + strlen(name) + 16 > cap)
		t = "/tmp";
	snprintf(dir, cap, "%s/tides-%s-XXXXXX", t, name);
	if (!mkdtemp(dir)) {
		dir[0] = '\0';
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

/* Writes data[0..n) to dir/name; returns the path (in path[cap]) or NULL. */
static inline const char *t_write_file(const char *dir, const char *name, const void *data,
                                       size_t n, char *path, size_t cap)
{
	FILE *f;
	snprintf(path, cap, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return NULL;
	if (fwrite(data, 1, n, f) != n) {
		fclose(f);
		return NULL;
	}
	return fclose(f) == 0 ? path : NULL;
}

/* Removes a scratch directory made by t_tmpdir and what is in it. */
static inline void t_rmdir(const char *dir)
{
	char cmd[512];
	if (!strstr(dir, "/tides-"))
		return; /* not one of ours: never rm -rf it */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

#ifdef TIDES_STORE_DB_H
/* The one integer a query on the store's connection gives (tests that
 * include store/store-db.h first): -1 without a row, -2 when the query
 * does not prepare. */
static inline int64_t t_sql_int(tides_store *s, const char *sql)
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
#endif

#endif
