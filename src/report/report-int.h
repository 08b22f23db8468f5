/*
 * report-int.h — the inside of tides_analysis, shared by analysis.c (which
 * builds it), drivers.c (text/JSON/summary) and html.c (the page).
 */
#ifndef TIDES_REPORT_INT_H
#define TIDES_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tides.h"

#define RP_UNTAGGED "(untagged)"

/* An event kept for display, with its issues and its sentence. */
typedef struct rp_kept {
	tides_event ev;
	char issues[TIDES_TEXT_MAX];
	char *text;            /* owned; NULL when the sentence is not stored */
} rp_kept;

/* The best k events by a key, as a small sorted array (k is small). */
typedef struct rp_top {
	rp_kept *v;
	double *key;
	size_t n, k;
} rp_top;

/* An issue's (or a family's) part of a window, from the raw events: net
 * weight and its negative and positive parts (sum == neg + pos). */
typedef struct rp_issue {
	char name[64];
	char family[32];
	long n;                /* events carrying the issue */
	double sum;            /* Goldstein weight, split among an event's issues */
	double neg, pos;       /* the parts of sum from hostile / cooperative events */
} rp_issue;

typedef struct rp_window {
	int kind;              /* +1 expansion, -1 contraction, 0 explicit window */
	long phase;            /* 1-based phase number, 0 for the explicit window */
	int32_t from, to;      /* inclusive days */
	size_t turn_from, turn_to; /* series indexes of the turning points (phases) */
	long n;                /* events */
	double sum;            /* raw Goldstein total of the window's events */
	double neg, pos;       /* its negative and positive parts */
	rp_issue *iss;
	size_t niss, capiss;
	rp_top top;
} rp_window;

typedef struct rp_period {
	char name[128];
	int32_t start, end;
	int has;
	size_t first, last;    /* series indexes */
	double start_value, end_value, max, min, mean;
	int high_start, low_end, lower_low; /* lower_low: -1 no previous period */
} rp_period;

struct tides_analysis {
	tides_ctx *ctx;
	tides_analysis_opts o;
	char a[TIDES_ACTOR_MAX], b[TIDES_ACTOR_MAX];
	tides_series s;        /* the complete series (raw values) */
	double *y;             /* the dated series (smoothed or raw), s.n values */
	long *nev;             /* dyad events per series period */
	tides_turn *turns;
	size_t nturns;
	tides_phase *phases;
	size_t nphases;
	rp_period *per;
	size_t nper;
	int descending_lows;   /* 1 yes, 0 no, -1 fewer than two periods with data */
	rp_window *win;        /* one per phase, then the explicit window */
	size_t nwin;
	rp_top *month;         /* top events per series period */
	long nevents;          /* dyad events read in the second pass */
	long nretagged;
	tides_status err;      /* first error inside a scan callback */
};

/* The drivers the claim under test names (data/demo): their rank among
 * a window's issues of the window's sign, 1-based, 0 when absent. */
extern const char *const rp_claimed_drivers[3];
size_t rp_issue_rank(const rp_window *w, const char *name);
/* Sorts a window's issues by their contribution of the window's sign:
 * largest negative part first in a contraction, largest positive part
 * first in an expansion, by absolute net weight in an explicit window. */
void rp_sort_window(rp_window *w);
/* Share of an issue (or family) x among v[0..n): its part of the
 * window's weight of the phase's sign (explicit windows: of all absolute
 * net weight); NAN when it has no part of that sign. */
double rp_share(const rp_window *w, const rp_issue *v, size_t n, const rp_issue *x);
/* The flag of a phase whose raw events disagree with its dating (the phase
 * was dated on a smoothed series): "raw-total-positive" for a contraction
 * whose events add up to a positive total, "raw-total-negative" for such
 * an expansion; NULL when they agree (and for explicit windows). */
const char *rp_window_flag(const rp_window *w);
/* "month", "quarter", ... for a tides_period_kind. */
const char *rp_by_name(int by);

const char *rp_period_label(const tides_analysis *an, size_t i, char *buf, size_t cap);
/* JSON string (with quotes) safe to embed in HTML <script>. */
void rp_json_str(FILE *out, const char *s);
void rp_json_num(FILE *out, double v);
/* A kept event as a JSON object: date, source, target, code, goldstein,
 * issues, doc_id, sentence, text (null when not stored). */
void rp_json_kept(FILE *out, const rp_kept *k);

#endif
