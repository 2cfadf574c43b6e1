/* render_wikitext.c: the article as MediaWiki source, the way an editor
 * would paste it: {{Infobox bilateral relations}}, the title in bold in
 * the lead, "== ==" headings, a wikitable, "* " lists, wiki links under
 * "See also". With refs, named <ref>s with {{cite web}} and a {{reflist}}. */
#include <stdlib.h>
#include <string.h>

#include "publish/article.h"
#include "base/strbuf.h"
#include "base/url.h"
#include "base/banned.h"

/* The sources already cited in full; later citations reuse the name. */
struct cited {
	const char **ids;
	size_t n, alloc;
};

static int first_citation(struct cited *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->ids[i], id))
			return 0;
	ALLOC_GROW(c->ids, c->n + 1, c->alloc);
	c->ids[c->n++] = id;
	return 1;
}

enum { WT_CELL = 1, WT_LINE_START = 2 };

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Text with what MediaWiki would read as markup written as entities:
 * templates and links ("{{", "[["), external links ("["), bold and italics
 * ("''"), tags, signatures ("~~~"), "|" in a table cell or a template's
 * argument, and at the start of a line list, heading and table markers. */
static void wt_escape(const char *s, int flags, struct strbuf *out)
{
	if ((flags & WT_LINE_START) && *s && strchr("*#:;= -{|!", *s)) {
		strbuf_addf(out, "&#%d;", (unsigned char)*s);
		s++;
	}
	for (; *s; s++) {
		char c = *s;
		if (c == '[' || c == ']' || c == '<' || c == '>' || (c == '|' && (flags & WT_CELL)) ||
		    ((c == '{' || c == '}' || c == '\'') && s[1] == c) ||
		    (c == '~' && s[1] == '~' && s[2] == '~'))
			strbuf_addf(out, "&#%d;", (unsigned char)c);
		else if (c == '&' && (is_alpha(s[1]) || s[1] == '#'))
			strbuf_addstr(out, "&amp;");
		else
			strbuf_addch(out, c);
	}
}

/* An address with what would end it inside {{cite web}} percent-encoded. */
static void wt_url(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= ' ' || c == 0x7f || strchr("|[]{}<>\"", c))
			strbuf_addf(out, "%%%02X", c);
		else
			strbuf_addch(out, c);
	}
}

/* A ref name: an id with the characters a name cannot hold encoded. */
static void ref_name(const char *id, struct strbuf *out)
{
	for (; *id; id++) {
		if (*id == '"' || *id == '<' || *id == '>' || *id == '&')
			strbuf_addf(out, "&#%d;", (unsigned char)*id);
		else
			strbuf_addch(out, *id);
	}
}

static void ref(const struct article *art, const char *id, struct cited *c, struct strbuf *out)
{
	const struct chancery_source *src = NULL;
	size_t i;
	strbuf_addstr(out, "<ref name=\"");
	ref_name(id, out);
	if (!first_citation(c, id)) {
		strbuf_addstr(out, "\" />");
		return;
	}
	strbuf_addstr(out, "\">{{cite web |title=");
	if (chancery_registry_lookup(art->registry, id, &i) == CHANCERY_ENT_SOURCE)
		src = chancery_registry_source(art->registry, i);
	wt_escape(src && src->title && src->title[0] ? src->title : id, WT_CELL, out);
	if (src && src->publisher && src->publisher[0]) {
		strbuf_addstr(out, " |publisher=");
		wt_escape(src->publisher, WT_CELL, out);
	}
	if (src && src->url && src->url[0] && url_is_web(src->url)) {
		strbuf_addstr(out, " |url=");
		wt_url(src->url, out);
	} else if (src && src->url && src->url[0]) {
		/* not a web address: shown as an identifier, never linked */
		strbuf_addstr(out, " |id=");
		wt_escape(src->url, WT_CELL, out);
	}
	strbuf_addstr(out, "}}</ref>");
}

static void cite(const struct article *art, const struct art_sentence *s, struct cited *c,
		 struct strbuf *out)
{
	if (!c)
		return;
	for (size_t i = 0; i < s->n_sources; i++)
		ref(art, s->sources[i], c, out);
}

/* The lead's first sentence with the article's title in bold where it
 * first occurs. */
