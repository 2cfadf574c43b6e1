/* test_coverage.c: honest answers (issue 18, docs/coverage.md): "not
 * recorded" is not "no"; a source's covers lines make absence "no"; a
 * party that does not exist neither recognises nor is recognised; a
 * resident mission or an envoy's credentials imply relations; postings
 * end with a successor's credentials or become uncertain past the
 * horizon; and the three wrong answers of issue 18 that are not about
 * treaties. Every expected answer was worked out by hand from
 * docs/coverage.md and the small ledgers below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"

#define FIXTURE_NAME "coverage.ledger"
#include "fixture.h"

static struct chancery_dyad_status *dyad(const chancery_registry *r, const char *a,
					 const char *b, int32_t on)
{
	struct chancery_dyad_status *s = NULL;
	assert_int_equal(chancery_dyad_status(r, a, b, on, &s), 0);
	return s;
}

static void expect_answer(const char *chain, const struct chancery_fold *f,
			  enum chancery_answer want, const char *state)
{
	enum chancery_answer got = chancery_fold_answer(chain, f);
	if (got != want || strcmp(chancery_fold_state_name(chain, f, f->state), state))
		fail_msg("%s: %s (%s), expected %s (%s)", chain, chancery_answer_name(got),
			 chancery_fold_state_name(chain, f, f->state), chancery_answer_name(want),
			 state);
}

/* ---- coverage ---------------------------------------------------------- */

static const char covered_ledger[] =
	"party AA \"Alpha\"\n"
	"party BB \"Beta\"\n"
	"party CC \"Gamma\"\n"
	"party OO \"An Organisation\" kind=organisation\n"
	"source guide \"A guide to Alpha's relations\"\n"
	"  covers recognition,relations by=AA from=2000 to=2010\n"
	"source embassies \"Resident embassies\"\n"
	"  covers missions type=embassy members=cow from=2005-04 to=2005-06\n"
	"2001-01-01 enter-system AA system=cow\n"
	"2001-01-01 enter-system BB system=cow\n"
	"2006-01-01 exit-system BB system=cow\n"
	"2003-05-05 recognise AA CC source=guide\n";

static void test_covered_absence_is_no(void **state)
{
	(void)state;
	chancery_registry *r = load(covered_ledger);
	struct chancery_dyad_status *s = dyad(r, "AA", "BB", day(2005, 5, 1));
	/* Alpha's recognition of Beta: covered by the guide, none recorded */
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_NO, "no");
	assert_non_null(s->recognition[0].covered.source);
	assert_string_equal(s->recognition[0].covered.source->id, "guide");
	/* Beta's of Alpha: the guide covers what Alpha does, not Beta */
	expect_answer("recognition", &s->recognition[1], CHANCERY_ANSWER_NOT_RECORDED,
		      "not-recorded");
	assert_null(s->recognition[1].covered.source);
	/* relations have no direction: covered either way */
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NO, "none");
	/* embassies: both members of COW in spring 2005, each way */
	assert_non_null(s->no_missions[0].source);
	assert_string_equal(s->no_missions[0].source->id, "embassies");
	assert_string_equal(s->no_missions[0].line->mission_type, "embassy");
	assert_non_null(s->no_missions[1].source);
	assert_null(s->no_envoys[0].source);
	/* the lines that bear on the dyad, whatever the day */
	assert_int_equal(s->n_coverage, 2);
	chancery_dyad_status_free(s);

	/* outside the period: not recorded again */
	s = dyad(r, "AA", "BB", day(2011, 1, 1));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_NOT_RECORDED,
		      "not-recorded");
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NOT_RECORDED, "not-recorded");
	chancery_dyad_status_free(s);

	/* the embassies' season is over by 2005-07-01; and in spring 2006
	 * Beta is no member of COW any more */
	s = dyad(r, "AA", "BB", day(2005, 7, 1));
	assert_null(s->no_missions[0].source);
	chancery_dyad_status_free(s);

	/* a recorded fact answers, coverage or not */
	s = dyad(r, "AA", "CC", day(2004, 1, 1));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_YES, "yes");
	chancery_dyad_status_free(s);
	s = dyad(r, "AA", "CC", day(2003, 5, 4));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_NO, "no");
	/* Gamma is in no state system: the embassies do not cover it */
	assert_null(s->no_missions[0].source);
	chancery_dyad_status_free(s);

	/* "all" means every state: an organisation is not among them */
	assert_null(chancery_coverage_find(r, CHANCERY_FACT_RECOGNITION, "AA", "OO",
					   day(2005, 1, 1), NULL)
			    .source);
	assert_non_null(chancery_coverage_find(r, CHANCERY_FACT_RECOGNITION, "AA", "BB",
					       day(2005, 1, 1), NULL)
				.source);
	/* a line of embassies says nothing of consulates */
	assert_null(chancery_coverage_find(r, CHANCERY_FACT_MISSIONS, "AA", "BB", day(2005, 5, 1),
					   "consulate")
			    .source);
	chancery_registry_free(r);
}

