/* chart.c: charts as SVG: the count of parties recognising a party over
 * time (a step line, uncertain counts as a band above it, withdrawals and
 * re-recognitions marked), and a dyad's events on a time axis, one lane
 * per kind, an imprecise date drawn as a bar over its span. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/map.h"
#include "model/registry.h"
#include "model/vocab.h"
#include "publish/svg.h"
#include "query/snapshot.h"
#include "base/banned.h"

#define CW 1200.0 /* the chart's width, view units */
#define FONT 16.0

static const char *short_name(const struct chancery_party *p)
{
	return p->short_name ? p->short_name : p->name;
}

struct axis {
	int32_t from, to; /* days */
	double x0, x1;    /* view units */
};

static double ax(const struct axis *a, double day)
{
	return a->x0 + (day - a->from) * (a->x1 - a->x0) / (double)(a->to - a->from);
}

static void num_attr(struct strbuf *out, const char *name, double v)
{
	strbuf_addf(out, " %s=\"", name);
	svg_num(out, v);
	strbuf_addch(out, '"');
}

static void text(struct strbuf *out, double x, double y, double size, const char *anchor,
		 const char *s)
{
	strbuf_addstr(out, "<text");
	num_attr(out, "x", x);
	num_attr(out, "y", y);
	num_attr(out, "font-size", size);
	if (anchor)
		strbuf_addf(out, " text-anchor=\"%s\"", anchor);
	strbuf_addch(out, '>');
	svg_escape(out, s);
	strbuf_addstr(out, "</text>\n");
}

/* Years on the axis, every 1, 2, 5, 10, ... so that at most 12 show. */
static void year_axis(struct strbuf *out, const struct axis *a, double y_top, double y)
{
	int y0, y1, m, d, step = 1;
	static const int steps[] = { 1, 2, 5, 10, 20, 25, 50, 100 };
	chancery_day_to_ymd(a->from, &y0, &m, &d);
	chancery_day_to_ymd(a->to, &y1, &m, &d);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		step = steps[i];
		if ((y1 - y0) / step <= 12)
			break;
	}
	strbuf_addstr(out, "<path fill=\"none\" stroke=\"" SVG_INK "\" d=\"M");
	svg_num(out, a->x0);
	strbuf_addch(out, ' ');
	svg_num(out, y);
	strbuf_addch(out, 'H');
	svg_num(out, a->x1);
	strbuf_addstr(out, "\"/>\n");
	for (int year = (y0 + step - 1) / step * step; year <= y1; year += step) {
		int32_t day = chancery_day_from_ymd(year, 1, 1);
		char label[16];
		double x;
		if (day < a->from || day > a->to)
			continue;
		x = ax(a, day);
		strbuf_addstr(out, "<path stroke=\"#b0b0b0\" stroke-dasharray=\"2 3\" d=\"M");
		svg_num(out, x);
		strbuf_addch(out, ' ');
		svg_num(out, y_top);
		strbuf_addch(out, 'V');
		svg_num(out, y + 6);
		strbuf_addstr(out, "\"/>\n");
		snprintf(label, sizeof(label), "%d", year);
		text(out, x, y + 6 + FONT * 1.1, FONT, "middle", label);
	}
}

