/*
 * reader-chunk.h — reading one input on several threads (`tides code
 * --threads N`): the caller's thread cuts the raw bytes into chunks of
 * whole stories, and each chunk is read by a reader of its own, on any
 * thread, giving the same stories, sentences, line numbers and warnings as
 * one reader over the whole input (warnings: see reader_chunk_next).
 * Only sentence numbers may differ: a chunk reader numbers from 1, and
 * when the chunk's first document is the one the previous chunk ended
 * with, the caller shifts the numbers of its leading stories (a reader
 * numbers on from the last story's doc_id and last sentence number + 1).
 * Internal to tides (src/cli/code-threads.c).
 */
#ifndef TIDES_TEXT_READER_CHUNK_H
#define TIDES_TEXT_READER_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "tides.h"
#include "util/buf.h"

/* tides_reader_open for reader_chunk_*: prose leaves its running-header
 * scan to reader_chunk_scan_* (on the workers). */
tides_status reader_chunk_open_file(tides_ctx *ctx, const char *path,
                                    const tides_reader_opts *opts, tides_reader **out);
/* Prose opened so: first cut the whole input into chunks with
 * reader_chunk_next after reader_chunk_scan_begin, get each chunk's
 * header keys with reader_chunk_scan_keys (any thread) and add them in
 * input order with reader_chunk_scan_add, then reader_chunk_scan_end
 * rewinds for the chunks of the real pass. */
int reader_chunk_needs_scan(const tides_reader *r);
tides_status reader_chunk_scan_begin(tides_reader *r);
int reader_chunk_scan_keys(const tides_reader *r, const char *data, size_t len, long first_line,
                           uint64_t **keys, size_t *n, size_t *cap);
void reader_chunk_scan_add(tides_reader *r, const uint64_t *keys, size_t n);
tides_status reader_chunk_scan_end(tides_reader *r);

/* Can this reader's input be cut (lines, JSONL, TABARI, prose; not
 * PETRARCH XML, whose state runs across records)?  Ask right after
 * tides_reader_open, before any tides_reader_next. */
int reader_chunk_able(const tides_reader *r);

/* The next chunk of raw input into `out` (reset first): about `target`
 * bytes or more, ending where a story surely starts (never inside a
 * line; over-long lines are cut to what the line reader keeps).
 * *first_line is the number of its first line.  1: a chunk; 0: end of
 * input; -1: read error or out of memory (status in the reader's context);
 * 2: no cut found within 8 x target + 1 MiB (a long run of lines of one
 * document, prose without blank lines): `out` holds the start of the rest,
 * to be read in one piece with reader_chunk_open_rest.
 *
 * Warnings in the order of one reader: the lines and prose readers read
 * the first line of the next story before they return a story, and warn
 * about it then.  So a chunk of those formats also carries the first line
 * of the next chunk after its *core bytes (the chunk's stories end at
 * *core): a chunk reader reads it as one reader would, and the caller
 * drops the story that starts there (with the warnings of the call that
 * returned it).  If the chunk's last story read that line ahead
 * (reader_chunk_lineno), the warnings the next chunk's reader gives while
 * on its first line (reader_chunk_reading_line) were given already. */
int reader_chunk_next(tides_reader *r, tides_buf *out, size_t target, long *first_line,
                      size_t *core);

/* About how many bytes of the input are left to cut (a regular file), or
 * -1 when that is not known (a pipe, stdin from a terminal). */
long long reader_chunk_left(const tides_reader *r);

/* A reader over one chunk of `parent`'s input, with the parent's settings
 * (format, ids, dates, language, running-header table: the parent must
 * outlive it and not be read meanwhile); messages go to `ctx`.  `data`
 * must stay valid until tides_reader_free. */
tides_status reader_chunk_open(const tides_reader *parent, tides_ctx *ctx, const char *data,
                               size_t len, long first_line, tides_reader **out);

/* After reader_chunk_next returned 2: a reader over out[0..len) and then
 * the rest of `parent`'s file, numbering sentences on from where the
 * previous chunk ended (last_doc, next_sentence: "" and 0 at the start of
 * the file), so it gives what one reader would.  Read it on one thread;
 * `parent` must outlive it and not be read meanwhile. */
tides_status reader_chunk_open_rest(tides_reader *parent, tides_ctx *ctx, const char *data,
                                    size_t len, long first_line, const char *last_doc,
                                    int next_sentence, tides_reader **out);

/* Is the chunk reader on `line`, not past it nor at the end of its input? */
int reader_chunk_reading_line(const tides_reader *r, long line);
/* The number of the line last read. */
long reader_chunk_lineno(const tides_reader *r);


#endif
