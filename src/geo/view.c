/* view.c: an area as it is drawn in one frame: its arcs simplified once
 * for the frame (so neighbours keep a common border), its rings unwrapped
 * round the frame's central meridian and cut at the opposite one,
 * projected, and clipped to the view with a margin. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "base/strbuf.h"
#include "base/banned.h"

void geo_view_init(struct geo_view *v, const struct geo_topology *t, const struct geo_frame *f,
		   double tolerance)
{
	v->t = t;
	v->f = f;
	v->tolerance = tolerance;
	v->keep = xmalloc(t->n_points ? t->n_points : 1);
	memset(v->keep, 2, t->n_points);
}

void geo_view_release(struct geo_view *v)
{
	free(v->keep);
	v->keep = NULL;
}

void geo_shape_release(struct geo_shape *s)
{
	free(s->xy);
	free(s->ends);
	memset(s, 0, sizeof(*s));
}

/* ---- Douglas-Peucker, with an explicit stack ---- */

void geo_simplify(const double *xy, size_t n, double tolerance, uint8_t *keep)
{
	size_t *stack, top = 0;
	double tol2 = tolerance * tolerance;
	if (!n)
		return;
	memset(keep, 0, n);
	keep[0] = keep[n - 1] = 1;
	if (n < 3)
		return;
	stack = xmalloc(2 * n * sizeof(*stack));
	stack[top++] = 0;
	stack[top++] = n - 1;
	while (top) {
		size_t b = stack[--top], a = stack[--top], far = a;
		double ax = xy[2 * a], ay = xy[2 * a + 1], dx = xy[2 * b] - ax, dy = xy[2 * b + 1] - ay;
		double len2 = dx * dx + dy * dy, best = tol2;
		for (size_t i = a + 1; i < b; i++) {
			double px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay, d2;
			if (len2 > 0) {
				double c = px * dy - py * dx;
				double t = (px * dx + py * dy) / len2;
				/* beyond the ends, the distance to the end */
				if (t < 0)
					d2 = px * px + py * py;
				else if (t > 1)
					d2 = (px - dx) * (px - dx) + (py - dy) * (py - dy);
				else
					d2 = c * c / len2;
			} else {
				d2 = px * px + py * py;
			}
			if (d2 > best) {
				best = d2;
				far = i;
			}
		}
		if (far != a) {
			keep[far] = 1;
			stack[top++] = a;
			stack[top++] = far;
			stack[top++] = far;
			stack[top++] = b;
		}
	}
	free(stack);
}

static double lon_of(const struct geo_topology *t, uint32_t i)
{
	return t->xy[2 * i] / (double)GEO_Q;
}

static double lat_of(const struct geo_topology *t, uint32_t i)
{
	return t->xy[2 * i + 1] / (double)GEO_Q;
}

static void simplify_arc(struct geo_view *v, uint32_t ai)
{
	const struct geo_arc *a = &v->t->arcs[ai];
	double *xy, d;
	if (!a->n || v->keep[a->first] != 2)
		return;
	xy = xmalloc(2 * a->n * sizeof(*xy));
	d = remainder(lon_of(v->t, a->first) - v->f->lon0, 360.0);
	for (uint32_t k = 0; k < a->n; k++) {
		if (k)
			d += remainder(lon_of(v->t, a->first + k) - lon_of(v->t, a->first + k - 1), 360.0);
		geo_project(v->f, d, lat_of(v->t, a->first + k), &xy[2 * k], &xy[2 * k + 1]);
	}
	geo_simplify(xy, a->n, v->tolerance, &v->keep[a->first]);
	free(xy);
}

/* ---- visibility ---- */

static int lon_meets(const struct geo_frame *f, double lo, double hi)
{
	double flo = f->lon0 + f->lon_lo, fhi = f->lon0 + f->lon_hi;
	if (f->world || fhi - flo >= 359)
		return 1;
	for (int s = -1; s <= 1; s++)
		if (lo + 360.0 * s <= fhi && hi + 360.0 * s >= flo)
			return 1;
	return 0;
}

static int box_meets(const struct geo_frame *f, const int32_t b[4])
{
	if (b[0] > b[2])
		return 0; /* empty */
	if (b[3] / (double)GEO_Q < f->lat_lo || b[1] / (double)GEO_Q > f->lat_hi)
		return 0;
	return lon_meets(f, b[0] / (double)GEO_Q, b[2] / (double)GEO_Q);
}

int geo_area_visible(const struct geo_view *v, size_t area)
{
	return box_meets(v->f, v->t->areas[area].bbox);
}

