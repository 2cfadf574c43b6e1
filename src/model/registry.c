/* registry.c: the registry's life cycle, its canonical order, generated
 * event ids, and look-ups by id, code and name. */
#include "model/registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/strbuf.h"
#include "model/vocab.h"
#include "base/banned.h"

/* The treaty-action lists were built for the treaties of the last finish;
 * more may have been parsed since, so they carry their own count. */
static void free_treaty_actions(chancery_registry *r)
{
	for (size_t i = 0; i < r->n_treaty_actions; i++)
		free(r->treaty_actions[i].v);
	free(r->treaty_actions);
	r->treaty_actions = NULL;
	r->n_treaty_actions = 0;
}

chancery_registry *chancery_registry_new(void)
{
	chancery_registry *r = xcalloc(1, sizeof(struct chancery_registry));
	atomic_init(&r->cache, NULL);
	return r;
}

/* ---- the cache of a higher layer ---- */

/* The cache is logically not part of the registry's value: installing it
 * into a const registry is allowed (registries are always allocated by
 * chancery_registry_new, never defined const). */
static _Atomic(struct registry_cache *) *cache_slot(const chancery_registry *r)
{
	return &((chancery_registry *)r)->cache;
}

struct registry_cache *registry_cache_get(const chancery_registry *r)
{
	return atomic_load_explicit(cache_slot(r), memory_order_acquire);
}

struct registry_cache *registry_cache_install(const chancery_registry *r,
					      struct registry_cache *c)
{
	struct registry_cache *expected = NULL;
	if (atomic_compare_exchange_strong_explicit(cache_slot(r), &expected, c,
						    memory_order_acq_rel, memory_order_acquire))
		return c;
	c->release(c); /* another thread built it first */
	return expected;
}

static void drop_cache(chancery_registry *r)
{
	struct registry_cache *c = atomic_exchange(&r->cache, NULL);
	if (c)
		c->release(c);
}

void registry_unfinish(chancery_registry *r)
{
	if (r->finished || atomic_load_explicit(&r->cache, memory_order_relaxed))
		drop_cache(r);
	r->finished = 0;
}

void chancery_registry_free(chancery_registry *r)
{
	if (!r)
		return;
	free_treaty_actions(r);
	drop_cache(r);
	free(r->parties);
	free(r->persons);
	free(r->sources);
	free(r->events);
	free(r->treaties);
	free(r->assertions);
	hashmap_release(&r->strings);
	hashmap_release(&r->ids);
	hashmap_release(&r->party_keys);
	ptrmap_release(&r->ids_by_ptr);
	arena_release(&r->arena);
	free(r);
}

const char *registry_intern(struct chancery_registry *r, const char *s, size_t len)
{
	struct hashmap_entry *e;
	char *p;
	if (hashmap_entry_for(&r->strings, s, len, &e))
		return e->key;
	p = arena_strndup(&r->arena, s, len);
	e->key = p;
	e->value = (uint64_t)(uintptr_t)p;
	return p;
}

size_t chancery_registry_party_count(const chancery_registry *r) { return r->n_parties; }
size_t chancery_registry_person_count(const chancery_registry *r) { return r->n_persons; }
size_t chancery_registry_source_count(const chancery_registry *r) { return r->n_sources; }
size_t chancery_registry_event_count(const chancery_registry *r) { return r->n_events; }
size_t chancery_registry_treaty_count(const chancery_registry *r) { return r->n_treaties; }

const struct chancery_party *chancery_registry_party(const chancery_registry *r, size_t i)
{
	return i < r->n_parties ? &r->parties[i] : NULL;
}
const struct chancery_person *chancery_registry_person(const chancery_registry *r, size_t i)
{
	return i < r->n_persons ? &r->persons[i] : NULL;
}
const struct chancery_source *chancery_registry_source(const chancery_registry *r, size_t i)
{
	return i < r->n_sources ? &r->sources[i] : NULL;
}
const struct chancery_event *chancery_registry_event(const chancery_registry *r, size_t i)
{
	return i < r->n_events ? &r->events[i] : NULL;
}
const struct chancery_treaty *chancery_registry_treaty(const chancery_registry *r, size_t i)
{
	return i < r->n_treaties ? &r->treaties[i] : NULL;
}

const struct index_list *registry_treaty_actions(const chancery_registry *r, size_t i)
{
	static const struct index_list empty;
	return i < r->n_treaty_actions ? &r->treaty_actions[i] : &empty;
}

