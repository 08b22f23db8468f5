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

#include "util/hash.h"
#include "util/banned.h"

static const char *const columns[] = {
	"event_id", "date", "source", "target", "code", "root", "quad", "goldstein", "issues",
	"doc_id", "sentence", "lang", "source_text", "verb_text", "target_text",
};

void tides_event_tsv_header(FILE *out)
{
	size_t i;
	for (i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		if (i)
			fputc('\t', out);
		fputs(columns[i], out);
	}
	fputc('\n', out);
}

static void tsv_field(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\\': fputs("\\\\", out); break;
		default: fputc(*s, out);
		}
	}
}

void tides_event_write_tsv(FILE *out, const tides_event *ev)
{
	tsv_field(out, ev->event_id); fputc('\t', out);
	tsv_field(out, ev->date); fputc('\t', out);
	tsv_field(out, ev->source); fputc('\t', out);
	tsv_field(out, ev->target); fputc('\t', out);
	tsv_field(out, ev->code); fputc('\t', out);
	tsv_field(out, ev->root); fputc('\t', out);
	if (ev->quad >= 1 && ev->quad <= 4)
		fprintf(out, "%d", ev->quad);
	fputc('\t', out);
	if (!isnan(ev->goldstein))
		fprintf(out, "%.1f", ev->goldstein);
	fputc('\t', out);
	tsv_field(out, ev->issues); fputc('\t', out);
	tsv_field(out, ev->doc_id); fputc('\t', out);
	fprintf(out, "%d\t", ev->sentence);
	tsv_field(out, ev->lang); fputc('\t', out);
	tsv_field(out, ev->source_text); fputc('\t', out);
	tsv_field(out, ev->verb_text); fputc('\t', out);
	tsv_field(out, ev->target_text);
	fputc('\n', out);
}

static void json_str(FILE *out, const char *name, const char *s, int comma)
{
	if (comma)
		fputc(',', out);
	fprintf(out, "\"%s\":\"", name);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7F)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void tides_event_write_jsonl(FILE *out, const tides_event *ev)
{
	fputc('{', out);
	json_str(out, "event_id", ev->event_id, 0);
	json_str(out, "date", ev->date, 1);
	json_str(out, "source", ev->source, 1);
	json_str(out, "target", ev->target, 1);
	json_str(out, "code", ev->code, 1);
	json_str(out, "root", ev->root, 1);
	if (ev->quad >= 1 && ev->quad <= 4)
		fprintf(out, ",\"quad\":%d", ev->quad);
	else
		fputs(",\"quad\":null", out);
	if (!isnan(ev->goldstein) && !isinf(ev->goldstein))
		fprintf(out, ",\"goldstein\":%.1f", ev->goldstein);
	else
		fputs(",\"goldstein\":null", out);
	json_str(out, "issues", ev->issues, 1);
	json_str(out, "doc_id", ev->doc_id, 1);
	fprintf(out, ",\"sentence\":%d", ev->sentence);
	json_str(out, "lang", ev->lang, 1);
	json_str(out, "source_text", ev->source_text, 1);
	json_str(out, "verb_text", ev->verb_text, 1);
	json_str(out, "target_text", ev->target_text, 1);
	fputs("}\n", out);
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
	snprintf(num, sizeof num, "%d", ev->sentence);
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
