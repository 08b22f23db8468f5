/*
 * dict-petr-verbs.c — PETRARCH-1 and PETRARCH-2 verb dictionaries.
 *
 * Verbs.  A '--- NAME [CODE] ---' header opens a block; verb lines add
 * forms (regular forms generated unless '{...}' lists them; '+' marks the
 * head of a multi-word verb such as WIRE_+TAP), '-' lines add patterns.
 * Blocks are kept until the end of the file, then emitted: blocks of the
 * same first verb are merged (PETRARCH files patterns under that verb, so
 * it uses all of them, with the last code of each form), and each merged
 * block gives one dict_verb per distinct verb code (a verb line may carry
 * its own [CODE]), each with its default pattern and all the patterns,
 * because the model has one default code per verb.  [+++] patterns are
 * dropped: PETRARCH has no "complex" outcome.  Loading a PETRARCH verb file
 * also switches the coder to PETRARCH mode (dict_options.petrarch) with
 * PETRARCH's default comma-clause lengths.
 *
 * PETRARCH-1 patterns are TABARI-like: words separated by ' ' (other words
 * may come between) or '_' (the next token), '*' the verb, '$' source, '+'
 * target, '%' compound actor, '^' skip one phrase, '&NAME' a synset,
 * '{ a | b }' alternatives.  PETRARCH-2 patterns describe parse-tree
 * constituents; without a parser we read them as word sequences:
 *   NOUN             a head noun            -> the word, anywhere after the
 *                                              previous element (gap)
 *   {MOD MOD HEAD}   a noun phrase          -> its words in order, gaps
 *   (PREP NOUN ...)  a prepositional phrase -> PREP then its nouns, gaps
 *   $ + inside them  source / target       -> DICT_EL_SOURCE / TARGET
 *   &SYN             a synset               -> DICT_EL_SYNSET
 *   [A:B]            paired event, B reversed; [:B] means A = '---'
 *   ~ a (a b V) W = a b C  verb transformations: checked for syntax and
 *                    counted, not applied (they need the clause tree).
 * Pattern ranking uses dict_pattern_length() of the normalised text, so
 * longer patterns are tried first, as in TABARI.
 *
 */
#include "coder/dict-petr-int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/ctx.h"
#include "util/mem.h"
#include "util/banned.h"

/* ------------------------------------------------------------ verbs */

static int petr_verb_ph(petr_ld *L)
{
	dict_elem e;
	uint32_t first;
	if (L->have_verb_ph)
		return 0;
	memset(&e, 0, sizeof e);
	e.kind = DICT_EL_VERB;
	first = dict_add_elems(L->d, &e, 1);
	if (first == UINT32_MAX) {
		L->nomem = 1;
		return -1;
	}
	L->verb_ph.first = first;
	L->verb_ph.n = 1;
	L->have_verb_ph = 1;
	return 0;
}

/* Closes the open block: kept in L->blocks until the end of the file. */
static int petr_flush_block(petr_ld *L)
{
	petr_block *b;
	uint32_t nf, np;
	if (!L->block_open)
		return 0;
	L->block_open = 0;
	nf = L->nforms - L->bform0;
	np = L->npats - L->bpat0;
	if (!nf) {
		if (np)
			tides_warn_at(L->ctx, L->name, L->pats[L->bpat0].line,
			              "verb block without verbs; its %u pattern(s) skipped", np);
		L->npats = L->bpat0;
		return 0;
	}
	if (petr_grow((void **)&L->blocks, &L->cblocks, L->nblocks, sizeof *L->blocks) < 0)
		return L->nomem = 1, -1;
	b = &L->blocks[L->nblocks++];
	b->form_first = L->bform0;
	b->nform = nf;
	b->pat_first = L->bpat0;
	b->npat = np;
	b->key = L->d->elems[L->forms[L->bform0].ph.first].ref;
	b->into = UINT32_MAX;
	L->bform0 = L->nforms;
	L->bpat0 = L->npats;
	return 0;
}

