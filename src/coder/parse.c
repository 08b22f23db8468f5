/*
 * parse.c — markup of one sentence, following TABARI's parser: roots
 * (longest match in characters, first found on ties), verbs shifted to
 * nouns, agents converted to actors, compound actors ("A, B and C"),
 * comma-delimited subordinate clauses (nulled), clauses split at
 * conjunctions, pronoun references, discards and the complexity tests.
 *
 * Beyond TABARI, for dictionaries that ask for it (data/dict/en): names
 * that are also common words ("Rice", "Gates": <CAPNAME>) are actors
 * only where capitalised as names (capname_guard), and the actors of
 * phrases of place ("in Moscow": <LOCATIVE>) are marked TF_LOC, so that
 * coder.c takes them as source or target only when no other actor fills
 * the role (mark_locatives).  TABARI's and PETRARCH's dictionaries have
 * neither and are parsed as before.
 *
 * Speed: a word whose roots are all one word long has its root
 * remembered in the lexer cache (its entry's root); any other word remembers its
 * best one-word root (lexroot1), so only its longer roots are tried in
 * the sentence (try_roots with `multi`).
 *
 * Invariants: a token belongs to at most one root; a root head carries
 * `entry`, htag and rtail, its tail ttag; `rhead` of every matched token is
 * the head.  Tags deactivated by subordinate nulling are simply cleared.
 */
#include "coder/coder.h"

#include <string.h>

#include "util/banned.h"

/* ----------------------------------------------------------- codes */

const char *coder_actor_code(const tides_dicts *d, uint32_t actor, int32_t date)
{
	const dict_actor *a = &d->actors[actor];
	const char *undated = NULL;
	uint32_t i;
	for (i = 0; i < a->ncode; i++) {
		const dict_dated_code *c = &d->codes[a->code_first + i];
		if (c->from == DICT_DATE_MIN && c->to == DICT_DATE_MAX) {
			if (!undated)
				undated = c->code;
		} else if (date >= c->from && date <= c->to) {
			return c->code;
		}
	}
	return undated;
}

static int word_type_of(const tides_dicts *d, const dict_entry *e, uint8_t *bflags)
{
	*bflags = 0;
	switch (e->kind) {
	case DICT_K_ACTOR: return W_ACTOR;
	case DICT_K_AGENT: return W_AGENT;
	case DICT_K_VERB: return W_VERB;
	case DICT_K_TIME: return W_TIME;
	case DICT_K_NOUN: return W_NOUN;
	case DICT_K_ADJ: return W_ADJ;
	case DICT_K_DISCARD: return W_NOUN;
	case DICT_K_BUILTIN:
		*bflags = (uint8_t)(e->entry >> 8);
		return (int)(e->entry & 0xff);
	default:
		(void)d;
		return W_NULL;
	}
}

/* ----------------------------------------------------------- roots */

static int ends_with_noun(const char *rest, uint32_t n)
{
	if (n == 1 && rest[0] == 'S')
		return 1;
	if (n == 2 && rest[1] == 'S' && (rest[0] == '\'' || rest[0] == 'E'))
		return 2;
	return 0;
}

static int ends_with_verb(const char *word, uint32_t wl, const char *rest, uint32_t n)
{
	if (n == 1 && rest[0] == 'S')
		return 1;
	if (n == 2 && rest[0] == 'E' && (rest[1] == 'D' || rest[1] == 'S' || rest[1] == 'N'))
		return 2;
	if (n == 3 && rest[0] == 'I' && rest[1] == 'N' && rest[2] == 'G')
		return 3;
	if (n == 1 && rest[0] == 'D' && wl && word[wl - 1] == 'E')
		return 1;
	return 0;
}

/* TABARI matchLex: characters matched (0 = no match); positions in pos[].
 * The caller guarantees that the entry's first word begins token `start`. */
static int match_root(const tides_coder *c, const dict_entry *e, int start, int *pos)
{
	const tides_dicts *d = c->d;
	int j = start, gap = 0, nmatch = 0;
	uint32_t k;
	for (k = 0; k < e->ph.n; k++) {
		const dict_elem *el = &d->elems[e->ph.first + k];
		const char *w;
		uint32_t wl;
		if (el->kind != DICT_EL_WORD)
			return 0;
		w = dict_word(d, el->ref);
		wl = d->wlen[el->ref];
		for (;;) {
			const ctok *t;
			if (j >= c->ntok)
				return 0;
			t = &c->tok[j];
			if (t->wtype == W_COMMA)
				return 0;
			/* the head word is known to begin the first token */
			if (k == 0 || (t->len >= wl && memcmp(t->s, w, wl) == 0))
				break;
			if (!gap)
				return 0;
			j++;
		}
		pos[k] = j;
		nmatch += (int)wl;
		if (c->tok[j].len > wl && el->match != DICT_M_STEM) {
			const ctok *t = &c->tok[j];
			int add = 0;
			if (el->match == DICT_M_EXACT || k + 1 != e->ph.n)
				return 0;
			if (e->kind == DICT_K_ACTOR || e->kind == DICT_K_AGENT || e->kind == DICT_K_NOUN)
				add = ends_with_noun(t->s + wl, t->len - wl);
			else if (e->kind == DICT_K_VERB)
				add = ends_with_verb(w, wl, t->s + wl, t->len - wl);
			/* petr: the lexer keeps a sentence-final period after a
			 * capital (GMO.); PETRARCH's tokens never have it */
			if (!add && c->opt.petrarch && t->len - wl == 1 && t->s[wl] == '.')
				add = 1;
			if (!add)
				return 0;
			return nmatch + add;
		}
		gap = !(el->flags & DICT_EF_NEXT);
		j++;
	}
	return nmatch;
}

struct root_arg {
	tides_coder *c;
	int i;
	int best, nbest;
	uint32_t best_e, best_rank;
	int pos[64], best_pos[64];
};

/* Tries the root at rx position j; `rank` orders the tries of one token
 * (prefix word, then rx position): the longest match wins, the first in
 * that order on ties, in whatever order they are tried. */
