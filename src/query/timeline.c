/* timeline.c: a dyad's events in the order a reader follows them
 * (docs/queries.md, "Timeline"): by the day each is known to have
 * happened by, so that "2008" comes after the precise days of 2008 it may
 * follow; an event that must come before another of its chain before it;
 * a reaction after what it reacts to; undated events last. */
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "query/order.h"
#include "base/strbuf.h"
#include "base/banned.h"

struct placed {
	const struct chancery_event *e;
	int32_t key, lo;
	uint8_t undated;
	size_t canonical;
};

/* The day an event is known to have happened by: its latest possible
 * day; for a range open at its end ("on or after 26 August 2008"), its
 * first. */
static void keys(const struct chancery_event *e, struct placed *p)
{
	p->undated = e->date.form == CHANCERY_DATE_NONE;
	p->lo = e->date.lo;
	p->key = e->date.hi != CHANCERY_DAY_MAX ? e->date.hi : e->date.lo;
}

static int cmp_placed(const void *x, const void *y)
{
	const struct placed *a = x, *b = y;
	if (a->undated != b->undated)
		return a->undated - b->undated;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	/* the narrower range first: 2008-12-10 before "December 2008"
	 * before "2008" */
	if (a->lo != b->lo)
		return a->lo > b->lo ? -1 : 1;
	return a->canonical < b->canonical ? -1 : a->canonical > b->canonical;
}

/* Move v[from] to position to (to < from: just before v[to]). */
static void move(struct placed *v, size_t from, size_t to)
{
	struct placed x = v[from];
	if (from > to) {
		memmove(v + to + 1, v + to, (from - to) * sizeof(*v));
		v[to] = x;
	} else if (from < to) {
		memmove(v + from, v + from + 1, (to - from) * sizeof(*v));
		v[to] = x;
	}
}

void chancery_timeline_sort(const chancery_registry *r, const struct chancery_event **list,
			    size_t n)
{
	struct placed *v;
	int moved = 1;
	if (n < 2)
		return;
	v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		v[i].e = list[i];
		v[i].canonical = (size_t)(list[i] - r->events);
		keys(list[i], &v[i]);
	}
	qsort(v, n, sizeof(*v), cmp_placed);
	/* Each pass moves events only earlier (the chain) or only to just
	 * after their subject (reactions); a bounded number of passes
	 * settles any list a registry can hold without a cycle. */
	for (size_t pass = 0; moved && pass < n + 1; pass++) {
		moved = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				const struct chancery_event *a = v[i].e, *b = v[j].e;
				/* b must come before a in their chain, and may */
				if (kinds_ordered(b->kind, a->kind) && !kinds_ordered(a->kind, b->kind) &&
				    chancery_date_before(&a->date, &b->date) != CHANCERY_YES &&
				    same_chain(r, a, b)) {
					move(v, j, i);
					moved = 1;
					break;
				}
			}
		for (size_t i = 0; i < n; i++) {
			/* a reaction after the event it is about */
			if (!v[i].e->about)
				continue;
			for (size_t j = i + 1; j < n; j++)
				if (v[j].e->id == v[i].e->about || !strcmp(v[j].e->id, v[i].e->about)) {
					move(v, i, j);
					moved = 1;
					i--; /* v[i] is another event now */
					break;
				}
		}
	}
	for (size_t i = 0; i < n; i++)
		list[i] = v[i].e;
	free(v);
}
