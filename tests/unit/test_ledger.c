/* test_ledger.c: unit tests of the ledger parser (src/ledger/) and
 * the canonical writer (src/ledger/write.c). Every expected value was
 * worked out by hand from docs/ledger.md: the fields each directive fills,
 * every error message with the line and column it points at (columns are
 * 1-based and count characters, not bytes), includes, generated ids, the
 * canonical text and the round trip parse -> write -> parse -> write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chancery.h"
#include "model/registry.h"

#define NAME "test.ledger"

/* ---- helpers ---------------------------------------------------------- */

struct parsed {
	chancery_registry *r;
	struct chancery_diags d;
	int rc;
};

/* Parse len bytes of text as NAME and finish the registry. */
static void parse_n(struct parsed *p, const char *text, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->r = chancery_registry_new();
	p->rc = chancery_ledger_parse_buffer(p->r, NAME, text, len, &p->d);
	assert_int_equal(chancery_registry_finish(p->r, &p->d), 0);
}

static void parse(struct parsed *p, const char *text)
{
	parse_n(p, text, strlen(text));
}

static void print_diags(const struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  diag %zu: %s:%u:%u: %s\n", i, d->v[i].file ? d->v[i].file : "-",
			      d->v[i].line, d->v[i].col, d->v[i].message);
}

/* Parse text that must be free of errors and warnings. */
static void parse_clean(struct parsed *p, const char *text)
{
	parse(p, text);
	if (p->rc != 0 || p->d.n != 0) {
		print_diags(&p->d);
		fail_msg("expected a clean parse, got %zu diagnostics", p->d.n);
	}
}

static void release(struct parsed *p)
{
	chancery_diags_release(&p->d);
	chancery_registry_free(p->r);
}

static void expect_diag_in(const struct chancery_diags *d, size_t i, enum chancery_severity sev,
			   const char *file, unsigned line, unsigned col, const char *message)
{
	if (i >= d->n) {
		print_diags(d);
		fail_msg("expected diagnostic %zu (\"%s\"), have %zu", i, message, d->n);
	}
	if (strcmp(d->v[i].message, message) != 0)
		print_diags(d);
	assert_string_equal(d->v[i].message, message);
	assert_int_equal(d->v[i].severity, sev);
	assert_non_null(d->v[i].file);
	assert_string_equal(d->v[i].file, file);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, col);
}

/* The only diagnostic of a parse is an error at line:col with message. */
static void expect_one_error(const char *text, unsigned line, unsigned col, const char *message)
{
	struct parsed p;
	parse(&p, text);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, NAME, line, col, message);
	if (p.d.n != 1) {
		print_diags(&p.d);
		fail_msg("expected 1 diagnostic, got %zu", p.d.n);
	}
	assert_int_equal(p.d.errors, 1);
	assert_int_equal(p.rc, -CHANCERY_EINPUT);
	release(&p);
}

