/* article.c: build the bilateral-relations article from the registry as
 * of a day. Events are grouped into the reference article's sections and
 * written with one sentence form per kind; every sentence keeps the ids of
 * its events and their sources. The wording is this project's own. */
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

/* Drop a trailing empty paragraph. */
static void prune(struct art_section *s)
{
	while (s->n_blocks && s->blocks[s->n_blocks - 1].kind != ART_TABLE &&
	       !s->blocks[s->n_blocks - 1].n_items) {
		free(s->blocks[s->n_blocks - 1].items);
		s->n_blocks--;
	}
}

struct dyad_view {
	const struct chancery_event **v;
	size_t n;
	const struct chancery_event *recognition; /* the first recognition within the dyad */
};

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Background: the recognition, the motions before it, the reactions of
 * third parties, the severance by others. */
static void background(struct builder *b, const struct dyad_view *dv)
{
	const struct chancery_event *rec = dv->recognition;
	const struct chancery_party *by = art_party(b, rec->actor), *of = art_party(b, rec->target);
	struct art_section *s;
	struct art_block *para;
	char date[64], title[256];
	long by_root = snapshot_party_root(b->r, rec->actor);

	add_section(b, 2, "Background");
	snprintf(title, sizeof(title), "%s recognition of %s", art_adjective(by), art_short_name(of));
	s = add_section(b, 3, title);
	para = add_block(s, ART_PARAGRAPH);

	/* Motions of the recognising state's organs, merged when they say the
	 * same on the same day. */
	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i], *m[8] = { NULL };
		size_t n = 0;
		if (e->kind != CHANCERY_EV_MOTION || !art_visible(b, e) ||
		    snapshot_party_root(b->r, e->actor) != by_root)
			continue;
		for (size_t j = 0; j < dv->n && n < 8; j++)
			if (dv->v[j]->kind == CHANCERY_EV_MOTION && !chancery_date_cmp(&dv->v[j]->date, &e->date) &&
			    same_text(dv->v[j]->text, e->text) && dv->v[j]->to == e->to)
				m[n++] = dv->v[j];
		if (m[0] != e)
			continue; /* said with the first of its group */
		article_date(&e->date, 1, date, sizeof(date));
		art_say(b, "%s%s ", date[0] ? "O" : "", date[0] ? date + 1 : "");
		for (size_t k = 0; k < n; k++) {
			const struct chancery_party *p = art_party(b, m[k]->actor);
			art_say(b, "%s", k ? (k + 1 == n ? " and " : ", ") : "");
			art_say_the(b, p ? art_short_name(p) : m[k]->actor);
			art_cite(b, m[k]);
		}
		art_say(b, " passed %s", n > 1 ? "motions" : "a motion");
		if (e->to) {
			art_say(b, " addressed to ");
			art_say_person(b, e->to, &e->date);
		}
		art_say(b, ".");
		if (e->text) {
			art_say(b, " %s ", n > 1 ? "Each" : "It");
			art_lower_first(b, e->text);
			art_say(b, ".");
		}
		art_end_sentence(b, para);
	}

	/* The recognitions by the same state on the same day, the dyad's one
	 * first: "signed decrees recognising Abkhazia and South Ossetia". */
	{
		const struct chancery_event *same[16];
		size_t n = 0;
		same[n++] = rec;
		for (size_t i = 0; i < b->r->n_events && n < 16; i++) {
			const struct chancery_event *e = &b->r->events[i];
			if (e != rec && e->kind == CHANCERY_EV_RECOGNISE &&
			    snapshot_party_root(b->r, e->actor) == by_root &&
			    !chancery_date_cmp(&e->date, &rec->date) && same_text(e->by, rec->by))
				same[n++] = e;
		}
		article_date(&rec->date, 1, date, sizeof(date));
		art_say(b, "%s%s ", date[0] ? "O" : "", date[0] ? date + 1 : "");
		if (rec->by) {
			art_say_person(b, rec->by, &rec->date);
			if (rec->instrument)
				art_say(b, " signed %s%s recognising", rec->instrument, n > 1 ? "s" : "");
			else
				art_say(b, " recognised");
		} else {
			art_say(b, "%s recognised", art_short_name(by));
		}
		for (size_t k = 0; k < n; k++) {
			const struct chancery_party *p = art_party(b, same[k]->target);
			art_say(b, "%s%s", k ? (k + 1 == n ? " and " : ", ") : " ", p ? art_short_name(p) : "?");
			art_cite(b, same[k]);
		}
		art_say(b, ".");
		art_end_sentence(b, para);
	}

	/* Declarations of the recogniser on that day. */
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		if (e->kind != CHANCERY_EV_DECLARE || snapshot_party_root(b->r, e->actor) != by_root ||
		    chancery_date_cmp(&e->date, &rec->date) || !art_visible(b, e))
			continue;
		article_date(&e->date, 1, date, sizeof(date));
		art_say(b, "%s%s ", date[0] ? "O" : "", date[0] ? date + 1 : "");
		if (e->by)
			art_say_person(b, e->by, &e->date);
		else
			art_say(b, "%s", art_short_name(by));
		art_say(b, " made a declaration");
		if (e->text) {
			art_say(b, " that ");
			art_lower_first(b, e->text);
		}
		art_say(b, ".");
		art_cite(b, e);
		art_end_sentence(b, para);
	}

	/* Reactions of third parties to the recognition, by stance. */
	para = add_block(s, ART_PARAGRAPH);
	{
		const struct index_list *about = &snapshot_of(b->r)->about[rec - b->r->events];
		for (size_t st = 0; stances[st]; st++) {
			size_t n = 0, total = 0;
			for (uint32_t k = 0; k < about->n; k++) {
				const struct chancery_event *e = &b->r->events[about->v[k]];
				total += e->stance == stances[st] && art_visible(b, e);
			}
			if (!total)
				continue;
			/* A call to rescind names who called, then the call. */
			int rescind = !strcmp(stances[st], "call-to-rescind");
			if (!rescind)
				art_say(b, "The %s recognition was %s by ", art_adjective(by),
				    !strcmp(stances[st], "condemn")   ? "condemned"
				    : !strcmp(stances[st], "welcome") ? "welcomed"
				    : !strcmp(stances[st], "support") ? "supported"
				    : !strcmp(stances[st], "concern") ? "met with concern"
								      : "noted");
			for (uint32_t k = 0; k < about->n; k++) {
				const struct chancery_event *e = &b->r->events[about->v[k]];
				const struct chancery_party *p;
				if (e->stance != stances[st] || !art_visible(b, e))
					continue;
				p = art_party(b, e->actor);
				art_say(b, "%s", n ? (n + 1 == total ? " and " : ", ") : "");
				if (p)
					art_say_party(b, p);
				else
					art_say(b, "%s", e->actor);
				art_cite(b, e);
				n++;
			}
			if (rescind)
				art_say(b, " called for %s to rescind its recognition", art_short_name(by));
			art_say(b, ".");
			art_end_sentence(b, para);
		}
	}

	/* Others severing relations with the recogniser within a month, and
	 * what they declared about the recognised party that day. */
	para = add_block(s, ART_PARAGRAPH);
	for (size_t i = 0; i < b->r->n_events; i++) {
		const struct chancery_event *e = &b->r->events[i];
		const struct chancery_party *who;
		if (e->kind != CHANCERY_EV_SEVER_RELATIONS || !art_visible(b, e) ||
		    snapshot_party_root(b->r, e->target) != by_root ||
		    chancery_date_before(&e->date, &rec->date) == CHANCERY_YES ||
		    e->date.lo > rec->date.hi + 31)
			continue;
		who = art_party(b, e->actor);
		article_date(&e->date, 1, date, sizeof(date));
		art_say(b, "After the %s recognition of %s, %s severed diplomatic relations with %s %s",
		    art_adjective(by), art_short_name(of), who ? art_short_name(who) : e->actor, art_short_name(by), date);
		art_cite(b, e);
		for (size_t j = 0; j < b->r->n_events; j++) {
			const struct chancery_event *d = &b->r->events[j];
			int about_of = 0;
			if (d->kind != CHANCERY_EV_DECLARE || d->actor != e->actor ||
			    chancery_date_cmp(&d->date, &e->date) || !d->text)
				continue;
			for (uint32_t k = 0; k < d->subject.n; k++)
				about_of |= snapshot_party_root(b->r, d->subject.v[k]) ==
					    snapshot_party_root(b->r, rec->target);
			if (!about_of)
				continue;
			art_say(b, ", and declared that it ");
			art_lower_first(b, d->text);
			art_cite(b, d);
		}
		art_say(b, ".");
		art_end_sentence(b, para);
	}
	prune(s);
}

