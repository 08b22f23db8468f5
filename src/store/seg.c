/*
 * seg.c — encoder and checked decoder of columnar event segments (layout
 * in seg.h).
 *
 * Why columns: an import writes each batch as one BLOB instead of a row per
 * event plus five index entries, and the relations index reads only the
 * date, quad, Goldstein and country columns of a segment.  Text that
 * repeats (actor codes, CAMEO codes, countries, origin, language) gets a
 * dictionary while rows are added; text that may not (original ids, URLs,
 * names, matched words) is kept as a heap until encoding.
 *
 * Why TSG2 (seg.h): SQLite writes every byte of a segment twice (WAL, then
 * the checkpoint), and TSG1 took 84 bytes a GDELT row, 40 of them for
 * values a segment barely varies (dates within a few years, 40 Goldstein
 * weights, a constant sentence, empty columns, consecutive orig_ids).  The
 * encoder now looks at each column of the sorted rows once and writes the
 * smallest of its kinds: narrow offsets from a base, a value table, one
 * string, decimals as numbers, or a dictionary built at encode time when
 * the heap's strings repeat (sampled first, given up when over half the
 * rows are distinct).  All of it is decided from the rows alone, so
 * --threads stays byte-identical, and seg_builder_add does no more work.
 * The extra passes cost about what the old per-row string copies did.
 *
 * Builder invariants: rows are kept in input order until encoding; every
 * allocation a row needs is made before the row changes anything, so a
 * failed add leaves the builder as it was.  The add path runs for every
 * row, so it finds each field's NUL a word at a time, compares dictionary
 * strings as one integer (their first 8 bytes) before any memcmp, and
 * makes room for 64 rows of the longest fields at once instead of
 * checking 14 columns every row (callgrind, 100k GDELT rows: 1,620 -> 560
 * instructions a row).
 * Encoding sorts row numbers by (id, input position), so of a repeated id
 * the first row wins, and the output depends only on the rows added, in
 * their order (import --threads writes byte-identical segments).
 */
#include "store/seg.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-db.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/banned.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "segments are written in host order, which must be little-endian"
#endif

#define NSTR (SEG_NCOL - SEG_FIRST_STR)
#define SEG_MAX_ROWS (1u << 24)

/* dictionary (1) or heap (0), per text column in SEG_* order */
static const unsigned char str_dict[NSTR] = {
	1, 1, 1, 1, /* source target code root */
	0, 0, 1,    /* issues doc_id lang */
	0, 0, 0,    /* source_text verb_text target_text */
	1, 0,       /* origin orig_id */
	1, 1,       /* source_country target_country */
};

static const size_t str_off[NSTR] = {
	offsetof(tides_event, source), offsetof(tides_event, target), offsetof(tides_event, code),
	offsetof(tides_event, root), offsetof(tides_event, issues), offsetof(tides_event, doc_id),
	offsetof(tides_event, lang), offsetof(tides_event, source_text),
	offsetof(tides_event, verb_text), offsetof(tides_event, target_text),
	offsetof(tides_event, origin), offsetof(tides_event, orig_id),
	offsetof(tides_event, source_country), offsetof(tides_event, target_country),
};

static const char *ev_str(const tides_event *ev, int c)
{
	return (const char *)ev + str_off[c - SEG_FIRST_STR];
}

static char *ev_field(tides_event *ev, int c, size_t *cap)
{
	switch (c) {
	case SEG_SOURCE: *cap = sizeof ev->source; return ev->source;
	case SEG_TARGET: *cap = sizeof ev->target; return ev->target;
	case SEG_CODE: *cap = sizeof ev->code; return ev->code;
	case SEG_ROOT: *cap = sizeof ev->root; return ev->root;
	case SEG_ISSUES: *cap = sizeof ev->issues; return ev->issues;
	case SEG_DOC_ID: *cap = sizeof ev->doc_id; return ev->doc_id;
	case SEG_LANG: *cap = sizeof ev->lang; return ev->lang;
	case SEG_SOURCE_TEXT: *cap = sizeof ev->source_text; return ev->source_text;
	case SEG_VERB_TEXT: *cap = sizeof ev->verb_text; return ev->verb_text;
	case SEG_TARGET_TEXT: *cap = sizeof ev->target_text; return ev->target_text;
	case SEG_ORIGIN: *cap = sizeof ev->origin; return ev->origin;
	case SEG_ORIG_ID: *cap = sizeof ev->orig_id; return ev->orig_id;
	case SEG_SOURCE_COUNTRY: *cap = sizeof ev->source_country; return ev->source_country;
	default: *cap = sizeof ev->target_country; return ev->target_country;
	}
}

/* ------------------------------------------------------------ builder */

typedef struct scol {
	tides_buf bytes;
	uint32_t *off;       /* heap: per row start (n + 1); dict: per string (nstr + 1) */
	size_t offcap;
	uint32_t *code;      /* dict: per row */
	uint64_t *key;       /* dict: per string, its first (up to) 8 bytes (dict_hash) */
	uint32_t nstr;
	uint32_t *slot;      /* dict: hash slots, code + 1, 0 empty */
	uint32_t nslot;      /* power of two */
	uint32_t last;       /* dict: code of the previous row (a cheap first guess) */
	uint64_t lastkey;    /* dict: its key and length (lastlen SIZE_MAX: none yet) */
	size_t lastlen;
} scol;

typedef struct perm_ent {
	int64_t id;
	uint32_t row;
} perm_ent;

/* The encoder's dictionary of a heap column (built at encode time, see
 * enc_heap): strings are not copied, entry k is the builder's bytes at
 * eoff[k], elen[k]. */
typedef struct edict {
	uint32_t *slot, nslot;     /* code + 1, 0 empty; power of two */
	uint32_t *eoff, *elen, *ehash;
	uint32_t n, cap;
} edict;

struct seg_builder {
	uint32_t n, cap;
	int64_t *id;
	int32_t *day;
	unsigned char *quad;
	double *gold;
	int32_t *sent;
	perm_ent *perm, *tmp;
	scol s[NSTR];
	/* encode-time scratch, sized to the rows */
	uint32_t *ecode;           /* per output row: code in a heap column's dictionary */
	unsigned char *gcode;      /* per output row: Goldstein value's code */
	uint64_t *dval;            /* per output row: a DEC column's value */
	uint32_t ecap;
	edict ed;
	uint32_t room;             /* rows that surely fit without a reserve check */
};

seg_builder *seg_builder_new(void)
{
	seg_builder *b = tides_calloc(1, sizeof *b);
	int k;
	if (!b)
		return NULL;
	for (k = 0; k < NSTR; k++) {
		tides_buf_init(&b->s[k].bytes);
		b->s[k].lastlen = SIZE_MAX;
	}
	return b;
}

