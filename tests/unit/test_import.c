/* test_import.c: the readers of the public data sets (src/import/) on
 * small hand-made files: dates with manytreaties' marks, Windows-1252,
 * records spanning lines, the COW and GW lists, manytreaties' rows, and
 * the bad rows each reports with its file and line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "import/import.h"
#include "base/csv.h"

static char dir[] = "/tmp/chancery-import-XXXXXX";

static const char *write_tmp(const char *name, const char *text, size_t len)
{
	static char path[4][256];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;
	snprintf(p, 256, "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return p;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void expect_edtf(const char *in, const char *want, int want_open)
{
	struct strbuf sb = STRBUF_INIT;
	int open = -1;
	assert_int_equal(import_edtf(in, strlen(in), &sb, &open), 0);
	assert_int_equal(open, want_open);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void expect_not_edtf(const char *in)
{
	struct strbuf sb = STRBUF_INIT;
	int open;
	assert_int_equal(import_edtf(in, strlen(in), &sb, &open), -1);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void test_edtf(void **state)
{
	(void)state;
	expect_edtf("2001", "2001", 0);
	expect_edtf("2001-05", "2001-05", 0);
	expect_edtf("2001-05-17", "2001-05-17", 0);
	expect_edtf("2001?", "2001?", 0);
	expect_edtf("2001-05-17~", "2001-05-17~", 0);
	expect_edtf("..2001", "../2001", 0);
	expect_edtf("2001-05..", "2001-05/..", 0);
	expect_edtf("9999-12-31", "", 1);
	expect_not_edtf("2001-02-30");
	expect_not_edtf("01-05-2001");
	expect_not_edtf("2001-5-1");
	expect_not_edtf("soon");
}

static void test_latin1(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct strbuf out = STRBUF_INIT;
	(void)state;
	assert_int_equal(import_latin1_to_utf8("x", "C\x92te S\xe3o", 8, &out, &d), 0);
	assert_string_equal(out.buf, "C\xe2\x80\x99te S\xc3\xa3o");
	/* 0x81 is no character of Windows-1252: named by line and column */
	assert_int_equal(import_latin1_to_utf8("x.txt", "ab\ncd\x81", 6, &out, &d), -CHANCERY_EINPUT);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 3);
	assert_string_equal(d.v[0].message, "byte 0x81 is not a Latin-1 (Windows-1252) character");
	chancery_diags_release(&d);
	strbuf_release(&out);
}

struct seen {
	unsigned lines[8];
	char text[8][64];
	size_t n;
};

static int on_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct seen *s = ctx;
	(void)lens;
	s->lines[s->n] = line;
	snprintf(s->text[s->n], 64, "%zu:%s|%s", n, f[0], n > 1 ? f[1] : "");
	s->n++;
	return 0;
}

static void test_delimited(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct seen s = { 0 };
	const char *text = "a,b\n\"x\ny\",2\nq\"uote,3\n\"c,d\",4\n";
	(void)state;
	assert_int_equal(import_read_delimited("t.csv", text, strlen(text), ',', on_row, &s, &d, NULL), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.lines[1], 2); /* a record spanning lines 2-3 starts on 2 */
	assert_string_equal(s.text[1], "2:x\ny|2");
	assert_int_equal(s.lines[2], 4);
	assert_string_equal(s.text[2], "2:q\"uote|3"); /* a stray quote is a character */
	assert_string_equal(s.text[3], "2:c,d|4");
	/* an unterminated quote at the end is named by its record's line */
	memset(&s, 0, sizeof(s));
	text = "a,b\n1,2\n\"open,3\n";
	assert_int_equal(import_read_delimited("t.csv", text, strlen(text), ',', on_row, &s, &d, NULL),
			 -CHANCERY_EINPUT);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 3);
	chancery_diags_release(&d);
	/* a UTF-8 byte-order mark, as spreadsheets write it, is not part of
	 * the first column's name (issue 21) */
	memset(&s, 0, sizeof(s));
	text = "\xef\xbb\xbfstateID,b\n1,2\n";
	assert_int_equal(import_read_delimited("t.csv", text, strlen(text), ',', on_row, &s, &d, NULL), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text[0], "2:stateID|b");
	/* a quote inside a quoted field, not doubled: the row has more fields
	 * than the header, and is left out with why, not read shifted (a
	 * title's word taken for a date); a short row (trailing fields left
	 * out, as real files do) is kept */
	memset(&s, 0, sizeof(s));
	text = "Title,StateEnd\n\"Pact of \"Moral\", Rearmament\",1999\nShort\n";
	{
		size_t bad = 0;
		assert_int_equal(import_read_delimited("t.csv", text, strlen(text), ',', on_row, &s, &d,
						       &bad),
				 0);
		assert_int_equal(bad, 1);
	}
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text[1], "1:Short|");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 2);
	assert_string_equal(d.v[0].message, "3 fields, where the header has 2 (a quote inside a quoted"
					    " field must be doubled?); row left out");
	chancery_diags_release(&d);
}

