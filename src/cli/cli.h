/*
 * cli.h — what every subcommand file shares.
 *
 * Each subcommand lives in its own file (cmd-NAME.c) and exports one
 * function `int cmd_NAME(int argc, char **argv, cli_env *env)`, registered in
 * the table in main.c, which also drives `tides --help` and the
 * unknown-command error.  argv[0] is the subcommand name.  A subcommand
 * returns the process exit status: 0 ok, 1 fatal error (message printed),
 * 2 usage error.  Options are parsed with getopt_long; `--help` prints the
 * command's usage from the table and exits 0.
 */
#ifndef TIDES_CLI_H
#define TIDES_CLI_H

#include <stdio.h>

#include "tides.h"

typedef struct cli_env {
	tides_ctx *ctx;       /* warnings are printed to stderr as "tides: ..." */
	unsigned long nwarn_printed;
	int quiet_warnings;   /* count but do not print (after a limit) */
} cli_env;

typedef struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv, cli_env *env);
	const char *summary; /* one line for `tides --help` */
	const char *usage;   /* full text for `tides NAME --help` */
} cli_cmd;

/* The command table (main.c); NULL if no such command. */
const cli_cmd *cli_find(const char *name);

/* Prints "tides: <ctx error>" to stderr and returns 1. */
int cli_fail(cli_env *env);
/* Prints "tides: <formatted>" to stderr; returns `code`. */
int cli_die(int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Prints the usage of a command to `out`; returns `code`. */
int cli_usage(const char *name, FILE *out, int code);
/* Usage error: "tides: NAME: msg" plus a hint to run --help; returns 2. */
int cli_usage_error(const char *name, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* The options that pick a dyad's events in a store, shared by index,
 * cycles, export, report and drivers (cli-dyad.c).  A command puts
 * CLI_DYAD_LONGOPTS (and CLI_RANGE_LONGOPTS where --from/--to bound those
 * events) in its getopt_long table and hands every code its own switch
 * does not take to cli_dyad_option.  The values are kept as given: each
 * command checks and splits --dyad itself, with its own message. */
enum {
	CLI_OPT_DB = 2000, /* above the single characters and report's 1000s */
	CLI_OPT_DYAD,
	CLI_OPT_DIRECTED,
	CLI_OPT_UNDIRECTED,
	CLI_OPT_EXACT_ACTORS,
	CLI_OPT_FROM,
	CLI_OPT_TO,
};

#define CLI_DYAD_LONGOPTS \
	{"db", required_argument, NULL, CLI_OPT_DB}, \
	{"dyad", required_argument, NULL, CLI_OPT_DYAD}, \
	{"directed", no_argument, NULL, CLI_OPT_DIRECTED}, \
	{"undirected", no_argument, NULL, CLI_OPT_UNDIRECTED}, \
	{"exact-actors", no_argument, NULL, CLI_OPT_EXACT_ACTORS}
#define CLI_RANGE_LONGOPTS \
	{"from", required_argument, NULL, CLI_OPT_FROM}, \
	{"to", required_argument, NULL, CLI_OPT_TO}

typedef struct cli_dyad {
	const char *db;        /* --db, else the command's default */
	const char *dyad;      /* --dyad as given, or NULL */
	const char *from, *to; /* --from, --to as given, or NULL */
	int directed;          /* --directed 1, --undirected 0, else the command's default */
	int exact_actors;      /* --exact-actors */
} cli_dyad;

void cli_dyad_init(cli_dyad *d, const char *db, int directed);
/* Takes `opt` if it is one of the CLI_OPT_* codes above: 1, else 0. */
int cli_dyad_option(cli_dyad *d, int opt, const char *arg);

/* Splits "A,B" (a --dyad argument) into a[cap] and b[cap]; each side is one
 * actor code or a '+'-joined group of codes ("USA+IGOWSTNAT").  0, or -1
 * when there is not exactly one comma, a side is not a valid code or group
 * (cli_dyad_side_ok), or a side does not fit in cap bytes. */
int cli_split_dyad(const char *dyad, char *a, char *b, size_t cap);

/* Prints the summary of warnings if any were counted (e.g. skipped lines). */
void cli_warn_summary(cli_env *env, const char *what);
/* The hidden test and benchmark knobs: the value of environment variable
 * `var` when it is a whole number above 0, else 0. */
long cli_env_count(const char *var);

/* Subcommands. */
int cmd_code(int argc, char **argv, cli_env *env);
int cmd_suite(int argc, char **argv, cli_env *env);
int cmd_import(int argc, char **argv, cli_env *env);
int cmd_index(int argc, char **argv, cli_env *env);
int cmd_series(int argc, char **argv, cli_env *env);
int cmd_stats(int argc, char **argv, cli_env *env);
int cmd_cycles(int argc, char **argv, cli_env *env);
int cmd_drivers(int argc, char **argv, cli_env *env);
int cmd_report(int argc, char **argv, cli_env *env);
int cmd_merge(int argc, char **argv, cli_env *env);
int cmd_export(int argc, char **argv, cli_env *env);
int cmd_version(int argc, char **argv, cli_env *env);

#endif
