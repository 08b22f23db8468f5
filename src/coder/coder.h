/*
 * coder.h — the inside of tides_coder, shared by token.c (the lexer),
 * parse.c (markup of one sentence), match.c (verb patterns) and coder.c
 * (events and the public API).
 *
 * One sentence is an array of tokens, each with a word type and "tags"
 * marking the heads and tails of multi-word roots, compounds, subordinate
 * clauses and clauses: the representation TABARI's parser uses, kept in
 * flat arrays owned by the coder and reused from sentence to sentence (no
 * allocation in the hot path once they have grown).
 */
#ifndef TIDES_CODER_CODER_H
#define TIDES_CODER_CODER_H

#include <string.h>

#include "coder/dict.h"
#include "tides.h"
#include "util/buf.h" /* tides_strlcpy_utf8 */
#include "util/utf8.h"

#define CODER_MAX_TOKENS 400  /* longer sentences are truncated, as TABARI does */
#define CODER_MAX_EVENTS 64
#define CODER_TOK_IDS 16      /* prefix words remembered per token (ctok.ids_first) */
#define CODER_TEXT_MAX (64 * 1024)

/* word types */
enum {
	W_NULL = 0, W_ACTOR, W_AGENT, W_VERB, W_TIME, W_DETERM, W_NOUN, W_ADJ, W_AUXIL, W_BY,
	W_COMMA, W_PRONOUN, W_CONJ, W_PREP, W_NUMBER, W_NULLTAG, W_QUOTE, W_NWTYPES
};

/* builtin sub-kinds (entry values of DICT_K_BUILTIN entries are word types;
 * these extra bits refine them) */
enum { B_PLURAL = 0x100, B_FORMER = 0x200, B_AND = 0x400 };

/* lexical flags */
enum { LX_INITCAP = 1, LX_MIDCAP = 2, LX_NUMBER = 4, LX_COMMA = 8, LX_LIT = 16 };

/* token flags */
enum { TF_COMPD = 1, TF_SUBORD = 2,
       TF_LOC = 4 /* an actor in a locative phrase (parse.c: mark_locatives) */ };

typedef struct ctok {
	const char *s;        /* upper-cased token text (in c->text) */
	uint32_t len;
	uint32_t off, olen;   /* the token in the original sentence text */
	uint8_t lex;          /* LX_* */
	uint8_t wtype;        /* W_* */
	uint8_t flags;        /* TF_* */
	uint8_t htag, ttag;   /* root head/tail of wtype (1 = active) */
	uint8_t chead, ctail; /* compound head/tail */
	uint8_t shead, stail; /* subordinate head/tail */
	uint8_t pron;         /* was a pronoun (head tag Pronoun) */
	uint8_t bflags;       /* builtin refinements (B_* >> 8) */
	uint32_t entry;       /* dict_entry of the root headed here; UINT32_MAX none */
	int32_t ref;          /* pronoun reference (token index), -1 none */
	int32_t rhead;        /* head of the root this token belongs to, -1 none */
	int32_t rtail;        /* on a root head: its tail token */
	int32_t cend;         /* on a compound head: its tail token */
	int32_t send;         /* on a subordinate head: its tail token */
	uint16_t ids_first;   /* the dictionary words that are prefixes of the */
	uint8_t nids;         /* token: c->tok_ids[ids_first .. + nids) */
	uint32_t lslot;       /* its lexer cache entry, UINT32_MAX none */
	uint32_t lroot;       /* the cached root of the word (LROOT_*; lexcache_ent.root) */
	uint8_t ids_over;     /* more than CODER_TOK_IDS of them, or a comma or quote
	                       * token (not looked up): no list, compare the text */
	uint8_t conv;         /* agent converted to an actor */
	uint8_t pfx_lazy;     /* pfx[] not filled yet: the heads are the ids of the
	                       * token's list (ids_first) in pfxmask (coder_tok_pfx) */
	uint8_t pfxmask;
	uint8_t npfx;         /* root head words that are prefixes of the token */
	uint32_t pfx[12];     /* (the longest ones when there are more); keep last:
	                       * the lexer clears a token up to here only */
} ctok;

