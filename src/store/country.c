/*
 * country.c — country names and CAMEO country codes to ISO-3.
 *
 * The tables are data (data/countries.tsv), compiled in as two sorted
 * arrays by src/store/gen-countries.awk, so lookups are bisections with no
 * start-up cost and no file to find at run time.  Names compare after ASCII
 * lowercasing and trimming; non-ASCII bytes compare as they are (the table
 * lists accented and unaccented spellings both).
 */
#include "store/store-db.h"

#include <stdint.h>

#include "util/banned.h"

extern const char *const tides_country_names_[][2];
extern const size_t tides_country_nnames_;
extern const char *const tides_country_codes_[][2];
extern const size_t tides_country_ncodes_;

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* strcmp of a table key against s[0..n) lowercased. */
static int cmp_lower(const char *key, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		int a = (unsigned char)key[i], b = lower((unsigned char)s[i]);
		if (a == 0)
			return -1;
		if (a != b)
			return a - b;
	}
	return key[n] ? 1 : 0;
}

/* Bisection of the names table (sorted bytewise, keys lowercased). */
static const char *find_name(const char *s, size_t n)
{
	size_t lo = 0, hi = tides_country_nnames_;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_lower(tides_country_names_[mid][0], s, n);
		if (c == 0)
			return tides_country_names_[mid][1];
		if (c > 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return "";
}

const char *store_country_by_name(const char *name, size_t n)
{
	while (n && (*name == ' ' || *name == '\t')) {
		name++;
		n--;
	}
	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 80)
		return "";
	return find_name(name, n);
}

/* The three bytes of a code as one number, in strcmp's order. */
static uint32_t code3(const char *s)
{
	return (uint32_t)(unsigned char)s[0] << 16 | (uint32_t)(unsigned char)s[1] << 8 |
	       (unsigned char)s[2];
}

/* Every coded event looks up both actors, so the bisection compares the
 * three bytes as one number instead of calling strncmp (780 instructions
 * an event for the two lookups, callgrind on `code --db`).  Every key is
 * three letters (gen-countries.awk checks), and code[0..3) holds no NUL
 * (n >= 3), so the numbers order as strncmp(key, code, 3) did. */
const char *store_country_by_cameo(const char *code, size_t n)
{
	size_t lo = 0, hi = tides_country_ncodes_;
	uint32_t k;
	if (n < 3)
		return "";
	k = code3(code);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t m = code3(tides_country_codes_[mid][0]);
		if (m == k)
			return tides_country_codes_[mid][1];
		if (m > k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return "";
}
