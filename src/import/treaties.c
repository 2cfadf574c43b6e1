/* treaties.c: manytreaties (globalgov), the parties file (one row per
 * state and treaty) and, if given, the agreements file (one row per
 * treaty): a treaty block per treatyID, and for each party row its
 * signature, ratification, entry into force and end as treaty actions.
 * Dates keep the file's marks as EDTF ("2001?", "2001~", "..2001" as
 * "../2001"); 9999-12-31 means still open and records nothing. An end
 * shared by every party on the treaty's own end date is a termination;
 * another is that party's denunciation taking effect then. */
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "base/banned.h"

/* manytreaties' state codes that are not ISO 3166-1 alpha-3 */
static const struct {
	const char *code, *id;
} state_aliases[] = {
	{ "ALG", "DZ" },	  { "AUH", "COW-AUH" }, { "Bayern", "COW-BAV" }, { "CSK", "COW-CZE" },
	{ "DDR", "COW-GDR" }, { "GDR", "COW-GDR" }, { "EC", "EU" },	      { "EUE", "EU" },
	{ "EUU", "EU" },	  { "HSG", "COW-HSG" }, { "KOS", "XK" },	      { "Kosovo", "XK" },
	{ "LES", "LS" },	  { "PRU", "DE" },	    { "ROM", "RO" },	      { "SCG", "RS" },
	{ "YAR", "COW-YAR" }, { "YMD", "COW-YPR" }, { "YPR", "COW-YPR" },   { "YUG", "RS" },
};

enum { D_SIGN, D_RATIFY, D_FORCE, D_END, D__COUNT };

struct prow {
	unsigned line;
	const char *party;     /* an id of the known registry */
	size_t date[D__COUNT]; /* offsets into the pool of EDTF texts; 0: none */
	uint32_t next;         /* the treaty's next row, or UINT32_MAX */
};

struct ptreaty {
	const char *id, *title; /* in the pool */
	size_t id_off, title_off, end_off;
	unsigned agreement_line;
	size_t force_off;
	uint32_t first, last, n_rows;
};

struct treaties {
	struct import_job *job;
	const char *path, *base, *agreements_base;
	unsigned file, agreements_file;
	int header_seen;
	int col[12];
	struct strbuf pool;
	struct prow *rows;
	size_t n_rows, alloc_rows;
	struct ptreaty *t;
	size_t n_t, alloc_t;
	struct hashmap by_id;    /* treatyID US title -> index (keys in keys) */
	struct hashmap id_count; /* treatyID -> (first index << 32 | treaties so far) */
	char **ids, **keys;
	struct hashmap unmatched;
};

static size_t pool_add(struct strbuf *pool, const char *s, size_t len)
{
	size_t at = pool->len;
	strbuf_add(pool, s, len);
	strbuf_addch(pool, '\0');
	return at;
}

static const char *party_of(const struct import_job *job, const char *code)
{
	const struct chancery_party *p;
	for (size_t i = 0; i < sizeof(state_aliases) / sizeof(*state_aliases); i++)
		if (!strcmp(state_aliases[i].code, code)) {
			code = state_aliases[i].id;
			break;
		}
	if (!job->known || !(p = chancery_registry_find_party(job->known, code)))
		return NULL;
	return p->kind == CHANCERY_PARTY_ORGAN || p->kind == CHANCERY_PARTY_GROUP ? NULL : p->id;
}

/* The treaty of a treatyID and title. manytreaties gives some treatyIDs
 * to more than one treaty (FRA-GBR_1839A names two of that day): the
 * first title keeps the treatyID, the next ones get ".2", ".3", ... in
 * the file's order. */
