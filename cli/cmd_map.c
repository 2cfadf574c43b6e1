/* cmd_map.c: chancery map and chancery chart: the locator map of a dyad,
 * the map of who recognises a party, and the recognition and timeline
 * charts, written as SVG files (through a temporary file and a rename, so
 * that a failed run never leaves half a file). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "persist/persist.h"
#include "publish/map.h"
#include "base/strbuf.h"
#include "base/banned.h"

/* Write the SVG to path (output.c: through a temporary file and a rename;
 * never over the store); "-" is stdout. On success print the path. */
static int write_svg(const char *path, const char *store, const struct strbuf *svg)
{
	int code = write_output(path, store, svg->buf, svg->len);
	if (code == EXIT_OK && strcmp(path, "-"))
		printf("%s\n", path);
	return code;
}

static int read_overlay(const char *path, struct geo_data *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	int rc;
	if (strbuf_read_file(&sb, path, GEO_MAX_INPUT)) {
		fprintf(stderr, "error: --overlay '%s': %s\n", path, strbuf_read_strerror(errno));
		strbuf_release(&sb);
		return EXIT_STORE;
	}
	rc = geo_geojson_read(d, path, sb.buf, sb.len, GEO_AREA_OVERLAY, &diags);
	report_diags(&diags);
	chancery_diags_release(&diags);
	strbuf_release(&sb);
	if (!rc && !d->n_areas) {
		fprintf(stderr, "error: --overlay '%s': no Polygon or MultiPolygon feature\n", path);
		return EXIT_DATA;
	}
	return rc ? EXIT_DATA : EXIT_OK;
}

