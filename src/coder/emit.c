/*
 * emit.c — the coded events of a sentence as tides_event records
 * (coder_emit, called once per sentence by coder.c's code_sentence).
 *
 * Input: the clause-level events in c->ev[] (cevent: actor references
 * into the token array, code, shown span).  Output: records appended to
 * c->out.  A coded compound actor "A/B" yields one record per part and
 * pair; agents are combined with their actor as TABARI does ("GOV" + "USA"
 * = "USAGOV", "~GOV" a suffix, "NGO~~GOV" both); the null and special
 * codes ("---", "###", empty) make no record except where PETRARCH writes
 * them; a record whose source equals its target, or that repeats one of
 * the same sentence, is dropped.  The texts (source_text, verb_text,
 * target_text) are cut from the original sentence by token offsets, as
 * valid UTF-8 (Chinese: unspaced).  The event id is FNV-1a 64 of
 * "date|doc_id|sentence|source|target|code".
 *
 * Invariant: every field of an appended record is written (no zeroing of
 * the 1 KB record); codes are pointers into the immutable dictionaries,
 * so the CAMEO memo keys on them.
 */
#include "coder/coder.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "util/hash.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "text/zh.h" /* zh hook */
#include "util/banned.h"

static int emit_is_special(const char *code)
{
	return !code[0] || coder_is3(code, '-') || coder_is3(code, '#');
}

/* petr: PETRARCH writes an agent alone as ---AGT, and with
 * require_dyad=false also the bare null actor "---" */
static int emit_special_side(const tides_coder *c, const char *code, const char *agent)
{
	if (c->opt.petrarch && coder_is3(code, '-') && (agent[0] || !c->opt.require_dyad))
		return 0;
	if (c->opt.petrarch && coder_is3(code, '#')) /* an actor code like any other */
		return 0;
	return emit_is_special(code);
}


/* speed: a + b into out[cap], cut as snprintf("%s%s") cuts (codes are ASCII) */
static void emit_cat2(char *out, size_t cap, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (!cap)
		return;
	if (na > cap - 1)
		na = cap - 1;
	memcpy(out, a, na);
	if (nb > cap - 1 - na)
		nb = cap - 1 - na;
	memcpy(out + na, b, nb);
	out[na + nb] = '\0';
}

static void emit_composite(char *out, size_t cap, const char *actor, const char *agent)
{
	const char *both;
	if (!agent[0]) { /* the common case */
		coder_copy_str(out, actor, cap);
		return;
	}
	both = strstr(agent, "~~");
	if (both) { /* petr: prefix and suffix agent ("NGO~~GOV") */
		char pre[TIDES_ACTOR_MAX], mid[TIDES_ACTOR_MAX];
		size_t n = (size_t)(both - agent) + 1;
		if (n >= sizeof pre)
			n = sizeof pre - 1;
		memcpy(pre, agent, n);
		pre[n] = '\0';
		emit_composite(mid, sizeof mid, actor, both + 1);
		emit_composite(out, cap, mid, pre);
		return;
	}
	char a2[TIDES_ACTOR_MAX];
	const char *ps;
	size_t n;
	if (agent[0] == '~') {
		ps = strstr(actor, agent + 1);
		if (ps && (ps - actor) % 3 == 0)
			coder_copy_str(out, actor, cap);
		else
			emit_cat2(out, cap, actor, agent + 1);
		return;
	}
	n = strlen(agent);
	if (n >= sizeof a2)
		n = sizeof a2 - 1;
	memcpy(a2, agent, n);
	a2[n] = '\0';
	if (n && a2[n - 1] == '~')
		a2[n - 1] = '\0';
	ps = strstr(actor, a2);
	if (!ps || (ps - actor) % 3 != 0)
		emit_cat2(out, cap, a2, actor);
	else
		coder_copy_str(out, actor, cap);
}

/* FNV-1a 64 of s, continuing h (tides_hash_str without the calls) */
static uint64_t emit_fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The event id hashes "date|doc_id|sentence|source|target|code"; the
 * part up to the sentence is the same for every event of a sentence, so
 * coder_emit() hashes it once (coder_id_prefix) and each event the rest. */
static uint64_t emit_id_prefix(const char *date, const char *doc_id, int sentence)
{
	uint64_t h = TIDES_FNV_OFFSET;
	char num[16], *p = num + sizeof num - 1;
	/* speed: the decimal sentence number, as "%d" writes it */
	unsigned long v = sentence < 0 ? 0UL - (unsigned long)sentence : (unsigned long)sentence;
	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (sentence < 0)
		*--p = '-';
	h = emit_fnv(h, date);
	h = emit_fnv(h, "|");
	h = emit_fnv(h, doc_id);
	h = emit_fnv(h, "|");
	h = emit_fnv(h, p);
	return emit_fnv(h, "|");
}

