/* cmd_import_data.c: import-states, import-treaties, import-missions,
 * import-envoys, import-rdcr, import-dipcon and import-korea-ties: read a public data set (src/import/), check its facts
 * with what the store holds, leave out the rows the checks refuse (each
 * reported with its file and line), and record the rest in one
 * transaction, or write them as a ledger with -o (docs/import.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "import/import.h"
#include "model/registry.h"
#include "base/strbuf.h"
#include "base/banned.h"

#define GENERATED "(import)"

static void show_progress(const char *path, size_t rows, int done)
{
	fprintf(stderr, "\r%s: %zu rows%s", path, rows, done ? "\n" : "");
	fflush(stderr);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* Move the errors of d that name a generated line into job's skip list
 * as bad rows (warnings at the row's file:line); returns how many, or -1
 * when an error names no row (then it stays an error). */
static long errors_to_rows(struct import_job *job, struct chancery_diags *d,
			   struct chancery_diags *out, uint64_t **skip, size_t *n_skip,
			   size_t *alloc_skip)
{
	long moved = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct chancery_diag *g = &d->v[i];
		const char *file;
		unsigned row, fileno = 0;
		if (g->severity != CHANCERY_ERROR)
			continue; /* the checks' warnings on imported facts say nothing new */
		if (!g->file || strcmp(g->file, GENERATED) ||
		    !import_line_row(job, g->line, &file, &row)) {
			chancery_diags_add(out, CHANCERY_ERROR, g->file, g->line, g->col, g->line_text,
					   "%s", g->message);
			return -1;
		}
		for (size_t f = 0; f < job->n_files; f++)
			if (job->files[f] == file)
				fileno = (unsigned)f + 1;
		chancery_diags_add(out, CHANCERY_WARNING, file, row, 0, NULL, "%s; row left out",
				   g->message);
		ALLOC_GROW(*skip, *n_skip + 1, *alloc_skip);
		(*skip)[(*n_skip)++] = ((uint64_t)fileno << 32) | row;
		moved++;
	}
	if (*n_skip > 1)
		qsort(*skip, *n_skip, sizeof(**skip), cmp_u64);
	return moved;
}

struct data_opts {
	struct common o;
	struct chancery_import_opts io;
	const char *output;
	int strict;
};

static chancery_registry *load_known(struct data_opts *opt, chancery_store **s, int *code,
				     struct chancery_diags *d)
{
	chancery_registry *r;
	int ret;
	if (opt->o.n_files || (opt->output && access(common_db(&opt->o), F_OK) != 0)) {
		/* -o with no store: the --file ledgers, or nothing, are what is known */
		if (!opt->o.n_files)
			return chancery_registry_new();
		return load_registry(&opt->o, code);
	}
	r = chancery_registry_new();
	ret = open_store(&opt->o, opt->output ? CHANCERY_STORE_READONLY : 0, s, d);
	if (!ret)
		ret = chancery_store_load(*s, NULL, r, d);
	if (ret) {
		*code = ret == -CHANCERY_EINPUT ? EXIT_DATA : EXIT_STORE;
		chancery_registry_free(r);
		return NULL;
	}
	return r;
}

/* The facts as a ledger to -o FILE ('-': stdout), through the same safe
 * output as export's (cli/output.c: never over the store, whole or not at
 * all). */
static int write_ledger(const char *output, const char *store, const chancery_registry *r)
{
	struct output_file of;
	int code;
	if ((code = output_open(&of, output, store)))
		return code;
	if (chancery_ledger_write(r, of.f)) {
		fprintf(stderr, "error: cannot write '%s': %s\n", output, strerror(errno));
		output_abort(&of);
		return EXIT_STORE;
	}
	return output_commit(&of);
}

