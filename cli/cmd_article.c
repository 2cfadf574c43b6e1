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
#include "publish/json.h"
#include "base/strbuf.h"
#include "base/banned.h"

static const char *const formats[] = { "text", "markdown", "html", "wikitext", "json", NULL };

static json_t *json_sentence(const struct art_sentence *s)
{
	json_t *o = json_pack("{s:s}", "text", s->text), *ev = json_array(), *src = json_array();
	for (size_t i = 0; i < s->n_events; i++)
		json_array_append_new(ev, json_string(s->events[i]));
	for (size_t i = 0; i < s->n_sources; i++)
		json_array_append_new(src, json_string(s->sources[i]));
	json_object_set_new(o, "events", ev);
	json_object_set_new(o, "sources", src);
	return o;
}

static json_t *json_block(const struct art_block *k)
{
	static const char *const kinds[] = { "paragraph", "list", "table" };
	json_t *o = json_pack("{s:s}", "kind", kinds[k->kind]), *items = json_array();
	if (k->kind == ART_TABLE) {
		json_t *header = json_array();
		for (int c = 0; c < ART_TABLE_COLS; c++)
			json_array_append_new(header, json_string(k->header[c]));
		json_object_set_new(o, "header", header);
		for (size_t i = 0; i < k->n_rows; i++) {
			json_t *cells = json_array(), *row = json_sentence(&k->rows[i].cite);
			for (int c = 0; c < ART_TABLE_COLS; c++)
				json_array_append_new(cells, json_string(k->rows[i].cells[c]));
			json_object_del(row, "text");
			json_object_set_new(row, "cells", cells);
			json_array_append_new(items, row);
		}
		json_object_set_new(o, "rows", items);
		return o;
	}
	for (size_t i = 0; i < k->n_items; i++)
		json_array_append_new(items, json_sentence(&k->items[i]));
	json_object_set_new(o, k->kind == ART_LIST ? "items" : "sentences", items);
	return o;
}

static json_t *json_article(const struct article *art)
{
	json_t *sections = json_array();
	json_t *o = json_pack("{s:s, s:o, s:[s, s], s:{s:s, s:s, s:s, s:s, s:s}}", "title",
			      art->title, "on", json_day(art->on), "parties", art->p1->id,
			      art->p2->id, "infobox", "title", art->infobox_title, "party1",
			      art->infobox_party1, "party2", art->infobox_party2, "filetype",
			      art->filetype, "map", art->map);
	json_object_set_new(o, "lead", json_block(&art->lead));
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		json_t *blocks = json_array();
		for (size_t k = 0; k < s->n_blocks; k++)
			json_array_append_new(blocks, json_block(&s->blocks[k]));
		json_array_append_new(sections, json_pack("{s:i, s:s, s:o}", "level", s->level,
							  "title", s->title, "blocks", blocks));
	}
	json_object_set_new(o, "sections", sections);
	return o;
}

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
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	if (!(a = resolve_party(r, argv[optind])) || !(b = resolve_party(r, argv[optind + 1])) ||
	    article_build(r, a->id, b->id, day, &art)) {
		code = EXIT_NOTFOUND;
		goto out;
	}
	if (!strcmp(format, "json")) {
		json_t *j = json_article(art);
		char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(j);
		strbuf_addstr(&sb, text ? text : "");
		strbuf_addch(&sb, '\n');
		free(text);
	} else if (!strcmp(format, "markdown")) {
		render_markdown(art, refs, &sb);
	} else if (!strcmp(format, "html")) {
		render_html(art, refs, &sb);
	} else if (!strcmp(format, "wikitext")) {
		render_wikitext(art, refs, &sb);
	} else {
		render_text(art, &sb); /* the reference format has no footnotes */
	}
	if (!output) {
		fwrite(sb.buf, 1, sb.len, stdout);
	} else {
		struct strbuf tmp = STRBUF_INIT;
		FILE *f;
		strbuf_addf(&tmp, "%s.tmp.%ld", output, (long)getpid());
		f = fopen(tmp.buf, "w");
		if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len || fclose(f) ||
		    rename(tmp.buf, output)) {
			fprintf(stderr, "error: cannot write '%s': %s\n", output, strerror(errno));
			remove(tmp.buf);
			code = EXIT_STORE;
		}
		strbuf_release(&tmp);
	}
out:
	article_free(art);
	strbuf_release(&sb);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
