/* snapshot.c: the query indexes of a finished registry (snapshot.h). */
#include "query/snapshot.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "model/idset.h"
#include "query/fold.h"
#include "base/strbuf.h"
#include "base/banned.h"

void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_parties; i++) {
		free(s->party_events[i].v);
		free(s->party_treaties[i].v);
		free(s->party_recognitions[i].v);
		free(s->big_treaties[i].v);
	}
	for (size_t i = 0; i < s->n_about; i++)
		free(s->about[i].v);
	free(s->party_root);
	free(s->dyads);
	free(s->party_events);
	free(s->party_treaties);
	free(s->party_recognitions);
	free(s->big_treaties);
	free(s->pair_treaties);
	free(s->about);
	free(s->action_slot);
	free(s->action_base);
	free(s->actor_root);
	free(s->reacted);
	coverage_index_release(&s->coverage);
	free(s);
}

static void release(struct registry_cache *c)
{
	snapshot_free((struct snapshot *)c);
}

static long party_index(const chancery_registry *r, const char *id)
{
	size_t i;
	if (id && chancery_registry_lookup(r, id, &i) == CHANCERY_ENT_PARTY)
		return (long)i;
	return -1;
}

/* The root of a party index while the snapshot is built. */
static long root_in(const chancery_registry *r, const struct snapshot *s, const char *id)
{
	long i = party_index(r, id);
	return i < 0 ? i : (long)s->party_root[i];
}

long snapshot_party_root(const chancery_registry *r, const char *id)
{
	return root_in(r, snapshot_of(r), id);
}

int snapshot_recognition_kind(enum chancery_event_kind k)
{
	/* the kinds recognitions.c's chains take (in_recognition_chain):
	 * and the presences that may imply one (recognitions.c,
	 * bears_on_recognition) */
	return asof_is_recognition_kind(k) || k == CHANCERY_EV_ESTABLISH_RELATIONS ||
	       k == CHANCERY_EV_RESTORE_RELATIONS || k == CHANCERY_EV_OPEN_MISSION ||
	       k == CHANCERY_EV_PRESENT_CREDENTIALS;
}

static void push(struct index_list *l, uint32_t v)
{
	if (l->n && l->v[l->n - 1] == v)
		return; /* the same event twice in a row (actor and subject) */
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = v;
}

/* The role of event e (roots of its actor, target and from=; -1 where none)
 * in the dyad (lo, hi), as chancery_dyad_status reads its chains: a
 * recognition goes from actor to target (a switch also to the party left,
 * from=); relations, missions and envoys are the dyad's own when it is
 * actor and target, not when one of them is only named as subject. */
static uint8_t dyad_role(enum chancery_event_kind k, long actor, long target, long from, long lo,
			 long hi)
{
	int lh = actor == lo && target == hi, hl = actor == hi && target == lo;
	if (asof_is_recognition_kind(k)) {
		long to = target;
		if (k == CHANCERY_EV_SWITCH_RECOGNITION && to != lo && to != hi)
			to = from;
		if (actor == lo && to == hi)
			return DYAD_REC_LH;
		if (actor == hi && to == lo)
			return DYAD_REC_HL;
		return DYAD_OTHER;
	}
	if (!lh && !hl)
		return DYAD_OTHER;
	if (asof_is_relations_kind(k))
		return DYAD_RELATIONS;
	if (asof_is_mission_kind(k))
		return lh ? DYAD_MISSION_LH : DYAD_MISSION_HL;
	if (asof_is_envoy_kind(k))
		return lh ? DYAD_ENVOY_LH : DYAD_ENVOY_HL;
	return DYAD_OTHER;
}

static uint64_t dyad_key(uint32_t a, uint32_t b)
{
	return a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
}

/* Each treaty action's party slot (snapshot.h), as a treaty's status would
 * find it: the first slot of parties= with the actor's id, or for a
 * ratify-step the first party with the same root as the organ. */
