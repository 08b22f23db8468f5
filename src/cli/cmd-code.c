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
 * With --threads N and --db the store is written on a thread of its own
 * (the writer: a one-thread util/pool): the caller's thread writes stdout
 * and copies each story's final events (completed for the store:
 * tides_store_bulk_prepare) and sentences into a batch (WBATCH_EVENTS
 * events); the writer adds them in that order to the bulk writer, so the
 * segments and transactions are those of one thread and the store ends
 * up the same.  The writer's work (a column append an event, a sentence
 * insert, a segment encode every 65536 events) is about half the coding's
 * instructions, four fifths of it the sentence inserts; it was 4x the
 * coding with the row table.  The store is opened with a context of its
 * own (errors are made on the writer), and its message is printed here
 * when the batch that failed comes back; the bulk writer's finish (last
 * segment, dedup pass) runs here once the writer is drained.
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
#include "util/buf.h"
#include "util/mem.h"
#include "util/pool.h"
#include "util/banned.h"

#define WBATCH_EVENTS 1024
#define WBATCH_DEPTH 4

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

/* A story's sentence for the writer: offsets into the batch's arena. */
typedef struct wsent {
	size_t doc, date, lang, text, len;
	int sentence;
} wsent;

/* What the writer adds, story by story: nev events, then (if nev) the
 * story's sentences. */
typedef struct wstory {
	size_t nev, nsent;
} wstory;

typedef struct wbatch {
	tides_event *ev;
	size_t nev, cap_ev;
	wstory *st;
	size_t nst, cap_st;
	wsent *sent;
	size_t nsent, cap_sent;
	tides_buf arena;
	int failed;            /* the writer's error is in err */
	char err[512];
	struct wbatch *next;   /* free list */
} wbatch;

typedef struct code_writer {
	tides_pool *pool;
	tides_ctx *ctx;        /* the store's: errors are made on the writer */
	wbatch *cur, *free;
	int failed;            /* the writer stops at its first error */
	double cpu;            /* CPU seconds of the writer thread so far */
	void *states[1];       /* the pool reads it from its thread: lives as long */
} code_writer;

