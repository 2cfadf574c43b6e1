/* treaty_status.h: a treaty's status (treaty.c) for a caller that asks for
 * many one after the other (a dyad's status asks for every treaty the two
 * share): the scratch space of one call is kept for the next, not
 * allocated and freed each time. The answers are chancery_treaty_status's. */
#ifndef QUERY_TREATY_STATUS_H
#define QUERY_TREATY_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"
#include "base/strbuf.h"

struct party_acts; /* treaty.c's */

struct treaty_scratch {
	struct strbuf fwhy, why; /* the reasons while they are written */
	struct party_acts *p;    /* per party, for treaties of many parties */
	struct chancery_party_treaty_status *parties;
	size_t *reason_at;
	uint32_t alloc; /* entries each of the three holds */
};

#define TREATY_SCRATCH_INIT { STRBUF_INIT, STRBUF_INIT, NULL, NULL, NULL, 0 }

/* chancery_treaty_status, with sc's space (grown as needed). */
int treaty_status_reusing(const chancery_registry *r, size_t index, int32_t day,
			  struct treaty_scratch *sc, struct chancery_treaty_status **out);
void treaty_scratch_release(struct treaty_scratch *sc);

#endif