static void try_root(struct root_arg *a, uint32_t j, uint32_t rank)
{
	const tides_dicts *d = a->c->d;
	const coder_seen *seen = a->c->seen;
	const coder_epoch epoch = (coder_epoch)a->c->epoch;
	const dict_rootix *r = &d->rx[j];
	const dict_entry *e;
	int m;
	/* petr: every word of the phrase must be in the sentence; the key
	 * word first */
	if (r->key && seen[r->key].any != epoch)
		return;
	e = &d->entries[r->entry];
	if (e->ph.n > 2) {
		uint32_t k;
		for (k = 1; k < e->ph.n; k++) {
			const dict_elem *el = &d->elems[e->ph.first + k];
			if (el->kind == DICT_EL_WORD && seen[el->ref].any != epoch)
				return;
		}
	}
	m = match_root(a->c, e, a->i, a->pos);
	if (m > a->best || (m == a->best && m > 0 && rank < a->best_rank)) {
		a->best = m;
		a->best_e = r->entry;
		a->best_rank = rank;
		a->nbest = (int)e->ph.n;
		memcpy(a->best_pos, a->pos, sizeof a->pos[0] * (size_t)a->nbest);
	}
}

/* Tries the roots at rx positions filed in table `slots` (mask + 1 slots)
 * under each of keys[0..n). */
static void try_filed(struct root_arg *a, const dict_rxkslot *slots, uint32_t mask,
                      const uint32_t *keys, uint32_t n, uint32_t base, uint32_t k)
{
	const tides_dicts *d = a->c->d;
	uint32_t s, j;
	for (s = 0; s < n; s++) {
		uint32_t key = keys[s], i = dict_rxk_slot(key, mask);
		while (slots[i].key && slots[i].key != key)
			i = (i + 1) & mask;
		if (!slots[i].key)
			continue;
		for (j = 0; j < slots[i].n; j++) {
			uint32_t p = d->rxk_pos[slots[i].first + j];
			try_root(a, p, k << 24 | (p - base));
		}
	}
}

/* The roots of a head with a dict_rxkey: those filed under the prefix
 * words of the next token (the only ones that can match), and the others
 * either scanned or, when there are more of them than words in the
 * sentence, looked up by the sentence's words.  pos[] lists the roots not
 * filed by the next word: pos[gfirst, gfirst + ngfree) those not filed by
 * any sentence word either, pos[ffirst, ffirst + nfree) all of them.
 * try_roots() passes the lists of all of a word's roots, or with `multi`
 * those of its roots of several words.  Inlined into both: it is on the
 * hot path of every token (a call costs ~0.8% of coding). */
static inline __attribute__((always_inline)) void
try_keyed(struct root_arg *a, const dict_rxkey *rk, const uint32_t *pos, uint32_t gfirst,
          uint32_t ngfree, uint32_t ffirst, uint32_t nfree, uint32_t base, uint32_t k)
{
	const tides_coder *c = a->c;
	const tides_dicts *d = c->d;
	const coder_seen *seen = c->seen;
	const coder_epoch epoch = (coder_epoch)c->epoch;
	const ctok *next = &c->tok[a->i + 1]; /* the Halt sentinel at the end */
	uint32_t j;
	if (rk->mask)
		try_filed(a, d->rxk_slot + rk->slot_first, rk->mask, c->tok_ids + next->ids_first,
		          next->nids, base, k);
	if (rk->gmask && rk->gkeyed > c->nseen && c->nseen <= c->seen_cap) {
		for (j = 0; j < ngfree; j++) {
			uint32_t p = pos[gfirst + j];
			try_root(a, p, k << 24 | (p - base));
		}
		try_filed(a, d->rxk_slot + rk->gslot_first, rk->gmask, c->seen_list, c->nseen, base,
		          k);
		return;
	}
	for (j = 0; j < nfree; j++) {
		uint32_t p = pos[ffirst + j], key = d->rx[p].key;
		if (key && seen[key].any != epoch)
			continue;
		try_root(a, p, k << 24 | (p - base));
	}
}

/* The roots headed by word w (the k-th prefix word of the token): all of
 * them, or with `multi` those of several words only (dict_build_multi),
 * the token's one-word roots being in a already (lexroot1).  The lists
 * differ, not the walk: the keyed roots come from rxk_pos or rxm_pos, the
 * others are rx[wr->first, wr->end) or rxm_pos[rxm_off[w], rxm_off[w + 1]).
 * Inlined with a constant `multi` into make_roots (one copy per list). */
static inline __attribute__((always_inline)) void
try_roots(struct root_arg *a, uint32_t w, uint32_t k, int multi)
{
	const tides_coder *c = a->c;
	const tides_dicts *d = c->d;
	const coder_seen *seen = c->seen;
	const coder_epoch epoch = (coder_epoch)c->epoch;
	uint32_t j, end;
	const struct dict_wroot *wr = &d->wroot[w];
	if (!wr->stem)
		return;
	if (wr->rxk != UINT32_MAX && !c->tok[a->i + 1].ids_over) {
		const dict_rxkey *rk = &d->rxk[wr->rxk];
		if (multi)
			try_keyed(a, rk, d->rxm_pos, rk->mgfree_first, rk->nmgfree, rk->mfree_first,
			          rk->nmfree, wr->first, k);
		else
			try_keyed(a, rk, d->rxk_pos, rk->gfree_first, rk->ngfree, rk->free_first,
			          rk->nfree, wr->first, k);
		return;
	}
	j = multi ? d->rxm_off[w] : wr->first;
	end = multi ? d->rxm_off[w + 1] : wr->end;
	for (; j < end; j++) {
		uint32_t p = multi ? d->rxm_pos[j] : j, key = d->rx[p].key;
		if (key && seen[key].any != epoch)
			continue; /* the common case, without a call */
		try_root(a, p, k << 24 | (p - wr->first));
	}
}

/* The best one-word root of token t (the a->i of a fresh root_arg), for
 * lexroot1. */
static void single_roots(struct root_arg *a, const ctok *t)
{
	const tides_dicts *d = a->c->d;
	uint32_t k, j;
	for (k = 0; k < t->npfx; k++) {
		uint32_t w = t->pfx[k];
		const struct dict_wroot *wr = &d->wroot[w];
		if (!wr->stem)
			continue;
		for (j = d->rx1_off[w]; j < d->rx1_off[w + 1]; j++) {
			uint32_t p = d->rx1_pos[j];
			try_root(a, p, k << 24 | (p - wr->first));
		}
	}
}

