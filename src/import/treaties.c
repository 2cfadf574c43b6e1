/* treaties.c: manytreaties (globalgov), the parties file (one row per
 * state and treaty, and one per membership spell when a state left a
 * treaty and joined it again) and, if given, the agreements file (one row
 * per treaty): a treaty block per treatyID, and for each party row its
 * signature, ratification (an accession when a later spell has no
 * signature of its own), entry into force and end as treaty actions.
 * Dates keep the file's marks as EDTF ("2001?", "2001~", "..2001" as
 * "../2001"); 9999-12-31 means still open and records nothing. An end
 * shared by every party on the treaty's own end date is a termination;
 * another is that party's denunciation taking effect then.
 *
 * A bad field leaves out that field, never the row (docs/import.md, "Bad
 * rows"): a date that is no date, an act outside the party's existence,
 * a ratification before the signature (or that signature, when it is the
 * date of the entry into force). The checks the command runs on the facts (chancery_check)
 * then find nothing to refuse, so no row is lost to them. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "base/banned.h"

/* manytreaties' stateIDs that are not ISO 3166-1 alpha-3 codes (parties
 * are found by their iso3= too): old and misspelt codes of states, and the
 * names it gives international organisations and a German Land
 * (data/world/treaty-parties.ledger). EAT is Tanganyika (its rows' dates
 * are that state's, whose COW code Tanzania keeps); not EAZ: Zanzibar's
 * code, but its 67 rows are declarations of 1947-2020 that list it beside
 * Tanzania, 64 of them after the union of 1964 (left out, counted); SAR, in two African Union
 * treaties, is the Sahrawi Republic (ESH in the others); UNK is UNMIK's
 * code for Kosovo; QAR is Qatar in a treaty between Qatar and Abu Dhabi,
 * VAE the Emirate of Abu Dhabi in a treaty that names it. */
static const struct {
	const char *code, *id;
} state_aliases[] = {
	{ "ALG", "DZ" },
	{ "AUH", "COW-AUH" },
	{ "Bayern", "COW-BAV" },
	{ "Baden-Württemberg", "DE-BW" },
	{ "CSK", "COW-CZE" },
	{ "DDR", "COW-GDR" },
	{ "GDR", "COW-GDR" },
	{ "DZG", "DANZIG" },
	{ "EAT", "TZ" },
	{ "EC", "EU" },
	{ "EUE", "EU" },
	{ "EUU", "EU" },
	{ "ECE UN Economic Commission for Europe", "UNECE" },
	{ "EURATOM European Atomic Energy Community", "EURATOM" },
	{ "IO-EAEC", "EURATOM" },
	{ "IO-European Atomic Energy Community", "EURATOM" },
	{ "FAO Food and Agriculture Organization of the UN", "FAO" },
	{ "IO-Un Food and Agriculture Organization", "FAO" },
	{ "IAEA International Atomic Energy Agency", "IAEA" },
	{ "IO-IAEA", "IAEA" },
	{ "IO-EBRD", "EBRD" },
	{ "IO-IBRD", "IBRD" },
	{ "IO-NEFCO", "NEFCO" },
	{ "IO-World Health Organization", "WHO" },
	{ "WHO World Health Organization", "WHO" },
	{ "IO-World Meteorological Organization", "WMO" },
	{ "WMO World Metereological Organization", "WMO" },
	{ "HSG", "COW-HSG" },
	{ "KOS", "XK" },
	{ "Kosovo", "XK" },
	{ "UNK", "XK" },
	{ "LES", "LS" },
	{ "PRU", "DE" },
	{ "QAR", "QA" },
	{ "ROM", "RO" },
	{ "SAR", "EH" },
	{ "SCG", "RS" },
	{ "VAE", "AE-AZ" },
	{ "YAR", "COW-YAR" },
	{ "YMD", "COW-YPR" },
	{ "YPR", "COW-YPR" },
	{ "YUG", "RS" },
};

enum { D_SIGN, D_RATIFY, D_FORCE, D_END, D__COUNT };

/* The parties file's date columns: what each is called in a warning, the
 * action it becomes and the suffix of that action's id. */
