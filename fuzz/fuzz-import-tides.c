/* Fuzz target: tides TSV or JSONL events through tides_store_import into an in-memory
 * store (import-common.h). */
#include "import-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fi_run(data, size, TIDES_IMPORT_TIDES);
}
