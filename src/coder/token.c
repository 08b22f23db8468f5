/*
 * token.c — the lexer: sentence text to upper-case tokens, TABARI style.
 *
 * Filtering rules (TABARI's filterText): ';' ':' '(' ')' become commas;
 * a comma is a token of its own unless it sits between two digits (then it
 * is dropped: 50,000); a period survives inside numbers and after a capital
 * letter (U.S.), otherwise it is a blank; apostrophes and '$' stay in the
 * word; '"' is a token of its own; every other ASCII punctuation mark is a
 * blank.  Bytes >= 0x80 (UTF-8) are word characters.
 *
 * Beyond TABARI (whose texts were ASCII): Latin letters outside ASCII
 * (Latin-1, Latin Extended-A/B and Additional: É, Č, Ł, Ş, Ệ) are
 * upper-cased too (ICU's simple mapping), so "Élysée" meets the
 * dictionary's ÉLYSÉE; typographic punctuation becomes its ASCII
 * equivalent before the rules above (’ ‘ → ', “ ” « » → ", dashes →
 * blank, no-break and other spaces → blank), so "Lavrov’s" is LAVROV'S;
 * Chinese sentences keep their punctuation (the segmenter made tokens of
 * it).  A period after a capital is kept for abbreviations (U.S., J.) but
 * not at the end of a word of several letters without other periods:
 * "joined NATO." is NATO, as TABARI would need the dictionary to say
 * "NATO." to see it.  A record with no
 * lower-case letter is "all caps" and carries no capitalisation flags;
 * otherwise the first capitalised word is flagged initial, later ones
 * mid-sentence (a capitalised verb is then read as a noun).
 *
 * Tokens point into c->text, a buffer reused between sentences; the token
 * array has a fixed capacity (CODER_MAX_TOKENS); longer sentences are
 * truncated, which is what TABARI does with overlong sentences.
 *
 * Speed (every sentence passes here): one pass over the text filters and
 * cuts tokens at once, driven by a 256-entry class table; the letters and
 * digits of a word are copied and upper-cased 8 bytes at a time.  Each
 * token's dictionary prefix words come from a two-way cache of recent
 * words (one 64-byte line per word, keyed by the word as 8-byte words);
 * the token keeps them (ctok.ids_first) for the root index and the pattern
 * matcher, and they are marked in the sentence's word set (c->seen).
 */
#include "coder/coder.h"

#include <stddef.h>
#include <string.h>

#include <unicode/uchar.h>

#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Latin letters beyond ASCII that have case. */
static int is_latin_ext(uint32_t cp)
{
	return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* The ASCII stand-in of typographic punctuation, or 0. */
static char typo_ascii(uint32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB: case 0xBB: case 0x2033:
		return '"';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
	case 0x2212: case 0x2026:
		return '-';
	case 0xA0: case 0x2002: case 0x2003: case 0x2009: case 0x200A: case 0x202F:
	case 0x205F:
		return ' ';
	}
	return 0;
}

/* Is the character at text[i] (a byte >= 0x80) an upper- (1) or
 * lower-case (-1) Latin letter?  0 otherwise. */
static int latin_case(const char *text, size_t n, size_t i)
{
	uint32_t cp;
	if (!tides_utf8_decode(text + i, n - i, &cp) || !is_latin_ext(cp))
		return 0;
	return u_isupper((UChar32)cp) ? 1 : u_islower((UChar32)cp) ? -1 : 0;
}

static int is_word_byte(unsigned char c)
{
	return ((unsigned)((c | 0x20) - 'a') < 26u) || is_digit(c) || c >= 0x80;
}

/* The filter's character classes (coder.h: LXC_*), one byte per byte
 * value: the main loop makes one table lookup per character and the
 * letters and digits of a word take the first branch. */
#define LL LXC_LETTER
#define DD LXC_DIGIT
#define HH LXC_HIGH
#define BB LXC_BLANK
#define CC LXC_COMMA
#define PP LXC_PERIOD
#define KK LXC_KEEP
#define QQ LXC_QUOTE
const uint8_t coder_lex_class[256] = {
	BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB,
	BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB, BB,
	BB, BB, QQ, BB, KK, BB, BB, KK, CC, CC, BB, BB, CC, BB, PP, BB,
	DD, DD, DD, DD, DD, DD, DD, DD, DD, DD, CC, CC, BB, BB, BB, BB,
	BB, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL,
	LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, BB, BB, BB, BB, BB,
	BB, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL,
	LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, LL, BB, BB, BB, BB, BB,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
	HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH, HH,
};
#undef LL
#undef DD
#undef HH
#undef BB
#undef CC
#undef PP
#undef KK
#undef QQ

