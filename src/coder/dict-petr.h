/*
 * dict-petr.h — loaders for the PETRARCH dictionary dialects.
 *
 * PETRARCH-1 (word patterns, PETR.Validate.verbs.txt) and PETRARCH-2
 * (CAMEO.2.0.txt: synsets, verb blocks, syntactic patterns) verb files, and
 * the PETRARCH actor, agent, discard and issue files (Phoenix.*), all loaded
 * into the dialect-neutral model of dict.h.  Malformed lines are warned
 * about as FILE:LINE and skipped; only I/O errors are fatal.
 */
#ifndef TIDES_CODER_DICT_PETR_H
#define TIDES_CODER_DICT_PETR_H

#include <stddef.h>

#include "coder/dict.h"

enum {
	PETR_DIALECT_NONE = 0, /* not PETRARCH (TABARI or unknown) */
	PETR_DIALECT_1 = 1,    /* PETRARCH-1 word patterns */
	PETR_DIALECT_2 = 2     /* PETRARCH-2 syntactic patterns */
};

/* Kinds of dictionary file, for dict_petr_sniff() and dict_petr_load(). */
enum { PETR_VERBS = 1, PETR_ACTORS, PETR_AGENTS, PETR_DISCARDS, PETR_ISSUES };

/* Discard codes written into dict_discard.code: a '+' line discards the
 * whole story, a plain line only the sentence. */
#define PETR_DISCARD_STORY "###"
#define PETR_DISCARD_SENTENCE "#S#"

/* Dialect of a verb file from its text: '--- NAME [CODE] ---' block
 * headers make it PETRARCH; '~' transformations, '(PREP ...)' phrases or the
 * '####### VERB PATTERNS' banner make it PETRARCH-2. */
int dict_petr_verbs_dialect(const char *text, size_t n);

/* Is the file at `path` in a PETRARCH dialect for `kind`?  Returns the
 * dialect (PETR_DIALECT_NONE when it looks like TABARI, or cannot be read:
 * the loader that follows reports the I/O error).  Reads at most 64 KiB.
 * Actor and agent files are PETRARCH when they have '<!-- -->' comments or
 * open with a '#' comment, agents also with '!MARKER! =' or '{plural}'
 * forms -- unless TABARI-only syntax shows up (';' comment lines, <NOUN>,
 * <ADJECTIVE>, ~~FINISH).  Issue and discard files are always PETRARCH. */
int dict_petr_sniff(const char *path, int kind);

/* Loads one file of `kind`.  TIDES_ERR_IO when it cannot be read,
 * TIDES_ERR_NOMEM; bad lines are warnings. */
tides_status dict_petr_load(tides_ctx *ctx, tides_dicts *d, int kind, const char *path);

/* Same, from memory; `name` is used in messages. */
tides_status dict_petr_load_mem(tides_ctx *ctx, tides_dicts *d, int kind, const char *name,
                                const char *text, size_t n);

/* Dispatchers with the loader signature tides_dicts_load() uses for each
 * file of a list: PETRARCH files go to dict_petr_load(), the others to the
 * TABARI loaders of dict-tabari.c.  Discard and issue files exist only in
 * PETRARCH form. */
tides_status dict_any_load_verbs(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_any_load_actors(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_any_load_agents(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_petr_load_discards(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_petr_load_issues(tides_ctx *ctx, tides_dicts *d, const char *path);

#endif
