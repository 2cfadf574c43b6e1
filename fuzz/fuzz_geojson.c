/* fuzz_geojson.c: libFuzzer target for src/geo/geojson.c, the reader behind
 * chancery map --overlay FILE. Reads the input; when it is accepted, draws
 * every area in the whole world and in a frame fitted round it, and
 * checks that every point drawn lies within the clip rectangle. Aborts on
 * any disagreement. */
#include <stdint.h>

#include "geo/geo.h"
#include "geo_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geo_data d = { 0 };
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	int rc = geo_geojson_read(&d, "fuzz", (const char *)data, size, GEO_AREA_OVERLAY, &diags);
	check(rc == 0 || diags.errors > 0);
	if (rc == 0)
		check_topology(&d.t);
	geo_data_release(&d);
	chancery_diags_release(&diags);
	return 0;
}
