/* map.c: the locator map and the recognition map. Each area of the world
 * (and of a user's overlay) gets a style from the registry as of the day;
 * the frame is chosen round the areas the map is about; every area in
 * view is drawn with its borders, small highlighted areas get a circle,
 * and a band under the map holds the legend, the date and the notes on
 * parties that have no area. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "publish/map.h"
#include "model/registry.h"
#include "publish/svg.h"
#include "query/snapshot.h"
#include "base/banned.h"

void map_opts_init(struct map_opts *o, int32_t day)
{
	memset(o, 0, sizeof(*o));
	o->day = day;
	o->width = MAP_WIDTH;
	o->display_max = MAP_WIDTH;
	o->display_min = MAP_INFOBOX;
}

static const char *short_name(const struct chancery_party *p)
{
	return p->short_name ? p->short_name : p->name;
}

static const char *const months[] = { "January", "February", "March",     "April",
				      "May",     "June",     "July",      "August",
				      "September", "October", "November", "December" };

static void day_words(int32_t day, char *buf, size_t n)
{
	int y, m, d;
	chancery_day_to_ymd(day, &y, &m, &d);
	snprintf(buf, n, "%d %s %04d", d, months[m - 1], y);
}

/* ---- styles ---- */

enum style {
	ST_LAND = 0,
	ST_P1, ST_P2,              /* locator */
	ST_SELF, ST_YES, ST_WITHDRAWN, ST_UNCERTAIN, /* recognition */
	ST__COUNT
};

static const char *const style_colour[ST__COUNT] = {
	SVG_LAND, SVG_GREEN, SVG_ORANGE, SVG_GREEN, SVG_BLUE, SVG_ORANGE, SVG_SKY,
};

/* An area of one of the map's topologies. */
struct where {
	const struct geo_topology *t;
	long area; /* -1: none */
};

struct map {
	const chancery_registry *r;
	const struct map_opts *o;
	const struct geo_topology *t[2]; /* the world, and the overlay or NULL */
	uint8_t *style[2];               /* per area: enum style */
	uint8_t *hatch[2];               /* per area: a claimed area, in its claimant's style */
	uint8_t *marker[2];              /* per area: 1 = highlighted: a circle when small */
	struct geo_frame frame;
	struct strbuf notes;             /* one line each */
	struct strbuf sources;           /* source ids, ", " between */
	struct chancery_diags *diags;
};

static void map_init(struct map *m, const chancery_registry *r, const struct map_opts *o,
		     struct chancery_diags *diags)
{
	memset(m, 0, sizeof(*m));
	m->r = r;
	m->o = o;
	m->diags = diags;
	m->t[0] = geo_atlas();
	m->t[1] = o->overlay;
	for (int k = 0; k < 2; k++) {
		size_t n = m->t[k] ? m->t[k]->n_areas : 0;
		m->style[k] = xcalloc(n + 1, 1);
		m->hatch[k] = xcalloc(n + 1, 1);
		m->marker[k] = xcalloc(n + 1, 1);
	}
	strbuf_init(&m->notes, 0);
	strbuf_init(&m->sources, 0);
}

static void map_release(struct map *m)
{
	for (int k = 0; k < 2; k++) {
		free(m->style[k]);
		free(m->hatch[k]);
		free(m->marker[k]);
	}
	strbuf_release(&m->notes);
	strbuf_release(&m->sources);
}

static void note(struct map *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct map *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&m->notes, fmt, ap);
	va_end(ap);
	strbuf_addch(&m->notes, '\n');
}

static void add_sources(struct map *m, const struct chancery_ids *ids)
{
	for (uint32_t i = 0; i < ids->n; i++) {
		/* each once */
		const char *p = m->sources.buf;
		size_t n = strlen(ids->v[i]);
		int seen = 0;
		while ((p = strstr(p, ids->v[i]))) {
			if ((p == m->sources.buf || p[-1] == ' ') && (p[n] == ',' || !p[n]))
				seen = 1;
			p += n;
		}
		if (seen)
			continue;
		if (m->sources.len)
			strbuf_addstr(&m->sources, ", ");
		strbuf_addstr(&m->sources, ids->v[i]);
	}
}

