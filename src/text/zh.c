/*
 * zh.c — Chinese script detection, normalization, segmentation and
 * sentence splitting (see zh.h for the contract).
 *
 * Design.  Normalization is NFKC (full-width letters, digits and
 * punctuation fold to ASCII; 。、「」“” stay), then the
 * Traditional-Simplified transliterator (only when the text holds a
 * character it changes alone: it is the costliest step; see zh-t2s.c),
 * then the name dots and controls (zh_map_cp).  The general path does it
 * all in ICU, in UTF-16.  The fast path (valid UTF-8, no character the
 * transliterator changes: almost all simplified text) stays in UTF-8: an
 * NFKC-inert character is copied as it is, and only the runs of
 * non-inert characters between inert ones go to ICU's NFKC (one
 * character runs through a cache); classes per BMP code point (inert,
 * transliterator candidate, mapped, may start a date) are in zt->cls,
 * filled per block of 256 on first use.  Both paths give the same bytes
 * (tests/unit/test-zh-fast.c compares them with ICU over the BMP).
 *
 * Segmentation keeps parallel arrays per code point (code point, byte
 * offset, ICU boundary flag) in the zh_text's scratch space: one forward
 * walk for the lexicon, ICU over the gaps (put in UTF-16 for it then).  ICU runs
 * only on gaps where its boundaries matter (two adjacent word
 * characters), and its answers for short gaps are memoized: they depend
 * on the gap's text alone.
 *
 * The lexicon is a trie over code points, its edges in one
 * open-addressing table keyed by (node, code point): the longest-match
 * walk costs one probe per character and stops as soon as no lexicon word
 * can continue.
 *
 * Why the lexicon overrides ICU: ICU's dictionary is general Chinese; it
 * merges across names it does not know (和美国 -> 和美 | 国) and splits
 * titles the coder needs whole.  The coder's dictionary words are the
 * tokens that matter for coding, so they win wherever they start (forward
 * longest match); ICU's word break decides only the gaps between them,
 * which also keeps its dictionary lookups, the expensive part, short.
 */
#include "text/zh.h"
#include "text/zh-t2s.h"

#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/uset.h>
#include <unicode/utf16.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "util/ctx.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

/* ------------------------------------------------------------ script */

int zh_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F) || cp == 0x3007;
}

