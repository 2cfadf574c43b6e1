/* util.c: option handling and loading shared by the subcommands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "store/store.h"
#include "base/strbuf.h"
#include "base/banned.h"

const char *global_db;
char **main_argv;

int common_option(struct common *o, int opt, const char *arg)
{
	switch (opt) {
	case 'D': o->db = arg; return 1;
	case 'K': o->known_on = arg; return 1;
	case 'I': o->parse.include_root = arg; return 1;
	case 'j': o->json = 1; return 1;
	case 'f':
		o->files = xrealloc(o->files, (o->n_files + 1) * sizeof(*o->files));
		o->files[o->n_files++] = arg;
		return 1;
	default: return 0;
	}
}

const char *common_db(const struct common *o)
{
	const char *env = getenv("CHANCERY_DB");
	if (o->db)
		return o->db;
	if (global_db)
		return global_db;
	if (env && *env)
		return env;
	return "chancery.db";
}

const char *author_or_default(const char *author)
{
	if (!author)
		author = getenv("CHANCERY_AUTHOR");
	if (!author || !*author)
		author = getenv("USER");
	if (!author || !*author)
		author = "unknown";
	return author;
}

void common_release(struct common *o)
{
	free(o->files);
	o->files = NULL;
	o->n_files = 0;
}

void die_usage(const struct command *c, const char *fmt, ...)
{
	va_list ap;
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(c, stderr);
	exit(EXIT_USAGE);
}

/* The name an option was given by, for a message: "-o" for a short one,
 * "--on" for a long one (val is what getopt_long put in optopt). */
static void option_name(const struct option *longopts, const char *shortopts, int val,
			const char *arg, struct strbuf *out)
{
	if (val > 0 && val < 128 && val != ':' && strchr(shortopts, val)) {
		strbuf_addf(out, "-%c", val);
		return;
	}
	for (const struct option *o = longopts; val && o->name; o++)
		if (o->val == val && !o->flag) {
			strbuf_addf(out, "--%s", o->name);
			return;
		}
	/* an unknown option: as written, without any "=value" */
	strbuf_add(out, arg, strcspn(arg, "="));
}

/* A common option (COMMON_LONG_OPTIONS: every command's getopt takes
 * them) given to a command whose help does not show it is refused, not
 * ignored: what a command takes is what its help says (issue 23). Here,
 * after getopt, so that an abbreviation ("--known") is caught too. */
static void refuse_unshown(const struct command *c, int opt)
{
	const char *flag = opt == 'j' ? "--json" : opt == 'f' ? "--file" : opt == 'I' ? "--include-root"
			 : opt == 'K' ? "--known-on" : NULL;
	struct strbuf flags = STRBUF_INIT, want = STRBUF_INIT;
	int shown;
	if (!flag)
		return;
	strbuf_addch(&flags, ' ');
	command_flags(c, &flags);
	strbuf_addch(&flags, ' ');
	strbuf_addf(&want, " %s ", flag);
	shown = strstr(flags.buf, want.buf) != NULL;
	strbuf_release(&flags);
	strbuf_release(&want);
	if (shown)
		return;
	if (opt == 'j')
		fprintf(stderr, "error: 'chancery %s' has no JSON answer: --json is not supported here\n",
			c->name);
	else
		fprintf(stderr, "error: 'chancery %s' does not take %s (see 'chancery %s --help')\n",
			c->name, flag, c->name);
	exit(EXIT_USAGE);
}

int next_option(const struct command *c, int argc, char **argv, const char *shortopts,
		const struct option *longopts)
{
	struct strbuf opts = STRBUF_INIT, name = STRBUF_INIT;
	int opt;
	opterr = 0;
	/* A leading ':' makes getopt tell a missing value (':') from an
	 * unknown option ('?'). */
	strbuf_addf(&opts, ":%s", shortopts);
	opt = getopt_long(argc, argv, opts.buf, longopts, NULL);
	if (opt == 'h') {
		print_usage(c, stdout);
		fflush(stdout);
		exit(ferror(stdout) ? EXIT_STORE : EXIT_OK);
	}
	if (opt == '?' || opt == ':') {
		option_name(longopts, shortopts, optopt, argv[optind - 1], &name);
		if (opt == ':')
			die_usage(c, "option '%s' needs a value", name.buf);
		die_usage(c, "option '%s' is not known", name.buf);
	}
	strbuf_release(&opts);
	refuse_unshown(c, opt);
	return opt;
}