static struct import_job *run(enum import_kind kind, const chancery_registry *known,
			      const char *const *paths, size_t n, struct chancery_diags *d)
{
	struct import_job *job = xcalloc(1, sizeof(*job));
	struct import_job init = IMPORT_JOB_INIT;
	*job = init;
	job->kind = kind;
	job->known = known;
	job->diags = d;
	assert_int_equal(import_run(job, paths, n), 0);
	return job;
}

static void free_job(struct import_job *job)
{
	import_job_release(job);
	free(job);
}

static void expect_text(const struct import_job *job, const char *want)
{
	if (!strstr(job->out.buf, want))
		fail_msg("the generated ledger lacks '%s':\n%s", want, job->out.buf);
}

static void test_states(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	const char *cow_text = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
			       "USA,2,United States of America,1816,1,1,2024,12,31,2024\n"
			       "HAN,240,Hanover,1838,1,1,1866,6,15,2024\n"
			       "XXX,999,Nowhere,1900,1,1,1950,12,31,2024\n"
			       "CUB,40,Cuba,1902,5,20,1906,9,25,2024\n"
			       "CUB,40,Cuba,1909,1,23,2024,12,31,2024\n";
	const char *gw_text = "statenumber\tstateid\tcountryname\tstart\tend\n"
			      "437\tCDI\tCote D\x92Ivoire\t1960-08-07\t2020-12-31\n"
			      "396\tABK\tAbkhazia\t2008-08-26\t2020-12-31\n"
			      "711\tTBT\tTibet\t1913-01-01\t1950-10-01\n";
	const char *paths[2];
	struct import_job *job;
	chancery_registry *known = load("party AB \"Republic of Abkhazia\" kind=partially-recognised\n");
	(void)state;
	paths[0] = write_tmp("cow_statelist2024.csv", cow_text, strlen(cow_text));
	paths[1] = write_tmp("ksgmdw.txt", gw_text, strlen(gw_text));
	job = run(IMPORT_STATES, known, paths, 2, &d);
	assert_int_equal(job->rows, 8);
	assert_int_equal(job->bad, 1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].severity, CHANCERY_WARNING);
	assert_int_equal(d.v[0].line, 4);
	assert_string_equal(d.v[0].message, "COW code 999 is not a state chancery knows; row left out");
	assert_string_equal(job->unmatched.buf, "code '999': 1 row\n");
	/* ISO names and codes; the list's end date is no exit */
	expect_text(job, "party US \"United States of America\" short=\"United States\" iso=US iso3=USA"
			 " isonum=840 cow=2 gw=2 source=cow_statelist2024.csv,iso_3166-1.json\n");
	expect_text(job, "1816-01-01 enter-system US system=cow id=cow_statelist2024.csv:2.enter");
	assert_null(strstr(job->out.buf, "exit-system US"));
	/* a state with no ISO code, gone: COW-HAN, from and to */
	expect_text(job, "party COW-HAN \"Hanover\" cow=240 gw=240 from=../1838-01-01 to=1866-06-15");
	expect_text(job, "1866-06-15 exit-system COW-HAN system=cow id=cow_statelist2024.csv:3.exit");
	/* a spell ended and another begun: both spells */
	expect_text(job, "1906-09-25 exit-system CU system=cow id=cow_statelist2024.csv:5.exit");
	expect_text(job, "1909-01-23 enter-system CU system=cow id=cow_statelist2024.csv:6.enter");
	/* GW only, Windows-1252 read: Tibet; Abkhazia is the known AB, not defined again */
	expect_text(job, "party GW-TBT \"Tibet\" gw=711 from=../1913-01-01 to=1950-10-01 source=ksgmdw.txt\n");
	expect_text(job, "2008-08-26 enter-system AB system=gw id=ksgmdw.txt:3.enter");
	assert_null(strstr(job->out.buf, "party AB "));
	free_job(job);
	chancery_registry_free(known);
	chancery_diags_release(&d);
}

