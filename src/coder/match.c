/*
 * match.c — verb patterns against a marked-up sentence (TABARI's
 * checkPattern): the elements after the verb are matched forward from the
 * token after the verb root, those before it backward from the token before
 * the verb.  Matching is greedy, as in TABARI: an element takes the first
 * token it matches (when a gap is allowed before it) and is never revisited.
 *
 * Literal rules: a stem word (DICT_M_STEM) matches any token it starts; a
 * whole word must equal the token.  Slots: $ and + match any token of an
 * actor and record its head; % matches the head of a compound; ^ skips a
 * whole actor.  Alternatives try their options in order; a synset matches
 * if any member phrase matches.  c->lenalt counts the characters matched
 * inside alternatives (used to rank patterns with alternatives).
 *
 * Speed (the matcher runs for every verb of every sentence): per sentence,
 * each synset's members that can match at all (their first word is in the
 * sentence) are listed once, from one pass over the sentence's words
 * through an index of members by first word (coder_match_alloc builds it
 * per coder from the immutable dictionaries); a verb's candidate patterns
 * come from its filing words through a bloom filter (dict_build_vkeys).
 * Both only skip work: the patterns tried, in the order tried, and so the
 * events, are the same as a scan of everything.
 */
#include "coder/coder.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/banned.h"

int coder_match_alloc(tides_coder *c)
{
	const tides_dicts *d = c->d;
	size_t ns = d->nsynsets ? d->nsynsets : 1, nm = d->nmembers ? d->nmembers : 1;
	uint32_t i, m;
	c->syn_epoch = tides_calloc(ns, sizeof *c->syn_epoch);
	c->syn_nlive = tides_calloc(ns, sizeof *c->syn_nlive);
	c->syn_live = tides_calloc(nm, sizeof *c->syn_live);
	c->mem_syn = tides_malloc(nm * sizeof *c->mem_syn);
	c->wsyn_off = tides_calloc((size_t)d->nwords + 2, sizeof *c->wsyn_off);
	c->wsyn = tides_calloc(nm, sizeof *c->wsyn);
	c->mem_wfirst = tides_calloc(nm, sizeof *c->mem_wfirst);
	c->mem_wlast = tides_calloc(nm, sizeof *c->mem_wlast);
	c->word_role = tides_calloc((size_t)d->nwords + 1, 1);
	c->role_vlist = tides_calloc((size_t)d->nwords + 1, sizeof *c->role_vlist);
	c->role_slist = tides_calloc((size_t)d->nwords + 1, sizeof *c->role_slist);
	c->role_epoch = 0;
	c->syn_gen = c->epoch_gen;
	c->syn_built = 0;
	if (!c->syn_epoch || !c->syn_nlive || !c->syn_live || !c->mem_syn || !c->wsyn_off || !c->wsyn ||
	    !c->mem_wfirst || !c->mem_wlast || !c->word_role || !c->role_vlist || !c->role_slist)
		return -1;
	for (i = 0; i < d->nvkeys; i++)
		c->word_role[d->vkeys[i].word] |= ROLE_VKEY;
	for (m = 0; m < d->nmembers; m++) {
		const dict_phrase *ph = &d->members[m];
		const dict_elem *f = &d->elems[ph->first], *l = &d->elems[ph->first + ph->n - 1];
		if (!ph->n)
			continue;
		if (f->kind == DICT_EL_WORD && d->wlen[f->ref] <= DICT_PREFIX_MAX)
			c->mem_wfirst[m] = f->ref;
		if (l->kind == DICT_EL_WORD && d->wlen[l->ref] <= DICT_PREFIX_MAX)
			c->mem_wlast[m] = l->ref;
	}
	for (m = 0; m < nm; m++)
		c->mem_syn[m] = UINT32_MAX;
	for (i = 0; i < d->nsynsets; i++) {
		const dict_synset *s = &d->synsets[i];
		for (m = 0; m < s->nmem; m++)
			if (d->elems[d->members[s->mem_first + m].first].kind != DICT_EL_WORD)
				break;
		if (m < s->nmem)
			continue; /* tried member by member (synset_live) */
		for (m = 0; m < s->nmem; m++) {
			uint32_t w = d->elems[d->members[s->mem_first + m].first].ref, b = coder_word_bit(w);
			c->mem_syn[s->mem_first + m] = i;
			c->word_role[w] |= ROLE_SYN;
			c->wsyn_off[w + 2]++;
			c->syn_first_bm[b >> 6] |= (uint64_t)1 << (b & 63);
		}
	}
	/* counting sort of the members by first word, in member order */
	for (i = 2; i < d->nwords + 2; i++)
		c->wsyn_off[i] += c->wsyn_off[i - 1];
	for (m = 0; m < d->nmembers; m++)
		if (c->mem_syn[m] != UINT32_MAX) {
			const dict_elem *e0 = &d->elems[d->members[m].first];
			struct wsyn_ent *we = &c->wsyn[c->wsyn_off[e0->ref + 1]++];
			we->m = m;
			we->si = c->mem_syn[m];
			we->live_first = d->synsets[we->si].mem_first;
			we->exact = e0->match == DICT_M_EXACT;
		}
	return 0;
}

