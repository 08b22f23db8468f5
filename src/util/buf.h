/*
 * buf.h — a growable byte buffer, always NUL-terminated.
 *
 * tides_buf_init() makes an empty buffer that owns nothing; the first append
 * allocates.  tides_buf_release() frees the storage and re-inits, so a
 * released buffer can be reused.  Appends return 0 or -1 on allocation
 * failure; on failure the buffer is unchanged (never half-appended).
 * `b->s` is always a valid string, even before the first append.
 */
#ifndef TIDES_UTIL_BUF_H
#define TIDES_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tides_buf {
	char *s;
	size_t len;
	size_t cap;
} tides_buf;

#define TIDES_BUF_INIT { tides_buf_empty_, 0, 0 }
extern char tides_buf_empty_[1];

void tides_buf_init(tides_buf *b);
void tides_buf_release(tides_buf *b);
int tides_buf_grow(tides_buf *b, size_t extra);
int tides_buf_add(tides_buf *b, const void *data, size_t n);
int tides_buf_adds(tides_buf *b, const char *s);
int tides_buf_addc(tides_buf *b, char c);
int tides_buf_addf(tides_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
int tides_buf_vaddf(tides_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 0)))
#endif
	;
void tides_buf_reset(tides_buf *b); /* len = 0, keeps storage */
/* Hands the string to the caller (free with tides_free) and re-inits. */
char *tides_buf_detach(tides_buf *b);

/* Copies `src` into `dst[cap]`, truncating at a UTF-8 character boundary;
 * always terminates (cap > 0).  Returns the number of bytes copied. */
size_t tides_strlcpy_utf8(char *dst, const char *src, size_t cap);
size_t tides_memcpy_utf8(char *dst, size_t cap, const char *src, size_t n);

#endif
