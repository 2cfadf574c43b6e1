/* treaty.c: the status of a treaty on a day, derived from its actions and
 * rules (docs/queries.md, "Treaties"): when it entered into force, for the
 * treaty and for each party, the end of the current term, when each
 * denunciation takes effect, and the overall and per-party states, each
 * computed date with a one-line reason. */
#include "chancery.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/snapshot.h"
#include "query/span.h"
#include "query/treaty_status.h"
#include "query/treaty_term.h"
#include "query/treaty_text.h"
#include "base/strbuf.h"

#include "base/banned.h"

/* ---- The actions of a treaty ---------------------------------------------- */

struct party_acts {
	const struct chancery_event *sign, *consent, *provisional, *force, *denounce;
	const struct chancery_event **steps; /* ratify-step, in date order */
	uint32_t n_steps;
	/* the denunciation that ended the party's last spell, when it has
	 * acted again since (acceded again): the acts above are then only
	 * the current spell's */
	const struct chancery_event *ended;
};

struct treaty_acts {
	const struct chancery_event *sign, *exchange, *provisional, *force, *suspend, *terminate;
	/* the earliest entry into force for a party, and the earliest last
	 * day any party's may stand for: the treaty's own, when no rule
	 * and no entry into force of the treaty is recorded */
	const struct chancery_event *party_force;
	int32_t party_force_hi;
	struct party_acts *p; /* parallel to the treaty's parties */
	const struct chancery_event **extensions; /* extend actions that have happened */
	uint32_t n_extensions, n_maybe_extensions;
	int acted; /* some action has or may have happened by the day */
};

/* Of two actions of one kind, the one that counts: the later (actions
 * come in date order), except that a dated one is kept over an undated. */
static void keep_latest(const struct chancery_event **slot, const struct chancery_event *e)
{
	if (*slot && (*slot)->date.form != CHANCERY_DATE_NONE && e->date.form == CHANCERY_DATE_NONE)
		return;
	*slot = e;
}

/* Actions come in canonical order: the first dated one has the earliest
 * first day; the earliest last day is kept apart. */
static void first_party_force(struct treaty_acts *a, const struct chancery_event *e)
{
	if (e->date.form == CHANCERY_DATE_NONE)
		return;
	if (!a->party_force) {
		a->party_force = e;
		a->party_force_hi = e->date.hi;
	} else if (e->date.hi < a->party_force_hi) {
		a->party_force_hi = e->date.hi;
	}
}

/* A party that denounced and then acted again (acceded, ratified, or
 * entered into force for it again, after the denunciation's date) is in
 * a new spell: the denunciation ended the earlier one, and of its acts
 * only those after the denunciation are the current spell's. */
static void current_spell(struct party_acts *pa)
{
	const struct chancery_event *d = pa->denounce, **acts[4];
	uint32_t kept = 0;
	int again = 0;
	if (!d || d->date.form == CHANCERY_DATE_NONE)
		return;
	acts[0] = &pa->sign;
	acts[1] = &pa->consent;
	acts[2] = &pa->provisional;
	acts[3] = &pa->force;
	for (int i = 0; i < 4; i++)
		again |= *acts[i] && chancery_date_before(&d->date, &(*acts[i])->date) == CHANCERY_YES;
	if (!again)
		return;
	for (int i = 0; i < 4; i++)
		if (*acts[i] && chancery_date_before(&d->date, &(*acts[i])->date) != CHANCERY_YES)
			*acts[i] = NULL;
	for (uint32_t k = 0; k < pa->n_steps; k++)
		if (chancery_date_before(&d->date, &pa->steps[k]->date) == CHANCERY_YES)
			pa->steps[kept++] = pa->steps[k];
	pa->n_steps = kept;
	pa->ended = d;
	pa->denounce = NULL;
}

/* The actions of a treaty that have happened, or may have, by the day:
 * one that surely comes later is not known on the day and takes no part
 * in what the day's status says (issue 8: no date of a later
 * ratification in the answer about an earlier day). */
