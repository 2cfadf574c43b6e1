/* merge.c: add to one registry the entities of another that it lacks, by
 * copying them: strings into the destination's arena, ids interned there
 * (equal ids are equal pointers within one registry). Import uses it to
 * check a file's facts together with what the store holds, the file's
 * own entities winning. A model-level copy: no ledger text is written or
 * parsed on the way. */
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "model/registry.h"
#include "base/banned.h"

/* A field added to an entity must be copied below; these trip when an
 * entity's size changes so that the copy is looked at (x86-64 sizes). */
#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(struct chancery_party) == 208, "copy the new party field in merge.c");
_Static_assert(sizeof(struct chancery_person) == 80, "copy the new person field in merge.c");
_Static_assert(sizeof(struct chancery_office) == 96, "copy the new office field in merge.c");
_Static_assert(sizeof(struct chancery_source) == 136, "copy the new source field in merge.c");
_Static_assert(sizeof(struct chancery_event) == 296, "copy the new event field in merge.c");
_Static_assert(sizeof(struct chancery_treaty) == 200, "copy the new treaty field in merge.c");
_Static_assert(sizeof(struct chancery_provision) == 56, "copy the new provision field in merge.c");
_Static_assert(sizeof(struct chancery_coverage) == 144, "copy the new coverage field in merge.c");
#endif

static const char *str(chancery_registry *dst, const char *s)
{
	return s ? registry_intern(dst, s, strlen(s)) : NULL;
}

static struct chancery_ids ids(chancery_registry *dst, struct chancery_ids v)
{
	struct chancery_ids out = { NULL, v.n };
	if (!v.n)
		return out;
	out.v = arena_alloc(&dst->arena, v.n * sizeof(*out.v));
	for (uint32_t i = 0; i < v.n; i++)
		out.v[i] = str(dst, v.v[i]);
	return out;
}

static struct chancery_loc loc(chancery_registry *dst, struct chancery_loc l)
{
	l.file = str(dst, l.file);
	return l;
}

static void copy_party(chancery_registry *dst, struct chancery_party *p)
{
	p->id = str(dst, p->id);
	p->name = str(dst, p->name);
	p->short_name = str(dst, p->short_name);
	p->adjective = str(dst, p->adjective);
	p->iso2 = str(dst, p->iso2);
	p->iso3 = str(dst, p->iso3);
	p->wikidata = str(dst, p->wikidata);
	p->of = str(dst, p->of);
	p->sources = ids(dst, p->sources);
	p->note = str(dst, p->note);
	p->loc = loc(dst, p->loc);
	p->article = str(dst, p->article);
	p->isonum = str(dst, p->isonum); /* issue 12 */
}

static void copy_person(chancery_registry *dst, struct chancery_person *p)
{
	struct chancery_office *offices = NULL;
	p->id = str(dst, p->id);
	p->name = str(dst, p->name);
	p->wikidata = str(dst, p->wikidata);
	if (p->n_offices) {
		offices = arena_alloc(&dst->arena, p->n_offices * sizeof(*offices));
		for (uint32_t i = 0; i < p->n_offices; i++) {
			struct chancery_office o = p->offices[i];
			o.title = str(dst, o.title);
			o.of = str(dst, o.of);
			o.sources = ids(dst, o.sources);
			offices[i] = o;
		}
	}
	p->offices = offices;
	p->sources = ids(dst, p->sources);
	p->note = str(dst, p->note);
	p->loc = loc(dst, p->loc);
}

static void copy_source(chancery_registry *dst, struct chancery_source *s)
{
	s->id = str(dst, s->id);
	s->title = str(dst, s->title);
	s->publisher = str(dst, s->publisher);
	s->url = str(dst, s->url);
	s->note = str(dst, s->note);
	s->loc = loc(dst, s->loc);
	if (s->n_covers) {
		struct chancery_coverage *v =
			arena_alloc(&dst->arena, s->n_covers * sizeof(*v));
		for (uint32_t i = 0; i < s->n_covers; i++) {
			v[i] = s->covers[i];
			v[i].by = ids(dst, v[i].by);
			v[i].with = ids(dst, v[i].with);
			v[i].mission_type = str(dst, v[i].mission_type);
			v[i].members = str(dst, v[i].members);
			v[i].note = str(dst, v[i].note);
			v[i].loc = loc(dst, v[i].loc);
		}
		s->covers = v;
	}
}

