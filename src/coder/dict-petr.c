/*
 * dict-petr.c — PETRARCH dictionaries (both verb dialects, actors, agents,
 * discards, issues) loaded into the dialect-neutral model of dict.h.
 *
 * Design.  A file is read whole and walked line by line with PETRARCH's
 * comment rules ('#' to the end of the line, '<!-- -->' also across lines,
 * the line holding '-->' dropped).  Every construct becomes elements of
 * dict.h; nothing dialect-specific survives loading, so the matcher is the
 * same for TABARI and PETRARCH.  Words are upper-cased.  PETRARCH does not
 * stem; it generates the regular forms instead, and so do we (verb forms,
 * synset and agent plurals, issue n:/v:), so pattern, agent, synset and
 * verb words match whole tokens (DICT_M_EXACT).  Actor words use
 * DICT_M_FORMS: PETRARCH sees "Gondor 's" as two Treebank tokens, our lexer
 * keeps GONDOR'S whole, and FORMS accepts the possessive.  For the same
 * reason Treebank clitics written as words in the dictionaries ("DID N'T")
 * are joined to the word before them (DIDN'T), and '-' separates words as
 * the lexer separates them in text (BARAD-DUR = BARAD DUR).  In actor and
 * agent phrases a blank lets other words come between, '_' does not
 * (PETRARCH's rule).
 *
 * Verb files are read by dict-petr-verbs.c (see its note).
 *
 * Actors: a primary phrase with an optional [CODE], '+' synonyms, and
 * indented date lines [CODE <D], [CODE >D], [CODE D1-D2], [CODE].  Dated
 * codes are stored first in file order and undated ones last, so the first
 * code whose range holds the story date wins and the undated one is the
 * fallback (PETRARCH's rule).  An actor without any code gets '---'.
 */
#include "coder/dict-petr-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

/* ------------------------------------------------------------ lines */

int petr_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *petr_find(char *s, const char *pat)
{
	return strstr(s, pat);
}

/* Next non-empty line with comments removed and the right end trimmed; the
 * leading white space is kept (actor date lines are indented). */
int petr_next(petr_ld *L)
{
	while (L->p < L->end) {
		const char *s = L->p, *e = memchr(s, '\n', (size_t)(L->end - s));
		size_t n;
		char *c;
		if (!e)
			e = L->end;
		L->p = e < L->end ? e + 1 : L->end;
		L->lineno++;
		n = (size_t)(e - s);
		if (n >= PETR_LINE_MAX) {
			if (!L->in_comment)
				tides_warn_at(L->ctx, L->name, L->lineno, "line longer than %d bytes; skipped",
				              PETR_LINE_MAX - 1);
			continue;
		}
		memcpy(L->line, s, n);
		L->line[n] = '\0';
		if (memchr(s, '\0', n)) {
			tides_warn_at(L->ctx, L->name, L->lineno, "NUL byte in line; skipped");
			continue;
		}
		if (L->in_comment) {
			if (petr_find(L->line, "-->"))
				L->in_comment = 0;
			continue;
		}
		while ((c = petr_find(L->line, "<!--")) != NULL) {
			char *t = petr_find(c + 4, "-->");
			if (!t) {
				*c = '\0';
				L->in_comment = 1;
				break;
			}
			memmove(c, t + 3, strlen(t + 3) + 1);
		}
		/* '#' starts a comment, except inside [...] (TABARI's [###] code) */
		{
			int depth = 0;
			for (c = L->line; *c; c++) {
				if (*c == '[')
					depth++;
				else if (*c == ']' && depth)
					depth--;
				else if (*c == '#' && !depth) {
					*c = '\0';
					break;
				}
			}
		}
		n = strlen(L->line);
		while (n && petr_is_space((unsigned char)L->line[n - 1]))
			n--;
		L->line[n] = '\0';
		{
			size_t i = 0;
			while (i < n && petr_is_space((unsigned char)L->line[i]))
				i++;
			if (i == n)
				continue;
		}
		L->len = n;
		return 1;
	}
	return 0;
}

const char *petr_skip_space(const char *s)
{
	while (*s && petr_is_space((unsigned char)*s))
		s++;
	return s;
}

/* Copies s[0..n) trimmed into out[cap]; returns the length or -1 if too long. */
int petr_copy_trim(char *out, size_t cap, const char *s, size_t n)
{
	while (n && petr_is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && petr_is_space((unsigned char)s[n - 1]))
		n--;
	if (n >= cap)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return (int)n;
}

/* ------------------------------------------------------------ phrases */

uint32_t petr_word(petr_ld *L, const char *w, size_t n)
{
	char buf[PETR_WORD_MAX];
	size_t i;
	uint32_t id;
	if (n == 0 || n >= sizeof buf)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		buf[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
	}
	buf[n] = '\0';
	id = dict_intern(L->d, buf, n);
	if (!id)
		L->nomem = 1;
	return id;
}

