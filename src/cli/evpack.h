/*
 * evpack.h — events packed for the hand-over between threads: `code
 * --threads --db` keeps thousands of events a chunk until its store
 * thread takes them (code-threads.c).  A packed event is ~200 bytes
 * instead of a tides_event's ~980.
 */
#ifndef TIDES_CLI_EVPACK_H
#define TIDES_CLI_EVPACK_H

#include "tides.h"
#include "util/buf.h"

/* Appends ev to pk; -1 when out of memory (pk is then as it was). */
int evpack_add(tides_buf *pk, const tides_event *ev);
/* Unpacks the event at p into ev and returns the next one.  Every string
 * is NUL-terminated; what follows a long string's NUL in its field is
 * left as it was, so ev should start from tides_event_init. */
const char *evpack_next(const char *p, tides_event *ev);

#endif