/* The remembered one-word root of token t (lexroot1), computed when
 * missing; NULL when the lexer cache no longer holds the word. */
static const lexroot1_ent *root1_of(tides_coder *c, const ctok *t, int i)
{
	const lexcache_ent *ce;
	lexroot1_ent *r;
	if (t->lslot == UINT32_MAX)
		return NULL;
	ce = &c->lexcache[t->lslot];
	if (!coder_cache_holds(ce, t->s, t->len))
		return NULL; /* another word took the entry since */
	r = &c->lexroot1[t->lslot];
	if (!r->e) {
		struct root_arg b;
		b.c = c;
		b.i = i;
		b.best = b.nbest = 0;
		b.best_e = UINT32_MAX;
		b.best_rank = UINT32_MAX;
		single_roots(&b, t);
		r->e = b.best_e == UINT32_MAX ? 1 : b.best_e + 2;
		r->m = (uint32_t)b.best;
		r->rank = b.best_rank;
	}
	return r;
}

/* Remembers the root of token t's word in the lexer cache (lexcache_ent.root)
 * when it depends on the word alone, if the cache entry still holds it. */
static void remember_root(tides_coder *c, const ctok *t, int single, uint32_t best_e)
{
	lexcache_ent *ce;
	if (t->lslot == UINT32_MAX)
		return;
	ce = &c->lexcache[t->lslot];
	if (!coder_cache_holds(ce, t->s, t->len))
		return; /* another word took the entry since */
	ce->root = !single ? LROOT_NO : best_e == UINT32_MAX ? LROOT_NONE : LROOT_ENTRY + best_e;
}

static void make_roots(tides_coder *c)
{
	const tides_dicts *d = c->d;
	struct root_arg a;
	int i, k;
	a.c = c;
	for (i = 0; i < c->ntok; i++) {
		ctok *t = &c->tok[i];
		if (t->wtype != W_NULL || !(t->lex & LX_LIT))
			continue;
		a.i = i;
		a.best = a.nbest = 0;
		a.best_e = UINT32_MAX;
		a.best_rank = UINT32_MAX;
		if (t->lroot >= LROOT_NONE) {
			/* the word's root, remembered (one-word roots only) */
			if (t->lroot == LROOT_NONE)
				continue;
			a.best_e = t->lroot - LROOT_ENTRY;
			a.nbest = 1;
			a.best_pos[0] = i;
		} else {
			const lexroot1_ent *r1;
			coder_tok_pfx(c, t);
			if (t->lroot == LROOT_NO && (r1 = root1_of(c, t, i)) != NULL) {
				/* the one-word roots are known: the longer ones compete */
				if (r1->e > 1) {
					a.best = (int)r1->m;
					a.best_e = r1->e - 2;
					a.best_rank = r1->rank;
					a.nbest = 1;
					a.best_pos[0] = i;
				}
				for (k = 0; k < t->npfx; k++)
					try_roots(&a, t->pfx[k], (uint32_t)k, 1);
			} else {
				for (k = 0; k < t->npfx; k++)
					try_roots(&a, t->pfx[k], (uint32_t)k, 0);
			}
			if (t->lroot == LROOT_UNKNOWN) { /* the word's first time in the cache */
				int single = 1;
				for (k = 0; k < t->npfx; k++)
					single &= d->wroot[t->pfx[k]].single;
				remember_root(c, t, single, a.best_e);
			}
		}
		if (a.best_e == UINT32_MAX)
			continue;
		{
			uint8_t bf;
			int wt = word_type_of(d, &d->entries[a.best_e], &bf), nb = a.nbest;
			t->entry = a.best_e;
			t->htag = 1;
			t->bflags = bf;
			t->rtail = a.best_pos[nb - 1];
			for (k = 0; k < nb; k++) {
				c->tok[a.best_pos[k]].wtype = (uint8_t)wt;
				c->tok[a.best_pos[k]].rhead = i;
			}
			if (wt == W_CONJ)
				c->nconj += nb;
			if (wt == W_ACTOR && c->opt.petrarch) { /* petr: for petr_possessives */
				const ctok *e = &c->tok[a.best_pos[nb - 1]];
				if (e->len > 2 && ((e->s[e->len - 2] == '\'' && e->s[e->len - 1] == 'S') ||
				                   (e->s[e->len - 2] == 'S' && e->s[e->len - 1] == '\'')))
					c->nposs++;
			}
			c->tok[a.best_pos[nb - 1]].ttag = 1;
			if (wt == W_PRONOUN)
				t->pron = 1;
		}
	}
}

/* ----------------------------------------------------------- helpers */

int coder_is_actor_head(const tides_coder *c, int loc)
{
	return loc >= 0 && c->tok[loc].wtype == W_ACTOR && c->tok[loc].htag;
}

/* Head of the actor containing loc (after pronoun dereferencing), -1 if
 * its head was deactivated. */
int coder_actor_head(const tides_coder *c, int loc)
{
	int i;
	if (c->tok[loc].pron && c->tok[loc].ref >= 0)
		loc = c->tok[loc].ref;
	for (i = loc; i >= 0; i--)
		if (c->tok[i].htag && c->tok[i].wtype == W_ACTOR)
			return i;
	for (i = loc; i >= 0; i--)
		if (c->tok[i].htag)
			return i;
	return -1;
}

/* ----------------------------------------------------------- markup */

static void root_to(tides_coder *c, int h, int wt)
{
	int k, tail = c->tok[h].rtail;
	for (k = h; k <= tail && k < c->ntok; k++)
		if (c->tok[k].rhead == h)
			c->tok[k].wtype = (uint8_t)wt;
}

static void mark_nouns(tides_coder *c)
{
	const tides_dicts *d = c->d;
	ctok *tok = c->tok; /* locals: the byte stores below may alias c */
	int i, ntok = c->ntok;
	for (i = 0; i < ntok; i++) {
		ctok *t = &tok[i];
		if (t->wtype == W_VERB && i > 0) {
			if (tok[i - 1].wtype == W_DETERM || (t->lex & LX_MIDCAP)) {
				if (t->htag)
					root_to(c, i, W_NOUN);
				else
					t->wtype = W_NOUN;
			}
		} else if (t->wtype == W_ACTOR && t->htag && t->entry != UINT32_MAX &&
		           d->entries[t->entry].kind == DICT_K_ACTOR) {
			const char *code = coder_actor_code(d, d->entries[t->entry].entry, c->date);
			if (!code || (code[0] == '-' && code[1] == '-' && code[2] == '-' && !code[3]))
				root_to(c, i, W_NOUN);
		}
	}
}

