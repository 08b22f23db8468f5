/*
 * drivers.c — the drivers of each phase as text or JSON, and the plain-text
 * summary of an analysis (what `make demo` prints).
 *
 * Windows are dated on the series the cycles were dated on (often a
 * smoothed one), but everything said about a window comes from its raw
 * events: the raw Goldstein total and, per issue and per family, the net
 * weight and its negative and positive parts.  A 12-month average can
 * fall while the month-by-month events of the window add up to a positive
 * total; such a "downturn" is flagged (rp_window_flag) rather than
 * presented as driven by conflict.
 *
 * Ranking: in a contraction the issues with the largest negative part come
 * first (what conflict there was, whatever the cooperation beside it), in
 * an expansion those with the largest positive part; an explicit window
 * ranks by absolute net weight.  A share is an issue's (or family's) part
 * of the window's weight of that sign — in a downturn, of all the negative
 * weight — so shares add up to 100%.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report-int.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

const char *const rp_claimed_drivers[3] = {"NATO_ENLARGEMENT", "MISSILE_DEFENSE",
                                            "COLOR_REVOLUTIONS"};

/* Ranking key (smaller first): the part of the window's sign. */
static double rank_key(const rp_issue *x, int kind)
{
	return kind < 0 ? x->neg : kind > 0 ? -x->pos : -fabs(x->sum);
}

/* Insertion sort (the lists are a few dozen long; qsort has no user data
 * for the window's sign); ties by net weight of the same sign, then name. */
static void sort_issues(rp_issue *v, size_t n, int kind)
{
	size_t i, j;
	for (i = 1; i < n; i++) {
		rp_issue x = v[i];
		double kx = rank_key(&x, kind), tx = kind > 0 ? -x.sum : x.sum;
		for (j = i; j > 0; j--) {
			double kj = rank_key(&v[j - 1], kind), tj = kind > 0 ? -v[j - 1].sum : v[j - 1].sum;
			if (kj < kx || (kj == kx && (tj < tx || (tj == tx &&
			                                         strcmp(v[j - 1].name, x.name) <= 0))))
				break;
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
}

void rp_sort_window(rp_window *w)
{
	sort_issues(w->iss, w->niss, w->kind);
}

/* Families of a window (as rp_issue, the family in `name`), sorted like
 * its issues; returns the count. */
static size_t families(const rp_window *w, rp_issue *out, size_t max)
{
	size_t i, j, n = 0;
	for (i = 0; i < w->niss; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(out[j].name, w->iss[i].family) == 0)
				break;
		if (j == n) {
			if (n == max)
				continue;
			memset(&out[n], 0, sizeof out[n]);
			snprintf(out[n].name, sizeof out[n].name, "%s", w->iss[i].family);
			n++;
		}
		out[j].sum += w->iss[i].sum;
		out[j].neg += w->iss[i].neg;
		out[j].pos += w->iss[i].pos;
		out[j].n += w->iss[i].n;
	}
	sort_issues(out, n, w->kind);
	return n;
}

double rp_share(const rp_window *w, const rp_issue *v, size_t n, const rp_issue *x)
{
	double tot = 0;
	size_t i;
	if (w->kind < 0)
		return x->neg < 0 && w->neg < 0 ? x->neg / w->neg : NAN;
	if (w->kind > 0)
		return x->pos > 0 && w->pos > 0 ? x->pos / w->pos : NAN;
	for (i = 0; i < n; i++)
		tot += fabs(v[i].sum);
	return tot > 0 ? fabs(x->sum) / tot : NAN;
}

const char *rp_window_flag(const rp_window *w)
{
	if (w->kind < 0 && w->sum > 0)
		return "raw-total-positive";
	if (w->kind > 0 && w->sum < 0)
		return "raw-total-negative";
	return NULL;
}

const char *rp_by_name(int by)
{
	return by == TIDES_BY_MONTH ? "month" : by == TIDES_BY_QUARTER ? "quarter"
	       : by == TIDES_BY_YEAR ? "year" : by == TIDES_BY_WEEK ? "week" : "day";
}

/* What the flag means, for the text outputs. */
static const char *flag_note(const rp_window *w)
{
	return w->kind < 0 ? "the raw events of this downturn add up to a positive Goldstein total: "
	                     "the fall is in the dated index, not in the sum of the events"
	                   : "the raw events of this upturn add up to a negative Goldstein total: "
	                     "the rise is in the dated index, not in the sum of the events";
}

static const char *kind_name(int kind)
{
	return kind < 0 ? "contraction" : kind > 0 ? "expansion" : "window";
}

static void day_str(int32_t d, char out[11])
{
	if (d <= INT32_MIN + 1 || d == INT32_MAX)
		snprintf(out, 11, "%s", "-");
	else
		tides_date_format(d, out);
}

void rp_json_num(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.6g", v);
	else
		fputs("null", out);
}

/* JSON string that is also safe inside an HTML <script> element: '<', '>'
 * and '&' are escaped so no "</script>" or "<!--" can appear, and U+2028/9
 * are escaped for old JavaScript parsers. */
void rp_json_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	fputc('"', out);
	for (; *p; p++) {
		unsigned char c = *p;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			fprintf(out, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else
			fputc(c, out);
	}
	fputc('"', out);
}

static void text_line(FILE *out, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++)
		fputc((*s == '\n' || *s == '\t' || *s == '\r') ? ' ' : *s, out);
	/* finish a UTF-8 sequence cut by the limit */
	while (*s && ((unsigned char)*s & 0xC0) == 0x80)
		fputc(*s++, out);
	if (*s)
		fputs("...", out);
}

