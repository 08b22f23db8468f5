/*
 * cmd-index.c — `tides index`: the relations index of a dyad, one row per
 * period (empty periods included), as CSV, TSV or JSON.
 *
 * Either side of --dyad may be a group, "USA+IGOWSTNAT,RUS": an event
 * belongs to the side when its actor matches any member.  Such a dyad is
 * read event by event (tides_index_scan_events), as the store's filter
 * knows single codes only.
 *
 * CSV/TSV columns: period,dyad,n,value,coop,conf,q1,q2,q3,q4 after a first
 * comment line "# measure: NAME" (plus ", per 1000 events" when
 * normalised).  An undefined value (no events, zero denominator) is empty in
 * CSV/TSV and null in JSON.  With quad-shares the q columns are percentages.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/date.h"
#include "util/banned.h"

static void num(double v, const char *empty)
{
	if (isfinite(v))
		printf("%.10g", v);
	else
		fputs(empty, stdout);
}

int cmd_index(int argc, char **argv, cli_env *env)
{
	static const struct option longopts[] = {
		CLI_DYAD_LONGOPTS,
		{"by", required_argument, NULL, 'b'},
		{"measure", required_argument, NULL, 'm'},
		{"normalize", required_argument, NULL, 'N'},
		CLI_RANGE_LONGOPTS,
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "csv";
	cli_dyad d;
	char a[TIDES_ACTOR_MAX], b[TIDES_ACTOR_MAX];
	tides_index_opts o;
	tides_store *st = NULL;
	tides_index *ix = NULL;
	const tides_index_row *rows;
	size_t nrows = 0, i;
	int opt, rc = 0, m, by = -1;
	char sep;

	memset(&o, 0, sizeof o);
	cli_dyad_init(&d, "tides.db", 1);
	o.measure = TIDES_M_GOLDSTEIN_SUM;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'b':
			by = tides_period_parse(optarg);
			if (by < 0)
				return cli_usage_error("index", "unknown period '%s' (day, week, month, quarter, year)", optarg);
			break;
		case 'm':
			m = tides_measure_parse(optarg);
			if (m < 0)
				return cli_usage_error("index", "unknown measure '%s'", optarg);
			o.measure = (tides_measure)m;
			break;
		case 'N':
			if (strcmp(optarg, "volume") != 0)
				return cli_usage_error("index", "unknown normalisation '%s' (volume)", optarg);
			o.normalize_volume = 1;
			break;
		default:
			if (!cli_dyad_option(&d, opt, optarg))
				return cli_usage("index", stderr, 2);
		}
	}
	if (optind < argc)
		return cli_usage_error("index", "unexpected argument '%s'", argv[optind]);
	if (!d.dyad || cli_split_dyad(d.dyad, a, b, sizeof a) != 0)
		return cli_usage_error("index", "--dyad A,B is required (e.g. USA,RUS; a side may be a "
		                       "group: USA+IGOWSTNAT,RUS)");
	if (by < 0)
		return cli_usage_error("index", "--by is required (day, week, month, quarter, year)");
	if (strcmp(format, "csv") && strcmp(format, "tsv") && strcmp(format, "json"))
		return cli_usage_error("index", "unknown format '%s' (csv, tsv, json)", format);
	o.a = a;
	o.b = b;
	o.by = by;
	o.directed = d.directed;
	o.exact_actors = d.exact_actors;
	o.from = d.from;
	o.to = d.to;
	if (tides_index_new(env->ctx, &o, &ix) != TIDES_OK) {
		cli_fail(env); /* bad option combinations are usage errors */
		return 2;
	}
	if (tides_store_open(env->ctx, d.db, TIDES_STORE_READONLY, &st) != TIDES_OK ||
	    (strchr(a, '+') || strchr(b, '+') ? tides_index_scan_events(st, ix, &o)
	                                      : tides_index_scan(st, ix, &o)) != TIDES_OK ||
	    tides_index_rows(ix, &rows, &nrows) != TIDES_OK) {
		rc = cli_fail(env);
		goto out;
	}
	if (strcmp(format, "json") == 0) {
		printf("{\"measure\":\"%s\",\"normalized\":%s,\"rows\":[", tides_measure_name(o.measure),
		       o.normalize_volume ? "\"per 1000 events\"" : "null");
		for (i = 0; i < nrows; i++) {
			const tides_index_row *r = &rows[i];
			int j;
			printf("%s{\"period\":\"%s\",\"dyad\":\"%s\",\"n\":%ld,\"value\":", i ? "," : "", r->period,
			       r->dyad, r->n);
			num(r->value, "null");
			printf(",\"coop\":%.10g,\"conf\":%.10g", r->coop, r->conf);
			for (j = 0; j < 4; j++) {
				long nq = r->q[0] + r->q[1] + r->q[2] + r->q[3];
				printf(",\"q%d\":", j + 1);
				if (o.measure == TIDES_M_QUAD_SHARES)
					num(nq ? 100.0 * (double)r->q[j] / (double)nq : NAN, "null");
				else
					printf("%ld", r->q[j]);
			}
			printf("}");
		}
		printf("]}\n");
		goto out;
	}
	sep = strcmp(format, "tsv") == 0 ? '\t' : ',';
	printf("# measure: %s%s\n", tides_measure_name(o.measure),
	       o.normalize_volume ? ", per 1000 events of the store in the period" : "");
	printf("period%cdyad%cn%cvalue%ccoop%cconf%cq1%cq2%cq3%cq4\n", sep, sep, sep, sep, sep, sep, sep, sep, sep);
	for (i = 0; i < nrows; i++) {
		const tides_index_row *r = &rows[i];
		long nq = r->q[0] + r->q[1] + r->q[2] + r->q[3];
		int j;
		printf("%s%c%s%c%ld%c", r->period, sep, r->dyad, sep, r->n, sep);
		num(r->value, "");
		printf("%c%.10g%c%.10g", sep, r->coop, sep, r->conf);
		for (j = 0; j < 4; j++) {
			putchar(sep);
			if (o.measure == TIDES_M_QUAD_SHARES)
				num(nq ? 100.0 * (double)r->q[j] / (double)nq : NAN, "");
			else
				printf("%ld", r->q[j]);
		}
		putchar('\n');
	}
out:
	tides_index_free(ix);
	tides_store_close(st);
	return rc;
}