static int zh_is_latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F) ||
	       (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

int zh_detect(const char *s, size_t n)
{
	size_t i = 0, han = 0, latin = 0, k;
	uint32_t cp;
	/* fast path for the common case: Han code points start with a byte
	 * E3..E9 (U+3000..U+9FFF), EF (compatibility) or F0 (plane 2) */
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if ((b >= 0xE3 && b <= 0xE9) || b == 0xEF || b == 0xF0)
			break;
	}
	if (i == n)
		return 0;
	i = 0;
	while (i < n) {
		k = zh_dec(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if (zh_is_han(cp))
			han++;
		else if (zh_is_latin(cp))
			latin++;
	}
	return han > 0 && han * 4 >= latin;
}

/* ------------------------------------------------------------ lexicon */

/* One trie edge: node `parent` has child `child` for code point `cp`.
 * child 0 marks an empty slot (node 0 is the root, never a child). */
typedef struct zh_edge {
	uint32_t parent, cp, child;
} zh_edge;

enum { ZH_WORD = 1, ZH_KIDS = 2 }; /* zh_lexicon.isword */

struct zh_lexicon {
	zh_edge *edges;   /* open addressing on (parent, cp); cap a power of 2 */
	size_t cap, nedges;
	uint8_t *isword;  /* per node: ZH_WORD a word ends here, ZH_KIDS it has children */
	size_t nnodes, ncap, nwords;
	uint32_t root[0x10000];     /* the root's child per BMP code point (0: none) */
};

static inline size_t zh_edge_slot(uint32_t parent, uint32_t cp, size_t mask)
{
	uint32_t h = parent * 0x9E3779B1u ^ cp * 0x85EBCA77u;
	h ^= h >> 15;
	h *= 0x2C1B3C6Du;
	h ^= h >> 12;
	return (size_t)h & mask;
}

/* The child of `node` for `cp`, or 0. */
static inline uint32_t zh_lex_child(const zh_lexicon *lx, uint32_t node, uint32_t cp)
{
	size_t mask = lx->cap - 1, i = zh_edge_slot(node, cp, mask);
	for (;;) {
		const zh_edge *e = &lx->edges[i];
		if (e->child == 0)
			return 0;
		if (e->parent == node && e->cp == cp)
			return e->child;
		i = (i + 1) & mask;
	}
}

zh_lexicon *zh_lexicon_new(void)
{
	zh_lexicon *lx = tides_calloc(1, sizeof *lx);
	if (!lx)
		return NULL;
	lx->cap = 1024;
	lx->ncap = 256;
	lx->nnodes = 1; /* the root */
	lx->edges = tides_calloc(lx->cap, sizeof *lx->edges);
	lx->isword = tides_calloc(lx->ncap, 1);
	if (!lx->edges || !lx->isword) {
		zh_lexicon_free(lx);
		return NULL;
	}
	return lx;
}

void zh_lexicon_free(zh_lexicon *lx)
{
	if (!lx)
		return;
	tides_free(lx->edges);
	tides_free(lx->isword);
	tides_free(lx);
}

size_t zh_lexicon_size(const zh_lexicon *lx)
{
	return lx ? lx->nwords : 0;
}

size_t zh_lexicon_nodes(const zh_lexicon *lx)
{
	return lx ? lx->nnodes : 0;
}

static int zh_lex_grow(zh_lexicon *lx)
{
	size_t i, ncap = lx->cap * 2;
	zh_edge *old = lx->edges, *ne = tides_calloc(ncap, sizeof *ne);
	if (!ne)
		return -1;
	for (i = 0; i < lx->cap; i++) {
		size_t j;
		if (old[i].child == 0)
			continue;
		j = zh_edge_slot(old[i].parent, old[i].cp, ncap - 1);
		while (ne[j].child)
			j = (j + 1) & (ncap - 1);
		ne[j] = old[i];
	}
	lx->edges = ne;
	lx->cap = ncap;
	tides_free(old);
	return 0;
}

/* The child of `node` for `cp`, made if missing; 0 when out of memory. */
static uint32_t zh_lex_step(zh_lexicon *lx, uint32_t node, uint32_t cp)
{
	uint32_t c = zh_lex_child(lx, node, cp);
	size_t i, mask;
	if (c)
		return c;
	if (lx->nnodes >= UINT32_MAX - 1)
		return 0;
	if ((lx->nedges + 1) * 2 > lx->cap && zh_lex_grow(lx) < 0)
		return 0;
	if (lx->nnodes == lx->ncap) {
		uint8_t *p = tides_realloc(lx->isword, lx->ncap * 2);
		if (!p)
			return 0;
		memset(p + lx->ncap, 0, lx->ncap);
		lx->isword = p;
		lx->ncap *= 2;
	}
	c = (uint32_t)lx->nnodes++;
	lx->isword[c] = 0;
	lx->isword[node] |= ZH_KIDS;
	mask = lx->cap - 1;
	i = zh_edge_slot(node, cp, mask);
	while (lx->edges[i].child)
		i = (i + 1) & mask;
	lx->edges[i].parent = node;
	lx->edges[i].cp = cp;
	lx->edges[i].child = c;
	lx->nedges++;
	return c;
}

int zh_lexicon_has(const zh_lexicon *lx, const char *w, size_t n)
{
	uint32_t node = 0, cp;
	size_t i = 0, k;
	if (!lx || n == 0)
		return 0;
	while (i < n) {
		k = zh_dec(w + i, n - i, &cp);
		if (k == 0 || (node = zh_lex_child(lx, node, cp)) == 0)
			return 0;
		i += k;
	}
	return lx->isword[node] & ZH_WORD;
}

/* Adds one connector-free word: its path in the trie, marked as a word. */
static int zh_lex_add_word(zh_lexicon *lx, const char *w, size_t n)
{
	size_t i = 0, k, nchar = 0;
	int han = 0;
	uint32_t cp, node = 0;
	while (i < n) {
		k = zh_dec(w + i, n - i, &cp);
		if (k == 0)
			return 0; /* not valid UTF-8: not a word we could ever see */
		if (zh_is_han(cp))
			han = 1;
		i += k;
		nchar++;
	}
	if (!han || nchar < 2)
		return 0;
	for (i = 0; i < n; i += k) {
		k = zh_dec(w + i, n - i, &cp);
		if ((node = zh_lex_step(lx, node, cp)) == 0)
			return -1;
		if (i == 0 && cp < 0x10000)
			lx->root[cp] = node;
	}
	if (!(lx->isword[node] & ZH_WORD)) {
		lx->isword[node] |= ZH_WORD;
		lx->nwords++;
	}
	return 0;
}

int zh_lexicon_add(zh_lexicon *lx, const char *w, size_t n)
{
	tides_buf whole;
	size_t i, start = 0;
	int rc = 0, parts = 0;
	tides_buf_init(&whole);
	for (i = 0; i <= n; i++) {
		if (i < n && w[i] != '_' && w[i] != ' ')
			continue;
		if (i > start) {
			parts++;
			if (zh_lex_add_word(lx, w + start, i - start) < 0 ||
			    tides_buf_add(&whole, w + start, i - start) < 0) {
				rc = -1;
				goto done;
			}
		}
		start = i + 1;
	}
	if (parts > 1 && zh_lex_add_word(lx, whole.s, whole.len) < 0)
		rc = -1;
done:
	tides_buf_release(&whole);
	return rc;
}

/* ------------------------------------------------------------ zh_text */

/* Per-code-point classes of the BMP (zt->cls), for the fast paths. */
enum {
	ZC_INERT = 1, /* NFKC-inert: unchanged, a normalization boundary on both sides */
	ZC_TRAD = 2,  /* the transliterator changes it when it stands alone */
	ZC_MAP = 4,   /* zh_map_cp changes it (name dots, controls) */
	ZC_SRC = 8,   /* in the transliterator's source set */
	ZC_TKNOWN = 16, /* ZC_TRAD is known (zh_is_trad) */
	ZC_DATE = 32   /* a date expression may start with it (zh_date_start) */
};

/* Cache of NFKC over one non-inert BMP character between inert ones
 * (，： （ ） and the full-width letters and digits of Chinese text). */
#define ZH_FOLD_SLOTS 256
typedef struct zh_fold {
	uint32_t cp1;  /* code point + 1; 0 = empty */
	uint8_t len;   /* bytes of s */
	char s[15];    /* the NFKC result in UTF-8, after zh_map_cp */
} zh_fold;

/* Memo of ICU's word boundaries over short gaps: a pure function of the
 * gap's text (ubrk_setText starts afresh), and the same few thousand
 * gaps (发表, 局势, 举行...) come back all the time in news text. */
#define ZH_MEMO_SLOTS 512
#define ZH_MEMO_UNITS 22 /* UTF-16 units of a memoized gap; at most 31 code points */
typedef struct zh_memo {
	uint32_t bnd;    /* bit k: a boundary before code point k of the gap */
	uint16_t len;    /* units; 0 = empty slot */
	UChar u[ZH_MEMO_UNITS];
} zh_memo;

struct zh_text {
	tides_ctx *ctx;
	const zh_lexicon *lx;
	const UNormalizer2 *nfkc; /* owned by ICU */
	zh_t2s *t2s;              /* ICU's Traditional-Simplified, compiled on demand */
	UBreakIterator *brk;
	UChar *u1, *u2;
	int32_t ucap;
	/* per code point scratch for zh_segment */
	uint32_t *cps, *off8;
	uint8_t *bnd;
	zh_tokref *tok;           /* zh_segment's tokens */
	size_t ntok, ccap;
	/* fast normalization: classes of the BMP, ZC_INERT filled in lazily
	 * per block of 256 (cls_known) because unorm2_isInert over the whole
	 * BMP would cost more than most runs ever need */
	uint8_t *cls;
	uint8_t cls_known[256];
	zh_fold fold[ZH_FOLD_SLOTS];
	zh_memo memo[ZH_MEMO_SLOTS];
	size_t date_from;         /* zh_text_date_from */
	/* zh_norm_fast's output decoded in cps/off8 (zh_pre_out): valid for
	 * the next zh_segment of exactly that buffer */
	int pre_ok;
	const char *pre_s;
	size_t pre_n, pre_ncp;
	size_t seg_ncp;           /* code points in cps/off8 after zh_seg */
};

/* What the normalizer does after NFKC and the transliterator: the name
 * dots 弗拉基米尔·普京 is written with become one, controls and the line
 * and paragraph separators become blanks (U+2029 a line break). */
static uint32_t zh_map_cp(uint32_t c)
{
	if (c == 0x2022 || c == 0x30FB || c == 0x2027 || c == 0x2219 || c == 0x22C5)
		return 0x00B7;
	if (c == 0x2029)
		return '\n';
	if ((c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 ||
	    c == 0xFEFF)
		return ' ';
	return c;
}

/* Does the transliterator change c when it stands alone?  Its source
 * set also holds simplified characters that only change in some contexts
 * (表 in 手錶), which simplified text is full of, so the set alone would
 * send most text through the transliterator.  Asked per character when
 * it first occurs (a text uses a few hundred of the set's 3,464, and
 * each costs the transliterator's full rule matching) and remembered in
 * zt->cls; supplementary characters are asked every time (rare).  A
 * failure says "changed", which sends the text to the general path. */
static int zh_is_trad(zh_text *zt, uint32_t c)
{
	int changed;
	if (c < 0x10000) {
		unsigned b = zt->cls[c];
		if (!(b & ZC_SRC))
			return 0;
		if (b & ZC_TKNOWN)
			return (b & ZC_TRAD) != 0;
	}
	changed = zh_t2s_changes(zt->t2s, c);
	if (c < 0x10000 && zh_t2s_compiled(zt->t2s))
		zt->cls[c] |= (uint8_t)(ZC_TKNOWN | (changed ? ZC_TRAD : 0));
	return changed;
}

/* ZC_SRC and ZC_MAP of the BMP; ZC_INERT comes per block (zh_cls_block),
 * ZC_TRAD per character (zh_is_trad). */
static void zh_cls_init(zh_text *zt)
{
	static const uint32_t mapped[] = {0x2022, 0x30FB, 0x2027, 0x2219, 0x22C5, 0x2028, 0x2029, 0xFEFF};
	const USet *maybe = zh_t2s_maybe(zt->t2s);
	int32_t i, n = uset_getItemCount(maybe);
	uint32_t c;
	for (i = 0; i < n; i++) {
		UErrorCode st = U_ZERO_ERROR;
		UChar32 a, b, k;
		if (uset_getItem(maybe, i, &a, &b, NULL, 0, &st) != 0 || U_FAILURE(st))
			continue; /* a string item: none in a frozen code point set */
		for (k = a; k <= b && k < 0x10000; k++)
			zt->cls[k] |= ZC_SRC;
	}
	for (c = 0; c < 0xA0; c++)
		if (zh_map_cp(c) != c)
			zt->cls[c] |= ZC_MAP;
	for (i = 0; i < (int32_t)(sizeof mapped / sizeof mapped[0]); i++)
		zt->cls[mapped[i]] |= ZC_MAP;
}

static void zh_cls_block(zh_text *zt, uint32_t blk)
{
	uint32_t c;
	for (c = blk << 8; c < ((blk + 1) << 8); c++)
		zt->cls[c] |= (uint8_t)((unorm2_isInert(zt->nfkc, (UChar32)c) ? ZC_INERT : 0) |
		                        (zh_date_start(c) ? ZC_DATE : 0));
	zt->cls_known[blk] = 1;
}

/* Class of a code point; supplementary ones are never ZC_INERT here
 * (they take the general path). */
static inline unsigned zh_cls(zh_text *zt, uint32_t c)
{
	if (c >= 0x10000)
		return 0;
	if (!zt->cls_known[c >> 8])
		zh_cls_block(zt, c >> 8);
	return zt->cls[c];
}

tides_status zh_text_new(tides_ctx *ctx, const zh_lexicon *lx, zh_text **out)
{
	UErrorCode st = U_ZERO_ERROR;
	zh_text *zt;
	*out = NULL;
	zt = tides_calloc(1, sizeof *zt);
	if (!zt || !(zt->cls = tides_calloc(0x10000, 1))) {
		tides_free(zt);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	zt->ctx = ctx;
	zt->lx = lx;
	zt->nfkc = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st)) {
		tides_fail(ctx, TIDES_ERR_INTERNAL, "ICU: no NFKC normalizer: %s", u_errorName(st));
		goto fail;
	}
	/* Most input is already simplified: the transliterator (the costliest
	 * step) runs only on text with a character it changes (zh_is_trad). */
	if (zh_t2s_new(ctx, &zt->t2s) != TIDES_OK)
		goto fail;
	zh_cls_init(zt);
	zt->brk = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st)) {
		tides_fail(ctx, TIDES_ERR_INTERNAL, "ICU: no Chinese word break iterator: %s",
		           u_errorName(st));
		goto fail;
	}
	*out = zt;
	return TIDES_OK;
