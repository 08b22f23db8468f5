/*
 * store-bulk.c — the bulk event writer (tides_store_bulk_*): events of a
 * producer that is not a file, `tides code --db`, into segments.
 *
 * Why: the row table costs six b-tree inserts an event at random keys (the
 * row and five indexes) plus the id lookup in the segments; that was 3.8 of
 * 5.0 CPU seconds of `tides code --threads 2 --db`'s writer thread.  A
 * segment costs a column append an event and one sort and encode a batch.
 *
 * Data flow: events go into a seg_builder (after store_event_fill, so a
 * row is what tides_store_add would have stored); once it holds `batch`
 * rows, the next add first writes them as one pending segment
 * (store_seg_append) and commits, together with every sentence added
 * since.  The check comes before the add, not after it, so a caller that
 * adds a story's events and then its sentences never sees a commit split
 * them.  finish writes the rest and runs the dedup pass
 * (store_seg_dedup): this writer's segments are pending until then, so an
 * id stored before (row table or segment), or repeated between this
 * writer's batches, dies there, as in an import.
 *
 * Sentences are copied into a buffer and inserted up to BULK_SENT_ROWS at
 * a time by one statement step (store_add_sentences): a one-row INSERT OR
 * IGNORE step each cost ~7,700 instructions a sentence, half of it per
 * statement (binds, cursor open, halt); buffered, ~3,800, most of what is
 * left the b-tree's own work (bench/sentences.sh).  Rows go in the order
 * they were added, so the first copy of a (doc_id, sentence) still wins;
 * sorting a buffer by key saved nothing (SQLite seeks from the root for
 * every row but the table's last page) and cost the sort.  An error of the
 * insert is returned by the add (or commit) that flushed the buffer.
 *
 * Invariants:
 *  - The writer keeps the store's batch open from new to finish; commits
 *    happen only at batch ends, so a SIGKILL leaves whole batches (events
 *    with their sentences), settled by the next writable open.  The
 *    sentence buffer is flushed before each commit (bulk_flush), so a
 *    commit holds every sentence added before it.
 *  - Events without a valid date (an undated story coded without --date)
 *    cannot be segment rows (the day column): they go to the row table
 *    through store_add_row, which looks their id up first, as before.
 *  - Re-coding the same text must leave the store as it was: a segment
 *    of this writer whose rows all died in the dedup pass is deleted
 *    (its ids are all live elsewhere: a row dies only for an earlier one),
 *    instead of lingering as an empty segment every read opens.
 *  - Small segments (one per run at least) are merged by the same
 *    store_compact_auto an import runs, on the segments settled before.
 */
#include "store/store-db.h"

#include <stdlib.h>
#include <string.h>

#include "store/seg.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

#define BULK_BATCH 65536 /* an import's batch: a full segment, bounded builder memory */
/* Sentences buffered, flushed as one statement step (store_add_sentences)
 * when either bound is reached: a step costs ~8k instructions beyond its
 * rows, 1024 rows make that 8 a row; the bytes bound keeps long texts from
 * growing the buffer without end. */
#define BULK_SENT_ROWS 1024
#define BULK_SENT_BYTES (1u << 20)

/* A buffered sentence: its strings (doc_id, date, lang, text) one after
 * the other from `off` in the writer's sbuf; v.doc_id... are set only when
 * the buffer is flushed (sbuf moves as it grows). */
typedef struct bulk_sent {
	size_t off;
	store_sent v;
} bulk_sent;

struct tides_store_bulk {
	tides_store *s;
	seg_builder *b;
	tides_buf blob;     /* the encoded segment, reused */
	tides_buf sbuf;     /* the buffered sentences' strings */
	bulk_sent *sv;      /* the buffered sentences, in the order added */
	size_t nsv, capsv;
	store_sent *sq;     /* sv's rows, pointing into sbuf, when flushed */
	size_t batch;
	uint64_t added;     /* segment rows written and row-table rows added */
	int64_t max_seg;    /* the last segment settled before this writer */
	int open;           /* this writer's batch is open */
	tides_status st;    /* first error: every later call returns it */
};

/* The default batch; TIDES_TUNE_BULK_BATCH sets another (tests: many
 * segments, and a kill between them, from a small corpus). */
