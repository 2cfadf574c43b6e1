/* cmd_store.c: the commands that write or read the store as a whole:
 * init, import, export, history, log and verify. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "model/registry.h"
#include "store/store.h"
#include "server/server.h"
#include "base/strbuf.h"
#include "base/banned.h"

static int store_exit(int ret)
{
	return ret == -CHANCERY_EINPUT ? EXIT_DATA
	       : ret == -CHANCERY_ENOTFOUND ? EXIT_NOTFOUND
					    : EXIT_STORE;
}

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("init");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_store *s = NULL;
	int opt, ret, existed;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	existed = !chancery_store_is_url(common_db(&o)) && access(common_db(&o), F_OK) == 0;
	ret = open_store(&o, CHANCERY_STORE_CREATE, &s, &d);
	report_diags(&d);
	chancery_diags_release(&d);
	if (ret)
		return store_exit(ret);
	/* the store's own name for itself: a URL without its password */
	if (chancery_store_is_url(common_db(&o)))
		fprintf(stderr, "store ready at %s\n", chancery_store_path(s));
	else
		fprintf(stderr, "%s store %s\n", existed ? "using the existing" : "created",
			chancery_store_path(s));
	chancery_store_close(s);
	return EXIT_OK;
}

/* Open one side of a copy: a URL through open_store_url (chancery-full),
 * a file directly. */
static int open_side(const char *db, unsigned flags, chancery_store **s,
		     struct chancery_diags *d)
{
	if (chancery_store_is_url(db))
		return open_store_url(db, flags, s, d);
	if (!(flags & CHANCERY_STORE_CREATE) && access(db, F_OK) != 0) {
		chancery_diags_add(d, CHANCERY_ERROR, NULL, 0, 0, NULL, "no store at '%s'", db);
		return -CHANCERY_ESTORE;
	}
	return chancery_store_open(db, flags, s, d);
}

int cmd_copy(int argc, char **argv)
{
	enum { OPT_FROM = 1000, OPT_TO };
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("copy");
	const char *from = NULL, *to = NULL;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_store *a = NULL, *b = NULL;
	size_t rows = 0;
	int opt, ret;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1) {
		switch (opt) {
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		}
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (!from || !to)
		die_usage(c, "name both stores: --from STORE --to STORE");
	if (!strcmp(from, to))
		die_usage(c, "--from and --to name the same store");
	ret = open_side(from, CHANCERY_STORE_READONLY, &a, &d);
	if (!ret)
		ret = open_side(to, CHANCERY_STORE_CREATE, &b, &d);
	if (!ret)
		ret = chancery_store_copy(a, b, &rows, &d);
	if (!ret)
		fprintf(stderr, "copied %zu rows from %s to %s\n", rows, chancery_store_path(a),
			chancery_store_path(b));
	chancery_store_close(a);
	chancery_store_close(b);
	report_diags(&d);
	chancery_diags_release(&d);
	return ret ? store_exit(ret) : EXIT_OK;
}

int cmd_import(int argc, char **argv)
{
	enum { OPT_AUTHOR = 1000, OPT_SYNC, OPT_DRY_RUN, OPT_RECORDED_AT, OPT_FULL };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "sync", no_argument, NULL, OPT_SYNC },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "recorded-at", required_argument, NULL, OPT_RECORDED_AT },
		{ "full", no_argument, NULL, OPT_FULL },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("import");
	struct common o = { 0 };
	struct chancery_import_opts io = { 0 };
	struct chancery_import_stats st = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct strbuf origin = STRBUF_INIT;
	chancery_registry *r = chancery_registry_new();
	chancery_store *s = NULL;
	int opt, ret = 0, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		switch (opt) {
		case OPT_AUTHOR: io.author = optarg; break;
		case OPT_SYNC: io.sync = 1; break;
		case OPT_DRY_RUN: io.dry_run = 1; break;
		case OPT_RECORDED_AT: io.recorded_at = optarg; break;
		case OPT_FULL: io.full = 1; break;
		}
	}
	if (optind >= argc)
		die_usage(c, "no ledger file to import");
	io.author = author_or_default(io.author);

	for (int i = optind; i < argc; i++) {
		int rc;
		progress("import", "reading %s", argv[i]);
		rc = chancery_ledger_parse_file_opts(r, argv[i], &o.parse, &d);
		if (rc && !ret)
			ret = rc;
		if (i > optind)
			strbuf_addch(&origin, ' ');
		strbuf_addstr(&origin, argv[i]);
	}
	io.origin = origin.buf;
	if (!ret)
		ret = chancery_registry_finish(r, &d);
	if (ret) {
		code = ret == -CHANCERY_EINPUT ? EXIT_DATA : EXIT_STORE;
		goto out;
	}
	ret = open_store(&o, 0, &s, &d);
	if (ret) {
		code = store_exit(ret);
		goto out;
	}
	/* The store checks the files together with what it holds, under its
	 * write lock: no other import can slip in between. */
	io.check = chancery_check;
	progress("import", "%zu events, %zu treaties, %zu parties read; checking them with the store"
			   " and recording them", chancery_registry_event_count(r),
		 chancery_registry_treaty_count(r), chancery_registry_party_count(r));
	ret = import_with_snapshot(s, r, &io, &st, common_db(&o), &d);
	progress("import", "done");
	if (ret) {
		code = store_exit(ret);
		goto out;
	}
	if (o.json)
		code = print_json(server_import_json(common_db(&o), io.dry_run, &st));
