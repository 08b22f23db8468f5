/*
 * cameo.c — the CAMEO codebook compiled into tides.
 *
 * The table itself is data (data/cameo.tsv) turned into C at build time by
 * scripts/gen-cameo.awk, sorted by code, so lookup is a bisection.  Quad
 * classes follow the root code; GDELT and ICEWS disagree on two roots
 * (09 investigate, 14 protest), hence the convention argument.
 */
#include "tides.h"

#include <string.h>

#include "util/buf.h"
#include "util/banned.h"

extern const tides_cameo_code tides_cameo_table_[];
extern const size_t tides_cameo_count_;

const tides_cameo_code *tides_cameo_find(const char *code)
{
	size_t lo = 0, hi = tides_cameo_count_;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, tides_cameo_table_[mid].code);
		if (c == 0)
			return &tides_cameo_table_[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int tides_cameo_quad(const char *code, tides_quad_convention conv)
{
	int root;
	if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
		return 0;
	root = (code[0] - '0') * 10 + (code[1] - '0');
	if (root < 1 || root > 20)
		return 0;
	if (root <= 5)
		return 1;
	if (root <= 8)
		return 2;
	if (root == 9)
		return conv == TIDES_QUAD_ICEWS ? 3 : 2;
	if (root <= 13)
		return 3;
	if (root == 14)
		return conv == TIDES_QUAD_ICEWS ? 4 : 3;
	return 4;
}

int tides_cameo_fill(tides_event *ev, tides_quad_convention conv)
{
	const tides_cameo_code *c = tides_cameo_find(ev->code);
	char tmp[3];
	if (strlen(ev->code) >= 2) {
		tmp[0] = ev->code[0];
		tmp[1] = ev->code[1];
		tmp[2] = '\0';
		memcpy(ev->root, tmp, 3);
	} else {
		ev->root[0] = '\0';
	}
	ev->quad = tides_cameo_quad(ev->code, conv);
	if (!c) {
		/* an unlisted sub-code still has a root; use the root's weight */
		c = tides_cameo_find(ev->root);
		if (!c)
			return 0;
	}
	ev->goldstein = c->goldstein;
	return 1;
}
