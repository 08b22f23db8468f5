/*
 * formats.c — one line of GDELT 1.0/2.0, ICEWS, Phoenix or tides' own
 * TSV/JSONL into one tides_event.
 *
 * Column layouts (facts from the public codebooks):
 *  GDELT 1.0  57 columns (historical files, no SOURCEURL) or 58 (daily files):
 *             0 GLOBALEVENTID 1 SQLDATE 5 Actor1Code 6 Actor1Name
 *             7 Actor1CountryCode 15 Actor2Code 16 Actor2Name 17 Actor2CountryCode
 *             26 EventCode 28 EventRootCode 29 QuadClass 30 GoldsteinScale
 *             57 SOURCEURL
 *  GDELT 2.0  61 columns: the same first 35; each geo block gains ADM2Code,
 *             so DATEADDED is 59 and SOURCEURL 60.
 *  ICEWS      20 columns with a header: 0 Event ID 1 Event Date (ISO)
 *             2 Source Name 3 Source Sectors 4 Source Country 5 Event Text
 *             6 CAMEO Code 7 Intensity 8 Target Name 9 Target Sectors
 *             10 Target Country 11 Story ID 12 Sentence Number ...
 *             Event ID alone is not unique in ICEWS (Event ID + Event Date
 *             is), so both go into the event id.  Intensity is ICEWS's
 *             Goldstein-like weight; quads follow the ICEWS convention.
 *  Phoenix    26 columns: 0 EventID 1 Date (YYYYMMDD) 5 SourceActorFull
 *             6 SourceActorEntity 9 TargetActorFull 10 TargetActorEntity
 *             13 EventCode 14 EventRootCode 15 QuadClass 16 GoldsteinScore
 *             17 Issues 23 SentenceID (storyid_N;...) 24 URLs 25 NewsSources.
 *  tides      event_id date source target code root quad goldstein issues
 *             doc_id sentence lang source_text verb_text target_text
 *             [origin orig_id source_country target_country]; TSV with or
 *             without a header (a header maps columns by name), or JSONL
 *             objects with these keys.
 *
 * Rows with a wrong column count, an impossible date, a code that is not
 * CAMEO-shaped (2-4 digits, root 01-20), a NUL byte or invalid UTF-8 in a
 * kept text field are STORE_BAD with a message; nothing is repaired, so
 * what is stored is what the file said.
 */
#include "store/import.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-db.h"
#include "util/buf.h"
#include "util/ctx.h"
#include "util/date.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "split() reads 8 bytes at a time in little-endian order"
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "util/hash.h"
#include "util/utf8.h"
#include "util/banned.h"

static const char *const tides_cols[19] = {
	"event_id", "date", "source", "target", "code", "root", "quad", "goldstein", "issues",
	"doc_id", "sentence", "lang", "source_text", "verb_text", "target_text", "origin",
	"orig_id", "source_country", "target_country",
};

void store_parser_init(store_parser *ps, tides_import_format f)
{
	int i;
	memset(ps, 0, sizeof *ps);
	ps->format = f;
	for (i = 0; i < 19; i++)
		ps->col[i] = -1;
}

/* The tab at p ends field *k: noted when it is one of the wanted ones. */
static inline void split_put(const char **f, size_t *fl, size_t want, size_t *k,
                             const char **start, const char *p)
{
	if (*k < want) {
		f[*k] = *start;
		fl[*k] = (size_t)(p - *start);
	}
	(*k)++;
	*start = p + 1;
}

/* Fields are short (a few bytes on average), so one pass over the bytes
 * beats a memchr call per field (measured: memchr was 14% of an import).
 * With SSE2 (every x86-64) 16 bytes are compared at once and the tab
 * positions come out of one mask; elsewhere 8 bytes at a time: a byte of
 * x = word ^ 0x09.. is zero exactly where the word has a tab, and
 * ((x & 0x7f..) + 0x7f..) | x has its high bit clear exactly in those
 * bytes (no carry crosses a byte, so no false hits).
 * Only fields [0, want) and the last one are located (the others are left
 * unset; want <= STORE_MAX_FIELDS).  Blocks that cannot reach `want` skip
 * the per-tab bound check.  Past `want` the tabs are only counted: the
 * compare masks (-1 per tab) are subtracted from byte counters, summed
 * once per line, and only the block of the last tab is remembered, for
 * where the last field starts.  For GDELT (31 of 58 fields used, ~300
 * bytes) this is a third fewer instructions than a popcount per block and a
 * bound check per tab. */
