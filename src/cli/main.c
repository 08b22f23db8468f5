/*
 * main.c — the tides command: one table of subcommands, dispatch, help.
 *
 * The table is the single place a subcommand is registered; `tides --help`,
 * `tides help CMD`, `tides CMD --help` and the unknown-command message are
 * all generated from it, so they cannot drift apart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

#define WARN_PRINT_LIMIT 100

static const cli_cmd commands[] = {
	{"code", cmd_code, "code news text into CAMEO events",
	 "usage: tides code [--dicts DIR] [--verbs F] [--actors F,F] [--agents F] [--discards F]\n"
	 "                  [--issues F] [--format tsv|jsonl] [--input-format auto|text|lines|jsonl|tabari|petrxml]\n"
	 "                  [--date YYYY-MM-DD] [--lang en|zh] [--quad gdelt|icews] [--db FILE] INPUT...\n"
	 "                  [--options F] [--id NAME] [--story-dates-only] [--threads N]\n"
	 "       tides code --sentences [--input-format F] [--date D] INPUT...   (what the readers see)\n"
	 "       tides code --list-cameo                                       (the CAMEO table)\n"},
	{"suite", cmd_suite, "run a validation suite and score it",
	 "usage: tides suite SUITE.tsv [--dicts DIR] [--verbose]\n"},
	{"import", cmd_import, "import GDELT, ICEWS or Phoenix event data into a store",
	 "usage: tides import [--db tides.db] [--format gdelt1|gdelt2|icews|phoenix|tides]\n"
	 "                    [--dedup one-a-day] [--strict] [--batch N] [--dry-run] [--quiet] FILE...\n"
	 "                    [--threads N] [--emit tsv|jsonl (events to stdout, no store)]\n"
	 "                    (with --emit or --dry-run, FILE may be - for stdin)\n"},
	{"index", cmd_index, "relations index of a country pair over time",
	 "usage: tides index [--db tides.db] --dyad A,B [--directed|--undirected] --by PERIOD\n"
	 "                   [--measure M] [--normalize volume] [--from DATE --to DATE]\n"
	 "                   [--format csv|tsv|json] [--exact-actors]\n"
	 "measures: goldstein-sum goldstein-mean net-coop coop-conf quad-counts quad-shares conflict-share\n"},
	{"series", cmd_series, "import an already aggregated series",
	 "usage: tides series import [--db tides.db] [--name NAME] [--dyad D] [--by PERIOD] FILE.csv\n"},
	{"stats", cmd_stats, "what is in a store",
	 "usage: tides stats [--db tides.db] [--top N]\n"},
	{"cycles", cmd_cycles, "date the peaks, troughs and phases of a series",
	 "usage: tides cycles (--db tides.db --dyad A,B --by month --measure M | --series FILE.csv\n"
	 "                     | --db tides.db --series-name NAME)\n"
	 "                    [--directed|--undirected] [--exact-actors] [--from DATE --to DATE]\n"
	 "                    [--method bbq|bry-boschan] [--window K] [--min-phase P] [--min-cycle C]\n"
	 "                    [--censor E] [--smooth none|ma:N|spencer] [--periods periods.csv]\n"
	 "                    [--concordance OTHER.csv|reverse] [--grid] [--format text|csv|json]\n"},
	{"drivers", cmd_drivers, "the issues that drove each phase",
	 "usage: tides drivers --db tides.db --dyad A,B [--issues FILE] [--phase N|--from D --to D]\n"
	 "                     [--by PERIOD] [--measure M] [--directed|--undirected] [--smooth none|ma:N|spencer]\n"
	 "                     [--method bbq|bry-boschan] [--window K] [--min-phase P] [--min-cycle C]\n"
	 "                     [--series-from D] [--series-to D] [--top N] [--format text|json]\n"},
	{"report", cmd_report, "write a self-contained HTML report",
	 "usage: tides report --db tides.db --dyad A,B [--periods periods.csv] -o report.html\n"
	 "                    [--by PERIOD] [--measure M] [--directed|--undirected] [--smooth none|ma:N|spencer]\n"
	 "                    [--method bbq|bry-boschan] [--window K] [--min-phase P] [--min-cycle C]\n"
	 "                    [--issues FILE] [--series-from D] [--series-to D] [--top N] [--title T]\n"
	 "                    [--summary FILE|-]\n"},
	{"merge", cmd_merge, "merge partial stores or event streams into one store",
	 "usage: tides merge --db tides.db [--strict] [--compact] INPUT...\n"
	 "       tides merge --db tides.db --compact   (small segments and dead rows into full segments)\n"},
	{"export", cmd_export, "write the events of a store as TSV or JSON lines",
	 "usage: tides export [--db tides.db] [--format tsv|jsonl] [--dyad A,B [--directed] [--exact-actors]]\n"
	 "                    [--from DATE] [--to DATE] [--sorted (date order)]\n"},
	{"version", cmd_version, "print the version",
	 "usage: tides version\n"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

const cli_cmd *cli_find(const char *name)
{
	size_t i;
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_help(FILE *out)
{
	size_t i;
	fprintf(out, "tides %s — relations between states, measured from news\n\n"
	             "usage: tides COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", TIDES_VERSION);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'tides COMMAND --help' for the options of a command.\n");
}

int cli_usage(const char *name, FILE *out, int code)
{
	const cli_cmd *c = cli_find(name);
	if (c)
		fprintf(out, "%s%s", c->usage, c->usage[0] ? "" : "\n");
	return code;
}

int cli_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "tides: %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	cli_usage(name, stderr, 2);
	return 2;
}

int cli_fail(cli_env *env)
{
	const char *m = tides_errmsg(env->ctx);
	fprintf(stderr, "tides: %s\n", m[0] ? m : "unknown error");
	return 1;
}

int cli_die(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("tides: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

static void print_warning(void *data, const char *msg)
{
	cli_env *env = data;
	if (env->quiet_warnings)
		return;
	if (env->nwarn_printed++ < WARN_PRINT_LIMIT)
		fprintf(stderr, "tides: %s\n", msg);
	else if (env->nwarn_printed == WARN_PRINT_LIMIT + 1)
		fprintf(stderr, "tides: (further warnings are counted, not printed)\n");
}

void cli_warn_summary(cli_env *env, const char *what)
{
	uint64_t n = tides_ctx_warnings(env->ctx);
	if (n)
		fprintf(stderr, "tides: %llu %s\n", (unsigned long long)n, what);
}

int cmd_version(int argc, char **argv, cli_env *env)
{
	(void)argc; (void)argv; (void)env;
	printf("tides %s\n", TIDES_VERSION);
	return 0;
}

long cli_env_count(const char *var)
{
	const char *e = getenv(var);
	char *end;
	long v = e ? strtol(e, &end, 10) : 0;
	return e && end != e && *end == '\0' && v > 0 ? v : 0;
}

/* The library reads no environment: the test and benchmark knobs are read
 * here, once, into the command's context (tides_ctx_set_tune).  A value
 * that is not a number is ignored; one out of the knob's range leaves the
 * default (the library checks the range). */
