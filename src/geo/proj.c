/* proj.c: the projections (equirectangular with a standard parallel for
 * regional maps, Equal Earth for the world and continents) and the choice
 * of a frame around the areas a map is about. docs/maps.md gives the rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "base/strbuf.h"
#include "base/banned.h"

#define DEG (M_PI / 180.0)

/* Equal Earth (Šavrič, Patterson and Jenny, 2018), unit sphere. */
void geo_equal_earth(double lam, double phi, double *x, double *y)
{
	static const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
	const double M = sqrt(3.0) / 2.0;
	double th = asin(M * sin(phi)), t2 = th * th, t6 = t2 * t2 * t2;
	*x = lam * cos(th) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
	*y = th * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
}

static void project_unit(const struct geo_frame *f, double dlon, double lat, double *x, double *y)
{
	if (f->proj == GEO_EQUAL_EARTH) {
		geo_equal_earth(dlon * DEG, lat * DEG, x, y);
	} else {
		*x = dlon * DEG * cos(f->lat1 * DEG);
		*y = lat * DEG;
	}
}

void geo_project(const struct geo_frame *f, double dlon, double lat, double *x, double *y)
{
	double ux, uy;
	project_unit(f, dlon, lat, &ux, &uy);
	*x = f->k * ux + f->tx;
	*y = f->ty - f->k * uy;
}

void geo_frame_world(double width, struct geo_frame *out)
{
	double xmax, ymax, dummy;
	memset(out, 0, sizeof(*out));
	out->proj = GEO_EQUAL_EARTH;
	out->world = 1;
	geo_equal_earth(M_PI, 0, &xmax, &dummy);
	geo_equal_earth(0, M_PI / 2, &dummy, &ymax);
	/* a margin of 1% of the width around the globe's outline */
	out->k = width / (2 * xmax * 1.02);
	out->width = width;
	out->height = round(2 * ymax * out->k + 0.02 * width);
	out->tx = width / 2;
	out->ty = out->height / 2;
	out->lon_lo = -180;
	out->lon_hi = 180;
	out->lat_lo = -90;
	out->lat_hi = 90;
}

/* Thresholds (degrees, after the margin): beyond WORLD_* the whole world
 * is shown; beyond CONTINENT_* a cropped Equal Earth; else equirectangular. */
#define WORLD_LON 240.0
#define WORLD_LAT 120.0
#define CONTINENT_LON 90.0
#define CONTINENT_LAT 50.0
#define MIN_LON 16.0 /* the smallest frame: a country's neighbours show */
#define MIN_LAT 10.0
#define ASPECT_MIN 1.25 /* width : height */
#define ASPECT_MAX 2.4