/* The canonical text of a whole registry, as a malloc'd string. */
static char *write_text(const chancery_registry *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(chancery_ledger_write(r, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static const struct chancery_party *party(const chancery_registry *r, const char *id)
{
	size_t i;
	assert_int_equal(chancery_registry_lookup(r, id, &i), CHANCERY_ENT_PARTY);
	return chancery_registry_party(r, i);
}

static const struct chancery_person *person(const chancery_registry *r, const char *id)
{
	size_t i;
	assert_int_equal(chancery_registry_lookup(r, id, &i), CHANCERY_ENT_PERSON);
	return chancery_registry_person(r, i);
}

static const struct chancery_source *source(const chancery_registry *r, const char *id)
{
	size_t i;
	assert_int_equal(chancery_registry_lookup(r, id, &i), CHANCERY_ENT_SOURCE);
	return chancery_registry_source(r, i);
}

static const struct chancery_event *event(const chancery_registry *r, const char *id)
{
	size_t i;
	if (chancery_registry_lookup(r, id, &i) != CHANCERY_ENT_EVENT)
		fail_msg("no event '%s'", id);
	return chancery_registry_event(r, i);
}

static const struct chancery_treaty *treaty(const chancery_registry *r, const char *id)
{
	size_t i;
	assert_int_equal(chancery_registry_lookup(r, id, &i), CHANCERY_ENT_TREATY);
	return chancery_registry_treaty(r, i);
}

static void assert_ids(const struct chancery_ids *ids, uint32_t n, const char *a, const char *b)
{
	assert_int_equal(ids->n, n);
	if (n > 0)
		assert_string_equal(ids->v[0], a);
	if (n > 1)
		assert_string_equal(ids->v[1], b);
}

/* A day-precision date: written form and the single day it stands for. */
static void assert_day(const struct chancery_date *d, int y, int m, int day)
{
	assert_int_equal(d->form, CHANCERY_DATE_POINT);
	assert_int_equal(d->start.precision, CHANCERY_PREC_DAY);
	assert_int_equal(d->start.year, y);
	assert_int_equal(d->start.month, m);
	assert_int_equal(d->start.day, day);
	assert_int_equal(d->lo, chancery_day_from_ymd(y, m, day));
	assert_int_equal(d->hi, chancery_day_from_ymd(y, m, day));
}

/* ---- directives ------------------------------------------------------- */

static void test_party_all_attributes(void **state)
{
	(void)state;
	struct parsed p;
	parse_clean(&p, "party RU \"Russian Federation\" short=Russia adjective=Russian kind=organ "
			"iso=RU iso3=RUS cow=365 wikidata=Q159 of=CIS from=1991-12-26 to=2099 "
			"source=abru,wd note=\"first\\tsecond \\\"q\\\" \\\\ \\nend\"\n"
			"party AB \"Republic of Abkhazia\"\n");
	assert_int_equal(chancery_registry_party_count(p.r), 2);
	const struct chancery_party *ru = party(p.r, "RU");
	assert_string_equal(ru->id, "RU");
	assert_string_equal(ru->name, "Russian Federation");
	assert_string_equal(ru->short_name, "Russia");
	assert_string_equal(ru->adjective, "Russian");
	assert_int_equal(ru->kind, CHANCERY_PARTY_ORGAN);
	assert_string_equal(ru->iso2, "RU");
	assert_string_equal(ru->iso3, "RUS");
	assert_int_equal(ru->cow, 365);
	assert_string_equal(ru->wikidata, "Q159");
	assert_string_equal(ru->of, "CIS");
	assert_day(&ru->from, 1991, 12, 26);
	assert_int_equal(ru->to.form, CHANCERY_DATE_POINT);
	assert_int_equal(ru->to.start.precision, CHANCERY_PREC_YEAR);
	assert_int_equal(ru->to.lo, chancery_day_from_ymd(2099, 1, 1));
	assert_int_equal(ru->to.hi, chancery_day_from_ymd(2099, 12, 31));
	assert_ids(&ru->sources, 2, "abru", "wd");
	assert_string_equal(ru->note, "first\tsecond \"q\" \\ \nend");
	assert_string_equal(ru->loc.file, NAME);
	assert_int_equal(ru->loc.line, 1);

	/* Absent attributes are NULL, 0 and dates of form NONE; kind is state. */
	const struct chancery_party *ab = party(p.r, "AB");
	assert_string_equal(ab->name, "Republic of Abkhazia");
	assert_int_equal(ab->kind, CHANCERY_PARTY_STATE);
	assert_null(ab->short_name);
	assert_null(ab->adjective);
	assert_null(ab->iso2);
	assert_null(ab->iso3);
	assert_null(ab->wikidata);
	assert_null(ab->of);
	assert_null(ab->note);
	assert_int_equal(ab->cow, 0);
	assert_int_equal(ab->from.form, CHANCERY_DATE_NONE);
	assert_int_equal(ab->to.form, CHANCERY_DATE_NONE);
	assert_int_equal(ab->sources.n, 0);
	assert_int_equal(ab->loc.line, 2);
	release(&p);
}

static void test_party_kinds(void **state)
{
	(void)state;
	struct parsed p;
	parse_clean(&p, "party A \"A\" kind=state\n"
			"party B \"B\" kind=partially-recognised\n"
			"party C \"C\" kind=organisation\n"
			"party D \"D\" kind=group\n"
			"party E \"E\" kind=organ of=A\n"
			"party F \"F\" kind=territory\n");
	assert_int_equal(party(p.r, "A")->kind, CHANCERY_PARTY_STATE);
	assert_int_equal(party(p.r, "B")->kind, CHANCERY_PARTY_PARTIALLY_RECOGNISED);
	assert_int_equal(party(p.r, "C")->kind, CHANCERY_PARTY_ORGANISATION);
	assert_int_equal(party(p.r, "D")->kind, CHANCERY_PARTY_GROUP);
	assert_int_equal(party(p.r, "E")->kind, CHANCERY_PARTY_ORGAN);
	assert_int_equal(party(p.r, "F")->kind, CHANCERY_PARTY_TERRITORY);
	release(&p);

	expect_one_error("party A \"A\" kind=country\n", 1, 18,
			 "unknown party kind 'country'; expected state, partially-recognised, "
			 "organisation, group, organ or territory");
	expect_one_error("party A \"A\" cow=36x\n", 1, 17,
			 "expected a number from 1 to 99999 for 'cow'");
	expect_one_error("party A \"A\" cow=0\n", 1, 17,
			 "expected a number from 1 to 99999 for 'cow'");
}

static void test_person_with_offices(void **state)
{
	(void)state;
	struct parsed p;
	parse_clean(&p, "person medvedev \"Dmitry Medvedev\" wikidata=Q23530 source=wp note=n1\n"
			"  office \"President\" of=RU from=2008-05-07 to=2012-05-07 source=wp,abru\n"
			"\n"
			"# a comment inside the block\n"
			"\toffice \"Prime Minister\" of=RU\n"
			"person shamba \"Sergei Shamba\"\n");
	assert_int_equal(chancery_registry_person_count(p.r), 2);
	const struct chancery_person *m = person(p.r, "medvedev");
	assert_string_equal(m->name, "Dmitry Medvedev");
	assert_string_equal(m->wikidata, "Q23530");
	assert_ids(&m->sources, 1, "wp", NULL);
	assert_string_equal(m->note, "n1");
	assert_int_equal(m->loc.line, 1);
	assert_int_equal(m->n_offices, 2);
	assert_string_equal(m->offices[0].title, "President");
	assert_string_equal(m->offices[0].of, "RU");
	assert_day(&m->offices[0].from, 2008, 5, 7);
	assert_day(&m->offices[0].to, 2012, 5, 7);
	assert_ids(&m->offices[0].sources, 2, "wp", "abru");
	assert_string_equal(m->offices[1].title, "Prime Minister");
	assert_string_equal(m->offices[1].of, "RU");
	assert_int_equal(m->offices[1].from.form, CHANCERY_DATE_NONE);
	assert_int_equal(m->offices[1].to.form, CHANCERY_DATE_NONE);
	assert_int_equal(m->offices[1].sources.n, 0);

	const struct chancery_person *s = person(p.r, "shamba");
	assert_null(s->wikidata);
	assert_null(s->note);
	assert_int_equal(s->n_offices, 0);
	release(&p);

	expect_one_error("person x \"X\"\n  office \"President\" from=2008\n", 2, 10,
			 "the office needs of=PARTY");
	expect_one_error("person x \"X\"\n  office President of=RU\n", 2, 10,
			 "expected the office's title in double quotes");
	expect_one_error("person x \"X\"\n  title \"President\" of=RU\n", 2, 3,
			 "expected 'office' in a person block");
}

static void test_source(void **state)
{
	(void)state;
	struct parsed p;
	parse_clean(&p, "source abru \"Abkhazia–Russia relations\" publisher=Wikipedia "
			"url=https://en.wikipedia.org/wiki/Abkhazia–Russia_relations date=2024-05 "
			"accessed=2025-01-31 note=\"checked\"\n");
	const struct chancery_source *s = source(p.r, "abru");
	assert_string_equal(s->title, "Abkhazia–Russia relations");
	assert_string_equal(s->publisher, "Wikipedia");
	assert_string_equal(s->url, "https://en.wikipedia.org/wiki/Abkhazia–Russia_relations");
	assert_int_equal(s->date.form, CHANCERY_DATE_POINT);
	assert_int_equal(s->date.start.precision, CHANCERY_PREC_MONTH);
	assert_int_equal(s->date.lo, chancery_day_from_ymd(2024, 5, 1));
	assert_int_equal(s->date.hi, chancery_day_from_ymd(2024, 5, 31));
	assert_day(&s->accessed, 2025, 1, 31);
	assert_string_equal(s->note, "checked");
	release(&p);

	expect_one_error("source s \"\"\n", 1, 10, "the source's name is empty");
	expect_one_error("source s\n", 1, 9, "expected the source's title in double quotes after 's'");
}

/* A source's covers lines (docs/coverage.md): what it lists completely. */
static void test_source_covers(void **state)
{
	(void)state;
	struct parsed p;
	const struct chancery_coverage *c;
	parse_clean(&p, "source rdcr \"Guide\"\n"
			"  covers recognition,relations by=US with=all from=1776 to=2023\n"
			"  covers missions type=embassy members=cow from=1960-04 to=1960-06 note=\"spring\"\n"
			"party US \"United States\"\n");
	const struct chancery_source *s = source(p.r, "rdcr");
	assert_int_equal(s->n_covers, 2);
	c = &s->covers[0];
	assert_int_equal(c->facts, CHANCERY_FACT_RECOGNITION | CHANCERY_FACT_RELATIONS);
	assert_int_equal(c->by.n, 1);
	assert_string_equal(c->by.v[0], "US");
	assert_int_equal(c->with.n, 0); /* all */
	assert_null(c->mission_type);
	assert_int_equal(c->from.lo, chancery_day_from_ymd(1776, 1, 1));
	assert_int_equal(c->to.hi, chancery_day_from_ymd(2023, 12, 31));
	assert_int_equal(c->loc.line, 2);
	c = &s->covers[1];
	assert_int_equal(c->facts, CHANCERY_FACT_MISSIONS);
	assert_int_equal(c->by.n, 0);
	assert_string_equal(c->mission_type, "embassy");
	assert_string_equal(c->members, "cow");
	assert_string_equal(c->note, "spring");
	release(&p);

	/* amend adds covers lines to a source defined earlier */
	parse_clean(&p, "source s \"S\"\namend s\n  covers envoys by=US from=1778 to=2020\n"
			"party US \"United States\"\n");
	assert_int_equal(source(p.r, "s")->n_covers, 1);
	assert_int_equal(source(p.r, "s")->covers[0].facts, CHANCERY_FACT_ENVOYS);
	release(&p);

	expect_one_error("source s \"S\"\n  covers treaties from=2000 to=2001\n", 2, 10,
			 "expected a kind of fact (recognition, relations, missions, envoys or"
			 " membership), not 'treaties'");
	expect_one_error("source s \"S\"\n  covers relations,frob from=2000 to=2001\n", 2, 20,
			 "expected a kind of fact (recognition, relations, missions, envoys or"
			 " membership), not 'frob'");
	expect_one_error("source s \"S\"\n  covers relations from=2000\n", 2, 10,
			 "a covers line needs from=DATE and to=DATE: the period the source lists"
			 " completely");
	expect_one_error("source s \"S\"\n  covers relations type=embassy from=2000 to=2001\n", 2,
			 20,
			 "type= limits a covers line of missions alone; write the other kinds on a"
			 " line of their own");
	expect_one_error("source s \"S\"\n  office \"x\"\n", 2, 3, "expected 'covers' in a source block");
}

/* Every event kind with its arguments and the attributes it allows. */
static const char all_kinds[] =
	"2008-08-26 declare-independence AB from=GE id=e1\n"
	"2008-08-26 recognise RU AB instrument=\"presidential decree\" by=medvedev id=e2\n"
	"2020 withdraw-recognition VU AB instrument=note by=x id=e3\n"
	"2008-08-25 motion RU-FC subject=AB,OS addressee=medvedev id=e4 \"Asks the President\"\n"
	"2008-08-26 decree RU by=medvedev subject=AB id=e5 \"Decrees\"\n"
	"2008-08-29 declare GE subject=AB,OS by=y id=e6 \"Occupied\"\n"
	"2008-09-09 establish-relations RU AB level=embassy instrument=notes place=Moscow "
	"persons=lavrov,shamba id=e7\n"
	"2010 change-relations RU AB level=legation instrument=i id=e8\n"
	"2011 suspend-relations RU AB instrument=i by=z id=e9\n"
	"2008-08-29 sever-relations GE RU instrument=note by=w id=e10\n"
	"2012 restore-relations GE RU level=interests-section instrument=i place=Bern "
	"persons=p1 id=e11\n"
	"2009 announce-mission RU AB type=embassy city=Sukhumi by=putin instrument=directive id=e12\n"
	"2009-05-01 open-mission RU AB type=consulate-general city=Gagra id=e13\n"
	"2015 close-mission RU AB type=trade-mission city=Gagra id=e14\n"
	"2008-09-25 appoint-envoy grigoriyev RU AB rank=Ambassador by=medvedev instrument=ukaz "
	"id=e15\n"
	"2008-12-16 present-credentials grigoriyev RU AB to=bagapsh place=Sukhumi id=e16\n"
	"2013 end-envoy grigoriyev RU AB instrument=ukaz id=e17\n"
	"2008-08-26/.. react EU about=e2 stance=condemn by=solana id=e18 source=abru note=n "
	"\"Condemns it\"\n"
	"2008-08 armed-conflict RU AB place=Gagra id=e19 \"A war\"\n"
	"2011-06 deny-recognition VU AB instrument=statement by=x id=e20\n"
	"2011-06-07 reaffirm-recognition VU AB by=y id=e21\n"
	"2007-06-01 switch-recognition CR CN from=TW instrument=communique id=e22\n"
	"1945-10-24 join-organisation RU UN instrument=charter id=e23\n"
	"1971-10-25 leave-organisation TW UN id=e24\n"
	"1992-07-31 enter-system GE system=cow id=e25\n"
	"2008-08-26 exit-system AB system=gw id=e26\n";

static void test_event_kinds(void **state)
{
	(void)state;
	struct parsed p;
	const struct chancery_event *e;
	parse_clean(&p, all_kinds);
	assert_int_equal(chancery_registry_event_count(p.r), 26);

	e = event(p.r, "e1");
	assert_int_equal(e->kind, CHANCERY_EV_DECLARE_INDEPENDENCE);
	assert_day(&e->date, 2008, 8, 26);
	assert_string_equal(e->actor, "AB");
	assert_null(e->target);
	assert_null(e->person);
	assert_null(e->treaty);
	assert_string_equal(e->from_party, "GE");
	assert_int_equal(e->auto_id, 0);
	assert_int_equal(e->loc.line, 1);

	e = event(p.r, "e2");
	assert_int_equal(e->kind, CHANCERY_EV_RECOGNISE);
	assert_string_equal(e->actor, "RU");
	assert_string_equal(e->target, "AB");
	assert_string_equal(e->instrument, "presidential decree");
	assert_string_equal(e->by, "medvedev");
	assert_null(e->text);

	e = event(p.r, "e3");
	assert_int_equal(e->kind, CHANCERY_EV_WITHDRAW_RECOGNITION);
	assert_string_equal(e->actor, "VU");
	assert_string_equal(e->target, "AB");
	assert_string_equal(e->instrument, "note");
	assert_string_equal(e->by, "x");
	assert_int_equal(e->date.start.precision, CHANCERY_PREC_YEAR);

	e = event(p.r, "e4");
	assert_int_equal(e->kind, CHANCERY_EV_MOTION);
	assert_string_equal(e->actor, "RU-FC");
	assert_null(e->target);
	assert_ids(&e->subject, 2, "AB", "OS");
	assert_string_equal(e->to, "medvedev"); /* addressee= */
	assert_string_equal(e->text, "Asks the President");

	e = event(p.r, "e5");
	assert_int_equal(e->kind, CHANCERY_EV_DECREE);
	assert_string_equal(e->actor, "RU");
	assert_string_equal(e->by, "medvedev");
	assert_ids(&e->subject, 1, "AB", NULL);
	assert_string_equal(e->text, "Decrees");

	e = event(p.r, "e6");
	assert_int_equal(e->kind, CHANCERY_EV_DECLARE);
	assert_string_equal(e->actor, "GE");
	assert_ids(&e->subject, 2, "AB", "OS");
	assert_string_equal(e->by, "y");
	assert_string_equal(e->text, "Occupied");

	e = event(p.r, "e7");
	assert_int_equal(e->kind, CHANCERY_EV_ESTABLISH_RELATIONS);
	assert_string_equal(e->actor, "RU");
	assert_string_equal(e->target, "AB");
	assert_string_equal(e->level, "embassy");
	assert_string_equal(e->instrument, "notes");
	assert_string_equal(e->place, "Moscow");
	assert_ids(&e->persons, 2, "lavrov", "shamba");

	e = event(p.r, "e8");
	assert_int_equal(e->kind, CHANCERY_EV_CHANGE_RELATIONS);
	assert_string_equal(e->level, "legation");
	assert_string_equal(e->instrument, "i");

	e = event(p.r, "e9");
	assert_int_equal(e->kind, CHANCERY_EV_SUSPEND_RELATIONS);
	assert_string_equal(e->actor, "RU");
	assert_string_equal(e->target, "AB");
	assert_string_equal(e->by, "z");

	e = event(p.r, "e10");
	assert_int_equal(e->kind, CHANCERY_EV_SEVER_RELATIONS);
	assert_string_equal(e->actor, "GE");
	assert_string_equal(e->target, "RU");
	assert_string_equal(e->instrument, "note");
	assert_string_equal(e->by, "w");

	e = event(p.r, "e11");
	assert_int_equal(e->kind, CHANCERY_EV_RESTORE_RELATIONS);
	assert_string_equal(e->level, "interests-section");
	assert_string_equal(e->place, "Bern");
	assert_ids(&e->persons, 1, "p1", NULL);

	e = event(p.r, "e12");
	assert_int_equal(e->kind, CHANCERY_EV_ANNOUNCE_MISSION);
	assert_string_equal(e->actor, "RU");
	assert_string_equal(e->target, "AB");
	assert_string_equal(e->mission_type, "embassy");
	assert_string_equal(e->city, "Sukhumi");
	assert_string_equal(e->by, "putin");
	assert_string_equal(e->instrument, "directive");

	e = event(p.r, "e13");
	assert_int_equal(e->kind, CHANCERY_EV_OPEN_MISSION);
	assert_string_equal(e->mission_type, "consulate-general");
	assert_string_equal(e->city, "Gagra");
	assert_day(&e->date, 2009, 5, 1);

	e = event(p.r, "e14");
	assert_int_equal(e->kind, CHANCERY_EV_CLOSE_MISSION);
	assert_string_equal(e->mission_type, "trade-mission");

	e = event(p.r, "e15");
	assert_int_equal(e->kind, CHANCERY_EV_APPOINT_ENVOY);
	assert_string_equal(e->person, "grigoriyev");
	assert_string_equal(e->actor, "RU");
	assert_string_equal(e->target, "AB");
	assert_string_equal(e->rank, "Ambassador");
	assert_string_equal(e->by, "medvedev");
	assert_string_equal(e->instrument, "ukaz");

	e = event(p.r, "e16");
	assert_int_equal(e->kind, CHANCERY_EV_PRESENT_CREDENTIALS);
	assert_string_equal(e->person, "grigoriyev");
	assert_string_equal(e->to, "bagapsh");
	assert_string_equal(e->place, "Sukhumi");

	e = event(p.r, "e17");
	assert_int_equal(e->kind, CHANCERY_EV_END_ENVOY);
	assert_string_equal(e->person, "grigoriyev");
	assert_string_equal(e->instrument, "ukaz");

	e = event(p.r, "e18");
	assert_int_equal(e->kind, CHANCERY_EV_REACT);
	assert_string_equal(e->actor, "EU");
	assert_string_equal(e->about, "e2");
	assert_string_equal(e->stance, "condemn");
	assert_string_equal(e->by, "solana");
	assert_ids(&e->sources, 1, "abru", NULL);
	assert_string_equal(e->note, "n");
	assert_string_equal(e->text, "Condemns it");
	assert_int_equal(e->date.form, CHANCERY_DATE_INTERVAL);
	assert_int_equal(e->date.lo, chancery_day_from_ymd(2008, 8, 26));
	assert_int_equal(e->date.hi, CHANCERY_DAY_MAX);
	assert_int_equal(e->loc.line, 18);

	e = event(p.r, "e20");
	assert_int_equal(e->kind, CHANCERY_EV_DENY_RECOGNITION);
	assert_string_equal(e->instrument, "statement");
	assert_int_equal(e->date.start.precision, CHANCERY_PREC_MONTH);
	e = event(p.r, "e21");
	assert_int_equal(e->kind, CHANCERY_EV_REAFFIRM_RECOGNITION);
	assert_string_equal(e->by, "y");
	e = event(p.r, "e22");
	assert_int_equal(e->kind, CHANCERY_EV_SWITCH_RECOGNITION);
	assert_string_equal(e->actor, "CR");
	assert_string_equal(e->target, "CN");
	assert_string_equal(e->from_party, "TW");
	e = event(p.r, "e23");
	assert_int_equal(e->kind, CHANCERY_EV_JOIN_ORGANISATION);
	assert_string_equal(e->target, "UN");
	e = event(p.r, "e24");
	assert_int_equal(e->kind, CHANCERY_EV_LEAVE_ORGANISATION);
	assert_string_equal(e->actor, "TW");
	e = event(p.r, "e25");
	assert_int_equal(e->kind, CHANCERY_EV_ENTER_SYSTEM);
	assert_string_equal(e->actor, "GE");
	assert_string_equal(e->system, "cow");
	e = event(p.r, "e26");
	assert_int_equal(e->kind, CHANCERY_EV_EXIT_SYSTEM);
	assert_string_equal(e->system, "gw");

	/* Every kind except the treaty actions was used once. */
	int seen[CHANCERY_EV__COUNT] = { 0 };
	for (size_t i = 0; i < chancery_registry_event_count(p.r); i++)
		seen[chancery_registry_event(p.r, i)->kind]++;
	for (int k = 0; k < CHANCERY_EV__COUNT; k++)
		assert_int_equal(seen[k], chancery_event_kind_is_treaty_action(k) ? 0 : 1);
	release(&p);
}

static void test_event_values(void **state)
{
	(void)state;
	/* Enumerated values are checked against their lists. */
	expect_one_error("2008 establish-relations RU AB level=embasy\n", 1, 38,
			 "unknown level of relations 'embasy'; expected embassy, legation, "
			 "consulate, charge-d-affaires, interests-section or liaison-office");
	expect_one_error("2008 open-mission RU AB type=mission\n", 1, 30,
			 "unknown mission type 'mission'; expected embassy, high-commission, "
			 "legation, consulate-general, consulate, trade-mission, "
			 "representative-office, interests-section or permanent-mission");
	expect_one_error("2008 react EU stance=hate\n", 1, 22,
			 "unknown stance 'hate'; expected condemn, call-to-rescind, concern, "
			 "support, welcome or note");
	/* An attribute the kind does not take, and text where none is taken. */
	expect_one_error("2008 recognise RU AB level=embassy\n", 1, 22,
			 "'recognise' has no attribute 'level'; it takes instrument, by, id, source, note");
	expect_one_error("2008 recognise RU AB \"why\"\n", 1, 22,
			 "'recognise' takes no text; put it in note=\"...\"");
	expect_one_error("2008 react EU \"a\" \"b\"\n", 1, 19, "a second text for 'react'");
	expect_one_error("2008\n", 1, 5, "expected an event kind after the date");
	expect_one_error("2008 \"recognise\"\n", 1, 6, "expected an event kind after the date");
	expect_one_error("2008 recognise RU AB id=x id=y\n", 1, 27, "'id' given twice");
}

static void test_treaty(void **state)
{
	(void)state;
	struct parsed p;
	const struct chancery_treaty *t;
	const struct chancery_event *e;
	parse_clean(&p,
		    "treaty ru-ab-base \"Agreement on a base\" parties=AB,RU source=abru\n"
		    "  force last-ratification after=30d\n"
		    "  term 49y renew=15y notice=6m\n"
		    "  provision \"Duties go\" party=AB from=2015-01-01\n"
		    "  provision \"Duties go too\" party=RU from=force\n"
		    "  provision \"General\"\n"
		    "  note \"Valid for 49 years\"\n"
		    "  2010-02-17 sign place=Moscow persons=medvedev,bagapsh\n"
		    "  2010-03 sign RU\n"
		    "  2011-10-06 ratify RU instrument=law source=s2\n"
		    "  2011 accede AB instrument=a\n"
		    "  2011 approve AB instrument=b\n"
		    "  2011 accept AB instrument=c\n"
		    "  2011 notify AB instrument=d\n"
		    "  2011-11 exchange place=Sukhumi\n"
		    "  2011-12 apply-provisionally\n"
		    "  2012 enter-into-force\n"
		    "  2013 suspend RU\n"
		    "  2014 denounce RU effect=2015-06-01 instrument=note\n"
		    "  undated terminate note=\"not known when\"\n"
		    "treaty t2 \"Multilateral\" parties=A,B,C,D,E,F note=\"from the head\"\n"
		    "  force nth-ratification n=5 after=3m\n"
		    "  term indefinite\n"
		    "treaty t3 \"Fixed\" parties=A,B\n"
		    "  force date=2012-01-01\n"
		    "  term notice=1y\n"
		    "treaty t4 \"On signature\" parties=A,B\n"
		    "  force on-signature\n"
		    "treaty t5 \"Exchange\" parties=A,B\n"
		    "  force exchange after=1d\n"
		    "treaty t6 \"No rule\" parties=A\n");
	assert_int_equal(chancery_registry_treaty_count(p.r), 6);

	t = treaty(p.r, "ru-ab-base");
	assert_string_equal(t->title, "Agreement on a base");
	assert_ids(&t->parties, 2, "AB", "RU");
	assert_ids(&t->sources, 1, "abru", NULL);
	assert_int_equal(t->force, CHANCERY_FORCE_LAST_RATIFICATION);
	assert_int_equal(t->force_n, 0);
	assert_int_equal(t->force_after.n, 30);
	assert_int_equal(t->force_after.unit, 'd');
	assert_int_equal(t->term.n, 49);
	assert_int_equal(t->term.unit, 'y');
	assert_int_equal(t->renew.n, 15);
	assert_int_equal(t->renew.unit, 'y');
	assert_int_equal(t->notice.n, 6);
	assert_int_equal(t->notice.unit, 'm');
	assert_int_equal(t->term_indefinite, 0);
	assert_int_equal(t->n_provisions, 3);
	assert_string_equal(t->provisions[0].text, "Duties go");
	assert_string_equal(t->provisions[0].party, "AB");
	assert_day(&t->provisions[0].from, 2015, 1, 1);
	assert_int_equal(t->provisions[0].from_force, 0);
	assert_string_equal(t->provisions[1].text, "Duties go too");
	assert_string_equal(t->provisions[1].party, "RU");
	assert_int_equal(t->provisions[1].from.form, CHANCERY_DATE_NONE);
	assert_int_equal(t->provisions[1].from_force, 1);
	assert_string_equal(t->provisions[2].text, "General");
	assert_null(t->provisions[2].party);
	assert_int_equal(t->provisions[2].from.form, CHANCERY_DATE_NONE);
	assert_int_equal(t->provisions[2].from_force, 0);
	assert_string_equal(t->note, "Valid for 49 years");
	assert_int_equal(t->loc.line, 1);

	/* The actions are events with treaty set and generated ids. */
	e = event(p.r, "ru-ab-base.sign");
	assert_int_equal(e->kind, CHANCERY_EV_SIGN);
	assert_string_equal(e->treaty, "ru-ab-base");
	assert_null(e->actor);
	assert_string_equal(e->place, "Moscow");
	assert_ids(&e->persons, 2, "medvedev", "bagapsh");
	assert_day(&e->date, 2010, 2, 17);
	assert_int_equal(e->auto_id, 1);
	assert_int_equal(e->loc.line, 8);
	e = event(p.r, "ru-ab-base.sign.RU");
	assert_string_equal(e->actor, "RU");
	assert_int_equal(e->date.start.precision, CHANCERY_PREC_MONTH);
	e = event(p.r, "ru-ab-base.ratify.RU");
	assert_int_equal(e->kind, CHANCERY_EV_RATIFY);
	assert_string_equal(e->instrument, "law");
	assert_ids(&e->sources, 1, "s2", NULL);
	assert_int_equal(event(p.r, "ru-ab-base.accede.AB")->kind, CHANCERY_EV_ACCEDE);
	assert_string_equal(event(p.r, "ru-ab-base.accede.AB")->instrument, "a");
	assert_int_equal(event(p.r, "ru-ab-base.approve.AB")->kind, CHANCERY_EV_APPROVE);
	assert_int_equal(event(p.r, "ru-ab-base.accept.AB")->kind, CHANCERY_EV_ACCEPT);
	assert_int_equal(event(p.r, "ru-ab-base.notify.AB")->kind, CHANCERY_EV_NOTIFY);
	e = event(p.r, "ru-ab-base.exchange");
	assert_int_equal(e->kind, CHANCERY_EV_EXCHANGE);
	assert_null(e->actor);
	assert_string_equal(e->place, "Sukhumi");
	assert_int_equal(event(p.r, "ru-ab-base.apply-provisionally")->kind,
			 CHANCERY_EV_APPLY_PROVISIONALLY);
	assert_int_equal(event(p.r, "ru-ab-base.enter-into-force")->kind,
			 CHANCERY_EV_ENTER_INTO_FORCE);
	assert_int_equal(event(p.r, "ru-ab-base.suspend.RU")->kind, CHANCERY_EV_SUSPEND);
	e = event(p.r, "ru-ab-base.denounce.RU");
	assert_int_equal(e->kind, CHANCERY_EV_DENOUNCE);
	assert_day(&e->effect, 2015, 6, 1);
	assert_string_equal(e->instrument, "note");
	e = event(p.r, "ru-ab-base.terminate");
	assert_int_equal(e->kind, CHANCERY_EV_TERMINATE);
	assert_int_equal(e->date.form, CHANCERY_DATE_NONE);
	assert_string_equal(e->note, "not known when");
	assert_int_equal(chancery_registry_event_count(p.r), 13);
	for (size_t i = 0; i < chancery_registry_event_count(p.r); i++)
		assert_string_equal(chancery_registry_event(p.r, i)->treaty, "ru-ab-base");

	t = treaty(p.r, "t2");
	assert_int_equal(t->parties.n, 6);
	assert_int_equal(t->force, CHANCERY_FORCE_NTH_RATIFICATION);
	assert_int_equal(t->force_n, 5);
	assert_int_equal(t->force_after.n, 3);
	assert_int_equal(t->force_after.unit, 'm');
	assert_int_equal(t->term_indefinite, 1);
	assert_int_equal(t->term.n, 0);
	assert_string_equal(t->note, "from the head");
	assert_int_equal(t->sources.n, 0);

	t = treaty(p.r, "t3");
	assert_int_equal(t->force, CHANCERY_FORCE_DATE);
	assert_day(&t->force_date, 2012, 1, 1);
	assert_int_equal(t->term.n, 0);
	assert_int_equal(t->notice.n, 1);
	assert_int_equal(t->notice.unit, 'y');

	assert_int_equal(treaty(p.r, "t4")->force, CHANCERY_FORCE_ON_SIGNATURE);
	t = treaty(p.r, "t5");
	assert_int_equal(t->force, CHANCERY_FORCE_EXCHANGE);
	assert_int_equal(t->force_after.n, 1);
	assert_int_equal(t->force_after.unit, 'd');
	t = treaty(p.r, "t6");
	assert_int_equal(t->force, CHANCERY_FORCE_UNKNOWN);
	assert_int_equal(t->n_provisions, 0);
	assert_null(t->note);
	release(&p);
}

static void test_treaty_line_errors(void **state)
{
	(void)state;
#define T "treaty t \"T\" parties=A,B\n"
	expect_one_error(T "  force on-ratification\n", 2, 9,
			 "unknown rule 'on-ratification'; expected on-signature, "
			 "last-ratification, exchange, nth-ratification or date=DATE");
	expect_one_error(T "  force nth-ratification\n", 2, 25, "nth-ratification needs n=N");
	expect_one_error(T "  force nth-ratification n=0\n", 2, 28, "expected n=1 to n=9999");
	expect_one_error(T "  force last-ratification n=2\n", 2, 9,
			 "n= goes only with nth-ratification");
	expect_one_error(T "  force on-signature after=30d\n", 2, 9,
			 "after= goes with last-ratification, exchange or nth-ratification");
	expect_one_error(T "  force last-ratification date=2012\n", 2, 27,
			 "date= is a rule of its own; drop the rule word");
	expect_one_error(T "  force\n", 2, 8, "expected a rule after 'force'");
	expect_one_error(T "  force on-signature\n  force exchange\n", 3, 3,
			 "treaty 't' has a force rule already");
	expect_one_error(T "  term 49x\n", 2, 8,
			 "expected a duration such as 49y, 6m or 30d, got '49x'");
	expect_one_error(T "  term 49y renew=y\n", 2, 18,
			 "expected a duration such as 49y, 6m or 30d, got 'y'");
	expect_one_error(T "  term 0d\n", 2, 8,
			 "expected a duration such as 49y, 6m or 30d, got '0d'");
	expect_one_error(T "  term notice=6m renew=15y\n", 2, 8, "renew= needs a term to renew");
	expect_one_error(T "  term renew=15y\n", 2, 17,
			 "expected a duration (49y), 'indefinite' or notice= after 'term'");
	expect_one_error(T "  term\n", 2, 7,
			 "expected a duration (49y), 'indefinite' or notice= after 'term'");
	expect_one_error(T "  term 49y renew=1y renew=2y\n", 2, 21, "'renew' given twice");
	expect_one_error(T "  term 49y expiry=2y\n", 2, 12,
			 "unknown attribute 'expiry' for term; expected renew, extend or notice");
	expect_one_error(T "  provision Duties\n", 2, 13,
			 "expected the provision's text in double quotes");
	expect_one_error(T "  provision \"D\" from=force from=force\n", 2, 28, "'from' given twice");
	expect_one_error(T "  provision \"D\" from=force from=2015\n", 2, 17, "'from' given twice");
	expect_one_error(T "  note \"a\"\n  note \"b\"\n", 3, 3, "treaty 't' has a note already");
	expect_one_error(T "  note a\n", 2, 8, "expected one string after 'note'");
	expect_one_error("treaty t \"T\" source=s\n", 1, 10, "treaty 't' needs parties=PARTY,PARTY,...");
	/* Actions: a wrong action name suggests the nearest action. */
	expect_one_error(T "  2010 ratfy A\n", 2, 8,
			 "unknown treaty action 'ratfy'; did you mean 'ratify'?");
	expect_one_error(T "  2010 ratify\n", 2, 14, "'ratify' needs PARTY");
	expect_one_error(T "  2010 exchange A\n", 2, 17, "unexpected 'A': 'exchange' takes no argument");
	expect_one_error(T "  2010\n", 2, 7,
			 "expected a treaty action (sign, ratify, ...) after the date");
	expect_one_error(T "  ratify A\n", 2, 3,
			 "expected force, term, provision, note or a dated action in a treaty block");
#undef T
}

/* ---- errors with line and column -------------------------------------- */

static void test_error_docs_example(void **state)
{
	(void)state;
	/* docs/ledger.md, "Errors". */
	expect_one_error("party RU \"Russian Federation\"\n2009-02-30 recognise RU AB\n", 2, 9,
			 "day 30 does not exist in 2009-02");
	/* Other date errors name the date. */
	expect_one_error("party RU \"R\" from=2009-13\n", 1, 24,
			 "expected a month 01-12 or a season 21-41 in date '2009-13'");
}

static void test_error_strings(void **state)
{
	(void)state;
	/* The opening quote is at column 10. */
	expect_one_error("party RU \"Russian\n", 1, 10,
			 "unterminated string: no closing '\"' on this line");
	/* A backslash at the end of the line: at the backslash. */
	expect_one_error("party RU \"abc\\\n", 1, 14, "unterminated string");
	expect_one_error("party RU \"a\\qb\"\n", 1, 12,
			 "unknown escape '\\q' in a string; expected \\\", \\\\, \\n or \\t");
	/* Tokens are separated by white space, strings too. */
	expect_one_error("party RU \"R\"x\n", 1, 13, "expected a space after the closing '\"'");
	expect_one_error("party RU \"R\"short=R\n", 1, 13, "expected a space after the closing '\"'");
	expect_one_error("party RU a\"R\"\n", 1, 11,
			 "unexpected '\"' inside a word; put a space before the string");
	expect_one_error("party RU \"R\" note=a\"b\"\n", 1, 20,
			 "unexpected '\"' inside a value; quote the whole value");
	expect_one_error("party RU \"R\" note=\n", 1, 19, "expected a value after 'note='");
	expect_one_error("party RU \"R\" =x\n", 1, 14, "expected a key before '='");
	/* A # inside a string is not a comment; after white space it is. */
	struct parsed p;
	parse_clean(&p, "party RU \"R # 1\" note=a#b # comment \"unterminated\n");
	assert_string_equal(party(p.r, "RU")->name, "R # 1");
	assert_string_equal(party(p.r, "RU")->note, "a#b");
	release(&p);
}

static void test_error_attributes(void **state)
{
	(void)state;
	expect_one_error("party RU \"Russia\" colour=red\n", 1, 19,
			 "unknown attribute 'colour' for a party; expected short, adjective, kind, "
			 "iso, iso3, cow, wikidata, of, from, to, source, note, article, gw or isonum");
	expect_one_error("party RU \"Russia\" iso=RU iso=RU\n", 1, 26, "'iso' given twice");
	expect_one_error("party RU \"Russia\" RUS\n", 1, 19, "unexpected word; expected key=value");
	expect_one_error("source s \"S\" \"again\"\n", 1, 14, "unexpected string; expected key=value");
	expect_one_error("person p \"P\" url=x\n", 1, 14,
			 "unknown attribute 'url' for a person; expected wikidata, source or note");
	expect_one_error("treaty t \"T\" parties=A title=x\n", 1, 24,
			 "unknown attribute 'title' for a treaty; expected parties, source, note, type, place"
			 " or depositary");
}

static void test_error_event_kind_suggestion(void **state)
{
	(void)state;
	expect_one_error("2008-08-26 recognize RU AB\n", 1, 12,
			 "unknown event kind 'recognize'; did you mean 'recognise'?");
	/* Nothing near: no suggestion. */
	expect_one_error("2008-08-26 annex RU AB\n", 1, 12,
			 "unknown event kind 'annex'; see docs/ledger.md for the list");
	/* Treaty actions are not suggested for a top-level event. */
	expect_one_error("2008-08-26 sing RU\n", 1, 12,
			 "unknown event kind 'sing'; see docs/ledger.md for the list");
}

static void test_error_blocks(void **state)
{
	(void)state;
	expect_one_error("2010-02-17 sign\n", 1, 12,
			 "'sign' is a treaty action; write it indented in a treaty block");
	expect_one_error("treaty t \"T\" parties=RU,AB\n  2010-02-17 recognise RU AB\n", 2, 14,
			 "'recognise' is not a treaty action; only sign, ratify, ... go in a treaty block");
	expect_one_error("party RU \"R\"\n  office \"President\" of=RU\n", 2, 3,
			 "indented line outside a person, source or treaty block");
	/* A directive at column 1 ends the block. */
	expect_one_error("treaty t \"T\" parties=RU,AB\nparty RU \"R\"\n  2010 sign\n", 3, 3,
			 "indented line outside a person, source or treaty block");
	/* A block whose head failed reports only the head: its indented
	 * lines are passed over, since each would repeat the head's error. */
	{
		struct parsed p;
		parse(&p, "treaty t \"T\" parties=RU,AB bad=1\n  2010 sign\n");
		assert_int_equal(p.d.n, 1);
		expect_diag_in(&p.d, 0, CHANCERY_ERROR, NAME, 1, 28,
			       "unknown attribute 'bad' for a treaty; expected parties, source, note, type, place"
				       " or depositary");
		assert_int_equal(chancery_registry_treaty_count(p.r), 0);
		assert_int_equal(chancery_registry_event_count(p.r), 0);
		release(&p);
	}
	expect_one_error("\"x\" RU\n", 1, 1,
			 "expected a directive (include, party, person, source, treaty, amend, assert) or a date");
	expect_one_error("country RU \"R\"\n", 1, 1,
			 "unknown directive 'country'; expected include, party, person, source, "
			 "treaty, amend, assert or a date");
}

static void test_error_arguments(void **state)
{
	(void)state;
	/* "2008-08-26 recognise RU AB " is 27 characters. */
	expect_one_error("2008-08-26 recognise RU AB GE\n", 1, 28,
			 "unexpected 'GE': 'recognise' takes PARTY PARTY");
	/* Missing at the end of the line: the column after the last character. */
	expect_one_error("2008-08-26 recognise RU\n", 1, 24, "'recognise' needs PARTY PARTY");
	/* An attribute where an argument belongs. */
	expect_one_error("2008-08-26 recognise RU source=abru\n", 1, 25,
			 "'recognise' needs PARTY PARTY");
	expect_one_error("2008-09-25 appoint-envoy RU AB\n", 1, 31,
			 "'appoint-envoy' needs PERSON SENDER RECEIVER");
	expect_one_error("2008 react\n", 1, 11, "'react' needs PARTY");
}

static void test_error_ids(void **state)
{
	(void)state;
	expect_one_error("party 1x? \"X\"\n", 1, 7,
			 "expected an id (letters, digits, '_', '-', '.', ':'), got '1x?'");
	expect_one_error("party -RU \"X\"\n", 1, 7,
			 "expected an id (letters, digits, '_', '-', '.', ':'), got '-RU'");
	expect_one_error("2008-08-26 recognise RU A/B\n", 1, 25,
			 "expected a party id (letters, digits, '_', '-', '.', ':'), got 'A/B'");
	expect_one_error("2008-09-25 appoint-envoy g! RU AB\n", 1, 26,
			 "expected a person id (letters, digits, '_', '-', '.', ':'), got 'g!'");
	/* In a list, the column of the bad item. */
	expect_one_error("party X \"X\" source=a,b!c\n", 1, 22,
			 "expected a source id (letters, digits, '_', '-', '.', ':'), got 'b!c'");
	expect_one_error("party X \"X\" source=a,,b\n", 1, 22,
			 "expected a source id (letters, digits, '_', '-', '.', ':'), got ''");
	expect_one_error("2008 react EU about=-x\n", 1, 21,
			 "expected an event id (letters, digits, '_', '-', '.', ':'), got '-x'");
	expect_one_error("2008 recognise RU AB id=a+b\n", 1, 25,
			 "expected an id (letters, digits, '_', '-', '.', ':'), got 'a+b'");
	expect_one_error("party\n", 1, 6, "expected an id after 'party'");
	/* Ids are at most 200 bytes; event ids, which may be generated from
	 * three ids, 1024. */
	{
		char text[1400], msg[200];
		struct parsed q;
		snprintf(text, sizeof(text), "party %0200d \"X\"\n2008 declare RU id=%01024d\n", 0, 0);
		parse_clean(&q, text);
		assert_int_equal(strlen(chancery_registry_party(q.r, 0)->id), 200);
		assert_int_equal(strlen(chancery_registry_event(q.r, 0)->id), 1024);
		release(&q);
		/* one byte over: the message says the limit */
		snprintf(text, sizeof(text), "party %0201d \"X\"\n", 0);
		snprintf(msg, sizeof(msg),
			 "an id of 201 bytes is too long: at most 200 bytes, got '%040d...'", 0);
		expect_one_error(text, 1, 7, msg);
		snprintf(text, sizeof(text), "2008 declare RU id=%01025d\n", 0);
		snprintf(msg, sizeof(msg),
			 "an id of 1025 bytes is too long: at most 1024 bytes, got '%040d...'", 0);
		expect_one_error(text, 1, 20, msg);
	}
	/* Ids are case-sensitive: RU and ru are two parties. */
	struct parsed p;
	parse_clean(&p, "party RU \"R\"\nparty ru \"r\"\nparty a_b-c.d:1 \"x\"\n");
	assert_int_equal(chancery_registry_party_count(p.r), 3);
	assert_string_equal(party(p.r, "a_b-c.d:1")->name, "x");
	release(&p);
}

static void test_error_bytes(void **state)
{
	(void)state;
	/* 0xff after the 11 bytes of `party RU "R`. */
	expect_one_error("party RU \"R\xffussia\"\n", 1, 12, "invalid UTF-8");
	/* Columns count characters: `party AB "Аб` is 12 characters, 14 bytes. */
	expect_one_error("party AB \"\xd0\x90\xd0\xb1\xff\"\n", 1, 13, "invalid UTF-8");
	/* Overlong, surrogate and truncated sequences. */
	expect_one_error("party A \"\xc0\xaf\"\n", 1, 10, "invalid UTF-8");
	expect_one_error("party A \"\xed\xa0\x80\"\n", 1, 10, "invalid UTF-8");
	expect_one_error("party A \"\xe2\x82\"\n", 1, 10, "invalid UTF-8");
	{
		static const char text[] = "party RU \"Rus\0sia\"\nparty AB \"A\" bad=1\n";
		struct parsed p;
		parse_n(&p, text, sizeof(text) - 1);
		assert_int_equal(p.d.n, 2);
		expect_diag_in(&p.d, 0, CHANCERY_ERROR, NAME, 1, 14, "NUL byte in the line");
		/* The parser goes on after the NUL. */
		expect_diag_in(&p.d, 1, CHANCERY_ERROR, NAME, 2, 14,
			       "unknown attribute 'bad' for a party; expected short, adjective, kind, "
			       "iso, iso3, cow, wikidata, of, from, to, source, note, article, gw or isonum");
		release(&p);
	}
}

static void test_error_long_line(void **state)
{
	(void)state;
	const size_t max = 65536;
	char *text = malloc(2 * max + 100);
	struct parsed p;
	assert_non_null(text);

	/* A comment line of exactly 65,536 bytes is fine. */
	text[0] = '#';
	memset(text + 1, 'x', max - 1);
	strcpy(text + max, "\nparty RU \"R\"\n");
	parse(&p, text);
	assert_int_equal(p.d.n, 0);
	assert_int_equal(p.rc, 0);
	assert_int_equal(chancery_registry_party_count(p.r), 1);
	release(&p);

	/* One byte more is an error at its first column; line 2 still parses
	 * and line 3's error has the right number. */
	text[0] = '#';
	memset(text + 1, 'x', max);
	strcpy(text + max + 1, "\nparty RU \"R\"\nparty AB\n");
	parse(&p, text);
	assert_int_equal(p.d.n, 2);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, NAME, 1, 1, "line longer than 65536 bytes");
	expect_diag_in(&p.d, 1, CHANCERY_ERROR, NAME, 3, 9,
		       "expected the party's name in double quotes after 'AB'");
	assert_int_equal(chancery_registry_party_count(p.r), 1);
	release(&p);
	free(text);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	struct parsed p;
	parse_clean(&p, "\xef\xbb\xbfparty RU \"Russia\" iso=RU\r\n"
			"person m \"M\"\r\n"
			"  office \"President\" of=RU\r\n"
			"\r\n"
			"2008-08-26 recognise RU AB note=x\r\n");
	assert_string_equal(party(p.r, "RU")->iso2, "RU");
	assert_string_equal(party(p.r, "RU")->name, "Russia");
	assert_int_equal(person(p.r, "m")->n_offices, 1);
	assert_string_equal(person(p.r, "m")->offices[0].of, "RU");
	assert_string_equal(event(p.r, "2008-08-26.recognise.RU.AB")->note, "x");
	assert_int_equal(event(p.r, "2008-08-26.recognise.RU.AB")->loc.line, 5);
	release(&p);

	/* Columns on line 1 do not count the BOM; the CR is not part of the
	 * line, so a missing argument is reported just after "RU". */
	parse(&p, "\xef\xbb\xbfparty RU \"R\" bad=1\r\n2008 recognise RU\r\n");
	assert_int_equal(p.d.n, 2);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, NAME, 1, 14,
		       "unknown attribute 'bad' for a party; expected short, adjective, kind, "
		       "iso, iso3, cow, wikidata, of, from, to, source, note, article, gw or isonum");
	assert_string_equal(p.d.v[0].line_text, "party RU \"R\" bad=1");
	expect_diag_in(&p.d, 1, CHANCERY_ERROR, NAME, 2, 18, "'recognise' needs PARTY PARTY");
	assert_string_equal(p.d.v[1].line_text, "2008 recognise RU");
	release(&p);

	/* No newline at the end of the last line. */
	parse_clean(&p, "party RU \"R\"\nparty AB \"A\"");
	assert_int_equal(chancery_registry_party_count(p.r), 2);
	release(&p);
}

static void test_goes_on_after_errors(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, "party RU \"Russia\" colour=red\n"
		  "party AB \"Abkhazia\"\n"
		  "2008-08-26 recognize RU AB\n"
		  "2008-08-26 recognise RU AB\n"
		  "2009-02-30 recognise RU AB\n");
	assert_int_equal(p.rc, -CHANCERY_EINPUT);
	assert_int_equal(p.d.n, 3);
	assert_int_equal(p.d.errors, 3);
	assert_int_equal(p.d.warnings, 0);
	assert_int_equal(p.d.v[0].line, 1);
	assert_int_equal(p.d.v[0].col, 19);
	expect_diag_in(&p.d, 1, CHANCERY_ERROR, NAME, 3, 12,
		       "unknown event kind 'recognize'; did you mean 'recognise'?");
	expect_diag_in(&p.d, 2, CHANCERY_ERROR, NAME, 5, 9, "day 30 does not exist in 2009-02");
	/* The good lines are kept; the bad ones are not. */
	assert_int_equal(chancery_registry_party_count(p.r), 1);
	assert_string_equal(chancery_registry_party(p.r, 0)->id, "AB");
	assert_int_equal(chancery_registry_event_count(p.r), 1);
	assert_int_equal(chancery_registry_event(p.r, 0)->loc.line, 4);
	release(&p);

	/* Two problems on one line are both reported. */
	parse(&p, "party RU \"R\" a=1 b=2\n");
	assert_int_equal(p.d.n, 2);
	assert_int_equal(p.d.v[0].col, 14);
	assert_int_equal(p.d.v[1].col, 18);
	release(&p);
}

