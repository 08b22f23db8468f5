/*
 * date.h — calendar dates as day numbers, parsed from untrusted text.
 *
 * A date is an int32 day number (days since 1970-01-01, proleptic
 * Gregorian), so period arithmetic is integer arithmetic.  Parsers accept
 * exactly one form each and reject impossible dates (20121399, Feb 30).
 */
#ifndef TIDES_UTIL_DATE_H
#define TIDES_UTIL_DATE_H

#include <stddef.h>
#include <stdint.h>

#define TIDES_DATE_NONE INT32_MIN

int32_t tides_date_from_ymd(int y, int m, int d); /* NONE if impossible */
void tides_date_to_ymd(int32_t day, int *y, int *m, int *d);
int tides_date_valid(int y, int m, int d);
/* "YYYY-MM-DD" into out[11]. */
void tides_date_format(int32_t day, char out[11]);

/* Parsers over s[0..n): return the day number or TIDES_DATE_NONE. */
int32_t tides_date_parse_iso(const char *s, size_t n);      /* YYYY-MM-DD */
int32_t tides_date_parse_ymd8(const char *s, size_t n);     /* YYYYMMDD */
/* YYMMDD: YY < pivot -> 20YY, else 19YY (TABARI uses pivot 30). */
int32_t tides_date_parse_ymd6(const char *s, size_t n, int pivot);
/* Any of the above, by length and shape. */
int32_t tides_date_parse_any(const char *s, size_t n);

/* Day of week, 0 = Monday. */
int tides_date_weekday(int32_t day);

/* Start of the period containing `day`. */
typedef enum tides_period_kind {
	TIDES_BY_DAY, TIDES_BY_WEEK, TIDES_BY_MONTH, TIDES_BY_QUARTER, TIDES_BY_YEAR
} tides_period_kind;
int32_t tides_period_start(int32_t day, tides_period_kind k); /* weeks start Monday */
/* Start of the period after the one starting at `start`. */
int32_t tides_period_next(int32_t start, tides_period_kind k);
/* "day", "week", "month", "quarter", "year" -> kind; -1 if unknown. */
int tides_period_parse(const char *name);

#endif
