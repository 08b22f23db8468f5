/*
 * dict.c — the shared dictionary structures: interning, growth of the
 * arrays, code parsing, and the head-word index built by dict_finish().
 *
 * Every array is a plain growable vector (pointer, count, capacity) so the
 * loaders append in file order and the index refers to entries by number.
 * Words are interned into an open-addressing table of word ids; the index
 * maps the id of an entry's first word to the list of entries starting with
 * it.  Because TABARI words may be stems ("RESTOR" matches "RESTORE"), the
 * matcher probes every prefix of a token, so lookups stay hash lookups and
 * no per-sentence allocation is needed.  dict_finish() also builds the
 * coder's shortcuts: the root index without discard/issue entries and with
 * a key word per phrase (dict_rootix), verb patterns filed by word with a
 * bloom filter per verb, and the prefix table; for head words with many
 * roots, the roots filed by the word that must follow the head (or by
 * their key word when gaps are allowed: dict_rxkey), so a token looks up
 * its neighbour's words instead of scanning hundreds of roots.
 */
#include "coder/dict.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/dict-petr.h"
#include "util/buf.h"
#include "util/ctx.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/path.h"
#include "util/banned.h"

#define GROW(d, arr, n, c)                                                          \
	((d)->n < (d)->c ? 0 : dict_grow_((void **)&(d)->arr, &(d)->c, sizeof *(d)->arr))

