/*
 * import-par.h — parallel parsing for `tides import --threads N`.
 *
 * import.c cuts lines and hands each to the writer in input order; with
 * threads it asks this module to parse the next run of complete lines of
 * its buffer ahead, split into chunks over a worker pool, and then takes
 * the results (row/skip/bad, the event, the message) line by line exactly
 * where it would have called store_parse_line.  Warnings, strict mode,
 * batches and progress checkpoints therefore happen at the same lines as
 * with one thread, and the store ends up identical.
 *
 * Only stateless formats are parsed ahead (GDELT, ICEWS, Phoenix); tides
 * TSV headers change the parser's column map mid-file, so that format
 * stays on the caller's thread.
 */
#ifndef TIDES_STORE_IMPORT_PAR_H
#define TIDES_STORE_IMPORT_PAR_H

#include "store/import.h"
#include "store/seg.h"
#include "store/store-db.h"
#include "util/buf.h"

typedef struct store_preparsed {
	int rc;           /* STORE_ROW, STORE_SKIP, STORE_BAD */
	tides_event ev;   /* when STORE_ROW */
	char msg[200];    /* when STORE_BAD */
} store_preparsed;

typedef struct store_prepar store_prepar;

/* NULL when nthreads < 2 or out of memory (the caller then parses alone). */
store_prepar *store_prepar_new(int nthreads);
void store_prepar_free(store_prepar *pp);
/* Can lines of this format be parsed ahead? */
int store_prepar_format_ok(tides_import_format f);
/* Parses up to a few thousand complete lines of buf[0..n), cut as import.c
 * cuts them (at '\n', a trailing '\r' dropped; the unterminated tail only
 * when `eof`), with copies of *ps.  Returns the number of lines parsed;
 * their results are store_prepar_get(pp, 0 .. count - 1).  -1 when out of
 * memory. */
long store_prepar_run(store_prepar *pp, const store_parser *ps, const char *buf, size_t n, int eof);
const store_preparsed *store_prepar_get(const store_prepar *pp, long i);
/* Waits for and forgets a run parsed ahead: call before the buffer passed
 * to store_prepar_run changes.  Accepts NULL. */
void store_prepar_drop(store_prepar *pp);

/* ---------------------------------------------------------------------
 * Whole batches on workers (`tides import --threads N` into a store).
 *
 * The reader (import.c) only cuts lines and tells skipped lines from rows
 * (store_line_skips), so it knows where every batch ends without parsing;
 * it copies the lines into jobs, parts of at most a few thousand lines of
 * one batch.  A worker parses a part and builds its columns; the caller
 * takes the parts back in input order, emits their warnings, and queues
 * each complete batch on the workers again (as a job with `fn` set) to
 * append the parts' columns (seg_builder_append: the same codes as one
 * builder) and encode the segment; a writer thread then only commits it
 * with its progress row.  Same batches, same
 * order, same bytes as one thread; small parts keep both workers busy to
 * the end of a file.
 */
enum { SEGJOB_BAD = 0, SEGJOB_LONG, SEGJOB_INVALID };
#define SEGJOB_LONG_LINE ((uint32_t)-1) /* a line too long to keep: no text */

typedef struct store_segbad {
	int64_t line;     /* 1-based line number */
	int kind;         /* SEGJOB_* */
	size_t msg;       /* offset of its message in the job's msgs */
} store_segbad;

struct seg_builder;

typedef struct store_segjob {
	/* the reader's part */
	store_parser ps;
	tides_buf text;   /* the lines back to back */
	size_t *off;
	uint32_t *len;    /* SEGJOB_LONG_LINE: an over-long line, counted bad */
	int64_t *line;
	long nl, cap;
	int last;         /* the batch's last part: p is its progress row */
	store_progress p;
	/* the worker's part */
	struct seg_builder *b;
	store_segbad *bad;
	long nbad, badcap;
	tides_buf msgs;
	int nomem;
	/* or, instead of a part, a function for a worker to run (import.c
	 * encodes each complete batch this way) */
	void (*fn)(void *arg);
	void *arg;
} store_segjob;

typedef struct store_segpar store_segpar;

/* NULL when nthreads < 2 or out of memory (the caller then imports alone). */
store_segpar *store_segpar_new(int nthreads);
/* Waits for the jobs still on the workers and frees everything.  Accepts NULL. */
void store_segpar_free(store_segpar *sp);
/* An empty job to fill (NULL when out of memory); put a job with `fn`
 * set (owned by the caller, never recycled) to run fn(arg) on a worker. */
store_segjob *store_segpar_job(store_segpar *sp);
/* Records one line at text offset `off` (its bytes are appended later with
 * store_segjob_text, a run of lines with one copy); len SEGJOB_LONG_LINE
 * marks an over-long line.  -1 when out of memory. */
int store_segjob_add(store_segjob *j, size_t off, uint32_t len, int64_t lineno);
int store_segjob_text(store_segjob *j, const char *p, size_t n);
/* A part taken back (parsed): its line buffer goes to the next parts to be
 * cut, so only the parts being cut or parsed hold lines (peak memory and
 * page faults: a batch of parts waits for its last one). */
void store_segpar_parsed(store_segpar *sp, store_segjob *j);
int store_segpar_full(const store_segpar *sp);
void store_segpar_put(store_segpar *sp, store_segjob *j);
/* The oldest job put, once it is done; NULL when none is pending. */
store_segjob *store_segpar_take(store_segpar *sp);
/* A job taken (or never put) goes back to the free list.  Accepts NULL. */
void store_segpar_recycle(store_segpar *sp, store_segjob *j);
/* Thread CPU seconds of worker k so far (TIDES_THREAD_STATS). */
int store_segpar_threads(const store_segpar *sp);
double store_segpar_cpu(const store_segpar *sp, int k);
double store_thread_cpu(void);

#endif