static const struct {
	const char *col, *word, *action, *suffix;
} fields[D__COUNT] = {
	{ "StateSignature", "signature", "sign", "sign" },
	{ "StateRatification", "ratification", "ratify", "ratify" },
	{ "StateForce", "entry into force", "enter-into-force", "force" },
	{ "StateEnd", "end", "denounce", "end" },
};

struct prow {
	unsigned line;
	const struct chancery_party *party; /* of the known registry */
	size_t date[D__COUNT];              /* offsets into the pool of EDTF texts; 0: none */
	int32_t lo[D__COUNT], hi[D__COUNT]; /* the days each date may stand for */
	uint32_t next;                      /* the treaty's next row, or UINT32_MAX */
	uint8_t first;                      /* the party's first row: it names it in parties= */
	uint8_t accession;                  /* a later spell's consent, with no signature */
};

struct ptreaty {
	size_t title_off, end_off, force_off, type_off, place_off, depositary_off;
	unsigned agreement_line;
	uint8_t renamed; /* its treatyID is not an id: written as ids[] says */
	uint32_t first, last, n_rows;
};

/* A row of one treaty while its parties' rows are put together. */
struct member {
	uintptr_t party;
	int32_t start; /* the first day its acts may stand for */
	uint32_t row;
};

struct treaties {
	struct import_job *job;
	const char *path, *parties_path, *base, *agreements_base;
	unsigned file, agreements_file;
	int header_seen;
	int col[D__COUNT + 4];
	struct strbuf pool;
	struct prow *rows;
	size_t n_rows, alloc_rows;
	struct ptreaty *t;
	size_t n_t, alloc_t;
	struct hashmap by_id;    /* treatyID US title -> index (keys in keys) */
	struct hashmap id_count; /* written id -> (first index << 32 | treaties so far) */
	char **ids, **keys;
	struct hashmap unmatched;
	struct member *members; /* scratch of write_treaty */
	size_t alloc_members;
};

static size_t pool_add(struct strbuf *pool, const char *s, size_t len)
{
	size_t at = pool->len;
	strbuf_add(pool, s, len);
	strbuf_addch(pool, '\0');
	return at;
}

static const struct chancery_party *party_of(const struct import_job *job, const char *code)
{
	const struct chancery_party *p;
	for (size_t i = 0; i < sizeof(state_aliases) / sizeof(*state_aliases); i++)
		if (!strcmp(state_aliases[i].code, code)) {
			code = state_aliases[i].id;
			break;
		}
	if (!job->known || !(p = chancery_registry_find_party(job->known, code)))
		return NULL;
	return p->kind == CHANCERY_PARTY_ORGAN || p->kind == CHANCERY_PARTY_GROUP ? NULL : p;
}

/* A field left out of a row that is kept: a warning at path:line. */
__attribute__((format(printf, 4, 5))) static void field_left_out(struct treaties *t,
								  const char *path,
								  unsigned line, const char *fmt,
								  ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	chancery_diags_add(t->job->diags, CHANCERY_WARNING, path, line, 0, NULL, "%s", msg.buf);
	strbuf_release(&msg);
}

static int id_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int has_id_start(const char *s)
{
	for (; *s; s++)
		if (id_start(*s))
			return 1;
	return 0;
}

/* A treatyID as a ledger id: what cannot begin an id dropped from its
 * start, any other character an id cannot hold written as '-'
 * (manytreaties has "_2000O5" and "D PTA_2006O8"), and cut at
 * TREATY_ID_MAX bytes: a ledger id has at most 200, and ".2" or an
 * action's ".ratify.GBR" may follow (found by fuzz_import_csv: a treatyID
 * of 206 bytes made a ledger that did not parse). */
#define TREATY_ID_MAX 150
static void id_from(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && !id_start(s[i]))
		i++;
	for (; i < len && sb->len < TREATY_ID_MAX; i++)
		strbuf_addch(sb, id_start(s[i]) || (s[i] && strchr("-_.:", s[i])) ? s[i] : '-');
}

/* The treaty of a treatyID and title. manytreaties gives some treatyIDs
 * to more than one treaty (FRA-GBR_1839A names two of that day): the
 * first title keeps the treatyID, the next ones get ".2", ".3", ... in
 * the file's order. */
