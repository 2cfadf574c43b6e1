/* fuzz_import_csv.c: libFuzzer target for the CSV readers of src/import/
 * (libcsv, and the manytreaties, embassies and pocom importers). The first
 * byte picks the importer, the rest is the file. Whatever the file, the
 * ledger an importer writes must parse without an error: its strings are
 * quoted, its dates checked, its ids well formed. Aborts otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"
#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static chancery_registry *known;
static char dir[] = "/tmp/chancery-fuzz-csv-XXXXXX";

static const char known_text[] =
	"party FR \"France\" iso=FR iso3=FRA cow=220 gw=220\n"
	"party GB \"United Kingdom\" iso=GB iso3=GBR cow=200 gw=200\n"
	"party US \"United States\" iso=US iso3=USA cow=2 gw=2 wikidata=Q30\n"
	"party RU \"Russian Federation\" short=Russia iso=RU iso3=RUS wikidata=Q159\n"
	"party EU \"European Union\" kind=organisation\n"
	/* a person pocom's slugs are matched to by name */
	"person crowder \"Enoch H. Crowder\"\n";

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
	static const char *const names[] = { "manytreaties_parties_GGO.csv",
					     "database_of_embassies_2022-11-16.csv",
					     "pocom_chiefs_of_mission.csv", "cow_statelist2024.csv" };
	static const enum import_kind kinds[] = { IMPORT_TREATIES, IMPORT_MISSIONS, IMPORT_ENVOYS,
						  IMPORT_STATES };
	struct chancery_diags d = CHANCERY_DIAGS_INIT, pd = CHANCERY_DIAGS_INIT;
	struct import_job job = IMPORT_JOB_INIT;
	char path[128];
	const char *paths[1];
	unsigned which;
	FILE *f;

	if (!size)
		return 0;
	setup();
	which = data[0] % 4;
	snprintf(path, sizeof(path), "%s/%s", dir, names[which]);
	if (!(f = fopen(path, "wb")) || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f))
		abort();
	paths[0] = path;
	job.kind = kinds[which];
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
