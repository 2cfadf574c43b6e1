/* idset.c: id lists sorted for lookup (idset.h). */
#include "model/idset.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

struct entry {
	const char *id;
	uint32_t slot;
};

static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->slot > b->slot) - (a->slot < b->slot);
}

void idset_init(struct idset *s, const struct chancery_ids *list)
{
	struct entry *v = xmalloc((list->n ? list->n : 1) * sizeof(*v));
	s->n = list->n;
	s->ids = xmalloc((list->n ? list->n : 1) * sizeof(*s->ids));
	s->slot = xmalloc((list->n ? list->n : 1) * sizeof(*s->slot));
	for (uint32_t i = 0; i < list->n; i++) {
		v[i].id = list->v[i];
		v[i].slot = i;
	}
	if (list->n > 1)
		qsort(v, list->n, sizeof(*v), cmp_entry);
	for (uint32_t i = 0; i < list->n; i++) {
		s->ids[i] = v[i].id;
		s->slot[i] = v[i].slot;
	}
	free(v);
}

long idset_find(const struct idset *s, const char *id)
{
	uint32_t lo = 0, hi = s->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->ids[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && !strcmp(s->ids[lo], id) ? (long)s->slot[lo] : -1;
}

void idset_release(struct idset *s)
{
	free(s->ids);
	free(s->slot);
	memset(s, 0, sizeof(*s));
}
