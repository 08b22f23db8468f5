/* Unit tests for the event coder: the lexer, the TABARI loaders (every
 * dictionary feature, malformed lines, missing files), the pattern features
 * and bad input.  The dictionaries are small snippets written here. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "tides.h"
#include "coder/coder.h"
#include "coder/dict.h"
#include "util/mem.h"

static char tdir[256];
static char warnbuf[4096];
static int nwarn;

static void on_warn(void *ud, const char *msg)
{
	size_t n = strlen(warnbuf);
	(void)ud;
	nwarn++;
	snprintf(warnbuf + n, sizeof warnbuf - n, "%s\n", msg);
}

static const char *put(const char *name, const char *text)
{
	static char path[512];
	return t_write_file(tdir, name, text, strlen(text), path, sizeof path);
}

static const char *VERBS =
	"<SYNSETS>\n"
	"&MONEY\n"
	"+DOLLAR_\n"
	"+SWISS_FRANC\n"
	"&NEGATIVE\n"
	"+DIDN'T\n"
	"+WILL_NOT\n"
	"</SYNSETS>\n"
	"<TIME>\n"
	"YESTERDAY  [-1]\n"
	"SOMEDAY  [###]\n"
	"</TIME>\n"
	"; a comment line\n"
	"RESTOR  [064] ; stem\n"
	"- * TIES  [065]\n"
	"- NOT *  [112]\n"
	"- * &MONEY  [071]\n"
	"- &NEGATIVE *  [113]\n"
	"ACCUSE_  [112]\n"
	"{ ACCUSATION_ }\n"
	"BAN=  [191]\n"
	"MEET  [031:031]\n"
	"- % HAVE POSTPONED *  [191]\n"
	"CALL  [---]\n"
	"- * FOR { SANCTIONS | BOYCOTT | TOTAL_EMBARGO }  [172]\n"
	"- * FOR  [095]\n"
	"SAID  [023?]\n"
	"FREE  [066]\n"
	"- + * FROM $  [066]\n"
	"WARN  [160]\n"
	"- * AT ^ +  [162]\n"
	"OPPOS  [112]\n"
	"SOCCER  [###]\n"
	"ATTEND  [043!]\n"
	"PRAISE  [041]\n"
	"ISILDURISH  [+++]\n"
	"THIS LINE IS BROKEN [\n"
	"- * { UNCLOSED  [111]\n"
	"~~FINISH\n"
	"IGNORED  [999]\n";

static const char *ACTORS =
	"<NOUN>\n"
	"FORCES_\n"
	"</NOUN>\n"
	"<ADJECTIVE>\n"
	"EVIL\n"
	"</ADJECTIVE>\n"
	"ARNOR  [ARN]\n"
	"GONDOR\n"
	"+MINAS_TIRITH\n"
	"\t[GON]\n"
	"ESTONIA_  [EST]\n"
	"MOUSE=  [MUS]\n"
	"AXNOR  [AR1 <911226] [AR2]\n"
	"SMEAGOL\n"
	"\t[HOB <950601]\n"
	"\t[HOBGOV 950601-990815]\n"
	"\t[HOBREB >990816]\n"
	"THE_SHIRE  [FRO/BIL]\n"
	"BOROMIR  [---]\n"
	"NASGUL  [###]\n"
	"OSGILIATH  [OSG]\n"
	"AL GORE  [AGR]\n"
	"#COMMENTED  [XXX]\n"
	"BADDATE  [ABC 9912]\n"
	"\t[NOCODE 950101-960101]\n";

static const char *AGENTS =
	"MINISTER_  [~GOV]\n"
	"GUERRILLA_  [~REB]\n"
	"ACTIVISTS_  [NGM~]\n"
	"POLICE_  [~COP]\n"
	"NOBRACKET ~GOV\n";

static tides_dicts *load(tides_ctx *ctx, const char *verbs, const char *actors, const char *agents)
{
	tides_dict_paths p;
	tides_dicts *d = NULL;
	memset(&p, 0, sizeof p);
	p.dir = tdir;
	p.verbs = verbs;
	p.actors = actors;
	p.agents = agents;
	p.no_defaults = 1;
	if (tides_dicts_load(ctx, &p, &d) != TIDES_OK)
		return NULL;
	return d;
}

static tides_ctx *ctx;
static tides_dicts *dicts;
static tides_coder *coder;

static void setup(void)
{
	if (t_tmpdir(tdir, sizeof tdir, "coder") < 0)
		return; /* every test then fails: no dictionaries */
	put("t.verbs", VERBS);
	put("t.actors", ACTORS);
	put("t.agents", AGENTS);
	ctx = tides_ctx_new();
	tides_ctx_set_warn(ctx, on_warn, NULL);
	dicts = load(ctx, "t.verbs", "t.actors", "t.agents");
	if (dicts)
		tides_coder_new(ctx, dicts, &coder);
}

