/* prose.c: the words of the article: dates as prose at the precision they
 * were written ("on 26 August 2008", "in 2009", "in autumn 2008",
 * "between September and November 2008"), names of parties with their
 * articles and adjectives, persons with their offices, and the sentence
 * builder that keeps each sentence's events and sources. Everything is
 * built in strbufs. The wording is this project's own. */
#include "publish/prose.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "base/banned.h"

static const char *const month_names[] = { "January", "February", "March",     "April",
					   "May",     "June",     "July",      "August",
					   "September", "October", "November", "December" };

/* ---- dates ---- */

/* EDTF season codes 21..41 (docs/ledger.md): spring ... winter, the same
 * north and south, quarters, four-month periods, halves. */
static void season_words(struct strbuf *sb, int code, int year)
{
	static const char *const seasons[] = { "spring", "summer", "autumn", "winter" };
	static const char *const ordinals[] = { "first", "second", "third", "fourth" };
	if (code >= 21 && code <= 32) {
		int k = (code - 21) % 4;
		strbuf_addf(sb, "%s%s ", code >= 29 ? "the southern " : code >= 25 ? "the northern " : "",
			    seasons[k]);
		if (code >= 25)
			strbuf_addstr(sb, "of ");
		/* a winter, or the southern summer, runs into the next year */
		if ((code >= 29 ? (k + 2) % 4 : k) == 3)
			strbuf_addf(sb, "%04d\u2013%02d", year, (year + 1) % 100);
		else
			strbuf_addf(sb, "%04d", year);
	} else if (code >= 33 && code <= 36) {
		strbuf_addf(sb, "the %s quarter of %04d", ordinals[code - 33], year);
	} else if (code >= 37 && code <= 39) {
		strbuf_addf(sb, "%s\u2013%s %04d", month_names[4 * (code - 37)],
			    month_names[4 * (code - 37) + 3], year);
	} else {
		strbuf_addf(sb, "the %s half of %04d", code == 40 ? "first" : "second", year);
	}
}

enum point_grain { GRAIN_YEAR, GRAIN_MONTH, GRAIN_DAY };

/* The grain a point is known to: a day, a month (or season), a year. */
static enum point_grain grain_of(const struct chancery_datepoint *p)
{
	if (p->precision == CHANCERY_PREC_DAY && !(p->mday_x & 2) && !(p->mday_x & 1))
		return GRAIN_DAY;
	if (p->precision >= CHANCERY_PREC_MONTH && !(p->mday_x & 1))
		return GRAIN_MONTH;
	return GRAIN_YEAR;
}

/* A point without its qualifier: "26 August 2008", "December 2009",
 * "autumn 2008", "2009", "the 2010s". */
static void point_words(struct strbuf *sb, const struct chancery_datepoint *p)
{
	if (p->year_x) {
		int span = p->year_x == 1 ? 10 : p->year_x == 2 ? 100 : 1000;
		strbuf_addf(sb, "the %d%s", p->year / span * span, "s");
		return;
	}
	switch (grain_of(p)) {
	case GRAIN_DAY:
		strbuf_addf(sb, "%d %s %04d", p->day, month_names[p->month - 1], p->year);
		return;
	case GRAIN_MONTH:
		if (p->month > 12)
			season_words(sb, p->month, p->year);
		else
			strbuf_addf(sb, "%s %04d", month_names[p->month - 1], p->year);
		return;
	case GRAIN_YEAR:
		strbuf_addf(sb, "%04d", p->year);
		return;
	}
}

/* The preposition a point takes: "on" a day, "in" anything longer. */
static const char *point_prep(const struct chancery_datepoint *p)
{
	return !p->year_x && grain_of(p) == GRAIN_DAY ? "on" : "in";
}

static void qualified_point(struct strbuf *sb, const struct chancery_datepoint *p, int prep)
{
	int approx = p->qualifiers & CHANCERY_Q_APPROXIMATE, unsure = p->qualifiers & CHANCERY_Q_UNCERTAIN;
	if (unsure)
		strbuf_addstr(sb, "possibly ");
	if (approx)
		strbuf_addstr(sb, "around ");
	else if (prep)
		strbuf_addf(sb, "%s ", point_prep(p));
	point_words(sb, p);
}

