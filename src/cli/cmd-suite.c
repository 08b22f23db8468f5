/*
 * cmd-suite.c — `tides suite SUITE.tsv [--dicts DIR] [--verbose]`: runs a
 * validation suite (the TSV format of shared/README.md) through the coder
 * and scores it.
 *
 * Records are read in order.  The `dictionaries` column names the files
 * (verb=F;actor=F,F;agent=F;discard=F;issue=F;option=F) relative to
 * --dicts; each distinct set is loaded once.  An empty column loads DIR's
 * standard files (verbs.txt, actors.txt...) with --dicts DIR, else the
 * bundled defaults of the record's language, which is read from the text
 * (Han script -> zh), so sets are cached per (spec, language).  A record whose expected is
 * `option:CMD[;option:CMD]` changes the TABARI options for the records
 * after it (TABARI's validation mode); `config` holds per-record PETRARCH
 * options.  Records are grouped into one story when their ids are
 * PREFIX-NNN-MMM with consecutive MMM (TABARI's FORWARD tests need the
 * previous sentence).  Scoring of evaluate=true records:
 *   A|B|C;...   the set of produced events must equal the expected set
 *   none        no event
 *   discard     the coder discarded the story
 *   complex     no event (TABARI refused the sentence as complex)
 *   error:KIND  no event (TABARI reported a coding error)
 *   unspecified not scored
 * Event-level precision/recall count every produced and expected event of
 * the scored records.  The last line is `suite NAME: N passed, N failed (P%)`.
 * Exit 0 when the suite ran (scores are reported, not asserted).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "text/zh.h" /* zh_detect: the language of a record */
#include "util/banned.h"

#define SUITE_COLS 12
#define SUITE_MAX_GROUP 32

typedef struct srec {
	char *line;               /* owned copy of the row */
	char *col[SUITE_COLS];
	long lineno;
} srec;

typedef struct dictset {
	char *key;
	tides_dicts *d;
	tides_coder *c;
} dictset;

typedef struct suite {
	cli_env *env;
	const char *dir;
	int verbose;
	dictset *sets; size_t nsets;
	char **opts; size_t nopts;     /* option commands in force */
	char name[128];
	long passed, failed, skipped;
	long tp, fp, fn;
	int fatal;
} suite;

static void split_cols(srec *r)
{
	char *p = r->line;
	int i;
	for (i = 0; i < SUITE_COLS; i++) {
		char *tab;
		r->col[i] = p;
		if (!p)
			continue;
		tab = strchr(p, '\t');
		if (tab) {
			*tab = '\0';
			p = tab + 1;
		} else {
			p = NULL;
		}
	}
	for (i = 0; i < SUITE_COLS; i++)
		if (!r->col[i])
			r->col[i] = "";
}

enum { C_SUITE, C_ID, C_CAT, C_DATE, C_EVAL, C_CHECK, C_CONFIG, C_EXPECTED, C_NEXP, C_PARSE,
       C_TEXT, C_DICTS };

