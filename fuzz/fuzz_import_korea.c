/* fuzz_import_korea.c: libFuzzer target for the reader of kdiplo's
 * diplomatic ties of the two Koreas (src/import/korea.c). The input is
 * the file. Whatever the file, the ledger the importer writes (its facts
 * and the source's covers line) must parse without an error, and every
 * generated line must name a row of the file or none. Aborts otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"
#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static chancery_registry *known;
static char dir[] = "/tmp/chancery-fuzz-korea-XXXXXX";

static const char known_text[] =
	"party KR \"Republic of Korea\" short=\"South Korea\" iso=KR iso3=KOR from=../1948-08-15\n"
	"party KP \"Democratic People's Republic of Korea\" iso=KP iso3=PRK from=../1948-09-09\n"
	"party DE \"Federal Republic of Germany\" short=Germany iso=DE iso3=DEU\n"
	"party COW-GDR \"German Democratic Republic\" from=../1949-10-05 to=1990-10-02\n"
	"party VN \"Socialist Republic of Viet Nam\" iso=VN iso3=VNM from=../1954-05-01\n"
	"party COW-RVN \"Republic of Vietnam\" from=../1954-05-01 to=1975-04-30\n"
	"party NA \"Republic of Namibia\" iso=NA iso3=NAM\n"
	"party XK \"Kosovo\" kind=partially-recognised\n"
	"party EU \"European Union\" kind=organisation iso3=EUU\n";

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
	snprintf(path, sizeof(path), "%s/diplo_ties_data.csv", dir);
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	paths[0] = path;
	job.kind = IMPORT_KOREA_TIES;
	job.known = known;
	job.diags = &d;
	if (import_run(&job, paths, 1) == 0) {
		chancery_registry *r = chancery_registry_new();
		size_t lines = 0;
		for (size_t i = 0; i < job.out.len; i++)
			lines += job.out.buf[i] == '\n';
		if (lines != job.n_lines) {
			fprintf(stderr, "%zu lines written, %zu rows remembered\n", lines, job.n_lines);
			abort();
		}
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
