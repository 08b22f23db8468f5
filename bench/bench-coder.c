/*
 * bench-coder.c — dictionary load time and coding speed of the English
 * coder.  usage: bench-coder DIR VERBS ACTORS AGENTS OPTIONS SUITE.tsv [ROUNDS]
 * Codes the text column of every record of the suite ROUNDS times (one
 * sentence per story) and prints the median of 5 runs.  Figures only; it
 * never fails on time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tides.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	tides_ctx *ctx = tides_ctx_new();
	tides_dict_paths p;
	tides_dicts *d = NULL;
	tides_coder *c = NULL;
	char **texts = NULL, line[65536];
	size_t ntexts = 0, i, r, rounds, nev_total = 0;
	double t0, tload[5], tcode[5];
	FILE *f;
	int k;
	if (argc < 7) {
		fprintf(stderr, "usage: %s DIR VERBS ACTORS AGENTS OPTIONS SUITE.tsv [ROUNDS]\n", argv[0]);
		return 2;
	}
	rounds = argc > 7 ? (size_t)strtoul(argv[7], NULL, 10) : 200;
	memset(&p, 0, sizeof p);
	p.dir = argv[1];
	p.verbs = argv[2][0] ? argv[2] : NULL;
	p.actors = argv[3][0] ? argv[3] : NULL;
	p.agents = argv[4][0] ? argv[4] : NULL;
	p.options = argv[5][0] ? argv[5] : NULL;
	tides_ctx_set_warn(ctx, NULL, NULL);
	for (k = 0; k < 5; k++) {
		t0 = now();
		if (tides_dicts_load(ctx, &p, &d) != TIDES_OK) {
			fprintf(stderr, "bench: %s\n", tides_errmsg(ctx));
			return 1;
		}
		tload[k] = now() - t0;
		if (k < 4)
			tides_dicts_free(d);
	}
	tides_coder_new(ctx, d, &c);
	tides_coder_set_option(c, "min_words", "0");
	f = fopen(argv[6], "r");
	if (!f)
		return 1;
	while (fgets(line, sizeof line, f)) {
		char *col = line, *t;
		int n;
		for (n = 0; n < 10 && col; n++) {
			col = strchr(col, '\t');
			if (col)
				col++;
		}
		if (!col)
			continue;
		t = strchr(col, '\t');
		if (t)
			*t = '\0';
		texts = realloc(texts, (ntexts + 1) * sizeof *texts);
		texts[ntexts++] = strdup(col);
	}
	fclose(f);
	for (k = 0; k < 5; k++) {
		t0 = now();
		for (r = 0; r < rounds; r++)
			for (i = 0; i < ntexts; i++) {
				tides_sentence s;
				tides_story st;
				const tides_event *ev;
				size_t nev;
				memset(&s, 0, sizeof s);
				s.doc_id = "b";
				s.date = "1995-01-01";
				s.sentence = 1;
				s.text = texts[i];
				s.len = strlen(texts[i]);
				memset(&st, 0, sizeof st);
				st.doc_id = "b";
				st.date = "1995-01-01";
				st.nsent = 1;
				st.sent = &s;
				tides_coder_code_story(c, &st, &ev, &nev);
				nev_total += nev;
			}
		tcode[k] = now() - t0;
	}
	qsort(tload, 5, sizeof tload[0], cmpd);
	qsort(tcode, 5, sizeof tcode[0], cmpd);
	printf("dictionary load: %.1f ms (median of 5)\n", tload[2] * 1e3);
	printf("coding: %zu sentences in %.3f s: %.0f sentences/s (median of 5; %zu events)\n",
	       ntexts * rounds, tcode[2], (double)(ntexts * rounds) / tcode[2], nev_total / 5);
	tides_coder_free(c);
	tides_dicts_free(d);
	for (i = 0; i < ntexts; i++)
		free(texts[i]);
	free(texts);
	tides_ctx_free(ctx);
	return 0;
}
