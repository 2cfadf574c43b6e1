/* fold.c: the fold of a chain of events into a state on a day, the
 * orders a chain implies, and the step of each kind of chain
 * (recognition, relations, missions, envoys); docs/queries.md. */#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/fold.h"
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

void asof_fold(const struct chancery_event *const *chain, size_t n, int32_t day, step_fn step,
		 const struct step_ctx *ctx, struct chancery_fold *out)
{
	struct step s = { 0, NULL, 0 };
	/* most chains are short: their scratch lives on the stack (a dyad's
	 * status folds one chain per mission and envoy) */
	enum chancery_tri h_small[32], *h = n <= 32 ? h_small : xmalloc(n * sizeof(*h));
	long implier_small[32], *implier = n <= 32 ? implier_small : xmalloc(n * sizeof(*implier));
	size_t order_small[32], *order = n <= 32 ? order_small : xmalloc(n * sizeof(*order));
	size_t n_order = 0;
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
	if (n > 32) {
		free(h);
		free(implier);
		free(order);
	}
}

void asof_fold_release(struct chancery_fold *f)
{
	free(f->events);
	f->events = NULL;
}

/* ---- the chains ---- */

int asof_is_relations_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ESTABLISH_RELATIONS && k <= CHANCERY_EV_RESTORE_RELATIONS;
}

int asof_is_mission_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ANNOUNCE_MISSION && k <= CHANCERY_EV_CLOSE_MISSION;
}

int asof_is_envoy_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_APPOINT_ENVOY && k <= CHANCERY_EV_END_ENVOY;
}

/* A kind that belongs to the recognition chain of its actor and target
 * (a switch also to that of its actor and from=). */
int asof_is_recognition_kind(enum chancery_event_kind k)
{
	return k == CHANCERY_EV_RECOGNISE || k == CHANCERY_EV_WITHDRAW_RECOGNITION ||
	       k == CHANCERY_EV_DENY_RECOGNITION || k == CHANCERY_EV_REAFFIRM_RECOGNITION ||
	       k == CHANCERY_EV_SWITCH_RECOGNITION;
}

int asof_resident_mission(const char *type)
{
	return type && (!strcmp(type, "embassy") || !strcmp(type, "high-commission") ||
			!strcmp(type, "legation"));
}

int asof_implies_recognition(const struct chancery_event *e)
{
	return e->kind == CHANCERY_EV_ESTABLISH_RELATIONS ||
	       e->kind == CHANCERY_EV_RESTORE_RELATIONS;
}

/* ---- presence (docs/coverage.md, "Implied facts") ---- */

static void span_add(struct asof_presence_span *x, const struct chancery_event *since,
		     const char *level)
{
	if (!x->since || since->date.lo < x->since->date.lo) {
		x->since = since;
		x->level = level;
	}
	if (!x->last || since->date.lo > x->last->date.lo) {
		x->last = since;
		x->last_level = level;
	}
}

/* The union of two spans (either may be empty). */
static struct asof_presence_span span_union(struct asof_presence_span a,
					    const struct asof_presence_span *b)
{
	if (b->since)
		span_add(&a, b->since, b->level);
	if (b->last)
		span_add(&a, b->last, b->last_level);
	return a;
}

int asof_mission_consent(const struct chancery_party *p)
{
	return p->kind != CHANCERY_PARTY_PARTIALLY_RECOGNISED;
}

void asof_presence_add(struct asof_presence *p, int w, const char *mission_type, int consent,
		       const struct chancery_fold *f)
{
	int present = mission_type ? asof_resident_mission(mission_type) &&
					     f->state == CHANCERY_MISSION_OPEN
				   : f->state == CHANCERY_ENVOY_IN_POST;
	const char *level = !mission_type		       ? NULL
			    : !strcmp(mission_type, "legation") ? "legation"
								: "embassy";
	if (!present || f->uncertain || !f->since)
		return;
	if (mission_type)
		span_add(&p->mission[w & 1], f->since, level);
	if (!mission_type || consent)
		span_add(&p->agreed, f->since, level);
}

void asof_apply_presence(struct chancery_fold *f, const char *chain, int w,
			 const struct asof_presence *p)
{
	int relations = !strcmp(chain, "relations");
	int none = relations ? CHANCERY_REL_NONE : CHANCERY_REC_NO;
	int yes = relations ? CHANCERY_REL_ESTABLISHED : CHANCERY_REC_YES;
	struct asof_presence_span x = p->agreed;
	const struct chancery_event *since;
	const char *level;
	/* what implies it: what both sides consent to; for a recognition,
	 * the recogniser's own missions; both sides' missions (from the
	 * later start) */
	if (!relations)
		x = span_union(x, &p->mission[w & 1]);
	if (p->mission[0].since && p->mission[1].since) {
		struct asof_presence_span both = p->mission[0];
		const struct asof_presence_span *o = &p->mission[1];
		if (o->since->date.lo > both.since->date.lo) {
			both.since = o->since;
			both.level = o->level;
		}
		if (o->last->date.lo > both.last->date.lo) {
			both.last = o->last;
			both.last_level = o->last_level;
		}
		x = span_union(x, &both);
	}
	if (!x.since || f->state == yes)
		return;
	since = x.since;
	level = x.level;
	/* nothing holds, or what ended it came surely before a presence began */
	if (f->state != none) {
		if (!f->since || chancery_date_before(&f->since->date, &x.last->date) != CHANCERY_YES)
			return;
		since = x.last;
		level = x.last_level;
	}
	f->state = yes;
	f->level = relations ? level : NULL;
	f->implied = 1;
	f->since = since;
	f->uncertain = 0;
	f->possible_implied = 0;
	f->maybe = NULL;
}

