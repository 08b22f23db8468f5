/*
 * store.c — the event store: one SQLite file in WAL mode.
 *
 * Schema version 2 (PRAGMA user_version): imported events live in columnar
 * segments (segment tables, seg.h and segstore.c); the v1 row table below
 * stays for events added one at a time (tides_store_add), for the rows of
 * v1 stores, and for undated coder events (`tides code --db` writes the
 * rest as segments, store-bulk.c).  Every read covers both.  A v1 store opens
 * read-only as it is; opened for writing it is migrated in place (the
 * segment tables are added, user_version becomes 2, its rows stay where
 * they are).
 *
 * Row table (schema version 1, README "The event store and importers"
 * documents every column):
 *   events(id INTEGER PRIMARY KEY, event_id INTEGER UNIQUE, date, source,
 *          target, code, root, quad, goldstein, issues, doc_id, sentence,
 *          lang, source_text, verb_text, target_text, origin, orig_id,
 *          source_country, target_country)
 *   sentences(doc_id, sentence, date, lang, text)  PRIMARY KEY(doc_id, sentence),
 *          WITHOUT ROWID in stores made since 2026-11-25 (one b-tree insert a
 *          sentence instead of two: the coder's writer thread spent 4/5 of
 *          its time in them; older stores keep their rowid table, the
 *          statements are the same).  The bulk writer inserts its buffered
 *          sentences with one INSERT ... SELECT from tides_sentbuf, an
 *          eponymous virtual table over the buffer (about half the
 *          instructions a sentence of one INSERT step each).
 *   import_progress(path, format, size, mtime_ns, offset, line, rows, done)
 *   meta(key, value);  view events_hex adds event_hex, the 16 hex digits.
 *
 * Invariants and why:
 *  - event_id is tides_event.event_id (16 hex digits) read as a 64-bit
 *    integer: 8 bytes in a unique index instead of 17 in a text one.  A row
 *    is added with `INSERT OR IGNORE` against that index after its id was
 *    looked up in the segments (store_seg_has_id), so no id is stored twice.
 *    Rows get an append-only rowid (id).
 *  - Text columns are never NULL ('' = unknown) so equality filters and
 *    GROUP BY need no COALESCE; goldstein is NULL when unknown (NaN).
 *  - Secondary indexes (date; source_country+target_country+date, covering
 *    goldstein; target_country+date; source+target+date) serve the row
 *    table's part of the scans.  Schema-1 bulk loads dropped them and built
 *    them at the end; every writable open still re-creates missing ones (and
 *    removes ids a killed v1 bulk load left twice, first row kept), so such
 *    a store heals on its first open by this version.
 *  - WAL + synchronous=NORMAL: a committed batch survives SIGKILL, readers
 *    never block the writer and see the last committed batch.
 *  - New files get 64 KiB pages (segment blobs are megabytes of overflow
 *    pages); older stores keep their page size.
 */
#include "store/store-db.h"
#include "store/seg.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/banned.h"

#define STORE_PAGE_SIZE_STR "65536"
#define STORE_MERGE_BATCH 65536

struct tides_store {
	tides_ctx *ctx;
	sqlite3 *db;
	char *path;
	int readonly;
	int in_batch;
	int in_read;            /* store_read_begin opened a read transaction */
	int has_segs;           /* the segment tables exist */
	struct seg_idcache *idc; /* segstore.c: id lookups of tides_store_add */
	store_ckpt *ckpt;       /* TIDES_STORE_BESIDE: checkpoints on a thread (ckpt.c) */
	sqlite3_stmt *ins;      /* insert one event */
	sqlite3_stmt *ins_sent; /* insert one sentence */
	sqlite3_stmt *ins_sents; /* insert the rows of the tides_sentbuf table */
	const store_sent *sb_v; /* what tides_sentbuf shows during that insert */
	size_t sb_n;
	int sb_module;          /* tides_sentbuf is registered on db */
	sqlite3_stmt *sd_off, *sd_back; /* secure_delete off and back around it */
};

#define SEG_SCHEMA \
	"CREATE TABLE IF NOT EXISTS segments(seg INTEGER PRIMARY KEY, nrows INTEGER NOT NULL," \
	" nlive INTEGER NOT NULL, day_lo INTEGER NOT NULL, day_hi INTEGER NOT NULL," \
	" id_lo INTEGER NOT NULL, id_hi INTEGER NOT NULL, pending INTEGER NOT NULL, dead BLOB);" \
	"CREATE TABLE IF NOT EXISTS segment_data(seg INTEGER PRIMARY KEY, data BLOB NOT NULL);"