/* Two closed ends: "between September and November 2008", "between 25
 * and 26 January 2011", "between 22 December 2010 and 5 February 2011". */
static void interval_words(struct strbuf *sb, const struct chancery_datepoint *a,
			   const struct chancery_datepoint *b)
{
	enum point_grain ga = grain_of(a), gb = grain_of(b);
	strbuf_addstr(sb, "between ");
	if (!a->qualifiers && !b->qualifiers && !a->year_x && !b->year_x && a->year == b->year &&
	    ga == gb && ga != GRAIN_YEAR && a->month <= 12 && b->month <= 12) {
		if (ga == GRAIN_DAY && a->month == b->month)
			strbuf_addf(sb, "%d and %d %s %04d", a->day, b->day, month_names[a->month - 1],
				    a->year);
		else if (ga == GRAIN_DAY)
			strbuf_addf(sb, "%d %s and %d %s %04d", a->day, month_names[a->month - 1],
				    b->day, month_names[b->month - 1], a->year);
		else
			strbuf_addf(sb, "%s and %s %04d", month_names[a->month - 1],
				    month_names[b->month - 1], a->year);
		return;
	}
	qualified_point(sb, a, 0);
	strbuf_addstr(sb, " and ");
	qualified_point(sb, b, 0);
}

void art_date(struct strbuf *sb, const struct chancery_date *d, int prep)
{
	const struct chancery_datepoint *a = &d->start, *b = &d->end;
	if (d->form == CHANCERY_DATE_NONE) {
		if (prep)
			strbuf_addstr(sb, "on an unknown date");
		return;
	}
	if (d->form == CHANCERY_DATE_POINT) {
		qualified_point(sb, a, prep);
		return;
	}
	if (!a->open && !b->open) {
		interval_words(sb, a, b);
		return;
	}
	if (!a->open) { /* "2008-08-26/..": the start is known */
		strbuf_addf(sb, "%s or after ", point_prep(a));
		qualified_point(sb, a, 0);
	} else { /* "../2011" */
		strbuf_addf(sb, "%s or before ", point_prep(b));
		qualified_point(sb, b, 0);
	}
}

int art_say_date_start(struct builder *b, const struct chancery_date *d)
{
	size_t at = b->text.len;
	if (d->form == CHANCERY_DATE_NONE)
		return 0;
	art_date(&b->text, d, 1);
	b->text.buf[at] = (char)toupper((unsigned char)b->text.buf[at]);
	return 1;
}

void art_say_date_end(struct builder *b, const struct chancery_date *d)
{
	strbuf_addch(&b->text, ' ');
	art_date(&b->text, d, 1);
}

/* ---- sentences ---- */

const char *art_keep(struct builder *b, const char *s)
{
	return arena_strdup(&b->art->arena, s);
}

void art_say(struct builder *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&b->text, fmt, ap);
	va_end(ap);
}

/* Cite an event: its id and its sources (or its treaty's). */
void art_cite(struct builder *b, const struct chancery_event *e)
{
	const struct chancery_ids *src = &e->sources;
	size_t t;
	for (size_t k = 0; k < b->n_events; k++)
		if (!strcmp(b->events[k], e->id))
			return; /* cited in this sentence already */
	ALLOC_GROW(b->events, b->n_events + 1, b->alloc_events);
	b->events[b->n_events++] = e->id;
	if (!src->n && e->treaty &&
	    chancery_registry_lookup(b->r, e->treaty, &t) == CHANCERY_ENT_TREATY)
		src = &chancery_registry_treaty(b->r, t)->sources;
	for (uint32_t i = 0; i < src->n; i++) {
		size_t k = 0;
		while (k < b->n_sources && strcmp(b->sources[k], src->v[i]))
			k++;
		if (k < b->n_sources)
			continue;
		ALLOC_GROW(b->sources, b->n_sources + 1, b->alloc_sources);
		b->sources[b->n_sources++] = src->v[i];
	}
}