static void emit_event_id(tides_event *ev, uint64_t prefix)
{
	uint64_t h = emit_fnv(prefix, ev->source);
	h = emit_fnv(h, "|");
	h = emit_fnv(h, ev->target);
	h = emit_fnv(h, "|");
	h = emit_fnv(h, ev->code);
	tides_hash_hex(h, ev->event_id);
}

/* Does s[0..n) hold a byte >= 0x80? */
static int emit_has_high(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, sizeof x);
		if (x & 0x8080808080808080ULL)
			return 1;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

static void emit_span_text(const tides_coder *c, int lo, int hi, char *out, size_t cap)
{
	size_t n;
	if (lo < 0 || hi < lo || hi >= c->ntok || !c->orig) {
		out[0] = '\0';
		return;
	}
	n = (size_t)(c->tok[hi].off + c->tok[hi].olen - c->tok[lo].off);
	if (c->lang_zh) {
		/* the zh hook's text is valid UTF-8 without NUL (zh.h) and its
		 * tokens start at characters: only the last character can be
		 * broken (cut at CODER_TEXT_MAX), so only it is scrubbed.  The
		 * copy, cut where tides_memcpy_utf8 cuts, is unspaced on the
		 * way (emit's zh_unspace then has nothing to do). */
		const char *src = c->orig + c->tok[lo].off;
		size_t p;
		if (n >= cap) {
			n = cap - 1;
			while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
				n--;
		} else if (((unsigned char)src[n] & 0xC0) != 0x80) {
			/* ends before a character (or the text's NUL): whole; one
			 * token has no blank in it */
			if (lo == hi) {
				memcpy(out, src, n);
				out[n] = '\0';
			} else {
				zh_unspace_copy(out, cap, src, n);
			}
			return;
		}
		n = zh_unspace_copy(out, cap, src, n);
		p = n;
		while (p > 0 && n - p < 3 && ((unsigned char)out[p - 1] & 0xC0) == 0x80)
			p--;
		if (p > 0 && (unsigned char)out[p - 1] >= 0xC0) {
			unsigned char b = (unsigned char)out[--p];
			if (n - p == (b >= 0xF0 ? 4u : b >= 0xE0 ? 3u : 2u))
				return; /* whole */
		}
		if (p < n)
			tides_utf8_scrub(out + p, n - p);
		return;
	}
	n = tides_memcpy_utf8(out, cap, c->orig + c->tok[lo].off, n);
	/* a token may end inside a character (a typographic apostrophe) */
	if (emit_has_high(out, n))
		tides_utf8_scrub(out, strlen(out));
}

static void emit_actor_text(const tides_coder *c, const actref *a, char *out, size_t cap)
{
	int h = a->where, t;
	if (h < 0 || h >= c->ntok) {
		out[0] = '\0';
		return;
	}
	t = c->tok[h].htag ? c->tok[h].rtail : h;
	if (a->agtloc >= 0 && a->agtloc < c->ntok) {
		int at = c->tok[a->agtloc].htag ? c->tok[a->agtloc].rtail : a->agtloc;
		if (a->agtloc < h)
			h = a->agtloc;
		if (at > t)
			t = at;
	}
	emit_span_text(c, h, t, out, cap);
}

/* The parts of a coded compound "A/B" (empty parts dropped) as pointers:
 * to the code itself when it has no '/', else to copies in parts[]. */
static int emit_split_codes(const char *code, char parts[][TIDES_ACTOR_MAX], const char **out, int max)
{
	int n = 0;
	const char *p = code;
	if (!strchr(code, '/')) { /* the common case: no copy */
		if (!*code || max < 1)
			return 0;
		out[0] = code;
		return 1;
	}
	while (*p && n < max) {
		const char *q = strchr(p, '/');
		size_t l = q ? (size_t)(q - p) : strlen(p);
		if (l >= TIDES_ACTOR_MAX)
			l = TIDES_ACTOR_MAX - 1;
		memcpy(parts[n], p, l);
		parts[n][l] = '\0';
		out[n] = parts[n];
		if (l)
			n++;
		if (!q)
			break;
		p = q + 1;
	}
	return n;
}

/* root, quad and goldstein of an event code, as tides_cameo_fill() sets
 * them, remembered per code string: codes are the patterns' (immutable
 * dictionaries), so the pointer names the code. */
