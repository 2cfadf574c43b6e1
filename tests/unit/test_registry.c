/* test_registry.c: unit tests of src/model/registry.c: finding parties by id,
 * code, Wikidata id and name; "did you mean" suggestions; the canonical
 * order of events; registry_add_missing (the merge import uses); and
 * registry_event_involves. Expected values worked out by hand from
 * docs/ledger.md and src/model/registry.h. */
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

static void print_diags(const struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  diag %zu: %s:%u:%u: %s\n", i, d->v[i].file ? d->v[i].file : "-",
			      d->v[i].line, d->v[i].col, d->v[i].message);
}

/* A finished registry from text that must parse cleanly. */
static chancery_registry *load(const char *text)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	if (chancery_ledger_parse_buffer(r, "reg.ledger", text, strlen(text), &d) != 0 || d.n) {
		print_diags(&d);
		fail_msg("the test ledger does not parse");
	}
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	assert_int_equal(d.n, 0);
	chancery_diags_release(&d);
	return r;
}

static const struct chancery_event *event(const chancery_registry *r, const char *id)
{
	size_t i;
	if (chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_EVENT)
		fail_msg("no event '%s'", id);
	return chancery_registry_event(r, i);
}

/* ---- finding parties ---------------------------------------------------- */

static const char parties[] =
	"party RU \"Russian Federation\" short=Russia adjective=Russian iso=RU iso3=RUS "
	"wikidata=Q159\n"
	"party AB \"Republic of Abkhazia\" short=Abkhazia kind=partially-recognised "
	"wikidata=Q31354462\n"
	"party NE \"Republic of the Niger\" short=Niger iso=NE iso3=NER\n"
	"party NG \"Federal Republic of Nigeria\" short=Nigeria iso=NG iso3=NGA\n"
	"party RU-FC \"Federation Council\" kind=organ of=RU\n";

static void expect_found(const chancery_registry *r, const char *name, const char *id)
{
	const struct chancery_party *p = chancery_registry_find_party(r, name);
	if (!p)
		fail_msg("'%s' finds nothing, expected %s", name, id);
	assert_string_equal(p->id, id);
}

static void test_find_party(void **state)
{
	(void)state;
	chancery_registry *r = load(parties);
	/* docs/ledger.md: RU, RUS, Q159, Russia and russian federation. */
	expect_found(r, "RU", "RU");
	expect_found(r, "ru", "RU");
	expect_found(r, "RUS", "RU");
	expect_found(r, "rus", "RU");
	expect_found(r, "Q159", "RU");
	expect_found(r, "q159", "RU");
	expect_found(r, "Russia", "RU");
	expect_found(r, "RUSSIA", "RU");
	expect_found(r, "russian federation", "RU");
	expect_found(r, "Russian Federation", "RU");
	expect_found(r, "AB", "AB");
	expect_found(r, "abkhazia", "AB");
	expect_found(r, "Q31354462", "AB");
	expect_found(r, "Republic of Abkhazia", "AB");
	expect_found(r, "NER", "NE");
	expect_found(r, "nga", "NG");
	expect_found(r, "Niger", "NE");
	expect_found(r, "nigeria", "NG");
	expect_found(r, "ru-fc", "RU-FC");
	expect_found(r, "Federation Council", "RU-FC");
	/* The adjective is not a key; neither are parts of names. */
	assert_null(chancery_registry_find_party(r, "Russian"));
	assert_null(chancery_registry_find_party(r, "Federation"));
	assert_null(chancery_registry_find_party(r, "Rusia"));
	assert_null(chancery_registry_find_party(r, ""));
	assert_null(chancery_registry_find_party(r, "Q1"));
	chancery_registry_free(r);
}