/* Finish the sentence being written into a block's items. */
void art_end_sentence(struct builder *b, struct art_block *block)
{
	struct art_sentence *s;
	if (!b->text.len)
		return;
	if (islower((unsigned char)b->text.buf[0]))
		b->text.buf[0] = (char)toupper((unsigned char)b->text.buf[0]);
	block->items = xrealloc(block->items, (block->n_items + 1) * sizeof(*block->items));
	s = &block->items[block->n_items++];
	memset(s, 0, sizeof(*s));
	s->text = art_keep(b, b->text.buf);
	s->n_events = b->n_events;
	s->n_sources = b->n_sources;
	s->events = arena_alloc(&b->art->arena, (b->n_events + 1) * sizeof(*s->events));
	s->sources = arena_alloc(&b->art->arena, (b->n_sources + 1) * sizeof(*s->sources));
	if (b->n_events) /* the arrays are NULL until something is cited */
		memcpy(s->events, b->events, b->n_events * sizeof(*s->events));
	if (b->n_sources)
		memcpy(s->sources, b->sources, b->n_sources * sizeof(*s->sources));
	strbuf_reset(&b->text);
	b->n_events = b->n_sources = 0;
}

/* ---- names ---- */

const struct chancery_party *art_party(const struct builder *b, const char *id)
{
	size_t i;
	if (!id || chancery_registry_lookup(b->r, id, &i) != CHANCERY_ENT_PARTY)
		return NULL;
	return chancery_registry_party(b->r, i);
}

const char *art_short_name(const struct chancery_party *p)
{
	return p->short_name ? p->short_name : p->name;
}

/* Does the name hold one of the words after which English puts "the"
 * before a state's or a body's name? */
static int has_the_word(const char *name)
{
	static const char *const words[] = { "Republic", "Kingdom",	   "Federation",   "Union",
					     "States",	 "Emirates",	   "Islands",	   "Organization",
					     "Organisation", "Council",	   "Assembly",	   "Duma",
					     "Commonwealth", "Confederation", "Principality", "Sultanate",
					     "Duchy",	 "Community",	   "Parliament",   NULL };
	for (size_t i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		for (const char *c = strstr(name, words[i]); c; c = strstr(c + 1, words[i]))
			if ((c == name || c[-1] == ' ') && (c[n] == '\0' || c[n] == ' ' || c[n] == ','))
				return 1;
	}
	return 0;
}

int art_takes_the(const struct chancery_party *p, const char *name)
{
	if (!strncmp(name, "The ", 4) || p->kind == CHANCERY_PARTY_GROUP)
		return 0; /* "The Gambia" says it itself; "Some of ..." is no name */
	if (p->article && name == art_short_name(p))
		return !strcmp(p->article, "the");
	return has_the_word(name);
}

static void say_with_article(struct strbuf *sb, const struct chancery_party *p, const char *name)
{
	strbuf_addf(sb, "%s%s", art_takes_the(p, name) ? "the " : "", name);
}

void art_name_into(struct strbuf *sb, const struct chancery_party *p)
{
	say_with_article(sb, p, art_short_name(p));
}

void art_say_name(struct builder *b, const struct chancery_party *p)
{
	art_name_into(&b->text, p);
}

void art_say_full_name(struct builder *b, const struct chancery_party *p)
{
	say_with_article(&b->text, p, p->name);
}

/* Is the party's short name an acronym of its name (NATO, PACE)? */
static int is_acronym(const struct chancery_party *p)
{
	const char *s = art_short_name(p);
	int acronym = strlen(s) <= 6 && strcmp(s, p->name) && p->kind != CHANCERY_PARTY_GROUP;
	for (const char *c = s; *c && acronym; c++)
		acronym = isupper((unsigned char)*c);
	return acronym;
}

/* A party in running text: its name, or, when the short name is an
 * acronym (NATO, PACE), "the Parliamentary Assembly of the Council of
 * Europe (PACE)", spelled out the way a first mention is. */
void art_say_party(struct builder *b, const struct chancery_party *p)
{
	if (is_acronym(p)) {
		art_say_full_name(b, p);
		art_say(b, " (%s)", art_short_name(p));
	} else {
		art_say_name(b, p);
	}
}

const char *art_adjective(const struct chancery_party *p)
{
	return p ? p->adjective : NULL;
}

