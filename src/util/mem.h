/*
 * mem.h — allocation with failure injection.
 *
 * Every library allocation goes through these so tests can make the Nth
 * allocation fail (tides_mem_fail_after) and check that the store and the
 * importers return TIDES_ERR_NOMEM cleanly, without leaks or half-written
 * data.  They behave exactly like malloc/calloc/realloc/free otherwise:
 * NULL on failure, the caller reports it.  The injection counter is the one
 * process-wide setting in tides, as SQLite's test malloc is; it exists only
 * for tests and costs one relaxed atomic load when off.
 */
#ifndef TIDES_UTIL_MEM_H
#define TIDES_UTIL_MEM_H

#include <stddef.h>

void *tides_malloc(size_t n);
void *tides_calloc(size_t count, size_t size);
void *tides_realloc(void *p, size_t n);
void tides_free(void *p);
char *tides_strdup(const char *s);
char *tides_strndup(const char *s, size_t n);
/* Makes room for `need` elements of `elsize` bytes in the array *p of *cap
 * (doubling from 64): 0, or -1 out of memory or overflow, with *p and
 * *cap unchanged. */
int tides_grow(void **p, size_t *cap, size_t need, size_t elsize);

/* Test hook: after `n` more successful allocations, every allocation fails
 * until the hook is reset with a negative n.  Returns the allocation count
 * since the last reset (to size a sweep). */
long tides_mem_fail_after(long n);
long tides_mem_count(void);

#endif
