/*
 * utf8.h — validation, decoding and encoding of untrusted UTF-8.
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
/* Encodes code point cp (< 0x110000, not checked) into o[0..4); returns
 * its length.  Inline: the lexers call it per character. */
static inline size_t tides_utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

#endif
