/* test-text.c — sentence splitting, footnotes, language, date expressions,
 * JSON, event writers and ids. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tides.h"
#include "text/text.h"
#include "util/date.h"
#include "test.h"

/* ---------------------------------------------------------------- splitter */

typedef struct sents { int n; char s[16][256]; } sents;

static int collect(void *ud, const char *s, size_t n)
{
	sents *x = ud;
	if (x->n < 16) {
		size_t k = n < 255 ? n : 255;
		memcpy(x->s[x->n], s, k);
		x->s[x->n][k] = '\0';
	}
	x->n++;
	return 0;
}

static sents split(const char *p)
{
	sents x;
	memset(&x, 0, sizeof x);
	text_split_sentences(p, strlen(p), collect, &x);
	return x;
}

static void test_split_basic(void)
{
	sents x = split("Arnor met Gondor. Gondor left! Why? Nobody knows.");
	T_INTEQ(x.n, 4);
	T_STREQ(x.s[0], "Arnor met Gondor.");
	T_STREQ(x.s[1], "Gondor left!");
	T_STREQ(x.s[2], "Why?");
	T_STREQ(x.s[3], "Nobody knows.");
	x = split("");
	T_INTEQ(x.n, 0);
	x = split("   ");
	T_INTEQ(x.n, 0);
	x = split("No final stop");
	T_INTEQ(x.n, 1);
	T_STREQ(x.s[0], "No final stop");
}

static void test_split_abbrev(void)
{
	sents x = split("Mr. Smith met Dr. Jones in St. Louis on Jan. 5. They talked.");
	T_INTEQ(x.n, 2);
	T_STREQ(x.s[0], "Mr. Smith met Dr. Jones in St. Louis on Jan. 5.");
	x = split("The U.S. and the U.N. agreed. Gen. Powell said so.");
	T_INTEQ(x.n, 2);
	T_STREQ(x.s[1], "Gen. Powell said so.");
	x = split("It was J. F. Kennedy who spoke. Sanctions, e.g. bans, i.e. limits, followed.");
	T_INTEQ(x.n, 2);
	T_STREQ(x.s[0], "It was J. F. Kennedy who spoke.");
	/* "U.S." ends a sentence before a word that starts one */
	x = split("Troops came from the U.S. The Russians left.");
	T_INTEQ(x.n, 2);
	x = split("He is No. 2 in the party. He said no.");
	T_INTEQ(x.n, 2);
}

static void test_split_decimals_quotes(void)
{
	sents x = split("Aid rose to $1.6 billion. It was 3.5 percent more.");
	T_INTEQ(x.n, 2);
	T_STREQ(x.s[0], "Aid rose to $1.6 billion.");
	x = split("He said \"we will fight.\" Then he left. (The talks failed.) Later they met.");
	T_INTEQ(x.n, 4);
	T_STREQ(x.s[0], "He said \"we will fight.\"");
	T_STREQ(x.s[2], "(The talks failed.)");
	x = split("Is it over?\" he asked. Yes.");
	T_INTEQ(x.n, 1 + 1); /* '?"' then lowercase: no split there */
	T_STREQ(x.s[0], "Is it over?\" he asked.");
}

static void test_split_chinese(void)
{
	sents x = split("美国总统会见了中国主席。双方讨论了贸易！会谈成功吗？是的。");
	T_INTEQ(x.n, 4);
	T_STREQ(x.s[0], "美国总统会见了中国主席。");
	T_STREQ(x.s[3], "是的。");
	x = split("他说：“我们同意。”然后离开了。");
	T_INTEQ(x.n, 2);
	T_STREQ(x.s[0], "他说：“我们同意。”");
}

static void test_footnotes(void)
{
	char a[] = "They agreed.[3] The talks [12] ended.";
	char b[] = "The relations cooled.\xC2\xB9 Then\xE2\x81\xB4 war.";
	char c[] = "It ended in 1993.5 percent rose. Aid was 1,000 tons, relations.3 The end";
	size_t n;
	n = text_strip_footnotes(a, strlen(a));
	T_STREQ(a, "They agreed. The talks ended.");
	T_INTEQ(n, strlen(a));
	text_strip_footnotes(b, strlen(b));
	T_STREQ(b, "The relations cooled. Then war.");
	text_strip_footnotes(c, strlen(c));
	T_STREQ(c, "It ended in 1993.5 percent rose. Aid was 1,000 tons, relations. The end");
}

static void test_lang(void)
{
	T_STREQ(text_detect_lang("Arnor met Gondor.", 17), "en");
	T_STREQ(text_detect_lang("美国总统会见了中国主席", strlen("美国总统会见了中国主席")), "zh");
	T_STREQ(text_detect_lang("奥巴马与Putin会谈", strlen("奥巴马与Putin会谈")), "zh");
	T_STREQ(text_detect_lang("", 0), "en");
}