static size_t split_n(const char *s, size_t n, const char **f, size_t *fl, size_t want)
{
	const uint64_t ones7 = 0x7f7f7f7f7f7f7f7full, tabs = 0x0909090909090909ull;
	const char *start = s;
	size_t k = 0, i = 0;
#if defined(__SSE2__)
	const __m128i tab16 = _mm_set1_epi8('\t');
	for (; i + 16 <= n && k < want; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned hit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab16));
		if (k + 16 <= want) {
			/* no tab of this block can pass `want` */
			for (; hit; hit &= hit - 1) {
				const char *p = s + i + __builtin_ctz(hit);
				f[k] = start;
				fl[k++] = (size_t)(p - start);
				start = p + 1;
			}
		} else {
			for (; hit; hit &= hit - 1)
				split_put(f, fl, want, &k, &start, s + i + __builtin_ctz(hit));
		}
	}
	if (i + 16 <= n) {
		/* k >= want: count.  A byte counter takes at most 255 blocks. */
		const __m128i zero = _mm_setzero_si128();
		__m128i acc = zero;
		size_t last = SIZE_MAX, nb = 0;
		unsigned lastm = 0;
		for (; i + 16 <= n; i += 16) {
			__m128i eq = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), tab16);
			unsigned m = (unsigned)_mm_movemask_epi8(eq);
			acc = _mm_sub_epi8(acc, eq);
			if (m) {
				last = i;
				lastm = m;
			}
			if (++nb == 255) {
				__m128i sum = _mm_sad_epu8(acc, zero);
				k += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
				acc = zero;
				nb = 0;
			}
		}
		{
			__m128i sum = _mm_sad_epu8(acc, zero);
			k += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
		}
		if (last != SIZE_MAX)
			start = s + last + (31 - __builtin_clz(lastm)) + 1;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t w, x, hit;
		memcpy(&w, s + i, 8);
		x = w ^ tabs;
		hit = ~(((x & ones7) + ones7) | x) & ~ones7;
		for (; hit; hit &= hit - 1)
			split_put(f, fl, want, &k, &start, s + i + (__builtin_ctzll(hit) >> 3));
	}
	for (; i < n; i++) {
		if (s[i] == '\t')
			split_put(f, fl, want, &k, &start, s + i);
	}
	if (k < STORE_MAX_FIELDS) {
		f[k] = start;
		fl[k] = (size_t)(s + n - start);
	}
	return k + 1;
}

static size_t split(const char *s, size_t n, const char **f, size_t *fl)
{
	return split_n(s, n, f, fl, STORE_MAX_FIELDS);
}

size_t store_count_fields(const char *line, size_t len)
{
	size_t k = 1;
	const char *p = line, *end = line + len, *t;
	while ((t = memchr(p, '\t', (size_t)(end - p))) != NULL) {
		k++;
		p = t + 1;
	}
	return k;
}

static int bad(char *msg, size_t cap, const char *fmt, ...) TIDES_PRINTF(3, 4);
static int bad(char *msg, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, cap, fmt, ap);
	va_end(ap);
	return STORE_BAD;
}

/* Valid UTF-8 without NUL; the ASCII fast path keeps this off the profile. */
static uint64_t or_bytes(const char *p, size_t n)
{
	size_t i = 0;
	uint64_t acc = 0, w;
	if (n < 8) {
		for (; i < n; i++)
			acc |= (unsigned char)p[i];
		return acc;
	}
	/* 8 bytes at a time (GDELT's URLs are ~100 bytes), the last 8 read
	 * again where they overlap */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		acc |= w;
	}
	memcpy(&w, p + n - 8, 8);
	return acc | w;
}
static int text_ok(const char *p, size_t n)
{
	if ((or_bytes(p, n) & 0x8080808080808080ull) == 0)
		return 1;
	return tides_utf8_check(p, n) == n;
}
static size_t put(char *dst, size_t cap, const char *p, size_t n)
{
	return tides_memcpy_utf8(dst, cap, p, n);
}