/* value of key in "k=v;k=v" into out; 0 if absent */
static int dict_key(const char *s, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	const char *p = s;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			size_t vl = n - kl - 1;
			if (vl >= cap)
				vl = cap - 1;
			memcpy(out, p + kl + 1, vl);
			out[vl] = '\0';
			return 1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

static void note_unused_keys(suite *s, const char *spec)
{
	const char *p = spec;
	while (p && *p) {
		const char *semi = strchr(p, ';'), *eq = strchr(p, '=');
		size_t n = eq ? (size_t)(eq - p) : 0;
		if (n && (!semi || eq < semi)) {
			if (!(n == 4 && !strncmp(p, "verb", 4)) && !(n == 5 && !strncmp(p, "actor", 5)) &&
			    !(n == 5 && !strncmp(p, "agent", 5)) && !(n == 6 && !strncmp(p, "option", 6)) &&
			    !(n == 7 && !strncmp(p, "discard", 7)) && !(n == 5 && !strncmp(p, "issue", 5)))
				fprintf(stderr, "tides: suite: dictionary key '%.*s' ignored\n", (int)n, p);
		}
		p = semi ? semi + 1 : NULL;
	}
}

static int apply_opts(suite *s, tides_coder *c)
{
	size_t i;
	for (i = 0; i < s->nopts; i++)
		if (tides_coder_set_option(c, "tabari", s->opts[i]) != TIDES_OK) {
			fprintf(stderr, "tides: suite: %s\n", tides_errmsg(s->env->ctx));
			tides_ctx_clear_error(s->env->ctx);
		}
	return 0;
}

/* zh hook: does DIR/NAME exist? */
static int suite_has(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	fclose(f);
	return 1;
}

static dictset *get_set(suite *s, const char *spec, const char *lang)
{
	size_t i;
	char verbs[1024], actors[1024], agents[1024], options[1024], discards[1024], issues[1024];
	char key[2048];
	tides_dict_paths p;
	dictset *ns, *ds;
	/* the language picks the set only where it changes what is loaded:
	 * nothing named and no --dicts, i.e. the bundled defaults */
	snprintf(key, sizeof key, "%s%s%s", spec, "\x1f",
	         !spec[0] && !s->dir ? lang : "");
	for (i = 0; i < s->nsets; i++)
		if (strcmp(s->sets[i].key, key) == 0)
			return &s->sets[i];
	memset(&p, 0, sizeof p);
	p.dir = s->dir;
	p.lang = lang;
	p.no_defaults = 1;
	if (dict_key(spec, "verb", verbs, sizeof verbs)) p.verbs = verbs;
	if (dict_key(spec, "actor", actors, sizeof actors)) p.actors = actors;
	if (dict_key(spec, "agent", agents, sizeof agents)) p.agents = agents;
	if (dict_key(spec, "option", options, sizeof options)) p.options = options;
	/* petr: PETRARCH discard and issue files */
	if (dict_key(spec, "discard", discards, sizeof discards)) p.discards = discards;
	if (dict_key(spec, "issue", issues, sizeof issues)) p.issues = issues;
	/* nothing named: let the library fill in its bundled defaults */
	p.no_defaults = p.verbs || p.actors || p.agents || p.options;
	/* zh hook: nothing named and --dicts DIR: DIR's standard files, as
	 * `tides code --dicts DIR` loads them (data/dict/zh, data/dict/en) */
	if (!p.no_defaults && s->dir) {
		if (suite_has(s->dir, "verbs.txt")) {
			snprintf(verbs, sizeof verbs, "verbs.txt%s",
			         suite_has(s->dir, "discards.txt") ? ",discards.txt" : "");
			p.verbs = verbs;
		}
		if (suite_has(s->dir, "actors.txt"))
			p.actors = "actors.txt";
		if (suite_has(s->dir, "agents.txt"))
			p.agents = "agents.txt";
		p.no_defaults = p.verbs || p.actors || p.agents;
	}
	note_unused_keys(s, spec);
	ns = tides_realloc(s->sets, (s->nsets + 1) * sizeof *ns);
	if (!ns)
		return NULL;
	s->sets = ns;
	ds = &s->sets[s->nsets];
	memset(ds, 0, sizeof *ds);
	ds->key = tides_strdup(key);
	if (!ds->key)
		return NULL;
	if (tides_dicts_load(s->env->ctx, &p, &ds->d) != TIDES_OK ||
	    tides_coder_new(s->env->ctx, ds->d, &ds->c) != TIDES_OK) {
		tides_dicts_free(ds->d);
		tides_free(ds->key);
		return NULL;
	}
	s->nsets++;
	apply_opts(s, ds->c);
	return ds;
}

static int add_option(suite *s, const char *cmd)
{
	char **no;
	size_t i;
	char *dup = tides_strdup(cmd);
	if (!dup)
		return -1;
	no = tides_realloc(s->opts, (s->nopts + 1) * sizeof *no);
	if (!no) {
		tides_free(dup);
		return -1;
	}
	s->opts = no;
	s->opts[s->nopts++] = dup;
	for (i = 0; i < s->nsets; i++)
		if (tides_coder_set_option(s->sets[i].c, "tabari", cmd) != TIDES_OK) {
			fprintf(stderr, "tides: suite: %s\n", tides_errmsg(s->env->ctx));
			tides_ctx_clear_error(s->env->ctx);
		}
	return 0;
}

static void to_iso(const char *d, char out[11])
{
	size_t n = strlen(d);
	int32_t day = TIDES_DATE_NONE;
	if (n == 6)
		day = tides_date_parse_ymd6(d, n, 31);
	else if (n == 8)
		day = tides_date_parse_ymd8(d, n);
	if (day == TIDES_DATE_NONE)
		out[0] = '\0';
	else
		tides_date_format(day, out);
}

/* Rows that cannot be a record are warned about as FILE:LINE and skipped:
 * NUL bytes, fewer columns than up to the text; a bad date is warned
 * about and the record kept (tests/bad/README.md). */
static int suite_row_bad(cli_env *env, const char *file, long lineno, const char *line, size_t n)
{
	size_t tabs = 0, i;
	const char *d, *e;
	char date[11];
	if (memchr(line, '\0', n)) {
		tides_warn_at(env->ctx, file, lineno, "NUL byte in record; skipped");
		return 1;
	}
	for (i = 0; i < n; i++)
		tabs += line[i] == '\t';
	if (tabs < C_TEXT) {
		tides_warn_at(env->ctx, file, lineno, "expected %d columns, found %zu; skipped",
		              SUITE_COLS, tabs + 1);
		return 1;
	}
	for (d = line, i = 0; i < C_DATE; i++)
		d = strchr(d, '\t') + 1;
	e = strchr(d, '\t');
	if (e - d > 0 && e - d < 11) {
		char buf[11];
		memcpy(buf, d, (size_t)(e - d));
		buf[e - d] = '\0';
		to_iso(buf, date);
		if (!date[0])
			tides_warn_at(env->ctx, file, lineno, "bad date '%s'", buf);
	} else if (e - d >= 11) {
		tides_warn_at(env->ctx, file, lineno, "bad date");
	}
	return 0;
}

/* "PREFIX-NNN-MMM": returns MMM and the prefix length, or -1. */
static long group_seq(const char *id, size_t *plen)
{
	const char *dash = strrchr(id, '-'), *p;
	char *end;
	long v;
	if (!dash || dash == id || !dash[1])
		return -1;
	v = strtol(dash + 1, &end, 10);
	if (*end)
		return -1;
	for (p = dash - 1; p > id && *p != '-'; p--)
		;
	if (*p != '-' || !(p[1] >= '0' && p[1] <= '9'))
		return -1;
	*plen = (size_t)(dash - id);
	return v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Splits "A|B|C;D|E|F" into sorted tokens; returns count. */
static size_t parse_expected(char *buf, char **items, size_t max)
{
	size_t n = 0;
	char *p = buf;
	while (p && *p && n < max) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		while (*p == ' ')
			p++;
		if (*p)
			items[n++] = p;
		p = semi ? semi + 1 : NULL;
	}
	qsort(items, n, sizeof *items, cmp_str);
	return n;
}

static const char *status_name(int st)
{
	switch (st) {
	case TIDES_CODED: return "coded";
	case TIDES_CODED_COMPLEX: return "complex";
	case TIDES_CODED_DISCARD: return "discard";
	case TIDES_CODED_SHORT: return "too short";
	default: return "no event";
	}
}

static void score(suite *s, const srec *r, const tides_event *ev, size_t nev, int status)
{
	const char *exp = r->col[C_EXPECTED];
	char ebuf[4096], pbuf[4096];
	char *eitems[128], *pitems[128];
	size_t ne = 0, np = 0, i, j, tp = 0;
	int pass;
	tides_buf prod = TIDES_BUF_INIT;
	for (i = 0; i < nev && np < 128; i++) {
		size_t off = prod.len;
		if (tides_buf_addf(&prod, "%s|%s|%s;", ev[i].source, ev[i].target, ev[i].code) < 0)
			break;
		(void)off;
	}
	tides_strlcpy_utf8(pbuf, prod.s, sizeof pbuf);
	np = parse_expected(pbuf, pitems, 128);
	if (!strcmp(exp, "none") || !strcmp(exp, "complex") || !strncmp(exp, "error", 5)) {
		pass = np == 0;
		s->fp += (long)np;
	} else if (!strcmp(exp, "discard")) {
		pass = status == TIDES_CODED_DISCARD;
		s->fp += (long)np;
	} else {
		tides_strlcpy_utf8(ebuf, exp, sizeof ebuf);
		ne = parse_expected(ebuf, eitems, 128);
		/* dedupe both sorted lists */
		for (i = 0, j = 0; i < ne && j < np;) {
			int c = strcmp(eitems[i], pitems[j]);
			if (c == 0) { tp++; i++; j++; }
			else if (c < 0) i++;
			else j++;
		}
		s->tp += (long)tp;
		s->fn += (long)(ne - tp);
		s->fp += (long)(np - tp);
		pass = tp == ne && tp == np;
	}
	if (pass) {
		s->passed++;
	} else {
		s->failed++;
	}
	if (!pass || s->verbose) {
		printf("%s %s [%s]\n  text:     %.300s\n  expected: %s\n  produced: %s (%s)\n",
		       pass ? "ok  " : "FAIL", r->col[C_ID], r->col[C_CAT], r->col[C_TEXT], exp,
		       prod.len ? prod.s : "-", status_name(status));
	}
	tides_buf_release(&prod);
}

/* The language of a story: zh when its text is Chinese by script (the
 * coder's own test, zh_detect), else en. */
static const char *group_lang(const srec *g, size_t ng)
{
	size_t i;
	for (i = 0; i < ng; i++)
		if (zh_detect(g[i].col[C_TEXT], strlen(g[i].col[C_TEXT])))
			return "zh";
	return "en";
}

static int run_group(suite *s, srec *g, size_t ng)
{
	dictset *ds;
	tides_sentence sent[SUITE_MAX_GROUP];
	tides_story st;
	char date[11];
	const tides_event *ev;
	size_t nev, i;
	tides_coder *c, *tmp = NULL;
	const char *lang = group_lang(g, ng);
	ds = get_set(s, g[0].col[C_DICTS], lang);
	if (!ds) {
		cli_fail(s->env);
		s->fatal = 1;
		return -1;
	}
	c = ds->c;
	if (g[0].col[C_CONFIG][0]) {
		char cfg[1024], *p;
		if (tides_coder_new(s->env->ctx, ds->d, &tmp) != TIDES_OK) {
			cli_fail(s->env);
			s->fatal = 1;
			return -1;
		}
		apply_opts(s, tmp);
		tides_strlcpy_utf8(cfg, g[0].col[C_CONFIG], sizeof cfg);
		for (p = cfg; p && *p;) {
			char *sep = strpbrk(p, ",;"), *eq;
			if (sep)
				*sep = '\0';
			eq = strchr(p, '=');
			if (eq) {
				*eq = '\0';
				if (tides_coder_set_option(tmp, p, eq + 1) != TIDES_OK) {
					fprintf(stderr, "tides: suite: %s: %s\n", g[0].col[C_ID],
					        tides_errmsg(s->env->ctx));
					tides_ctx_clear_error(s->env->ctx);
				}
			}
			p = sep ? sep + 1 : NULL;
		}
		c = tmp;
	}
	to_iso(g[0].col[C_DATE], date);
	for (i = 0; i < ng; i++) {
		memset(&sent[i], 0, sizeof sent[i]);
		sent[i].doc_id = g[0].col[C_ID];
		sent[i].date = date;
		sent[i].sentence = (int)i + 1;
		sent[i].lang = lang;
		sent[i].text = g[i].col[C_TEXT];
		sent[i].len = strlen(g[i].col[C_TEXT]);
		sent[i].file = "suite";
		sent[i].line = g[i].lineno;
	}
	memset(&st, 0, sizeof st);
	st.doc_id = g[0].col[C_ID];
	st.date = date;
	st.lang = lang;
	st.nsent = ng;
	st.sent = sent;
	if (tides_coder_code_story(c, &st, &ev, &nev) != TIDES_OK) {
		cli_fail(s->env);
		tides_coder_free(tmp);
		s->fatal = 1;
		return -1;
	}
	for (i = 0; i < ng; i++) {
		const tides_event *mine[256];
		tides_event sel[64];
		size_t k, m = 0;
		int status = ng == 1 ? tides_coder_story_status(c) : tides_coder_sentence_status(c, i);
		(void)mine;
		for (k = 0; k < nev && m < 64; k++)
			if (ev[k].sentence == (int)i + 1)
				sel[m++] = ev[k];
		if (strcmp(g[i].col[C_EVAL], "true") != 0 || !strcmp(g[i].col[C_EXPECTED], "unspecified")) {
			s->skipped++;
			continue;
		}
		score(s, &g[i], sel, m, status);
	}
	tides_coder_free(tmp);
	return 0;
}

static int handle_options(suite *s, const srec *r)
{
	char buf[2048], *p;
	tides_strlcpy_utf8(buf, r->col[C_EXPECTED], sizeof buf);
	for (p = buf; p && *p;) {
		char *next = strstr(p, ";option:");
		if (next)
			*next = '\0';
		if (!strncmp(p, "option:", 7))
			p += 7;
		if (add_option(s, p) < 0)
			return -1;
		p = next ? next + 1 : NULL;
	}
	return 0;
}

int cmd_suite(int argc, char **argv, cli_env *env)
{
	static const struct option lopts[] = {
		{"dicts", required_argument, NULL, 'd'},
		{"verbose", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0}
	};
	suite s;
	FILE *f;
	char *line = NULL;
	size_t cap = 0, ng = 0, i;
	ssize_t n;
	srec group[SUITE_MAX_GROUP];
	long lineno = 0, prev_seq = -1;
	size_t prev_plen = 0;
	int o, rc = 0;
	memset(&s, 0, sizeof s);
	s.env = env;
	optind = 1;
	while ((o = getopt_long(argc, argv, "d:v", lopts, NULL)) != -1) {
		switch (o) {
		case 'd': s.dir = optarg; break;
		case 'v': s.verbose = 1; break;
		default: return cli_usage_error("suite", "bad option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("suite", "one SUITE.tsv expected");
	f = fopen(argv[optind], "r");
	if (!f)
		return cli_die(1, "cannot open '%s': %s", argv[optind], strerror(errno));
	while ((n = getline(&line, &cap, f)) >= 0) {
		srec r;
		size_t plen = 0;
		long seq;
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (lineno == 1 && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
			memmove(line, line + 3, (size_t)n - 2); /* a UTF-8 BOM (tests/bad) */
			n -= 3;
		}
		if (lineno == 1 && !strncmp(line, "suite\t", 6))
			continue;
		if (!n)
			continue;
		if (suite_row_bad(env, argv[optind], lineno, line, (size_t)n))
			continue;
		memset(&r, 0, sizeof r);
		r.line = tides_strdup(line);
		if (!r.line) {
			rc = cli_die(1, "out of memory");
			break;
		}
		r.lineno = lineno;
		split_cols(&r);
		if (!s.name[0])
			tides_strlcpy_utf8(s.name, r.col[C_SUITE], sizeof s.name);
		seq = group_seq(r.col[C_ID], &plen);
		/* close the current group unless this record continues it */
		if (ng && !(seq >= 0 && prev_seq >= 0 && seq == prev_seq + 1 && plen == prev_plen &&
		            !strncmp(r.col[C_ID], group[0].col[C_ID], plen) && ng < SUITE_MAX_GROUP &&
		            strncmp(r.col[C_EXPECTED], "option:", 7) != 0)) {
			if (run_group(&s, group, ng) < 0)
				rc = 1;
			for (i = 0; i < ng; i++)
				tides_free(group[i].line);
			ng = 0;
			if (rc) {
				tides_free(r.line);
				break;
			}
		}
		if (!strncmp(r.col[C_EXPECTED], "option:", 7)) {
			if (handle_options(&s, &r) < 0)
				rc = cli_die(1, "out of memory");
			tides_free(r.line);
			prev_seq = -1;
			if (rc)
				break;
			continue;
		}
		group[ng++] = r;
		prev_seq = seq;
		prev_plen = plen;
	}
	if (!rc && ng && run_group(&s, group, ng) < 0)
		rc = 1;
	for (i = 0; i < ng; i++)
		tides_free(group[i].line);
	free(line);
	fclose(f);
	for (i = 0; i < s.nsets; i++) {
		tides_coder_free(s.sets[i].c);
		tides_dicts_free(s.sets[i].d);
		tides_free(s.sets[i].key);
	}
	tides_free(s.sets);
	for (i = 0; i < s.nopts; i++)
		tides_free(s.opts[i]);
	tides_free(s.opts);
	if (rc)
		return rc;
	{
		long tot = s.passed + s.failed;
		double prec = s.tp + s.fp ? 100.0 * (double)s.tp / (double)(s.tp + s.fp) : 0.0;
		double rec = s.tp + s.fn ? 100.0 * (double)s.tp / (double)(s.tp + s.fn) : 0.0;
		printf("events: %ld expected, %ld produced, %ld matched: precision %.1f%%, recall %.1f%%\n",
		       s.tp + s.fn, s.tp + s.fp, s.tp, prec, rec);
		printf("records: %ld scored, %ld not scored\n", tot, s.skipped);
		printf("suite %s: %ld passed, %ld failed (%.1f%%)\n", s.name[0] ? s.name : "?", s.passed,
		       s.failed, tot ? 100.0 * (double)s.passed / (double)tot : 0.0);
	}
	return 0;
}
