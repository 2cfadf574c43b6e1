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
#include "publish/prose.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

/* ---- sections ---- */

static struct art_section *add_section(struct builder *b, int level, const char *title)
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

static struct art_block *add_block(struct art_section *s, enum art_block_kind kind)
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
struct view {
	const struct chancery_event **v;
	size_t n;
};

static long root_of(const struct builder *b, const char *id)
{
	return id ? snapshot_party_root(b->r, id) : -1;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The party an event's id names, or a stand-in that prose can still say. */
static void say_party_id(struct builder *b, const char *id)
{
	const struct chancery_party *p = art_party(b, id);
	if (p)
		art_say_party(b, p);
	else
		art_say(b, "%s", id ? id : "?");
}

static void say_name_id(struct builder *b, const char *id)
{
	const struct chancery_party *p = art_party(b, id);
	if (p)
		art_say_name(b, p);
	else
		art_say(b, "%s", id ? id : "?");
}

/* End the sentence's words with a full stop, unless they end with one
 * already ("Washington, D.C."). */
static void say_stop(struct builder *b)
{
	if (!b->text.len || b->text.buf[b->text.len - 1] != '.')
		art_say(b, ".");
}

/* A list of clauses ("a, b and c") being written into a sentence. */
static void say_list_sep(struct builder *b, size_t k, size_t n)
{
	if (k)
		art_say(b, "%s", k + 1 == n ? " and " : ", ");
}

/* ---- recognition ---- */

static int gives_recognition(const struct builder *b, const struct chancery_event *e, long by,
			     long of)
{
	return (e->kind == CHANCERY_EV_RECOGNISE || e->kind == CHANCERY_EV_SWITCH_RECOGNITION) &&
	       root_of(b, e->actor) == by && root_of(b, e->target) == of;
}

/* Is e an event of the chain by -> of after its first recognition: a
 * denial, reaffirmation, withdrawal, a recognition again, or a switch
 * away from `of`? */
static int later_recognition_event(const struct builder *b, const struct chancery_event *e,
				   long by, long of)
{
	long actor = root_of(b, e->actor);
	if (actor != by)
		return 0;
	switch (e->kind) {
	case CHANCERY_EV_RECOGNISE:
	case CHANCERY_EV_WITHDRAW_RECOGNITION:
	case CHANCERY_EV_DENY_RECOGNITION:
	case CHANCERY_EV_REAFFIRM_RECOGNITION: return root_of(b, e->target) == of;
	case CHANCERY_EV_SWITCH_RECOGNITION:
		return root_of(b, e->from_party) == of || root_of(b, e->target) == of;
	default: return 0;
	}
}

/* Order two events by the day each is known to have happened by (an
 * open-started "../2011" by its end), undated last. */
static int known_cmp(const struct chancery_event *a, const struct chancery_event *b)
{
	int32_t ka, kb;
	if ((a->date.form == CHANCERY_DATE_NONE) != (b->date.form == CHANCERY_DATE_NONE))
		return a->date.form == CHANCERY_DATE_NONE ? 1 : -1;
	ka = a->date.hi != CHANCERY_DAY_MAX ? a->date.hi : a->date.lo;
	kb = b->date.hi != CHANCERY_DAY_MAX ? b->date.hi : b->date.lo;
	return ka < kb ? -1 : ka > kb;
}

/* The first recognition by -> of in the view, or NULL. */
static const struct chancery_event *first_recognition(const struct builder *b,
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
		say_name_id(b, e->target);
		art_say(b, " again");
		break;
	case CHANCERY_EV_SWITCH_RECOGNITION:
		if (root_of(b, e->from_party) == of) {
			art_say(b, "switched its recognition to ");
			say_name_id(b, e->target);
		} else {
			art_say(b, "recognised ");
			say_name_id(b, e->target);
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
	long by = root_of(b, rec->actor);
	if (rec->date.form == CHANCERY_DATE_NONE)
		return NULL;
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_ARMED_CONFLICT || !e->text || !art_visible(b, e) ||
		    (root_of(b, e->actor) != by && root_of(b, e->target) != by) ||
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
	long by = root_of(b, rec->actor), of = root_of(b, rec->target);
	const struct chancery_event *war = war_before(b, rec), *later[16];
	size_t n = 0, past = 0;
	say_name_id(b, rec->actor);
	art_say(b, " recognised ");
	say_name_id(b, rec->target);
	art_say_date_end(b, &rec->date);
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION && rec->from_party) {
		art_say(b, ", switching its recognition from ");
		say_name_id(b, rec->from_party);
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
		else if (past && later_recognition_event(b, dv->v[i], by, of))
			later[n++] = dv->v[i];
	}
	for (size_t k = 0; k < n; k++) {
		art_say(b, "%s", k ? (k + 1 == n ? " and " : ", ") : "; it ");
		say_history_clause(b, later[k], of, k == 0);
	}
	art_say(b, ".");
}

/* ---- relations ---- */

static int is_relations_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ESTABLISH_RELATIONS && k <= CHANCERY_EV_RESTORE_RELATIONS;
}

/* A relations event between the article's two parties. */
static int dyad_relations(const struct builder *b, const struct chancery_event *e, long r1,
			  long r2)
{
	long a = root_of(b, e->actor), t = root_of(b, e->target);
	return is_relations_kind(e->kind) && ((a == r1 && t == r2) || (a == r2 && t == r1));
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
static void say_level_change(struct builder *b, const char *before, const char *after,
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
		long actor = root_of(b, e->actor);
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
			say_name_id(b, e->actor);
			art_say(b, " ");
			subject = actor;
		}
		switch (e->kind) {
		case CHANCERY_EV_ESTABLISH_RELATIONS:
			art_say(b, k == 0 ? "established diplomatic relations" : "established them again");
			level = e->level;
			break;
		case CHANCERY_EV_CHANGE_RELATIONS:
			say_level_change(b, level, e->level, k == 0 ? "diplomatic relations" : "them");
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
			say_name_id(b, e->target);
		}
		art_say_date_end(b, &e->date);
		art_cite(b, e);
	}
	art_say(b, ".");
	return 1;
}

