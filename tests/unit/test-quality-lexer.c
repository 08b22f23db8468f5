/* test-quality-lexer.c — the lexer on non-ASCII text with a dictionary
 * written here: accented Latin letters fold to upper case (also when the
 * upper-case letter is shorter in UTF-8: ı -> I), typographic punctuation
 * reads as ASCII, a sentence-final acronym loses its period, and the
 * matched words of an event are the original text. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"

static char tdir[256];

static void put(const char *name, const char *text)
{
	char path[512];
	t_write_file(tdir, name, text, strlen(text), path, sizeof path);
}

static tides_ctx *ctx;
static tides_dicts *dicts;
static tides_coder *coder;

/* Codes one sentence; "SRC|TGT|CODE|source_text|target_text" of the
 * first event into out, or "-". */
static const char *code1(const char *text)
{
	static char out[512];
	tides_sentence s;
	tides_story st;
	const tides_event *ev;
	size_t n = 0;
	t_story1(&st, &s, text, strlen(text), "2001-01-01");
	if (tides_coder_code_story(coder, &st, &ev, &n) != TIDES_OK || n == 0)
		return "-";
	snprintf(out, sizeof out, "%s|%s|%s|%s|%s", ev[0].source, ev[0].target, ev[0].code,
	         ev[0].source_text, ev[0].target_text);
	return out;
}

static void test_fold(void)
{
	T_STREQ(code1("The Élysée criticized Russia."), "FRA|RUS|111|Élysée|Russia");
	T_STREQ(code1("ÉLYSÉE CRITICIZED RUSSIA."), "FRA|RUS|111|ÉLYSÉE|RUSSIA");
	/* U+0131 (2 bytes) upper-cases to I (1 byte): offsets still right */
	T_STREQ(code1("Kırıkkale criticized Russia."), "TUR|RUS|111|Kırıkkale|Russia");
	T_STREQ(code1("Łódź criticized Russia."), "POL|RUS|111|Łódź|Russia");
}

static void test_typography(void)
{
	T_STREQ(code1("Lavrov’s ministry criticized France."), "RUS|FRA|111|Lavrov’s|France");
	T_STREQ(code1("Russia—again—criticized “France”."), "RUS|FRA|111|Russia|France");
	T_STREQ(code1("Russia\xC2\xA0" "criticized France."), "RUS|FRA|111|Russia|France");
}

static void test_acronym(void)
{
	T_STREQ(code1("Russia criticized NATO."), "RUS|NATO|111|Russia|NATO");
	T_STREQ(code1("Russia criticized the U.S."), "RUS|USA|111|Russia|U.S.");
	T_STREQ(code1("Russia criticized the U.S. on Monday."), "RUS|USA|111|Russia|U.S.");
}

int main(void)
{
	tides_dict_paths p;
	if (t_tmpdir(tdir, sizeof tdir, "qlex") < 0)
		return 1;
	put("v.txt", "CRITICIZE_ [111]\n{ CRITICIZED_ }\n");
	put("a.txt", "ÉLYSÉE_ [FRA]\nRUSSIA_ [RUS]\nFRANCE_ [FRA]\nKIRIKKALE_ [TUR]\n"
	             "ŁÓDŹ_ [POL]\nNATO_ [NATO]\nU.S. [USA]\nLAVROV_ [RUS]\n");
	ctx = tides_ctx_new();
	memset(&p, 0, sizeof p);
	p.dir = tdir;
	p.verbs = "v.txt";
	p.actors = "a.txt";
	p.no_defaults = 1;
	if (tides_dicts_load(ctx, &p, &dicts) != TIDES_OK ||
	    tides_coder_new(ctx, dicts, &coder) != TIDES_OK) {
		fprintf(stderr, "load: %s\n", tides_errmsg(ctx));
		return 1;
	}
	T_RUN(test_fold);
	T_RUN(test_typography);
	T_RUN(test_acronym);
	tides_coder_free(coder);
	tides_dicts_free(dicts);
	tides_ctx_free(ctx);
	t_rmdir(tdir);
	return t_done();
}