/* One name per story: a full name that ends in a <CAPNAME> word ("Bill
 * Gates", "Robert Gates") is remembered for the story (c->capfull) and
 * makes the bare word later in the story ("Gates met Hu") that person,
 * whatever the date, where the bare word alone would be the office holder
 * of the date (Robert Gates 2006-2011).  News names a person in full
 * first, so this catches "Gates" in a story on Bill Gates; a story that
 * never says "Bill Gates" but gives his role ("Gates, the Microsoft
 * founder,") is caught by capname_titled, which remembers it here too. */
static void capname_remember(tides_coder *c, const ctok *t)
{
	const tides_dicts *d = c->d;
	const dict_entry *e = &d->entries[t->entry];
	const dict_elem *el = &d->elems[e->ph.first + e->ph.n - 1];
	uint32_t w;
	int k;
	if (el->kind != DICT_EL_WORD)
		return;
	for (w = 0; w < c->ncapword && c->capword[w] != el->ref; w++)
		;
	if (w == c->ncapword)
		return;
	for (k = 0; k < c->ncapfull && c->capfull[k].word != el->ref; k++)
		;
	if (k == c->ncapfull) {
		if (k == (int)(sizeof c->capfull / sizeof c->capfull[0]))
			return;
		c->ncapfull++;
	}
	c->capfull[k].word = el->ref; /* the latest full name wins */
	c->capfull[k].entry = t->entry;
}

/* Token t is dictionary word w, or its possessive ("MICROSOFT'S"). */
static int capname_tok_is(const tides_coder *c, int t, uint32_t w)
{
	const ctok *k = &c->tok[t];
	size_t wl = c->d->wlen[w];
	if (k->wtype == W_COMMA || k->wtype == W_QUOTE || k->len < wl ||
	    memcmp(k->s, dict_word(c->d, w), wl) != 0)
		return 0;
	return k->len == wl || (k->len == wl + 2 && k->s[wl] == '\'' && k->s[wl + 1] == 'S');
}

/* The title words seq[0..n) (a role with the entity it belongs to, the
 * role's head last) are those of a titled full name ending in `word`
 * (c->captitled, "MICROSOFT CO FOUNDER GATES"): its title words in order
 * among seq's, its last one on seq's last (other words may come between:
 * "the billionaire Microsoft co-founder").  The entry, or UINT32_MAX. */
static uint32_t capname_title_entry(const tides_coder *c, uint32_t word, const int *seq, int n)
{
	const tides_dicts *d = c->d;
	uint32_t i;
	for (i = 0; i < c->ncaptitled; i++) {
		const dict_entry *e = &d->entries[c->captitled[i]];
		const dict_elem *el = &d->elems[e->ph.first];
		int k = n - 1, j = (int)e->ph.n - 2;
		if (el[e->ph.n - 1].ref != word || n < j + 1 || !capname_tok_is(c, seq[k], el[j].ref))
			continue;
		for (k--, j--; j >= 0 && k >= 0; k--)
			if (capname_tok_is(c, seq[k], el[j].ref))
				j--;
		if (j < 0)
			return c->captitled[i];
	}
	return UINT32_MAX;
}

/* A word that cannot be in a title: an appositive holding one is a clause
 * ("Gates, who signed the bill,"), before the name it ends the title. */
static int capname_not_title(const ctok *t)
{
	return t->wtype == W_VERB || t->wtype == W_AUXIL || t->wtype == W_PRONOUN ||
	       t->wtype == W_CONJ || t->wtype == W_COMMA || t->wtype == W_QUOTE || t->wtype == W_BY;
}

#define CAPNAME_TITLE_MAX 8

/* The bare <CAPNAME> name at token i qualified by a title that names
 * another person's role, and so that person: an appositive after it,
 * "Gates, the Microsoft founder," "Gates, the co-founder of Microsoft,"
 * "Gates, Microsoft's co-founder," (up to the next comma or the end of the
 * sentence), or a title before it that the dictionary's phrase does not
 * match as it stands ("Microsoft's co-founder Gates").  The titles are
 * those of the dictionary's full names ending in the word (c->captitled),
 * so a role there is known for every such name; the office holder of the
 * date stays where no title says otherwise ("Gates, the defense
 * secretary,").  The entry, or UINT32_MAX. */
static uint32_t capname_titled(const tides_coder *c, int i, uint32_t word)
{
	int seq[CAPNAME_TITLE_MAX], n = 0, k, of, start, end;
	uint32_t e;
	if (!c->ncaptitled)
		return UINT32_MAX;
	if (c->tok[i].rtail + 1 < c->ntok && c->tok[c->tok[i].rtail + 1].wtype == W_COMMA) {
		for (start = c->tok[i].rtail + 2; start < c->ntok && c->tok[start].wtype == W_DETERM; start++)
			;
		for (end = start; end < c->ntok && c->tok[end].wtype != W_COMMA; end++)
			if (end - start >= CAPNAME_TITLE_MAX || capname_not_title(&c->tok[end]))
				break;
		if (end > start && (end == c->ntok || c->tok[end].wtype == W_COMMA)) {
			/* "the co-founder of Microsoft": the entity first, as in a title */
			for (of = end - 1; of > start; of--)
				if (c->tok[of].len == 2 && memcmp(c->tok[of].s, "OF", 2) == 0)
					break;
			if (of > start) {
				for (k = of + 1; k < end; k++)
					seq[n++] = k;
				end = of;
			}
			for (k = start; k < end; k++)
				seq[n++] = k;
			if ((e = capname_title_entry(c, word, seq, n)) != UINT32_MAX)
				return e;
		}
	}
	n = 0;
	for (k = i - 1; k >= 0 && n < CAPNAME_TITLE_MAX; k--) {
		if (capname_not_title(&c->tok[k]) || c->tok[k].wtype == W_DETERM || c->tok[k].wtype == W_PREP)
			break;
		n++;
	}
	for (k = 0; k < n; k++)
		seq[k] = i - n + k;
	return n ? capname_title_entry(c, word, seq, n) : UINT32_MAX;
}