static int dict_grow_(void **p, uint32_t *cap, size_t elsize)
{
	uint32_t nc = *cap ? *cap * 2 : 16;
	void *q;
	if (nc < *cap || (size_t)nc > (size_t)-1 / elsize)
		return -1;
	q = tides_realloc(*p, (size_t)nc * elsize);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

void dict_options_default(dict_options *o)
{
	memset(o, 0, sizeof *o);
	o->min_words = 0;
	o->comma_min = 2;
	o->comma_max = 10;
	o->comma_emin = 2;
	o->comma_emax = 10;
	o->comma_bmin = 255;
	o->comma_bmax = 0;
	o->new_actor_length = 0;
	o->require_dyad = 1;
}

tides_dicts *dict_new(void)
{
	tides_dicts *d = tides_calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->wtab_cap = 1024;
	d->wtab = tides_calloc(d->wtab_cap, sizeof *d->wtab);
	d->cwords = 256;
	d->words = tides_calloc(d->cwords, sizeof *d->words);
	if (!d->wtab || !d->words) {
		tides_free(d->wtab);
		tides_free(d->words);
		tides_free(d);
		return NULL;
	}
	d->nwords = 1; /* id 0 = none */
	d->neg_synset = UINT32_MAX;
	dict_options_default(&d->opt);
	return d;
}

void tides_dicts_free(tides_dicts *d)
{
	uint32_t i;
	if (!d)
		return;
	for (i = 1; i < d->nwords; i++)
		tides_free(d->words[i]);
	for (i = 0; i < d->nfiles; i++)
		tides_free(d->files[i]);
	tides_free(d->words);
	tides_free(d->wtab);
	tides_free(d->elems);
	tides_free(d->members);
	tides_free(d->synsets);
	tides_free(d->alts);
	tides_free(d->pats);
	tides_free(d->verb_pats);
	tides_free(d->verb_forms);
	tides_free(d->verbs);
	tides_free(d->codes);
	tides_free(d->actors);
	tides_free(d->agents);
	tides_free(d->discards);
	tides_free(d->issues);
	tides_free(d->entries);
	tides_free(d->files);
	tides_free(d->ix_head);
	tides_free(d->ix_count);
	tides_free(d->ix_list);
	tides_free(d->rx_off);
	tides_free(d->rx);
	tides_free(d->rxk_at);
	tides_free(d->rxk);
	tides_free(d->rxk_slot);
	tides_free(d->rxk_pos);
	tides_free(d->rx_single);
	tides_free(d->rxm_off);
	tides_free(d->rxm_pos);
	tides_free(d->rx1_off);
	tides_free(d->rx1_pos);
	tides_free(d->wroot);
	tides_free(d->word_is_stem);
	tides_free(d->wlen);
	tides_free(d->req);
	tides_free(d->psyn);
	tides_free(d->pfx_hash);
	tides_free(d->pfx_word);
	tides_free(d->vkeys);
	tides_free(d->valways);
	tides_free(d->vbloom);
	tides_free(d);
}

static uint32_t dict_hash(const char *w, size_t n)
{
	uint64_t h = tides_hash64(TIDES_FNV_OFFSET, w, n);
	return (uint32_t)(h ^ (h >> 32));
}

uint32_t dict_lookup_word(const tides_dicts *d, const char *w, size_t n)
{
	uint32_t mask = d->wtab_cap - 1, i = dict_hash(w, n) & mask, id;
	while ((id = d->wtab[i]) != 0) {
		const char *s = d->words[id];
		if (strncmp(s, w, n) == 0 && s[n] == '\0')
			return id;
		i = (i + 1) & mask;
	}
	return 0;
}

void dict_prefixes(const tides_dicts *d, const char *w, size_t n,
                   void (*fn)(void *arg, uint32_t id, size_t len), void *arg)
{
	uint64_t h = TIDES_FNV_OFFSET;
	uint32_t mask = d->wtab_cap - 1;
	size_t k;
	if (n > DICT_PREFIX_MAX)
		n = DICT_PREFIX_MAX;
	for (k = 0; k < n; k++) {
		uint32_t i, id;
		h = (h ^ (unsigned char)w[k]) * 0x100000001b3ULL;
		if (d->pfx_hash) {
			uint64_t key = h ? h : 1;
			uint32_t pm = d->pfx_cap - 1;
			i = (uint32_t)(key ^ (key >> 29)) & pm;
			while (d->pfx_hash[i] && d->pfx_hash[i] != key)
				i = (i + 1) & pm;
			if (!d->pfx_hash[i])
				return; /* no word begins with w[0..k] */
			id = d->pfx_word[i];
			if (id && d->wlen[id] == k + 1 && memcmp(d->words[id], w, k + 1) == 0)
				fn(arg, id, k + 1);
			continue;
		}
		i = (uint32_t)(h ^ (h >> 32)) & mask;
		while ((id = d->wtab[i]) != 0) {
			const char *s = d->words[id];
			if ((d->wlen ? d->wlen[id] == k + 1 : s[k + 1] == '\0') &&
			    memcmp(s, w, k + 1) == 0 && s[k + 1] == '\0') {
				fn(arg, id, k + 1);
				break;
			}
			i = (i + 1) & mask;
		}
	}
}

static int vkey_cmp(const void *a, const void *b)
{
	const dict_vkey *x = a, *y = b;
	if (x->word != y->word)
		return x->word < y->word ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Files the patterns of verbs with many of them under their longest word,
 * so the coder only tries the patterns whose word the sentence holds. */
#define DICT_VKEY_MIN 24
static int dict_build_vkeys(tides_dicts *d)
{
	uint32_t i, nk = 0, na = 0, nb = 0;
	tides_free(d->vkeys);
	tides_free(d->valways);
	tides_free(d->vbloom);
	d->vkeys = NULL;
	d->valways = NULL;
	d->vbloom = NULL;
	d->nvkeys = d->nvalways = 0;
	d->max_npat = 0;
	for (i = 0; i < d->nverbs; i++)
		if (d->verbs[i].npat > d->max_npat)
			d->max_npat = d->verbs[i].npat;
	for (i = 0; i < d->nverbs; i++)
		if (d->verbs[i].npat >= DICT_VKEY_MIN)
			nk += d->verbs[i].npat;
	d->vkeys = tides_calloc(nk ? nk : 1, sizeof *d->vkeys);
	d->valways = tides_calloc(nk ? nk : 1, sizeof *d->valways);
	for (i = 0; i < d->nverbs; i++)
		if (d->verbs[i].npat >= DICT_VKEY_MIN)
			nb += (1u << dict_vbloom_size(d->verbs[i].npat)) / 64;
	d->vbloom = tides_calloc(nb ? nb : 1, sizeof *d->vbloom);
	nb = 0;
	if (!d->vkeys || !d->valways || !d->vbloom)
		return -1;
	nk = 0;
	for (i = 0; i < d->nverbs; i++) {
		dict_verb *v = &d->verbs[i];
		uint32_t k;
		v->key_first = nk;
		v->always_first = na;
		v->nkey = v->nalways = 0;
		if (v->npat < DICT_VKEY_MIN)
			continue;
		for (k = 0; k < v->npat; k++) {
			const dict_pattern *p = &d->pats[d->verb_pats[v->pat_first + k]];
			uint32_t r, best = 0;
			for (r = 0; r < p->nreq; r++) {
				uint32_t w = d->req[p->req_first + r];
				if (!best || d->wlen[w] > d->wlen[best])
					best = w;
			}
			if (best) {
				d->vkeys[nk].word = best;
				d->vkeys[nk].pos = k;
				nk++;
				v->nkey++;
			} else {
				d->valways[na++] = k;
				v->nalways++;
			}
		}
		qsort(d->vkeys + v->key_first, v->nkey, sizeof *d->vkeys, vkey_cmp);
		v->bloom = nb;
		v->bloom_bits = dict_vbloom_size(v->npat);
		nb += (1u << v->bloom_bits) / 64;
		for (k = 0; k < v->nkey; k++) {
			uint32_t bit = dict_vbloom_bit(d->vkeys[v->key_first + k].word, v->bloom_bits);
			d->vbloom[v->bloom + bit / 64] |= (uint64_t)1 << (bit % 64);
		}
	}
	d->nvkeys = nk;
	d->nvalways = na;
	return 0;
}

/* (key, rx position) pairs, sorted by key then position */
static int rxpair_cmp(const void *a, const void *b)
{
	const dict_rootix *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The second word of entry ei when it must be the token right after the
 * head (dict_rxkey), else 0. */
static uint32_t rx_next_word(const tides_dicts *d, uint32_t ei)
{
	const dict_entry *e = &d->entries[ei];
	const dict_elem *el = &d->elems[e->ph.first];
	if (e->ph.n < 2 || el[0].kind != DICT_EL_WORD || !(el[0].flags & DICT_EF_NEXT) ||
	    el[1].kind != DICT_EL_WORD || d->wlen[el[1].ref] > DICT_PREFIX_MAX)
		return 0;
	return el[1].ref;
}

/* Files pairs[0..n) (key, rx position; sorted here) into the table of
 * cap slots at d->rxk_slot + slot, their positions at d->rxk_pos + pos. */
static void rxk_file(tides_dicts *d, dict_rootix *pairs, uint32_t n, uint32_t slot, uint32_t cap,
                     uint32_t pos)
{
	uint32_t j;
	qsort(pairs, n, sizeof *pairs, rxpair_cmp);
	for (j = 0; j < n; j++)
		d->rxk_pos[pos + j] = pairs[j].entry;
	for (j = 0; j < n;) {
		uint32_t key = pairs[j].key, e = j, i;
		while (e < n && pairs[e].key == key)
			e++;
		i = dict_rxk_slot(key, cap - 1);
		while (d->rxk_slot[slot + i].key)
			i = (i + 1) & (cap - 1);
		d->rxk_slot[slot + i].key = key;
		d->rxk_slot[slot + i].first = pos + j;
		d->rxk_slot[slot + i].n = e - j;
		j = e;
	}
}

static uint32_t rxk_cap(uint32_t n)
{
	uint32_t cap = 4;
	while (cap < n * 2)
		cap *= 2;
	return cap;
}

/* The tables of dict_rxkey, for words heading at least DICT_RXKEY_MIN
 * roots filed by their second word or DICT_RXKEY_GAPMIN others with a
 * key word. */
static int dict_build_rxkeys(tides_dicts *d)
{
	uint32_t w, nk = 0, nslot = 0, npos = 0, most = 1;
	dict_rootix *pairs;
	tides_free(d->rxk_at);
	tides_free(d->rxk);
	tides_free(d->rxk_slot);
	tides_free(d->rxk_pos);
	d->rxk = NULL;
	d->rxk_slot = NULL;
	d->rxk_pos = NULL;
	d->nrxk = 0;
	d->rxk_at = tides_malloc(((size_t)d->nwords + 1) * sizeof *d->rxk_at);
	if (!d->rxk_at)
		return -1;
	d->rxk_at[d->nwords] = UINT32_MAX;
	for (w = 0; w < d->nwords; w++) {
		uint32_t j, filed = 0, gkeyed = 0, n = d->rx_off[w + 1] - d->rx_off[w];
		d->rxk_at[w] = UINT32_MAX;
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++) {
			if (rx_next_word(d, d->rx[j].entry))
				filed++;
			else if (d->rx[j].key)
				gkeyed++;
		}
		if (filed < DICT_RXKEY_MIN && gkeyed < DICT_RXKEY_GAPMIN)
			continue;
		d->rxk_at[w] = nk++;
		if (n > most)
			most = n;
		nslot += rxk_cap(filed) + rxk_cap(gkeyed);
		npos += 2 * n;
	}
	d->rxk = tides_calloc(nk ? nk : 1, sizeof *d->rxk);
	d->rxk_slot = tides_calloc(nslot ? nslot : 1, sizeof *d->rxk_slot);
	d->rxk_pos = tides_calloc(npos ? npos : 1, sizeof *d->rxk_pos);
	pairs = tides_malloc((size_t)most * sizeof *pairs);
	if (!d->rxk || !d->rxk_slot || !d->rxk_pos || !pairs) {
		tides_free(pairs);
		return -1;
	}
	d->nrxk = nk;
	nslot = npos = 0;
	for (w = 0; w < d->nwords; w++) {
		dict_rxkey *x;
		uint32_t j, n = 0, cap;
		if (d->rxk_at[w] == UINT32_MAX)
			continue;
		x = &d->rxk[d->rxk_at[w]];
		/* the other roots, in rx order; the keyless ones among them */
		x->free_first = npos;
		x->nfree = 0;
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++)
			if (!rx_next_word(d, d->rx[j].entry))
				d->rxk_pos[npos + x->nfree++] = j;
		npos += x->nfree;
		x->gfree_first = npos;
		x->ngfree = 0;
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++)
			if (!rx_next_word(d, d->rx[j].entry) && !d->rx[j].key)
				d->rxk_pos[npos + x->ngfree++] = j;
		npos += x->ngfree;
		/* filed by the second word */
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++) {
			uint32_t key = rx_next_word(d, d->rx[j].entry);
			if (key) {
				pairs[n].key = key;
				pairs[n++].entry = j; /* here: the rx position */
			}
		}
		x->slot_first = nslot;
		x->mask = 0;
		cap = rxk_cap(n);
		if (n) {
			x->mask = cap - 1;
			rxk_file(d, pairs, n, nslot, cap, npos);
		}
		npos += n;
		nslot += cap;
		/* the others with a key word, filed by it */
		n = 0;
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++)
			if (!rx_next_word(d, d->rx[j].entry) && d->rx[j].key) {
				pairs[n].key = d->rx[j].key;
				pairs[n++].entry = j;
			}
		x->gslot_first = nslot;
		x->gmask = 0;
		x->gkeyed = n;
		cap = rxk_cap(n);
		if (n >= DICT_RXKEY_GAPMIN) {
			x->gmask = cap - 1;
			rxk_file(d, pairs, n, nslot, cap, npos);
		}
		npos += n;
		nslot += cap;
	}
	tides_free(pairs);
	return 0;
}

