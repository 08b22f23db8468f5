/* test-writer-line.c — the in-memory event line (text_event_line, used by
 * tides_event_write_* and the workers of `code --threads`) against a
 * reference written the old way with stdio, on edge values: control bytes,
 * DEL, every field full of the worst escapes, extreme numbers. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tides.h"
#include "text/text.h"
#include "util/buf.h"
#include "test.h"

/* the reference: fprintf / fputc, as writer.c wrote events before */
static void ref_tsv_field(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\r')
			fputs("\\r", out);
		else if (*s == '\\')
			fputs("\\\\", out);
		else
			fputc(*s, out);
	}
}

static void ref_tsv(FILE *out, const tides_event *ev)
{
	const char *f1[] = { ev->event_id, ev->date, ev->source, ev->target, ev->code, ev->root };
	const char *f2[] = { ev->source_text, ev->verb_text, ev->target_text };
	size_t i;
	for (i = 0; i < 6; i++) {
		ref_tsv_field(out, f1[i]);
		fputc('\t', out);
	}
	if (ev->quad >= 1 && ev->quad <= 4)
		fprintf(out, "%d", ev->quad);
	fputc('\t', out);
	if (!isnan(ev->goldstein))
		fprintf(out, "%.1f", ev->goldstein);
	fputc('\t', out);
	ref_tsv_field(out, ev->issues);
	fputc('\t', out);
	ref_tsv_field(out, ev->doc_id);
	fprintf(out, "\t%d\t", ev->sentence);
	ref_tsv_field(out, ev->lang);
	for (i = 0; i < 3; i++) {
		fputc('\t', out);
		ref_tsv_field(out, f2[i]);
	}
	fputc('\n', out);
}

static void ref_json_str(FILE *out, const char *name, const char *s, int comma)
{
	fprintf(out, "%s\"%s\":\"", comma ? "," : "", name);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"')
			fputs("\\\"", out);
		else if (c == '\\')
			fputs("\\\\", out);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void ref_jsonl(FILE *out, const tides_event *ev)
{
	fputc('{', out);
	ref_json_str(out, "event_id", ev->event_id, 0);
	ref_json_str(out, "date", ev->date, 1);
	ref_json_str(out, "source", ev->source, 1);
	ref_json_str(out, "target", ev->target, 1);
	ref_json_str(out, "code", ev->code, 1);
	ref_json_str(out, "root", ev->root, 1);
	if (ev->quad >= 1 && ev->quad <= 4)
		fprintf(out, ",\"quad\":%d", ev->quad);
	else
		fputs(",\"quad\":null", out);
	if (!isnan(ev->goldstein) && !isinf(ev->goldstein))
		fprintf(out, ",\"goldstein\":%.1f", ev->goldstein);
	else
		fputs(",\"goldstein\":null", out);
	ref_json_str(out, "issues", ev->issues, 1);
	ref_json_str(out, "doc_id", ev->doc_id, 1);
	fprintf(out, ",\"sentence\":%d", ev->sentence);
	ref_json_str(out, "lang", ev->lang, 1);
	ref_json_str(out, "source_text", ev->source_text, 1);
	ref_json_str(out, "verb_text", ev->verb_text, 1);
	ref_json_str(out, "target_text", ev->target_text, 1);
	fputs("}\n", out);
}

static char *slurp(void (*fn)(FILE *, const tides_event *), const tides_event *ev, size_t *n)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, n);
	if (!f)
		return NULL;
	fn(f, ev);
	fclose(f);
	return s;
}

/* the line, the public FILE writers and a tides_buf append all give the
 * reference's bytes */
