/* test_date.c: unit tests of src/base/date.c. Every expected value below was
 * worked out by hand from the rules in docs/ledger.md ("Dates"): the
 * syntax, the range of days each form stands for, the errors and where
 * they point, and the tri-state comparisons. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "chancery.h"

#define NO_DAY_BOUND (-1) /* in the tables: DAY_MIN for lo, DAY_MAX for hi */

static int32_t ymd(int year, int month, int day)
{
	return chancery_day_from_ymd(year, month, day);
}

static struct chancery_date parse_ok(const char *text)
{
	struct chancery_date date;
	const char *why = NULL;
	size_t where = 0;
	int rc = chancery_date_parse(text, strlen(text), &date, &why, &where);
	if (rc != 0)
		fail_msg("\"%s\" should parse but failed at %zu: %s", text, where,
			 why ? why : "(no message)");
	return date;
}

/* ---- Day arithmetic ------------------------------------------------- */

static void test_day_from_ymd_known_constants(void **state)
{
	(void)state;
	assert_int_equal(chancery_day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(chancery_day_from_ymd(1970, 1, 2), 1);
	assert_int_equal(chancery_day_from_ymd(1969, 12, 31), -1);
	assert_int_equal(chancery_day_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(chancery_day_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(chancery_day_from_ymd(2000, 2, 29), 11016);
	assert_int_equal(chancery_day_from_ymd(2008, 8, 26), 14117);
	assert_int_equal(chancery_day_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(chancery_day_from_ymd(1, 1, 1), -719162);
	assert_int_equal(chancery_day_from_ymd(9999, 12, 31), 2932896);
	/* Months and days out of range carry over. */
	assert_int_equal(chancery_day_from_ymd(2009, 13, 1), chancery_day_from_ymd(2010, 1, 1));
	assert_int_equal(chancery_day_from_ymd(2009, 3, 0), chancery_day_from_ymd(2009, 2, 28));
	assert_int_equal(chancery_day_from_ymd(2009, 0, 1), chancery_day_from_ymd(2008, 12, 1));
}

static void test_day_to_ymd_known_constants(void **state)
{
	(void)state;
	int year, month, day;
	chancery_day_to_ymd(0, &year, &month, &day);
	assert_int_equal(year, 1970);
	assert_int_equal(month, 1);
	assert_int_equal(day, 1);
	chancery_day_to_ymd(14117, &year, &month, &day);
	assert_int_equal(year, 2008);
	assert_int_equal(month, 8);
	assert_int_equal(day, 26);
	chancery_day_to_ymd(11016, &year, &month, &day);
	assert_int_equal(year, 2000);
	assert_int_equal(month, 2);
	assert_int_equal(day, 29);
	chancery_day_to_ymd(-1, &year, &month, &day);
	assert_int_equal(year, 1969);
	assert_int_equal(month, 12);
	assert_int_equal(day, 31);
	chancery_day_to_ymd(-719162, &year, &month, &day);
	assert_int_equal(year, 1);
	assert_int_equal(month, 1);
	assert_int_equal(day, 1);
	chancery_day_to_ymd(2932896, &year, &month, &day);
	assert_int_equal(year, 9999);
	assert_int_equal(month, 12);
	assert_int_equal(day, 31);
}

/* Every day of 0001-9999 goes to a valid date and back, and consecutive
 * days are consecutive calendar dates. */
static void test_day_round_trip_all_years(void **state)
{
	(void)state;
	int32_t first = ymd(1, 1, 1), last = ymd(9999, 12, 31);
	int previous_year = 0, previous_month = 12, previous_day = 31;
	for (int32_t day = first; day <= last; day++) {
		int year, month, day_of_month;
		chancery_day_to_ymd(day, &year, &month, &day_of_month);
		if (!chancery_ymd_valid(year, month, day_of_month) ||
		    ymd(year, month, day_of_month) != day)
			fail_msg("day %d gave %04d-%02d-%02d", (int)day, year, month,
				 day_of_month);
		int next_in_month = year == previous_year && month == previous_month &&
				    day_of_month == previous_day + 1;
		int next_month = day_of_month == 1 &&
				 ((year == previous_year && month == previous_month + 1) ||
				  (year == previous_year + 1 && month == 1 && previous_month == 12));
		if (!next_in_month && !next_month)
			fail_msg("day %d (%04d-%02d-%02d) does not follow the day before",
				 (int)day, year, month, day_of_month);
		previous_year = year;
		previous_month = month;
		previous_day = day_of_month;
	}
	assert_int_equal(previous_year, 9999);
}

static void test_day_extremes(void **state)
{
	(void)state;
	int year, month, day;
	chancery_day_to_ymd(CHANCERY_DAY_MAX, &year, &month, &day);
	assert_int_equal(ymd(year, month, day), CHANCERY_DAY_MAX);
	chancery_day_to_ymd(CHANCERY_DAY_MIN, &year, &month, &day);
	assert_int_equal(ymd(year, month, day), CHANCERY_DAY_MIN);
	assert_true(year < -5000000);
}

static void test_ymd_valid(void **state)
{
	(void)state;
	assert_int_equal(chancery_ymd_valid(2008, 2, 29), 1);
	assert_int_equal(chancery_ymd_valid(2009, 2, 29), 0);
	assert_int_equal(chancery_ymd_valid(1900, 2, 29), 0);
	assert_int_equal(chancery_ymd_valid(2000, 2, 29), 1);
	assert_int_equal(chancery_ymd_valid(2009, 2, 28), 1);
	assert_int_equal(chancery_ymd_valid(2009, 4, 31), 0);
	assert_int_equal(chancery_ymd_valid(2009, 12, 31), 1);
	assert_int_equal(chancery_ymd_valid(2009, 13, 1), 0);
	assert_int_equal(chancery_ymd_valid(2009, 0, 1), 0);
	assert_int_equal(chancery_ymd_valid(2009, 1, 0), 0);
	assert_int_equal(chancery_ymd_valid(0, 1, 1), 0);
	assert_int_equal(chancery_ymd_valid(1, 1, 1), 1);
	assert_int_equal(chancery_ymd_valid(9999, 12, 31), 1);
	assert_int_equal(chancery_ymd_valid(10000, 1, 1), 0);
}

/* ---- Parsing valid forms -------------------------------------------- */

struct valid_case {
	const char *text;
	int form;
	int lo_year, lo_month, lo_day; /* lo_year NO_DAY_BOUND: CHANCERY_DAY_MIN */
	int hi_year, hi_month, hi_day; /* hi_year NO_DAY_BOUND: CHANCERY_DAY_MAX */
	/* The start point as written. */
	int year, month, day, precision, qualifiers, year_x, mday_x, open;
};

enum { Y = CHANCERY_PREC_YEAR, M = CHANCERY_PREC_MONTH, D = CHANCERY_PREC_DAY };
enum { P = CHANCERY_DATE_POINT, I = CHANCERY_DATE_INTERVAL };

static const struct valid_case valid_cases[] = {
	/* text, form, lo, hi, year month day precision qualifiers year_x mday_x open */
	{"2008-08-26", P, 2008, 8, 26, 2008, 8, 26, 2008, 8, 26, D, 0, 0, 0, 0},
	{"2009-05", P, 2009, 5, 1, 2009, 5, 31, 2009, 5, 0, M, 0, 0, 0, 0},
	{"2009", P, 2009, 1, 1, 2009, 12, 31, 2009, 0, 0, Y, 0, 0, 0, 0},
	{"2009-02", P, 2009, 2, 1, 2009, 2, 28, 2009, 2, 0, M, 0, 0, 0, 0},
	{"2008-02", P, 2008, 2, 1, 2008, 2, 29, 2008, 2, 0, M, 0, 0, 0, 0},
	{"2008-02-29", P, 2008, 2, 29, 2008, 2, 29, 2008, 2, 29, D, 0, 0, 0, 0},
	{"2000-02-29", P, 2000, 2, 29, 2000, 2, 29, 2000, 2, 29, D, 0, 0, 0, 0},
	{"0001-01-01", P, 1, 1, 1, 1, 1, 1, 1, 1, 1, D, 0, 0, 0, 0},
	{"9999-12-31", P, 9999, 12, 31, 9999, 12, 31, 9999, 12, 31, D, 0, 0, 0, 0},
	/* Qualified: widened by one unit of the written precision. */
	{"2009?", P, 2008, 1, 1, 2010, 12, 31, 2009, 0, 0, Y, 1, 0, 0, 0},
	{"2009~", P, 2008, 1, 1, 2010, 12, 31, 2009, 0, 0, Y, 2, 0, 0, 0},
	{"2009%", P, 2008, 1, 1, 2010, 12, 31, 2009, 0, 0, Y, 3, 0, 0, 0},
	{"2009-05?", P, 2009, 4, 1, 2009, 6, 30, 2009, 5, 0, M, 1, 0, 0, 0},
	{"2009-12~", P, 2009, 11, 1, 2010, 1, 31, 2009, 12, 0, M, 2, 0, 0, 0},
	{"2009-03%", P, 2009, 2, 1, 2009, 4, 30, 2009, 3, 0, M, 3, 0, 0, 0},
	{"2009-05-10~", P, 2009, 5, 9, 2009, 5, 11, 2009, 5, 10, D, 2, 0, 0, 0},
	{"2009-01-01?", P, 2008, 12, 31, 2009, 1, 2, 2009, 1, 1, D, 1, 0, 0, 0},
	{"2008-02-28%", P, 2008, 2, 27, 2008, 2, 29, 2008, 2, 28, D, 3, 0, 0, 0},
	{"9999~", P, 9998, 1, 1, 10000, 12, 31, 9999, 0, 0, Y, 2, 0, 0, 0},
	/* Unspecified digits. */
	{"201X", P, 2010, 1, 1, 2019, 12, 31, 2010, 0, 0, Y, 0, 1, 0, 0},
	{"20XX", P, 2000, 1, 1, 2099, 12, 31, 2000, 0, 0, Y, 0, 2, 0, 0},
	{"2XXX", P, 2000, 1, 1, 2999, 12, 31, 2000, 0, 0, Y, 0, 3, 0, 0},
	{"199X?", P, 1989, 1, 1, 2000, 12, 31, 1990, 0, 0, Y, 1, 1, 0, 0},
	{"0XXX", P, 1, 1, 1, 999, 12, 31, 1, 0, 0, Y, 0, 3, 0, 0},
	{"2009-XX", P, 2009, 1, 1, 2009, 12, 31, 2009, 0, 0, M, 0, 0, 1, 0},
	{"2009-05-XX", P, 2009, 5, 1, 2009, 5, 31, 2009, 5, 0, D, 0, 0, 2, 0},
	{"2009-XX-XX", P, 2009, 1, 1, 2009, 12, 31, 2009, 0, 0, D, 0, 0, 3, 0},
	{"2009-XX~", P, 2008, 12, 1, 2010, 1, 31, 2009, 0, 0, M, 2, 0, 1, 0},
	{"2009-02-XX?", P, 2009, 1, 31, 2009, 3, 1, 2009, 2, 0, D, 1, 0, 2, 0},
	/* Intervals: lo from the start, hi from the end. */
	{"2008-08/2008-09", I, 2008, 8, 1, 2008, 9, 30, 2008, 8, 0, M, 0, 0, 0, 0},
	{"2008-08-26/..", I, 2008, 8, 26, NO_DAY_BOUND, 0, 0, 2008, 8, 26, D, 0, 0, 0, 0},
	{"2008-08-26/", I, 2008, 8, 26, NO_DAY_BOUND, 0, 0, 2008, 8, 26, D, 0, 0, 0, 0},
	{"../2009", I, NO_DAY_BOUND, 0, 0, 2009, 12, 31, 0, 0, 0, 0, 0, 0, 0, 1},
	{"/2009", I, NO_DAY_BOUND, 0, 0, 2009, 12, 31, 0, 0, 0, 0, 0, 0, 0, 2},
	{"2009?/2010~", I, 2008, 1, 1, 2011, 12, 31, 2009, 0, 0, Y, 1, 0, 0, 0},
	{"2009/2009", I, 2009, 1, 1, 2009, 12, 31, 2009, 0, 0, Y, 0, 0, 0, 0},
	{"2009-05/2009", I, 2009, 5, 1, 2009, 12, 31, 2009, 5, 0, M, 0, 0, 0, 0},
	{"201X/2015-06-XX", I, 2010, 1, 1, 2015, 6, 30, 2010, 0, 0, Y, 0, 1, 0, 0},
	{"2009-05-10/2009-05-10", I, 2009, 5, 10, 2009, 5, 10, 2009, 5, 10, D, 0, 0, 0, 0},
	{"2009-12-31~/2010-01-01?", I, 2009, 12, 30, 2010, 1, 2, 2009, 12, 31, D, 2, 0, 0, 0},
};

static void check_valid_case(const struct valid_case *c)
{
	struct chancery_date date = parse_ok(c->text);
	int32_t lo = c->lo_year == NO_DAY_BOUND ? CHANCERY_DAY_MIN
						 : ymd(c->lo_year, c->lo_month, c->lo_day);
	int32_t hi = c->hi_year == NO_DAY_BOUND ? CHANCERY_DAY_MAX
						 : ymd(c->hi_year, c->hi_month, c->hi_day);
	if (date.form != c->form || date.lo != lo || date.hi != hi)
		fail_msg("%s: form %d lo %d hi %d, expected form %d lo %d hi %d", c->text,
			 date.form, (int)date.lo, (int)date.hi, c->form, (int)lo, (int)hi);
	const struct chancery_datepoint *start = &date.start;
	if (start->year != c->year || start->month != c->month || start->day != c->day ||
	    start->precision != c->precision || start->qualifiers != c->qualifiers ||
	    start->year_x != c->year_x || start->mday_x != c->mday_x || start->open != c->open)
		fail_msg("%s: start %d-%d-%d precision %d qualifiers %d year_x %d mday_x %d "
			 "open %d",
			 c->text, start->year, start->month, start->day, start->precision,
			 start->qualifiers, start->year_x, start->mday_x, start->open);
	if (c->form == CHANCERY_DATE_POINT) {
		struct chancery_datepoint zero;
		memset(&zero, 0, sizeof zero);
		if (memcmp(&date.end, &zero, sizeof zero) != 0)
			fail_msg("%s: the end of a point date is not zeroed", c->text);
	}
}

static void test_parse_valid_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++)
		check_valid_case(&valid_cases[i]);
}

static void test_parse_interval_ends(void **state)
{
	(void)state;
	struct chancery_date date = parse_ok("2008-08/2008-09");
	assert_int_equal(date.end.year, 2008);
	assert_int_equal(date.end.month, 9);
	assert_int_equal(date.end.precision, CHANCERY_PREC_MONTH);
	assert_int_equal(date.end.open, 0);

	date = parse_ok("2008-08-26/..");
	assert_int_equal(date.end.open, 1);
	assert_int_equal(date.end.year, 0);
	assert_int_equal(date.end.precision, CHANCERY_PREC_NONE);

	date = parse_ok("2008-08-26/");
	assert_int_equal(date.end.open, 2);

	date = parse_ok("2009?/2010~");
	assert_int_equal(date.end.year, 2010);
	assert_int_equal(date.end.qualifiers, CHANCERY_Q_APPROXIMATE);

	date = parse_ok("201X/2015-06-XX");
	assert_int_equal(date.end.year, 2015);
	assert_int_equal(date.end.month, 6);
	assert_int_equal(date.end.day, 0);
	assert_int_equal(date.end.mday_x, 2);
	assert_int_equal(date.end.precision, CHANCERY_PREC_DAY);
}

static void test_parse_undated(void **state)
{
	(void)state;
	struct chancery_date date = parse_ok("undated");
	assert_int_equal(date.form, CHANCERY_DATE_NONE);
	assert_int_equal(date.lo, CHANCERY_DAY_MIN);
	assert_int_equal(date.hi, CHANCERY_DAY_MAX);
	assert_int_equal(date.start.year, 0);
	assert_int_equal(date.start.precision, CHANCERY_PREC_NONE);
	assert_int_equal(date.end.year, 0);
}

/* Only s[0..len) is read: a longer buffer is cut where len says. */
static void test_parse_respects_len(void **state)
{
	(void)state;
	struct chancery_date date;
	const char *why = NULL;
	size_t where = 99;
	assert_int_equal(chancery_date_parse("2009-05-10", 4, &date, &why, &where), 0);
	assert_int_equal(date.start.precision, CHANCERY_PREC_YEAR);
	assert_int_equal(date.hi, ymd(2009, 12, 31));
	assert_int_equal(chancery_date_parse("2009-05-10", 7, &date, &why, &where), 0);
	assert_int_equal(date.start.precision, CHANCERY_PREC_MONTH);
	assert_int_equal(chancery_date_parse("undatedness", 7, &date, &why, &where), 0);
	assert_int_equal(date.form, CHANCERY_DATE_NONE);
	/* An embedded NUL is a character like any other. */
	assert_int_equal(chancery_date_parse("2009\0", 5, &date, &why, &where),
			 -CHANCERY_EINPUT);
	assert_int_equal(where, 4);
	assert_string_equal(why, "expected '-' or end of date");
}

/* ---- Formatting ----------------------------------------------------- */

static void test_format_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
		const char *text = valid_cases[i].text;
		struct chancery_date date = parse_ok(text), again;
		char buf[64];
		size_t len = chancery_date_format(&date, buf, sizeof buf);
		if (len != strlen(text) || strcmp(buf, text) != 0)
			fail_msg("\"%s\" formats as \"%s\" (%zu)", text, buf, len);
		again = parse_ok(buf);
		if (again.form != date.form || again.lo != date.lo || again.hi != date.hi ||
		    memcmp(&again.start, &date.start, sizeof date.start) != 0 ||
		    memcmp(&again.end, &date.end, sizeof date.end) != 0)
			fail_msg("\"%s\" does not parse back to the same date", text);
	}
	struct chancery_date undated = parse_ok("undated");
	char buf[16];
	assert_int_equal(chancery_date_format(&undated, buf, sizeof buf), 7);
	assert_string_equal(buf, "undated");
}