#define EVENT_COLS "event_id, date, source, target, code, root, quad, goldstein, issues, doc_id, " \
	"sentence, lang, source_text, verb_text, target_text, origin, orig_id, " \
	"source_country, target_country"

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS events("
	" id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL,"
	" date TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
	" code TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER NOT NULL, goldstein REAL,"
	" issues TEXT NOT NULL, doc_id TEXT NOT NULL, sentence INTEGER NOT NULL,"
	" lang TEXT NOT NULL, source_text TEXT NOT NULL, verb_text TEXT NOT NULL,"
	" target_text TEXT NOT NULL, origin TEXT NOT NULL, orig_id TEXT NOT NULL,"
	" source_country TEXT NOT NULL, target_country TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS sentences("
	" doc_id TEXT NOT NULL, sentence INTEGER NOT NULL, date TEXT NOT NULL,"
	" lang TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(doc_id, sentence)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS import_progress("
	" path TEXT PRIMARY KEY, format TEXT NOT NULL, size INTEGER NOT NULL,"
	" mtime_ns INTEGER NOT NULL, offset INTEGER NOT NULL, line INTEGER NOT NULL,"
	" rows INTEGER NOT NULL, done INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	SEG_SCHEMA
	"CREATE VIEW IF NOT EXISTS events_hex AS"
	" SELECT printf('%016x', event_id) AS event_hex, * FROM events;"
	"INSERT OR IGNORE INTO meta VALUES('created_by', 'tides " TIDES_VERSION "');";

static const char index_sql[] =
	"CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events(event_id);"
	"CREATE INDEX IF NOT EXISTS events_date ON events(date);"
	"CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, date, goldstein);"
	"CREATE INDEX IF NOT EXISTS events_target ON events(target_country, date);"
	"CREATE INDEX IF NOT EXISTS events_actors ON events(source, target, date);";

sqlite3 *tides_store_sqlite(tides_store *s)
{
	return s ? s->db : NULL;
}

tides_ctx *store_ctx(tides_store *s)
{
	return s->ctx;
}

struct seg_idcache **store_idcache(tides_store *s)
{
	return &s->idc;
}

tides_ctx *store_set_ctx(tides_store *s, tides_ctx *ctx)
{
	tides_ctx *old = s->ctx;
	s->ctx = ctx;
	return old;
}

int store_in_batch(const tides_store *s)
{
	return s->in_batch;
}

tides_status store_fail(tides_store *s, const char *what)
{
	int code = s->db ? sqlite3_errcode(s->db) : SQLITE_NOMEM;
	if (code == SQLITE_NOMEM)
		return tides_fail(s->ctx, TIDES_ERR_NOMEM, "%s: out of memory", what);
	return tides_fail(s->ctx, TIDES_ERR_STORE, "%s: %s: %s", s->path ? s->path : "store", what,
	                  s->db ? sqlite3_errmsg(s->db) : "no connection");
}

tides_status store_exec(tides_store *s, const char *sql)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "cannot update the store");
	return TIDES_OK;
}

tides_status store_rollback(tides_store *s)
{
	store_idcache_close_blobs(s);
	if (!s->in_batch)
		return TIDES_OK;
	s->in_batch = 0;
	if (sqlite3_get_autocommit(s->db))
		return TIDES_OK; /* SQLite already rolled back (e.g. after NOMEM) */
	if (sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "cannot roll back");
	return TIDES_OK;
}

/* Digit value + 1 of each hex character, 0 for the rest: ids are hashes,
 * so a branch on "is it a letter" is a coin toss the predictor loses (~2%
 * of `tides code --db` went into the branchy loop). */
static const unsigned char hex_val1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

int store_hex_to_u64(const char *hex, uint64_t *out)
{
	uint64_t v = 0;
	unsigned bad = 0;
	int i;
	for (i = 0; i < 16; i++) {
		unsigned d = hex_val1[(unsigned char)hex[i]];
		if (!hex[i])
			return 0; /* short: never read past the end */
		bad |= d == 0;
		v = v << 4 | ((d - 1) & 15);
	}
	if (bad || hex[16] != '\0')
		return 0;
	*out = v;
	return 1;
}

void store_u64_to_hex(uint64_t v, char out[17])
{
	static const char digits[] = "0123456789abcdef";
	int i;
	for (i = 15; i >= 0; i--) {
		out[i] = digits[v & 15];
		v >>= 4;
	}
	out[16] = '\0';
}

static int get_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The unique index on event_id is what makes INSERT OR IGNORE skip
 * duplicates.  Rebuilding it after a bulk load (or after a bulk load was
 * killed) first removes rows whose event_id repeats, keeping the first. */
tides_status store_create_indexes(tides_store *s, int64_t *removed)
{
	int64_t have = 0;
	tides_status st;
	int rc;
	if (removed)
		*removed = 0;
	if (get_int(s->db, "SELECT count(*) FROM sqlite_master WHERE type='index' AND name='events_event_id'",
	            &have) != SQLITE_OK)
		return store_fail(s, "cannot read the schema");
	/* index builds sort every row: let SQLite's sorter use a second core */
	sqlite3_exec(s->db, "PRAGMA threads=2", NULL, NULL, NULL);
	if (!have) {
		if ((st = store_exec(s, "BEGIN IMMEDIATE")) != TIDES_OK)
			return st;
		/* a bulk load adds rows without the unique index; usually no id
		 * repeats and building the index is one sort.  If one does, keep the
		 * first row of each id and build again. */
		rc = sqlite3_exec(s->db, "CREATE UNIQUE INDEX events_event_id ON events(event_id)", NULL,
		                  NULL, NULL);
		if (rc == SQLITE_CONSTRAINT) {
			if ((st = store_exec(s, "DELETE FROM events WHERE id NOT IN"
			                        " (SELECT min(id) FROM events GROUP BY event_id)")) != TIDES_OK) {
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
				return st;
			}
			if (removed)
				*removed = sqlite3_changes(s->db);
			rc = sqlite3_exec(s->db, "CREATE UNIQUE INDEX events_event_id ON events(event_id)",
			                  NULL, NULL, NULL);
		}
		if (rc != SQLITE_OK) {
			st = store_fail(s, "cannot index event ids");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return st;
		}
		if ((st = store_exec(s, "COMMIT")) != TIDES_OK)
			return st;
	}
	return store_exec(s, index_sql);
}

static tides_status store_check_segs(tides_store *s)
{
	int64_t n = 0;
	if (get_int(s->db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='segments'",
	            &n) != SQLITE_OK)
		return store_fail(s, "cannot read the schema");
	s->has_segs = n > 0;
	return TIDES_OK;
}

/* Creates, checks or migrates the schema.  A file with tables but
 * user_version 0 is somebody else's database: refuse it rather than add
 * tables to it.  A v1 store opened for writing gets the segment tables. */