static long treaty_index(struct treaties *t, const char *id, size_t len, const char *title,
			 size_t title_len)
{
	struct strbuf key = STRBUF_INIT;
	uint64_t v, seen = 0;
	long ret;
	strbuf_add(&key, id, len);
	strbuf_addch(&key, '\x1f');
	strbuf_add(&key, title, title_len);
	if (hashmap_get(&t->by_id, key.buf, &v)) {
		strbuf_release(&key);
		return (long)v;
	}
	ALLOC_GROW(t->t, t->n_t + 1, t->alloc_t);
	t->ids = xrealloc(t->ids, t->alloc_t * sizeof(*t->ids));
	t->keys = xrealloc(t->keys, t->alloc_t * sizeof(*t->keys));
	memset(&t->t[t->n_t], 0, sizeof(*t->t));
	ret = (long)t->n_t;
	t->ids[ret] = xmalloc(len + 16);
	memcpy(t->ids[ret], id, len);
	t->ids[ret][len] = '\0';
	if (hashmap_getn(&t->id_count, id, len, &seen)) {
		size_t first = (size_t)(seen >> 32);
		unsigned count = (unsigned)(seen & 0xffffffffu) + 1;
		snprintf(t->ids[ret] + len, 16, ".%u", count);
		hashmap_set(&t->id_count, t->ids[first], ((uint64_t)first << 32) | count);
	} else {
		hashmap_set(&t->id_count, t->ids[ret], ((uint64_t)ret << 32) | 1);
	}
	t->keys[ret] = strbuf_detach(&key, NULL);
	t->t[ret].first = t->t[ret].last = UINT32_MAX;
	hashmap_set(&t->by_id, t->keys[ret], (uint64_t)ret);
	t->n_t++;
	return ret;
}

/* A date field into the pool as EDTF; 0 when empty or open, -1 when bad. */
static long date_field(struct treaties *t, const char *s, size_t len)
{
	struct strbuf tmp = STRBUF_INIT;
	int open;
	long at;
	if (!len)
		return 0;
	if (import_edtf(s, len, &tmp, &open)) {
		strbuf_release(&tmp);
		return -1;
	}
	at = open ? 0 : (long)pool_add(&t->pool, tmp.buf, tmp.len);
	strbuf_release(&tmp);
	return at;
}

static const char *const party_cols[] = { "stateID", "treatyID", "Title", "End",
					  "StateSignature", "StateRatification", "StateForce",
					  "StateEnd" };

static int party_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct treaties *t = ctx;
	struct import_job *job = t->job;
	struct prow r = { line, NULL, { 0 }, UINT32_MAX };
	const char *party;
	long ti;
	if (!t->header_seen) {
		t->header_seen = 1;
		for (int i = 0; i < 8; i++)
			if ((t->col[i] = import_find_col(f, n, party_cols[i])) < 0) {
				chancery_diags_add(job->diags, CHANCERY_ERROR, t->path, line, 0, NULL,
						   "not manytreaties' parties file: no column '%s'",
						   party_cols[i]);
				return -1;
			}
		return 0;
	}
	job->rows++;
	import_progress(job, t->path, job->rows, 0);
	for (int i = 0; i < 8; i++)
		if ((size_t)t->col[i] >= n) {
			import_bad(job, t->path, line, "expected %d fields, found %zu", t->col[i] + 1, n);
			return 0;
		}
	if (import_skipped(job, t->file, line))
		return 0;
	if (!import_id_ok(f[t->col[1]])) {
		import_bad(job, t->path, line, "treatyID '%s' is not an id (letters, digits, - _ . :)",
			   f[t->col[1]]);
		return 0;
	}
	if (!import_has_text(f[t->col[2]])) {
		import_bad(job, t->path, line, "treaty '%s' has no title", f[t->col[1]]);
		return 0;
	}
	if (!(party = party_of(job, f[t->col[0]]))) {
		import_unmatched(&t->unmatched, *f[t->col[0]] ? f[t->col[0]] : "(empty)");
		import_bad(job, t->path, line, "stateID '%s' is not a party chancery knows",
			   f[t->col[0]]);
		return 0;
	}
	for (int k = 0; k < D__COUNT; k++) {
		int c = t->col[4 + k];
		long at = date_field(t, f[c], lens[c]);
		if (at < 0) {
			import_bad(job, t->path, line, "%s '%s' is not a date", party_cols[4 + k], f[c]);
			return 0;
		}
		r.date[k] = (size_t)at;
	}
	ti = treaty_index(t, f[t->col[1]], lens[t->col[1]], f[t->col[2]], lens[t->col[2]]);
	for (uint32_t k = t->t[ti].first; k != UINT32_MAX; k = t->rows[k].next)
		if (t->rows[k].party == party) {
			import_bad(job, t->path, line, "'%s' is already a party to '%s' (line %u)",
				   party, t->ids[ti], t->rows[k].line);
			return 0;
		}
	r.party = party;
	if (!t->t[ti].title_off) {
		t->t[ti].title_off = pool_add(&t->pool, f[t->col[2]], lens[t->col[2]]);
		t->t[ti].end_off = (size_t)(date_field(t, f[t->col[3]], lens[t->col[3]]) > 0
						   ? date_field(t, f[t->col[3]], lens[t->col[3]])
						   : 0);
	}
	ALLOC_GROW(t->rows, t->n_rows + 1, t->alloc_rows);
	t->rows[t->n_rows] = r;
	if (t->t[ti].last == UINT32_MAX)
		t->t[ti].first = (uint32_t)t->n_rows;
	else
		t->rows[t->t[ti].last].next = (uint32_t)t->n_rows;
	t->t[ti].last = (uint32_t)t->n_rows;
	t->t[ti].n_rows++;
	t->n_rows++;
	return 0;
}