/* The lists of roots of several words (rxm_off, rxm_pos; dict_rxkey
 * mfree, mgfree), in rx order: make_roots tries only those for a token
 * whose best one-word root it remembers. */
static int dict_build_multi(tides_dicts *d)
{
	uint32_t w, j, n = 0, k, n1 = 0;
	tides_free(d->rxm_off);
	tides_free(d->rxm_pos);
	tides_free(d->rx1_off);
	tides_free(d->rx1_pos);
	d->rxm_off = tides_calloc((size_t)d->nwords + 1, sizeof *d->rxm_off);
	d->rxm_pos = tides_calloc((size_t)d->rx_off[d->nwords] * 3 + 1, sizeof *d->rxm_pos);
	d->rx1_off = tides_calloc((size_t)d->nwords + 1, sizeof *d->rx1_off);
	d->rx1_pos = tides_calloc((size_t)d->rx_off[d->nwords] + 1, sizeof *d->rx1_pos);
	if (!d->rxm_off || !d->rxm_pos || !d->rx1_off || !d->rx1_pos)
		return -1;
	for (w = 0; w < d->nwords; w++) {
		d->rxm_off[w] = n;
		d->rx1_off[w] = n1;
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++) {
			if (d->entries[d->rx[j].entry].ph.n > 1)
				d->rxm_pos[n++] = j;
			else
				d->rx1_pos[n1++] = j;
		}
	}
	d->rxm_off[d->nwords] = n;
	d->rx1_off[d->nwords] = n1;
	for (k = 0; k < d->nrxk; k++) {
		dict_rxkey *x = &d->rxk[k];
		x->mfree_first = n;
		for (j = 0; j < x->nfree; j++)
			if (d->entries[d->rx[d->rxk_pos[x->free_first + j]].entry].ph.n > 1)
				d->rxm_pos[n++] = d->rxk_pos[x->free_first + j];
		x->nmfree = n - x->mfree_first;
		x->mgfree_first = n;
		for (j = 0; j < x->ngfree; j++)
			if (d->entries[d->rx[d->rxk_pos[x->gfree_first + j]].entry].ph.n > 1)
				d->rxm_pos[n++] = d->rxk_pos[x->gfree_first + j];
		x->nmgfree = n - x->mgfree_first;
	}
	return 0;
}

