/*
 * reader-chunk.c — cutting one input into chunks of whole stories, and
 * reading a chunk on its own (reader-chunk.h).
 *
 * Why: with `tides code --threads N` the thread that reads must do almost
 * nothing, or it caps the speed-up (Amdahl).  So it only reads raw blocks
 * and looks for a cut: the first line start at or past the target size
 * where the format surely starts a new story with fresh reader state.
 * Line parsing, JSON, sentence splitting and dates then run in the chunk
 * readers, on the workers.  The cut rules, per format:
 *   JSONL   every line is a story of its own: any line start.
 *   lines   a plain line always starts a story; a DATE<TAB>ID<TAB>TEXT
 *           line starts one unless its id is the previous record's.
 *   TABARI  a header line right after a blank line (a blank line ends a
 *           record; a header resets the comment state).
 *   prose   after a blank line, a line that is not a page number or
 *           running header and does not start in lowercase: the one-reader
 *           logic ends the paragraph there whatever came before.
 * The probes apply the line reader's repairs (BOM, CR, invalid UTF-8) to
 * copies of the two lines around the cut, so they judge what the reader
 * will see; a line too long to judge is no cut.  Over-long lines are cut
 * to max + 1 bytes as they are read (the line reader keeps max bytes and
 * warns the same way), so a chunk never holds a 1 GB line.  Memory: a
 * chunk is about `target` bytes, more only while no cut is found (a long
 * run of lines of one document, a book without blank lines), and never
 * more than 8 x target + 1 MiB: then the caller reads the rest of the file
 * in one piece (reader_chunk_open_rest).  Lines and prose chunks also
 * carry the next chunk's first line, which those readers read ahead (see
 * the header on warnings).  For prose the running-header scan is done in
 * chunks cut at any line first (reader_scan_* in reader-prose.c).
 *
 * A chunk reader reads its bytes through fmemopen with the parent's
 * settings; line numbers continue from the chunk's first line and a BOM is
 * only looked for on line 1.  Sentence numbers restart at 1 (see the
 * header for how the caller shifts them).
 */
#define _GNU_SOURCE /* fopencookie: a chunk followed by the rest of the file */
#include "text/reader-chunk.h"
#include "text/reader.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "util/ctx.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

#define CK_BLOCK (64 * 1024)
#define CK_HARD_MIN (1024 * 1024)  /* a chunk stops growing at 8 x target + this */

tides_status reader_chunk_open_file(tides_ctx *ctx, const char *path,
                                    const tides_reader_opts *opts, tides_reader **out)
{
	return reader_open(ctx, path, opts, 1, out);
}

int reader_chunk_needs_scan(const tides_reader *r)
{
	return r->hdr_deferred;
}

tides_status reader_chunk_scan_begin(tides_reader *r)
{
	return reader_scan_begin(r);
}

int reader_chunk_scan_keys(const tides_reader *r, const char *data, size_t len, long first_line,
                           uint64_t **keys, size_t *n, size_t *cap)
{
	return reader_scan_keys(r, data, len, first_line, keys, n, cap);
}

void reader_chunk_scan_add(tides_reader *r, const uint64_t *keys, size_t n)
{
	reader_scan_add(r, keys, n);
}

tides_status reader_chunk_scan_end(tides_reader *r)
{
	return reader_scan_end(r);
}

int reader_chunk_able(const tides_reader *r)
{
	return r->fmt == TIDES_IN_JSONL || r->fmt == TIDES_IN_LINES || r->fmt == TIDES_IN_TABARI ||
	       r->fmt == TIDES_IN_TEXT;
}

/* ---------------------------------------------------------------- reading */

/* Length of the last, unfinished line of out. */
static size_t ck_tail(const tides_buf *out)
{
	size_t k = out->len;
	while (k > 0 && out->s[k - 1] != '\n')
		k--;
	return out->len - k;
}

/* Appends s[0..n) to out, cutting lines longer than max + 1 bytes (and
 * dropping their rest, also across calls: r->ck_skip). */
static int ck_append(tides_reader *r, tides_buf *out, const char *s, size_t n)
{
	size_t max = r->li.max, cur, i;
	/* fast path: no over-long line in this block */
	if (!r->ck_skip) {
		cur = ck_tail(out);
		for (i = 0; i < n;) {
			const char *nl = memchr(s + i, '\n', n - i);
			size_t seg = nl ? (size_t)(nl - (s + i)) : n - i;
			if (cur + seg > max + 1)
				break;
			cur = 0;
			i += seg + 1;
		}
		if (i >= n)
			return tides_buf_add(out, s, n);
	}
	/* slow path, line by line */
	cur = ck_tail(out);
	i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t seg = nl ? (size_t)(nl - (s + i)) : n - i;
		if (!r->ck_skip) {
			size_t keep = seg;
			if (cur + seg > max + 1) {
				keep = max + 1 - cur;
				r->ck_skip = 1;
			}
			if (tides_buf_add(out, s + i, keep) != 0)
				return -1;
			cur += keep;
		}
		i += seg;
		if (nl) {
			if (tides_buf_addc(out, '\n') != 0)
				return -1;
			r->ck_skip = 0;
			cur = 0;
			i++;
		}
	}
	return 0;
}

