/* web.c: serving the embedded web page. "/" is index.html; any other path
 * names a file of web/. The page keeps its state in the URL's query, so
 * "/?a=AB&b=RU&on=2008-09-01" is index.html too. */
#include "http.h"
#include "web.h"

#include <string.h>

#include "base/banned.h"

int web_serve(struct request *rq)
{
	const char *path = !strcmp(rq->path, "/") ? "/index.html" : rq->path;
	for (size_t i = 0; i < web_assets_count; i++)
		if (!strcmp(web_assets[i].path, path)) {
			reply_text(rq, 200, web_assets[i].content_type,
				   (const char *)web_assets[i].data, web_assets[i].len);
			rq->cache = 1;
			return 1;
		}
	return 0;
}