/* The root index (see dict_rootix): per head word, in ix_list order. */
static int dict_build_rootix(tides_dicts *d)
{
	uint32_t w, j, n = 0;
	tides_free(d->rx_off);
	tides_free(d->rx);
	d->rx_off = tides_calloc((size_t)d->nwords + 1, sizeof *d->rx_off);
	d->rx = tides_calloc(d->nentries ? d->nentries : 1, sizeof *d->rx);
	if (!d->rx_off || !d->rx)
		return -1;
	for (w = 0; w < d->nwords; w++) {
		d->rx_off[w] = n;
		for (j = 0; j < d->ix_count[w]; j++) {
			uint32_t ei = d->ix_list[d->ix_head[w] + j], k, key = 0;
			const dict_entry *e = &d->entries[ei];
			if (e->ph.n > 64 || e->kind == DICT_K_ISSUE || e->kind == DICT_K_DISCARD)
				continue;
			for (k = 1; k < e->ph.n; k++) {
				const dict_elem *el = &d->elems[e->ph.first + k];
				if (el->kind == DICT_EL_WORD && (!key || d->wlen[el->ref] > d->wlen[key]))
					key = el->ref;
			}
			d->rx[n].entry = ei;
			d->rx[n].key = key;
			n++;
		}
	}
	d->rx_off[d->nwords] = n;
	tides_free(d->rx_single);
	d->rx_single = tides_malloc((size_t)d->nwords + 1);
	if (!d->rx_single)
		return -1;
	for (w = 0; w < d->nwords; w++) {
		d->rx_single[w] = 1;
		for (j = d->rx_off[w]; j < d->rx_off[w + 1]; j++)
			if (d->entries[d->rx[j].entry].ph.n != 1 || d->rx[j].key)
				d->rx_single[w] = 0;
	}
	if (dict_build_rxkeys(d) < 0)
		return -1;
	return dict_build_multi(d);
}

/* Builds the prefix table: every prefix (up to 64 bytes) of every word. */
static int dict_build_prefixes(tides_dicts *d)
{
	uint64_t total = 0;
	uint32_t i, cap = 16;
	tides_free(d->pfx_hash);
	tides_free(d->pfx_word);
	d->pfx_hash = NULL;
	d->pfx_word = NULL;
	for (i = 1; i < d->nwords; i++)
		total += d->wlen[i] < 64 ? d->wlen[i] : 64;
	while (cap < total * 2 + 16)
		cap *= 2;
	d->pfx_hash = tides_calloc(cap, sizeof *d->pfx_hash);
	d->pfx_word = tides_calloc(cap, sizeof *d->pfx_word);
	if (!d->pfx_hash || !d->pfx_word)
		return -1;
	d->pfx_cap = cap;
	for (i = 1; i < d->nwords; i++) {
		const char *w = d->words[i];
		uint32_t n = d->wlen[i] < 64 ? d->wlen[i] : 64, k;
		uint64_t h = TIDES_FNV_OFFSET;
		for (k = 0; k < n; k++) {
			uint64_t key;
			uint32_t j;
			h = (h ^ (unsigned char)w[k]) * 0x100000001b3ULL;
			key = h ? h : 1;
			j = (uint32_t)(key ^ (key >> 29)) & (cap - 1);
			while (d->pfx_hash[j] && d->pfx_hash[j] != key)
				j = (j + 1) & (cap - 1);
			d->pfx_hash[j] = key;
			if (k + 1 == d->wlen[i])
				d->pfx_word[j] = i;
		}
	}
	return 0;
}

static int dict_rehash(tides_dicts *d)
{
	uint32_t ncap = d->wtab_cap * 2, i, *t;
	t = tides_calloc(ncap, sizeof *t);
	if (!t)
		return -1;
	for (i = 1; i < d->nwords; i++) {
		uint32_t j = dict_hash(d->words[i], strlen(d->words[i])) & (ncap - 1);
		while (t[j])
			j = (j + 1) & (ncap - 1);
		t[j] = i;
	}
	tides_free(d->wtab);
	d->wtab = t;
	d->wtab_cap = ncap;
	return 0;
}

uint32_t dict_intern(tides_dicts *d, const char *w, size_t n)
{
	uint32_t id = dict_lookup_word(d, w, n), i;
	char *s;
	if (id)
		return id;
	if ((d->nwords + 1) * 2 > d->wtab_cap && dict_rehash(d) < 0)
		return 0;
	if (GROW(d, words, nwords, cwords) < 0)
		return 0;
	s = tides_strndup(w, n);
	if (!s)
		return 0;
	id = d->nwords++;
	d->words[id] = s;
	i = dict_hash(w, n) & (d->wtab_cap - 1);
	while (d->wtab[i])
		i = (i + 1) & (d->wtab_cap - 1);
	d->wtab[i] = id;
	return id;
}

uint32_t dict_add_file(tides_dicts *d, const char *path)
{
	char *s;
	if (GROW(d, files, nfiles, cfiles) < 0)
		return UINT32_MAX;
	s = tides_strdup(path);
	if (!s)
		return UINT32_MAX;
	d->files[d->nfiles] = s;
	return d->nfiles++;
}

