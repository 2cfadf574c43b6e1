/* recognitions.c: who recognises a party on a day, the count over time
 * (the series), and membership of organisations (the United Nations),
 * by which recognitions are counted. */#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/coverage.h"
#include "query/fold.h"
#include "query/order.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "base/banned.h"

/* ---- recognitions of one party ---- */

/* Is e an event of the recognition chain of party `by` (a root) towards
 * x: its recognition kinds, and relations between the two. */
static int in_recognition_chain(const chancery_registry *r, const struct chancery_event *e,
				long by, long x)
{
	long actor = snapshot_party_root(r, e->actor), target = snapshot_party_root(r, e->target);
	if (asof_is_recognition_kind(e->kind))
		return actor == by &&
		       (target == x || (e->kind == CHANCERY_EV_SWITCH_RECOGNITION &&
					snapshot_party_root(r, e->from_party) == x));
	/* relations established or restored: either way round */
	if (asof_implies_recognition(e))
		return (actor == by && target == x) || (actor == x && target == by);
	return 0;
}

/* Does e make its other party a candidate recogniser of x: a recognition
 * event, relations, or a presence (a resident mission, credentials) that
 * implies one while it lasts (asof_apply_presence)? */
static int bears_on_recognition(const struct chancery_event *e)
{
	return asof_implies_recognition(e) ||
	       (e->kind == CHANCERY_EV_OPEN_MISSION && asof_resident_mission(e->mission_type)) ||
	       e->kind == CHANCERY_EV_PRESENT_CREDENTIALS;
}

/* What the presence of by (a root) and x on day implies of by's
 * recognition of x (asof_dyad_presence: its sides are the dyad's lower
 * party index, then the higher). */
static struct asof_presence_groups *presence_groups(const chancery_registry *r, uint32_t by,
						    uint32_t x)
{
	const struct dyad_entry *begin, *end;
	snapshot_dyad_events(r, by, x, &begin, &end);
	return asof_presence_groups_new(r, begin, end);
}

static void apply_presence(const struct asof_presence_groups *g, uint32_t by, uint32_t x,
			   int32_t day, struct chancery_fold *f)
{
	struct asof_presence p;
	if (f->state == CHANCERY_REC_YES && !f->uncertain)
		return; /* a presence adds nothing to a recognition on record */
	asof_presence_on(g, day, &p);
	asof_apply_presence(f, "recognition", by > x, &p);
}

/* The chains of events by which each of the k parties who[] (roots) came
 * to recognise x, in one pass over x's recognition events (in canonical
 * order, as a dyad keeps them): chains[i][0..lens[i]). Free with
 * free_chains. One pass, not one dyad's scan per recogniser: the events
 * of a party's dyads are scattered over the whole event array. */
static void recognition_chains(const chancery_registry *r, uint32_t x, const uint32_t *who,
			       size_t k, const struct chancery_event ****chains_out,
			       size_t **lens_out)
{
	const struct index_list *l = &snapshot_of(r)->party_recognitions[x];
	const struct chancery_event ***chains = xcalloc(k + 1, sizeof(*chains));
	size_t *lens = xcalloc(k + 1, sizeof(*lens)), *alloc = xcalloc(k + 1, sizeof(*alloc));
	long *slot = xmalloc((r->n_parties + 1) * sizeof(*slot));
	for (size_t p = 0; p < r->n_parties; p++)
		slot[p] = -1;
	for (size_t i = 0; i < k; i++)
		slot[who[i]] = (long)i;
	for (uint32_t j = 0; j < l->n; j++) {
		const struct chancery_event *e = &r->events[l->v[j]];
		long actor = snapshot_party_root(r, e->actor), by = actor;
		size_t i;
		if (!asof_is_recognition_kind(e->kind) && actor == (long)x)
			by = snapshot_party_root(r, e->target); /* relations: the other */
		if (by < 0 || by == (long)x || slot[by] < 0 ||
		    !in_recognition_chain(r, e, by, (long)x))
			continue;
		i = (size_t)slot[by];
		ALLOC_GROW(chains[i], lens[i] + 1, alloc[i]);
		chains[i][lens[i]++] = e;
	}
	free(slot);
	free(alloc);
	*chains_out = chains;
	*lens_out = lens;
}

static void free_chains(const struct chancery_event ***chains, size_t *lens, size_t k)
{
	for (size_t i = 0; i < k; i++)
		free(chains[i]);
	free(chains);
	free(lens);
}

