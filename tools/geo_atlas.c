/* geo_atlas.c: the build-time converter of the map geometry. Reads Natural
 * Earth's admin-0 areas as TopoJSON (npm world-atlas: 1:50m, and 1:10m for
 * the ISO areas the 1:50m lacks), ties each to its ISO 3166-1 codes
 * (Debian iso-codes) or to a row of data/geo/areas.txt, adds the breakaway
 * areas (GeoJSON), and writes a C file that compiles the world into the
 * library (src/geo: geo_atlas()). Only the arcs the areas use are kept.
 *
 * usage: geo_atlas OUT.c COUNTRIES-50M.json COUNTRIES-10M.json ISO-3166-1.json
 *                  AREAS.txt BREAKAWAY.geojson */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "geo/geo.h"
#include "base/strbuf.h"
#include "base/banned.h"

struct iso {
	char numeric[4], a2[3], a3[4];
	const char *name, *names; /* names: '|' between */
};

struct row { /* a line of areas.txt */
	const char *source, *key, *name, *iso2, *iso3, *within, *relation, *names;
	int used;
};

static struct iso *isos;
static size_t n_isos;
static struct row *rows;
static size_t n_rows;
static struct arena strings;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("geo_atlas: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void read_or_die(struct strbuf *sb, const char *path)
{
	if (strbuf_read_file(sb, path, GEO_MAX_INPUT))
		die("cannot read '%s': %s", path, strerror(errno));
}

static const char *keep(const char *s)
{
	return s && strcmp(s, "-") ? arena_strdup(&strings, s) : NULL;
}

static void add_name(struct strbuf *sb, const char *s)
{
	if (!s || !*s)
		return;
	/* no duplicates: names are compared whole */
	for (const char *p = sb->buf; *p;) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == strlen(s) && !strncmp(p, s, n))
			return;
		p += n + (e ? 1 : 0);
	}
	if (sb->len)
		strbuf_addch(sb, '|');
	strbuf_addstr(sb, s);
}

static void read_iso(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t err;
	json_t *root, *list, *e;
	size_t i;
	read_or_die(&sb, path);
	if (!(root = json_loadb(sb.buf, sb.len, 0, &err)) ||
	    !json_is_array(list = json_object_get(root, "3166-1")))
		die("%s: not the iso-codes ISO 3166-1 list", path);
	isos = xcalloc(json_array_size(list), sizeof(*isos));
	json_array_foreach(list, i, e) {
		struct iso *x = &isos[n_isos++];
		struct strbuf names = STRBUF_INIT;
		const char *num = json_string_value(json_object_get(e, "numeric"));
		const char *a2 = json_string_value(json_object_get(e, "alpha_2"));
		const char *a3 = json_string_value(json_object_get(e, "alpha_3"));
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *common = json_string_value(json_object_get(e, "common_name"));
		const char *official = json_string_value(json_object_get(e, "official_name"));
		if (!num || !a2 || !a3 || !name || strlen(num) != 3 || strlen(a2) != 2 || strlen(a3) != 3)
			die("%s: an entry lacks its codes", path);
		memcpy(x->numeric, num, 4);
		memcpy(x->a2, a2, 3);
		memcpy(x->a3, a3, 4);
		x->name = keep(common ? common : name);
		add_name(&names, common);
		add_name(&names, name);
		add_name(&names, official);
		x->names = keep(names.buf);
		strbuf_release(&names);
	}
	json_decref(root);
	strbuf_release(&sb);
}

static const struct iso *iso_by_numeric(const char *num)
{
	for (size_t i = 0; i < n_isos; i++)
		if (!strcmp(isos[i].numeric, num))
			return &isos[i];
	return NULL;
}

static struct iso *iso_by_a3(const char *a3)
{
	for (size_t i = 0; i < n_isos; i++)
		if (!strcmp(isos[i].a3, a3))
			return &isos[i];
	return NULL;
}