/* ---- the lead ---- */

static void lead(struct builder *b, const struct view *dv)
{
	struct article *art = b->art;
	long r1 = root_of(b, art->p1->id), r2 = root_of(b, art->p2->id);
	const struct chancery_event *rec[2] = { first_recognition(b, dv, r2, r1),
						first_recognition(b, dv, r1, r2) };
	int said = 0;
	art_say(b, "%s is the bilateral relationship between ", art->title);
	art_say_full_name(b, art->p1);
	art_say(b, " and ");
	art_say_full_name(b, art->p2);
	art_say(b, ".");
	art_end_sentence(b, &art->lead);
	/* the earlier recognition first; an undated one sorts last */
	if (rec[0] && rec[1] && known_cmp(rec[1], rec[0]) < 0) {
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
	if (!said) {
		art_say(b, "No recognition or diplomatic relations between ");
		art_say_name(b, art->p1);
		art_say(b, " and ");
		art_say_name(b, art->p2);
		art_say(b, " are recorded%s.", b->present ? "" : " as of that day");
		art_end_sentence(b, &art->lead);
	}
}

/* ---- reactions ---- */

static const char *stance_verb(const char *stance)
{
	if (!stance)
		return "commented on";
	if (!strcmp(stance, "condemn"))
		return "condemned";
	if (!strcmp(stance, "welcome"))
		return "welcomed";
	if (!strcmp(stance, "support"))
		return "supported";
	if (!strcmp(stance, "concern"))
		return "met with concern";
	return "noted";
}

/* Third parties' reactions to e, visible on the day (not the two's own). */
static size_t reactions_to(const struct builder *b, const struct chancery_event *e,
			   const char *stance, const struct chancery_event **out, size_t max)
{
	const struct index_list *about = &snapshot_of(b->r)->about[e - b->r->events];
	long r1 = root_of(b, b->art->p1->id), r2 = root_of(b, b->art->p2->id);
	size_t n = 0;
	for (uint32_t k = 0; k < about->n && n < max; k++) {
		const struct chancery_event *x = &b->r->events[about->v[k]];
		long by = root_of(b, x->actor);
		if (!art_visible(b, x) || by == r1 || by == r2 || (stance && x->stance != stance))
			continue;
		out[n++] = x;
	}
	return n;
}

/* "The Russian recognition was condemned by A, B and C." per stance, and
 * for calls to rescind "Some of ... called for Russia to rescind its
 * recognition.". `what` names e ("The Russian recognition", "The
 * switch"). */
static void say_reactions(struct builder *b, const struct chancery_event *e, const char *what,
			  struct art_block *block)
{
	for (size_t st = 0; stances[st]; st++) {
		const struct chancery_event *r[32];
		size_t n = reactions_to(b, e, stances[st], r, 32);
		int rescind = !strcmp(stances[st], "call-to-rescind");
		if (!n)
			continue;
		if (!rescind)
			art_say(b, "%s was %s by ", what, stance_verb(stances[st]));
		for (size_t k = 0; k < n; k++) {
			say_list_sep(b, k, n);
			say_party_id(b, r[k]->actor);
			art_cite(b, r[k]);
		}
		if (rescind) {
			art_say(b, " called for ");
			say_name_id(b, e->actor);
			art_say(b, " to rescind its recognition");
		}
		art_say(b, ".");
		art_end_sentence(b, block);
	}
}

/* ---- background ---- */

/* Motions of the recognising state's organs, merged when they ask the
 * same on the same day: "On 25 August 2008 the Federation Council and
 * the State Duma passed motions calling on Russian President Dmitry
 * Medvedev to recognise ...". A motion's text says what it calls for,
 * as an infinitive ("to recognise ..."). */
static void say_motions(struct builder *b, const struct view *dv, long by_root,
			struct art_block *para)
{
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i], *m[8] = { NULL };
		size_t n = 0;
		int dated;
		if (e->kind != CHANCERY_EV_MOTION || root_of(b, e->actor) != by_root)
			continue;
		for (size_t j = 0; j < dv->n && n < 8; j++)
			if (dv->v[j]->kind == CHANCERY_EV_MOTION &&
			    root_of(b, dv->v[j]->actor) == by_root &&
			    !chancery_date_cmp(&dv->v[j]->date, &e->date) &&
			    same_text(dv->v[j]->text, e->text) && same_text(dv->v[j]->to, e->to))
				m[n++] = dv->v[j];
		if (m[0] != e)
			continue; /* said with the first of its group */
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		for (size_t k = 0; k < n; k++) {
			say_list_sep(b, k, n);
			say_name_id(b, m[k]->actor);
			art_cite(b, m[k]);
		}
		art_say(b, " passed %s", n > 1 ? "motions" : "a motion");
		if (e->text && !strncmp(e->text, "to ", 3)) {
			art_say(b, " calling on ");
			if (e->to)
				art_say_person(b, e->to, &e->date);
			else
				art_say(b, "the government");
			art_say(b, " ");
			art_lower_first(b, e->text);
		} else {
			if (e->to) {
				art_say(b, " addressed to ");
				art_say_person(b, e->to, &e->date);
			}
			if (e->text) {
				art_say(b, ": ");
				art_lower_first(b, e->text);
			}
		}
		if (!dated)
			art_say_date_end(b, &e->date);
		art_say(b, ".");
		art_end_sentence(b, para);
	}
}