void report_diags(const struct chancery_diags *d)
{
	chancery_diags_print(d, stderr);
}

int print_json(json_t *v)
{
	int ret = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(v);
	return ret ? EXIT_STORE : EXIT_OK;
}

int open_store(const struct common *o, unsigned flags, chancery_store **s,
	       struct chancery_diags *d)
{
	const char *db = common_db(o);
	if (chancery_store_is_url(db))
		return open_store_url(db, flags, s, d);
	if (!(flags & CHANCERY_STORE_CREATE) && access(db, F_OK) != 0) {
		chancery_diags_add(d, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "no store at '%s'; run 'chancery init' first, or give --db", db);
		return -CHANCERY_ESTORE;
	}
	return chancery_store_open(db, flags, s, d);
}

chancery_registry *load_registry(const struct common *o, int *exit_code)
{
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	chancery_registry *r = chancery_registry_new();
	int ret = 0;

	if (o->n_files) {
		if (o->known_on) {
			fprintf(stderr, "error: --known-on asks the store; it cannot go with --file\n");
			*exit_code = EXIT_USAGE;
			chancery_registry_free(r);
			return NULL;
		}
		for (size_t i = 0; i < o->n_files; i++) {
			int rc = chancery_ledger_parse_file_opts(r, o->files[i], &o->parse, &d);
			if (rc && !ret)
				ret = rc;
		}
		if (!ret)
			ret = chancery_registry_finish(r, &d);
	} else {
		chancery_store *s = NULL;
		ret = open_store(o, CHANCERY_STORE_READONLY, &s, &d);
		if (!ret) {
			ret = chancery_store_load(s, o->known_on, r, &d);
			chancery_store_close(s);
		}
	}
	report_diags(&d);
	chancery_diags_release(&d);
	if (ret) {
		/* from the store, an input error can only be --known-on's time */
		*exit_code = ret != -CHANCERY_EINPUT ? EXIT_STORE : o->n_files ? EXIT_DATA : EXIT_USAGE;
		chancery_registry_free(r);
		return NULL;
	}
	return r;
}

void check_from_to(const struct command *c, const char *from_arg, const struct chancery_date *from,
		   const char *to_arg, const struct chancery_date *to)
{
	/* only when every day --from may be is after every day --to may be:
	 * "--from 2009 --to 2009-06" is a fine range */
	if (chancery_date_before(to, from) == CHANCERY_YES && to->form && from->form)
		die_usage(c, "--from %s is after --to %s", from_arg, to_arg);
}

const struct chancery_party *resolve_party(const chancery_registry *r, const char *arg)
{
	const struct chancery_party *p = chancery_registry_find_party(r, arg);
	const struct chancery_party *near[3];
	size_t n;
	if (p)
		return p;
	n = chancery_registry_suggest_parties(r, arg, near, 3);
	fprintf(stderr, "error: unknown party '%s'", arg);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s'%s' (%s)", i ? ", " : "; did you mean ",
			near[i]->short_name ? near[i]->short_name : near[i]->name, near[i]->id);
	fputs(n ? "?\n" : "\n", stderr);
	return NULL;
}

int parse_date_arg(const char *option, const char *arg, struct chancery_date *out)
{
	const char *why;
	size_t where;
	char msg[160];
	if (chancery_date_parse(arg, strlen(arg), out, &why, &where) == 0)
		return 0;
	fprintf(stderr, "error: %s: %s (at character %zu)\n", option,
		chancery_date_explain(arg, strlen(arg), why, where, msg, sizeof(msg)), where + 1);
	return -1;
}

int parse_day_arg(const char *option, const char *arg, int32_t *day)
{
	struct chancery_date d;
	if (parse_date_arg(option, arg, &d))
		return -1;
	if (!chancery_date_is_day(&d)) {
		fprintf(stderr, "error: %s '%s': expected one day (YYYY-MM-DD); a month or a year "
				"can hold several answers\n",
			option, arg);
		return -1;
	}
	*day = d.lo;
	return 0;
}

/* ---- progress on a terminal (issue 23) ---- */

void progress(const char *cmd, const char *fmt, ...)
{
	static struct timespec t0;
	static int started;
	struct timespec now;
	va_list ap;
	if (!isatty(STDERR_FILENO))
		return; /* a script's stderr gets the results, not the steps */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!started) {
		t0 = now;
		started = 1;
	}
	fprintf(stderr, "chancery %s: %5.1f s  ", cmd,
		(double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
