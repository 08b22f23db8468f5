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
#include "util/banned.h"

struct zh_hook {
	tides_ctx *ctx;
	zh_lexicon *lx;
	zh_text *zt;
	tides_buf norm, toks;
	int32_t last; /* day stated by an earlier sentence of the story */
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
	h->last = TIDES_DATE_NONE;
	tides_buf_init(&h->norm);
	tides_buf_init(&h->toks);
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
	tides_buf_release(&h->norm);
	tides_buf_release(&h->toks);
	tides_free(h);
}

int zh_hook_wants(const tides_sentence *s)
{
	if (s->lang && strcmp(s->lang, "zh") == 0)
		return 1;
	return zh_detect(s->text, s->len);
}

void zh_hook_story(zh_hook *h)
{
	if (h)
		h->last = TIDES_DATE_NONE;
}

/* Maps tokens for the coder's (English-built) sentence grammar:
 *   ","            -> "，"   an ordinary word (see zh_hook_sentence)
 *   "、"           -> ","    the enumeration comma lists actors, as
 *                            English "A, B and C" does
 *   和 / 及 / 以及 -> AND    the coordinating conjunction, so compound
 *                            actors (俄罗斯和白俄罗斯) expand; the verb
 *                            patterns list AND with 同/与 as comitative
 * Works token by token on the space-separated text. */
static int zh_map_tokens(tides_buf *b)
{
	tides_buf o;
	size_t i = 0;
	tides_buf_init(&o);
	if (tides_buf_grow(&o, b->len * 2 + 8) < 0)
		return -1;
	while (i < b->len) {
		size_t j = i, n;
		const char *t = b->s + i, *rep = NULL;
		while (j < b->len && b->s[j] != ' ')
			j++;
		n = j - i;
		if (n == 1 && t[0] == ',')
			rep = "\xEF\xBC\x8C";
		else if (n == 3 && memcmp(t, "\xE3\x80\x81", 3) == 0) /* 、 */
			rep = ",";
		else if ((n == 3 && (memcmp(t, "和", 3) == 0 || memcmp(t, "及", 3) == 0)) ||
		         (n == 6 && memcmp(t, "以及", 6) == 0))
			rep = "AND";
		if (o.len && tides_buf_addc(&o, ' ') < 0)
			goto nomem;
		if (rep ? tides_buf_adds(&o, rep) < 0 : tides_buf_add(&o, t, n) < 0)
			goto nomem;
		i = j + 1;
	}
	tides_buf_release(b);
	*b = o;
	return 0;
nomem:
	tides_buf_release(&o);
	return -1;
}

tides_status zh_hook_sentence(zh_hook *h, const tides_sentence *s, const char *date_iso,
                              const char **text, size_t *len, char date_out[11])
{
	tides_status st;
	zh_date zd;
	int32_t story = date_iso ? tides_date_parse_iso(date_iso, strlen(date_iso)) : TIDES_DATE_NONE;
	st = zh_normalize(h->zt, s->text, s->len, &h->norm, NULL);
	if (st == TIDES_OK)
		st = zh_segment(h->zt, h->norm.s, h->norm.len, &h->toks);
	if (st != TIDES_OK)
		return st;
	/* The coder's comma rules are TABARI's, written for English: a short
	 * clause between commas or after the last one is a subordinate
	 * aside (", the minister said,").  Chinese writes a comma between
	 * every clause ("2014年3月16日，奥巴马谴责俄罗斯"), so those rules
	 * would null the main clause.  The comma goes to the coder as the
	 * ideographic comma, an ordinary word (zh_map_tokens). */
	if (zh_map_tokens(&h->toks) < 0)
		return tides_fail(h->ctx, TIDES_ERR_NOMEM, "out of memory");
	*text = h->toks.s;
	*len = h->toks.len;
	tides_strlcpy_utf8(date_out, date_iso ? date_iso : "", 11);
	/* Only a stated day or month dates the event; "今年" or "上周" in a
	 * sentence is background, not when the reported act happened. */
	if (story != TIDES_DATE_NONE &&
	    zh_date_find(h->norm.s, h->norm.len, story, h->last, &zd) &&
	    (zd.prec == ZH_DATE_DAY || zd.prec == ZH_DATE_MONTH)) {
		tides_date_format(zd.day, date_out);
		h->last = zd.day;
	}
	return TIDES_OK;
}