/* Does name match one of the area's names ('|' between)? */
static int names_match(const struct geo_area *a, const char *name)
{
	const char *p = a->aliases;
	size_t n;
	if (!name)
		return 0;
	if (a->name && !strcasecmp(a->name, name))
		return 1;
	n = strlen(name);
	while (p && *p) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncasecmp(p, name, n))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

static int code_match(const char *area_code, const char *party_code)
{
	return area_code && party_code && !strcasecmp(area_code, party_code);
}

/* The area of a party: an overlay area whose "party" names it first,
 * then ISO alpha-2, alpha-3, then names. */
static struct where area_of(const struct map *m, const struct chancery_party *p)
{
	struct where w = { NULL, -1 };
	for (int pass = 0; pass < 3; pass++) {
		for (int k = 1; k >= 0; k--) {
			const struct geo_topology *t = m->t[k];
			for (size_t i = 0; t && i < t->n_areas; i++) {
				const struct geo_area *a = &t->areas[i];
				int hit = pass == 0   ? a->ref && chancery_registry_find_party(m->r, a->ref) == p
					  : pass == 1 ? code_match(a->iso2, p->iso2) || code_match(a->iso3, p->iso3)
						      : names_match(a, p->name) || names_match(a, p->short_name);
				if (hit) {
					w.t = t;
					w.area = (long)i;
					return w;
				}
			}
		}
	}
	return w;
}

/* Did p exist on the day? (No from= is taken as always.) */
static int exists_on(const struct chancery_party *p, int32_t day)
{
	if (p->from.form != CHANCERY_DATE_NONE && chancery_date_by(&p->from, day) == CHANCERY_NO)
		return 0;
	if (p->to.form != CHANCERY_DATE_NONE && p->to.hi < day)
		return 0;
	return 1;
}

static const char *kind_word(const struct chancery_party *p)
{
	switch (p->kind) {
	case CHANCERY_PARTY_ORGANISATION: return "an organisation";
	case CHANCERY_PARTY_GROUP: return "a group";
	case CHANCERY_PARTY_ORGAN: return "an organ";
	default: return NULL;
	}
}

/* Give party p's area a style; the notes and warnings say what could not
 * be drawn. Returns 1 when the area is coloured. */
static int paint_party(struct map *m, const struct chancery_party *p, enum style st)
{
	struct where w = area_of(m, p);
	const char *kw = kind_word(p);
	char day[40];
	int k;

	day_words(m->o->day, day, sizeof(day));
	if (w.area < 0) {
		if (kw)
			note(m, "%s (%s) is %s and has no area on the map.", short_name(p), p->id, kw);
		else
			note(m, "%s (%s) has no area on the map.", short_name(p), p->id);
		chancery_diags_add(m->diags, CHANCERY_WARNING, NULL, 0, 0, NULL,
				   "party '%s' (%s) has no area on the map; it is named in a note "
				   "under the map",
				   p->id, short_name(p));
		return 0;
	}
	k = w.t == m->t[0] ? 0 : 1;
	if (!exists_on(p, m->o->day)) {
		const struct geo_area *a = &w.t->areas[w.area];
		char from[96] = "";
		if (p->from.form != CHANCERY_DATE_NONE) {
			char edtf[64];
			chancery_date_format(&p->from, edtf, sizeof(edtf));
			snprintf(from, sizeof(from), " (from %s)", edtf);
		}
		if (a->within && geo_area_find(w.t, a->within) >= 0)
			note(m, "%s did not exist on %s%s; its area is drawn as part of %s.",
			     short_name(p), day, from, w.t->areas[geo_area_find(w.t, a->within)].name);
		else
			note(m, "%s did not exist on %s%s; its area is not coloured.", short_name(p), day,
			     from);
		chancery_diags_add(m->diags, CHANCERY_WARNING, NULL, 0, 0, NULL,
				   "party '%s' (%s) did not exist on that day; its area is not coloured",
				   p->id, short_name(p));
		return 0;
	}
	m->style[k][w.area] = (uint8_t)st;
	m->marker[k][w.area] = 1;
	add_sources(m, &p->sources);
	return 1;
}

/* Claimed and dependent areas take their claimant's or parent's style
 * when they have none of their own: claimed ones hatched. */
