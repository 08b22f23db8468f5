/* test-report.c — the analysis (drivers, periods) and the HTML report over
 * events made here, read through an in-memory scan function. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tides.h"
#include "util/mem.h"
#include "test.h"

typedef struct evset {
	tides_event *v;
	size_t n;
} evset;

static tides_status mem_scan(void *src, const tides_event_filter *f, tides_event_fn fn, void *ud)
{
	evset *s = src;
	size_t i;
	for (i = 0; i < s->n; i++) {
		if (f->from && strcmp(s->v[i].date, f->from) < 0)
			continue;
		if (f->to && strcmp(s->v[i].date, f->to) > 0)
			continue;
		if (fn(ud, &s->v[i]))
			break;
	}
	return TIDES_OK;
}

/* Sentence text: doc "d<N>" -> a sentence with markup-like characters. */
static int mem_sentence(void *ud, const char *doc, int sent, char *buf, size_t cap)
{
	(void)ud;
	if (doc[0] != 'd')
		return 0;
	if (strcmp(doc, "d-nato") == 0)
		snprintf(buf, cap, "Russia warned against NATO expansion </script><b>&\"x\"</b> (%d)", sent);
	else if (strcmp(doc, "d-sanc") == 0)
		snprintf(buf, cap, "Washington imposed new sanctions on Moscow.");
	else
		snprintf(buf, cap, "The two presidents met (%s).", doc);
	return 1;
}

static void add(evset *s, const char *date, const char *src, const char *tgt, double g,
                const char *issues, const char *doc)
{
	tides_event *e = &s->v[s->n++];
	tides_event_init(e);
	snprintf(e->date, sizeof e->date, "%s", date);
	snprintf(e->source, sizeof e->source, "%s", src);
	snprintf(e->target, sizeof e->target, "%s", tgt);
	snprintf(e->code, sizeof e->code, "%s", g < 0 ? "111" : "040");
	e->goldstein = g;
	snprintf(e->issues, sizeof e->issues, "%s", issues);
	snprintf(e->doc_id, sizeof e->doc_id, "%s", doc);
	e->sentence = 1;
}

/* 72 months, 2000-01 .. 2005-12: a cycle of 24 months (peaks at m = 6,
 * 30, 54).  The falling half of each cycle carries NATO events (stored
 * issue NATO_ENLARGEMENT) and sanctions; the rising half summits.
 *
 * `positive`: a relationship that only ever cooperates, more in some months
 * than in others: the index (mean Goldstein) still has cycles, but every
 * downturn's raw events add up to a positive total.  NATO_ENLARGEMENT is
 * -1 every month; in the second downturn ECONOMY has -20 and +30 the same
 * day (net +10: more conflict than NATO's -12, yet a positive net). */
static void build_cycle(evset *s, int positive)
{
	int m;
	s->v = calloc(400, sizeof *s->v);
	s->n = 0;
	for (m = 0; m < 72; m++) {
		char d[11];
		double level = (positive ? 5 : 0) + 4 * cos(2 * M_PI * (m - 6) / 24.0);
		snprintf(d, sizeof d, "%04d-%02d-15", 2000 + m / 12, m % 12 + 1);
		add(s, d, "USAGOV", "RUSGOV", level + 1, "", "d-meet");
		if (positive) {
			add(s, d, "RUSGOV", "USAGOV", -1, "NATO_ENLARGEMENT", "d-nato");
			if (m == 33) {
				add(s, d, "USA", "RUS", -20, "ECONOMY", "d-sanc");
				add(s, d, "RUS", "USA", 30, "ECONOMY", "d-meet");
			}
			continue;
		}
		add(s, d, "RUSGOV", "USAGOV", level - 1, level < 0 ? "NATO_ENLARGEMENT" : "", "d-nato");
		if (level < -2)
			add(s, d, "USA", "RUS", -8, "SANCTIONS,ECONOMY", "d-sanc");
		add(s, d, "USA", "CHN", -10, "X", "d-other"); /* another dyad: ignored */
	}
}

