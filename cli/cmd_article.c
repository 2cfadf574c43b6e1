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

/* The article's structure as JSON. jansson refuses a string that is not
 * valid UTF-8 (json_string returns NULL, and appending NULL appends
 * nothing): every value is checked through add(), so that one bad text
 * makes the whole article fail loudly instead of losing a sentence. */
struct json_build {
	int failed;
};

static json_t *add(struct json_build *jb, json_t *v)
{
	if (!v)
		jb->failed = 1;
	return v;
}

static void append(struct json_build *jb, json_t *array, json_t *v)
{
	if (!v || json_array_append_new(array, v))
		jb->failed = 1;
}

static void set(struct json_build *jb, json_t *object, const char *key, json_t *v)
{
	if (!v || json_object_set_new(object, key, v))
		jb->failed = 1;
}

/* A text, or null where there is none (an empty table cell). */
static json_t *text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *json_sentence(struct json_build *jb, const struct art_sentence *s)
{
	json_t *o = json_object(), *ev = json_array(), *src = json_array();
	if (s->text) /* a table row's citation has none */
		set(jb, o, "text", json_string(s->text));
	for (size_t i = 0; i < s->n_events; i++)
		append(jb, ev, json_string(s->events[i]));
	for (size_t i = 0; i < s->n_sources; i++)
		append(jb, src, json_string(s->sources[i]));
	set(jb, o, "events", ev);
	set(jb, o, "sources", src);
	return o;
}

static json_t *json_block(struct json_build *jb, const struct art_block *k)
{
	static const char *const kinds[] = { "paragraph", "list", "table" };
	json_t *o = json_pack("{s:s}", "kind", kinds[k->kind]), *items = json_array();
	if (k->kind == ART_TABLE) {
		json_t *header = json_array();
		for (int c = 0; c < ART_TABLE_COLS; c++)
			append(jb, header, text(k->header[c]));
		set(jb, o, "header", header);
		for (size_t i = 0; i < k->n_rows; i++) {
			json_t *cells = json_array(), *row = json_sentence(jb, &k->rows[i].cite);
			for (int c = 0; c < ART_TABLE_COLS; c++)
				append(jb, cells, text(k->rows[i].cells[c]));
			set(jb, row, "cells", cells);
			append(jb, items, row);
		}
		set(jb, o, "rows", items);
		return o;
	}
	for (size_t i = 0; i < k->n_items; i++)
		append(jb, items, json_sentence(jb, &k->items[i]));
	set(jb, o, k->kind == ART_LIST ? "items" : "sentences", items);
	return o;
}

/* NULL when a text could not be written as JSON. */
static json_t *json_article(const struct article *art)
{
	struct json_build jb = { 0 };
	json_t *sections = json_array();
	json_t *o = add(&jb, json_pack("{s:s, s:o, s:[s, s], s:{s:s, s:s, s:s, s:s, s:s}}",
				       "title", art->title, "on", json_day(art->on), "parties",
				       art->p1->id, art->p2->id, "infobox", "title",
				       art->infobox_title, "party1", art->infobox_party1, "party2",
				       art->infobox_party2, "filetype", art->filetype, "map",
				       art->map));
	if (!o) {
		json_decref(sections);
		return NULL;
	}
	set(&jb, o, "lead", json_block(&jb, &art->lead));
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		json_t *blocks = json_array(), *section = json_object();
		for (size_t k = 0; k < s->n_blocks; k++)
			append(&jb, blocks, json_block(&jb, &s->blocks[k]));
		set(&jb, section, "level", json_integer(s->level));
		set(&jb, section, "title", json_string(s->title));
		set(&jb, section, "blocks", blocks);
		append(&jb, sections, section);
	}
	set(&jb, o, "sections", sections);
	if (jb.failed) {
		json_decref(o);
		return NULL;
	}
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
