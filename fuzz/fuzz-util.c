/* Fuzz target: UTF-8 decoding/scrubbing and the date parsers on raw bytes.
 * Invariants checked: scrub leaves valid NUL-free UTF-8 of the same length;
 * any parsed date formats back to a string that parses to the same day. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char out[11];
	int32_t d;
	size_t i;
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	d = tides_date_parse_any(s, size);
	if (d != TIDES_DATE_NONE) {
		tides_date_format(d, out);
		if (tides_date_parse_iso(out, 10) != d)
			abort();
	}
	tides_utf8_scrub(s, size);
	if (tides_utf8_check(s, size) != size)
		abort();
	for (i = 0; i < size; i++)
		if (s[i] == '\0')
			abort();
	free(s);
	return 0;
}
