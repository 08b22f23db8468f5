/*
 * cmd-stats.c — `tides stats`: what is in a store (rows by origin, date
 * span, top dyads), as "key<TAB>value..." lines so scripts can read them.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/banned.h"

int cmd_stats(int argc, char **argv, cli_env *env)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"top", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "tides.db";
	tides_store *s = NULL;
	long top = 10;
	char *end;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 't':
			top = strtol(optarg, &end, 10);
			if (end == optarg || *end || top < 1 || top > 100000)
				return cli_usage_error("stats", "bad --top '%s'", optarg);
			break;
		default:
			return cli_usage("stats", stderr, 2);
		}
	}
	if (optind != argc)
		return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
	if (tides_store_open(env->ctx, db, TIDES_STORE_READONLY, &s) != TIDES_OK)
		return cli_fail(env);
	if (tides_store_stats(s, stdout, (int)top) != TIDES_OK)
		rc = cli_fail(env);
	tides_store_close(s);
	return rc;
}
