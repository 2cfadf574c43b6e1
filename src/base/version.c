/* version.c: the library's version at run time (include/chancery.h). */
#include "chancery.h"

#include "base/banned.h"

int chancery_version(void)
{
	return CHANCERY_VERSION_NUMBER;
}

const char *chancery_version_string(void)
{
	return CHANCERY_VERSION;
}