static void test_treaties(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	const char *text =
		"\"stateID\",\"treatyID\",\"Title\",\"Begin\",\"End\",\"Signature\",\"StateSignature\","
		"\"StateRatification\",\"Force\",\"StateForce\",\"Term\",\"StateEnd\",\"Coder\",\"Comments\"\n"
		"\"FRA\",\"T1\",\"A treaty\",\"1950\",\"1960-01-01\",,\"1950-03-01\",\"1951?\",,\"1951-06\",,\"1960-01-01\",,\n"
		"\"GBR\",\"T1\",\"A treaty\",\"1950\",\"1960-01-01\",,\"1950-03-01\",,,\"..1952\",,\"1960-01-01\",,\n"
		"\"XYZ\",\"T1\",\"A treaty\",\"1950\",\"1960-01-01\",,\"1950-03-01\",,,,,,,\n"
		"\"FRA\",\"T1\",\"Another treaty\",\"1950\",,,\"1950-04-01\",,,,,\"9999-12-31\",,\n"
		"\"DEU\",\"T1\",\"Another treaty\",\"1950\",,,\"1950-04-01\",\"1950-02-30\",,,,,,\n"
		"\"GBR\",\"T1\",\"Another treaty\",\"1950\",,,\"1950-04-01\",,,,,\"1955~\",,\n"
		"\"GBR\",\"T1\",\"Another treaty\",\"1950\",,,\"1950-04-01\",,,,,,,\n";
	const char *paths[1];
	struct import_job *job;
	chancery_registry *known = load("party FR \"France\" iso3=FRA\n"
					"party GB \"United Kingdom\" iso3=GBR\n"
					"party DE \"Germany\" iso3=DEU\n");
	(void)state;
	paths[0] = write_tmp("mt_parties.csv", text, strlen(text));
	job = run(IMPORT_TREATIES, known, paths, 1, &d);
	assert_int_equal(job->rows, 7);
	/* a bad field drops the field, never the row (issue 17): only the
	 * row of a state chancery does not know goes */
	assert_int_equal(job->bad, 1);
	assert_int_equal(job->facts, 13);
	assert_int_equal(d.v[0].line, 4);
	assert_string_equal(d.v[0].message, "stateID 'XYZ' is not a party chancery knows; row left out");
	assert_int_equal(d.v[1].line, 6);
	assert_string_equal(d.v[1].message,
			    "StateRatification '1950-02-30' is not a date; ratification left out");
	assert_int_equal(d.n, 2);
	/* the marks kept; both ended on the treaty's end: a termination */
	expect_text(job, "treaty T1 \"A treaty\" parties=FR,GB source=mt_parties.csv\n"
			 "  1950-03-01 sign FR id=mt_parties.csv:2.sign\n"
			 "  1951? ratify FR id=mt_parties.csv:2.ratify\n"
			 "  1951-06 enter-into-force FR id=mt_parties.csv:2.force\n"
			 "  1950-03-01 sign GB id=mt_parties.csv:3.sign\n"
			 "  ../1952 enter-into-force GB id=mt_parties.csv:3.force\n"
			 "  1960-01-01 terminate id=T1.end\n");
	/* another title under the same treatyID; 9999-12-31 is open; an end of
	 * one party alone is its denunciation taking effect */
	/* Germany's row keeps its signature without its impossible
	 * ratification; Britain's second row is a second spell, kept */
	expect_text(job, "treaty T1.2 \"Another treaty\" parties=FR,DE,GB source=mt_parties.csv\n"
			 "  1950-04-01 sign FR id=mt_parties.csv:5.sign\n"
			 "  1950-04-01 sign DE id=mt_parties.csv:6.sign\n"
			 "  1950-04-01 sign GB id=mt_parties.csv:7.sign\n"
			 "  1955~ denounce GB effect=1955~ id=mt_parties.csv:7.end\n"
			 "  1950-04-01 sign GB id=mt_parties.csv:8.sign\n");
	free_job(job);
	chancery_registry_free(known);
	chancery_diags_release(&d);
}

/* The one CSV writer (base/csv.c) and the reader (libcsv) agree: fields
 * with commas, quotes and line breaks come back as they went, and plain
 * ones are written unquoted. */