static void test_too_many_errors(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct parsed p;
	assert_non_null(f);
	for (int i = 0; i < 150; i++)
		fputs("bogus\n", f);
	assert_int_equal(fclose(f), 0);
	parse(&p, text);
	/* 100 errors, then one saying the parser stopped. */
	assert_int_equal(p.d.errors, 101);
	expect_diag_in(&p.d, 99, CHANCERY_ERROR, NAME, 100, 1,
		       "unknown directive 'bogus'; expected include, party, person, source, "
		       "treaty, amend, assert or a date");
	expect_diag_in(&p.d, 100, CHANCERY_ERROR, NAME, 100, 0, "too many errors; stopping");
	release(&p);
	free(text);
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, "party RU \"Russia\"\n"
		  "source RU \"A source\"\n"
		  "\n"
		  "person RU \"A person\"\n"
		  "treaty RU \"A treaty\" parties=RU\n"
		  "2008-08-26 recognise RU AB id=RU\n"
		  "2008-08-27 recognise RU AB id=ev\n"
		  "party ev \"E\"\n"
		  "treaty t \"T\" parties=RU\n"
		  "  2010 sign id=ev\n");
	assert_int_equal(p.d.n, 6);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, NAME, 2, 8,
		       "duplicate id 'RU': already a party at test.ledger:1");
	expect_diag_in(&p.d, 1, CHANCERY_ERROR, NAME, 4, 8,
		       "duplicate id 'RU': already a party at test.ledger:1");
	expect_diag_in(&p.d, 2, CHANCERY_ERROR, NAME, 5, 8,
		       "duplicate id 'RU': already a party at test.ledger:1");
	expect_diag_in(&p.d, 3, CHANCERY_ERROR, NAME, 6, 28,
		       "duplicate id 'RU': already a party at test.ledger:1");
	expect_diag_in(&p.d, 4, CHANCERY_ERROR, NAME, 8, 7,
		       "duplicate id 'ev': already an event at test.ledger:7");
	expect_diag_in(&p.d, 5, CHANCERY_ERROR, NAME, 10, 13,
		       "duplicate id 'ev': already an event at test.ledger:7");
	/* The first one stays. */
	assert_int_equal(chancery_registry_lookup(p.r, "RU", NULL), CHANCERY_ENT_PARTY);
	assert_int_equal(chancery_registry_lookup(p.r, "ev", NULL), CHANCERY_ENT_EVENT);
	assert_int_equal(chancery_registry_source_count(p.r), 0);
	assert_int_equal(chancery_registry_person_count(p.r), 0);
	assert_int_equal(chancery_registry_treaty_count(p.r), 1);
	assert_int_equal(chancery_registry_event_count(p.r), 1);
	release(&p);

	/* Across two buffers parsed into one registry, the first file is named. */
	p.r = chancery_registry_new();
	memset(&p.d, 0, sizeof(p.d));
	assert_int_equal(chancery_ledger_parse_buffer(p.r, "a.ledger", "\nsource s \"S\"\n", 13, &p.d), 0);
	assert_int_equal(chancery_ledger_parse_buffer(p.r, "b.ledger", "party s \"P\"\n", 12, &p.d),
			 -CHANCERY_EINPUT);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, "b.ledger", 1, 7,
		       "duplicate id 's': already a source at a.ledger:2");
	release(&p);
}

