/*
 * cmd-report.h — option handling shared by `tides report` and `tides
 * drivers` (both run a tides_analysis over a store).
 */
#ifndef TIDES_CLI_CMD_REPORT_H
#define TIDES_CLI_CMD_REPORT_H

#include "cli/cli.h"

typedef struct rep_cli {
	cli_dyad d; /* --db, --dyad, --directed, --exact-actors (no --from/--to) */
	const char *issues_path, *periods, *smooth, *method;
	char a[TIDES_ACTOR_MAX], b[TIDES_ACTOR_MAX];
	tides_analysis_opts o;
	tides_store *store;
	tides_issues *issues;
	int window, min_phase, min_cycle;
} rep_cli;

/* Long options both commands take; rep_cli_option handles their codes
 * (>= 1000) and returns 0, or 2 after printing a usage error. */
#define REP_CLI_LONGOPTS \
	CLI_DYAD_LONGOPTS, \
	{"by", required_argument, NULL, 1005}, \
	{"measure", required_argument, NULL, 1006}, \
	{"smooth", required_argument, NULL, 1007}, \
	{"method", required_argument, NULL, 1008}, \
	{"issues", required_argument, NULL, 1009}, \
	{"periods", required_argument, NULL, 1010}, \
	{"window", required_argument, NULL, 1011}, \
	{"min-phase", required_argument, NULL, 1012}, \
	{"min-cycle", required_argument, NULL, 1013}, \
	{"series-from", required_argument, NULL, 1014}, \
	{"series-to", required_argument, NULL, 1015}

void rep_cli_init(rep_cli *r);
int rep_cli_option(rep_cli *r, const char *cmd, int opt, const char *arg);
/* Checks the options, opens the store, loads the issues and runs the
 * analysis.  Returns 0 or the exit status (message printed). */
int rep_cli_run(rep_cli *r, const char *cmd, cli_env *env, tides_analysis **out);
void rep_cli_release(rep_cli *r);

#endif
