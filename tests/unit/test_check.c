/* test_check.c: unit tests of chancery_check (src/query/check.c). Each test adds
 * a few lines to a small base ledger and asserts every diagnostic the
 * checks give: severity, line (the column is always 1) and the message,
 * worked out by hand from the rules. A check never guesses: where an
 * imprecise date leaves the order open it is silent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"
#include "model/registry.h"

#define NAME "check.ledger"

/* Lines 1 to 7; the lines a test adds start at line 8. No check has
 * anything to say about these. */
static const char base[] =
	"source s \"S\"\n"
	"party RU \"Russian Federation\" short=Russia\n"
	"party AB \"Republic of Abkhazia\" short=Abkhazia kind=partially-recognised from=1999-10-12\n"
	"party GE \"Georgia\" from=1991-04-09\n"
	"party SU \"Soviet Union\" to=1991-12-26\n"
	"party EU \"European Union\" kind=organisation\n"
	"person g \"G\"\n";

struct checked {
	chancery_registry *r;
	struct chancery_diags d;
	int rc;
};

static void print_diags(const struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  diag %zu: %s:%u:%u: %s: %s\n", i, d->v[i].file ? d->v[i].file : "-",
			      d->v[i].line, d->v[i].col,
			      d->v[i].severity == CHANCERY_ERROR ? "error" : "warning",
			      d->v[i].message);
}

/* Parse base + extra (which must parse cleanly), finish and check. */
static void check_text(struct checked *c, const char *extra)
{
	size_t n = strlen(base) + strlen(extra);
	char *text = malloc(n + 1);
	assert_non_null(text);
	strcpy(text, base);
	strcat(text, extra);
	memset(c, 0, sizeof(*c));
	c->r = chancery_registry_new();
	if (chancery_ledger_parse_buffer(c->r, NAME, text, n, &c->d) != 0 || c->d.n) {
		print_diags(&c->d);
		fail_msg("the test ledger does not parse");
	}
	free(text);
	assert_int_equal(chancery_registry_finish(c->r, &c->d), 0);
	c->rc = chancery_check(c->r, &c->d);
}

static void release(struct checked *c)
{
	chancery_diags_release(&c->d);
	chancery_registry_free(c->r);
}

static void expect_count(const struct checked *c, size_t errors, size_t warnings)
{
	if (c->d.errors != errors || c->d.warnings != warnings) {
		print_diags(&c->d);
		fail_msg("expected %zu errors and %zu warnings, got %zu and %zu", errors, warnings,
			 c->d.errors, c->d.warnings);
	}
	assert_int_equal(c->d.n, errors + warnings);
	assert_int_equal(c->rc, errors ? -CHANCERY_EINPUT : 0);
}

static void expect(const struct checked *c, size_t i, enum chancery_severity sev, unsigned line,
		   const char *message)
{
	const struct chancery_diag *x;
	if (i >= c->d.n) {
		print_diags(&c->d);
		fail_msg("expected diagnostic %zu: %s", i, message);
	}
	x = &c->d.v[i];
	if (strcmp(x->message, message) != 0)
		print_diags(&c->d);
	assert_string_equal(x->message, message);
	assert_int_equal(x->severity, sev);
	assert_non_null(x->file);
	assert_string_equal(x->file, NAME);
	assert_int_equal(x->line, line);
	assert_int_equal(x->col, 1);
}

/* ---- the base is clean ------------------------------------------------ */

static void test_base_is_clean(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-26 recognise RU AB source=s\n");
	expect_count(&c, 0, 0);
	release(&c);
}

/* ---- references ------------------------------------------------------- */

