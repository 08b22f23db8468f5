/*
 * coder.c — sentence to events, and the public coder API.
 *
 * The algorithm is TABARI's (CoderClass): clauses are coded in order; in a
 * clause each verb root tries its patterns (longest first; a pattern with
 * alternatives keeps the longest actual match) and falls back to the verb's
 * own code.  Source and target come from the pattern slots or, failing
 * that, from the "regular" rules: the source is the first actor of the
 * clause, the target the first actor after the verb (else before it).  The
 * passive voice (WAS/WERE/BEEN before the verb, BY after it) swaps them.
 * With the locative rule (dict_options.locative, the bundled English
 * dictionaries), actors in phrases of place ("in Moscow": parse.c
 * mark_locatives) are no regular source unless the clause opens with one
 * and no other actor precedes the verb, a regular target only when no
 * other actor follows the verb (or the code is a visit, 042/043), and
 * never a $ or + slot.
 * Syntactic compounds and coded compounds (A/B) expand into one event per
 * pair; events whose source equals their target are dropped, as are
 * duplicates.  Subordinate codes ('?', e.g. SAID) yield to any other event;
 * a dominant code ('!') cancels the others.  CODE BY CLAUSE (default) stops
 * a clause at its first event, CODE BY SENTENCE stops the sentence, CODE
 * ALL codes every verb.  The clause events become tides_event records in
 * emit.c (compound codes split, agents combined, texts and ids).
 *
 * Hot path: all per-sentence state lives in the tides_coder and is reused;
 * the output array grows geometrically and is kept between calls.
 */
#include "coder/coder.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "text/zh.h" /* zh hook */
#include "util/banned.h"

/* ----------------------------------------------------------- actors */

static void zero_actor(actref *a)
{
	/* the strings are read up to their NUL only: no memset of the record */
	a->where = -1;
	a->code[0] = '\0';
	a->agent[0] = '\0';
	a->actor = UINT32_MAX;
	a->agtloc = -1;
}

static int actor_empty(const actref *a)
{
	return a->where < 0;
}

static int actor_equal(const actref *a, const actref *b)
{
	return !actor_empty(a) && !actor_empty(b) && strcmp(a->code, b->code) == 0 &&
	       strcmp(a->agent, b->agent) == 0;
}

/* TABARI getActorStructCodes: codes of the root at loc. */
static void actor_codes(tides_coder *c, actref *a, int loc)
{
	const tides_dicts *d = c->d;
	const ctok *t;
	const dict_entry *e;
	zero_actor(a);
	loc = coder_deref(c, loc);
	if (loc < 0)
		return;
	t = &c->tok[loc];
	if (t->entry == UINT32_MAX)
		return;
	e = &d->entries[t->entry];
	if (e->kind == DICT_K_ACTOR) {
		const char *code = coder_actor_code(d, e->entry, c->date);
		if (!code)
			return;
		coder_copy_str(a->code, code, sizeof a->code);
		a->actor = e->entry;
	} else if (e->kind == DICT_K_AGENT) {
		coder_copy_str(a->code, d->agents[e->entry].code, sizeof a->code);
	} else {
		return;
	}
	a->where = loc;
}

static int is_former(const tides_coder *c, int t)
{
	return t >= 0 && t < c->ntok && c->tok[t].wtype == W_ADJ &&
	       (c->tok[t].bflags & (B_FORMER >> 8));
}

static const char *agent_code(const tides_coder *c, int head)
{
	const ctok *t = &c->tok[head];
	if (t->entry == UINT32_MAX || c->d->entries[t->entry].kind != DICT_K_AGENT)
		return NULL;
	return c->d->agents[c->d->entries[t->entry].entry].code;
}

/* TABARI findAgent: an agent right after the actor, else right before it
 * (optionally across a preposition); FORMER makes it ~ELI. */
static void find_agent(tides_coder *c, int loc, actref *a)
{
	int tloc, former = 0;
	const char *code = NULL;
	a->agent[0] = '\0';
	a->agtloc = -1;
	if (loc < 0 || loc >= c->ntok)
		return;
	tloc = coder_actor_tail(c, loc);
	if (is_former(c, tloc + 1)) {
		former = 1;
		tloc++;
	}
	if (!former && is_former(c, loc - 1))
		former = 1;
	if (c->opt.petrarch) {
		/* petr: PETRARCH's agent is anywhere in the actor's noun phrase:
		 * look past up to three unmarked words ("Dagolath's first Deputy
		 * Prime Minister") */
		int k = tloc + 1, skipped = 0;
		while (k < c->ntok && skipped < 4 &&
		       ((c->tok[k].wtype == W_NULL && !c->tok[k].htag) ||
		        (c->tok[k].wtype == W_CONJ && skipped && k + 1 < c->ntok &&
		         c->tok[k + 1].wtype == W_NULL))) {
			k++;
			skipped++;
		}
		if (skipped && k < c->ntok && c->tok[k].wtype == W_AGENT && c->tok[k].htag)
			tloc = k - 1;
	}
	if (tloc + 1 < c->ntok && c->tok[tloc + 1].wtype == W_AGENT && c->tok[tloc + 1].htag) {
		code = agent_code(c, tloc + 1);
		a->agtloc = tloc + 1;
	} else {
		int l = loc;
		if (l > 0 && c->tok[l - 1].wtype == W_PREP)
			l--;
		if (l > 0 && c->tok[l - 1].wtype == W_AGENT && c->tok[l - 1].ttag) {
			int h = c->tok[l - 1].rhead;
			if (h >= 0 && c->tok[h].htag) {
				if (!former && is_former(c, h - 1))
					former = 1;
				code = agent_code(c, h);
				a->agtloc = h;
			}
		}
	}
	if (code)
		coder_copy_str(a->agent, former ? "~ELI" : code, sizeof a->agent);
	/* petr: PETRARCH applies an agent before the actor too: "an MSF Arnor
	 * diplomat" = NGO~ + ARN + ~GOV, kept as "NGO~~GOV" for emit.c's composite */
	if (c->opt.petrarch && code && !former && code[0] == '~' && a->agtloc > loc && loc > 0 &&
	    c->tok[loc - 1].wtype == W_AGENT && c->tok[loc - 1].ttag) {
		int h = c->tok[loc - 1].rhead;
		const char *pre = h >= 0 && c->tok[h].htag ? agent_code(c, h) : NULL;
		size_t n = pre ? strlen(pre) : 0;
		size_t m = strlen(code);
		if (n > 1 && pre[n - 1] == '~' && n + m < sizeof a->agent) {
			memcpy(a->agent, pre, n);
			memcpy(a->agent + n, code, m + 1);
		}
	}
}

