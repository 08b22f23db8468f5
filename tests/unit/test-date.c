/* Unit tests for util/date: round trips, impossible dates, periods. */
#include "test.h"

#include "util/date.h"

static void test_roundtrip(void)
{
	int32_t d;
	int y, m, dd;
	char out[11];
	T_INTEQ(tides_date_from_ymd(1970, 1, 1), 0);
	T_INTEQ(tides_date_from_ymd(2000, 3, 1), 11017);
	for (d = -700000; d < 2900000; d += 997) {
		tides_date_to_ymd(d, &y, &m, &dd);
		T_INTEQ(tides_date_from_ymd(y, m, dd), d);
	}
	tides_date_format(tides_date_from_ymd(2014, 3, 16), out);
	T_STREQ(out, "2014-03-16");
}

static void test_impossible(void)
{
	T_CHECK(tides_date_parse_ymd8("20121399", 8) == TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_iso("2013-02-29", 10) == TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_iso("2012-02-29", 10) != TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_iso("1900-02-29", 10) == TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_iso("2000-02-29", 10) != TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_iso("2012-1-01", 9) == TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_iso("2012/01/01", 10) == TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_any("", 0) == TIDES_DATE_NONE);
	T_CHECK(tides_date_parse_ymd6("950101", 6, 30) == tides_date_from_ymd(1995, 1, 1));
	T_CHECK(tides_date_parse_ymd6("080812", 6, 30) == tides_date_from_ymd(2008, 8, 12));
}

static void test_periods(void)
{
	int32_t d = tides_date_from_ymd(2014, 3, 16); /* a Sunday */
	T_INTEQ(tides_date_weekday(d), 6);
	T_INTEQ(tides_period_start(d, TIDES_BY_WEEK), tides_date_from_ymd(2014, 3, 10));
	T_INTEQ(tides_period_start(d, TIDES_BY_MONTH), tides_date_from_ymd(2014, 3, 1));
	T_INTEQ(tides_period_start(d, TIDES_BY_QUARTER), tides_date_from_ymd(2014, 1, 1));
	T_INTEQ(tides_period_start(d, TIDES_BY_YEAR), tides_date_from_ymd(2014, 1, 1));
	T_INTEQ(tides_period_next(tides_date_from_ymd(2014, 11, 1), TIDES_BY_QUARTER),
	        tides_date_from_ymd(2015, 2, 1));
	T_INTEQ(tides_period_next(tides_date_from_ymd(2014, 12, 1), TIDES_BY_MONTH),
	        tides_date_from_ymd(2015, 1, 1));
	T_INTEQ(tides_period_parse("quarter"), TIDES_BY_QUARTER);
	T_INTEQ(tides_period_parse("fortnight"), -1);
}

int main(void)
{
	T_RUN(test_roundtrip);
	T_RUN(test_impossible);
	T_RUN(test_periods);
	return t_done();
}
