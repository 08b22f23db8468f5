/*
 * code-bench.c — times the English coder through the public API only:
 * dictionary load (tides_dicts_load) and coding (tides_coder_code_story).
 *
 *   code-bench [--dir D] [--verbs F] [--actors F,F] [--agents F] [--discards F]
 *              [--issues F] [--loads N] [--runs N] [--limit N] [--print|--print-all] [--option NAME=VALUE]... CORPUS.tsv
 *
 * CORPUS lines are DATE<TAB>ID<TAB>TEXT (bench/code-corpus.awk writes
 * them); each line is coded as a one-sentence story.  The corpus is
 * streamed, so the peak RSS printed at the end is the coder's and the
 * dictionaries', not the corpus's.  Prints one `key=value` line per figure;
 * medians over --loads loads and --runs passes.  --print writes the events
 * (ID, source, target, code) to stdout, to compare engine versions;
 * --print-all every field of every event and the story status.  Never
 * fails on time.
 * Built by bench/code.sh against build-rel/libtides.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "tides.h"

/* Wall-clock and CPU time of this process: on a shared machine the CPU
 * time is the fairer "one core" figure; both are printed. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long warnings;
static void on_warn(void *u, const char *msg)
{
	(void)u;
	if (warnings++ < 5)
		fprintf(stderr, "code-bench: warning: %s\n", msg);
}

/* One pass over the corpus; returns sentences coded, adds events to *nev. */
static int print_events;

static long code_pass(tides_ctx *ctx, tides_coder *c, const char *path, long limit, long *nev, double *secs,
                      double *cpu)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long ns = 0;
	double t0, c0;
	if (!f) {
		perror(path);
		return -1;
	}
	t0 = now_s();
	c0 = cpu_s();
	while ((n = getline(&line, &cap, f)) > 0 && (limit <= 0 || ns < limit)) {
		char *date = line, *id, *text;
		tides_sentence s;
		tides_story st;
		const tides_event *ev;
		size_t k;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		id = strchr(date, '\t');
		if (!id)
			continue;
		*id++ = '\0';
		text = strchr(id, '\t');
		if (!text)
			continue;
		*text++ = '\0';
		memset(&s, 0, sizeof s);
		s.doc_id = id;
		s.date = date;
		s.sentence = 1;
		s.lang = "en";
		s.text = text;
		s.len = strlen(text);
		s.file = path;
		s.line = ns + 1;
		st.doc_id = id;
		st.date = date;
		st.lang = "en";
		st.nsent = 1;
		st.sent = &s;
		if (tides_coder_code_story(c, &st, &ev, &k) != TIDES_OK) {
			fprintf(stderr, "code-bench: %s\n", tides_errmsg(ctx));
			break;
		}
		*nev += (long)k;
		if (print_events == 1) {
			size_t j;
			for (j = 0; j < k; j++)
				printf("%s\t%s\t%s\t%s\t%s\n", id, ev[j].source, ev[j].target, ev[j].code, ev[j].issues);
		} else if (print_events == 2) {
			size_t j;
			printf("%s\tstatus=%d\n", id, tides_coder_story_status(c));
			for (j = 0; j < k; j++)
				printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.1f\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				       ev[j].event_id, ev[j].date, ev[j].source, ev[j].target, ev[j].code, ev[j].root,
				       ev[j].issues, ev[j].quad, ev[j].goldstein, ev[j].doc_id, ev[j].lang, ev[j].sentence,
				       ev[j].source_text, ev[j].verb_text, ev[j].target_text, ev[j].origin, ev[j].orig_id,
				       ev[j].source_country, ev[j].target_country);
		}
		ns++;
	}
	*secs = now_s() - t0;
	*cpu = cpu_s() - c0;
	free(line);
	fclose(f);
	return ns;
}

