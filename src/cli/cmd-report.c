/*
 * cmd-report.c — `tides report`: one self-contained HTML page for a dyad
 * (index, cycles, periods, drivers of each downturn, events and sentences
 * per period); --summary also prints the plain-text summary.  The option
 * handling shared with `tides drivers` lives here (cmd-report.h).
 *
 * Defaults: the undirected dyad (both directions: relations, not one
 * side's behaviour), monthly goldstein-mean, no smoothing, BBQ with its
 * defaults for the period kind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-report.h"
#include "util/date.h"
#include "util/banned.h"

static tides_status rep_scan(void *src, const tides_event_filter *f, tides_event_fn fn,
                             void *userdata)
{
	return tides_store_scan((tides_store *)src, f, fn, userdata);
}

static int rep_sentence(void *ud, const char *doc_id, int sentence, char *buf, size_t cap)
{
	size_t len = 0;
	return tides_store_get_sentence((tides_store *)ud, doc_id, sentence, buf, cap, &len) ==
	       TIDES_OK;
}

void rep_cli_init(rep_cli *r)
{
	memset(r, 0, sizeof *r);
	r->window = r->min_phase = r->min_cycle = -1;
	tides_analysis_opts_init(&r->o);
	cli_dyad_init(&r->d, "tides.db", r->o.directed);
}

static int rep_int(const char *cmd, const char *arg, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < lo || v > hi)
		return cli_usage_error(cmd, "bad number '%s'", arg);
	*out = (int)v;
	return 0;
}

static int rep_date(const char *cmd, const char *arg)
{
	if (tides_date_parse_iso(arg, strlen(arg)) == TIDES_DATE_NONE)
		return cli_usage_error(cmd, "bad date '%s' (YYYY-MM-DD)", arg);
	return 0;
}

int rep_cli_option(rep_cli *r, const char *cmd, int opt, const char *arg)
{
	int v = 0;
	if (cli_dyad_option(&r->d, opt, arg))
		return 0;
	switch (opt) {
	case 1005:
		v = tides_period_parse(arg);
		if (v < 0)
			return cli_usage_error(cmd, "unknown period '%s'", arg);
		r->o.by = v;
		return 0;
	case 1006:
		v = tides_measure_parse(arg);
		if (v < 0)
			return cli_usage_error(cmd, "unknown measure '%s'", arg);
		r->o.measure = (tides_measure)v;
		return 0;
	case 1007:
		if (strcmp(arg, "none") == 0)
			r->o.smooth = 0;
		else if (strcmp(arg, "spencer") == 0)
			r->o.smooth = -1;
		else if (strncmp(arg, "ma:", 3) == 0) {
			if (rep_int(cmd, arg + 3, 2, 100, &v))
				return 2;
			r->o.smooth = v;
		} else
			return cli_usage_error(cmd, "bad --smooth '%s' (none, ma:N, spencer)", arg);
		return 0;
	case 1008:
		if (strcmp(arg, "bbq") != 0 && strcmp(arg, "bry-boschan") != 0)
			return cli_usage_error(cmd, "unknown method '%s' (bbq, bry-boschan)", arg);
		r->method = arg;
		return 0;
	case 1009: r->issues_path = arg; return 0;
	case 1010: r->periods = arg; return 0;
	case 1011: return rep_int(cmd, arg, 1, 1000, &r->window);
	case 1012: return rep_int(cmd, arg, 1, 1000, &r->min_phase);
	case 1013: return rep_int(cmd, arg, 1, 1000, &r->min_cycle);
	case 1014: if (rep_date(cmd, arg)) return 2; r->o.from = arg; return 0;
	case 1015: if (rep_date(cmd, arg)) return 2; r->o.to = arg; return 0;
	default:
		return cli_usage(cmd, stderr, 2);
	}
}

int rep_cli_run(rep_cli *r, const char *cmd, cli_env *env, tides_analysis **out)
{
	int by = r->o.by;

	*out = NULL;
	if (!r->d.dyad)
		return cli_usage_error(cmd, "--dyad A,B is required");
	if (cli_split_dyad(r->d.dyad, r->a, r->b, sizeof r->a) != 0)
		return cli_usage_error(cmd, "bad --dyad '%s' (A,B)", r->d.dyad);
	r->o.a = r->a;
	r->o.b = r->b;
	r->o.directed = r->d.directed;
	r->o.exact_actors = r->d.exact_actors;
	tides_cycle_opts_default(&r->o.cycle,
	                         r->method && strcmp(r->method, "bry-boschan") == 0
	                                 ? TIDES_CYCLE_BRY_BOSCHAN : TIDES_CYCLE_BBQ, by);
	if (r->window > 0)
		r->o.cycle.window = r->window;
	if (r->min_phase > 0)
		r->o.cycle.min_phase = r->min_phase;
	if (r->min_cycle > 0)
		r->o.cycle.min_cycle = r->min_cycle;
	r->o.periods = r->periods;
	if (r->issues_path) {
		if (tides_issues_load(env->ctx, r->issues_path, &r->issues) != TIDES_OK)
			return cli_fail(env);
		r->o.issues = r->issues;
	}
	if (tides_store_open(env->ctx, r->d.db, TIDES_STORE_READONLY, &r->store) != TIDES_OK)
		return cli_fail(env);
	r->o.sentence = rep_sentence;
	r->o.sentence_data = r->store;
	if (tides_analysis_run(env->ctx, &r->o, rep_scan, r->store, out) != TIDES_OK)
		return cli_fail(env);
	return 0;
}

void rep_cli_release(rep_cli *r)
{
	tides_store_close(r->store);
	tides_issues_free(r->issues);
	r->store = NULL;
	r->issues = NULL;
}

int cmd_report(int argc, char **argv, cli_env *env)
{
	static const struct option opts[] = {
		REP_CLI_LONGOPTS,
		{"output", required_argument, NULL, 'o'},
		{"title", required_argument, NULL, 't'},
		{"summary", required_argument, NULL, 's'},
		{"top", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	rep_cli r;
	tides_analysis *an = NULL;
	const char *output = NULL, *title = NULL, *summary = NULL;
	FILE *f = NULL;
	int c, rc = 0, top = 5;

	rep_cli_init(&r);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 't': title = optarg; break;
		case 's': summary = optarg; break;
		case 'k':
			if (rep_int("report", optarg, 1, 100, &top))
				return 2;
			break;
		default:
			if (c < 1000)
				return cli_usage("report", stderr, 2);
			if (rep_cli_option(&r, "report", c, optarg))
				return 2;
		}
	}
	if (optind != argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (!output)
		return cli_usage_error("report", "-o FILE is required");
	r.o.top_period = (size_t)top;
	rc = rep_cli_run(&r, "report", env, &an);
	if (rc)
		goto done;
	f = strcmp(output, "-") == 0 ? stdout : fopen(output, "w");
	if (!f) {
		rc = cli_die(1, "cannot open '%s': %s", output, strerror(errno));
		goto done;
	}
	if (tides_report_write_html(an, f, title) != TIDES_OK) {
		rc = cli_fail(env);
		goto done;
	}
	if (f != stdout && fclose(f) != 0) {
		f = NULL;
		rc = cli_die(1, "cannot write '%s': %s", output, strerror(errno));
		goto done;
	}
	f = NULL;
	if (summary) {
		FILE *sf = strcmp(summary, "-") == 0 ? stdout : fopen(summary, "w");
		if (!sf) {
			rc = cli_die(1, "cannot open '%s': %s", summary, strerror(errno));
			goto done;
		}
		tides_report_write_summary(an, sf, 3);
		if (sf != stdout && fclose(sf) != 0)
			rc = cli_die(1, "cannot write '%s': %s", summary, strerror(errno));
	}
done:
	if (f && f != stdout)
		fclose(f);
	tides_analysis_free(an);
	rep_cli_release(&r);
	return rc;
}
