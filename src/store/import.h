/*
 * import.h — row parsers of the importers (formats.c), used by import.c.
 *
 * A parser turns one line (without its newline) into one tides_event, with
 * no allocation: fields are located by a hand-written tab splitter and
 * copied into the event's fixed buffers.  Parsing is pure (it reads only
 * the line and the parser's own state), so a later `--threads N` can parse
 * blocks of lines in parallel and hand the events to the one writer.
 */
#ifndef TIDES_STORE_IMPORT_H
#define TIDES_STORE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "tides.h"

#define STORE_MAX_FIELDS 64

typedef struct store_parser {
	tides_import_format format;
	int one_a_day;
	int jsonl;          /* TIDES format: JSON lines rather than TSV */
	int have_header;    /* TIDES TSV: a header line mapped the columns */
	int col[19];        /* TIDES TSV: column of each tides field, -1 absent */
	uint32_t ckey[256]; /* cache of CAMEO country code -> ISO-3 (0 = empty) */
	char cval[256][4];
	uint64_t date8;     /* the last valid YYYYMMDD read (0 = none) and its day */
	int32_t date8_day;
	/* after STORE_ROW, when `known`: the event id's value and the date's
	 * day number (seg_builder_add_known skips reading them back) */
	int known;
	uint64_t id;
	int32_t day;
} store_parser;

/* Results of store_parse_line. */
enum { STORE_ROW = 1, STORE_SKIP = 0, STORE_BAD = -1 };

void store_parser_init(store_parser *ps, tides_import_format f);
/* Detects the format from the first line; TIDES_IMPORT_AUTO if unknown. */
tides_import_format store_detect_format(const char *line, size_t len);
/* STORE_ROW: *ev is filled (event_id included).  STORE_SKIP: a header or
 * blank line.  STORE_BAD: malformed; msg holds the reason. */
int store_parse_line(store_parser *ps, const char *line, size_t len, tides_event *ev, char *msg,
                     size_t msgcap);
/* For the stateless formats (GDELT, ICEWS, Phoenix): 1 exactly when
 * store_parse_line would return STORE_SKIP, without parsing the line (the
 * --threads reader cuts batches with it). */
int store_line_skips(const store_parser *ps, const char *line, size_t len);
/* Number of tab-separated fields in line[0..len). */
size_t store_count_fields(const char *line, size_t len);

#endif
