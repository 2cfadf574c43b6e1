/* dipcon.c: the Diplomatic Contacts Database (DIPCON 1.1, Rhamey et al.,
 * University of Arizona), a Stata file read with ReadStat. A row is a
 * directed dyad in a sample year: dipcon = 1 when the sending state
 * (ccodea) has a resident embassy headed by an ambassador or a high
 * commissioner in the receiving state's (ccodeb) capital, as the Europa
 * Year Book saw it in late spring of that year. A yearly observation says
 * what held then and nothing about the years between, so each dyad's
 * observations, in year order, become the changes they show, dated by the
 * interval between the two samples ("1965/1970"): uncertain inside it,
 * never guessed. The source declares, for each sample year, that it lists
 * the embassies between the states it has that year completely
 * (docs/import.md, "DIPCON"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readstat.h>

#include "import/import.h"
#include "base/sort.h"
#include "base/banned.h"

enum { COL_A, COL_B, COL_YEAR, COL_DIPCON, N_COLS };
static const char *const col_names[N_COLS] = { "ccodea", "ccodeb", "year", "dipcon" };

/* Codes that mean, in some years, another state than COW's list says:
 * read from the partners each code has in each year. */
static const struct recode {
	int code, first, last; /* DIPCON's code, in these years, ... */
	int cow;               /* ... is this COW code; 0: a state in neither list */
	const char *what;      /* when cow is 0: what it is */
} recodes[] = {
	/* Yemen before the union of 1990 is the Yemen Arab Republic, COW 678:
	 * DIPCON writes 679 for it in 1960, and in 1975 as the receiver */
	{ 679, 1000, 1989, 678, NULL },
	/* 1960 swaps the Vietnams: its 816 hosts the embassies of the United
	 * States, the United Kingdom and France, its 817 those of the Soviet
	 * Union and its allies */
	{ 816, 1960, 1960, 817, NULL },
	{ 817, 1960, 1960, 816, NULL },
	/* 1960's 552 is the Federation of Rhodesia and Nyasaland (1953-63),
	 * with the high commissions of the United Kingdom and South Africa */
	{ 552, 1000, 1964, 0, "the Federation of Rhodesia and Nyasaland" },
};

/* One observation: a dyad (indices of known parties), a year, its value. */
struct obs {
	uint32_t a, b, row;
	int16_t year;
	uint8_t dipcon;
};

/* A sample year: the parties of its rows and the dyads it observes for
 * certain (bit i * n + j for party[i] to party[j]), for its coverage. */
struct year {
	int year;
	uint32_t *party; /* known party indices, ascending */
	size_t n;
	uint8_t *seen;
	size_t conflicts; /* dyads whose rows disagree */
};

enum cell_state { CELL_NUMBER, CELL_MISSING, CELL_TEXT };

struct dipcon {
	struct import_job *job;
	const char *path, *base;
	unsigned file;
	int col[N_COLS], last; /* the variable index of each column; the highest */
	int cols_checked, failed;
	struct cell {
		enum cell_state state;
		double v;
		char text[24]; /* a string that is no number, printable */
	} cell[N_COLS];
	struct strbuf rs_error; /* ReadStat's own message */
	int32_t party[1000];    /* COW code -> known party index, or -1 */
	struct obs *obs;
	size_t n_obs, alloc_obs;
	struct year *years;
	size_t n_years;
	struct strbuf events;   /* the facts, one a line ... */
	uint32_t *ev_rows;      /* ... and the row each came from */
	size_t n_ev, alloc_ev;
	struct hashmap unmatched;
};

static const char *party_id(const struct dipcon *d, uint32_t i)
{
	return chancery_registry_party(d->job->known, i)->id;
}

/* ---- reading the rows ---- */

/* The party of each COW code: the world's id for it (as world_by_cow
 * gives it) when the registry has it, else a party the registry gives
 * that code. */