static void test_unknown_party(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-26 recognise RU AV source=s\n"
		       "2008-08-26 recognise RU Narnia source=s\n"
		       "2008-08-27 recognise RU AB by=gg source=s\n"
		       "2008-08-28 recognise RU AB source=nope\n");
	expect_count(&c, 4, 0);
	/* "AV" is one edit from AB and two from every other id. */
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "event '2008-08-26.recognise.RU.AV': unknown party 'AV' in its arguments; "
	       "did you mean 'AB'?");
	/* Nothing within two edits of "Narnia": no suggestion. */
	expect(&c, 1, CHANCERY_ERROR, 9,
	       "event '2008-08-26.recognise.RU.Narnia': unknown party 'Narnia' in its arguments");
	expect(&c, 2, CHANCERY_ERROR, 10,
	       "event '2008-08-27.recognise.RU.AB': unknown person 'gg' in by=");
	expect(&c, 3, CHANCERY_ERROR, 11,
	       "event '2008-08-28.recognise.RU.AB': unknown source 'nope' in source=");
	release(&c);

	/* A misspelt short name finds its party too. */
	check_text(&c, "2008-08-26 recognise RU Abkhasia source=s\n");
	expect_count(&c, 1, 0);
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "event '2008-08-26.recognise.RU.Abkhasia': unknown party 'Abkhasia' in its "
	       "arguments; did you mean 'AB'?");
	release(&c);
}

static void test_wrong_entity_kind(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-26 recognise RU s source=s\n"
		       "2008-08-27 recognise RU AB by=RU source=RU\n"
		       "2008-08-28 react EU about=RU source=s\n"
		       "2008-08-29 appoint-envoy RU RU AB source=s\n");
	expect_count(&c, 5, 0);
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "event '2008-08-26.recognise.RU.s': 's' in its arguments is a source, not a party");
	/* Two on one line, in the order of the checks. */
	expect(&c, 1, CHANCERY_ERROR, 9,
	       "event '2008-08-27.recognise.RU.AB': 'RU' in by= is a party, not a person");
	expect(&c, 2, CHANCERY_ERROR, 9,
	       "event '2008-08-27.recognise.RU.AB': 'RU' in source= is a party, not a source");
	expect(&c, 3, CHANCERY_ERROR, 10,
	       "event '2008-08-28.react.EU': 'RU' in about= is a party, not an event");
	expect(&c, 4, CHANCERY_ERROR, 11,
	       "event '2008-08-29.appoint-envoy.RU.RU.AB': 'RU' in its arguments is a party, "
	       "not a person");
	release(&c);
}

static void test_same_party_both_sides(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-26 recognise RU RU source=s\n");
	expect_count(&c, 1, 0);
	expect(&c, 0, CHANCERY_ERROR, 8, "event '2008-08-26.recognise.RU.RU': names 'RU' on both sides");
	release(&c);
}

static void test_party_and_person_checks(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "party X \"X\" from=2000 to=1999\n"
		       "party Y \"Y\" kind=organ\n"
		       "party Z \"Z\" kind=organ of=QQQQ source=t\n"
		       "person p \"P\"\n"
		       "  office \"President\" of=RU from=2012-05-07 to=2008-05-07\n"
		       "  office \"Minister\" of=AV source=s\n");
	expect_count(&c, 5, 1);
	expect(&c, 0, CHANCERY_ERROR, 8, "party 'X': ends (1999) before it begins (2000)");
	expect(&c, 1, CHANCERY_WARNING, 9, "party 'Y': an organ without of=PARTY");
	expect(&c, 2, CHANCERY_ERROR, 10, "party 'Z': unknown party 'QQQQ' in of=");
	expect(&c, 3, CHANCERY_ERROR, 10, "party 'Z': unknown source 't' in source=");
	/* Offices are reported at their person's line. */
	expect(&c, 4, CHANCERY_ERROR, 11,
	       "person 'p': ends (2008-05-07) before it begins (2012-05-07)");
	expect(&c, 5, CHANCERY_ERROR, 11,
	       "person 'p': unknown party 'AV' in office of=; did you mean 'AB'?");
	release(&c);
}

/* ---- existence ---------------------------------------------------------- */

