/* json_util.c: helpers of the TopoJSON and GeoJSON readers. */
#include <math.h>
#include <string.h>

#include "geo/json_util.h"
#include "geo/geo.h"
#include "base/banned.h"

json_t *geo_json_load(const char *name, const char *buf, size_t len, struct chancery_diags *diags)
{
	json_error_t err;
	json_t *root;
	if (len > GEO_MAX_INPUT) {
		chancery_diags_add(diags, CHANCERY_ERROR, name, 0, 0, NULL,
				   "the input is %zu bytes; at most %u are read", len, GEO_MAX_INPUT);
		return NULL;
	}
	root = json_loadb(buf, len, JSON_ALLOW_NUL, &err);
	if (!root)
		chancery_diags_add(diags, CHANCERY_ERROR, name, err.line > 0 ? (unsigned)err.line : 1,
				   err.column > 0 ? (unsigned)err.column : 1, NULL,
				   "invalid JSON: %s", err.text);
	return root;
}

int geo_json_position(const json_t *pos, double *x, double *y)
{
	const json_t *a = json_array_get(pos, 0), *b = json_array_get(pos, 1);
	if (!json_is_array(pos) || !json_is_number(a) || !json_is_number(b))
		return -1;
	*x = json_number_value(a);
	*y = json_number_value(b);
	return isfinite(*x) && isfinite(*y) ? 0 : -1;
}

int geo_json_is(const json_t *v, const char *s)
{
	return json_is_string(v) && !strcmp(json_string_value(v), s);
}

int geo_json_lonlat_ok(double lon, double lat)
{
	return lon >= -180.0001 && lon <= 180.0001 && lat >= -90.0001 && lat <= 90.0001;
}
