/*
 * ctx.h — the inside of tides_ctx, for library modules.
 *
 * A module reports a fatal error with tides_fail() (sets the message,
 * returns the status so `return tides_fail(ctx, ...)` reads naturally) and a
 * non-fatal one with tides_warn(), which goes to the warning callback and is
 * counted.  Messages never carry the "tides: " prefix; the CLI adds it.
 */
#ifndef TIDES_UTIL_CTX_H
#define TIDES_UTIL_CTX_H

#include "tides.h"
#include <stdarg.h>

#define TIDES_ERRMSG_MAX 1024

#if defined(__GNUC__)
#define TIDES_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TIDES_PRINTF(a, b)
#endif

tides_status tides_fail(tides_ctx *ctx, tides_status st, const char *fmt, ...) TIDES_PRINTF(3, 4);
/* Same, appending ": strerror(errno_value)". */
tides_status tides_fail_errno(tides_ctx *ctx, tides_status st, int errno_value,
                              const char *fmt, ...) TIDES_PRINTF(4, 5);
void tides_warn(tides_ctx *ctx, const char *fmt, ...) TIDES_PRINTF(2, 3);
/* "FILE:LINE: message" warning for bad data. */
void tides_warn_at(tides_ctx *ctx, const char *file, long line, const char *fmt, ...)
	TIDES_PRINTF(4, 5);

/* A tuning knob (tides_ctx_set_tune) as the module using it sees it: the
 * value set when it lies in [lo, hi], else `dflt`.  The range and the
 * default stay with the module; NULL ctx gives `dflt`. */
long tides_ctx_tune(const tides_ctx *ctx, tides_tune knob, long lo, long hi, long dflt);

#endif
