/*
 * writer.c — events out, as TSV or JSON Lines, and their stable ids.
 *
 * One column set everywhere (README "Input formats and output"):
 *   event_id date source target code root quad goldstein issues doc_id
 *   sentence lang source_text verb_text target_text
 * TSV has a header line and no quoting: tab, newline, CR and backslash in
 * text fields are written as \t \n \r \\ so every event is one line and a
 * field never splits.  Unknown quad (0) and goldstein (NaN) are empty in
 * TSV and null in JSON.  The event id hashes the fields that identify an
 * event, each followed by its NUL, so ("ab","c") and ("a","bc") differ.
 */
#include "tides.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text/text.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/banned.h"

/* The coder's 15 columns, then the store's 4 provenance columns. */
static const char *const columns[] = {
	"event_id", "date", "source", "target", "code", "root", "quad", "goldstein", "issues",
	"doc_id", "sentence", "lang", "source_text", "verb_text", "target_text",
	"origin", "orig_id", "source_country", "target_country",
};

void text_event_tsv_header(FILE *out, int flags)
{
	size_t i, n = flags & TEXT_EVENT_PROVENANCE ? 19 : 15;
	for (i = 0; i < n; i++) {
		if (i)
			fputc('\t', out);
		fputs(columns[i], out);
	}
	fputc('\n', out);
}

void tides_event_tsv_header(FILE *out)
{
	text_event_tsv_header(out, 0);
}

/* The line is built in memory and written at once: one fputc per byte
 * cost a fifth of `tides code` (and more on an open_memstream). */
static char *put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define PUTS(p, lit) put((p), (lit), sizeof(lit) - 1)

static char *put_u64(char *p, unsigned long long u)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_int(char *p, int v)
{
	if (v < 0)
		*p++ = '-';
	return put_u64(p, v < 0 ? 0u - (unsigned)v : (unsigned)v);
}

/* printf's "%.1f", byte for byte.  snprintf was 2,100 of the 2,500
 * instructions of an event line (callgrind, `code --db`), so values below
 * 1e14 (every Goldstein weight) are rounded here: k = round(|g| * 10) is
 * off by at most one, and the sign of |g| * 20 - (2k +- 1), computed by
 * fma with one rounding (so its sign is exact; 2k + 1 < 2^53 is exact
 * below 1e14, not much above it), says whether |g| lies
 * below or above the midpoints (k +- 0.5) / 10.  printf rounds the exact
 * binary value, and a value exactly on a midpoint (0.25, 0.75...) to the
 * even digit: there |g| * 10 is exact, and nearbyint rounds it to even.  The
 * sign is printed whenever it is set, as printf does ("-0.0" for -0.04).
 * NaN, infinities and huge values take snprintf. */
static char *put_goldstein(char *p, double g)
{
	char tmp[400]; /* %.1f of the largest double: 309 digits and more */
	int n;
	double a = fabs(g);
	if (a < 1e14) {
		double k = nearbyint(a * 10.0), lo = fma(a, 20.0, -(2.0 * k - 1.0)),
		       hi = fma(a, 20.0, -(2.0 * k + 1.0));
		unsigned long long u;
		if (lo < 0)
			k -= 1.0;
		else if (hi > 0)
			k += 1.0;
		u = (unsigned long long)k;
		if (signbit(g))
			*p++ = '-';
		p = put_u64(p, u / 10);
		*p++ = '.';
		*p++ = (char)('0' + u % 10);
		return p;
	}
	n = snprintf(tmp, sizeof tmp, "%.1f", g);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof tmp)
		n = (int)sizeof tmp - 1;
	return put(p, tmp, (size_t)n);
}

static char *tsv_field(char *p, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': p = PUTS(p, "\\t"); break;
		case '\n': p = PUTS(p, "\\n"); break;
		case '\r': p = PUTS(p, "\\r"); break;
		case '\\': p = PUTS(p, "\\\\"); break;
		default: *p++ = *s;
		}
	}
	return p;
}

static char *tsv_line(char *p, const tides_event *ev, int prov)
{
	p = tsv_field(p, ev->event_id); *p++ = '\t';
	p = tsv_field(p, ev->date); *p++ = '\t';
	p = tsv_field(p, ev->source); *p++ = '\t';
	p = tsv_field(p, ev->target); *p++ = '\t';
	p = tsv_field(p, ev->code); *p++ = '\t';
	p = tsv_field(p, ev->root); *p++ = '\t';
	if (ev->quad >= 1 && ev->quad <= 4)
		p = put_int(p, ev->quad);
	*p++ = '\t';
	if (!isnan(ev->goldstein))
		p = put_goldstein(p, ev->goldstein);
	*p++ = '\t';
	p = tsv_field(p, ev->issues); *p++ = '\t';
	p = tsv_field(p, ev->doc_id); *p++ = '\t';
	p = put_int(p, ev->sentence); *p++ = '\t';
	p = tsv_field(p, ev->lang); *p++ = '\t';
	p = tsv_field(p, ev->source_text); *p++ = '\t';
	p = tsv_field(p, ev->verb_text); *p++ = '\t';
	p = tsv_field(p, ev->target_text);
	if (prov) {
		*p++ = '\t';
		p = tsv_field(p, ev->origin); *p++ = '\t';
		p = tsv_field(p, ev->orig_id); *p++ = '\t';
		p = tsv_field(p, ev->source_country); *p++ = '\t';
		p = tsv_field(p, ev->target_country);
	}
	*p++ = '\n';
	return p;
}