void ph_push(petr_ph *ph, uint8_t kind, uint8_t match, uint32_t ref)
{
	if (ph->n >= PETR_PH_MAX) {
		ph->full = 1;
		return;
	}
	ph->el[ph->n].kind = kind;
	ph->el[ph->n].match = match;
	ph->el[ph->n].flags = 0;
	ph->el[ph->n].pad = 0;
	ph->el[ph->n].ref = ref;
	ph->n++;
}

void ph_next(petr_ph *ph)
{
	if (ph->n)
		ph->el[ph->n - 1].flags |= DICT_EF_NEXT;
}

/* Treebank splits contractions ("DID N'T", "GONDOR 'S"); sentences here
 * are not tokenised that way, so a clitic joins the word before it.
 * Returns 1 when w was merged into the last element of ph. */
int ph_clitic(petr_ld *L, petr_ph *ph, const char *w, size_t n)
{
	static const char *const clitics[] = { "N'T", "'S", "'RE", "'LL", "'VE", "'D", "'M" };
	char buf[PETR_WORD_MAX];
	const char *prev;
	size_t i, pl;
	uint32_t id;
	dict_elem *e;
	if (!ph->n || n < 2)
		return 0;
	for (i = 0; i < sizeof clitics / sizeof clitics[0]; i++)
		if (strlen(clitics[i]) == n && strncasecmp(w, clitics[i], n) == 0)
			break;
	if (i == sizeof clitics / sizeof clitics[0])
		return 0;
	e = &ph->el[ph->n - 1];
	if (e->kind != DICT_EL_WORD)
		return 0;
	prev = dict_word(L->d, e->ref);
	pl = strlen(prev);
	if (pl + n >= sizeof buf)
		return 0;
	memcpy(buf, prev, pl);
	memcpy(buf + pl, w, n);
	id = petr_word(L, buf, pl + n);
	if (!id)
		return -1;
	e->ref = id;
	e->flags &= (uint8_t)~DICT_EF_NEXT;
	return 1;
}

int ph_commit(petr_ld *L, petr_ph *ph, dict_phrase *out)
{
	uint32_t first;
	if (!ph->n)
		return -1;
	ph->el[ph->n - 1].flags &= (uint8_t)~DICT_EF_NEXT;
	first = dict_add_elems(L->d, ph->el, ph->n);
	if (first == UINT32_MAX) {
		L->nomem = 1;
		return -1;
	}
	out->first = first;
	out->n = ph->n;
	return 0;
}

/* A phrase of words: '_' joins consecutive words; ' ' does too unless
 * `gaps` (actors and agents: PETRARCH lets other words come between words
 * separated by a blank); '+' markers are dropped.  Returns -1 (no warning)
 * when empty or too long. */
int petr_words_phrase_gap(petr_ld *L, const char *s, size_t n, uint8_t match, int gaps,
                                 petr_ph *ph)
{
	size_t i = 0;
	ph->n = 0;
	ph->full = 0;
	while (i < n) {
		size_t j;
		uint32_t id;
		int k;
		while (i < n && (petr_is_space((unsigned char)s[i]) || s[i] == '_' || s[i] == '+' ||
		                 s[i] == '-')) {
			if (gaps && petr_is_space((unsigned char)s[i]) && ph->n)
				ph->el[ph->n - 1].flags &= (uint8_t)~DICT_EF_NEXT;
			i++;
		}
		if (i >= n)
			break;
		j = i;
		while (j < n && !petr_is_space((unsigned char)s[j]) && s[j] != '_' && s[j] != '+' &&
		       s[j] != '-')
			j++;
		k = ph_clitic(L, ph, s + i, j - i);
		if (k < 0)
			return -1;
		if (k > 0) {
			ph_next(ph);
			i = j;
			continue;
		}
		id = petr_word(L, s + i, j - i);
		if (!id)
			return -1;
		ph_push(ph, DICT_EL_WORD, match, id);
		ph_next(ph);
		i = j;
	}
	if (!ph->n || ph->full)
		return -1;
	return 0;
}

int petr_words_phrase(petr_ld *L, const char *s, size_t n, uint8_t match, petr_ph *ph)
{
	return petr_words_phrase_gap(L, s, n, match, 0, ph);
}

/* Regular plural of the last word of `w` into out: Y after a consonant ->
 * IES, S X Z CH SH -> ES, else S.  Returns 0, or -1 if it does not fit. */
int petr_plural(const char *w, char *out, size_t cap)
{
	size_t n = strlen(w);
	char last, prev;
	if (!n || n + 3 >= cap)
		return -1;
	memcpy(out, w, n + 1);
	last = w[n - 1];
	prev = n > 1 ? w[n - 2] : ' ';
	if (last == 'Y' && !strchr("AEIOU", prev)) {
		memcpy(out + n - 1, "IES", 4);
	} else if (last == 'S' || last == 'X' || last == 'Z' ||
	           (last == 'H' && (prev == 'C' || prev == 'S'))) {
		memcpy(out + n, "ES", 3);
	} else {
		memcpy(out + n, "S", 2);
	}
	return 0;
}