/* Reads the next block of the source: first what format detection left in
 * the line reader's block, then the file.  Bytes appended, 0 at the end,
 * -1 on error (status set). */
static long ck_read(tides_reader *r, tides_buf *out)
{
	size_t n;
	if (r->li.bpos < r->li.blen) {
		n = r->li.blen - r->li.bpos;
		if (ck_append(r, out, r->li.blk + r->li.bpos, n) != 0)
			return reader_nomem(r), -1;
		r->li.bpos = r->li.blen;
		return (long)n;
	}
	if (r->li.err) {
		tides_fail_errno(r->ctx, TIDES_ERR_IO, r->li.err, "cannot read '%s'", r->name);
		return -1;
	}
	if (r->li.eof)
		return 0;
	if (!r->ck_blk && !(r->ck_blk = tides_malloc(CK_BLOCK)))
		return reader_nomem(r), -1;
	n = fread(r->ck_blk, 1, CK_BLOCK, r->f);
	if (n == 0) {
		if (ferror(r->f)) {
			tides_fail_errno(r->ctx, TIDES_ERR_IO, errno ? errno : EIO, "cannot read '%s'", r->name);
			return -1;
		}
		r->li.eof = 1;
		return 0;
	}
	if (ck_append(r, out, r->ck_blk, n) != 0)
		return reader_nomem(r), -1;
	return (long)n;
}

/* ----------------------------------------------------------------- probes */

/* The line s[0..n) as the line reader gives it, trimmed, in tmp; -1 if it
 * is too long to judge here. */
static int ck_norm(const tides_reader *r, const char *s, size_t n, int line1, tides_buf *tmp,
                   const char **o, size_t *on)
{
	if (n > r->li.max)
		return -1;
	tides_buf_reset(tmp);
	if (tides_buf_add(tmp, s, n) != 0)
		return -1;
	if (line1 && tmp->len >= 3 && memcmp(tmp->s, "\xEF\xBB\xBF", 3) == 0) {
		memmove(tmp->s, tmp->s + 3, tmp->len - 2);
		tmp->len -= 3;
	}
	if (tmp->len && tmp->s[tmp->len - 1] == '\r')
		tmp->s[--tmp->len] = '\0';
	tides_utf8_scrub(tmp->s, tmp->len);
	*o = tmp->s;
	*on = tmp->len;
	reader_trim(o, on);
	return 0;
}