static void test_format_small_buffers(void **state)
{
	(void)state;
	struct chancery_date date = parse_ok("2008-08-26");
	char buf[8];
	assert_int_equal(chancery_date_format(&date, NULL, 0), 10);
	memset(buf, '#', sizeof buf);
	assert_int_equal(chancery_date_format(&date, buf, 5), 10);
	assert_string_equal(buf, "2008");
	assert_int_equal(buf[5], '#');
	assert_int_equal(chancery_date_format(&date, buf, 1), 10);
	assert_string_equal(buf, "");
	struct chancery_date longest = parse_ok("2009-12-31~/2010-01-01?");
	char exact[24];
	assert_int_equal(chancery_date_format(&longest, exact, sizeof exact), 23);
	assert_string_equal(exact, "2009-12-31~/2010-01-01?");
}

/* ---- Errors --------------------------------------------------------- */

struct error_case {
	const char *text;
	size_t where;
	const char *why;
};

static const char YEAR4[] = "expected a year of four digits";
static const char DASH_OR_END[] = "expected '-' or end of date";
static const char AFTER_DATE[] = "unexpected character after the date";
static const char MONTH[] = "expected a month 01-12";
static const char MONTH_OR_SEASON[] = "expected a month 01-12 or a season 21-41";
static const char MONTH2[] = "expected a month of two digits, zero-padded (01-12)";
static const char DAY[] = "expected a day 01-31";
static const char DAY2[] = "expected a day of two digits, zero-padded (01-31)";
static const char NO_SUCH_DAY[] = "day does not exist in that month";
static const char SIDE[] = "expected a date, '..' or nothing on each side of '/'";
static const char BACKWARDS[] = "interval ends before it starts";
static const char BOTH_OPEN[] = "an interval needs a date on at least one side";
static const char SLASH_AFTER_OPEN[] = "expected '/' after '..'";

