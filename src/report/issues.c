/*
 * issues.c — the issue dictionary and the keyword tagger.
 *
 * Format: PETRARCH's issue file (`phrase [CODE]`, `n:`/`v:`/`+` expansions,
 * `~`/`~~` exclusions, <ISSUE> sections) plus tides' driver-family column
 * after the code (see data/issues/issues.txt for the full description).
 *
 * Data model: every phrase variant is normalised once at load time the same
 * way the text is normalised at tag time — ASCII letters lowered, anything
 * that is not a letter or digit (ASCII punctuation, hyphens, apostrophes,
 * CJK and general punctuation) turned into one space — so a word-boundary
 * match is a byte comparison of " phrase " against " text ".  Latin
 * phrases are found through a hash of their first token (one probe per
 * token of the text); phrases containing CJK characters have no word
 * boundaries and are searched as plain substrings.
 *
 * Invariants: all strings live in one arena (`strs`, offsets only, so it
 * may grow while loading); codes are listed in order of first appearance,
 * which is the order of tides_issues_tag's output; every code has exactly
 * one family ("other" when the file names none).  After loading the object
 * is immutable, so tagging is reentrant and may run in many threads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

#define ISSUES_MAX_VARIANTS 64
#define ISSUES_MAX_LINE 4096

typedef struct issue_pat {
	size_t off, len;  /* normalised phrase in strs, without outer spaces */
	int code;         /* index into codes, -1 for an exclusion */
	int section;
	int cjk;          /* substring match */
	uint64_t h1;      /* hash of the first token (Latin phrases) */
	int next;         /* next pattern with the same first-token slot */
} issue_pat;

typedef struct issue_code {
	size_t code_off, fam_off;
	long fam_line;    /* line that set the family, 0 = default */
} issue_code;

struct tides_issues {
	tides_buf strs;
	issue_pat *pats;
	size_t npats, cappats;
	issue_code *codes;
	size_t ncodes, capcodes;
	int nsections;
	int has_excl;
	int *slots;       /* first-token hash table: pattern index or -1 */
	size_t nslots;    /* power of two */
	int *cjk_list;
	size_t ncjk;
};

static const char *iss_str(const tides_issues *is, size_t off)
{
	return is->strs.s + off;
}

/* ---------------------------------------------------------- normalising */

static int iss_is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FFF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int iss_is_sep(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		         (cp >= '0' && cp <= '9'));
	return (cp >= 0x80 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) ||
	       (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
	       cp == 0xFFFD;
}

/* Writes " tok tok " into out (room for n + 2 bytes plus NUL); returns its
 * length.  *cjk is set when a CJK character was seen. */
static size_t iss_normalise(const char *s, size_t n, char *out, int *cjk)
{
	size_t i = 0, o = 0;
	int sp = 1;
	out[o++] = ' ';
	while (i < n) {
		uint32_t cp;
		size_t k = tides_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (iss_is_sep(cp)) {
			if (!sp)
				out[o++] = ' ';
			sp = 1;
		} else {
			if (cp < 0x80) {
				char c = (char)cp;
				out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
			} else {
				memcpy(out + o, s + i, k);
				o += k;
				if (cjk && iss_is_cjk(cp))
					*cjk = 1;
			}
			sp = 0;
		}
		i += k;
	}
	if (!sp)
		out[o++] = ' ';
	out[o] = '\0';
	return o;
}

static uint64_t iss_tok_hash(const char *s, size_t *toklen)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	*toklen = n;
	return tides_hash64(TIDES_FNV_OFFSET, s, n);
}

/* -------------------------------------------------------------- loading */

typedef struct iss_loader {
	tides_ctx *ctx;
	tides_issues *is;
	const char *file;
	long line;
	int section;
	int in_section;
} iss_loader;

static tides_status iss_nomem(iss_loader *L)
{
	return tides_fail(L->ctx, TIDES_ERR_NOMEM, "out of memory loading '%s'", L->file);
}

static int iss_find_code(const tides_issues *is, const char *code, size_t n)
{
	size_t i;
	for (i = 0; i < is->ncodes; i++) {
		const char *c = iss_str(is, is->codes[i].code_off);
		if (strlen(c) == n && memcmp(c, code, n) == 0)
			return (int)i;
	}
	return -1;
}

