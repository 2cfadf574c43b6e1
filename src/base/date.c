/* date.c: EDTF dates (ISO 8601 level 0 and the level-1 qualifiers,
 * unspecified digits, seasons and intervals) as the ledger writes them,
 * the range of days each stands for, and the day arithmetic of the
 * proleptic Gregorian calendar that every other module uses instead of
 * <time.h>. */
#include "chancery.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/banned.h"

/* ---- Day arithmetic ------------------------------------------------- */

/* The calendar is handled in "March years": a year that starts on
 * 1 March, so that the leap day is the last day of its year, and in eras
 * of 400 years (146097 days), after which the Gregorian calendar repeats. */
enum {
	DAYS_PER_ERA = 146097,
	YEARS_PER_ERA = 400,
	/* Days from 0000-03-01 (day 0 of era 0) to 1970-01-01. */
	DAYS_FROM_ERA_ZERO_TO_EPOCH = 719468,
};

static int64_t floor_div(int64_t numerator, int64_t denominator)
{
	int64_t quotient = numerator / denominator;
	if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0)))
		quotient--;
	return quotient;
}

static int32_t clamp_to_day(int64_t day)
{
	if (day < CHANCERY_DAY_MIN)
		return CHANCERY_DAY_MIN;
	if (day > CHANCERY_DAY_MAX)
		return CHANCERY_DAY_MAX;
	return (int32_t)day;
}

/* Months out of 1..12 carry into the year and days out of the month
 * carry into the next or previous months, so that (2009, 13, 1) is
 * 2010-01-01 and (2009, 3, 0) is 2009-02-28. */
static int64_t days_from_civil(int64_t year, int64_t month, int64_t day)
{
	int64_t months_from_january = month - 1;
	year += floor_div(months_from_january, 12);
	month = months_from_january - 12 * floor_div(months_from_january, 12) + 1;

	/* January and February belong to the March year before. */
	int64_t march_year = month <= 2 ? year - 1 : year;
	int64_t month_from_march = month <= 2 ? month + 9 : month - 3;
	int64_t era = floor_div(march_year, YEARS_PER_ERA);
	int64_t year_of_era = march_year - era * YEARS_PER_ERA; /* 0..399 */
	/* Month lengths from March run 31 30 31 30 31 31 30 31 30 31 31 (29):
	 * (153 * m + 2) / 5 gives the days before month m of the March year. */
	int64_t day_of_march_year = (153 * month_from_march + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
			     day_of_march_year;
	return era * DAYS_PER_ERA + day_of_era - DAYS_FROM_ERA_ZERO_TO_EPOCH;
}

static void civil_from_days(int64_t day_number, int64_t *year, int *month, int *day)
{
	int64_t days_from_era_zero = day_number + DAYS_FROM_ERA_ZERO_TO_EPOCH;
	int64_t era = floor_div(days_from_era_zero, DAYS_PER_ERA);
	int64_t day_of_era = days_from_era_zero - era * DAYS_PER_ERA; /* 0..146096 */
	/* Undo the leap days of every 4th, 100th and 400th year of the era
	 * to find the March year the day falls in. */
	int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
			       day_of_era / (DAYS_PER_ERA - 1)) /
			      365;
	int64_t day_of_march_year =
		day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t month_from_march = (5 * day_of_march_year + 2) / 153; /* 0..11 */
	int64_t calendar_month = month_from_march < 10 ? month_from_march + 3
						       : month_from_march - 9;
	*day = (int)(day_of_march_year - (153 * month_from_march + 2) / 5 + 1);
	*month = (int)calendar_month;
	*year = era * YEARS_PER_ERA + year_of_era + (calendar_month <= 2 ? 1 : 0);
}

static int is_leap_year(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
	static const uint8_t month_lengths[12] = {31, 28, 31, 30, 31, 30,
						  31, 31, 30, 31, 30, 31};
	if (month == 2 && is_leap_year(year))
		return 29;
	return month_lengths[month - 1];
}

int32_t chancery_day_from_ymd(int year, int month, int day)
{
	return clamp_to_day(days_from_civil(year, month, day));
}

