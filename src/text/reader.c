/*
 * reader.c — files of text become stories of sentences.
 *
 * Data model: a reader owns one bounded line source (linein.c) and builds
 * one story at a time in its own buffers: the sentence texts back to back
 * (NUL-separated) in `text`, their offsets, line numbers and stated dates
 * in parallel arrays; the tides_sentence array handed out is rebuilt from
 * them when the story is complete, because `text` may move while it grows.
 * Invariants: memory is bounded by the largest story, and stories are
 * bounded (STORY_MAX_BYTES, STORY_MAX_SENT; prose comes one paragraph at a
 * time), so a reader's memory is flat in the input size.  A line read one
 * story too far (the next story's first line) waits in `pend`.
 *
 * Formats: prose (text), lines, jsonl, TABARI and PETRARCH XML; the record
 * formats live here, prose paragraphs and XML in their own functions below.
 * Only I/O errors and out-of-memory are fatal; bad data is warned about
 * with FILE:LINE and skipped or repaired.
 */
#include "text/text.h"
#include "text/zh.h" /* zh_split: Chinese paragraphs */

#include <errno.h>
#include <string.h>

#include "util/ctx.h"
#include "util/hash.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

#define STORY_MAX_BYTES (1024 * 1024)
#define STORY_MAX_SENT 4096
#define PARA_SOFT_MAX (64 * 1024)   /* prose: flush whole sentences beyond this */
#define XML_TAG_MAX (8 * 1024)
#define HDR_SLOTS 4096              /* page-header table (prose) */
#define HDR_MIN_REPEAT 3

typedef struct hdr_slot { uint64_t h; unsigned count; } hdr_slot;

struct tides_reader {
	tides_ctx *ctx;
	FILE *f;
	int own_f;
	char *name;            /* for messages */
	char *base_id;         /* --id or the file's base name */
	tides_input_format fmt;
	char default_date[11];
	int32_t default_day;
	char *default_lang;
	int story_dates_only;
	text_linein li;
	int eof;
	unsigned long bad;     /* lines skipped as malformed */

	/* the story being built */
	tides_buf doc_id, date, lang, text;
	size_t nsent, cap;
	size_t *off;
	long *line;
	char (*sdate)[11];
	int *sprec;
	tides_sentence *sent;
	tides_story story;
	int next_sentence;     /* numbering continues across pieces of one doc */
	char last_doc[TIDES_ID_MAX];

	/* a line or record read ahead */
	int have_pend;
	tides_buf pend, pend_id, pend_date;
	long pend_line;

	/* prose */
	tides_buf para;
	long para_line;
	int blank_seen;
	hdr_slot *hdr;         /* NULL when the input could not be pre-scanned */

	/* tabari */
	int in_comment;

	/* petrxml */
	int xstate;
	tides_buf xtag, xtext, xid, xdate;
	long xline;
	int in_sentence;
	int xtrunc;            /* this <Text> was cut (and warned about) */
	int xmore;             /* li.line has unread bytes from xpos on */
	size_t xpos;
};

/* ------------------------------------------------------------- utilities */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static tides_status nomem(tides_reader *r)
{
	return tides_fail(r->ctx, TIDES_ERR_NOMEM, "out of memory reading '%s'", r->name);
}

static const char *const fmt_names[] = { "auto", "text", "lines", "jsonl", "tabari", "petrxml" };

const char *tides_input_format_name(tides_input_format f)
{
	if ((unsigned)f < sizeof fmt_names / sizeof fmt_names[0])
		return fmt_names[f];
	return "?";
}

int tides_input_format_parse(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++)
		if (strcmp(name, fmt_names[i]) == 0)
			return (int)i;
	if (strcmp(name, "xml") == 0)
		return TIDES_IN_PETRXML;
	if (strcmp(name, "json") == 0)
		return TIDES_IN_JSONL;
	return -1;
}

tides_input_format tides_reader_format(const tides_reader *r)
{
	return r->fmt;
}

unsigned long tides_reader_bad_lines(const tides_reader *r)
{
	return r->bad + r->li.repaired;
}

/* Parses a date of any accepted form; "" and bad dates give the default
 * (bad ones with a warning). */
static int32_t parse_date(tides_reader *r, const char *s, size_t n, long line)
{
	int32_t d;
	trim(&s, &n);
	if (n == 0)
		return r->default_day;
	/* "2014-03-16T10:00:00Z" and "2014-03-16 10:00": the day is enough */
	if (n > 10 && (s[10] == 'T' || s[10] == ' '))
		n = 10;
	d = tides_date_parse_any(s, n);
	if (d == TIDES_DATE_NONE) {
		tides_warn_at(r->ctx, r->name, line, "bad date '%.*s'", (int)(n > 40 ? 40 : n), s);
		r->bad++;
		return r->default_day;
	}
	return d;
}

static void date_text(int32_t d, char out[11])
{
	if (d == TIDES_DATE_NONE)
		out[0] = '\0';
	else
		tides_date_format(d, out);
}

/* ------------------------------------------------------------ the story */

static void story_reset(tides_reader *r)
{
	tides_buf_reset(&r->doc_id);
	tides_buf_reset(&r->date);
	tides_buf_reset(&r->lang);
	tides_buf_reset(&r->text);
	r->nsent = 0;
}

static int story_set(tides_reader *r, const char *id, size_t idn, int32_t day)
{
	char d[11];
	date_text(day, d);
	tides_buf_reset(&r->doc_id);
	tides_buf_reset(&r->date);
	if (tides_buf_add(&r->doc_id, id, idn) != 0 || tides_buf_adds(&r->date, d) != 0)
		return -1;
	if (r->doc_id.len >= TIDES_ID_MAX) {
		char cut[TIDES_ID_MAX];
		size_t k = tides_strlcpy_utf8(cut, r->doc_id.s, sizeof cut);
		tides_buf_reset(&r->doc_id);
		if (tides_buf_add(&r->doc_id, cut, k) != 0)
			return -1;
	}
	return 0;
}

static int story_full(const tides_reader *r)
{
	return r->nsent >= STORY_MAX_SENT || r->text.len >= STORY_MAX_BYTES;
}

