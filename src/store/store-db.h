/*
 * store-db.h — the inside of the event store, for library modules only.
 *
 * tides_store_sqlite() hands out the store's connection so another module
 * (the series module) can keep its own tables in the same file.  Such a
 * module must not touch the tables listed in the README schema, must create
 * its tables with IF NOT EXISTS, and must not leave a transaction open.
 *
 * The rest is shared between store.c (schema, the row table), segstore.c
 * (segments) and import.c (files): per-file progress rows, segment writes,
 * the dedup pass, the scans, and the country tables.
 */
#ifndef TIDES_STORE_DB_H
#define TIDES_STORE_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "tides.h"
#include "util/buf.h"

#define TIDES_STORE_SCHEMA_VERSION 2

sqlite3 *tides_store_sqlite(tides_store *s);
/* WAL pages between checkpoints: one import thread waits for each
 * checkpoint's syncs, so few large ones; with --threads they run beside
 * the workers (import: on its writer thread; TIDES_STORE_BESIDE: on a
 * thread of their own, ckpt.c), and small ones leave little for the close
 * (serial, after the last batch).  store.c sets the first at open. */
#define STORE_CHECKPOINT_PAGES 2048
#define STORE_CHECKPOINT_PAGES_THREADS 256
/* Checkpoints on a thread of their own (ckpt.c): after a commit of the
 * writer `wdb` leaves `pages` WAL pages or more, a second connection to
 * `path` checkpoints passively, never blocking the writer.  NULL when the
 * connection or the thread cannot be had (keep autocheckpoint then).
 * Stop it before the writer's connection closes. */
typedef struct store_ckpt store_ckpt;
store_ckpt *store_ckpt_start(sqlite3 *wdb, const char *path, int pages);
void store_ckpt_stop(store_ckpt *c); /* accepts NULL */
tides_ctx *store_ctx(tides_store *s);
/* Where the store's errors go from now on; returns the previous context.
 * import.c gives its committer thread its own context this way. */
tides_ctx *store_set_ctx(tides_store *s, tides_ctx *ctx);
int store_in_batch(const tides_store *s);
/* Reports the connection's last error as TIDES_ERR_STORE ("what: sqlite msg"). */
tides_status store_fail(tides_store *s, const char *what);
tides_status store_exec(tides_store *s, const char *sql);
tides_status store_rollback(tides_store *s);

/* Adds a row to the row table (`events`) whose event_id (16 hex digits)
 * is already set; a no-op when the id is stored (row table or segment). */
tides_status store_add_row(tides_store *s, const tides_event *ev, int *added);
/* ev as tides_store_add stores it: origin "coder" when empty, a content
 * id when it has none, the countries of its CAMEO actor codes when
 * missing.  Returns ev itself when nothing is missing, else tmp. */
const tides_event *store_event_fill(const tides_event *ev, tides_event *tmp);
/* The same in place. */
void store_event_fill_in(tides_event *ev);

/* A sentence row with its lengths known (the bulk writer's buffer). */
typedef struct store_sent {
	const char *doc_id, *date, *lang, *text; /* never NULL; need no NUL */
	int doc_len, date_len, lang_len, text_len;
	int sentence;
} store_sent;
/* Adds v[0..n) to the sentences table as tides_store_add_sentence would
 * one by one (INSERT OR IGNORE in order: the first copy of a key stays),
 * in one statement step; v must stay valid only during the call. */
tides_status store_add_sentences(tides_store *s, const store_sent *v, size_t n);
/* v as tides_store_add_sentence stores sent (NULL strings are ""); -1
 * when a string is longer than INT_MAX bytes. */
int store_sent_set(store_sent *v, const tides_sentence *sent);

/* ------------------------------------------------ segments (segstore.c) */
struct seg_builder;
struct seg_info;
const char *store_path(const tides_store *s);
/* 1 when the file has the segment tables (schema 2; a v1 file opened
 * read-only has not). */
int store_has_segments(const tides_store *s);
/* A read transaction around a multi-statement read, unless one (or a
 * batch) is open already; *began tells store_read_end whether to end it. */
