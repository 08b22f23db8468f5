/*
 * utf8.c — see utf8.h.  A table-free decoder: the rules of RFC 3629 written
 * out, because this runs on every input byte and must reject everything a
 * fuzzer can build.
 */
#include "util/utf8.h"

#include "util/banned.h"

size_t tides_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;
	*cp = 0xFFFD;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t tides_utf8_check(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = tides_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

size_t tides_utf8_scrub(char *s, size_t n)
{
	size_t i = 0, k, bad = 0;
	uint32_t cp;
	while (i < n) {
		if (s[i] == '\0') {
			s[i++] = ' ';
			bad++;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = tides_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			s[i++] = '?';
			bad++;
			continue;
		}
		i += k;
	}
	return bad;
}
