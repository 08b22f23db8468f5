/*
 * drivers.c — the drivers of each phase as text or JSON, and the plain-text
 * summary of an analysis (what `make demo` prints).
 *
 * Ranking: in a contraction the issues that pulled the index down come
 * first (most negative Goldstein sum), in an expansion those that pushed it
 * up; an explicit window ranks by absolute sum.  A share is an issue's (or
 * family's) part of the window's weight of the same sign — in a downturn,
 * of all the negative weight — so shares of one sign add up to 100%.
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

typedef struct fam_sum {
	char name[32];
	double sum;
	long n;
} fam_sum;

static double rank_key(double sum, int kind)
{
	return kind < 0 ? sum : kind > 0 ? -sum : -fabs(sum);
}

/* Insertion sorts (the lists are a few dozen long; qsort has no user data
 * for the window's sign). */
void rp_sort_window(rp_window *w)
{
	size_t i, j;
	for (i = 1; i < w->niss; i++) {
		rp_issue x = w->iss[i];
		double kx = rank_key(x.sum, w->kind);
		for (j = i; j > 0; j--) {
			double kj = rank_key(w->iss[j - 1].sum, w->kind);
			if (kj < kx || (kj == kx && strcmp(w->iss[j - 1].name, x.name) <= 0))
				break;
			w->iss[j] = w->iss[j - 1];
		}
		w->iss[j] = x;
	}
}

static void sort_fam(fam_sum *v, size_t n, int kind)
{
	size_t i, j;
	for (i = 1; i < n; i++) {
		fam_sum x = v[i];
		double kx = rank_key(x.sum, kind);
		for (j = i; j > 0; j--) {
			double kj = rank_key(v[j - 1].sum, kind);
			if (kj < kx || (kj == kx && strcmp(v[j - 1].name, x.name) <= 0))
				break;
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
}

/* Families of a window, sorted like its issues; returns the count. */
static size_t families(const rp_window *w, fam_sum *out, size_t max)
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
		out[j].n += w->iss[i].n;
	}
	sort_fam(out, n, w->kind);
	return n;
}

/* Share of a sum among the sums of the same sign (explicit windows: of all
 * absolute weight).  NAN when it has the other sign. */
static double share(const rp_window *w, double sum)
{
	double tot = 0;
	size_t i;
	for (i = 0; i < w->niss; i++) {
		double s = w->iss[i].sum;
		if (w->kind == 0)
			tot += fabs(s);
		else if ((w->kind < 0 && s < 0) || (w->kind > 0 && s > 0))
			tot += fabs(s);
	}
	if (w->kind < 0 && sum >= 0)
		return NAN;
	if (w->kind > 0 && sum <= 0)
		return NAN;
	return tot > 0 ? fabs(sum) / tot : NAN;
}

/* The same among family sums (a family's net sum mixes the signs of its
 * issues, so its share is taken among families, not issues). */