static void paint_within(struct map *m)
{
	for (int k = 0; k < 2; k++) {
		const struct geo_topology *t = m->t[k];
		for (size_t i = 0; t && i < t->n_areas; i++) {
			const struct geo_area *a = &t->areas[i];
			long parent;
			if (m->style[k][i] || !a->within || (parent = geo_area_find(t, a->within)) < 0 ||
			    !m->style[k][parent])
				continue;
			m->style[k][i] = m->style[k][parent];
			m->hatch[k][i] = a->kind == GEO_AREA_BREAKAWAY;
		}
	}
}

/* ---- the frame ---- */

static void merge_box(double box[4], const double b[4], int *have)
{
	if (!*have) {
		memcpy(box, b, 4 * sizeof(double));
		*have = 1;
		return;
	}
	/* the shorter way round that covers both */
	{
		double best_lo = 0, best_hi = 1e9;
		for (int s = -1; s <= 1; s++) {
			double lo = fmin(box[0], b[0] + 360.0 * s), hi = fmax(box[1], b[1] + 360.0 * s);
			if (hi - lo < best_hi - best_lo) {
				best_lo = lo;
				best_hi = hi;
			}
		}
		box[0] = best_lo;
		box[1] = best_hi;
	}
	box[2] = fmin(box[2], b[2]);
	box[3] = fmax(box[3], b[3]);
}

static void frame_on_marked(struct map *m)
{
	double box[4];
	int have = 0;
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; m->t[k] && i < m->t[k]->n_areas; i++) {
			double b[4];
			if (!m->marker[k][i])
				continue;
			geo_box_union(m->t[k], &i, 1, b);
			merge_box(box, b, &have);
		}
	}
	if (!have)
		geo_frame_world(m->o->width, &m->frame);
	else
		geo_frame_fit(box, m->o->width, &m->frame);
}

/* ---- drawing ---- */

static void key_id(struct strbuf *out, const char *prefix, const char *key)
{
	strbuf_addstr(out, prefix);
	for (; *key; key++) {
		unsigned char c = (unsigned char)*key;
		strbuf_addch(out, (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
						  (c >= '0' && c <= '9') || c == '-'
					  ? c
					  : '_');
	}
}

struct legend_item {
	const char *colour;
	int hatch;
	const char *label; /* a party's name (never cut), or counted */
	char counted[48];  /* "recognising (12)": only numbers from here */
};

/* A legend label made of a word and a count, kept in the item itself. */
static void counted_label(struct legend_item *it, const char *word, size_t count)
{
	snprintf(it->counted, sizeof(it->counted), "%s (%zu)", word, count);
	it->label = it->counted;
}

/* Rough text width for laying out the legend: the fonts differ, so this
 * errs wide. */
static double text_width(const char *s, double font)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80; /* UTF-8 characters */
	return n * font * 0.56;
}

static double band_height(const struct map *m, const struct legend_item *items, size_t n,
			  double font)
{
	double x = font * 0.6, lines = 2; /* the heading and the first line of items */
	for (size_t i = 0; i < n; i++) {
		double w = font * 1.4 + text_width(items[i].label, font) + font;
		if (x + w > m->o->width - font * 0.6 && x > font * 0.6) {
			lines++;
			x = font * 0.6;
		}
		x += w;
	}
	for (const char *p = m->notes.buf; *p; p++)
		lines += *p == '\n' ? 0.85 : 0;
	return lines * font * 1.35 + font * 0.6;
}