static const struct error_case error_cases[] = {
	{"", 0, YEAR4},
	{"200", 3, YEAR4},
	{"20a9", 2, YEAR4},
	{" 2009", 0, YEAR4},
	{"-2009", 0, YEAR4},
	{"Undated", 0, YEAR4},
	{"undated?", 0, YEAR4},
	{"2009 ", 4, DASH_OR_END},
	{"20091", 4, DASH_OR_END},
	{"2009-05x", 7, DASH_OR_END},
	{"0000", 0, "expected a year 0001-9999"},
	{"XXXX", 0, "expected at least the first digit of the year"},
	{"2X1X", 2, "expected 'X' after an 'X' in the year"},
	{"201X-05", 4, "a year with 'X' digits cannot take a month"},
	{"2009-13", 5, MONTH_OR_SEASON},
	{"2009-20", 5, MONTH_OR_SEASON},
	{"2009-42", 5, MONTH_OR_SEASON},
	{"2009-00", 5, MONTH_OR_SEASON},
	{"2009-1", 6, MONTH2},
	{"2008-9-1", 6, MONTH2},
	{"2008-23-01", 7, "a season takes no day"},
	{"2009-", 5, MONTH},
	{"2009-X1", 6, MONTH},
	{"2009-02-30", 8, NO_SUCH_DAY},
	{"2009-02-29", 8, NO_SUCH_DAY},
	{"1900-02-29", 8, NO_SUCH_DAY},
	{"2009-04-31", 8, NO_SUCH_DAY},
	{"2009-05-32", 8, DAY},
	{"2009-05-00", 8, DAY},
	{"2009-05-1", 9, DAY2},
	{"2009-05-", 8, DAY},
	{"2009-XX-05", 8, "expected 'XX' as the day of an unspecified month"},
	{"2009-05-10x", 10, AFTER_DATE},
	{"2009-05-10T10:00", 10, AFTER_DATE},
	{"2009-05-10-", 10, AFTER_DATE},
	{"2009??", 5, AFTER_DATE},
	{"2009?-05", 5, AFTER_DATE},
	{"201X5", 4, AFTER_DATE},
	{"2009/2008", 4, BACKWARDS},
	{"2009-05-10/2009-05-09", 10, BACKWARDS},
	{"2010~/2009?", 5, BACKWARDS},
	{"/", 0, BOTH_OPEN},
	{"../..", 2, BOTH_OPEN},
	{"../", 2, BOTH_OPEN},
	{"/..", 0, BOTH_OPEN},
	{"..", 2, SLASH_AFTER_OPEN},
	{"..2009", 2, SLASH_AFTER_OPEN},
	{"..x/2009", 2, SLASH_AFTER_OPEN},
	{"2009/x", 5, SIDE},
	{"./2009", 0, SIDE},
	{"undated/2009", 0, SIDE},
	{"2009/ 2010", 5, SIDE},
	{"2009/2010/2011", 9, DASH_OR_END},
	{"2009-05-10/..?", 13, AFTER_DATE},
	{"2009/201", 8, YEAR4},
	{"2009/2009-02-29", 13, NO_SUCH_DAY},
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
		const struct error_case *c = &error_cases[i];
		struct chancery_date date;
		memset(&date, 0x5a, sizeof date);
		const char *why = NULL;
		size_t where = 12345;
		int rc = chancery_date_parse(c->text, strlen(c->text), &date, &why, &where);
		if (rc != -CHANCERY_EINPUT)
			fail_msg("\"%s\" should fail but returned %d", c->text, rc);
		if (why == NULL || strcmp(why, c->why) != 0 || where != c->where)
			fail_msg("\"%s\": got \"%s\" at %zu, expected \"%s\" at %zu", c->text,
				 why ? why : "(null)", where, c->why, c->where);
		if (date.form != 0x5a)
			fail_msg("\"%s\": *out was written on failure", c->text);
	}
}

