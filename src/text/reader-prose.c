/*
 * reader-prose.c — running text: sentence splitting and prose paragraphs.
 *
 * Sentence splitting serves every format whose records hold running text
 * (JSONL "text", prose files): English rules (split.c) or zh_split for
 * Chinese.  Prose files are joined into paragraphs, one story each, with
 * the page furniture of PDF extractions (page numbers, running headers)
 * dropped; the reader state (reader.h) carries the paragraph being built
 * and a blank-line flag between calls.  reader_prose_opens_para tells the
 * chunker (reader-chunk.c) where a paragraph surely starts, so a chunk
 * read on its own gives the same stories.
 */
#include "text/reader.h"
#include "text/zh.h" /* zh_split: Chinese paragraphs */

#include <errno.h>
#include <string.h>

#include "util/ctx.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/banned.h"

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

typedef struct count_ctx {
	unsigned n, stop;
} count_ctx;

static int count_cb(void *ud, const char *s, size_t n)
{
	count_ctx *c = ud;
	(void)s;
	(void)n;
	return ++c->n >= c->stop;
}

static int zh_count_cb(void *ud, const char *s, zh_span sp)
{
	return count_cb(ud, s + sp.off, sp.len);
}

unsigned reader_count_sentences(const tides_reader *r, const char *s, size_t n, unsigned stop)
{
	count_ctx c = { 0, stop ? stop : ~0u };
	if (para_is_zh(r, s, n))
		(void)zh_split(s, n, zh_count_cb, &c); /* no warning: nothing is read yet */
	else
		(void)text_split_sentences(s, n, count_cb, &c);
	return c.n;
}

int reader_split_para(tides_reader *r, const char *s, size_t n, long line, text_sent_fn fn,
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
	if (reader_story_add(c->r, s, n, c->line) != 0) {
		c->nomem = 1;
		return 1;
	}
	return 0;
}

/* Splits a text with '\n' line breaks: blank lines end paragraphs, other
 * breaks are spaces. */
int reader_add_prose(tides_reader *r, char *s, size_t n, long line)
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
		reader_split_para(r, s + st, end - st, line, add_cb, &c);
		if (c.nomem)
			return -1;
		i = end + 1;
	}
	return 0;
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

int reader_starts_lower(const char *s, size_t n)
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
	if (n == 0 || n > 80 || strchr(".,;:!?", s[n - 1]) || reader_starts_lower(s, n))
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
		return reader_nomem(r);
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

/* Back to the start of the input after a header scan, the line reader
 * reset; st: the scan's status (an error skips the seek and is kept). */
static tides_status rewind_input(tides_reader *r, tides_status st)
{
	if (st == TIDES_OK && fseek(r->f, 0, SEEK_SET) != 0)
		st = tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot rewind '%s'", r->name);
	clearerr(r->f);
	r->li.bpos = r->li.blen = 0;
	r->li.eof = r->li.err = 0;
	r->li.at_start = 1;
	r->li.lineno = 0;
	return st;
}

tides_status reader_prescan_headers(tides_reader *r)
{
	text_linein scan;
	size_t used = 0;
	int rc;
	tides_status st = TIDES_OK;
	if (fseek(r->f, 0, SEEK_SET) != 0 && (st = spool(r)) != TIDES_OK)
		return st;
	r->hdr = tides_calloc(HDR_SLOTS, sizeof *r->hdr);
	if (!r->hdr)
		return reader_nomem(r);
	/* no context: the real pass reports the bad lines */
	if (text_linein_init(&scan, NULL, r->f, r->name, TEXT_LINE_MAX) != 0)
		return reader_nomem(r);
	while ((rc = text_linein_next(&scan)) > 0) {
		const char *s = scan.line.s;
		size_t n;
		uint64_t h;
		hdr_slot *slot;
		strip_ff(&scan.line);
		n = scan.line.len;
		reader_trim(&s, &n);
		if ((h = hdr_key(s, n)) != 0 && (slot = hdr_find(r->hdr, h, 1, &used)) != NULL)
			slot->count++;
	}
	if (rc < 0)
		st = errno == ENOMEM ? reader_nomem(r)
		   : tides_fail_errno(r->ctx, TIDES_ERR_IO, errno, "cannot read '%s'", r->name);
	text_linein_release(&scan);
	return rewind_input(r, st);
}

tides_status reader_scan_begin(tides_reader *r)
{
	tides_status st = TIDES_OK;
	if (fseek(r->f, 0, SEEK_SET) != 0 && (st = spool(r)) != TIDES_OK)
		return st;
	clearerr(r->f);
	r->li.bpos = r->li.blen = 0;
	r->li.eof = r->li.err = 0;
	r->hdr = tides_calloc(HDR_SLOTS, sizeof *r->hdr);
	if (!r->hdr)
		return reader_nomem(r);
	r->hdr_used = 0;
	r->ck_any = 1;
	return TIDES_OK;
}