/* Adds one sentence; whitespace runs become one space. */
static int story_add(tides_reader *r, const char *s, size_t n, long line)
{
	size_t i, start;
	int sp = 0;
	trim(&s, &n);
	if (n == 0)
		return 0;
	if (r->nsent == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;
		size_t *o = tides_realloc(r->off, nc * sizeof *o);
		long *l;
		if (!o) return -1;
		r->off = o;
		if (!(l = tides_realloc(r->line, nc * sizeof *l))) return -1;
		r->line = l;
		{
			char (*sd)[11] = tides_realloc(r->sdate, nc * sizeof *sd);
			int *sp2;
			tides_sentence *st;
			if (!sd) return -1;
			r->sdate = sd;
			if (!(sp2 = tides_realloc(r->sprec, nc * sizeof *sp2))) return -1;
			r->sprec = sp2;
			if (!(st = tides_realloc(r->sent, nc * sizeof *st))) return -1;
			r->sent = st;
		}
		r->cap = nc;
	}
	start = r->text.len;
	if (tides_buf_grow(&r->text, n + 1) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (is_space((unsigned char)c)) {
			sp = 1;
			continue;
		}
		if (sp) {
			r->text.s[r->text.len++] = ' ';
			sp = 0;
		}
		r->text.s[r->text.len++] = c;
	}
	r->text.s[r->text.len++] = '\0';
	r->text.s[r->text.len] = '\0';
	r->off[r->nsent] = start;
	r->line[r->nsent] = line;
	r->nsent++;
	return 0;
}

/* Fixes pointers, numbers, languages and dates once the story is whole. */
static int story_finish(tides_reader *r)
{
	size_t i;
	int32_t story_day;
	const char *lang;
	if (r->doc_id.len == 0 && tides_buf_adds(&r->doc_id, r->base_id) != 0)
		return -1;
	if (r->next_sentence < 1 || strcmp(r->last_doc, r->doc_id.s) != 0) {
		r->next_sentence = 1;
		tides_strlcpy_utf8(r->last_doc, r->doc_id.s, sizeof r->last_doc);
	}
	if (r->lang.len == 0) {
		lang = r->default_lang;
		if (!lang) {
			/* the text buffer holds the sentences NUL-separated */
			lang = text_detect_lang(r->text.s, r->text.len);
		}
		if (tides_buf_adds(&r->lang, lang) != 0)
			return -1;
	}
	story_day = r->date.len ? tides_date_parse_iso(r->date.s, r->date.len) : TIDES_DATE_NONE;
	for (i = 0; i < r->nsent; i++) {
		tides_sentence *s = &r->sent[i];
		int32_t d = TIDES_DATE_NONE;
		int prec = TEXT_DATE_NONE;
		s->doc_id = r->doc_id.s;
		s->sentence = r->next_sentence++;
		s->lang = r->lang.s;
		s->text = r->text.s + r->off[i];
		s->len = strlen(s->text);
		s->file = r->name;
		s->line = r->line[i];
		if (!r->story_dates_only && r->fmt != TIDES_IN_TABARI && r->fmt != TIDES_IN_PETRXML)
			prec = text_date_expr(s->text, s->len, story_day, &d);
		if (prec != TEXT_DATE_NONE) {
			date_text(d, r->sdate[i]);
		} else {
			memcpy(r->sdate[i], r->date.s, r->date.len + 1 <= 11 ? r->date.len + 1 : 11);
			r->sdate[i][10] = '\0';
		}
		s->date = r->sdate[i];
		s->date_precision = prec;
	}
	r->story.doc_id = r->doc_id.s;
	r->story.date = r->date.s;
	r->story.lang = r->lang.s;
	r->story.nsent = r->nsent;
	r->story.sent = r->sent;
	return 0;
}

static int set_pend(tides_reader *r, const char *s, size_t n, const char *id, size_t idn,
                    const char *date, long line)
{
	tides_buf_reset(&r->pend);
	tides_buf_reset(&r->pend_id);
	tides_buf_reset(&r->pend_date);
	r->have_pend = 1;
	r->pend_line = line;
	if (tides_buf_add(&r->pend, s, n) != 0 || tides_buf_add(&r->pend_id, id, idn) != 0 ||
	    tides_buf_adds(&r->pend_date, date ? date : "") != 0)
		return -1;
	return 0;
}

/* Next line into li.line: 1, 0 at the end, -1 on error (status set). */
static int next_line(tides_reader *r, tides_status *st)
{
	int rc;
	if (r->eof)
		return 0;
	rc = text_linein_next(&r->li);
	if (rc < 0) {
		if (errno == ENOMEM)
			*st = nomem(r);
		else
			*st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot read '%s'", r->name);
		return -1;
	}
	if (rc == 0)
		r->eof = 1;
	return rc;
}

/* ------------------------------------------------------------------ lines */

/* DATE<TAB>ID<TAB>TEXT?  Splits it; returns 0 for a plain line. */
static int tabbed(const char *s, size_t n, size_t *t1, size_t *t2)
{
	const char *a = memchr(s, '\t', n), *b;
	size_t k;
	if (!a)
		return 0;
	b = memchr(a + 1, '\t', n - (size_t)(a + 1 - s));
	if (!b)
		return 0;
	if (a == s || a - s > 12)
		return 0;
	for (k = 0; k < (size_t)(a - s); k++)
		if (!((s[k] >= '0' && s[k] <= '9') || s[k] == '-'))
			return 0;
	*t1 = (size_t)(a - s);
	*t2 = (size_t)(b - s);
	return 1;
}

static tides_status next_lines(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	*got = 0;
	for (;;) {
		const char *s, *id, *text;
		size_t n, idn, textn, t1, t2;
		int32_t day;
		long line;
		char idbuf[TIDES_ID_MAX + 24];
		int rc;
		if (r->have_pend) {
			/* the record that ended the previous story */
			r->have_pend = 0;
			if (story_set(r, r->pend_id.s, r->pend_id.len,
			              r->pend_date.len ? tides_date_parse_iso(r->pend_date.s, r->pend_date.len)
			                               : TIDES_DATE_NONE) != 0 ||
			    story_add(r, r->pend.s, r->pend.len, r->pend_line) != 0)
				return nomem(r);
			*got = 1;
			continue;
		}
		rc = next_line(r, &st);
		if (rc < 0)
			return st;
		if (rc == 0)
			return TIDES_OK;
		s = r->li.line.s;
		n = r->li.line.len;
		line = r->li.lineno;
		trim(&s, &n);
		if (n == 0)
			continue;
		if (tabbed(s, n, &t1, &t2)) {
			char d[11];
			day = parse_date(r, s, t1, line);
			id = s + t1 + 1;
			idn = t2 - t1 - 1;
			trim(&id, &idn);
			text = s + t2 + 1;
			textn = n - t2 - 1;
			if (idn == 0) {
				snprintf(idbuf, sizeof idbuf, "%s-%ld", r->base_id, line);
				id = idbuf;
				idn = strlen(idbuf);
			}
			date_text(day, d);
			if (*got) {
				if (idn == r->doc_id.len && memcmp(id, r->doc_id.s, idn) == 0 && !story_full(r)) {
					if (story_add(r, text, textn, line) != 0)
						return nomem(r);
					continue;
				}
				if (set_pend(r, text, textn, id, idn, d, line) != 0)
					return nomem(r);
				return TIDES_OK;
			}
			if (story_set(r, id, idn, day) != 0 || story_add(r, text, textn, line) != 0)
				return nomem(r);
			*got = 1;
			continue;
		}
		/* a plain sentence: a story of its own */
		snprintf(idbuf, sizeof idbuf, "%s-%ld", r->base_id, line);
		if (*got) {
			char d[11];
			date_text(r->default_day, d);
			if (set_pend(r, s, n, idbuf, strlen(idbuf), d, line) != 0)
				return nomem(r);
			return TIDES_OK;
		}
		if (story_set(r, idbuf, strlen(idbuf), r->default_day) != 0 ||
		    story_add(r, s, n, line) != 0)
			return nomem(r);
		return (*got = 1), TIDES_OK;
	}
}