static tides_status store_setup(tides_store *s)
{
	int64_t ver = 0, ntables = 0;
	uint64_t removed = 0;
	tides_status st;

	if (get_int(s->db, "PRAGMA user_version", &ver) != SQLITE_OK)
		return store_fail(s, "cannot read the schema version");
	if (ver > TIDES_STORE_SCHEMA_VERSION)
		return tides_fail(s->ctx, TIDES_ERR_STORE,
		                  "%s: store schema version %lld is newer than this tides (%d)",
		                  s->path, (long long)ver, TIDES_STORE_SCHEMA_VERSION);
	if (ver >= 1) {
		if (s->readonly)
			return store_check_segs(s);
		if (ver < TIDES_STORE_SCHEMA_VERSION) {
			if ((st = store_exec(s, "BEGIN IMMEDIATE")) != TIDES_OK)
				return st;
			if ((st = store_exec(s, SEG_SCHEMA "PRAGMA user_version = 2")) != TIDES_OK) {
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
				return st;
			}
			if ((st = store_exec(s, "COMMIT")) != TIDES_OK)
				return st;
		}
		if ((st = store_check_segs(s)) != TIDES_OK || (st = store_create_indexes(s, NULL)) != TIDES_OK)
			return st;
		/* a killed import left pending segments: settle them now */
		return store_seg_dedup(s, &removed);
	}
	if (get_int(s->db, "SELECT count(*) FROM sqlite_master", &ntables) != SQLITE_OK)
		return store_fail(s, "cannot read the schema");
	if (ntables > 0)
		return tides_fail(s->ctx, TIDES_ERR_STORE, "%s: not a tides store (schema version %lld)",
		                  s->path, (long long)ver);
	if (s->readonly)
		return tides_fail(s->ctx, TIDES_ERR_STORE, "%s: empty store opened read-only", s->path);
	if ((st = store_exec(s, "BEGIN IMMEDIATE")) != TIDES_OK)
		return st;
	if ((st = store_exec(s, schema_sql)) != TIDES_OK ||
	    (st = store_exec(s, "CREATE UNIQUE INDEX events_event_id ON events(event_id)")) != TIDES_OK ||
	    (st = store_exec(s, index_sql)) != TIDES_OK ||
	    (st = store_exec(s, "PRAGMA user_version = 2")) != TIDES_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	if ((st = store_exec(s, "COMMIT")) != TIDES_OK)
		return st;
	return store_check_segs(s);
}

const char *store_path(const tides_store *s)
{
	return s->path ? s->path : "store";
}

int store_has_segments(const tides_store *s)
{
	return s->has_segs;
}

tides_status store_read_begin(tides_store *s, int *began)
{
	*began = 0;
	if (s->in_batch || s->in_read || !sqlite3_get_autocommit(s->db))
		return TIDES_OK;
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "cannot read the store");
	s->in_read = 1;
	*began = 1;
	return TIDES_OK;
}

void store_read_end(tides_store *s, int began)
{
	if (!began)
		return;
	s->in_read = 0;
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

tides_status tides_store_open(tides_ctx *ctx, const char *path, int flags, tides_store **out)
{
	tides_store *s;
	tides_status st;
	struct stat sb;
	int oflags, rc;

	*out = NULL;
	if (!path || !path[0])
		return tides_fail(ctx, TIDES_ERR_USAGE, "no store path given");
	if (!(flags & TIDES_STORE_CREATE) && stat(path, &sb) != 0)
		return tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	s = tides_calloc(1, sizeof *s);
	if (!s)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory opening '%s'", path);
	s->ctx = ctx;
	s->readonly = (flags & TIDES_STORE_READONLY) != 0;
	s->path = tides_strdup(path);
	if (!s->path) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory opening '%s'", path);
		goto fail;
	}
	oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (!s->readonly && (flags & TIDES_STORE_CREATE))
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		st = rc == SQLITE_NOMEM ? tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory opening '%s'", path)
		                        : tides_fail(ctx, TIDES_ERR_STORE, "cannot open '%s': %s", path,
		                                     s->db ? sqlite3_errmsg(s->db) : "sqlite failed");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, 30000);
	/* WAL must be set before anything else touches the file; a read-only
	 * connection cannot change it and just uses what the file says.  The
	 * page size only takes on a new, empty file (before WAL and the first
	 * table); an existing store keeps its own.  16 KiB pages: a bulk import
	 * makes a quarter of the read/write calls of 4 KiB pages and builds
	 * shallower index b-trees (bench/import.sh: ~8% less CPU, fewer
	 * syscalls); schema 2 stores hold multi-megabyte segment blobs, so
	 * new files get 64 KiB pages (a quarter of the overflow pages). */
	if (!s->readonly &&
	    ((st = store_exec(s, "PRAGMA page_size=" STORE_PAGE_SIZE_STR)) != TIDES_OK ||
	     (st = store_exec(s, "PRAGMA journal_mode=WAL")) != TIDES_OK))
		goto fail;
	/* temp files (the sorter's runs when indexes are built) stay on disk:
	 * in memory they would grow with the input.  Checkpoints every 2048
	 * pages (128 MiB of 64 KiB pages): each checkpoint syncs the WAL and
	 * the database, and on this project's VM a sync costs milliseconds
	 * whatever its size.  A 5 GB GDELT import spent 2.1 s of its wall
	 * time in 275 fdatasync calls with checkpoints every 16 MiB, 1.3 s in
	 * 41 calls with 128 MiB (strace -w -c); the bytes written are the
	 * same. */
	if ((st = store_exec(s, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384")) != TIDES_OK)
		goto fail;
	sqlite3_wal_autocheckpoint(s->db, flags & TIDES_STORE_BESIDE ? STORE_CHECKPOINT_PAGES_THREADS
	                                                              : STORE_CHECKPOINT_PAGES);
	if ((st = store_setup(s)) != TIDES_OK)
		goto fail;
	/* a writer beside other work: not even checkpoints on its thread */
	if (!s->readonly && (flags & TIDES_STORE_BESIDE))
		s->ckpt = store_ckpt_start(s->db, path, STORE_CHECKPOINT_PAGES_THREADS);
	*out = s;
	return TIDES_OK;
fail:
	tides_store_close(s);
	return st;
}

void tides_store_close(tides_store *s)
{
	if (!s)
		return;
	if (s->db) {
		store_rollback(s);
		store_idcache_free(s);
		sqlite3_finalize(s->ins);
		sqlite3_finalize(s->ins_sent);
		sqlite3_finalize(s->ins_sents);
		sqlite3_finalize(s->sd_off);
		sqlite3_finalize(s->sd_back);
		store_ckpt_stop(s->ckpt); /* first: the writer's close is the last */
		sqlite3_close(s->db);
	}
	tides_free(s->path);
	tides_free(s);
}

tides_status tides_store_begin(tides_store *s)
{
	if (s->in_batch)
		return tides_fail(s->ctx, TIDES_ERR_INTERNAL, "store batch already open");
	if (s->readonly)
		return tides_fail(s->ctx, TIDES_ERR_USAGE, "%s: store is read-only", s->path);
	store_idcache_close_blobs(s); /* the id cache's version is checked again in this batch */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "cannot start a batch");
	s->in_batch = 1;
	return TIDES_OK;
}

tides_status tides_store_commit(tides_store *s)
{
	store_idcache_close_blobs(s);
	if (!s->in_batch)
		return TIDES_OK;
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		tides_status st = store_fail(s, "cannot commit");
		store_rollback(s);
		return st;
	}
	s->in_batch = 0;
	return TIDES_OK;
}

