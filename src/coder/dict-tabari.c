/*
 * dict-tabari.c — loaders for the TABARI dictionary dialect (.verbs,
 * .actors, .agents, .options) into the model of dict.h.
 *
 * Syntax facts (TABARI 0.8 manual and source): text after ';' is a comment;
 * a line starting with '#' is ignored; "~~FINISH" ends a file.  Words are
 * upper case; the character after a word is its connector:
 *   ' '  stem match, other words may come in between
 *   '_'  whole word (regular endings on a root's last word), next word
 *        follows immediately; '_ ' whole word, gap allowed
 *   '~_' stem match, next word follows immediately
 *   '='  whole word, no endings
 * Hyphens are read as blanks, as the text filter turns them into blanks.
 * Verbs: "ROOT [code]", an optional "{ FORM FORM }" line of other forms,
 * then "- pattern [code]" lines.  <SYNSETS> holds "&NAME" then "+member"
 * lines; <TIME> holds time-shift roots and patterns.  Actors: "ROOT [code]
 * [code date]..." on one line, or "ROOT" then "+SYNONYM" lines then
 * indented "[code ...]" lines; <NOUN> and <ADJECTIVE> blocks list plain
 * words.  Dated codes: "[ABC <YYMMDD]", "[ABC >YYMMDD]", "[ABC YYMMDD-YYMMDD]".
 * tides' extensions in actor files (data/dict/en/actors.txt): a
 * "<LOCATIVE>" line turns on the locative rule for the dictionaries
 * (dict_options.locative: parse.c mark_locatives), a "<SUBJECTFIRST>"
 * line the rule that a regular source precedes its verb
 * (dict_options.subject_first: coder.c regular_source); actors between
 * "<CAPNAME>" and "</CAPNAME>" are names that are also common words
 * (dict_entry.eflags DICT_EN_CAPNAME: parse.c capname_guard).  TABARI
 * itself would warn about the unknown sections and read the names plainly.
 */
#include "coder/dict.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

#define TAB_LINE_MAX 4096
#define TAB_ELEMS_MAX 128
#define TAB_ALT_MAX 32

typedef struct tab_reader {
	tides_ctx *ctx;
	tides_dicts *d;
	FILE *f;
	const char *path;
	uint32_t file;
	long line;
	char buf[TAB_LINE_MAX];
	int finished;
	const char *why;   /* what was wrong with the last malformed line */
} tab_reader;

/* Records why a line is malformed; returns -1 for `return tab_bad(...)`. */
static int tab_bad(tab_reader *r, const char *why)
{
	if (!r->why)
		r->why = why;
	return -1;
}

