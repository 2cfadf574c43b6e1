/* asof.c: what was true on a day for a pair of parties: recognition each
 * way, diplomatic relations, missions, envoys, treaties and reactions.
 * Each state is a fold of a chain of events in date order (docs/queries.md):
 * the events that have happened give the definite state, and an event that
 * may have happened and would change it makes the answer uncertain. */
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/fold.h"
#include "query/order.h"
#include "query/snapshot.h"
#include "query/treaty_status.h"
#include "base/strbuf.h"
#include "base/banned.h"

/* ---- the dyad ---- */

struct group {
	const char *k1, *k2, *k3, *k4; /* the key */
	const struct chancery_event **chain;
	size_t n, alloc;
};

static struct group *group_for(struct group **groups, size_t *n, size_t *alloc, const char *k1,
			       const char *k2, const char *k3, const char *k4)
{
	/* from the newest: an envoy's or a mission's events come close
	 * together, and a busy dyad has hundreds of envoys */
	for (size_t i = *n; i-- > 0;) {
		struct group *g = &(*groups)[i];
		/* ids and enum words are interned or static; k4 (a city) is
		 * free text, copied per event: compare it by text */
		if (g->k1 == k1 && g->k2 == k2 && g->k3 == k3 &&
		    (g->k4 == k4 || (g->k4 && k4 && !strcmp(g->k4, k4))))
			return g;
	}
	ALLOC_GROW(*groups, *n + 1, *alloc);
	memset(&(*groups)[*n], 0, sizeof(struct group));
	(*groups)[*n].k1 = k1;
	(*groups)[*n].k2 = k2;
	(*groups)[*n].k3 = k3;
	(*groups)[*n].k4 = k4;
	return &(*groups)[(*n)++];
}

static void group_add(struct group *g, const struct chancery_event *e)
{
	ALLOC_GROW(g->chain, g->n + 1, g->alloc);
	g->chain[g->n++] = e;
}

/* Sort and drop duplicates. The events come in a few runs already in
 * order (the dyad's, each treaty's actions, the reactions to each event):
 * a merge of the runs found, not a sort from nothing. Events sit in
 * canonical order in one array, so their addresses are their order. */
static size_t sort_unique(const struct chancery_event **v, size_t n)
{
	const struct chancery_event **tmp, **from = v, **to;
	size_t *runs, n_runs = 0, k = 0;
	if (n < 2)
		return n; /* v may be NULL when n is 0 */
	tmp = xmalloc(n * sizeof(*tmp) + (n + 1) * sizeof(*runs));
	runs = (size_t *)(tmp + n);
	to = tmp;
	runs[n_runs++] = 0;
	for (size_t i = 1; i < n; i++)
		if (v[i] < v[i - 1])
			runs[n_runs++] = i;
	runs[n_runs] = n;
	while (n_runs > 1) {
		size_t m = 0;
		for (size_t r = 0; r < n_runs; r += 2) {
			/* runs r and r + 1 (none when r is the last) into one */
			size_t i = runs[r], i_end = runs[r + 1], o = i;
			size_t j = i_end, j_end = r + 1 < n_runs ? runs[r + 2] : i_end;
			while (i < i_end && j < j_end)
				to[o++] = from[j] < from[i] ? from[j++] : from[i++];
			while (i < i_end)
				to[o++] = from[i++];
			while (j < j_end)
				to[o++] = from[j++];
			runs[m++] = runs[r];
		}
		runs[m] = n;
		n_runs = m;
		from = to;
		to = to == tmp ? v : tmp;
	}
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != from[i])
			v[k++] = from[i];
	free(tmp); /* and runs */
	return k;
}

/* The events of a dyad are scattered over the registry's array (a 1M-event
 * registry's is 300 MB), and reading each was most of a status's time:
 * ask for the ones a few entries ahead while this one is worked on, the
 * three cache lines a chain reads (kind, date, person, level, mission
 * type, city, rank). */
enum { PREFETCH_AHEAD = 6 };

static inline void prefetch_event(const struct chancery_event *e)
{
	const char *p = (const char *)e;
	__builtin_prefetch(p);
	__builtin_prefetch(p + 64);
	__builtin_prefetch(p + 127);
}