/* The lexer's memory of dictionary lookups for recent words: one 64-byte
 * cache line per word (the array is line-aligned), two-way set-associative
 * by the word's hash (tok_hash).  Words of more than LEXCACHE_WORD bytes or with more
 * than LEXCACHE_IDS dictionary prefixes (0.1% of news tokens) are looked
 * up every time. */
#define LEXCACHE_SIZE 16384
#define LEXCACHE_WORD 24
#define LEXCACHE_IDS 7
typedef struct lexcache_ent {
	uint32_t root;         /* the root the word heads by itself (LROOT_*, below):
	                        * in the entry, so a hit reads one cache line */
	uint8_t len;           /* 0: empty */
	uint8_t lit;           /* some prefix is a dictionary word */
	uint8_t nids;
	uint8_t pfxmask;       /* bit i: ids[i] is a root head offered (ctok.pfx) */
	uint32_t exact;        /* petr: the dictionary word equal to the token, 0 none */
	char s[LEXCACHE_WORD]; /* the word, zero-padded */
	uint32_t ids[LEXCACHE_IDS]; /* every dictionary word that is a prefix, shortest first */
} lexcache_ent;

/* Does lexer cache entry ce still hold the word of a token s[0..n)
 * (another word may have taken the entry since the lexer looked)?  The
 * token is in the coder's text buffer, which has room to read 8 bytes
 * past it; the entry's word is zero-padded. */
static inline int coder_cache_holds(const lexcache_ent *ce, const char *s, uint32_t n)
{
	uint32_t i;
	uint64_t a, b;
	if (ce->len != n)
		return 0;
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&a, ce->s + i, 8);
		memcpy(&b, s + i, 8);
		if (a != b)
			return 0;
	}
	if (i == n)
		return 1;
	memcpy(&a, ce->s + i, 8);
	memcpy(&b, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return ((a ^ b) & (~(uint64_t)0 >> (64 - 8 * (n - i)))) == 0;
#else
	return memcmp(ce->s + i, s + i, n - i) == 0;
#endif
}

/* lexcache_ent.root: the root a word heads by itself, when every root under
 * its prefix words is one word long (then it depends on the word alone,
 * not on the sentence): LROOT_UNKNOWN not computed yet, LROOT_NO not
 * cacheable, LROOT_NONE no root, else LROOT_ENTRY + dict_entry index. */
enum { LROOT_UNKNOWN = 0, LROOT_NO = 1, LROOT_NONE = 2, LROOT_ENTRY = 3 };

/* c->lexroot1[slot], for a word whose roots are not all one word long
 * (LROOT_NO): the best of its one-word roots, which depends on the word
 * alone; make_roots then tries only the longer roots against it.  e: 0
 * not computed, 1 none, else 2 + dict_entry index; m and rank as in
 * parse.c try_root. */
typedef struct lexroot1_ent {
	uint32_t e, m, rank;
} lexroot1_ent;

typedef struct actref {
	int32_t where;         /* head token; -1 empty; CODER_DEFAULT for default actors */
	char code[TIDES_ACTOR_MAX];   /* actor code (first of a coded compound) */
	char agent[TIDES_ACTOR_MAX];  /* agent code "~GOV" or "NGM~", "" none */
	uint32_t actor;        /* dict_actor index, or UINT32_MAX (agent converted / default) */
	int32_t agtloc;        /* agent head token or -1 */
} actref;

#define CODER_DEFAULT 0x7fffff00
#define CODER_EPOCH_MAX 65535
typedef uint16_t coder_epoch; /* see tides_coder.epoch */
/* Per dictionary word: the epoch of the last sentence with a token it is
 * a prefix of (any), or that equals it (exact, petr).  Side by side, as
 * the lexer marks both for a token's own word (one cache line, not two). */
typedef struct coder_seen {
	coder_epoch any, exact;
} coder_seen;
#define CODER_BM_WORDS 512      /* 64-bit words of a bloom filter (coder_word_bit) */