static void test_suggest_parties(void **state)
{
	(void)state;
	chancery_registry *r = load(parties);
	const struct chancery_party *out[4] = { NULL };
	size_t n;

	/* "Rusia" is one edit from "Russia". */
	n = chancery_registry_suggest_parties(r, "Rusia", out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->id, "RU");

	/* "Nigerla" is one edit from Nigeria (NG) and two from Niger (NE):
	 * the nearest comes first although NE comes first in the registry,
	 * and only the nearest is given. */
	n = chancery_registry_suggest_parties(r, "Nigerla", out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->id, "NG");
	/* Case does not count. */
	n = chancery_registry_suggest_parties(r, "NIGERLA", out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->id, "NG");

	/* "Nigera" is one edit from both: both, in registry order; max
	 * bounds how many. */
	n = chancery_registry_suggest_parties(r, "Nigera", out, 4);
	assert_int_equal(n, 2);
	assert_string_equal(out[0]->id, "NE");
	assert_string_equal(out[1]->id, "NG");
	n = chancery_registry_suggest_parties(r, "Nigera", out, 1);
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->id, "NE");

	/* Nothing near. */
	assert_int_equal(chancery_registry_suggest_parties(r, "Atlantis", out, 4), 0);
	assert_int_equal(chancery_registry_suggest_parties(r, "XQ", out, 4), 0);
	assert_int_equal(chancery_registry_suggest_parties(r, "Rusia", out, 0), 0);
	chancery_registry_free(r);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", ""), 0);
	assert_int_equal(edit_distance("abc", ""), 3);
	assert_int_equal(edit_distance("", "abc"), 3);
	assert_int_equal(edit_distance("Russia", "russia"), 0);
	assert_int_equal(edit_distance("Rusia", "Russia"), 1);
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("recognize", "recognise"), 1);
}

/* ---- lookups by id --------------------------------------------------------- */

static void test_lookup(void **state)
{
	(void)state;
	chancery_registry *r = load("source s \"S\"\n"
				    "party RU \"R\"\n"
				    "person p \"P\"\n"
				    "2008 recognise RU AB id=e\n"
				    "treaty t \"T\" parties=RU\n"
				    "  2010 sign\n");
	size_t i = 99;
	assert_int_equal(chancery_registry_lookup(r, "s", &i), CHANCERY_ENT_SOURCE);
	assert_int_equal(i, 0);
	assert_int_equal(chancery_registry_lookup(r, "RU", NULL), CHANCERY_ENT_PARTY);
	assert_int_equal(chancery_registry_lookup(r, "p", NULL), CHANCERY_ENT_PERSON);
	assert_int_equal(chancery_registry_lookup(r, "e", NULL), CHANCERY_ENT_EVENT);
	assert_int_equal(chancery_registry_lookup(r, "t", NULL), CHANCERY_ENT_TREATY);
	assert_int_equal(chancery_registry_lookup(r, "t.sign", NULL), CHANCERY_ENT_EVENT);
	/* Ids are case-sensitive; the look-up by name is not. */
	assert_int_equal(chancery_registry_lookup(r, "ru", NULL), CHANCERY_ENT_NONE);
	assert_int_equal(chancery_registry_lookup(r, NULL, NULL), CHANCERY_ENT_NONE);
	assert_string_equal(chancery_entity_name(CHANCERY_ENT_PARTY), "party");
	assert_string_equal(chancery_entity_name(CHANCERY_ENT_EVENT), "event");
	assert_string_equal(chancery_entity_name(CHANCERY_ENT_NONE), "nothing");
	chancery_registry_free(r);
}

/* ---- canonical order ------------------------------------------------------- */

static void test_canonical_event_order(void **state)
{
	(void)state;
	/* Written in no order. Earliest possible days: 2008-12/2009-02 from
	 * 1 Dec 2008; 2009-01-01, 2009-01 and 2009 from 1 Jan 2009, then by
	 * latest day (1 Jan, 31 Jan, 31 Dec); 2009-06-15; undated last. On
	 * the same day the kind decides (recognise before declare), then the
	 * actor (AB before RU). */
	chancery_registry *r = load("undated declare RU id=u\n"
				    "2009 declare RU id=y\n"
				    "2009-06-15 declare RU id=d2\n"
				    "2009-01 declare RU id=m\n"
				    "2009-01-01 declare RU id=d1\n"
				    "2008-12/2009-02 declare RU id=i\n"
				    "2009-01-01 recognise RU AB id=r1\n"
				    "2009-01-01 declare AB id=d0\n"
				    "undated recognise RU AB id=u0\n");
	static const char *const want[] = { "i", "r1", "d0", "d1", "m", "y", "d2", "u0", "u" };
	assert_int_equal(chancery_registry_event_count(r), 9);
	for (size_t i = 0; i < 9; i++)
		assert_string_equal(chancery_registry_event(r, i)->id, want[i]);
	for (size_t i = 1; i < 9; i++)
		assert_true(event_cmp(chancery_registry_event(r, i - 1), chancery_registry_event(r, i)) < 0);
	assert_int_equal(event_cmp(chancery_registry_event(r, 3), chancery_registry_event(r, 3)), 0);
	chancery_registry_free(r);

	/* Parties, persons, sources and treaties are sorted by id. */
	r = load("party b \"B\"\nparty A \"A\"\nparty a \"a\"\n"
		 "source z \"Z\"\nsource y \"Y\"\n"
		 "person q \"Q\"\nperson p \"P\"\n"
		 "treaty t2 \"T2\" parties=a\ntreaty t1 \"T1\" parties=a\n");
	assert_string_equal(chancery_registry_party(r, 0)->id, "A");
	assert_string_equal(chancery_registry_party(r, 1)->id, "a");
	assert_string_equal(chancery_registry_party(r, 2)->id, "b");
	assert_null(chancery_registry_party(r, 3));
	assert_string_equal(chancery_registry_source(r, 0)->id, "y");
	assert_string_equal(chancery_registry_person(r, 0)->id, "p");
	assert_string_equal(chancery_registry_treaty(r, 0)->id, "t1");
	chancery_registry_free(r);
}

