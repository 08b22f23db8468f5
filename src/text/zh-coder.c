/*
 * zh-coder.c — the bridge between the coder and the Chinese text module
 * (see zh.h, "coder hook").
 *
 * The coder lexes a sentence by blanks and punctuation; Chinese has
 * neither between words, so a Chinese sentence is first normalized and
 * segmented here and the coder lexes the token text instead of the
 * original.  The lexicon is every dictionary word that has a Han
 * character (the interned words of the loaded tides_dicts), so a
 * dictionary word is always one token and the pattern matcher sees the
 * very words the dictionaries name.  The hook also reads the sentence's
 * own date expression: narrative sentences in Chinese news state when
 * their event happened (美国国务卿16日表示...), and that date, resolved
 * against the story date, is the event's date.
 */
#include "text/zh.h"

#include <string.h>

#include "coder/dict.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

/* The coder codes at most this many tokens of a sentence (CODER_MAX_TOKENS
 * less its sentinels, src/coder/coder.h). */
#define ZH_CODER_TOKENS 398

struct zh_hook {
	tides_ctx *ctx;
	const tides_dicts *d;
	zh_lexicon *lx;
	zh_text *zt;
	tides_buf norm, mapped; /* normalized, mapped for the coder */
	int32_t last; /* day stated by an earlier sentence of the story */
	/* the story date of the last sentence, parsed: a story's sentences
	 * all come with the same one */
	char story_iso[11];
	int32_t story_day;
	/* token text -> ZT_* classes and replacement (zh_map_tokens), built
	 * on the first sentence: one probe per token instead of a scan of
	 * the function words and a dictionary lookup */
	struct zh_wcls *wc;
	size_t wc_cap, wc_used;
	int wc_dict;  /* the dictionary classes are in */
	/* the class table's answer per lexicon word (trie node), so a token
	 * the segmenter took from the lexicon is not hashed again */
	struct zh_ncls *nc;
	size_t nnc;
	/* the class table's answer for short tokens the segmenter did not
	 * take from the lexicon (。 ， 在 and ICU's words), by their bytes */
	struct zh_scls {
		uint64_t key; /* the token's bytes, zero-padded; 0 = empty */
		const char *rep;
		uint8_t len, f;
	} sc[256];
};

struct zh_ncls {
	uint8_t known;
	uint8_t f;
	const char *rep;
};

tides_status zh_hook_new(tides_ctx *ctx, const struct tides_dicts *d, zh_hook **out)
{
	zh_hook *h;
	uint32_t i;
	tides_status st;
	*out = NULL;
	h = tides_calloc(1, sizeof *h);
	if (!h)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	h->ctx = ctx;
	h->d = d;
	h->last = TIDES_DATE_NONE;
	tides_buf_init(&h->norm);
	tides_buf_init(&h->mapped);
	h->lx = zh_lexicon_new();
	if (!h->lx) {
		zh_hook_free(h);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	/* word id 0 is "none"; words are the parts between connectors */
	for (i = 1; d && i < d->nwords; i++) {
		const char *w = d->words[i];
		if (w && w[0] != '&' && zh_lexicon_add(h->lx, w, strlen(w)) < 0) {
			zh_hook_free(h);
			return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		}
	}
	h->nnc = zh_lexicon_nodes(h->lx);
	h->nc = tides_calloc(h->nnc ? h->nnc : 1, sizeof *h->nc);
	if (!h->nc) {
		zh_hook_free(h);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	st = zh_text_new(ctx, h->lx, &h->zt);
	if (st != TIDES_OK) {
		zh_hook_free(h);
		return st;
	}
	*out = h;
	return TIDES_OK;
}

void zh_hook_free(zh_hook *h)
{
	if (!h)
		return;
	zh_text_free(h->zt);
	zh_lexicon_free(h->lx);
	tides_free(h->wc);
	tides_free(h->nc);
	tides_buf_release(&h->norm);
	tides_buf_release(&h->mapped);
	tides_free(h);
}

/* Pairs of bytes that are invalid UTF-8 but have the shape of GB18030,
 * GBK or Big5 double-byte characters (lead 81..FE, trail 40..FE). */
static size_t zh_legacy_pairs(const char *s, size_t n)
{
	size_t i = 0, pairs = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = zh_dec(s + i, n - i, &cp);
		if (k) {
			i += k;
			continue;
		}
		if (i + 1 < n && (unsigned char)s[i] >= 0x81 && (unsigned char)s[i] <= 0xFE &&
		    (unsigned char)s[i + 1] >= 0x40 && (unsigned char)s[i + 1] <= 0xFE) {
			pairs++;
			i += 2;
		} else {
			i++;
		}
	}
	return pairs;
}

/* No byte >= 0x80: neither Han characters nor a legacy encoding.  Eight
 * bytes at a time: most English news is plain ASCII. */
static int zh_all_ascii(const char *t, size_t n)
{
	size_t i = 0;
	uint64_t acc = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, t + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)t[i];
	return !(acc & 0x8080808080808080ULL);
}