void chancery_day_to_ymd(int32_t day, int *year, int *month, int *dayofmonth)
{
	int64_t full_year;
	int month_of_year, day_of_month;
	civil_from_days(day, &full_year, &month_of_year, &day_of_month);
	/* Every int32_t day falls within about +-5.9 million years. */
	if (year)
		*year = (int)full_year;
	if (month)
		*month = month_of_year;
	if (dayofmonth)
		*dayofmonth = day_of_month;
}

int chancery_ymd_valid(int year, int month, int day)
{
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
		return 0;
	return day <= days_in_month(year, month);
}

/* ---- Ranges of days -------------------------------------------------- */

static int year_x_span(unsigned year_x)
{
	int span = 1;
	for (unsigned i = 0; i < year_x && i < 4; i++)
		span *= 10;
	return span;
}

/* ---- Seasons (EDTF level 1: "2008-23" is autumn 2008) ---------------- */

/* The days a season code of year y stands for. A season is the union of
 * what the two conventions call it, meteorological (whole months) and
 * astronomical (equinox to solstice, the latest day each falls on), so
 * that no day a source may mean is left out: spring is 1 March to 21
 * June, summer 1 June to 23 September, autumn 1 September to 22
 * December, winter 1 December to 21 March of the next year. 21-24 and
 * the northern 25-28 are the same; southern 29-32 are six months on
 * (southern spring is the northern autumn). 33-36 are quarters, 37-39
 * four-month periods, 40-41 halves of the year. */
static void season_range(int64_t y, int code, int64_t *lo, int64_t *hi)
{
	static const struct {
		uint8_t m1, d1, m2, d2; /* from m1-d1 to m2-d2, m2 < m1: next year */
	} seasons[4] = { { 3, 1, 6, 21 }, { 6, 1, 9, 23 }, { 9, 1, 12, 22 }, { 12, 1, 3, 21 } };
	if (code >= 21 && code <= 32) {
		int k = (code - 21) % 4, south = code >= 29;
		int i = south ? (k + 2) % 4 : k;
		int64_t y1 = y, y2 = y;
		/* the southern summer of 2008 runs from December 2008 */
		if (seasons[i].m2 < seasons[i].m1)
			y2 = y + 1;
		*lo = days_from_civil(y1, seasons[i].m1, seasons[i].d1);
		*hi = days_from_civil(y2, seasons[i].m2, seasons[i].d2);
		return;
	}
	if (code >= 33 && code <= 36) {
		int q = code - 33;
		*lo = days_from_civil(y, 1 + 3 * q, 1);
		*hi = days_from_civil(y, 4 + 3 * q, 1) - 1;
	} else if (code >= 37 && code <= 39) {
		int q = code - 37;
		*lo = days_from_civil(y, 1 + 4 * q, 1);
		*hi = days_from_civil(y, 5 + 4 * q, 1) - 1;
	} else {
		int q = code - 40;
		*lo = days_from_civil(y, 1 + 6 * q, 1);
		*hi = days_from_civil(y, 7 + 6 * q, 1) - 1;
	}
}

/* The length in months of a season code: what a qualifier widens by. */
static int season_months(int code)
{
	return code <= 36 ? 3 : code <= 39 ? 4 : 6;
}

/* The days a written point stands for, before any widening for a
 * qualifier: a year (or a run of years for "201X"), a season, a month or
 * a day. */
static void point_base_range(const struct chancery_datepoint *point, int64_t *lo,
			     int64_t *hi)
{
	int span = year_x_span(point->year_x);
	int64_t first_year = point->year;
	int64_t last_year = (int64_t)(point->year / span) * span + span - 1;
	int month_unspecified = (point->mday_x & 1) != 0;
	int day_unspecified = (point->mday_x & 2) != 0;

	if (point->precision <= CHANCERY_PREC_YEAR || month_unspecified) {
		*lo = days_from_civil(first_year, 1, 1);
		*hi = days_from_civil(last_year + 1, 1, 1) - 1;
	} else if (point->month > 12) {
		season_range(first_year, point->month, lo, hi);
	} else if (point->precision == CHANCERY_PREC_MONTH || day_unspecified) {
		*lo = days_from_civil(first_year, point->month, 1);
		*hi = days_from_civil(first_year, point->month + 1, 1) - 1;
	} else {
		*lo = days_from_civil(first_year, point->month, point->day);
		*hi = *lo;
	}
}