static void index_action_slots(const chancery_registry *r, struct snapshot *s)
{
	size_t nt = r->n_treaties, total = 0;
	long *roots = NULL;
	size_t alloc_roots = 0;
	s->n_treaties = nt;
	s->action_base = xmalloc((nt + 1) * sizeof(*s->action_base));
	for (size_t t = 0; t < nt; t++) {
		s->action_base[t] = (uint32_t)total;
		total += registry_treaty_actions(r, t)->n;
	}
	s->action_base[nt] = (uint32_t)total;
	s->action_slot = xmalloc((total ? total : 1) * sizeof(*s->action_slot));
	for (size_t t = 0; t < nt; t++) {
		const struct chancery_treaty *tr = &r->treaties[t];
		const struct index_list *l = registry_treaty_actions(r, t);
		int32_t *slot = s->action_slot + s->action_base[t];
		struct idset parties;
		int have_roots = 0;
		idset_init(&parties, &tr->parties);
		for (uint32_t k = 0; k < l->n; k++) {
			const struct chancery_event *e = &r->events[l->v[k]];
			slot[k] = -1;
			if (e->kind == CHANCERY_EV_RATIFY_STEP) {
				long root = root_in(r, s, e->actor);
				if (!have_roots) {
					ALLOC_GROW(roots, tr->parties.n, alloc_roots);
					for (uint32_t i = 0; i < tr->parties.n; i++)
						roots[i] = root_in(r, s, tr->parties.v[i]);
					have_roots = 1;
				}
				for (uint32_t i = 0; i < tr->parties.n && root >= 0; i++)
					if (roots[i] == root) {
						slot[k] = (int32_t)i;
						break;
					}
			} else if (e->actor) {
				long i = idset_find(&parties, e->actor);
				slot[k] = i < 0 ? SNAPSHOT_NOT_A_PARTY : (int32_t)i;
			}
		}
		idset_release(&parties);
	}
	free(roots);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

/* Each pair of root parties a treaty joins (snapshot.h, pair_treaties),
 * or for a treaty of very many parties its parties' big_treaties. */
static void index_pair_treaties(const chancery_registry *r, struct snapshot *s)
{
	uint32_t *roots = NULL;
	size_t alloc_roots = 0, alloc_pairs = 0;
	s->big_treaties = xcalloc(s->n_parties ? s->n_parties : 1, sizeof(*s->big_treaties));
	for (size_t t = 0; t < r->n_treaties; t++) {
		const struct chancery_ids *ps = &r->treaties[t].parties;
		uint32_t n = 0;
		ALLOC_GROW(roots, ps->n + 1, alloc_roots);
		for (uint32_t k = 0; k < ps->n; k++) {
			long p = party_index(r, ps->v[k]);
			if (p >= 0)
				roots[n++] = s->party_root[p];
		}
		/* an organ and its state are one party here, as in
		 * party_treaties */
		qsort(roots, n, sizeof(*roots), cmp_u32);
		{
			uint32_t m = 0;
			for (uint32_t k = 0; k < n; k++)
				if (!m || roots[m - 1] != roots[k])
					roots[m++] = roots[k];
			n = m;
		}
		if (n > SNAPSHOT_PAIR_PARTIES_MAX) {
			for (uint32_t k = 0; k < n; k++)
				push(&s->big_treaties[roots[k]], (uint32_t)t);
			continue;
		}
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++) {
				ALLOC_GROW(s->pair_treaties, s->n_pair_treaties + 1, alloc_pairs);
				s->pair_treaties[s->n_pair_treaties].key = dyad_key(roots[i], roots[j]);
				s->pair_treaties[s->n_pair_treaties++].index = (uint32_t)t;
			}
	}
	free(roots);
	/* pushed in treaty order: a stable sort by pair keeps each pair's
	 * treaties in it */
	radix_sort(s->pair_treaties, s->n_pair_treaties);
}