int zh_hook_wants(tides_ctx *ctx, const tides_sentence *s)
{
	size_t pairs;
	if (s->lang && strcmp(s->lang, "zh") == 0)
		return 1;
	if (zh_all_ascii(s->text, s->len))
		return 0;
	if (zh_detect(s->text, s->len))
		return 1;
	/* Chinese in a legacy encoding fed as UTF-8: say so, and treat it as
	 * Chinese (it codes nothing: every character is U+FFFD) */
	if (tides_utf8_check(s->text, s->len) != s->len && (pairs = zh_legacy_pairs(s->text, s->len)) >= 2) {
		tides_warn_at(ctx, s->file ? s->file : "-", s->line,
		              "text is not UTF-8 (%zu byte pairs look like GB18030 or Big5); "
		              "convert it to UTF-8 first (iconv -f GB18030 -t UTF-8)", pairs);
		return 1;
	}
	return 0;
}

void zh_hook_story(zh_hook *h)
{
	if (h)
		h->last = TIDES_DATE_NONE;
}

/* Token classes, computed once per token (zh_map_tokens). */
enum {
	ZT_NEG = 1,    /* a negator */
	ZT_END = 2,    /* ends a clause */
	ZT_PREP = 4,   /* an actor after it is an object */
	ZT_VERB = 8,   /* first word of a dictionary verb */
	ZT_ACTOR = 16, /* first word of a dictionary actor or agent */
	ZT_DE = 32,    /* 的 */
	ZT_FRAME = 64, /* a light verb that takes a noun: 表示 不满, 予以 谴责 */
	ZT_TOPIC = 128 /* 对 对于 针对: may open a topicalized target (zh_topic_order) */
};

static int zh_tok_is(const char *t, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(t, w, n) == 0;
}

/* The function words the mapping passes look at, with their classes:
 * negators (the verb they scope over is coded as a different word),
 * clause ends (the scope of a negator, the start of an attributive
 * clause), and prepositions (an actor after one is an object). */
