/*
 * index.c — the relations index of one dyad: events in, one row per period out.
 *
 * Pure computation over events (no store): the caller feeds the dyad's
 * events with tides_index_add() (events of other dyads are ignored, so a
 * whole-store scan works too) and, for volume normalisation, every event of
 * the store with tides_index_add_volume().  Accumulators live in an array
 * sorted by period ordinal (events mostly arrive in date order, so the
 * insert is an append).  Rows run from the first to the last period —
 * --from/--to when given, else the dyad's own span — and a period without
 * events is a row with n = 0 and an undefined value, never dropped.
 *
 * Measures (g = Goldstein score; events without a score count in n and
 * the quad columns but not in the scores):
 *   goldstein-sum   sum g                    goldstein-mean  sum g / scored
 *   coop = sum max(g,0)     conf = sum min(g,0) (negative or zero)
 *   net-coop        (coop - |conf|) / (coop + |conf|), in [-1, 1]
 *   coop-conf       coop - |conf| with both parts in their columns
 *   quad-counts     events with a quad class; q1..q4 the counts
 *   quad-shares     q1..q4 as % of the classed events; value = % cooperation (q1+q2)
 *   conflict-share  100 * (q4 + 0.5 * q3) / (q1+q2+q3+q4)
 * An actor "*" matches any actor (e.g. "*,*": every event of the store); a
 * side may be a group "USA+IGOWSTNAT" (any member matches).  The store's
 * filter knows single codes only, so a group side is scanned as "any"
 * (tides_index_filter) and tides_index_match keeps the group's events.
 * --normalize volume divides sum-like values (goldstein-sum, coop-conf,
 * quad-counts) by the store's events in the period, per 1,000 events.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series/series-int.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/banned.h"

typedef struct acc {
	long ord;
	long n, nscored, q[4], total;
	double sum, coop, conf;
} acc;

struct tides_index {
	tides_ctx *ctx;
	tides_index_opts o;
	char *a, *b, *from, *to;
	int32_t from_day, to_day;
	acc *v;
	size_t n, cap;
	long first, last; /* dyad span, ordinals; first > last while empty */
	tides_index_row *rows;
	size_t nrows;
	char dyad[TIDES_ACTOR_MAX * 2 + 4];
};

static const char *const measure_names[] = {
	"goldstein-sum", "goldstein-mean", "net-coop", "coop-conf",
	"quad-counts", "quad-shares", "conflict-share",
};