/* ---- includes --------------------------------------------------------- */

struct tmpdir {
	char path[64];
};

static void make_tmpdir(struct tmpdir *t)
{
	strcpy(t->path, "/tmp/chancery-test-ledger.XXXXXX");
	assert_non_null(mkdtemp(t->path));
}

static void write_file(const struct tmpdir *t, const char *name, const char *content)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", t->path, name);
	f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static void remove_tmpdir(const struct tmpdir *t)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->path);
	assert_int_equal(system(cmd), 0);
}

static void test_include_relative(void **state)
{
	(void)state;
	struct tmpdir t;
	char path[256], want[256];
	struct parsed p;
	make_tmpdir(&t);
	snprintf(path, sizeof(path), "%s/sub", t.path);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sub/deeper", t.path);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file(&t, "main.ledger", "include \"sub/a.ledger\"\nparty M \"Main\"\n");
	/* Relative to the including file (sub/), not to the first one. */
	write_file(&t, "sub/a.ledger", "party A \"A\"\ninclude deeper/b.ledger\n");
	write_file(&t, "sub/deeper/b.ledger", "\n\nparty B \"B\"\n");

	snprintf(path, sizeof(path), "%s/main.ledger", t.path);
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(p.r, path, &p.d), 0);
	assert_int_equal(p.d.n, 0);
	assert_int_equal(chancery_registry_finish(p.r, &p.d), 0);
	assert_int_equal(chancery_registry_party_count(p.r), 3);
	assert_string_equal(party(p.r, "M")->loc.file, path);
	assert_int_equal(party(p.r, "M")->loc.line, 2);
	snprintf(want, sizeof(want), "%s/sub/a.ledger", t.path);
	assert_string_equal(party(p.r, "A")->loc.file, want);
	snprintf(want, sizeof(want), "%s/sub/deeper/b.ledger", t.path);
	assert_string_equal(party(p.r, "B")->loc.file, want);
	assert_int_equal(party(p.r, "B")->loc.line, 3);
	release(&p);

	/* A buffer resolves includes relative to its name too. */
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	static const char text[] = "include \"sub/a.ledger\"\n";
	assert_int_equal(chancery_ledger_parse_buffer(p.r, path, text, sizeof(text) - 1, &p.d), 0);
	assert_int_equal(chancery_registry_party_count(p.r), 2);
	release(&p);
	remove_tmpdir(&t);
}

