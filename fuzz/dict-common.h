/*
 * dict-common.h — the dictionary fuzz targets (fuzz-tabari-*.c,
 * fuzz-petr-*.c): one fuzzed file of one kind, the other kinds from small
 * companion dictionaries, loaded through the public tides_dicts_load (the
 * path `tides code --dicts` takes, with its dialect sniffing), then a few
 * fixed stories are coded with the result, so the matcher also meets the
 * odd patterns a loader accepted.
 *
 * A TABARI target drops inputs the sniffer would send to the PETRARCH
 * loader and the other way round (returning -1 keeps them out of the
 * corpus), so each target stays on its dialect's loader.
 *
 * Invariants: a load either fails with a one-line message or yields dicts
 * that code the stories without error; every event has a 16-hex-digit id,
 * a CAMEO code of 2 to 4 digits (or TABARI's ### / +++ markers are never
 * events), and a quad class 0..4.
 */
#ifndef TIDES_FUZZ_DICT_COMMON_H
#define TIDES_FUZZ_DICT_COMMON_H

#include "fuzz.h"

#include <ctype.h>

#include "coder/dict-petr.h"

enum { FD_VERBS, FD_ACTORS, FD_AGENTS, FD_OPTIONS, FD_DISCARDS, FD_ISSUES };

static const char fd_tabari_verbs[] =
	"; tides fuzz companion: TABARI verbs\n"
	"RESTOR  [064]\n"
	"- * TIES  [065]\n"
	"ACCUSE_  [112]\n"
	"MEET  [036]\n"
	"- * WITH $  [040]\n"
	"SOCCER  [###]\n";
static const char fd_tabari_actors[] =
	"; tides fuzz companion: TABARI actors\n"
	"ARNOR  [ARN]\n"
	"GONDOR  [GON]\n"
	"OSGILIATH  [OSG]\n"
	"ELENDIL  [ARNGOV 900101-991231]\n";
static const char fd_tabari_agents[] = "MINISTER_  [~GOV]\nREBEL_  [~REB]\n";
static const char fd_petr_verbs[] =
	"<!-- tides fuzz companion: PETRARCH-1 verbs -->\n"
	"--- RESTORE  [064] ---\n"
	"RESTORE {RESTORED RESTORES}\n"
	"- * TIES [065]\n"
	"--- ACCUSE  [112] ---\n"
	"ACCUSE {ACCUSED}\n";
static const char fd_petr_actors[] =
	"<!-- tides fuzz companion: PETRARCH actors -->\n"
	"ARNOR [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\n";
static const char fd_petr_agents[] = "!PERSON! = MAN, WOMAN\nMINISTER [~GOV]\n";

static const char *const fd_sentences[] = {
	"Arnor will restore relations with Gondor.",
	"Arnor minister accused Gondor and Osgiliath today, Elendil said.",
	"The rebels of Gondor did not meet with Arnor on Sunday.",
};

static void fd_check_event(const tides_event *ev)
{
	size_t i, n = strlen(ev->code);
	if (strlen(ev->event_id) != 16)
		abort();
	for (i = 0; i < 16; i++)
		if (!isxdigit((unsigned char)ev->event_id[i]))
			abort();
	if (n > sizeof ev->code - 1 || ev->quad < 0 || ev->quad > 4)
		abort();
	if (strcmp(ev->code, "###") == 0 || strcmp(ev->code, "+++") == 0)
		abort();
}

static int fd_run(const uint8_t *data, size_t size, int kind, int petr)
{
	static char comp[6][512];
	static int ready;
	tides_ctx *ctx;
	tides_dicts *d = NULL;
	tides_coder *c = NULL;
	tides_dict_paths p;
	const char *path;
	int sniff_kind = kind == FD_VERBS ? PETR_VERBS : kind == FD_ACTORS ? PETR_ACTORS
	               : kind == FD_AGENTS ? PETR_AGENTS : 0;

	if (!ready) {
		ready = 1;
		fuzz_companion("t.verbs", fd_tabari_verbs, comp[0], sizeof comp[0]);
		fuzz_companion("t.actors", fd_tabari_actors, comp[1], sizeof comp[1]);
		fuzz_companion("t.agents", fd_tabari_agents, comp[2], sizeof comp[2]);
		fuzz_companion("p.verbs", fd_petr_verbs, comp[3], sizeof comp[3]);
		fuzz_companion("p.actors", fd_petr_actors, comp[4], sizeof comp[4]);
		fuzz_companion("p.agents", fd_petr_agents, comp[5], sizeof comp[5]);
	}
	path = fuzz_memfd(0, data, size);
	if (sniff_kind) {
		int dialect = dict_petr_sniff(path, sniff_kind);
		if ((dialect != PETR_DIALECT_NONE) != (petr != 0))
			return -1;
	}
	memset(&p, 0, sizeof p);
	p.no_defaults = 1;
	p.lang = "en";
	p.verbs = kind == FD_VERBS ? path : comp[petr ? 3 : 0];
	p.actors = kind == FD_ACTORS ? path : comp[petr ? 4 : 1];
	p.agents = kind == FD_AGENTS ? path : comp[petr ? 5 : 2];
	p.options = kind == FD_OPTIONS ? path : NULL;
	p.discards = kind == FD_DISCARDS ? path : NULL;
	p.issues = kind == FD_ISSUES ? path : NULL;

	ctx = fuzz_ctx();
	if (tides_dicts_load(ctx, &p, &d) != TIDES_OK) {
		fuzz_check_msg(tides_errmsg(ctx));
		if (d)
			abort();
	} else {
		tides_sentence s[3];
		tides_story st;
		const tides_event *ev;
		size_t i, nev;
		memset(s, 0, sizeof s);
		for (i = 0; i < 3; i++) {
			s[i].doc_id = "FUZZ-1";
			s[i].date = "1995-01-01";
			s[i].sentence = (int)i + 1;
			s[i].lang = "en";
			s[i].text = fd_sentences[i];
			s[i].len = strlen(fd_sentences[i]);
			s[i].file = "fuzz";
			s[i].line = (long)i + 1;
		}
		st.doc_id = "FUZZ-1";
		st.date = "1995-01-01";
		st.lang = "en";
		st.nsent = 3;
		st.sent = s;
		if (tides_coder_new(ctx, d, &c) != TIDES_OK)
			abort();
		if (tides_coder_code_story(c, &st, &ev, &nev) != TIDES_OK)
			abort();
		for (i = 0; i < nev; i++)
			fd_check_event(&ev[i]);
	}
	tides_coder_free(c);
	tides_dicts_free(d);
	tides_ctx_free(ctx);
	return 0;
}

#endif
