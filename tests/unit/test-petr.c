/*
 * test-petr.c — the PETRARCH dictionary loaders (src/coder/dict-petr.c):
 * every construct of both verb dialects, actors, agents, discards and
 * issues, and each kind of malformed line (warned as FILE:LINE, skipped).
 * Inputs are tides' own snippets (tests/data/petr/ and strings below).
 */
#include <stdlib.h>
#include <string.h>

#include "coder/dict-petr.h"
#include "util/buf.h"
#include "util/mem.h"
#include "test.h"

static char warned[8192];

static void on_warn(void *u, const char *msg)
{
	size_t n = strlen(warned);
	(void)u;
	snprintf(warned + n, sizeof warned - n, "%s\n", msg);
}

static tides_ctx *new_ctx(void)
{
	tides_ctx *ctx = tides_ctx_new();
	warned[0] = '\0';
	tides_ctx_set_warn(ctx, on_warn, NULL);
	return ctx;
}

/* Renders a phrase: words, &SYN, {a|b}, * $ + % ^; '_' joins elements
 * that must be adjacent, ' ' the others. */
static void render(const tides_dicts *d, dict_phrase ph, tides_buf *b)
{
	uint32_t i;
	for (i = 0; i < ph.n; i++) {
		const dict_elem *e = &d->elems[ph.first + i];
		switch (e->kind) {
		case DICT_EL_WORD: tides_buf_adds(b, dict_word(d, e->ref)); break;
		case DICT_EL_SYNSET: tides_buf_adds(b, dict_word(d, d->synsets[e->ref].name)); break;
		case DICT_EL_ALT: {
			const dict_alt *a = &d->alts[e->ref];
			uint32_t k;
			tides_buf_addc(b, '{');
			for (k = 0; k < a->nopt; k++) {
				if (k)
					tides_buf_addc(b, '|');
				render(d, d->members[a->opt_first + k], b);
			}
			tides_buf_addc(b, '}');
			break;
		}
		case DICT_EL_VERB: tides_buf_addc(b, '*'); break;
		case DICT_EL_SOURCE: tides_buf_addc(b, '$'); break;
		case DICT_EL_TARGET: tides_buf_addc(b, '+'); break;
		case DICT_EL_COMPOUND: tides_buf_addc(b, '%'); break;
		case DICT_EL_SKIP: tides_buf_addc(b, '^'); break;
		default: tides_buf_addc(b, '?');
		}
		if (i + 1 < ph.n)
			tides_buf_addc(b, (e->flags & DICT_EF_NEXT) ? '_' : ' ');
	}
}

/* All entries of `kind` rendered as "phrase=entry" lines, in order. */
static char *entries(const tides_dicts *d, int kind)
{
	tides_buf b = TIDES_BUF_INIT;
	uint32_t i;
	for (i = 0; i < d->nentries; i++) {
		const dict_entry *e = &d->entries[i];
		if (e->kind != kind)
			continue;
		render(d, e->ph, &b);
		tides_buf_addf(&b, "=%u\n", e->entry);
	}
	return tides_buf_detach(&b);
}

static char *synset_members(const tides_dicts *d, const char *name)
{
	tides_buf b = TIDES_BUF_INIT;
	uint32_t w = dict_lookup_word(d, name, strlen(name)), s, k;
	s = w ? dict_find_synset(d, w) : UINT32_MAX;
	if (s == UINT32_MAX)
		return tides_strdup("(none)");
	for (k = 0; k < d->synsets[s].nmem; k++) {
		render(d, d->members[d->synsets[s].mem_first + k], &b);
		tides_buf_addc(&b, ';');
	}
	return tides_buf_detach(&b);
}

/* Patterns of verb v as "phrase [code:code2]" lines, default first. */
static char *verb_patterns(const tides_dicts *d, uint32_t v)
{
	tides_buf b = TIDES_BUF_INIT;
	uint32_t k;
	const dict_verb *vb = &d->verbs[v];
	if (vb->deflt != UINT32_MAX)
		tides_buf_addf(&b, "default [%s]\n", d->pats[vb->deflt].code);
	for (k = 0; k < vb->npat; k++) {
		const dict_pattern *p = &d->pats[d->verb_pats[vb->pat_first + k]];
		render(d, p->ph, &b);
		tides_buf_addf(&b, " [%s%s%s]\n", p->code, p->code2[0] ? ":" : "", p->code2);
	}
	return tides_buf_detach(&b);
}

