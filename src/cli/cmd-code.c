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
 * event store, so a report can lead from every point back to its text.
 * They go through the store's bulk writer (tides_store_bulk_*): columnar
 * segments as an import writes them, a transaction per segment (65536
 * events and their sentences), and the dedup pass at the end, so an event
 * stored before (by an import, an earlier run, the row table) is not
 * stored twice.  (Until 2026-11 every event went into the row table: six
 * b-tree inserts an event, ~4x the coding.)  Event ids are recomputed here
 * with tides_event_make_id (origin "coder") so the same event gets the same
 * id on stdout, in the store and on re-runs.
 *
 * With --threads N and --db the store is written on a thread of its own,
 * code-threads.c's store stage: the workers make each event final for
 * stdout and the store (par_final: its id, tides_store_bulk_prepare) and
 * keep it, with the story's sentences, in their chunk; the caller's thread
 * writes the chunk's text and hands the chunk itself to the store thread,
 * which adds its stories in input order to the bulk writer (par_sink), so
 * the segments and transactions are those of one thread and the store
 * ends up the same.  Nothing is copied on the caller's thread: until
 * 2026-11-25 it finalized and copied every event and sentence into a
 * batch of its own for a writer thread, and spent as much CPU doing so as
 * a worker's coding.  The store is opened with a context of its own
 * (errors are made on the store thread); its message is printed when the
 * chunk that failed comes back; the bulk writer's finish (last segment,
 * dedup pass) runs on this thread after code_par_finish.  The dictionaries
 * load while the workers read the first chunks, as without --db.
 *
 * Two extra modes serve tests and debugging: --sentences prints what the
 * readers made of the input (one sentence per line) without coding, and
 * --list-cameo prints the compiled CAMEO table.
 */
#include <getopt.h>
#include <stdint.h>
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
#include "util/buf.h"
#include "util/banned.h"

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
	tides_store_bulk *bulk; /* --db: the events go into segments through it */
	tides_ctx *sctx;       /* --threads N --db: the store's, whose errors are
	                          made on code-threads.c's store thread */
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

/* One event as it is written, in place: origin "coder" by default, the id
 * made from the final fields.  Shared by emit_events and the workers of
 * code-threads.c (par_format, par_final), so every path writes the same
 * bytes (text_event_line). */
static void final_event(tides_event *ev)
{
	if (!ev->origin[0])
		memcpy(ev->origin, "coder", 6);
	tides_event_make_id(ev);
}

/* code_par_format: on a worker; reads only the options. */
static int par_format(void *userdata, tides_buf *out, const tides_event *src)
{
	const code_run *run = userdata;
	tides_event ev = *src;
	final_event(&ev);
	return text_event_append(out, &ev, run->o->jsonl);
}

/* code_par_load: with --threads the dictionaries load while the workers
 * read the first chunks; then whether the store opened (on the store
 * thread meanwhile), then the TSV header, as with one thread. */
static int par_load(void *userdata, const tides_dicts **d)
{
	code_run *run = userdata;
	if (tides_dicts_load(run->env->ctx, &run->o->dp, &run->dicts) != TIDES_OK) {
		run->load_failed = 1;
		return cli_fail(run->env);
	}
	if (run->o->db && code_par_store_opened(run->par) != 0) {
		run->load_failed = 1;
		return 1;
	}
	*d = run->dicts;
	if (!run->o->jsonl)
		tides_event_tsv_header(stdout);
	return 0;
}

/* code_par_final: on a worker, the event as emit_events writes and stores
 * it, in place. */
static int par_final(void *userdata, tides_buf *out, tides_event *ev)
{
	const code_run *run = userdata;
	final_event(ev);
	if (text_event_append(out, ev, run->o->jsonl) < 0)
		return -1;
	tides_store_bulk_prepare(ev); /* after the line: as emit_events */
	return 0;
}

/* code_par_open: on the store thread, first of all. */
static int par_open(void *userdata, char *err, size_t errcap)
{
	code_run *run = userdata;
	if (tides_store_open(run->sctx, run->o->db, TIDES_STORE_CREATE | TIDES_STORE_BESIDE,
	                     &run->store) == TIDES_OK &&
	    tides_store_bulk_new(run->store, 0, &run->bulk) == TIDES_OK)
		return 0;
	snprintf(err, errcap, "%s", tides_errmsg(run->sctx));
	return -1;
}