static int petr_same_phrase(const tides_dicts *d, dict_phrase a, dict_phrase b)
{
	uint32_t i;
	if (a.n != b.n)
		return 0;
	for (i = 0; i < a.n; i++)
		if (d->elems[a.first + i].ref != d->elems[b.first + i].ref)
			return 0;
	return 1;
}

/* Emits the blocks.  Blocks of the same first verb are merged as PETRARCH
 * files them: the patterns of all of them, a form's code from its last
 * definition.  One dict_verb per distinct verb code of a merged block,
 * each with its default pattern and all the patterns. */
static int petr_emit_blocks(petr_ld *L)
{
	tides_dicts *d = L->d;
	uint32_t *fidx = NULL, *pidx = NULL, bi, bj;
	int rc = -1;
	if (!L->nblocks)
		return 0;
	if (petr_verb_ph(L) < 0)
		return -1;
	fidx = tides_malloc(sizeof *fidx * (L->nforms ? L->nforms : 1));
	pidx = tides_malloc(sizeof *pidx * (L->npats ? L->npats : 1));
	if (!fidx || !pidx) {
		L->nomem = 1;
		goto done;
	}
	for (bi = 1; bi < L->nblocks; bi++)
		for (bj = 0; bj < bi; bj++)
			if (L->blocks[bj].into == UINT32_MAX && L->blocks[bj].key == L->blocks[bi].key) {
				L->blocks[bi].into = bj;
				break;
			}
	for (bi = 0; bi < L->nblocks; bi++) {
		uint32_t nf = 0, np = 0, i, j, k;
		if (L->blocks[bi].into != UINT32_MAX)
			continue;
		for (bj = bi; bj < L->nblocks; bj++) {
			const petr_block *b = &L->blocks[bj];
			if (bj != bi && b->into != bi)
				continue;
			for (k = 0; k < b->nform; k++) {
				uint32_t f = b->form_first + k;
				for (j = 0; j < nf; j++)
					if (petr_same_phrase(d, L->forms[fidx[j]].ph, L->forms[f].ph))
						break;
				if (j < nf)
					fidx[j] = f; /* a later definition wins */
				else
					fidx[nf++] = f;
			}
			for (k = 0; k < b->npat; k++)
				pidx[np++] = b->pat_first + k;
		}
		for (i = 0; i < nf; i++) {
			const char *code = L->forms[fidx[i]].code;
			uint32_t v, nv = 0;
			for (j = 0; j < i; j++)
				if (strcmp(L->forms[fidx[j]].code, code) == 0)
					break;
			if (j < i)
				continue;
			v = dict_add_verb(d);
			if (v == UINT32_MAX) {
				L->nomem = 1;
				goto done;
			}
			for (j = i; j < nf; j++) {
				if (strcmp(L->forms[fidx[j]].code, code) != 0)
					continue;
				if (dict_verb_add_form(d, v, L->forms[fidx[j]].ph) < 0 ||
				    dict_add_entry(d, DICT_K_VERB, v, nv, L->forms[fidx[j]].ph) < 0) {
					L->nomem = 1;
					goto done;
				}
				nv++;
			}
			if (dict_verb_add_pattern(d, v, L->verb_ph, code, 0, 0, 1, L->file,
			                          L->forms[fidx[i]].line) < 0) {
				L->nomem = 1;
				goto done;
			}
			for (k = 0; k < np; k++) {
				const petr_pat *p = &L->pats[pidx[k]];
				if (dict_verb_add_pattern(d, v, p->ph, p->code, p->len, p->maxalt, 0, L->file,
				                          p->line) < 0) {
					L->nomem = 1;
					goto done;
				}
			}
		}
	}
	rc = 0;
done:
	tides_free(fidx);
	tides_free(pidx);
	return rc;
}