typedef struct cevent {
	actref src, tgt;
	const dict_pattern *pat;
	const char *code;      /* pattern code or code2 */
	int verb;              /* verb token */
	int sub, dom, isevt;
	int tstart, tend;      /* matched pattern span (tokens) for verb_text */
} cevent;

/* results of one sentence */
enum { CS_OK = 0, CS_NOEVENT, CS_COMPLEX, CS_DISCARD, CS_SHORT };

/* emit(): root, quad and goldstein of recent event codes */
#define CODER_CAMEO_MEMO 64
typedef struct cameo_memo {
	const char *code;            /* the code string (a pattern's), NULL empty */
	int quadconv;
	char root[3];
	int quad;
	double goldstein;
} cameo_memo;

struct tides_coder {
	tides_ctx *ctx;
	const tides_dicts *d;
	dict_options opt;        /* copy, changed by set_option */
	tides_quad_convention quad;

	/* sentence */
	char *text; size_t textcap;  /* filtered, upper-cased text */
	const char *orig;            /* original sentence */
	ctok *tok; int ntok;         /* ntok tokens, tok[ntok] is the Halt sentinel */
	int caps;                    /* all-caps record */
	int32_t date;                /* YYYYMMDD of the story */
	int32_t shift;               /* time shift in days */
	int nclauses;
	int cstart[CODER_MAX_TOKENS], cend[CODER_MAX_TOKENS];
	int ncompound;
	int nloc;                    /* actor tokens marked TF_LOC */
	int nposs;                   /* petr: actor roots ending in 'S or S' (make_roots) */
	int ncomma, nconj, nsubord;  /* comma tokens (lexer), conjunction roots
	                              * (make_roots), subordinate clauses: the
	                              * passes that look for them skip sentences
	                              * without any */
	int complex, discard, tooshort;
	char issues[TIDES_TEXT_MAX];  /* issue codes of the sentence, comma-separated */

	/* <CAPNAME> words ("GATES"), once per coder (capname_words), and the
	 * full names ending in one of them that this story gave ("BILL
	 * GATES"): a bare "Gates" later in the story is that name, not the
	 * office holder (parse.c capname_remember) */
	uint32_t *capword; uint32_t ncapword;
	/* the actor entries that are such a word after a title of two words or
	 * more ("MICROSOFT FOUNDER GATES"), for the title in other places
	 * ("Gates, the Microsoft founder,": parse.c capname_titled) */
	uint32_t *captitled; uint32_t ncaptitled;
	struct capfull { uint32_t word, entry; } capfull[8];
	int ncapfull;

	/* forwarding between sentences of one story */
	int fwd_ok;
	actref fwd_actor;
	int fwd_has;

