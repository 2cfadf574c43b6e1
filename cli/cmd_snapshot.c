/* cmd_snapshot.c: the snapshot file beside the store (docs/snapshot.md):
 * the `snapshot` command that builds or checks it, and the loading of a
 * query's registry through it, so that a query on a large store reads
 * only the facts its answer rests on. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "persist/persist.h"
#include "store/store.h"
#include "base/banned.h"

chancery_registry *load_registry_for(const struct common *o, const struct persist_need *need,
				     int *exit_code)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	struct persist_report rep;
	chancery_registry *r = NULL;
	chancery_store *s = NULL;
	int report, ret;

	/* --file and --known-on read what they always read */
	if (o->n_files || o->known_on)
		return load_registry(o, exit_code);
	ret = open_store(o, CHANCERY_STORE_READONLY, &s, &d);
	if (!ret)
		ret = persist_load(s, common_db(o), need, persist_wanted(common_db(o), &report) ? 0 : PERSIST_NO_FILE,
				   &r, &rep, &d);
	chancery_store_close(s);
	report_diags(&d);
	chancery_diags_release(&d);
	if (ret) {
		*exit_code = ret == -CHANCERY_EINPUT ? EXIT_USAGE : EXIT_STORE;
		return NULL;
	}
	if (report && rep.used && rep.delta)
		fprintf(stderr, "snapshot: used, with %zu facts the store recorded since; %zu facts"
				" loaded\n",
			rep.delta, rep.facts_loaded);
	else if (report)
		fprintf(stderr, "snapshot: %s%s%s%s; %zu facts loaded\n",
			rep.used ? "used" : "not used", rep.used ? "" : " (",
			rep.used ? "" : rep.why, rep.used ? "" : ")", rep.facts_loaded);
	if (report && rep.rebuilt)
		fprintf(stderr, "snapshot: rebuilt\n");
	return r;
}

struct after_import {
	const char *db;
	int report;
};

static void write_after_import(const chancery_registry *current,
			       const struct chancery_store_texts *texts, void *ctx)
{
	const struct after_import *a = ctx;
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	if (persist_write(a->db, current, texts, &d)) {
		/* the import stands; the next query tries again */
		for (size_t i = 0; i < d.n; i++)
			d.v[i].severity = CHANCERY_WARNING;
		report_diags(&d);
	} else if (a->report) {
		fprintf(stderr, "snapshot: rebuilt\n");
	}
	chancery_diags_release(&d);
}

/* The store's facts an import of a few facts touches, through the
 * snapshot file (chancery_import_opts.context). */
static int closure_of(chancery_store *s, const chancery_registry *r, chancery_registry **out,
		      void *ctx, struct chancery_diags *diags)
{
	return persist_closure(s, ctx, r, out, diags);
}

int import_with_snapshot(chancery_store *s, const chancery_registry *r,
			 const struct chancery_import_opts *opts, struct chancery_import_stats *st,
			 const char *db, struct chancery_diags *d)
{
	struct after_import a = { db, 0 };
	struct chancery_import_opts io = *opts;
	int ret;
	if (!persist_wanted(a.db, &a.report))
		return chancery_store_import(s, r, &io, st, d);
	/* a few facts are checked with what they touch, and the file follows
	 * the store by itself; a large import rewrites it from what it holds */
	io.context = closure_of;
	io.context_ctx = (void *)db;
	if (io.dry_run)
		return chancery_store_import(s, r, &io, st, d);
	ret = chancery_store_import_keep(s, r, &io, st, write_after_import, &a, d);
	if (!ret && st->partial && persist_far_behind(s, db)) {
		/* the queries would read too much from the store: the importer
		 * pays for the rewrite, once in many edits */
		size_t facts, bytes;
		struct chancery_diags quiet = CHANCERY_DIAGS_INIT;
		if (!persist_rebuild(s, db, &facts, &bytes, &quiet) && a.report)
			fprintf(stderr, "snapshot: rebuilt\n");
		chancery_diags_release(&quiet);
	}
	return ret;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_snapshot(int argc, char **argv)
{
	enum { OPT_CHECK = 1000 };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *c = find_command("snapshot");
	struct common o = { 0 };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_store *s = NULL;
	struct timespec t0;
	int opt, check = 0, ret, code = EXIT_OK;
	char *path;

	while ((opt = next_option(c, argc, argv, "h", longopts)) != -1) {
		if (common_option(&o, opt, optarg))
			continue;
		if (opt == OPT_CHECK)
			check = 1;
	}
	if (optind < argc)
		die_usage(c, "unexpected argument '%s'", argv[optind]);
	if (chancery_store_is_url(common_db(&o)) && !persist_wanted(common_db(&o), NULL)) {
		fprintf(stderr, "error: no snapshot file for a PostgreSQL store here: it is kept in"
				" this machine's cache directory ($CHANCERY_CACHE, else"
				" $XDG_CACHE_HOME or $HOME), with $CHANCERY_SNAPSHOT not off\n");
		return EXIT_USAGE;
	}
	path = persist_snapshot_path(common_db(&o));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = open_store(&o, check ? CHANCERY_STORE_READONLY : 0, &s, &d);
	if (!ret && check) {
		char why[200];
		ret = persist_check(s, common_db(&o), why, sizeof(why), &d);
		if (ret == 1) {
			/* behind: whole, and the queries read the rest from the
			 * store; otherwise the next query rebuilds it */
			fprintf(stderr, "%s: %s%s\n", path, why,
				strncmp(why, "behind", 6) ? "; a query would rebuild it" : "");
			code = EXIT_DATA;
			ret = 0;
		} else if (!ret) {
			fprintf(stderr, "%s: current and whole\n", path);
		}
	} else if (!ret) {
		size_t facts, bytes;
		progress("snapshot", "loading the store and writing %s", path);
		ret = persist_rebuild(s, common_db(&o), &facts, &bytes, &d);
		if (!ret)
			fprintf(stderr, "wrote %s: %zu facts, %.1f MB in %.2f s\n", path, facts,
				(double)bytes / 1e6, seconds_since(&t0));
	}
	chancery_store_close(s);
	report_diags(&d);
	chancery_diags_release(&d);
	if (ret)
		code = EXIT_STORE;
	free(path);
	common_release(&o);
	return code;
}