/* ---- one ring ---- */

struct pts {
	double *xy;
	size_t n, alloc;
};

static void pts_add(struct pts *p, double x, double y)
{
	ALLOC_GROW(p->xy, 2 * (p->n + 1), p->alloc);
	p->xy[2 * p->n] = x;
	p->xy[2 * p->n + 1] = y;
	p->n++;
}

/* Clip a closed ring against one half-plane: keep where
 * sign * (coord[axis] - at) <= 0. */
static void clip_half(const double *in, size_t n, int axis, double at, int sign, struct pts *out)
{
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		const double *p = &in[2 * i], *q = &in[2 * ((i + 1) % n)];
		int pin = sign * (p[axis] - at) <= 0, qin = sign * (q[axis] - at) <= 0;
		if (pin)
			pts_add(out, p[0], p[1]);
		if (pin != qin) {
			double t = (at - p[axis]) / (q[axis] - p[axis]);
			double x = p[0] + t * (q[0] - p[0]), y = p[1] + t * (q[1] - p[1]);
			if (axis == 0)
				x = at;
			else
				y = at;
			pts_add(out, x, y);
		}
	}
}

size_t geo_clip_ring(const double *xy, size_t n, const double rect[4], double **out,
		     size_t *alloc)
{
	struct pts a = { 0 }, b = { 0 };
	const double *cur = xy;
	size_t cn = n;
	static const int axis[4] = { 0, 1, 0, 1 }, sign[4] = { -1, -1, 1, 1 };
	for (int s = 0; s < 4 && cn; s++) {
		struct pts *dst = (s % 2) ? &b : &a;
		clip_half(cur, cn, axis[s], rect[s], sign[s], dst);
		cur = dst->xy;
		cn = dst->n;
	}
	/* the last pass wrote b */
	ALLOC_GROW(*out, 2 * (cn ? cn : 1), *alloc);
	if (cn)
		memcpy(*out, cur, 2 * cn * sizeof(double));
	free(a.xy);
	free(b.xy);
	return cn;
}

static double ring_area(const double *xy, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		const double *p = &xy[2 * i], *q = &xy[2 * ((i + 1) % n)];
		s += p[0] * q[1] - q[0] * p[1];
	}
	return s / 2;
}

static void shape_add_ring(struct geo_view *v, const double *xy, size_t n, struct geo_shape *out)
{
	double m = 0.02 * v->f->width + 4 * v->tolerance;
	double rect[4] = { -m, -m, v->f->width + m, v->f->height + m };
	double *clipped = NULL;
	size_t alloc = 0, cn, start = out->n;
	double min_area = v->tolerance * v->tolerance;

	cn = geo_clip_ring(xy, n, rect, &clipped, &alloc);
	if (cn < 3 || fabs(ring_area(clipped, cn)) < min_area) {
		free(clipped);
		return;
	}
	for (size_t i = 0; i < cn; i++) {
		double x = clipped[2 * i], y = clipped[2 * i + 1];
		if (out->n > start && out->xy[2 * out->n - 2] == x && out->xy[2 * out->n - 1] == y)
			continue;
		ALLOC_GROW(out->xy, 2 * (out->n + 1), out->alloc);
		out->xy[2 * out->n] = x;
		out->xy[2 * out->n + 1] = y;
		out->n++;
	}
	if (out->n - start < 3) {
		out->n = start;
		free(clipped);
		return;
	}
	for (size_t i = start; i < out->n; i++) {
		double x = out->xy[2 * i], y = out->xy[2 * i + 1];
		if (!out->n_rings && i == start) {
			out->bbox[0] = out->bbox[2] = x;
			out->bbox[1] = out->bbox[3] = y;
		}
		out->bbox[0] = fmin(out->bbox[0], x);
		out->bbox[1] = fmin(out->bbox[1], y);
		out->bbox[2] = fmax(out->bbox[2], x);
		out->bbox[3] = fmax(out->bbox[3], y);
	}
	free(clipped);
	ALLOC_GROW(out->ends, out->n_rings + 1, out->alloc_rings);
	out->ends[out->n_rings++] = (uint32_t)out->n;
}