static void draw_areas(struct map *m, struct strbuf *out, int layer_kind)
{
	double tol = 0.5 * m->o->width / m->o->display_max;
	struct geo_shape shape = { 0 };
	double stroke = m->o->width / 1200.0;

	for (int k = 0; k < 2; k++) {
		const struct geo_topology *t = m->t[k];
		struct geo_view v;
		if (!t)
			continue;
		if (k == 1 && layer_kind != GEO_AREA_OVERLAY)
			continue;
		if (k == 0 && layer_kind == GEO_AREA_OVERLAY)
			continue;
		geo_view_init(&v, t, &m->frame, tol);
		for (size_t i = 0; i < t->n_areas; i++) {
			const struct geo_area *a = &t->areas[i];
			if (k == 0 && a->kind != layer_kind)
				continue;
			if (!geo_area_visible(&v, i))
				continue;
			geo_area_shape(&v, i, &shape);
			if (!shape.n_rings)
				continue;
			strbuf_addstr(out, "<path");
			if (!m->o->inline_html) {
				strbuf_addstr(out, " id=\"");
				key_id(out, k ? "overlay-" : "", a->key);
				strbuf_addch(out, '"');
			}
			if (m->hatch[k][i])
				strbuf_addf(out, " fill=\"url(#%shatch-%d)\"", m->o->inline_html ? "map-" : "",
					    m->style[k][i]);
			else if (m->style[k][i])
				strbuf_addf(out, " fill=\"%s\"", style_colour[m->style[k][i]]);
			if (a->kind != GEO_AREA_COUNTRY || a->within) {
				strbuf_addstr(out, " stroke-dasharray=\"");
				svg_num(out, 4 * stroke);
				strbuf_addch(out, ' ');
				svg_num(out, 3 * stroke);
				strbuf_addch(out, '"');
			}
			strbuf_addstr(out, " d=\"");
			svg_path_data(out, &shape);
			strbuf_addstr(out, "\"/>\n");
		}
		geo_view_release(&v);
	}
	geo_shape_release(&shape);
}

/* Circles round highlighted areas too small to see at the infobox's size. */
static void draw_markers(struct map *m, struct strbuf *out)
{
	double tol = 0.5 * m->o->width / m->o->display_max, px = m->o->width / m->o->display_min;
	struct geo_shape shape = { 0 };
	for (int k = 0; k < 2; k++) {
		const struct geo_topology *t = m->t[k];
		struct geo_view v;
		if (!t)
			continue;
		geo_view_init(&v, t, &m->frame, tol);
		for (size_t i = 0; i < t->n_areas; i++) {
			double w, h, r;
			if (!m->marker[k][i] || !geo_area_visible(&v, i))
				continue;
			geo_area_shape(&v, i, &shape);
			if (!shape.n_rings) {
				/* too small to draw at all: circle where it is */
				double b[4];
				geo_box_union(t, &i, 1, b);
				geo_project(&m->frame, remainder((b[0] + b[1]) / 2 - m->frame.lon0, 360.0),
					    (b[2] + b[3]) / 2, &shape.bbox[0], &shape.bbox[1]);
				shape.bbox[2] = shape.bbox[0];
				shape.bbox[3] = shape.bbox[1];
				if (shape.bbox[0] < 0 || shape.bbox[0] > m->frame.width || shape.bbox[1] < 0 ||
				    shape.bbox[1] > m->frame.height)
					continue;
			}
			w = shape.bbox[2] - shape.bbox[0];
			h = shape.bbox[3] - shape.bbox[1];
			if (fmax(w, h) >= 6 * px)
				continue;
			r = fmax(hypot(w, h) / 2 + 2.5 * px, 5 * px);
			strbuf_addf(out, "<circle fill=\"none\" stroke=\"%s\" stroke-width=\"",
				    style_colour[m->style[k][i]]);
			svg_num(out, 1.2 * px);
			strbuf_addstr(out, "\" cx=\"");
			svg_num(out, (shape.bbox[0] + shape.bbox[2]) / 2);
			strbuf_addstr(out, "\" cy=\"");
			svg_num(out, (shape.bbox[1] + shape.bbox[3]) / 2);
			strbuf_addstr(out, "\" r=\"");
			svg_num(out, r);
			strbuf_addstr(out, "\"/>\n");
		}
		geo_view_release(&v);
	}
	geo_shape_release(&shape);
}

static void swatch_fill(struct strbuf *out, const struct map *m, const struct legend_item *it)
{
	(void)m;
	if (it->hatch)
		strbuf_addf(out, "url(#%shatch-%d)", m->o->inline_html ? "map-" : "", it->hatch);
	else
		strbuf_addstr(out, it->colour);
}

