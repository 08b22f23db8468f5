/*
 * test-seg.c — columnar segments (src/store/seg.c): encode/decode round
 * trip, first row kept for a repeated id, dictionary widths, every damaged
 * byte of a blob either refused or decoded within bounds, and allocation
 * failures at every point of the encoder and of the store's segment
 * readers (export, index scan, stats) reported as TIDES_ERR_NOMEM.
 * TSG2: each column kind round trips and is chosen at its boundaries
 * (day spans, distinct Goldstein values, canonical decimals), damaged
 * TSG2 fields are refused, and a TSG1 blob written by the old encoder
 * (seg-tsg1.h) still decodes.  Garbage after a field's NUL never
 * changes a segment.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "store/seg.h"
#include "store/store-db.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/mem.h"
#include "test.h"
#include "seg-tsg1.h"

static void make_event(tides_event *ev, long i, long id)
{
	unsigned long u = (unsigned long)i;
	tides_event_init(ev);
	tides_hash_hex(tides_hash64(TIDES_FNV_OFFSET, &id, sizeof id), ev->event_id);
	snprintf(ev->date, sizeof ev->date, "20%02lu-%02lu-%02lu", 10 + u % 9, 1 + u % 12, 1 + u % 28);
	snprintf(ev->source, sizeof ev->source, "%sGOV", i % 3 ? "RUS" : "USA");
	snprintf(ev->target, sizeof ev->target, "%s", i % 5 ? "GEO" : "UKRMIL");
	snprintf(ev->code, sizeof ev->code, "%03ld", 10 + i % 190);
	memcpy(ev->root, ev->code, 2);
	ev->root[2] = '\0';
	ev->quad = (int)(i % 5);
	ev->goldstein = i % 7 ? (double)(i % 21) - 10.0 : NAN;
	snprintf(ev->issues, sizeof ev->issues, "%s", i % 4 ? "" : "ECONOMY,PEACE");
	snprintf(ev->doc_id, sizeof ev->doc_id, "http://example.org/%ld", i / 3);
	ev->sentence = (int)(i % 9);
	snprintf(ev->lang, sizeof ev->lang, "%s", i % 2 ? "en" : "zh");
	snprintf(ev->source_text, sizeof ev->source_text, "%s", i % 2 ? "Russia" : "\xe4\xbf\x84\xe7\xbd\x97\xe6\x96\xaf");
	snprintf(ev->verb_text, sizeof ev->verb_text, "met %ld", i);
	snprintf(ev->target_text, sizeof ev->target_text, "%s", "");
	snprintf(ev->origin, sizeof ev->origin, "%s", i % 2 ? "gdelt1" : "coder");
	snprintf(ev->orig_id, sizeof ev->orig_id, "%ld", 1000 + i);
	snprintf(ev->source_country, sizeof ev->source_country, "%s", i % 3 ? "RUS" : "USA");
	snprintf(ev->target_country, sizeof ev->target_country, "%s", i % 5 ? "GEO" : "");
}

static int same_event(const tides_event *a, const tides_event *b)
{
	return strcmp(a->event_id, b->event_id) == 0 && strcmp(a->date, b->date) == 0 &&
	       strcmp(a->source, b->source) == 0 && strcmp(a->target, b->target) == 0 &&
	       strcmp(a->code, b->code) == 0 && strcmp(a->root, b->root) == 0 && a->quad == b->quad &&
	       (a->goldstein == b->goldstein || (isnan(a->goldstein) && isnan(b->goldstein))) &&
	       strcmp(a->issues, b->issues) == 0 && strcmp(a->doc_id, b->doc_id) == 0 &&
	       a->sentence == b->sentence && strcmp(a->lang, b->lang) == 0 &&
	       strcmp(a->source_text, b->source_text) == 0 && strcmp(a->verb_text, b->verb_text) == 0 &&
	       strcmp(a->target_text, b->target_text) == 0 && strcmp(a->origin, b->origin) == 0 &&
	       strcmp(a->orig_id, b->orig_id) == 0 && strcmp(a->source_country, b->source_country) == 0 &&
	       strcmp(a->target_country, b->target_country) == 0;
}

/* n events; ids repeat every `rep` rows (0: never) */
static int build(tides_buf *out, long n, long rep, seg_info *info)
{
	seg_builder *b = seg_builder_new();
	tides_event ev;
	long i;
	int rc = 0;
	if (!b)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		make_event(&ev, i, rep ? i % rep : i);
		rc = seg_builder_add(b, &ev);
	}
	if (rc == 0)
		rc = seg_builder_encode(b, out, info);
	seg_builder_free(b);
	return rc;
}

static void test_roundtrip(void)
{
	tides_buf blob = TIDES_BUF_INIT;
	seg_info info;
	seg_view v;
	tides_event got, want;
	long i, n = 3000, found = 0;
	T_CHECK(build(&blob, n, 0, &info) == 0);
	T_INTEQ(info.nrows, n);
	T_INTEQ(info.dropped, 0);
	T_CHECK(seg_decode(blob.s, blob.len, &v) == 0);
	T_INTEQ(v.nrows, n);
	/* every input row comes back, whatever order the ids put it in */
	for (i = 0; i < n; i++) {
		uint32_t r;
		make_event(&want, i, i);
		for (r = 0; r < v.nrows; r++) {
			seg_row(&v, r, &got);
			if (strcmp(got.event_id, want.event_id) == 0) {
				found += same_event(&got, &want);
				break;
			}
		}
	}
	T_INTEQ(found, n);
	for (i = 1; i < (long)v.nrows; i++)
		T_CHECK(seg_id(&v, (uint32_t)i - 1) < seg_id(&v, (uint32_t)i));
	/* code has 190 values: one byte indexes; verb_text is a heap */
	T_INTEQ(v.col[SEG_CODE].kind, SEG_K_DICT);
	T_INTEQ(v.col[SEG_CODE].width, 1);
	T_INTEQ(v.col[SEG_VERB_TEXT].kind, SEG_K_HEAP);
	tides_buf_release(&blob);
}

