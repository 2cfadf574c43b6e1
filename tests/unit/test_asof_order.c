/* test_asof_order.c: what the as-of folds of src/query/asof.c learn from
 * the order of the events of a chain (docs/queries.md, "Implied order"):
 * credentials presented imply the appointment came before, relations
 * imply recognition, a withdrawal implies an earlier recognition; and
 * what a recognition count may call uncertain. Every expected state was
 * worked out by hand from the dates of the small ledgers below and the
 * rules of docs/queries.md; each test names the wrong answer of issue 8
 * it guards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"

#define FIXTURE_NAME "order.ledger"
#include "fixture.h"

static struct chancery_dyad_status *dyad(const chancery_registry *r, const char *a,
					 const char *b, int32_t on)
{
	struct chancery_dyad_status *s = NULL;
	if (chancery_dyad_status(r, a, b, on, &s) != 0)
		fail_msg("chancery_dyad_status(%s, %s) failed", a, b);
	return s;
}

/* state, uncertain, possible (when uncertain), since and maybe ids */
static void expect_fold(const char *what, const char *chain, const struct chancery_fold *f,
			int st, int uncertain, int possible, const char *since, const char *maybe)
{
	const char *got_since = f->since ? f->since->id : "(none)";
	const char *got_maybe = f->uncertain && f->maybe ? f->maybe->id : "(none)";
	if (f->state != st || f->uncertain != uncertain || (uncertain && f->possible != possible))
		fail_msg("%s: %s%s%s, expected %s%s%s", what, chancery_state_name(chain, f->state),
			 f->uncertain ? " or " : "",
			 f->uncertain ? chancery_state_name(chain, f->possible) : "",
			 chancery_state_name(chain, st), uncertain ? " or " : "",
			 uncertain ? chancery_state_name(chain, possible) : "");
	if (strcmp(got_since, since ? since : "(none)"))
		fail_msg("%s: since %s, expected %s", what, got_since, since ? since : "(none)");
	if (uncertain && strcmp(got_maybe, maybe ? maybe : "(none)"))
		fail_msg("%s: maybe %s, expected %s", what, got_maybe, maybe ? maybe : "(none)");
}

/* ---- 1. later events settle earlier imprecise ones ------------------------- */

/* Issue 8, wrong answer 1: appointed "2008", credentials on 2008-12-16.
 * On 2008-12-17 the credentials have been presented, so the appointment
 * came before them: in post, since the credentials. Before the fix:
 * "uncertain: in-post or appointed". On 2008-12-15 neither is settled: the
 * appointment may or may not have happened (its range is all of 2008),
 * the credentials have not: none or appointed. */
static void test_credentials_settle_the_appointment(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party BB \"Beta\"\n"
				    "person e \"Envoy\"\n"
				    "2008 appoint-envoy e AA BB id=appt\n"
				    "2008-12-16 present-credentials e AA BB id=cred\n");
	struct chancery_dyad_status *s = dyad(r, "AA", "BB", day(2008, 12, 17));
	assert_int_equal(s->n_envoys, 1);
	expect_fold("2008-12-17", "envoy", &s->envoys[0].fold, CHANCERY_ENVOY_IN_POST, 0, 0,
		    "cred", NULL);
	chancery_dyad_status_free(s);

	s = dyad(r, "AA", "BB", day(2008, 12, 15));
	expect_fold("2008-12-15", "envoy", &s->envoys[0].fold, CHANCERY_ENVOY_NONE, 1,
		    CHANCERY_ENVOY_APPOINTED, NULL, "appt");
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* The converse: credentials "2009" follow an appointment of 2009-01-10.
 * On 2009-01-05 the appointment has not happened, so neither have the
 * credentials: none, for certain (before the fix: none or in-post). */
static void test_no_credentials_before_the_appointment(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party BB \"Beta\"\n"
				    "person e \"Envoy\"\n"
				    "2009-01-10 appoint-envoy e AA BB id=appt\n"
				    "2009 present-credentials e AA BB id=cred\n");
	struct chancery_dyad_status *s = dyad(r, "AA", "BB", day(2009, 1, 5));
	expect_fold("2009-01-05", "envoy", &s->envoys[0].fold, CHANCERY_ENVOY_NONE, 0, 0, NULL,
		    NULL);
	chancery_dyad_status_free(s);
	/* 2009-02-01: appointed for certain; the credentials of "2009" may
	 * or may not have been presented. */
	s = dyad(r, "AA", "BB", day(2009, 2, 1));
	expect_fold("2009-02-01", "envoy", &s->envoys[0].fold, CHANCERY_ENVOY_APPOINTED, 1,
		    CHANCERY_ENVOY_IN_POST, "appt", "cred");
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* Recognised "in 2008", relations established on 2008-09-09: on
 * 2008-10-01 the relations imply the recognition came before them, so
 * the recognition is the recorded one, not one implied by the relations
 * (before the fix: yes, implied, since the relations). */
