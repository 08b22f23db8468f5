/*
 * cmd-cycles.c — `tides cycles`: date the turning points of a series and
 * describe its phases and named periods.
 *
 * The series comes from a CSV (--series), from a series stored with
 * `tides series import` (--db --series-name) or from the relations index of
 * a dyad in a store (--db --dyad --by --measure).  It is optionally smoothed
 * (dating runs on the smoothed values, and the levels reported are those of
 * the series that was dated), dated with BBQ or Bry-Boschan, and reported as
 * text, CSV (turning points) or one JSON object.  --grid re-dates with
 * neighbouring parameters (and, from a store, other measures) and reports
 * how often each turning point comes back within +-2 periods.
 * --concordance compares with the dating of a second series (a CSV, or
 * `reverse`: the opposite direction of a directed dyad).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "series/series-int.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

/* Where the series comes from. */
typedef struct cyc_source {
	cli_dyad d; /* --db, --dyad, --directed, --exact-actors, --from, --to */
	const char *measure, *series, *series_name;
	int by;
} cyc_source;

#define CYC_GRID_MEASURES 8

/* The relations index of the dyad (swapped: the other direction) as a
 * series; `negate` turns a measure where high means conflict around. */
static int index_series(cli_env *env, const cyc_source *src, tides_measure m, int swap, int negate,
                        tides_series *out)
{
	char a[TIDES_ACTOR_MAX], b[TIDES_ACTOR_MAX];
	tides_index_opts o;
	tides_store *st = NULL;
	tides_index *ix = NULL;
	const tides_index_row *rows;
	size_t nrows = 0, i;
	int rc = 0;
	if (cli_split_dyad(src->d.dyad, a, b, sizeof a) != 0)
		return cli_usage_error("cycles", "--dyad A,B expected, e.g. USA,RUS");
	memset(&o, 0, sizeof o);
	o.a = swap ? b : a;
	o.b = swap ? a : b;
	o.directed = src->d.directed;
	o.exact_actors = src->d.exact_actors;
	o.by = src->by;
	o.measure = m;
	o.from = src->d.from;
	o.to = src->d.to;
	if (tides_index_new(env->ctx, &o, &ix) != TIDES_OK ||
	    tides_store_open(env->ctx, src->d.db, TIDES_STORE_READONLY, &st) != TIDES_OK ||
	    (strchr(a, '+') || strchr(b, '+') ? tides_index_scan_events(st, ix, &o)
	                                      : tides_index_scan(st, ix, &o)) != TIDES_OK ||
	    tides_index_rows(ix, &rows, &nrows) != TIDES_OK ||
	    tides_series_from_rows(env->ctx, rows, nrows, src->by, out) != TIDES_OK) {
		rc = cli_fail(env);
		goto done;
	}
	if (negate)
		for (i = 0; i < out->n; i++)
			out->value[i] = -out->value[i];
done:
	tides_index_free(ix);
	tides_store_close(st);
	return rc;
}

static int cyc_source_load(cli_env *env, const cyc_source *src, tides_series *out)
{
	tides_store *st = NULL;
	int m, rc = 0;
	if (src->series) {
		if (tides_series_read_csv(env->ctx, src->series, src->by, src->d.dyad, out) != TIDES_OK)
			return cli_fail(env);
		return 0;
	}
	if (src->series_name) {
		if (tides_store_open(env->ctx, src->d.db, TIDES_STORE_READONLY, &st) != TIDES_OK ||
		    tides_series_load(st, src->series_name, src->by, out) != TIDES_OK)
			rc = cli_fail(env);
		tides_store_close(st);
		return rc;
	}
	m = tides_measure_parse(src->measure ? src->measure : "goldstein-sum");
	if (m < 0)
		return cli_usage_error("cycles", "unknown measure '%s'", src->measure);
	return index_series(env, src, (tides_measure)m, 0, 0, out);
}

/* The same dyad under the other measures, for --grid (a store's dyad only).
 * conflict-share is negated so that a peak means good relations in all. */