/* The input budget counts the top file and every include: an include that
 * would pass it is refused at its line, and what was read stays. */
static void test_include_budget(void **state)
{
	(void)state;
	struct tmpdir t;
	char path[256];
	struct parsed p;
	struct chancery_parse_opts opts = { .max_input = 100 };
	static const char big[] = "party B \"Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\n";
	make_tmpdir(&t);
	/* 36 bytes of main, then a 96-byte include: 132 > 100 */
	write_file(&t, "main.ledger", "party A \"A\"\ninclude \"big.ledger\"\n");
	write_file(&t, "big.ledger", big);
	snprintf(path, sizeof(path), "%s/main.ledger", t.path);
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file_opts(p.r, path, &opts, &p.d), -CHANCERY_EINPUT);
	assert_int_equal(p.d.n, 1);
	assert_non_null(strstr(p.d.v[0].message, "would read more than 100 bytes"));
	assert_int_equal(p.d.v[0].line, 2);
	assert_int_equal(chancery_registry_party_count(p.r), 1);
	release(&p);
	/* with room for both, both are read */
	opts.max_input = 200;
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file_opts(p.r, path, &opts, &p.d), 0);
	assert_int_equal(chancery_registry_party_count(p.r), 2);
	release(&p);
	remove_tmpdir(&t);
}