static tides_status iss_code(iss_loader *L, const char *code, size_t n, const char *fam,
                             size_t fn, int *idx)
{
	tides_issues *is = L->is;
	int i = iss_find_code(is, code, n);
	if (i < 0) {
		issue_code *c;
		if (is->ncodes == is->capcodes) {
			size_t cap = is->capcodes ? is->capcodes * 2 : 32;
			void *p = tides_realloc(is->codes, cap * sizeof *is->codes);
			if (!p)
				return iss_nomem(L);
			is->codes = p;
			is->capcodes = cap;
		}
		c = &is->codes[is->ncodes];
		c->code_off = is->strs.len;
		if (tides_buf_add(&is->strs, code, n) || tides_buf_addc(&is->strs, '\0'))
			return iss_nomem(L);
		c->fam_off = (size_t)-1;
		c->fam_line = 0;
		i = (int)is->ncodes++;
	}
	if (fn) {
		issue_code *c = &is->codes[i];
		if (c->fam_off != (size_t)-1) {
			const char *old = iss_str(is, c->fam_off);
			if (strlen(old) != fn || memcmp(old, fam, fn) != 0)
				return tides_fail(L->ctx, TIDES_ERR_DATA,
				                  "%s:%ld: issue '%s' already has family '%s' (line %ld)",
				                  L->file, L->line, iss_str(is, c->code_off), old,
				                  c->fam_line);
		} else {
			c->fam_off = is->strs.len;
			c->fam_line = L->line;
			if (tides_buf_add(&is->strs, fam, fn) || tides_buf_addc(&is->strs, '\0'))
				return iss_nomem(L);
		}
	}
	*idx = i;
	return TIDES_OK;
}

static tides_status iss_add_pat(iss_loader *L, const char *phrase, int code)
{
	tides_issues *is = L->is;
	size_t n = strlen(phrase), len, j;
	char *norm;
	int cjk = 0;
	issue_pat *p;

	norm = tides_malloc(n + 3);
	if (!norm)
		return iss_nomem(L);
	len = iss_normalise(phrase, n, norm, &cjk);
	if (len <= 1) {
		tides_free(norm);
		return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: empty phrase", L->file, L->line);
	}
	/* the same variant twice for the same code adds nothing */
	for (j = 0; j < is->npats; j++) {
		issue_pat *q = &is->pats[j];
		if (q->code == code && q->section == L->section && q->len == len - 2 &&
		    memcmp(iss_str(is, q->off), norm + 1, len - 2) == 0) {
			tides_free(norm);
			return TIDES_OK;
		}
	}
	if (is->npats == is->cappats) {
		size_t cap = is->cappats ? is->cappats * 2 : 128;
		void *np = tides_realloc(is->pats, cap * sizeof *is->pats);
		if (!np) {
			tides_free(norm);
			return iss_nomem(L);
		}
		is->pats = np;
		is->cappats = cap;
	}
	p = &is->pats[is->npats];
	p->off = is->strs.len;
	p->len = len - 2;
	p->code = code;
	p->section = L->section;
	p->cjk = cjk;
	p->next = -1;
	if (tides_buf_add(&is->strs, norm + 1, len - 2) || tides_buf_addc(&is->strs, '\0')) {
		tides_free(norm);
		return iss_nomem(L);
	}
	{
		size_t tl;
		p->h1 = iss_tok_hash(norm + 1, &tl);
	}
	tides_free(norm);
	is->npats++;
	if (code < 0)
		is->has_excl = 1;
	return TIDES_OK;
}

/* Expands n:, v: and + in `phrase` (a NUL-terminated copy it may modify)
 * and adds every variant. */
