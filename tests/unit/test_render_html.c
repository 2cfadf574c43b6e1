/* test_render_html.c: unit tests of render_html (src/publish/render_html.c): golden
 * pages of the reference data, every page validated by tidy, hand-checked
 * counts, and a second pair (tests/fixtures/second-pair.ledger) rendered as
 * text and HTML. UPDATE_GOLDEN=1 rewrites the golden files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "publish/article.h"
#include "chancery.h"
#include "base/strbuf.h"

#define FIXTURE_NAME "render_html.ledger"
#include "fixture.h"

#include "base/banned.h"

#define GOLDEN "tests/golden/article/"
#define TIDY "/usr/bin/tidy"

static chancery_registry *load_file(const char *path)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	if (chancery_ledger_parse_file(r, path, &d) != 0 || d.errors) {
		print_diags(&d);
		fail_msg("%s does not parse (is the cwd the repository root?)", path);
	}
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	assert_int_equal(d.errors, 0);
	chancery_diags_release(&d);
	return r;
}

static struct article *build(const chancery_registry *r, const char *a, const char *b, int32_t on)
{
	struct article *art = NULL;
	assert_int_equal(article_build(r, a, b, on, &art), 0);
	assert_non_null(art);
	return art;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The page passes tidy with no error and no warning. */
static void tidy_ok(const char *html, size_t len)
{
	char path[] = "/tmp/test_render_html.XXXXXX";
	struct strbuf cmd = STRBUF_INIT, msg = STRBUF_INIT;
	char buf[512];
	size_t n;
	FILE *f, *p;
	int fd, status;

	if (access(TIDY, X_OK)) {
		print_message("NOTE: %s is absent: the page is not validated by tidy\n", TIDY);
		return;
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(html, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	strbuf_addf(&cmd, TIDY " -q -errors --show-warnings yes -utf8 %s 2>&1", path);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(&msg, buf, n);
	status = pclose(p);
	unlink(path);
	if (msg.len)
		print_message("tidy says:\n%s", msg.buf);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(msg.len, 0);
	strbuf_release(&cmd);
	strbuf_release(&msg);
}

/* Compare with the golden file, or write it under UPDATE_GOLDEN=1. */
static void golden(const char *name, const struct strbuf *got)
{
	struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
	const char *update = getenv("UPDATE_GOLDEN");

	strbuf_addf(&path, GOLDEN "%s", name);
	if (update && !strcmp(update, "1")) {
		FILE *f = fopen(path.buf, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(got->buf, 1, got->len, f), got->len);
		assert_int_equal(fclose(f), 0);
		print_message("wrote %s\n", path.buf);
	} else {
		if (strbuf_read_file(&want, path.buf, 1 << 24))
			fail_msg("cannot read %s (UPDATE_GOLDEN=1 writes it)", path.buf);
		if (want.len != got->len || memcmp(want.buf, got->buf, got->len))
			fail_msg("%s differs from the rendered page", path.buf);
	}
	strbuf_release(&path);
	strbuf_release(&want);
}

/* Render, validate and compare one page; the caller frees the result. */
static char *page(const chancery_registry *r, const char *a, const char *b, int32_t on, int refs,
		  const char *name)
{
	struct strbuf out = STRBUF_INIT;
	struct article *art = build(r, a, b, on);

	render_html(art, refs, &out);
	article_free(art);
	assert_true(out.len > 1);
	assert_int_equal(out.buf[out.len - 1], '\n');
	assert_true(out.buf[out.len - 2] != '\n');
	assert_int_equal(strncmp(out.buf, "<!DOCTYPE html>\n", 16), 0);
	tidy_ok(out.buf, out.len);
	golden(name, &out);
	return strbuf_detach(&out, NULL);
}

/* The text between the treaty table's <tbody> and </tbody>. */
static size_t treaty_rows(const char *html)
{
	const char *t = strstr(html, "<table class=\"treaties\">");
	const char *b, *e;
	size_t n = 0;
	if (!t)
		return 0;
	b = strstr(t, "<tbody>");
	e = strstr(t, "</tbody>");
	assert_non_null(b);
	assert_non_null(e);
	for (const char *p = strstr(b, "<tr>"); p && p < e; p = strstr(p + 1, "<tr>"))
		n++;
	return n;
}

static void test_abkhazia_russia(void **state)
{
	chancery_registry *r = load_reference();
	char *html = page(r, "AB", "RU", day(2026, 1, 1), 0, "abkhazia-russia-2026-01-01.html");

	assert_int_equal(treaty_rows(html), 7);
	/* the locator map inline in the infobox (src/publish/map.c) */
	assert_int_equal(count(html, "<img"), 0);
	assert_int_equal(count(html, "<svg "), 1);
	assert_non_null(strstr(html, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
				     "role=\"img\" aria-label=\"Abkhazia–Russia locator map\""));
	assert_non_null(strstr(html, ">Abkhazia and Russia, 1 January 2026</text>"));
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "<table class=\"infobox\">"));
	assert_int_equal(count(html, "<th scope=\"col\">"), 5);
	assert_int_equal(count(html, "<h1>"), 1);
	/* without refs, no footnote and no references */
	assert_null(strstr(html, "<sup"));
	assert_null(strstr(html, "id=\"references\""));
	free(html);
	chancery_registry_free(r);
}

