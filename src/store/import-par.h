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

#endif