static tides_status iss_expand(iss_loader *L, char *phrase, int code)
{
	char *words[32];
	char forms[32][4][128];
	int nforms[32];
	int nw = 0, i, total = 1, v;
	char *s = phrase;
	tides_status st;

	for (; *s; s++)
		if (*s == '+')
			*s = ' ';
	s = phrase;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (nw == 32)
			return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: phrase too long", L->file,
			                  L->line);
		words[nw++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	if (nw == 0)
		return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: empty phrase", L->file, L->line);
	for (i = 0; i < nw; i++) {
		char *w = words[i];
		size_t n;
		int kind = 0;
		if ((w[0] == 'n' || w[0] == 'N') && w[1] == ':')
			kind = 'n';
		else if ((w[0] == 'v' || w[0] == 'V') && w[1] == ':')
			kind = 'v';
		if (kind)
			w += 2;
		n = strlen(w);
		if (n == 0 || n > 100)
			return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: bad word in phrase", L->file,
			                  L->line);
		snprintf(forms[i][0], sizeof forms[i][0], "%s", w);
		nforms[i] = 1;
		if (kind == 'n') {
			if (w[n - 1] == 'y' || w[n - 1] == 'Y')
				snprintf(forms[i][1], sizeof forms[i][1], "%.*sies", (int)(n - 1), w);
			else
				snprintf(forms[i][1], sizeof forms[i][1], "%ss", w);
			nforms[i] = 2;
		} else if (kind == 'v') {
			int e = (w[n - 1] == 'e' || w[n - 1] == 'E');
			snprintf(forms[i][1], sizeof forms[i][1], "%ss", w);
			snprintf(forms[i][2], sizeof forms[i][2], "%s%s", w, e ? "d" : "ed");
			snprintf(forms[i][3], sizeof forms[i][3], "%.*sing", (int)(e ? n - 1 : n), w);
			nforms[i] = 4;
		}
		total *= nforms[i];
		if (total > ISSUES_MAX_VARIANTS)
			return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: too many word forms",
			                  L->file, L->line);
	}
	for (v = 0; v < total; v++) {
		char out[ISSUES_MAX_LINE];
		size_t o = 0;
		int rest = v;
		for (i = 0; i < nw; i++) {
			const char *f = forms[i][rest % nforms[i]];
			int k = snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", f);
			rest /= nforms[i];
			if (k < 0 || (size_t)k >= sizeof out - o)
				return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: phrase too long",
				                  L->file, L->line);
			o += (size_t)k;
		}
		st = iss_add_pat(L, out, code);
		if (st)
			return st;
	}
	return TIDES_OK;
}

static int iss_code_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static tides_status iss_line(iss_loader *L, char *s, size_t n)
{
	char *hash, *lb, *rb, *fam;
	size_t cn, fn;
	int code = -1;
	tides_status st;

	hash = memchr(s, '#', n);
	if (hash)
		n = (size_t)(hash - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	s[n] = '\0';
	if (n == 0)
		return TIDES_OK;
	if (n >= 7 && strncmp(s, "<ISSUE", 6) == 0 && (s[6] == ' ' || s[6] == '>')) {
		/* PETRARCH reads no structure from the tags, and its files are
		 * loose about them: a tides section ends where the next begins */
		if (L->in_section)
			tides_warn_at(L->ctx, L->file, L->line, "<ISSUE> before </ISSUE>");
		L->in_section = 1;
		L->section = ++L->is->nsections;
		return TIDES_OK;
	}
	if (strcmp(s, "</ISSUE>") == 0) {
		if (!L->in_section)
			tides_warn_at(L->ctx, L->file, L->line, "</ISSUE> without <ISSUE>: ignored");
		L->in_section = 0;
		L->section = 0;
		return TIDES_OK;
	}
	if (s[0] == '<') {
		tides_warn_at(L->ctx, L->file, L->line, "unknown tag '%.40s': line skipped", s);
		return TIDES_OK;
	}
	if (s[0] == '~') {
		s += (s[1] == '~') ? 2 : 1;
		return iss_expand(L, s, -1);
	}
	lb = strchr(s, '[');
	rb = lb ? strchr(lb, ']') : NULL;
	if (!lb || !rb) {
		/* PETRARCH skips such lines silently (its production file has
		 * some); tides skips them too, but says so */
		tides_warn_at(L->ctx, L->file, L->line, "no [CODE]: line skipped");
		return TIDES_OK;
	}
	cn = (size_t)(rb - lb - 1);
	if (cn == 0)
		return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: empty issue code", L->file,
		                  L->line);
	for (fn = 0; fn < cn; fn++)
		if (!iss_code_char(lb[1 + fn]))
			return tides_fail(L->ctx, TIDES_ERR_DATA, "%s:%ld: bad issue code '%.*s'",
			                  L->file, L->line, (int)cn, lb + 1);
	fam = rb + 1;
	while (*fam == ' ' || *fam == '\t')
		fam++;
	fn = strlen(fam);
	for (n = 0; n < fn; n++)
		if (!iss_code_char(fam[n])) {
			/* not a family name: PETRARCH ignores what follows the code
			 * (its own file has such lines), tides too, with a warning */
			tides_warn_at(L->ctx, L->file, L->line, "text after [%.*s] ignored: '%.40s'",
			              (int)cn, lb + 1, fam);
			fn = 0;
			break;
		}
	st = iss_code(L, lb + 1, cn, fam, fn, &code);
	if (st)
		return st;
	*lb = '\0';
	return iss_expand(L, s, code);
}