/* Codes one sentence; returns "SRC|TGT|CODE;..." (sorted as produced). */
static const char *code1(const char *text, const char *date)
{
	static char out[2048];
	tides_sentence s;
	tides_story st;
	const tides_event *ev;
	size_t n = 0, i;
	t_story1(&st, &s, text, strlen(text), date ? date : "1995-01-01");
	out[0] = '\0';
	if (!coder || tides_coder_code_story(coder, &st, &ev, &n) != TIDES_OK)
		return "ERROR";
	for (i = 0; i < n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, sizeof out - l, "%s%s|%s|%s", i ? ";" : "", ev[i].source, ev[i].target,
		         ev[i].code);
	}
	return out;
}

/* ------------------------------------------------------------ lexer */

static void test_lexer(void)
{
	tides_coder *c = coder;
	const char *text = "Arnor's U.S. allies, (50,000 troops) \"quoted\" e-mail; Gondor.";
	T_CHECK(c != NULL);
	if (!c)
		return;
	T_INTEQ(coder_lex(c, text, strlen(text)), 0);
	T_INTEQ(c->ntok, 15);
	T_CHECK(c->tok[0].len == 7 && memcmp(c->tok[0].s, "ARNOR'S", 7) == 0);
	T_CHECK(c->tok[0].lex & LX_INITCAP);
	T_CHECK(c->tok[1].len == 4 && memcmp(c->tok[1].s, "U.S.", 4) == 0);
	T_CHECK(c->tok[1].lex & LX_MIDCAP);
	T_INTEQ(c->tok[3].wtype, W_COMMA);
	T_CHECK(c->tok[5].len == 5 && memcmp(c->tok[5].s, "50000", 5) == 0);
	T_CHECK(c->tok[5].lex & LX_NUMBER);
	T_INTEQ(c->tok[4].wtype, W_COMMA); /* '(' */
	T_INTEQ(c->tok[8].wtype, W_QUOTE);
	T_CHECK(c->tok[11].len == 1 && c->tok[11].s[0] == 'E'); /* hyphen splits */
	T_INTEQ(c->tok[13].wtype, W_COMMA); /* ';' */
	T_CHECK(c->tok[14].len == 6 && memcmp(c->tok[14].s, "GONDOR", 6) == 0);
	/* the original text of a token */
	T_CHECK(c->tok[14].off == strlen(text) - 7 && c->tok[14].olen == 6);
	/* all caps: no capitalisation flags */
	T_INTEQ(coder_lex(c, "ARNOR MET GONDOR", 16), 0);
	T_INTEQ(c->ntok, 3);
	T_CHECK(!(c->tok[1].lex & (LX_INITCAP | LX_MIDCAP)));
}

/* ------------------------------------------------------------ loaders */

static void test_loader_features(void)
{
	uint32_t w, s;
	T_CHECK(dicts != NULL);
	if (!dicts)
		return;
	/* synsets */
	w = dict_lookup_word(dicts, "&MONEY", 6);
	T_CHECK(w != 0);
	s = dict_find_synset(dicts, w);
	T_CHECK(s != UINT32_MAX);
	if (s != UINT32_MAX)
		T_INTEQ(dicts->synsets[s].nmem, 2);
	/* stems, forms, exact */
	T_CHECK(dict_lookup_word(dicts, "RESTOR", 6) != 0);
	T_CHECK(dict_lookup_word(dicts, "ACCUSATION", 10) != 0);
	/* after ~~FINISH nothing is read */
	T_CHECK(dict_lookup_word(dicts, "IGNORED", 7) == 0);
	/* commented actor lines are ignored */
	T_CHECK(dict_lookup_word(dicts, "#COMMENTED", 10) == 0);
	T_CHECK(dict_lookup_word(dicts, "COMMENTED", 9) == 0);
	/* dated codes */
	{
		uint32_t i, found = 0;
		for (i = 0; i < dicts->nentries; i++) {
			const dict_entry *e = &dicts->entries[i];
			if (e->kind == DICT_K_ACTOR &&
			    dicts->elems[e->ph.first].ref == dict_lookup_word(dicts, "SMEAGOL", 7)) {
				T_STREQ(coder_actor_code(dicts, e->entry, 19950101), "HOB");
				T_STREQ(coder_actor_code(dicts, e->entry, 19950601), "HOBGOV");
				T_STREQ(coder_actor_code(dicts, e->entry, 19990815), "HOBGOV");
				T_CHECK(coder_actor_code(dicts, e->entry, 19990816) == NULL);
				T_STREQ(coder_actor_code(dicts, e->entry, 19990817), "HOBREB");
				T_STREQ(coder_actor_code(dicts, e->entry, 20010101), "HOBREB");
				found = 1;
			}
		}
		T_CHECK(found);
	}
	T_STREQ(code1("Axnor is about to restore ties with Osgiliath now today.", "1991-01-01"),
	        "AR1|OSG|065");
	T_STREQ(code1("Axnor is about to restore ties with Osgiliath now today.", "1995-01-01"),
	        "AR2|OSG|065");
	/* "+" synonyms share the codes of their block */
	T_STREQ(code1("Arnor will restore relations with Minas Tirith very soon now.", NULL),
	        "ARN|GON|064");
}