int main(int argc, char **argv)
{
	tides_dict_paths p;
	tides_ctx *ctx;
	tides_dicts *d = NULL;
	tides_coder *c = NULL;
	const char *corpus = NULL;
	int loads = 5, runs = 3, i;
	long limit = 0;
	const char *opts[16];
	int nopts = 0;
	double lt[64], lc[64], rate[64], crate[64], ms;
	struct rusage ru;
	memset(&p, 0, sizeof p);
	p.lang = "en";
	p.no_defaults = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--dir") && v) p.dir = argv[++i];
		else if (!strcmp(a, "--verbs") && v) p.verbs = argv[++i];
		else if (!strcmp(a, "--actors") && v) p.actors = argv[++i];
		else if (!strcmp(a, "--agents") && v) p.agents = argv[++i];
		else if (!strcmp(a, "--discards") && v) p.discards = argv[++i];
		else if (!strcmp(a, "--issues") && v) p.issues = argv[++i];
		else if (!strcmp(a, "--loads") && v) loads = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(a, "--runs") && v) runs = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(a, "--limit") && v) limit = strtol(argv[++i], NULL, 10);
		else if (!strcmp(a, "--print")) print_events = 1;
		else if (!strcmp(a, "--print-all")) print_events = 2;
		else if (!strcmp(a, "--option") && v && nopts < 16) opts[nopts++] = argv[++i];
		else if (a[0] != '-' && !corpus) corpus = a;
		else {
			fprintf(stderr, "usage: code-bench [--dir D] [--verbs F] [--actors F,F] [--agents F]"
			                " [--discards F] [--issues F] [--loads N] [--runs N] [--limit N] [--print|--print-all]"
			                " [--option NAME=VALUE]... [CORPUS]\n");
			return 2;
		}
	}
	if (loads < 1 || loads > 64 || runs < 0 || runs > 64) {
		fprintf(stderr, "code-bench: --loads 1..64, --runs 0..64\n");
		return 2;
	}
	ctx = tides_ctx_new();
	if (!ctx)
		return 1;
	tides_ctx_set_warn(ctx, on_warn, NULL);
	for (i = 0; i < loads; i++) {
		double t0 = now_s(), c0 = cpu_s();
		tides_dicts_free(d);
		d = NULL;
		if (tides_dicts_load(ctx, &p, &d) != TIDES_OK) {
			fprintf(stderr, "code-bench: %s\n", tides_errmsg(ctx));
			return 1;
		}
		lt[i] = (now_s() - t0) * 1e3;
		lc[i] = (cpu_s() - c0) * 1e3;
	}
	ms = median(lt, loads);
	printf("load_ms_median=%.2f load_cpu_ms_median=%.2f loads=%d dict_warnings=%ld\n", ms,
	       median(lc, loads), loads, warnings / loads);
	if (corpus && runs > 0) {
		long ns = 0, nev = 0;
		if (tides_coder_new(ctx, d, &c) != TIDES_OK) {
			fprintf(stderr, "code-bench: %s\n", tides_errmsg(ctx));
			return 1;
		}
		for (i = 0; i < nopts; i++) {
			char name[64];
			const char *eq = strchr(opts[i], '=');
			if (!eq || (size_t)(eq - opts[i]) >= sizeof name) {
				fprintf(stderr, "code-bench: --option NAME=VALUE\n");
				return 2;
			}
			memcpy(name, opts[i], (size_t)(eq - opts[i]));
			name[eq - opts[i]] = '\0';
			if (tides_coder_set_option(c, name, eq + 1) != TIDES_OK) {
				fprintf(stderr, "code-bench: %s\n", tides_errmsg(ctx));
				return 2;
			}
		}
		for (i = 0; i < runs; i++) {
			double secs, cpu;
			nev = 0;
			ns = code_pass(ctx, c, corpus, limit, &nev, &secs, &cpu);
			if (ns <= 0)
				return 1;
			rate[i] = (double)ns / secs;
			crate[i] = (double)ns / cpu;
			printf("run=%d sentences=%ld events=%ld seconds=%.3f cpu_seconds=%.3f sentences_per_s=%.0f"
			       " sentences_per_cpu_s=%.0f\n", i + 1, ns, nev, secs, cpu, rate[i], crate[i]);
			fflush(stdout);
		}
		printf("sentences_per_s_median=%.0f sentences_per_cpu_s_median=%.0f runs=%d sentences=%ld"
		       " events=%ld\n", median(rate, runs), median(crate, runs), runs, ns, nev);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_mb=%.1f\n", (double)ru.ru_maxrss / 1024.0);
	tides_coder_free(c);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
	return 0;
}
