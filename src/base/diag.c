/* diag.c: collecting and printing diagnostics. Messages read
 * "file:line:col: error: message" followed by the line and a caret, the
 * way compilers and hledger show them. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chancery.h"
#include "base/strbuf.h"
#include "base/banned.h"

void chancery_diags_add(struct chancery_diags *d, enum chancery_severity sev, const char *file,
			unsigned line, unsigned col, const char *line_text, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct chancery_diag *x;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);

	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	x = &d->v[d->n++];
	x->severity = sev;
	x->file = file ? xstrdup(file) : NULL; /* the caller's string may not outlive us */
	x->line = line;
	x->col = col;
	x->message = strbuf_detach(&sb, NULL);
	x->line_text = line_text ? xstrdup(line_text) : NULL;
	if (sev == CHANCERY_ERROR)
		d->errors++;
	else
		d->warnings++;
}

static void print_caret_line(FILE *out, const char *text, unsigned col)
{
	/* Tabs are kept so that the caret lines up under them. */
	fprintf(out, "  %s\n  ", text);
	for (unsigned i = 1; i < col && text[i - 1]; i++)
		fputc(text[i - 1] == '\t' ? '\t' : ' ', out);
	fputs("^\n", out);
}

void chancery_diags_print(const struct chancery_diags *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct chancery_diag *x = &d->v[i];
		const char *sev = x->severity == CHANCERY_ERROR ? "error" : "warning";
		if (x->file && x->line)
			fprintf(out, "%s:%u:%u: %s: %s\n", x->file, x->line, x->col ? x->col : 1,
				sev, x->message);
		else if (x->file)
			fprintf(out, "%s: %s: %s\n", x->file, sev, x->message);
		else
			fprintf(out, "%s: %s\n", sev, x->message);
		if (x->line_text && x->col)
			print_caret_line(out, x->line_text, x->col);
	}
}

void chancery_diags_release(struct chancery_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free((char *)d->v[i].file);
		free(d->v[i].message);
		free(d->v[i].line_text);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
