/*
 * code-threads.h — `tides code --threads N`: stories coded by N workers,
 * events written in input order (byte-identical to one thread).
 */
#ifndef TIDES_CLI_CODE_THREADS_H
#define TIDES_CLI_CODE_THREADS_H

#include "cli/cli.h"
#include "util/buf.h"

/* Called on the caller's thread, in input order, for each story's events;
 * returns 0 or an exit status (which stops the run).  With ev == NULL the
 * events were written already (see code_par_format) and only nev counts;
 * st may then be NULL. */
typedef int (*code_par_emit)(void *userdata, const tides_story *st, const tides_event *ev,
                             size_t nev);

/* Appends one formatted event to `out`, on a worker thread (it may only
 * read immutable state); -1 when out of memory.  Workers format their
 * batch's events and the caller's thread writes the text to stdout (one
 * fwrite a chunk), then calls emit with ev == NULL (just the count). */
typedef int (*code_par_format)(void *userdata, tides_buf *out, const tides_event *ev);

/* With a store (code_par_set_store), instead of format: makes a kept copy
 * of an event final in place (its id, the store's fields) and appends its
 * line to `out`, on a worker; -1 when out of memory. */
typedef int (*code_par_final)(void *userdata, tides_buf *out, tides_event *ev);

/* The store stage: called on a thread of its own, in input order, for
 * every story that has events, with its final events, once the story's
 * text is written (a story without events may come too, with nev 0); 0, or -1 with a message in err (the run stops, the message
 * is printed on the caller's thread).  Only this thread touches the
 * store until code_par_finish returns. */
typedef int (*code_par_sink)(void *userdata, const tides_story *st, const tides_event *ev,
                             size_t nev, char *err, size_t errcap);

typedef struct code_par code_par;

/* Loads the dictionaries, on the caller's thread: 0 and *d (which must
 * outlive the code_par), or an exit status (message printed). */
typedef int (*code_par_load)(void *userdata, const tides_dicts **d);

/* nthreads workers, each with its own tides_coder over the shared dicts
 * (with the quad option when non-NULL).  With d == NULL, `load` is called
 * once, when the first chunks are with the workers (they read them while
 * the dictionaries load) or at the latest before anything is emitted or a
 * message replayed; if it fails the run stops with its status.  NULL on
 * failure (message printed). */
code_par *code_par_new(cli_env *env, const tides_dicts *d, code_par_load load, const char *quad,
                       int nthreads, code_par_emit emit, code_par_format format, void *userdata);
/* Opens the store, on the store thread, before anything else there (so a
 * new file's schema is written while the dictionaries load and the first
 * chunks are read); 0, or -1 with a message in err. */
typedef int (*code_par_open)(void *userdata, char *err, size_t errcap);
/* Gives the events to a store stage too (before any input); 0 or an exit
 * status (message printed). */
int code_par_set_store(code_par *cp, code_par_open open, code_par_final final,
                       code_par_sink sink);
/* Waits for the store's opening; 0, or 1 after printing its message.  The
 * load callback calls it after the dictionaries, so messages come in the
 * order of one thread; nothing is stored before. */
int code_par_store_opened(code_par *cp);
/* Copies the story into the current batch; full batches go to the workers
 * and finished ones are emitted.  0 or an exit status. */
int code_par_story(code_par *cp, const tides_story *st);
/* Reads and codes one input ("-": stdin): in chunks read on the workers
 * when the format allows, else stories read here and coded in batches.
 * Messages in one-thread order.  Stories and sentences are counted in the
 * code_par (code_par_counts), events through emit.  0 or an exit status. */
int code_par_file(code_par *cp, const char *path, const tides_reader_opts *ro);
/* The same for an open reader (reader_chunk_able(r), no tides_reader_next
 * yet, opened with the code_par's own context); takes `r` over. */
int code_par_reader(code_par *cp, tides_reader *r);
void code_par_counts(const code_par *cp, unsigned long *stories, unsigned long *sentences);
/* Codes and emits everything pending (before a fatal message, so what
 * came before is written first).  0 or an exit status. */
int code_par_sync(code_par *cp);
/* Codes and emits everything still pending, and waits for the store
 * stage.  0 or an exit status. */
int code_par_finish(code_par *cp);
void code_par_free(code_par *cp); /* accepts NULL */

#endif
