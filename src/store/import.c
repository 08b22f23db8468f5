/*
 * import.c — files of event rows into the store, in batches, resumable.
 *
 * Data flow: a byte stream (plain file, gzip via zlib, or each entry of a
 * zip via libzip, told apart by their first bytes) fills one 4 MiB buffer;
 * complete lines are cut out with memchr and parsed (formats.c) into a
 * block of events; blocks go into a column builder (seg.c) and every
 * `batch_rows` rows the builder becomes one segment BLOB (segstore.c).
 * Parsing never touches the store, so `--threads N` into a store (GDELT,
 * ICEWS, Phoenix) has this thread read() straight into 4 MiB blocks and
 * only find the line ends, telling skipped lines from rows without parsing
 * (store_line_skips) so batches end where one thread ends them; it hands
 * the workers parts, byte ranges of a block (no line is copied; a partial
 * line at a block's end starts the next block), and they parse, build and
 * encode each batch (import-par.c: a worker keeps to one batch, so its
 * parts share one builder); a writer thread commits the segments in input
 * order.  Warnings come from this thread in line order.  --dry-run and
 * --emit take the same path, the workers formatting the events of their
 * parts and this thread checking the batches in input order (warnings,
 * --strict) and handing them to a writer thread that writes their lines
 * (batches of PAR_DRY_BATCH rows: no store, so their ends change no
 * output).  tides TSV/JSONL
 * (whose header changes the parser mid-file) is parsed here, a committer
 * thread writing finished batches.  The store sees the same batches in
 * the same order either way.
 *
 * TIDES_IMPORT_BUF (bytes, for tests) shrinks the buffer, so the longest
 * line, and the blocks of --threads alike: lines cross block ends and
 * over-long lines are cut within a small input.
 *
 * Invariants:
 *  - Every `batch_rows` rows the file's progress row (path, size, mtime,
 *    byte offset just past the last written line, line number) is written
 *    and committed in the same transaction as the rows.  After SIGKILL the
 *    store holds whole batches only, and the next run seeks to the recorded
 *    offset (plain: lseek; gzip: gzseek; zip: read and discard).
 *  - Progress is keyed by realpath (plus "#entry" inside a zip) and valid
 *    only while size and mtime match; otherwise the file starts over, and
 *    the event ids keep rows from being added twice: a batch drops ids
 *    repeated inside it (first row kept), and the dedup pass at the end
 *    of each file (store_seg_dedup) marks dead the rows whose id was
 *    stored before.  store.c runs that pass on open if we were killed.
 *  - In strict mode the first bad row rolls the open batch back, so what
 *    is stored is exactly the batches committed before it.
 */
#include "store/store-db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "store/import.h"
#include "store/seg.h"
#include "store/import-par.h" /* --threads: batches on workers (hard) */
#include "text/text.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/pool.h"
#include "util/banned.h"

#define BUF_SIZE (4u << 20)     /* also the longest line accepted (TIDES_IMPORT_BUF) */
#define BLOCK_EVENTS 256        /* events parsed before one write burst */
#define MAX_SEGMENT_ROWS (1u << 20) /* bounds a segment's memory */
/* --threads: a worker takes a quarter block of a batch's text at once (1 MiB) */
#define READ_CHUNK (1u << 20)   /* --threads: read() size (the first part starts sooner) */
#define PAR_PENDING_MAX 16      /* --threads: batches closed and not written yet */
/* --threads with --emit: rows a batch (the unit handed to the writer
 * thread; no store, so batch ends change no output), batches closed and
 * not written yet, and batches on the writer thread.  Small, so that the
 * first lines go out and the last ones follow the parsing sooner, and
 * few, as every page of lines waiting is a page fault the first time (2M
 * GDELT rows to JSON lines, 2 threads, medians of 5 on a quiet machine:
 * 16384 rows, 16 and 4 batches 0.50 s wall, 0.88 s CPU, 100 MB resident;
 * 8192, 6 and 2: 0.46 s, 0.86 s, 65 MB; 4096 rows a batch, one part, was
 * slower again) */
#define PAR_DRY_BATCH 8192
#define PAR_DRY_PENDING_MAX 6
#define PAR_EMIT_DEPTH 2
/* --threads into a store: batches on the writer thread.  With one the
 * reader, handing over the next batch, waited for the commit before it
 * (5-15 ms), the workers ran out of text meanwhile: idle 0.014-0.045 s
 * each on 2M GDELT rows, with three 0.002-0.013 s.  The batches queued
 * come before any failure in input order, so they land as with one thread. */
#define PAR_COMMIT_DEPTH 3

static const char *const format_names[] = {"auto", "gdelt1", "gdelt2", "icews", "phoenix", "tides"};