/* ------------------------------------------------------- sentence splitting
 * A paragraph is split by the English rules unless it is Chinese: then
 * zh_split (after 。！？； and their closing quotes, a forced cut after
 * ZH_SENT_MAX_CHARS characters without punctuation, warned about).  The
 * language is the record's or --lang when one is given, else the script
 * of the paragraph (zh_detect, the coder's own test). */

typedef struct zh_split_adapter {
	text_sent_fn fn;
	void *ud;
	int rc;
} zh_split_adapter;

static int zh_split_cb(void *ud, const char *s, zh_span sp)
{
	zh_split_adapter *a = ud;
	a->rc = a->fn(a->ud, s + sp.off, sp.len);
	return a->rc;
}

static int para_is_zh(const tides_reader *r, const char *s, size_t n)
{
	const char *lang = r->default_lang ? r->default_lang : r->lang.len ? r->lang.s : NULL;
	if (lang)
		return strcmp(lang, "zh") == 0;
	return zh_detect(s, n);
}

static int split_para(tides_reader *r, const char *s, size_t n, long line, text_sent_fn fn,
                      void *ud)
{
	zh_split_adapter a;
	size_t forced;
	if (!para_is_zh(r, s, n))
		return text_split_sentences(s, n, fn, ud);
	a.fn = fn;
	a.ud = ud;
	a.rc = 0;
	forced = zh_split(s, n, zh_split_cb, &a);
	if (forced && r->ctx && r->name)
		tides_warn_at(r->ctx, r->name, line,
		              "Chinese text of more than %d characters without sentence punctuation; "
		              "cut %zu time%s",
		              ZH_SENT_MAX_CHARS, forced, forced == 1 ? "" : "s");
	return a.rc;
}

/* ------------------------------------------------------------------ jsonl */

typedef struct split_ctx {
	tides_reader *r;
	long line;
	int nomem;
} split_ctx;

static int add_cb(void *ud, const char *s, size_t n)
{
	split_ctx *c = ud;
	if (story_add(c->r, s, n, c->line) != 0) {
		c->nomem = 1;
		return 1;
	}
	return 0;
}

/* Splits a text with '\n' line breaks: blank lines end paragraphs, other
 * breaks are spaces. */
static int add_prose(tides_reader *r, char *s, size_t n, long line)
{
	split_ctx c = { r, line, 0 };
	size_t i = 0;
	while (i < n) {
		size_t st = i, end, k;
		/* a paragraph runs to a line break followed by a blank line */
		for (end = i; end < n; end++) {
			if (s[end] != '\n')
				continue;
			for (k = end + 1; k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'); k++)
				;
			if (k < n && s[k] == '\n')
				break;
		}
		for (k = st; k < end; k++)
			if (s[k] == '\n' || s[k] == '\r' || s[k] == '\t')
				s[k] = ' ';
		split_para(r, s + st, end - st, line, add_cb, &c);
		if (c.nomem)
			return -1;
		i = end + 1;
	}
	return 0;
}

static tides_status next_jsonl(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	tides_buf id = TIDES_BUF_INIT, date = TIDES_BUF_INIT, text = TIDES_BUF_INIT,
	          lang = TIDES_BUF_INIT;
	text_json_field f[4] = {
		{ "id", &id, 0 }, { "date", &date, 0 }, { "text", &text, 0 }, { "lang", &lang, 0 },
	};
	char err[160];
	*got = 0;
	for (;;) {
		const char *s;
		size_t n;
		long line;
		int rc = next_line(r, &st);
		int32_t day;
		if (rc <= 0)
			goto done;
		s = r->li.line.s;
		n = r->li.line.len;
		line = r->li.lineno;
		trim(&s, &n);
		if (n == 0)
			continue;
		rc = text_json_object(s, n, f, 4, err, sizeof err);
		if (rc == -2) {
			st = nomem(r);
			goto done;
		}
		if (rc == -1) {
			tides_warn_at(r->ctx, r->name, line, "%s; line skipped", err);
			r->bad++;
			continue;
		}
		if (!f[2].found || text.len == 0) {
			tides_warn_at(r->ctx, r->name, line, "no \"text\"; line skipped");
			r->bad++;
			continue;
		}
		day = parse_date(r, date.s, date.len, line);
		if (id.len == 0) {
			tides_buf_reset(&id);
			if (tides_buf_addf(&id, "%s-%ld", r->base_id, line) != 0) {
				st = nomem(r);
				goto done;
			}
		}
		if (story_set(r, id.s, id.len, day) != 0) {
			st = nomem(r);
			goto done;
		}
		if (lang.len > 0 && lang.len < 4 && !r->default_lang) {
			if (tides_buf_add(&r->lang, lang.s, lang.len) != 0) {
				st = nomem(r);
				goto done;
			}
		}
		if (add_prose(r, text.s, text.len, line) != 0) {
			st = nomem(r);
			goto done;
		}
		if (r->nsent == 0) {
			tides_buf_reset(&r->lang);
			continue;
		}
		*got = 1;
		goto done;
	}
done:
	tides_buf_release(&id);
	tides_buf_release(&date);
	tides_buf_release(&text);
	tides_buf_release(&lang);
	return st;
}

/* ----------------------------------------------------------------- tabari */

/* "950101 DEMO-01" or "950101*INTRO": returns 1 with the id span. */
static int tabari_header(const char *s, size_t n, size_t *ida, size_t *idb)
{
	size_t k, nd;
	for (nd = 0; nd < n && nd < 11 && s[nd] >= '0' && s[nd] <= '9'; nd++)
		;
	/* YYMMDD, or YYYYMMDD in TABARI's YYYY mode; other lengths are typos
	 * whose date will be refused, but the record is still a record */
	if (nd < 6 || nd > 10 || nd + 2 > n)
		return 0;
	if (s[nd] != ' ' && s[nd] != '\t' && s[nd] != '*')
		return 0;
	for (k = nd; k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '*'); k++)
		;
	if (k == n)
		return 0;
	*ida = k;
	while (k < n && !is_space((unsigned char)s[k]))
		k++;
	*idb = k;
	if (k == *ida)
		return 0; /* "950101 \r": no id */
	/* more tokens may follow ("950104 FBIS-001-001 CEP2002..."), but a
	 * header is short: a longer line is text that starts with a number */
	return n <= 80;
}