out:
	report_diags(&d);
	if (code == EXIT_DATA)
		fprintf(stderr, "import failed: %zu error%s; the store is unchanged\n", d.errors,
			d.errors == 1 ? "" : "s");
	else if (code == EXIT_OK)
		fprintf(stderr, "%s %s: %zu added, %zu changed, %zu unchanged, %zu retracted%s\n",
			io.dry_run ? "would import" : "imported", origin.buf, st.added, st.changed,
			st.unchanged, st.retracted,
			d.warnings ? " (see the warnings above)" : "");
	chancery_diags_release(&d);
	chancery_store_close(s);
	chancery_registry_free(r);
	strbuf_release(&origin);
	common_release(&o);
	return code;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("export");
	struct common o = { 0 };
	const char *output = NULL;
	chancery_registry *r;
	int opt, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "hf:o:", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == 'o')
			output = optarg;
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (!(r = load_registry(&o, &code))) {
		common_release(&o);
		return code;
	}
	if (!output) {
		if (chancery_ledger_write(r, stdout))
			code = EXIT_STORE;
	} else {
		struct output_file out;
		code = output_open(&out, output, common_db(&o));
		if (!code && chancery_ledger_write(r, out.f)) {
			fprintf(stderr, "error: cannot write '%s': %s; it is left as it was\n", output,
				strerror(errno));
			output_abort(&out);
			code = EXIT_STORE;
		} else if (!code) {
			code = output_commit(&out);
		}
	}
	chancery_registry_free(r);
	common_release(&o);
	return code;
}

int cmd_history(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("history");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_store_version *v = NULL;
	chancery_store *s = NULL;
	char *treaty = NULL;
	size_t n = 0;
	int opt, ret, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind + 1 != argc)
		die_usage(c, "expected one id");
	ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
	if (!ret)
		ret = chancery_store_history(s, argv[optind], &v, &n, &treaty, &d);
	if (!ret && treaty && !o.json)
		printf("'%s' is an action of treaty '%s', part of its text: the treaty's versions\n",
		       argv[optind], treaty);
	if (ret) {
		code = store_exit(ret);
	} else if (o.json) {
		code = print_json(server_versions_json(v, n));
	} else {
		/* authors and origins are others' text: no byte of theirs may
		 * drive the reader's terminal */
		FILE *out = term_filtered(stdout);
		for (size_t i = 0; out && i < n; i++) {
			fprintf(out, "version %zu  recorded %s by %s%s%s%s\n", i + 1, v[i].recorded_at,
				v[i].author, v[i].origin ? " from " : "",
				v[i].origin ? v[i].origin : "", v[i].retracted ? "  (retracted)" : "");
			fprintf(out, "  %s", v[i].text);
			if (!*v[i].text || v[i].text[strlen(v[i].text) - 1] != '\n')
				fputc('\n', out);
		}
		if (!out || fclose(out))
			code = EXIT_STORE;
	}
	report_diags(&d);
	chancery_diags_release(&d);
	chancery_store_versions_free(v, n);
	free(treaty);
	chancery_store_close(s);
	return code;
}

int cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("log");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_store_record *v = NULL;
	chancery_store *s = NULL;
	size_t n = 0;
	int opt, ret, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
	if (!ret)
		ret = chancery_store_records(s, &v, &n, &d);
	if (ret) {
		code = store_exit(ret);
	} else if (o.json) {
		code = print_json(server_records_json(v, n));
	} else {
		/* authors, origins and reasons are others' text (history) */
		FILE *out = term_filtered(stdout);
		for (size_t i = 0; out && i < n; i++) {
			fprintf(out, "%lld  %s  %-12s %zu added, %zu changed, %zu retracted  %s\n",
				(long long)v[i].rec, v[i].recorded_at, v[i].author, v[i].added,
				v[i].changed, v[i].retracted, v[i].origin ? v[i].origin : "");
			if (v[i].original_at[0])
				fprintf(out, "    time amended from %s by %s at %s: %s\n",
					v[i].original_at, v[i].amended_by, v[i].amended_at,
					v[i].amend_reason);
		}
		if (!out || fclose(out))
			code = EXIT_STORE;
	}
	report_diags(&d);
	chancery_diags_release(&d);
	chancery_store_records_free(v, n);
	chancery_store_close(s);
	return code;
}

