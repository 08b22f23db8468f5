/* Unit tests for src/text/zh*: script detection, normalization,
 * segmentation with the lexicon, sentence splitting, numbers and dates,
 * and bad input (invalid UTF-8, GB18030/Big5 bytes, huge sentences). */
#include "test.h"

#include <stdlib.h>

#include "tides.h"
#include "text/zh.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/mem.h"
#include "zh-fixture.h"

static tides_ctx *g_ctx;

static zh_lexicon *mklex(const char *const *w)
{
	zh_lexicon *lx = zh_lexicon_new();
	for (; lx && *w; w++)
		zh_lexicon_add(lx, *w, strlen(*w));
	return lx;
}

static void test_detect(void)
{
	T_CHECK(zh_detect("美国国务卿表示", strlen("美国国务卿表示")));
	T_CHECK(!zh_detect("The US said", 11));
	T_CHECK(zh_detect("G20峰会在杭州举行", strlen("G20峰会在杭州举行")));
	/* one stray ideograph in an English sentence is not Chinese */
	T_CHECK(!zh_detect("The word 和 means peace in this long English sentence",
	                   strlen("The word 和 means peace in this long English sentence")));
	T_CHECK(!zh_detect("", 0));
	T_CHECK(zh_detect("中國", strlen("中國")));
}

static void test_normalize(void)
{
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	tides_buf b;
	size_t bad = 99;
	tides_buf_init(&b);
	/* traditional -> simplified */
	T_CHECK(zh_normalize(zt, "中國與美國舉行會談", strlen("中國與美國舉行會談"), &b, &bad) == TIDES_OK);
	T_STREQ(b.s, "中国与美国举行会谈");
	T_INTEQ(bad, 0);
	/* full-width letters, digits, punctuation fold; 。 and quotes stay */
	T_CHECK(zh_normalize(zt, "ＵＳＡ　２０１４年，“好”！。", strlen("ＵＳＡ　２０１４年，“好”！。"), &b,
	                     NULL) == TIDES_OK);
	T_STREQ(b.s, "USA 2014年,“好”!。");
	/* controls become spaces, NUL too */
	T_CHECK(zh_normalize(zt, "中\t国\0x", 9, &b, NULL) == TIDES_OK);
	T_STREQ(b.s, "中 国 x");
	zh_text_free(zt);
	tides_buf_release(&b);
}

static void test_segment_icu(void)
{
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	T_STREQ(zh_fx_toks(zt, "中国和美国签署协议"), "中国 和 美国 签署 协议");
	T_STREQ(zh_fx_toks(zt, "伊朗拒绝同美国谈判。"), "伊朗 拒绝 同 美国 谈判 。");
	/* punctuation is its own token, spaces only separate */
	T_STREQ(zh_fx_toks(zt, "他说：“不。”  OK"), "他 说 : “ 不 。 ” OK");
	T_STREQ(zh_fx_toks(zt, ""), "");
	T_STREQ(zh_fx_toks(zt, "   "), "");
	zh_text_free(zt);
}

static void test_segment_lexicon(void)
{
	static const char *const w[] = {"美国国务卿", "北约", "秘书长", "拉夫罗夫", "斯托尔滕贝格",
	                                "美国_国防部", "哈马斯", "国防部长", "UN", NULL};
	zh_lexicon *lx = mklex(w);
	zh_text *zt = zh_fx_text(g_ctx, lx);
	T_CHECK(zh_lexicon_has(lx, "美国国防部", strlen("美国国防部")));
	T_CHECK(zh_lexicon_has(lx, "国防部", strlen("国防部")));
	T_CHECK(!zh_lexicon_has(lx, "UN", 2)); /* no Han: ICU handles it */
	T_CHECK(!zh_lexicon_has(lx, "美国国", strlen("美国国"))); /* a prefix, not a word */
	T_STREQ(zh_fx_toks(zt, "美国国务卿克里同俄罗斯外长拉夫罗夫举行会谈"),
	        "美国国务卿 克里 同 俄罗斯 外长 拉夫罗夫 举行 会谈");
	T_STREQ(zh_fx_toks(zt, "北约秘书长斯托尔滕贝格表示"), "北约 秘书长 斯托尔滕贝格 表示");
	T_STREQ(zh_fx_toks(zt, "以色列遭到哈马斯袭击"), "以色列 遭到 哈马斯 袭击");
	/* traditional input reaches the simplified lexicon word */
	T_STREQ(zh_fx_toks(zt, "北約秘書長"), "北约 秘书长");
	zh_text_free(zt);
	zh_lexicon_free(lx);
}

