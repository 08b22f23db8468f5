/*
 * ctx.c — error and warning plumbing shared by every module.
 *
 * The context owns one fixed message buffer: the last fatal error.  A
 * failing call overwrites it; callers read it before the next call.  Fixed
 * size because the error path must not allocate (it runs after NOMEM).
 *
 * It also holds the tuning knobs (tides_ctx_set_tune): sizes tests shrink.
 * They used to be read from the environment deep inside the store, a
 * hidden global input; now the caller sets them and each module reads them
 * from the context it was given, checking its own range.
 */
#include "util/ctx.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

struct tides_ctx {
	char msg[TIDES_ERRMSG_MAX];
	tides_warn_fn warn;
	void *warn_data;
	uint64_t nwarn;
	long tune[TIDES_TUNE_COUNT]; /* 0: the module's default */
};

static const char *const status_names[] = {
	"ok", "out of memory", "i/o error", "bad data", "usage error",
	"store error", "not found", "internal error",
};

const char *tides_status_name(tides_status st)
{
	if ((unsigned)st < sizeof status_names / sizeof status_names[0])
		return status_names[st];
	return "unknown status";
}

tides_ctx *tides_ctx_new(void)
{
	/* plain calloc: the context must exist before failure injection can
	 * report anything, and it is tiny. */
	return calloc(1, sizeof(tides_ctx));
}

void tides_ctx_free(tides_ctx *ctx)
{
	free(ctx);
}

const char *tides_errmsg(const tides_ctx *ctx)
{
	return ctx ? ctx->msg : "";
}

void tides_ctx_clear_error(tides_ctx *ctx)
{
	if (ctx)
		ctx->msg[0] = '\0';
}

void tides_ctx_set_warn(tides_ctx *ctx, tides_warn_fn fn, void *userdata)
{
	ctx->warn = fn;
	ctx->warn_data = userdata;
}

uint64_t tides_ctx_warnings(const tides_ctx *ctx)
{
	return ctx ? ctx->nwarn : 0;
}

tides_status tides_ctx_set_tune(tides_ctx *ctx, tides_tune knob, long value)
{
	if ((unsigned)knob >= TIDES_TUNE_COUNT)
		return tides_fail(ctx, TIDES_ERR_USAGE, "unknown tuning knob %d", (int)knob);
	if (value < 0)
		return tides_fail(ctx, TIDES_ERR_USAGE, "negative tuning value %ld", value);
	ctx->tune[knob] = value;
	return TIDES_OK;
}

long tides_ctx_get_tune(const tides_ctx *ctx, tides_tune knob)
{
	return ctx && (unsigned)knob < TIDES_TUNE_COUNT ? ctx->tune[knob] : 0;
}

void tides_ctx_copy_tune(tides_ctx *dst, const tides_ctx *src)
{
	if (dst && src)
		memcpy(dst->tune, src->tune, sizeof dst->tune);
}

long tides_ctx_tune(const tides_ctx *ctx, tides_tune knob, long lo, long hi, long dflt)
{
	long v = tides_ctx_get_tune(ctx, knob);
	return v != 0 && v >= lo && v <= hi ? v : dflt;
}

static void vset(tides_ctx *ctx, const char *fmt, va_list ap) TIDES_PRINTF(2, 0);
static void vset(tides_ctx *ctx, const char *fmt, va_list ap)
{
	int n = vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
	if (n < 0)
		ctx->msg[0] = '\0';
}

tides_status tides_fail(tides_ctx *ctx, tides_status st, const char *fmt, ...)
{
	va_list ap;
	if (!ctx)
		return st;
	va_start(ap, fmt);
	vset(ctx, fmt, ap);
	va_end(ap);
	return st;
}

tides_status tides_fail_errno(tides_ctx *ctx, tides_status st, int errno_value,
                              const char *fmt, ...)
{
	va_list ap;
	size_t len;
	if (!ctx)
		return st;
	va_start(ap, fmt);
	vset(ctx, fmt, ap);
	va_end(ap);
	len = strlen(ctx->msg);
	snprintf(ctx->msg + len, sizeof ctx->msg - len, ": %s", strerror(errno_value));
	return st;
}

static void vwarn(tides_ctx *ctx, const char *prefix, const char *fmt, va_list ap) TIDES_PRINTF(3, 0);
static void vwarn(tides_ctx *ctx, const char *prefix, const char *fmt, va_list ap)
{
	char buf[TIDES_ERRMSG_MAX];
	size_t len = 0;
	int n;
	if (!ctx)
		return;
	ctx->nwarn++;
	if (!ctx->warn)
		return;
	if (prefix) {
		n = snprintf(buf, sizeof buf, "%s", prefix);
		len = n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
	}
	n = vsnprintf(buf + len, sizeof buf - len, fmt, ap);
	if (n < 0)
		buf[len] = '\0';
	ctx->warn(ctx->warn_data, buf);
}

void tides_warn(tides_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(ctx, NULL, fmt, ap);
	va_end(ap);
}

void tides_warn_at(tides_ctx *ctx, const char *file, long line, const char *fmt, ...)
{
	char prefix[512];
	va_list ap;
	snprintf(prefix, sizeof prefix, "%s:%ld: ", file ? file : "-", line);
	va_start(ap, fmt);
	vwarn(ctx, prefix, fmt, ap);
	va_end(ap);
}

void tides_event_init(tides_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->goldstein = NAN;
}
