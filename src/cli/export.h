/*
 * export.h — the event record `tides import --emit` and `tides export`
 * write: the coder's columns plus the store's provenance columns origin,
 * orig_id, source_country, target_country (text_event_line with
 * TEXT_EVENT_PROVENANCE, the same writer as `tides code`'s), so `tides
 * merge` reads it back losslessly.  One writer, two commands.
 */
#ifndef TIDES_CLI_EXPORT_H
#define TIDES_CLI_EXPORT_H

#include <stdio.h>

#include "tides.h"

typedef struct export_writer {
	int flags;  /* TEXT_EVENT_* */
	FILE *out;
	char *line; /* TEXT_EVENT_LINE_MAX bytes */
} export_writer;

/* 0 ok, -1 out of memory.  Writes the TSV header line at once. */
int export_writer_open(export_writer *w, FILE *out, int jsonl);
void export_writer_close(export_writer *w);
/* A tides_event_fn: userdata is the writer; -1 on a write error. */
int export_writer_event(void *userdata, const tides_event *ev);

#endif
