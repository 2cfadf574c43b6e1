/* article_bilateral.c: the Bilateral relationship section (relations,
 * envoys, missions, each kind in a sentence form of its own) and the
 * resident missions. */
#include "publish/article_parts.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "publish/prose.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

/* ---- bilateral relationship ---- */

static void say_relations_event(struct builder *b, const struct chancery_event *e,
				const char *level_before, struct art_block *ties)
{
	int dated;
	switch (e->kind) {
	case CHANCERY_EV_ESTABLISH_RELATIONS:
	case CHANCERY_EV_RESTORE_RELATIONS:
		art_say_name_id(b, e->actor);
		art_say(b, " and ");
		art_say_name_id(b, e->target);
		art_say(b, " %s diplomatic relations",
			e->kind == CHANCERY_EV_ESTABLISH_RELATIONS ? "established" : "restored");
		if (e->level)
			art_say(b, " at %s level", art_level_word(e->level));
		art_say_date_end(b, &e->date);
		if (e->instrument)
			art_say(b, " by %s", e->instrument);
		for (uint32_t k = 0; k < e->persons.n; k++) {
			art_say(b, "%s", k ? " and " : " between ");
			art_say_person(b, e->persons.v[k], &e->date);
		}
		if (e->place) /* a city ("in Beijing"), or a building */
			art_say(b, " %s %s", strchr(e->place, ' ') ? "at" : "in", e->place);
		break;
	case CHANCERY_EV_CHANGE_RELATIONS:
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		art_say_name_id(b, e->actor);
		art_say(b, " ");
		{
			struct strbuf obj = STRBUF_INIT;
			const struct chancery_party *y = art_party(b, e->target);
			strbuf_addstr(&obj, "its relations with ");
			if (y)
				art_name_into(&obj, y);
			else
				strbuf_addstr(&obj, e->target);
			art_say_level_change(b, level_before, e->level, obj.buf);
			strbuf_release(&obj);
		}
		if (e->instrument)
			art_say(b, " by %s", e->instrument);
		if (!dated)
			art_say_date_end(b, &e->date);
		break;
	case CHANCERY_EV_SUSPEND_RELATIONS:
	case CHANCERY_EV_SEVER_RELATIONS:
		art_say_name_id(b, e->actor);
		art_say(b, " %s diplomatic relations with ",
			e->kind == CHANCERY_EV_SUSPEND_RELATIONS ? "suspended" : "severed");
		art_say_name_id(b, e->target);
		art_say_date_end(b, &e->date);
		if (e->instrument)
			art_say(b, " by %s", e->instrument);
		break;
	default: return;
	}
	art_say(b, ".");
	art_cite(b, e);
	art_end_sentence(b, ties);
}

static void say_envoy_event(struct builder *b, const struct chancery_event *e,
			    struct art_block *envoys)
{
	const struct chancery_party *x = art_party(b, e->actor);
	int dated;
	switch (e->kind) {
	case CHANCERY_EV_APPOINT_ENVOY:
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, ", ");
		if (e->by)
			art_say_person(b, e->by, &e->date);
		else
			art_say_name_id(b, e->actor);
		art_say(b, " appointed ");
		art_say_person(b, e->person, &e->date);
		/* "as Russian Ambassador to Abkhazia", "as Ambassador of Vanuatu to ..." */
		if (x && x->adjective) {
			art_say(b, " as %s %s to ", x->adjective, e->rank ? e->rank : "envoy");
		} else {
			art_say(b, " as %s of ", e->rank ? e->rank : "envoy");
			art_say_name_id(b, e->actor);
			art_say(b, " to ");
		}
		art_say_name_id(b, e->target);
		if (e->instrument)
			art_say(b, " by %s", e->instrument);
		if (!dated)
			art_say_date_end(b, &e->date);
		break;
	case CHANCERY_EV_PRESENT_CREDENTIALS:
		art_say_person(b, e->person, &e->date);
		art_say(b, " presented credentials");
		if (e->to) {
			art_say(b, " to ");
			art_say_person(b, e->to, &e->date);
		}
		art_say_date_end(b, &e->date);
		break;
	case CHANCERY_EV_END_ENVOY:
		if (e->instrument && strstr(e->instrument, "recall")) {
			art_say_name_id(b, e->actor);
			art_say(b, " recalled ");
			art_say_person(b, e->person, &e->date);
		} else {
			art_say(b, "%s's mission to ", art_person_name(b, e->person));
			art_say_name_id(b, e->target);
			art_say(b, " ended");
		}
		art_say_date_end(b, &e->date);
		break;
	default: return;
	}
	art_say(b, ".");
	art_cite(b, e);
	art_end_sentence(b, envoys);
}