/* Appends the line to `out` without its comments, which may span lines. */
static int tabari_strip(tides_reader *r, const char *s, size_t n, tides_buf *out)
{
	size_t i = 0;
	while (i < n) {
		if (r->in_comment) {
			const char *e = NULL;
			size_t k;
			for (k = i; k + 1 < n; k++)
				if (s[k] == '*' && s[k + 1] == '/') {
					e = s + k;
					break;
				}
			if (!e)
				return 0;
			r->in_comment = 0;
			i = (size_t)(e - s) + 2;
		} else {
			size_t k;
			for (k = i; k + 1 < n; k++)
				if (s[k] == '/' && s[k + 1] == '*')
					break;
			if (k + 1 >= n)
				k = n;
			if (tides_buf_add(out, s + i, k - i) != 0 || tides_buf_addc(out, ' ') != 0)
				return -1;
			if (k == n)
				return 0;
			r->in_comment = 1;
			i = k + 2;
		}
	}
	return 0;
}

static tides_status next_tabari(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	int in_rec = 0;
	long rec_line = 0;
	*got = 0;
	tides_buf_reset(&r->pend);
	for (;;) {
		const char *s;
		size_t n, a, b;
		int rc = next_line(r, &st);
		if (rc < 0)
			return st;
		if (rc == 0)
			break;
		s = r->li.line.s;
		n = r->li.line.len;
		trim(&s, &n);
		if (!in_rec) {
			if (n == 0 || s[0] == '#')
				continue;
			if (tabari_header(s, n, &a, &b)) {
				size_t nd = strspn(s, "0123456789");
				int32_t day = nd == 6 ? tides_date_parse_ymd6(s, 6, 30)
				            : nd == 8 ? tides_date_parse_ymd8(s, 8) : TIDES_DATE_NONE;
				if (day == TIDES_DATE_NONE) {
					tides_warn_at(r->ctx, r->name, r->li.lineno, "bad date '%.*s'", (int)nd, s);
					r->bad++;
					day = r->default_day;
				}
				if (story_set(r, s + a, b - a, day) != 0)
					return nomem(r);
				in_rec = 1;
				rec_line = r->li.lineno;
				r->in_comment = 0;
				continue;
			}
			if (!r->in_comment) {
				tides_warn_at(r->ctx, r->name, r->li.lineno, "text outside a record; line skipped");
				r->bad++;
			}
			continue;
		}
		if (n == 0)
			break; /* a blank line ends the record */
		if (r->pend.len < STORY_MAX_BYTES && tabari_strip(r, s, n, &r->pend) != 0)
			return nomem(r);
	}
	if (in_rec) {
		if (story_add(r, r->pend.s, r->pend.len, rec_line) != 0)
			return nomem(r);
		*got = 1; /* a record of comments only is still a record */
	}
	return TIDES_OK;
}

/* ------------------------------------------------------------ detection */

static int ends_sentence(const char *s, size_t n)
{
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return 0;
	if (strchr(".!?\"')", s[n - 1]))
		return 1;
	/* 。！？” as UTF-8 */
	return n >= 3 && (memcmp(s + n - 3, "\xE3\x80\x82", 3) == 0 ||
	                  memcmp(s + n - 3, "\xEF\xBC\x81", 3) == 0 ||
	                  memcmp(s + n - 3, "\xEF\xBC\x9F", 3) == 0 ||
	                  memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0);
}

static int count_cb(void *ud, const char *s, size_t n)
{
	(void)s;
	(void)n;
	++*(unsigned *)ud;
	return 0;
}

static tides_input_format detect(tides_reader *r)
{
	const char *p, *e;
	size_t n = text_linein_peek(&r->li, &p);
	unsigned nonblank = 0, ending = 0, blank = 0, lines = 0, multi = 0;
	int first = 1;
	size_t a0, b0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
	}
	e = p + n;
	while (p < e && is_space((unsigned char)*p))
		p++;
	if (p == e)
		return TIDES_IN_TEXT;
	if (*p == '<')
		return TIDES_IN_PETRXML;
	if (*p == '{')
		return TIDES_IN_JSONL;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len, a, b;
		const char *s = p;
		if (!nl) {
			/* a partial last line says nothing, unless it is the first:
			 * a DATE<TAB>ID<TAB> line longer than the peek window is
			 * still a line record (tests/bad: 1 MB first line) */
			size_t pl = (size_t)(e - p);
			const char *ps = p;
			trim(&ps, &pl);
			if (first && pl && ps[0] != '#' && tabbed(ps, pl, &a0, &b0))
				return TIDES_IN_LINES;
			break;
		}
		len = (size_t)(nl - p);
		p = nl + 1;
		trim(&s, &len);
		lines++;
		if (len == 0) {
			blank++;
			continue;
		}
		if (first && s[0] != '#') {
			first = 0;
			/* DATE<TAB>ID<TAB>TEXT before TABARI: both start with a date */
			if (tabbed(s, len, &a, &b))
				return TIDES_IN_LINES;
			if (tabari_header(s, len, &a, &b))
				return TIDES_IN_TABARI;
		}
		nonblank++;
		ending += (unsigned)ends_sentence(s, len);
		{
			/* a paragraph per line is prose, not one sentence per line */
			unsigned ns = 0;
			text_split_sentences(s, len, count_cb, &ns);
			multi += ns > 1;
		}
		if (lines >= 200)
			break;
	}
	/* one sentence per line: every line ends one, and no paragraphs */
	if (nonblank >= 3 && blank == 0 && ending * 10 >= nonblank * 9 && multi * 10 <= nonblank)
		return TIDES_IN_LINES;
	return TIDES_IN_TEXT;
}

/* ------------------------------------------------------------------ prose
 * Text extracted from PDFs: lines are joined into paragraphs (a blank line
 * ends one, unless the paragraph stops mid-sentence and the next line goes
 * on in lowercase, which is a page break), "rela-\ntions" is rejoined, page
 * numbers and running headers are dropped.  A running header is a short
 * line that recurs: the file is pre-scanned once (when it can be rewound)
 * and short lines seen HDR_MIN_REPEAT times, digits folded so "page 12"
 * and "page 13" are the same line, are dropped.  Each paragraph is one
 * story; the doc_id is the file's and sentence numbers run on. */

static int starts_lower(const char *s, size_t n)
{
	return n > 0 && s[0] >= 'a' && s[0] <= 'z';
}

static int is_roman(const char *s, size_t n)
{
	size_t k;
	if (n == 0 || n > 8)
		return 0;
	for (k = 0; k < n; k++)
		if (!strchr("ivxlc", s[k]))
			return 0;
	return 1;
}