/* A qualified point ("?", "~", "%") is widened by one unit of its written
 * precision on each side: a year, a month or a day. */
static void widen_range(int precision, int64_t *lo, int64_t *hi)
{
	int64_t lo_year, hi_year;
	int lo_month, lo_day, hi_month, hi_day;
	civil_from_days(*lo, &lo_year, &lo_month, &lo_day);
	civil_from_days(*hi, &hi_year, &hi_month, &hi_day);
	switch (precision) {
	case CHANCERY_PREC_YEAR:
		*lo = days_from_civil(lo_year - 1, 1, 1);
		*hi = days_from_civil(hi_year + 2, 1, 1) - 1;
		break;
	case CHANCERY_PREC_MONTH:
		*lo = days_from_civil(lo_year, lo_month - 1, 1);
		*hi = days_from_civil(hi_year, hi_month + 2, 1) - 1;
		break;
	case CHANCERY_PREC_DAY:
		*lo -= 1;
		*hi += 1;
		break;
	default:
		break;
	}
}

static void point_range(const struct chancery_datepoint *point, int64_t *lo,
			int64_t *hi)
{
	point_base_range(point, lo, hi);
	if (point->qualifiers && point->month > 12) {
		/* a season is widened by a season's length on each side */
		int64_t y;
		int m, d, n = season_months(point->month);
		civil_from_days(*lo, &y, &m, &d);
		*lo = days_from_civil(y, m - n, d);
		civil_from_days(*hi, &y, &m, &d);
		*hi = days_from_civil(y, m + n, d);
	} else if (point->qualifiers) {
		widen_range(point->precision, lo, hi);
	}
}

/* ---- Parsing --------------------------------------------------------- */

struct date_parser {
	const char *text;
	size_t len;
	size_t pos;
	int is_interval; /* the text holds a '/' */
	const char *why;
	size_t where;
};

static int fail(struct date_parser *parser, const char *why, size_t where)
{
	parser->why = why;
	parser->where = where;
	return -CHANCERY_EINPUT;
}