/* The recognition itself, with the recognitions by the same hand on the
 * same day: "On 26 August 2008 Russian President Dmitry Medvedev signed
 * presidential decrees recognising Abkhazia and South Ossetia." */
static void say_recognition(struct builder *b, const struct chancery_event *rec,
			    struct art_block *para)
{
	const struct chancery_event *same[16];
	size_t n = 0;
	long by_root = root_of(b, rec->actor);
	int dated;
	same[n++] = rec;
	for (size_t i = 0; i < b->r->n_events && n < 16 && rec->date.form != CHANCERY_DATE_NONE;
	     i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e != rec && e->kind == CHANCERY_EV_RECOGNISE && rec->kind == CHANCERY_EV_RECOGNISE &&
		    root_of(b, e->actor) == by_root && art_visible(b, e) &&
		    !chancery_date_cmp(&e->date, &rec->date) && same_text(e->by, rec->by))
			same[n++] = e;
	}
	dated = art_say_date_start(b, &rec->date);
	if (dated)
		art_say(b, " ");
	if (rec->by) {
		art_say_person(b, rec->by, &rec->date);
	} else {
		say_name_id(b, rec->actor);
	}
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION) {
		art_say(b, " switched %s recognition from ", rec->by ? "the" : "its");
		say_name_id(b, rec->from_party);
		art_say(b, " to ");
		say_name_id(b, rec->target);
		if (rec->instrument)
			art_say(b, " by %s", rec->instrument);
		art_cite(b, rec);
	} else {
		if (rec->by && rec->instrument)
			art_say(b, " signed %s%s recognising", rec->instrument, n > 1 ? "s" : "");
		else
			art_say(b, " recognised");
		for (size_t k = 0; k < n; k++) {
			art_say(b, "%s", k ? (k + 1 == n ? " and " : ", ") : " ");
			say_name_id(b, same[k]->target);
			art_cite(b, same[k]);
		}
		if (!rec->by && rec->instrument)
			art_say(b, " by %s", rec->instrument);
	}
	if (!dated)
		art_say_date_end(b, &rec->date);
	art_say(b, ".");
	art_end_sentence(b, para);
}

/* Declarations of the recogniser on the day of its recognition: "The same
 * day Medvedev made a declaration that ...". */
static void say_declarations(struct builder *b, const struct chancery_event *rec,
			     struct art_block *para)
{
	long by_root = root_of(b, rec->actor);
	if (rec->date.form == CHANCERY_DATE_NONE)
		return;
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_DECLARE || root_of(b, e->actor) != by_root ||
		    chancery_date_cmp(&e->date, &rec->date) || !art_visible(b, e))
			continue;
		art_say(b, "The same day ");
		if (e->by && same_text(e->by, rec->by))
			art_say_surname(b, e->by);
		else if (e->by)
			art_say_person(b, e->by, &e->date);
		else
			say_name_id(b, e->actor);
		art_say(b, " made a declaration");
		if (e->text) {
			art_say(b, " that ");
			art_lower_first(b, e->text);
		}
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, para);
	}
}

/* What a later event of the recognition's history is called in the
 * sentence on its reactions. */
static const char *history_noun(enum chancery_event_kind k)
{
	switch (k) {
	case CHANCERY_EV_WITHDRAW_RECOGNITION: return "The withdrawal";
	case CHANCERY_EV_DENY_RECOGNITION: return "The denial";
	case CHANCERY_EV_REAFFIRM_RECOGNITION: return "The reaffirmation";
	case CHANCERY_EV_SWITCH_RECOGNITION: return "The switch";
	default: return "The recognition";
	}
}

/* The history after the first recognition, a sentence each: "On 3 June
 * 2011 Vanuatu's ... denied the recognition." */
static void say_history(struct builder *b, const struct view *dv,
			const struct chancery_event *rec, struct art_block *para)
{
	long by = root_of(b, rec->actor), of = root_of(b, rec->target);
	int past = 0;
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		int dated;
		if (e == rec) {
			past = 1;
			continue;
		}
		if (!past || !later_recognition_event(b, e, by, of))
			continue;
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		if (e->by)
			art_say_person(b, e->by, &e->date);
		else
			say_name_id(b, e->actor);
		switch (e->kind) {
		case CHANCERY_EV_WITHDRAW_RECOGNITION:
			art_say(b, " withdrew %s recognition of ", e->by ? "the" : "its");
			say_name_id(b, e->target);
			break;
		case CHANCERY_EV_DENY_RECOGNITION:
			art_say(b, " denied that ");
			say_name_id(b, e->actor);
			art_say(b, " had recognised ");
			say_name_id(b, e->target);
			break;
		case CHANCERY_EV_REAFFIRM_RECOGNITION:
			art_say(b, " reaffirmed the recognition of ");
			say_name_id(b, e->target);
			break;
		case CHANCERY_EV_RECOGNISE:
			art_say(b, " recognised ");
			say_name_id(b, e->target);
			art_say(b, " again");
			break;
		case CHANCERY_EV_SWITCH_RECOGNITION:
			art_say(b, " switched %s recognition from ", e->by ? "the" : "its");
			say_name_id(b, e->from_party);
			art_say(b, " to ");
			say_name_id(b, e->target);
			break;
		default: break;
		}
		if (e->instrument)
			art_say(b, " by %s", e->instrument);
		if (!dated)
			art_say_date_end(b, &e->date);
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, para);
		say_reactions(b, e, history_noun(e->kind), para);
	}
}

/* Others severing relations with the recogniser within a month, and what
 * they declared about the recognised party that day. */