static void test_include_errors(void **state)
{
	(void)state;
	struct tmpdir t;
	char path[256], want[512];
	struct parsed p;
	make_tmpdir(&t);

	/* Missing. */
	write_file(&t, "missing.ledger", "party X \"X\"\ninclude \"nope.ledger\"\n");
	snprintf(path, sizeof(path), "%s/missing.ledger", t.path);
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(p.r, path, &p.d), -CHANCERY_EINPUT);
	assert_int_equal(p.d.n, 1);
	snprintf(want, sizeof(want),
		 "cannot include '%s/nope.ledger': No such file or directory", t.path);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, path, 2, 9, want);
	release(&p);

	/* A cycle through two files: reported where it closes. */
	write_file(&t, "a.ledger", "party A \"A\"\ninclude \"b.ledger\"\n");
	write_file(&t, "b.ledger", "party B \"B\"\ninclude \"a.ledger\"\n");
	snprintf(path, sizeof(path), "%s/a.ledger", t.path);
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(p.r, path, &p.d), -CHANCERY_EINPUT);
	assert_int_equal(p.d.n, 1);
	snprintf(want, sizeof(want), "'%s/a.ledger' includes itself (an include cycle)", t.path);
	char bpath[256];
	snprintf(bpath, sizeof(bpath), "%s/b.ledger", t.path);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, bpath, 2, 9, want);
	assert_int_equal(chancery_registry_party_count(p.r), 2);
	release(&p);

	/* A file including itself, by another spelling of its path. */
	write_file(&t, "self.ledger", "include \"./self.ledger\"\n");
	snprintf(path, sizeof(path), "%s/self.ledger", t.path);
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(p.r, path, &p.d), -CHANCERY_EINPUT);
	assert_int_equal(p.d.n, 1);
	snprintf(want, sizeof(want), "'%s/./self.ledger' includes itself (an include cycle)",
		 t.path);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, path, 1, 9, want);
	release(&p);

	/* Syntax. */
	expect_one_error("include\n", 1, 8, "expected one file name after 'include'");
	expect_one_error("include a b\n", 1, 11, "expected one file name after 'include'");
	remove_tmpdir(&t);
}

