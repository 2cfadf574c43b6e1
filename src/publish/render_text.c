/* render_text.c: the article in the reference article's own plain-text
 * format: "= Title =", an Infobox block, "==" and "===" headings, prose
 * paragraphs, the treaty table as "|" rows, lists with "- ". */
#include <string.h>

#include "publish/article.h"
#include "base/strbuf.h"
#include "base/banned.h"

static void paragraph(const struct art_block *k, struct strbuf *out)
{
	if (!k->n_items)
		return; /* nothing of this topic by the article's day */
	for (size_t i = 0; i < k->n_items; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", k->items[i].text);
	strbuf_addstr(out, "\n\n");
}

/* One table line: the reference leaves an empty cell after each of the
 * three date columns, and writes an empty cell as "| |". */
static void table_line(const char *const *c, struct strbuf *out)
{
	strbuf_addch(out, '|');
	for (int i = 0; i < ART_TABLE_COLS; i++) {
		strbuf_addf(out, "%s%s |", c[i][0] ? " " : "", c[i]);
		if (i < 3)
			strbuf_addstr(out, " |");
	}
	strbuf_addch(out, '\n');
}

static void table(const struct art_block *k, struct strbuf *out)
{
	table_line(k->header, out);
	for (size_t i = 0; i < k->n_rows; i++)
		table_line(k->rows[i].cells, out);
}

static void list(const struct art_block *k, struct strbuf *out)
{
	for (size_t i = 0; i < k->n_items; i++)
		strbuf_addf(out, "- %s\n", k->items[i].text);
}

void render_text(const struct article *art, struct strbuf *out)
{
	strbuf_addf(out, "= %s =\n\nInfobox\n", art->title);
	strbuf_addf(out, "- Title: %s\n- Party1: %s\n- Party2: %s\n- Filetype: %s\n- Map: %s\n\n",
		    art->infobox_title, art->infobox_party1, art->infobox_party2, art->filetype,
		    art->map);
	paragraph(&art->lead, out);
	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		int prose = !s->n_blocks || s->blocks[0].kind == ART_PARAGRAPH;
		strbuf_addf(out, "%s%s%s\n%s", s->level == 2 ? "==" : "===", s->title,
			    s->level == 2 ? "==" : "===", prose ? "\n" : "");
		for (size_t k = 0; k < s->n_blocks; k++) {
			const struct art_block *b = &s->blocks[k];
			if (b->kind == ART_PARAGRAPH)
				paragraph(b, out);
			else if (b->kind == ART_TABLE)
				table(b, out);
			else
				list(b, out);
		}
	}
	/* one newline at the end, whatever the last block */
	while (out->len >= 2 && out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}