static void test_relations_settle_the_recognition(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party BB \"Beta\"\n"
				    "2008 recognise AA BB id=rec\n"
				    "2008-09-09 establish-relations AA BB id=rel\n");
	struct chancery_dyad_status *s = dyad(r, "AA", "BB", day(2008, 10, 1));
	expect_fold("AA recognises BB", "recognition", &s->recognition[0], CHANCERY_REC_YES, 0, 0,
		    "rec", NULL);
	assert_int_equal(s->recognition[0].implied, 0);
	/* BB's recognition of AA rests on the relations alone */
	expect_fold("BB recognises AA", "recognition", &s->recognition[1], CHANCERY_REC_YES, 0, 0,
		    "rel", NULL);
	assert_int_equal(s->recognition[1].implied, 1);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* An undated recognition and a withdrawal on 2013-05-20: on 2014-01-01
 * the withdrawal has happened, and the recognition it withdrew came
 * before it: withdrawn, for certain (before the fix the undated
 * recognition, sorted last, made it "withdrawn or yes"). */
static void test_withdrawal_settles_an_undated_recognition(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party XX \"Xland\"\n"
				    "undated recognise AA XX id=rec\n"
				    "2013-05-20 withdraw-recognition AA XX id=wd\n");
	struct chancery_dyad_status *s = dyad(r, "AA", "XX", day(2014, 1, 1));
	expect_fold("2014-01-01", "recognition", &s->recognition[0], CHANCERY_REC_WITHDRAWN, 0, 0,
		    "wd", NULL);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* A mission announced "in 2009" and opened on 2009-05-01, then a
 * consulate-general opened "2010" and closed on 2010-03-01: on 2010-03-02
 * the closing implies the opening: closed, since the closing. */
static void test_closing_settles_the_opening(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party BB \"Beta\"\n"
				    "2010 open-mission AA BB type=consulate-general city=C id=open\n"
				    "2010-03-01 close-mission AA BB type=consulate-general city=C id=close\n");
	struct chancery_dyad_status *s = dyad(r, "AA", "BB", day(2010, 3, 2));
	assert_int_equal(s->n_missions, 1);
	expect_fold("2010-03-02", "mission", &s->missions[0].fold, CHANCERY_MISSION_CLOSED, 0, 0,
		    "close", NULL);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* ---- 4. a withdrawal implies an earlier recognition ----------------------- */

/* Issue 8, wrong answer 4: a withdrawal on 2013-05-20 and no recorded
 * recognition. The withdrawal says a recognition stood before it, on a
 * day not recorded: on 2013-01-01 AA may or may not have recognised XX
 * yet (uncertain, resting on the withdrawal), never "no" as before the
 * fix. From 2013-05-20: withdrawn. */
static void test_withdrawal_implies_a_recognition(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party XX \"Xland\"\n"
				    "2013-05-20 withdraw-recognition AA XX id=wd\n");
	struct chancery_dyad_status *s = dyad(r, "AA", "XX", day(2013, 1, 1));
	const struct chancery_fold *f = &s->recognition[0];
	expect_fold("2013-01-01", "recognition", f, CHANCERY_REC_NO, 1, CHANCERY_REC_YES, NULL,
		    "wd");
	assert_int_equal(f->possible_implied, 1);
	chancery_dyad_status_free(s);

	s = dyad(r, "AA", "XX", day(2013, 5, 20));
	expect_fold("2013-05-20", "recognition", &s->recognition[0], CHANCERY_REC_WITHDRAWN, 0, 0,
		    "wd", NULL);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* A switch of recognition from TW to CN on 2017-06-13: PA recognises CN
 * from that day, and its recognition of TW is withdrawn; before the day,
 * the switch says PA recognised TW on a day not recorded: uncertain, not
 * "no". */
