/* prose.h: what the article's builder (article.c) uses to write prose
 * (prose.c): the sentence being written with the events and sources it
 * cites, names with their articles and adjectives, dates at their
 * precision, and words as running text. Every text is built in a strbuf:
 * nothing fed by input goes through a fixed-size buffer. */
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
/* Finish the sentence being written into a block's items, its first
 * letter capitalised ("the United States has ..."). */
void art_end_sentence(struct builder *b, struct art_block *block);

/* ---- dates ---- */

/* A date as prose at its precision: with prep, "on 26 August 2008", "in
 * 2009", "in December 2009", "in autumn 2008", "around 2008", "between
 * September and November 2008", "on or after 26 August 2008", "on an
 * unknown date"; without, the same without the preposition ("26 August
 * 2008", "2009"), and "" for undated (a blank table cell). */
void art_date(struct strbuf *sb, const struct chancery_date *d, int prep);
/* Say the date as the start of a sentence: "On 26 August 2008", "In
 * 2009". Says nothing for an undated event and returns 0: the sentence
 * then ends with art_say_date_end. */
int art_say_date_start(struct builder *b, const struct chancery_date *d);
/* " on 26 August 2008", " on an unknown date". */
void art_say_date_end(struct builder *b, const struct chancery_date *d);

/* ---- names ---- */

/* The party of an id, or NULL. */
const struct chancery_party *art_party(const struct builder *b, const char *id);
/* The name used in running text: the short name, else the name. */
const char *art_short_name(const struct chancery_party *p);
/* Does "the" go before this name of p? The party's article= for the name
 * used in running text; else the rule of docs/ledger.md ("Republic",
 * "Federation", "States", ... take it). */
int art_takes_the(const struct chancery_party *p, const char *name);
/* The running-text name with its article: "the Czech Republic",
 * "Slovakia"; an acronym is spelled out ("the North Atlantic Treaty
 * Organization (NATO)"); a group has no article. */
void art_say_party(struct builder *b, const struct chancery_party *p);
/* The running-text name with its article, no acronym spelled out. */
void art_say_name(struct builder *b, const struct chancery_party *p);
/* The full name with its article: "the Russian Federation", "Georgia". */
void art_say_full_name(struct builder *b, const struct chancery_party *p);
/* The name of p (or the id when unknown) into sb, with its article. */
void art_name_into(struct strbuf *sb, const struct chancery_party *p);
/* The party's adjective, or NULL: prose says "of X" without one. */
const char *art_adjective(const struct chancery_party *p);
/* "the Russian embassy" or "the embassy of Vanuatu": noun of p. */
void art_say_of(struct builder *b, const struct chancery_party *p, const char *noun);
/* A person with the office held on the day of the event, if recorded. */
void art_say_person(struct builder *b, const char *id, const struct chancery_date *when);
/* A person's name alone (the last word for a second mention). */
const char *art_person_name(const struct builder *b, const char *id);
void art_say_surname(struct builder *b, const char *id);

/* ---- words ---- */

/* Append text with its first letter in lower case and no final stop. */
void art_lower_first(struct builder *b, const char *text);
const char *art_a_or_an(const char *word);
/* "trade mission" for "trade-mission", ... */
const char *art_mission_word(const char *type);
/* "embassy" for level "embassy", "chargé d'affaires" ... */
const char *art_level_word(const char *level);
/* Has e happened by the article's day? Undated facts, and facts that may
 * or may not have happened yet, appear only in an article written today. */
int art_visible(const struct builder *b, const struct chancery_event *e);

#endif