/* Bilateral relationship: diplomatic ties, envoys, missions opened and
 * planned. */
static void bilateral(struct builder *b, const struct dyad_view *dv)
{
	struct art_section *s;
	struct art_block *ties, *envoys, *missions, *plans;
	char date[64];

	add_section(b, 2, "Bilateral relationship");
	s = add_section(b, 3, "Diplomatic ties");
	ties = add_block(s, ART_PARAGRAPH);
	envoys = add_block(s, ART_PARAGRAPH);
	missions = add_block(s, ART_PARAGRAPH);
	plans = add_block(s, ART_PARAGRAPH);

	for (size_t i = 0; i < dv->n; i++) {
		const struct chancery_event *e = dv->v[i];
		const struct chancery_party *x = art_party(b, e->actor), *y = art_party(b, e->target);
		if (!art_visible(b, e) || !x || !y)
			continue;
		article_date(&e->date, 1, date, sizeof(date));
		switch (e->kind) {
		case CHANCERY_EV_ESTABLISH_RELATIONS:
		case CHANCERY_EV_RESTORE_RELATIONS:
			art_say(b, "%s and %s %s diplomatic relations", art_short_name(x), art_short_name(y),
			    e->kind == CHANCERY_EV_ESTABLISH_RELATIONS ? "established" : "restored");
			if (e->level)
				art_say(b, " at %s level", e->level);
			if (date[0])
				art_say(b, " %s", date);
			if (e->instrument)
				art_say(b, " by %s", e->instrument);
			for (uint32_t k = 0; k < e->persons.n; k++) {
				art_say(b, "%s", k ? " and " : " between ");
				art_say_person(b, e->persons.v[k], &e->date);
			}
			if (e->place)
				art_say(b, " at %s", e->place);
			art_say(b, ".");
			art_cite(b, e);
			art_end_sentence(b, ties);
			break;
		case CHANCERY_EV_CHANGE_RELATIONS:
		case CHANCERY_EV_SUSPEND_RELATIONS:
		case CHANCERY_EV_SEVER_RELATIONS:
			art_say(b, "%s %s diplomatic relations with %s%s%s%s%s.", art_short_name(x),
			    e->kind == CHANCERY_EV_CHANGE_RELATIONS	 ? "changed the level of its"
			    : e->kind == CHANCERY_EV_SUSPEND_RELATIONS ? "suspended"
								     : "severed",
			    art_short_name(y), e->level ? " to " : "", e->level ? e->level : "",
			    date[0] ? " " : "", date);
			art_cite(b, e);
			art_end_sentence(b, ties);
			break;
		case CHANCERY_EV_APPOINT_ENVOY:
			art_say(b, "%s%s", date[0] ? "O" : "", date[0] ? date + 1 : "");
			if (e->by) {
				art_say(b, "%s", date[0] ? ", " : "");
				art_say_person(b, e->by, &e->date);
				art_say(b, " appointed ");
			} else {
				art_say(b, "%s%s appointed ", date[0] ? ", " : "", art_short_name(x));
			}
			art_say_person(b, e->person, &e->date);
			/* "as Russian Ambassador to Abkhazia" */
			art_say(b, " as %s %s to %s", art_adjective(x), e->rank ? e->rank : "envoy",
			    art_short_name(y));
			if (e->instrument)
				art_say(b, " by %s", e->instrument);
			art_say(b, ".");
			art_cite(b, e);
			art_end_sentence(b, envoys);
			break;
		case CHANCERY_EV_PRESENT_CREDENTIALS:
			art_say_person(b, e->person, &e->date);
			art_say(b, " presented credentials");
			if (e->to) {
				art_say(b, " to ");
				art_say_person(b, e->to, &e->date);
			}
			art_say(b, "%s%s.", date[0] ? " " : "", date);
			art_cite(b, e);
			art_end_sentence(b, envoys);
			break;
		case CHANCERY_EV_END_ENVOY:
			art_say_person(b, e->person, &e->date);
			art_say(b, " ended the mission to %s%s%s.", art_short_name(y), date[0] ? " " : "", date);
			art_cite(b, e);
			art_end_sentence(b, envoys);
			break;
		case CHANCERY_EV_ANNOUNCE_MISSION:
			if (e->date.form == CHANCERY_DATE_NONE) {
				art_say(b, "%s plans on opening %s %s in %s.", art_short_name(x),
				    art_a_or_an(art_mission_word(e->mission_type)), art_mission_word(e->mission_type),
				    art_short_name(y));
				art_cite(b, e);
				art_end_sentence(b, plans);
				break;
			}
			if (e->by) {
				art_say_person(b, e->by, &e->date);
				art_say(b, " issued %s %s to set up %s %s %s in %s %s.",
				    art_a_or_an(e->instrument ? e->instrument : "decision"),
				    e->instrument ? e->instrument : "decision", art_a_or_an(art_adjective(x)),
				    art_adjective(x), art_mission_word(e->mission_type), art_short_name(y), date);
			} else {
				art_say(b, "%s decided to set up %s %s in %s %s.", art_short_name(x),
				    art_a_or_an(art_mission_word(e->mission_type)), art_mission_word(e->mission_type),
				    art_short_name(y), date);
			}
			art_cite(b, e);
			art_end_sentence(b, missions);
			break;
		case CHANCERY_EV_OPEN_MISSION:
		case CHANCERY_EV_CLOSE_MISSION:
			if (e->date.form == CHANCERY_DATE_NONE)
				break; /* undated: listed among the resident missions */
			art_say(b, "%s%s, the %s %s in %s was %s%s%s.", date[0] ? "O" : "", date[0] ? date + 1 : "",
			    art_adjective(x), art_mission_word(e->mission_type), art_short_name(y),
			    e->kind == CHANCERY_EV_OPEN_MISSION ? "opened" : "closed",
			    e->city ? " in " : "", e->city ? e->city : "");
			art_cite(b, e);
			art_end_sentence(b, missions);
			break;
		default: break;
		}
	}
	prune(s);
}

