/* states.c: the COW State System Membership List and the Gleditsch-Ward
 * lists of independent states and microstates, as parties with their
 * codes and names (ISO 3166-1 from iso-codes where the state has a code)
 * and their membership spells as enter-system / exit-system events. Each
 * event's id names its file and row ("cow_statelist2024.csv:5.enter");
 * each fact cites the file as its source. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "base/banned.h"

enum { SYS_COW = 0, SYS_GW = 1 };
static const char *const system_word[] = { "cow", "gw" };

struct spell {
	const struct world_code *w;
	int system;
	int32_t start, end; /* days */
	unsigned file, row;
	char *name;         /* the list's name of the state */
};

struct states {
	struct import_job *job;
	const char *path;
	unsigned file;
	int system;
	int header_seen;
	struct spell *v;
	size_t n, alloc;
	int32_t censor[8]; /* per file: the last end date, the list's own end */
	struct hashmap unmatched;
	/* Wikidata ids from the database of embassies: each row names two
	 * states (operator, country) with their QIDs. */
	struct qid_vote {
		char *name, *qid;
	} *votes;
	size_t n_votes, alloc_votes;
	unsigned qid_file;
};

static int parse_num(const char *s, size_t len, long *out)
{
	long n = 0;
	if (!len || len > 6)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	*out = n;
	return 0;
}

static int parse_iso_day(const char *s, size_t len, int32_t *day)
{
	long y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-' || parse_num(s, 4, &y) ||
	    parse_num(s + 5, 2, &m) || parse_num(s + 8, 2, &d) || !chancery_ymd_valid((int)y, (int)m, (int)d))
		return -1;
	*day = chancery_day_from_ymd((int)y, (int)m, (int)d);
	return 0;
}

static int add_spell(struct states *st, unsigned line, int code, const char *name, int32_t start,
		     int32_t end)
{
	const struct world_code *w = st->system == SYS_COW ? world_by_cow(code) : world_by_gw(code);
	char buf[32];
	if (!w) {
		snprintf(buf, sizeof(buf), "%d", code);
		import_unmatched(&st->unmatched, buf);
		import_bad(st->job, st->path, line, "%s code %d is not a state chancery knows",
			   st->system == SYS_COW ? "COW" : "GW", code);
		return 0;
	}
	if (!import_has_text(name)) {
		import_bad(st->job, st->path, line, "the state has no name");
		return 0;
	}
	if (end < start) {
		import_bad(st->job, st->path, line, "the spell ends before it starts");
		return 0;
	}
	if (import_skipped(st->job, st->file, line))
		return 0;
	ALLOC_GROW(st->v, st->n + 1, st->alloc);
	st->v[st->n++] = (struct spell){ w, st->system, start, end, st->file, line, xstrdup(name) };
	if (st->file < 8 && end > st->censor[st->file])
		st->censor[st->file] = end;
	return 0;
}

/* stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version */
static int cow_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct states *st = ctx;
	long code, v[6];
	int32_t start, end;
	if (!st->header_seen) {
		st->header_seen = 1;
		return 0;
	}
	st->job->rows++;
	import_progress(st->job, st->path, st->job->rows, 0);
	if (n < 9) {
		import_bad(st->job, st->path, line, "expected 10 fields, found %zu", n);
		return 0;
	}
	if (parse_num(f[1], lens[1], &code) || !code) {
		import_bad(st->job, st->path, line, "expected a COW code in 'ccode', found '%s'", f[1]);
		return 0;
	}
	for (int i = 0; i < 6; i++)
		if (parse_num(f[3 + i], lens[3 + i], &v[i])) {
			import_bad(st->job, st->path, line, "expected a number in field %d, found '%s'",
				   4 + i, f[3 + i]);
			return 0;
		}
	if (!chancery_ymd_valid((int)v[0], (int)v[1], (int)v[2]) ||
	    !chancery_ymd_valid((int)v[3], (int)v[4], (int)v[5])) {
		import_bad(st->job, st->path, line, "start or end is not a day of the calendar");
		return 0;
	}
	start = chancery_day_from_ymd((int)v[0], (int)v[1], (int)v[2]);
	end = chancery_day_from_ymd((int)v[3], (int)v[4], (int)v[5]);
	return add_spell(st, line, (int)code, f[2], start, end);
}