static void say_severance_by_others(struct builder *b, const struct chancery_event *rec,
				    struct art_block *para)
{
	long by_root = root_of(b, rec->actor), r1 = root_of(b, b->art->p1->id),
	     r2 = root_of(b, b->art->p2->id);
	const struct chancery_party *by = art_party(b, rec->actor);
	if (rec->date.form == CHANCERY_DATE_NONE)
		return;
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		long who = root_of(b, e->actor);
		if (e->kind != CHANCERY_EV_SEVER_RELATIONS || !art_visible(b, e) ||
		    root_of(b, e->target) != by_root || who == r1 || who == r2 ||
		    chancery_date_before(&e->date, &rec->date) == CHANCERY_YES ||
		    e->date.lo > rec->date.hi + 31)
			continue;
		art_say(b, "After ");
		art_say_of(b, by, "recognition");
		art_say(b, " of ");
		say_name_id(b, rec->target);
		art_say(b, ", ");
		say_name_id(b, e->actor);
		art_say(b, " severed diplomatic relations with ");
		say_name_id(b, e->target);
		art_say_date_end(b, &e->date);
		art_cite(b, e);
		for (size_t j = 0; j < b->r->n_events; j++) {
			const struct chancery_event *d = &b->r->events[j];
			int about_of = 0;
			if (d->kind != CHANCERY_EV_DECLARE || d->actor != e->actor ||
			    chancery_date_cmp(&d->date, &e->date) || !d->text)
				continue;
			for (uint32_t k = 0; k < d->subject.n; k++)
				about_of |= root_of(b, d->subject.v[k]) == root_of(b, rec->target);
			if (!about_of)
				continue;
			art_say(b, ", and declared that it ");
			art_lower_first(b, d->text);
			art_cite(b, d);
		}
		art_say(b, ".");
		art_end_sentence(b, para);
	}
}

/* A switch of recognition comes with a break with the government left:
 * the recogniser's severance of relations with it within a month. */
static void say_break_with_left(struct builder *b, const struct chancery_event *rec,
				struct art_block *para)
{
	long by = root_of(b, rec->actor), left = root_of(b, rec->from_party);
	for (size_t i = 0; i < b->r->n_events && left >= 0; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_SEVER_RELATIONS || !art_visible(b, e) ||
		    root_of(b, e->actor) != by || root_of(b, e->target) != left ||
		    e->date.form == CHANCERY_DATE_NONE || rec->date.form == CHANCERY_DATE_NONE ||
		    e->date.hi < rec->date.lo - 31 || e->date.lo > rec->date.hi + 31)
			continue;
		say_name_id(b, e->actor);
		art_say(b, " severed diplomatic relations with ");
		say_name_id(b, e->target);
		art_say_date_end(b, &e->date);
		if (e->by) {
			art_say(b, ", as ");
			art_say_person(b, e->by, &e->date);
			art_say(b, " announced");
		}
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, para);
	}
}

/* "Russian recognition of Abkhazia", or "Recognition of Abkhazia by
 * Vanuatu" for a party without an adjective. */
static void recognition_title(struct builder *b, const struct chancery_event *rec,
			      struct strbuf *out)
{
	const struct chancery_party *by = art_party(b, rec->actor), *of = art_party(b, rec->target);
	if (by && by->adjective) {
		strbuf_addf(out, "%s recognition of ", by->adjective);
		if (of)
			strbuf_addstr(out, art_short_name(of));
		else
			strbuf_addstr(out, rec->target);
		return;
	}
	strbuf_addstr(out, "Recognition of ");
	strbuf_addstr(out, of ? art_short_name(of) : rec->target);
	strbuf_addstr(out, " by ");
	if (by)
		art_name_into(out, by);
	else
		strbuf_addstr(out, rec->actor);
}

static void recognition_section(struct builder *b, const struct view *dv,
				const struct chancery_event *rec)
{
	struct strbuf title = STRBUF_INIT, what = STRBUF_INIT;
	struct art_section *s;
	struct art_block *para, *reactions, *others;
	const struct chancery_party *by = art_party(b, rec->actor);
	recognition_title(b, rec, &title);
	s = add_section(b, 3, title.buf);
	para = add_block(s, ART_PARAGRAPH);
	reactions = add_block(s, ART_PARAGRAPH);
	others = add_block(s, ART_PARAGRAPH);
	say_motions(b, dv, root_of(b, rec->actor), para);
	say_recognition(b, rec, para);
	say_declarations(b, rec, para);
	say_history(b, dv, rec, para);
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION)
		strbuf_addstr(&what, "The switch");
	else if (by && by->adjective)
		strbuf_addf(&what, "The %s recognition", by->adjective);
	else
		strbuf_addstr(&what, "The recognition");
	say_reactions(b, rec, what.buf, reactions);
	say_severance_by_others(b, rec, others);
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION)
		say_break_with_left(b, rec, others);
	strbuf_release(&title);
	strbuf_release(&what);
}

/* Background: how each party came to be (declarations of independence),
 * the wars between them, then each recognition with what led to it and
 * what followed. */
