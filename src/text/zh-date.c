/*
 * zh-date.c — Chinese numbers and date expressions (see zh.h).
 *
 * A cursor walks the sentence once; at each character it tries, in order,
 * a numeric expression (N年[N月[N日|初|中旬|底...]], N月..., N日/号), a
 * weekday (周二, 星期五, 上周三), and the relative words (今天, 昨日,
 * 同日, 上月, 去年, 今年3月...).  Each reader returns the bytes it used
 * and a resolved zh_date, so the walk skips what it has read and the
 * whole sentence costs one pass.
 *
 * Resolution against the story date follows how Chinese news writes:
 * "16日" without a month is the 16th of the story's month or of a
 * neighbouring month, whichever is nearest to the story date; "3月16日"
 * without a year is in the year that puts it nearest; a bare weekday is
 * the most recent such day on or before the story date (news reports the
 * past); 同日/当天 repeat the day stated by an earlier sentence.  Periods
 * (a month, a year, "4月初") resolve to their first day, with a precision
 * that says what was stated: 初/上旬 -> 1st, 中/中旬 -> 11th, 下旬 -> 21st,
 * 底/末 -> last day of the month.
 */
#include "text/zh.h"

#include <string.h>

#include "util/date.h"
#include "util/utf8.h"
#include "util/banned.h"

/* ------------------------------------------------------------ numbers */

/* Digit value of a Chinese numeral or ASCII/full-width digit; -1 else.
 * Units: 10, 100, 1000, 10000 returned as negative codes -10... */