static int char_at(const struct date_parser *parser, size_t pos)
{
	return pos < parser->len ? (unsigned char)parser->text[pos] : -1;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static const char month_why[] = "expected a month 01-12";
static const char day_why[] = "expected a day 01-31";
/* One digit where two are needed: "2008-9-1" is the usual slip. */
static const char month_digits_why[] = "expected a month of two digits, zero-padded (01-12)";
static const char day_digits_why[] = "expected a day of two digits, zero-padded (01-31)";

/* Two characters: "XX" (returns 1) or two digits into *value (returns 0).
 * Any other character is an error at its offset. */
static int parse_two_digits_or_xx(struct date_parser *parser, int *value,
				  int *unspecified, const char *why)
{
	int first = char_at(parser, parser->pos);
	int second = char_at(parser, parser->pos + 1);
	if (first == 'X') {
		if (second != 'X')
			return fail(parser, why, parser->pos + 1);
		*unspecified = 1;
		*value = 0;
		parser->pos += 2;
		return 0;
	}
	if (!is_digit(first))
		return fail(parser, why, parser->pos);
	if (!is_digit(second))
		return fail(parser, why == month_why ? month_digits_why : day_digits_why,
			    parser->pos + 1);
	*unspecified = 0;
	*value = (first - '0') * 10 + (second - '0');
	parser->pos += 2;
	return 0;
}

static int parse_year(struct date_parser *parser, struct chancery_datepoint *point)
{
	size_t year_start = parser->pos;
	int digits_value = 0;
	unsigned x_count = 0;

	for (size_t i = 0; i < 4; i++) {
		int c = char_at(parser, year_start + i);
		if (c == 'X') {
			if (i == 0)
				return fail(parser, "expected at least the first digit of the year",
					    year_start);
			x_count++;
		} else if (is_digit(c)) {
			if (x_count > 0)
				return fail(parser, "expected 'X' after an 'X' in the year",
					    year_start + i);
			digits_value = digits_value * 10 + (c - '0');
		} else {
			return fail(parser, "expected a year of four digits", year_start + i);
		}
	}

	int lowest_year = digits_value * year_x_span(x_count);
	if (x_count == 0 && lowest_year == 0)
		return fail(parser, "expected a year 0001-9999", year_start);
	/* "0XXX" is some year of 1-999: there is no year 0. */
	point->year = (int16_t)(lowest_year > 0 ? lowest_year : 1);
	point->year_x = (uint8_t)x_count;
	point->precision = CHANCERY_PREC_YEAR;
	parser->pos = year_start + 4;
	return 0;
}

static int parse_qualifier(struct date_parser *parser, struct chancery_datepoint *point)
{
	switch (char_at(parser, parser->pos)) {
	case '?':
		point->qualifiers = CHANCERY_Q_UNCERTAIN;
		break;
	case '~':
		point->qualifiers = CHANCERY_Q_APPROXIMATE;
		break;
	case '%':
		point->qualifiers = CHANCERY_Q_UNCERTAIN | CHANCERY_Q_APPROXIMATE;
		break;
	default:
		return 0;
	}
	parser->pos++;
	return 0;
}

/* YYYY[-MM[-DD]] with unspecified digits, then an optional qualifier. */
static int parse_point(struct date_parser *parser, struct chancery_datepoint *point)
{
	int rc = parse_year(parser, point);
	if (rc)
		return rc;

	if (char_at(parser, parser->pos) == '-') {
		if (point->year_x > 0)
			return fail(parser, "a year with 'X' digits cannot take a month",
				    parser->pos);
		parser->pos++;
		size_t month_start = parser->pos;
		int month, month_unspecified;
		rc = parse_two_digits_or_xx(parser, &month, &month_unspecified, month_why);
		if (rc)
			return rc;
		if (!month_unspecified && (month < 1 || (month > 12 && month < 21) || month > 41))
			return fail(parser, "expected a month 01-12 or a season 21-41", month_start);
		point->month = (uint8_t)month;
		point->mday_x |= month_unspecified ? 1 : 0;
		point->precision = CHANCERY_PREC_MONTH;
		if (month > 12 && char_at(parser, parser->pos) == '-')
			return fail(parser, "a season takes no day", parser->pos);
	}

	if (point->precision == CHANCERY_PREC_MONTH && char_at(parser, parser->pos) == '-') {
		parser->pos++;
		size_t day_start = parser->pos;
		int day, day_unspecified;
		rc = parse_two_digits_or_xx(parser, &day, &day_unspecified, day_why);
		if (rc)
			return rc;
		if (!day_unspecified) {
			if (point->mday_x & 1)
				return fail(parser,
					    "expected 'XX' as the day of an unspecified month",
					    day_start);
			if (day < 1 || day > 31)
				return fail(parser, "expected a day 01-31", day_start);
			if (!chancery_ymd_valid(point->year, point->month, day))
				return fail(parser, "day does not exist in that month",
					    day_start);
		}
		point->day = (uint8_t)day;
		point->mday_x |= day_unspecified ? 2 : 0;
		point->precision = CHANCERY_PREC_DAY;
	}

	return parse_qualifier(parser, point);
}

/* The message for a character that cannot follow the point just read. */
static const char *after_point_message(const struct chancery_datepoint *point)
{
	if (point->open == 0 && point->qualifiers == 0 && point->year_x == 0 &&
	    point->precision < CHANCERY_PREC_DAY)
		return "expected '-' or end of date";
	return "unexpected character after the date";
}

/* One side of an interval, or the whole of a point: a date, ".." (open)
 * or nothing (unknown) when the side ends at `side_end_char` or the end. */
static int parse_side(struct date_parser *parser, struct chancery_datepoint *point,
		      int side_end_char)
{
	int c = char_at(parser, parser->pos);
	if (is_digit(c) || c == 'X')
		return parse_point(parser, point);
	if (c == '.' && char_at(parser, parser->pos + 1) == '.') {
		point->open = 1;
		parser->pos += 2;
		return 0;
	}
	if (parser->is_interval && c == side_end_char) {
		point->open = 2;
		return 0;
	}
	if (parser->is_interval)
		return fail(parser, "expected a date, '..' or nothing on each side of '/'",
			    parser->pos);
	return fail(parser, "expected a year of four digits", parser->pos);
}

static int parse_date(struct date_parser *parser, struct chancery_date *date)
{
	static const char undated[] = "undated";
	if (parser->len == sizeof undated - 1 &&
	    memcmp(parser->text, undated, sizeof undated - 1) == 0) {
		date->form = CHANCERY_DATE_NONE;
		date->lo = CHANCERY_DAY_MIN;
		date->hi = CHANCERY_DAY_MAX;
		return 0;
	}
	parser->is_interval = memchr(parser->text, '/', parser->len) != NULL;

	int rc = parse_side(parser, &date->start, '/');
	if (rc)
		return rc;

	if (!parser->is_interval) {
		if (date->start.open == 1)
			return fail(parser, "expected '/' after '..'", parser->pos);
		if (parser->pos != parser->len)
			return fail(parser, after_point_message(&date->start), parser->pos);
		int64_t lo, hi;
		point_range(&date->start, &lo, &hi);
		date->form = CHANCERY_DATE_POINT;
		date->lo = clamp_to_day(lo);
		date->hi = clamp_to_day(hi);
		return 0;
	}

	if (char_at(parser, parser->pos) != '/') {
		if (date->start.open == 1)
			return fail(parser, "expected '/' after '..'", parser->pos);
		return fail(parser, after_point_message(&date->start), parser->pos);
	}
	size_t slash = parser->pos++;

	rc = parse_side(parser, &date->end, -1);
	if (rc)
		return rc;
	if (parser->pos != parser->len)
		return fail(parser, after_point_message(&date->end), parser->pos);
	if (date->start.open && date->end.open)
		return fail(parser, "an interval needs a date on at least one side", slash);

	int64_t start_lo = CHANCERY_DAY_MIN, start_hi = 0;
	int64_t end_lo = 0, end_hi = CHANCERY_DAY_MAX;
	if (!date->start.open)
		point_range(&date->start, &start_lo, &start_hi);
	if (!date->end.open)
		point_range(&date->end, &end_lo, &end_hi);
	if (!date->start.open && !date->end.open) {
		/* Order the ends as written, before widening for qualifiers. */
		int64_t written_start_lo, written_start_hi, written_end_lo, written_end_hi;
		point_base_range(&date->start, &written_start_lo, &written_start_hi);
		point_base_range(&date->end, &written_end_lo, &written_end_hi);
		if (written_end_hi < written_start_lo)
			return fail(parser, "interval ends before it starts", slash);
	}
	date->form = CHANCERY_DATE_INTERVAL;
	date->lo = clamp_to_day(start_lo);
	date->hi = clamp_to_day(end_hi);
	return 0;
}

int chancery_date_parse(const char *s, size_t len, struct chancery_date *out,
			const char **why, size_t *where)
{
	struct date_parser parser = {.text = s ? s : "", .len = s ? len : 0};
	struct chancery_date date;
	memset(&date, 0, sizeof date);

	int rc = parse_date(&parser, &date);
	if (rc) {
		if (why)
			*why = parser.why;
		if (where)
			*where = parser.where;
		return rc;
	}
	if (out)
		*out = date;
	return 0;
}

/* ---- Formatting ------------------------------------------------------ */

static size_t put_two_digits_or_xx(char *text, size_t pos, int value, int unspecified)
{
	text[pos] = unspecified ? 'X' : (char)('0' + value / 10 % 10);
	text[pos + 1] = unspecified ? 'X' : (char)('0' + value % 10);
	return pos + 2;
}

/* Writes at most 11 characters ("2009-05-10%") at text[pos]. */
static size_t put_point(char *text, size_t pos, const struct chancery_datepoint *point)
{
	if (point->open == 1) {
		memcpy(text + pos, "..", 2);
		return pos + 2;
	}
	if (point->open != 0)
		return pos;

	int year = point->year < 0 ? 0 : point->year > 9999 ? 9999 : point->year;
	unsigned year_x = point->year_x > 3 ? 3 : point->year_x;
	int divisor = 1000;
	for (unsigned i = 0; i < 4; i++, divisor /= 10)
		text[pos + i] = i >= 4 - year_x ? 'X' : (char)('0' + year / divisor % 10);
	pos += 4;

	if (point->precision >= CHANCERY_PREC_MONTH) {
		text[pos++] = '-';
		pos = put_two_digits_or_xx(text, pos, point->month, point->mday_x & 1);
	}
	if (point->precision >= CHANCERY_PREC_DAY) {
		text[pos++] = '-';
		pos = put_two_digits_or_xx(text, pos, point->day, point->mday_x & 2);
	}
	switch (point->qualifiers & (CHANCERY_Q_UNCERTAIN | CHANCERY_Q_APPROXIMATE)) {
	case CHANCERY_Q_UNCERTAIN:
		text[pos++] = '?';
		break;
	case CHANCERY_Q_APPROXIMATE:
		text[pos++] = '~';
		break;
	case CHANCERY_Q_UNCERTAIN | CHANCERY_Q_APPROXIMATE:
		text[pos++] = '%';
		break;
	default:
		break;
	}
	return pos;
}

size_t chancery_date_format(const struct chancery_date *d, char *buf, size_t size)
{
	char text[32];
	size_t len = 0;

	if (d->form == CHANCERY_DATE_POINT) {
		len = put_point(text, len, &d->start);
	} else if (d->form == CHANCERY_DATE_INTERVAL) {
		len = put_point(text, len, &d->start);
		text[len++] = '/';
		len = put_point(text, len, &d->end);
	} else {
		static const char undated[] = "undated";
		len = sizeof undated - 1;
		memcpy(text, undated, len);
	}

	if (size > 0) {
		size_t copied = len < size - 1 ? len : size - 1;
		memcpy(buf, text, copied);
		buf[copied] = '\0';
	}
	return len;
}

/* ---- Comparing ------------------------------------------------------- */

enum chancery_tri chancery_date_by(const struct chancery_date *d, int32_t day)
{
	if (d->form == CHANCERY_DATE_NONE)
		return CHANCERY_UNCERTAIN;
	if (d->hi <= day)
		return CHANCERY_YES;
	if (d->lo > day)
		return CHANCERY_NO;
	return CHANCERY_UNCERTAIN;
}

enum chancery_tri chancery_date_before(const struct chancery_date *a,
				       const struct chancery_date *b)
{
	if (a->form == CHANCERY_DATE_NONE || b->form == CHANCERY_DATE_NONE)
		return CHANCERY_UNCERTAIN;
	if (a->hi < b->lo)
		return CHANCERY_YES;
	if (a->lo >= b->hi)
		return CHANCERY_NO;
	return CHANCERY_UNCERTAIN;
}

static int compare_numbers(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* The last tie-breaks: the written fields, so that two dates compare equal
 * exactly when they are written the same (no text is built: sorting a
 * million events that share days calls this millions of times). */
static int compare_points(const struct chancery_datepoint *a, const struct chancery_datepoint *b)
{
	int order = compare_numbers(a->year, b->year);
	if (order == 0)
		order = compare_numbers(a->month, b->month);
	if (order == 0)
		order = compare_numbers(a->day, b->day);
	if (order == 0)
		order = compare_numbers(a->qualifiers, b->qualifiers);
	if (order == 0)
		order = compare_numbers(a->year_x, b->year_x);
	if (order == 0)
		order = compare_numbers(a->mday_x, b->mday_x);
	if (order == 0)
		order = compare_numbers(a->open, b->open);
	return order;
}

int chancery_date_cmp(const struct chancery_date *a, const struct chancery_date *b)
{
	int a_undated = a->form == CHANCERY_DATE_NONE;
	int b_undated = b->form == CHANCERY_DATE_NONE;
	if (a_undated || b_undated)
		return a_undated - b_undated;

	int order = compare_numbers(a->lo, b->lo);
	if (order == 0)
		order = compare_numbers(a->hi, b->hi);
	if (order == 0)
		order = compare_numbers(a->start.precision, b->start.precision);
	if (order == 0)
		order = compare_points(&a->start, &b->start);
	if (order == 0)
		order = compare_numbers(a->form, b->form);
	if (order == 0 && a->form == CHANCERY_DATE_INTERVAL)
		order = compare_points(&a->end, &b->end);
	return order;
}

/* v in decimal, at least width digits, ending just before *end; returns
 * where it starts. */
static char *digits_before(char *end, unsigned v, int width)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v || width > 0);
	return end;
}

