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

static char tmpl[] = "/tmp/tides-qreader-XXXXXX";
static char path[64];
static int nwarn;
static char lastwarn[512];

static void on_warn(void *ud, const char *msg)
{
	(void)ud;
	nwarn++;
	snprintf(lastwarn, sizeof lastwarn, "%s", msg);
}

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
	FILE *f;
	snprintf(path, sizeof path, "%s/in", tmpl);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(data, 1, strlen(data), f);
	fclose(f);
	memset(&o, 0, sizeof o);
	o.format = fmt;
	o.default_date = "2014-06-01";
	o.doc_id = "D";
	o.default_lang = lang;
	nwarn = 0;
	lastwarn[0] = '\0';
	out[0] = '\0';
	tides_ctx_set_warn(ctx, on_warn, NULL);
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
	T_CHECK(nwarn >= 1);
	T_CHECK(strstr(lastwarn, "without sentence punctuation") != NULL);
	/* --lang zh also selects the Chinese splitter */
	n = read_sents("美国谴责俄罗斯；中国表示反对。\n", TIDES_IN_TEXT, "zh", out, sizeof out);
	T_INTEQ(n, 2);
}

int main(void)
{
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 1;
	}
	T_RUN(test_zh_prose);
	T_RUN(test_zh_forced);
	unlink(path);
	rmdir(tmpl);
	return t_done();
}