void seg_builder_free(seg_builder *b)
{
	int k;
	if (!b)
		return;
	tides_free(b->id);
	tides_free(b->day);
	tides_free(b->quad);
	tides_free(b->gold);
	tides_free(b->sent);
	tides_free(b->perm);
	tides_free(b->tmp);
	tides_free(b->ecode);
	tides_free(b->gcode);
	tides_free(b->dval);
	tides_free(b->ed.slot);
	tides_free(b->ed.eoff);
	tides_free(b->ed.elen);
	tides_free(b->ed.ehash);
	for (k = 0; k < NSTR; k++) {
		tides_buf_release(&b->s[k].bytes);
		tides_free(b->s[k].off);
		tides_free(b->s[k].code);
		tides_free(b->s[k].key);
		tides_free(b->s[k].slot);
	}
	tides_free(b);
}

void seg_builder_reset(seg_builder *b)
{
	int k;
	b->n = 0;
	b->room = 0;
	for (k = 0; k < NSTR; k++) {
		scol *c = &b->s[k];
		tides_buf_reset(&c->bytes);
		c->nstr = 0;
		c->last = 0;
		c->lastlen = SIZE_MAX;
		if (c->slot)
			memset(c->slot, 0, c->nslot * sizeof *c->slot);
		if (c->off)
			c->off[0] = 0;
	}
}

uint32_t seg_builder_rows(const seg_builder *b)
{
	return b->n;
}

