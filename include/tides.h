/*
 * tides.h — the one public interface of libtides.
 *
 * tides turns news text and existing event data into CAMEO events, stores
 * them, builds relations indexes per country pair and dates their cycles.
 * The `tides` command is one client of this header; nothing else is public.
 *
 * Conventions (every module follows them):
 *  - Handles are opaque.  `x_new()/x_open()` create, `x_free()` destroys and
 *    accepts NULL.  Structs the caller owns use `x_init()/x_release()`.
 *  - Every fallible call returns a tides_status.  On failure the message is
 *    kept in the tides_ctx passed in (tides_errmsg()) and has the form
 *    "cannot open 'x.db': No such file or directory" or, for bad data,
 *    "FILE:LINE: message".  The library never exits or aborts.
 *  - Non-fatal problems in input data (a skipped row, a malformed dictionary
 *    line) are reported through the context's warning callback and counted;
 *    the rest of the input is still processed.
 *  - Strings are UTF-8.  Strings returned by the library are owned by the
 *    object they came from unless the comment says otherwise.
 */
#ifndef TIDES_H
#define TIDES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TIDES_VERSION "0.1.0"

/* ---------------------------------------------------------------- status */

typedef enum tides_status {
	TIDES_OK = 0,
	TIDES_ERR_NOMEM,    /* an allocation failed */
	TIDES_ERR_IO,       /* open/read/write failed; message has strerror */
	TIDES_ERR_DATA,     /* malformed input that is fatal here (strict mode, bad dictionary) */
	TIDES_ERR_USAGE,    /* bad argument or option */
	TIDES_ERR_STORE,    /* the event store (SQLite) refused */
	TIDES_ERR_NOTFOUND, /* a named thing does not exist */
	TIDES_ERR_INTERNAL  /* a broken invariant: a bug in tides */
} tides_status;

const char *tides_status_name(tides_status st);

/* --------------------------------------------------------------- context */

/* A context carries the last error message, the warning sink and the
 * counters of skipped input.  One per thread of work; never shared between
 * threads without external locking. */
typedef struct tides_ctx tides_ctx;

/* Called for every non-fatal problem; `msg` is "FILE:LINE: text" or plain
 * text, without the "tides: " prefix and without a newline. */
typedef void (*tides_warn_fn)(void *userdata, const char *msg);

tides_ctx *tides_ctx_new(void);            /* NULL only when out of memory */
void tides_ctx_free(tides_ctx *ctx);       /* accepts NULL */
const char *tides_errmsg(const tides_ctx *ctx); /* "" when no error */
void tides_ctx_clear_error(tides_ctx *ctx);
void tides_ctx_set_warn(tides_ctx *ctx, tides_warn_fn fn, void *userdata);
/* Number of warnings issued through this context since it was made. */
uint64_t tides_ctx_warnings(const tides_ctx *ctx);

/* ------------------------------------------------- tuning (tests, benchmarks)
 *
 * Sizes that production leaves at their defaults and that tests and
 * benchmarks shrink, to reach block, batch and bucket edges with a small
 * input.  They live in the context (the library reads no environment);
 * the `tides` command sets them from the environment variables of the same
 * name (TIDES_BULK_BATCH, ...).  A value of 0 restores the default; a value
 * outside the knob's range is kept but ignored (the default applies).  A
 * context made for another thread of the same work (a writer, a worker)
 * needs tides_ctx_copy_tune() to see them. */
typedef enum tides_tune {
	TIDES_TUNE_BULK_BATCH,   /* events per segment of a bulk writer made with batch 0
	                          * (tides code --db): 1..1048576, default 65536 */
	TIDES_TUNE_IMPORT_BUF,   /* bytes of an import's read block, also its longest line:
	                          * 64..4194304, default 4194304 */
	TIDES_TUNE_DEDUP_BUCKET, /* event ids per bucket of the store's dedup pass:
	                          * 1..1048576, default 8192 */
	TIDES_TUNE_COUNT
} tides_tune;

/* TIDES_ERR_USAGE for an unknown knob or a negative value. */
tides_status tides_ctx_set_tune(tides_ctx *ctx, tides_tune knob, long value);
/* The value set, 0 when none. */
long tides_ctx_get_tune(const tides_ctx *ctx, tides_tune knob);
/* Every knob of `src` into `dst`. */
void tides_ctx_copy_tune(tides_ctx *dst, const tides_ctx *src);

/* ------------------------------------------------------------ the event */

/* One coded or imported event.  The same fields everywhere in tides: the
 * coder's output, the store's rows, the importers' records.  Fixed-size
 * fields keep the hot path free of allocation; longer input is truncated at
 * a UTF-8 boundary. */
#define TIDES_ACTOR_MAX 32
#define TIDES_TEXT_MAX 160
#define TIDES_ID_MAX 96