static void test_csv_round_trip(void **state)
{
	static const char *const fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "" };
	struct strbuf sb = STRBUF_INIT;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct seen s = { 0 };
	(void)state;
	strbuf_addstr(&sb, "h1,h2\n");
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		csv_field(&sb, "k");
		strbuf_addch(&sb, ',');
		csv_field(&sb, fields[i]);
		strbuf_addch(&sb, '\n');
	}
	assert_non_null(strstr(sb.buf, "k,plain\nk,\"a,b\"\nk,\"say \"\"hi\"\"\"\n"));
	assert_int_equal(import_read_delimited("t.csv", sb.buf, sb.len, ',', on_row, &s, &d, NULL), 0);
	assert_int_equal(s.n, 6);
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		char want[64];
		snprintf(want, sizeof(want), "2:k|%s", fields[i]);
		assert_string_equal(s.text[i + 1], want);
	}
	strbuf_release(&sb);
	chancery_diags_release(&d);
}

/* import_quote writes what a ledger takes: the format characters it refuses
 * as deceptive (U+FEFF, U+202E) and C1 controls are left out of a field
 * (fuzz_import_csv found a title with U+FEFF making the generated ledger
 * fail to parse); a field of nothing else has no text. */
static void test_quote_drops(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *in = "A\xef\xbb\xbf treaty\xe2\x80\xae \xc2\x85" "end \xe2\x80\x8c\"q\"";
	(void)state;
	import_quote(&sb, in, strlen(in));
	/* the zero-width non-joiner (U+200C) stays: scripts need it */
	assert_string_equal(sb.buf, "\"A treaty end \xe2\x80\x8c\\\"q\\\"\"");
	assert_false(import_has_text("\xef\xbb\xbf\xe2\x80\xae "));
	assert_true(import_has_text("\xef\xbb\xbfx"));
	strbuf_release(&sb);
}

/* The embassies: a QID that is not Wikidata's form, and a creation after
 * the extract's day, are bad rows (issue 21); a good row is kept. */
static void test_missions(void **state)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	const char *text =
		"operator;operatorQID;country;countryQID;city;type;creation;QID\n"
		"France;http://www.wikidata.org/entity/Q142;Germany;http://www.wikidata.org/entity/Q183;"
		"Berlin;embassy;1950-05-01;http://www.wikidata.org/entity/Q1234\n"
		"France;http://www.wikidata.org/entity/Qx142;Germany;http://www.wikidata.org/entity/Q183;"
		"Bonn;consulate;;\n"
		"Germany;http://www.wikidata.org/entity/Q183;France;http://www.wikidata.org/entity/Q142;"
		"Paris;embassy;2023-03-01;http://www.wikidata.org/entity/Q77\n"
		"Germany;http://www.wikidata.org/entity/Q183;France;http://www.wikidata.org/entity/Q142;"
		"Lyon;consulate;;Q12a\n";
	const char *paths[1];
	struct import_job *job;
	chancery_registry *known = load("party FR \"France\" wikidata=Q142\n"
					"party DE \"Germany\" wikidata=Q183\n");
	(void)state;
	paths[0] = write_tmp("database_of_embassies_2022-11-16.csv", text, strlen(text));
	job = run(IMPORT_MISSIONS, known, paths, 1, &d);
	assert_int_equal(job->rows, 4);
	assert_int_equal(job->facts, 1);
	assert_int_equal(job->bad, 3);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.v[0].line, 3);
	assert_string_equal(d.v[0].message, "operatorQID 'http://www.wikidata.org/entity/Qx142' is not"
					    " a Wikidata id (Q and digits); row left out");
	assert_int_equal(d.v[1].line, 4);
	assert_string_equal(d.v[1].message,
			    "creation '2023-03-01' is after the extract's day 2022-11-16; row left out");
	assert_int_equal(d.v[2].line, 5);
	assert_string_equal(d.v[2].message, "QID 'Q12a' is not a Wikidata id (Q and digits); row left out");
	expect_text(job, "1950-05-01 open-mission FR DE type=embassy city=\"Berlin\"");
	expect_text(job, "note=\"wikidata Q1234\"");
	free_job(job);
	chancery_registry_free(known);
	chancery_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edtf),	   cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_delimited), cmocka_unit_test(test_states),
		cmocka_unit_test(test_treaties), cmocka_unit_test(test_missions),
		cmocka_unit_test(test_csv_round_trip), cmocka_unit_test(test_quote_drops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
