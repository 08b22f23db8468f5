/*
 * cmd-import.c — `tides import`: event files into the store.
 *
 * Every FILE is imported even when an earlier one failed (the failure is
 * printed); the exit status is 1 if any failed.  The progress bar goes to
 * stderr only when stderr is a terminal, redrawn at most a few times a
 * second; the summary line is always printed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "util/banned.h"

typedef struct bar {
	int tty;
	double t0, last;
	uint64_t base_rows;
} bar;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void draw(void *data, const tides_import_progress *p)
{
	bar *b = data;
	double t = now(), el;
	const char *name;
	if (!b->tty || (t - b->last < 0.25 && p->bytes_done < p->bytes_total))
		return;
	b->last = t;
	el = t - b->t0 > 1e-6 ? t - b->t0 : 1e-6;
	name = p->path;
	if (strlen(name) > 30) /* the end of a long path says more than its start */
		name += strlen(name) - 30;
	if (p->bytes_total) {
		double frac = (double)p->bytes_done / (double)p->bytes_total;
		double eta = frac > 0 ? el * (1 - frac) / frac : 0;
		fprintf(stderr, "\r%-30.30s %5.1f%%  %8.0f rows/s  %6.1f MB/s  ETA %4.0fs ", name,
		        frac * 100, p->rows / el, p->bytes_done / el / 1e6, eta);
	} else {
		fprintf(stderr, "\r%-30.30s %10llu rows  %8.0f rows/s ", name,
		        (unsigned long long)p->rows, p->rows / el);
	}
}

/* --emit: one event per line on stdout, in input order (hard); the
 * record is the one `tides export` writes (export.h): the library formats
 * the lines (on the workers with --threads) and hands them over in runs,
 * which go to the file descriptor as they are, no copy into the stdio
 * buffer (fwrite split each 128 KiB into a 4 KiB write filling its buffer
 * and a direct one), in write(2)s of at most EMIT_WRITE_MAX bytes.  The
 * TSV header before them is flushed first; nothing goes through the stdio
 * buffer after. */
/* Into a file on this VM's ext4 (kernel 6.18), 2M GDELT rows as 729 MB
 * of JSON lines with --threads 2, CPU seconds of the writing thread: a
 * whole run a write (about 2 MiB) 0.70-1.14, 1 MiB 0.20-0.32, 512 KiB
 * 0.165-0.169, 256 KiB 0.185-0.188, 32 KiB 0.33, fwrite in 128 KiB
 * pieces 0.21-0.22 (not explained; a guess: the page cache takes a big
 * write in big folios, and free memory in big pieces costs more to get
 * in this VM).  Measured again on other machines it may move. */