static void test_before_from_after_to(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "1999-10-11 recognise RU AB source=s\n"
		       "1999-10-12 recognise GE AB source=s\n"
		       "1992-01 recognise SU GE source=s\n"
		       "1991-12-26 recognise SU GE source=s\n"
		       "../1999-10-11 recognise EU AB source=s\n");
	expect_count(&c, 3, 0);
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "event '1999-10-11.recognise.RU.AB': dated 1999-10-11, before 'AB' existed "
	       "(from 1999-10-12)");
	/* Line 9: on the day of from=, fine. */
	expect(&c, 1, CHANCERY_ERROR, 10,
	       "event '1992-01.recognise.SU.GE': dated 1992-01, after 'SU' ceased to exist "
	       "(to 1991-12-26)");
	/* Line 11: on the day of to=, fine. An open start that ends before
	 * from= is before it. */
	expect(&c, 2, CHANCERY_ERROR, 12,
	       "event 'to-1999-10-11.recognise.EU.AB': dated ../1999-10-11, before 'AB' existed "
	       "(from 1999-10-12)");
	release(&c);
}

static void test_imprecise_dates_are_silent(void **state)
{
	(void)state;
	struct checked c;
	/* Each of these may be after AB's from=1999-10-12 (or before SU's
	 * to=1991-12-26): no message. */
	check_text(&c, "1999 recognise RU AB source=s\n"
		       "1999-10 recognise GE AB source=s\n"
		       "1999-10-11/.. recognise EU AB source=s\n"
		       "1999-10-11~ declare AB source=s\n"
		       "undated recognise SU AB source=s\n"
		       "1991 recognise SU GE source=s\n"
		       "1991-12/1992-01 recognise SU RU source=s\n");
	expect_count(&c, 0, 0);
	release(&c);

	/* A month that ends before from= is definitely before it. */
	check_text(&c, "1999-09 recognise RU AB source=s\n");
	expect_count(&c, 1, 0);
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "event '1999-09.recognise.RU.AB': dated 1999-09, before 'AB' existed "
	       "(from 1999-10-12)");
	release(&c);
}

/* ---- treaties ----------------------------------------------------------- */

static void test_ratification_before_signature(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "treaty t \"T\" parties=RU,AB source=s\n"
		       "  2010-02-17 sign\n"
		       "  2010-02-16 ratify RU\n"
		       "  2010-02-17 ratify AB\n"
		       "  2010-01 approve AB\n"
		       "  2009 accede AB\n"
		       "  2010-02 notify RU\n"
		       "  2010-02-10 accept RU\n");
	expect_count(&c, 3, 0);
	expect(&c, 0, CHANCERY_ERROR, 10,
	       "action 't.ratify.RU': ratify by 'RU' on 2010-02-16 is before the signature on "
	       "2010-02-17");
	/* Line 11: the same day is not before. */
	expect(&c, 1, CHANCERY_ERROR, 12,
	       "action 't.approve.AB': approve by 'AB' on 2010-01 is before the signature on "
	       "2010-02-17");
	/* Line 13: an accession needs no signature; line 14: 2010-02 may be
	 * on or after 17 February. */
	expect(&c, 2, CHANCERY_ERROR, 15,
	       "action 't.accept.RU': accept by 'RU' on 2010-02-10 is before the signature on "
	       "2010-02-17");
	release(&c);

	/* An undated signature orders nothing. */
	check_text(&c, "treaty t \"T\" parties=RU,AB source=s\n"
		       "  undated sign\n"
		       "  2010-02-16 ratify RU\n");
	expect_count(&c, 0, 0);
	release(&c);
}

static void test_own_signature_preferred(void **state)
{
	(void)state;
	struct checked c;
	/* RU signed after the general signature: its own one counts. */
	check_text(&c, "treaty t \"T\" parties=RU,AB source=s\n"
		       "  2010-01-01 sign\n"
		       "  2010-03-01 sign RU\n"
		       "  2010-02-01 ratify RU\n"
		       "  2010-02-01 ratify AB\n");
	expect_count(&c, 1, 0);
	expect(&c, 0, CHANCERY_ERROR, 11,
	       "action 't.ratify.RU': ratify by 'RU' on 2010-02-01 is before the signature on "
	       "2010-03-01");
	release(&c);

	/* RU signed before the general signature: still its own one counts. */
	check_text(&c, "treaty t \"T\" parties=RU,AB source=s\n"
		       "  2010-03-01 sign\n"
		       "  2010-01-01 sign RU\n"
		       "  2010-02-01 ratify RU\n"
		       "  2010-02-01 ratify AB\n");
	expect_count(&c, 1, 0);
	expect(&c, 0, CHANCERY_ERROR, 12,
	       "action 't.ratify.AB': ratify by 'AB' on 2010-02-01 is before the signature on "
	       "2010-03-01");
	release(&c);
}