/* Split a line at tabs into at most max fields. */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	while (n < max) {
		char *tab = strchr(line, '\t');
		f[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

static void read_table(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *next;
	unsigned lineno = 0;
	read_or_die(&sb, path);
	for (line = sb.buf; line && *line; line = next) {
		char *f[10];
		size_t n;
		char where[64];
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		snprintf(where, sizeof(where), "%u", lineno);
		if (!*line || *line == '#')
			continue;
		n = fields(line, f, 10);
		if (!strcmp(f[0], "area") && n == 9) {
			struct row *r;
			rows = xrealloc(rows, (n_rows + 1) * sizeof(*rows));
			r = &rows[n_rows++];
			r->source = keep(f[1]);
			r->key = keep(f[2]);
			r->name = keep(f[3]);
			r->iso2 = keep(f[4]);
			r->iso3 = keep(f[5]);
			r->within = keep(f[6]);
			r->relation = keep(f[7]);
			r->names = keep(f[8]);
			r->used = 0;
			if (!r->key || !r->name || !r->relation ||
			    (strcmp(r->relation, "claimed") && strcmp(r->relation, "part")))
				die("areas table line %s: expected a key, a name and 'claimed' or 'part'",
				    where);
		} else if (!strcmp(f[0], "alias") && n == 3) {
			struct iso *x = iso_by_a3(f[1]);
			struct strbuf names = STRBUF_INIT;
			char *p = f[2];
			if (!x)
				die("areas table line %s: '%s' is not an ISO alpha-3 code", where, f[1]);
			strbuf_addstr(&names, x->names);
			while (p && *p) {
				char *bar = strchr(p, '|');
				if (bar)
					*bar = '\0';
				add_name(&names, p);
				p = bar ? bar + 1 : NULL;
			}
			x->names = keep(names.buf);
			strbuf_release(&names);
		} else {
			die("areas table line %s: expected 'area' and 8 fields or 'alias' and 2", where);
		}
	}
	strbuf_release(&sb);
}

static struct row *row_by_source(const char *name)
{
	for (size_t i = 0; i < n_rows; i++)
		if (!strcmp(rows[i].source, name))
			return &rows[i];
	return NULL;
}

static void read_topo(struct geo_data *d, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	read_or_die(&sb, path);
	if (geo_topojson_read(d, path, sb.buf, sb.len, "countries", &diags)) {
		chancery_diags_print(&diags, stderr);
		exit(1);
	}
	chancery_diags_release(&diags);
	strbuf_release(&sb);
}

/* ---- the output topology ---- */

struct out_area {
	struct geo_area a;
	const struct geo_data *src[4]; /* the areas merged into it */
	size_t src_area[4], n_src;
};

static struct out_area *outs;
static size_t n_outs;

static struct out_area *out_for(const char *key)
{
	for (size_t i = 0; i < n_outs; i++)
		if (!strcmp(outs[i].a.key, key))
			return &outs[i];
	outs = xrealloc(outs, (n_outs + 1) * sizeof(*outs));
	memset(&outs[n_outs], 0, sizeof(*outs));
	outs[n_outs].a.key = key;
	return &outs[n_outs++];
}

static void add_source(struct out_area *o, const struct geo_data *d, size_t i)
{
	if (o->n_src == 4)
		die("area '%s' is made of too many features", o->a.key);
	o->src[o->n_src] = d;
	o->src_area[o->n_src++] = i;
}

static void from_iso(struct out_area *o, const struct iso *x)
{
	o->a.name = x->name;
	o->a.iso2 = keep(x->a2);
	o->a.iso3 = keep(x->a3);
	o->a.aliases = x->names;
	o->a.kind = GEO_AREA_COUNTRY;
}

static void from_row(struct out_area *o, struct row *r, const char *ne_name)
{
	struct strbuf names = STRBUF_INIT;
	o->a.name = r->name;
	o->a.iso2 = r->iso2;
	o->a.iso3 = r->iso3;
	o->a.within = r->within;
	add_name(&names, r->name);
	if (r->names) {
		char *copy = xstrdup(r->names), *p = copy;
		while (p && *p) {
			char *bar = strchr(p, '|');
			if (bar)
				*bar = '\0';
			add_name(&names, p);
			p = bar ? bar + 1 : NULL;
		}
		free(copy);
	}
	add_name(&names, ne_name);
	o->a.aliases = keep(names.buf);
	o->a.kind = !strcmp(r->relation, "claimed") ? GEO_AREA_BREAKAWAY : GEO_AREA_COUNTRY;
	r->used = 1;
	strbuf_release(&names);
}

static int cmp_out(const void *a, const void *b)
{
	const struct out_area *x = a, *y = b;
	if (x->a.kind != y->a.kind)
		return x->a.kind < y->a.kind ? -1 : 1;
	return strcmp(x->a.key, y->a.key);
}

/* Copy the areas into one topology, each arc once. */
static void build(struct geo_data *out)
{
	const struct geo_data *maps_for[3] = { NULL };
	int32_t *maps[3] = { NULL };
	size_t n_maps = 0;

	for (size_t i = 0; i < n_outs; i++) {
		struct out_area *o = &outs[i];
		struct geo_area *a = geo_data_add_area(out);
		uint32_t first_ring = a->first_ring;
		*a = o->a;
		a->first_ring = first_ring;
		for (size_t s = 0; s < o->n_src; s++) {
			const struct geo_data *d = o->src[s];
			const struct geo_area *sa = &d->areas[o->src_area[s]];
			int32_t *map = NULL;
			for (size_t m = 0; m < n_maps; m++)
				if (maps_for[m] == d)
					map = maps[m];
			if (!map) {
				map = maps[n_maps] = xmalloc(d->n_arcs * sizeof(*map));
				for (size_t k = 0; k < d->n_arcs; k++)
					map[k] = -1;
				maps_for[n_maps++] = d;
			}
			for (uint32_t r = 0; r < sa->n_rings; r++) {
				const struct geo_ring *g = &d->rings[sa->first_ring + r];
				uint32_t first_ref = (uint32_t)out->n_refs;
				for (uint32_t k = 0; k < g->n; k++) {
					int32_t ref = d->refs[g->first + k], ai = ref < 0 ? ~ref : ref;
					if (map[ai] < 0) {
						const struct geo_arc *arc = &d->arcs[ai];
						map[ai] = (int32_t)out->n_arcs;
						geo_data_begin_arc(out);
						for (uint32_t p = 0; p < arc->n; p++)
							geo_data_add_point(out,
									   d->xy[2 * (arc->first + p)] / (double)GEO_Q,
									   d->xy[2 * (arc->first + p) + 1] / (double)GEO_Q);
						geo_data_end_arc(out);
					}
					geo_data_add_ref(out, ref < 0 ? ~map[ai] : map[ai]);
				}
				geo_data_end_ring(out, first_ref);
			}
		}
	}
	geo_data_finish(out);
	for (size_t m = 0; m < n_maps; m++)
		free(maps[m]);
}

static void c_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("NULL", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void write_c(FILE *f, const struct geo_data *d)
{
	fputs("/* Generated by tools/geo_atlas.c at build time from Natural Earth (public\n"
	      " * domain) through npm world-atlas, ISO 3166-1 codes from Debian iso-codes\n"
	      " * and data/geo/. Do not edit. */\n"
	      "#include \"geo/geo.h\"\n\n",
	      f);
	fprintf(f, "static const int32_t xy[%zu] = {\n", 2 * d->n_points + 1);
	for (size_t i = 0; i < 2 * d->n_points; i++)
		fprintf(f, "%d,%s", d->xy[i], i % 16 == 15 ? "\n" : "");
	fputs("0 };\n\n", f);
	fprintf(f, "static const struct geo_arc arcs[%zu] = {\n", d->n_arcs);
	for (size_t i = 0; i < d->n_arcs; i++) {
		const struct geo_arc *a = &d->arcs[i];
		fprintf(f, "{%u,%u,{%d,%d,%d,%d}},\n", a->first, a->n, a->bbox[0], a->bbox[1],
			a->bbox[2], a->bbox[3]);
	}
	fputs("};\n\n", f);
	fprintf(f, "static const int32_t refs[%zu] = {\n", d->n_refs);
	for (size_t i = 0; i < d->n_refs; i++)
		fprintf(f, "%d,%s", d->refs[i], i % 16 == 15 ? "\n" : "");
	fputs("};\n\n", f);
	fprintf(f, "static const struct geo_ring rings[%zu] = {\n", d->n_rings);
	for (size_t i = 0; i < d->n_rings; i++)
		fprintf(f, "{%u,%u},%s", d->rings[i].first, d->rings[i].n, i % 8 == 7 ? "\n" : "");
	fputs("};\n\n", f);
	fprintf(f, "static const struct geo_area areas[%zu] = {\n", d->n_areas);
	for (size_t i = 0; i < d->n_areas; i++) {
		const struct geo_area *a = &d->areas[i];
		const char *s[6] = { a->key, a->name, a->iso2, a->iso3, a->within, a->aliases };
		fputs("{", f);
		for (int k = 0; k < 6; k++) {
			c_string(f, s[k]);
			fputs(", ", f);
		}
		fprintf(f, "NULL, %u, %u, %u, {%d,%d,%d,%d}},\n", a->first_ring, a->n_rings, a->kind,
			a->bbox[0], a->bbox[1], a->bbox[2], a->bbox[3]);
	}
	fputs("};\n\n", f);
	fprintf(f,
		"static const struct geo_topology world = {\n"
		"\txy, %zu, arcs, %zu, refs, %zu, rings, %zu, areas, %zu,\n"
		"\t\"Natural Earth 1:50m admin-0 countries (public domain), world-atlas 2.0.2; "
		"breakaway areas: Natural Earth 1:50m\",\n};\n\n"
		"const struct geo_topology *geo_atlas(void)\n{\n\treturn &world;\n}\n",
		d->n_points, d->n_arcs, d->n_refs, d->n_rings, d->n_areas);
}

int main(int argc, char **argv)
{
	struct geo_data d50 = { 0 }, d10 = { 0 }, brk = { 0 }, out = { 0 };
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	FILE *f;

	if (argc != 7) {
		fputs("usage: geo_atlas OUT.c COUNTRIES-50M.json COUNTRIES-10M.json ISO-3166-1.json "
		      "AREAS.txt BREAKAWAY.geojson\n",
		      stderr);
		return 2;
	}
	read_iso(argv[4]);
	read_table(argv[5]);
	read_topo(&d50, argv[2]);
	read_topo(&d10, argv[3]);
	read_or_die(&sb, argv[6]);
	if (geo_geojson_read(&brk, argv[6], sb.buf, sb.len, GEO_AREA_BREAKAWAY, &diags)) {
		chancery_diags_print(&diags, stderr);
		return 1;
	}

	/* 1:50m: by ISO numeric id, else by the table. */
	for (size_t i = 0; i < d50.n_areas; i++) {
		const struct geo_area *a = &d50.areas[i];
		const struct iso *x = a->key ? iso_by_numeric(a->key) : NULL;
		struct row *r;
		if (x) {
			struct out_area *o = out_for(keep(x->a3));
			from_iso(o, x);
			add_source(o, &d50, i);
		} else if ((r = row_by_source(a->name))) {
			struct out_area *o = out_for(r->key);
			from_row(o, r, a->name);
			add_source(o, &d50, i);
		} else {
			die("1:50m area '%s' has no ISO id and no row in %s", a->name, argv[5]);
		}
	}
	/* 1:10m: the ISO areas the 1:50m lacks (small islands). */
	for (size_t i = 0; i < d10.n_areas; i++) {
		const struct iso *x = d10.areas[i].key ? iso_by_numeric(d10.areas[i].key) : NULL;
		int have = 0;
		if (!x)
			continue;
		for (size_t k = 0; k < n_outs; k++)
			have |= !strcmp(outs[k].a.key, x->a3);
		if (!have) {
			struct out_area *o = out_for(keep(x->a3));
			from_iso(o, x);
			add_source(o, &d10, i);
		}
	}
	/* The breakaway areas, by name. */
	for (size_t i = 0; i < brk.n_areas; i++) {
		struct row *r = row_by_source(brk.areas[i].name);
		struct out_area *o;
		if (!r)
			die("breakaway area '%s' has no row in %s", brk.areas[i].name, argv[5]);
		o = out_for(r->key);
		from_row(o, r, NULL);
		add_source(o, &brk, i);
	}
	for (size_t i = 0; i < n_rows; i++)
		if (!rows[i].used)
			die("%s: row '%s' matches no area", argv[5], rows[i].source);
	qsort(outs, n_outs, sizeof(*outs), cmp_out);
	build(&out);

	strbuf_addf(&tmp, "%s.tmp", argv[1]);
	if (!(f = fopen(tmp.buf, "w")))
		die("cannot write '%s': %s", tmp.buf, strerror(errno));
	write_c(f, &out);
	if (fclose(f) || rename(tmp.buf, argv[1]))
		die("cannot write '%s': %s", argv[1], strerror(errno));
	fprintf(stderr, "geo_atlas: %zu areas, %zu arcs, %zu points\n", out.n_areas, out.n_arcs,
		out.n_points);

	geo_data_release(&d50);
	geo_data_release(&d10);
	geo_data_release(&brk);
	geo_data_release(&out);
	chancery_diags_release(&diags);
	strbuf_release(&sb);
	strbuf_release(&tmp);
	free(isos);
	free(rows);
	free(outs);
	arena_release(&strings);
	return 0;
}