/* Ask for the actions of the shared treaties (stage 0: the kind, date
 * and id of each; stage 1: the ids' text, which the reasons copy). A cap
 * keeps a dyad of very many treaties from asking for more than the cache
 * holds at once. */
enum { PREFETCH_ACTIONS_MAX = 256 };

static void prefetch_actions(const chancery_registry *r, const uint32_t *shared, uint32_t n_shared,
			     int stage)
{
	uint32_t asked = 0;
	for (uint32_t k = 0; k < n_shared && asked < PREFETCH_ACTIONS_MAX; k++) {
		const struct index_list *acts = registry_treaty_actions(r, shared[k]);
		if (!stage)
			__builtin_prefetch(r->treaties[shared[k]].parties.v);
		for (uint32_t j = 0; j < acts->n && asked < PREFETCH_ACTIONS_MAX; j++, asked++) {
			const struct chancery_event *e = &r->events[acts->v[j]];
			if (stage) {
				__builtin_prefetch(e->id);
			} else {
				__builtin_prefetch(e);
				__builtin_prefetch((const char *)e + 43); /* date.hi */
			}
		}
	}
}

/* The sides of a dyad, as keys of its groups (compared by address). */
static const char lo_side[] = "lo", hi_side[] = "hi";

struct asof_presence_groups {
	const chancery_registry *r;
	struct group *missions, *envoys;
	size_t n_missions, n_envoys;
	const struct chancery_event **credentials[2];
	size_t n_credentials[2];
	uint32_t lo, hi;
};

struct asof_presence_groups *asof_presence_groups_new(const chancery_registry *r,
						      const struct dyad_entry *begin,
						      const struct dyad_entry *end)
{
	struct asof_presence_groups *g = xcalloc(1, sizeof(*g));
	size_t alloc_missions = 0, alloc_envoys = 0, alloc_credentials[2] = { 0, 0 };
	g->r = r;
	g->lo = begin < end ? (uint32_t)(begin->key >> 32) : 0;
	g->hi = begin < end ? (uint32_t)(begin->key & 0xffffffffu) : 0;
	for (const struct dyad_entry *d = begin; d < end; d++) {
		const struct chancery_event *e = &r->events[d->event];
		int lh = !(d->role & 1); /* the dyad's lo is the actor */
		/* groups keyed as chancery_dyad_status keys them, by the roles'
		 * direction rather than by ids: one dyad, so the same parties */
		const char *side = lh ? lo_side : hi_side;
		switch ((enum dyad_role)d->role) {
		case DYAD_MISSION_LH:
		case DYAD_MISSION_HL:
			if (!asof_resident_mission(e->mission_type))
				break; /* only a resident mission is a presence */
			group_add(group_for(&g->missions, &g->n_missions, &alloc_missions, side, NULL,
					    e->mission_type,
					    mission_one_per_host(e->mission_type) ? NULL : e->city),
				  e);
			break;
		case DYAD_ENVOY_LH:
		case DYAD_ENVOY_HL:
			group_add(group_for(&g->envoys, &g->n_envoys, &alloc_envoys, e->person, side,
					    NULL, NULL),
				  e);
			if (e->kind == CHANCERY_EV_PRESENT_CREDENTIALS) {
				ALLOC_GROW(g->credentials[!lh], g->n_credentials[!lh] + 1,
					   alloc_credentials[!lh]);
				g->credentials[!lh][g->n_credentials[!lh]++] = e;
			}
			break;
		default: break;
		}
	}
	return g;
}

void asof_presence_groups_free(struct asof_presence_groups *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n_missions; i++)
		free(g->missions[i].chain);
	for (size_t i = 0; i < g->n_envoys; i++)
		free(g->envoys[i].chain);
	free(g->missions);
	free(g->envoys);
	free(g->credentials[0]);
	free(g->credentials[1]);
	free(g);
}

