/* fixture.h: what the unit tests share for building registries: a
 * registry from ledger text that must parse, the reference data, and days.
 * Include it after cmocka.h, with FIXTURE_NAME defined to the file name
 * the diagnostics should show. */
#ifndef TESTS_FIXTURE_H
#define TESTS_FIXTURE_H

#include <string.h>

#include "chancery.h"

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "test.ledger"
#endif

#define FIXTURE_UNUSED __attribute__((unused))

static FIXTURE_UNUSED void print_diags(const struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  diag %zu: %s:%u:%u: %s\n", i, d->v[i].file ? d->v[i].file : "-",
			      d->v[i].line, d->v[i].col, d->v[i].message);
}

/* A finished registry from ledger text that must parse without error. */
static FIXTURE_UNUSED chancery_registry *load(const char *text)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	if (chancery_ledger_parse_buffer(r, FIXTURE_NAME, text, strlen(text), &d) != 0 ||
	    d.errors) {
		print_diags(&d);
		fail_msg("the test ledger does not parse");
	}
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	assert_int_equal(d.errors, 0);
	chancery_diags_release(&d);
	return r;
}

/* The bundled reference data; the tests run from the repository's root. */
static FIXTURE_UNUSED chancery_registry *load_reference(void)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	if (chancery_ledger_parse_file(r, "data/registry.ledger", &d) != 0 || d.errors) {
		print_diags(&d);
		fail_msg("data/registry.ledger does not parse (is the cwd the repository root?)");
	}
	assert_int_equal(chancery_registry_finish(r, &d), 0);
	chancery_diags_release(&d);
	return r;
}

static FIXTURE_UNUSED int32_t day(int y, int m, int d)
{
	assert_true(chancery_ymd_valid(y, m, d));
	return chancery_day_from_ymd(y, m, d);
}

#endif