	/* coding state (TABARI CoderClass) */
	int istart, iend;
	actref source, target;
	int reg_source, reg_target, passive;
	cevent ev[CODER_MAX_EVENTS]; int nev;
	/* match scratch */
	int idx_source, idx_target, idx_compound;
	int lenalt;
	int first_exact;             /* next word compared must be whole */
	coder_seen *seen;            /* per word id: epochs of the last sentence holding it */
	uint32_t epoch;              /* 1..CODER_EPOCH_MAX, then seen[] is cleared: 16
	                              * bits keep seen[] small enough for the CPU caches
	                              * and the clearing rare (8 bits cost a memset of
	                              * the array every 255 sentences) */
	uint32_t epoch_gen;          /* times the epoch started again at 1 */
	uint32_t *seen_list;         /* the words marked this sentence */
	uint32_t nseen, seen_cap;
	uint32_t *cand;              /* candidate pattern positions (max_npat) */
	uint32_t *tok_ids;           /* CODER_MAX_TOKENS * CODER_TOK_IDS: see ctok.ids_first */
	uint32_t ntok_ids;
	lexcache_ent *lexcache;      /* LEXCACHE_SIZE entries, 64-byte aligned in lexcache_mem */
	lexroot1_ent *lexroot1;      /* LEXCACHE_SIZE: their one-word roots */
	void *lexcache_mem;
	/* match.c scratch (coder_match_alloc): per synset, the members that can
	 * match in this sentence, computed on first use (syn_epoch = c->epoch) */
	uint32_t *syn_epoch, *syn_nlive, *syn_live;
	uint32_t syn_gen, syn_built;  /* syn_built: epoch of the inverted pass */
	uint32_t *wsyn_off;          /* per word id: members starting with it */
	struct wsyn_ent {            /* (wsyn[wsyn_off[w] .. wsyn_off[w + 1])), with what
	                              * synsets_build needs in one place */
		uint32_t m, si;          /* member, its synset */
		uint32_t live_first;     /* the synset's first member (its live list) */
		uint32_t exact;          /* the member's first word must be a whole token */
	} *wsyn;
	uint64_t syn_first_bm[CODER_BM_WORDS]; /* bloom (coder_word_bit) of the members' first words */
	uint32_t *mem_wfirst, *mem_wlast; /* per member: its first / last word when a
	                              * word the lexer lists as a prefix, else 0 */
	/* the sentence's words that file a verb pattern (coder_candidates) or
	 * begin a synset member (synsets_build), from seen_list once per
	 * sentence (coder_roles): the passes over them skip the others */
	uint8_t *word_role;          /* per word id: ROLE_* */
	uint32_t *role_vlist, *role_slist, nrole_v, nrole_s;
	uint32_t role_epoch, role_gen; /* epoch / epoch_gen of the lists */
	uint32_t *mem_syn;           /* per member: its synset; UINT32_MAX when it is
	                              * not a synset's or its synset has a member
	                              * that does not start with a word */
	int debug;                   /* TIDES_CODER_DEBUG set */
	int span_lo, span_hi;
	int show_lo, show_hi; /* the span less $/+ slots at its ends: verb_text */

	/* output */
	tides_event *out; size_t nout, outcap;
	cameo_memo cmemo[CODER_CAMEO_MEMO];
	char dmemo_s[16]; size_t dmemo_n; int32_t dmemo_v; /* date_num_memo(); dmemo_n 0: none */
	int last_status;             /* CS_* of the last sentence */
	int story_status;            /* worst over the story */
	int sent_status[64];         /* CS_* of the first 64 sentences */

	/* zh hook (src/text/zh-coder.c): made on the first Chinese sentence */
	struct zh_hook *zh;
	int lang_zh;                 /* the sentence being coded is Chinese */
};

enum { ROLE_VKEY = 1, ROLE_SYN = 2 };

/* The bit of a word id in a 32768-bit bloom filter (syn_first_bm): few
 * false hits for a thousand words, and 4 KB stay in the L1 cache. */
static inline uint32_t coder_word_bit(uint32_t w)
{
	return (w * 2654435761u) >> 17;
}
static inline int coder_bm_has(const uint64_t *bm, uint32_t w)
{
	uint32_t b = coder_word_bit(w);
	return (int)(bm[b >> 6] >> (b & 63) & 1);
}

/* The root heads of token k (ctok.pfx, npfx), filled on first use: the
 * lexer's cache hit leaves them as a mask over the token's word list, as
 * most tokens have their root remembered and never need them. */
static inline void coder_tok_pfx(const tides_coder *c, ctok *k)
{
	if (k->pfx_lazy) {
		const uint32_t *ids = c->tok_ids + k->ids_first;
		unsigned mask = k->pfxmask, np = 0;
#if defined(__GNUC__)
		while (mask) {
			k->pfx[np++] = ids[__builtin_ctz(mask)];
			mask &= mask - 1;
		}
#else
		unsigned i;
		for (i = 0; i < 8; i++)
			if (mask >> i & 1)
				k->pfx[np++] = ids[i];
#endif
		k->npfx = (uint8_t)np;
		k->pfx_lazy = 0;
	}
}

