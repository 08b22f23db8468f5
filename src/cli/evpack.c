/*
 * evpack.c — tides_event packed into a byte buffer and back (evpack.h).
 *
 * Why: a tides_event is ~980 bytes of fixed arrays, most of them empty; a chunk
 * holds thousands, and with a store they wait for the store thread after
 * the chunk is written.  Kept as they are, they made a chunk ~6 MB and
 * most of it went through main memory twice.  Packed, the struct's runs
 * of short fields are copied as they are (fixed-size copies, no calls)
 * and each of the six long strings (160 or 96 bytes, mostly a few used)
 * goes as a length byte and its bytes: ~200 bytes an event.  (Every
 * string as length and bytes made ~150 bytes but cost ~900 instructions
 * an event in strnlen and memcpy calls, as much again to unpack.)
 */
#include "cli/evpack.h"

#include <stddef.h>
#include <string.h>

#include "util/banned.h"

#define EV_END(f) (offsetof(tides_event, f) + sizeof ((tides_event *)0)->f)
#define EV_STR(f) { offsetof(tides_event, f), sizeof ((tides_event *)0)->f }
static const struct { unsigned short off, cap; } ev_long[] = {
	EV_STR(issues), EV_STR(doc_id), EV_STR(source_text), EV_STR(verb_text),
	EV_STR(target_text), EV_STR(orig_id),
};
/* the runs: [0, issues), [sentence, source_text), [origin, orig_id),
 * [source_country, end); every other field is one of ev_long */
#define EV_RUN1 offsetof(tides_event, issues)
#define EV_RUN2 (offsetof(tides_event, source_text) - offsetof(tides_event, sentence))
#define EV_RUN3 (offsetof(tides_event, orig_id) - offsetof(tides_event, origin))
#define EV_RUN4 (sizeof(tides_event) - offsetof(tides_event, source_country))
_Static_assert(EV_END(issues) == offsetof(tides_event, doc_id) &&
               EV_END(doc_id) <= offsetof(tides_event, sentence) &&
               EV_END(source_text) == offsetof(tides_event, verb_text) &&
               EV_END(verb_text) == offsetof(tides_event, target_text) &&
               EV_END(target_text) <= offsetof(tides_event, origin) &&
               EV_END(orig_id) <= offsetof(tides_event, source_country),
               "evpack's runs and long strings must cover tides_event");
#define EV_PACK_MAX sizeof(tides_event)

int evpack_add(tides_buf *pk, const tides_event *ev)
{
	const char *e = (const char *)ev;
	char *p;
	size_t i;
	if (tides_buf_grow(pk, EV_PACK_MAX) < 0)
		return -1;
	p = pk->s + pk->len;
	memcpy(p, e, EV_RUN1);
	p += EV_RUN1;
	memcpy(p, e + offsetof(tides_event, sentence), EV_RUN2);
	p += EV_RUN2;
	memcpy(p, e + offsetof(tides_event, origin), EV_RUN3);
	p += EV_RUN3;
	memcpy(p, e + offsetof(tides_event, source_country), EV_RUN4);
	p += EV_RUN4;
	for (i = 0; i < sizeof ev_long / sizeof ev_long[0]; i++) {
		const char *f = e + ev_long[i].off;
		size_t n = strnlen(f, ev_long[i].cap - 1u); /* < 256: one byte */
		*p++ = (char)(unsigned char)n;
		memcpy(p, f, n);
		p += n;
	}
	pk->len = (size_t)(p - pk->s);
	return 0;
}

const char *evpack_next(const char *p, tides_event *ev)
{
	char *e = (char *)ev;
	size_t i;
	memcpy(e, p, EV_RUN1);
	p += EV_RUN1;
	memcpy(e + offsetof(tides_event, sentence), p, EV_RUN2);
	p += EV_RUN2;
	memcpy(e + offsetof(tides_event, origin), p, EV_RUN3);
	p += EV_RUN3;
	memcpy(e + offsetof(tides_event, source_country), p, EV_RUN4);
	p += EV_RUN4;
	for (i = 0; i < sizeof ev_long / sizeof ev_long[0]; i++) {
		char *f = e + ev_long[i].off;
		size_t n = (unsigned char)*p++;
		memcpy(f, p, n);
		f[n] = '\0';
		p += n;
	}
	return p;
}