typedef struct tides_event {
	char event_id[17];               /* 16 hex digits, stable hash */
	char date[11];                   /* YYYY-MM-DD */
	char source[TIDES_ACTOR_MAX];    /* CAMEO actor code, e.g. USAGOV */
	char target[TIDES_ACTOR_MAX];
	char code[8];                    /* CAMEO event code with leading zeros: 036 */
	char root[3];                    /* first two digits of code */
	int quad;                        /* 1..4, 0 when unknown */
	double goldstein;                /* -10..10; NAN when unknown */
	char issues[TIDES_TEXT_MAX];     /* ISSUE,ISSUE... possibly empty */
	char doc_id[TIDES_ID_MAX];
	int sentence;                    /* 1-based sentence number in the story */
	char lang[4];                    /* en, zh */
	char source_text[TIDES_TEXT_MAX];/* matched words */
	char verb_text[TIDES_TEXT_MAX];
	char target_text[TIDES_TEXT_MAX];
	/* store-only provenance */
	char origin[8];                  /* coder, gdelt1, gdelt2, icews, phoenix */
	char orig_id[TIDES_ID_MAX];      /* the original row id, if any */
	char source_country[4];          /* ISO-3 of the source actor, "" unknown */
	char target_country[4];
} tides_event;

void tides_event_init(tides_event *ev); /* zero, goldstein = NAN */

/* ------------------------------------------------------------ CAMEO table */

typedef enum tides_quad_convention {
	TIDES_QUAD_GDELT = 0, /* roots 09 -> 2, 14 -> 3 */
	TIDES_QUAD_ICEWS = 1  /* roots 09 -> 3, 14 -> 4 */
} tides_quad_convention;

typedef struct tides_cameo_code {
	const char *code;     /* "036" */
	const char *name;     /* "Express intent to meet or negotiate" */
	double goldstein;
} tides_cameo_code;

/* Looks a code up in the codebook compiled into tides; NULL if unknown. */
const tides_cameo_code *tides_cameo_find(const char *code);
/* Quad class 1..4 of a code under a convention, 0 for an unknown root. */
int tides_cameo_quad(const char *code, tides_quad_convention conv);
/* Fills root, quad and goldstein of `ev` from ev->code. Returns 0 if unknown. */
int tides_cameo_fill(tides_event *ev, tides_quad_convention conv);

/* Module sections below are owned by their modules (text, coder, store,
 * series, cycles, report); each keeps its own declarations together. */

/* ================================================================ text
 * Input readers: a file (or "-" for stdin) becomes a sequence of stories,
 * each a list of sentences sharing the story's id and date.  Owned by
 * src/text/.  Bad input (invalid UTF-8, NUL, huge lines, bad dates) is
 * warned about with file:line and skipped or repaired; only I/O errors are
 * fatal. */

typedef enum tides_input_format {
	TIDES_IN_AUTO = 0, /* detect from content */
	TIDES_IN_TEXT,     /* running prose; paragraphs split into sentences */
	TIDES_IN_LINES,    /* one sentence per line, or DATE<TAB>ID<TAB>TEXT */
	TIDES_IN_JSONL,    /* {"id":..,"date":..,"text":..,"lang":..} per line */
	TIDES_IN_TABARI,   /* TABARI .text records */
	TIDES_IN_PETRXML   /* PETRARCH <Sentence date= id=><Text> XML */
} tides_input_format;

typedef struct tides_sentence {
	const char *doc_id;   /* story id; never NULL */
	const char *date;     /* YYYY-MM-DD; never NULL ("" if unknown) */
	int sentence;         /* 1-based number within the story */
	const char *lang;     /* "en", "zh" */
	const char *text;     /* valid UTF-8, NUL-free */
	size_t len;
	const char *file;     /* where it came from, for messages */
	long line;
	int date_precision;   /* TIDES_DATE_*: where `date` came from */
} tides_sentence;

/* A sentence that states its own date ("In April 1993, ...", "On 16 March
 * 2014") carries that date instead of the story's; month and year
 * precision use day 1 of the month or year. */
enum {
	TIDES_DATE_STORY = 0, /* the story's date */
	TIDES_DATE_YEAR = 1,  /* stated in the sentence, to the year */
	TIDES_DATE_MONTH = 2, /* ... to the month */
	TIDES_DATE_DAY = 3    /* ... to the day */
};

typedef struct tides_story {
	const char *doc_id;
	const char *date;
	const char *lang;
	size_t nsent;
	const tides_sentence *sent;
} tides_story;

typedef struct tides_reader tides_reader;