int tides_measure_parse(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof measure_names / sizeof measure_names[0]; i++)
		if (strcmp(name, measure_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *tides_measure_name(tides_measure m)
{
	if ((unsigned)m < sizeof measure_names / sizeof measure_names[0])
		return measure_names[m];
	return "?";
}

static int sum_like(tides_measure m)
{
	return m == TIDES_M_GOLDSTEIN_SUM || m == TIDES_M_COOP_CONF || m == TIDES_M_QUAD_COUNTS;
}

void tides_index_free(tides_index *ix)
{
	if (!ix)
		return;
	tides_free(ix->a);
	tides_free(ix->b);
	tides_free(ix->from);
	tides_free(ix->to);
	tides_free(ix->v);
	tides_free(ix->rows);
	tides_free(ix);
}

tides_status tides_index_new(tides_ctx *ctx, const tides_index_opts *opts, tides_index **out)
{
	tides_index *ix;
	*out = NULL;
	if (!opts->a || !opts->b || !opts->a[0] || !opts->b[0])
		return tides_fail(ctx, TIDES_ERR_USAGE, "a dyad needs two actors, e.g. USA,RUS");
	if (opts->by < TIDES_BY_DAY || opts->by > TIDES_BY_YEAR)
		return tides_fail(ctx, TIDES_ERR_USAGE, "unknown period");
	if ((unsigned)opts->measure > TIDES_M_CONFLICT_SHARE)
		return tides_fail(ctx, TIDES_ERR_USAGE, "unknown measure");
	if (opts->normalize_volume && !sum_like(opts->measure))
		return tides_fail(ctx, TIDES_ERR_USAGE,
		                  "--normalize volume applies to goldstein-sum, coop-conf and quad-counts, not %s",
		                  tides_measure_name(opts->measure));
	ix = tides_calloc(1, sizeof *ix);
	if (!ix)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	ix->ctx = ctx;
	ix->o = *opts;
	ix->a = tides_strdup(opts->a);
	ix->b = tides_strdup(opts->b);
	ix->from_day = ix->to_day = TIDES_DATE_NONE;
	if (!ix->a || !ix->b) {
		tides_index_free(ix);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	if (opts->from) {
		ix->from_day = tides_date_parse_iso(opts->from, strlen(opts->from));
		if (ix->from_day == TIDES_DATE_NONE) {
			tides_index_free(ix);
			return tides_fail(ctx, TIDES_ERR_USAGE, "bad date '%s'", opts->from);
		}
	}
	if (opts->to) {
		ix->to_day = tides_date_parse_iso(opts->to, strlen(opts->to));
		if (ix->to_day == TIDES_DATE_NONE) {
			tides_index_free(ix);
			return tides_fail(ctx, TIDES_ERR_USAGE, "bad date '%s'", opts->to);
		}
	}
	if (ix->from_day != TIDES_DATE_NONE && ix->to_day != TIDES_DATE_NONE && ix->to_day < ix->from_day) {
		tides_index_free(ix);
		return tides_fail(ctx, TIDES_ERR_USAGE, "--to is before --from");
	}
	ix->o.a = ix->a;
	ix->o.b = ix->b;
	ix->o.from = ix->o.to = NULL;
	ix->first = 1;
	ix->last = 0;
	snprintf(ix->dyad, sizeof ix->dyad, "%s%s%s", ix->a, opts->directed ? "->" : "<->", ix->b);
	*out = ix;
	return TIDES_OK;
}

/* Is the code (or its country) want[0..n)?  "*" is any actor. */
static int actor_is(const char *code, const char *country, const char *want, size_t n, int exact)
{
	if (n == 1 && want[0] == '*')
		return 1;
	if (exact)
		return strlen(code) == n && memcmp(code, want, n) == 0;
	if (country && country[0])
		return strlen(country) == n && memcmp(country, want, n) == 0;
	/* no country recorded: the CAMEO actor code starts with it (USAGOV) */
	return n > 0 && strncmp(code, want, n) == 0;
}

/* One side of a dyad: a code, or a group "USA+IGOWSTNAT" matching any member. */
static int side_is(const char *code, const char *country, const char *want, int exact)
{
	for (;;) {
		const char *plus = strchr(want, '+');
		size_t n = plus ? (size_t)(plus - want) : strlen(want);
		if (actor_is(code, country, want, n, exact))
			return 1;
		if (!plus)
			return 0;
		want = plus + 1;
	}
}

int tides_index_match(const tides_index_opts *o, const tides_event *ev)
{
	int ab = side_is(ev->source, ev->source_country, o->a, o->exact_actors) &&
	         side_is(ev->target, ev->target_country, o->b, o->exact_actors);
	if (ab || o->directed)
		return ab;
	return side_is(ev->source, ev->source_country, o->b, o->exact_actors) &&
	       side_is(ev->target, ev->target_country, o->a, o->exact_actors);
}

void tides_index_filter(const tides_index_opts *o, tides_event_filter *f)
{
	memset(f, 0, sizeof *f);
	f->a = strcmp(o->a, "*") && !strchr(o->a, '+') ? o->a : NULL;
	f->b = strcmp(o->b, "*") && !strchr(o->b, '+') ? o->b : NULL;
	f->directed = o->directed;
	f->exact_actors = o->exact_actors;
	f->from = o->from;
	f->to = o->to;
}

typedef struct ev_scan {
	tides_index *ix;
	tides_status st;
	int volume;
} ev_scan;

static int ev_scan_cb(void *userdata, const tides_event *ev)
{
	ev_scan *u = userdata;
	u->st = u->volume ? tides_index_add_volume(u->ix, ev) : tides_index_add(u->ix, ev);
	return u->st != TIDES_OK;
}

tides_status tides_index_scan_events(tides_store *st, tides_index *ix, const tides_index_opts *o)
{
	tides_event_filter f;
	ev_scan u;
	tides_status rc;
	tides_index_filter(o, &f);
	u.ix = ix;
	u.st = TIDES_OK;
	u.volume = 0;
	rc = tides_store_scan(st, &f, ev_scan_cb, &u);
	if (rc == TIDES_OK)
		rc = u.st;
	if (rc != TIDES_OK || !o->normalize_volume)
		return rc;
	memset(&f, 0, sizeof f);
	u.volume = 1;
	rc = tides_store_scan(st, &f, ev_scan_cb, &u);
	return rc == TIDES_OK ? u.st : rc;
}

static acc *slot(tides_index *ix, long ord)
{
	size_t lo = 0, hi = ix->n;
	if (ix->n && ix->v[ix->n - 1].ord < ord) {
		lo = ix->n;
	} else {
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (ix->v[mid].ord < ord)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < ix->n && ix->v[lo].ord == ord)
			return &ix->v[lo];
	}
	if (ix->n == ix->cap) {
		size_t nc = ix->cap ? ix->cap * 2 : 64;
		acc *nv = tides_realloc(ix->v, nc * sizeof *nv);
		if (!nv)
			return NULL;
		ix->v = nv;
		ix->cap = nc;
	}
	memmove(ix->v + lo + 1, ix->v + lo, (ix->n - lo) * sizeof *ix->v);
	memset(&ix->v[lo], 0, sizeof ix->v[lo]);
	ix->v[lo].ord = ord;
	ix->n++;
	return &ix->v[lo];
}

/* day within the bounds, or NONE */
static int32_t bound_day(const tides_index *ix, int32_t day)
{
	if (ix->from_day != TIDES_DATE_NONE && day < ix->from_day)
		return TIDES_DATE_NONE;
	if (ix->to_day != TIDES_DATE_NONE && day > ix->to_day)
		return TIDES_DATE_NONE;
	return day;
}

tides_status series_index_add_day(tides_index *ix, int32_t day, int quad, double goldstein)
{
	acc *a;
	long ord;
	if (day == TIDES_DATE_NONE || bound_day(ix, day) == TIDES_DATE_NONE)
		return TIDES_OK;
	ord = series_ordinal(day, ix->o.by);
	a = slot(ix, ord);
	if (!a)
		return tides_fail(ix->ctx, TIDES_ERR_NOMEM, "out of memory");
	a->n++;
	if (quad >= 1 && quad <= 4)
		a->q[quad - 1]++;
	if (isfinite(goldstein)) {
		a->nscored++;
		a->sum += goldstein;
		if (goldstein > 0)
			a->coop += goldstein;
		else
			a->conf += goldstein;
	}
	if (ix->first > ix->last) {
		ix->first = ix->last = ord;
	} else {
		if (ord < ix->first)
			ix->first = ord;
		if (ord > ix->last)
			ix->last = ord;
	}
	return TIDES_OK;
}

tides_status series_index_add_volume_day(tides_index *ix, int32_t day)
{
	acc *a;
	if (day == TIDES_DATE_NONE || bound_day(ix, day) == TIDES_DATE_NONE)
		return TIDES_OK;
	a = slot(ix, series_ordinal(day, ix->o.by));
	if (!a)
		return tides_fail(ix->ctx, TIDES_ERR_NOMEM, "out of memory");
	a->total++;
	return TIDES_OK;
}

tides_status tides_index_add(tides_index *ix, const tides_event *ev)
{
	if (!tides_index_match(&ix->o, ev))
		return TIDES_OK;
	return series_index_add_day(ix, tides_date_parse_iso(ev->date, strlen(ev->date)), ev->quad,
	                            ev->goldstein);
}

tides_status tides_index_add_volume(tides_index *ix, const tides_event *ev)
{
	return series_index_add_volume_day(ix, tides_date_parse_iso(ev->date, strlen(ev->date)));
}

static double value_of(const tides_index *ix, const acc *a)
{
	long nq = a->q[0] + a->q[1] + a->q[2] + a->q[3];
	double v = NAN, mag;
	if (a->n == 0)
		return NAN;
	switch (ix->o.measure) {
	case TIDES_M_GOLDSTEIN_SUM:
		v = a->nscored ? a->sum : NAN;
		break;
	case TIDES_M_GOLDSTEIN_MEAN:
		v = a->nscored ? a->sum / (double)a->nscored : NAN;
		break;
	case TIDES_M_NET_COOP:
		mag = a->coop + fabs(a->conf);
		v = mag > 0 ? (a->coop - fabs(a->conf)) / mag : NAN;
		break;
	case TIDES_M_COOP_CONF:
		v = a->nscored ? a->coop - fabs(a->conf) : NAN;
		break;
	case TIDES_M_QUAD_COUNTS:
		v = (double)nq;
		break;
	case TIDES_M_QUAD_SHARES:
		v = nq ? 100.0 * (double)(a->q[0] + a->q[1]) / (double)nq : NAN;
		break;
	case TIDES_M_CONFLICT_SHARE:
		v = nq ? 100.0 * ((double)a->q[3] + 0.5 * (double)a->q[2]) / (double)nq : NAN;
		break;
	}
	if (ix->o.normalize_volume && isfinite(v))
		v = a->total > 0 ? v * 1000.0 / (double)a->total : NAN;
	return v;
}

tides_status tides_index_rows(tides_index *ix, const tides_index_row **rows, size_t *nrows)
{
	long first = ix->first, last = ix->last, ord;
	size_t k = 0, i = 0;
	*rows = NULL;
	*nrows = 0;
	if (ix->from_day != TIDES_DATE_NONE)
		first = series_ordinal(ix->from_day, ix->o.by);
	if (ix->to_day != TIDES_DATE_NONE)
		last = series_ordinal(ix->to_day, ix->o.by);
	if (first > last) /* no events and no bounds */
		return TIDES_OK;
	if (last - first > 10000000L)
		return tides_fail(ix->ctx, TIDES_ERR_USAGE, "the range has too many periods");
	tides_free(ix->rows);
	ix->nrows = (size_t)(last - first + 1);
	ix->rows = tides_calloc(ix->nrows, sizeof *ix->rows);
	if (!ix->rows) {
		ix->nrows = 0;
		return tides_fail(ix->ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	for (ord = first; ord <= last; ord++, k++) {
		tides_index_row *r = &ix->rows[k];
		static const acc zero;
		const acc *a = &zero;
		while (i < ix->n && ix->v[i].ord < ord)
			i++;
		if (i < ix->n && ix->v[i].ord == ord)
			a = &ix->v[i];
		tides_date_format(series_from_ordinal(ord, ix->o.by), r->period);
		memcpy(r->dyad, ix->dyad, sizeof r->dyad);
		r->n = a->n;
		r->coop = a->coop;
		r->conf = a->conf;
		memcpy(r->q, a->q, sizeof r->q);
		r->total = a->total;
		r->value = value_of(ix, a);
	}
	*rows = ix->rows;
	*nrows = ix->nrows;
	return TIDES_OK;
}
