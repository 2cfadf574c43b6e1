/* article_treaties.c: the treaty table: signed, ratified by each party,
 * the treaty, and notes written from its rules (entry into force, term,
 * renewal or extension, steps, where and by whom it was signed). */
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
			/* the notice and its effect are two days when notice runs
			 * (issue 20): "Chile withdrew on 10 May 2023" said the
			 * notice of a withdrawal that took effect a year later */
			const struct chancery_span *effect = NULL;
			for (uint32_t i = 0; st && i < st->n_parties; i++)
				if (st->parties[i].denunciation == e &&
				    st->parties[i].denunciation_effect.known)
					effect = &st->parties[i].denunciation_effect;
			art_name_into(&part, art_party(b, e->actor));
			if (effect && e->date.form == CHANCERY_DATE_POINT &&
			    (effect->lo != effect->hi || effect->lo != e->date.lo)) {
				strbuf_addstr(&part, " gave notice of withdrawal ");
				art_date(&part, &e->date, 1);
				strbuf_addstr(&part, effect->lo > b->day ? "; it takes effect " : "; it took effect ");
				span_words(&part, *effect);
			} else {
				strbuf_addstr(&part, " withdrew from it ");
				art_date(&part, &e->date, 1);
			}
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
		art_say_name_id(b, e->actor);
	}
}

void art_treaty_table(struct builder *b)
{
	const struct article *art = b->art;
	long r1 = art_root_of(b, art->p1->id), r2 = art_root_of(b, art->p2->id);
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
			both |= art_root_of(b, t->parties.v[j]) == r2;
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
	s = art_add_section(b, 2, "List of treaties and agreements");
	/* what third parties said of the treaties, before the table */
	reactions = art_add_block(s, ART_PARAGRAPH);
	for (size_t i = 0; i < n; i++) {
		const struct chancery_treaty *t = chancery_registry_treaty(b->r, rows[i].index);
		const struct index_list *acts = registry_treaty_actions(b->r, rows[i].index);
		for (uint32_t j = 0; j < acts->n; j++) {
			const struct chancery_event *e = chancery_registry_event(b->r, acts->v[j]), *r[16];
			size_t m = art_visible(b, e) ? art_reactions_to(b, e, NULL, r, 16) : 0;
			for (size_t k = 0; k < m; k++) {
				int dated = art_say_date_start(b, &r[k]->date);
				if (dated)
					art_say(b, " ");
				if (r[k]->by)
					art_say_person(b, r[k]->by, &r[k]->date);
				else
					art_say_party_id(b, r[k]->actor);
				art_say(b, " %s ", art_stance_verb(r[k]->stance));
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
	table = art_add_block(s, ART_TABLE);
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
			long who = art_root_of(b, e->actor);
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