static void test_repeated_ids(void)
{
	tides_buf blob = TIDES_BUF_INIT;
	seg_builder *b = seg_builder_new();
	seg_info info;
	seg_view v;
	tides_event ev, got;
	uint32_t r;
	long i;
	/* rows 0..99 with ids 0..9 repeating: the first row of each id stays */
	for (i = 0; i < 100; i++) {
		make_event(&ev, i, i % 10);
		T_CHECK(seg_builder_add(b, &ev) == 0);
	}
	T_CHECK(seg_builder_encode(b, &blob, &info) == 0);
	T_INTEQ(info.nrows, 10);
	T_INTEQ(info.dropped, 90);
	T_CHECK(seg_decode(blob.s, blob.len, &v) == 0);
	for (r = 0; r < v.nrows; r++) {
		seg_row(&v, r, &got);
		T_CHECK(atol(got.orig_id) < 1010); /* rows 0..9 */
	}
	/* an event without a valid id or date is refused, the builder unchanged */
	make_event(&ev, 1, 1);
	ev.event_id[3] = 'x';
	T_INTEQ(seg_builder_add(b, &ev), -2);
	make_event(&ev, 1, 1);
	memcpy(ev.date, "2012-02-30", 11);
	T_INTEQ(seg_builder_add(b, &ev), -2);
	T_INTEQ(seg_builder_rows(b), 100);
	seg_builder_free(b);
	tides_buf_release(&blob);
}

static void test_wide_dict(void)
{
	tides_buf blob = TIDES_BUF_INIT;
	seg_builder *b = seg_builder_new();
	seg_info info;
	seg_view v;
	tides_event ev, got;
	long i, n = 70000;
	for (i = 0; i < n; i++) {
		make_event(&ev, i, i);
		snprintf(ev.source, sizeof ev.source, "A%ld", i);       /* 70000 values: 4 bytes */
		snprintf(ev.target, sizeof ev.target, "B%ld", i % 300); /* 300 values: 2 bytes */
		T_CHECK(seg_builder_add(b, &ev) == 0);
	}
	T_CHECK(seg_builder_encode(b, &blob, &info) == 0);
	T_CHECK(seg_decode(blob.s, blob.len, &v) == 0);
	T_INTEQ(v.col[SEG_SOURCE].width, 4);
	T_INTEQ(v.col[SEG_TARGET].width, 2);
	seg_row(&v, 12345, &got);
	T_CHECK(got.source[0] == 'A' && atol(got.source + 1) == atol(got.orig_id) - 1000);
	T_CHECK(atol(got.target + 1) == (atol(got.orig_id) - 1000) % 300);
	seg_builder_free(b);
	tides_buf_release(&blob);
}

/* seg_builder_append (import --threads builds the parts of a batch on
 * several workers): parts of any sizes, appended in order into a builder
 * that was reset after use, encode to the same bytes as one builder fed
 * every row, repeated ids and dictionary strings shared across parts
 * included. */
static void test_append_parts(void)
{
	static const long cuts[][4] = {{0, 0, 0, 0}, {1, 2, 3, 0}, {700, 701, 5000, 0}, {2999, 0, 0, 0},
	                               {100, 100, 2000, 2999}};
	tides_buf one = TIDES_BUF_INIT, par = TIDES_BUF_INIT;
	seg_builder *all = seg_builder_new(), *m = seg_builder_new(), *part = seg_builder_new();
	seg_info i1, i2;
	tides_event ev;
	long i, n = 3000;
	size_t c;
	T_CHECK(all && m && part);
	for (i = 0; i < n; i++) {
		make_event(&ev, i, i % 1111);
		snprintf(ev.source, sizeof ev.source, "S%ld", (i * 7) % 401); /* wider than a byte */
		T_CHECK(seg_builder_add(all, &ev) == 0);
	}
	T_CHECK(seg_builder_encode(all, &one, &i1) == 0);
	/* a used builder: appends must not depend on what it held before */
	for (i = 0; i < 50; i++) {
		make_event(&ev, 9000 + i, 9000 + i);
		T_CHECK(seg_builder_add(m, &ev) == 0);
	}
	for (c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
		long from = 0;
		int k;
		seg_builder_reset(m);
		for (k = 0; k <= 4; k++) {
			long to = k < 4 && cuts[c][k] > from ? cuts[c][k] : k < 4 ? from : n;
			if (to > n)
				to = n;
			seg_builder_reset(part);
			for (i = from; i < to; i++) {
				make_event(&ev, i, i % 1111);
				snprintf(ev.source, sizeof ev.source, "S%ld", (i * 7) % 401);
				T_CHECK(seg_builder_add(part, &ev) == 0);
			}
			T_CHECK(seg_builder_append(m, part) == 0);
			from = to;
		}
		T_INTEQ(seg_builder_rows(m), n);
		T_CHECK(seg_builder_encode(m, &par, &i2) == 0);
		T_INTEQ(i2.nrows, i1.nrows);
		T_INTEQ(i2.dropped, i1.dropped);
		T_CHECK(par.len == one.len && memcmp(par.s, one.s, one.len) == 0);
	}
	seg_builder_free(all);
	seg_builder_free(m);
	seg_builder_free(part);
	tides_buf_release(&one);
	tides_buf_release(&par);
}