int tides_import_format_parse(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *tides_import_format_name(tides_import_format f)
{
	if ((unsigned)f < sizeof format_names / sizeof format_names[0])
		return format_names[f];
	return "?";
}

void tides_import_opts_init(tides_import_opts *o)
{
	memset(o, 0, sizeof *o);
	o->batch_rows = 65536;
}

/* --------------------------------------------------------------- streams */

enum { SRC_PLAIN, SRC_GZ, SRC_ZIP };

typedef struct stream {
	int kind;
	int fd;
	gzFile gz;
	zip_file_t *zf;
	char err[200];
} stream;

/* >0 bytes, 0 end, -1 error (s->err set). */
static long stream_read(stream *s, char *buf, size_t n)
{
	long r;
	switch (s->kind) {
	case SRC_PLAIN:
		do
			r = (long)read(s->fd, buf, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
		return r;
	case SRC_GZ: {
		int e;
		r = gzread(s->gz, buf, (unsigned)n);
		if (r < 0 || (r == 0 && gzerror(s->gz, &e) && e != Z_OK)) {
			const char *m = gzerror(s->gz, &e), *c;
			/* zlib prefixes "<fd:N>: "; the caller names the file */
			if (m && (c = strstr(m, ">: ")) != NULL)
				m = c + 3;
			snprintf(s->err, sizeof s->err, "gzip: %s", m && m[0] ? m : "read error");
			return -1;
		}
		return r;
	}
	default:
		r = (long)zip_fread(s->zf, buf, n);
		if (r < 0) {
			zip_error_t *ze = zip_file_get_error(s->zf);
			snprintf(s->err, sizeof s->err, "zip: %s", zip_error_strerror(ze));
		}
		return r;
	}
}

/* Moves the stream to uncompressed offset `off`. */
static int stream_skip(stream *s, int64_t off, char *buf, size_t cap)
{
	if (s->kind == SRC_PLAIN)
		return lseek(s->fd, (off_t)off, SEEK_SET) == (off_t)off ? 0 : -1;
	if (s->kind == SRC_GZ)
		return gzseek(s->gz, (z_off_t)off, SEEK_SET) == (z_off_t)off ? 0 : -1;
	while (off > 0) {
		long r = stream_read(s, buf, off > (int64_t)cap ? cap : (size_t)off);
		if (r <= 0)
			return -1;
		off -= r;
	}
	return 0;
}

/* ---------------------------------------------------------------- import */

/* One finished batch on its way into the store: encoded and committed with
 * its progress row, on the committer thread with --threads (the parser
 * workers and the column builder keep going meanwhile), else inline. */
typedef struct commit_job {
	tides_store *s;
	seg_builder *b;
	tides_buf *blob;
	store_progress p;
	char key[PATH_MAX + 512];
	const char *format;
	tides_ctx *cctx;      /* the committer's own context (NULL inline) */
	seg_info info;
	tides_status st;
} commit_job;

typedef struct importer {
	tides_store *s;
	tides_ctx *ctx;
	const tides_import_opts *o;
	tides_import_stats *stats;
	char *buf;
	size_t bufsize;           /* BUF_SIZE, or TIDES_IMPORT_BUF's */
	tides_buf obuf;           /* emit_write on one thread: the lines of a block */
	tides_event *block;
	size_t nblock;
	int in_batch;
	seg_builder *sb, *spare;  /* spare: the builder not being filled (threads) */
	tides_buf blob;
	tides_pool *committer;    /* --threads N > 1: one thread that writes batches */
	tides_ctx *cctx;
	commit_job cjob;
	int inflight;
	store_segpar *sp; /* --threads N > 1: batches on workers */
	const char *par_key, *par_display;
	tides_import_format par_fmt;
	tides_pool *pwriter;      /* writes the batches of sp in order: commits them, or
	                           * with --emit hands their lines to emit_write */
	void *pw_state[1];
	double pw_cpu;            /* the writer thread's CPU seconds */
	int pw_failed;            /* the writer's own: a write failed, write no more */
	int par_werr;             /* a batch failed to encode or commit: write no more */
} importer;

/* The lines emit_write gets, one thread or N: those of `tides export`. */
static int emit_flags(const tides_import_opts *o)
{
	return (o->emit_jsonl ? TEXT_EVENT_JSONL : TEXT_EVENT_TSV) | TEXT_EVENT_PROVENANCE;
}

/* A failed emit or emit_write (errno e): fatal. */
static tides_status emit_failed(importer *im, int e)
{
	return tides_fail(im->ctx, TIDES_ERR_IO, "cannot write the events: %s", strerror(e));
}

static tides_status flush_block(importer *im)
{
	size_t i;
	if (im->o->dry_run && im->o->emit_write) {
		int flags = emit_flags(im->o);
		tides_buf_reset(&im->obuf);
		for (i = 0; i < im->nblock; i++)
			if (text_event_append(&im->obuf, &im->block[i], flags) != 0) {
				im->nblock = 0;
				return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
			}
		if (im->obuf.len && im->o->emit_write(im->o->emit_data, im->obuf.s, im->obuf.len) != 0) {
			im->nblock = 0;
			return emit_failed(im, errno);
		}
		im->stats->added += im->nblock;
		im->nblock = 0;
		return TIDES_OK;
	}
	if (im->o->dry_run) {
		/* --emit: the events go to the caller in input order (hard) */
		for (i = 0; im->o->emit && i < im->nblock; i++)
			if (im->o->emit(im->o->emit_data, &im->block[i]) != 0) {
				im->nblock = 0;
				return emit_failed(im, errno);
			}
		im->stats->added += im->nblock;
		im->nblock = 0;
		return TIDES_OK;
	}
	im->nblock = 0; /* rows to store went into the builder one by one */
	return TIDES_OK;
}

/* One parsed event into the segment being built (ps: its parser, NULL
 * when parsed elsewhere). */
static tides_status add_event(importer *im, const tides_event *ev, const store_parser *ps)
{
	int rc = ps && ps->known ? seg_builder_add_known(im->sb, ev, ps->id, ps->day)
	                         : seg_builder_add(im->sb, ev);
	if (rc == -2) {
		/* the parsers never make one; count it as malformed */
		im->stats->bad++;
		tides_warn(im->ctx, "event without a valid id or date skipped");
	} else if (rc != 0) {
		return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	return TIDES_OK;
}

static void commit_work(void *state, void *item)
{
	commit_job *j = item;
	tides_ctx *keep = j->cctx ? store_set_ctx(j->s, j->cctx) : NULL;
	(void)state;
	j->st = tides_store_begin(j->s);
	if (j->st == TIDES_OK)
		j->st = store_seg_append(j->s, j->b, j->blob, &j->info);
	if (j->st == TIDES_OK)
		j->st = store_progress_put(j->s, j->key, j->format, &j->p);
	if (j->st == TIDES_OK)
		j->st = tides_store_commit(j->s);
	else
		store_rollback(j->s);
	if (j->st != TIDES_OK)
		seg_builder_reset(j->b);
	if (keep)
		store_set_ctx(j->s, keep);
}

/* Waits for the batch on the committer; its error, if any, becomes ours
 * (unless `quiet`: we are failing already and keep our own message). */
static tides_status drain_job(importer *im, int quiet)
{
	commit_job *j = &im->cjob;
	if (!im->inflight)
		return TIDES_OK;
	tides_pool_take(im->committer, 1);
	im->inflight = 0;
	im->spare = j->b;
	if (j->st != TIDES_OK)
		return quiet ? j->st : tides_fail(im->ctx, j->st, "%s", tides_errmsg(im->cctx));
	im->stats->added += j->info.nrows;
	im->stats->dups += j->info.dropped;
	return TIDES_OK;
}

static tides_status drain(importer *im)
{
	return drain_job(im, 0);
}

/* Hands the rows built since the last checkpoint to the store with the
 * file's progress `p` (one transaction). */
static tides_status checkpoint(importer *im, const char *key, tides_import_format fmt,
                               store_progress *p)
{
	commit_job *j = &im->cjob;
	tides_status st;
	if ((st = flush_block(im)) != TIDES_OK)
		return st;
	if (im->o->dry_run)
		return TIDES_OK;
	if ((st = drain(im)) != TIDES_OK)
		return st;
	j->s = im->s;
	j->blob = &im->blob;
	j->p = *p;
	snprintf(j->key, sizeof j->key, "%s", key);
	j->format = tides_import_format_name(fmt);
	j->st = TIDES_OK;
	j->b = im->sb;
	if (!im->committer) {
		commit_work(NULL, j);
		if (j->st != TIDES_OK)
			return j->st;
		im->stats->added += j->info.nrows;
		im->stats->dups += j->info.dropped;
		return TIDES_OK;
	}
	j->cctx = im->cctx;
	im->sb = im->spare; /* fill the other builder meanwhile */
	im->spare = NULL;
	tides_pool_put(im->committer, j);
	im->inflight = 1;
	return TIDES_OK;
}

static void report(importer *im, const char *display, uint64_t done, uint64_t total, uint64_t rows)
{
	tides_import_progress p;
	if (!im->o->progress)
		return;
	p.path = display;
	p.bytes_done = done;
	p.bytes_total = total;
	p.rows = rows;
	im->o->progress(im->o->progress_data, &p);
}

/* ------------------------------------ --threads N: whole batches on workers */

/* The lines of B's parts to emit_write in order (with upto, only those
 * before that part's bad row `bad`: --strict stops there), the events
 * written added to *n; 0, or -1 with errno from the failed write.  On
 * this thread (par_emit) or the writer's (par_emit_work). */
static int emit_parts(const importer *im, const store_batch *B, const store_part *upto,
                      const store_segbad *bad, long *n)
{
	const store_part *j;
	for (j = B->first; j; j = j->next) {
		size_t len = j == upto ? bad->out : j->out.len;
		if (len && im->o->emit_write && im->o->emit_write(im->o->emit_data, j->out.s, len) != 0)
			return -1;
		*n += j == upto ? bad->nemit : j->nemit;
		if (j == upto)
			break;
	}
	return 0;
}

/* With --dry-run: the batch's events (formatted by the workers) to
 * emit_write in input order, counted; with upto, only those before that
 * part's bad row `bad` (--strict stops there). */
static tides_status par_emit(importer *im, const store_batch *B, const store_part *upto,
                             const store_segbad *bad)
{
	long n = 0;
	int rc = emit_parts(im, B, upto, bad, &n);
	int e = errno;
	im->stats->added += (uint64_t)n;
	return rc != 0 ? emit_failed(im, e) : TIDES_OK;
}

/* On the writer thread with --emit: a checked batch's lines to emit_write
 * (the reader goes on reading and cutting meanwhile: when it wrote them
 * itself the workers ran out of text during every write, idle a third of
 * the time with a file on stdout).  After a failed write the batches
 * queued behind it are not written, as one thread stops there. */
static void par_emit_work(void *state, void *item)
{
	importer *im = state;
	store_batch *B = item;
	if (im->pw_failed) {
		B->st = TIDES_ERR_IO;
		return;
	}
	if (emit_parts(im, B, NULL, NULL, &B->nemit) != 0) {
		B->err = errno;
		B->st = TIDES_ERR_IO;
		im->pw_failed = 1;
	}
	im->pw_cpu = tides_pool_thread_cpu();
}

/* Waits for every batch on the writer thread; the first error. */
static tides_status par_collect_all(importer *im);

/* A batch back from the workers, in input order: its parts' warnings in
 * line order and its rows counted, or with --strict the first bad row's
 * error (the batch is then not written, as one thread rolls it back; with
 * --dry-run the events before that row are emitted, as one thread emits
 * them). */
static tides_status par_check(importer *im, const store_batch *B)
{
	const store_part *j;
	long k;
	for (j = B->first; j; j = j->next) {
		for (k = 0; k < j->nbad; k++) {
			const store_segbad *b = &j->bad[k];
			im->stats->bad++;
			if (b->kind == SEGJOB_INVALID) {
				tides_warn(im->ctx, "event without a valid id or date skipped");
			} else if (im->o->strict) {
				tides_status st;
				im->stats->rows += (uint64_t)b->nrows + 1;
				/* the batches before it are written first; a failed
				 * write among them is the error one thread reports */
				if (im->o->dry_run && (st = par_collect_all(im)) != TIDES_OK)
					return st;
				if (im->o->dry_run && !im->par_werr)
					(void)par_emit(im, B, j, b); /* the row's error is the one reported */
				if (b->kind == SEGJOB_LONG)
					return tides_fail(im->ctx, TIDES_ERR_DATA, "%s:%lld: line longer than %u bytes",
					                  im->par_display, (long long)b->line, (unsigned)im->bufsize);
				return tides_fail(im->ctx, TIDES_ERR_DATA, "%s:%lld: %s", im->par_display,
				                  (long long)b->line, j->msgs.s + b->msg);
			} else if (b->kind == SEGJOB_LONG) {
				tides_warn_at(im->ctx, im->par_display, (long)b->line,
				              "line longer than %u bytes, skipped", (unsigned)im->bufsize);
			} else {
				tides_warn_at(im->ctx, im->par_display, (long)b->line, "%s", j->msgs.s + b->msg);
			}
		}
		if (j->nomem)
			return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
		im->stats->rows += (uint64_t)j->nrows;
	}
	if (B->nomem)
		return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory encoding a segment");
	return TIDES_OK;
}

/* The segment and the progress row in one transaction; on the writer
 * thread (its own context) or inline.  After a failed commit the batches
 * queued behind it are not committed: the store keeps whole batches in
 * input order only. */
static void par_commit(void *state, void *item)
{
	importer *im = state;
	store_batch *B = item;
	tides_ctx *keep;
	if (im->pw_failed) {
		B->st = TIDES_ERR_STORE;
		return;
	}
	keep = im->pwriter ? store_set_ctx(im->s, im->cctx) : NULL;
	B->st = tides_store_begin(im->s);
	if (B->st == TIDES_OK) {
		B->st = store_seg_append_blob(im->s, B->blob.s, B->blob.len, &B->info);
		if (B->st == TIDES_OK)
			B->st = store_progress_put(im->s, im->par_key, tides_import_format_name(im->par_fmt), &B->p);
		if (B->st == TIDES_OK)
			B->st = tides_store_commit(im->s);
		else
			store_rollback(im->s);
	}
	if (B->st != TIDES_OK)
		im->pw_failed = 1;
	if (keep)
		store_set_ctx(im->s, keep);
	if (im->pwriter)
		im->pw_cpu = tides_pool_thread_cpu();
}

/* A batch the writer finished: its figures, or its error (reported once). */
static tides_status par_collect(importer *im, store_batch *B)
{
	tides_status st = B->st;
	if (im->o->dry_run) {
		im->stats->added += (uint64_t)B->nemit;
		if (st != TIDES_OK && !im->par_werr) {
			im->par_werr = 1;
			st = emit_failed(im, B->err);
		}
	} else if (st == TIDES_OK) {
		im->stats->added += B->info.nrows;
		im->stats->dups += B->info.dropped;
	} else if (!im->par_werr) {
		im->par_werr = 1;
		if (im->pwriter)
			st = tides_fail(im->ctx, st, "%s", tides_errmsg(im->cctx));
	}
	store_segpar_recycle(im->sp, B);
	return st;
}

/* Waits for every batch on the writer thread; the first error. */
static tides_status par_collect_all(importer *im)
{
	tides_status st = TIDES_OK, r;
	store_batch *B;
	while (im->pwriter && (B = tides_pool_take(im->pwriter, 1)) != NULL)
		if ((r = par_collect(im, B)) != TIDES_OK && st == TIDES_OK)
			st = r;
	return st;
}

/* A checked batch goes to the writer, in input order; a failed write
 * stops everything after it, as on one thread. */
static tides_status par_write(importer *im, store_batch *B)
{
	tides_status st;
	store_batch *W;
	if (im->par_werr) { /* reported already */
		store_segpar_recycle(im->sp, B);
		return TIDES_ERR_STORE;
	}
	if (im->o->dry_run && !im->pwriter) {
		st = par_emit(im, B, NULL, NULL);
		if (st != TIDES_OK)
			im->par_werr = 1;
		store_segpar_recycle(im->sp, B);
		return st;
	}
	if (!im->pwriter) {
		par_commit(im, B);
		return par_collect(im, B);
	}
	while ((W = tides_pool_take(im->pwriter, tides_pool_full(im->pwriter))) != NULL)
		if ((st = par_collect(im, W)) != TIDES_OK) {
			store_segpar_recycle(im->sp, B);
			return st;
		}
	tides_pool_put(im->pwriter, B);
	return TIDES_OK;
}

/* The batches the workers finished, in order, checked and to the writer:
 * with `wait` all of them (the end of a stream), else those done already. */
static tides_status par_pump(importer *im, int wait)
{
	store_batch *B;
	tides_status st;
	while ((B = store_segpar_take(im->sp, wait)) != NULL) {
		if ((st = par_check(im, B)) != TIDES_OK) {
			store_segpar_recycle(im->sp, B);
			return st;
		}
		if ((st = par_write(im, B)) != TIDES_OK)
			return st;
	}
	return TIDES_OK;
}

/* The reader's state for one stream. */
typedef struct par_cut {
	stream *sm;
	const char *display, *key;
	tides_import_format fmt;
	store_parser *ps;
	store_progress *p;
	int64_t pos, line, size, entry_size;
	uint64_t file_rows;
	size_t have, batch;
	int eof;
	store_part *cur;   /* the part whose line ends are being recorded */
} par_cut;

/* What the workers make of a part: a store's columns, or with --dry-run
 * counts and (--emit) lines. */
static void par_part_mode(importer *im, store_part *pt)
{
	pt->dry = im->o->dry_run;
	pt->emit_flags = -1;
	if (pt->dry && im->o->emit_write)
		pt->emit_flags = emit_flags(im->o);
}

/* Queues blk[beg..end) (lines after line `line`; with p the batch's last
 * part, p its progress row) and writes the batches done meanwhile. */
static tides_status par_part(importer *im, par_cut *c, store_blk *blk, size_t beg, size_t end,
                             int64_t line, const store_progress *p)
{
	store_part *pt = c->cur ? c->cur : store_segpar_part(im->sp);
	tides_status st;
	c->cur = NULL;
	if (!pt)
		return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
	if (blk && end > beg) {
		pt->blk = blk; /* store_segpar_put counts the reference */
		pt->beg = beg;
		pt->end = end;
	}
	pt->line = line;
	pt->ps = *c->ps;
	par_part_mode(im, pt);
	if (store_segpar_put(im->sp, pt, p) != 0)
		return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
	if (p && store_segpar_pending(im->sp) >= (im->o->dry_run ? PAR_DRY_PENDING_MAX : PAR_PENDING_MAX)) {
		store_batch *B = store_segpar_take(im->sp, 1);
		if (B && (st = par_check(im, B)) != TIDES_OK) {
			store_segpar_recycle(im->sp, B);
			return st;
		}
		if (B && (st = par_write(im, B)) != TIDES_OK)
			return st;
	}
	return par_pump(im, 0);
}

/* An over-long line (line + 1) as a part of its own: counted bad, in order. */
static tides_status par_long(importer *im, par_cut *c, int64_t line)
{
	store_part *pt = store_segpar_part(im->sp);
	if (!pt)
		return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
	pt->line = line;
	pt->long_line = 1;
	pt->ps = *c->ps;
	par_part_mode(im, pt);
	if (store_segpar_put(im->sp, pt, NULL) != 0)
		return tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
	return TIDES_OK;
}

/* A block to read into: at most a batch and a quarter of text (measured in
 * bytes a row so far; into a store) is waiting for the workers, so they have the next
 * batch when theirs ends, and memory stays flat whatever the input size. */
static store_blk *par_block(importer *im, uint64_t bytes, uint64_t rows, size_t batch,
                            tides_status *st)
{
	store_blk *b;
	int nomem, max_live = 4;
	/* --dry-run builds nothing: any worker takes any part, so the next
	 * batch's text need not wait; fewer parts (and their output buffers)
	 * live, fewer pages touched */
	if (rows > 0 && !im->o->dry_run) {
		uint64_t want = bytes / rows * batch * 5 / 4 / im->bufsize + 3;
		max_live = want > 96 ? 96 : want < 4 ? 4 : (int)want;
	}
	while (!(b = store_segpar_block(im->sp, max_live, &nomem))) {
		if (nomem) {
			*st = tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
			return NULL;
		}
		if ((*st = par_pump(im, 0)) != TIDES_OK)
			return NULL;
	}
	return b;
}

/* Imports the rest of a stream whose first read is in im->buf (c->have
 * bytes), the lines cut here as import_stream cuts them, the batches
 * parsed, built and encoded on the workers, written on the writer. */
static tides_status par_stream(importer *im, par_cut *c)
{
	const tides_import_opts *o = im->o;
	store_progress *p = c->p;
	store_blk *blk;
	tides_status st = TIDES_OK;
	size_t have = c->have, cut = 0, pbeg = 0;
	int64_t pos = c->pos, line = c->line, pline = c->line;
	uint64_t since = 0, file_rows = c->file_rows, rows0 = c->file_rows, last_report = 0;
	int eof = c->eof, skipping = 0;
	const int icews = c->ps->format == TIDES_IMPORT_ICEWS;
	char *swap;

	im->par_key = c->key;
	im->par_display = c->display;
	im->par_fmt = c->fmt;
	im->par_werr = 0;
	im->pw_failed = 0; /* the writer is idle between streams */
	if (o->dry_run && c->batch > PAR_DRY_BATCH)
		c->batch = PAR_DRY_BATCH;
	if (!(blk = par_block(im, 0, 0, c->batch, &st)))
		return st;
	/* the first read becomes the first block: swapped, not copied */
	swap = blk->s;
	blk->s = im->buf;
	im->buf = swap;
	for (;;) {
		/* the whole lines read so far: only their ends and whether they
		 * are rows (for the batch ends); the workers parse them */
		for (;;) {
			char *nl = memchr(blk->s + cut, '\n', have - cut);
			size_t end;
			if (!nl) {
				if (!eof || cut == have)
					break;
				end = have; /* last line without a newline */
			} else {
				end = (size_t)(nl - blk->s);
			}
			line++;
			if (!skipping && ((!c->cur && !(c->cur = store_segpar_part(im->sp))) ||
			                  store_part_line(c->cur, end) != 0)) {
				st = tides_fail(im->ctx, TIDES_ERR_NOMEM, "out of memory");
				goto fail;
			}
			if (skipping) {
				skipping = 0; /* tail of an over-long line: in no part */
				pbeg = nl ? end + 1 : have;
				pline = line;
			} else {
				const char *l = blk->s + cut;
				size_t len = end - cut;
				/* a line that starts with a field is a row (store_line_skips
				 * for the others: blank lines, ICEWS headers) */
				if (len == 0 || l[0] == ' ' || l[0] == '\t' || l[0] == '\r' || (icews && l[0] == 'E')) {
					if (len && l[len - 1] == '\r')
						len--;
					if (!store_line_skips(c->ps, l, len)) {
						file_rows++;
						since++;
					}
				} else {
					file_rows++;
					since++;
				}
			}
			cut = nl ? end + 1 : have;
			if (since >= c->batch) {
				p->offset = pos + (int64_t)cut;
				p->line = line;
				p->rows = (int64_t)file_rows;
				if ((st = par_part(im, c, blk, pbeg, cut, pline, p)) != TIDES_OK)
					goto fail;
				pbeg = cut;
				pline = line;
				since = 0;
			} else if (cut - pbeg >= im->bufsize / 4) {
				if ((st = par_part(im, c, blk, pbeg, cut, pline, NULL)) != TIDES_OK)
					goto fail;
				pbeg = cut;
				pline = line;
			}
			if (!nl)
				break;
		}
		if (c->sm->kind == SRC_GZ) {
			uint64_t done = (uint64_t)gzoffset(c->sm->gz);
			if (done - last_report >= (8u << 20) || eof) {
				report(im, c->display, done, (uint64_t)c->size, file_rows);
				last_report = done;
			}
		} else if ((uint64_t)(pos + (int64_t)cut) - last_report >= (8u << 20) || eof) {
			report(im, c->display, (uint64_t)(pos + (int64_t)cut),
			       (uint64_t)(c->entry_size >= 0 ? c->entry_size : c->size), file_rows);
			last_report = (uint64_t)(pos + (int64_t)cut);
		}
		if (eof)
			break;
		if (have == blk->cap) {
			if (cut == 0) {
				/* one line fills the whole block: drop it, skip to its end
				 * (counted once however many blocks it spans; not towards
				 * the batch, as with one thread) */
				if (!skipping) {
					file_rows++;
					if ((st = par_long(im, c, line)) != TIDES_OK)
						goto fail;
				}
				skipping = 1;
				pos += (int64_t)have;
				have = 0;
				pbeg = 0;
			} else {
				/* the partial line starts the next block */
				store_blk *nb;
				if (pbeg < cut && (st = par_part(im, c, blk, pbeg, cut, pline, NULL)) != TIDES_OK)
					goto fail;
				pline = line;
				if (!(nb = par_block(im, (uint64_t)(pos + (int64_t)cut) - (uint64_t)c->pos,
				                     file_rows - rows0, c->batch, &st)))
					goto fail;
				memcpy(nb->s, blk->s + cut, have - cut);
				store_segpar_unref(im->sp, blk);
				blk = nb;
				pos += (int64_t)cut;
				have -= cut;
				cut = pbeg = 0;
			}
		}
		{
			size_t room = blk->cap - have;
			long r = stream_read(c->sm, blk->s + have, room > READ_CHUNK ? READ_CHUNK : room);
			if (r < 0) {
				/* keep the whole lines before the damage; report where it broke */
				p->offset = pos + (int64_t)cut;
				p->line = line;
				p->rows = (int64_t)file_rows;
				if ((st = par_part(im, c, blk, pbeg, cut, pline, p)) != TIDES_OK ||
				    (st = par_pump(im, 1)) != TIDES_OK || (st = par_collect_all(im)) != TIDES_OK)
					goto fail;
				store_segpar_unref(im->sp, blk);
				return tides_fail(im->ctx, TIDES_ERR_DATA, "%s:%lld: %s", c->display,
				                  (long long)line + 1, c->sm->err);
			}
			if (r == 0)
				eof = 1;
			have += (size_t)r;
			im->stats->bytes += (uint64_t)r;
		}
	}
	p->offset = pos + (int64_t)have;
	p->line = line;
	p->rows = (int64_t)file_rows;
	p->done = 1;
	if ((st = par_part(im, c, blk, pbeg, cut, pline, p)) != TIDES_OK || (st = par_pump(im, 1)) != TIDES_OK ||
	    (st = par_collect_all(im)) != TIDES_OK)
		goto fail;
	store_segpar_unref(im->sp, blk);
	im->stats->files++;
	return TIDES_OK;
fail:
	/* the batches not written yet come after the failure (or are the one
	 * that failed): dropped, as one thread never reaches them; those on
	 * the writer came before it and land */
	store_segpar_discard(im->sp);
	par_collect_all(im);
	store_segpar_part_put(im->sp, c->cur);
	c->cur = NULL;
	store_segpar_unref(im->sp, blk);
	if (!o->dry_run)
		store_rollback(im->s);
	return st;
}

/* Imports one stream (a file, or one zip entry). */
static tides_status import_stream(importer *im, stream *sm, const char *display, const char *key,
                                  int64_t size, int64_t mtime_ns, int64_t entry_size)
{
	const tides_import_opts *o = im->o;
	size_t batch = o->batch_rows ? o->batch_rows : 65536;
	tides_import_format fmt = o->format;
	store_parser ps;
	store_progress p;
	tides_status st = TIDES_OK;
	int64_t pos = 0;        /* stream offset of buf[0] */
	int64_t line = 0;       /* lines consumed */
	uint64_t since = 0, file_rows = 0, last_report = 0;
	size_t have = 0, start;
	int found, eof = 0, first = 1, skipping = 0;
	char msg[256];

	memset(&p, 0, sizeof p);
	if (!o->dry_run) {
		if ((st = store_progress_get(im->s, key, &p, &found)) != TIDES_OK)
			return st;
		if (found && (p.size != size || p.mtime_ns != mtime_ns))
			memset(&p, 0, sizeof p); /* the file changed: start over */
		if (found && p.done && p.size == size && p.mtime_ns == mtime_ns) {
			im->stats->files_skipped++;
			return TIDES_OK;
		}
		if (p.offset > 0) {
			/* resume only when the recorded format is the one asked for; a
			 * tides TSV header would be behind the offset, so it restarts */
			int pf = tides_import_format_parse(p.format);
			if (pf > 0 && pf != TIDES_IMPORT_TIDES &&
			    (fmt == TIDES_IMPORT_AUTO || (int)fmt == pf)) {
				if (stream_skip(sm, p.offset, im->buf, im->bufsize) != 0)
					return tides_fail(im->ctx, TIDES_ERR_IO, "cannot resume '%s' at offset %lld",
					                  display, (long long)p.offset);
				fmt = (tides_import_format)pf;
				pos = p.offset;
				line = p.line;
				file_rows = (uint64_t)p.rows;
				im->stats->resumed++;
				first = 0;
			} else {
				memset(&p, 0, sizeof p);
			}
		}
	}
	if (batch > MAX_SEGMENT_ROWS)
		batch = MAX_SEGMENT_ROWS;
	p.size = size;
	p.mtime_ns = mtime_ns;
	store_parser_init(&ps, fmt);
	ps.one_a_day = o->dedup_one_a_day;
	while (!eof) {
		long r;
		r = stream_read(sm, im->buf + have, im->bufsize - have);
		size_t end;
		if (r < 0) {
			/* keep the whole lines before the damage; report where it broke */
			p.offset = pos;
			p.line = line;
			p.rows = (int64_t)file_rows;
			if ((st = checkpoint(im, key, fmt, &p)) != TIDES_OK || (st = drain(im)) != TIDES_OK)
				goto fail;
			return tides_fail(im->ctx, TIDES_ERR_DATA, "%s:%lld: %s", display,
			                  (long long)line + 1, sm->err);
		}
		if (r == 0)
			eof = 1;
		have += (size_t)r;
		im->stats->bytes += (uint64_t)r;
		if (first) {
			char *nl;
			size_t fl;
			first = 0;
			if (have == 0) {
				tides_warn_at(im->ctx, display, 1, "empty file, nothing imported");
				break;
			}
			/* a UTF-8 byte-order mark (some ICEWS/Excel exports) is not data */
			if (have >= 3 && memcmp(im->buf, "\xef\xbb\xbf", 3) == 0) {
				memmove(im->buf, im->buf + 3, have - 3);
				have -= 3;
				pos += 3;
			}
			if (fmt == TIDES_IMPORT_AUTO) {
				nl = memchr(im->buf, '\n', have);
				fl = nl ? (size_t)(nl - im->buf) : have;
				if (fl && im->buf[fl - 1] == '\r')
					fl--;
				fmt = store_detect_format(im->buf, fl);
				if (fmt == TIDES_IMPORT_AUTO) {
					st = tides_fail(im->ctx, TIDES_ERR_DATA,
					                "%s:1: cannot tell the format (%zu tab-separated columns); "
					                "use --format", display, store_count_fields(im->buf, fl));
					goto fail;
				}
				ps.format = fmt;
			}
		}
		start = 0;
		if (im->sp && store_segpar_format_ok(ps.format)) {
			/* whole batches on the workers (hard) */
			par_cut c;
			c.sm = sm;
			c.display = display;
			c.key = key;
			c.fmt = fmt;
			c.ps = &ps;
			c.p = &p;
			c.pos = pos;
			c.line = line;
			c.file_rows = file_rows;
			c.have = have;
			c.eof = eof;
			c.size = size;
			c.entry_size = entry_size;
			c.batch = batch;
			c.cur = NULL;
			return par_stream(im, &c);
		}
		for (;;) {
			char *nl = memchr(im->buf + start, '\n', have - start);
			size_t len;
			int rc;
			if (!nl) {
				if (!eof || start == have)
					break;
				end = have; /* last line without a newline */
			} else {
				end = (size_t)(nl - im->buf);
			}
			len = end - start;
			line++;
			if (skipping) {
				skipping = 0; /* tail of an over-long line */
			} else {
				tides_event *ev = &im->block[im->nblock];
				if (len && im->buf[start + len - 1] == '\r')
					len--;
				rc = store_parse_line(&ps, im->buf + start, len, ev, msg, sizeof msg);
				if (rc == STORE_ROW) {
					im->stats->rows++;
					file_rows++;
					since++;
					if (!o->dry_run) {
						if ((st = add_event(im, ev, &ps)) != TIDES_OK)
							goto fail;
					} else if (++im->nblock == BLOCK_EVENTS && (st = flush_block(im)) != TIDES_OK) {
						goto fail;
					}
				} else if (rc == STORE_BAD) {
					im->stats->rows++;
					im->stats->bad++;
					file_rows++;
					since++;
					if (o->strict) {
						st = tides_fail(im->ctx, TIDES_ERR_DATA, "%s:%lld: %s", display,
						                (long long)line, msg);
						goto fail;
					}
					tides_warn_at(im->ctx, display, (long)line, "%s", msg);
				}
			}
			start = nl ? end + 1 : have;
			if (since >= batch) {
				p.offset = pos + (int64_t)start;
				p.line = line;
				p.rows = (int64_t)file_rows;
				if ((st = checkpoint(im, key, fmt, &p)) != TIDES_OK)
					goto fail;
				since = 0;
			}
			if (!nl)
				break;
		}
		/* keep the partial line at the front */
		if (start < have) {
			if (start == 0 && have == im->bufsize) {
				/* one line fills the whole buffer: drop it, skip to its end
				 * (counted once however many buffers it spans) */
				if (!skipping) {
					im->stats->rows++;
					im->stats->bad++;
					file_rows++;
					if (o->strict) {
						st = tides_fail(im->ctx, TIDES_ERR_DATA, "%s:%lld: line longer than %u bytes",
						                display, (long long)line + 1, (unsigned)im->bufsize);
						goto fail;
					}
					tides_warn_at(im->ctx, display, (long)line + 1,
					              "line longer than %u bytes, skipped", (unsigned)im->bufsize);
				}
				skipping = 1;
				pos += (int64_t)have;
				have = 0;
				continue;
			}
			memmove(im->buf, im->buf + start, have - start);
		}
		pos += (int64_t)start;
		have -= start;
		if (sm->kind == SRC_GZ) {
			uint64_t done = (uint64_t)gzoffset(sm->gz);
			if (done - last_report >= (8u << 20) || eof) {
				report(im, display, done, (uint64_t)size, file_rows);
				last_report = done;
			}
		} else if ((uint64_t)pos - last_report >= (8u << 20) || eof) {
			report(im, display, (uint64_t)pos, (uint64_t)(entry_size >= 0 ? entry_size : size),
			       file_rows);
			last_report = (uint64_t)pos;
		}
	}
	p.offset = pos + (int64_t)have;
	p.line = line;
	p.rows = (int64_t)file_rows;
	p.done = 1;
	if ((st = checkpoint(im, key, fmt, &p)) != TIDES_OK || (st = drain(im)) != TIDES_OK)
		goto fail;
	im->stats->files++;
	return TIDES_OK;
fail:
	/* with --dry-run --strict the events before the bad row are emitted
	 * (--threads emits the same) */
	if (o->dry_run && o->strict && st == TIDES_ERR_DATA && im->nblock > 0)
		(void)flush_block(im);
	im->nblock = 0;
	if (im->sb)
		seg_builder_reset(im->sb);
	/* a batch already handed over is complete: let it land (strict mode
	 * keeps the batches before the bad row) */
	drain_job(im, 1);
	if (!o->dry_run)
		store_rollback(im->s);
	return st;
}

static void make_key(char *out, size_t cap, const char *path, const char *entry)
{
	char real[PATH_MAX];
	const char *p = realpath(path, real) ? real : path;
	if (entry)
		snprintf(out, cap, "%s#%s", p, entry);
	else
		snprintf(out, cap, "%s", p);
}

static tides_status import_zip(importer *im, const char *path, int64_t size, int64_t mtime_ns)
{
	zip_t *za;
	zip_int64_t n, i;
	int err = 0;
	tides_status st = TIDES_OK;
	char key[PATH_MAX + 512], display[PATH_MAX + 512];

	za = zip_open(path, ZIP_RDONLY, &err);
	if (!za) {
		zip_error_t ze;
		tides_status r;
		zip_error_init_with_code(&ze, err);
		r = tides_fail(im->ctx, err == ZIP_ER_MEMORY ? TIDES_ERR_NOMEM : TIDES_ERR_DATA,
		               "cannot open '%s': zip: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return r;
	}
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n && st == TIDES_OK; i++) {
		zip_stat_t zs;
		stream sm;
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		size_t nl = name ? strlen(name) : 0;
		if (!name || nl == 0 || name[nl - 1] == '/')
			continue;
		memset(&sm, 0, sizeof sm);
		sm.kind = SRC_ZIP;
		zip_stat_init(&zs);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0 ||
		    !(sm.zf = zip_fopen_index(za, (zip_uint64_t)i, 0))) {
			st = tides_fail(im->ctx, TIDES_ERR_DATA, "cannot read '%s#%s': zip: %s", path, name,
			                zip_strerror(za));
			break;
		}
		make_key(key, sizeof key, path, name);
		snprintf(display, sizeof display, "%s#%s", path, name);
		st = import_stream(im, &sm, display, key, size, mtime_ns,
		                   (zs.valid & ZIP_STAT_SIZE) ? (int64_t)zs.size : -1);
		zip_fclose(sm.zf);
	}
	zip_discard(za);
	return st;
}

static tides_status import_file(importer *im, const char *path)
{
	stream sm;
	struct stat sb;
	unsigned char magic[4] = {0};
	int64_t mtime_ns;
	ssize_t got;
	tides_status st;
	char key[PATH_MAX + 8];

	memset(&sm, 0, sizeof sm);
	sm.fd = open(path, O_RDONLY);
	if (sm.fd < 0)
		return tides_fail_errno(im->ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	if (fstat(sm.fd, &sb) != 0) {
		st = tides_fail_errno(im->ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
		close(sm.fd);
		return st;
	}
	if (S_ISDIR(sb.st_mode)) {
		close(sm.fd);
		return tides_fail(im->ctx, TIDES_ERR_IO, "cannot open '%s': Is a directory", path);
	}
	mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	got = pread(sm.fd, magic, sizeof magic, 0);
	if (got >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
		close(sm.fd);
		return import_zip(im, path, (int64_t)sb.st_size, mtime_ns);
	}
	make_key(key, sizeof key, path, NULL);
	if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		sm.kind = SRC_GZ;
		sm.gz = gzdopen(sm.fd, "rb");
		if (!sm.gz) {
			close(sm.fd);
			return tides_fail(im->ctx, TIDES_ERR_NOMEM, "cannot open '%s': out of memory", path);
		}
		gzbuffer(sm.gz, 1u << 18);
		st = import_stream(im, &sm, path, key, (int64_t)sb.st_size, mtime_ns, -1);
		gzclose(sm.gz);
		return st;
	}
	sm.kind = SRC_PLAIN;
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(sm.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	st = import_stream(im, &sm, path, key, (int64_t)sb.st_size, mtime_ns, -1);
	close(sm.fd);
	return st;
}

tides_status tides_store_import(tides_store *s, const char *path, const tides_import_opts *o,
                                tides_import_stats *stats)
{
	importer im;
	tides_import_opts defaults;
	tides_status st, st2;
	uint64_t removed = 0;
	int64_t max_seg = 0;
	double cpu0, wall0, wall_in = 0;

	if (!o) {
		tides_import_opts_init(&defaults);
		o = &defaults;
	}
	memset(&im, 0, sizeof im);
	im.s = s;
	im.ctx = store_ctx(s);
	im.o = o;
	im.stats = stats;
	if (store_in_batch(s))
		return tides_fail(im.ctx, TIDES_ERR_INTERNAL, "import inside an open batch");
	/* tests: lines across blocks */
	im.bufsize = (size_t)tides_ctx_tune(im.ctx, TIDES_TUNE_IMPORT_BUF, 64, (long)BUF_SIZE, (long)BUF_SIZE);
	im.buf = tides_malloc(im.bufsize);
	im.block = tides_malloc(BLOCK_EVENTS * sizeof *im.block);
	cpu0 = tides_pool_thread_cpu();
	wall0 = store_wall();
	/* NULL: one thread (also for a per-event emit callback, which is
	 * called in input order on this thread) */
	if (!o->dry_run || o->emit_write || !o->emit)
		im.sp = store_segpar_new(o->threads, im.bufsize);
	tides_buf_init(&im.blob);
	tides_buf_init(&im.obuf);
	im.sb = o->dry_run ? NULL : seg_builder_new();
	if (!o->dry_run && o->threads > 1)
		sqlite3_wal_autocheckpoint(tides_store_sqlite(s), STORE_CHECKPOINT_PAGES_THREADS);
	if (!o->dry_run && o->threads > 1 && (im.cctx = tides_ctx_new()) != NULL) {
		/* the batches are written on their own thread (im.pwriter for the
		 * batches built on the workers, im.committer for tides TSV/JSONL,
		 * whose columns this thread builds); without it (out of memory)
		 * they are written inline, the store ends up the same */
		im.pw_state[0] = &im;
		if (im.sp)
			im.pwriter = tides_pool_new(1, PAR_COMMIT_DEPTH, par_commit, im.pw_state);
		if ((im.spare = seg_builder_new()) != NULL)
			im.committer = tides_pool_new(1, 1, commit_work, NULL);
	}
	if (o->dry_run && o->emit_write && im.sp) {
		/* --emit: the lines are written on their own thread (without it,
		 * out of memory, on this one: the same bytes) */
		im.pw_state[0] = &im;
		im.pwriter = tides_pool_new(1, PAR_EMIT_DEPTH, par_emit_work, im.pw_state);
	}
	if (!im.buf || !im.block || (!o->dry_run && !im.sb)) {
		st = tides_fail(im.ctx, TIDES_ERR_NOMEM, "out of memory importing '%s'", path);
		goto done;
	}
	st = import_file(&im, path);
	wall_in = store_wall();
	if (!o->dry_run && !o->defer_settle) {
		/* settle the segments written, also after a failure half-way */
		if ((st2 = store_max_seg(s, &max_seg)) == TIDES_OK)
			st2 = store_seg_dedup(s, &removed);
		if (st2 != TIDES_OK && st == TIDES_OK)
			st = st2;
		stats->added -= removed;
		stats->dups += removed;
		/* many small segments of earlier imports (or coder runs) become
		 * full ones; this import's own are left as written */
		if (st == TIDES_OK && st2 == TIDES_OK)
			st = store_compact_auto(s, max_seg);
	}
done:
	if (im.sp && getenv("TIDES_THREAD_STATS")) {
		/* CPU seconds per thread, for the serial fraction (bench/import.sh) */
		int k;
		fprintf(stderr, "tides: thread cpu: setup %.3f main %.3f writer %.3f", cpu0,
		        tides_pool_thread_cpu() - cpu0, im.pw_cpu);
		for (k = 0; k < store_segpar_threads(im.sp); k++)
			fprintf(stderr, " worker %.3f", store_segpar_cpu(im.sp, k));
		fprintf(stderr, "\n");
		/* the wall time of reading, parsing and writing (the dedup pass
		 * after it is one thread's) */
		fprintf(stderr, "tides: thread wall: import %.3f", wall_in > 0 ? wall_in - wall0 : 0.0);
		for (k = 0; k < store_segpar_threads(im.sp); k++)
			fprintf(stderr, " idle %.3f", store_segpar_idle(im.sp, k));
		fprintf(stderr, "; made %ld blocks, %ld builders, %ld batches; parts %ld, helped %ld, runs appended %ld\n",
		        store_segpar_made(im.sp, 0), store_segpar_made(im.sp, 1), store_segpar_made(im.sp, 2),
		        store_segpar_made(im.sp, 3), store_segpar_made(im.sp, 4), store_segpar_made(im.sp, 5));
	}
	tides_pool_free(im.pwriter);
	store_segpar_free(im.sp);
	tides_pool_free(im.committer);
	/* back to one thread's checkpoints once no writer thread is left */
	if (!o->dry_run && o->threads > 1)
		sqlite3_wal_autocheckpoint(tides_store_sqlite(s), STORE_CHECKPOINT_PAGES);
	tides_ctx_free(im.cctx);
	seg_builder_free(im.spare);
	seg_builder_free(im.sb);
	tides_buf_release(&im.blob);
	tides_buf_release(&im.obuf);
	tides_free(im.buf);
	tides_free(im.block);
	return st;
}

tides_status tides_store_settle(tides_store *s, tides_import_stats *stats)
{
	uint64_t removed = 0;
	int64_t max_seg = 0;
	tides_status st = store_max_seg(s, &max_seg);
	if (st == TIDES_OK)
		st = store_seg_dedup(s, &removed);
	if (stats) {
		stats->added -= removed;
		stats->dups += removed;
	}
	/* the segments settled before (earlier imports), once many are small */
	if (st == TIDES_OK)
		st = store_compact_auto(s, max_seg);
	return st;
}

tides_status tides_store_merge(tides_store *s, const char *path, const tides_import_opts *o,
                               tides_import_stats *stats)
{
	unsigned char magic[16];
	tides_import_opts mo;
	FILE *f;
	size_t got;

	f = fopen(path, "rb");
	if (!f)
		return tides_fail_errno(store_ctx(s), TIDES_ERR_IO, errno, "cannot open '%s'", path);
	got = fread(magic, 1, sizeof magic, f);
	fclose(f);
	if (got == 16 && memcmp(magic, "SQLite format 3", 16) == 0) {
		uint64_t added = 0, seen = 0;
		tides_status st = store_merge_db(s, path, &added, &seen);
		if (st == TIDES_OK) {
			stats->files++;
			stats->rows += seen;
			stats->added += added;
			stats->dups += seen - added;
		}
		return st;
	}
	if (o)
		mo = *o;
	else
		tides_import_opts_init(&mo);
	mo.format = TIDES_IMPORT_TIDES;
	return tides_store_import(s, path, &mo, stats);
}