void asof_presence_on(const struct asof_presence_groups *g, int32_t day,
		      struct asof_presence *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < g->n_missions; i++) {
		struct chancery_fold f;
		int w = g->missions[i].k1 != lo_side;
		asof_fold(g->missions[i].chain, g->missions[i].n, day, asof_step_mission, NULL, &f);
		asof_presence_add(out, w, g->missions[i].k3,
				  asof_mission_consent(&g->r->parties[w ? g->hi : g->lo]), &f);
		asof_fold_release(&f);
	}
	for (size_t i = 0; i < g->n_envoys; i++) {
		struct chancery_fold f;
		int w = g->envoys[i].k2 != lo_side;
		asof_fold(g->envoys[i].chain, g->envoys[i].n, day, asof_step_envoy, NULL, &f);
		asof_fold_envoy_end(&f, g->credentials[w], g->n_credentials[w], day);
		asof_presence_add(out, w, NULL, 0, &f);
		asof_fold_release(&f);
	}
}

void asof_dyad_presence(const chancery_registry *r, const struct dyad_entry *begin,
			const struct dyad_entry *end, int32_t day, struct asof_presence *out)
{
	struct asof_presence_groups *g = asof_presence_groups_new(r, begin, end);
	asof_presence_on(g, day, out);
	asof_presence_groups_free(g);
}

static struct chancery_covered covered(const chancery_registry *r, unsigned fact, long by,
				       long with, int32_t day)
{
	/* any mission (a line of all types), else an embassy (DIPCON's) */
	struct coverage_line l = coverage_find(r, fact, by, with, day, NULL);
	if (!l.source && fact == CHANCERY_FACT_MISSIONS)
		l = coverage_find(r, fact, by, with, day, "embassy");
	return (struct chancery_covered){ l.source, l.line };
}

int chancery_dyad_status(const chancery_registry *r, const char *a, const char *b, int32_t day,
			 struct chancery_dyad_status **out)
{
	long ia = snapshot_party_root(r, a), ib = snapshot_party_root(r, b);
	const char *ra, *rb;
	const struct dyad_entry *begin, *end;
	struct chancery_dyad_status *s;
	const struct chancery_event **rec[2] = { NULL, NULL }, **rel = NULL, **credentials[2];
	size_t n_rec[2] = { 0, 0 }, n_rel = 0, n_dyad, n_credentials[2] = { 0, 0 };
	struct group *missions = NULL, *envoys = NULL;
	size_t n_missions = 0, alloc_missions = 0, n_envoys = 0, alloc_envoys = 0;
	size_t n_all = 0, alloc_all = 0, n_reactions = 0, alloc_reactions = 0;
	const struct snapshot *snap;
	int swap; /* b is the dyad's lo: the index's roles read the other way */
	uint32_t n_shared, *shared;
	struct asof_presence presence;

	memset(&presence, 0, sizeof(presence));
	*out = NULL;
	if (ia < 0 || ib < 0)
		return -CHANCERY_ENOTFOUND;
	ra = r->parties[ia].id;
	rb = r->parties[ib].id;
	snap = snapshot_of(r);
	swap = ib < ia;
	s = xcalloc(1, sizeof(*s));
	s->on = day;
	{
		size_t pa = 0, pb = 0;
		chancery_registry_lookup(r, a, &pa); /* both are parties: their roots exist */
		chancery_registry_lookup(r, b, &pb);
		s->a = &r->parties[pa];
		s->b = &r->parties[pb];
	}