static char *verb_forms(const tides_dicts *d, uint32_t v)
{
	tides_buf b = TIDES_BUF_INIT;
	uint32_t i;
	for (i = 0; i < d->nentries; i++) {
		const dict_entry *e = &d->entries[i];
		if (e->kind != DICT_K_VERB || e->entry != v)
			continue;
		render(d, e->ph, &b);
		tides_buf_addc(&b, ';');
	}
	return tides_buf_detach(&b);
}

#define CHECK_STR(expr, want) do { char *s_ = (expr); T_STREQ(s_, want); tides_free(s_); } while (0)

static tides_dicts *load_file(tides_ctx *ctx, int kind, const char *path)
{
	tides_dicts *d = dict_new();
	T_CHECK(d != NULL);
	T_INTEQ(dict_petr_load(ctx, d, kind, path), TIDES_OK);
	return d;
}

static tides_dicts *load_text(tides_ctx *ctx, int kind, const char *text)
{
	tides_dicts *d = dict_new();
	T_CHECK(d != NULL);
	T_INTEQ(dict_petr_load_mem(ctx, d, kind, "t.txt", text, strlen(text)), TIDES_OK);
	return d;
}

/* ------------------------------------------------------------------ */

static void test_dialects(void)
{
	const char *p1 = "--- A [010] ---\nA\n- * B [011]\n";
	const char *p2 = "--- A [010] ---\nA\n- * (TO B) [011]\n";
	const char *p2b = "--- A [010] ---\nA\n~ a (a b A) SAY = a b 010\n";
	const char *tab = "ABANDON  [---] ;OY\n- * HQ [0874]\n";
	T_INTEQ(dict_petr_verbs_dialect(p1, strlen(p1)), PETR_DIALECT_1);
	T_INTEQ(dict_petr_verbs_dialect(p2, strlen(p2)), PETR_DIALECT_2);
	T_INTEQ(dict_petr_verbs_dialect(p2b, strlen(p2b)), PETR_DIALECT_2);
	T_INTEQ(dict_petr_verbs_dialect(tab, strlen(tab)), PETR_DIALECT_NONE);
	T_INTEQ(dict_petr_sniff("tests/data/petr/verbs1.txt", PETR_VERBS), PETR_DIALECT_1);
	T_INTEQ(dict_petr_sniff("tests/data/petr/verbs2.txt", PETR_VERBS), PETR_DIALECT_2);
	T_INTEQ(dict_petr_sniff("tests/data/petr/actors.txt", PETR_ACTORS), PETR_DIALECT_1);
	T_INTEQ(dict_petr_sniff("tests/data/petr/agents.txt", PETR_AGENTS), PETR_DIALECT_1);
	T_INTEQ(dict_petr_sniff("tests/data/petr/no-such-file", PETR_ACTORS), PETR_DIALECT_NONE);
	/* TABARI files may hold '#' lines too; TABARI-only syntax decides */
	T_INTEQ(dict_petr_sniff("tests/data/petr/tabari.actors", PETR_ACTORS), PETR_DIALECT_NONE);
	T_INTEQ(dict_petr_sniff("tests/data/petr/tabari.actors", PETR_AGENTS), PETR_DIALECT_NONE);
}