static int cyc_source_other_measures(cli_env *env, const cyc_source *src, tides_series *out, size_t *n)
{
	static const tides_measure ms[] = {TIDES_M_GOLDSTEIN_SUM, TIDES_M_GOLDSTEIN_MEAN, TIDES_M_NET_COOP,
	                                   TIDES_M_CONFLICT_SHARE};
	int base = tides_measure_parse(src->measure ? src->measure : "goldstein-sum");
	size_t i;
	*n = 0;
	for (i = 0; i < sizeof ms / sizeof ms[0]; i++) {
		if ((int)ms[i] == base)
			continue;
		if (index_series(env, src, ms[i], 0, ms[i] == TIDES_M_CONFLICT_SHARE, &out[*n]) != 0) {
			while (*n > 0)
				tides_series_release(&out[--*n]);
			return 1;
		}
		(*n)++;
	}
	return 0;
}

/* The second series of --concordance: a CSV, or "reverse": B -> A. */
static int cyc_source_concordance(cli_env *env, const cyc_source *src, const char *what, int by,
                                  tides_series *out)
{
	if (strcmp(what, "reverse") == 0) {
		int m;
		if (!src->d.db || src->series_name || !src->d.directed)
			return cli_usage_error("cycles", "--concordance reverse needs --db with a directed --dyad");
		m = tides_measure_parse(src->measure ? src->measure : "goldstein-sum");
		return index_series(env, src, (tides_measure)m, 1, 0, out);
	}
	if (tides_series_read_csv(env->ctx, what, by, NULL, out) != TIDES_OK)
		return cli_fail(env);
	return 0;
}

typedef struct period {
	char name[128];
	int32_t start, end;
	long line;
} period;

typedef struct cargs {
	cyc_source src;
	const char *method, *smooth, *periods, *format, *concordance;
	int window, min_phase, min_cycle, censor, grid;
} cargs;

static int smooth_parse(const char *s, int *len)
{
	char *end;
	long v;
	if (!s || strcmp(s, "none") == 0) {
		*len = 0;
		return 0;
	}
	if (strcmp(s, "spencer") == 0) {
		*len = -1;
		return 0;
	}
	if (strncmp(s, "ma:", 3) == 0) {
		v = strtol(s + 3, &end, 10);
		if (end != s + 3 && !*end && v >= 2 && v <= 100) {
			*len = (int)v;
			return 0;
		}
	}
	return -1;
}

/* Dates a series: *dated is the (smoothed) series the dates refer to. */
static tides_status date_one(tides_ctx *ctx, const tides_series *s, const tides_cycle_opts *o,
                             int smooth, double **dated, tides_turn **t, size_t *nt)
{
	double *y = tides_calloc(s->n + 1, sizeof *y);
	tides_status st;
	*dated = NULL;
	if (!y)
		return TIDES_ERR_NOMEM;
	if (smooth > 0)
		tides_smooth_ma(s->value, s->n, smooth, y);
	else if (smooth < 0)
		tides_smooth_spencer(s->value, s->n, y);
	else
		memcpy(y, s->value, s->n * sizeof *y);
	st = tides_cycles_date(ctx, y, s->n, o, t, nt);
	if (st) {
		tides_free(y);
		return st;
	}
	*dated = y;
	return TIDES_OK;
}

