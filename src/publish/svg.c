/* svg.c: the SVG writer's helpers: escaping, fixed-decimal numbers, path
 * data from shapes, the document's head, and the WCAG contrast ratio that
 * the palette's tests check. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "publish/svg.h"
#include "base/banned.h"

void svg_escape(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		default:
			/* control characters are not XML */
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
				strbuf_addch(out, *s);
		}
	}
}

static void tenths(struct strbuf *out, long v)
{
	long a = v < 0 ? -v : v;
	if (v < 0)
		strbuf_addch(out, '-');
	if (a % 10)
		strbuf_addf(out, "%ld.%ld", a / 10, a % 10);
	else
		strbuf_addf(out, "%ld", a / 10);
}

void svg_num(struct strbuf *out, double v)
{
	tenths(out, lround(v * 10));
}

/* A number after another in path data: a minus sign separates by itself. */
static void sep_tenths(struct strbuf *out, long v)
{
	if (v >= 0)
		strbuf_addch(out, ' ');
	tenths(out, v);
}

size_t svg_path_data(struct strbuf *out, const struct geo_shape *s)
{
	size_t written = 0, start = 0;
	long *q = NULL;
	size_t alloc = 0;
	for (size_t r = 0; r < s->n_rings; start = s->ends[r++]) {
		size_t n = 0, end = s->ends[r];
		ALLOC_GROW(q, 2 * (end - start + 1), alloc);
		for (size_t i = start; i < end; i++) {
			long x = lround(s->xy[2 * i] * 10), y = lround(s->xy[2 * i + 1] * 10);
			if (n && q[2 * n - 2] == x && q[2 * n - 1] == y)
				continue;
			q[2 * n] = x;
			q[2 * n + 1] = y;
			n++;
		}
		while (n > 1 && q[2 * n - 2] == q[0] && q[2 * n - 1] == q[1])
			n--;
		if (n < 3)
			continue;
		strbuf_addch(out, 'M');
		tenths(out, q[0]);
		sep_tenths(out, q[1]);
		strbuf_addch(out, 'l');
		for (size_t i = 1; i < n; i++) {
			if (i > 1 && q[2 * i] - q[2 * i - 2] >= 0)
				strbuf_addch(out, ' ');
			tenths(out, q[2 * i] - q[2 * i - 2]);
			sep_tenths(out, q[2 * i + 1] - q[2 * i - 1]);
		}
		strbuf_addch(out, 'z');
		written++;
	}
	free(q);
	return written;
}

void svg_begin(struct strbuf *out, double width, double height, const char *title,
	       const char *desc, int inline_html)
{
	if (!inline_html)
		strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_addstr(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
	if (inline_html) {
		strbuf_addstr(out, " role=\"img\" aria-label=\"");
		svg_escape(out, title);
		strbuf_addstr(out, "\"");
	} else {
		strbuf_addstr(out, " width=\"");
		svg_num(out, width);
		strbuf_addstr(out, "\" height=\"");
		svg_num(out, height);
		strbuf_addstr(out, "\"");
	}
	strbuf_addstr(out, " viewBox=\"0 0 ");
	svg_num(out, width);
	strbuf_addch(out, ' ');
	svg_num(out, height);
	strbuf_addstr(out, "\">\n<title>");
	svg_escape(out, title);
	strbuf_addstr(out, "</title>\n<desc>");
	svg_escape(out, desc);
	strbuf_addstr(out, "</desc>\n");
}

void svg_end(struct strbuf *out)
{
	strbuf_addstr(out, "</svg>\n");
}

static double channel(unsigned v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(const char *hex)
{
	unsigned long v = strtoul(hex + 1, NULL, 16);
	return 0.2126 * channel((v >> 16) & 255) + 0.7152 * channel((v >> 8) & 255) +
	       0.0722 * channel(v & 255);
}

double svg_contrast(const char *a, const char *b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}