static void test_loader_malformed(void)
{
	/* each malformed line was reported with file:line and skipped */
	T_CHECK(strstr(warnbuf, "t.verbs:37: malformed line (expected 'ROOT [code]')") != NULL);
	T_CHECK(strstr(warnbuf, "t.verbs:38: malformed line (pattern without a verb)") != NULL);
	T_CHECK(strstr(warnbuf, "t.actors:24: malformed line (bad date)") != NULL);
	T_CHECK(strstr(warnbuf, "t.actors:25: malformed line (code block without an actor)") != NULL);
	T_CHECK(strstr(warnbuf, "t.agents:5: malformed line") != NULL);
	/* the lines after them still loaded */
	T_CHECK(dict_lookup_word(dicts, "POLICE", 6) != 0);
}

static void test_loader_missing_file(void)
{
	tides_ctx *c2 = tides_ctx_new();
	tides_dicts *d = load(c2, "t.verbs", "no-such.actors", NULL);
	T_CHECK(d == NULL);
	T_CHECK(strstr(tides_errmsg(c2), "cannot open") != NULL);
	T_CHECK(strstr(tides_errmsg(c2), "no-such.actors") != NULL);
	tides_ctx_free(c2);
}

static void test_loader_nomem(void)
{
	long i, total;
	tides_ctx *c2 = tides_ctx_new();
	tides_dicts *d;
	tides_ctx_set_warn(c2, on_warn, NULL);
	tides_mem_fail_after(-1);
	d = load(c2, "t.verbs", "t.actors", "t.agents");
	total = tides_mem_count();
	tides_dicts_free(d);
	for (i = 0; i < total; i += 7) {
		tides_mem_fail_after(i);
		d = load(c2, "t.verbs", "t.actors", "t.agents");
		tides_mem_fail_after(-1);
		T_CHECK(d == NULL || d->finished);
		tides_dicts_free(d);
	}
	tides_ctx_free(c2);
}

/* Allocation failures while making a coder or coding are reported as
 * TIDES_ERR_NOMEM, never a crash, and a later call works again. */
static void test_coder_nomem(void)
{
	long i;
	for (i = 0; i < 12; i++) {
		tides_coder *c3 = NULL;
		tides_status st;
		tides_mem_fail_after(i);
		st = tides_coder_new(ctx, dicts, &c3);
		if (st == TIDES_OK) {
			tides_sentence s;
			tides_story sty;
			const tides_event *ev;
			size_t n;
			const char *t = "Arnor will restore relations with Gondor and Osgiliath soon.";
			t_story1(&sty, &s, t, strlen(t), "1995-01-01");
			st = tides_coder_code_story(c3, &sty, &ev, &n);
			T_CHECK(st == TIDES_OK || st == TIDES_ERR_NOMEM);
			tides_mem_fail_after(-1);
			T_INTEQ(tides_coder_code_story(c3, &sty, &ev, &n), TIDES_OK);
			T_INTEQ(n, 2);
		} else {
			T_INTEQ(st, TIDES_ERR_NOMEM);
			T_CHECK(c3 == NULL);
		}
		tides_mem_fail_after(-1);
		tides_coder_free(c3);
	}
}

/* Random dictionary-like files never break the loaders: every line is
 * either loaded or warned about. */
static void test_loader_random(void)
{
	static const char *bits[] = {"ARNOR", "GON", " ", " ", "_", "~", "=", "[", "]", "{", "}",
	                             "|", "&X", "+", "-", "*", "$", "%", "^", "<", ">", "950101",
	                             "\n", "\n", "\t", ";", "#", "~~FINISH", "<SYNSETS>", "<TIME>",
	                             "</SYNSETS>", "[ABC]", "- * X [064]", "\xff", "/", ":"};
	unsigned seed = 777;
	int it;
	tides_ctx *c2 = tides_ctx_new();
	tides_ctx_set_warn(c2, NULL, NULL);
	for (it = 0; it < 200; it++) {
		char text[4096];
		size_t n = 0;
		int k, nb = 20 + it * 3;
		tides_dicts *d;
		for (k = 0; k < nb && n < sizeof text - 32; k++) {
			seed = seed * 1103515245u + 12345u;
			n += (size_t)snprintf(text + n, sizeof text - n, "%s",
			                      bits[(seed >> 8) % (sizeof bits / sizeof bits[0])]);
		}
		put("r.dict", text);
		d = load(c2, "r.dict", "r.dict", "r.dict");
		T_CHECK(d != NULL);
		if (d && it % 20 == 0) {
			tides_coder *c3 = NULL;
			T_INTEQ(tides_coder_new(c2, d, &c3), TIDES_OK);
			tides_coder_free(c3);
		}
		tides_dicts_free(d);
	}
	{
		char path[600];
		snprintf(path, sizeof path, "%s/r.dict", tdir);
		unlink(path);
	}
	tides_ctx_free(c2);
}