void geo_frame_fit(const double box[4], double width, struct geo_frame *out)
{
	double slon = box[1] - box[0], slat = box[3] - box[2];
	double mlon = fmax(0.08 * slon, 4.0), mlat = fmax(0.08 * slat, 3.0);
	double lon_lo, lon_hi, lat_lo, lat_hi, c, xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY,
						     yhi = -INFINITY, w, h;

	lon_lo = box[0] - mlon;
	lon_hi = box[1] + mlon;
	lat_lo = fmax(box[2] - mlat, -89.0);
	lat_hi = fmin(box[3] + mlat, 89.0);
	if (lon_hi - lon_lo < MIN_LON) {
		c = (lon_lo + lon_hi) / 2;
		lon_lo = c - MIN_LON / 2;
		lon_hi = c + MIN_LON / 2;
	}
	if (lat_hi - lat_lo < MIN_LAT) {
		c = (lat_lo + lat_hi) / 2;
		lat_lo = fmax(c - MIN_LAT / 2, -89.0);
		lat_hi = fmin(c + MIN_LAT / 2, 89.0);
	}
	if (lon_hi - lon_lo > WORLD_LON || lat_hi - lat_lo > WORLD_LAT) {
		geo_frame_world(width, out);
		return;
	}
	memset(out, 0, sizeof(*out));
	c = (lon_lo + lon_hi) / 2;
	out->lon0 = remainder(c, 360.0); /* in [-180, 180] */
	out->proj = lon_hi - lon_lo > CONTINENT_LON || lat_hi - lat_lo > CONTINENT_LAT
			    ? GEO_EQUAL_EARTH
			    : GEO_EQUIRECTANGULAR;
	out->lat1 = (lat_lo + lat_hi) / 2;
	/* The projected box of the frame: its edges, sampled. */
	for (int i = 0; i <= 32; i++) {
		double t = i / 32.0, pts[4][2] = {
			{ lon_lo + t * (lon_hi - lon_lo), lat_lo },
			{ lon_lo + t * (lon_hi - lon_lo), lat_hi },
			{ lon_lo, lat_lo + t * (lat_hi - lat_lo) },
			{ lon_hi, lat_lo + t * (lat_hi - lat_lo) },
		};
		for (int k = 0; k < 4; k++) {
			double x, y;
			project_unit(out, pts[k][0] - c, pts[k][1], &x, &y);
			xlo = fmin(xlo, x);
			xhi = fmax(xhi, x);
			ylo = fmin(ylo, y);
			yhi = fmax(yhi, y);
		}
	}
	/* Keep the aspect between ASPECT_MIN and ASPECT_MAX, widening round
	 * the centre. */
	w = xhi - xlo;
	h = yhi - ylo;
	if (w / h < ASPECT_MIN) {
		double grow = (h * ASPECT_MIN - w) / 2;
		xlo -= grow;
		xhi += grow;
		w = xhi - xlo;
	} else if (w / h > ASPECT_MAX) {
		double grow = (w / ASPECT_MAX - h) / 2;
		ylo -= grow;
		yhi += grow;
		h = yhi - ylo;
	}
	out->k = width / w;
	out->width = width;
	out->height = round(h * out->k);
	out->tx = -xlo * out->k;
	out->ty = yhi * out->k;
	/* What is in view, generously, for culling (the drawing itself is
	 * clipped exactly). */
	{
		double glon = (lon_hi - lon_lo) * 0.5 + 10, glat = (lat_hi - lat_lo) * 0.5 + 10;
		if (out->proj == GEO_EQUIRECTANGULAR) {
			glon = (w / 2) / (DEG * cos(out->lat1 * DEG)) + 2;
			glat = (h / 2) / DEG + 2;
		} else {
			glon *= 1.6;
			glat *= 1.6;
		}
		out->lon_lo = fmax(c - glon, c - 180) - c;
		out->lon_hi = fmin(c + glon, c + 180) - c;
		out->lat_lo = fmax((lat_lo + lat_hi) / 2 - glat, -90);
		out->lat_hi = fmin((lat_lo + lat_hi) / 2 + glat, 90);
	}
}

/* ---- the box round some areas ---- */

struct ival {
	double lo, hi; /* lon, degrees; hi may exceed 180 */
};

