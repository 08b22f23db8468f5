/*
 * test.h — the unit-test harness: one program per tests/unit/test-*.c.
 *
 *   static void test_something(void) { T_CHECK(1 + 1 == 2); T_STREQ(a, b); }
 *   int main(void) { T_RUN(test_something); return t_done(); }
 *
 * Each T_RUN is one test; it fails if any check inside it fails.  t_done()
 * prints "unit FILE: N passed, N failed" and returns the exit status, which
 * tests/run.sh adds up.  Assertions stay on (tests build without NDEBUG).
 */
#ifndef TIDES_TEST_H
#define TIDES_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_passed_, t_failed_, t_cur_failed_;
static const char *t_cur_name_;

#define T_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "  %s:%d: %s: check failed: %s\n", __FILE__, __LINE__, t_cur_name_, #cond); \
		t_cur_failed_ = 1; \
	} } while (0)

#define T_STREQ(a, b) do { \
	const char *t_a_ = (a), *t_b_ = (b); \
	if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_) != 0) { \
		fprintf(stderr, "  %s:%d: %s: \"%s\" != \"%s\"\n", __FILE__, __LINE__, t_cur_name_, \
		        t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)"); \
		t_cur_failed_ = 1; \
	} } while (0)

#define T_INTEQ(a, b) do { \
	long long t_a_ = (long long)(a), t_b_ = (long long)(b); \
	if (t_a_ != t_b_) { \
		fprintf(stderr, "  %s:%d: %s: %s == %lld, expected %lld\n", __FILE__, __LINE__, \
		        t_cur_name_, #a, t_a_, t_b_); \
		t_cur_failed_ = 1; \
	} } while (0)

#define T_NEAR(a, b, eps) do { \
	double t_a_ = (a), t_b_ = (b); \
	if (!(fabs(t_a_ - t_b_) <= (eps))) { \
		fprintf(stderr, "  %s:%d: %s: %s == %.9g, expected %.9g\n", __FILE__, __LINE__, \
		        t_cur_name_, #a, t_a_, t_b_); \
		t_cur_failed_ = 1; \
	} } while (0)

#define T_RUN(fn) do { \
	t_cur_name_ = #fn; t_cur_failed_ = 0; fn(); \
	if (t_cur_failed_) { t_failed_++; fprintf(stderr, "FAIL %s\n", #fn); } \
	else t_passed_++; \
	} while (0)

#define t_done() t_done_(__FILE__)
static int t_done_(const char *file)
{
	printf("unit %s: %d passed, %d failed\n", file, t_passed_, t_failed_);
	return t_failed_ ? 1 : 0;
}

#endif
