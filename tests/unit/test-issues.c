/* test-issues.c — the issue dictionary loader and keyword tagger. */
#include <stdlib.h>
#include <string.h>

#include "tides.h"
#include "util/mem.h"
#include "test.h"

static tides_issues *parse(tides_ctx *ctx, const char *text)
{
	tides_issues *is = NULL;
	if (tides_issues_parse(ctx, "t.txt", text, strlen(text), &is) != TIDES_OK)
		return NULL;
	return is;
}

static const char *tag(const tides_issues *is, const char *text)
{
	static char out[256];
	tides_issues_tag(is, text, strlen(text), out, sizeof out);
	return out;
}

static const char *DICT =
	"# comment\n"
	"<ISSUE CATEGORY=\"S\" TYPE=\"ALL\">\n"
	"nato n:expansion [NATO_ENLARGEMENT] structural\n"
	"missile n:defense [MISSILE_DEFENSE] structural   # trailing comment\n"
	"anti+ballistic missile [MISSILE_DEFENSE]\n"
	"v:sanction [SANCTIONS] economic\n"
	"n:policy [POLICY]\n"
	"北约东扩 [NATO_ENLARGEMENT]\n"
	"georgia [GEORGIA] structural\n"
	"~georgia tech\n"
	"</ISSUE>\n"
	"<ISSUE CATEGORY=\"T\" TYPE=\"ALL\">\n"
	"terrorism [TERROR] threats\n"
	"</ISSUE>\n";

static void test_basic_tagging(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_issues *is = parse(ctx, DICT);
	T_CHECK(is != NULL);
	if (!is) { fprintf(stderr, "%s\n", tides_errmsg(ctx)); tides_ctx_free(ctx); return; }
	T_STREQ(tag(is, "Russia condemned NATO expansion."), "NATO_ENLARGEMENT");
	T_STREQ(tag(is, "Moscow opposes NATO's expansions"), "");   /* 's breaks the phrase */
	T_STREQ(tag(is, "new NATO expansions"), "NATO_ENLARGEMENT"); /* n: plural */
	T_STREQ(tag(is, "U.S. MISSILE-DEFENSES in Poland and NATO expansion"),
	        "NATO_ENLARGEMENT,MISSILE_DEFENSE");                 /* dictionary order */
	T_STREQ(tag(is, "the Anti-Ballistic Missile treaty"), "MISSILE_DEFENSE");
	T_STREQ(tag(is, "the anti ballistic missile treaty"), "MISSILE_DEFENSE");
	T_STREQ(tag(is, "Congress sanctioned Moscow"), "SANCTIONS"); /* v: past */
	T_STREQ(tag(is, "sanctioning banks"), "SANCTIONS");
	T_STREQ(tag(is, "new policies"), "POLICY");                   /* y -> ies */
	T_STREQ(tag(is, "missile defenseless"), "");                  /* word boundary */
	T_STREQ(tag(is, "antimissile defense"), "");
	T_STREQ(tag(is, "俄罗斯反对北约东扩。"), "NATO_ENLARGEMENT");  /* substring */
	T_STREQ(tag(is, "terrorism in Georgia"), "GEORGIA,TERROR");
	/* an exclusion cancels its own section only */
	T_STREQ(tag(is, "terrorism at Georgia Tech"), "TERROR");
	T_STREQ(tag(is, ""), "");
	T_STREQ(tides_issues_family(is, "MISSILE_DEFENSE"), "structural");
	T_STREQ(tides_issues_family(is, "POLICY"), "other");
	T_STREQ(tides_issues_family(is, "TERROR"), "threats");
	T_CHECK(tides_issues_family(is, "NOPE") == NULL);
	T_INTEQ(tides_issues_count(is), 6);
	T_STREQ(tides_issues_code(is, 0), "NATO_ENLARGEMENT");
	T_CHECK(tides_issues_code(is, 6) == NULL);
	tides_issues_free(is);
	tides_ctx_free(ctx);
}

static void test_truncation(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_issues *is = parse(ctx, DICT);
	char out[20];
	int n;
	T_CHECK(is != NULL);
	if (!is) { tides_ctx_free(ctx); return; }
	n = tides_issues_tag(is, "NATO expansion and missile defense", 34, out, sizeof out);
	T_INTEQ(n, 1); /* "NATO_ENLARGEMENT,MISSILE_DEFENSE" does not fit in 20 */
	T_STREQ(out, "NATO_ENLARGEMENT");
	/* long text takes the heap path */
	{
		size_t L = 5000, i;
		char *big = malloc(L + 40);
		for (i = 0; i < L; i++) big[i] = (i % 7 == 6) ? ' ' : 'x';
		memcpy(big + L, " missile defense", 17);
		T_STREQ(tag(is, big), "MISSILE_DEFENSE");
		free(big);
	}
	tides_issues_free(is);
	tides_ctx_free(ctx);
}