typedef struct tides_reader_opts {
	tides_input_format format;
	const char *default_date; /* YYYY-MM-DD for inputs without dates, or NULL */
	const char *default_lang; /* NULL: detect by script */
	const char *doc_id;       /* story id for text/lines input; NULL: the file name */
	int story_dates_only;     /* 1: ignore dates stated inside sentences */
} tides_reader_opts;

tides_status tides_reader_open(tides_ctx *ctx, const char *path, const tides_reader_opts *opts,
                               tides_reader **out);
/* Next story, valid until the next call; *out = NULL at the end.  Long
 * texts come as several stories with the same doc_id (one per paragraph
 * for prose), sentence numbers continuing, so memory stays bounded. */
tides_status tides_reader_next(tides_reader *r, const tides_story **out);
void tides_reader_free(tides_reader *r); /* accepts NULL */
/* The format in use (after detection) and counters so far. */
tides_input_format tides_reader_format(const tides_reader *r);
/* Lines truncated, scrubbed or skipped because they were malformed. */
unsigned long tides_reader_bad_lines(const tides_reader *r);
/* "text", "lines", ...; tides_input_format_parse returns -1 if unknown. */
const char *tides_input_format_name(tides_input_format f);
int tides_input_format_parse(const char *name);

/* Output of events: the same columns everywhere (see README). */
void tides_event_tsv_header(FILE *out);
void tides_event_write_tsv(FILE *out, const tides_event *ev);
void tides_event_write_jsonl(FILE *out, const tides_event *ev);
/* Sets ev->event_id from the fields that identify an event (date, doc_id,
 * sentence, source, target, code, origin, orig_id). */
void tides_event_make_id(tides_event *ev);

/* =============================================================== coder
 * Dictionaries are loaded once and are immutable afterwards, so one
 * tides_dicts may be shared by many coders (threads).  A tides_coder holds
 * the per-thread state and the options.  Owned by src/coder/. */

typedef struct tides_dicts tides_dicts;

typedef struct tides_dict_paths {
	const char *dir;      /* folder the names below are relative to; NULL = cwd */
	const char *verbs;    /* comma-separated lists of files */
	const char *actors;
	const char *agents;
	const char *discards;
	const char *issues;
	const char *options;  /* TABARI .options file */
	const char *lang;     /* "en" or "zh": which bundled defaults fill the gaps */
	int no_defaults;      /* 1: use only the named files */
} tides_dict_paths;

tides_status tides_dicts_load(tides_ctx *ctx, const tides_dict_paths *paths, tides_dicts **out);
void tides_dicts_free(tides_dicts *d); /* accepts NULL */

typedef struct tides_coder tides_coder;

tides_status tides_coder_new(tides_ctx *ctx, const tides_dicts *d, tides_coder **out);
void tides_coder_free(tides_coder *c); /* accepts NULL */
/* Options by name: PETRARCH's (new_actor_length, require_dyad, comma_min,
 * comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax) and tides' own
 * (quad=gdelt|icews).  Unknown names are TIDES_ERR_USAGE. */
tides_status tides_coder_set_option(tides_coder *c, const char *name, const char *value);
/* Codes one story.  The events stay valid until the next call; they carry
 * every field of tides_event (event_id, date, root, quad, goldstein...).
 * Dates are YYYY-MM-DD; TABARI's YYMMDD (YY <= 30 is 20YY) and YYYYMMDD
 * are accepted too.  Sentences of one story share pronoun forwarding. */
tides_status tides_coder_code_story(tides_coder *c, const tides_story *st,
                                    const tides_event **events, size_t *nevents);
/* How the last story went: TIDES_CODED (events), TIDES_CODED_NONE (no
 * event found), TIDES_CODED_COMPLEX (TABARI's complexity tests refused the
 * sentence), TIDES_CODED_DISCARD (a discard phrase: the story produces no
 * events), TIDES_CODED_SHORT (too few words). */
enum {
	TIDES_CODED = 0, TIDES_CODED_NONE, TIDES_CODED_COMPLEX, TIDES_CODED_DISCARD,
	TIDES_CODED_SHORT
};
int tides_coder_story_status(const tides_coder *c);
/* The same for sentence i (0-based) of the last story (first 64 only). */
int tides_coder_sentence_status(const tides_coder *c, size_t i);
/* tides_coder_set_option() also takes name "tabari" with a TABARI .options
 * command as value ("SET: CODE ALL", "COMPLEX: VERBS[5] CONJ[4]",
 * "DEFAULT: SOURCE [X] TARGET [Y]", "COMMA: OFF", "FORWARD: ^^"...),
 * "min_words", and PETRARCH's option names. */

/* =============================================================== store
 * The event store: one SQLite file in WAL mode (schema 2, README "The
 * event store").  Owned by src/store/.  Imports write columnar segments
 * (one BLOB per batch, in the batch's transaction); events added one at a
 * time go to a row table; every read covers both.  An event whose event_id
 * is already stored is not stored again, so re-running an import adds
 * nothing twice. */

