/* Unit tests for the fast paths of src/text/zh.c: the lexicon trie, the
 * normalizer's inert-character path and its fold cache (against NFKC and
 * the transliterator applied by ICU directly, over the whole BMP), the
 * memo of ICU's word boundaries, and where the date scan may start. */
#include "test.h"

#include <stdlib.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "tides.h"
#include "text/zh.h"
#include "text/zh-t2s.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/mem.h"
#include "zh-fixture.h"

static tides_ctx *g_ctx;

/* ------------------------------------------------------------ trie */

static void test_trie(void)
{
	zh_lexicon *lx = zh_lexicon_new();
	zh_text *zt;
	char w[64];
	int i, miss = 0, extra = 0;
	T_CHECK(lx != NULL);
	if (!lx)
		return;
	/* nested words: the longest wins, prefixes are not words */
	zh_lexicon_add(lx, "美国", strlen("美国"));
	zh_lexicon_add(lx, "美国国务卿", strlen("美国国务卿"));
	zh_lexicon_add(lx, "美国国务院", strlen("美国国务院"));
	zh_lexicon_add(lx, "美国国务院", strlen("美国国务院")); /* twice: one word */
	T_INTEQ(zh_lexicon_size(lx), 3);
	T_CHECK(zh_lexicon_has(lx, "美国", strlen("美国")));
	T_CHECK(zh_lexicon_has(lx, "美国国务卿", strlen("美国国务卿")));
	T_CHECK(!zh_lexicon_has(lx, "美国国", strlen("美国国")));
	T_CHECK(!zh_lexicon_has(lx, "美国国务卿们", strlen("美国国务卿们")));
	T_CHECK(!zh_lexicon_has(lx, "", 0));
	T_CHECK(!zh_lexicon_has(lx, "\xE7\xBE", 2)); /* a cut character */
	/* connectors: the parts and the whole */
	zh_lexicon_add(lx, "北约_秘书长", strlen("北约_秘书长"));
	T_CHECK(zh_lexicon_has(lx, "北约", strlen("北约")));
	T_CHECK(zh_lexicon_has(lx, "秘书长", strlen("秘书长")));
	T_CHECK(zh_lexicon_has(lx, "北约秘书长", strlen("北约秘书长")));
	/* one character, no Han, invalid UTF-8: not words */
	zh_lexicon_add(lx, "国", strlen("国"));
	zh_lexicon_add(lx, "NATO", 4);
	zh_lexicon_add(lx, "\xFF\xFE", 2);
	T_CHECK(!zh_lexicon_has(lx, "国", strlen("国")));
	T_CHECK(!zh_lexicon_has(lx, "NATO", 4));
	/* many words (the edge table grows many times) */
	for (i = 0; i < 5000; i++) {
		snprintf(w, sizeof w, "中%d国%d", i, i * 7);
		if (zh_lexicon_add(lx, w, strlen(w)) < 0)
			miss++;
	}
	for (i = 0; i < 5000; i++) {
		snprintf(w, sizeof w, "中%d国%d", i, i * 7);
		miss += !zh_lexicon_has(lx, w, strlen(w));
		snprintf(w, sizeof w, "中%d国%d", i, i * 7 + 1);
		extra += zh_lexicon_has(lx, w, strlen(w)) && (i * 7 + 1) % 7 != 0;
	}
	T_INTEQ(miss, 0);
	T_INTEQ(extra, 0);
	/* longest match in segmentation, ICU over the rest */
	zt = zh_fx_text(g_ctx, lx);
	T_STREQ(zh_fx_toks(zt, "美国国务卿和美国国务院官员"), "美国国务卿 和 美国国务院 官员");
	T_STREQ(zh_fx_toks(zt, "美国国的"), "美国 国 的");
	T_STREQ(zh_fx_toks(zt, "北约秘书长说"), "北约秘书长 说");
	zh_text_free(zt);
	zh_lexicon_free(lx);
}

/* ------------------------------------------------------------ normalizer */

static const UNormalizer2 *g_nfkc;
static UTransliterator *g_t2s; /* by ID: the reference */

/* What zh_normalize does, written out with ICU calls: NFKC, the
 * transliterator when a character changes alone, name dots and controls. */