/* The first actor head from loc on in the clause; with skip 1, not one in
 * a phrase of place (TF_LOC); with skip 2, not a pronoun either. */
static int find_actor(const tides_coder *c, int loc, int skip)
{
	for (; loc <= c->iend && loc < c->ntok; loc++)
		if (c->tok[loc].wtype == W_ACTOR && c->tok[loc].htag &&
		    !(skip && (c->tok[loc].flags & TF_LOC)) && !(skip == 2 && c->tok[loc].pron))
			return loc;
	return -1;
}

static void set_default(tides_coder *c, actref *a, const char *code)
{
	zero_actor(a);
	coder_copy_str(a->code, code, sizeof a->code);
	a->where = CODER_DEFAULT;
}

/* opt.locative: the actors of phrases of place (parse.c:
 * mark_locatives) are not the regular source: a place where something
 * happens is not who does it.  Except when such a phrase comes first in
 * the clause, before the verb, and no other actor precedes the verb ("a
 * report released in the Rwandan capital alleged that France..."): then
 * TABARI's rule stands, rather than taking the object for the subject. */
static void regular_source(tides_coder *c, int index)
{
	int loc = c->istart, f, skip = c->nloc > 0;
	actref a;
	if (skip) {
		int first = find_actor(c, c->istart, 0), other = find_actor(c, c->istart, 1);
		if (first >= 0 && first < index && (c->tok[first].flags & TF_LOC) &&
		    !(other >= 0 && other < index))
			skip = 0;
	}
	for (;;) {
		f = find_actor(c, loc, skip);
		if (f < 0 || (c->opt.petrarch && f > index)) /* petr: the subject precedes the verb */
			break;
		if (c->opt.def_prior && c->opt.def_source[0] && f > index) {
			set_default(c, &c->source, c->opt.def_source);
			c->reg_source = 1;
			return;
		}
		/* opt.subject_first: no actor before the verb ("Met with Russian
		 * officials", "Talks with Iran collapse"): who acted is unknown,
		 * the object is not it.  A pronoun is let through: it stands for an
		 * actor named before, mostly the subject of an earlier clause
		 * ("Primakov turned back and cancelled his visit").  TABARI takes
		 * the object (its validation suite expects it); PETRARCH has the
		 * rule above. */
		if (f > index && c->opt.subject_first && !c->tok[f].pron)
			break;
		actor_codes(c, &a, f);
		find_agent(c, f, &a);
		if (!actor_empty(&a) && !actor_equal(&a, &c->target)) {
			c->source = a;
			c->reg_source = 1;
			return;
		}
		loc = f + 1;
	}
	if (c->opt.def_source[0]) {
		set_default(c, &c->source, c->opt.def_source);
		c->reg_source = 1;
	}
}

/* opt.locative: a first pass skips the actors of phrases of place (and
 * pronouns: "arrived in Latvia on his first visit" is not about "his"),
 * the second is TABARI's ("intervened in Syria" keeps its target).  Not for
 * visits (CAMEO 042, 043), where the place is where the visit goes:
 * "Xi arrived in Moscow for talks with Putin" is CHNGOV-RUS 042. */
static void regular_target(tides_coder *c, const dict_pattern *p, int index)
{
	int loc = index + 1, f, skip = c->nloc > 0 &&
	    !(p->code[0] == '0' && p->code[1] == '4' && (p->code[2] == '2' || p->code[2] == '3'));
	skip *= 2; /* the place yields to a named actor, not to a pronoun */
	actref a;
	for (;;) {
		f = find_actor(c, loc, skip);
		if (f < 0 && skip) {
			skip = 0;
			loc = index + 1;
			continue;
		}
		if (f < 0)
			break;
		actor_codes(c, &a, f);
		find_agent(c, f, &a);
		if (!actor_empty(&a) && !actor_equal(&a, &c->source)) {
			c->target = a;
			c->reg_target = 1;
			return;
		}
		loc = f + 1;
	}
	if (c->opt.def_after && c->opt.def_target[0]) {
		set_default(c, &c->target, c->opt.def_target);
		c->reg_target = 1;
		return;
	}
	/* petr: PETRARCH takes the target from the verb phrase, never from
	 * before the verb (its trees mark the passive voice) */
	for (loc = c->opt.petrarch ? c->istart - 1 : index - 1; loc >= c->istart; loc--) {
		int h;
		if (c->tok[loc].wtype != W_ACTOR)
			continue;
		h = coder_actor_head(c, loc);
		if (h < 0)
			return;
		actor_codes(c, &a, h);
		find_agent(c, h, &a);
		if (!actor_empty(&a) && !actor_equal(&a, &c->source)) {
			c->target = a;
			return;
		}
		loc = h;
	}
	if (!actor_empty(&c->source) &&
	    (strchr(c->source.code, '/') ||
	     (c->source.where >= 0 && c->source.where < c->ntok &&
	      (c->tok[c->source.where].flags & TF_COMPD)))) {
		c->target = c->source;
	} else if (c->opt.def_target[0]) {
		set_default(c, &c->target, c->opt.def_target);
	}
}

static int check_passive(const tides_coder *c, int index)
{
	int k, by = 0;
	for (k = 1; k <= 3; k++)
		if (index + k < c->ntok && c->tok[index + k].wtype == W_BY)
			by = 1;
	if (!by)
		return 0;
	if (index > 0 && c->tok[index - 1].wtype == W_AUXIL)
		return 1;
	if (index > 1 && c->tok[index - 2].wtype == W_AUXIL)
		return 1;
	return 0;
}