#define ROW_CACHE_KIB "65536"

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

tides_status store_add_row(tides_store *s, const tides_event *ev, int *added)
{
	sqlite3_stmt *st;
	uint64_t id;
	int rc;

	if (added)
		*added = 0;
	if (!store_hex_to_u64(ev->event_id, &id))
		return tides_fail(s->ctx, TIDES_ERR_DATA, "bad event id '%.20s'", ev->event_id);
	if (s->has_segs) {
		int found = 0;
		tides_status ret = store_seg_has_id(s, (int64_t)id, &found);
		if (ret != TIDES_OK || found)
			return ret;
	}
	/* Row-table writers insert into six b-trees an event (the row, its five
	 * indexes) at random keys: with the 16 MiB cache the import path uses,
	 * a 20000-event batch spills dirty pages and reads leaves back
	 * (`tides code --db`, 200k stories: 2.5 s of system time, 0.55 s with
	 * 32-64 MiB).  A fixed cap, so memory stays bounded. */
	if (!s->ins && sqlite3_exec(s->db, "PRAGMA cache_size=-" ROW_CACHE_KIB, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "cannot set the cache size");
	if (!s->ins &&
	    sqlite3_prepare_v3(s->db,
	                       "INSERT OR IGNORE INTO events(" EVENT_COLS ") VALUES"
	                       "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)",
	                       -1, SQLITE_PREPARE_PERSISTENT, &s->ins, NULL) != SQLITE_OK)
		return store_fail(s, "cannot prepare the insert");
	st = s->ins;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
	bind_text(st, 2, ev->date);
	bind_text(st, 3, ev->source);
	bind_text(st, 4, ev->target);
	bind_text(st, 5, ev->code);
	bind_text(st, 6, ev->root);
	sqlite3_bind_int(st, 7, ev->quad);
	if (isnan(ev->goldstein))
		sqlite3_bind_null(st, 8);
	else
		sqlite3_bind_double(st, 8, ev->goldstein);
	bind_text(st, 9, ev->issues);
	bind_text(st, 10, ev->doc_id);
	sqlite3_bind_int(st, 11, ev->sentence);
	bind_text(st, 12, ev->lang);
	bind_text(st, 13, ev->source_text);
	bind_text(st, 14, ev->verb_text);
	bind_text(st, 15, ev->target_text);
	bind_text(st, 16, ev->origin);
	bind_text(st, 17, ev->orig_id);
	bind_text(st, 18, ev->source_country);
	bind_text(st, 19, ev->target_country);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "cannot add an event");
	if (added)
		*added = sqlite3_changes(s->db) > 0;
	return TIDES_OK;
}

/* Content hash for events that come without an id: the fields that make an
 * event what it is, so the same event coded twice is stored once. */
static void store_content_id(tides_event *ev)
{
	uint64_t h = TIDES_FNV_OFFSET;
	const char *parts[8];
	char num[16];
	size_t i;
	snprintf(num, sizeof num, "%d", ev->sentence);
	parts[0] = ev->origin; parts[1] = ev->date; parts[2] = ev->doc_id; parts[3] = num;
	parts[4] = ev->source; parts[5] = ev->target; parts[6] = ev->code; parts[7] = ev->orig_id;
	for (i = 0; i < 8; i++) {
		h = tides_hash_str(h, parts[i]);
		h = tides_hash64(h, "\t", 1);
	}
	tides_hash_hex(h, ev->event_id);
}

static int store_event_complete(const tides_event *ev)
{
	return ev->event_id[0] && (ev->source_country[0] || !ev->source[0]) &&
	       (ev->target_country[0] || !ev->target[0]) && ev->origin[0];
}

void store_event_fill_in(tides_event *ev)
{
	if (store_event_complete(ev))
		return;
	if (!ev->origin[0])
		memcpy(ev->origin, "coder", 6);
	if (!ev->event_id[0])
		store_content_id(ev);
	if (!ev->source_country[0])
		tides_strlcpy_utf8(ev->source_country,
		                   store_country_by_cameo(ev->source, strlen(ev->source)), 4);
	if (!ev->target_country[0])
		tides_strlcpy_utf8(ev->target_country,
		                   store_country_by_cameo(ev->target, strlen(ev->target)), 4);
}