fail:
	zh_text_free(zt);
	return tides_errmsg(ctx)[0] ? TIDES_ERR_INTERNAL : TIDES_ERR_NOMEM;
}

void zh_text_free(zh_text *zt)
{
	if (!zt)
		return;
	zh_t2s_free(zt->t2s);
	if (zt->brk)
		ubrk_close(zt->brk);
	tides_free(zt->u1);
	tides_free(zt->u2);
	tides_free(zt->cps);
	tides_free(zt->off8);
	tides_free(zt->bnd);
	tides_free(zt->tok);
	tides_free(zt->cls);
	tides_free(zt);
}

/* Both UTF-16 buffers hold at least `need` units. */
static int zh_ureserve(zh_text *zt, size_t need)
{
	UChar *a, *b;
	int32_t cap;
	if (need <= (size_t)zt->ucap)
		return 0;
	if (need > (size_t)INT32_MAX / 4)
		return -1;
	cap = zt->ucap ? zt->ucap : 256;
	while ((size_t)cap < need)
		cap *= 2;
	a = tides_realloc(zt->u1, (size_t)cap * sizeof(UChar));
	if (!a)
		return -1;
	zt->u1 = a;
	b = tides_realloc(zt->u2, (size_t)cap * sizeof(UChar));
	if (!b)
		return -1;
	zt->u2 = b;
	zt->ucap = cap;
	return 0;
}