/* ----------------------------------------------------------- events */

static void put_one(tides_coder *c, const dict_pattern *p, int index, const actref *s,
                    const actref *t, const char *code)
{
	cevent *e;
	if (c->nev >= CODER_MAX_EVENTS)
		return;
	e = &c->ev[c->nev++];
	e->src = *s; /* every field is set below */
	e->tgt = *t;
	e->pat = p;
	e->code = code;
	e->verb = index;
	e->isevt = 1;
	e->sub = (p->flags & DICT_PF_SUBORD) != 0;
	e->dom = (p->flags & DICT_PF_DOMINANT) != 0;
	e->tstart = c->show_lo;
	e->tend = c->show_hi;
}

static void put_event(tides_coder *c, const dict_pattern *p, int index, const actref *s,
                      const actref *t)
{
	put_one(c, p, index, s, t, p->code);
	if (p->flags & DICT_PF_PAIRED)
		put_one(c, p, index, t, s, p->code2);
}

/* petr: an agent coordinated with the actor's agent ("lawmakers and
 * officials in Fornost"): PETRARCH codes an event for each. */
static const char *petr_coord_agent(const tides_coder *c, const actref *a)
{
	int h, tail;
	if (!c->opt.petrarch || a->agtloc < 0 || a->agtloc >= c->ntok)
		return NULL;
	h = a->agtloc;
	if (h > 1 && c->tok[h - 1].wtype == W_CONJ && (c->tok[h - 1].bflags & (B_AND >> 8)) &&
	    c->tok[h - 2].wtype == W_AGENT && c->tok[h - 2].ttag) {
		int hh = c->tok[h - 2].rhead;
		if (hh >= 0 && c->tok[hh].htag)
			return agent_code(c, hh);
	}
	tail = c->tok[h].htag && c->tok[h].rtail >= h ? c->tok[h].rtail : h;
	if (tail + 2 < c->ntok && c->tok[tail + 1].wtype == W_CONJ &&
	    (c->tok[tail + 1].bflags & (B_AND >> 8)) && c->tok[tail + 2].wtype == W_AGENT &&
	    c->tok[tail + 2].htag)
		return agent_code(c, tail + 2);
	return NULL;
}

static void petr_put_event(tides_coder *c, const dict_pattern *p, int index, const actref *s,
                           const actref *t)
{
	const char *sa = petr_coord_agent(c, s), *ta = petr_coord_agent(c, t);
	actref s2, t2;
	put_event(c, p, index, s, t);
	if (sa) {
		s2 = *s;
		coder_copy_str(s2.agent, sa, sizeof s2.agent);
		put_event(c, p, index, &s2, t);
	}
	if (ta) {
		t2 = *t;
		coder_copy_str(t2.agent, ta, sizeof t2.agent);
		put_event(c, p, index, s, &t2);
		if (sa)
			put_event(c, p, index, &s2, &t2);
	}
}

static int is_compound_head(const tides_coder *c, const actref *a)
{
	return a->where >= 0 && a->where < c->ntok && (c->tok[a->where].flags & TF_COMPD) &&
	       c->tok[a->where].chead;
}

static int in_compound(const tides_coder *c, const actref *a)
{
	return a->where >= 0 && a->where < c->ntok && (c->tok[a->where].flags & TF_COMPD);
}

/* Next actor head inside the compound after the actor at loc; -1 at end. */
static int compound_next(const tides_coder *c, int loc, int cend)
{
	int k = coder_actor_tail(c, loc);
	if (k >= cend)
		return -1;
	for (k = k + 1; k <= cend; k++)
		if (c->tok[k].wtype == W_ACTOR && c->tok[k].htag && c->tok[k].entry != UINT32_MAX)
			return k;
	return -1;
}

/* petr: PETRARCH's require_dyad=false keeps events with a missing side.
 * The missing side is an agent standing alone in the clause ("a senior
 * official said" -> ---GOV; before the verb for the source, after it for
 * the target), else the null actor "---".  Returns 0 (no event) when
 * both sides would be bare "---". */
static int petr_agent_alone(tides_coder *c, actref *a, int lo, int hi)
{
	int t;
	for (t = lo; t <= hi && t < c->ntok; t++) {
		const char *code;
		if (t < 0 || c->tok[t].wtype != W_AGENT || !c->tok[t].htag)
			continue;
		code = agent_code(c, t);
		if (!code)
			continue;
		zero_actor(a);
		coder_copy_str(a->code, "---", sizeof a->code);
		coder_copy_str(a->agent, code, sizeof a->agent);
		a->where = CODER_DEFAULT;
		a->agtloc = t;
		return 1;
	}
	return 0;
}

static int petr_null_actors(tides_coder *c, int index)
{
	int got = 0;
	if (actor_empty(&c->source)) {
		if (petr_agent_alone(c, &c->source, c->istart, index - 1))
			got = 1;
		else
			set_default(c, &c->source, "---");
	} else {
		got = 1;
	}
	if (actor_empty(&c->target)) {
		if (petr_agent_alone(c, &c->target, index + 1, c->iend))
			got = 1;
		else
			set_default(c, &c->target, "---");
	} else {
		got = 1;
	}
	if (!got) {
		zero_actor(&c->source);
		zero_actor(&c->target);
	}
	return got;
}

/* Is token t a one-word member of the synset? */
static int in_synset(const tides_coder *c, const dict_synset *sy, const ctok *t)
{
	const tides_dicts *d = c->d;
	uint32_t k;
	for (k = 0; k < sy->nmem; k++) {
		const dict_phrase *m = &d->members[sy->mem_first + k];
		const dict_elem *e = &d->elems[m->first];
		const char *w;
		if (m->n != 1 || e->kind != DICT_EL_WORD)
			continue;
		w = dict_word(d, e->ref);
		if (strlen(w) == t->len && memcmp(w, t->s, t->len) == 0)
			return 1;
	}
	return 0;
}

