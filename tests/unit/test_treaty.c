/* test_treaty.c: unit tests of chancery_treaty_status (src/query/treaty.c): the
 * seven reference treaties of data/registry.ledger, and small ledgers for
 * each entry-into-force rule, terms and renewals, denunciations and the
 * uncertain answers imprecise dates give. Every expected day and reason
 * was worked out by hand from docs/queries.md, "Treaties". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"

#define FIXTURE_NAME "treaty.ledger"
#include "fixture.h"

static struct chancery_treaty_status *status(const chancery_registry *r, const char *treaty,
					     int32_t on)
{
	size_t i;
	struct chancery_treaty_status *st = NULL;
	if (chancery_registry_lookup(r, treaty, &i) != CHANCERY_ENT_TREATY)
		fail_msg("no treaty '%s'", treaty);
	assert_int_equal(chancery_treaty_status(r, i, on, &st), 0);
	assert_non_null(st);
	assert_int_equal(st->on, on);
	assert_string_equal(st->treaty->id, treaty);
	return st;
}

static const struct chancery_party_treaty_status *
party(const struct chancery_treaty_status *st, const char *id)
{
	for (uint32_t i = 0; i < st->n_parties; i++)
		if (!strcmp(st->parties[i].party, id))
			return &st->parties[i];
	fail_msg("no party '%s' in the status of %s", id, st->treaty->id);
	return NULL;
}

#define expect_state(st, s, unc)                                                            \
	do {                                                                                \
		if ((st)->state != (s) || (st)->uncertain != (unc))                          \
			fail_msg("%s on day %d: state %s%s, expected %s%s", (st)->treaty->id, \
				 (int)(st)->on, chancery_treaty_state_name((st)->state),      \
				 (st)->uncertain ? " (uncertain)" : "",                     \
				 chancery_treaty_state_name(s), (unc) ? " (uncertain)" : "");  \
	} while (0)

#define expect_party(st, pid, s, unc)                                                        \
	do {                                                                                \
		const struct chancery_party_treaty_status *p_ = party((st), (pid));          \
		if (p_->state != (s) || p_->uncertain != (unc))                              \
			fail_msg("%s, party %s: state %s%s, expected %s%s", (st)->treaty->id, \
				 (pid), chancery_party_treaty_state_name(p_->state),           \
				 p_->uncertain ? " (uncertain)" : "",                       \
				 chancery_party_treaty_state_name(s),                        \
				 (unc) ? " (uncertain)" : "");                              \
	} while (0)

static void expect_span(struct chancery_span s, int32_t lo, int32_t hi)
{
	assert_int_equal(s.known, 1);
	assert_int_equal(s.lo, lo);
	assert_int_equal(s.hi, hi);
}

static void expect_day(struct chancery_span s, int32_t d)
{
	expect_span(s, d, d);
}

static void expect_unknown(struct chancery_span s)
{
	assert_int_equal(s.known, 0);
}

/* ---- the reference treaties ------------------------------------------------ */

/* data/abkhazia-russia.ledger records no force rule: the article gives
 * none, so entry into force is unknown for all seven. */
static void expect_no_rule(const struct chancery_treaty_status *st)
{
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no entry-into-force rule recorded");
	for (uint32_t i = 0; i < st->n_parties; i++) {
		expect_unknown(st->parties[i].in_force_from);
		assert_string_equal(st->parties[i].reason,
				    "unknown: no entry-into-force rule recorded");
	}
}

static void test_reference_borders(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-borders", day(2009, 4, 29));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	expect_party(st, "AB", CHANCERY_PT_NONE, 0);
	expect_party(st, "RU", CHANCERY_PT_NONE, 0);
	assert_int_equal(st->n_parties, 2);
	assert_string_equal(st->parties[0].party, "AB"); /* parties= order */
	assert_string_equal(st->parties[1].party, "RU");
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-borders", day(2009, 4, 30));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 0);
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	assert_string_equal(party(st, "RU")->signature->id, "ru-ab-borders.sign");
	assert_null(party(st, "RU")->consent);
	expect_no_rule(st);
	expect_unknown(st->term_end);
	assert_string_equal(st->term_reason, "no term recorded");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Undated signature, AB's ratification on 2012-05-08: before it the
 * signature may or may not have happened; from it on, the signature is
 * known to have come first. */
static void test_reference_pensions(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-pensions", day(2012, 5, 7));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 1);
	expect_party(st, "AB", CHANCERY_PT_NONE, 1);
	expect_party(st, "RU", CHANCERY_PT_NONE, 1);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-pensions", day(2012, 5, 8));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "AB", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	assert_string_equal(party(st, "AB")->consent->id, "ru-ab-pensions.ratify.AB");
	assert_null(party(st, "RU")->consent);
	expect_no_rule(st);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_reference_disasters(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-disasters", day(2000, 1, 1));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 1);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-disasters", day(2013, 1, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "AB", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	expect_no_rule(st);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_reference_socioeconomic(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-socioeconomic", day(2009, 8, 11));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-socioeconomic", day(2009, 8, 12));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-socioeconomic", day(2012, 6, 14));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-socioeconomic", day(2012, 6, 15));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "AB", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	expect_no_rule(st);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* The base agreement: signed 2010-02-17, ratified by Russia 2011-10-06,
 * never by Abkhazia in the article; a 49-year term it cannot start. */
static void test_reference_base(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-base", day(2010, 2, 16));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2010, 2, 17));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2011, 10, 6));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "RU", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 0);
	expect_no_rule(st);
	expect_unknown(st->term_end);
	assert_string_equal(st->term_reason, "entry into force unknown");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_reference_culture_centres(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-culture-centres", day(2011, 4, 25));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-culture-centres", day(2011, 4, 26));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-culture-centres", day(2015, 1, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "AB", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	expect_no_rule(st);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_reference_trade(void **state)
{
	(void)state;
	chancery_registry *r = load_reference();
	struct chancery_treaty_status *st = status(r, "ru-ab-trade", day(2012, 5, 27));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	expect_party(st, "RU", CHANCERY_PT_NONE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-trade", day(2012, 5, 28));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 0);
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	expect_no_rule(st);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* ---- fixtures ----------------------------------------------------------------- */

static const char parties[] = "party RU \"Russian Federation\"\n"
			      "party AB \"Republic of Abkhazia\"\n"
			      "party XA \"A\"\n"
			      "party XB \"B\"\n"
			      "party XC \"C\"\n"
			      "party P1 \"P1\"\n"
			      "party P2 \"P2\"\n"
			      "party P3 \"P3\"\n"
			      "party P4 \"P4\"\n"
			      "party P5 \"P5\"\n"
			      "party P6 \"P6\"\n"
			      "party P7 \"P7\"\n";

/* parties + text */
static chancery_registry *fixture(const char *text)
{
	size_t a = strlen(parties), b = strlen(text);
	char *buf = malloc(a + b + 1);
	chancery_registry *r;
	assert_non_null(buf);
	memcpy(buf, parties, a);
	memcpy(buf + a, text, b + 1);
	r = load(buf);
	free(buf);
	return r;
}

/* The base agreement with a recorded entry into force on 2011-11-05:
 * 2011-11-05 + 49 years = 2060-11-05, so the last day of the term is
 * 2060-11-04; the first renewal runs to 2011-11-05 + 64 years - 1 day =
 * 2075-11-04, the second to + 79 years - 1 day = 2090-11-04. */
static void test_base_recorded_force_and_term(void **state)
{
	(void)state;
	chancery_registry *r = fixture(
		"treaty ru-ab-base \"Base\" parties=AB,RU\n"
		"  term 49y renew=15y\n"
		"  2010-02-17 sign\n"
		"  2011-10-06 ratify RU\n"
		"  2011-11-05 enter-into-force\n");
	/* The day before, the entry into force recorded for the 5th is not
	 * known yet, and no rule gives a date (issue 8: nothing later than
	 * the day is used). */
	struct chancery_treaty_status *st = status(r, "ru-ab-base", day(2011, 11, 4));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no entry-into-force rule recorded");
	expect_unknown(st->term_end);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2011, 11, 5));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2011, 11, 5));
	assert_string_equal(st->force_reason, "recorded: ru-ab-base.enter-into-force on 2011-11-05");
	expect_day(st->term_end, day(2060, 11, 4));
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2020, 1, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "AB", CHANCERY_PT_IN_FORCE, 0); /* the recorded date wins */
	expect_party(st, "RU", CHANCERY_PT_IN_FORCE, 0);
	expect_day(party(st, "AB")->in_force_from, day(2011, 11, 5));
	expect_day(st->term_end, day(2060, 11, 4));
	assert_string_equal(st->term_reason, "49-year term from entry into force on 2011-11-05, "
					     "renewable for 15-year periods");
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2060, 11, 4)); /* the term's last day */
	expect_day(st->term_end, day(2060, 11, 4));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2060, 11, 5)); /* the first renewal's first */
	expect_day(st->term_end, day(2075, 11, 4));
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2061, 6, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0); /* renewed, not expired */
	expect_day(st->term_end, day(2075, 11, 4));
	assert_string_equal(st->term_reason, "renewal 1 (15-year) after the 49-year term from "
					     "entry into force on 2011-11-05");
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2076, 1, 1));
	expect_day(st->term_end, day(2090, 11, 4));
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* The same with a rule: the last ratification (RU, 2011-10-06) + 30 days:
 * 25 days to 31 October, 5 more: 2011-11-05. */
