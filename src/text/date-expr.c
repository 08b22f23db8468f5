/*
 * date-expr.c — the date a sentence states about itself.
 *
 * Narrative (books, long articles) often dates events explicitly: "In April
 * 1993, Clinton met Yeltsin", "On 16 March 2014, ...".  An event coded from
 * such a sentence belongs to that date, not to the publication date.  This
 * is a small cursor parser over the sentence looking for, in order of
 * preference, the first expression with a month or a day (ISO 2014-03-16;
 * "16 March 2014"; "March 16, 2014"; "April 1993"; "March 16" or "16 March"
 * taking the year from the story date; Chinese 2014年3月16日, 1993年4月,
 * 3月16日), and only failing that a year ("in 1993," "in 1993.").  Month
 * names must be capitalised so the verb "may" is not a month.  A date
 * without a year takes the year, among the story's year and its two
 * neighbours, that puts it closest to the story date (a December article
 * speaking of "January 5" means the coming January).
 */
#include "text/text.h"

#include <string.h>

#include "util/date.h"
#include "util/banned.h"

static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* Month name at s[i..n): returns 1..12 and sets *end, or 0. */
static int month_at(const char *s, size_t n, size_t i, size_t *end)
{
	size_t k = i, len;
	int m;
	if (i > 0 && is_alpha(s[i - 1]))
		return 0;
	while (k < n && is_alpha(s[k]))
		k++;
	len = k - i;
	if (len < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		size_t ml = strlen(months[m]);
		if (len == ml && memcmp(s + i, months[m], ml) == 0) {
			*end = k;
			return m + 1;
		}
		/* abbreviations: Jan, Feb., Sept. */
		if ((len == 3 || (m == 8 && len == 4)) && len < ml && memcmp(s + i, months[m], len) == 0) {
			if (m == 4)
				continue; /* "May" is its own full name */
			if (k < n && s[k] == '.')
				k++;
			*end = k;
			return m + 1;
		}
	}
	return 0;
}

/* Unsigned number of 1..maxd digits at s[i..n), not followed by a digit;
 * returns the digit count (0 if none) and the value. */
static size_t num_at(const char *s, size_t n, size_t i, size_t maxd, int *val)
{
	size_t k = i;
	int v = 0;
	if (i > 0 && is_digit(s[i - 1]))
		return 0;
	while (k < n && is_digit(s[k]) && k - i < maxd) {
		v = v * 10 + (s[k] - '0');
		k++;
	}
	if (k == i || (k < n && is_digit(s[k])))
		return 0;
	*val = v;
	return k - i;
}

static size_t skip_ordinal(const char *s, size_t n, size_t k)
{
	if (k + 2 <= n && (memcmp(s + k, "st", 2) == 0 || memcmp(s + k, "nd", 2) == 0 ||
	                   memcmp(s + k, "rd", 2) == 0 || memcmp(s + k, "th", 2) == 0) &&
	    (k + 2 == n || !is_alpha(s[k + 2])))
		return k + 2;
	return k;
}

static size_t skip_spaces(const char *s, size_t n, size_t k)
{
	while (k < n && s[k] == ' ')
		k++;
	return k;
}

static int plausible_year(int y) { return y >= 1800 && y <= 2100; }

/* The year for a month and day the sentence gives without one. */
static int32_t nearest_year(int m, int d, int32_t story)
{
	int y, sy, sm, sd, best_y = 0;
	int32_t best = TIDES_DATE_NONE, bestdist = 0;
	tides_date_to_ymd(story, &sy, &sm, &sd);
	for (y = sy - 1; y <= sy + 1; y++) {
		int32_t day = tides_date_from_ymd(y, m, d), dist;
		if (day == TIDES_DATE_NONE)
			continue;
		dist = day > story ? day - story : story - day;
		if (best == TIDES_DATE_NONE || dist < bestdist) {
			best = day;
			bestdist = dist;
			best_y = y;
		}
	}
	(void)best_y;
	return best;
}

/* "2014年3月16日", "1993年4月", "3月16日" starting at s[i]. */
static int zh_at(const char *s, size_t n, size_t i, int32_t story, int32_t *day)
{
	static const char NIAN[] = "\xE5\xB9\xB4", YUE[] = "\xE6\x9C\x88", RI[] = "\xE6\x97\xA5";
	int y = 0, m = 0, d = 0;
	size_t k = i, c;
	c = num_at(s, n, k, 4, &y);
	if (c == 4 && k + c + 3 <= n && memcmp(s + k + c, NIAN, 3) == 0) {
		k += c + 3;
		c = num_at(s, n, k, 2, &m);
		if (!c || k + c + 3 > n || memcmp(s + k + c, YUE, 3) != 0)
			return 0;
		k += c + 3;
		c = num_at(s, n, k, 2, &d);
		if (c && k + c + 3 <= n && (memcmp(s + k + c, RI, 3) == 0 || memcmp(s + k + c, "\xE5\x8F\xB7", 3) == 0)) {
			*day = tides_date_from_ymd(y, m, d);
			return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_DAY;
		}
		*day = tides_date_from_ymd(y, m, 1);
		return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_MONTH;
	}
	c = num_at(s, n, k, 2, &m);
	if (c && k + c + 3 <= n && memcmp(s + k + c, YUE, 3) == 0 && story != TIDES_DATE_NONE) {
		k += c + 3;
		c = num_at(s, n, k, 2, &d);
		if (c && k + c + 3 <= n && (memcmp(s + k + c, RI, 3) == 0 || memcmp(s + k + c, "\xE5\x8F\xB7", 3) == 0) &&
		    tides_date_valid(2000, m, d)) {
			*day = nearest_year(m, d, story);
			return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_DAY;
		}
	}
	return 0;
}

