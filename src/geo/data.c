/* data.c: building a topology as the readers go (points, arcs, rings,
 * areas, in growable arrays), computing the bounding boxes once it is
 * whole, and finding an area by key. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "base/strbuf.h"
#include "base/banned.h"

static int32_t quantise(double v, int32_t max)
{
	long q = lround(v * GEO_Q);
	return (int32_t)(q > max ? max : q < -max ? -max : q);
}

int32_t geo_data_add_point(struct geo_data *d, double lon, double lat)
{
	ALLOC_GROW(d->xy, 2 * (d->n_points + 1), d->alloc_xy);
	d->xy[2 * d->n_points] = quantise(lon, GEO_LON_MAX);
	d->xy[2 * d->n_points + 1] = quantise(lat, GEO_LAT_MAX);
	return (int32_t)d->n_points++;
}

void geo_data_begin_arc(struct geo_data *d)
{
	ALLOC_GROW(d->arcs, d->n_arcs + 1, d->alloc_arcs);
	memset(&d->arcs[d->n_arcs], 0, sizeof(d->arcs[0]));
	d->arcs[d->n_arcs].first = (uint32_t)d->n_points;
}

void geo_data_end_arc(struct geo_data *d)
{
	struct geo_arc *a = &d->arcs[d->n_arcs++];
	a->n = (uint32_t)d->n_points - a->first;
}

void geo_data_add_ref(struct geo_data *d, int32_t ref)
{
	ALLOC_GROW(d->refs, d->n_refs + 1, d->alloc_refs);
	d->refs[d->n_refs++] = ref;
}

void geo_data_end_ring(struct geo_data *d, uint32_t first_ref)
{
	if (d->n_refs == first_ref)
		return;
	ALLOC_GROW(d->rings, d->n_rings + 1, d->alloc_rings);
	d->rings[d->n_rings].first = first_ref;
	d->rings[d->n_rings].n = (uint32_t)d->n_refs - first_ref;
	d->n_rings++;
}

static void close_area(struct geo_data *d)
{
	if (d->n_areas) {
		struct geo_area *a = &d->areas[d->n_areas - 1];
		a->n_rings = (uint32_t)d->n_rings - a->first_ring;
	}
}

struct geo_area *geo_data_add_area(struct geo_data *d)
{
	struct geo_area *a;
	close_area(d);
	ALLOC_GROW(d->areas, d->n_areas + 1, d->alloc_areas);
	a = &d->areas[d->n_areas++];
	memset(a, 0, sizeof(*a));
	a->first_ring = (uint32_t)d->n_rings;
	return a;
}

const char *geo_data_keep(struct geo_data *d, const char *s)
{
	return s ? arena_strdup(&d->strings, s) : NULL;
}

static void box_empty(int32_t b[4])
{
	b[0] = b[1] = INT32_MAX;
	b[2] = b[3] = INT32_MIN;
}

static void box_add(int32_t b[4], const int32_t o[4])
{
	if (o[0] < b[0])
		b[0] = o[0];
	if (o[1] < b[1])
		b[1] = o[1];
	if (o[2] > b[2])
		b[2] = o[2];
	if (o[3] > b[3])
		b[3] = o[3];
}

void geo_data_finish(struct geo_data *d)
{
	close_area(d);
	for (size_t i = 0; i < d->n_arcs; i++) {
		struct geo_arc *a = &d->arcs[i];
		box_empty(a->bbox);
		for (uint32_t k = 0; k < a->n; k++) {
			const int32_t *p = &d->xy[2 * (a->first + k)];
			int32_t pb[4] = { p[0], p[1], p[0], p[1] };
			box_add(a->bbox, pb);
		}
	}
	for (size_t i = 0; i < d->n_areas; i++) {
		struct geo_area *ar = &d->areas[i];
		box_empty(ar->bbox);
		for (uint32_t r = 0; r < ar->n_rings; r++) {
			const struct geo_ring *g = &d->rings[ar->first_ring + r];
			for (uint32_t k = 0; k < g->n; k++) {
				int32_t ref = d->refs[g->first + k];
				box_add(ar->bbox, d->arcs[ref < 0 ? ~ref : ref].bbox);
			}
		}
	}
	d->t.xy = d->xy;
	d->t.n_points = d->n_points;
	d->t.arcs = d->arcs;
	d->t.n_arcs = d->n_arcs;
	d->t.refs = d->refs;
	d->t.n_refs = d->n_refs;
	d->t.rings = d->rings;
	d->t.n_rings = d->n_rings;
	d->t.areas = d->areas;
	d->t.n_areas = d->n_areas;
}

void geo_data_release(struct geo_data *d)
{
	free(d->xy);
	free(d->arcs);
	free(d->refs);
	free(d->rings);
	free(d->areas);
	arena_release(&d->strings);
	memset(d, 0, sizeof(*d));
}

long geo_area_find(const struct geo_topology *t, const char *key)
{
	for (size_t i = 0; i < t->n_areas; i++)
		if (t->areas[i].key && !strcmp(t->areas[i].key, key))
			return (long)i;
	return -1;
}
