/* check.c: semantic checks over a finished registry (docs/checks.md):
 * references that name nothing or the wrong kind of thing, facts dated
 * outside a party's existence, treaty and envoy steps out of order, a
 * treaty action by a non-party. Errors fail a check; warnings do not. A
 * check never guesses: when imprecise dates leave the order open, it is
 * silent. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hashmap.h"
#include "model/idset.h"
#include "model/registry.h"
#include "query/assert.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "base/url.h"
#include "model/vocab.h"
#include "base/banned.h"

/* What a message is about: "event 'x'", formatted only when a message is
 * actually reported (a clean registry of a million events then formats
 * nothing). */
struct owner {
	const char *what, *id;
};

struct checker {
	const chancery_registry *r;
	struct chancery_diags *d;
	/* Envoy appointments sorted by (person, sender, receiver) pointers:
	 * ids are interned, so equal ids are equal pointers and no key string
	 * needs building (a million events made that a tenth of the check). */
	struct appointment *appointments;
	size_t n_appointments, alloc_appointments;
	/* Per treaty, built when its first action is checked: its parties as
	 * a lookup and each party's own signature (and the common one), so
	 * that a treaty of n parties costs n log n, not n squared. */
	struct treaty_signs {
		int built;
		struct idset parties;
		const struct chancery_event **own; /* per party slot */
		const struct chancery_event *common;
	} *signs;
};

static struct treaty_signs *signs_of(struct checker *c, size_t ti)
{
	struct treaty_signs *ts = &c->signs[ti];
	const struct chancery_treaty *t = &c->r->treaties[ti];
	const struct index_list *actions;
	if (ts->built)
		return ts;
	ts->built = 1;
	idset_init(&ts->parties, &t->parties);
	ts->own = xcalloc(t->parties.n ? t->parties.n : 1, sizeof(*ts->own));
	actions = registry_treaty_actions(c->r, ti);
	/* the first signature in canonical order, as the scan it replaces */
	for (uint32_t i = 0; i < actions->n; i++) {
		const struct chancery_event *s = &c->r->events[actions->v[i]];
		long slot;
		if (s->kind != CHANCERY_EV_SIGN)
			continue;
		if (!s->actor) {
			if (!ts->common)
				ts->common = s;
		} else if ((slot = idset_find(&ts->parties, s->actor)) >= 0 && !ts->own[slot]) {
			ts->own[slot] = s;
		}
	}
	return ts;
}

__attribute__((format(printf, 4, 5))) static void report(struct checker *c,
							  enum chancery_severity sev,
							  const struct chancery_loc *loc,
							  const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	chancery_diags_add(c->d, sev, loc->file, loc->line, loc->line ? 1 : 0, NULL, "%s", msg.buf);
	strbuf_release(&msg);
}

__attribute__((format(printf, 5, 6))) static void report_on(struct checker *c,
							     enum chancery_severity sev,
							     const struct chancery_loc *loc,
							     const struct owner *owner,
							     const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	strbuf_addf(&msg, "%s '%s': ", owner->what, owner->id);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	chancery_diags_add(c->d, sev, loc->file, loc->line, loc->line ? 1 : 0, NULL, "%s", msg.buf);
	strbuf_release(&msg);
}

static void date_text(const struct chancery_date *d, char *buf, size_t n)
{
	chancery_date_format(d, buf, n);
}