#define ZW(s, f) { s, sizeof(s) - 1, f }
static const struct zh_fword {
	const char *w;
	unsigned char n, f;
} zh_fwords[] = {
	ZW("不", ZT_NEG), ZW("未", ZT_NEG), ZW("没有", ZT_NEG), ZW("没", ZT_NEG), ZW("并未", ZT_NEG),
	ZW("尚未", ZT_NEG), ZW("不会", ZT_NEG), ZW("不愿", ZT_NEG), ZW("无意", ZT_NEG),
	ZW("不再", ZT_NEG), ZW("从未", ZT_NEG), ZW("并不", ZT_NEG), ZW("不能", ZT_NEG),
	ZW("未能", ZT_NEG), ZW("没能", ZT_NEG), ZW("并没有", ZT_NEG), ZW("仍未", ZT_NEG),
	ZW("绝不", ZT_NEG), ZW("决不", ZT_NEG), ZW("不得", ZT_NEG),
	ZW(",", ZT_END), ZW("。", ZT_END), ZW(";", ZT_END), ZW("，", ZT_END), ZW("；", ZT_END),
	ZW("：", ZT_END), ZW("!", ZT_END), ZW("?", ZT_END), ZW(":", ZT_END), ZW("但", ZT_END),
	ZW("但是", ZT_END), ZW("而是", ZT_END), ZW("而", ZT_END),
	ZW("对", ZT_PREP | ZT_TOPIC), ZW("对于", ZT_PREP | ZT_TOPIC), ZW("针对", ZT_PREP | ZT_TOPIC),
	ZW("向", ZT_PREP),
	ZW("同", ZT_PREP), ZW("与", ZT_PREP), ZW("跟", ZT_PREP), ZW("在", ZT_PREP), ZW("从", ZT_PREP),
	ZW("被", ZT_PREP), ZW("遭", ZT_PREP), ZW("遭到", ZT_PREP), ZW("受到", ZT_PREP),
	ZW("为", ZT_PREP), ZW("给", ZT_PREP), ZW("来自", ZT_PREP), ZW("和", ZT_PREP),
	ZW("赴", ZT_PREP), ZW("前往", ZT_PREP),
	ZW("的", ZT_DE),
	ZW("表示", ZT_FRAME), ZW("予以", ZT_FRAME), ZW("提出", ZT_FRAME), ZW("表达", ZT_FRAME),
	ZW("发表", ZT_FRAME), ZW("作出", ZT_FRAME), ZW("进行", ZT_FRAME)
};

/* ZT_VERB / ZT_ACTOR of a token from the dictionaries' index. */
static unsigned zh_dict_class(const tides_dicts *d, const char *t, size_t n)
{
	uint32_t id, k;
	unsigned f = 0;
	if (!d || !d->finished || !d->ix_head)
		return 0;
	id = dict_lookup_word(d, t, n);
	if (!id)
		return 0;
	for (k = 0; k < d->ix_count[id]; k++) {
		const dict_entry *e = &d->entries[d->ix_list[d->ix_head[id] + k]];
		if (e->kind == DICT_K_VERB)
			f |= ZT_VERB;
		else if (e->kind == DICT_K_ACTOR || e->kind == DICT_K_AGENT)
			f |= ZT_ACTOR;
	}
	return f;
}

/* The class table: open addressing over token strings (which point into
 * zh_fwords, zh_reps or the dictionaries' words, all outliving the hook). */
typedef struct zh_wcls {
	const char *w;   /* NULL: empty slot */
	uint32_t n;
	unsigned f;      /* ZT_* */
	const char *rep; /* replacement text (zh_map_tokens), or NULL */
} zh_wcls;

/* Replacements of zh_map_tokens: the coder's grammar reads ASCII ',' ':'
 * ';' '(' ')' as English clause punctuation. */
static const struct zh_rep {
	const char *w, *rep;
} zh_reps[] = {
	{",", "\xEF\xBC\x8C"}, /* ， */
	{":", "\xEF\xBC\x9A"}, /* ： the coder reads ':' as a comma */
	{";", "\xEF\xBC\x9B"}, /* ； */
	{"(", "\xEF\xBC\x88"}, /* （ */
	{")", "\xEF\xBC\x89"}, /* ） */
	{"\xE3\x80\x81", ","}, /* 、 */
	{"和", "AND"}, {"及", "AND"}, {"以及", "AND"}
};

static size_t zh_wc_hash(const char *t, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)t[i]) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 32));
}

static zh_wcls *zh_wc_find(const zh_hook *h, const char *t, size_t n)
{
	size_t mask = h->wc_cap - 1, i = zh_wc_hash(t, n) & mask;
	for (;;) {
		zh_wcls *e = &h->wc[i];
		if (!e->w || (e->n == n && memcmp(e->w, t, n) == 0))
			return e;
		i = (i + 1) & mask;
	}
}

