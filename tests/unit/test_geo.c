/* test_geo.c: unit tests of src/geo and of the SVG writer's helpers. The
 * expected values were worked out by hand: TopoJSON's delta decoding
 * (positions summed, then scaled and translated), Equal Earth's published
 * formulas (x(180, 0) = pi / (M A1) = 2.70663, y(0, 90) = 1.31736), the
 * clipped square's area, Douglas-Peucker's kept points, the colours'
 * WCAG ratios; and the atlas as Natural Earth and data/geo/areas.txt
 * have it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"
#include "geo/geo.h"
#include "publish/svg.h"

static int has_message(const struct chancery_diags *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].message, text))
			return 1;
	return 0;
}

static void print_diags(const struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("diag: %s:%u:%u: %s\n", d->v[i].file ? d->v[i].file : "", d->v[i].line,
			      d->v[i].col, d->v[i].message);
}

/* Quantised arcs: [0, 0], [2, 4], [-1, 0] are deltas; with scale (0.5,
 * 0.25) and translate (10, 20) the points are (10, 20), (11, 21), (10.5, 21). */
static const char topo[] =
	"{\"type\": \"Topology\", \"transform\": {\"scale\": [0.5, 0.25], \"translate\": [10, 20]},\n"
	" \"arcs\": [[[0, 0], [2, 4], [-1, 0]], [[1, 4], [-1, -4]]],\n"
	" \"objects\": {\"countries\": {\"type\": \"GeometryCollection\", \"geometries\": [\n"
	"  {\"type\": \"Polygon\", \"id\": \"268\", \"properties\": {\"name\": \"Georgia\"}, \"arcs\": [[0, 1]]},\n"
	"  {\"type\": \"MultiPolygon\", \"id\": 7, \"arcs\": [[[-2, -1]]]},\n"
	"  {\"type\": \"Point\", \"coordinates\": [0, 0]}]}}}";

static void test_topojson_decode(void **state)
{
	struct geo_data d = { 0 };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	int rc = geo_topojson_read(&d, "t.json", topo, sizeof(topo) - 1, "countries", &diags);
	print_diags(&diags);
	assert_int_equal(rc, 0);
	assert_int_equal(d.t.n_arcs, 2);
	assert_int_equal(d.t.n_points, 5);
	/* arc 0 */
	assert_int_equal(d.t.xy[0], 10 * GEO_Q);
	assert_int_equal(d.t.xy[1], 20 * GEO_Q);
	assert_int_equal(d.t.xy[2], 11 * GEO_Q);
	assert_int_equal(d.t.xy[3], 21 * GEO_Q);
	assert_int_equal(d.t.xy[4], 105000);
	assert_int_equal(d.t.xy[5], 21 * GEO_Q);
	/* arc 1 starts anew: (1, 4) -> (10.5, 21), then (0, 0) -> (10, 20) */
	assert_int_equal(d.t.xy[6], 105000);
	assert_int_equal(d.t.xy[7], 21 * GEO_Q);
	assert_int_equal(d.t.xy[8], 10 * GEO_Q);
	assert_int_equal(d.t.xy[9], 20 * GEO_Q);
	/* the point has no area; the two polygons do */
	assert_int_equal(d.t.n_areas, 2);
	assert_string_equal(d.t.areas[0].key, "268");
	assert_string_equal(d.t.areas[0].name, "Georgia");
	assert_string_equal(d.t.areas[1].key, "7");
	assert_int_equal(d.t.areas[1].n_rings, 1);
	/* reversed references: ~1 and ~0 */
	assert_int_equal(d.t.refs[d.t.rings[1].first], -2);
	assert_int_equal(d.t.refs[d.t.rings[1].first + 1], -1);
	/* the box of Georgia's ring */
	assert_int_equal(d.t.areas[0].bbox[0], 10 * GEO_Q);
	assert_int_equal(d.t.areas[0].bbox[1], 20 * GEO_Q);
	assert_int_equal(d.t.areas[0].bbox[2], 11 * GEO_Q);
	assert_int_equal(d.t.areas[0].bbox[3], 21 * GEO_Q);
	geo_data_release(&d);
	chancery_diags_release(&diags);
}