typedef struct tides_store tides_store;

/* TIDES_STORE_BESIDE: the handle is written on a thread of its own beside
 * other work (`tides code --threads N --db`): checkpoints come often, so
 * that little is left for the close, which no other thread can overlap,
 * and run on a thread and connection of the store's own, so that the
 * writing thread never waits for them. */
enum { TIDES_STORE_READONLY = 1, TIDES_STORE_CREATE = 2, TIDES_STORE_BESIDE = 4 };

tides_status tides_store_open(tides_ctx *ctx, const char *path, int flags, tides_store **out);
void tides_store_close(tides_store *s); /* accepts NULL; rolls back an open batch */
tides_status tides_store_begin(tides_store *s);
tides_status tides_store_add(tides_store *s, const tides_event *ev, int *added);
tides_status tides_store_commit(tides_store *s);

typedef struct tides_event_filter {
	const char *a, *b;     /* actor or country codes; NULL = any */
	int directed;          /* 1: a -> b only; 0: both directions */
	int exact_actors;      /* 1: match the full actor code, not the country */
	const char *from, *to; /* inclusive YYYY-MM-DD bounds, or NULL */
} tides_event_filter;

/* Calls fn for each matching event in date order; fn returns non-zero to stop. */
typedef int (*tides_event_fn)(void *userdata, const tides_event *ev);
tides_status tides_store_scan(tides_store *s, const tides_event_filter *f, tides_event_fn fn,
                              void *userdata);

/* Every event matching f (NULL: all) in the store's own order: imported
 * segments as written (rows by event id), then events added one at a time
 * by event id.  Streams in bounded memory; `tides export` uses it. */
tides_status tides_store_export(tides_store *s, const tides_event_filter *f, tides_event_fn fn,
                                void *userdata);

/* Sentences, so every coded event leads back to its text.  Adding a
 * (doc_id, sentence) already stored is a no-op. */
tides_status tides_store_add_sentence(tides_store *s, const tides_sentence *sent);
/* Copies the sentence's text into buf[cap] (always NUL-terminated when
 * cap > 0, truncated at a UTF-8 boundary) and sets *len to its full length
 * in bytes, so a caller can retry with len + 1.  buf may be NULL with cap 0
 * to ask for the length only.  TIDES_ERR_NOTFOUND if it is not stored. */
tides_status tides_store_get_sentence(tides_store *s, const char *doc_id, int sentence,
                                      char *buf, size_t cap, size_t *len);

/* What is in a store, as "key<TAB>value..." lines: schema, events, span,
 * origin (name count first last), sentences, files, dyad (the `top` most
 * frequent source_country/target_country pairs with their counts). */
tides_status tides_store_stats(tides_store *s, FILE *out, int top);

/* Bulk event writer (store-bulk.c; `tides code --db`): events go into
 * columnar segments like an import's, not one by one into the row table.
 * Every `batch` events (0: 65536, or $TIDES_BULK_BATCH) the events
 * gathered become one pending segment, committed with the sentences
 * added since; a SIGKILL leaves
 * whole batches, settled by the next writable open.  finish writes the
 * last batch, runs the dedup pass (an event id already stored, or added
 * earlier through this writer, is not stored again), drops segments whose
 * rows all died and compacts small ones as an import does; *added (may be
 * NULL) = events actually stored.  Events without a valid date cannot be
 * segment rows and go to the row table (tides_store_add).  The writer
 * holds the store's batch from new to finish: nothing else may write the
 * store meanwhile.  After an error, finish rolls back the open batch and
 * still settles what was committed. */
typedef struct tides_store_bulk tides_store_bulk;
tides_status tides_store_bulk_new(tides_store *s, size_t batch, tides_store_bulk **out);
tides_status tides_store_bulk_add(tides_store_bulk *w, const tides_event *ev);
/* Fills in ev what bulk_add would otherwise fill in a copy of it (origin
 * "coder", a content id, the countries of its CAMEO actor codes), so the
 * add copies nothing; pure, any thread. */
void tides_store_bulk_prepare(tides_event *ev);
/* One sentence, in the open batch (a no-op when (doc_id, sentence) is stored). */
tides_status tides_store_bulk_add_sentence(tides_store_bulk *w, const tides_sentence *sent);
tides_status tides_store_bulk_finish(tides_store_bulk *w, uint64_t *added);
void tides_store_bulk_free(tides_store_bulk *w); /* accepts NULL; rolls back if not finished */