static void say_mission_event(struct builder *b, const struct chancery_event *e,
			      struct art_block *missions, struct art_block *plans)
{
	const struct chancery_party *x = art_party(b, e->actor);
	const char *word = art_mission_word(e->mission_type);
	int dated;
	switch (e->kind) {
	case CHANCERY_EV_ANNOUNCE_MISSION:
		if (e->date.form == CHANCERY_DATE_NONE) {
			art_say_name_id(b, e->actor);
			art_say(b, " plans on opening %s %s in ", art_a_or_an(word), word);
			art_say_name_id(b, e->target);
			art_say(b, ".");
			art_cite(b, e);
			art_end_sentence(b, plans);
			return;
		}
		if (e->by) {
			const char *instr = e->instrument ? e->instrument : "decision";
			art_say_person(b, e->by, &e->date);
			art_say(b, " issued %s %s to set up ", art_a_or_an(instr), instr);
		} else {
			art_say_name_id(b, e->actor);
			art_say(b, " decided to set up ");
		}
		if (x && x->adjective)
			art_say(b, "%s %s %s in ", art_a_or_an(x->adjective), x->adjective, word);
		else
			art_say(b, "%s %s in ", art_a_or_an(word), word);
		art_say_name_id(b, e->target);
		art_say_date_end(b, &e->date);
		break;
	case CHANCERY_EV_OPEN_MISSION:
	case CHANCERY_EV_CLOSE_MISSION:
		if (e->date.form == CHANCERY_DATE_NONE && e->kind == CHANCERY_EV_OPEN_MISSION)
			return; /* undated: listed among the resident missions */
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, ", ");
		art_say_of(b, x, word);
		art_say(b, " in ");
		art_say_name_id(b, e->target);
		art_say(b, " was %s", e->kind == CHANCERY_EV_OPEN_MISSION ? "opened" : "closed");
		if (e->city)
			art_say(b, " in %s", e->city);
		if (!dated)
			art_say_date_end(b, &e->date);
		break;
	default: return;
	}
	art_say_stop(b);
	art_cite(b, e);
	art_end_sentence(b, missions);
}

/* A mission that changed its type in one day, as a legation raised to an
 * embassy: its opening e and the closing of the other type it replaced,
 * in the same city, on the same day; or NULL. */
static const struct chancery_event *replaced_mission(const struct builder *b,
						     const struct view *dv,
						     const struct chancery_event *e)
{
	if (e->kind != CHANCERY_EV_OPEN_MISSION || e->date.form == CHANCERY_DATE_NONE || !e->city)
		return NULL;
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *c = dv->v[i];
		if (c->kind == CHANCERY_EV_CLOSE_MISSION && !chancery_date_cmp(&c->date, &e->date) &&
		    art_root_of(b, c->actor) == art_root_of(b, e->actor) &&
		    art_root_of(b, c->target) == art_root_of(b, e->target) && art_same_text(c->city, e->city) &&
		    !art_same_text(c->mission_type, e->mission_type))
			return c;
	}
	return NULL;
}

/* "On 10 February 1923, the American legation in Havana became an
 * embassy." */
static void say_mission_change(struct builder *b, const struct chancery_event *closed,
			       const struct chancery_event *opened, struct art_block *missions)
{
	const char *word = art_mission_word(opened->mission_type);
	if (art_say_date_start(b, &opened->date))
		art_say(b, ", ");
	art_say_of(b, art_party(b, closed->actor), art_mission_word(closed->mission_type));
	art_say(b, " in %s became %s %s", opened->city, art_a_or_an(word), word);
	art_say_stop(b);
	art_cite(b, closed);
	art_cite(b, opened);
	art_end_sentence(b, missions);
}

/* What an event of the bilateral relationship is called in the sentence
 * on third parties' reactions to it. */