static void expect_topo_error(const char *text, const char *message, unsigned line)
{
	struct geo_data d = { 0 };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	assert_int_equal(geo_topojson_read(&d, "t.json", text, strlen(text), "countries", &diags),
			 -CHANCERY_EINPUT);
	if (!has_message(&diags, message)) {
		print_diags(&diags);
		fail_msg("expected '%s'", message);
	}
	assert_int_equal(diags.v[0].line, line);
	geo_data_release(&d);
	chancery_diags_release(&diags);
}

static void test_topojson_errors(void **state)
{
	expect_topo_error("{\"type\": \"Topology\",\n \"arcs\": [}", "invalid JSON", 2);
	expect_topo_error("{\"type\": \"FeatureCollection\"}", "expected a TopoJSON object", 0);
	expect_topo_error("{\"type\": \"Topology\", \"arcs\": [[[0, 0], [1, 1]]], \"objects\": {\"countries\": "
			  "{\"geometries\": [{\"type\": \"Polygon\", \"arcs\": [[0, 3]]}]}}}",
			  "geometries[0].arcs[0][1]: expected an arc index from -1 to 0", 0);
	expect_topo_error("{\"type\": \"Topology\", \"arcs\": [[[0, 0], [181, 1]]], \"objects\": {}}",
			  "arcs[0][1]: position (181, 1) is not a longitude", 0);
	expect_topo_error("{\"type\": \"Topology\", \"arcs\": [[[0, 0], [\"x\", 1]]], \"objects\": {}}",
			  "arcs[0][1]: expected a position [x, y] of two numbers", 0);
	expect_topo_error("{\"type\": \"Topology\", \"arcs\": [], \"objects\": {}}",
			  "objects.countries: expected a GeometryCollection", 0);
}

static void test_geojson(void **state)
{
	static const char gj[] =
		"{\"type\": \"FeatureCollection\", \"features\": [\n"
		" {\"type\": \"Feature\", \"properties\": {\"BRK_NAME\": \"Abkhazia\", \"NAME\": \"Georgia\", "
		"\"ISO_A2\": \"-99\", \"party\": \"AB\", \"within\": \"GEO\"},\n"
		"  \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[40, 43], [41, 43], [41, 44], [40, 43]]]}},\n"
		" {\"type\": \"Feature\", \"id\": 5, \"properties\": {\"name\": \"Two\", \"iso_a3\": \"TWO\"},\n"
		"  \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], "
		"[[[5, 5], [6, 5], [6, 6], [5, 5]], [[5.2, 5.1], [5.8, 5.1], [5.8, 5.7], [5.2, 5.1]]]]}},\n"
		" {\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}}]}";
	struct geo_data d = { 0 };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	assert_int_equal(geo_geojson_read(&d, "o.geojson", gj, sizeof(gj) - 1, GEO_AREA_OVERLAY, &diags), 0);
	assert_int_equal(d.t.n_areas, 2);
	assert_string_equal(d.t.areas[0].name, "Abkhazia"); /* BRK_NAME before NAME */
	assert_null(d.t.areas[0].iso2);                       /* "-99" is none */
	assert_string_equal(d.t.areas[0].ref, "AB");
	assert_string_equal(d.t.areas[0].within, "GEO");
	assert_int_equal(d.t.areas[0].kind, GEO_AREA_OVERLAY);
	assert_string_equal(d.t.areas[1].key, "5");
	assert_string_equal(d.t.areas[1].iso3, "TWO");
	assert_int_equal(d.t.areas[1].n_rings, 3); /* two polygons, one with a hole */
	assert_int_equal(d.t.n_arcs, 4);           /* a ring is an arc */
	assert_int_equal(d.t.n_points, 16);
	/* the point was skipped, with a warning naming it */
	assert_int_equal(diags.errors, 0);
	assert_true(has_message(&diags, "features[2].geometry: a Point has no area; skipped"));
	geo_data_release(&d);
	chancery_diags_release(&diags);

	{
		static const char bad[] = "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [0, 0]]]}";
		assert_int_equal(geo_geojson_read(&d, "b.geojson", bad, sizeof(bad) - 1, GEO_AREA_OVERLAY, &diags),
				 -CHANCERY_EINPUT);
		assert_true(has_message(&diags, "geometry.coordinates[0]: expected a ring of at least 4 positions"));
		geo_data_release(&d);
		chancery_diags_release(&diags);
	}
}

