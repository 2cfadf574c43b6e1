/* render_html.c: the article as one standalone HTML5 page with its
 * stylesheet inline: the infobox as a floated table, prose paragraphs, the
 * treaty table with <thead>/<tbody>, lists as <ul>, and with refs numbered
 * footnotes and a references section. The page passes tidy clean. */
#include <stdlib.h>
#include <string.h>

#include "publish/article.h"
#include "publish/map.h"
#include "base/strbuf.h"
#include "base/url.h"
#include "base/banned.h"

/* The sources cited so far, in order of first citation: a source's number
 * is its index + 1; uses[] counts its citations for the back-link ids. */
struct refs {
	int on;
	const char **ids;
	unsigned *uses;
	size_t n, alloc, alloc_uses;
};

static void esc(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			strbuf_addstr(out, "&amp;");
			break;
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>':
			strbuf_addstr(out, "&gt;");
			break;
		case '"':
			strbuf_addstr(out, "&quot;");
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
}

/* Percent-encode a file name for a URL: unreserved characters stay. */
static void url_encode(const char *s, struct strbuf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			strbuf_addch(out, c);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		}
	}
}

/* An address for href: bytes a URI cannot hold (spaces, quotes, non-ASCII
 * such as the dash in "Abkhazia–Russia") are percent-encoded, and & is
 * written as an entity; everything else is kept as written. */
static void href(const char *s, struct strbuf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&') {
			strbuf_addstr(out, "&amp;");
		} else if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c)) {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		} else {
			strbuf_addch(out, c);
		}
	}
}

static const char *party_name(const struct chancery_party *p)
{
	return p->short_name ? p->short_name : p->name;
}

/* The footnote marks of one sentence or row, after its text. */
static void cite(struct refs *rf, const struct art_sentence *s, struct strbuf *out)
{
	if (!rf->on)
		return;
	for (size_t i = 0; i < s->n_sources; i++) {
		size_t n = 0;
		while (n < rf->n && strcmp(rf->ids[n], s->sources[i]))
			n++;
		if (n == rf->n) {
			ALLOC_GROW(rf->ids, rf->n + 1, rf->alloc);
			ALLOC_GROW(rf->uses, rf->n + 1, rf->alloc_uses);
			rf->ids[n] = s->sources[i];
			rf->uses[n] = 0;
			rf->n++;
		}
		rf->uses[n]++;
		strbuf_addf(out, "<sup class=\"ref\"><a href=\"#ref-%zu\" id=\"cite-%zu-%u\">[%zu]</a></sup>",
			    n + 1, n + 1, rf->uses[n], n + 1);
	}
}

static void paragraph(struct refs *rf, const struct art_block *k, struct strbuf *out)
{
	if (!k->n_items)
		return; /* nothing of this topic by the article's day */
	strbuf_addstr(out, "<p>");
	for (size_t i = 0; i < k->n_items; i++) {
		if (i)
			strbuf_addch(out, ' ');
		esc(k->items[i].text, out);
		cite(rf, &k->items[i], out);
	}
	strbuf_addstr(out, "</p>\n");
}