void coder_match_free(tides_coder *c)
{
	tides_free(c->syn_epoch);
	tides_free(c->syn_nlive);
	tides_free(c->syn_live);
	tides_free(c->mem_syn);
	tides_free(c->wsyn_off);
	tides_free(c->wsyn);
	tides_free(c->mem_wfirst);
	tides_free(c->mem_wlast);
	tides_free(c->word_role);
	tides_free(c->role_vlist);
	tides_free(c->role_slist);
	c->word_role = NULL;
	c->role_vlist = c->role_slist = NULL;
	c->mem_wfirst = c->mem_wlast = NULL;
	c->syn_epoch = c->syn_nlive = c->syn_live = c->mem_syn = c->wsyn_off = NULL;
	c->wsyn = NULL;
}

/* The sentence's words by role (c->role_vlist, role_slist), once per
 * sentence; the caller has checked nseen <= seen_cap. */
static void coder_roles(tides_coder *c)
{
	uint32_t k, nv = 0, ns = 0;
	if (c->role_epoch == c->epoch && c->role_gen == c->epoch_gen)
		return;
	for (k = 0; k < c->nseen; k++) {
		/* without a branch (most words have no role, unpredictably):
		 * the stores are kept only by the counts; nv, ns <= k */
		uint32_t w = c->seen_list[k], r = c->word_role[w];
		c->role_vlist[nv] = w;
		nv += r & ROLE_VKEY;
		c->role_slist[ns] = w;
		ns += (r & ROLE_SYN) >> 1;
	}
	c->nrole_v = nv;
	c->nrole_s = ns;
	c->role_epoch = c->epoch;
	c->role_gen = c->epoch_gen;
}

/* One pass over the words of the sentence fills the live lists of every
 * synset whose members all start with a word (kept in member order). */
static void synsets_build(tides_coder *c)
{
	uint32_t k, j, epoch = c->epoch, *syn_epoch = c->syn_epoch, *syn_nlive = c->syn_nlive;
	coder_roles(c);
	for (k = 0; k < c->nrole_s; k++) {
		uint32_t w = c->role_slist[k], jend, inexact;
		/* 1: the word is only a prefix of tokens (exact members fail) */
		inexact = c->seen[w].exact != epoch;
		for (j = c->wsyn_off[w], jend = c->wsyn_off[w + 1]; j < jend; j++) {
			const struct wsyn_ent *we = &c->wsyn[j];
			uint32_t m = we->m, si = we->si, *live, n;
			if (we->exact & inexact)
				continue;
			if (syn_epoch[si] != epoch) {
				syn_epoch[si] = epoch;
				syn_nlive[si] = 0;
			}
			live = c->syn_live + we->live_first;
			n = syn_nlive[si]++;
			while (n > 0 && live[n - 1] > m) {
				live[n] = live[n - 1];
				n--;
			}
			live[n] = m;
		}
	}
	c->syn_built = c->epoch;
}

/* The members of synset `si` that may match in this sentence, in member
 * order: those whose first element is not a word, or whose first word the
 * sentence holds (a whole token for an exact word).  Computed once per
 * sentence; the list lives in c->syn_live at the synset's own member
 * offset (a synset's members are contiguous in d->members). */
