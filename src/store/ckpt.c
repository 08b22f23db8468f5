/*
 * ckpt.c — WAL checkpoints on a thread of their own (store_ckpt_*), for a
 * store written beside other work (TIDES_STORE_BESIDE).
 *
 * Why: a checkpoint copies the committed WAL pages into the database file
 * and syncs both.  Run by SQLite's autocheckpoint it happens inside the
 * commit, on the writing thread, which then keeps everyone who hands it
 * work waiting.  `tides code --threads 2 --db` on 200k stories made 14
 * checkpoints; the store thread spent 70 ms in their fdatasync calls
 * alone (strace -f -w -c), plus the page copies, and the coding workers
 * idled behind it: with checkpoints turned off altogether the run before
 * the close took 0.68-0.71 s instead of 0.73-0.82 s.
 *
 * How: the writer's connection gets a WAL hook instead of autocheckpoint.
 * Once a commit leaves `pages` pages or more in the WAL, the hook wakes
 * this module's thread, which runs a PASSIVE checkpoint on a second
 * connection to the same file.  A passive checkpoint copies what no
 * reader needs any more, never waits for a lock and never blocks the
 * writer (WAL lets one checkpointer run beside one writer); the writer
 * starts the WAL over at its next transaction once everything was copied,
 * as after its own checkpoints.
 *
 * Invariants: a checkpoint never loses data (what it cannot copy stays in
 * the WAL, committed), so its result is not checked; store_ckpt_stop joins
 * the thread and closes the second connection before the writer's closes,
 * so the writer's close is the last one and checkpoints the rest and
 * removes the WAL, as without this module.  The hook runs on the writer's
 * thread and only signals.
 */
#include "store/store-db.h"

#include <pthread.h>

#include "util/mem.h"
#include "util/banned.h"

struct store_ckpt {
	sqlite3 *db;       /* the checkpointer's connection */
	sqlite3 *wdb;      /* the writer's, whose WAL hook this is */
	int pages;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int want, stop;    /* under mu */
	int started;       /* th runs */
};

/* On the writer's thread, after each commit. */
static int ckpt_hook(void *arg, sqlite3 *db, const char *name, int npages)
{
	store_ckpt *c = arg;
	(void)db;
	(void)name;
	if (npages >= c->pages) {
		pthread_mutex_lock(&c->mu);
		c->want = 1;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&c->mu);
	}
	return SQLITE_OK;
}

static void *ckpt_main(void *arg)
{
	store_ckpt *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		c->want = 0;
		pthread_mutex_unlock(&c->mu);
		(void)sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

store_ckpt *store_ckpt_start(sqlite3 *wdb, const char *path, int pages)
{
	store_ckpt *c = tides_calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->wdb = wdb;
	c->pages = pages;
	if (pthread_mutex_init(&c->mu, NULL) != 0) {
		tides_free(c);
		return NULL;
	}
	if (pthread_cond_init(&c->cv, NULL) != 0) {
		pthread_mutex_destroy(&c->mu);
		tides_free(c);
		return NULL;
	}
	/* the file is in WAL mode already; the first read opens the WAL, which
	 * a connection that never read anything has not, and its checkpoints
	 * would do nothing */
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA synchronous=NORMAL; SELECT count(*) FROM sqlite_master", NULL,
	                 NULL, NULL) != SQLITE_OK ||
	    pthread_create(&c->th, NULL, ckpt_main, c) != 0) {
		store_ckpt_stop(c);
		return NULL;
	}
	c->started = 1;
	sqlite3_wal_hook(wdb, ckpt_hook, c); /* replaces autocheckpoint */
	return c;
}

void store_ckpt_stop(store_ckpt *c)
{
	if (!c)
		return;
	if (c->started) {
		sqlite3_wal_hook(c->wdb, NULL, NULL);
		pthread_mutex_lock(&c->mu);
		c->stop = 1;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&c->mu);
		pthread_join(c->th, NULL);
	}
	sqlite3_close(c->db); /* accepts NULL */
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	tides_free(c);
}