static size_t bulk_batch(const tides_ctx *ctx)
{
	return (size_t)tides_ctx_tune(ctx, TIDES_TUNE_BULK_BATCH, 1, 1L << 20, BULK_BATCH);
}

tides_status tides_store_bulk_new(tides_store *s, size_t batch, tides_store_bulk **out)
{
	tides_ctx *ctx = store_ctx(s);
	tides_store_bulk *w;
	tides_status st;

	*out = NULL;
	if (store_in_batch(s))
		return tides_fail(ctx, TIDES_ERR_INTERNAL, "bulk writer inside an open batch");
	if (!store_has_segments(s))
		return tides_fail(ctx, TIDES_ERR_USAGE, "%s: store is read-only", store_path(s));
	w = tides_calloc(1, sizeof *w);
	if (!w)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	w->s = s;
	w->batch = batch ? batch : bulk_batch(ctx);
	tides_buf_init(&w->blob);
	tides_buf_init(&w->sbuf);
	if (!(w->b = seg_builder_new())) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	/* the open settled every pending segment: all after this one are ours */
	if ((st = store_max_seg(s, &w->max_seg)) != TIDES_OK || (st = tides_store_begin(s)) != TIDES_OK)
		goto fail;
	w->open = 1;
	*out = w;
	return TIDES_OK;
fail:
	tides_store_bulk_free(w);
	return st;
}

/* Inserts the buffered sentences and empties the buffer. */
static tides_status bulk_flush_sentences(tides_store_bulk *w)
{
	tides_status st;
	size_t i;
	if (!w->nsv)
		return TIDES_OK;
	if (!w->sq && !(w->sq = tides_malloc(BULK_SENT_ROWS * sizeof *w->sq)))
		return tides_fail(store_ctx(w->s), TIDES_ERR_NOMEM, "out of memory");
	for (i = 0; i < w->nsv; i++) {
		const bulk_sent *b = &w->sv[i];
		store_sent *q = &w->sq[i];
		*q = b->v;
		q->doc_id = w->sbuf.s + b->off;
		q->date = q->doc_id + q->doc_len;
		q->lang = q->date + q->date_len;
		q->text = q->lang + q->lang_len;
	}
	st = store_add_sentences(w->s, w->sq, w->nsv);
	w->nsv = 0;
	tides_buf_reset(&w->sbuf);
	return st;
}

/* The builder's rows as one pending segment, committed with the
 * sentences of the batch. */
static tides_status bulk_flush(tides_store_bulk *w, int reopen)
{
	seg_info info;
	tides_status st = bulk_flush_sentences(w);
	if (st == TIDES_OK)
		st = store_seg_append(w->s, w->b, &w->blob, &info);
	if (st == TIDES_OK)
		w->added += info.nrows;
	if (st == TIDES_OK)
		st = tides_store_commit(w->s); /* rolls back when it fails */
	else
		store_rollback(w->s);
	w->open = 0;
	if (st == TIDES_OK && reopen && (st = tides_store_begin(w->s)) == TIDES_OK)
		w->open = 1;
	return st;
}

void tides_store_bulk_prepare(tides_event *ev)
{
	store_event_fill_in(ev);
}

tides_status tides_store_bulk_add(tides_store_bulk *w, const tides_event *ev)
{
	tides_event tmp;
	const tides_event *row;
	int rc;

	if (w->st != TIDES_OK)
		return w->st;
	if (seg_builder_rows(w->b) >= w->batch && (w->st = bulk_flush(w, 1)) != TIDES_OK)
		return w->st;
	row = store_event_fill(ev, &tmp);
	rc = seg_builder_add(w->b, row);
	if (rc == -2) {
		int added = 0;
		if ((w->st = store_add_row(w->s, row, &added)) != TIDES_OK)
			return w->st;
		w->added += (uint64_t)added;
	} else if (rc != 0) {
		return w->st = tides_fail(store_ctx(w->s), TIDES_ERR_NOMEM, "out of memory");
	}
	return TIDES_OK;
}

/* Copies the sentence into the buffer (its strings are the caller's only
 * during the call); a full buffer goes to the store in one statement step. */
