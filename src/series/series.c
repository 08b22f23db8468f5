/*
 * series.c — aggregated series: read from CSV, completed, ready for dating.
 *
 * A tides_series is complete and regular: one value per period from the
 * first to the last, no gaps, no NaN, because BBQ compares values a fixed
 * number of periods apart.  Input may have gaps (a period without a row, an
 * empty value, NA): interior gaps are filled by linear interpolation between
 * the nearest known values and counted; unknown values before the first or
 * after the last known one are dropped.  Dates must ascend; two rows in one
 * period are an error (aggregate first).  The CSV reader is a line cursor:
 * no quoting (dates, numbers and dyad codes need none), '#' lines and blank
 * lines are skipped, a first line whose date does not parse is a header.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series/series-int.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

#define LINE_MAX_LEN 4096

void tides_series_init(tides_series *s)
{
	memset(s, 0, sizeof *s);
}

void tides_series_release(tides_series *s)
{
	if (!s)
		return;
	tides_free(s->day);
	tides_free(s->value);
	tides_series_init(s);
}

/* Period number, consecutive for consecutive periods of a kind. */
long series_ordinal(int32_t day, int by)
{
	int y, m, d;
	switch (by) {
	case TIDES_BY_DAY:
		return day;
	case TIDES_BY_WEEK:
		return ((long)tides_period_start(day, TIDES_BY_WEEK) + 3) / 7; /* Mondays: day = 7k - 3 */
	case TIDES_BY_MONTH:
		tides_date_to_ymd(day, &y, &m, &d);
		return (long)y * 12 + (m - 1);
	case TIDES_BY_QUARTER:
		tides_date_to_ymd(day, &y, &m, &d);
		return (long)y * 4 + (m - 1) / 3;
	default:
		tides_date_to_ymd(day, &y, &m, &d);
		return y;
	}
}

int32_t series_from_ordinal(long ord, int by)
{
	long y;
	switch (by) {
	case TIDES_BY_DAY:
		return (int32_t)ord;
	case TIDES_BY_WEEK:
		return (int32_t)(ord * 7 - 3);
	case TIDES_BY_MONTH:
		y = ord >= 0 ? ord / 12 : (ord - 11) / 12;
		return tides_date_from_ymd((int)y, (int)(ord - y * 12) + 1, 1);
	case TIDES_BY_QUARTER:
		y = ord >= 0 ? ord / 4 : (ord - 3) / 4;
		return tides_date_from_ymd((int)y, (int)(ord - y * 4) * 3 + 1, 1);
	default:
		return tides_date_from_ymd((int)ord, 1, 1);
	}
}