/* The entry of w, made if missing; NULL when out of memory. */
static zh_wcls *zh_wc_put(zh_hook *h, const char *w, size_t n)
{
	zh_wcls *e;
	if ((h->wc_used + 1) * 2 > h->wc_cap) {
		size_t i, ncap = h->wc_cap ? h->wc_cap * 2 : 256;
		zh_wcls *old = h->wc, *nw = tides_calloc(ncap, sizeof *nw);
		size_t ocap = h->wc_cap;
		if (!nw)
			return NULL;
		h->wc = nw;
		h->wc_cap = ncap;
		for (i = 0; i < ocap; i++)
			if (old[i].w)
				*zh_wc_find(h, old[i].w, old[i].n) = old[i];
		tides_free(old);
	}
	e = zh_wc_find(h, w, n);
	if (!e->w) {
		e->w = w;
		e->n = (uint32_t)n;
		h->wc_used++;
	}
	return e;
}

/* Fills the class table: the function words and replacements always,
 * the dictionary classes (zh_dict_class of every word that starts with
 * a non-ASCII byte) once the dictionaries are indexed. */
static int zh_wc_build(zh_hook *h)
{
	const tides_dicts *d = h->d;
	size_t i;
	zh_wcls *e;
	if (!h->wc) {
		for (i = 0; i < sizeof zh_fwords / sizeof zh_fwords[0]; i++) {
			if (!(e = zh_wc_put(h, zh_fwords[i].w, zh_fwords[i].n)))
				return -1;
			e->f |= zh_fwords[i].f;
		}
		for (i = 0; i < sizeof zh_reps / sizeof zh_reps[0]; i++) {
			if (!(e = zh_wc_put(h, zh_reps[i].w, strlen(zh_reps[i].w))))
				return -1;
			e->rep = zh_reps[i].rep;
		}
	}
	if (!h->wc_dict && d && d->finished && d->ix_head) {
		uint32_t id;
		for (id = 1; id < d->nwords; id++) {
			const char *w = d->words[id];
			size_t n;
			unsigned f;
			if (!w || (unsigned char)w[0] < 0x80)
				continue;
			n = strlen(w);
			if ((f = zh_dict_class(d, w, n)) == 0)
				continue;
			if (!(e = zh_wc_put(h, w, n)))
				return -1;
			e->f |= f;
		}
		h->wc_dict = 1;
		memset(h->nc, 0, h->nnc * sizeof *h->nc); /* answers may have changed */
		memset(h->sc, 0, sizeof h->sc);
	}
	return 0;
}

/* memcpy of a token: the short ones (almost all) in two overlapping
 * fixed-size moves instead of a call. */