static long treaty_index(struct treaties *t, const char *id, size_t len, const char *title,
			 size_t title_len)
{
	struct strbuf key = STRBUF_INIT, clean = STRBUF_INIT;
	uint64_t v, seen = 0;
	long ret;
	strbuf_add(&key, id, len);
	strbuf_addch(&key, '\x1f');
	strbuf_add(&key, title, title_len);
	if (hashmap_get(&t->by_id, key.buf, &v)) {
		strbuf_release(&key);
		return (long)v;
	}
	id_from(&clean, id, len);
	ALLOC_GROW(t->t, t->n_t + 1, t->alloc_t);
	t->ids = xrealloc(t->ids, t->alloc_t * sizeof(*t->ids));
	t->keys = xrealloc(t->keys, t->alloc_t * sizeof(*t->keys));
	memset(&t->t[t->n_t], 0, sizeof(*t->t));
	ret = (long)t->n_t;
	t->t[ret].renamed = clean.len != len || memcmp(clean.buf, id, len);
	t->ids[ret] = xmalloc(clean.len + 16);
	memcpy(t->ids[ret], clean.buf, clean.len + 1);
	if (hashmap_getn(&t->id_count, clean.buf, clean.len, &seen)) {
		size_t first = (size_t)(seen >> 32);
		unsigned count = (unsigned)(seen & 0xffffffffu) + 1;
		snprintf(t->ids[ret] + clean.len, 16, ".%u", count);
		hashmap_set(&t->id_count, t->ids[first], ((uint64_t)first << 32) | count);
	} else {
		hashmap_set(&t->id_count, t->ids[ret], ((uint64_t)ret << 32) | 1);
	}
	t->keys[ret] = strbuf_detach(&key, NULL);
	t->t[ret].first = t->t[ret].last = UINT32_MAX;
	hashmap_set(&t->by_id, t->keys[ret], (uint64_t)ret);
	strbuf_release(&clean);
	t->n_t++;
	return ret;
}

/* A date field into the pool as EDTF, with the days it may stand for; 0
 * when empty or open (9999-12-31), -1 when it is no date. */
static long date_field(struct treaties *t, const char *s, size_t len, int32_t *lo, int32_t *hi)
{
	size_t at = t->pool.len, where;
	struct chancery_date d;
	const char *why;
	int open;
	if (!len)
		return 0;
	if (import_edtf(s, len, &t->pool, &open))
		return -1;
	if (open)
		return 0;
	if (chancery_date_parse(t->pool.buf + at, t->pool.len - at, &d, &why, &where)) {
		strbuf_setlen(&t->pool, at); /* import_edtf has parsed it: not reached */
		return -1;
	}
	strbuf_addch(&t->pool, '\0');
	*lo = d.lo;
	*hi = d.hi;
	return (long)at;
}

/* Has s text other than spaces and C1 controls (which add_text recodes
 * or drops)? */
static int shows_text(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9f)
			s++;
		else if ((unsigned char)*s > 0x20 && *s != 0x7f)
			return 1;
	}
	return 0;
}

static const char *const party_cols[] = { "stateID", "treatyID", "Title", "End" };

static int party_header(struct treaties *t, unsigned line, char **f, size_t n)
{
	t->header_seen = 1;
	for (int i = 0; i < D__COUNT + 4; i++) {
		const char *name = i < 4 ? party_cols[i] : fields[i - 4].col;
		if ((t->col[i] = import_find_col(f, n, name)) < 0) {
			chancery_diags_add(t->job->diags, CHANCERY_ERROR, t->path, line, 0, NULL,
					   "not manytreaties' parties file: no column '%s'", name);
			return -1;
		}
	}
	return 0;
}

static void add_row(struct treaties *t, long ti, const struct prow *r)
{
	ALLOC_GROW(t->rows, t->n_rows + 1, t->alloc_rows);
	t->rows[t->n_rows] = *r;
	if (t->t[ti].last == UINT32_MAX)
		t->t[ti].first = (uint32_t)t->n_rows;
	else
		t->rows[t->t[ti].last].next = (uint32_t)t->n_rows;
	t->t[ti].last = (uint32_t)t->n_rows;
	t->t[ti].n_rows++;
	t->n_rows++;
}