static void test_date_parse(void)
{
	T_INTEQ(dict_parse_date("950101", 6), 19950101);
	T_INTEQ(dict_parse_date("300101", 6), 20300101);
	T_INTEQ(dict_parse_date("310101", 6), 19310101);
	T_INTEQ(dict_parse_date("20120131", 8), 20120131);
	T_INTEQ(dict_parse_date("951301", 6), -1);
	T_INTEQ(dict_parse_date("95011", 5), -1);
}

/* ------------------------------------------------------------ patterns */

static void test_basic_and_endings(void)
{
	T_STREQ(code1("Arnor is about to restore relations with Gondor almost now.", NULL),
	        "ARN|GON|064");
	/* stem: RESTOR matches RESTORING; pattern "* TIES" */
	T_STREQ(code1("Arnor is restoring diplomatic ties with Gondor almost now.", NULL),
	        "ARN|GON|065");
	/* ESTONIA_ takes S / 'S; MOUSE= takes nothing */
	T_STREQ(code1("Estonia's leaders will restore relations with Gondor now.", NULL),
	        "EST|GON|064");
	T_STREQ(code1("Estoniax leaders will restore relations with Gondor now.", NULL), "");
	T_STREQ(code1("Mouse will ban Gondor after the visit of the delegation.", NULL),
	        "MUS|GON|191");
	T_STREQ(code1("Arnor is baning Gondor after the visit of the delegation.", NULL), "");
	/* ACCUSE_: regular verb endings and an irregular form */
	T_STREQ(code1("Arnor accused Gondor after the visit of the delegation.", NULL),
	        "ARN|GON|112");
	T_STREQ(code1("Arnor accusex Gondor after the visit of the delegation.", NULL), "");
	T_STREQ(code1("Arnor made an accusation of Gondor after the delegation left.", NULL),
	        "");
	T_STREQ(code1("Arnor accusation Gondor after the visit of the delegation.", NULL),
	        "ARN|GON|112");
	/* multi-word actor with a gap: AL GORE */
	T_STREQ(code1("Arnor will restore relations with Al \"Big\" Gore very soon.", NULL),
	        "ARN|AGR|064");
	/* an actor whose code block is malformed is not an actor */
	T_STREQ(code1("Arnor will restore relations with Baddate very soon now.", NULL), "");
}

static void test_pattern_slots(void)
{
	/* + before the verb, $ after: FREE - + * FROM $ */
	T_STREQ(code1("Gondor was freed from Osgiliath after six days of fighting.", NULL),
	        "OSG|GON|066");
	/* % compound and paired code: MEET [031:031] */
	T_STREQ(code1("Gondor and Osgiliath have postponed their meeting after the storm.", NULL),
	        "GON|OSG|191;OSG|GON|191");
	/* ^ skips an actor: WARN - * AT ^ + */
	T_STREQ(code1("Arnor warned at the Gondor of the Smeagol gang yesterday.", NULL),
	        "ARN|HOB|162");
	/* alternatives, the longest matching pattern wins */
	T_STREQ(code1("Arnor has called for a total embargo against Gondor today.", NULL),
	        "ARN|GON|172");
	T_STREQ(code1("Arnor has called for a boycott against Gondor today now.", NULL),
	        "ARN|GON|172");
	T_STREQ(code1("Arnor has called for a strike against Gondor today now.", NULL),
	        "ARN|GON|095");
	/* synsets after and before the verb */
	T_STREQ(code1("Arnor will restore a million dollar to Gondor next week.", NULL),
	        "ARN|GON|071");
	T_STREQ(code1("Arnor will not restore anything with Gondor next week.", NULL),
	        "ARN|GON|113");
	/* a lower pattern word */
	T_STREQ(code1("Arnor did not restore anything with Gondor next week.", NULL),
	        "ARN|GON|112");
}