/* An English expression starting at s[i]. */
static int en_at(const char *s, size_t n, size_t i, int32_t story, int32_t *day)
{
	int m, d, y;
	size_t end, k, c;

	/* ISO 2014-03-16 */
	if (i + 10 <= n && (i == 0 || !is_digit(s[i - 1])) && (i + 10 == n || !is_digit(s[i + 10]))) {
		int32_t v = tides_date_parse_iso(s + i, 10);
		if (v != TIDES_DATE_NONE) {
			*day = v;
			return TEXT_DATE_DAY;
		}
	}
	/* Month-first: "March 16, 2014", "March 16 2014", "April 1993", "March 16" */
	m = month_at(s, n, i, &end);
	if (m) {
		k = skip_spaces(s, n, end);
		c = num_at(s, n, k, 4, &d);
		if (c == 4 && plausible_year(d)) {
			*day = tides_date_from_ymd(d, m, 1);
			return TEXT_DATE_MONTH;
		}
		if (c >= 1 && c <= 2 && d >= 1 && d <= 31) {
			size_t k2 = skip_ordinal(s, n, k + c);
			if (k2 < n && s[k2] == ',')
				k2++;
			k2 = skip_spaces(s, n, k2);
			if (num_at(s, n, k2, 4, &y) == 4 && plausible_year(y)) {
				*day = tides_date_from_ymd(y, m, d);
				return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_DAY;
			}
			if (story != TIDES_DATE_NONE && tides_date_valid(2000, m, d)) {
				*day = nearest_year(m, d, story);
				return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_DAY;
			}
		}
		return 0;
	}
	/* Day-first: "16 March 2014", "16th March", "16 March" */
	c = num_at(s, n, i, 2, &d);
	if (c && d >= 1 && d <= 31) {
		k = skip_spaces(s, n, skip_ordinal(s, n, i + c));
		if (k + 3 <= n && memcmp(s + k, "of ", 3) == 0)
			k = skip_spaces(s, n, k + 3);
		if (k == i + c || !(m = month_at(s, n, k, &end)))
			return 0;
		k = skip_spaces(s, n, end);
		if (k < n && s[k] == ',')
			k = skip_spaces(s, n, k + 1);
		if (num_at(s, n, k, 4, &y) == 4 && plausible_year(y)) {
			*day = tides_date_from_ymd(y, m, d);
			return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_DAY;
		}
		if (story != TIDES_DATE_NONE && tides_date_valid(2000, m, d)) {
			*day = nearest_year(m, d, story);
			return *day == TIDES_DATE_NONE ? 0 : TEXT_DATE_DAY;
		}
	}
	return 0;
}

/* "in 1993," / "In 1993." / "in 1993" at the end: a year. */
static int year_at(const char *s, size_t n, size_t i, int32_t *day)
{
	int y;
	size_t k;
	if (!(i + 3 <= n && (s[i] == 'i' || s[i] == 'I') && s[i + 1] == 'n' && s[i + 2] == ' '))
		return 0;
	if (i > 0 && is_alpha(s[i - 1]))
		return 0;
	k = skip_spaces(s, n, i + 3);
	if (num_at(s, n, k, 4, &y) != 4 || !plausible_year(y))
		return 0;
	k += 4;
	if (k < n && s[k] != ',' && s[k] != '.' && s[k] != ';')
		return 0;
	*day = tides_date_from_ymd(y, 1, 1);
	return TEXT_DATE_YEAR;
}

int text_date_expr(const char *s, size_t n, int32_t story_day, int32_t *day)
{
	size_t i;
	int32_t yday = TIDES_DATE_NONE;
	for (i = 0; i < n; i++) {
		int prec;
		unsigned char c = (unsigned char)s[i];
		if (is_digit((char)c)) {
			if ((prec = zh_at(s, n, i, story_day, day)) != 0)
				return prec;
			if ((prec = en_at(s, n, i, story_day, day)) != 0)
				return prec;
			while (i + 1 < n && is_digit(s[i + 1]))
				i++; /* the rest of a number cannot start a date */
		} else if (c >= 'A' && c <= 'Z') {
			if ((prec = en_at(s, n, i, story_day, day)) != 0)
				return prec;
		}
		if ((c == 'i' || c == 'I') && yday == TIDES_DATE_NONE) {
			int32_t v;
			if (year_at(s, n, i, &v))
				yday = v;
		}
	}
	if (yday != TIDES_DATE_NONE) {
		*day = yday;
		return TEXT_DATE_YEAR;
	}
	*day = TIDES_DATE_NONE;
	return TEXT_DATE_NONE;
}