/* ASCII upper-casing of every byte (the others map to themselves). */
const uint8_t coder_lex_fold[256] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
	0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
	0x58, 0x59, 0x5a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
	0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
	0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
	0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

struct seen_arg {
	tides_coder *c;
	ctok *k;
	int hit;
	uint32_t exact;        /* petr: the word equal to the whole token */
	lexcache_ent *ce;      /* being filled, or NULL */
};

static void note_seen(tides_coder *c, uint32_t id)
{
	if (c->seen[id].any != c->epoch) {
		c->seen[id].any = (coder_epoch)c->epoch;
		if (c->nseen < c->seen_cap)
			c->seen_list[c->nseen] = id;
		c->nseen++; /* counts past the cap: then no candidate lists */
	}
}

static void mark_seen(void *arg, uint32_t id, size_t len)
{
	struct seen_arg *a = arg;
	a->hit = 1;
	note_seen(a->c, id);
	if (a->k->nids < CODER_TOK_IDS)
		a->c->tok_ids[a->k->ids_first + a->k->nids++] = id;
	else
		a->k->ids_over = 1;
	if (len == a->k->len)
		a->exact = id;
	if (a->ce) {
		if (a->ce->nids < LEXCACHE_IDS)
			a->ce->ids[a->ce->nids++] = id;
		else
			a->ce = NULL; /* too many to remember */
	}
	/* petr: a head that cannot match a longer token is not offered for one */
	if (a->c->d->word_is_stem[id] && (len == a->k->len || (a->c->d->word_is_stem[id] & 2))) {
		ctok *k = a->k;
		if (a->ce)
			a->ce->pfxmask |= (uint8_t)(1u << (a->ce->nids - 1));
		if (k->npfx == sizeof k->pfx / sizeof k->pfx[0]) {
			memmove(k->pfx, k->pfx + 1, sizeof k->pfx - sizeof k->pfx[0]);
			k->npfx--;
		}
		k->pfx[k->npfx++] = id;
	}
}

_Static_assert(sizeof(lexcache_ent) == 64, "a lexer cache entry is one cache line");

static uint64_t load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, sizeof x);
	return x;
}

/* Is the token tok[0..n) the cached word w (zero-padded to LEXCACHE_WORD)?
 * Reads up to 8 bytes past the token's end (the text buffer has room;
 * those bytes are masked off). */
static inline int same_word(const char *w, const char *tok, uint32_t n)
{
	uint32_t i = 0;
	for (; i + 8 <= n; i += 8)
		if (load8(w + i) != load8(tok + i))
			return 0;
	if (i == n)
		return 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return ((load8(w + i) ^ load8(tok + i)) & (~(uint64_t)0 >> (64 - 8 * (n - i)))) == 0;
#else
	return memcmp(w + i, tok + i, n - i) == 0;
#endif
}

/* The miss path of word_literals(): the token's prefix words from the
 * dictionary's prefix table, remembered in cache entry ce (NULL: not
 * cacheable) when they fit. */
static int word_lookup(tides_coder *c, ctok *k, lexcache_ent *ce, uint32_t h)
{
	struct seen_arg a;
	a.c = c;
	a.k = k;
	a.hit = 0;
	a.exact = 0;
	a.ce = ce;
	if (ce) {
		ce->len = 0;
		ce->nids = 0;
		ce->pfxmask = 0;
	}
	dict_prefixes(c->d, k->s, k->len, mark_seen, &a);
	c->ntok_ids += k->nids;
	if (a.exact)
		c->seen[a.exact].exact = (coder_epoch)c->epoch;
	if (!a.ce)
		k->lslot = UINT32_MAX; /* not remembered */
	if (a.ce) {
		ce->exact = a.exact;
		memset(ce->s, 0, sizeof ce->s);
		memcpy(ce->s, k->s, k->len);
		ce->lit = (uint8_t)a.hit;
		ce->len = (uint8_t)k->len;
	}
	return a.hit;
}