uint32_t dict_add_elems(tides_dicts *d, const dict_elem *e, uint32_t n)
{
	uint32_t first = d->nelems, i;
	for (i = 0; i < n; i++) {
		if (GROW(d, elems, nelems, celems) < 0)
			return UINT32_MAX;
		d->elems[d->nelems++] = e[i];
	}
	return first;
}

uint32_t dict_add_member(tides_dicts *d, dict_phrase ph)
{
	if (GROW(d, members, nmembers, cmembers) < 0)
		return UINT32_MAX;
	d->members[d->nmembers] = ph;
	return d->nmembers++;
}

uint32_t dict_add_synset(tides_dicts *d, uint32_t name)
{
	if (GROW(d, synsets, nsynsets, csynsets) < 0)
		return UINT32_MAX;
	d->synsets[d->nsynsets].name = name;
	d->synsets[d->nsynsets].mem_first = 0;
	d->synsets[d->nsynsets].nmem = 0;
	return d->nsynsets++;
}

/* Members of one synset must be contiguous in d->members; loaders add a
 * synset's members before starting another list, and we check it. */
int dict_synset_add(tides_dicts *d, uint32_t synset, dict_phrase ph)
{
	dict_synset *s = &d->synsets[synset];
	uint32_t m;
	if (s->nmem && s->mem_first + s->nmem != d->nmembers)
		return -1;
	m = dict_add_member(d, ph);
	if (m == UINT32_MAX)
		return -1;
	s = &d->synsets[synset];
	if (!s->nmem)
		s->mem_first = m;
	s->nmem++;
	return 0;
}

uint32_t dict_find_synset(const tides_dicts *d, uint32_t name)
{
	uint32_t i;
	for (i = 0; i < d->nsynsets; i++)
		if (d->synsets[i].name == name)
			return i;
	return UINT32_MAX;
}

uint32_t dict_add_alt(tides_dicts *d, const dict_phrase *opts, uint32_t n)
{
	uint32_t i, first = d->nmembers;
	for (i = 0; i < n; i++)
		if (dict_add_member(d, opts[i]) == UINT32_MAX)
			return UINT32_MAX;
	if (GROW(d, alts, nalts, calts) < 0)
		return UINT32_MAX;
	d->alts[d->nalts].opt_first = first;
	d->alts[d->nalts].nopt = n;
	return d->nalts++;
}

uint32_t dict_add_verb(tides_dicts *d)
{
	if (GROW(d, verbs, nverbs, cverbs) < 0)
		return UINT32_MAX;
	memset(&d->verbs[d->nverbs], 0, sizeof d->verbs[0]);
	d->verbs[d->nverbs].deflt = UINT32_MAX;
	return d->nverbs++;
}

int dict_verb_add_form(tides_dicts *d, uint32_t verb, dict_phrase ph)
{
	(void)verb;
	if (GROW(d, verb_forms, nverb_forms, cverb_forms) < 0)
		return -1;
	d->verb_forms[d->nverb_forms++] = ph;
	return 0;
}

/* Parses one event code: "064", "032:033", "023?", "031!", "---", "###", "+++". */
static int dict_parse_code(dict_pattern *p, const char *code)
{
	char cbuf[2 * DICT_CODE_MAX + 2];
	const char *c = cbuf, *colon;
	size_t n = 0;
	for (; *code; code++)
		if (*code != ' ' && *code != '\t') {
			if (n >= sizeof cbuf - 1)
				return -1;
			cbuf[n++] = *code;
		}
	cbuf[n] = '\0';
	if (!n)
		return -1;
	if (c[n - 1] == '?') {
		p->flags |= DICT_PF_SUBORD;
		n--;
	} else if (c[n - 1] == '!') {
		p->flags |= DICT_PF_DOMINANT;
		n--;
	}
	colon = memchr(c, ':', n);
	if (colon) {
		size_t n1 = (size_t)(colon - c), n2 = n - n1 - 1;
		if (!n1 || !n2 || n1 >= DICT_CODE_MAX || n2 >= DICT_CODE_MAX)
			return -1;
		memcpy(p->code, c, n1);
		p->code[n1] = '\0';
		memcpy(p->code2, colon + 1, n2);
		p->code2[n2] = '\0';
		p->flags |= DICT_PF_PAIRED;
	} else {
		if (!n || n >= DICT_CODE_MAX)
			return -1;
		memcpy(p->code, c, n);
		p->code[n] = '\0';
	}
	if (strcmp(p->code, "---") == 0)
		p->flags |= DICT_PF_NULL;
	else if (strcmp(p->code, "###") == 0)
		p->flags |= DICT_PF_DISCARD;
	else if (strcmp(p->code, "+++") == 0)
		p->flags |= DICT_PF_COMPLEX;
	return 0;
}

uint32_t dict_pattern_length(const char *s, uint32_t *maxalt)
{
	uint32_t len = 0, alt = 0;
	while (*s) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '{') {
			uint32_t best = 0, cur = 0;
			s++;
			while (*s && *s != '}') {
				ch = (unsigned char)*s;
				if (ch == '|') {
					if (cur > best)
						best = cur;
					cur = 0;
				} else if (ch == '_' || ch == '\'' || isalnum(ch) || ch >= 0x80) {
					cur++;
				}
				s++;
			}
			if (cur > best)
				best = cur;
			alt += best;
			if (*s)
				s++;
			continue;
		}
		if (ch == '_' || ch == '\'' || isalnum(ch) || ch >= 0x80)
			len++;
		s++;
	}
	if (maxalt)
		*maxalt = alt;
	return len + alt;
}