/* ------------------------------------------------------------ date expressions */

static const char *dx(const char *s, const char *story, int *prec)
{
	static char out[11];
	int32_t day, sd = story ? tides_date_parse_iso(story, strlen(story)) : TIDES_DATE_NONE;
	*prec = text_date_expr(s, strlen(s), sd, &day);
	if (*prec == TEXT_DATE_NONE)
		return "";
	tides_date_format(day, out);
	return out;
}

static void test_date_expr(void)
{
	int p;
	T_STREQ(dx("In April 1993, Clinton met Yeltsin in Vancouver.", NULL, &p), "1993-04-01");
	T_INTEQ(p, TIDES_DATE_MONTH);
	T_STREQ(dx("On 16 March 2014, Russia annexed Crimea.", NULL, &p), "2014-03-16");
	T_INTEQ(p, TIDES_DATE_DAY);
	T_STREQ(dx("On March 16, 2014 Russia annexed Crimea.", NULL, &p), "2014-03-16");
	T_STREQ(dx("Talks resumed on March 16 in Geneva.", "2014-06-01", &p), "2014-03-16");
	T_INTEQ(p, TIDES_DATE_DAY);
	/* no story date: a month and day alone say nothing */
	T_STREQ(dx("Talks resumed on March 16 in Geneva.", NULL, &p), "");
	/* a December article speaking of January means the next one */
	T_STREQ(dx("They will meet on January 5.", "2013-12-20", &p), "2014-01-05");
	T_STREQ(dx("on the 16th of March the talks began", "2014-06-01", &p), "2014-03-16");
	T_STREQ(dx("Sept. 11, 2001 changed everything.", NULL, &p), "2001-09-11");
	T_STREQ(dx("The 2014-03-16 vote was held.", NULL, &p), "2014-03-16");
	T_STREQ(dx("Talks broke down in 2015, and the envoys left.", NULL, &p), "2015-01-01");
	T_INTEQ(p, TIDES_DATE_YEAR);
	T_STREQ(dx("2014年3月16日，俄罗斯吞并克里米亚。", NULL, &p), "2014-03-16");
	T_STREQ(dx("1993年4月，两国领导人会晤。", NULL, &p), "1993-04-01");
	T_INTEQ(p, TIDES_DATE_MONTH);
	T_STREQ(dx("3月16日双方会谈。", "2014-06-01", &p), "2014-03-16");
	/* nothing that is a date */
	T_STREQ(dx("They may meet in 2000 villages.", "2014-06-01", &p), "");
	T_STREQ(dx("Arnor sent 16 March bands.", NULL, &p), "");
	T_STREQ(dx("On February 30, 2014 nothing happened.", NULL, &p), "");
	T_STREQ(dx("The May Day parade.", NULL, &p), "");
	T_STREQ(dx("", NULL, &p), "");
}

/* -------------------------------------------------------------------- JSON */

static int json(const char *s, tides_buf *id, tides_buf *text)
{
	char err[128];
	text_json_field f[2] = { { "id", id, 0 }, { "text", text, 0 } };
	return text_json_object(s, strlen(s), f, 2, err, sizeof err);
}