static int petr_add_form(petr_ld *L, const char *text, size_t n, const char *code)
{
	petr_ph ph;
	petr_form *f;
	if (petr_words_phrase(L, text, n, DICT_M_EXACT, &ph) < 0)
		return L->nomem ? -1 : 0;
	if (petr_grow((void **)&L->forms, &L->cforms, L->nforms, sizeof *L->forms) < 0)
		return L->nomem = 1, -1;
	f = &L->forms[L->nforms];
	if (ph_commit(L, &ph, &f->ph) < 0)
		return -1;
	snprintf(f->code, sizeof f->code, "%s", code);
	f->line = (uint32_t)L->lineno;
	L->nforms++;
	return 0;
}

/* A verb line: MAIN {FORMS} [CODE].  Multi-word verbs join words with '_'
 * and mark the head with '+'. */
static int petr_verb_line(petr_ld *L)
{
	char main_[PETR_LINE_MAX], forms[PETR_LINE_MAX], code[PETR_CODE_MAX];
	char *s = L->line, *ob, *cb;
	const char *b, *e;
	int has_forms = 0, multi;
	size_t mlen;
	if (!L->block_open) {
		tides_warn_at(L->ctx, L->name, L->lineno, "verb outside a '--- NAME [CODE] ---' block; skipped");
		return 0;
	}
	snprintf(code, sizeof code, "%s", L->block_code);
	if (petr_bracket(s, &b, &e) == 0) {
		if (petr_verb_code(b, (size_t)(e - b), code, sizeof code) < 0) {
			tides_warn_at(L->ctx, L->name, L->lineno, "bad verb code '%.*s'; line skipped",
			              (int)(e - b), b);
			return 0;
		}
		*(char *)(b - 1) = '\0';
	} else if (strchr(s, '[')) {
		tides_warn_at(L->ctx, L->name, L->lineno, "missing ']' in verb line; skipped");
		return 0;
	}
	ob = strchr(s, '{');
	forms[0] = '\0';
	if (ob) {
		cb = strchr(ob, '}');
		if (!cb) {
			tides_warn_at(L->ctx, L->name, L->lineno, "missing '}' in verb forms; line skipped");
			return 0;
		}
		*cb = '\0';
		snprintf(forms, sizeof forms, "%s", ob + 1);
		*ob = '\0';
		has_forms = 1;
	}
	if (petr_copy_trim(main_, sizeof main_, s, strlen(s)) <= 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "verb line without a verb; skipped");
		return 0;
	}
	mlen = strlen(main_);
	multi = strchr(main_, '_') || strchr(main_, ' ') || main_[0] == '+';
	if (multi && strchr(main_, '_') && !strchr(main_, '+')) {
		tides_warn_at(L->ctx, L->name, L->lineno,
		              "multi-word verb '%s' needs a '+' before its verb word; skipped", main_);
		return 0;
	}
	petr_upper(main_);
	petr_upper(forms);
	if (petr_add_form(L, main_, mlen, code) < 0)
		return -1;
	if (has_forms) {
		/* the listed forms replace the generated ones ({} = none) */
		const char *f = forms;
		while (*(f = petr_skip_space(f))) {
			size_t k = 0;
			while (f[k] && !petr_is_space((unsigned char)f[k]))
				k++;
			if (petr_add_form(L, f, k, code) < 0)
				return -1;
			f += k;
		}
		return 0;
	}
	{
		/* regular forms of the head word (the '+' word, else the first) */
		char out[3][PETR_WORD_MAX], head[PETR_WORD_MAX], buf[PETR_LINE_MAX];
		const char *h = strchr(main_, '+');
		size_t hs, he, i;
		hs = h ? (size_t)(h - main_) + 1 : 0;
		he = hs;
		while (he < mlen && main_[he] != '_' && !petr_is_space((unsigned char)main_[he]))
			he++;
		if (he == hs || he - hs >= sizeof head) {
			tides_warn_at(L->ctx, L->name, L->lineno, "no verb word in '%s'; forms not generated",
			              main_);
			return 0;
		}
		memcpy(head, main_ + hs, he - hs);
		head[he - hs] = '\0';
		if (petr_regular_forms(head, out) < 0)
			return 0;
		for (i = 0; i < 3; i++) {
			int m = snprintf(buf, sizeof buf, "%.*s%s%s", (int)hs, main_, out[i], main_ + he);
			if (m < 0 || (size_t)m >= sizeof buf)
				continue;
			if (petr_add_form(L, buf, (size_t)m, code) < 0)
				return -1;
		}
	}
	return 0;
}