struct step asof_step_recognition(struct step s, const struct chancery_event *e,
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
	default:
		/* Relations established or restored imply recognition where
		 * none is in force (a resident mission or an envoy in post imply
		 * it while they last: asof_apply_presence). */
		if (asof_implies_recognition(e) && s.state != CHANCERY_REC_YES)
			return (struct step){ CHANCERY_REC_YES, NULL, 1 };
		return s;
	}
}

/* The recognition chain folded, and then what a withdrawal (or a switch
 * away) says that no recorded event does: a recognition stood before it,
 * on a day not recorded. Where nothing else has happened by the day and the
 * withdrawal has not surely happened, the recognition may stand:
 * uncertain, "yes" implied by the withdrawal (docs/queries.md). */
void asof_fold_recognition(const chancery_registry *r, const struct chancery_event *const *chain,
			     size_t n, int32_t day, long target, struct chancery_fold *out)
{
	struct step_ctx ctx = { r, target };
	asof_fold(chain, n, day, asof_step_recognition, &ctx, out);
	/* Nothing has surely happened; a withdrawal that may have (its dates
	 * hold the day) says a recognition stood before it too: the day may
	 * fall after that recognition and before the withdrawal. */
	if (out->state != CHANCERY_REC_NO ||
	    (out->uncertain && out->possible != CHANCERY_REC_WITHDRAWN))
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

struct step asof_step_relations(struct step s, const struct chancery_event *e,
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

struct step asof_step_mission(struct step s, const struct chancery_event *e,
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

struct step asof_step_envoy(struct step s, const struct chancery_event *e,
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

/* ---- postings end (docs/coverage.md, "Implied facts") ---- */

/* The successor of the posting that started with `start`: of the
 * credentials presented by other envoys of the same sender to the same
 * receiver, the earliest that begins after it begins. */
static const struct chancery_event *successor_of(const struct chancery_event *start,
						 const struct chancery_event *const *credentials,
						 size_t n_credentials)
{
	const struct chancery_event *best = NULL;
	for (size_t i = 0; i < n_credentials; i++) {
		const struct chancery_event *c = credentials[i];
		if (c->person == start->person || c->date.form == CHANCERY_DATE_NONE ||
		    c->date.lo <= start->date.lo)
			continue;
		if (!best || c->date.lo < best->date.lo)
			best = c;
	}
	return best;
}

void asof_fold_envoy_end(struct chancery_fold *f, const struct chancery_event *const *credentials,
			 size_t n_credentials, int32_t day)
{
	int posted = f->state == CHANCERY_ENVOY_APPOINTED || f->state == CHANCERY_ENVOY_IN_POST;
	/* the posting in course: the appointment or credentials that began
	 * it (a person posted twice to one capital has two) */
	const struct chancery_event *successor =
		posted && f->since ? successor_of(f->since, credentials, n_credentials) : NULL;
	if (!posted)
		return;
	if (successor) {
		enum chancery_tri by = chancery_date_by(&successor->date, day);
		if (by == CHANCERY_YES) {
			/* ended by the day, whatever the dates of this posting
			 * left open */
			f->state = CHANCERY_ENVOY_ENDED;
			f->uncertain = 0;
			f->since = successor;
			f->successor = successor;
			f->maybe = NULL;
			return;
		}
		if (by == CHANCERY_UNCERTAIN && !f->uncertain) {
			f->uncertain = 1;
			f->possible = CHANCERY_ENVOY_ENDED;
			f->maybe = successor;
			f->successor = successor;
			return;
		}
	}
	if (!f->uncertain && f->since && f->since->date.form != CHANCERY_DATE_NONE &&
	    (int64_t)day > (int64_t)f->since->date.hi + ASOF_ENVOY_HORIZON_DAYS) {
		f->uncertain = 1;
		f->possible = CHANCERY_ENVOY_ENDED;
		f->maybe = NULL;
		f->horizon = 1;
	}
}

/* ---- the answer ---- */

/* The answer of one state of a chain, on a day when nothing of the
 * chain has happened (state 0) resting on the fold's coverage. */
static enum chancery_answer state_answer(const char *chain, int state,
					 const struct chancery_fold *f)
{
	int yes = !strcmp(chain, "recognition") ? state == CHANCERY_REC_YES
		  : !strcmp(chain, "relations")	? state == CHANCERY_REL_ESTABLISHED
		  : !strcmp(chain, "mission")	? state == CHANCERY_MISSION_OPEN
						: state == CHANCERY_ENVOY_IN_POST;
	if (yes)
		return CHANCERY_ANSWER_YES;
	if (state)
		return CHANCERY_ANSWER_NO; /* withdrawn, denied, severed, closed, ended, ... */
	return f->covered.source || f->absent ? CHANCERY_ANSWER_NO : CHANCERY_ANSWER_NOT_RECORDED;
}

enum chancery_answer chancery_fold_answer(const char *chain, const struct chancery_fold *f)
{
	enum chancery_answer now = state_answer(chain, f->state, f);
	if (f->uncertain && state_answer(chain, f->possible, f) != now)
		return CHANCERY_ANSWER_UNCERTAIN;
	return now;
}

const char *chancery_fold_state_name(const char *chain, const struct chancery_fold *f, int state)
{
	if (!state && !f->covered.source && !f->absent)
		return "not-recorded";
	return chancery_state_name(chain, state);
}

const char *chancery_answer_name(enum chancery_answer a)
{
	static const char *const names[] = { "not-recorded", "yes", "no", "uncertain" };
	return (unsigned)a < 4 ? names[a] : "?";
}