static void background(struct builder *b, const struct view *dv)
{
	const struct article *art = b->art;
	long r1 = root_of(b, art->p1->id), r2 = root_of(b, art->p2->id);
	const struct chancery_event *rec[2] = { first_recognition(b, dv, r2, r1),
						first_recognition(b, dv, r1, r2) };
	struct art_section *s = add_section(b, 2, "Background");
	struct art_block *context = add_block(s, ART_PARAGRAPH);

	/* how each came to be, whatever the dyad of the declaration */
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		long a = root_of(b, e->actor);
		int dated;
		if (e->kind != CHANCERY_EV_DECLARE_INDEPENDENCE || (a != r1 && a != r2) ||
		    !art_visible(b, e))
			continue;
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		say_name_id(b, e->actor);
		art_say(b, " declared its independence");
		if (e->from_party) {
			art_say(b, " from ");
			say_name_id(b, e->from_party);
		}
		if (!dated)
			art_say_date_end(b, &e->date);
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, context);
	}
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		long a = root_of(b, e->actor), t = root_of(b, e->target);
		int dated;
		/* the wars between the two */
		if (e->kind == CHANCERY_EV_ARMED_CONFLICT &&
		    ((a == r1 && t == r2) || (a == r2 && t == r1))) {
			dated = 1;
			say_name_id(b, e->actor);
			art_say(b, " and ");
			say_name_id(b, e->target);
			if (e->text)
				art_say(b, " fought the %s", e->text);
			else
				art_say(b, " fought an armed conflict");
			if (e->place)
				art_say(b, " in %s", e->place);
			art_say_date_end(b, &e->date);
		} else {
			continue;
		}
		if (!dated)
			art_say_date_end(b, &e->date);
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, context);
	}
	if (rec[0] && rec[1] && known_cmp(rec[1], rec[0]) < 0) {
		const struct chancery_event *t = rec[0];
		rec[0] = rec[1];
		rec[1] = t;
	}
	for (int i = 0; i < 2; i++)
		if (rec[i])
			recognition_section(b, dv, rec[i]);
}

/* ---- bilateral relationship ---- */

static void say_relations_event(struct builder *b, const struct chancery_event *e,
				const char *level_before, struct art_block *ties)
{
	int dated;
	switch (e->kind) {
	case CHANCERY_EV_ESTABLISH_RELATIONS:
	case CHANCERY_EV_RESTORE_RELATIONS:
		say_name_id(b, e->actor);
		art_say(b, " and ");
		say_name_id(b, e->target);
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
		say_name_id(b, e->actor);
		art_say(b, " ");
		{
			struct strbuf obj = STRBUF_INIT;
			const struct chancery_party *y = art_party(b, e->target);
			strbuf_addstr(&obj, "its relations with ");
			if (y)
				art_name_into(&obj, y);
			else
				strbuf_addstr(&obj, e->target);
			say_level_change(b, level_before, e->level, obj.buf);
			strbuf_release(&obj);
		}
		if (e->instrument)
			art_say(b, " by %s", e->instrument);
		if (!dated)
			art_say_date_end(b, &e->date);
		break;
	case CHANCERY_EV_SUSPEND_RELATIONS:
	case CHANCERY_EV_SEVER_RELATIONS:
		say_name_id(b, e->actor);
		art_say(b, " %s diplomatic relations with ",
			e->kind == CHANCERY_EV_SUSPEND_RELATIONS ? "suspended" : "severed");
		say_name_id(b, e->target);
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
			say_name_id(b, e->actor);
		art_say(b, " appointed ");
		art_say_person(b, e->person, &e->date);
		/* "as Russian Ambassador to Abkhazia", "as Ambassador of Vanuatu to ..." */
		if (x && x->adjective) {
			art_say(b, " as %s %s to ", x->adjective, e->rank ? e->rank : "envoy");
		} else {
			art_say(b, " as %s of ", e->rank ? e->rank : "envoy");
			say_name_id(b, e->actor);
			art_say(b, " to ");
		}
		say_name_id(b, e->target);
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
			say_name_id(b, e->actor);
			art_say(b, " recalled ");
			art_say_person(b, e->person, &e->date);
		} else {
			art_say(b, "%s's mission to ", art_person_name(b, e->person));
			say_name_id(b, e->target);
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
			say_name_id(b, e->actor);
			art_say(b, " plans on opening %s %s in ", art_a_or_an(word), word);
			say_name_id(b, e->target);
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
			say_name_id(b, e->actor);
			art_say(b, " decided to set up ");
		}
		if (x && x->adjective)
			art_say(b, "%s %s %s in ", art_a_or_an(x->adjective), x->adjective, word);
		else
			art_say(b, "%s %s in ", art_a_or_an(word), word);
		say_name_id(b, e->target);
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
		say_name_id(b, e->target);
		art_say(b, " was %s", e->kind == CHANCERY_EV_OPEN_MISSION ? "opened" : "closed");
		if (e->city)
			art_say(b, " in %s", e->city);
		if (!dated)
			art_say_date_end(b, &e->date);
		break;
	default: return;
	}
	say_stop(b);
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
		    root_of(b, c->actor) == root_of(b, e->actor) &&
		    root_of(b, c->target) == root_of(b, e->target) && same_text(c->city, e->city) &&
		    !same_text(c->mission_type, e->mission_type))
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
	say_stop(b);
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
static void bilateral(struct builder *b, const struct view *dv)
{
	long r1 = root_of(b, b->art->p1->id), r2 = root_of(b, b->art->p2->id);
	struct art_section *s;
	struct art_block *ties, *envoys, *missions, *plans;
	const char *level = NULL;

	add_section(b, 2, "Bilateral relationship");
	s = add_section(b, 3, "Diplomatic ties");
	ties = add_block(s, ART_PARAGRAPH);
	envoys = add_block(s, ART_PARAGRAPH);
	missions = add_block(s, ART_PARAGRAPH);
	plans = add_block(s, ART_PARAGRAPH);

	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		long a = root_of(b, e->actor), t = root_of(b, e->target);
		if (!((a == r1 && t == r2) || (a == r2 && t == r1)))
			continue;
		if (is_relations_kind(e->kind)) {
			say_relations_event(b, e, level, ties);
			say_reactions(b, e, bilateral_noun(e->kind), ties);
			if (e->kind == CHANCERY_EV_SEVER_RELATIONS)
				level = NULL;
			else if (e->level)
				level = e->level;
		} else if (e->kind >= CHANCERY_EV_APPOINT_ENVOY && e->kind <= CHANCERY_EV_END_ENVOY) {
			say_envoy_event(b, e, envoys);
			say_reactions(b, e, bilateral_noun(e->kind), envoys);
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
			say_reactions(b, e, bilateral_noun(e->kind), missions);
		}
	}
}