static char *render(tides_analysis *an, int what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (what == 0)
		tides_report_write_html(an, f, NULL);
	else if (what == 1)
		tides_drivers_write(an, f, 0, 0);
	else if (what == 2)
		tides_drivers_write(an, f, 1, 0);
	else
		tides_report_write_summary(an, f, 3);
	fclose(f);
	return buf;
}

/* Options for the dyad USA,RUS with the defaults. */
static void usa_rus(tides_analysis_opts *o)
{
	tides_analysis_opts_init(o);
	o->a = "USA";
	o->b = "RUS";
}

/* Writes a periods CSV into a fresh file named after tmpl (XXXXXX). */
static void write_periods(char *tmpl, const char *csv)
{
	int fd = mkstemp(tmpl);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f) {
		fputs(csv, f);
		fclose(f);
	}
}

/* Every output of an analysis: drivers text and JSON, page, summary. */
typedef struct outputs {
	char *txt, *json, *html, *sum;
} outputs;

static void render_all(tides_analysis *an, outputs *r)
{
	r->txt = render(an, 1);
	r->json = render(an, 2);
	r->html = render(an, 0);
	r->sum = render(an, 3);
}

static void outputs_free(outputs *r)
{
	free(r->txt);
	free(r->json);
	free(r->html);
	free(r->sum);
}

/* The fixture of every test: a context, the options (USA,RUS), the
 * events of build_cycle and the analysis once run. */
typedef struct fixture {
	tides_ctx *ctx;
	tides_analysis_opts o;
	tides_analysis *an;
	evset s;
} fixture;

static void fx_open(fixture *x, int positive)
{
	x->ctx = tides_ctx_new();
	x->an = NULL;
	build_cycle(&x->s, positive);
	usa_rus(&x->o);
}

static tides_status fx_run(fixture *x)
{
	return tides_analysis_run(x->ctx, &x->o, mem_scan, &x->s, &x->an);
}

static void fx_close(fixture *x)
{
	tides_analysis_free(x->an);
	free(x->s.v);
	tides_ctx_free(x->ctx);
}

static const char *PERIODS_CSV = "name,start,end\nFirst,2000-01-01,2001-12-31\n"
                                 "Second,2002-01-01,2003-12-31\nThird,2004-01-01,2005-12-31\n";