static tides_status tab_open(tab_reader *r, tides_ctx *ctx, tides_dicts *d, const char *path)
{
	memset(r, 0, sizeof *r);
	r->ctx = ctx;
	r->d = d;
	r->path = path;
	r->f = fopen(path, "rb");
	if (!r->f)
		return tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	r->file = dict_add_file(d, path);
	if (r->file == UINT32_MAX) {
		fclose(r->f);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	return TIDES_OK;
}

/* Next line without comment and trailing blanks; 0 at EOF or ~~FINISH.
 * Overlong lines are warned about and skipped; bad UTF-8 is repaired. */
static int tab_next(tab_reader *r, char **out)
{
	for (;;) {
		size_t n;
		char *s, *semi;
		if (r->finished || !fgets(r->buf, sizeof r->buf, r->f))
			return 0;
		r->line++;
		n = strlen(r->buf);
		if (n == sizeof r->buf - 1 && r->buf[n - 1] != '\n') {
			int c;
			tides_warn_at(r->ctx, r->path, r->line, "line too long; skipped");
			while ((c = fgetc(r->f)) != EOF && c != '\n')
				;
			continue;
		}
		if (tides_utf8_check(r->buf, n) != n || memchr(r->buf, '\0', n))
			tides_utf8_scrub(r->buf, n);
		s = r->buf;
		if (strncmp(s, "~~", 2) == 0) {
			r->finished = 1;
			return 0;
		}
		if (s[0] == '#')
			continue;
		semi = strchr(s, ';');
		if (semi)
			*semi = '\0';
		n = strlen(s);
		while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
		*out = s;
		return 1;
	}
}

static void tab_upcase(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static char *tab_skipws(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* ------------------------------------------------------------ phrases */

typedef struct tab_phrase {
	dict_elem el[TAB_ELEMS_MAX];
	uint32_t n;
	int nverb;
} tab_phrase;

static int tab_wordch(char c)
{
	return c && c != ' ' && c != '\t' && c != '_' && c != '~' && c != '=' && c != '{' &&
	       c != '}' && c != '|' && c != '[';
}

/* Sets the connector of the element just parsed from the text at *pp. */
static void tab_connector(dict_elem *e, char **pp, int is_word)
{
	char *p = *pp;
	if (*p == '_') {
		p++;
		if (is_word)
			e->match = DICT_M_FORMS;
		if (*p && *p != ' ' && *p != '\t' && *p != '|' && *p != '}')
			e->flags |= DICT_EF_NEXT;
	} else if (*p == '~' && p[1] == '_') {
		p += 2;
		e->flags |= DICT_EF_NEXT;
	} else if (*p == '=') {
		p++;
		if (is_word)
			e->match = DICT_M_EXACT;
		e->flags |= DICT_EF_NEXT;
	}
	*pp = p;
}

static int tab_parse_seq(tab_reader *r, char **pp, tab_phrase *ph, int in_alt, int allow_slots);

/* Parses "{ a b | c }" starting after '{'; adds an ALT element. */
static int tab_parse_alt(tab_reader *r, char **pp, tab_phrase *ph)
{
	dict_phrase opts[TAB_ALT_MAX];
	uint32_t nopt = 0, alt;
	char *p = *pp;
	dict_elem e;
	for (;;) {
		tab_phrase sub;
		uint32_t first;
		memset(&sub, 0, sizeof sub);
		if (tab_parse_seq(r, &p, &sub, 1, 0) < 0)
			return -1;
		if (!sub.n || nopt >= TAB_ALT_MAX)
			return tab_bad(r, "empty or too many options in '{ | }'");
		first = dict_add_elems(r->d, sub.el, sub.n);
		if (first == UINT32_MAX)
			return -1;
		opts[nopt].first = first;
		opts[nopt].n = sub.n;
		nopt++;
		if (*p == '|') {
			p++;
			continue;
		}
		if (*p == '}') {
			p++;
			break;
		}
		return tab_bad(r, "'{' without '}'");
	}
	alt = dict_add_alt(r->d, opts, nopt);
	if (alt == UINT32_MAX || ph->n >= TAB_ELEMS_MAX)
		return -1;
	memset(&e, 0, sizeof e);
	e.kind = DICT_EL_ALT;
	e.ref = alt;
	tab_connector(&e, &p, 0);
	ph->el[ph->n++] = e;
	*pp = p;
	return 0;
}

static int tab_parse_seq(tab_reader *r, char **pp, tab_phrase *ph, int in_alt, int allow_slots)
{
	char *p = *pp;
	for (;;) {
		dict_elem e;
		p = tab_skipws(p);
		if (!*p || *p == '[')
			break;
		if (*p == '|' || *p == '}') {
			if (!in_alt)
				return tab_bad(r, "'|' or '}' outside '{ }'");
			break;
		}
		if (ph->n >= TAB_ELEMS_MAX)
			return tab_bad(r, "phrase too long");
		memset(&e, 0, sizeof e);
		if (*p == '{') {
			if (in_alt || !allow_slots)
				return tab_bad(r, "'{ }' not allowed here");
			p++;
			if (tab_parse_alt(r, &p, ph) < 0)
				return -1;
			continue;
		}
		if (strchr("*$+%^", *p) && (allow_slots || *p == '*') && !in_alt) {
			switch (*p) {
			case '*': e.kind = DICT_EL_VERB; ph->nverb++; break;
			case '$': e.kind = DICT_EL_SOURCE; break;
			case '+': e.kind = DICT_EL_TARGET; break;
			case '%': e.kind = DICT_EL_COMPOUND; break;
			default: e.kind = DICT_EL_SKIP; break;
			}
			p++;
			tab_connector(&e, &p, 0);
			ph->el[ph->n++] = e;
			continue;
		}
		{
			char *w = p;
			size_t n;
			uint32_t id;
			int syn = *p == '&';
			while (tab_wordch(*p))
				p++;
			n = (size_t)(p - w);
			if (!n)
				return tab_bad(r, "unexpected character");
			id = dict_intern(r->d, w, n);
			if (!id)
				return -1;
			if (syn) {
				uint32_t s = dict_find_synset(r->d, id);
				if (s == UINT32_MAX) {
					tides_warn_at(r->ctx, r->path, r->line,
					              "unknown synset '%s'; line skipped", dict_word(r->d, id));
					return -2;
				}
				e.kind = DICT_EL_SYNSET;
				e.ref = s;
				tab_connector(&e, &p, 0);
			} else {
				e.kind = DICT_EL_WORD;
				e.ref = id;
				e.match = DICT_M_STEM;
				tab_connector(&e, &p, 1);
			}
			ph->el[ph->n++] = e;
		}
	}
	*pp = p;
	return 0;
}

/* Parses a phrase text (upper-cased, hyphens made blanks) into ph. */
static int tab_phrase_parse(tab_reader *r, char *text, tab_phrase *ph, int pattern)
{
	char *p;
	int rc;
	memset(ph, 0, sizeof *ph);
	for (p = text; *p; p++)
		if (*p == '-')
			*p = ' ';
	p = text;
	rc = tab_parse_seq(r, &p, ph, 0, pattern);
	if (rc < 0)
		return rc;
	p = tab_skipws(p);
	if (*p)
		return tab_bad(r, "text after the phrase");
	return ph->n ? 0 : tab_bad(r, "empty phrase");
}

/* A phrase without the verb slot '*' (roots, actors, agents). */
static int tab_phrase_plain(tab_reader *r, char *text, tab_phrase *ph, const char *why)
{
	int rc = tab_phrase_parse(r, text, ph, 0);
	if (rc < 0)
		return rc;
	return ph->nverb ? tab_bad(r, why) : 0;
}

static int tab_store(tab_reader *r, const tab_phrase *ph, dict_phrase *out)
{
	uint32_t first = dict_add_elems(r->d, ph->el, ph->n);
	if (first == UINT32_MAX)
		return -1;
	out->first = first;
	out->n = ph->n;
	return 0;
}

/* Splits "PHRASE [CODE] rest" : returns phrase in *ph (NUL-terminated in
 * place) and the text inside the first brackets in *code (or NULL). */
static int tab_split_code(char *s, char **phrase, char **code, char **rest)
{
	char *lb = strchr(s, '['), *rb;
	*phrase = s;
	*code = NULL;
	*rest = NULL;
	if (!lb)
		return 0;
	rb = strchr(lb, ']');
	if (!rb)
		return -1;
	*lb = '\0';
	*rb = '\0';
	*code = tab_skipws(lb + 1);
	*rest = rb + 1;
	{
		size_t n = strlen(*code);
		while (n && ((*code)[n - 1] == ' ' || (*code)[n - 1] == '\t'))
			(*code)[--n] = '\0';
	}
	{
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
	}
	return 1;
}

/* ------------------------------------------------------------ verbs */

static tides_status tab_done(tab_reader *r, tides_status st)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
	return st;
}

/* The loop every block-structured loader shares: each non-blank line,
 * upper-cased, goes to `line` with whether it was indented; its result is
 * 0 (taken), -1 (malformed: warned about with tab_bad's reason, skipped) or
 * -3 (out of memory: the load fails). */
typedef int (*tab_line_fn)(tab_reader *r, char *s, int indented, void *state);

static tides_status tab_load(tides_ctx *ctx, tides_dicts *d, const char *path, tab_line_fn line,
                             void *state)
{
	tab_reader r;
	char *s;
	tides_status st = tab_open(&r, ctx, d, path);
	if (st != TIDES_OK)
		return st;
	while (tab_next(&r, &s)) {
		int rc, indented = (s[0] == ' ' || s[0] == '\t');
		s = tab_skipws(s);
		if (!*s)
			continue;
		tab_upcase(s);
		rc = line(&r, s, indented, state);
		if (rc == -3)
			return tab_done(&r, tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory"));
		if (rc == -1)
			tides_warn_at(ctx, path, r.line, "malformed line (%s); skipped",
			              r.why ? r.why : "syntax");
		r.why = NULL;
	}
	if (ferror(r.f))
		return tab_done(&r, tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot read '%s'", path));
	return tab_done(&r, TIDES_OK);
}

static int tab_add_root(tab_reader *r, uint8_t kind, char *phrase, const char *code,
                        uint32_t *verb_out)
{
	tab_phrase ph;
	dict_phrase dp, star;
	dict_elem e;
	uint32_t v;
	int rc = tab_phrase_plain(r, phrase, &ph, "'*' in a verb root");
	if (rc < 0)
		return rc;
	v = dict_add_verb(r->d);
	if (v == UINT32_MAX || tab_store(r, &ph, &dp) < 0)
		return -3;
	if (dict_verb_add_form(r->d, v, dp) < 0)
		return -3;
	r->d->verbs[v].form_first = r->d->nverb_forms - 1;
	r->d->verbs[v].nform = 1;
	memset(&e, 0, sizeof e);
	e.kind = DICT_EL_VERB;
	star.first = dict_add_elems(r->d, &e, 1);
	star.n = 1;
	if (star.first == UINT32_MAX)
		return -3;
	if (dict_verb_add_pattern(r->d, v, star, code, 0, 0, 1, r->file, (uint32_t)r->line) < 0)
		return tab_bad(r, "bad code");
	if (dict_add_entry(r->d, kind, v, 0, dp) < 0)
		return -3;
	*verb_out = v;
	return 0;
}

static int tab_add_forms(tab_reader *r, char *s, uint32_t v, uint8_t kind)
{
	char *p = s, *end = strchr(s, '}');
	if (!end)
		return tab_bad(r, "'{' without '}'");
	*end = '\0';
	for (;;) {
		char *w;
		tab_phrase ph;
		dict_phrase dp;
		p = tab_skipws(p);
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		if (tab_phrase_parse(r, w, &ph, 0) < 0 || ph.nverb)
			return -1;
		if (tab_store(r, &ph, &dp) < 0 || dict_verb_add_form(r->d, v, dp) < 0)
			return -3;
		if (r->d->verbs[v].form_first + r->d->verbs[v].nform != r->d->nverb_forms - 1)
			return -1;
		r->d->verbs[v].nform++;
		if (dict_add_entry(r->d, kind, v, r->d->verbs[v].nform - 1, dp) < 0)
			return -3;
	}
	return 0;
}

static int tab_add_pattern(tab_reader *r, char *s, uint32_t v)
{
	char *phrase, *code, *rest;
	tab_phrase ph;
	dict_phrase dp;
	uint32_t len, maxalt;
	int rc;
	if (tab_split_code(s, &phrase, &code, &rest) <= 0 || !*code)
		return tab_bad(r, "no [code]");
	len = dict_pattern_length(phrase, &maxalt);
	rc = tab_phrase_parse(r, phrase, &ph, 1);
	if (rc < 0)
		return rc;
	if (ph.nverb != 1)
		return tab_bad(r, "a pattern needs exactly one '*'");
	if (tab_store(r, &ph, &dp) < 0)
		return -3;
	if (dict_verb_add_pattern(r->d, v, dp, code, len, maxalt, 0, r->file, (uint32_t)r->line) < 0)
		return tab_bad(r, "bad code");
	return 0;
}

static int tab_add_synset_line(tab_reader *r, char *s, uint32_t *cur)
{
	if (s[0] == '&') {
		size_t n = strlen(s);
		uint32_t id;
		while (n && s[n - 1] == ' ')
			n--;
		id = dict_intern(r->d, s, n);
		if (!id)
			return -3;
		if (dict_find_synset(r->d, id) != UINT32_MAX)
			return tab_bad(r, "synset defined twice");
		*cur = dict_add_synset(r->d, id);
		return *cur == UINT32_MAX ? -3 : 0;
	}
	if (s[0] == '+' && *cur != UINT32_MAX) {
		tab_phrase ph;
		dict_phrase dp;
		int rc = tab_phrase_parse(r, s + 1, &ph, 1);
		if (rc < 0)
			return rc;
		if (ph.nverb)
			return tab_bad(r, "'*' in a synset member");
		if (tab_store(r, &ph, &dp) < 0)
			return -3;
		return dict_synset_add(r->d, *cur, dp) < 0 ? tab_bad(r, "synset member out of place") : 0;
	}
	return tab_bad(r, "expected '&NAME' or '+member'");
}

typedef struct tab_verbs_state {
	uint32_t verb, syn;
	int section; /* 0 verbs, 1 synsets, 2 time */
} tab_verbs_state;

static int tab_verbs_line(tab_reader *r, char *s, int indented, void *state)
{
	tab_verbs_state *v = state;
	(void)indented;
	if (strcmp(s, "<SYNSETS>") == 0) { v->section = 1; return 0; }
	if (strcmp(s, "</SYNSETS>") == 0) { v->section = 0; return 0; }
	if (strcmp(s, "<TIME>") == 0) { v->section = 2; v->verb = UINT32_MAX; return 0; }
	if (strcmp(s, "</TIME>") == 0) { v->section = 0; v->verb = UINT32_MAX; return 0; }
	if (s[0] == '<') {
		tides_warn_at(r->ctx, r->path, r->line, "unknown section '%s'", s);
		return 0;
	}
	if (v->section == 1)
		return tab_add_synset_line(r, s, &v->syn);
	if (s[0] == '-')
		return v->verb == UINT32_MAX ? tab_bad(r, "pattern without a verb")
		                             : tab_add_pattern(r, s + 1, v->verb);
	if (s[0] == '{')
		return v->verb == UINT32_MAX
		       ? tab_bad(r, "verb forms without a verb")
		       : tab_add_forms(r, s + 1, v->verb, v->section == 2 ? DICT_K_TIME : DICT_K_VERB);
	{
		char *phrase, *code, *rest;
		v->verb = UINT32_MAX;
		if (tab_split_code(s, &phrase, &code, &rest) <= 0 || !*code || !*phrase)
			return tab_bad(r, "expected 'ROOT [code]'");
		return tab_add_root(r, v->section == 2 ? DICT_K_TIME : DICT_K_VERB, phrase, code,
		                    &v->verb);
	}
}

tides_status dict_tabari_load_verbs(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	tab_verbs_state v = {UINT32_MAX, UINT32_MAX, 0};
	return tab_load(ctx, d, path, tab_verbs_line, &v);
}

/* ------------------------------------------------------------ actors */

/* Parses the inside of one code block: "CODE", "CODE <YYMMDD",
 * "CODE >YYMMDD", "CODE YYMMDD-YYMMDD" (blanks allowed around < > -). */
static int tab_actor_code(tab_reader *r, uint32_t actor, char *s)
{
	char code[TIDES_ACTOR_MAX], *p = tab_skipws(s), *q;
	int32_t from = DICT_DATE_MIN, to = DICT_DATE_MAX;
	size_t n;
	q = p;
	while (*q && *q != ' ' && *q != '\t' && *q != '<' && *q != '>')
		q++;
	n = (size_t)(q - p);
	if (!n || n >= sizeof code)
		return tab_bad(r, "empty or overlong code");
	memcpy(code, p, n);
	code[n] = '\0';
	if (strspn(code, "0123456789-") == n && strpbrk(code, "0123456789"))
		return tab_bad(r, "date without a code");
	p = tab_skipws(q);
	if (*p) {
		char dbuf[32];
		size_t k = 0;
		char op = 0;
		int32_t a, b;
		if (*p == '<' || *p == '>')
			op = *p++;
		for (; *p && k < sizeof dbuf - 1; p++)
			if (*p != ' ' && *p != '\t')
				dbuf[k++] = *p;
		dbuf[k] = '\0';
		if (op) {
			a = dict_parse_date(dbuf, k);
			if (a < 0)
				return tab_bad(r, "bad date");
			if (op == '<')
				to = a - 1;
			else
				from = a + 1;
		} else {
			char *dash = strchr(dbuf, '-');
			if (!dash)
				return tab_bad(r, "bad date");
			a = dict_parse_date(dbuf, (size_t)(dash - dbuf));
			b = dict_parse_date(dash + 1, strlen(dash + 1));
			if (a < 0 || b < 0)
				return tab_bad(r, "bad date");
			from = a;
			to = b;
		}
	}
	return dict_actor_add_code(r->d, actor, code, from, to) < 0 ? -3 : 0;
}

/* Parses every "[...]" block in s into codes of `actor`. */
static int tab_actor_codes(tab_reader *r, uint32_t actor, char *s)
{
	int got = 0;
	for (;;) {
		char *lb = strchr(s, '['), *rb;
		int rc;
		if (!lb)
			break;
		rb = strchr(lb, ']');
		if (!rb)
			return tab_bad(r, "'[' without ']'");
		*rb = '\0';
		rc = tab_actor_code(r, actor, lb + 1);
		if (rc < 0)
			return rc;
		got++;
		s = rb + 1;
	}
	return got ? 0 : tab_bad(r, "no [code]");
}

static int tab_actor_entry(tab_reader *r, uint8_t kind, uint32_t entry, char *phrase,
                           uint8_t eflags)
{
	tab_phrase ph;
	dict_phrase dp;
	int rc = tab_phrase_plain(r, phrase, &ph, "'*' in an actor");
	if (rc < 0)
		return rc;
	if (tab_store(r, &ph, &dp) < 0 || dict_add_entry(r->d, kind, entry, 0, dp) < 0)
		return -3;
	r->d->entries[r->d->nentries - 1].eflags = eflags;
	r->d->ncapname += eflags & DICT_EN_CAPNAME;
	return 0;
}

typedef struct tab_actors_state {
	uint32_t cur; /* actor awaiting codes or synonyms */
	int section;  /* 0 actors, 1 nouns, 2 adjectives */
	int capname;  /* inside <CAPNAME> .. </CAPNAME>: names that are also
	               * common words (DICT_EN_CAPNAME) */
} tab_actors_state;

static int tab_actors_line(tab_reader *r, char *s, int indented, void *state)
{
	tab_actors_state *v = state;
	int rc = 0;
	if (s[0] == '<') {
		if (strcmp(s, "<NOUN>") == 0) v->section = 1;
		else if (strcmp(s, "<ADJECTIVE>") == 0) v->section = 2;
		else if (strcmp(s, "</NOUN>") == 0 || strcmp(s, "</ADJECTIVE>") == 0) v->section = 0;
		/* tides: names that are common words; the locative rule */
		else if (strcmp(s, "<CAPNAME>") == 0) v->capname = 1;
		else if (strcmp(s, "</CAPNAME>") == 0) v->capname = 0;
		else if (strcmp(s, "<LOCATIVE>") == 0) r->d->opt.locative = 1;
		else if (strcmp(s, "<SUBJECTFIRST>") == 0) r->d->opt.subject_first = 1;
		else tides_warn_at(r->ctx, r->path, r->line, "unknown section '%s'", s);
		v->cur = UINT32_MAX;
		return 0;
	}
	if (v->section)
		return tab_actor_entry(r, v->section == 1 ? DICT_K_NOUN : DICT_K_ADJ, 0, s, 0);
	if (s[0] == '[' || indented) {
		if (v->cur == UINT32_MAX || s[0] != '[')
			return tab_bad(r, "code block without an actor");
		return tab_actor_codes(r, v->cur, s);
	}
	if (s[0] == '+') {
		if (v->cur == UINT32_MAX)
			return tab_bad(r, "synonym without an actor");
		return tab_actor_entry(r, DICT_K_ACTOR, v->cur, s + 1,
		                       v->capname ? DICT_EN_CAPNAME : 0);
	}
	{
		char *lb = strchr(s, '['), *codes = NULL;
		uint32_t a = dict_add_actor(r->d, 0);
		size_t n;
		if (a == UINT32_MAX)
			return -3;
		if (lb) {
			codes = lb;
			*lb = '\0';
		}
		n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
		/* codes first: an actor whose codes are malformed is not indexed */
		if (codes) {
			char cbuf[TAB_LINE_MAX];
			snprintf(cbuf, sizeof cbuf, "[%s", codes + 1);
			rc = tab_actor_codes(r, a, cbuf);
		}
		if (rc == 0)
			rc = tab_actor_entry(r, DICT_K_ACTOR, a, s, v->capname ? DICT_EN_CAPNAME : 0);
		v->cur = rc == 0 ? a : UINT32_MAX;
		return rc;
	}
}

tides_status dict_tabari_load_actors(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	tab_actors_state v = {UINT32_MAX, 0, 0};
	return tab_load(ctx, d, path, tab_actors_line, &v);
}

static int tab_agents_line(tab_reader *r, char *s, int indented, void *state)
{
	char *phrase, *code, *rest, c2[TIDES_ACTOR_MAX];
	size_t k = 0;
	const char *p;
	uint32_t a;
	(void)indented;
	(void)state;
	if (tab_split_code(s, &phrase, &code, &rest) <= 0 || !*code || !*phrase ||
	    !strchr(code, '~'))
		return tab_bad(r, "expected 'AGENT [~CODE]'");
	for (p = code; *p && k < sizeof c2 - 1; p++)
		if (*p != ' ' && *p != '\t')
			c2[k++] = *p;
	c2[k] = '\0';
	a = dict_add_agent(r->d, c2);
	if (a == UINT32_MAX)
		return -3;
	return tab_actor_entry(r, DICT_K_AGENT, a, phrase, 0);
}

tides_status dict_tabari_load_agents(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	return tab_load(ctx, d, path, tab_agents_line, NULL);
}

/* ------------------------------------------------------------ options */

static int tab_int_after(const char *s, const char *key, int *out)
{
	const char *p = strstr(s, key);
	char *end;
	long v;
	if (!p)
		return 0;
	p += strlen(key);
	while (*p == ' ' || *p == '=' || *p == '[')
		p++;
	v = strtol(p, &end, 10);
	if (end == p)
		return -1;
	*out = (int)v;
	return 1;
}

/* Finds "KEY" as a whole word (not part of e.g. "EMIN" when looking for "MIN"). */
static const char *tab_word(const char *s, const char *key)
{
	size_t n = strlen(key);
	const char *p = s;
	while ((p = strstr(p, key)) != NULL) {
		if ((p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
			return p;
		p += n;
	}
	return NULL;
}

static int tab_bool(const char *s)
{
	const char *eq = strchr(s, '=');
	if (!eq)
		return -1;
	eq++;
	while (*eq == ' ')
		eq++;
	if (strncmp(eq, "TRUE", 4) == 0 || *eq == '1' || strncmp(eq, "ON", 2) == 0)
		return 1;
	if (strncmp(eq, "FALSE", 5) == 0 || *eq == '0' || strncmp(eq, "OFF", 3) == 0)
		return 0;
	return -1;
}

static int tab_bracket_code(const char *p, char *out, size_t cap)
{
	const char *lb = strchr(p, '['), *rb;
	size_t k = 0;
	if (!lb)
		return -1;
	rb = strchr(lb, ']');
	if (!rb)
		return -1;
	for (lb++; lb < rb && k < cap - 1; lb++)
		if (*lb != ' ')
			out[k++] = *lb;
	out[k] = '\0';
	return k ? 0 : -1;
}

int dict_tabari_option(dict_options *o, const char *line)
{
	char s[512];
	size_t n = strlen(line), i;
	if (n >= sizeof s)
		return -1;
	for (i = 0; i <= n; i++)
		s[i] = (char)toupper((unsigned char)line[i]);
	if (strncmp(s, "COMPLEX:", 8) == 0) {
		int v;
		o->verbs_max = o->conj_max = 0;
		o->noactprior = 0;
		if (tab_int_after(s, "VERBS", &v) > 0) o->verbs_max = v;
		if (tab_int_after(s, "CONJ", &v) > 0) o->conj_max = v;
		o->noactprior = tab_word(s, "NOACTPRIOR") != NULL;
		return 0;
	}
	if (strncmp(s, "DEFAULT:", 8) == 0) {
		const char *p;
		if (tab_word(s, "OFF")) {
			o->def_source[0] = o->def_target[0] = '\0';
			o->def_prior = o->def_after = 0;
			return 0;
		}
		if ((p = tab_word(s, "SOURCE")) != NULL) {
			if (tab_bracket_code(p, o->def_source, sizeof o->def_source) < 0)
				return -1;
		}
		if ((p = tab_word(s, "TARGET")) != NULL) {
			if (tab_bracket_code(p, o->def_target, sizeof o->def_target) < 0)
				return -1;
		}
		o->def_prior = tab_word(s, "PRIOR") != NULL;
		o->def_after = tab_word(s, "AFTER") != NULL;
		return 0;
	}
	if (strncmp(s, "COMMA:", 6) == 0) {
		int v;
		if (tab_word(s, "OFF")) {
			o->comma_off = 1;
			return 0;
		}
		o->comma_off = 0;
		{
			const char *p;
			if ((p = tab_word(s, "MIN")) && tab_int_after(p, "MIN", &v) > 0) o->comma_min = v;
			if ((p = tab_word(s, "MAX")) && tab_int_after(p, "MAX", &v) > 0) o->comma_max = v;
			if ((p = tab_word(s, "EMIN")) && tab_int_after(p, "EMIN", &v) > 0) o->comma_emin = v;
			if ((p = tab_word(s, "EMAX")) && tab_int_after(p, "EMAX", &v) > 0) o->comma_emax = v;
			if ((p = tab_word(s, "BMIN")) && tab_int_after(p, "BMIN", &v) > 0) o->comma_bmin = v;
			if ((p = tab_word(s, "BMAX")) && tab_int_after(p, "BMAX", &v) > 0) o->comma_bmax = v;
		}
		return 0;
	}
	if (strncmp(s, "FORWARD:", 8) == 0) {
		const char *p = s + 8;
		while (*p == ' ')
			p++;
		o->forward = *p && strncmp(p, "OFF", 3) != 0;
		return 0;
	}
	if (strncmp(s, "SET:", 4) == 0) {
		int v, b;
		if (strstr(s, "MINIMUM WORDS")) {
			if (tab_int_after(s, "MINIMUM WORDS", &v) <= 0)
				return -1;
			o->min_words = v;
			return 0;
		}
		if (strstr(s, "CODE BY SENTENCE")) { o->code_mode = 1; return 0; }
		if (strstr(s, "CODE ALL")) { o->code_mode = 2; return 0; }
		if (strstr(s, "CODE BY CLAUSE")) { o->code_mode = 0; return 0; }
		b = tab_bool(s);
		if (strstr(s, "CONVERT AGENT")) { if (b < 0) return -1; o->convert_agent = b; return 0; }
		if (strstr(s, "TIME SHIFT")) { if (b < 0) return -1; o->time_shift = b; return 0; }
		if (strstr(s, "YYYY")) { if (b < 0) return -1; o->yyyy = b; return 0; }
		return 1;
	}
	if (strncmp(s, "OUTPUT:", 7) == 0 || strncmp(s, "LABEL:", 6) == 0)
		return 1;
	return -1;
}

tides_status dict_tabari_load_options(tides_ctx *ctx, tides_dicts *d, const char *path)
{
	tab_reader r;
	char *s;
	tides_status st = tab_open(&r, ctx, d, path);
	if (st != TIDES_OK)
		return st;
	/* TABARI's defaults when an options file is used */
	d->opt.min_words = 8;
	while (tab_next(&r, &s)) {
		s = tab_skipws(s);
		if (!*s || (s[0] == '/' && s[1] == '/'))
			continue;
		if (dict_tabari_option(&d->opt, s) < 0)
			tides_warn_at(ctx, path, r.line, "unknown option '%s'; ignored", s);
	}
	return tab_done(&r, TIDES_OK);
}