/* Without printf: a dyad's status writes a day into each treaty's reasons,
 * and formatting them was a tenth of it. */
const char *chancery_day_format(int32_t day, char *buf, size_t size)
{
	char tmp[32], *end = tmp + sizeof(tmp), *p;
	size_t n;
	int y, m, d;
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	chancery_day_to_ymd(day, &y, &m, &d);
	p = digits_before(end, (unsigned)d, 2);
	*--p = '-';
	p = digits_before(p, (unsigned)m, 2);
	*--p = '-';
	p = digits_before(p, y < 0 ? 0u - (unsigned)y : (unsigned)y, y > 9999 ? 1 : 4);
	if (y > 9999)
		*--p = '+';
	else if (y < 0)
		*--p = '-';
	n = (size_t)(end - p);
	if (size) { /* as snprintf: cut to fit, always terminated */
		if (n >= size)
			n = size - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
	return buf;
}

struct chancery_date chancery_date_from_day(int32_t day)
{
	struct chancery_date date;
	int year, month, day_of_month;
	memset(&date, 0, sizeof date);
	chancery_day_to_ymd(day, &year, &month, &day_of_month);
	date.form = CHANCERY_DATE_POINT;
	/* The struct holds years 1..9999 only; days outside keep their
	 * lo/hi but are written as the nearest representable year. */
	date.start.year = (int16_t)(year < 1 ? 1 : year > 9999 ? 9999 : year);
	date.start.month = (uint8_t)month;
	date.start.day = (uint8_t)day_of_month;
	date.start.precision = CHANCERY_PREC_DAY;
	date.lo = day;
	date.hi = day;
	return date;
}

/* "2008-9-1" as "2008-09-01" into buf, when s is a year and one- or
 * two-digit month and day; 0 when it is not of that form. */
static int zero_padded(const char *s, size_t len, char *buf, size_t size)
{
	int part[2] = { -1, -1 }, n = 0;
	size_t i = 4;
	if (len < 6 || len > 10 || size < 11)
		return 0;
	for (size_t k = 0; k < 4; k++)
		if (!is_digit((unsigned char)s[k]))
			return 0;
	while (i < len && n < 2) {
		int v = 0, digits = 0;
		if (s[i++] != '-')
			return 0;
		while (i < len && is_digit((unsigned char)s[i]) && digits < 2) {
			v = v * 10 + (s[i++] - '0');
			digits++;
		}
		if (!digits)
			return 0;
		part[n++] = v;
	}
	if (i != len)
		return 0;
	if (n == 1)
		snprintf(buf, size, "%.4s-%02d", s, part[0]);
	else
		snprintf(buf, size, "%.4s-%02d-%02d", s, part[0], part[1]);
	return 1;
}

const char *chancery_date_explain(const char *s, size_t len, const char *why, size_t where,
				  char *buf, size_t size)
{
	char padded[16];
	/* An impossible day of a well-formed YYYY-MM-DD is worth naming. */
	if (len >= 10 && where == 8 && s[4] == '-' && s[7] == '-' && strstr(why, "exist"))
		snprintf(buf, size, "day %.2s does not exist in %.7s", s + 8, s);
	else if ((why == month_digits_why || why == day_digits_why) &&
		 zero_padded(s, len, padded, sizeof(padded)))
		snprintf(buf, size, "months and days are written with two digits: '%s', not '%.*s'",
			 padded, (int)len, s);
	else
		snprintf(buf, size, "%s in date '%.*s'", why, (int)(len > 40 ? 40 : len), s);
	return buf;
}

int chancery_date_is_day(const struct chancery_date *d)
{
	return d->form == CHANCERY_DATE_POINT && d->lo == d->hi && !d->start.qualifiers;
}

int32_t chancery_today(void)
{
	time_t now = time(NULL);
	return (int32_t)(now / 86400 - (now % 86400 < 0));
}