int cmd_amend_record(int argc, char **argv)
{
	enum { OPT_AUTHOR = 1000, OPT_RECORDED_AT, OPT_REASON };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "recorded-at", required_argument, NULL, OPT_RECORDED_AT },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("amend-record");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	const char *author = NULL, *at = NULL, *reason = NULL;
	chancery_store *s = NULL;
	char *end;
	long long rec;
	int opt, ret, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_AUTHOR)
			author = optarg;
		else if (opt == OPT_RECORDED_AT)
			at = optarg;
		else if (opt == OPT_REASON)
			reason = optarg;
	}
	if (optind + 1 != argc)
		die_usage(c, "expected one record number ('chancery log' lists them)");
	errno = 0;
	rec = strtoll(argv[optind], &end, 10);
	if (errno || *end || end == argv[optind] || rec < 1)
		die_usage(c, "'%s' is not a record number ('chancery log' lists them)",
			  argv[optind]);
	if (!at)
		die_usage(c, "--recorded-at TIME is required: the record's right time");
	if (!reason || !*reason)
		die_usage(c, "--reason TEXT is required: the audit trail says why");
	author = author_or_default(author);
	ret = open_store(&o, 0, &s, &d);
	if (!ret)
		ret = chancery_store_amend_record(s, rec, at, author, reason, &d);
	if (ret)
		code = store_exit(ret);
	else
		fprintf(stderr, "amended record %lld: recorded at %s\n", rec, at);
	report_diags(&d);
	chancery_diags_release(&d);
	chancery_store_close(s);
	common_release(&o);
	return code;
}

/* chancery verify: the whole store against its hashes and chain
 * (src/store/integrity.c). Exit 0 whole, 1 damaged, 3 unreadable. */
int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("verify");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct chancery_store_check k = { 0 };
	chancery_store *s = NULL;
	char chain[65] = "";
	int opt, ret, code = EXIT_OK;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
	if (!ret)
		ret = chancery_store_verify(s, &k, &d);
	if (ret < 0) {
		code = EXIT_STORE; /* unreadable, or no hashes to verify */
	} else {
		for (int i = 0; k.has_chain && i < 32; i++)
			snprintf(chain + 2 * i, 3, "%02x", k.chain[i]);
		if (o.json)
			code = print_json(json_pack("{s:b, s:I, s:I, s:I, s:s?}", "whole", !ret,
						    "records", (json_int_t)k.records, "facts",
						    (json_int_t)k.facts, "problems",
						    (json_int_t)k.problems, "chain",
						    k.has_chain ? chain : NULL));
		else if (!ret)
			printf("whole: %lld records, %lld facts; the last record's chain is %s\n",
			       (long long)k.records, (long long)k.facts,
			       k.has_chain ? chain : "(no records)");
		else
			printf("damaged: %zu problems in %lld records, %lld facts (above); restore"
			       " the store from a backup that verifies\n",
			       k.problems, (long long)k.records, (long long)k.facts);
		if (ret && code == EXIT_OK)
			code = EXIT_DATA;
	}
	report_diags(&d);
	chancery_diags_release(&d);
	chancery_store_close(s);
	common_release(&o);
	return code;
}

/* chancery publish OUT: the store without its accounts, for a download or
 * a read-only server (docs/schema.md, "Publishing"). */
int cmd_publish(int argc, char **argv)
{
	static const struct option longopts[] = { COMMON_LONG_OPTIONS, { NULL, 0, NULL, 0 } };
	const struct command *c = find_command("publish");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_store *s = NULL;
	size_t rows = 0;
	int opt, ret;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1)
		common_option(&o, opt, optarg);
	if (optind + 1 != argc)
		die_usage(c, "expected one file to write: chancery publish OUT.db");
	ret = open_store(&o, CHANCERY_STORE_READONLY, &s, &d);
	if (!ret)
		ret = chancery_store_publish(s, argv[optind], &rows, &d);
	if (!ret)
		fprintf(stderr, "published %s to %s: %zu rows, no accounts\n", chancery_store_path(s),
			argv[optind], rows);
	chancery_store_close(s);
	report_diags(&d);
	chancery_diags_release(&d);
	common_release(&o);
	return ret == -CHANCERY_EINPUT ? EXIT_USAGE : ret ? EXIT_STORE : EXIT_OK;
}