static void collect_acts(const chancery_registry *r, size_t index, int32_t day,
			 struct treaty_acts *a)
{
	const struct index_list *l = registry_treaty_actions(r, index);
	/* each action's party, looked up once for all days (snapshot.h) */
	const int32_t *slot = snapshot_action_slots(r, index);
	for (uint32_t k = 0; k < l->n; k++) {
		const struct chancery_event *e = chancery_registry_event(r, l->v[k]);
		struct party_acts *pa = NULL;
		if (k + 4 < l->n) { /* the actions are scattered: ask ahead (kind, date) */
			const char *next = (const char *)chancery_registry_event(r, l->v[k + 4]);
			__builtin_prefetch(next + 8);
			__builtin_prefetch(next + 47);
		}
		enum chancery_tri by = chancery_date_by(&e->date, day);
		if (by == CHANCERY_NO)
			continue;
		a->acted = 1;
		if (e->kind == CHANCERY_EV_RATIFY_STEP) {
			int32_t i = slot[k]; /* the party its organ acts for */
			if (i >= 0) {
				pa = &a->p[i];
				pa->steps = xrealloc(pa->steps, (pa->n_steps + 1) * sizeof(*pa->steps));
				pa->steps[pa->n_steps++] = e;
			}
			continue;
		}
		if (e->kind == CHANCERY_EV_EXTEND) {
			if (by == CHANCERY_YES) {
				a->extensions = xrealloc(a->extensions,
							 (a->n_extensions + 1) * sizeof(*a->extensions));
				a->extensions[a->n_extensions++] = e;
			} else {
				a->n_maybe_extensions++;
			}
			continue;
		}
		if (slot[k] == SNAPSHOT_NOT_A_PARTY)
			continue; /* chancery_check reports it */
		if (slot[k] >= 0)
			pa = &a->p[slot[k]]; /* else the treaty's own: no actor */
		switch (e->kind) {
		case CHANCERY_EV_SIGN:
			keep_latest(pa ? &pa->sign : &a->sign, e);
			break;
		case CHANCERY_EV_RATIFY:
		case CHANCERY_EV_ACCEDE:
		case CHANCERY_EV_APPROVE:
		case CHANCERY_EV_ACCEPT:
		case CHANCERY_EV_NOTIFY:
			if (pa)
				keep_latest(&pa->consent, e);
			break;
		case CHANCERY_EV_EXCHANGE:
			keep_latest(&a->exchange, e);
			break;
		case CHANCERY_EV_APPLY_PROVISIONALLY:
			keep_latest(pa ? &pa->provisional : &a->provisional, e);
			break;
		case CHANCERY_EV_ENTER_INTO_FORCE:
			keep_latest(pa ? &pa->force : &a->force, e);
			if (pa)
				first_party_force(a, e);
			break;
		case CHANCERY_EV_SUSPEND:
			if (!pa)
				keep_latest(&a->suspend, e);
			break;
		case CHANCERY_EV_DENOUNCE:
			if (pa)
				keep_latest(&pa->denounce, e);
			break;
		case CHANCERY_EV_TERMINATE:
			keep_latest(&a->terminate, e);
			break;
		default:
			break;
		}
	}
}

/* ---- Entry into force ------------------------------------------------------ */

/* The latest of one action per party (signatures or consents), as the
 * last-ratification and separate-signature rules need it: every party
 * must have one, and each must be dated. `what` names the action, `rule`
 * starts the reason. */
static struct xspan latest_of_parties(const struct chancery_treaty *t,
				      const struct chancery_event *const *ev, const char *what,
				      const char *rule, struct strbuf *why)
{
	struct xspan s = { CHANCERY_DAY_MIN, CHANCERY_DAY_MIN, SPAN_KNOWN };
	const struct chancery_event *last = NULL;
	uint32_t missing = 0, undated = 0;
	for (uint32_t i = 0; i < t->parties.n; i++) {
		if (!ev[i])
			missing++;
		else if (ev[i]->date.form == CHANCERY_DATE_NONE)
			undated++;
	}
	if (!t->parties.n) {
		treaty_add_str(why, "unknown: no parties recorded");
		return span_missing();
	}
	if (missing || undated) {
		int first = 1;
		treaty_add_str(why, missing ? "unknown: no " : "unknown: the ");
		treaty_add_str(why, what);
		treaty_add_str(why, " by ");
		for (uint32_t i = 0; i < t->parties.n; i++) {
			if (missing ? ev[i] != NULL : ev[i]->date.form != CHANCERY_DATE_NONE)
				continue;
			treaty_add_str(why, first ? "'" : ", '");
			treaty_add_str(why, t->parties.v[i]);
			strbuf_addch(why, '\'');
			first = 0;
		}
		treaty_add_str(why, missing ? " recorded" : (undated > 1 ? " have no date" : " has no date"));
		if (missing)
			return span_missing();
	}
	for (uint32_t i = 0; i < t->parties.n; i++) {
		struct xspan e;
		if (!ev[i])
			continue;
		e = span_of_date(&ev[i]->date);
		if (e.lo > s.lo)
			s.lo = e.lo;
		if (e.hi > s.hi)
			s.hi = e.hi;
		if (e.kind == SPAN_KNOWN &&
		    (!last || e.hi > last->date.hi || (e.hi == last->date.hi && e.lo > last->date.lo)))
			last = ev[i];
	}
	if (undated) {
		s.kind = SPAN_UNDATED;
		return s;
	}
	treaty_add_str(why, rule);
	treaty_add_event(why, last);
	return s;
}

