/*
 * cmd-drivers.c — `tides drivers`: which issues drove a phase of a dyad's
 * relations.  The phases come from dating the dyad's index (the same
 * options as `tides report`); --phase N picks one (1-based, as `tides
 * cycles` numbers them), --from/--to name a window instead, and without
 * either every contraction phase (downturn) is listed.  With --issues FILE
 * events are re-tagged from their stored sentence; otherwise the issues
 * stored with the events are used.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-report.h"
#include "util/date.h"
#include "util/banned.h"

int cmd_drivers(int argc, char **argv, cli_env *env)
{
	static const struct option opts[] = {
		REP_CLI_LONGOPTS,
		{"phase", required_argument, NULL, 'p'},
		{"from", required_argument, NULL, 'F'},
		{"to", required_argument, NULL, 'T'},
		{"format", required_argument, NULL, 'f'},
		{"top", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	rep_cli r;
	tides_analysis *an = NULL;
	const char *format = "text";
	long phase = 0;
	int c, rc;
	char *end;

	rep_cli_init(&r);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			phase = strtol(optarg, &end, 10);
			if (end == optarg || *end || phase < 1 || phase > 100000)
				return cli_usage_error("drivers", "bad --phase '%s'", optarg);
			break;
		case 'F':
		case 'T':
			if (tides_date_parse_iso(optarg, strlen(optarg)) == TIDES_DATE_NONE)
				return cli_usage_error("drivers", "bad date '%s' (YYYY-MM-DD)", optarg);
			if (c == 'F')
				r.o.win_from = optarg;
			else
				r.o.win_to = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
				return cli_usage_error("drivers", "unknown format '%s' (text, json)", optarg);
			format = optarg;
			break;
		case 'k': {
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000)
				return cli_usage_error("drivers", "bad --top '%s'", optarg);
			r.o.top_window = (size_t)v;
			break;
		}
		default:
			if (c < 1000)
				return cli_usage("drivers", stderr, 2);
			if (rep_cli_option(&r, "drivers", c, optarg))
				return 2;
		}
	}
	if (optind != argc)
		return cli_usage_error("drivers", "unexpected argument '%s'", argv[optind]);
	if (phase && (r.o.win_from || r.o.win_to))
		return cli_usage_error("drivers", "--phase and --from/--to exclude each other");
	rc = rep_cli_run(&r, "drivers", env, &an);
	if (rc == 0 && tides_drivers_write(an, stdout, strcmp(format, "json") == 0,
	                                   (r.o.win_from || r.o.win_to) ? -1 : phase) != TIDES_OK)
		rc = cli_fail(env);
	tides_analysis_free(an);
	rep_cli_release(&r);
	return rc;
}