tides_status store_read_begin(tides_store *s, int *began);
void store_read_end(tides_store *s, int began);
/* Encodes the builder's rows as one pending segment (inside the open
 * batch) and resets the builder; `scratch` holds the blob. */
tides_status store_seg_append(tides_store *s, struct seg_builder *b, tides_buf *scratch,
                              struct seg_info *info);
/* The same for a segment encoded already (import --threads encodes on
 * its workers); nothing when info->nrows is 0. */
tides_status store_seg_append_blob(tides_store *s, const void *blob, size_t len,
                                   const struct seg_info *info);
/* The dedup pass: marks dead every row of a pending segment whose id is
 * stored before it, settles the pending segments (one transaction). */
tides_status store_seg_dedup(tides_store *s, uint64_t *removed);
tides_status store_seg_has_id(tides_store *s, int64_t id, int *found);
/* The id-lookup cache of store_seg_has_id (fences of every segment's ids
 * and open blob handles), owned by the store; dropped when segments change. */
struct seg_idcache **store_idcache(tides_store *s);
void store_idcache_free(tides_store *s);
void store_idcache_close_blobs(tides_store *s); /* at commit and rollback */
/* (day, quad, goldstein) of every live event matching f, in no order;
 * fn returns non-zero to stop. */
typedef int (*store_day_fn)(void *ud, int32_t day, int quad, double goldstein);
tides_status store_scan_days(tides_store *s, const tides_event_filter *f, store_day_fn fn, void *ud);
/* Every live event matching f in store order: segments in the order they
 * were written (rows by event_id), then the row table by event_id. */
tides_status store_scan_storage(tides_store *s, const tides_event_filter *f, tides_event_fn fn,
                                void *ud);
/* events/span/origin/.../dyad lines after "schema" (tides_store_stats). */
tides_status store_seg_stats(tides_store *s, FILE *out, int top);

/* The row table's part of the reads above (store.c). */
tides_status store_rows_scan(tides_store *s, const tides_event_filter *f, tides_event_fn fn, void *ud);
tides_status store_rows_days(tides_store *s, const tides_event_filter *f, store_day_fn fn, void *ud);
/* Day span of the row table; *lo > *hi when it is empty. */
tides_status store_rows_span(tides_store *s, int64_t *lo, int64_t *hi);
/* The "sentences" and "files" lines of the stats. */
tides_status store_stats_tail(tides_store *s, FILE *out);

/* Per-file import progress, written in the same transaction as the rows. */
typedef struct store_progress {
	int64_t size, mtime_ns, offset, line, rows;
	int done;
	char format[16];
} store_progress;
/* *found = 1 if the file has a progress row, else 0. */
tides_status store_progress_get(tides_store *s, const char *key, store_progress *p, int *found);
tides_status store_progress_put(tides_store *s, const char *key, const char *format,
                                const store_progress *p);

/* Compaction (compact.c): what an import runs after its dedup pass, on
 * segments up to max_seg (those settled before it), only once enough small
 * ones have gathered. */
tides_status store_compact_auto(tides_store *s, int64_t max_seg);
/* Highest id of a settled segment (0: none); taken before a dedup pass. */
tides_status store_max_seg(tides_store *s, int64_t *max_seg);

/* Merges the events and sentences of another store file in one transaction. */
tides_status store_merge_db(tides_store *s, const char *path, uint64_t *added, uint64_t *seen);

/* Builds missing indexes; *removed (may be NULL) = rows dropped because
 * their event_id repeated while the unique index was absent. */
tides_status store_create_indexes(tides_store *s, int64_t *removed);

/* Country tables (country.c).  Both return "" when unknown. */
/* A country name as ICEWS writes it ("Russian Federation") -> "RUS". */
const char *store_country_by_name(const char *name, size_t n);
/* A CAMEO actor code's leading 3 letters ("ROMGOV" -> "ROU"); regions -> "". */
const char *store_country_by_cameo(const char *code, size_t n);

/* Hex <-> 64-bit row key. Returns 0 if `hex` is not 16 hex digits. */
int store_hex_to_u64(const char *hex, uint64_t *out);
void store_u64_to_hex(uint64_t v, char out[17]);

#endif
