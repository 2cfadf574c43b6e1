/* map.h: maps drawn from the registry as SVG: the bilateral locator map
 * of the infobox ("Abkhazia-Russia Locator.svg") and the choropleth of who
 * recognises a party on a day; and charts (chart.c): the count of
 * recognisers over time, and a dyad's events on a time axis. docs/maps.md
 * describes projections, palette, areas and the notes. */
#ifndef PUBLISH_MAP_H
#define PUBLISH_MAP_H

#include <stdint.h>

#include "base/strbuf.h"
#include "chancery.h"
#include "geo/geo.h"

struct map_opts {
	int32_t day;         /* as of this day */
	double width;        /* view units (MAP_WIDTH) */
	double display_max;  /* the widest it will be shown, in px: the detail kept */
	double display_min;  /* the narrowest (the infobox): smaller areas get a circle */
	const struct geo_topology *overlay; /* a user's areas, drawn over the world, or NULL */
	int inline_html;     /* 1: for inline use in HTML (no XML declaration, no ids) */
};

#define MAP_WIDTH 1200.0
#define MAP_INFOBOX 250.0

void map_opts_init(struct map_opts *o, int32_t day);

/* The infobox's name of the locator map of a and b (ids), from the parties'
 * short names in the article's order: "Abkhazia-Russia Locator.svg". */
int map_locator_name(const chancery_registry *r, const char *a, const char *b, struct strbuf *out);

/* The locator map of parties a and b (ids; organs count as their state):
 * the first by short name in green, the other in orange, the rest grey,
 * framed on both. A party with no area, or none on the day, is named in a
 * note under the map and in a warning in diags. Appends the SVG to out;
 * returns 0 or -CHANCERY_ENOTFOUND. */
int map_locator(const chancery_registry *r, const char *a, const char *b,
		const struct map_opts *o, struct strbuf *out, struct chancery_diags *diags);

/* The world map of who recognises x (an id) on o->day: recognising,
 * withdrawn, uncertain, x itself, and the rest; the count in the title. */
int map_recognitions(const chancery_registry *r, const char *x, const struct map_opts *o,
		     struct strbuf *out, struct chancery_diags *diags);

/* The count of parties recognising x from day `from` to day `to` as a step
 * chart: withdrawals and re-recognitions marked, uncertain counts as a
 * band, years on the axis. */
int chart_recognitions(const chancery_registry *r, const char *x, int32_t from, int32_t to,
		       struct strbuf *out, struct chancery_diags *diags);

/* The events of the dyad a, b on a time axis, one lane per kind
 * (recognition, relations, missions, envoys, treaties, statements); an
 * event known only to a month or a year is a bar over that span, undated
 * ones are listed under the chart. from/to: CHANCERY_DAY_MIN/MAX for the
 * span of the events. */
int chart_timeline(const chancery_registry *r, const char *a, const char *b, int32_t from,
		   int32_t to, struct strbuf *out, struct chancery_diags *diags);

#endif