static int agreement_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct treaties *t = ctx;
	int id, title, force, end;
	uint64_t v;
	if (!t->header_seen) {
		t->header_seen = 1;
		if ((t->col[0] = import_find_col(f, n, "treatyID")) < 0 ||
		    (t->col[1] = import_find_col(f, n, "Title")) < 0 || (t->col[2] = import_find_col(f, n, "Force")) < 0 ||
		    (t->col[3] = import_find_col(f, n, "End")) < 0) {
			chancery_diags_add(t->job->diags, CHANCERY_ERROR, t->path, line, 0, NULL,
					   "not manytreaties' agreements file: expected the columns"
					   " treatyID, Title, Force and End");
			return -1;
		}
		return 0;
	}
	id = t->col[0];
	title = t->col[1];
	force = t->col[2];
	end = t->col[3];
	if ((size_t)end >= n || (size_t)force >= n || (size_t)title >= n || (size_t)id >= n)
		return 0;
	{
		struct strbuf key = STRBUF_INIT;
		int found;
		strbuf_add(&key, f[id], lens[id]);
		strbuf_addch(&key, '\x1f');
		strbuf_add(&key, f[title], lens[title]);
		found = hashmap_get(&t->by_id, key.buf, &v);
		strbuf_release(&key);
		if (!found)
			return 0; /* a treaty none of whose parties is known */
	}
	t->t[v].agreement_line = line;
	if (import_has_text(f[title])) /* else the parties file's title stays */
		t->t[v].title_off = pool_add(&t->pool, f[title], lens[title]);
	{
		long at = date_field(t, f[force], lens[force]);
		t->t[v].force_off = at > 0 ? (size_t)at : 0;
		at = date_field(t, f[end], lens[end]);
		t->t[v].end_off = at > 0 ? (size_t)at : 0;
	}
	return 0;
}