static void table(struct refs *rf, const struct art_block *k, struct strbuf *out)
{
	if (!k->n_rows)
		return;
	strbuf_addstr(out, "<table class=\"treaties\">\n<thead>\n<tr>");
	for (int c = 0; c < ART_TABLE_COLS; c++) {
		/* the builder writes the reference's "Signed:"; a header cell
		 * needs no colon */
		struct strbuf h = STRBUF_INIT;
		strbuf_addstr(&h, k->header[c]);
		if (h.len && h.buf[h.len - 1] == ':')
			strbuf_setlen(&h, h.len - 1);
		strbuf_addstr(out, "<th scope=\"col\">");
		esc(h.buf, out);
		strbuf_release(&h);
		strbuf_addstr(out, "</th>");
	}
	strbuf_addstr(out, "</tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < k->n_rows; i++) {
		const struct art_row *row = &k->rows[i];
		strbuf_addstr(out, "<tr>");
		for (int c = 0; c < ART_TABLE_COLS; c++) {
			strbuf_addstr(out, "<td>");
			esc(row->cells[c], out);
			if (c == ART_TABLE_COLS - 1)
				cite(rf, &row->cite, out);
			strbuf_addstr(out, "</td>");
		}
		strbuf_addstr(out, "</tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n");
}

static void list(struct refs *rf, const struct art_block *k, struct strbuf *out)
{
	if (!k->n_items)
		return;
	strbuf_addstr(out, "<ul>\n");
	for (size_t i = 0; i < k->n_items; i++) {
		strbuf_addstr(out, "<li>");
		esc(k->items[i].text, out);
		cite(rf, &k->items[i], out);
		strbuf_addstr(out, "</li>\n");
	}
	strbuf_addstr(out, "</ul>\n");
}

/* The locator map inline, drawn for the infobox's width (issue 10,
 * src/publish/map.c); its notes on parties with no area are in the map.
 * Returns 0 when there is none to draw. */
static int infobox_map(const struct article *art, struct strbuf *out)
{
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct map_opts mo;
	int rc;
	map_opts_init(&mo, art->on);
	mo.display_max = 2 * MAP_INFOBOX; /* the detail of a 500 px wide image */
	mo.inline_html = 1;
	rc = map_locator(art->registry, art->p1->id, art->p2->id, &mo, out, &diags);
	chancery_diags_release(&diags);
	return rc == 0;
}

static void infobox(const struct article *art, struct strbuf *out)
{
	static const char *const label[] = { "Title", "Party 1", "Party 2" };
	const char *value[] = { art->infobox_title, art->infobox_party1, art->infobox_party2 };

	strbuf_addstr(out, "<table class=\"infobox\">\n<caption>");
	esc(art->title, out);
	strbuf_addstr(out, "</caption>\n<tbody>\n");
	for (int i = 0; i < 3; i++) {
		strbuf_addf(out, "<tr><th scope=\"row\">%s</th><td>", label[i]);
		esc(value[i], out);
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "<tr><td colspan=\"2\"><figure>");
	if (!infobox_map(art, out)) { /* the map as a file beside the page */
		strbuf_addstr(out, "<img src=\"");
		url_encode(art->map, out);
		strbuf_addstr(out, "\" alt=\"Locator map of ");
		esc(party_name(art->p1), out);
		strbuf_addstr(out, " and ");
		esc(party_name(art->p2), out);
		strbuf_addstr(out, "\">");
	}
	strbuf_addstr(out, "</figure></td></tr>\n</tbody>\n</table>\n");
}

static void references(const struct article *art, const struct refs *rf, struct strbuf *out)
{
	strbuf_addstr(out, "<section id=\"references\">\n<h2>References</h2>\n");
	if (!rf->n) { /* an empty <ol> is not valid HTML */
		strbuf_addstr(out, "<p>No sources are cited.</p>\n</section>\n");
		return;
	}
	strbuf_addstr(out, "<ol>\n");
	for (size_t i = 0; i < rf->n; i++) {
		const struct chancery_source *s = NULL;
		size_t at;
		int first = 1;
		if (chancery_registry_lookup(art->registry, rf->ids[i], &at) == CHANCERY_ENT_SOURCE)
			s = chancery_registry_source(art->registry, at);
		strbuf_addf(out, "<li id=\"ref-%zu\">", i + 1);
		if (!s) { /* the builder cites only sources; keep the id */
			esc(rf->ids[i], out);
			strbuf_addstr(out, "</li>\n");
			continue;
		}
		if (s->title && *s->title) {
			esc(s->title, out);
			strbuf_addch(out, '.');
			first = 0;
		}
		if (s->publisher && *s->publisher) {
			strbuf_addstr(out, first ? "" : " ");
			esc(s->publisher, out);
			strbuf_addch(out, '.');
			first = 0;
		}
		if (s->url && *s->url && url_is_web(s->url)) {
			strbuf_addstr(out, first ? "<a href=\"" : " <a href=\"");
			href(s->url, out);
			strbuf_addstr(out, "\">");
			esc(s->url, out);
			strbuf_addstr(out, "</a>");
			first = 0;
		} else if (s->url && *s->url) {
			strbuf_addstr(out, first ? "" : " "); /* not a web address: no link */
			esc(s->url, out);
			first = 0;
		}
		if (first)
			esc(s->id, out);
		strbuf_addstr(out, "</li>\n");
	}
	strbuf_addstr(out, "</ol>\n</section>\n");
}

static const char style[] =
	"body { max-width: 50em; margin: 0 auto; padding: 0 1em;"
	" font-family: sans-serif; line-height: 1.5; }\n"
	"table.infobox { float: right; clear: right; width: 22em; margin: 0 0 1em 1em;"
	" border: 1px solid #a2a9b1; background: #f8f9fa; border-collapse: collapse; }\n"
	"table.infobox caption { font-weight: bold; padding: 0.2em; }\n"
	"table.infobox th { text-align: left; padding: 0.2em 0.5em; }\n"
	"table.infobox td { padding: 0.2em 0.5em; }\n"
	"table.infobox figure { margin: 0; text-align: center; }\n"
	"table.infobox img { max-width: 100%; }\n"
	"table.infobox svg { display: block; width: 100%; height: auto; }\n"
	"table.treaties { border-collapse: collapse; margin: 1em 0; }\n"
	"table.treaties th, table.treaties td { border: 1px solid #a2a9b1; padding: 0.2em 0.5em;"
	" vertical-align: top; }\n"
	"table.treaties th { background: #eaecf0; }\n"
	"h2 { clear: both; border-bottom: 1px solid #a2a9b1; }\n"
	"sup.ref { font-size: 75%; line-height: 1; }\n";

void render_html(const struct article *art, int refs, struct strbuf *out)
{
	struct refs rf = { 0 };

	rf.on = refs;
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	esc(art->title, out);
	strbuf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	esc(art->title, out);
	strbuf_addstr(out, "</h1>\n");
	infobox(art, out);
	paragraph(&rf, &art->lead, out);
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		int h = s->level == 2 ? 2 : 3;
		strbuf_addf(out, "<h%d>", h);
		esc(s->title, out);
		strbuf_addf(out, "</h%d>\n", h);
		for (size_t k = 0; k < s->n_blocks; k++) {
			const struct art_block *b = &s->blocks[k];
			if (b->kind == ART_PARAGRAPH)
				paragraph(&rf, b, out);
			else if (b->kind == ART_TABLE)
				table(&rf, b, out);
			else
				list(&rf, b, out);
		}
	}
	if (refs)
		references(art, &rf, out);
	strbuf_addstr(out, "</body>\n</html>\n");
	free(rf.ids);
	free(rf.uses);
}