/* ------------------------------------------------------------ add path */

/* Text fields of an event in SEG_* order. */
static char *ev_text(tides_event *ev, int k, size_t *cap)
{
	char *f[14] = {ev->source, ev->target, ev->code, ev->root, ev->issues, ev->doc_id, ev->lang,
	               ev->source_text, ev->verb_text, ev->target_text, ev->origin, ev->orig_id,
	               ev->source_country, ev->target_country};
	size_t c[14] = {sizeof ev->source, sizeof ev->target, sizeof ev->code, sizeof ev->root,
	                sizeof ev->issues, sizeof ev->doc_id, sizeof ev->lang, sizeof ev->source_text,
	                sizeof ev->verb_text, sizeof ev->target_text, sizeof ev->origin,
	                sizeof ev->orig_id, sizeof ev->source_country, sizeof ev->target_country};
	*cap = c[k];
	return f[k];
}

/* Row i: strings of every length around the 8-byte dictionary keys and
 * the 16-byte heap copies, some sharing their first 8 bytes. */
static void make_len_event(tides_event *ev, long i)
{
	static const char az[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n = (size_t)(i % 32), m = (size_t)(i % 9);
	make_event(ev, i, i);
	memcpy(ev->source, az, n);
	ev->source[n] = '\0';
	if (n > 0)
		ev->source[n - 1] = (char)('a' + (i / 32) % 3);
	memcpy(ev->target, "XYZXYZXY", m);
	ev->target[m] = '\0';
	snprintf(ev->issues, sizeof ev->issues, "%.*s", (int)(i % 40), az);
	snprintf(ev->target_text, sizeof ev->target_text, "%.*s", (int)(i % 19), az + 3);
}

/* seg_builder_add_known of events whose fields hold garbage after
 * their NUL (the add path reads fields a word at a time): the same
 * segment as seg_builder_add of clean events, bit for bit. */
static void test_add_dirty(void)
{
	tides_buf ref = TIDES_BUF_INIT, blob = TIDES_BUF_INIT;
	seg_builder *b = seg_builder_new();
	seg_info info;
	seg_view v;
	tides_event ev, dirty, got;
	long i, n = 3000, same = 0;
	int mode, k;
	T_CHECK(b != NULL);
	for (i = 0; i < n; i++) {
		make_len_event(&ev, i);
		T_CHECK(seg_builder_add(b, &ev) == 0);
	}
	T_CHECK(seg_builder_encode(b, &ref, &info) == 0);
	T_CHECK(seg_decode(ref.s, ref.len, &v) == 0);
	for (i = 0; i < (long)v.nrows; i++) {
		seg_row(&v, (uint32_t)i, &got);
		make_len_event(&ev, strtol(got.orig_id, NULL, 10) - 1000);
		same += same_event(&got, &ev);
	}
	T_INTEQ(same, n);
	for (mode = 0; mode < 2; mode++) {
		seg_builder_reset(b);
		for (i = 0; i < n; i++) {
			uint64_t id;
			int32_t day;
			make_len_event(&ev, i);
			memcpy(&dirty, &ev, sizeof ev);
			for (k = 0; k < 14; k++) {
				size_t cap, l;
				char *d = ev_text(&dirty, k, &cap);
				l = strlen(d);
				memset(d + l + 1, mode ? 0xff : 'Q', cap - l - 1);
			}
			T_CHECK(store_hex_to_u64(dirty.event_id, &id));
			day = tides_date_parse_iso(dirty.date, strlen(dirty.date));
			T_CHECK(seg_builder_add_known(b, &dirty, id, day) == 0);
		}
		T_CHECK(seg_builder_encode(b, &blob, &info) == 0);
		T_CHECK(blob.len == ref.len && memcmp(blob.s, ref.s, ref.len) == 0);
	}
	seg_builder_free(b);
	tides_buf_release(&blob);
	tides_buf_release(&ref);
}

/* ------------------------------------------------------------ TSG2 kinds */

typedef void (*tweak_fn)(tides_event *ev, long i, long arg);

/* n events make_event(i, i) changed by fn(ev, i, arg), encoded and
 * decoded; every row compared with what went in (ids are unique, so the
 * row order is the id order). */
static int build_tweak(tides_buf *out, seg_view *v, long n, tweak_fn fn, long arg)
{
	seg_builder *b = seg_builder_new();
	seg_info info;
	tides_event ev, got;
	long i, bad = 0;
	uint32_t r;
	if (!b)
		return -1;
	for (i = 0; i < n; i++) {
		make_event(&ev, i, i);
		if (fn)
			fn(&ev, i, arg);
		if (seg_builder_add(b, &ev) != 0)
			bad++;
	}
	if (bad || seg_builder_encode(b, out, &info) != 0 || seg_decode(out->s, out->len, v) != 0 ||
	    (long)v->nrows != n) {
		seg_builder_free(b);
		return -1;
	}
	seg_builder_free(b);
	for (r = 0; r < v->nrows; r++) {
		seg_row(v, r, &got);
		/* find the input row of this id */
		for (i = 0; i < n; i++) {
			make_event(&ev, i, i);
			if (strcmp(ev.event_id, got.event_id) == 0)
				break;
		}
		if (i == n)
			return -1;
		if (fn)
			fn(&ev, i, arg);
		if (!same_event(&got, &ev) ||
		    memcmp(&got.goldstein, &ev.goldstein, sizeof ev.goldstein) != 0) /* bit for bit */
			return -1;
	}
	return 0;
}

static void tw_days(tides_event *ev, long i, long span)
{
	/* day numbers lo and lo + span, the rest in between */
	int32_t d = 15000 + (i == 1 ? (int32_t)span : i == 0 ? 0 : (int32_t)(i % (span + 1)));
	tides_date_format(d, ev->date);
	ev->sentence = 7;
}

static void test_kind_days(void)
{
	static const struct { long span; int kind, width; } cases[] = {
		{0, SEG_K_PACK, 0}, {1, SEG_K_PACK, 1}, {255, SEG_K_PACK, 1}, {256, SEG_K_PACK, 2},
		{65535, SEG_K_PACK, 2}, {65536, SEG_K_I32, 4}, {200000, SEG_K_I32, 4},
	};
	tides_buf blob = TIDES_BUF_INIT;
	seg_view v;
	size_t k;
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		T_CHECK(build_tweak(&blob, &v, 300, tw_days, cases[k].span) == 0);
		T_INTEQ(v.col[SEG_DAY].kind, cases[k].kind);
		T_INTEQ(v.col[SEG_DAY].width, cases[k].width);
		/* every sentence is 7: no bytes per row */
		T_INTEQ(v.col[SEG_SENT].kind, SEG_K_PACK);
		T_INTEQ(v.col[SEG_SENT].width, 0);
		T_INTEQ(seg_i32(&v.col[SEG_SENT], 299), 7);
	}
	tides_buf_release(&blob);
}

