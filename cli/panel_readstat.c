/* panel_readstat.c: `chancery panel -o FILE.dta` and `-o FILE.sav`, the
 * panels for Stata and SPSS through ReadStat (issue 23). The panel is
 * written by its one CSV writer (src/publish/panel_csv.c) into memory and
 * read back here, so the Stata and SPSS files hold exactly the CSV's
 * values: a column of whole numbers and NA becomes a numeric variable (NA
 * the missing value "."); a coded column (recognition, relations, missions,
 * envoys) becomes numeric with value labels; the rest stay strings. Each
 * variable is labelled from the codebook (docs/panels.md). Only
 * chancery-full has it: the lean chancery loads no ReadStat. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readstat.h>

#include "cli.h"
#include "import/import.h"
#include "base/strbuf.h"
#include "base/banned.h"

/* The codes of a coded column: words[i] is code i. */
struct codes {
	const char *name; /* the value-label set's name */
	const char *const *words;
};

static const char *const yes_no[] = { "no", "yes", NULL };
static const char *const relations[] = { "none", "established", "suspended", "severed", NULL };
static const char *const levels[] = { "", "embassy", "legation", "consulate", "charge-d-affaires",
				      "interests-section", "liaison-office", NULL };
static const char *const missions[] = { "none", "embassy", "high-commission", "legation",
					"consulate-general", "consulate", "trade-mission",
					"representative-office", "interests-section",
					"permanent-mission", NULL };
static const char *const reps[] = { "none", "charge d'affaires", "minister", "ambassador", NULL };

static const struct codes yes_no_codes = { "yes_no", yes_no };
static const struct codes relations_codes = { "relations", relations };
static const struct codes level_codes = { "relations_level", levels };
static const struct codes mission_codes = { "mission", missions };
static const struct codes rep_codes = { "representation", reps };

/* What the codebook says of a column (docs/panels.md). A coded column's
 * CSV values are its words, but for yes_no and representation, whose CSV
 * values are the codes themselves (0, 1, 2, 3). */
static const struct column_doc {
	const char *name, *label;
	const struct codes *codes;
	int numeric_codes; /* the CSV writes the code, not the word */
} docs[] = {
	{ "year", "Year", NULL, 0 },
	{ "ccode", "COW state code", NULL, 0 },
	{ "gwcode", "Gleditsch-Ward state code", NULL, 0 },
	{ "ccode1", "COW code of state 1", NULL, 0 },
	{ "ccode2", "COW code of state 2", NULL, 0 },
	{ "gwcode1", "Gleditsch-Ward code of state 1", NULL, 0 },
	{ "gwcode2", "Gleditsch-Ward code of state 2", NULL, 0 },
	{ "id", "chancery party id", NULL, 0 },
	{ "name", "Short name", NULL, 0 },
	{ "id1", "chancery party id of state 1", NULL, 0 },
	{ "name1", "Short name of state 1", NULL, 0 },
	{ "id2", "chancery party id of state 2", NULL, 0 },
	{ "name2", "Short name of state 2", NULL, 0 },
	{ "recognises12", "1 recognises 2 on the day", &yes_no_codes, 1 },
	{ "recognises21", "2 recognises 1 on the day", &yes_no_codes, 1 },
	{ "relations", "Diplomatic relations of the pair", &relations_codes, 0 },
	{ "relations_level", "Level of the relations, when recorded", &level_codes, 0 },
	{ "mission12", "Highest mission of 1 in 2 surely open", &mission_codes, 0 },
	{ "mission21", "Highest mission of 2 in 1 surely open", &mission_codes, 0 },
	{ "embassy12", "Resident mission of 1 in 2 surely open (DIPCON)", &yes_no_codes, 1 },
	{ "embassy21", "Resident mission of 2 in 1 surely open (DIPCON)", &yes_no_codes, 1 },
	{ "envoy12", "Envoy of 1 to 2 in post", &yes_no_codes, 1 },
	{ "envoy21", "Envoy of 2 to 1 in post", &yes_no_codes, 1 },
	{ "envoy_rank12", "Rank of 1's envoy in post, as the source writes it", NULL, 0 },
	{ "envoy_rank21", "Rank of 2's envoy in post, as the source writes it", NULL, 0 },
	{ "rep12", "Level of 1's representation in 2 (COW Diplomatic Exchange)", &rep_codes, 1 },
	{ "rep21", "Level of 2's representation in 1 (COW Diplomatic Exchange)", &rep_codes, 1 },
	{ "uncertain", "Columns NA because the dates do not decide", NULL, 0 },
	{ "covered", "Columns whose 0 or none rests on a covering source", NULL, 0 },
	{ "treaties_bilateral", "Bilateral treaties in force for both", NULL, 0 },
	{ "treaties_bilateral_maybe", "More bilateral treaties that may be in force", NULL, 0 },
	{ "treaties_multilateral", "Multilateral treaties in force for both", NULL, 0 },
	{ "treaties_multilateral_maybe", "More multilateral treaties that may be in force", NULL, 0 },
	{ "recognised_by", "Member states recognising it", NULL, 0 },
	{ "recognised_by_maybe", "More member states that may recognise it", NULL, 0 },
	{ "recognises", "Member states it recognises", NULL, 0 },
	{ "recognises_maybe", "More member states it may recognise", NULL, 0 },
	{ "missions_abroad", "Member states it surely has a mission in", NULL, 0 },
	{ "missions_hosted", "Member states that surely have a mission in it", NULL, 0 },
	{ "envoys_abroad", "Member states it has an envoy in post in", NULL, 0 },
	{ "envoys_received", "Member states with an envoy in post in it", NULL, 0 },
	{ "treaties_in_force", "Treaties in force for it", NULL, 0 },
	{ "treaties_in_force_maybe", "More treaties that may be in force for it", NULL, 0 },
};