/* Does `id` name an entity of kind `want`? Reports what it names instead. */
static int ref_ok(struct checker *c, const struct chancery_loc *loc, const struct owner *owner,
		  const char *role, const char *id, enum chancery_entity want)
{
	size_t index;
	enum chancery_entity got;
	if (!id)
		return 1;
	got = chancery_registry_lookup(c->r, id, &index);
	if (got == want)
		return 1;
	if (got == CHANCERY_ENT_NONE) {
		struct strbuf hint = STRBUF_INIT;
		if (want == CHANCERY_ENT_PARTY) {
			const struct chancery_party *best[1];
			if (chancery_registry_suggest_parties(c->r, id, best, 1))
				strbuf_addf(&hint, "; did you mean '%s'?", best[0]->id);
		}
		report(c, CHANCERY_ERROR, loc, "%s '%s': unknown %s '%s' in %s%s", owner->what,
		       owner->id, chancery_entity_name(want), id, role, hint.buf);
		strbuf_release(&hint);
	} else {
		report(c, CHANCERY_ERROR, loc, "%s '%s': '%s' in %s is %s %s, not %s %s", owner->what,
		       owner->id, id, role,
		       got == CHANCERY_ENT_EVENT ? "an" : "a", chancery_entity_name(got),
		       want == CHANCERY_ENT_EVENT ? "an" : "a", chancery_entity_name(want));
	}
	return 0;
}

static void refs_ok(struct checker *c, const struct chancery_loc *loc, const struct owner *owner,
		    const char *role, const struct chancery_ids *ids, enum chancery_entity want)
{
	for (uint32_t i = 0; i < ids->n; i++)
		ref_ok(c, loc, owner, role, ids->v[i], want);
}

static const struct chancery_party *party_of(const struct checker *c, const char *id)
{
	size_t i;
	if (id && chancery_registry_lookup(c->r, id, &i) == CHANCERY_ENT_PARTY)
		return chancery_registry_party(c->r, i);
	return NULL;
}

static void check_interval(struct checker *c, const struct chancery_loc *loc, const struct owner *owner,
			   const struct chancery_date *from, const struct chancery_date *to)
{
	char a[64], b[64];
	if (from->form && to->form && chancery_date_before(to, from) == CHANCERY_YES) {
		date_text(from, a, sizeof(a));
		date_text(to, b, sizeof(b));
		report_on(c, CHANCERY_ERROR, loc, owner, "ends (%s) before it begins (%s)", b, a);
	}
}

static void check_parties(struct checker *c)
{
	for (size_t i = 0; i < c->r->n_parties; i++) {
		const struct chancery_party *p = &c->r->parties[i];
		const struct owner owner_ = { "party", p->id }, *owner = &owner_;
		ref_ok(c, &p->loc, owner, "of=", p->of, CHANCERY_ENT_PARTY);
		refs_ok(c, &p->loc, owner, "source=", &p->sources, CHANCERY_ENT_SOURCE);
		check_interval(c, &p->loc, owner, &p->from, &p->to);
		if (p->kind == CHANCERY_PARTY_ORGAN && !p->of)
			report_on(c, CHANCERY_WARNING, &p->loc, owner, "an organ without of=PARTY");
	}
	for (size_t i = 0; i < c->r->n_sources; i++) {
		const struct chancery_source *s = &c->r->sources[i];
		const struct owner owner_ = { "source", s->id };
		if (s->url && *s->url && !url_is_web(s->url))
			report_on(c, CHANCERY_WARNING, &s->loc, &owner_,
				  "url '%s' is not a web address (http:// or https://); it is shown"
				  " as text, not linked", s->url);
		for (uint32_t k = 0; k < s->n_covers; k++) {
			const struct chancery_coverage *cv = &s->covers[k];
			refs_ok(c, &cv->loc, &owner_, "covers by=", &cv->by, CHANCERY_ENT_PARTY);
			refs_ok(c, &cv->loc, &owner_, "covers with=", &cv->with, CHANCERY_ENT_PARTY);
			check_interval(c, &cv->loc, &owner_, &cv->from, &cv->to);
		}
	}
	for (size_t i = 0; i < c->r->n_persons; i++) {
		const struct chancery_person *p = &c->r->persons[i];
		const struct owner owner_ = { "person", p->id }, *owner = &owner_;
		refs_ok(c, &p->loc, owner, "source=", &p->sources, CHANCERY_ENT_SOURCE);
		for (uint32_t k = 0; k < p->n_offices; k++) {
			const struct chancery_office *o = &p->offices[k];
			ref_ok(c, &p->loc, owner, "office of=", o->of, CHANCERY_ENT_PARTY);
			refs_ok(c, &p->loc, owner, "office source=", &o->sources,
				CHANCERY_ENT_SOURCE);
			check_interval(c, &p->loc, owner, &o->from, &o->to);
		}
	}
}

