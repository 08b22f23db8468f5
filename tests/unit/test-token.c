/* test-token.c — the lexer's primitives (the character tables, the
 * one-pass filter with its 8-byte word runs, the per-token prefix words
 * and the lexer cache) and the root index by next word (dict_rxkey).
 *
 * The filter is checked against a reference written here the plain way
 * (TABARI's filter rules, one byte at a time, then a split at blanks) on
 * hand-picked and random ASCII sentences; the prefix words against a
 * brute-force scan of the dictionary; the root index against the rule it
 * replaces (longest match, first added on ties). */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tides.h"
#include "coder/coder.h"
#include "coder/dict.h"

/* ------------------------------------------------------------ tables */

static int ref_class(unsigned b)
{
	if (b >= 0x80)
		return LXC_HIGH;
	if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
		return LXC_LETTER;
	if (b >= '0' && b <= '9')
		return LXC_DIGIT;
	if (b == ';' || b == ':' || b == '(' || b == ')' || b == ',')
		return LXC_COMMA;
	if (b == '.')
		return LXC_PERIOD;
	if (b == '\'' || b == '$')
		return LXC_KEEP;
	if (b == '"')
		return LXC_QUOTE;
	return LXC_BLANK;
}

static void test_tables(void)
{
	unsigned b;
	int bad_class = 0, bad_fold = 0;
	for (b = 0; b < 256; b++) {
		unsigned up = b >= 'a' && b <= 'z' ? b - 32 : b;
		if (coder_lex_class[b] != ref_class(b))
			bad_class++;
		if (coder_lex_fold[b] != up)
			bad_fold++;
	}
	T_INTEQ(bad_class, 0);
	T_INTEQ(bad_fold, 0);
	/* the lexer's fast path relies on the order */
	T_CHECK(LXC_LETTER < LXC_DIGIT && LXC_DIGIT < LXC_HIGH && LXC_HIGH < LXC_BLANK);
}

/* ------------------------------------------------------------ a dictionary */

static tides_dicts *mkdicts(void)
{
	static const char *words[] = {"GO", "GOV", "GOVERN", "GOVERNMENT", "A", "AN", "ARNOR", "MET",
	                              "U.S.", "FOREIGN", "MINISTER", "OF", "TRADE", "50000", "E"};
	tides_dicts *d = dict_new();
	size_t i;
	if (!d)
		return NULL;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		uint32_t w = dict_intern(d, words[i], strlen(words[i])), a;
		dict_elem e;
		dict_phrase ph;
		memset(&e, 0, sizeof e);
		e.kind = DICT_EL_WORD;
		e.match = DICT_M_STEM;
		e.ref = w;
		ph.first = dict_add_elems(d, &e, 1);
		ph.n = 1;
		a = dict_add_actor(d, 0);
		dict_actor_add_code(d, a, "XXX", DICT_DATE_MIN, DICT_DATE_MAX);
		if (dict_add_entry(d, DICT_K_ACTOR, a, 0, ph) < 0)
			return NULL;
	}
	if (dict_finish(d) < 0)
		return NULL;
	return d;
}

/* ------------------------------------------------------------ reference filter */

