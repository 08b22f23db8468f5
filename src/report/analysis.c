/*
 * analysis.c — one dyad, end to end: index -> series -> cycles -> periods
 * -> drivers and top events (the data behind `tides drivers` and `tides
 * report`).
 *
 * Two passes over the events through the caller's scan function.  Pass 1
 * feeds tides_index (the series module) and nothing else, so the index here
 * is exactly the one `tides index` prints.  The series is completed
 * (interpolated), optionally smoothed, and dated with tides_cycles_date.
 * Pass 2 knows the phases and gives each event to the windows it falls in
 * (per-issue Goldstein sums, top events) and to its series period (top
 * events for the report's hover panel).  Only the kept events (top-k per
 * window and per period) are held, so memory does not grow with the store;
 * their sentences are fetched once, at the end.
 *
 * Period statistics use the same definitions as `tides cycles --periods`:
 * a period covers the series points whose own period overlaps it; high
 * start & low end = first value above the period mean, last value below it
 * and below the first; lows descend when each period's minimum is below the
 * previous period's.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report-int.h"
#include "util/buf.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

#define RP_TEXT_MAX 8192

void tides_analysis_opts_init(tides_analysis_opts *o)
{
	memset(o, 0, sizeof *o);
	o->by = TIDES_BY_MONTH;
	o->measure = TIDES_M_GOLDSTEIN_MEAN;
	tides_cycle_opts_default(&o->cycle, TIDES_CYCLE_BBQ, TIDES_BY_MONTH);
	o->top_period = 5;
	o->top_window = 10;
}

size_t tides_analysis_nphases(const tides_analysis *an)
{
	return an ? an->nphases : 0;
}

/* ---------------------------------------------------------------- top-k */

static int top_init(rp_top *t, size_t k)
{
	t->n = 0;
	t->k = k;
	t->v = k ? tides_calloc(k, sizeof *t->v) : NULL;
	t->key = k ? tides_calloc(k, sizeof *t->key) : NULL;
	return (k && (!t->v || !t->key)) ? -1 : 0;
}

static void top_release(rp_top *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		tides_free(t->v[i].text);
	tides_free(t->v);
	tides_free(t->key);
	memset(t, 0, sizeof *t);
}

/* Keeps the k largest keys, in decreasing order; ties keep the earlier
 * event (events arrive in date order). */
static void top_offer(rp_top *t, double key, const tides_event *ev, const char *issues)
{
	size_t i;
	if (!t->k || !isfinite(key))
		return;
	if (t->n == t->k) {
		if (key <= t->key[t->n - 1])
			return;
		tides_free(t->v[t->n - 1].text);
		t->n--;
	}
	i = t->n;
	while (i > 0 && t->key[i - 1] < key) {
		t->v[i] = t->v[i - 1];
		t->key[i] = t->key[i - 1];
		i--;
	}
	t->v[i].ev = *ev;
	tides_strlcpy_utf8(t->v[i].issues, issues, sizeof t->v[i].issues);
	t->v[i].text = NULL;
	t->key[i] = key;
	t->n++;
}

/* -------------------------------------------------------------- windows */

static rp_issue *win_issue(tides_analysis *an, rp_window *w, const char *name, size_t n)
{
	size_t i;
	rp_issue *x;
	for (i = 0; i < w->niss; i++)
		if (strlen(w->iss[i].name) == n && memcmp(w->iss[i].name, name, n) == 0)
			return &w->iss[i];
	if (w->niss == w->capiss) {
		size_t cap = w->capiss ? w->capiss * 2 : 16;
		rp_issue *nv = tides_realloc(w->iss, cap * sizeof *nv);
		if (!nv)
			return NULL;
		w->iss = nv;
		w->capiss = cap;
	}
	x = &w->iss[w->niss++];
	memset(x, 0, sizeof *x);
	tides_memcpy_utf8(x->name, sizeof x->name, name, n);
	if (strcmp(x->name, RP_UNTAGGED) == 0)
		tides_strlcpy_utf8(x->family, RP_UNTAGGED, sizeof x->family);
	else {
		const char *f = an->o.issues ? tides_issues_family(an->o.issues, x->name) : NULL;
		tides_strlcpy_utf8(x->family, f ? f : "other", sizeof x->family);
	}
	return x;
}