/* The parties (roots) with a recognition chain towards x, in id order. */
static size_t recognizers_of(const chancery_registry *r, uint32_t x, uint32_t *out)
{
	const struct index_list *l = &snapshot_of(r)->party_recognitions[x];
	size_t n = 0;
	uint8_t *seen = xcalloc(r->n_parties ? r->n_parties : 1, 1);
	for (uint32_t i = 0; i < l->n; i++) {
		const struct chancery_event *e = &r->events[l->v[i]];
		long actor = snapshot_party_root(r, e->actor), target = snapshot_party_root(r, e->target);
		long other = -1;
		if (asof_is_recognition_kind(e->kind) && actor != (long)x)
			other = in_recognition_chain(r, e, actor, (long)x) ? actor : -1;
		else if (bears_on_recognition(e) && (actor == (long)x || target == (long)x))
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
	const struct chancery_event ***chains;
	size_t k, *lens;
	*out = NULL;
	*n = 0;
	if (ix < 0)
		return -CHANCERY_ENOTFOUND;
	who = xmalloc((r->n_parties + 1) * sizeof(*who));
	k = recognizers_of(r, (uint32_t)ix, who);
	recognition_chains(r, (uint32_t)ix, who, k, &chains, &lens);
	*out = xcalloc(k ? k : 1, sizeof(**out));
	for (size_t i = 0; i < k; i++) {
		(*out)[i].party = &r->parties[who[i]];
		struct asof_presence_groups *g = presence_groups(r, who[i], (uint32_t)ix);
		asof_fold_recognition(r, chains[i], lens[i], day, ix, &(*out)[i].fold);
		apply_presence(g, who[i], (uint32_t)ix, day, &(*out)[i].fold);
		asof_presence_groups_free(g);
		coverage_apply(r, &(*out)[i].fold, CHANCERY_FACT_RECOGNITION, (long)who[i], ix, day,
			       NULL);
	}
	*n = k;
	free(who);
	free_chains(chains, lens, k);
	return 0;
}

void chancery_recognizers_free(struct chancery_recognizer *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		asof_fold_release(&v[i].fold);
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

/* The days a presence of by and x may begin or end: the dates of their
 * missions and envoys, and a posting's horizon after its dates. */
static void add_presence_days(const chancery_registry *r, uint32_t by, uint32_t x, int32_t **days,
			      size_t *n_days, size_t *alloc_days)
{
	const struct dyad_entry *begin, *end;
	snapshot_dyad_events(r, by, x, &begin, &end);
	for (const struct dyad_entry *d = begin; d < end; d++) {
		const struct chancery_date *t = &r->events[d->event].date;
		int envoy = d->role == DYAD_ENVOY_LH || d->role == DYAD_ENVOY_HL;
		if ((d->role != DYAD_MISSION_LH && d->role != DYAD_MISSION_HL && !envoy) ||
		    t->form == CHANCERY_DATE_NONE)
			continue;
		ALLOC_GROW(*days, *n_days + 3, *alloc_days);
		if (t->lo != CHANCERY_DAY_MIN)
			(*days)[(*n_days)++] = t->lo;
		if (t->hi != CHANCERY_DAY_MAX) {
			(*days)[(*n_days)++] = t->hi;
			if (envoy && t->hi < CHANCERY_DAY_MAX - ASOF_ENVOY_HORIZON_DAYS - 1)
				(*days)[(*n_days)++] = t->hi + ASOF_ENVOY_HORIZON_DAYS + 1;
		}
	}
}

/* A recogniser that ceases to exist stops counting the day after its to=
 * (docs/coverage.md, "Existence"); one that begins counts from its from=. */
static void add_existence_days(const struct chancery_party *p, int32_t **days, size_t *n_days,
			       size_t *alloc_days)
{
	ALLOC_GROW(*days, *n_days + 4, *alloc_days);
	if (p->to.form && p->to.hi != CHANCERY_DAY_MAX) {
		(*days)[(*n_days)++] = p->to.lo + 1;
		(*days)[(*n_days)++] = p->to.hi + 1;
	}
	if (p->from.form && p->from.lo != CHANCERY_DAY_MIN)
		(*days)[(*n_days)++] = p->from.lo;
}

static size_t unique_days(int32_t *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* What recogniser `by` (its chain, and its membership chain when with_org)
 * adds to the series on day: now[0] 1 if it counts for certain, now[1] 1
 * if it may. */
static void series_value(const chancery_registry *r, const struct chancery_event *const *chain,
			 size_t len, const struct chancery_event *const *members, size_t mlen,
			 const struct asof_presence_groups *g, long by, int with_org, long ix,
			 int32_t day, int now[2])
{
	struct chancery_fold f;
	enum chancery_tri t, m = CHANCERY_YES;
	asof_fold_recognition(r, chain, len, day, ix, &f);
	apply_presence(g, (uint32_t)by, (uint32_t)ix, day, &f);
	coverage_apply(r, &f, CHANCERY_FACT_RECOGNITION, by, ix, day, NULL);
	t = chancery_fold_recognises(&f);
	if (with_org)
		m = membership_on(members, mlen, day);
	/* a state with no membership on record may be a member */
	if (with_org && !mlen && r->parties[by].kind == CHANCERY_PARTY_STATE)
		m = CHANCERY_UNCERTAIN;
	/* recognising and a member: both must hold */
	now[0] = t == CHANCERY_YES && m == CHANCERY_YES;
	now[1] = !now[0] && t != CHANCERY_NO && m != CHANCERY_NO;
	asof_fold_release(&f);
}

int chancery_recognition_series_by(const chancery_registry *r, const char *x, const char *org,
				   struct chancery_series_point **out, size_t *n)
{
	long ix = snapshot_party_root(r, x), iorg = org ? snapshot_party_root(r, org) : -1;
	uint32_t *who;
	int32_t *days = NULL;
	int *delta;
	size_t k, n_days = 0, alloc_days = 0, alloc = 0;
	*out = NULL;
	*n = 0;
	if (ix < 0 || (org && iorg < 0))
		return -CHANCERY_ENOTFOUND;
	who = xmalloc((r->n_parties + 1) * sizeof(*who));
	k = recognizers_of(r, (uint32_t)ix, who);
	const struct chancery_event ***chains;
	size_t *lens;
	recognition_chains(r, (uint32_t)ix, who, k, &chains, &lens);
	const struct chancery_event ***members = xcalloc(k ? k : 1, sizeof(*members));
	size_t *mlens = xcalloc(k ? k : 1, sizeof(*mlens));
	/* A count can change only on the first or the last possible day of a
	 * recognition event, or of a membership event of the recogniser. */
	for (size_t i = 0; i < k; i++) {
		add_change_days(chains[i], lens[i], &days, &n_days, &alloc_days);
		add_existence_days(&r->parties[who[i]], &days, &n_days, &alloc_days);
		add_presence_days(r, who[i], (uint32_t)ix, &days, &n_days, &alloc_days);
		if (org) {
			size_t max = snapshot_of(r)->party_events[who[i]].n;
			members[i] = xmalloc((max ? max : 1) * sizeof(**members));
			mlens[i] = membership_chain(r, (long)who[i], iorg, members[i], max);
			add_change_days(members[i], mlens[i], &days, &n_days, &alloc_days);
		}
	}
	if (n_days > 1)
		qsort(days, n_days, sizeof(*days), cmp_day);
	n_days = unique_days(days, n_days);
	/* A recogniser's state changes only on its own change days (the fold
	 * reads each date only as before, maybe or after the day): fold it
	 * there (and on the first day), and add what changed to that day's
	 * counts; a running sum then gives every day's counts. Folding every
	 * recogniser on every day (2,100 days x 199 recognisers at a million
	 * events) was the whole cost of the series. */
	delta = xcalloc(2 * n_days + 1, sizeof(*delta));
	for (size_t i = 0; i < k && n_days; i++) {
		int32_t *own = NULL;
		size_t n_own = 0, alloc_own = 0;
		int prev[2] = { 0, 0 };
		struct asof_presence_groups *g = presence_groups(r, who[i], (uint32_t)ix);
		add_change_days(chains[i], lens[i], &own, &n_own, &alloc_own);
		add_existence_days(&r->parties[who[i]], &own, &n_own, &alloc_own);
		add_presence_days(r, who[i], (uint32_t)ix, &own, &n_own, &alloc_own);
		if (org)
			add_change_days(members[i], mlens[i], &own, &n_own, &alloc_own);
		if (n_own > 1)
			qsort(own, n_own, sizeof(*own), cmp_day);
		n_own = unique_days(own, n_own);
		/* the first day of all, then each own day after it (every own
		 * day is one of all the days: they were gathered from the same
		 * chains) */
		for (size_t j = 0, at = 0; j <= n_own; j++) {
			int now[2];
			if (j) {
				while (at < n_days && days[at] < own[j - 1])
					at++;
				if (at == 0 || at == n_days)
					continue;
			}
			series_value(r, chains[i], lens[i], org ? members[i] : NULL, mlens[i], g,
				     (long)who[i], org != NULL, ix, days[at], now);
			delta[2 * at] += now[0] - prev[0];
			delta[2 * at + 1] += now[1] - prev[1];
			prev[0] = now[0];
			prev[1] = now[1];
		}
		asof_presence_groups_free(g);
		free(own);
	}
	for (size_t d = 0, count = 0, uncertain = 0; d < n_days; d++) {
		count += (size_t)delta[2 * d];
		uncertain += (size_t)delta[2 * d + 1];
		/* a point only where the count changes, from none at first */
		if (*n ? (size_t)(*out)[*n - 1].count == count &&
				 (size_t)(*out)[*n - 1].uncertain == uncertain
		       : !count && !uncertain)
			continue;
		ALLOC_GROW(*out, *n + 1, alloc);
		(*out)[*n].day = days[d];
		(*out)[*n].count = (int)count;
		(*out)[(*n)++].uncertain = (int)uncertain;
	}
	free(delta);
	for (size_t i = 0; i < k; i++)
		if (org)
			free(members[i]);
	free_chains(chains, lens, k);
	free(members);
	free(mlens);
	free(days);
	free(who);
	return 0;
}

int chancery_recognition_series(const chancery_registry *r, const char *x,
				struct chancery_series_point **out, size_t *n)
{
	return chancery_recognition_series_by(r, x, NULL, out, n);
}
