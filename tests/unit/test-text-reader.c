/* test-text-reader.c — the readers on inputs written here: every format,
 * detection, bad bytes, huge lines, empty files, allocation failures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "util/mem.h"
#include "test.h"
#include "fixture.h"

static char tmpl[64];
static char path[128];
static t_warns warns;

static const char *write_file(const void *data, size_t n)
{
	return t_write_file(tmpl, "in", data, n, path, sizeof path);
}

/* Reads the whole file; joins "doc_id|sentence|date|text" lines into out. */
static int read_all(const char *data, size_t n, tides_input_format fmt, char *out, size_t cap,
                    int *nstories)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_reader *r = NULL;
	tides_reader_opts o;
	const tides_story *st;
	size_t len = 0, i;
	int rc = 0;
	memset(&o, 0, sizeof o);
	o.format = fmt;
	o.default_date = "2014-06-01";
	o.doc_id = "D";
	memset(&warns, 0, sizeof warns);
	*nstories = 0;
	out[0] = '\0';
	tides_ctx_set_warn(ctx, t_warn_cb, &warns);
	write_file(data, n);
	if (tides_reader_open(ctx, path, &o, &r) != TIDES_OK) {
		tides_ctx_free(ctx);
		return -1;
	}
	for (;;) {
		if (tides_reader_next(r, &st) != TIDES_OK) {
			rc = -1;
			break;
		}
		if (!st)
			break;
		(*nstories)++;
		for (i = 0; i < st->nsent; i++) {
			int k = snprintf(out + len, cap - len, "%s|%d|%s|%s\n", st->sent[i].doc_id,
			                 st->sent[i].sentence, st->sent[i].date, st->sent[i].text);
			if (k > 0 && (size_t)k < cap - len)
				len += (size_t)k;
			T_CHECK(strlen(st->sent[i].text) == st->sent[i].len);
		}
	}
	tides_reader_free(r);
	tides_ctx_free(ctx);
	return rc;
}

static void test_detect(void)
{
	static const struct { const char *in; tides_input_format f; } cases[] = {
		{ "{\"id\":\"a\",\"text\":\"x\"}\n", TIDES_IN_JSONL },
		{ "\xEF\xBB\xBF<Sentences>\n", TIDES_IN_PETRXML },
		{ "# c\n\n950101 DEMO-01\nArnor met Gondor.\n", TIDES_IN_TABARI },
		{ "20140316\tA\tArnor met Gondor.\n", TIDES_IN_LINES },
		{ "Arnor met Gondor.\nGondor left.\nRohan stayed.\n", TIDES_IN_LINES },
		{ "Arnor met Gondor and\nthen left.\n\nRohan stayed.\n", TIDES_IN_TEXT },
		/* a paragraph per line is prose, though every line ends a sentence */
		{ "Arnor met Gondor. It left.\nRohan stayed. Gondor won.\nAll left. The end.\n", TIDES_IN_TEXT },
		{ "", TIDES_IN_TEXT },
	};
	size_t i;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tides_ctx *ctx = tides_ctx_new();
		tides_reader *r = NULL;
		write_file(cases[i].in, strlen(cases[i].in));
		T_INTEQ(tides_reader_open(ctx, path, NULL, &r), TIDES_OK);
		if (r)
			T_INTEQ(tides_reader_format(r), cases[i].f);
		tides_reader_free(r);
		tides_ctx_free(ctx);
	}
	T_INTEQ(tides_input_format_parse("petrxml"), TIDES_IN_PETRXML);
	T_INTEQ(tides_input_format_parse("nope"), -1);
	T_STREQ(tides_input_format_name(TIDES_IN_TABARI), "tabari");
}

