/*
 * cmd-export.c — `tides export`: the events of a store as TSV or JSON
 * lines, the record `tides import --emit` writes (export.h), so SQL and
 * awk users get rows although schema 2 keeps imported events in columnar
 * segments.  Default order is the store's (segments as written, rows by
 * event id; fast and streaming); --sorted gives date order through
 * tides_store_scan (bounded memory, slower for a whole store).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "text/text.h"
#include "util/banned.h"

int export_writer_open(export_writer *w, FILE *out, int jsonl)
{
	memset(w, 0, sizeof *w);
	w->flags = (jsonl ? TEXT_EVENT_JSONL : TEXT_EVENT_TSV) | TEXT_EVENT_PROVENANCE;
	w->out = out;
	w->line = malloc(TEXT_EVENT_LINE_MAX);
	if (!w->line)
		return -1;
	if (!jsonl)
		text_event_tsv_header(out, w->flags);
	return 0;
}

void export_writer_close(export_writer *w)
{
	free(w->line);
	w->line = NULL;
}

int export_writer_event(void *userdata, const tides_event *ev)
{
	export_writer *w = userdata;
	fwrite(w->line, 1, text_event_line(w->line, ev, w->flags), w->out);
	return ferror(w->out) ? -1 : 0;
}

int cmd_export(int argc, char **argv, cli_env *env)
{
	static const struct option opts[] = {
		CLI_DYAD_LONGOPTS,
		{"format", required_argument, NULL, 'f'},
		CLI_RANGE_LONGOPTS,
		{"sorted", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	char a[TIDES_ACTOR_MAX], b[TIDES_ACTOR_MAX];
	cli_dyad d;
	tides_event_filter f;
	tides_store *s = NULL;
	export_writer w;
	int c, rc = 0, jsonl = 0, sorted = 0;
	tides_status st;

	memset(&f, 0, sizeof f);
	cli_dyad_init(&d, "tides.db", 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': /* -d DB */
			d.db = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "tsv") != 0 && strcmp(optarg, "jsonl") != 0)
				return cli_usage_error("export", "unknown --format '%s' (tsv or jsonl)", optarg);
			jsonl = strcmp(optarg, "jsonl") == 0;
			break;
		case 's':
			sorted = 1;
			break;
		case CLI_OPT_DYAD: /* checked as it comes ("*": any actor on that side) */
			if (cli_split_dyad(optarg, a, b, sizeof a) != 0)
				return cli_usage_error("export", "bad --dyad '%s' (want A,B)", optarg);
			f.a = strcmp(a, "*") ? a : NULL;
			f.b = strcmp(b, "*") ? b : NULL;
			break;
		default:
			if (!cli_dyad_option(&d, c, optarg))
				return cli_usage("export", stderr, 2);
		}
	}
	f.directed = d.directed;
	f.exact_actors = d.exact_actors;
	f.from = d.from;
	f.to = d.to;
	if (optind != argc)
		return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
	if (tides_store_open(env->ctx, d.db, TIDES_STORE_READONLY, &s) != TIDES_OK)
		return cli_fail(env);
	if (export_writer_open(&w, stdout, jsonl) != 0) {
		tides_store_close(s);
		export_writer_close(&w);
		return cli_die(1, "out of memory");
	}
	st = sorted ? tides_store_scan(s, &f, export_writer_event, &w)
	            : tides_store_export(s, &f, export_writer_event, &w);
	if (st != TIDES_OK)
		rc = cli_fail(env);
	export_writer_close(&w);
	tides_store_close(s);
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0)
		rc = cli_die(1, "cannot write the events");
	return rc;
}
