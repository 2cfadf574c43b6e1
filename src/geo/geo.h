/* geo.h: map geometry: areas made of shared arcs (a topology, so that two
 * neighbours simplified for a view keep one border), read from TopoJSON or
 * GeoJSON, projected (equirectangular, Equal Earth), simplified to the
 * view's scale and clipped. Knows nothing of parties: an area has a key,
 * names and ISO codes, and the caller decides what they mean. */
#ifndef GEO_GEO_H
#define GEO_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "chancery.h"

/* Coordinates are integers of 1/GEO_Q degree (about 11 m): compact, and
 * every computation from them is exactly reproducible. */
#define GEO_Q 10000
#define GEO_LON_MAX (180 * GEO_Q)
#define GEO_LAT_MAX (90 * GEO_Q)

/* An arc: points xy[2*first .. 2*(first+n)), with its bounding box. */
struct geo_arc {
	uint32_t first, n;
	int32_t bbox[4]; /* lon min, lat min, lon max, lat max */
};

/* A ring: refs[first .. first+n) name arcs, i >= 0 forward and ~i (that
 * is -i-1) reversed, TopoJSON's convention; each arc begins where the
 * previous one ends. */
struct geo_ring {
	uint32_t first, n;
};

enum geo_area_kind {
	GEO_AREA_COUNTRY = 0, /* a Natural Earth admin-0 area */
	GEO_AREA_BREAKAWAY,   /* drawn over the area it is within */
	GEO_AREA_OVERLAY,     /* read from a user's --overlay file */
};

struct geo_area {
	const char *key;     /* unique: ISO alpha-3, or the table's own key */
	const char *name;    /* "Georgia" */
	const char *iso2, *iso3; /* NULL when none */
	const char *within;  /* key of the area it is claimed by / drawn over, or NULL */
	const char *aliases; /* other names, '|' between them, or NULL */
	const char *ref;     /* an overlay's "party" property, or NULL */
	uint32_t first_ring, n_rings;
	uint8_t kind; /* enum geo_area_kind */
	int32_t bbox[4];
};

/* A topology: the compiled-in world (geo_atlas()) or one read at run time. */
struct geo_topology {
	const int32_t *xy;
	size_t n_points;
	const struct geo_arc *arcs;
	size_t n_arcs;
	const int32_t *refs;
	size_t n_refs;
	const struct geo_ring *rings;
	size_t n_rings;
	const struct geo_area *areas;
	size_t n_areas;
	const char *source; /* provenance, one line */
};

/* A topology being read: it owns its arrays; `t` views them once
 * geo_data_finish() has run. Zero-initialise it. */
struct geo_data {
	struct geo_topology t;
	int32_t *xy;
	struct geo_arc *arcs;
	int32_t *refs;
	struct geo_ring *rings;
	struct geo_area *areas;
	size_t n_points, n_arcs, n_refs, n_rings, n_areas;
	size_t alloc_xy, alloc_arcs, alloc_refs, alloc_rings, alloc_areas;
	struct arena strings;
};

/* Readers' limits: an input beyond them is refused, not read. */
#define GEO_MAX_POINTS (8u << 20)
#define GEO_MAX_INPUT (256u << 20)

/* Building a topology (the readers and the build-time converter). */
int32_t geo_data_add_point(struct geo_data *d, double lon, double lat); /* returns its index */
void geo_data_begin_arc(struct geo_data *d);
void geo_data_end_arc(struct geo_data *d); /* the arc is the points added since begin */
void geo_data_add_ref(struct geo_data *d, int32_t ref);
void geo_data_end_ring(struct geo_data *d, uint32_t first_ref); /* refs since first_ref */
struct geo_area *geo_data_add_area(struct geo_data *d); /* zeroed; rings from now on */
const char *geo_data_keep(struct geo_data *d, const char *s);
/* Close the last area, compute the bounding boxes, and point d->t at the arrays. */
void geo_data_finish(struct geo_data *d);
void geo_data_release(struct geo_data *d);

/* Read TopoJSON text (the GeometryCollection named `object`, e.g.
 * "countries") into d: each Polygon or MultiPolygon geometry is an area
 * whose key is its id (or its properties' name) and whose name is
 * properties.name. Quantised and delta-encoded arcs are decoded with the
 * transform. Errors name `name`, the line and column (JSON syntax) or the
 * geometry and arc; returns 0 or -CHANCERY_EINPUT. */
int geo_topojson_read(struct geo_data *d, const char *name, const char *buf, size_t len,
		      const char *object, struct chancery_diags *diags);