/* ---- treaties ---- */

/* Add a part of a treaty's notes, unless the note typed with the treaty
 * says it already. */
static void add_note_part(struct strbuf *cell, const char *part, const char *typed)
{
	if (!*part)
		return;
	if (typed) {
		size_t n = strlen(part);
		for (const char *c = typed; *c; c++) {
			size_t k = 0;
			while (k < n && c[k] && tolower((unsigned char)c[k]) == tolower((unsigned char)part[k]))
				k++;
			if (k == n)
				return;
		}
	}
	if (cell->len)
		strbuf_addstr(cell, "; ");
	strbuf_addstr(cell, part);
}

static void duration_words(struct strbuf *sb, struct chancery_duration d, int adjective)
{
	const char *unit = d.unit == 'y' ? "year" : d.unit == 'm' ? "month" : "day";
	if (adjective)
		strbuf_addf(sb, "%d-%s", (int)d.n, unit);
	else
		strbuf_addf(sb, "%d %s%s", (int)d.n, unit, d.n == 1 ? "" : "s");
}

/* A computed span of days as prose at the grain it has: "on 5 February
 * 2011", "in 1993" for the whole of a year, "in June 2011" for a month,
 * else "between 31 January 2011 and 30 January 2012". */
static void span_words(struct strbuf *sb, struct chancery_span s)
{
	int y1, m1, d1, y2, m2, d2;
	struct chancery_date a = chancery_date_from_day(s.lo), z = chancery_date_from_day(s.hi);
	chancery_day_to_ymd(s.lo, &y1, &m1, &d1);
	chancery_day_to_ymd(s.hi, &y2, &m2, &d2);
	if (s.lo == s.hi) {
		art_date(sb, &a, 1);
	} else if (y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31) {
		strbuf_addf(sb, "in %04d", y1);
	} else if (y1 == y2 && m1 == m2 && d1 == 1 && chancery_day_from_ymd(y2, m2 + 1, 1) - 1 == s.hi) {
		a.start.precision = CHANCERY_PREC_MONTH;
		art_date(sb, &a, 1);
	} else {
		strbuf_addstr(sb, "between ");
		art_date(sb, &a, 0);
		strbuf_addstr(sb, " and ");
		art_date(sb, &z, 0);
	}
}

/* The Notes cell of a treaty: where and by whom it was signed, its term,
 * its provisions party by party, the steps of each ratification, entry
 * into force, extensions, withdrawals and termination, then the note
 * typed with the treaty. */
static void treaty_notes(struct builder *b, size_t index, struct strbuf *cell)
{
	const struct chancery_treaty *t = chancery_registry_treaty(b->r, index);
	const struct index_list *acts = registry_treaty_actions(b->r, index);
	struct chancery_treaty_status *st = NULL;
	struct strbuf part = STRBUF_INIT;

	for (uint32_t j = 0; j < acts->n; j++) {
		const struct chancery_event *e = chancery_registry_event(b->r, acts->v[j]);
		if (e->kind != CHANCERY_EV_SIGN || !art_visible(b, e) || (!e->place && !e->persons.n))
			continue;
		strbuf_reset(&part);
		strbuf_addstr(&part, "signed");
		if (e->place)
			strbuf_addf(&part, " in %s", e->place);
		for (uint32_t k = 0; k < e->persons.n; k++)
			strbuf_addf(&part, "%s%s", k ? (k + 1 == e->persons.n ? " and " : ", ") : " by ",
				    art_person_name(b, e->persons.v[k]));
		add_note_part(cell, part.buf, t->note);
		break;
	}
	if (t->term.n) {
		strbuf_reset(&part);
		strbuf_addstr(&part, "valid for ");
		duration_words(&part, t->term, 0);
		if (t->renew.n) {
			strbuf_addstr(&part, ", automatically renewable for ");
			duration_words(&part, t->renew, 1);
			strbuf_addstr(&part, " periods");
		} else if (t->extend.n) {
			strbuf_addstr(&part, ", extendable by agreement for ");
			duration_words(&part, t->extend, 1);
			strbuf_addstr(&part, " periods");
		}
		add_note_part(cell, part.buf, t->note);
	}
	/* Provisions with the same text, party by party: "immediately for
	 * Russia, from 1 January 2015 onwards for Abkhazia". */
	for (uint32_t i = 0; i < t->n_provisions; i++) {
		const struct chancery_provision *v = &t->provisions[i];
		int first = 1;
		for (uint32_t k = 0; k < i; k++)
			first &= strcmp(t->provisions[k].text, v->text) != 0;
		if (!first)
			continue;
		strbuf_reset(&part);
		strbuf_addstr(&part, v->text);
		for (uint32_t k = i; k < t->n_provisions; k++) {
			const struct chancery_provision *w = &t->provisions[k];
			const struct chancery_party *p = w->party ? art_party(b, w->party) : NULL;
			if (strcmp(w->text, v->text))
				continue;
			if (w->from_force) {
				strbuf_addstr(&part, ", immediately");
			} else if (w->from.form) {
				strbuf_addstr(&part, ", from ");
				art_date(&part, &w->from, 0);
				strbuf_addstr(&part, " onwards");
			}
			if (p) {
				strbuf_addstr(&part, " for ");
				strbuf_addstr(&part, art_short_name(p));
			}
		}
		add_note_part(cell, part.buf, t->note);
	}
	if (chancery_treaty_status(b->r, index, b->day, &st) == 0) {
		/* the steps by organs of a party before its ratification */
		for (uint32_t i = 0; i < st->n_parties; i++) {
			const struct chancery_party_treaty_status *ps = &st->parties[i];
			size_t n = 0;
			for (uint32_t k = 0; k < ps->n_steps; k++)
				n += ps->steps[k]->actor != ps->party && art_visible(b, ps->steps[k]);
			if (!n || !ps->consent || !art_visible(b, ps->consent))
				continue;
			strbuf_reset(&part);
			strbuf_addstr(&part, "ratified by ");
			art_name_into(&part, art_party(b, ps->party));
			strbuf_addstr(&part, " after ");
			for (uint32_t k = 0, m = 0; k < ps->n_steps; k++) {
				const struct chancery_event *e = ps->steps[k];
				const struct chancery_party *organ = art_party(b, e->actor);
				if (e->actor == ps->party || !art_visible(b, e))
					continue;
				if (m)
					strbuf_addstr(&part, m + 1 == n ? " and " : ", ");
				m++;
				if (organ)
					art_name_into(&part, organ);
				else
					strbuf_addstr(&part, e->actor);
				strbuf_addstr(&part, " (");
				art_date(&part, &e->date, 0);
				strbuf_addch(&part, ')');
				art_cite(b, e);
			}
			add_note_part(cell, part.buf, t->note);
		}
		for (uint32_t i = 0; i < st->n_parties; i++) {
			const struct chancery_party_treaty_status *ps = &st->parties[i];
			if (!ps->consent || ps->consent->date.form != CHANCERY_DATE_NONE ||
			    !art_visible(b, ps->consent))
				continue;
			strbuf_reset(&part);
			strbuf_addstr(&part, "ratified by ");
			art_name_into(&part, art_party(b, ps->party));
			strbuf_addstr(&part, " on an unknown date");
			add_note_part(cell, part.buf, t->note);
		}
		if (t->force != CHANCERY_FORCE_UNKNOWN && st->in_force_from.known &&
		    st->in_force_from.hi <= b->day) {
			strbuf_reset(&part);
			strbuf_addstr(&part, "entered into force ");
			span_words(&part, st->in_force_from);
			add_note_part(cell, part.buf, t->note);
		}
	}
	for (uint32_t j = 0; j < acts->n; j++) {
		const struct chancery_event *e = chancery_registry_event(b->r, acts->v[j]);
		if (!art_visible(b, e))
			continue;
		strbuf_reset(&part);
		if (e->kind == CHANCERY_EV_EXTEND) {
			strbuf_addstr(&part, "extended by agreement ");
			art_date(&part, &e->date, 1);
			if (t->extend.n) {
				strbuf_addstr(&part, " for ");
				duration_words(&part, t->extend, 0);
			}
		} else if (e->kind == CHANCERY_EV_DENOUNCE && e->actor) {
			art_name_into(&part, art_party(b, e->actor));
			strbuf_addstr(&part, " withdrew from it ");
			art_date(&part, &e->date, 1);
			if (st && !st->in_force_from.known)
				strbuf_addstr(&part, ", before it entered into force");
		} else if (e->kind == CHANCERY_EV_TERMINATE) {
			strbuf_addstr(&part, "terminated ");
			art_date(&part, &e->date, 1);
		} else {
			continue;
		}
		add_note_part(cell, part.buf, t->note);
	}
	if (t->note) {
		if (cell->len)
			strbuf_addstr(cell, ". ");
		strbuf_addstr(cell, t->note);
	}
	if (cell->len)
		cell->buf[0] = (char)toupper((unsigned char)cell->buf[0]);
	chancery_treaty_status_free(st);
	strbuf_release(&part);
}