int dict_verb_add_pattern(tides_dicts *d, uint32_t verb, dict_phrase ph, const char *code,
                          uint32_t len, uint32_t maxalt, int deflt, uint32_t file, uint32_t line)
{
	dict_pattern p;
	dict_verb *v;
	memset(&p, 0, sizeof p);
	p.ph = ph;
	p.verb = verb;
	p.len = len;
	p.maxalt = maxalt;
	p.file = file;
	p.line = line;
	if (dict_parse_code(&p, code) < 0)
		return -1;
	if (GROW(d, pats, npats, cpats) < 0)
		return -1;
	d->pats[d->npats] = p;
	v = &d->verbs[verb];
	if (deflt) {
		v->deflt = d->npats++;
		return 0;
	}
	/* A verb's patterns are contiguous in verb_pats: loaders add them right
	 * after the verb line.  Keep them sorted by descending len, stable. */
	if (v->npat && v->pat_first + v->npat != d->nverb_pats)
		return -1;
	if (GROW(d, verb_pats, nverb_pats, cverb_pats) < 0)
		return -1;
	{
		uint32_t *vp, i;
		if (!v->npat)
			v->pat_first = d->nverb_pats;
		vp = d->verb_pats + v->pat_first;
		i = v->npat;
		while (i > 0 && d->pats[vp[i - 1]].len < len) {
			vp[i] = vp[i - 1];
			i--;
		}
		vp[i] = d->npats;
		v->npat++;
		d->nverb_pats++;
	}
	d->npats++;
	return 0;
}

uint32_t dict_add_actor(tides_dicts *d, uint32_t flags)
{
	if (GROW(d, actors, nactors, cactors) < 0)
		return UINT32_MAX;
	d->actors[d->nactors].code_first = d->ncodes;
	d->actors[d->nactors].ncode = 0;
	d->actors[d->nactors].flags = flags;
	return d->nactors++;
}

int dict_actor_add_code(tides_dicts *d, uint32_t actor, const char *code, int32_t from, int32_t to)
{
	dict_actor *a = &d->actors[actor];
	dict_dated_code *c;
	if (a->ncode && a->code_first + a->ncode != d->ncodes)
		return -1;
	if (GROW(d, codes, ncodes, ccodes) < 0)
		return -1;
	a = &d->actors[actor];
	if (!a->ncode)
		a->code_first = d->ncodes;
	c = &d->codes[d->ncodes++];
	tides_strlcpy_utf8(c->code, code, sizeof c->code);
	c->from = from;
	c->to = to;
	a->ncode++;
	return 0;
}

uint32_t dict_add_agent(tides_dicts *d, const char *code)
{
	if (GROW(d, agents, nagents, cagents) < 0)
		return UINT32_MAX;
	tides_strlcpy_utf8(d->agents[d->nagents].code, code, sizeof d->agents[0].code);
	return d->nagents++;
}

uint32_t dict_add_discard(tides_dicts *d, const char *code)
{
	if (GROW(d, discards, ndiscards, cdiscards) < 0)
		return UINT32_MAX;
	tides_strlcpy_utf8(d->discards[d->ndiscards].code, code, sizeof d->discards[0].code);
	return d->ndiscards++;
}

uint32_t dict_add_issue(tides_dicts *d, const char *code, int numeric)
{
	if (GROW(d, issues, nissues, cissues) < 0)
		return UINT32_MAX;
	tides_strlcpy_utf8(d->issues[d->nissues].code, code, sizeof d->issues[0].code);
	d->issues[d->nissues].numeric = numeric;
	return d->nissues++;
}

int dict_add_entry(tides_dicts *d, uint8_t kind, uint32_t entry, uint32_t form, dict_phrase ph)
{
	dict_entry *e;
	if (!ph.n || d->elems[ph.first].kind != DICT_EL_WORD)
		return -1;
	if (GROW(d, entries, nentries, centries) < 0)
		return -1;
	e = &d->entries[d->nentries++];
	memset(e, 0, sizeof *e);
	e->ph = ph;
	e->kind = kind;
	e->entry = entry;
	e->form = form;
	e->nwords = ph.n;
	return 0;
}

/* The index lists entries per head word in insertion order (the order
 * TABARI breaks ties in). */
