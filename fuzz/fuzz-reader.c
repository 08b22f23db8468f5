/*
 * fuzz-reader.c — libFuzzer target for the text readers.
 *
 * Each input is written to a memfd and read through every input format
 * (auto-detection included), touching every sentence, so the bounded line
 * reader, the splitter, the JSON and XML scanners and the date expressions
 * all see hostile bytes.  Invariants checked: every sentence is NUL-free
 * valid UTF-8 of the stated length with a 10-character or empty date.
 *
 * Build and run (the readers need only src/text and src/util):
 *   mkdir -p build-fuzz && clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc fuzz/fuzz-reader.c \
 *     src/text/[a-z]*.c src/util/[a-z]*.c -o build-fuzz/fuzz-reader -lm
 *   cp -r fuzz/corpus/reader build-fuzz/corpus && \
 *     build-fuzz/fuzz-reader -max_total_time=60 -max_len=16384 build-fuzz/corpus
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tides.h"
#include "util/utf8.h"

static int fd = -1;
static char path[64];

static void check_story(const tides_story *st)
{
	size_t i;
	for (i = 0; i < st->nsent; i++) {
		const tides_sentence *s = &st->sent[i];
		if (strlen(s->text) != s->len || tides_utf8_check(s->text, s->len) != s->len)
			abort();
		if (s->len == 0 || !s->doc_id || !s->doc_id[0] || !s->date || !s->lang)
			abort();
		if (s->date[0] && strlen(s->date) != 10)
			abort();
		if (s->sentence < 1)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fmt;
	if (fd < 0) {
		fd = memfd_create("fuzz-reader", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	for (fmt = TIDES_IN_AUTO; fmt <= TIDES_IN_PETRXML; fmt++) {
		tides_ctx *ctx = tides_ctx_new();
		tides_reader *r = NULL;
		tides_reader_opts o;
		const tides_story *st;
		memset(&o, 0, sizeof o);
		o.format = (tides_input_format)fmt;
		o.default_date = (size & 1) ? "2014-06-01" : NULL;
		if (tides_reader_open(ctx, path, &o, &r) == TIDES_OK) {
			while (tides_reader_next(r, &st) == TIDES_OK && st)
				check_story(st);
		}
		tides_reader_free(r);
		tides_ctx_free(ctx);
	}
	return 0;
}
