/* korea.c: South and North Korea's diplomatic ties (the kdiplo R package's
 * diplo_ties_data.csv, compiled from the ROK Ministry of Foreign Affairs'
 * list). The file is a country-year panel: each row repeats its country's
 * year of establishment (`date`), of the cut (`cut_date`) and of the
 * re-establishment (`reestablish_date`). Each (country, Korea, date, cut,
 * re-establishment) gives, once, establish-relations, sever-relations and
 * restore-relations by the Korea (KR or KP) in those years, at year
 * precision, the id naming the first row that gives it. The yearly
 * `diplomatic_ties` column is then checked against those facts, and the
 * countries where they agree are the coverage the source declares.
 *
 * A country is found by its ISO codes, as it is today. Where chancery's
 * world has another party for it in the years a fact is dated, and that
 * party was the other side then, the fact goes to that party (eras[]):
 * the list's Germany is the GDR in North Korea's ties of 1949-1990 (the
 * Federal Republic, DE, had none with it before 2001), its Vietnam the
 * Republic of Vietnam in South Korea's ties of 1955-1975, its Czechia
 * Czechoslovakia before 1993. A re-establishment with another party than
 * the one the ties were cut with is that party's first establishment. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "base/banned.h"

enum { C_ISO3, C_ISO2, C_KOREA, C_YEAR, C_TIES, C_DATE, C_CUT, C_RE, C_UPDATED, N_COLS };

static const char *const col_names[N_COLS] = { "iso3c",	  "iso2c",	      "south_north",
					       "year",	  "diplomatic_ties", "date",
					       "cut_date", "reestablish_date", "updated_at" };

/* The list's country as another party of the world, up to a year. */
static const struct era {
	const char *iso3;
	int korea; /* 0 South, 1 North, -1 both */
	int last;  /* the last year */
	const char *party, *note;
} eras[] = {
	{ "CZE", -1, 1992, "COW-CZE", "the list's Czechia: Czechoslovakia until 1992" },
	{ "DEU", 1, 1990, "COW-GDR",
	  "the list's Germany: the German Democratic Republic until 1990" },
	{ "VNM", 0, 1975, "COW-RVN", "the list's Vietnam: the Republic of Vietnam until 1975" },
};
#define N_ERAS (sizeof(eras) / sizeof(*eras))

struct country {
	const struct chancery_party *party; /* today's state, by its ISO code */
	char iso3[4];
	unsigned char explained[2]; /* a bad or refused row of this Korea: its years not checked */
	unsigned char disagrees;    /* the yearly column disagrees with the facts */
	unsigned char listed;       /* in a row with a Korea other than itself */
};

/* A Korea and a party: the years the facts made give them relations. */
struct pair {
	int from[4], to[4];
	unsigned n;
};

struct tie_row {
	unsigned line;
	int year;
	unsigned char ties, korea;
	unsigned country, pair;
};

struct korea {
	struct import_job *job;
	const char *path, *base;
	unsigned file;
	int header_seen, col[N_COLS];
	const struct chancery_party *koreas[2], *era_party[N_ERAS];
	int korea_from[2]; /* the year each Korea existed by (0: no from=) */
	int first_year, last_year; /* of the rows of matched countries */
	char updated[11];          /* the latest updated_at */
	struct hashmap by_code, tuples, made, pair_ids, unmatched;
	struct country *countries;
	size_t n_countries, alloc_countries;
	struct pair *pairs;
	size_t n_pairs, alloc_pairs;
	struct tie_row *rows;
	size_t n_rows, alloc_rows;
	struct strbuf events, key;
	uint64_t *event_lines;
	size_t n_event_lines, alloc_event_lines;
};

static const char *const korea_names[2] = { "South Korea", "North Korea" };

/* A year of four digits, or 0 for "NA"; -1 when it is neither. */
static int parse_year(const char *s)
{
	if (!strcmp(s, "NA"))
		return 0;
	if (strlen(s) != 4 || strspn(s, "0123456789") != 4 || s[0] == '0')
		return -1;
	return (int)strtol(s, NULL, 10);
}