static int party_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct treaties *t = ctx;
	struct import_job *job = t->job;
	struct prow r = { line, NULL, { 0 }, { 0 }, { 0 }, UINT32_MAX, 0, 0 };
	const int *col = t->col;
	long ti;
	if (!t->header_seen)
		return party_header(t, line, f, n);
	job->rows++;
	import_progress(job, t->path, job->rows, 0);
	for (int i = 0; i < D__COUNT + 4; i++)
		if ((size_t)col[i] >= n) {
			import_bad(job, t->path, line, "expected %d fields, found %zu", col[i] + 1, n);
			return 0;
		}
	if (import_skipped(job, t->file, line))
		return 0;
	if (!has_id_start(f[col[1]])) {
		import_bad(job, t->path, line, "treatyID '%s' has no letter or digit", f[col[1]]);
		return 0;
	}
	if (!shows_text(f[col[2]])) {
		import_bad(job, t->path, line, "treaty '%s' has no title", f[col[1]]);
		return 0;
	}
	if (!(r.party = party_of(job, f[col[0]]))) {
		import_unmatched(&t->unmatched, *f[col[0]] ? f[col[0]] : "(empty)");
		import_bad(job, t->path, line, "stateID '%s' is not a party chancery knows",
			   f[col[0]]);
		return 0;
	}
	for (int k = 0; k < D__COUNT; k++) {
		int c = col[4 + k];
		long at = date_field(t, f[c], lens[c], &r.lo[k], &r.hi[k]);
		if (at < 0)
			field_left_out(t, t->path, line, "%s '%s' is not a date; %s left out",
				       fields[k].col, f[c], fields[k].word);
		r.date[k] = at > 0 ? (size_t)at : 0;
	}
	ti = treaty_index(t, f[col[1]], lens[col[1]], f[col[2]], lens[col[2]]);
	if (!t->t[ti].title_off) {
		int32_t lo, hi;
		long end = date_field(t, f[col[3]], lens[col[3]], &lo, &hi);
		t->t[ti].title_off = pool_add(&t->pool, f[col[2]], lens[col[2]]);
		t->t[ti].end_off = end > 0 ? (size_t)end : 0;
	}
	add_row(t, ti, &r);
	return 0;
}

/* The agreements file's date column c into *off, or a warning. */
static void agreement_date(struct treaties *t, unsigned line, const char *col, const char *what,
			   const char *s, size_t len, size_t *off)
{
	int32_t lo, hi;
	long at = date_field(t, s, len, &lo, &hi);
	if (at < 0)
		field_left_out(t, t->path, line, "%s '%s' is not a date; %s left out", col, s, what);
	*off = at > 0 ? (size_t)at : 0;
}

/* A text column (-1: the file has none) into *off, when it has text. */
static void agreement_text(struct treaties *t, int c, char **f, const size_t *lens, size_t n,
			   size_t *off)
{
	if (c >= 0 && (size_t)c < n && shows_text(f[c]))
		*off = pool_add(&t->pool, f[c], lens[c]);
}

enum { A_ID, A_TITLE, A_FORCE, A_END, A_TYPE, A_PLACE, A_DEPOSITARY };

static int agreement_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct treaties *t = ctx;
	const int *col = t->col;
	struct strbuf key = STRBUF_INIT;
	struct ptreaty *tr;
	uint64_t v;
	int found;
	if (!t->header_seen) {
		static const char *const names[] = { "treatyID", "Title", "Force", "End",
						     "TypeAgree", "Location", "Depository" };
		t->header_seen = 1;
		for (int i = 0; i < 7; i++)
			t->col[i] = import_find_col(f, n, names[i]);
		if (col[A_ID] < 0 || col[A_TITLE] < 0 || col[A_FORCE] < 0 || col[A_END] < 0) {
			chancery_diags_add(t->job->diags, CHANCERY_ERROR, t->path, line, 0, NULL,
					   "not manytreaties' agreements file: expected the columns"
					   " treatyID, Title, Force and End");
			return -1;
		}
		return 0;
	}
	for (int i = A_ID; i <= A_END; i++)
		if ((size_t)col[i] >= n)
			return 0;
	strbuf_add(&key, f[col[A_ID]], lens[col[A_ID]]);
	strbuf_addch(&key, '\x1f');
	strbuf_add(&key, f[col[A_TITLE]], lens[col[A_TITLE]]);
	found = hashmap_get(&t->by_id, key.buf, &v);
	strbuf_release(&key);
	if (!found)
		return 0; /* a treaty none of whose parties is known */
	tr = &t->t[v];
	tr->agreement_line = line;
	if (shows_text(f[col[A_TITLE]])) /* else the parties file's title stays */
		tr->title_off = pool_add(&t->pool, f[col[A_TITLE]], lens[col[A_TITLE]]);
	agreement_date(t, line, "Force", "the treaty's entry into force", f[col[A_FORCE]],
		       lens[col[A_FORCE]], &tr->force_off);
	if (import_has_text(f[col[A_END]])) /* else the parties file's End stays */
		agreement_date(t, line, "End", "the treaty's end", f[col[A_END]],
			       lens[col[A_END]], &tr->end_off);
	agreement_text(t, col[A_TYPE], f, lens, n, &tr->type_off);
	agreement_text(t, col[A_PLACE], f, lens, n, &tr->place_off);
	agreement_text(t, col[A_DEPOSITARY], f, lens, n, &tr->depositary_off);
	return 0;
}

