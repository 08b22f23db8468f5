/*
 * dict.h — the in-memory dictionaries of the event coder (the contract
 * between the dialect loaders and the matcher).
 *
 * Every dictionary dialect (TABARI, PETRARCH-1, PETRARCH-2) is loaded into
 * this one model; the coder never sees the file syntax.  A loader builds a
 * tides_dicts with the dict_add_* functions below and, when done, calls
 * dict_finish(), which builds the lookup indexes.  After dict_finish() the
 * dictionaries are immutable and may be shared between threads.
 *
 * Words.  All dictionary words are upper-case UTF-8 strings interned into
 * one table (dict_intern): a word id (uint32_t, 0 = none) stands for the
 * string.  A literal element says how a sentence token may match it:
 *   DICT_M_STEM   the token starts with the word      (TABARI "RESTOR")
 *   DICT_M_FORMS  the token is the word; on the LAST word of a root (actor,
 *                 agent, noun, verb form) a regular ending is also allowed:
 *                 nouns S ES 'S; verbs S ES D ED EN ING (TABARI "DEPART_").
 *                 Inside patterns FORMS means "whole word" (no endings).
 *   DICT_M_EXACT  the token is exactly the word       (TABARI "BAN=")
 * Tokens are upper-cased with hyphens and most punctuation turned into
 * blanks, so dictionary words should be too ("BARAD-DUR" -> BARAD DUR).
 *
 * Phrases.  A phrase is a sequence of elements d->elems[first .. first+n).
 * Actor, agent, discard, issue, noun, adjective and verb-form phrases are
 * literal words only; synset members and alternative options may also hold
 * slots.  The flag DICT_EF_NEXT of an element says the next element must
 * match the very next token (TABARI '_' connector); without it other tokens
 * may come in between (TABARI ' ').  A root phrase never matches across a
 * comma.
 *
 * Roots.  dict_add_entry() indexes a phrase under its first word.  In a
 * sentence, actor, agent, verb, time, noun and adjective entries compete
 * for the tokens: at each token the entry matching the most characters wins
 * (the first added on ties) and its tokens take its word type.  Discard and
 * issue entries do not compete: they are looked for anywhere in the
 * sentence (a discard match discards the story; an issue match adds its
 * code to the events' issues).  DICT_K_BUILTIN entries are the closed-class
 * English words the coder adds itself (articles, auxiliaries, BY,
 * conjunctions, pronouns, prepositions, FORMER).
 *
 * Verb patterns.  A pattern is a phrase that contains exactly one
 * DICT_EL_VERB element (the place of the verb); elements before it match
 * tokens before the verb (scanned backwards), elements after it match tokens
 * after the verb.  Slots: DICT_EL_SOURCE ($), DICT_EL_TARGET (+),
 * DICT_EL_COMPOUND (% : a compound actor, which becomes both source and
 * target), DICT_EL_SKIP (^ : skip one actor/noun phrase).  Alternatives
 * { a b | c } are DICT_EL_ALT elements referring to a dict_alt, whose
 * options are phrases; DICT_EL_SYNSET refers to a dict_synset, whose members
 * are phrases (a member may itself contain synset references).
 *
 * Codes.  Event codes are strings ("064", "1717", "174K": TABARI allows any
 * token).  A pattern has a code and optionally a second code (TABARI
 * "[032:033]" paired events: the second event has source and target
 * swapped).  Special codes: "---" null (match but no event), "###" discard
 * the story, "+++" complex.  Flags: '?' subordinate (SAID-like verb whose
 * event yields to a lower verb), '!' dominant.
 *
 * Actor codes are dated: each actor has one or more dict_dated_code with an
 * inclusive date range as YYYYMMDD integers (0 = open start, 99999999 = open
 * end).  Agents carry a code with a position marker: "~GOV" is appended to
 * the actor code (GON + ~GOV = GONGOV), "NGM~" is prepended (NGMGON).
 */
