/* prose.c: the words of the article: dates as prose ("on 26 August
 * 2008", "in 2009"), names of parties and persons in running text, and the
 * sentence builder that keeps each sentence's events and sources. The
 * wording is this project's own. */
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

const char *article_date(const struct chancery_date *d, int with_in, char *buf, size_t n)
{
	const struct chancery_datepoint *p = &d->start;
	buf[0] = '\0';
	if (d->form != CHANCERY_DATE_POINT || p->year_x || p->mday_x)
		return buf;
	if (p->precision == CHANCERY_PREC_DAY)
		snprintf(buf, n, "%s%d %s %04d", with_in ? "on " : "", p->day, month_names[p->month - 1],
			 p->year);
	else if (p->precision == CHANCERY_PREC_MONTH)
		snprintf(buf, n, "%s%s %04d", with_in ? "in " : "", month_names[p->month - 1], p->year);
	else
		snprintf(buf, n, "%s%s%04d", with_in ? "in " : "",
			 p->qualifiers ? "about " : "", p->year);
	return buf;
}


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

/* "the Russian Federation", "Georgia", "the Federation Council". */
void art_say_the(struct builder *b, const char *name)
{
	if (strchr(name, ' ') && strncmp(name, "The ", 4))
		art_say(b, "the %s", name);
	else
		art_say(b, "%s", name);
}

/* A party in running text: its short name, or, when that is an acronym
 * (NATO, PACE), "the Parliamentary Assembly of the Council of Europe
 * (PACE)", spelled out the way a first mention is. */
void art_say_party(struct builder *b, const struct chancery_party *p)
{
	const char *s = art_short_name(p);
	int acronym = strlen(s) <= 6 && strcmp(s, p->name);
	if (p->kind == CHANCERY_PARTY_GROUP) {
		art_say(b, "%s", s); /* "Some of the condemning parties": no article */
		return;
	}
	for (const char *c = s; *c && acronym; c++)
		acronym = isupper((unsigned char)*c);
	if (acronym) {
		art_say_the(b, p->name);
		art_say(b, " (%s)", s);
	} else {
		art_say_the(b, s);
	}
}

const char *art_adjective(const struct chancery_party *p)
{
	return p->adjective ? p->adjective : art_short_name(p);
}

/* A person with the office held on the day of the event, if recorded:
 * "Russian President Dmitry Medvedev". */
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
		art_say(b, "%s %s %s", of ? art_adjective(of) : "", o->title, p->name);
		return;
	}
	art_say(b, "%s", p->name);
}

void art_lower_first(struct builder *b, const char *text)
{
	size_t n = strlen(text);
	if (!n)
		return;
	strbuf_addch(&b->text, tolower((unsigned char)text[0]));
	strbuf_add(&b->text, text + 1, n - 1 - (text[n - 1] == '.'));
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

/* ---- what the article may show ---- */

/* Has e happened by the article's day? Undated facts, and facts that may
 * or may not have happened yet, appear only in an article written today. */
int art_visible(const struct builder *b, const struct chancery_event *e)
{
	enum chancery_tri t = chancery_date_by(&e->date, b->day);
	return t == CHANCERY_YES || (t == CHANCERY_UNCERTAIN && b->present &&
				     (e->date.form == CHANCERY_DATE_NONE || e->date.lo <= b->day));
}