static double fam_share(int kind, const fam_sum *fam, size_t nf, double sum)
{
	double tot = 0;
	size_t i;
	for (i = 0; i < nf; i++) {
		double s = fam[i].sum;
		if (kind == 0 || (kind < 0 && s < 0) || (kind > 0 && s > 0))
			tot += fabs(s);
	}
	if ((kind < 0 && sum >= 0) || (kind > 0 && sum <= 0))
		return NAN;
	return tot > 0 ? fabs(sum) / tot : NAN;
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

static void write_text(tides_analysis *an, FILE *out, rp_window *w)
{
	char head[256];
	fam_sum fam[32];
	size_t nf, i;
	rp_sort_window(w);
	window_head(an, w, head, sizeof head);
	fprintf(out, "%s\n", head);
	fprintf(out, "  events: %ld, Goldstein sum %.2f\n", w->n, w->sum);
	nf = families(w, fam, 32);
	fprintf(out, "  families:\n");
	for (i = 0; i < nf; i++) {
		double sh = fam_share(w->kind, fam, nf, fam[i].sum);
		fprintf(out, "    %-14s %8.2f", fam[i].name, fam[i].sum);
		if (isfinite(sh))
			fprintf(out, "  %5.1f%%", 100 * sh);
		fputc('\n', out);
	}
	fprintf(out, "  issues:\n");
	for (i = 0; i < w->niss; i++) {
		double sh = share(w, w->iss[i].sum);
		fprintf(out, "    %-20s %-12s n=%-4ld %8.2f", w->iss[i].name, w->iss[i].family,
		        w->iss[i].n, w->iss[i].sum);
		if (isfinite(sh))
			fprintf(out, "  %5.1f%%", 100 * sh);
		fputc('\n', out);
	}
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

static void write_json(tides_analysis *an, FILE *out, rp_window *w)
{
	fam_sum fam[32];
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
	fprintf(out, ",\"events\":%ld,\"goldstein_sum\":", w->n);
	rp_json_num(out, w->sum);
	fprintf(out, ",\"families\":[");
	nf = families(w, fam, 32);
	for (i = 0; i < nf; i++) {
		fprintf(out, "%s{\"family\":", i ? "," : "");
		rp_json_str(out, fam[i].name);
		fprintf(out, ",\"sum\":");
		rp_json_num(out, fam[i].sum);
		fprintf(out, ",\"share\":");
		rp_json_num(out, fam_share(w->kind, fam, nf, fam[i].sum));
		fputc('}', out);
	}
	fprintf(out, "],\"issues\":[");
	for (i = 0; i < w->niss; i++) {
		fprintf(out, "%s{\"issue\":", i ? "," : "");
		rp_json_str(out, w->iss[i].name);
		fprintf(out, ",\"family\":");
		rp_json_str(out, w->iss[i].family);
		fprintf(out, ",\"n\":%ld,\"sum\":", w->iss[i].n);
		rp_json_num(out, w->iss[i].sum);
		fprintf(out, ",\"share\":");
		rp_json_num(out, share(w, w->iss[i].sum));
		fputc('}', out);
	}
	fprintf(out, "],\"top_events\":[");
	for (i = 0; i < w->top.n; i++) {
		const rp_kept *k = &w->top.v[i];
		fprintf(out, "%s{\"date\":\"%s\",\"source\":", i ? "," : "", k->ev.date);
		rp_json_str(out, k->ev.source);
		fprintf(out, ",\"target\":");
		rp_json_str(out, k->ev.target);
		fprintf(out, ",\"code\":");
		rp_json_str(out, k->ev.code);
		fprintf(out, ",\"goldstein\":");
		rp_json_num(out, k->ev.goldstein);
		fprintf(out, ",\"issues\":");
		rp_json_str(out, k->issues);
		fprintf(out, ",\"doc_id\":");
		rp_json_str(out, k->ev.doc_id);
		fprintf(out, ",\"sentence\":%d,\"text\":", k->ev.sentence);
		if (k->text)
			rp_json_str(out, k->text);
		else
			fputs("null", out);
		fputc('}', out);
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

/* Rank (1-based) of an issue among a window's issues that have the window's
 * sign; 0 when it is not among them. */
size_t rp_issue_rank(const rp_window *w, const char *name)
{
	size_t i, r = 0;
	for (i = 0; i < w->niss; i++) {
		double s = w->iss[i].sum;
		if ((w->kind < 0 && s >= 0) || (w->kind > 0 && s <= 0))
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
	        an->a, an->b, tides_measure_name(an->o.measure),
	        an->s.by == TIDES_BY_MONTH ? "month" : an->s.by == TIDES_BY_QUARTER ? "quarter"
	        : an->s.by == TIDES_BY_YEAR ? "year" : an->s.by == TIDES_BY_WEEK ? "week" : "day",
	        an->s.n, rp_period_label(an, 0, d1, sizeof d1),
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
	fprintf(out, "\ndownturns (contraction phases) and their top drivers:\n");
	for (i = 0; i < an->nwin; i++) {
		rp_window *w = &an->win[i];
		fam_sum fam[32];
		size_t nf, k = 0;
		double sh;
		if (w->kind >= 0)
			continue;
		ndown++;
		rp_sort_window(w);
		fprintf(out, "  %s .. %s  change %+.3f, %ld events:",
		        rp_period_label(an, w->turn_from, d1, sizeof d1),
		        rp_period_label(an, w->turn_to, d2, sizeof d2),
		        an->y[w->turn_to] - an->y[w->turn_from], w->n);
		for (j = 0; j < w->niss && k < top; j++) {
			if (w->iss[j].sum >= 0)
				break;
			sh = share(w, w->iss[j].sum);
			fprintf(out, "%s %s %.1f (%.0f%%)", k ? "," : "", w->iss[j].name, w->iss[j].sum,
			        isfinite(sh) ? 100 * sh : 0.0);
			k++;
		}
		if (k == 0)
			fprintf(out, " no issue with negative weight");
		nf = families(w, fam, 32);
		fprintf(out, "\n    families:");
		for (j = 0, k = 0; j < nf && k < 3; j++) {
			if (fam[j].sum >= 0)
				break;
			sh = fam_share(w->kind, fam, nf, fam[j].sum);
			fprintf(out, "%s %s %.0f%%", k ? "," : "", fam[j].name, isfinite(sh) ? 100 * sh : 0);
			k++;
		}
		if (k == 0)
			fprintf(out, " none with a negative net weight");
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
