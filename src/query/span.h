/* span.h: computed dates while they are worked out (span.c), for the
 * treaty rules: a range of days, or unknown because an input is undated
 * or missing; and adding durations to days. */
#ifndef QUERY_SPAN_H
#define QUERY_SPAN_H

#include <stdint.h>

#include "chancery.h"

/* A computed date while it is being worked out. UNDATED: an input has no
 * date, so the result is unknown, but lo/hi still bound it (an undated
 * input may have happened on any day). MISSING: an input is not recorded
 * at all, and nothing is known to have happened. */
enum span_kind { SPAN_KNOWN = 0, SPAN_UNDATED, SPAN_MISSING };

struct xspan {
	int32_t lo, hi;
	enum span_kind kind;
};

/* The small ones are inline: a treaty's status asks them a few times for
 * each of its parties, for each dyad that shares it. */
static inline struct xspan span_missing(void)
{
	struct xspan s = { 0, 0, SPAN_MISSING };
	return s;
}

/* The span of a recorded date: its range, or UNDATED for "undated". */
static inline struct xspan span_of_date(const struct chancery_date *d)
{
	struct xspan s = { d->lo, d->hi, SPAN_KNOWN };
	if (d->form == CHANCERY_DATE_NONE) {
		s.lo = CHANCERY_DAY_MIN;
		s.hi = CHANCERY_DAY_MAX;
		s.kind = SPAN_UNDATED;
	}
	return s;
}

/* The public form: known, or not (lo/hi then meaningless). */
static inline struct chancery_span span_out(struct xspan s)
{
	struct chancery_span o;
	o.known = s.kind == SPAN_KNOWN;
	o.lo = s.kind == SPAN_MISSING ? 0 : s.lo;
	o.hi = s.kind == SPAN_MISSING ? 0 : s.hi;
	return o;
}

/* Has the computed date come by the end of `day`? Something missing has
 * not; an undated one may have. */
static inline enum chancery_tri span_by(struct xspan s, int32_t day)
{
	if (s.kind == SPAN_MISSING)
		return CHANCERY_NO;
	if (s.hi <= day)
		return CHANCERY_YES;
	if (s.lo > day)
		return CHANCERY_NO;
	return CHANCERY_UNCERTAIN;
}

/* Has event e (NULL: not recorded) happened by the end of day? */
static inline enum chancery_tri event_by(const struct chancery_event *e, int32_t day)
{
	return e ? chancery_date_by(&e->date, day) : CHANCERY_NO;
}

static inline enum chancery_tri tri_or(enum chancery_tri a, enum chancery_tri b)
{
	if (a == CHANCERY_YES || b == CHANCERY_YES)
		return CHANCERY_YES;
	if (a == CHANCERY_UNCERTAIN || b == CHANCERY_UNCERTAIN)
		return CHANCERY_UNCERTAIN;
	return CHANCERY_NO;
}

static inline enum chancery_tri tri_and(enum chancery_tri a, enum chancery_tri b)
{
	if (a == CHANCERY_NO || b == CHANCERY_NO)
		return CHANCERY_NO;
	if (a == CHANCERY_YES && b == CHANCERY_YES)
		return CHANCERY_YES;
	return CHANCERY_UNCERTAIN;
}

/* s + d, both ends (a missing span stays missing). */
struct xspan span_add(struct xspan s, struct chancery_duration d);

/* A day number clamped into int32 range. */
int32_t day_clamp(int64_t day);
/* day + months calendar months, the day of the month clamped to the last
 * day of the month reached (2011-01-31 + 1 month = 2011-02-28); day +
 * days; day + n units ('d', 'm' or 'y'); day + a duration (nothing for
 * an absent one). The open ends CHANCERY_DAY_MIN/MAX stay where they are. */
int32_t day_add_months(int32_t day, int64_t months);
int32_t day_add_days(int32_t day, int64_t days);
int32_t day_add_units(int32_t day, char unit, int64_t n);
int32_t day_add_duration(int32_t day, struct chancery_duration d);

#endif