void petr_upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 32);
}

/* ------------------------------------------------------------ codes */

/* Normalises a verb code: trims, "[:B]" -> "---:B", "[A:]" -> "A".  Returns
 * -1 when empty or too long for the model. */
int petr_verb_code(const char *s, size_t n, char *out, size_t cap)
{
	char t[PETR_CODE_MAX];
	char *colon;
	size_t l1, l2;
	if (petr_copy_trim(t, sizeof t, s, n) <= 0)
		return -1;
	if (strchr(t, ' ') || strchr(t, '\t'))
		return -1;
	colon = strchr(t, ':');
	if (!colon) {
		if (strlen(t) >= DICT_CODE_MAX)
			return -1;
		return snprintf(out, cap, "%s", t) < (int)cap ? 0 : -1;
	}
	*colon = '\0';
	l1 = strlen(t);
	l2 = strlen(colon + 1);
	if (l1 >= DICT_CODE_MAX || l2 >= DICT_CODE_MAX || strchr(colon + 1, ':'))
		return -1;
	if (!l1 && !l2)
		return -1;
	if (!l2)
		return snprintf(out, cap, "%s", t) < (int)cap ? 0 : -1;
	return snprintf(out, cap, "%s:%s", l1 ? t : "---", colon + 1) < (int)cap ? 0 : -1;
}

/* Finds "[...]": sets *b, *e to the inside; returns 0 or -1 if absent/unclosed. */
int petr_bracket(const char *s, const char **b, const char **e)
{
	const char *o = strchr(s, '['), *c;
	if (!o)
		return -1;
	c = strchr(o + 1, ']');
	if (!c)
		return -1;
	*b = o + 1;
	*e = c;
	return 0;
}


int petr_grow(void **p, uint32_t *cap, uint32_t n, size_t el)
{
	void *q;
	uint32_t nc;
	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 16;
	q = tides_realloc(*p, (size_t)nc * el);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}


/* Regular forms of a verb head: S (ES after S X Z CH SH, IES after
 * consonant+Y), D/ED, ING (dropping a final E after a consonant). */
int petr_regular_forms(const char *h, char out[3][PETR_WORD_MAX])
{
	size_t n = strlen(h);
	char last, prev;
	if (!n || n + 4 >= PETR_WORD_MAX)
		return -1;
	last = h[n - 1];
	prev = n > 1 ? h[n - 2] : 'A';
	if (petr_plural(h, out[0], PETR_WORD_MAX) < 0)
		return -1;
	if (last == 'E')
		snprintf(out[1], PETR_WORD_MAX, "%sD", h);
	else if (last == 'Y' && !strchr("AEIOU", prev))
		snprintf(out[1], PETR_WORD_MAX, "%.*sIED", (int)(n - 1), h);
	else
		snprintf(out[1], PETR_WORD_MAX, "%sED", h);
	if (last == 'E' && n > 2 && !strchr("AEIOU", prev))
		snprintf(out[2], PETR_WORD_MAX, "%.*sING", (int)(n - 1), h);
	else
		snprintf(out[2], PETR_WORD_MAX, "%sING", h);
	return 0;
}

/* ------------------------------------------------------------ actors */

static int petr_flush_actor(petr_ld *L)
{
	uint32_t i;
	int pass;
	if (L->actor == UINT32_MAX)
		return 0;
	if (!L->ncodes) {
		L->d->actors[L->actor].flags |= DICT_AF_NULLCODE;
		if (dict_actor_add_code(L->d, L->actor, "---", DICT_DATE_MIN, DICT_DATE_MAX) < 0)
			return L->nomem = 1, -1;
	}
	/* dated codes first (the first that holds wins), undated last */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < L->ncodes; i++) {
			petr_code *c = &L->codes[i];
			int undated = c->from == DICT_DATE_MIN && c->to == DICT_DATE_MAX;
			if (undated != pass)
				continue;
			if (dict_actor_add_code(L->d, L->actor, c->code, c->from, c->to) < 0)
				return L->nomem = 1, -1;
		}
	if (L->ncodes == 1 && strcmp(L->codes[0].code, "---") == 0)
		L->d->actors[L->actor].flags |= DICT_AF_NULLCODE;
	L->ncodes = 0;
	L->actor = UINT32_MAX;
	return 0;
}

static int32_t petr_date_at(const char *s, const char **end)
{
	const char *e = s;
	while (*e >= '0' && *e <= '9')
		e++;
	*end = e;
	return dict_parse_date(s, (size_t)(e - s));
}