/* Importers.  Each file is read as a stream (plain, .gz or .zip, detected
 * from the first bytes), parsed row by row and written in batches of
 * `batch_rows` rows; each batch commits together with the file's progress
 * (path, size, mtime, byte offset), so a killed import resumes where its
 * last batch ended and a finished file is skipped.  Malformed rows are
 * warned about as "FILE:LINE: message" and skipped; with `strict` the first
 * one is fatal (TIDES_ERR_DATA) and its batch is rolled back. */
typedef enum tides_import_format {
	TIDES_IMPORT_AUTO = 0, /* detect from content */
	TIDES_IMPORT_GDELT1,   /* GDELT 1.0 events, 57 or 58 columns */
	TIDES_IMPORT_GDELT2,   /* GDELT 2.0 export, 61 columns */
	TIDES_IMPORT_ICEWS,    /* ICEWS coded events, 20 columns with header */
	TIDES_IMPORT_PHOENIX,  /* Phoenix, 26 columns */
	TIDES_IMPORT_TIDES     /* tides' own TSV (with or without header) or JSONL */
} tides_import_format;

/* "gdelt1" ... "tides" -> format; -1 if unknown.  And back. */
int tides_import_format_parse(const char *name);
const char *tides_import_format_name(tides_import_format f);

typedef struct tides_import_progress {
	const char *path;
	uint64_t bytes_done;  /* uncompressed bytes read */
	uint64_t bytes_total; /* uncompressed size if known, else 0 */
	uint64_t rows;        /* rows read so far in this file */
} tides_import_progress;
typedef void (*tides_import_progress_fn)(void *userdata, const tides_import_progress *p);

typedef struct tides_import_opts {
	tides_import_format format;
	int dedup_one_a_day; /* keep one event per (date, source, target, code) */
	int strict;          /* first malformed row is fatal */
	int dry_run;         /* parse and count only; write nothing */
	size_t batch_rows;   /* 0 = 50000 */
	tides_import_progress_fn progress; /* called about every batch/MB; may be NULL */
	void *progress_data;
	/* hardening: with dry_run, every parsed event goes to emit (input order;
	 * non-zero return = write error, fatal); threads > 1 parses GDELT/ICEWS/
	 * Phoenix lines on that many workers and writes each finished batch on
	 * one more thread while the next is built; the store is byte-identical. */
	tides_event_fn emit;
	void *emit_data;
	int threads;
	/* with dry_run, instead of emit (which keeps the import on one thread):
	 * the events as the lines `tides export` writes (TSV without its header
	 * line, or JSON lines when emit_jsonl), handed to emit_write(emit_data)
	 * in input order in runs of whole lines; with threads > 1 the workers
	 * format them and it is called on a writer thread of the import's,
	 * one call at a time, all of them before tides_store_import returns.
	 * Non-zero return = write error (errno), fatal. */
	int (*emit_write)(void *userdata, const char *s, size_t n);
	int emit_jsonl;
	/* 1: leave the dedup pass to tides_store_settle (one pass after many
	 * files instead of one per file: each pass reads every stored id) */
	int defer_settle;
} tides_import_opts;

typedef struct tides_import_stats {
	uint64_t files, files_skipped; /* files skipped: already fully imported */
	uint64_t rows;      /* data rows read (header lines excluded) */
	uint64_t added;     /* new rows stored */
	uint64_t dups;      /* rows whose event_id was already stored */
	uint64_t bad;       /* malformed rows skipped */
	uint64_t bytes;     /* uncompressed bytes parsed */
	uint64_t resumed;   /* files resumed from a recorded offset */
} tides_import_stats;

void tides_import_opts_init(tides_import_opts *o);
/* Adds to *stats (the caller zeroes it once). */
tides_status tides_store_import(tides_store *s, const char *path, const tides_import_opts *o,
                                tides_import_stats *stats);
/* The dedup pass over the batches imported with defer_settle (also run by
 * every writable open): marks dead the rows whose event id was stored
 * before them and moves them from stats->added to stats->dups (stats may
 * be NULL).  Until it runs a reader may see an id twice. */
tides_status tides_store_settle(tides_store *s, tides_import_stats *stats);
/* Merges another store (a .db file of the same schema) or a tides TSV/JSONL
 * event stream into s; events already stored are not added again. */
tides_status tides_store_merge(tides_store *s, const char *path, const tides_import_opts *o,
                               tides_import_stats *stats);

/* Compaction: settled segments with fewer than 16384 live rows, or with a
 * quarter or more of their rows dead, are rewritten, whole and in storage
 * order, into segments of up to 65536 live rows (dead rows dropped); each
 * new segment replaces its old ones in one transaction, so a kill leaves
 * the store consistent.  The events stay the same; their storage order
 * (tides_store_export) changes.  Does nothing while a segment is pending
 * (run tides_store_settle first).  Events added one at a time (the row
 * table) move into segments as well.  tides_store_import compacts the
 * segments stored before it by itself once 32 small ones have gathered
 * (the row table only moves when this is called). */