static void test_codes_and_structure(void)
{
	/* null code: CALL [---] alone makes nothing */
	T_STREQ(code1("Arnor will call Gondor tomorrow after the long dinner.", NULL), "");
	/* subordinate code yields to a real event */
	T_STREQ(code1("Arnor said it would restore relations with Gondor very soon.", NULL),
	        "ARN|GON|064");
	T_STREQ(code1("Arnor said that Gondor was right about the whole thing.", NULL),
	        "ARN|GON|023");
	/* discard phrase: the story is discarded */
	T_STREQ(code1("Arnor will restore soccer relations with Gondor very soon.", NULL), "");
	T_INTEQ(tides_coder_story_status(coder), TIDES_CODED_DISCARD);
	T_STREQ(code1("The Nasgul will restore relations with Gondor very soon.", NULL), "");
	T_INTEQ(tides_coder_story_status(coder), TIDES_CODED_DISCARD);
	/* complex code */
	T_STREQ(code1("Arnor isildurish Gondor after the long meeting in the hall.", NULL), "");
	T_INTEQ(tides_coder_story_status(coder), TIDES_CODED_COMPLEX);
	/* too short (TABARI's default minimum is 8 words with an options file;
	 * without one any length is coded) */
	T_STREQ(code1("Arnor restored Gondor.", NULL), "ARN|GON|064");
	/* coded compound [FRO/BIL] expands */
	T_STREQ(code1("The Shire will restore relations with Gondor very soon.", NULL),
	        "FRO|GON|064;BIL|GON|064");
	/* syntactic compound target */
	T_STREQ(code1("Arnor will restore relations with Gondor and Osgiliath soon.", NULL),
	        "ARN|GON|064;ARN|OSG|064");
	/* null-coded actor is a noun */
	T_STREQ(code1("Boromir will restore relations with Gondor and Osgiliath soon.", NULL),
	        "GON|OSG|064");
	/* passive voice */
	T_STREQ(code1("Gondor was opposed by Osgiliath in the long debate yesterday.", NULL),
	        "OSG|GON|112");
	/* agents: ~GOV appended, NGM~ prepended, FORMER */
	T_STREQ(code1("Arnor minister will restore relations with Gondor police soon.", NULL),
	        "ARNGOV|GONCOP|064");
	T_STREQ(code1("Activists in Arnor will restore relations with Gondor soon.", NULL),
	        "NGMARN|GON|064");
	T_STREQ(code1("Former minister of Arnor will restore relations with Gondor.", NULL),
	        "ARNELI|GON|064");
	/* a capitalised verb and a verb after a determiner are nouns */
	T_STREQ(code1("Arnor To Restore Gondor relations at the summit today.", NULL), "");
	T_STREQ(code1("Arnor the restore Gondor relations at the summit today.", NULL), "");
	T_STREQ(code1("Arnor to restore Gondor relations at the summit today.", NULL),
	        "ARN|GON|064");
	/* pronoun: he/she/it -> first actor before it */
	T_STREQ(code1("Arnor met the delegates and then it accused Gondor at length.", NULL),
	        "ARN|GON|112");
	/* comma clause nulled */
	T_STREQ(code1("Arnor, which Osgiliath hates, will restore relations with Gondor.", NULL),
	        "ARN|GON|064");
}

static void test_event_fields(void)
{
	tides_sentence s;
	tides_story st;
	const tides_event *ev;
	size_t n = 0;
	const char *text = "Arnor will restore diplomatic ties with Minas Tirith very soon.";
	t_story1(&st, &s, text, strlen(text), "2001-02-03");
	s.doc_id = st.doc_id = "doc-7";
	s.sentence = 2;
	T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
	T_INTEQ(n, 1);
	if (n != 1)
		return;
	T_STREQ(ev[0].date, "2001-02-03");
	{
		/* TABARI-style story dates are converted */
		st.date = "010203";
		s.date = NULL;
		T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
		T_CHECK(n == 1 && strcmp(ev[0].date, "2001-02-03") == 0);
		st.date = "19950101";
		T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
		T_CHECK(n == 1 && strcmp(ev[0].date, "1995-01-01") == 0);
		st.date = "2001-02-03";
		s.date = "2001-02-03";
		T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
	}
	T_STREQ(ev[0].doc_id, "doc-7");
	T_INTEQ(ev[0].sentence, 2);
	T_STREQ(ev[0].code, "065");
	T_STREQ(ev[0].root, "06");
	T_INTEQ(ev[0].quad, 2);
	T_STREQ(ev[0].lang, "en");
	T_STREQ(ev[0].origin, "coder");
	T_STREQ(ev[0].source_text, "Arnor");
	T_STREQ(ev[0].target_text, "Minas Tirith");
	T_STREQ(ev[0].verb_text, "restore diplomatic ties");
	T_INTEQ(strlen(ev[0].event_id), 16);
	{
		char id[17];
		memcpy(id, ev[0].event_id, 17);
		T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
		T_STREQ(ev[0].event_id, id); /* stable */
	}
	T_INTEQ(tides_coder_set_option(coder, "quad", "icews"), TIDES_OK);
	T_INTEQ(tides_coder_set_option(coder, "nonsense", "1"), TIDES_ERR_USAGE);
	T_INTEQ(tides_coder_set_option(coder, "comma_max", "x"), TIDES_ERR_USAGE);
	T_INTEQ(tides_coder_set_option(coder, "quad", "gdelt"), TIDES_OK);
}

