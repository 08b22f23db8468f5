/*
 * zh-t2s.c — ICU's "Traditional-Simplified" transliterator, opened
 * cheaply (see zh-t2s.h).
 *
 * Opening the transliterator by its ID first builds ICU's registry of
 * every transliterator it knows (about 140 million instructions, 40 ms),
 * then compiles the rules (30 million).  The ID names rules in ICU's own
 * data (translit "RuleBasedTransliteratorIDs": Traditional-Simplified is
 * an alias of Hant-Hans, the Hans-Hant rule file run in reverse);
 * compiling those rules directly gives the same transliterator without
 * the registry (tests/unit/test-zh-t2s.c compares both).
 *
 * Most Chinese text is simplified and never needs the transliterator, so
 * not even the rules are compiled until a text has a character that may
 * change.  Which ones may is read from the rule text: a character alone
 * can only be changed by a rule whose key is that one character (or a set
 * holding it) with no context, so the candidates are the one-character
 * keys of the rules that apply in the direction used, less the identity
 * rules (干 ← 干).  The reader knows the few constructs the Hans-Hant
 * file uses (literals, [sets] of literals, $variables holding such sets,
 * { } contexts, the three arrows); on anything else (quotes, escapes,
 * ranges, quantifiers, filters, another ICU's file) it gives up and the
 * transliterator is compiled at once, its source set taken as the
 * candidates.  Either way ICU decides every actual change: the candidates
 * only say which characters zh_t2s_changes has to ask it about.
 */
#include "text/zh-t2s.h"

#include <string.h>

#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

struct zh_t2s {
	UTransliterator *t;   /* NULL until compiled */
	UErrorCode err;       /* why compiling failed */
	UResourceBundle *res; /* keeps the rule text mapped */
	const UChar *rules;   /* in ICU's data; NULL: open by ID */
	int32_t nrules;
	UTransDirection dir;
	USet *maybe;          /* frozen */
	uint8_t *bits;        /* the BMP part of maybe, a bit per code point */
	int mode;             /* zh_t2s_mode */
};

static const UChar zh_t2s_id[] = {'T', 'r', 'a', 'd', 'i', 't', 'i', 'o', 'n', 'a', 'l', '-',
                                  'S', 'i', 'm', 'p', 'l', 'i', 'f', 'i', 'e', 'd', 0};

UTransliterator *zh_t2s_open_by_id(UErrorCode *err)
{
	UParseError pe;
	return utrans_openU(zh_t2s_id, -1, UTRANS_FORWARD, NULL, 0, &pe, err);
}

/* Finds the rule text the ID names, following aliases.  Returns 0 with
 * t->res, rules, nrules and dir set, or -1. */
static int zh_t2s_locate(zh_t2s *t)
{
	UErrorCode st = U_ZERO_ERROR;
	UResourceBundle *top, *ids, *e = NULL, *f = NULL;
	char key[64];
	int hops, rc = -1;
	u_austrncpy(key, zh_t2s_id, (int32_t)sizeof key - 1);
	key[sizeof key - 1] = '\0';
	top = ures_openDirect(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "translit", "root", &st);
	ids = ures_getByKey(top, "RuleBasedTransliteratorIDs", NULL, &st);
	for (hops = 0; hops < 4 && U_SUCCESS(st); hops++) {
		static const UChar fwd[] = {'F', 'O', 'R', 'W', 'A', 'R', 'D'};
		static const UChar rev[] = {'R', 'E', 'V', 'E', 'R', 'S', 'E'};
		const UChar *v, *dir;
		int32_t vlen = 0, dlen = 0;
		e = ures_getByKey(ids, key, e, &st);
		f = ures_getByIndex(e, 0, f, &st);
		if (U_FAILURE(st))
			break;
		if (ures_getKey(f) && strcmp(ures_getKey(f), "alias") == 0) {
			v = ures_getString(f, &vlen, &st);
			if (U_FAILURE(st) || vlen <= 0 || vlen >= (int32_t)sizeof key)
				break;
			u_austrncpy(key, v, vlen);
			key[vlen] = '\0';
			continue;
		}
		f = ures_getByKey(e, "file", f, &st);
		v = ures_getStringByKey(f, "resource", &vlen, &st);
		dir = ures_getStringByKey(f, "direction", &dlen, &st);
		if (U_FAILURE(st) || dlen != 7 || vlen <= 0)
			break;
		if (memcmp(dir, fwd, sizeof fwd) == 0)
			t->dir = UTRANS_FORWARD;
		else if (memcmp(dir, rev, sizeof rev) == 0)
			t->dir = UTRANS_REVERSE;
		else
			break;
		t->rules = v;
		t->nrules = vlen;
		rc = 0;
		break;
	}
	ures_close(f);
	ures_close(e);
	ures_close(ids);
	if (rc == 0)
		t->res = top; /* the rule text lives as long as the bundle */
	else
		ures_close(top);
	return rc;
}

