/*
 * compact.c — rewrites small segments and segments with many dead rows
 * into full ones (tides_store_compact).
 *
 * Why: every import writes at least one segment per file and every coder
 * `--db` run its own, so a store fed many small inputs holds many small
 * segments (a read opens each one, a lookup walks each one's fences), and
 * the dedup pass only marks rows dead, it never frees them.
 *
 * What: candidates are settled segments with fewer than COMPACT_SMALL live
 * rows, or with a quarter or more of their rows dead.  They are taken in
 * storage order and packed, whole, into groups of at most COMPACT_TARGET
 * live rows; each group becomes one new segment holding its live rows
 * (sorted by event id, as every segment) and the old segments of the
 * group are deleted in the same transaction.  A SIGKILL therefore leaves
 * every group either before or after, never between: no row is lost or
 * stored twice.  The new segments go to the end of the storage order, so
 * `tides export` without --sorted lists the same events in another order.
 *
 * Events added one at a time (tides_store_add) and the rows of v1 stores
 * sit in the row table (`tides code --db` writes segments since 2026-11,
 * store-bulk.c; only its undated events go there); compaction moves them
 * into segments too, in event id order, up to COMPACT_TARGET per
 * transaction (the segment inserted, the rows deleted).
 * Rows that cannot be segment rows (no valid id or date) stay where they
 * are, and so do the rows after them.
 *
 * Invariant kept: the live rows of settled segments hold no event id twice
 * (the dedup pass made it so), so a group's new segment drops nothing and
 * is written settled.  While any segment is pending nothing is compacted:
 * the dedup pass of a pending segment compares it with the segments stored
 * before it, which moving rows to the end would change.
 */
#include "store/store-db.h"

#include <string.h>

#include "store/seg.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

#define COMPACT_SMALL 16384   /* live rows under which a segment is small */
#define COMPACT_TARGET 65536  /* live rows of a compacted segment (an import batch) */
#define COMPACT_AUTO 32       /* small segments that make an import compact */

typedef struct cseg {
	int64_t seg;
	uint32_t nrows, nlive;
} cseg;

static int is_candidate(const cseg *c)
{
	return c->nlive < COMPACT_SMALL || (uint64_t)(c->nrows - c->nlive) * 4 >= c->nrows;
}

/* The candidates, in storage order; *pending when any segment is pending.
 *
 * Why not segstore.c's catalogue loader (segs_load): that one serves the
 * readers and the dedup pass and copies everything a read needs, fences
 * (day and id ranges) and every segment's dead bitmap, into a seg_list
 * private to segstore.c.  Compaction needs four columns to choose, and it
 * must not take dead bits from here at all: this read runs before any
 * transaction, and each group's rows and dead bits are read again inside
 * the group's own write transaction (add_live), so what is rewritten is
 * what the store holds under the lock, not a snapshot taken earlier.
 * Sharing the loader would mean exporting its types through store-db.h
 * only to drop most of what it loads. */
static tides_status load(tides_store *s, int64_t max_seg, cseg **out, size_t *n, int *pending)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;
	tides_status ret = TIDES_OK;
	*out = NULL;
	*n = 0;
	*pending = 0;
	if (sqlite3_prepare_v2(tides_store_sqlite(s),
	                       "SELECT seg, nrows, nlive, pending FROM segments ORDER BY seg", -1, &st,
	                       NULL) != SQLITE_OK)
		return store_fail(s, "cannot read the segment catalogue");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cseg c;
		c.seg = sqlite3_column_int64(st, 0);
		c.nrows = (uint32_t)sqlite3_column_int64(st, 1);
		c.nlive = (uint32_t)sqlite3_column_int64(st, 2);
		if (sqlite3_column_int(st, 3)) {
			*pending = 1;
			continue;
		}
		if (c.seg > max_seg || !is_candidate(&c))
			continue;
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 64;
			cseg *m = tides_realloc(*out, nc * sizeof *m);
			if (!m) {
				ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			*out = m;
			cap = nc;
		}
		(*out)[(*n)++] = c;
	}
	if (rc != SQLITE_DONE)
		ret = store_fail(s, "cannot read the segment catalogue");
out:
	sqlite3_finalize(st);
	return ret;
}