static void test_prose(void)
{
	const char *in =
		"HEADER LINE\n\nFirst para line one\ncontinues here. Second sen-\ntence ends.[2]\n\n"
		"7\n\nHEADER LINE\n\nthis continues the page.\n\nNew para.\r\n\n"
		"HEADER LINE\n\n- 8 -\n\nLast one.";
	char out[2048];
	int ns;
	T_INTEQ(read_all(in, strlen(in), TIDES_IN_TEXT, out, sizeof out, &ns), 0);
	T_STREQ(out, "D|1|2014-06-01|First para line one continues here.\n"
	             "D|2|2014-06-01|Second sentence ends. this continues the page.\n"
	             "D|3|2014-06-01|New para.\n"
	             "D|4|2014-06-01|Last one.\n");
	T_INTEQ(ns, 3);
	T_INTEQ(warns.n, 0);
}

static void test_lines_grouping(void)
{
	const char *in = "950101\tX-1\tOne.\n950101\tX-1\tTwo.\n\n19950102\tX-2\tThree.\n"
	                 "950103\t\tNo id.\nPlain line.\n";
	char out[2048];
	int ns;
	T_INTEQ(read_all(in, strlen(in), TIDES_IN_AUTO, out, sizeof out, &ns), 0);
	T_STREQ(out, "X-1|1|1995-01-01|One.\nX-1|2|1995-01-01|Two.\nX-2|1|1995-01-02|Three.\n"
	             "D-5|1|1995-01-03|No id.\nD-6|1|2014-06-01|Plain line.\n");
	T_INTEQ(ns, 4);
}

static void test_tabari(void)
{
	const char *in = "#####\n# comment\n\n950101 T-01\nArnor met /* c\nc */ Gondor.\n\n"
	                 "950102*T-02\nText.\n";
	char out[1024];
	int ns;
	T_INTEQ(read_all(in, strlen(in), TIDES_IN_AUTO, out, sizeof out, &ns), 0);
	T_STREQ(out, "T-01|1|1995-01-01|Arnor met Gondor.\nT-02|1|1995-01-02|Text.\n");
	/* YYYYMMDD headers, extra tokens after the id, and a typo in the date
	 * (the record is kept, with the default date and a warning) */
	in = "20150607 Y-01\nText A.\n\n950104  FBIS-001-001  CEP2002\nText B.\n\n9501201 BAD-1\nText C.\n";
	T_INTEQ(read_all(in, strlen(in), TIDES_IN_AUTO, out, sizeof out, &ns), 0);
	T_STREQ(out, "Y-01|1|2015-06-07|Text A.\nFBIS-001-001|1|1995-01-04|Text B.\n"
	             "BAD-1|1|2014-06-01|Text C.\n");
	T_INTEQ(warns.n, 1);
}

static void test_petrxml(void)
{
	const char *in = "<!-- <Sentence id=\"NO-1\"> -->\n<Sentences><Sentence date=\"20080804\" "
	                 "id=\"AFP0808_1\"><Text>A &amp; B.</Text><Parse>(S (NP x))</Parse>"
	                 "</Sentence>\n<Sentence date='20080804' id='AFP0808_2'>\n<Text>\nC\nmet D.\n"
	                 "</Text></Sentence><Sentence date=\"2008\" id=\"X-1\"><Text>E.</Text>"
	                 "</Sentence><Sentence id=\"Y\"><Text>never closed";
	char out[1024];
	int ns;
	T_INTEQ(read_all(in, strlen(in), TIDES_IN_AUTO, out, sizeof out, &ns), 0);
	T_STREQ(out, "AFP0808|1|2008-08-04|A & B.\nAFP0808|2|2008-08-04|C met D.\n"
	             "X-1|1|2014-06-01|E.\n");
	T_INTEQ(ns, 2);
	T_INTEQ(warns.n, 2); /* bad date "2008", unclosed sentence */
}

