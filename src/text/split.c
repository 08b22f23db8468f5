/*
 * split.c — sentences out of running text, footnote markers, language.
 *
 * The splitter is a single forward scan with bounded look-behind (the word
 * before a period) and look-ahead (the first character after the spaces):
 * no regexes, no allocation.  A period ends a sentence only when followed
 * by whitespace and something that can start a sentence (capital, digit,
 * opening quote or bracket, a non-Latin letter), and the word before it is
 * not an abbreviation or an initial.  "U.S." is ambiguous at a sentence end;
 * it splits only before a word that usually starts sentences ("The", "He").
 * The Chinese stops 。！？ end a sentence wherever they are; the Chinese
 * helper's src/text/zh* refines Chinese further.
 */
#include "text/text.h"

#include <string.h>

#include "util/utf8.h"
#include "util/banned.h"

static const char *const abbrevs[] = {
	"Adm", "Apr", "Aug", "Ave", "Brig", "Capt", "Cmdr", "Co", "Col", "Corp", "Cpl", "Dec",
	"Dept", "Dr", "Feb", "Fig", "Fr", "Ft", "Gen", "Gov", "Hon", "Inc", "Jan", "Jr", "Jul",
	"Jun", "Lt", "Ltd", "Maj", "Mar", "Messrs", "Mme", "Mr", "Mrs", "Ms", "Mt", "No", "Nos",
	"Nov", "Oct", "Op", "Pres", "Prof", "Pte", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep",
	"Sept", "Sgt", "Sr", "St", "Supt", "vol", "vs", "Vol", "cf", "ca", "approx", "pp", "p",
	"nos", "no", "Nr", "art", "Art", "para", "Para",
};

/* Words that usually begin a sentence; after an ambiguous "U.S." they
 * decide for a split. */
static const char *const starters[] = {
	"The", "He", "She", "It", "They", "We", "I", "But", "In", "On", "This", "That",
	"These", "Those", "A", "An", "And", "His", "Her", "Their", "Its", "There", "Some",
	"Many", "Mr", "Mrs", "Ms", "After", "When", "While", "However", "Meanwhile", "Yet",
	"As", "At", "Both", "Neither", "So", "Such", "Since", "Although", "Officials",
};

static int in_list(const char *w, size_t n, const char *const *list, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return 1;
	return 0;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }

static uint32_t cp_at(const char *p, size_t n, size_t i, size_t *len)
{
	uint32_t cp;
	size_t l = tides_utf8_decode(p + i, n - i, &cp);
	if (l == 0) {
		*len = 1;
		return 0xFFFD;
	}
	*len = l;
	return cp;
}

/* Closing punctuation that stays with the sentence it closes. */
static int is_closer(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
	       cp == 0xBB || cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == 0x3011;
}

static int is_cjk_stop(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
}

/* Can this character begin a new sentence? */
static int can_start(uint32_t cp)
{
	if (cp < 0x80)
		return is_upper((unsigned char)cp) || is_digit((unsigned char)cp) || cp == '"' ||
		       cp == '\'' || cp == '(' || cp == '[';
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return 1; /* Latin-1 capitals */
	if (cp >= 0xDF && cp <= 0x24F)
		return 0; /* Latin lowercase and extended: treat as lowercase */
	return 1;   /* quotes, CJK, other scripts */
}

/* Is the period at p[dot] part of an abbreviation?  `next` is the start of
 * the following word. */
static int is_abbrev(const char *p, size_t n, size_t dot, size_t next)
{
	size_t ws = dot, wlen, i, nl;
	int has_dot = 0, letters_only = 1;
	while (ws > 0 && !is_space((unsigned char)p[ws - 1]))
		ws--;
	while (ws < dot && (p[ws] == '(' || p[ws] == '"' || p[ws] == '\'' || p[ws] == '['))
		ws++;
	wlen = dot - ws;
	if (wlen == 0)
		return 0;
	if (wlen == 1 && is_upper((unsigned char)p[ws]))
		return 1; /* an initial: "J. F. Kennedy" */
	for (i = ws; i < dot; i++) {
		if (p[i] == '.')
			has_dot = 1;
		else if (!is_alpha((unsigned char)p[i]))
			letters_only = 0;
	}
	if (has_dot && letters_only) {
		/* U.S., e.g., i.e., Ph.D: no split unless a sentence clearly starts */
		for (nl = next; nl < n && is_alpha((unsigned char)p[nl]); nl++)
			;
		return !in_list(p + next, nl - next, starters, sizeof starters / sizeof starters[0]);
	}
	if (!letters_only)
		return 0;
	if (wlen == 2 && memcmp(p + ws, "No", 2) == 0)
		return next < n && is_digit((unsigned char)p[next]);
	return in_list(p + ws, wlen, abbrevs, sizeof abbrevs / sizeof abbrevs[0]);
}