static int read_periods(cli_env *env, const char *path, period **out, size_t *nout)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	long lineno = 0;
	period *v = NULL;
	size_t n = 0, cap = 0;
	int header_ok = 1;
	*out = NULL;
	*nout = 0;
	if (!f)
		return cli_die(1, "cannot open '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		char *fld[3], *p = line, *c;
		size_t len = strlen(line);
		int nf = 0;
		lineno++;
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			fclose(f);
			tides_free(v);
			return cli_die(1, "%s:%ld: line too long", path, lineno);
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		for (;;) {
			c = strchr(p, ',');
			if (nf == 3) {
				nf = 4;
				break;
			}
			if (c)
				*c = '\0';
			while (*p == ' ')
				p++;
			fld[nf++] = p;
			if (!c)
				break;
			p = c + 1;
		}
		if (nf != 3) {
			fclose(f);
			tides_free(v);
			return cli_die(1, "%s:%ld: expected 3 columns (name,start,end), found %s", path, lineno,
			               nf > 3 ? "more" : nf == 2 ? "2" : "1");
		}
		/* a first line whose two dates both fail to parse is a header */
		if (header_ok && series_parse_date(fld[1]) == TIDES_DATE_NONE &&
		    series_parse_date(fld[2]) == TIDES_DATE_NONE) {
			header_ok = 0;
			continue;
		}
		header_ok = 0;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			period *nv = tides_realloc(v, nc * sizeof *nv);
			if (!nv) {
				fclose(f);
				tides_free(v);
				return cli_die(1, "out of memory");
			}
			v = nv;
			cap = nc;
		}
		snprintf(v[n].name, sizeof v[n].name, "%s", fld[0]);
		v[n].start = series_parse_date(fld[1]);
		v[n].end = series_parse_date(fld[2]);
		v[n].line = lineno;
		if (v[n].start == TIDES_DATE_NONE || v[n].end == TIDES_DATE_NONE) {
			const char *bad = v[n].start == TIDES_DATE_NONE ? fld[1] : fld[2];
			char msg[256];
			snprintf(msg, sizeof msg, "%s", bad);
			fclose(f);
			tides_free(v);
			return cli_die(1, "%s:%ld: bad date '%s'", path, lineno, msg);
		}
		if (v[n].end < v[n].start) {
			fclose(f);
			tides_free(v);
			return cli_die(1, "%s:%ld: period ends before it starts", path, lineno);
		}
		n++;
	}
	fclose(f);
	(void)env;
	*out = v;
	*nout = n;
	return 0;
}

typedef struct pstat {
	int has;
	size_t first, last;
	double start_value, end_value, max, min, mean;
	int high_low;
	int lower_low; /* -1 no previous */
} pstat;

/* A period covers the series points whose own period overlaps it. */
static void period_stats(const tides_series *s, const double *y, const period *p, pstat *ps)
{
	size_t i;
	double sum = 0;
	memset(ps, 0, sizeof *ps);
	ps->lower_low = -1;
	for (i = 0; i < s->n; i++) {
		int32_t next = tides_period_next(s->day[i], (tides_period_kind)s->by);
		if (s->day[i] > p->end || next <= p->start)
			continue;
		if (!ps->has) {
			ps->has = 1;
			ps->first = i;
			ps->max = ps->min = y[i];
		}
		ps->last = i;
		if (y[i] > ps->max)
			ps->max = y[i];
		if (y[i] < ps->min)
			ps->min = y[i];
		sum += y[i];
	}
	if (!ps->has)
		return;
	ps->start_value = y[ps->first];
	ps->end_value = y[ps->last];
	ps->mean = sum / (double)(ps->last - ps->first + 1);
	ps->high_low = ps->start_value > ps->mean && ps->end_value < ps->mean &&
	               ps->end_value < ps->start_value;
}

static void jnum(double v)
{
	if (isfinite(v))
		printf("%.10g", v);
	else
		printf("null");
}

