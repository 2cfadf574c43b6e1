/* prose.h: what the article's builder (article.c) uses to write prose
 * (prose.c): the sentence being written with the events and sources it
 * cites, and names, dates and words as running text. */
#ifndef PUBLISH_PROSE_H
#define PUBLISH_PROSE_H

#include "base/strbuf.h"
#include "publish/article.h"

struct builder {
	const chancery_registry *r;
	struct article *art;
	int32_t day;
	int present; /* the article is written today: undated facts appear */
	struct strbuf text;
	const char **events, **sources;
	size_t n_events, n_sources, alloc_events, alloc_sources;
};

/* A copy of s in the article's arena. */
const char *art_keep(struct builder *b, const char *s);
/* Append to the sentence being written. */
void art_say(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Cite an event: its id and its sources (or its treaty's). */
void art_cite(struct builder *b, const struct chancery_event *e);
/* Finish the sentence being written into a block's items. */
void art_end_sentence(struct builder *b, struct art_block *block);

/* The party of an id, or NULL. */
const struct chancery_party *art_party(const struct builder *b, const char *id);
const char *art_short_name(const struct chancery_party *p);
/* "the Russian Federation", "Georgia", "the Federation Council". */
void art_say_the(struct builder *b, const char *name);
/* A party in running text: its short name, or an acronym spelled out. */
void art_say_party(struct builder *b, const struct chancery_party *p);
const char *art_adjective(const struct chancery_party *p);
/* A person with the office held on the day of the event, if recorded. */
void art_say_person(struct builder *b, const char *id, const struct chancery_date *when);
/* Append text with its first letter in lower case and no final stop. */
void art_lower_first(struct builder *b, const char *text);
const char *art_a_or_an(const char *word);
/* "trade mission" for "trade-mission", ... */
const char *art_mission_word(const char *type);
/* Has e happened by the article's day? Undated facts, and facts that may
 * or may not have happened yet, appear only in an article written today. */
int art_visible(const struct builder *b, const struct chancery_event *e);

#endif
