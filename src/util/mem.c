/*
 * mem.c — see mem.h.  The countdown is an atomic so threaded code paths can
 * be swept too; with the hook off (fail_at < 0) the cost is one load.
 */
#include "util/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static atomic_long fail_at = -1; /* allocation number that starts failing */
static atomic_long count;        /* allocations since the last reset */

static int should_fail(void)
{
	long at = atomic_load_explicit(&fail_at, memory_order_relaxed);
	long c;
	if (at < 0)
		return 0;
	c = atomic_fetch_add(&count, 1);
	return c >= at;
}

long tides_mem_fail_after(long n)
{
	long c = atomic_exchange(&count, 0);
	atomic_store(&fail_at, n);
	return c;
}

long tides_mem_count(void)
{
	return atomic_load(&count);
}

void *tides_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *tides_calloc(size_t c, size_t s)
{
	if (should_fail())
		return NULL;
	return calloc(c ? c : 1, s ? s : 1);
}

void *tides_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

int tides_grow(void **p, size_t *cap, size_t need, size_t elsize)
{
	size_t nc;
	void *np;
	if (need <= *cap)
		return 0;
	nc = *cap ? *cap : 64;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return -1;
		nc *= 2;
	}
	if (elsize && nc > SIZE_MAX / elsize)
		return -1;
	np = tides_realloc(*p, nc * elsize);
	if (!np)
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

void tides_free(void *p)
{
	free(p);
}

char *tides_strndup(const char *s, size_t n)
{
	char *d = tides_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *tides_strdup(const char *s)
{
	return tides_strndup(s, strlen(s));
}
