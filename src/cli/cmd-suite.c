/*
 * cmd-suite.c — `tides suite`.  PLACEHOLDER in the skeleton: the module that
 * owns this command replaces this file.  Must not reach main unimplemented.
 */
#include "cli/cli.h"

int cmd_suite(int argc, char **argv, cli_env *env)
{
	(void)argc; (void)argv; (void)env;
	return cli_die(1, "suite: not built yet");
}