static int emit(const char *p, size_t a, size_t b, text_sent_fn fn, void *ud)
{
	while (a < b && is_space((unsigned char)p[a]))
		a++;
	while (b > a && is_space((unsigned char)p[b - 1]))
		b--;
	if (b > a)
		return fn(ud, p + a, b - a);
	return 0;
}

int text_split_sentences(const char *p, size_t n, text_sent_fn fn, void *ud)
{
	size_t i = 0, start = 0, len;
	int rc;
	while (i < n) {
		uint32_t cp = cp_at(p, n, i, &len);
		size_t j, k, l2;
		int ascii_stop = cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
		if (!ascii_stop && !is_cjk_stop(cp)) {
			i += len;
			continue;
		}
		j = i + len;
		/* runs of stops ("?!", "...", "。。") and closers after them */
		for (;;) {
			uint32_t c2;
			if (j >= n)
				break;
			c2 = cp_at(p, n, j, &l2);
			if (c2 == '.' || c2 == '!' || c2 == '?' || c2 == 0x2026 || is_cjk_stop(c2) ||
			    is_closer(c2))
				j += l2;
			else
				break;
		}
		if (is_cjk_stop(cp)) {
			if ((rc = emit(p, start, j, fn, ud)) != 0)
				return rc;
			start = i = j;
			continue;
		}
		if (j >= n)
			break; /* the final sentence */
		if (!is_space((unsigned char)p[j])) {
			i = j; /* "3.5", "U.S.-led", "Yahoo!" inside a word */
			continue;
		}
		for (k = j; k < n && is_space((unsigned char)p[k]); k++)
			;
		if (k >= n)
			break;
		if (!can_start(cp_at(p, n, k, &l2))) {
			i = k;
			continue;
		}
		/* only a lone final '.' can be an abbreviation's */
		if (cp == '.' && j == i + 1 && is_abbrev(p, n, i, k)) {
			i = k;
			continue;
		}
		if ((rc = emit(p, start, j, fn, ud)) != 0)
			return rc;
		start = i = k;
	}
	return emit(p, start, n, fn, ud);
}

/* ---------------------------------------------------------------- footnotes */

static int is_superscript_digit(uint32_t cp)
{
	return cp == 0xB9 || cp == 0xB2 || cp == 0xB3 || cp == 0x2070 ||
	       (cp >= 0x2074 && cp <= 0x2079);
}

size_t text_strip_footnotes(char *s, size_t n)
{
	size_t r = 0, w = 0, len;
	while (r < n) {
		unsigned char c = (unsigned char)s[r];
		uint32_t cp;
		/* [12] */
		if (c == '[') {
			size_t k = r + 1;
			while (k < n && k - r <= 3 && is_digit((unsigned char)s[k]))
				k++;
			if (k > r + 1 && k < n && s[k] == ']') {
				r = k + 1;
				/* "word [3] next": do not leave two spaces */
				if (w > 0 && s[w - 1] == ' ' && r < n && s[r] == ' ')
					r++;
				continue;
			}
		}
		/* "relations.3 The" — a marker glued after punctuation that follows a
		 * lowercase letter or a closing quote; a digit before the
		 * punctuation would make it a number (1993.5, 1,000) */
		if ((c == '.' || c == ',' || c == ';' || c == ':') && r > 0 &&
		    (is_lower((unsigned char)s[r - 1]) || s[r - 1] == '"' || s[r - 1] == ')') &&
		    r + 1 < n && is_digit((unsigned char)s[r + 1])) {
			size_t k = r + 1;
			while (k < n && k - r <= 3 && is_digit((unsigned char)s[k]))
				k++;
			if (k - r <= 3 && (k == n || s[k] == ' ')) {
				s[w++] = (char)c;
				r = k;
				continue;
			}
		}
		if (c >= 0x80) {
			cp = cp_at(s, n, r, &len);
			if (is_superscript_digit(cp)) {
				r += len;
				continue;
			}
			memmove(s + w, s + r, len);
			w += len;
			r += len;
			continue;
		}
		s[w++] = s[r++];
	}
	if (w < n)
		s[w] = '\0';
	return w;
}

/* ---------------------------------------------------------------- language */

const char *text_detect_lang(const char *s, size_t n)
{
	size_t i = 0, len;
	unsigned long han = 0, latin = 0;
	while (i < n) {
		uint32_t cp = cp_at(s, n, i, &len);
		if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
		    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF))
			han++;
		else if (cp < 0x80 && is_alpha((unsigned char)cp))
			latin++;
		i += len;
	}
	/* a Han character carries about as much as two Latin letters */
	return han * 2 > latin ? "zh" : "en";
}