static void party_table(struct dipcon *d)
{
	const chancery_registry *r = d->job->known;
	size_t n = r ? chancery_registry_party_count(r) : 0;
	unsigned char world[1000] = { 0 };
	for (int c = 0; c < 1000; c++)
		d->party[c] = -1;
	for (size_t i = n; i-- > 0;) {
		int cow = chancery_registry_party(r, i)->cow;
		if (cow > 0 && cow < 1000)
			d->party[cow] = (int32_t)i;
	}
	/* world_by_cow's answer for every code, in one pass over its table
	 * (the first entry of a code is the one it gives) */
	for (size_t k = 0; r && k < n_world_codes; k++) {
		const struct world_code *w = &world_codes[k];
		size_t i;
		if (w->cow <= 0 || w->cow >= 1000 || world[w->cow]++)
			continue;
		if (chancery_registry_lookup(r, w->id, &i) == CHANCERY_ENT_PARTY)
			d->party[w->cow] = (int32_t)i;
	}
}

static int check_cols(struct dipcon *d)
{
	d->cols_checked = 1;
	d->last = -1;
	for (int k = 0; k < N_COLS; k++) {
		if (d->col[k] < 0) {
			chancery_diags_add(d->job->diags, CHANCERY_ERROR, d->path, 0, 0, NULL,
					   "not the Diplomatic Contacts Database: no column '%s'",
					   col_names[k]);
			d->failed = 1;
			return -1;
		}
		if (d->col[k] > d->last)
			d->last = d->col[k];
	}
	return 0;
}

static int on_variable(int index, readstat_variable_t *var, const char *labels, void *ctx)
{
	struct dipcon *d = ctx;
	const char *name = readstat_variable_get_name(var);
	(void)labels;
	for (int k = 0; name && k < N_COLS; k++)
		if (d->col[k] < 0 && !strcmp(name, col_names[k])) {
			d->col[k] = index;
			return READSTAT_HANDLER_OK;
		}
	return READSTAT_HANDLER_SKIP_VARIABLE;
}

static void read_cell(struct cell *c, readstat_value_t value, readstat_variable_t *var)
{
	const char *s;
	char *end;
	size_t i = 0;
	c->state = CELL_NUMBER;
	if (readstat_value_is_missing(value, var)) {
		c->state = CELL_MISSING;
		return;
	}
	if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_NUMERIC) {
		c->v = readstat_double_value(value);
		return;
	}
	/* a number written as text is still the number */
	s = readstat_string_value(value);
	while (s && *s == ' ')
		s++;
	if (!s || !*s) {
		c->state = CELL_MISSING;
		return;
	}
	c->v = (double)strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (end != s && !*end && (*s == '-' || (*s >= '0' && *s <= '9')))
		return;
	c->state = CELL_TEXT;
	for (; s[i] && i + 1 < sizeof(c->text); i++)
		c->text[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	c->text[i] = '\0';
}

/* The known party of a COW code in a year, or -1 (the row reported). */
static long party_of(struct dipcon *d, long code, long year, unsigned row, const char *col)
{
	long cow = code;
	char key[48];
	for (size_t i = 0; i < sizeof(recodes) / sizeof(*recodes); i++)
		if (recodes[i].code == code && year >= recodes[i].first && year <= recodes[i].last) {
			if (!recodes[i].cow) {
				snprintf(key, sizeof(key), "%ld in %ld", code, year);
				import_unmatched(&d->unmatched, key);
				import_bad(d->job, d->path, row, "%s %ld in %ld is %s, a state in neither list",
					   col, code, year, recodes[i].what);
				return -1;
			}
			cow = recodes[i].cow;
			break;
		}
	if (cow > 0 && cow < 1000 && d->party[cow] >= 0)
		return d->party[cow];
	snprintf(key, sizeof(key), "%ld", code);
	import_unmatched(&d->unmatched, key);
	import_bad(d->job, d->path, row, "%s %ld is not a state chancery knows", col, code);
	return -1;
}