static inline char *zh_put(char *w, const char *s, size_t n)
{
	if (n >= 8 && n <= 16) {
		memcpy(w, s, 8);
		memcpy(w + n - 8, s + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(w, s, 4);
		memcpy(w + n - 4, s + n - 4, 4);
	} else if (n < 4) {
		size_t k;
		for (k = 0; k < n; k++)
			w[k] = s[k];
	} else {
		memcpy(w, s, n);
	}
	return w + n;
}

typedef struct zh_tok {
	uint32_t off, len;
	const char *rep; /* replacement text, or NULL */
	int neg;         /* 1: write "不" before the token */
	int attr;        /* 1: write "的" after the token (attributive verb) */
	unsigned f;      /* ZT_* */
	int drop;        /* 1: leave the token out */
} zh_tok;

/* Negation.  Chinese puts the negator before the verb, often with a
 * prepositional phrase between (美国 未 对 伊朗 实施 制裁).  A negated act
 * did not happen, so it must not be coded as if it had; where CAMEO codes
 * the refusal itself (不 同意 -> reject, 不 释放 -> refuse to release), the
 * dictionaries say so.  Both follow from coding the negated verb as its
 * own word: the first dictionary verb after a negator, in the same clause,
 * becomes "不" + verb (不制裁, 不同意) and the negator token is dropped.
 * The Chinese dictionaries list the refusals as roots (不同意_ [120]);
 * every other negated verb is unknown to them and codes nothing. */
static void zh_scope_negation(const tides_dicts *d, const char *s, zh_tok *tk, size_t nt)
{
	size_t i, j;
	for (i = 0; i < nt; i++) {
		if (!(tk[i].f & ZT_NEG))
			continue;
		for (j = i + 1; j < nt && !(tk[j].f & ZT_END); j++)
			if (!tk[j].neg && (tk[j].f & ZT_VERB)) {
				tk[j].neg = 1;
				tk[i].drop = 1;
				break;
			}
	}
}

/* Attributive clauses.  A long modifier comes before the head noun in
 * Chinese: [正在 中东 访问 的] 美国国务卿 布林肯 会见 了 以色列 总理.  The
 * verbs inside the modifier describe the head; coding them would make the
 * head the target of its own visit.  A stretch from the clause start to a
 * 的 that is followed by an actor, with no subject actor of its own (an
 * actor there only as the object of a preposition or of the verb:
 * 结束 对 中国 访问 的, 访问 北京 的),
 * is such a modifier; its verbs are written with a trailing 的 (访问的),
 * which no dictionary lists. */
static void zh_mark_attributive(const tides_dicts *d, const char *s, zh_tok *tk, size_t nt)
{
	size_t k, t, start = 0;
	for (k = 0; k + 1 < nt; k++) {
		int subject = 0, verbs = 0;
		if (tk[k].f & ZT_END) {
			start = k + 1;
			continue;
		}
		if (!(tk[k].f & ZT_DE) || !(tk[k + 1].f & ZT_ACTOR))
			continue;
		for (t = start; t < k; t++) {
			/* an actor after a verb or a preposition is its object */
			if ((tk[t].f & ZT_ACTOR) && !verbs && !(t > start && (tk[t - 1].f & ZT_PREP))) {
				subject = 1;
				break;
			}
			if (tk[t].f & ZT_VERB)
				verbs++;
		}
		if (subject || !verbs)
			continue;
		for (t = start; t < k; t++)
			if (tk[t].f & ZT_VERB)
				tk[t].attr = 1;
	}
}

/* Nominal verbs.  对 以色列 的 空袭 予以 谴责, 对 日方 的 决定 表示 不满: a
 * dictionary verb right after 的, in a clause whose own verb is a light
 * verb that follows (表示, 予以, 提出...), is a noun -- the thing the clause
 * reacts to -- and is written with a trailing 的 so it is not coded.
 * Works on the final token order (after zh_topic_order). */
static void zh_mark_nominal_ordered(zh_tok *tk, const size_t *ord, size_t n)
{
	size_t i, j;
	for (i = 1; i < n; i++) {
		zh_tok *t = &tk[ord[i]];
		if (!(t->f & ZT_VERB) || !(tk[ord[i - 1]].f & ZT_DE))
			continue;
		for (j = i + 1; j < n && !(tk[ord[j]].f & ZT_END); j++)
			if (tk[ord[j]].f & ZT_FRAME) {
				t->attr = 1;
				break;
			}
	}
}

/* Topicalized target.  对/对于/针对 X ..., S V: the clause before the
 * comma names what S acts on (对于 日本 排放 核污水 , 中国 表示 强烈 不满).
 * The coder reads the first actor of a clause as the source, so the
 * subject S (the actor words right after the comma) is moved in front:
 * 中国 对 日本 排放 核污水 表示 强烈 不满 -- the order of the ordinary
 * prepositional construction, which the patterns know.  Returns the new
 * order in `ord` (indexes into tk) and its length. */
static size_t zh_topic_order(const tides_dicts *d, const char *s, zh_tok *tk, size_t nt,
                             size_t *ord)
{
	size_t c, e, i, n = 0;
	for (i = 0; i < nt; i++)
		ord[i] = i;
	if (nt < 4 || !(tk[0].f & ZT_TOPIC))
		return nt;
	for (c = 1; c < nt && !zh_tok_is(s + tk[c].off, tk[c].len, ","); c++)
		if (tk[c].f & ZT_END)
			return nt;
	if (c + 1 >= nt)
		return nt;
	for (e = c + 1; e < nt && (tk[e].f & ZT_ACTOR); e++)
		;
	if (e == c + 1)
		return nt;
	tk[0].rep = "对";
	for (i = c + 1; i < e; i++)
		ord[n++] = i;
	for (i = 0; i < c; i++)
		ord[n++] = i;
	for (i = e; i < nt; i++)
		ord[n++] = i;
	return n; /* the comma itself is left out */
}

/* Maps tokens for the coder's (English-built) sentence grammar:
 *   ","            -> "，"   an ordinary word (see zh_hook_sentence)
 *   "、"           -> ","    the enumeration comma lists actors, as
 *                            English "A, B and C" does
 *   和 / 及 / 以及 -> AND    the coordinating conjunction, so compound
 *                            actors (俄罗斯和白俄罗斯) expand; the verb
 *                            patterns list AND with 同/与 as comitative
 *                            (与 stays: it is mostly the preposition)
 * Works token by token on the segmenter's tokens of the normalized text
 * base[0..blen) (zh_segment_refs). */
static int zh_map_tokens(zh_hook *h, const char *base, size_t blen, tides_buf *o, size_t *ntok)
{
	const tides_dicts *d = h->d;
	zh_tok stack[256], *tk = stack;
	size_t i = 0, nt = 0, k, nord, ord_stack[257], *ord = ord_stack;
	unsigned all = 0; /* the classes of the sentence's tokens */
	int rc = -1;
	char *w;
	const zh_tokref *tr = zh_segment_tokens(h->zt, &nt);
	tides_buf_reset(o);
	/* the segmenter's tokens of base */
	if (nt > sizeof stack / sizeof stack[0] && !(tk = tides_malloc(nt * sizeof *tk)))
		goto done;
	*ntok = nt;
	for (i = 0; i < nt; i++) {
		const zh_wcls *e;
		struct zh_ncls *c = tr[i].node && tr[i].node < h->nnc ? &h->nc[tr[i].node] : NULL;
		memset(&tk[i], 0, sizeof tk[i]);
		tk[i].off = tr[i].off;
		tk[i].len = tr[i].len;
		if (c && c->known) {
			tk[i].f = c->f;
			tk[i].rep = c->rep;
			continue;
		}
		if (!c && tk[i].len <= 8) {
			const unsigned char *p = (const unsigned char *)base + tk[i].off;
			uint64_t key = 0;
			uint32_t b;
			struct zh_scls *sc;
			for (b = 0; b < tk[i].len; b++)
				key |= (uint64_t)p[b] << (8 * b);
			sc = &h->sc[((key ^ tk[i].len) * 0x9E3779B97F4A7C15ULL) >> 56];
			if (sc->key != key || sc->len != tk[i].len) {
				e = zh_wc_find(h, (const char *)p, tk[i].len);
				sc->key = key; /* never 0: a token has a non-NUL byte */
				sc->len = (uint8_t)tk[i].len;
				sc->f = e->w ? (uint8_t)e->f : 0;
				sc->rep = e->w ? e->rep : NULL;
			}
			tk[i].f = sc->f;
			tk[i].rep = sc->rep;
			continue;
		}
		e = zh_wc_find(h, base + tk[i].off, tk[i].len);
		if (e->w) {
			tk[i].f = e->f;
			tk[i].rep = e->rep;
		}
		if (c) {
			c->known = 1;
			c->f = (uint8_t)tk[i].f;
			c->rep = tk[i].rep;
		}
	}
	/* the passes below only act on tokens of these classes */
	for (i = 0; i < nt; i++)
		all |= tk[i].f;
	if (all & ZT_NEG)
		zh_scope_negation(d, base, tk, nt);
	if (all & ZT_DE)
		zh_mark_attributive(d, base, tk, nt);
	if (nt + 1 > sizeof ord_stack / sizeof ord_stack[0] &&
	    !(ord = tides_malloc((nt + 1) * sizeof *ord)))
		goto done;
	nord = zh_topic_order(d, base, tk, nt, ord);
	if (all & ZT_DE)
		zh_mark_nominal_ordered(tk, ord, nord);
	/* the tokens take at most blen bytes; each grows by at most a blank,
	 * 不 and 的 (3 bytes each) and a replacement of at most 3 bytes for
	 * one of at least 1 */
	if (tides_buf_grow(o, blen + 13 * nt + 8) < 0)
		goto done;
	w = o->s;
	for (k = 0; k < nord; k++) {
		i = ord[k];
		if (tk[i].drop)
			continue;
		if (w != o->s)
			*w++ = ' ';
		if (tk[i].neg) {
			memcpy(w, "不", 3);
			w += 3;
		}
		if (tk[i].rep) {
			size_t rl = strlen(tk[i].rep);
			memcpy(w, tk[i].rep, rl);
			w += rl;
		} else {
			w = zh_put(w, base + tk[i].off, tk[i].len);
		}
		if (tk[i].attr) {
			memcpy(w, "的", 3);
			w += 3;
		}
	}
	o->len = (size_t)(w - o->s);
	o->s[o->len] = '\0';
	rc = 0;
done:
	if (tk != stack)
		tides_free(tk);
	if (ord != ord_stack)
		tides_free(ord);
	return rc;
}

tides_status zh_hook_sentence(zh_hook *h, const tides_sentence *s, const char *date_iso,
                              const char **text, size_t *len, char date_out[11])
{
	tides_status st;
	zh_date zd;
	int32_t story = TIDES_DATE_NONE;
	size_t nbad = 0, ntok = 0, df, du, dl = 0;
	if (date_iso) {
		dl = strlen(date_iso);
		if (dl != 10) {
			story = tides_date_parse_iso(date_iso, dl);
		} else {
			if (memcmp(h->story_iso, date_iso, 10) != 0) {
				memcpy(h->story_iso, date_iso, 10);
				h->story_day = tides_date_parse_iso(date_iso, 10);
			}
			story = h->story_day;
		}
	}
	st = zh_normalize(h->zt, s->text, s->len, &h->norm, &nbad);
	if (st == TIDES_OK)
		st = zh_segment_refs(h->zt, h->norm.s, h->norm.len);
	if (st != TIDES_OK)
		return st;
	df = zh_text_date_from(h->zt);
	/* The coder's comma rules are TABARI's, written for English: a short
	 * clause between commas or after the last one is a subordinate
	 * aside (", the minister said,").  Chinese writes a comma between
	 * every clause ("2014年3月16日，奥巴马谴责俄罗斯"), so those rules
	 * would null the main clause.  The comma goes to the coder as the
	 * ideographic comma, an ordinary word (zh_map_tokens). */
	if (zh_wc_build(h) < 0 || zh_map_tokens(h, h->norm.s, h->norm.len, &h->mapped, &ntok) < 0)
		return tides_fail(h->ctx, TIDES_ERR_NOMEM, "out of memory");
	if (ntok > ZH_CODER_TOKENS)
		tides_warn_at(h->ctx, s->file ? s->file : "-", s->line,
		              "Chinese sentence of %zu words (no sentence punctuation?); "
		              "only the first %d are coded", ntok, ZH_CODER_TOKENS);
	else if (nbad && !zh_legacy_pairs(s->text, s->len))
		tides_warn_at(h->ctx, s->file ? s->file : "-", s->line,
		              "%zu invalid UTF-8 sequences replaced", nbad);
	*text = h->mapped.s;
	*len = h->mapped.len;
	if (date_iso && dl == 10)
		memcpy(date_out, date_iso, 11); /* what tides_strlcpy_utf8 copies */
	else
		tides_strlcpy_utf8(date_out, date_iso ? date_iso : "", 11);
	/* Only a stated day or month dates the event; "今年" or "上周" in a
	 * sentence is background, not when the reported act happened. */
	if (story != TIDES_DATE_NONE &&
	    df < h->norm.len && (du = zh_text_date_until(h->zt)) > df &&
	    zh_date_find_in(h->norm.s + df, h->norm.len - df, du - df, story, h->last, &zd) &&
	    (zd.prec == ZH_DATE_DAY || zd.prec == ZH_DATE_MONTH)) {
		tides_date_format(zd.day, date_out);
		h->last = zd.day;
	}
	return TIDES_OK;
}