typedef struct tides_compact_stats {
	uint64_t segs_before; /* segments rewritten */
	uint64_t segs_after;  /* segments written in their place */
	uint64_t rows;        /* live rows moved */
	uint64_t dead;        /* dead rows dropped */
	uint64_t table_rows;  /* events moved from the row table (tides_store_add) into segments */
} tides_compact_stats;
/* Adds to *stats (may be NULL). */
tides_status tides_store_compact(tides_store *s, tides_compact_stats *stats);


/* ============================================================== series
 * Relations indexes: events of one dyad aggregated per period (day, week,
 * month, quarter, year), and aggregated series read from CSV.  Owned by
 * src/series/.  A tides_index is fed events (from tides_store_scan or
 * anywhere) and yields one row per period, empty periods included. */

typedef enum tides_measure {
	TIDES_M_GOLDSTEIN_SUM = 0, /* sum of Goldstein scores */
	TIDES_M_GOLDSTEIN_MEAN,    /* mean Goldstein score */
	TIDES_M_NET_COOP,          /* (coop - |conf|) / (coop + |conf|), in [-1, 1] */
	TIDES_M_COOP_CONF,         /* coop + conf (= Goldstein sum of scored events) */
	TIDES_M_QUAD_COUNTS,       /* value = number of events with a quad class */
	TIDES_M_QUAD_SHARES,       /* value = verbal cooperation share (q1) in % */
	TIDES_M_CONFLICT_SHARE     /* 100 * (q4 + 0.5 * q3) / (q1+q2+q3+q4) */
} tides_measure;

/* "goldstein-sum", ... -> measure; -1 if unknown. */
int tides_measure_parse(const char *name);
const char *tides_measure_name(tides_measure m);

typedef struct tides_index_opts {
	const char *a, *b;     /* dyad: country (or actor with exact_actors) codes */
	int directed;          /* 1: a -> b only */
	int exact_actors;      /* 1: compare full actor codes */
	int by;                /* tides_period_kind (util/date.h): 0 day .. 4 year */
	tides_measure measure;
	int normalize_volume;  /* 1: value per 1,000 events of the store in the period */
	const char *from, *to; /* YYYY-MM-DD bounds of the rows, or NULL: the dyad's span */
} tides_index_opts;

typedef struct tides_index_row {
	char period[11];       /* start of the period, YYYY-MM-DD */
	char dyad[TIDES_ACTOR_MAX * 2 + 4]; /* "USA->RUS" or "USA<->RUS" */
	long n;                /* dyad events in the period */
	double value;          /* NAN when undefined (n == 0 or a zero denominator) */
	double coop;           /* sum of max(g, 0) */
	double conf;           /* sum of min(g, 0), <= 0 */
	long q[4];             /* events per quad class 1..4 */
	long total;            /* all events of the store in the period (normalisation) */
} tides_index_row;

typedef struct tides_index tides_index;

tides_status tides_index_new(tides_ctx *ctx, const tides_index_opts *opts, tides_index **out);
void tides_index_free(tides_index *ix); /* accepts NULL */
/* Offers one event; events outside the dyad (or the bounds) are ignored. */
tides_status tides_index_add(tides_index *ix, const tides_event *ev);
/* Counts one event of the whole store for volume normalisation. */
tides_status tides_index_add_volume(tides_index *ix, const tides_event *ev);
/* Rows from the first to the last period, valid until tides_index_free. */
tides_status tides_index_rows(tides_index *ix, const tides_index_row **rows, size_t *nrows);
/* Feeds the dyad's events of a store (and, with normalize_volume, all its
 * events as volume) into ix; `o` must be the options ix was made with. */
tides_status tides_index_scan(tides_store *st, tides_index *ix, const tides_index_opts *o);
/* Does `ev` belong to the dyad of the options? (the same test tides_index_add uses)
 * A side may be a group of codes joined by '+' ("USA+IGOWSTNAT"): an event
 * matches the side when its actor (country) matches any member. */
int tides_index_match(const tides_index_opts *opts, const tides_event *ev);
/* The store filter for the options: a side that is "*" or a group is NULL
 * (any), so a scan returns a superset that tides_index_match narrows. */
void tides_index_filter(const tides_index_opts *opts, tides_event_filter *f);
/* tides_index_scan event by event through tides_store_scan with that
 * filter and tides_index_add: the path for dyads with a group side. */
tides_status tides_index_scan_events(tides_store *st, tides_index *ix, const tides_index_opts *o);

/* A complete, regularly spaced series: value[i] belongs to the period that
 * starts on day[i] (days since 1970-01-01). */
