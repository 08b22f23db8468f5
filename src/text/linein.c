/*
 * linein.c — bounded line input for every reader.
 *
 * Input is untrusted and may be huge: a reader pulls one line at a time
 * from a fixed read block, and a line never grows past `max` bytes (the
 * excess is read and dropped, so memory stays O(max) even for a file that
 * is one 1 GB line).  Repairs are done here once for all formats: BOM,
 * CRLF, NUL bytes and invalid UTF-8 (scrubbed to ' ' and '?'), each
 * repaired line warned about as FILE:LINE and counted.
 */
#include "text/text.h"

#include <errno.h>
#include <string.h>

#include "util/ctx.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

#define BLK_SIZE (64 * 1024)

int text_linein_init(text_linein *li, tides_ctx *ctx, FILE *f, const char *name, size_t max)
{
	memset(li, 0, sizeof *li);
	li->f = f;
	li->ctx = ctx;
	li->name = name;
	li->max = max < 16 ? 16 : max;
	li->at_start = 1;
	tides_buf_init(&li->line);
	li->blk = tides_malloc(BLK_SIZE);
	if (!li->blk || tides_buf_grow(&li->line, 256) != 0) {
		tides_free(li->blk);
		li->blk = NULL;
		tides_buf_release(&li->line);
		return -1;
	}
	return 0;
}

void text_linein_release(text_linein *li)
{
	tides_free(li->blk);
	li->blk = NULL;
	tides_buf_release(&li->line);
}

/* Refills the block; returns the bytes now available (0 at EOF/error). */
static size_t fill(text_linein *li)
{
	size_t n;
	if (li->bpos < li->blen)
		return li->blen - li->bpos;
	li->bpos = li->blen = 0;
	if (li->eof || li->err)
		return 0;
	n = fread(li->blk, 1, BLK_SIZE, li->f);
	if (n == 0) {
		if (ferror(li->f)) {
			li->err = errno ? errno : EIO;
		} else {
			li->eof = 1;
		}
		return 0;
	}
	li->blen = n;
	return n;
}

size_t text_linein_peek(text_linein *li, const char **p)
{
	/* read until the block is full or the input ends, so detection sees
	 * as much as one block can hold */
	while (!li->eof && !li->err && li->blen < BLK_SIZE && li->bpos == 0) {
		size_t n = fread(li->blk + li->blen, 1, BLK_SIZE - li->blen, li->f);
		if (n == 0) {
			if (ferror(li->f))
				li->err = errno ? errno : EIO;
			else
				li->eof = 1;
			break;
		}
		li->blen += n;
	}
	*p = li->blk + li->bpos;
	return li->blen - li->bpos;
}

/* Length of the longest prefix of s[0..n) that does not end inside a UTF-8
 * sequence (the cut may still leave invalid bytes; scrub fixes those). */
static size_t utf8_cut(const char *s, size_t n)
{
	size_t i = n, back = 0;
	while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		back++;
	}
	if (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0xC0) {
		/* a lead byte: keep the sequence only if it is complete */
		unsigned char c = (unsigned char)s[i - 1];
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (back + 1 < need)
			return i - 1;
		return n;
	}
	return n;
}

int text_linein_next(text_linein *li)
{
	int got = 0, truncated = 0;
	size_t nscrub;
	tides_buf_reset(&li->line);
	for (;;) {
		size_t avail = fill(li), take, room;
		const char *p, *nl;
		if (avail == 0)
			break;
		got = 1;
		p = li->blk + li->bpos;
		nl = memchr(p, '\n', avail);
		take = nl ? (size_t)(nl - p) : avail;
		room = li->max - li->line.len;
		if (take > room) {
			truncated = 1;
			if (tides_buf_add(&li->line, p, room) != 0)
				goto nomem;
		} else if (tides_buf_add(&li->line, p, take) != 0) {
			goto nomem;
		}
		li->bpos += take;
		if (nl) {
			li->bpos++; /* the '\n' */
			break;
		}
	}
	if (li->err) {
		errno = li->err;
		return -1;
	}
	if (!got)
		return 0;
	li->lineno++;
	if (li->at_start) {
		li->at_start = 0;
		if (li->line.len >= 3 && memcmp(li->line.s, "\xEF\xBB\xBF", 3) == 0) {
			memmove(li->line.s, li->line.s + 3, li->line.len - 2);
			li->line.len -= 3;
		}
	}
	if (truncated) {
		li->line.len = utf8_cut(li->line.s, li->line.len);
		li->line.s[li->line.len] = '\0';
		tides_warn_at(li->ctx, li->name, li->lineno,
		              "line longer than %zu bytes, truncated", li->max);
	}
	if (li->line.len > 0 && li->line.s[li->line.len - 1] == '\r')
		li->line.s[--li->line.len] = '\0';
	nscrub = tides_utf8_scrub(li->line.s, li->line.len);
	if (nscrub) {
		tides_warn_at(li->ctx, li->name, li->lineno,
		              "%zu invalid UTF-8 or NUL byte%s replaced", nscrub, nscrub == 1 ? "" : "s");
	}
	if (nscrub || truncated)
		li->repaired++;
	return 1;
nomem:
	errno = ENOMEM;
	return -1;
}
