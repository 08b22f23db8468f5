/*
 * path.c — see path.h.  Reading the environment is the one concession to
 * process state here: it is read on every call, never cached, so tests can
 * point different runs at different folders.
 */
#include "util/path.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/banned.h"

#ifndef TIDES_DATADIR
#define TIDES_DATADIR "data"
#endif

const char *tides_datadir(void)
{
	const char *e = getenv("TIDES_DATA");
	return e && *e ? e : TIDES_DATADIR;
}

int tides_path_join(char *out, size_t cap, const char *dir, const char *name)
{
	int n;
	if (!dir || !*dir || name[0] == '/')
		n = snprintf(out, cap, "%s", name);
	else
		n = snprintf(out, cap, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}