/* Names that are also common words (DICT_EN_CAPNAME: "Rice", "Gates")
 * are actors only where the capital letter says they are names:
 * capitalised in a record that has lower-case letters, and, as the
 * sentence's first word (capitalised whatever it is), only when a verb,
 * an auxiliary, a conjunction, a comma or an actor follows ("Rice met",
 * "Rice and Gates", "Gates, the defense secretary", but not "Rice prices
 * rose", "Rice farmers protested"); and never before a capitalised word
 * that is not an actor (title case: "Rice Prices Rise").  Otherwise the
 * root is a noun.  The dictionary's
 * dated codes do the rest: outside the dates no code, no actor.  A name
 * kept is the full name the story gave before, if any (capname_remember:
 * one pass over the tokens does both). */
static void capname_guard(tides_coder *c)
{
	const tides_dicts *d = c->d;
	int i, k, kept[8], nkept = 0;
	for (i = 0; i < c->ntok; i++) {
		const ctok *t = &c->tok[i];
		int ok;
		if (t->wtype != W_ACTOR || !t->htag || t->entry == UINT32_MAX)
			continue;
		if (!(d->entries[t->entry].eflags & DICT_EN_CAPNAME)) {
			if (t->rtail > i && d->entries[t->entry].kind == DICT_K_ACTOR)
				capname_remember(c, t);
			continue;
		}
		const ctok *next = &c->tok[t->rtail + 1]; /* the Halt sentinel at the end */
		ok = !c->caps && (t->lex & (LX_INITCAP | LX_MIDCAP));
		/* title case ("Rice Prices Rise"): a capitalised word after the
		 * name that is not an actor says nothing about the name */
		if (ok && (next->lex & LX_MIDCAP) && next->wtype != W_ACTOR)
			ok = 0;
		for (k = 0; k < i && c->tok[k].wtype == W_QUOTE; k++)
			;
		if (ok && k == i) /* the first word: "Rice met", not "Rice farmers" */
			ok = next->wtype == W_VERB || next->wtype == W_AUXIL || next->wtype == W_CONJ ||
			     next->wtype == W_COMMA || next->wtype == W_ACTOR;
		if (!ok)
			root_to(c, i, W_NOUN);
		else if (nkept < (int)(sizeof kept / sizeof kept[0]))
			kept[nkept++] = i;
	}
	for (i = 0; i < nkept; i++) {
		ctok *t = &c->tok[kept[i]];
		const dict_entry *e = &d->entries[t->entry];
		uint32_t w = d->elems[e->ph.first].ref, titled; /* a one-word name (capname_words) */
		if (e->ph.n != 1)
			continue;
		if ((titled = capname_titled(c, kept[i], w)) != UINT32_MAX) {
			/* the title names the person, here and later in the story */
			t->entry = titled;
			capname_remember(c, t);
			continue;
		}
		for (k = 0; k < c->ncapfull; k++)
			if (c->capfull[k].word == w) {
				t->entry = c->capfull[k].entry;
				break;
			}
	}
}

static void convert_agents(tides_coder *c)
{
	int a;
	for (a = 0; a < c->ntok; a++) {
		int h, tail;
		if (c->tok[a].wtype != W_AGENT || !c->tok[a].htag)
			continue;
		h = a;
		tail = c->tok[a].rtail;
		if (a > 0 && (c->tok[a - 1].wtype == W_ACTOR ||
		              (c->tok[a - 1].bflags & (B_FORMER >> 8)))) {
			a = tail;
			continue;
		}
		a = tail;
		if (tail + 1 < c->ntok && c->tok[tail + 1].wtype == W_ACTOR && c->tok[tail + 1].htag)
			continue;
		if (tail + 2 < c->ntok && c->tok[tail + 1].wtype == W_PREP &&
		    c->tok[tail + 2].wtype == W_ACTOR)
			continue;
		root_to(c, h, W_ACTOR);
		c->tok[h].conv = 1;
	}
}

static void mark_compounds(tides_coder *c)
{
	int p, id = 1;
	for (p = 0; p < c->ntok; p++) {
		int a, pend = -1, pset = -1, need = 0, k;
		if (c->tok[p].wtype != W_CONJ || !(c->tok[p].bflags & (B_AND >> 8)))
			continue;
		int nnull = 0;
		for (a = p + 1; a < c->ntok; a++) {
			int wt = c->tok[a].wtype;
			/* petr: PETRARCH's noun phrases hold unlisted adjectives
			 * ("and the evil awful Gondor"): up to three unmarked words */
			if (c->opt.petrarch && wt == W_NULL && !c->tok[a].htag && ++nnull <= 3)
				continue;
			/* petr: "and the government of Gondor": an agent (and "of")
			 * leading the next member */
			if (c->opt.petrarch && pend < 0 && (wt == W_AGENT || (wt == W_PREP && a > p + 1 &&
			    (c->tok[a - 1].wtype == W_AGENT || c->tok[a - 1].wtype == W_NULL))) &&
			    ++nnull <= 3)
				continue;
			if (wt != W_ACTOR && wt != W_DETERM && wt != W_ADJ)
				break;
			if (wt == W_ACTOR && c->tok[a].htag) {
				a = c->tok[a].rtail;
				pend = a;
				if (c->opt.petrarch) /* petr: a member ends at its actor */
					nnull = 3;
			}
		}
		if (pend < 0)
			continue;
		nnull = 0;
		for (a = p; a >= 0; a--) {
			int wt = c->tok[a].wtype;
			if (c->opt.petrarch && wt == W_NULL && !c->tok[a].htag && ++nnull <= 3) /* petr */
				continue;
			if (wt != W_ACTOR && wt != W_CONJ && wt != W_COMMA && wt != W_DETERM && wt != W_ADJ)
				break;
			if (wt == W_CONJ || wt == W_COMMA)
				need = 0;
			if (wt == W_ACTOR) {
				if (need)
					break;
				while (a > 0 && !c->tok[a].htag)
					a--;
				pset = a;
				need = 1;
			}
		}
		if (pset < 0)
			continue;
		for (k = pset; k <= pend; k++) {
			if (c->tok[k].chead) { /* null an earlier compound inside */
				c->tok[c->tok[k].cend].ctail = 0;
				c->tok[k].chead = 0;
			}
		}
		c->tok[pset].chead = (uint8_t)(id < 255 ? id : 255);
		c->tok[pset].cend = pend;
		c->tok[pend].ctail = 1;
		id++;
		for (k = pset; k <= pend; k++)
			c->tok[k].flags |= TF_COMPD;
	}
	c->ncompound = id - 1;
}

