/* asof.c: what was true on a day for a pair of parties: recognition each
 * way, diplomatic relations, missions, envoys, treaties and reactions.
 * Each state is a fold of a chain of events in date order (docs/queries.md):
 * the events that have happened give the definite state, and an event that
 * may have happened and would change it makes the answer uncertain. */
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/order.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "base/banned.h"

const char *chancery_state_name(const char *chain, int state)
{
	static const char *const rec[] = { "no", "yes", "withdrawn", "denied" };
	static const char *const rel[] = { "none", "established", "suspended", "severed" };
	static const char *const mission[] = { "none", "announced", "open", "closed" };
	static const char *const envoy[] = { "none", "appointed", "in-post", "ended" };
	const char *const *names = !strcmp(chain, "recognition") ? rec
				   : !strcmp(chain, "relations") ? rel
				   : !strcmp(chain, "mission")	 ? mission
				   : !strcmp(chain, "envoy")	 ? envoy
								 : NULL;
	if (!names || state < 0 || state > 3)
		return "?";
	return names[state];
}

/* ---- the fold ---- */

struct step {
	int state;
	const char *level;
	uint8_t implied;
};

/* What a step may need to know beyond the event: the chain's own
 * parties, for an event that belongs to two chains (a switch of
 * recognition moves one to yes and the other to withdrawn). */
struct step_ctx {
	const chancery_registry *r;
	long target; /* recognition: the root of the party recognised */
};

/* Move a state by one event; leaves it as it is when the event does not
 * move it. */
typedef struct step (*step_fn)(struct step s, const struct chancery_event *e,
			       const struct step_ctx *ctx);

static int same_step(struct step a, struct step b)
{
	return a.state == b.state && a.level == b.level && a.implied == b.implied;
}

/* ---- implied orders (docs/queries.md, "Implied order") ---- */

static int ordered(enum chancery_event_kind a, enum chancery_event_kind b)
{
	return kinds_ordered(a, b);
}

static int requires(enum chancery_event_kind b, enum chancery_event_kind a)
{
	return kinds_required(b, a);
}

static int may_precede(const struct chancery_event *x, const struct chancery_event *y)
{
	return chancery_date_before(&y->date, &x->date) != CHANCERY_YES;
}

/* Is an event of x's kind that has happened already the one that came
 * before i in i's episode (no event of i's kind certainly between)? */
static int explained(const struct chancery_event *const *chain, size_t n, const enum chancery_tri *h,
		     size_t i, size_t j)
{
	for (size_t k = 0; k < n; k++) {
		int episode = 1;
		if (k == j || chain[k]->kind != chain[j]->kind || h[k] != CHANCERY_YES ||
		    !may_precede(chain[k], chain[i]))
			continue;
		for (size_t m = 0; m < n && episode; m++)
			if (m != i && chain[m]->kind == chain[i]->kind &&
			    chancery_date_before(&chain[k]->date, &chain[m]->date) == CHANCERY_YES &&
			    chancery_date_before(&chain[m]->date, &chain[i]->date) == CHANCERY_YES)
				episode = 0;
		if (episode)
			return 1;
	}
	return 0;
}

/* Settle what the order of a chain implies about its uncertain events on
 * the day: one that must have come before an event that has happened has
 * happened too (implier[j] = i); one that must follow events that have
 * all not happened has not. h[] holds each event's chancery_date_by. */
static void imply(const struct chancery_event *const *chain, size_t n, enum chancery_tri *h,
		  long *implier)
{
	int changed = 1;
	for (size_t i = 0; i < n; i++)
		implier[i] = -1;
	for (int round = 0; changed && round < 8; round++) {
		changed = 0;
		for (size_t j = 0; j < n; j++) {
			int any = 0, all_not = 1;
			if (h[j] != CHANCERY_UNCERTAIN)
				continue;
			for (size_t i = 0; i < n && h[j] == CHANCERY_UNCERTAIN; i++)
				if (i != j && h[i] == CHANCERY_YES &&
				    ordered(chain[j]->kind, chain[i]->kind) &&
				    may_precede(chain[j], chain[i]) && !explained(chain, n, h, i, j)) {
					h[j] = CHANCERY_YES;
					implier[j] = (long)i;
					changed = 1;
				}
			if (h[j] != CHANCERY_UNCERTAIN)
				continue;
			for (size_t i = 0; i < n; i++)
				if (i != j && requires(chain[j]->kind, chain[i]->kind) &&
				    may_precede(chain[i], chain[j])) {
					any = 1;
					all_not &= h[i] == CHANCERY_NO;
				}
			if (any && all_not) {
				h[j] = CHANCERY_NO;
				changed = 1;
			}
		}
	}
}