static void tw_gold(tides_event *ev, long i, long ndist)
{
	static const uint64_t odd[4] = {0x7ff8000000000123ull /* NaN with a payload */,
	                                0x8000000000000000ull /* -0.0 */, 0, 0xfff0000000000000ull /* -inf */};
	if (i % ndist < 4)
		memcpy(&ev->goldstein, &odd[i % ndist], 8);
	else
		ev->goldstein = 1000.5 + (double)(i % ndist);
}

static void test_kind_gold(void)
{
	static const struct { long ndist; int kind, width; } cases[] = {
		{1, SEG_K_FDICT, 0}, {4, SEG_K_FDICT, 1}, {256, SEG_K_FDICT, 1}, {257, SEG_K_F64, 0},
	};
	tides_buf blob = TIDES_BUF_INIT;
	seg_view v;
	size_t k;
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		T_CHECK(build_tweak(&blob, &v, 600, tw_gold, cases[k].ndist) == 0);
		T_INTEQ(v.col[SEG_GOLD].kind, cases[k].kind);
		if (cases[k].kind == SEG_K_FDICT) {
			T_INTEQ(v.col[SEG_GOLD].width, cases[k].width);
			T_INTEQ(v.col[SEG_GOLD].nstr, cases[k].ndist);
		}
	}
	tides_buf_release(&blob);
}

/* orig_id values of one test: arg selects the set */
static void tw_dec(tides_event *ev, long i, long set)
{
	switch (set) {
	case 0: snprintf(ev->orig_id, sizeof ev->orig_id, "%ld", 100000000 + i); break;    /* 2 bytes */
	case 1: snprintf(ev->orig_id, sizeof ev->orig_id, "%ld", i * 100000L); break;      /* 4 bytes, "0" */
	case 2: snprintf(ev->orig_id, sizeof ev->orig_id, "%s", i % 2 ? "9999999999999999999" : "1"); break;
	case 3: snprintf(ev->orig_id, sizeof ev->orig_id, "%s", "42"); break;              /* DICT, one string */
	case 4: snprintf(ev->orig_id, sizeof ev->orig_id, "%s%ld", i == 7 ? "0" : "", 1000 + i); break;
	case 5: snprintf(ev->orig_id, sizeof ev->orig_id, "%s%ld", i == 7 ? "1" : "", 1000000000000000000L + i);
		break; /* one value of 20 digits */
	case 6: snprintf(ev->orig_id, sizeof ev->orig_id, "%s%ld", i == 7 ? "-" : "", 1000 + i); break;
	case 7: snprintf(ev->orig_id, sizeof ev->orig_id, "%s", i == 7 ? "" : "5"); break;  /* empty */
	case 8: snprintf(ev->orig_id, sizeof ev->orig_id, "%ld", 300 + i % 200); break;     /* 1 byte */
	default: snprintf(ev->orig_id, sizeof ev->orig_id, "%ld%s", 1000 + i, i == 7 ? " " : ""); break;
	}
}