struct column {
	char *name;
	const struct column_doc *doc; /* NULL: a column the codebook here lacks */
	int numeric;                  /* every value a whole number or NA */
	size_t width;                 /* the longest value, for a string */
	readstat_variable_t *var;
};

struct conversion {
	struct column *cols;
	size_t n_cols;
	long rows;
	int pass; /* 1: types and widths; 2: the rows */
	int header_read; /* in this pass */
	readstat_writer_t *w;
	const char *path;
	const char *failed; /* a message, when a pass stops */
	struct strbuf why;
};

static const struct column_doc *doc_of(const char *name)
{
	for (size_t i = 0; i < sizeof(docs) / sizeof(*docs); i++)
		if (!strcmp(docs[i].name, name))
			return &docs[i];
	return NULL;
}

static int whole_number(const char *s, long *out)
{
	char *end;
	if (!*s)
		return 0;
	errno = 0;
	*out = strtol(s, &end, 10);
	return !*end && !errno && *out >= -2147483000L && *out <= 2147483000L;
}

/* The code of a coded column's value, -1 for NA (or empty), -2 unknown. */
static long code_of(const struct column_doc *d, const char *v)
{
	long n;
	if (!strcmp(v, "NA") || (!*v && d->codes->words[0][0]))
		return -1;
	if (d->numeric_codes)
		return whole_number(v, &n) ? n : -2;
	for (long i = 0; d->codes->words[i]; i++)
		if (!strcmp(d->codes->words[i], v))
			return i ? i : (d->codes->words[0][0] ? 0 : -1); /* "" is NA */
	return -2;
}

static int on_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct conversion *c = ctx;
	(void)lens;
	if (!c->header_read) {
		c->header_read = 1;
		if (c->pass == 2)
			return 0;
		/* the header */
		c->n_cols = n;
		c->cols = xcalloc(n, sizeof(*c->cols));
		for (size_t i = 0; i < n; i++) {
			c->cols[i].name = xstrdup(f[i]);
			c->cols[i].doc = doc_of(f[i]);
			c->cols[i].numeric = 1;
			c->cols[i].width = 1;
		}
		return 0;
	}
	if (c->pass == 1) {
		c->rows++;
		for (size_t i = 0; i < c->n_cols; i++) {
			const char *v = i < n ? f[i] : "";
			struct column *col = &c->cols[i];
			long x;
			if (col->doc && col->doc->codes) {
				if (code_of(col->doc, v) == -2) {
					strbuf_addf(&c->why, "line %u: '%s' in column %s has no code here"
							     " (cli/panel_readstat.c)", line, v, col->name);
					return -1;
				}
			} else if (col->numeric && strcmp(v, "NA") && !whole_number(v, &x)) {
				col->numeric = 0;
			}
			if (strlen(v) > col->width)
				col->width = strlen(v);
		}
		return 0;
	}
	if (readstat_begin_row(c->w) != READSTAT_OK)
		return -1;
	for (size_t i = 0; i < c->n_cols; i++) {
		const char *v = i < n ? f[i] : "";
		struct column *col = &c->cols[i];
		readstat_error_t e;
		long x;
		if (col->doc && col->doc->codes) {
			x = code_of(col->doc, v);
			e = x < 0 ? readstat_insert_missing_value(c->w, col->var)
				  : readstat_insert_int32_value(c->w, col->var, (int32_t)x);
		} else if (col->numeric) {
			e = whole_number(v, &x) ? readstat_insert_int32_value(c->w, col->var, (int32_t)x)
						: readstat_insert_missing_value(c->w, col->var);
		} else {
			e = readstat_insert_string_value(c->w, col->var, v);
		}
		if (e != READSTAT_OK) {
			strbuf_addf(&c->why, "line %u, column %s: %s", line, col->name,
				    readstat_error_message(e));
			return -1;
		}
	}
	return readstat_end_row(c->w) == READSTAT_OK ? 0 : -1;
}