int reader_scan_keys(const tides_reader *r, const char *data, size_t len, long first_line,
                     uint64_t **keys, size_t *n, size_t *cap)
{
	text_linein scan;
	FILE *f = fmemopen((void *)(uintptr_t)data, len, "r");
	int rc;
	*n = 0;
	if (!f)
		return -1;
	/* no context: the real pass reports the bad lines */
	if (text_linein_init(&scan, NULL, f, r->name, TEXT_LINE_MAX) != 0) {
		fclose(f);
		return -1;
	}
	scan.at_start = first_line == 1;
	while ((rc = text_linein_next(&scan)) > 0) {
		const char *s = scan.line.s;
		size_t k;
		uint64_t h;
		strip_ff(&scan.line);
		k = scan.line.len;
		reader_trim(&s, &k);
		if ((h = hdr_key(s, k)) == 0)
			continue;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			uint64_t *q = tides_realloc(*keys, nc * sizeof *q);
			if (!q) {
				rc = -1;
				break;
			}
			*keys = q;
			*cap = nc;
		}
		(*keys)[(*n)++] = h;
	}
	text_linein_release(&scan);
	fclose(f);
	return rc < 0 ? -1 : 0;
}

void reader_scan_add(tides_reader *r, const uint64_t *keys, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		hdr_slot *slot = hdr_find(r->hdr, keys[i], 1, &r->hdr_used);
		if (slot)
			slot->count++;
	}
}

tides_status reader_scan_end(tides_reader *r)
{
	tides_status st = rewind_input(r, TIDES_OK);
	tides_buf_reset(&r->ck_carry);
	r->ck_line = 0;
	r->ck_skip = 0;
	r->ck_any = 0;
	r->hdr_deferred = 0;
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
	     (p->s[p->len - 2] >= 'A' && p->s[p->len - 2] <= 'Z')) && reader_starts_lower(s, n)) {
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
	if (reader_story_add(c->r, s, n, c->line) != 0) {
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
	reader_split_para(r, r->para.s, r->para.len, r->para_line, prose_cb, &c);
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

tides_status reader_next_prose(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	*got = 0;
	if (reader_story_set(r, r->base_id, strlen(r->base_id), r->default_day) != 0)
		return reader_nomem(r);
	if (r->have_pend) {
		r->have_pend = 0;
		tides_buf_reset(&r->para);
		if (tides_buf_add(&r->para, r->pend.s, r->pend.len) != 0)
			return reader_nomem(r);
		r->para_line = r->pend_line;
		r->blank_seen = 0;
	}
	for (;;) {
		const char *s;
		size_t n;
		int rc = reader_next_line(r, &st);
		if (rc < 0)
			return st;
		if (rc == 0)
			break;
		strip_ff(&r->li.line);
		s = r->li.line.s;
		n = r->li.line.len;
		reader_trim(&s, &n);
		if (n == 0) {
			if (r->para.len)
				r->blank_seen = 1;
			continue;
		}
		if (is_page_number(s, n) || is_header(r, s, n))
			continue;
		if (r->para.len == 0) {
			if (tides_buf_add(&r->para, s, n) != 0)
				return reader_nomem(r);
			r->para_line = r->li.lineno;
			r->blank_seen = 0;
			continue;
		}
		if (r->blank_seen) {
			r->blank_seen = 0;
			if (reader_ends_sentence(r->para.s, r->para.len) || !reader_starts_lower(s, n)) {
				/* a new paragraph: this one is complete */
				if (reader_set_pend(r, s, n, "", 0, "", r->li.lineno) != 0 || para_flush(r, 0) != 0)
					return reader_nomem(r);
				*got = 1;
				return TIDES_OK;
			}
		}
		if (para_join(r, s, n) != 0)
			return reader_nomem(r);
		if (r->para.len > PARA_SOFT_MAX) {
			/* a paragraph without end (a book with no blank lines) */
			if (para_flush(r, 1) != 0)
				return reader_nomem(r);
			r->para_line = r->li.lineno;
			if (r->nsent > 0) {
				*got = 1;
				return TIDES_OK;
			}
			if (r->para.len > PARA_SOFT_MAX) {
				/* no sentence end at all in 64 KiB: cut here */
				if (para_flush(r, 0) != 0)
					return reader_nomem(r);
				*got = 1;
				return TIDES_OK;
			}
		}
	}
	if (r->para.len) {
		if (para_flush(r, 0) != 0)
			return reader_nomem(r);
		*got = 1;
	}
	return TIDES_OK;
}

int reader_prose_opens_para(const tides_reader *r, char *s, size_t n)
{
	if (n == 0 || is_page_number(s, n) || is_header((tides_reader *)r, s, n))
		return 0;
	return !reader_starts_lower(s, n);
}
