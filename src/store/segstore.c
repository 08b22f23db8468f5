/*
 * segstore.c — segments inside the store's SQLite file: catalogue, writes,
 * the dedup pass, and every read over segments plus the row table.
 *
 * Schema version 2 adds (README "The event store"):
 *   segments(seg INTEGER PRIMARY KEY, nrows, nlive, day_lo, day_hi, id_lo,
 *            id_hi, pending, dead BLOB)      -- the catalogue, small rows
 *   segment_data(seg INTEGER PRIMARY KEY, data BLOB)  -- seg.h layout
 * The catalogue is apart from the data so marking rows dead rewrites a few
 * bytes, not a multi-megabyte blob; readers fetch only the columns they
 * need with incremental blob I/O (sqlite3_blob_read at column offsets).
 *
 * Invariants and why:
 *  - Segments are append-only; a row is removed only by setting its bit in
 *    `dead`.  Among live rows of settled (pending = 0) segments and the row
 *    table (`events`, written one event at a time by tides_store_add) no
 *    event_id occurs twice.
 *  - An import writes each batch as one segment with pending = 1, in the
 *    same transaction as the file's progress row, so SIGKILL leaves whole
 *    batches (the bulk writer of `tides code --db`, store-bulk.c, writes
 *    its batches the same way, with their sentences).  Checking ids against the store at every batch would read
 *    every stored id per batch (quadratic), so dedup is one pass at the end
 *    of the import or code run (store_seg_dedup): the sorted id columns of all segments
 *    and the row table's id index are walked together in buckets of the id
 *    space, oldest source first, through a cache-sized hash set, and a
 *    pending row is marked dead when its id came before.  Memory: one small
 *    buffer per segment and the set.  The pass is one transaction; a
 *    killed import leaves pending segments that the next writable open
 *    settles.  Until then a reader may see a repeated id, as with v1's
 *    bulk loads.
 *  - tides_store_add writes the row table and first looks the
 *    id up in the segments whose id range holds it (binary search of the
 *    sorted id column), so it adds nothing twice either.
 *  - Date-ordered scans (tides_store_scan) cannot stream a merge of all
 *    segments in bounded memory, so they go in windows: a first pass counts
 *    matching rows per day (reading only filter columns), then each window
 *    of days holding at most SCAN_WINDOW matches is collected, sorted by
 *    (date, event_id) and handed out.  Filtered scans (a dyad) read little;
 *    whole-store reads use store order instead (store_scan_storage: export,
 *    merge) or the integer aggregation (store_scan_days: the index).
 */
#include "store/store-db.h"

#include <math.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "store/seg.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

#define SCAN_WINDOW 16384
#define MERGE_CHUNK 1024

/* ------------------------------------------------------------ catalogue */

typedef struct seg_meta {
	int64_t seg;
	uint32_t nrows, nlive;
	int32_t day_lo, day_hi;
	int64_t id_lo, id_hi;
	int pending;
	unsigned char *dead;  /* (nrows + 7) / 8 bytes, or NULL: none dead */
} seg_meta;

typedef struct seg_list {
	seg_meta *m;
	size_t n;
} seg_list;

static void segs_free(seg_list *L)
{
	size_t i;
	for (i = 0; i < L->n; i++)
		tides_free(L->m[i].dead);
	tides_free(L->m);
	L->m = NULL;
	L->n = 0;
}

static int is_dead(const seg_meta *m, uint32_t i)
{
	return m->dead && (m->dead[i >> 3] >> (i & 7) & 1);
}