/* Parses pattern tokens of t into ph.  Returns 0, or -1 after a warning. */
static int petr_pattern_tokens(petr_ld *L, const char *t, petr_ph *ph, int *nverb, int in_alt,
                               const char **stop)
{
	size_t i = 0;
	while (t[i]) {
		size_t j;
		char tok[PETR_WORD_MAX];
		if (petr_is_space((unsigned char)t[i])) {
			i++;
			continue;
		}
		if (t[i] == '_' || (t[i] == '-' && i > 0 && !petr_is_space((unsigned char)t[i - 1]))) {
			ph_next(ph); /* '-' splits words as the lexer does: BARAD-DUR */
			i++;
			continue;
		}
		if (in_alt && (t[i] == '|' || t[i] == '}')) {
			*stop = t + i;
			return 0;
		}
		j = i;
		while (t[j] && !petr_is_space((unsigned char)t[j]) && t[j] != '_' &&
		       (t[j] != '-' || j == i))
			j++;
		if (j - i >= sizeof tok) {
			tides_warn_at(L->ctx, L->name, L->lineno, "word too long in pattern; skipped");
			return -1;
		}
		memcpy(tok, t + i, j - i);
		tok[j - i] = '\0';
		if (strcmp(tok, "*") == 0) {
			if (in_alt)
				goto bad;
			ph_push(ph, DICT_EL_VERB, 0, 0);
			(*nverb)++;
		} else if (strcmp(tok, "$") == 0) {
			ph_push(ph, DICT_EL_SOURCE, 0, 0);
		} else if (strcmp(tok, "+") == 0) {
			ph_push(ph, DICT_EL_TARGET, 0, 0);
		} else if (strcmp(tok, "%") == 0) {
			ph_push(ph, DICT_EL_COMPOUND, 0, 0);
		} else if (strcmp(tok, "^") == 0) {
			ph_push(ph, DICT_EL_SKIP, 0, 0);
		} else if (strcmp(tok, "{") == 0) {
			dict_phrase opts[PETR_ALT_MAX];
			uint32_t nopt = 0, alt;
			const char *c = t + j;
			if (in_alt)
				goto bad;
			for (;;) {
				petr_ph oph;
				const char *st = NULL;
				oph.n = 0;
				oph.full = 0;
				if (petr_pattern_tokens(L, c, &oph, nverb, 1, &st) < 0)
					return -1;
				if (!st) {
					tides_warn_at(L->ctx, L->name, L->lineno, "missing '}' in pattern; skipped");
					return -1;
				}
				if (oph.n) {
					if (nopt >= PETR_ALT_MAX) {
						tides_warn_at(L->ctx, L->name, L->lineno, "too many alternatives; skipped");
						return -1;
					}
					if (oph.full) {
						tides_warn_at(L->ctx, L->name, L->lineno, "alternative too long; skipped");
						return -1;
					}
					if (ph_commit(L, &oph, &opts[nopt]) < 0)
						return -1;
					nopt++;
				}
				c = st + 1;
				if (*st == '}')
					break;
			}
			if (!nopt) {
				tides_warn_at(L->ctx, L->name, L->lineno, "empty '{ }' in pattern; skipped");
				return -1;
			}
			alt = dict_add_alt(L->d, opts, nopt);
			if (alt == UINT32_MAX)
				return L->nomem = 1, -1;
			ph_push(ph, DICT_EL_ALT, 0, alt);
			i = (size_t)(c - t);
			continue;
		} else if (tok[0] == '&') {
			size_t k = strlen(tok);
			uint32_t w, syn;
			if (k > 1 && tok[k - 1] == '_')
				tok[--k] = '\0';
			petr_upper(tok);
			w = dict_lookup_word(L->d, tok, k);
			syn = w ? dict_find_synset(L->d, w) : UINT32_MAX;
			if (syn == UINT32_MAX) {
				tides_warn_at(L->ctx, L->name, L->lineno, "undefined synset '%s'; pattern skipped", tok);
				return -1;
			}
			ph_push(ph, DICT_EL_SYNSET, 0, syn);
		} else if (strchr("*$%^{}|", tok[0]) || (tok[0] == '+' && tok[1])) {
			goto bad;
		} else {
			int k = ph_clitic(L, ph, tok, strlen(tok));
			uint32_t id;
			if (k < 0)
				return -1;
			if (k == 0) {
				id = petr_word(L, tok, strlen(tok));
				if (!id)
					return -1;
				ph_push(ph, DICT_EL_WORD, PETR_PATTERN_MATCH, id);
			}
		}
		i = j;
		continue;
	bad:
		tides_warn_at(L->ctx, L->name, L->lineno, "unexpected '%s' in pattern; skipped", tok);
		return -1;
	}
	if (in_alt)
		*stop = NULL;
	return 0;
}

