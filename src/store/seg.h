/*
 * seg.h — columnar segments of events (seg.c): the encoder that turns a
 * batch of imported events into one BLOB, and the checked decoder.
 *
 * A segment holds up to a few hundred thousand events, rows sorted by
 * event_id (signed 64-bit order) with no id twice.  Layout (all integers
 * little-endian, no alignment assumed):
 *   header: "TSG2" (or "TSG1", written before 2026-11, still read), u32
 *           nrows, u32 ncols (= SEG_NCOL), then per column u32 kind,
 *           u32 offset, u32 length (from blob start)
 *   columns in SEG_* order, each in one of the kinds allowed for it:
 *     SEG_ID    I64: i64[n] sorted (always: the dedup pass and the id
 *               lookup read it in place)
 *     SEG_DAY, SEG_SENT
 *               I32: i32[n] (days since 1970-01-01; sentence)
 *               PACK: u32 width (0, 1, 2), i32 base, u<width>[n]; value =
 *                     base + entry (width 0: every row is base)
 *     SEG_QUAD  U8: u8[n]
 *     SEG_GOLD  F64: f64[n] (NaN = unknown)
 *               FDICT: u32 nval (1..256), u32 width (1; 0 when nval = 1),
 *                      f64 val[nval], u8 idx[n] (values kept bit for bit)
 *     text      DICT: u32 nstr, u32 width (1, 2, 4; 0 when nstr = 1: every
 *                     row is string 0), u32 off[nstr + 1], bytes,
 *                     idx[n] of `width` bytes
 *               HEAP: u32 off[n + 1], bytes
 *               DEC (columns the encoder fills as a heap: orig_id,
 *                    doc_id...): u32 width (0, 1, 2, 4, 8), u64 base,
 *                    u<width>[n]; row = decimal of base + entry, every
 *                    value < 10^19 (what the encoder takes: digits only,
 *                    no leading zero but "0", at most 19 digits)
 *   TSG1 has only I64, I32, U8, F64, DICT (widths 1, 2, 4) and HEAP.
 * The encoder picks, per column and segment, the smallest of the kinds it
 * may use (seg.c says how); the decoder checks every offset, length,
 * width, index, value range and the id order before anything reads a
 * row, so a damaged blob is an error, never a crash.
 */
#ifndef TIDES_STORE_SEG_H
#define TIDES_STORE_SEG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

enum { SEG_K_I64 = 1, SEG_K_I32, SEG_K_U8, SEG_K_F64, SEG_K_DICT, SEG_K_HEAP, /* TSG1 */
       SEG_K_PACK, SEG_K_FDICT, SEG_K_DEC };                                  /* TSG2 */

/* Longest decimal a DEC column yields (19 digits) plus a NUL. */
#define SEG_DEC_BUF 24

/* One checked column.  For DICT, str(i) = bytes[off[idx[i]] .. off[idx[i]+1]);
 * for HEAP, str(i) = bytes[off[i] .. off[i+1]).  Numbers: I32 and PACK
 * read through `width` (4 for I32), `base` and `idx`; F64 and FDICT
 * through `vals` (FDICT: val[idx[i]]); DEC through `width`, `base64`, `idx`. */
typedef struct seg_col {
	int kind;
	const unsigned char *p;   /* raw column bytes */
	size_t len;
	uint32_t nstr, width;     /* DICT (nstr strings), FDICT (nstr values); widths */
	const unsigned char *off; /* DICT, HEAP */
	const char *bytes;
	const unsigned char *idx; /* DICT, FDICT: indexes; I32, PACK, DEC: the entries */
	const unsigned char *vals;/* F64: f64[n]; FDICT: f64[nstr] */
	int32_t base;             /* I32 (0), PACK */
	uint64_t base64;          /* DEC */
} seg_col;

typedef struct seg_dir {
	uint32_t nrows;
	int version;              /* 1 (TSG1) or 2 */
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

/* Row i of an I32 or PACK column (the load checked base + entry fits). */
static inline int32_t seg_i32(const seg_col *c, uint32_t i)
{
	const unsigned char *q = c->idx;
	int32_t x;
	switch (c->width) {
	case 0: return c->base;
	case 1: return c->base + q[i];
	case 2: return c->base + (int32_t)(q[2ull * i] | q[2ull * i + 1] << 8);
	default: memcpy(&x, q + 4ull * i, 4); return x;
	}
}

static inline int64_t seg_id(const seg_view *v, uint32_t i)
{
	int64_t x;
	memcpy(&x, v->col[SEG_ID].p + 8ull * i, 8);
	return x;
}

static inline int32_t seg_day(const seg_view *v, uint32_t i)
{
	return seg_i32(&v->col[SEG_DAY], i);
}

static inline int seg_quad(const seg_view *v, uint32_t i)
{
	return v->col[SEG_QUAD].p[i];
}

static inline double seg_gold(const seg_view *v, uint32_t i)
{
	const seg_col *c = &v->col[SEG_GOLD];
	double x;
	size_t k = c->kind == SEG_K_F64 ? i : c->width ? c->idx[i] : 0;
	memcpy(&x, c->vals + 8 * k, 8);
	return x;
}

/* String of column c, row i (not NUL-terminated); a DEC column's decimal
 * is formatted into buf. */
const char *seg_str(const seg_view *v, int c, uint32_t i, char buf[SEG_DEC_BUF], size_t *len);
/* Dictionary index of row i in DICT column c (or the row for HEAP). */
uint32_t seg_code(const seg_view *v, int c, uint32_t i);
/* Fills ev from row i; every column must be loaded. */
void seg_row(const seg_view *v, uint32_t i, tides_event *ev);

#endif