/* Gather a ring's kept points as (lon relative to lon0, unwrapped; lat). */
static void gather(struct geo_view *v, const struct geo_ring *g, struct pts *p)
{
	const struct geo_topology *t = v->t;
	double d = 0, prev = 0;
	p->n = 0;
	for (uint32_t k = 0; k < g->n; k++) {
		int32_t ref = t->refs[g->first + k];
		const struct geo_arc *a = &t->arcs[ref < 0 ? ~ref : ref];
		simplify_arc(v, ref < 0 ? (uint32_t)~ref : (uint32_t)ref);
		for (uint32_t j = 0; j < a->n; j++) {
			uint32_t i = ref < 0 ? a->first + a->n - 1 - j : a->first + j;
			double lon = lon_of(t, i);
			if (j == 0 && k > 0)
				continue; /* the previous arc's last point */
			if (!v->keep[i])
				continue;
			d = p->n ? d + remainder(lon - prev, 360.0) : remainder(lon - v->f->lon0, 360.0);
			prev = lon;
			pts_add(p, d, lat_of(t, i));
		}
	}
	/* a closed ring repeats its first point */
	if (p->n > 1 && p->xy[2 * p->n - 1] == p->xy[1] &&
	    fabs(remainder(p->xy[2 * p->n - 2] - p->xy[0], 360.0)) < 1e-9)
		p->n--;
}

void geo_area_shape(struct geo_view *v, size_t area, struct geo_shape *out)
{
	const struct geo_area *a = &v->t->areas[area];
	struct pts ring = { 0 }, cut = { 0 }, tmp = { 0 }, proj = { 0 };

	out->n = out->n_rings = 0;
	memset(out->bbox, 0, sizeof(out->bbox));
	for (uint32_t r = 0; r < a->n_rings; r++) {
		const struct geo_ring *g = &v->t->rings[a->first_ring + r];
		double lo = INFINITY, hi = -INFINITY, net, lat_sum = 0;
		int32_t rb[4] = { INT32_MAX, INT32_MAX, INT32_MIN, INT32_MIN };

		for (uint32_t k = 0; k < g->n; k++) {
			int32_t ref = v->t->refs[g->first + k];
			const int32_t *ab = v->t->arcs[ref < 0 ? ~ref : ref].bbox;
			rb[0] = ab[0] < rb[0] ? ab[0] : rb[0];
			rb[1] = ab[1] < rb[1] ? ab[1] : rb[1];
			rb[2] = ab[2] > rb[2] ? ab[2] : rb[2];
			rb[3] = ab[3] > rb[3] ? ab[3] : rb[3];
		}
		if (!box_meets(v->f, rb))
			continue;
		gather(v, g, &ring);
		if (ring.n < 3)
			continue;
		/* A ring round a pole (Antarctica) comes back 360 degrees
		 * away: close it along the pole. */
		net = ring.xy[2 * ring.n - 2] +
		      remainder(ring.xy[0] - ring.xy[2 * ring.n - 2], 360.0) - ring.xy[0];
		if (fabs(net) > 180) {
			for (size_t i = 0; i < ring.n; i++)
				lat_sum += ring.xy[2 * i + 1];
			double pole = lat_sum < 0 ? -90 : 90, x0 = ring.xy[0], y0 = ring.xy[1];
			pts_add(&ring, x0 + net, y0);
			pts_add(&ring, x0 + net, pole);
			pts_add(&ring, x0, pole);
		}
		for (size_t i = 0; i < ring.n; i++) {
			lo = fmin(lo, ring.xy[2 * i]);
			hi = fmax(hi, ring.xy[2 * i]);
		}
		/* Cut at the meridian opposite lon0, in each copy of the ring
		 * that reaches the view's longitudes. */
		for (int s = -1; s <= 1; s++) {
			const double *src;
			size_t n;
			if (hi + 360.0 * s < -180 || lo + 360.0 * s > 180)
				continue;
			tmp.n = 0;
			for (size_t i = 0; i < ring.n; i++)
				pts_add(&tmp, ring.xy[2 * i] + 360.0 * s, ring.xy[2 * i + 1]);
			src = tmp.xy;
			n = tmp.n;
			if (lo + 360.0 * s < -180 || hi + 360.0 * s > 180) {
				struct pts half = { 0 };
				clip_half(tmp.xy, tmp.n, 0, -180, -1, &half);
				clip_half(half.xy, half.n, 0, 180, 1, &cut);
				free(half.xy);
				src = cut.xy;
				n = cut.n;
			}
			proj.n = 0;
			for (size_t i = 0; i < n; i++) {
				double x, y;
				geo_project(v->f, src[2 * i], src[2 * i + 1], &x, &y);
				pts_add(&proj, x, y);
			}
			if (proj.n >= 3)
				shape_add_ring(v, proj.xy, proj.n, out);
		}
	}
	free(ring.xy);
	free(cut.xy);
	free(tmp.xy);
	free(proj.xy);
}
