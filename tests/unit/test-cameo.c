/* test-cameo.c — the compiled CAMEO codebook (data/cameo.tsv). */
#include <math.h>
#include <string.h>

#include "tides.h"
#include "test.h"

static void test_find(void)
{
	const tides_cameo_code *c = tides_cameo_find("036");
	T_CHECK(c != NULL);
	if (c) {
		T_STREQ(c->code, "036");
		T_NEAR(c->goldstein, 4.0, 1e-9);
	}
	T_CHECK(tides_cameo_find("01") != NULL);
	T_CHECK(tides_cameo_find("20") != NULL);
	c = tides_cameo_find("0874");
	T_CHECK(c && fabs(c->goldstein - 10.0) < 1e-9);
	c = tides_cameo_find("183");
	T_CHECK(c && fabs(c->goldstein + 10.0) < 1e-9);
	c = tides_cameo_find("1823");
	T_CHECK(c && fabs(c->goldstein + 10.0) < 1e-9);
	c = tides_cameo_find("0334");
	T_CHECK(c && fabs(c->goldstein - 6.0) < 1e-9);
	T_CHECK(tides_cameo_find("21") == NULL);
	T_CHECK(tides_cameo_find("0") == NULL);
	T_CHECK(tides_cameo_find("") == NULL);
	T_CHECK(tides_cameo_find("0365") == NULL);
	T_CHECK(tides_cameo_find("36") == NULL);
}

/* Every root 01..20 and every 3-digit code under it is in the table,
 * with a non-empty name; weights are in [-10, 10]. */
static void test_complete(void)
{
	int root, sub, n3 = 0, n4 = 0;
	char code[8];
	for (root = 1; root <= 20; root++) {
		const tides_cameo_code *c;
		snprintf(code, sizeof code, "%02d", root);
		c = tides_cameo_find(code);
		T_CHECK(c != NULL);
		if (c) {
			T_CHECK(c->name[0] != '\0');
			T_CHECK(c->goldstein >= -10 && c->goldstein <= 10);
		}
		snprintf(code, sizeof code, "%02d0", root);
		T_CHECK(tides_cameo_find(code) != NULL); /* every root has its "unspecified" 0 code */
		for (sub = 0; sub <= 9; sub++) {
			int d;
			snprintf(code, sizeof code, "%02d%d", root, sub);
			if (tides_cameo_find(code))
				n3++;
			for (d = 0; d <= 9; d++) {
				snprintf(code, sizeof code, "%02d%d%d", root, sub, d);
				if ((c = tides_cameo_find(code)) != NULL) {
					n4++;
					T_CHECK(c->goldstein >= -10 && c->goldstein <= 10);
				}
			}
		}
	}
	/* CAMEO 1.1b3: 20 roots, 147 3-digit and 145 4-digit codes;
	 * the exact list and weights are checked against the
	 * reference files by tests/cli/020 */
	T_INTEQ(n3, 147);
	T_INTEQ(n4, 145);
}

static void test_quad(void)
{
	T_INTEQ(tides_cameo_quad("01", TIDES_QUAD_GDELT), 1);
	T_INTEQ(tides_cameo_quad("057", TIDES_QUAD_GDELT), 1);
	T_INTEQ(tides_cameo_quad("0874", TIDES_QUAD_ICEWS), 2);
	T_INTEQ(tides_cameo_quad("091", TIDES_QUAD_GDELT), 2);
	T_INTEQ(tides_cameo_quad("091", TIDES_QUAD_ICEWS), 3);
	T_INTEQ(tides_cameo_quad("1431", TIDES_QUAD_GDELT), 3);
	T_INTEQ(tides_cameo_quad("1431", TIDES_QUAD_ICEWS), 4);
	T_INTEQ(tides_cameo_quad("190", TIDES_QUAD_GDELT), 4);
	T_INTEQ(tides_cameo_quad("21", TIDES_QUAD_GDELT), 0);
	T_INTEQ(tides_cameo_quad("x1", TIDES_QUAD_GDELT), 0);
}

static void test_fill(void)
{
	tides_event ev;
	tides_event_init(&ev);
	memcpy(ev.code, "1823", 5);
	T_INTEQ(tides_cameo_fill(&ev, TIDES_QUAD_GDELT), 1);
	T_STREQ(ev.root, "18");
	T_INTEQ(ev.quad, 4);
	T_NEAR(ev.goldstein, -10.0, 1e-9);
	tides_event_init(&ev);
	memcpy(ev.code, "0369", 5); /* unlisted sub-code: the root's weight */
	T_INTEQ(tides_cameo_fill(&ev, TIDES_QUAD_GDELT), 1);
	T_NEAR(ev.goldstein, 4.0, 1e-9);
}

int main(void)
{
	T_RUN(test_find);
	T_RUN(test_complete);
	T_RUN(test_quad);
	T_RUN(test_fill);
	return t_done();
}
