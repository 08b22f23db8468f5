/*
 * seg.h — columnar segments of events (seg.c): the encoder that turns a
 * batch of imported events into one BLOB, and the checked decoder.
 *
 * A segment holds up to a few hundred thousand events, rows sorted by
 * event_id (signed 64-bit order) with no id twice.  Layout (all integers
 * little-endian, no alignment assumed):
 *   header: "TSG1", u32 nrows, u32 ncols (= SEG_NCOL),
 *           then per column u32 kind, u32 offset, u32 length (from blob start)
 *   columns in SEG_* order:
 *     SEG_ID i64[n] sorted, SEG_DAY i32[n] (days since 1970-01-01),
 *     SEG_QUAD u8[n], SEG_GOLD f64[n] (NaN = unknown), SEG_SENT i32[n],
 *     then one column per text field, either
 *       DICT: u32 nstr, u32 width (1, 2, 4), u32 off[nstr + 1], bytes,
 *             idx[n] of `width` bytes (strings repeat: actors, codes, countries)
 *       HEAP: u32 off[n + 1], bytes (strings mostly distinct: ids, URLs).
 * The decoder checks every offset, length, index and the id order before
 * anything reads a row, so a damaged blob is an error, never a crash.
 */
#ifndef TIDES_STORE_SEG_H
#define TIDES_STORE_SEG_H

#include <stddef.h>
#include <stdint.h>

#include "tides.h"
#include "util/buf.h"

enum {
	SEG_ID = 0, SEG_DAY, SEG_QUAD, SEG_GOLD, SEG_SENT,
	SEG_SOURCE, SEG_TARGET, SEG_CODE, SEG_ROOT, SEG_ISSUES, SEG_DOC_ID, SEG_LANG,
	SEG_SOURCE_TEXT, SEG_VERB_TEXT, SEG_TARGET_TEXT, SEG_ORIGIN, SEG_ORIG_ID,
	SEG_SOURCE_COUNTRY, SEG_TARGET_COUNTRY,
	SEG_NCOL
};
#define SEG_FIRST_STR SEG_SOURCE
#define SEG_HDR_SIZE (12 + 12 * SEG_NCOL)

enum { SEG_K_I64 = 1, SEG_K_I32, SEG_K_U8, SEG_K_F64, SEG_K_DICT, SEG_K_HEAP };

/* One checked column.  For DICT, str(i) = bytes[off[idx[i]] .. off[idx[i]+1]);
 * for HEAP, str(i) = bytes[off[i] .. off[i+1]). */
typedef struct seg_col {
	int kind;
	const unsigned char *p;   /* raw column bytes */
	size_t len;
	uint32_t nstr, width;     /* DICT */
	const unsigned char *off; /* DICT, HEAP */
	const char *bytes;
	const unsigned char *idx; /* DICT */
} seg_col;

typedef struct seg_dir {
	uint32_t nrows;
	uint32_t kind[SEG_NCOL], off[SEG_NCOL], len[SEG_NCOL];
} seg_dir;

typedef struct seg_view {
	uint32_t nrows;
	uint32_t have;            /* bit c set: col[c] is checked and usable */
	seg_col col[SEG_NCOL];
} seg_view;

typedef struct seg_info {
	uint32_t nrows;           /* rows written (after dropping repeated ids) */
	uint32_t dropped;         /* rows dropped: their id came earlier in the batch */
	int32_t day_lo, day_hi;
	int64_t id_lo, id_hi;
} seg_info;

/* ------------------------------------------------------------ encoder */

typedef struct seg_builder seg_builder;

seg_builder *seg_builder_new(void);              /* NULL when out of memory */
void seg_builder_free(seg_builder *b);           /* accepts NULL */
void seg_builder_reset(seg_builder *b);          /* empty, keeps storage */
uint32_t seg_builder_rows(const seg_builder *b);
/* 0 ok; -1 out of memory (the builder is unchanged); -2 the event has no
 * valid id (16 hex digits) or date (YYYY-MM-DD). */
int seg_builder_add(seg_builder *b, const tides_event *ev);
/* The same when the caller knows ev's id value and day number (the
 * importers' parsers do: store_parser.known); 0 or -1. */
int seg_builder_add_known(seg_builder *b, const tides_event *ev, uint64_t id, int32_t day);
/* Adds src's rows after b's, exactly as if they had been added to b one by
 * one (the same dictionary codes, so the same encoding): --threads builds
 * the parts of a batch on several workers.  0 ok; -1 out of memory, and b
 * must then be reset before it is used again. */
int seg_builder_append(seg_builder *b, const seg_builder *src);
/* Encodes the rows added since the last reset into out (replaced): sorted
 * by id, a repeated id keeps its first row.  0 or -1 out of memory. */
int seg_builder_encode(seg_builder *b, tides_buf *out, seg_info *info);

/* ------------------------------------------------------------ decoder */

/* Parses and checks the header; blob_len is the size of the whole blob.
 * 0 ok, -1 damaged. */
int seg_dir_parse(const void *hdr, size_t hdr_len, size_t blob_len, seg_dir *d);
/* Checks column c's bytes against the directory and records it in v. */
int seg_col_load(seg_view *v, const seg_dir *d, int c, const void *p, size_t len);
/* Whole blob in memory: parses the directory and checks every column. */
int seg_decode(const void *blob, size_t len, seg_view *v);

static inline uint32_t seg_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int64_t seg_id(const seg_view *v, uint32_t i);
int32_t seg_day(const seg_view *v, uint32_t i);
int seg_quad(const seg_view *v, uint32_t i);
double seg_gold(const seg_view *v, uint32_t i);
/* String of column c, row i (not NUL-terminated). */
const char *seg_str(const seg_view *v, int c, uint32_t i, size_t *len);
/* Dictionary index of row i in DICT column c (or the row for HEAP). */
uint32_t seg_code(const seg_view *v, int c, uint32_t i);
/* Fills ev from row i; every column must be loaded. */
void seg_row(const seg_view *v, uint32_t i, tides_event *ev);

#endif