/* Seasons (EDTF level 1), each range worked out from the convention of
 * docs/ledger.md: a season is the union of its meteorological months and
 * its astronomical span (equinox or solstice at the latest). */
static void expect_range(const char *text, int32_t lo, int32_t hi)
{
	struct chancery_date d = parse_ok(text);
	char buf[64];
	if (d.lo != lo || d.hi != hi)
		fail_msg("\"%s\": range %d..%d, expected %d..%d", text, (int)d.lo, (int)d.hi,
			 (int)lo, (int)hi);
	chancery_date_format(&d, buf, sizeof buf);
	assert_string_equal(buf, text); /* written back as it was */
}

static void test_seasons(void **state)
{
	(void)state;
	expect_range("2008-21", ymd(2008, 3, 1), ymd(2008, 6, 21));   /* spring */
	expect_range("2008-22", ymd(2008, 6, 1), ymd(2008, 9, 23));   /* summer */
	expect_range("2008-23", ymd(2008, 9, 1), ymd(2008, 12, 22));  /* autumn */
	expect_range("2008-24", ymd(2008, 12, 1), ymd(2009, 3, 21));  /* winter 2008-09 */
	expect_range("2008-25", ymd(2008, 3, 1), ymd(2008, 6, 21));   /* northern spring */
	expect_range("2008-28", ymd(2008, 12, 1), ymd(2009, 3, 21));  /* northern winter */
	expect_range("2008-29", ymd(2008, 9, 1), ymd(2008, 12, 22));  /* southern spring */
	expect_range("2008-30", ymd(2008, 12, 1), ymd(2009, 3, 21));  /* southern summer */
	expect_range("2008-32", ymd(2008, 6, 1), ymd(2008, 9, 23));   /* southern winter */
	expect_range("2009-33", ymd(2009, 1, 1), ymd(2009, 3, 31));   /* first quarter */
	expect_range("2009-36", ymd(2009, 10, 1), ymd(2009, 12, 31)); /* fourth quarter */
	expect_range("2009-37", ymd(2009, 1, 1), ymd(2009, 4, 30));   /* first four months */
	expect_range("2009-39", ymd(2009, 9, 1), ymd(2009, 12, 31));
	expect_range("2009-40", ymd(2009, 1, 1), ymd(2009, 6, 30));   /* first half */
	expect_range("2009-41", ymd(2009, 7, 1), ymd(2009, 12, 31));
	/* a qualified season is widened by a season's length each side:
	 * autumn 2008? is 1 June to 22 March 2009 */
	expect_range("2008-23?", ymd(2008, 6, 1), ymd(2009, 3, 22));
	/* between summer and autumn 2008 */
	expect_range("2008-22/2008-23", ymd(2008, 6, 1), ymd(2008, 12, 22));
	{
		struct chancery_date d = parse_ok("2008-23");
		assert_int_equal(d.start.precision, CHANCERY_PREC_MONTH);
		assert_int_equal(d.start.month, 23);
		/* "had it happened by 1 October 2008?" uncertain; by 23 December yes */
		assert_int_equal(chancery_date_by(&d, ymd(2008, 10, 1)), CHANCERY_UNCERTAIN);
		assert_int_equal(chancery_date_by(&d, ymd(2008, 12, 22)), CHANCERY_YES);
		assert_int_equal(chancery_date_by(&d, ymd(2008, 8, 31)), CHANCERY_NO);
	}
}