static void test_abkhazia_russia_refs(void **state)
{
	chancery_registry *r = load_reference();
	char *html = page(r, "AB", "RU", day(2026, 1, 1), 1, "abkhazia-russia-2026-01-01.refs.html");

	assert_int_equal(treaty_rows(html), 7);
	assert_int_equal(count(html, "<svg "), 1);
	assert_int_equal(count(html, "id=\"ref-1\""), 1);
	assert_int_equal(count(html, "<section id=\"references\">"), 1);
	/* the lead's first citation is footnote 1, cited first */
	assert_non_null(strstr(html, "<sup class=\"ref\"><a href=\"#ref-1\" id=\"cite-1-1\">[1]</a></sup>"));
	assert_non_null(strstr(html, "id=\"cite-1-2\""));
	/* the reference article as its first source */
	assert_non_null(strstr(html, "<li id=\"ref-1\">Abkhazia–Russia relations. Wikipedia. <a href=\""
				     "https://en.wikipedia.org/wiki/Abkhazia%E2%80%93Russia_relations\">"
				     "https://en.wikipedia.org/wiki/Abkhazia–Russia_relations</a></li>"));
	free(html);
	chancery_registry_free(r);
}

static void test_abkhazia_russia_2008(void **state)
{
	chancery_registry *r = load_reference();
	char *html = page(r, "AB", "RU", day(2008, 9, 1), 0, "abkhazia-russia-2008-09-01.html");

	assert_int_equal(treaty_rows(html), 0);
	assert_null(strstr(html, "<table class=\"treaties\">"));
	assert_null(strstr(html, "9 September 2008"));
	assert_null(strstr(html, "Sukhumi"));
	assert_int_equal(count(html, "<svg "), 1);
	assert_non_null(strstr(html, ">Abkhazia and Russia, 1 September 2008</text>"));
	free(html);
	chancery_registry_free(r);
}

static void test_georgia_russia(void **state)
{
	chancery_registry *r = load_reference();
	char *html = page(r, "GE", "RU", day(2026, 1, 1), 0, "georgia-russia-2026-01-01.html");

	assert_null(strstr(html, "<table class=\"treaties\">"));
	assert_non_null(strstr(html, "aria-label=\"Georgia–Russia locator map\""));
	assert_non_null(strstr(html, "<h2>See also</h2>\n<ul>\n<li>Foreign relations of Georgia</li>"));
	free(html);
	chancery_registry_free(r);
}