static void test_analysis_and_report(void)
{
	fixture fix;
	char *html, *txt, *json, *sum;
	char per[] = "/tmp/tides-test-periods-XXXXXX";
	write_periods(per, PERIODS_CSV);

	fx_open(&fix, 0);
	fix.o.periods = per;
	fix.o.sentence = mem_sentence;
	T_INTEQ(fx_run(&fix), TIDES_OK);
	if (!fix.an) { fprintf(stderr, "%s\n", tides_errmsg(fix.ctx)); goto out; }
	T_CHECK(tides_analysis_nphases(fix.an) >= 4);

	txt = render(fix.an, 1);
	/* the first contraction: peak 2000-07 -> trough 2001-07 */
	T_CHECK(strstr(txt, "phase 1: contraction 2000-08-01 .. 2001-07-31: peak 2000-07") != NULL);
	/* its biggest negative issue is NATO; sanctions events split -8 between
	 * SANCTIONS and ECONOMY: 4 events, -16 each */
	{
		const char *iss = strstr(txt, "  issues:\n");
		T_CHECK(iss && strncmp(iss + 10, "    NATO_ENLARGEMENT", 20) == 0);
		T_CHECK(iss && strstr(iss, "ECONOMY              other        n=4      -16.00") != NULL);
	}
	T_CHECK(strstr(txt, "Russia warned against NATO expansion") != NULL);
	T_CHECK(strstr(txt, "CHN") == NULL);
	T_CHECK(strstr(txt, "flag:") == NULL); /* its downturns fall in their raw events too */
	html = render(fix.an, 0);
	T_CHECK(strstr(html, "data-flag=") == NULL && strstr(html, "raw-total-positive") == NULL);
	free(html);
	json = render(fix.an, 2);
	T_CHECK(strncmp(json, "{\"dyad\":\"USA,RUS\",\"measure\":\"goldstein-mean\"", 44) == 0);
	T_CHECK(strstr(json, "\\u003c/script\\u003e") != NULL);
	T_CHECK(strstr(json, "</script>") == NULL);

	html = render(fix.an, 0);
	T_CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	T_CHECK(strstr(html, "<svg id=\"tides-chart\"") != NULL);
	T_CHECK(strstr(html, "<path id=\"index-line\" class=\"dated\" d=\"M") != NULL);
	T_CHECK(strstr(html, "class=\"contraction\"") != NULL);
	T_CHECK(strstr(html, "<circle class=\"peak\"") != NULL);
	T_CHECK(strstr(html, "<circle class=\"trough\"") != NULL);
	T_CHECK(strstr(html, ">Second</text>") != NULL);
	/* data escaped in the JSON and in the tables; one closing tag per script */
	T_CHECK(strstr(html, "</script><b>") == NULL);
	T_CHECK(strstr(html, "&lt;/script&gt;&lt;b&gt;&amp;&quot;x&quot;") != NULL);
	{
		size_t opens = 0, closes = 0;
		const char *p;
		for (p = html; (p = strstr(p, "<script")); p++) opens++;
		for (p = html; (p = strstr(p, "</script>")); p++) closes++;
		T_INTEQ(opens, 2);
		T_INTEQ(closes, 2);
	}
	T_CHECK(strstr(html, "http://") == NULL || strstr(html, "http://www.w3.org/2000/svg"));
	T_CHECK(strstr(html, "src=") == NULL && strstr(html, "href=") == NULL);

	sum = render(fix.an, 3);
	T_CHECK(strstr(sum, "First      2000-01-01 .. 2001-12-31") != NULL);
	T_CHECK(strstr(sum, "each low lower than the last: no") != NULL); /* same level each cycle */
	T_CHECK(strstr(sum, "NATO_ENLARGEMENT #") != NULL);
	free(txt);
	free(json);
	free(html);
	free(sum);
out:
	fx_close(&fix);
	remove(per);
}

/* issue sums of a window add up to its Goldstein sum; --issues re-tags */
static void test_retag_and_sums(void)
{
	tides_issues *is = NULL;
	fixture fix;
	char *json;
	const char *dict = "nato n:expansion [NATO_ENLARGEMENT] structural\n"
	                   "n:sanction [SANCTIONS] economic\n"
	                   "n:president met [MEETINGS] economic\n"; /* mixed signs in one family */
	fx_open(&fix, 0);
	T_INTEQ(tides_issues_parse(fix.ctx, "d", dict, strlen(dict), &is), TIDES_OK);
	fix.o.issues = is;
	fix.o.sentence = mem_sentence;
	fix.o.win_from = "2000-01-01";
	fix.o.win_to = "2000-12-31";
	T_INTEQ(fx_run(&fix), TIDES_OK);
	if (!fix.an) goto out;
	json = render(fix.an, 2);
	/* re-tagged: ECONOMY is gone, SANCTIONS has a family */
	T_CHECK(strstr(json, "\"issue\":\"ECONOMY\"") == NULL);
	T_CHECK(strstr(json, "{\"issue\":\"SANCTIONS\",\"family\":\"economic\"") != NULL);
	free(json);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		double total = 0, parts = 0;
		const char *p;
		T_INTEQ(tides_drivers_write(fix.an, f, 1, -1), TIDES_OK);
		fclose(f);
		p = strstr(buf, "\"goldstein_sum\":");
		T_CHECK(p != NULL);
		if (p)
			total = strtod(p + 16, NULL);
		for (p = strstr(buf, "\"issues\":["); p && (p = strstr(p, "\"sum\":")); p += 6)
			parts += strtod(p + 6, NULL);
		T_NEAR(parts, total, 1e-3);
		T_CHECK(fabs(total) > 1);
		free(buf);
	}
	{
		/* family shares of a downturn add up to 100% among the negative ones */
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		const char *p, *end;
		double sh = 0;
		T_INTEQ(tides_drivers_write(fix.an, f, 1, 1), TIDES_OK);
		fclose(f);
		p = strstr(buf, "\"families\":[");
		end = p ? strstr(p, "],\"issues\"") : NULL;
		T_CHECK(p && end);
		for (; p && end && (p = strstr(p, "\"share\":")) && p < end; p += 8)
			if (strncmp(p + 8, "null", 4) != 0)
				sh += strtod(p + 8, NULL);
		T_NEAR(sh, 1.0, 1e-4);
		free(buf);
	}
	{
		FILE *f = fopen("/dev/null", "w");
		T_INTEQ(tides_drivers_write(fix.an, f, 0, 99), TIDES_ERR_NOTFOUND);
		fclose(f);
	}