/* Append i to order, after the events implied to come before it that
 * sort after it (and theirs). */
static void place(size_t i, size_t n, const long *implier, size_t *order, size_t *n_order)
{
	for (size_t j = i + 1; j < n; j++)
		if (implier[j] == (long)i)
			place(j, n, implier, order, n_order);
	order[(*n_order)++] = i;
}

static void fold(const struct chancery_event *const *chain, size_t n, int32_t day, step_fn step,
		 const struct step_ctx *ctx, struct chancery_fold *out)
{
	struct step s = { 0, NULL, 0 };
	enum chancery_tri *h = xmalloc((n ? n : 1) * sizeof(*h));
	long *implier = xmalloc((n ? n : 1) * sizeof(*implier));
	size_t *order = xmalloc((n ? n : 1) * sizeof(*order)), n_order = 0;
	int any_uncertain = 0;

	memset(out, 0, sizeof(*out));
	out->n_chain = (uint32_t)n;
	out->events = xmalloc((n ? n : 1) * sizeof(*out->events));
	for (size_t i = 0; i < n; i++) {
		h[i] = chancery_date_by(&chain[i]->date, day);
		any_uncertain |= h[i] == CHANCERY_UNCERTAIN;
	}
	if (any_uncertain)
		imply(chain, n, h, implier);
	else
		for (size_t i = 0; i < n; i++)
			implier[i] = -1;
	/* The order to apply them in: the chain's, except that an event
	 * implied to come before another (an undated one sorts last) goes
	 * just before it. */
	for (size_t i = 0; i < n; i++)
		if (implier[i] < 0 || (size_t)implier[i] > i)
			place(i, n, implier, order, &n_order);
	for (size_t k = 0; k < n_order; k++) {
		const struct chancery_event *e = chain[order[k]];
		struct step next;
		if (h[order[k]] == CHANCERY_NO)
			continue;
		out->events[out->n_events++] = e;
		if (h[order[k]] != CHANCERY_YES)
			continue;
		next = step(s, e, ctx);
		if (!same_step(next, s))
			out->since = e;
		s = next;
	}
	/* An event that may have happened comes, at the latest, after every
	 * event that surely has (it ends later than they do): so it is tried
	 * on top of the definite state. */
	for (size_t k = 0; k < n_order && !out->uncertain; k++) {
		const struct chancery_event *e = chain[order[k]];
		struct step maybe;
		if (h[order[k]] != CHANCERY_UNCERTAIN)
			continue;
		maybe = step(s, e, ctx);
		if (maybe.state != s.state || maybe.level != s.level) {
			out->uncertain = 1;
			out->possible = maybe.state;
			out->possible_level = maybe.level;
			out->maybe = e;
		}
	}
	out->state = s.state;
	out->level = s.level;
	out->implied = s.implied;
	free(h);
	free(implier);
	free(order);
}

static void fold_release(struct chancery_fold *f)
{
	free(f->events);
	f->events = NULL;
}

/* ---- the chains ---- */

static int is_relations_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ESTABLISH_RELATIONS && k <= CHANCERY_EV_RESTORE_RELATIONS;
}

static int is_mission_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ANNOUNCE_MISSION && k <= CHANCERY_EV_CLOSE_MISSION;
}

static int is_envoy_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_APPOINT_ENVOY && k <= CHANCERY_EV_END_ENVOY;
}

/* A kind that belongs to the recognition chain of its actor and target
 * (a switch also to that of its actor and from=). */
static int is_recognition_kind(enum chancery_event_kind k)
{
	return k == CHANCERY_EV_RECOGNISE || k == CHANCERY_EV_WITHDRAW_RECOGNITION ||
	       k == CHANCERY_EV_DENY_RECOGNITION || k == CHANCERY_EV_REAFFIRM_RECOGNITION ||
	       k == CHANCERY_EV_SWITCH_RECOGNITION;
}