static int zh_creserve(zh_text *zt, size_t need)
{
	size_t cap;
	void *p;
	if (need <= zt->ccap)
		return 0;
	cap = zt->ccap ? zt->ccap : 256;
	while (cap < need)
		cap *= 2;
	if (!(p = tides_realloc(zt->cps, cap * sizeof *zt->cps)))
		return -1;
	zt->cps = p;
	if (!(p = tides_realloc(zt->off8, cap * sizeof *zt->off8)))
		return -1;
	zt->off8 = p;
	if (!(p = tides_realloc(zt->bnd, cap)))
		return -1;
	zt->bnd = p;
	if (!(p = tides_realloc(zt->tok, cap * sizeof *zt->tok)))
		return -1;
	zt->tok = p;
	zt->ccap = cap;
	return 0;
}

/* NFKC of zt->u1[0..len) into zt->u2, growing both (realloc keeps u1's
 * content) until the result fits; its length, or -1 out of memory.  *st:
 * ICU's status of the last try. */
static int32_t zh_nfkc_u1(zh_text *zt, int32_t len, UErrorCode *st)
{
	for (;;) {
		int32_t len2;
		*st = U_ZERO_ERROR;
		len2 = unorm2_normalize(zt->nfkc, zt->u1, len, zt->u2, zt->ucap, st);
		if (*st != U_BUFFER_OVERFLOW_ERROR)
			return len2;
		if (zh_ureserve(zt, (size_t)len2 + 16) < 0)
			return -1;
	}
}

/* The general path, all in ICU: UTF-8 -> UTF-16 (invalid bytes ->
 * U+FFFD), NFKC, the transliterator when a character it changes is
 * there, zh_map_cp, UTF-16 -> UTF-8. */
static tides_status zh_norm_icu(zh_text *zt, const char *s, size_t n, tides_buf *out, size_t *nbad)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0, nsub = 0, len2, limit, i;
	size_t need;
	int trad = 0;
	UTransliterator *t2s;
	/* UTF-16 never has more units than UTF-8 has bytes; NFKC can expand
	 * (U+FDFA gives 18 units), so leave generous room and retry. */
	need = n + 16;
	if (zh_ureserve(zt, need) < 0)
		return tides_fail(zt->ctx, TIDES_ERR_NOMEM, "out of memory");
	u_strFromUTF8WithSub(zt->u1, zt->ucap, &len, s, (int32_t)n, 0xFFFD, &nsub, &st);
	if (U_FAILURE(st))
		return tides_fail(zt->ctx, TIDES_ERR_INTERNAL, "ICU: UTF-8 conversion: %s", u_errorName(st));
	if (nbad)
		*nbad = (size_t)nsub;
	if ((len2 = zh_nfkc_u1(zt, len, &st)) < 0)
		return tides_fail(zt->ctx, TIDES_ERR_NOMEM, "out of memory");
	if (U_FAILURE(st))
		return tides_fail(zt->ctx, TIDES_ERR_INTERNAL, "ICU: NFKC: %s", u_errorName(st));
	/* Traditional -> simplified works in place; a few mappings grow. */
	for (i = 0; i < len2 && !trad;) {
		UChar32 c;
		U16_NEXT(zt->u2, i, len2, c);
		trad = zh_is_trad(zt, (uint32_t)c);
	}
	if (!trad) {
		memcpy(zt->u1, zt->u2, (size_t)len2 * sizeof(UChar));
		len = len2;
	} else for (;;) {
		int32_t tlen = len2;
		st = U_ZERO_ERROR;
		if (zh_ureserve(zt, (size_t)len2 * 2 + 16) < 0)
			return tides_fail(zt->ctx, TIDES_ERR_NOMEM, "out of memory");
		memcpy(zt->u1, zt->u2, (size_t)len2 * sizeof(UChar));
		limit = tlen;
		t2s = zh_t2s_get(zt->t2s, &st);
		if (!t2s)
			return tides_fail(zt->ctx, TIDES_ERR_INTERNAL,
			                  "ICU: no Traditional-Simplified transliterator: %s", u_errorName(st));
		utrans_transUChars(t2s, zt->u1, &tlen, zt->ucap, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR) {
			if (zh_ureserve(zt, (size_t)zt->ucap * 2) < 0)
				return tides_fail(zt->ctx, TIDES_ERR_NOMEM, "out of memory");
			continue;
		}
		if (U_FAILURE(st))
			return tides_fail(zt->ctx, TIDES_ERR_INTERNAL, "ICU: transliterator: %s",
			                  u_errorName(st));
		len = tlen;
		break;
	}
	for (i = 0; i < len; i++)
		zt->u1[i] = (UChar)zh_map_cp(zt->u1[i]);
	st = U_ZERO_ERROR;
	{
		int32_t n8 = 0;
		u_strToUTF8(NULL, 0, &n8, zt->u1, len, &st);
		if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
			return tides_fail(zt->ctx, TIDES_ERR_INTERNAL, "ICU: UTF-8 output: %s", u_errorName(st));
		if (tides_buf_grow(out, (size_t)n8 + 1) < 0)
			return tides_fail(zt->ctx, TIDES_ERR_NOMEM, "out of memory");
		st = U_ZERO_ERROR;
		u_strToUTF8(out->s, (int32_t)out->cap, &n8, zt->u1, len, &st);
		if (U_FAILURE(st))
			return tides_fail(zt->ctx, TIDES_ERR_INTERNAL, "ICU: UTF-8 output: %s", u_errorName(st));
		out->len = (size_t)n8;
		out->s[out->len] = '\0';
	}
	return TIDES_OK;
}

/* NFKC of a run of non-inert characters (valid UTF-8, s[0..n)) by ICU,
 * then zh_map_cp, into o[0..*olen) (room for 4 bytes per UTF-16 unit of
 * the result, which zt->u1 holds).  Returns 1, 0 when the result has a
 * character the transliterator changes (the caller takes the general
 * path), -1 on an ICU or memory failure. */