static int cmp_consent(const void *x, const void *y)
{
	const struct chancery_event *a = *(const struct chancery_event *const *)x;
	const struct chancery_event *b = *(const struct chancery_event *const *)y;
	int c = chancery_date_cmp(&a->date, &b->date);
	return c ? c : strcmp(a->id, b->id);
}

static int cmp_i32(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return (a > b) - (a < b);
}

/* The K-th instrument (nth-ratification), before `after` is added. */
static struct xspan kth_consent(const struct chancery_treaty *t, const struct treaty_acts *a,
				struct strbuf *why)
{
	uint32_t n = 0, dated = 0, k = (uint32_t)(t->force_n > 0 ? t->force_n : 1);
	const struct chancery_event **ev;
	int32_t *lo, *hi, lo_small[32], hi_small[32];
	const struct chancery_event *ev_small[32];
	struct xspan s = span_missing();
	for (uint32_t i = 0; i < t->parties.n; i++)
		if (a->p[i].consent) {
			n++;
			dated += a->p[i].consent->date.form != CHANCERY_DATE_NONE;
		}
	if (n < k) {
		treaty_add_str(why, "unknown: ");
		treaty_add_int(why, n);
		treaty_add_str(why, " of the ");
		treaty_add_int(why, k);
		treaty_add_str(why, n == 1 ? " ratifications needed is recorded"
					  : " ratifications needed are recorded");
		return s;
	}
	/* on the stack for up to 32, as most treaties' parties are */
	ev = n <= 32 ? ev_small : xcalloc(n, sizeof(*ev));
	lo = n <= 32 ? lo_small : xcalloc(n, sizeof(*lo));
	hi = n <= 32 ? hi_small : xcalloc(n, sizeof(*hi));
	n = 0;
	for (uint32_t i = 0; i < t->parties.n; i++)
		if (a->p[i].consent) {
			struct xspan e = span_of_date(&a->p[i].consent->date);
			ev[n] = a->p[i].consent;
			lo[n] = e.lo;
			hi[n] = e.hi;
			n++;
		}
	/* a few by insertion, not through qsort's function pointer (the
	 * same order: the comparisons are total) */
	for (uint32_t i = 1, j; i < n && n <= 32; i++) {
		const struct chancery_event *x = ev[i];
		int32_t xl = lo[i], xh = hi[i];
		for (j = i; j > 0 && cmp_consent(&ev[j - 1], &x) > 0; j--)
			ev[j] = ev[j - 1];
		ev[j] = x;
		for (j = i; j > 0 && lo[j - 1] > xl; j--)
			lo[j] = lo[j - 1];
		lo[j] = xl;
		for (j = i; j > 0 && hi[j - 1] > xh; j--)
			hi[j] = hi[j - 1];
		hi[j] = xh;
	}
	if (n > 32) {
		qsort(ev, n, sizeof(*ev), cmp_consent);
		qsort(lo, n, sizeof(*lo), cmp_i32);
		qsort(hi, n, sizeof(*hi), cmp_i32);
	}
	/* The K-th instrument falls between the K-th earliest possible day
	 * and the K-th latest possible one; an undated instrument may be any
	 * of them, and only leaves the answer open if it opens an end. */
	s.lo = lo[k - 1];
	s.hi = hi[k - 1];
	s.kind = SPAN_KNOWN;
	if (s.hi == CHANCERY_DAY_MAX) {
		s.kind = SPAN_UNDATED;
		strbuf_addf(why, "unknown: only %u of the %u ratifications needed %s dated", dated, k,
			    dated == 1 ? "is" : "are");
	} else if (s.lo == CHANCERY_DAY_MIN) {
		s.kind = SPAN_UNDATED;
		strbuf_addf(why, "unknown: %u undated ratifications may be among the first %u",
			    n - dated, k);
	} else {
		treaty_add_ordinal(why, (int32_t)k);
		treaty_add_str(why, " ratification: ");
		treaty_add_event(why, ev[k - 1]);
		if (dated < n)
			treaty_add_str(why, " (an undated instrument may come earlier)");
	}
	if (ev != ev_small) {
		free(ev);
		free(lo);
		free(hi);
	}
	return s;
}