static void test_p1_verbs(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_file(ctx, PETR_VERBS, "tests/data/petr/verbs1.txt");
	T_STREQ(warned, "");
	/* synsets: plurals unless the name or the member ends in '_' */
	CHECK_STR(synset_members(d, "&SIDE"), "FLANK;FLANKS;ARMY;ARMIES;PASS;");
	CHECK_STR(synset_members(d, "&QUIET"), "SILENT;&SIDE;");
	/* two verb codes in the block -> two dict_verbs sharing the patterns */
	T_INTEQ(d->nverbs, 2);
	CHECK_STR(verb_forms(d, 0),
	          "GREET;GREETS;GREETED;GREETING;WIRE_TAP;WIRE_TAPS;WIRE_TAPED;WIRE_TAPING;");
	CHECK_STR(verb_forms(d, 1), "HAIL;HAILED;");
	CHECK_STR(verb_patterns(d, 0), "default [041]\n"
	          "* {LOUDLY|VERY_LOUDLY} [045]\n"
	          "$ * + ON_&SIDE [044]\n"
	          "* WARMLY [043]\n");
	CHECK_STR(verb_patterns(d, 1), "default [042]\n"
	          "* {LOUDLY|VERY_LOUDLY} [045]\n"
	          "$ * + ON_&SIDE [044]\n"
	          "* WARMLY [043]\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_p1_connectors(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_VERBS,
	                           "&GENINT\n+GENEVA\n"
	                           "--- ACCORD [---] ---\nACCORD\n"
	                           "- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]  #\n"
	                           "- IN_ *  [075A]\n"
	                           "- *_OUT_ [074]\n"
	                           "- % * ^ [032:033]\n");
	T_STREQ(warned, "");
	CHECK_STR(verb_patterns(d, 0), "default [---]\n"
	          "SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS [111]\n"
	          "*_OUT [074]\n"
	          "IN * [075A]\n"
	          "% * ^ [032:033]\n");
	/* ranked by TABARI length: longer patterns are tried first */
	T_CHECK(d->pats[d->verb_pats[d->verbs[0].pat_first + 3]].flags & DICT_PF_PAIRED);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

/* '#' inside [...] is TABARI's discard code, not a comment */
static void test_hash_code(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_VERBS, "--- GO [020] ---\nGO\n- * NOWHERE [###]  # note\n"
	                                            "- * SOMEWHERE [+++]\n");
	T_STREQ(warned, "");
	/* PETRARCH has no "complex" outcome: [+++] patterns are dropped */
	CHECK_STR(verb_patterns(d, 0), "default [020]\n* NOWHERE [###]\n");
	T_CHECK(d->pats[d->verb_pats[d->verbs[0].pat_first]].flags & DICT_PF_DISCARD);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

/* Treebank clitics in dictionaries join the word before them */
static void test_clitics(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_VERBS, "&NEG_\n+DID N'T\n+WO N'T\n"
	                           "--- GO [020] ---\nGO\n- CA N'T * [021]\n- &NEG * [022]\n");
	T_STREQ(warned, "");
	CHECK_STR(synset_members(d, "&NEG"), "DIDN'T;WON'T;");
	CHECK_STR(verb_patterns(d, 0), "default [020]\nCAN'T * [021]\n&NEG * [022]\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

/* two blocks of one verb merge as PETRARCH files them: all the patterns,
 * the code of the last definition */
static void test_duplicate_blocks(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_VERBS, "--- SHOT [---] ---\nSHOT\n- * AND_WOUND [223]\n"
	                           "--- OTHER [010] ---\nOTHER\n"
	                           "--- SHOT [223] ---\nSHOT\n- + WAS * DEAD [224]\n");
	T_STREQ(warned, "");
	T_INTEQ(d->nverbs, 2);
	CHECK_STR(verb_forms(d, 0), "SHOT;SHOTS;SHOTED;SHOTING;");
	CHECK_STR(verb_patterns(d, 0), "default [223]\n* AND_WOUND [223]\n+ WAS * DEAD [224]\n");
	CHECK_STR(verb_patterns(d, 1), "default [010]\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_p1_malformed(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_VERBS,
	                           "- * EARLY [010]\n"                 /* 1: before any block */
	                           "--- GO [020] ---\n"                /* 2 */
	                           "GO\n"                              /* 3 */
	                           "- * NOWHERE\n"                     /* 4: no code */
	                           "- * TWICE * [021]\n"               /* 5: two verbs */
	                           "- * &NOSUCH [022]\n"               /* 6: undefined synset */
	                           "- * { A | B [023]\n"               /* 7: missing } */
	                           "- * FINE [x y]\n"                  /* 8: bad code */
	                           "RUN_AWAY\n"                        /* 9: no '+' */
	                           "WALK {WALKED\n"                    /* 10: missing } */
	                           "- * *X [024]\n"                    /* 11: stray '*' */
	                           "- * OK [025]\n"                    /* 12: fine */
	                           "--- EMPTY [030] ---\n"             /* 13 */
	                           "- * ORPHAN [031]\n");              /* 14: block without verbs */
	T_STREQ(warned,
	        "t.txt:1: pattern outside a verb block; skipped\n"
	        "t.txt:4: pattern without [CODE]; skipped\n"
	        "t.txt:5: pattern needs exactly one '*' (has 2); skipped\n"
	        "t.txt:6: undefined synset '&NOSUCH'; pattern skipped\n"
	        "t.txt:7: missing '}' in pattern; skipped\n"
	        "t.txt:8: bad code '[x y]' in pattern; skipped\n"
	        "t.txt:9: multi-word verb 'RUN_AWAY' needs a '+' before its verb word; skipped\n"
	        "t.txt:10: missing '}' in verb forms; line skipped\n"
	        "t.txt:11: unexpected '*X' in pattern; skipped\n"
	        "t.txt:14: verb block without verbs; its 1 pattern(s) skipped\n");
	T_INTEQ(tides_ctx_warnings(ctx), 10);
	T_INTEQ(d->nverbs, 1);
	CHECK_STR(verb_patterns(d, 0), "default [020]\n* OK [025]\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_p2_verbs(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_file(ctx, PETR_VERBS, "tests/data/petr/verbs2.txt");
	T_STREQ(warned, "");
	CHECK_STR(synset_members(d, "&GOODS"), "GRAIN;GRAINS;SPARE_PART;SPARE_PARTS;");
	T_INTEQ(d->nverbs, 2);
	CHECK_STR(verb_forms(d, 0), "SEND;SENT;SENDING;SENDS;");
	CHECK_STR(verb_forms(d, 1), "SHIP;SHIPS;SHIPED;SHIPING;");
	/* PETRARCH-2 phrase brackets read as word sequences; [:B] -> ---:B */
	CHECK_STR(verb_patterns(d, 0), "default [070]\n"
	          "* RELIEF AID TO BORDER [073:074]\n"
	          "* BEFORE COURT [---:173]\n"
	          "* &GOODS TO $ [072]\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_p2_malformed(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_VERBS,
	                           "--- GO [020] ---\n"
	                           "GO\n"
	                           "- * (TO TOWN [021]\n"              /* brackets are flattened */
	                           "- * | X [022]\n"                   /* 4: no '|' in PETRARCH-2 */
	                           "~ a (a b GO SAY = a b 010\n"       /* 5: unbalanced */
	                           "~ a (a b GO) SAY =\n"              /* 6: no result */
	                           "~ a (a b GO) SAY = a b 010\n");
	T_STREQ(warned, "t.txt:4: unexpected '|' in pattern; skipped\n"
	                "t.txt:5: malformed '~' transformation; skipped\n"
	                "t.txt:6: malformed '~' transformation; skipped\n");
	CHECK_STR(verb_patterns(d, 0), "default [020]\n* TO TOWN [021]\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_actors(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_file(ctx, PETR_ACTORS, "tests/data/petr/actors.txt");
	const dict_actor *a;
	T_STREQ(warned, "");
	T_INTEQ(d->nactors, 3);
	CHECK_STR(entries(d, DICT_K_ACTOR), "NUMENOR=0\nWESTERNESSE=0\nELENDIL=1\nBARROW DOWNS=2\n");
	a = &d->actors[1];
	T_INTEQ(a->ncode, 4);
	/* dated first in file order, the undated default last */
	T_STREQ(d->codes[a->code_first].code, "NUMGOV");
	T_INTEQ(d->codes[a->code_first].from, 20000101);
	T_INTEQ(d->codes[a->code_first].to, 20050101);
	T_STREQ(d->codes[a->code_first + 1].code, "NUMELI");
	T_INTEQ(d->codes[a->code_first + 1].from, 20050102);
	T_INTEQ(d->codes[a->code_first + 1].to, DICT_DATE_MAX);
	T_STREQ(d->codes[a->code_first + 2].code, "NUMREB");
	T_INTEQ(d->codes[a->code_first + 2].from, DICT_DATE_MIN);
	T_INTEQ(d->codes[a->code_first + 2].to, 19991231);
	T_STREQ(d->codes[a->code_first + 3].code, "NUM");
	/* no code at all: null actor */
	a = &d->actors[2];
	T_INTEQ(a->ncode, 1);
	T_STREQ(d->codes[a->code_first].code, "---");
	T_CHECK(a->flags & DICT_AF_NULLCODE);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_actors_malformed(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_text(ctx, PETR_ACTORS,
	                           "\t[ORPHAN]\n"                 /* 1 */
	                           "+LONELY\n"                    /* 2 */
	                           "KING [KNG\n"                  /* 3 */
	                           "\t[KNGGOV 990101-980101]\n"   /* 4 */
	                           "\t[KNGGOV 9901-980101]\n"     /* 5 */
	                           "\t[KNGGOV >2001]\n"           /* 6 */
	                           "\tno bracket\n"               /* 7 */
	                           "\t[KNGGOV 990101-]\n"         /* 8 */
	                           "QUEEN [QUN]\n"               /* 9 */
	                           "BARAD-DUR [MOR]\n");         /* 10: '-' splits words */
	T_STREQ(warned,
	        "t.txt:1: date restriction without an actor; skipped\n"
	        "t.txt:2: synonym without an actor; skipped\n"
	        "t.txt:3: missing ']' after actor code; code ignored\n"
	        "t.txt:4: date range ends before it starts; skipped\n"
	        "t.txt:5: bad date restriction '9901-980101'; skipped\n"
	        "t.txt:6: bad date restriction '>2001'; skipped\n"
	        "t.txt:7: indented line without [CODE]; skipped\n"
	        "t.txt:8: bad date restriction '990101-'; skipped\n");
	T_INTEQ(d->nactors, 3);
	T_STREQ(d->codes[d->actors[0].code_first].code, "---");
	T_STREQ(d->codes[d->actors[1].code_first].code, "QUN");
	CHECK_STR(entries(d, DICT_K_ACTOR), "KING=0\nQUEEN=1\nBARAD_DUR=2\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_agents(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_file(ctx, PETR_AGENTS, "tests/data/petr/agents.txt");
	T_STREQ(warned, "");
	CHECK_STR(entries(d, DICT_K_AGENT),
	          "HARBOURMAN=0\nHARBOURWOMAN=0\nSHERIFF=1\nSHERIFFS=1\nPOLICE=2\n"
	          "GOOSE=3\nGEESE=3\nWIZARDS_GUILD=4\nWIZARDS_GUILDS=4\n");
	T_STREQ(d->agents[0].code, "~SEA");
	T_STREQ(d->agents[4].code, "WIZ~");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
	ctx = new_ctx();
	d = load_text(ctx, PETR_AGENTS,
	              "CONGRESS [~LEG]\nARMY [ ~MIL ]\nMAYOR\nSCRIBE [GOV]\nELF {ELVES [~ELF]\n"
	              "!BAD = X\nX!NOPE! [~X]\n");
	T_STREQ(warned,
	        "t.txt:3: agent without [CODE]; skipped\n"
	        "t.txt:4: agent code 'GOV' needs '~' before or after it; skipped\n"
	        "t.txt:5: missing '}' in agent plural; skipped\n"
	        "t.txt:6: bad substitution marker definition; skipped\n"
	        "t.txt:7: undefined substitution marker '!NOPE!'; skipped\n");
	CHECK_STR(entries(d, DICT_K_AGENT), "CONGRESS=0\nCONGRESSES=0\nARMY=1\nARMIES=1\n");
	T_STREQ(d->agents[1].code, "~MIL");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_discards(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_file(ctx, PETR_DISCARDS, "tests/data/petr/discards.txt");
	uint32_t i;
	T_STREQ(warned, "");
	CHECK_STR(entries(d, DICT_K_DISCARD), "BIRTHDAY_PARTY=0\nHOBBIT_CHESS=1\n");
	T_STREQ(d->discards[0].code, PETR_DISCARD_STORY);
	T_STREQ(d->discards[1].code, PETR_DISCARD_SENTENCE);
	/* the last word is a stem unless it ends in '_' */
	for (i = 0; i < d->nentries; i++) {
		const dict_entry *e = &d->entries[i];
		T_INTEQ(d->elems[e->ph.first].match, DICT_M_EXACT);
		T_INTEQ(d->elems[e->ph.first + 1].match, i == 0 ? DICT_M_STEM : DICT_M_EXACT);
	}
	tides_dicts_free(d);
	tides_ctx_free(ctx);
	ctx = new_ctx();
	d = load_text(ctx, PETR_DISCARDS, "+\n  \nOK\n");
	T_STREQ(warned, "t.txt:1: empty discard phrase; skipped\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_issues(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = load_file(ctx, PETR_ISSUES, "tests/data/petr/issues.txt");
	T_STREQ(warned, "");
	T_INTEQ(d->nissues, 3);
	CHECK_STR(entries(d, DICT_K_ISSUE),
	          "TOWER=0\nTOWERS=0\n"
	          "BURN_FIELD=1\nBURN_FIELDS=1\nBURNS_FIELDS=1\nBURNED_FIELDS=1\nBURNING_FIELDS=1\n"
	          "BURNS_FIELD=1\nBURNED_FIELD=1\nBURNING_FIELD=1\n"
	          "PIPE_WEED=2\n");
	T_STREQ(d->issues[1].code, "FIRE");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
	ctx = new_ctx();
	d = load_text(ctx, PETR_ISSUES, "lonely phrase\n[NOPHRASE]\nok [A]\nok too [A]\n"
	                                "n:kindergarten [EARLY_CHILDHOOD_EDUCATION]\n");
	T_STREQ(warned, "t.txt:1: issue phrase without [CODE]; skipped\n"
	                "t.txt:2: issue without a phrase; skipped\n");
	T_INTEQ(d->nissues, 2);
	/* Phoenix issue codes are longer than event codes */
	T_STREQ(d->issues[1].code, "EARLY_CHILDHOOD_EDUCATION");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_comments_and_lines(void)
{
	static const char txt[] = "A [AAA] <!-- inline --> # tail\n<!-- start\nB [BBB]\n"
	                          "end --> dropped\nC [CCC]\r\nD\0E [DDD]\nF [FFF]";
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = dict_new();
	T_INTEQ(dict_petr_load_mem(ctx, d, PETR_ACTORS, "t.txt", txt, sizeof txt - 1), TIDES_OK);
	T_STREQ(warned, "t.txt:6: NUL byte in line; skipped\n");
	CHECK_STR(entries(d, DICT_K_ACTOR), "A=0\nC=1\nF=2\n");
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

static void test_io_error(void)
{
	tides_ctx *ctx = new_ctx();
	tides_dicts *d = dict_new();
	T_INTEQ(dict_petr_load(ctx, d, PETR_VERBS, "tests/data/petr/no-such-file"), TIDES_ERR_IO);
	T_CHECK(strstr(tides_errmsg(ctx), "cannot open 'tests/data/petr/no-such-file'") != NULL);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
}

/* Every allocation failure returns TIDES_ERR_NOMEM (no crash, no leak
 * under valgrind/ASan) and a full run succeeds. */
static void test_nomem(void)
{
	static const char *files[] = {
		"tests/data/petr/verbs1.txt", "tests/data/petr/verbs2.txt", "tests/data/petr/actors.txt",
		"tests/data/petr/agents.txt", "tests/data/petr/discards.txt", "tests/data/petr/issues.txt"
	};
	static const int kinds[] = { PETR_VERBS, PETR_VERBS, PETR_ACTORS, PETR_AGENTS, PETR_DISCARDS,
		                     PETR_ISSUES };
	size_t f;
	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		long n;
		int ok = 0;
		for (n = 0; n < 2000 && !ok; n++) {
			tides_ctx *ctx = tides_ctx_new();
			tides_dicts *d = dict_new();
			tides_status st;
			tides_ctx_set_warn(ctx, on_warn, NULL);
			tides_mem_fail_after(n);
			st = d ? dict_petr_load(ctx, d, kinds[f], files[f]) : TIDES_ERR_NOMEM;
			tides_mem_fail_after(-1);
			T_CHECK(st == TIDES_OK || st == TIDES_ERR_NOMEM);
			ok = st == TIDES_OK;
			tides_dicts_free(d);
			tides_ctx_free(ctx);
		}
		T_CHECK(ok);
	}
}

int main(void)
{
	T_RUN(test_dialects);
	T_RUN(test_p1_verbs);
	T_RUN(test_p1_connectors);
	T_RUN(test_hash_code);
	T_RUN(test_clitics);
	T_RUN(test_duplicate_blocks);
	T_RUN(test_p1_malformed);
	T_RUN(test_p2_verbs);
	T_RUN(test_p2_malformed);
	T_RUN(test_actors);
	T_RUN(test_actors_malformed);
	T_RUN(test_agents);
	T_RUN(test_discards);
	T_RUN(test_issues);
	T_RUN(test_comments_and_lines);
	T_RUN(test_io_error);
	T_RUN(test_nomem);
	return t_done();
}