	snapshot_dyad_events(r, (uint32_t)ia, (uint32_t)ib, &begin, &end);
	/* The shared treaties, found in the index, not by a merge of the
	 * two parties' long lists. Their statuses read the treaties, their
	 * action lists, the actions and the actions' ids, each found
	 * through the one before and all scattered in memory: they are
	 * asked for a stage at a time between the work on the dyad's own
	 * events, so that each stage has arrived when the next is asked. */
	shared = snapshot_shared_treaties(snap, (uint32_t)ia, (uint32_t)ib, &n_shared);
	for (uint32_t k = 0; k < n_shared; k++) {
		__builtin_prefetch(&r->treaties[shared[k]]);
		__builtin_prefetch(registry_treaty_actions(r, shared[k]));
	}
	n_dyad = (size_t)(end - begin);
	/* the three chains and each way's credentials, one block */
	rec[0] = xmalloc(5 * (n_dyad + 1) * sizeof(*rec[0]));
	rec[1] = rec[0] + n_dyad + 1;
	rel = rec[1] + n_dyad + 1;
	credentials[0] = rel + n_dyad + 1;
	credentials[1] = credentials[0] + n_dyad + 1;
	alloc_all = n_dyad ? n_dyad : 1;
	s->events = xmalloc(alloc_all * sizeof(*s->events));
	for (const struct dyad_entry *d = begin; d < end && d < begin + PREFETCH_AHEAD; d++)
		if (d->role != DYAD_OTHER)
			prefetch_event(&r->events[d->event]);
	for (const struct dyad_entry *d = begin; d < end; d++) {
		/* the role was found with the index: an event of no chain of
		 * the dyad is not read at all */
		const struct chancery_event *e = &r->events[d->event];
		if (end - d > PREFETCH_AHEAD && d[PREFETCH_AHEAD].role != DYAD_OTHER)
			prefetch_event(&r->events[d[PREFETCH_AHEAD].event]);
		int ab = !(d->role & 1) ^ swap; /* a is the actor (LH roles are even) */
		const char *actor = ab ? ra : rb, *target = ab ? rb : ra;
		s->events[n_all++] = e;
		switch ((enum dyad_role)d->role) {
		case DYAD_REC_LH:
		case DYAD_REC_HL: rec[!ab][n_rec[!ab]++] = e; break;
		case DYAD_RELATIONS: rel[n_rel++] = e; break;
		case DYAD_MISSION_LH:
		case DYAD_MISSION_HL:
			group_add(group_for(&missions, &n_missions, &alloc_missions, actor, target,
					    e->mission_type,
					    mission_one_per_host(e->mission_type) ? NULL : e->city),
				  e);
			break;
		case DYAD_ENVOY_LH:
		case DYAD_ENVOY_HL:
			group_add(group_for(&envoys, &n_envoys, &alloc_envoys, e->person, actor, target,
					    NULL),
				  e);
			if (e->kind == CHANCERY_EV_PRESENT_CREDENTIALS)
				credentials[!ab][n_credentials[!ab]++] = e;
			break;
		case DYAD_OTHER: continue;
		}
		/* relations established or restored imply recognition */
		if (asof_implies_recognition(e)) {
			rec[0][n_rec[0]++] = e;
			rec[1][n_rec[1]++] = e;
		}
	}
	prefetch_actions(r, shared, n_shared, 0);
	asof_fold_recognition(r, rec[0], n_rec[0], day, ib, &s->recognition[0]);
	asof_fold_recognition(r, rec[1], n_rec[1], day, ia, &s->recognition[1]);
	asof_fold(rel, n_rel, day, asof_step_relations, NULL, &s->relations);
	s->coverage = chancery_coverage_lines(r, ra, rb, &s->n_coverage);
	for (int w = 0; w < 2; w++) {
		long by = w ? ib : ia, with = w ? ia : ib;
		s->no_missions[w] = covered(r, CHANCERY_FACT_MISSIONS, by, with, day);
		s->no_envoys[w] = covered(r, CHANCERY_FACT_ENVOYS, by, with, day);
	}

