/*
 * utf8.h — validation and decoding of untrusted UTF-8.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 */
#ifndef TIDES_UTIL_UTF8_H
#define TIDES_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one character at s[0..n); returns its length (1..4) and stores the
 * code point, or returns 0 for an invalid or truncated sequence (cp = 0xFFFD).
 * n == 0 returns 0. */
size_t tides_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Byte offset of the first invalid sequence, or n if the text is valid. */
size_t tides_utf8_check(const char *s, size_t n);
/* Rewrites s[0..n) in place (it never grows): invalid bytes become '?',
 * NUL bytes become ' '.  Returns the number of bytes replaced. */
size_t tides_utf8_scrub(char *s, size_t n);

#endif
