/* Unit tests for util/: buffers, UTF-8, hashing, the allocation hook, ctx. */
#include "test.h"
#include "fixture.h"

#include <stdlib.h>

#include "tides.h"
#include "util/buf.h"
#include "util/ctx.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/utf8.h"

static void test_buf_append(void)
{
	tides_buf b;
	int i;
	tides_buf_init(&b);
	T_STREQ(b.s, "");
	for (i = 0; i < 1000; i++)
		T_CHECK(tides_buf_addf(&b, "%d,", i % 10) == 0);
	T_INTEQ(b.len, 2000);
	T_CHECK(strncmp(b.s, "0,1,2,", 6) == 0);
	tides_buf_reset(&b);
	T_STREQ(b.s, "");
	tides_buf_release(&b);
	tides_buf_release(&b); /* release twice is fine */
}

static void test_buf_nomem_unchanged(void)
{
	tides_buf b;
	tides_buf_init(&b);
	T_CHECK(tides_buf_adds(&b, "abc") == 0);
	tides_mem_fail_after(0);
	T_CHECK(tides_buf_add(&b, "0123456789012345678901234567890123456789012345678901234567890123456789", 70) == -1);
	tides_mem_fail_after(-1);
	T_STREQ(b.s, "abc");
	T_INTEQ(b.len, 3);
	tides_buf_release(&b);
}

static void test_strlcpy_utf8_boundary(void)
{
	char out[5];
	/* "aé€" = 61 C3A9 E282AC: 6 bytes; cap 5 must not split the euro sign */
	tides_strlcpy_utf8(out, "a\xC3\xA9\xE2\x82\xAC", sizeof out);
	T_STREQ(out, "a\xC3\xA9");
	tides_strlcpy_utf8(out, "abcd", sizeof out);
	T_STREQ(out, "abcd");
}

static void test_utf8_decode(void)
{
	uint32_t cp;
	T_INTEQ(tides_utf8_decode("\xE4\xB8\xAD", 3, &cp), 3);
	T_INTEQ(cp, 0x4E2D);
	T_INTEQ(tides_utf8_decode("\xC0\xAF", 2, &cp), 0);     /* overlong */
	T_INTEQ(tides_utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
	T_INTEQ(tides_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
	T_INTEQ(tides_utf8_decode("\xE4\xB8", 2, &cp), 0);     /* truncated */
	T_INTEQ(tides_utf8_check("ok\xFFno", 5), 2);
	T_INTEQ(tides_utf8_check("plain", 5), 5);
}

static void test_utf8_scrub(void)
{
	char s[] = {'a', '\0', '\xFF', 'b', '\xE4', '\xB8', '\xAD', 0};
	T_INTEQ(tides_utf8_scrub(s, 7), 2);
	T_STREQ(s, "a ?b\xE4\xB8\xAD");
}

static void test_hash_stable(void)
{
	char hex[17];
	/* FNV-1a 64 reference values: these pin event ids across versions */
	T_CHECK(tides_hash_str(TIDES_FNV_OFFSET, "") == 0xcbf29ce484222325ULL);
	T_CHECK(tides_hash_str(TIDES_FNV_OFFSET, "a") == 0xaf63dc4c8601ec8cULL);
	T_CHECK(tides_hash_str(TIDES_FNV_OFFSET, "foobar") == 0x85944171f73967e8ULL);
	tides_hash_hex(tides_hash_str(TIDES_FNV_OFFSET, "a"), hex);
	T_INTEQ(strlen(hex), 16);
}

static void test_ctx_messages(void)
{
	t_warns w = {0, ""};
	tides_ctx *ctx = tides_ctx_new();
	T_CHECK(ctx != NULL);
	T_STREQ(tides_errmsg(ctx), "");
	T_INTEQ(tides_fail_errno(ctx, TIDES_ERR_IO, 2, "cannot open '%s'", "x.db"), TIDES_ERR_IO);
	T_STREQ(tides_errmsg(ctx), "cannot open 'x.db': No such file or directory");
	tides_ctx_set_warn(ctx, t_warn_cb, &w);
	tides_warn_at(ctx, "f.txt", 12, "bad date '%s'", "20121399");
	T_STREQ(w.last, "f.txt:12: bad date '20121399'");
	T_INTEQ(w.n, 1);
	T_INTEQ(tides_ctx_warnings(ctx), 1);
	tides_ctx_free(ctx);
	tides_ctx_free(NULL);
}

static void test_cameo_quad(void)
{
	T_INTEQ(tides_cameo_quad("036", TIDES_QUAD_GDELT), 1);
	T_INTEQ(tides_cameo_quad("0871", TIDES_QUAD_GDELT), 2);
	T_INTEQ(tides_cameo_quad("091", TIDES_QUAD_GDELT), 2);
	T_INTEQ(tides_cameo_quad("091", TIDES_QUAD_ICEWS), 3);
	T_INTEQ(tides_cameo_quad("141", TIDES_QUAD_GDELT), 3);
	T_INTEQ(tides_cameo_quad("141", TIDES_QUAD_ICEWS), 4);
	T_INTEQ(tides_cameo_quad("190", TIDES_QUAD_ICEWS), 4);
	T_INTEQ(tides_cameo_quad("21", TIDES_QUAD_GDELT), 0);
	T_INTEQ(tides_cameo_quad("x", TIDES_QUAD_GDELT), 0);
}

/* tides_grow: doubling from 64, nothing changed on failure or overflow. */
static void test_grow(void)
{
	int *a = NULL;
	size_t cap = 0;
	T_INTEQ(tides_grow((void **)&a, &cap, 10, sizeof *a), 0);
	T_CHECK(a != NULL && cap == 64);
	a[63] = 7;
	T_INTEQ(tides_grow((void **)&a, &cap, 64, sizeof *a), 0);
	T_CHECK(cap == 64);
	T_INTEQ(tides_grow((void **)&a, &cap, 65, sizeof *a), 0);
	T_CHECK(cap == 128 && a[63] == 7);
	T_INTEQ(tides_grow((void **)&a, &cap, 1000, sizeof *a), 0);
	T_CHECK(cap == 1024 && a[63] == 7);
	T_INTEQ(tides_grow((void **)&a, &cap, (size_t)-1 / 2, sizeof *a), -1);
	T_CHECK(cap == 1024 && a[63] == 7);
	T_INTEQ(tides_grow((void **)&a, &cap, (size_t)-1, 1), -1);
	T_CHECK(cap == 1024);
	tides_mem_fail_after(0);
	T_INTEQ(tides_grow((void **)&a, &cap, 2000, sizeof *a), -1);
	tides_mem_fail_after(-1);
	T_CHECK(cap == 1024 && a[63] == 7);
	tides_free(a);
}

int main(void)
{
	T_RUN(test_buf_append);
	T_RUN(test_grow);
	T_RUN(test_buf_nomem_unchanged);
	T_RUN(test_strlcpy_utf8_boundary);
	T_RUN(test_utf8_decode);
	T_RUN(test_utf8_scrub);
	T_RUN(test_hash_stable);
	T_RUN(test_ctx_messages);
	T_RUN(test_cameo_quad);
	return t_done();
}