	/* Missions and envoys with nothing that has, or may have, happened by
	 * the day are not shown: what comes later is no answer about the
	 * day (a treaty not yet signed is left out likewise). Those present
	 * on the day imply relations and recognition (asof_apply_presence). */
	s->missions = xcalloc(n_missions ? n_missions : 1, sizeof(*s->missions));
	for (size_t i = 0; i < n_missions; i++) {
		struct chancery_mission_status *m = &s->missions[s->n_missions];
		memset(m, 0, sizeof(*m));
		m->sender = missions[i].k1;
		m->host = missions[i].k2;
		m->type = missions[i].k3;
		for (size_t k = 0; k < missions[i].n; k++)
			if (missions[i].chain[k]->city)
				m->city = missions[i].chain[k]->city;
		asof_fold(missions[i].chain, missions[i].n, day, asof_step_mission, NULL, &m->fold);
		asof_presence_add(&presence, m->sender != ra, m->type ? m->type : "",
				  asof_mission_consent(m->sender != ra ? &r->parties[ib] : &r->parties[ia]),
				  &m->fold);
		free(missions[i].chain);
		if (m->fold.n_events)
			s->n_missions++;
		else
			asof_fold_release(&m->fold);
	}
	s->envoys = xcalloc(n_envoys ? n_envoys : 1, sizeof(*s->envoys));
	for (size_t i = 0; i < n_envoys; i++) {
		struct chancery_envoy_status *v = &s->envoys[s->n_envoys];
		int w = envoys[i].k2 != ra; /* 0: a's envoy to b */
		memset(v, 0, sizeof(*v));
		v->person = envoys[i].k1;
		v->sender = envoys[i].k2;
		v->receiver = envoys[i].k3;
		for (size_t k = 0; k < envoys[i].n; k++)
			if (envoys[i].chain[k]->rank)
				v->rank = envoys[i].chain[k]->rank;
		asof_fold(envoys[i].chain, envoys[i].n, day, asof_step_envoy, NULL, &v->fold);
		asof_fold_envoy_end(&v->fold, credentials[w], n_credentials[w], day);
		asof_presence_add(&presence, w, NULL, 0, &v->fold);
		free(envoys[i].chain);
		if (v->fold.n_events)
			s->n_envoys++;
		else
			asof_fold_release(&v->fold);
	}
	asof_apply_presence(&s->recognition[0], "recognition", 0, &presence);
	asof_apply_presence(&s->recognition[1], "recognition", 1, &presence);
	asof_apply_presence(&s->relations, "relations", 0, &presence);
	coverage_apply(r, &s->recognition[0], CHANCERY_FACT_RECOGNITION, ia, ib, day, NULL);
	coverage_apply(r, &s->recognition[1], CHANCERY_FACT_RECOGNITION, ib, ia, day, NULL);
	coverage_apply(r, &s->relations, CHANCERY_FACT_RELATIONS, ia, ib, day, NULL);

	/* Treaties with both as parties, and their actions for the timeline. */
	{
		struct treaty_scratch sc = TREATY_SCRATCH_INIT;
		prefetch_actions(r, shared, n_shared, 1);
		s->treaties = xmalloc((n_shared ? n_shared : 1) * sizeof(*s->treaties));
		for (uint32_t k = 0; k < n_shared; k++) {
			const struct index_list *acts = registry_treaty_actions(r, shared[k]);
			if (treaty_status_reusing(r, shared[k], day, &sc,
						  &s->treaties[s->n_treaties]) == 0) {
				/* a treaty whose every action is after the day does
				 * not exist yet on that day */
				if (s->treaties[s->n_treaties]->acted || !acts->n)
					s->n_treaties++;
				else
					chancery_treaty_status_free(s->treaties[s->n_treaties]);
			}
			for (uint32_t j = 0; j < acts->n; j++) {
				ALLOC_GROW(s->events, n_all + 1, alloc_all);
				s->events[n_all++] = &r->events[acts->v[j]];
			}
		}
		treaty_scratch_release(&sc);
	}
	free(shared);
	/* Third parties' reactions to the dyad's events. */
	for (size_t i = 0, n = n_all; i < n; i++) {
		size_t at = (size_t)(s->events[i] - r->events);
		const struct index_list *about;
		if (!snapshot_reacted(snap, at))
			continue; /* most events have none: their list is not read */
		about = &snap->about[at];
		for (uint32_t k = 0; k < about->n; k++) {
			const struct chancery_event *e = &r->events[about->v[k]];
			long by = snap->actor_root[about->v[k]];
			ALLOC_GROW(s->events, n_all + 1, alloc_all);
			s->events[n_all++] = e;
			/* the dyad's own words are in its timeline, not among the
			 * third parties' reactions */
			if (by != ia && by != ib && chancery_date_by(&e->date, day) != CHANCERY_NO) {
				ALLOC_GROW(s->reactions, n_reactions + 1, alloc_reactions);
				s->reactions[n_reactions++] = e;
			}
		}
	}
	s->n_events = sort_unique(s->events, n_all);
	s->n_reactions = n_reactions ? sort_unique(s->reactions, n_reactions) : 0;
	free(rec[0]);
	free(missions);
	free(envoys);
	*out = s;
	return 0;
}