static void test_finish_twice(void **state)
{
	(void)state;
	/* Parsing more into a finished registry and finishing again keeps
	 * the generated ids given before and indexes the new entities. */
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = load("2008-08-26 recognise RU AB\n"
				    "treaty t \"T\" parties=RU,AB\n"
				    "  2010 sign\n");
	static const char more[] = "2008-08-26 recognise RU AB note=second\n"
				   "2007 recognise RU AB\n"
				   "treaty u \"U\" parties=RU\n"
				   "  2011 sign\n";
	assert_int_equal(chancery_ledger_parse_buffer(r, "more.ledger", more, strlen(more), &d), 0);
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	assert_int_equal(d.n, 0);
	assert_null(event(r, "2008-08-26.recognise.RU.AB")->note);
	assert_string_equal(event(r, "2008-08-26.recognise.RU.AB.2")->note, "second");
	assert_int_equal(event(r, "2007.recognise.RU.AB")->date.start.year, 2007);
	assert_string_equal(event(r, "u.sign")->treaty, "u");
	assert_int_equal(registry_treaty_actions(r, 0)->n, 1);
	assert_int_equal(registry_treaty_actions(r, 1)->n, 1);
	assert_string_equal(chancery_registry_event(r, registry_treaty_actions(r, 1)->v[0])->id,
			    "u.sign");
	assert_int_equal(registry_treaty_actions(r, 2)->n, 0);
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

/* ---- merging --------------------------------------------------------------- */

static void test_add_missing(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *dst = load("party RU \"Russia (dst)\"\n"
				      "2008-08-26 recognise RU AB id=e1 note=dst\n"
				      "treaty t0 \"T0 (dst)\" parties=RU,AB\n"
				      "  2010 sign note=dst\n");
	chancery_registry *src = load("party RU \"Russia (src)\"\n"
				      "party AB \"Abkhazia\"\n"
				      "person p \"P\"\n"
				      "  office \"Envoy\" of=RU\n"
				      "source s \"S\"\n"
				      "2008-08-26 recognise RU AB id=e1 note=src\n"
				      "2008-09-09 establish-relations RU AB id=e2\n"
				      "2008-08-26 recognise RU OS note=generated\n"
				      "treaty t0 \"T0 (src)\" parties=RU,AB\n"
				      "  2010 sign note=src\n"
				      "  2011 ratify RU\n"
				      "treaty t1 \"T1\" parties=RU,AB\n"
				      "  2012 sign\n");
	assert_int_equal(registry_add_missing(dst, src, &d), 0);
	if (d.n)
		print_diags(&d);
	assert_int_equal(d.n, 0);

	/* dst's versions stay. */
	assert_int_equal(chancery_registry_party_count(dst), 2);
	assert_string_equal(chancery_registry_find_party(dst, "RU")->name, "Russia (dst)");
	assert_string_equal(event(dst, "e1")->note, "dst");
	assert_string_equal(chancery_registry_treaty(dst, 0)->title, "T0 (dst)");
	assert_string_equal(event(dst, "t0.sign")->note, "dst");
	/* src's treaty t0 is not added, nor its actions. */
	assert_int_equal(chancery_registry_lookup(dst, "t0.ratify.RU", NULL), CHANCERY_ENT_NONE);

	/* src's others are added, with their ids. */
	assert_string_equal(chancery_registry_find_party(dst, "AB")->name, "Abkhazia");
	assert_int_equal(chancery_registry_person_count(dst), 1);
	assert_int_equal(chancery_registry_person(dst, 0)->n_offices, 1);
	assert_int_equal(chancery_registry_source_count(dst), 1);
	assert_int_equal(event(dst, "e2")->kind, CHANCERY_EV_ESTABLISH_RELATIONS);
	assert_string_equal(event(dst, "2008-08-26.recognise.RU.OS")->note, "generated");
	assert_int_equal(chancery_registry_treaty_count(dst), 2);
	assert_string_equal(chancery_registry_treaty(dst, 1)->title, "T1");
	assert_string_equal(event(dst, "t1.sign")->treaty, "t1");
	assert_int_equal(registry_treaty_actions(dst, 1)->n, 1);
	assert_int_equal(chancery_registry_event_count(dst), 5);
	/* dst is finished: in canonical order. */
	for (size_t i = 1; i < chancery_registry_event_count(dst); i++)
		assert_true(event_cmp(chancery_registry_event(dst, i - 1),
				      chancery_registry_event(dst, i)) < 0);
	/* src is not changed. */
	assert_int_equal(chancery_registry_event_count(src), 6);
	assert_int_equal(chancery_registry_treaty_count(src), 2);
	chancery_diags_release(&d);
	chancery_registry_free(dst);
	chancery_registry_free(src);
}

static void test_add_missing_into_empty(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *dst = chancery_registry_new();
	chancery_registry *src = load("party RU \"R\"\n2008 recognise RU AB\n");
	assert_int_equal(registry_add_missing(dst, src, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(chancery_registry_party_count(dst), 1);
	assert_int_equal(event(dst, "2008.recognise.RU.AB")->kind, CHANCERY_EV_RECOGNISE);
	/* Nothing missing: nothing changes. */
	assert_int_equal(registry_add_missing(dst, src, &d), 0);
	assert_int_equal(chancery_registry_party_count(dst), 1);
	assert_int_equal(chancery_registry_event_count(dst), 1);
	chancery_diags_release(&d);
	chancery_registry_free(dst);
	chancery_registry_free(src);
}

/* The copy is complete and owns its strings: every entity of the bundled
 * registry, merged into an empty one, writes back the same ledger text,
 * and still does after the source registry is freed (ASan would report
 * a string left pointing into it). */
static char *write_all(const chancery_registry *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(chancery_ledger_write(r, f), 0);
	fclose(f);
	return text;
}

static void test_add_missing_copies_everything(void **state)
{
	(void)state;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *src = chancery_registry_new();
	chancery_registry *dst = chancery_registry_new();
	char *want, *got;
	assert_int_equal(chancery_ledger_parse_file(src, "data/registry.ledger", &d), 0);
	/* the world's gw=, isonum= and system= too (issue 12); the second
	 * pair's fixture has parties of its own with the same ids */
	assert_int_equal(chancery_ledger_parse_file(src, "data/world.ledger", &d), 0);
	assert_int_equal(chancery_registry_finish(src, &d), 0);
	want = write_all(src);
	assert_true(chancery_registry_event_count(src) > 40);
	assert_true(chancery_registry_treaty_count(src) > 5);
	assert_true(chancery_registry_person_count(src) > 3);
	assert_int_equal(registry_add_missing(dst, src, &d), 0);
	chancery_registry_free(src);
	got = write_all(dst);
	assert_string_equal(got, want);
	free(want);
	free(got);
	chancery_diags_release(&d);
	chancery_registry_free(dst);
}

/* ---- involvement ----------------------------------------------------------- */

static void test_event_involves(void **state)
{
	(void)state;
	chancery_registry *r = load("party RU \"Russia\"\n"
				    "party AB \"Abkhazia\"\n"
				    "party OS \"South Ossetia\"\n"
				    "party GE \"Georgia\"\n"
				    "party EU \"European Union\"\n"
				    "party RU-FC \"Federation Council\" kind=organ of=RU\n"
				    "party RU-FC-C \"A committee\" kind=organ of=RU-FC\n"
				    "person g \"G\"\n"
				    "2008-08-25 motion RU-FC subject=OS id=motion\n"
				    "2008-08-25 motion RU-FC-C id=committee\n"
				    "2008-08-26 recognise RU AB id=rec\n"
				    "2008-08-27 react EU about=rec id=react\n"
				    "2008-08-28 react GE about=react id=react2\n"
				    "1999 declare-independence AB from=GE id=indep\n"
				    "2008-09-25 appoint-envoy g RU AB id=envoy\n"
				    "treaty t \"T\" parties=RU,AB\n"
				    "  2010 sign\n"
				    "  2011 ratify RU\n");
	const struct chancery_event *e;

	/* An organ's act involves the organ and its state, and its subjects. */
	e = event(r, "motion");
	assert_true(registry_event_involves(r, e, "RU-FC"));
	assert_true(registry_event_involves(r, e, "RU"));
	assert_true(registry_event_involves(r, e, "OS"));
	assert_false(registry_event_involves(r, e, "AB"));
	/* of= is followed up more than one step. */
	e = event(r, "committee");
	assert_true(registry_event_involves(r, e, "RU"));
	assert_true(registry_event_involves(r, e, "RU-FC"));
	assert_false(registry_event_involves(r, e, "OS"));
	/* The state does not make its organ involved. */
	e = event(r, "rec");
	assert_true(registry_event_involves(r, e, "RU"));
	assert_true(registry_event_involves(r, e, "AB"));
	assert_false(registry_event_involves(r, e, "RU-FC"));
	assert_false(registry_event_involves(r, e, "EU"));

	/* A reaction: its actor, and the parties of the event it is about. */
	e = event(r, "react");
	assert_true(registry_event_involves(r, e, "EU"));
	assert_true(registry_event_involves(r, e, "RU"));
	assert_true(registry_event_involves(r, e, "AB"));
	assert_false(registry_event_involves(r, e, "GE"));
	/* A reaction to a reaction reaches the first event. */
	e = event(r, "react2");
	assert_true(registry_event_involves(r, e, "GE"));
	assert_true(registry_event_involves(r, e, "EU"));
	assert_true(registry_event_involves(r, e, "AB"));
	assert_false(registry_event_involves(r, e, "OS"));

	/* from= counts. */
	e = event(r, "indep");
	assert_true(registry_event_involves(r, e, "AB"));
	assert_true(registry_event_involves(r, e, "GE"));
	assert_false(registry_event_involves(r, e, "RU"));

	/* The envoy is a person, not a party. */
	e = event(r, "envoy");
	assert_true(registry_event_involves(r, e, "RU"));
	assert_true(registry_event_involves(r, e, "AB"));
	assert_false(registry_event_involves(r, e, "g"));

	/* A treaty's parties count for each of its actions. */
	e = event(r, "t.sign");
	assert_true(registry_event_involves(r, e, "RU"));
	assert_true(registry_event_involves(r, e, "AB"));
	assert_false(registry_event_involves(r, e, "GE"));
	e = event(r, "t.ratify.RU");
	assert_true(registry_event_involves(r, e, "AB"));
	assert_true(registry_event_involves(r, e, "RU-FC") == 0);
	chancery_registry_free(r);
}

static void test_involves_cycles_end(void **state)
{
	(void)state;
	/* An of= cycle and a reaction cycle are bad data, but must end. */
	chancery_registry *r = load("party A \"A\" kind=organ of=B\n"
				    "party B \"B\" kind=organ of=A\n"
				    "party C \"C\"\n"
				    "2008 react C about=y id=x\n"
				    "2008 react C about=x id=y\n"
				    "2009 declare A id=z\n");
	assert_false(registry_event_involves(r, event(r, "z"), "C"));
	assert_true(registry_event_involves(r, event(r, "z"), "B"));
	assert_false(registry_event_involves(r, event(r, "x"), "A"));
	assert_true(registry_event_involves(r, event(r, "x"), "C"));
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_party),
		cmocka_unit_test(test_suggest_parties),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_canonical_event_order),
		cmocka_unit_test(test_finish_twice),
		cmocka_unit_test(test_add_missing),
		cmocka_unit_test(test_add_missing_into_empty),
		cmocka_unit_test(test_add_missing_copies_everything),
		cmocka_unit_test(test_event_involves),
		cmocka_unit_test(test_involves_cycles_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