static void day_iso(int32_t day, char *buf, size_t n)
{
	int y, m, d;
	chancery_day_to_ymd(day, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

static void add_source_ids(struct strbuf *sources, const struct chancery_ids *ids)
{
	for (uint32_t i = 0; i < ids->n; i++) {
		struct strbuf probe = STRBUF_INIT;
		strbuf_addf(&probe, " %s,", ids->v[i]);
		if (!strstr(sources->buf, probe.buf))
			strbuf_addstr(sources, probe.buf);
		strbuf_release(&probe);
	}
}

/* " a, b," -> "a, b" */
static const char *source_list(struct strbuf *sources)
{
	if (sources->len && sources->buf[sources->len - 1] == ',')
		strbuf_setlen(sources, sources->len - 1);
	return sources->len ? sources->buf + 1 : "none";
}

/* ---- the recognition chart ---- */

int chart_recognitions(const chancery_registry *r, const char *x, int32_t from, int32_t to,
		       struct strbuf *out, struct chancery_diags *diags)
{
	long xi = snapshot_party_root(r, x);
	const struct chancery_party *px;
	struct chancery_series_point *pts = NULL;
	size_t n = 0;
	int top = 1, step = 1;
	double y0 = 470, y1 = 110, h = 620;
	struct axis a;
	struct strbuf title = STRBUF_INIT, desc = STRBUF_INIT, sources = STRBUF_INIT;
	char d0[16], d1[16];

	(void)diags;
	if (xi < 0 || chancery_recognition_series(r, r->parties[xi].id, &pts, &n))
		return -CHANCERY_ENOTFOUND;
	px = &r->parties[xi];
	if (from == CHANCERY_DAY_MIN) {
		int y, m, d;
		chancery_day_to_ymd(n ? pts[0].day : chancery_today(), &y, &m, &d);
		from = chancery_day_from_ymd(y, 1, 1);
	}
	if (to == CHANCERY_DAY_MAX)
		to = chancery_today();
	if (to <= from)
		to = from + 1;
	a.from = from;
	a.to = to;
	a.x0 = 90;
	a.x1 = CW - 40;
	for (size_t i = 0; i < n; i++)
		top = pts[i].count + pts[i].uncertain > top ? pts[i].count + pts[i].uncertain : top;
	while (top / step > 10)
		step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
	top = (top + step - 1) / step * step;

	for (size_t i = 0; i < r->n_events; i++) {
		const struct chancery_event *e = &r->events[i];
		if ((e->kind == CHANCERY_EV_RECOGNISE || e->kind == CHANCERY_EV_WITHDRAW_RECOGNITION) &&
		    e->target && snapshot_party_root(r, e->target) == xi)
			add_source_ids(&sources, &e->sources);
	}
	day_iso(from, d0, sizeof(d0));
	day_iso(to, d1, sizeof(d1));
	strbuf_addf(&title, "Recognition of %s, %s to %s", short_name(px), d0, d1);
	strbuf_addf(&desc, "The number of parties recognising %s on each day from %s to %s, "
			   "from the chancery registry; a band shows recognitions the dates leave "
			   "uncertain. Sources: %s.",
		    short_name(px), d0, d1, source_list(&sources));
	svg_begin(out, CW, h, title.buf, desc.buf, 0);
	strbuf_addstr(out, "<rect fill=\"" SVG_PAPER "\" width=\"1200\" height=\"620\"/>\n"
			   "<g font-family=\"DejaVu Sans, Verdana, sans-serif\" fill=\"" SVG_INK "\">\n");
	text(out, a.x0, 40, FONT * 1.4, NULL, title.buf);
	text(out, a.x0, 68, FONT, NULL, "Parties recognising it, by day");
	/* y axis: counts */
	for (int v = 0; v <= top; v += step) {
		double y = y0 - (y0 - y1) * v / top;
		char label[16];
		strbuf_addstr(out, "<path stroke=\"#e0e0e0\" d=\"M");
		svg_num(out, a.x0);
		strbuf_addch(out, ' ');
		svg_num(out, y);
		strbuf_addch(out, 'H');
		svg_num(out, a.x1);
		strbuf_addstr(out, "\"/>\n");
		snprintf(label, sizeof(label), "%d", v);
		text(out, a.x0 - 10, y + FONT * 0.35, FONT, "end", label);
	}
	year_axis(out, &a, y1, y0);

	/* The band of uncertain counts, then the step line of certain ones. */
	for (size_t i = 0; i < n; i++) {
		int32_t s = pts[i].day, e = i + 1 < n ? pts[i + 1].day : to;
		double ya, yb;
		if (!pts[i].uncertain || e <= from || s >= to)
			continue;
		s = s < from ? from : s;
		e = e > to ? to : e;
		ya = y0 - (y0 - y1) * (pts[i].count + pts[i].uncertain) / top;
		yb = y0 - (y0 - y1) * pts[i].count / top;
		strbuf_addstr(out, "<rect fill=\"" SVG_SKY "\" fill-opacity=\"0.45\"");
		num_attr(out, "x", ax(&a, s));
		num_attr(out, "y", ya);
		num_attr(out, "width", ax(&a, e) - ax(&a, s));
		num_attr(out, "height", yb - ya);
		strbuf_addstr(out, "/>\n");
	}
	strbuf_addstr(out, "<path fill=\"none\" stroke=\"" SVG_BLUE "\" stroke-width=\"3\" d=\"M");
	{
		int count = 0;
		for (size_t i = 0; i < n && pts[i].day <= from; i++)
			count = pts[i].count;
		svg_num(out, a.x0);
		strbuf_addch(out, ' ');
		svg_num(out, y0 - (y0 - y1) * count / top);
		for (size_t i = 0; i < n; i++) {
			if (pts[i].day <= from || pts[i].day > to)
				continue;
			strbuf_addch(out, 'H');
			svg_num(out, ax(&a, pts[i].day));
			strbuf_addch(out, 'V');
			svg_num(out, y0 - (y0 - y1) * pts[i].count / top);
		}
		strbuf_addch(out, 'H');
		svg_num(out, a.x1);
	}
	strbuf_addstr(out, "\"/>\n");

	/* Withdrawals (down) and re-recognitions (up), with who. */
	{
		double last_x = -1e9;
		int row = 0;
		for (size_t i = 0; i < r->n_events; i++) {
			const struct chancery_event *e = &r->events[i];
			const struct chancery_party *by;
			long bi;
			int again = 0;
			double xm, mid;
			struct strbuf label = STRBUF_INIT;
			if (!e->target || snapshot_party_root(r, e->target) != xi || !e->actor ||
			    e->date.form == CHANCERY_DATE_NONE)
				continue;
			if (e->kind == CHANCERY_EV_RECOGNISE) {
				/* a re-recognition follows a withdrawal by the same party */
				for (size_t k = 0; k < i; k++)
					again |= r->events[k].kind == CHANCERY_EV_WITHDRAW_RECOGNITION &&
						 r->events[k].actor && r->events[k].target &&
						 snapshot_party_root(r, r->events[k].target) == xi &&
						 snapshot_party_root(r, r->events[k].actor) ==
							 snapshot_party_root(r, e->actor);
				if (!again)
					continue;
			} else if (e->kind != CHANCERY_EV_WITHDRAW_RECOGNITION) {
				continue;
			}
			mid = ((double)e->date.lo + (double)e->date.hi) / 2;
			if (mid < from || mid > to)
				continue;
			bi = snapshot_party_root(r, e->actor);
			by = bi >= 0 ? &r->parties[bi] : NULL;
			xm = ax(&a, mid);
			row = xm - last_x < 160 ? (row + 1) % 3 : 0;
			last_x = xm;
			strbuf_addf(out, "<path fill=\"%s\" d=\"M", again ? SVG_BLUE : SVG_VERMILION);
			svg_num(out, xm);
			strbuf_addch(out, ' ');
			svg_num(out, again ? y0 + 8 : y1 - 18);
			strbuf_addstr(out, again ? "l-7 12h14z\"/>\n" : "l-7-12h14z\"/>\n");
			strbuf_addf(&label, "%s %s", by ? short_name(by) : e->actor,
				    again ? "again" : "withdraws");
			text(out, xm, again ? y0 + 36 + row * FONT : y1 - 34 - row * FONT, FONT * 0.85,
			     "middle", label.buf);
			strbuf_release(&label);
		}
	}
	/* Legend. */
	{
		double y = h - 40;
		strbuf_addstr(out, "<path stroke=\"" SVG_BLUE "\" stroke-width=\"3\" d=\"M90 ");
		svg_num(out, y - 5);
		strbuf_addstr(out, "h30\"/>\n");
		text(out, 128, y, FONT, NULL, "recognising");
		strbuf_addstr(out, "<rect fill=\"" SVG_SKY "\" fill-opacity=\"0.45\" x=\"270\"");
		num_attr(out, "y", y - 13);
		strbuf_addstr(out, " width=\"30\" height=\"16\"/>\n");
		text(out, 308, y, FONT, NULL, "may be recognising (uncertain dates)");
		/* as in the chart: a withdrawal points down, a return up */
		strbuf_addstr(out, "<path fill=\"" SVG_VERMILION "\" d=\"M710 ");
		svg_num(out, y);
		strbuf_addstr(out, "l-7-12h14z\"/>\n");
		text(out, 724, y, FONT, NULL, "withdrawal");
		strbuf_addstr(out, "<path fill=\"" SVG_BLUE "\" d=\"M870 ");
		svg_num(out, y - 12);
		strbuf_addstr(out, "l-7 12h14z\"/>\n");
		text(out, 884, y, FONT, NULL, "recognised again");
	}
	strbuf_addstr(out, "</g>\n");
	svg_end(out);
	free(pts);
	strbuf_release(&title);
	strbuf_release(&desc);
	strbuf_release(&sources);
	return 0;
}

/* ---- the dyad's timeline ---- */

static const struct {
	const char *category, *label, *colour;
} lanes[] = {
	{ "recognition", "Recognition", SVG_GREEN },
	{ "relations", "Relations", SVG_BLUE },
	{ "missions", "Missions", SVG_ORANGE },
	{ "envoys", "Envoys", SVG_VERMILION },
	{ "treaty", "Treaties", "#cc79a7" },
	{ "statements", "Statements and acts", "#6b6b6b" },
};
#define N_LANES (sizeof(lanes) / sizeof(lanes[0]))
#define LANE_H 84.0

static int lane_of(const struct chancery_event *e)
{
	const char *c = kinds[e->kind].category;
	for (size_t i = 0; i < N_LANES; i++)
		if (!strcmp(lanes[i].category, c))
			return (int)i;
	return (int)N_LANES - 1; /* acts go with statements */
}

int chart_timeline(const chancery_registry *r, const char *a, const char *b, int32_t from,
		   int32_t to, struct strbuf *out, struct chancery_diags *diags)
{
	struct chancery_dyad_status *st;
	struct axis ax_;
	double top = 100, bottom, h, last_end[N_LANES][3];
	struct strbuf title = STRBUF_INIT, desc = STRBUF_INIT, sources = STRBUF_INIT,
		      undated = STRBUF_INIT;
	const struct chancery_party *pa, *pb;
	int32_t lo = CHANCERY_DAY_MAX, hi = CHANCERY_DAY_MIN;
	char d0[16], d1[16];
	size_t n_undated = 0;

	(void)diags;
	if (chancery_dyad_status(r, a, b, chancery_today(), &st))
		return -CHANCERY_ENOTFOUND;
	pa = &r->parties[snapshot_party_root(r, st->a->id)];
	pb = &r->parties[snapshot_party_root(r, st->b->id)];
	if (strcmp(short_name(pa), short_name(pb)) > 0) {
		const struct chancery_party *t = pa;
		pa = pb;
		pb = t;
	}
	for (size_t i = 0; i < st->n_events; i++) {
		const struct chancery_event *e = st->events[i];
		if (e->date.form == CHANCERY_DATE_NONE || e->date.lo == CHANCERY_DAY_MIN ||
		    e->date.hi == CHANCERY_DAY_MAX) {
			continue;
		}
		lo = e->date.lo < lo ? e->date.lo : lo;
		hi = e->date.hi > hi ? e->date.hi : hi;
	}
	if (from == CHANCERY_DAY_MIN || to == CHANCERY_DAY_MAX) {
		int y, m, d;
		if (lo > hi) { /* nothing dated */
			lo = hi = chancery_today();
		}
		chancery_day_to_ymd(lo, &y, &m, &d);
		if (from == CHANCERY_DAY_MIN)
			from = chancery_day_from_ymd(y, 1, 1);
		chancery_day_to_ymd(hi, &y, &m, &d);
		if (to == CHANCERY_DAY_MAX)
			to = chancery_day_from_ymd(y + 1, 1, 1);
	}
	if (to <= from)
		to = from + 1;
	ax_.from = from;
	ax_.to = to;
	ax_.x0 = 200;
	ax_.x1 = CW - 30;
	bottom = top + LANE_H * N_LANES;
	for (size_t i = 0; i < st->n_events; i++) {
		const struct chancery_event *e = st->events[i];
		if (e->date.form == CHANCERY_DATE_NONE || e->date.lo == CHANCERY_DAY_MIN ||
		    e->date.hi == CHANCERY_DAY_MAX)
			n_undated++;
		add_source_ids(&sources, &e->sources);
	}
	h = bottom + 70 + (n_undated ? (n_undated + 1) * FONT * 1.3 : 0);
	day_iso(from, d0, sizeof(d0));
	day_iso(to, d1, sizeof(d1));
	strbuf_addf(&title, "%s\u2013%s relations: events, %s to %s", short_name(pa), short_name(pb),
		    d0, d1);
	strbuf_addf(&desc, "The events between %s and %s recorded in the chancery registry, one "
			   "lane per kind; a bar is an event known only to its month or year. "
			   "Sources: %s.",
		    short_name(pa), short_name(pb), source_list(&sources));
	svg_begin(out, CW, h, title.buf, desc.buf, 0);
	strbuf_addstr(out, "<rect fill=\"" SVG_PAPER "\" width=\"1200\"");
	num_attr(out, "height", h);
	strbuf_addstr(out, "/>\n<g font-family=\"DejaVu Sans, Verdana, sans-serif\" fill=\"" SVG_INK "\">\n");
	text(out, 20, 40, FONT * 1.4, NULL, title.buf);
	for (size_t l = 0; l < N_LANES; l++) {
		double y = top + LANE_H * l;
		if (l % 2 == 0) {
			strbuf_addstr(out, "<rect fill=\"#f4f4f4\" x=\"0\"");
			num_attr(out, "y", y);
			num_attr(out, "width", CW);
			num_attr(out, "height", LANE_H);
			strbuf_addstr(out, "/>\n");
		}
		text(out, 20, y + 24, FONT, NULL, lanes[l].label);
		for (int k = 0; k < 3; k++)
			last_end[l][k] = -1e9;
	}
	year_axis(out, &ax_, top, bottom);
	for (size_t i = 0; i < st->n_events; i++) {
		const struct chancery_event *e = st->events[i];
		int l = lane_of(e), row = 0;
		double y = top + LANE_H * l + 20, x0, x1, xl;
		char label[96], date[64];
		if (e->date.form == CHANCERY_DATE_NONE || e->date.lo == CHANCERY_DAY_MIN ||
		    e->date.hi == CHANCERY_DAY_MAX) {
			chancery_date_format(&e->date, date, sizeof(date));
			strbuf_addf(&undated, "%s %s %s%s%s (%s)\n", date, kinds[e->kind].name,
				    e->actor ? e->actor : "", e->target ? " \u2192 " : "",
				    e->target ? e->target : "", e->id);
			continue;
		}
		if (e->date.hi < from || e->date.lo > to)
			continue;
		x0 = ax(&ax_, e->date.lo < from ? from : e->date.lo);
		x1 = ax(&ax_, (e->date.hi >= to ? to : e->date.hi + 1));
		chancery_date_format(&e->date, date, sizeof(date));
		strbuf_addf(out, "<g fill=\"%s\"><title>", lanes[l].colour);
		svg_escape(out, date);
		strbuf_addch(out, ' ');
		svg_escape(out, kinds[e->kind].name);
		strbuf_addstr(out, " (");
		svg_escape(out, e->id);
		strbuf_addstr(out, ")</title>");
		if (e->date.hi - e->date.lo < 1 || x1 - x0 < 6) {
			strbuf_addstr(out, "<circle r=\"6\"");
			num_attr(out, "cx", (x0 + x1) / 2);
			num_attr(out, "cy", y);
			strbuf_addstr(out, "/>");
		} else {
			strbuf_addstr(out, "<rect fill-opacity=\"0.55\" rx=\"3\"");
			num_attr(out, "x", x0);
			num_attr(out, "y", y - 6);
			num_attr(out, "width", x1 - x0);
			strbuf_addstr(out, " height=\"12\"/>");
		}
		strbuf_addstr(out, "</g>\n");
		if (e->treaty)
			snprintf(label, sizeof(label), "%s %s%s%s", kinds[e->kind].name, e->treaty,
				 e->actor ? " by " : "", e->actor ? e->actor : "");
		else
			snprintf(label, sizeof(label), "%s", kinds[e->kind].name);
		xl = (x0 + x1) / 2;
		while (row < 3 && last_end[l][row] > xl - 4)
			row++;
		if (row == 3)
			continue; /* no room: the mark's tooltip names it */
		{
			double w = strlen(label) * FONT * 0.75 * 0.6;
			int right = xl + w > CW - 10; /* near the edge: end at the mark */
			last_end[l][row] = right ? xl : xl + w;
			text(out, xl, y + 22 + row * FONT * 0.95, FONT * 0.75, right ? "end" : NULL, label);
		}
	}
	if (undated.len) {
		double y = bottom + 60;
		text(out, 20, y, FONT, NULL, "Undated, or with an open end:");
		struct strbuf line = STRBUF_INIT; /* each whole, never cut */
		for (const char *p = undated.buf; *p;) {
			const char *e = strchr(p, '\n');
			strbuf_reset(&line);
			strbuf_add(&line, p, (size_t)(e - p));
			y += FONT * 1.3;
			text(out, 40, y, FONT * 0.9, NULL, line.buf);
			p = e + 1;
		}
		strbuf_release(&line);
	}
	strbuf_addstr(out, "</g>\n");
	svg_end(out);
	strbuf_release(&title);
	strbuf_release(&desc);
	strbuf_release(&sources);
	strbuf_release(&undated);
	chancery_dyad_status_free(st);
	return 0;
}