typedef struct code_run {
	tides_coder *coder;
	tides_store *store;
	tides_store_bulk *bulk; /* --db: the events go into segments through it */
	code_writer *w;        /* --threads N --db: the store is written there */
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

/* ------------------------------------------------------------ writer */

static void wbatch_free(wbatch *b)
{
	if (!b)
		return;
	tides_free(b->ev);
	tides_free(b->st);
	tides_free(b->sent);
	tides_buf_release(&b->arena);
	tides_free(b);
}

/* Adds one batch to the store, on the writer thread: what emit_events
 * does with one thread, story by story. */
static void writer_work(void *state, void *item)
{
	code_run *run = state;
	wbatch *b = item;
	size_t i, j, e = 0, k = 0;
	tides_status st = TIDES_OK;
	if (run->w->failed) {
		b->failed = 1;
		b->err[0] = '\0';
		return;
	}
	for (i = 0; i < b->nst && st == TIDES_OK; i++) {
		const wstory *ws = &b->st[i];
		for (j = 0; j < ws->nev && st == TIDES_OK; j++)
			st = tides_store_bulk_add(run->bulk, &b->ev[e++]);
		for (j = 0; j < ws->nsent && st == TIDES_OK; j++) {
			const wsent *w = &b->sent[k++];
			tides_sentence sent;
			memset(&sent, 0, sizeof sent);
			sent.doc_id = b->arena.s + w->doc;
			sent.date = b->arena.s + w->date;
			sent.lang = b->arena.s + w->lang;
			sent.text = b->arena.s + w->text;
			sent.len = w->len;
			sent.sentence = w->sentence;
			st = tides_store_bulk_add_sentence(run->bulk, &sent);
		}
	}
	run->w->cpu = tides_pool_thread_cpu();
	if (st != TIDES_OK) {
		const char *m = tides_errmsg(run->w->ctx);
		b->failed = 1;
		run->w->failed = 1;
		snprintf(b->err, sizeof b->err, "%s", m[0] ? m : "unknown error");
	}
}

/* A batch that came back from the writer: to the free list; 0, or 1 after
 * printing the writer's error. */
static int writer_back(code_writer *w, wbatch *b)
{
	int rc = 0;
	if (b->failed && b->err[0])
		rc = cli_die(1, "%s", b->err);
	else if (b->failed)
		rc = 1; /* after an earlier error, printed with its batch */
	b->failed = 0;
	b->nev = b->nst = b->nsent = 0;
	tides_buf_reset(&b->arena);
	b->next = w->free;
	w->free = b;
	return rc;
}

/* Hands the current batch to the writer (waiting for room); 0 or an exit
 * status. */
static int writer_submit(code_writer *w)
{
	wbatch *b;
	int rc = 0;
	if (!w->cur || w->cur->nst == 0)
		return 0;
	while (rc == 0 && (b = tides_pool_take(w->pool, tides_pool_full(w->pool))) != NULL)
		rc = writer_back(w, b);
	if (rc)
		return rc;
	if (tides_pool_put(w->pool, w->cur) != 0)
		return cli_die(1, "out of memory");
	w->cur = NULL;
	return 0;
}

/* Waits for every batch (the last one first submitted); 0 or an exit
 * status.  The store is then the caller's again. */
static int writer_drain(code_writer *w)
{
	wbatch *b;
	int rc = writer_submit(w);
	while ((b = tides_pool_take(w->pool, 1)) != NULL) {
		int r = writer_back(w, b);
		if (rc == 0)
			rc = r;
	}
	return rc;
}

static void writer_free(code_writer *w)
{
	if (!w)
		return;
	tides_pool_free(w->pool);
	wbatch_free(w->cur);
	while (w->free) {
		wbatch *b = w->free;
		w->free = b->next;
		wbatch_free(b);
	}
	tides_free(w);
}

static int arena_add(tides_buf *a, const char *s, size_t n, size_t *off)
{
	*off = a->len;
	if (tides_buf_add(a, s ? s : "", s ? n : 0) != 0 || tides_buf_add(a, "", 1) != 0)
		return -1;
	return 0;
}

/* The current batch, with room for one more story of nev events and nsent
 * sentences; NULL when out of memory. */
static wbatch *writer_batch(code_writer *w, size_t nev, size_t nsent)
{
	wbatch *b = w->cur;
	if (!b) {
		if (w->free) {
			b = w->free;
			w->free = b->next;
		} else if ((b = tides_calloc(1, sizeof *b)) != NULL) {
			tides_buf_init(&b->arena);
		}
		if (!b)
			return NULL;
		w->cur = b;
	}
	if (tides_grow((void **)&b->ev, &b->cap_ev, b->nev + nev, sizeof *b->ev) != 0 ||
	    tides_grow((void **)&b->st, &b->cap_st, b->nst + 1, sizeof *b->st) != 0 ||
	    tides_grow((void **)&b->sent, &b->cap_sent, b->nsent + nsent, sizeof *b->sent) != 0)
		return NULL;
	return b;
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
	if (run->w) {
		/* --threads --db: stdout here, the store on the writer */
		wbatch *b;
		wstory *ws;
		if (nev == 0)
			return 0;
		b = writer_batch(run->w, nev, st->nsent);
		if (!b)
			return cli_die(1, "out of memory");
		for (i = 0; i < nev; i++) {
			char line[TEXT_EVENT_LINE_MAX];
			tides_event *ev = &b->ev[b->nev++];
			final_event(&evs[i], ev);
			fwrite(line, 1, text_event_line(line, ev, o->jsonl), stdout);
			tides_store_bulk_prepare(ev); /* here, not on the writer */
		}
		ws = &b->st[b->nst++];
		ws->nev = nev;
		ws->nsent = 0;
		for (i = 0; i < st->nsent; i++) {
			const tides_sentence *sn = &st->sent[i];
			wsent *w = &b->sent[b->nsent];
			if (arena_add(&b->arena, sn->doc_id, sn->doc_id ? strlen(sn->doc_id) : 0, &w->doc) != 0 ||
			    arena_add(&b->arena, sn->date, sn->date ? strlen(sn->date) : 0, &w->date) != 0 ||
			    arena_add(&b->arena, sn->lang, sn->lang ? strlen(sn->lang) : 0, &w->lang) != 0 ||
			    arena_add(&b->arena, sn->text, sn->text ? sn->len : 0, &w->text) != 0)
				return cli_die(1, "out of memory");
			w->len = sn->text ? sn->len : 0;
			w->sentence = sn->sentence;
			b->nsent++;
			ws->nsent++;
		}
		n->events += nev;
		if (b->nev >= WBATCH_EVENTS)
			return writer_submit(run->w);
		return 0;
	}
	for (i = 0; i < nev; i++) {
		tides_event ev;
		char line[TEXT_EVENT_LINE_MAX];
		final_event(&evs[i], &ev);
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
		if (o.db && o.threads > 1) {
			/* the store gets its own context: its errors are made on the writer */
			code_writer *w = tides_calloc(1, sizeof *w);
			if (!w || !(w->ctx = tides_ctx_new())) {
				tides_free(w);
				rc = cli_die(1, "out of memory");
				goto done;
			}
			run.w = w;
			tides_ctx_copy_tune(w->ctx, env->ctx); /* TIDES_BULK_BATCH */
			if (tides_store_open(w->ctx, o.db, TIDES_STORE_CREATE | TIDES_STORE_BESIDE, &run.store) != TIDES_OK ||
			    tides_store_bulk_new(run.store, 0, &run.bulk) != TIDES_OK) {
				rc = cli_die(1, "%s", tides_errmsg(w->ctx));
				goto done;
			}
			w->states[0] = &run;
			if (!(w->pool = tides_pool_new(1, WBATCH_DEPTH, writer_work, w->states))) {
				rc = cli_die(1, "out of memory");
				goto done;
			}
		} else if (o.db && (tides_store_open(env->ctx, o.db, TIDES_STORE_CREATE, &run.store) != TIDES_OK ||
		                    tides_store_bulk_new(run.store, 0, &run.bulk) != TIDES_OK)) {
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
	if (run.w) {
		int wrc = writer_drain(run.w);
		if (rc == 0)
			rc = wrc;
		if (getenv("TIDES_THREAD_STATS")) /* bench/threads.sh: the writer bounds the speed-up */
			fprintf(stderr, "tides: store writer cpu %.3f\n", run.w->cpu);
	}
	/* what was coded before a fatal error is kept: the last batch, the
	 * dedup pass (an event stored before is not stored twice) */
	if (run.bulk && tides_store_bulk_finish(run.bulk, NULL) != TIDES_OK && rc == 0)
		rc = run.w ? cli_die(1, "%s", tides_errmsg(run.w->ctx)) : cli_fail(env);
	fprintf(stderr, "tides: %lu stories, %lu sentences, %lu events\n", n.stories, n.sentences,
	        n.events);
	cli_warn_summary(env, "lines skipped or repaired");
done:
	code_par_free(run.par);
	if (run.w && run.w->pool && tides_pool_pending(run.w->pool))
		writer_drain(run.w); /* after a failure: what went to the writer is kept */
	if (run.w)
		tides_pool_free(run.w->pool); /* the writer is done with the store */
	if (run.w)
		run.w->pool = NULL;
	tides_store_bulk_free(run.bulk);
	tides_store_close(run.store);
	if (run.w)
		tides_ctx_free(run.w->ctx);
	writer_free(run.w);
	tides_coder_free(run.coder);
	tides_dicts_free(run.dicts);
	return rc;
}
