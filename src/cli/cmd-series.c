/*
 * cmd-series.c — `tides series import`: keep an aggregated series (a
 * relations index made elsewhere, a published index) in the store's file,
 * so `tides cycles --db F --series-name NAME` can date it.  The CSV is read
 * as `tides cycles --series` reads it (gaps interpolated) and stored under
 * NAME (default: the file name without folder and extension), replacing a
 * series of that name.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/date.h"
#include "util/banned.h"

int cmd_series(int argc, char **argv, cli_env *env)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"name", required_argument, NULL, 'n'},
		{"dyad", required_argument, NULL, 'y'},
		{"by", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "tides.db", *name = NULL, *dyad = NULL, *path;
	char defname[256];
	tides_store *st = NULL;
	tides_series s;
	size_t saved = 0;
	int opt, by = -1, rc = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': db = optarg; break;
		case 'n': name = optarg; break;
		case 'y': dyad = optarg; break;
		case 'b':
			by = tides_period_parse(optarg);
			if (by < 0)
				return cli_usage_error("series", "unknown period '%s'", optarg);
			break;
		default:
			return cli_usage("series", stderr, 2);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "import") != 0)
		return cli_usage_error("series", "the only subcommand is 'import'");
	if (optind + 2 != argc)
		return cli_usage_error("series", "import takes one FILE.csv");
	path = argv[optind + 1];
	if (!name) {
		const char *base = strrchr(path, '/'), *dot;
		size_t len;
		base = base ? base + 1 : path;
		dot = strrchr(base, '.');
		len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		if (len >= sizeof defname)
			len = sizeof defname - 1;
		memcpy(defname, base, len);
		defname[len] = '\0';
		name = defname;
	}
	tides_series_init(&s);
	if (tides_series_read_csv(env->ctx, path, by, dyad, &s) != TIDES_OK)
		return cli_fail(env);
	if (tides_store_open(env->ctx, db, TIDES_STORE_CREATE, &st) != TIDES_OK ||
	    tides_series_save(st, name, dyad, &s, &saved) != TIDES_OK) {
		rc = cli_fail(env);
		goto out;
	}
	fprintf(stderr, "tides: series '%s': %zu values stored in %s (%zu interpolated)\n", name, saved, db,
	        s.ninterpolated);
out:
	tides_series_release(&s);
	tides_store_close(st);
	return rc;
}