/* Is token t a preposition of place (IN, AT, NEAR, ...)? */
static int is_locative_prep(const ctok *t)
{
	static const char *const preps[] = {"IN", "AT", "NEAR", "INSIDE", "OUTSIDE", "WITHIN",
	                                    "THROUGHOUT"};
	size_t i;
	if (t->len < 2 || t->len > 10)
		return 0;
	for (i = 0; i < sizeof preps / sizeof preps[0]; i++)
		if (strlen(preps[i]) == t->len && memcmp(t->s, preps[i], t->len) == 0)
			return 1;
	return 0;
}

/* "In Moscow, Rice and Gates met": the place opening the sentence is not
 * a member of the compound that follows its comma; the compound starts
 * again at the next actor (or ends when one member is left). */
static void split_place(tides_coder *c, int a)
{
	int cend = c->tok[a].cend, k, n = 0, first = -1;
	uint8_t id = c->tok[a].chead;
	for (k = c->tok[a].rtail + 1; k <= cend; k++)
		if (c->tok[k].wtype == W_ACTOR && c->tok[k].htag) {
			if (first < 0)
				first = k;
			n++;
		}
	c->tok[a].chead = 0;
	for (k = a; k < (first < 0 ? cend + 1 : first); k++)
		c->tok[k].flags &= (uint8_t)~TF_COMPD;
	if (n >= 2) {
		c->tok[first].chead = id;
		c->tok[first].cend = cend;
	} else {
		c->tok[cend].ctail = 0;
		for (k = a; k <= cend; k++)
			c->tok[k].flags &= (uint8_t)~TF_COMPD;
	}
}

/* opt.locative: the actors of a phrase of place, a locative preposition
 * then up to three determiners, adjectives or unmarked words, then an
 * actor or a compound of actors ("in Moscow", "in the Russian capital",
 * "near Moscow and Kiev"), get TF_LOC unless an agent comes right before
 * the preposition ("police in Moscow" is an actor): the regular source
 * rule (coder.c) never takes them, the regular target rule only when the
 * clause has no other actor after the verb, and the $ and + slots of
 * patterns do not match them, so the place where something happened does
 * not become who did it ("Rice met Lavrov in Moscow") while "Moscow
 * rejected the proposal" and "troops intervened in Syria" keep theirs. */
static void mark_locatives(tides_coder *c)
{
	int p, a, k, end, skipped;
	c->nloc = 0;
	for (p = 0; p + 1 < c->ntok; p++) {
		if (c->tok[p].wtype != W_PREP && c->tok[p].wtype != W_NULL)
			continue;
		if (!is_locative_prep(&c->tok[p]))
			continue;
		/* "police in Moscow", "rebels in Georgia": the phrase makes an
		 * actor of the agent before it (coder.c: find_agent) */
		if (p > 0 && (c->tok[p - 1].wtype == W_AGENT || c->tok[p - 1].conv))
			continue;
		for (a = p + 1, skipped = 0; a < c->ntok; a++) {
			const ctok *t = &c->tok[a];
			if (t->wtype == W_ACTOR && t->htag)
				break;
			if (skipped++ < 3 && (t->wtype == W_DETERM || t->wtype == W_ADJ ||
			                      (t->wtype == W_NULL && !t->htag)))
				continue;
			a = c->ntok;
		}
		if (a >= c->ntok)
			continue;
		end = c->tok[a].rtail;
		if (c->tok[a].chead && end + 1 < c->ntok && c->tok[end + 1].wtype == W_COMMA)
			split_place(c, a);
		else if (c->tok[a].chead)
			end = c->tok[a].cend;
		for (k = a; k <= end && k < c->ntok; k++)
			if (c->tok[k].wtype == W_ACTOR) {
				c->tok[k].flags |= TF_LOC;
				c->nloc++;
			}
		p = end;
	}
}

static void add_subord(tides_coder *c, int from, int to)
{
	if (from < 0 || to < from || to >= c->ntok)
		return;
	c->tok[from].shead = 1;
	c->tok[from].send = to;
	c->tok[to].stail = 1;
	c->nsubord++;
}

#define OPENING_MAX 5

static int has_verb(const tides_coder *c, int from, int to)
{
	int k;
	for (k = from; k < to; k++)
		if (c->tok[k].wtype == W_VERB)
			return 1;
	return 0;
}

static void mark_subordinate(tides_coder *c)
{
	const dict_options *o = &c->opt;
	int p = 0, first = 1, first_comma = -1;
	if (o->comma_off)
		return;
	while (p < c->ntok) {
		if (c->tok[p].chead) {
			p = c->tok[p].cend + 1;
			continue;
		}
		if (c->tok[p].wtype == W_COMMA) {
			int pstart = p;
			if (first)
				first_comma = p;
			if (first && p >= o->comma_bmin && p <= o->comma_bmax)
				add_subord(c, 0, p - 1);
			first = 0;
			p++;
			while (p < c->ntok && c->tok[p].wtype != W_COMMA) {
				if (c->tok[p].chead) {
					p = c->tok[p].cend + 1;
					continue;
				}
				p++;
			}
			if (p >= c->ntok) {
				int n = p - pstart - 1;
				/* "On Sunday, Russia annexed Crimea": when the only
				 * comma closes a short verbless opening phrase (at most
				 * OPENING_MAX words), what follows is the main clause,
				 * not a trailing aside */
				if (n >= o->comma_emin && n <= o->comma_emax &&
				    !(pstart == first_comma && pstart <= OPENING_MAX &&
				      !has_verb(c, 0, pstart)))
					add_subord(c, pstart, c->ntok - 1);
				return;
			}
			if (p - pstart - 1 >= o->comma_min && p - pstart - 1 <= o->comma_max)
				add_subord(c, pstart, p);
			if (c->opt.petrarch) /* petr: the closing comma opens the next segment */
				continue;
		}
		if (p < c->ntok)
			p++;
	}
}