tides_status tides_store_bulk_add_sentence(tides_store_bulk *w, const tides_sentence *sent)
{
	bulk_sent *b;
	size_t n;
	char *p;
	if (w->st != TIDES_OK)
		return w->st;
	if (w->nsv == w->capsv &&
	    tides_grow((void **)&w->sv, &w->capsv, w->nsv + 1, sizeof *w->sv) < 0)
		return w->st = tides_fail(store_ctx(w->s), TIDES_ERR_NOMEM, "out of memory");
	b = &w->sv[w->nsv];
	if (store_sent_set(&b->v, sent) < 0)
		return w->st = tides_fail(store_ctx(w->s), TIDES_ERR_STORE,
		                          "cannot add a sentence: string or blob too big");
	n = (size_t)b->v.doc_len + (size_t)b->v.date_len + (size_t)b->v.lang_len +
	    (size_t)b->v.text_len;
	if (tides_buf_grow(&w->sbuf, n) < 0)
		return w->st = tides_fail(store_ctx(w->s), TIDES_ERR_NOMEM, "out of memory");
	b->off = w->sbuf.len;
	p = w->sbuf.s + b->off;
	memcpy(p, b->v.doc_id, (size_t)b->v.doc_len);
	p += b->v.doc_len;
	memcpy(p, b->v.date, (size_t)b->v.date_len);
	p += b->v.date_len;
	memcpy(p, b->v.lang, (size_t)b->v.lang_len);
	p += b->v.lang_len;
	memcpy(p, b->v.text, (size_t)b->v.text_len);
	w->sbuf.len += n;
	w->sbuf.s[w->sbuf.len] = '\0';
	if (++w->nsv == BULK_SENT_ROWS || w->sbuf.len >= BULK_SENT_BYTES)
		w->st = bulk_flush_sentences(w);
	return w->st;
}

/* Deletes this writer's segments whose every row died in the dedup pass. */
static tides_status drop_dead(tides_store_bulk *w)
{
	static const char *const sql[] = {
		"DELETE FROM segment_data WHERE seg IN"
		" (SELECT seg FROM segments WHERE seg > ?1 AND nlive = 0 AND NOT pending)",
		"DELETE FROM segments WHERE seg > ?1 AND nlive = 0 AND NOT pending",
	};
	sqlite3 *db = tides_store_sqlite(w->s);
	tides_status st;
	size_t i;
	int changed = 0;
	if ((st = tides_store_begin(w->s)) != TIDES_OK)
		return st;
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *q = NULL;
		int rc = SQLITE_ERROR;
		if (sqlite3_prepare_v2(db, sql[i], -1, &q, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(q, 1, w->max_seg);
			rc = sqlite3_step(q);
		}
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE) {
			st = store_fail(w->s, "cannot drop empty segments");
			store_rollback(w->s);
			return st;
		}
		changed += sqlite3_changes(db) > 0;
	}
	if (changed)
		store_idcache_free(w->s); /* the id lookups must not see them */
	return tides_store_commit(w->s);
}

tides_status tides_store_bulk_finish(tides_store_bulk *w, uint64_t *added)
{
	tides_status st = w->st, st2;
	uint64_t removed = 0;

	if (added)
		*added = 0;
	if (w->open) {
		if (st == TIDES_OK) {
			st = bulk_flush(w, 0);
		} else {
			store_rollback(w->s); /* the batch that failed */
			w->open = 0;
		}
	}
	/* settle what was committed, also after a failure half-way */
	st2 = store_seg_dedup(w->s, &removed);
	if (st == TIDES_OK)
		st = st2;
	if (st == TIDES_OK)
		st = drop_dead(w);
	if (st == TIDES_OK)
		st = store_compact_auto(w->s, w->max_seg);
	if (added)
		*added = w->added - (removed < w->added ? removed : w->added);
	w->st = st != TIDES_OK ? st : TIDES_ERR_INTERNAL; /* finished: no more adds */
	return st;
}

void tides_store_bulk_free(tides_store_bulk *w)
{
	if (!w)
		return;
	if (w->open)
		store_rollback(w->s);
	seg_builder_free(w->b);
	tides_buf_release(&w->blob);
	tides_buf_release(&w->sbuf);
	tides_free(w->sv);
	tides_free(w->sq);
	tides_free(w);
}
