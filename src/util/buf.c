/*
 * buf.c — see buf.h.  Growth doubles so appends are amortised O(1); the
 * empty buffer points at a shared static NUL byte so `b->s` never needs a
 * NULL check and init cannot fail.
 */
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/banned.h"

char tides_buf_empty_[1];

void tides_buf_init(tides_buf *b)
{
	b->s = tides_buf_empty_;
	b->len = b->cap = 0;
}

void tides_buf_release(tides_buf *b)
{
	if (b->cap)
		tides_free(b->s);
	tides_buf_init(b);
}

int tides_buf_grow(tides_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;
	if (extra > (size_t)-1 / 2 - b->len)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = tides_realloc(b->cap ? b->s : NULL, cap);
	if (!p)
		return -1;
	if (!b->cap)
		p[0] = '\0';
	b->s = p;
	b->cap = cap;
	return 0;
}

int tides_buf_add(tides_buf *b, const void *data, size_t n)
{
	if (tides_buf_grow(b, n) < 0)
		return -1;
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int tides_buf_adds(tides_buf *b, const char *s)
{
	return tides_buf_add(b, s, strlen(s));
}

int tides_buf_addc(tides_buf *b, char c)
{
	return tides_buf_add(b, &c, 1);
}

int tides_buf_vaddf(tides_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || tides_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int tides_buf_addf(tides_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;
	va_start(ap, fmt);
	r = tides_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void tides_buf_reset(tides_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = '\0';
}

char *tides_buf_detach(tides_buf *b)
{
	char *s = b->cap ? b->s : tides_strdup("");
	tides_buf_init(b);
	return s;
}

size_t tides_memcpy_utf8(char *dst, size_t cap, const char *src, size_t n)
{
	if (cap == 0)
		return 0;
	if (n >= cap) {
		n = cap - 1;
		/* back off over continuation bytes so no character is split */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

size_t tides_strlcpy_utf8(char *dst, const char *src, size_t cap)
{
	return tides_memcpy_utf8(dst, cap, src, strlen(src));
}
