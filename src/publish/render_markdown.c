/* render_markdown.c: the article as CommonMark with GitHub's tables and
 * footnotes: "#" headings, the infobox and the treaty table as pipe tables,
 * lists with "- ". With refs, every sentence and table row cites its
 * sources as "[^n]" footnotes, defined once each at the end. */
#include <stdlib.h>
#include <string.h>

#include "publish/article.h"
#include "base/strbuf.h"
#include "base/url.h"
#include "base/banned.h"

/* The sources in order of first citation; a source's number is its index
 * here plus one. */
struct notes {
	const char **ids;
	size_t n, alloc;
};

static size_t note_number(struct notes *nt, const char *id)
{
	for (size_t i = 0; i < nt->n; i++)
		if (!strcmp(nt->ids[i], id))
			return i + 1;
	ALLOC_GROW(nt->ids, nt->n + 1, nt->alloc);
	nt->ids[nt->n++] = id;
	return nt->n;
}

enum { MD_CELL = 1, MD_LINE_START = 2 };

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Text with the characters that Markdown would read as markup escaped:
 * emphasis, code, links, and (at the start of a line) headings, quotes,
 * list markers; "|" inside a table cell. HTML's "<", ">" and a "&" that
 * could start an entity are written as entities, which every Markdown
 * reads as text (a backslash before "<" is CommonMark's escape only:
 * Python-Markdown would pass the tag through). */
static void md_escape(const char *s, int flags, struct strbuf *out)
{
	if (flags & MD_LINE_START) {
		const char *d = s;
		while (is_digit(*d))
			d++;
		if (d > s && (*d == '.' || *d == ')')) { /* "1. " would start a list */
			strbuf_add(out, s, (size_t)(d - s));
			strbuf_addch(out, '\\');
			s = d;
		} else if (*s && strchr("#>+-=", *s)) {
			strbuf_addch(out, '\\');
		}
	}
	for (; *s; s++) {
		if (*s == '<')
			strbuf_addstr(out, "&lt;");
		else if (*s == '>')
			strbuf_addstr(out, "&gt;");
		else if (*s == '&' && (is_alpha(s[1]) || s[1] == '#'))
			strbuf_addstr(out, "&amp;");
		else if (strchr("\\`*_[]~", *s) || (*s == '|' && (flags & MD_CELL)))
			strbuf_addf(out, "\\%c", *s);
		else
			strbuf_addch(out, *s);
	}
}

/* An address percent-encoded where Markdown would end or break it. */
static void md_url(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= ' ' || c == 0x7f || strchr("<>()\"\\`", c))
			strbuf_addf(out, "%%%02X", c);
		else
			strbuf_addch(out, c);
	}
}

/* A file name as a relative URL: unreserved characters stay. */
static void md_file_url(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(out, c);
		else
			strbuf_addf(out, "%%%02X", c);
	}
}

static void cite(const struct art_sentence *s, struct notes *nt, struct strbuf *out)
{
	if (!nt)
		return;
	for (size_t i = 0; i < s->n_sources; i++)
		strbuf_addf(out, "[^%zu]", note_number(nt, s->sources[i]));
}

static void paragraph(const struct art_block *k, struct notes *nt, struct strbuf *out)
{
	if (!k->n_items)
		return; /* nothing of this topic by the article's day */
	for (size_t i = 0; i < k->n_items; i++) {
		if (i)
			strbuf_addch(out, ' ');
		md_escape(k->items[i].text, i ? 0 : MD_LINE_START, out);
		cite(&k->items[i], nt, out);
	}
	strbuf_addstr(out, "\n\n");
}

/* A header cell without the text format's trailing colon. */
static void header_cell(const char *h, struct strbuf *out)
{
	size_t n = strlen(h);
	struct strbuf t = STRBUF_INIT;
	if (n && h[n - 1] == ':')
		n--;
	strbuf_add(&t, h, n);
	md_escape(t.buf, MD_CELL, out);
	strbuf_release(&t);
}

static void table(const struct art_block *k, struct notes *nt, struct strbuf *out)
{
	strbuf_addch(out, '|');
	for (int c = 0; c < ART_TABLE_COLS; c++) {
		strbuf_addch(out, ' ');
		header_cell(k->header[c], out);
		strbuf_addstr(out, " |");
	}
	strbuf_addch(out, '\n');
	strbuf_addch(out, '|');
	for (int c = 0; c < ART_TABLE_COLS; c++)
		strbuf_addstr(out, " --- |");
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < k->n_rows; i++) {
		const struct art_row *row = &k->rows[i];
		strbuf_addch(out, '|');
		for (int c = 0; c < ART_TABLE_COLS; c++) {
			size_t before = out->len;
			strbuf_addch(out, ' ');
			md_escape(row->cells[c], MD_CELL, out);
			if (c == ART_TABLE_COLS - 1)
				cite(&row->cite, nt, out);
			if (out->len == before + 1) /* an empty cell: "| |" */
				strbuf_setlen(out, before);
			strbuf_addstr(out, " |");
		}
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
}

