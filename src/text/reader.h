/*
 * reader.h — the inside of the text readers, shared by reader.c (the
 * story being built, line/JSONL/TABARI records, detection, open/next),
 * reader-prose.c (sentence splitting and prose paragraphs), reader-xml.c
 * (PETRARCH XML) and reader-chunk.c (cutting an input into chunks of whole
 * stories for `tides code --threads`).  Nothing here is public.
 */
#ifndef TIDES_TEXT_READER_H
#define TIDES_TEXT_READER_H

#include "text/text.h"

#define STORY_MAX_BYTES (1024 * 1024)
#define STORY_MAX_SENT 4096
#define PARA_SOFT_MAX (64 * 1024)   /* prose: flush whole sentences beyond this */
#define XML_TAG_MAX (8 * 1024)
#define HDR_SLOTS 4096              /* page-header table (prose) */
#define HDR_MIN_REPEAT 3

typedef struct hdr_slot { uint64_t h; unsigned count; } hdr_slot;

struct tides_reader {
	tides_ctx *ctx;
	FILE *f;
	int own_f;
	char *name;            /* for messages */
	char *base_id;         /* --id or the file's base name */
	tides_input_format fmt;
	char default_date[11];
	int32_t default_day;
	char *default_lang;
	int story_dates_only;
	text_linein li;
	int eof;
	unsigned long bad;     /* lines skipped as malformed */

	/* the story being built */
	tides_buf doc_id, date, lang, text;
	size_t nsent, cap;
	size_t *off;
	long *line;
	char (*sdate)[11];
	int *sprec;
	tides_sentence *sent;
	tides_story story;
	int next_sentence;     /* numbering continues across pieces of one doc */
	char last_doc[TIDES_ID_MAX];

	/* a line or record read ahead */
	int have_pend;
	tides_buf pend, pend_id, pend_date;
	long pend_line;

	/* prose */
	tides_buf para;
	long para_line;
	int blank_seen;
	hdr_slot *hdr;         /* NULL when the input could not be pre-scanned */
	int hdr_borrowed;      /* a chunk reader uses its parent's table */
	int hdr_deferred;      /* the table is still to be built (reader-chunk.c) */
	size_t hdr_used;       /* slots taken */

	/* tabari */
	int in_comment;

	/* petrxml */
	int xstate;
	tides_buf xtag, xtext, xid, xdate;
	long xline;
	int in_sentence;
	int xtrunc;            /* this <Text> was cut (and warned about) */
	int xmore;             /* li.line has unread bytes from xpos on */
	size_t xpos;

	/* the chunker (reader-chunk.c): bytes read past the last cut */
	tides_buf ck_carry;
	long ck_line;          /* line number of the first line in ck_carry */
	int ck_skip;           /* dropping the tail of an over-long line */
	char *ck_blk;          /* read block */
	int ck_any;            /* cut at any line start (the header scan) */
};

/* ---------------------------------------------------------- reader.c */
/* An empty reader (buffers initialised); NULL when out of memory. */
tides_reader *reader_new(tides_ctx *ctx);
/* tides_reader_open; with defer_scan, prose skips the running-header scan
 * (reader_scan_* then build the table from chunks). */
tides_status reader_open(tides_ctx *ctx, const char *path, const tides_reader_opts *opts,
                         int defer_scan, tides_reader **out);
int reader_is_space(unsigned char c);
void reader_trim(const char **s, size_t *n);
tides_status reader_nomem(tides_reader *r);
/* A date of any accepted form; "" and bad dates give the default (bad
 * ones with a warning at `line`). */
int32_t reader_parse_date(tides_reader *r, const char *s, size_t n, long line);
void reader_date_text(int32_t d, char out[11]);
int reader_story_set(tides_reader *r, const char *id, size_t idn, int32_t day);
int reader_story_full(const tides_reader *r);
int reader_story_add(tides_reader *r, const char *s, size_t n, long line);
/* Starts a story with the record reader_set_pend kept (the one that ended
 * the previous story) and clears it; -1 out of memory. */
int reader_take_pend(tides_reader *r);
int reader_set_pend(tides_reader *r, const char *s, size_t n, const char *id, size_t idn,
                    const char *date, long line);
/* Next line into li.line: 1, 0 at the end, -1 on error (status set). */
int reader_next_line(tides_reader *r, tides_status *st);
/* DATE<TAB>ID<TAB>TEXT?  Splits it; returns 0 for a plain line. */
int reader_tabbed(const char *s, size_t n, size_t *t1, size_t *t2);
/* "950101 DEMO-01" or "950101*INTRO": returns 1 with the id span. */
int reader_tabari_header(const char *s, size_t n, size_t *ida, size_t *idb);

/* ---------------------------------------------------- reader-prose.c */
/* Splits one paragraph into sentences (English rules, or zh_split for
 * Chinese); returns the callback's non-zero value or 0. */
int reader_split_para(tides_reader *r, const char *s, size_t n, long line, text_sent_fn fn,
                      void *ud);
/* Adds a text with '\n' line breaks (blank lines end paragraphs) as
 * sentences of the story; -1 out of memory. */
int reader_add_prose(tides_reader *r, char *s, size_t n, long line);
/* Sentences in one paragraph as reader_split_para would cut it (up to
 * `stop`, 0: all), without warnings: for format detection. */
unsigned reader_count_sentences(const tides_reader *r, const char *s, size_t n, unsigned stop);
int reader_ends_sentence(const char *s, size_t n);
int reader_starts_lower(const char *s, size_t n);
tides_status reader_prescan_headers(tides_reader *r);
/* The same scan in pieces: begin (rewind or spool, empty table), keys of
 * the lines of one chunk (any thread; *keys grows, *cap its capacity),
 * add them in input order, end (rewind for the real pass). */
tides_status reader_scan_begin(tides_reader *r);
int reader_scan_keys(const tides_reader *r, const char *data, size_t len, long first_line,
                     uint64_t **keys, size_t *n, size_t *cap);
void reader_scan_add(tides_reader *r, const uint64_t *keys, size_t n);
tides_status reader_scan_end(tides_reader *r);
tides_status reader_next_prose(tides_reader *r, int *got);
/* Does a trimmed prose line surely open a new paragraph when a blank line
 * precedes it (not a page number or running header, not lowercase)? */
int reader_prose_opens_para(const tides_reader *r, char *s, size_t n);

/* ------------------------------------------------------ reader-xml.c */
tides_status reader_next_petrxml(tides_reader *r, int *got);

#endif