static void tune_from_env(tides_ctx *ctx)
{
	static const struct {
		const char *var;
		tides_tune knob;
	} knobs[] = {
		{"TIDES_BULK_BATCH", TIDES_TUNE_BULK_BATCH},
		{"TIDES_IMPORT_BUF", TIDES_TUNE_IMPORT_BUF},
		{"TIDES_DEDUP_BUCKET", TIDES_TUNE_DEDUP_BUCKET},
	};
	size_t i;
	for (i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
		long v = cli_env_count(knobs[i].var);
		if (v > 0)
			tides_ctx_set_tune(ctx, knobs[i].knob, v);
	}
}

int main(int argc, char **argv)
{
	const cli_cmd *c;
	cli_env env;
	int rc, i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    (strcmp(argv[1], "help") == 0 && argc == 2)) {
		print_help(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1, NULL);
	if (strcmp(argv[1], "help") == 0) {
		if (!cli_find(argv[2]))
			return cli_die(2, "'%s' is not a tides command; see 'tides --help'", argv[2]);
		return cli_usage(argv[2], stdout, 0);
	}
	c = cli_find(argv[1]);
	if (!c)
		return cli_die(2, "'%s' is not a tides command; see 'tides --help'", argv[1]);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_usage(c->name, stdout, 0);
	}
	memset(&env, 0, sizeof env);
	env.ctx = tides_ctx_new();
	if (!env.ctx)
		return cli_die(1, "out of memory");
	tides_ctx_set_warn(env.ctx, print_warning, &env);
	tune_from_env(env.ctx);
	rc = c->fn(argc - 1, argv + 1, &env);
	if (fflush(stdout) != 0 && rc == 0)
		rc = cli_die(1, "cannot write output: write error");
	tides_ctx_free(env.ctx);
	return rc;
}
