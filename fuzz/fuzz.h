/*
 * fuzz.h — what the libFuzzer targets share.
 *
 * Most tides parsers take a path (they stream a file), so each input is
 * written into a memfd and handed over as /proc/self/fd/N: no disk I/O, no
 * temporary files left behind.  Companion files a target needs (a small
 * dictionary next to a fuzzed one, a series next to fuzzed periods) are
 * written once into a private directory under $TMPDIR.  Warnings are
 * swallowed (they are expected on hostile input); the targets abort() only
 * when an invariant of the API is broken, and ASan/UBSan/LeakSanitizer do
 * the rest.  Header-only: every target is one translation unit.
 */
#ifndef TIDES_FUZZ_H
#define TIDES_FUZZ_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tides.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data into memfd number `slot` (0..3) and returns its path. */
static inline const char *fuzz_memfd(int slot, const uint8_t *data, size_t size)
{
	static int fds[4] = {-1, -1, -1, -1};
	static char paths[4][64];
	if (fds[slot] < 0) {
		fds[slot] = memfd_create("tides-fuzz", 0);
		if (fds[slot] < 0)
			abort();
		snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d", fds[slot]);
	}
	if (ftruncate(fds[slot], 0) != 0 ||
	    (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size))
		abort();
	return paths[slot];
}

/* A private directory for companion files, made once. */
static inline const char *fuzz_dir(void)
{
	static char dir[256];
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/tides-fuzz.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

/* Writes `text` to DIR/name and puts the full path into path[cap]. */
static inline void fuzz_companion(const char *name, const char *text, char *path, size_t cap)
{
	FILE *f;
	snprintf(path, cap, "%s/%s", fuzz_dir(), name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

static inline void fuzz_quiet(void *userdata, const char *msg)
{
	(void)userdata;
	(void)msg;
}

/* A context that swallows warnings. */
static inline tides_ctx *fuzz_ctx(void)
{
	tides_ctx *ctx = tides_ctx_new();
	if (!ctx)
		abort();
	tides_ctx_set_warn(ctx, fuzz_quiet, NULL);
	return ctx;
}

/* Sends stdout to /dev/null (CLI entry points print); stderr is closed by
 * fuzz/run.sh with -close_fd_mask=2, which keeps libFuzzer's own reports. */
static inline void fuzz_silence(void)
{
	static int done;
	int fd;
	if (done)
		return;
	done = 1;
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		abort();
	fflush(stdout);
	dup2(fd, 1);
	close(fd);
}

/* Error messages must be one line of text. */
static inline void fuzz_check_msg(const char *m)
{
	if (!m || strchr(m, '\n'))
		abort();
}

#endif
