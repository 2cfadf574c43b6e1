/* url.c: web addresses (url.h). */
#include "base/url.h"

#include <string.h>
#include <strings.h>

#include "base/banned.h"

int url_is_web(const char *url)
{
	static const char *const schemes[] = { "http://", "https://" };
	for (size_t i = 0; url && i < sizeof(schemes) / sizeof(*schemes); i++) {
		size_t n = strlen(schemes[i]);
		if (!strncasecmp(url, schemes[i], n) && url[n])
			return 1;
	}
	return 0;
}
