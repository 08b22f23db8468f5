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

#include <string.h>

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

static const char *find(const char *const table[][2], size_t count, const char *s, size_t n,
                        int fold)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = fold ? cmp_lower(table[mid][0], s, n) : strncmp(table[mid][0], s, n);
		if (!fold && c == 0 && table[mid][0][n])
			c = 1;
		if (c == 0)
			return table[mid][1];
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
	return find(tides_country_names_, tides_country_nnames_, name, n, 1);
}

const char *store_country_by_cameo(const char *code, size_t n)
{
	if (n < 3)
		return "";
	return find(tides_country_codes_, tides_country_ncodes_, code, 3, 0);
}
