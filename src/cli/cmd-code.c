/*
 * cmd-code.c — `tides code`: news text in, CAMEO events out.
 *
 * Reads every INPUT ("-" or none: stdin) with the text readers, codes each
 * story with the coder, and writes the events to stdout as TSV (with a
 * header) or JSON Lines.  Bad input lines are warned about and counted; the
 * totals go to stderr at the end.  Only fatal errors (an unreadable file, a
 * bad dictionary, out of memory) make the exit status non-zero.
 *
 * With --db the events, and the sentences they came from, also go into the
 * event store, one transaction per STORE_BATCH events, so a report can
 * lead from every point back to its text.  Event ids are recomputed here
 * with tides_event_make_id (origin "coder") so the same event gets the same
 * id on stdout, in the store and on re-runs.
 *
 * Two extra modes serve tests and debugging: --sentences prints what the
 * readers made of the input (one sentence per line) without coding, and
 * --list-cameo prints the compiled CAMEO table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif
#include <unistd.h>

#include "cli/cli.h"
#include "cli/code-threads.h"
#include "text/text.h"
#include "util/banned.h"

#define STORE_BATCH 20000

typedef struct code_opts {
	tides_reader_opts ro;
	tides_dict_paths dp;
	int jsonl;
	int sentences;
	const char *quad;
	const char *db;
	int threads;  /* >1: code-threads.c, same output in the same order */
} code_opts;

typedef struct code_counts {
	unsigned long stories, sentences, events;
} code_counts;

typedef struct code_run {
	tides_coder *coder;
	tides_store *store;
	unsigned long pending; /* events in the open store batch */
	code_par *par;         /* --threads N */
	const code_opts *o;    /* for emit_events from code-threads.c */
	cli_env *env;
	code_counts *n;
	tides_dicts *dicts;
	int load_failed;       /* par_load: the dictionaries did not load */
} code_run;

/* Every code of the table, in strcmp order, through the public lookup:
 * CAMEO codes are 2 to 4 digits. */
static void list_prefix(char *code, size_t len)
{
	char d;
	const tides_cameo_code *c;
	if (len >= 2 && (c = tides_cameo_find(code)) != NULL)
		printf("%s\t%.1f\t%d\t%d\t%s\n", c->code, c->goldstein,
		       tides_cameo_quad(c->code, TIDES_QUAD_GDELT),
		       tides_cameo_quad(c->code, TIDES_QUAD_ICEWS), c->name);
	if (len == 4)
		return;
	for (d = '0'; d <= '9'; d++) {
		code[len] = d;
		code[len + 1] = '\0';
		list_prefix(code, len + 1);
	}
	code[len] = '\0';
}

static void print_sentence_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
}

static int dump_story(const tides_story *st)
{
	size_t i;
	for (i = 0; i < st->nsent; i++) {
		const tides_sentence *s = &st->sent[i];
		printf("%s\t%d\t%s\t%d\t%s\t", s->doc_id, s->sentence, s->date, s->date_precision, s->lang);
		print_sentence_escaped(s->text);
		putchar('\n');
	}
	return 0;
}

/* `--dicts DIR` without file names: the folder layout of the bundled
 * dictionaries (DIR/verbs.txt, DIR/actors.txt, ...) names the files that
 * exist; kinds still missing are left to the loader's defaults. */
static void dict_layout(tides_dict_paths *dp)
{
	const char **slots[5];
	char path[4096];
	size_t i;
	if (!dp->dir)
		return;
	slots[0] = &dp->verbs; slots[1] = &dp->actors; slots[2] = &dp->agents;
	slots[3] = &dp->discards; slots[4] = &dp->issues;
	for (i = 0; i < 5; i++) {
		static const char *const files[] = { "verbs.txt", "actors.txt", "agents.txt",
		                                     "discards.txt", "issues.txt" };
		if (*slots[i])
			continue;
		snprintf(path, sizeof path, "%s/%s", dp->dir, files[i]);
		if (access(path, R_OK) == 0)
			*slots[i] = files[i];
	}
}

/* One event as it is written: origin "coder" by default, the id made from
 * the final fields.  Shared by emit_events and the workers of
 * code-threads.c (which format text when there is no --db), so both paths
 * write the same bytes (text_event_line). */
static void final_event(const tides_event *src, tides_event *ev)
{
	*ev = *src;
	if (!ev->origin[0])
		memcpy(ev->origin, "coder", 6);
	tides_event_make_id(ev);
}

/* code_par_format: on a worker; reads only the options. */
static int par_format(void *userdata, tides_buf *out, const tides_event *src)
{
	const code_run *run = userdata;
	tides_event ev;
	final_event(src, &ev);
	return text_event_append(out, &ev, run->o->jsonl);
}

/* code_par_load: with --threads and no --db the dictionaries load while
 * the workers read the first chunks; the TSV header follows them, as with
 * one thread. */
