/* treaties.c: stub. */
#include "import/import.h"
#include "base/banned.h"

int import_treaties(struct import_job *job, const char *const *paths, size_t n)
{
	(void)job; (void)paths; (void)n;
	return -CHANCERY_EINPUT;
}