static void jstr(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *day_str(int32_t d, char buf[11])
{
	tides_date_format(d, buf);
	return buf;
}

/* Grid: support of each base turn among re-datings. */
typedef struct grid_res {
	size_t runs;
	size_t *hits; /* per base turn */
} grid_res;

static int grid_run(cli_env *env, const cargs *a, const tides_series *base, const tides_cycle_opts *bo,
                    int smooth, const tides_turn *bt, size_t nbt, grid_res *g)
{
	static const int bbq_w[] = {1, 2, 3}, bbq_p[] = {2, 3}, bbq_c[] = {4, 5, 6};
	static const int bb_w[] = {5, 6, 7}, bb_p[] = {4, 5, 6}, bb_c[] = {12, 15, 18};
	int bb = bo->method == TIDES_CYCLE_BRY_BOSCHAN;
	const int *W = bb ? bb_w : bbq_w, *P = bb ? bb_p : bbq_p, *C = bb ? bb_c : bbq_c;
	size_t nw = 3, np = bb ? 3 : 2, nc = 3, iw, ip, ic, m, nms = 1, k;
	tides_series alt[CYC_GRID_MEASURES];
	int rc = 0;

	g->runs = 0;
	g->hits = tides_calloc(nbt + 1, sizeof *g->hits);
	if (!g->hits)
		return cli_die(1, "out of memory");
	alt[0] = *base;
	if (a->src.d.db && !a->src.series_name) {
		nms = 1;
		if (cyc_source_other_measures(env, &a->src, alt + 1, &nms) != 0) {
			tides_free(g->hits);
			g->hits = NULL;
			return 1;
		}
		nms += 1;
	}
	for (m = 0; m < nms; m++) {
		for (iw = 0; iw < nw; iw++)
			for (ip = 0; ip < np; ip++)
				for (ic = 0; ic < nc; ic++) {
					tides_cycle_opts o = *bo;
					tides_turn *t = NULL;
					size_t nt = 0, j;
					double *y = NULL;
					o.window = W[iw];
					o.min_phase = P[ip];
					o.min_cycle = C[ic];
					if (date_one(env->ctx, &alt[m], &o, smooth, &y, &t, &nt) != TIDES_OK) {
						rc = cli_fail(env);
						goto out;
					}
					g->runs++;
					for (k = 0; k < nbt; k++)
						for (j = 0; j < nt; j++) {
							/* series of other measures share the base's periods */
							long dp = (long)series_ordinal(alt[m].day[t[j].index], base->by) -
							          (long)series_ordinal(base->day[bt[k].index], base->by);
							if (t[j].kind == bt[k].kind && dp >= -2 && dp <= 2) {
								g->hits[k]++;
								break;
							}
						}
					tides_free(t);
					tides_free(y);
				}
	}
out:
	for (m = 1; m < nms; m++)
		tides_series_release(&alt[m]);
	return rc;
}

int cmd_cycles(int argc, char **argv, cli_env *env)
{
	static const struct option longopts[] = {
		CLI_DYAD_LONGOPTS,
		{"by", required_argument, NULL, 'b'},
		{"measure", required_argument, NULL, 'M'},
		CLI_RANGE_LONGOPTS,
		{"series", required_argument, NULL, 's'},
		{"series-name", required_argument, NULL, 'n'},
		{"method", required_argument, NULL, 'm'},
		{"window", required_argument, NULL, 'w'},
		{"min-phase", required_argument, NULL, 'p'},
		{"min-cycle", required_argument, NULL, 'c'},
		{"censor", required_argument, NULL, 'e'},
		{"smooth", required_argument, NULL, 'S'},
		{"periods", required_argument, NULL, 'P'},
		{"format", required_argument, NULL, 'f'},
		{"grid", no_argument, NULL, 'g'},
		{"concordance", required_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	cargs a;
	tides_cycle_opts o;
	tides_series s, other;
	tides_turn *t = NULL, *ot = NULL;
	tides_phase *ph = NULL;
	period *per = NULL;
	pstat *ps = NULL;
	grid_res grid = {0, NULL};
	double *y = NULL, *oy = NULL, conc = NAN;
	size_t nt = 0, not_ = 0, nph = 0, nper = 0, i, conc_n = 0;
	int opt, smooth = 0, rc = 0, by = -1, descending = 0, nlows = 0;
	char d1[11], d2[11];

	memset(&a, 0, sizeof a);
	cli_dyad_init(&a.src.d, NULL, 1);
	a.window = a.min_phase = a.min_cycle = a.censor = -1;
	a.format = "text";
	a.method = "bbq";
	tides_series_init(&s);
	tides_series_init(&other);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end = NULL;
		long v = 0;
		switch (opt) {
		case 'b':
			by = tides_period_parse(optarg);
			if (by < 0)
				return cli_usage_error("cycles", "unknown period '%s'", optarg);
			a.src.by = by;
			break;
		case 'M': a.src.measure = optarg; break;
		case 's': a.src.series = optarg; break;
		case 'n': a.src.series_name = optarg; break;
		case 'm': a.method = optarg; break;
		case 'S': a.smooth = optarg; break;
		case 'P': a.periods = optarg; break;
		case 'f': a.format = optarg; break;
		case 'g': a.grid = 1; break;
		case 'C': a.concordance = optarg; break;
		case 'w': case 'p': case 'c': case 'e':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < (opt == 'e' ? 0 : 1) || v > 1000)
				return cli_usage_error("cycles", "bad number '%s'", optarg);
			if (opt == 'w') a.window = (int)v;
			else if (opt == 'p') a.min_phase = (int)v;
			else if (opt == 'c') a.min_cycle = (int)v;
			else a.censor = (int)v;
			break;
		default:
			if (!cli_dyad_option(&a.src.d, opt, optarg))
				return cli_usage("cycles", stderr, 2);
		}
	}
	if (optind < argc)
		return cli_usage_error("cycles", "unexpected argument '%s'", argv[optind]);
	a.src.by = by;
	if (!!a.src.series + !!a.src.d.db != 1)
		return cli_usage_error("cycles", "give either --series FILE or --db FILE");
	if (a.src.d.db && !a.src.series_name && (!a.src.d.dyad || by < 0))
		return cli_usage_error("cycles", "--db needs --dyad A,B and --by, or --series-name");
	if (strcmp(a.method, "bbq") != 0 && strcmp(a.method, "bry-boschan") != 0)
		return cli_usage_error("cycles", "unknown method '%s' (bbq, bry-boschan)", a.method);
	if (strcmp(a.format, "text") && strcmp(a.format, "csv") && strcmp(a.format, "json"))
		return cli_usage_error("cycles", "unknown format '%s' (text, csv, json)", a.format);
	if (smooth_parse(a.smooth, &smooth) != 0)
		return cli_usage_error("cycles", "bad --smooth '%s' (none, ma:N, spencer)", a.smooth);

	if (cyc_source_load(env, &a.src, &s) != 0)
		return 1;
	tides_cycle_opts_default(&o, strcmp(a.method, "bbq") == 0 ? TIDES_CYCLE_BBQ : TIDES_CYCLE_BRY_BOSCHAN,
	                         s.by);
	if (o.method == TIDES_CYCLE_BRY_BOSCHAN && s.by != TIDES_BY_MONTH)
		fprintf(stderr, "tides: Bry-Boschan is defined for monthly series; its month rules apply to periods here\n");
	if (a.window > 0) o.window = a.window;
	if (a.min_phase > 0) o.min_phase = a.min_phase;
	if (a.min_cycle > 0) o.min_cycle = a.min_cycle;
	if (a.censor >= 0) o.censor = a.censor;
	if (date_one(env->ctx, &s, &o, smooth, &y, &t, &nt) != TIDES_OK) {
		rc = cli_fail(env);
		goto out;
	}
	if (tides_cycles_phases(env->ctx, y, s.n, t, nt, &ph, &nph) != TIDES_OK) {
		rc = cli_fail(env);
		goto out;
	}
	if (a.periods) {
		if (read_periods(env, a.periods, &per, &nper) != 0) {
			rc = 1;
			goto out;
		}
		ps = tides_calloc(nper + 1, sizeof *ps);
		if (!ps) {
			rc = cli_die(1, "out of memory");
			goto out;
		}
		descending = 1;
		for (i = 0; i < nper; i++) {
			period_stats(&s, y, &per[i], &ps[i]);
			if (!ps[i].has) {
				fprintf(stderr, "tides: %s:%ld: period '%s' has no data in the series\n", a.periods,
				        per[i].line, per[i].name);
				continue;
			}
			if (nlows > 0) {
				size_t j = i;
				while (j-- > 0)
					if (ps[j].has)
						break;
				ps[i].lower_low = ps[i].min < ps[j].min;
				if (!ps[i].lower_low)
					descending = 0;
			}
			nlows++;
		}
		if (nlows < 2)
			descending = 0;
	}
	if (a.concordance) {
		tides_cycle_opts oo = o;
		size_t j, k;
		tides_turn *ta = NULL, *tb = NULL;
		size_t na = 0, nb = 0;
		long first, last;
		if (cyc_source_concordance(env, &a.src, a.concordance, s.by, &other) != 0) {
			rc = 1;
			goto out;
		}
		if (date_one(env->ctx, &other, &oo, smooth, &oy, &ot, &not_) != TIDES_OK) {
			rc = cli_fail(env);
			goto out;
		}
		/* the overlap of the two series, in periods */
		first = series_ordinal(s.day[0], s.by);
		if (series_ordinal(other.day[0], s.by) > first)
			first = series_ordinal(other.day[0], s.by);
		last = series_ordinal(s.day[s.n - 1], s.by);
		if (series_ordinal(other.day[other.n - 1], s.by) < last)
			last = series_ordinal(other.day[other.n - 1], s.by);
		if (last < first) {
			rc = cli_die(1, "the two series of --concordance do not overlap");
			goto out;
		}
		conc_n = (size_t)(last - first + 1);
		ta = tides_calloc(nt + 1, sizeof *ta);
		tb = tides_calloc(not_ + 1, sizeof *tb);
		if (!ta || !tb) {
			tides_free(ta);
			tides_free(tb);
			rc = cli_die(1, "out of memory");
			goto out;
		}
		for (j = 0; j < nt; j++) {
			long p = series_ordinal(s.day[t[j].index], s.by) - first;
			if (p >= 0 && p < (long)conc_n) {
				ta[na].index = (size_t)p;
				ta[na++].kind = t[j].kind;
			}
		}
		for (k = 0; k < not_; k++) {
			long p = series_ordinal(other.day[ot[k].index], s.by) - first;
			if (p >= 0 && p < (long)conc_n) {
				tb[nb].index = (size_t)p;
				tb[nb++].kind = ot[k].kind;
			}
		}
		conc = tides_cycles_concordance(ta, na, tb, nb, conc_n);
		tides_free(ta);
		tides_free(tb);
	}
	if (a.grid && (rc = grid_run(env, &a, &s, &o, smooth, t, nt, &grid)) != 0)
		goto out;

	if (strcmp(a.format, "csv") == 0) {
		printf("date,index,kind,value\n");
		for (i = 0; i < nt; i++) {
			printf("%s,%zu,%s,%.10g\n", day_str(s.day[t[i].index], d1), t[i].index + 1,
			       t[i].kind > 0 ? "peak" : "trough", y[t[i].index]);
		}
	} else if (strcmp(a.format, "json") == 0) {
		printf("{\"turning_points\":[");
		for (i = 0; i < nt; i++) {
			printf("%s{\"date\":\"%s\",\"index\":%zu,\"kind\":\"%s\",\"value\":", i ? "," : "",
			       day_str(s.day[t[i].index], d1), t[i].index + 1, t[i].kind > 0 ? "peak" : "trough");
			jnum(y[t[i].index]);
			printf("}");
		}
		printf("],\"phases\":[");
		for (i = 0; i < nph; i++) {
			printf("%s{\"kind\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"duration\":%ld,\"amplitude\":",
			       i ? "," : "", ph[i].kind > 0 ? "expansion" : "contraction",
			       day_str(s.day[ph[i].start], d1), day_str(s.day[ph[i].end], d2), ph[i].duration);
			jnum(ph[i].amplitude);
			printf(",\"triangle\":");
			jnum(ph[i].triangle);
			printf(",\"cumulation\":");
			jnum(ph[i].cumulation);
			printf(",\"excess\":");
			jnum(ph[i].excess);
			printf("}");
		}
		printf("],\"periods\":[");
		for (i = 0; i < nper; i++) {
			printf("%s{\"name\":", i ? "," : "");
			jstr(per[i].name);
			printf(",\"start\":\"%s\",\"end\":\"%s\",\"start_value\":", day_str(per[i].start, d1),
			       day_str(per[i].end, d2));
			jnum(ps[i].has ? ps[i].start_value : NAN);
			printf(",\"end_value\":");
			jnum(ps[i].has ? ps[i].end_value : NAN);
			printf(",\"max\":");
			jnum(ps[i].has ? ps[i].max : NAN);
			printf(",\"min\":");
			jnum(ps[i].has ? ps[i].min : NAN);
			printf(",\"mean\":");
			jnum(ps[i].has ? ps[i].mean : NAN);
			printf(",\"high_start_low_end\":%s,\"low_below_previous\":%s}",
			       ps[i].has && ps[i].high_low ? "true" : "false",
			       ps[i].lower_low < 0 ? "null" : ps[i].lower_low ? "true" : "false");
		}
		printf("],\"descending_lows\":%s", descending ? "true" : "false");
		if (a.concordance) {
			printf(",\"concordance\":");
			jnum(conc);
			printf(",\"concordance_periods\":%zu", conc_n);
		}
		if (a.grid) {
			printf(",\"grid\":{\"runs\":%zu,\"support\":[", grid.runs);
			for (i = 0; i < nt; i++)
				printf("%s{\"date\":\"%s\",\"kind\":\"%s\",\"hits\":%zu,\"share\":%.4f}", i ? "," : "",
				       day_str(s.day[t[i].index], d1), t[i].kind > 0 ? "peak" : "trough", grid.hits[i],
				       grid.runs ? (double)grid.hits[i] / (double)grid.runs : 0.0);
			printf("]}");
		}
		printf("}\n");
	} else {
		printf("series: %zu %s periods, %s to %s", s.n, s.by == 0 ? "daily" : s.by == 1 ? "weekly"
		       : s.by == 2 ? "monthly" : s.by == 3 ? "quarterly" : "yearly",
		       day_str(s.day[0], d1), day_str(s.day[s.n - 1], d2));
		if (s.ninterpolated)
			printf(" (%zu values interpolated)", s.ninterpolated);
		printf("\nmethod: %s, window %d, minimum phase %d, minimum cycle %d, censoring %d%s%s\n",
		       a.method, o.window, o.min_phase, o.min_cycle,
		       o.censor >= 0 ? o.censor : (s.by == TIDES_BY_MONTH ? 6 : s.by == TIDES_BY_QUARTER ? 2 : o.window),
		       smooth ? ", smoothed with " : "", smooth ? a.smooth : "");
		printf("\nturning points (%zu):\n", nt);
		for (i = 0; i < nt; i++)
			printf("  %s  #%-5zu %-6s %12.4f\n", day_str(s.day[t[i].index], d1), t[i].index + 1,
			       t[i].kind > 0 ? "peak" : "trough", y[t[i].index]);
		printf("\nphases (%zu):\n", nph);
		if (nph)
			printf("  %-11s %-10s %-10s %8s %11s %11s %9s\n", "kind", "start", "end", "duration",
			       "amplitude", "triangle", "excess");
		for (i = 0; i < nph; i++)
			printf("  %-11s %-10s %-10s %8ld %11.4f %11.4f %9.4f\n",
			       ph[i].kind > 0 ? "expansion" : "contraction", day_str(s.day[ph[i].start], d1),
			       day_str(s.day[ph[i].end], d2), ph[i].duration, ph[i].amplitude, ph[i].triangle,
			       ph[i].excess);
		if (nper) {
			printf("\nperiods (%zu): high start & low end = start above the period mean, end below it, end < start\n", nper);
			for (i = 0; i < nper; i++) {
				if (!ps[i].has) {
					printf("  %-20s no data\n", per[i].name);
					continue;
				}
				printf("  %-20s start %10.4f  end %10.4f  max %10.4f  min %10.4f  mean %10.4f  %s%s\n",
				       per[i].name, ps[i].start_value, ps[i].end_value, ps[i].max, ps[i].min, ps[i].mean,
				       ps[i].high_low ? "high start, low end" : "-",
				       ps[i].lower_low == 1 ? "; low below the previous period's" :
				       ps[i].lower_low == 0 ? "; low not below the previous period's" : "");
			}
			printf("descending lows: %s\n", descending ? "yes" : "no");
		}
		if (a.concordance)
			printf("\nconcordance with %s: %.4f over %zu periods\n", a.concordance, conc, conc_n);
		if (a.grid) {
			printf("\ngrid: %zu re-datings; turning points found again within +-2 periods:\n", grid.runs);
			for (i = 0; i < nt; i++)
				printf("  %s %-6s %zu/%zu\n", day_str(s.day[t[i].index], d1),
				       t[i].kind > 0 ? "peak" : "trough", grid.hits[i], grid.runs);
		}
	}
out:
	tides_series_release(&s);
	tides_series_release(&other);
	tides_free(t);
	tides_free(ot);
	tides_free(ph);
	tides_free(per);
	tides_free(ps);
	tides_free(y);
	tides_free(oy);
	tides_free(grid.hits);
	return rc;
}
