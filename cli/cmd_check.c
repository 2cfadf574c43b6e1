/* cmd_check.c: check and fmt, the commands that read ledger files
 * without recording them. */
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "publish/json.h"
#include "base/banned.h"

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("check");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	int opt, ret = 0, code, unreadable = 0;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1)
		common_option(&o, opt, optarg);
	for (int i = optind; i < argc; i++) {
		o.files = realloc(o.files, (o.n_files + 1) * sizeof(*o.files));
		o.files[o.n_files++] = argv[i];
	}
	if (o.n_files) {
		for (size_t i = 0; i < o.n_files; i++) {
			int rc = chancery_ledger_parse_file_opts(r, o.files[i], &o.parse, &d);
			if (rc && !ret)
				ret = rc;
			if (rc == -CHANCERY_EIO)
				unreadable = 1;
		}
	} else {
		chancery_store *s = NULL;
		ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
		if (!ret) {
			ret = chancery_store_load(s, o.known_on, r, &d);
			chancery_store_close(s);
		}
		if (ret && ret != -CHANCERY_EINPUT) {
			report_diags(&d);
			chancery_diags_release(&d);
			chancery_registry_free(r);
			common_release(&o);
			return EXIT_STORE;
		}
	}
	/* Check what parsed even when some lines failed, so that one run
	 * shows every problem. */
	chancery_registry_finish(r, &d);
	chancery_check(r, &d);
	code = unreadable ? EXIT_STORE : d.errors ? EXIT_DATA : EXIT_OK;
	if (o.json) {
		json_t *v = json_pack("{s:b, s:I, s:I, s:o, s:{s:I, s:I, s:I, s:I, s:I}}", "ok",
				      !d.errors, "errors", (json_int_t)d.errors, "warnings",
				      (json_int_t)d.warnings, "diagnostics", json_diags(&d), "counts",
				      "parties", (json_int_t)chancery_registry_party_count(r),
				      "persons", (json_int_t)chancery_registry_person_count(r),
				      "sources", (json_int_t)chancery_registry_source_count(r), "events",
				      (json_int_t)chancery_registry_event_count(r), "treaties",
				      (json_int_t)chancery_registry_treaty_count(r));
		if (print_json(v))
			code = EXIT_STORE;
	} else {
		report_diags(&d);
		fprintf(stderr,
			"%s: %zu parties, %zu persons, %zu sources, %zu events, %zu treaties; %zu error%s, %zu warning%s\n",
			d.errors ? "failed" : "ok", chancery_registry_party_count(r),
			chancery_registry_person_count(r), chancery_registry_source_count(r),
			chancery_registry_event_count(r), chancery_registry_treaty_count(r), d.errors,
			d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
	}
	chancery_diags_release(&d);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_fmt(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("fmt");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	int opt, ret = 0, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind >= argc)
		die_usage(c, "no ledger file to format");
	for (int i = optind; i < argc; i++) {
		int rc = chancery_ledger_parse_file_opts(r, argv[i], &o.parse, &d);
		if (rc && !ret)
			ret = rc;
	}
	if (!ret)
		ret = chancery_registry_finish(r, &d);
	report_diags(&d);
	if (ret)
		code = ret == -CHANCERY_EINPUT ? EXIT_DATA : EXIT_STORE;
	else if (chancery_ledger_write(r, stdout))
		code = EXIT_STORE;
	chancery_diags_release(&d);
	chancery_registry_free(r);
	common_release(&o);
	return code;
}