static long count_lines(const char *s, size_t n)
{
	long k = 0;
	const char *e = s + n;
	while (s < e && (s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

/* The id the lines reader gives the record on line `line` (trimmed s[0..n),
 * non-empty) into id; 1 if it is a DATE<TAB>ID<TAB>TEXT record. */
static int lines_id(const tides_reader *r, const char *s, size_t n, long line, tides_buf *id)
{
	size_t t1, t2;
	tides_buf_reset(id);
	if (reader_tabbed(s, n, &t1, &t2)) {
		const char *p = s + t1 + 1;
		size_t pn = t2 - t1 - 1;
		reader_trim(&p, &pn);
		if (pn) {
			if (tides_buf_add(id, p, pn) != 0)
				return -1;
			return 1;
		}
		return tides_buf_addf(id, "%s-%ld", r->base_id, line) != 0 ? -1 : 1;
	}
	return tides_buf_addf(id, "%s-%ld", r->base_id, line) != 0 ? -1 : 0;
}

/* May the chunk out[0..c) end here, the next line being out[c..e), line
 * number nline? */
static int ck_cut_ok(tides_reader *r, const tides_buf *out, size_t c, size_t e, long first_line,
                     long nline)
{
	tides_buf a = TIDES_BUF_INIT, b = TIDES_BUF_INIT, ida = TIDES_BUF_INIT, idb = TIDES_BUF_INIT;
	const char *ns, *ps;
	size_t nn, pn, pe, pstart;
	int ok = 0, t;
	if (r->fmt == TIDES_IN_JSONL || r->ck_any)
		return 1;
	if (ck_norm(r, out->s + c, e - c, 0, &a, &ns, &nn) != 0 || nn == 0)
		goto done;
	/* the line before the cut */
	pe = c - 1;
	pstart = pe;
	while (pstart > 0 && out->s[pstart - 1] != '\n')
		pstart--;
	if (r->fmt == TIDES_IN_TABARI || r->fmt == TIDES_IN_TEXT) {
		if (ck_norm(r, out->s + pstart, pe - pstart, first_line == 1 && pstart == 0, &b, &ps, &pn) != 0 ||
		    pn != 0)
			goto done;
		if (r->fmt == TIDES_IN_TABARI) {
			size_t x, y;
			ok = reader_tabari_header(ns, nn, &x, &y);
		} else {
			/* the prose reader drops form feeds inside the line too */
			size_t k, w = 0;
			char *m = a.s + (ns - a.s);
			for (k = 0; k < nn; k++)
				if (m[k] != '\f')
					m[w++] = m[k];
			ok = reader_prose_opens_para(r, m, w);
		}
		goto done;
	}
	/* lines: the record before the cut, blank lines skipped */
	t = lines_id(r, ns, nn, nline, &idb);
	if (t < 0)
		goto done;
	if (t == 0) {
		ok = 1; /* a plain line is a story of its own */
		goto done;
	}
	for (;;) {
		long pline = nline - 1 - count_lines(out->s + pstart, c - 1 - pstart);
		if (ck_norm(r, out->s + pstart, pe - pstart, first_line == 1 && pstart == 0, &b, &ps, &pn) != 0)
			goto done;
		if (pn) {
			if (lines_id(r, ps, pn, pline, &ida) < 0)
				goto done;
			break;
		}
		if (pstart == 0)
			goto done; /* only blank lines before: the record is in the previous chunk */
		pe = pstart - 1;
		pstart = pe;
		while (pstart > 0 && out->s[pstart - 1] != '\n')
			pstart--;
	}
	if (ida.len >= TIDES_ID_MAX) {
		/* the story keeps its id cut to TIDES_ID_MAX, and compares that */
		char cut[TIDES_ID_MAX];
		size_t k = tides_strlcpy_utf8(cut, ida.s, sizeof cut);
		ok = !(idb.len == k && memcmp(idb.s, cut, k) == 0);
	} else {
		ok = !(idb.len == ida.len && memcmp(idb.s, ida.s, ida.len) == 0);
	}
done:
	tides_buf_release(&a);
	tides_buf_release(&b);
	tides_buf_release(&ida);
	tides_buf_release(&idb);
	return ok;
}

/* A cut at or after *scan: the offset of a line start, or 0 when more
 * input is needed; *scan is where to resume and *nbreaks the number of line
 * breaks before it (-1: not counted yet), so probing stays linear. */
static size_t ck_find_cut(tides_reader *r, const tides_buf *out, size_t *scan, long *nbreaks,
                          long first_line, size_t *next_end)
{
	size_t pos = *scan;
	if (*nbreaks < 0)
		*nbreaks = count_lines(out->s, pos);
	for (;;) {
		const char *nl = memchr(out->s + pos, '\n', out->len - pos), *nl2;
		size_t c;
		if (!nl)
			return 0;
		c = (size_t)(nl - out->s) + 1;
		nl2 = memchr(out->s + c, '\n', out->len - c);
		if (!nl2)
			return 0; /* the next line is not complete yet */
		*scan = c;
		++*nbreaks; /* the one at `nl`: pos is a line start, or before the first break */
		if (ck_cut_ok(r, out, c, (size_t)(nl2 - out->s), first_line, first_line + *nbreaks)) {
			*next_end = (size_t)(nl2 - out->s) + 1;
			return c;
		}
		pos = c;
	}
}

int reader_chunk_next(tides_reader *r, tides_buf *out, size_t target, long *first_line,
                      size_t *core)
{
	size_t scan, hard = target * 8 + CK_HARD_MIN, next_end = 0;
	/* the lines and prose readers read one line past a story */
	int ahead = !r->ck_any && (r->fmt == TIDES_IN_LINES || r->fmt == TIDES_IN_TEXT);
	long nl = -1;
	if (r->ck_line == 0)
		r->ck_line = 1;
	tides_buf_reset(out);
	if (r->ck_carry.len && tides_buf_add(out, r->ck_carry.s, r->ck_carry.len) != 0)
		return reader_nomem(r), -1;
	tides_buf_reset(&r->ck_carry);
	*first_line = r->ck_line;
	scan = target ? target - 1 : 0;
	for (;;) {
		long got;
		if (out->len > target && scan < out->len) {
			size_t c = ck_find_cut(r, out, &scan, &nl, *first_line, &next_end);
			if (c) {
				if (tides_buf_add(&r->ck_carry, out->s + c, out->len - c) != 0)
					return reader_nomem(r), -1;
				*core = c;
				out->len = ahead ? next_end : c;
				out->s[out->len] = '\0';
				r->ck_line = *first_line + nl;
				return 1;
			}
		}
		if (out->len > hard)
			return 2; /* no cut in sight: the caller reads the rest in one piece */
		got = ck_read(r, out);
		if (got < 0)
			return -1;
		if (got == 0) {
			*core = out->len;
			return out->len > 0;
		}
	}
}

long long reader_chunk_left(const tides_reader *r)
{
	struct stat sb;
	off_t pos;
	int fd = r->f ? fileno(r->f) : -1;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (pos = ftello(r->f)) < 0)
		return -1;
	/* what the file has past the stream's position, and what was read
	 * ahead and not yet cut */
	return (long long)(sb.st_size > pos ? sb.st_size - pos : 0) + (long long)r->ck_carry.len +
	       (long long)(r->li.blen - r->li.bpos);
}

/* ---------------------------------------------------------- chunk readers */

int reader_chunk_reading_line(const tides_reader *r, long line)
{
	return r->li.lineno == line && !r->eof;
}

long reader_chunk_lineno(const tides_reader *r)
{
	return r->li.lineno;
}

tides_status reader_chunk_open(const tides_reader *parent, tides_ctx *ctx, const char *data,
                               size_t len, long first_line, tides_reader **out)
{
	tides_reader *r;
	tides_status st;
	*out = NULL;
	if (!(r = reader_new(ctx)))
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	r->name = tides_strdup(parent->name);
	r->base_id = tides_strdup(parent->base_id);
	if (!r->name || !r->base_id ||
	    (parent->default_lang && !(r->default_lang = tides_strdup(parent->default_lang)))) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	r->fmt = parent->fmt;
	r->default_day = parent->default_day;
	memcpy(r->default_date, parent->default_date, sizeof r->default_date);
	r->story_dates_only = parent->story_dates_only;
	r->hdr = parent->hdr;
	r->hdr_borrowed = 1;
	/* fmemopen only reads the buffer in mode "r" */
	r->f = fmemopen((void *)(uintptr_t)data, len, "r");
	if (!r->f) {
		st = tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot read '%s'", r->name);
		goto fail;
	}
	r->own_f = 1;
	if (text_linein_init(&r->li, ctx, r->f, r->name, parent->li.max) != 0) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	r->li.lineno = first_line - 1;
	r->li.at_start = first_line == 1;
	*out = r;
	return TIDES_OK;
fail:
	tides_reader_free(r);
	return st;
}

/* The bytes of a chunk, then the rest of the parent's file. */
typedef struct rest_cookie {
	const char *data;
	size_t len, pos;
	FILE *rest;
} rest_cookie;

static ssize_t rest_read(void *c, char *buf, size_t n)
{
	rest_cookie *k = c;
	size_t got;
	if (k->pos < k->len) {
		got = k->len - k->pos < n ? k->len - k->pos : n;
		memcpy(buf, k->data + k->pos, got);
		k->pos += got;
		return (ssize_t)got;
	}
	if (!k->rest)
		return 0;
	got = fread(buf, 1, n, k->rest);
	if (got == 0 && ferror(k->rest))
		return -1;
	return (ssize_t)got;
}

static int rest_close(void *c)
{
	tides_free(c);
	return 0;
}

tides_status reader_chunk_open_rest(tides_reader *parent, tides_ctx *ctx, const char *data,
                                    size_t len, long first_line, const char *last_doc,
                                    int next_sentence, tides_reader **out)
{
	tides_reader *r;
	rest_cookie *k;
	cookie_io_functions_t io = { rest_read, NULL, NULL, rest_close };
	tides_status st = reader_chunk_open(parent, ctx, data, len, first_line, &r);
	*out = NULL;
	if (st != TIDES_OK)
		return st;
	k = tides_calloc(1, sizeof *k);
	if (!k) {
		tides_reader_free(r);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	k->data = data;
	k->len = len;
	/* the line reader owns nothing of the file past the chunker's reads */
	k->rest = parent->li.eof ? NULL : parent->f;
	fclose(r->f);
	r->f = fopencookie(k, "r", io);
	if (!r->f) {
		tides_free(k);
		tides_reader_free(r);
		return tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot read '%s'", parent->name);
	}
	r->li.f = r->f;
	r->next_sentence = next_sentence;
	tides_strlcpy_utf8(r->last_doc, last_doc, sizeof r->last_doc);
	*out = r;
	return TIDES_OK;
}