#ifndef TIDES_CODER_DICT_H
#define TIDES_CODER_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "tides.h"

#define DICT_CODE_MAX 16
#define DICT_DATE_MIN 0
#define DICT_DATE_MAX 99999999

/* element kinds */
enum {
	DICT_EL_WORD = 1, /* ref = word id; match = DICT_M_* */
	DICT_EL_SYNSET,   /* ref = synset index */
	DICT_EL_ALT,      /* ref = alt index */
	DICT_EL_VERB,     /* '*' */
	DICT_EL_SOURCE,   /* '$' */
	DICT_EL_TARGET,   /* '+' */
	DICT_EL_COMPOUND, /* '%' */
	DICT_EL_SKIP      /* '^' */
};

/* literal match modes */
enum { DICT_M_STEM = 0, DICT_M_FORMS = 1, DICT_M_EXACT = 2 };

/* element flags */
enum {
	DICT_EF_NEXT = 1,  /* the following element must match the next token */
	DICT_EF_NOSPLIT = 2 /* (reserved) */
};

typedef struct dict_elem {
	uint8_t kind;
	uint8_t match; /* DICT_M_* for DICT_EL_WORD */
	uint8_t flags; /* DICT_EF_* */
	uint8_t pad;
	uint32_t ref;
} dict_elem;

typedef struct dict_phrase {
	uint32_t first, n; /* into d->elems */
} dict_phrase;

/* pattern flags */
enum {
	DICT_PF_NULL = 1,      /* code "---": matches, produces nothing */
	DICT_PF_DISCARD = 2,   /* code "###": discard the story */
	DICT_PF_COMPLEX = 4,   /* code "+++": mark the sentence complex */
	DICT_PF_SUBORD = 8,    /* code ends with '?': subordinate (SAID) */
	DICT_PF_DOMINANT = 16, /* code ends with '!' */
	DICT_PF_PAIRED = 32    /* code2 is set: [A:B] */
};

typedef struct dict_pattern {
	dict_phrase ph;      /* the elements, one of which is DICT_EL_VERB */
	uint32_t verb;       /* owning dict_verb */
	uint32_t len;        /* ranking length: literal characters, counting the
	                      * longest option of each alternative (TABARI) */
	uint32_t maxalt;     /* the part of `len` that comes from alternatives */
	uint32_t flags;      /* DICT_PF_* */
	char code[DICT_CODE_MAX];
	char code2[DICT_CODE_MAX];
	uint32_t file, line; /* for messages: d->files[file] */
	uint32_t req_first, nreq; /* dict_finish(): words the sentence must hold
	                           * (top-level literals), in d->req */
	uint32_t syn_first, nsyn; /* dict_finish(): its top-level synsets, in d->psyn */
} dict_pattern;

/* A verb entry: one or more forms (phrases of words, the first word being
 * the head that is indexed) sharing a default pattern and a list of
 * patterns, tried longest first. */
typedef struct dict_verb {
	uint32_t form_first, nform; /* into d->verb_forms (dict_phrase) */
	uint32_t deflt;             /* index of the default pattern ("*" alone) */
	uint32_t pat_first, npat;   /* into d->verb_pats (pattern indexes) */
	/* dict_finish(), verbs with many patterns: each pattern filed under one
	 * of its words (d->vkeys, sorted by word then position), or under
	 * "always" (d->valways) when it has no word */
	uint32_t key_first, nkey, always_first, nalways;
	uint32_t bloom, bloom_bits; /* with nkey: a bloom filter of its filing
	                             * words, 2^bloom_bits bits at d->vbloom + bloom */
} dict_verb;

/* The bit of a word in a verb's bloom filter of 2^bits bits: at least 16
 * bits per pattern keep false hits (and mispredicted branches) rare. */
