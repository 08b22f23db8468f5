/*
 * path.h — where tides finds the data it ships (default dictionaries,
 * issue keywords, the demo chronicle).
 *
 * $TIDES_DATA wins when set (an installed copy, a test's own folder);
 * otherwise the data/ folder of the source tree the binary was built from,
 * fixed at build time (TIDES_DATADIR).  Nothing is fetched at run time.
 */
#ifndef TIDES_UTIL_PATH_H
#define TIDES_UTIL_PATH_H

#include <stddef.h>

const char *tides_datadir(void);
/* Joins dir and name into out[cap] ("name" alone when dir is NULL or name
 * is absolute).  Returns 0, or -1 when it does not fit. */
int tides_path_join(char *out, size_t cap, const char *dir, const char *name);

#endif
