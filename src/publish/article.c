/* article.c: build the bilateral-relations article from the registry as
 * of a day, for any pair of parties. Events are grouped into the
 * reference article's sections and written with one sentence form per
 * kind (prose.c gives the words: dates at their precision, names with
 * their articles); every sentence keeps the ids of its events and their
 * sources. The wording is this project's own. */
#include "publish/article.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "publish/article_parts.h"
#include "publish/prose.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

/* ---- sections ---- */

struct art_section *art_add_section(struct builder *b, int level, const char *title)
{
	struct article *art = b->art;
	struct art_section *s;
	art->sections = xrealloc(art->sections, (art->n_sections + 1) * sizeof(*art->sections));
	s = &art->sections[art->n_sections++];
	memset(s, 0, sizeof(*s));
	s->level = level;
	s->title = art_keep(b, title);
	return s;
}

/* Blocks are allocated once per section with room for all of them, since
 * the builder fills several blocks of a section side by side: a pointer
 * to one must stay valid while the next is added. */
#define MAX_BLOCKS 8

struct art_block *art_add_block(struct art_section *s, enum art_block_kind kind)
{
	struct art_block *k;
	if (!s->blocks)
		s->blocks = xcalloc(MAX_BLOCKS, sizeof(*s->blocks));
	if (s->n_blocks == MAX_BLOCKS)
		abort(); /* a builder bug, not an input */
	k = &s->blocks[s->n_blocks++];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	return k;
}

/* The dyad's events visible on the article's day, in canonical order. */
long art_root_of(const struct builder *b, const char *id)
{
	return id ? snapshot_party_root(b->r, id) : -1;
}

int art_same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The party an event's id names, or a stand-in that prose can still say. */
void art_say_party_id(struct builder *b, const char *id)
{
	const struct chancery_party *p = art_party(b, id);
	if (p)
		art_say_party(b, p);
	else
		art_say(b, "%s", id ? id : "?");
}

void art_say_name_id(struct builder *b, const char *id)
{
	const struct chancery_party *p = art_party(b, id);
	if (p)
		art_say_name(b, p);
	else
		art_say(b, "%s", id ? id : "?");
}

/* End the sentence's words with a full stop, unless they end with one
 * already ("Washington, D.C."). */
void art_say_stop(struct builder *b)
{
	if (!b->text.len || b->text.buf[b->text.len - 1] != '.')
		art_say(b, ".");
}

/* A list of clauses ("a, b and c") being written into a sentence. */
void art_say_list_sep(struct builder *b, size_t k, size_t n)
{
	if (k)
		art_say(b, "%s", k + 1 == n ? " and " : ", ");
}

/* ---- recognition ---- */

static int gives_recognition(const struct builder *b, const struct chancery_event *e, long by,
			     long of)
{
	return (e->kind == CHANCERY_EV_RECOGNISE || e->kind == CHANCERY_EV_SWITCH_RECOGNITION) &&
	       art_root_of(b, e->actor) == by && art_root_of(b, e->target) == of;
}

/* Is e an event of the chain by -> of after its first recognition: a
 * denial, reaffirmation, withdrawal, a recognition again, or a switch
 * away from `of`? */
int art_later_recognition_event(const struct builder *b, const struct chancery_event *e,
				   long by, long of)
{
	long actor = art_root_of(b, e->actor);
	if (actor != by)
		return 0;
	switch (e->kind) {
	case CHANCERY_EV_RECOGNISE:
	case CHANCERY_EV_WITHDRAW_RECOGNITION:
	case CHANCERY_EV_DENY_RECOGNITION:
	case CHANCERY_EV_REAFFIRM_RECOGNITION: return art_root_of(b, e->target) == of;
	case CHANCERY_EV_SWITCH_RECOGNITION:
		return art_root_of(b, e->from_party) == of || art_root_of(b, e->target) == of;
	default: return 0;
	}
}

/* Order two events by the day each is known to have happened by (an
 * open-started "../2011" by its end), undated last. */