static void window_head(const tides_analysis *an, const rp_window *w, char *buf, size_t cap)
{
	char d1[11], d2[11], l1[16], l2[16];
	day_str(w->from, d1);
	day_str(w->to, d2);
	if (w->kind == 0) {
		snprintf(buf, cap, "window %s .. %s", d1, d2);
		return;
	}
	rp_period_label(an, w->turn_from, l1, sizeof l1);
	rp_period_label(an, w->turn_to, l2, sizeof l2);
	snprintf(buf, cap, "phase %ld: %s %s .. %s: %s %s (%.3f) -> %s %s (%.3f), change %+.3f",
	         w->phase, kind_name(w->kind), d1, d2, w->kind < 0 ? "peak" : "trough", l1,
	         an->y[w->turn_from], w->kind < 0 ? "trough" : "peak", l2, an->y[w->turn_to],
	         an->y[w->turn_to] - an->y[w->turn_from]);
}

/* One issue or family as a text row: n, negative, positive, net, share. */
static void text_part(FILE *out, const rp_window *w, const rp_issue *v, size_t n,
                      const rp_issue *x, int issue)
{
	double sh = rp_share(w, v, n, x);
	if (issue)
		fprintf(out, "    %-20s %-12s n=%-4ld", x->name, x->family, x->n);
	else
		fprintf(out, "    %-14s n=%-4ld", x->name, x->n);
	fprintf(out, " %8.2f %8.2f %8.2f", x->neg, x->pos, x->sum);
	if (isfinite(sh))
		fprintf(out, "  %5.1f%%", 100 * sh);
	fputc('\n', out);
}