static const uint32_t *synset_live(tides_coder *c, uint32_t si, uint32_t *n)
{
	const tides_dicts *d = c->d;
	const dict_synset *s = &d->synsets[si];
	uint32_t *live = c->syn_live + s->mem_first;
	if (c->epoch_gen != c->syn_gen) { /* the epoch started again: forget every list */
		memset(c->syn_epoch, 0, sizeof *c->syn_epoch * (d->nsynsets ? d->nsynsets : 1));
		c->syn_built = 0;
		c->syn_gen = c->epoch_gen;
	}
	if (c->syn_epoch[si] != c->epoch && s->nmem && c->mem_syn[s->mem_first] != UINT32_MAX &&
	    c->nseen <= c->seen_cap) {
		if (c->syn_built != c->epoch)
			synsets_build(c);
		if (c->syn_epoch[si] != c->epoch) { /* no member word in the sentence */
			c->syn_epoch[si] = c->epoch;
			c->syn_nlive[si] = 0;
		}
	}
	if (c->syn_epoch[si] != c->epoch) {
		uint32_t m, k = 0;
		for (m = 0; m < s->nmem; m++) {
			const dict_elem *e0 = &d->elems[d->members[s->mem_first + m].first];
			if (e0->kind == DICT_EL_WORD &&
			    (e0->match == DICT_M_EXACT ? c->seen[e0->ref].exact : c->seen[e0->ref].any) != c->epoch)
				continue;
			live[k++] = s->mem_first + m;
		}
		c->syn_nlive[si] = k;
		c->syn_epoch[si] = c->epoch;
	}
	*n = c->syn_nlive[si];
	return live;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

long coder_candidates(tides_coder *c, const dict_verb *v)
{
	const tides_dicts *d = c->d;
	const uint64_t *bloom;
	uint32_t n = 0, k, kend;
	if (!v->nkey && !v->nalways)
		return -1;
	if (c->nseen > c->seen_cap)
		return -1;
	for (k = 0; k < v->nalways; k++)
		c->cand[n++] = d->valways[v->always_first + k];
	bloom = d->vbloom + v->bloom;
	kend = v->key_first + v->nkey;
	coder_roles(c);
	if (v->nkey < c->nrole_v) {
		/* fewer filing words than sentence words: test each filing word */
		for (k = v->key_first; k < kend; k++)
			if (c->seen[d->vkeys[k].word].any == c->epoch)
				c->cand[n++] = d->vkeys[k].pos;
		goto sort;
	}
	for (k = 0; k < c->nrole_v; k++) {
		uint32_t w = c->role_vlist[k], lo = v->key_first, hi = kend, bit = dict_vbloom_bit(w, v->bloom_bits);
		if (!(bloom[bit / 64] >> (bit % 64) & 1))
			continue; /* not a filing word of this verb */
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (d->vkeys[mid].word < w)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < kend && d->vkeys[lo].word == w; lo++)
			c->cand[n++] = d->vkeys[lo].pos;
	}
sort:
	if (n > 48) {
		qsort(c->cand, n, sizeof *c->cand, cmp_u32);
	} else { /* short, and the nalways first ones are in order already */
		for (k = v->nalways; k < n; k++) {
			uint32_t pos = c->cand[k], j = k;
			while (j > 0 && c->cand[j - 1] > pos) {
				c->cand[j] = c->cand[j - 1];
				j--;
			}
			c->cand[j] = pos;
		}
	}
	return (long)n;
}

uint32_t coder_synset_nlive(tides_coder *c, uint32_t si)
{
	uint32_t n;
	synset_live(c, si, &n);
	return n;
}

/* 0 no, 1 partial (token longer), 2 exact */
static int lit_cmp(const tides_coder *c, int t, uint32_t word)
{
	const ctok *k = &c->tok[t];
	const char *w = dict_word(c->d, word);
	size_t wl = c->d->wlen[word];
	if (k->wtype == W_COMMA || k->len < wl || memcmp(k->s, w, wl) != 0)
		return 0;
	return k->len == wl ? 2 : 1;
}

int coder_lit_match(const tides_coder *c, int t, const dict_elem *e)
{
	int r = lit_cmp(c, t, e->ref);
	if (!r)
		return 0;
	if (r == 1 && e->match != DICT_M_STEM)
		return 0;
	return 1;
}

static int match_seq(tides_coder *c, const dict_elem *el, int n, int t, int dir, int lo,
                     int hi, int *end, int *shown, int first_gap);

/* 0 when the dictionary word cannot begin token t (it is not among the
 * token's prefix words, which the lexer listed); 1 when it may (or the
 * list is missing: a comma, a quote, a token with too many prefixes). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int tok_may_hold(const tides_coder *c, int t, uint32_t word)
{
	const ctok *k = &c->tok[t];
	const uint32_t *ids;
	uint32_t q;
	if (k->ids_over || c->d->wlen[word] > DICT_PREFIX_MAX)
		return 1;
	ids = c->tok_ids + k->ids_first;
	for (q = 0; q < k->nids; q++)
		if (ids[q] == word)
			return 1;
	return 0;
}


/* Matches one element at token t; returns tokens consumed (>0) or 0.  For
 * dir < 0 the element must end at t and the count goes backward. */