static void render(struct map *m, const char *title, const char *heading, const char *what,
		   const struct legend_item *items, size_t n_items, struct strbuf *out)
{
	const struct geo_frame *f = &m->frame;
	double font = round(m->o->width * 0.035), band = band_height(m, items, n_items, font);
	double stroke = m->o->width / 1200.0, x, y, hatch = m->o->width / 150.0;
	struct strbuf desc = STRBUF_INIT;
	char day[40];
	const char *pre = m->o->inline_html ? "map-" : "";

	day_words(m->o->day, day, sizeof(day));
	strbuf_addf(&desc, "%s on %s. Projection: %s, centred on %.1f degrees of longitude. "
			   "Geometry: %s%s. Facts: the chancery registry as of %s",
		    what, day, f->proj == GEO_EQUAL_EARTH ? "Equal Earth" : "equirectangular",
		    f->lon0, m->t[0]->source, m->t[1] ? "; with an overlay of the user's" : "", day);
	if (m->sources.len)
		strbuf_addf(&desc, "; sources: %s", m->sources.buf);
	strbuf_addch(&desc, '.');
	svg_begin(out, f->width, f->height + band, title, desc.buf, m->o->inline_html);
	strbuf_release(&desc);
	if (!m->o->inline_html) {
		strbuf_addf(out, "<metadata><c:frame xmlns:c=\"urn:chancery:map\" projection=\"%s\" "
				 "lon0=\"%.4f\" lat1=\"%.4f\" k=\"%.4f\" tx=\"%.4f\" ty=\"%.4f\"/></metadata>\n",
			    f->proj == GEO_EQUAL_EARTH ? "equal-earth" : "equirectangular", f->lon0,
			    f->lat1, f->k, f->tx, f->ty);
	}
	/* Hatches: the claimant's colour in stripes over the land's grey. */
	strbuf_addstr(out, "<defs>\n");
	for (int s = 1; s < ST__COUNT; s++) {
		strbuf_addf(out, "<pattern id=\"%shatch-%d\" patternUnits=\"userSpaceOnUse\" width=\"", pre, s);
		svg_num(out, hatch);
		strbuf_addstr(out, "\" height=\"");
		svg_num(out, hatch);
		strbuf_addstr(out, "\" patternTransform=\"rotate(45)\"><rect width=\"");
		svg_num(out, hatch);
		strbuf_addstr(out, "\" height=\"");
		svg_num(out, hatch);
		strbuf_addf(out, "\" fill=\"%s\"/><rect width=\"", SVG_LAND);
		svg_num(out, hatch / 2);
		strbuf_addstr(out, "\" height=\"");
		svg_num(out, hatch);
		strbuf_addf(out, "\" fill=\"%s\"/></pattern>\n", style_colour[s]);
	}
	strbuf_addf(out, "<clipPath id=\"%sframe\"><rect width=\"", pre);
	svg_num(out, f->width);
	strbuf_addstr(out, "\" height=\"");
	svg_num(out, f->height);
	strbuf_addstr(out, "\"/></clipPath>\n</defs>\n");
	strbuf_addf(out, "<g clip-path=\"url(#%sframe)\">\n<rect fill=\"%s\" width=\"", pre, SVG_SEA);
	svg_num(out, f->width);
	strbuf_addstr(out, "\" height=\"");
	svg_num(out, f->height);
	strbuf_addf(out, "\"/>\n<g fill=\"%s\" stroke=\"%s\" stroke-width=\"", SVG_LAND, SVG_BORDER);
	svg_num(out, stroke);
	strbuf_addstr(out, "\" stroke-linejoin=\"round\">\n");
	draw_areas(m, out, GEO_AREA_COUNTRY);
	draw_areas(m, out, GEO_AREA_BREAKAWAY);
	draw_areas(m, out, GEO_AREA_OVERLAY);
	strbuf_addstr(out, "</g>\n");
	draw_markers(m, out);
	strbuf_addstr(out, "</g>\n");

	/* The band: heading, legend, notes. */
	strbuf_addf(out, "<g font-family=\"DejaVu Sans, Verdana, sans-serif\" fill=\"%s\">\n<rect fill=\"%s\" y=\"", SVG_INK, SVG_PAPER);
	svg_num(out, f->height);
	strbuf_addstr(out, "\" width=\"");
	svg_num(out, f->width);
	strbuf_addstr(out, "\" height=\"");
	svg_num(out, band);
	strbuf_addstr(out, "\"/>\n");
	y = f->height + font * 1.35;
	strbuf_addstr(out, "<text font-weight=\"bold\" font-size=\"");
	/* bold runs wider: shrink a long heading to the width */
	svg_num(out, fmin(font, round(font * (f->width - font * 1.2) /
				      (text_width(heading, font) * 1.12))));
	strbuf_addstr(out, "\" x=\"");
	svg_num(out, font * 0.6);
	strbuf_addstr(out, "\" y=\"");
	svg_num(out, y);
	strbuf_addstr(out, "\">");
	svg_escape(out, heading);
	strbuf_addstr(out, "</text>\n");
	y += font * 1.35;
	x = font * 0.6;
	for (size_t i = 0; i < n_items; i++) {
		double w = font * 1.4 + text_width(items[i].label, font) + font;
		if (x + w > f->width - font * 0.6 && x > font * 0.6) {
			y += font * 1.35;
			x = font * 0.6;
		}
		strbuf_addstr(out, "<rect stroke=\"" SVG_INK "\" stroke-width=\"");
		svg_num(out, stroke);
		strbuf_addstr(out, "\" fill=\"");
		swatch_fill(out, m, &items[i]);
		strbuf_addstr(out, "\" x=\"");
		svg_num(out, x);
		strbuf_addstr(out, "\" y=\"");
		svg_num(out, y - font * 0.85);
		strbuf_addstr(out, "\" width=\"");
		svg_num(out, font);
		strbuf_addstr(out, "\" height=\"");
		svg_num(out, font);
		strbuf_addstr(out, "\"/><text font-size=\"");
		svg_num(out, font);
		strbuf_addstr(out, "\" x=\"");
		svg_num(out, x + font * 1.4);
		strbuf_addstr(out, "\" y=\"");
		svg_num(out, y);
		strbuf_addstr(out, "\">");
		svg_escape(out, items[i].label);
		strbuf_addstr(out, "</text>\n");
		x += w;
	}
	for (const char *p = m->notes.buf; *p;) {
		const char *e = strchr(p, '\n');
		char *line = xmalloc((size_t)(e - p) + 1);
		memcpy(line, p, (size_t)(e - p));
		line[e - p] = '\0';
		y += font * 1.35 * 0.85;
		strbuf_addstr(out, "<text font-size=\"");
		svg_num(out, font * 0.8);
		strbuf_addstr(out, "\" x=\"");
		svg_num(out, font * 0.6);
		strbuf_addstr(out, "\" y=\"");
		svg_num(out, y);
		strbuf_addstr(out, "\">");
		svg_escape(out, line);
		strbuf_addstr(out, "</text>\n");
		free(line);
		p = e + 1;
	}
	strbuf_addstr(out, "</g>\n");
	svg_end(out);
}