/* code_par_sink: on the store thread, what emit_events stores with one
 * thread, story by story. */
static int par_sink(void *userdata, const tides_story *st, const tides_event *ev, size_t nev,
                    char *err, size_t errcap)
{
	code_run *run = userdata;
	tides_status s = TIDES_OK;
	size_t i;
	for (i = 0; i < nev && s == TIDES_OK; i++)
		s = tides_store_bulk_add(run->bulk, &ev[i]);
	for (i = 0; nev && i < st->nsent && s == TIDES_OK; i++)
		s = tides_store_bulk_add_sentence(run->bulk, &st->sent[i]);
	if (s == TIDES_OK)
		return 0;
	snprintf(err, errcap, "%s", tides_errmsg(run->sctx));
	return -1;
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
		tides_event ev = evs[i];
		char line[TEXT_EVENT_LINE_MAX];
		final_event(&ev);
		fwrite(line, 1, text_event_line(line, &ev, o->jsonl), stdout);
		if (run->bulk) {
			tides_store_bulk_prepare(&ev);
			if (tides_store_bulk_add(run->bulk, &ev) != TIDES_OK)
				return cli_fail(env);
		}
	}
	n->events += nev;
	if (run->bulk && nev) {
		/* the sentences the events came from */
		for (i = 0; i < st->nsent; i++)
			if (tides_store_bulk_add_sentence(run->bulk, &st->sent[i]) != TIDES_OK)
				return cli_fail(env);
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
	int deferred, stored = 0;
	uint64_t added = 0;
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
	/* --threads: the dictionaries load in code-threads.c while the
	 * workers read the first chunks (par_load) */
	deferred = !o.sentences && o.threads > 1;
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
		             tides_store_bulk_new(run.store, 0, &run.bulk) != TIDES_OK)) {
			rc = cli_fail(env);
			goto done;
		}
		if (!o.jsonl)
			tides_event_tsv_header(stdout);
	} else if (o.db) {
		/* the store gets its own context: it is opened and written on
		 * code-threads.c's store thread (par_open, par_sink) */
		if (!(run.sctx = tides_ctx_new())) {
			rc = cli_die(1, "out of memory");
			goto done;
		}
		tides_ctx_copy_tune(run.sctx, env->ctx); /* TIDES_BULK_BATCH */
	}
#ifdef __GLIBC__
	/* only this thread writes stdout, also with --threads: skip the
	 * per-character stdio lock taken once the process has threads */
	if (o.threads > 1)
		__fsetlocking(stdout, FSETLOCKING_BYCALLER);
#endif
	if (!o.sentences && o.threads > 1 &&
	    !(run.par = code_par_new(env, NULL, par_load, o.quad, o.threads, emit_events, par_format,
	                             &run))) {
		rc = 1;
		goto done;
	}
	if (run.par && o.db && (rc = code_par_set_store(run.par, par_open, par_final, par_sink)) != 0)
		goto done;
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
	/* what was coded before a fatal error is kept: the last batch, the
	 * dedup pass (an event stored before is not stored twice) */
	if (run.bulk) {
		if (tides_store_bulk_finish(run.bulk, &added) != TIDES_OK) {
			if (rc == 0)
				rc = run.sctx ? cli_die(1, "%s", tides_errmsg(run.sctx)) : cli_fail(env);
		} else {
			stored = 1;
		}
	}
	fprintf(stderr, "tides: %lu stories, %lu sentences, %lu events\n", n.stories, n.sentences,
	        n.events);
	/* events already in the store (an import, an earlier run) or
	 * repeated in this one are not stored twice */
	if (stored && rc == 0)
		fprintf(stderr, "tides: %llu events added to the store, %llu stored before\n",
		        (unsigned long long)added,
		        (unsigned long long)(n.events > added ? n.events - added : 0));
	cli_warn_summary(env, "lines skipped or repaired");
done:
	code_par_free(run.par); /* its store thread is done with the store */
	tides_store_bulk_free(run.bulk);
	tides_store_close(run.store);
	tides_ctx_free(run.sctx);
	tides_coder_free(run.coder);
	tides_dicts_free(run.dicts);
	return rc;
}