const tides_event *store_event_fill(const tides_event *ev, tides_event *tmp)
{
	if (store_event_complete(ev))
		return ev;
	*tmp = *ev;
	store_event_fill_in(tmp);
	return tmp;
}

tides_status tides_store_add(tides_store *s, const tides_event *ev, int *added)
{
	tides_event tmp;
	const tides_event *row;
	tides_status st;
	int own = 0;

	if (s->readonly)
		return tides_fail(s->ctx, TIDES_ERR_USAGE, "%s: store is read-only", s->path);
	row = store_event_fill(ev, &tmp);
	if (!s->in_batch) {
		if ((st = tides_store_begin(s)) != TIDES_OK)
			return st;
		own = 1;
	}
	st = store_add_row(s, row, added);
	if (own) {
		if (st == TIDES_OK)
			st = tides_store_commit(s);
		else
			store_rollback(s);
	}
	return st;
}

/* ------------------------------------------------------------ sentences */

/* One row through the one-row insert. */
static tides_status add_sentence1(tides_store *s, const store_sent *v)
{
	sqlite3_stmt *q;
	int rc;
	if (!s->ins_sent &&
	    sqlite3_prepare_v3(s->db, "INSERT OR IGNORE INTO sentences VALUES(?1,?2,?3,?4,?5)", -1,
	                       SQLITE_PREPARE_PERSISTENT, &s->ins_sent, NULL) != SQLITE_OK)
		return store_fail(s, "cannot prepare the sentence insert");
	q = s->ins_sent;
	sqlite3_bind_text(q, 1, v->doc_id, v->doc_len, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, v->sentence);
	sqlite3_bind_text(q, 3, v->date, v->date_len, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, v->lang, v->lang_len, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, v->text, v->text_len, SQLITE_STATIC);
	rc = sqlite3_step(s->ins_sent);
	sqlite3_reset(s->ins_sent);
	if (rc != SQLITE_DONE)
		return store_fail(s, "cannot add a sentence");
	return TIDES_OK;
}

int store_sent_set(store_sent *v, const tides_sentence *sent)
{
	size_t n[3];
	v->doc_id = sent->doc_id ? sent->doc_id : "";
	v->date = sent->date ? sent->date : "";
	v->lang = sent->lang ? sent->lang : "";
	v->text = sent->text ? sent->text : "";
	n[0] = strlen(v->doc_id);
	n[1] = strlen(v->date);
	n[2] = strlen(v->lang);
	if (n[0] > INT_MAX || n[1] > INT_MAX || n[2] > INT_MAX || (sent->text && sent->len > INT_MAX))
		return -1;
	v->doc_len = (int)n[0];
	v->date_len = (int)n[1];
	v->lang_len = (int)n[2];
	v->text_len = sent->text ? (int)sent->len : 0;
	v->sentence = sent->sentence;
	return 0;
}

tides_status tides_store_add_sentence(tides_store *s, const tides_sentence *sent)
{
	store_sent v;
	if (s->readonly)
		return tides_fail(s->ctx, TIDES_ERR_USAGE, "%s: store is read-only", s->path);
	if (store_sent_set(&v, sent) < 0)
		return tides_fail(s->ctx, TIDES_ERR_STORE, "cannot add a sentence: string or blob too big");
	return add_sentence1(s, &v);
}

/* tides_sentbuf: an eponymous virtual table on this connection whose rows
 * are s->sb_v[0..sb_n), set only while ins_sents steps.  One statement
 * step inserts the whole buffer, and a column costs SQLite a call to
 * sentbuf_column instead of a bind (vdbeUnbind, the Variable opcode). */
typedef struct sentbuf_tab {
	sqlite3_vtab base;
	tides_store *s;
} sentbuf_tab;

typedef struct sentbuf_cur {
	sqlite3_vtab_cursor base;
	const store_sent *v;
	size_t n, i;
} sentbuf_cur;

static int sentbuf_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                           sqlite3_vtab **out, char **err)
{
	sentbuf_tab *t;
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(doc_id, sentence, date, lang, text)");
	(void)argc, (void)argv, (void)err;
	if (rc != SQLITE_OK)
		return rc;
	/* not from the file's views or triggers: only our insert reads it */
	sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
	if (!(t = sqlite3_malloc(sizeof *t)))
		return SQLITE_NOMEM;
	memset(t, 0, sizeof *t);
	t->s = aux;
	*out = &t->base;
	return SQLITE_OK;
}

static int sentbuf_disconnect(sqlite3_vtab *t)
{
	sqlite3_free(t);
	return SQLITE_OK;
}

static int sentbuf_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	(void)t;
	info->estimatedCost = 1000;
	info->estimatedRows = 1000;
	return SQLITE_OK;
}

static int sentbuf_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	sentbuf_cur *c = sqlite3_malloc(sizeof *c);
	(void)t;
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int sentbuf_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static int sentbuf_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
                          sqlite3_value **argv)
{
	sentbuf_cur *c = (sentbuf_cur *)cur;
	const tides_store *s = ((const sentbuf_tab *)cur->pVtab)->s;
	(void)idx, (void)idxstr, (void)argc, (void)argv;
	c->v = s->sb_v;
	c->n = s->sb_v ? s->sb_n : 0;
	c->i = 0;
	return SQLITE_OK;
}

static int sentbuf_next(sqlite3_vtab_cursor *cur)
{
	((sentbuf_cur *)cur)->i++;
	return SQLITE_OK;
}

static int sentbuf_eof(sqlite3_vtab_cursor *cur)
{
	const sentbuf_cur *c = (const sentbuf_cur *)cur;
	return c->i >= c->n;
}