static int all_digits(const char *p, size_t n)
{
	size_t i;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/* CAMEO-shaped: 2-4 digits with a root 01..20. */
static int code_ok(const char *p, size_t n)
{
	int root;
	if (n < 2 || n > 4 || !all_digits(p, n))
		return 0;
	root = (p[0] - '0') * 10 + (p[1] - '0');
	return root >= 1 && root <= 20;
}

/* Exact powers of ten (every one up to 1e22 is a double). */
static const double pow10_exact[16] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

static int num(const char *p, size_t n, double *out)
{
	char tmp[48];
	char *end;
	size_t i = 0, nd = 0, frac = 0;
	uint64_t m = 0;
	int neg = 0, dot = 0;
	/* plain decimals ("-2.5", "10") with at most 15 digits: the digits as
	 * an integer over a power of ten are two exact doubles, and one IEEE
	 * division rounds correctly, so this is strtod's result without its
	 * cost (7% of an import); anything else goes to strtod */
	if (n > 0 && (p[0] == '-' || p[0] == '+')) {
		neg = p[0] == '-';
		i = 1;
	}
	for (; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			m = m * 10 + (uint64_t)(p[i] - '0');
			nd++;
			frac += dot;
		} else if (p[i] == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (i == n && nd > 0 && nd <= 15 && !(dot && (p[n - 1] == '.' || frac == nd))) {
		double v = (double)m / pow10_exact[frac];
		*out = neg ? -v : v;
		return 1;
	}
	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	*out = strtod(tmp, &end);
	return *end == '\0' && !isnan(*out) && !isinf(*out);
}

static int inum(const char *p, size_t n, long *out)
{
	char tmp[24];
	char *end;
	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	*out = strtol(tmp, &end, 10);
	return *end == '\0';
}

/* The text of a date the parsers already validated: YYYYMMDD or
 * YYYY-MM-DD in, YYYY-MM-DD out, no printf on the hot path. */
static void put_date(char out[11], const char *p, size_t n)
{
	if (n == 8) {
		memcpy(out, p, 4);
		out[4] = '-';
		memcpy(out + 5, p + 4, 2);
		out[7] = '-';
		memcpy(out + 8, p + 6, 2);
	} else {
		memcpy(out, p, 10);
	}
	out[10] = '\0';
}

/* Only the fields a parser may leave untouched are reset: cheaper than
 * clearing the whole (1.3 kB) event for every row. */
static void ev_reset(tides_event *ev)
{
	ev->event_id[0] = ev->source[0] = ev->target[0] = ev->code[0] = ev->root[0] = '\0';
	ev->issues[0] = ev->doc_id[0] = ev->lang[0] = '\0';
	ev->source_text[0] = ev->verb_text[0] = ev->target_text[0] = '\0';
	ev->origin[0] = ev->orig_id[0] = ev->source_country[0] = ev->target_country[0] = '\0';
	ev->quad = 0;
	ev->sentence = 0;
	ev->goldstein = NAN;
}

static void set_code(tides_event *ev, const char *p, size_t n)
{
	memcpy(ev->code, p, n);
	ev->code[n] = '\0';
	ev->root[0] = p[0];
	ev->root[1] = p[1];
	ev->root[2] = '\0';
}

/* The codebook's Goldstein weight when a row has none; the row's own root
 * and quad stay. */
static void cameo_weight(tides_event *ev)
{
	char root[3];
	int quad = ev->quad;
	memcpy(root, ev->root, 3);
	tides_cameo_fill(ev, TIDES_QUAD_GDELT);
	memcpy(ev->root, root, 3);
	ev->quad = quad;
}

/* tides_hash_hex's avalanche (util/hash.c; event ids on disk depend on
 * it, so it never changes): the id's value is kept for the column builder,
 * which would otherwise read the 16 hex digits back (5% of an import). */
static uint64_t id_mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/* The id's value (kept for the column builder) and its 16 hex digits,
 * two digits per table lookup. */
static void set_id(store_parser *ps, tides_event *ev, uint64_t h)
{
	static const char hex2[513] =
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
	uint64_t v = ps->id = id_mix(h);
	int i;
	for (i = 14; i >= 0; i -= 2) {
		memcpy(ev->event_id + i, hex2 + 2 * (v & 255), 2);
		v >>= 8;
	}
	ev->event_id[16] = '\0';
}

static void make_id(store_parser *ps, tides_event *ev, const char *extra)
{
	uint64_t h = TIDES_FNV_OFFSET;
	if (ps->one_a_day) {
		h = tides_hash_str(h, "one-a-day\t");
		h = tides_hash_str(h, ev->date);
		h = tides_hash64(h, "\t", 1);
		h = tides_hash_str(h, ev->source);
		h = tides_hash64(h, "\t", 1);
		h = tides_hash_str(h, ev->target);
		h = tides_hash64(h, "\t", 1);
		h = tides_hash_str(h, ev->code);
	} else {
		h = tides_hash_str(h, ev->origin);
		h = tides_hash64(h, "\t", 1);
		h = tides_hash_str(h, ev->orig_id);
		if (extra) {
			h = tides_hash64(h, "\t", 1);
			h = tides_hash_str(h, extra);
		}
	}
	set_id(ps, ev, h);
}

/* make_id for the importers that know the lengths of origin and orig_id
 * (the same hash: FNV-1a over "origin\torig_id"), without reading them
 * again. */
static void make_id_len(store_parser *ps, tides_event *ev, size_t olen, size_t idlen)
{
	uint64_t h;
	if (ps->one_a_day) {
		make_id(ps, ev, NULL);
		return;
	}
	h = tides_hash64(TIDES_FNV_OFFSET, ev->origin, olen);
	h = tides_hash64(h, "\t", 1);
	set_id(ps, ev, tides_hash64(h, ev->orig_id, idlen));
}

/* CAMEO country code -> ISO-3 through a small cache in the parser: rows
 * repeat a few hundred codes, and the bisection with strncmp showed in the
 * profile.  Two-way: a key is in its slot or the slot's pair, the newer
 * one first; direct-mapped, two hot keys in one slot kept missing (one
 * GDELT lookup in ten with 64 slots, one in 25 with 256).  Returns "" for
 * no country. */
static const char *cameo_iso(store_parser *ps, const char *c, size_t n)
{
	uint32_t key;
	unsigned slot;
	const char *iso;
	if (n < 3)
		return "";
	key = 1u << 24 | (uint32_t)(unsigned char)c[0] << 16 | (uint32_t)(unsigned char)c[1] << 8 |
	      (unsigned char)c[2];
	slot = ((key * 2654435761u) >> 24) & ~1u; /* 128 pairs */
	if (ps->ckey[slot] == key)
		return ps->cval[slot];
	if (ps->ckey[slot + 1] == key)
		return ps->cval[slot + 1];
	iso = store_country_by_cameo(c, n);
	ps->ckey[slot + 1] = ps->ckey[slot];
	memcpy(ps->cval[slot + 1], ps->cval[slot], 4);
	memcpy(ps->cval[slot], iso, strlen(iso) + 1);
	ps->ckey[slot] = key;
	return ps->cval[slot];
}

static void country_from(store_parser *ps, char out[4], const char *cc, size_t ccn,
                         const char *actor, size_t an)
{
	const char *iso = cameo_iso(ps, cc, ccn);
	if (!iso[0])
		iso = cameo_iso(ps, actor, an);
	memcpy(out, iso, strlen(iso) + 1); /* "" is a 1-byte literal: never copy 4 */
}

/* YYYYMMDD to a day number, remembering the last date: GDELT and Phoenix
 * files come a day (or a month) at a time, so most rows repeat the date
 * of the row before. */
static int32_t ymd8_day(store_parser *ps, const char *p, size_t n)
{
	uint64_t key;
	int32_t day;
	if (n != 8)
		return tides_date_parse_ymd8(p, n);
	memcpy(&key, p, 8);
	if (key == ps->date8 && key != 0)
		return ps->date8_day;
	if ((day = tides_date_parse_ymd8(p, n)) != TIDES_DATE_NONE) {
		ps->date8 = key;
		ps->date8_day = day;
	}
	return day;
}

#define F(i) f[i], fl[i]

/* ---------------------------------------------------------------- GDELT */

static int parse_gdelt(store_parser *ps, const char *line, size_t len, tides_event *ev, char *msg,
                       size_t cap)
{
	const char *f[STORE_MAX_FIELDS];
	size_t fl[STORE_MAX_FIELDS];
	size_t nf = split_n(line, len, f, fl, 31); /* fields 0-30 and the last are read */
	int g2 = ps->format == TIDES_IMPORT_GDELT2;
	int32_t day;
	size_t url = 0;
	double g;

	if (g2 ? nf != 61 : (nf != 57 && nf != 58))
		return bad(msg, cap, "expected %s columns, found %zu", g2 ? "61" : "57 or 58", nf);
	if (!all_digits(F(0)) || fl[0] > 20)
		return bad(msg, cap, "bad event id '%.*s'", (int)(fl[0] > 40 ? 40 : fl[0]), f[0]);
	if ((day = ymd8_day(ps, F(1))) == TIDES_DATE_NONE)
		return bad(msg, cap, "bad date '%.*s'", (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
	if (!code_ok(F(26)))
		return bad(msg, cap, "bad event code '%.*s'", (int)(fl[26] > 40 ? 40 : fl[26]), f[26]);
	if (nf == 58 || nf == 61)
		url = nf - 1;
	/* all ASCII (the usual case) is decided with one test */
	if (((or_bytes(F(5)) | or_bytes(F(6)) | or_bytes(F(15)) | or_bytes(F(16)) |
	      (url ? or_bytes(F(url)) : 0)) & 0x8080808080808080ull) &&
	    (!text_ok(F(5)) || !text_ok(F(6)) || !text_ok(F(15)) || !text_ok(F(16)) ||
	     (url && !text_ok(F(url)))))
		return bad(msg, cap, "invalid UTF-8 or NUL in an actor name or URL");
	ev_reset(ev);
	put_date(ev->date, F(1));
	put(ev->source, sizeof ev->source, F(5));
	put(ev->source_text, sizeof ev->source_text, F(6));
	put(ev->target, sizeof ev->target, F(15));
	put(ev->target_text, sizeof ev->target_text, F(16));
	country_from(ps, ev->source_country, F(7), F(5));
	country_from(ps, ev->target_country, F(17), F(15));
	set_code(ev, F(26));
	if (fl[28] == 2 && all_digits(F(28)))
		memcpy(ev->root, f[28], 2);
	if (fl[29] == 1 && f[29][0] >= '1' && f[29][0] <= '4')
		ev->quad = f[29][0] - '0';
	else
		ev->quad = tides_cameo_quad(ev->code, TIDES_QUAD_GDELT);
	if (num(F(30), &g))
		ev->goldstein = g;
	else if (fl[30] == 0)
		cameo_weight(ev);
	else
		return bad(msg, cap, "bad Goldstein value '%.*s'", (int)(fl[30] > 40 ? 40 : fl[30]), f[30]);
	if (url)
		put(ev->doc_id, sizeof ev->doc_id, F(url));
	memcpy(ev->origin, g2 ? "gdelt2" : "gdelt1", 7);
	make_id_len(ps, ev, 6, put(ev->orig_id, sizeof ev->orig_id, F(0)));
	ps->day = day;
	ps->known = 1;
	return STORE_ROW;
}

/* -------------------------------------------------------------- Phoenix */

static int parse_phoenix(store_parser *ps, const char *line, size_t len, tides_event *ev,
                         char *msg, size_t cap)
{
	const char *f[STORE_MAX_FIELDS];
	size_t fl[STORE_MAX_FIELDS];
	size_t nf = split(line, len, f, fl);
	const char *sid, *us;
	size_t sn, i;
	int32_t day;
	double g;
	long q;

	if (nf != 26)
		return bad(msg, cap, "expected 26 columns, found %zu", nf);
	if (fl[0] == 0)
		return bad(msg, cap, "empty event id");
	if ((day = ymd8_day(ps, F(1))) == TIDES_DATE_NONE)
		return bad(msg, cap, "bad date '%.*s'", (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
	if (!code_ok(F(13)))
		return bad(msg, cap, "bad event code '%.*s'", (int)(fl[13] > 40 ? 40 : fl[13]), f[13]);
	if (!text_ok(F(0)) || !text_ok(F(5)) || !text_ok(F(9)) || !text_ok(F(17)) || !text_ok(F(23)))
		return bad(msg, cap, "invalid UTF-8 or NUL in an actor, issue or id");
	ev_reset(ev);
	put_date(ev->date, F(1));
	put(ev->source, sizeof ev->source, F(5));
	put(ev->target, sizeof ev->target, F(9));
	country_from(ps, ev->source_country, F(6), F(5));
	country_from(ps, ev->target_country, F(10), F(9));
	set_code(ev, F(13));
	if (fl[14] == 2 && all_digits(F(14)))
		memcpy(ev->root, f[14], 2);
	if (inum(F(15), &q) && q >= 1 && q <= 4)
		ev->quad = (int)q;
	else
		ev->quad = tides_cameo_quad(ev->code, TIDES_QUAD_GDELT);
	if (num(F(16), &g))
		ev->goldstein = g;
	else if (fl[16] == 0)
		cameo_weight(ev);
	else
		return bad(msg, cap, "bad Goldstein value '%.*s'", (int)(fl[16] > 40 ? 40 : fl[16]), f[16]);
	put(ev->issues, sizeof ev->issues, F(17));
	/* SentenceID: "storyid_N;storyid_N..." — the first names the sentence */
	sid = f[23];
	sn = fl[23];
	for (i = 0; i < sn; i++)
		if (sid[i] == ';')
			break;
	sn = i;
	us = NULL;
	for (i = sn; i > 0; i--)
		if (sid[i - 1] == '_') {
			us = sid + i - 1;
			break;
		}
	if (us && inum(us + 1, (size_t)(sid + sn - us - 1), &q) && q >= 0 && q < 1000000) {
		put(ev->doc_id, sizeof ev->doc_id, sid, (size_t)(us - sid));
		ev->sentence = (int)q;
	} else {
		put(ev->doc_id, sizeof ev->doc_id, sid, sn);
	}
	memcpy(ev->lang, "en", 3);
	memcpy(ev->origin, "phoenix", 8);
	make_id_len(ps, ev, 7, put(ev->orig_id, sizeof ev->orig_id, F(0)));
	ps->day = day;
	ps->known = 1;
	return STORE_ROW;
}

/* ---------------------------------------------------------------- ICEWS */

static void icews_country(char out[4], const char *p, size_t n)
{
	const char *iso = "";
	if (!(n == 2 && p[0] == 'N' && p[1] == 'A')) /* R's missing value */
		iso = store_country_by_name(p, n);
	memcpy(out, iso, strlen(iso) + 1);
}

static int icews_header(const char *line, size_t len)
{
	return len >= 9 && memcmp(line, "Event ID\t", 9) == 0;
}

static int parse_icews(store_parser *ps, const char *line, size_t len, tides_event *ev, char *msg,
                       size_t cap)
{
	const char *f[STORE_MAX_FIELDS];
	size_t fl[STORE_MAX_FIELDS];
	size_t nf;
	int32_t day;
	double g;
	long sn;

	if (icews_header(line, len))
		return STORE_SKIP;
	nf = split(line, len, f, fl);
	if (nf != 20)
		return bad(msg, cap, "expected 20 columns, found %zu", nf);
	if (fl[0] == 0)
		return bad(msg, cap, "empty event id");
	if ((day = tides_date_parse_iso(F(1))) == TIDES_DATE_NONE)
		return bad(msg, cap, "bad date '%.*s'", (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
	if (!code_ok(F(6)))
		return bad(msg, cap, "bad event code '%.*s'", (int)(fl[6] > 40 ? 40 : fl[6]), f[6]);
	if (!text_ok(F(0)) || !text_ok(F(2)) || !text_ok(F(4)) || !text_ok(F(5)) || !text_ok(F(8)) ||
	    !text_ok(F(10)) || !text_ok(F(11)))
		return bad(msg, cap, "invalid UTF-8 or NUL in a name or id");
	ev_reset(ev);
	put_date(ev->date, F(1));
	icews_country(ev->source_country, F(4));
	icews_country(ev->target_country, F(10));
	memcpy(ev->source, ev->source_country, 4);
	memcpy(ev->target, ev->target_country, 4);
	put(ev->source_text, sizeof ev->source_text, F(2));
	put(ev->target_text, sizeof ev->target_text, F(8));
	put(ev->verb_text, sizeof ev->verb_text, F(5));
	set_code(ev, F(6));
	ev->quad = tides_cameo_quad(ev->code, TIDES_QUAD_ICEWS);
	if (num(F(7), &g))
		ev->goldstein = g;
	else if (fl[7] == 0 || (fl[7] == 2 && memcmp(f[7], "NA", 2) == 0))
		cameo_weight(ev);
	else
		return bad(msg, cap, "bad Intensity '%.*s'", (int)(fl[7] > 40 ? 40 : fl[7]), f[7]);
	put(ev->doc_id, sizeof ev->doc_id, F(11));
	if (inum(F(12), &sn) && sn >= 0 && sn < 1000000)
		ev->sentence = (int)sn;
	memcpy(ev->origin, "icews", 6);
	put(ev->orig_id, sizeof ev->orig_id, F(0));
	make_id(ps, ev, ev->date);
	ps->day = day;
	ps->known = 1;
	return STORE_ROW;
}

/* ---------------------------------------------------------------- tides */

static int tides_col(const char *p, size_t n)
{
	int i;
	for (i = 0; i < 19; i++)
		if (strlen(tides_cols[i]) == n && memcmp(tides_cols[i], p, n) == 0)
			return i;
	return -1;
}

/* Sets tides field `k` from text p[0..n). Returns 0 or STORE_BAD. */
static int tides_set(tides_event *ev, int k, const char *p, size_t n, char *msg, size_t cap)
{
	double g;
	long v;
	if (!text_ok(p, n))
		return bad(msg, cap, "invalid UTF-8 or NUL in '%s'", tides_cols[k]);
	switch (k) {
	case 0:
		if (n == 0)
			return 0;
		if (n != 16)
			return bad(msg, cap, "bad event id '%.*s'", (int)(n > 40 ? 40 : n), p);
		memcpy(ev->event_id, p, 16);
		ev->event_id[16] = '\0';
		{
			uint64_t u;
			if (!store_hex_to_u64(ev->event_id, &u))
				return bad(msg, cap, "bad event id '%.16s'", p);
		}
		return 0;
	case 1: {
		int32_t day = tides_date_parse_iso(p, n);
		if (day == TIDES_DATE_NONE)
			day = tides_date_parse_ymd8(p, n);
		if (day == TIDES_DATE_NONE)
			return bad(msg, cap, "bad date '%.*s'", (int)(n > 40 ? 40 : n), p);
		tides_date_format(day, ev->date);
		return 0;
	}
	case 2: put(ev->source, sizeof ev->source, p, n); return 0;
	case 3: put(ev->target, sizeof ev->target, p, n); return 0;
	case 4:
		if (!code_ok(p, n))
			return bad(msg, cap, "bad event code '%.*s'", (int)(n > 40 ? 40 : n), p);
		set_code(ev, p, n);
		return 0;
	case 5:
		if (n == 2 && all_digits(p, n))
			memcpy(ev->root, p, 2);
		return 0;
	case 6:
		if (n == 0)
			return 0;
		if (!inum(p, n, &v) || v < 0 || v > 4)
			return bad(msg, cap, "bad quad '%.*s'", (int)(n > 40 ? 40 : n), p);
		ev->quad = (int)v;
		return 0;
	case 7:
		if (n == 0 || (n == 3 && (memcmp(p, "nan", 3) == 0 || memcmp(p, "NaN", 3) == 0)))
			return 0;
		if (!num(p, n, &g))
			return bad(msg, cap, "bad Goldstein value '%.*s'", (int)(n > 40 ? 40 : n), p);
		ev->goldstein = g;
		return 0;
	case 8: put(ev->issues, sizeof ev->issues, p, n); return 0;
	case 9: put(ev->doc_id, sizeof ev->doc_id, p, n); return 0;
	case 10:
		if (n == 0)
			return 0;
		if (!inum(p, n, &v) || v < 0 || v > 100000000)
			return bad(msg, cap, "bad sentence number '%.*s'", (int)(n > 40 ? 40 : n), p);
		ev->sentence = (int)v;
		return 0;
	case 11: put(ev->lang, sizeof ev->lang, p, n); return 0;
	case 12: put(ev->source_text, sizeof ev->source_text, p, n); return 0;
	case 13: put(ev->verb_text, sizeof ev->verb_text, p, n); return 0;
	case 14: put(ev->target_text, sizeof ev->target_text, p, n); return 0;
	case 15: put(ev->origin, sizeof ev->origin, p, n); return 0;
	case 16: put(ev->orig_id, sizeof ev->orig_id, p, n); return 0;
	case 17: put(ev->source_country, sizeof ev->source_country, p, n); return 0;
	case 18: put(ev->target_country, sizeof ev->target_country, p, n); return 0;
	default: return 0;
	}
}

static int tides_finish(store_parser *ps, tides_event *ev, char *msg, size_t cap)
{
	int quad = ev->quad;
	double g = ev->goldstein;
	if (!ev->date[0])
		return bad(msg, cap, "no date");
	if (!ev->code[0])
		return bad(msg, cap, "no event code");
	if (!ev->origin[0])
		memcpy(ev->origin, "coder", 6);
	if (isnan(g) || quad == 0) {
		char root[3];
		memcpy(root, ev->root, 3);
		tides_cameo_fill(ev, TIDES_QUAD_GDELT);
		if (root[0])
			memcpy(ev->root, root, 3);
		if (quad)
			ev->quad = quad;
		if (!isnan(g))
			ev->goldstein = g;
	}
	if (!ev->source_country[0])
		country_from(ps, ev->source_country, "", 0, ev->source, strlen(ev->source));
	if (!ev->target_country[0])
		country_from(ps, ev->target_country, "", 0, ev->target, strlen(ev->target));
	if (ps->one_a_day || !ev->event_id[0]) {
		if (!ps->one_a_day) {
			/* no id: the content names the event */
			char extra[TIDES_ID_MAX + 2 * TIDES_ACTOR_MAX + 40];
			snprintf(extra, sizeof extra, "%s\t%d\t%s\t%s\t%s", ev->doc_id, ev->sentence,
			         ev->source, ev->target, ev->code);
			if (!ev->orig_id[0])
				memcpy(ev->orig_id, "", 1);
			make_id(ps, ev, extra);
		} else {
			make_id(ps, ev, NULL);
		}
	}
	return STORE_ROW;
}

static int parse_tides_tsv(store_parser *ps, const char *line, size_t len, tides_event *ev,
                           char *msg, size_t cap)
{
	const char *f[STORE_MAX_FIELDS];
	size_t fl[STORE_MAX_FIELDS];
	size_t nf = split(line, len, f, fl), i;
	int k;

	if (len >= 9 && memcmp(line, "event_id\t", 9) == 0) {
		for (k = 0; k < 19; k++)
			ps->col[k] = -1;
		for (i = 0; i < nf && i < STORE_MAX_FIELDS; i++)
			if ((k = tides_col(F(i))) >= 0)
				ps->col[k] = (int)i;
		ps->have_header = (int)nf;
		return STORE_SKIP;
	}
	if (ps->have_header) {
		if (nf != (size_t)ps->have_header)
			return bad(msg, cap, "expected %d columns, found %zu", ps->have_header, nf);
	} else if (nf == 15 || nf == 19) {
		for (k = 0; k < 19; k++)
			ps->col[k] = k < (int)nf ? k : -1;
	} else {
		return bad(msg, cap, "expected 15 or 19 columns, found %zu", nf);
	}
	ev_reset(ev);
	ev->date[0] = '\0';
	for (k = 0; k < 19; k++) {
		int c = ps->col[k];
		if (c < 0)
			continue;
		if (tides_set(ev, k, F(c), msg, cap) == STORE_BAD)
			return STORE_BAD;
	}
	return tides_finish(ps, ev, msg, cap);
}

/* A minimal JSON reader for one flat object per line: string values are
 * decoded (escapes, \u with surrogate pairs) into a bounded buffer;
 * numbers, true, false and null are taken as their text (null = ""). */
static size_t json_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return 0;
	}
	*out = v;
	return 1;
}

/* Reads a JSON string starting at s[i] == '"'; writes up to cap-1 bytes
 * into out (*olen), returns the index after the closing quote or 0. */
static size_t json_str(const char *s, size_t n, size_t i, char *out, size_t cap, size_t *olen)
{
	size_t o = 0;
	i++;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char tmp[4];
		size_t tn = 0;
		if (c == '"') {
			*olen = o;
			return i + 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			unsigned cp;
			if (i + 1 >= n)
				return 0;
			switch (s[i + 1]) {
			case '"': tmp[0] = '"'; tn = 1; break;
			case '\\': tmp[0] = '\\'; tn = 1; break;
			case '/': tmp[0] = '/'; tn = 1; break;
			case 'b': tmp[0] = '\b'; tn = 1; break;
			case 'f': tmp[0] = '\f'; tn = 1; break;
			case 'n': tmp[0] = '\n'; tn = 1; break;
			case 'r': tmp[0] = '\r'; tn = 1; break;
			case 't': tmp[0] = '\t'; tn = 1; break;
			case 'u':
				if (i + 6 > n || !hex4(s + i + 2, &cp))
					return 0;
				i += 4;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					unsigned lo;
					if (i + 8 > n || s[i + 2] != '\\' || s[i + 3] != 'u' ||
					    !hex4(s + i + 4, &lo) || lo < 0xDC00 || lo > 0xDFFF)
						return 0;
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					return 0;
				}
				if (cp == 0)
					return 0;
				if (cp < 0x80) { tmp[0] = (char)cp; tn = 1; }
				else if (cp < 0x800) { tmp[0] = (char)(0xC0 | cp >> 6); tmp[1] = (char)(0x80 | (cp & 63)); tn = 2; }
				else if (cp < 0x10000) { tmp[0] = (char)(0xE0 | cp >> 12); tmp[1] = (char)(0x80 | (cp >> 6 & 63)); tmp[2] = (char)(0x80 | (cp & 63)); tn = 3; }
				else { tmp[0] = (char)(0xF0 | cp >> 18); tmp[1] = (char)(0x80 | (cp >> 12 & 63)); tmp[2] = (char)(0x80 | (cp >> 6 & 63)); tmp[3] = (char)(0x80 | (cp & 63)); tn = 4; }
				break;
			default:
				return 0;
			}
			i += 2;
		} else {
			tmp[0] = (char)c;
			tn = 1;
			i++;
		}
		if (o + tn < cap) {
			memcpy(out + o, tmp, tn);
			o += tn;
		}
	}
	return 0;
}

static int parse_tides_jsonl(store_parser *ps, const char *s, size_t n, tides_event *ev, char *msg,
                             size_t cap)
{
	char key[32], val[1024];
	size_t i, kl, vl;

	ev_reset(ev);
	ev->date[0] = '\0';
	i = json_ws(s, n, 0);
	if (i == n)
		return STORE_SKIP;
	if (s[i] != '{')
		return bad(msg, cap, "not a JSON object");
	i = json_ws(s, n, i + 1);
	if (i < n && s[i] == '}')
		return bad(msg, cap, "empty JSON object");
	for (;;) {
		int k;
		if (i >= n || s[i] != '"' || !(i = json_str(s, n, i, key, sizeof key, &kl)))
			return bad(msg, cap, "bad JSON: expected a key");
		i = json_ws(s, n, i);
		if (i >= n || s[i] != ':')
			return bad(msg, cap, "bad JSON: expected ':'");
		i = json_ws(s, n, i + 1);
		if (i >= n)
			return bad(msg, cap, "bad JSON: missing value");
		if (s[i] == '"') {
			if (!(i = json_str(s, n, i, val, sizeof val, &vl)))
				return bad(msg, cap, "bad JSON string");
		} else {
			size_t st = i;
			while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ' ' && s[i] != '\t')
				i++;
			vl = i - st;
			if (vl == 0 || vl >= sizeof val || s[st] == '{' || s[st] == '[')
				return bad(msg, cap, "bad JSON value");
			memcpy(val, s + st, vl);
			if (vl == 4 && memcmp(val, "null", 4) == 0)
				vl = 0;
		}
		val[vl] = '\0';
		k = tides_col(key, kl);
		if (k >= 0 && tides_set(ev, k, val, vl, msg, cap) == STORE_BAD)
			return STORE_BAD;
		i = json_ws(s, n, i);
		if (i < n && s[i] == ',') {
			i = json_ws(s, n, i + 1);
			continue;
		}
		if (i < n && s[i] == '}') {
			i = json_ws(s, n, i + 1);
			if (i != n)
				return bad(msg, cap, "bad JSON: text after the object");
			break;
		}
		return bad(msg, cap, "bad JSON: expected ',' or '}'");
	}
	return tides_finish(ps, ev, msg, cap);
}

/* ------------------------------------------------------------- dispatch */

tides_import_format store_detect_format(const char *line, size_t len)
{
	size_t nf, i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < len && line[i] == '{')
		return TIDES_IMPORT_TIDES;
	if (len >= 9 && memcmp(line, "event_id\t", 9) == 0)
		return TIDES_IMPORT_TIDES;
	if (len >= 9 && memcmp(line, "Event ID\t", 9) == 0)
		return TIDES_IMPORT_ICEWS;
	nf = store_count_fields(line, len);
	switch (nf) {
	case 57: case 58: return TIDES_IMPORT_GDELT1;
	case 61: return TIDES_IMPORT_GDELT2;
	case 26: return TIDES_IMPORT_PHOENIX;
	case 20: return TIDES_IMPORT_ICEWS;
	case 15: case 19: return TIDES_IMPORT_TIDES;
	default: return TIDES_IMPORT_AUTO;
	}
}

static int blank(const char *line, size_t len, size_t *at)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			break;
	*at = i;
	return i == len;
}

int store_line_skips(const store_parser *ps, const char *line, size_t len)
{
	size_t i;
	/* exactly the STORE_SKIP cases of store_parse_line for these formats,
	 * in its order (a NUL makes a header line bad, not skipped) */
	if (blank(line, len, &i))
		return 1;
	if (ps->format == TIDES_IMPORT_ICEWS)
		return icews_header(line, len) && !memchr(line, '\0', len);
	return 0;
}

int store_parse_line(store_parser *ps, const char *line, size_t len, tides_event *ev, char *msg,
                     size_t msgcap)
{
	size_t i;
	ps->known = 0;
	if (blank(line, len, &i))
		return STORE_SKIP; /* blank line */
	if (memchr(line, '\0', len))
		return bad(msg, msgcap, "NUL byte in line");
	switch (ps->format) {
	case TIDES_IMPORT_GDELT1:
	case TIDES_IMPORT_GDELT2:
		return parse_gdelt(ps, line, len, ev, msg, msgcap);
	case TIDES_IMPORT_ICEWS:
		return parse_icews(ps, line, len, ev, msg, msgcap);
	case TIDES_IMPORT_PHOENIX:
		return parse_phoenix(ps, line, len, ev, msg, msgcap);
	case TIDES_IMPORT_TIDES:
		if (line[i] == '{' || line[i] == '[')
			return parse_tides_jsonl(ps, line, len, ev, msg, msgcap);
		return parse_tides_tsv(ps, line, len, ev, msg, msgcap);
	default:
		return bad(msg, msgcap, "unknown format");
	}
}