/* The date the rule gives, before a recorded entry into force is looked at. */
static struct xspan computed_force(const struct chancery_treaty *t, const struct treaty_acts *a,
				   struct strbuf *why)
{
	/* one action per party: on the stack for up to 32 parties */
	const struct chancery_event *ev_small[32] = { NULL }, **ev = ev_small;
	struct xspan s;
	switch (t->force) {
	case CHANCERY_FORCE_ON_SIGNATURE:
		if (a->sign) {
			s = span_of_date(&a->sign->date);
			if (s.kind == SPAN_UNDATED) {
				strbuf_addf(why, "unknown: the signature %s has no date", a->sign->id);
				return s;
			}
			treaty_add_str(why, "on signature: ");
			treaty_add_event(why, a->sign);
			return s;
		}
		if (t->parties.n > 32)
			ev = xmalloc(t->parties.n * sizeof(*ev));
		for (uint32_t i = 0; i < t->parties.n; i++)
			ev[i] = a->p[i].sign;
		s = latest_of_parties(t, ev, "signature", "last signature: ", why);
		if (ev != ev_small)
			free(ev);
		return s;
	case CHANCERY_FORCE_LAST_RATIFICATION:
		if (t->parties.n > 32)
			ev = xmalloc(t->parties.n * sizeof(*ev));
		for (uint32_t i = 0; i < t->parties.n; i++)
			ev[i] = a->p[i].consent;
		s = latest_of_parties(t, ev, "ratification", "last ratification: ", why);
		if (ev != ev_small)
			free(ev);
		if (s.kind == SPAN_KNOWN)
			treaty_add_after(why, t->force_after);
		return span_add(s, t->force_after);
	case CHANCERY_FORCE_EXCHANGE:
		if (!a->exchange) {
			treaty_add_str(why, "unknown: no exchange of instruments recorded");
			return span_missing();
		}
		s = span_of_date(&a->exchange->date);
		if (s.kind == SPAN_UNDATED) {
			strbuf_addf(why, "unknown: the exchange of instruments %s has no date",
				    a->exchange->id);
		} else {
			treaty_add_str(why, "exchange of instruments: ");
			treaty_add_event(why, a->exchange);
			treaty_add_after(why, t->force_after);
		}
		return span_add(s, t->force_after);
	case CHANCERY_FORCE_NTH_RATIFICATION:
		s = kth_consent(t, a, why);
		if (s.kind == SPAN_KNOWN)
			treaty_add_after(why, t->force_after);
		return span_add(s, t->force_after);
	case CHANCERY_FORCE_DATE: {
		char buf[64];
		s = span_of_date(&t->force_date);
		chancery_date_format(&t->force_date, buf, sizeof buf);
		if (s.kind == SPAN_UNDATED)
			treaty_add_str(why, "unknown: the date fixed in the text is not known");
		else
			strbuf_addf(why, "date fixed in the text: %s", buf);
		return s;
	}
	case CHANCERY_FORCE_UNKNOWN:
	default:
		if (a->party_force) {
			/* A party's entry into force is the treaty's: it is in
			 * force from the first such day. */
			s.lo = a->party_force->date.lo;
			s.hi = a->party_force_hi;
			s.kind = SPAN_KNOWN;
			treaty_add_str(why, "earliest entry into force for a party: ");
			treaty_add_event(why, a->party_force);
			return s;
		}
		treaty_add_str(why, "unknown: no entry-into-force rule recorded");
		return span_missing();
	}
}

/* The treaty's entry into force: a recorded enter-into-force (with no
 * party) wins over the rule, unless it has no date and the rule gives one. */
static struct xspan treaty_force(const struct chancery_treaty *t, const struct treaty_acts *a,
				 struct strbuf *why)
{
	struct strbuf rule = STRBUF_INIT;
	struct xspan c;
	if (!a->force)
		return computed_force(t, a, why);
	if (a->force->date.form != CHANCERY_DATE_NONE) {
		treaty_add_str(why, "recorded: ");
		treaty_add_event(why, a->force);
		return span_of_date(&a->force->date);
	}
	c = computed_force(t, a, &rule);
	if (c.kind == SPAN_KNOWN) {
		strbuf_addf(why, "%s (the recorded %s has no date)", rule.buf, a->force->id);
		strbuf_release(&rule);
		return c;
	}
	strbuf_release(&rule);
	strbuf_addf(why, "unknown: the recorded entry into force %s has no date", a->force->id);
	c = span_of_date(&a->force->date);
	return c;
}

/* A party of a treaty of many parties and no rule, with no entry into
 * force of its own recorded, once the treaty is in force (tf): bound
 * from it if its consent came first (a treaty enters into force for the
 * states that have consented); a later consent says nothing of when the
 * treaty entered into force for it (the text may add a delay), and no
 * consent means it is not bound. */
static struct xspan party_force_no_rule(const struct party_acts *pa, const char *party,
					struct xspan tf, int *as_treaty, struct strbuf *why)
{
	struct xspan c;
	if (!pa->consent) {
		treaty_add_str(why, "unknown: no entry into force for '");
		treaty_add_str(why, party);
		treaty_add_str(why, "' and no consent recorded");
		return span_missing();
	}
	c = span_of_date(&pa->consent->date);
	if (c.kind == SPAN_KNOWN && c.hi <= tf.lo) {
		*as_treaty = 1;
		return tf;
	}
	treaty_add_str(why, "unknown: no entry into force recorded for '");
	treaty_add_str(why, party);
	treaty_add_str(why, "', whose consent ");
	treaty_add_event(why, pa->consent);
	treaty_add_str(why, c.kind == SPAN_KNOWN && c.lo > tf.hi ? " came after the treaty's"
								: " may have come after the treaty's");
	return span_missing();
}