/* A chain f0 -> f1 -> ... of files, each defining a party and including
 * the next. The first file and 15 nested levels (16 files) parse; the
 * 16th nested include is refused: "includes may nest up to 16 deep"
 * counts the files open at once. */
static void test_include_depth(void **state)
{
	(void)state;
	struct tmpdir t;
	char name[64], text[128], path[256], want[256];
	struct parsed p;
	make_tmpdir(&t);
	for (int i = 0; i <= 16; i++) {
		snprintf(name, sizeof(name), "f%d.ledger", i);
		snprintf(text, sizeof(text), "party P%d \"P%d\"\ninclude \"f%d.ledger\"\n", i, i, i + 1);
		write_file(&t, name, text);
	}
	/* f15 is the last one open: make it the end of the chain first. */
	write_file(&t, "f15.ledger", "party P15 \"P15\"\n");
	snprintf(path, sizeof(path), "%s/f0.ledger", t.path);
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(p.r, path, &p.d), 0);
	assert_int_equal(p.d.n, 0);
	assert_int_equal(chancery_registry_party_count(p.r), 16);
	release(&p);

	/* With f15 including f16, the chain is one too deep. */
	write_file(&t, "f15.ledger", "party P15 \"P15\"\ninclude \"f16.ledger\"\n");
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	assert_int_equal(chancery_ledger_parse_file(p.r, path, &p.d), -CHANCERY_EINPUT);
	assert_int_equal(p.d.n, 1);
	snprintf(want, sizeof(want), "%s/f15.ledger", t.path);
	expect_diag_in(&p.d, 0, CHANCERY_ERROR, want, 2, 9, "includes nested more than 16 deep");
	assert_int_equal(chancery_registry_party_count(p.r), 16);
	release(&p);
	remove_tmpdir(&t);
}

/* ---- generated ids ---------------------------------------------------- */

static void test_generated_ids(void **state)
{
	(void)state;
	struct parsed p;
	const struct chancery_event *e;
	parse_clean(&p, "2008-08-26 recognise RU AB\n"
			"2008-09-25 appoint-envoy grigoriyev RU AB\n"
			"2008-08-26/.. react EU\n"
			"2009? open-mission RU AB\n"
			"2008-08/2008-09 declare GE\n"
			"undated announce-mission RU AB\n"
			"201X close-mission RU AB\n"
			"treaty t \"T\" parties=RU,AB\n"
			"  2011-10-06 ratify RU\n"
			"  2010 sign\n"
			"  undated sign AB\n");
	e = event(p.r, "2008-08-26.recognise.RU.AB");
	assert_int_equal(e->auto_id, 1);
	assert_int_equal(e->kind, CHANCERY_EV_RECOGNISE);
	assert_int_equal(event(p.r, "2008-09-25.appoint-envoy.grigoriyev.RU.AB")->kind,
			 CHANCERY_EV_APPOINT_ENVOY);
	/* Characters other than digits and '-' become '_'. */
	assert_int_equal(event(p.r, "2008-08-26___.react.EU")->kind, CHANCERY_EV_REACT);
	assert_int_equal(event(p.r, "2009_.open-mission.RU.AB")->kind, CHANCERY_EV_OPEN_MISSION);
	assert_int_equal(event(p.r, "2008-08_2008-09.declare.GE")->kind, CHANCERY_EV_DECLARE);
	assert_int_equal(event(p.r, "201_.close-mission.RU.AB")->kind, CHANCERY_EV_CLOSE_MISSION);
	/* "undated" is kept as it is. */
	assert_int_equal(event(p.r, "undated.announce-mission.RU.AB")->kind,
			 CHANCERY_EV_ANNOUNCE_MISSION);
	/* Treaty actions: TREATY.ACTION[.PARTY]. */
	assert_int_equal(event(p.r, "t.ratify.RU")->kind, CHANCERY_EV_RATIFY);
	assert_int_equal(event(p.r, "t.sign")->kind, CHANCERY_EV_SIGN);
	assert_string_equal(event(p.r, "t.sign.AB")->actor, "AB");
	release(&p);
}

static void test_generated_id_collisions(void **state)
{
	(void)state;
	struct parsed p;
	/* Same date, kind and parties: canonical order compares the texts,
	 * so note=a comes first and gets the plain id, whatever the input
	 * order. */
	parse_clean(&p, "2008-08-26 recognise RU AB note=c\n"
			"2008-08-26 recognise RU AB note=b\n"
			"2008-08-26 recognise RU AB note=a\n");
	assert_string_equal(event(p.r, "2008-08-26.recognise.RU.AB")->note, "a");
	assert_string_equal(event(p.r, "2008-08-26.recognise.RU.AB.2")->note, "b");
	assert_string_equal(event(p.r, "2008-08-26.recognise.RU.AB.3")->note, "c");
	assert_int_equal(event(p.r, "2008-08-26.recognise.RU.AB.3")->loc.line, 1);
	release(&p);

	/* An explicit id takes the plain id; the generated one moves on. */
	parse_clean(&p, "2008-08-26 recognise RU AB note=a\n"
			"2008-08-27 recognise RU AB id=2008-08-26.recognise.RU.AB\n");
	assert_string_equal(event(p.r, "2008-08-26.recognise.RU.AB.2")->note, "a");
	assert_int_equal(event(p.r, "2008-08-26.recognise.RU.AB")->date.start.day, 27);
	release(&p);

	/* Two signatures of one treaty by all parties. */
	parse_clean(&p, "treaty t \"T\" parties=A,B\n  2011 sign\n  2010 sign\n");
	assert_int_equal(event(p.r, "t.sign")->date.start.year, 2010);
	assert_int_equal(event(p.r, "t.sign.2")->date.start.year, 2011);
	release(&p);
}

/* ---- the writer --------------------------------------------------------- */

static const char unordered[] =
	"treaty zz \"Treaty Z\" parties=RU,AB source=s1 note=\"A note\"\n"
	"  2011-10-06 ratify RU source=s1\n"
	"  term 49y renew=15y\n"
	"  force last-ratification after=30d\n"
	"  provision \"Duties go\" from=force party=RU\n"
	"  provision \"Duties go\" from=2015-01-01 party=AB\n"
	"  2010-02-17 sign place=Moscow\n"
	"treaty aa \"Treaty A\" parties=RU,AB\n"
	"  force date=2012\n"
	"  term indefinite notice=6m\n"
	"source s1 \"Source \\\"one\\\"\" url=https://example.org/a publisher=Pub\n"
	"2008-09-09 establish-relations RU AB place=\"Moscow, Russia\" level=embassy source=s1\n"
	"2008-08-26 recognise RU AB source=s1 by=medvedev id=ru-ab\n"
	"party RU \"Russian Federation\" iso=RU short=Russia\n"
	"person medvedev \"Dmitry Medvedev\"\n"
	"  office \"President\" of=RU from=2008-05-07\n"
	"party AB \"Abkhazia\" kind=partially-recognised from=1999-10-12 note=\"#1\"\n"
	"2008-08-26 react EU about=ru-ab stance=condemn \"Condemns\\tit\"\n"
	"2008 declare RU note=\"back\\\\slash\" \"multi\\nline\"\n";

static const char canonical[] =
	"party AB \"Abkhazia\" kind=partially-recognised from=1999-10-12 note=\"#1\"\n"
	"party RU \"Russian Federation\" short=Russia iso=RU\n"
	"\n"
	"person medvedev \"Dmitry Medvedev\"\n"
	"  office \"President\" of=RU from=2008-05-07\n"
	"\n"
	"source s1 \"Source \\\"one\\\"\" publisher=Pub url=https://example.org/a\n"
	"\n"
	"2008 declare RU note=\"back\\\\slash\" \"multi\\nline\"\n"
	"2008-08-26 recognise RU AB id=ru-ab by=medvedev source=s1\n"
	"2008-08-26 react EU about=ru-ab stance=condemn \"Condemns\\tit\"\n"
	"2008-09-09 establish-relations RU AB level=embassy place=\"Moscow, Russia\" source=s1\n"
	"\n"
	"treaty aa \"Treaty A\" parties=RU,AB\n"
	"  force date=2012\n"
	"  term indefinite notice=6m\n"
	"\n"
	"treaty zz \"Treaty Z\" parties=RU,AB source=s1\n"
	"  force last-ratification after=30d\n"
	"  term 49y renew=15y\n"
	"  provision \"Duties go\" party=RU from=force\n"
	"  provision \"Duties go\" party=AB from=2015-01-01\n"
	"  note \"A note\"\n"
	"  2010-02-17 sign place=Moscow\n"
	"  2011-10-06 ratify RU source=s1\n";