/* A pattern line: '- ... * ... [CODE]'. */
static int petr_pattern_line(petr_ld *L)
{
	char t[PETR_LINE_MAX * 2], code[PETR_CODE_MAX];
	const char *s = L->line, *b, *e, *ob;
	size_t n, i, o = 0;
	petr_ph ph;
	petr_pat *p;
	int nverb = 0;
	uint32_t len, maxalt;
	if (!L->block_open) {
		tides_warn_at(L->ctx, L->name, L->lineno, "pattern outside a verb block; skipped");
		return 0;
	}
	s = petr_skip_space(s) + 1; /* past '-' */
	ob = strrchr(s, '[');
	if (!ob || petr_bracket(ob, &b, &e) < 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "pattern without [CODE]; skipped");
		return 0;
	}
	if (petr_verb_code(b, (size_t)(e - b), code, sizeof code) < 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "bad code '[%.*s]' in pattern; skipped",
		              (int)(e - b), b);
		return 0;
	}
	if (strcmp(code, "+++") == 0)
		return 0; /* PETRARCH has no "complex" outcome: such patterns never fire */
	n = (size_t)(ob - s);
	/* normalise: PETRARCH-1 keeps '{ | }' (spaced out), turns "_ " into " "
	 * and drops a final '_'; PETRARCH-2 flattens its phrase brackets */
	for (i = 0; i < n && o + 3 < sizeof t; i++) {
		char c = s[i];
		if (L->dialect == PETR_DIALECT_2 && (c == '(' || c == ')' || c == '{' || c == '}')) {
			t[o++] = ' ';
		} else if (L->dialect != PETR_DIALECT_2 && (c == '{' || c == '|' || c == '}')) {
			t[o++] = ' ';
			t[o++] = c;
			t[o++] = ' ';
		} else if (c == '_' && (i + 1 == n || petr_is_space((unsigned char)s[i + 1]))) {
			t[o++] = ' ';
		} else {
			t[o++] = c;
		}
	}
	t[o] = '\0';
	len = dict_pattern_length(t, &maxalt);
	ph.n = 0;
	ph.full = 0;
	if (petr_pattern_tokens(L, t, &ph, &nverb, 0, NULL) < 0)
		return L->nomem ? -1 : 0;
	if (ph.full) {
		tides_warn_at(L->ctx, L->name, L->lineno, "pattern too long; skipped");
		return 0;
	}
	if (nverb != 1) {
		tides_warn_at(L->ctx, L->name, L->lineno, "pattern needs exactly one '*' (has %d); skipped",
		              nverb);
		return 0;
	}
	if (petr_grow((void **)&L->pats, &L->cpats, L->npats, sizeof *L->pats) < 0)
		return L->nomem = 1, -1;
	p = &L->pats[L->npats];
	if (ph_commit(L, &ph, &p->ph) < 0)
		return -1;
	snprintf(p->code, sizeof p->code, "%s", code);
	p->len = len;
	p->maxalt = maxalt;
	p->line = (uint32_t)L->lineno;
	L->npats++;
	return 0;
}