static void test_kind_dec(void)
{
	static const struct { long set; int kind, width; } cases[] = {
		{0, SEG_K_DEC, 2}, {1, SEG_K_DEC, 4}, {2, SEG_K_DEC, 8}, {3, SEG_K_DICT, 0},
		{4, SEG_K_HEAP, 0}, {5, SEG_K_HEAP, 0}, {6, SEG_K_HEAP, 0}, {7, SEG_K_DICT, 1},
		{8, SEG_K_DEC, 1}, {9, SEG_K_HEAP, 0},
	};
	tides_buf blob = TIDES_BUF_INIT;
	seg_view v;
	size_t k;
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		T_CHECK(build_tweak(&blob, &v, 500, tw_dec, cases[k].set) == 0);
		T_INTEQ(v.col[SEG_ORIG_ID].kind, cases[k].kind);
		if (cases[k].kind != SEG_K_HEAP)
			T_INTEQ(v.col[SEG_ORIG_ID].width, cases[k].width);
	}
	tides_buf_release(&blob);
}

/* text: one string for every row (DICT without indexes, the heap columns
 * and the dictionary ones), repeating strings (DICT built at encode time,
 * 1 and 2 byte indexes), distinct strings (HEAP) */
static void tw_text(tides_event *ev, long i, long arg)
{
	(void)arg;
	snprintf(ev->lang, sizeof ev->lang, "en");
	snprintf(ev->issues, sizeof ev->issues, "%s", "");
	snprintf(ev->doc_id, sizeof ev->doc_id, "http://example.org/%ld", i % 300);
	snprintf(ev->source_text, sizeof ev->source_text, "NAME %ld OF SOME LENGTH", i % 40);
	snprintf(ev->target_text, sizeof ev->target_text, "%c", (char)('a' + i % 3));
	snprintf(ev->verb_text, sizeof ev->verb_text, "verb %ld", i);
}

static void test_kind_text(void)
{
	tides_buf blob = TIDES_BUF_INIT;
	seg_view v;
	T_CHECK(build_tweak(&blob, &v, 3000, tw_text, 0) == 0);
	T_INTEQ(v.col[SEG_LANG].kind, SEG_K_DICT);
	T_INTEQ(v.col[SEG_LANG].width, 0);
	T_INTEQ(v.col[SEG_ISSUES].kind, SEG_K_DICT);
	T_INTEQ(v.col[SEG_ISSUES].width, 0);
	T_INTEQ(v.col[SEG_DOC_ID].kind, SEG_K_DICT);
	T_INTEQ(v.col[SEG_DOC_ID].width, 2);
	T_INTEQ(v.col[SEG_DOC_ID].nstr, 300);
	T_INTEQ(v.col[SEG_SOURCE_TEXT].kind, SEG_K_DICT);
	T_INTEQ(v.col[SEG_SOURCE_TEXT].width, 1);
	T_INTEQ(v.col[SEG_TARGET_TEXT].kind, SEG_K_DICT);
	T_INTEQ(v.col[SEG_TARGET_TEXT].nstr, 3);
	T_INTEQ(v.col[SEG_VERB_TEXT].kind, SEG_K_HEAP);
	/* make_event's orig_id, date and Goldstein columns take 2, 2 and 1
	 * bytes a row (TSG1: a heap, 4 and 8) */
	T_INTEQ(v.col[SEG_ORIG_ID].kind, SEG_K_DEC);
	T_INTEQ(v.col[SEG_ORIG_ID].len, 12 + 2 * 3000);
	T_INTEQ(v.col[SEG_DAY].len, 8 + 2 * 3000);
	T_INTEQ(v.col[SEG_GOLD].len, 8 + 8 * 19 + 3000); /* NaN and 18 weights */
	tides_buf_release(&blob);
}

static void tw_sources(tides_event *ev, long i, long nsrc)
{
	snprintf(ev->source, sizeof ev->source, "S%ld", i % nsrc);
}

/* One-byte indexes are checked eight at a time: an index equal to the
 * string count is refused wherever it sits (a whole word, the tail), for
 * counts up to 128 (the word test) and above (byte by byte). */
static void test_index_check(void)
{
	static const long nsrc[] = {2, 100, 128, 129, 200};
	tides_buf blob = TIDES_BUF_INIT, copy = TIDES_BUF_INIT;
	seg_view v;
	size_t k, at, idx;
	long n = 501; /* not a multiple of eight: a tail */
	for (k = 0; k < sizeof nsrc / sizeof nsrc[0]; k++) {
		T_CHECK(build_tweak(&blob, &v, n, tw_sources, nsrc[k]) == 0);
		T_INTEQ(v.col[SEG_SOURCE].width, 1);
		T_INTEQ(v.col[SEG_SOURCE].nstr, nsrc[k]);
		idx = (size_t)(v.col[SEG_SOURCE].idx - (const unsigned char *)blob.s);
		for (at = 0; at < (size_t)n; at += (at < 16 ? 1 : 97)) {
			int last = at + 97 >= (size_t)n;
			tides_buf_reset(&copy);
			tides_buf_add(&copy, blob.s, blob.len);
			copy.s[idx + at] = (char)(nsrc[k] - 1);
			T_CHECK(seg_decode(copy.s, copy.len, &v) == 0);
			copy.s[idx + at] = (char)nsrc[k];
			T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
			copy.s[idx + at] = (char)255;
			T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
			if (last) {
				copy.s[idx + at] = (char)(nsrc[k] - 1);
				copy.s[idx + n - 1] = (char)nsrc[k];
				T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
			}
		}
	}
	tides_buf_release(&blob);
	tides_buf_release(&copy);
}