static void row_done(struct dipcon *d, unsigned row)
{
	struct import_job *job = d->job;
	long v[N_COLS], a, b;
	struct obs *o;
	job->rows++;
	import_progress(job, d->path, job->rows, 0);
	if (import_skipped(job, d->file, row))
		return;
	for (int k = 0; k < N_COLS; k++) {
		const struct cell *c = &d->cell[k];
		if (c->state == CELL_MISSING) {
			import_bad(job, d->path, row, "%s is missing", col_names[k]);
			return;
		}
		if (c->state == CELL_TEXT) {
			import_bad(job, d->path, row, "%s '%s' is not a number", col_names[k], c->text);
			return;
		}
		if (!(c->v >= -1e9 && c->v <= 1e9) || c->v != (double)(long)c->v) {
			import_bad(job, d->path, row, "%s %g is not a whole number", col_names[k], c->v);
			return;
		}
		v[k] = (long)c->v;
	}
	if (v[COL_YEAR] < 1000 || v[COL_YEAR] > 9999) {
		import_bad(job, d->path, row, "year %ld is not a year of four digits", v[COL_YEAR]);
		return;
	}
	if (v[COL_DIPCON] != 0 && v[COL_DIPCON] != 1) {
		import_bad(job, d->path, row, "dipcon %ld is neither 0 nor 1", v[COL_DIPCON]);
		return;
	}
	if ((a = party_of(d, v[COL_A], v[COL_YEAR], row, "ccodea")) < 0 ||
	    (b = party_of(d, v[COL_B], v[COL_YEAR], row, "ccodeb")) < 0)
		return;
	if (a == b) {
		import_bad(job, d->path, row, "ccodea %ld and ccodeb %ld are both '%s' in %ld",
			   v[COL_A], v[COL_B], party_id(d, (uint32_t)a), v[COL_YEAR]);
		return;
	}
	ALLOC_GROW(d->obs, d->n_obs + 1, d->alloc_obs);
	o = &d->obs[d->n_obs++];
	*o = (struct obs){ (uint32_t)a, (uint32_t)b, row, (int16_t)v[COL_YEAR],
			   (uint8_t)v[COL_DIPCON] };
}

static int on_value(int obs_index, readstat_variable_t *var, readstat_value_t value, void *ctx)
{
	struct dipcon *d = ctx;
	int index = readstat_variable_get_index(var);
	if (!d->cols_checked && check_cols(d) < 0)
		return READSTAT_HANDLER_ABORT;
	for (int k = 0; k < N_COLS; k++)
		if (d->col[k] == index)
			read_cell(&d->cell[k], value, var);
	if (index == d->last) {
		row_done(d, (unsigned)obs_index + 1);
		for (int k = 0; k < N_COLS; k++)
			d->cell[k].state = CELL_MISSING;
	}
	return READSTAT_HANDLER_OK;
}

/* ReadStat's first message, kept for the error: printable, without its
 * full stop (it may quote bytes of the file). */
static void on_error(const char *message, void *ctx)
{
	struct dipcon *d = ctx;
	if (d->rs_error.len)
		return;
	for (const char *m = message; *m; m++)
		strbuf_addch(&d->rs_error, (unsigned char)*m >= 0x20 && *m != 0x7f ? *m : ' ');
	while (d->rs_error.len && strchr(" .", d->rs_error.buf[d->rs_error.len - 1]))
		strbuf_setlen(&d->rs_error, d->rs_error.len - 1);
}

/* ReadStat reads a Stata file a row at a time: from memory, not with a
 * read() each (that was half the time of 426,181 rows). */
struct mem_io {
	const char *buf;
	size_t len, pos;
};

static int mem_open(const char *path, void *ctx)
{
	(void)path;
	((struct mem_io *)ctx)->pos = 0;
	return 0;
}

static int mem_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static readstat_off_t mem_seek(readstat_off_t off, readstat_io_flags_t whence, void *ctx)
{
	struct mem_io *m = ctx;
	readstat_off_t base = whence == READSTAT_SEEK_SET ? 0 :
			      whence == READSTAT_SEEK_CUR ? (readstat_off_t)m->pos : (readstat_off_t)m->len;
	if (off < -base || off > (readstat_off_t)m->len - base)
		return -1;
	m->pos = (size_t)(base + off);
	return (readstat_off_t)m->pos;
}

