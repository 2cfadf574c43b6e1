/* fuzz_date.c: libFuzzer target for src/base/date.c. Parses the input (and,
 * split at the first newline, two dates), checks that every accepted date
 * formats to its own text and parses back to the same struct, and that
 * by/before/cmp agree with the lo/hi ranges. Aborts on any disagreement. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
	if (!condition)
		abort();
}

static int same_point(const struct chancery_datepoint *a, const struct chancery_datepoint *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->precision == b->precision && a->qualifiers == b->qualifiers &&
	       a->year_x == b->year_x && a->mday_x == b->mday_x && a->open == b->open;
}

static int same_date(const struct chancery_date *a, const struct chancery_date *b)
{
	return a->form == b->form && a->lo == b->lo && a->hi == b->hi &&
	       same_point(&a->start, &b->start) && same_point(&a->end, &b->end);
}

static int sign(int value)
{
	return (value > 0) - (value < 0);
}

/* Parse text[0..len) from a heap copy of exactly len bytes, so that any
 * read past the end is caught by AddressSanitizer. */
static int parse_exact(const uint8_t *text, size_t len, struct chancery_date *date)
{
	char *copy = malloc(len ? len : 1);
	check(copy != NULL);
	if (len)
		memcpy(copy, text, len);
	const char *why = NULL;
	size_t where = (size_t)-1;
	int rc = chancery_date_parse(copy, len, date, &why, &where);
	if (rc != 0) {
		check(rc == -CHANCERY_EINPUT);
		check(why != NULL && why[0] != '\0');
		check(where <= len);
	}
	free(copy);
	return rc;
}

static void check_one_date(const uint8_t *text, size_t len, const struct chancery_date *date)
{
	char formatted[64];
	size_t formatted_len = chancery_date_format(date, formatted, sizeof formatted);
	check(formatted_len < sizeof formatted);
	check(strlen(formatted) == formatted_len);
	/* Every accepted text is already canonical. */
	check(formatted_len == len && memcmp(formatted, text, len) == 0);

	struct chancery_date again;
	check(parse_exact((const uint8_t *)formatted, formatted_len, &again) == 0);
	check(same_date(date, &again));
	char formatted_again[64];
	check(chancery_date_format(&again, formatted_again, sizeof formatted_again) ==
	      formatted_len);
	check(strcmp(formatted, formatted_again) == 0);

	/* Truncated output is a prefix, and size 0 writes nothing. */
	char small[6];
	check(chancery_date_format(date, small, sizeof small) == formatted_len);
	check(strncmp(small, formatted, sizeof small - 1) == 0);
	check(chancery_date_format(date, NULL, 0) == formatted_len);

	check(date->lo <= date->hi);
	check(chancery_date_cmp(date, &again) == 0);
	check(chancery_date_before(date, date) != CHANCERY_YES);

	if (date->form == CHANCERY_DATE_NONE) {
		check(date->lo == CHANCERY_DAY_MIN && date->hi == CHANCERY_DAY_MAX);
		check(chancery_date_by(date, 0) == CHANCERY_UNCERTAIN);
		return;
	}
	check(chancery_date_by(date, date->hi) == CHANCERY_YES);
	if (date->lo > CHANCERY_DAY_MIN)
		check(chancery_date_by(date, date->lo - 1) == CHANCERY_NO);

	/* Each day at the ends of the range is a valid date of day precision
	 * that sorts with the range. */
	int32_t ends[2] = {date->lo, date->hi};
	for (int i = 0; i < 2; i++) {
		if (ends[i] == CHANCERY_DAY_MIN || ends[i] == CHANCERY_DAY_MAX)
			continue;
		int year, month, day;
		chancery_day_to_ymd(ends[i], &year, &month, &day);
		check(chancery_day_from_ymd(year, month, day) == ends[i]);
		struct chancery_date single = chancery_date_from_day(ends[i]);
		check(single.lo == ends[i] && single.hi == ends[i]);
		check(chancery_date_by(&single, ends[i]) == CHANCERY_YES);
		if (year >= 1 && year <= 9999) {
			check(chancery_ymd_valid(year, month, day));
			char day_text[64];
			size_t day_len = chancery_date_format(&single, day_text, sizeof day_text);
			struct chancery_date reparsed;
			check(parse_exact((const uint8_t *)day_text, day_len, &reparsed) == 0);
			check(same_date(&single, &reparsed));
		}
	}
}

static void check_pair(const struct chancery_date *a, const struct chancery_date *b)
{
	int ab = sign(chancery_date_cmp(a, b));
	int ba = sign(chancery_date_cmp(b, a));
	check(ab == -ba);
	enum chancery_tri a_before_b = chancery_date_before(a, b);
	enum chancery_tri b_before_a = chancery_date_before(b, a);
	check(a_before_b <= CHANCERY_UNCERTAIN && b_before_a <= CHANCERY_UNCERTAIN);
	if (a_before_b == CHANCERY_YES) {
		check(ab < 0);
		check(b_before_a == CHANCERY_NO);
	}
	if (a->form == CHANCERY_DATE_NONE || b->form == CHANCERY_DATE_NONE)
		check(a_before_b == CHANCERY_UNCERTAIN);
	if (ab == 0)
		check(same_date(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chancery_date whole;
	if (parse_exact(data, size, &whole) == 0)
		check_one_date(data, size, &whole);

	const uint8_t *newline = memchr(data, '\n', size);
	if (newline) {
		size_t first_len = (size_t)(newline - data);
		struct chancery_date a, b;
		int a_ok = parse_exact(data, first_len, &a) == 0;
		int b_ok = parse_exact(newline + 1, size - first_len - 1, &b) == 0;
		if (a_ok)
			check_one_date(data, first_len, &a);
		if (b_ok)
			check_one_date(newline + 1, size - first_len - 1, &b);
		if (a_ok && b_ok)
			check_pair(&a, &b);
	}
	return 0;
}