/* Negation before the verb, for verb dictionaries that define the synset
 * &NEGATION (tides' own do; TABARI's and PETRARCH's code negation with
 * patterns only, and TABARI's validation suite expects a negated verb
 * that no pattern covers to keep its code).  A one-word member of
 * &NEGATION (NOT, NEVER, WON'T...) reached from the verb over at most
 * three other words (auxiliaries, adverbs: "will not", "did not really")
 * and no actor, agent, verb, comma, conjunction or quote.  Returns its
 * token, or -1. */
static int negation_before(const tides_coder *c, int index)
{
	const tides_dicts *d = c->d;
	const dict_synset *sy;
	int k, lo = index - 4 < c->istart ? c->istart : index - 4;
	if (d->neg_synset == UINT32_MAX)
		return -1;
	sy = &d->synsets[d->neg_synset];
	for (k = index - 1; k >= lo && k >= 0; k--) {
		const ctok *t = &c->tok[k];
		if (in_synset(c, sy, t))
			return k;
		if (t->wtype == W_ACTOR || t->wtype == W_AGENT || t->wtype == W_COMMA ||
		    t->wtype == W_CONJ || t->wtype == W_QUOTE || (t->wtype == W_VERB && t->htag))
			return -1;
	}
	return -1;
}

/* A negated verb whose pattern did not itself match the negation (the
 * dictionary codes "- NOT_ * [---]" or a refusal code where it has one):
 * CAMEO codes no event.  The verb leaves a non-event that still silences
 * subordinate verbs (SAID), so "Putin said Russia will not expel
 * diplomats" is no event rather than a statement aimed at Russia. */
static int negated_unmatched(tides_coder *c, const dict_pattern *p, int index)
{
	int k = negation_before(c, index);
	cevent *e;
	/* a null pattern ("- NOT_ * [---]") that matched the negation silences
	 * SAID as well; any other pattern that matched it is coded */
	if (k < 0 || (k >= c->span_lo && !(p->flags & DICT_PF_NULL)))
		return 0;
	if (c->debug)
		fprintf(stderr, "verb %d: negated by token %d: no event\n", index, k);
	if (c->nev < CODER_MAX_EVENTS) {
		e = &c->ev[c->nev++];
		memset(e, 0, sizeof *e);
		zero_actor(&e->src);
		zero_actor(&e->tgt);
		e->pat = p;
		e->code = ""; /* not "---", which evaluate_events makes subordinate */
		e->verb = index;
		e->isevt = 0; /* not output, not the clause's event */
		e->sub = 0;   /* but it outranks subordinate events */
	}
	return 1;
}

static void make_event(tides_coder *c, const dict_pattern *p, int index)
{
	if (c->debug)
		fprintf(stderr, "verb %d: %s:%u: [%s%s%s]\n", index,
		        p->file < c->d->nfiles ? c->d->files[p->file] : "?", p->line, p->code,
		        p->code2[0] ? ":" : "", p->code2);
	if (negated_unmatched(c, p, index) || (p->flags & DICT_PF_NULL))
		return;
	if (actor_empty(&c->source))
		regular_source(c, index);
	if (actor_empty(&c->target))
		regular_target(c, p, index);
	if (c->opt.petrarch && actor_empty(&c->source)) /* petr: an agent alone is an actor */
		petr_agent_alone(c, &c->source, c->istart, index - 1);
	if (c->opt.petrarch && actor_empty(&c->target))
		petr_agent_alone(c, &c->target, index + 1, c->iend);
	if ((actor_empty(&c->source) || actor_empty(&c->target)) &&
	    (c->opt.require_dyad || !petr_null_actors(c, index)))
		return;
	if (c->reg_source && c->reg_target && check_passive(c, index)) {
		actref tmp = c->source;
		c->source = c->target;
		c->target = tmp;
		c->passive = 1;
	}
	if (!in_compound(c, &c->source) && !in_compound(c, &c->target)) {
		petr_put_event(c, p, index, &c->source, &c->target);
	} else {
		int cs = is_compound_head(c, &c->source), ct = is_compound_head(c, &c->target);
		int is = c->source.where;
		int send = cs ? c->tok[is].cend : -1;
		while (is >= 0) {
			actref s, t;
			int it = c->target.where, tend = ct ? c->tok[it].cend : -1;
			if (is == CODER_DEFAULT || !cs) {
				s = c->source;
			} else {
				actor_codes(c, &s, is);
				find_agent(c, is, &s);
				/* petr: PETRARCH gives the compound's agent to every member
				 * ("ambassadors of Arnor, Osgiliath and Gondor") */
				if (c->opt.petrarch && !s.agent[0] && c->source.agent[0]) {
					coder_copy_str(s.agent, c->source.agent, sizeof s.agent);
					s.agtloc = c->source.agtloc;
				}
			}
			while (it >= 0) {
				if (it == CODER_DEFAULT || !ct) {
					t = c->target;
				} else {
					actor_codes(c, &t, it);
					find_agent(c, it, &t);
					if (c->opt.petrarch && !t.agent[0] && c->target.agent[0]) { /* petr */
						coder_copy_str(t.agent, c->target.agent, sizeof t.agent);
						t.agtloc = c->target.agtloc;
					}
				}
				if (!actor_empty(&s) && !actor_empty(&t))
					petr_put_event(c, p, index, &s, &t);
				it = ct ? compound_next(c, it, tend) : -1;
			}
			is = cs ? compound_next(c, is, send) : -1;
		}
	}
	if (!c->reg_source)
		zero_actor(&c->source);
	if (!c->reg_target)
		zero_actor(&c->target);
}

static const dict_verb *verb_of(const tides_coder *c, int index)
{
	const ctok *t = &c->tok[index];
	if (t->entry == UINT32_MAX)
		return NULL;
	return &c->d->verbs[c->d->entries[t->entry].entry];
}

static void set_from_index(tides_coder *c)
{
	if (c->idx_source >= 0) {
		actor_codes(c, &c->source, c->idx_source);
		find_agent(c, c->source.where, &c->source);
	}
	if (c->idx_target >= 0) {
		actor_codes(c, &c->target, c->idx_target);
		find_agent(c, c->target.where, &c->target);
	}
	if (c->idx_compound >= 0 && c->opt.petrarch && c->idx_compound > c->span_lo) {
		/* petr: PETRARCH's % after the verb ("agree with %") is the
		 * target; the source comes from the usual rules */
		actor_codes(c, &c->target, c->idx_compound);
		find_agent(c, c->target.where, &c->target);
	} else if (c->idx_compound >= 0) {
		actor_codes(c, &c->source, c->idx_compound);
		actor_codes(c, &c->target, c->idx_compound);
	}
}