int art_known_cmp(const struct chancery_event *a, const struct chancery_event *b)
{
	int32_t ka, kb;
	if ((a->date.form == CHANCERY_DATE_NONE) != (b->date.form == CHANCERY_DATE_NONE))
		return a->date.form == CHANCERY_DATE_NONE ? 1 : -1;
	ka = a->date.hi != CHANCERY_DAY_MAX ? a->date.hi : a->date.lo;
	kb = b->date.hi != CHANCERY_DAY_MAX ? b->date.hi : b->date.lo;
	return ka < kb ? -1 : ka > kb;
}

/* The first recognition by -> of in the view, or NULL. */
const struct chancery_event *art_first_recognition(const struct builder *b,
						      const struct view *dv, long by, long of)
{
	for (size_t i = 0; i < dv->n; i++)
		if (gives_recognition(b, dv->v[i], by, of))
			return dv->v[i];
	return NULL;
}

/* The clause for a later event of a recognition's history, its subject
 * said by the caller: "withdrew the recognition on 12 July 2013". */
static void say_history_clause(struct builder *b, const struct chancery_event *e, long of,
			       int first)
{
	const char *it = first ? "the recognition" : "it";
	switch (e->kind) {
	case CHANCERY_EV_WITHDRAW_RECOGNITION: art_say(b, "withdrew %s", it); break;
	case CHANCERY_EV_DENY_RECOGNITION: art_say(b, "denied %s", it); break;
	case CHANCERY_EV_REAFFIRM_RECOGNITION: art_say(b, "reaffirmed %s", it); break;
	case CHANCERY_EV_RECOGNISE:
		art_say(b, "recognised ");
		art_say_name_id(b, e->target);
		art_say(b, " again");
		break;
	case CHANCERY_EV_SWITCH_RECOGNITION:
		if (art_root_of(b, e->from_party) == of) {
			art_say(b, "switched its recognition to ");
			art_say_name_id(b, e->target);
		} else {
			art_say(b, "recognised ");
			art_say_name_id(b, e->target);
			art_say(b, " again");
		}
		break;
	default: break;
	}
	art_say_date_end(b, &e->date);
	art_cite(b, e);
}

/* An armed conflict of the recognising state that ended at most three
 * months before the recognition: "the August 2008 Russo-Georgian War". */
static const struct chancery_event *war_before(const struct builder *b,
					       const struct chancery_event *rec)
{
	long by = art_root_of(b, rec->actor);
	if (rec->date.form == CHANCERY_DATE_NONE)
		return NULL;
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_ARMED_CONFLICT || !e->text || !art_visible(b, e) ||
		    (art_root_of(b, e->actor) != by && art_root_of(b, e->target) != by) ||
		    e->date.form == CHANCERY_DATE_NONE || e->date.lo > rec->date.hi ||
		    e->date.hi < rec->date.lo - 92)
			continue;
		return e;
	}
	return NULL;
}

/* The lead's sentence on one direction's recognition: "Russia recognised
 * Abkhazia on 26 August 2008, following the August 2008 Russo-Georgian
 * War." and, where its history goes on, "; it denied it ... and
 * withdrew the recognition ...". */
static void lead_recognition(struct builder *b, const struct view *dv,
			     const struct chancery_event *rec)
{
	long by = art_root_of(b, rec->actor), of = art_root_of(b, rec->target);
	const struct chancery_event *war = war_before(b, rec), *later[16];
	size_t n = 0, past = 0;
	art_say_name_id(b, rec->actor);
	art_say(b, " recognised ");
	art_say_name_id(b, rec->target);
	art_say_date_end(b, &rec->date);
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION && rec->from_party) {
		art_say(b, ", switching its recognition from ");
		art_say_name_id(b, rec->from_party);
	}
	art_cite(b, rec);
	if (war) {
		art_say(b, ", following the ");
		art_date(&b->text, &war->date, 0);
		art_say(b, " %s", war->text);
		art_cite(b, war);
	}
	for (size_t i = 0; i < dv->n && n < 16; i++) {
		if (dv->v[i] == rec)
			past = 1;
		else if (past && art_later_recognition_event(b, dv->v[i], by, of))
			later[n++] = dv->v[i];
	}
	for (size_t k = 0; k < n; k++) {
		art_say(b, "%s", k ? (k + 1 == n ? " and " : ", ") : "; it ");
		say_history_clause(b, later[k], of, k == 0);
	}
	art_say(b, ".");
}

/* ---- relations ---- */

