/*
 * date.c — see date.h.  Day numbers use the civil-from-days algorithm
 * (era-based, exact for every Gregorian date), so no libc time zone or
 * struct tm is involved and results never depend on the machine's locale.
 */
#include "util/date.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

int tides_date_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap, max;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	return d <= max;
}

int32_t tides_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;
	if (!tides_date_valid(y, m, d))
		return TIDES_DATE_NONE;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void tides_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	long z = (long)day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

void tides_date_format(int32_t day, char out[11])
{
	int y, m, d;
	if (day == TIDES_DATE_NONE) {
		out[0] = '\0';
		return;
	}
	tides_date_to_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int32_t tides_date_parse_iso(const char *s, size_t n)
{
	int y, m, d;
	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d))
		return TIDES_DATE_NONE;
	return tides_date_from_ymd(y, m, d);
}

int32_t tides_date_parse_ymd8(const char *s, size_t n)
{
	int y, m, d;
	if (n != 8 || !digits(s, 4, &y) || !digits(s + 4, 2, &m) || !digits(s + 6, 2, &d))
		return TIDES_DATE_NONE;
	return tides_date_from_ymd(y, m, d);
}

int32_t tides_date_parse_ymd6(const char *s, size_t n, int pivot)
{
	int y, m, d;
	if (n != 6 || !digits(s, 2, &y) || !digits(s + 2, 2, &m) || !digits(s + 4, 2, &d))
		return TIDES_DATE_NONE;
	y += y < pivot ? 2000 : 1900;
	return tides_date_from_ymd(y, m, d);
}

int32_t tides_date_parse_any(const char *s, size_t n)
{
	if (n == 10)
		return tides_date_parse_iso(s, n);
	if (n == 8)
		return tides_date_parse_ymd8(s, n);
	if (n == 6)
		return tides_date_parse_ymd6(s, n, 30);
	return TIDES_DATE_NONE;
}

int tides_date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0) */
	long w = ((long)day + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int32_t tides_period_start(int32_t day, tides_period_kind k)
{
	int y, m, d;
	switch (k) {
	case TIDES_BY_DAY:
		return day;
	case TIDES_BY_WEEK:
		return day - tides_date_weekday(day);
	case TIDES_BY_MONTH:
		tides_date_to_ymd(day, &y, &m, &d);
		return tides_date_from_ymd(y, m, 1);
	case TIDES_BY_QUARTER:
		tides_date_to_ymd(day, &y, &m, &d);
		return tides_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
	case TIDES_BY_YEAR:
		tides_date_to_ymd(day, &y, &m, &d);
		return tides_date_from_ymd(y, 1, 1);
	}
	return day;
}

int32_t tides_period_next(int32_t start, tides_period_kind k)
{
	int y, m, d;
	switch (k) {
	case TIDES_BY_DAY:
		return start + 1;
	case TIDES_BY_WEEK:
		return start + 7;
	case TIDES_BY_MONTH:
	case TIDES_BY_QUARTER:
		tides_date_to_ymd(start, &y, &m, &d);
		m += k == TIDES_BY_MONTH ? 1 : 3;
		if (m > 12) {
			m -= 12;
			y++;
		}
		return tides_date_from_ymd(y, m, 1);
	case TIDES_BY_YEAR:
		tides_date_to_ymd(start, &y, &m, &d);
		return tides_date_from_ymd(y + 1, 1, 1);
	}
	return start + 1;
}

int tides_period_parse(const char *name)
{
	static const char *const names[] = {"day", "week", "month", "quarter", "year"};
	int i;
	for (i = 0; i < 5; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}
