/* test_panel.c: the panel as a library call (include/chancery.h,
 * "Panels") on tests/fixtures/panel.ledger, whose three states were
 * counted by hand: COW's any-day rule, 1 January, 31 December, GW, and
 * the year range refused when it is not one. tests/cli/panel.sh checks
 * the CSV itself against hand-checked files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fixture.h"

static chancery_registry *fixture(void)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	if (chancery_ledger_parse_file(r, "tests/fixtures/panel.ledger", &d) ||
	    chancery_registry_finish(r, &d)) {
		print_diags(&d);
		fail_msg("tests/fixtures/panel.ledger does not parse");
	}
	chancery_diags_release(&d);
	return r;
}

static void counts(const chancery_registry *r, int system, int on, int directed, size_t states,
		   size_t dyads)
{
	struct chancery_panel_opts o = { .from = 2000,
					  .to = 2002,
					  .system = system,
					  .on = on,
					  .directed = directed,
					  .columns = CHANCERY_COL_ALL };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_panel *p = NULL;
	assert_int_equal(chancery_panel_build(r, &o, &p, &d), 0);
	assert_int_equal(chancery_panel_state_years(p), states);
	assert_int_equal(chancery_panel_dyad_years(p), dyads);
	chancery_panel_free(p);
	chancery_diags_release(&d);
}

static void test_membership(void **state)
{
	chancery_registry *r = fixture();
	(void)state;
	/* any day: 2000 AA BB; 2001 AA BB CC (BB leaves 03-01); 2002 AA CC */
	counts(r, CHANCERY_SYSTEM_COW, CHANCERY_PANEL_ANY, 1, 7, 2 + 6 + 2);
	counts(r, CHANCERY_SYSTEM_COW, CHANCERY_PANEL_ANY, 0, 7, 1 + 3 + 1);
	/* 1 January: 2000 AA (BB enters 06-15); 2001 AA BB CC; 2002 AA CC */
	counts(r, CHANCERY_SYSTEM_COW, CHANCERY_PANEL_JAN1, 1, 6, 0 + 6 + 2);
	/* 31 December: 2000 AA BB; 2001 AA CC; 2002 AA CC */
	counts(r, CHANCERY_SYSTEM_COW, CHANCERY_PANEL_DEC31, 1, 6, 2 + 2 + 2);
	/* GW: AA and BB from 2000, no exit; CC has no GW code */
	counts(r, CHANCERY_SYSTEM_GW, CHANCERY_PANEL_ANY, 1, 6, 2 + 2 + 2);
	chancery_registry_free(r);
}

static void test_refuses_years(void **state)
{
	struct chancery_panel_opts o = { .from = 2003,
					  .to = 2002,
					  .system = CHANCERY_SYSTEM_COW,
					  .on = CHANCERY_PANEL_ANY,
					  .directed = 1 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = fixture();
	chancery_panel *p = (chancery_panel *)1;
	(void)state;
	assert_int_equal(chancery_panel_build(r, &o, &p, &d), -CHANCERY_EINPUT);
	assert_null(p);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].message, "years 2003 to 2002: expected 1 <= from <= to <= 9999");
	chancery_diags_release(&d);
	chancery_registry_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_membership),
		cmocka_unit_test(test_refuses_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
