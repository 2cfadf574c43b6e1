/* test_amend.c: adding to an entity defined in another file (issue 8,
 * "Adding to an included entity"): the amend directive, a second
 * definition in another file (a warning, the first kept), and the party
 * grammar attributes (article=). Each expected message and value was
 * worked out by hand from docs/ledger.md, "amend". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"

static void print_diags(const struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  diag %zu: %s:%u:%u: %s\n", i, d->v[i].file ? d->v[i].file : "-",
			      d->v[i].line, d->v[i].col, d->v[i].message);
}

/* Parse two texts as two files into one registry, in order, and finish. */
static chancery_registry *two_files(const char *a, const char *b, struct chancery_diags *d,
				    int *rc)
{
	chancery_registry *r = chancery_registry_new();
	int rc1 = chancery_ledger_parse_buffer(r, "a.ledger", a, strlen(a), d);
	int rc2 = chancery_ledger_parse_buffer(r, "b.ledger", b, strlen(b), d);
	*rc = rc1 ? rc1 : rc2;
	assert_int_equal(chancery_registry_finish(r, d), 0);
	return r;
}

static void expect_diag(const struct chancery_diags *d, size_t i, enum chancery_severity sev,
			const char *file, unsigned line, unsigned col, const char *message)
{
	if (i >= d->n || strcmp(d->v[i].message, message)) {
		print_diags(d);
		fail_msg("expected diagnostic %zu: %s", i, message);
	}
	assert_int_equal(d->v[i].severity, sev);
	assert_string_equal(d->v[i].file, file);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, col);
}

static const struct chancery_person *person(const chancery_registry *r, const char *id)
{
	size_t i;
	assert_int_equal(chancery_registry_lookup(r, id, &i), CHANCERY_ENT_PERSON);
	return chancery_registry_person(r, i);
}

static const struct chancery_party *party(const chancery_registry *r, const char *id)
{
	size_t i;
	assert_int_equal(chancery_registry_lookup(r, id, &i), CHANCERY_ENT_PARTY);
	return chancery_registry_party(r, i);
}

static const char base[] = "source s \"S\"\n"
			   "party AB \"Republic of Abkhazia\" short=Abkhazia\n"
			   "party VU \"Republic of Vanuatu\" short=Vanuatu\n"
			   "person shamba \"Sergei Shamba\" source=s\n"
			   "  office \"Minister of Foreign Affairs\" of=AB\n"
			   "treaty t \"T\" parties=AB,VU\n"
			   "  2011-05-23 sign\n";

/* A person of a.ledger gets another office in b.ledger; a party gets
 * attributes it lacks; a treaty an action. Before issue 8 the only way
 * was a second definition: "duplicate id". */