int art_is_relations_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ESTABLISH_RELATIONS && k <= CHANCERY_EV_RESTORE_RELATIONS;
}

/* A relations event between the article's two parties. */
static int dyad_relations(const struct builder *b, const struct chancery_event *e, long r1,
			  long r2)
{
	long a = art_root_of(b, e->actor), t = art_root_of(b, e->target);
	return art_is_relations_kind(e->kind) && ((a == r1 && t == r2) || (a == r2 && t == r1));
}

/* Rank of a level of relations: a change up is "raised", down "lowered". */
static int level_rank(const char *level)
{
	static const char *const ranks[] = { "interests-section", "liaison-office", "consulate",
					     "charge-d-affaires", "legation", "embassy", NULL };
	for (int i = 0; level && ranks[i]; i++)
		if (!strcmp(level, ranks[i]))
			return i + 1;
	return 0;
}

/* "raised them to embassy level" (verb for a change from `before`). */
void art_say_level_change(struct builder *b, const char *before, const char *after,
			     const char *object)
{
	int from = level_rank(before), to = level_rank(after);
	if (after && from && to)
		art_say(b, "%s %s to %s level", to > from ? "raised" : "lowered", object,
			art_level_word(after));
	else if (after)
		art_say(b, "changed %s to %s level", object, art_level_word(after));
	else
		art_say(b, "changed the level of %s", object);
}

/* The lead's sentence on relations: established, then what became of
 * them ("; the United States severed them on 3 January 1961 and the two
 * restored them on 20 July 2015"). Returns 1 when it said something. */
static int lead_relations(struct builder *b, const struct view *dv, long r1, long r2)
{
	const struct article *art = b->art;
	const struct chancery_event *ev[32];
	const char *level = NULL;
	size_t n = 0, start = 0;
	long subject = -1;
	for (size_t i = 0; i < dv->n && n < 32; i++)
		if (dyad_relations(b, dv->v[i], r1, r2))
			ev[n++] = dv->v[i];
	if (!n)
		return 0;
	if (ev[0]->kind == CHANCERY_EV_ESTABLISH_RELATIONS) {
		art_say_name(b, art->p1);
		art_say(b, " and ");
		art_say_name(b, art->p2);
		art_say(b, " established diplomatic relations");
		art_say_date_end(b, &ev[0]->date);
		art_cite(b, ev[0]);
		level = ev[0]->level;
		start = 1;
	}
	for (size_t k = start; k < n; k++) {
		const struct chancery_event *e = ev[k];
		int both = e->kind == CHANCERY_EV_RESTORE_RELATIONS;
		long actor = art_root_of(b, e->actor);
		art_say(b, "%s", k == 0 ? "" : k == start ? "; " : k + 1 == n ? " and " : ", ");
		if (both && subject != -2) {
			art_say(b, "%s", k == 0 ? "" : "the two ");
			if (k == 0) {
				art_say_name(b, art->p1);
				art_say(b, " and ");
				art_say_name(b, art->p2);
				art_say(b, " ");
			}
			subject = -2;
		} else if (!both && actor != subject) {
			art_say_name_id(b, e->actor);
			art_say(b, " ");
			subject = actor;
		}
		switch (e->kind) {
		case CHANCERY_EV_ESTABLISH_RELATIONS:
			art_say(b, k == 0 ? "established diplomatic relations" : "established them again");
			level = e->level;
			break;
		case CHANCERY_EV_CHANGE_RELATIONS:
			art_say_level_change(b, level, e->level, k == 0 ? "diplomatic relations" : "them");
			if (e->level)
				level = e->level;
			break;
		case CHANCERY_EV_SUSPEND_RELATIONS:
			art_say(b, k == 0 ? "suspended diplomatic relations" : "suspended them");
			break;
		case CHANCERY_EV_SEVER_RELATIONS:
			art_say(b, k == 0 ? "severed diplomatic relations" : "severed them");
			break;
		case CHANCERY_EV_RESTORE_RELATIONS:
			art_say(b, k == 0 ? "restored diplomatic relations" : "restored them");
			if (e->level)
				level = e->level;
			break;
		default: break;
		}
		if (k == 0 && !both) {
			art_say(b, " with ");
			art_say_name_id(b, e->target);
		}
		art_say_date_end(b, &e->date);
		art_cite(b, e);
	}
	art_say(b, ".");
	return 1;
}

