/*
 * cycles-int.h — what bbq.c and bb.c share inside src/cycles/: the
 * two-list dating (peaks, troughs) and the rules both methods apply.
 */
#ifndef TIDES_CYCLES_INT_H
#define TIDES_CYCLES_INT_H

#include <stddef.h>

#include "tides.h"

typedef struct bbq_list {
	size_t *v; /* ascending 0-based indexes */
	size_t n;
} bbq_list;

typedef struct bbq_dating {
	bbq_list p, t;
	size_t *keep_p;       /* scratch, n + 1 */
	tides_turn *scratch;  /* merged sequence, 2n + 2 */
	unsigned char *flags; /* n + 1 */
} bbq_dating;

tides_status bbq_dating_alloc(tides_ctx *ctx, bbq_dating *d, size_t n);
void bbq_dating_free(bbq_dating *d);
void bbq_list_remove(bbq_list *l, size_t i);
void bbq_alter2(bbq_dating *d, const double *y);
void bbq_enf_ends(bbq_dating *d, const double *y, size_t n);
/* The BBQ rules one by one (bbq.c), exposed for the unit tests. */
void bbq_init(bbq_dating *d, const double *y, size_t n, long k);
void bbq_alter1(bbq_dating *d, const double *y);
void bbq_enf_cycle(bbq_dating *d, const double *y, int min_cycle);
void bbq_enf_censor(bbq_dating *d, const double *y, size_t n, int e);
void bbq_enf_phase(bbq_dating *d, const double *y, int min_phase);
tides_status bbq_to_turns(tides_ctx *ctx, const bbq_dating *d, tides_turn **turns, size_t *nturns);

tides_status cycles_bbq(tides_ctx *ctx, const double *y, size_t n, const tides_cycle_opts *o,
                        tides_turn **turns, size_t *nturns);
tides_status cycles_bry_boschan(tides_ctx *ctx, const double *y, size_t n,
                                const tides_cycle_opts *o, tides_turn **turns, size_t *nturns);

#endif