out:
	fx_close(&fix);
	tides_issues_free(is);
}

/* the page ranks a downturn's issues by itself (it used to print them in
 * the order they were met unless the drivers text had been written first) */
static void test_html_ranks_drivers(void)
{
	fixture fix;
	char *html;
	const char *t;
	fx_open(&fix, 0);
	T_INTEQ(fx_run(&fix), TIDES_OK);
	if (!fix.an) goto out;
	html = render(fix.an, 0);
	t = strstr(html, "<table class=\"drivers\">");
	T_CHECK(t && strstr(t, "</th></tr>\n<tr><td>NATO_ENLARGEMENT</td>") ==
	             strstr(t, "</th></tr>\n"));
	T_CHECK(strstr(html, "Rank of the claimed drivers among the issues with negative weight: "
	                     "NATO_ENLARGEMENT #1, MISSILE_DEFENSE &ndash;") != NULL);
	free(html);
out:
	fx_close(&fix);
}

/* build_cycle(positive): the drivers must flag the downturns whose raw
 * events add up to a positive total instead of presenting them as driven
 * by conflict, and rank issues by their negative part. */
static void test_flag_raw_total_positive(void)
{
	fixture fix;
	outputs r;
	const char *p;
	fx_open(&fix, 1);
	fix.o.smooth = 3;
	T_INTEQ(fx_run(&fix), TIDES_OK);
	if (!fix.an) goto out;
	render_all(fix.an, &r);
	/* the first downturn is dated peak 2000-07 -> trough 2001-07, yet its
	 * events add up to a positive total: flagged */
	p = strstr(r.txt, "phase 1: contraction 2000-08-01 .. 2001-07-31: peak 2000-07");
	T_CHECK(p != NULL);
	T_CHECK(p && strstr(p, "\n  flag: raw-total-positive: ") == strchr(strchr(p, '\n') + 1, '\n'));
	T_CHECK(strstr(r.json, "\"kind\":\"contraction\"") != NULL);
	T_CHECK(strstr(r.json, "\"flag\":\"raw-total-positive\"") != NULL);
	T_CHECK(strstr(r.json, "\"flag\":null") == NULL); /* every downturn is flagged */
	/* raw total of the first downturn: 12 months of level + 1 and -1 */
	p = strstr(r.json, "\"goldstein_sum\":");
	T_CHECK(p && strtod(p + 16, NULL) > 50);
	T_CHECK(strstr(r.json, "\"negative_sum\":-12,") != NULL);
	T_CHECK(strstr(r.json, "\"negative_sum\":-32,") != NULL); /* -12 NATO, -20 ECONOMY */
	/* ranked by negative part: ECONOMY (-20 of -32) before NATO (-12) */
	p = strstr(r.txt, "phase 3: contraction 2002-08-01 .. 2003-07-31: peak 2002-07");
	T_CHECK(p && strstr(p, "\n    ECONOMY ") != NULL);
	T_CHECK(strstr(r.json, "\"issues\":[{\"issue\":\"ECONOMY\",\"family\":\"other\",\"n\":2,"
	                       "\"sum\":10,\"negative\":-20,\"positive\":30,\"share\":0.625}") != NULL);
	T_CHECK(strstr(r.txt, "    ECONOMY              other        n=2      -20.00    30.00    10.00"
	                      "   62.5%\n    NATO_ENLARGEMENT     other        n=12     -12.00     0.00"
	                      "   -12.00   37.5%\n") != NULL);
	/* the page says so next to the downturn, and ranks the same way */
	p = strstr(r.html, "<h3 id=\"downturn-1\">");
	T_CHECK(p && strstr(p, "<p class=\"flag\" data-flag=\"raw-total-positive\"><b>Raw total "
	                         "positive.</b>") != NULL);
	p = strstr(r.html, "<h3 id=\"downturn-3\">");
	T_CHECK(p && strstr(p, "<table class=\"drivers\">") &&
	        strstr(p, "<table class=\"drivers\">") ==
	                 strstr(p, "<table class=\"drivers\"><tr><th>issue</th><th>family</th>"
	                           "<th>events</th><th>negative</th><th>positive</th><th>net</th>"
	                           "<th>share</th></tr>\n<tr><td>ECONOMY</td>"));
	/* the phase table and the chart's shading carry the flag too */
	T_CHECK(strstr(r.html, "<th>raw Goldstein total</th><th>flag</th></tr>\n<tr><td>1</td>"
	                       "<td>contraction</td>") != NULL);
	T_CHECK(strstr(r.html, "<td>raw-total-positive</td></tr>") != NULL);
	T_CHECK(strstr(r.html, "<rect class=\"contraction\" data-flag=\"raw-total-positive\"") != NULL);
	T_CHECK(strstr(r.sum, "[RAW TOTAL POSITIVE]: ECONOMY -20.0 (62%), NATO_ENLARGEMENT -12.0 (38%)")
	        != NULL);
	T_CHECK(strstr(r.sum, "NATO_ENLARGEMENT #2") != NULL);
	outputs_free(&r);
out:
	fx_close(&fix);
}

