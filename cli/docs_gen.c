/* docs_gen.c: the man page and the shell completions, written from the
 * command table of main.c (each command's usage, summary and help text),
 * so that they say what --help says (issue 23). The build runs
 * `chancery --man`, `chancery --completion bash` and `--completion zsh`
 * and installs what they print (CMakeLists.txt, "install"). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "base/strbuf.h"
#include "base/banned.h"

extern const struct command commands[];

/* roff: a backslash doubled, a hyphen as \-, a line starting with . or '
 * guarded with \&. */
static void roff_line(FILE *out, const char *s, size_t n)
{
	if (n && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\')
			fputs("\\e", out);
		else if (s[i] == '-')
			fputs("\\-", out);
		else
			fputc(s[i], out);
	}
	fputc('\n', out);
}

static void roff_text(FILE *out, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		roff_line(out, s, n);
		s += n + (s[n] == '\n');
	}
}

int print_man_page(FILE *out)
{
	struct strbuf help = STRBUF_INIT;
	fprintf(out, ".TH CHANCERY 1 \"\" \"chancery %s\" \"User Commands\"\n", CHANCERY_VERSION);
	fputs(".SH NAME\n"
	      "chancery \\- a registry of the relations between states, kept as dated facts with"
	      " sources\n"
	      ".SH SYNOPSIS\n"
	      ".B chancery\n"
	      "[\\fB\\-\\-db\\fR \\fISTORE\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
	      ".br\n"
	      ".B chancery\n"
	      "\\fB\\-\\-version\\fR | \\fB\\-V\\fR | \\fB\\-\\-help\\fR\n"
	      ".SH DESCRIPTION\n"
	      "chancery keeps the relations between states (recognition, diplomatic relations,\n"
	      "missions, envoys, treaties and what third parties said) as dated facts with\n"
	      "sources, in a store (an SQLite file, or a PostgreSQL database), and answers\n"
	      "what was true on a day, and why: \"not recorded\" is never shown as \"no\".\n"
	      "It writes the bilateral-relations article, timelines, treaty reports, maps,\n"
	      "research panels, a JSON API and a web page.\n"
	      ".SH COMMANDS\n",
	      out);
	for (const struct command *c = commands; c->name; c++) {
		fprintf(out, ".SS \"chancery %s", c->name);
		if (c->usage[0]) {
			fputc(' ', out);
			for (const char *p = c->usage; *p; p++) {
				if (*p == '-')
					fputs("\\-", out);
				else if (*p == '"' || *p == '\\')
					fputs(*p == '"' ? "\\(dq" : "\\e", out);
				else
					fputc(*p, out);
			}
		}
		fputs("\"\n", out);
		roff_text(out, c->summary);
		fputs(".PP\n.nf\n", out);
		strbuf_reset(&help);
		command_help(c, &help);
		roff_text(out, help.buf);
		fputs(".fi\n", out);
	}
	fputs(".SH ENVIRONMENT\n"
	      ".TP\n.B CHANCERY_DB\n"
	      "the store when \\fB\\-\\-db\\fR is not given (else ./chancery.db)\n"
	      ".TP\n.B CHANCERY_SNAPSHOT\n"
	      "\\fBoff\\fR: queries read the store alone; \\fBreport\\fR: say on stderr how each"
	      " query loaded\n"
	      ".TP\n.B CHANCERY_CACHE\n"
	      "where the snapshot file of a PostgreSQL store is kept (else $XDG_CACHE_HOME/chancery,"
	      " else ~/.cache/chancery)\n"
	      ".SH EXIT STATUS\n"
	      "0 success; 1 invalid data or a failed check (nothing was stored); 2 usage;\n"
	      "3 the store or a file could not be opened, read or written; 4 not found.\n"
	      ".SH SEE ALSO\n"
	      "The documentation of the project: docs/cli.md (the commands), docs/ledger.md\n"
	      "(the ledger format), docs/queries.md, docs/api.md, docs/schema.md.\n",
	      out);
	strbuf_release(&help);
	return ferror(out) ? -1 : 0;
}

