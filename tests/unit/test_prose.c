/* test_prose.c: the words of the article (src/publish/prose.c): dates
 * written at the precision they were typed, names with their articles
 * and adjectives; and a long name in a section title that no buffer cuts
 * (issue 9, item 7). Every expected phrase was worked out by hand from
 * docs/ledger.md ("Dates", "party") and docs/cli.md ("The article"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"
#include "publish/article.h"
#include "publish/prose.h"
#include "base/strbuf.h"

#define FIXTURE_NAME "prose.ledger"
#include "fixture.h"

static void expect_date(const char *edtf, const char *with_prep, const char *bare)
{
	struct chancery_date d;
	const char *why;
	size_t where;
	struct strbuf sb = STRBUF_INIT;
	if (chancery_date_parse(edtf, strlen(edtf), &d, &why, &where))
		fail_msg("'%s' does not parse: %s", edtf, why);
	art_date(&sb, &d, 1);
	if (strcmp(sb.buf, with_prep))
		fail_msg("'%s': \"%s\", expected \"%s\"", edtf, sb.buf, with_prep);
	strbuf_reset(&sb);
	art_date(&sb, &d, 0);
	if (strcmp(sb.buf, bare))
		fail_msg("'%s' bare: \"%s\", expected \"%s\"", edtf, sb.buf, bare);
	strbuf_release(&sb);
}

/* Dates in prose (issue 8): never "On 2008," nor "On December 2009",
 * never a blank where a date was. */
static void test_dates(void **state)
{
	(void)state;
	expect_date("2008-08-26", "on 26 August 2008", "26 August 2008");
	expect_date("2009-12", "in December 2009", "December 2009");
	expect_date("2008", "in 2008", "2008");
	expect_date("2008~", "around 2008", "around 2008");
	expect_date("2008?", "possibly in 2008", "possibly 2008");
	expect_date("2008%", "possibly around 2008", "possibly around 2008");
	expect_date("2009-05-XX", "in May 2009", "May 2009");
	expect_date("2009-XX", "in 2009", "2009");
	expect_date("201X", "in the 2010s", "the 2010s");
	expect_date("2008-23", "in autumn 2008", "autumn 2008");
	expect_date("2008-24", "in winter 2008\u201309", "winter 2008\u201309");
	expect_date("2008-29", "in the southern spring of 2008", "the southern spring of 2008");
	expect_date("2009-33", "in the first quarter of 2009", "the first quarter of 2009");
	expect_date("2009-38", "in May\u2013August 2009", "May\u2013August 2009");
	expect_date("2009-41", "in the second half of 2009", "the second half of 2009");
	expect_date("2008-09/2008-11", "between September and November 2008",
		    "between September and November 2008");
	expect_date("2011-01-25/2011-01-26", "between 25 and 26 January 2011",
		    "between 25 and 26 January 2011");
	expect_date("2010-12-22/2011-02-05", "between 22 December 2010 and 5 February 2011",
		    "between 22 December 2010 and 5 February 2011");
	expect_date("2003-05-14/2003-06-01", "between 14 May and 1 June 2003",
		    "between 14 May and 1 June 2003");
	expect_date("2008-08-26/..", "on or after 26 August 2008", "on or after 26 August 2008");
	expect_date("../2011", "in or before 2011", "in or before 2011");
	expect_date("undated", "on an unknown date", "");
}

static struct article *article(const chancery_registry *r, const char *a, const char *b)
{
	struct article *art = NULL;
	assert_int_equal(article_build(r, a, b, day(2026, 1, 1), &art), 0);
	return art;
}

/* Names take the party's article= or the rule of docs/ledger.md, and the
 * adjective from data: "Recognition of X by Y" without one. */