static void do_verb(tides_coder *c, int index)
{
	const tides_dicts *d = c->d;
	const dict_verb *v = verb_of(c, index);
	int gotpat = 0, gotalt = 0, maxlen = 0, oldn = c->nev;
	long ncand;
	uint32_t i, ci = 0, last = 0;
	zero_actor(&c->target);
	if (c->passive) {
		zero_actor(&c->source);
		c->passive = 0;
	}
	if (!v)
		return;
	ncand = coder_candidates(c, v);
	for (;;) {
		const dict_pattern *p;
		int make = 0;
		uint32_t r;
		if (ncand < 0) {
			if (ci >= v->npat)
				break;
			i = ci++;
		} else {
			if (ci >= (uint32_t)ncand) {
				/* the full list would have met a shorter pattern and stopped */
				if (gotalt && !gotpat && last + 1 < v->npat &&
				    (int)d->pats[d->verb_pats[v->pat_first + v->npat - 1]].len <= maxlen)
					gotpat = 1;
				break;
			}
			i = c->cand[ci++];
		}
		if (gotpat)
			break;
		last = i;
		p = &d->pats[d->verb_pats[v->pat_first + i]];
		if (gotalt && (int)p->len <= maxlen) {
			gotpat = 1;
			break;
		}
		for (r = 0; r < p->nreq; r++)
			if (c->seen[d->req[p->req_first + r]].any != c->epoch)
				break;
		if (r < p->nreq)
			continue;
		if (p->nsyn && !coder_synsets_possible(c, p)) /* petr: CAMEO.2.0 is synset-heavy */
			continue;
		if (!coder_check_pattern(c, p, index))
			continue;
		if (c->lenalt) {
			gotalt = 1;
			if ((int)p->len + c->lenalt > maxlen) {
				make = 1;
				maxlen = (int)p->len - (int)p->maxalt + c->lenalt;
			}
		} else {
			gotalt = 0;
			gotpat = 1;
			make = 1;
		}
		if (make) {
			int lo = c->span_lo, hi = c->span_hi, slo = c->show_lo, shi = c->show_hi;
			set_from_index(c);
			c->nev = oldn;
			c->span_lo = lo;
			c->span_hi = hi;
			c->show_lo = slo;
			c->show_hi = shi;
			make_event(c, p, index);
		}
	}
	if (!gotpat && v->deflt != UINT32_MAX) {
		c->span_lo = c->show_lo = index;
		c->span_hi = c->show_hi = c->tok[index].htag ? c->tok[index].rtail : index;
		make_event(c, &d->pats[v->deflt], index);
	}
}

/* petr: with PETRARCH's require_dyad=false the clause's last comma
 * segment (", a senior official said") is coded on its own: returns the
 * comma, or -1 when there is none or it lies in an eliminated clause. */
static int petr_tail_segment(const tides_coder *c)
{
	int k, t;
	for (k = c->iend; k > c->istart; k--)
		if (c->tok[k].wtype == W_COMMA)
			break;
	if (k <= c->istart)
		return -1;
	for (t = c->istart; t <= k; t++)
		if (c->tok[t].shead && c->tok[t].send >= k)
			return -1;
	for (t = k + 1; t <= c->iend; t++)
		if (c->tok[t].wtype == W_VERB && c->tok[t].htag)
			return k;
	return -1;
}

static void check_verbs(tides_coder *c)
{
	int cl, mode = c->opt.code_mode;
	int start_ev = -1;
	zero_actor(&c->source);
	zero_actor(&c->target);
	c->passive = 0;
	c->reg_source = c->reg_target = 0;
	for (cl = 0; cl < c->nclauses; cl++) {
		int index, got = 0, seg = -1, seg_end;
		c->istart = c->cstart[cl];
		c->iend = c->cend[cl];
		if (c->iend - c->istart < 2)
			continue;
		seg_end = c->iend;
		if (mode == 0 && c->opt.petrarch && !c->opt.require_dyad) {
			seg = petr_tail_segment(c);
			if (seg >= 0)
				c->iend = seg - 1;
		}
		if (c->istart && coder_is_actor_head(c, c->istart))
			actor_codes(c, &c->source, c->istart);
		zero_actor(&c->target);
		if (mode == 0)
			start_ev = c->nev;
		for (index = c->istart;;) {
			if (index > c->iend || (got && seg >= 0)) {
				if (seg < 0)
					break;
				/* petr: on to the trailing segment, with its own actors */
				index = seg + 1;
				c->istart = index;
				c->iend = seg_end;
				seg = -1;
				zero_actor(&c->source);
				zero_actor(&c->target);
				c->reg_source = c->reg_target = 0;
				got = 0;
				start_ev = c->nev;
				continue;
			}
			if (!got) { /* speed: on to the next subordinate clause or verb */
				const ctok *tk = c->tok;
				while (index <= c->iend && !tk[index].shead &&
				       !(tk[index].wtype == W_VERB && tk[index].htag))
					index++;
				if (index > c->iend)
					continue;
			}
			if (c->tok[index].shead) {
				index = c->tok[index].send + 1;
				continue;
			}
			if (c->tok[index].wtype == W_VERB && c->tok[index].htag) {
				do_verb(c, index);
				if (mode < 2) {
					int k;
					for (k = start_ev < 0 ? 0 : start_ev; k < c->nev; k++)
						if (c->ev[k].isevt && !c->ev[k].sub) {
							got = 1;
							break;
						}
					if (got && mode == 1)
						return;
				}
			}
			if (got && seg >= 0)
				continue;
			if (got)
				break;
			index++;
		}
	}
}

