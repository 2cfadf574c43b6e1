/* cmd_panel.c: 'chancery panel dyad-year|state-year': a research panel of
 * the state system with the diplomacy columns, as CSV, or as a Stata or
 * SPSS file by the name of -o (docs/panels.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/strbuf.h"
#include "base/banned.h"

static const struct {
	const char *name;
	unsigned bit;
} column_names[] = {
	{ "names", CHANCERY_COL_NAMES },       { "recognition", CHANCERY_COL_RECOGNITION },
	{ "relations", CHANCERY_COL_RELATIONS }, { "missions", CHANCERY_COL_MISSIONS },
	{ "envoys", CHANCERY_COL_ENVOYS },     { "treaties", CHANCERY_COL_TREATIES },
	{ "all", CHANCERY_COL_ALL },	       { "none", 0 },
};

static int parse_columns(const struct command *c, const char *arg, unsigned *out)
{
	const char *p = arg;
	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ","), k;
		for (k = 0; k < sizeof(column_names) / sizeof(*column_names); k++)
			if (strlen(column_names[k].name) == n && !memcmp(column_names[k].name, p, n))
				break;
		if (k == sizeof(column_names) / sizeof(*column_names))
			die_usage(c, "--columns: unknown column group '%.*s'; expected names,"
				     " recognition, relations, missions, envoys, treaties, all or none",
				  (int)n, p);
		*out |= column_names[k].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* The format -o FILE asks for by its name: FILE.dta Stata, FILE.sav SPSS. */
static int format_of(const char *path)
{
	size_t n = path ? strlen(path) : 0;
	if (n > 4 && !strcmp(path + n - 4, ".dta"))
		return PANEL_STATA;
	if (n > 4 && !strcmp(path + n - 4, ".sav"))
		return PANEL_SPSS;
	return PANEL_CSV;
}

static int parse_year(const struct command *c, const char *opt, const char *arg)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < 1 || v > 9999)
		die_usage(c, "%s '%s': expected a year from 1 to 9999", opt, arg);
	return (int)v;
}

int cmd_panel(int argc, char **argv)
{
	enum { OPT_FROM = 1000, OPT_TO, OPT_DIRECTED, OPT_UNDIRECTED, OPT_SYSTEM, OPT_ON,
	       OPT_COLUMNS };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "directed", no_argument, NULL, OPT_DIRECTED },
		{ "undirected", no_argument, NULL, OPT_UNDIRECTED },
		{ "system", required_argument, NULL, OPT_SYSTEM },
		{ "on", required_argument, NULL, OPT_ON },
		{ "columns", required_argument, NULL, OPT_COLUMNS },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("panel");
	struct chancery_panel_opts po = { .from = 1816,
					  .to = 2024,
					  .system = CHANCERY_SYSTEM_COW,
					  .on = CHANCERY_PANEL_ANY,
					  .directed = 1,
					  .columns = CHANCERY_COL_ALL };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct common o = { 0 };
	const char *output = NULL, *what;
	struct output_file of;
	chancery_registry *r;
	chancery_panel *p = NULL;
	int opt, code = EXIT_OK, ret, format;

	while ((opt = next_option(c, argc, argv, "hf:o:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FROM: po.from = parse_year(c, "--from", optarg); break;
		case OPT_TO: po.to = parse_year(c, "--to", optarg); break;
		case OPT_DIRECTED: po.directed = 1; break;
		case OPT_UNDIRECTED: po.directed = 0; break;
		case OPT_SYSTEM:
			if (!strcmp(optarg, "cow"))
				po.system = CHANCERY_SYSTEM_COW;
			else if (!strcmp(optarg, "gw"))
				po.system = CHANCERY_SYSTEM_GW;
			else
				die_usage(c, "--system '%s': expected cow or gw", optarg);
			break;
		case OPT_ON:
			if (!strcmp(optarg, "any"))
				po.on = CHANCERY_PANEL_ANY;
			else if (!strcmp(optarg, "jan1"))
				po.on = CHANCERY_PANEL_JAN1;
			else if (!strcmp(optarg, "dec31"))
				po.on = CHANCERY_PANEL_DEC31;
			else if (strlen(optarg) == 5 && optarg[2] == '-' &&
				 sscanf(optarg, "%2d-%2d", &po.month, &po.mday) == 2 &&
				 chancery_ymd_valid(2000, po.month, po.mday))
				po.on = CHANCERY_PANEL_DAY; /* a day of every year: 06-01 */
			else
				die_usage(c, "--on '%s': expected any, jan1, dec31 or a day MM-DD",
					  optarg);
			break;
		case OPT_COLUMNS: parse_columns(c, optarg, &po.columns); break;
		case 'o': output = optarg; break;
		}
	}
	if (optind >= argc)
		die_usage(c, "expected dyad-year or state-year");
	what = argv[optind];
	if (strcmp(what, "dyad-year") && strcmp(what, "state-year"))
		die_usage(c, "'%s': expected dyad-year or state-year", what);
	if (optind + 1 < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind + 1]);
	if (po.from > po.to)
		die_usage(c, "--from %d is after --to %d", po.from, po.to);
	if ((format = format_of(output)) != PANEL_CSV) {
#ifdef CHANCERY_LEAN
		/* ReadStat is chancery-full's */
		common_release(&o);
		return exec_full();
#endif
	}
	progress("panel", "loading the registry");
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	progress("panel", "building the %s panel of %d-%d", what, po.from, po.to);
	ret = chancery_panel_build(r, &po, &p, &d);
	report_diags(&d);
	chancery_diags_release(&d);
	if (ret) {
		code = EXIT_DATA;
		goto out;
	}
	if (!chancery_panel_state_years(p))
		fprintf(stderr, "warning: no member states in %d-%d: the registry has no %s"
				" membership (run 'chancery import-states', docs/import.md)\n",
			po.from, po.to, po.system == CHANCERY_SYSTEM_GW ? "GW" : "COW");
	if (output && (code = output_open(&of, output, common_db(&o))))
		goto out;
	progress("panel", "writing it");
#ifndef CHANCERY_LEAN
	if (format != PANEL_CSV)
		ret = panel_write_readstat(p, !strcmp(what, "dyad-year"), format, of.f, output) ? -2 : 0;
	else
#endif
		ret = !strcmp(what, "dyad-year")
			      ? chancery_panel_write_dyad_years(p, output ? of.f : stdout)
			      : chancery_panel_write_state_years(p, output ? of.f : stdout);
	if (output && ret) {
		if (ret != -2) /* else said */
			fprintf(stderr, "error: cannot write '%s': %s\n", output, strerror(errno));
		output_abort(&of);
		code = EXIT_STORE;
	} else if (output) {
		code = output_commit(&of);
	} else if (ret) {
		code = EXIT_STORE;
	}
out:
	chancery_panel_free(p);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