/* ---- the rows of one treaty, checked together ---- */

static const char *date_of(const struct treaties *t, const struct prow *r, int k)
{
	return t->pool.buf + r->date[k];
}

/* Leave out the dates outside the party's existence, as chancery_check
 * would refuse them (its from= and to=; "../1816" rules out nothing). */
static void check_existence(struct treaties *t, struct prow *r)
{
	const struct chancery_party *p = r->party;
	char b[64];
	for (int k = 0; k < D__COUNT; k++) {
		if (!r->date[k])
			continue;
		if (p->from.form != CHANCERY_DATE_NONE && r->hi[k] < p->from.lo) {
			chancery_date_format(&p->from, b, sizeof(b));
			field_left_out(t, t->parties_path, r->line,
				       "%s %s is before '%s' existed (from %s); %s left out",
				       fields[k].col, date_of(t, r, k), p->id, b, fields[k].word);
			r->date[k] = 0;
		} else if (p->to.form != CHANCERY_DATE_NONE && p->to.hi < r->lo[k]) {
			chancery_date_format(&p->to, b, sizeof(b));
			field_left_out(t, t->parties_path, r->line,
				       "%s %s is after '%s' ceased to exist (to %s); %s left out",
				       fields[k].col, date_of(t, r, k), p->id, b, fields[k].word);
			r->date[k] = 0;
		}
	}
}

/* A ratification before the row's own signature, when the signature is
 * not before the row's entry into force: the signature is the bad field.
 * manytreaties often has the date of entry into force in StateSignature
 * for a state that acceded (5,904 of its 6,888 ratifications before the
 * signature are on the very day of the entry into force), and no state
 * signs a treaty in force for it. */
static void check_signature(struct treaties *t, struct prow *r)
{
	if (!r->date[D_SIGN] || !r->date[D_RATIFY] || !r->date[D_FORCE] ||
	    r->hi[D_RATIFY] >= r->lo[D_SIGN] || r->hi[D_SIGN] < r->lo[D_FORCE])
		return;
	field_left_out(t, t->parties_path, r->line,
		       "StateSignature %s is after the ratification %s and not before the entry"
		       " into force %s; signature left out",
		       date_of(t, r, D_SIGN), date_of(t, r, D_RATIFY), date_of(t, r, D_FORCE));
	r->date[D_SIGN] = 0;
}

/* A ratification before the signature: the row's own, or when it has
 * none, the party's earliest in the treaty's other rows (the one
 * chancery_check compares with; the row's own is never earlier). */
static void check_ratification(struct treaties *t, struct prow *r, const struct prow *earliest)
{
	const struct prow *s = r->date[D_SIGN] ? r : earliest;
	if (!r->date[D_RATIFY] || !s || r->hi[D_RATIFY] >= s->lo[D_SIGN])
		return;
	if (s == r)
		field_left_out(t, t->parties_path, r->line,
			       "StateRatification %s is before the signature %s; ratification left out",
			       date_of(t, r, D_RATIFY), date_of(t, s, D_SIGN));
	else
		field_left_out(t, t->parties_path, r->line,
			       "StateRatification %s is before the signature %s (line %u); "
			       "ratification left out",
			       date_of(t, r, D_RATIFY), date_of(t, s, D_SIGN), s->line);
	r->date[D_RATIFY] = 0;
}

