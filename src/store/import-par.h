/*
 * import-par.h — `tides import --threads N`: whole batches on workers.
 */
#ifndef TIDES_STORE_IMPORT_PAR_H
#define TIDES_STORE_IMPORT_PAR_H

#include "store/import.h"
#include "store/seg.h"
#include "store/store-db.h"
#include "util/buf.h"

/* ---------------------------------------------------------------------
 * Whole batches on workers (`tides import --threads N`, into a store or
 * with --dry-run / --emit).
 *
 * The reader (import.c) read()s the input straight into blocks (4 MiB,
 * the longest line accepted) and only finds the line ends, telling
 * skipped lines from rows (store_line_skips) so it knows where every
 * batch ends without parsing; it hands the workers parts: byte ranges of
 * whole lines of one block and one batch (no copy) with the line ends it
 * found (a worker scanning them again cost 2% more instructions).  A
 * worker parses a part and adds its rows to a column builder; the parts
 * of one batch that one worker takes one after the other go into the same
 * builder, so a batch built by one worker is encoded as it is, and only
 * batches shared between workers (the first of a stream, the last ones,
 * or when the reader falls behind) append the builders of their runs of
 * parts (seg_builder_append: the same codes as one builder).  A worker
 * keeps to the batch it started (its owner) while the reader feeds it,
 * takes the oldest batch nobody owns next, and otherwise helps with the
 * newest part queued, so both stay busy to the end of a file.  The worker
 * that finishes a batch's last part encodes its segment; the reader takes
 * the batches back in input order, emits their warnings and hands them
 * to the writer thread, which commits each with its progress row.  Same
 * batches, same order, same bytes as one thread.  With --dry-run a part
 * builds nothing: its worker counts the rows and, with --emit, formats
 * each event as `tides export` writes it into the part's own buffer; the
 * reader hands the batches in input order to a writer thread, which
 * writes the buffers (import.c).
 */
enum { SEGJOB_BAD = 0, SEGJOB_LONG, SEGJOB_INVALID };
#define STORE_BLK_SIZE (4u << 20) /* import.c's BUF_SIZE: the longest line */

typedef struct store_segbad {
	int64_t line;     /* 1-based line number */
	int kind;         /* SEGJOB_* */
	size_t msg;       /* offset of its message in the part's msgs */
	/* the part's figures before this line (--strict stops here) */
	long nrows, nemit;
	size_t out;
} store_segbad;

struct seg_builder;
struct store_batch;

/* A block of input text; refs: the reader's and its parts' not parsed yet. */
typedef struct store_blk {
	char *s;
	size_t cap;
	int refs;
	struct store_blk *next_free;
} store_blk;

typedef struct store_part {
	/* the reader's */
	store_blk *blk;   /* NULL: no text (an over-long line, or an empty last part) */
	size_t beg, end;  /* whole lines blk->s[beg..end), the last one maybe without '\n' at the end */
	uint32_t *ends;   /* where each of them ends in blk->s (its '\n', or end): the */
	long nends, endcap; /* reader found them, the worker need not look again */
	int64_t line;     /* the number of the line before the first */
	int long_line;    /* line + 1 was longer than the block: counted bad */
	store_parser ps;
	int dry;          /* --dry-run: nothing built */
	int emit_flags;   /* with dry: TEXT_EVENT_* of --emit, -1 none */
	/* the workers' */
	long nrows;       /* rows (good or bad, header and blank lines not) */
	long nemit;       /* with dry: the events parsed */
	tides_buf out;    /* with emit: their lines */
	store_segbad *bad;
	long nbad, badcap;
	tides_buf msgs;
	int nomem;
	int state;        /* internal to import-par.c */
	long seq;         /* its index in its batch */
	struct seg_builder *b; /* the builder of its run (NULL: no text) */
	int small;        /* b was started helping with another's batch */
	struct store_batch *batch;
	struct store_part *next, *prev; /* in its batch, in input order */
} store_part;

typedef struct store_batch {
	store_progress p; /* its progress row */
	store_part *first, *last;
	/* filled by the worker that encodes it */
	tides_buf blob;
	seg_info info;
	int nomem;
	/* the writer's result; with --emit the errno of a failed write and
	 * the events of the parts written before it */
	tides_status st;
	int err;
	long nemit;
	/* internal to import-par.c */
	long nparts, nq, ndone, nappend;
	int closed, done, owner;
	struct store_batch *next;
} store_batch;

typedef struct store_segpar store_segpar;

/* Can lines of this format be cut without parsing (store_line_skips)?
 * GDELT, ICEWS, Phoenix; tides TSV headers change the parser mid-file. */
int store_segpar_format_ok(tides_import_format f);
/* NULL when nthreads < 2 or out of memory (the caller then imports alone);
 * blocks of blk_size bytes (the longest line). */
store_segpar *store_segpar_new(int nthreads, size_t blk_size);
/* Stops the workers (drop the batches first) and frees everything.  Accepts NULL. */
void store_segpar_free(store_segpar *sp);
/* A block to read into, with the reader's reference, once fewer than
 * max_live blocks hold text not parsed yet; NULL without waiting when the
 * oldest batch is done meanwhile (take it and ask again), or out of
 * memory (*nomem set). */
store_blk *store_segpar_block(store_segpar *sp, int max_live, int *nomem);
/* Drops the reader's reference.  Accepts NULL. */
void store_segpar_unref(store_segpar *sp, store_blk *b);
/* An empty part to fill (NULL when out of memory), and one given back unqueued. */
store_part *store_segpar_part(store_segpar *sp);
void store_segpar_part_put(store_segpar *sp, store_part *pt);
/* Records a line of the part ending at blk->s[end]; -1 out of memory. */
int store_part_line(store_part *pt, size_t end);
/* Queues a part of the open batch (a new one when none is open); with
 * `p` it is the batch's last and p its progress row. */
int store_segpar_put(store_segpar *sp, store_part *pt, const store_progress *p); /* -1 out of memory */
/* Batches closed and not taken back yet. */
int store_segpar_pending(const store_segpar *sp);
/* The oldest closed batch once it is encoded (wait = 1) or if it is
 * (wait = 0); NULL when there is none. */
store_batch *store_segpar_take(store_segpar *sp, int wait);
/* A batch taken back and done with (written), its parts included. */
void store_segpar_recycle(store_segpar *sp, store_batch *b);
/* After a failure: drops every batch not taken back (the parts queued are
 * not parsed; waits for those being parsed), the open one included. */
void store_segpar_discard(store_segpar *sp);
/* Thread CPU seconds of worker k so far (TIDES_THREAD_STATS). */
int store_segpar_threads(const store_segpar *sp);
double store_segpar_cpu(store_segpar *sp, int k);
/* Wall seconds worker k waited for a part (the end of the last stream included). */
double store_segpar_idle(store_segpar *sp, int k);
/* How many blocks (0), builders (1), batches (2) were allocated (memory);
 * parts parsed (3), of them helped with (4), runs appended (5). */
long store_segpar_made(store_segpar *sp, int what);
double store_wall(void); /* CLOCK_MONOTONIC seconds */

#endif