/* A blob written before TSG2 decodes to the events that made it. */
static void test_tsg1_fixture(void)
{
	seg_view v;
	tides_event got, want;
	uint32_t r;
	long i, found = 0;
	T_CHECK(memcmp(seg_tsg1_blob, "TSG1", 4) == 0);
	T_CHECK(seg_decode(seg_tsg1_blob, sizeof seg_tsg1_blob, &v) == 0);
	T_INTEQ(v.nrows, 20);
	T_INTEQ(v.col[SEG_DAY].kind, SEG_K_I32);
	T_INTEQ(v.col[SEG_GOLD].kind, SEG_K_F64);
	T_INTEQ(v.col[SEG_ORIG_ID].kind, SEG_K_HEAP);
	for (r = 0; r < v.nrows; r++) {
		seg_row(&v, r, &got);
		for (i = 0; i < 20; i++) {
			make_event(&want, i, i);
			if (strcmp(want.event_id, got.event_id) == 0) {
				found += same_event(&got, &want);
				break;
			}
		}
	}
	T_INTEQ(found, 20);
}

static uint32_t col_off(const tides_buf *b, int c)
{
	return seg_u32((const unsigned char *)b->s + 16 + 12 * c);
}

static void put_u32(tides_buf *b, size_t at, uint32_t x)
{
	memcpy(b->s + at, &x, 4);
}

/* A store whose segment is a TSG1 blob (as main wrote them): export,
 * filtered scans, the index scan and stats read it through the store. */
static int count_match(void *ud, const tides_event *ev)
{
	long *n = ud;
	tides_event want;
	long i;
	for (i = 0; i < 20; i++) {
		make_event(&want, i, i);
		if (strcmp(want.event_id, ev->event_id) == 0) {
			n[0] += same_event(ev, &want);
			break;
		}
	}
	n[1]++;
	return 0;
}

static void test_tsg1_store(void)
{
	char dir[] = "/tmp/tides-seg1.XXXXXX", db[128], src[128], cmd[160];
	tides_ctx *ctx = tides_ctx_new();
	tides_store *s = NULL;
	tides_import_opts o;
	tides_import_stats st;
	tides_event_filter f;
	tides_index_opts io;
	tides_index *ix = NULL;
	const tides_index_row *rows;
	sqlite3_stmt *q = NULL;
	seg_view v;
	long n[2] = {0, 0}, ev_rus = 0, i;
	int64_t idlo, idhi;
	int32_t dlo = INT32_MAX, dhi = INT32_MIN;
	size_t nrows = 0, k;
	FILE *fp, *dev;
	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof db, "%s/s.db", dir);
	snprintf(src, sizeof src, "%s/e.jsonl", dir);
	fp = fopen(src, "w");
	fprintf(fp, "{\"date\":\"2012-01-01\",\"source\":\"RUS\",\"target\":\"GEO\",\"code\":\"190\"}\n");
	fclose(fp);
	tides_import_opts_init(&o);
	T_CHECK(tides_store_open(ctx, db, TIDES_STORE_CREATE, &s) == TIDES_OK);
	T_CHECK(tides_store_import(s, src, &o, &st) == TIDES_OK);
	/* its one segment becomes the TSG1 blob, the catalogue row to match */
	T_CHECK(seg_decode(seg_tsg1_blob, sizeof seg_tsg1_blob, &v) == 0);
	idlo = seg_id(&v, 0);
	idhi = seg_id(&v, v.nrows - 1);
	for (k = 0; k < v.nrows; k++) {
		int32_t d = seg_day(&v, (uint32_t)k);
		dlo = d < dlo ? d : dlo;
		dhi = d > dhi ? d : dhi;
	}
	T_CHECK(sqlite3_prepare_v2(tides_store_sqlite(s), "UPDATE segment_data SET data = ?1", -1, &q, NULL) ==
	        SQLITE_OK);
	sqlite3_bind_blob(q, 1, seg_tsg1_blob, (int)sizeof seg_tsg1_blob, SQLITE_STATIC);
	T_CHECK(sqlite3_step(q) == SQLITE_DONE);
	sqlite3_finalize(q);
	T_CHECK(sqlite3_prepare_v2(tides_store_sqlite(s),
	                           "UPDATE segments SET nrows = 20, nlive = 20, dead = NULL, pending = 0,"
	                           " day_lo = ?1, day_hi = ?2, id_lo = ?3, id_hi = ?4", -1, &q, NULL) == SQLITE_OK);
	sqlite3_bind_int64(q, 1, dlo);
	sqlite3_bind_int64(q, 2, dhi);
	sqlite3_bind_int64(q, 3, idlo);
	sqlite3_bind_int64(q, 4, idhi);
	T_CHECK(sqlite3_step(q) == SQLITE_DONE);
	sqlite3_finalize(q);
	tides_store_close(s);
	s = NULL;
	T_CHECK(tides_store_open(ctx, db, TIDES_STORE_READONLY, &s) == TIDES_OK);
	T_CHECK(tides_store_export(s, NULL, count_match, n) == TIDES_OK);
	T_INTEQ(n[0], 20);
	T_INTEQ(n[1], 20);
	/* make_event: source country RUS unless i % 3 == 0, target GEO unless i % 5 == 0 */
	for (i = 0; i < 20; i++)
		ev_rus += i % 3 != 0 && i % 5 != 0;
	memset(&f, 0, sizeof f);
	f.a = "RUS";
	f.b = "GEO";
	f.directed = 1;
	f.from = "2010-01-01";
	f.to = "2030-01-01";
	n[0] = n[1] = 0;
	T_CHECK(tides_store_scan(s, &f, count_match, n) == TIDES_OK);
	T_INTEQ(n[1], ev_rus);
	T_INTEQ(n[0], ev_rus);
	memset(&io, 0, sizeof io);
	io.a = "RUS";
	io.b = "GEO";
	io.directed = 1;
	io.by = 2;
	T_CHECK(tides_index_new(ctx, &io, &ix) == TIDES_OK);
	T_CHECK(tides_index_scan(s, ix, &io) == TIDES_OK);
	T_CHECK(tides_index_rows(ix, &rows, &nrows) == TIDES_OK);
	for (k = 0, i = 0; k < nrows; k++)
		i += rows[k].n;
	T_INTEQ(i, ev_rus);
	dev = fopen("/dev/null", "w");
	T_CHECK(tides_store_stats(s, dev, 5) == TIDES_OK);
	fclose(dev);
	tides_index_free(ix);
	tides_store_close(s);
	tides_ctx_free(ctx);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	T_CHECK(system(cmd) == 0);
}

