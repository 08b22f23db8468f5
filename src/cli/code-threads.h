/*
 * code-threads.h — `tides code --threads N`: stories coded by N workers,
 * events written in input order (byte-identical to one thread).
 */
#ifndef TIDES_CLI_CODE_THREADS_H
#define TIDES_CLI_CODE_THREADS_H

#include "cli/cli.h"

/* Called on the caller's thread, in input order, for each story's events;
 * returns 0 or an exit status (which stops the run). */
typedef int (*code_par_emit)(void *userdata, const tides_story *st, const tides_event *ev,
                             size_t nev);

typedef struct code_par code_par;

/* nthreads workers, each with its own tides_coder over the shared dicts
 * (with the quad option when non-NULL).  NULL on failure (message printed). */
code_par *code_par_new(cli_env *env, const tides_dicts *d, const char *quad, int nthreads,
                       code_par_emit emit, void *userdata);
/* Copies the story into the current batch; full batches go to the workers
 * and finished ones are emitted.  0 or an exit status. */
int code_par_story(code_par *cp, const tides_story *st);
/* Codes and emits everything still pending.  0 or an exit status. */
int code_par_finish(code_par *cp);
void code_par_free(code_par *cp); /* accepts NULL */

#endif