const char *chancery_entity_name(enum chancery_entity e)
{
	static const char *const names[] = { "nothing", "party", "person",
					     "source",	"event", "treaty" };
	return (unsigned)e < sizeof(names) / sizeof(*names) ? names[e] : "nothing";
}

/* ---- canonical order ---- */

static int strcmp_null(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int ids_cmp(const struct chancery_ids *a, const struct chancery_ids *b)
{
	for (uint32_t i = 0; i < a->n && i < b->n; i++) {
		int c = strcmp(a->v[i], b->v[i]);
		if (c)
			return c;
	}
	return a->n < b->n ? -1 : a->n > b->n;
}

static int event_attrs_cmp(const struct chancery_event *a, const struct chancery_event *b)
{
	int c;
	for (const struct field *f = event_fields; f->key; f++) {
		const char *x = (const char *)a + f->offset, *y = (const char *)b + f->offset;
		switch ((enum field_type)f->type) {
		case FT_ID:
			continue; /* ids come last */
		case FT_PARTIES:
		case FT_PERSONS:
		case FT_SOURCES:
			c = ids_cmp((const struct chancery_ids *)x, (const struct chancery_ids *)y);
			break;
		case FT_DATE:
			c = chancery_date_cmp((const struct chancery_date *)x,
					      (const struct chancery_date *)y);
			break;
		case FT_INT:
		case FT_PARTY_KIND:
			c = *(const int *)x - *(const int *)y;
			break;
		default:
			c = strcmp_null(*(const char *const *)x, *(const char *const *)y);
		}
		if (c)
			return c;
	}
	return strcmp_null(a->text, b->text);
}

int event_cmp(const struct chancery_event *a, const struct chancery_event *b)
{
	int c = chancery_date_cmp(&a->date, &b->date);
	if (c)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp_null(a->treaty, b->treaty)) || (c = strcmp_null(a->actor, b->actor)) ||
	    (c = strcmp_null(a->target, b->target)) || (c = strcmp_null(a->person, b->person)))
		return c;
	/* The same date, kind and participants: compare the other attributes,
	 * field by field in the table's order (no text is built: with many
	 * such ties a sort would otherwise spend its time writing). */
	if ((c = event_attrs_cmp(a, b)))
		return c;
	return strcmp_null(a->id, b->id);
}

static _Thread_local const struct chancery_event *sort_events_base;

static int cmp_event_index(const void *x, const void *y)
{
	return event_cmp(&sort_events_base[*(const uint32_t *)x],
			 &sort_events_base[*(const uint32_t *)y]);
}

/* Sort the events by their days (a radix sort of (lo, hi): most are told
 * apart there without touching the large, scattered events), then each
 * run of equal days by event_cmp; then permute in place by cycles: the
 * structs are large and there may be millions. Returns 1 if any event
 * moved. */
static int sort_events(chancery_registry *r)
{
	size_t n = r->n_events;
	uint32_t *order;
	struct sort_item *keys;
	int sorted = 1;
	for (size_t i = 1; i < n && sorted; i++)
		if (event_cmp(&r->events[i - 1], &r->events[i]) > 0)
			sorted = 0;
	if (sorted)
		return 0;
	keys = xmalloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		const struct chancery_date *d = &r->events[i].date;
		int undated = d->form == CHANCERY_DATE_NONE; /* last */
		keys[i].key = (uint64_t)radix_i32(undated ? INT32_MAX : d->lo) << 32 |
			      radix_i32(undated ? INT32_MAX : d->hi);
		keys[i].index = (uint32_t)i;
	}
	radix_sort(keys, n);
	order = xmalloc(n * sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = keys[i].index;
	sort_events_base = r->events;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && keys[j].key == keys[i].key; j++)
			;
		if (j - i > 1)
			qsort(order + i, j - i, sizeof(*order), cmp_event_index);
	}
	sort_events_base = NULL;
	free(keys);
	/* position i must receive events[order[i]] */
	for (size_t i = 0; i < n; i++) {
		size_t j;
		struct chancery_event tmp;
		if (order[i] == i)
			continue;
		tmp = r->events[i];
		j = i;
		while (order[j] != i) {
			size_t k = order[j];
			r->events[j] = r->events[k];
			order[j] = (uint32_t)j;
			j = k;
		}
		r->events[j] = tmp;
		order[j] = (uint32_t)j;
	}
	free(order);
	return 1;
}

