/* treaty_text.c: the pieces of a treaty status's reasons (treaty_text.h). */
#include "query/treaty_text.h"

#include "base/banned.h"

const char *treaty_unit_word(char unit)
{
	return unit == 'y' ? "year" : unit == 'm' ? "month" : "day";
}

/* v in decimal. */
static void add_digits(struct strbuf *sb, unsigned long long v)
{
	char buf[24];
	int n = 0;
	do {
		buf[sizeof(buf) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, buf + sizeof(buf) - n, (size_t)n);
}

void treaty_add_int(struct strbuf *sb, long long v)
{
	if (v < 0) {
		strbuf_addch(sb, '-');
		add_digits(sb, 0ULL - (unsigned long long)v);
		return;
	}
	add_digits(sb, (unsigned long long)v);
}

void treaty_add_after(struct strbuf *sb, struct chancery_duration d)
{
	if (!d.n)
		return;
	treaty_add_str(sb, ", + ");
	treaty_add_int(sb, d.n);
	strbuf_addch(sb, ' ');
	treaty_add_str(sb, treaty_unit_word(d.unit));
	if (d.n != 1)
		strbuf_addch(sb, 's');
}

void treaty_add_event(struct strbuf *sb, const struct chancery_event *e)
{
	char buf[64];
	treaty_add_str(sb, e->id);
	if (e->date.form == CHANCERY_DATE_NONE) {
		treaty_add_str(sb, ", with no date");
		return;
	}
	treaty_add_str(sb, " on ");
	chancery_date_format(&e->date, buf, sizeof buf);
	treaty_add_str(sb, buf);
}

void treaty_add_day(struct strbuf *sb, int32_t day)
{
	char buf[32];
	treaty_add_str(sb, chancery_day_format(day, buf, sizeof(buf)));
}

void treaty_add_span(struct strbuf *sb, struct xspan s)
{
	if (s.lo == s.hi) {
		treaty_add_str(sb, "on ");
		treaty_add_day(sb, s.lo);
		return;
	}
	treaty_add_str(sb, "between ");
	treaty_add_day(sb, s.lo);
	treaty_add_str(sb, " and ");
	treaty_add_day(sb, s.hi);
}

void treaty_add_ordinal(struct strbuf *sb, int32_t n)
{
	const char *suffix = "th";
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suffix = "st";
		else if (n % 10 == 2)
			suffix = "nd";
		else if (n % 10 == 3)
			suffix = "rd";
	}
	treaty_add_int(sb, n);
	treaty_add_str(sb, suffix);
}

void treaty_add_term_words(struct strbuf *sb, struct chancery_duration d)
{
	treaty_add_int(sb, d.n);
	strbuf_addch(sb, '-');
	treaty_add_str(sb, treaty_unit_word(d.unit));
}