struct treaty_row {
	size_t index;
	int32_t first; /* earliest known day of a visible action */
};

static int cmp_treaty_row(const void *x, const void *y)
{
	const struct treaty_row *a = x, *b = y;
	return a->first < b->first ? -1 : a->first > b->first ? 1 : (a->index > b->index) - (a->index < b->index);
}

/* "the ratification by the Federation Council of the Treaty ..." */
static void say_treaty_action(struct builder *b, const struct chancery_event *e,
			      const struct chancery_treaty *t)
{
	switch (e->kind) {
	case CHANCERY_EV_SIGN: art_say(b, "the signing of"); break;
	case CHANCERY_EV_RATIFY:
	case CHANCERY_EV_RATIFY_STEP:
	case CHANCERY_EV_ACCEDE:
	case CHANCERY_EV_APPROVE:
	case CHANCERY_EV_ACCEPT:
		art_say(b, "the %s of", e->kind == CHANCERY_EV_ACCEDE ? "accession" : "ratification");
		break;
	case CHANCERY_EV_ENTER_INTO_FORCE:
	case CHANCERY_EV_EXCHANGE: art_say(b, "the entry into force of"); break;
	case CHANCERY_EV_DENOUNCE: art_say(b, "the withdrawal from"); break;
	case CHANCERY_EV_EXTEND: art_say(b, "the extension of"); break;
	default: art_say(b, "the %s of", kinds[e->kind].name); break;
	}
	art_say(b, " the %s", t->title);
	if (e->actor && e->kind != CHANCERY_EV_SIGN) {
		art_say(b, " by ");
		say_name_id(b, e->actor);
	}
}