/* A verb with many patterns takes the indexed path: the same choices. */
static void test_many_patterns(void)
{
	char verbs[8192];
	size_t n = 0;
	int k;
	tides_ctx *c2 = tides_ctx_new();
	tides_dicts *d;
	tides_coder *keep = coder;
	n += (size_t)snprintf(verbs + n, sizeof verbs - n, "DEMAND  [150]\n");
	for (k = 0; k < 30; k++)
		n += (size_t)snprintf(verbs + n, sizeof verbs - n, "- * WORD%c%c  [1%02d]\n",
		                      'A' + k % 26, 'A' + k / 26, k);
	n += (size_t)snprintf(verbs + n, sizeof verbs - n,
	                      "- * FOR { TOTAL_EMBARGO | BOYCOTT }  [172]\n"
	                      "- * AGAINST { TOTAL_EMBARGO | BOYCOTT }  [173]\n"
	                      "- * FOR  [095]\n"
	                      "- $ NEVER *  [111]\n");
	put("m.verbs", verbs);
	d = load(c2, "m.verbs", "t.actors", NULL);
	T_CHECK(d != NULL);
	if (!d) {
		tides_ctx_free(c2);
		return;
	}
	T_CHECK(d->verbs[0].npat >= 24 ? d->verbs[0].nkey > 0 : 1);
	coder = NULL;
	T_INTEQ(tides_coder_new(c2, d, &coder), TIDES_OK);
	T_STREQ(code1("Arnor demanded wordca from Gondor in the talks today.", NULL), "ARN|GON|102");
	T_STREQ(code1("Arnor demanded for a total embargo against Gondor today.", NULL),
	        "ARN|GON|172");
	T_STREQ(code1("Arnor demanded for a boycott against Gondor today now.", NULL),
	        "ARN|GON|172");
	T_STREQ(code1("Arnor demanded for a strike against Gondor today now.", NULL),
	        "ARN|GON|095");
	/* the last candidate has alternatives: no fall back to the verb's code */
	T_STREQ(code1("Arnor demanded against a boycott of Gondor today now.", NULL),
	        "ARN|GON|173");
	T_STREQ(code1("Arnor never demanded anything from Gondor today now.", NULL),
	        "ARN|GON|111");
	T_STREQ(code1("Arnor demanded nothing from Gondor in the talks today.", NULL),
	        "ARN|GON|150");
	tides_coder_free(coder);
	coder = keep;
	tides_dicts_free(d);
	tides_ctx_free(c2);
	{
		char path[600];
		snprintf(path, sizeof path, "%s/m.verbs", tdir);
		unlink(path);
	}
}

static int opt(const char *cmd)
{
	return tides_coder_set_option(coder, "tabari", cmd) == TIDES_OK;
}

/* TABARI .options commands change the coding. */
static void test_options(void)
{
	const char *two = "Arnor praised Osgiliath but Gondor accused Osgiliath very much.";
	const char *one = "Arnor praised Osgiliath after it accused Gondor in the debate.";
	/* CODE BY CLAUSE (default): the first event of each clause */
	T_STREQ(code1(two, NULL), "ARN|OSG|041;GON|OSG|112");
	T_STREQ(code1(one, NULL), "ARN|OSG|041");
	T_CHECK(opt("SET: CODE BY SENTENCE"));
	T_STREQ(code1(two, NULL), "ARN|OSG|041");
	T_CHECK(opt("SET: CODE ALL"));
	T_STREQ(code1(one, NULL), "ARN|OSG|041;ARN|GON|112");
	T_CHECK(opt("SET: CODE BY CLAUSE"));
	/* a dominant code cancels the others */
	T_CHECK(opt("SET: CODE ALL"));
	T_STREQ(code1("Arnor praised Osgiliath and will attend with Gondor soon.", NULL),
	        "ARN|GON|043");
	T_CHECK(opt("SET: CODE BY CLAUSE"));
	/* default actors */
	T_CHECK(opt("DEFAULT: SOURCE [DEFSRC] TARGET [DEFTAR]"));
	T_STREQ(code1("Someone will restore relations with nobody very soon now.", NULL),
	        "DEFSRC|DEFTAR|064");
	T_CHECK(opt("DEFAULT: OFF"));
	T_STREQ(code1("Someone will restore relations with nobody very soon now.", NULL), "");
	/* time shift: the event date moves; a ### time phrase discards */
	T_CHECK(opt("SET: TIME SHIFT = TRUE"));
	{
		tides_sentence s;
		tides_story st;
		const tides_event *ev;
		size_t n = 0;
		const char *t = "Yesterday Arnor will restore relations with Gondor very soon.";
		t_story1(&st, &s, t, strlen(t), "2000-03-01");
		T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
		T_INTEQ(n, 1);
		if (n)
			T_STREQ(ev[0].date, "2000-02-29");
	}
	T_STREQ(code1("Someday Arnor will restore relations with Gondor very soon.", NULL), "");
	T_INTEQ(tides_coder_story_status(coder), TIDES_CODED_DISCARD);
	T_CHECK(opt("SET: TIME SHIFT = FALSE"));
	/* agents alone become actors with CONVERT AGENT */
	T_STREQ(code1("Guerrillas will restore relations with Gondor very soon now.", NULL), "");
	T_CHECK(opt("SET: CONVERT AGENT = TRUE"));
	T_STREQ(code1("Guerrillas will restore relations with Gondor very soon now.", NULL),
	        "~REB|GON|064");
	T_CHECK(opt("SET: CONVERT AGENT = FALSE"));
	/* comma clauses off: the clause is no longer nulled */
	T_STREQ(code1("Arnor, which accuses Osgiliath, will restore relations with Gondor.", NULL),
	        "ARN|GON|064");
	T_CHECK(opt("COMMA: OFF"));
	T_STREQ(code1("Arnor, which accuses Osgiliath, will restore relations with Gondor.", NULL),
	        "ARN|OSG|112");
	T_CHECK(opt("COMMA: MIN = 2 MAX = 10 EMIN = 2 EMAX = 10 BMIN = 255 BMAX = 0"));
	T_CHECK(!opt("FROBNICATE: 3"));
}