static void test_equal_earth(void **state)
{
	double x, y;
	geo_equal_earth(M_PI, 0, &x, &y);
	assert_true(fabs(x - 2.706630) < 1e-6);
	assert_true(fabs(y) < 1e-12);
	geo_equal_earth(0, M_PI / 2, &x, &y);
	assert_true(fabs(x) < 1e-12);
	assert_true(fabs(y - 1.317363) < 1e-6);
	/* symmetric */
	geo_equal_earth(-1, -0.5, &x, &y);
	{
		double x2, y2;
		geo_equal_earth(1, 0.5, &x2, &y2);
		assert_true(fabs(x + x2) < 1e-12 && fabs(y + y2) < 1e-12);
	}
}

static void test_frames(void **state)
{
	struct geo_frame f;
	double x, y;
	/* The whole world: centred on Greenwich, the equator halfway down. */
	geo_frame_world(1200, &f);
	assert_int_equal(f.proj, GEO_EQUAL_EARTH);
	geo_project(&f, 0, 0, &x, &y);
	assert_true(fabs(x - 600) < 1e-9 && fabs(y - f.height / 2) < 1e-9);
	geo_project(&f, 180, 0, &x, &y);
	assert_true(fabs(x - 1200 / 1.02 / 2 - 600) < 1e-6); /* 1% margin each side */
	/* A small box: equirectangular round its centre, at least 16 by 10
	 * degrees, its standard parallel the middle latitude. */
	{
		double box[4] = { 40, 46, 41, 44 };
		geo_frame_fit(box, 1000, &f);
		assert_int_equal(f.proj, GEO_EQUIRECTANGULAR);
		assert_true(fabs(f.lon0 - 43) < 1e-9);
		assert_true(fabs(f.lat1 - 42.5) < 1e-9);
		geo_project(&f, 0, 42.5, &x, &y);
		assert_true(fabs(x - 500) < 1e-6 && fabs(y - f.height / 2) < 1e-6);
	}
	/* Russia's box crosses the antimeridian: a cropped Equal Earth. */
	{
		const struct geo_topology *t = geo_atlas();
		size_t ru = (size_t)geo_area_find(t, "RUS");
		double box[4];
		geo_box_union(t, &ru, 1, box);
		assert_true(box[0] > 19 && box[0] < 20.5);   /* Kaliningrad */
		assert_true(box[1] > 190 && box[1] < 191);   /* Chukotka, east of 180 */
		assert_true(box[2] > 41 && box[2] < 42);
		geo_frame_fit(box, 1200, &f);
		assert_int_equal(f.proj, GEO_EQUAL_EARTH);
		assert_false(f.world);
		assert_true(f.lon0 > 100 && f.lon0 < 110);
	}
}

static void test_simplify(void **state)
{
	/* A line with a bump of 0.4 at x = 2 and one of 2 at x = 4. */
	double xy[] = { 0, 0, 1, 0, 2, 0.4, 3, 0, 4, 2, 5, 0, 6, 0 };
	uint8_t keep[7];
	geo_simplify(xy, 7, 0.5, keep);
	assert_memory_equal(keep, ((uint8_t[]){ 1, 0, 0, 1, 1, 1, 1 }), 7);
	geo_simplify(xy, 7, 0.3, keep);
	assert_int_equal(keep[2], 1);
	geo_simplify(xy, 7, 3, keep);
	assert_memory_equal(keep, ((uint8_t[]){ 1, 0, 0, 0, 0, 0, 1 }), 7);
}

static void test_clip(void **state)
{
	double sq[] = { -1, -1, 3, -1, 3, 3, -1, 3 }, rect[4] = { 0, 0, 2, 2 }, *out = NULL, area = 0;
	size_t alloc = 0, n = geo_clip_ring(sq, 4, rect, &out, &alloc);
	for (size_t i = 0; i < n; i++) {
		const double *p = &out[2 * i], *q = &out[2 * ((i + 1) % n)];
		area += p[0] * q[1] - q[0] * p[1];
		assert_true(p[0] >= 0 && p[0] <= 2 && p[1] >= 0 && p[1] <= 2);
	}
	assert_true(fabs(fabs(area / 2) - 4) < 1e-12);
	/* wholly outside: nothing */
	{
		double far[] = { 5, 5, 6, 5, 6, 6 };
		assert_int_equal(geo_clip_ring(far, 3, rect, &out, &alloc), 0);
	}
	free(out);
}