static int cmp_ival(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The gap in longitude between two intervals, round the globe. */
static double lon_gap(double alo, double ahi, double blo, double bhi)
{
	double best = INFINITY;
	for (int s = -1; s <= 1; s++) {
		double lo = blo + 360.0 * s, hi = bhi + 360.0 * s;
		double g = lo > ahi ? lo - ahi : alo > hi ? alo - hi : 0;
		best = fmin(best, g);
	}
	return best;
}

/* A ring's box, its longitudes unwrapped along the ring: world-atlas
 * keeps rings whole across the antimeridian (Russia, Fiji), so the box of
 * its arcs' raw longitudes would span the globe. */
static void ring_box(const struct geo_topology *t, const struct geo_ring *g, double b[4])
{
	double d = 0, prev = 0;
	int first = 1;
	b[0] = b[2] = INFINITY;
	b[1] = b[3] = -INFINITY;
	for (uint32_t k = 0; k < g->n; k++) {
		int32_t ref = t->refs[g->first + k];
		const struct geo_arc *a = &t->arcs[ref < 0 ? ~ref : ref];
		for (uint32_t j = 0; j < a->n; j++) {
			uint32_t i = ref < 0 ? a->first + a->n - 1 - j : a->first + j;
			double lon = t->xy[2 * i] / (double)GEO_Q, lat = t->xy[2 * i + 1] / (double)GEO_Q;
			d = first ? lon : d + remainder(lon - prev, 360.0);
			first = 0;
			prev = lon;
			b[0] = fmin(b[0], d);
			b[1] = fmax(b[1], d);
			b[2] = fmin(b[2], lat);
			b[3] = fmax(b[3], lat);
		}
	}
	if (b[1] - b[0] >= 360) { /* round a pole */
		b[0] = -180;
		b[1] = 180;
	} else if (b[0] < -180 || b[0] >= 180) {
		double s = 360.0 * floor((b[0] + 180) / 360.0);
		b[0] -= s;
		b[1] -= s;
	}
}

void geo_box_union(const struct geo_topology *t, const size_t *areas, size_t n, double box[4])
{
	struct ival *iv = NULL;
	size_t niv = 0, alloc = 0;
	double lat_lo = INFINITY, lat_hi = -INFINITY;

	for (size_t i = 0; i < n; i++) {
		const struct geo_area *a = &t->areas[areas[i]];
		double main[4] = { 0 }, best = -1;
		/* The main part: the ring with the largest box (cos-weighted). */
		for (uint32_t r = 0; r < a->n_rings; r++) {
			double b[4], size;
			ring_box(t, &t->rings[a->first_ring + r], b);
			size = (b[1] - b[0]) * cos((b[2] + b[3]) / 2 * DEG) * (b[3] - b[2]);
			if (size > best) {
				best = size;
				memcpy(main, b, sizeof(main));
			}
		}
		if (best < 0)
			continue;
		/* and the parts near it */
		for (uint32_t r = 0; r < a->n_rings; r++) {
			double b[4], reach = fmax(10.0, 0.5 * fmax(main[1] - main[0], main[3] - main[2]));
			ring_box(t, &t->rings[a->first_ring + r], b);
			if (lon_gap(main[0], main[1], b[0], b[1]) > reach ||
			    fmax(b[2] - main[3], main[2] - b[3]) > reach)
				continue;
			ALLOC_GROW(iv, niv + 1, alloc);
			iv[niv].lo = b[0];
			iv[niv].hi = b[1];
			niv++;
			lat_lo = fmin(lat_lo, b[2]);
			lat_hi = fmax(lat_hi, b[3]);
		}
	}
	if (!niv) {
		box[0] = -180;
		box[1] = 180;
		box[2] = -90;
		box[3] = 90;
		free(iv);
		return;
	}
	/* Merge the intervals; the box is the circle less its largest gap. */
	qsort(iv, niv, sizeof(*iv), cmp_ival);
	{
		size_t m = 0;
		for (size_t i = 1; i < niv; i++) {
			if (iv[i].lo <= iv[m].hi)
				iv[m].hi = fmax(iv[m].hi, iv[i].hi);
			else
				iv[++m] = iv[i];
		}
		niv = m + 1;
	}
	{
		double gap = iv[0].lo + 360 - iv[niv - 1].hi; /* round the back */
		size_t after = 0;                             /* the interval after the gap */
		for (size_t i = 1; i < niv; i++) {
			if (iv[i].lo - iv[i - 1].hi > gap) {
				gap = iv[i].lo - iv[i - 1].hi;
				after = i;
			}
		}
		box[0] = iv[after].lo;
		box[1] = after ? iv[after - 1].hi + 360 : iv[niv - 1].hi;
		if (box[0] >= 180) {
			box[0] -= 360;
			box[1] -= 360;
		}
	}
	box[2] = lat_lo;
	box[3] = lat_hi;
	free(iv);
}
