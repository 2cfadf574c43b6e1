/* treaty_term.c: the end of a treaty's current term, with its renewals
 * or extensions (docs/queries.md, "Treaties"), for treaty.c's status; kept
 * apart so that each file stays a readable length. */
#include "query/treaty_term.h"

#include "query/treaty_text.h"

#include "base/banned.h"

/* Entry into force wider than this (about 110 years) is not swept day by
 * day to find the end of the current renewal period. */
enum { TERM_SWEEP_MAX_DAYS = 40000 };

static int is_calendar_unit(char unit)
{
	return unit == 'y' || unit == 'm';
}

static int64_t in_months(struct chancery_duration d)
{
	return d.unit == 'y' ? (int64_t)d.n * 12 : d.n;
}

/* The first day of period j of a treaty in force from f: period 0 is the
 * term, period j >= 1 the j-th renewal. Durations of like units are added
 * at once from f, so that a 29 February is not lost by steps. */
static int32_t period_start(const struct chancery_treaty *t, int32_t f, int64_t j)
{
	if (j == 0)
		return f;
	if (j == 1 || !t->renew.n)
		return day_add_duration(f, t->term);
	if (is_calendar_unit(t->term.unit) && is_calendar_unit(t->renew.unit))
		return day_add_months(f, in_months(t->term) + (j - 1) * in_months(t->renew));
	if (t->term.unit == 'd' && t->renew.unit == 'd')
		return day_add_days(f, (int64_t)t->term.n + (j - 1) * t->renew.n);
	return day_add_units(day_add_duration(f, t->term), t->renew.unit, (j - 1) * t->renew.n);
}

/* The period that day falls in (0 when before the first renewal). */
static int64_t period_index(const struct chancery_treaty *t, int32_t f, int32_t day)
{
	int32_t s1 = period_start(t, f, 1);
	int64_t j, gap;
	if (!t->renew.n || day < s1)
		return 0;
	gap = (int64_t)day - s1;
	/* An estimate from the mean length of a month (146097 days in 4800
	 * months), then corrected by steps. */
	if (t->renew.unit == 'd')
		j = 1 + gap / t->renew.n;
	else
		j = 1 + gap * 4800 / (in_months(t->renew) * 146097);
	while (j > 1 && period_start(t, f, j) > day)
		j--;
	for (;;) {
		int32_t next = period_start(t, f, j + 1);
		if (next > day || next == CHANCERY_DAY_MAX)
			break;
		j++;
	}
	return j;
}

/* The last day of the period that day falls in. */
static int32_t period_end(const struct chancery_treaty *t, int32_t f, int32_t day, int64_t *jp)
{
	int64_t j = period_index(t, f, day);
	int32_t next = period_start(t, f, j + 1);
	if (jp)
		*jp = j;
	return next == CHANCERY_DAY_MAX ? next : next - 1;
}

/* The last day of a term extended by agreement: the term from f, then
 * n extensions, the day before the anniversary. */
static int32_t extended_end(const struct chancery_treaty *t, int32_t f, uint32_t n)
{
	int32_t end = day_add_duration(f, t->term);
	if (n && end != CHANCERY_DAY_MAX)
		end = day_add_units(end, t->extend.unit, (int64_t)n * t->extend.n);
	return end == CHANCERY_DAY_MAX ? end : end - 1;
}

struct xspan treaty_term_end(const struct chancery_treaty *t,
			     const struct chancery_event *const *extensions, uint32_t n_extensions,
			     uint32_t n_maybe_extensions, struct xspan f, int32_t day,
			     struct strbuf *why)
{
	struct xspan s = { 0, 0, SPAN_KNOWN };
	int64_t jlo, jhi;
	if (t->term_indefinite) {
		treaty_add_str(why, "indefinite");
		return span_missing();
	}
	if (!t->term.n) {
		treaty_add_str(why, "no term recorded");
		return span_missing();
	}
	if (f.kind != SPAN_KNOWN) {
		treaty_add_str(why, "entry into force unknown");
		return span_missing();
	}
	if (f.lo == CHANCERY_DAY_MIN || f.hi == CHANCERY_DAY_MAX) {
		treaty_add_str(why, "entry into force open-ended");
		return span_missing();
	}
	if (t->extend.n) {
		/* Extended only by agreement: each extension recorded by the
		 * day adds its period; one that may have been agreed widens
		 * the end. */
		s.lo = extended_end(t, f.lo, n_extensions);
		s.hi = extended_end(t, f.hi, n_extensions + n_maybe_extensions);
		treaty_add_term_words(why, t->term);
		treaty_add_str(why, " term from entry into force ");
		treaty_add_span(why, f);
		if (!n_extensions) {
			treaty_add_str(why, ", extendable by agreement for ");
			treaty_add_term_words(why, t->extend);
			treaty_add_str(why, " periods");
		} else {
			if (n_extensions == 1)
				treaty_add_str(why, ", extended once by agreement (");
			else
				strbuf_addf(why, ", extended %u times by agreement (",
					    (unsigned)n_extensions);
			for (uint32_t i = 0; i < n_extensions; i++) {
				if (i)
					treaty_add_str(why, ", ");
				treaty_add_event(why, extensions[i]);
			}
			strbuf_addf(why, ") for %d %s%s%s", (int)t->extend.n, treaty_unit_word(t->extend.unit),
				    t->extend.n == 1 ? "" : "s", n_extensions > 1 ? " each" : "");
		}
		if (n_maybe_extensions)
			treaty_add_str(why, "; an extension may have been agreed");
		return s;
	}
	s.lo = period_end(t, f.lo, day, &jlo);
	s.hi = period_end(t, f.hi, day, &jhi);
	if (s.lo > s.hi) {
		int32_t tmp = s.lo;
		s.lo = s.hi;
		s.hi = tmp;
	}
	if (jlo != jhi) {
		/* Entry into force is so imprecise that the day may fall in one
		 * period or the next: sweep the possible days. The end of a
		 * given period only grows with entry into force, so the sweep
		 * is exact. */
		if ((int64_t)f.hi - f.lo > TERM_SWEEP_MAX_DAYS) {
			treaty_add_str(why, "entry into force too imprecise");
			return span_missing();
		}
		for (int32_t x = f.lo + 1; x < f.hi; x++) {
			int32_t e = period_end(t, x, day, NULL);
			if (e < s.lo)
				s.lo = e;
			if (e > s.hi)
				s.hi = e;
		}
	}
	if (jlo == 0 && jhi == 0) {
		treaty_add_term_words(why, t->term);
		treaty_add_str(why, " term from entry into force ");
		treaty_add_span(why, f);
		if (t->renew.n) {
			treaty_add_str(why, ", renewable for ");
			treaty_add_term_words(why, t->renew);
			treaty_add_str(why, " periods");
		}
		return s;
	}
	if (jlo == jhi)
		strbuf_addf(why, "renewal %lld (", (long long)jlo);
	else
		treaty_add_str(why, "the current renewal (");
	treaty_add_term_words(why, t->renew);
	treaty_add_str(why, ") after the ");
	treaty_add_term_words(why, t->term);
	treaty_add_str(why, " term from entry into force ");
	treaty_add_span(why, f);
	return s;
}