/* "2008-9-1" is the usual slip: the message shows the date zero-padded. */
static void test_explain_zero_padding(void **state)
{
	(void)state;
	char buf[160];
	const char *why = NULL;
	size_t where = 0;
	struct chancery_date d;
	assert_int_equal(chancery_date_parse("2008-9-1", 8, &d, &why, &where), -CHANCERY_EINPUT);
	assert_string_equal(chancery_date_explain("2008-9-1", 8, why, where, buf, sizeof buf),
			    "months and days are written with two digits: '2008-09-01', not '2008-9-1'");
	assert_int_equal(chancery_date_parse("2008-09-1", 9, &d, &why, &where), -CHANCERY_EINPUT);
	assert_string_equal(chancery_date_explain("2008-09-1", 9, why, where, buf, sizeof buf),
			    "months and days are written with two digits: '2008-09-01', not '2008-09-1'");
	assert_int_equal(chancery_date_parse("2008-9", 6, &d, &why, &where), -CHANCERY_EINPUT);
	assert_string_equal(chancery_date_explain("2008-9", 6, why, where, buf, sizeof buf),
			    "months and days are written with two digits: '2008-09', not '2008-9'");
}

/* ---- Comparisons ---------------------------------------------------- */

static void test_date_by(void **state)
{
	(void)state;
	int32_t june15 = ymd(2009, 6, 15);
	struct chancery_date d;

	d = parse_ok("2009");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_UNCERTAIN);
	d = parse_ok("2009-05-01");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_YES);
	d = parse_ok("2010");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_NO);
	d = parse_ok("undated");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_by(&d, CHANCERY_DAY_MAX), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_by(&d, CHANCERY_DAY_MIN), CHANCERY_UNCERTAIN);

	d = parse_ok("2009-06-15");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_YES);
	assert_int_equal(chancery_date_by(&d, june15 - 1), CHANCERY_NO);
	d = parse_ok("2009-06-16");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_NO);
	d = parse_ok("2009-06-15~");
	assert_int_equal(chancery_date_by(&d, june15), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_by(&d, june15 + 1), CHANCERY_YES);

	d = parse_ok("2009-06");
	assert_int_equal(chancery_date_by(&d, ymd(2009, 6, 30)), CHANCERY_YES);
	assert_int_equal(chancery_date_by(&d, ymd(2009, 6, 29)), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_by(&d, ymd(2009, 5, 31)), CHANCERY_NO);

	d = parse_ok("../2009");
	assert_int_equal(chancery_date_by(&d, ymd(2009, 12, 31)), CHANCERY_YES);
	assert_int_equal(chancery_date_by(&d, ymd(1900, 1, 1)), CHANCERY_UNCERTAIN);
	d = parse_ok("2009/..");
	assert_int_equal(chancery_date_by(&d, ymd(2010, 1, 1)), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_by(&d, ymd(2008, 12, 31)), CHANCERY_NO);
}