/* "CODE", "CODE <D", "CODE >D", "CODE D1-D2" (inside the brackets). */
static int petr_actor_code(petr_ld *L, const char *b, const char *e)
{
	char t[256], *rest;
	petr_code c;
	size_t k;
	if (petr_copy_trim(t, sizeof t, b, (size_t)(e - b)) <= 0)
		goto bad;
	rest = t;
	while (*rest && !petr_is_space((unsigned char)*rest))
		rest++;
	k = (size_t)(rest - t);
	if (k >= sizeof c.code)
		goto bad;
	memcpy(c.code, t, k);
	c.code[k] = '\0';
	petr_upper(c.code);
	rest = (char *)petr_skip_space(rest);
	c.from = DICT_DATE_MIN;
	c.to = DICT_DATE_MAX;
	if (*rest == '<' || *rest == '>') {
		const char *q = petr_skip_space(rest + 1), *qe;
		int32_t dt = petr_date_at(q, &qe);
		if (dt < 0 || *petr_skip_space(qe))
			goto baddate;
		if (*rest == '<')
			c.to = dt;
		else
			c.from = dt;
	} else if (*rest) {
		const char *q = rest, *qe;
		int32_t d1 = petr_date_at(q, &qe), d2;
		q = petr_skip_space(qe);
		if (d1 < 0 || *q != '-')
			goto baddate;
		d2 = petr_date_at(petr_skip_space(q + 1), &qe);
		if (d2 < 0 || *petr_skip_space(qe))
			goto baddate;
		if (d2 < d1) {
			tides_warn_at(L->ctx, L->name, L->lineno, "date range ends before it starts; skipped");
			return 0;
		}
		c.from = d1;
		c.to = d2;
	}
	if (petr_grow((void **)&L->codes, &L->ccodes, L->ncodes, sizeof *L->codes) < 0)
		return L->nomem = 1, -1;
	L->codes[L->ncodes++] = c;
	return 0;
baddate:
	tides_warn_at(L->ctx, L->name, L->lineno, "bad date restriction '%s'; skipped", rest);
	return 0;
bad:
	tides_warn_at(L->ctx, L->name, L->lineno, "bad actor code '[%.*s]'; skipped", (int)(e - b), b);
	return 0;
}

static int petr_actor_phrase(petr_ld *L, const char *s, size_t n)
{
	petr_ph ph;
	dict_phrase dp;
	if (petr_words_phrase_gap(L, s, n, PETR_ACTOR_MATCH, 1, &ph) < 0) {
		if (!L->nomem)
			tides_warn_at(L->ctx, L->name, L->lineno, "bad actor phrase; skipped");
		return L->nomem ? -1 : 0;
	}
	if (ph_commit(L, &ph, &dp) < 0)
		return -1;
	if (dict_add_entry(L->d, DICT_K_ACTOR, L->actor, 0, dp) < 0)
		return L->nomem = 1, -1;
	return 0;
}

static int petr_load_actors(petr_ld *L)
{
	L->actor = UINT32_MAX;
	while (!L->nomem && petr_next(L)) {
		char *s = L->line, *semi;
		const char *b, *e;
		if (strstr(s, "---STOP---"))
			break;
		semi = strchr(s, ';'); /* TABARI comments, still found in PETRARCH files */
		if (semi)
			*semi = '\0';
		if (petr_is_space((unsigned char)s[0])) {
			/* date restriction of the open actor */
			if (petr_bracket(s, &b, &e) < 0) {
				tides_warn_at(L->ctx, L->name, L->lineno, "indented line without [CODE]; skipped");
				continue;
			}
			if (L->actor == UINT32_MAX) {
				tides_warn_at(L->ctx, L->name, L->lineno, "date restriction without an actor; skipped");
				continue;
			}
			if (petr_actor_code(L, b, e) < 0)
				return -1;
			continue;
		}
		if (s[0] == '+') {
			size_t n;
			if (L->actor == UINT32_MAX) {
				tides_warn_at(L->ctx, L->name, L->lineno, "synonym without an actor; skipped");
				continue;
			}
			n = strcspn(s + 1, "[");
			if (petr_actor_phrase(L, s + 1, n) < 0)
				return -1;
			continue;
		}
		if (petr_flush_actor(L) < 0)
			return -1;
		L->actor = dict_add_actor(L->d, 0);
		if (L->actor == UINT32_MAX)
			return L->nomem = 1, -1;
		if (strchr(s, '[')) {
			if (petr_bracket(s, &b, &e) < 0) {
				tides_warn_at(L->ctx, L->name, L->lineno, "missing ']' after actor code; code ignored");
			} else if (petr_actor_code(L, b, e) < 0) {
				return -1;
			}
		}
		if (petr_actor_phrase(L, s, strcspn(s, "[")) < 0)
			return -1;
	}
	if (L->nomem)
		return -1;
	return petr_flush_actor(L);
}

/* ------------------------------------------------------------ agents */