static void list(const struct art_block *k, struct notes *nt, struct strbuf *out)
{
	for (size_t i = 0; i < k->n_items; i++) {
		strbuf_addstr(out, "- ");
		md_escape(k->items[i].text, MD_LINE_START, out);
		cite(&k->items[i], nt, out);
		strbuf_addch(out, '\n');
	}
	if (k->n_items)
		strbuf_addch(out, '\n');
}

static int ends_sentence(const char *s)
{
	size_t n = strlen(s);
	return n && strchr(".?!", s[n - 1]);
}

/* "[^1]: Title. Publisher. <url>", leaving out what the source lacks. */
static void note(const struct article *art, size_t number, const char *id, struct strbuf *out)
{
	const struct chancery_source *src = NULL;
	size_t i;
	const char *title, *publisher = NULL, *url = NULL;
	if (chancery_registry_lookup(art->registry, id, &i) == CHANCERY_ENT_SOURCE)
		src = chancery_registry_source(art->registry, i);
	title = src && src->title && src->title[0] ? src->title : id;
	if (src && src->publisher && src->publisher[0])
		publisher = src->publisher;
	if (src && src->url && src->url[0])
		url = src->url;
	strbuf_addf(out, "[^%zu]: ", number);
	md_escape(title, 0, out);
	if (!ends_sentence(title))
		strbuf_addch(out, '.');
	if (publisher) {
		strbuf_addch(out, ' ');
		md_escape(publisher, 0, out);
		if (!ends_sentence(publisher))
			strbuf_addch(out, '.');
	}
	if (url && url_is_web(url)) {
		strbuf_addstr(out, " <");
		md_url(url, out);
		strbuf_addch(out, '>');
	} else if (url) { /* not a web address: text, never an autolink */
		strbuf_addch(out, ' ');
		md_escape(url, 0, out);
	}
	strbuf_addch(out, '\n');
}

void render_markdown(const struct article *art, int refs, struct strbuf *out)
{
	struct notes notes = { 0 }, *nt = refs ? &notes : NULL;
	size_t n = strlen(art->map);

	strbuf_addstr(out, "# ");
	md_escape(art->title, 0, out);
	strbuf_addstr(out, "\n\n| | |\n| --- | --- |\n| Title | ");
	md_escape(art->infobox_title, MD_CELL, out);
	strbuf_addstr(out, " |\n| Party 1 | ");
	md_escape(art->infobox_party1, MD_CELL, out);
	strbuf_addstr(out, " |\n| Party 2 | ");
	md_escape(art->infobox_party2, MD_CELL, out);
	strbuf_addstr(out, " |\n| Map | ![");
	{ /* the alt text is the file's name without its extension */
		struct strbuf alt = STRBUF_INIT;
		const char *dot = strrchr(art->map, '.');
		strbuf_add(&alt, art->map, dot ? (size_t)(dot - art->map) : n);
		md_escape(alt.buf, MD_CELL, out);
		strbuf_release(&alt);
	}
	/* The map is a file beside the page: every byte but the unreserved
	 * ones percent-encoded, so that no name can make it another scheme. */
	strbuf_addstr(out, "](");
	md_file_url(art->map, out);
	strbuf_addstr(out, ") |\n\n");

	paragraph(&art->lead, nt, out);
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		strbuf_addstr(out, s->level == 2 ? "## " : "### ");
		md_escape(s->title, 0, out);
		strbuf_addstr(out, "\n\n");
		for (size_t k = 0; k < s->n_blocks; k++) {
			const struct art_block *b = &s->blocks[k];
			if (b->kind == ART_PARAGRAPH)
				paragraph(b, nt, out);
			else if (b->kind == ART_TABLE)
				table(b, nt, out);
			else
				list(b, nt, out);
		}
	}
	if (nt && notes.n) {
		for (size_t i = 0; i < notes.n; i++)
			note(art, i + 1, notes.ids[i], out);
	}
	free(notes.ids);
	/* one newline at the end, whatever the last block */
	while (out->len >= 2 && out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}