static void write_treaty(struct treaties *t, size_t ti)
{
	static const char *const action[] = { "sign", "ratify", "enter-into-force", "denounce" };
	static const char *const suffix[] = { "sign", "ratify", "force", "end" };
	struct import_job *job = t->job;
	struct ptreaty *tr = &t->t[ti];
	const char *end = tr->end_off ? t->pool.buf + tr->end_off : NULL;
	int all_end = end != NULL, any_force = 0;
	const char *title = t->pool.buf + tr->title_off;

	if (tr->n_rows < 1)
		return;
	for (uint32_t k = tr->first; k != UINT32_MAX; k = t->rows[k].next) {
		const struct prow *r = &t->rows[k];
		if (!r->date[D_END] || !end || strcmp(t->pool.buf + r->date[D_END], end))
			all_end = 0;
		any_force |= r->date[D_FORCE] != 0;
	}
	import_line(job, t->file, t->rows[tr->first].line);
	strbuf_addf(&job->out, "treaty %s ", t->ids[ti]);
	import_quote(&job->out, title, strlen(title));
	strbuf_addstr(&job->out, " parties=");
	for (uint32_t k = tr->first; k != UINT32_MAX; k = t->rows[k].next)
		strbuf_addf(&job->out, "%s%s", k == tr->first ? "" : ",", t->rows[k].party);
	strbuf_addf(&job->out, " source=%s", t->base);
	if (tr->agreement_line)
		strbuf_addf(&job->out, ",%s", t->agreements_base);
	strbuf_addch(&job->out, '\n');
	job->facts++;
	if (!any_force && tr->force_off) {
		import_line(job, t->agreements_file, tr->agreement_line);
		strbuf_addf(&job->out, "  %s enter-into-force id=%s.force\n", t->pool.buf + tr->force_off,
			    t->ids[ti]);
		job->facts++;
	}
	for (uint32_t k = tr->first; k != UINT32_MAX; k = t->rows[k].next) {
		const struct prow *r = &t->rows[k];
		for (int d = 0; d < D__COUNT; d++) {
			const char *date = r->date[d] ? t->pool.buf + r->date[d] : NULL;
			if (!date || (d == D_END && all_end))
				continue;
			import_line(job, t->file, r->line);
			strbuf_addf(&job->out, "  %s %s %s", date, action[d], r->party);
			if (d == D_END)
				strbuf_addf(&job->out, " effect=%s", date);
			strbuf_addf(&job->out, " id=%s:%u.%s\n", t->base, r->line, suffix[d]);
			job->facts++;
		}
	}
	if (all_end) {
		import_line(job, tr->agreement_line ? t->agreements_file : t->file,
			    tr->agreement_line ? tr->agreement_line : t->rows[tr->first].line);
		strbuf_addf(&job->out, "  %s terminate id=%s.end\n", end, t->ids[ti]);
		job->facts++;
	}
}

static void write_source(struct import_job *job, const char *base, const char *title)
{
	if (job->known && chancery_registry_lookup(job->known, base, NULL) == CHANCERY_ENT_SOURCE)
		return;
	import_line(job, 0, 0);
	strbuf_addf(&job->out, "source %s \"%s\" publisher=\"globalgov manytreaties\""
			       " note=\"the file %s; an action's id names its row\"\n",
		    base, title, base);
}

int import_treaties(struct import_job *job, const char *const *paths, size_t n)
{
	struct treaties t = { .job = job, .pool = STRBUF_INIT, .by_id = HASHMAP_INIT, .id_count = HASHMAP_INIT,
			      .unmatched = HASHMAP_INIT };
	struct strbuf raw = STRBUF_INIT;
	int ret;
	if (n < 1 || n > 2) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "expected the parties file and, optionally, the agreements file");
		return -CHANCERY_EINPUT;
	}
	strbuf_addch(&t.pool, '\0'); /* offset 0 means none */
	if ((ret = import_read_file(job, paths[0], &raw)))
		goto out;
	t.path = paths[0];
	t.base = import_basename(paths[0]);
	t.file = import_file_number(job, paths[0]);
	ret = import_read_delimited(t.path, raw.buf, raw.len, ',', party_row, &t, job->diags, &job->bad);
	import_progress(job, t.path, job->rows, 1);
	if (!ret && n == 2) {
		strbuf_reset(&raw);
		if ((ret = import_read_file(job, paths[1], &raw)))
			goto out;
		t.path = paths[1];
		t.agreements_base = import_basename(paths[1]);
		t.agreements_file = import_file_number(job, paths[1]);
		t.header_seen = 0;
		ret = import_read_delimited(t.path, raw.buf, raw.len, ',', agreement_row, &t,
					    job->diags, &job->bad);
	}
	if (ret)
		goto out;
	write_source(job, t.base, "manytreaties: parties");
	if (n == 2)
		write_source(job, t.agreements_base, "manytreaties: agreements");
	for (size_t i = 0; i < t.n_t; i++)
		write_treaty(&t, i);
out:
	import_unmatched_flush(job, &t.unmatched, "stateID");
	for (size_t i = 0; i < t.n_t; i++) {
		free(t.ids[i]);
		free(t.keys[i]);
	}
	free(t.ids);
	free(t.keys);
	hashmap_release(&t.id_count);
	free(t.t);
	free(t.rows);
	hashmap_release(&t.by_id);
	strbuf_release(&t.pool);
	strbuf_release(&raw);
	return ret;
}