/* "12", "- 12 -", "Page 12", "p. 12", "12 of 300", "xiv". */
static int is_page_number(const char *s, size_t n)
{
	size_t k, d;
	while (n && (strchr("-|[] ", s[0]) || (n >= 3 && (memcmp(s, "\xE2\x80\x94", 3) == 0 ||
	                                                  memcmp(s, "\xE2\x80\x93", 3) == 0)))) {
		size_t step = (unsigned char)s[0] >= 0x80 ? 3 : 1;
		s += step;
		n -= step;
	}
	while (n && (strchr("-|[] ", s[n - 1]) || (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x94", 3) == 0 ||
	                                                      memcmp(s + n - 3, "\xE2\x80\x93", 3) == 0))))
		n -= (unsigned char)s[n - 1] >= 0x80 ? 3 : 1;
	if (n == 0)
		return 0;
	if (is_roman(s, n))
		return 1;
	if (n > 5 && (memcmp(s, "Page ", 5) == 0 || memcmp(s, "page ", 5) == 0)) {
		s += 5;
		n -= 5;
	} else if (n > 3 && memcmp(s, "p. ", 3) == 0) {
		s += 3;
		n -= 3;
	}
	for (d = 0; d < n && d < 5 && s[d] >= '0' && s[d] <= '9'; d++)
		;
	if (d == 0 || d > 4)
		return 0;
	if (d == n)
		return 1;
	k = d;
	if (n - k > 4 && memcmp(s + k, " of ", 4) == 0) {
		for (k += 4; k < n && s[k] >= '0' && s[k] <= '9'; k++)
			;
		return k == n;
	}
	return 0;
}

/* Key of a header candidate: short, not ending a sentence or clause, not a
 * wrapped continuation; 0 if the line is not one. */
static uint64_t hdr_key(const char *s, size_t n)
{
	uint64_t h = TIDES_FNV_OFFSET;
	size_t k, words = 1;
	if (n == 0 || n > 80 || strchr(".,;:!?", s[n - 1]) || starts_lower(s, n))
		return 0;
	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		if (c == ' ')
			words++;
		if (c >= '0' && c <= '9')
			c = '#';
		else if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h ^= c;
		h *= 0x100000001b3ULL;
	}
	if (words > 12)
		return 0;
	return h ? h : 1;
}

static hdr_slot *hdr_find(hdr_slot *t, uint64_t h, int insert, size_t *used)
{
	size_t i = (size_t)(h % HDR_SLOTS), probes;
	for (probes = 0; probes < HDR_SLOTS; probes++, i = (i + 1) % HDR_SLOTS) {
		if (t[i].h == h)
			return &t[i];
		if (t[i].h == 0) {
			/* keep the table at most 3/4 full: lookups stay short */
			if (!insert || *used >= HDR_SLOTS * 3 / 4)
				return NULL;
			t[i].h = h;
			(*used)++;
			return &t[i];
		}
	}
	return NULL;
}

static void strip_ff(tides_buf *b)
{
	size_t r, w = 0;
	for (r = 0; r < b->len; r++)
		if (b->s[r] != '\f')
			b->s[w++] = b->s[r];
	b->len = w;
	b->s[w] = '\0';
}

/* A pipe cannot be read twice: copy it to a temporary file (disk, not
 * memory) and read that instead. */
static tides_status spool(tides_reader *r)
{
	FILE *t = tmpfile();
	char *buf;
	size_t n;
	tides_status st = TIDES_OK;
	if (!t)
		return tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot create a temporary file");
	buf = tides_malloc(64 * 1024);
	if (!buf) {
		fclose(t);
		return nomem(r);
	}
	/* what detection already read, then the rest */
	if (r->li.blen > r->li.bpos &&
	    fwrite(r->li.blk + r->li.bpos, 1, r->li.blen - r->li.bpos, t) != r->li.blen - r->li.bpos)
		st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot write a temporary file");
	while (st == TIDES_OK && !r->li.eof && (n = fread(buf, 1, 64 * 1024, r->f)) > 0)
		if (fwrite(buf, 1, n, t) != n)
			st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot write a temporary file");
	if (st == TIDES_OK && ferror(r->f))
		st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno ? errno : EIO, "cannot read '%s'", r->name);
	tides_free(buf);
	if (st == TIDES_OK && fseek(t, 0, SEEK_SET) != 0)
		st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot rewind a temporary file");
	if (st != TIDES_OK) {
		fclose(t);
		return st;
	}
	if (r->own_f)
		fclose(r->f);
	r->f = t;
	r->own_f = 1;
	r->li.f = t;
	return TIDES_OK;
}

static tides_status text_prescan_headers(tides_reader *r)
{
	text_linein scan;
	size_t used = 0;
	int rc;
	tides_status st = TIDES_OK;
	if (fseek(r->f, 0, SEEK_SET) != 0 && (st = spool(r)) != TIDES_OK)
		return st;
	r->hdr = tides_calloc(HDR_SLOTS, sizeof *r->hdr);
	if (!r->hdr)
		return nomem(r);
	/* no context: the real pass reports the bad lines */
	if (text_linein_init(&scan, NULL, r->f, r->name, TEXT_LINE_MAX) != 0)
		return nomem(r);
	while ((rc = text_linein_next(&scan)) > 0) {
		const char *s = scan.line.s;
		size_t n;
		uint64_t h;
		hdr_slot *slot;
		strip_ff(&scan.line);
		n = scan.line.len;
		trim(&s, &n);
		if ((h = hdr_key(s, n)) != 0 && (slot = hdr_find(r->hdr, h, 1, &used)) != NULL)
			slot->count++;
	}
	if (rc < 0)
		st = errno == ENOMEM ? nomem(r)
		   : tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot read '%s'", r->name);
	text_linein_release(&scan);
	if (st == TIDES_OK && fseek(r->f, 0, SEEK_SET) != 0)
		st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot rewind '%s'", r->name);
	clearerr(r->f);
	r->li.bpos = r->li.blen = 0;
	r->li.eof = r->li.err = 0;
	r->li.at_start = 1;
	r->li.lineno = 0;
	return st;
}

static int is_header(tides_reader *r, const char *s, size_t n)
{
	uint64_t h;
	hdr_slot *slot;
	size_t used = 0;
	if (!r->hdr || (h = hdr_key(s, n)) == 0)
		return 0;
	slot = hdr_find(r->hdr, h, 0, &used);
	return slot && slot->count >= HDR_MIN_REPEAT;
}

