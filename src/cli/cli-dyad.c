/*
 * cli-dyad.c — the options that pick a dyad's events in a store (--db,
 * --dyad, --directed/--undirected, --exact-actors, --from/--to), one
 * getopt_long table fragment and one parser for every command that takes
 * them, so their spelling and meaning cannot drift apart; and the split of
 * a --dyad argument.
 *
 * Only the common part is here: defaults (the store's path, which direction)
 * and the checks with their messages stay with each command, whose usage
 * text and errors differ (tests compare them).
 */
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

void cli_dyad_init(cli_dyad *d, const char *db, int directed)
{
	memset(d, 0, sizeof *d);
	d->db = db;
	d->directed = directed;
}

int cli_dyad_option(cli_dyad *d, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_DB: d->db = arg; return 1;
	case CLI_OPT_DYAD: d->dyad = arg; return 1;
	case CLI_OPT_DIRECTED: d->directed = 1; return 1;
	case CLI_OPT_UNDIRECTED: d->directed = 0; return 1;
	case CLI_OPT_EXACT_ACTORS: d->exact_actors = 1; return 1;
	case CLI_OPT_FROM: d->from = arg; return 1;
	case CLI_OPT_TO: d->to = arg; return 1;
	default: return 0;
	}
}

/* A side: a code, or a group of codes joined by '+' (no empty member). */
static int cli_dyad_side_ok(const char *s, size_t n)
{
	size_t i;
	if (n == 0 || s[0] == '+' || s[n - 1] == '+')
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] == '+' && s[i - 1] == '+')
			return 0;
	return 1;
}

int cli_split_dyad(const char *dyad, char *a, char *b, size_t cap)
{
	const char *c = strchr(dyad, ',');
	size_t la, lb;
	if (!c || strchr(c + 1, ','))
		return -1;
	la = (size_t)(c - dyad);
	lb = strlen(c + 1);
	if (la >= cap || lb >= cap || !cli_dyad_side_ok(dyad, la) || !cli_dyad_side_ok(c + 1, lb))
		return -1;
	memcpy(a, dyad, la);
	a[la] = '\0';
	memcpy(b, c + 1, lb + 1);
	return 0;
}

