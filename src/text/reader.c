/*
 * reader.c — files of text become stories of sentences.
 *
 * Data model (reader.h): a reader owns one bounded line source (linein.c)
 * and builds one story at a time in its own buffers: the sentence texts
 * back to back (NUL-separated) in `text`, their offsets, line numbers and
 * stated dates in parallel arrays; the tides_sentence array handed out is
 * rebuilt from them when the story is complete, because `text` may move
 * while it grows.  Invariants: memory is bounded by the largest story, and
 * stories are bounded (STORY_MAX_BYTES, STORY_MAX_SENT; prose comes one
 * paragraph at a time), so a reader's memory is flat in the input size.  A
 * line read one story too far (the next story's first line) waits in `pend`.
 *
 * This file: the story being built, the record formats (lines, JSONL,
 * TABARI), format detection, open/next/free.  Prose paragraphs and
 * sentence splitting are in reader-prose.c, PETRARCH XML in reader-xml.c,
 * the cutting of an input into chunks for threads in reader-chunk.c.
 * Only I/O errors and out-of-memory are fatal; bad data is warned about
 * with FILE:LINE and skipped or repaired.
 */
#include "text/reader.h"

#include <errno.h>
#include <string.h>

#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

/* ------------------------------------------------------------- utilities */

int reader_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void reader_trim(const char **s, size_t *n)
{
	while (*n && reader_is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && reader_is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

tides_status reader_nomem(tides_reader *r)
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
int32_t reader_parse_date(tides_reader *r, const char *s, size_t n, long line)
{
	int32_t d;
	reader_trim(&s, &n);
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

void reader_date_text(int32_t d, char out[11])
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

int reader_story_set(tides_reader *r, const char *id, size_t idn, int32_t day)
{
	char d[11];
	reader_date_text(day, d);
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

int reader_story_full(const tides_reader *r)
{
	return r->nsent >= STORY_MAX_SENT || r->text.len >= STORY_MAX_BYTES;
}

/* Adds one sentence; whitespace runs become one space. */
int reader_story_add(tides_reader *r, const char *s, size_t n, long line)
{
	size_t i, start;
	int sp = 0;
	reader_trim(&s, &n);
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
		if (reader_is_space((unsigned char)c)) {
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
			reader_date_text(d, r->sdate[i]);
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

int reader_take_pend(tides_reader *r)
{
	int32_t day = r->pend_date.len ? tides_date_parse_iso(r->pend_date.s, r->pend_date.len)
	                               : TIDES_DATE_NONE;
	r->have_pend = 0;
	if (reader_story_set(r, r->pend_id.s, r->pend_id.len, day) != 0 ||
	    reader_story_add(r, r->pend.s, r->pend.len, r->pend_line) != 0)
		return -1;
	return 0;
}

int reader_set_pend(tides_reader *r, const char *s, size_t n, const char *id, size_t idn,
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
int reader_next_line(tides_reader *r, tides_status *st)
{
	int rc;
	if (r->eof)
		return 0;
	rc = text_linein_next(&r->li);
	if (rc < 0) {
		if (errno == ENOMEM)
			*st = reader_nomem(r);
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
int reader_tabbed(const char *s, size_t n, size_t *t1, size_t *t2)
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
			if (reader_take_pend(r) != 0)
				return reader_nomem(r);
			*got = 1;
			continue;
		}
		rc = reader_next_line(r, &st);
		if (rc < 0)
			return st;
		if (rc == 0)
			return TIDES_OK;
		s = r->li.line.s;
		n = r->li.line.len;
		line = r->li.lineno;
		reader_trim(&s, &n);
		if (n == 0)
			continue;
		if (reader_tabbed(s, n, &t1, &t2)) {
			char d[11];
			day = reader_parse_date(r, s, t1, line);
			id = s + t1 + 1;
			idn = t2 - t1 - 1;
			reader_trim(&id, &idn);
			text = s + t2 + 1;
			textn = n - t2 - 1;
			if (idn == 0) {
				snprintf(idbuf, sizeof idbuf, "%s-%ld", r->base_id, line);
				id = idbuf;
				idn = strlen(idbuf);
			}
			reader_date_text(day, d);
			if (*got) {
				if (idn == r->doc_id.len && memcmp(id, r->doc_id.s, idn) == 0 && !reader_story_full(r)) {
					if (reader_story_add(r, text, textn, line) != 0)
						return reader_nomem(r);
					continue;
				}
				if (reader_set_pend(r, text, textn, id, idn, d, line) != 0)
					return reader_nomem(r);
				return TIDES_OK;
			}
			if (reader_story_set(r, id, idn, day) != 0 || reader_story_add(r, text, textn, line) != 0)
				return reader_nomem(r);
			*got = 1;
			continue;
		}
		/* a plain sentence: a story of its own */
		snprintf(idbuf, sizeof idbuf, "%s-%ld", r->base_id, line);
		if (*got) {
			char d[11];
			reader_date_text(r->default_day, d);
			if (reader_set_pend(r, s, n, idbuf, strlen(idbuf), d, line) != 0)
				return reader_nomem(r);
			return TIDES_OK;
		}
		if (reader_story_set(r, idbuf, strlen(idbuf), r->default_day) != 0 ||
		    reader_story_add(r, s, n, line) != 0)
			return reader_nomem(r);
		return (*got = 1), TIDES_OK;
	}
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
		int rc = reader_next_line(r, &st);
		int32_t day;
		if (rc <= 0)
			goto done;
		s = r->li.line.s;
		n = r->li.line.len;
		line = r->li.lineno;
		reader_trim(&s, &n);
		if (n == 0)
			continue;
		rc = text_json_object(s, n, f, 4, err, sizeof err);
		if (rc == -2) {
			st = reader_nomem(r);
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
		day = reader_parse_date(r, date.s, date.len, line);
		if (id.len == 0) {
			tides_buf_reset(&id);
			if (tides_buf_addf(&id, "%s-%ld", r->base_id, line) != 0) {
				st = reader_nomem(r);
				goto done;
			}
		}
		if (reader_story_set(r, id.s, id.len, day) != 0) {
			st = reader_nomem(r);
			goto done;
		}
		if (lang.len > 0 && lang.len < 4 && !r->default_lang) {
			if (tides_buf_add(&r->lang, lang.s, lang.len) != 0) {
				st = reader_nomem(r);
				goto done;
			}
		}
		if (reader_add_prose(r, text.s, text.len, line) != 0) {
			st = reader_nomem(r);
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
int reader_tabari_header(const char *s, size_t n, size_t *ida, size_t *idb)
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
	while (k < n && !reader_is_space((unsigned char)s[k]))
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
		int rc = reader_next_line(r, &st);
		if (rc < 0)
			return st;
		if (rc == 0)
			break;
		s = r->li.line.s;
		n = r->li.line.len;
		reader_trim(&s, &n);
		if (!in_rec) {
			if (n == 0 || s[0] == '#')
				continue;
			if (reader_tabari_header(s, n, &a, &b)) {
				size_t nd = strspn(s, "0123456789");
				int32_t day = nd == 6 ? tides_date_parse_ymd6(s, 6, 30)
				            : nd == 8 ? tides_date_parse_ymd8(s, 8) : TIDES_DATE_NONE;
				if (day == TIDES_DATE_NONE) {
					tides_warn_at(r->ctx, r->name, r->li.lineno, "bad date '%.*s'", (int)nd, s);
					r->bad++;
					day = r->default_day;
				}
				if (reader_story_set(r, s + a, b - a, day) != 0)
					return reader_nomem(r);
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
			return reader_nomem(r);
	}
	if (in_rec) {
		if (reader_story_add(r, r->pend.s, r->pend.len, rec_line) != 0)
			return reader_nomem(r);
		*got = 1; /* a record of comments only is still a record */
	}
	return TIDES_OK;
}

/* ------------------------------------------------------------ detection */

int reader_ends_sentence(const char *s, size_t n)
{
	while (n && reader_is_space((unsigned char)s[n - 1]))
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
	while (p < e && reader_is_space((unsigned char)*p))
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
			reader_trim(&ps, &pl);
			if (first && pl && ps[0] != '#' && reader_tabbed(ps, pl, &a0, &b0))
				return TIDES_IN_LINES;
			break;
		}
		len = (size_t)(nl - p);
		p = nl + 1;
		reader_trim(&s, &len);
		lines++;
		if (len == 0) {
			blank++;
			continue;
		}
		if (first && s[0] != '#') {
			first = 0;
			/* DATE<TAB>ID<TAB>TEXT before TABARI: both start with a date */
			if (reader_tabbed(s, len, &a, &b))
				return TIDES_IN_LINES;
			if (reader_tabari_header(s, len, &a, &b))
				return TIDES_IN_TABARI;
		}
		nonblank++;
		ending += (unsigned)reader_ends_sentence(s, len);
		/* a paragraph per line is prose, not one sentence per line;
		 * counted by the splitter the prose reader would use (Chinese
		 * lines by zh_split, not the English rules) */
		multi += reader_count_sentences(r, s, len, 2) > 1;
		if (lines >= 200)
			break;
	}
	/* one sentence per line: every line ends one, and no paragraphs */
	if (nonblank >= 3 && blank == 0 && ending * 10 >= nonblank * 9 && multi * 10 <= nonblank)
		return TIDES_IN_LINES;
	return TIDES_IN_TEXT;
}

/* --------------------------------------------------------- open and free */

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return tides_strdup(b ? b + 1 : path);
}

tides_reader *reader_new(tides_ctx *ctx)
{
	tides_reader *r = tides_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->ctx = ctx;
	tides_buf_init(&r->doc_id); tides_buf_init(&r->date); tides_buf_init(&r->lang);
	tides_buf_init(&r->text); tides_buf_init(&r->pend); tides_buf_init(&r->pend_id);
	tides_buf_init(&r->pend_date); tides_buf_init(&r->para); tides_buf_init(&r->xtag);
	tides_buf_init(&r->xtext); tides_buf_init(&r->xid); tides_buf_init(&r->xdate);
	tides_buf_init(&r->ck_carry);
	return r;
}

tides_status tides_reader_open(tides_ctx *ctx, const char *path, const tides_reader_opts *opts,
                               tides_reader **out)
{
	return reader_open(ctx, path, opts, 0, out);
}

tides_status reader_open(tides_ctx *ctx, const char *path, const tides_reader_opts *opts,
                         int defer_scan, tides_reader **out)
{
	tides_reader *r;
	tides_status st = TIDES_OK;
	int is_stdin = !path || strcmp(path, "-") == 0;
	*out = NULL;
	r = reader_new(ctx);
	if (!r)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
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
	reader_date_text(r->default_day, r->default_date);
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
	if (r->fmt == TIDES_IN_TEXT && defer_scan) {
		r->hdr_deferred = 1; /* reader-chunk.c scans on the workers */
	} else if (r->fmt == TIDES_IN_TEXT) {
		st = reader_prescan_headers(r);
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
	if (!r->hdr_borrowed)
		tides_free(r->hdr);
	tides_buf_release(&r->ck_carry);
	tides_free(r->ck_blk);
	tides_free(r);
}

tides_status tides_reader_next(tides_reader *r, const tides_story **out)
{
	tides_status st;
	int got = 0;
	*out = NULL;
	if (r->hdr_deferred) {
		/* opened for chunks but read here after all: scan now */
		r->hdr_deferred = 0;
		if ((st = reader_prescan_headers(r)) != TIDES_OK)
			return st;
	}
	for (;;) {
		story_reset(r);
		switch (r->fmt) {
		case TIDES_IN_LINES: st = next_lines(r, &got); break;
		case TIDES_IN_JSONL: st = next_jsonl(r, &got); break;
		case TIDES_IN_TABARI: st = next_tabari(r, &got); break;
		case TIDES_IN_PETRXML: st = reader_next_petrxml(r, &got); break;
		default: st = reader_next_prose(r, &got); break;
		}
		if (st != TIDES_OK)
			return st;
		if (!got)
			return TIDES_OK;
		if (r->nsent > 0)
			break;
	}
	if (story_finish(r) != 0)
		return reader_nomem(r);
	*out = &r->story;
	return TIDES_OK;
}