static int is_code(const char *s, size_t len)
{
	if (strlen(s) != len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static const struct chancery_party *state_of(const chancery_registry *r, const char *code)
{
	const struct chancery_party *p = chancery_registry_find_party(r, code);
	return p && p->kind <= CHANCERY_PARTY_PARTIALLY_RECOGNISED ? p : NULL;
}

/* The country of a row by iso3c, else iso2c ("NA" is R's missing value
 * there, and Namibia is found by NAM); its index + 1, or 0. */
static size_t country_of(struct korea *k, const char *iso3, const char *iso2)
{
	const struct chancery_party *p = NULL;
	uint64_t v;
	struct country *c;
	if (hashmap_get(&k->by_code, iso3, &v))
		return (size_t)v;
	if (is_code(iso3, 3))
		p = state_of(k->job->known, iso3);
	if (!p && is_code(iso2, 2) && strcmp(iso2, "NA"))
		p = state_of(k->job->known, iso2);
	if (!p)
		return 0;
	ALLOC_GROW(k->countries, k->n_countries + 1, k->alloc_countries);
	c = &k->countries[k->n_countries++];
	memset(c, 0, sizeof(*c));
	c->party = p;
	if (strlen(iso3) < sizeof(c->iso3))
		memcpy(c->iso3, iso3, strlen(iso3) + 1);
	hashmap_set(&k->by_code, xstrdup(iso3), k->n_countries);
	return k->n_countries;
}

/* The party the country was, for this Korea, in this year (and the era's
 * note, or NULL). */
static const struct chancery_party *party_in(const struct korea *k, const struct country *c,
					     int korea, int year, const char **note)
{
	*note = NULL;
	for (size_t i = 0; i < N_ERAS; i++)
		if (k->era_party[i] && !strcmp(c->iso3, eras[i].iso3) &&
		    (eras[i].korea < 0 || eras[i].korea == korea) && year <= eras[i].last) {
			*note = eras[i].note;
			return k->era_party[i];
		}
	return c->party;
}

static unsigned pair_of(struct korea *k, int korea, const struct chancery_party *p)
{
	uint64_t v;
	strbuf_reset(&k->key);
	strbuf_addf(&k->key, "%d %s", korea, p->id);
	if (hashmap_get(&k->pair_ids, k->key.buf, &v))
		return (unsigned)v;
	ALLOC_GROW(k->pairs, k->n_pairs + 1, k->alloc_pairs);
	memset(&k->pairs[k->n_pairs], 0, sizeof(*k->pairs));
	hashmap_set(&k->pair_ids, xstrdup(k->key.buf), k->n_pairs);
	return (unsigned)k->n_pairs++;
}

static void add_period(struct korea *k, int korea, const struct chancery_party *p, int from,
		       int to)
{
	unsigned i = pair_of(k, korea, p); /* first: it may move the array */
	struct pair *pr = &k->pairs[i];
	if (pr->n < sizeof(pr->from) / sizeof(*pr->from)) {
		pr->from[pr->n] = from;
		pr->to[pr->n++] = to;
	}
}

static int pair_has(const struct pair *pr, int year)
{
	for (unsigned i = 0; i < pr->n; i++)
		if (pr->from[i] <= year && year <= pr->to[i])
			return 1;
	return 0;
}

/* Write one fact, unless made already (by an earlier row or country). */
static void fact(struct korea *k, unsigned line, const char *kind, const char *suffix, int korea,
		 const struct chancery_party *p, int year, const char *note)
{
	static const char cut_note[] = "the list does not say which side cut the ties";
	static const char early_note[] = "the list dates the ties from a treaty of Joseon Korea";
	const char *notes[3] = { note, !strcmp(kind, "sever-relations") ? cut_note : NULL,
				 year < k->korea_from[korea] ? early_note : NULL };
	int first = 1;
	strbuf_reset(&k->key);
	strbuf_addf(&k->key, "%s %d %s %d", kind, korea, p->id, year);
	if (hashmap_get(&k->made, k->key.buf, NULL))
		return;
	hashmap_set(&k->made, xstrdup(k->key.buf), 1);
	ALLOC_GROW(k->event_lines, k->n_event_lines + 1, k->alloc_event_lines);
	k->event_lines[k->n_event_lines++] = ((uint64_t)k->file << 32) | line;
	strbuf_addf(&k->events, "%d %s %s %s id=%s:%u.%s source=%s", year, kind,
		    k->koreas[korea]->id, p->id, k->base, line, suffix, k->base);
	for (int i = 0; i < 3; i++)
		if (notes[i]) {
			strbuf_addstr(&k->events, first ? " note=\"" : "; ");
			strbuf_addstr(&k->events, notes[i]);
			first = 0;
		}
	strbuf_addstr(&k->events, first ? "\n" : "\"\n");
	k->job->facts++;
}

/* The facts of a (country, Korea, date, cut, re-establishment), at the
 * first row that gives it. */
static void tuple_facts(struct korea *k, unsigned line, struct country *c, int korea, char **f)
{
	static const char *const cols[3] = { "date", "cut_date", "reestablish_date" };
	const struct chancery_party *p[3] = { NULL, NULL, NULL };
	const char *note[3] = { NULL, NULL, NULL };
	int y[3];
	for (int i = 0; i < 3; i++)
		if ((y[i] = parse_year(f[k->col[C_DATE + i]])) < 0) {
			import_bad(k->job, k->path, line, "%s '%s' is not a year", cols[i],
				   f[k->col[C_DATE + i]]);
			c->explained[korea] = 1;
			return;
		}
	if ((y[1] && (!y[0] || y[1] < y[0])) || (y[2] && (!y[1] || y[2] < y[1]))) {
		int i = y[2] && (!y[1] || y[2] < y[1]) ? 2 : 1;
		if (y[i - 1])
			import_bad(k->job, k->path, line, "%s %d is before %s %d", cols[i], y[i],
				   cols[i - 1], y[i - 1]);
		else
			import_bad(k->job, k->path, line, "%s %d with no %s", cols[i], y[i],
				   cols[i - 1]);
		c->explained[korea] = 1;
		return;
	}
	if (import_skipped(k->job, k->file, line)) {
		c->explained[korea] = 1; /* a check refused its facts */
		return;
	}
	for (int i = 0; i < 3; i++)
		if (y[i])
			p[i] = party_in(k, c, korea, y[i], &note[i]);
	if (y[0]) {
		fact(k, line, "establish-relations", "establish", korea, p[0], y[0], note[0]);
		add_period(k, korea, p[0], y[0], y[1] && p[1] == p[0] ? y[1] : INT_MAX);
	}
	if (y[1])
		fact(k, line, "sever-relations", "sever", korea, p[1], y[1], note[1]);
	if (y[2]) {
		fact(k, line, p[2] == p[1] ? "restore-relations" : "establish-relations", "restore",
		     korea, p[2], y[2],
		     p[2] == p[1] ? note[2] : "re-established, says the list; the first with this state");
		add_period(k, korea, p[2], y[2], INT_MAX);
	}
}

static int header(struct korea *k, unsigned line, char **f, size_t n)
{
	k->header_seen = 1;
	for (int i = 0; i < N_COLS; i++)
		if ((k->col[i] = import_find_col(f, n, col_names[i])) < 0) {
			chancery_diags_add(k->job->diags, CHANCERY_ERROR, k->path, line, 0, NULL,
					   "not kdiplo's diplomatic ties: no column '%s'", col_names[i]);
			return -1;
		}
	return 0;
}

/* The latest day of updated_at (one day for the whole list, in fact). */
static void note_updated(struct korea *k, const char *s, size_t len)
{
	struct chancery_date d;
	const char *why;
	size_t where;
	if (len == 10 && strcmp(s, k->updated) > 0 && !chancery_date_parse(s, len, &d, &why, &where))
		memcpy(k->updated, s, 11);
}

static int tie_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct korea *k = ctx;
	struct import_job *job = k->job;
	int korea, year, first;
	size_t ci;
	struct country *c;
	struct tie_row *r;
	const char *note;
	if (!k->header_seen)
		return header(k, line, f, n);
	job->rows++;
	import_progress(job, k->path, job->rows, 0);
	for (int i = 0; i < N_COLS; i++)
		if ((size_t)k->col[i] >= n) {
			import_bad(job, k->path, line, "expected %d fields, found %zu", k->col[i] + 1, n);
			return 0;
		}
	korea = !strcmp(f[k->col[C_KOREA]], korea_names[0]) ? 0 :
		!strcmp(f[k->col[C_KOREA]], korea_names[1]) ? 1 : -1;
	year = parse_year(f[k->col[C_YEAR]]);
	if (korea < 0 || year <= 0 ||
	    (strcmp(f[k->col[C_TIES]], "0") && strcmp(f[k->col[C_TIES]], "1"))) {
		int col = korea < 0 ? C_KOREA : year <= 0 ? C_YEAR : C_TIES;
		import_bad(job, k->path, line, "%s '%s' is %s", col_names[col], f[k->col[col]],
			   korea < 0 ? "neither South Korea nor North Korea" :
			   year <= 0 ? "not a year" : "neither 0 nor 1");
		return 0;
	}
	/* Each (country, Korea, date, cut, re-establishment) once. */
	strbuf_reset(&k->key);
	strbuf_addf(&k->key, "%s %d %s %s %s", f[k->col[C_ISO3]], korea, f[k->col[C_DATE]],
		    f[k->col[C_CUT]], f[k->col[C_RE]]);
	if ((first = !hashmap_get(&k->tuples, k->key.buf, NULL)))
		hashmap_set(&k->tuples, xstrdup(k->key.buf), line);
	if (!(ci = country_of(k, f[k->col[C_ISO3]], f[k->col[C_ISO2]]))) {
		const char *code = *f[k->col[C_ISO3]] ? f[k->col[C_ISO3]] : f[k->col[C_ISO2]];
		import_unmatched(&k->unmatched, *code ? code : "(empty)");
		if (first && strcmp(f[k->col[C_DATE]], "NA"))
			import_bad(job, k->path, line, "country '%s' is not a state chancery knows", code);
		return 0;
	}
	c = &k->countries[ci - 1];
	if (c->party == k->koreas[korea])
		return 0; /* a Korea and itself */
	c->listed = 1;
	if (!k->first_year || year < k->first_year)
		k->first_year = year;
	if (year > k->last_year)
		k->last_year = year;
	note_updated(k, f[k->col[C_UPDATED]], lens[k->col[C_UPDATED]]);
	if (first)
		tuple_facts(k, line, c, korea, f);
	/* A row with no year given is kdiplo's filler for the years before it
	 * counts the country as a state: its 0 says nothing of the ties. */
	if (!strcmp(f[k->col[C_DATE]], "NA") && !strcmp(f[k->col[C_CUT]], "NA") &&
	    !strcmp(f[k->col[C_RE]], "NA") && f[k->col[C_TIES]][0] == '0')
		return 0;
	ALLOC_GROW(k->rows, k->n_rows + 1, k->alloc_rows);
	r = &k->rows[k->n_rows++];
	r->line = line;
	r->year = year;
	r->ties = f[k->col[C_TIES]][0] == '1';
	r->korea = (unsigned char)korea;
	r->country = (unsigned)(ci - 1);
	r->pair = pair_of(k, korea, party_in(k, c, korea, year, &note));
	return 0;
}

static int cmp_row(const void *x, const void *y)
{
	const struct tie_row *a = x, *b = y;
	if (a->country != b->country)
		return a->country < b->country ? -1 : 1;
	if (a->pair != b->pair)
		return a->pair < b->pair ? -1 : 1;
	if (a->ties != b->ties)
		return a->ties < b->ties ? -1 : 1;
	return a->year < b->year ? -1 : a->year > b->year;
}

static const char *pair_party(const struct korea *k, unsigned pair)
{
	for (size_t i = 0; i < k->pair_ids.cap; i++)
		if (k->pair_ids.v[i].key && k->pair_ids.v[i].value == pair)
			return strchr(k->pair_ids.v[i].key, ' ') + 1;
	return "?";
}

static void report_run(struct korea *k, const struct tie_row *first, const struct tie_row *last,
		       size_t n)
{
	const char *korea = k->koreas[first->korea]->id, *other = pair_party(k, first->pair);
	chancery_diags_add(k->job->diags, CHANCERY_WARNING, k->path, first->line, 0, NULL,
			   "diplomatic_ties is %d in %d-%d (%zu row%s), but %s relations of %s and %s"
			   " are made from the list then",
			   first->ties, first->year, last->year, n, n == 1 ? "" : "s",
			   first->ties ? "no" : "established", korea, other);
}

/* The yearly column against the facts made: a year with ties must fall in
 * a period of relations of the Korea and the party the country was then,
 * and a year without outside. Disagreements are warned about, one a run
 * of years, and keep the country out of the coverage. */
static void check_years(struct korea *k)
{
	struct tie_row *bad = xcalloc(k->n_rows ? k->n_rows : 1, sizeof(*bad));
	size_t n = 0;
	for (size_t i = 0; i < k->n_rows; i++) {
		const struct tie_row *r = &k->rows[i];
		if (!k->countries[r->country].explained[r->korea] &&
		    pair_has(&k->pairs[r->pair], r->year) != r->ties)
			bad[n++] = *r;
	}
	qsort(bad, n, sizeof(*bad), cmp_row);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && bad[j].country == bad[i].country && bad[j].pair == bad[i].pair &&
				bad[j].ties == bad[i].ties && bad[j].year <= bad[j - 1].year + 1;
		     j++)
			;
		report_run(k, &bad[i], &bad[j - 1], j - i);
		k->countries[bad[i].country].disagrees = 1;
	}
	free(bad);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The source, and what it lists completely: the relations of each Korea
 * with the countries where the yearly column and the facts agree. */