static void test_bad_bytes(void)
{
	/* BOM, CRLF, NUL, invalid UTF-8, a lone surrogate encoding */
	const char in[] = "\xEF\xBB\xBF" "20140316\tA\tArnor\0met\xff Gondor.\r\n"
	                  "20140316\tB\tRohan \xED\xA0\x80 left.\r\n";
	char out[1024];
	int ns;
	T_INTEQ(read_all(in, sizeof in - 1, TIDES_IN_AUTO, out, sizeof out, &ns), 0);
	T_STREQ(out, "A|1|2014-03-16|Arnor met? Gondor.\nB|1|2014-03-16|Rohan ??? left.\n");
	T_INTEQ(warns.n, 2);
	T_CHECK(strstr(warns.last, ":2: ") != NULL);
}

static void test_huge_line(void)
{
	/* 1 MB line of 3-byte characters, then a normal line: the long one is
	 * cut at a character boundary, the next still read */
	size_t n = 1024 * 1024, i;
	char *in = malloc(n + 64), out[4096];
	int ns;
	tides_ctx *ctx = tides_ctx_new();
	tides_reader *r = NULL;
	tides_reader_opts o;
	const tides_story *st;
	size_t total = 0;
	if (!in || !ctx) {
		T_CHECK(0);
		free(in);
		tides_ctx_free(ctx);
		return;
	}
	memcpy(in, "X.", 2);
	for (i = 2; i + 3 <= n; i += 3)
		memcpy(in + i, "\xE4\xB8\xAD", 3);
	memcpy(in + i, "\nArnor met Gondor.\n", 19);
	i += 19;
	T_INTEQ(read_all(in, i, TIDES_IN_LINES, out, sizeof out, &ns), 0);
	T_INTEQ(ns, 2);
	T_CHECK(strstr(out, "Arnor met Gondor.\n") != NULL);
	T_CHECK(strstr(warns.last, "truncated") != NULL || warns.n >= 1);
	/* the long sentence is valid UTF-8 and at most 64 KiB */
	memset(&o, 0, sizeof o);
	o.format = TIDES_IN_LINES;
	T_INTEQ(tides_reader_open(ctx, path, &o, &r), TIDES_OK);
	if (r && tides_reader_next(r, &st) == TIDES_OK && st) {
		total = st->sent[0].len;
		T_CHECK(total <= 64 * 1024);
		T_CHECK(total > 60 * 1024);
		T_INTEQ((int)((total - 2) % 3), 0);
	} else {
		T_CHECK(0);
	}
	tides_reader_free(r);
	tides_ctx_free(ctx);
	free(in);
}

static void test_empty_and_missing(void)
{
	char out[64];
	int ns, f;
	tides_ctx *ctx = tides_ctx_new();
	tides_reader *r = NULL;
	for (f = TIDES_IN_AUTO; f <= TIDES_IN_PETRXML; f++) {
		T_INTEQ(read_all("", 0, (tides_input_format)f, out, sizeof out, &ns), 0);
		T_INTEQ(ns, 0);
		T_INTEQ(warns.n, 0);
		T_INTEQ(read_all("\n\n  \n", 4, (tides_input_format)f, out, sizeof out, &ns), 0);
		T_INTEQ(ns, 0);
	}
	T_INTEQ(tides_reader_open(ctx, "/nonexistent/x.txt", NULL, &r), TIDES_ERR_IO);
	T_CHECK(r == NULL);
	T_CHECK(strstr(tides_errmsg(ctx), "cannot open '/nonexistent/x.txt'") != NULL);
	tides_ctx_free(ctx);
}

/* A story never holds more than a bounded amount: a long one-id stream is
 * cut into pieces that keep the id and number sentences on. */
static void test_bounded_story(void)
{
	size_t n = 5000, i, len = 0;
	char *in = malloc(n * 32);
	char out[64];
	int ns;
	if (!in) {
		T_CHECK(0);
		return;
	}
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(in + len, 32, "950101\tBIG\tSentence %zu.\n", i);
	T_INTEQ(read_all(in, len, TIDES_IN_LINES, out, sizeof out, &ns), 0);
	T_INTEQ(ns, 2); /* 4096 + 904 */
	free(in);
}

/* Fuzzer finding: a TABARI header whose id is only a CR made a story with
 * an empty doc_id, numbered from sentence 0.  Every format must give
 * non-empty ids and 1-based sentence numbers on it. */