static ssize_t mem_read(void *buf, size_t n, void *ctx)
{
	struct mem_io *m = ctx;
	if (n > m->len - m->pos)
		n = m->len - m->pos;
	if (n)
		memcpy(buf, m->buf + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static readstat_error_t mem_update(long size, readstat_progress_handler progress, void *user,
				   void *ctx)
{
	(void)size, (void)progress, (void)user, (void)ctx;
	return READSTAT_OK;
}

static int read_rows(struct dipcon *d)
{
	struct strbuf raw = STRBUF_INIT;
	struct mem_io io = { 0 };
	readstat_parser_t *p;
	readstat_error_t err;
	int ret;
	for (int k = 0; k < N_COLS; k++) {
		d->col[k] = -1;
		d->cell[k].state = CELL_MISSING;
	}
	if ((ret = import_read_file(d->job, d->path, &raw)))
		return ret;
	io.buf = raw.buf;
	io.len = raw.len;
	p = readstat_parser_init();
	readstat_set_open_handler(p, mem_open);
	readstat_set_close_handler(p, mem_close);
	readstat_set_seek_handler(p, mem_seek);
	readstat_set_read_handler(p, mem_read);
	readstat_set_update_handler(p, mem_update);
	readstat_set_io_ctx(p, &io);
	readstat_set_variable_handler(p, on_variable);
	readstat_set_value_handler(p, on_value);
	readstat_set_error_handler(p, on_error);
	err = readstat_parse_dta(p, d->path, d);
	readstat_parser_free(p);
	strbuf_release(&raw);
	if (d->failed)
		return -CHANCERY_EINPUT;
	if (err != READSTAT_OK) {
		/* nothing of a file read in part: it may be the wrong file */
		chancery_diags_add(d->job->diags, CHANCERY_ERROR, d->path, 0, 0, NULL,
				   "not a Stata file that ReadStat can read (%s)",
				   d->rs_error.len ? d->rs_error.buf : readstat_error_message(err));
		return -CHANCERY_EINPUT;
	}
	return !d->cols_checked && check_cols(d) < 0 ? -CHANCERY_EINPUT : 0;
}

/* ---- the years and what they cover ---- */

static struct year *find_year(struct dipcon *d, int year)
{
	size_t lo = 0, hi = d->n_years;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->years[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n_years && d->years[lo].year == year ? &d->years[lo] : NULL;
}

static long find_party(const struct year *y, uint32_t party)
{
	size_t lo = 0, hi = y->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (y->party[mid] < party)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < y->n && y->party[lo] == party ? (long)lo : -1;
}

/* Each year with the parties of its rows, from (year, party) pairs sorted. */
static void build_years(struct dipcon *d)
{
	struct sort_item *v = xmalloc((2 * d->n_obs + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < d->n_obs; i++) {
		uint64_t y = (uint64_t)(uint16_t)d->obs[i].year << 32;
		v[n++] = (struct sort_item){ y | d->obs[i].a, 0 };
		v[n++] = (struct sort_item){ y | d->obs[i].b, 0 };
	}
	radix_sort(v, n);
	for (size_t i = 0; i < n; i++) {
		int year = (int)(v[i].key >> 32);
		struct year *y = d->n_years ? &d->years[d->n_years - 1] : NULL;
		if (i && v[i].key == v[i - 1].key)
			continue;
		if (!y || y->year != year) {
			d->years = xrealloc(d->years, (d->n_years + 1) * sizeof(*d->years));
			y = &d->years[d->n_years++];
			*y = (struct year){ .year = year };
		}
		y->party = xrealloc(y->party, (y->n + 1) * sizeof(*y->party));
		y->party[y->n++] = (uint32_t)v[i].key;
	}
	for (size_t i = 0; i < d->n_years; i++)
		d->years[i].seen = xcalloc(d->years[i].n * d->years[i].n / 8 + 1, 1);
	free(v);
}

static int seen(const struct year *y, size_t i, size_t j)
{
	size_t bit = i * y->n + j;
	return y->seen[bit / 8] >> (bit % 8) & 1;
}

static void mark_seen(struct dipcon *d, const struct obs *o)
{
	struct year *y = find_year(d, o->year);
	size_t bit = (size_t)find_party(y, o->a) * y->n + (size_t)find_party(y, o->b);
	y->seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* The COW system's membership spells of the known parties, in days:
 * enter-system opens one on its first day, exit-system ends the open one
 * on its last. */
struct spell {
	uint32_t party;
	int32_t lo, hi;
};

struct edge {
	uint32_t party;
	int32_t day;
	int exit;
};

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;
	if (a->party != b->party)
		return a->party < b->party ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return b->exit - a->exit; /* a spell that ends the day another begins ends first */
}

static struct spell *cow_spells(const chancery_registry *r, size_t *n_out)
{
	struct edge *e = NULL;
	struct spell *s;
	size_t n = 0, alloc = 0, ns = 0;
	for (size_t i = 0; r && i < chancery_registry_event_count(r); i++) {
		const struct chancery_event *ev = chancery_registry_event(r, i);
		int exit = ev->kind == CHANCERY_EV_EXIT_SYSTEM;
		size_t pi;
		if ((!exit && ev->kind != CHANCERY_EV_ENTER_SYSTEM) || !ev->system ||
		    strcmp(ev->system, "cow") || !ev->actor ||
		    chancery_registry_lookup(r, ev->actor, &pi) != CHANCERY_ENT_PARTY)
			continue;
		ALLOC_GROW(e, n + 1, alloc);
		e[n++] = (struct edge){ (uint32_t)pi, exit ? ev->date.hi : ev->date.lo, exit };
	}
	if (n > 1)
		qsort(e, n, sizeof(*e), cmp_edge);
	s = xmalloc((n + 1) * sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		int open = ns && s[ns - 1].party == e[i].party && s[ns - 1].hi == CHANCERY_DAY_MAX;
		if (!e[i].exit && !open)
			s[ns++] = (struct spell){ e[i].party, e[i].day, CHANCERY_DAY_MAX };
		else if (e[i].exit && open)
			s[ns - 1].hi = e[i].day;
	}
	free(e);
	*n_out = ns;
	return s;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Write "ID,ID,..." of the parties v[0..n), in id order. */
static void id_list(const struct dipcon *d, struct strbuf *sb, const uint32_t *v, size_t n)
{
	const char **ids = xmalloc((n + 1) * sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = party_id(d, v[i]);
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", ids[i]);
	free(ids);
}

static void covers_line(struct dipcon *d, int year, const char *by, const char *with)
{
	import_line(d->job, 0, 0);
	strbuf_addf(&d->job->out, "  covers missions type=embassy members=cow from=%d-05 to=%d-06",
		    year, year);
	if (by)
		strbuf_addf(&d->job->out, " by=%s with=%s", by, with);
	strbuf_addch(&d->job->out, '\n');
}

/* The COW members of some day of May and June of the year that the file
 * does not have that year, as an id list into sb; returns how many. */
static size_t absent_members(struct dipcon *d, const struct year *y, const struct spell *s,
			     size_t ns, struct strbuf *sb)
{
	int32_t lo = chancery_day_from_ymd(y->year, 5, 1), hi = chancery_day_from_ymd(y->year, 6, 30);
	uint32_t *v = xmalloc((ns + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ns; i++)
		if (s[i].lo <= hi && s[i].hi >= lo && find_party(y, s[i].party) < 0 &&
		    (!n || v[n - 1] != s[i].party))
			v[n++] = s[i].party;
	id_list(d, sb, v, n);
	free(v);
	return n;
}

/* The receivers of the year's party[i] that the year observes for
 * certain, into v; returns how many. */
static size_t receivers(const struct year *y, size_t i, uint32_t *v)
{
	size_t n = 0;
	for (size_t j = 0; j < y->n; j++)
		if (j != i && seen(y, i, j))
			v[n++] = y->party[j];
	return n;
}

/* The covers lines of a year: all COW members when the file has them all
 * and every dyad between them; else the file's states, and where a dyad
 * has no certain observation, a line for each of its senders naming the
 * receivers it has one with. */
static void year_coverage(struct dipcon *d, const struct year *y, const struct spell *s,
			  size_t ns)
{
	struct strbuf absent = STRBUF_INIT, all = STRBUF_INIT, by = STRBUF_INIT, with = STRBUF_INIT;
	uint32_t *v = xmalloc((y->n + 1) * sizeof(*v)), *full = xmalloc((y->n + 1) * sizeof(*full));
	size_t n_absent = absent_members(d, y, s, ns, &absent), n_full = 0;

	if (n_absent)
		chancery_diags_add(d->job->diags, CHANCERY_WARNING, d->path, 0, 0, NULL,
				   "%d: COW members in May or June that the file does not have: %s;"
				   " the coverage of %d names the file's %zu states",
				   y->year, absent.buf, y->year, y->n);
	if (y->conflicts)
		chancery_diags_add(d->job->diags, CHANCERY_WARNING, d->path, 0, 0, NULL,
				   "%d: the rows of %zu dyad%s disagree; the dyad%s %d is left out, from"
				   " the facts and from the coverage", y->year, y->conflicts,
				   y->conflicts == 1 ? "" : "s", y->conflicts == 1 ? "'s" : "s'", y->year);
	id_list(d, &all, y->party, y->n);
	for (size_t i = 0; i < y->n; i++)
		if (receivers(y, i, v) + 1 == y->n)
			full[n_full++] = y->party[i];
	id_list(d, &by, full, n_full);
	if (n_full == y->n && !n_absent && ns)
		covers_line(d, y->year, NULL, NULL);
	else if (n_full)
		covers_line(d, y->year, by.buf, all.buf);
	for (size_t i = 0, n; n_full < y->n && i < y->n; i++) {
		if ((n = receivers(y, i, v)) + 1 == y->n || !n)
			continue;
		strbuf_reset(&with);
		id_list(d, &with, v, n);
		covers_line(d, y->year, party_id(d, y->party[i]), with.buf);
	}
	free(v);
	free(full);
	strbuf_release(&absent);
	strbuf_release(&all);
	strbuf_release(&by);
	strbuf_release(&with);
}

static void write_source(struct dipcon *d)
{
	struct spell *s;
	size_t ns;
	if (d->job->known && chancery_registry_lookup(d->job->known, d->base, NULL) == CHANCERY_ENT_SOURCE)
		return;
	import_line(d->job, 0, 0);
	strbuf_addf(&d->job->out,
		    "source %s \"Diplomatic Contacts Database (DIPCON), version 1.1, by Patrick Rhamey,"
		    " Kirssa Cline, Sverre Bodung, Alexis Henshaw, Beau James, Chansuk Kang, Alicia"
		    " Sedziak, Aakriti Tandon and Thomas J. Volgy\" publisher=\"School of Government"
		    " and Public Policy, University of Arizona\" date=2010-03"
		    " url=\"http://www.u.arizona.edu/~volgy/data.html\" note=\"Cite as: Patrick Rhamey,"
		    " Kirssa Cline, Sverre Bodung, Alexis Henshaw, Beau James, Chansuk Kang, Alicia"
		    " Sedziak, Aakriti Tandon, and Thomas J. Volgy. 2010. Diplomatic Contacts Database"
		    " (DIPCON). Tucson: School of Government and Public Policy, University of Arizona"
		    " (Version 1.1). The file %s; a fact's id names its observation (row, from 1).\"\n",
		    d->base, d->base);
	s = cow_spells(d->job->known, &ns);
	for (size_t i = 0; i < d->n_years; i++)
		if (d->years[i].n >= 2)
			year_coverage(d, &d->years[i], s, ns);
	free(s);
}

/* ---- the facts ---- */

/* A change shown by observation o after prev (-1: o is the dyad's first). */
static void emit(struct dipcon *d, const struct obs *o, int prev, int prev_year)
{
	const char *what = o->dipcon ? "open" : "close";
	ALLOC_GROW(d->ev_rows, d->n_ev + 1, d->alloc_ev);
	d->ev_rows[d->n_ev++] = o->row;
	if (prev < 0)
		strbuf_addf(&d->events, "../%d", o->year);
	else
		strbuf_addf(&d->events, "%d/%d", prev_year, o->year);
	strbuf_addf(&d->events, " %s-mission %s %s type=embassy id=%s:%u.%s source=%s\n", what,
		    party_id(d, o->a), party_id(d, o->b), d->base, o->row, what, d->base);
}

/* Rows of one dyad and year that disagree: each is bad, the year unknown. */
static void conflict(struct dipcon *d, const struct sort_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct obs *o = &d->obs[v[i].index], *other = NULL;
		for (size_t j = 0; j < n && !other; j++)
			if (d->obs[v[j].index].dipcon != o->dipcon)
				other = &d->obs[v[j].index];
		import_bad(d->job, d->path, o->row,
			   "%s to %s in %d: dipcon %d here, %d in row %u; the dyad's %d is not known",
			   party_id(d, o->a), party_id(d, o->b), o->year, o->dipcon, other->dipcon,
			   other->row, o->year);
	}
	find_year(d, d->obs[v[0].index].year)->conflicts++;
}

/* One dyad's observations, sorted by year (rows of a year in file order).
 * A year the dyad is not observed in is no observation: the next one is
 * compared with the last before it, so that an embassy open on both sides
 * of the gap is not closed and opened again in a year nobody looked at. */
static void dyad(struct dipcon *d, const struct sort_item *v, size_t n)
{
	int prev = -1, prev_year = 0;
	for (size_t i = 0, j; i < n; i = j) {
		const struct obs *o = &d->obs[v[i].index];
		int agree = 1;
		for (j = i + 1; j < n && d->obs[v[j].index].year == o->year; j++)
			agree &= d->obs[v[j].index].dipcon == o->dipcon;
		if (!agree) {
			conflict(d, v + i, j - i);
			continue;
		}
		mark_seen(d, o);
		if (prev < 0 ? o->dipcon : o->dipcon != prev)
			emit(d, o, prev, prev_year);
		prev = o->dipcon;
		prev_year = o->year;
	}
}

static void dyads(struct dipcon *d)
{
	struct sort_item *v = xmalloc((d->n_obs + 1) * sizeof(*v));
	for (size_t i = 0; i < d->n_obs; i++) {
		const struct obs *o = &d->obs[i];
		v[i].key = (uint64_t)o->a << 40 | (uint64_t)o->b << 16 | (uint16_t)o->year;
		v[i].index = (uint32_t)i;
	}
	radix_sort(v, d->n_obs);
	for (size_t i = 0, j; i < d->n_obs; i = j) {
		for (j = i + 1; j < d->n_obs && v[j].key >> 16 == v[i].key >> 16; j++)
			;
		dyad(d, v + i, j - i);
	}
	free(v);
}

static void release(struct dipcon *d)
{
	for (size_t i = 0; i < d->n_years; i++) {
		free(d->years[i].party);
		free(d->years[i].seen);
	}
	free(d->years);
	free(d->obs);
	free(d->ev_rows);
	strbuf_release(&d->events);
	strbuf_release(&d->rs_error);
}

int import_dipcon(struct import_job *job, const char *const *paths, size_t n)
{
	struct dipcon d = { .job = job, .rs_error = STRBUF_INIT, .events = STRBUF_INIT,
			    .unmatched = HASHMAP_INIT };
	const char *at;
	int ret;
	if (n != 1) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "expected one file, DIPCON's Stata file (DIPCON23.dta)");
		return -CHANCERY_EINPUT;
	}
	if (job->known && chancery_registry_party_count(job->known) >= 1u << 24) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, paths[0], 0, 0, NULL,
				   "more than 2^24 parties to match: too many to sort dyads by");
		return -CHANCERY_EINPUT;
	}
	d.path = paths[0];
	d.base = import_basename(paths[0]);
	d.file = import_file_number(job, paths[0]);
	party_table(&d);
	ret = read_rows(&d);
	import_progress(job, d.path, job->rows, 1);
	if (ret) {
		import_unmatched_flush(job, &d.unmatched, "COW code"); /* frees its keys */
		release(&d);
		return ret;
	}
	build_years(&d);
	dyads(&d);
	write_source(&d);
	at = d.events.buf;
	for (size_t i = 0; i < d.n_ev; i++) {
		const char *nl = strchr(at, '\n');
		import_line(job, d.file, d.ev_rows[i]);
		strbuf_add(&job->out, at, (size_t)(nl - at) + 1);
		at = nl + 1;
	}
	job->facts += d.n_ev;
	import_unmatched_flush(job, &d.unmatched, "COW code");
	release(&d);
	return 0;
}