static int sentbuf_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const sentbuf_cur *c = (const sentbuf_cur *)cur;
	const store_sent *v = &c->v[c->i];
	switch (col) {
	case 0: sqlite3_result_text(ctx, v->doc_id, v->doc_len, SQLITE_STATIC); break;
	case 1: sqlite3_result_int(ctx, v->sentence); break;
	case 2: sqlite3_result_text(ctx, v->date, v->date_len, SQLITE_STATIC); break;
	case 3: sqlite3_result_text(ctx, v->lang, v->lang_len, SQLITE_STATIC); break;
	default: sqlite3_result_text(ctx, v->text, v->text_len, SQLITE_STATIC); break;
	}
	return SQLITE_OK;
}

static int sentbuf_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((const sentbuf_cur *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module sentbuf_module = {
	.iVersion = 0,
	.xCreate = NULL, /* eponymous-only: no CREATE VIRTUAL TABLE, nothing in the file */
	.xConnect = sentbuf_connect,
	.xBestIndex = sentbuf_best_index,
	.xDisconnect = sentbuf_disconnect,
	.xDestroy = NULL,
	.xOpen = sentbuf_open,
	.xClose = sentbuf_close,
	.xFilter = sentbuf_filter,
	.xNext = sentbuf_next,
	.xEof = sentbuf_eof,
	.xColumn = sentbuf_column,
	.xRowid = sentbuf_rowid,
};

/* Steps a statement that may return a row (a pragma), then resets it. */
static int step_reset(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Debian builds SQLite with SECURE_DELETE on: a b-tree balance zeroes the
 * space every cell it moves leaves behind, 7% of a stored sentence's
 * instructions.  The insert deletes nothing (a moved cell lives on in its
 * new page), so it runs with secure_delete off; the connection's own
 * setting is back after every step.  Nothing to do when it is off. */
static tides_status prepare_secure_delete(tides_store *s)
{
	sqlite3_stmt *q = NULL;
	int v = 0;
	char sql[64];
	if (sqlite3_prepare_v2(s->db, "PRAGMA main.secure_delete", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (v == 0)
		return TIDES_OK;
	snprintf(sql, sizeof sql, "PRAGMA main.secure_delete=%s", v == 2 ? "FAST" : "1");
	if (sqlite3_prepare_v3(s->db, "PRAGMA main.secure_delete=0", -1, SQLITE_PREPARE_PERSISTENT,
	                       &s->sd_off, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->sd_back, NULL) !=
	        SQLITE_OK) {
		sqlite3_finalize(s->sd_off);
		s->sd_off = NULL;
		return store_fail(s, "cannot prepare the sentence insert");
	}
	return TIDES_OK;
}

tides_status store_add_sentences(tides_store *s, const store_sent *v, size_t n)
{
	int rc;
	if (s->readonly)
		return tides_fail(s->ctx, TIDES_ERR_USAGE, "%s: store is read-only", s->path);
	if (n == 0)
		return TIDES_OK;
	if (n == 1)
		return add_sentence1(s, v);
	if (!s->ins_sents) {
		tides_status st;
		if (!s->sb_module &&
		    sqlite3_create_module_v2(s->db, "tides_sentbuf", &sentbuf_module, s, NULL) !=
		        SQLITE_OK)
			return store_fail(s, "cannot prepare the sentence insert");
		s->sb_module = 1;
		if (!s->sd_off && (st = prepare_secure_delete(s)) != TIDES_OK)
			return st;
		if (sqlite3_prepare_v3(s->db,
		                       "INSERT OR IGNORE INTO sentences"
		                       " SELECT doc_id, sentence, date, lang, text FROM tides_sentbuf",
		                       -1, SQLITE_PREPARE_PERSISTENT, &s->ins_sents, NULL) != SQLITE_OK)
			return store_fail(s, "cannot prepare the sentence insert");
	}
	if (s->sd_off && step_reset(s->sd_off) != SQLITE_OK)
		return store_fail(s, "cannot add a sentence");
	s->sb_v = v;
	s->sb_n = n;
	rc = sqlite3_step(s->ins_sents);
	sqlite3_reset(s->ins_sents);
	s->sb_v = NULL;
	s->sb_n = 0;
	if (rc != SQLITE_DONE) {
		tides_status st = store_fail(s, "cannot add a sentence");
		if (s->sd_off)
			step_reset(s->sd_back);
		return st;
	}
	if (s->sd_off && step_reset(s->sd_back) != SQLITE_OK)
		return store_fail(s, "cannot add a sentence");
	return TIDES_OK;
}

tides_status tides_store_get_sentence(tides_store *s, const char *doc_id, int sentence, char *buf,
                                      size_t cap, size_t *len)
{
	sqlite3_stmt *st = NULL;
	tides_status ret = TIDES_OK;
	int rc;

	if (len)
		*len = 0;
	if (buf && cap)
		buf[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT text FROM sentences WHERE doc_id = ?1 AND sentence = ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot look up a sentence");
	bind_text(st, 1, doc_id);
	sqlite3_bind_int(st, 2, sentence);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		if (len)
			*len = n;
		if (buf && cap)
			tides_memcpy_utf8(buf, cap, t ? t : "", t ? n : 0);
	} else if (rc == SQLITE_DONE) {
		ret = tides_fail(s->ctx, TIDES_ERR_NOTFOUND, "no sentence %d of '%s' in the store",
		                 sentence, doc_id);
	} else {
		ret = store_fail(s, "cannot look up a sentence");
	}
	sqlite3_finalize(st);
	return ret;
}

/* ----------------------------------------------------------------- scan */

static void col_copy(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (!t) {
		dst[0] = '\0';
		return;
	}
	tides_memcpy_utf8(dst, cap, t, (size_t)sqlite3_column_bytes(st, i));
}

static void row_to_event(sqlite3_stmt *st, tides_event *ev)
{
	tides_event_init(ev);
	store_u64_to_hex((uint64_t)sqlite3_column_int64(st, 0), ev->event_id);
	col_copy(st, 1, ev->date, sizeof ev->date);
	col_copy(st, 2, ev->source, sizeof ev->source);
	col_copy(st, 3, ev->target, sizeof ev->target);
	col_copy(st, 4, ev->code, sizeof ev->code);
	col_copy(st, 5, ev->root, sizeof ev->root);
	ev->quad = sqlite3_column_int(st, 6);
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		ev->goldstein = sqlite3_column_double(st, 7);
	col_copy(st, 8, ev->issues, sizeof ev->issues);
	col_copy(st, 9, ev->doc_id, sizeof ev->doc_id);
	ev->sentence = sqlite3_column_int(st, 10);
	col_copy(st, 11, ev->lang, sizeof ev->lang);
	col_copy(st, 12, ev->source_text, sizeof ev->source_text);
	col_copy(st, 13, ev->verb_text, sizeof ev->verb_text);
	col_copy(st, 14, ev->target_text, sizeof ev->target_text);
	col_copy(st, 15, ev->origin, sizeof ev->origin);
	col_copy(st, 16, ev->orig_id, sizeof ev->orig_id);
	col_copy(st, 17, ev->source_country, sizeof ev->source_country);
	col_copy(st, 18, ev->target_country, sizeof ev->target_country);
}

/* WHERE clause of a filter over the row table; binds ?1..?4. */
static void filter_where(const tides_event_filter *f, char *sql, size_t cap)
{
	const char *a = f->a && f->a[0] ? f->a : NULL, *b = f->b && f->b[0] ? f->b : NULL;
	const char *cs = f->exact_actors ? "source" : "source_country";
	const char *ct = f->exact_actors ? "target" : "target_country";
	int n = snprintf(sql, cap, " WHERE 1");
	if (a && b) {
		if (f->directed)
			n += snprintf(sql + n, cap - (size_t)n, " AND %s = ?1 AND %s = ?2", cs, ct);
		else
			n += snprintf(sql + n, cap - (size_t)n,
			              " AND ((%s = ?1 AND %s = ?2) OR (%s = ?2 AND %s = ?1))", cs, ct, cs, ct);
	} else if (a || b) {
		const char *p = a ? "?1" : "?2";
		if (f->directed)
			n += snprintf(sql + n, cap - (size_t)n, " AND %s = %s", a ? cs : ct, p);
		else
			n += snprintf(sql + n, cap - (size_t)n, " AND (%s = %s OR %s = %s)", cs, p, ct, p);
	}
	if (f->from && f->from[0])
		n += snprintf(sql + n, cap - (size_t)n, " AND date >= ?3");
	if (f->to && f->to[0])
		snprintf(sql + n, cap - (size_t)n, " AND date <= ?4");
}

static void filter_bind(sqlite3_stmt *st, const tides_event_filter *f)
{
	if (f->a && f->a[0])
		bind_text(st, 1, f->a);
	if (f->b && f->b[0])
		bind_text(st, 2, f->b);
	if (f->from && f->from[0])
		bind_text(st, 3, f->from);
	if (f->to && f->to[0])
		bind_text(st, 4, f->to);
}

tides_status store_rows_scan(tides_store *s, const tides_event_filter *f, tides_event_fn fn, void *ud)
{
	char sql[768], where[512];
	sqlite3_stmt *st = NULL;
	tides_event ev;
	tides_status ret = TIDES_OK;
	int rc;

	filter_where(f, where, sizeof where);
	snprintf(sql, sizeof sql, "SELECT " EVENT_COLS " FROM main.events%s ORDER BY event_id", where);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot scan events");
	filter_bind(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_to_event(st, &ev);
		if (fn(ud, &ev))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(s, "cannot scan events");
	sqlite3_finalize(st);
	return ret;
}

tides_status store_rows_days(tides_store *s, const tides_event_filter *f, store_day_fn fn, void *ud)
{
	char sql[768], where[512];
	sqlite3_stmt *st = NULL;
	tides_status ret = TIDES_OK;
	int rc;

	filter_where(f, where, sizeof where);
	snprintf(sql, sizeof sql, "SELECT date, quad, goldstein FROM main.events%s", where);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot scan events");
	filter_bind(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		int32_t day = d ? tides_date_parse_iso(d, (size_t)sqlite3_column_bytes(st, 0)) : TIDES_DATE_NONE;
		double g = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
		if (day == TIDES_DATE_NONE)
			continue;
		if (fn(ud, day, sqlite3_column_int(st, 1), g))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(s, "cannot scan events");
	sqlite3_finalize(st);
	return ret;
}

tides_status store_rows_span(tides_store *s, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*lo = 0;
	*hi = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT min(date), max(date) FROM main.events", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot scan events");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1);
		int32_t x = a ? tides_date_parse_iso(a, strlen(a)) : TIDES_DATE_NONE;
		int32_t y = b ? tides_date_parse_iso(b, strlen(b)) : TIDES_DATE_NONE;
		if (x != TIDES_DATE_NONE && y != TIDES_DATE_NONE) {
			*lo = x;
			*hi = y;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "cannot scan events");
	return TIDES_OK;
}

/* ------------------------------------------------------------- progress */

tides_status store_progress_get(tides_store *s, const char *key, store_progress *p, int *found)
{
	sqlite3_stmt *st = NULL;
	tides_status ret = TIDES_OK;
	int rc;
	*found = 0;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT size, mtime_ns, offset, line, rows, done, format FROM import_progress"
	                       " WHERE path = ?1", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot read import progress");
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->size = sqlite3_column_int64(st, 0);
		p->mtime_ns = sqlite3_column_int64(st, 1);
		p->offset = sqlite3_column_int64(st, 2);
		p->line = sqlite3_column_int64(st, 3);
		p->rows = sqlite3_column_int64(st, 4);
		p->done = sqlite3_column_int(st, 5);
		col_copy(st, 6, p->format, sizeof p->format);
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		ret = store_fail(s, "cannot read import progress");
	}
	sqlite3_finalize(st);
	return ret;
}

tides_status store_progress_put(tides_store *s, const char *key, const char *format,
                                const store_progress *p)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO import_progress VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
	                       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot record import progress");
	bind_text(st, 1, key);
	bind_text(st, 2, format);
	sqlite3_bind_int64(st, 3, p->size);
	sqlite3_bind_int64(st, 4, p->mtime_ns);
	sqlite3_bind_int64(st, 5, p->offset);
	sqlite3_bind_int64(st, 6, p->line);
	sqlite3_bind_int64(st, 7, p->rows);
	sqlite3_bind_int(st, 8, p->done);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "cannot record import progress");
	return TIDES_OK;
}

/* ---------------------------------------------------------------- stats */

static tides_status stats_query(tides_store *s, FILE *out, const char *label, const char *sql,
                                int ncols)
{
	sqlite3_stmt *st = NULL;
	int rc, i;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "cannot compute statistics");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fputs(label, out);
		for (i = 0; i < ncols; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			fputc('\t', out);
			fputs(t ? t : "-", out);
		}
		fputc('\n', out);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "cannot compute statistics");
	return TIDES_OK;
}

