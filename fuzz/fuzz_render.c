/* fuzz_render.c: libFuzzer target for the article and its renderers (after
 * cmark's fuzz target, which parses and then renders every format). The
 * input is parsed as a ledger; for the first dyads of its parties the
 * article is built on two days and rendered in every format, with and
 * without footnotes. Every output must be valid UTF-8, and the HTML must
 * hold no script element and no javascript: link, whatever the names,
 * notes and addresses of the input were. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chancery.h"
#include "base/strbuf.h"
#include "publish/article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
	if (!condition)
		abort();
}

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], k;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if (i + k >= n)
			return 0;
		for (unsigned j = 1; j <= k; j++)
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* No live script in the HTML: the renderers escape every text, and link
 * only http(s) addresses. */
static void html_is_inert(const char *html)
{
	for (const char *p = html; (p = strchr(p, '<')); p++) {
		check(strncasecmp(p, "<script", 7) != 0);
		check(strncasecmp(p, "<iframe", 7) != 0);
	}
	for (const char *p = html; (p = strstr(p, "href=\"")); p++)
		check(strncasecmp(p + 6, "javascript:", 11) != 0 && strncasecmp(p + 6, "data:", 5) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct chancery_parse_opts no_includes = { .flags = CHANCERY_PARSE_NO_INCLUDES };
	static const int32_t days[] = { 14300 /* 2009-02-25 */, 20454 /* 2026-01-01 */ };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	char *copy = malloc(size ? size : 1);
	size_t n;

	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	chancery_ledger_parse_buffer_opts(r, "fuzz.ledger", copy, size, &no_includes, &diags);
	check(chancery_registry_finish(r, &diags) == 0);
	n = chancery_registry_party_count(r);
	for (size_t i = 0; i < n && i < 3; i++)
		for (size_t j = i + 1; j < n && j < 4; j++)
			for (size_t d = 0; d < sizeof(days) / sizeof(*days); d++) {
				const char *a = chancery_registry_party(r, i)->id;
				const char *b = chancery_registry_party(r, j)->id;
				struct article *art;
				struct strbuf out = STRBUF_INIT;
				if (article_build(r, a, b, days[d], &art))
					continue;
				render_text(art, &out);
				check(valid_utf8((const unsigned char *)out.buf, out.len));
				for (int refs = 0; refs <= 1; refs++) {
					strbuf_reset(&out);
					render_markdown(art, refs, &out);
					check(valid_utf8((const unsigned char *)out.buf, out.len));
					strbuf_reset(&out);
					render_wikitext(art, refs, &out);
					check(valid_utf8((const unsigned char *)out.buf, out.len));
				}
				strbuf_reset(&out);
				render_html(art, 1, &out);
				check(valid_utf8((const unsigned char *)out.buf, out.len));
				html_is_inert(out.buf);
				strbuf_release(&out);
				article_free(art);
			}
	chancery_registry_free(r);
	chancery_diags_release(&diags);
	free(copy);
	return 0;
}