/* The flags of a command, from its help text: on a line whose first
 * non-blank is '-', every word that starts with '-' up to the first that
 * does not ("  -o, --output FILE    ..." gives -o and --output). */
static void flags_of(const char *help, struct strbuf *out);

void command_flags(const struct command *c, struct strbuf *out)
{
	struct strbuf help = STRBUF_INIT;
	command_help(c, &help);
	flags_of(help.buf, out);
	strbuf_release(&help);
}

static void flags_of(const char *help, struct strbuf *out)
{
	const char *s = help;
	while (*s) {
		size_t n = strcspn(s, "\n");
		const char *p = s, *end = s + n;
		while (p < end && *p == ' ')
			p++;
		while (p < end && *p == '-') {
			const char *w = p;
			while (p < end && *p != ' ' && *p != ',' && *p != '=')
				p++;
			if (p - w > 1)
				strbuf_addf(out, "%s%.*s", out->len ? " " : "", (int)(p - w), w);
			while (p < end && (*p == ',' || *p == ' '))
				p++;
			if (p < end && *p == '=') /* --db=PATH style: the flag only */
				break;
		}
		s += n + (s[n] == '\n');
	}
}

int print_completion(FILE *out, const char *shell)
{
	struct strbuf flags = STRBUF_INIT;
	if (!strcmp(shell, "bash")) {
		fputs("# bash completion for chancery (written by 'chancery --completion bash')\n"
		      "_chancery() {\n"
		      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} cmd= opts= i\n"
		      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		      "\t\tcase ${COMP_WORDS[i]} in\n"
		      "\t\t--db) ((i++)) ;;\n"
		      "\t\t-*) ;;\n"
		      "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
		      "\t\tesac\n"
		      "\tdone\n"
		      "\tif [[ -z $cmd ]]; then\n"
		      "\t\tCOMPREPLY=($(compgen -W \"",
		      out);
		for (const struct command *c = commands; c->name; c++)
			fprintf(out, "%s ", c->name);
		fputs("--db --help --version\" -- \"$cur\"))\n"
		      "\t\treturn\n"
		      "\tfi\n"
		      "\tcase $cmd in\n",
		      out);
		for (const struct command *c = commands; c->name; c++) {
			strbuf_reset(&flags);
			command_flags(c, &flags);
			fprintf(out, "\t%s) opts=\"%s\" ;;\n", c->name, flags.buf);
		}
		fputs("\tesac\n"
		      "\tif [[ $cur == -* ]]; then\n"
		      "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
		      "\telse\n"
		      "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
		      "\tfi\n"
		      "}\n"
		      "complete -o filenames -F _chancery chancery chancery-full\n",
		      out);
	} else if (!strcmp(shell, "zsh")) {
		fputs("#compdef chancery chancery-full\n"
		      "# zsh completion for chancery (written by 'chancery --completion zsh')\n"
		      "local -a cmds opts\n"
		      "cmds=(\n",
		      out);
		for (const struct command *c = commands; c->name; c++) {
			fprintf(out, "\t'%s:", c->name);
			for (const char *p = c->summary; *p; p++)
				if (*p == '\'')
					fputs("'\\''", out);
				else if (*p == ':')
					fputs("\\:", out);
				else
					fputc(*p, out);
			fputs("'\n", out);
		}
		fputs(")\n"
		      "if (( CURRENT == 2 )); then\n"
		      "\t_describe 'command' cmds\n"
		      "\treturn\n"
		      "fi\n"
		      "case ${words[2]} in\n",
		      out);
		for (const struct command *c = commands; c->name; c++) {
			strbuf_reset(&flags);
			command_flags(c, &flags);
			fprintf(out, "%s) opts=(%s) ;;\n", c->name, flags.buf);
		}
		fputs("esac\n"
		      "if [[ ${words[CURRENT]} == -* ]]; then\n"
		      "\tcompadd -- $opts\n"
		      "else\n"
		      "\t_files\n"
		      "fi\n",
		      out);
	} else {
		strbuf_release(&flags);
		return -1;
	}
	strbuf_release(&flags);
	return ferror(out) ? -1 : 0;
}