/* A party's entry into force, given the treaty's (tf, with its reason). */
/* Where the party's reason is the treaty's, it sets *as_treaty and writes
 * nothing: the caller shares the treaty's text. */
static struct xspan party_force(const struct chancery_treaty *t, const struct party_acts *pa,
				const char *party, struct xspan tf, int *as_treaty,
				struct strbuf *why)
{
	struct xspan c, s;
	if (pa->force && pa->force->date.form != CHANCERY_DATE_NONE) {
		treaty_add_str(why, "recorded: ");
		treaty_add_event(why, pa->force);
		return span_of_date(&pa->force->date);
	}
	if (t->force == CHANCERY_FORCE_UNKNOWN && t->parties.n > 2 && tf.kind != SPAN_MISSING)
		return party_force_no_rule(pa, party, tf, as_treaty, why);
	if (t->force != CHANCERY_FORCE_NTH_RATIFICATION || tf.kind == SPAN_MISSING) {
		*as_treaty = 1;
		return tf;
	}
	/* Council of Europe practice: a party's instrument no later than the
	 * K-th takes the treaty's date; a later one its own date + after.
	 * Both at once: the later of the two. */
	if (!pa->consent) {
		treaty_add_str(why, "unknown: no ratification by '");
		treaty_add_str(why, party);
		treaty_add_str(why, "' recorded");
		return span_missing();
	}
	c = span_add(span_of_date(&pa->consent->date), t->force_after);
	s = tf;
	if (c.lo > s.lo)
		s.lo = c.lo;
	if (c.hi > s.hi)
		s.hi = c.hi;
	if (c.kind != SPAN_KNOWN)
		s.kind = c.kind;
	if (c.kind == SPAN_UNDATED) {
		treaty_add_str(why, "unknown: the ratification by '");
		treaty_add_str(why, party);
		treaty_add_str(why, "' has no date");
	} else if (s.lo == tf.lo && s.hi == tf.hi) {
		*as_treaty = 1;
	} else {
		if (s.lo == c.lo && s.hi == c.hi)
			treaty_add_str(why, "own ratification after the ");
		else
			treaty_add_str(why, "the later of the treaty's entry into force and own "
					   "ratification after the ");
		treaty_add_ordinal(why, t->force_n);
		treaty_add_str(why, ": ");
		treaty_add_event(why, pa->consent);
		treaty_add_after(why, t->force_after);
	}
	return s;
}

/* When a party's denunciation takes effect: its recorded effect=, else
 * its date + the notice period; of a treaty that never entered into
 * force, its date (no notice runs: nothing in force is ended). With
 * neither a notice nor effect=, on an unknown day from its date on: the
 * answer is uncertain from then (docs/queries.md, "Treaties"). Adds
 * "; denunciation ..." to why. */
static struct xspan denunciation_effect(const struct chancery_treaty *t,
					const struct chancery_event *e, int never_in_force,
					struct strbuf *why)
{
	struct xspan s;
	char buf[64];
	if (!e)
		return span_missing();
	treaty_add_str(why, "; denunciation: ");
	treaty_add_event(why, e);
	if (e->effect.form != CHANCERY_DATE_NONE) {
		chancery_date_format(&e->effect, buf, sizeof buf);
		strbuf_addf(why, ", effect recorded on %s", buf);
		return span_of_date(&e->effect);
	}
	s = span_of_date(&e->date);
	if (never_in_force && s.kind == SPAN_KNOWN) {
		treaty_add_str(why, ", effect on its date: the treaty was not in force");
		return s;
	}
	if (!t->notice.n) {
		if (s.kind == SPAN_KNOWN) {
			s.hi = CHANCERY_DAY_MAX;
			treaty_add_str(why, ", effect on an unknown day from its date: no notice "
					   "period recorded");
		} else {
			treaty_add_str(why, ", effect unknown: no notice period recorded");
		}
		return s;
	}
	if (s.kind == SPAN_UNDATED)
		treaty_add_str(why, ", effect unknown");
	else
		treaty_add_after(why, t->notice);
	return span_add(s, t->notice);
}

/* A bilateral treaty whose entry into force needs both parties'
 * instruments (exchanged, or the last of the two ratifications), which
 * one party denounced before that came: it can no longer enter into
 * force. A treaty office says so rather than "unknown". Returns the
 * denunciation, and writes the reason over the treaty's. */