tides_status store_stats_tail(tides_store *s, FILE *out)
{
	tides_status st;
	if ((st = stats_query(s, out, "sentences", "SELECT count(*) FROM sentences", 1)) != TIDES_OK)
		return st;
	return stats_query(s, out, "files", "SELECT count(*), coalesce(sum(done), 0) FROM import_progress", 2);
}

tides_status tides_store_stats(tides_store *s, FILE *out, int top)
{
	if (top <= 0)
		top = 10;
	fprintf(out, "schema\t%d\n", TIDES_STORE_SCHEMA_VERSION);
	return store_seg_stats(s, out, top);
}

/* ---------------------------------------------------------------- merge */

typedef struct merge_ud {
	tides_store *s;
	seg_builder *b;
	tides_buf blob;
	uint64_t seen, added, dropped;
	tides_status st;
} merge_ud;

static tides_status merge_flush(merge_ud *m)
{
	seg_info info;
	tides_status st;
	if ((st = tides_store_begin(m->s)) != TIDES_OK)
		return st;
	if ((st = store_seg_append(m->s, m->b, &m->blob, &info)) != TIDES_OK) {
		store_rollback(m->s);
		return st;
	}
	m->added += info.nrows;
	m->dropped += info.dropped;
	return tides_store_commit(m->s);
}