static inline uint32_t dict_vbloom_bit(uint32_t word, uint32_t bits)
{
	return (word * 2654435761u) >> (32 - bits);
}
static inline uint32_t dict_vbloom_size(uint32_t npat)
{
	uint32_t bits = 9;
	while (bits < 16 && (1u << bits) < 16 * npat)
		bits++;
	return bits;
}

typedef struct dict_vkey {
	uint32_t word, pos;         /* pos: index in the verb's pattern list */
} dict_vkey;

typedef struct dict_synset {
	uint32_t name;               /* word id of "&NAME" */
	uint32_t mem_first, nmem;    /* into d->members (dict_phrase) */
} dict_synset;

typedef struct dict_alt {
	uint32_t opt_first, nopt;    /* into d->members (dict_phrase) */
} dict_alt;

typedef struct dict_dated_code {
	char code[TIDES_ACTOR_MAX];
	int32_t from, to;            /* YYYYMMDD inclusive */
} dict_dated_code;

/* actor flags */
enum {
	DICT_AF_NOUN = 1,     /* TABARI <NOUN>: not an actor, a noun (ends compounds) */
	DICT_AF_ADJ = 2,      /* TABARI <ADJECTIVE> */
	DICT_AF_NULLCODE = 4  /* code "---" */
};

typedef struct dict_actor {
	uint32_t code_first, ncode;  /* into d->codes */
	uint32_t flags;              /* DICT_AF_* */
} dict_actor;

/* Kinds of indexed phrases. */
enum {
	DICT_K_ACTOR = 1, DICT_K_AGENT, DICT_K_DISCARD, DICT_K_ISSUE, DICT_K_VERB, DICT_K_TIME,
	DICT_K_NOUN,      /* entry unused */
	DICT_K_ADJ,       /* entry unused */
	DICT_K_BUILTIN    /* closed-class English words; entry = coder word type */
};

/* One indexed phrase: `kind` says what `entry` indexes (actor, agent,
 * discard, issue, verb; for verbs `entry` is the dict_verb and `form` the
 * form number). */
/* dict_entry.eflags: DICT_EN_CAPNAME, a name that is also a common word
 * ("Rice", "Gates"): an actor only where its capital letter says it is a
 * name (parse.c: capname_guard) */
enum { DICT_EN_CAPNAME = 1 };
typedef struct dict_entry {
	dict_phrase ph;
	uint8_t kind;
	uint8_t eflags;              /* DICT_EN_* */
	uint8_t pad[2];
	uint32_t entry;
	uint32_t form;
	uint32_t nwords;             /* for longest-match */
} dict_entry;

/* dict_finish(): the root index, ix_list without discard and issue entries
 * (and phrases over 64 words), each with one word besides the head that
 * the sentence must hold (0 = none): a cheap first test before the rest. */
typedef struct dict_rootix {
	uint32_t entry;
	uint32_t key;
} dict_rootix;

/* dict_finish(): for head words with many roots (MINISTER, UNITED,
 * JOHN...), the roots whose second word must be the very next token
 * (FOREIGN_MINISTER: '_'), filed by that word, so a token looks up the
 * words of the next token instead of scanning every root.  Per such head
 * a dict_rxkey: the other roots (scanned as before) and an open-addressing
 * table of second words, each with its rx positions in rx order. */