static const struct chancery_event *never_in_force(const struct chancery_treaty *t,
						   const struct treaty_acts *a, struct xspan tf,
						   int32_t day, struct strbuf *why)
{
	const struct chancery_event *d = NULL;
	uint32_t by = 0;
	char date[64];
	if (t->parties.n != 2 || a->force || tf.kind != SPAN_MISSING || a->party_force ||
	    (t->force != CHANCERY_FORCE_EXCHANGE && t->force != CHANCERY_FORCE_LAST_RATIFICATION))
		return NULL;
	for (uint32_t i = 0; i < 2; i++) {
		const struct chancery_event *e = a->p[i].denounce;
		if (e && event_by(e, day) == CHANCERY_YES && (!d || e->date.hi < d->date.hi)) {
			d = e;
			by = i;
		}
	}
	if (!d)
		return NULL;
	strbuf_reset(why);
	treaty_add_str(why, "never entered into force: denounced by ");
	treaty_add_str(why, t->parties.v[by]);
	treaty_add_str(why, " on ");
	chancery_date_format(&d->date, date, sizeof date);
	treaty_add_str(why, date);
	treaty_add_str(why, t->force == CHANCERY_FORCE_EXCHANGE ? " before any exchange"
							    : " before the last ratification");
	return d;
}

/* ---- States ----------------------------------------------------------------- */

/* The first state whose test is YES; uncertain when a test before it is
 * UNCERTAIN (the dates allow that state too). */
static int first_state(const enum chancery_tri *tests, const int *states, size_t n, int fallback,
		       uint8_t *uncertain)
{
	*uncertain = 0;
	for (size_t i = 0; i < n; i++) {
		if (tests[i] == CHANCERY_YES)
			return states[i];
		if (tests[i] == CHANCERY_UNCERTAIN)
			*uncertain = 1;
	}
	return fallback;
}

/* Has the party signed by day? A signature precedes the acts that follow
 * it, so an undated one has happened once any of them has: its own for
 * the party's own signature, anyone's for the common one. */
static enum chancery_tri signed_by(const struct chancery_treaty *t, const struct treaty_acts *a,
				   uint32_t i, int32_t day)
{
	const struct party_acts *pa = &a->p[i];
	const struct chancery_event *sig = pa->sign ? pa->sign : a->sign;
	enum chancery_tri v;
	uint32_t from = pa->sign ? i : 0, to = pa->sign ? i + 1 : t->parties.n;
	if (!sig)
		return CHANCERY_NO;
	v = event_by(sig, day);
	for (uint32_t k = from; k < to && v != CHANCERY_YES; k++) {
		const struct party_acts *q = &a->p[k];
		v = tri_or(v, tri_or(event_by(q->consent, day), event_by(q->provisional, day)));
		v = tri_or(v, tri_or(event_by(q->force, day), event_by(q->denounce, day)));
	}
	if (!pa->sign && v != CHANCERY_YES) {
		/* Common signature: the treaty-wide acts follow it too. */
		v = tri_or(v, tri_or(event_by(a->exchange, day), event_by(a->provisional, day)));
		v = tri_or(v, event_by(a->force, day));
	}
	return v;
}

/* Has the term run out by day (a term without renewal)? */
static enum chancery_tri expired_by(const struct chancery_treaty *t, struct xspan end, int32_t day)
{
	if (end.kind != SPAN_KNOWN || t->renew.n || !t->term.n)
		return CHANCERY_NO;
	/* expired on the day after the last day in force */
	if (end.hi < day)
		return CHANCERY_YES;
	if (end.lo >= day)
		return CHANCERY_NO;
	return CHANCERY_UNCERTAIN;
}

void treaty_scratch_release(struct treaty_scratch *sc)
{
	strbuf_release(&sc->fwhy);
	strbuf_release(&sc->why);
	free(sc->p);
	free(sc->parties);
	free(sc->reason_at);
	sc->p = NULL;
	sc->parties = NULL;
	sc->reason_at = NULL;
	sc->alloc = 0;
}

int chancery_treaty_status(const chancery_registry *r, size_t index, int32_t day,
			   struct chancery_treaty_status **out)
{
	return treaty_status_reusing(r, index, day, NULL, out);
}

/* sc NULL: nothing kept (space of its own, freed before it returns). */
int treaty_status_reusing(const chancery_registry *r, size_t index, int32_t day,
			  struct treaty_scratch *sc, struct chancery_treaty_status **out)
{
	const struct chancery_treaty *t;
	struct treaty_acts a;
	struct chancery_treaty_status *st;
	/* The reasons are written into two buffers (the treaty's entry
	 * into force, which the parties' reasons often repeat; the rest one
	 * after the other) and the whole status is then one allocation: a
	 * dyad's status derives every treaty the two share, and the
	 * allocations were much of its time. */
	struct strbuf fwhy = STRBUF_INIT, why = STRBUF_INIT;
	struct party_acts p_small[8];
	struct chancery_party_treaty_status ps_small[8], *parties;
	struct chancery_treaty_status head;
	size_t *reason_at, at_small[8], n_steps = 0;
	struct xspan tf, tend;
	const struct chancery_event **steps;
	char *text;
	enum chancery_tri ratified = CHANCERY_NO, sig = CHANCERY_NO, denounced = CHANCERY_NO,
			  all_ratified = CHANCERY_NO, provisional;
	uint32_t n;
	int never;

