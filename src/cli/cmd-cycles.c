/*
 * cmd-cycles.c — `tides cycles`.  PLACEHOLDER in the skeleton: the module that
 * owns this command replaces this file.  Must not reach main unimplemented.
 */
#include "cli/cli.h"

int cmd_cycles(int argc, char **argv, cli_env *env)
{
	(void)argc; (void)argv; (void)env;
	return cli_die(1, "cycles: not built yet");
}