static int zh_numchar(uint32_t c)
{
	switch (c) {
	case 0x3007: case 0x96F6: return 0;    /* 〇 零 */
	case 0x4E00: return 1;                 /* 一 */
	case 0x4E8C: case 0x4E24: return 2;    /* 二 两 */
	case 0x4E09: return 3;                 /* 三 */
	case 0x56DB: return 4;                 /* 四 */
	case 0x4E94: return 5;                 /* 五 */
	case 0x516D: return 6;                 /* 六 */
	case 0x4E03: return 7;                 /* 七 */
	case 0x516B: return 8;                 /* 八 */
	case 0x4E5D: return 9;                 /* 九 */
	case 0x5341: return -10;               /* 十 */
	case 0x767E: return -100;              /* 百 */
	case 0x5343: return -1000;             /* 千 */
	case 0x4E07: return -10000;            /* 万 */
	default: break;
	}
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

size_t zh_number(const char *s, size_t n, long *value)
{
	size_t i = 0, k, ndig = 0;
	uint32_t cp;
	long plain = 0, total = 0, section = 0, cur = 0;
	int positional = 0, ascii = -1, any = 0;
	*value = 0;
	while (i < n) {
		int v;
		k = zh_dec(s + i, n - i, &cp);
		if (k == 0)
			break;
		v = zh_numchar(cp);
		if (v == -1)
			break;
		/* ASCII digits and Chinese numerals do not mix in one number */
		if (v >= 0) {
			int is_ascii = cp < 0x80 || (cp >= 0xFF10 && cp <= 0xFF19);
			if (ascii == -1)
				ascii = is_ascii;
			else if (ascii != is_ascii)
				break;
		} else if (ascii == 1) {
			break;
		}
		if (v >= 0) {
			if (++ndig > 10)
				return 0;
			plain = plain * 10 + v;
			cur = v;
			any = 1;
		} else {
			positional = 1;
			if (v == -10000) {
				total = (total + section + cur) * 10000;
				section = 0;
			} else {
				section += (cur ? cur : 1) * (-v);
			}
			cur = 0;
			any = 1;
			if (total > 1000000000L)
				return 0;
		}
		i += k;
	}
	if (!any || i == 0)
		return 0;
	*value = positional ? total + section + cur : plain;
	if (*value > 1000000000L)
		return 0;
	return i;
}

/* ------------------------------------------------------------ dates */

typedef struct zh_cur {
	const char *s;
	size_t n;
} zh_cur;

/* Does s[i..] start with the UTF-8 literal w?  Returns its length or 0. */
static size_t zh_lit(const char *s, size_t n, size_t i, const char *w)
{
	size_t k;
	/* byte by byte: most tries differ in the first two bytes */
	for (k = 0; w[k]; k++)
		if (i + k >= n || s[i + k] != w[k])
			return 0;
	return k;
}

static int zh_mdays(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return md[m - 1] + (m == 2 && leap);
}

static int32_t zh_absdiff(int32_t a, int32_t b)
{
	return a > b ? a - b : b - a;
}

/* Month m of the year nearest to the story, or of year y if y > 0. */
static int zh_pick_year(int y, int m, int d, int32_t story)
{
	int sy, sm, sd, best = 0, cand;
	int32_t bestd = 0;
	if (y > 0 || story == TIDES_DATE_NONE)
		return y;
	tides_date_to_ymd(story, &sy, &sm, &sd);
	for (cand = sy - 1; cand <= sy + 1; cand++) {
		int32_t day = tides_date_from_ymd(cand, m, d <= zh_mdays(cand, m) ? d : 1);
		if (day == TIDES_DATE_NONE)
			continue;
		if (!best || zh_absdiff(day, story) < bestd) {
			best = cand;
			bestd = zh_absdiff(day, story);
		}
	}
	return best;
}

/* Reads [N月][N日|号|初|上旬|中旬|中|下旬|底|末] after a year (y > 0) or
 * without one (y == 0: nearest year).  *month_seen says whether a month
 * was read.  Returns bytes used (0 if no month). */
static size_t zh_month_part(const char *s, size_t n, size_t i, int y, int32_t story, zh_date *out)
{
	long mv = 0, dv = 0;
	size_t k, j = i, l;
	int d = 1;
	zh_date_prec prec = ZH_DATE_MONTH;
	k = zh_number(s + j, n - j, &mv);
	if (!k || mv < 1 || mv > 12)
		return 0;
	if (!(l = zh_lit(s, n, j + k, "月")))
		return 0;
	j += k + l;
	if ((k = zh_number(s + j, n - j, &dv)) && dv >= 1 && dv <= 31 &&
	    ((l = zh_lit(s, n, j + k, "日")) || (l = zh_lit(s, n, j + k, "号")))) {
		d = (int)dv;
		prec = ZH_DATE_DAY;
		j += k + l;
	} else if ((l = zh_lit(s, n, j, "初")) || (l = zh_lit(s, n, j, "上旬"))) {
		j += l;
	} else if ((l = zh_lit(s, n, j, "中旬")) || (l = zh_lit(s, n, j, "中"))) {
		d = 11;
		j += l;
	} else if ((l = zh_lit(s, n, j, "下旬"))) {
		d = 21;
		j += l;
	} else if ((l = zh_lit(s, n, j, "底")) || (l = zh_lit(s, n, j, "末"))) {
		d = 31;
		j += l;
	} else if ((l = zh_lit(s, n, j, "份"))) {
		j += l;
	}
	y = zh_pick_year(y, (int)mv, d, story);
	if (y <= 0)
		return 0;
	if (d > zh_mdays(y, (int)mv)) {
		if (prec == ZH_DATE_DAY)
			return 0; /* 2月30日: not a date */
		d = zh_mdays(y, (int)mv);
	}
	out->day = tides_date_from_ymd(y, (int)mv, d);
	out->prec = prec;
	return out->day == TIDES_DATE_NONE ? 0 : j - i;
}

/* N日 / N号 alone: the nearest such day of the story's month or its
 * neighbours. */
static size_t zh_day_part(const char *s, size_t n, size_t i, int32_t story, zh_date *out)
{
	long dv;
	size_t k, l;
	int sy, sm, sd, dm;
	int32_t best = TIDES_DATE_NONE;
	if (story == TIDES_DATE_NONE)
		return 0;
	k = zh_number(s + i, n - i, &dv);
	if (!k || dv < 1 || dv > 31)
		return 0;
	if (!(l = zh_lit(s, n, i + k, "日")) && !(l = zh_lit(s, n, i + k, "号")))
		return 0;
	if (zh_lit(s, n, i + k, "日本") || zh_lit(s, n, i + k, "日内") || zh_lit(s, n, i + k, "号称"))
		return 0;
	tides_date_to_ymd(story, &sy, &sm, &sd);
	for (dm = -1; dm <= 1; dm++) {
		int y = sy, m = sm + dm;
		int32_t day;
		if (m < 1) {
			m = 12;
			y--;
		} else if (m > 12) {
			m = 1;
			y++;
		}
		day = tides_date_from_ymd(y, m, (int)dv);
		if (day == TIDES_DATE_NONE)
			continue;
		if (best == TIDES_DATE_NONE || zh_absdiff(day, story) < zh_absdiff(best, story))
			best = day;
	}
	if (best == TIDES_DATE_NONE)
		return 0;
	out->day = best;
	out->prec = ZH_DATE_DAY;
	return k + l;
}

/* N年 [month part] */
static size_t zh_year_part(const char *s, size_t n, size_t i, int32_t story, zh_date *out)
{
	long yv;
	size_t k, l, m;
	k = zh_number(s + i, n - i, &yv);
	if (!k || yv < 1900 || yv > 2100)
		return 0;
	if (!(l = zh_lit(s, n, i + k, "年")))
		return 0;
	if ((m = zh_month_part(s, n, i + k + l, (int)yv, story, out)))
		return k + l + m;
	out->day = tides_date_from_ymd((int)yv, 1, 1);
	out->prec = ZH_DATE_YEAR;
	return k + l;
}

static int zh_weekday_char(const char *s, size_t n, size_t i, size_t *len)
{
	static const char *const names[] = {"一", "二", "三", "四", "五", "六", "日", "天"};
	int w;
	for (w = 0; w < 8; w++)
		if ((*len = zh_lit(s, n, i, names[w])))
			return w == 7 ? 6 : w;
	return -1;
}

/* [上|下|本|这]?(周|星期|礼拜)X, or 上周/本周/下周 alone. */
static size_t zh_week_part(const char *s, size_t n, size_t i, int32_t story, zh_date *out)
{
	static const char *const pre[] = {"上个", "下个", "上", "下", "本", "这", "今"};
	static const int shift[] = {-7, 7, -7, 7, 0, 0, 0};
	static const char *const wk[] = {"星期", "礼拜", "周"};
	size_t j = i, l = 0, wl = 0, dl;
	int p, w, wd, has_pre = 0, sh = 0;
	int32_t monday;
	if (story == TIDES_DATE_NONE)
		return 0;
	for (p = 0; p < 7; p++)
		if ((l = zh_lit(s, n, j, pre[p]))) {
			has_pre = 1;
			sh = shift[p];
			break;
		}
	j += l;
	for (w = 0; w < 3; w++)
		if ((wl = zh_lit(s, n, j, wk[w])))
			break;
	if (!wl)
		return 0;
	j += wl;
	monday = story - tides_date_weekday(story);
	wd = zh_weekday_char(s, n, j, &dl);
	if (wd < 0 || (w == 2 && wd == 6 && dl && zh_lit(s, n, j, "天"))) {
		/* 上周 / 本周 alone: the week; 周天 is not used for Sunday */
		if (!has_pre)
			return 0;
		out->day = monday + sh;
		out->prec = ZH_DATE_WEEK;
		return j - i;
	}
	if (zh_lit(s, n, j + dl, "年"))
		return 0; /* 周年: anniversary */
	j += dl;
	if (has_pre) {
		out->day = monday + sh + wd;
	} else {
		/* the most recent such day on or before the story date */
		int back = (tides_date_weekday(story) - wd + 7) % 7;
		out->day = story - back;
	}
	out->prec = ZH_DATE_DAY;
	return j - i;
}

static size_t zh_relative(const char *s, size_t n, size_t i, int32_t story, int32_t last,
                          zh_date *out)
{
	static const struct { const char *w; int days; } rel_day[] = {
		{"今天", 0}, {"今日", 0}, {"昨天", -1}, {"昨日", -1}, {"前天", -2},
		{"明天", 1}, {"明日", 1}, {"后天", 2}, {"当天", 99}, {"当日", 99},
		{"同日", 99}, {"同一天", 99}, {"同天", 99},
	};
	static const struct { const char *w; int months; } rel_month[] = {
		{"上个月", -1}, {"上月", -1}, {"本月", 0}, {"这个月", 0}, {"当月", 0},
		{"下个月", 1}, {"下月", 1},
	};
	static const struct { const char *w; int years; } rel_year[] = {
		{"去年", -1}, {"今年", 0}, {"前年", -2}, {"明年", 1}, {"本年", 0},
	};
	size_t l, k, m;
	int sy, sm, sd;
	if (story == TIDES_DATE_NONE)
		return 0;
	for (k = 0; k < sizeof rel_day / sizeof rel_day[0]; k++)
		if ((l = zh_lit(s, n, i, rel_day[k].w))) {
			if (rel_day[k].days == 99)
				out->day = last != TIDES_DATE_NONE ? last : story;
			else
				out->day = story + rel_day[k].days;
			out->prec = ZH_DATE_DAY;
			return l;
		}
	tides_date_to_ymd(story, &sy, &sm, &sd);
	for (k = 0; k < sizeof rel_month / sizeof rel_month[0]; k++)
		if ((l = zh_lit(s, n, i, rel_month[k].w))) {
			int y = sy, mo = sm + rel_month[k].months;
			long dv;
			size_t dk, dl;
			if (mo < 1) {
				mo += 12;
				y--;
			} else if (mo > 12) {
				mo -= 12;
				y++;
			}
			/* 上月16日 */
			if ((dk = zh_number(s + i + l, n - i - l, &dv)) && dv >= 1 && dv <= zh_mdays(y, mo) &&
			    (dl = zh_lit(s, n, i + l + dk, "日"))) {
				out->day = tides_date_from_ymd(y, mo, (int)dv);
				out->prec = ZH_DATE_DAY;
				return l + dk + dl;
			}
			out->day = tides_date_from_ymd(y, mo, 1);
			out->prec = ZH_DATE_MONTH;
			return l;
		}
	for (k = 0; k < sizeof rel_year / sizeof rel_year[0]; k++)
		if ((l = zh_lit(s, n, i, rel_year[k].w))) {
			int y = sy + rel_year[k].years;
			if ((m = zh_month_part(s, n, i + l, y, story, out)))
				return l + m;
			out->day = tides_date_from_ymd(y, 1, 1);
			out->prec = ZH_DATE_YEAR;
			return l;
		}
	return 0;
}

/* First characters of the weekday and relative expressions. */
static int zh_date_lead(uint32_t c)
{
	switch (c) {
	case 0x4ECA: /* 今 */ case 0x6628: /* 昨 */ case 0x524D: /* 前 */ case 0x660E: /* 明 */
	case 0x540E: /* 后 */ case 0x5F53: /* 当 */ case 0x540C: /* 同 */ case 0x4E0A: /* 上 */
	case 0x672C: /* 本 */ case 0x8FD9: /* 这 */ case 0x4E0B: /* 下 */ case 0x53BB: /* 去 */
	case 0x661F: /* 星 */ case 0x793C: /* 礼 */ case 0x5468: /* 周 */
		return 1;
	default:
		return 0;
	}
}

int zh_date_start(uint32_t c)
{
	return zh_numchar(c) != -1 || zh_date_lead(c);
}

int zh_date_find(const char *s, size_t n, int32_t story, int32_t last, zh_date *out)
{
	return zh_date_find_in(s, n, n, story, last, out);
}

int zh_date_find_in(const char *s, size_t n, size_t until, int32_t story, int32_t last,
                    zh_date *out)
{
	size_t i = 0, k, used;
	zh_date first, cur;
	uint32_t cp;
	first.day = TIDES_DATE_NONE;
	first.prec = ZH_DATE_NONE;
	first.off = first.len = 0;
	if (until > n)
		until = n;
	while (i < until) {
		long v;
		k = zh_dec(s + i, n - i, &cp);
		/* every expression starts with a numeral or one of these */
		if (!k || !zh_date_start(cp)) {
			i += k ? k : 1;
			continue;
		}
		cur.day = TIDES_DATE_NONE;
		cur.prec = ZH_DATE_NONE;
		/* the numeric readers start with a numeral, the weekday and
		 * relative ones with a zh_date_lead character: only one kind
		 * can read anything here */
		if (zh_numchar(cp) != -1) {
			used = zh_year_part(s, n, i, story, &cur);
			if (!used)
				used = zh_month_part(s, n, i, 0, story, &cur);
			if (!used)
				used = zh_day_part(s, n, i, story, &cur);
		} else {
			used = zh_week_part(s, n, i, story, &cur);
			if (!used)
				used = zh_relative(s, n, i, story, last, &cur);
		}
		if (used && cur.day != TIDES_DATE_NONE) {
			cur.off = i;
			cur.len = used;
			if (cur.prec == ZH_DATE_DAY) {
				*out = cur;
				return 1;
			}
			if (first.prec == ZH_DATE_NONE)
				first = cur;
			i += used;
			continue;
		}
		/* skip a whole number at once: its tail is no new expression */
		if ((k = zh_number(s + i, n - i, &v))) {
			size_t l;
			i += k;
			/* an impossible 2月30日 must not leave 30日 behind */
			if ((l = zh_lit(s, n, i, "月")) || (l = zh_lit(s, n, i, "年"))) {
				i += l;
				if ((k = zh_number(s + i, n - i, &v)))
					i += k;
			}
			continue;
		}
		k = zh_dec(s + i, n - i, &cp);
		i += k ? k : 1;
	}
	if (first.prec == ZH_DATE_NONE)
		return 0;
	*out = first;
	return 1;
}
