/* fuzz_import_rdcr.c: libFuzzer target for the reader of the Office of
 * the Historian's guide (src/import/rdcr.c, rdcr_rules.c): the input is
 * an article (TEI XML, read with libxml2). Whatever the article, the
 * ledger the importer writes must parse without an error: heads and
 * cities quoted, dates real, ids well formed. Aborts otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chancery.h"
#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static chancery_registry *known;
static char dir[] = "/tmp/chancery-fuzz-rdcr-XXXXXX";

/* The parties the corpus's articles name, the slugs and "others" of
 * rdcr.c among them, so that the rules for them run too. */
static const char known_text[] =
	"party US \"United States of America\" short=\"United States\" iso=US cow=2\n"
	"party FR \"French Republic\" short=France iso=FR cow=220\n"
	"party CN \"People's Republic of China\" short=China iso=CN cow=710\n"
	"party TW \"Republic of China\" short=Taiwan iso=TW kind=partially-recognised from=1949-12-08\n"
	"party YE \"Republic of Yemen\" short=Yemen iso=YE\n"
	"party COW-YPR \"Yemen People's Republic\" from=1967-11-30 to=1990-05-21\n"
	"party HIST-TEXAS \"Republic of Texas\" short=Texas from=1836-03-02 to=1846-02-19\n"
	"party HIST-ATLANTIS \"Kingdom of Atlantis\" short=Atlantis from=1800 to=1850\n";

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
	/* the first byte picks the article's name: a slug with rules of its
	 * own, or one found by its title */
	static const char *const names[] = { "france.xml", "china.xml", "yemen.xml", "texas.xml" };
	struct chancery_diags d = CHANCERY_DIAGS_INIT, pd = CHANCERY_DIAGS_INIT;
	struct import_job job = IMPORT_JOB_INIT;
	char path[128];
	const char *paths[1];
	FILE *f;

	if (!size)
		return 0;
	setup();
	snprintf(path, sizeof(path), "%s/%s", dir, names[data[0] % 4]);
	if (!(f = fopen(path, "wb")) || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f))
		abort();
	paths[0] = path;
	job.kind = IMPORT_RDCR;
	job.known = known;
	job.diags = &d;
	if (import_run(&job, paths, 1) == 0) {
		chancery_registry *r = chancery_registry_new();
		chancery_ledger_parse_buffer(r, "(import)", job.out.buf, job.out.len, &pd);
		if (pd.errors) {
			chancery_diags_print(&pd, stderr);
			fwrite(job.out.buf, 1, job.out.len, stderr);
			abort();
		}
		chancery_registry_free(r);
	}
	unlink(path);
	chancery_diags_release(&pd);
	chancery_diags_release(&d);
	import_job_release(&job);
	return 0;
}
