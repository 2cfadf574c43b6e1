/* fuzz_import_gw.c: libFuzzer target for the state lists' readers: the
 * Gleditsch-Ward lists (tab-separated, Windows-1252, recoded with iconv)
 * and the COW list, told apart by their headers. The input is the file;
 * the ledger the importer writes from it must parse without an error
 * (names quoted, dates real days). Aborts otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"
#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/chancery-fuzz-gw-XXXXXX";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct chancery_diags d = CHANCERY_DIAGS_INIT, pd = CHANCERY_DIAGS_INIT;
	struct import_job job = IMPORT_JOB_INIT;
	char path[128];
	const char *paths[1];
	FILE *f;

	if (!ready) {
		if (!mkdtemp(dir))
			abort();
		ready = 1;
	}
	snprintf(path, sizeof(path), "%s/ksgmdw.txt", dir);
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	paths[0] = path;
	job.kind = IMPORT_STATES;
	job.diags = &d;
	if (import_run(&job, paths, 1) == 0) {
		chancery_registry *r = chancery_registry_new();
		chancery_ledger_parse_buffer(r, "(import)", job.out.buf, job.out.len, &pd);
		if (pd.errors) {
			chancery_diags_print(&pd, stderr);
			abort();
		}
		chancery_registry_free(r);
	}
	chancery_diags_release(&pd);
	chancery_diags_release(&d);
	import_job_release(&job);
	return 0;
}