void art_say_of(struct builder *b, const struct chancery_party *p, const char *noun)
{
	if (p && p->adjective) {
		art_say(b, "the %s %s", p->adjective, noun);
		return;
	}
	art_say(b, "the %s of ", noun);
	if (p)
		art_say_name(b, p);
}

const char *art_person_name(const struct builder *b, const char *id)
{
	size_t i;
	if (!id || chancery_registry_lookup(b->r, id, &i) != CHANCERY_ENT_PERSON)
		return id ? id : "";
	return chancery_registry_person(b->r, i)->name;
}

void art_say_surname(struct builder *b, const char *id)
{
	const char *name = art_person_name(b, id), *last = strrchr(name, ' ');
	art_say(b, "%s", last ? last + 1 : name);
}

/* A person with the office held on the day of the event, if recorded:
 * "Russian President Dmitry Medvedev", "President of Vanuatu X" for a
 * party without an adjective. */
void art_say_person(struct builder *b, const char *id, const struct chancery_date *when)
{
	size_t i;
	const struct chancery_person *p;
	if (chancery_registry_lookup(b->r, id, &i) != CHANCERY_ENT_PERSON) {
		art_say(b, "%s", id);
		return;
	}
	p = chancery_registry_person(b->r, i);
	for (uint32_t k = 0; k < p->n_offices; k++) {
		const struct chancery_office *o = &p->offices[k];
		const struct chancery_party *of = art_party(b, o->of);
		if ((o->from.form && chancery_date_before(when, &o->from) == CHANCERY_YES) ||
		    (o->to.form && chancery_date_before(&o->to, when) == CHANCERY_YES))
			continue;
		if (!strncmp(o->title, "Ambassador", 10) || !strncmp(o->title, "Plenipotentiary", 15))
			continue; /* the envoy sentences name these offices */
		if (of && of->adjective) {
			art_say(b, "%s %s %s", of->adjective, o->title, p->name);
		} else if (of && is_acronym(of)) {
			/* "NATO Secretary General Anders Fogh Rasmussen" */
			art_say(b, "%s %s %s", art_short_name(of), o->title, p->name);
		} else if (of) {
			art_say(b, "%s of ", o->title);
			art_say_name(b, of);
			art_say(b, " %s", p->name);
		} else {
			art_say(b, "%s %s", o->title, p->name);
		}
		return;
	}
	art_say(b, "%s", p->name);
}

/* ---- words ---- */

void art_lower_first(struct builder *b, const char *text)
{
	size_t n = strlen(text);
	if (!n)
		return;
	strbuf_addch(&b->text, tolower((unsigned char)text[0]));
	strbuf_add(&b->text, text + 1, n - 1 - (n > 1 && text[n - 1] == '.'));
}

const char *art_a_or_an(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

const char *art_mission_word(const char *type)
{
	if (!type)
		return "mission";
	if (!strcmp(type, "trade-mission"))
		return "trade mission";
	if (!strcmp(type, "consulate-general"))
		return "consulate general";
	if (!strcmp(type, "representative-office"))
		return "representative office";
	if (!strcmp(type, "high-commission"))
		return "high commission";
	if (!strcmp(type, "interests-section"))
		return "interests section";
	if (!strcmp(type, "permanent-mission"))
		return "permanent mission";
	return type;
}

const char *art_level_word(const char *level)
{
	if (!level)
		return "";
	if (!strcmp(level, "charge-d-affaires"))
		return "chargé d'affaires";
	if (!strcmp(level, "interests-section"))
		return "interests section";
	if (!strcmp(level, "liaison-office"))
		return "liaison office";
	return level;
}

/* ---- what the article may show ---- */

/* Has e happened by the article's day? Undated facts, and facts that may
 * or may not have happened yet, appear only in an article written today. */
int art_visible(const struct builder *b, const struct chancery_event *e)
{
	enum chancery_tri t = chancery_date_by(&e->date, b->day);
	return t == CHANCERY_YES || (t == CHANCERY_UNCERTAIN && b->present &&
				     (e->date.form == CHANCERY_DATE_NONE || e->date.lo <= b->day));
}