static int petr_marker_def(petr_ld *L)
{
	const char *s = strchr(L->line, '!'), *e, *eq, *c;
	petr_marker *m;
	e = s ? strchr(s + 1, '!') : NULL;
	eq = e ? strchr(e, '=') : NULL;
	if (!eq || e - s - 1 <= 0 || (size_t)(e - s - 1) >= sizeof m->name) {
		tides_warn_at(L->ctx, L->name, L->lineno, "bad substitution marker definition; skipped");
		return 0;
	}
	if (L->nmarkers >= (int)(sizeof L->markers / sizeof L->markers[0])) {
		tides_warn_at(L->ctx, L->name, L->lineno, "too many substitution markers; skipped");
		return 0;
	}
	m = &L->markers[L->nmarkers];
	memset(m, 0, sizeof *m);
	memcpy(m->name, s + 1, (size_t)(e - s - 1));
	petr_upper(m->name);
	c = eq + 1;
	while (*c) {
		size_t k = strcspn(c, ",");
		if (m->n >= 16 || petr_copy_trim(m->items[m->n], sizeof m->items[0], c, k) < 0) {
			tides_warn_at(L->ctx, L->name, L->lineno, "substitution list too long; skipped");
			return 0;
		}
		if (m->items[m->n][0]) {
			petr_upper(m->items[m->n]);
			m->n++;
		}
		c += k;
		if (*c == ',')
			c++;
	}
	if (!m->n) {
		tides_warn_at(L->ctx, L->name, L->lineno, "empty substitution marker; skipped");
		return 0;
	}
	L->nmarkers++;
	return 0;
}

static int petr_agent_variant(petr_ld *L, uint32_t agent, const char *s)
{
	petr_ph ph;
	dict_phrase dp;
	if (petr_words_phrase_gap(L, s, strlen(s), PETR_AGENT_MATCH, 1, &ph) < 0) {
		if (!L->nomem)
			tides_warn_at(L->ctx, L->name, L->lineno, "bad agent phrase; skipped");
		return L->nomem ? -1 : 0;
	}
	if (ph_commit(L, &ph, &dp) < 0)
		return -1;
	if (dict_add_entry(L->d, DICT_K_AGENT, agent, 0, dp) < 0)
		return L->nomem = 1, -1;
	return 0;
}

static int petr_agent_line(petr_ld *L)
{
	char code[TIDES_ACTOR_MAX], phrase[PETR_LINE_MAX], plural[PETR_LINE_MAX + 8];
	const char *b, *e;
	char *s = L->line, *o, *bang;
	size_t i, k = 0;
	uint32_t agent;
	int auto_plural = 1;
	if (petr_bracket(s, &b, &e) < 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "agent without [CODE]; skipped");
		return 0;
	}
	for (i = 0; b + i < e; i++)
		if (!petr_is_space((unsigned char)b[i])) {
			if (k + 1 >= sizeof code) {
				tides_warn_at(L->ctx, L->name, L->lineno, "agent code too long; skipped");
				return 0;
			}
			code[k++] = b[i];
		}
	code[k] = '\0';
	petr_upper(code);
	if (!strchr(code, '~') || k < 2) {
		tides_warn_at(L->ctx, L->name, L->lineno,
		              "agent code '%s' needs '~' before or after it; skipped", code);
		return 0;
	}
	*(char *)(b - 1) = '\0';
	plural[0] = '\0';
	o = strchr(s, '{');
	if (o) {
		char *c = strchr(o, '}');
		if (!c) {
			tides_warn_at(L->ctx, L->name, L->lineno, "missing '}' in agent plural; skipped");
			return 0;
		}
		*c = '\0';
		petr_copy_trim(plural, sizeof plural, o + 1, strlen(o + 1));
		*o = '\0';
		auto_plural = 0;
	}
	if (petr_copy_trim(phrase, sizeof phrase, s, strlen(s)) <= 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "agent without a phrase; skipped");
		return 0;
	}
	petr_upper(phrase);
	petr_upper(plural);
	bang = strchr(phrase, '!');
	if (bang) {
		char *bend = strchr(bang + 1, '!');
		int mi;
		if (!bend) {
			tides_warn_at(L->ctx, L->name, L->lineno, "substitution marker without closing '!'; skipped");
			return 0;
		}
		for (mi = 0; mi < L->nmarkers; mi++)
			if ((size_t)(bend - bang - 1) == strlen(L->markers[mi].name) &&
			    memcmp(bang + 1, L->markers[mi].name, (size_t)(bend - bang - 1)) == 0)
				break;
		if (mi == L->nmarkers) {
			tides_warn_at(L->ctx, L->name, L->lineno, "undefined substitution marker '%.*s'; skipped",
			              (int)(bend - bang + 1), bang);
			return 0;
		}
		agent = dict_add_agent(L->d, code);
		if (agent == UINT32_MAX)
			return L->nomem = 1, -1;
		for (i = 0; i < (size_t)L->markers[mi].n; i++) {
			char v[PETR_LINE_MAX];
			int m = snprintf(v, sizeof v, "%.*s%s%s", (int)(bang - phrase), phrase,
			                 L->markers[mi].items[i], bend + 1);
			if (m < 0 || (size_t)m >= sizeof v)
				continue;
			if (petr_agent_variant(L, agent, v) < 0)
				return -1;
		}
		return 0;
	}
	agent = dict_add_agent(L->d, code);
	if (agent == UINT32_MAX)
		return L->nomem = 1, -1;
	if (petr_agent_variant(L, agent, phrase) < 0)
		return -1;
	if (auto_plural) {
		/* PETRARCH: Y -> IES, S -> +ES, else +S, on the phrase's last word */
		size_t n = strlen(phrase);
		char last = phrase[n - 1];
		if (n + 3 >= sizeof plural)
			return 0;
		if (last == 'Y' && n > 1 && !strchr("AEIOU", phrase[n - 2]))
			snprintf(plural, sizeof plural, "%.*sIES", (int)(n - 1), phrase);
		else if (last == 'S')
			snprintf(plural, sizeof plural, "%sES", phrase);
		else if (last == '_')
			return 0;
		else
			snprintf(plural, sizeof plural, "%sS", phrase);
	}
	if (plural[0] && petr_agent_variant(L, agent, plural) < 0)
		return -1;
	return 0;
}