/* Splits "A,B" (also PETRARCH's "A 2, B 1") into issue names. */
static size_t split_issues(const char *s, const char **name, size_t *len, size_t max)
{
	size_t k = 0;
	while (*s && k < max) {
		const char *e;
		size_t n;
		while (*s == ' ' || *s == ',' || *s == ';')
			s++;
		if (!*s)
			break;
		e = s;
		while (*e && *e != ',' && *e != ';')
			e++;
		n = (size_t)(e - s);
		while (n && s[n - 1] == ' ')
			n--;
		/* drop a trailing " count" */
		{
			size_t j = n;
			while (j && s[j - 1] >= '0' && s[j - 1] <= '9')
				j--;
			if (j < n && j > 0 && s[j - 1] == ' ') {
				n = j - 1;
				while (n && s[n - 1] == ' ')
					n--;
			}
		}
		if (n) {
			name[k] = s;
			len[k] = n;
			k++;
		}
		s = e;
	}
	return k;
}

static tides_status win_add(tides_analysis *an, rp_window *w, const tides_event *ev,
                            const char *issues)
{
	const char *name[16];
	size_t len[16], k, i;
	double g = ev->goldstein;
	w->n++;
	if (!isfinite(g))
		return TIDES_OK;
	w->sum += g;
	if (g < 0)
		w->neg += g;
	else
		w->pos += g;
	k = split_issues(issues, name, len, 16);
	if (k == 0) {
		name[0] = RP_UNTAGGED;
		len[0] = strlen(RP_UNTAGGED);
		k = 1;
	}
	for (i = 0; i < k; i++) {
		rp_issue *x = win_issue(an, w, name[i], len[i]);
		if (!x)
			return tides_fail(an->ctx, TIDES_ERR_NOMEM, "out of memory");
		x->n++;
		x->sum += g / (double)k;
		if (g < 0)
			x->neg += g / (double)k;
		else
			x->pos += g / (double)k;
	}
	top_offer(&w->top, w->kind > 0 ? g : w->kind < 0 ? -g : fabs(g), ev, issues);
	return TIDES_OK;
}

/* -------------------------------------------------------------- periods */

static int rp_field(char **p, char **out)
{
	char *s = *p, *e;
	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	e = strchr(s, ',');
	*p = e ? e + 1 : NULL;
	if (e)
		*e = '\0';
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	*out = s;
	return 1;
}

static tides_status read_periods(tides_analysis *an, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	long lineno = 0;
	tides_status st = TIDES_OK;

	if (!f)
		return tides_fail_errno(an->ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	while (fgets(line, sizeof line, f)) {
		char *p = line, *name, *a, *b;
		int32_t d1, d2;
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			st = tides_fail(an->ctx, TIDES_ERR_DATA, "%s:%ld: line too long", path, lineno);
			goto done;
		}
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (!rp_field(&p, &name) || !rp_field(&p, &a) || !rp_field(&p, &b) || p) {
			st = tides_fail(an->ctx, TIDES_ERR_DATA, "%s:%ld: expected name,start,end", path,
			                lineno);
			goto done;
		}
		d1 = tides_date_parse_iso(a, strlen(a));
		d2 = tides_date_parse_iso(b, strlen(b));
		if (lineno == 1 && d1 == TIDES_DATE_NONE && strcmp(a, "start") == 0)
			continue; /* header */
		if (d1 == TIDES_DATE_NONE || d2 == TIDES_DATE_NONE) {
			st = tides_fail(an->ctx, TIDES_ERR_DATA, "%s:%ld: bad date '%s'", path, lineno,
			                d1 == TIDES_DATE_NONE ? a : b);
			goto done;
		}
		if (d2 < d1) {
			st = tides_fail(an->ctx, TIDES_ERR_DATA, "%s:%ld: period ends before it starts",
			                path, lineno);
			goto done;
		}
		if (tides_utf8_check(name, strlen(name)) != strlen(name)) {
			st = tides_fail(an->ctx, TIDES_ERR_DATA, "%s:%ld: invalid UTF-8", path, lineno);
			goto done;
		}
		{
			rp_period *nv = tides_realloc(an->per, (an->nper + 1) * sizeof *nv);
			if (!nv) {
				st = tides_fail(an->ctx, TIDES_ERR_NOMEM, "out of memory");
				goto done;
			}
			an->per = nv;
			memset(&an->per[an->nper], 0, sizeof an->per[an->nper]);
			tides_strlcpy_utf8(an->per[an->nper].name, name, sizeof an->per[an->nper].name);
			an->per[an->nper].start = d1;
			an->per[an->nper].end = d2;
			an->nper++;
		}
	}
	if (ferror(f))
		st = tides_fail_errno(an->ctx, TIDES_ERR_IO, errno, "cannot read '%s'", path);
done:
	fclose(f);
	return st;
}