static void test_errors(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_issues *is = NULL;
	const char *bad1 = "a [X] one\nb [X] two\n";
	const char *bad2 = "\n\nno code here\n";
	const char *bad3 = "</ISSUE>\n";
	const char *bad4 = "<ISSUE>\nx [A]\n";
	const char *bad5 = "x [A B]\n";
	const char *bad6 = "x []\n";
	T_INTEQ(tides_issues_parse(ctx, "f.txt", bad1, strlen(bad1), &is), TIDES_ERR_DATA);
	T_STREQ(tides_errmsg(ctx), "f.txt:2: issue 'X' already has family 'one' (line 1)");
	T_CHECK(is == NULL);
	/* a line without a code is skipped with a warning, as PETRARCH skips it */
	{
		uint64_t w = tides_ctx_warnings(ctx);
		T_INTEQ(tides_issues_parse(ctx, "f.txt", bad2, strlen(bad2), &is), TIDES_OK);
		T_INTEQ(tides_ctx_warnings(ctx), w + 1);
		T_INTEQ(tides_issues_count(is), 0);
		tides_issues_free(is);
		is = NULL;
	}
	{
		const char *junk = "a [X] b [X]\n";
		uint64_t w = tides_ctx_warnings(ctx);
		T_INTEQ(tides_issues_parse(ctx, "f.txt", junk, strlen(junk), &is), TIDES_OK);
		T_INTEQ(tides_ctx_warnings(ctx), w + 1);
		T_STREQ(tides_issues_family(is, "X"), "other");
		tides_issues_free(is);
		is = NULL;
	}
	T_INTEQ(tides_issues_parse(ctx, "f.txt", bad6, strlen(bad6), &is), TIDES_ERR_DATA);
	T_STREQ(tides_errmsg(ctx), "f.txt:1: empty issue code");
	/* loose section tags, as in PETRARCH's own files, are warnings */
	{
		uint64_t w = tides_ctx_warnings(ctx);
		T_INTEQ(tides_issues_parse(ctx, "f.txt", bad3, strlen(bad3), &is), TIDES_OK);
		tides_issues_free(is);
		is = NULL;
		T_INTEQ(tides_issues_parse(ctx, "f.txt", bad4, strlen(bad4), &is), TIDES_OK);
		T_INTEQ(tides_issues_count(is), 1);
		tides_issues_free(is);
		is = NULL;
		T_INTEQ(tides_ctx_warnings(ctx), w + 2);
	}
	T_INTEQ(tides_issues_parse(ctx, "f.txt", bad5, strlen(bad5), &is), TIDES_ERR_DATA);
	T_STREQ(tides_errmsg(ctx), "f.txt:1: bad issue code 'A B'");
	T_INTEQ(tides_issues_load(ctx, "/nonexistent/x.txt", &is), TIDES_ERR_IO);
	T_STREQ(tides_errmsg(ctx), "cannot open '/nonexistent/x.txt': No such file or directory");
	tides_ctx_free(ctx);
}

static void test_nomem(void)
{
	tides_ctx *ctx = tides_ctx_new();
	long n, total;
	tides_issues *is = NULL;
	tides_mem_fail_after(-1);
	total = tides_mem_count();
	is = parse(ctx, DICT);
	total = tides_mem_count() - total;
	tides_issues_free(is);
	for (n = 0; n < total; n++) {
		tides_mem_fail_after(n);
		is = NULL;
		tides_status st = tides_issues_parse(ctx, "t", DICT, strlen(DICT), &is);
		tides_mem_fail_after(-1);
		T_CHECK(st == TIDES_OK || st == TIDES_ERR_NOMEM);
		T_CHECK(st != TIDES_OK || is != NULL);
		tides_issues_free(is);
	}
	tides_ctx_free(ctx);
}

static void test_default_file(void)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_issues *is = NULL;
	tides_status st = tides_issues_load(ctx, "data/issues/issues.txt", &is);
	T_INTEQ(st, TIDES_OK);
	if (st) { fprintf(stderr, "%s\n", tides_errmsg(ctx)); tides_ctx_free(ctx); return; }
	T_STREQ(tag(is, "Putin warned that NATO's eastward expansion threatens Russia."),
	        "NATO_ENLARGEMENT");
	T_STREQ(tag(is, "Bush announced that the United States will withdraw from the ABM Treaty."),
	        "MISSILE_DEFENSE");
	T_STREQ(tag(is, "Obama and Medvedev signed the New START treaty in Prague."), "ARMS_CONTROL");
	T_STREQ(tag(is, "Russian troops entered Chechnya, starting a second war."), "CHECHNYA");
	T_STREQ(tag(is, "美国宣布对俄罗斯实施新的制裁。"), "SANCTIONS");
	T_STREQ(tag(is, "Edward Snowden flew to Moscow."), "ESPIONAGE");
	T_STREQ(tides_issues_family(is, "COLOR_REVOLUTIONS"), "ideology");
	T_STREQ(tides_issues_family(is, "COUNTERTERRORISM"), "threats");
	tides_issues_free(is);
	tides_ctx_free(ctx);
}

int main(void)
{
	T_RUN(test_basic_tagging);
	T_RUN(test_truncation);
	T_RUN(test_errors);
	T_RUN(test_nomem);
	T_RUN(test_default_file);
	return t_done();
}