static void same(const tides_event *ev)
{
	static char line[TEXT_EVENT_LINE_MAX + 1];
	int jsonl;
	for (jsonl = 0; jsonl < 2; jsonl++) {
		size_t rn, pn, n;
		char *ref = slurp(jsonl ? ref_jsonl : ref_tsv, ev, &rn);
		char *pub = slurp(jsonl ? tides_event_write_jsonl : tides_event_write_tsv, ev, &pn);
		tides_buf b;
		T_CHECK(ref != NULL && pub != NULL);
		if (!ref || !pub)
			return;
		memset(line, 'Z', sizeof line);
		n = text_event_line(line, ev, jsonl);
		T_CHECK(n <= TEXT_EVENT_LINE_MAX);
		T_CHECK(line[TEXT_EVENT_LINE_MAX] == 'Z');
		T_INTEQ((int)n, (int)rn);
		T_CHECK(n == rn && memcmp(line, ref, n) == 0);
		T_CHECK(pn == rn && memcmp(pub, ref, rn) == 0);
		tides_buf_init(&b);
		T_INTEQ(tides_buf_adds(&b, "x"), 0);
		T_INTEQ(text_event_append(&b, ev, jsonl), 0);
		T_INTEQ(text_event_append(&b, ev, jsonl), 0);
		T_CHECK(b.len == 1 + 2 * rn && memcmp(b.s + 1, ref, rn) == 0 &&
		        memcmp(b.s + 1 + rn, ref, rn) == 0 && b.s[b.len] == '\0');
		tides_buf_release(&b);
		free(ref);
		free(pub);
	}
}

static void fill_all(char *s, size_t cap, const char *pat)
{
	size_t i, k = strlen(pat);
	for (i = 0; i + 1 < cap; i++)
		s[i] = pat[i % k];
	s[cap - 1] = '\0';
}

static void test_plain(void)
{
	tides_event ev;
	tides_event_init(&ev);
	same(&ev); /* all empty, unknown quad and goldstein */
	memcpy(ev.date, "2014-03-16", 11);
	memcpy(ev.source, "RUS", 4);
	memcpy(ev.target, "UKRGOV", 7);
	memcpy(ev.code, "1823", 5);
	memcpy(ev.root, "18", 3);
	memcpy(ev.doc_id, "A1", 3);
	memcpy(ev.lang, "en", 3);
	snprintf(ev.source_text, sizeof ev.source_text, "%s", "Russia \"x\" \xc3\xa9");
	ev.quad = 4;
	ev.goldstein = -10.0;
	ev.sentence = 2;
	tides_event_make_id(&ev);
	same(&ev);
	ev.goldstein = 0.05; /* rounding as printf rounds */
	same(&ev);
	ev.goldstein = -0.04;
	same(&ev);
	ev.goldstein = 3.25;
	same(&ev);
}

static void test_numbers(void)
{
	tides_event ev;
	const double g[] = { 1e300, -1.7976931348623157e308, INFINITY, -INFINITY, 9.95, -0.0 };
	const int sn[] = { 0, -1, 10, 99999, INT_MAX, INT_MIN };
	const int quads[] = { 0, 1, 4, 5, -1 };
	size_t i;
	tides_event_init(&ev);
	for (i = 0; i < sizeof g / sizeof g[0]; i++) {
		ev.goldstein = g[i];
		same(&ev);
	}
	for (i = 0; i < sizeof sn / sizeof sn[0]; i++) {
		ev.sentence = sn[i];
		same(&ev);
	}
	for (i = 0; i < sizeof quads / sizeof quads[0]; i++) {
		ev.quad = quads[i];
		same(&ev);
	}
}