/* token.c */
int coder_lex(tides_coder *c, const char *text, size_t len);
/* The lexer's character classes (ASCII punctuation rules in token.c;
 * every byte >= 0x80 is LXC_HIGH).  Letters and digits come first: the
 * lexer tests `class <= LXC_DIGIT` for a byte that continues a word. */
enum { LXC_LETTER = 0, LXC_DIGIT, LXC_HIGH, LXC_BLANK, LXC_COMMA, LXC_PERIOD, LXC_KEEP, LXC_QUOTE };
extern const uint8_t coder_lex_class[256];
extern const uint8_t coder_lex_fold[256]; /* a-z to A-Z, other bytes unchanged */

/* parse.c */
void coder_parse(tides_coder *c);
int coder_actor_head(const tides_coder *c, int loc);
int coder_is_actor_head(const tides_coder *c, int loc);
/* (inline: the event rules call these for every actor they look at) */
static inline int coder_actor_tail(const tides_coder *c, int loc)
{
	if (c->tok[loc].pron)
		return loc;
	if (c->tok[loc].htag)
		return c->tok[loc].rtail;
	while (loc < c->iend && !c->tok[loc].ttag)
		loc++;
	return loc;
}
/* The token a pronoun at loc refers to (through chains), else loc. */
static inline int coder_deref(const tides_coder *c, int loc)
{
	int guard = 0;
	while (loc >= 0 && c->tok[loc].pron && c->tok[loc].ref >= 0 && guard++ < 32)
		loc = c->tok[loc].ref;
	return loc;
}
/* Date-resolved code of a dict_actor; NULL if none applies. */
const char *coder_actor_code(const tides_dicts *d, uint32_t actor, int32_t date);

/* match.c: literal and phrase matching */
int coder_lit_match(const tides_coder *c, int t, const dict_elem *e);
/* Tries pattern p on the verb at token v; fills c->idx_* and c->lenalt. */
int coder_check_pattern(tides_coder *c, const dict_pattern *p, int v);
/* Scratch of the matcher, sized from c->d; 0 or -1 (out of memory). */
int coder_match_alloc(tides_coder *c);
void coder_match_free(tides_coder *c);
/* The number of members of synset si that can match in this sentence. */
uint32_t coder_synset_nlive(tides_coder *c, uint32_t si);
/* petr: 0 when some synset of p has no member that can match in this
 * sentence (CAMEO.2.0 is synset-heavy); inline, as it runs for most
 * candidate patterns and the answer is mostly known this sentence. */
static inline int coder_synsets_possible(tides_coder *c, const dict_pattern *p)
{
	const uint32_t *syn = c->d->psyn + p->syn_first;
	uint32_t i;
	for (i = 0; i < p->nsyn; i++) {
		uint32_t si = syn[i];
		if (c->syn_epoch[si] == c->epoch && c->epoch_gen == c->syn_gen) {
			if (!c->syn_nlive[si]) /* known this sentence: no live member */
				return 0;
			continue;
		}
		if (coder_synset_nlive(c, si) == 0)
			return 0;
	}
	return 1;
}
/* Positions of the verb's patterns whose filing word is in the sentence
 * (plus those without words), ascending, in c->cand; -1 to try them all. */
long coder_candidates(tides_coder *c, const dict_verb *v);

/* emit.c: the sentence's events (c->ev) appended to c->out as
 * tides_event records; 0 or -1 (out of memory). */
int coder_emit(tides_coder *c, const tides_sentence *s, const char *date);

/* coder.c and emit.c: small string helpers */
/* src into dst[cap] as tides_strlcpy_utf8 does (cut at a character
 * boundary); a plain copy when it fits, the common case */
static inline void coder_copy_str(char *dst, const char *src, size_t cap)
{
	size_t n = strlen(src);
	if (n < cap)
		memcpy(dst, src, n + 1);
	else
		tides_strlcpy_utf8(dst, src, cap);
}

/* Is s exactly three ch ("---", "###", "+++")? */
static inline int coder_is3(const char *s, char ch)
{
	return s[0] == ch && s[1] == ch && s[2] == ch && s[3] == '\0';
}

#endif