/* The live rows of segment `seg` into b. */
static tides_status add_live(tides_store *s, int64_t seg, seg_builder *b)
{
	sqlite3 *db = tides_store_sqlite(s);
	sqlite3_stmt *st = NULL;
	tides_status ret = TIDES_OK;
	seg_view v;
	tides_event ev;
	const unsigned char *dead;
	size_t nd;
	uint32_t r;

	if (sqlite3_prepare_v2(db, "SELECT d.data, s.dead FROM segment_data d JOIN segments s"
	                           " ON s.seg = d.seg WHERE d.seg = ?1", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot read a segment");
	sqlite3_bind_int64(st, 1, seg);
	if (sqlite3_step(st) != SQLITE_ROW) {
		ret = store_fail(s, "cannot read a segment");
		goto out;
	}
	if (seg_decode(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &v) != 0) {
		ret = tides_fail(store_ctx(s), TIDES_ERR_STORE, "segment %lld is damaged", (long long)seg);
		goto out;
	}
	dead = sqlite3_column_blob(st, 1);
	nd = (size_t)sqlite3_column_bytes(st, 1);
	for (r = 0; r < v.nrows; r++) {
		int rc;
		if (dead && (r >> 3) < nd && (dead[r >> 3] >> (r & 7) & 1))
			continue;
		seg_row(&v, r, &ev);
		if ((rc = seg_builder_add(b, &ev)) != 0) {
			ret = rc == -1 ? tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory")
			               : tides_fail(store_ctx(s), TIDES_ERR_STORE, "segment %lld is damaged",
			                            (long long)seg);
			goto out;
		}
	}
out:
	sqlite3_finalize(st);
	return ret;
}

static tides_status exec_seg(tides_store *s, const char *sql, int64_t seg)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(tides_store_sqlite(s), sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot compact the segments");
	sqlite3_bind_int64(st, 1, seg);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TIDES_OK : store_fail(s, "cannot compact the segments");
}

/* One group: its live rows as one settled segment, the old ones deleted,
 * in one transaction. */
static tides_status rewrite(tides_store *s, const cseg *g, size_t n, seg_builder *b, tides_buf *blob,
                            tides_compact_stats *cs)
{
	tides_status ret;
	seg_info info;
	size_t i;
	if ((ret = tides_store_begin(s)) != TIDES_OK)
		return ret;
	seg_builder_reset(b);
	for (i = 0; i < n && ret == TIDES_OK; i++)
		ret = add_live(s, g[i].seg, b);
	if (ret == TIDES_OK)
		ret = store_seg_append(s, b, blob, &info);
	if (ret == TIDES_OK && info.nrows > 0)
		ret = exec_seg(s, "UPDATE segments SET pending = 0 WHERE seg = ?1",
		               sqlite3_last_insert_rowid(tides_store_sqlite(s)));
	for (i = 0; i < n && ret == TIDES_OK; i++) {
		ret = exec_seg(s, "DELETE FROM segments WHERE seg = ?1", g[i].seg);
		if (ret == TIDES_OK)
			ret = exec_seg(s, "DELETE FROM segment_data WHERE seg = ?1", g[i].seg);
	}
	if (ret == TIDES_OK)
		ret = tides_store_commit(s);
	else
		store_rollback(s);
	store_idcache_free(s);
	if (ret == TIDES_OK) {
		cs->segs_before += n;
		cs->segs_after += info.nrows > 0;
		cs->rows += info.nrows;
		for (i = 0; i < n; i++)
			cs->dead += g[i].nrows - g[i].nlive;
	}
	seg_builder_reset(b);
	return ret;
}

typedef struct rows_fill {
	seg_builder *b;
	int64_t last;   /* id of the last row added */
	int nomem, bad;
} rows_fill;

static int rows_add(void *ud, const tides_event *ev)
{
	rows_fill *r = ud;
	uint64_t id;
	int rc;
	if (seg_builder_rows(r->b) == COMPACT_TARGET)
		return 1;
	if (!store_hex_to_u64(ev->event_id, &id)) {
		r->bad = 1;
		return 1;
	}
	rc = seg_builder_add(r->b, ev);
	if (rc != 0) {
		r->nomem = rc == -1;
		r->bad = rc == -2;
		return 1;
	}
	r->last = (int64_t)id;
	return 0;
}

static tides_status count_rows(tides_store *s, int64_t *n)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*n = 0;
	if (sqlite3_prepare_v2(tides_store_sqlite(s), "SELECT count(*) FROM main.events", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_fail(s, "cannot count events");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? TIDES_OK : store_fail(s, "cannot count events");
}

/* The row table's events into segments, a segment per transaction. */
static tides_status move_rows(tides_store *s, seg_builder *b, tides_buf *blob, tides_compact_stats *cs)
{
	static const tides_event_filter all;
	tides_status ret = TIDES_OK;
	for (;;) {
		rows_fill r;
		seg_info info;
		sqlite3_stmt *st = NULL;
		int rc;
		memset(&r, 0, sizeof r);
		r.b = b;
		seg_builder_reset(b);
		if ((ret = tides_store_begin(s)) != TIDES_OK)
			return ret;
		ret = store_rows_scan(s, &all, rows_add, &r);
		if (ret == TIDES_OK && r.nomem)
			ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
		if (ret != TIDES_OK || seg_builder_rows(b) == 0) {
			store_rollback(s);
			break;
		}
		ret = store_seg_append(s, b, blob, &info);
		if (ret == TIDES_OK && info.nrows > 0)
			ret = exec_seg(s, "UPDATE segments SET pending = 0 WHERE seg = ?1",
			               sqlite3_last_insert_rowid(tides_store_sqlite(s)));
		if (ret == TIDES_OK) {
			if (sqlite3_prepare_v2(tides_store_sqlite(s), "DELETE FROM main.events WHERE event_id <= ?1",
			                       -1, &st, NULL) != SQLITE_OK) {
				ret = store_fail(s, "cannot compact the row table");
			} else {
				sqlite3_bind_int64(st, 1, r.last);
				rc = sqlite3_step(st);
				sqlite3_finalize(st);
				if (rc != SQLITE_DONE)
					ret = store_fail(s, "cannot compact the row table");
			}
		}
		if (ret == TIDES_OK)
			ret = tides_store_commit(s);
		else
			store_rollback(s);
		store_idcache_free(s);
		if (ret != TIDES_OK)
			break;
		cs->table_rows += info.nrows;
		cs->segs_after += info.nrows > 0;
		if (r.bad || info.nrows < COMPACT_TARGET)
			break;
	}
	seg_builder_reset(b);
	return ret;
}

/* max_seg: only segments up to it are candidates (an import leaves its own
 * alone).  auto_: only when COMPACT_AUTO small ones have gathered, and the
 * row table stays. */
static tides_status compact(tides_store *s, int64_t max_seg, int auto_, tides_compact_stats *cs)
{
	cseg *c = NULL;
	size_t n = 0, i, j, nsmall = 0;
	int64_t nrows = 0;
	int pending;
	seg_builder *b = NULL;
	tides_buf blob;
	tides_status ret;

	tides_buf_init(&blob);
	if (store_in_batch(s))
		return tides_fail(store_ctx(s), TIDES_ERR_INTERNAL, "compaction inside an open batch");
	if (!store_has_segments(s))
		return TIDES_OK;
	if ((ret = load(s, max_seg, &c, &n, &pending)) != TIDES_OK || pending)
		goto out;
	if (!auto_ && (ret = count_rows(s, &nrows)) != TIDES_OK)
		goto out;
	for (i = 0; i < n; i++)
		nsmall += c[i].nlive < COMPACT_SMALL;
	if (auto_ && nsmall < COMPACT_AUTO)
		goto out;
	if (!(b = seg_builder_new())) {
		ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* only when asked: a schema-1 store keeps all its events in the row
	 * table, and an import should not turn into converting it */
	if (!auto_ && nrows > 0 && (ret = move_rows(s, b, &blob, cs)) != TIDES_OK)
		goto out;
	for (i = 0; i < n && ret == TIDES_OK; i = j) {
		uint64_t live = c[i].nlive;
		for (j = i + 1; j < n && live + c[j].nlive <= COMPACT_TARGET; j++)
			live += c[j].nlive;
		/* one segment alone gains only if rows are dead */
		if (j - i == 1 && c[i].nlive == c[i].nrows)
			continue;
		ret = rewrite(s, c + i, j - i, b, &blob, cs);
	}
out:
	seg_builder_free(b);
	tides_buf_release(&blob);
	tides_free(c);
	return ret;
}

tides_status tides_store_compact(tides_store *s, tides_compact_stats *stats)
{
	tides_compact_stats mine;
	memset(&mine, 0, sizeof mine);
	return compact(s, INT64_MAX, 0, stats ? stats : &mine);
}

tides_status store_compact_auto(tides_store *s, int64_t max_seg)
{
	tides_compact_stats mine;
	memset(&mine, 0, sizeof mine);
	return compact(s, max_seg, 1, &mine);
}

tides_status store_max_seg(tides_store *s, int64_t *max_seg)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*max_seg = 0;
	if (!store_has_segments(s))
		return TIDES_OK;
	if (sqlite3_prepare_v2(tides_store_sqlite(s), "SELECT ifnull(max(seg), 0) FROM segments WHERE NOT pending", -1, &st,
	                       NULL) != SQLITE_OK)
		return store_fail(s, "cannot read the segment catalogue");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*max_seg = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? TIDES_OK : store_fail(s, "cannot read the segment catalogue");
}