static void write_text(tides_analysis *an, FILE *out, rp_window *w)
{
	char head[256];
	rp_issue fam[32];
	const char *flag = rp_window_flag(w);
	size_t nf, i;
	rp_sort_window(w);
	window_head(an, w, head, sizeof head);
	fprintf(out, "%s\n", head);
	fprintf(out, "  events: %ld, raw Goldstein total %+.2f (negative %.2f, positive %+.2f)\n",
	        w->n, w->sum, w->neg, w->pos);
	if (flag)
		fprintf(out, "  flag: %s: %s\n", flag, flag_note(w));
	fprintf(out, "  families (n, negative, positive, net, share of the %s weight):\n",
	        w->kind < 0 ? "negative" : w->kind > 0 ? "positive" : "absolute");
	nf = families(w, fam, 32);
	for (i = 0; i < nf; i++)
		text_part(out, w, fam, nf, &fam[i], 0);
	fprintf(out, "  issues:\n");
	for (i = 0; i < w->niss; i++)
		text_part(out, w, w->iss, w->niss, &w->iss[i], 1);
	fprintf(out, "  top events:\n");
	for (i = 0; i < w->top.n; i++) {
		const rp_kept *k = &w->top.v[i];
		fprintf(out, "    %s %s->%s %s %+.1f [%s] ", k->ev.date, k->ev.source, k->ev.target,
		        k->ev.code, k->ev.goldstein, k->issues);
		if (k->text)
			text_line(out, k->text, 200);
		else
			fprintf(out, "(%s#%d)", k->ev.doc_id, k->ev.sentence);
		fputc('\n', out);
	}
}

/* ,"<sum_key>":sum,"negative<sfx>":neg,"positive<sfx>":pos */
static void json_sums(FILE *out, const char *sum_key, const char *sfx, double sum, double neg,
                      double pos)
{
	fprintf(out, ",\"%s\":", sum_key);
	rp_json_num(out, sum);
	fprintf(out, ",\"negative%s\":", sfx);
	rp_json_num(out, neg);
	fprintf(out, ",\"positive%s\":", sfx);
	rp_json_num(out, pos);
}

void rp_json_kept(FILE *out, const rp_kept *k)
{
	fputs("{\"date\":", out);
	rp_json_str(out, k->ev.date);
	fputs(",\"source\":", out);
	rp_json_str(out, k->ev.source);
	fputs(",\"target\":", out);
	rp_json_str(out, k->ev.target);
	fputs(",\"code\":", out);
	rp_json_str(out, k->ev.code);
	fputs(",\"goldstein\":", out);
	rp_json_num(out, k->ev.goldstein);
	fputs(",\"issues\":", out);
	rp_json_str(out, k->issues);
	fputs(",\"doc_id\":", out);
	rp_json_str(out, k->ev.doc_id);
	fprintf(out, ",\"sentence\":%d,\"text\":", k->ev.sentence);
	if (k->text)
		rp_json_str(out, k->text);
	else
		fputs("null", out);
	fputc('}', out);
}

/* One issue or family as a JSON object (key: "issue" or "family"). */
static void json_part(FILE *out, const rp_window *w, const rp_issue *v, size_t n,
                      const rp_issue *x, const char *key)
{
	fprintf(out, "%s{\"%s\":", x == v ? "" : ",", key);
	rp_json_str(out, x->name);
	if (strcmp(key, "issue") == 0) {
		fprintf(out, ",\"family\":");
		rp_json_str(out, x->family);
	}
	fprintf(out, ",\"n\":%ld", x->n);
	json_sums(out, "sum", "", x->sum, x->neg, x->pos);
	fprintf(out, ",\"share\":");
	rp_json_num(out, rp_share(w, v, n, x));
	fputc('}', out);
}

static void write_json(tides_analysis *an, FILE *out, rp_window *w)
{
	rp_issue fam[32];
	const char *flag = rp_window_flag(w);
	size_t nf, i;
	char d1[11], d2[11];
	rp_sort_window(w);
	day_str(w->from, d1);
	day_str(w->to, d2);
	fprintf(out, "{\"phase\":%ld,\"kind\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"", w->phase,
	        kind_name(w->kind), d1, d2);
	if (w->kind) {
		char l[16];
		fprintf(out, ",\"start\":{\"period\":\"%s\",\"value\":",
		        rp_period_label(an, w->turn_from, l, sizeof l));
		rp_json_num(out, an->y[w->turn_from]);
		fprintf(out, "},\"end\":{\"period\":\"%s\",\"value\":",
		        rp_period_label(an, w->turn_to, l, sizeof l));
		rp_json_num(out, an->y[w->turn_to]);
		fprintf(out, "},\"change\":");
		rp_json_num(out, an->y[w->turn_to] - an->y[w->turn_from]);
	}
	fprintf(out, ",\"events\":%ld", w->n);
	json_sums(out, "goldstein_sum", "_sum", w->sum, w->neg, w->pos);
	if (flag)
		fprintf(out, ",\"flag\":\"%s\"", flag);
	else
		fprintf(out, ",\"flag\":null");
	fprintf(out, ",\"families\":[");
	nf = families(w, fam, 32);
	for (i = 0; i < nf; i++)
		json_part(out, w, fam, nf, &fam[i], "family");
	fprintf(out, "],\"issues\":[");
	for (i = 0; i < w->niss; i++)
		json_part(out, w, w->iss, w->niss, &w->iss[i], "issue");
	fprintf(out, "],\"top_events\":[");
	for (i = 0; i < w->top.n; i++) {
		if (i)
			fputc(',', out);
		rp_json_kept(out, &w->top.v[i]);
	}
	fprintf(out, "]}");
}