static void test_date_before(void **state)
{
	(void)state;
	struct chancery_date y2008 = parse_ok("2008"), y2009 = parse_ok("2009");
	struct chancery_date june14 = parse_ok("2009-06-14"), june15 = parse_ok("2009-06-15");
	struct chancery_date undated = parse_ok("undated");

	assert_int_equal(chancery_date_before(&y2008, &y2009), CHANCERY_YES);
	assert_int_equal(chancery_date_before(&y2009, &y2008), CHANCERY_NO);
	assert_int_equal(chancery_date_before(&y2009, &june15), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_before(&june15, &y2009), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_before(&june15, &june15), CHANCERY_NO);
	assert_int_equal(chancery_date_before(&june14, &june15), CHANCERY_YES);
	assert_int_equal(chancery_date_before(&june15, &june14), CHANCERY_NO);
	assert_int_equal(chancery_date_before(&y2009, &y2009), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_before(&undated, &y2009), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_before(&y2009, &undated), CHANCERY_UNCERTAIN);
	assert_int_equal(chancery_date_before(&undated, &undated), CHANCERY_UNCERTAIN);

	/* 2009-12-31 is on or after every day of 2009; 2009-01-01 is not
	 * before every day of 2009 (not before itself). */
	struct chancery_date dec31 = parse_ok("2009-12-31"), jan1 = parse_ok("2009-01-01");
	assert_int_equal(chancery_date_before(&dec31, &y2009), CHANCERY_NO);
	assert_int_equal(chancery_date_before(&jan1, &y2009), CHANCERY_UNCERTAIN);
	/* 2008~ runs to the end of 2009. */
	struct chancery_date about2008 = parse_ok("2008~");
	assert_int_equal(chancery_date_before(&about2008, &y2009), CHANCERY_UNCERTAIN);
	struct chancery_date to2008 = parse_ok("../2008");
	assert_int_equal(chancery_date_before(&to2008, &y2009), CHANCERY_YES);
	/* Every day of 2009 is after every day up to the end of 2008. */
	assert_int_equal(chancery_date_before(&y2009, &to2008), CHANCERY_NO);
}