static const char *bilateral_noun(enum chancery_event_kind k)
{
	switch (k) {
	case CHANCERY_EV_ESTABLISH_RELATIONS: return "The establishment of relations";
	case CHANCERY_EV_RESTORE_RELATIONS: return "The restoration of relations";
	case CHANCERY_EV_SEVER_RELATIONS: return "The severance of relations";
	case CHANCERY_EV_SUSPEND_RELATIONS: return "The suspension of relations";
	case CHANCERY_EV_CHANGE_RELATIONS: return "The change of the level of relations";
	case CHANCERY_EV_ANNOUNCE_MISSION: return "The decision";
	case CHANCERY_EV_OPEN_MISSION: return "The opening";
	case CHANCERY_EV_CLOSE_MISSION: return "The closing";
	case CHANCERY_EV_APPOINT_ENVOY: return "The appointment";
	default: return "It";
	}
}

/* Bilateral relationship: diplomatic ties, envoys, missions opened,
 * closed and planned, and what third parties said of them. */
void art_bilateral(struct builder *b, const struct view *dv)
{
	long r1 = art_root_of(b, b->art->p1->id), r2 = art_root_of(b, b->art->p2->id);
	struct art_section *s;
	struct art_block *ties, *envoys, *missions, *plans;
	const char *level = NULL;

	art_add_section(b, 2, "Bilateral relationship");
	s = art_add_section(b, 3, "Diplomatic ties");
	ties = art_add_block(s, ART_PARAGRAPH);
	envoys = art_add_block(s, ART_PARAGRAPH);
	missions = art_add_block(s, ART_PARAGRAPH);
	plans = art_add_block(s, ART_PARAGRAPH);

	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		long a = art_root_of(b, e->actor), t = art_root_of(b, e->target);
		if (!((a == r1 && t == r2) || (a == r2 && t == r1)))
			continue;
		if (art_is_relations_kind(e->kind)) {
			say_relations_event(b, e, level, ties);
			art_say_reactions(b, e, bilateral_noun(e->kind), ties);
			if (e->kind == CHANCERY_EV_SEVER_RELATIONS)
				level = NULL;
			else if (e->level)
				level = e->level;
		} else if (e->kind >= CHANCERY_EV_APPOINT_ENVOY && e->kind <= CHANCERY_EV_END_ENVOY) {
			say_envoy_event(b, e, envoys);
			art_say_reactions(b, e, bilateral_noun(e->kind), envoys);
		} else if (e->kind >= CHANCERY_EV_ANNOUNCE_MISSION &&
			   e->kind <= CHANCERY_EV_CLOSE_MISSION) {
			const struct chancery_event *closed = replaced_mission(b, dv, e);
			int replaces = 0;
			/* the closing said with the opening that replaced it */
			for (size_t j = 0; j < dv->n && e->kind == CHANCERY_EV_CLOSE_MISSION; j++)
				replaces |= replaced_mission(b, dv, dv->v[j]) == e;
			if (closed)
				say_mission_change(b, closed, e, missions);
			else if (!replaces)
				say_mission_event(b, e, missions, plans);
			art_say_reactions(b, e, bilateral_noun(e->kind), missions);
		}
	}
}

void art_resident_missions(struct builder *b, const struct chancery_dyad_status *st)
{
	struct art_section *s = NULL;
	struct art_block *list = NULL;
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < st->n_missions; i++) {
			const struct chancery_mission_status *m = &st->missions[i];
			const struct chancery_party *x = art_party(b, m->sender);
			const char *word = art_mission_word(m->type);
			int open = m->fold.state == CHANCERY_MISSION_OPEN && !m->fold.uncertain;
			/* in today's article, an opening that may have happened
			 * (undated, or "on or after 1 January 1993") */
			if (!open && m->fold.uncertain && m->fold.possible == CHANCERY_MISSION_OPEN &&
			    art_visible(b, m->fold.maybe))
				open = 1;
			if (!open || !x ||
			    art_root_of(b, m->sender) != art_root_of(b, side ? b->art->p2->id : b->art->p1->id))
				continue;
			if (!s) {
				s = art_add_section(b, 2, "Resident diplomatic missions");
				list = art_add_block(s, ART_LIST);
			}
			art_say_name(b, x);
			art_say(b, " has %s %s in ", art_a_or_an(word), word);
			if (m->city)
				art_say(b, "%s", m->city);
			else
				art_say_name_id(b, m->host);
			art_say_stop(b);
			for (uint32_t k = 0; k < m->fold.n_events; k++)
				art_cite(b, m->fold.events[k]);
			art_end_sentence(b, list);
		}
}