static void emit_cameo_memo(tides_coder *c, tides_event *ev, const char *code)
{
	cameo_memo *m = &c->cmemo[((uintptr_t)code >> 3) % CODER_CAMEO_MEMO];
	if (m->code != code || m->quadconv != (int)c->quad) {
		tides_event tmp;
		memcpy(tmp.code, ev->code, sizeof tmp.code);
		tmp.goldstein = NAN;
		tmp.root[0] = '\0';
		tmp.quad = 0;
		tides_cameo_fill(&tmp, c->quad);
		m->code = code;
		m->quadconv = (int)c->quad;
		memcpy(m->root, tmp.root, sizeof m->root);
		m->quad = tmp.quad;
		m->goldstein = tmp.goldstein;
	}
	memcpy(ev->root, m->root, sizeof ev->root);
	ev->quad = m->quad;
	ev->goldstein = m->goldstein;
}

/* Appends the events of the sentence to c->out, built in place: every
 * field is written (strings up to their NUL; tides_event_init's zeroing
 * of the whole record is skipped, it is over 1 KB per event). */
int coder_emit(tides_coder *c, const tides_sentence *s, const char *date)
{
	int k;
	uint64_t idpfx = 0;
	const char *doc_id = s->doc_id ? s->doc_id : "";
	for (k = 0; k < c->nev; k++) {
		const cevent *e = &c->ev[k];
		char sbuf[8][TIDES_ACTOR_MAX], tbuf[8][TIDES_ACTOR_MAX];
		const char *sp[8], *tp[8];
		int ns = emit_split_codes(e->src.code, sbuf, sp, 8), nt = emit_split_codes(e->tgt.code, tbuf, tp, 8), i, j;
		for (i = 0; i < ns; i++)
			for (j = 0; j < nt; j++) {
				tides_event *ev;
				size_t m;
				int dup = 0;
				if (emit_special_side(c, sp[i], e->src.agent) || emit_special_side(c, tp[j], e->tgt.agent))
					continue;
				if (strcmp(sp[i], tp[j]) == 0 && strcmp(e->src.agent, e->tgt.agent) == 0)
					continue;
				if (c->nout == c->outcap) {
					size_t nc = c->outcap ? c->outcap * 2 : 16;
					tides_event *no = tides_realloc(c->out, nc * sizeof *no);
					if (!no)
						return -1;
					c->out = no;
					c->outcap = nc;
				}
				ev = &c->out[c->nout];
				emit_composite(ev->source, sizeof ev->source, sp[i], e->src.agent);
				emit_composite(ev->target, sizeof ev->target, tp[j], e->tgt.agent);
				/* TABARI compares actor and agent separately, so GON + ~GOV and
				 * GONGOV would make a GONGOV|GONGOV event; we drop those too */
				if (strcmp(ev->source, ev->target) == 0)
					continue;
				coder_copy_str(ev->code, e->code, sizeof ev->code);
				for (m = 0; m < c->nout; m++)
					if (c->out[m].sentence == s->sentence &&
					    strcmp(c->out[m].source, ev->source) == 0 &&
					    strcmp(c->out[m].target, ev->target) == 0 &&
					    strcmp(c->out[m].code, ev->code) == 0)
						dup = 1;
				if (dup)
					continue;
				coder_copy_str(ev->issues, c->issues, sizeof ev->issues);
				coder_copy_str(ev->date, date, sizeof ev->date);
				coder_copy_str(ev->doc_id, doc_id, sizeof ev->doc_id);
				ev->sentence = s->sentence;
				memcpy(ev->lang, c->lang_zh ? "zh" : "en", 3);
				memcpy(ev->origin, "coder", 6);
				ev->orig_id[0] = '\0';
				ev->source_country[0] = '\0';
				ev->target_country[0] = '\0';
				emit_cameo_memo(c, ev, e->code);
				emit_actor_text(c, &e->src, ev->source_text, sizeof ev->source_text);
				emit_actor_text(c, &e->tgt, ev->target_text, sizeof ev->target_text);
				emit_span_text(c, e->tstart, e->tend, ev->verb_text, sizeof ev->verb_text);
				if (c->lang_zh) { /* zh hook: the words as Chinese writes them */
					zh_unspace(ev->source_text);
					zh_unspace(ev->target_text);
					zh_unspace(ev->verb_text);
				}
				if (!idpfx)
					idpfx = emit_id_prefix(ev->date, ev->doc_id, ev->sentence);
				emit_event_id(ev, idpfx);
				c->nout++;
			}
	}
	return 0;
}