static void test_action_by_non_party(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "treaty t \"T\" parties=RU,AB source=s\n"
		       "  2010 sign GE\n"
		       "  2011 ratify GE\n"
		       "  2012 accede XX\n"
		       "  2013 denounce RU\n");
	expect_count(&c, 3, 0);
	expect(&c, 0, CHANCERY_ERROR, 9, "action 't.sign.GE': 'GE' is not a party to treaty 't'");
	expect(&c, 1, CHANCERY_ERROR, 10, "action 't.ratify.GE': 'GE' is not a party to treaty 't'");
	/* An unknown party is reported as unknown, not as a non-party. */
	expect(&c, 2, CHANCERY_ERROR, 11,
	       "action 't.accede.XX': unknown party 'XX' in its arguments");
	release(&c);
}

static void test_treaty_checks(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "treaty t \"T\" parties=RU,AB,GE source=s\n"
		       "  force nth-ratification n=4\n"
		       "treaty u \"U\" parties=RU,AB,GE source=s\n"
		       "  force nth-ratification n=3\n"
		       "treaty v \"V\" parties=RU source=s\n"
		       "  force nth-ratification n=2\n"
		       "treaty w \"W\" parties=RU,AB,XY source=s,q\n"
		       "  provision \"p\" party=GE\n"
		       "  provision \"q\" party=AB\n"
		       "  provision \"r\"\n");
	expect_count(&c, 5, 0);
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "treaty 't': enters into force after the 4th ratification but has 3 parties");
	/* Line 10: n equal to the number of parties is fine. */
	expect(&c, 1, CHANCERY_ERROR, 12,
	       "treaty 'v': enters into force after the 2nd ratification but has 1 party");
	expect(&c, 2, CHANCERY_ERROR, 14, "treaty 'w': unknown party 'XY' in parties=");
	expect(&c, 3, CHANCERY_ERROR, 14, "treaty 'w': unknown source 'q' in source=");
	/* A provision is reported at its treaty's line. */
	expect(&c, 4, CHANCERY_ERROR, 14,
	       "treaty 'w': a provision names 'GE', which is not a party to it");
	release(&c);
}

/* ---- envoys ------------------------------------------------------------- */

static void test_credentials_before_appointment(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-09-25 appoint-envoy g RU AB source=s\n"
		       "2008-09-20 present-credentials g RU AB source=s\n"
		       "2008-09-24 end-envoy g RU AB source=s\n"
		       "2008-09-25 present-credentials g RU AB to=g source=s\n"
		       "2008-09-01 present-credentials g AB RU source=s\n"
		       "2008-09 end-envoy g RU AB instrument=x source=s\n");
	expect_count(&c, 2, 0);
	expect(&c, 0, CHANCERY_ERROR, 9,
	       "event '2008-09-20.present-credentials.g.RU.AB': credentials presented on "
	       "2008-09-20 is before the appointment on 2008-09-25 (2008-09-25.appoint-envoy.g.RU.AB)");
	expect(&c, 1, CHANCERY_ERROR, 10,
	       "event '2008-09-24.end-envoy.g.RU.AB': mission ended on 2008-09-24 is before the "
	       "appointment on 2008-09-25 (2008-09-25.appoint-envoy.g.RU.AB)");
	/* Line 11: the same day; line 12: another sender and receiver, no
	 * appointment; line 13: 2008-09 may be after the 25th. */
	release(&c);
}

/* Issue 8, wrong answer 4: a withdrawal with no recognition before it
 * said nothing. It implies a recognition on a day not recorded: a
 * warning (line 8). Line 9: a withdrawal after a recorded recognition
 * (line 10, "2008" may be before 2009-01-01) is silent; line 11's
 * withdrawal by RU of GE follows relations that imply the recognition
 * (line 12), also silent. */