static void test_base_last_ratification(void **state)
{
	(void)state;
	chancery_registry *r = fixture(
		"treaty ru-ab-base \"Base\" parties=AB,RU\n"
		"  force last-ratification after=30d\n"
		"  term 49y renew=15y\n"
		"  2010-02-17 sign\n"
		"  2011-09-01 ratify AB\n"
		"  2011-10-06 ratify RU\n");
	/* both have ratified: ratified by all, awaiting entry into force */
	struct chancery_treaty_status *st = status(r, "ru-ab-base", day(2011, 11, 4));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_ALL, 0);
	expect_party(st, "AB", CHANCERY_PT_RATIFIED, 0);
	expect_day(st->in_force_from, day(2011, 11, 5));
	assert_string_equal(st->force_reason,
			    "last ratification: ru-ab-base.ratify.RU on 2011-10-06, + 30 days");
	assert_string_equal(party(st, "AB")->reason, st->force_reason);
	expect_day(party(st, "AB")->in_force_from, day(2011, 11, 5));
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2011, 11, 5));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "AB", CHANCERY_PT_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ru-ab-base", day(2061, 3, 1));
	expect_day(st->term_end, day(2075, 11, 4));
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* With the rule but without Abkhazia's ratification: unknown, and says why. */
static void test_base_missing_ratification(void **state)
{
	(void)state;
	chancery_registry *r = fixture(
		"treaty ru-ab-base \"Base\" parties=AB,RU\n"
		"  force last-ratification\n"
		"  term 49y renew=15y\n"
		"  2010-02-17 sign\n"
		"  2011-10-06 ratify RU\n");
	struct chancery_treaty_status *st = status(r, "ru-ab-base", day(2030, 1, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no ratification by 'AB' recorded");
	expect_unknown(st->term_end);
	assert_string_equal(st->term_reason, "entry into force unknown");
	expect_party(st, "RU", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Seven parties, in force 30 days after the 5th instrument. In date
 * order: P1 01-10, P2 02-03, P3 03-15, P4 04-01, P5 05-20 (the 5th):
 * 2020-05-20 + 30 days = 2020-06-19 (11 days to 31 May, 19 more). P6
 * ratifies later, 2021-01-15 + 30 days = 2021-02-14 (16 days to 31
 * January, 14 more). P7 never does. */
static const char convention[] = "treaty conv \"Convention\" parties=P1,P2,P3,P4,P5,P6,P7\n"
				 "  force nth-ratification n=5 after=30d\n"
				 "  2019-11-01 sign\n"
				 "  2020-04-01 ratify P4\n"
				 "  2020-01-10 ratify P1\n"
				 "  2021-01-15 ratify P6\n"
				 "  2020-05-20 accede P5\n"
				 "  2020-03-15 approve P3\n"
				 "  2020-02-03 ratify P2\n"
				 "treaty conv4 \"Four\" parties=P1,P2,P3,P4,P5,P6,P7\n"
				 "  force nth-ratification n=5 after=30d\n"
				 "  2019-11-01 sign\n"
				 "  2020-01-10 ratify P1\n"
				 "  2020-02-03 ratify P2\n"
				 "  2020-03-15 ratify P3\n"
				 "  2020-04-01 ratify P4\n";

static void test_nth_ratification(void **state)
{
	(void)state;
	chancery_registry *r = fixture(convention);
	struct chancery_treaty_status *st = status(r, "conv", day(2020, 6, 18));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_day(st->in_force_from, day(2020, 6, 19));
	assert_string_equal(st->force_reason, "5th ratification: conv.accede.P5 on 2020-05-20, "
					      "+ 30 days");
	expect_party(st, "P1", CHANCERY_PT_RATIFIED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "conv", day(2020, 6, 19));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	for (int i = 1; i <= 5; i++) {
		char id[4];
		snprintf(id, sizeof id, "P%d", i);
		expect_party(st, id, CHANCERY_PT_IN_FORCE, 0);
		expect_day(party(st, id)->in_force_from, day(2020, 6, 19));
		assert_string_equal(party(st, id)->reason, st->force_reason);
	}
	/* P6's ratification of 2021 is not known in 2020 */
	expect_party(st, "P6", CHANCERY_PT_SIGNED, 0);
	expect_unknown(party(st, "P6")->in_force_from);
	assert_string_equal(party(st, "P6")->reason, "unknown: no ratification by 'P6' recorded");
	expect_party(st, "P7", CHANCERY_PT_SIGNED, 0);
	expect_unknown(party(st, "P7")->in_force_from);
	assert_string_equal(party(st, "P7")->reason, "unknown: no ratification by 'P7' recorded");
	chancery_treaty_status_free(st);

	st = status(r, "conv", day(2021, 2, 13));
	expect_party(st, "P6", CHANCERY_PT_RATIFIED, 0);
	expect_day(party(st, "P6")->in_force_from, day(2021, 2, 14));
	assert_string_equal(party(st, "P6")->reason, "own ratification after the 5th: "
						     "conv.ratify.P6 on 2021-01-15, + 30 days");
	chancery_treaty_status_free(st);

	st = status(r, "conv", day(2021, 2, 14));
	expect_party(st, "P6", CHANCERY_PT_IN_FORCE, 0);
	expect_party(st, "P7", CHANCERY_PT_SIGNED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_nth_ratification_too_few(void **state)
{
	(void)state;
	chancery_registry *r = fixture(convention);
	struct chancery_treaty_status *st = status(r, "conv4", day(2030, 1, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: 4 of the 5 ratifications needed are recorded");
	expect_party(st, "P1", CHANCERY_PT_RATIFIED, 0);
	expect_unknown(party(st, "P1")->in_force_from);
	expect_party(st, "P5", CHANCERY_PT_SIGNED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Abkhazia's ratification "2011" + 30 days: from 2011-01-01 + 30 =
 * 2011-01-31 to 2011-12-31 + 30 = 2012-01-30, 365 days. A one-year term
 * then ends between 2012-01-30 and 2013-01-29. */
static const char year_precision[] = "treaty yp \"Year\" parties=RU,AB\n"
				     "  force last-ratification after=30d\n"
				     "  term 1y\n"
				     "  2010-01-01 sign\n"
				     "  2010-06-01 ratify RU\n"
				     "  2011 ratify AB\n"
				     "treaty yr \"Year, renewed\" parties=RU,AB\n"
				     "  force last-ratification after=30d\n"
				     "  term 1y renew=1y\n"
				     "  2010-01-01 sign\n"
				     "  2010-06-01 ratify RU\n"
				     "  2011 ratify AB\n";

static void test_year_precision(void **state)
{
	(void)state;
	chancery_registry *r = fixture(year_precision);
	struct chancery_treaty_status *st = status(r, "yp", day(2011, 1, 30));
	expect_span(st->in_force_from, day(2011, 1, 31), day(2012, 1, 30));
	assert_int_equal(st->in_force_from.hi - st->in_force_from.lo + 1, 365);
	assert_string_equal(st->force_reason, "last ratification: yp.ratify.AB on 2011, + 30 days");
	/* AB may have ratified: then both have (ratified by all) */
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 1);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 1); /* may have ratified */
	chancery_treaty_status_free(st);

	st = status(r, "yp", day(2011, 6, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 1);
	expect_party(st, "RU", CHANCERY_PT_RATIFIED, 1);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 1);
	expect_span(party(st, "RU")->in_force_from, day(2011, 1, 31), day(2012, 1, 30));
	chancery_treaty_status_free(st);

	st = status(r, "yp", day(2012, 1, 30));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "AB", CHANCERY_PT_IN_FORCE, 0);
	expect_span(st->term_end, day(2012, 1, 30), day(2013, 1, 29));
	assert_string_equal(st->term_reason, "1-year term from entry into force between "
					     "2011-01-31 and 2012-01-30");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* A term without renewal: expired the day after its last day; while the
 * last day is imprecise, "in force" is uncertain. */
static void test_year_precision_expiry(void **state)
{
	(void)state;
	chancery_registry *r = fixture(year_precision);
	struct chancery_treaty_status *st = status(r, "yp", day(2012, 6, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 1);
	chancery_treaty_status_free(st);

	st = status(r, "yp", day(2013, 1, 29));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 1);
	chancery_treaty_status_free(st);

	st = status(r, "yp", day(2013, 1, 30));
	expect_state(st, CHANCERY_TREATY_EXPIRED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Renewed yearly, entry into force between 2011-01-31 and 2012-01-30, on
 * 2012-06-01: in force from 2011-06-01 the first renewal ends 2013-05-31
 * (the latest end); from 2011-06-02 the first term ends 2012-06-01 (the
 * earliest). */
static void test_renewal_imprecise(void **state)
{
	(void)state;
	chancery_registry *r = fixture(year_precision);
	struct chancery_treaty_status *st = status(r, "yr", day(2012, 6, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_span(st->term_end, day(2012, 6, 1), day(2013, 5, 31));
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* In force 2012-02-29, a year, renewed yearly: the periods start
 * 2013-02-28, 2014-02-28, 2015-02-28 and 2016-02-29 (each counted from
 * the 29th, not step by step). */
static void test_renewal_leap_day(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty leap \"Leap\" parties=XA,XB\n"
				       "  force on-signature\n"
				       "  term 1y renew=1y\n"
				       "  2012-02-29 sign\n");
	struct chancery_treaty_status *st = status(r, "leap", day(2013, 2, 27));
	expect_day(st->term_end, day(2013, 2, 27));
	chancery_treaty_status_free(st);

	st = status(r, "leap", day(2013, 2, 28));
	expect_day(st->term_end, day(2014, 2, 27));
	chancery_treaty_status_free(st);

	st = status(r, "leap", day(2015, 6, 1));
	expect_day(st->term_end, day(2016, 2, 28));
	assert_string_equal(st->term_reason, "renewal 3 (1-year) after the 1-year term from "
					     "entry into force on 2012-02-29");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* On signature, 2016-02-29, for one year: 2017-02-28 is the first day
 * after it (the 29th clamped), so the last day is 2017-02-27. */
static void test_on_signature_and_expiry(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty os \"On signature\" parties=XA,XB\n"
				       "  force on-signature\n"
				       "  term 1y\n"
				       "  2016-02-29 sign\n");
	/* the day before the signature: nothing yet, and no date to come */
	struct chancery_treaty_status *st = status(r, "os", day(2016, 2, 28));
	expect_state(st, CHANCERY_TREATY_NOT_SIGNED, 0);
	assert_int_equal(st->acted, 0);
	expect_unknown(st->in_force_from);
	chancery_treaty_status_free(st);

	st = status(r, "os", day(2016, 2, 29));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2016, 2, 29));
	assert_string_equal(st->force_reason, "on signature: os.sign on 2016-02-29");
	chancery_treaty_status_free(st);

	st = status(r, "os", day(2017, 2, 27));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->term_end, day(2017, 2, 27));
	assert_string_equal(st->term_reason, "1-year term from entry into force on 2016-02-29");
	chancery_treaty_status_free(st);

	st = status(r, "os", day(2017, 2, 28));
	expect_state(st, CHANCERY_TREATY_EXPIRED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Signed separately: in force on the last party's signature. */
static void test_on_signature_separately(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty os2 \"Separately\" parties=XA,XB\n"
				       "  force on-signature\n"
				       "  2016-01-10 sign XA\n"
				       "  2016-02-01 sign XB\n");
	struct chancery_treaty_status *st = status(r, "os2", day(2016, 1, 20));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_party(st, "XA", CHANCERY_PT_SIGNED, 0);
	expect_party(st, "XB", CHANCERY_PT_NONE, 0);
	assert_string_equal(party(st, "XA")->signature->id, "os2.sign.XA");
	/* XB's signature of 2016-02-01 is not known on 2016-01-20 */
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no signature by 'XB' recorded");
	chancery_treaty_status_free(st);

	st = status(r, "os2", day(2016, 2, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2016, 2, 1));
	assert_string_equal(st->force_reason, "last signature: os2.sign.XB on 2016-02-01");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Exchange on 2019-12-31 + 1 month = 2020-01-31. */
static void test_exchange(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty ex \"Exchange\" parties=XA,XB\n"
				       "  force exchange after=1m\n"
				       "  2019-01-10 sign\n"
				       "  2019-06-01 ratify XA\n"
				       "  2019-07-01 ratify XB\n"
				       "  2019-12-31 exchange\n"
				       "treaty ex2 \"No exchange\" parties=XA,XB\n"
				       "  force exchange\n"
				       "  2019-01-10 sign\n"
				       "  2019-06-01 ratify XA\n"
				       "  2019-07-01 ratify XB\n");
	struct chancery_treaty_status *st = status(r, "ex", day(2020, 1, 30));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_ALL, 0);
	expect_party(st, "XA", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "XB", CHANCERY_PT_RATIFIED, 0);
	expect_day(st->in_force_from, day(2020, 1, 31));
	assert_string_equal(st->force_reason, "exchange of instruments: ex.exchange on 2019-12-31, "
					      "+ 1 month");
	chancery_treaty_status_free(st);

	st = status(r, "ex", day(2020, 1, 31));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "ex2", day(2030, 1, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_ALL, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no exchange of instruments recorded");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_fixed_date(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty dt \"Date\" parties=XA,XB\n"
				       "  force date=2018-07-01\n"
				       "  2018-06-01 sign\n");
	struct chancery_treaty_status *st = status(r, "dt", day(2018, 6, 30));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_day(st->in_force_from, day(2018, 7, 1));
	assert_string_equal(st->force_reason, "date fixed in the text: 2018-07-01");
	chancery_treaty_status_free(st);

	st = status(r, "dt", day(2018, 7, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_day(party(st, "XA")->in_force_from, day(2018, 7, 1));
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* 2011-01-31 + 1 month: no 31 February, so 2011-02-28. */
static void test_month_clamp(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty mc \"Clamp\" parties=XA,XB\n"
				       "  force last-ratification after=1m\n"
				       "  2011-01-05 sign\n"
				       "  2011-01-20 ratify XA\n"
				       "  2011-01-31 ratify XB\n");
	struct chancery_treaty_status *st = status(r, "mc", day(2011, 2, 27));
	expect_day(st->in_force_from, day(2011, 2, 28));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_ALL, 0);
	assert_string_equal(st->force_reason, "last ratification: mc.ratify.XB on 2011-01-31, "
					      "+ 1 month");
	chancery_treaty_status_free(st);

	st = status(r, "mc", day(2011, 2, 28));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_provisional_party(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty pa \"Provisional\" parties=XA,XB\n"
				       "  force last-ratification\n"
				       "  2019-03-01 sign\n"
				       "  2019-03-01 apply-provisionally XB\n"
				       "  2019-05-01 ratify XA\n");
	struct chancery_treaty_status *st = status(r, "pa", day(2019, 2, 28));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "pa", day(2019, 4, 1));
	expect_state(st, CHANCERY_TREATY_PROVISIONAL, 0);
	expect_party(st, "XA", CHANCERY_PT_SIGNED, 0);
	expect_party(st, "XB", CHANCERY_PT_PROVISIONAL, 0);
	chancery_treaty_status_free(st);

	st = status(r, "pa", day(2019, 6, 1));
	expect_state(st, CHANCERY_TREATY_PROVISIONAL, 0);
	expect_party(st, "XA", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "XB", CHANCERY_PT_PROVISIONAL, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no ratification by 'XB' recorded");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_provisional_common(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty pc \"Provisional\" parties=XA,XB\n"
				       "  2019-03-01 sign\n"
				       "  2019-03-02 apply-provisionally\n");
	struct chancery_treaty_status *st = status(r, "pc", day(2019, 3, 1));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "pc", day(2019, 3, 2));
	expect_state(st, CHANCERY_TREATY_PROVISIONAL, 0);
	expect_party(st, "XA", CHANCERY_PT_PROVISIONAL, 0);
	expect_party(st, "XB", CHANCERY_PT_PROVISIONAL, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_suspend_and_terminate(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty tm \"Ended\" parties=XA,XB\n"
				       "  force on-signature\n"
				       "  2015-01-01 sign\n"
				       "  2021-05-01 suspend\n"
				       "  2022-01-01 terminate\n");
	struct chancery_treaty_status *st = status(r, "tm", day(2021, 4, 30));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "tm", day(2021, 5, 1));
	expect_state(st, CHANCERY_TREATY_SUSPENDED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "tm", day(2021, 12, 31));
	expect_state(st, CHANCERY_TREATY_SUSPENDED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "tm", day(2022, 1, 1));
	expect_state(st, CHANCERY_TREATY_TERMINATED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Denounced 2020-08-31 with 6 months' notice: no 31 February 2021, so it
 * takes effect 2021-02-28. */
static const char denunciations[] = "treaty dn \"Denounced\" parties=XA,XB\n"
				    "  force on-signature\n"
				    "  term indefinite notice=6m\n"
				    "  2015-03-31 sign\n"
				    "  2020-08-31 denounce XA\n"
				    "treaty dn2 \"Effect recorded\" parties=XA,XB\n"
				    "  force on-signature\n"
				    "  term notice=6m\n"
				    "  2015-03-31 sign\n"
				    "  2020-08-31 denounce XB effect=2021-01-01\n"
				    "treaty dn3 \"No notice\" parties=XA,XB\n"
				    "  force on-signature\n"
				    "  2015-03-31 sign\n"
				    "  2020-08-31 denounce XA\n"
				    "treaty dn4 \"Three\" parties=XA,XB,XC\n"
				    "  force on-signature\n"
				    "  term notice=30d\n"
				    "  2015-03-31 sign\n"
				    "  2020-08-31 denounce XC\n";

static void test_denunciation_notice(void **state)
{
	(void)state;
	chancery_registry *r = fixture(denunciations);
	struct chancery_treaty_status *st = status(r, "dn", day(2021, 2, 27));
	const struct chancery_party_treaty_status *xa = party(st, "XA");
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	assert_string_equal(xa->denunciation->id, "dn.denounce.XA");
	expect_day(xa->denunciation_effect, day(2021, 2, 28));
	assert_string_equal(xa->reason, "on signature: dn.sign on 2015-03-31; denunciation: "
					"dn.denounce.XA on 2020-08-31, + 6 months");
	expect_unknown(party(st, "XB")->denunciation_effect);
	assert_null(party(st, "XB")->denunciation);
	expect_unknown(st->term_end);
	assert_string_equal(st->term_reason, "indefinite");
	chancery_treaty_status_free(st);

	st = status(r, "dn", day(2021, 2, 28));
	expect_state(st, CHANCERY_TREATY_DENOUNCED, 0);
	expect_party(st, "XA", CHANCERY_PT_DENOUNCED, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_denunciation_effect_recorded(void **state)
{
	(void)state;
	chancery_registry *r = fixture(denunciations);
	struct chancery_treaty_status *st = status(r, "dn2", day(2020, 12, 31));
	expect_day(party(st, "XB")->denunciation_effect, day(2021, 1, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	assert_string_equal(st->term_reason, "no term recorded");
	chancery_treaty_status_free(st);

	st = status(r, "dn2", day(2021, 1, 1));
	expect_state(st, CHANCERY_TREATY_DENOUNCED, 0);
	expect_party(st, "XB", CHANCERY_PT_DENOUNCED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* No notice period and no effect=: the denunciation has taken effect on
 * some day from its date on, which the record does not give (issue 18:
 * it was taken never to take effect). From its date the answer is
 * uncertain: in force, or denounced; the day before it is certain. */
static void test_denunciation_without_notice(void **state)
{
	(void)state;
	chancery_registry *r = fixture(denunciations);
	struct chancery_treaty_status *st = status(r, "dn3", day(2020, 8, 30));
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "dn3", day(2030, 1, 1));
	const struct chancery_party_treaty_status *xa = party(st, "XA");
	expect_span(xa->denunciation_effect, day(2020, 8, 31), CHANCERY_DAY_MAX);
	assert_string_equal(xa->reason, "on signature: dn3.sign on 2015-03-31; denunciation: "
					"dn3.denounce.XA on 2020-08-31, effect on an unknown day "
					"from its date: no notice period recorded");
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 1);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	/* bilateral: ended once XA's denunciation took effect, which it may have */
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 1);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Multilateral: one party leaving does not end the treaty. 2020-08-31 +
 * 30 days = 2020-09-30. */
static void test_denunciation_multilateral(void **state)
{
	(void)state;
	chancery_registry *r = fixture(denunciations);
	struct chancery_treaty_status *st = status(r, "dn4", day(2020, 9, 30));
	expect_day(party(st, "XC")->denunciation_effect, day(2020, 9, 30));
	expect_party(st, "XC", CHANCERY_PT_DENOUNCED, 0);
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* An undated ratification: entry into force is unknown, but it cannot
 * come before Russia's ratification + 30 days = 2010-07-01. */
static void test_undated_ratification(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty ud \"Undated\" parties=RU,AB\n"
				       "  force last-ratification after=30d\n"
				       "  2010-01-01 sign\n"
				       "  2010-06-01 ratify RU\n"
				       "  undated ratify AB\n");
	struct chancery_treaty_status *st = status(r, "ud", day(2010, 6, 30));
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: the ratification by 'AB' has no date");
	/* AB may have ratified already: by some, or by all */
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 1);
	expect_party(st, "AB", CHANCERY_PT_SIGNED, 1);
	chancery_treaty_status_free(st);

	st = status(r, "ud", day(2010, 7, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 1);
	expect_party(st, "RU", CHANCERY_PT_RATIFIED, 1);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Undated signature + dated ratifications and a rule: the signature is
 * known to have happened once either party has ratified. */
static void test_undated_signature(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty us \"Undated signature\" parties=XA,XB\n"
				       "  force last-ratification\n"
				       "  undated sign\n"
				       "  2014-04-01 ratify XA\n"
				       "  2014-09-01 ratify XB\n");
	struct chancery_treaty_status *st = status(r, "us", day(2014, 3, 31));
	expect_state(st, CHANCERY_TREATY_PROPOSED, 1);
	chancery_treaty_status_free(st);

	st = status(r, "us", day(2014, 4, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "XA", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "XB", CHANCERY_PT_SIGNED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "us", day(2014, 9, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2014, 9, 1));
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* No rule; only one party's entry into force is recorded. It is a fact of
 * entry into force for XA, so the treaty is in force from that day (issue
 * 18: it read "signed"); a bilateral treaty in force binds both parties. */
static void test_party_enter_into_force(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty pe \"Party\" parties=XA,XB\n"
				       "  2014-01-01 sign\n"
				       "  2014-03-01 enter-into-force XA\n");
	struct chancery_treaty_status *st = status(r, "pe", day(2014, 2, 28));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no entry-into-force rule recorded");
	chancery_treaty_status_free(st);

	st = status(r, "pe", day(2014, 3, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2014, 3, 1));
	assert_string_equal(st->force_reason,
			    "earliest entry into force for a party: pe.enter-into-force.XA on 2014-03-01");
	expect_day(party(st, "XA")->in_force_from, day(2014, 3, 1));
	assert_string_equal(party(st, "XA")->reason, "recorded: pe.enter-into-force.XA on 2014-03-01");
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	expect_day(party(st, "XB")->in_force_from, day(2014, 3, 1));
	assert_string_equal(party(st, "XB")->reason, st->force_reason);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* ---- issue 18 ---------------------------------------------------------------- */

/* The two wrong answers, as reported. */
static const char issue18[] = "source s \"s\"\n"
			      "party A \"Alpha\"\n"
			      "party B \"Beta\"\n"
			      "treaty t \"Treaty\" parties=A,B source=s\n"
			      "  force on-signature\n"
			      "  2009-10-10 sign\n"
			      "  2018-03-01 denounce A\n"
			      "treaty u \"Treaty U\" parties=A,B source=s\n"
			      "  force exchange\n"
			      "  2009-10-10 sign\n"
			      "  2018-03-01 denounce A\n";

/* Wrong answer 3: t on 2040-01-01 read in force, certain. A denunciation
 * with no notice and no effect= has taken effect on an unknown day from
 * 2018-03-01 on: in force or denounced, so in force (uncertain). */
static void test_issue18_denounced_without_notice(void **state)
{
	(void)state;
	chancery_registry *r = load(issue18);
	struct chancery_treaty_status *st = status(r, "t", day(2018, 2, 28));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2009, 10, 10));
	expect_party(st, "A", CHANCERY_PT_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "t", day(2018, 3, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 1);
	expect_party(st, "A", CHANCERY_PT_IN_FORCE, 1);
	chancery_treaty_status_free(st);

	st = status(r, "t", day(2040, 1, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 1);
	expect_party(st, "A", CHANCERY_PT_IN_FORCE, 1);
	expect_party(st, "B", CHANCERY_PT_IN_FORCE, 0);
	assert_string_equal(party(st, "A")->denunciation->id, "t.denounce.A");
	expect_span(party(st, "A")->denunciation_effect, day(2018, 3, 1), CHANCERY_DAY_MAX);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Wrong answer 4: u needs an exchange of instruments, and A denounced it
 * before any: it never entered into force, and cannot now. Its
 * denunciation takes effect on its date (no notice runs for a treaty not
 * in force), so the bilateral treaty reads denounced from that day. */
static void test_issue18_never_in_force(void **state)
{
	(void)state;
	chancery_registry *r = load(issue18);
	struct chancery_treaty_status *st = status(r, "u", day(2018, 2, 28));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no exchange of instruments recorded");
	chancery_treaty_status_free(st);

	st = status(r, "u", day(2018, 3, 1));
	expect_state(st, CHANCERY_TREATY_DENOUNCED, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason,
			    "never entered into force: denounced by A on 2018-03-01 before any exchange");
	expect_unknown(st->term_end);
	assert_string_equal(st->term_reason, "never entered into force");
	expect_party(st, "A", CHANCERY_PT_DENOUNCED, 0);
	expect_day(party(st, "A")->denunciation_effect, day(2018, 3, 1));
	assert_string_equal(party(st, "A")->reason,
			    "never entered into force: denounced by A on 2018-03-01 before any "
			    "exchange; denunciation: u.denounce.A on 2018-03-01, effect on its date: "
			    "the treaty was not in force");
	expect_party(st, "B", CHANCERY_PT_SIGNED, 0);
	expect_unknown(party(st, "B")->in_force_from);
	assert_string_equal(party(st, "B")->reason, st->force_reason);
	chancery_treaty_status_free(st);

	st = status(r, "u", day(2040, 1, 1));
	expect_state(st, CHANCERY_TREATY_DENOUNCED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* The same with the last ratification as the rule: XA ratified, XB
 * denounced before ratifying. An exchange after the denunciation, or a
 * treaty of three, is no such case. */
static void test_never_in_force_last_ratification(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty lr \"Last\" parties=XA,XB\n"
				       "  force last-ratification\n"
				       "  2010-01-01 sign\n"
				       "  2010-06-01 ratify XA\n"
				       "  2011-02-01 denounce XB\n"
				       "treaty l3 \"Three\" parties=XA,XB,XC\n"
				       "  force last-ratification\n"
				       "  term notice=1y\n"
				       "  2010-01-01 sign\n"
				       "  2011-02-01 denounce XB\n");
	struct chancery_treaty_status *st = status(r, "lr", day(2012, 1, 1));
	expect_state(st, CHANCERY_TREATY_DENOUNCED, 0);
	assert_string_equal(st->force_reason, "never entered into force: denounced by XB on "
					      "2011-02-01 before the last ratification");
	expect_party(st, "XA", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "XB", CHANCERY_PT_DENOUNCED, 0);
	chancery_treaty_status_free(st);

	/* multilateral: the others may still bring it into force; a year's
	 * notice: 2012-02-01 */
	st = status(r, "l3", day(2012, 1, 31));
	expect_state(st, CHANCERY_TREATY_SIGNED, 0);
	assert_string_equal(st->force_reason, "unknown: no ratification by 'XA', 'XB', 'XC' recorded");
	expect_party(st, "XB", CHANCERY_PT_SIGNED, 0);
	expect_day(party(st, "XB")->denunciation_effect, day(2012, 2, 1));
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* A party's spells: XA in force from 2001-03-01, denounced on 2005-06-30
 * with effect on 2005-12-31, acceded again on 2010-04-01 and in force for
 * it again from 2010-07-01. No rule: the treaty is in force from the
 * earliest entry into force for a party (XA's and XB's, the same day;
 * XA's comes first in canonical order). */
static const char spells[] = "treaty sp \"Spells\" parties=XA,XB,XC\n"
			     "  2000-01-01 sign XA\n"
			     "  2000-01-01 sign XB\n"
			     "  2001-01-01 ratify XA\n"
			     "  2001-01-01 ratify XB\n"
			     "  2001-03-01 enter-into-force XA id=sp.force1.XA\n"
			     "  2001-03-01 enter-into-force XB\n"
			     "  2005-06-30 denounce XA effect=2005-12-31\n"
			     "  2010-04-01 accede XA\n"
			     "  2010-07-01 enter-into-force XA id=sp.force2.XA\n";

static void test_spells(void **state)
{
	(void)state;
	chancery_registry *r = fixture(spells);
	struct chancery_treaty_status *st = status(r, "sp", day(2003, 1, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2001, 3, 1));
	assert_string_equal(st->force_reason,
			    "earliest entry into force for a party: sp.force1.XA on 2001-03-01");
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	/* a party that has done nothing is not bound by a treaty of many */
	expect_party(st, "XC", CHANCERY_PT_NONE, 0);
	expect_unknown(party(st, "XC")->in_force_from);
	assert_string_equal(party(st, "XC")->reason,
			    "unknown: no entry into force for 'XC' and no consent recorded");
	chancery_treaty_status_free(st);

	st = status(r, "sp", day(2005, 12, 30));
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	chancery_treaty_status_free(st);

	st = status(r, "sp", day(2005, 12, 31));
	expect_party(st, "XA", CHANCERY_PT_DENOUNCED, 0);
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0); /* for XB */
	chancery_treaty_status_free(st);

	/* acceded again: ratified in its new spell, the first spell's
	 * signature and entry into force no longer its own */
	st = status(r, "sp", day(2010, 5, 1));
	const struct chancery_party_treaty_status *xa = party(st, "XA");
	expect_party(st, "XA", CHANCERY_PT_RATIFIED, 0);
	assert_string_equal(xa->consent->id, "sp.accede.XA");
	assert_null(xa->denunciation);
	assert_null(xa->signature);
	expect_unknown(xa->in_force_from);
	assert_string_equal(xa->reason, "unknown: no entry into force recorded for 'XA', whose "
					"consent sp.accede.XA on 2010-04-01 came after the "
					"treaty's; a party again after its denunciation "
					"sp.denounce.XA on 2005-06-30");
	chancery_treaty_status_free(st);

	/* in force again from its new entry into force */
	st = status(r, "sp", day(2010, 7, 1));
	xa = party(st, "XA");
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_day(xa->in_force_from, day(2010, 7, 1));
	expect_unknown(xa->denunciation_effect);
	assert_string_equal(xa->reason, "recorded: sp.force2.XA on 2010-07-01; a party again "
					"after its denunciation sp.denounce.XA on 2005-06-30");
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* A convention of many parties with its entry into force recorded for the
 * treaty and for two parties, as manytreaties gives them: P1 acceded
 * before it and is bound from that day with the others; XC only signed;
 * P2 acceded later with no entry into force of its own recorded. Without
 * the treaty's own record (gc2) the earliest party's gives the day. */
static void test_convention_of_many(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty gc \"Convention\" parties=XA,XB,XC,P1,P2\n"
				       "  1948-12-09 sign XA\n"
				       "  1948-12-11 sign XB\n"
				       "  1948-12-11 sign XC\n"
				       "  1950-10-14 ratify XA\n"
				       "  1950-11-01 accede P1\n"
				       "  1951-01-12 ratify XB\n"
				       "  1951-01-12 enter-into-force\n"
				       "  1951-01-12 enter-into-force XA\n"
				       "  1951-01-12 enter-into-force XB\n"
				       "  1956-03-22 accede P2\n"
				       "treaty gc2 \"Convention 2\" parties=XA,XB,XC\n"
				       "  1948-12-09 sign XA\n"
				       "  1951-02-01 enter-into-force XB\n"
				       "  1951-01-12 enter-into-force XA\n");
	struct chancery_treaty_status *st = status(r, "gc", day(1951, 1, 11));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_unknown(st->in_force_from);
	chancery_treaty_status_free(st);

	st = status(r, "gc", day(1960, 1, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	assert_string_equal(st->force_reason, "recorded: gc.enter-into-force on 1951-01-12");
	expect_party(st, "XA", CHANCERY_PT_IN_FORCE, 0);
	expect_party(st, "XB", CHANCERY_PT_IN_FORCE, 0);
	expect_party(st, "P1", CHANCERY_PT_IN_FORCE, 0);
	expect_day(party(st, "P1")->in_force_from, day(1951, 1, 12));
	assert_string_equal(party(st, "P1")->reason, st->force_reason);
	expect_party(st, "XC", CHANCERY_PT_SIGNED, 0);
	expect_party(st, "P2", CHANCERY_PT_RATIFIED, 0);
	assert_string_equal(party(st, "P2")->reason,
			    "unknown: no entry into force recorded for 'P2', whose consent "
			    "gc.accede.P2 on 1956-03-22 came after the treaty's");
	{
		uint32_t in_force = 0;
		for (uint32_t i = 0; i < st->n_parties; i++)
			in_force += st->parties[i].state == CHANCERY_PT_IN_FORCE;
		assert_int_equal(in_force, 3);
	}
	chancery_treaty_status_free(st);

	st = status(r, "gc2", day(1951, 3, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(1951, 1, 12));
	assert_string_equal(st->force_reason,
			    "earliest entry into force for a party: gc2.enter-into-force.XA on 1951-01-12");
	expect_party(st, "XC", CHANCERY_PT_NONE, 0);
	chancery_treaty_status_free(st);

	/* an imprecise party's date: in force between its first day and the
	 * earliest last day of any */
	chancery_registry_free(r);
	r = fixture("treaty gy \"Years\" parties=XA,XB,XC\n"
		    "  1951 enter-into-force XA\n"
		    "  1951-06-30 enter-into-force XB\n");
	st = status(r, "gy", day(1951, 12, 31));
	expect_span(st->in_force_from, day(1951, 1, 1), day(1951, 6, 30));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	chancery_treaty_status_free(st);
	/* nothing is surely done by 1951-03-01, and XA's "1951" may be */
	st = status(r, "gy", day(1951, 3, 1));
	expect_state(st, CHANCERY_TREATY_NOT_SIGNED, 1);
	expect_party(st, "XA", CHANCERY_PT_NONE, 1);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* ---- issue 8 ---------------------------------------------------------------- */

/* Issue 8, wrong answer 2: a treaty signed on 2015-03-18 (in force on
 * signature) asked about on 2008-01-01. Nothing has happened by then: it
 * does not exist yet (acted 0, not signed), and no date of 2015 shows
 * (before the fix: in force from 2015-03-18). The dyad's status of that
 * day lists no treaty. */
static void test_future_treaty_does_not_leak(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty fu \"Future\" parties=XA,XB\n"
				       "  force on-signature\n"
				       "  term 10y\n"
				       "  2015-03-18 sign\n"
				       "treaty lr \"Later ratification\" parties=XA,XB\n"
				       "  force last-ratification\n"
				       "  2010-02-17 sign\n"
				       "  2010-06-01 ratify XA\n"
				       "  2011-10-06 ratify XB\n");
	struct chancery_dyad_status *ds = NULL;
	struct chancery_treaty_status *st = status(r, "fu", day(2008, 1, 1));
	assert_int_equal(st->acted, 0);
	expect_state(st, CHANCERY_TREATY_NOT_SIGNED, 0);
	expect_unknown(st->in_force_from);
	expect_unknown(st->term_end);
	assert_string_equal(chancery_treaty_state_name(st->state), "not-signed");
	chancery_treaty_status_free(st);

	st = status(r, "fu", day(2015, 3, 18));
	assert_int_equal(st->acted, 1);
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->in_force_from, day(2015, 3, 18));
	chancery_treaty_status_free(st);

	/* On 2011-01-01 XB has not ratified: entry into force is unknown, not
	 * the 2011-10-06 of the ratification to come. */
	st = status(r, "lr", day(2011, 1, 1));
	assert_int_equal(st->acted, 1);
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_unknown(st->in_force_from);
	assert_string_equal(st->force_reason, "unknown: no ratification by 'XB' recorded");
	assert_null(party(st, "XB")->consent);
	chancery_treaty_status_free(st);

	assert_int_equal(chancery_dyad_status(r, "XA", "XB", day(2008, 1, 1), &ds), 0);
	assert_int_equal(ds->n_treaties, 0);
	chancery_dyad_status_free(ds);
	assert_int_equal(chancery_dyad_status(r, "XA", "XB", day(2012, 1, 1), &ds), 0);
	assert_int_equal(ds->n_treaties, 1);
	assert_string_equal(ds->treaties[0]->treaty->id, "lr");
	chancery_dyad_status_free(ds);
	chancery_registry_free(r);
}

/* Issue 8, wrong answer 1 for treaties: a signature "in 2011" and a
 * ratification on 2011-10-06. On 2011-10-07 the ratification settles the
 * signature, which came before it: both parties signed, for certain. On
 * 2011-06-01 the signature may or may not have come: not signed, or
 * signed (uncertain). */
static void test_ratification_settles_the_signature(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty t \"T\" parties=XA,XB\n"
				       "  2011 sign\n"
				       "  2011-10-06 ratify XA\n");
	struct chancery_treaty_status *st = status(r, "t", day(2011, 10, 7));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	expect_party(st, "XA", CHANCERY_PT_RATIFIED, 0);
	expect_party(st, "XB", CHANCERY_PT_SIGNED, 0);
	chancery_treaty_status_free(st);
	st = status(r, "t", day(2011, 6, 1));
	expect_state(st, CHANCERY_TREATY_NOT_SIGNED, 1);
	expect_party(st, "XB", CHANCERY_PT_NONE, 1);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* Issue 8, wrong answer 5: both parties have ratified, the treaty enters
 * into force on the exchange of instruments, and none is recorded:
 * ratified by all, awaiting entry into force (before the fix:
 * ratified-by-some). With one ratification: ratified by some. */
static void test_ratified_by_all(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty ex \"Exchange\" parties=XA,XB\n"
				       "  force exchange\n"
				       "  2019-01-10 sign\n"
				       "  2019-06-01 ratify XA\n"
				       "  2019-07-01 ratify XB\n");
	struct chancery_treaty_status *st = status(r, "ex", day(2019, 6, 30));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_SOME, 0);
	chancery_treaty_status_free(st);
	st = status(r, "ex", day(2019, 7, 1));
	expect_state(st, CHANCERY_TREATY_RATIFIED_BY_ALL, 0);
	assert_string_equal(chancery_treaty_state_name(st->state), "ratified-by-all");
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* The steps of a ratification: the State Duma on 2011-01-25, the
 * Federation Council on 2011-01-26 (organs of RU), the President's
 * signature of the law on 2011-01-28 (the ratification). On 2011-01-27
 * two steps are listed and RU has signed only; on 2011-02-01 three
 * steps, in date order, and RU has ratified. A step is not consent. */
static void test_ratification_steps(void **state)
{
	(void)state;
	chancery_registry *r = load("party RU \"Russian Federation\"\n"
				    "party RU-SD \"State Duma\" kind=organ of=RU\n"
				    "party RU-FC \"Federation Council\" kind=organ of=RU\n"
				    "party US \"United States\"\n"
				    "treaty st \"Steps\" parties=RU,US\n"
				    "  2010-04-08 sign\n"
				    "  2011-01-26 ratify-step RU-FC \"approved the law\"\n"
				    "  2011-01-25 ratify-step RU-SD \"passed the law\"\n"
				    "  2011-01-28 ratify-step RU \"the President signed the law\"\n"
				    "  2011-01-28 ratify RU\n");
	struct chancery_treaty_status *st = status(r, "st", day(2011, 1, 27));
	const struct chancery_party_treaty_status *ru = party(st, "RU");
	assert_int_equal(ru->n_steps, 2);
	assert_string_equal(ru->steps[0]->actor, "RU-SD");
	assert_string_equal(ru->steps[1]->actor, "RU-FC");
	expect_party(st, "RU", CHANCERY_PT_SIGNED, 0);
	assert_int_equal(party(st, "US")->n_steps, 0);
	chancery_treaty_status_free(st);

	st = status(r, "st", day(2011, 2, 1));
	ru = party(st, "RU");
	assert_int_equal(ru->n_steps, 3);
	assert_string_equal(ru->steps[2]->text, "the President signed the law");
	expect_party(st, "RU", CHANCERY_PT_RATIFIED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

/* A 10-year term extendable by agreement for 5 years (not renewed by
 * itself). In force on exchange on 2011-02-05: the term's last day is
 * 2021-02-04 (2011-02-05 + 10 years = 2021-02-05, the day before). The
 * extension agreed on 2021-02-03 moves it 5 years: 2026-02-04. Without
 * it, "ex" has expired on 2021-02-05. Before the agreement (2021-01-01)
 * the end is the term's. */
static void test_extension_by_agreement(void **state)
{
	(void)state;
	chancery_registry *r = fixture("treaty ns \"Extended\" parties=XA,XB\n"
				       "  force exchange\n"
				       "  term 10y extend=5y\n"
				       "  2010-04-08 sign\n"
				       "  2010-12-22 ratify XA\n"
				       "  2011-01-28 ratify XB\n"
				       "  2011-02-05 exchange\n"
				       "  2021-02-03 extend\n"
				       "treaty nx \"Not extended\" parties=XA,XB\n"
				       "  force exchange\n"
				       "  term 10y extend=5y\n"
				       "  2010-04-08 sign\n"
				       "  2010-12-22 ratify XA\n"
				       "  2011-01-28 ratify XB\n"
				       "  2011-02-05 exchange\n");
	struct chancery_treaty_status *st = status(r, "ns", day(2021, 1, 1));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->term_end, day(2021, 2, 4));
	assert_int_equal(st->n_extensions, 0);
	assert_string_equal(st->term_reason, "10-year term from entry into force on 2011-02-05, "
					     "extendable by agreement for 5-year periods");
	chancery_treaty_status_free(st);

	st = status(r, "ns", day(2021, 2, 10));
	expect_state(st, CHANCERY_TREATY_IN_FORCE, 0);
	expect_day(st->term_end, day(2026, 2, 4));
	assert_int_equal(st->n_extensions, 1);
	assert_string_equal(st->term_reason, "10-year term from entry into force on 2011-02-05, "
					     "extended once by agreement (ns.extend on 2021-02-03) "
					     "for 5 years");
	chancery_treaty_status_free(st);

	st = status(r, "ns", day(2026, 2, 5));
	expect_state(st, CHANCERY_TREATY_EXPIRED, 0);
	chancery_treaty_status_free(st);

	st = status(r, "nx", day(2021, 2, 5));
	expect_state(st, CHANCERY_TREATY_EXPIRED, 0);
	chancery_treaty_status_free(st);
	chancery_registry_free(r);
}

static void test_names_and_errors(void **state)
{
	(void)state;
	static const char *const treaty_names[] = {
		"not-signed", "signed",	   "ratified-by-some", "provisionally-applied", "in-force",
		"suspended",  "denounced", "terminated",       "expired",		"ratified-by-all",
	};
	static const char *const party_names[] = {
		"none", "signed", "ratified", "provisionally-applied", "in-force", "denounced",
	};
	struct chancery_treaty_status *st = (struct chancery_treaty_status *)1;
	chancery_registry *r;
	for (int i = 0; i < 10; i++)
		assert_string_equal(chancery_treaty_state_name((enum chancery_treaty_state)i),
				    treaty_names[i]);
	assert_null(chancery_treaty_state_name((enum chancery_treaty_state)10));
	for (int i = 0; i < 6; i++)
		assert_string_equal(
			chancery_party_treaty_state_name((enum chancery_party_treaty_state)i),
			party_names[i]);
	assert_int_equal(CHANCERY_TREATY_EXPIRED, 8);
	assert_int_equal(CHANCERY_PT_DENOUNCED, 5);

	r = fixture("treaty t \"T\" parties=XA,XB\n");
	assert_int_equal(chancery_treaty_status(r, 1, 0, &st), -CHANCERY_ENOTFOUND);
	assert_null(st);
	assert_int_equal(chancery_treaty_status(r, 0, 0, &st), 0);
	expect_state(st, CHANCERY_TREATY_PROPOSED, 0);
	expect_party(st, "XA", CHANCERY_PT_NONE, 0);
	chancery_treaty_status_free(st);
	chancery_treaty_status_free(NULL);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_borders),
		cmocka_unit_test(test_reference_pensions),
		cmocka_unit_test(test_reference_disasters),
		cmocka_unit_test(test_reference_socioeconomic),
		cmocka_unit_test(test_reference_base),
		cmocka_unit_test(test_reference_culture_centres),
		cmocka_unit_test(test_reference_trade),
		cmocka_unit_test(test_base_recorded_force_and_term),
		cmocka_unit_test(test_base_last_ratification),
		cmocka_unit_test(test_base_missing_ratification),
		cmocka_unit_test(test_nth_ratification),
		cmocka_unit_test(test_nth_ratification_too_few),
		cmocka_unit_test(test_year_precision),
		cmocka_unit_test(test_year_precision_expiry),
		cmocka_unit_test(test_renewal_imprecise),
		cmocka_unit_test(test_renewal_leap_day),
		cmocka_unit_test(test_on_signature_and_expiry),
		cmocka_unit_test(test_on_signature_separately),
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_fixed_date),
		cmocka_unit_test(test_month_clamp),
		cmocka_unit_test(test_provisional_party),
		cmocka_unit_test(test_provisional_common),
		cmocka_unit_test(test_suspend_and_terminate),
		cmocka_unit_test(test_denunciation_notice),
		cmocka_unit_test(test_denunciation_effect_recorded),
		cmocka_unit_test(test_denunciation_without_notice),
		cmocka_unit_test(test_denunciation_multilateral),
		cmocka_unit_test(test_undated_ratification),
		cmocka_unit_test(test_undated_signature),
		cmocka_unit_test(test_party_enter_into_force),
		cmocka_unit_test(test_issue18_denounced_without_notice),
		cmocka_unit_test(test_issue18_never_in_force),
		cmocka_unit_test(test_never_in_force_last_ratification),
		cmocka_unit_test(test_spells),
		cmocka_unit_test(test_convention_of_many),
		cmocka_unit_test(test_names_and_errors),
		cmocka_unit_test(test_future_treaty_does_not_leak),
		cmocka_unit_test(test_ratified_by_all),
		cmocka_unit_test(test_ratification_settles_the_signature),
		cmocka_unit_test(test_ratification_steps),
		cmocka_unit_test(test_extension_by_agreement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