static int par_load(void *userdata, const tides_dicts **d)
{
	code_run *run = userdata;
	if (tides_dicts_load(run->env->ctx, &run->o->dp, &run->dicts) != TIDES_OK) {
		run->load_failed = 1;
		return cli_fail(run->env);
	}
	*d = run->dicts;
	if (!run->o->jsonl)
		tides_event_tsv_header(stdout);
	return 0;
}

/* Writes the events of one story (stdout, store); 0 or an exit status.
 * Called in input order by both the one-thread path and code-threads.c. */
static int emit_events(void *userdata, const tides_story *st, const tides_event *evs, size_t nev)
{
	code_run *run = userdata;
	const code_opts *o = run->o;
	cli_env *env = run->env;
	code_counts *n = run->n;
	size_t i;
	if (!evs) { /* code-threads.c wrote them already (par_format) */
		n->events += nev;
		return 0;
	}
	for (i = 0; i < nev; i++) {
		tides_event ev;
		char line[TEXT_EVENT_LINE_MAX];
		final_event(&evs[i], &ev);
		fwrite(line, 1, text_event_line(line, &ev, o->jsonl), stdout);
		if (run->store) {
			int added;
			if (tides_store_add(run->store, &ev, &added) != TIDES_OK)
				return cli_fail(env);
			run->pending++;
		}
	}
	n->events += nev;
	if (run->store && nev) {
		/* the sentences the events came from */
		for (i = 0; i < st->nsent; i++)
			if (tides_store_add_sentence(run->store, &st->sent[i]) != TIDES_OK)
				return cli_fail(env);
	}
	if (run->store && run->pending >= STORE_BATCH) {
		if (tides_store_commit(run->store) != TIDES_OK || tides_store_begin(run->store) != TIDES_OK)
			return cli_fail(env);
		run->pending = 0;
	}
	return 0;
}

/* Codes one story and writes its events; 0 or an exit status. */
static int code_story(const tides_story *st, const code_opts *o, code_run *run, cli_env *env,
                      code_counts *n)
{
	const tides_event *evs;
	size_t nev;
	(void)o;
	(void)n;
	if (run->par)
		return code_par_story(run->par, st);
	if (tides_coder_code_story(run->coder, st, &evs, &nev) != TIDES_OK)
		return cli_fail(env);
	return emit_events(run, st, evs, nev);
}

static int read_input(const char *path, const code_opts *o, code_run *run, cli_env *env,
                      code_counts *n)
{
	tides_reader *r = NULL;
	const tides_story *st;
	int rc = 0;
	if (run->par)
		return code_par_file(run->par, path, &o->ro);
	if (tides_reader_open(env->ctx, path, &o->ro, &r) != TIDES_OK)
		return cli_fail(env);
	for (;;) {
		if (tides_reader_next(r, &st) != TIDES_OK) {
			rc = cli_fail(env);
			break;
		}
		if (!st)
			break;
		n->stories++;
		n->sentences += st->nsent;
		if (o->sentences) {
			dump_story(st);
			continue;
		}
		if ((rc = code_story(st, o, run, env, n)) != 0)
			break;
	}
	tides_reader_free(r);
	return rc;
}

