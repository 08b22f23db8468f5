/*
 * zh-bench.c — coding speed of one language with its bundled dictionaries.
 *
 *   zh-bench DICT_DIR LANG TSV COLUMN REPEAT
 *
 * Loads DICT_DIR/{verbs,discards,actors,agents}.txt, reads the sentences in
 * column COLUMN (1-based) of TSV (header skipped), and codes them REPEAT
 * times, each sentence a one-sentence story dated 2023-06-15 with lang
 * LANG.  Prints the load time, sentences per CPU second (the one-time ICU
 * setup on the first Chinese sentence included) and events produced.
 * Run once per language so the process's peak RSS (measured outside) is
 * that language's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tides.h"

/* CPU time of the process: other jobs on the machine (a parallel make,
 * another benchmark) do not move it as they move the wall clock. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	tides_ctx *ctx;
	tides_dict_paths p;
	tides_dicts *d = NULL;
	tides_coder *c = NULL;
	char line[65536], **sent = NULL;
	size_t ns = 0, cap = 0, i, nev_total = 0, done = 0;
	long col, rep, r;
	double t0, t1, t2;
	FILE *f;
	if (argc != 6) {
		fprintf(stderr, "usage: zh-bench DICT_DIR LANG TSV COLUMN REPEAT\n");
		return 2;
	}
	col = strtol(argv[4], NULL, 10);
	rep = strtol(argv[5], NULL, 10);
	f = fopen(argv[3], "r");
	if (!f || col < 1 || rep < 1) {
		fprintf(stderr, "zh-bench: cannot read '%s'\n", argv[3]);
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		char *s = line, *e;
		long k;
		if (done++ == 0)
			continue; /* header */
		for (k = 1; k < col && s; k++) {
			s = strchr(s, '\t');
			if (s)
				s++;
		}
		if (!s)
			continue;
		e = strpbrk(s, "\t\n");
		if (e)
			*e = '\0';
		if (ns == cap) {
			cap = cap ? cap * 2 : 256;
			sent = realloc(sent, cap * sizeof *sent);
			if (!sent)
				return 1;
		}
		sent[ns++] = strdup(s);
	}
	fclose(f);
	ctx = tides_ctx_new();
	memset(&p, 0, sizeof p);
	p.dir = argv[1];
	p.verbs = "verbs.txt,discards.txt";
	p.actors = "actors.txt";
	p.agents = "agents.txt";
	p.lang = argv[2];
	p.no_defaults = 1;
	t0 = now();
	if (tides_dicts_load(ctx, &p, &d) != TIDES_OK || tides_coder_new(ctx, d, &c) != TIDES_OK) {
		fprintf(stderr, "zh-bench: %s\n", tides_errmsg(ctx));
		return 1;
	}
	t1 = now();
	for (r = 0; r < rep; r++)
		for (i = 0; i < ns; i++) {
			tides_sentence s;
			tides_story st;
			const tides_event *ev;
			size_t nev;
			memset(&s, 0, sizeof s);
			s.doc_id = "bench";
			s.date = "";
			s.sentence = 1;
			s.lang = argv[2];
			s.text = sent[i];
			s.len = strlen(sent[i]);
			s.file = "bench";
			memset(&st, 0, sizeof st);
			st.doc_id = "bench";
			st.date = "2023-06-15";
			st.lang = argv[2];
			st.nsent = 1;
			st.sent = &s;
			if (tides_coder_code_story(c, &st, &ev, &nev) != TIDES_OK) {
				fprintf(stderr, "zh-bench: %s\n", tides_errmsg(ctx));
				return 1;
			}
			nev_total += nev;
		}
	t2 = now();
	printf("%s: load %.1f ms; %zu sentences in %.3f s: %.0f sentences/s; %zu events\n", argv[2],
	       (t1 - t0) * 1e3, ns * (size_t)rep, t2 - t1, (double)(ns * (size_t)rep) / (t2 - t1),
	       nev_total);
	tides_coder_free(c);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
	for (i = 0; i < ns; i++)
		free(sent[i]);
	free(sent);
	return 0;
}