static void ref_norm(const char *s, size_t n, char *out, size_t cap)
{
	UChar u[256], v[1024];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0, len2, i, n8 = 0;
	int trad = 0;
	u_strFromUTF8WithSub(u, 256, &len, s, (int32_t)n, 0xFFFD, NULL, &st);
	len2 = unorm2_normalize(g_nfkc, u, len, v, 1024, &st);
	for (i = 0; i < len2 && !trad;) {
		UChar32 c;
		U16_NEXT(v, i, len2, c);
		trad = zh_fx_changes_alone(g_t2s, c);
	}
	if (trad) {
		int32_t lim = len2;
		utrans_transUChars(g_t2s, v, &len2, 1024, 0, &lim, &st);
	}
	for (i = 0; i < len2; i++) {
		UChar c = v[i];
		if (c == 0x2022 || c == 0x30FB || c == 0x2027 || c == 0x2219 || c == 0x22C5)
			c = 0xB7;
		else if (c == 0x2029)
			c = '\n';
		else if ((c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0) ||
		         c == 0x2028 || c == 0xFEFF)
			c = ' ';
		v[i] = c;
	}
	u_strToUTF8(out, (int32_t)cap - 1, &n8, v, len2, &st);
	out[U_SUCCESS(st) ? n8 : 0] = '\0';
}

static size_t put8(char *o, UChar32 c)
{
	size_t k = 0;
	U8_APPEND_UNSAFE((uint8_t *)o, k, c);
	return k;
}

/* Every BMP code point and a sample of the others, alone and between
 * Han, ASCII letters, digits and itself: the fast path (inert runs, ASCII
 * runs, cached single characters, ICU runs) equals NFKC + transliterator. */
static void test_norm_exhaustive(void)
{
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	tides_buf b;
	char in[64], ref[1024];
	UChar32 c;
	long bad = 0, n = 0;
	tides_buf_init(&b);
	for (c = 0; c < 0x30000; c += c < 0x10000 ? 1 : 97) {
		size_t k = 0, nb = 0;
		if (U_IS_SURROGATE(c))
			continue;
		k += put8(in + k, 0x4E2D); /* 中 */
		k += put8(in + k, c);
		in[k++] = 'a';
		k += put8(in + k, c);
		k += put8(in + k, c);
		in[k++] = '1';
		k += put8(in + k, c);
		k += put8(in + k, 0x56FD); /* 国 */
		k += put8(in + k, c);
		ref_norm(in, k, ref, sizeof ref);
		if (zh_normalize(zt, in, k, &b, &nb) != TIDES_OK || strcmp(b.s, ref) != 0 || nb) {
			if (bad++ < 5)
				fprintf(stderr, "  U+%04X: \"%s\" != \"%s\"\n", (unsigned)c, b.s, ref);
		}
		/* the same character again: from the fold cache this time */
		if (zh_normalize(zt, in, k, &b, &nb) != TIDES_OK || strcmp(b.s, ref) != 0)
			bad++;
		n++;
	}
	T_CHECK(n > 60000);
	T_INTEQ(bad, 0);
	zh_text_free(zt);
	tides_buf_release(&b);
}

static void test_norm_cases(void)
{
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	tides_buf b;
	size_t nb = 9;
	tides_buf_init(&b);
	/* full-width forms between Han characters, repeated (cache hits) */
	T_CHECK(zh_normalize(zt, "美国，俄罗斯，中国：（Ｇ２０）", strlen("美国，俄罗斯，中国：（Ｇ２０）"),
	                     &b, &nb) == TIDES_OK);
	T_STREQ(b.s, "美国,俄罗斯,中国:(G20)");
	T_INTEQ(nb, 0);
	/* traditional: the general path, same result as before */
	T_CHECK(zh_normalize(zt, "中國，美國", strlen("中國，美國"), &b, NULL) == TIDES_OK);
	T_STREQ(b.s, "中国,美国");
	/* invalid UTF-8: the general path counts what it replaced */
	T_CHECK(zh_normalize(zt, "中\xFF国\xC3", 8, &b, &nb) == TIDES_OK);
	T_STREQ(b.s, "中\xEF\xBF\xBD国\xEF\xBF\xBD");
	T_INTEQ(nb, 2);
	/* a decomposed accent joins the ASCII letter before it */
	T_CHECK(zh_normalize(zt, "e\xCC\x81中", 6, &b, NULL) == TIDES_OK);
	T_STREQ(b.s, "\xC3\xA9中");
	/* name dots and controls */
	T_CHECK(zh_normalize(zt, "普京\xE2\x80\xA2弗拉基米尔\x01", strlen("普京\xE2\x80\xA2弗拉基米尔\x01"),
	                     &b, NULL) == TIDES_OK);
	T_STREQ(b.s, "普京·弗拉基米尔 ");
	zh_text_free(zt);
	tides_buf_release(&b);
}

/* The date scan may start at zh_text_date_from: nothing before it can
 * start a date, and a date right after it is found. */
