/* web.h: the files of the web page (web/), embedded into the binary at
 * build time by cmake/embed.cmake, which writes web_assets.c. */
#ifndef SERVER_WEB_H
#define SERVER_WEB_H

#include <stddef.h>

struct web_asset {
	const char *path;         /* "/index.html" */
	const char *content_type; /* from the file's extension */
	const unsigned char *data;
	size_t len;
};

extern const struct web_asset web_assets[];
extern const size_t web_assets_count;

#endif