static int petr_load_agents(petr_ld *L)
{
	while (!L->nomem && petr_next(L)) {
		char *s = L->line;
		char *bang = strchr(s, '!');
		int rc;
		if (bang && strchr(s, '=') && (!strchr(s, '[') || strchr(s, '=') < strchr(s, '[')))
			rc = petr_marker_def(L);
		else
			rc = petr_agent_line(L);
		if (rc < 0)
			return -1;
	}
	return L->nomem ? -1 : 0;
}

/* ------------------------------------------------------------ discards */

static int petr_load_discards(petr_ld *L)
{
	while (!L->nomem && petr_next(L)) {
		char t[PETR_LINE_MAX];
		const char *s = petr_skip_space(L->line);
		int story = 0, n;
		uint32_t idx;
		petr_ph ph;
		dict_phrase dp;
		uint8_t lastmatch = DICT_M_STEM;
		char *semi;
		if (*s == '+') {
			story = 1;
			s++;
		}
		n = petr_copy_trim(t, sizeof t, s, strlen(s));
		semi = strchr(t, ';');
		if (semi) {
			*semi = '\0';
			n = petr_copy_trim(t, sizeof t, t, strlen(t));
		}
		if (n > 0 && t[n - 1] == '_') {
			lastmatch = DICT_M_EXACT;
			t[--n] = '\0';
		}
		if (n <= 0 || petr_words_phrase(L, t, (size_t)n, DICT_M_EXACT, &ph) < 0) {
			if (L->nomem)
				return -1;
			tides_warn_at(L->ctx, L->name, L->lineno, "empty discard phrase; skipped");
			continue;
		}
		ph.el[ph.n - 1].match = lastmatch;
		idx = dict_add_discard(L->d, story ? PETR_DISCARD_STORY : PETR_DISCARD_SENTENCE);
		if (idx == UINT32_MAX)
			return L->nomem = 1, -1;
		if (ph_commit(L, &ph, &dp) < 0)
			return -1;
		if (dict_add_entry(L->d, DICT_K_DISCARD, idx, 0, dp) < 0)
			return L->nomem = 1, -1;
	}
	return L->nomem ? -1 : 0;
}

/* ------------------------------------------------------------ issues */

#define PETR_FORMS_MAX 64

/* PETRARCH's issue expansions, applied until none is left:
 * '+' -> ' ' and '-' variants; 'N:w' -> w, plural; 'V:w' -> w, wS, wED, wING. */
static int petr_issue_forms(char forms[][PETR_WORD_MAX], int n)
{
	int changed = 1, k;
	while (changed) {
		changed = 0;
		for (k = 0; k < n; k++) {
			char *f = forms[k], *p;
			char base[PETR_WORD_MAX];
			if ((p = strchr(f, '+')) != NULL) {
				if (n >= PETR_FORMS_MAX)
					return -1;
				memcpy(forms[n], f, PETR_WORD_MAX);
				forms[n][p - f] = '-';
				*p = ' ';
				n++;
				changed = 1;
			}
			if ((p = strstr(f, "N:")) != NULL || (p = strstr(f, "V:")) != NULL) {
				int verb = p[0] == 'V';
				size_t pre = (size_t)(p - f), wl;
				const char *w = p + 2, *after;
				char word[PETR_WORD_MAX], out[3][PETR_WORD_MAX];
				int i, nv;
				wl = strcspn(w, " ");
				after = w + wl;
				if (!wl || wl >= sizeof word)
					return -1;
				memcpy(word, w, wl);
				word[wl] = '\0';
				if (verb) {
					if (petr_regular_forms(word, out) < 0)
						return -1;
					nv = 3;
				} else {
					if (petr_plural(word, out[0], sizeof out[0]) < 0)
						return -1;
					nv = 1;
				}
				memcpy(base, f, PETR_WORD_MAX);
				for (i = 0; i < nv; i++) {
					if (n >= PETR_FORMS_MAX)
						return -1;
					if (snprintf(forms[n], PETR_WORD_MAX, "%.*s%s%s", (int)pre, base, out[i], after) >=
					    PETR_WORD_MAX)
						return -1;
					n++;
				}
				if (snprintf(f, PETR_WORD_MAX, "%.*s%s%s", (int)pre, base, word, after) >= PETR_WORD_MAX)
					return -1;
				changed = 1;
			}
		}
	}
	return n;
}