static int match_elem(tides_coder *c, const dict_elem *e, int t, int dir, int lo, int hi)
{
	const tides_dicts *d = c->d;
	int h, fe = c->first_exact;
	c->first_exact = 0;
	if (e->kind == DICT_EL_WORD) { /* the common case, before the jump table */
		if (fe)
			return lit_cmp(c, t, e->ref) == 2 ? 1 : 0;
		return coder_lit_match(c, t, e) ? 1 : 0;
	}
	switch (e->kind) {
	case DICT_EL_WORD:
		/* TABARI quirk: the word of a synset member compared first must be
		 * a whole word when the synset is followed by a blank (its "full,
		 * skip" connector); a stem is enough when it is followed by '_'. */
		if (fe)
			return lit_cmp(c, t, e->ref) == 2 ? 1 : 0;
		return coder_lit_match(c, t, e) ? 1 : 0;
	case DICT_EL_SOURCE:
	case DICT_EL_TARGET:
		/* opt.locative: "met in Moscow" names where, not whom */
		if (c->tok[t].wtype != W_ACTOR || (c->tok[t].flags & TF_LOC))
			return 0;
		h = coder_actor_head(c, t);
		if (h < 0)
			return 0;
		/* zh hook: in Chinese a slot next to a compound (中国 和 俄罗斯
		 * 谴责 美国) stands for the whole compound, as the regular rules
		 * would take it */
		if (c->lang_zh && (c->tok[h].flags & TF_COMPD)) {
			int k;
			for (k = h; k >= 0; k--)
				if (c->tok[k].chead && c->tok[k].cend >= h) {
					h = k;
					break;
				}
		}
		if (e->kind == DICT_EL_SOURCE)
			c->idx_source = h;
		else
			c->idx_target = h;
		return 1;
	case DICT_EL_COMPOUND:
		if (!c->tok[t].chead)
			return 0;
		c->idx_compound = t;
		return 1;
	case DICT_EL_SKIP:
		if (c->opt.petrarch && c->tok[t].wtype != W_ACTOR) {
			/* petr: PETRARCH's ^ skips a noun phrase; without a parse,
			 * a run of up to four unlisted words or nouns that are not
			 * dictionary words themselves (those may be the pattern's
			 * next literal) */
			int k = t, n = 0;
			while (n < 4 && k >= 0 && k < c->ntok && !c->tok[k].htag &&
			       (c->tok[k].wtype == W_NULL || c->tok[k].wtype == W_NOUN) &&
			       (n == 0 || !dict_lookup_word(d, c->tok[k].s, c->tok[k].len))) {
				k += dir > 0 ? 1 : -1;
				n++;
			}
			return n;
		}
		if (c->tok[t].wtype != W_ACTOR)
			return 0;
		if (dir > 0) {
			int tail = coder_actor_tail(c, t);
			return tail >= t ? tail - t + 1 : 1;
		}
		h = coder_actor_head(c, t);
		return h >= 0 && h <= t ? t - h + 1 : 1;
	case DICT_EL_SYNSET: {
		uint32_t m, nlive;
		/* petr: a member whose first word is not in the sentence cannot
		 * match anywhere (large synsets, e.g. &AIRCRAFT) */
		const uint32_t *live;
		if (c->syn_epoch[e->ref] == c->epoch && c->epoch_gen == c->syn_gen) {
			/* known this sentence (the common case, without the call) */
			live = c->syn_live + d->synsets[e->ref].mem_first;
			nlive = c->syn_nlive[e->ref];
		} else {
			live = synset_live(c, e->ref, &nlive);
		}
		/* the word each member must have at t (its first or last) */
		const uint32_t *edge = dir > 0 ? c->mem_wfirst : c->mem_wlast;
		const ctok *k = &c->tok[t];
		const uint32_t *ids = c->tok_ids + k->ids_first;
		int inrange = t >= lo && t <= hi && !k->ids_over;
		uint64_t tm = 0; /* a 64-bit bloom filter of the token's words */
		if (inrange) {
			uint32_t q;
			for (q = 0; q < k->nids; q++)
				tm |= (uint64_t)1 << (ids[q] & 63);
		}
		for (m = 0; m < nlive; m++) {
			const dict_phrase *ph;
			int endp, save = c->lenalt;
			uint32_t w = edge[live[m]];
			c->first_exact = !(e->flags & DICT_EF_NEXT);
			/* speed: a member whose word at t is not a prefix of token t
			 * fails at once; skip the calls (leaving the state as the
			 * failed match_seq would: t in range, first_exact used) */
			if (w && inrange) {
				uint32_t q = k->nids;
				if (tm >> (w & 63) & 1)
					for (q = 0; q < k->nids && ids[q] != w; q++)
						;
				if (q == k->nids) {
					c->first_exact = 0;
					continue;
				}
			}
			ph = &d->members[live[m]];
			if (match_seq(c, d->elems + ph->first, (int)ph->n, t, dir, lo, hi, &endp, NULL, 0))
				return dir > 0 ? endp - t + 1 : t - endp + 1;
			c->lenalt = save;
		}
		return 0;
	}
	case DICT_EL_ALT: {
		const dict_alt *a = &d->alts[e->ref];
		uint32_t m;
		for (m = 0; m < a->nopt; m++) {
			const dict_phrase *ph = &d->members[a->opt_first + m];
			int endp;
			if (match_seq(c, d->elems + ph->first, (int)ph->n, t, dir, lo, hi, &endp, NULL, 0)) {
				uint32_t k;
				for (k = 0; k < ph->n; k++) {
					const dict_elem *w = &d->elems[ph->first + k];
					if (w->kind == DICT_EL_WORD)
						c->lenalt += (int)strlen(dict_word(d, w->ref));
				}
				return dir > 0 ? endp - t + 1 : t - endp + 1;
			}
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* Matches elements el[0..n) starting at token t (dir > 0: el[0] at t,
 * going right; dir < 0: el[n-1] at t, going left).  A gap is allowed
 * before the first element when first_gap.  *end = last token used;
 * *shown (when not NULL) = last token of the last element that is not a
 * $ or + slot, or t - dir: the pattern's words as verb_text shows them.
 * A slot matches only the first token it meets of an actor, so a span
 * ending at a slot would cut the actor's name ("met Sergei"). */
static int match_seq(tides_coder *c, const dict_elem *el, int n, int t, int dir, int lo,
                     int hi, int *end, int *shown, int first_gap)
{
	int i, gap = first_gap, last = t - dir, keep = t - dir;
	for (i = 0; i < n; i++) {
		const dict_elem *e = dir > 0 ? &el[i] : &el[n - 1 - i];
		int r;
		if (i > 0)
			gap = dir > 0 ? !(el[i - 1].flags & DICT_EF_NEXT) : !(e->flags & DICT_EF_NEXT);
		for (;;) {
			if (t < lo || t > hi)
				return 0;
			if (e->kind == DICT_EL_WORD && !tok_may_hold(c, t, e->ref)) {
				c->first_exact = 0; /* as match_elem would leave it */
				r = 0;
			} else {
				r = match_elem(c, e, t, dir, lo, hi);
			}
			if (r)
				break;
			if (!gap)
				return 0;
			t += dir;
		}
		last = t + dir * (r - 1);
		t = last + dir;
		if (e->kind != DICT_EL_SOURCE && e->kind != DICT_EL_TARGET)
			keep = last;
	}
	*end = last;
	if (shown)
		*shown = keep;
	return 1;
}

int coder_check_pattern(tides_coder *c, const dict_pattern *p, int v)
{
	const dict_elem *el = c->d->elems + p->ph.first;
	int n = (int)p->ph.n, vk, vend, endp;
	c->idx_source = c->idx_target = c->idx_compound = -1;
	c->lenalt = 0;
	for (vk = 0; vk < n && el[vk].kind != DICT_EL_VERB; vk++)
		;
	if (vk == n)
		return 0;
	vend = c->tok[v].htag ? c->tok[v].rtail : v;
	c->span_lo = c->show_lo = v;
	c->span_hi = c->show_hi = vend;
	if (vk + 1 < n) {
		if (!match_seq(c, el + vk + 1, n - vk - 1, vend + 1, 1, 0, c->iend, &endp,
		               &c->show_hi, !(el[vk].flags & DICT_EF_NEXT)))
			return 0;
		c->span_hi = endp;
	}
	if (vk > 0) {
		if (!match_seq(c, el, vk, v - 1, -1, 0, c->ntok - 1, &endp, &c->show_lo,
		               !(el[vk - 1].flags & DICT_EF_NEXT)))
			return 0;
		c->span_lo = endp;
	}
	if (c->lang_zh) { /* zh hook: verb_text is the clause with its actors
	                   * (美国对俄罗斯实施新的制裁), as Chinese writes it */
		c->show_lo = c->span_lo;
		c->show_hi = c->span_hi;
	}
	return 1;
}