/* ------------------------------------------------------------ rule reader */

#define ZH_T2S_VARS 16
#define ZH_T2S_SETMAX 64 /* characters of a [set] */

typedef struct zh_t2s_var {
	const UChar *name;
	int32_t len, n;
	UChar set[ZH_T2S_SETMAX];
} zh_t2s_var;

/* The characters of one element. */
typedef struct zh_t2s_chars {
	int n;
	UChar c[ZH_T2S_SETMAX];
} zh_t2s_chars;

static int zh_t2s_put(zh_t2s_chars *into, UChar c)
{
	if (!into)
		return 0;
	if (into->n == ZH_T2S_SETMAX)
		return -1;
	into->c[into->n++] = c;
	return 0;
}

static int zh_t2s_ws(UChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int zh_t2s_namechar(UChar c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int zh_t2s_op(UChar c)
{
	return c == 0x2190 || c == 0x2192 || c == 0x2194; /* ← → ↔ */
}

/* A literal character of the rule text: anything ICU gives no meaning. */
static int zh_t2s_literal(UChar c)
{
	return c >= 0x80 && !zh_t2s_op(c) && c != 0x2206 /* ∆, ICU's '&' */ && c != 0x85 &&
	       c != 0x200E && c != 0x200F && c != 0x2028 && c != 0x2029 && !U16_IS_SURROGATE(c);
}

/* One element at r[*i] (whitespace skipped): a literal, $name or a [set]
 * of literals.  Returns 1 and the element's characters in `into` (if
 * not NULL) and its literal in *lit (0 for a set), 0 at the end, -1 for
 * anything else. */
static int zh_t2s_elem(const UChar *r, int32_t n, int32_t *i, zh_t2s_var *vars, int nvars,
                       zh_t2s_chars *into, UChar *lit)
{
	int32_t k = *i;
	while (k < n && zh_t2s_ws(r[k]))
		k++;
	*lit = 0;
	if (k == n) {
		*i = k;
		return 0;
	}
	if (zh_t2s_literal(r[k])) {
		*lit = r[k];
		if (zh_t2s_put(into, r[k]) < 0)
			return -1;
		*i = k + 1;
		return 1;
	}
	if (r[k] == '[') {
		for (k++; k < n && r[k] != ']'; k++) {
			if (zh_t2s_ws(r[k]))
				continue;
			if (!zh_t2s_literal(r[k]) || zh_t2s_put(into, r[k]) < 0)
				return -1;
		}
		if (k == n)
			return -1;
		*i = k + 1;
		return 1;
	}
	if (r[k] == '$') {
		int32_t a = ++k, v;
		while (k < n && zh_t2s_namechar(r[k]))
			k++;
		for (v = 0; v < nvars; v++)
			if (vars[v].len == k - a && memcmp(vars[v].name, r + a, (size_t)(k - a) * sizeof *r) == 0)
				break;
		if (k == a || v == nvars)
			return -1; /* the end anchor, or an unknown variable */
		if (into) {
			int j;
			for (j = 0; j < vars[v].n; j++)
				if (zh_t2s_put(into, vars[v].set[j]) < 0)
					return -1;
		}
		*i = k;
		return 1;
	}
	return -1;
}

/* The elements of r[a, b): their count (-1 if unreadable); the single
 * element's characters go to `into` when there is exactly one. */
static int zh_t2s_elems(const UChar *r, int32_t a, int32_t b, zh_t2s_var *vars, int nvars,
                        zh_t2s_chars *into, UChar *lit)
{
	int32_t i = a;
	int n = 0, rc;
	UChar l;
	*lit = 0;
	while ((rc = zh_t2s_elem(r, b, &i, vars, nvars, NULL, &l)) == 1) {
		n++;
		*lit = l;
	}
	if (rc < 0)
		return -1;
	if (n == 1 && into) {
		i = a;
		zh_t2s_elem(r, b, &i, vars, nvars, into, &l);
	}
	return n;
}

/* One rule r[0, n) (no ';').  Returns 0 or -1 (give up). */
static int zh_t2s_rule(const UChar *r, int32_t n, UTransDirection dir, zh_t2s_var *vars,
                       int *nvars, uint8_t *maybe)
{
	int32_t i, op = -1, eq = -1, ka, kb, ob, oe, lb = -1, rb = -1;
	int nel;
	UChar lit, olit;
	for (i = 0; i < n; i++) {
		UChar c = r[i];
		if (zh_t2s_op(c)) {
			if (op >= 0)
				return -1;
			op = i;
		} else if (c == '=') {
			if (eq >= 0)
				return -1;
			eq = i;
		} else if (c < 0x80 && !zh_t2s_ws(c) && !zh_t2s_namechar(c) && c != '$' && c != '[' &&
		           c != ']' && c != '{' && c != '}') {
			return -1;
		} else if (c >= 0x80 && !zh_t2s_literal(c)) {
			return -1;
		}
	}
	if (eq >= 0) {
		/* $name = [set] */
		zh_t2s_var *v;
		int32_t k = 0, a;
		if (op >= 0 || *nvars == ZH_T2S_VARS)
			return -1;
		while (k < eq && zh_t2s_ws(r[k]))
			k++;
		if (k == eq || r[k] != '$')
			return -1;
		a = ++k;
		while (k < eq && zh_t2s_namechar(r[k]))
			k++;
		if (k == a)
			return -1;
		v = &vars[*nvars];
		v->name = r + a;
		v->len = k - a;
		while (k < eq && zh_t2s_ws(r[k]))
			k++;
		if (k != eq)
			return -1;
		k = eq + 1;
		while (k < n && zh_t2s_ws(r[k]))
			k++;
		if (k == n || r[k] != '[')
			return -1;
		{
			zh_t2s_chars cs;
			cs.n = 0;
			if (zh_t2s_elem(r, n, &k, vars, *nvars, &cs, &lit) != 1 ||
			    zh_t2s_elems(r, k, n, vars, *nvars, NULL, &lit) != 0)
				return -1;
			v->n = cs.n;
			memcpy(v->set, cs.c, (size_t)cs.n * sizeof cs.c[0]);
		}
		(*nvars)++;
		return 0;
	}
	if (op < 0) {
		for (i = 0; i < n; i++)
			if (!zh_t2s_ws(r[i]))
				return -1;
		return 0; /* empty */
	}
	/* the side matched in this direction, and the other (the output) */
	if (dir == UTRANS_REVERSE ? r[op] == 0x2192 : r[op] == 0x2190)
		return 0; /* applies only the other way */
	if (dir == UTRANS_REVERSE) {
		ka = op + 1;
		kb = n;
		ob = 0;
		oe = op;
	} else {
		ka = 0;
		kb = op;
		ob = op + 1;
		oe = n;
	}
	for (i = ka; i < kb; i++) {
		if (r[i] == '{') {
			if (lb >= 0 || rb >= 0)
				return -1;
			lb = i;
		} else if (r[i] == '}') {
			if (rb >= 0)
				return -1;
			rb = i;
		}
	}
	/* a context needs a character before or after the key: a character
	 * alone never matches such a rule */
	if (lb >= 0 && (nel = zh_t2s_elems(r, ka, lb, vars, *nvars, NULL, &lit)) != 0)
		return nel < 0 ? -1 : 0;
	if (rb >= 0 && (nel = zh_t2s_elems(r, rb + 1, kb, vars, *nvars, NULL, &lit)) != 0)
		return nel < 0 ? -1 : 0;
	if (lb >= 0)
		ka = lb + 1;
	if (rb >= 0)
		kb = rb;
	{
		zh_t2s_chars one;
		one.n = 0;
		nel = zh_t2s_elems(r, ka, kb, vars, *nvars, &one, &lit);
		if (nel < 0)
			return -1;
		if (nel == 1) {
			/* "干 ← 干" changes nothing; anything else on the output side may */
			int32_t k;
			int ident = 0;
			for (k = ob; k < oe && r[k] != '{' && r[k] != '}'; k++)
				;
			if (lit && k == oe && zh_t2s_elems(r, ob, oe, vars, *nvars, NULL, &olit) == 1 &&
			    olit == lit)
				ident = 1;
			for (k = 0; !ident && k < one.n; k++)
				maybe[one.c[k] >> 3] |= (uint8_t)(1u << (one.c[k] & 7));
		}
	}
	return 0;
}

/* The candidates from the rule text; -1 when the text is not readable. */
static int zh_t2s_scan(const UChar *r, int32_t n, UTransDirection dir, uint8_t *maybe)
{
	zh_t2s_var vars[ZH_T2S_VARS];
	int nvars = 0, rc = 0;
	int32_t i = 0;
	while (i < n && rc == 0) {
		int32_t e = i;
		while (e < n && r[e] != ';')
			e++;
		rc = zh_t2s_rule(r + i, e - i, dir, vars, &nvars, maybe);
		i = e + 1;
	}
	return rc;
}

/* ------------------------------------------------------------ API */

UTransliterator *zh_t2s_get(zh_t2s *t, UErrorCode *err)
{
	UParseError pe;
	if (t->t || U_FAILURE(t->err)) {
		*err = t->err;
		return t->t;
	}
	t->t = t->rules ? utrans_openU(zh_t2s_id, -1, t->dir, t->rules, t->nrules, &pe, &t->err)
	                : zh_t2s_open_by_id(&t->err);
	if (U_FAILURE(t->err) && t->t) {
		utrans_close(t->t);
		t->t = NULL;
	}
	if (!t->t && U_SUCCESS(t->err))
		t->err = U_MEMORY_ALLOCATION_ERROR;
	*err = t->err;
	return t->t;
}

tides_status zh_t2s_new(tides_ctx *ctx, zh_t2s **out)
{
	UErrorCode st = U_ZERO_ERROR;
	zh_t2s *t;
	*out = NULL;
	t = tides_calloc(1, sizeof *t);
	if (!t || !(t->maybe = uset_openEmpty()) || !(t->bits = tides_calloc(0x10000 / 8, 1))) {
		zh_t2s_free(t);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	if (zh_t2s_locate(t) == 0 && zh_t2s_scan(t->rules, t->nrules, t->dir, t->bits) == 0) {
		/* the bitmap to the set, in ascending ranges (appending is cheap) */
		UChar32 c = 0, a;
		t->mode = 0;
		while (c < 0x10000) {
			if (!(t->bits[c >> 3] & (1u << (c & 7)))) {
				c++;
				continue;
			}
			for (a = c; c < 0x10000 && (t->bits[c >> 3] & (1u << (c & 7))); c++)
				;
			uset_addRange(t->maybe, a, c - 1);
		}
	} else {
		int32_t i, n;
		t->mode = t->rules ? 1 : 2;
		memset(t->bits, 0, 0x10000 / 8);
		if (!zh_t2s_get(t, &st)) {
			zh_t2s_free(t);
			return tides_fail(ctx, TIDES_ERR_INTERNAL,
			                  "ICU: no Traditional-Simplified transliterator: %s", u_errorName(st));
		}
		utrans_getSourceSet(t->t, 0, t->maybe, &st);
		if (U_FAILURE(st)) {
			zh_t2s_free(t);
			return tides_fail(ctx, TIDES_ERR_INTERNAL, "ICU: transliterator source set: %s",
			                  u_errorName(st));
		}
		n = uset_getItemCount(t->maybe);
		for (i = 0; i < n; i++) {
			UChar32 a, b, c;
			if (uset_getItem(t->maybe, i, &a, &b, NULL, 0, &st) != 0 || U_FAILURE(st))
				continue;
			for (c = a; c <= b && c < 0x10000; c++)
				t->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
		}
	}
	uset_freeze(t->maybe);
	*out = t;
	return TIDES_OK;
}

void zh_t2s_free(zh_t2s *t)
{
	if (!t)
		return;
	if (t->t)
		utrans_close(t->t);
	if (t->maybe)
		uset_close(t->maybe);
	if (t->res)
		ures_close(t->res);
	tides_free(t->bits);
	tides_free(t);
}

const USet *zh_t2s_maybe(const zh_t2s *t)
{
	return t->maybe;
}

int zh_t2s_compiled(const zh_t2s *t)
{
	return t->t != NULL;
}

int zh_t2s_mode(const zh_t2s *t)
{
	return t->mode;
}

int zh_t2s_changes(zh_t2s *t, uint32_t c)
{
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *tr;
	UChar buf[8], orig[2];
	int32_t len = 0, olen, lim;
	if (c < 0x10000 ? !(t->bits[c >> 3] & (1u << (c & 7))) : !uset_contains(t->maybe, (UChar32)c))
		return 0;
	if (!(tr = zh_t2s_get(t, &st)))
		return 1;
	U16_APPEND_UNSAFE(buf, len, c);
	orig[0] = buf[0];
	orig[1] = len > 1 ? buf[1] : 0;
	olen = lim = len;
	utrans_transUChars(tr, buf, &len, 8, 0, &lim, &st);
	return U_FAILURE(st) || len != olen || memcmp(buf, orig, (size_t)olen * sizeof(UChar)) != 0;
}