static int para_join(tides_reader *r, const char *s, size_t n)
{
	tides_buf *p = &r->para;
	if (p->len >= 2 && p->s[p->len - 1] == '-' &&
	    ((p->s[p->len - 2] >= 'a' && p->s[p->len - 2] <= 'z') ||
	     (p->s[p->len - 2] >= 'A' && p->s[p->len - 2] <= 'Z')) && starts_lower(s, n)) {
		p->s[--p->len] = '\0'; /* "rela-" + "tions" */
	} else if (p->len > 0 && !((unsigned char)p->s[p->len - 1] >= 0x80 && (unsigned char)s[0] >= 0x80)) {
		/* no space between two lines of Chinese */
		if (tides_buf_addc(p, ' ') != 0)
			return -1;
	}
	return tides_buf_add(p, s, n);
}

typedef struct prose_ctx {
	tides_reader *r;
	long line;
	int nomem;
	size_t last_off; /* text offset of the last sentence added */
} prose_ctx;

static int prose_cb(void *ud, const char *s, size_t n)
{
	prose_ctx *c = ud;
	c->last_off = c->r->text.len;
	if (story_add(c->r, s, n, c->line) != 0) {
		c->nomem = 1;
		return 1;
	}
	return 0;
}

/* Splits the paragraph into the story; with `keep_tail` the last sentence
 * (likely cut off) goes back into the paragraph. */
static int para_flush(tides_reader *r, int keep_tail)
{
	prose_ctx c = { r, r->para_line, 0, 0 };
	r->para.len = text_strip_footnotes(r->para.s, r->para.len);
	r->para.s[r->para.len] = '\0';
	split_para(r, r->para.s, r->para.len, r->para_line, prose_cb, &c);
	if (c.nomem)
		return -1;
	tides_buf_reset(&r->para);
	if (keep_tail && r->nsent > 1) {
		const char *last = r->text.s + c.last_off;
		if (tides_buf_adds(&r->para, last) != 0)
			return -1;
		r->nsent--;
		r->text.len = c.last_off;
		r->text.s[r->text.len] = '\0';
	}
	return 0;
}

static tides_status text_next_prose(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	*got = 0;
	if (story_set(r, r->base_id, strlen(r->base_id), r->default_day) != 0)
		return nomem(r);
	if (r->have_pend) {
		r->have_pend = 0;
		tides_buf_reset(&r->para);
		if (tides_buf_add(&r->para, r->pend.s, r->pend.len) != 0)
			return nomem(r);
		r->para_line = r->pend_line;
		r->blank_seen = 0;
	}
	for (;;) {
		const char *s;
		size_t n;
		int rc = next_line(r, &st);
		if (rc < 0)
			return st;
		if (rc == 0)
			break;
		strip_ff(&r->li.line);
		s = r->li.line.s;
		n = r->li.line.len;
		trim(&s, &n);
		if (n == 0) {
			if (r->para.len)
				r->blank_seen = 1;
			continue;
		}
		if (is_page_number(s, n) || is_header(r, s, n))
			continue;
		if (r->para.len == 0) {
			if (tides_buf_add(&r->para, s, n) != 0)
				return nomem(r);
			r->para_line = r->li.lineno;
			r->blank_seen = 0;
			continue;
		}
		if (r->blank_seen) {
			r->blank_seen = 0;
			if (ends_sentence(r->para.s, r->para.len) || !starts_lower(s, n)) {
				/* a new paragraph: this one is complete */
				if (set_pend(r, s, n, "", 0, "", r->li.lineno) != 0 || para_flush(r, 0) != 0)
					return nomem(r);
				*got = 1;
				return TIDES_OK;
			}
		}
		if (para_join(r, s, n) != 0)
			return nomem(r);
		if (r->para.len > PARA_SOFT_MAX) {
			/* a paragraph without end (a book with no blank lines) */
			if (para_flush(r, 1) != 0)
				return nomem(r);
			r->para_line = r->li.lineno;
			if (r->nsent > 0) {
				*got = 1;
				return TIDES_OK;
			}
			if (r->para.len > PARA_SOFT_MAX) {
				/* no sentence end at all in 64 KiB: cut here */
				if (para_flush(r, 0) != 0)
					return nomem(r);
				*got = 1;
				return TIDES_OK;
			}
		}
	}
	if (r->para.len) {
		if (para_flush(r, 0) != 0)
			return nomem(r);
		*got = 1;
	}
	return TIDES_OK;
}

/* ---------------------------------------------------------------- petrxml
 * PETRARCH's input: <Sentence date= id=><Text>..</Text><Parse>..</Parse>
 * </Sentence>.  A byte-level state machine that survives line breaks
 * anywhere; tags are bounded (XML_TAG_MAX) and <Parse> is skipped unread.
 * Sentences whose ids differ only in a numbered last part (AFP..._1, _2)
 * form one story. */

enum { X_OUT, X_COMMENT, X_TAG, X_TEXT, X_PARSE };

/* Decodes XML entities in place (the result is never longer). */
static size_t xml_unescape(char *s, size_t n)
{
	size_t r = 0, w = 0;
	while (r < n) {
		if (s[r] == '&') {
			const char *semi = memchr(s + r, ';', n - r < 12 ? n - r : 12);
			if (semi) {
				size_t len = (size_t)(semi - (s + r)) + 1;
				uint32_t cp = 0;
				int ok = 1;
				if (len == 5 && memcmp(s + r, "&amp;", 5) == 0) cp = '&';
				else if (len == 4 && memcmp(s + r, "&lt;", 4) == 0) cp = '<';
				else if (len == 4 && memcmp(s + r, "&gt;", 4) == 0) cp = '>';
				else if (len == 6 && memcmp(s + r, "&quot;", 6) == 0) cp = '"';
				else if (len == 6 && memcmp(s + r, "&apos;", 6) == 0) cp = '\'';
				else if (len > 3 && s[r + 1] == '#') {
					size_t k = r + 2;
					int hex = s[k] == 'x' || s[k] == 'X';
					if (hex)
						k++;
					if (k == r + len - 1)
						ok = 0;
					for (; ok && k < r + len - 1; k++) {
						char c = s[k];
						int d = c >= '0' && c <= '9' ? c - '0'
						      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
						      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
						if (d < 0 || cp > 0x10FFFF)
							ok = 0;
						else
							cp = cp * (hex ? 16 : 10) + (uint32_t)d;
					}
					if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
						ok = 0;
				} else {
					ok = 0;
				}
				if (ok) {
					if (cp < 0x80) {
						s[w++] = (char)cp;
					} else if (cp < 0x800) {
						s[w++] = (char)(0xC0 | (cp >> 6));
						s[w++] = (char)(0x80 | (cp & 0x3F));
					} else if (cp < 0x10000) {
						s[w++] = (char)(0xE0 | (cp >> 12));
						s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
						s[w++] = (char)(0x80 | (cp & 0x3F));
					} else {
						s[w++] = (char)(0xF0 | (cp >> 18));
						s[w++] = (char)(0x80 | ((cp >> 12) & 0x3F));
						s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
						s[w++] = (char)(0x80 | (cp & 0x3F));
					}
					r += len;
					continue;
				}
			}
		}
		s[w++] = s[r++];
	}
	if (w < n)
		s[w] = '\0';
	return w;
}

