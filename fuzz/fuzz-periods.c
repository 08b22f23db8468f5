/*
 * Fuzz target: a periods CSV (name,start,end) given to the real `tides
 * cycles --series S --periods P` entry point (cmd_cycles, linked in from
 * the CLI), next to a fixed monthly series.  Two size bits pick the
 * output format.  Invariant: the command returns 0 or 1 (never 2: the
 * arguments are fixed and valid) without a sanitizer report.
 */
#include "fuzz.h"

#include "cli/cli.h"

static const char series_csv[] =
	"date,value\n"
	"2000-01-01,1\n2000-02-01,3\n2000-03-01,5\n2000-04-01,4\n2000-05-01,2\n"
	"2000-06-01,0\n2000-07-01,-1\n2000-08-01,1\n2000-09-01,4\n2000-10-01,6\n"
	"2000-11-01,5\n2000-12-01,3\n2001-01-01,1\n2001-02-01,-2\n2001-03-01,-3\n"
	"2001-04-01,-1\n2001-05-01,2\n2001-06-01,5\n2001-07-01,7\n2001-08-01,6\n"
	"2001-09-01,3\n2001-10-01,0\n2001-11-01,-2\n2001-12-01,-1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char series[512];
	static const char *const fmts[] = {"text", "csv", "json", "text"};
	const char *path;
	cli_env env;
	char *argv[9];
	int rc;

	if (!series[0]) {
		fuzz_companion("series.csv", series_csv, series, sizeof series);
		fuzz_silence();
	}
	path = fuzz_memfd(0, data, size);
	memset(&env, 0, sizeof env);
	env.ctx = fuzz_ctx();
	env.quiet_warnings = 1;
	argv[0] = (char *)"cycles";
	argv[1] = (char *)"--series";
	argv[2] = series;
	argv[3] = (char *)"--periods";
	argv[4] = (char *)path;
	argv[5] = (char *)"--format";
	argv[6] = (char *)fmts[size & 3];
	argv[7] = NULL;
	rc = cmd_cycles(7, argv, &env);
	fflush(stdout);
	if (rc != 0 && rc != 1)
		abort();
	tides_ctx_free(env.ctx);
	return 0;
}