static int merge_cb(void *ud, const tides_event *ev)
{
	merge_ud *m = ud;
	int rc = seg_builder_add(m->b, ev);
	m->seen++;
	if (rc == -2) {
		m->dropped++; /* cannot happen: a store holds valid ids and dates */
		return 0;
	}
	if (rc != 0) {
		m->st = tides_fail(m->s->ctx, TIDES_ERR_NOMEM, "out of memory merging");
		return 1;
	}
	if (seg_builder_rows(m->b) >= STORE_MERGE_BATCH && (m->st = merge_flush(m)) != TIDES_OK)
		return 1;
	return 0;
}

/* Another store (schema 1 or 2) into this one: its events in store order
 * into new segments (one transaction per batch), then the dedup pass; its
 * sentences with INSERT OR IGNORE. */
tides_status store_merge_db(tides_store *s, const char *path, uint64_t *added, uint64_t *seen)
{
	static const tides_event_filter none;
	tides_store *src = NULL;
	sqlite3_stmt *st = NULL;
	merge_ud m;
	tides_status ret;
	uint64_t removed = 0;
	int attached = 0;

	*added = *seen = 0;
	if (s->in_batch)
		return tides_fail(s->ctx, TIDES_ERR_INTERNAL, "merge inside an open batch");
	memset(&m, 0, sizeof m);
	m.s = s;
	tides_buf_init(&m.blob);
	if ((ret = tides_store_open(s->ctx, path, TIDES_STORE_READONLY, &src)) != TIDES_OK)
		return ret;
	m.b = seg_builder_new();
	if (!m.b) {
		ret = tides_fail(s->ctx, TIDES_ERR_NOMEM, "out of memory merging");
		goto done;
	}
	ret = store_scan_storage(src, &none, merge_cb, &m);
	if (ret == TIDES_OK)
		ret = m.st;
	if (ret == TIDES_OK)
		ret = merge_flush(&m);
	tides_store_close(src);
	src = NULL;
	/* settle what was written even when the merge failed half-way */
	{
		tides_status r2 = store_seg_dedup(s, &removed);
		if (ret == TIDES_OK)
			ret = r2;
	}
	*seen = m.seen;
	*added = m.added - removed;
	if (ret != TIDES_OK)
		goto done;
	if (sqlite3_prepare_v2(s->db, "ATTACH DATABASE ?1 AS src", -1, &st, NULL) != SQLITE_OK) {
		ret = store_fail(s, "cannot attach");
		goto done;
	}
	bind_text(st, 1, path);
	if (sqlite3_step(st) != SQLITE_DONE) {
		ret = tides_fail(s->ctx, TIDES_ERR_STORE, "cannot open '%s': %s", path, sqlite3_errmsg(s->db));
		goto done;
	}
	attached = 1;
	if ((ret = tides_store_begin(s)) != TIDES_OK)
		goto done;
	if (sqlite3_exec(s->db, "INSERT OR IGNORE INTO main.sentences SELECT * FROM src.sentences",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		ret = store_fail(s, "cannot merge sentences");
		store_rollback(s);
		goto done;
	}
	ret = tides_store_commit(s);
done:
	sqlite3_finalize(st);
	if (attached)
		sqlite3_exec(s->db, "DETACH DATABASE src", NULL, NULL, NULL);
	tides_store_close(src);
	seg_builder_free(m.b);
	tides_buf_release(&m.blob);
	return ret;
}
