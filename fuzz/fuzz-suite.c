/*
 * Fuzz target: a validation suite TSV given to the real `tides suite`
 * entry point (cmd_suite, linked in from the CLI) with --dicts pointing at
 * small companion TABARI dictionaries (m.verbs, m.actors, m.agents,
 * m.options), so records naming them are coded and scored.  Invariant:
 * the command returns 0 or 1 without a sanitizer report.
 */
#include "fuzz.h"

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[512];
	const char *path;
	cli_env env;
	char *argv[6];
	int rc;

	if (!dir[0]) {
		char p[512];
		fuzz_companion("m.verbs", "RESTOR  [064]\n- * TIES  [065]\nSOCCER  [###]\n"
		                          "BLAST  [+++]\nACCUSE_  [112]\n", p, sizeof p);
		fuzz_companion("m.actors", "ARNOR  [ARN]\nGONDOR  [GON]\nOSGILIATH  [OSG]\n", p, sizeof p);
		fuzz_companion("m.agents", "MINISTER_  [~GOV]\n", p, sizeof p);
		fuzz_companion("m.options", "SET: MINIMUM WORDS = 3\n", p, sizeof p);
		snprintf(dir, sizeof dir, "%s", fuzz_dir());
		fuzz_silence();
	}
	path = fuzz_memfd(0, data, size);
	memset(&env, 0, sizeof env);
	env.ctx = fuzz_ctx();
	env.quiet_warnings = 1;
	argv[0] = (char *)"suite";
	argv[1] = (char *)path;
	argv[2] = (char *)"--dicts";
	argv[3] = dir;
	argv[4] = (size & 1) ? (char *)"--verbose" : NULL;
	argv[5] = NULL;
	rc = cmd_suite((size & 1) ? 5 : 4, argv, &env);
	fflush(stdout);
	if (rc != 0 && rc != 1)
		abort();
	tides_ctx_free(env.ctx);
	return 0;
}
