/*
 * hash.h — 64-bit FNV-1a, used for stable event ids and hash tables.
 * Stable across runs, machines and versions: event ids depend on it, so its
 * output must never change (tests pin known values).
 */
#ifndef TIDES_UTIL_HASH_H
#define TIDES_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define TIDES_FNV_OFFSET 0xcbf29ce484222325ULL

uint64_t tides_hash64(uint64_t h, const void *data, size_t n);
uint64_t tides_hash_str(uint64_t h, const char *s);
/* Writes 16 lowercase hex digits and a NUL into out[17]. */
void tides_hash_hex(uint64_t h, char out[17]);

#endif
