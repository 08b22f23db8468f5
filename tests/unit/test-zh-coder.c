/* Unit tests for src/text/zh-coder.c: what the coder receives for a
 * Chinese sentence (segmentation with the dictionary words, the token
 * mapping for negation, attributive clauses, topicalized targets, commas
 * and conjunctions) and the sentence's date. */
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

#include "tides.h"
#include "text/zh.h"
#include "util/utf8.h"

static tides_ctx *g_ctx;
static zh_hook *g_h;
static char g_dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", g_dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static tides_dicts *mkdicts(void)
{
	tides_dict_paths p;
	tides_dicts *d = NULL;
	snprintf(g_dir, sizeof g_dir, "/tmp/tides-zhc.XXXXXX");
	if (!mkdtemp(g_dir)) {
		perror("mkdtemp");
		exit(1);
	}
	put("v.txt", "谴责_ [111]\n袭击_ [190]\n会见_ [040]\n访问_ [042]\n表示_ [---]\n");
	put("a.txt", "美国_ [USA]\n俄罗斯_ [RUS]\n美国国务卿_ [USAGOV]\n");
	put("g.txt", "外长_ [~GOV]\n");
	memset(&p, 0, sizeof p);
	p.dir = g_dir;
	p.verbs = "v.txt";
	p.actors = "a.txt";
	p.agents = "g.txt";
	p.lang = "zh";
	p.no_defaults = 1;
	if (tides_dicts_load(g_ctx, &p, &d) != TIDES_OK) {
		fprintf(stderr, "%s\n", tides_errmsg(g_ctx));
		exit(1);
	}
	return d;
}

static char g_date[11];

static const char *toks(const char *text, const char *story)
{
	tides_sentence s;
	const char *t = NULL;
	size_t n = 0;
	memset(&s, 0, sizeof s);
	s.lang = "zh";
	s.text = text;
	s.len = strlen(text);
	s.file = "test";
	if (zh_hook_sentence(g_h, &s, story, &t, &n, g_date) != TIDES_OK)
		return "(error)";
	return t;
}

static void test_segment_with_dicts(void)
{
	T_STREQ(toks("美国国务卿会见俄罗斯外长。", "2014-03-20"), "美国国务卿 会见 俄罗斯 外长 。");
	T_STREQ(g_date, "2014-03-20");
}

static void test_commas_and_conjunctions(void)
{
	/* the comma is an ordinary word for the coder; 、 lists; 和 is AND */
	T_STREQ(toks("今天，美国谴责俄罗斯、伊朗和叙利亚。", "2014-03-20"),
	        "今天 ， 美国 谴责 俄罗斯 , 伊朗 AND 叙利亚 。");
}

static void test_negation(void)
{
	T_STREQ(toks("美国没有谴责俄罗斯。", "2014-03-20"), "美国 不谴责 俄罗斯 。");
	/* across a prepositional phrase, to the first dictionary verb */
	T_STREQ(toks("美国未对俄罗斯发动袭击。", "2014-03-20"), "美国 对 俄罗斯 发动 不袭击 。");
	/* the scope ends at the clause */
	T_STREQ(toks("美国不满，谴责俄罗斯。", "2014-03-20"), "美国 不满 ， 谴责 俄罗斯 。");
}

static void test_attributive(void)
{
	T_STREQ(toks("正在访问的美国国务卿会见了俄罗斯外长。", "2014-03-20"),
	        "正在 访问的 的 美国国务卿 会见 了 俄罗斯 外长 。");
	/* a subject before the verb: not an attributive clause */
	T_STREQ(toks("美国谴责的俄罗斯外长", "2014-03-20"), "美国 谴责 的 俄罗斯 外长");
}

static void test_topic(void)
{
	/* the subject after the comma comes first; the verb after 的 before
	 * a light verb is a noun */
	T_STREQ(toks("对于俄罗斯的袭击，美国表示谴责。", "2014-03-20"),
	        "美国 对 俄罗斯 的 袭击的 表示 谴责 。");
}