static struct step step_recognition(struct step s, const struct chancery_event *e,
				    const struct step_ctx *ctx)
{
	switch (e->kind) {
	case CHANCERY_EV_RECOGNISE:
	case CHANCERY_EV_REAFFIRM_RECOGNITION: return (struct step){ CHANCERY_REC_YES, NULL, 0 };
	case CHANCERY_EV_WITHDRAW_RECOGNITION: return (struct step){ CHANCERY_REC_WITHDRAWN, NULL, 0 };
	case CHANCERY_EV_DENY_RECOGNITION: return (struct step){ CHANCERY_REC_DENIED, NULL, 0 };
	case CHANCERY_EV_SWITCH_RECOGNITION:
		/* yes for the party switched to, withdrawn for the one left */
		if (snapshot_party_root(ctx->r, e->target) == ctx->target)
			return (struct step){ CHANCERY_REC_YES, NULL, 0 };
		return (struct step){ CHANCERY_REC_WITHDRAWN, NULL, 0 };
	case CHANCERY_EV_ESTABLISH_RELATIONS:
	case CHANCERY_EV_RESTORE_RELATIONS:
		/* Relations imply recognition where none is in force. */
		if (s.state != CHANCERY_REC_YES)
			return (struct step){ CHANCERY_REC_YES, NULL, 1 };
		return s;
	default: return s;
	}
}

/* The recognition chain folded, and then what a withdrawal (or a switch
 * away) says that no recorded event does: a recognition stood before it,
 * on a day not recorded. Where nothing else has happened by the day and the
 * withdrawal has not surely happened, the recognition may stand:
 * uncertain, "yes" implied by the withdrawal (docs/queries.md). */
static void fold_recognition(const chancery_registry *r, const struct chancery_event *const *chain,
			     size_t n, int32_t day, long target, struct chancery_fold *out)
{
	struct step_ctx ctx = { r, target };
	fold(chain, n, day, step_recognition, &ctx, out);
	if (out->state != CHANCERY_REC_NO || out->uncertain)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct chancery_event *w = chain[i];
		int orphan = 1;
		/* a switch away from this chain's party withdraws its recognition */
		int away = w->kind == CHANCERY_EV_SWITCH_RECOGNITION &&
			   snapshot_party_root(r, w->target) != target;
		if (w->kind != CHANCERY_EV_WITHDRAW_RECOGNITION && !away)
			continue;
		for (size_t k = 0; k < n && orphan; k++)
			if (k != i && requires(CHANCERY_EV_WITHDRAW_RECOGNITION, chain[k]->kind) &&
			    may_precede(chain[k], w))
				orphan = 0;
		if (!orphan || chancery_date_by(&w->date, day) == CHANCERY_YES)
			continue;
		out->uncertain = 1;
		out->possible = CHANCERY_REC_YES;
		out->possible_implied = 1;
		out->maybe = w;
		return;
	}
}

enum chancery_tri chancery_fold_recognises(const struct chancery_fold *f)
{
	int now = f->state == CHANCERY_REC_YES;
	if (f->uncertain && now != (f->possible == CHANCERY_REC_YES))
		return CHANCERY_UNCERTAIN;
	return now ? CHANCERY_YES : CHANCERY_NO;
}

static struct step step_relations(struct step s, const struct chancery_event *e,
				  const struct step_ctx *ctx)
{
	(void)ctx;
	switch (e->kind) {
	case CHANCERY_EV_ESTABLISH_RELATIONS:
		return (struct step){ CHANCERY_REL_ESTABLISHED, e->level, 0 };
	case CHANCERY_EV_CHANGE_RELATIONS:
		return (struct step){ CHANCERY_REL_ESTABLISHED, e->level ? e->level : s.level, 0 };
	case CHANCERY_EV_SUSPEND_RELATIONS:
		return (struct step){ CHANCERY_REL_SUSPENDED, s.level, 0 };
	case CHANCERY_EV_SEVER_RELATIONS: return (struct step){ CHANCERY_REL_SEVERED, NULL, 0 };
	case CHANCERY_EV_RESTORE_RELATIONS:
		return (struct step){ CHANCERY_REL_ESTABLISHED, e->level ? e->level : s.level, 0 };
	default: return s;
	}
}

static struct step step_mission(struct step s, const struct chancery_event *e,
				const struct step_ctx *ctx)
{
	(void)ctx;
	switch (e->kind) {
	case CHANCERY_EV_ANNOUNCE_MISSION:
		/* An announcement moves nothing that is already open. */
		if (s.state == CHANCERY_MISSION_NONE || s.state == CHANCERY_MISSION_CLOSED)
			return (struct step){ CHANCERY_MISSION_ANNOUNCED, s.level, 0 };
		return s;
	case CHANCERY_EV_OPEN_MISSION: return (struct step){ CHANCERY_MISSION_OPEN, s.level, 0 };
	case CHANCERY_EV_CLOSE_MISSION: return (struct step){ CHANCERY_MISSION_CLOSED, s.level, 0 };
	default: return s;
	}
}