/* Escaping and the references' missing parts, on a small ledger. */
static void test_escaping(void **state)
{
	chancery_registry *r = load("source s1 \"A <b> & \\\"c\\\"\"\n"
				    "source s2 \"Title only\"\n"
				    "party X \"Land & <Sea>\" short=X\n"
				    "party Y \"Yland\" short=Y\n"
				    "2001-02-03 establish-relations X Y level=embassy source=s1,s2\n");
	struct article *art = build(r, "X", "Y", day(2026, 1, 1));
	struct strbuf out = STRBUF_INIT;

	render_html(art, 1, &out);
	assert_non_null(strstr(out.buf, "between Land &amp; &lt;Sea&gt; and"));
	assert_non_null(strstr(out.buf, "<li id=\"ref-1\">A &lt;b&gt; &amp; &quot;c&quot;.</li>"));
	assert_non_null(strstr(out.buf, "<li id=\"ref-2\">Title only.</li>"));
	assert_null(strstr(out.buf, "<Sea>"));
	tidy_ok(out.buf, out.len);
	strbuf_release(&out);
	article_free(art);
	chancery_registry_free(r);
}

/* Only letters, digits or spaces make a sentence; no ". ." and no double spaces. */
static void sentence_ok(const char *s)
{
	int word = 0;
	assert_non_null(s);
	assert_true(*s);
	for (const char *p = s; *p; p++)
		if (isalnum((unsigned char)*p))
			word = 1;
	if (!word)
		fail_msg("a sentence of only punctuation: '%s'", s);
	if (strstr(s, ". .") || strstr(s, "  ") || s[0] == ' ' || s[strlen(s) - 1] == ' ')
		fail_msg("a sentence with an empty part: '%s'", s);
}

static int block_has_content(const struct art_block *b)
{
	return b->kind == ART_TABLE ? b->n_rows > 0 : b->n_items > 0;
}

static void test_second_pair(void **state)
{
	chancery_registry *r = load_file("tests/fixtures/second-pair.ledger");
	struct article *art = build(r, "CZ", "SK", day(2026, 1, 1));
	struct strbuf text = STRBUF_INIT, html = STRBUF_INIT;
	const struct art_block *treaties = NULL;

	/* the lead names both parties */
	assert_true(art->lead.n_items >= 1);
	assert_non_null(strstr(art->lead.items[0].text, "Czech Republic"));
	assert_non_null(strstr(art->lead.items[0].text, "Slovak Republic"));
	for (size_t i = 0; i < art->lead.n_items; i++)
		sentence_ok(art->lead.items[i].text);

	for (size_t i = 0; i < art->n_sections; i++) {
		const struct art_section *s = &art->sections[i];
		int content = 0;
		for (size_t k = 0; k < s->n_blocks; k++) {
			const struct art_block *b = &s->blocks[k];
			content |= block_has_content(b);
			for (size_t j = 0; j < b->n_items; j++)
				sentence_ok(b->items[j].text);
			if (b->kind == ART_TABLE)
				treaties = b;
		}
		/* or a subsection with content right under it */
		if (!content && i + 1 < art->n_sections && art->sections[i + 1].level > s->level)
			for (size_t k = 0; k < art->sections[i + 1].n_blocks; k++)
				content |= block_has_content(&art->sections[i + 1].blocks[k]);
		if (!content)
			fail_msg("section '%s' has no content under it", s->title);
	}

	assert_non_null(treaties);
	assert_int_equal(treaties->n_rows, 1);
	assert_string_equal(treaties->rows[0].cells[0], "23 November 1992");
	assert_string_equal(treaties->rows[0].cells[1], "1993");
	assert_string_equal(treaties->rows[0].cells[2], "");
	assert_string_equal(treaties->rows[0].cells[3],
			    "Treaty on Good Neighbourliness, Friendly Relations and Cooperation");

	render_text(art, &text);
	golden("second-pair.txt", &text);
	render_html(art, 1, &html);
	tidy_ok(html.buf, html.len);
	assert_int_equal(treaty_rows(html.buf), 1);
	assert_int_equal(count(html.buf, "id=\"ref-1\""), 1);
	assert_non_null(strstr(html.buf, "aria-label=\"Czech Republic–Slovakia locator map\""));

	strbuf_release(&text);
	strbuf_release(&html);
	article_free(art);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abkhazia_russia),
		cmocka_unit_test(test_abkhazia_russia_refs),
		cmocka_unit_test(test_abkhazia_russia_2008),
		cmocka_unit_test(test_georgia_russia),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_second_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