#define LEX_NONE ((size_t)-1)

#if defined(__GNUC__)
#define LEX_INLINE __attribute__((always_inline)) inline
#define LEX_NOINLINE __attribute__((noinline))
#else
#define LEX_INLINE inline
#define LEX_NOINLINE
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
#define LEX_SWAR 1 /* 8 bytes at a time (little-endian words, __builtin_ctzll) */
#else
#define LEX_SWAR 0
#endif

/* The lexer cache's hash of a token s[0..n): 8 bytes at a time (it may
 * read up to 7 bytes past the token; the text buffer has room). */
static LEX_INLINE uint32_t tok_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
#if LEX_SWAR
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		h = (h ^ load8(s + i)) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < n) {
		h = (h ^ (load8(s + i) & (~(uint64_t)0 >> (64 - 8 * (n - i))))) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
#else
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	h ^= h >> 32;
#endif
	return (uint32_t)h;
}

/* Some prefix of the word is a dictionary word (TABARI: "has literals");
 * every such word is marked as present in the sentence, so patterns whose
 * words are absent are not even tried.  News text repeats its words, so
 * the answer for a word is remembered in a direct-mapped cache indexed by
 * tok_hash(); this is the hit path, word_lookup() the rest. */
static LEX_INLINE int word_literals(tides_coder *c, ctok *k)
{
	lexcache_ent *ce;
	uint32_t h, i;
	/* npfx is 0 (lex_token cleared the token); lslot is set on every path */
	k->ids_first = (uint16_t)c->ntok_ids;
	if (k->len > LEXCACHE_WORD)
		return word_lookup(c, k, NULL, 0);
#if LEX_SWAR
	if (k->len <= 8) {
		/* a short word (most are) is one zero-padded 8-byte word: hashed
		 * (as tok_hash() would) and compared with the cached word at once */
		uint64_t w0 = load8(k->s) & (~(uint64_t)0 >> (64 - 8 * k->len)), x;
		x = (0x9e3779b97f4a7c15ULL ^ k->len ^ w0) * 0xff51afd7ed558ccdULL;
		h = (uint32_t)(x ^ (x >> 32));
		ce = &c->lexcache[h & (LEXCACHE_SIZE - 2)];
		if (!(ce->len == k->len && load8(ce->s) == w0)) {
			ce++;
			if (!(ce->len == k->len && load8(ce->s) == w0))
				ce = NULL;
		}
	} else
#endif
	{
		h = tok_hash(k->s, k->len);
		ce = &c->lexcache[h & (LEXCACHE_SIZE - 2)];
		if (!(ce->len == k->len && same_word(ce->s, k->s, k->len))) {
			ce++;
			if (!(ce->len == k->len && same_word(ce->s, k->s, k->len)))
				ce = NULL;
		}
	}
	if (!ce) {
		/* two ways: the pair of entries at an even slot, the newer first;
		 * the older goes, the newer moves there, the word takes its place */
		ce = &c->lexcache[h & (LEXCACHE_SIZE - 2)];
		if (ce->len) {
			uint32_t slot = (uint32_t)(ce - c->lexcache);
			ce[1] = ce[0];
			c->lexroot1[slot + 1] = c->lexroot1[slot];
		}
		ce->root = LROOT_UNKNOWN;
		c->lexroot1[ce - c->lexcache].e = 0;
		k->lslot = (uint32_t)(ce - c->lexcache);
		return word_lookup(c, k, ce, h);
	}
	{
		coder_seen *seen = c->seen;
		coder_epoch ep = (coder_epoch)c->epoch;
		uint32_t ns = c->nseen, *sl = c->seen_list, nids;
		k->lslot = (uint32_t)(ce - c->lexcache);
		k->lroot = ce->root;
		memcpy(c->tok_ids + c->ntok_ids, ce->ids, sizeof ce->ids); /* fixed size */
		k->nids = ce->nids;
		c->ntok_ids += ce->nids;
		/* nids in a local: the byte stores to seen[] may alias the entry */
		for (i = 0, nids = ce->nids; i < nids; i++) {
			/* without a branch (whether a word is new this sentence
			 * is not predictable): the store to sl[ns] is kept only
			 * when it is; ns < seen_cap, the number of words + 1 */
			uint32_t id = ce->ids[i], fresh = seen[id].any != ep;
			seen[id].any = ep;
			sl[ns] = id;
			ns += fresh;
		}
		/* the root heads among them: a mask, expanded when needed */
		k->pfxmask = ce->pfxmask;
		k->pfx_lazy = ce->pfxmask != 0;
		c->nseen = ns;
		if (ce->exact)
			c->seen[ce->exact].exact = (coder_epoch)c->epoch;
		return ce->lit;
	}
}

