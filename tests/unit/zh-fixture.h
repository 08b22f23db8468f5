/*
 * zh-fixture.h — helpers the Chinese unit tests share (test-zh.c,
 * test-zh-fast.c, test-zh-t2s.c).  Static inline, so a test that uses
 * one of them gets no unused-function warning for the other.
 */
#ifndef TIDES_TEST_ZH_FIXTURE_H
#define TIDES_TEST_ZH_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "tides.h"
#include "text/zh.h"
#include "util/buf.h"

/* A zh_text over lx (may be NULL); a test cannot go on without it. */
static inline zh_text *zh_fx_text(tides_ctx *ctx, zh_lexicon *lx)
{
	zh_text *zt = NULL;
	if (zh_text_new(ctx, lx, &zt) != TIDES_OK) {
		fprintf(stderr, "zh_text_new: %s\n", tides_errmsg(ctx));
		exit(1);
	}
	return zt;
}

/* A random text for differential tests: lo + (a draw % span) words of
 * pool[npool] joined, drawn with the LCG in *seed, into buf[cap]
 * (NUL-terminated; a word that would not fit ends the text).  Returns
 * its length. */
static inline size_t zh_fx_draw(unsigned *seed, const char *const *pool, size_t npool, size_t lo,
                                size_t span, char *buf, size_t cap)
{
	size_t n = 0, k, m;
	*seed = *seed * 1103515245u + 12345u;
	m = lo + (*seed >> 16) % span;
	for (k = 0; k < m; k++) {
		const char *w;
		size_t wl;
		*seed = *seed * 1103515245u + 12345u;
		w = pool[(*seed >> 16) % npool];
		wl = strlen(w);
		if (n + wl >= cap)
			break;
		memcpy(buf + n, w, wl);
		n += wl;
	}
	buf[n] = '\0';
	return n;
}

/* Tokens of s (normalized + segmented by zt), in a static buffer. */
static inline const char *zh_fx_toks(zh_text *zt, const char *s)
{
	static tides_buf b = TIDES_BUF_INIT;
	if (zh_tokens(zt, s, strlen(s), &b) != TIDES_OK)
		return "(error)";
	return b.s;
}

/* Does the transliterator t change the code point c standing alone? */
static inline int zh_fx_changes_alone(UTransliterator *t, UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar buf[8], orig[2];
	int32_t len = 0, lim;
	U16_APPEND_UNSAFE(buf, len, c);
	orig[0] = buf[0];
	orig[1] = len > 1 ? buf[1] : 0;
	lim = len;
	utrans_transUChars(t, buf, &len, 8, 0, &lim, &st);
	return len != lim || memcmp(buf, orig, (size_t)len * sizeof(UChar)) != 0;
}

#endif