static void test_amend_adds(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int rc;
	chancery_registry *r = two_files(base,
					 "source t2 \"T2\"\n"
					 "amend shamba source=t2\n"
					 "  office \"Prime Minister\" of=AB from=2010-02-13 to=2011-09-27\n"
					 "amend VU adjective=Vanuatuan source=t2\n"
					 "amend t\n"
					 "  2011-06 ratify VU\n",
					 &d, &rc);
	const struct chancery_person *p = person(r, "shamba");
	if (d.n)
		print_diags(&d);
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(p->n_offices, 2);
	assert_string_equal(p->offices[1].title, "Prime Minister");
	assert_int_equal(p->sources.n, 2); /* s, then t2 */
	assert_string_equal(p->sources.v[1], "t2");
	assert_string_equal(party(r, "VU")->adjective, "Vanuatuan");
	assert_string_equal(party(r, "VU")->short_name, "Vanuatu");
	assert_int_equal(chancery_registry_lookup(r, "t.ratify.VU", NULL), CHANCERY_ENT_EVENT);
	/* the amended entities keep the place of their definition */
	assert_string_equal(p->loc.file, "a.ledger");
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

/* amend adds; it does not change: a short name set already is an error
 * at the attribute (b.ledger:1, column 10). An id that names nothing
 * before the line, and an event, are errors too. */
static void test_amend_errors(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int rc;
	chancery_registry *r = two_files(base,
					 "amend VU short=Vanuatoo\n"
					 "amend XX short=X\n"
					 "2011-05-23 recognise VU AB id=rec\n"
					 "amend rec note=x\n"
					 "amend VU article=an\n",
					 &d, &rc);
	assert_int_equal(rc, -CHANCERY_EINPUT);
	assert_int_equal(d.errors, 4);
	expect_diag(&d, 0, CHANCERY_ERROR, "b.ledger", 1, 10,
		    "'short' of party 'VU' is set already (a.ledger:3); amend adds to an entity, "
		    "it does not change what is set");
	expect_diag(&d, 1, CHANCERY_ERROR, "b.ledger", 2, 7,
		    "nothing has the id 'XX' before this line; amend adds to a party, person, "
		    "source or treaty defined earlier (include its file first)");
	expect_diag(&d, 2, CHANCERY_ERROR, "b.ledger", 4, 7,
		    "'rec' is an event: correct it with a new version of its line, same id");
	expect_diag(&d, 3, CHANCERY_ERROR, "b.ledger", 5, 10,
		    "expected article=the or article=none, not 'an'");
	assert_string_equal(party(r, "VU")->short_name, "Vanuatu"); /* unchanged */
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

/* Statehood is not system membership (issue 17): a party bundled as
 * existing by its COW entry (from=../1932-10-03) gets the day it was
 * recognised by, and a recognition before its entry is no error. amend
 * replaces from= and to=, the one change it makes. */
static void test_amend_existence(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int rc;
	char buf[64];
	chancery_registry *r = two_files("source s \"S\"\n"
					 "party US \"United States\"\n"
					 "party IQ \"Iraq\" from=../1932-10-03 to=2100\n"
					 "1930-01-09 recognise US IQ source=s\n",
					 "amend IQ from=1921-08-23 source=s\n", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(chancery_check(r, &d), 0);
	if (d.n)
		print_diags(&d);
	assert_int_equal(d.n, 0);
	chancery_date_format(&party(r, "IQ")->from, buf, sizeof(buf));
	assert_string_equal(buf, "1921-08-23");
	chancery_date_format(&party(r, "IQ")->to, buf, sizeof(buf));
	assert_string_equal(buf, "2100");
	chancery_registry_free(r);

	/* a recognition before the amended day is refused by the checks */
	r = two_files("source s \"S\"\nparty US \"United States\"\nparty IQ \"Iraq\" from=../1932-10-03\n"
		      "1920-01-09 recognise US IQ source=s\n",
		      "amend IQ from=1921-08-23\n", &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(chancery_check(r, &d), -CHANCERY_EINPUT);
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

/* A party defined again in another file: a warning, and the first
 * definition is kept, not replaced; its person block is passed over with
 * it. In the same file it stays an error. */
static void test_second_definition(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int rc;
	chancery_registry *r = two_files(base,
					 "party VU \"Vanuatu\" adjective=Vanuatuan\n"
					 "person shamba \"S. Shamba\"\n"
					 "  office \"Prime Minister\" of=AB\n",
					 &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 2);
	expect_diag(&d, 0, CHANCERY_WARNING, "b.ledger", 1, 7,
		    "party 'VU' is defined again; the definition at a.ledger:3 is kept (to add to "
		    "it, write 'amend VU ...')");
	expect_diag(&d, 1, CHANCERY_WARNING, "b.ledger", 2, 8,
		    "person 'shamba' is defined again; the definition at a.ledger:4 is kept (to add "
		    "to it, write 'amend shamba ...')");
	assert_string_equal(party(r, "VU")->name, "Republic of Vanuatu");
	assert_null(party(r, "VU")->adjective);
	assert_int_equal(person(r, "shamba")->n_offices, 1);
	chancery_diags_release(&d);
	chancery_registry_free(r);

	/* the same file: still an error naming the first */
	r = two_files("party AB \"Abkhazia\"\nparty AB \"Abkhazia\"\n", "", &d, &rc);
	assert_int_equal(d.warnings, 0);
	assert_int_equal(d.errors, 1);
	expect_diag(&d, 0, CHANCERY_ERROR, "a.ledger", 2, 7,
		    "duplicate id 'AB': already a party at a.ledger:1");
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

/* article=the|none is written back; the canonical text keeps it. */
static void test_article_round_trip(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	int rc;
	chancery_registry *r = two_files("party CZ \"Czech Republic\" article=the\n", "", &d, &rc);
	size_t i;
	char *text;
	assert_int_equal(rc, 0);
	assert_int_equal(chancery_registry_lookup(r, "CZ", &i), CHANCERY_ENT_PARTY);
	text = chancery_ledger_entity_text(r, CHANCERY_ENT_PARTY, i, 0);
	assert_string_equal(text, "party CZ \"Czech Republic\" article=the\n");
	free(text);
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amend_adds),
		cmocka_unit_test(test_amend_errors),
		cmocka_unit_test(test_amend_existence),
		cmocka_unit_test(test_second_definition),
		cmocka_unit_test(test_article_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