static int is_dig(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_up(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_wordb(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || is_dig(c) || c >= 0x80;
}

typedef struct rtok {
	char s[128];
	size_t off, olen;
} rtok;

/* TABARI's filter, ASCII only: returns the tokens. */
static int ref_lex(const char *text, size_t len, rtok *out, int max)
{
	static char t[4096];
	static size_t offs[4096];
	size_t i, o = 0;
	int n = 0;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		unsigned char prev = i ? (unsigned char)text[i - 1] : ' ';
		unsigned char next = i + 1 < len ? (unsigned char)text[i + 1] : ' ';
		if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') {
			offs[o] = i;
			t[o++] = (char)(ch & 0xdf);
		} else if (is_dig(ch) || ch == '\'' || ch == '$') {
			offs[o] = i;
			t[o++] = (char)ch;
		} else if (ch == ',' && is_dig(prev) && is_dig(next)) {
			continue;
		} else if (ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == ',' || ch == '"') {
			offs[o] = i; t[o++] = ' ';
			offs[o] = i; t[o++] = ch == '"' ? '"' : ',';
			offs[o] = i; t[o++] = ' ';
		} else if (ch == '.') {
			int keep = 0;
			if (is_dig(prev) && is_dig(next))
				keep = 1;
			else if (is_up(prev)) {
				size_t k = o, m = 0;
				int dot = 0;
				while (k > 0 && t[k - 1] != ' ') {
					dot |= t[k - 1] == '.';
					k--;
					m++;
				}
				keep = is_wordb(next) || dot || m <= 1;
			}
			offs[o] = i;
			t[o++] = keep ? '.' : ' ';
		} else {
			offs[o] = i;
			t[o++] = ' ';
		}
	}
	for (i = 0; i < o && n < max;) {
		size_t s0;
		while (i < o && t[i] == ' ')
			i++;
		if (i >= o)
			break;
		s0 = i;
		while (i < o && t[i] != ' ')
			i++;
		memcpy(out[n].s, t + s0, i - s0);
		out[n].s[i - s0] = '\0';
		out[n].off = offs[s0];
		out[n].olen = offs[i - 1] - offs[s0] + 1;
		n++;
	}
	return n;
}

static int same_as_ref(tides_coder *c, const char *text)
{
	static rtok r[512];
	size_t len = strlen(text);
	int n = ref_lex(text, len, r, 512), i;
	if (coder_lex(c, text, len) != 0 || c->ntok != n) {
		fprintf(stderr, "  ntok %d, reference %d: [%s]\n", c->ntok, n, text);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const ctok *k = &c->tok[i];
		if (k->len != strlen(r[i].s) || memcmp(k->s, r[i].s, k->len) != 0 || k->s[k->len] != '\0' ||
		    k->off != r[i].off || k->olen != r[i].olen) {
			fprintf(stderr, "  token %d [%.*s] %u+%u, reference [%s] %zu+%zu: [%s]\n", i, (int)k->len,
			        k->s, k->off, k->olen, r[i].s, r[i].off, r[i].olen, text);
			return 0;
		}
	}
	return 1;
}