/* The first day a row's acts (not its end) may stand for. */
static int32_t row_start(const struct prow *r)
{
	int32_t s = INT32_MAX;
	for (int k = D_SIGN; k < D_END; k++)
		if (r->date[k] && r->lo[k] < s)
			s = r->lo[k];
	return s;
}

static int cmp_member(const void *x, const void *y)
{
	const struct member *a = x, *b = y;
	if (a->party != b->party)
		return a->party < b->party ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

/* One party's rows of a treaty (m[0..n), in file order): check them, then
 * tell its spells apart. A row that starts after an earlier row of the
 * party has ended is a later spell; its consent with no signature of its
 * own is an accession (a state that left a treaty comes back by acceding). */
static void check_party_rows(struct treaties *t, struct member *m, size_t n)
{
	const struct prow *earliest = NULL;
	int32_t ended = INT32_MAX; /* the earliest last day of an earlier spell */
	t->rows[m[0].row].first = 1;
	for (size_t i = 0; i < n; i++) {
		const struct prow *r = &t->rows[m[i].row];
		check_signature(t, &t->rows[m[i].row]);
		if (r->date[D_SIGN] && (!earliest || r->lo[D_SIGN] < earliest->lo[D_SIGN]))
			earliest = r;
	}
	for (size_t i = 0; i < n; i++) {
		struct prow *r = &t->rows[m[i].row];
		check_ratification(t, r, earliest);
		m[i].start = row_start(r);
	}
	if (n > 1)
		qsort(m, n, sizeof(*m), cmp_member);
	for (size_t i = 0; i < n; i++) {
		struct prow *r = &t->rows[m[i].row];
		r->accession = m[i].start != INT32_MAX && ended < m[i].start && !r->date[D_SIGN];
		if (r->date[D_END] && r->hi[D_END] < ended)
			ended = r->hi[D_END];
	}
}

static void check_rows(struct treaties *t, const struct ptreaty *tr)
{
	size_t n = 0;
	ALLOC_GROW(t->members, tr->n_rows, t->alloc_members);
	for (uint32_t k = tr->first; k != UINT32_MAX; k = t->rows[k].next) {
		check_existence(t, &t->rows[k]);
		t->members[n++] = (struct member){ (uintptr_t)t->rows[k].party, 0, k };
	}
	/* by party, each party's rows in file order */
	if (n > 1)
		qsort(t->members, n, sizeof(*t->members), cmp_member);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && t->members[j].party == t->members[i].party; j++)
			;
		check_party_rows(t, t->members + i, j - i);
	}
}

/* ---- writing ---- */

/* Text as a ledger string. A C1 control in a UTF-8 field is a
 * Windows-1252 character read as Latin-1 ("Ships\u0092 Ballast" for
 * "Ships’ Ballast"): it is recoded, not dropped (a ledger holds no
 * control character). */
static void add_text(struct strbuf *out, const char *s, size_t len)
{
	struct strbuf fixed = STRBUF_INIT;
	size_t from = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned char b = (unsigned char)s[i + 1];
		struct chancery_diags ignored = CHANCERY_DIAGS_INIT;
		char c1 = (char)b;
		if ((unsigned char)s[i] != 0xc2 || b < 0x80 || b > 0x9f)
			continue;
		strbuf_add(&fixed, s + from, i - from);
		{
			struct strbuf one = STRBUF_INIT;
			/* the five bytes Windows-1252 leaves undefined are dropped */
			if (!import_latin1_to_utf8("a title", &c1, 1, &one, &ignored))
				strbuf_add(&fixed, one.buf, one.len);
			strbuf_release(&one);
		}
		chancery_diags_release(&ignored);
		from = i + 2;
		i++;
	}
	if (!from) {
		import_quote(out, s, len);
		return;
	}
	strbuf_add(&fixed, s + from, len - from);
	import_quote(out, fixed.buf, fixed.len);
	strbuf_release(&fixed);
}