/* Pronouns of a later sentence refer to the first actor of the previous one
 * with FORWARD on. */
static void test_forward(void)
{
	tides_sentence s[2];
	tides_story st;
	const tides_event *ev;
	size_t n = 0;
	const char *a = "Arnor will restore relations with Gondor very soon now.";
	const char *b = "He also praised Osgiliath in the long meeting there.";
	memset(s, 0, sizeof s);
	s[0].text = a;
	s[0].len = strlen(a);
	s[0].sentence = 1;
	s[1].text = b;
	s[1].len = strlen(b);
	s[1].sentence = 2;
	memset(&st, 0, sizeof st);
	st.date = "1995-01-01";
	st.nsent = 2;
	st.sent = s;
	T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
	T_INTEQ(n, 1);
	T_CHECK(opt("FORWARD: ^^"));
	T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
	T_INTEQ(n, 2);
	if (n == 2) {
		T_STREQ(ev[1].source, "ARN");
		T_STREQ(ev[1].target, "OSG");
		T_INTEQ(ev[1].sentence, 2);
	}
	T_CHECK(opt("FORWARD: OFF"));
}

/* Issue and discard phrases (PETRARCH's) are found anywhere in a sentence. */
static void test_issues_and_discards(void)
{
	tides_ctx *c2 = tides_ctx_new();
	tides_dicts *d = load(c2, "t.verbs", "t.actors", "t.agents");
	tides_coder *c3 = NULL;
	dict_elem e[2];
	dict_phrase ph;
	uint32_t k;
	tides_sentence s;
	tides_story st;
	const tides_event *ev;
	size_t n = 0;
	const char *text = "Arnor will restore relations with Gondor over the water dam soon.";
	T_CHECK(d != NULL);
	if (!d)
		return;
	memset(e, 0, sizeof e);
	e[0].kind = e[1].kind = DICT_EL_WORD;
	e[0].ref = dict_intern(d, "WATER", 5);
	e[0].flags = DICT_EF_NEXT;
	e[1].ref = dict_intern(d, "DAM", 3);
	ph.first = dict_add_elems(d, e, 2);
	ph.n = 2;
	k = dict_add_issue(d, "WATER", 0);
	T_INTEQ(dict_add_entry(d, DICT_K_ISSUE, k, 0, ph), 0);
	e[0].ref = dict_intern(d, "SPORTS", 6);
	ph.first = dict_add_elems(d, e, 1);
	ph.n = 1;
	k = dict_add_discard(d, "###");
	T_INTEQ(dict_add_entry(d, DICT_K_DISCARD, k, 0, ph), 0);
	T_INTEQ(dict_finish(d), 0);
	T_INTEQ(tides_coder_new(c2, d, &c3), TIDES_OK);
	t_story1(&st, &s, text, strlen(text), "1995-01-01");
	T_INTEQ(tides_coder_code_story(c3, &st, &ev, &n), TIDES_OK);
	T_INTEQ(n, 1);
	if (n)
		T_STREQ(ev[0].issues, "WATER");
	text = "Arnor will restore sports relations with Gondor very soon.";
	s.text = text;
	s.len = strlen(text);
	T_INTEQ(tides_coder_code_story(c3, &st, &ev, &n), TIDES_OK);
	T_INTEQ(n, 0);
	T_INTEQ(tides_coder_story_status(c3), TIDES_CODED_DISCARD);
	tides_coder_free(c3);
	tides_dicts_free(d);
	tides_ctx_free(c2);
}

/* ------------------------------------------------------------ bad input */

