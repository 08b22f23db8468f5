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
} tides_sentence;

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
} tides_reader_opts;

tides_status tides_reader_open(tides_ctx *ctx, const char *path, const tides_reader_opts *opts,
                               tides_reader **out);
/* Next story, valid until the next call; *out = NULL at the end. */
tides_status tides_reader_next(tides_reader *r, const tides_story **out);
void tides_reader_free(tides_reader *r); /* accepts NULL */

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
 * The event store: one SQLite file in WAL mode.  Owned by src/store/.
 * Writes are batched in transactions; adding an event whose event_id is
 * already stored is a no-op, so re-running an import adds nothing twice. */

typedef struct tides_store tides_store;

enum { TIDES_STORE_READONLY = 1, TIDES_STORE_CREATE = 2 };

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

#ifdef __cplusplus
}
#endif
#endif /* TIDES_H */
