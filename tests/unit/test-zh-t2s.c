/* Unit tests for src/text/zh-t2s.c: the transliterator compiled from ICU's
 * rule data is ICU's "Traditional-Simplified" (same output as the one
 * opened by ID, character by character and on text), and the candidates
 * read from the rule text hold every character it changes alone. */
#include "test.h"

#include <stdlib.h>

#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "tides.h"
#include "text/zh-t2s.h"
#include "util/mem.h"
#include "zh-fixture.h"

static tides_ctx *g_ctx;
static UTransliterator *g_ref; /* opened by ID through ICU's registry */

/* t applied to the UTF-8 text s, back in UTF-8 (static buffer) */
static const char *apply(UTransliterator *t, const char *s)
{
	static UChar u[512];
	static char o[1024];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0, lim, n8 = 0;
	u_strFromUTF8(u, 256, &len, s, -1, &st);
	lim = len;
	utrans_transUChars(t, u, &len, 512, 0, &lim, &st);
	u_strToUTF8(o, (int32_t)sizeof o - 1, &n8, u, len, &st);
	o[U_SUCCESS(st) ? n8 : 0] = '\0';
	return o;
}

static void test_lazy(void)
{
	zh_t2s *t = NULL;
	UErrorCode st = U_ZERO_ERROR;
	T_CHECK(zh_t2s_new(g_ctx, &t) == TIDES_OK);
	if (!t)
		return;
	/* this ICU's rules are readable: nothing compiled yet */
	T_INTEQ(zh_t2s_mode(t), 0);
	T_CHECK(!zh_t2s_compiled(t));
	/* simplified characters that are no candidates never compile it */
	T_INTEQ(zh_t2s_changes(t, 0x7F8E), 0); /* 美 */
	T_INTEQ(zh_t2s_changes(t, 'a'), 0);
	T_CHECK(!zh_t2s_compiled(t));
	/* a traditional one does */
	T_INTEQ(zh_t2s_changes(t, 0x570B), 1); /* 國 */
	T_CHECK(zh_t2s_compiled(t));
	T_CHECK(zh_t2s_get(t, &st) != NULL);
	zh_t2s_free(t);
}

/* Every character ICU's transliterator changes alone is a candidate, and
 * zh_t2s_changes agrees with it on the whole source set. */
static void test_candidates(void)
{
	zh_t2s *t = NULL;
	USet *src = uset_openEmpty();
	UErrorCode st = U_ZERO_ERROR;
	int32_t i, n, missing = 0, disagree = 0, changed = 0;
	T_CHECK(zh_t2s_new(g_ctx, &t) == TIDES_OK);
	if (!t || !g_ref)
		return;
	utrans_getSourceSet(g_ref, 0, src, &st);
	n = uset_getItemCount(src);
	for (i = 0; i < n; i++) {
		UChar32 a, b, c;
		if (uset_getItem(src, i, &a, &b, NULL, 0, &st) != 0)
			continue;
		for (c = a; c <= b; c++) {
			int ch = zh_fx_changes_alone(g_ref, c);
			changed += ch;
			if (ch && !uset_contains(zh_t2s_maybe(t), c))
				missing++;
			if (ch != zh_t2s_changes(t, (uint32_t)c))
				disagree++;
		}
	}
	T_CHECK(changed > 2000); /* the set is the real one */
	T_INTEQ(missing, 0);
	T_INTEQ(disagree, 0);
	uset_close(src);
	zh_t2s_free(t);
}

/* The transliterator from the rule data is the one ICU opens by ID. */
static void test_same_as_id(void)
{
	static const char *const texts[] = {
		"中國與美國舉行會談", "北約秘書長斯托爾滕貝格表示", "手錶", "乾隆皇帝", "幹部", "後來",
		"裡面", "餘下三百餘人", "麵條", "瞭解", "這個頭髮", "海里", "於是", "著名", "藉口",
		"臺灣地區", "發表聲明，譴責襲擊。", "ABC 123 一二三", "", NULL};
	zh_t2s *t = NULL;
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *tr;
	int i;
	char ref[1024];
	T_CHECK(zh_t2s_new(g_ctx, &t) == TIDES_OK);
	if (!t || !g_ref)
		return;
	tr = zh_t2s_get(t, &st);
	T_CHECK(tr != NULL);
	if (!tr)
		return;
	for (i = 0; texts[i]; i++) {
		snprintf(ref, sizeof ref, "%s", apply(g_ref, texts[i]));
		T_STREQ(apply(tr, texts[i]), ref);
	}
	T_STREQ(apply(tr, "中國與美國"), "中国与美国");
	/* every BMP ideograph alone */
	{
		UChar32 c;
		int diff = 0;
		for (c = 0x3400; c < 0xA000; c++) {
			UChar a[4], b[4];
			int32_t la = 0, lb = 0, lim;
			UErrorCode s1 = U_ZERO_ERROR, s2 = U_ZERO_ERROR;
			U16_APPEND_UNSAFE(a, la, c);
			U16_APPEND_UNSAFE(b, lb, c);
			lim = la;
			utrans_transUChars(g_ref, a, &la, 4, 0, &lim, &s1);
			lim = lb;
			utrans_transUChars(tr, b, &lb, 4, 0, &lim, &s2);
			diff += la != lb || memcmp(a, b, (size_t)la * sizeof(UChar)) != 0;
		}
		T_INTEQ(diff, 0);
	}
	zh_t2s_free(t);
}

static void test_nomem(void)
{
	int k, ok = 0;
	for (k = 0; k < 3; k++) {
		zh_t2s *t = NULL;
		tides_mem_fail_after(k);
		if (zh_t2s_new(g_ctx, &t) == TIDES_OK) {
			ok++;
			zh_t2s_free(t);
		}
		tides_mem_fail_after(-1);
	}
	T_CHECK(ok >= 1); /* no crash, and it works once memory is there */
}

int main(void)
{
	UErrorCode st = U_ZERO_ERROR;
	g_ctx = tides_ctx_new();
	g_ref = zh_t2s_open_by_id(&st);
	if (U_FAILURE(st))
		g_ref = NULL;
	T_RUN(test_lazy);
	T_RUN(test_candidates);
	T_RUN(test_same_as_id);
	T_RUN(test_nomem);
	if (g_ref)
		utrans_close(g_ref);
	tides_ctx_free(g_ctx);
	return t_done();
}