static void test_withdrawal_without_recognition(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2013-05-20 withdraw-recognition GE AB source=s\n"
		       "2009-01-01 withdraw-recognition RU AB source=s\n"
		       "2008 recognise RU AB source=s\n"
		       "2010-01-01 withdraw-recognition RU GE source=s\n"
		       "1992-07-01 establish-relations GE RU source=s\n");
	expect_count(&c, 0, 1);
	expect(&c, 0, CHANCERY_WARNING, 8,
	       "event '2013-05-20.withdraw-recognition.GE.AB': withdraws a recognition that is not "
	       "recorded; a recognition before it is implied, on an unknown date");
	release(&c);
}

/* A step of a ratification may be taken by an organ of a party (line
 * 11, RU-SD of RU), not by a party outside the treaty nor its organ
 * (line 12, GE-P of GE). */
static void test_ratification_step_by_organ(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "party RU-SD \"State Duma\" kind=organ of=RU\n"
		       "party GE-P \"Parliament of Georgia\" kind=organ of=GE\n"
		       "treaty t \"T\" parties=RU,AB source=s\n"
		       "  2010-01-01 ratify-step RU-SD\n"
		       "  2010-01-02 ratify-step GE-P\n");
	expect_count(&c, 1, 0);
	expect(&c, 0, CHANCERY_ERROR, 12,
	       "action 't.ratify-step.GE-P': 'GE-P' is neither a party to treaty 't' nor an organ of one");
	release(&c);
}

static void test_credentials_while_severed(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-29 sever-relations GE RU source=s\n"
		       "2008-01-01 appoint-envoy g RU GE source=s\n"
		       "2009-01-10 present-credentials g RU GE source=s\n"
		       "2010-05-01 restore-relations RU GE source=s\n"
		       "2011-01-10 present-credentials g RU GE source=s\n"
		       "2008-08-29 present-credentials g RU GE place=Tbilisi source=s\n"
		       "2012 suspend-relations GE RU source=s\n"
		       "2013-01-01 present-credentials g RU GE source=s\n");
	expect_count(&c, 0, 2);
	assert_int_equal(c.rc, 0); /* warnings do not fail */
	expect(&c, 0, CHANCERY_WARNING, 10,
	       "event '2009-01-10.present-credentials.g.RU.GE': credentials presented while "
	       "relations between 'RU' and 'GE' were severed (since 2008-08-29, "
	       "2008-08-29.sever-relations.GE.RU)");
	/* Line 12: restored by then. Line 13: the day of the severance is not
	 * after it. */
	expect(&c, 1, CHANCERY_WARNING, 15,
	       "event '2013-01-01.present-credentials.g.RU.GE': credentials presented while "
	       "relations between 'RU' and 'GE' were suspended (since 2012, "
	       "2012.suspend-relations.GE.RU)");
	release(&c);
}

/* ---- reactions and sources ---------------------------------------------- */

static void test_reaction_before_event(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-26 recognise RU AB id=rec source=s\n"
		       "2008-08-25 react EU about=rec stance=condemn source=s\n"
		       "2008-08-26 react GE about=rec source=s\n"
		       "2008-08 react RU about=rec source=s\n"
		       "2008-08-27 react EU about=nothing source=s\n");
	expect_count(&c, 2, 0);
	expect(&c, 0, CHANCERY_ERROR, 9,
	       "event '2008-08-25.react.EU': dated before the event it is about ('rec')");
	/* Line 10: the same day; line 11: a month that holds the day. */
	expect(&c, 1, CHANCERY_ERROR, 12,
	       "event '2008-08-27.react.EU': unknown event 'nothing' in about=");
	release(&c);
}

static void test_no_source(void **state)
{
	(void)state;
	struct checked c;
	check_text(&c, "2008-08-26 recognise RU AB\n"
		       "treaty t \"T\" parties=RU,AB source=s\n"
		       "  2010 sign\n"
		       "treaty u \"U\" parties=RU,AB\n"
		       "  2010 sign\n"
		       "  2011 ratify RU source=s\n");
	expect_count(&c, 0, 2);
	assert_int_equal(c.rc, 0);
	expect(&c, 0, CHANCERY_WARNING, 8, "event '2008-08-26.recognise.RU.AB': cites no source");
	/* Line 10: covered by its treaty's source=. */
	expect(&c, 1, CHANCERY_WARNING, 12, "action 'u.sign': cites no source");
	release(&c);
}