static ssize_t write_out(const void *data, size_t len, void *ctx)
{
	return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

/* The variables and value labels, from pass 1. */
static int declare(struct conversion *c, int sav)
{
	/* a value-label set once per set of codes */
	const struct codes *made[8];
	readstat_label_set_t *sets[8];
	size_t n_made = 0;
	for (size_t i = 0; i < c->n_cols; i++) {
		struct column *col = &c->cols[i];
		const struct column_doc *d = col->doc;
		if (d && d->codes) {
			readstat_label_set_t *ls = NULL;
			for (size_t k = 0; k < n_made; k++)
				if (made[k] == d->codes)
					ls = sets[k];
			if (!ls && n_made < sizeof(made) / sizeof(*made)) {
				ls = readstat_add_label_set(c->w, READSTAT_TYPE_INT32, d->codes->name);
				for (int32_t k = 0; d->codes->words[k]; k++)
					if (d->codes->words[k][0])
						readstat_label_int32_value(ls, k, d->codes->words[k]);
				made[n_made] = d->codes;
				sets[n_made++] = ls;
			}
			col->var = readstat_add_variable(c->w, col->name, READSTAT_TYPE_INT32, 0);
			readstat_variable_set_label_set(col->var, ls);
		} else if (col->numeric) {
			col->var = readstat_add_variable(c->w, col->name, READSTAT_TYPE_INT32, 0);
		} else {
			/* Stata's fixed strings hold 2,045 bytes; SPSS's 32,767 */
			if (col->width > (sav ? 32767u : 2045u)) {
				strbuf_addf(&c->why, "column %s has a value of %zu bytes, more than %s"
						     " holds", col->name, col->width, sav ? "SPSS" : "Stata");
				return -1;
			}
			col->var = readstat_add_variable(c->w, col->name, READSTAT_TYPE_STRING,
							 col->width);
		}
		readstat_variable_set_label(col->var, d ? d->label : col->name);
	}
	return 0;
}

int panel_write_readstat(const chancery_panel *p, int dyad_year, int format, FILE *out,
			 const char *path)
{
	struct conversion c = { .why = STRBUF_INIT, .path = path };
	struct chancery_diags d = CHANCERY_DIAGS_INIT;
	char *csv = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&csv, &len);
	int ret = -1;

	if (!mem)
		return -1;
	if (dyad_year ? chancery_panel_write_dyad_years(p, mem)
		      : chancery_panel_write_state_years(p, mem)) {
		fclose(mem);
		free(csv);
		return -1;
	}
	if (fclose(mem)) {
		free(csv);
		return -1;
	}
	c.pass = 1;
	if (import_read_delimited(path, csv, len, ',', on_row, &c, &d, NULL) || !c.cols)
		goto out;
	c.w = readstat_writer_init();
	readstat_set_data_writer(c.w, write_out);
	readstat_writer_set_file_label(c.w, dyad_year ? "chancery dyad-year panel"
						      : "chancery state-year panel");
	if (format == PANEL_STATA)
		readstat_writer_set_file_format_version(c.w, 118); /* UTF-8 strings */
	if (declare(&c, format == PANEL_SPSS))
		goto out;
	{
		/* ReadStat checks the names and types of the variables here */
		readstat_error_t e = format == PANEL_STATA ? readstat_begin_writing_dta(c.w, out, c.rows)
							   : readstat_begin_writing_sav(c.w, out, c.rows);
		if (e != READSTAT_OK) {
			strbuf_addf(&c.why, "%s", readstat_error_message(e));
			goto out;
		}
	}
	c.pass = 2;
	c.header_read = 0;
	if (import_read_delimited(path, csv, len, ',', on_row, &c, &d, NULL))
		goto out;
	if (readstat_end_writing(c.w) != READSTAT_OK) {
		strbuf_addstr(&c.why, "cannot end the file");
		goto out;
	}
	ret = 0;
out:
	if (ret) {
		if (!c.why.len && d.n)
			strbuf_addstr(&c.why, d.v[0].message);
		fprintf(stderr, "error: cannot write '%s': %s\n", path,
			c.why.len ? c.why.buf : strerror(errno));
	}
	if (c.w)
		readstat_writer_free(c.w);
	for (size_t i = 0; i < c.n_cols; i++)
		free(c.cols[i].name);
	free(c.cols);
	strbuf_release(&c.why);
	chancery_diags_release(&d);
	free(csv);
	return ret;
}