#define EMIT_WRITE_MAX (512u << 10)
static int emit_write(void *data, const char *s, size_t n)
{
	FILE *out = data;
	int fd = fileno(out);
	if (fflush(out) != 0 || fd < 0)
		return -1;
	while (n > 0) {
		ssize_t w = write(fd, s, n > EMIT_WRITE_MAX ? EMIT_WRITE_MAX : n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int cmd_import(int argc, char **argv, cli_env *env)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"dedup", required_argument, NULL, 'D'},
		{"strict", no_argument, NULL, 's'},
		{"batch", required_argument, NULL, 'b'},
		{"dry-run", no_argument, NULL, 'n'},
		{"quiet", no_argument, NULL, 'q'},
		{"threads", required_argument, NULL, 'T'},
		{"emit", required_argument, NULL, 'E'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "tides.db";
	tides_import_opts o;
	tides_import_stats st;
	tides_store *s = NULL;
	bar b;
	int c, i, rc = 0, quiet = 0, fmt, emit = 0, emit_jsonl = 0;
	export_writer es;
	long v;
	char *end;
	double t0, t_open, t_start, t_imp, t_settle;

	tides_import_opts_init(&o);
	o.defer_settle = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'f':
			fmt = tides_import_format_parse(optarg);
			if (fmt < 0)
				return cli_usage_error("import", "unknown format '%s'", optarg);
			o.format = (tides_import_format)fmt;
			break;
		case 'D':
			if (strcmp(optarg, "one-a-day") != 0)
				return cli_usage_error("import", "unknown --dedup '%s' (only one-a-day)", optarg);
			o.dedup_one_a_day = 1;
			break;
		case 's':
			o.strict = 1;
			break;
		case 'b':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 100000000)
				return cli_usage_error("import", "bad --batch '%s'", optarg);
			o.batch_rows = (size_t)v;
			break;
		case 'n':
			o.dry_run = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'T':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 256)
				return cli_usage_error("import", "--threads wants a number from 1 to 256, not '%s'",
				                       optarg);
			o.threads = (int)v;
			break;
		case 'E':
			if (strcmp(optarg, "tsv") != 0 && strcmp(optarg, "jsonl") != 0)
				return cli_usage_error("import", "unknown --emit '%s' (tsv or jsonl)", optarg);
			emit = 1;
			emit_jsonl = strcmp(optarg, "jsonl") == 0;
			break;
		default:
			return cli_usage("import", stderr, 2);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "no input files");
	memset(&es, 0, sizeof es);
	if (emit) {
		/* a streaming filter: parse, write events to stdout, no store */
		if (export_writer_open(&es, stdout, emit_jsonl) != 0) {
			export_writer_close(&es);
			return cli_die(1, "out of memory");
		}
		o.dry_run = 1;
		o.emit_write = emit_write;
		o.emit_jsonl = emit_jsonl;
#ifdef __GLIBC__
		/* one thread at a time writes stdout (with --threads the
		 * library's writer thread during the import, this one before and
		 * after it): skip the per-character stdio lock taken once the
		 * process has threads */
		__fsetlocking(stdout, FSETLOCKING_BYCALLER);
#endif
		o.emit_data = stdout;
	}
	t_open = now();
	if (tides_store_open(env->ctx, o.dry_run ? ":memory:" : db, TIDES_STORE_CREATE, &s) != TIDES_OK) {
		export_writer_close(&es);
		return cli_fail(env);
	}
	memset(&st, 0, sizeof st);
	memset(&b, 0, sizeof b);
	b.tty = !quiet && isatty(2);
	b.t0 = t0 = now();
	o.progress = draw;
	o.progress_data = &b;
	t_start = now();
	for (i = optind; i < argc; i++) {
		b.t0 = now();
		b.last = 0;
		const char *path = o.dry_run && strcmp(argv[i], "-") == 0 ? "/dev/stdin" : argv[i];
		if (tides_store_import(s, path, &o, &st) != TIDES_OK) {
			if (b.tty)
				fputc('\n', stderr);
			rc = cli_fail(env);
			if (o.strict)
				break;
			tides_ctx_clear_error(env->ctx);
		}
	}
	if (b.tty)
		fprintf(stderr, "\r%*s\r", 100, "");
	/* one dedup pass for all the files (each pass reads every stored id) */
	t_imp = now();
	if (!o.dry_run && tides_store_settle(s, &st) != TIDES_OK)
		rc = cli_fail(env);
	t_settle = now();
	tides_store_close(s);
	if (getenv("TIDES_THREAD_STATS")) /* the one-thread tail of a store import (bench/threads.sh) */
		fprintf(stderr, "tides: thread wall: open %.3f files %.3f settle %.3f close %.3f\n",
		        t_start - t_open, t_imp - t_start, t_settle - t_imp, now() - t_settle);
	if (es.line) {
		export_writer_close(&es);
		if (fflush(stdout) != 0 && rc == 0)
			rc = cli_die(1, "cannot write the events");
	}
	{
		double el = now() - t0;
		if (el < 1e-6)
			el = 1e-6;
		fprintf(stderr,
		        "tides: imported %llu rows from %llu files: %llu added, %llu already stored, "
		        "%llu malformed%s; %.2fs, %.0f rows/s, %.1f MB/s\n",
		        (unsigned long long)st.rows, (unsigned long long)st.files,
		        (unsigned long long)st.added, (unsigned long long)st.dups,
		        (unsigned long long)st.bad, o.dry_run ? " (dry run)" : "", el, st.rows / el,
		        st.bytes / el / 1e6);
		if (st.files_skipped)
			fprintf(stderr, "tides: %llu files already imported, skipped\n",
			        (unsigned long long)st.files_skipped);
		if (st.resumed)
			fprintf(stderr, "tides: %llu files resumed from a recorded offset\n",
			        (unsigned long long)st.resumed);
	}
	return rc;
}