static tides_status segs_load(tides_store *s, seg_list *L, int pending_only)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;
	tides_status ret = TIDES_OK;
	L->m = NULL;
	L->n = 0;
	if (!store_has_segments(s))
		return TIDES_OK;
	if (sqlite3_prepare_v2(tides_store_sqlite(s),
	                       pending_only ? "SELECT seg, nrows, nlive, day_lo, day_hi, id_lo, id_hi, pending, dead"
	                                      " FROM segments WHERE pending ORDER BY seg"
	                                    : "SELECT seg, nrows, nlive, day_lo, day_hi, id_lo, id_hi, pending, dead"
	                                      " FROM segments ORDER BY seg",
	                       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot read the segment catalogue");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seg_meta *m;
		int nd;
		if (L->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			seg_meta *nm = tides_realloc(L->m, nc * sizeof *nm);
			if (!nm) {
				ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			L->m = nm;
			cap = nc;
		}
		m = &L->m[L->n];
		memset(m, 0, sizeof *m);
		m->seg = sqlite3_column_int64(st, 0);
		m->nrows = (uint32_t)sqlite3_column_int64(st, 1);
		m->nlive = (uint32_t)sqlite3_column_int64(st, 2);
		m->day_lo = sqlite3_column_int(st, 3);
		m->day_hi = sqlite3_column_int(st, 4);
		m->id_lo = sqlite3_column_int64(st, 5);
		m->id_hi = sqlite3_column_int64(st, 6);
		m->pending = sqlite3_column_int(st, 7);
		nd = sqlite3_column_bytes(st, 8);
		if (nd > 0) {
			size_t need = ((size_t)m->nrows + 7) / 8;
			m->dead = tides_calloc(need ? need : 1, 1);
			if (!m->dead) {
				ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			memcpy(m->dead, sqlite3_column_blob(st, 8), (size_t)nd < need ? (size_t)nd : need);
		}
		L->n++;
	}
	if (rc != SQLITE_DONE)
		ret = store_fail(s, "cannot read the segment catalogue");
out:
	sqlite3_finalize(st);
	if (ret != TIDES_OK)
		segs_free(L);
	return ret;
}

/* --------------------------------------------------------------- reader */

typedef struct seg_rd {
	tides_store *s;
	sqlite3_blob *blob;
	int64_t seg;
	size_t size;
	seg_dir dir;
	seg_view v;
	tides_buf col[SEG_NCOL];
} seg_rd;

static void rd_init(seg_rd *r, tides_store *s)
{
	int c;
	memset(r, 0, sizeof *r);
	r->s = s;
	for (c = 0; c < SEG_NCOL; c++)
		tides_buf_init(&r->col[c]);
}

static void rd_release(seg_rd *r)
{
	int c;
	if (r->blob)
		sqlite3_blob_close(r->blob);
	r->blob = NULL;
	for (c = 0; c < SEG_NCOL; c++)
		tides_buf_release(&r->col[c]);
}

static tides_status rd_damaged(seg_rd *r, int64_t seg)
{
	return tides_fail(store_ctx(r->s), TIDES_ERR_STORE, "%s: segment %lld is damaged",
	                  store_path(r->s), (long long)seg);
}

/* Opens segment `seg` (blob only) and reads its directory. */
static tides_status rd_open(seg_rd *r, const seg_meta *m)
{
	unsigned char hdr[SEG_HDR_SIZE];
	int rc;
	if (r->blob)
		rc = sqlite3_blob_reopen(r->blob, m->seg);
	else
		rc = sqlite3_blob_open(tides_store_sqlite(r->s), "main", "segment_data", "data", m->seg, 0,
		                       &r->blob);
	if (rc != SQLITE_OK) {
		if (r->blob && rc != SQLITE_NOMEM) {
			sqlite3_blob_close(r->blob);
			r->blob = NULL;
		}
		return rc == SQLITE_NOMEM ? tides_fail(store_ctx(r->s), TIDES_ERR_NOMEM, "out of memory")
		                          : store_fail(r->s, "cannot read a segment");
	}
	r->seg = m->seg;
	r->size = (size_t)sqlite3_blob_bytes(r->blob);
	memset(&r->v, 0, sizeof r->v);
	if (r->size < SEG_HDR_SIZE || sqlite3_blob_read(r->blob, hdr, SEG_HDR_SIZE, 0) != SQLITE_OK ||
	    seg_dir_parse(hdr, sizeof hdr, r->size, &r->dir) != 0 || r->dir.nrows != m->nrows)
		return rd_damaged(r, m->seg);
	return TIDES_OK;
}

/* Reads and checks the columns in `mask` of the open segment. */
static tides_status rd_cols(seg_rd *r, uint32_t mask)
{
	int c;
	for (c = 0; c < SEG_NCOL; c++) {
		size_t len = r->dir.len[c];
		if (!(mask & 1u << c))
			continue;
		tides_buf_reset(&r->col[c]);
		if (tides_buf_grow(&r->col[c], len + 1) != 0)
			return tides_fail(store_ctx(r->s), TIDES_ERR_NOMEM, "out of memory");
		if (len && sqlite3_blob_read(r->blob, r->col[c].s, (int)len, (int)r->dir.off[c]) != SQLITE_OK)
			return store_fail(r->s, "cannot read a segment");
		r->col[c].len = len;
		if (seg_col_load(&r->v, &r->dir, c, r->col[c].s, len) != 0)
			return rd_damaged(r, r->seg);
	}
	return TIDES_OK;
}

/* --------------------------------------------------------------- writes */

tides_status store_seg_append(tides_store *s, seg_builder *b, tides_buf *scratch, seg_info *info)
{
	tides_status rc;
	memset(info, 0, sizeof *info);
	if (seg_builder_rows(b) == 0)
		return TIDES_OK;
	if (seg_builder_encode(b, scratch, info) != 0)
		return tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory encoding a segment");
	rc = store_seg_append_blob(s, scratch->s, scratch->len, info);
	if (rc == TIDES_OK)
		seg_builder_reset(b);
	return rc;
}

tides_status store_seg_append_blob(tides_store *s, const void *blob, size_t len,
                                   const seg_info *info)
{
	sqlite3 *db = tides_store_sqlite(s);
	sqlite3_stmt *st = NULL;
	int64_t seg;
	int rc;

	if (info->nrows == 0)
		return TIDES_OK;
	if (len > INT_MAX)
		return tides_fail(store_ctx(s), TIDES_ERR_STORE, "segment of %zu bytes too large", len);
	if (sqlite3_prepare_v2(db, "INSERT INTO segments(nrows, nlive, day_lo, day_hi, id_lo, id_hi, pending)"
	                           " VALUES(?1, ?1, ?2, ?3, ?4, ?5, 1)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot add a segment");
	sqlite3_bind_int64(st, 1, info->nrows);
	sqlite3_bind_int(st, 2, info->day_lo);
	sqlite3_bind_int(st, 3, info->day_hi);
	sqlite3_bind_int64(st, 4, info->id_lo);
	sqlite3_bind_int64(st, 5, info->id_hi);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "cannot add a segment");
	seg = sqlite3_last_insert_rowid(db);
	store_idcache_free(s); /* the id lookups must see the new segment */
	if (sqlite3_prepare_v2(db, "INSERT INTO segment_data(seg, data) VALUES(?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_fail(s, "cannot add a segment");
	sqlite3_bind_int64(st, 1, seg);
	sqlite3_bind_blob(st, 2, blob, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "cannot add a segment");
	return TIDES_OK;
}

/* ----------------------------------------------------------- dedup pass */

/* A pending row dies when its id occurs earlier in the order: the row
 * table, then segments by number, then row number (live or dead rows
 * alike; a segment holds an id once).  The ids are taken bucket by bucket
 * in id order: a bucket is a range of the top bits of the id's unsigned
 * order key, sized from the row count so it holds ~DEDUP_BUCKET ids when
 * ids are hashes (as every import's are).  Within a bucket the sources
 * hand over their ids in that order from their buffered cursors, into an
 * open-addressing set that fits in the cache: an id already there came
 * before.  That is a hash probe an id where the k-way heap merge it
 * replaced paid log2(k) comparisons (~1.2 s of a 17.6M-row import over
 * 260 segments).  Clustered ids (tides TSV carries any id) can overfill a
 * bucket; the set stops at its cap and the rest of that bucket goes
 * through the heap merge, with the set standing for "seen before", so
 * memory stays one chunk per source plus the set. */
#define DEDUP_BUCKET 8192

typedef struct mcur {
	int64_t *buf;       /* the next ids of this source */
	uint32_t nbuf, at;  /* buffered, taken */
	uint32_t pos;       /* row number of buf[0] */
	uint32_t nrows;
	int done;           /* the row table's statement ran out (stepping again restarts it) */
	size_t mi;          /* index in the segment list; SIZE_MAX: the row table */
	int64_t last;       /* the previous id, to catch an unsorted (damaged) id column */
	seg_rd rd;
} mcur;

typedef struct idslot {
	int64_t id;
	uint64_t gen;       /* the slot holds an id of the current bucket iff gen == idset.gen */
} idslot;

typedef struct idset {
	idslot *t;
	uint32_t bits, n, cap;
	uint64_t gen;
} idset;

typedef struct merger {
	tides_store *s;
	seg_list L;
	mcur *c;            /* in rank order: c[0] the row table, then the segments */
	size_t nc;
	size_t *heap;       /* indexes into c, by (current id, rank) */
	size_t nh;
	sqlite3_stmt *rows; /* row table ids in order */
	unsigned kbits;     /* buckets: 2^kbits */
	idset S;
	uint64_t removed;
} merger;

static tides_status mcur_fill(merger *M, mcur *c)
{
	c->pos += c->nbuf; /* rows consumed so far */
	c->at = 0;
	c->nbuf = 0;
	if (c->mi == SIZE_MAX) {
		while (c->nbuf < MERGE_CHUNK && !c->done) {
			int rc = sqlite3_step(M->rows);
			if (rc == SQLITE_DONE) {
				c->done = 1;
				break;
			}
			if (rc != SQLITE_ROW)
				return store_fail(M->s, "cannot read event ids");
			c->buf[c->nbuf++] = sqlite3_column_int64(M->rows, 0);
		}
		return TIDES_OK;
	}
	if (c->pos < c->nrows) {
		uint32_t k = c->nrows - c->pos < MERGE_CHUNK ? c->nrows - c->pos : MERGE_CHUNK, i;
		if (sqlite3_blob_read(c->rd.blob, c->buf, (int)(8 * k),
		                      (int)(c->rd.dir.off[SEG_ID] + 8ull * c->pos)) != SQLITE_OK)
			return store_fail(M->s, "cannot read a segment");
		/* the buckets rely on the order the merge took for granted */
		for (i = 0; i < k; i++) {
			if (c->buf[i] < c->last)
				return rd_damaged(&c->rd, M->L.m[c->mi].seg);
			c->last = c->buf[i];
		}
		c->nbuf = k;
	}
	return TIDES_OK;
}

/* Takes the current id of `c`; refills at the end of the chunk.  After
 * it, c->nbuf == 0 means the source is exhausted. */
static tides_status mcur_next(merger *M, mcur *c)
{
	if (++c->at == c->nbuf)
		return mcur_fill(M, c);
	return TIDES_OK;
}

static unsigned bucket_of(const merger *M, int64_t id)
{
	uint64_t k = (uint64_t)id ^ UINT64_C(1) << 63; /* signed order as unsigned order */
	return M->kbits ? (unsigned)(k >> (64 - M->kbits)) : 0;
}

/* The largest id of bucket `b`. */
static int64_t bucket_hi(const merger *M, unsigned b)
{
	uint64_t k = M->kbits ? (uint64_t)b << (64 - M->kbits) | UINT64_MAX >> M->kbits : UINT64_MAX;
	return (int64_t)(k ^ UINT64_C(1) << 63);
}

/* Marks the current row of `c` dead if it is a live row of a pending segment. */
static tides_status dedup_kill(merger *M, mcur *c)
{
	seg_meta *m;
	uint32_t row = c->pos + c->at;
	if (c->mi == SIZE_MAX)
		return TIDES_OK;
	m = &M->L.m[c->mi];
	if (!m->pending || is_dead(m, row))
		return TIDES_OK;
	if (!m->dead && !(m->dead = tides_calloc((m->nrows + 7) / 8 + 1, 1)))
		return tides_fail(store_ctx(M->s), TIDES_ERR_NOMEM, "out of memory");
	m->dead[row >> 3] |= (unsigned char)(1u << (row & 7));
	m->nlive--;
	M->removed++;
	return TIDES_OK;
}

static size_t idset_slot(const idset *S, int64_t id)
{
	/* ids of one bucket share their top bits, and tides TSV ids need not
	 * be hashes: mix all bits */
	return (size_t)(((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - S->bits));
}

/* Adds `id`; returns 1 if it was there already. */
static int idset_add(idset *S, int64_t id)
{
	size_t mask = ((size_t)1 << S->bits) - 1, i = idset_slot(S, id);
	while (S->t[i].gen == S->gen) {
		if (S->t[i].id == id)
			return 1;
		i = (i + 1) & mask;
	}
	S->t[i].gen = S->gen;
	S->t[i].id = id;
	S->n++;
	return 0;
}

static int idset_has(const idset *S, int64_t id)
{
	size_t mask = ((size_t)1 << S->bits) - 1, i = idset_slot(S, id);
	while (S->t[i].gen == S->gen) {
		if (S->t[i].id == id)
			return 1;
		i = (i + 1) & mask;
	}
	return 0;
}

/* rank: the order of c (the row table first, then segments in their order) */
static int mless(const merger *M, size_t a, size_t b)
{
	const mcur *x = &M->c[a], *y = &M->c[b];
	int64_t ix = x->buf[x->at], iy = y->buf[y->at];
	if (ix != iy)
		return ix < iy;
	return a < b;
}

static void sift_down(merger *M, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;
		if (l < M->nh && mless(M, M->heap[l], M->heap[m]))
			m = l;
		if (r < M->nh && mless(M, M->heap[r], M->heap[m]))
			m = r;
		if (m == i)
			return;
		t = M->heap[i];
		M->heap[i] = M->heap[m];
		M->heap[m] = t;
		i = m;
	}
}

/* The rest of bucket `b` once the set is full: a k-way merge of sources
 * `from`.. (the ones before have handed over all their ids of the
 * bucket), an id dying when the merge saw it just before or the set
 * holds it. */
static tides_status dedup_spill(merger *M, size_t from, unsigned b)
{
	size_t i;
	int64_t prev = 0;
	int have_prev = 0;
	tides_status ret;
	M->nh = 0;
	for (i = from; i < M->nc; i++)
		if (M->c[i].nbuf && bucket_of(M, M->c[i].buf[M->c[i].at]) == b)
			M->heap[M->nh++] = i;
	for (i = M->nh; i-- > 0;)
		sift_down(M, i);
	while (M->nh > 0) {
		mcur *c = &M->c[M->heap[0]];
		int64_t id = c->buf[c->at];
		if (((have_prev && id == prev) || idset_has(&M->S, id)) && (ret = dedup_kill(M, c)) != TIDES_OK)
			return ret;
		prev = id;
		have_prev = 1;
		if ((ret = mcur_next(M, c)) != TIDES_OK)
			return ret;
		if (c->nbuf == 0 || bucket_of(M, c->buf[c->at]) != b)
			M->heap[0] = M->heap[--M->nh];
		sift_down(M, 0);
	}
	return TIDES_OK;
}

/* Every bucket that holds an id, in order. */
static tides_status dedup_buckets(merger *M)
{
	tides_status ret;
	for (;;) {
		unsigned b = UINT_MAX;
		int64_t hi;
		size_t k;
		int any = 0;
		for (k = 0; k < M->nc; k++)
			if (M->c[k].nbuf) {
				unsigned x = bucket_of(M, M->c[k].buf[M->c[k].at]);
				if (!any || x < b)
					b = x;
				any = 1;
			}
		if (!any)
			return TIDES_OK;
		if (++M->S.gen == 0) { /* wrapped: forget every slot */
			memset(M->S.t, 0, ((size_t)1 << M->S.bits) * sizeof *M->S.t);
			M->S.gen = 1;
		}
		M->S.n = 0;
		hi = bucket_hi(M, b);
		for (k = 0; k < M->nc; k++) {
			mcur *c = &M->c[k];
			while (c->nbuf) {
				uint32_t at = c->at, n = c->nbuf;
				while (at < n && c->buf[at] <= hi && M->S.n < M->S.cap) {
					if (idset_add(&M->S, c->buf[at])) {
						c->at = at;
						if ((ret = dedup_kill(M, c)) != TIDES_OK)
							return ret;
					}
					at++;
				}
				c->at = at;
				if (at < n)
					break; /* past the bucket, or the set is full */
				if ((ret = mcur_fill(M, c)) != TIDES_OK)
					return ret;
			}
			if (M->S.n >= M->S.cap) {
				if ((ret = dedup_spill(M, k, b)) != TIDES_OK)
					return ret;
				break;
			}
		}
	}
}

static tides_status dedup_settle(tides_store *s, const seg_list *L)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	tides_status ret = TIDES_OK;
	if (sqlite3_prepare_v2(tides_store_sqlite(s),
	                       "UPDATE segments SET pending = 0, nlive = ?2, dead = ?3 WHERE seg = ?1", -1, &st,
	                       NULL) != SQLITE_OK)
		return store_fail(s, "cannot update the segment catalogue");
	for (i = 0; i < L->n && ret == TIDES_OK; i++) {
		const seg_meta *m = &L->m[i];
		if (!m->pending)
			continue;
		sqlite3_bind_int64(st, 1, m->seg);
		sqlite3_bind_int64(st, 2, m->nlive);
		if (m->dead)
			sqlite3_bind_blob(st, 3, m->dead, (int)((m->nrows + 7) / 8), SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		if (sqlite3_step(st) != SQLITE_DONE)
			ret = store_fail(s, "cannot update the segment catalogue");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return ret;
}

/* Buckets for `nrows` ids: 2^kbits of at most `per` ids each when the
 * ids are uniform.  TIDES_TUNE_DEDUP_BUCKET sets `per` (tests use tiny
 * buckets to reach bucket edges and the spill with few rows). */
static void dedup_size(merger *M, uint64_t nrows, uint32_t *per)
{
	*per = (uint32_t)tides_ctx_tune(store_ctx(M->s), TIDES_TUNE_DEDUP_BUCKET, 1, 1L << 20, DEDUP_BUCKET);
	M->kbits = 0;
	while (M->kbits < 32 && (nrows >> M->kbits) > *per)
		M->kbits++;
}

tides_status store_seg_dedup(tides_store *s, uint64_t *removed)
{
	tides_ctx *ctx = store_ctx(s);
	sqlite3 *db = tides_store_sqlite(s);
	merger M;
	tides_status ret;
	size_t i, npending = 0;
	uint64_t nrows = 0;
	uint32_t per;
	sqlite3_stmt *st = NULL;
	int began = 0;

	*removed = 0;
	memset(&M, 0, sizeof M);
	M.s = s;
	if (!store_has_segments(s))
		return TIDES_OK;
	store_idcache_free(s); /* dead bits change */
	if ((ret = tides_store_begin(s)) != TIDES_OK)
		return ret;
	began = 1;
	if ((ret = segs_load(s, &M.L, 0)) != TIDES_OK)
		goto out;
	for (i = 0; i < M.L.n; i++) {
		npending += M.L.m[i].pending != 0;
		nrows += M.L.m[i].nrows;
	}
	if (npending == 0)
		goto out;
	/* the row table's size, near enough (rowids are not reused much) */
	if (sqlite3_prepare_v2(db, "SELECT max(id) FROM main.events", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0)
		nrows += (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	dedup_size(&M, nrows, &per);
	M.S.bits = 1;
	while (((size_t)1 << M.S.bits) < 4 * (size_t)per)
		M.S.bits++;
	M.S.cap = 3 * per; /* load at most 3/4 */
	M.c = tides_calloc(M.L.n + 1, sizeof *M.c);
	M.heap = tides_calloc(M.L.n + 1, sizeof *M.heap);
	M.S.t = tides_calloc((size_t)1 << M.S.bits, sizeof *M.S.t);
	if (!M.c || !M.heap || !M.S.t) {
		ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT event_id FROM main.events ORDER BY event_id", -1, &M.rows, NULL) !=
	    SQLITE_OK) {
		ret = store_fail(s, "cannot read event ids");
		goto out;
	}
	for (i = 0; i <= M.L.n; i++) {
		mcur *c = &M.c[M.nc];
		rd_init(&c->rd, s);
		c->mi = i == 0 ? SIZE_MAX : i - 1;
		c->last = INT64_MIN;
		M.nc++;
		c->buf = tides_malloc(MERGE_CHUNK * sizeof *c->buf);
		if (!c->buf) {
			ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (c->mi != SIZE_MAX) {
			if ((ret = rd_open(&c->rd, &M.L.m[c->mi])) != TIDES_OK)
				goto out;
			if (c->rd.dir.len[SEG_ID] != 8ull * c->rd.dir.nrows) {
				ret = rd_damaged(&c->rd, M.L.m[c->mi].seg);
				goto out;
			}
			c->nrows = M.L.m[c->mi].nrows;
		}
		if ((ret = mcur_fill(&M, c)) != TIDES_OK)
			goto out;
	}
	if ((ret = dedup_buckets(&M)) != TIDES_OK)
		goto out;
	*removed = M.removed;
	ret = dedup_settle(s, &M.L);
out:
	for (i = 0; i < M.nc; i++) {
		rd_release(&M.c[i].rd);
		tides_free(M.c[i].buf);
	}
	sqlite3_finalize(M.rows);
	tides_free(M.c);
	tides_free(M.heap);
	tides_free(M.S.t);
	segs_free(&M.L);
	if (began) {
		if (ret == TIDES_OK)
			ret = tides_store_commit(s);
		else
			store_rollback(s);
	}
	return ret;
}

/* ------------------------------------------------------------ id lookup */

/* tides_store_add (one event at a time) must not add an id a
 * segment holds.  Opening each segment's blob and binary-searching it per
 * event cost ~3.6 ms an event against 14 segments (blob handles re-walk
 * the overflow chain).  The cache keeps, per segment, every FENCE-th id
 * (1/64 of the ids: 8 bytes per 64 rows) and an open blob handle, so a
 * lookup is one in-memory search per segment and one 512-byte read in the
 * few segments whose block can hold the id.  It is rebuilt when this
 * connection writes segments or `PRAGMA data_version` says another one did
 * (asked once a write transaction: store_add_row runs only inside one).
 * The blob handles are closed at every commit and rollback: an open handle
 * is an open statement, and a read snapshot held across batches would make
 * the next BEGIN IMMEDIATE fail (SQLITE_BUSY_SNAPSHOT) once another
 * process has written. */
#define FENCE 64

struct seg_idcache {
	seg_list L;
	sqlite3_blob **blob;
	int64_t **fence;      /* fence[i][k] = id of row k * FENCE */
	uint32_t *idoff;      /* offset of the id column in the blob */
	int64_t version;
	int checked;          /* version compared in this write transaction */
};

void store_idcache_close_blobs(tides_store *s)
{
	struct seg_idcache *c = *store_idcache(s);
	size_t i;
	if (c)
		c->checked = 0;
	for (i = 0; c && c->blob && i < c->L.n; i++)
		if (c->blob[i]) {
			sqlite3_blob_close(c->blob[i]);
			c->blob[i] = NULL;
		}
}

void store_idcache_free(tides_store *s)
{
	struct seg_idcache *c = *store_idcache(s);
	size_t i;
	if (!c)
		return;
	for (i = 0; i < c->L.n; i++) {
		if (c->blob && c->blob[i])
			sqlite3_blob_close(c->blob[i]);
		if (c->fence)
			tides_free(c->fence[i]);
	}
	tides_free(c->blob);
	tides_free(c->fence);
	tides_free(c->idoff);
	segs_free(&c->L);
	tides_free(c);
	*store_idcache(s) = NULL;
}

static int64_t data_version(tides_store *s)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(tides_store_sqlite(s), "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static tides_status idcache_build(tides_store *s, struct seg_idcache **out)
{
	tides_ctx *ctx = store_ctx(s);
	struct seg_idcache *c = tides_calloc(1, sizeof *c);
	tides_status ret;
	size_t i;
	*out = NULL;
	if (!c)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	*store_idcache(s) = c;
	c->version = data_version(s);
	if ((ret = segs_load(s, &c->L, 0)) != TIDES_OK)
		goto fail;
	c->blob = tides_calloc(c->L.n + 1, sizeof *c->blob);
	c->fence = tides_calloc(c->L.n + 1, sizeof *c->fence);
	c->idoff = tides_calloc(c->L.n + 1, sizeof *c->idoff);
	if (!c->blob || !c->fence || !c->idoff) {
		ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < c->L.n; i++) {
		const seg_meta *m = &c->L.m[i];
		seg_rd rd;
		uint32_t k, nf = (m->nrows + FENCE - 1) / FENCE;
		if (m->nlive == 0)
			continue;
		rd_init(&rd, s);
		if ((ret = rd_open(&rd, m)) != TIDES_OK) {
			rd_release(&rd);
			goto fail;
		}
		c->blob[i] = rd.blob; /* kept open in this batch: its overflow cache makes reads cheap */
		rd.blob = NULL;
		rd_release(&rd);
		if (rd.dir.len[SEG_ID] != 8ull * m->nrows) {
			ret = tides_fail(ctx, TIDES_ERR_STORE, "%s: segment %lld is damaged", store_path(s),
			                 (long long)m->seg);
			goto fail;
		}
		c->idoff[i] = rd.dir.off[SEG_ID];
		c->fence[i] = tides_malloc((nf ? nf : 1) * sizeof **c->fence);
		if (!c->fence[i]) {
			ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
			goto fail;
		}
		for (k = 0; k < nf; k++)
			if (sqlite3_blob_read(c->blob[i], &c->fence[i][k], 8,
			                      (int)(c->idoff[i] + 8ull * FENCE * k)) != SQLITE_OK) {
				ret = store_fail(s, "cannot read a segment");
				goto fail;
			}
	}
	*out = c;
	return TIDES_OK;
fail:
	store_idcache_free(s);
	return ret;
}

/* Is `id` a live row of some segment? (tides_store_add's check) */
tides_status store_seg_has_id(tides_store *s, int64_t id, int *found)
{
	struct seg_idcache *c = *store_idcache(s);
	tides_status ret;
	size_t i;
	*found = 0;
	/* once a write transaction: it holds the write lock (BEGIN IMMEDIATE,
	 * tides_store_begin), so no other connection writes until it ends; a
	 * prepared PRAGMA an event was 11% of `tides code --db`'s writer */
	if (c && !c->checked && c->version != data_version(s))
		store_idcache_free(s), c = NULL;
	if (!c && (ret = idcache_build(s, &c)) != TIDES_OK)
		return ret;
	c->checked = 1;
	for (i = 0; i < c->L.n && !*found; i++) {
		const seg_meta *m = &c->L.m[i];
		uint32_t nf = (m->nrows + FENCE - 1) / FENCE, lo = 0, hi = nf, blk, n, k;
		int64_t ids[FENCE];
		if (m->nlive == 0 || id < m->id_lo || id > m->id_hi)
			continue;
		while (lo < hi) { /* the last fence <= id */
			uint32_t mid = lo + (hi - lo) / 2;
			if (c->fence[i][mid] <= id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0)
			continue;
		blk = lo - 1;
		n = m->nrows - blk * FENCE < FENCE ? m->nrows - blk * FENCE : FENCE;
		if (!c->blob[i] && sqlite3_blob_open(tides_store_sqlite(s), "main", "segment_data", "data",
		                                     m->seg, 0, &c->blob[i]) != SQLITE_OK) {
			ret = store_fail(s, "cannot read a segment");
			store_idcache_free(s);
			return ret;
		}
		if (sqlite3_blob_read(c->blob[i], ids, (int)(8 * n), (int)(c->idoff[i] + 8ull * FENCE * blk)) !=
		    SQLITE_OK) {
			ret = store_fail(s, "cannot read a segment");
			store_idcache_free(s);
			return ret;
		}
		for (k = 0; k < n; k++)
			if (ids[k] == id) {
				*found = !is_dead(m, blk * FENCE + k);
				break;
			}
	}
	return TIDES_OK;
}

/* ---------------------------------------------------------------- match */

/* Which dictionary entries of the two actor columns equal a or b. */
typedef struct matcher {
	const tides_event_filter *f;
	const char *a, *b;
	int cs, ct;                    /* columns compared */
	int32_t from, to;
	unsigned char *ms, *mt;        /* per dict entry: bit 1 = a, bit 2 = b */
	size_t cap;
} matcher;

static int matcher_init(matcher *x, const tides_event_filter *f)
{
	memset(x, 0, sizeof *x);
	x->f = f;
	x->a = f->a && f->a[0] ? f->a : NULL;
	x->b = f->b && f->b[0] ? f->b : NULL;
	x->cs = f->exact_actors ? SEG_SOURCE : SEG_SOURCE_COUNTRY;
	x->ct = f->exact_actors ? SEG_TARGET : SEG_TARGET_COUNTRY;
	x->from = INT32_MIN;
	x->to = INT32_MAX;
	if (f->from && f->from[0]) {
		x->from = tides_date_parse_iso(f->from, strlen(f->from));
		if (x->from == TIDES_DATE_NONE)
			return -1;
	}
	if (f->to && f->to[0]) {
		x->to = tides_date_parse_iso(f->to, strlen(f->to));
		if (x->to == TIDES_DATE_NONE)
			return -1;
	}
	return 0;
}

static void matcher_free(matcher *x)
{
	tides_free(x->ms);
	tides_free(x->mt);
}

static unsigned char eqbits(const matcher *x, const char *s, size_t n)
{
	unsigned char r = 0;
	if (x->a && strlen(x->a) == n && memcmp(x->a, s, n) == 0)
		r |= 1;
	if (x->b && strlen(x->b) == n && memcmp(x->b, s, n) == 0)
		r |= 2;
	return r;
}

/* Prepares the per-entry bits for a segment whose actor columns are loaded. */
static int matcher_seg(matcher *x, const seg_view *v)
{
	size_t need = 1;
	uint32_t k;
	int side;
	if (!x->a && !x->b)
		return 0;
	for (side = 0; side < 2; side++) {
		const seg_col *c = &v->col[side ? x->ct : x->cs];
		size_t n = c->kind == SEG_K_DICT ? c->nstr : v->nrows;
		if (n > need)
			need = n;
	}
	if (need > x->cap) {
		unsigned char *a = tides_realloc(x->ms, need), *b;
		if (!a)
			return -1;
		x->ms = a;
		b = tides_realloc(x->mt, need);
		if (!b)
			return -1;
		x->mt = b;
		x->cap = need;
	}
	for (side = 0; side < 2; side++) {
		int col = side ? x->ct : x->cs;
		const seg_col *c = &v->col[col];
		unsigned char *out = side ? x->mt : x->ms;
		size_t n = c->kind == SEG_K_DICT ? c->nstr : v->nrows;
		for (k = 0; k < n; k++) {
			uint32_t a = seg_u32(c->off + 4ull * k), b = seg_u32(c->off + 4ull * k + 4);
			out[k] = eqbits(x, c->bytes + a, b - a);
		}
	}
	return 0;
}

/* bits[r] = the entry bits of row r's value in column c */
static void fill_bits(const seg_view *v, int c, const unsigned char *tab, unsigned char *bits)
{
	const seg_col *col = &v->col[c];
	const unsigned char *q = col->idx;
	uint32_t r, n = v->nrows;
	if (col->kind != SEG_K_DICT)
		memcpy(bits, tab, n);
	else if (col->width == 0) /* one string for every row */
		memset(bits, tab[0], n);
	else if (col->width == 1)
		for (r = 0; r < n; r++)
			bits[r] = tab[q[r]];
	else if (col->width == 2)
		for (r = 0; r < n; r++)
			bits[r] = tab[q[2 * r] | q[2 * r + 1] << 8];
	else
		for (r = 0; r < n; r++)
			bits[r] = tab[seg_u32(q + 4ull * r)];
}

/* ok[r] = 1 when row r is live and matches; column-at-a-time so the
 * loops stay tight (the index scan spends its time here). */
static int matcher_rows(matcher *x, const seg_view *v, const seg_meta *m, unsigned char *ok,
                        unsigned char *tmp)
{
	const tides_event_filter *f = x->f;
	uint32_t r, n = v->nrows;
	if (!x->a && !x->b) {
		memset(ok, 1, n);
	} else {
		unsigned char want;
		if (matcher_seg(x, v) != 0)
			return -1;
		fill_bits(v, x->cs, x->ms, ok);
		fill_bits(v, x->ct, x->mt, tmp);
		if (x->a && x->b) {
			if (f->directed)
				for (r = 0; r < n; r++)
					ok[r] = (ok[r] & 1) && (tmp[r] & 2);
			else
				for (r = 0; r < n; r++)
					ok[r] = ((ok[r] & 1) && (tmp[r] & 2)) || ((ok[r] & 2) && (tmp[r] & 1));
		} else {
			want = x->a ? 1 : 2;
			if (f->directed && x->a)
				for (r = 0; r < n; r++)
					ok[r] = (ok[r] & want) != 0;
			else if (f->directed)
				for (r = 0; r < n; r++)
					ok[r] = (tmp[r] & want) != 0;
			else
				for (r = 0; r < n; r++)
					ok[r] = ((ok[r] | tmp[r]) & want) != 0;
		}
	}
	if (x->from != INT32_MIN || x->to != INT32_MAX)
		for (r = 0; r < n; r++) {
			int32_t d = seg_day(v, r);
			if (d < x->from || d > x->to)
				ok[r] = 0;
		}
	if (m->dead)
		for (r = 0; r < n; r++)
			if (is_dead(m, r))
				ok[r] = 0;
	return 0;
}

static int rows_reserve(unsigned char **ok, unsigned char **tmp, size_t *cap, uint32_t n)
{
	unsigned char *a, *b;
	if (n <= *cap)
		return 0;
	a = tides_realloc(*ok, n);
	if (!a)
		return -1;
	*ok = a;
	b = tides_realloc(*tmp, n);
	if (!b)
		return -1;
	*tmp = b;
	*cap = n;
	return 0;
}

static uint32_t filter_cols(const matcher *x)
{
	uint32_t m = 1u << SEG_DAY;
	if (x->a || x->b)
		m |= 1u << x->cs | 1u << x->ct;
	return m;
}

/* ------------------------------------------------------- segment walk */

/* Gets the decoded segment and ok[r] = 1 for its matching rows; returns
 * non-zero to stop the walk. */
typedef int (*seg_visit_fn)(void *ud, const seg_view *v, const unsigned char *ok);

/* Calls visit for each live segment whose days meet the filter's, with the
 * columns `cols` plus the filter's decoded.  The caller holds the read
 * transaction, so the row table it reads next is the same snapshot; *stopped
 * tells it whether visit stopped the walk.  `cat`: the segment catalogue
 * read in that transaction already (tides_store_scan walks once per date
 * window), or NULL to read it here. */
static tides_status seg_walk(tides_store *s, const seg_list *cat, matcher *x, uint32_t cols,
                             seg_visit_fn visit, void *ud, int *stopped)
{
	seg_list own;
	const seg_list *L = cat;
	seg_rd rd;
	tides_status ret = TIDES_OK;
	size_t i, cap = 0;
	unsigned char *ok = NULL, *tmp = NULL;

	*stopped = 0;
	rd_init(&rd, s);
	memset(&own, 0, sizeof own);
	if (!L) {
		if ((ret = segs_load(s, &own, 0)) != TIDES_OK)
			goto out0;
		L = &own;
	}
	cols |= filter_cols(x);
	for (i = 0; i < L->n && !*stopped; i++) {
		const seg_meta *m = &L->m[i];
		if (m->nlive == 0 || m->day_hi < x->from || m->day_lo > x->to)
			continue;
		if ((ret = rd_open(&rd, m)) != TIDES_OK || (ret = rd_cols(&rd, cols)) != TIDES_OK)
			break;
		if (rows_reserve(&ok, &tmp, &cap, m->nrows) != 0 || matcher_rows(x, &rd.v, m, ok, tmp) != 0) {
			ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
			break;
		}
		*stopped = visit(ud, &rd.v, ok);
	}
	segs_free(&own);
out0:
	tides_free(ok);
	tides_free(tmp);
	rd_release(&rd);
	return ret;
}

/* The segments' rows that match f through visit(w), then the row table's
 * through rows(w), in one read transaction; visit or the row table's
 * callback returning non-zero stops the scan. */
typedef tides_status (*rows_tail_fn)(tides_store *s, const tides_event_filter *f, void *w);

static tides_status scan_walk(tides_store *s, const seg_list *cat, const tides_event_filter *f,
                              uint32_t cols, seg_visit_fn visit, rows_tail_fn rows, void *w)
{
	matcher x;
	tides_status ret;
	int began = 0, stop = 0;

	if (matcher_init(&x, f) != 0)
		return tides_fail(store_ctx(s), TIDES_ERR_USAGE, "bad date bound");
	if ((ret = store_read_begin(s, &began)) != TIDES_OK)
		goto out;
	ret = seg_walk(s, cat, &x, cols, visit, w, &stop);
	if (ret == TIDES_OK && !stop)
		ret = rows(s, f, w);
	store_read_end(s, began);
out:
	matcher_free(&x);
	return ret;
}

/* --------------------------------------------------------- aggregation */

struct days_walk {
	store_day_fn fn;
	void *ud;
};

static int days_visit(void *ud, const seg_view *v, const unsigned char *ok)
{
	struct days_walk *w = ud;
	uint32_t r;
	for (r = 0; r < v->nrows; r++)
		if (ok[r] && w->fn(w->ud, seg_day(v, r), seg_quad(v, r), seg_gold(v, r)))
			return 1;
	return 0;
}

static tides_status days_rows(tides_store *s, const tides_event_filter *f, void *ud)
{
	struct days_walk *w = ud;
	return store_rows_days(s, f, w->fn, w->ud);
}

static tides_status scan_days(tides_store *s, const seg_list *cat, const tides_event_filter *f,
                              store_day_fn fn, void *ud)
{
	struct days_walk w = { fn, ud };
	return scan_walk(s, cat, f, 1u << SEG_QUAD | 1u << SEG_GOLD, days_visit, days_rows, &w);
}

tides_status store_scan_days(tides_store *s, const tides_event_filter *f, store_day_fn fn, void *ud)
{
	return scan_days(s, NULL, f, fn, ud);
}

/* ------------------------------------------------------- storage order */

struct rows_walk {
	tides_event_fn fn;
	void *ud;
};

static int rows_visit(void *ud, const seg_view *v, const unsigned char *ok)
{
	struct rows_walk *w = ud;
	tides_event ev;
	uint32_t r;
	for (r = 0; r < v->nrows; r++) {
		if (!ok[r])
			continue;
		seg_row(v, r, &ev);
		if (w->fn(w->ud, &ev))
			return 1;
	}
	return 0;
}

static tides_status rows_rows(tides_store *s, const tides_event_filter *f, void *ud)
{
	struct rows_walk *w = ud;
	return store_rows_scan(s, f, w->fn, w->ud);
}

static tides_status scan_storage(tides_store *s, const seg_list *cat, const tides_event_filter *f,
                                 tides_event_fn fn, void *ud)
{
	struct rows_walk w = { fn, ud };
	return scan_walk(s, cat, f, (1u << SEG_NCOL) - 1, rows_visit, rows_rows, &w);
}

tides_status store_scan_storage(tides_store *s, const tides_event_filter *f, tides_event_fn fn,
                                void *ud)
{
	return scan_storage(s, NULL, f, fn, ud);
}

tides_status tides_store_export(tides_store *s, const tides_event_filter *f, tides_event_fn fn,
                                void *userdata)
{
	static const tides_event_filter none;
	return store_scan_storage(s, f ? f : &none, fn, userdata);
}

/* ------------------------------------------------------ date-ordered scan */

typedef struct win {
	tides_event *ev;
	size_t n, cap;
} win;

static int win_add(void *ud, const tides_event *ev)
{
	win *w = ud;
	if (w->n == w->cap)
		return 1; /* cannot happen: windows are sized from the counts */
	w->ev[w->n++] = *ev;
	return 0;
}

static int ev_cmp(const void *a, const void *b)
{
	const tides_event *x = *(tides_event *const *)a, *y = *(tides_event *const *)b;
	int c = strcmp(x->date, y->date);
	uint64_t u, v;
	if (c)
		return c;
	store_hex_to_u64(x->event_id, &u);
	store_hex_to_u64(y->event_id, &v);
	return (int64_t)u < (int64_t)v ? -1 : (int64_t)u > (int64_t)v;
}

typedef struct hist {
	int32_t lo, hi;
	uint32_t *n;
} hist;

static int hist_add(void *ud, int32_t day, int quad, double g)
{
	hist *h = ud;
	(void)quad;
	(void)g;
	if (day >= h->lo && day <= h->hi)
		h->n[day - h->lo]++;
	return 0;
}

tides_status tides_store_scan(tides_store *s, const tides_event_filter *f, tides_event_fn fn,
                              void *userdata)
{
	static const tides_event_filter none;
	tides_ctx *ctx = store_ctx(s);
	seg_list L;
	seg_rd rd;
	matcher x;
	hist h;
	win w;
	tides_event **order = NULL;
	tides_status ret = TIDES_OK;
	int32_t lo, hi, d0;
	int64_t rlo = 0, rhi = -1;
	size_t i;
	int began = 0;

	if (!f)
		f = &none;
	memset(&h, 0, sizeof h);
	memset(&w, 0, sizeof w);
	memset(&L, 0, sizeof L);
	if (matcher_init(&x, f) != 0)
		return tides_fail(ctx, TIDES_ERR_USAGE, "bad date bound");
	rd_init(&rd, s);
	if ((ret = store_read_begin(s, &began)) != TIDES_OK)
		goto out;
	if ((ret = segs_load(s, &L, 0)) != TIDES_OK || (ret = store_rows_span(s, &rlo, &rhi)) != TIDES_OK)
		goto out;
	/* the day span of segments and rows, cut to the filter's bounds */
	lo = rlo <= rhi ? (int32_t)rlo : INT32_MAX;
	hi = rlo <= rhi ? (int32_t)rhi : INT32_MIN;
	for (i = 0; i < L.n; i++) {
		if (L.m[i].nlive == 0)
			continue;
		if (L.m[i].day_lo < lo)
			lo = L.m[i].day_lo;
		if (L.m[i].day_hi > hi)
			hi = L.m[i].day_hi;
	}
	if (lo < x.from)
		lo = x.from;
	if (hi > x.to)
		hi = x.to;
	if (lo > hi || (int64_t)hi - lo > 10000000)
		goto out; /* nothing in range (or dates no calendar has) */
	h.lo = lo;
	h.hi = hi;
	h.n = tides_calloc((size_t)(hi - lo) + 1, sizeof *h.n);
	w.cap = SCAN_WINDOW;
	w.ev = tides_malloc(w.cap * sizeof *w.ev);
	order = tides_malloc(w.cap * sizeof *order);
	if (!h.n || !w.ev || !order) {
		ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* one read transaction and one catalogue for the counts and every
	 * window (the catalogue was read per window before) */
	if ((ret = scan_days(s, &L, f, hist_add, &h)) != TIDES_OK)
		goto out;
	for (d0 = lo; d0 <= hi;) {
		int32_t d1 = d0;
		uint64_t cnt = h.n[d0 - lo];
		tides_event_filter wf = *f;
		char from[11], to[11];
		if (cnt == 0) {
			d0++;
			continue;
		}
		while (d1 < hi && cnt + h.n[d1 + 1 - lo] <= SCAN_WINDOW)
			cnt += h.n[++d1 - lo];
		if (cnt > w.cap) { /* one day holds more than a window */
			tides_event *ne = tides_realloc(w.ev, cnt * sizeof *ne);
			tides_event **no;
			if (!ne) {
				ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			w.ev = ne;
			no = tides_realloc(order, cnt * sizeof *no);
			if (!no) {
				ret = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
				goto out;
			}
			order = no;
			w.cap = cnt;
		}
		tides_date_format(d0, from);
		tides_date_format(d1, to);
		wf.from = from;
		wf.to = to;
		w.n = 0;
		if ((ret = scan_storage(s, &L, &wf, win_add, &w)) != TIDES_OK)
			goto out;
		for (i = 0; i < w.n; i++)
			order[i] = &w.ev[i];
		qsort(order, w.n, sizeof *order, ev_cmp);
		for (i = 0; i < w.n; i++)
			if (fn(userdata, order[i]))
				goto out;
		d0 = d1 + 1;
	}
out:
	tides_free(h.n);
	tides_free(w.ev);
	tides_free(order);
	segs_free(&L);
	rd_release(&rd);
	matcher_free(&x);
	store_read_end(s, began);
	return ret;
}

/* ---------------------------------------------------------------- stats */

typedef struct kv {
	uint64_t key;
	uint64_t n;
	int32_t lo, hi;
} kv;

typedef struct kvmap {
	kv *v;
	size_t n, cap; /* cap: power of two */
} kvmap;

static kv *kv_get(kvmap *M, uint64_t key)
{
	size_t i;
	if ((M->n + 1) * 2 > M->cap) {
		size_t nc = M->cap ? M->cap * 2 : 1024, j;
		kv *nv = tides_calloc(nc, sizeof *nv);
		if (!nv)
			return NULL;
		for (j = 0; j < M->cap; j++) {
			if (!M->v[j].n)
				continue;
			for (i = (size_t)(M->v[j].key * 0x9E3779B97F4A7C15ull >> 20) & (nc - 1); nv[i].n; i = (i + 1) & (nc - 1))
				;
			nv[i] = M->v[j];
		}
		tides_free(M->v);
		M->v = nv;
		M->cap = nc;
	}
	for (i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (M->cap - 1); M->v[i].n; i = (i + 1) & (M->cap - 1))
		if (M->v[i].key == key)
			return &M->v[i];
	M->v[i].key = key;
	M->v[i].lo = INT32_MAX;
	M->v[i].hi = INT32_MIN;
	M->n++;
	return &M->v[i]; /* n == 0 until the caller counts */
}

/* Up to 8 bytes of a short string as a key (countries are 3, origins <= 7). */
static uint64_t key8(const char *s, size_t n)
{
	uint64_t k = 0;
	memcpy(&k, s, n < 8 ? n : 8);
	return k;
}

static void key_str(uint64_t k, char out[9])
{
	memcpy(out, &k, 8);
	out[8] = '\0';
}

typedef struct stat_acc {
	kvmap origin, dyad;
	uint64_t events;
	int32_t lo, hi;
	int nomem;
} stat_acc;

static void stat_row(stat_acc *a, const char *origin, size_t on, int32_t day, const char *sc, size_t sn,
                     const char *tc, size_t tn, uint64_t count)
{
	kv *o;
	a->events += count;
	if (day < a->lo)
		a->lo = day;
	if (day > a->hi)
		a->hi = day;
	o = kv_get(&a->origin, key8(origin, on));
	if (!o) {
		a->nomem = 1;
		return;
	}
	o->n += count;
	if (day < o->lo)
		o->lo = day;
	if (day > o->hi)
		o->hi = day;
	if (sn && tn) {
		kv *d = kv_get(&a->dyad, key8(sc, sn > 4 ? 4 : sn) | key8(tc, tn > 4 ? 4 : tn) << 32);
		if (!d) {
			a->nomem = 1;
			return;
		}
		d->n += count;
	}
}

static int kv_by_key(const void *a, const void *b)
{
	const kv *x = a, *y = b;
	char s[9], t[9];
	key_str(x->key, s);
	key_str(y->key, t);
	return strcmp(s, t);
}

static int kv_by_count(const void *a, const void *b)
{
	const kv *x = a, *y = b;
	char s[9], t[9];
	int c;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	memcpy(s, &x->key, 4);
	s[4] = '\0';
	memcpy(t, &y->key, 4);
	t[4] = '\0';
	if ((c = strcmp(s, t)) != 0)
		return c;
	memcpy(s, (const char *)&x->key + 4, 4);
	memcpy(t, (const char *)&y->key + 4, 4);
	return strcmp(s, t);
}

static size_t kv_compact(kvmap *M)
{
	size_t i, n = 0;
	for (i = 0; i < M->cap; i++)
		if (M->v[i].n)
			M->v[n++] = M->v[i];
	return n;
}

static int stats_rows_cb(void *ud, const tides_event *ev)
{
	stat_acc *a = ud;
	int32_t d = tides_date_parse_iso(ev->date, strlen(ev->date));
	stat_row(a, ev->origin, strlen(ev->origin), d, ev->source_country, strlen(ev->source_country),
	         ev->target_country, strlen(ev->target_country), 1);
	return a->nomem;
}

tides_status store_seg_stats(tides_store *s, FILE *out, int top)
{
	static const tides_event_filter none;
	seg_list L;
	seg_rd rd;
	stat_acc a;
	tides_status ret = TIDES_OK;
	size_t i, n;
	uint32_t r;
	int began = 0;
	char d1[11], d2[11], k1[9];

	memset(&a, 0, sizeof a);
	a.lo = INT32_MAX;
	a.hi = INT32_MIN;
	rd_init(&rd, s);
	memset(&L, 0, sizeof L);
	if ((ret = store_read_begin(s, &began)) != TIDES_OK)
		goto out;
	if ((ret = segs_load(s, &L, 0)) != TIDES_OK)
		goto out;
	for (i = 0; i < L.n && ret == TIDES_OK; i++) {
		const seg_meta *m = &L.m[i];
		if (m->nlive == 0)
			continue;
		if ((ret = rd_open(&rd, m)) != TIDES_OK ||
		    (ret = rd_cols(&rd, 1u << SEG_DAY | 1u << SEG_ORIGIN | 1u << SEG_SOURCE_COUNTRY |
		                            1u << SEG_TARGET_COUNTRY)) != TIDES_OK)
			break;
		for (r = 0; r < m->nrows && !a.nomem; r++) {
			size_t on, sn, tn;
			const char *o, *sc, *tc;
			char b1[SEG_DEC_BUF], b2[SEG_DEC_BUF], b3[SEG_DEC_BUF];
			if (is_dead(m, r))
				continue;
			o = seg_str(&rd.v, SEG_ORIGIN, r, b1, &on);
			sc = seg_str(&rd.v, SEG_SOURCE_COUNTRY, r, b2, &sn);
			tc = seg_str(&rd.v, SEG_TARGET_COUNTRY, r, b3, &tn);
			stat_row(&a, o, on, seg_day(&rd.v, r), sc, sn, tc, tn, 1);
		}
	}
	if (ret == TIDES_OK)
		ret = store_rows_scan(s, &none, stats_rows_cb, &a);
	if (ret == TIDES_OK && a.nomem)
		ret = tides_fail(store_ctx(s), TIDES_ERR_NOMEM, "out of memory");
	if (ret != TIDES_OK)
		goto out;
	fprintf(out, "events\t%llu\n", (unsigned long long)a.events);
	if (a.events) {
		tides_date_format(a.lo, d1);
		tides_date_format(a.hi, d2);
		fprintf(out, "span\t%s\t%s\n", d1, d2);
	} else {
		fputs("span\t-\t-\n", out);
	}
	n = a.origin.cap ? kv_compact(&a.origin) : 0;
	if (n) /* qsort wants a non-NULL array even for 0 items */
		qsort(a.origin.v, n, sizeof *a.origin.v, kv_by_key);
	for (i = 0; i < n; i++) {
		key_str(a.origin.v[i].key, k1);
		tides_date_format(a.origin.v[i].lo, d1);
		tides_date_format(a.origin.v[i].hi, d2);
		fprintf(out, "origin\t%s\t%llu\t%s\t%s\n", k1, (unsigned long long)a.origin.v[i].n, d1, d2);
	}
	ret = store_stats_tail(s, out);
	if (ret != TIDES_OK)
		goto out;
	n = a.dyad.cap ? kv_compact(&a.dyad) : 0;
	if (n)
		qsort(a.dyad.v, n, sizeof *a.dyad.v, kv_by_count);
	for (i = 0; i < n && (int)i < top; i++) {
		char sc[5], tc[5];
		memcpy(sc, &a.dyad.v[i].key, 4);
		sc[4] = '\0';
		memcpy(tc, (const char *)&a.dyad.v[i].key + 4, 4);
		tc[4] = '\0';
		fprintf(out, "dyad\t%s\t%s\t%llu\n", sc, tc, (unsigned long long)a.dyad.v[i].n);
	}
out:
	tides_free(a.origin.v);
	tides_free(a.dyad.v);
	segs_free(&L);
	rd_release(&rd);
	store_read_end(s, began);
	return ret;
}
