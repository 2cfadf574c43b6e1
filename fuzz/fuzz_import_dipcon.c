/* fuzz_import_dipcon.c: libFuzzer target for the DIPCON importer (a
 * Stata file read with ReadStat). The input is written as a .dta file and
 * imported against a small known registry that has the states of DIPCON's
 * recoded codes and their COW membership; whatever the file, the ledger
 * the importer writes (facts, and the source's covers lines) must parse
 * without an error. Aborts otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"
#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static chancery_registry *known;
static char dir[] = "/tmp/chancery-fuzz-dipcon-XXXXXX";

static const char known_text[] =
	"source cow \"COW membership\"\n"
	"party US \"United States\" cow=2\n"
	"party GB \"United Kingdom\" cow=200\n"
	"party FR \"France\" cow=220\n"
	"party COW-GFR \"German Federal Republic\" cow=260 from=1955-05-05 to=1990-10-02\n"
	"party COW-YAR \"Yemen Arab Republic\" cow=678 to=1990-05-21\n"
	"party YE \"Yemen\" cow=679\n"
	"party VN \"Viet Nam\" cow=816\n"
	"party COW-RVN \"Republic of Vietnam\" cow=817 to=1975-04-30\n"
	"party ZW \"Zimbabwe\" cow=552\n"
	"1816-01-01 enter-system US system=cow source=cow\n"
	"1816-01-01 enter-system GB system=cow source=cow\n"
	"1816-01-01 enter-system FR system=cow source=cow\n"
	"1955-05-05 enter-system COW-GFR system=cow source=cow\n"
	"1990-10-02 exit-system COW-GFR system=cow source=cow\n"
	"1926-09-02 enter-system COW-YAR system=cow source=cow\n"
	"1990-05-21 exit-system COW-YAR system=cow source=cow\n"
	"1990-05-22 enter-system YE system=cow source=cow\n";

static void setup(void)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	if (known)
		return;
	if (!mkdtemp(dir))
		abort();
	known = chancery_registry_new();
	if (chancery_ledger_parse_buffer(known, "known", known_text, sizeof(known_text) - 1, &d) ||
	    chancery_registry_finish(known, &d))
		abort();
	chancery_diags_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT, pd = CHANCERY_DIAGS_INIT;
	struct import_job job = IMPORT_JOB_INIT;
	char path[128];
	const char *paths[1];
	FILE *f;

	setup();
	snprintf(path, sizeof(path), "%s/DIPCON23.dta", dir);
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	paths[0] = path;
	job.kind = IMPORT_DIPCON;
	job.known = known;
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
