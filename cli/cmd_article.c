/* cmd_article.c: chancery article A B: the bilateral-relations article as
 * it could have been written on a day, in the reference text format or as
 * its JSON structure. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "publish/article.h"
#include "cli.h"
#include "publish/api.h"
#include "persist/persist.h"
#include "base/strbuf.h"
#include "base/banned.h"

static const char *const formats[] = { "text", "markdown", "html", "wikitext", "json", NULL };

int cmd_article(int argc, char **argv)
{
	enum { OPT_ON = 1000, OPT_FORMAT, OPT_REFS };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "on", required_argument, NULL, OPT_ON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "refs", no_argument, NULL, OPT_REFS },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("article");
	struct common o = { 0 };
	const char *format = "text", *output = NULL;
	int32_t day = chancery_today();
	const struct chancery_party *a, *b;
	struct article *art = NULL;
	struct strbuf sb = STRBUF_INIT;
	chancery_registry *r;
	int opt, code = EXIT_OK, known = 0, refs = 0;

	while ((opt = next_option(c, argc, argv, "hf:o:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON) {
			if (parse_day_arg("--on", optarg, &day))
				exit(EXIT_USAGE);
		} else if (opt == OPT_FORMAT) {
			format = optarg;
		} else if (opt == 'o') {
			output = optarg;
		} else if (opt == OPT_REFS) {
			refs = 1;
		}
	}
	if (o.json)
		format = "json";
	for (int i = 0; formats[i]; i++)
		known |= !strcmp(format, formats[i]);
	if (!known)
		die_usage(c, "unknown --format '%s'; the formats are text, markdown, html, wikitext and json",
			  format);
	if (optind + 2 != argc)
		die_usage(c, "expected two parties");
	const struct persist_need need = { PERSIST_EVENTS_OF, { argv[optind], argv[optind + 1] }, 2, NULL, NULL };
	if (!(r = load_registry_for(&o, &need, &code))) {
		common_release(&o);
		return code;
	}
	if (!(a = resolve_party(r, argv[optind])) || !(b = resolve_party(r, argv[optind + 1])) ||
	    article_build(r, a->id, b->id, day, &art)) {
		code = EXIT_NOTFOUND;
		goto out;
	}
	if (!strcmp(format, "json")) {
		json_t *j = api_article_json(art);
		char *dumped = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(j);
		if (!dumped) {
			/* jansson refuses what is not valid UTF-8: say so rather
			 * than write an article with a part missing */
			fprintf(stderr, "error: cannot write the article as JSON: a text in it is not"
					" valid UTF-8\n");
			code = EXIT_DATA;
			goto out;
		}
		strbuf_addstr(&sb, dumped);
		strbuf_addch(&sb, '\n');
		free(dumped);
	} else if (!strcmp(format, "markdown")) {
		render_markdown(art, refs, &sb);
	} else if (!strcmp(format, "html")) {
		render_html(art, refs, &sb);
	} else if (!strcmp(format, "wikitext")) {
		render_wikitext(art, refs, &sb);
	} else {
		render_text(art, &sb); /* the reference format has no footnotes */
	}
	code = write_output(output, common_db(&o), sb.buf, sb.len);
out:
	article_free(art);
	strbuf_release(&sb);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