/* ---- the lead ---- */

/* Relations no event of the two records but a presence implies (a
 * resident mission open, an envoy in post: docs/coverage.md), as status
 * says them: "France and Germany have had diplomatic relations since 1993
 * or earlier, as a resident mission shows." The day is where the evidence
 * begins, so never a plain "since". */
static int lead_implied_relations(struct builder *b, const struct chancery_dyad_status *st)
{
	const struct chancery_fold *f = &st->relations;
	const struct chancery_event *e = f->since;
	if (chancery_fold_answer("relations", f) != CHANCERY_ANSWER_YES || !f->implied || !e)
		return 0;
	art_say_name(b, b->art->p1);
	art_say(b, " and ");
	art_say_name(b, b->art->p2);
	art_say(b, " have had diplomatic relations");
	if (e->date.form == CHANCERY_DATE_POINT) {
		art_say(b, " at least since ");
		art_date(&b->text, &e->date, 0);
	} else if (e->date.form == CHANCERY_DATE_INTERVAL && e->date.start.open) {
		struct chancery_date end = { .form = CHANCERY_DATE_POINT, .start = e->date.end };
		art_say(b, " since ");
		art_date(&b->text, &end, 0);
		art_say(b, " or earlier");
	} else if (e->date.form == CHANCERY_DATE_INTERVAL) {
		art_say(b, " at least from ");
		art_date(&b->text, &e->date, 0);
	}
	art_say(b, ", as %s",
		e->kind == CHANCERY_EV_PRESENT_CREDENTIALS ? "an envoy's credentials show"
		: e->mission_type && !strcmp(e->mission_type, "legation") ? "a legation shows"
									    : "a resident mission shows");
	art_cite(b, e);
	art_say(b, ".");
	return 1;
}

static void lead(struct builder *b, const struct view *dv, const struct chancery_dyad_status *st)
{
	struct article *art = b->art;
	long r1 = art_root_of(b, art->p1->id), r2 = art_root_of(b, art->p2->id);
	const struct chancery_event *rec[2] = { art_first_recognition(b, dv, r2, r1),
						art_first_recognition(b, dv, r1, r2) };
	int said = 0;
	art_say(b, "%s is the bilateral relationship between ", art->title);
	art_say_full_name(b, art->p1);
	art_say(b, " and ");
	art_say_full_name(b, art->p2);
	art_say(b, ".");
	art_end_sentence(b, &art->lead);
	/* the earlier recognition first; an undated one sorts last */
	if (rec[0] && rec[1] && art_known_cmp(rec[1], rec[0]) < 0) {
		const struct chancery_event *t = rec[0];
		rec[0] = rec[1];
		rec[1] = t;
	}
	for (int i = 0; i < 2; i++) {
		if (!rec[i])
			continue;
		lead_recognition(b, dv, rec[i]);
		art_end_sentence(b, &art->lead);
		said = 1;
	}
	if (lead_relations(b, dv, r1, r2)) {
		art_end_sentence(b, &art->lead);
		said = 1;
	}
	/* after no relations recorded, or after a severance the events end on */
	if (lead_implied_relations(b, st)) {
		art_end_sentence(b, &art->lead);
		said = 1;
	}
	if (!said) {
		art_say(b, "No recognition or diplomatic relations between ");
		art_say_name(b, art->p1);
		art_say(b, " and ");
		art_say_name(b, art->p2);
		art_say(b, " are recorded%s.", b->present ? "" : " as of that day");
		art_end_sentence(b, &art->lead);
	}
}

/* ---- the article ---- */

static int cmp_short(const struct chancery_party *a, const struct chancery_party *b)
{
	return strcmp(art_short_name(a), art_short_name(b));
}

/* Drop the blocks with nothing in them, then the sections with no block
 * and no subsection that has one. */
