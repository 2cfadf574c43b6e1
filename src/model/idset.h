/* idset.h: an id list (struct chancery_ids) sorted for lookup, so that a
 * question asked once per action of a treaty with thousands of parties
 * ("is X a party? which slot?") costs a binary search, not a scan. */
#ifndef MODEL_IDSET_H
#define MODEL_IDSET_H

#include <stdint.h>

#include "chancery.h"

struct idset {
	const char **ids; /* sorted by strcmp */
	uint32_t *slot;   /* each id's position in the list it was made from */
	uint32_t n;
};

/* Build the lookup of list (which must outlive it). */
void idset_init(struct idset *s, const struct chancery_ids *list);
/* The position of id in the list (the first, if it is there twice), or -1. */
long idset_find(const struct idset *s, const char *id);
void idset_release(struct idset *s);

#endif