/* ICU glues 和美 (harmonious); a lexicon word starting inside an ICU
 * word and running past it cuts the ICU word. */
static void test_segment_cut(void)
{
	static const char *const w[] = {"美国", NULL};
	zh_lexicon *lx = mklex(w);
	zh_text *zt = zh_fx_text(g_ctx, lx);
	const char *t = zh_fx_toks(zt, "中国和美国");
	T_STREQ(t, "中国 和 美国");
	zh_text_free(zt);
	zh_lexicon_free(lx);
}

typedef struct spans {
	int n;
	char s[8][256];
	char last[8]; /* last byte of each span */
} spans;

static int collect(void *ud, const char *s, zh_span sp)
{
	spans *o = ud;
	if (o->n < 8) {
		size_t l = sp.len < 255 ? sp.len : 255;
		memcpy(o->s[o->n], s + sp.off, l);
		o->s[o->n][l] = 0;
		o->last[o->n] = s[sp.off + sp.len - 1];
	}
	o->n++;
	return 0;
}

static void test_split(void)
{
	spans o;
	const char *t = "美国表示反对。他说：“我们不接受！”俄罗斯呢?是的;结束";
	memset(&o, 0, sizeof o);
	T_INTEQ(zh_split(t, strlen(t), collect, &o), 0);
	T_INTEQ(o.n, 5);
	T_STREQ(o.s[0], "美国表示反对。");
	T_STREQ(o.s[1], "他说：“我们不接受！”");
	T_STREQ(o.s[2], "俄罗斯呢?");
	T_STREQ(o.s[3], "是的;");
	T_STREQ(o.s[4], "结束");
	/* decimal points do not split; a line break does */
	memset(&o, 0, sizeof o);
	t = "增长3.5%\n第二段";
	zh_split(t, strlen(t), collect, &o);
	T_INTEQ(o.n, 2);
	T_STREQ(o.s[0], "增长3.5%");
}

static void test_split_huge(void)
{
	/* 10,000 characters without punctuation: forced splits, no crash */
	tides_buf b;
	spans o;
	size_t i, forced;
	tides_buf_init(&b);
	for (i = 0; i < 10000; i++)
		tides_buf_adds(&b, i % 7 == 3 ? "国" : "中");
	memset(&o, 0, sizeof o);
	forced = zh_split(b.s, b.len, collect, &o);
	T_INTEQ(o.n, 25); /* 10000 / 400 */
	T_INTEQ(forced, 25);
	/* with commas the cut falls on a comma */
	tides_buf_reset(&b);
	for (i = 0; i < 1000; i++)
		tides_buf_adds(&b, i % 100 == 99 ? "," : "中");
	memset(&o, 0, sizeof o);
	zh_split(b.s, b.len, collect, &o);
	T_CHECK(o.n >= 3);
	T_INTEQ(o.last[0], ',');
	tides_buf_release(&b);
}

static void test_number(void)
{
	long v;
	T_INTEQ(zh_number("2014年", strlen("2014年"), &v), 4);
	T_INTEQ(v, 2014);
	T_CHECK(zh_number("二〇一四年", strlen("二〇一四年"), &v) == strlen("二〇一四"));
	T_INTEQ(v, 2014);
	zh_number("十六日", strlen("十六日"), &v);
	T_INTEQ(v, 16);
	zh_number("二十", strlen("二十"), &v);
	T_INTEQ(v, 20);
	zh_number("三百二十", strlen("三百二十"), &v);
	T_INTEQ(v, 320);
	zh_number("一千九百九十三", strlen("一千九百九十三"), &v);
	T_INTEQ(v, 1993);
	zh_number("两万", strlen("两万"), &v);
	T_INTEQ(v, 20000);
	T_INTEQ(zh_number("年", strlen("年"), &v), 0);
	T_INTEQ(zh_number("99999999999", 11, &v), 0);
}

static const char *dstr(const char *s, const char *story, const char *last)
{
	static char out[16];
	zh_date d;
	int32_t st = tides_date_parse_iso(story, 10);
	int32_t la = last ? tides_date_parse_iso(last, 10) : TIDES_DATE_NONE;
	if (!zh_date_find(s, strlen(s), st, la, &d))
		return "none";
	tides_date_format(d.day, out);
	return out;
}

