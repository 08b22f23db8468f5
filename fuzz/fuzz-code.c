/*
 * Fuzz target: the coder itself on hostile text, with the bundled English
 * and Chinese default dictionaries (loaded once, from TIDES_DATADIR).
 *
 * The readers have their own target (fuzz-reader); this one goes further
 * down: every story the reader makes of the input is coded, so the lexer
 * (its word-at-a-time and Chinese-run fast paths), the zh hook
 * (normalisation, traditional-to-simplified, segmentation, dates),
 * pattern matching and span copying all see the bytes.  The low bits of
 * the first byte pick the dictionaries (en or zh), the reader format
 * (lines, JSONL, prose) and the quad convention; the rest is the input.
 *
 * Invariants checked on every event: the text fields are NUL-terminated
 * valid UTF-8 within their arrays; the code is 2-4 digits and root is its
 * first two; quad is 0..4; goldstein is NAN or within -10..10; date is
 * YYYY-MM-DD; source and target are not empty; lang is "en" or "zh".
 */
#include <math.h>

#include "fuzz.h"

#include "util/utf8.h"

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap || tides_utf8_check(s, n) != n)
		abort();
}

static void check_event(const tides_event *ev)
{
	size_t i, n = strnlen(ev->code, sizeof ev->code);
	if (n < 2 || n > 4)
		abort();
	for (i = 0; i < n; i++)
		if (ev->code[i] < '0' || ev->code[i] > '9')
			abort();
	if (memcmp(ev->root, ev->code, 2) != 0 || ev->root[2])
		abort();
	if (ev->quad < 0 || ev->quad > 4)
		abort();
	if (!isnan(ev->goldstein) && (ev->goldstein < -10 || ev->goldstein > 10))
		abort();
	if (strnlen(ev->date, sizeof ev->date) != 10 || ev->date[4] != '-' || ev->date[7] != '-')
		abort();
	if (!ev->source[0] || !ev->target[0])
		abort();
	if (strcmp(ev->lang, "en") != 0 && strcmp(ev->lang, "zh") != 0)
		abort();
	check_text(ev->source, sizeof ev->source);
	check_text(ev->target, sizeof ev->target);
	check_text(ev->issues, sizeof ev->issues);
	check_text(ev->doc_id, sizeof ev->doc_id);
	check_text(ev->source_text, sizeof ev->source_text);
	check_text(ev->verb_text, sizeof ev->verb_text);
	check_text(ev->target_text, sizeof ev->target_text);
	check_text(ev->event_id, sizeof ev->event_id);
}

static tides_coder *coder_for(tides_ctx *ctx, const char *lang)
{
	tides_dict_paths dp;
	tides_dicts *d = NULL;
	tides_coder *c = NULL;
	memset(&dp, 0, sizeof dp);
	dp.lang = lang;
	/* the dictionaries live as long as the process: the coder keeps a pointer */
	if (tides_dicts_load(ctx, &dp, &d) != TIDES_OK || tides_coder_new(ctx, d, &c) != TIDES_OK)
		abort();
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const tides_input_format fmts[4] = {TIDES_IN_LINES, TIDES_IN_JSONL, TIDES_IN_TEXT,
	                                           TIDES_IN_LINES};
	static tides_ctx *ctx;
	static tides_coder *coders[2];
	tides_reader_opts ro;
	tides_reader *r = NULL;
	const tides_story *st;
	tides_coder *c;
	unsigned sel;

	if (!ctx) {
		ctx = fuzz_ctx();
		fuzz_silence();
		coders[0] = coder_for(ctx, "en");
		coders[1] = coder_for(ctx, "zh");
	}
	if (size < 1)
		return 0;
	sel = data[0];
	c = coders[sel & 1];
	if (tides_coder_set_option(c, "quad", (sel & 8) ? "icews" : "gdelt") != TIDES_OK)
		abort();
	memset(&ro, 0, sizeof ro);
	ro.format = fmts[(sel >> 1) & 3];
	ro.default_date = "2014-03-16";
	ro.default_lang = (sel & 16) ? NULL : (sel & 1) ? "zh" : "en";
	ro.doc_id = "fuzz";
	if (tides_reader_open(ctx, fuzz_memfd(0, data + 1, size - 1), &ro, &r) != TIDES_OK)
		abort();
	while (tides_reader_next(r, &st) == TIDES_OK && st) {
		const tides_event *ev;
		size_t i, n = 0;
		if (tides_coder_code_story(c, st, &ev, &n) != TIDES_OK)
			continue; /* a refused story is a message, not a crash */
		for (i = 0; i < n; i++)
			check_event(&ev[i]);
	}
	tides_reader_free(r);
	return 0;
}
