/*
 * zh.h — Chinese text for the coder: script detection, normalization,
 * sentence splitting, word segmentation and date expressions.
 *
 * The coder engine matches dictionary patterns over word sequences.  For a
 * Chinese sentence this module produces that sequence: the text is
 * normalized (NFKC folds full-width forms, ICU's Traditional-Simplified
 * transliterator maps traditional characters to simplified), then
 * segmented into words separated by single spaces, punctuation as
 * separate tokens.  Segmentation is ICU's dictionary-based word break,
 * refined by a lexicon of the coder's own dictionary words: the longest
 * lexicon word of two or more characters starting at a position wins over
 * ICU's boundaries, so dictionary entries (美国国务卿, 北约 秘书长) come
 * out as the very tokens the dictionaries name.  ICU's word break decides
 * only the stretches no lexicon word covers.
 *
 * Lifetimes.  A zh_lexicon is built once (from dictionary words) and is
 * immutable afterwards, so it may be shared between threads.  A zh_text
 * holds the ICU objects and scratch buffers: one per thread.
 *
 * Dates.  zh_date_find() reads the first date expression of a sentence
 * (2014年3月16日, 1993年4月初, 3月16日, 16日, 周二, 上月, 同日, 去年,
 * 今年3月, 二〇一四年三月十六日...) and resolves it against a reference
 * day (the story date) and the last day stated earlier in the story (for
 * 同日/当天).
 */
#ifndef TIDES_TEXT_ZH_H
#define TIDES_TEXT_ZH_H

#include <stddef.h>
#include <stdint.h>

#include "tides.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ------------------------------------------------------------ UTF-8 */

/* UTF-8 decoding of the common cases inline (ASCII, and three-byte
 * sequences that can be neither overlong nor surrogates: all of CJK);
 * the rest, invalid sequences included, through tides_utf8_decode, whose
 * contract this is. */
static inline size_t zh_dec(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (n >= 3 && ((u[0] >= 0xE1 && u[0] <= 0xEC) || u[0] == 0xEE || u[0] == 0xEF) &&
	    (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3Fu);
		return 3;
	}
	return tides_utf8_decode(s, n, cp);
}

/* ------------------------------------------------------------ script */

/* 1 if the text is Chinese: it has Han characters and they are not a
 * stray minority in Latin text (han * 4 >= latin letters). */
int zh_detect(const char *s, size_t n);
/* 1 for a Han ideograph code point (CJK unified, extension A, compat). */
int zh_is_han(uint32_t cp);

/* ------------------------------------------------------------ lexicon */

typedef struct zh_lexicon zh_lexicon;

zh_lexicon *zh_lexicon_new(void); /* NULL when out of memory */
void zh_lexicon_free(zh_lexicon *lx); /* accepts NULL */
/* Adds a word (UTF-8).  Words without a Han character and words of one
 * character are ignored (they never override ICU).  A TABARI phrase with
 * '_' or ' ' connectors adds each part and the whole joined without
 * connectors.  Returns 0, or -1 when out of memory. */
int zh_lexicon_add(zh_lexicon *lx, const char *w, size_t n);
/* Lookup of an exact word. */
int zh_lexicon_has(const zh_lexicon *lx, const char *w, size_t n);
size_t zh_lexicon_size(const zh_lexicon *lx);
/* Nodes of the lexicon's trie (node ids are below this; 0 is none). */
size_t zh_lexicon_nodes(const zh_lexicon *lx);

/* ------------------------------------------------------------ text */

typedef struct zh_text zh_text;

/* `lx` may be NULL (ICU alone) and must outlive the zh_text. */
tides_status zh_text_new(tides_ctx *ctx, const zh_lexicon *lx, zh_text **out);
void zh_text_free(zh_text *zt); /* accepts NULL */

/* Normalizes UTF-8 text: invalid bytes become U+FFFD, NFKC, traditional
 * to simplified, CR/TAB/other controls to spaces.  `out` is reset first.
 * Returns the number of invalid byte sequences replaced in *nbad. */
tides_status zh_normalize(zh_text *zt, const char *s, size_t n, tides_buf *out, size_t *nbad);

/* After zh_normalize: no date expression (zh_date_find) of the output
 * starts before this byte offset (its length when none can), so the date
 * scan may start there.  0 after the general (ICU) path. */
size_t zh_text_date_from(const zh_text *zt);
/* After zh_segment*: the end (byte offset) of the last character of the
 * segmented text a date expression may start with; 0 when none can. */
size_t zh_text_date_until(zh_text *zt);

/* Segments already-normalized UTF-8 text into space-separated tokens
 * (appended to `out`, which is reset first).  Spaces in the input only
 * separate tokens; punctuation characters are tokens of their own. */
tides_status zh_segment(zh_text *zt, const char *s, size_t n, tides_buf *out);

/* zh_segment of s[0..n) that is the output of the last zh_normalize on zt,
 * unchanged since: reuses the decoding zh_normalize made of it (when it
 * took its fast path).  Same result as zh_segment. */
tides_status zh_segment_norm(zh_text *zt, const char *s, size_t n, tides_buf *out);

/* zh_segment_norm without the token text: the tokens (zh_segment_tokens)
 * are then byte offsets and lengths in s itself. */
tides_status zh_segment_refs(zh_text *zt, const char *s, size_t n);

/* The tokens of the last zh_segment, in order: byte offset and length in
 * its output (in its input after zh_segment_refs), and the lexicon's node
 * id for a lexicon word (0 for the others: ICU's words and punctuation).
 * Valid until the next call. */