static int run_import(const struct command *c, enum import_kind kind, int argc, char **argv)
{
	enum { OPT_AUTHOR = 1000, OPT_DRY_RUN, OPT_RECORDED_AT, OPT_STRICT, OPT_ISO };
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "recorded-at", required_argument, NULL, OPT_RECORDED_AT },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "iso-codes", required_argument, NULL, OPT_ISO },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct data_opts opt = { 0 };
	struct import_job job = IMPORT_JOB_INIT;
	struct chancery_diags d = CHANCERY_DIAGS_INIT, bad = CHANCERY_DIAGS_INIT;
	struct chancery_import_stats st = { 0 };
	struct strbuf origin = STRBUF_INIT;
	chancery_registry *known = NULL, *gen = NULL;
	chancery_store *s = NULL;
	uint64_t *skip = NULL;
	size_t n_skip = 0, alloc_skip = 0;
	int opt_c, ret, code = EXIT_OK;

	while ((opt_c = next_option(c, argc, argv, "hf:o:", longopts)) != -1) {
		if (common_option(&opt.o, opt_c, optarg))
			continue;
		switch (opt_c) {
		case OPT_AUTHOR: opt.io.author = optarg; break;
		case OPT_DRY_RUN: opt.io.dry_run = 1; break;
		case OPT_RECORDED_AT: opt.io.recorded_at = optarg; break;
		case OPT_STRICT: opt.strict = 1; break;
		case OPT_ISO: job.iso_path = optarg; break;
		case 'o': opt.output = optarg; break;
		}
	}
	if (optind >= argc)
		die_usage(c, "no file to import");
	if (!opt.io.author)
		opt.io.author = getenv("CHANCERY_AUTHOR");
	if (!opt.io.author || !*opt.io.author)
		opt.io.author = getenv("USER");
	if (!opt.io.author || !*opt.io.author)
		opt.io.author = "unknown";
	for (int i = optind; i < argc; i++)
		strbuf_addf(&origin, "%s%s", i > optind ? " " : "", argv[i]);
	opt.io.origin = origin.buf;

	if (!(known = load_known(&opt, &s, &code, &d)))
		goto out;
	job.kind = kind;
	job.known = known;
	job.diags = &bad;
	job.progress = isatty(STDERR_FILENO) ? show_progress : NULL;

	/* Read, parse and check; the rows a check refuses are left out and
	 * the rest read again, until the checks pass. Each pass leaves out
	 * at least one more row, so this ends. */
	for (;;) {
		struct chancery_diags pass = CHANCERY_DIAGS_INIT;
		long moved;
		chancery_diags_release(&bad);
		job.skip = skip;
		job.n_skip = n_skip;
		ret = import_run(&job, (const char *const *)argv + optind, (size_t)(argc - optind));
		if (ret) {
			code = ret == -CHANCERY_EIO ? EXIT_STORE : EXIT_DATA;
			goto out;
		}
		chancery_registry_free(gen);
		gen = chancery_registry_new();
		chancery_ledger_parse_buffer(gen, GENERATED, job.out.buf, job.out.len, &pass);
		if (!pass.errors) {
			chancery_registry_finish(gen, &pass);
			if (!pass.errors)
				registry_add_missing(gen, known, &pass);
			if (!pass.errors)
				chancery_check(gen, &pass);
		}
		moved = errors_to_rows(&job, &pass, &d, &skip, &n_skip, &alloc_skip);
		chancery_diags_release(&pass);
		if (moved < 0) {
			code = EXIT_DATA;
			goto out;
		}
		if (!moved)
			break;
	}
	/* The rows left out by the checks, as bad rows of this pass. */
	for (size_t i = 0; i < d.n; i++)
		chancery_diags_add(&bad, d.v[i].severity, d.v[i].file, d.v[i].line, 0, NULL, "%s",
				   d.v[i].message);
	job.bad += n_skip;
	chancery_diags_release(&d);
	if (opt.strict && job.bad) {
		chancery_diags_print(&bad, stderr);
		fprintf(stderr, "import failed (--strict): %zu bad row%s; nothing imported\n", job.bad,
			job.bad == 1 ? "" : "s");
		code = EXIT_DATA;
		goto done;
	}
	chancery_diags_print(&bad, stderr);
	if (job.unmatched.len)
		fprintf(stderr, "matched no party:\n%s", job.unmatched.buf);
	if (!job.facts) {
		/* a header and no rows (or only bad ones): its source alone would
		 * cite nothing */
		fprintf(stderr, "error: %s: no facts to import (%zu rows, %zu left out); nothing %s\n",
			origin.buf, job.rows, job.bad, opt.output ? "written" : "imported");
		code = EXIT_DATA;
		goto done;
	}
	{
		/* Only what the files say: the facts of the last pass. The store
		 * checks them once more with what it holds, under its write lock
		 * (another import may have come in since the passes above). */
		chancery_registry *mine = chancery_registry_new();
		chancery_ledger_parse_buffer(mine, GENERATED, job.out.buf, job.out.len, &d);
		chancery_registry_finish(mine, &d);
		if (d.errors) {
			code = EXIT_DATA;
		} else if (opt.output) {
			code = write_ledger(opt.output, common_db(&opt.o), mine);
		} else {
			opt.io.check = chancery_check;
			ret = import_with_snapshot(s, mine, &opt.io, &st, common_db(&opt.o), &d);
			if (ret)
				code = ret == -CHANCERY_EINPUT ? EXIT_DATA : EXIT_STORE;
		}
		chancery_registry_free(mine);
	}
	if (code == EXIT_OK)
		fprintf(stderr, "%s %s: %zu rows, %zu facts, %zu bad row%s left out%s",
			opt.output ? "wrote" : opt.io.dry_run ? "would import" : "imported",
			origin.buf, job.rows, job.facts, job.bad, job.bad == 1 ? "" : "s",
			opt.output ? "\n" : "; ");
	if (code == EXIT_OK && !opt.output)
		fprintf(stderr, "%zu added, %zu changed, %zu unchanged\n", st.added, st.changed,
			st.unchanged);
	goto done;
out:
	chancery_diags_print(&bad, stderr);
done:
	report_diags(&d);
	chancery_diags_release(&d);
	chancery_diags_release(&bad);
	import_job_release(&job);
	chancery_registry_free(gen);
	chancery_registry_free(known);
	chancery_store_close(s);
	free(skip);
	strbuf_release(&origin);
	common_release(&opt.o);
	return code;
}

int cmd_import_states(int argc, char **argv)
{
	return run_import(find_command("import-states"), IMPORT_STATES, argc, argv);
}

int cmd_import_treaties(int argc, char **argv)
{
	return run_import(find_command("import-treaties"), IMPORT_TREATIES, argc, argv);
}

int cmd_import_missions(int argc, char **argv)
{
	return run_import(find_command("import-missions"), IMPORT_MISSIONS, argc, argv);
}

int cmd_import_envoys(int argc, char **argv)
{
	return run_import(find_command("import-envoys"), IMPORT_ENVOYS, argc, argv);
}

int cmd_import_rdcr(int argc, char **argv)
{
	return run_import(find_command("import-rdcr"), IMPORT_RDCR, argc, argv);
}

int cmd_import_dipcon(int argc, char **argv)
{
	return run_import(find_command("import-dipcon"), IMPORT_DIPCON, argc, argv);
}

int cmd_import_korea_ties(int argc, char **argv)
{
	return run_import(find_command("import-korea-ties"), IMPORT_KOREA_TIES, argc, argv);
}
