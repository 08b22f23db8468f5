/*
 * hash.c — FNV-1a 64.  Chosen for being tiny, byte-order independent and
 * fully specified, so an event id computed today is the same next year.
 * A final avalanche (from splitmix64) spreads the low bits for tables.
 */
#include "util/hash.h"

#include <string.h>

#include "util/banned.h"

uint64_t tides_hash64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t tides_hash_str(uint64_t h, const char *s)
{
	return tides_hash64(h, s, strlen(s));
}

void tides_hash_hex(uint64_t h, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	int i;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	for (i = 15; i >= 0; i--) {
		out[i] = hex[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}
