/* article_parts.h: what the files that build the article share
 * (article.c: sections, the lead, the whole; article_background.c: the
 * recognition, its history and the reactions; article_bilateral.c:
 * relations, envoys, missions; article_treaties.c: the treaty table). */
#ifndef PUBLISH_ARTICLE_PARTS_H
#define PUBLISH_ARTICLE_PARTS_H

#include "publish/article.h"
#include "publish/prose.h"

struct view {
	const struct chancery_event **v;
	size_t n;
};

struct art_section *art_add_section(struct builder *b, int level, const char *title);
struct art_block *art_add_block(struct art_section *s, enum art_block_kind kind);
long art_root_of(const struct builder *b, const char *id);
int art_same_text(const char *a, const char *b);
void art_say_party_id(struct builder *b, const char *id);
void art_say_name_id(struct builder *b, const char *id);
void art_say_stop(struct builder *b);
void art_say_list_sep(struct builder *b, size_t k, size_t n);
int art_later_recognition_event(const struct builder *b, const struct chancery_event *e, long by, long of);
int art_known_cmp(const struct chancery_event *a, const struct chancery_event *b);
const struct chancery_event *art_first_recognition(const struct builder *b, const struct view *dv, long by, long of);
int art_is_relations_kind(enum chancery_event_kind k);
void art_say_level_change(struct builder *b, const char *before, const char *after, const char *object);
const char *art_stance_verb(const char *stance);
size_t art_reactions_to(const struct builder *b, const struct chancery_event *e, const char *stance, const struct chancery_event **out, size_t max);
void art_say_reactions(struct builder *b, const struct chancery_event *e, const char *what, struct art_block *block);
void art_background(struct builder *b, const struct view *dv);
void art_bilateral(struct builder *b, const struct view *dv);
void art_resident_missions(struct builder *b, const struct chancery_dyad_status *st);
void art_treaty_table(struct builder *b);

#endif