/* Damaged TSG2 fields, one at a time, are refused. */
static void test_tsg2_damage(void)
{
	tides_buf blob = TIDES_BUF_INIT, copy = TIDES_BUF_INIT;
	seg_view v;
	uint32_t o;
	uint64_t big;
	int32_t base;
#define FRESH() (tides_buf_reset(&copy), tides_buf_add(&copy, blob.s, blob.len))
	T_CHECK(build_tweak(&blob, &v, 500, tw_dec, 0) == 0);
	T_INTEQ(v.col[SEG_DAY].kind, SEG_K_PACK);
	T_INTEQ(v.col[SEG_GOLD].kind, SEG_K_FDICT);
	T_INTEQ(v.col[SEG_ORIG_ID].kind, SEG_K_DEC);
	T_INTEQ(v.col[SEG_TARGET_TEXT].width, 0);
	FRESH();
	T_CHECK(seg_decode(copy.s, copy.len, &v) == 0);
	/* PACK: width 3; a base whose entries overflow int32 */
	o = col_off(&blob, SEG_DAY);
	FRESH();
	put_u32(&copy, o, 3);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	FRESH();
	base = INT32_MAX - 100;
	memcpy(copy.s + o + 4, &base, 4);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	/* FDICT: an index past the values; more than 256 values; width 0 with two */
	o = col_off(&blob, SEG_GOLD);
	FRESH();
	copy.s[o + 8 + 8 * seg_u32((unsigned char *)blob.s + o) + 17] = (char)200;
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	FRESH();
	put_u32(&copy, o, 257);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	FRESH();
	put_u32(&copy, o + 4, 0);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	/* DEC: base of 20 digits; an entry past 19 digits; width 3 */
	o = col_off(&blob, SEG_ORIG_ID);
	FRESH();
	big = 10000000000000000000ull;
	memcpy(copy.s + o + 4, &big, 8);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	FRESH();
	big = 9999999999999999990ull;
	memcpy(copy.s + o + 4, &big, 8); /* entries up to 499 */
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	FRESH();
	put_u32(&copy, o, 3);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	/* DICT of one string without indexes: two strings claimed */
	o = col_off(&blob, SEG_TARGET_TEXT);
	FRESH();
	put_u32(&copy, o, 2);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	/* a TSG1 header has none of the TSG2 kinds */
	FRESH();
	memcpy(copy.s, "TSG1", 4);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
	/* DEC is not allowed in the columns the store matches on */
	FRESH();
	put_u32(&copy, 12 + 12 * SEG_SOURCE_COUNTRY, SEG_K_DEC);
	T_CHECK(seg_decode(copy.s, copy.len, &v) != 0);
#undef FRESH
	tides_buf_release(&blob);
	tides_buf_release(&copy);
}

/* Every byte of a small blob set to three other values, and every
 * truncation: the decoder refuses or yields rows read within bounds (ASan
 * checks the bounds; the loop reads every row of what it accepts). */
static void test_damage(void)
{
	tides_buf blob = TIDES_BUF_INIT;
	seg_info info;
	seg_view v;
	tides_event ev;
	unsigned char *copy;
	size_t i, refused = 0, accepted = 0;
	int k;
	T_CHECK(build(&blob, 40, 0, &info) == 0);
	copy = malloc(blob.len);
	for (i = 0; i < blob.len; i++) {
		static const unsigned char vals[3] = {0x00, 0xff, 0x7f};
		for (k = 0; k < 4; k++) {
			uint32_t r;
			memcpy(copy, blob.s, blob.len);
			copy[i] = k < 3 ? vals[k] : (unsigned char)(copy[i] + 1);
			if (seg_decode(copy, blob.len, &v) != 0) {
				refused++;
				continue;
			}
			accepted++;
			for (r = 0; r < v.nrows; r++)
				seg_row(&v, r, &ev);
		}
	}
	for (i = 0; i < blob.len; i++) /* truncated */
		T_CHECK(seg_decode(blob.s, i, &v) != 0);
	T_CHECK(refused > 0 && accepted > 0);
	free(copy);
	tides_buf_release(&blob);
}

