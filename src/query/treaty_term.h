/* treaty_term.h: the end of a treaty's current term (treaty_term.c). */
#ifndef QUERY_TREATY_TERM_H
#define QUERY_TREATY_TERM_H

#include <stdint.h>

#include "chancery.h"
#include "query/span.h"
#include "base/strbuf.h"

/* The last day of the term (or renewal period, or extended term) that day
 * falls in, for a treaty in force from f; its reason added to why. The
 * extensions are those that have happened by the day, in date order;
 * n_maybe_extensions more may have. */
struct xspan treaty_term_end(const struct chancery_treaty *t,
			     const struct chancery_event *const *extensions, uint32_t n_extensions,
			     uint32_t n_maybe_extensions, struct xspan f, int32_t day,
			     struct strbuf *why);

#endif