/* ---- existence: wrong answer 2 of issue 18 ---------------------------------- */

static const char existence_ledger[] = "source s \"s\"\n"
				       "party A \"Alpha\"\n"
				       "party B \"Beta\"\n"
				       "party K \"Kappa\" from=2008-02-17\n"
				       "2018-08 withdraw-recognition A B source=s\n"
				       "2017-10-27 withdraw-recognition A K source=s\n";

/* An implied recognition predates the party: on 2000-01-01 Kappa does
 * not exist, so Alpha does not recognise it (was "uncertain: no or yes"). */
static void test_implied_recognition_not_before_party(void **state)
{
	(void)state;
	chancery_registry *r = load(existence_ledger);
	struct chancery_dyad_status *s = dyad(r, "A", "K", day(2000, 1, 1));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_NO, "no");
	assert_int_equal(s->recognition[0].uncertain, 0);
	assert_non_null(s->recognition[0].absent);
	assert_string_equal(s->recognition[0].absent->id, "K");
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NO, "none");
	chancery_dyad_status_free(s);
	/* once Kappa exists, the withdrawal of 2017 implies a recognition
	 * on a day not recorded: uncertain */
	s = dyad(r, "A", "K", day(2010, 1, 1));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_UNCERTAIN,
		      "not-recorded");
	assert_int_equal(s->recognition[0].possible, CHANCERY_REC_YES);
	assert_null(s->recognition[0].absent);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* ---- wrong answer 1 of issue 18 ----------------------------------------------- */