/* ---- order ---------------------------------------------------------------- */

static void test_sorted_by_line(void **state)
{
	(void)state;
	struct checked c;
	/* The checks run over parties, then treaties, then events; the
	 * messages come out in line order, one line's in the order made. */
	check_text(&c, "2008-08-26 recognise RU XX source=s\n"
		       "treaty t \"T\" parties=RU,YY source=s\n"
		       "party ZZ \"Z\" of=QQ\n"
		       "2008-08-27 recognise WW VV source=s\n");
	expect_count(&c, 5, 0);
	expect(&c, 0, CHANCERY_ERROR, 8,
	       "event '2008-08-26.recognise.RU.XX': unknown party 'XX' in its arguments");
	expect(&c, 1, CHANCERY_ERROR, 9, "treaty 't': unknown party 'YY' in parties=");
	expect(&c, 2, CHANCERY_ERROR, 10, "party 'ZZ': unknown party 'QQ' in of=");
	expect(&c, 3, CHANCERY_ERROR, 11,
	       "event '2008-08-27.recognise.WW.VV': unknown party 'WW' in its arguments");
	expect(&c, 4, CHANCERY_ERROR, 11,
	       "event '2008-08-27.recognise.WW.VV': unknown party 'VV' in its arguments");
	release(&c);

	/* Across files: by file name, then line. Diagnostics already in the
	 * list stay first. */
	{
		struct chancery_diags d = CHANCERY_DIAGS_INIT;
		chancery_registry *r = chancery_registry_new();
		chancery_diags_add(&d, CHANCERY_WARNING, "z.ledger", 9, 1, NULL, "before");
		static const char b[] = "\n2009 declare XB source=s\n";
		static const char a[] = "source s \"S\"\n\n\n2009 declare XA source=s\n";
		assert_int_equal(chancery_ledger_parse_buffer(r, "b.ledger", b, strlen(b), &d), 0);
		assert_int_equal(chancery_ledger_parse_buffer(r, "a.ledger", a, strlen(a), &d), 0);
		assert_int_equal(chancery_registry_finish(r, &d), 0);
		assert_int_equal(chancery_check(r, &d), -CHANCERY_EINPUT);
		assert_int_equal(d.n, 3);
		assert_string_equal(d.v[0].message, "before");
		assert_string_equal(d.v[1].file, "a.ledger");
		assert_int_equal(d.v[1].line, 4);
		assert_string_equal(d.v[1].message,
				    "event '2009.declare.XA': unknown party 'XA' in its arguments");
		assert_string_equal(d.v[2].file, "b.ledger");
		assert_int_equal(d.v[2].line, 2);
		chancery_diags_release(&d);
		chancery_registry_free(r);
	}
}

/* ---- the bundled registry ------------------------------------------------- */

static void test_data_registry_is_clean(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(r, "data/registry.ledger", &d), 0);
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	assert_int_equal(chancery_check(r, &d), 0);
	if (d.n)
		print_diags(&d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 0);
	assert_true(chancery_registry_event_count(r) > 0);
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_is_clean),
		cmocka_unit_test(test_unknown_party),
		cmocka_unit_test(test_wrong_entity_kind),
		cmocka_unit_test(test_same_party_both_sides),
		cmocka_unit_test(test_party_and_person_checks),
		cmocka_unit_test(test_before_from_after_to),
		cmocka_unit_test(test_imprecise_dates_are_silent),
		cmocka_unit_test(test_ratification_before_signature),
		cmocka_unit_test(test_own_signature_preferred),
		cmocka_unit_test(test_action_by_non_party),
		cmocka_unit_test(test_treaty_checks),
		cmocka_unit_test(test_credentials_before_appointment),
		cmocka_unit_test(test_credentials_while_severed),
		cmocka_unit_test(test_reaction_before_event),
		cmocka_unit_test(test_no_source),
		cmocka_unit_test(test_withdrawal_without_recognition),
		cmocka_unit_test(test_ratification_step_by_organ),
		cmocka_unit_test(test_sorted_by_line),
		cmocka_unit_test(test_data_registry_is_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