/* The compiled-in world: ISO codes from iso-codes, the table's areas. */
static void test_atlas(void **state)
{
	const struct geo_topology *t = geo_atlas();
	long ge = geo_area_find(t, "GEO"), ab = geo_area_find(t, "ABK"), xk = geo_area_find(t, "XKX");
	long tv = geo_area_find(t, "TUV"), au = geo_area_find(t, "AUS");
	assert_true(t->n_areas > 240);
	assert_true(ge >= 0 && ab >= 0 && xk >= 0 && tv >= 0 && au >= 0);
	assert_string_equal(t->areas[ge].iso2, "GE");
	assert_int_equal(t->areas[ge].kind, GEO_AREA_COUNTRY);
	assert_string_equal(t->areas[ab].within, "GEO");
	assert_int_equal(t->areas[ab].kind, GEO_AREA_BREAKAWAY);
	assert_null(t->areas[ab].iso2);
	assert_string_equal(t->areas[xk].iso2, "XK");
	assert_string_equal(t->areas[xk].within, "SRB");
	/* Abkhazia lies within Georgia's box */
	assert_true(t->areas[ab].bbox[0] >= t->areas[ge].bbox[0] - 100);
	assert_true(t->areas[ab].bbox[3] <= t->areas[ge].bbox[3] + 100);
	/* Tuvalu comes from the 1:10m; Ashmore and Cartier is Australia's */
	assert_true(t->areas[tv].n_rings >= 1);
	assert_true(t->areas[au].n_rings > 1);
	/* every reference names an arc */
	for (size_t i = 0; i < t->n_refs; i++) {
		int32_t r = t->refs[i];
		assert_true((r < 0 ? ~r : r) < (int32_t)t->n_arcs);
	}
}

static void test_palette(void **state)
{
	assert_true(fabs(svg_contrast("#000000", "#ffffff") - 21) < 1e-9);
	assert_true(fabs(svg_contrast("#777777", "#777777") - 1) < 1e-9);
	/* legend text on the band: WCAG AA (4.5) and more */
	assert_true(svg_contrast(SVG_INK, SVG_PAPER) > 15);
	/* Graphics (WCAG 1.4.11): blue on grey reaches 3:1; green reaches
	 * 2.2:1 and orange only 1.46:1, so every area has a white border and
	 * small ones a circle (docs/maps.md says so). Exact ratios: */
	assert_true(svg_contrast(SVG_BLUE, SVG_LAND) > 3);
	assert_true(fabs(svg_contrast(SVG_GREEN, SVG_LAND) - 2.22) < 0.01);
	assert_true(fabs(svg_contrast(SVG_ORANGE, SVG_LAND) - 1.46) < 0.01);
	/* the two parties differ in lightness too (1.52:1), for readers who
	 * tell no hue apart */
	assert_true(fabs(svg_contrast(SVG_GREEN, SVG_ORANGE) - 1.52) < 0.01);
}

static void test_svg_numbers(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct geo_shape s = { 0 };
	double xy[] = { 10, 20, 10.04, 20, 12.55, 20, 12.5, 18.25 };
	uint32_t ends[] = { 4 };
	svg_num(&sb, 12);
	strbuf_addch(&sb, ' ');
	svg_num(&sb, -3.46);
	strbuf_addch(&sb, ' ');
	svg_num(&sb, -0.04);
	assert_string_equal(sb.buf, "12 -3.5 0");
	strbuf_reset(&sb);
	/* tenths: (100, 200), (100, 200) again is dropped, (126, 200), (125, 183) */
	s.xy = xy;
	s.n = 4;
	s.ends = ends;
	s.n_rings = 1;
	assert_int_equal(svg_path_data(&sb, &s), 1);
	assert_string_equal(sb.buf, "M10 20l2.6 0-0.1-1.7z");
	strbuf_reset(&sb);
	svg_escape(&sb, "A & <B> \"c\"\x01");
	assert_string_equal(sb.buf, "A &amp; &lt;B&gt; &quot;c&quot;");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topojson_decode), cmocka_unit_test(test_topojson_errors),
		cmocka_unit_test(test_geojson),         cmocka_unit_test(test_equal_earth),
		cmocka_unit_test(test_frames),          cmocka_unit_test(test_simplify),
		cmocka_unit_test(test_clip),            cmocka_unit_test(test_atlas),
		cmocka_unit_test(test_palette),         cmocka_unit_test(test_svg_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