static int petr_header_line(petr_ld *L)
{
	const char *b, *e;
	if (petr_flush_block(L) < 0)
		return -1;
	L->block_open = 1;
	snprintf(L->block_code, sizeof L->block_code, "---");
	if (petr_bracket(L->line, &b, &e) == 0 &&
	    petr_verb_code(b, (size_t)(e - b), L->block_code, sizeof L->block_code) < 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "bad block code '[%.*s]'; using '---'",
		              (int)(e - b), b);
		snprintf(L->block_code, sizeof L->block_code, "---");
	}
	return 0;
}

static int petr_synset_header(petr_ld *L)
{
	char name[PETR_WORD_MAX];
	const char *s = petr_skip_space(L->line);
	size_t n = 0;
	uint32_t w;
	while (s[n] && !petr_is_space((unsigned char)s[n]))
		n++;
	L->synset = UINT32_MAX;
	if (n < 2 || n >= sizeof name) {
		tides_warn_at(L->ctx, L->name, L->lineno, "bad synset name; its members are skipped");
		return 0;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	L->synset_noplural = 0;
	if (name[n - 1] == '_') {
		name[--n] = '\0';
		L->synset_noplural = 1;
	}
	petr_upper(name);
	w = petr_word(L, name, n);
	if (!w)
		return -1;
	if (dict_find_synset(L->d, w) != UINT32_MAX) {
		tides_warn_at(L->ctx, L->name, L->lineno, "synset '%s' defined twice; second ignored", name);
		L->synset = UINT32_MAX - 1; /* swallow its members quietly */
		return 0;
	}
	L->synset = dict_add_synset(L->d, w);
	if (L->synset == UINT32_MAX)
		return L->nomem = 1, -1;
	return 0;
}

static int petr_synset_member(petr_ld *L)
{
	char m[PETR_LINE_MAX], pl[PETR_LINE_MAX];
	const char *s = petr_skip_space(L->line) + 1;
	int n = petr_copy_trim(m, sizeof m, s, strlen(s));
	int plural = !L->synset_noplural;
	int pass;
	if (L->synset == UINT32_MAX - 1)
		return 0;
	if (n <= 0) {
		tides_warn_at(L->ctx, L->name, L->lineno, "empty synset member; skipped");
		return 0;
	}
	if (m[n - 1] == '_') {
		plural = 0;
		m[--n] = '\0';
	}
	petr_upper(m);
	if (strchr(m, '&'))
		plural = 0;
	for (pass = 0; pass < 1 + plural; pass++) {
		petr_ph ph;
		dict_phrase dp;
		const char *t = m;
		size_t i = 0;
		if (pass == 1) {
			if (petr_plural(m, pl, sizeof pl) < 0)
				break;
			t = pl;
		}
		ph.n = 0;
		ph.full = 0;
		while (t[i]) {
			size_t j;
			while (t[i] && (petr_is_space((unsigned char)t[i]) || t[i] == '_' || t[i] == '-'))
				i++;
			if (!t[i])
				break;
			j = i;
			while (t[j] && !petr_is_space((unsigned char)t[j]) && t[j] != '_' && t[j] != '-')
				j++;
			if (t[i] == '&') {
				uint32_t w = dict_lookup_word(L->d, t + i, j - i);
				uint32_t syn = w ? dict_find_synset(L->d, w) : UINT32_MAX;
				if (syn == UINT32_MAX || syn == L->synset) {
					tides_warn_at(L->ctx, L->name, L->lineno,
					              "undefined synset '%.*s' in member; skipped", (int)(j - i), t + i);
					return 0;
				}
				ph_push(&ph, DICT_EL_SYNSET, 0, syn);
			} else {
				int k = ph_clitic(L, &ph, t + i, j - i);
				uint32_t id;
				if (k < 0)
					return -1;
				if (k == 0) {
					id = petr_word(L, t + i, j - i);
					if (!id)
						return L->nomem ? -1 : 0;
					ph_push(&ph, DICT_EL_WORD, PETR_PATTERN_MATCH, id);
				}
			}
			ph_next(&ph);
			i = j;
		}
		if (!ph.n || ph.full) {
			tides_warn_at(L->ctx, L->name, L->lineno, "bad synset member; skipped");
			return 0;
		}
		if (ph_commit(L, &ph, &dp) < 0)
			return -1;
		if (dict_synset_add(L->d, L->synset, dp) < 0)
			return L->nomem = 1, -1;
	}
	return 0;
}

/* '~ a (a b VERB) VERB = a b CODE': checked, counted, not applied. */
static int petr_transform_line(petr_ld *L)
{
	const char *eq = strchr(L->line, '=');
	int depth = 0;
	const char *c;
	for (c = L->line; *c; c++) {
		if (*c == '(')
			depth++;
		else if (*c == ')' && --depth < 0)
			break;
	}
	if (!eq || depth != 0 || !*petr_skip_space(eq + 1)) {
		tides_warn_at(L->ctx, L->name, L->lineno, "malformed '~' transformation; skipped");
		return 0;
	}
	L->ntransform++;
	return 0;
}

int petr_load_verbs(petr_ld *L)
{
	/* the coder follows PETRARCH where it differs from TABARI, starting
	 * from PETRARCH's default comma-clause lengths (PETR_config.ini) */
	L->d->opt.petrarch = 1;
	L->d->opt.comma_min = 2;
	L->d->opt.comma_max = 8;
	L->d->opt.comma_bmin = 0;
	L->d->opt.comma_bmax = 0;
	L->d->opt.comma_emin = 2;
	L->d->opt.comma_emax = 8;
	L->synset = UINT32_MAX;
	while (!L->nomem && petr_next(L)) {
		const char *s = petr_skip_space(L->line);
		int in_syn = L->synset != UINT32_MAX;
		int rc = 0;
		if (*s != '+')
			L->synset = UINT32_MAX;
		if (strncmp(s, "---", 3) == 0)
			rc = petr_header_line(L);
		else if (*s == '-')
			rc = petr_pattern_line(L);
		else if (*s == '&')
			rc = petr_synset_header(L);
		else if (*s == '+' && in_syn)
			rc = petr_synset_member(L);
		else if (*s == '~')
			rc = petr_transform_line(L);
		else if (*s == '<')
			tides_warn_at(L->ctx, L->name, L->lineno, "stray '<' line; skipped");
		else
			rc = petr_verb_line(L);
		if (rc < 0)
			return -1;
	}
	if (L->nomem || petr_flush_block(L) < 0)
		return -1;
	return petr_emit_blocks(L);
}

int dict_petr_verbs_dialect(const char *text, size_t n)
{
	const char *p = text, *end = text + n;
	int block = 0, p2 = 0;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len;
		if (!e)
			e = end;
		len = (size_t)(e - p);
		while (len && petr_is_space((unsigned char)*p)) {
			p++;
			len--;
		}
		if (len >= 6 && memcmp(p, "---", 3) == 0) {
			/* '--- NAME [CODE] ---' */
			size_t k = len;
			while (k && petr_is_space((unsigned char)p[k - 1]))
				k--;
			if (k >= 6 && memcmp(p + k - 3, "---", 3) == 0)
				block = 1;
		} else if (len && *p == '~') {
			p2 = 1;
		} else if (len > 1 && *p == '-') {
			const char *b = memchr(p, '[', len), *par = memchr(p, '(', len);
			if (par && (!b || par < b))
				p2 = 1;
		} else if (len >= 21 && memcmp(p, "####### VERB PATTERNS", 21) == 0) {
			p2 = 1;
		}
		p = e + 1;
	}
	if (!block)
		return PETR_DIALECT_NONE;
	return p2 ? PETR_DIALECT_2 : PETR_DIALECT_1;
}