static void treaty_table(struct builder *b)
{
	const struct article *art = b->art;
	long r1 = root_of(b, art->p1->id), r2 = root_of(b, art->p2->id);
	const struct index_list *l = &snapshot_of(b->r)->party_treaties[r1];
	struct treaty_row *rows = xmalloc((l->n + 1) * sizeof(*rows));
	size_t n = 0;
	struct art_section *s;
	struct art_block *reactions, *table;
	struct strbuf buf = STRBUF_INIT;

	for (uint32_t k = 0; k < l->n; k++) {
		const struct chancery_treaty *t = chancery_registry_treaty(b->r, l->v[k]);
		const struct index_list *acts = registry_treaty_actions(b->r, l->v[k]);
		int both = 0, any = 0;
		int32_t first = CHANCERY_DAY_MAX;
		for (uint32_t j = 0; j < t->parties.n; j++)
			both |= root_of(b, t->parties.v[j]) == r2;
		for (uint32_t j = 0; j < acts->n; j++) {
			const struct chancery_event *e = chancery_registry_event(b->r, acts->v[j]);
			if (!art_visible(b, e))
				continue;
			any = 1;
			if (e->date.form != CHANCERY_DATE_NONE && e->date.lo < first)
				first = e->date.lo;
		}
		if (both && any) {
			rows[n].index = l->v[k];
			rows[n++].first = first;
		}
	}
	if (!n) {
		free(rows);
		return;
	}
	qsort(rows, n, sizeof(*rows), cmp_treaty_row);
	s = add_section(b, 2, "List of treaties and agreements");
	/* what third parties said of the treaties, before the table */
	reactions = add_block(s, ART_PARAGRAPH);
	for (size_t i = 0; i < n; i++) {
		const struct chancery_treaty *t = chancery_registry_treaty(b->r, rows[i].index);
		const struct index_list *acts = registry_treaty_actions(b->r, rows[i].index);
		for (uint32_t j = 0; j < acts->n; j++) {
			const struct chancery_event *e = chancery_registry_event(b->r, acts->v[j]), *r[16];
			size_t m = art_visible(b, e) ? reactions_to(b, e, NULL, r, 16) : 0;
			for (size_t k = 0; k < m; k++) {
				int dated = art_say_date_start(b, &r[k]->date);
				if (dated)
					art_say(b, " ");
				if (r[k]->by)
					art_say_person(b, r[k]->by, &r[k]->date);
				else
					say_party_id(b, r[k]->actor);
				art_say(b, " %s ", stance_verb(r[k]->stance));
				say_treaty_action(b, e, t);
				if (!dated)
					art_say_date_end(b, &r[k]->date);
				art_say(b, ".");
				art_cite(b, r[k]);
				art_cite(b, e);
				art_end_sentence(b, reactions);
			}
		}
	}
	table = add_block(s, ART_TABLE);
	table->header[0] = art_keep(b, "Signed:");
	strbuf_addstr(&buf, "Ratified by ");
	art_name_into(&buf, art->p1);
	strbuf_addch(&buf, ':');
	table->header[1] = art_keep(b, buf.buf);
	strbuf_reset(&buf);
	strbuf_addstr(&buf, "Ratified by ");
	art_name_into(&buf, art->p2);
	strbuf_addch(&buf, ':');
	table->header[2] = art_keep(b, buf.buf);
	table->header[3] = art_keep(b, "Treaty:");
	table->header[4] = art_keep(b, "Notes:");
	table->rows = xcalloc(n, sizeof(*table->rows));
	for (size_t i = 0; i < n; i++) {
		const struct chancery_treaty *t = chancery_registry_treaty(b->r, rows[i].index);
		const struct index_list *acts = registry_treaty_actions(b->r, rows[i].index);
		struct art_row *row = &table->rows[table->n_rows++];
		for (int c = 0; c < ART_TABLE_COLS; c++)
			row->cells[c] = "";
		for (uint32_t j = 0; j < acts->n; j++) {
			const struct chancery_event *e = chancery_registry_event(b->r, acts->v[j]);
			long who = root_of(b, e->actor);
			int col = -1;
			if (!art_visible(b, e))
				continue;
			art_cite(b, e);
			if (e->kind == CHANCERY_EV_SIGN)
				col = 0;
			else if (e->kind == CHANCERY_EV_RATIFY || e->kind == CHANCERY_EV_APPROVE ||
				 e->kind == CHANCERY_EV_ACCEPT || e->kind == CHANCERY_EV_ACCEDE)
				col = who == r1 ? 1 : who == r2 ? 2 : -1;
			if (col >= 0 && !row->cells[col][0]) {
				strbuf_reset(&buf);
				art_date(&buf, &e->date, 0);
				row->cells[col] = art_keep(b, buf.buf);
			}
		}
		row->cells[3] = t->title;
		strbuf_reset(&buf);
		treaty_notes(b, rows[i].index, &buf);
		row->cells[4] = art_keep(b, buf.buf);
		row->cite.n_events = b->n_events;
		row->cite.n_sources = b->n_sources;
		row->cite.events = arena_alloc(&b->art->arena, (b->n_events + 1) * sizeof(char *));
		row->cite.sources = arena_alloc(&b->art->arena, (b->n_sources + 1) * sizeof(char *));
		if (b->n_events)
			memcpy(row->cite.events, b->events, b->n_events * sizeof(char *));
		if (b->n_sources)
			memcpy(row->cite.sources, b->sources, b->n_sources * sizeof(char *));
		b->n_events = b->n_sources = 0;
	}
	strbuf_release(&buf);
	free(rows);
}

/* Resident missions: those open on the day (an undated opening only in
 * today's article). */
static void resident_missions(struct builder *b, const struct chancery_dyad_status *st)
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
			    root_of(b, m->sender) != root_of(b, side ? b->art->p2->id : b->art->p1->id))
				continue;
			if (!s) {
				s = add_section(b, 2, "Resident diplomatic missions");
				list = add_block(s, ART_LIST);
			}
			art_say_name(b, x);
			art_say(b, " has %s %s in ", art_a_or_an(word), word);
			if (m->city)
				art_say(b, "%s", m->city);
			else
				say_name_id(b, m->host);
			say_stop(b);
			for (uint32_t k = 0; k < m->fold.n_events; k++)
				art_cite(b, m->fold.events[k]);
			art_end_sentence(b, list);
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

	lead(&bd, &dv);
	background(&bd, &dv);
	bilateral(&bd, &dv);
	treaty_table(&bd);
	resident_missions(&bd, st);

	see = add_section(&bd, 2, "See also");
	list = add_block(see, ART_LIST);
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