static void drop_empty(struct article *art)
{
	size_t k = 0;
	for (size_t i = 0; i < art->n_sections; i++) {
		struct art_section *s = &art->sections[i];
		size_t kept = 0;
		for (size_t j = 0; j < s->n_blocks; j++) {
			struct art_block *bl = &s->blocks[j];
			if ((bl->kind == ART_TABLE && bl->n_rows) || (bl->kind != ART_TABLE && bl->n_items))
				s->blocks[kept++] = *bl;
			else
				free(bl->items);
		}
		s->n_blocks = kept;
	}
	for (size_t i = 0; i < art->n_sections; i++) {
		struct art_section *s = &art->sections[i];
		int has_sub = 0;
		for (size_t j = i + 1; j < art->n_sections && art->sections[j].level > s->level; j++)
			has_sub |= art->sections[j].n_blocks > 0;
		if (!s->n_blocks && !has_sub) {
			free(s->blocks);
			continue;
		}
		art->sections[k++] = *s;
	}
	art->n_sections = k;
}

int article_build(const chancery_registry *r, const char *a, const char *b, int32_t day,
		  struct article **out)
{
	struct builder bd = { 0 };
	struct article *art;
	struct chancery_dyad_status *st;
	struct view dv = { 0 };
	struct strbuf buf = STRBUF_INIT;
	struct art_section *see;
	struct art_block *list;

	*out = NULL;
	if (chancery_dyad_status(r, a, b, day, &st))
		return -CHANCERY_ENOTFOUND;
	art = xcalloc(1, sizeof(*art));
	bd.r = r;
	bd.art = art;
	bd.day = day;
	bd.present = day >= chancery_today();
	strbuf_init(&bd.text, 0);
	art->on = day;
	art->registry = r;
	/* The article orders the parties by short name. */
	art->p1 = &r->parties[snapshot_party_root(r, st->a->id)];
	art->p2 = &r->parties[snapshot_party_root(r, st->b->id)];
	if (cmp_short(art->p1, art->p2) > 0) {
		const struct chancery_party *t = art->p1;
		art->p1 = art->p2;
		art->p2 = t;
	}
	strbuf_addf(&buf, "%s\u2013%s relations", art_short_name(art->p1), art_short_name(art->p2));
	art->title = art_keep(&bd, buf.buf);
	strbuf_reset(&buf);
	strbuf_addf(&buf, "%s \u2013 %s relations", art_short_name(art->p1), art_short_name(art->p2));
	art->infobox_title = art_keep(&bd, buf.buf);
	/* A state goes by its full name, a partially recognised one by its
	 * short name, as the reference infobox does. */
	art->infobox_party1 = art->p1->kind == CHANCERY_PARTY_STATE ? art->p1->name : art_short_name(art->p1);
	art->infobox_party2 = art->p2->kind == CHANCERY_PARTY_STATE ? art->p2->name : art_short_name(art->p2);
	art->filetype = "svg";
	strbuf_reset(&buf);
	strbuf_addf(&buf, "%s-%s Locator.svg", art_short_name(art->p1), art_short_name(art->p2));
	art->map = art_keep(&bd, buf.buf);

	dv.v = xmalloc((st->n_events + 1) * sizeof(*dv.v));
	for (size_t i = 0; i < st->n_events; i++)
		if (art_visible(&bd, st->events[i]))
			dv.v[dv.n++] = st->events[i];

	lead(&bd, &dv, st);
	art_background(&bd, &dv);
	art_bilateral(&bd, &dv);
	art_treaty_table(&bd);
	art_resident_missions(&bd, st);

	see = art_add_section(&bd, 2, "See also");
	list = art_add_block(see, ART_LIST);
	art_say(&bd, "Foreign relations of ");
	art_say_name(&bd, art->p1);
	art_end_sentence(&bd, list);
	art_say(&bd, "Foreign relations of ");
	art_say_name(&bd, art->p2);
	art_end_sentence(&bd, list);

	drop_empty(art);
	free(dv.v);
	free(bd.events);
	free(bd.sources);
	strbuf_release(&bd.text);
	strbuf_release(&buf);
	chancery_dyad_status_free(st);
	*out = art;
	return 0;
}

void article_free(struct article *art)
{
	if (!art)
		return;
	free(art->lead.items);
	for (size_t i = 0; i < art->n_sections; i++) {
		for (size_t k = 0; k < art->sections[i].n_blocks; k++) {
			free(art->sections[i].blocks[k].items);
			free(art->sections[i].blocks[k].rows);
		}
		free(art->sections[i].blocks);
	}
	free(art->sections);
	arena_release(&art->arena);
	free(art);
}