/* TABARI evaluateEvents: returns CS_* */
static int evaluate_events(tides_coder *c)
{
	int k, nonsub = 0, dom = 0, n = 0;
	for (k = 0; k < c->nev; k++) {
		cevent *e = &c->ev[k];
		if (coder_is3(e->code, '-')) {
			e->isevt = 0;
			e->sub = 1;
		}
		if (coder_is3(e->code, '#'))
			return CS_DISCARD;
		if (coder_is3(e->code, '+') || coder_is3(e->src.code, '+') || coder_is3(e->tgt.code, '+'))
			return CS_COMPLEX;
		if (e->dom) {
			dom = 1;
			break;
		}
		if (!e->sub)
			nonsub = 1;
	}
	for (k = 0; k < c->nev; k++) {
		if (dom && !c->ev[k].dom)
			c->ev[k].isevt = 0;
		else if (!dom && nonsub && c->ev[k].sub)
			c->ev[k].isevt = 0;
	}
	for (k = 0; k < c->nev; k++)
		if (c->ev[k].isevt)
			c->ev[n++] = c->ev[k];
	c->nev = n;
	return n ? CS_OK : CS_NOEVENT;
}

/* ----------------------------------------------------------- time */

static void check_time(tides_coder *c)
{
	const tides_dicts *d = c->d;
	int t;
	for (t = 0; t < c->ntok; t++) {
		const ctok *k = &c->tok[t];
		const dict_verb *v;
		uint32_t i;
		const dict_pattern *hit = NULL;
		if (k->wtype != W_TIME || !k->htag || k->entry == UINT32_MAX)
			continue;
		v = &d->verbs[d->entries[k->entry].entry];
		c->istart = 0;
		c->iend = c->ntok - 1;
		for (i = 0; i < v->npat && !hit; i++) {
			const dict_pattern *p = &d->pats[d->verb_pats[v->pat_first + i]];
			if (coder_check_pattern(c, p, t))
				hit = p;
		}
		if (!hit && v->deflt != UINT32_MAX)
			hit = &d->pats[v->deflt];
		if (!hit || (hit->flags & DICT_PF_NULL))
			continue;
		if (hit->flags & DICT_PF_DISCARD)
			c->discard = 1;
		else if (hit->flags & DICT_PF_COMPLEX)
			c->complex = 1;
		else {
			char *end;
			long v2 = strtol(hit->code, &end, 10);
			if (end != hit->code && !*end)
				c->shift = (int32_t)v2;
		}
		return;
	}
}

/* ----------------------------------------------------------- API */

/* An actor entry of words only that is a title of two words or more and
 * then a <CAPNAME> word ("MICROSOFT CO FOUNDER GATES"). */
static int capname_is_titled(const tides_coder *c, const dict_entry *e)
{
	const tides_dicts *d = c->d;
	uint32_t k, w;
	if (e->kind != DICT_K_ACTOR || (e->eflags & DICT_EN_CAPNAME) || e->ph.n < 3)
		return 0;
	for (k = 0; k < e->ph.n; k++)
		if (d->elems[e->ph.first + k].kind != DICT_EL_WORD)
			return 0;
	w = d->elems[e->ph.first + e->ph.n - 1].ref;
	for (k = 0; k < c->ncapword; k++)
		if (c->capword[k] == w)
			return 1;
	return 0;
}

/* The words of the one-word <CAPNAME> names, and the titled full names
 * that end in one, for parse.c capname_guard. */
static int capname_words(tides_coder *c)
{
	const tides_dicts *d = c->d;
	uint32_t i, n = 0;
	c->capword = tides_calloc(d->ncapname, sizeof *c->capword);
	if (!c->capword)
		return -1;
	for (i = 0; i < d->nentries && c->ncapword < d->ncapname; i++) {
		const dict_entry *e = &d->entries[i];
		if ((e->eflags & DICT_EN_CAPNAME) && e->ph.n == 1 && d->elems[e->ph.first].kind == DICT_EL_WORD)
			c->capword[c->ncapword++] = d->elems[e->ph.first].ref;
	}
	for (i = 0; i < d->nentries; i++)
		n += (uint32_t)capname_is_titled(c, &d->entries[i]);
	if (n == 0)
		return 0;
	if (!(c->captitled = tides_calloc(n, sizeof *c->captitled)))
		return -1;
	for (i = 0; i < d->nentries && c->ncaptitled < n; i++)
		if (capname_is_titled(c, &d->entries[i]))
			c->captitled[c->ncaptitled++] = i;
	return 0;
}

tides_status tides_coder_new(tides_ctx *ctx, const tides_dicts *d, tides_coder **out)
{
	tides_coder *c;
	*out = NULL;
	if (!d)
		return tides_fail(ctx, TIDES_ERR_USAGE, "coder: no dictionaries");
	c = tides_calloc(1, sizeof *c);
	if (!c)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	c->tok = tides_calloc(CODER_MAX_TOKENS + 2, sizeof *c->tok);
	c->seen = tides_calloc(d->nwords ? d->nwords : 1, sizeof *c->seen);
	/* room for every word: a sentence never overflows the list (the
	 * lexer's hot loop does not test) */
	c->seen_cap = d->nwords + 1;
	c->seen_list = tides_calloc(c->seen_cap, sizeof *c->seen_list);
	c->cand = tides_calloc(d->max_npat ? d->max_npat : 1, sizeof *c->cand);
	c->lexcache_mem = tides_calloc(LEXCACHE_SIZE + 1, sizeof *c->lexcache);
	if (c->lexcache_mem) /* entries on cache lines of their own */
		c->lexcache = (lexcache_ent *)(void *)((char *)c->lexcache_mem +
		              ((64 - (uintptr_t)c->lexcache_mem % 64) % 64));
	c->tok_ids = tides_calloc((size_t)CODER_MAX_TOKENS * CODER_TOK_IDS, sizeof *c->tok_ids);
	c->lexroot1 = tides_calloc(LEXCACHE_SIZE, sizeof *c->lexroot1);
	if (!c->tok || !c->seen || !c->seen_list || !c->cand || !c->lexcache ||
	    !c->tok_ids || !c->lexroot1 ||
	    (c->d = d, coder_match_alloc(c) < 0)) {
		coder_match_free(c);
		tides_free(c->tok);
		tides_free(c->seen);
		tides_free(c->seen_list);
		tides_free(c->cand);
		tides_free(c->lexcache_mem);
		tides_free(c->tok_ids);
		tides_free(c->lexroot1);
		tides_free(c);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	c->ctx = ctx;
	c->d = d;
	if (d->ncapname && capname_words(c) < 0) {
		tides_coder_free(c);
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	}
	c->debug = getenv("TIDES_CODER_DEBUG") != NULL;
	c->opt = d->opt;
	c->quad = TIDES_QUAD_GDELT;
	*out = c;
	return TIDES_OK;
}

void tides_coder_free(tides_coder *c)
{
	if (!c)
		return;
	tides_free(c->tok);
	tides_free(c->seen);
	tides_free(c->seen_list);
	tides_free(c->cand);
	tides_free(c->lexcache_mem);
	tides_free(c->tok_ids);
	tides_free(c->lexroot1);
	tides_free(c->capword);
	tides_free(c->captitled);
	coder_match_free(c);
	tides_free(c->text);
	tides_free(c->out);
	zh_hook_free(c->zh);
	tides_free(c);
}

static int parse_int(const char *v, int *out)
{
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v || *end || x < -1000000 || x > 1000000)
		return -1;
	*out = (int)x;
	return 0;
}