static void test_escapes(void)
{
	tides_event ev;
	tides_event_init(&ev);
	snprintf(ev.verb_text, sizeof ev.verb_text, "%s", "a\tb\nc\rd\\e\"f\x01g\x1fh\x7fi");
	same(&ev);
	/* every field full of bytes escaped at the worst: the bound holds */
	fill_all(ev.event_id, sizeof ev.event_id, "\x01");
	fill_all(ev.date, sizeof ev.date, "\x02");
	fill_all(ev.source, sizeof ev.source, "\x7f");
	fill_all(ev.target, sizeof ev.target, "\x1e");
	fill_all(ev.code, sizeof ev.code, "\x03");
	fill_all(ev.root, sizeof ev.root, "\x04");
	fill_all(ev.issues, sizeof ev.issues, "\x05");
	fill_all(ev.doc_id, sizeof ev.doc_id, "\x06");
	fill_all(ev.lang, sizeof ev.lang, "\x07");
	fill_all(ev.source_text, sizeof ev.source_text, "\x08");
	fill_all(ev.verb_text, sizeof ev.verb_text, "\x0b\\");
	fill_all(ev.target_text, sizeof ev.target_text, "\x0c\"");
	ev.goldstein = -1.7976931348623157e308;
	ev.sentence = INT_MIN;
	ev.quad = 3;
	same(&ev);
	fill_all(ev.source_text, sizeof ev.source_text, "\t\n\r\\");
	same(&ev);
}

/* The goldstein field of the TSV line against snprintf's "%.1f": writer.c
 * rounds values below 1e14 itself (exact midpoints to even, "-0.0"). */
static int gold_differs(tides_event *ev, double g, int verbose)
{
	static char line[TEXT_EVENT_LINE_MAX + 1];
	char want[400];
	const char *f;
	size_t n, i;
	int tabs = 0;
	ev->goldstein = g;
	n = text_event_line(line, ev, 0);
	line[n] = '\0';
	for (f = line, i = 0; i < n && tabs < 7; i++)
		if (line[i] == '\t' && ++tabs == 7)
			f = line + i + 1;
	snprintf(want, sizeof want, "%.1f", g);
	if (strncmp(f, want, strlen(want)) == 0 && f[strlen(want)] == '\t')
		return 0;
	if (verbose)
		fprintf(stderr, "goldstein %.17g: want %s, line has %.30s\n", g, want, f);
	return 1;
}

static unsigned long long rng_next(unsigned long long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_goldstein(void)
{
	tides_event ev;
	unsigned long long x = 88172645463325252ull;
	long k, bad = 0, tried = 0;
	int i, e;
	tides_event_init(&ev);
	/* every midpoint k / 20 up to +-1000 and its neighbours, one ulp apart */
	for (k = -20000; k <= 20000; k++) {
		double m = (double)k / 20.0;
		double v[3] = { m, nextafter(m, -INFINITY), nextafter(m, INFINITY) };
		for (i = 0; i < 3; i++, tried++)
			bad += gold_differs(&ev, v[i], bad < 5);
	}
	/* one-decimal values as dictionaries write them, and their sums */
	for (k = -100000; k <= 100000; k++, tried++)
		bad += gold_differs(&ev, (double)k / 10.0, bad < 5);
	/* random magnitudes up to and past the fast path's 1e14 */
	for (i = 0; i < 300000; i++, tried++) {
		double u = (double)(rng_next(&x) >> 11) / 9007199254740992.0;
		e = (int)(rng_next(&x) % 40) - 20;
		u = ldexp(u, e * 2);
		if (rng_next(&x) & 1)
			u = -u;
		bad += gold_differs(&ev, u, bad < 5);
	}
	{
		const double edge[] = { 0.0, -0.0, 0.04999999999999999, 0.05, -0.05, 0.25, 0.75, -0.25,
		                        99999999999999.98, 99999999999999.95, 1e14, -1e14, 999999999999999.9, 1e15 - 0.5,
		                        4503599627370495.5,
		                        5e-324, -5e-324, 1e-300, 9.95, 0.35, 0.45 };
		for (i = 0; i < (int)(sizeof edge / sizeof edge[0]); i++, tried++)
			bad += gold_differs(&ev, edge[i], bad < 5);
	}
	T_CHECK(tried > 500000);
	T_INTEQ((int)bad, 0);
}

int main(void)
{
	T_RUN(test_plain);
	T_RUN(test_numbers);
	T_RUN(test_goldstein);
	T_RUN(test_escapes);
	return t_done();
}