static void period_stats(tides_analysis *an)
{
	size_t k, i;
	double prev_min = 0;
	int have_prev = 0, nwith = 0, desc = 1;
	for (k = 0; k < an->nper; k++) {
		rp_period *p = &an->per[k];
		double sum = 0;
		p->lower_low = -1;
		for (i = 0; i < an->s.n; i++) {
			int32_t next = tides_period_next(an->s.day[i], (tides_period_kind)an->s.by);
			double v = an->y[i];
			if (an->s.day[i] > p->end || next <= p->start || !isfinite(v))
				continue;
			if (!p->has) {
				p->has = 1;
				p->first = i;
				p->max = p->min = v;
			}
			p->last = i;
			if (v > p->max)
				p->max = v;
			if (v < p->min)
				p->min = v;
			sum += v;
		}
		if (!p->has)
			continue;
		p->start_value = an->y[p->first];
		p->end_value = an->y[p->last];
		p->mean = sum / (double)(p->last - p->first + 1);
		p->high_start = p->start_value > p->mean;
		p->low_end = p->end_value < p->mean && p->end_value < p->start_value;
		if (have_prev) {
			p->lower_low = p->min < prev_min;
			if (!p->lower_low)
				desc = 0;
		}
		prev_min = p->min;
		have_prev = 1;
		nwith++;
	}
	an->descending_lows = nwith < 2 ? -1 : desc;
}

/* ---------------------------------------------------------------- passes */

typedef struct pass1_state {
	tides_analysis *an;
	tides_index *ix;
} pass1_state;

static int pass1(void *ud, const tides_event *ev)
{
	pass1_state *p1 = ud;
	tides_status st = tides_index_add(p1->ix, ev);
	if (st) {
		p1->an->err = st;
		return 1;
	}
	return 0;
}

