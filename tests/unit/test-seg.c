/*
 * test-seg.c — columnar segments (src/store/seg.c): encode/decode round
 * trip, first row kept for a repeated id, dictionary widths, every damaged
 * byte of a blob either refused or decoded within bounds, and allocation
 * failures at every point of the encoder and of the store's segment
 * readers (export, index scan, stats) reported as TIDES_ERR_NOMEM.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tides.h"
#include "store/seg.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"
#include "test.h"

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
	T_RUN(test_damage);
	T_RUN(test_encoder_nomem);
	T_RUN(test_readers_nomem);
	return t_done();
}