	if (!out)
		return -CHANCERY_EINPUT;
	*out = NULL;
	if (!r || index >= chancery_registry_treaty_count(r))
		return -CHANCERY_ENOTFOUND;
	t = chancery_registry_treaty(r, index);
	n = t->parties.n;

	memset(&a, 0, sizeof a);
	memset(&head, 0, sizeof head);
	if (sc) {
		/* the buffers of the last call, emptied (moved back at the end) */
		fwhy = sc->fwhy;
		why = sc->why;
		strbuf_reset(&fwhy);
		strbuf_reset(&why);
	}
	if (n <= 8) {
		memset(p_small, 0, sizeof p_small);
		memset(ps_small, 0, sizeof ps_small);
		a.p = p_small;
		parties = ps_small;
		reason_at = at_small;
	} else if (sc) {
		if (sc->alloc < n) {
			free(sc->p);
			free(sc->parties);
			free(sc->reason_at);
			sc->alloc = n;
			sc->p = xmalloc(n * sizeof(*sc->p));
			sc->parties = xmalloc(n * sizeof(*sc->parties));
			sc->reason_at = xmalloc(n * sizeof(*sc->reason_at));
		}
		a.p = memset(sc->p, 0, n * sizeof(*a.p));
		parties = memset(sc->parties, 0, n * sizeof(*parties));
		reason_at = sc->reason_at;
	} else {
		a.p = xcalloc(n, sizeof(*a.p));
		parties = xcalloc(n, sizeof(*parties));
		reason_at = xmalloc(n * sizeof(*reason_at));
	}
	collect_acts(r, index, day, &a);
	for (uint32_t i = 0; i < n; i++) {
		current_spell(&a.p[i]);
		n_steps += a.p[i].n_steps;
	}

	st = &head;
	st->treaty = t;
	st->on = day;
	st->acted = (uint8_t)a.acted;
	st->n_extensions = a.n_extensions;
	st->n_parties = n;
	tf = treaty_force(t, &a, &fwhy);
	never = never_in_force(t, &a, tf, day, &fwhy) != NULL;
	st->in_force_from = span_out(tf);
	if (never) {
		treaty_add_str(&why, "never entered into force");
		tend = span_missing();
	} else {
		tend = treaty_term_end(t, a.extensions, a.n_extensions, a.n_maybe_extensions, tf,
				       day, &why);
	}
	st->term_end = span_out(tend);
	strbuf_addch(&why, '\0'); /* the term's reason starts the text */

	provisional = event_by(a.provisional, day);
	for (uint32_t i = 0; i < n; i++) {
		struct chancery_party_treaty_status *ps = &parties[i];
		const struct party_acts *pa = &a.p[i];
		enum chancery_tri psig, pprov, tests[5];
		struct xspan pf, pden;
		size_t at = why.len;
		int as_treaty = 0;
		static const int states[5] = { CHANCERY_PT_DENOUNCED, CHANCERY_PT_IN_FORCE,
					       CHANCERY_PT_PROVISIONAL, CHANCERY_PT_RATIFIED,
					       CHANCERY_PT_SIGNED };

		ps->party = t->parties.v[i];
		ps->n_steps = pa->n_steps;
		ps->signature = pa->sign ? pa->sign : a.sign;
		ps->consent = pa->consent;
		ps->denunciation = pa->denounce;
		pf = party_force(t, pa, ps->party, tf, &as_treaty, &why);
		if (as_treaty && (pa->denounce || pa->ended))
			strbuf_add(&why, fwhy.buf, fwhy.len); /* and then the denunciation */
		if (pa->ended) {
			treaty_add_str(&why, "; a party again after its denunciation ");
			treaty_add_event(&why, pa->ended);
		}
		pden = denunciation_effect(t, pa->denounce, never, &why);
		ps->in_force_from = span_out(pf);
		ps->denunciation_effect = span_out(pden);
		if ((as_treaty && !pa->denounce && !pa->ended) ||
		    (why.len - at == fwhy.len && !memcmp(why.buf + at, fwhy.buf, fwhy.len))) {
			/* the treaty's reason: one copy of the text serves both */
			strbuf_setlen(&why, at);
			reason_at[i] = SIZE_MAX;
		} else {
			strbuf_addch(&why, '\0');
			reason_at[i] = at;
		}

		psig = signed_by(t, &a, i, day);
		pprov = tri_or(event_by(pa->provisional, day), event_by(a.provisional, day));
		tests[0] = span_by(pden, day);
		tests[1] = span_by(pf, day);
		tests[2] = pprov;
		tests[3] = event_by(pa->consent, day);
		tests[4] = psig;
		ps->state = (enum chancery_party_treaty_state)first_state(
			tests, states, 5, CHANCERY_PT_NONE, &ps->uncertain);

		ratified = tri_or(ratified, tests[3]);
		all_ratified = i ? tri_and(all_ratified, tests[3]) : tests[3];
		sig = tri_or(sig, psig);
		provisional = tri_or(provisional, event_by(pa->provisional, day));
		denounced = tri_or(denounced, tests[0]);
	}
	if (!n)
		sig = event_by(a.sign, day);