tides_status tides_drivers_write(tides_analysis *an, FILE *out, int json, long phase)
{
	size_t i, nout = 0;
	if (phase > 0 && (size_t)phase > an->nphases)
		return tides_fail(an->ctx, TIDES_ERR_NOTFOUND, "no phase %ld (the series has %zu)",
		                  phase, an->nphases);
	if (phase < 0 && (an->nwin == 0 || an->win[an->nwin - 1].kind != 0))
		return tides_fail(an->ctx, TIDES_ERR_USAGE, "no --from/--to window");
	if (json)
		fprintf(out, "{\"dyad\":\"%s,%s\",\"measure\":\"%s\",\"phases\":%zu,\"windows\":[",
		        an->a, an->b, tides_measure_name(an->o.measure), an->nphases);
	for (i = 0; i < an->nwin; i++) {
		rp_window *w = &an->win[i];
		if (phase > 0 && w->phase != phase)
			continue;
		if (phase == 0 && w->kind >= 0)
			continue;
		if (phase < 0 && w->kind != 0)
			continue;
		if (json) {
			if (nout)
				fputc(',', out);
			write_json(an, out, w);
		} else {
			if (nout)
				fputc('\n', out);
			write_text(an, out, w);
		}
		nout++;
	}
	if (json)
		fprintf(out, "]}\n");
	else if (nout == 0)
		fprintf(out, "no contraction phase in the series (%zu turning points)\n", an->nturns);
	return TIDES_OK;
}

/* Rank (1-based) of an issue among a window's sorted issues that have a
 * part of the window's sign; 0 when it is not among them. */
size_t rp_issue_rank(const rp_window *w, const char *name)
{
	size_t i, r = 0;
	for (i = 0; i < w->niss; i++) {
		if ((w->kind < 0 && w->iss[i].neg >= 0) || (w->kind > 0 && w->iss[i].pos <= 0))
			continue;
		r++;
		if (strcmp(w->iss[i].name, name) == 0)
			return r;
	}
	return 0;
}