static int petr_load_issues(petr_ld *L)
{
	static char forms[PETR_FORMS_MAX][PETR_WORD_MAX];
	while (!L->nomem && petr_next(L)) {
		const char *s = petr_skip_space(L->line), *b, *e;
		char code[DICT_CODE_MAX * 4];
		uint32_t idx, i;
		int n, k;
		if (*s == '<')
			continue; /* <ISSUE CATEGORY=...> section markers */
		if (*s == '~')
			continue; /* exclusion phrases: PETRARCH only half-implements them */
		if (petr_bracket(s, &b, &e) < 0) {
			tides_warn_at(L->ctx, L->name, L->lineno, "issue phrase without [CODE]; skipped");
			continue;
		}
		if (petr_copy_trim(code, sizeof code, b, (size_t)(e - b)) <= 0 ||
		    strlen(code) >= DICT_CODE_MAX * 4) {
			tides_warn_at(L->ctx, L->name, L->lineno, "bad issue code; skipped");
			continue;
		}
		if (petr_copy_trim(forms[0], sizeof forms[0], s, (size_t)(b - 1 - s)) <= 0) {
			tides_warn_at(L->ctx, L->name, L->lineno, "issue without a phrase; skipped");
			continue;
		}
		petr_upper(forms[0]);
		n = petr_issue_forms(forms, 1);
		if (n < 0) {
			tides_warn_at(L->ctx, L->name, L->lineno, "issue phrase expands too far; skipped");
			continue;
		}
		/* one dict_issue per distinct code */
		idx = UINT32_MAX;
		for (i = 0; i < L->d->nissues; i++)
			if (strcmp(L->d->issues[i].code, code) == 0) {
				idx = i;
				break;
			}
		if (idx == UINT32_MAX) {
			if (strlen(code) >= sizeof L->d->issues[0].code) {
				tides_warn_at(L->ctx, L->name, L->lineno, "issue code '%s' too long; skipped", code);
				continue;
			}
			idx = dict_add_issue(L->d, code, 0);
			if (idx == UINT32_MAX)
				return L->nomem = 1, -1;
		}
		for (k = 0; k < n; k++) {
			petr_ph ph;
			dict_phrase dp;
			int dup = 0, m;
			/* "a-b" and "a b" are the same words to the lexer */
			for (m = 0; m < k && !dup; m++) {
				const char *x = forms[m], *y = forms[k];
				while (*x && (*x == *y || ((*x == '-' || *x == ' ') && (*y == '-' || *y == ' ')))) {
					x++;
					y++;
				}
				dup = !*x && !*y;
			}
			if (dup)
				continue;
			if (petr_words_phrase(L, forms[k], strlen(forms[k]), DICT_M_EXACT, &ph) < 0) {
				if (L->nomem)
					return -1;
				continue;
			}
			if (ph_commit(L, &ph, &dp) < 0)
				return -1;
			if (dict_add_entry(L->d, DICT_K_ISSUE, idx, 0, dp) < 0)
				return L->nomem = 1, -1;
		}
	}
	return L->nomem ? -1 : 0;
}

/* ------------------------------------------------------------ dispatch */

static int petr_sniff_text(const char *t, size_t n, int kind)
{
	const char *p = t, *end = t + n;
	int xml = 0, hash_first = 0, first = 1, tabari = 0, petr_agent = 0;
	if (kind == PETR_VERBS)
		return dict_petr_verbs_dialect(t, n);
	if (kind == PETR_DISCARDS || kind == PETR_ISSUES)
		return PETR_DIALECT_1;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len;
		if (!e)
			e = end;
		len = (size_t)(e - p);
		if (len >= 4 && memcmp(p, "<!--", 4) == 0)
			xml = 1;
		if (first && len && !petr_is_space((unsigned char)*p)) {
			hash_first = *p == '#';
			first = 0;
		}
		if ((len && *p == ';') || (len >= 6 && memcmp(p, "<NOUN>", 6) == 0) ||
		    (len >= 11 && memcmp(p, "<ADJECTIVE>", 11) == 0) ||
		    (len >= 8 && memcmp(p, "~~FINISH", 8) == 0))
			tabari = 1;
		if (kind == PETR_AGENTS && len && p[0] == '!' && memchr(p, '=', len))
			petr_agent = 1;
		if (kind == PETR_AGENTS && len && memchr(p, '{', len))
			petr_agent = 1;
		p = e + 1;
	}
	if (tabari)
		return PETR_DIALECT_NONE;
	return xml || hash_first || petr_agent ? PETR_DIALECT_1 : PETR_DIALECT_NONE;
}

