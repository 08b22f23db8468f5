/*
 * dict-petr-int.h — what the PETRARCH loaders (dict-petr.c, dict-petr-verbs.c)
 * share: the line reader, the phrase builder and the loader state.  Private
 * to src/coder/dict-petr*.c.
 */
#ifndef TIDES_CODER_DICT_PETR_INT_H
#define TIDES_CODER_DICT_PETR_INT_H

#include "coder/dict-petr.h"

#define PETR_LINE_MAX 4096
#define PETR_PH_MAX 128
#define PETR_ALT_MAX 32
#define PETR_CODE_MAX 40
#define PETR_SNIFF_MAX 65536
#define PETR_WORD_MAX 256

/* How dictionary words match sentence tokens, per construct. */
#ifndef PETR_ACTOR_MATCH
#define PETR_ACTOR_MATCH DICT_M_FORMS
#endif
#ifndef PETR_AGENT_MATCH
#define PETR_AGENT_MATCH DICT_M_EXACT
#endif
#ifndef PETR_PATTERN_MATCH
#define PETR_PATTERN_MATCH DICT_M_EXACT
#endif

typedef struct petr_form {
	dict_phrase ph;
	char code[PETR_CODE_MAX];
	uint32_t line;
} petr_form;

typedef struct petr_pat {
	dict_phrase ph;
	char code[PETR_CODE_MAX];
	uint32_t len, maxalt, line;
} petr_pat;

/* A verb block read so far: its forms and patterns in L->forms/L->pats;
 * `key` is the word id of its first verb (PETRARCH files a block's
 * patterns under that verb, so two blocks of one verb are merged). */
typedef struct petr_block {
	uint32_t form_first, nform, pat_first, npat, key;
	uint32_t into; /* root block it is merged into, or UINT32_MAX */
} petr_block;

typedef struct petr_code {
	char code[TIDES_ACTOR_MAX];
	int32_t from, to;
} petr_code;

typedef struct petr_marker {
	char name[32];
	char items[16][48];
	int n;
} petr_marker;

typedef struct petr_ld {
	tides_ctx *ctx;
	tides_dicts *d;
	const char *name;
	uint32_t file;
	const char *p, *end;
	long lineno;
	int in_comment;
	int nomem;
	int dialect;
	char line[PETR_LINE_MAX];
	size_t len;
	/* verbs */
	int block_open;
	char block_code[PETR_CODE_MAX];
	petr_form *forms;
	uint32_t nforms, cforms;
	petr_pat *pats;
	uint32_t npats, cpats;
	petr_block *blocks;
	uint32_t nblocks, cblocks;
	uint32_t bform0, bpat0; /* where the open block starts in forms/pats */
	dict_phrase verb_ph; /* the one-element '*' phrase, made on first use */
	int have_verb_ph;
	uint32_t synset;     /* open synset or UINT32_MAX */
	int synset_noplural;
	long ntransform;
	/* actors */
	uint32_t actor;      /* open actor or UINT32_MAX */
	petr_code *codes;
	uint32_t ncodes, ccodes;
	/* agents */
	petr_marker markers[8];
	int nmarkers;
} petr_ld;

typedef struct petr_ph {
	dict_elem el[PETR_PH_MAX];
	uint32_t n;
	int full;
} petr_ph;

int petr_is_space(int c);
int petr_next(petr_ld *L);
const char *petr_skip_space(const char *s);
int petr_copy_trim(char *out, size_t cap, const char *s, size_t n);
uint32_t petr_word(petr_ld *L, const char *w, size_t n);
void ph_push(petr_ph *ph, uint8_t kind, uint8_t match, uint32_t ref);
void ph_next(petr_ph *ph);
int ph_clitic(petr_ld *L, petr_ph *ph, const char *w, size_t n);
int ph_commit(petr_ld *L, petr_ph *ph, dict_phrase *out);
int petr_words_phrase_gap(petr_ld *L, const char *s, size_t n, uint8_t match, int gaps, petr_ph *ph);
int petr_words_phrase(petr_ld *L, const char *s, size_t n, uint8_t match, petr_ph *ph);
int petr_plural(const char *w, char *out, size_t cap);
void petr_upper(char *s);
int petr_verb_code(const char *s, size_t n, char *out, size_t cap);
int petr_bracket(const char *s, const char **b, const char **e);
int petr_grow(void **p, uint32_t *cap, uint32_t n, size_t el);
int petr_regular_forms(const char *h, char out[3][PETR_WORD_MAX]);
int petr_load_verbs(petr_ld *L);

#endif