static int parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE") ||
	    !strcmp(v, "yes"))
		*out = 1;
	else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "False") ||
	         !strcmp(v, "FALSE") || !strcmp(v, "no"))
		*out = 0;
	else
		return -1;
	return 0;
}

tides_status tides_coder_set_option(tides_coder *c, const char *name, const char *value)
{
	dict_options *o = &c->opt;
	int *ip = NULL, r;
	/* the roots remembered per word were found under the old options */
	if (c->lexcache) {
		uint32_t i;
		for (i = 0; i < LEXCACHE_SIZE; i++)
			c->lexcache[i].root = LROOT_UNKNOWN;
	}
	memset(c->lexroot1, 0, LEXCACHE_SIZE * sizeof *c->lexroot1);
	if (!strcmp(name, "quad")) {
		if (!strcmp(value, "gdelt"))
			c->quad = TIDES_QUAD_GDELT;
		else if (!strcmp(value, "icews"))
			c->quad = TIDES_QUAD_ICEWS;
		else
			return tides_fail(c->ctx, TIDES_ERR_USAGE, "bad value '%s' for quad", value);
		return TIDES_OK;
	}
	if (!strcmp(name, "tabari")) {
		if (dict_tabari_option(o, value) < 0)
			return tides_fail(c->ctx, TIDES_ERR_USAGE, "bad TABARI option '%s'", value);
		return TIDES_OK;
	}
	if (!strcmp(name, "locative")) {
		if (parse_bool(value, &o->locative) < 0)
			return tides_fail(c->ctx, TIDES_ERR_USAGE, "bad value '%s' for %s", value, name);
		return TIDES_OK;
	}
	if (!strcmp(name, "subject_first")) {
		if (parse_bool(value, &o->subject_first) < 0)
			return tides_fail(c->ctx, TIDES_ERR_USAGE, "bad value '%s' for %s", value, name);
		return TIDES_OK;
	}
	if (!strcmp(name, "require_dyad")) {
		if (parse_bool(value, &o->require_dyad) < 0)
			return tides_fail(c->ctx, TIDES_ERR_USAGE, "bad value '%s' for %s", value, name);
		return TIDES_OK;
	}
	if (!strcmp(name, "new_actor_length")) ip = &o->new_actor_length;
	else if (!strcmp(name, "comma_min")) ip = &o->comma_min;
	else if (!strcmp(name, "comma_max")) ip = &o->comma_max;
	else if (!strcmp(name, "comma_bmin")) ip = &o->comma_bmin;
	else if (!strcmp(name, "comma_bmax")) ip = &o->comma_bmax;
	else if (!strcmp(name, "comma_emin")) ip = &o->comma_emin;
	else if (!strcmp(name, "comma_emax")) ip = &o->comma_emax;
	else if (!strcmp(name, "min_words")) ip = &o->min_words;
	if (!ip)
		return tides_fail(c->ctx, TIDES_ERR_USAGE, "unknown coder option '%s'", name);
	r = parse_int(value, ip);
	if (r < 0)
		return tides_fail(c->ctx, TIDES_ERR_USAGE, "bad value '%s' for %s", value, name);
	return TIDES_OK;
}

static int32_t date_num(const char *iso)
{
	int32_t v = 0;
	int i, n = 0;
	for (i = 0; iso[i] && n < 8; i++)
		if (iso[i] >= '0' && iso[i] <= '9') {
			v = v * 10 + (iso[i] - '0');
			n++;
		}
	return n == 8 ? v : 0;
}

/* date_num() of the last date string seen: every sentence of a story,
 * and often every story of a file, has the same date */
static int32_t date_num_memo(tides_coder *c, const char *iso)
{
	size_t n = strlen(iso);
	if (n < sizeof c->dmemo_s && n == c->dmemo_n && memcmp(iso, c->dmemo_s, n) == 0)
		return c->dmemo_v;
	c->dmemo_v = date_num(iso);
	if (n < sizeof c->dmemo_s) {
		memcpy(c->dmemo_s, iso, n + 1);
		c->dmemo_n = n;
	}
	return c->dmemo_v;
}

static void shifted_date(const char *iso, int32_t shift, char out[11])
{
	int32_t day = shift ? tides_date_parse_iso(iso, strlen(iso)) : TIDES_DATE_NONE;
	if (!shift || day == TIDES_DATE_NONE) {
		coder_copy_str(out, iso, 11);
		return;
	}
	tides_date_format(day + shift, out);
}

