/* treaty_text.h: the pieces of the one-line reasons of a treaty's status
 * (treaty_text.c), for treaty.c. Written without printf: a dyad's status
 * derives every shared treaty's status, and the reasons were most of it. */
#ifndef QUERY_TREATY_TEXT_H
#define QUERY_TREATY_TEXT_H

#include <stdint.h>
#include <string.h>

#include "chancery.h"
#include "query/span.h"
#include "base/strbuf.h"

/* strbuf_addstr, inline: the reasons are mostly pieces of fixed text,
 * whose lengths the compiler then knows (strlen was a tenth of a dyad's
 * status, on text whose length never changes). */
static inline void treaty_add_str(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

/* "year", "month" or "day". */
const char *treaty_unit_word(char unit);
/* A number in decimal, as "%lld" writes it. */
void treaty_add_int(struct strbuf *sb, long long v);
/* ", + 30 days" (nothing for an absent duration). */
void treaty_add_after(struct strbuf *sb, struct chancery_duration d);
/* "ID on DATE" or "ID, with no date". */
void treaty_add_event(struct strbuf *sb, const struct chancery_event *e);
/* A computed day (chancery_day_format). */
void treaty_add_day(struct strbuf *sb, int32_t day);
/* "on 2011-11-05" or "between 2011-01-31 and 2012-01-30". */
void treaty_add_span(struct strbuf *sb, struct xspan s);
/* "1st", "2nd", "3rd", "4th", "11th", ... */
void treaty_add_ordinal(struct strbuf *sb, int32_t n);
/* "49-year" */
void treaty_add_term_words(struct strbuf *sb, struct chancery_duration d);

#endif
