/* snapshot.c: the indexes that make as-of queries cheap once a registry is
 * finished: each party's root state, the events of every dyad (a sorted
 * array searched by binary search), each party's events and treaties, and
 * the reactions about each event. Built once; read-only afterwards. */
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "strbuf.h"
#include "banned.h"

void snapshot_free(chancery_registry *r)
{
	for (size_t i = 0; i < r->n_party_index; i++) {
		free(r->party_events[i].v);
		free(r->party_treaties[i].v);
	}
	for (size_t i = 0; i < r->n_about; i++)
		free(r->about[i].v);
	free(r->party_root);
	free(r->dyads);
	free(r->party_events);
	free(r->party_treaties);
	free(r->about);
	r->party_root = NULL;
	r->dyads = NULL;
	r->party_events = r->party_treaties = r->about = NULL;
	r->n_dyads = r->n_party_index = r->n_about = 0;
}

static long party_index(const chancery_registry *r, const char *id)
{
	size_t i;
	if (id && chancery_registry_lookup(r, id, &i) == CHANCERY_ENT_PARTY)
		return (long)i;
	return -1;
}

long registry_party_root(const chancery_registry *r, const char *id)
{
	long i = party_index(r, id);
	return i < 0 || !r->party_root ? i : (long)r->party_root[i];
}

static void push(struct index_list *l, uint32_t v)
{
	if (l->n && l->v[l->n - 1] == v)
		return; /* the same event twice in a row (actor and subject) */
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = v;
}

static int cmp_dyad(const void *x, const void *y)
{
	const struct dyad_entry *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->event < b->event ? -1 : a->event > b->event;
}

static uint64_t dyad_key(uint32_t a, uint32_t b)
{
	return a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
}

void snapshot_build(chancery_registry *r)
{
	size_t np = r->n_parties, alloc_dyads = 0;
	snapshot_free(r);
	r->party_root = xmalloc((np ? np : 1) * sizeof(*r->party_root));
	for (size_t i = 0; i < np; i++) {
		/* follow of= to the state, at most 8 steps (cycles are cut) */
		long at = (long)i, next;
		for (int depth = 0; depth < 8 && (next = party_index(r, r->parties[at].of)) >= 0;
		     depth++)
			at = next;
		r->party_root[i] = (uint32_t)at;
	}
	r->n_party_index = np;
	r->party_events = xcalloc(np ? np : 1, sizeof(*r->party_events));
	r->party_treaties = xcalloc(np ? np : 1, sizeof(*r->party_treaties));
	r->n_about = r->n_events;
	r->about = xcalloc(r->n_events ? r->n_events : 1, sizeof(*r->about));

	/* Kept per root party (an organ's treaties are its state's), in
	 * treaty order, so that two parties' shared treaties are a merge. */
	for (size_t t = 0; t < r->n_treaties; t++)
		for (uint32_t k = 0; k < r->treaties[t].parties.n; k++) {
			long p = party_index(r, r->treaties[t].parties.v[k]);
			if (p >= 0)
				push(&r->party_treaties[r->party_root[p]], (uint32_t)t);
		}

	for (size_t i = 0; i < r->n_events; i++) {
		const struct chancery_event *e = &r->events[i];
		long actor = registry_party_root(r, e->actor);
		long others[64];
		size_t n_others = 0;
		size_t about;
		if (e->treaty)
			continue; /* treaty actions are found through their treaty */
		if (actor >= 0)
			push(&r->party_events[actor], (uint32_t)i);
		if ((others[n_others] = registry_party_root(r, e->target)) >= 0)
			n_others++;
		if ((others[n_others] = registry_party_root(r, e->from_party)) >= 0)
			n_others++;
		for (uint32_t k = 0; k < e->subject.n && n_others < 64; k++)
			if ((others[n_others] = registry_party_root(r, e->subject.v[k])) >= 0)
				n_others++;
		for (size_t k = 0; k < n_others; k++) {
			push(&r->party_events[others[k]], (uint32_t)i);
			if (actor >= 0 && others[k] != actor) {
				ALLOC_GROW(r->dyads, r->n_dyads + 1, alloc_dyads);
				r->dyads[r->n_dyads].key = dyad_key((uint32_t)actor, (uint32_t)others[k]);
				r->dyads[r->n_dyads++].event = (uint32_t)i;
			}
		}
		if (e->about && chancery_registry_lookup(r, e->about, &about) == CHANCERY_ENT_EVENT)
			push(&r->about[about], (uint32_t)i);
	}
	/* Events are in canonical order already, so sorting by (pair, event)
	 * keeps each dyad's events in that order. */
	if (r->n_dyads)
		qsort(r->dyads, r->n_dyads, sizeof(*r->dyads), cmp_dyad);
}

void registry_dyad_events(const chancery_registry *r, uint32_t a, uint32_t b,
			  const struct dyad_entry **begin, const struct dyad_entry **end)
{
	uint64_t key = dyad_key(a, b);
	size_t lo = 0, hi = r->n_dyads;
	if (!r->n_dyads) {
		*begin = *end = NULL; /* no arithmetic on a NULL array */
		return;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->dyads[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*begin = r->dyads + lo;
	while (lo < r->n_dyads && r->dyads[lo].key == key)
		lo++;
	*end = r->dyads + lo;
}