#define DICT_RXKEY_MIN 8      /* filed roots of a word before it gets a table */
#define DICT_PREFIX_MAX 64    /* dict_prefixes() looks at this many bytes of a token */
typedef struct dict_rxkey {
	uint32_t slot_first, mask;   /* table: d->rxk_slot[slot_first .. + mask + 1);
	                              * mask 0: no table (no root filed so) */
	uint32_t free_first, nfree;  /* the other roots: d->rxk_pos[free_first .. + nfree) */
	/* when many of the other roots have a key word (dict_rootix.key; the
	 * agents' gapped phrases: MINISTER ... AGRICULTURE): those in a second
	 * table by key word, for a sentence to look up its words, and the
	 * keyless rest in a list */
	uint32_t gslot_first, gmask; /* gmask 0: no second table */
	uint32_t gkeyed;             /* roots in the second table */
	uint32_t gfree_first, ngfree;
	/* the same two lists without the one-word roots, at d->rxm_pos (for a
	 * token whose one-word roots are remembered: coder.h lexroot1) */
	uint32_t mfree_first, nmfree;
	uint32_t mgfree_first, nmgfree;
} dict_rxkey;
#define DICT_RXKEY_GAPMIN 32  /* keyed other roots of a word before they get a table */
typedef struct dict_rxkslot {
	uint32_t key;                /* second word; 0 = empty slot */
	uint32_t first, n;           /* d->rxk_pos[first .. first + n): rx positions */
} dict_rxkslot;
/* The first slot of a key in a table of mask + 1 (a power of two) slots:
 * the top bits of a multiplicative hash. */
static inline uint32_t dict_rxk_slot(uint32_t key, uint32_t mask)
{
	return (uint32_t)(((uint64_t)(key * 2654435761u) * (mask + 1)) >> 32);
}

typedef struct dict_agent {
	char code[TIDES_ACTOR_MAX];  /* "~GOV" or "NGM~" */
} dict_agent;

typedef struct dict_discard {
	char code[DICT_CODE_MAX];    /* "###" or a note */
} dict_discard;

typedef struct dict_issue {
	char code[48];               /* petr: Phoenix issue codes run to 32 characters */
	int numeric;
} dict_issue;

/* Options of a dictionary set (TABARI .options; PETRARCH config). */
typedef struct dict_options {
	int verbs_max, conj_max;     /* COMPLEX: VERBS[n] CONJ[n]; 0 = off */
	int noactprior;              /* COMPLEX: NOACTPRIOR */
	int min_words;               /* SET: MINIMUM WORDS */
	int code_mode;               /* 0 clause, 1 sentence, 2 all */
	int convert_agent;           /* SET: CONVERT AGENT */
	int time_shift;
	int yyyy;
	char def_source[TIDES_ACTOR_MAX], def_target[TIDES_ACTOR_MAX];
	int def_prior, def_after;    /* DEFAULT: ... PRIOR / AFTER */
	int forward;                 /* FORWARD: ^^ etc: 1 when forwarding on */
	/* comma-delimited clause elimination: min/max lengths for internal
	 * (min,max), end (emin,emax), beginning (bmin,bmax) clauses; a length
	 * range that cannot be met disables that check. */
	int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
	int comma_off;
	/* PETRARCH */
	int new_actor_length, require_dyad;
	int petrarch;                /* petr: set by the PETRARCH verb loader: PETRARCH's
	                              * comma-clause and require_dyad behaviour */
	int locative;                /* an actor in a locative phrase ("in Moscow") is the
	                              * source or target only when no other actor is:
	                              * set by a <LOCATIVE> line in a TABARI actor file
	                              * (the bundled English one) or the coder option */
	int subject_first;           /* the regular source precedes the verb, else there is
	                              * none (coder.c regular_source): set by a
	                              * <SUBJECTFIRST> line (the bundled English actor
	                              * file) or the coder option */
} dict_options;

struct tides_dicts {
	/* interned words */
	char **words;  uint32_t nwords, cwords;
	uint32_t *wtab; uint32_t wtab_cap;      /* open addressing: word id, 0 empty */

	dict_elem *elems;       uint32_t nelems, celems;
	dict_phrase *members;   uint32_t nmembers, cmembers;
	dict_synset *synsets;   uint32_t nsynsets, csynsets;
	dict_alt *alts;         uint32_t nalts, calts;
	dict_pattern *pats;     uint32_t npats, cpats;
	uint32_t *verb_pats;    uint32_t nverb_pats, cverb_pats;
	dict_phrase *verb_forms; uint32_t nverb_forms, cverb_forms;
	dict_verb *verbs;       uint32_t nverbs, cverbs;
	dict_dated_code *codes; uint32_t ncodes, ccodes;
	dict_actor *actors;     uint32_t nactors, cactors;
	dict_agent *agents;     uint32_t nagents, cagents;
	dict_discard *discards; uint32_t ndiscards, cdiscards;
	dict_issue *issues;     uint32_t nissues, cissues;
	dict_entry *entries;    uint32_t nentries, centries;
	uint32_t ncapname;      /* entries with DICT_EN_CAPNAME */
	char **files;           uint32_t nfiles, cfiles;