/* "st", "nd", "rd" or "th", for "the 3rd ratification". */
static const char *ordinal_suffix(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

static void check_treaties(struct checker *c)
{
	for (size_t i = 0; i < c->r->n_treaties; i++) {
		const struct chancery_treaty *t = &c->r->treaties[i];
		const struct owner owner_ = { "treaty", t->id }, *owner = &owner_;
		refs_ok(c, &t->loc, owner, "parties=", &t->parties, CHANCERY_ENT_PARTY);
		refs_ok(c, &t->loc, owner, "source=", &t->sources, CHANCERY_ENT_SOURCE);
		for (uint32_t k = 0; k < t->n_provisions; k++) {
			const char *party = t->provisions[k].party;
			int member = 0;
			if (!party)
				continue;
			for (uint32_t j = 0; j < t->parties.n; j++)
				member |= !strcmp(t->parties.v[j], party);
			if (!member)
				report_on(c, CHANCERY_ERROR, &t->loc, owner,
				       "a provision names '%s', which is not a party to it",
				       party);
		}
		if (t->force == CHANCERY_FORCE_NTH_RATIFICATION && t->force_n > (int32_t)t->parties.n)
			report_on(c, CHANCERY_ERROR, &t->loc, owner,
			       "enters into force after the %d%s ratification but has %u part%s", (int)t->force_n, ordinal_suffix(t->force_n), t->parties.n,
			       t->parties.n == 1 ? "y" : "ies");
	}
}

/* Is the event dated outside the existence of the party it names? */
static void check_existence(struct checker *c, const struct chancery_event *e, const struct owner *owner,
			    const char *party_id)
{
	const struct chancery_party *p = party_of(c, party_id);
	char a[64], b[64];
	if (!p || e->date.form == CHANCERY_DATE_NONE)
		return;
	if (p->from.form && chancery_date_before(&e->date, &p->from) == CHANCERY_YES) {
		date_text(&e->date, a, sizeof(a));
		date_text(&p->from, b, sizeof(b));
		report_on(c, CHANCERY_ERROR, &e->loc, owner, "dated %s, before '%s' existed (from %s)", a, p->id, b);
	}
	if (p->to.form && chancery_date_before(&p->to, &e->date) == CHANCERY_YES) {
		date_text(&e->date, a, sizeof(a));
		date_text(&p->to, b, sizeof(b));
		report_on(c, CHANCERY_ERROR, &e->loc, owner, "dated %s, after '%s' ceased to exist (to %s)", a, p->id, b);
	}
}

struct appointment {
	uintptr_t person, sender, receiver;
	uint32_t event;
};

static int cmp_appointment(const void *x, const void *y)
{
	const struct appointment *a = x, *b = y;
	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	if (a->sender != b->sender)
		return a->sender < b->sender ? -1 : 1;
	if (a->receiver != b->receiver)
		return a->receiver < b->receiver ? -1 : 1;
	return a->event < b->event ? -1 : a->event > b->event;
}

/* The first appointment of the person by sender to receiver, or NULL. */
static const struct chancery_event *find_appointment(const struct checker *c,
						     const struct chancery_event *e)
{
	struct appointment key = { (uintptr_t)e->person, (uintptr_t)e->actor,
				   (uintptr_t)e->target, 0 };
	size_t lo = 0, hi = c->n_appointments;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_appointment(&c->appointments[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n_appointments && c->appointments[lo].person == key.person &&
	    c->appointments[lo].sender == key.sender && c->appointments[lo].receiver == key.receiver)
		return &c->r->events[c->appointments[lo].event];
	return NULL;
}

static int is_relations_kind(enum chancery_event_kind k)
{
	return k >= CHANCERY_EV_ESTABLISH_RELATIONS && k <= CHANCERY_EV_RESTORE_RELATIONS;
}

static void build_indexes(struct checker *c)
{
	for (size_t i = 0; i < c->r->n_events; i++) {
		const struct chancery_event *e = &c->r->events[i];
		if (e->kind != CHANCERY_EV_APPOINT_ENVOY)
			continue;
		ALLOC_GROW(c->appointments, c->n_appointments + 1, c->alloc_appointments);
		c->appointments[c->n_appointments++] = (struct appointment){
			(uintptr_t)e->person, (uintptr_t)e->actor, (uintptr_t)e->target, (uint32_t)i
		};
	}
	if (c->n_appointments > 1)
		qsort(c->appointments, c->n_appointments, sizeof(*c->appointments), cmp_appointment);
}

/* Treaty steps in order: a ratification (approval, acceptance,
 * notification) not before the party's signature. */
static void check_treaty_action(struct checker *c, const struct chancery_event *e,
				const struct owner *owner)
{
	size_t ti;
	const struct chancery_treaty *t;
	const struct treaty_signs *ts;
	const struct chancery_event *sign;
	long slot = -1;
	char a[64], b[64];

	if (chancery_registry_lookup(c->r, e->treaty, &ti) != CHANCERY_ENT_TREATY)
		return;
	t = &c->r->treaties[ti];
	if (e->kind == CHANCERY_EV_RATIFY_STEP) {
		/* a step may be taken by an organ of a party (a chamber) */
		long root = snapshot_party_root(c->r, e->actor);
		int member = 0;
		for (uint32_t i = 0; i < t->parties.n && root >= 0; i++)
			member |= snapshot_party_root(c->r, t->parties.v[i]) == root;
		if (root >= 0 && !member)
			report_on(c, CHANCERY_ERROR, &e->loc, owner,
				  "'%s' is neither a party to treaty '%s' nor an organ of one",
				  e->actor, t->id);
		return;
	}
	ts = signs_of(c, ti);
	if (e->actor)
		slot = idset_find(&ts->parties, e->actor);
	if (e->actor && party_of(c, e->actor) && slot < 0)
		report_on(c, CHANCERY_ERROR, &e->loc, owner, "'%s' is not a party to treaty '%s'",
		       e->actor, t->id);
	if (e->kind != CHANCERY_EV_RATIFY && e->kind != CHANCERY_EV_APPROVE &&
	    e->kind != CHANCERY_EV_ACCEPT && e->kind != CHANCERY_EV_NOTIFY)
		return;
	/* the party's own signature wins over the common one */
	sign = slot >= 0 && ts->own[slot] ? ts->own[slot] : ts->common;
	if (sign && chancery_date_before(&e->date, &sign->date) == CHANCERY_YES) {
		date_text(&e->date, a, sizeof(a));
		date_text(&sign->date, b, sizeof(b));
		report_on(c, CHANCERY_ERROR, &e->loc, owner, "%s by '%s' on %s is before the signature on %s", kinds[e->kind].name, e->actor ? e->actor : "?", a, b);
	}
}

static void check_envoy(struct checker *c, const struct chancery_event *e, const struct owner *owner)
{
	char a[64], b[64];
	const struct chancery_event *appt;
	long sender, receiver;
	if (e->kind != CHANCERY_EV_PRESENT_CREDENTIALS && e->kind != CHANCERY_EV_END_ENVOY)
		return;
	if (!(appt = find_appointment(c, e)))
		return;
	if (chancery_date_before(&e->date, &appt->date) == CHANCERY_YES) {
		date_text(&e->date, a, sizeof(a));
		date_text(&appt->date, b, sizeof(b));
		report_on(c, CHANCERY_ERROR, &e->loc, owner, "%s on %s is before the appointment on %s (%s)",
		       e->kind == CHANCERY_EV_PRESENT_CREDENTIALS ? "credentials presented"
								  : "mission ended",
		       a, b, appt->id);
	}
	if (e->kind != CHANCERY_EV_PRESENT_CREDENTIALS)
		return;
	/* Accredited while relations were severed or suspended? The last
	 * relations event definitely before the credentials decides; the
	 * snapshot's dyad index holds the pair's events in order. */
	sender = snapshot_party_root(c->r, e->actor);
	receiver = snapshot_party_root(c->r, e->target);
	if (sender >= 0 && receiver >= 0) {
		const struct dyad_entry *begin, *end;
		const struct chancery_event *last = NULL;
		snapshot_dyad_events(c->r, (uint32_t)sender, (uint32_t)receiver, &begin, &end);
		for (const struct dyad_entry *d = begin; d < end; d++) {
			const struct chancery_event *x = &c->r->events[d->event];
			if (is_relations_kind(x->kind) && x->target &&
			    chancery_date_before(&x->date, &e->date) == CHANCERY_YES)
				last = x;
		}
		if (last && (last->kind == CHANCERY_EV_SEVER_RELATIONS ||
			     last->kind == CHANCERY_EV_SUSPEND_RELATIONS)) {
			date_text(&last->date, b, sizeof(b));
			report_on(c, CHANCERY_WARNING, &e->loc, owner,
			       "credentials presented while relations between '%s' and '%s' were %s (since %s, %s)", e->actor, e->target,
			       last->kind == CHANCERY_EV_SEVER_RELATIONS ? "severed" : "suspended", b,
			       last->id);
		}
	}
}

/* A withdrawal of recognition with no event before it that gives the
 * recognition (a recognition, a reaffirmation, a switch to it, or
 * relations, which imply it): the registry lacks a fact, and the as-of
 * answers read a recognition of unknown date into the withdrawal. */
static void check_withdrawal(struct checker *c, const struct chancery_event *e,
			     const struct owner *owner)
{
	long by = snapshot_party_root(c->r, e->actor), of = snapshot_party_root(c->r, e->target);
	const struct dyad_entry *begin, *end;
	if (e->kind != CHANCERY_EV_WITHDRAW_RECOGNITION || by < 0 || of < 0 || by == of)
		return;
	snapshot_dyad_events(c->r, (uint32_t)by, (uint32_t)of, &begin, &end);
	for (const struct dyad_entry *d = begin; d < end; d++) {
		const struct chancery_event *x = &c->r->events[d->event];
		long xa = snapshot_party_root(c->r, x->actor), xt = snapshot_party_root(c->r, x->target);
		int gives = 0;
		switch (x->kind) {
		case CHANCERY_EV_RECOGNISE:
		case CHANCERY_EV_REAFFIRM_RECOGNITION:
		case CHANCERY_EV_SWITCH_RECOGNITION: gives = xa == by && xt == of; break;
		case CHANCERY_EV_ESTABLISH_RELATIONS:
		case CHANCERY_EV_RESTORE_RELATIONS:
			gives = (xa == by && xt == of) || (xa == of && xt == by);
			break;
		default: break;
		}
		if (gives && chancery_date_before(&e->date, &x->date) != CHANCERY_YES)
			return;
	}
	report_on(c, CHANCERY_WARNING, &e->loc, owner,
		  "withdraws a recognition that is not recorded; a recognition before it is "
		  "implied, on an unknown date");
}

static void check_events(struct checker *c)
{
	for (size_t i = 0; i < c->r->n_events; i++) {
		const struct chancery_event *e = &c->r->events[i];
		const struct kind_info *k = &kinds[e->kind];
		const struct owner owner_ = { k->treaty ? "action" : "event", e->id }, *owner = &owner_;

		ref_ok(c, &e->loc, owner, "its arguments", e->actor, CHANCERY_ENT_PARTY);
		ref_ok(c, &e->loc, owner, "its arguments", e->target, CHANCERY_ENT_PARTY);
		ref_ok(c, &e->loc, owner, "its arguments", e->person, CHANCERY_ENT_PERSON);
		ref_ok(c, &e->loc, owner, "by=", e->by, CHANCERY_ENT_PERSON);
		ref_ok(c, &e->loc, owner, e->kind == CHANCERY_EV_MOTION ? "addressee=" : "to=", e->to,
		       CHANCERY_ENT_PERSON);
		ref_ok(c, &e->loc, owner, "from=", e->from_party, CHANCERY_ENT_PARTY);
		ref_ok(c, &e->loc, owner, "about=", e->about, CHANCERY_ENT_EVENT);
		refs_ok(c, &e->loc, owner, "subject=", &e->subject, CHANCERY_ENT_PARTY);
		refs_ok(c, &e->loc, owner, "persons=", &e->persons, CHANCERY_ENT_PERSON);
		refs_ok(c, &e->loc, owner, "source=", &e->sources, CHANCERY_ENT_SOURCE);
		if (e->actor && e->target && !strcmp(e->actor, e->target))
			report_on(c, CHANCERY_ERROR, &e->loc, owner, "names '%s' on both sides",
			       e->actor);

		check_existence(c, e, owner, e->actor);
		check_existence(c, e, owner, e->target);
		if (e->treaty)
			check_treaty_action(c, e, owner);
		check_envoy(c, e, owner);
		check_withdrawal(c, e, owner);

		if (e->about) {
			size_t j;
			if (chancery_registry_lookup(c->r, e->about, &j) == CHANCERY_ENT_EVENT &&
			    chancery_date_before(&e->date, &c->r->events[j].date) == CHANCERY_YES)
				report_on(c, CHANCERY_ERROR, &e->loc, owner,
				       "dated before the event it is about ('%s')", e->about);
		}
		if (!e->sources.n) {
			/* A treaty action may rest on its treaty's sources. */
			size_t ti;
			int covered = e->treaty &&
				      chancery_registry_lookup(c->r, e->treaty, &ti) ==
					      CHANCERY_ENT_TREATY &&
				      c->r->treaties[ti].sources.n;
			if (!covered)
				report_on(c, CHANCERY_WARNING, &e->loc, owner, "cites no source");
		}
	}
}

/* Diagnostics in file and line order, as a reader goes through the file;
 * one line's messages keep the order they were found in (the sort carries
 * each message's position, since qsort is not stable). */
struct numbered_diag {
	struct chancery_diag d;
	size_t seq;
};

static int cmp_diag(const void *x, const void *y)
{
	const struct numbered_diag *a = x, *b = y;
	int c = strcmp(a->d.file ? a->d.file : "", b->d.file ? b->d.file : "");
	if (c)
		return c;
	if (a->d.line != b->d.line)
		return a->d.line < b->d.line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void sort_diags(struct chancery_diags *d, size_t first)
{
	size_t n = d->n - first;
	struct numbered_diag *v;
	if (n < 2)
		return;
	v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		v[i].d = d->v[first + i];
		v[i].seq = i;
	}
	qsort(v, n, sizeof(*v), cmp_diag);
	for (size_t i = 0; i < n; i++)
		d->v[first + i] = v[i].d;
	free(v);
}

int chancery_check(const chancery_registry *r, struct chancery_diags *diags)
{
	size_t first = diags->n;
	struct checker c = { 0 };
	size_t errors_before = diags->errors;
	c.r = r;
	c.d = diags;
	c.signs = xcalloc(r->n_treaties ? r->n_treaties : 1, sizeof(*c.signs));
	build_indexes(&c);
	check_parties(&c);
	check_treaties(&c);
	check_events(&c);
	check_assertions(r, diags);
	free(c.appointments);
	for (size_t i = 0; i < r->n_treaties; i++)
		if (c.signs[i].built) {
			idset_release(&c.signs[i].parties);
			free(c.signs[i].own);
		}
	free(c.signs);
	sort_diags(diags, first);
	return diags->errors > errors_before ? -CHANCERY_EINPUT : 0;
}