#if LEX_SWAR
#define LEX_ONES 0x0101010101010101ULL
#define LEX_HIGH 0x8080808080808080ULL
/* Bytes of v with their high bit set where the byte is in [lo, hi]; only
 * for bytes < 0x80 (the caller masks the others). */
static uint64_t swar_in(uint64_t v, unsigned lo, unsigned hi)
{
	uint64_t ge = v + LEX_ONES * (0x80 - lo), gt = v + LEX_ONES * (0x7f - hi);
	return ge & ~gt & LEX_HIGH;
}
#endif

/* Appends the token t[0..n) (NUL-terminated), text[off..last] in the
 * original, with hash h, to c->tok: its word type and flags.  Returns -1
 * once the token array is full (TABARI truncates overlong sentences). */
static LEX_INLINE int lex_token_in(tides_coder *c, const char *text, size_t len, const char *s,
                                   size_t n, uint32_t off, uint32_t last, int *first)
{
	ctok *k;
	unsigned char c0;
	if (c->ntok >= CODER_MAX_TOKENS - 2)
		return -1;
	k = &c->tok[c->ntok++];
	memset(k, 0, offsetof(ctok, pfx));
	k->s = s;
	k->len = (uint32_t)n;
	k->off = off;
	k->olen = last - off + 1;
	k->entry = UINT32_MAX;
	k->ref = -1;
	k->rhead = -1;
	c0 = (unsigned char)text[off];
	if (!c->caps && (is_upper(c0) || (c0 >= 0x80 && !c->lang_zh && latin_case(text, len, off) > 0))) {
		if (*first) {
			k->lex |= LX_INITCAP;
			*first = 0;
		} else {
			k->lex |= LX_MIDCAP;
		}
	}
	if (n == 1 && s[0] == ',') {
		k->lex |= LX_COMMA;
		k->wtype = W_COMMA;
		k->ids_over = 1;
		c->ncomma++;
	} else if (n == 1 && s[0] == '"') {
		k->wtype = W_QUOTE;
		k->ids_over = 1;
	} else if (word_literals(c, k)) {
		k->lex |= LX_LIT;
	} else if (is_digit((unsigned char)s[0])) {
		k->lex |= LX_NUMBER;
		k->wtype = W_NUMBER;
	}
	return 0;
}

/* lex_token_in() where a token ends at a blank (most end there); the
 * other ends call this copy: the lexer's code stays small enough for the
 * instruction cache (inlined at every end, coder_lex was 15 KB) */
static LEX_NOINLINE int lex_token(tides_coder *c, const char *text, size_t len, const char *s,
                                  size_t n, uint32_t off, uint32_t last, int *first)
{
	return lex_token_in(c, text, len, s, n, off, last, first);
}

/* The filter's output state lives in locals (o, ts, off, last: the
 * open token starts at t[ts], LEX_NONE between tokens) so the compiler
 * keeps them in registers; these macros change it. */
#define LEX_PUT(b, pos)                                                                \
	do {                                                                           \
		if (ts == LEX_NONE) {                                                  \
			ts = o;                                                        \
			off = (uint32_t)(pos);                                         \
		}                                                                      \
		t[o++] = (char)(b);                                                    \
		last = (uint32_t)(pos);                                                \
	} while (0)
#define LEX_CLOSE() LEX_CLOSE_BY(lex_token)
#define LEX_CLOSE_BY(fn)                                                               \
	do {                                                                           \
		if (ts != LEX_NONE) {                                                  \
			t[o++] = '\0';                                                 \
			if (fn(c, text, len, t + ts, o - 1 - ts, off, last, &first) < 0) \
				goto full;                                             \
			ts = LEX_NONE;                                                 \
		}                                                                      \
	} while (0)