/* The first of the n items of v with a key not below key. */
static size_t lower_bound(const struct sort_item *v, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint32_t *snapshot_shared_treaties(const struct snapshot *s, uint32_t a, uint32_t b, uint32_t *n)
{
	const struct index_list *ba = &s->big_treaties[a], *bb = &s->big_treaties[b];
	size_t at, end;
	uint32_t *out, ka = 0, kb = 0, k = 0, m = 0;
	if (a == b) {
		/* a party shares all its treaties with itself (or an organ
		 * with its state) */
		const struct index_list *l = &s->party_treaties[a];
		out = xmalloc((l->n ? l->n : 1) * sizeof(*out));
		if (l->n)
			memcpy(out, l->v, l->n * sizeof(*out));
		*n = l->n;
		return out;
	}
	at = s->n_pair_treaties ? lower_bound(s->pair_treaties, s->n_pair_treaties, dyad_key(a, b))
				: 0;
	for (end = at; end < s->n_pair_treaties && s->pair_treaties[end].key == dyad_key(a, b);)
		end++;
	out = xmalloc(((end - at) + (ba->n < bb->n ? ba->n : bb->n) + 1) * sizeof(*out));
	/* the pair's own treaties and the big ones both share, merged into
	 * treaty order (a treaty is in one or the other, never both) */
	while (ka < ba->n && kb < bb->n) {
		uint32_t x = ba->v[ka], y = bb->v[kb];
		if (x == y) {
			while (at + k < end && s->pair_treaties[at + k].index < x)
				out[m++] = s->pair_treaties[at + k++].index;
			out[m++] = x;
		}
		ka += x <= y;
		kb += y <= x;
	}
	while (at + k < end)
		out[m++] = s->pair_treaties[at + k++].index;
	*n = m;
	return out;
}

const int32_t *snapshot_action_slots(const chancery_registry *r, size_t t)
{
	const struct snapshot *s = snapshot_of(r);
	return s->action_slot + s->action_base[t < s->n_treaties ? t : s->n_treaties];
}

struct snapshot *snapshot_new(const chancery_registry *r)
{
	size_t np = r->n_parties, alloc_dyads = 0, alloc_roles = 0;
	uint8_t *roles = NULL;   /* by position in the unsorted index */
	uint32_t *event_at;      /* the same */
	struct snapshot *s = xcalloc(1, sizeof(*s));
	s->cache.release = release;
	s->party_root = xmalloc((np ? np : 1) * sizeof(*s->party_root));
	for (size_t i = 0; i < np; i++) {
		/* follow of= to the state, at most 8 steps (cycles are cut) */
		long at = (long)i, next;
		for (int depth = 0; depth < 8 && (next = party_index(r, r->parties[at].of)) >= 0;
		     depth++)
			at = next;
		s->party_root[i] = (uint32_t)at;
	}
	s->n_parties = np;
	s->party_events = xcalloc(np ? np : 1, sizeof(*s->party_events));
	s->party_treaties = xcalloc(np ? np : 1, sizeof(*s->party_treaties));
	s->party_recognitions = xcalloc(np ? np : 1, sizeof(*s->party_recognitions));
	s->n_about = r->n_events;
	s->about = xcalloc(r->n_events ? r->n_events : 1, sizeof(*s->about));
	s->actor_root = xmalloc((r->n_events ? r->n_events : 1) * sizeof(*s->actor_root));
	s->reacted = xcalloc(r->n_events / 64 + 1, sizeof(*s->reacted));

	/* Kept per root party (an organ's treaties are its state's), in
	 * treaty order, so that two parties' shared treaties are a merge. */
	for (size_t t = 0; t < r->n_treaties; t++)
		for (uint32_t k = 0; k < r->treaties[t].parties.n; k++) {
			long p = party_index(r, r->treaties[t].parties.v[k]);
			if (p >= 0)
				push(&s->party_treaties[s->party_root[p]], (uint32_t)t);
		}

	for (size_t i = 0; i < r->n_events; i++) {
		const struct chancery_event *e = &r->events[i];
		long actor = root_in(r, s, e->actor), target, from;
		long others[64];
		size_t n_others = 0;
		size_t about;
		int rec = snapshot_recognition_kind(e->kind);
		s->actor_root[i] = (int32_t)actor;
		if (e->treaty)
			continue; /* treaty actions are found through their treaty */
		if (actor >= 0)
			push(&s->party_events[actor], (uint32_t)i);
		if (actor >= 0 && rec)
			push(&s->party_recognitions[actor], (uint32_t)i);
		if ((others[n_others] = target = root_in(r, s, e->target)) >= 0)
			n_others++;
		if ((others[n_others] = from = root_in(r, s, e->from_party)) >= 0)
			n_others++;
		for (uint32_t k = 0; k < e->subject.n && n_others < 64; k++)
			if ((others[n_others] = root_in(r, s, e->subject.v[k])) >= 0)
				n_others++;
		for (size_t k = 0; k < n_others; k++) {
			push(&s->party_events[others[k]], (uint32_t)i);
			if (rec)
				push(&s->party_recognitions[others[k]], (uint32_t)i);
			/* a member and its organisation are no dyad of relations */
			if (actor >= 0 && others[k] != actor &&
			    e->kind != CHANCERY_EV_JOIN_ORGANISATION &&
			    e->kind != CHANCERY_EV_LEAVE_ORGANISATION) {
				long lo = actor < others[k] ? actor : others[k];
				long hi = actor < others[k] ? others[k] : actor;
				ALLOC_GROW(s->dyads, s->n_dyads + 1, alloc_dyads);
				ALLOC_GROW(roles, s->n_dyads + 1, alloc_roles);
				roles[s->n_dyads] = dyad_role(e->kind, actor, target, from, lo, hi);
				s->dyads[s->n_dyads].key = dyad_key((uint32_t)actor, (uint32_t)others[k]);
				s->dyads[s->n_dyads].role = DYAD_OTHER;
				s->dyads[s->n_dyads++].event = (uint32_t)i;
			}
		}
		if (e->about && chancery_registry_lookup(r, e->about, &about) == CHANCERY_ENT_EVENT) {
			push(&s->about[about], (uint32_t)i);
			s->reacted[about / 64] |= (uint64_t)1 << (about % 64);
		}
	}
	/* Events are in canonical order already, and were pushed in it: a
	 * stable sort by pair keeps each dyad's events in that order. */
	_Static_assert(sizeof(struct dyad_entry) == sizeof(struct sort_item) &&
			       offsetof(struct dyad_entry, key) == offsetof(struct sort_item, key) &&
			       offsetof(struct dyad_entry, event) == offsetof(struct sort_item, index),
		       "a dyad entry is a sort item");
	/* The sort moves (key, index) and not the role beside them: sort
	 * positions (which grow with the events), then read each entry's event
	 * and role back by its position. */
	event_at = xmalloc((s->n_dyads ? s->n_dyads : 1) * sizeof(*event_at));
	for (size_t j = 0; j < s->n_dyads; j++) {
		event_at[j] = s->dyads[j].event;
		s->dyads[j].event = (uint32_t)j;
	}
	radix_sort((struct sort_item *)s->dyads, s->n_dyads);
	for (size_t j = 0; j < s->n_dyads; j++) {
		uint32_t at = s->dyads[j].event;
		s->dyads[j].event = event_at[at];
		s->dyads[j].role = roles[at];
	}
	free(event_at);
	free(roles);
	index_action_slots(r, s);
	index_pair_treaties(r, s);
	coverage_index_build(r, s, &s->coverage);
	return s;
}

const struct snapshot *snapshot_of(const chancery_registry *r)
{
	struct registry_cache *c = registry_cache_get(r);
	if (!c)
		c = registry_cache_install(r, &snapshot_new(r)->cache);
	return (const struct snapshot *)c;
}

void snapshot_dyad_events(const chancery_registry *r, uint32_t a, uint32_t b,
			  const struct dyad_entry **begin, const struct dyad_entry **end)
{
	const struct snapshot *s = snapshot_of(r);
	uint64_t key = dyad_key(a, b);
	size_t lo = 0, hi = s->n_dyads;
	if (!s->n_dyads) {
		*begin = *end = NULL; /* no arithmetic on a NULL array */
		return;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->dyads[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*begin = s->dyads + lo;
	while (lo < s->n_dyads && s->dyads[lo].key == key)
		lo++;
	*end = s->dyads + lo;
}