static void test_date_from(void)
{
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	tides_buf b;
	tides_buf_init(&b);
	zh_normalize(zt, "美国谴责俄罗斯", strlen("美国谴责俄罗斯"), &b, NULL);
	T_INTEQ(zh_text_date_from(zt), b.len);
	zh_normalize(zt, "美国16日谴责", strlen("美国16日谴责"), &b, NULL);
	T_INTEQ(zh_text_date_from(zt), strlen("美国"));
	zh_normalize(zt, "美国１６日谴责", strlen("美国１６日谴责"), &b, NULL);
	T_INTEQ(zh_text_date_from(zt), strlen("美国"));
	zh_normalize(zt, "美国上周谴责", strlen("美国上周谴责"), &b, NULL);
	T_INTEQ(zh_text_date_from(zt), strlen("美国"));
	zh_normalize(zt, "ABC美国", strlen("ABC美国"), &b, NULL);
	T_INTEQ(zh_text_date_from(zt), b.len);
	zh_normalize(zt, "中國16日", strlen("中國16日"), &b, NULL); /* general path */
	T_INTEQ(zh_text_date_from(zt), 0);
	T_CHECK(zh_date_start('7') && zh_date_start(0x4E0A) && !zh_date_start(0x7F8E));
	zh_text_free(zt);
	tides_buf_release(&b);
}

/* The hook's date scan (from zh_text_date_from to zh_text_date_until,
 * zh_date_find_in) finds what zh_date_find over the whole text finds. */
static void test_date_until(void)
{
	static const char *const pool[] = {"美国", "谴责", "，", "。", "同", "同日", "上", "周", "星期", "二",
	                                   "16", "１６", "日", "月", "年", "2014", "十", "去年", "前天",
	                                   "中國", "a", " ", "〇", "号", "底", "日本", "今天"};
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	tides_buf b;
	char buf[256];
	unsigned seed = 5;
	int it, bad = 0;
	int32_t story = tides_date_from_ymd(2014, 3, 20);
	tides_buf_init(&b);
	zh_normalize(zt, "美国谴责俄罗斯。", strlen("美国谴责俄罗斯。"), &b, NULL);
	zh_segment_refs(zt, b.s, b.len);
	T_INTEQ(zh_text_date_until(zt), 0);
	zh_normalize(zt, "美国16日同俄罗斯会谈。", strlen("美国16日同俄罗斯会谈。"), &b, NULL);
	zh_segment_refs(zt, b.s, b.len);
	T_INTEQ(zh_text_date_until(zt), strlen("美国16日同"));
	for (it = 0; it < 20000 && !bad; it++) {
		size_t n = zh_fx_draw(&seed, pool, sizeof pool / sizeof pool[0], 1, 10, buf, sizeof buf);
		size_t df, du;
		zh_date a, c;
		int ra, rc;
		if (zh_normalize(zt, buf, n, &b, NULL) != TIDES_OK || zh_segment_refs(zt, b.s, b.len) != TIDES_OK)
			break;
		memset(&a, 0, sizeof a);
		memset(&c, 0, sizeof c);
		ra = zh_date_find(b.s, b.len, story, TIDES_DATE_NONE, &a);
		df = zh_text_date_from(zt);
		du = zh_text_date_until(zt);
		rc = df < b.len && du > df &&
		     zh_date_find_in(b.s + df, b.len - df, du - df, story, TIDES_DATE_NONE, &c);
		if (rc)
			c.off += df;
		if (ra != rc || (ra && (a.day != c.day || a.prec != c.prec || a.off != c.off || a.len != c.len))) {
			buf[n] = '\0';
			T_STREQ(buf, "(date scan differs)");
			bad = 1;
		}
	}
	zh_text_free(zt);
	tides_buf_release(&b);
}

/* ICU's boundaries over a gap are the same whether computed or memoized. */
static void test_memo(void)
{
	zh_text *zt = zh_fx_text(g_ctx, NULL);
	const char *s = "伊朗拒绝同美国谈判。伊朗拒绝同美国谈判。";
	char first[256];
	snprintf(first, sizeof first, "%s", zh_fx_toks(zt, s));
	T_STREQ(zh_fx_toks(zt, s), first);
	T_STREQ(first, "伊朗 拒绝 同 美国 谈判 。 伊朗 拒绝 同 美国 谈判 。");
	zh_text_free(zt);
}

/* zh_segment_norm (the decoding zh_normalize made of its output) gives
 * what zh_segment gives decoding afresh, and zh_segment_refs the same
 * tokens as pieces of the normalized text: tokens, offsets, lexicon nodes,
 * after every kind of run the normalizer handles (inert, ASCII, mapped,
 * fold cache, NFKC expansions, the general path). */