/* Value of attribute `name` in tag text t[0..n) into out ("" if absent). */
static int xml_attr(const char *t, size_t n, const char *name, tides_buf *out)
{
	size_t nl = strlen(name), i;
	tides_buf_reset(out);
	for (i = 0; i + nl <= n; i++) {
		size_t k;
		char q;
		const char *e;
		if (memcmp(t + i, name, nl) != 0 || (i > 0 && !is_space((unsigned char)t[i - 1])))
			continue;
		k = i + nl;
		while (k < n && is_space((unsigned char)t[k]))
			k++;
		if (k >= n || t[k] != '=')
			continue;
		k++;
		while (k < n && is_space((unsigned char)t[k]))
			k++;
		if (k >= n || (t[k] != '"' && t[k] != '\''))
			continue;
		q = t[k++];
		e = memchr(t + k, q, n - k);
		if (!e)
			return 0;
		if (tides_buf_add(out, t + k, (size_t)(e - (t + k))) != 0)
			return -1;
		out->len = xml_unescape(out->s, out->len);
		out->s[out->len] = '\0';
		return 0;
	}
	return 0;
}

static int tag_is(const char *t, size_t n, const char *name)
{
	size_t nl = strlen(name);
	return n >= nl && memcmp(t, name, nl) == 0 &&
	       (n == nl || is_space((unsigned char)t[nl]) || t[nl] == '/');
}

/* Story id of a sentence id: "AFP0808020625_4" and "NYT20080101.0001-2"
 * belong to "AFP0808020625" and "NYT20080101.0001"; "DEMO-01" (no digits
 * before the suffix) is a story of its own. */
static size_t story_id_len(const char *id, size_t n)
{
	size_t k = n, digits = 0, j;
	while (k > 0 && id[k - 1] >= '0' && id[k - 1] <= '9')
		k--;
	if (k == n || k < 2 || n - k > 4 || (id[k - 1] != '-' && id[k - 1] != '_'))
		return n;
	for (j = 0; j < k - 1; j++)
		digits += id[j] >= '0' && id[j] <= '9';
	return digits >= 4 ? k - 1 : n;
}

/* A complete <Sentence>: joins the current story or starts the next. */
static int xml_record(tides_reader *r, int *got, int *done)
{
	char idbuf[TIDES_ID_MAX + 24], d[11];
	const char *id = r->xid.s;
	size_t idn, tn;
	int32_t day;
	r->in_sentence = 0;
	tn = xml_unescape(r->xtext.s, r->xtext.len);
	r->xtext.len = tn;
	r->xtext.s[tn] = '\0';
	if (r->xid.len == 0) {
		snprintf(idbuf, sizeof idbuf, "%s-%ld", r->base_id, r->xline);
		id = idbuf;
	}
	idn = story_id_len(id, strlen(id));
	day = parse_date(r, r->xdate.s, r->xdate.len, r->xline);
	date_text(day, d);
	if (*got) {
		if (idn == r->doc_id.len && memcmp(id, r->doc_id.s, idn) == 0 && !story_full(r))
			return story_add(r, r->xtext.s, r->xtext.len, r->xline);
		*done = 1;
		return set_pend(r, r->xtext.s, r->xtext.len, id, idn, d, r->xline);
	}
	if (story_set(r, id, idn, day) != 0 || story_add(r, r->xtext.s, r->xtext.len, r->xline) != 0)
		return -1;
	*got = 1;
	return 0;
}

static int xml_tag(tides_reader *r, int ret, int *got, int *done)
{
	const char *t = r->xtag.s;
	size_t n = r->xtag.len;
	while (n && is_space((unsigned char)t[n - 1]))
		n--;
	if (tag_is(t, n, "Sentence")) {
		if (r->in_sentence) {
			tides_warn_at(r->ctx, r->name, r->xline, "<Sentence> not closed; skipped");
			r->bad++;
		}
		r->in_sentence = 1;
		r->xline = r->li.lineno;
		tides_buf_reset(&r->xtext);
		if (xml_attr(t, n, "id", &r->xid) != 0 || xml_attr(t, n, "date", &r->xdate) != 0)
			return -1;
		r->xstate = X_OUT;
	} else if (tag_is(t, n, "/Sentence")) {
		r->xstate = X_OUT;
		if (r->in_sentence)
			return xml_record(r, got, done);
	} else if (tag_is(t, n, "Text") && r->in_sentence && t[n - 1] != '/') {
		tides_buf_reset(&r->xtext);
		r->xtrunc = 0;
		r->xstate = X_TEXT;
	} else if (tag_is(t, n, "/Text")) {
		r->xstate = X_OUT;
	} else if (tag_is(t, n, "Parse") && t[n - 1] != '/') {
		r->xstate = X_PARSE;
	} else if (tag_is(t, n, "/Parse")) {
		r->xstate = X_OUT;
	} else {
		r->xstate = ret;
	}
	return 0;
}