/* Does the open token t[ts..o) hold a period, or is it one byte long (an
 * initial)?  Then a period after its capital stays. */
static int keeps_period(const char *t, size_t ts, size_t o)
{
	size_t k;
	if (ts == LEX_NONE)
		return 1;
	for (k = ts; k < o; k++)
		if (t[k] == '.')
			return 1;
	return o - ts <= 1;
}

/* Is the text "all caps": no lower-case letter (ASCII, or Latin in
 * English)?  8 bytes a step: a Chinese sentence has no letter to stop
 * at, so the whole text is scanned (bytewise, ~370 instructions a
 * sentence).  Per byte, on its low 7 bits (no carry between bytes):
 * + 0x1F sets bit 7 from 'a' (0x61) up, + 0x05 from '{' (0x7B) up. */
static int all_caps(const tides_coder *c, const char *text, size_t len)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL, hi = 0x8080808080808080ULL;
	size_t i = 0, j;
	for (; i + 8 <= len; i += 8) {
		uint64_t x, l;
		memcpy(&x, text + i, sizeof x);
		l = x & lo7;
		if ((l + 0x1F1F1F1F1F1F1F1FULL) & ~(l + 0x0505050505050505ULL) & ~x & hi)
			return 0;
		if ((x & hi) && !c->lang_zh)
			for (j = i; j < i + 8; j++)
				if ((unsigned char)text[j] >= 0xC3 && (unsigned char)text[j] < 0xE2 &&
				    latin_case(text, len, j) < 0)
					return 0;
	}
	for (; i < len; i++)
		if (is_lower((unsigned char)text[i]) ||
		    ((unsigned char)text[i] >= 0xC3 && (unsigned char)text[i] < 0xE2 &&
		     !c->lang_zh && latin_case(text, len, i) < 0))
			return 0;
	return 1;
}