static tides_status iss_index(tides_ctx *ctx, tides_issues *is)
{
	size_t i, nslots = 64;
	while (nslots < is->npats * 2)
		nslots *= 2;
	is->slots = tides_malloc(nslots * sizeof *is->slots);
	is->cjk_list = tides_malloc((is->npats ? is->npats : 1) * sizeof *is->cjk_list);
	if (!is->slots || !is->cjk_list)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory indexing issues");
	is->nslots = nslots;
	for (i = 0; i < nslots; i++)
		is->slots[i] = -1;
	/* insert in reverse so chains list patterns in file order */
	for (i = is->npats; i-- > 0;) {
		issue_pat *p = &is->pats[i];
		size_t k;
		if (p->cjk)
			continue;
		k = (size_t)p->h1 & (nslots - 1);
		p->next = is->slots[k];
		is->slots[k] = (int)i;
	}
	for (i = 0; i < is->npats; i++)
		if (is->pats[i].cjk)
			is->cjk_list[is->ncjk++] = (int)i;
	for (i = 0; i < is->ncodes; i++)
		if (is->codes[i].fam_off == (size_t)-1) {
			is->codes[i].fam_off = is->strs.len;
			if (tides_buf_add(&is->strs, "other", 6))
				return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory indexing issues");
		}
	return TIDES_OK;
}

tides_status tides_issues_parse(tides_ctx *ctx, const char *name, const char *text, size_t len,
                                tides_issues **out)
{
	iss_loader L;
	tides_issues *is;
	char *line = NULL;
	size_t pos = 0;
	tides_status st = TIDES_OK;

	*out = NULL;
	is = tides_calloc(1, sizeof *is);
	line = tides_malloc(ISSUES_MAX_LINE + 1);
	if (!is || !line) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory loading '%s'", name);
		goto done;
	}
	tides_buf_init(&is->strs);
	memset(&L, 0, sizeof L);
	L.ctx = ctx;
	L.is = is;
	L.file = name;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		L.line++;
		if (n > ISSUES_MAX_LINE) {
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: line too long", name, L.line);
			goto done;
		}
		if (memchr(text + pos, '\0', n) || tides_utf8_check(text + pos, n) != n) {
			st = tides_fail(ctx, TIDES_ERR_DATA, "%s:%ld: invalid UTF-8", name, L.line);
			goto done;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		st = iss_line(&L, line, n);
		if (st)
			goto done;
		pos += n + (nl ? 1 : 0);
	}
	if (L.in_section)
		tides_warn_at(ctx, name, L.line, "<ISSUE> not closed");
	st = iss_index(ctx, is);
done:
	tides_free(line);
	if (st) {
		tides_issues_free(is);
		return st;
	}
	*out = is;
	return TIDES_OK;
}

tides_status tides_issues_load(tides_ctx *ctx, const char *path, tides_issues **out)
{
	FILE *f;
	tides_buf b;
	char chunk[8192];
	size_t n;
	tides_status st;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return tides_fail_errno(ctx, TIDES_ERR_IO, errno, "cannot open '%s'", path);
	tides_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (tides_buf_add(&b, chunk, n)) {
			fclose(f);
			tides_buf_release(&b);
			return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory reading '%s'", path);
		}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		tides_buf_release(&b);
		return tides_fail_errno(ctx, TIDES_ERR_IO, e, "cannot read '%s'", path);
	}
	fclose(f);
	st = tides_issues_parse(ctx, path, b.s, b.len, out);
	tides_buf_release(&b);
	return st;
}

void tides_issues_free(tides_issues *is)
{
	if (!is)
		return;
	tides_buf_release(&is->strs);
	tides_free(is->pats);
	tides_free(is->codes);
	tides_free(is->slots);
	tides_free(is->cjk_list);
	tides_free(is);
}