static tides_status text_next_petrxml(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	int done = 0, ret = X_OUT;
	*got = 0;
	if (r->have_pend) {
		r->have_pend = 0;
		if (story_set(r, r->pend_id.s, r->pend_id.len,
		              r->pend_date.len ? tides_date_parse_iso(r->pend_date.s, r->pend_date.len)
		                               : TIDES_DATE_NONE) != 0 ||
		    story_add(r, r->pend.s, r->pend.len, r->pend_line) != 0)
			return nomem(r);
		*got = 1;
	}
	while (!done) {
		const char *s;
		size_t n, i = 0;
		int rc;
		if (r->xmore) {
			/* the rest of the line that ended the previous story */
			r->xmore = 0;
			i = r->xpos;
			rc = 1;
		} else {
			rc = next_line(r, &st);
		}
		if (rc < 0)
			return st;
		if (rc == 0) {
			if (r->in_sentence) {
				tides_warn_at(r->ctx, r->name, r->xline, "<Sentence> not closed at end of input; skipped");
				r->bad++;
				r->in_sentence = 0;
			}
			break;
		}
		s = r->li.line.s;
		n = r->li.line.len;
		while (i < n && !done) {
			const char *p;
			size_t k;
			switch (r->xstate) {
			case X_COMMENT:
				for (k = i; k + 2 < n && memcmp(s + k, "-->", 3) != 0; k++)
					;
				if (k + 2 < n) {
					r->xstate = X_OUT;
					i = k + 3;
				} else {
					i = n;
				}
				break;
			case X_TAG:
				p = memchr(s + i, '>', n - i);
				k = p ? (size_t)(p - s) : n;
				if (r->xtag.len + (k - i) > XML_TAG_MAX) {
					tides_warn_at(r->ctx, r->name, r->li.lineno, "XML tag longer than %d bytes; skipped",
					              XML_TAG_MAX);
					r->bad++;
					tides_buf_reset(&r->xtag);
					r->xstate = X_OUT;
					i = p ? k + 1 : n;
					break;
				}
				if (tides_buf_add(&r->xtag, s + i, k - i) != 0 ||
				    (!p && tides_buf_addc(&r->xtag, ' ') != 0))
					return nomem(r);
				i = p ? k + 1 : n;
				if (p && xml_tag(r, ret, got, &done) != 0)
					return nomem(r);
				break;
			case X_TEXT:
			case X_PARSE:
			case X_OUT:
			default:
				p = memchr(s + i, '<', n - i);
				k = p ? (size_t)(p - s) : n;
				if (r->xstate == X_TEXT && r->xtext.len + (k - i) > TEXT_LINE_MAX) {
					if (!r->xtrunc) {
						tides_warn_at(r->ctx, r->name, r->li.lineno,
						              "<Text> longer than %d bytes, truncated", TEXT_LINE_MAX);
						r->bad++;
						r->xtrunc = 1;
					}
				} else if (r->xstate == X_TEXT && tides_buf_add(&r->xtext, s + i, k - i) != 0) {
					return nomem(r);
				}
				if (!p) {
					i = n;
					break;
				}
				if (r->xstate == X_OUT && n - k >= 4 && memcmp(p, "<!--", 4) == 0) {
					r->xstate = X_COMMENT;
					i = k + 4;
					break;
				}
				ret = r->xstate;
				r->xstate = X_TAG;
				tides_buf_reset(&r->xtag);
				i = k + 1;
				break;
			}
		}
		if (done && i < n) {
			r->xmore = 1;
			r->xpos = i;
			break;
		}
		if (r->xstate == X_TEXT && tides_buf_addc(&r->xtext, ' ') != 0)
			return nomem(r);
	}
	return TIDES_OK;
}

/* --------------------------------------------------------- open and free */

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return tides_strdup(b ? b + 1 : path);
}

tides_status tides_reader_open(tides_ctx *ctx, const char *path, const tides_reader_opts *opts,
                               tides_reader **out)
{
	tides_reader *r;
	tides_status st = TIDES_OK;
	int is_stdin = !path || strcmp(path, "-") == 0;
	*out = NULL;
	r = tides_calloc(1, sizeof *r);
	if (!r)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	r->ctx = ctx;
	tides_buf_init(&r->doc_id); tides_buf_init(&r->date); tides_buf_init(&r->lang);
	tides_buf_init(&r->text); tides_buf_init(&r->pend); tides_buf_init(&r->pend_id);
	tides_buf_init(&r->pend_date); tides_buf_init(&r->para); tides_buf_init(&r->xtag);
	tides_buf_init(&r->xtext); tides_buf_init(&r->xid); tides_buf_init(&r->xdate);
	r->name = tides_strdup(is_stdin ? "stdin" : path);
	r->base_id = opts && opts->doc_id && opts->doc_id[0] ? tides_strdup(opts->doc_id)
	           : base_name(is_stdin ? "stdin" : path);
	if (!r->name || !r->base_id) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	r->default_day = TIDES_DATE_NONE;
	if (opts && opts->default_date && opts->default_date[0]) {
		r->default_day = tides_date_parse_any(opts->default_date, strlen(opts->default_date));
		if (r->default_day == TIDES_DATE_NONE) {
			st = tides_fail(ctx, TIDES_ERR_USAGE, "bad date '%s'", opts->default_date);
			goto fail;
		}
	}
	date_text(r->default_day, r->default_date);
	if (opts && opts->default_lang && opts->default_lang[0]) {
		if (!(r->default_lang = tides_strdup(opts->default_lang))) {
			st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	r->story_dates_only = opts ? opts->story_dates_only : 0;
	if (is_stdin) {
		r->f = stdin;
	} else {
		r->f = fopen(path, "rb");
		if (!r->f) {
			st = tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
			goto fail;
		}
		r->own_f = 1;
	}
	if (text_linein_init(&r->li, ctx, r->f, r->name, TEXT_LINE_MAX) != 0) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	r->fmt = opts ? opts->format : TIDES_IN_AUTO;
	if (r->fmt == TIDES_IN_AUTO)
		r->fmt = detect(r);
	if (r->li.err) {
		st = tides_fail_errno(ctx, TIDES_ERR_IO, r->li.err, "cannot read '%s'", r->name);
		goto fail;
	}
	if (r->fmt == TIDES_IN_JSONL)
		r->li.max = TEXT_JSONL_LINE_MAX;
	if (r->fmt == TIDES_IN_TEXT) {
		st = text_prescan_headers(r);
		if (st != TIDES_OK)
			goto fail;
	}
	*out = r;
	return TIDES_OK;
fail:
	tides_reader_free(r);
	return st;
}

void tides_reader_free(tides_reader *r)
{
	if (!r)
		return;
	text_linein_release(&r->li);
	if (r->own_f && r->f)
		fclose(r->f);
	tides_free(r->name);
	tides_free(r->base_id);
	tides_free(r->default_lang);
	tides_buf_release(&r->doc_id); tides_buf_release(&r->date); tides_buf_release(&r->lang);
	tides_buf_release(&r->text); tides_buf_release(&r->pend); tides_buf_release(&r->pend_id);
	tides_buf_release(&r->pend_date); tides_buf_release(&r->para); tides_buf_release(&r->xtag);
	tides_buf_release(&r->xtext); tides_buf_release(&r->xid); tides_buf_release(&r->xdate);
	tides_free(r->off);
	tides_free(r->line);
	tides_free(r->sdate);
	tides_free(r->sprec);
	tides_free(r->sent);
	tides_free(r->hdr);
	tides_free(r);
}

tides_status tides_reader_next(tides_reader *r, const tides_story **out)
{
	tides_status st;
	int got = 0;
	*out = NULL;
	for (;;) {
		story_reset(r);
		switch (r->fmt) {
		case TIDES_IN_LINES: st = next_lines(r, &got); break;
		case TIDES_IN_JSONL: st = next_jsonl(r, &got); break;
		case TIDES_IN_TABARI: st = next_tabari(r, &got); break;
		case TIDES_IN_PETRXML: st = text_next_petrxml(r, &got); break;
		default: st = text_next_prose(r, &got); break;
		}
		if (st != TIDES_OK)
			return st;
		if (!got)
			return TIDES_OK;
		if (r->nsent > 0)
			break;
	}
	if (story_finish(r) != 0)
		return nomem(r);
	*out = &r->story;
	return TIDES_OK;
}
