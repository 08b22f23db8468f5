/*
 * text.h — the inside of the text module (readers, splitter, date
 * expressions, JSON), shared by src/text/ (all .c files) and by the Chinese helper's
 * src/text/zh-prefixed files.  Nothing here is public; the public face is the "text"
 * section of tides.h.
 */
#ifndef TIDES_TEXT_TEXT_H
#define TIDES_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tides.h"
#include "util/buf.h"

/* ------------------------------------------------------------ line input
 * A bounded line reader over a FILE: lines longer than `max` bytes are cut
 * at a UTF-8 boundary (the rest of the line is dropped, with a warning);
 * a BOM at the start is dropped, CRLF becomes LF, invalid UTF-8 and NUL
 * bytes are scrubbed with a warning.  Memory is O(max), whatever the file. */
#define TEXT_LINE_MAX (64 * 1024)
#define TEXT_JSONL_LINE_MAX (1024 * 1024)

typedef struct text_linein {
	FILE *f;
	const char *name;   /* for messages */
	tides_ctx *ctx;
	size_t max;
	char *blk;          /* read block */
	size_t bpos, blen;
	int eof, err;
	int at_start;       /* nothing read yet: a BOM may follow */
	long lineno;        /* number of the line last returned */
	tides_buf line;     /* the line last returned, without '\n' */
	unsigned long repaired; /* lines truncated or scrubbed */
} text_linein;

int text_linein_init(text_linein *li, tides_ctx *ctx, FILE *f, const char *name, size_t max);
void text_linein_release(text_linein *li);
/* 1: a line is in li->line; 0: end of input; -1: read error (errno kept)
 * or out of memory (errno = ENOMEM). */
int text_linein_next(text_linein *li);
/* Bytes available at the start of the input without consuming them (for
 * format detection); valid until the next text_linein_next(). */
size_t text_linein_peek(text_linein *li, const char **p);

/* ------------------------------------------------------------ sentences */

/* Called for each sentence (trimmed, non-empty); return non-zero to stop. */
typedef int (*text_sent_fn)(void *ud, const char *s, size_t n);

/* Splits one paragraph of running text (line breaks already joined) into
 * sentences: . ! ? end a sentence before whitespace and a capital, digit or
 * opening quote, except after abbreviations, initials and inside decimals;
 * closing quotes and brackets stay with their sentence; 。！？ end a
 * sentence anywhere.  Footnote markers ([3], superscript digits, "word.3 ")
 * are removed.  Returns the callback's non-zero value, or 0. */
int text_split_sentences(const char *p, size_t n, text_sent_fn fn, void *ud);

/* Removes footnote markers from s[0..n) in place; returns the new length. */
size_t text_strip_footnotes(char *s, size_t n);

/* "zh" if Han characters (weighted x2) outnumber Latin letters, else "en". */
const char *text_detect_lang(const char *s, size_t n);

/* -------------------------------------------------------- date expressions */

enum {
	TEXT_DATE_NONE = 0,  /* TIDES_DATE_STORY in tides.h */
	TEXT_DATE_YEAR = 1,
	TEXT_DATE_MONTH = 2,
	TEXT_DATE_DAY = 3
};

/* Finds the date a sentence states ("In April 1993", "On 16 March 2014",
 * "on March 16", "2014年3月16日").  `story_day` (a day number or
 * TIDES_DATE_NONE) supplies the year when the sentence gives none.  Returns
 * the precision (TEXT_DATE_*) and stores the day number (day 1 of the month
 * or year for coarser precision) in *day; TEXT_DATE_NONE when none. */
int text_date_expr(const char *s, size_t n, int32_t story_day, int32_t *day);

/* ------------------------------------------------------------------ JSON
 * A strict, bounded parser for one flat JSON object per line: the values of
 * the wanted string keys are copied out (escapes decoded, \uXXXX surrogate
 * pairs joined); other values of any type are validated and skipped.
 * Nesting is limited to TEXT_JSON_DEPTH. */
#define TEXT_JSON_DEPTH 32

typedef struct text_json_field {
	const char *key;   /* in: the key wanted */
	tides_buf *val;    /* out: its string value (numbers are kept as text) */
	int found;         /* out */
} text_json_field;

/* 0 ok; -1 bad JSON (message in err); -2 out of memory. */
int text_json_object(const char *s, size_t n, text_json_field *fields, size_t nfields,
                     char *err, size_t errcap);

/* ---------------------------------------------------------------- writer
 * One event line (TSV or JSON Lines, with its newline) formatted into
 * memory: tides_event_write_tsv/jsonl write it with one fwrite, and the
 * workers of `code --threads` append it to their chunk's buffer without
 * stdio.  TEXT_EVENT_LINE_MAX bounds a line: every field of a
 * tides_event escaped at the worst (6 bytes a byte in JSON) plus names
 * and numbers (a %.1f double has at most ~310 digits). */
#define TEXT_EVENT_LINE_MAX (6 * sizeof(tides_event) + 1024)

/* flags: TSV or JSONL (so a 0/1 "jsonl" flag passes as it is), and
 * PROVENANCE for the store's columns origin, orig_id, source_country,
 * target_country after the coder's 15 (`tides export`, `import --emit`). */
enum { TEXT_EVENT_TSV = 0, TEXT_EVENT_JSONL = 1, TEXT_EVENT_PROVENANCE = 2 };

/* Writes the line into dst (room for TEXT_EVENT_LINE_MAX); its length. */
size_t text_event_line(char *dst, const tides_event *ev, int flags);
/* Appends the line to b; -1 when out of memory (b unchanged). */
int text_event_append(tides_buf *b, const tides_event *ev, int flags);
/* The TSV header line for those flags. */
void text_event_tsv_header(FILE *out, int flags);

#endif