static struct step step_envoy(struct step s, const struct chancery_event *e,
			      const struct step_ctx *ctx)
{
	(void)ctx;
	switch (e->kind) {
	case CHANCERY_EV_APPOINT_ENVOY: return (struct step){ CHANCERY_ENVOY_APPOINTED, NULL, 0 };
	case CHANCERY_EV_PRESENT_CREDENTIALS: return (struct step){ CHANCERY_ENVOY_IN_POST, NULL, 0 };
	case CHANCERY_EV_END_ENVOY: return (struct step){ CHANCERY_ENVOY_ENDED, NULL, 0 };
	default: return s;
	}
}

/* ---- the dyad ---- */

struct group {
	const char *k1, *k2, *k3, *k4; /* the key */
	const struct chancery_event **chain;
	size_t n, alloc;
};

static struct group *group_for(struct group **groups, size_t *n, size_t *alloc, const char *k1,
			       const char *k2, const char *k3, const char *k4)
{
	for (size_t i = 0; i < *n; i++) {
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

static const char *root_id(const chancery_registry *r, const char *id)
{
	long i = snapshot_party_root(r, id);
	return i < 0 ? id : r->parties[i].id;
}

static int cmp_event_ptr(const void *x, const void *y)
{
	const struct chancery_event *a = *(const struct chancery_event *const *)x;
	const struct chancery_event *b = *(const struct chancery_event *const *)y;
	return a < b ? -1 : a > b; /* events sit in canonical order in one array */
}

/* Sort and drop duplicates. */
static size_t sort_unique(const struct chancery_event **v, size_t n)
{
	size_t k = 0;
	if (n < 2)
		return n; /* v may be NULL when n is 0 */
	qsort(v, n, sizeof(*v), cmp_event_ptr);
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* Relations established or restored imply recognition both ways; the
 * other relations events say nothing of it. */
static int implies_recognition(enum chancery_event_kind k)
{
	return k == CHANCERY_EV_ESTABLISH_RELATIONS || k == CHANCERY_EV_RESTORE_RELATIONS;
}

/* The part an event of the dyad (ra, rb: root ids) plays in its states. */
enum dyad_role { ROLE_OTHER, ROLE_REC_AB, ROLE_REC_BA, ROLE_RELATIONS, ROLE_MISSION, ROLE_ENVOY };

static enum dyad_role classify(const chancery_registry *r, const struct chancery_event *e,
			       const char *ra, const char *rb, const char **actor, const char **target)
{
	*actor = e->actor == ra || e->actor == rb ? e->actor : root_id(r, e->actor);
	*target = e->target == ra || e->target == rb ? e->target : root_id(r, e->target);
	if (is_recognition_kind(e->kind)) {
		/* a switch of recognition is in the chain of the party left too */
		const char *to = *target;
		if (e->kind == CHANCERY_EV_SWITCH_RECOGNITION && to != ra && to != rb)
			to = root_id(r, e->from_party);
		if (*actor == ra && to == rb)
			return ROLE_REC_AB;
		if (*actor == rb && to == ra)
			return ROLE_REC_BA;
		return ROLE_OTHER;
	}
	/* the dyad's own relations, missions and envoys, not an event that
	 * names one of the two only as its subject */
	if (!*target || !((*actor == ra && *target == rb) || (*actor == rb && *target == ra)))
		return ROLE_OTHER;
	if (is_relations_kind(e->kind))
		return ROLE_RELATIONS; /* also implies recognition both ways */
	if (is_mission_kind(e->kind))
		return ROLE_MISSION;
	if (is_envoy_kind(e->kind))
		return ROLE_ENVOY;
	return ROLE_OTHER;
}

int chancery_dyad_status(const chancery_registry *r, const char *a, const char *b, int32_t day,
			 struct chancery_dyad_status **out)
{
	long ia = snapshot_party_root(r, a), ib = snapshot_party_root(r, b);
	const char *ra, *rb;
	const struct dyad_entry *begin, *end;
	struct chancery_dyad_status *s;
	const struct chancery_event **rec[2] = { NULL, NULL }, **rel = NULL;
	size_t n_rec[2] = { 0, 0 }, n_rel = 0, n_dyad;
	struct group *missions = NULL, *envoys = NULL;
	size_t n_missions = 0, alloc_missions = 0, n_envoys = 0, alloc_envoys = 0;
	size_t n_all = 0, alloc_all = 0, n_reactions = 0, alloc_reactions = 0;

	*out = NULL;
	if (ia < 0 || ib < 0)
		return -CHANCERY_ENOTFOUND;
	ra = r->parties[ia].id;
	rb = r->parties[ib].id;
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
	n_dyad = (size_t)(end - begin);
	rec[0] = xmalloc((n_dyad + 1) * sizeof(*rec[0]));
	rec[1] = xmalloc((n_dyad + 1) * sizeof(*rec[1]));
	rel = xmalloc((n_dyad + 1) * sizeof(*rel));
	for (const struct dyad_entry *d = begin; d < end; d++) {
		const struct chancery_event *e = &r->events[d->event];
		const char *actor, *target;
		ALLOC_GROW(s->events, n_all + 1, alloc_all);
		s->events[n_all++] = e;
		switch (classify(r, e, ra, rb, &actor, &target)) {
		case ROLE_REC_AB: rec[0][n_rec[0]++] = e; break;
		case ROLE_REC_BA: rec[1][n_rec[1]++] = e; break;
		case ROLE_RELATIONS:
			rel[n_rel++] = e;
			if (implies_recognition(e->kind)) {
				rec[0][n_rec[0]++] = e;
				rec[1][n_rec[1]++] = e;
			}
			break;
		case ROLE_MISSION:
			group_add(group_for(&missions, &n_missions, &alloc_missions, actor, target,
					    e->mission_type,
					    mission_one_per_host(e->mission_type) ? NULL : e->city),
				  e);
			break;
		case ROLE_ENVOY:
			group_add(group_for(&envoys, &n_envoys, &alloc_envoys, e->person, actor, target,
					    NULL),
				  e);
			break;
		case ROLE_OTHER: break;
		}
	}
	fold_recognition(r, rec[0], n_rec[0], day, ib, &s->recognition[0]);
	fold_recognition(r, rec[1], n_rec[1], day, ia, &s->recognition[1]);
	fold(rel, n_rel, day, step_relations, NULL, &s->relations);

	s->missions = xcalloc(n_missions ? n_missions : 1, sizeof(*s->missions));
	for (size_t i = 0; i < n_missions; i++) {
		struct chancery_mission_status *m = &s->missions[s->n_missions++];
		m->sender = missions[i].k1;
		m->host = missions[i].k2;
		m->type = missions[i].k3;
		for (size_t k = 0; k < missions[i].n; k++)
			if (missions[i].chain[k]->city)
				m->city = missions[i].chain[k]->city;
		fold(missions[i].chain, missions[i].n, day, step_mission, NULL, &m->fold);
		free(missions[i].chain);
	}
	s->envoys = xcalloc(n_envoys ? n_envoys : 1, sizeof(*s->envoys));
	for (size_t i = 0; i < n_envoys; i++) {
		struct chancery_envoy_status *v = &s->envoys[s->n_envoys++];
		v->person = envoys[i].k1;
		v->sender = envoys[i].k2;
		v->receiver = envoys[i].k3;
		for (size_t k = 0; k < envoys[i].n; k++)
			if (envoys[i].chain[k]->rank)
				v->rank = envoys[i].chain[k]->rank;
		fold(envoys[i].chain, envoys[i].n, day, step_envoy, NULL, &v->fold);
		free(envoys[i].chain);
	}

	/* Treaties with both as parties, and their actions for the timeline. */
	{
		const struct snapshot *snap = snapshot_of(r);
		const struct index_list *ta = &snap->party_treaties[ia], *tb = &snap->party_treaties[ib];
		uint32_t kb = 0;
		s->treaties = xcalloc(ta->n ? ta->n : 1, sizeof(*s->treaties));
		for (uint32_t k = 0; k < ta->n; k++) {
			const struct index_list *acts;
			while (kb < tb->n && tb->v[kb] < ta->v[k])
				kb++;
			if (kb == tb->n || tb->v[kb] != ta->v[k])
				continue;
			acts = registry_treaty_actions(r, ta->v[k]);
			if (chancery_treaty_status(r, ta->v[k], day, &s->treaties[s->n_treaties]) == 0) {
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
	}
	/* Third parties' reactions to the dyad's events. */
	for (size_t i = 0, n = n_all; i < n; i++) {
		const struct index_list *about = &snapshot_of(r)->about[s->events[i] - r->events];
		for (uint32_t k = 0; k < about->n; k++) {
			const struct chancery_event *e = &r->events[about->v[k]];
			long by = snapshot_party_root(r, e->actor);
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
	free(rec[1]);
	free(rel);
	free(missions);
	free(envoys);
	*out = s;
	return 0;
}

void chancery_dyad_status_free(struct chancery_dyad_status *s)
{
	if (!s)
		return;
	fold_release(&s->recognition[0]);
	fold_release(&s->recognition[1]);
	fold_release(&s->relations);
	for (size_t i = 0; i < s->n_missions; i++)
		fold_release(&s->missions[i].fold);
	for (size_t i = 0; i < s->n_envoys; i++)
		fold_release(&s->envoys[i].fold);
	for (size_t i = 0; i < s->n_treaties; i++)
		chancery_treaty_status_free(s->treaties[i]);
	free(s->missions);
	free(s->envoys);
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
		size_t n_rec[2] = { 0, 0 }, n_rel = 0;
		const char *ra = r->parties[key >> 32].id, *rb = r->parties[key & 0xffffffffu].id;
		for (; i < snap->n_dyads && snap->dyads[i].key == key; i++) {
			const struct chancery_event *e = &r->events[snap->dyads[i].event];
			const char *actor, *target;
			switch (classify(r, e, ra, rb, &actor, &target)) {
			case ROLE_REC_AB: rec[0][n_rec[0]++] = e; break;
			case ROLE_REC_BA: rec[1][n_rec[1]++] = e; break;
			case ROLE_RELATIONS:
				rel[n_rel++] = e;
				if (implies_recognition(e->kind)) {
					rec[0][n_rec[0]++] = e;
					rec[1][n_rec[1]++] = e;
				}
				break;
			default: break;
			}
		}
		brief.a = &r->parties[key >> 32];
		brief.b = &r->parties[key & 0xffffffffu];
		fold_recognition(r, rec[0], n_rec[0], day, (long)(key & 0xffffffffu),
				 &brief.recognition[0]);
		fold_recognition(r, rec[1], n_rec[1], day, (long)(key >> 32), &brief.recognition[1]);
		fold(rel, n_rel, day, step_relations, NULL, &brief.relations);
		rc = (size_t)fn(&brief, ctx);
		fold_release(&brief.recognition[0]);
		fold_release(&brief.recognition[1]);
		fold_release(&brief.relations);
	}
	free(rec[0]);
	free(rec[1]);
	free(rel);
	return (int)rc;
}

/* ---- recognitions of one party ---- */

/* Is e an event of the recognition chain of party `by` (a root) towards
 * x: its recognition kinds, and relations between the two. */
static int in_recognition_chain(const chancery_registry *r, const struct chancery_event *e,
				long by, long x)
{
	long actor = snapshot_party_root(r, e->actor), target = snapshot_party_root(r, e->target);
	if (is_recognition_kind(e->kind))
		return actor == by &&
		       (target == x || (e->kind == CHANCERY_EV_SWITCH_RECOGNITION &&
					snapshot_party_root(r, e->from_party) == x));
	if (e->kind == CHANCERY_EV_ESTABLISH_RELATIONS || e->kind == CHANCERY_EV_RESTORE_RELATIONS)
		return (actor == by && target == x) || (actor == x && target == by);
	return 0;
}

/* The chain of events by which party `by` (a root) came to recognise x. */
static size_t recognition_chain(const chancery_registry *r, uint32_t by, uint32_t x,
				const struct chancery_event **chain)
{
	const struct dyad_entry *begin, *end;
	size_t n = 0;
	snapshot_dyad_events(r, by, x, &begin, &end);
	for (const struct dyad_entry *d = begin; d < end; d++) {
		const struct chancery_event *e = &r->events[d->event];
		if (in_recognition_chain(r, e, (long)by, (long)x))
			chain[n++] = e;
	}
	return n;
}

/* The parties (roots) with a recognition chain towards x, in id order. */
static size_t recognizers_of(const chancery_registry *r, uint32_t x, uint32_t *out)
{
	const struct index_list *l = &snapshot_of(r)->party_events[x];
	size_t n = 0;
	uint8_t *seen = xcalloc(r->n_parties ? r->n_parties : 1, 1);
	for (uint32_t i = 0; i < l->n; i++) {
		const struct chancery_event *e = &r->events[l->v[i]];
		long actor = snapshot_party_root(r, e->actor), target = snapshot_party_root(r, e->target);
		long other = -1;
		if (is_recognition_kind(e->kind) && actor != (long)x)
			other = in_recognition_chain(r, e, actor, (long)x) ? actor : -1;
		else if ((e->kind == CHANCERY_EV_ESTABLISH_RELATIONS ||
			  e->kind == CHANCERY_EV_RESTORE_RELATIONS) &&
			 (actor == (long)x || target == (long)x))
			other = actor == (long)x ? target : actor;
		if (other >= 0 && other != (long)x && !seen[other]) {
			seen[other] = 1;
			out[n++] = (uint32_t)other;
		}
	}
	free(seen);
	/* parties are sorted by id, so index order is id order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
			uint32_t t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

int chancery_recognitions(const chancery_registry *r, const char *x, int32_t day,
			  struct chancery_recognizer **out, size_t *n)
{
	long ix = snapshot_party_root(r, x);
	uint32_t *who;
	const struct chancery_event **chain;
	size_t k;
	*out = NULL;
	*n = 0;
	if (ix < 0)
		return -CHANCERY_ENOTFOUND;
	who = xmalloc((r->n_parties + 1) * sizeof(*who));
	chain = xmalloc((snapshot_of(r)->party_events[ix].n + 1) * sizeof(*chain));
	k = recognizers_of(r, (uint32_t)ix, who);
	*out = xcalloc(k ? k : 1, sizeof(**out));
	for (size_t i = 0; i < k; i++) {
		size_t len = recognition_chain(r, who[i], (uint32_t)ix, chain);
		(*out)[i].party = &r->parties[who[i]];
		fold_recognition(r, chain, len, day, ix, &(*out)[i].fold);
	}
	*n = k;
	free(who);
	free(chain);
	return 0;
}

void chancery_recognizers_free(struct chancery_recognizer *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fold_release(&v[i].fold);
	free(v);
}

/* ---- membership of organisations ---- */

static int is_membership_kind(enum chancery_event_kind k)
{
	return k == CHANCERY_EV_JOIN_ORGANISATION || k == CHANCERY_EV_LEAVE_ORGANISATION;
}

/* The join and leave events of party (root) in org (root), in order. */
static size_t membership_chain(const chancery_registry *r, long party, long org,
			       const struct chancery_event **chain, size_t max)
{
	const struct index_list *l = &snapshot_of(r)->party_events[party];
	size_t n = 0;
	for (uint32_t i = 0; i < l->n && n < max; i++) {
		const struct chancery_event *e = &r->events[l->v[i]];
		if (is_membership_kind(e->kind) && snapshot_party_root(r, e->actor) == party &&
		    snapshot_party_root(r, e->target) == org)
			chain[n++] = e;
	}
	return n;
}

/* Member on day: the last of join (yes) and leave (no) that has surely
 * happened; uncertain when one that may have happened would change it. */
static enum chancery_tri membership_on(const struct chancery_event *const *chain, size_t n,
				       int32_t day)
{
	int member = 0, maybe = 0;
	for (size_t i = 0; i < n; i++)
		if (chancery_date_by(&chain[i]->date, day) == CHANCERY_YES)
			member = chain[i]->kind == CHANCERY_EV_JOIN_ORGANISATION;
	for (size_t i = 0; i < n; i++)
		if (chancery_date_by(&chain[i]->date, day) == CHANCERY_UNCERTAIN &&
		    (chain[i]->kind == CHANCERY_EV_JOIN_ORGANISATION) != member)
			maybe = 1;
	return maybe ? CHANCERY_UNCERTAIN : member ? CHANCERY_YES : CHANCERY_NO;
}

enum chancery_tri chancery_membership(const chancery_registry *r, const char *party,
				      const char *org, int32_t day)
{
	long p = snapshot_party_root(r, party), o = snapshot_party_root(r, org);
	const struct chancery_event **chain;
	enum chancery_tri t;
	size_t n;
	if (p < 0 || o < 0)
		return CHANCERY_NO;
	chain = xmalloc((snapshot_of(r)->party_events[p].n + 1) * sizeof(*chain));
	n = membership_chain(r, p, o, chain, snapshot_of(r)->party_events[p].n);
	t = membership_on(chain, n, day);
	free(chain);
	return t;
}

size_t chancery_membership_recorded(const chancery_registry *r, const char *party,
				    const char *org)
{
	long p = snapshot_party_root(r, party), o = snapshot_party_root(r, org);
	const struct chancery_event **chain;
	size_t n;
	if (p < 0 || o < 0)
		return 0;
	chain = xmalloc((snapshot_of(r)->party_events[p].n + 1) * sizeof(*chain));
	n = membership_chain(r, p, o, chain, snapshot_of(r)->party_events[p].n);
	free(chain);
	return n;
}

static int cmp_day(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return a < b ? -1 : a > b;
}

static void add_change_days(const struct chancery_event *const *chain, size_t len, int32_t **days,
			    size_t *n_days, size_t *alloc_days)
{
	for (size_t j = 0; j < len; j++) {
		const struct chancery_date *d = &chain[j]->date;
		if (d->form == CHANCERY_DATE_NONE)
			continue;
		ALLOC_GROW(*days, *n_days + 2, *alloc_days);
		if (d->lo != CHANCERY_DAY_MIN)
			(*days)[(*n_days)++] = d->lo;
		if (d->hi != CHANCERY_DAY_MAX)
			(*days)[(*n_days)++] = d->hi;
	}
}

int chancery_recognition_series_by(const chancery_registry *r, const char *x, const char *org,
				   struct chancery_series_point **out, size_t *n)
{
	long ix = snapshot_party_root(r, x), iorg = org ? snapshot_party_root(r, org) : -1;
	uint32_t *who;
	const struct chancery_event **chain;
	int32_t *days = NULL;
	size_t k, n_days = 0, alloc_days = 0, alloc = 0;
	*out = NULL;
	*n = 0;
	if (ix < 0 || (org && iorg < 0))
		return -CHANCERY_ENOTFOUND;
	who = xmalloc((r->n_parties + 1) * sizeof(*who));
	chain = xmalloc((snapshot_of(r)->party_events[ix].n + 1) * sizeof(*chain));
	k = recognizers_of(r, (uint32_t)ix, who);
	const struct chancery_event ***chains = xcalloc(k ? k : 1, sizeof(*chains));
	const struct chancery_event ***members = xcalloc(k ? k : 1, sizeof(*members));
	size_t *lens = xcalloc(k ? k : 1, sizeof(*lens)), *mlens = xcalloc(k ? k : 1, sizeof(*mlens));
	/* A count can change only on the first or the last possible day of a
	 * recognition event, or of a membership event of the recogniser. */
	for (size_t i = 0; i < k; i++) {
		size_t len = recognition_chain(r, who[i], (uint32_t)ix, chain);
		chains[i] = xmalloc((len ? len : 1) * sizeof(**chains));
		memcpy(chains[i], chain, len * sizeof(*chain));
		lens[i] = len;
		add_change_days(chain, len, &days, &n_days, &alloc_days);
		if (org) {
			size_t max = snapshot_of(r)->party_events[who[i]].n;
			members[i] = xmalloc((max ? max : 1) * sizeof(**members));
			mlens[i] = membership_chain(r, (long)who[i], iorg, members[i], max);
			add_change_days(members[i], mlens[i], &days, &n_days, &alloc_days);
		}
	}
	if (n_days > 1)
		qsort(days, n_days, sizeof(*days), cmp_day);
	for (size_t d = 0; d < n_days; d++) {
		int count = 0, uncertain = 0;
		if (d && days[d] == days[d - 1])
			continue;
		for (size_t i = 0; i < k; i++) {
			struct chancery_fold f;
			enum chancery_tri t, m = CHANCERY_YES;
			fold_recognition(r, chains[i], lens[i], days[d], ix, &f);
			t = chancery_fold_recognises(&f);
			if (org)
				m = membership_on(members[i], mlens[i], days[d]);
			/* a state with no membership on record may be a member */
			if (org && !mlens[i] && r->parties[who[i]].kind == CHANCERY_PARTY_STATE)
				m = CHANCERY_UNCERTAIN;
			/* recognising and a member: both must hold */
			if (t == CHANCERY_YES && m == CHANCERY_YES)
				count++;
			else if (t != CHANCERY_NO && m != CHANCERY_NO)
				uncertain++;
			fold_release(&f);
		}
		/* a point only where the count changes, from none at first */
		if (*n ? (*out)[*n - 1].count == count && (*out)[*n - 1].uncertain == uncertain
		       : !count && !uncertain)
			continue;
		ALLOC_GROW(*out, *n + 1, alloc);
		(*out)[*n].day = days[d];
		(*out)[*n].count = count;
		(*out)[(*n)++].uncertain = uncertain;
	}
	for (size_t i = 0; i < k; i++) {
		free(chains[i]);
		if (org)
			free(members[i]);
	}
	free(chains);
	free(members);
	free(lens);
	free(mlens);
	free(days);
	free(who);
	free(chain);
	return 0;
}

int chancery_recognition_series(const chancery_registry *r, const char *x,
				struct chancery_series_point **out, size_t *n)
{
	return chancery_recognition_series_by(r, x, NULL, out, n);
}