static void test_bad_input(void)
{
	char bad[] = "Arnor will restore \xff\xfe ties with Gondor \xc3 very soon now.";
	char withnul[] = "Arnor will restore relations\0 with Gondor very soon now.";
	tides_sentence s;
	tides_story st;
	const tides_event *ev;
	size_t n = 0, big = 1024 * 1024, i;
	char *huge;
	T_STREQ(code1(bad, NULL), "ARN|GON|065");
	T_STREQ(code1("", NULL), "");
	T_STREQ(code1("   ,,, ...   ", NULL), "");
	t_story1(&st, &s, withnul, sizeof withnul - 1, "1995-01-01");
	T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
	T_INTEQ(n, 1);
	huge = malloc(big + 1);
	T_CHECK(huge != NULL);
	if (!huge)
		return;
	for (i = 0; i < big; i++)
		huge[i] = "Arnor restore Gondor ,"[i % 22];
	huge[big] = '\0';
	s.text = huge;
	s.len = big;
	T_INTEQ(tides_coder_code_story(coder, &st, &ev, &n), TIDES_OK);
	for (i = 0; i < n; i++)
		T_CHECK(ev[i].source[0] && ev[i].target[0]);
	free(huge);
}

/* Random word salads from dictionary words and junk never break the coder
 * and every event it makes is complete. */
static void test_random_sentences(void)
{
	static const char *words[] = {"Arnor", "Gondor", "and", "the", "restore", "ties", ",",
	                              "was", "by", "minister", "Former", "it", "they", "freed",
	                              "from", "at", "warned", "Osgiliath", "\"", "(", "Smeagol",
	                              "said", "not", "will", "\xc3\xa9t\xc3\xa9", "\xff", "99",
	                              "Al", "Gore", "called", "for", "boycott", "The", "Shire"};
	unsigned seed = 12345;
	int it, bad = 0;
	char text[1024];
	for (it = 0; it < 3000; it++) {
		size_t n = 0, k, nw = (seed >> 3) % 40;
		tides_sentence s;
		tides_story st;
		const tides_event *ev;
		size_t nev = 0, i;
		for (k = 0; k < nw && n < sizeof text - 64; k++) {
			const char *w;
			seed = seed * 1103515245u + 12345u;
			w = words[(seed >> 8) % (sizeof words / sizeof words[0])];
			n += (size_t)snprintf(text + n, sizeof text - n, "%s ", w);
		}
		text[n] = '\0';
		seed = seed * 1103515245u + 12345u;
		t_story1(&st, &s, text, n, "1999-01-01");
		if (tides_coder_code_story(coder, &st, &ev, &nev) != TIDES_OK)
			bad++;
		for (i = 0; i < nev; i++)
			if (!ev[i].source[0] || !ev[i].target[0] || !ev[i].code[0] ||
			    strcmp(ev[i].source, ev[i].target) == 0 || strlen(ev[i].event_id) != 16) {
				if (bad++ < 5)
					fprintf(stderr, "bad event %s|%s|%s from: %s\n", ev[i].source,
					        ev[i].target, ev[i].code, text);
			}
	}
	T_INTEQ(bad, 0);
}

/* One tides_dicts shared by threads, one coder each: same results. */
struct thr {
	int events;
	int ok;
};

static void *thread_main(void *arg)
{
	struct thr *t = arg;
	tides_ctx *c2 = tides_ctx_new();
	tides_coder *c3 = NULL;
	int i;
	t->ok = c2 && tides_coder_new(c2, dicts, &c3) == TIDES_OK;
	for (i = 0; t->ok && i < 2000; i++) {
		const char *text = i % 2 ? "Arnor will restore relations with Gondor and Osgiliath soon."
		                         : "Gondor was freed from Osgiliath after six days of fighting.";
		tides_sentence s;
		tides_story st;
		const tides_event *ev;
		size_t n;
		t_story1(&st, &s, text, strlen(text), "1995-01-01");
		if (tides_coder_code_story(c3, &st, &ev, &n) != TIDES_OK)
			t->ok = 0;
		t->events += (int)n;
	}
	tides_coder_free(c3);
	tides_ctx_free(c2);
	return NULL;
}

static void test_threads(void)
{
	pthread_t th[4];
	struct thr t[4];
	int i;
	memset(t, 0, sizeof t);
	for (i = 0; i < 4; i++)
		T_INTEQ(pthread_create(&th[i], NULL, thread_main, &t[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		T_CHECK(t[i].ok);
		T_INTEQ(t[i].events, 3000);
	}
}

int main(void)
{
	setup();
	T_RUN(test_lexer);
	T_RUN(test_loader_features);
	T_RUN(test_loader_malformed);
	T_RUN(test_loader_missing_file);
	T_RUN(test_loader_nomem);
	T_RUN(test_loader_random);
	T_RUN(test_date_parse);
	T_RUN(test_coder_nomem);
	T_RUN(test_basic_and_endings);
	T_RUN(test_pattern_slots);
	T_RUN(test_codes_and_structure);
	T_RUN(test_event_fields);
	T_RUN(test_issues_and_discards);
	T_RUN(test_options);
	T_RUN(test_many_patterns);
	T_RUN(test_forward);
	T_RUN(test_bad_input);
	T_RUN(test_random_sentences);
	T_RUN(test_threads);
	tides_coder_free(coder);
	tides_dicts_free(dicts);
	tides_ctx_free(ctx);
	t_rmdir(tdir);
	return t_done();
}