static void test_names(void **state)
{
	(void)state;
	chancery_registry *r = load("party CZ \"Czech Republic\" short=\"Czech Republic\"\n"
				    "party SK \"Slovak Republic\" short=Slovakia\n"
				    "party NL \"Kingdom of the Netherlands\" short=Netherlands article=the\n"
				    "party XQ \"Republic of Xq\" short=\"Xq Republic\" article=none\n"
				    "party VU \"Republic of Vanuatu\" short=Vanuatu\n"
				    "party AB \"Republic of Abkhazia\" short=Abkhazia\n"
				    "2001-01-01 establish-relations CZ SK\n"
				    "2002-02-02 establish-relations NL XQ\n"
				    "2011-05-23 recognise VU AB\n");
	struct article *art = article(r, "SK", "CZ");
	assert_string_equal(art->lead.items[0].text,
			    "Czech Republic\u2013Slovakia relations is the bilateral relationship "
			    "between the Czech Republic and the Slovak Republic.");
	assert_string_equal(art->lead.items[1].text,
			    "The Czech Republic and Slovakia established diplomatic relations on 1 "
			    "January 2001.");
	article_free(art);
	art = article(r, "NL", "XQ");
	assert_string_equal(art->lead.items[1].text,
			    "The Netherlands and Xq Republic established diplomatic relations on 2 "
			    "February 2002.");
	article_free(art);
	art = article(r, "VU", "AB");
	assert_string_equal(art->sections[1].title, "Recognition of Abkhazia by Vanuatu");
	assert_string_equal(art->lead.items[1].text, "Vanuatu recognised Abkhazia on 23 May 2011.");
	article_free(art);
	chancery_registry_free(r);
}

/* Is s valid UTF-8 (no character cut)? */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 : 3;
		s++;
		for (int i = 0; i < n; i++, s++)
			if ((*s & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* A 200-letter Cyrillic adjective (400 bytes) in a section title, which a
 * 256-byte buffer cut inside a character: whole, and valid UTF-8, in the
 * structure and in every format. */
static void test_long_name(void **state)
{
	(void)state;
	struct strbuf ledger = STRBUF_INIT, adj = STRBUF_INIT, title = STRBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	chancery_registry *r;
	struct article *art;
	for (int i = 0; i < 200; i++)
		strbuf_addstr(&adj, "\u0436"); /* ж, two bytes */
	strbuf_addf(&ledger, "party AA \"Alpha\" adjective=%s\nparty BB \"Beta\"\n"
			     "2001-01-01 recognise AA BB\n",
		    adj.buf);
	r = load(ledger.buf);
	art = article(r, "AA", "BB");
	strbuf_addf(&title, "%s recognition of Beta", adj.buf);
	assert_string_equal(art->sections[1].title, title.buf);
	render_text(art, &out);
	assert_true(utf8_ok((const unsigned char *)out.buf));
	assert_non_null(strstr(out.buf, title.buf));
	strbuf_reset(&out);
	render_markdown(art, 1, &out);
	assert_true(utf8_ok((const unsigned char *)out.buf));
	assert_non_null(strstr(out.buf, title.buf));
	strbuf_reset(&out);
	render_html(art, 1, &out);
	assert_true(utf8_ok((const unsigned char *)out.buf));
	assert_non_null(strstr(out.buf, title.buf));
	strbuf_reset(&out);
	render_wikitext(art, 1, &out);
	assert_true(utf8_ok((const unsigned char *)out.buf));
	assert_non_null(strstr(out.buf, title.buf));
	article_free(art);
	chancery_registry_free(r);
	strbuf_release(&ledger);
	strbuf_release(&adj);
	strbuf_release(&title);
	strbuf_release(&out);
}

/* The notes of a treaty: the note typed with it is not repeated by the
 * generated one, and an extension by agreement is not "automatically
 * renewable". */
static void test_treaty_notes(void **state)
{
	(void)state;
	chancery_registry *r = load("party AA \"Alpha\"\nparty BB \"Beta\"\n"
				    "treaty t1 \"Base\" parties=AA,BB\n"
				    "  term 49y renew=15y\n"
				    "  note \"Valid for 49 years, automatically renewable for 15-year periods\"\n"
				    "  2010-02-17 sign\n"
				    "treaty t2 \"Arms\" parties=AA,BB\n"
				    "  term 10y extend=5y\n"
				    "  2010-04-08 sign\n");
	struct article *art = article(r, "AA", "BB");
	const struct art_block *table = NULL;
	for (size_t i = 0; i < art->n_sections; i++)
		for (size_t k = 0; k < art->sections[i].n_blocks; k++)
			if (art->sections[i].blocks[k].kind == ART_TABLE)
				table = &art->sections[i].blocks[k];
	assert_non_null(table);
	assert_int_equal(table->n_rows, 2);
	assert_string_equal(table->rows[0].cells[4],
			    "Valid for 49 years, automatically renewable for 15-year periods");
	assert_string_equal(table->rows[1].cells[4],
			    "Valid for 10 years, extendable by agreement for 5-year periods");
	article_free(art);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_treaty_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
