/* Fuzz target: a TABARI agents file loaded with tides_dicts_load next to small
 * companion dictionaries, then fixed stories coded with it (dict-common.h). */
#include "dict-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fd_run(data, size, FD_AGENTS, 0);
}