#define DEFINE_ID_SORT(name, type)                                              \
	static int name(const void *x, const void *y)                           \
	{                                                                       \
		return strcmp(((const type *)x)->id, ((const type *)y)->id);    \
	}
DEFINE_ID_SORT(cmp_party, struct chancery_party)
DEFINE_ID_SORT(cmp_person, struct chancery_person)
DEFINE_ID_SORT(cmp_source, struct chancery_source)
DEFINE_ID_SORT(cmp_treaty, struct chancery_treaty)

/* ---- generated ids ---- */

/* Appends ".part" (no printf: this runs once per event without an id). */
static void add_part(struct strbuf *out, const char *part)
{
	strbuf_addch(out, '.');
	strbuf_addstr(out, part);
}

void event_base_id(const struct chancery_event *e, struct strbuf *out)
{
	const struct kind_info *k = &kinds[e->kind];
	if (k->treaty) {
		strbuf_addstr(out, e->treaty ? e->treaty : "treaty");
		add_part(out, k->name);
		if (e->actor)
			add_part(out, e->actor);
		return;
	}
	if (e->date.form == CHANCERY_DATE_NONE) {
		strbuf_addstr(out, "undated");
	} else {
		char date[64], *start = date;
		chancery_date_format(&e->date, date, sizeof(date));
		for (char *p = date; *p; p++)
			if (!isdigit((unsigned char)*p) && *p != '-')
				*p = '_';
		/* An id starts with a letter or digit: an open or unknown start
		 * ("../2009", "/2009") reads "to-2009". */
		if (*start == '_') {
			while (*start == '_')
				start++;
			strbuf_addstr(out, "to-");
		}
		strbuf_addstr(out, start);
	}
	add_part(out, k->name);
	if (e->person)
		add_part(out, e->person);
	if (e->actor)
		add_part(out, e->actor);
	if (e->target)
		add_part(out, e->target);
}

static void assign_event_ids(chancery_registry *r)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < r->n_events; i++) {
		struct chancery_event *e = &r->events[i];
		struct hashmap_entry *slot;
		size_t base_len;
		if (e->id)
			continue;
		strbuf_reset(&sb);
		event_base_id(e, &sb);
		base_len = sb.len;
		/* one probe finds a taken id or makes the new one's entry (a
		 * million probes of a map too big for the cache, not two) */
		for (unsigned n = 2; hashmap_entry_for(&r->ids, sb.buf, sb.len, &slot); n++) {
			strbuf_setlen(&sb, base_len);
			strbuf_addf(&sb, ".%u", n);
		}
		/* unique by construction: interning would only add a map entry */
		e->id = arena_strndup(&r->arena, sb.buf, sb.len);
		e->auto_id = 1;
		slot->key = e->id;
		slot->value = ID_VALUE(CHANCERY_ENT_EVENT, i);
	}
	strbuf_release(&sb);
}

/* ---- indexes ---- */

static void add_party_key(chancery_registry *r, const char *key, size_t index)
{
	struct strbuf sb = STRBUF_INIT;
	if (!key || !*key)
		return;
	for (const char *p = key; *p; p++)
		strbuf_addch(&sb, tolower((unsigned char)*p));
	hashmap_put(&r->party_keys, registry_intern(r, sb.buf, sb.len), index, NULL);
	strbuf_release(&sb);
}

static void build_treaty_actions(chancery_registry *r)
{
	free_treaty_actions(r);
	r->treaty_actions = xcalloc(r->n_treaties ? r->n_treaties : 1, sizeof(*r->treaty_actions));
	r->n_treaty_actions = r->n_treaties;
	for (size_t i = 0; i < r->n_events; i++) {
		const struct chancery_event *e = &r->events[i];
		uint64_t v;
		struct index_list *l;
		if (!e->treaty || !hashmap_get(&r->ids, e->treaty, &v) ||
		    ID_ENTITY(v) != CHANCERY_ENT_TREATY)
			continue;
		l = &r->treaty_actions[ID_INDEX(v)];
		ALLOC_GROW(l->v, l->n + 1, l->alloc);
		l->v[l->n++] = (uint32_t)i;
	}
}

/* The id -> entity map for the current positions. Duplicates were
 * reported by the parser as they were met; the first one wins. */