static void test_json(void)
{
	tides_buf id = TIDES_BUF_INIT, text = TIDES_BUF_INIT;
	T_INTEQ(json("{\"id\":\"A1\",\"text\":\"Caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" a\\/b\\n\"}", &id, &text), 0);
	T_STREQ(id.s, "A1");
	T_STREQ(text.s, "Caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" a/b\n");
	T_INTEQ(json(" { \"id\" : 17 , \"x\": [1, 2.5e3, {\"y\": null}, true, false], \"text\": \"t\" } ", &id, &text), 0);
	T_STREQ(id.s, "17");
	T_STREQ(text.s, "t");
	T_INTEQ(json("{}", &id, &text), 0);
	T_INTEQ((int)id.len, 0);
	/* rejected */
	T_INTEQ(json("{\"id\":\"a\",}", &id, &text), -1);
	T_INTEQ(json("{'id':'a'}", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"a\"} x", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"a\tb\"}", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"\\ud83d\"}", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"\\ude00\"}", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"\\x\"}", &id, &text), -1);
	T_INTEQ(json("{\"id\":01}", &id, &text), -1);
	T_INTEQ(json("{\"id\":1.}", &id, &text), -1);
	T_INTEQ(json("{\"id\":-}", &id, &text), -1);
	T_INTEQ(json("{\"id\":tru}", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"abc", &id, &text), -1);
	T_INTEQ(json("[1]", &id, &text), -1);
	T_INTEQ(json("", &id, &text), -1);
	T_INTEQ(json("{\"id\":\"\xff\"}", &id, &text), -1);
	{
		/* nesting is bounded, not a stack overflow */
		char deep[4096];
		size_t k = 0;
		memcpy(deep, "{\"x\":", 5);
		k = 5;
		while (k < 4000)
			deep[k++] = '[';
		deep[k] = '\0';
		T_INTEQ(json(deep, &id, &text), -1);
	}
	tides_buf_release(&id);
	tides_buf_release(&text);
}

/* ----------------------------------------------------------------- writers */

static void fill(tides_event *ev)
{
	tides_event_init(ev);
	memcpy(ev->date, "2014-03-16", 11);
	memcpy(ev->source, "RUS", 4);
	memcpy(ev->target, "UKR", 4);
	memcpy(ev->code, "1823", 5);
	memcpy(ev->root, "18", 3);
	ev->quad = 4;
	ev->goldstein = -10.0;
	memcpy(ev->doc_id, "A1", 3);
	ev->sentence = 2;
	memcpy(ev->lang, "en", 3);
	memcpy(ev->source_text, "Russia\t\"x\"", 11);
	memcpy(ev->verb_text, "killed\nnow\\", 12);
	memcpy(ev->origin, "coder", 6);
}

static char *capture(void (*fn)(FILE *, const tides_event *), const tides_event *ev, char *buf,
                     size_t cap)
{
	FILE *f = tmpfile();
	size_t n;
	if (!f)
		return NULL;
	if (fn)
		fn(f, ev);
	else
		tides_event_tsv_header(f);
	rewind(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_writers(void)
{
	tides_event ev;
	char buf[2048];
	fill(&ev);
	tides_event_make_id(&ev);
	T_STREQ(capture(NULL, &ev, buf, sizeof buf),
	        "event_id\tdate\tsource\ttarget\tcode\troot\tquad\tgoldstein\tissues\tdoc_id\tsentence"
	        "\tlang\tsource_text\tverb_text\ttarget_text\n");
	capture(tides_event_write_tsv, &ev, buf, sizeof buf);
	T_CHECK(strstr(buf, "\t2014-03-16\tRUS\tUKR\t1823\t18\t4\t-10.0\t\tA1\t2\ten\tRussia\\t\"x\"\tkilled\\nnow\\\\\t\n") != NULL);
	T_INTEQ((int)strlen(buf), (int)(strchr(buf, '\n') - buf + 1)); /* one line */
	capture(tides_event_write_jsonl, &ev, buf, sizeof buf);
	T_CHECK(strstr(buf, "\"quad\":4,\"goldstein\":-10.0,") != NULL);
	T_CHECK(strstr(buf, "\"source_text\":\"Russia\\t\\\"x\\\"\",\"verb_text\":\"killed\\nnow\\\\\"") != NULL);
	T_CHECK(strstr(buf, "\"sentence\":2,") != NULL);
	ev.goldstein = NAN;
	ev.quad = 0;
	capture(tides_event_write_tsv, &ev, buf, sizeof buf);
	T_CHECK(strstr(buf, "\t18\t\t\t\tA1\t") != NULL);
	capture(tides_event_write_jsonl, &ev, buf, sizeof buf);
	T_CHECK(strstr(buf, "\"quad\":null,\"goldstein\":null") != NULL);
}

static void test_event_id(void)
{
	tides_event a, b;
	fill(&a);
	fill(&b);
	tides_event_make_id(&a);
	tides_event_make_id(&b);
	T_INTEQ((int)strlen(a.event_id), 16);
	T_STREQ(a.event_id, b.event_id);
	/* text fields do not take part */
	memcpy(b.verb_text, "other", 6);
	b.goldstein = 1;
	tides_event_make_id(&b);
	T_STREQ(a.event_id, b.event_id);
	/* identifying fields do, and field boundaries matter */
	b.sentence = 3;
	tides_event_make_id(&b);
	T_CHECK(strcmp(a.event_id, b.event_id) != 0);
	fill(&b);
	memcpy(b.source, "RU", 3);
	memcpy(b.target, "SUKR", 5);
	tides_event_make_id(&b);
	T_CHECK(strcmp(a.event_id, b.event_id) != 0);
	/* pinned: ids are stored, they must never change */
	T_STREQ(a.event_id, "0e1e4edfd474f60a");
}

int main(void)
{
	T_RUN(test_split_basic);
	T_RUN(test_split_abbrev);
	T_RUN(test_split_decimals_quotes);
	T_RUN(test_split_chinese);
	T_RUN(test_footnotes);
	T_RUN(test_lang);
	T_RUN(test_date_expr);
	T_RUN(test_json);
	T_RUN(test_writers);
	T_RUN(test_event_id);
	return t_done();
}
