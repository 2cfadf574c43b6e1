/* test_render_md_wiki.c: the Markdown and wikitext renderers against the
 * golden files in tests/golden/article/ (UPDATE_GOLDEN=1 rewrites them),
 * hand-checked facts of the outputs, and the escaping of markup in a
 * small hand-made article. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/article.h"
#include "chancery.h"
#include "base/strbuf.h"

#define FIXTURE_NAME "render.ledger"
#include "fixture.h"

#include "base/banned.h"

#define GOLDEN_DIR "tests/golden/article/"

enum format { MD, WIKI };

static void render(const struct article *art, enum format f, int refs, struct strbuf *out)
{
	if (f == MD)
		render_markdown(art, refs, out);
	else
		render_wikitext(art, refs, out);
}

/* Compare out with the golden file, or write it under UPDATE_GOLDEN=1. */
static void golden(const char *name, const struct strbuf *out)
{
	char path[256];
	const char *update = getenv("UPDATE_GOLDEN");
	struct strbuf want = STRBUF_INIT;
	snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
	if (update && !strcmp(update, "1")) {
		FILE *f = fopen(path, "wb");
		if (!f)
			fail_msg("cannot write %s", path);
		assert_int_equal(fwrite(out->buf, 1, out->len, f), out->len);
		assert_int_equal(fclose(f), 0);
		return;
	}
	if (strbuf_read_file(&want, path, 1 << 20) != 0)
		fail_msg("cannot read %s (generate it with UPDATE_GOLDEN=1)", path);
	if (want.len != out->len || memcmp(want.buf, out->buf, out->len)) {
		size_t i = 0;
		while (i < want.len && i < out->len && want.buf[i] == out->buf[i])
			i++;
		print_message("%s differs at byte %zu; output:\n%s\n", path, i, out->buf);
		fail_msg("%s differs from the output", path);
	}
	strbuf_release(&want);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

static int heading_level(const char *line, enum format f)
{
	int n = 0;
	char c = f == MD ? '#' : '=';
	while (line[n] == c)
		n++;
	return n && line[n] == ' ' ? n : 0;
}

/* Shape rules every output keeps: one newline at the end, no trailing
 * spaces, no double spaces, no empty sentence, and content (or a
 * subheading) under every heading. */
static void check_shape(const char *s, enum format f)
{
	size_t n = strlen(s);
	int pending = 0; /* the level of a heading still waiting for content */
	assert_true(n >= 2);
	assert_int_equal(s[n - 1], '\n');
	assert_int_not_equal(s[n - 2], '\n');
	assert_null(strstr(s, " \n"));
	assert_null(strstr(s, "\t"));
	assert_null(strstr(s, "  "));
	assert_null(strstr(s, ". ."));
	assert_null(strstr(s, ".."));
	for (const char *line = s; *line;) {
		const char *end = strchr(line, '\n');
		int level = heading_level(line, f);
		if (f == WIKI && level && line[end - line - 1] != '=')
			level = 0;
		if (level) {
			if (pending)
				assert_true(level > pending); /* a subheading may follow */
			pending = level;
		} else if (end != line) {
			pending = 0;
		}
		line = end + 1;
	}
	assert_int_equal(pending, 0);
}

/* The lines starting with '|' in the section that starts with heading. */
static size_t table_lines(const char *s, const char *heading)
{
	const char *p = strstr(s, heading);
	size_t n = 0;
	assert_non_null(p);
	p = strchr(p, '\n') + 1;
	while (*p && !(p[0] == '#' || (p[0] == '=' && p[1] == '='))) {
		if (*p == '|')
			n++;
		p = strchr(p, '\n') + 1;
	}
	return n;
}

struct render_case {
	const char *a, *b;
	int y, m, d;
	enum format f;
	int refs;
	const char *file;
};

static const struct render_case cases[] = {
	{ "AB", "RU", 2026, 1, 1, MD, 0, "abkhazia-russia-2026-01-01.md" },
	{ "AB", "RU", 2026, 1, 1, MD, 1, "abkhazia-russia-2026-01-01.refs.md" },
	{ "AB", "RU", 2026, 1, 1, WIKI, 0, "abkhazia-russia-2026-01-01.wiki" },
	{ "AB", "RU", 2026, 1, 1, WIKI, 1, "abkhazia-russia-2026-01-01.refs.wiki" },
	{ "AB", "RU", 2008, 9, 1, MD, 0, "abkhazia-russia-2008-09-01.md" },
	{ "AB", "RU", 2008, 9, 1, WIKI, 0, "abkhazia-russia-2008-09-01.wiki" },
	{ "GE", "RU", 2026, 1, 1, MD, 0, "georgia-russia-2026-01-01.md" },
	{ "GE", "RU", 2026, 1, 1, WIKI, 0, "georgia-russia-2026-01-01.wiki" },
};

static void run_case(chancery_registry *r, const struct render_case *c, struct strbuf *out)
{
	struct article *art = NULL;
	assert_int_equal(article_build(r, c->a, c->b, day(c->y, c->m, c->d), &art), 0);
	strbuf_reset(out);
	render(art, c->f, c->refs, out);
	/* deterministic: a second rendering is the same */
	{
		struct strbuf again = STRBUF_INIT;
		render(art, c->f, c->refs, &again);
		assert_string_equal(again.buf, out->buf);
		strbuf_release(&again);
	}
	article_free(art);
	check_shape(out->buf, c->f);
	if (!c->refs) {
		assert_null(strstr(out->buf, "[^"));
		assert_null(strstr(out->buf, "<ref"));
		assert_null(strstr(out->buf, "References"));
	}
	golden(c->file, out);
}

static void test_golden(void **state)
{
	chancery_registry *r = load_reference();
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(r, &cases[i], &out);
	strbuf_release(&out);
	chancery_registry_free(r);
}

static void test_markdown_facts(void **state)
{
	chancery_registry *r = load_reference();
	struct strbuf out = STRBUF_INIT;
	char def[64];
	const char *p;
	unsigned long n;

	run_case(r, &cases[0], &out);
	assert_true(!strncmp(out.buf, "# Abkhazia\u2013Russia relations\n\n| | |\n| --- | --- |\n", 44));
	assert_non_null(strstr(out.buf, "| Map | ![Abkhazia-Russia Locator]"
					"(Abkhazia-Russia%20Locator.svg) |\n"));
	assert_non_null(strstr(out.buf, "\n## Background\n\n### Russian recognition of Abkhazia\n\n"));
	/* 7 treaty rows, the header and the separator */
	assert_int_equal(table_lines(out.buf, "## List of treaties and agreements"), 9);
	assert_non_null(strstr(out.buf,
			       "| Signed | Ratified by Abkhazia | Ratified by Russia | Treaty | Notes |\n"
			       "| --- | --- | --- | --- | --- |\n| 30 April 2009 | | | "));
	assert_non_null(strstr(out.buf, "\n- Foreign relations of Russia\n"));

	run_case(r, &cases[1], &out);
	/* abru, the reference article, is defined once and cited often */
	p = strstr(out.buf, "]: Abkhazia\u2013Russia relations. Wikipedia. <https://");
	assert_non_null(p);
	assert_null(strstr(p + 1, "]: Abkhazia\u2013Russia relations."));
	while (p[-1] != '^')
		p--;
	n = strtoul(p, NULL, 10);
	assert_true(n >= 1);
	snprintf(def, sizeof(def), "[^%lu]", n);
	assert_true(count(out.buf, def) >= 10);
	snprintf(def, sizeof(def), "\n[^%lu]: ", n);
	assert_int_equal(count(out.buf, def), 1);
	/* the markers follow the punctuation; the definitions follow a blank line */
	assert_non_null(strstr(out.buf, ".[^1]"));
	assert_null(strstr(out.buf, "[^1]."));
	assert_non_null(strstr(out.buf, "\n\n[^1]: "));
	assert_null(strstr(out.buf, "## References"));
	/* every marker has its definition */
	for (unsigned long k = 1;; k++) {
		snprintf(def, sizeof(def), "[^%lu]", k);
		if (!strstr(out.buf, def))
			break;
		snprintf(def, sizeof(def), "\n[^%lu]: ", k);
		assert_int_equal(count(out.buf, def), 1);
	}
	assert_int_equal(table_lines(out.buf, "## List of treaties and agreements"), 9);

	run_case(r, &cases[6], &out); /* Georgia and Russia: no treaties */
	assert_null(strstr(out.buf, "| Signed"));
	assert_null(strstr(out.buf, "Treaties"));
	strbuf_release(&out);
	chancery_registry_free(r);
}

static void test_wikitext_facts(void **state)
{
	chancery_registry *r = load_reference();
	struct strbuf out = STRBUF_INIT;

	run_case(r, &cases[2], &out);
	assert_true(!strncmp(out.buf,
			     "{{Infobox bilateral relations\n"
			     "| name = Abkhazia \u2013 Russia relations\n"
			     "| party1 = Abkhazia\n"
			     "| party2 = Russian Federation\n"
			     "| filetype = svg\n"
			     "| map = Abkhazia-Russia Locator.svg\n"
			     "}}\n'''Abkhazia\u2013Russia relations''' is the bilateral",
			     strlen("{{Infobox bilateral relations\n"
				    "| name = Abkhazia \u2013 Russia relations\n"
				    "| party1 = Abkhazia\n"
				    "| party2 = Russian Federation\n"
				    "| filetype = svg\n"
				    "| map = Abkhazia-Russia Locator.svg\n"
				    "}}\n'''Abkhazia\u2013Russia relations''' is the bilateral")));
	assert_int_equal(count(out.buf, "'''"), 2);
	assert_int_equal(count(out.buf, "{| class=\"wikitable\""), 1);
	assert_int_equal(count(out.buf, "\n|-\n"), 7);
	assert_int_equal(count(out.buf, "\n|}\n"), 1);
	assert_non_null(strstr(out.buf, "\n! Signed !! Ratified by Abkhazia !! Ratified by Russia !! "
					"Treaty !! Notes\n|-\n| 30 April 2009 || || || "));
	assert_non_null(strstr(out.buf, "\n== Background ==\n\n"
					"=== Russian recognition of Abkhazia ===\n\n"));
	assert_non_null(strstr(out.buf, "\n* [[Foreign relations of Abkhazia]]\n"
					"* [[Foreign relations of Russia]]\n"));
	assert_null(strstr(out.buf, "{{reflist}}"));

	run_case(r, &cases[3], &out);
	assert_int_equal(count(out.buf, "<ref name=\"abru\">{{cite web |title=Abkhazia\u2013Russia "
					"relations |publisher=Wikipedia |url=https://"),
			 1);
	assert_true(count(out.buf, "<ref name=\"abru\" />") >= 10);
	assert_true(strstr(out.buf, "<ref name=\"abru\">") < strstr(out.buf, "<ref name=\"abru\" />"));
	assert_non_null(strstr(out.buf, ".<ref name=\""));
	assert_null(strstr(out.buf, "</ref>."));
	assert_int_equal(count(out.buf, "\n== References ==\n\n{{reflist}}\n"), 1);
	assert_int_equal(count(out.buf, "<ref"), count(out.buf, "</ref>") + count(out.buf, " />"));
	assert_int_equal(count(out.buf, "{| class=\"wikitable\""), 1);

	run_case(r, &cases[7], &out); /* Georgia and Russia: no treaties */
	assert_null(strstr(out.buf, "{|"));
	strbuf_release(&out);
	chancery_registry_free(r);
}

/* Markup in the facts' text is escaped, not obeyed. HTML's "<" and ">"
 * are entities in Markdown (any Markdown reads "&lt;" as text; only
 * CommonMark reads "\\<" so). */
static void test_escaping(void **state)
{
	struct art_sentence items[2] = { { .text = "#1 *bold* _x_ [[link]] {{tpl}} a|b ''it''." },
					 { .text = "2009. a <b> & co" } };
	struct art_row row = { .cells = { "1 May 2009", "", "", "A | B", "*note*" } };
	struct art_block blocks[2] = {
		{ .kind = ART_PARAGRAPH, .items = items, .n_items = 2 },
		{ .kind = ART_TABLE,
		  .rows = &row,
		  .n_rows = 1,
		  .header = { "Signed:", "Ratified by X:", "Ratified by Y:", "Treaty:", "Notes:" } },
	};
	struct art_section sec = { .level = 2, .title = "Things", .blocks = blocks, .n_blocks = 2 };
	struct article art = { .title = "X\u2013Y relations",
			       .infobox_title = "X \u2013 Y relations",
			       .infobox_party1 = "X|1",
			       .infobox_party2 = "Y",
			       .filetype = "svg",
			       .map = "X-Y Locator (new).svg",
			       .lead = { .kind = ART_PARAGRAPH, .items = &items[1], .n_items = 1 },
			       .sections = &sec,
			       .n_sections = 1 };
	struct strbuf out = STRBUF_INIT;

	render_markdown(&art, 0, &out);
	assert_non_null(strstr(out.buf, "| Party 1 | X\\|1 |\n"));
	assert_non_null(strstr(out.buf, "![X-Y Locator (new)](X-Y%20Locator%20%28new%29.svg)"));
	assert_non_null(strstr(out.buf, "\n\\#1 \\*bold\\* \\_x\\_ \\[\\[link\\]\\] {{tpl}} a|b ''it''. "
					"2009. a &lt;b&gt; & co\n"));
	assert_non_null(strstr(out.buf, "\n2009\\. a &lt;b&gt; & co\n"));
	assert_non_null(strstr(out.buf, "| 1 May 2009 | | | A \\| B | \\*note\\* |\n"));
	check_shape(out.buf, MD);

	strbuf_reset(&out);
	render_wikitext(&art, 0, &out);
	assert_non_null(strstr(out.buf, "| party1 = X&#124;1\n"));
	assert_non_null(strstr(out.buf, "\n&#35;1 *bold* _x_ &#91;&#91;link&#93;&#93; &#123;{tpl&#125;} "
					"a|b &#39;'it&#39;'. 2009. a &#60;b&#62; & co\n"));
	assert_non_null(strstr(out.buf, "\n| 1 May 2009 || || || A &#124; B || *note*\n|}\n"));
	check_shape(out.buf, WIKI);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_markdown_facts),
		cmocka_unit_test(test_wikitext_facts),
		cmocka_unit_test(test_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