/* Read GeoJSON text (a FeatureCollection, a Feature, or a bare Polygon or
 * MultiPolygon) into d: each feature with an area geometry is an area of
 * kind `kind`, each ring an arc of its own. Names and codes come from the
 * properties (docs/maps.md): party; BRK_NAME, name, NAME_EN, NAME;
 * iso_a2/ISO_A2; iso_a3/ISO_A3/ADM0_A3; within. Features of other
 * geometries are skipped with a warning. Returns 0 or -CHANCERY_EINPUT. */
int geo_geojson_read(struct geo_data *d, const char *name, const char *buf, size_t len,
		     enum geo_area_kind kind, struct chancery_diags *diags);

/* The world compiled into the library at build time (tools/geo_atlas.c):
 * Natural Earth 1:50m admin-0 areas with ISO codes, and the breakaway areas
 * of data/geo/. */
const struct geo_topology *geo_atlas(void);

/* The area with this key, or -1. */
long geo_area_find(const struct geo_topology *t, const char *key);

/* ---- Projections and frames ---- */

enum geo_projection {
	GEO_EQUIRECTANGULAR = 0, /* x = (lon - lon0) cos(lat1), y = lat */
	GEO_EQUAL_EARTH,         /* Šavrič, Patterson, Jenny 2018 */
};

/* What part of the globe a map shows and how: projected coordinates
 * (radians on the unit sphere) go to view units as X = k x + tx,
 * Y = ty - k y. */
struct geo_frame {
	enum geo_projection proj;
	double lon0, lat1;   /* central meridian; standard parallel (equirectangular) */
	double k, tx, ty;
	double width, height; /* the view box, in view units */
	double lon_lo, lon_hi, lat_lo, lat_hi; /* in view (lon relative to lon0) */
	int world;                             /* 1: the whole world */
};

/* Project lon/lat (degrees; lon relative to the frame's lon0, unwrapped)
 * to view units. */
void geo_project(const struct geo_frame *f, double dlon, double lat, double *x, double *y);
/* The projection alone, in radians on the unit sphere. */
void geo_equal_earth(double lam, double phi, double *x, double *y);

/* Choose the frame for a box (degrees: lon_lo may be above 180 after
 * wrapping, lon_hi - lon_lo is the extent eastwards) and a view width:
 * the whole world in Equal Earth when the box spans more than half the
 * globe, a cropped Equal Earth for continental boxes, equirectangular for
 * regional ones (docs/maps.md gives the thresholds and margins). */
void geo_frame_fit(const double box[4], double width, struct geo_frame *out);
/* The whole world, Equal Earth, centred on Greenwich. */
void geo_frame_world(double width, struct geo_frame *out);

/* The smallest box (lon lo/hi, lat lo/hi; lon_hi may exceed 180) holding
 * the areas' boxes, going round the globe the shortest way. */
void geo_box_union(const struct geo_topology *t, const size_t *areas, size_t n, double box[4]);

/* ---- Shapes in a view ---- */

/* An area projected, simplified and clipped: rings of points in view units. */
struct geo_shape {
	double *xy;
	size_t n, alloc;
	uint32_t *ends; /* ring i is points [ends[i-1], ends[i]) */
	size_t n_rings, alloc_rings;
	double bbox[4]; /* of what is drawn; empty when n_rings == 0 */
};

/* Simplification for one topology in one frame: each arc is simplified
 * once (Douglas-Peucker in view units, to `tolerance`), so that the two
 * areas sharing a border draw the same line. */
struct geo_view {
	const struct geo_topology *t;
	const struct geo_frame *f;
	double tolerance;
	uint8_t *keep; /* per point: 1 kept; 2 arc not yet done */
};
void geo_view_init(struct geo_view *v, const struct geo_topology *t, const struct geo_frame *f,
		   double tolerance);
void geo_view_release(struct geo_view *v);

/* Does the area's box meet what the frame shows? */
int geo_area_visible(const struct geo_view *v, size_t area);
/* The area's shape in the view (out is reset first). Rings smaller than
 * the tolerance are dropped. */
void geo_area_shape(struct geo_view *v, size_t area, struct geo_shape *out);
void geo_shape_release(struct geo_shape *s);

/* Douglas-Peucker over n points xy (x, y pairs): keep[i] = 1 for the
 * points kept (the first and last always). */
void geo_simplify(const double *xy, size_t n, double tolerance, uint8_t *keep);

/* Clip a closed ring to the rectangle [x0, x1] x [y0, y1] (Sutherland-
 * Hodgman): writes the result to *out (n_out points); returns n_out. */
size_t geo_clip_ring(const double *xy, size_t n, const double rect[4], double **out,
		     size_t *alloc);

#endif
