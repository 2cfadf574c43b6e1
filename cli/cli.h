/* cli.h: what the subcommands share: the command table, exit codes, the
 * options every command takes, and getting a registry from the store or
 * from ledger files. Only main.c and cmd_*.c exit. */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdio.h>

#include "chancery.h"

/* Exit codes (docs/cli.md). */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,     /* the input is invalid, or a check failed */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_STORE = 3,    /* the store or a file could not be read or written */
	EXIT_NOTFOUND = 4, /* an id, a party or a command named nothing */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;   /* after "chancery NAME " */
	const char *summary; /* one line */
	const char *help;    /* the options, one per line */
	unsigned flags;      /* CMD_JSON */
};
/* The command answers with data and takes --json for it; every other
 * command refuses --json (exit 2) rather than ignore it (issue 23). */
#define CMD_JSON 1u
/* A step of a long command (import, panel, snapshot) on stderr, with the
 * seconds since the first: "chancery import:   2.1 s  checking ...". Only
 * when stderr is a terminal (util.c). */
void progress(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct strbuf;
/* A command's help text as --help, the man page and the completions show
 * it: c->help with, for a CMD_JSON command, the --json line (main.c). */
void command_help(const struct command *c, struct strbuf *out);
/* The flags that help shows, space-separated ("-f --file --known-on ...";
 * docs_gen.c). next_option refuses a common option (--json, --file,
 * --include-root, --known-on) that a command's help does not show: what a
 * command takes is what its help says. */
void command_flags(const struct command *c, struct strbuf *out);

/* The subcommands, one function each (cmd_*.c). */
int cmd_init(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_parties(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_amend_record(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_recognitions(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_treaties(int argc, char **argv);
int cmd_treaty(int argc, char **argv);
int cmd_dyads(int argc, char **argv);
int cmd_article(int argc, char **argv);
/* maps and charts (issue 10) */
int cmd_map(int argc, char **argv);
int cmd_chart(int argc, char **argv);
/* The world (issue 12): cmd_import_data.c, cmd_panel.c. */
int cmd_import_states(int argc, char **argv);
int cmd_import_treaties(int argc, char **argv);
int cmd_import_missions(int argc, char **argv);
int cmd_import_envoys(int argc, char **argv);
int cmd_import_rdcr(int argc, char **argv);
int cmd_import_dipcon(int argc, char **argv);
int cmd_import_korea_ties(int argc, char **argv);
int cmd_panel(int argc, char **argv);
/* The man page chancery(1) and the bash or zsh completion script, from the
 * command table (docs_gen.c): `chancery --man`, `--completion SHELL`.
 * Return 0, or -1 (an unknown shell, a write error). */
int print_man_page(FILE *out);
int print_completion(FILE *out, const char *shell);
/* The panel as a Stata (.dta, format 118) or SPSS (.sav) file, into out
 * (named path in messages), through ReadStat (cli/panel_readstat.c; only in
 * chancery-full). Returns 0, or -1 with a message on stderr. */
enum { PANEL_CSV, PANEL_STATA, PANEL_SPSS };
int panel_write_readstat(const chancery_panel *p, int dyad_year, int format, FILE *out,
			 const char *path);
#ifdef CHANCERY_LEAN
/* Run chancery-full with this program's arguments (cli/exec_full.c);
 * returns only on failure, with an exit code. */
int exec_full(void);
#endif
/* The HTTP server and its accounts (issue 11). */
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);

extern const struct command commands[];
const struct command *find_command(const char *name);
/* Print "usage: chancery NAME ..." and the help to out. */
void print_usage(const struct command *c, FILE *out);

/* Options every command takes. */
struct common {
	const char *db;       /* --db, else $CHANCERY_DB, else chancery.db */
	const char *known_on; /* --known-on */
	const char **files;   /* --file, repeatable: read ledgers instead of the store */
	size_t n_files;
	struct chancery_parse_opts parse; /* --include-root */
	int json;
};

extern const char *global_db; /* --db given before the command */
extern char **main_argv;      /* the whole command line (exec_full.c) */

/* Handle an option common to all commands; returns 1 if it was one. */
int common_option(struct common *o, int opt, const char *arg);
#define COMMON_LONG_OPTIONS                                                     \
	{ "db", required_argument, NULL, 'D' },                                 \
	{ "known-on", required_argument, NULL, 'K' },                           \
	{ "file", required_argument, NULL, 'f' },                               \
	{ "include-root", required_argument, NULL, 'I' },                       \
	{ "json", no_argument, NULL, 'j' },                                     \
	{ "help", no_argument, NULL, 'h' }
const char *common_db(const struct common *o);
/* Who records: author if given, else $CHANCERY_AUTHOR, else $USER, else
 * "unknown". */
const char *author_or_default(const char *author);
void common_release(struct common *o);

/* getopt_long with chancery's conventions: -h prints usage to stdout and
 * exits 0; an unknown option prints usage to stderr and exits 2. Returns
 * the option, or -1 at the end. */
int next_option(const struct command *c, int argc, char **argv, const char *shortopts,
		const struct option *longopts);

/* Open a PostgreSQL store (exec_full.c): the lean binary runs
 * chancery-full instead, which is linked with libpq. */
int open_store_url(const char *db, unsigned flags, chancery_store **s, struct chancery_diags *d);

/* Open the store named by --db / $CHANCERY_DB; without CREATE, a missing
 * file is "no store at ...; run 'chancery init' first". */
int open_store(const struct common *o, unsigned flags, chancery_store **s,
	       struct chancery_diags *d);

/* Load the registry for a query: from --file ledgers (parsed and
 * finished) or from the store (as of --known-on). Prints diagnostics; on
 * failure returns NULL and sets *exit_code. */
chancery_registry *load_registry(const struct common *o, int *exit_code);

/* Issue 13: a query's registry through the snapshot file beside the store
 * (cmd_snapshot.c, docs/snapshot.md): only what `need` says its answer
 * rests on, when the file is current and whole; else the whole registry
 * from the store, rewriting the file. --file and --known-on go to
 * load_registry. Prints diagnostics; NULL and *exit_code on failure. */
struct persist_need;
chancery_registry *load_registry_for(const struct common *o, const struct persist_need *need,
				     int *exit_code);
int cmd_snapshot(int argc, char **argv);
/* chancery_store_import, writing the snapshot file from what the import
 * leaves in the store (unless a dry run or $CHANCERY_SNAPSHOT=off); a
 * failure to write it is a warning, the import stands. */
int import_with_snapshot(chancery_store *s, const chancery_registry *r,
			 const struct chancery_import_opts *io, struct chancery_import_stats *st,
			 const char *db, struct chancery_diags *d);

/* Resolve a party argument (id, ISO code, Wikidata id, name); on failure
 * print "unknown party 'X'; did you mean ...?" and return NULL. */
const struct chancery_party *resolve_party(const chancery_registry *r, const char *arg);

/* Parse a date argument; on failure print an error naming the option. */
int parse_date_arg(const char *option, const char *arg, struct chancery_date *out);
/* Parse an argument that must be one day (--on): "in force in 2009" can
 * hold several answers. On failure print an error naming the option. */
int parse_day_arg(const char *option, const char *arg, int32_t *day);

/* Refuse (exit 2) a --from that is surely after --to. */
void check_from_to(const struct command *c, const char *from_arg, const struct chancery_date *from,
		   const char *to_arg, const struct chancery_date *to);

/* Print diagnostics to stderr (or as JSON to stdout with json). */
void report_diags(const struct chancery_diags *d);

/* Print events as aligned rows: date, kind, who, [id] (cmd_query.c). */
void print_event_rows(const chancery_registry *r, const size_t *idx, size_t n);

/* Files written with -o (output.c): refused when the path is the store
 * (store: its path, may be NULL), an SQLite file or not a regular file;
 * written to a temporary file beside it and renamed over it by
 * output_commit only when whole. Each prints its error and returns an exit
 * code (EXIT_OK on success). */
struct output_file {
	char *path, *tmp;
	FILE *f; /* write here between open and commit */
};
int output_open(struct output_file *o, const char *path, const char *store);
int output_commit(struct output_file *o);
void output_abort(struct output_file *o);
/* output_open: "-" is standard output (commit flushes it; nothing is
 * renamed). write_output: buf to path through output_open/commit, or to
 * stdout when path is NULL or "-". */
int write_output(const char *path, const char *store, const void *buf, size_t len);

/* Make stderr write control characters and bytes that are not UTF-8 as
 * visible escapes ("\x1b"), so that no message can drive the terminal
 * (term.c). main calls it first. */
/* A stream that writes to `to` with control characters and bytes that are
 * not UTF-8 escaped, as stderr is (term.c): for text of others shown to a
 * person, such as the audit trail's authors and origins. NULL if it cannot
 * be made; fclose it (which does not close `to`). */
FILE *term_filtered(FILE *to);
void stderr_make_safe(void);

/* Print a JSON value to stdout, with a newline, and free it. */
struct json_t;
int print_json(struct json_t *v);

void die_usage(const struct command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
