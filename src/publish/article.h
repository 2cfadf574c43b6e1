/* article.h: the bilateral-relations article as a structure, built from
 * the registry as of a day, and rendered by one function per format. The
 * structure keeps, for every sentence and table row, the events and
 * sources it came from, so any format can cite them. */
#ifndef ARTICLE_H
#define ARTICLE_H

#include <stddef.h>

#include "base/arena.h"
#include "chancery.h"

struct strbuf;

struct art_sentence {
	const char *text;
	const char **events;  /* ids */
	const char **sources; /* ids */
	size_t n_events, n_sources;
};

enum art_block_kind { ART_PARAGRAPH, ART_LIST, ART_TABLE };

#define ART_TABLE_COLS 5

struct art_row {
	const char *cells[ART_TABLE_COLS]; /* signed, ratified by 1, ratified by 2, treaty, notes */
	struct art_sentence cite;          /* the treaty's events and sources */
};

struct art_block {
	enum art_block_kind kind;
	struct art_sentence *items; /* the sentences of a paragraph, or the list's items */
	size_t n_items;
	struct art_row *rows; /* ART_TABLE */
	size_t n_rows;
	const char *header[ART_TABLE_COLS];
};

struct art_section {
	int level; /* 2: "==", 3: "===" */
	const char *title;
	struct art_block *blocks;
	size_t n_blocks;
};

struct article {
	struct arena arena; /* everything below lives here */
	const chancery_registry *registry; /* for the sources' titles and addresses */
	int32_t on;
	const struct chancery_party *p1, *p2; /* in the article's order */
	const char *title;                    /* "Abkhazia–Russia relations" */
	const char *infobox_title, *infobox_party1, *infobox_party2, *filetype, *map;
	struct art_block lead;
	struct art_section *sections;
	size_t n_sections;
};

/* Build the article of parties a and b (ids) as it could have been written
 * on day: nothing dated later appears, and undated facts only when day is
 * today. Returns 0 and a new article to free with article_free(), or
 * -CHANCERY_ENOTFOUND. */
int article_build(const chancery_registry *r, const char *a, const char *b, int32_t day,
		  struct article **out);
void article_free(struct article *art);

/* Renderers: append the article to out. With refs, every sentence and
 * table row cites its sources as footnotes (a source cited twice keeps its
 * first number); the sources are found through art->registry. */
void render_text(const struct article *art, struct strbuf *out);
void render_markdown(const struct article *art, int refs, struct strbuf *out);
void render_wikitext(const struct article *art, int refs, struct strbuf *out);
/* One standalone HTML5 page with its stylesheet inline. */
void render_html(const struct article *art, int refs, struct strbuf *out);

#endif
