/* geojson.c: read GeoJSON areas (RFC 7946): the breakaway areas bundled in
 * data/geo/ at build time, and a user's --overlay file at run time. Each
 * Polygon or MultiPolygon feature becomes an area; each ring is an arc of
 * its own (GeoJSON shares no borders). Errors name the JSON path. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "geo/geo.h"
#include "geo/json_util.h"
#include "base/banned.h"

/* The first of these properties that is a non-empty string (Natural
 * Earth writes "-99" for "none"). */
static const char *prop(json_t *props, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *s = json_string_value(json_object_get(props, *keys));
		if (s && *s && strcmp(s, "-99"))
			return s;
	}
	return NULL;
}

static int read_ring(struct geo_data *d, const char *name, json_t *ring, const char *where,
		     size_t r, struct chancery_diags *diags)
{
	size_t k, n = json_array_size(ring);
	uint32_t first_ref = (uint32_t)d->n_refs;
	json_t *pos;

	if (!json_is_array(ring) || n < 4) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "%s[%zu]: expected a ring of at least 4 positions, the last "
				   "equal to the first",
				   where, r);
		return -CHANCERY_EINPUT;
	}
	geo_data_begin_arc(d);
	json_array_foreach(ring, k, pos) {
		double lon, lat;
		if (geo_json_position(pos, &lon, &lat)) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "%s[%zu][%zu]: expected a position [longitude, latitude]",
					   where, r, k);
			return -CHANCERY_EINPUT;
		}
		if (!geo_json_lonlat_ok(lon, lat)) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "%s[%zu][%zu]: (%g, %g) is not a longitude in [-180, 180] "
					   "and a latitude in [-90, 90]",
					   where, r, k, lon, lat);
			return -CHANCERY_EINPUT;
		}
		if (d->n_points >= GEO_MAX_POINTS) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "%s: more than %u points in all", where, GEO_MAX_POINTS);
			return -CHANCERY_EINPUT;
		}
		geo_data_add_point(d, lon, lat);
	}
	geo_data_end_arc(d);
	geo_data_add_ref(d, (int32_t)(d->n_arcs - 1));
	geo_data_end_ring(d, first_ref);
	return 0;
}

static int read_polygon(struct geo_data *d, const char *name, json_t *poly, const char *where,
			struct chancery_diags *diags)
{
	size_t r;
	json_t *ring;
	int rc;
	if (!json_is_array(poly) || !json_array_size(poly)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "%s: expected an array of rings", where);
		return -CHANCERY_EINPUT;
	}
	json_array_foreach(poly, r, ring) {
		if ((rc = read_ring(d, name, ring, where, r, diags)))
			return rc;
	}
	return 0;
}

static int read_feature(struct geo_data *d, const char *name, json_t *feat, json_t *geom,
			const char *where, enum geo_area_kind kind, struct chancery_diags *diags)
{
	static const char *const names[] = { "BRK_NAME", "name", "NAME_EN", "NAME", "ADMIN", NULL };
	static const char *const iso2[] = { "iso_a2", "ISO_A2", NULL };
	static const char *const iso3[] = { "iso_a3", "ISO_A3", "ADM0_A3", NULL };
	static const char *const party[] = { "party", NULL };
	static const char *const within[] = { "within", NULL };
	json_t *props = json_object_get(feat, "properties"), *coords, *id;
	const char *type = json_string_value(json_object_get(geom, "type"));
	char ws[128];
	struct geo_area *a;
	char idbuf[32];
	int rc;

	if (!json_is_object(geom) || !type) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "%s: expected a geometry object with a \"type\"", where);
		return -CHANCERY_EINPUT;
	}
	if (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon")) {
		chancery_diags_add(diags, CHANCERY_WARNING, name, 0, 0, NULL,
				   "%s: a %s has no area; skipped", where, type);
		return 0;
	}
	coords = json_object_get(geom, "coordinates");
	a = geo_data_add_area(d);
	a->kind = (uint8_t)kind;
	a->name = geo_data_keep(d, prop(props, names));
	a->iso2 = geo_data_keep(d, prop(props, iso2));
	a->iso3 = geo_data_keep(d, prop(props, iso3));
	a->ref = geo_data_keep(d, prop(props, party));
	a->within = geo_data_keep(d, prop(props, within));
	id = json_object_get(feat, "id");
	if (json_is_string(id)) {
		a->key = geo_data_keep(d, json_string_value(id));
	} else if (json_is_integer(id)) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(id));
		a->key = geo_data_keep(d, idbuf);
	} else {
		a->key = a->name;
	}
	if (!a->name)
		a->name = a->key;
	if (!a->key) { /* nothing names it: its place in the file does */
		a->key = a->name = geo_data_keep(d, where);
	}
	if (!strcmp(type, "Polygon")) {
		snprintf(ws, sizeof(ws), "%s.coordinates", where);
		return read_polygon(d, name, coords, ws, diags);
	}
	if (!json_is_array(coords)) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "%s.coordinates: expected an array of polygons", where);
		return -CHANCERY_EINPUT;
	}
	for (size_t p = 0; p < json_array_size(coords); p++) {
		snprintf(ws, sizeof(ws), "%s.coordinates[%zu]", where, p);
		if ((rc = read_polygon(d, name, json_array_get(coords, p), ws, diags)))
			return rc;
	}
	return 0;
}

int geo_geojson_read(struct geo_data *d, const char *name, const char *buf, size_t len,
		     enum geo_area_kind kind, struct chancery_diags *diags)
{
	json_t *root, *feats, *f;
	size_t i;
	int ret = 0;

	if (!(root = geo_json_load(name, buf, len, diags)))
		return -CHANCERY_EINPUT;
	if (geo_json_is(json_object_get(root, "type"), "FeatureCollection")) {
		feats = json_object_get(root, "features");
		if (!json_is_array(feats)) {
			chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
					   "features: expected an array of features");
			ret = -CHANCERY_EINPUT;
			goto out;
		}
		json_array_foreach(feats, i, f) {
			char where[48];
			snprintf(where, sizeof(where), "features[%zu]", i);
			if (!geo_json_is(json_object_get(f, "type"), "Feature")) {
				chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
						   "%s: expected an object with \"type\": \"Feature\"", where);
				ret = -CHANCERY_EINPUT;
				goto out;
			}
			snprintf(where, sizeof(where), "features[%zu].geometry", i);
			if ((ret = read_feature(d, name, f, json_object_get(f, "geometry"), where, kind,
						diags)))
				goto out;
		}
	} else if (geo_json_is(json_object_get(root, "type"), "Feature")) {
		ret = read_feature(d, name, root, json_object_get(root, "geometry"), "geometry", kind,
				   diags);
	} else if (json_is_object(root) && json_object_get(root, "coordinates")) {
		ret = read_feature(d, name, NULL, root, "geometry", kind, diags);
	} else {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "expected a GeoJSON FeatureCollection, Feature or Polygon");
		ret = -CHANCERY_EINPUT;
	}
out:
	json_decref(root);
	geo_data_finish(d);
	return ret;
}