tides_status tides_report_write_summary(tides_analysis *an, FILE *out, size_t top)
{
	const char *const *claimed = rp_claimed_drivers;
	char l[16], d1[11], d2[11];
	size_t i, j, ndown = 0;
	long nev = 0;

	for (i = 0; i < an->s.n; i++)
		nev += an->nev[i];
	fprintf(out, "%s,%s %s by %s: %zu periods %s .. %s, %ld events",
	        an->a, an->b, tides_measure_name(an->o.measure), rp_by_name(an->s.by), an->s.n, rp_period_label(an, 0, d1, sizeof d1),
	        rp_period_label(an, an->s.n - 1, d2, sizeof d2), nev);
	if (an->s.ninterpolated)
		fprintf(out, " (%zu empty periods interpolated)", an->s.ninterpolated);
	if (an->o.smooth > 0)
		fprintf(out, ", smoothed with a %d-period moving average", an->o.smooth);
	else if (an->o.smooth < 0)
		fprintf(out, ", smoothed with Spencer's curve");
	fprintf(out, "\n\nturning points (%zu):", an->nturns);
	for (i = 0; i < an->nturns; i++)
		fprintf(out, "%s %s %s %.3f", i % 4 ? ";" : "\n ", rp_period_label(an, an->turns[i].index,
		        l, sizeof l), an->turns[i].kind > 0 ? "peak" : "trough",
		        an->y[an->turns[i].index]);
	fputc('\n', out);
	if (an->nper) {
		fprintf(out, "\nperiods (started high = first value above the period mean; ended low ="
		             " last value below the mean and below the first):\n");
		for (i = 0; i < an->nper; i++) {
			const rp_period *p = &an->per[i];
			tides_date_format(p->start, d1);
			tides_date_format(p->end, d2);
			if (!p->has) {
				fprintf(out, "  %-10s %s .. %s  no data\n", p->name, d1, d2);
				continue;
			}
			fprintf(out, "  %-10s %s .. %s  start %+.3f  end %+.3f  mean %+.3f  low %+.3f"
			             "  started high: %s, ended low: %s%s\n",
			        p->name, d1, d2, p->start_value, p->end_value, p->mean, p->min,
			        p->high_start ? "yes" : "no", p->low_end ? "yes" : "no",
			        p->lower_low == 1 ? ", low below the previous period's" :
			        p->lower_low == 0 ? ", low NOT below the previous period's" : "");
		}
		fprintf(out, "  each low lower than the last: %s\n",
		        an->descending_lows < 0 ? "n/a" : an->descending_lows ? "yes" : "no");
	}
	fprintf(out, "\ndownturns (contraction phases) and their top drivers (issues ranked by their "
	             "negative part, from the raw events of the window; [RAW TOTAL POSITIVE]: the "
	             "window's events add up to a positive Goldstein total, the fall is in the dated "
	             "index, not in the sum of the events):\n");
	for (i = 0; i < an->nwin; i++) {
		rp_window *w = &an->win[i];
		rp_issue fam[32];
		size_t nf, k = 0;
		double sh;
		if (w->kind >= 0)
			continue;
		ndown++;
		rp_sort_window(w);
		fprintf(out, "  %s .. %s  change %+.3f, %ld events, raw Goldstein total %+.1f "
		             "(negative %.1f)%s:",
		        rp_period_label(an, w->turn_from, d1, sizeof d1),
		        rp_period_label(an, w->turn_to, d2, sizeof d2),
		        an->y[w->turn_to] - an->y[w->turn_from], w->n, w->sum, w->neg,
		        rp_window_flag(w) ? " [RAW TOTAL POSITIVE]" : "");
		for (j = 0; j < w->niss && k < top; j++) {
			if (w->iss[j].neg >= 0)
				break;
			sh = rp_share(w, w->iss, w->niss, &w->iss[j]);
			fprintf(out, "%s %s %.1f (%.0f%%)", k ? "," : "", w->iss[j].name, w->iss[j].neg,
			        isfinite(sh) ? 100 * sh : 0.0);
			k++;
		}
		if (k == 0)
			fprintf(out, " no issue with negative weight");
		nf = families(w, fam, 32);
		fprintf(out, "\n    families:");
		for (j = 0, k = 0; j < nf && k < 3; j++) {
			if (fam[j].neg >= 0)
				break;
			sh = rp_share(w, fam, nf, &fam[j]);
			fprintf(out, "%s %s %.0f%%", k ? "," : "", fam[j].name, isfinite(sh) ? 100 * sh : 0);
			k++;
		}
		if (k == 0)
			fprintf(out, " none with negative weight");
		fprintf(out, "\n    claimed drivers, rank among the negative issues:");
		for (j = 0; j < 3; j++) {
			size_t r = rp_issue_rank(w, claimed[j]);
			if (r)
				fprintf(out, " %s #%zu", claimed[j], r);
			else
				fprintf(out, " %s -", claimed[j]);
		}
		fputc('\n', out);
	}
	if (ndown == 0)
		fprintf(out, "  none dated\n");
	return TIDES_OK;
}
