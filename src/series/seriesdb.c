/*
 * seriesdb.c — named series kept in the event store's SQLite file.
 *
 * Table series(name TEXT, dyad TEXT, date TEXT, value REAL), created on
 * first use (IF NOT EXISTS, as store-db.h asks of modules with their own
 * tables).  Saving a name replaces every row of that name in one
 * transaction, so a re-import never mixes two versions.  The series is
 * saved complete (gaps already interpolated by the reader).
 */
#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "series/series-int.h"
#include "store/store-db.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS series(name TEXT NOT NULL, dyad TEXT, date TEXT NOT NULL, value REAL);"
	"CREATE INDEX IF NOT EXISTS series_name ON series(name, date);";

static tides_status db_fail(tides_ctx *ctx, sqlite3 *db, const char *what)
{
	return tides_fail(ctx, TIDES_ERR_STORE, "%s: %s", what, sqlite3_errmsg(db));
}

tides_status tides_series_save(tides_store *st, const char *name, const char *dyad,
                               const tides_series *s, size_t *nsaved)
{
	sqlite3 *db = tides_store_sqlite(st);
	tides_ctx *ctx = store_ctx(st);
	sqlite3_stmt *del = NULL, *ins = NULL;
	tides_status rc = TIDES_OK;
	size_t i;
	int began = 0;

	*nsaved = 0;
	if (store_in_batch(st))
		return tides_fail(ctx, TIDES_ERR_INTERNAL, "series: the store has an open batch");
	if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(ctx, db, "series: create table");
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(ctx, db, "series: begin");
	began = 1;
	if (sqlite3_prepare_v2(db, "DELETE FROM series WHERE name = ?1", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO series(name, dyad, date, value) VALUES(?1, ?2, ?3, ?4)", -1,
	                       &ins, NULL) != SQLITE_OK) {
		rc = db_fail(ctx, db, "series: prepare");
		goto out;
	}
	sqlite3_bind_text(del, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(del) != SQLITE_DONE) {
		rc = db_fail(ctx, db, "series: delete");
		goto out;
	}
	for (i = 0; i < s->n; i++) {
		char d[11];
		tides_date_format(s->day[i], d);
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, dyad ? dyad : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, d, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(ins, 4, s->value[i]);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = db_fail(ctx, db, "series: insert");
			goto out;
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(ctx, db, "series: commit");
		goto out;
	}
	began = 0;
	*nsaved = s->n;
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	if (began)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

tides_status tides_series_load(tides_store *st, const char *name, int by, tides_series *out)
{
	sqlite3 *db = tides_store_sqlite(st);
	tides_ctx *ctx = store_ctx(st);
	sqlite3_stmt *q = NULL;
	int32_t *days = NULL;
	double *vals = NULL;
	size_t n = 0, cap = 0;
	tides_status rc = TIDES_OK;
	int r;

	tides_series_init(out);
	r = sqlite3_prepare_v2(db, "SELECT date, value FROM series WHERE name = ?1 ORDER BY date", -1, &q, NULL);
	if (r != SQLITE_OK) {
		if (strstr(sqlite3_errmsg(db), "no such table"))
			return tides_fail(ctx, TIDES_ERR_NOTFOUND, "no series named '%s' in the store", name);
		return db_fail(ctx, db, "series: select");
	}
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(q, 0);
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			int32_t *nd = tides_realloc(days, nc * sizeof *nd);
			double *nv;
			if (!nd) {
				rc = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			days = nd;
			nv = tides_realloc(vals, nc * sizeof *nv);
			if (!nv) {
				rc = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			vals = nv;
			cap = nc;
		}
		days[n] = d ? tides_date_parse_iso(d, strlen(d)) : TIDES_DATE_NONE;
		if (days[n] == TIDES_DATE_NONE) {
			rc = tides_fail(ctx, TIDES_ERR_DATA, "series '%s': bad date '%s' in the store", name,
			                d ? d : "");
			goto out;
		}
		vals[n] = sqlite3_column_type(q, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 1);
		n++;
	}
	if (r != SQLITE_DONE) {
		rc = db_fail(ctx, db, "series: select");
		goto out;
	}
	if (n == 0) {
		rc = tides_fail(ctx, TIDES_ERR_NOTFOUND, "no series named '%s' in the store", name);
		goto out;
	}
	if (by < 0)
		by = series_infer_by(days, n);
	if (by < 0) {
		rc = tides_fail(ctx, TIDES_ERR_DATA, "series '%s': cannot infer its period; give --by", name);
		goto out;
	}
	rc = series_complete(ctx, name, days, vals, n, by, out);
out:
	sqlite3_finalize(q);
	tides_free(days);
	tides_free(vals);
	return rc;
}

typedef struct scan_ud {
	tides_index *ix;
	tides_status st;
	int volume;
} scan_ud;

static int day_cb(void *userdata, int32_t day, int quad, double goldstein)
{
	scan_ud *u = userdata;
	u->st = u->volume ? series_index_add_volume_day(u->ix, day)
	                  : series_index_add_day(u->ix, day, quad, goldstein);
	return u->st != TIDES_OK;
}

/* The store's integer scan (store_scan_days): day, quad and Goldstein
 * columns of the matching rows, no event built per row.  Its filter is the
 * store's (country or actor equality), as tides_store_scan's was; the
 * index applies the --from/--to bounds itself. */
tides_status tides_index_scan(tides_store *st, tides_index *ix, const tides_index_opts *o)
{
	tides_event_filter f;
	scan_ud u;
	tides_status rc;
	memset(&f, 0, sizeof f);
	f.a = strcmp(o->a, "*") ? o->a : NULL;
	f.b = strcmp(o->b, "*") ? o->b : NULL;
	f.directed = o->directed;
	f.exact_actors = o->exact_actors;
	f.from = o->from;
	f.to = o->to;
	u.ix = ix;
	u.st = TIDES_OK;
	u.volume = 0;
	rc = store_scan_days(st, &f, day_cb, &u);
	if (rc == TIDES_OK)
		rc = u.st;
	if (rc != TIDES_OK || !o->normalize_volume)
		return rc;
	f.a = f.b = NULL;
	f.directed = 0;
	f.exact_actors = 0;
	u.volume = 1;
	rc = store_scan_days(st, &f, day_cb, &u);
	return rc == TIDES_OK ? u.st : rc;
}