static void test_switch_of_recognition(void **state)
{
	(void)state;
	chancery_registry *r = load("party PA \"Panama\"\n"
				    "party CN \"China\"\n"
				    "party TW \"Taiwan\"\n"
				    "2017-06-13 switch-recognition PA CN from=TW id=sw\n");
	struct chancery_dyad_status *s = dyad(r, "PA", "CN", day(2017, 6, 13));
	expect_fold("PA recognises CN", "recognition", &s->recognition[0], CHANCERY_REC_YES, 0, 0,
		    "sw", NULL);
	chancery_dyad_status_free(s);
	s = dyad(r, "PA", "TW", day(2017, 6, 13));
	expect_fold("PA recognises TW", "recognition", &s->recognition[0],
		    CHANCERY_REC_WITHDRAWN, 0, 0, "sw", NULL);
	chancery_dyad_status_free(s);
	s = dyad(r, "PA", "TW", day(2017, 1, 1));
	expect_fold("PA recognised TW before", "recognition", &s->recognition[0], CHANCERY_REC_NO,
		    1, CHANCERY_REC_YES, NULL, "sw");
	assert_int_equal(s->recognition[0].possible_implied, 1);
	chancery_dyad_status_free(s);
	s = dyad(r, "PA", "CN", day(2017, 1, 1));
	expect_fold("PA and CN before", "recognition", &s->recognition[0], CHANCERY_REC_NO, 0, 0,
		    NULL, NULL);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* A denial makes the state "denied", not recognising; a reaffirmation
 * "yes" again. Recognised 2011-05-23, denied "2011-06", reaffirmed
 * 2011-06-20: on 2011-06-10 the denial may have come (yes or denied); on
 * 2011-07-01 both have, in order: yes since the reaffirmation. */
static void test_denied_and_reaffirmed(void **state)
{
	(void)state;
	chancery_registry *r = load("party VU \"Vanuatu\"\n"
				    "party AB \"Abkhazia\"\n"
				    "2011-05-23 recognise VU AB id=rec\n"
				    "2011-06 deny-recognition VU AB id=deny\n"
				    "2011-06-30 reaffirm-recognition VU AB id=again\n");
	struct chancery_dyad_status *s = dyad(r, "VU", "AB", day(2011, 6, 10));
	expect_fold("2011-06-10", "recognition", &s->recognition[0], CHANCERY_REC_YES, 1,
		    CHANCERY_REC_DENIED, "rec", "deny");
	assert_int_equal(chancery_fold_recognises(&s->recognition[0]), CHANCERY_UNCERTAIN);
	chancery_dyad_status_free(s);
	s = dyad(r, "VU", "AB", day(2011, 7, 1));
	expect_fold("2011-07-01", "recognition", &s->recognition[0], CHANCERY_REC_YES, 0, 0,
		    "again", NULL);
	chancery_dyad_status_free(s);
	chancery_registry_free(r);
}

/* ---- 3. what a count may call uncertain ------------------------------------ */

/* Issue 8, wrong answer 3: a party whose possible states are "no" and
 * "withdrawn" adds no recognition either way. Here AA recognises XX on
 * 2013-06-10 and withdraws "in June 2013": on 2013-06-05 the recognition
 * has not happened, so the withdrawal (which follows it) has not either:
 * not recognising, for certain (before the fix: "no or withdrawn",
 * counted uncertain). */
static void test_no_or_withdrawn_is_not_uncertain(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\n"
				    "party BB \"Beta\"\n"
				    "party XX \"Xland\"\n"
				    "2013-06-10 recognise AA XX id=rec\n"
				    "2013-06 withdraw-recognition AA XX id=wd\n"
				    "2010-01-01 recognise BB XX id=bb\n");
	struct chancery_recognizer *v = NULL;
	size_t n = 0;
	assert_int_equal(chancery_recognitions(r, "XX", day(2013, 6, 5), &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].party->id, "AA");
	expect_fold("AA on 2013-06-05", "recognition", &v[0].fold, CHANCERY_REC_NO, 0, 0, NULL,
		    NULL);
	assert_int_equal(chancery_fold_recognises(&v[0].fold), CHANCERY_NO);
	assert_int_equal(chancery_fold_recognises(&v[1].fold), CHANCERY_YES);
	chancery_recognizers_free(v, n);
	chancery_registry_free(r);
}

/* The count's rule on folds as they come: uncertain only when one of the
 * two possible states is "yes". */
static void test_fold_recognises(void **state)
{
	(void)state;
	struct chancery_fold f = { 0 };
	f.state = CHANCERY_REC_YES;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_YES);
	f.uncertain = 1;
	f.possible = CHANCERY_REC_WITHDRAWN;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_UNCERTAIN);
	f.state = CHANCERY_REC_NO;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_NO); /* no or withdrawn */
	f.possible = CHANCERY_REC_DENIED;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_NO); /* no or denied */
	f.state = CHANCERY_REC_WITHDRAWN;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_NO); /* withdrawn or denied */
	f.possible = CHANCERY_REC_YES;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_UNCERTAIN);
	f.uncertain = 0;
	assert_int_equal(chancery_fold_recognises(&f), CHANCERY_NO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credentials_settle_the_appointment),
		cmocka_unit_test(test_no_credentials_before_the_appointment),
		cmocka_unit_test(test_relations_settle_the_recognition),
		cmocka_unit_test(test_withdrawal_settles_an_undated_recognition),
		cmocka_unit_test(test_closing_settles_the_opening),
		cmocka_unit_test(test_withdrawal_implies_a_recognition),
		cmocka_unit_test(test_switch_of_recognition),
		cmocka_unit_test(test_denied_and_reaffirmed),
		cmocka_unit_test(test_no_or_withdrawn_is_not_uncertain),
		cmocka_unit_test(test_fold_recognises),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