static int seg_same(zh_text *zt, const char *s, size_t n)
{
	static tides_buf norm = TIDES_BUF_INIT, a = TIDES_BUF_INIT, b = TIDES_BUF_INIT;
	static zh_tokref ta[1024];
	const zh_tokref *t;
	size_t na, nb, k;
	if (zh_normalize(zt, s, n, &norm, NULL) != TIDES_OK ||
	    zh_segment_norm(zt, norm.s, norm.len, &a) != TIDES_OK)
		return 0;
	t = zh_segment_tokens(zt, &na);
	if (na > 1024)
		return 0;
	memcpy(ta, t, na * sizeof *t);
	if (zh_segment(zt, norm.s, norm.len, &b) != TIDES_OK)
		return 0;
	t = zh_segment_tokens(zt, &nb);
	if (!(a.len == b.len && memcmp(a.s, b.s, a.len) == 0 && na == nb &&
	      memcmp(ta, t, na * sizeof *t) == 0))
		return 0;
	/* zh_segment_refs: the same tokens, as pieces of the normalized text */
	if (zh_normalize(zt, s, n, &norm, NULL) != TIDES_OK ||
	    zh_segment_refs(zt, norm.s, norm.len) != TIDES_OK)
		return 0;
	t = zh_segment_tokens(zt, &nb);
	if (nb != na)
		return 0;
	for (k = 0; k < na; k++)
		if (t[k].len != ta[k].len || t[k].node != ta[k].node || t[k].off + t[k].len > norm.len ||
		    memcmp(norm.s + t[k].off, a.s + ta[k].off, t[k].len) != 0)
			return 0;
	return 1;
}

static void test_segment_norm(void)
{
	static const char *const words[] = {"美国", "俄罗斯", "美国国务卿", "谴责", "ABC公司", "U.S.国务院", NULL};
	static const char *const cases[] = {
		"美国谴责俄罗斯。", "ＡＢＣ１２３美国，俄罗斯：（测试）", "\xEF\xB7\xBA美国", "e\xCC\x81美国",
		"\x01\t美国\r\n俄罗斯", "U.S.国务院", "１６日美国", "弗拉基米尔\xE3\x83\xBB普京",
		"\xE2\x91\xA0\xE2\x91\xA1", "\xE3\x88\xB1", "2014年3月16日", "Café美国", "ABC公司ABCD",
		"美國譴責俄羅斯", "美国\xFF俄罗斯", "", "   ", "，，，", "\xF0\xA0\x80\x80美国"};
	/* pieces of the random texts: one of each kind of run */
	static const char *const pool[] = {"美", "国", "俄罗斯", "谴责", "，", "：", "Ａ", "１", "a", "B", "7", " ",
	                                   "\t", "\xEF\xB7\xBA", "\xCC\x81", "\xE3\x83\xBB", "\xE2\x91\xA0",
	                                   "U.S.", "ABC公司", "日", "。", "\xF0\xA0\x80\x80", "é", "\xE2\x80\xA8"};
	zh_lexicon *lx = zh_lexicon_new();
	zh_text *zt;
	size_t i;
	char buf[256];
	unsigned seed = 7;
	for (i = 0; lx && words[i]; i++)
		zh_lexicon_add(lx, words[i], strlen(words[i]));
	zt = zh_fx_text(g_ctx, lx);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (!seg_same(zt, cases[i], strlen(cases[i])))
			T_STREQ(cases[i], "(zh_segment_norm differs)");
	for (i = 0; i < 3000; i++) {
		size_t n = zh_fx_draw(&seed, pool, sizeof pool / sizeof pool[0], 1, 12, buf, sizeof buf);
		if (!seg_same(zt, buf, n)) {
			T_STREQ(buf, "(zh_segment_norm differs)");
			break;
		}
	}
	zh_text_free(zt);
	zh_lexicon_free(lx);
}

int main(void)
{
	UErrorCode st = U_ZERO_ERROR;
	g_ctx = tides_ctx_new();
	g_nfkc = unorm2_getNFKCInstance(&st);
	g_t2s = zh_t2s_open_by_id(&st);
	if (U_FAILURE(st)) {
		fprintf(stderr, "ICU: %s\n", u_errorName(st));
		return 1;
	}
	T_RUN(test_trie);
	T_RUN(test_norm_cases);
	T_RUN(test_norm_exhaustive);
	T_RUN(test_date_from);
	T_RUN(test_date_until);
	T_RUN(test_memo);
	T_RUN(test_segment_norm);
	utrans_close(g_t2s);
	tides_ctx_free(g_ctx);
	return t_done();
}