static long series_pos(const tides_analysis *an, int32_t day)
{
	int32_t p = tides_period_start(day, (tides_period_kind)an->s.by);
	size_t lo = 0, hi = an->s.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (an->s.day[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < an->s.n && an->s.day[lo] == p) ? (long)lo : -1;
}

typedef struct pass2_state {
	tides_analysis *an;
	tides_index_opts io;
	char *text;
} pass2_state;

static int pass2(void *ud, const tides_event *ev)
{
	pass2_state *ps = ud;
	tides_analysis *an = ps->an;
	char tagged[TIDES_TEXT_MAX];
	const char *issues = ev->issues;
	int32_t day;
	long pos;
	size_t w;

	if (!tides_index_match(&ps->io, ev))
		return 0;
	day = tides_date_parse_iso(ev->date, strlen(ev->date));
	if (day == TIDES_DATE_NONE)
		return 0;
	an->nevents++;
	if (an->o.issues && an->o.sentence &&
	    an->o.sentence(an->o.sentence_data, ev->doc_id, ev->sentence, ps->text, RP_TEXT_MAX)) {
		if (tides_issues_tag(an->o.issues, ps->text, strlen(ps->text), tagged, sizeof tagged) < 0) {
			an->err = tides_fail(an->ctx, TIDES_ERR_NOMEM, "out of memory");
			return 1;
		}
		issues = tagged;
		an->nretagged++;
	}
	pos = series_pos(an, day);
	if (pos >= 0) {
		an->nev[pos]++;
		top_offer(&an->month[pos], fabs(ev->goldstein), ev, issues);
	}
	for (w = 0; w < an->nwin; w++) {
		rp_window *x = &an->win[w];
		if (day < x->from || day > x->to)
			continue;
		if (win_add(an, x, ev, issues)) {
			an->err = TIDES_ERR_NOMEM;
			return 1;
		}
	}
	return 0;
}

static void fetch_text(tides_analysis *an, rp_top *t, char *buf)
{
	size_t i;
	if (!an->o.sentence)
		return;
	for (i = 0; i < t->n; i++) {
		rp_kept *k = &t->v[i];
		if (k->text || !k->ev.doc_id[0])
			continue;
		if (an->o.sentence(an->o.sentence_data, k->ev.doc_id, k->ev.sentence, buf, RP_TEXT_MAX))
			k->text = tides_strdup(buf); /* NULL on failure: shown as missing */
	}
}

static tides_status make_windows(tides_analysis *an)
{
	size_t i, n = an->nphases + ((an->o.win_from || an->o.win_to) ? 1 : 0);
	an->win = tides_calloc(n ? n : 1, sizeof *an->win);
	if (!an->win)
		return tides_fail(an->ctx, TIDES_ERR_NOMEM, "out of memory");
	for (i = 0; i < an->nphases; i++) {
		rp_window *w = &an->win[an->nwin++];
		const tides_phase *ph = &an->phases[i];
		w->kind = ph->kind;
		w->phase = (long)i + 1;
		w->turn_from = ph->start;
		w->turn_to = ph->end;
		w->from = tides_period_next(an->s.day[ph->start], (tides_period_kind)an->s.by);
		w->to = tides_period_next(an->s.day[ph->end], (tides_period_kind)an->s.by) - 1;
		if (top_init(&w->top, an->o.top_window))
			return tides_fail(an->ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	if (an->o.win_from || an->o.win_to) {
		rp_window *w = &an->win[an->nwin++];
		const char *f = an->o.win_from, *t = an->o.win_to;
		w->from = f ? tides_date_parse_iso(f, strlen(f)) : INT32_MIN + 1;
		w->to = t ? tides_date_parse_iso(t, strlen(t)) : INT32_MAX;
		if (w->from == TIDES_DATE_NONE || w->to == TIDES_DATE_NONE)
			return tides_fail(an->ctx, TIDES_ERR_USAGE, "bad date '%s'",
			                  w->from == TIDES_DATE_NONE ? f : t);
		if (top_init(&w->top, an->o.top_window))
			return tides_fail(an->ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	return TIDES_OK;
}

tides_status tides_analysis_run(tides_ctx *ctx, const tides_analysis_opts *o, tides_scan_fn scan,
                                void *src, tides_analysis **out)
{
	tides_analysis *an;
	tides_index *ix = NULL;
	tides_index_opts io;
	tides_event_filter f;
	const tides_index_row *rows;
	size_t nrows, i;
	pass2_state ps;
	tides_status st;

	*out = NULL;
	if (!o->a || !o->b || !o->a[0] || !o->b[0])
		return tides_fail(ctx, TIDES_ERR_USAGE, "a dyad is needed (A,B)");
	an = tides_calloc(1, sizeof *an);
	if (!an)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	an->ctx = ctx;
	an->o = *o;
	tides_series_init(&an->s);
	tides_strlcpy_utf8(an->a, o->a, sizeof an->a);
	tides_strlcpy_utf8(an->b, o->b, sizeof an->b);
	an->o.a = an->a;
	an->o.b = an->b;
	an->o.periods = NULL; /* not kept: the caller's string */
	an->descending_lows = -1;
	memset(&ps, 0, sizeof ps);

	memset(&io, 0, sizeof io);
	io.a = an->a;
	io.b = an->b;
	io.directed = o->directed;
	io.exact_actors = o->exact_actors;
	io.by = o->by;
	io.measure = o->measure;
	io.from = o->from;
	io.to = o->to;
	tides_index_filter(&io, &f); /* a group side ("USA+IGOWSTNAT") scans as any */

	/* pass 1: the index */
	st = tides_index_new(ctx, &io, &ix);
	if (st)
		goto fail;
	{
		pass1_state p1;
		p1.an = an;
		p1.ix = ix;
		st = scan(src, &f, pass1, &p1);
	}
	if (!st)
		st = an->err;
	if (st)
		goto fail;
	st = tides_index_rows(ix, &rows, &nrows);
	if (st)
		goto fail;
	if (nrows == 0) {
		st = tides_fail(ctx, TIDES_ERR_NOTFOUND, "no events of the dyad %s,%s", an->a, an->b);
		goto fail;
	}
	st = tides_series_from_rows(ctx, rows, nrows, o->by, &an->s);
	if (st)
		goto fail;
	tides_index_free(ix);
	ix = NULL;
	if (an->s.n == 0) {
		st = tides_fail(ctx, TIDES_ERR_NOTFOUND, "no scored events of the dyad %s,%s", an->a,
		                an->b);
		goto fail;
	}

	/* dating */
	an->y = tides_calloc(an->s.n, sizeof *an->y);
	an->nev = tides_calloc(an->s.n, sizeof *an->nev);
	an->month = tides_calloc(an->s.n, sizeof *an->month);
	if (!an->y || !an->nev || !an->month) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (o->smooth > 0)
		tides_smooth_ma(an->s.value, an->s.n, o->smooth, an->y);
	else if (o->smooth < 0)
		tides_smooth_spencer(an->s.value, an->s.n, an->y);
	else
		memcpy(an->y, an->s.value, an->s.n * sizeof *an->y);
	{
		tides_cycle_opts co = o->cycle;
		co.by = o->by;
		st = tides_cycles_date(ctx, an->y, an->s.n, &co, &an->turns, &an->nturns);
		if (st)
			goto fail;
	}
	st = tides_cycles_phases(ctx, an->y, an->s.n, an->turns, an->nturns, &an->phases,
	                         &an->nphases);
	if (st)
		goto fail;
	if (o->periods) {
		st = read_periods(an, o->periods);
		if (st)
			goto fail;
		period_stats(an);
	}

	/* pass 2: drivers and top events */
	for (i = 0; i < an->s.n; i++)
		if (top_init(&an->month[i], o->top_period)) {
			st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
			goto fail;
		}
	st = make_windows(an);
	if (st)
		goto fail;
	ps.an = an;
	ps.io = io;
	ps.text = tides_malloc(RP_TEXT_MAX);
	if (!ps.text) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto fail;
	}
	st = scan(src, &f, pass2, &ps);
	if (!st)
		st = an->err;
	if (st) {
		if (st == TIDES_ERR_NOMEM)
			tides_fail(ctx, st, "out of memory");
		goto fail;
	}
	for (i = 0; i < an->s.n; i++)
		fetch_text(an, &an->month[i], ps.text);
	for (i = 0; i < an->nwin; i++)
		fetch_text(an, &an->win[i].top, ps.text);
	tides_free(ps.text);
	*out = an;
	return TIDES_OK;
fail:
	tides_free(ps.text);
	tides_index_free(ix);
	tides_analysis_free(an);
	return st;
}

void tides_analysis_free(tides_analysis *an)
{
	size_t i;
	if (!an)
		return;
	if (an->month) {
		for (i = 0; i < an->s.n; i++)
			top_release(&an->month[i]);
		tides_free(an->month);
	}
	for (i = 0; i < an->nwin; i++) {
		tides_free(an->win[i].iss);
		top_release(&an->win[i].top);
	}
	tides_free(an->win);
	tides_free(an->per);
	tides_free(an->turns);
	tides_free(an->phases);
	tides_free(an->y);
	tides_free(an->nev);
	tides_series_release(&an->s);
	tides_free(an);
}

const char *rp_period_label(const tides_analysis *an, size_t i, char *buf, size_t cap)
{
	char d[11];
	tides_date_format(an->s.day[i], d);
	if (an->s.by == TIDES_BY_MONTH)
		d[7] = '\0';
	else if (an->s.by == TIDES_BY_YEAR)
		d[4] = '\0';
	snprintf(buf, cap, "%s", d);
	return buf;
}