/* statenumber stateid countryname start end (tabs) */
static int gw_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct states *st = ctx;
	long code;
	int32_t start, end;
	if (!st->header_seen) {
		st->header_seen = 1;
		return 0;
	}
	st->job->rows++;
	import_progress(st->job, st->path, st->job->rows, 0);
	if (n < 5) {
		import_bad(st->job, st->path, line, "expected 5 tab-separated fields, found %zu", n);
		return 0;
	}
	if (parse_num(f[0], lens[0], &code) || !code) {
		import_bad(st->job, st->path, line, "expected a GW code in 'statenumber', found '%s'",
			   f[0]);
		return 0;
	}
	if (parse_iso_day(f[3], lens[3], &start) || parse_iso_day(f[4], lens[4], &end)) {
		import_bad(st->job, st->path, line,
			   "expected start and end as YYYY-MM-DD, found '%s' and '%s'", f[3], f[4]);
		return 0;
	}
	return add_spell(st, line, (int)code, f[2], start, end);
}

/* operator;operatorQID;...;country;countryQID;... */
static int qid_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct states *st = ctx;
	(void)line;
	(void)lens;
	if (!st->header_seen) {
		st->header_seen = 1;
		return 0;
	}
	for (size_t k = 0; k + 1 < n && k <= 4; k += 4) {
		const char *q = strrchr(f[k + 1], '/');
		q = q ? q + 1 : f[k + 1];
		if (!*f[k] || q[0] != 'Q' || !q[1] || strspn(q + 1, "0123456789") != strlen(q + 1))
			continue;
		ALLOC_GROW(st->votes, st->n_votes + 1, st->alloc_votes);
		st->votes[st->n_votes].name = xstrdup(f[k]);
		st->votes[st->n_votes].qid = xstrdup(q);
		st->n_votes++;
	}
	return 0;
}

static int starts_with(const char *buf, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	return len >= n && !memcmp(buf, prefix, n);
}

static int read_one(struct states *st, const char *path)
{
	struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT;
	int ret = import_read_file(st->job, path, &raw);
	if (ret)
		goto out;
	st->path = path;
	st->file = import_file_number(st->job, path);
	st->header_seen = 0;
	if (starts_with(raw.buf, raw.len, "stateabb,ccode,statenme,styear,stmonth,stday,endyear")) {
		st->system = SYS_COW;
		ret = import_read_delimited(path, raw.buf, raw.len, ',', cow_row, st, st->job->diags,
					    &st->job->bad);
	} else if (starts_with(raw.buf, raw.len, "statenumber\tstateid\tcountryname\tstart\tend")) {
		st->system = SYS_GW;
		ret = import_latin1_to_utf8(path, raw.buf, raw.len, &text, st->job->diags);
		if (!ret)
			ret = import_read_delimited(path, text.buf, text.len, '\t', gw_row, st,
						    st->job->diags, &st->job->bad);
	} else if (starts_with(raw.buf, raw.len, "operator;operatorQID;jurisdictions;jurisdictionQIDs;country;countryQID;")) {
		/* the database of embassies, read only for the states' Wikidata ids */
		st->qid_file = st->file;
		ret = import_read_delimited(path, raw.buf, raw.len, ';', qid_row, st, st->job->diags,
					    &st->job->bad);
	} else {
		chancery_diags_add(st->job->diags, CHANCERY_ERROR, path, 1, 1, NULL,
				   "not a state list: expected the header of the COW list"
				   " (stateabb,ccode,statenme,...), of a Gleditsch-Ward list"
				   " (statenumber, stateid, countryname, start, end; tab-separated)"
				   " or of the database of embassies (for Wikidata ids)");
		ret = -CHANCERY_EINPUT;
	}
	import_progress(st->job, path, st->job->rows, 1);
out:
	strbuf_release(&raw);
	strbuf_release(&text);
	return ret;
}