static void test_dates(void)
{
	T_STREQ(dstr("2014年3月16日，克里米亚举行公投", "2014-03-20", NULL), "2014-03-16");
	T_STREQ(dstr("1993年4月初，双方开始谈判", "2000-01-01", NULL), "1993-04-01");
	T_STREQ(dstr("美国国务卿16日表示", "2014-03-17", NULL), "2014-03-16");
	/* 30日 on 2 March is the 30th of January... no: of the month before */
	T_STREQ(dstr("他30日抵达", "2014-04-02", NULL), "2014-03-30");
	T_STREQ(dstr("双方周二举行会谈", "2014-03-20", NULL), "2014-03-18"); /* Thursday story */
	T_STREQ(dstr("双方星期四举行会谈", "2014-03-20", NULL), "2014-03-20");
	T_STREQ(dstr("上周五", "2014-03-20", NULL), "2014-03-14");
	T_STREQ(dstr("上月，俄罗斯吞并克里米亚", "2014-04-10", NULL), "2014-03-01");
	T_STREQ(dstr("同日，美国宣布制裁", "2014-03-20", "2014-03-17"), "2014-03-17");
	T_STREQ(dstr("同日，美国宣布制裁", "2014-03-20", NULL), "2014-03-20");
	T_STREQ(dstr("去年，两国断交", "2014-03-20", NULL), "2013-01-01");
	T_STREQ(dstr("今年3月，两国复交", "2014-06-20", NULL), "2014-03-01");
	T_STREQ(dstr("去年12月5日", "2014-01-03", NULL), "2013-12-05");
	/* a month without a year: the nearest year */
	T_STREQ(dstr("12月28日", "2014-01-03", NULL), "2013-12-28");
	T_STREQ(dstr("二〇一四年三月十六日", "2015-01-01", NULL), "2014-03-16");
	T_STREQ(dstr("昨天", "2014-03-01", NULL), "2014-02-28");
	T_STREQ(dstr("4月底", "2014-05-02", NULL), "2014-04-30");
	/* a day-precise expression wins over an earlier coarser one */
	T_STREQ(dstr("今年以来，3月16日", "2014-06-01", NULL), "2014-03-16");
	/* not dates */
	T_STREQ(dstr("日本首相表示", "2014-03-20", NULL), "none");
	T_STREQ(dstr("建国60周年", "2014-03-20", NULL), "none");
	T_STREQ(dstr("周恩来总理", "2014-03-20", NULL), "none");
	T_STREQ(dstr("2月30日", "2014-03-20", NULL), "none");
	T_STREQ(dstr("", "2014-03-20", NULL), "none");
}

/* Bad input: GB18030 and Big5 bytes read as UTF-8, mixed scripts,
 * full-width/half-width punctuation mixtures.  No crash, invalid bytes
 * become U+FFFD and are counted. */
static void test_bad_input(void)
{
	/* "中国" in GB18030 is D6 D0 B9 FA; in Big5 "中國" is A4 A4 B0 EA */
	static const char gb[] = "\xD6\xD0\xB9\xFA\xB1\xED\xCA\xBE";
	static const char big5[] = "\xA4\xA4\xB0\xEA";
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	tides_buf b;
	size_t bad = 0;
	tides_buf_init(&b);
	T_CHECK(zh_normalize(zt, gb, sizeof gb - 1, &b, &bad) == TIDES_OK);
	T_CHECK(bad > 0);
	T_CHECK(!zh_detect(gb, sizeof gb - 1));
	T_CHECK(zh_normalize(zt, big5, sizeof big5 - 1, &b, &bad) == TIDES_OK);
	T_CHECK(bad > 0);
	T_CHECK(zh_segment(zt, b.s, b.len, &b) == TIDES_OK || 1);
	T_STREQ(zh_fx_toks(zt, "美国（USA）和русский,日本語とカタカナ한국어"),
	        zh_fx_toks(zt, "美国(USA)和русский,日本語とカタカナ한국어"));
	T_STREQ(zh_fx_toks(zt, "你好，世界,好！!"), "你好 , 世界 , 好 ! !");
	/* a truncated sequence at the end */
	T_CHECK(zh_normalize(zt, "中\xE5\x9B", 5, &b, &bad) == TIDES_OK);
	T_INTEQ(bad, 1);
	zh_text_free(zt);
	tides_buf_release(&b);
}

static void test_long_sentence(void)
{
	/* 10,000 characters in one call to the segmenter */
	static const char *const w[] = {"中国", "美国", NULL};
	zh_lexicon *lx = mklex(w);
	zh_text *zt = zh_fx_text(g_ctx, lx);
	tides_buf in, out;
	size_t i;
	tides_buf_init(&in);
	tides_buf_init(&out);
	for (i = 0; i < 5000; i++)
		tides_buf_adds(&in, i % 2 ? "国" : "中");
	T_CHECK(zh_tokens(zt, in.s, in.len, &out) == TIDES_OK);
	T_CHECK(strncmp(out.s, "中国 中国", strlen("中国 中国")) == 0);
	zh_text_free(zt);
	zh_lexicon_free(lx);
	tides_buf_release(&in);
	tides_buf_release(&out);
}