int dict_petr_sniff(const char *path, int kind)
{
	char *buf;
	size_t n;
	FILE *f = fopen(path, "rb");
	int r;
	if (!f)
		return PETR_DIALECT_NONE;
	buf = tides_malloc(PETR_SNIFF_MAX);
	if (!buf) {
		fclose(f);
		return PETR_DIALECT_NONE;
	}
	n = fread(buf, 1, PETR_SNIFF_MAX, f);
	fclose(f);
	if (kind == PETR_VERBS && n == PETR_SNIFF_MAX) {
		/* a long verb file: cut at the last full line */
		while (n && buf[n - 1] != '\n')
			n--;
	}
	r = petr_sniff_text(buf, n, kind);
	tides_free(buf);
	return r;
}

tides_status dict_petr_load_mem(tides_ctx *ctx, tides_dicts *d, int kind, const char *name,
                                const char *text, size_t n)
{
	petr_ld L;
	int rc = 0;
	memset(&L, 0, sizeof L);
	L.ctx = ctx;
	L.d = d;
	L.name = name;
	L.p = text;
	L.end = text + n;
	L.actor = UINT32_MAX;
	L.synset = UINT32_MAX;
	L.file = dict_add_file(d, name);
	if (L.file == UINT32_MAX)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory loading '%s'", name);
	switch (kind) {
	case PETR_VERBS:
		L.dialect = dict_petr_verbs_dialect(text, n);
		if (L.dialect == PETR_DIALECT_NONE)
			L.dialect = PETR_DIALECT_1;
		rc = petr_load_verbs(&L);
		break;
	case PETR_ACTORS: rc = petr_load_actors(&L); break;
	case PETR_AGENTS: rc = petr_load_agents(&L); break;
	case PETR_DISCARDS: rc = petr_load_discards(&L); break;
	case PETR_ISSUES: rc = petr_load_issues(&L); break;
	default:
		return tides_fail(ctx, TIDES_ERR_USAGE, "unknown PETRARCH dictionary kind %d", kind);
	}
	tides_free(L.blocks);
	tides_free(L.forms);
	tides_free(L.pats);
	tides_free(L.codes);
	if (rc < 0 || L.nomem)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory loading '%s'", name);
	return TIDES_OK;
}

tides_status dict_petr_load(tides_ctx *ctx, tides_dicts *d, int kind, const char *path)
{
	FILE *f;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	tides_status st;
	f = fopen(path, "rb");
	if (!f)
		return tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	for (;;) {
		size_t got;
		if (cap - n < 65536) {
			size_t nc = cap ? cap * 2 : 262144;
			char *q = tides_realloc(buf, nc + 1);
			if (!q) {
				fclose(f);
				tides_free(buf);
				return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory reading '%s'", path);
			}
			buf = q;
			cap = nc;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int err = errno;
		fclose(f);
		tides_free(buf);
		return tides_fail_errno(ctx, TIDES_ERR_IO, err, "cannot read '%s'", path);
	}
	fclose(f);
	buf[n] = '\0';
	st = dict_petr_load_mem(ctx, d, kind, path, buf, n);
	tides_free(buf);
	return st;
}

tides_status dict_any_load_verbs(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	if (dict_petr_sniff(path, PETR_VERBS) != PETR_DIALECT_NONE)
		return dict_petr_load(ctx, d, PETR_VERBS, path);
	return dict_tabari_load_verbs(ctx, d, path);
}

tides_status dict_any_load_actors(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	if (dict_petr_sniff(path, PETR_ACTORS) != PETR_DIALECT_NONE)
		return dict_petr_load(ctx, d, PETR_ACTORS, path);
	return dict_tabari_load_actors(ctx, d, path);
}

tides_status dict_any_load_agents(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	if (dict_petr_sniff(path, PETR_AGENTS) != PETR_DIALECT_NONE)
		return dict_petr_load(ctx, d, PETR_AGENTS, path);
	return dict_tabari_load_agents(ctx, d, path);
}

tides_status dict_petr_load_discards(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	return dict_petr_load(ctx, d, PETR_DISCARDS, path);
}

tides_status dict_petr_load_issues(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	return dict_petr_load(ctx, d, PETR_ISSUES, path);
}