typedef struct tides_series {
	size_t n;
	int32_t *day;
	double *value;
	int by;                /* tides_period_kind */
	size_t ninterpolated;  /* missing values filled by linear interpolation */
} tides_series;

void tides_series_init(tides_series *s);
void tides_series_release(tides_series *s);
/* Reads `date,value[,dyad]` (header optional).  by < 0: the period kind is
 * inferred from the dates.  dyad != NULL keeps only rows of that dyad; rows
 * of several dyads without it are an error.  Missing periods and empty
 * values are filled by linear interpolation (counted in ninterpolated);
 * missing values at the ends are dropped.  Bad rows are FILE:LINE errors. */
tides_status tides_series_read_csv(tides_ctx *ctx, const char *path, int by, const char *dyad,
                                   tides_series *out);
/* Builds a series from index rows (empty values interpolated as above). */
tides_status tides_series_from_rows(tides_ctx *ctx, const tides_index_row *rows, size_t n,
                                    int by, tides_series *out);
/* Stores a named series in table series(name, dyad, date, value) of the
 * store's SQLite file, replacing any series of that name (one transaction). */
tides_status tides_series_save(tides_store *st, const char *name, const char *dyad,
                               const tides_series *s, size_t *nsaved);
/* Loads it back; by < 0 infers the period kind.  TIDES_ERR_NOTFOUND if no
 * series has that name. */
tides_status tides_series_load(tides_store *st, const char *name, int by, tides_series *out);

/* ============================================================== cycles
 * Turning points, phases and periods of a series.  Owned by src/cycles/.
 * BBQ reproduces the rules of R's BCDating::BBQ in the same order; Bry-
 * Boschan follows the NBER monthly procedure.  Thresholds are absolute
 * (indexes go negative); indexes are 0-based here, 1-based in output. */

typedef enum tides_cycle_method { TIDES_CYCLE_BBQ = 0, TIDES_CYCLE_BRY_BOSCHAN = 1 } tides_cycle_method;

typedef struct tides_cycle_opts {
	tides_cycle_method method;
	int window;     /* local extremum within +-window periods (BBQ 2, BB 6) */
	int min_phase;  /* BBQ 2, BB 5 */
	int min_cycle;  /* BBQ 5, BB 15 */
	int censor;     /* no turning point within `censor` periods of the ends; <0: default */
	int by;         /* tides_period_kind of the series, for the censoring default */
} tides_cycle_opts;

/* Defaults of a method (window, min_phase, min_cycle, censor = -1). */
void tides_cycle_opts_default(tides_cycle_opts *o, tides_cycle_method m, int by);

typedef struct tides_turn {
	size_t index;   /* 0-based */
	int kind;       /* +1 peak, -1 trough */
} tides_turn;

/* Dates the turning points of y[0..n); *turns is allocated (tides_free). */
tides_status tides_cycles_date(tides_ctx *ctx, const double *y, size_t n,
                               const tides_cycle_opts *o, tides_turn **turns, size_t *nturns);

typedef struct tides_phase {
	int kind;        /* +1 expansion (trough -> peak), -1 contraction */
	size_t start, end; /* 0-based indexes of the turning points */
	long duration;   /* end - start, in periods */
	double amplitude; /* y[end] - y[start] (signed) */
	double triangle;  /* 0.5 * duration * amplitude */
	double cumulation; /* sum over t in (start, end] of (y[t] - y[start]) */
	double excess;    /* (cumulation - triangle + 0.5 * amplitude) / duration */
} tides_phase;

/* Complete phases between consecutive turning points (nturns - 1 of them). */
tides_status tides_cycles_phases(tides_ctx *ctx, const double *y, size_t n, const tides_turn *t,
                                 size_t nt, tides_phase **phases, size_t *nphases);
/* States per period: 1 expansion, 0 contraction (BCDating's convention:
 * a peak closes its expansion).  states[n] supplied by the caller. */
void tides_cycles_states(const tides_turn *t, size_t nt, size_t n, int *states);
/* Harding-Pagan concordance index of two datings of the same n periods:
 * the share of periods in the same state, in [0, 1]. */
double tides_cycles_concordance(const tides_turn *a, size_t na, const tides_turn *b, size_t nb,
                                size_t n);

/* Smoothing before dating: centred moving average of `len` terms (even
 * lengths use a 2xN centred average), Spencer's 15-term curve.  Ends use
 * the shorter symmetric windows that fit (MA); Spencer repeats the first and
 * last values.  out may not alias y. */
void tides_smooth_ma(const double *y, size_t n, int len, double *out);
void tides_smooth_spencer(const double *y, size_t n, double *out);