static void add_attr(struct treaties *t, const char *name, size_t off)
{
	const char *s = t->pool.buf + off;
	if (!off)
		return;
	strbuf_addf(&t->job->out, " %s=", name);
	add_text(&t->job->out, s, strlen(s));
}

static void write_head(struct treaties *t, size_t ti)
{
	struct import_job *job = t->job;
	const struct ptreaty *tr = &t->t[ti];
	const char *title = t->pool.buf + tr->title_off;
	import_line(job, t->file, t->rows[tr->first].line);
	strbuf_addf(&job->out, "treaty %s ", t->ids[ti]);
	add_text(&job->out, title, strlen(title));
	strbuf_addstr(&job->out, " parties=");
	for (uint32_t k = tr->first, n = 0; k != UINT32_MAX; k = t->rows[k].next)
		if (t->rows[k].first)
			strbuf_addf(&job->out, "%s%s", n++ ? "," : "", t->rows[k].party->id);
	strbuf_addf(&job->out, " source=%s", t->base);
	if (tr->agreement_line)
		strbuf_addf(&job->out, ",%s", t->agreements_base);
	add_attr(t, "type", tr->type_off);
	add_attr(t, "place", tr->place_off);
	add_attr(t, "depositary", tr->depositary_off);
	strbuf_addch(&job->out, '\n');
	job->facts++;
}

/* The pieces of an action's line one after the other, not through
 * printf: three in four of the generated lines are these (a fifth of
 * the reader's time was vsnprintf). */
static void add_words(struct strbuf *sb, const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addstr(sb, w[i]);
}

static void write_row(struct treaties *t, const struct prow *r, int all_end)
{
	struct import_job *job = t->job;
	char line[16], *at = line + sizeof(line);
	unsigned v = r->line;
	*--at = '\0';
	do
		*--at = (char)('0' + v % 10);
	while ((v /= 10));
	for (int d = 0; d < D__COUNT; d++) {
		const char *date = r->date[d] ? date_of(t, r, d) : NULL;
		const char *w[] = { "  ", date, " ",
				    d == D_RATIFY && r->accession ? "accede" : fields[d].action, " ",
				    r->party->id, d == D_END ? " effect=" : "", d == D_END ? date : "",
				    " id=", t->base, ":", at, ".", fields[d].suffix, "\n" };
		if (!date || (d == D_END && all_end))
			continue;
		import_line(job, t->file, r->line);
		add_words(&job->out, w, sizeof(w) / sizeof(*w));
		job->facts++;
	}
}

static void write_treaty(struct treaties *t, size_t ti)
{
	struct import_job *job = t->job;
	struct ptreaty *tr = &t->t[ti];
	const char *end = tr->end_off ? t->pool.buf + tr->end_off : NULL;
	int all_end = end != NULL;

	if (tr->n_rows < 1)
		return;
	if (tr->renamed)
		field_left_out(t, t->parties_path, t->rows[tr->first].line,
			       "treatyID '%.*s' is not an id (letters, digits, - _ . :); written as '%s'",
			       (int)strcspn(t->keys[ti], "\x1f"), t->keys[ti], t->ids[ti]);
	check_rows(t, tr);
	for (uint32_t k = tr->first; k != UINT32_MAX; k = t->rows[k].next) {
		const struct prow *r = &t->rows[k];
		if (!r->date[D_END] || !end || strcmp(date_of(t, r, D_END), end))
			all_end = 0;
	}
	write_head(t, ti);
	/* The agreements file's entry into force, for the treaty as a whole:
	 * a fact beside the parties' own (docs/queries.md: it wins over them). */
	if (tr->force_off) {
		import_line(job, t->agreements_file, tr->agreement_line);
		strbuf_addf(&job->out, "  %s enter-into-force id=%s.force\n", t->pool.buf + tr->force_off,
			    t->ids[ti]);
		job->facts++;
	}
	for (uint32_t k = tr->first; k != UINT32_MAX; k = t->rows[k].next)
		write_row(t, &t->rows[k], all_end);
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
	t.path = t.parties_path = paths[0];
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
	free(t.members);
	hashmap_release(&t.id_count);
	free(t.t);
	free(t.rows);
	hashmap_release(&t.by_id);
	strbuf_release(&t.pool);
	strbuf_release(&raw);
	return ret;
}