/* ---- the locator map ---- */

static const struct chancery_party *root_party(const chancery_registry *r, const char *id)
{
	long i = snapshot_party_root(r, id);
	return i < 0 ? NULL : &r->parties[i];
}

/* The two parties in the article's order: by short name. */
static int locator_parties(const chancery_registry *r, const char *a, const char *b,
			   const struct chancery_party **p1, const struct chancery_party **p2)
{
	if (!(*p1 = root_party(r, a)) || !(*p2 = root_party(r, b)))
		return -CHANCERY_ENOTFOUND;
	if (strcmp(short_name(*p1), short_name(*p2)) > 0) {
		const struct chancery_party *t = *p1;
		*p1 = *p2;
		*p2 = t;
	}
	return 0;
}

int map_locator_name(const chancery_registry *r, const char *a, const char *b, struct strbuf *out)
{
	const struct chancery_party *p1, *p2;
	if (locator_parties(r, a, b, &p1, &p2))
		return -CHANCERY_ENOTFOUND;
	strbuf_addf(out, "%s-%s Locator.svg", short_name(p1), short_name(p2));
	return 0;
}

int map_locator(const chancery_registry *r, const char *a, const char *b,
		const struct map_opts *o, struct strbuf *out, struct chancery_diags *diags)
{
	const struct chancery_party *p1, *p2;
	struct legend_item items[2];
	struct strbuf title = STRBUF_INIT, heading = STRBUF_INIT, what = STRBUF_INIT;
	struct map m;
	char day[40];

	if (locator_parties(r, a, b, &p1, &p2))
		return -CHANCERY_ENOTFOUND;
	map_init(&m, r, o, diags);
	paint_party(&m, p1, ST_P1);
	if (p2 != p1)
		paint_party(&m, p2, ST_P2);
	paint_within(&m);
	frame_on_marked(&m);
	day_words(o->day, day, sizeof(day));
	strbuf_addf(&title, "%s\u2013%s locator map", short_name(p1), short_name(p2));
	strbuf_addf(&heading, "%s and %s, %s", short_name(p1), short_name(p2), day);
	strbuf_addf(&what, "Locator map of %s (green) and %s (orange)", short_name(p1), short_name(p2));
	memset(items, 0, sizeof(items));
	items[0].colour = SVG_GREEN;
	items[0].label = short_name(p1);
	items[1].colour = SVG_ORANGE;
	items[1].label = short_name(p2);
	render(&m, title.buf, heading.buf, what.buf, items, 2, out);
	strbuf_release(&title);
	strbuf_release(&heading);
	strbuf_release(&what);
	map_release(&m);
	return 0;
}

