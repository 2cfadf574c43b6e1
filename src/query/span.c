/* span.c: computed dates (spans): the range of days a date worked out
 * from recorded ones may fall on, and calendar arithmetic on days (adding
 * durations in days, months and years, clamped at the ends of months). */
#include "query/span.h"

#include "base/banned.h"

int32_t day_clamp(int64_t day)
{
	if (day < CHANCERY_DAY_MIN)
		return CHANCERY_DAY_MIN;
	if (day > CHANCERY_DAY_MAX)
		return CHANCERY_DAY_MAX;
	return (int32_t)day;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b != 0 && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* day + months calendar months, the day of the month clamped to the last
 * day of the month reached (2011-01-31 + 1 month = 2011-02-28). The ends
 * of the day range stand for open ends and stay where they are. */
int32_t day_add_months(int32_t day, int64_t months)
{
	int y, m, d, dim;
	int64_t total, ny, nm;
	int32_t first;
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX)
		return day;
	chancery_day_to_ymd(day, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + months;
	ny = floor_div(total, 12);
	nm = total - ny * 12 + 1;
	/* int32 days reach about 5.9 million years either way. */
	if (ny > 6000000)
		return CHANCERY_DAY_MAX;
	if (ny < -6000000)
		return CHANCERY_DAY_MIN;
	if (chancery_ymd_valid((int)ny, (int)nm, d))
		return chancery_day_from_ymd((int)ny, (int)nm, d);
	/* The day does not exist in that month (or the year is outside
	 * 1..9999, where ymd_valid says no): use the month's length. */
	first = chancery_day_from_ymd((int)ny, (int)nm, 1);
	dim = (int)(chancery_day_from_ymd((int)ny, (int)nm + 1, 1) - first);
	return day_clamp((int64_t)first + (d < dim ? d : dim) - 1);
}

int32_t day_add_days(int32_t day, int64_t days)
{
	if (day == CHANCERY_DAY_MIN || day == CHANCERY_DAY_MAX)
		return day;
	return day_clamp((int64_t)day + days);
}

/* day + n units ('d', 'm' or 'y'). */
int32_t day_add_units(int32_t day, char unit, int64_t n)
{
	if (unit == 'd')
		return day_add_days(day, n);
	return day_add_months(day, unit == 'y' ? n * 12 : n);
}

int32_t day_add_duration(int32_t day, struct chancery_duration d)
{
	return d.n ? day_add_units(day, d.unit, d.n) : day;
}

struct xspan span_add(struct xspan s, struct chancery_duration d)
{
	if (s.kind != SPAN_MISSING) {
		s.lo = day_add_duration(s.lo, d);
		s.hi = day_add_duration(s.hi, d);
	}
	return s;
}

