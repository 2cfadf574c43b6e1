/* json_util.h: what the TopoJSON and GeoJSON readers share: loading with
 * a located syntax error, and reading positions. */
#ifndef GEO_JSON_UTIL_H
#define GEO_JSON_UTIL_H

#include <stddef.h>

#include <jansson.h>

#include "chancery.h"

/* Parse buf; on a syntax error add "name:line:col: message" and return NULL. */
json_t *geo_json_load(const char *name, const char *buf, size_t len, struct chancery_diags *diags);
/* An array whose first two members are finite numbers: 0 and *x, *y; else -1. */
int geo_json_position(const json_t *pos, double *x, double *y);
/* Is v the string s? */
int geo_json_is(const json_t *v, const char *s);
/* A longitude in [-180, 180] and a latitude in [-90, 90] (with a hair of
 * slack for rounding in the sources). */
int geo_json_lonlat_ok(double lon, double lat);

#endif
