/*
 * series-int.h — helpers shared inside src/series/ (and the cycles CLI):
 * period ordinals, the strict CSV field parsers, series completion.
 */
#ifndef TIDES_SERIES_INT_H
#define TIDES_SERIES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tides.h"

/* Consecutive integers for consecutive periods of kind `by`. */
long series_ordinal(int32_t day, int by);
int32_t series_from_ordinal(long ord, int by);
/* YYYY-MM-DD, YYYYMMDD, YYMMDD, YYYY-MM (first of the month), YYYY. */
int32_t series_parse_date(const char *s);
/* 1 number, 0 missing ("", NA, NaN), -1 not a number. */
int series_parse_value(const char *s, double *v);
/* Appends (day, v) to the parallel arrays days[n], vals[n] of capacity
 * cap, growing both; -1 when out of memory (the arrays stay the caller's
 * to free).  For every reader of dated values (CSV, the store). */
int series_push(int32_t **days, double **vals, size_t *n, size_t *cap, int32_t day, double v);
/* Period kind from the smallest step between ascending dates; -1 unknown. */
int series_infer_by(const int32_t *days, size_t n);
/* Fills gaps by linear interpolation, drops unknown ends (see series.c). */
tides_status series_complete(tides_ctx *ctx, const char *what, const int32_t *days,
                             const double *vals, size_t n, int by, tides_series *out);
/* tides_index_add / tides_index_add_volume for an event already known to
 * be the dyad's (or any event, for the volume): its day, quad class and
 * Goldstein score (NaN unknown).  The store's columnar scan uses these so
 * no tides_event is built per row (seriesdb.c). */
tides_status series_index_add_day(tides_index *ix, int32_t day, int quad, double goldstein);
tides_status series_index_add_volume_day(tides_index *ix, int32_t day);

#endif