static void index_ids(chancery_registry *r)
{
	hashmap_clear(&r->ids);
	hashmap_reserve(&r->ids, r->n_parties + r->n_persons + r->n_sources + r->n_treaties +
					 r->n_events);
	for (size_t i = 0; i < r->n_parties; i++)
		hashmap_put(&r->ids, r->parties[i].id, ID_VALUE(CHANCERY_ENT_PARTY, i), NULL);
	for (size_t i = 0; i < r->n_persons; i++)
		hashmap_put(&r->ids, r->persons[i].id, ID_VALUE(CHANCERY_ENT_PERSON, i), NULL);
	for (size_t i = 0; i < r->n_sources; i++)
		hashmap_put(&r->ids, r->sources[i].id, ID_VALUE(CHANCERY_ENT_SOURCE, i), NULL);
	for (size_t i = 0; i < r->n_treaties; i++)
		hashmap_put(&r->ids, r->treaties[i].id, ID_VALUE(CHANCERY_ENT_TREATY, i), NULL);
	for (size_t i = 0; i < r->n_events; i++)
		if (r->events[i].id)
			hashmap_put(&r->ids, r->events[i].id, ID_VALUE(CHANCERY_ENT_EVENT, i), NULL);
}

int chancery_registry_finish(chancery_registry *r, struct chancery_diags *diags)
{
	if (r->finished)
		return 0;
	drop_cache(r);
	/* qsort's array may not be NULL, even with no elements. */
	if (r->n_parties)
		qsort(r->parties, r->n_parties, sizeof(*r->parties), cmp_party);
	if (r->n_persons)
		qsort(r->persons, r->n_persons, sizeof(*r->persons), cmp_person);
	if (r->n_sources)
		qsort(r->sources, r->n_sources, sizeof(*r->sources), cmp_source);
	if (r->n_treaties)
		qsort(r->treaties, r->n_treaties, sizeof(*r->treaties), cmp_treaty);
	sort_events(r);
	index_ids(r);
	assign_event_ids(r);
	/* Events alike but for their ids are ordered by id, and generated ids
	 * exist only now: sort again, so that the written text parses back
	 * into the same order. */
	if (sort_events(r))
		index_ids(r);

	hashmap_clear(&r->party_keys);
	for (size_t i = 0; i < r->n_parties; i++) {
		const struct chancery_party *p = &r->parties[i];
		add_party_key(r, p->id, i);
		add_party_key(r, p->iso2, i);
		add_party_key(r, p->iso3, i);
		add_party_key(r, p->wikidata, i);
		add_party_key(r, p->short_name, i);
		add_party_key(r, p->name, i);
	}
	build_treaty_actions(r);
	/* Events are left out: their ids are many, and most look-ups of them
	 * (about=) name an id written in another event, another pointer. */
	ptrmap_clear(&r->ids_by_ptr);
	ptrmap_reserve(&r->ids_by_ptr, r->n_parties + r->n_persons + r->n_sources + r->n_treaties);
	for (size_t i = 0; i < r->n_parties; i++)
		ptrmap_put(&r->ids_by_ptr, r->parties[i].id, ID_VALUE(CHANCERY_ENT_PARTY, i));
	for (size_t i = 0; i < r->n_persons; i++)
		ptrmap_put(&r->ids_by_ptr, r->persons[i].id, ID_VALUE(CHANCERY_ENT_PERSON, i));
	for (size_t i = 0; i < r->n_sources; i++)
		ptrmap_put(&r->ids_by_ptr, r->sources[i].id, ID_VALUE(CHANCERY_ENT_SOURCE, i));
	for (size_t i = 0; i < r->n_treaties; i++)
		ptrmap_put(&r->ids_by_ptr, r->treaties[i].id, ID_VALUE(CHANCERY_ENT_TREATY, i));
	r->finished = 1;
	(void)diags;
	return 0;
}

/* ---- look-ups ---- */

enum chancery_entity chancery_registry_lookup(const chancery_registry *r, const char *id,
					      size_t *index)
{
	uint64_t v;
	if (!id)
		return CHANCERY_ENT_NONE;
	if (!(r->finished && ptrmap_get(&r->ids_by_ptr, id, &v)) && !hashmap_get(&r->ids, id, &v))
		return CHANCERY_ENT_NONE;
	if (index)
		*index = ID_INDEX(v);
	return ID_ENTITY(v);
}

const struct chancery_party *chancery_registry_find_party(const chancery_registry *r,
							  const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t v;
	int found;
	for (const char *p = name; *p; p++)
		strbuf_addch(&sb, tolower((unsigned char)*p));
	found = hashmap_getn(&r->party_keys, sb.buf, sb.len, &v);
	strbuf_release(&sb);
	return found ? &r->parties[v] : NULL;
}