static size_t uncertain_recognisers(const chancery_registry *r, const char *x, int32_t on)
{
	struct chancery_recognizer *v;
	size_t n, maybe = 0;
	assert_int_equal(chancery_recognitions(r, x, on, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		maybe += chancery_fold_recognises(&v[i].fold) == CHANCERY_UNCERTAIN;
	chancery_recognizers_free(v, n);
	return maybe;
}

/* An implied-only recognition is not lost during its withdrawal's date
 * range: on 2018-08-15 Alpha may still recognise Beta (was "no or
 * withdrawn", 0 uncertain), as on the day before the range. */
static void test_withdrawal_range_keeps_implied_recognition(void **state)
{
	(void)state;
	chancery_registry *r = load(existence_ledger);
	struct chancery_dyad_status *s;
	assert_int_equal(uncertain_recognisers(r, "B", day(2018, 7, 31)), 1);
	assert_int_equal(uncertain_recognisers(r, "B", day(2018, 8, 15)), 1);
	assert_int_equal(uncertain_recognisers(r, "B", day(2018, 9, 1)), 0);
	s = dyad(r, "A", "B", day(2018, 8, 15));
	assert_int_equal(s->recognition[0].uncertain, 1);
	assert_int_equal(s->recognition[0].possible, CHANCERY_REC_YES);
	assert_int_equal(s->recognition[0].possible_implied, 1);
	chancery_dyad_status_free(s);
	s = dyad(r, "A", "B", day(2018, 9, 1));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_NO, "withdrawn");
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* ---- wrong answer 5: the future is not shown as "none" ------------------------ */

static void test_status_hides_later_missions_and_envoys(void **state)
{
	(void)state;
	chancery_registry *r =
		load("source s \"s\"\n"
		     "party A \"Alpha\"\n"
		     "party B \"Beta\"\n"
		     "person p \"Pat Envoy\"\n"
		     "2021-12-15 appoint-envoy p A B rank=Ambassador source=s\n"
		     "2015-07-20 open-mission A B type=embassy city=Bcity source=s\n");
	struct chancery_dyad_status *s = dyad(r, "A", "B", day(1995, 1, 1));
	assert_int_equal(s->n_missions, 0);
	assert_int_equal(s->n_envoys, 0);
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NOT_RECORDED, "not-recorded");
	chancery_dyad_status_free(s);
	s = dyad(r, "A", "B", day(2016, 1, 1));
	assert_int_equal(s->n_missions, 1);
	assert_int_equal(s->n_envoys, 0);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* ---- implied relations ------------------------------------------------------- */

static const char implied_ledger[] =
	"party A \"Alpha\"\n"
	"party B \"Beta\"\n"
	"party C \"Gamma\"\n"
	"party D \"Delta\"\n"
	"party P \"Pi\" kind=partially-recognised\n"
	"person p \"Pat\"\n"
	"2001-05-05 open-mission P A type=embassy id=p-office\n"
	"2001-01-01 open-mission A D type=legation id=leg\n"
	"2008-01-01 close-mission A D type=legation id=leg-closed\n"
	"2001-03-01 open-mission A B type=embassy id=emb\n"
	"2001-03-01 open-mission B A type=embassy id=emb-b\n"
	"2004-04-04 sever-relations A B id=sev\n"
	"2006-06-06 present-credentials p A B id=cred\n"
	"2002-02-02 open-mission A C type=consulate city=Cx id=cons\n"
	"undated open-mission C A type=embassy id=undated-emb\n";

static void test_resident_mission_and_credentials_imply_relations(void **state)
{
	(void)state;
	chancery_registry *r = load(implied_ledger);
	/* embassies both ways from 2001-03-01: relations, at embassy level,
	 * and recognition both ways, implied while they last */
	struct chancery_dyad_status *s = dyad(r, "A", "B", day(2001, 3, 1));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_YES, "established");
	assert_int_equal(s->relations.implied, 1);
	assert_string_equal(s->relations.level, "embassy");
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_YES, "yes");
	expect_answer("recognition", &s->recognition[1], CHANCERY_ANSWER_YES, "yes");
	assert_int_equal(s->recognition[1].implied, 1);
	chancery_dyad_status_free(s);
	/* a later severance ends them; the embassies stay open for all the
	 * registry says, but began before it: they imply nothing after it */
	s = dyad(r, "A", "B", day(2005, 1, 1));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NO, "severed");
	chancery_dyad_status_free(s);
	/* credentials presented after it: relations again, while the envoy
	 * is in post (10 years with no end or successor recorded) */
	s = dyad(r, "A", "B", day(2006, 6, 6));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_YES, "established");
	assert_string_equal(s->relations.since->id, "cred");
	chancery_dyad_status_free(s);
	s = dyad(r, "A", "B", day(2017, 1, 1));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NO, "severed");
	chancery_dyad_status_free(s);
	/* A's legation in D, with nothing of D's: a state's resident mission
	 * needs its host's consent, so relations at legation level and
	 * recognition both ways, while the legation is open */
	s = dyad(r, "A", "D", day(2002, 1, 1));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_YES, "established");
	assert_string_equal(s->relations.level, "legation");
	expect_answer("recognition", &s->recognition[1], CHANCERY_ANSWER_YES, "yes");
	assert_string_equal(s->recognition[1].since->id, "leg");
	chancery_dyad_status_free(s);
	s = dyad(r, "A", "D", day(2009, 1, 1));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NOT_RECORDED, "not-recorded");
	expect_answer("recognition", &s->recognition[1], CHANCERY_ANSWER_NOT_RECORDED,
		      "not-recorded");
	chancery_dyad_status_free(s);
	/* a partially recognised state's "embassy" in A: P recognises A; A's
	 * recognition of P, and relations, need A's consent on record */
	s = dyad(r, "P", "A", day(2002, 1, 1));
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_YES, "yes");
	expect_answer("recognition", &s->recognition[1], CHANCERY_ANSWER_NOT_RECORDED,
		      "not-recorded");
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NOT_RECORDED, "not-recorded");
	chancery_dyad_status_free(s);
	/* a consulate implies nothing; an undated embassy implies nothing
	 * on any day (it may not have opened yet) */
	s = dyad(r, "A", "C", day(2010, 1, 1));
	expect_answer("relations", &s->relations, CHANCERY_ANSWER_NOT_RECORDED, "not-recorded");
	expect_answer("recognition", &s->recognition[0], CHANCERY_ANSWER_NOT_RECORDED,
		      "not-recorded");
	expect_answer("recognition", &s->recognition[1], CHANCERY_ANSWER_NOT_RECORDED,
		      "not-recorded");
	assert_int_equal(s->relations.uncertain, 0);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* ---- postings end ------------------------------------------------------------ */

