/* geo_check.h: what both geometry fuzz targets check of an accepted
 * topology: every area drawn in the whole world and in a frame fitted
 * round it, every point within the clip rectangle. Included by
 * fuzz_topojson.c and fuzz_geojson.c (CMake builds fuzz_*.c only). */
#ifndef FUZZ_GEO_CHECK_H
#define FUZZ_GEO_CHECK_H

#include <math.h>
#include <stdlib.h>

#include "geo/geo.h"
#include "publish/svg.h"

static void check(int condition)
{
	if (!condition)
		abort();
}

static void draw_all(const struct geo_topology *t, const struct geo_frame *f)
{
	struct geo_view v;
	struct geo_shape s = { 0 };
	struct strbuf sb = STRBUF_INIT;
	double m = 0.02 * f->width + 4 * 0.5 + 1e-6;
	geo_view_init(&v, t, f, 0.5);
	for (size_t i = 0; i < t->n_areas; i++) {
		if (!geo_area_visible(&v, i))
			continue;
		geo_area_shape(&v, i, &s);
		for (size_t k = 0; k < s.n; k++) {
			check(isfinite(s.xy[2 * k]) && isfinite(s.xy[2 * k + 1]));
			check(s.xy[2 * k] >= -m && s.xy[2 * k] <= f->width + m);
			check(s.xy[2 * k + 1] >= -m && s.xy[2 * k + 1] <= f->height + m);
		}
		svg_path_data(&sb, &s);
		strbuf_reset(&sb);
	}
	geo_shape_release(&s);
	geo_view_release(&v);
	strbuf_release(&sb);
}

static void check_topology(const struct geo_topology *t)
{
	struct geo_frame f;
	if (!t->n_areas)
		return;
	geo_frame_world(600, &f);
	draw_all(t, &f);
	for (size_t i = 0; i < t->n_areas && i < 4; i++) {
		double box[4];
		geo_box_union(t, &i, 1, box);
		check(box[1] >= box[0] && box[3] >= box[2]);
		geo_frame_fit(box, 600, &f);
		check(f.width == 600 && f.height > 0 && isfinite(f.k) && f.k > 0);
		draw_all(t, &f);
	}
}

#endif
