/* test-quality-reader.c — the text readers split Chinese paragraphs with
 * the Chinese splitter (zh_split): at ；, with closing quotes kept, and
 * with a forced, warned-about cut in a run of characters without
 * punctuation; English paragraphs keep the English rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "test.h"
#include "fixture.h"

static char tmpl[64];
static char path[128];
static t_warns warns;

/* Reads data as fmt; returns the number of sentences, their texts joined
 * by '\n' into out. */
static int read_sents(const char *data, tides_input_format fmt, const char *lang, char *out,
                      size_t cap)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_reader *r = NULL;
	tides_reader_opts o;
	const tides_story *st;
	size_t len = 0, i;
	int n = 0;
	if (!t_write_file(tmpl, "in", data, strlen(data), path, sizeof path))
		return -1;
	memset(&o, 0, sizeof o);
	o.format = fmt;
	o.default_date = "2014-06-01";
	o.doc_id = "D";
	o.default_lang = lang;
	memset(&warns, 0, sizeof warns);
	out[0] = '\0';
	tides_ctx_set_warn(ctx, t_warn_cb, &warns);
	if (tides_reader_open(ctx, path, &o, &r) != TIDES_OK) {
		tides_ctx_free(ctx);
		return -1;
	}
	for (;;) {
		if (tides_reader_next(r, &st) != TIDES_OK || !st)
			break;
		for (i = 0; i < st->nsent; i++) {
			int k = snprintf(out + len, cap - len, "%s\n", st->sent[i].text);
			if (k > 0 && (size_t)k < cap - len)
				len += (size_t)k;
			n++;
		}
	}
	tides_reader_free(r);
	tides_ctx_free(ctx);
	return n;
}

static void test_zh_prose(void)
{
	static char out[65536];
	T_INTEQ(read_sents("美国谴责俄罗斯；中国呼吁各方保持克制。\n", TIDES_IN_TEXT, NULL, out,
	                   sizeof out), 2);
	T_STREQ(out, "美国谴责俄罗斯；\n中国呼吁各方保持克制。\n");
	/* closing quotes stay with their sentence */
	T_INTEQ(read_sents("他说：“美国谴责俄罗斯。”中国表示反对！\n", TIDES_IN_TEXT, NULL, out,
	                   sizeof out), 2);
	T_STREQ(out, "他说：“美国谴责俄罗斯。”\n中国表示反对！\n");
	/* JSONL text, Chinese by script and by its lang field */
	T_INTEQ(read_sents("{\"id\":\"a\",\"text\":\"美国谴责俄罗斯；中国表示反对。\"}\n", TIDES_IN_JSONL,
	                   NULL, out, sizeof out), 2);
	T_INTEQ(read_sents("{\"id\":\"a\",\"lang\":\"zh\",\"text\":\"美国谴责俄罗斯;中国表示反对。\"}\n",
	                   TIDES_IN_JSONL, NULL, out, sizeof out), 2);
	/* English keeps its rules: a semicolon does not end a sentence */
	T_INTEQ(read_sents("Arnor met Gondor; it left. Rohan stayed.\n", TIDES_IN_TEXT, NULL, out,
	                   sizeof out), 2);
	T_STREQ(out, "Arnor met Gondor; it left.\nRohan stayed.\n");
}

static void test_zh_forced(void)
{
	static char in[8192], out[65536];
	size_t i, o = 0;
	int n;
	/* 1,000 characters without punctuation: cut at 400, warned about */
	for (i = 0; i < 1000; i++) {
		memcpy(in + o, i % 2 ? "国" : "中", 3);
		o += 3;
	}
	memcpy(in + o, "。\n", 5);
	n = read_sents(in, TIDES_IN_TEXT, NULL, out, sizeof out);
	T_INTEQ(n, 3);
	T_CHECK(warns.n >= 1);
	T_CHECK(strstr(warns.last, "without sentence punctuation") != NULL);
	/* --lang zh also selects the Chinese splitter */
	n = read_sents("美国谴责俄罗斯；中国表示反对。\n", TIDES_IN_TEXT, "zh", out, sizeof out);
	T_INTEQ(n, 2);
}

int main(void)
{
	if (t_tmpdir(tmpl, sizeof tmpl, "qreader") < 0)
		return 1;
	T_RUN(test_zh_prose);
	T_RUN(test_zh_forced);
	t_rmdir(tmpl);
	return t_done();
}
