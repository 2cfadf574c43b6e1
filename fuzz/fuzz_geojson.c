/* fuzz_geojson.c: libFuzzer target for src/geo/geojson.c, the reader behind
 * chancery map --overlay FILE. Reads the input; when it is accepted, draws
 * every area in the whole world and in a frame fitted round it, and
 * checks that every point drawn lies within the clip rectangle. Aborts on
 * any disagreement. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "geo/geo.h"
#include "publish/svg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geo_data d = { 0 };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	int rc = geo_geojson_read(&d, "fuzz", (const char *)data, size, GEO_AREA_OVERLAY, &diags);
	check(rc == 0 || diags.errors > 0);
	if (rc == 0 && d.t.n_areas) {
		struct geo_frame f;
		geo_frame_world(600, &f);
		draw_all(&d.t, &f);
		for (size_t i = 0; i < d.t.n_areas && i < 4; i++) {
			double box[4];
			geo_box_union(&d.t, &i, 1, box);
			check(box[1] >= box[0] && box[3] >= box[2]);
			geo_frame_fit(box, 600, &f);
			check(f.width == 600 && f.height > 0 && isfinite(f.k) && f.k > 0);
			draw_all(&d.t, &f);
		}
	}
	geo_data_release(&d);
	chancery_diags_release(&diags);
	return 0;
}