static void test_unspace(void)
{
	char a[] = "美国 对 俄罗斯 实施 制裁", b[] = "G 20 峰会 USA 123", c[] = "", d[] = " 中 ";
	zh_unspace(a);
	T_STREQ(a, "美国对俄罗斯实施制裁");
	zh_unspace(b);
	T_STREQ(b, "G 20峰会USA 123");
	zh_unspace(c);
	T_STREQ(c, "");
	zh_unspace(d);
	T_STREQ(d, " 中 ");
}

/* zh_unspace_copy is zh_unspace of a copy (into a tight or a roomy
 * buffer), and zh_unspace leaves its output alone (the coder unspaces a
 * zh event's text twice), on random mixes of blanks, ASCII letters and
 * digits, and Chinese. */
static void test_unspace_copy(void)
{
	static const char *const pool[] = {" ", " ", "a", "Z", "7", "美", "国", ".", "-", "  ", "美国对"};
	char src[160], a[160], b[160], c[160];
	unsigned seed = 11;
	int it, bad = 0;
	for (it = 0; it < 40000 && !bad; it++) {
		size_t n = zh_fx_draw(&seed, pool, sizeof pool / sizeof pool[0], 0, 24, src, sizeof src);
		size_t len;
		memcpy(a, src, n + 1);
		zh_unspace(a);
		len = zh_unspace_copy(b, it % 2 ? n + 1 : sizeof b, src, n);
		memcpy(c, b, len + 1);
		zh_unspace(c);
		if (len != strlen(a) || strcmp(a, b) != 0 || strcmp(b, c) != 0) {
			T_STREQ(b, a);
			T_STREQ(c, b);
			bad = 1;
		}
	}
	T_INTEQ(zh_unspace_copy(b, sizeof b, "美国 对 俄罗斯 实施 制裁", strlen("美国 对 俄罗斯 实施 制裁")),
	        strlen("美国对俄罗斯实施制裁"));
	T_STREQ(b, "美国对俄罗斯实施制裁");
}

static void test_nomem(void)
{
	/* every allocation failing at some point returns NOMEM or succeeds */
	long n, total;
	int ok = 1;
	tides_mem_fail_after(-1);
	{
		zh_lexicon *lx;
		zh_text *zt;
		tides_buf b;
		tides_buf_init(&b);
		lx = zh_lexicon_new();
		zh_lexicon_add(lx, "美国", strlen("美国"));
		zt = zh_fx_text(g_ctx, lx);
		tides_mem_fail_after(-1);
		zh_tokens(zt, "美国和中国", strlen("美国和中国"), &b);
		total = tides_mem_fail_after(-1);
		zh_text_free(zt);
		zh_lexicon_free(lx);
		tides_buf_release(&b);
	}
	for (n = 0; n <= total + 2; n++) {
		zh_lexicon *lx = zh_lexicon_new();
		zh_text *zt = NULL;
		tides_buf b;
		tides_status st;
		tides_buf_init(&b);
		if (lx)
			zh_lexicon_add(lx, "美国", strlen("美国"));
		if (zh_text_new(g_ctx, lx, &zt) != TIDES_OK) {
			zh_lexicon_free(lx);
			continue;
		}
		tides_mem_fail_after(n);
		st = zh_tokens(zt, "美国和中国", strlen("美国和中国"), &b);
		tides_mem_fail_after(-1);
		if (st != TIDES_OK && st != TIDES_ERR_NOMEM)
			ok = 0;
		zh_text_free(zt);
		zh_lexicon_free(lx);
		tides_buf_release(&b);
	}
	T_CHECK(ok);
}

int main(void)
{
	g_ctx = tides_ctx_new();
	T_RUN(test_detect);
	T_RUN(test_normalize);
	T_RUN(test_segment_icu);
	T_RUN(test_segment_lexicon);
	T_RUN(test_segment_cut);
	T_RUN(test_split);
	T_RUN(test_split_huge);
	T_RUN(test_number);
	T_RUN(test_dates);
	T_RUN(test_bad_input);
	T_RUN(test_long_sentence);
	T_RUN(test_unspace);
	T_RUN(test_unspace_copy);
	T_RUN(test_nomem);
	tides_ctx_free(g_ctx);
	return t_done();
}