	/* index built by dict_finish(): word id of an entry's first word ->
	 * list of entry indexes, sorted by descending nwords */
	uint32_t *ix_head;      /* per word id: first slot in ix_list, or UINT32_MAX */
	uint32_t *ix_count;
	uint32_t *ix_list;
	uint32_t ix_stem_maxlen; /* longest stem word, for prefix probing */
	uint32_t *rx_off;        /* per word id: its roots are rx[rx_off[w] .. rx_off[w + 1]) */
	dict_rootix *rx;
	uint32_t *rxk_at;        /* per word id: its dict_rxkey, UINT32_MAX none */
	uint8_t *rx_single;      /* per word id: 1 when every root it heads is one word */
	uint32_t *rxm_off;       /* per word id: the rx positions of its roots of several
	                          * words are rxm_pos[rxm_off[w] .. rxm_off[w + 1]) */
	uint32_t *rxm_pos;       /* (and the dict_rxkey mfree / mgfree lists after them) */
	uint32_t *rx1_off, *rx1_pos; /* the same for its one-word roots */
	struct dict_wroot {      /* per word id, what make_roots() reads, in one place */
		uint32_t first, end; /* rx_off[w], rx_off[w + 1] */
		uint32_t rxk;        /* rxk_at[w] */
		uint8_t stem;        /* word_is_stem[w] != 0 */
		uint8_t single;      /* rx_single[w] */
		uint8_t pad[2];
	} *wroot;
	dict_rxkey *rxk; uint32_t nrxk;
	dict_rxkslot *rxk_slot;
	uint32_t *rxk_pos;
	uint8_t *word_is_stem;   /* per word id: 1 some entry uses it as a head; 2 (petr) some
	                          * entry headed by it can match a longer token */
	uint32_t *wlen;          /* per word id: strlen */
	/* every prefix of every word, by 64-bit FNV hash: lets dict_prefixes()
	 * stop as soon as a token's prefix begins no dictionary word */
	uint64_t *pfx_hash;      /* 0 = empty slot */
	uint32_t *pfx_word;      /* word id when the prefix is a whole word, else 0 */
	uint32_t pfx_cap;
	uint32_t *req;           /* required words of the patterns */
	uint32_t nreq;
	uint32_t *psyn;          /* top-level synsets of the patterns */
	uint32_t npsyn;
	dict_vkey *vkeys; uint32_t nvkeys;
	uint64_t *vbloom;
	uint32_t *valways; uint32_t nvalways;
	uint32_t max_npat;       /* largest pattern list of a verb */
	uint32_t neg_synset;     /* the synset &NEGATION, UINT32_MAX none */
	int may_discard;         /* some root can discard a story: a verb whose own
	                          * code is ###, a discard entry, an actor coded ### */

	dict_options opt;
	int finished;
};

/* ---------------------------------------------------------- building */

tides_dicts *dict_new(void);
/* Interns an upper-case word; returns its id (>0) or 0 when out of memory. */
uint32_t dict_intern(tides_dicts *d, const char *w, size_t n);
/* Id of a word already interned, 0 if absent. */
uint32_t dict_lookup_word(const tides_dicts *d, const char *w, size_t n);
/* Calls fn(arg, id) for each interned word that is a prefix of w[0..n)
 * (shortest first), hashing incrementally. */
void dict_prefixes(const tides_dicts *d, const char *w, size_t n,
                   void (*fn)(void *arg, uint32_t id, size_t len), void *arg);