static void null_token(tides_coder *c, int t)
{
	ctok *k = &c->tok[t];
	k->flags |= TF_SUBORD;
	if (k->htag) {
		k->htag = 0;
		c->tok[k->rtail].ttag = 0;
	} else if (k->ttag && k->rhead >= 0) {
		c->tok[k->rhead].htag = 0;
		c->tok[k->rhead].wtype = W_NULLTAG;
		k->ttag = 0;
	}
	if (k->chead) {
		c->tok[k->cend].ctail = 0;
		k->chead = 0;
	} else if (k->ctail) {
		int h;
		/* a compound crossing into the clause: TABARI cancels its head */
		for (h = t; h >= 0; h--)
			if (c->tok[h].chead && c->tok[h].cend == t) {
				c->tok[h].chead = 0;
				if (!(c->tok[h].flags & TF_SUBORD))
					c->tok[h].wtype = W_NULLTAG;
				break;
			}
		k->ctail = 0;
	}
	k->wtype = k->wtype == W_COMMA ? W_COMMA : W_NULL;
}

static void null_subordinate(tides_coder *c)
{
	int p;
	for (p = 0; p < c->ntok; p++) {
		int e, k;
		if (!c->tok[p].shead)
			continue;
		e = c->tok[p].send;
		if (p == 0)
			null_token(c, 0);
		for (k = p + 1; k <= e; k++)
			null_token(c, k);
		p = e;
	}
}

static void mark_clauses(tides_coder *c)
{
	int p = 0;
	c->nclauses = 0;
	c->cstart[0] = 0;
	while (p < c->ntok) {
		ctok *t = &c->tok[p];
		if (t->chead) {
			p = t->cend + 1;
			continue;
		}
		if (t->shead) {
			p = t->send + 1;
			continue;
		}
		if (t->wtype == W_CONJ && p > 0 && p + 1 < c->ntok) {
			int notphrase = 1;
			if (c->tok[p - 1].wtype == W_NOUN) {
				int a = p + 1;
				while (a < c->ntok && c->tok[a].wtype == W_ADJ)
					a++;
				if (a < c->ntok && c->tok[a].wtype == W_NOUN) {
					notphrase = 0;
					p = a;
				}
			}
			if (notphrase && c->tok[p - 1].wtype == W_ADJ && c->tok[p + 1].wtype == W_ADJ) {
				notphrase = 0;
				p++;
			}
			/* petr: PETRARCH's clauses come from the parse; two unlisted
			 * words joined by a conjunction ("heavily and unjustly",
			 * "death and injury") are one phrase, not two clauses */
			if (notphrase && c->opt.petrarch &&
			    ((c->tok[p - 1].wtype == W_NULL && !c->tok[p - 1].htag) ||
			     c->tok[p - 1].wtype == W_AGENT) &&
			    ((c->tok[p + 1].wtype == W_NULL && !c->tok[p + 1].htag) ||
			     c->tok[p + 1].wtype == W_AGENT)) {
				notphrase = 0;
				p++;
			}
			if (notphrase && c->nclauses < CODER_MAX_TOKENS - 1) {
				c->cend[c->nclauses++] = p - 1;
				c->cstart[c->nclauses] = p + 1;
				p++;
			}
		}
		p++;
	}
	c->cend[c->nclauses++] = c->ntok - 1;
}

static void deref_pronouns(tides_coder *c)
{
	int t;
	for (t = 0; t < c->ntok; t++) {
		int idx = -1, a = 0;
		ctok *k = &c->tok[t];
		if (k->wtype != W_PRONOUN)
			continue;
		if (!(k->bflags & (B_PLURAL >> 8))) {
			while (a < t) {
				while (a < t && c->tok[a].wtype != W_ACTOR)
					a++;
				if (a >= t)
					break;
				if (c->tok[a].chead) {
					a = c->tok[a].cend + 1;
				} else if (!c->tok[a].htag) {
					a++;
				} else {
					idx = a;
					break;
				}
			}
			if (idx < 0 && c->fwd_has)
				idx = c->ntok + 1;
		} else {
			while (a < t) {
				while (a < t && c->tok[a].wtype != W_ACTOR)
					a++;
				if (a >= t)
					break;
				if (c->tok[a].chead) {
					idx = a;
					break;
				} else if (idx < 0) {
					idx = a;
				}
				a++;
			}
			if (idx < 0 && c->fwd_has)
				idx = c->ntok + 1;
		}
		if (idx >= 0) {
			k->wtype = W_ACTOR;
			k->htag = k->ttag = 1;
			k->rtail = t;
			k->rhead = t;
			k->pron = 1;
			k->ref = idx;
		}
	}
}

static inline int root_code_flags(const tides_coder *c, const ctok *t)
{
	const tides_dicts *d = c->d;
	const dict_entry *e;
	if (t->entry == UINT32_MAX)
		return 0;
	e = &d->entries[t->entry];
	if (e->kind == DICT_K_ACTOR) {
		const char *code;
		if (c->opt.petrarch) /* petr: "###" is a plain actor code there */
			return 0;
		code = coder_actor_code(d, e->entry, c->date);
		if (code && strcmp(code, "###") == 0)
			return DICT_PF_DISCARD;
		return 0;
	}
	if (e->kind == DICT_K_DISCARD)
		return DICT_PF_DISCARD;
	if (e->kind == DICT_K_VERB || e->kind == DICT_K_TIME) {
		uint32_t df = d->verbs[e->entry].deflt;
		return df == UINT32_MAX ? 0 : (int)d->pats[df].flags;
	}
	return 0;
}

static void add_issue(tides_coder *c, const char *code)
{
	size_t n = strlen(c->issues), l = strlen(code);
	const char *p = c->issues;
	while ((p = strstr(p, code)) != NULL) { /* already listed */
		if ((p == c->issues || p[-1] == ',') && (p[l] == ',' || p[l] == '\0'))
			return;
		p += l;
	}
	if (n + l + 2 > sizeof c->issues)
		return;
	if (n)
		c->issues[n++] = ',';
	memcpy(c->issues + n, code, l + 1);
}