tides_status series_complete(tides_ctx *ctx, const char *what, const int32_t *days,
                             const double *vals, size_t n, int by, tides_series *out)
{
	long first = 0, last = 0, o;
	size_t i, k, nn;
	ptrdiff_t lo, hi;
	tides_series_init(out);
	out->by = by;
	/* first and last known values */
	lo = -1;
	hi = -1;
	for (i = 0; i < n; i++)
		if (isfinite(vals[i])) {
			if (lo < 0)
				lo = (ptrdiff_t)i;
			hi = (ptrdiff_t)i;
		}
	if (lo < 0)
		return tides_fail(ctx, TIDES_ERR_DATA, "%s: no values", what);
	if (lo > 0 || hi < (ptrdiff_t)n - 1)
		tides_warn(ctx, "%s: %zu empty values at the ends dropped", what,
		           (size_t)lo + (n - 1 - (size_t)hi));
	first = series_ordinal(days[lo], by);
	last = series_ordinal(days[hi], by);
	if (last - first > 10000000L)
		return tides_fail(ctx, TIDES_ERR_DATA, "%s: series too long", what);
	nn = (size_t)(last - first + 1);
	out->day = tides_calloc(nn, sizeof *out->day);
	out->value = tides_calloc(nn, sizeof *out->value);
	if (!out->day || !out->value) {
		tides_series_release(out);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	out->n = nn;
	out->by = by;
	for (k = 0; k < nn; k++) {
		out->day[k] = series_from_ordinal(first + (long)k, by);
		out->value[k] = NAN;
	}
	for (i = (size_t)lo; i <= (size_t)hi; i++) {
		o = series_ordinal(days[i], by) - first;
		out->value[o] = vals[i];
	}
	/* interpolate interior gaps */
	for (k = 0; k < nn; k++) {
		size_t a, b, j;
		if (isfinite(out->value[k]))
			continue;
		a = k - 1; /* k > 0: the first value is known */
		b = k;
		while (!isfinite(out->value[b]))
			b++;
		for (j = k; j < b; j++) {
			double f = (double)(j - a) / (double)(b - a);
			out->value[j] = out->value[a] + f * (out->value[b] - out->value[a]);
			out->ninterpolated++;
		}
		k = b;
	}
	return TIDES_OK;
}

int series_infer_by(const int32_t *days, size_t n)
{
	long mind = -1;
	size_t i;
	for (i = 1; i < n; i++) {
		long d = (long)days[i] - days[i - 1];
		if (d > 0 && (mind < 0 || d < mind))
			mind = d;
	}
	if (mind == 1)
		return TIDES_BY_DAY;
	if (mind >= 2 && mind <= 7)
		return TIDES_BY_WEEK;
	if (mind >= 28 && mind <= 31)
		return TIDES_BY_MONTH;
	if (mind >= 89 && mind <= 92)
		return TIDES_BY_QUARTER;
	if (mind >= 365 && mind <= 366)
		return TIDES_BY_YEAR;
	return -1;
}

/* Splits a line at commas in place; returns the field count (max `cap`+1
 * means "too many"). */
static int split_fields(char *line, char **f, int cap)
{
	int nf = 0;
	char *p = line;
	for (;;) {
		char *c = strchr(p, ',');
		char *e;
		if (nf == cap)
			return cap + 1;
		if (c)
			*c = '\0';
		/* trim */
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		f[nf++] = p;
		if (!c)
			break;
		p = c + 1;
	}
	return nf;
}

int32_t series_parse_date(const char *s)
{
	size_t n = strlen(s);
	if (n == 7 && s[4] == '-') { /* YYYY-MM */
		char buf[11];
		memcpy(buf, s, 7);
		memcpy(buf + 7, "-01", 4);
		return tides_date_parse_iso(buf, 10);
	}
	if (n == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]))
		return tides_date_from_ymd((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		                               (s[3] - '0'), 1, 1);
	return tides_date_parse_any(s, n);
}

/* 1 ok, 0 empty/NA (missing), -1 not a number */
int series_parse_value(const char *s, double *v)
{
	char *end;
	if (!*s || strcmp(s, "NA") == 0 || strcmp(s, "na") == 0 || strcmp(s, "NaN") == 0 ||
	    strcmp(s, "nan") == 0) {
		*v = NAN;
		return 0;
	}
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(*v))
		return -1;
	return 1;
}

int series_push(int32_t **days, double **vals, size_t *n, size_t *cap, int32_t day, double v)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		int32_t *nd = tides_realloc(*days, nc * sizeof *nd);
		double *nv;
		if (!nd)
			return -1;
		*days = nd;
		nv = tides_realloc(*vals, nc * sizeof *nv);
		if (!nv)
			return -1;
		*vals = nv;
		*cap = nc;
	}
	(*days)[*n] = day;
	(*vals)[*n] = v;
	(*n)++;
	return 0;
}