int dict_finish(tides_dicts *d)
{
	uint32_t i, n = d->nwords, pos = 0;
	tides_free(d->ix_head);
	tides_free(d->ix_count);
	tides_free(d->ix_list);
	tides_free(d->word_is_stem);
	tides_free(d->wlen);
	tides_free(d->req);
	d->req = NULL;
	d->nreq = 0;
	d->wlen = tides_calloc(n, sizeof *d->wlen);
	if (!d->wlen)
		return -1;
	for (i = 1; i < n; i++)
		d->wlen[i] = (uint32_t)strlen(d->words[i]);
	{
		uint32_t total = 0, nsyn = 0, k;
		for (i = 0; i < d->npats; i++)
			for (k = 0; k < d->pats[i].ph.n; k++) {
				total += d->elems[d->pats[i].ph.first + k].kind == DICT_EL_WORD;
				nsyn += d->elems[d->pats[i].ph.first + k].kind == DICT_EL_SYNSET;
			}
		tides_free(d->psyn);
		d->npsyn = 0;
		d->req = tides_calloc(total ? total : 1, sizeof *d->req);
		d->psyn = tides_calloc(nsyn ? nsyn : 1, sizeof *d->psyn);
		if (!d->req || !d->psyn)
			return -1;
		for (i = 0; i < d->npats; i++) {
			dict_pattern *p = &d->pats[i];
			p->req_first = d->nreq;
			p->nreq = 0;
			p->syn_first = d->npsyn;
			p->nsyn = 0;
			for (k = 0; k < p->ph.n; k++) {
				const dict_elem *e = &d->elems[p->ph.first + k];
				if (e->kind == DICT_EL_SYNSET) {
					d->psyn[d->npsyn++] = e->ref;
					p->nsyn++;
				}
				if (e->kind != DICT_EL_WORD)
					continue;
				d->req[d->nreq++] = e->ref;
				p->nreq++;
			}
		}
	}
	d->ix_head = tides_calloc(n, sizeof *d->ix_head);
	d->ix_count = tides_calloc(n, sizeof *d->ix_count);
	d->ix_list = tides_calloc(d->nentries ? d->nentries : 1, sizeof *d->ix_list);
	d->word_is_stem = tides_calloc(n, 1);
	if (!d->ix_head || !d->ix_count || !d->ix_list || !d->word_is_stem)
		return -1;
	for (i = 0; i < d->nentries; i++)
		d->ix_count[d->elems[d->entries[i].ph.first].ref]++;
	for (i = 0; i < n; i++) {
		d->ix_head[i] = pos;
		pos += d->ix_count[i];
		d->ix_count[i] = 0;
	}
	for (i = 0; i < d->nentries; i++) {
		uint32_t w = d->elems[d->entries[i].ph.first].ref;
		d->ix_list[d->ix_head[w] + d->ix_count[w]++] = i;
		d->word_is_stem[w] |= 1;
		/* petr: 2 = some entry headed by w can match a token longer than
		 * w (a stem head, or a one-word FORMS entry); token.c does not
		 * offer w as a root head for longer tokens otherwise */
		{
			const dict_elem *h = &d->elems[d->entries[i].ph.first];
			if (h->match == DICT_M_STEM || (h->match == DICT_M_FORMS && d->entries[i].ph.n == 1))
				d->word_is_stem[w] |= 2;
		}
	}
	d->ix_stem_maxlen = 0;
	for (i = 1; i < n; i++)
		if (d->word_is_stem[i]) {
			uint32_t l = (uint32_t)strlen(d->words[i]);
			if (l > d->ix_stem_maxlen)
				d->ix_stem_maxlen = l;
		}
	if (dict_build_prefixes(d) < 0 || dict_build_vkeys(d) < 0 || dict_build_rootix(d) < 0)
		return -1;
	tides_free(d->wroot);
	d->wroot = tides_calloc((size_t)n + 1, sizeof *d->wroot);
	if (!d->wroot)
		return -1;
	for (i = 0; i < n; i++) {
		d->wroot[i].first = d->rx_off[i];
		d->wroot[i].end = d->rx_off[i + 1];
		d->wroot[i].rxk = d->rxk_at[i];
		d->wroot[i].stem = d->word_is_stem[i] != 0;
		d->wroot[i].single = d->rx_single[i];
	}
	d->may_discard = d->ndiscards > 0;
	for (i = 0; i < d->nverbs && !d->may_discard; i++)
		if (d->verbs[i].deflt != UINT32_MAX && (d->pats[d->verbs[i].deflt].flags & DICT_PF_DISCARD))
			d->may_discard = 1;
	for (i = 0; i < d->ncodes && !d->may_discard; i++)
		if (strcmp(d->codes[i].code, "###") == 0)
			d->may_discard = 1;
	{
		/* the coder's negation test (coder.c) looks for this synset at every verb */
		static const char neg[] = "&NEGATION";
		uint32_t w = dict_lookup_word(d, neg, sizeof neg - 1);
		d->neg_synset = w ? dict_find_synset(d, w) : UINT32_MAX;
	}
	d->finished = 1;
	return 0;
}

int32_t dict_parse_date(const char *s, size_t n)
{
	long v = 0;
	size_t i;
	int y, m, dd;
	if (n != 6 && n != 8)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (n == 6) {
		y = (int)(v / 10000);
		y += y <= 30 ? 2000 : 1900;
		v = (long)y * 10000 + v % 10000;
	}
	y = (int)(v / 10000);
	m = (int)(v / 100 % 100);
	dd = (int)(v % 100);
	if (m < 1 || m > 12 || dd < 1 || dd > 31 || y < 1)
		return -1;
	return (int32_t)v;
}

/* ----------------------------------------------------------- loading */

/* Closed-class English words TABARI builds in: determiners (a verb after
 * one is a noun), auxiliaries and BY (passive voice), conjunctions (clauses;
 * AND/NOR also join compound actors), pronouns, prepositions (agent
 * attachment) and FORMER (elite agent). */
static int dict_add_builtins(tides_dicts *d)
{
	static const struct { const char *w; uint32_t type; } b[] = {
		{"A", 5}, {"AN", 5}, {"THE", 5},
		{"WAS", 8}, {"WERE", 8}, {"BEEN", 8},
		{"BY", 9},
		{"AND", 12 | 0x400}, {"NOR", 12 | 0x400}, {"BUT", 12}, {"OR", 12},
		{"HE", 11}, {"HIM", 11}, {"HIS", 11}, {"SHE", 11}, {"HER", 11}, {"IT", 11},
		{"THEY", 11 | 0x100}, {"THEM", 11 | 0x100}, {"THEIR", 11 | 0x100},
		{"OF", 13}, {"IN", 13}, {"AT", 13}, {"FROM", 13}, {"FOR", 13}, {"TO", 13},
		{"WITH", 13}, {"ON", 13},
		{"FORMER", 7 | 0x200},
	};
	size_t i;
	for (i = 0; i < sizeof b / sizeof b[0]; i++) {
		dict_elem e;
		dict_phrase ph;
		memset(&e, 0, sizeof e);
		e.kind = DICT_EL_WORD;
		e.match = DICT_M_EXACT;
		e.ref = dict_intern(d, b[i].w, strlen(b[i].w));
		if (!e.ref)
			return -1;
		ph.first = dict_add_elems(d, &e, 1);
		ph.n = 1;
		if (ph.first == UINT32_MAX || dict_add_entry(d, DICT_K_BUILTIN, b[i].type, 0, ph) < 0)
			return -1;
	}
	return 0;
}