static int sign(int value)
{
	return (value > 0) - (value < 0);
}

static int cmp_texts(const char *a, const char *b)
{
	struct chancery_date date_a = parse_ok(a), date_b = parse_ok(b);
	int forward = sign(chancery_date_cmp(&date_a, &date_b));
	int backward = sign(chancery_date_cmp(&date_b, &date_a));
	if (forward != -backward)
		fail_msg("cmp(%s, %s) = %d but cmp(%s, %s) = %d", a, b, forward, b, a,
			 backward);
	return forward;
}

static void test_date_cmp_pairs(void **state)
{
	(void)state;
	/* lo first: 2009 starts on 1 January, 2009-05 on 1 May. */
	assert_int_equal(cmp_texts("2009", "2009-05"), -1);
	/* Same lo: the one that ends first comes first. */
	assert_int_equal(cmp_texts("2009", "2009-01"), 1);
	assert_int_equal(cmp_texts("2009-01", "2009-01-01"), 1);
	/* Same lo and hi: coarser precision first. */
	assert_int_equal(cmp_texts("2009", "2009-XX"), -1);
	assert_int_equal(cmp_texts("2009-XX", "2009-XX-XX"), -1);
	/* Same range and precision: by the written fields; qualifiers by their
	 * value, uncertain '?' (1) < approximate '~' (2) < both '%' (3). */
	assert_int_equal(cmp_texts("2009?", "2009~"), -1);
	assert_int_equal(cmp_texts("2009%", "2009?"), 1);
	assert_int_equal(cmp_texts("2009%", "2009~"), 1);
	assert_int_equal(cmp_texts("2009", "2009/2009"), -1);
	/* Undated last. */
	assert_int_equal(cmp_texts("undated", "2009"), 1);
	assert_int_equal(cmp_texts("undated", "../2009"), 1);
	assert_int_equal(cmp_texts("undated", "undated"), 0);
	assert_int_equal(cmp_texts("2009", "2009"), 0);
	assert_int_equal(cmp_texts("../2009", "1900"), -1);
	assert_int_equal(cmp_texts("2008~", "2009"), -1);
	assert_int_equal(cmp_texts("2009/..", "2009"), 1);
}