static void test_fuzz_empty_id(void)
{
	const char in[] = "950101\t\rOC-1\t\xc1" "Arnor accused Gondor.\n9501-2\tRussia met China.\n"
	                  "950101 \r\nText.\n\n<Sentence id=\"\"><Text>X.</Text></Sentence>\n";
	int f;
	for (f = TIDES_IN_AUTO; f <= TIDES_IN_PETRXML; f++) {
		tides_ctx *ctx = tides_ctx_new();
		tides_reader *r = NULL;
		tides_reader_opts o;
		const tides_story *st;
		size_t i;
		memset(&o, 0, sizeof o);
		o.format = (tides_input_format)f;
		write_file(in, sizeof in - 1);
		T_INTEQ(tides_reader_open(ctx, path, &o, &r), TIDES_OK);
		while (r && tides_reader_next(r, &st) == TIDES_OK && st) {
			for (i = 0; i < st->nsent; i++) {
				T_CHECK(st->sent[i].sentence >= 1);
				T_CHECK(st->sent[i].doc_id[0] != '\0');
			}
		}
		tides_reader_free(r);
		tides_ctx_free(ctx);
	}
}

/* Every allocation of a run fails in turn: the reader reports NOMEM (or
 * copes) and frees everything (the ASan build checks for leaks). */
static void nomem_sweep(const char *in, int want_stories)
{
	long n, k;
	int ok_runs = 0;
	write_file(in, strlen(in));
	/* count the allocations of one run, then fail each in turn */
	tides_mem_fail_after(-1);
	for (k = 0; k < 200; k++) {
		tides_ctx *ctx = tides_ctx_new();
		tides_reader *r = NULL;
		const tides_story *st;
		tides_status s;
		int stories = 0;
		tides_mem_fail_after(k);
		s = tides_reader_open(ctx, path, NULL, &r);
		while (s == TIDES_OK && (s = tides_reader_next(r, &st)) == TIDES_OK && st)
			stories++;
		n = tides_mem_fail_after(-1);
		T_CHECK(s == TIDES_OK || s == TIDES_ERR_NOMEM);
		if (s == TIDES_OK) {
			T_INTEQ(stories, want_stories);
			ok_runs++;
		}
		tides_reader_free(r);
		tides_ctx_free(ctx);
		(void)n;
	}
	T_CHECK(ok_runs > 0);
}

static void test_nomem(void)
{
	nomem_sweep("{\"id\":\"A\",\"date\":\"2014-03-16\",\"text\":\"One. Two.\"}\n"
	            "{\"id\":\"B\",\"text\":\"Three.\"}\n", 2);
	nomem_sweep("HEAD\n\nOne two. Three\nfour.\n\nHEAD\n\nFive.\n\nHEAD\n", 2);
	nomem_sweep("950101\tA\tOne.\n950101\tA\tTwo.\n950101\tB\tThree.\n", 2);
	nomem_sweep("950101 A-1\nOne /* c */ two.\n\n950102 B-1\nThree.\n", 2);
	nomem_sweep("<Sentences><Sentence date=\"20080101\" id=\"X0001_1\"><Text>A &amp; B.</Text>"
	            "</Sentence>\n<Sentence date=\"20080101\" id=\"Y-1\"><Text>C.</Text></Sentence>\n", 2);
}

int main(void)
{
	if (t_tmpdir(tmpl, sizeof tmpl, "reader") < 0)
		return 1;
	T_RUN(test_detect);
	T_RUN(test_prose);
	T_RUN(test_lines_grouping);
	T_RUN(test_tabari);
	T_RUN(test_petrxml);
	T_RUN(test_bad_bytes);
	T_RUN(test_huge_line);
	T_RUN(test_empty_and_missing);
	T_RUN(test_bounded_story);
	T_RUN(test_fuzz_empty_id);
	T_RUN(test_nomem);
	t_rmdir(tmpl);
	return t_done();
}