static void write_source(struct korea *k)
{
	struct import_job *job = k->job;
	const char **ids = xcalloc(k->n_countries + 1, sizeof(*ids));
	size_t n = 0;
	import_line(job, 0, 0);
	strbuf_addf(&job->out, "source %s \"South and North Korea's Diplomatic Ties Data (kdiplo)\""
			       " publisher=\"Kadir Jun Ayhan\" url=https://github.com/kjayhan/kdiplo",
		    k->base);
	if (k->updated[0])
		strbuf_addf(&job->out, " date=%s", k->updated);
	strbuf_addf(&job->out, " note=\"the file %s of the R package kdiplo, MIT licence, Copyright"
			       " (c) 2025 Kadir Jun Ayhan; compiled from the list of the Republic"
			       " of Korea's Ministry of Foreign Affairs; a fact's id names its row\"\n",
		    k->base);
	for (size_t i = 0; i < k->n_countries; i++) {
		const struct country *c = &k->countries[i];
		if (c->listed && !c->disagrees && !c->explained[0] && !c->explained[1])
			ids[n++] = c->party->id;
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	if (n && k->first_year) {
		import_line(job, 0, 0);
		strbuf_addf(&job->out, "  covers relations by=%s,%s with=", k->koreas[0]->id,
			    k->koreas[1]->id);
		for (size_t i = 0; i < n; i++)
			if (!i || strcmp(ids[i], ids[i - 1]))
				strbuf_addf(&job->out, "%s%s", i ? "," : "", ids[i]);
		/* to the day of the list, or its last year if it names none (or
		 * one before its first year) */
		strbuf_addf(&job->out, " from=%d to=", k->first_year);
		if (k->updated[0] && (int)strtol(k->updated, NULL, 10) >= k->first_year)
			strbuf_addstr(&job->out, k->updated);
		else
			strbuf_addf(&job->out, "%d", k->last_year);
		strbuf_addch(&job->out, '\n');
	}
	free(ids);
}

static void free_keys(struct hashmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free((char *)m->v[i].key);
	hashmap_release(m);
}

static int setup(struct korea *k, const char *path)
{
	struct import_job *job = k->job;
	for (int i = 0; i < 2; i++)
		if (!job->known || !(k->koreas[i] = state_of(job->known, i ? "KP" : "KR"))) {
			chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "the registry has no party '%s': import the parties first"
					   " (data/all.ledger, or import-states)",
					   i ? "KP" : "KR");
			return -CHANCERY_EINPUT;
		}
	for (int i = 0; i < 2; i++) {
		const struct chancery_date *from = &k->koreas[i]->from;
		int m, d;
		if (from->form != CHANCERY_DATE_NONE && from->hi != CHANCERY_DAY_MAX)
			chancery_day_to_ymd(from->hi, &k->korea_from[i], &m, &d);
	}
	for (size_t i = 0; i < N_ERAS; i++)
		k->era_party[i] = state_of(job->known, eras[i].party);
	k->path = path;
	k->base = import_basename(path);
	k->file = import_file_number(job, path);
	return 0;
}