static void lead_sentence(const struct article *art, const char *text, struct strbuf *out)
{
	const char *at = strstr(text, art->title);
	struct strbuf t = STRBUF_INIT;
	if (!at) {
		wt_escape(text, WT_LINE_START, out);
		return;
	}
	strbuf_add(&t, text, (size_t)(at - text));
	wt_escape(t.buf, WT_LINE_START, out);
	strbuf_addstr(out, "'''");
	wt_escape(art->title, at == text ? WT_LINE_START : 0, out);
	strbuf_addstr(out, "'''");
	wt_escape(at + strlen(art->title), 0, out);
	strbuf_release(&t);
}

static void paragraph(const struct article *art, const struct art_block *k, int lead,
		      struct cited *c, struct strbuf *out)
{
	if (!k->n_items)
		return; /* nothing of this topic by the article's day */
	for (size_t i = 0; i < k->n_items; i++) {
		if (i)
			strbuf_addch(out, ' ');
		if (lead && !i)
			lead_sentence(art, k->items[i].text, out);
		else
			wt_escape(k->items[i].text, i ? 0 : WT_LINE_START, out);
		cite(art, &k->items[i], c, out);
	}
	strbuf_addstr(out, "\n\n");
}

static void table(const struct article *art, const struct art_block *k, struct cited *c,
		  struct strbuf *out)
{
	strbuf_addstr(out, "{| class=\"wikitable\"\n!");
	for (int i = 0; i < ART_TABLE_COLS; i++) {
		const char *h = k->header[i];
		size_t n = strlen(h);
		struct strbuf t = STRBUF_INIT;
		if (n && h[n - 1] == ':') /* the text format's colon */
			n--;
		strbuf_add(&t, h, n);
		strbuf_addstr(out, i ? " !! " : " ");
		wt_escape(t.buf, WT_CELL, out);
		strbuf_release(&t);
	}
	strbuf_addch(out, '\n');
	for (size_t r = 0; r < k->n_rows; r++) {
		const struct art_row *row = &k->rows[r];
		strbuf_addstr(out, "|-\n|");
		for (int i = 0; i < ART_TABLE_COLS; i++) {
			size_t before;
			if (i)
				strbuf_addstr(out, " ||");
			before = out->len;
			strbuf_addch(out, ' ');
			wt_escape(row->cells[i], WT_CELL, out);
			if (i == ART_TABLE_COLS - 1)
				cite(art, &row->cite, c, out);
			if (out->len == before + 1) /* an empty cell */
				strbuf_setlen(out, before);
		}
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, "|}\n\n");
}

static void list(const struct article *art, const struct art_block *k, int links,
		 struct cited *c, struct strbuf *out)
{
	for (size_t i = 0; i < k->n_items; i++) {
		strbuf_addstr(out, links ? "* [[" : "* ");
		wt_escape(k->items[i].text, links ? WT_CELL : 0, out);
		if (links)
			strbuf_addstr(out, "]]");
		cite(art, &k->items[i], c, out);
		strbuf_addch(out, '\n');
	}
	if (k->n_items)
		strbuf_addch(out, '\n');
}

void render_wikitext(const struct article *art, int refs, struct strbuf *out)
{
	struct cited cited = { 0 }, *c = refs ? &cited : NULL;

	strbuf_addstr(out, "{{Infobox bilateral relations\n| name = ");
	wt_escape(art->infobox_title, WT_CELL, out);
	strbuf_addstr(out, "\n| party1 = ");
	wt_escape(art->infobox_party1, WT_CELL, out);
	strbuf_addstr(out, "\n| party2 = ");
	wt_escape(art->infobox_party2, WT_CELL, out);
	strbuf_addstr(out, "\n| filetype = ");
	wt_escape(art->filetype, WT_CELL, out);
	strbuf_addstr(out, "\n| map = ");
	wt_escape(art->map, WT_CELL, out);
	strbuf_addstr(out, "\n}}\n");

	paragraph(art, &art->lead, 1, c, out);
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		const char *mark = s->level == 2 ? "==" : "===";
		strbuf_addf(out, "%s ", mark);
		wt_escape(s->title, 0, out);
		strbuf_addf(out, " %s\n\n", mark);
		for (size_t k = 0; k < s->n_blocks; k++) {
			const struct art_block *b = &s->blocks[k];
			if (b->kind == ART_PARAGRAPH)
				paragraph(art, b, 0, c, out);
			else if (b->kind == ART_TABLE)
				table(art, b, c, out);
			else
				list(art, b, !strcmp(s->title, "See also"), c, out);
		}
	}
	if (refs)
		strbuf_addstr(out, "== References ==\n\n{{reflist}}\n");
	free(cited.ids);
	/* one newline at the end, whatever the last block */
	while (out->len >= 2 && out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}