void chancery_dyad_status_free(struct chancery_dyad_status *s)
{
	if (!s)
		return;
	asof_fold_release(&s->recognition[0]);
	asof_fold_release(&s->recognition[1]);
	asof_fold_release(&s->relations);
	for (size_t i = 0; i < s->n_missions; i++)
		asof_fold_release(&s->missions[i].fold);
	for (size_t i = 0; i < s->n_envoys; i++)
		asof_fold_release(&s->envoys[i].fold);
	for (size_t i = 0; i < s->n_treaties; i++)
		chancery_treaty_status_free(s->treaties[i]);
	free(s->missions);
	free(s->envoys);
	free(s->coverage);
	free(s->treaties);
	free(s->reactions);
	free(s->events);
	free(s);
}

/* ---- every dyad at once ---- */

int chancery_dyads_on(const chancery_registry *r, int32_t day, chancery_dyad_fn fn, void *ctx)
{
	const struct snapshot *snap = snapshot_of(r);
	const struct chancery_event **rec[2], **rel;
	size_t i = 0, longest = 0, rc = 0;
	/* One pass over the dyad index, which holds each dyad's events
	 * together and in order: buffers sized for the longest dyad. */
	for (size_t j = 0, start = 0; j <= snap->n_dyads; j++)
		if (j == snap->n_dyads || snap->dyads[j].key != snap->dyads[start].key) {
			if (j - start > longest)
				longest = j - start;
			start = j;
		}
	rec[0] = xmalloc((longest + 1) * sizeof(*rec[0]));
	rec[1] = xmalloc((longest + 1) * sizeof(*rec[1]));
	rel = xmalloc((longest + 1) * sizeof(*rel));
	while (i < snap->n_dyads && !rc) {
		uint64_t key = snap->dyads[i].key;
		struct chancery_dyad_brief brief;
		const struct dyad_entry *dyad_start = snap->dyads + i;
		long lo, hi;
		size_t n_rec[2] = { 0, 0 }, n_rel = 0;
		for (; i < snap->n_dyads && snap->dyads[i].key == key; i++) {
			const struct chancery_event *e = &r->events[snap->dyads[i].event];
			switch ((enum dyad_role)snap->dyads[i].role) {
			case DYAD_REC_LH: rec[0][n_rec[0]++] = e; break;
			case DYAD_REC_HL: rec[1][n_rec[1]++] = e; break;
			case DYAD_RELATIONS:
				rel[n_rel++] = e;
				if (asof_implies_recognition(e)) {
					rec[0][n_rec[0]++] = e;
					rec[1][n_rec[1]++] = e;
				}
				break;
			default: break;
			}
		}
		lo = (long)(key >> 32);
		hi = (long)(key & 0xffffffffu);
		brief.a = &r->parties[lo];
		brief.b = &r->parties[hi];
		asof_fold_recognition(r, rec[0], n_rec[0], day, hi, &brief.recognition[0]);
		asof_fold_recognition(r, rec[1], n_rec[1], day, lo, &brief.recognition[1]);
		asof_fold(rel, n_rel, day, asof_step_relations, NULL, &brief.relations);
		{
			struct asof_presence presence;
			asof_dyad_presence(r, dyad_start, snap->dyads + i, day, &presence);
			/* the presence's sides are the dyad's lo and hi, as
			 * brief.a and brief.b are */
			asof_apply_presence(&brief.recognition[0], "recognition", 0, &presence);
			asof_apply_presence(&brief.recognition[1], "recognition", 1, &presence);
			asof_apply_presence(&brief.relations, "relations", 0, &presence);
		}
		coverage_apply(r, &brief.recognition[0], CHANCERY_FACT_RECOGNITION, lo, hi, day, NULL);
		coverage_apply(r, &brief.recognition[1], CHANCERY_FACT_RECOGNITION, hi, lo, day, NULL);
		coverage_apply(r, &brief.relations, CHANCERY_FACT_RELATIONS, lo, hi, day, NULL);
		rc = (size_t)fn(&brief, ctx);
		asof_fold_release(&brief.recognition[0]);
		asof_fold_release(&brief.recognition[1]);
		asof_fold_release(&brief.relations);
	}
	free(rec[0]);
	free(rec[1]);
	free(rel);
	return (int)rc;
}