/* ---- the recognition map ---- */

int map_recognitions(const chancery_registry *r, const char *x, const struct map_opts *o,
		     struct strbuf *out, struct chancery_diags *diags)
{
	const struct chancery_party *px = root_party(r, x);
	struct chancery_recognizer *v = NULL;
	size_t n = 0, count[ST__COUNT] = { 0 };
	struct legend_item items[5];
	size_t n_items = 0;
	struct strbuf title = STRBUF_INIT, heading = STRBUF_INIT, what = STRBUF_INIT;
	struct map m;
	char day[40];

	if (!px || chancery_recognitions(r, px->id, o->day, &v, &n))
		return -CHANCERY_ENOTFOUND;
	map_init(&m, r, o, diags);
	paint_party(&m, px, ST_SELF);
	for (size_t i = 0; i < n; i++) {
		const struct chancery_fold *f = &v[i].fold;
		enum style st = f->uncertain                        ? ST_UNCERTAIN
				: f->state == CHANCERY_REC_YES       ? ST_YES
				: f->state == CHANCERY_REC_WITHDRAWN ? ST_WITHDRAWN
								     : ST_LAND;
		if (f->since)
			add_sources(&m, &f->since->sources);
		if (f->maybe)
			add_sources(&m, &f->maybe->sources);
		if (st == ST_LAND)
			continue;
		count[st]++;
		paint_party(&m, v[i].party, st);
	}
	paint_within(&m);
	geo_frame_world(o->width, &m.frame);
	day_words(o->day, day, sizeof(day));
	strbuf_addf(&title, "Recognition of %s on %s: %zu recognising", short_name(px), day,
		    count[ST_YES]);
	strbuf_addf(&heading, "Recognition of %s, %s: %zu recognising", short_name(px), day,
		    count[ST_YES]);
	if (count[ST_UNCERTAIN]) {
		strbuf_addf(&title, ", %zu uncertain", count[ST_UNCERTAIN]);
		strbuf_addf(&heading, ", %zu uncertain", count[ST_UNCERTAIN]);
	}
	strbuf_addf(&what, "Map of the parties recognising %s (blue: recognising, orange: "
			   "withdrawn, sky blue: uncertain, green: %s)",
		    short_name(px), short_name(px));
	memset(items, 0, sizeof(items));
	items[n_items].colour = SVG_GREEN;
	items[n_items++].label = short_name(px);
	items[n_items].colour = SVG_BLUE;
	counted_label(&items[n_items++], "recognising", count[ST_YES]);
	items[n_items].colour = SVG_ORANGE;
	counted_label(&items[n_items++], "withdrawn", count[ST_WITHDRAWN]);
	items[n_items].colour = SVG_SKY;
	counted_label(&items[n_items++], "uncertain", count[ST_UNCERTAIN]);
	items[n_items].colour = SVG_LAND;
	items[n_items++].label = "not recognising, or no record";
	render(&m, title.buf, heading.buf, what.buf, items, n_items, out);
	strbuf_release(&title);
	strbuf_release(&heading);
	strbuf_release(&what);
	chancery_recognizers_free(v, n);
	map_release(&m);
	return 0;
}