static void test_filter_reference(void)
{
	static const char *fixed[] = {
		"Arnor's U.S. allies, (50,000 troops) \"quoted\" e-mail; Gondor.",
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
		"a", "", "   ", "x.", "J. R. R. Tolkien met NATO. 3.14 and 1,2 a,b",
		"words_of_exactly8 aaaaaaaa bbbbbbbbb cccccccccccccccc dddddddddddddddd!",
		"'$' \"\" ,,, ;;; ::: (( )) .. U.S.A. e.g. A.B",
		"\t tab\tand\nnewline\r\n [bracket] {brace} <angle> @at #hash %pct ^up &amp *star",
	};
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	                            "          ,.;:()'\"$-_!?/[]@#";
	tides_dicts *d = mkdicts();
	tides_coder *c = NULL;
	tides_ctx *ctx = tides_ctx_new();
	size_t i;
	int bad = 0;
	unsigned seed = 12345;
	T_CHECK(d != NULL);
	if (!d || tides_coder_new(ctx, d, &c) != TIDES_OK) {
		T_CHECK(0);
		goto out;
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		bad += !same_as_ref(c, fixed[i]);
	/* random sentences: every length mod 8 and run alignment */
	for (i = 0; i < 3000 && bad < 5; i++) {
		char text[300];
		size_t n = (size_t)(seed = seed * 1103515245u + 12345u) % 250, k;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			text[k] = alpha[(seed >> 16) % (sizeof alpha - 1)];
		}
		text[n] = '\0';
		bad += !same_as_ref(c, text);
	}
	T_INTEQ(bad, 0);
out:
	tides_coder_free(c);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

/* ------------------------------------------------------------ prefix words */

/* Every dictionary word that is a prefix of the token, shortest first. */
static int ref_prefixes(const tides_dicts *d, const ctok *k, uint32_t *ids, int max)
{
	int n = 0;
	uint32_t len, w;
	for (len = 1; len <= k->len; len++)
		for (w = 1; w < d->nwords; w++)
			if (d->wlen[w] == len && memcmp(d->words[w], k->s, len) == 0 && n < max)
				ids[n++] = w;
	return n;
}

static void check_ids(tides_coder *c, const char *text, int *bad)
{
	int i;
	T_INTEQ(coder_lex(c, text, strlen(text)), 0);
	for (i = 0; i < c->ntok; i++) {
		const ctok *k = &c->tok[i];
		uint32_t ref[32];
		int n;
		if (k->wtype == W_COMMA || k->wtype == W_QUOTE) {
			*bad += !k->ids_over; /* no list: the matcher compares the text */
			continue;
		}
		n = ref_prefixes(c->d, k, ref, 32);
		if (k->ids_over || k->nids != n ||
		    memcmp(c->tok_ids + k->ids_first, ref, sizeof ref[0] * (size_t)n) != 0 ||
		    !(k->lex & LX_LIT) != !n) {
			fprintf(stderr, "  token %d [%.*s]: %u prefix words, reference %d\n", i, (int)k->len,
			        k->s, k->nids, n);
			(*bad)++;
		}
	}
}

static void test_prefix_words(void)
{
	tides_dicts *d = mkdicts();
	tides_coder *c = NULL;
	tides_ctx *ctx = tides_ctx_new();
	int bad = 0, round;
	uint32_t w;
	if (!d || tides_coder_new(ctx, d, &c) != TIDES_OK) {
		T_CHECK(0);
		goto out;
	}
	/* twice: the second time every word comes from the lexer cache */
	for (round = 0; round < 2; round++) {
		check_ids(c, "The governments of Arnor, \"Gondor\" and the U.S. met 50,000 Governors.", &bad);
		check_ids(c, "GOVERNMENTAL a an ANA e-mail go", &bad);
	}
	T_INTEQ(bad, 0);
	/* the words of the sentence are marked */
	w = dict_lookup_word(d, "GOVERN", 6);
	T_CHECK(w && c->seen[w].any == c->epoch);
	w = dict_lookup_word(d, "ARNOR", 5);
	T_CHECK(w && c->seen[w].any != c->epoch); /* not in the last sentence */
out:
	tides_coder_free(c);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

/* ------------------------------------------------------------ root index */

static uint32_t add_actor(tides_dicts *d, const char *code, const char *const *words, int n, int gap)
{
	dict_elem e[8];
	dict_phrase ph;
	uint32_t a;
	int i;
	memset(e, 0, sizeof e);
	for (i = 0; i < n; i++) {
		e[i].kind = DICT_EL_WORD;
		e[i].match = DICT_M_FORMS;
		e[i].ref = dict_intern(d, words[i], strlen(words[i]));
		e[i].flags = i + 1 < n && !gap ? DICT_EF_NEXT : 0;
	}
	ph.first = dict_add_elems(d, e, (uint32_t)n);
	ph.n = (uint32_t)n;
	a = dict_add_actor(d, 0);
	dict_actor_add_code(d, a, code, DICT_DATE_MIN, DICT_DATE_MAX);
	dict_add_entry(d, DICT_K_ACTOR, a, 0, ph);
	return a;
}

/* The code of the actor root headed at the first token of the text. */
static const char *root_code(tides_coder *c, const char *text)
{
	const ctok *t;
	coder_lex(c, text, strlen(text));
	coder_parse(c);
	t = &c->tok[0];
	if (!t->htag || t->entry == UINT32_MAX || c->d->entries[t->entry].kind != DICT_K_ACTOR)
		return "-";
	return coder_actor_code(c->d, c->d->entries[t->entry].entry, 20000101);
}

static void test_root_index(void)
{
	static const char *second[] = {"OF", "TRADE", "AFFAIRS", "AID", "OIL", "WAR", "PEACE",
	                               "LAW", "ARMS", "FOOD", "GAS", "SEA"};
	tides_dicts *d = dict_new();
	tides_coder *c = NULL;
	tides_ctx *ctx = tides_ctx_new();
	char code[8];
	uint32_t w;
	int i;
	T_CHECK(d != NULL);
	if (!d)
		goto out;
	/* MINISTER heads 12 roots whose second word must follow it, and 40
	 * gapped ones (the agents' MINISTER ... X); first added wins ties */
	for (i = 0; i < 12; i++) {
		const char *ws[3] = {"MINISTER", second[i], "ARNOR"};
		snprintf(code, sizeof code, "A%02d", i);
		add_actor(d, code, ws, 2, 0);
		snprintf(code, sizeof code, "L%02d", i);
		add_actor(d, code, ws, 3, 0);
	}
	{
		const char *ws[2] = {"MINISTER", "TRADE"};
		add_actor(d, "DUP", ws, 2, 0); /* a tie: A01 came first */
	}
	for (i = 0; i < 40; i++) {
		char word[16];
		const char *ws[2] = {"MINISTER", word};
		snprintf(word, sizeof word, "GAPWORD%02d", i);
		snprintf(code, sizeof code, "G%02d", i);
		add_actor(d, code, ws, 2, 1);
	}
	{
		const char *ws[1] = {"MINISTER"};
		add_actor(d, "ONE", ws, 1, 0);
	}
	{
		const char *ws[1] = {"GONDOR"};
		add_actor(d, "GON", ws, 1, 0);
		add_actor(d, "GO2", ws, 1, 0); /* a tie: GON came first */
	}
	T_CHECK(dict_finish(d) == 0);
	w = dict_lookup_word(d, "MINISTER", 8);
	T_CHECK(w && d->rxk_at[w] != UINT32_MAX);
	if (!w || d->rxk_at[w] == UINT32_MAX || tides_coder_new(ctx, d, &c) != TIDES_OK)
		goto out;
	T_INTEQ(d->rxk[d->rxk_at[w]].nfree, 41); /* the gapped ones and MINISTER alone */
	T_CHECK(d->rxk[d->rxk_at[w]].gmask != 0);
	T_STREQ(root_code(c, "Minister of Arnor met"), "L00");    /* longest */
	T_STREQ(root_code(c, "Minister trade met"), "A01");       /* first of a tie */
	T_STREQ(root_code(c, "Minister trades met"), "A01");      /* a regular ending */
	T_STREQ(root_code(c, "Minister Arnor of met"), "ONE");    /* OF not next */
	T_STREQ(root_code(c, "Minister said gapword07 x"), "G07"); /* gapped, by key */
	T_STREQ(root_code(c, "Minister, gapword07"), "ONE");       /* not across a comma */
	T_STREQ(root_code(c, "Minister"), "ONE");                  /* at the end */
	/* a word heading one-word roots only has its root remembered in the
	 * lexer cache, and used the next time; others are never remembered */
	T_STREQ(root_code(c, "Gondor's troops"), "GON");
	T_INTEQ(c->lexcache[c->tok[0].lslot].root, LROOT_ENTRY + c->tok[0].entry);
	T_STREQ(root_code(c, "Gondor's troops"), "GON");
	T_INTEQ(c->tok[0].lroot, LROOT_ENTRY + c->tok[0].entry);
	T_STREQ(root_code(c, "Minister trade met"), "A01");
	T_INTEQ(c->lexcache[c->tok[0].lslot].root, LROOT_NO);
	T_STREQ(root_code(c, "Minister of Arnor met"), "L00");
	T_STREQ(root_code(c, "Minister met"), "ONE");
out:
	tides_coder_free(c);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

int main(void)
{
	T_RUN(test_tables);
	T_RUN(test_filter_reference);
	T_RUN(test_prefix_words);
	T_RUN(test_root_index);
	return t_done();
}