int cmd_code(int argc, char **argv, cli_env *env)
{
	enum { O_FORMAT = 256, O_INFMT, O_DATE, O_LANG, O_QUAD, O_DB, O_LIST, O_SENT, O_ID,
	       O_DICTS, O_VERBS, O_ACTORS, O_AGENTS, O_DISCARDS, O_ISSUES, O_OPTIONS, O_STORYDATE,
	       O_THREADS };
	static const struct option longopts[] = {
		{"dicts", required_argument, NULL, O_DICTS},
		{"verbs", required_argument, NULL, O_VERBS},
		{"actors", required_argument, NULL, O_ACTORS},
		{"agents", required_argument, NULL, O_AGENTS},
		{"discards", required_argument, NULL, O_DISCARDS},
		{"issues", required_argument, NULL, O_ISSUES},
		{"options", required_argument, NULL, O_OPTIONS},
		{"format", required_argument, NULL, O_FORMAT},
		{"input-format", required_argument, NULL, O_INFMT},
		{"date", required_argument, NULL, O_DATE},
		{"lang", required_argument, NULL, O_LANG},
		{"quad", required_argument, NULL, O_QUAD},
		{"db", required_argument, NULL, O_DB},
		{"id", required_argument, NULL, O_ID},
		{"story-dates-only", no_argument, NULL, O_STORYDATE},
		{"sentences", no_argument, NULL, O_SENT},
		{"list-cameo", no_argument, NULL, O_LIST},
		{"threads", required_argument, NULL, O_THREADS},
		{NULL, 0, NULL, 0},
	};
	code_opts o;
	code_run run;
	int deferred;
	code_counts n = {0, 0, 0};
	int c, i, rc = 0;
	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	o.ro.format = TIDES_IN_AUTO;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_DICTS: o.dp.dir = optarg; break;
		case O_VERBS: o.dp.verbs = optarg; break;
		case O_ACTORS: o.dp.actors = optarg; break;
		case O_AGENTS: o.dp.agents = optarg; break;
		case O_DISCARDS: o.dp.discards = optarg; break;
		case O_ISSUES: o.dp.issues = optarg; break;
		case O_OPTIONS: o.dp.options = optarg; break;
		case O_FORMAT:
			if (strcmp(optarg, "tsv") == 0)
				o.jsonl = 0;
			else if (strcmp(optarg, "jsonl") == 0)
				o.jsonl = 1;
			else
				return cli_usage_error("code", "unknown --format '%s' (tsv or jsonl)", optarg);
			break;
		case O_INFMT: {
			int f = tides_input_format_parse(optarg);
			if (f < 0)
				return cli_usage_error("code", "unknown --input-format '%s'", optarg);
			o.ro.format = (tides_input_format)f;
			break;
		}
		case O_DATE:
			o.ro.default_date = optarg;
			break;
		case O_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
				return cli_usage_error("code", "unknown --lang '%s' (en or zh)", optarg);
			o.ro.default_lang = optarg;
			break;
		case O_QUAD:
			if (strcmp(optarg, "gdelt") != 0 && strcmp(optarg, "icews") != 0)
				return cli_usage_error("code", "unknown --quad '%s' (gdelt or icews)", optarg);
			o.quad = optarg;
			break;
		case O_DB:
			o.db = optarg;
			break;
		case O_ID:
			o.ro.doc_id = optarg;
			break;
		case O_STORYDATE:
			o.ro.story_dates_only = 1;
			break;
		case O_SENT:
			o.sentences = 1;
			break;
		case O_THREADS: {
			char *end;
			long t = strtol(optarg, &end, 10);
			if (end == optarg || *end || t < 1 || t > 256)
				return cli_usage_error("code", "--threads wants a number from 1 to 256, not '%s'",
				                       optarg);
			o.threads = (int)t;
			break;
		}
		case O_LIST: {
			char code[8] = "";
			list_prefix(code, 0);
			return 0;
		}
		default:
			return cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
		}
	}
	o.dp.lang = o.ro.default_lang ? o.ro.default_lang : "en";
	dict_layout(&o.dp);
	/* --threads without --db: the dictionaries load in code-threads.c
	 * while the workers read the first chunks (par_load) */
	deferred = !o.sentences && o.threads > 1 && !o.db;
	run.o = &o;
	run.env = env;
	run.n = &n;
	if (o.sentences) {
		printf("doc_id\tsentence\tdate\tdate_precision\tlang\ttext\n");
	} else if (!deferred) {
		if (tides_dicts_load(env->ctx, &o.dp, &run.dicts) != TIDES_OK ||
		    (o.threads <= 1 && tides_coder_new(env->ctx, run.dicts, &run.coder) != TIDES_OK)) {
			rc = cli_fail(env);
			goto done;
		}
		if (o.quad && run.coder && tides_coder_set_option(run.coder, "quad", o.quad) != TIDES_OK) {
			rc = cli_fail(env);
			goto done;
		}
		if (o.db && (tides_store_open(env->ctx, o.db, TIDES_STORE_CREATE, &run.store) != TIDES_OK ||
		             tides_store_begin(run.store) != TIDES_OK)) {
			rc = cli_fail(env);
			goto done;
		}
		if (!o.jsonl)
			tides_event_tsv_header(stdout);
	}
#ifdef __GLIBC__
	/* only this thread writes stdout, also with --threads: skip the
	 * per-character stdio lock taken once the process has threads */
	if (o.threads > 1)
		__fsetlocking(stdout, FSETLOCKING_BYCALLER);
#endif
	if (!o.sentences && o.threads > 1 &&
	    !(run.par = code_par_new(env, run.dicts, par_load, o.quad, o.threads, emit_events,
	                             o.db ? NULL : par_format, &run))) {
		rc = 1;
		goto done;
	}
	if (optind >= argc) {
		rc = read_input("-", &o, &run, env, &n);
	} else {
		for (i = optind; i < argc && rc == 0; i++)
			rc = read_input(argv[i], &o, &run, env, &n);
	}
	if (run.par) {
		int prc = code_par_finish(run.par);
		unsigned long ns, nsent;
		if (rc == 0)
			rc = prc;
		code_par_counts(run.par, &ns, &nsent);
		n.stories += ns;
		n.sentences += nsent;
		if (run.load_failed)
			goto done; /* as with one thread: the message and nothing else */
	}
	/* what was coded before a fatal error is kept */
	if (run.store && tides_store_commit(run.store) != TIDES_OK && rc == 0)
		rc = cli_fail(env);
	fprintf(stderr, "tides: %lu stories, %lu sentences, %lu events\n", n.stories, n.sentences,
	        n.events);
	cli_warn_summary(env, "lines skipped or repaired");
done:
	code_par_free(run.par);
	tides_store_close(run.store);
	tides_coder_free(run.coder);
	tides_dicts_free(run.dicts);
	return rc;
}