static inline const char *dict_word(const tides_dicts *d, uint32_t id) { return d->words[id]; }
uint32_t dict_add_file(tides_dicts *d, const char *path);

/* Appends elements; returns the index of the first or UINT32_MAX (nomem). */
uint32_t dict_add_elems(tides_dicts *d, const dict_elem *e, uint32_t n);
uint32_t dict_add_member(tides_dicts *d, dict_phrase ph); /* returns index in members */
uint32_t dict_add_synset(tides_dicts *d, uint32_t name);  /* then members via dict_synset_add */
int dict_synset_add(tides_dicts *d, uint32_t synset, dict_phrase ph);
uint32_t dict_find_synset(const tides_dicts *d, uint32_t name); /* UINT32_MAX if none */
uint32_t dict_add_alt(tides_dicts *d, const dict_phrase *opts, uint32_t n);

/* Verbs: dict_add_verb() then forms, then patterns (the default first). */
uint32_t dict_add_verb(tides_dicts *d);
int dict_verb_add_form(tides_dicts *d, uint32_t verb, dict_phrase ph);
/* Adds a pattern to a verb; `deflt` makes it the verb's default.  Parses
 * `code` ("064", "032:033", "023?", "---", "###", "+++"); returns -1 on a
 * malformed code.  `len`/`maxalt` rank the patterns (longest tried first;
 * dict_pattern_length() computes them from TABARI pattern text). */
int dict_verb_add_pattern(tides_dicts *d, uint32_t verb, dict_phrase ph, const char *code,
                          uint32_t len, uint32_t maxalt, int deflt, uint32_t file, uint32_t line);
/* TABARI ranking length of a pattern text: alphanumerics, '_' and '\'',
 * plus the longest option of each { | } group (returned in *maxalt). */
uint32_t dict_pattern_length(const char *text, uint32_t *maxalt);

/* Actors: dict_add_actor() then codes, then one dict_add_entry per synonym. */
uint32_t dict_add_actor(tides_dicts *d, uint32_t flags);
int dict_actor_add_code(tides_dicts *d, uint32_t actor, const char *code, int32_t from, int32_t to);
uint32_t dict_add_agent(tides_dicts *d, const char *code);
uint32_t dict_add_discard(tides_dicts *d, const char *code);
uint32_t dict_add_issue(tides_dicts *d, const char *code, int numeric);
/* Indexes a phrase as naming entry `entry` of `kind` (DICT_K_*). */
int dict_add_entry(tides_dicts *d, uint8_t kind, uint32_t entry, uint32_t form, dict_phrase ph);

void dict_options_default(dict_options *o);
/* Builds the indexes (head-word lists, word lengths, the words each pattern
 * requires); afterwards the dictionaries are read-only.  It may be called
 * again after more entries were added. */
int dict_finish(tides_dicts *d);

/* ---------------------------------------------------------- loaders */

/* TABARI dialect (dict-tabari.c).  Each returns TIDES_ERR_IO when the file
 * cannot be read; malformed lines are warned about (FILE:LINE) and skipped. */
tides_status dict_tabari_load_verbs(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_tabari_load_actors(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_tabari_load_agents(tides_ctx *ctx, tides_dicts *d, const char *path);
tides_status dict_tabari_load_options(tides_ctx *ctx, tides_dicts *d, const char *path);
/* Applies one TABARI options command ("SET: MINIMUM WORDS = 4",
 * "COMPLEX: VERBS[5] CONJ[4]", "DEFAULT: OFF"...) to `o`; returns 0 if
 * understood, 1 if ignored (recognised but unused), -1 if malformed. */
int dict_tabari_option(dict_options *o, const char *line);
/* Parses "YYMMDD" or "YYYYMMDD" into YYYYMMDD; -1 if malformed. */
int32_t dict_parse_date(const char *s, size_t n);

#endif