static int grow(void **p, size_t n, size_t size)
{
	void *q = tides_realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

static int grow_rows(seg_builder *b)
{
	uint32_t nc = b->cap ? b->cap * 2 : 4096;
	int k;
	if (nc > SEG_MAX_ROWS)
		nc = SEG_MAX_ROWS;
	if (grow((void **)&b->id, nc, sizeof *b->id) || grow((void **)&b->day, nc, sizeof *b->day) ||
	    grow((void **)&b->quad, nc, 1) || grow((void **)&b->gold, nc, sizeof *b->gold) ||
	    grow((void **)&b->sent, nc, sizeof *b->sent) || grow((void **)&b->perm, nc, sizeof *b->perm) ||
	    grow((void **)&b->tmp, nc, sizeof *b->tmp))
		return -1;
	for (k = 0; k < NSTR; k++) {
		scol *c = &b->s[k];
		if (str_dict[k]) {
			if (grow((void **)&c->code, nc, sizeof *c->code))
				return -1;
		} else if (grow((void **)&c->off, (size_t)nc + 1, sizeof *c->off)) {
			return -1;
		} else if (b->cap == 0) {
			c->off[0] = 0;
		}
	}
	b->cap = nc;
	return 0;
}

/* Size of each text field of tides_event, in SEG_* order. */
#define FSIZE(f) sizeof(((tides_event *)0)->f)
static const size_t str_cap[NSTR] = {
	FSIZE(source), FSIZE(target), FSIZE(code), FSIZE(root), FSIZE(issues), FSIZE(doc_id),
	FSIZE(lang), FSIZE(source_text), FSIZE(verb_text), FSIZE(target_text), FSIZE(origin),
	FSIZE(orig_id), FSIZE(source_country), FSIZE(target_country),
};

/* seg_builder_add_known reads whole words out of the event's fields: a
 * 3-byte root is read as 4 bytes (its padding and quad follow it), every
 * heap field as 16. */
_Static_assert(offsetof(tides_event, root) + 4 <= offsetof(tides_event, quad), "root word");
_Static_assert(FSIZE(issues) >= 16 && FSIZE(doc_id) >= 16 && FSIZE(source_text) >= 16 &&
                   FSIZE(verb_text) >= 16 && FSIZE(target_text) >= 16 && FSIZE(orig_id) >= 16,
               "heap fields of 16 bytes or more");

/* Dictionary keys.  A dictionary string's key is its first bytes (at most
 * 8) as a little-endian word, zero above its length: strings have no NUL,
 * so for the usual short strings (CAMEO codes and roots, countries, most
 * actor codes) key and length are the whole string and one compare of
 * two integers replaces memcmp; longer strings compare the rest too.  The
 * hash slots depend on the hash function, the codes (first-seen order) do
 * not, so a change of hash never changes a segment. */
static uint64_t low_bytes(uint64_t w, size_t len)
{
	return len >= 8 ? w : w & ((1ull << (8 * len)) - 1);
}

static inline uint32_t dict_hash(const char *s, size_t len, uint64_t key)
{
	uint64_t h = key ^ (uint64_t)len << 56, w;
	if (len > 8) {
		size_t i;
		for (i = 8; i + 8 < len; i += 8) {
			memcpy(&w, s + i, 8);
			h = (h ^ w) * 0x9e3779b97f4a7c15ull;
			h ^= h >> 29;
		}
		memcpy(&w, s + len - 8, 8);
		h ^= w * 0xc2b2ae3d27d4eb4full;
	}
	h *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

static inline int dict_same(const scol *c, uint32_t code, const char *s, size_t len, uint64_t key)
{
	return c->key[code] == key && c->off[code + 1] - c->off[code] == len &&
	       (len <= 8 || memcmp(c->bytes.s + c->off[code] + 8, s + 8, len - 8) == 0);
}

static inline uint32_t dict_find(const scol *c, const char *s, size_t len, uint64_t key, uint32_t *slot)
{
	uint32_t mask = c->nslot - 1, i = dict_hash(s, len, key) & mask;
	for (;; i = (i + 1) & mask) {
		uint32_t v = c->slot[i];
		if (v == 0) {
			*slot = i;
			return UINT32_MAX;
		}
		if (dict_same(c, v - 1, s, len, key))
			return v - 1;
	}
}

/* Room for `more` more strings in a dictionary column, the next one
 * `len` bytes (hash table at most half full). */
static int dict_reserve(scol *c, size_t len, uint32_t more)
{
	if (tides_buf_grow(&c->bytes, len + 1) != 0)
		return -1;
	if ((size_t)c->nstr + more + 1 > c->offcap) {
		size_t nc = c->offcap ? c->offcap * 2 : 256;
		while (nc < (size_t)c->nstr + more + 1)
			nc *= 2;
		if (grow((void **)&c->off, nc, sizeof *c->off) || grow((void **)&c->key, nc, sizeof *c->key))
			return -1;
		c->offcap = nc;
		if (c->nstr == 0)
			c->off[0] = 0;
	}
	if ((uint64_t)(c->nstr + more) * 2 > c->nslot) {
		uint32_t ns = c->nslot ? c->nslot * 2 : 256, i, k;
		uint32_t *sl;
		while ((uint64_t)(c->nstr + more) * 2 > ns)
			ns *= 2;
		sl = tides_calloc(ns, sizeof *sl);
		if (!sl)
			return -1;
		for (k = 0; k < c->nstr; k++) {
			const char *str = c->bytes.s + c->off[k];
			for (i = dict_hash(str, c->off[k + 1] - c->off[k], c->key[k]) & (ns - 1); sl[i];
			     i = (i + 1) & (ns - 1))
				;
			sl[i] = k + 1;
		}
		tides_free(c->slot);
		c->slot = sl;
		c->nslot = ns;
	}
	return 0;
}

/* Appends string s (key `key`) to dictionary column c as a new code; the
 * room was reserved. */
static uint32_t dict_add(scol *c, const char *s, size_t len, uint64_t key, uint32_t slot)
{
	uint32_t code = c->nstr++;
	memcpy(c->bytes.s + c->bytes.len, s, len);
	c->bytes.len += len;
	c->bytes.s[c->bytes.len] = '\0';
	c->off[c->nstr] = (uint32_t)c->bytes.len;
	c->key[code] = key;
	c->slot[slot] = code + 1;
	return code;
}

/* Heap columns copy short strings 16 bytes at a time, so they keep 16
 * bytes spare. */
#define HEAP_SLACK 16

/* The add path checks for room once every so many rows (room_rows):
 * this makes room for RESERVE_ROWS rows of the longest strings. */
#define RESERVE_ROWS 64

/* 0 or -1, and nothing the builder holds changes on -1. */
static int reserve_rows(seg_builder *b)
{
	int k;
	if (b->n == SEG_MAX_ROWS)
		return -1;
	if (b->n == b->cap && grow_rows(b) != 0)
		return -1;
	for (k = 0; k < NSTR; k++) {
		scol *c = &b->s[k];
		size_t need = RESERVE_ROWS * str_cap[k];
		if (str_dict[k]) {
			if ((c->bytes.cap - c->bytes.len <= need || (size_t)c->nstr + RESERVE_ROWS + 1 > c->offcap ||
			     (uint64_t)(c->nstr + RESERVE_ROWS) * 2 > c->nslot) &&
			    dict_reserve(c, need, RESERVE_ROWS) != 0)
				return -1;
		} else if (c->bytes.cap - c->bytes.len <= need + HEAP_SLACK &&
		           tides_buf_grow(&c->bytes, need + HEAP_SLACK) != 0) {
			return -1;
		}
	}
	return 0;
}

/* How many rows surely fit before the next reserve_rows: each row adds at
 * most one string to a dictionary, and at most its field's size minus one
 * byte (plus the NUL) to any column. */
static uint32_t room_rows(const seg_builder *b)
{
	uint64_t r = b->cap - b->n, x;
	int k;
	for (k = 0; k < NSTR; k++) {
		const scol *c = &b->s[k];
		size_t avail = c->bytes.cap - c->bytes.len;
		if (str_dict[k]) {
			x = c->offcap >= (size_t)c->nstr + 2 ? c->offcap - c->nstr - 1 : 0;
			if (x < r)
				r = x;
			x = c->nslot / 2 > c->nstr ? c->nslot / 2 - c->nstr : 0;
			if (x < r)
				r = x;
		} else {
			avail = avail > HEAP_SLACK ? avail - HEAP_SLACK : 0;
		}
		x = avail / str_cap[k];
		if (x < r)
			r = x;
	}
	return (uint32_t)r;
}

int seg_builder_add(seg_builder *b, const tides_event *ev)
{
	uint64_t id;
	int32_t day;
	if (!store_hex_to_u64(ev->event_id, &id))
		return -2;
	day = tides_date_parse_iso(ev->date, strlen(ev->date));
	if (day == TIDES_DATE_NONE)
		return -2;
	return seg_builder_add_known(b, ev, id, day);
}

/* The dictionary columns, then the heap ones (SEG_* order less
 * SEG_FIRST_STR); the loops over them are unrolled, so each column's
 * field size is a constant. */
static const unsigned char dict_cols[] = {0, 1, 2, 3, 6, 10, 12, 13};
static const unsigned char heap_cols[] = {4, 5, 7, 8, 9, 11};
#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL _Pragma("GCC unroll 16")
#else
#define UNROLL
#endif

/* High bit set in each zero byte of w at or below its first one (a borrow
 * can only mark bytes above it), so the lowest set bit finds a NUL. */
static uint64_t zero_bytes(uint64_t w)
{
	return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/* Strings are found short (the usual case) by looking for their NUL
 * eight bytes at a time in the field, which holds at least 8 (4 for the
 * short dictionary fields, whose NUL is always in their first 4): exact,
 * and cheaper than a strlen call per field.  Only strings of 8 bytes or
 * more (dictionaries) or 16 (heaps) are measured by strlen.  (Lengths
 * handed over by the parser were tried: with this they saved nothing.) */
int seg_builder_add_known(seg_builder *b, const tides_event *ev, uint64_t id, int32_t day)
{
	unsigned i;

	if (b->room == 0) {
		if (reserve_rows(b) != 0)
			return -1;
		b->room = room_rows(b); /* >= 1: at least this row fits */
	}
	b->room--;
	UNROLL
	for (i = 0; i < sizeof dict_cols; i++) {
		const int k = dict_cols[i];
		scol *c = &b->s[k];
		const char *s = ev_str(ev, SEG_FIRST_STR + k);
		uint64_t key, z;
		size_t l;
		if (str_cap[k] >= 8) {
			memcpy(&key, s, 8);
		} else {
			uint32_t v;
			memcpy(&v, s, 4);
			key = v;
		}
		if ((z = zero_bytes(key)) != 0) {
			l = (size_t)__builtin_ctzll(z) >> 3;
			key = low_bytes(key, l);
		} else {
			l = 8 + strlen(s + 8);
		}
		if (key == c->lastkey && l == c->lastlen &&
		    (l <= 8 || memcmp(c->bytes.s + c->off[c->last] + 8, s + 8, l - 8) == 0)) {
			c->code[b->n] = c->last;
		} else {
			uint32_t slot = 0, code = dict_find(c, s, l, key, &slot);
			if (code == UINT32_MAX)
				code = dict_add(c, s, l, key, slot);
			c->code[b->n] = c->last = code;
			c->lastkey = key;
			c->lastlen = l;
		}
	}
	UNROLL
	for (i = 0; i < sizeof heap_cols; i++) {
		const int k = heap_cols[i];
		scol *c = &b->s[k];
		const char *s = ev_str(ev, SEG_FIRST_STR + k);
		char *d = c->bytes.s + c->bytes.len;
		uint64_t w[2], z;
		size_t l;
		memcpy(w, s, 16); /* heap fields are 16 bytes or more */
		if ((z = zero_bytes(w[0])) != 0)
			l = (size_t)__builtin_ctzll(z) >> 3;
		else if ((z = zero_bytes(w[1])) != 0)
			l = 8 + ((size_t)__builtin_ctzll(z) >> 3);
		else
			l = 16 + strlen(s + 16);
		if (l < 16)
			memcpy(d, w, 16); /* room: HEAP_SLACK */
		else
			memcpy(d, s, l);
		d[l] = '\0';
		c->bytes.len += l;
		c->off[b->n + 1] = (uint32_t)c->bytes.len;
	}
	b->id[b->n] = (int64_t)id;
	b->day[b->n] = day;
	b->quad[b->n] = (unsigned char)(ev->quad >= 0 && ev->quad <= 255 ? ev->quad : 0);
	b->gold[b->n] = ev->goldstein;
	b->sent[b->n] = ev->sentence;
	b->n++;
	return 0;
}

int seg_builder_append(seg_builder *b, const seg_builder *src)
{
	uint32_t i, n0 = b->n, *remap = NULL;
	int k, rc = -1;

	if (src->n == 0)
		return 0;
	b->room = 0;
	if ((uint64_t)b->n + src->n > SEG_MAX_ROWS)
		return -1;
	while (b->cap < b->n + src->n)
		if (b->cap == SEG_MAX_ROWS || grow_rows(b) != 0)
			return -1;
	memcpy(b->id + n0, src->id, (size_t)src->n * sizeof *b->id);
	memcpy(b->day + n0, src->day, (size_t)src->n * sizeof *b->day);
	memcpy(b->quad + n0, src->quad, src->n);
	memcpy(b->gold + n0, src->gold, (size_t)src->n * sizeof *b->gold);
	memcpy(b->sent + n0, src->sent, (size_t)src->n * sizeof *b->sent);
	for (k = 0; k < NSTR; k++) {
		scol *c = &b->s[k];
		const scol *sc = &src->s[k];
		if (!str_dict[k]) {
			uint32_t base = (uint32_t)c->bytes.len;
			if ((uint64_t)base + sc->bytes.len > UINT32_MAX ||
			    tides_buf_grow(&c->bytes, sc->bytes.len + 1) != 0)
				goto done;
			memcpy(c->bytes.s + c->bytes.len, sc->bytes.s, sc->bytes.len);
			c->bytes.len += sc->bytes.len;
			c->bytes.s[c->bytes.len] = '\0';
			for (i = 0; i < src->n; i++)
				c->off[n0 + 1 + i] = base + sc->off[1 + i];
			continue;
		}
		/* the source's strings in its code order: those new here get the
		 * next codes, as if its rows had been added one by one */
		tides_free(remap);
		remap = tides_malloc(((size_t)sc->nstr + 1) * sizeof *remap);
		if (!remap)
			goto done;
		for (i = 0; i < sc->nstr; i++) {
			const char *str = sc->bytes.s + sc->off[i];
			size_t len = sc->off[i + 1] - sc->off[i];
			uint32_t slot = 0, code;
			if (dict_reserve(c, len, 1) != 0)
				goto done;
			code = dict_find(c, str, len, sc->key[i], &slot);
			if (code == UINT32_MAX)
				code = dict_add(c, str, len, sc->key[i], slot);
			remap[i] = code;
		}
		for (i = 0; i < src->n; i++)
			c->code[n0 + i] = remap[sc->code[i]];
		c->last = c->code[n0 + src->n - 1];
		c->lastkey = c->key[c->last];
		c->lastlen = c->off[c->last + 1] - c->off[c->last];
	}
	b->n += src->n;
	b->room = 0;
	rc = 0;
done:
	tides_free(remap);
	return rc;
}

/* Stable LSD radix sort by signed id, 8 bits a pass (passes where every
 * key has the same byte are skipped): equal ids keep input order, so the
 * first row of a repeated id comes first.  Replaces qsort, which took a
 * twentieth of an import's instructions. */
static void radix_sort(perm_ent *perm, perm_ent *tmp, uint32_t n)
{
	perm_ent *a = perm, *t = tmp, *x;
	uint32_t cnt[8][256], i;
	int pass;
	if (n < 2)
		return;
	/* the eight histograms in one read of the keys */
	memset(cnt, 0, sizeof cnt);
	for (i = 0; i < n; i++) {
		uint64_t k = (uint64_t)a[i].id ^ 0x8000000000000000ull;
		cnt[0][k & 255]++;
		cnt[1][k >> 8 & 255]++;
		cnt[2][k >> 16 & 255]++;
		cnt[3][k >> 24 & 255]++;
		cnt[4][k >> 32 & 255]++;
		cnt[5][k >> 40 & 255]++;
		cnt[6][k >> 48 & 255]++;
		cnt[7][k >> 56]++;
	}
	for (pass = 0; pass < 8; pass++) {
		int sh = 8 * pass;
		uint32_t sum = 0, *c = cnt[pass];
		if (c[(((uint64_t)a[0].id ^ 0x8000000000000000ull) >> sh) & 255] == n)
			continue;
		for (i = 0; i < 256; i++) {
			uint32_t v = c[i];
			c[i] = sum;
			sum += v;
		}
		for (i = 0; i < n; i++)
			t[c[(((uint64_t)a[i].id ^ 0x8000000000000000ull) >> sh) & 255]++] = a[i];
		x = a;
		a = t;
		t = x;
	}
	if (a != perm)
		memcpy(perm, a, (size_t)n * sizeof *perm);
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Physical order of the columns in a blob (the directory gives each its
 * offset, so readers do not depend on it). */
static const unsigned char placement[SEG_NCOL] = {
	SEG_DAY, SEG_QUAD, SEG_GOLD, SEG_SOURCE_COUNTRY, SEG_TARGET_COUNTRY, SEG_ID, SEG_SOURCE,
	SEG_TARGET, SEG_ORIGIN, SEG_CODE, SEG_ROOT, SEG_LANG, SEG_SENT, SEG_ISSUES, SEG_SOURCE_TEXT,
	SEG_VERB_TEXT, SEG_TARGET_TEXT, SEG_ORIG_ID, SEG_DOC_ID,
};

#define DEC_MAX 9999999999999999999ull /* 19 digits */

/* A canonical unsigned decimal: 1 to 19 digits, no leading zero but "0"
 * itself, so formatting the value gives the same bytes back. */
static int dec_parse(const char *s, uint32_t len, uint64_t *out)
{
	uint64_t v = 0;
	uint32_t i;
	if (len == 0 || len > 19 || (s[0] == '0' && len > 1))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

static size_t dec_format(uint64_t v, char *buf)
{
	char tmp[24];
	size_t n = 0, i;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* Little-endian entries of `w` bytes (w = 1, 2, 4, 8). */
static void put_entries(unsigned char *q, uint32_t w, uint32_t i, uint64_t v)
{
	switch (w) {
	case 1: q[i] = (unsigned char)v; break;
	case 2: q[2ull * i] = (unsigned char)v; q[2ull * i + 1] = (unsigned char)(v >> 8); break;
	case 4: { uint32_t x = (uint32_t)v; memcpy(q + 4ull * i, &x, 4); break; }
	default: memcpy(q + 8ull * i, &v, 8); break;
	}
}

/* DAY and SENT: PACK (base + 0-, 1- or 2-byte entries) when the span
 * allows and that is smaller, else I32.  Sentences of GDELT are all 0
 * (no bytes); a GDELT segment's dates span years (2 bytes). */
static uint32_t enc_i32(const seg_builder *b, const int32_t *x, int32_t lo, int32_t hi, uint32_t n,
                        unsigned char *p, uint64_t *size)
{
	const perm_ent *pm = b->perm;
	uint32_t i, w, maxoff;
	int64_t span;
	span = (int64_t)hi - lo;
	w = n == 0 ? 4 : span == 0 ? 0 : span <= 255 ? 1 : span <= 65535 ? 2 : 4;
	maxoff = w == 0 ? 0 : w == 1 ? 255 : 65535;
	/* the decoder's check (base + largest entry fits) is the same test */
	if (w < 4 && (8 + (uint64_t)w * n >= 4ull * n || (int64_t)lo + maxoff > INT32_MAX))
		w = 4;
	if (w == 4) {
		for (i = 0; i < n; i++)
			memcpy(p + 4ull * i, &x[pm[i].row], 4);
		*size = 4ull * n;
		return SEG_K_I32;
	}
	put32(p, w);
	memcpy(p + 4, &lo, 4);
	if (w == 1)
		for (i = 0; i < n; i++)
			p[8 + i] = (unsigned char)((uint32_t)x[pm[i].row] - (uint32_t)lo);
	else if (w == 2)
		for (i = 0; i < n; i++) {
			uint32_t d = (uint32_t)x[pm[i].row] - (uint32_t)lo;
			p[8 + 2ull * i] = (unsigned char)d;
			p[9 + 2ull * i] = (unsigned char)(d >> 8);
		}
	*size = 8 + (uint64_t)w * n;
	return SEG_K_PACK;
}

/* GOLD: FDICT when at most 256 distinct bit patterns (Goldstein weights
 * are a short list; NaN and -0.0 are kept as they are), else F64. */
static uint32_t enc_gold(seg_builder *b, uint32_t n, unsigned char *p, uint64_t *size)
{
	const perm_ent *pm = b->perm;
	uint64_t key[512], val[256], last = 0;
	uint16_t slot[512];
	uint32_t i, nval = 0, w;
	unsigned char lastc = 0;
	memset(slot, 0, sizeof slot);
	for (i = 0; i < n; i++) {
		uint64_t bits;
		uint32_t h;
		memcpy(&bits, &b->gold[pm[i].row], 8);
		if (i > 0 && bits == last) {
			b->gcode[i] = lastc;
			continue;
		}
		h = (uint32_t)((bits * 0x9E3779B97F4A7C15ull) >> 55);
		while (slot[h] && key[h] != bits)
			h = (h + 1) & 511;
		if (!slot[h]) {
			if (nval == 256)
				break;
			key[h] = bits;
			val[nval] = bits;
			slot[h] = (uint16_t)++nval;
		}
		b->gcode[i] = lastc = (unsigned char)(slot[h] - 1);
		last = bits;
	}
	w = nval == 1 ? 0 : 1;
	if (n > 0 && i == n && 8 + 8ull * nval + (uint64_t)w * n < 8ull * n) {
		put32(p, nval);
		put32(p + 4, w);
		memcpy(p + 8, val, 8ull * nval);
		if (w)
			memcpy(p + 8 + 8ull * nval, b->gcode, n);
		*size = 8 + 8ull * nval + (uint64_t)w * n;
		return SEG_K_FDICT;
	}
	for (i = 0; i < n; i++)
		memcpy(p + 8ull * i, &b->gold[pm[i].row], 8);
	*size = 8ull * n;
	return SEG_K_F64;
}

/* A text column with the dictionary the builder kept while adding rows. */
static uint32_t enc_dict(const seg_builder *b, const scol *c, uint32_t n, unsigned char *p, uint64_t *size)
{
	const perm_ent *pm = b->perm;
	uint32_t i, w = c->nstr == 1 ? 0 : c->nstr <= 256 ? 1 : c->nstr <= 65536 ? 2 : 4;
	put32(p, c->nstr);
	put32(p + 4, w);
	p += 8;
	if (c->nstr)
		memcpy(p, c->off, 4ull * (c->nstr + 1));
	else
		put32(p, 0);
	p += 4ull * (c->nstr + 1);
	memcpy(p, c->bytes.s, c->bytes.len);
	p += c->bytes.len;
	if (w == 1)
		for (i = 0; i < n; i++)
			p[i] = (unsigned char)c->code[pm[i].row];
	else if (w == 2)
		for (i = 0; i < n; i++) {
			uint32_t v = c->code[pm[i].row];
			p[2ull * i] = (unsigned char)v;
			p[2ull * i + 1] = (unsigned char)(v >> 8);
		}
	else if (w == 4)
		for (i = 0; i < n; i++)
			put_entries(p, 4, i, c->code[pm[i].row]);
	*size = 8 + 4ull * (c->nstr + 1) + c->bytes.len + (uint64_t)w * n;
	return SEG_K_DICT;
}

static uint64_t load64(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

static uint32_t load32(const char *s)
{
	uint32_t w;
	memcpy(&w, s, 4);
	return w;
}

/* Word-at-a-time hash for the encode-time dictionaries (FNV-1a's byte
 * loop cost more than the bytes it saved); the tail is read as one
 * overlapping word, never past the string. */
static uint64_t fast_hash(const char *s, uint32_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n, w;
	uint32_t i;
	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8) {
			h = (h ^ load64(s + i)) * 0xbf58476d1ce4e5b9ull;
			h ^= h >> 31;
		}
		w = load64(s + n - 8);
	} else if (n >= 4) {
		w = load32(s) | (uint64_t)load32(s + n - 4) << 32;
	} else {
		w = n ? (unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
		        (uint64_t)(unsigned char)s[n - 1] << 16 : 0;
	}
	h = (h ^ w) * 0x94d049bb133111ebull;
	return h ^ h >> 29;
}

/* memcmp(a, b, n) == 0 without a call, for the short strings of actor
 * names (the same overlapping words as fast_hash) */
static int str_eq(const char *a, const char *b, uint32_t n)
{
	uint32_t i;
	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8)
			if (load64(a + i) != load64(b + i))
				return 0;
		return load64(a + n - 8) == load64(b + n - 8);
	}
	if (n >= 4)
		return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int edict_grow(edict *d)
{
	uint32_t i, k;
	if (d->n == d->cap) {
		uint32_t nc = d->cap ? d->cap * 2 : 1024;
		if (grow((void **)&d->eoff, nc, sizeof *d->eoff) || grow((void **)&d->elen, nc, sizeof *d->elen) ||
		    grow((void **)&d->ehash, nc, sizeof *d->ehash))
			return -1;
		d->cap = nc;
	}
	if ((uint64_t)(d->n + 1) * 2 > d->nslot) {
		uint32_t ns = d->nslot ? d->nslot * 2 : 2048;
		uint32_t *sl = tides_calloc(ns, sizeof *sl);
		if (!sl)
			return -1;
		for (k = 0; k < d->n; k++) {
			for (i = d->ehash[k] & (ns - 1); sl[i]; i = (i + 1) & (ns - 1))
				;
			sl[i] = k + 1;
		}
		tides_free(d->slot);
		d->slot = sl;
		d->nslot = ns;
	}
	return 0;
}

#define DICT_SAMPLE 2048

/* Codes of the output rows of heap column c in b->ecode, distinct strings
 * in b->ed.  1: not worth it (too many distinct strings: ids, URLs), so
 * the pass stops early; 0 done; -1 out of memory. */
static int dict_pass(seg_builder *b, const scol *c, uint32_t n, uint64_t *sbytes)
{
	edict *d = &b->ed;
	const perm_ent *pm = b->perm;
	uint32_t i, limit = n / 2;
	d->n = 0;
	*sbytes = 0;
	if (d->slot)
		memset(d->slot, 0, (size_t)d->nslot * sizeof *d->slot);
	for (i = 0; i < n; i++) {
		uint32_t r = pm[i].row, a = c->off[r], l = c->off[r + 1] - a, j, e;
		const char *s = c->bytes.s + a;
		uint32_t h = (uint32_t)fast_hash(s, l);
		if (i == DICT_SAMPLE && d->n > DICT_SAMPLE / 2)
			return 1;
		if (d->nslot) {
			uint32_t found = UINT32_MAX;
			for (j = h & (d->nslot - 1); (e = d->slot[j]) != 0; j = (j + 1) & (d->nslot - 1))
				if (d->ehash[e - 1] == h && d->elen[e - 1] == l &&
				    str_eq(c->bytes.s + d->eoff[e - 1], s, l)) {
					found = e - 1;
					break;
				}
			if (found != UINT32_MAX) {
				b->ecode[i] = found;
				continue;
			}
		}
		if (d->n >= limit)
			return 1;
		if (edict_grow(d) != 0)
			return -1;
		for (j = h & (d->nslot - 1); d->slot[j]; j = (j + 1) & (d->nslot - 1))
			;
		d->eoff[d->n] = a;
		d->elen[d->n] = l;
		d->ehash[d->n] = h;
		d->slot[j] = d->n + 1;
		*sbytes += l;
		b->ecode[i] = d->n++;
	}
	return 0;
}

/* A text column the builder kept as a heap: every row the same string
 * (DICT of one string, no indexes), every row a canonical decimal (DEC:
 * orig_id), strings that repeat (DICT built here: actor names), or the
 * heap, whichever is smallest.  0 ok, -1 out of memory. */
static int enc_heap(seg_builder *b, const scol *c, uint32_t n, unsigned char *p, uint64_t *size,
                    uint32_t *kind)
{
	const perm_ent *pm = b->perm;
	uint64_t total = 0, dmin = UINT64_MAX, dmax = 0, v, heap_sz, best;
	uint32_t i, l0 = 0, w = 0;
	const char *s0 = NULL;
	int same = n > 0, dec = n > 0, rc;
	if (n) {
		s0 = c->bytes.s + c->off[pm[0].row];
		l0 = c->off[pm[0].row + 1] - c->off[pm[0].row];
	}
	if (c->bytes.len == 0) {
		dec = 0; /* every row empty (GDELT's issues, doc_id, verb_text) */
	} else {
		/* one pass while a cheap kind is still possible; without dropped
		 * rows the heap's bytes are the builder's */
		for (i = 0; i < n && (same || dec); i++) {
			uint32_t r = pm[i].row, a0 = c->off[r], l = c->off[r + 1] - a0;
			const char *s = c->bytes.s + a0;
			total += l;
			if (same && (l != l0 || memcmp(s, s0, l) != 0))
				same = 0;
			if (dec) {
				if (!dec_parse(s, l, &v))
					dec = 0;
				else {
					b->dval[i] = v;
					dmin = v < dmin ? v : dmin;
					dmax = v > dmax ? v : dmax;
				}
			}
		}
		if (i < n) {
			if (b->n == n)
				total = c->bytes.len;
			else
				for (; i < n; i++)
					total += c->off[pm[i].row + 1] - c->off[pm[i].row];
		}
	}
	heap_sz = 4ull * (n + 1) + total;
	best = heap_sz;
	if (same && 16 + (uint64_t)l0 < best) {
		put32(p, 1);
		put32(p + 4, 0);
		put32(p + 8, 0);
		put32(p + 12, l0);
		memcpy(p + 16, s0, l0);
		*size = 16 + (uint64_t)l0;
		*kind = SEG_K_DICT;
		return 0;
	}
	if (dec) {
		uint64_t span = dmax - dmin;
		w = span == 0 ? 0 : span <= 0xff ? 1 : span <= 0xffff ? 2 : span <= 0xffffffffull ? 4 : 8;
		if (12 + (uint64_t)w * n < best) {
			put32(p, w);
			memcpy(p + 4, &dmin, 8);
			if (w == 1)
				for (i = 0; i < n; i++)
					p[12 + i] = (unsigned char)(b->dval[i] - dmin);
			else if (w == 2)
				for (i = 0; i < n; i++) {
					uint32_t d = (uint32_t)(b->dval[i] - dmin);
					p[12 + 2ull * i] = (unsigned char)d;
					p[13 + 2ull * i] = (unsigned char)(d >> 8);
				}
			else if (w)
				for (i = 0; i < n; i++)
					put_entries(p + 12, w, i, b->dval[i] - dmin);
			*size = 12 + (uint64_t)w * n;
			*kind = SEG_K_DEC;
			return 0;
		}
	}
	if (!same && n > 0) {
		uint64_t sbytes, dsz;
		const edict *d = &b->ed;
		rc = dict_pass(b, c, n, &sbytes);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			w = d->n <= 256 ? 1 : d->n <= 65536 ? 2 : 4;
			dsz = 8 + 4ull * (d->n + 1) + sbytes + (uint64_t)w * n;
			if (dsz < best) {
				unsigned char *q;
				uint32_t at = 0, k;
				put32(p, d->n);
				put32(p + 4, w);
				q = p + 8 + 4ull * (d->n + 1);
				for (k = 0; k < d->n; k++) {
					put32(p + 8 + 4ull * k, at);
					memcpy(q + at, c->bytes.s + d->eoff[k], d->elen[k]);
					at += d->elen[k];
				}
				put32(p + 8 + 4ull * d->n, at);
				q += at;
				if (w == 1)
					for (i = 0; i < n; i++)
						q[i] = (unsigned char)b->ecode[i];
				else
					for (i = 0; i < n; i++)
						put_entries(q, w, i, b->ecode[i]);
				*size = dsz;
				*kind = SEG_K_DICT;
				return 0;
			}
		}
	}
	{
		unsigned char *offs = p, *q = p + 4ull * (n + 1);
		uint32_t at = 0;
		for (i = 0; i < n; i++) {
			uint32_t r = pm[i].row, l = c->off[r + 1] - c->off[r];
			put32(offs + 4ull * i, at);
			memcpy(q + at, c->bytes.s + c->off[r], l);
			at += l;
		}
		put32(offs + 4ull * n, at);
	}
	*size = heap_sz;
	*kind = SEG_K_HEAP;
	return 0;
}

int seg_builder_encode(seg_builder *b, tides_buf *out, seg_info *info)
{
	uint32_t n = 0, i, k, j;
	uint64_t bound, at;
	unsigned char *base;
	int32_t slo = INT32_MAX, shi = INT32_MIN;

	memset(info, 0, sizeof *info);
	/* sort row numbers by id; the first row of each id stays */
	for (i = 0; i < b->n; i++) {
		b->perm[i].id = b->id[i];
		b->perm[i].row = i;
	}
	radix_sort(b->perm, b->tmp, b->n);
	for (i = 0; i < b->n; i++)
		if (n == 0 || b->perm[i].id != b->perm[n - 1].id)
			b->perm[n++] = b->perm[i];
	info->nrows = n;
	info->dropped = b->n - n;
	info->day_lo = INT32_MAX;
	info->day_hi = INT32_MIN;
	for (i = 0; i < n; i++) {
		uint32_t r = b->perm[i].row;
		int32_t d = b->day[r], t = b->sent[r];
		if (d < info->day_lo)
			info->day_lo = d;
		if (d > info->day_hi)
			info->day_hi = d;
		slo = t < slo ? t : slo;
		shi = t > shi ? t : shi;
	}
	if (n) {
		info->id_lo = b->perm[0].id;
		info->id_hi = b->perm[n - 1].id;
	}
	/* room for the TSG1 kinds of every column (each column's choice is
	 * never larger); the blob ends where the last column does */
	bound = SEG_HDR_SIZE + 25ull * n;
	for (k = 0; k < NSTR; k++) {
		const scol *c = &b->s[k];
		bound += str_dict[k] ? 8 + 4ull * (c->nstr + 1) + c->bytes.len + 4ull * n
		                     : 4ull * (n + 1) + c->bytes.len;
	}
	if (bound > UINT32_MAX)
		return -1;
	if (b->ecap < b->n) {
		if (grow((void **)&b->ecode, b->n, sizeof *b->ecode) || grow((void **)&b->gcode, b->n, 1) ||
		    grow((void **)&b->dval, b->n, sizeof *b->dval))
			return -1;
		b->ecap = b->n;
	}
	tides_buf_reset(out);
	if (tides_buf_grow(out, (size_t)bound) != 0)
		return -1;
	base = (unsigned char *)out->s;
	memcpy(base, "TSG2", 4);
	put32(base + 4, n);
	put32(base + 8, SEG_NCOL);
	/* place the columns the relations index reads first: a blob's overflow
	 * pages are a chain, so reading a column walks every page before it */
	at = SEG_HDR_SIZE;
	for (j = 0; j < SEG_NCOL; j++) {
		unsigned char *p = base + at;
		uint64_t sz = 0;
		uint32_t kind;
		k = placement[j];
		switch (k) {
		case SEG_ID:
			for (i = 0; i < n; i++)
				memcpy(p + 8ull * i, &b->perm[i].id, 8);
			sz = 8ull * n;
			kind = SEG_K_I64;
			break;
		case SEG_DAY:
			kind = enc_i32(b, b->day, info->day_lo, info->day_hi, n, p, &sz);
			break;
		case SEG_QUAD:
			for (i = 0; i < n; i++)
				p[i] = b->quad[b->perm[i].row];
			sz = n;
			kind = SEG_K_U8;
			break;
		case SEG_GOLD:
			kind = enc_gold(b, n, p, &sz);
			break;
		case SEG_SENT:
			kind = enc_i32(b, b->sent, slo, shi, n, p, &sz);
			break;
		default:
			if (str_dict[k - SEG_FIRST_STR])
				kind = enc_dict(b, &b->s[k - SEG_FIRST_STR], n, p, &sz);
			else if (enc_heap(b, &b->s[k - SEG_FIRST_STR], n, p, &sz, &kind) != 0)
				return -1;
			break;
		}
		put32(base + 12 + 12 * k, kind);
		put32(base + 16 + 12 * k, (uint32_t)at);
		put32(base + 20 + 12 * k, (uint32_t)sz);
		at += sz;
	}
	out->len = (size_t)at;
	out->s[out->len] = '\0';
	return 0;
}

/* ------------------------------------------------------------ decoder */

static int expected_kind(int version, int c, uint32_t kind)
{
	switch (c) {
	case SEG_ID: return kind == SEG_K_I64;
	case SEG_DAY: case SEG_SENT: return kind == SEG_K_I32 || (version >= 2 && kind == SEG_K_PACK);
	case SEG_QUAD: return kind == SEG_K_U8;
	case SEG_GOLD: return kind == SEG_K_F64 || (version >= 2 && kind == SEG_K_FDICT);
	default:
		/* DEC only where the encoder keeps a heap: the columns the store
		 * matches on (actors, countries) are always DICT or HEAP */
		return kind == SEG_K_DICT || kind == SEG_K_HEAP ||
		       (version >= 2 && kind == SEG_K_DEC && !str_dict[c - SEG_FIRST_STR]);
	}
}

int seg_dir_parse(const void *hdr, size_t hdr_len, size_t blob_len, seg_dir *d)
{
	const unsigned char *h = hdr;
	int c;
	if (hdr_len < SEG_HDR_SIZE || blob_len < SEG_HDR_SIZE || seg_u32(h + 8) != SEG_NCOL)
		return -1;
	if (memcmp(h, "TSG2", 4) == 0)
		d->version = 2;
	else if (memcmp(h, "TSG1", 4) == 0)
		d->version = 1;
	else
		return -1;
	d->nrows = seg_u32(h + 4);
	if (d->nrows > SEG_MAX_ROWS)
		return -1;
	for (c = 0; c < SEG_NCOL; c++) {
		d->kind[c] = seg_u32(h + 12 + 12 * c);
		d->off[c] = seg_u32(h + 16 + 12 * c);
		d->len[c] = seg_u32(h + 20 + 12 * c);
		if (!expected_kind(d->version, c, d->kind[c]) || d->off[c] < SEG_HDR_SIZE ||
		    (uint64_t)d->off[c] + d->len[c] > blob_len)
			return -1;
	}
	return 0;
}

static int check_offsets(const unsigned char *off, uint64_t count, uint32_t *last)
{
	uint32_t prev = 0, v;
	uint64_t i;
	if (seg_u32(off) != 0)
		return -1;
	for (i = 1; i <= count; i++) {
		v = seg_u32(off + 4 * i);
		if (v < prev)
			return -1;
		prev = v;
	}
	*last = prev;
	return 0;
}

/* Largest of n little-endian entries of w bytes (w = 0, 1, 2, 4, 8). */
static uint64_t max_entry(const unsigned char *q, uint32_t w, uint64_t n)
{
	uint64_t i, mx = 0, x;
	uint32_t y;
	switch (w) {
	case 0:
		break;
	case 1:
		for (i = 0; i < n; i++)
			mx = q[i] > mx ? q[i] : mx;
		break;
	case 2:
		for (i = 0; i < n; i++) {
			x = (uint64_t)(q[2 * i] | q[2 * i + 1] << 8);
			mx = x > mx ? x : mx;
		}
		break;
	case 4:
		for (i = 0; i < n; i++) {
			y = seg_u32(q + 4 * i);
			mx = y > mx ? y : mx;
		}
		break;
	default:
		for (i = 0; i < n; i++) {
			memcpy(&x, q + 8 * i, 8);
			mx = x > mx ? x : mx;
		}
		break;
	}
	return mx;
}

/* Every one of n bytes below lim (1..256).  The relations index loads
 * the country and Goldstein indexes of every segment it scans, so this
 * check runs per scan: eight bytes a step, a byte > m setting its high
 * bit in (x + (127 - m)) | x (m <= 127; no byte carries into the next
 * unless its own high bit is already set). */
static int bytes_below(const unsigned char *q, uint64_t n, uint32_t lim)
{
	uint64_t i = 0, acc = 0, x;
	if (lim >= 256)
		return 1;
	if (lim <= 128) {
		uint64_t add = 0x0101010101010101ull * (127 - (lim - 1));
		for (; i + 8 <= n; i += 8) {
			memcpy(&x, q + i, 8);
			acc |= (x + add) | x;
		}
		if (acc & 0x8080808080808080ull)
			return 0;
	}
	for (; i < n; i++)
		if (q[i] >= lim)
			return 0;
	return 1;
}

int seg_col_load(seg_view *v, const seg_dir *d, int c, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t n = d->nrows;
	seg_col *col = &v->col[c];
	uint32_t last, i;

	v->nrows = d->nrows;
	memset(col, 0, sizeof *col);
	col->kind = (int)d->kind[c];
	col->p = p;
	col->len = len;
	if (len != d->len[c] || !expected_kind(d->version, c, d->kind[c]))
		return -1;
	switch (col->kind) {
	case SEG_K_I64:
		if (len != 8 * n)
			return -1;
		for (i = 1; i < n; i++) { /* ids ascend strictly: merges rely on it */
			int64_t a, b;
			memcpy(&a, p + 8 * (i - 1), 8);
			memcpy(&b, p + 8 * i, 8);
			if (a >= b)
				return -1;
		}
		break;
	case SEG_K_I32:
		if (len != 4 * n)
			return -1;
		col->width = 4;
		col->idx = p;
		break;
	case SEG_K_PACK: {
		int32_t base;
		if (len < 8)
			return -1;
		col->width = seg_u32(p);
		memcpy(&base, p + 4, 4);
		col->base = base;
		if (col->width > 2 || len != 8 + col->width * n ||
		    (int64_t)base + (col->width == 0 ? 0 : col->width == 1 ? 255 : 65535) > INT32_MAX)
			return -1;
		col->idx = p + 8;
		break;
	}
	case SEG_K_U8:
		if (len != n)
			return -1;
		break;
	case SEG_K_F64:
		if (len != 8 * n)
			return -1;
		col->vals = p;
		break;
	case SEG_K_FDICT:
		if (len < 8)
			return -1;
		col->nstr = seg_u32(p);
		col->width = seg_u32(p + 4);
		if (col->nstr < 1 || col->nstr > 256 || col->width > 1 || (col->width == 0 && col->nstr != 1) ||
		    len != 8 + 8ull * col->nstr + col->width * n)
			return -1;
		col->vals = p + 8;
		col->idx = p + 8 + 8ull * col->nstr;
		if (col->width && !bytes_below(col->idx, n, col->nstr))
			return -1;
		break;
	case SEG_K_DICT: {
		uint64_t need;
		if (len < 8)
			return -1;
		col->nstr = seg_u32(p);
		col->width = seg_u32(p + 4);
		if ((col->width != 1 && col->width != 2 && col->width != 4 &&
		     (col->width != 0 || d->version < 2 || col->nstr != 1)) ||
		    col->nstr >= SEG_MAX_ROWS || 8 + 4ull * (col->nstr + 1) > len || (n > 0 && col->nstr == 0))
			return -1;
		col->off = p + 8;
		if (check_offsets(col->off, col->nstr, &last) != 0)
			return -1;
		need = 8 + 4ull * (col->nstr + 1) + last + (uint64_t)col->width * n;
		if (need != len)
			return -1;
		col->bytes = (const char *)col->off + 4ull * (col->nstr + 1);
		col->idx = (const unsigned char *)col->bytes + last;
		if (col->width == 1 ? !bytes_below(col->idx, n, col->nstr)
		                    : n > 0 && max_entry(col->idx, col->width, n) >= col->nstr)
			return -1;
		break;
	}
	case SEG_K_HEAP:
		if (4 * (n + 1) > len)
			return -1;
		col->off = p;
		if (check_offsets(col->off, n, &last) != 0 || 4 * (n + 1) + last != len)
			return -1;
		col->bytes = (const char *)p + 4 * (n + 1);
		break;
	case SEG_K_DEC:
		if (len < 12)
			return -1;
		col->width = seg_u32(p);
		memcpy(&col->base64, p + 4, 8);
		if ((col->width > 2 && col->width != 4 && col->width != 8) || len != 12 + col->width * n ||
		    col->base64 > DEC_MAX || max_entry(p + 12, col->width, n) > DEC_MAX - col->base64)
			return -1;
		col->idx = p + 12;
		break;
	default:
		return -1;
	}
	v->have |= 1u << c;
	return 0;
}

int seg_decode(const void *blob, size_t len, seg_view *v)
{
	seg_dir d;
	int c;
	memset(v, 0, sizeof *v);
	if (seg_dir_parse(blob, len, len, &d) != 0)
		return -1;
	for (c = 0; c < SEG_NCOL; c++)
		if (seg_col_load(v, &d, c, (const unsigned char *)blob + d.off[c], d.len[c]) != 0)
			return -1;
	return 0;
}

uint32_t seg_code(const seg_view *v, int c, uint32_t i)
{
	const seg_col *col = &v->col[c];
	const unsigned char *q;
	if (col->kind != SEG_K_DICT)
		return i;
	if (col->width == 0)
		return 0;
	q = col->idx + (size_t)col->width * i;
	return col->width == 1 ? q[0] : col->width == 2 ? (uint32_t)(q[0] | q[1] << 8) : seg_u32(q);
}

static uint64_t dec_value(const seg_col *col, uint32_t i)
{
	const unsigned char *q = col->idx;
	uint64_t x = 0;
	switch (col->width) {
	case 0: break;
	case 1: x = q[i]; break;
	case 2: x = (uint64_t)(q[2ull * i] | q[2ull * i + 1] << 8); break;
	case 4: x = seg_u32(q + 4ull * i); break;
	default: memcpy(&x, q + 8ull * i, 8); break;
	}
	return col->base64 + x;
}

const char *seg_str(const seg_view *v, int c, uint32_t i, char buf[SEG_DEC_BUF], size_t *len)
{
	const seg_col *col = &v->col[c];
	uint32_t k, a, b;
	if (col->kind == SEG_K_DEC) {
		*len = dec_format(dec_value(col, i), buf);
		return buf;
	}
	k = seg_code(v, c, i);
	a = seg_u32(col->off + 4ull * k);
	b = seg_u32(col->off + 4ull * k + 4);
	*len = b - a;
	return col->bytes + a;
}

void seg_row(const seg_view *v, uint32_t i, tides_event *ev)
{
	int c;
	char buf[SEG_DEC_BUF];
	tides_event_init(ev);
	store_u64_to_hex((uint64_t)seg_id(v, i), ev->event_id);
	tides_date_format(seg_day(v, i), ev->date);
	ev->quad = seg_quad(v, i);
	ev->goldstein = seg_gold(v, i);
	ev->sentence = seg_i32(&v->col[SEG_SENT], i);
	for (c = SEG_FIRST_STR; c < SEG_NCOL; c++) {
		size_t cap, len;
		char *dst = ev_field(ev, c, &cap);
		const char *s = seg_str(v, c, i, buf, &len);
		tides_memcpy_utf8(dst, cap, s, len);
	}
}