tides_status tides_series_read_csv(tides_ctx *ctx, const char *path, int by, const char *dyad,
                                   tides_series *out)
{
	FILE *f = NULL;
	char line[LINE_MAX_LEN + 2];
	char first_dyad[TIDES_ACTOR_MAX * 2 + 8] = "";
	int32_t *days = NULL;
	double *vals = NULL;
	size_t n = 0, cap = 0, i;
	long lineno = 0;
	int seen_data = 0;
	tides_status st = TIDES_OK;

	tides_series_init(out);
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		return tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	while (fgets(line, sizeof line, f)) {
		char *fld[4];
		size_t len = strlen(line);
		int nf, r;
		int32_t day;
		double v;
		lineno++;
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: line too long", path, lineno);
			goto done;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		nf = split_fields(line, fld, 3);
		if (nf < 2 || nf > 3) {
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: expected 2 or 3 columns (date,value[,dyad]), found %s",
			                path, lineno, nf > 3 ? "more" : "1");
			goto done;
		}
		day = series_parse_date(fld[0]);
		if (day == TIDES_DATE_NONE) {
			if (!seen_data) { /* a header */
				seen_data = 1;
				continue;
			}
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: bad date '%s'", path, lineno, fld[0]);
			goto done;
		}
		seen_data = 1;
		if (nf == 3) {
			if (dyad && strcmp(fld[2], dyad) != 0)
				continue;
			if (!dyad) {
				if (!first_dyad[0])
					snprintf(first_dyad, sizeof first_dyad, "%s", fld[2]);
				else if (strcmp(first_dyad, fld[2]) != 0) {
					st = tides_fail(ctx, TIDES_ERR_DATA,
					                "%s:%ld: a second dyad '%s' (first '%s'): choose one with --dyad",
					                path, lineno, fld[2], first_dyad);
					goto done;
				}
			}
		}
		r = series_parse_value(fld[1], &v);
		if (r < 0) {
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: not a number '%s'", path, lineno, fld[1]);
			goto done;
		}
		if (n && day <= days[n - 1]) {
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: date '%s' not after the previous row",
			                path, lineno, fld[0]);
			goto done;
		}
		if (series_push(&days, &vals, &n, &cap, day, v) < 0) {
			st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
			goto done;
		}
	}
	if (ferror(f)) {
		st = tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot read '%s'", path);
		goto done;
	}
	if (n == 0) {
		st = tides_fail(ctx, TIDES_ERR_DATA, "%s: no rows%s%s", path, dyad ? " for dyad " : "",
		                dyad ? dyad : "");
		goto done;
	}
	if (by < 0) {
		by = series_infer_by(days, n);
		if (by < 0) {
			st = tides_fail(ctx, TIDES_ERR_DATA,
			                "%s: cannot infer the period of the dates; give --by", path);
			goto done;
		}
	}
	for (i = 1; i < n; i++)
		if (series_ordinal(days[i], by) == series_ordinal(days[i - 1], by)) {
			char a[11];
			tides_date_format(days[i], a);
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s: two rows in the %s period of %s: aggregate first",
			                path, by == TIDES_BY_DAY ? "day" : by == TIDES_BY_WEEK ? "week"
			                : by == TIDES_BY_MONTH ? "month" : by == TIDES_BY_QUARTER ? "quarter" : "year", a);
			goto done;
		}
	st = series_complete(ctx, path, days, vals, n, by, out);
done:
	if (f && f != stdin)
		fclose(f);
	tides_free(days);
	tides_free(vals);
	return st;
}

tides_status tides_series_from_rows(tides_ctx *ctx, const tides_index_row *rows, size_t n, int by,
                                    tides_series *out)
{
	int32_t *days;
	double *vals;
	size_t i;
	tides_status st;
	tides_series_init(out);
	if (n == 0)
		return tides_fail(ctx, TIDES_ERR_DATA, "the index has no rows");
	days = tides_calloc(n, sizeof *days);
	vals = tides_calloc(n, sizeof *vals);
	if (!days || !vals) {
		tides_free(days);
		tides_free(vals);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		days[i] = tides_date_parse_iso(rows[i].period, 10);
		vals[i] = rows[i].value;
	}
	st = series_complete(ctx, "index", days, vals, n, by, out);
	tides_free(days);
	tides_free(vals);
	return st;
}