static void copy_event(chancery_registry *dst, struct chancery_event *e)
{
	e->id = str(dst, e->id);
	e->treaty = str(dst, e->treaty);
	e->person = str(dst, e->person);
	e->actor = str(dst, e->actor);
	e->target = str(dst, e->target);
	e->instrument = str(dst, e->instrument);
	e->place = str(dst, e->place);
	e->level = str(dst, e->level);
	e->mission_type = str(dst, e->mission_type);
	e->city = str(dst, e->city);
	e->rank = str(dst, e->rank);
	e->stance = str(dst, e->stance);
	e->about = str(dst, e->about);
	e->text = str(dst, e->text);
	e->note = str(dst, e->note);
	e->by = str(dst, e->by);
	e->to = str(dst, e->to);
	e->from_party = str(dst, e->from_party);
	e->persons = ids(dst, e->persons);
	e->subject = ids(dst, e->subject);
	e->sources = ids(dst, e->sources);
	e->loc = loc(dst, e->loc);
	e->system = str(dst, e->system); /* issue 12 */
}

static void copy_treaty(chancery_registry *dst, struct chancery_treaty *t)
{
	struct chancery_provision *provisions = NULL;
	t->id = str(dst, t->id);
	t->title = str(dst, t->title);
	t->parties = ids(dst, t->parties);
	if (t->n_provisions) {
		provisions = arena_alloc(&dst->arena, t->n_provisions * sizeof(*provisions));
		for (uint32_t i = 0; i < t->n_provisions; i++) {
			struct chancery_provision v = t->provisions[i];
			v.text = str(dst, v.text);
			v.party = str(dst, v.party);
			provisions[i] = v;
		}
	}
	t->provisions = provisions;
	t->sources = ids(dst, t->sources);
	t->type = str(dst, t->type);
	t->place = str(dst, t->place);
	t->depositary = str(dst, t->depositary);
	t->note = str(dst, t->note);
	t->loc = loc(dst, t->loc);
}

static int missing(const chancery_registry *dst, const char *id)
{
	return chancery_registry_lookup(dst, id, NULL) == CHANCERY_ENT_NONE;
}

/* Append a copy of src's entity x to dst's array, unless dst has its id.
 * The arrays and ids map of dst grow here; finish re-sorts them. */
#define MERGE(arr, n, alloc, ent, copy)                                               \
	for (size_t i = 0; i < src->n; i++) {                                          \
		if (!missing(dst, src->arr[i].id))                                     \
			continue;                                                      \
		ALLOC_GROW(dst->arr, dst->n + 1, dst->alloc);                          \
		dst->arr[dst->n] = src->arr[i];                                        \
		copy(dst, &dst->arr[dst->n]);                                          \
		added[ent] = 1;                                                        \
		dst->n++;                                                              \
	}

int registry_add_missing(chancery_registry *dst, const chancery_registry *src,
			 struct chancery_diags *diags)
{
	int added[CHANCERY_ENT_TREATY + 1] = { 0 };

	/* dst's id map is left as it was until the finish below, so every
	 * "missing" asks about dst before the merge. */
	MERGE(parties, n_parties, alloc_parties, CHANCERY_ENT_PARTY, copy_party)
	MERGE(persons, n_persons, alloc_persons, CHANCERY_ENT_PERSON, copy_person)
	MERGE(sources, n_sources, alloc_sources, CHANCERY_ENT_SOURCE, copy_source)
	MERGE(treaties, n_treaties, alloc_treaties, CHANCERY_ENT_TREATY, copy_treaty)
	for (size_t i = 0; i < src->n_events; i++) {
		const struct chancery_event *e = &src->events[i];
		/* A treaty's actions come with it: a treaty dst lacks brings all
		 * of them, one dst has keeps only dst's own. */
		if (e->treaty && !missing(dst, e->treaty))
			continue;
		if (!missing(dst, e->id)) {
			if (!e->treaty)
				continue; /* dst's own version wins */
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "id '%s' of an action of treaty '%s' is already used by"
					   " another entity", e->id, e->treaty);
			registry_unfinish(dst); /* dst holds what was added so far */
			return -CHANCERY_EINPUT;
		}
		ALLOC_GROW(dst->events, dst->n_events + 1, dst->alloc_events);
		dst->events[dst->n_events] = *e;
		copy_event(dst, &dst->events[dst->n_events]);
		added[CHANCERY_ENT_EVENT] = 1;
		dst->n_events++;
	}
	for (int ent = 0; ent <= CHANCERY_ENT_TREATY; ent++)
		if (added[ent]) {
			registry_unfinish(dst);
			break;
		}
	return chancery_registry_finish(dst, diags);
}

void registry_borrow_assertions(chancery_registry *dst, const chancery_registry *src)
{
	for (size_t i = 0; i < src->n_assertions; i++) {
		ALLOC_GROW(dst->assertions, dst->n_assertions + 1, dst->alloc_assertions);
		dst->assertions[dst->n_assertions++] = src->assertions[i];
	}
}