static int zh_norm_run(zh_text *zt, const char *s, size_t n, tides_buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0, len2, i;
	if (zh_ureserve(zt, n + 16) < 0)
		return -1;
	u_strFromUTF8(zt->u1, zt->ucap, &len, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		return -1;
	if ((len2 = zh_nfkc_u1(zt, len, &st)) < 0)
		return -1;
	if (U_FAILURE(st) || tides_buf_grow(out, (size_t)len2 * 3) < 0)
		return -1;
	for (i = 0; i < len2;) {
		UChar32 c;
		U16_NEXT(zt->u2, i, len2, c);
		if (zh_is_trad(zt, (uint32_t)c))
			return 0;
		out->len += tides_utf8_put(out->s + out->len, zh_map_cp((uint32_t)c));
	}
	out->s[out->len] = '\0';
	return 1;
}

/* zh_norm_fast also decodes its output for zh_segment (zt->cps and
 * off8, as zh_segment would fill them): a character copied as it is was
 * decoded on the way; what NFKC made of a run is decoded here, out->s
 * [from, len), leaving room for `more` code points after it. */
static int zh_pre_out(zh_text *zt, const tides_buf *out, size_t from, size_t *m, size_t more)
{
	size_t p, k;
	uint32_t c;
	if (zh_creserve(zt, *m + (out->len - from) + more + 2) < 0)
		return -1;
	for (p = from; p < out->len; p += k) {
		k = zh_dec(out->s + p, out->len - p, &c);
		if (k == 0) { /* not from NFKC; as zh_segment reads it */
			k = 1;
			c = 0xFFFD;
		}
		zt->cps[*m] = c;
		zt->off8[*m] = (uint32_t)p;
		(*m)++;
	}
	return 0;
}

#define ZH_PRE(c, at)                                                                  \
	do {                                                                           \
		zt->cps[m] = (c);                                                      \
		zt->off8[m] = (uint32_t)(at);                                          \
		m++;                                                                   \
	} while (0)

/* The fast path of zh_normalize, for valid UTF-8 without a character the
 * transliterator changes (almost all simplified news).  An NFKC-inert
 * character is unchanged and separates what comes before it from what
 * follows (a normalization boundary on both sides), so NFKC of the text
 * is NFKC of each run of non-inert characters between inert ones, and
 * all of CJK and most punctuation is inert.  Runs are ASCII letters
 * (unchanged: ASCII is normalized and never composes with ASCII), one
 * character (，：ＡＢ１, cached per code point) or ICU's business.
 * Returns 1 when done, 0 when the text needs the general path, -1 when
 * out of memory (or ICU failed). */
static int zh_norm_fast(zh_text *zt, const char *s, size_t n, tides_buf *out)
{
	size_t i = 0, k, j, df = SIZE_MAX, cs = SIZE_MAX, m = 0, shift = 0;
	uint32_t cp;
	zt->pre_ok = 0;
	if (tides_buf_grow(out, n + 1) < 0 || zh_creserve(zt, n + 2) < 0)
		return -1;
	/* invariants: out has room for what is written plus n - i bytes;
	 * s[cs..i) is copied as it is, pending; zt->cps/off8 have room for
	 * m plus n - i code points */
	while (i < n) {
		unsigned c;
		k = zh_dec(s + i, n - i, &cp);
		if (k == 0)
			return 0;
		c = zh_cls(zt, cp);
		if (c == ZC_INERT || c == (ZC_INERT | ZC_SRC | ZC_TKNOWN)) {
			if (cs == SIZE_MAX) {
				cs = i;
				shift = out->len - cs; /* s[i] goes to out->s[i + shift] */
			}
			ZH_PRE(cp, i + shift);
			i += k;
			/* the common case, more of CJK: three-byte characters of
			 * a known block (zh_dec's fast case), inert as well */
			while (i + 3 <= n) {
				const unsigned char *u = (const unsigned char *)s + i;
				uint32_t c3;
				unsigned cl;
				if (!((u[0] >= 0xE1 && u[0] <= 0xEC) || u[0] == 0xEE || u[0] == 0xEF) ||
				    (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
					break;
				c3 = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3Fu);
				if (!zt->cls_known[c3 >> 8])
					break;
				cl = zt->cls[c3];
				if (cl != ZC_INERT && cl != (ZC_INERT | ZC_SRC | ZC_TKNOWN))
					break;
				ZH_PRE(c3, i + shift);
				i += 3;
			}
			continue;
		}
		if (cs != SIZE_MAX) {
			memcpy(out->s + out->len, s + cs, i - cs);
			out->len += i - cs;
			cs = SIZE_MAX;
		}
		if (c & ZC_DATE) {
			if (df == SIZE_MAX)
				df = out->len;
			c &= ~(unsigned)ZC_DATE;
			if (c == ZC_INERT || c == (ZC_INERT | ZC_SRC | ZC_TKNOWN)) {
				cs = i;
				shift = out->len - cs;
				ZH_PRE(cp, out->len);
				i += k;
				continue;
			}
		}
		if (c & ZC_INERT) {
			if ((c & ZC_SRC) && zh_is_trad(zt, cp))
				return 0;
			ZH_PRE(zh_map_cp(cp), out->len);
			out->len += tides_utf8_put(out->s + out->len, zh_map_cp(cp)); /* never longer */
			i += k;
			continue;
		}
		/* a run of non-inert characters s[i..j) */
		{
			int ascii = cp < 0x80, nch = 1;
			uint32_t first = cp;
			size_t before = out->len;
			for (j = i + k; j < n; j += k) {
				k = zh_dec(s + j, n - j, &cp);
				if (k == 0)
					return 0;
				if (zh_cls(zt, cp) & ZC_INERT)
					break;
				ascii &= cp < 0x80;
				nch++;
			}
			if (ascii) {
				for (; i < j; i++) {
					char b = (char)zh_map_cp((unsigned char)s[i]);
					if (s[i] >= '0' && s[i] <= '9' && df == SIZE_MAX)
						df = out->len;
					ZH_PRE((unsigned char)b, out->len);
					out->s[out->len++] = b;
				}
				continue;
			}
			/* what the run folds to may start a date (１６日) */
			if (df == SIZE_MAX)
				df = before;
			if (nch == 1 && first < 0x10000) {
				zh_fold *f = &zt->fold[(first * 0x9E3779B1u) >> 24];
				if (f->cp1 == first + 1) {
					if (tides_buf_grow(out, f->len + (n - j)) < 0)
						return -1;
					memcpy(out->s + out->len, f->s, f->len);
					out->len += f->len;
					i = j;
					if (zh_pre_out(zt, out, before, &m, n - j) < 0)
						return -1;
					continue;
				}
			}
			{
				int r = zh_norm_run(zt, s + i, j - i, out);
				if (r <= 0)
					return r;
			}
			if (nch == 1 && first < 0x10000 && out->len - before <= sizeof zt->fold[0].s) {
				zh_fold *f = &zt->fold[(first * 0x9E3779B1u) >> 24];
				f->cp1 = first + 1;
				f->len = (uint8_t)(out->len - before);
				memcpy(f->s, out->s + before, f->len);
			}
			if (tides_buf_grow(out, n - j) < 0 || zh_pre_out(zt, out, before, &m, n - j) < 0)
				return -1;
			i = j;
		}
	}
	if (cs != SIZE_MAX) {
		memcpy(out->s + out->len, s + cs, n - cs);
		out->len += n - cs;
	}
	out->s[out->len] = '\0';
	zt->date_from = df == SIZE_MAX ? out->len : df;
	zt->pre_ok = 1;
	zt->pre_s = out->s;
	zt->pre_n = out->len;
	zt->pre_ncp = m;
	return 1;
}
#undef ZH_PRE

size_t zh_text_date_from(const zh_text *zt)
{
	return zt->date_from;
}

size_t zh_text_date_until(zh_text *zt)
{
	size_t i = zt->seg_ncp;
	/* backwards over the code points zh_seg kept, by class (ZC_DATE is
	 * zh_date_start; zh_cls fills a block not seen yet) */
	while (i > 0) {
		uint32_t c = zt->cps[i - 1];
		if (c < 0x10000 ? (zh_cls(zt, c) & ZC_DATE) != 0 : zh_date_start(c))
			return zt->off8[i];
		i--;
	}
	return 0;
}

tides_status zh_normalize(zh_text *zt, const char *s, size_t n, tides_buf *out, size_t *nbad)
{
	int r;
	zt->pre_ok = 0;
	tides_buf_reset(out);
	if (nbad)
		*nbad = 0;
	if (n > (size_t)INT32_MAX / 8)
		return tides_fail(zt->ctx, TIDES_ERR_DATA, "text of %zu bytes is too long", n);
	r = zh_norm_fast(zt, s, n, out);
	if (r > 0)
		return TIDES_OK;
	/* the general path reports what went wrong, if anything did */
	tides_buf_reset(out);
	zt->date_from = 0;
	return zh_norm_icu(zt, s, n, out, nbad);
}

/* ------------------------------------------------------------ segment */

static int zh_is_space(uint32_t c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0;
}

static int zh_is_alnum_ascii(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A token is a word if it has a letter, digit or ideograph; everything
 * else (punctuation, symbols) is split into one token per character. */
static int zh_is_wordchar(uint32_t c)
{
	return zh_is_alnum_ascii(c) || zh_is_han(c) || zh_is_latin(c) || (c >= 0x370 && c < 0x2000) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF) || c == 0xFFFD ||
	       c == '_' || c == '-' || c == '\'' || c == '.';
}

/* Longest lexicon word (>= 2 chars) at code point i (not a space: the
 * caller's test); 0 if none.  One trie step per character, the first
 * one a direct look-up for the BMP.  An invalid byte (decoded as U+FFFD
 * but one byte long) matches no word. */
static size_t zh_lex_longest(const zh_text *zt, size_t i, size_t ncp, uint32_t *word)
{
	const zh_lexicon *lx = zt->lx;
	size_t best = 0, L;
	uint32_t node;
	uint32_t c0 = zt->cps[i];
	if (!lx || lx->nwords == 0)
		return 0;
	/* no word starts with it: the common case in the gaps */
	node = c0 < 0x10000 ? lx->root[c0] : zh_lex_child(lx, 0, c0);
	if (!node)
		return 0;
	if (c0 == 0xFFFD && zt->off8[i + 1] - zt->off8[i] == 1)
		return 0;
	if (c0 < 0x80 && zh_is_alnum_ascii(c0) && i > 0 && zh_is_alnum_ascii(zt->cps[i - 1]))
		return 0;
	for (L = 2; i + L <= ncp; L++) {
		uint32_t c = zt->cps[i + L - 1];
		if (zh_is_space(c))
			break;
		if (c == 0xFFFD && zt->off8[i + L] - zt->off8[i + L - 1] == 1)
			break;
		node = zh_lex_child(lx, node, c);
		if (!node)
			break;
		if ((lx->isword[node] & ZH_WORD) &&
		    !(i + L < ncp && c < 0x80 && zh_is_alnum_ascii(c) && zh_is_alnum_ascii(zt->cps[i + L]))) {
			best = L;
			*word = node;
		}
		if (!(lx->isword[node] & ZH_KIDS))
			break; /* a leaf: no longer word, no probe for the next character */
	}
	return best;
}

/* Appends a token; zh_segment made room for all of them (a token is at
 * least one byte of the text, so tokens and blanks take at most 2n).
 * out NULL: the token is s[a..b) itself, no text written (zh_segment_refs). */
static inline void zh_emit(zh_text *zt, tides_buf *out, const char *s, size_t a, size_t b,
                           uint32_t node)
{
	zh_tokref *t = &zt->tok[zt->ntok++];
	if (!out) {
		t->off = (uint32_t)a;
		t->len = (uint32_t)(b - a);
		t->node = node;
		return;
	}
	if (out->len)
		out->s[out->len++] = ' ';
	t->off = (uint32_t)out->len;
	t->len = (uint32_t)(b - a);
	t->node = node;
	memcpy(out->s + out->len, s + a, b - a);
	out->len += b - a;
	out->s[out->len] = '\0';
}

/* Emits the tokens of the gap [a, b) (no lexicon word starts in it):
 * ICU's word boundaries over the gap alone, spaces dropped, punctuation
 * one token per character. */
static tides_status zh_segment_gap(zh_text *zt, const char *s, size_t a, size_t b, tides_buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t i, u16 = 0;
	int32_t bd;
	int pair = 0;
	if (b == a + 1) {
		/* one character (。 or 在 between lexicon words): its token */
		if (!zh_is_space(zt->cps[a]))
			zh_emit(zt, out, s, zt->off8[a], zt->off8[b], 0);
		return TIDES_OK;
	}
	for (i = a; i <= b; i++)
		zt->bnd[i] = 0;
	zt->bnd[b] = 1;
	/* ICU's boundaries only matter between two word characters: a gap
	 * without such a pair (。 or 在 between lexicon words) needs none */
	for (i = a + 1; i < b && !pair; i++)
		pair = zh_is_wordchar(zt->cps[i]) && zh_is_wordchar(zt->cps[i - 1]);
	if (pair) {
		/* the gap in UTF-16, ICU's form (zt->u1 holds n + 16 units) */
		UChar *gu = zt->u1;
		size_t glen = 0;
		zh_memo *m = NULL;
		for (i = a; i < b; i++) {
			uint32_t cp = zt->cps[i];
			if (cp >= 0x10000) {
				gu[glen++] = (UChar)(0xD7C0 + (cp >> 10));
				gu[glen++] = (UChar)(0xDC00 | (cp & 0x3FF));
			} else {
				gu[glen++] = (UChar)cp;
			}
		}
		if (glen <= ZH_MEMO_UNITS && b - a < 32) {
			uint32_t h = 2166136261u;
			for (i = 0; i < glen; i++)
				h = (h ^ gu[i]) * 16777619u;
			m = &zt->memo[(h ^ (h >> 16)) & (ZH_MEMO_SLOTS - 1)];
			if (m->len == glen && memcmp(m->u, gu, glen * sizeof *gu) == 0) {
				for (i = a; i < b; i++)
					zt->bnd[i] = (uint8_t)((m->bnd >> (i - a)) & 1);
				goto emit;
			}
		}
		ubrk_setText(zt->brk, gu, (int32_t)glen, &st);
		if (U_FAILURE(st))
			return tides_fail(zt->ctx, TIDES_ERR_INTERNAL, "ICU: word break: %s", u_errorName(st));
		/* boundaries (UTF-16 offsets into the gap, increasing) to code points */
		i = a;
		for (bd = ubrk_first(zt->brk); bd != UBRK_DONE; bd = ubrk_next(zt->brk)) {
			while (i < b && u16 < (size_t)bd) {
				u16 += zt->cps[i] >= 0x10000 ? 2 : 1;
				i++;
			}
			if (u16 == (size_t)bd)
				zt->bnd[i] = 1;
		}
		if (m) {
			m->len = (uint16_t)glen;
			memcpy(m->u, gu, glen * sizeof *gu);
			m->bnd = 0;
			for (i = a; i < b; i++)
				m->bnd |= (uint32_t)zt->bnd[i] << (i - a);
		}
	}
emit:
	i = a;
	while (i < b) {
		size_t j;
		uint32_t c = zt->cps[i];
		if (zh_is_space(c)) {
			i++;
			continue;
		}
		if (!zh_is_wordchar(c) || c == '_' || c == '-' || c == '\'' || c == '.') {
			zh_emit(zt, out, s, zt->off8[i], zt->off8[i + 1], 0);
			i++;
			continue;
		}
		/* a word: to the next boundary, never across spaces or punctuation */
		for (j = i + 1; j < b && !zt->bnd[j]; j++)
			if (!zh_is_wordchar(zt->cps[j]) || zh_is_space(zt->cps[j]))
				break;
		/* trailing '.', '-', '\'' are punctuation, not part of a word */
		while (j > i + 1 && (zt->cps[j - 1] == '.' || zt->cps[j - 1] == '-' || zt->cps[j - 1] == '\''))
			j--;
		zh_emit(zt, out, s, zt->off8[i], zt->off8[j], 0);
		i = j;
	}
	return TIDES_OK;
}

/* Lexicon words first, at every position (forward longest match); ICU
 * only over the gaps between them, which is where its dictionary is
 * needed and where almost all of the segmentation time goes. */
static tides_status zh_seg(zh_text *zt, const char *s, size_t n, tides_buf *out, int reuse)
{
	size_t ncp = 0, i, k, gap = 0;
	uint32_t cp;
	tides_status rc;
	if (out)
		tides_buf_reset(out);
	zt->ntok = 0;
	if (n > (size_t)INT32_MAX / 8)
		return tides_fail(zt->ctx, TIDES_ERR_DATA, "text of %zu bytes is too long", n);
	if (zh_creserve(zt, n + 2) < 0 || zh_ureserve(zt, n + 16) < 0 ||
	    (out && tides_buf_grow(out, 2 * n + 1) < 0))
		return tides_fail(zt->ctx, TIDES_ERR_NOMEM, "out of memory");
	if (reuse && zt->pre_ok && s == zt->pre_s && n == zt->pre_n) {
		ncp = zt->pre_ncp; /* decoded by zh_normalize */
	} else {
		for (i = 0; i < n;) {
			k = zh_dec(s + i, n - i, &cp);
			if (k == 0) {
				k = 1;
				cp = 0xFFFD;
			}
			zt->cps[ncp] = cp;
			zt->off8[ncp] = (uint32_t)i;
			ncp++;
			i += k;
		}
	}
	zt->pre_ok = 0;
	zt->off8[ncp] = (uint32_t)n;
	zt->seg_ncp = ncp;
	i = 0;
	while (i < ncp) {
		uint32_t node = 0;
		size_t L = zh_is_space(zt->cps[i]) ? 0 : zh_lex_longest(zt, i, ncp, &node);
		if (!L) {
			i++;
			continue;
		}
		if (gap < i && (rc = zh_segment_gap(zt, s, gap, i, out)) != TIDES_OK)
			return rc;
		zh_emit(zt, out, s, zt->off8[i], zt->off8[i + L], node);
		i += L;
		gap = i;
	}
	if (gap < ncp && (rc = zh_segment_gap(zt, s, gap, ncp, out)) != TIDES_OK)
		return rc;
	return TIDES_OK;
}

tides_status zh_segment(zh_text *zt, const char *s, size_t n, tides_buf *out)
{
	return zh_seg(zt, s, n, out, 0);
}

tides_status zh_segment_norm(zh_text *zt, const char *s, size_t n, tides_buf *out)
{
	return zh_seg(zt, s, n, out, 1);
}

tides_status zh_segment_refs(zh_text *zt, const char *s, size_t n)
{
	return zh_seg(zt, s, n, NULL, 1);
}

const zh_tokref *zh_segment_tokens(const zh_text *zt, size_t *n)
{
	*n = zt->ntok;
	return zt->tok;
}

tides_status zh_tokens(zh_text *zt, const char *s, size_t n, tides_buf *out)
{
	tides_buf norm;
	tides_status rc;
	tides_buf_init(&norm);
	rc = zh_normalize(zt, s, n, &norm, NULL);
	if (rc == TIDES_OK)
		rc = zh_segment_norm(zt, norm.s, norm.len, out);
	tides_buf_release(&norm);
	return rc;
}

void zh_unspace(char *s)
{
	const char *sp = strchr(s, ' ');
	size_t i, j, o, n;
	if (!sp)
		return; /* one word: the common case */
	/* the text before the first blank stays where it is; then blank by
	 * blank, each word after one moved down whole */
	o = (size_t)(sp - s);
	n = o + strlen(sp);
	for (i = o; i < n;) {
		/* s[i] is a blank: kept at either end and between ASCII letters
		 * or digits (U.S. 国务院) */
		if (o == 0 || i + 1 >= n ||
		    (zh_is_alnum_ascii((unsigned char)s[o - 1]) && zh_is_alnum_ascii((unsigned char)s[i + 1])))
			s[o++] = ' ';
		for (j = ++i; j < n && s[j] != ' '; j++)
			;
		memmove(s + o, s + i, j - i);
		o += j - i;
		i = j;
	}
	s[o] = '\0';
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ZH_SWAR 1 /* 8 bytes at a time: little-endian words, __builtin_ctzll */
#else
#define ZH_SWAR 0
#endif

size_t zh_unspace_copy(char *dst, size_t cap, const char *src, size_t n)
{
	size_t i = 0, o = 0;
#if ZH_SWAR
	/* a word at a time up to the next blank (the has-zero-byte test on
	 * v ^ blanks: its lowest set bit is the first blank), then the blank */
	while (i + 8 <= n && o + 8 <= cap) {
		uint64_t v, x, z;
		size_t p;
		memcpy(&v, src + i, sizeof v);
		x = v ^ 0x2020202020202020ULL;
		z = (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
		memcpy(dst + o, &v, sizeof v);
		if (!z) {
			o += 8;
			i += 8;
			continue;
		}
		p = (size_t)__builtin_ctzll(z) >> 3;
		o += p;
		i += p;
		/* src[i] is a blank: as zh_unspace decides */
		if (o == 0 || i + 1 >= n ||
		    (zh_is_alnum_ascii((unsigned char)dst[o - 1]) && zh_is_alnum_ascii((unsigned char)src[i + 1])))
			dst[o++] = ' ';
		i++;
	}
#endif
	(void)cap;
	for (; i < n; i++)
		if (src[i] != ' ' || o == 0 || i + 1 >= n ||
		    (zh_is_alnum_ascii((unsigned char)dst[o - 1]) && zh_is_alnum_ascii((unsigned char)src[i + 1])))
			dst[o++] = src[i];
	dst[o] = '\0';
	return o;
}

/* ------------------------------------------------------------ sentences */

static int zh_is_term(uint32_t c)
{
	return c == 0x3002 || c == 0xFF0E || c == '!' || c == '?' || c == ';' || c == 0xFF01 ||
	       c == 0xFF1F || c == 0xFF1B || c == 0xFF61;
}

static int zh_is_close(uint32_t c)
{
	return c == 0x300D || c == 0x300F || c == 0x201D || c == 0x2019 || c == ')' || c == 0x300B ||
	       c == 0x3009 || c == 0x3011 || c == '"' || c == 0xFF09 || c == 0xFF63;
}

static int zh_is_soft(uint32_t c)
{
	return c == ',' || c == 0xFF0C || c == 0x3001 || c == ' ' || c == ':' || c == 0xFF1A;
}

static int zh_span_out(const char *s, size_t a, size_t b, zh_span_fn fn, void *ud)
{
	zh_span sp;
	while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	if (b == a)
		return 0;
	sp.off = a;
	sp.len = b - a;
	return fn(ud, s, sp);
}

size_t zh_split(const char *s, size_t n, zh_span_fn fn, void *ud)
{
	size_t i = 0, start = 0, nchar = 0, soft = 0, forced = 0, k, prevk = 0;
	uint32_t cp, prev = 0;
	while (i < n) {
		size_t end = 0;
		k = zh_dec(s + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (cp == '\n') {
			end = i + k;
		} else if (zh_is_term(cp) || (cp == '.' && (zh_is_han(prev) || zh_is_close(prev)))) {
			size_t j = i + k, kk;
			uint32_t c2;
			/* absorb further terminators and closing quotes */
			while (j < n && (kk = zh_dec(s + j, n - j, &c2)) != 0 &&
			       (zh_is_term(c2) || zh_is_close(c2) || c2 == '.'))
				j += kk;
			if (cp == '.' && j < n && s[j] >= '0' && s[j] <= '9')
				end = 0;
			else
				end = j;
		}
		if (!end) {
			nchar++;
			if (zh_is_soft(cp))
				soft = i + k;
			if (nchar >= ZH_SENT_MAX_CHARS) {
				/* forced: at the last comma or space in the second half */
				end = (soft > start && soft - start > (i + k - start) / 2) ? soft : i + k;
				forced++;
			}
		}
		(void)prevk;
		prev = cp;
		prevk = k;
		if (end) {
			if (zh_span_out(s, start, end, fn, ud))
				return forced;
			start = end;
			i = end;
			nchar = 0;
			soft = 0;
			/* recount characters already past the forced cut */
			continue;
		}
		i += k;
	}
	if (start < n)
		zh_span_out(s, start, n, fn, ud);
	return forced;
}
