/*
 * import-common.h — the importer fuzz targets (fuzz-import-*.c): the input
 * is one file given to tides_store_import with a forced format (or auto),
 * so the stream layer (plain, gzip and zip told apart by their first
 * bytes), the line cutter and the row parser of formats.c all see it.  Rows
 * go into a fresh in-memory store; a few size bits switch strict mode,
 * one-a-day deduplication, small batches and two parsing threads on, so
 * the commit/rollback and block paths run too; then the same file goes
 * through `import --emit` (dry run, emit_write, TSV or JSON lines, one or
 * two threads), whose runs must be whole lines.
 *
 * Invariants: the import succeeds, or fails with a one-line message
 * (strict mode, a broken archive); stats add up (added + dups <= rows);
 * every stored event reads back with a 16-hex-digit id and an ISO date.
 */
#ifndef TIDES_FUZZ_IMPORT_COMMON_H
#define TIDES_FUZZ_IMPORT_COMMON_H

#include "fuzz.h"

#include <ctype.h>

#include "util/date.h"

static int fi_scan(void *userdata, const tides_event *ev)
{
	size_t i;
	(void)userdata;
	if (strlen(ev->event_id) != 16)
		abort();
	for (i = 0; i < 16; i++)
		if (!isxdigit((unsigned char)ev->event_id[i]))
			abort();
	if (ev->date[0] && tides_date_parse_iso(ev->date, strlen(ev->date)) == TIDES_DATE_NONE)
		abort();
	return 0;
}

/* emit_write: every run is whole lines (at least one, each ending in \n). */
static int fi_emit(void *userdata, const char *s, size_t n)
{
	size_t *total = userdata;
	if (n == 0 || s[n - 1] != '\n')
		abort();
	*total += n;
	return 0;
}

static int fi_run(const uint8_t *data, size_t size, tides_import_format fmt)
{
	tides_ctx *ctx = fuzz_ctx();
	tides_store *s = NULL;
	tides_import_opts o;
	tides_import_stats stats;
	const char *path = fuzz_memfd(0, data, size);
	tides_status st;

	if (tides_store_open(ctx, ":memory:", TIDES_STORE_CREATE, &s) != TIDES_OK)
		abort();
	tides_import_opts_init(&o);
	o.format = fmt;
	o.strict = (size % 3) == 1;
	o.dedup_one_a_day = (size % 5) == 2;
	o.batch_rows = (size & 1) ? 2 : 0;
	o.threads = (size & 8) ? 2 : 1; /* the block path of --threads */
	memset(&stats, 0, sizeof stats);
	st = tides_store_import(s, path, &o, &stats);
	if (st != TIDES_OK)
		fuzz_check_msg(tides_errmsg(ctx));
	if (stats.added + stats.dups > stats.rows)
		abort();
	if (tides_store_scan(s, NULL, fi_scan, NULL) != TIDES_OK)
		abort();
	{
		size_t total = 0;
		tides_import_opts e = o;
		tides_import_stats es;
		e.dry_run = 1;
		e.emit_write = fi_emit;
		e.emit_data = &total;
		e.emit_jsonl = (size & 16) != 0;
		memset(&es, 0, sizeof es);
		st = tides_store_import(s, path, &e, &es);
		if (st != TIDES_OK)
			fuzz_check_msg(tides_errmsg(ctx));
		if (total > 0 && es.rows == 0)
			abort();
	}
	tides_store_close(s);
	tides_ctx_free(ctx);
	return 0;
}

#endif