	{
		/* Overall: the first that holds. A bilateral treaty ends when
		 * either party's denunciation takes effect. */
		static const int states[9] = {
			CHANCERY_TREATY_TERMINATED,	 CHANCERY_TREATY_DENOUNCED,
			CHANCERY_TREATY_EXPIRED,	 CHANCERY_TREATY_SUSPENDED,
			CHANCERY_TREATY_IN_FORCE,	 CHANCERY_TREATY_PROVISIONAL,
			CHANCERY_TREATY_RATIFIED_BY_ALL, CHANCERY_TREATY_RATIFIED_BY_SOME,
			CHANCERY_TREATY_SIGNED,
		};
		enum chancery_tri tests[9];
		tests[0] = event_by(a.terminate, day);
		tests[1] = n == 2 ? denounced : CHANCERY_NO;
		tests[2] = expired_by(t, tend, day);
		tests[3] = event_by(a.suspend, day);
		tests[4] = span_by(tf, day);
		tests[5] = provisional;
		/* every party's consent given, entry into force to come */
		tests[6] = n >= 2 ? all_ratified : CHANCERY_NO;
		tests[7] = ratified;
		tests[8] = sig;
		st->state = (enum chancery_treaty_state)first_state(
			tests, states, 9, CHANCERY_TREATY_NOT_SIGNED, &st->uncertain);
	}

	/* The status, its parties, their steps and the text in one block:
	 * the treaty's reason, then the term's and the parties' own. */
	st = xmalloc(sizeof(*st) + n * sizeof(*parties) + n_steps * sizeof(*steps) + fwhy.len +
		     1 + why.len);
	*st = head;
	st->parties = (struct chancery_party_treaty_status *)(st + 1);
	steps = (const struct chancery_event **)(st->parties + n);
	text = (char *)(steps + n_steps);
	memcpy(text, fwhy.buf, fwhy.len + 1);
	memcpy(text + fwhy.len + 1, why.buf, why.len);
	st->force_reason = text;
	st->term_reason = text + fwhy.len + 1;
	for (uint32_t i = 0; i < n; i++) {
		struct chancery_party_treaty_status *ps = &st->parties[i];
		*ps = parties[i];
		ps->reason = reason_at[i] == SIZE_MAX ? st->force_reason
						       : text + fwhy.len + 1 + reason_at[i];
		ps->steps = ps->n_steps ? steps : NULL;
		if (ps->n_steps)
			memcpy(steps, a.p[i].steps, ps->n_steps * sizeof(*steps));
		steps += ps->n_steps;
		free(a.p[i].steps);
	}
	if (a.p != p_small && !sc) {
		free(a.p);
		free(parties);
		free(reason_at);
	}
	free(a.extensions);
	if (sc) {
		sc->fwhy = fwhy;
		sc->why = why;
	} else {
		strbuf_release(&fwhy);
		strbuf_release(&why);
	}
	*out = st;
	return 0;
}

void chancery_treaty_status_free(struct chancery_treaty_status *s)
{
	if (!s)
		return;
	free(s); /* one block: chancery_treaty_status */
}

const char *chancery_treaty_state_name(enum chancery_treaty_state s)
{
	static const char *const names[] = {
		"not-signed", "signed",	   "ratified-by-some", "provisionally-applied", "in-force",
		"suspended",  "denounced", "terminated",       "expired",		"ratified-by-all",
	};
	return (unsigned)s < sizeof(names) / sizeof(*names) ? names[s] : NULL;
}

const char *chancery_party_treaty_state_word(const struct chancery_party_treaty_status *p)
{
	if (p->state == CHANCERY_PT_RATIFIED && p->consent)
		switch (p->consent->kind) {
		case CHANCERY_EV_ACCEDE: return "acceded";
		case CHANCERY_EV_APPROVE: return "approved";
		case CHANCERY_EV_ACCEPT: return "accepted";
		case CHANCERY_EV_NOTIFY: return "notified";
		default: break;
		}
	return chancery_party_treaty_state_name(p->state);
}

const char *chancery_party_treaty_state_name(enum chancery_party_treaty_state s)
{
	static const char *const names[] = {
		"none", "signed", "ratified", "provisionally-applied", "in-force", "denounced",
	};
	return (unsigned)s < sizeof(names) / sizeof(*names) ? names[s] : NULL;
}