/* Discard and issue phrases are found anywhere in the sentence, whatever
 * the roots around them (PETRARCH's rule; TABARI's discards are codes of
 * ordinary roots, checked below). */
static void scan_phrases(tides_coder *c)
{
	const tides_dicts *d = c->d;
	int t, pos[64];
	c->issues[0] = '\0';
	if (!d->ndiscards && !d->nissues)
		return;
	for (t = 0; t < c->ntok; t++) {
		ctok *k = &c->tok[t];
		int p;
		coder_tok_pfx(c, k);
		for (p = 0; p < k->npfx; p++) {
			uint32_t w = k->pfx[p], j;
			for (j = 0; j < d->ix_count[w]; j++) {
				const dict_entry *e = &d->entries[d->ix_list[d->ix_head[w] + j]];
				if ((e->kind != DICT_K_ISSUE && e->kind != DICT_K_DISCARD) || e->ph.n > 64)
					continue;
				if (!match_root(c, e, t, pos))
					continue;
				if (e->kind == DICT_K_DISCARD)
					c->discard = 1;
				else
					add_issue(c, d->issues[e->entry].code);
			}
		}
	}
}

static void check_discards(tides_coder *c)
{
	int t;
	scan_phrases(c);
	if (!c->d->may_discard)
		return; /* no root can discard (dict_finish) */
	for (t = 0; t < c->ntok && !c->discard; t++)
		if (c->tok[t].entry != UINT32_MAX && (root_code_flags(c, &c->tok[t]) & DICT_PF_DISCARD))
			c->discard = 1;
}

static void complexity(tides_coder *c)
{
	const dict_options *o = &c->opt;
	int t, nverb = 0, nconj = 0, iverb = c->ntok;
	for (t = 0; t < c->ntok; t++) {
		const ctok *k = &c->tok[t];
		if (k->shead) {
			t = k->send;
			continue;
		}
		if (k->wtype == W_VERB && k->htag)
			nverb++;
	}
	for (t = 0; t < c->ntok; t++) {
		if (c->tok[t].chead) {
			t = c->tok[t].cend;
			continue;
		}
		if (c->tok[t].wtype == W_CONJ)
			nconj++;
	}
	for (t = 0; t < c->ntok; t++) {
		const ctok *k = &c->tok[t];
		if (k->shead) {
			t = k->send;
			continue;
		}
		if (k->wtype == W_VERB && k->htag && !(root_code_flags(c, k) & DICT_PF_NULL)) {
			iverb = t;
			break;
		}
	}
	if (o->verbs_max > 0 && nverb >= o->verbs_max)
		c->complex = 1;
	if (o->conj_max > 0 && nconj >= o->conj_max)
		c->complex = 1;
	if (o->noactprior) {
		int ok = 1;
		for (t = 0; t < iverb && t < c->ntok; t++) {
			const ctok *k = &c->tok[t];
			if (k->shead) {
				t = k->send;
				continue;
			}
			if (k->wtype == W_ACTOR) {
				ok = 0;
				break;
			}
		}
		if (ok)
			c->complex = 1;
	}
}

/* petr: in PETRARCH's trees a possessive actor owns its noun phrase:
 * "Arnor's Elrond", "Ithilen's awful and evil minister Calimehtar" code as
 * Arnor, Ithilen.  An actor following a possessive actor within a few
 * unlisted words, conjunctions or agents is taken out of play. */
static void petr_possessives(tides_coder *c)
{
	int i;
	for (i = 0; i < c->ntok; i++) {
		const ctok *t = &c->tok[i];
		int tail, j, n = 0;
		const ctok *e;
		if (t->wtype != W_ACTOR || !t->htag)
			continue;
		tail = t->rtail >= i ? t->rtail : i;
		e = &c->tok[tail];
		if (!(e->len > 2 && ((e->s[e->len - 2] == '\'' && e->s[e->len - 1] == 'S') ||
		                     (e->s[e->len - 2] == 'S' && e->s[e->len - 1] == '\''))))
			continue;
		for (j = tail + 1; j < c->ntok && n < 5; j++, n++) {
			int wt = c->tok[j].wtype;
			if (wt == W_ACTOR && c->tok[j].htag) {
				int k, end = c->tok[j].rtail >= j ? c->tok[j].rtail : j;
				for (k = j; k <= end; k++) {
					c->tok[k].wtype = W_NULL;
					c->tok[k].htag = c->tok[k].ttag = 0;
					c->tok[k].entry = UINT32_MAX;
					c->tok[k].rhead = -1;
				}
				break;
			}
			if (wt != W_NULL && wt != W_CONJ && wt != W_AGENT && wt != W_ADJ)
				break;
		}
		i = tail;
	}
}

void coder_parse(tides_coder *c)
{
	c->nconj = c->nsubord = c->nposs = 0;
	c->nloc = 0;
	make_roots(c);
	if (c->d->ncapname)
		capname_guard(c);
	mark_nouns(c);
	if (c->nposs) /* petr: only make_roots makes possessive actors */
		petr_possessives(c);
	if (c->opt.convert_agent)
		convert_agents(c);
	/* speed: compounds and clauses start at conjunctions (only make_roots
	 * makes them), subordinate clauses at commas (only the lexer) */
	if (c->nconj)
		mark_compounds(c);
	else
		c->ncompound = 0;
	if (c->opt.locative)
		mark_locatives(c);
	if (c->ncomma)
		mark_subordinate(c);
	if (c->nsubord)
		null_subordinate(c);
	if (c->nconj || c->nsubord) {
		mark_clauses(c);
	} else { /* what mark_clauses finds: one clause */
		c->nclauses = 1;
		c->cstart[0] = 0;
		c->cend[0] = c->ntok - 1;
	}
	if (!c->opt.petrarch) /* petr: PETRARCH does not resolve pronouns */
		deref_pronouns(c);
	check_discards(c);
	if (!c->discard && !c->opt.petrarch) /* petr: PETRARCH has no complexity tests */
		complexity(c);
}
