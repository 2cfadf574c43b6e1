/* topojson.c: read a TopoJSON topology (the format of the npm package
 * world-atlas): decode its arcs (quantised and delta-encoded when it has a
 * transform) and turn each Polygon or MultiPolygon of one geometry
 * collection into an area. Errors name the JSON path of the bad value. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "geo/geo.h"
#include "geo/json_util.h"
#include "base/banned.h"

/* Decode arc i: positions [x, y] (further members ignored), delta-encoded
 * integers with a transform, absolute degrees without. */
static int read_arc(struct geo_data *d, const char *name, json_t *arc, size_t i,
		    const double scale[2], const double translate[2], int quantised,
		    struct chancery_diags *diags)
{
	double qx = 0, qy = 0;
	size_t k;
	json_t *pos;

	if (!json_is_array(arc) || json_array_size(arc) < 2) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "arcs[%zu]: expected an array of at least two positions", i);
		return -CHANCERY_EINPUT;
	}
	geo_data_begin_arc(d);
	json_array_foreach(arc, k, pos) {
		double x, y, lon, lat;
		if (geo_json_position(pos, &x, &y)) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "arcs[%zu][%zu]: expected a position [x, y] of two numbers", i, k);
			return -CHANCERY_EINPUT;
		}
		if (quantised) {
			qx += x;
			qy += y;
			lon = qx * scale[0] + translate[0];
			lat = qy * scale[1] + translate[1];
		} else {
			lon = x;
			lat = y;
		}
		if (!geo_json_lonlat_ok(lon, lat)) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "arcs[%zu][%zu]: position (%g, %g) is not a longitude in "
					   "[-180, 180] and a latitude in [-90, 90]",
					   i, k, lon, lat);
			return -CHANCERY_EINPUT;
		}
		if (d->n_points >= GEO_MAX_POINTS) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "arcs[%zu]: more than %u points in all", i, GEO_MAX_POINTS);
			return -CHANCERY_EINPUT;
		}
		geo_data_add_point(d, lon, lat);
	}
	geo_data_end_arc(d);
	return 0;
}

/* One polygon: an array of rings, each an array of arc indexes. */
static int read_polygon(struct geo_data *d, const char *name, json_t *poly, size_t g,
			const char *path, size_t n_arcs, struct chancery_diags *diags)
{
	size_t r, k;
	json_t *ring, *ix;
	if (!json_is_array(poly)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "geometries[%zu].arcs%s: expected an array of rings", g, path);
		return -CHANCERY_EINPUT;
	}
	json_array_foreach(poly, r, ring) {
		uint32_t first = (uint32_t)d->n_refs;
		if (!json_is_array(ring) || !json_array_size(ring)) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "geometries[%zu].arcs%s[%zu]: expected an array of arc indexes",
					   g, path, r);
			return -CHANCERY_EINPUT;
		}
		json_array_foreach(ring, k, ix) {
			json_int_t v;
			if (!json_is_integer(ix) || (v = json_integer_value(ix)) >= (json_int_t)n_arcs ||
			    v < -(json_int_t)n_arcs) {
				chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
						   "geometries[%zu].arcs%s[%zu][%zu]: expected an arc index "
						   "from %lld to %zu",
						   g, path, r, k, -(long long)n_arcs, n_arcs - 1);
				return -CHANCERY_EINPUT;
			}
			geo_data_add_ref(d, (int32_t)v);
		}
		geo_data_end_ring(d, first);
	}
	return 0;
}

static int read_geometry(struct geo_data *d, const char *name, json_t *geom, size_t g,
			 size_t n_arcs, struct chancery_diags *diags)
{
	const char *type = json_string_value(json_object_get(geom, "type"));
	json_t *arcs = json_object_get(geom, "arcs"), *id = json_object_get(geom, "id");
	json_t *props = json_object_get(geom, "properties");
	const char *pname = json_string_value(json_object_get(props, "name"));
	struct geo_area *a;
	char idbuf[32];
	const char *key = NULL;

	if (!json_is_object(geom) || !type) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "geometries[%zu]: expected an object with a \"type\"", g);
		return -CHANCERY_EINPUT;
	}
	if (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon"))
		return 0; /* points, lines and null geometries have no area */
	if (json_is_string(id)) {
		key = json_string_value(id);
	} else if (json_is_integer(id)) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(id));
		key = idbuf;
	} else {
		key = pname;
	}
	a = geo_data_add_area(d);
	a->key = geo_data_keep(d, key);
	a->name = geo_data_keep(d, pname ? pname : key);
	a->kind = GEO_AREA_COUNTRY;
	if (!strcmp(type, "Polygon"))
		return read_polygon(d, name, arcs, g, "", n_arcs, diags);
	if (!json_is_array(arcs)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "geometries[%zu].arcs: expected an array of polygons", g);
		return -CHANCERY_EINPUT;
	}
	for (size_t p = 0; p < json_array_size(arcs); p++) {
		char path[32];
		int rc;
		snprintf(path, sizeof(path), "[%zu]", p);
		if ((rc = read_polygon(d, name, json_array_get(arcs, p), g, path, n_arcs, diags)))
			return rc;
	}
	return 0;
}

static int read_transform(json_t *tr, double scale[2], double translate[2])
{
	json_t *s = json_object_get(tr, "scale"), *t = json_object_get(tr, "translate");
	if (geo_json_position(s, &scale[0], &scale[1]) || geo_json_position(t, &translate[0], &translate[1]))
		return -1;
	return 0;
}

int geo_topojson_read(struct geo_data *d, const char *name, const char *buf, size_t len,
		      const char *object, struct chancery_diags *diags)
{
	double scale[2] = { 1, 1 }, translate[2] = { 0, 0 };
	json_t *root, *arcs, *obj, *geoms, *tr, *arc, *g;
	size_t i, base_arc = d->n_arcs;
	int ret = 0, quantised;

	if (!(root = geo_json_load(name, buf, len, diags)))
		return -CHANCERY_EINPUT;
	if (!json_is_object(root) || !geo_json_is(json_object_get(root, "type"), "Topology")) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "expected a TopoJSON object with \"type\": \"Topology\"");
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	tr = json_object_get(root, "transform");
	quantised = tr != NULL;
	if (tr && read_transform(tr, scale, translate)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "transform: expected \"scale\" and \"translate\", each [x, y]");
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	arcs = json_object_get(root, "arcs");
	if (!json_is_array(arcs)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "arcs: expected an array of arcs");
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	json_array_foreach(arcs, i, arc) {
		if ((ret = read_arc(d, name, arc, i, scale, translate, quantised, diags)))
			goto out;
	}
	obj = json_object_get(json_object_get(root, "objects"), object);
	geoms = json_object_get(obj, "geometries");
	if (!json_is_array(geoms)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "objects.%s: expected a GeometryCollection with \"geometries\"", object);
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	json_array_foreach(geoms, i, g) {
		size_t first_ref = d->n_refs;
		if ((ret = read_geometry(d, name, g, i, json_array_size(arcs), diags)))
			goto out;
		/* this topology's arcs come after any read before */
		for (size_t k = first_ref; k < d->n_refs; k++)
			d->refs[k] = d->refs[k] < 0 ? ~(int32_t)(~d->refs[k] + base_arc)
						    : (int32_t)(d->refs[k] + base_arc);
	}
out:
	json_decref(root);
	geo_data_finish(d);
	return ret;
}
