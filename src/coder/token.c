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

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
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

/* Does the word ending at t[o-1] hold a period, or is it one letter long
 * (an initial)?  Then a period after its capital stays. */
static int keeps_period(const char *t, size_t o)
{
	size_t k = o, n = 0;
	while (k > 0 && t[k - 1] != ' ') {
		if (t[k - 1] == '.')
			return 1;
		k--;
		n++;
	}
	return n <= 1;
}

static int is_word_byte(unsigned char c)
{
	return ((unsigned)((c | 0x20) - 'a') < 26u) || is_digit(c) || c >= 0x80;
}

struct seen_arg {
	tides_coder *c;
	ctok *k;
	int hit;
	uint32_t exact;        /* petr: the word equal to the whole token */
	lexcache_ent *ce;      /* being filled, or NULL */
};

static void note_seen(tides_coder *c, uint32_t id)
{
	if (c->seen[id] != c->epoch) {
		c->seen[id] = c->epoch;
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
	if (len == a->k->len)
		a->exact = id;
	if (a->ce) {
		if (a->ce->nids < sizeof a->ce->ids / sizeof a->ce->ids[0])
			a->ce->ids[a->ce->nids++] = id;
		else
			a->ce = NULL; /* too many to remember */
	}
	/* petr: a head that cannot match a longer token is not offered for one */
	if (a->c->d->word_is_stem[id] && (len == a->k->len || (a->c->d->word_is_stem[id] & 2))) {
		ctok *k = a->k;
		if (k->npfx == sizeof k->pfx / sizeof k->pfx[0]) {
			memmove(k->pfx, k->pfx + 1, sizeof k->pfx - sizeof k->pfx[0]);
			k->npfx--;
		}
		k->pfx[k->npfx++] = id;
	}
}

/* Some prefix of the word is a dictionary word (TABARI: "has literals");
 * every such word is marked as present in the sentence, so patterns whose
 * words are absent are not even tried.  News text repeats its words, so
 * the answer for a word is remembered in a small direct-mapped cache. */
static int word_literals(tides_coder *c, ctok *k)
{
	struct seen_arg a;
	lexcache_ent *ce = NULL;
	a.c = c;
	a.k = k;
	a.hit = 0;
	a.exact = 0;
	a.ce = NULL;
	k->npfx = 0;
	if (c->lexcache && k->len <= LEXCACHE_WORD) {
		uint32_t h = 2166136261u, i;
		for (i = 0; i < k->len; i++)
			h = (h ^ (unsigned char)k->s[i]) * 16777619u;
		ce = &c->lexcache[h & (LEXCACHE_SIZE - 1)];
		if (ce->len == k->len && ce->valid && memcmp(ce->s, k->s, k->len) == 0) {
			for (i = 0; i < ce->nids; i++)
				note_seen(c, ce->ids[i]);
			if (ce->exact)
				c->seen_exact[ce->exact] = c->epoch;
			k->npfx = ce->npfx;
			memcpy(k->pfx, ce->pfx, sizeof k->pfx[0] * ce->npfx);
			return ce->lit;
		}
		ce->valid = 0;
		ce->nids = 0;
		a.ce = ce;
	}
	dict_prefixes(c->d, k->s, k->len, mark_seen, &a);
	if (a.exact)
		c->seen_exact[a.exact] = c->epoch;
	if (a.ce) {
		ce->exact = a.exact;
		ce->len = (uint8_t)k->len;
		memcpy(ce->s, k->s, k->len);
		ce->npfx = k->npfx;
		memcpy(ce->pfx, k->pfx, sizeof k->pfx[0] * k->npfx);
		ce->lit = (uint8_t)a.hit;
		ce->valid = 1;
	}
	return a.hit;
}

int coder_lex(tides_coder *c, const char *text, size_t len)
{
	size_t i, o = 0, need = (len * 3 + 4 + 7) & ~(size_t)7;
	char *t;
	int first = 1, caps = 1;
	uint32_t *offs;
	/* TABARI truncates overlong sentences; so do we, before any work */
	if (len > CODER_TEXT_MAX) {
		len = CODER_TEXT_MAX;
		need = (len * 3 + 4 + 7) & ~(size_t)7;
	}
	if (need > c->textcap) {
		char *nt = tides_realloc(c->text, need * (1 + sizeof(uint32_t)));
		if (!nt)
			return -1;
		c->text = nt;
		c->textcap = need;
	}
	t = c->text;
	c->nseen = 0;
	if (++c->epoch > CODER_EPOCH_MAX) {
		memset(c->seen, 0, sizeof *c->seen * c->d->nwords);
		memset(c->seen_exact, 0, sizeof *c->seen_exact * c->d->nwords);
		c->epoch = 1;
		c->epoch_gen++;
	}
	offs = (uint32_t *)(void *)(c->text + c->textcap);
	for (i = 0; i < len; i++)
		if (is_lower((unsigned char)text[i]) ||
		    ((unsigned char)text[i] >= 0xC3 && (unsigned char)text[i] < 0xE2 &&
		     !c->lang_zh && latin_case(text, len, i) < 0)) {
			caps = 0;
			break;
		}
	c->caps = caps;
	/* filter: t[o] (upper-cased) with offs[o] = position in the original
	 * text; stop once more words than the token array holds were seen */
	{
		int words = 0;
		for (i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)text[i], prev, next;
			if ((unsigned)((ch | 0x20) - 'a') < 26u) { /* letter: the fast path */
				offs[o] = (uint32_t)i;
				t[o++] = (char)(ch & 0xdf);
				continue;
			}
			if (ch >= 0x80 && !c->lang_zh) {
				uint32_t cp;
				size_t k = tides_utf8_decode(text + i, len - i, &cp), m, j;
				char enc[4];
				if (k > 1 && is_latin_ext(cp)) {
					/* upper-case; the last byte out maps to the last byte in */
					m = put_utf8(enc, (uint32_t)u_toupper((UChar32)cp));
					for (j = 0; j < m; j++) {
						offs[o] = (uint32_t)(i + (j < k ? j : k - 1));
						t[o++] = enc[j];
					}
					i += k - 1;
					continue;
				}
				if (k > 1 && (enc[0] = typo_ascii(cp)) != 0) {
					if (enc[0] == '\'') {
						offs[o] = (uint32_t)i;
						t[o++] = '\'';
						i += k - 1;
						continue;
					}
					if (o && t[o - 1] != ' ' && ++words > CODER_MAX_TOKENS * 2)
						break;
					if (enc[0] == '"') {
						offs[o] = (uint32_t)i; t[o++] = ' ';
						offs[o] = (uint32_t)i; t[o++] = '"';
						offs[o] = (uint32_t)i; t[o++] = ' ';
					} else {
						offs[o] = (uint32_t)i;
						t[o++] = ' ';
					}
					i += k - 1;
					continue;
				}
			}
			if (is_digit(ch) || ch >= 0x80) {
				offs[o] = (uint32_t)i;
				t[o++] = (char)ch;
				continue;
			}
			if (o && t[o - 1] != ' ' && ++words > CODER_MAX_TOKENS * 2)
				break;
			if (ch <= ' ' || ch == 0x7f) {
				offs[o] = (uint32_t)i;
				t[o++] = ' ';
				continue;
			}
			prev = i ? (unsigned char)text[i - 1] : ' ';
			next = i + 1 < len ? (unsigned char)text[i + 1] : ' ';
			if (ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == ',') {
				if (ch == ',' && is_digit(prev) && is_digit(next))
					continue;
				offs[o] = (uint32_t)i; t[o++] = ' ';
				offs[o] = (uint32_t)i; t[o++] = ',';
				offs[o] = (uint32_t)i; t[o++] = ' ';
			} else if (ch == '.') {
				offs[o] = (uint32_t)i;
				if ((is_digit(prev) && is_digit(next)) ||
				    (is_upper(prev) && (is_word_byte(next) || keeps_period(t, o))))
					t[o++] = '.';
				else
					t[o++] = ' ';
			} else if (ch == '\'' || ch == '$') {
				offs[o] = (uint32_t)i;
				t[o++] = (char)ch;
			} else if (ch == '"') {
				offs[o] = (uint32_t)i; t[o++] = ' ';
				offs[o] = (uint32_t)i; t[o++] = '"';
				offs[o] = (uint32_t)i; t[o++] = ' ';
			} else {
				offs[o] = (uint32_t)i;
				t[o++] = ' ';
			}
		}
	}
	t[o] = '\0';
	/* split into tokens */
	c->ntok = 0;
	i = 0;
	while (i < o) {
		size_t s0;
		ctok *k;
		while (i < o && t[i] == ' ')
			i++;
		if (i >= o)
			break;
		s0 = i;
		while (i < o && t[i] != ' ')
			i++;
		if (c->ntok >= CODER_MAX_TOKENS - 2)
			break;
		k = &c->tok[c->ntok++];
		memset(k, 0, offsetof(ctok, pfx));
		k->s = t + s0;
		k->len = (uint32_t)(i - s0);
		k->off = offs[s0];
		k->olen = offs[i - 1] - offs[s0] + 1;
		k->entry = UINT32_MAX;
		k->ref = -1;
		k->rhead = -1;
		if (!caps && (is_upper((unsigned char)text[offs[s0]]) ||
		              ((unsigned char)text[offs[s0]] >= 0x80 && !c->lang_zh &&
		               latin_case(text, len, offs[s0]) > 0))) {
			if (first) {
				k->lex |= LX_INITCAP;
				first = 0;
			} else {
				k->lex |= LX_MIDCAP;
			}
		}
		if (k->len == 1 && k->s[0] == ',') {
			k->lex |= LX_COMMA;
			k->wtype = W_COMMA;
		} else if (k->len == 1 && k->s[0] == '"') {
			k->wtype = W_QUOTE;
		} else if (word_literals(c, k)) {
			k->lex |= LX_LIT;
		} else if (is_digit((unsigned char)k->s[0])) {
			k->lex |= LX_NUMBER;
			k->wtype = W_NUMBER;
		}
		if (i < o)
			t[i] = '\0';
		i++;
	}
	/* Halt sentinel */
	memset(&c->tok[c->ntok], 0, sizeof c->tok[0]);
	c->tok[c->ntok].s = "";
	c->tok[c->ntok].entry = UINT32_MAX;
	c->tok[c->ntok].ref = -1;
	c->tok[c->ntok].rhead = -1;
	c->tok[c->ntok].wtype = W_NULL;
	return 0;
}