static void test_dates(void)
{
	toks("美国16日谴责俄罗斯。", "2014-03-20");
	T_STREQ(g_date, "2014-03-16");
	zh_hook_story(g_h);
	toks("1993年4月初，美国谴责俄罗斯。", "2014-03-20");
	T_STREQ(g_date, "1993-04-01");
	toks("同日，美国谴责俄罗斯。", "2014-03-20");
	T_STREQ(g_date, "1993-04-01"); /* the day the story stated before */
	zh_hook_story(g_h);
	toks("同日，美国谴责俄罗斯。", "2014-03-20");
	T_STREQ(g_date, "2014-03-20");
	/* a year alone is background, not the event's date */
	toks("今年，美国谴责俄罗斯。", "2014-03-20");
	T_STREQ(g_date, "2014-03-20");
}

static void test_wants(void)
{
	tides_sentence s;
	uint64_t w0 = tides_ctx_warnings(g_ctx);
	memset(&s, 0, sizeof s);
	s.text = "The US condemned Russia.";
	s.len = strlen(s.text);
	T_CHECK(!zh_hook_wants(g_ctx, &s));
	s.text = "美国谴责俄罗斯";
	s.len = strlen(s.text);
	T_CHECK(zh_hook_wants(g_ctx, &s));
	s.lang = "zh";
	s.text = "USA";
	s.len = 3;
	T_CHECK(zh_hook_wants(g_ctx, &s));
	/* GB18030 bytes: Chinese, with a warning */
	s.lang = NULL;
	s.text = "\xC3\xC0\xB9\xFA\xC7\xB4\xD4\xF0";
	s.len = 8;
	T_CHECK(zh_hook_wants(g_ctx, &s));
	T_INTEQ(tides_ctx_warnings(g_ctx), w0 + 1);
}

/* The hook's text is valid UTF-8 without NUL and NUL-terminated whatever
 * the input (zh.h: the coder copies event words from it as they are):
 * random bytes, NULs, broken and legacy-encoded characters, controls,
 * full-width and traditional forms mixed with dictionary words. */
static void test_text_contract(void)
{
	static const char *const pool[] = {"美国", "谴责", "俄罗斯", "，", "。", "美國", "Ａ", "\xEF\xB7\xBA",
	                                   "\xE4\xB8", "\xC3\xC0", "\xFF", "\x80", "\x01", "a", " "};
	char buf[256];
	unsigned seed = 3;
	int it, bad = 0;
	for (it = 0; it < 3000 && !bad; it++) {
		tides_sentence s;
		const char *t = NULL;
		size_t n = 0, len = 0, k, m;
		seed = seed * 1103515245u + 12345u;
		m = 1 + (seed >> 16) % 16;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 9 == 0) {
				buf[len++] = (char)(seed >> 8); /* any byte, NUL included */
			} else {
				const char *w = pool[(seed >> 16) % (sizeof pool / sizeof pool[0])];
				memcpy(buf + len, w, strlen(w));
				len += strlen(w);
			}
		}
		memset(&s, 0, sizeof s);
		s.lang = "zh";
		s.text = buf;
		s.len = len;
		s.file = "test";
		if (zh_hook_sentence(g_h, &s, "2014-03-20", &t, &n, g_date) != TIDES_OK) {
			T_CHECK(!"zh_hook_sentence failed");
			bad = 1;
		} else if (tides_utf8_check(t, n) != n || memchr(t, 0, n) || t[n] != '\0') {
			T_CHECK(!"the hook's text breaks its contract");
			bad = 1;
		}
	}
}

int main(void)
{
	tides_dicts *d;
	char cmd[128];
	g_ctx = tides_ctx_new();
	tides_ctx_set_warn(g_ctx, NULL, NULL);
	d = mkdicts();
	if (zh_hook_new(g_ctx, d, &g_h) != TIDES_OK) {
		fprintf(stderr, "%s\n", tides_errmsg(g_ctx));
		return 1;
	}
	T_RUN(test_segment_with_dicts);
	T_RUN(test_commas_and_conjunctions);
	T_RUN(test_negation);
	T_RUN(test_attributive);
	T_RUN(test_topic);
	T_RUN(test_dates);
	T_RUN(test_wants);
	T_RUN(test_text_contract);
	zh_hook_free(g_h);
	tides_dicts_free(d);
	tides_ctx_free(g_ctx);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", g_dir);
	return t_done();
}