/* Levenshtein distance, ignoring case, of the first 255 bytes. */
unsigned edit_distance(const char *a, const char *b)
{
	/* Levenshtein with adjacent transpositions counted as one edit
	 * (optimal string alignment): "SO" is one edit from "OS". */
	unsigned rows[3][256], la = 0, lb = 0;
	unsigned *prev2 = rows[0], *prev = rows[1], *row = rows[2];
	while (la < 255 && a[la])
		la++;
	while (lb < 255 && b[lb])
		lb++;
	for (unsigned j = 0; j <= lb; j++)
		prev[j] = j;
	for (unsigned i = 1; i <= la; i++) {
		unsigned *t;
		row[0] = i;
		for (unsigned j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			unsigned best = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			row[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = row;
		row = t;
	}
	return prev[lb];
}

/* The initials of a name's capitalised words: "SO" for "South Ossetia",
 * which a user may type for it. */
static void initials(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const char *c = name; *c && n + 1 < size; c++)
		if ((c == name || c[-1] == ' ') && isupper((unsigned char)*c))
			out[n++] = *c;
	out[n] = '\0';
}

size_t chancery_registry_suggest_parties(const chancery_registry *r, const char *name,
					 const struct chancery_party **out, size_t max)
{
	size_t n = 0, len = strlen(name);
	unsigned limit = len <= 3 ? 1 : len < 6 ? 2 : (unsigned)(len / 3);
	unsigned *dist = max ? xmalloc(max * sizeof(*dist)) : NULL;
	for (size_t i = 0; i < r->n_parties && max; i++) {
		const struct chancery_party *p = &r->parties[i];
		char abbrev[16];
		const char *keys[] = { p->id, p->short_name, p->name, p->iso3, abbrev };
		unsigned best = ~0u;
		size_t pos;
		initials(p->short_name ? p->short_name : p->name, abbrev, sizeof(abbrev));
		if (strlen(abbrev) < 2)
			abbrev[0] = '\0'; /* one word: its initial says nothing */
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
			unsigned d;
			if (!keys[k] || !keys[k][0])
				continue;
			d = edit_distance(name, keys[k]);
			if (d < best)
				best = d;
		}
		if (best > limit)
			continue;
		pos = n < max ? n++ : max;
		if (pos == max) {
			if (best >= dist[max - 1])
				continue;
			pos = max - 1;
		}
		while (pos > 0 && dist[pos - 1] > best) {
			dist[pos] = dist[pos - 1];
			out[pos] = out[pos - 1];
			pos--;
		}
		dist[pos] = best;
		out[pos] = p;
	}
	/* Only the nearest: "Rusia" suggests Russia, not also USA. */
	while (n > 1 && dist[n - 1] > dist[0])
		n--;
	free(dist);
	return n;
}

/* ---- involvement ---- */

/* Is `id` the party, or an organ of it (following of= up to 8 steps)? */
static int is_or_belongs_to(const chancery_registry *r, const char *id, const char *party)
{
	for (int depth = 0; id && depth < 8; depth++) {
		size_t i;
		if (!strcmp(id, party))
			return 1;
		if (chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_PARTY)
			return 0;
		id = r->parties[i].of;
	}
	return 0;
}

static int involves_depth(const chancery_registry *r, const struct chancery_event *e,
			  const char *party, int depth)
{
	size_t i;
	if (is_or_belongs_to(r, e->actor, party) || is_or_belongs_to(r, e->target, party) ||
	    is_or_belongs_to(r, e->from_party, party))
		return 1;
	for (uint32_t k = 0; k < e->subject.n; k++)
		if (is_or_belongs_to(r, e->subject.v[k], party))
			return 1;
	if (e->treaty && chancery_registry_lookup(r, e->treaty, &i) == CHANCERY_ENT_TREATY)
		for (uint32_t k = 0; k < r->treaties[i].parties.n; k++)
			if (is_or_belongs_to(r, r->treaties[i].parties.v[k], party))
				return 1;
	if (e->about && depth < 8 &&
	    chancery_registry_lookup(r, e->about, &i) == CHANCERY_ENT_EVENT)
		return involves_depth(r, &r->events[i], party, depth + 1);
	return 0;
}

int registry_event_involves(const chancery_registry *r, const struct chancery_event *e,
			    const char *party)
{
	return involves_depth(r, e, party, 0);
}