/* ,"name":"value" (no comma first when !comma) */
static char *json_str(char *p, const char *name, const char *s, int comma)
{
	static const char hex[] = "0123456789abcdef";
	if (comma)
		*p++ = ',';
	*p++ = '"';
	p = put(p, name, strlen(name));
	p = PUTS(p, "\":\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': p = PUTS(p, "\\\""); break;
		case '\\': p = PUTS(p, "\\\\"); break;
		case '\n': p = PUTS(p, "\\n"); break;
		case '\r': p = PUTS(p, "\\r"); break;
		case '\t': p = PUTS(p, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7F) {
				p = PUTS(p, "\\u00");
				*p++ = hex[c >> 4];
				*p++ = hex[c & 15];
			} else {
				*p++ = (char)c;
			}
		}
	}
	*p++ = '"';
	return p;
}

static char *jsonl_line(char *p, const tides_event *ev, int prov)
{
	*p++ = '{';
	p = json_str(p, "event_id", ev->event_id, 0);
	p = json_str(p, "date", ev->date, 1);
	p = json_str(p, "source", ev->source, 1);
	p = json_str(p, "target", ev->target, 1);
	p = json_str(p, "code", ev->code, 1);
	p = json_str(p, "root", ev->root, 1);
	if (ev->quad >= 1 && ev->quad <= 4) {
		p = PUTS(p, ",\"quad\":");
		p = put_int(p, ev->quad);
	} else {
		p = PUTS(p, ",\"quad\":null");
	}
	if (!isnan(ev->goldstein) && !isinf(ev->goldstein)) {
		p = PUTS(p, ",\"goldstein\":");
		p = put_goldstein(p, ev->goldstein);
	} else {
		p = PUTS(p, ",\"goldstein\":null");
	}
	p = json_str(p, "issues", ev->issues, 1);
	p = json_str(p, "doc_id", ev->doc_id, 1);
	p = PUTS(p, ",\"sentence\":");
	p = put_int(p, ev->sentence);
	p = json_str(p, "lang", ev->lang, 1);
	p = json_str(p, "source_text", ev->source_text, 1);
	p = json_str(p, "verb_text", ev->verb_text, 1);
	p = json_str(p, "target_text", ev->target_text, 1);
	if (prov) {
		p = json_str(p, "origin", ev->origin, 1);
		p = json_str(p, "orig_id", ev->orig_id, 1);
		p = json_str(p, "source_country", ev->source_country, 1);
		p = json_str(p, "target_country", ev->target_country, 1);
	}
	p = PUTS(p, "}\n");
	return p;
}

size_t text_event_line(char *dst, const tides_event *ev, int flags)
{
	int prov = (flags & TEXT_EVENT_PROVENANCE) != 0;
	char *end = flags & TEXT_EVENT_JSONL ? jsonl_line(dst, ev, prov) : tsv_line(dst, ev, prov);
	return (size_t)(end - dst);
}

int text_event_append(tides_buf *b, const tides_event *ev, int flags)
{
	if (tides_buf_grow(b, TEXT_EVENT_LINE_MAX) < 0)
		return -1;
	b->len += text_event_line(b->s + b->len, ev, flags);
	b->s[b->len] = '\0';
	return 0;
}

void tides_event_write_tsv(FILE *out, const tides_event *ev)
{
	char line[TEXT_EVENT_LINE_MAX];
	fwrite(line, 1, text_event_line(line, ev, TEXT_EVENT_TSV), out);
}

void tides_event_write_jsonl(FILE *out, const tides_event *ev)
{
	char line[TEXT_EVENT_LINE_MAX];
	fwrite(line, 1, text_event_line(line, ev, TEXT_EVENT_JSONL), out);
}

static uint64_t field(uint64_t h, const char *s)
{
	/* the terminating NUL separates fields unambiguously */
	return tides_hash64(h, s, strlen(s) + 1);
}

void tides_event_make_id(tides_event *ev)
{
	uint64_t h = TIDES_FNV_OFFSET;
	char num[24];
	*put_int(num, ev->sentence) = '\0'; /* "%d": 14% of the caller's thread of code --db in snprintf */
	h = field(h, ev->date);
	h = field(h, ev->doc_id);
	h = field(h, num);
	h = field(h, ev->source);
	h = field(h, ev->target);
	h = field(h, ev->code);
	h = field(h, ev->origin);
	h = field(h, ev->orig_id);
	tides_hash_hex(h, ev->event_id);
}
