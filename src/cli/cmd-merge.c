/*
 * cmd-merge.c — `tides merge`: partial stores (.db) or tides event streams
 * (TSV/JSONL) into one store.  Events already in the target are skipped by
 * event id, so merging the same input twice adds nothing.
 *
 * --compact rewrites the store's small segments and those with many dead
 * rows into full ones afterwards (tides_store_compact); with --compact the
 * inputs may be omitted, to compact a store alone.
 */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

int cmd_merge(int argc, char **argv, cli_env *env)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"strict", no_argument, NULL, 's'},
		{"compact", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "tides.db";
	tides_import_opts o;
	tides_import_stats st;
	tides_store *s = NULL;
	int c, i, rc = 0, compact = 0;
	tides_compact_stats cs;

	tides_import_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			o.strict = 1;
			break;
		case 'c':
			compact = 1;
			break;
		default:
			return cli_usage("merge", stderr, 2);
		}
	}
	if (optind >= argc && !compact)
		return cli_usage_error("merge", "no inputs");
	if (tides_store_open(env->ctx, db, TIDES_STORE_CREATE, &s) != TIDES_OK)
		return cli_fail(env);
	memset(&st, 0, sizeof st);
	for (i = optind; i < argc; i++) {
		if (tides_store_merge(s, argv[i], &o, &st) != TIDES_OK) {
			rc = cli_fail(env);
			tides_ctx_clear_error(env->ctx);
		}
	}
	memset(&cs, 0, sizeof cs);
	if (compact && rc == 0 && tides_store_compact(s, &cs) != TIDES_OK)
		rc = cli_fail(env);
	tides_store_close(s);
	if (optind < argc)
		fprintf(stderr, "tides: merged %llu events from %d inputs: %llu added, %llu already stored, "
		        "%llu malformed\n", (unsigned long long)st.rows, argc - optind,
		        (unsigned long long)st.added, (unsigned long long)st.dups, (unsigned long long)st.bad);
	if (compact && rc == 0)
		fprintf(stderr, "tides: compacted %llu segments into %llu: %llu events moved, %llu dead rows "
		        "dropped, %llu events moved from the row table\n", (unsigned long long)cs.segs_before,
		        (unsigned long long)cs.segs_after, (unsigned long long)cs.rows,
		        (unsigned long long)cs.dead, (unsigned long long)cs.table_rows);
	return rc;
}