static void notes_of(struct builder *b, const struct chancery_treaty *t)
{
	char date[64];
	if (t->term.n && t->term.unit == 'y') {
		art_say(b, "Valid for %d years", (int)t->term.n);
		if (t->renew.n)
			art_say(b, ", automatically renewable for %d-%s periods", (int)t->renew.n,
			    t->renew.unit == 'y' ? "year" : t->renew.unit == 'm' ? "month" : "day");
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
		art_say(b, "%s%s", b->text.len ? "; " : "", v->text);
		for (uint32_t k = i; k < t->n_provisions; k++) {
			const struct chancery_provision *w = &t->provisions[k];
			const struct chancery_party *p = w->party ? art_party(b, w->party) : NULL;
			if (strcmp(w->text, v->text))
				continue;
			if (w->from_force)
				art_say(b, ", immediately");
			else if (w->from.form)
				art_say(b, ", from %s onwards", article_date(&w->from, 0, date, sizeof(date)));
			if (p)
				art_say(b, " for %s", art_short_name(p));
		}
	}
	if (t->note)
		art_say(b, "%s%s", b->text.len ? ". " : "", t->note);
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

static void treaty_table(struct builder *b)
{
	const struct article *art = b->art;
	long r1 = snapshot_party_root(b->r, art->p1->id), r2 = snapshot_party_root(b->r, art->p2->id);
	const struct index_list *l = &snapshot_of(b->r)->party_treaties[r1];
	struct treaty_row *rows = xmalloc((l->n + 1) * sizeof(*rows));
	size_t n = 0;
	struct art_section *s;
	struct art_block *table;
	char buf[128];

	for (uint32_t k = 0; k < l->n; k++) {
		const struct chancery_treaty *t = chancery_registry_treaty(b->r, l->v[k]);
		const struct index_list *acts = registry_treaty_actions(b->r, l->v[k]);
		int both = 0, any = 0;
		int32_t first = CHANCERY_DAY_MAX;
		for (uint32_t j = 0; j < t->parties.n; j++)
			both |= snapshot_party_root(b->r, t->parties.v[j]) == r2;
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
	table = add_block(s, ART_TABLE);
	table->header[0] = art_keep(b, "Signed:");
	snprintf(buf, sizeof(buf), "Ratified by %s:", art_short_name(art->p1));
	table->header[1] = art_keep(b, buf);
	snprintf(buf, sizeof(buf), "Ratified by %s:", art_short_name(art->p2));
	table->header[2] = art_keep(b, buf);
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
			long who = snapshot_party_root(b->r, e->actor);
			int col = -1;
			if (!art_visible(b, e))
				continue;
			art_cite(b, e);
			if (e->kind == CHANCERY_EV_SIGN)
				col = 0;
			else if (e->kind == CHANCERY_EV_RATIFY || e->kind == CHANCERY_EV_APPROVE ||
				 e->kind == CHANCERY_EV_ACCEPT || e->kind == CHANCERY_EV_ACCEDE)
				col = who == r1 ? 1 : who == r2 ? 2 : -1;
			if (col >= 0 && !row->cells[col][0])
				row->cells[col] = art_keep(b, article_date(&e->date, 0, buf, sizeof(buf)));
		}
		row->cells[3] = t->title;
		notes_of(b, t);
		row->cells[4] = art_keep(b, b->text.buf);
		strbuf_reset(&b->text);
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
			int open = m->fold.state == CHANCERY_MISSION_OPEN && !m->fold.uncertain;
			if (!open && b->present && m->fold.uncertain &&
			    m->fold.possible == CHANCERY_MISSION_OPEN &&
			    m->fold.maybe->date.form == CHANCERY_DATE_NONE)
				open = 1;
			if (!open || !x ||
			    snapshot_party_root(b->r, m->sender) !=
				    snapshot_party_root(b->r, side ? b->art->p2->id : b->art->p1->id))
				continue;
			if (!s) {
				s = add_section(b, 2, "Resident diplomatic missions");
				list = add_block(s, ART_LIST);
			}
			art_say(b, "%s has %s %s in %s.", art_short_name(x), art_a_or_an(art_mission_word(m->type)),
			    art_mission_word(m->type), m->city ? m->city : art_short_name(art_party(b, m->host)));
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

int article_build(const chancery_registry *r, const char *a, const char *b, int32_t day,
		  struct article **out)
{
	struct builder bd = { 0 };
	struct article *art;
	struct chancery_dyad_status *st;
	struct dyad_view dv = { 0 };
	const struct chancery_event *relations = NULL;
	char date[64], buf[512];
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
	snprintf(buf, sizeof(buf), "%s\u2013%s relations", art_short_name(art->p1), art_short_name(art->p2));
	art->title = art_keep(&bd, buf);
	snprintf(buf, sizeof(buf), "%s \u2013 %s relations", art_short_name(art->p1), art_short_name(art->p2));
	art->infobox_title = art_keep(&bd, buf);
	/* A state goes by its full name, a partially recognised one by its
	 * short name, as the reference infobox does. */
	art->infobox_party1 = art->p1->kind == CHANCERY_PARTY_STATE ? art->p1->name : art_short_name(art->p1);
	art->infobox_party2 = art->p2->kind == CHANCERY_PARTY_STATE ? art->p2->name : art_short_name(art->p2);
	art->filetype = "svg";
	snprintf(buf, sizeof(buf), "%s-%s Locator.svg", art_short_name(art->p1), art_short_name(art->p2));
	art->map = art_keep(&bd, buf);

	dv.v = st->events;
	dv.n = st->n_events;
	for (size_t i = 0; i < dv.n; i++) {
		const struct chancery_event *e = dv.v[i];
		if (!art_visible(&bd, e))
			continue;
		if (!dv.recognition && e->kind == CHANCERY_EV_RECOGNISE && e->target)
			dv.recognition = e;
		if (!relations && e->kind == CHANCERY_EV_ESTABLISH_RELATIONS)
			relations = e;
	}

	/* Lead. */
	art_say(&bd, "%s is the bilateral relationship between ", art->title);
	art_say_the(&bd, art->p1->name);
	art_say(&bd, " and ");
	art_say_the(&bd, art->p2->name);
	art_say(&bd, ".");
	art_end_sentence(&bd, &art->lead);
	if (dv.recognition) {
		const struct chancery_party *x = art_party(&bd, dv.recognition->actor),
					    *y = art_party(&bd, dv.recognition->target);
		long by = snapshot_party_root(r, dv.recognition->actor);
		art_say(&bd, "%s recognised %s %s", art_short_name(x), art_short_name(y),
		    article_date(&dv.recognition->date, 1, date, sizeof(date)));
		art_cite(&bd, dv.recognition);
		/* The war it followed: an armed conflict of the recognising state
		 * that ended at most three months before. */
		for (size_t i = 0; i < r->n_events; i++) {
			const struct chancery_event *e = &r->events[i];
			if (e->kind != CHANCERY_EV_ARMED_CONFLICT || !e->text || !art_visible(&bd, e) ||
			    (snapshot_party_root(r, e->actor) != by &&
			     snapshot_party_root(r, e->target) != by) ||
			    e->date.lo > dv.recognition->date.hi ||
			    e->date.hi < dv.recognition->date.lo - 92)
				continue;
			art_say(&bd, ", following the %s %s",
			    article_date(&e->date, 0, date, sizeof(date)), e->text);
			art_cite(&bd, e);
			break;
		}
		art_say(&bd, ".");
		art_end_sentence(&bd, &art->lead);
	}
	if (relations) {
		art_say(&bd, "%s and %s established diplomatic relations %s.", art_short_name(art->p1),
		    art_short_name(art->p2), article_date(&relations->date, 1, date, sizeof(date)));
		art_cite(&bd, relations);
		art_end_sentence(&bd, &art->lead);
	}
	if (!dv.recognition && !relations) {
		art_say(&bd, "No recognition or diplomatic relations between %s and %s are recorded",
		    art_short_name(art->p1), art_short_name(art->p2));
		art_say(&bd, "%s.", bd.present ? "" : " as of that day");
		art_end_sentence(&bd, &art->lead);
	}

	if (dv.recognition)
		background(&bd, &dv);
	if (relations || st->n_envoys || st->n_missions)
		bilateral(&bd, &dv);
	treaty_table(&bd);
	resident_missions(&bd, st);

	see = add_section(&bd, 2, "See also");
	list = add_block(see, ART_LIST);
	art_say(&bd, "Foreign relations of %s", art_short_name(art->p1));
	art_end_sentence(&bd, list);
	art_say(&bd, "Foreign relations of %s", art_short_name(art->p2));
	art_end_sentence(&bd, list);

	/* Sections left empty by the day's facts go. */
	{
		size_t k = 0;
		for (size_t i = 0; i < art->n_sections; i++) {
			struct art_section *s = &art->sections[i];
			int has_sub = i + 1 < art->n_sections && art->sections[i + 1].level > s->level &&
				      art->sections[i + 1].n_blocks;
			if (!s->n_blocks && !has_sub) {
				free(s->blocks);
				continue;
			}
			art->sections[k++] = *s;
		}
		art->n_sections = k;
	}
	free(bd.events);
	free(bd.sources);
	strbuf_release(&bd.text);
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