static void test_errors(void)
{
	fixture fix;
	char per[] = "/tmp/tides-test-periods-XXXXXX";
	write_periods(per, "name,start,end\nA,2000-01-01,2000-13-01\n");
	fx_open(&fix, 0);
	fix.o.b = "JPN";
	T_INTEQ(fx_run(&fix), TIDES_ERR_NOTFOUND);
	T_STREQ(tides_errmsg(fix.ctx), "no events of the dyad USA,JPN");
	fix.o.b = "RUS";
	fix.o.periods = per;
	T_INTEQ(fx_run(&fix), TIDES_ERR_DATA);
	{
		char want[128];
		snprintf(want, sizeof want, "%s:2: bad date '2000-13-01'", per);
		T_STREQ(tides_errmsg(fix.ctx), want);
	}
	T_CHECK(fix.an == NULL);
	/* out of memory anywhere: a clean error, never a crash or a leak */
	{
		long n, total;
		tides_mem_fail_after(-1);
		fix.o.periods = NULL;
		total = tides_mem_count();
		T_INTEQ(fx_run(&fix), TIDES_OK);
		tides_analysis_free(fix.an);
		total = tides_mem_count() - total;
		for (n = 0; n < total; n += 1 + total / 200) {
			tides_status st;
			fix.an = NULL;
			tides_mem_fail_after(n);
			st = fx_run(&fix);
			tides_mem_fail_after(-1);
			T_CHECK(st == TIDES_OK || st == TIDES_ERR_NOMEM);
			tides_analysis_free(fix.an);
		}
	}
	fix.an = NULL;
	fx_close(&fix);
	remove(per);
}

int main(void)
{
	T_RUN(test_analysis_and_report);
	T_RUN(test_retag_and_sums);
	T_RUN(test_html_ranks_drivers);
	T_RUN(test_flag_raw_total_positive);
	T_RUN(test_errors);
	return t_done();
}
