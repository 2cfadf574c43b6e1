/* article_background.c: the Background section of the article: the
 * recognition, the motions and declarations around it, the history of the
 * state recognised, severance by others, and third parties' reactions. */
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

/* ---- reactions ---- */

const char *art_stance_verb(const char *stance)
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
size_t art_reactions_to(const struct builder *b, const struct chancery_event *e,
			   const char *stance, const struct chancery_event **out, size_t max)
{
	const struct index_list *about = &snapshot_of(b->r)->about[e - b->r->events];
	long r1 = art_root_of(b, b->art->p1->id), r2 = art_root_of(b, b->art->p2->id);
	size_t n = 0;
	for (uint32_t k = 0; k < about->n && n < max; k++) {
		const struct chancery_event *x = &b->r->events[about->v[k]];
		long by = art_root_of(b, x->actor);
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
void art_say_reactions(struct builder *b, const struct chancery_event *e, const char *what,
			  struct art_block *block)
{
	for (size_t st = 0; stances[st]; st++) {
		const struct chancery_event *r[32];
		size_t n = art_reactions_to(b, e, stances[st], r, 32);
		int rescind = !strcmp(stances[st], "call-to-rescind");
		if (!n)
			continue;
		if (!rescind)
			art_say(b, "%s was %s by ", what, art_stance_verb(stances[st]));
		for (size_t k = 0; k < n; k++) {
			art_say_list_sep(b, k, n);
			art_say_party_id(b, r[k]->actor);
			art_cite(b, r[k]);
		}
		if (rescind) {
			art_say(b, " called for ");
			art_say_name_id(b, e->actor);
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
		if (e->kind != CHANCERY_EV_MOTION || art_root_of(b, e->actor) != by_root)
			continue;
		for (size_t j = 0; j < dv->n && n < 8; j++)
			if (dv->v[j]->kind == CHANCERY_EV_MOTION &&
			    art_root_of(b, dv->v[j]->actor) == by_root &&
			    !chancery_date_cmp(&dv->v[j]->date, &e->date) &&
			    art_same_text(dv->v[j]->text, e->text) && art_same_text(dv->v[j]->to, e->to))
				m[n++] = dv->v[j];
		if (m[0] != e)
			continue; /* said with the first of its group */
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		for (size_t k = 0; k < n; k++) {
			art_say_list_sep(b, k, n);
			art_say_name_id(b, m[k]->actor);
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
	long by_root = art_root_of(b, rec->actor);
	int dated;
	same[n++] = rec;
	for (size_t i = 0; i < b->r->n_events && n < 16 && rec->date.form != CHANCERY_DATE_NONE;
	     i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e != rec && e->kind == CHANCERY_EV_RECOGNISE && rec->kind == CHANCERY_EV_RECOGNISE &&
		    art_root_of(b, e->actor) == by_root && art_visible(b, e) &&
		    !chancery_date_cmp(&e->date, &rec->date) && art_same_text(e->by, rec->by))
			same[n++] = e;
	}
	dated = art_say_date_start(b, &rec->date);
	if (dated)
		art_say(b, " ");
	if (rec->by) {
		art_say_person(b, rec->by, &rec->date);
	} else {
		art_say_name_id(b, rec->actor);
	}
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION) {
		art_say(b, " switched %s recognition from ", rec->by ? "the" : "its");
		art_say_name_id(b, rec->from_party);
		art_say(b, " to ");
		art_say_name_id(b, rec->target);
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
			art_say_name_id(b, same[k]->target);
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
	long by_root = art_root_of(b, rec->actor);
	if (rec->date.form == CHANCERY_DATE_NONE)
		return;
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_DECLARE || art_root_of(b, e->actor) != by_root ||
		    chancery_date_cmp(&e->date, &rec->date) || !art_visible(b, e))
			continue;
		art_say(b, "The same day ");
		if (e->by && art_same_text(e->by, rec->by))
			art_say_surname(b, e->by);
		else if (e->by)
			art_say_person(b, e->by, &e->date);
		else
			art_say_name_id(b, e->actor);
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
	long by = art_root_of(b, rec->actor), of = art_root_of(b, rec->target);
	int past = 0;
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		int dated;
		if (e == rec) {
			past = 1;
			continue;
		}
		if (!past || !art_later_recognition_event(b, e, by, of))
			continue;
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		if (e->by)
			art_say_person(b, e->by, &e->date);
		else
			art_say_name_id(b, e->actor);
		switch (e->kind) {
		case CHANCERY_EV_WITHDRAW_RECOGNITION:
			art_say(b, " withdrew %s recognition of ", e->by ? "the" : "its");
			art_say_name_id(b, e->target);
			break;
		case CHANCERY_EV_DENY_RECOGNITION:
			art_say(b, " denied that ");
			art_say_name_id(b, e->actor);
			art_say(b, " had recognised ");
			art_say_name_id(b, e->target);
			break;
		case CHANCERY_EV_REAFFIRM_RECOGNITION:
			art_say(b, " reaffirmed the recognition of ");
			art_say_name_id(b, e->target);
			break;
		case CHANCERY_EV_RECOGNISE:
			art_say(b, " recognised ");
			art_say_name_id(b, e->target);
			art_say(b, " again");
			break;
		case CHANCERY_EV_SWITCH_RECOGNITION:
			art_say(b, " switched %s recognition from ", e->by ? "the" : "its");
			art_say_name_id(b, e->from_party);
			art_say(b, " to ");
			art_say_name_id(b, e->target);
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
		art_say_reactions(b, e, history_noun(e->kind), para);
	}
}

/* Others severing relations with the recogniser within a month, and what
 * they declared about the recognised party that day. */
static void say_severance_by_others(struct builder *b, const struct chancery_event *rec,
				    struct art_block *para)
{
	long by_root = art_root_of(b, rec->actor), r1 = art_root_of(b, b->art->p1->id),
	     r2 = art_root_of(b, b->art->p2->id);
	const struct chancery_party *by = art_party(b, rec->actor);
	if (rec->date.form == CHANCERY_DATE_NONE)
		return;
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		long who = art_root_of(b, e->actor);
		if (e->kind != CHANCERY_EV_SEVER_RELATIONS || !art_visible(b, e) ||
		    art_root_of(b, e->target) != by_root || who == r1 || who == r2 ||
		    chancery_date_before(&e->date, &rec->date) == CHANCERY_YES ||
		    e->date.lo > rec->date.hi + 31)
			continue;
		art_say(b, "After ");
		art_say_of(b, by, "recognition");
		art_say(b, " of ");
		art_say_name_id(b, rec->target);
		art_say(b, ", ");
		art_say_name_id(b, e->actor);
		art_say(b, " severed diplomatic relations with ");
		art_say_name_id(b, e->target);
		art_say_date_end(b, &e->date);
		art_cite(b, e);
		for (size_t j = 0; j < b->r->n_events; j++) {
			const struct chancery_event *d = &b->r->events[j];
			int about_of = 0;
			if (d->kind != CHANCERY_EV_DECLARE || d->actor != e->actor ||
			    chancery_date_cmp(&d->date, &e->date) || !d->text)
				continue;
			for (uint32_t k = 0; k < d->subject.n; k++)
				about_of |= art_root_of(b, d->subject.v[k]) == art_root_of(b, rec->target);
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
	long by = art_root_of(b, rec->actor), left = art_root_of(b, rec->from_party);
	for (size_t i = 0; i < b->r->n_events && left >= 0; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_SEVER_RELATIONS || !art_visible(b, e) ||
		    art_root_of(b, e->actor) != by || art_root_of(b, e->target) != left ||
		    e->date.form == CHANCERY_DATE_NONE || rec->date.form == CHANCERY_DATE_NONE ||
		    e->date.hi < rec->date.lo - 31 || e->date.lo > rec->date.hi + 31)
			continue;
		art_say_name_id(b, e->actor);
		art_say(b, " severed diplomatic relations with ");
		art_say_name_id(b, e->target);
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
	s = art_add_section(b, 3, title.buf);
	para = art_add_block(s, ART_PARAGRAPH);
	reactions = art_add_block(s, ART_PARAGRAPH);
	others = art_add_block(s, ART_PARAGRAPH);
	say_motions(b, dv, art_root_of(b, rec->actor), para);
	say_recognition(b, rec, para);
	say_declarations(b, rec, para);
	say_history(b, dv, rec, para);
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION)
		strbuf_addstr(&what, "The switch");
	else if (by && by->adjective)
		strbuf_addf(&what, "The %s recognition", by->adjective);
	else
		strbuf_addstr(&what, "The recognition");
	art_say_reactions(b, rec, what.buf, reactions);
	say_severance_by_others(b, rec, others);
	if (rec->kind == CHANCERY_EV_SWITCH_RECOGNITION)
		say_break_with_left(b, rec, others);
	strbuf_release(&title);
	strbuf_release(&what);
}

/* Background: how each party came to be (declarations of independence),
 * the wars between them, then each recognition with what led to it and
 * what followed. */
void art_background(struct builder *b, const struct view *dv)
{
	const struct article *art = b->art;
	long r1 = art_root_of(b, art->p1->id), r2 = art_root_of(b, art->p2->id);
	const struct chancery_event *rec[2] = { art_first_recognition(b, dv, r2, r1),
						art_first_recognition(b, dv, r1, r2) };
	struct art_section *s = art_add_section(b, 2, "Background");
	struct art_block *context = art_add_block(s, ART_PARAGRAPH);

	/* how each came to be, whatever the dyad of the declaration */
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		long a = art_root_of(b, e->actor);
		int dated;
		if (e->kind != CHANCERY_EV_DECLARE_INDEPENDENCE || (a != r1 && a != r2) ||
		    !art_visible(b, e))
			continue;
		dated = art_say_date_start(b, &e->date);
		if (dated)
			art_say(b, " ");
		art_say_name_id(b, e->actor);
		art_say(b, " declared its independence");
		if (e->from_party) {
			art_say(b, " from ");
			art_say_name_id(b, e->from_party);
		}
		if (!dated)
			art_say_date_end(b, &e->date);
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, context);
	}
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		long a = art_root_of(b, e->actor), t = art_root_of(b, e->target);
		int dated;
		/* the wars between the two */
		if (e->kind == CHANCERY_EV_ARMED_CONFLICT &&
		    ((a == r1 && t == r2) || (a == r2 && t == r1))) {
			dated = 1;
			art_say_name_id(b, e->actor);
			art_say(b, " and ");
			art_say_name_id(b, e->target);
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
	if (rec[0] && rec[1] && art_known_cmp(rec[1], rec[0]) < 0) {
		const struct chancery_event *t = rec[0];
		rec[0] = rec[1];
		rec[1] = t;
	}
	for (int i = 0; i < 2; i++)
		if (rec[i])
			recognition_section(b, dv, rec[i]);
}