static void test_encoder_nomem(void)
{
	tides_buf ref = TIDES_BUF_INIT, blob = TIDES_BUF_INIT;
	seg_info info;
	long n, total, fails = 0;
	T_CHECK(build(&ref, 600, 7, &info) == 0);
	tides_mem_fail_after(1000000);
	T_CHECK(build(&blob, 600, 7, &info) == 0);
	total = tides_mem_fail_after(-1);
	for (n = 0; n < total; n++) {
		tides_buf_release(&blob);
		tides_mem_fail_after(n);
		if (build(&blob, 600, 7, &info) != 0)
			fails++;
		tides_mem_fail_after(-1);
		/* a failed build frees what it had (LeakSanitizer/valgrind check) */
	}
	T_INTEQ(fails, total);
	tides_buf_release(&blob);
	T_CHECK(build(&blob, 600, 7, &info) == 0);
	T_CHECK(blob.len == ref.len && memcmp(blob.s, ref.s, ref.len) == 0);
	tides_buf_release(&blob);
	tides_buf_release(&ref);
}

/* Readers of a store with segments: any allocation failing gives
 * TIDES_ERR_NOMEM with a message, never a crash or a wrong success. */
static int count_ev(void *ud, const tides_event *ev)
{
	(void)ev;
	(*(long *)ud)++;
	return 0;
}

static void test_readers_nomem(void)
{
	char dir[] = "/tmp/tides-seg.XXXXXX", db[128], csv[128], cmd[160];
	tides_ctx *ctx = tides_ctx_new();
	tides_store *s = NULL;
	tides_import_stats st;
	tides_import_opts o;
	FILE *f;
	long i, n, total, nomem = 0, other = 0;
	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof db, "%s/s.db", dir);
	snprintf(csv, sizeof csv, "%s/e.jsonl", dir);
	f = fopen(csv, "w");
	for (i = 0; i < 300; i++)
		fprintf(f, "{\"date\":\"2012-%02ld-01\",\"source\":\"RUS\",\"target\":\"%s\",\"code\":\"190\","
		           "\"doc_id\":\"d%ld\",\"sentence\":1}\n", 1 + i % 12, i % 2 ? "GEO" : "UKR", i);
	fclose(f);
	tides_import_opts_init(&o);
	o.batch_rows = 50; /* six segments */
	T_CHECK(tides_store_open(ctx, db, TIDES_STORE_CREATE, &s) == TIDES_OK);
	memset(&st, 0, sizeof st);
	T_CHECK(tides_store_import(s, csv, &o, &st) == TIDES_OK);
	T_INTEQ(st.added, 300);
	tides_store_close(s);
	for (n = 0;; n++) {
		tides_index_opts io;
		tides_index *ix = NULL;
		tides_event_filter flt;
		long cnt = 0;
		tides_status rc;
		FILE *dev = fopen("/dev/null", "w");
		memset(&io, 0, sizeof io);
		io.a = "RUS";
		io.b = "GEO";
		io.directed = 1;
		io.by = 2;
		memset(&flt, 0, sizeof flt);
		flt.a = "RUS";
		s = NULL;
		tides_mem_fail_after(n);
		rc = tides_store_open(ctx, db, TIDES_STORE_READONLY, &s);
		if (rc == TIDES_OK)
			rc = tides_store_export(s, NULL, count_ev, &cnt);
		if (rc == TIDES_OK)
			rc = tides_store_scan(s, &flt, count_ev, &cnt);
		if (rc == TIDES_OK)
			rc = tides_index_new(ctx, &io, &ix);
		if (rc == TIDES_OK)
			rc = tides_index_scan(s, ix, &io);
		if (rc == TIDES_OK)
			rc = tides_store_stats(s, dev, 5);
		total = tides_mem_fail_after(-1);
		tides_index_free(ix);
		tides_store_close(s);
		fclose(dev);
		if (rc == TIDES_OK) {
			T_INTEQ(cnt, 600);
			break;
		}
		if (rc == TIDES_ERR_NOMEM && tides_errmsg(ctx)[0])
			nomem++;
		else {
			other++;
			fprintf(stderr, "  fail_after(%ld): %s: %s\n", n, tides_status_name(rc), tides_errmsg(ctx));
		}
		tides_ctx_clear_error(ctx);
	}
	printf("  readers nomem sweep: %ld failure points, all TIDES_ERR_NOMEM: %s\n", nomem,
	       other ? "no" : "yes");
	(void)total;
	T_CHECK(nomem > 5);
	T_INTEQ(other, 0);
	tides_ctx_free(ctx);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	T_CHECK(system(cmd) == 0);
}

int main(void)
{
	T_RUN(test_roundtrip);
	T_RUN(test_repeated_ids);
	T_RUN(test_wide_dict);
	T_RUN(test_append_parts);
	T_RUN(test_add_dirty);
	T_RUN(test_damage);
	T_RUN(test_kind_days);
	T_RUN(test_kind_gold);
	T_RUN(test_kind_dec);
	T_RUN(test_kind_text);
	T_RUN(test_index_check);
	T_RUN(test_tsg1_fixture);
	T_RUN(test_tsg1_store);
	T_RUN(test_tsg2_damage);
	T_RUN(test_encoder_nomem);
	T_RUN(test_readers_nomem);
	return t_done();
}