static void coder_dump(const tides_coder *c)
{
	static const char *wn[] = {"-", "ACTOR", "AGENT", "VERB", "TIME", "DET", "NOUN", "ADJ",
	                           "AUX", "BY", "COMMA", "PRON", "CONJ", "PREP", "NUM", "NULLTAG",
	                           "QUOTE"};
	int t;
	for (t = 0; t < c->ntok; t++) {
		const ctok *k = &c->tok[t];
		fprintf(stderr, "%3d %-14.*s %-6s%s%s%s%s%s%s ref=%d\n", t, (int)k->len, k->s,
		        wn[k->wtype < W_NWTYPES ? k->wtype : 0], k->htag ? " H" : "",
		        k->ttag ? " T" : "", k->chead ? " <C" : "", k->ctail ? " C>" : "",
		        k->shead ? " <S" : "", k->stail ? " S>" : "", k->ref);
	}
	for (t = 0; t < c->nclauses; t++)
		fprintf(stderr, "clause %d..%d\n", c->cstart[t], c->cend[t]);
}

/* Remembers the first actor of the sentence for pronouns of the next one. */
static void remember_forward(tides_coder *c)
{
	int t;
	c->fwd_has = 0;
	for (t = 0; t < c->ntok; t++)
		if (c->tok[t].wtype == W_ACTOR && c->tok[t].htag && !c->tok[t].pron &&
		    c->tok[t].entry != UINT32_MAX) {
			c->fwd_actor.where = (int32_t)c->tok[t].entry;
			c->fwd_has = 1;
			return;
		}
}

static int code_sentence(tides_coder *c, const tides_sentence *s, const char *date_iso)
{
	char date[11], zhdate[11];
	int st;
	const char *text = s->text;
	size_t len = s->len;
	/* zh hook: a Chinese sentence is coded from its segmented tokens and
	 * dated by its own date expression (src/text/zh-coder.c) */
	c->lang_zh = zh_hook_wants(c->ctx, s);
	if (c->lang_zh) {
		if (!c->zh && zh_hook_new(c->ctx, c->d, &c->zh) != TIDES_OK)
			return -1;
		if (zh_hook_sentence(c->zh, s, date_iso, &text, &len, zhdate) != TIDES_OK)
			return -1;
		date_iso = zhdate;
		c->date = date_num(zhdate); /* dated actor codes follow the stated date */
	}
	c->orig = text;
	c->nev = 0;
	c->complex = c->discard = c->tooshort = 0;
	c->shift = 0;
	if (coder_lex(c, text, len) < 0)
		return -1;
	if (c->opt.forward && c->fwd_has) {
		ctok *f = &c->tok[c->ntok + 1];
		memset(f, 0, sizeof *f);
		f->s = "";
		f->wtype = W_ACTOR;
		f->htag = f->ttag = 1;
		f->entry = (uint32_t)c->fwd_actor.where;
		f->ref = -1;
		f->rhead = c->ntok + 1;
		f->rtail = c->ntok + 1;
	} else {
		c->fwd_has = 0;
	}
	if (c->ntok < (c->opt.min_words > 0 ? c->opt.min_words : 1)) {
		c->last_status = CS_SHORT;
		return 0;
	}
	coder_parse(c);
	if (c->debug)
		coder_dump(c);
	if (c->opt.time_shift)
		check_time(c);
	if (c->discard) {
		c->last_status = CS_DISCARD;
		return 0;
	}
	if (c->complex) {
		c->last_status = CS_COMPLEX;
		return 0;
	}
	check_verbs(c);
	if (c->opt.forward)
		remember_forward(c);
	st = c->nev ? evaluate_events(c) : CS_NOEVENT;
	c->last_status = st;
	if (st != CS_OK)
		return 0;
	shifted_date(date_iso, c->shift, date);
	if (coder_emit(c, s, date) < 0)
		return -1;
	return 0;
}

tides_status tides_coder_code_story(tides_coder *c, const tides_story *st,
                                    const tides_event **events, size_t *nevents)
{
	size_t i;
	const char *date = st->date ? st->date : "";
	char iso[11];
	/* TABARI-style story dates (YYMMDD: YY <= 30 is 20YY; or YYYYMMDD)
	 * become YYYY-MM-DD */
	if (!strchr(date, '-')) {
		int32_t v = dict_parse_date(date, strlen(date));
		if (v > 0) {
			snprintf(iso, sizeof iso, "%04d-%02d-%02d", (int)(v / 10000) % 10000,
			         (int)(v / 100 % 100), (int)(v % 100));
			date = iso;
		}
	}
	c->nout = 0;
	c->fwd_has = 0;
	c->ncapfull = 0;
	c->date = date_num_memo(c, date);
	c->story_status = CS_NOEVENT;
	zh_hook_story(c->zh); /* zh hook */
	for (i = 0; i < st->nsent; i++) {
		const tides_sentence *s = &st->sent[i];
		/* a sentence that states its own date ("In April 1993, ...") is
		 * coded as of that date, dated actor codes included */
		c->date = date_num_memo(c, s->date && s->date[0] ? s->date : date);
		if (code_sentence(c, s, s->date && s->date[0] ? s->date : date) < 0)
			return tides_fail(c->ctx, TIDES_ERR_NOMEM, "out of memory");
		if (i < 64)
			c->sent_status[i] = c->last_status;
		if (c->last_status == CS_DISCARD)
			c->story_status = CS_DISCARD;
		else if (c->story_status != CS_DISCARD &&
		         (c->last_status == CS_OK || c->story_status == CS_NOEVENT))
			c->story_status = c->last_status;
	}
	if (c->story_status == CS_DISCARD)
		c->nout = 0;
	*events = c->out;
	*nevents = c->nout;
	return TIDES_OK;
}

static int status_public(int st)
{
	switch (st) {
	case CS_OK: return TIDES_CODED;
	case CS_COMPLEX: return TIDES_CODED_COMPLEX;
	case CS_DISCARD: return TIDES_CODED_DISCARD;
	case CS_SHORT: return TIDES_CODED_SHORT;
	default: return TIDES_CODED_NONE;
	}
}

int tides_coder_story_status(const tides_coder *c)
{
	return status_public(c->story_status);
}

int tides_coder_sentence_status(const tides_coder *c, size_t i)
{
	return i < 64 ? status_public(c->sent_status[i]) : TIDES_CODED_NONE;
}
