/* svg.h: writing SVG 1.1 by hand, deterministically: numbers with fixed
 * decimals, text escaped for XML, paths from projected shapes with
 * coordinates in tenths of a view unit (relative moves, so that the
 * rounding never drifts). Maps (map.c) and charts (chart.c) use it. */
#ifndef PUBLISH_SVG_H
#define PUBLISH_SVG_H

#include "base/strbuf.h"
#include "geo/geo.h"

/* The palette (docs/maps.md): Okabe and Ito's colour-blind-safe colours
 * for what a map is about, light neutrals for the rest. */
#define SVG_SEA "#cfe6f5"
#define SVG_LAND "#d0d0d0"
#define SVG_BORDER "#ffffff"
#define SVG_INK "#1a1a1a"   /* text: 17:1 on white */
#define SVG_PAPER "#ffffff"
#define SVG_GREEN "#009e73" /* party 1; the recognised party */
#define SVG_ORANGE "#e69f00" /* party 2; withdrawn recognition */
#define SVG_BLUE "#0072b2"   /* recognising */
#define SVG_SKY "#56b4e9"    /* uncertain */
#define SVG_VERMILION "#d55e00"

/* Text escaped for XML character data and attribute values. */
void svg_escape(struct strbuf *out, const char *s);
/* A number with one decimal, the ".0" left out: "12", "-3.5". */
void svg_num(struct strbuf *out, double v);
/* The rings of a shape as path data ("M.. l.. z"); rings that round to
 * fewer than three distinct points are left out. Returns how many rings
 * were written. */
size_t svg_path_data(struct strbuf *out, const struct geo_shape *s);
/* The document's start: the XML declaration (unless inline, for HTML),
 * <svg> with the view box, <title> and <desc>. */
void svg_begin(struct strbuf *out, double width, double height, const char *title,
	       const char *desc, int inline_html);
void svg_end(struct strbuf *out);
/* WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21). */
double svg_contrast(const char *a, const char *b);

#endif