size_t tides_issues_count(const tides_issues *is)
{
	return is ? is->ncodes : 0;
}

const char *tides_issues_code(const tides_issues *is, size_t i)
{
	return (is && i < is->ncodes) ? iss_str(is, is->codes[i].code_off) : NULL;
}

const char *tides_issues_family_at(const tides_issues *is, size_t i)
{
	return (is && i < is->ncodes) ? iss_str(is, is->codes[i].fam_off) : NULL;
}

const char *tides_issues_family(const tides_issues *is, const char *code)
{
	int i;
	if (!is || !code)
		return NULL;
	i = iss_find_code(is, code, strlen(code));
	return i < 0 ? NULL : iss_str(is, is->codes[i].fam_off);
}

/* -------------------------------------------------------------- tagging */

static int iss_contains(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;
	if (nn == 0 || nn > hn)
		return nn == 0;
	for (i = 0; i + nn <= hn; i++)
		if (h[i] == nd[0] && memcmp(h + i, nd, nn) == 0)
			return 1;
	return 0;
}

/* Marks the sections cancelled and the codes hit by the patterns found in the normalised text t[0..n). */
static void iss_scan(const tides_issues *is, const char *t, size_t n, int excl_only,
                     unsigned char *cancel, unsigned char *hit)
{
	size_t i, j;
	for (i = 0; i + 1 < n; i++) {
		size_t tl;
		uint64_t h;
		int k;
		if (t[i] != ' ')
			continue;
		h = iss_tok_hash(t + i + 1, &tl);
		if (tl == 0)
			continue;
		for (k = is->slots[(size_t)h & (is->nslots - 1)]; k >= 0; k = is->pats[k].next) {
			const issue_pat *p = &is->pats[k];
			if (p->h1 != h || p->len > n - i - 2 || (excl_only && p->code >= 0))
				continue;
			if (memcmp(t + i + 1, iss_str(is, p->off), p->len) != 0 ||
			    t[i + 1 + p->len] != ' ')
				continue;
			if (p->code < 0)
				cancel[p->section] = 1;
			else if (!cancel[p->section])
				hit[p->code] = 1;
		}
	}
	for (j = 0; j < is->ncjk; j++) {
		const issue_pat *p = &is->pats[is->cjk_list[j]];
		if (excl_only && p->code >= 0)
			continue;
		if (!iss_contains(t, n, iss_str(is, p->off), p->len))
			continue;
		if (p->code < 0)
			cancel[p->section] = 1;
		else if (!cancel[p->section])
			hit[p->code] = 1;
	}
}

int tides_issues_tag(const tides_issues *is, const char *text, size_t len, char *out,
                     size_t cap)
{
	char small[1024];
	unsigned char flags_small[512];
	char *t = small;
	unsigned char *flags = flags_small;
	size_t need_f, n, i, o = 0;
	int count = 0;

	if (cap)
		out[0] = '\0';
	if (!is || !text)
		return 0;
	need_f = (size_t)is->nsections + 1 + is->ncodes;
	if (len + 3 > sizeof small)
		t = tides_malloc(len + 3);
	if (need_f > sizeof flags_small)
		flags = tides_malloc(need_f);
	if (!t || !flags) {
		count = -1;
		goto done;
	}
	memset(flags, 0, need_f);
	n = iss_normalise(text, len, t, NULL);
	if (is->has_excl)
		iss_scan(is, t, n, 1, flags, flags + is->nsections + 1);
	iss_scan(is, t, n, 0, flags, flags + is->nsections + 1);
	for (i = 0; i < is->ncodes; i++) {
		const char *c;
		size_t cl;
		if (!flags[is->nsections + 1 + i])
			continue;
		c = iss_str(is, is->codes[i].code_off);
		cl = strlen(c);
		if (o + (o ? 1 : 0) + cl + 1 > cap)
			continue; /* no room: drop the code whole, never a piece of it */
		if (o)
			out[o++] = ',';
		memcpy(out + o, c, cl);
		o += cl;
		out[o] = '\0';
		count++;
	}
done:
	if (t != small)
		tides_free(t);
	if (flags != flags_small)
		tides_free(flags);
	return count;
}