typedef tides_status (*dict_loader)(tides_ctx *, tides_dicts *, const char *);

/* Loads each file of a comma-separated list, relative to dir. */
static tides_status dict_load_list(tides_ctx *ctx, tides_dicts *d, const char *dir,
                                   const char *list, dict_loader fn)
{
	const char *p = list;
	tides_buf path = TIDES_BUF_INIT;
	tides_status st = TIDES_OK;
	while (p && *p) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		while (n && *p == ' ') { p++; n--; }
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			tides_buf_reset(&path);
			/* a bare file name lives in DIR; a path with a '/' is
			 * taken as given (relative to the current directory) */
			if (dir && dir[0] && !memchr(p, '/', n)) {
				if (tides_buf_adds(&path, dir) < 0 || tides_buf_addc(&path, '/') < 0)
					st = TIDES_ERR_NOMEM;
			}
			if (st == TIDES_OK && tides_buf_add(&path, p, n) < 0)
				st = TIDES_ERR_NOMEM;
			if (st != TIDES_OK) {
				st = tides_fail(ctx, st, "out of memory");
				break;
			}
			st = fn(ctx, d, path.s);
			if (st != TIDES_OK)
				break;
		}
		p = q ? q + 1 : NULL;
	}
	tides_buf_release(&path);
	return st;
}

/* The bundled defaults: DATADIR/dict/LANG/{verbs,actors,agents,discards}.txt,
 * used when the caller names no verb, actor or agent file and allows them.
 * Missing verbs or actors there is an error (a broken install), the other
 * files are optional. */
static int dict_file_exists(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	if (tides_path_join(path, sizeof path, dir, name) < 0)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	fclose(f);
	return 1;
}

typedef struct dict_default_paths {
	char verbs[4096], actors[4096], agents[4096], discards[4096];
} dict_default_paths;

static tides_status dict_defaults(tides_ctx *ctx, const tides_dict_paths *in,
                                  tides_dict_paths *out, dict_default_paths *buf)
{
	const char *lang = in->lang && in->lang[0] ? in->lang : "en";
	char dir[4000];
	*out = *in;
	if (in->no_defaults || in->verbs || in->actors || in->agents)
		return TIDES_OK;
	if (strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
		return tides_fail(ctx, TIDES_ERR_USAGE, "no bundled dictionaries for language '%s'", lang);
	if (snprintf(dir, sizeof dir, "%s/dict/%s", tides_datadir(), lang) >= (int)sizeof dir)
		return tides_fail(ctx, TIDES_ERR_USAGE, "data folder path too long");
	if (!dict_file_exists(dir, "verbs.txt") || !dict_file_exists(dir, "actors.txt"))
		return tides_fail(ctx, TIDES_ERR_NOTFOUND,
		                  "cannot find the bundled dictionaries in '%s' (set TIDES_DATA to tides' data folder)",
		                  dir);
	/* full paths (they contain a '/'), so files the caller named beside
	 * them still resolve against the caller's own folder */
	snprintf(buf->verbs, sizeof buf->verbs, "%s/verbs.txt", dir);
	snprintf(buf->actors, sizeof buf->actors, "%s/actors.txt", dir);
	snprintf(buf->agents, sizeof buf->agents, "%s/agents.txt", dir);
	snprintf(buf->discards, sizeof buf->discards, "%s/discards.txt", dir);
	out->verbs = buf->verbs;
	out->actors = buf->actors;
	out->agents = dict_file_exists(dir, "agents.txt") ? buf->agents : NULL;
	if (!in->discards && dict_file_exists(dir, "discards.txt"))
		out->discards = buf->discards;
	return TIDES_OK;
}

tides_status tides_dicts_load(tides_ctx *ctx, const tides_dict_paths *given, tides_dicts **out)
{
	tides_dicts *d = NULL;
	tides_status st;
	tides_dict_paths p;
	dict_default_paths *defs = tides_malloc(sizeof *defs);
	*out = NULL;
	if (!defs)
		return tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
	st = dict_defaults(ctx, given, &p, defs);
	if (st != TIDES_OK)
		goto done;
	d = dict_new();
	if (!d || dict_add_builtins(d) < 0) {
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
		goto done;
	}
	if (p.options)
		st = dict_load_list(ctx, d, p.dir, p.options, dict_tabari_load_options);
	if (st == TIDES_OK && p.actors)
		st = dict_load_list(ctx, d, p.dir, p.actors, dict_any_load_actors); /* petr: dispatch */
	if (st == TIDES_OK && p.agents)
		st = dict_load_list(ctx, d, p.dir, p.agents, dict_any_load_agents); /* petr: dispatch */
	if (st == TIDES_OK && p.verbs)
		st = dict_load_list(ctx, d, p.dir, p.verbs, dict_any_load_verbs); /* petr: dispatch */
	/* petr: PETRARCH discard and issue files */
	if (st == TIDES_OK && p.discards)
		st = dict_load_list(ctx, d, p.dir, p.discards, dict_petr_load_discards);
	if (st == TIDES_OK && p.issues)
		st = dict_load_list(ctx, d, p.dir, p.issues, dict_petr_load_issues);
	if (st == TIDES_OK && dict_finish(d) < 0)
		st = tides_fail(ctx, TIDES_ERR_NOMEM, "out of memory");
done:
	tides_free(defs);
	if (st != TIDES_OK) {
		tides_dicts_free(d);
		return st;
	}
	*out = d;
	return TIDES_OK;
}