int import_korea_ties(struct import_job *job, const char *const *paths, size_t n)
{
	struct korea k = { .job = job, .events = STRBUF_INIT, .key = STRBUF_INIT };
	struct strbuf raw = STRBUF_INIT;
	int ret;
	if (n != 1) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "expected one file, kdiplo's diplo_ties_data.csv");
		return -CHANCERY_EINPUT;
	}
	if ((ret = setup(&k, paths[0])) || (ret = import_read_file(job, paths[0], &raw)))
		return ret;
	ret = import_read_delimited(k.path, raw.buf, raw.len, ',', tie_row, &k, job->diags, &job->bad);
	if (!ret) {
		check_years(&k);
		if (chancery_registry_lookup(job->known, k.base, NULL) != CHANCERY_ENT_SOURCE)
			write_source(&k);
		strbuf_add(&job->out, k.events.buf, k.events.len);
		for (size_t i = 0; i < k.n_event_lines; i++)
			import_line(job, (unsigned)(k.event_lines[i] >> 32), (unsigned)k.event_lines[i]);
	}
	import_progress(job, k.path, job->rows, 1);
	import_unmatched_flush(job, &k.unmatched, "country");
	free_keys(&k.by_code);
	free_keys(&k.tuples);
	free_keys(&k.made);
	free_keys(&k.pair_ids);
	free(k.countries);
	free(k.pairs);
	free(k.rows);
	free(k.event_lines);
	strbuf_release(&k.events);
	strbuf_release(&k.key);
	strbuf_release(&raw);
	return ret;
}