typedef struct zh_tokref {
	uint32_t off, len, node;
} zh_tokref;
const zh_tokref *zh_segment_tokens(const zh_text *zt, size_t *n);

/* Normalize + segment in one call. */
tides_status zh_tokens(zh_text *zt, const char *s, size_t n, tides_buf *out);

/* ------------------------------------------------------------ sentences */

typedef struct zh_span {
	size_t off, len; /* bytes into the text given to zh_split */
} zh_span;

/* Longest sentence, in characters, before a forced split (at the last
 * comma or space if there is one, else hard).  Real Chinese news
 * sentences stay far below this. */
#define ZH_SENT_MAX_CHARS 400

/* Splits normalized UTF-8 text into sentences: after 。．!?; (and the
 * ideographic/full-width forms NFKC leaves), together with any closing
 * quotes and brackets 」』”’)》 that follow; at line breaks; and forcibly
 * after ZH_SENT_MAX_CHARS characters.  Spans are trimmed of spaces and
 * empty ones are dropped.  Calls fn for each; fn returns non-zero to stop.
 * Returns the number of forced splits. */
typedef int (*zh_span_fn)(void *userdata, const char *s, zh_span sp);
size_t zh_split(const char *s, size_t n, zh_span_fn fn, void *userdata);

/* ------------------------------------------------------------ numbers */

/* Parses a number written with ASCII digits or Chinese numerals
 * (〇零一二两三四五六七八九十百千万, as in 二〇一四, 十六, 三百二十)
 * at s[0..n).  Returns bytes consumed (0 if none) and stores the value;
 * values above 10^9 are rejected. */
size_t zh_number(const char *s, size_t n, long *value);

/* ------------------------------------------------------------ dates */

typedef enum zh_date_prec {
	ZH_DATE_NONE = 0, ZH_DATE_YEAR, ZH_DATE_MONTH, ZH_DATE_WEEK, ZH_DATE_DAY
} zh_date_prec;

typedef struct zh_date {
	int32_t day;       /* day number (util/date.h); TIDES_DATE_NONE if none */
	zh_date_prec prec;
	size_t off, len;   /* where the expression is, bytes into the text */
} zh_date;

/* Finds the date expression of a sentence and resolves it.  `story` is
 * the story date, `last` the day stated by an earlier sentence of the
 * story (TIDES_DATE_NONE if none; 同日/当天 then mean the story date).
 * The first expression with day precision wins; otherwise the first one
 * found.  Returns 1 if a date was found (*out filled), else 0. */
int zh_date_find(const char *s, size_t n, int32_t story, int32_t last, zh_date *out);
/* zh_date_find when no expression can start at or after s[until] (no
 * zh_date_start character there): the scan stops at until, the readers
 * still read to n. */
int zh_date_find_in(const char *s, size_t n, size_t until, int32_t story, int32_t last,
                    zh_date *out);
/* 1 if a date expression may start with c (a numeral, or the first
 * character of a weekday or relative expression): zh_date_find skips
 * everything else. */
int zh_date_start(uint32_t c);

#endif

/* ------------------------------------------------------------ coder hook */

/* What the coder calls for Chinese sentences (src/text/zh-coder.c).  One
 * per tides_coder, made on the first Chinese sentence; it builds the
 * lexicon from the coder's dictionary words, so dictionary phrases come out
 * of the segmenter as the tokens the dictionaries name. */
struct tides_dicts;
typedef struct zh_hook zh_hook;

tides_status zh_hook_new(tides_ctx *ctx, const struct tides_dicts *d, zh_hook **out);
void zh_hook_free(zh_hook *h); /* accepts NULL */
/* 1 if the sentence is to be coded as Chinese: lang "zh", or any other
 * lang (or none) but the text is Chinese by script (zh_detect), or it is
 * not UTF-8 but looks like GB18030/Big5 (warned about through ctx). */
int zh_hook_wants(tides_ctx *ctx, const tides_sentence *s);
/* Starts a story: forgets the date stated by earlier sentences. */
void zh_hook_story(zh_hook *h);
/* Normalizes and segments s->text; *text and *len then point to the token
 * text (owned by h, valid until the next call): valid UTF-8 without NUL
 * bytes, NUL-terminated, whatever the input (the coder relies on it:
 * span_text copies the words as they are, looking at the byte after a
 * span, and coder_lex takes non-ASCII runs whole).  `date_iso` is the date
 * the sentence would get; if the sentence states a day or a month
 * (3月16日, 16日, 昨天, 同日, 1993年4月初...) date_out gets that date,
 * else a copy of date_iso.  Warns (FILE:LINE from s) about invalid
 * UTF-8 and about sentences longer than the coder reads. */
tides_status zh_hook_sentence(zh_hook *h, const tides_sentence *s, const char *date_iso,
                              const char **text, size_t *len, char date_out[11]);

/* Removes, in place, the blanks the segmenter put between words, except
 * between two ASCII letters or digits ("美国 对 俄罗斯" -> "美国对俄罗斯",
 * "G 20" stays): the matched words of an event read as Chinese. */
void zh_unspace(char *s);
/* zh_unspace of a copy: writes src[0..n) (no NUL in it; n < cap) without
 * those blanks to dst[0..cap), NUL-terminated; returns the length.
 * zh_unspace leaves its output as it is. */
size_t zh_unspace_copy(char *dst, size_t cap, const char *src, size_t n);