static void test_write_canonical(void **state)
{
	(void)state;
	struct parsed p;
	char *text;
	parse_clean(&p, unordered);
	text = write_text(p.r);
	assert_string_equal(text, canonical);
	free(text);
	release(&p);

	/* The canonical text is a fixed point. */
	parse_clean(&p, canonical);
	text = write_text(p.r);
	assert_string_equal(text, canonical);
	free(text);
	release(&p);

	/* Sections that are empty leave no blank lines. */
	parse_clean(&p, "source s \"S\"\n2009 declare RU\n");
	text = write_text(p.r);
	assert_string_equal(text, "source s \"S\"\n\n2009 declare RU\n");
	free(text);
	release(&p);
	parse_clean(&p, "treaty t \"T\" parties=A\n");
	text = write_text(p.r);
	assert_string_equal(text, "treaty t \"T\" parties=A\n");
	free(text);
	release(&p);
	/* covers lines: facts in the table's order, by=all and with=all left out */
	parse_clean(&p, "source s \"S\"\n  covers relations,recognition with=all by=US,GB to=2023 "
			"from=1776\n  covers missions members=gw type=embassy to=2008 from=2008\n");
	text = write_text(p.r);
	assert_string_equal(text, "source s \"S\"\n"
				  "  covers recognition,relations by=US,GB from=1776 to=2023\n"
				  "  covers missions type=embassy members=gw from=2008 to=2008\n");
	free(text);
	text = write_text(p.r); /* a fixed point */
	release(&p);
	parse_clean(&p, text);
	free(text);
	text = write_text(p.r);
	assert_string_equal(text, "source s \"S\"\n"
				  "  covers recognition,relations by=US,GB from=1776 to=2023\n"
				  "  covers missions type=embassy members=gw from=2008 to=2008\n");
	free(text);
	release(&p);
	parse_clean(&p, "");
	text = write_text(p.r);
	assert_string_equal(text, "");
	free(text);
	release(&p);
}

/* parse -> write -> parse -> write gives the same bytes. */
static void assert_round_trip(chancery_registry *r)
{
	struct parsed again;
	char *first = write_text(r), *second;
	parse(&again, first);
	if (again.rc || again.d.n) {
		print_diags(&again.d);
		fail_msg("the written text does not parse back:\n%s", first);
	}
	assert_int_equal(chancery_registry_party_count(again.r), chancery_registry_party_count(r));
	assert_int_equal(chancery_registry_person_count(again.r),
			 chancery_registry_person_count(r));
	assert_int_equal(chancery_registry_source_count(again.r),
			 chancery_registry_source_count(r));
	assert_int_equal(chancery_registry_event_count(again.r), chancery_registry_event_count(r));
	assert_int_equal(chancery_registry_treaty_count(again.r),
			 chancery_registry_treaty_count(r));
	for (size_t i = 0; i < chancery_registry_event_count(r); i++)
		assert_string_equal(chancery_registry_event(again.r, i)->id,
				    chancery_registry_event(r, i)->id);
	second = write_text(again.r);
	assert_string_equal(first, second);
	free(first);
	free(second);
	release(&again);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct parsed p;
	parse_clean(&p, unordered);
	assert_round_trip(p.r);
	release(&p);
	parse_clean(&p, all_kinds);
	assert_round_trip(p.r);
	release(&p);
	/* Generated ids that collide, with explicit ids among them. */
	parse_clean(&p, "2008-08-26 recognise RU AB note=a\n"
			"2008-08-26 recognise RU AB note=b\n"
			"2008-08-27 recognise RU AB id=2008-08-26.recognise.RU.AB\n"
			"2008-08-26 recognise RU AB note=c id=2008-08-26.recognise.RU.AB.2\n");
	assert_round_trip(p.r);
	release(&p);

	/* Two events alike but for their ids, one written with the id the
	 * other would be given: the one with the plain id sorts first, so
	 * that the text (where that id is left out) parses back the same. */
	{
		char *text;
		parse_clean(&p, "2008 declare RU\n2008 declare RU id=2008.declare.RU\n");
		assert_string_equal(chancery_registry_event(p.r, 0)->id, "2008.declare.RU");
		assert_int_equal(chancery_registry_event(p.r, 0)->auto_id, 0);
		assert_string_equal(chancery_registry_event(p.r, 1)->id, "2008.declare.RU.2");
		assert_int_equal(chancery_registry_event(p.r, 1)->auto_id, 1);
		assert_int_equal(chancery_registry_event(p.r, 1)->loc.line, 1);
		text = write_text(p.r);
		assert_string_equal(text, "2008 declare RU\n2008 declare RU id=2008.declare.RU.2\n");
		free(text);
		assert_round_trip(p.r);
		release(&p);
	}

	/* Generated ids longer than a party id may be: 150-byte ids make
	 * "2008.recognise.<150>.<150>.2", 318 bytes, written out in full. */
	{
		char text[1024], a[151], b[151];
		memset(a, 'A', 150);
		a[150] = '\0';
		memset(b, 'B', 150);
		b[150] = '\0';
		snprintf(text, sizeof(text), "2008 recognise %s %s note=x\n2008 recognise %s %s note=y\n",
			 a, b, a, b);
		parse_clean(&p, text);
		assert_int_equal(strlen(chancery_registry_event(p.r, 1)->id), 318);
		assert_round_trip(p.r);
		release(&p);
	}
}

static void test_round_trip_data(void **state)
{
	(void)state;
	struct parsed p;
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	p.rc = chancery_ledger_parse_file(p.r, "data/registry.ledger", &p.d);
	if (p.rc || p.d.n)
		print_diags(&p.d);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	assert_int_equal(chancery_registry_finish(p.r, &p.d), 0);
	assert_true(chancery_registry_party_count(p.r) >= 10);
	assert_true(chancery_registry_event_count(p.r) >= 30);
	assert_true(chancery_registry_treaty_count(p.r) >= 7);
	assert_round_trip(p.r);
	release(&p);
}

/* The dyads of issue 8, with every new form (amend, switches, denials,
 * steps, extensions, membership, open-started dates): parse, write, parse
 * again gives the same text. */
static void test_round_trip_dyads(void **state)
{
	(void)state;
	struct parsed p;
	memset(&p, 0, sizeof(p));
	p.r = chancery_registry_new();
	p.rc = chancery_ledger_parse_file(p.r, "data/dyads.ledger", &p.d);
	if (p.rc || p.d.n)
		print_diags(&p.d);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.d.n, 0);
	assert_int_equal(chancery_registry_finish(p.r, &p.d), 0);
	assert_true(chancery_registry_treaty_count(p.r) >= 12);
	assert_round_trip(p.r);
	release(&p);
}

static void test_entity_text(void **state)
{
	(void)state;
	struct parsed p;
	size_t i;
	char *s;
	parse_clean(&p, "party RU \"Russia\" iso=RU\n"
			"person m \"M\"\n"
			"  office \"President\" of=RU\n"
			"source s \"S\" publisher=P\n"
			"2008-08-26 recognise RU AB source=s\n"
			"2008-08-27 recognise RU OS id=mine\n"
			"treaty t \"T\" parties=RU,AB\n"
			"  2010 sign\n"
			"  2011 ratify RU\n");

	assert_int_equal(chancery_registry_lookup(p.r, "RU", &i), CHANCERY_ENT_PARTY);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_PARTY, i, 0);
	assert_string_equal(s, "party RU \"Russia\" iso=RU\n");
	free(s);
	assert_int_equal(chancery_registry_lookup(p.r, "m", &i), CHANCERY_ENT_PERSON);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_PERSON, i, 0);
	assert_string_equal(s, "person m \"M\"\n  office \"President\" of=RU\n");
	free(s);
	assert_int_equal(chancery_registry_lookup(p.r, "s", &i), CHANCERY_ENT_SOURCE);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_SOURCE, i, 0);
	assert_string_equal(s, "source s \"S\" publisher=P\n");
	free(s);

	/* A generated id is left out unless every id is asked for. */
	assert_int_equal(chancery_registry_lookup(p.r, "2008-08-26.recognise.RU.AB", &i),
			 CHANCERY_ENT_EVENT);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_EVENT, i, 0);
	assert_string_equal(s, "2008-08-26 recognise RU AB source=s\n");
	free(s);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_EVENT, i, CHANCERY_WRITE_ALL_IDS);
	assert_string_equal(s, "2008-08-26 recognise RU AB id=2008-08-26.recognise.RU.AB source=s\n");
	free(s);
	/* An explicit id is always written. */
	assert_int_equal(chancery_registry_lookup(p.r, "mine", &i), CHANCERY_ENT_EVENT);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_EVENT, i, 0);
	assert_string_equal(s, "2008-08-27 recognise RU OS id=mine\n");
	free(s);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_EVENT, i, CHANCERY_WRITE_ALL_IDS);
	assert_string_equal(s, "2008-08-27 recognise RU OS id=mine\n");
	free(s);

	/* A treaty with its actions. */
	assert_int_equal(chancery_registry_lookup(p.r, "t", &i), CHANCERY_ENT_TREATY);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_TREATY, i, 0);
	assert_string_equal(s, "treaty t \"T\" parties=RU,AB\n  2010 sign\n  2011 ratify RU\n");
	free(s);
	s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_TREATY, i, CHANCERY_WRITE_ALL_IDS);
	assert_string_equal(s, "treaty t \"T\" parties=RU,AB\n"
			       "  2010 sign id=t.sign\n"
			       "  2011 ratify RU id=t.ratify.RU\n");
	free(s);

	/* Texts written with every id parse back to the same ids. */
	{
		struct parsed q;
		s = chancery_ledger_entity_text(p.r, CHANCERY_ENT_TREATY, i, CHANCERY_WRITE_ALL_IDS);
		parse_clean(&q, s);
		assert_int_equal(event(q.r, "t.ratify.RU")->auto_id, 0);
		assert_int_equal(event(q.r, "t.sign")->kind, CHANCERY_EV_SIGN);
		release(&q);
		free(s);
	}
	release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_party_all_attributes),
		cmocka_unit_test(test_party_kinds),
		cmocka_unit_test(test_person_with_offices),
		cmocka_unit_test(test_source),
		cmocka_unit_test(test_source_covers),
		cmocka_unit_test(test_event_kinds),
		cmocka_unit_test(test_event_values),
		cmocka_unit_test(test_treaty),
		cmocka_unit_test(test_treaty_line_errors),
		cmocka_unit_test(test_error_docs_example),
		cmocka_unit_test(test_error_strings),
		cmocka_unit_test(test_error_attributes),
		cmocka_unit_test(test_error_event_kind_suggestion),
		cmocka_unit_test(test_error_blocks),
		cmocka_unit_test(test_error_arguments),
		cmocka_unit_test(test_error_ids),
		cmocka_unit_test(test_error_bytes),
		cmocka_unit_test(test_error_long_line),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_goes_on_after_errors),
		cmocka_unit_test(test_too_many_errors),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_include_relative),
		cmocka_unit_test(test_include_errors),
		cmocka_unit_test(test_include_depth),
		cmocka_unit_test(test_generated_ids),
		cmocka_unit_test(test_generated_id_collisions),
		cmocka_unit_test(test_write_canonical),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_data),
		cmocka_unit_test(test_round_trip_dyads),
		cmocka_unit_test(test_entity_text),
		cmocka_unit_test(test_include_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