static int qsort_dates(const void *a, const void *b)
{
	return chancery_date_cmp(a, b);
}

static void test_date_cmp_sorts(void **state)
{
	(void)state;
	static const char *const shuffled[] = {
		"undated", "2009-05", "2009", "2009-01-01", "2009-01",
		"../2009", "2009-XX", "2009/..", "2008~", "2009?",
	};
	static const char *const sorted[] = {
		"../2009", "2008~", "2009?", "2009-01-01", "2009-01",
		"2009", "2009-XX", "2009/..", "2009-05", "undated",
	};
	enum { COUNT = sizeof shuffled / sizeof shuffled[0] };
	struct chancery_date dates[COUNT];
	for (size_t i = 0; i < COUNT; i++)
		dates[i] = parse_ok(shuffled[i]);
	qsort(dates, COUNT, sizeof dates[0], qsort_dates);
	for (size_t i = 0; i < COUNT; i++) {
		char buf[64];
		chancery_date_format(&dates[i], buf, sizeof buf);
		if (strcmp(buf, sorted[i]) != 0)
			fail_msg("position %zu: got %s, expected %s", i, buf, sorted[i]);
	}
}

static void test_date_from_day(void **state)
{
	(void)state;
	struct chancery_date date = chancery_date_from_day(14117);
	assert_int_equal(date.form, CHANCERY_DATE_POINT);
	assert_int_equal(date.start.year, 2008);
	assert_int_equal(date.start.month, 8);
	assert_int_equal(date.start.day, 26);
	assert_int_equal(date.start.precision, CHANCERY_PREC_DAY);
	assert_int_equal(date.start.qualifiers, 0);
	assert_int_equal(date.lo, 14117);
	assert_int_equal(date.hi, 14117);
	char buf[64];
	assert_int_equal(chancery_date_format(&date, buf, sizeof buf), 10);
	assert_string_equal(buf, "2008-08-26");
	struct chancery_date parsed = parse_ok("2008-08-26");
	assert_int_equal(chancery_date_cmp(&date, &parsed), 0);

	date = chancery_date_from_day(0);
	chancery_date_format(&date, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01");
	date = chancery_date_from_day(11016);
	chancery_date_format(&date, buf, sizeof buf);
	assert_string_equal(buf, "2000-02-29");
}

/* One rule for writing a computed day, in text and JSON alike: four-digit
 * years as they are, later ones in ISO 8601's expanded form. Day numbers
 * worked out by hand from 1970-01-01 = 0: 2011-10-06 is 15253; 9999-12-31
 * is 2932896; 10009-12-31 adds ten years of which three are leap years
 * (10000, divisible by 400, 10004 and 10008), 3653 days: 2936549. */
static void test_day_format(void **state)
{
	char buf[24];
	(void)state;
	assert_string_equal(chancery_day_format(15253, buf, sizeof(buf)), "2011-10-06");
	assert_string_equal(chancery_day_format(2932896, buf, sizeof(buf)), "9999-12-31");
	assert_string_equal(chancery_day_format(2932897, buf, sizeof(buf)), "+10000-01-01");
	assert_string_equal(chancery_day_format(2936549, buf, sizeof(buf)), "+10009-12-31");
	assert_string_equal(chancery_day_format(chancery_day_from_ymd(1, 1, 1), buf, sizeof(buf)),
			    "0001-01-01");
	assert_string_equal(chancery_day_format(chancery_day_from_ymd(1, 1, 1) - 1, buf, sizeof(buf)),
			    "0000-12-31");
	assert_string_equal(chancery_day_format(CHANCERY_DAY_MAX, buf, sizeof(buf)), "");
	assert_string_equal(chancery_day_format(CHANCERY_DAY_MIN, buf, sizeof(buf)), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_format),
		cmocka_unit_test(test_day_from_ymd_known_constants),
		cmocka_unit_test(test_day_to_ymd_known_constants),
		cmocka_unit_test(test_day_round_trip_all_years),
		cmocka_unit_test(test_day_extremes),
		cmocka_unit_test(test_ymd_valid),
		cmocka_unit_test(test_parse_valid_forms),
		cmocka_unit_test(test_parse_interval_ends),
		cmocka_unit_test(test_parse_undated),
		cmocka_unit_test(test_parse_respects_len),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_format_small_buffers),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_seasons),
		cmocka_unit_test(test_explain_zero_padding),
		cmocka_unit_test(test_date_by),
		cmocka_unit_test(test_date_before),
		cmocka_unit_test(test_date_cmp_pairs),
		cmocka_unit_test(test_date_cmp_sorts),
		cmocka_unit_test(test_date_from_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