int coder_lex(tides_coder *c, const char *text, size_t len)
{
	size_t i, need, o = 0, ts = LEX_NONE;
	uint32_t off = 0, last = 0;
	char *t;
	int first = 1;
	/* TABARI truncates overlong sentences; so do we, before any work */
	if (len > CODER_TEXT_MAX)
		len = CODER_TEXT_MAX;
	/* at most three bytes out per byte in, a NUL, and room for same_word()
	 * to read a word past the last token */
	need = len * 3 + 4 + LEXCACHE_WORD + 8;
	if (need > c->textcap) {
		char *nt = tides_realloc(c->text, need);
		if (!nt)
			return -1;
		c->text = nt;
		c->textcap = need;
	}
	t = c->text;
	c->nseen = 0;
	if (++c->epoch > CODER_EPOCH_MAX) {
		memset(c->seen, 0, sizeof *c->seen * c->d->nwords);
		c->epoch = 1;
		c->epoch_gen++;
	}
	c->caps = all_caps(c, text, len);
	c->ntok = 0;
	c->ntok_ids = 0;
	c->ncomma = 0;
	/* One pass: filter each character and cut the tokens as they end.
	 * Letters are upper-cased ASCII-wise; the FNV-1a hash of each token
	 * (the lexer cache's index) is computed on the way. */
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i], prev, next;
		unsigned cl = coder_lex_class[ch];
		if (cl <= LXC_DIGIT) {
			/* the fast path: the run of letters and digits of a word,
			 * upper-cased (8 bytes at a time where the text allows) */
			if (ts == LEX_NONE) {
				ts = o;
				off = (uint32_t)i;
			}
#if LEX_SWAR
			while (i + 8 <= len) {
				/* per byte, on its low 7 bits (no carry between bytes);
				 * & ~v drops the bytes >= 0x80 */
				uint64_t v = load8(text + i), v7 = v & ~LEX_HIGH, letter, word, stop;
				letter = swar_in(v7 | LEX_ONES * 0x20, 'a', 'z') & ~v;
				word = letter | (swar_in(v7, '0', '9') & ~v);
				v &= ~(letter >> 2); /* upper-case: clear 0x20 of the letters */
				memcpy(t + o, &v, sizeof v);
				stop = ~word & LEX_HIGH;
				if (!stop) {
					o += 8;
					i += 8;
					continue;
				}
				o += (size_t)__builtin_ctzll(stop) >> 3;
				i += (size_t)__builtin_ctzll(stop) >> 3;
				goto run_end;
			}
#endif
			while (i < len && coder_lex_class[(unsigned char)text[i]] <= LXC_DIGIT)
				t[o++] = (char)coder_lex_fold[(unsigned char)text[i++]];
#if LEX_SWAR
		run_end:
#endif
			last = (uint32_t)(i - 1);
			i--; /* the loop's i++ comes to the byte that ended the run */
			continue;
		}
		switch (cl) {
		case LXC_HIGH:
			if (c->lang_zh) {
				/* zh hook text: every byte >= 0x80 is a word byte
				 * as it is, so the whole run goes at once, 8 bytes a
				 * step (t has room for 8 more: o <= 3 * j) */
				size_t j = i;
				if (ts == LEX_NONE) {
					ts = o;
					off = (uint32_t)i;
				}
				while (j + 8 <= len) {
					uint64_t v, stop;
					memcpy(&v, text + j, sizeof v);
					memcpy(t + o, &v, sizeof v);
					stop = ~v & 0x8080808080808080ULL;
					if (!stop) {
						o += 8;
						j += 8;
						continue;
					}
#if LEX_SWAR
					o += (size_t)__builtin_ctzll(stop) >> 3;
					j += (size_t)__builtin_ctzll(stop) >> 3;
					goto zh_run_end;
#else
					break;
#endif
				}
				while (j < len && (unsigned char)text[j] >= 0x80)
					t[o++] = text[j++];
#if LEX_SWAR
			zh_run_end:
#endif
				last = (uint32_t)(j - 1);
				i = j - 1; /* the loop's i++ comes to the byte after the run */
				break;
			}
			if (!c->lang_zh) {
				uint32_t cp;
				size_t k = tides_utf8_decode(text + i, len - i, &cp), m, j;
				char enc[4];
				if (k > 1 && is_latin_ext(cp)) {
					/* upper-case; the last byte out maps to the last byte in */
					m = tides_utf8_put(enc, (uint32_t)u_toupper((UChar32)cp));
					for (j = 0; j < m; j++)
						LEX_PUT(enc[j], i + (j < k ? j : k - 1));
					i += k - 1;
					break;
				}
				if (k > 1 && (enc[0] = typo_ascii(cp)) != 0) {
					if (enc[0] == '\'') {
						LEX_PUT('\'', i);
					} else {
						LEX_CLOSE();
						if (enc[0] == '"') {
							LEX_PUT('"', i);
							LEX_CLOSE();
						}
					}
					i += k - 1;
					break;
				}
			}
			LEX_PUT(ch, i);
			break;
		case LXC_COMMA:
			prev = i ? (unsigned char)text[i - 1] : ' ';
			next = i + 1 < len ? (unsigned char)text[i + 1] : ' ';
			if (ch == ',' && is_digit(prev) && is_digit(next))
				break; /* 50,000: the number goes on */
			LEX_CLOSE();
			LEX_PUT(',', i);
			LEX_CLOSE();
			break;
		case LXC_PERIOD:
			prev = i ? (unsigned char)text[i - 1] : ' ';
			next = i + 1 < len ? (unsigned char)text[i + 1] : ' ';
			if ((is_digit(prev) && is_digit(next)) ||
			    (is_upper(prev) && (is_word_byte(next) || keeps_period(t, ts, o))))
				LEX_PUT('.', i);
			else
				LEX_CLOSE();
			break;
		case LXC_KEEP:
			LEX_PUT(ch, i);
			break;
		case LXC_QUOTE:
			LEX_CLOSE();
			LEX_PUT('"', i);
			LEX_CLOSE();
			break;
		default:
			LEX_CLOSE_BY(lex_token_in);
			break;
		}
	}
	LEX_CLOSE();
full:
	/* Halt sentinel */
	memset(&c->tok[c->ntok], 0, sizeof c->tok[0]);
	c->tok[c->ntok].s = "";
	c->tok[c->ntok].entry = UINT32_MAX;
	c->tok[c->ntok].ref = -1;
	c->tok[c->ntok].rhead = -1;
	c->tok[c->ntok].wtype = W_NULL;
	return 0;
}