static const struct chancery_envoy_status *envoy(const struct chancery_dyad_status *s,
						 const char *person)
{
	for (size_t i = 0; i < s->n_envoys; i++)
		if (!strcmp(s->envoys[i].person, person))
			return &s->envoys[i];
	fail_msg("no envoy %s", person);
	return NULL;
}

static const char postings_ledger[] = "party A \"Alpha\"\n"
				      "party B \"Beta\"\n"
				      "person one \"First\"\n"
				      "person two \"Second\"\n"
				      "person three \"Third\"\n"
				      "1902-05-27 present-credentials one A B id=c1\n"
				      "1923-02-10 appoint-envoy two A B id=a2\n"
				      "1923-03 present-credentials two A B id=c2\n"
				      "1950-01-01 present-credentials three B A id=c3\n";

static void test_successor_ends_posting(void **state)
{
	(void)state;
	chancery_registry *r = load(postings_ledger);
	struct chancery_dyad_status *s = dyad(r, "A", "B", day(1910, 1, 1));
	expect_answer("envoy", &envoy(s, "one")->fold, CHANCERY_ANSWER_YES, "in-post");
	chancery_dyad_status_free(s);
	/* the successor's credentials of March 1923 may have come */
	s = dyad(r, "A", "B", day(1923, 3, 15));
	{
		const struct chancery_fold *f = &envoy(s, "one")->fold;
		expect_answer("envoy", f, CHANCERY_ANSWER_UNCERTAIN, "in-post");
		assert_int_equal(f->possible, CHANCERY_ENVOY_ENDED);
		assert_string_equal(f->successor->id, "c2");
		assert_int_equal(f->horizon, 0);
	}
	chancery_dyad_status_free(s);
	/* ... and have come by April */
	s = dyad(r, "A", "B", day(1923, 4, 1));
	{
		const struct chancery_fold *f = &envoy(s, "one")->fold;
		expect_answer("envoy", f, CHANCERY_ANSWER_NO, "ended");
		assert_string_equal(f->since->id, "c2");
	}
	expect_answer("envoy", &envoy(s, "two")->fold, CHANCERY_ANSWER_YES, "in-post");
	chancery_dyad_status_free(s);
	/* the second has no successor and no end: in post for 10 years after
	 * March 1923 (its latest day, 1923-03-31), then uncertain */
	s = dyad(r, "A", "B", day(1933, 3, 30));
	expect_answer("envoy", &envoy(s, "two")->fold, CHANCERY_ANSWER_YES, "in-post");
	chancery_dyad_status_free(s);
	s = dyad(r, "A", "B", day(1933, 4, 2));
	{
		const struct chancery_fold *f = &envoy(s, "two")->fold;
		expect_answer("envoy", f, CHANCERY_ANSWER_UNCERTAIN, "in-post");
		assert_int_equal(f->horizon, 1);
		assert_int_equal(f->possible, CHANCERY_ENVOY_ENDED);
	}
	/* an envoy the other way is no successor */
	expect_answer("envoy", &envoy(s, "one")->fold, CHANCERY_ANSWER_NO, "ended");
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_covered_absence_is_no),
		cmocka_unit_test(test_implied_recognition_not_before_party),
		cmocka_unit_test(test_withdrawal_range_keeps_implied_recognition),
		cmocka_unit_test(test_status_hides_later_missions_and_envoys),
		cmocka_unit_test(test_resident_mission_and_credentials_imply_relations),
		cmocka_unit_test(test_successor_ends_posting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