int cmd_map(int argc, char **argv)
{
	enum { OPT_ON = 1000, OPT_RECOGNITIONS, OPT_OVERLAY, OPT_WIDTH };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "on", required_argument, NULL, OPT_ON },
		{ "output", required_argument, NULL, 'o' },
		{ "recognitions", required_argument, NULL, OPT_RECOGNITIONS },
		{ "overlay", required_argument, NULL, OPT_OVERLAY },
		{ "detail", required_argument, NULL, OPT_WIDTH },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("map");
	struct common o = { 0 };
	const char *output = NULL, *rec = NULL, *overlay = NULL;
	int32_t day = chancery_today();
	double detail = MAP_WIDTH;
	struct strbuf svg = STRBUF_INIT, name = STRBUF_INIT;
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct geo_data ov = { 0 };
	struct map_opts mo;
	chancery_registry *r;
	int opt, code = EXIT_OK, rc;

	while ((opt = next_option(c, argc, argv, "hf:o:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_ON) {
			if (parse_day_arg("--on", optarg, &day))
				exit(EXIT_USAGE);
		} else if (opt == 'o') {
			output = optarg;
		} else if (opt == OPT_RECOGNITIONS) {
			rec = optarg;
		} else if (opt == OPT_OVERLAY) {
			overlay = optarg;
		} else if (opt == OPT_WIDTH) {
			char *end;
			detail = strtod(optarg, &end);
			if (*end || !(detail >= 100 && detail <= 10000))
				die_usage(c, "--detail '%s': expected a width in pixels from 100 to 10000",
					  optarg);
		}
	}
	if (rec ? optind != argc : optind + 2 != argc)
		die_usage(c, rec ? "--recognitions takes one party and no other" : "expected two parties");
	if (overlay && (code = read_overlay(overlay, &ov))) {
		geo_data_release(&ov);
		common_release(&o);
		return code;
	}
	{
		/* the locator map needs the parties alone; the recognition map,
		 * the recognitions of its party: through the snapshot file */
		const struct persist_need need = { rec ? PERSIST_RECOGNITIONS : PERSIST_PARTIES,
						   { rec }, rec ? 1 : 0, NULL, NULL };
		r = load_registry_for(&o, &need, &code);
	}
	if (!r) {
		geo_data_release(&ov);
		common_release(&o);
		return code;
	}
	map_opts_init(&mo, day);
	mo.display_max = detail;
	mo.overlay = overlay ? &ov.t : NULL;
	if (rec) {
		const struct chancery_party *x = resolve_party(r, rec);
		if (!x) {
			code = EXIT_NOTFOUND;
			goto out;
		}
		rc = map_recognitions(r, x->id, &mo, &svg, &diags);
		strbuf_addf(&name, "%s recognition map.svg", x->short_name ? x->short_name : x->name);
	} else {
		const struct chancery_party *a = resolve_party(r, argv[optind]), *b;
		if (!a || !(b = resolve_party(r, argv[optind + 1]))) {
			code = EXIT_NOTFOUND;
			goto out;
		}
		rc = map_locator(r, a->id, b->id, &mo, &svg, &diags);
		map_locator_name(r, a->id, b->id, &name);
	}
	report_diags(&diags);
	if (rc) {
		code = EXIT_NOTFOUND;
		goto out;
	}
	code = write_svg(output ? output : name.buf, common_db(&o), &svg);
out:
	chancery_diags_release(&diags);
	strbuf_release(&svg);
	strbuf_release(&name);
	geo_data_release(&ov);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_chart(int argc, char **argv)
{
	enum { OPT_FROM = 1000, OPT_TO };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("chart");
	struct common o = { 0 };
	const char *output = NULL, *what;
	int32_t from = CHANCERY_DAY_MIN, to = CHANCERY_DAY_MAX;
	struct strbuf svg = STRBUF_INIT, name = STRBUF_INIT;
	struct chancery_diags diags = CHANCERY_DIAGS_INIT;
	struct chancery_date d;
	chancery_registry *r;
	int opt, code = EXIT_OK, rc, timeline;

	while ((opt = next_option(c, argc, argv, "hf:o:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_FROM) {
			if (parse_date_arg("--from", optarg, &d) || d.form == CHANCERY_DATE_NONE)
				die_usage(c, "--from '%s': expected a date such as 2008 or 2008-08-26", optarg);
			from = d.lo;
		} else if (opt == OPT_TO) {
			if (parse_date_arg("--to", optarg, &d) || d.form == CHANCERY_DATE_NONE)
				die_usage(c, "--to '%s': expected a date such as 2026 or 2026-01-01", optarg);
			to = d.hi;
		} else if (opt == 'o') {
			output = optarg;
		}
	}
	if (optind >= argc)
		die_usage(c, "expected 'recognitions X' or 'timeline A B'");
	what = argv[optind];
	timeline = !strcmp(what, "timeline");
	if (!timeline && strcmp(what, "recognitions"))
		die_usage(c, "unknown chart '%s'; the charts are 'recognitions' and 'timeline'", what);
	if (optind + (timeline ? 3 : 2) != argc)
		die_usage(c, timeline ? "chart timeline takes two parties" : "chart recognitions takes one party");
	if (from != CHANCERY_DAY_MIN && to != CHANCERY_DAY_MAX && to < from)
		die_usage(c, "--to is before --from");
	{
		/* the dyad's events, or the party's recognitions, through the
		 * snapshot file */
		const struct persist_need need = {
			timeline ? PERSIST_DYAD : PERSIST_RECOGNITIONS,
			{ argv[optind + 1], timeline ? argv[optind + 2] : NULL },
			timeline ? 2 : 1,
			NULL,
			NULL,
		};
		r = load_registry_for(&o, &need, &code);
	}
	if (!r) {
		common_release(&o);
		return code;
	}
	if (timeline) {
		const struct chancery_party *a = resolve_party(r, argv[optind + 1]), *b;
		if (!a || !(b = resolve_party(r, argv[optind + 2]))) {
			code = EXIT_NOTFOUND;
			goto out;
		}
		rc = chart_timeline(r, a->id, b->id, from, to, &svg, &diags);
		strbuf_addf(&name, "%s-%s timeline.svg", a->short_name ? a->short_name : a->name,
			    b->short_name ? b->short_name : b->name);
	} else {
		const struct chancery_party *x = resolve_party(r, argv[optind + 1]);
		if (!x) {
			code = EXIT_NOTFOUND;
			goto out;
		}
		rc = chart_recognitions(r, x->id, from, to, &svg, &diags);
		strbuf_addf(&name, "%s recognitions chart.svg", x->short_name ? x->short_name : x->name);
	}
	report_diags(&diags);
	if (rc) {
		code = EXIT_NOTFOUND;
		goto out;
	}
	code = write_svg(output ? output : name.buf, common_db(&o), &svg);
out:
	chancery_diags_release(&diags);
	strbuf_release(&svg);
	strbuf_release(&name);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
