/* assert.c: assertions in the ledger, like the balance assertions of
 * plain-text accounting: "on 2009-06-01 Russia has an embassy in
 * Abkhazia open". The parser records them as data (struct assertion);
 * here each is answered with the same as-of queries as the command line,
 * and a mismatch is an error at the assertion's line. Called by
 * chancery_check. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/assert.h"
#include "model/vocab.h"
#include "query/snapshot.h"
#include "base/strbuf.h"
#include "base/banned.h"

static const char *fold_word(const char *chain, const struct chancery_fold *f)
{
	return f->uncertain ? "uncertain" : chancery_fold_state_name(chain, f, f->state);
}

/* No mission (envoy) of the sender's matches on the day: "none" where a
 * source covers it, else nothing is recorded. */
static const char *absence_word(const struct chancery_covered *c)
{
	return c->source ? "none" : "not-recorded";
}

__attribute__((format(printf, 3, 4))) static void fail(struct chancery_diags *d,
							 const struct assertion *a,
							 const char *fmt, ...)
{
	char day[64];
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	chancery_date_format(&a->date, day, sizeof(day));
	strbuf_addf(&msg, "assertion failed on %s: ", day);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	chancery_diags_add(d, CHANCERY_ERROR, a->loc.file, a->loc.line, a->loc.line ? 1 : 0, NULL,
			   "%s", msg.buf);
	strbuf_release(&msg);
}

static int parties_known(const chancery_registry *r, struct chancery_diags *d,
			 const struct assertion *a, int from, int to)
{
	for (int i = from; i < to; i++)
		if (snapshot_party_root(r, a->args[i]) < 0) {
			fail(d, a, "unknown party '%s'", a->args[i]);
			return 0;
		}
	return 1;
}

static void check_one(const chancery_registry *r, struct chancery_diags *d, const struct assertion *a)
{
	int32_t day = a->date.lo;
	struct chancery_dyad_status *s = NULL;
	const char *got = NULL;
	char count[32];

	if (!strcmp(a->what, "treaty")) {
		size_t t;
		struct chancery_treaty_status *ts;
		if (chancery_registry_lookup(r, a->args[0], &t) != CHANCERY_ENT_TREATY) {
			fail(d, a, "unknown treaty '%s'", a->args[0]);
			return;
		}
		if (chancery_treaty_status(r, t, day, &ts))
			return;
		got = ts->uncertain ? "uncertain" : chancery_treaty_state_name(ts->state);
		if (!strcmp(a->expected, "proposed") && ts->state == CHANCERY_TREATY_NOT_SIGNED &&
		    !ts->uncertain)
			got = "proposed"; /* the old name of not-signed */
		if (strcmp(got, a->expected))
			fail(d, a, "treaty is '%s', expected '%s'", got, a->expected);
		chancery_treaty_status_free(ts);
		return;
	}
	if (!strcmp(a->what, "recognitions")) {
		struct chancery_recognizer *v;
		size_t n, yes = 0;
		if (!parties_known(r, d, a, 0, 1))
			return;
		chancery_recognitions(r, a->args[0], day, &v, &n);
		for (size_t i = 0; i < n; i++)
			yes += chancery_fold_recognises(&v[i].fold) == CHANCERY_YES;
		chancery_recognizers_free(v, n);
		snprintf(count, sizeof(count), "%zu", yes);
		if (strcmp(count, a->expected))
			fail(d, a, "%s recognised by %zu part%s, expected %s", a->args[0], yes,
			     yes == 1 ? "y" : "ies", a->expected);
		return;
	}
	if (!strcmp(a->what, "envoy")) {
		size_t p;
		if (chancery_registry_lookup(r, a->args[0], &p) != CHANCERY_ENT_PERSON) {
			fail(d, a, "unknown person '%s'", a->args[0]);
			return;
		}
		if (!parties_known(r, d, a, 1, 3))
			return;
		chancery_dyad_status(r, a->args[1], a->args[2], day, &s);
		got = absence_word(&s->no_envoys[0]);
		for (size_t i = 0; i < s->n_envoys; i++)
			if (!strcmp(s->envoys[i].person, a->args[0]) &&
			    snapshot_party_root(r, s->envoys[i].sender) ==
				    snapshot_party_root(r, a->args[1]))
				got = fold_word("envoy", &s->envoys[i].fold);
		if (strcmp(got, a->expected))
			fail(d, a, "the envoy is '%s', expected '%s'", got, a->expected);
		chancery_dyad_status_free(s);
		return;
	}
	if (!parties_known(r, d, a, 0, 2))
		return;
	chancery_dyad_status(r, a->args[0], a->args[1], day, &s);
	if (!strcmp(a->what, "recognition")) {
		got = fold_word("recognition", &s->recognition[0]);
		if (strcmp(got, a->expected))
			fail(d, a, "recognition is '%s', expected '%s'", got, a->expected);
	} else if (!strcmp(a->what, "relations")) {
		got = fold_word("relations", &s->relations);
		if (strcmp(got, a->expected))
			fail(d, a, "relations are '%s', expected '%s'", got, a->expected);
		else if (a->level && (!s->relations.level || strcmp(s->relations.level, a->level)))
			fail(d, a, "relations are at level '%s', expected '%s'",
			     s->relations.level ? s->relations.level : "none", a->level);
	} else {
		/* mission: the sender's missions in the host that match type and city */
		long sender = snapshot_party_root(r, a->args[0]);
		got = absence_word(&s->no_missions[0]);
		for (size_t i = 0; i < s->n_missions; i++) {
			const struct chancery_mission_status *m = &s->missions[i];
			if (snapshot_party_root(r, m->sender) != sender ||
			    (a->type && (!m->type || strcmp(m->type, a->type))) ||
			    (a->city && (!m->city || strcmp(m->city, a->city))))
				continue;
			got = fold_word("mission", &m->fold);
			if (!strcmp(got, a->expected))
				break;
		}
		if (strcmp(got, a->expected))
			fail(d, a, "the mission is '%s', expected '%s'", got, a->expected);
	}
	chancery_dyad_status_free(s);
}

void check_assertions(const chancery_registry *r, struct chancery_diags *diags)
{
	for (size_t i = 0; i < r->n_assertions; i++)
		check_one(r, diags, &r->assertions[i]);
}