static void day_text(int32_t day, char *buf, size_t size)
{
	int y, m, d;
	chancery_day_to_ymd(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* The party of a world code: one the known registry has with the same
 * code (or the same id), else the scheme's id. */
static const char *party_id(const struct import_job *job, const struct world_code *w,
			    int *known)
{
	size_t n = job->known ? chancery_registry_party_count(job->known) : 0;
	for (size_t i = 0; i < n; i++) {
		const struct chancery_party *p = chancery_registry_party(job->known, i);
		if ((w->cow && p->cow == w->cow) || (w->gw && p->gw == w->gw) ||
		    !strcmp(p->id, w->id)) {
			*known = 1;
			return p->id;
		}
	}
	*known = 0;
	return w->id;
}

static int cmp_spell(const void *x, const void *y)
{
	const struct spell *a = x, *b = y;
	if (a->w != b->w)
		return a->w < b->w ? -1 : 1;
	if (a->system != b->system)
		return a->system - b->system;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* The name without a leading "the " (iso-codes writes "the State of Palestine"). */
static const char *no_article(const char *s)
{
	return s && !strncmp(s, "the ", 4) ? s + 4 : s;
}

static int same_name(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The Wikidata id the database of embassies gives the state most often,
 * by any of its names (the smallest on a tie); NULL if none. */
static const char *qid_for(const struct states *st, const struct world_code *w,
			   const struct iso_country *c, const struct spell *v, size_t n)
{
	const char **found = xmalloc((st->n_votes + 1) * sizeof(*found));
	const char *best = NULL;
	size_t n_found = 0, best_n = 0;
	for (size_t i = 0; i < st->n_votes; i++) {
		const struct qid_vote *q = &st->votes[i];
		const char *alias = world_alias(q->name);
		int match = alias ? !strcmp(alias, w->id) : 0;
		if (!alias && c)
			match = same_name(q->name, c->name) || same_name(q->name, c->common) ||
				same_name(q->name, c->official) || same_name(q->name, no_article(c->official));
		for (size_t k = 0; !alias && !match && k < n; k++)
			match = same_name(q->name, v[k].name);
		if (match)
			found[n_found++] = q->qid;
	}
	if (n_found > 1)
		qsort(found, n_found, sizeof(*found), cmp_str);
	for (size_t i = 0; i < n_found;) {
		size_t j = i;
		while (j < n_found && !strcmp(found[j], found[i]))
			j++;
		if (j - i > best_n) {
			best = found[i];
			best_n = j - i;
		}
		i = j;
	}
	free(found);
	return best;
}

static void write_party(struct states *st, const struct iso_table *iso, const struct spell *v,
			size_t n, const char *id)
{
	struct import_job *job = st->job;
	const struct world_code *w = v[0].w;
	const struct iso_country *c = strchr(w->id, '-') ? NULL : iso_by_alpha2(iso, w->id);
	int32_t first = v[0].start, last_end = v[0].end;
	int open = 0;
	char day[16];
	unsigned files_seen = 0;
	const char *qid;

	for (size_t i = 0; i < n; i++) {
		if (v[i].start < first)
			first = v[i].start;
		if (v[i].end > last_end)
			last_end = v[i].end;
		if (v[i].file < 8 && v[i].end >= st->censor[v[i].file])
			open = 1;
		files_seen |= 1u << v[i].file;
	}
	import_line(job, v[0].file, v[0].row);
	strbuf_addf(&job->out, "party %s ", id);
	/* A partially recognised state goes by the list's name: ISO 3166
	 * names Taiwan "Province of China". */
	if (c && w->kind == CHANCERY_PARTY_PARTIALLY_RECOGNISED) {
		import_quote(&job->out, v[0].name, strlen(v[0].name));
		strbuf_addf(&job->out, " iso=%s iso3=%s isonum=%s", c->alpha2, c->alpha3, c->numeric);
	} else if (c) {
		/* ISO's name is inverted where it has no other ("Korea, Republic
		 * of"): then the list's own name reads better. */
		const char *plain = strstr(c->name, ", ") ? v[0].name : c->name;
		const char *name = no_article(c->official ? c->official : plain);
		const char *shortn = c->common ? c->common : plain;
		import_quote(&job->out, name, strlen(name));
		if (strcmp(shortn, name)) {
			strbuf_addstr(&job->out, " short=");
			import_quote(&job->out, shortn, strlen(shortn));
		}
		strbuf_addf(&job->out, " iso=%s iso3=%s isonum=%s", c->alpha2, c->alpha3, c->numeric);
	} else {
		import_quote(&job->out, v[0].name, strlen(v[0].name));
	}
	if (w->kind == CHANCERY_PARTY_PARTIALLY_RECOGNISED)
		strbuf_addstr(&job->out, " kind=partially-recognised");
	if ((qid = qid_for(st, w, c, v, n))) {
		strbuf_addf(&job->out, " wikidata=%s", qid);
		files_seen |= 1u << st->qid_file;
	}
	if (w->cow)
		strbuf_addf(&job->out, " cow=%d", w->cow);
	if (w->gw)
		strbuf_addf(&job->out, " gw=%d", w->gw);
	/* A state existed by its first entry into a list, on a day the list
	 * does not give: statehood is not system membership (Iraq, recognised
	 * by the United States in 1930, entered COW's list on 1932-10-03).
	 * The lists begin on 1816-01-01, before which a state there existed. */
	if (first > chancery_day_from_ymd(1816, 1, 1)) {
		day_text(first, day, sizeof(day));
		strbuf_addf(&job->out, " from=../%s", day);
	}
	if (!open) {
		day_text(last_end, day, sizeof(day));
		strbuf_addf(&job->out, " to=%s", day);
	}
	strbuf_addstr(&job->out, " source=");
	for (unsigned f = 1, first_src = 1; f <= job->n_files; f++)
		if (files_seen & (1u << f)) {
			strbuf_addf(&job->out, "%s%s", first_src ? "" : ",",
				    import_basename(job->files[f - 1]));
			first_src = 0;
		}
	if (c)
		strbuf_addstr(&job->out, ",iso_3166-1.json");
	strbuf_addch(&job->out, '\n');
	job->facts++;
}

static void write_spells(struct states *st, const struct spell *v, size_t n, const char *id)
{
	struct import_job *job = st->job;
	char day[16];
	for (size_t i = 0; i < n; i++) {
		const char *src = import_basename(job->files[v[i].file - 1]);
		day_text(v[i].start, day, sizeof(day));
		import_line(job, v[i].file, v[i].row);
		strbuf_addf(&job->out, "%s enter-system %s system=%s id=%s:%u.enter source=%s\n", day,
			    id, system_word[v[i].system], src, v[i].row, src);
		job->facts++;
		/* A spell ending on the list's own last day has not ended. */
		if (v[i].file < 8 && v[i].end >= st->censor[v[i].file])
			continue;
		day_text(v[i].end, day, sizeof(day));
		import_line(job, v[i].file, v[i].row);
		strbuf_addf(&job->out, "%s exit-system %s system=%s id=%s:%u.exit source=%s\n", day, id,
			    system_word[v[i].system], src, v[i].row, src);
		job->facts++;
	}
}

static const char *const file_titles[][3] = {
	{ "cow_statelist", "State System Membership List", "Correlates of War Project" },
	{ "ksgmdw", "Independent States in the World System (Gleditsch and Ward)",
	  "Kristian Skrede Gleditsch and Michael D. Ward" },
	{ "microstates", "Microstates in the World System (Gleditsch and Ward)",
	  "Kristian Skrede Gleditsch and Michael D. Ward" },
	{ "database_of_embassies", "Database of embassies and consulates (Wikidata)", "Wikidata" },
};

static void write_source(struct import_job *job, const char *path)
{
	const char *base = import_basename(path);
	const char *title = base, *publisher = NULL;
	if (job->known && chancery_registry_lookup(job->known, base, NULL) == CHANCERY_ENT_SOURCE)
		return;
	for (size_t i = 0; i < sizeof(file_titles) / sizeof(*file_titles); i++)
		if (!strncmp(base, file_titles[i][0], strlen(file_titles[i][0]))) {
			title = file_titles[i][1];
			publisher = file_titles[i][2];
		}
	import_line(job, 0, 0);
	strbuf_addf(&job->out, "source %s ", base);
	import_quote(&job->out, title, strlen(title));
	if (publisher) {
		strbuf_addstr(&job->out, " publisher=");
		import_quote(&job->out, publisher, strlen(publisher));
	}
	strbuf_addf(&job->out, " note=\"the file %s; a fact's id names its row\"\n", base);
}

int import_states(struct import_job *job, const char *const *paths, size_t n)
{
	struct states st = { .job = job, .unmatched = HASHMAP_INIT };
	struct iso_table iso;
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++)
		ret = read_one(&st, paths[i]);
	if (!ret)
		ret = iso_table_read(&iso, job->iso_path, job->diags);
	if (!ret) {
		for (size_t i = 0; i < n; i++)
			write_source(job, paths[i]);
		if (!job->known ||
		    chancery_registry_lookup(job->known, "iso_3166-1.json", NULL) != CHANCERY_ENT_SOURCE) {
			import_line(job, 0, 0);
			strbuf_addstr(&job->out,
				      "source iso_3166-1.json \"ISO 3166-1 country codes (Debian iso-codes)\""
				      " publisher=\"International Organization for Standardization\""
				      " note=\"/usr/share/iso-codes/json/iso_3166-1.json\"\n");
		}
		if (st.n > 1)
			qsort(st.v, st.n, sizeof(*st.v), cmp_spell);
		for (size_t i = 0; i < st.n;) {
			size_t j = i;
			int known;
			const char *id;
			while (j < st.n && st.v[j].w == st.v[i].w)
				j++;
			id = party_id(job, st.v[i].w, &known);
			if (!known)
				write_party(&st, &iso, st.v + i, j - i, id);
			write_spells(&st, st.v + i, j - i, id);
			i = j;
		}
		iso_table_release(&iso);
	}
	import_unmatched_flush(job, &st.unmatched, "code");
	for (size_t i = 0; i < st.n; i++)
		free(st.v[i].name);
	free(st.v);
	for (size_t i = 0; i < st.n_votes; i++) {
		free(st.votes[i].name);
		free(st.votes[i].qid);
	}
	free(st.votes);
	return ret;
}