/* ============================================================== report
 * Issues, drivers and the HTML report.  Owned by src/report/.
 *
 * An issue dictionary (PETRARCH issue-file format plus a driver-family
 * column, see data/issues/issues.txt) tags a text with issue codes by
 * keyword: case-insensitive for Latin letters, on word boundaries
 * (punctuation and hyphens count as spaces), plain substring for phrases
 * with Chinese characters.  A loaded dictionary is immutable: one may be
 * shared by many threads. */

typedef struct tides_issues tides_issues;

/* Errors name the file and line: "issues.txt:12: expected 'phrase [CODE]'". */
tides_status tides_issues_load(tides_ctx *ctx, const char *path, tides_issues **out);
/* The same from memory; `name` is used in messages. */
tides_status tides_issues_parse(tides_ctx *ctx, const char *name, const char *text, size_t len,
                                tides_issues **out);
void tides_issues_free(tides_issues *is); /* accepts NULL */
/* Writes the issues of text[0..len) as "CODE,CODE" (dictionary order, no
 * duplicates) into out[cap]; a code that does not fit whole is left out.
 * Returns the number of codes written, or -1 when out of memory. */
int tides_issues_tag(const tides_issues *is, const char *text, size_t len, char *out,
                     size_t cap);
size_t tides_issues_count(const tides_issues *is);
const char *tides_issues_code(const tides_issues *is, size_t i);       /* NULL past the end */
const char *tides_issues_family_at(const tides_issues *is, size_t i);  /* NULL past the end */
/* Driver family of a code ("structural", "ideology"...; "other" when the
 * file gives none); NULL for a code the dictionary does not have. */
const char *tides_issues_family(const tides_issues *is, const char *code);

/* The analysis of one dyad behind `tides drivers` and `tides report`: the
 * relations index, its cycles (turning points, phases), named periods, the
 * drivers of each phase and the top events of each period.  It reads the
 * events through a scan function (tides_store_scan fits once wrapped), in
 * two passes: the index first, then, with the phases known, the drivers.
 *
 * Drivers of a window of time: each event of the dyad in the window adds
 * its Goldstein weight to each of its issues, split equally when it has
 * several (so the issue sums add up to the window's Goldstein sum), or to
 * "(untagged)"; issue sums add up to family sums.  Each sum is also split
 * into its negative and positive parts; a contraction ranks issues by the
 * negative part.  A phase's window runs from the period after its first
 * turning point to the end of the period of its last one; a phase whose
 * raw events disagree with its dating (a contraction with a positive
 * total) is flagged "raw-total-positive" in every output. */

typedef tides_status (*tides_scan_fn)(void *src, const tides_event_filter *f, tides_event_fn fn,
                                      void *userdata);
/* Copies the text of a sentence into buf[cap]; returns 1, or 0 if unknown. */
typedef int (*tides_sentence_fn)(void *userdata, const char *doc_id, int sentence, char *buf,
                                 size_t cap);

typedef struct tides_analysis_opts {
	const char *a, *b;        /* the dyad (country or actor codes) */
	int directed, exact_actors;
	int by;                   /* tides_period_kind; default month */
	tides_measure measure;    /* default goldstein-mean */
	int smooth;               /* 0 none, N >= 2 centred moving average, -1 Spencer */
	tides_cycle_opts cycle;   /* set by tides_analysis_opts_init to BBQ defaults */
	const char *from, *to;    /* bounds of the series, or NULL */
	const char *periods;      /* CSV name,start,end (dates inclusive), or NULL */
	const tides_issues *issues; /* re-tag events from their sentence; NULL: stored issues */
	const char *win_from, *win_to; /* an extra drivers window, or NULL */
	size_t top_period;        /* events kept per series period (default 5) */
	size_t top_window;        /* events kept per drivers window (default 10) */
	tides_sentence_fn sentence;
	void *sentence_data;
} tides_analysis_opts;

typedef struct tides_analysis tides_analysis;

void tides_analysis_opts_init(tides_analysis_opts *o);
tides_status tides_analysis_run(tides_ctx *ctx, const tides_analysis_opts *o, tides_scan_fn scan,
                                void *src, tides_analysis **out);
void tides_analysis_free(tides_analysis *an); /* accepts NULL */
size_t tides_analysis_nphases(const tides_analysis *an);
/* Drivers as text or JSON.  phase: 1-based phase number, 0 every contraction
 * phase, -1 the extra window (win_from..win_to). */
tides_status tides_drivers_write(tides_analysis *an, FILE *out, int json, long phase);
/* One self-contained HTML page (inline CSS, SVG and script; no network). */
tides_status tides_report_write_html(tides_analysis *an, FILE *out, const char *title);
/* Plain-text summary: turning points, periods (high start, low end,
 * descending lows) and the top drivers of each downturn. */
tides_status tides_report_write_summary(tides_analysis *an, FILE *out, size_t top);

#ifdef __cplusplus
}
#endif
#endif /* TIDES_H */
