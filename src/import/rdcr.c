/* rdcr.c: the Office of the Historian's guide to US recognition and relations (TEI XML).
 * A reader to come (issue 17); until then the command says so. */
#include "import/import.h"
#include "base/banned.h"

int import_rdcr(struct import_job *job, const char *const *paths, size_t n)
{
	(void)n;
	chancery_diags_add(job->diags, CHANCERY_ERROR, paths[0], 0, 0, NULL,
			   "this importer is not built yet");
	return -CHANCERY_EINPUT;
}
