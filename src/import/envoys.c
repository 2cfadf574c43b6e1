/* envoys.c: the US chiefs of mission of the Office of the Historian
 * (pocom): each chief appointed (appoint-envoy), presenting credentials
 * (started_credentials: present-credentials) and leaving (end-envoy),
 * sent by the United States to the territory of the row. The rank is
 * pocom's role_title_id.
 *
 * The person is pocom's person_id (a slug of the name, surname first),
 * as `pocom.PERSON_ID`, unless a person the registry already has (one a
 * hand-typed file of data/ defines) has that name: then it is that person,
 * so that one chief is one person across the files. Names are compared as
 * sets of words (lower case, letters only, accents dropped), an initial
 * standing for a word it begins: "Enoch H. Crowder" is crowder-enoch-herbert.
 * Every word paired beats a name with a middle name missing on one side;
 * a name that two persons fit as well is reported and kept apart.
 *
 * The host is the party that was the row's territory on the posting's
 * dates: pocom files some posts under today's name (post_eras[], below).
 * The posting's first date decides; an event of it dated after that party
 * ceased (the ambassador to the Federal Republic who stayed on in united
 * Germany) goes to the party that then was the territory. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "base/banned.h"

/* Territories pocom files under one id across parties of the world. The
 * first entry that fits the territory, the role, a word of the row's
 * notes and the day (first and last day, inclusive; NULL: open) gives the
 * party; no entry: the territory's name (world_find).
 *
 * - austria: the Austrian Empire and Austria-Hungary (COW 300) until its
 *   end on 1918-11-13, then the Republic (AT).
 * - china: the Republic of China on the mainland is China's state, CN, to
 *   the government's move to Taipei (1949-12-08, TW's first day); the
 *   chiefs of mission in Taipei from 1950 to the end of relations with the
 *   Republic of China (1978-12-31) are accredited to TW; the chiefs of the
 *   Liaison Office in Beijing (role "chief", 1973-1979) and the
 *   ambassadors from 1979 to CN.
 * - colombia: Gran Colombia (GW 99) until 1830-09-22.
 * - czech-republic: the ambassador appointed in 1992 was accredited to
 *   Czechoslovakia (COW-CZE) until its end on 1992-12-31.
 * - germany: Prussia and Germany (DE) to 1941; the Federal Republic as COW
 *   dates it (COW 260, 1955-05-05 to 1990-10-02) is COW-GFR; united
 *   Germany from 1990-10-03 is DE. (The GDR is pocom's own
 *   german-democratic-republic: COW-GDR.)
 * - guatemala: the Federal Republic of Central America (GW 89) until
 *   1839-12-31.
 * - korea: Joseon Korea (COW 730) until 1910-08-22; from 1949, KR.
 * - yemen: the Yemen Arab Republic (COW 678, COW-YAR) until the union of
 *   1990-05-22, the chargé in Aden whose post the People's Democratic
 *   Republic ended in 1969 (his row's note says so) the PDRY (COW-YPR);
 *   then the Republic of Yemen (YE).
 * Unchanged, since one party of the world carries them: russia (RU, the
 * Russian Empire, the Soviet Union and Russia: COW 365), serbia and
 * yugoslavia (RS, COW 345), czechoslovakia (COW-CZE), vietnam (VN, from
 * 1995), vietnam-south (COW-RVN, the State of Vietnam included). */
static const struct post_era {
	const char *territory, *role, *note_word, *first, *last, *party;
} post_eras[] = {
	{ "austria", NULL, NULL, NULL, "1918-11-13", "COW-AUH" },
	{ "china", "chief", NULL, "1973-01-01", "1979-12-31", "CN" },
	{ "china", NULL, NULL, "1949-12-08", "1978-12-31", "TW" },
	{ "colombia", NULL, NULL, NULL, "1830-09-22", "GW-GCL" },
	{ "czech-republic", NULL, NULL, NULL, "1992-12-31", "COW-CZE" },
	{ "germany", NULL, NULL, "1955-05-05", "1990-10-02", "COW-GFR" },
	{ "guatemala", NULL, NULL, NULL, "1839-12-31", "GW-UPC" },
	{ "korea", NULL, NULL, NULL, "1910-08-22", "COW-KOR" },
	{ "yemen", NULL, "People's Democratic Republic", "1967-11-30", "1990-05-21", "COW-YPR" },
	{ "yemen", NULL, NULL, NULL, "1990-05-21", "COW-YAR" },
};
#define N_POST_ERAS (sizeof(post_eras) / sizeof(*post_eras))

enum { E_TERRITORY, E_PERSON, E_ROLE, E_APPOINTED, E_CREDENTIALS, E_ENDED, N_ECOLS };
static const char *const col_names[N_ECOLS] = { "territory_id", "person_id", "role_title_id",
						"appointed", "started_credentials", "ended" };
static const char *const note_cols[3] = { "appointed_note", "started_note", "ended_note" };

#define MAX_WORDS 8
/* A name as words: lower-case letters, NUL-separated. */
struct name {
	char buf[96];
	unsigned char at[MAX_WORDS], n;
};

struct known_person {
	const struct chancery_person *p;
	struct name name;
	int best, claims; /* the best fit of any person_id, and how many fit so */
};

struct envoys {
	struct import_job *job;
	const char *path, *base, *us;
	unsigned file;
	int header_seen;
	int col[N_ECOLS], note_col[3];
	const struct chancery_party *era_party[N_POST_ERAS];
	int32_t era_first[N_POST_ERAS], era_last[N_POST_ERAS];
	struct hashmap unmatched, slugs;
	struct hashmap persons; /* person_id -> level << 32 | the known person's index + 1; 0: none */
	struct hashmap defined; /* the pocom.PERSON_ID written */
	struct known_person *known;
	size_t n_known;
	struct hashmap known_words; /* the whole words of their names */
	struct strbuf events;
	uint64_t *event_lines;
	size_t n_event_lines, alloc_event_lines;
	char first[11], last[11]; /* the earliest and latest date of the file */
};

/* ---- names ---- */

/* The letter a Latin-1 or Latin Extended-A letter is written with
 * (U+00C0 to U+017F), or ' ' where it is none. */
static char fold(unsigned cp)
{
	static const char latin[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
				    "aaaaaaaceeeeiiiidnooooo ouuuuyty"
				    "aaaaaaccccccccddddeeeeeeeeeegggg"
				    "gggghhhhiiiiiiiiiiiijjkkklllllll"
				    "lllnnnnnnnnnoooooooorrrrrrssssss"
				    "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
	return cp >= 0xc0 && cp <= 0x17f ? latin[cp - 0xc0] : ' ';
}

static void name_add_char(struct name *nm, size_t *len, char c)
{
	if (c == ' ') {
		if (*len && nm->buf[*len - 1] != '\0' && *len + 1 < sizeof(nm->buf))
			nm->buf[(*len)++] = '\0';
		return;
	}
	if (*len + 2 >= sizeof(nm->buf))
		return;
	if (!*len || nm->buf[*len - 1] == '\0') {
		if (nm->n == MAX_WORDS)
			return;
		nm->at[nm->n++] = (unsigned char)*len;
	}
	nm->buf[(*len)++] = c;
}

/* The words of a name or a slug: letters only (accents dropped), an
 * apostrophe joining ("O'Brien" is obrien), anything else between words. */
static void name_words(const char *s, struct name *nm)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = 0;
	nm->n = 0;
	while (*u) {
		unsigned c = *u;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			name_add_char(nm, &len, (char)(c | 0x20));
			u++;
		} else if (c == '\'') {
			u++;
		} else if (c == 0xe2 && u[1] == 0x80 && u[2] == 0x99) {
			u += 3; /* ’ */
		} else if (c >= 0xc2 && c <= 0xdf && (u[1] & 0xc0) == 0x80) {
			name_add_char(nm, &len, fold(((c & 0x1fu) << 6) | (u[1] & 0x3fu)));
			u += 2;
		} else {
			name_add_char(nm, &len, ' ');
			u++;
			while ((*u & 0xc0) == 0x80)
				u++;
		}
	}
	nm->buf[len] = '\0';
}

/* How well two names fit: 2 when every word of each pairs with one of the
 * other (the same word, or an initial and a word it begins), 1 when one
 * side has words left over (a middle name the other leaves out), 0 when
 * neither; at least two whole words must be the same. */
static int name_fit(const struct name *a, const struct name *b)
{
	unsigned char used_a[MAX_WORDS] = { 0 }, used_b[MAX_WORDS] = { 0 };
	int whole = 0, left_a = 0, left_b = 0;
	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < a->n; i++)
			for (unsigned j = 0; j < b->n && !used_a[i]; j++) {
				const char *x = a->buf + a->at[i], *y = b->buf + b->at[j];
				int ok = pass == 0 ? !strcmp(x, y) :
					 (!x[1] || !y[1]) && x[0] == y[0];
				if (!used_b[j] && ok) {
					used_a[i] = used_b[j] = 1;
					whole += pass == 0 && x[1];
				}
			}
	for (unsigned i = 0; i < a->n; i++)
		left_a += !used_a[i];
	for (unsigned j = 0; j < b->n; j++)
		left_b += !used_b[j];
	if (whole < 2 || (left_a && left_b))
		return 0;
	return left_a || left_b ? 1 : 2;
}

/* The registry's persons a person_id may be: all but pocom's own. */
static void known_persons(struct envoys *e)
{
	size_t n = e->job->known ? chancery_registry_person_count(e->job->known) : 0;
	e->known = xcalloc(n + 1, sizeof(*e->known));
	for (size_t i = 0; i < n; i++) {
		const struct chancery_person *p = chancery_registry_person(e->job->known, i);
		if (!strncmp(p->id, "pocom.", 6) || !p->name)
			continue;
		e->known[e->n_known].p = p;
		name_words(p->name, &e->known[e->n_known].name);
		for (unsigned w = 0; w < e->known[e->n_known].name.n; w++) {
			const char *word = e->known[e->n_known].name.buf + e->known[e->n_known].name.at[w];
			if (word[1] && !hashmap_get(&e->known_words, word, NULL))
				hashmap_set(&e->known_words, xstrdup(word), 1);
		}
		e->n_known++;
	}
}

/* The best fit of a slug among the known persons: its index, or -1 (none,
 * or *tie set when two fit as well). */
static long best_fit(const struct envoys *e, const char *slug, int *level, int *tie)
{
	struct name nm;
	long best = -1;
	unsigned shared = 0;
	name_words(slug, &nm);
	*level = *tie = 0;
	/* A fit needs two whole words in common: most slugs share none. */
	for (unsigned w = 0; w < nm.n; w++)
		shared += hashmap_get(&e->known_words, nm.buf + nm.at[w], NULL);
	for (size_t i = 0; shared >= 2 && i < e->n_known; i++) {
		int f = name_fit(&e->known[i].name, &nm);
		if (f && f == *level)
			*tie = 1;
		if (f > *level) {
			*level = f;
			best = (long)i;
			*tie = 0;
		}
	}
	return *tie ? -1 : best;
}

struct slug_scan {
	struct envoys *e;
	int col;
};

/* First read: every person_id once, with the line it is first on. */
static int slug_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct slug_scan *s = ctx;
	(void)lens;
	if (s->col < 0) {
		if ((s->col = import_find_col(f, n, "person_id")) < 0)
			return -1;
		return 0;
	}
	if ((size_t)s->col < n && !hashmap_get(&s->e->slugs, f[s->col], NULL))
		hashmap_set(&s->e->slugs, xstrdup(f[s->col]), line);
	return 0;
}

/* Decide, for every person_id of the file, the known person it is: a
 * person_id whose best fit is one person, that no other person_id fits as
 * well. The slugs map keeps the line; the persons map, slug -> the known
 * person's index + 1. */
static void match_persons(struct envoys *e, const char *buf, size_t len)
{
	struct chancery_diags scratch = CHANCERY_DIAGS_INIT;
	struct slug_scan s = { e, -1 };
	known_persons(e);
	if (!e->n_known)
		return;
	import_read_delimited(e->path, buf, len, ',', slug_row, &s, &scratch, NULL);
	chancery_diags_release(&scratch);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < e->slugs.cap; i++) {
			const char *slug = e->slugs.v[i].key;
			int level, tie;
			long k;
			if (!slug || (k = best_fit(e, slug, &level, &tie)) < 0)
				continue;
			if (round == 0 && level > e->known[k].best) {
				e->known[k].best = level;
				e->known[k].claims = 0;
			}
			if (round == 0 && level == e->known[k].best)
				e->known[k].claims++;
			if (round == 1 && level == e->known[k].best && e->known[k].claims == 1)
				hashmap_set(&e->persons, xstrdup(slug),
					    (uint64_t)level << 32 | ((uint64_t)k + 1));
		}
}

/* The known person a person_id is (NULL: pocom's own). The first time,
 * a fit with a middle name left out is reported where the person_id is
 * first given, and so is a name two persons fit as well, or a person two
 * person_ids fit as well (then kept apart). */
static const struct chancery_person *person_for(struct envoys *e, const char *slug)
{
	uint64_t v = 0, line = 0;
	int level, tie;
	long best;
	const char *path = e->path;
	if (hashmap_get(&e->persons, slug, &v) && v >> 32 != 1)
		return v ? e->known[(v & 0xffffffffu) - 1].p : NULL;
	hashmap_get(&e->slugs, slug, &line);
	if (v) {
		const struct chancery_person *p = e->known[(v & 0xffffffffu) - 1].p;
		hashmap_set(&e->persons, slug, v & 0xffffffffu); /* reported once */
		chancery_diags_add(e->job->diags, CHANCERY_WARNING, path, (unsigned)line, 0, NULL,
				   "person_id '%s' taken as '%s' (%s), a middle name left out on"
				   " one side", slug, p->id, p->name);
		return p;
	}
	hashmap_set(&e->persons, xstrdup(slug), 0);
	best = best_fit(e, slug, &level, &tie);
	if (tie)
		chancery_diags_add(e->job->diags, CHANCERY_WARNING, path, (unsigned)line, 0, NULL,
				   "person_id '%s' fits the names of two persons as well; kept as"
				   " pocom.%s", slug, slug);
	else if (best >= 0 && level == e->known[best].best && e->known[best].claims > 1)
		chancery_diags_add(e->job->diags, CHANCERY_WARNING, path, (unsigned)line, 0, NULL,
				   "person_id '%s' and another fit '%s' (%s) as well; kept as pocom.%s",
				   slug, e->known[best].p->id, e->known[best].p->name, slug);
	return NULL;
}

/* ---- the host by date ---- */

static int32_t day_of(const char *ymd, int32_t open)
{
	if (!ymd)
		return open;
	return chancery_day_from_ymd((int)strtol(ymd, NULL, 10), (int)strtol(ymd + 5, NULL, 10),
				     (int)strtol(ymd + 8, NULL, 10));
}

static int notes_say(const struct envoys *e, char **f, size_t n, const char *word)
{
	for (int i = 0; i < 3; i++)
		if (e->note_col[i] >= 0 && (size_t)e->note_col[i] < n && strstr(f[e->note_col[i]], word))
			return 1;
	return 0;
}

/* The party the territory was on day, for this row's role and notes. */
static const struct chancery_party *host_on(const struct envoys *e, char **f, size_t n,
					    int32_t day)
{
	const char *territory = f[e->col[E_TERRITORY]];
	for (size_t i = 0; i < N_POST_ERAS; i++) {
		const struct post_era *p = &post_eras[i];
		if (e->era_party[i] && !strcmp(p->territory, territory) && day >= e->era_first[i] &&
		    day <= e->era_last[i] && (!p->role || !strcmp(p->role, f[e->col[E_ROLE]])) &&
		    (!p->note_word || notes_say(e, f, n, p->note_word)))
			return e->era_party[i];
	}
	return world_find(e->job->known, NULL, territory);
}

/* ---- rows ---- */

static int header(struct envoys *e, unsigned line, char **f, size_t n)
{
	e->header_seen = 1;
	for (int i = 0; i < N_ECOLS; i++)
		if ((e->col[i] = import_find_col(f, n, col_names[i])) < 0) {
			chancery_diags_add(e->job->diags, CHANCERY_ERROR, e->path, line, 0, NULL,
					   "not pocom's chiefs of mission: no column '%s'", col_names[i]);
			return -1;
		}
	for (int i = 0; i < 3; i++)
		e->note_col[i] = import_find_col(f, n, note_cols[i]);
	return 0;
}

static void event_line(struct envoys *e, unsigned line)
{
	ALLOC_GROW(e->event_lines, e->n_event_lines + 1, e->alloc_event_lines);
	e->event_lines[e->n_event_lines++] = ((uint64_t)e->file << 32) | line;
}

/* The person's id in the facts: the known person's, or pocom's own
 * (defined the first time). */
static void person_id(struct envoys *e, unsigned line, const char *slug, struct strbuf *id)
{
	const struct chancery_person *p = person_for(e, slug);
	strbuf_reset(id);
	if (p) {
		strbuf_addstr(id, p->id);
		return;
	}
	strbuf_addf(id, "pocom.%s", slug);
	if (hashmap_get(&e->defined, id->buf, NULL))
		return;
	hashmap_set(&e->defined, xstrdup(id->buf), 1);
	import_line(e->job, e->file, line);
	strbuf_addf(&e->job->out, "person %s \"%s\" source=%s\n", id->buf, slug, e->base);
	e->job->facts++;
}

static void write_events(struct envoys *e, unsigned line, char **f, size_t n,
			 struct strbuf dates[3])
{
	static const char *const kinds[] = { "appoint-envoy", "present-credentials", "end-envoy" };
	static const char *const suffix[] = { "appoint", "credentials", "end" };
	struct chancery_date d[3] = { { 0 }, { 0 }, { 0 } };
	const struct chancery_party *first = NULL, *host, *then;
	struct strbuf id = STRBUF_INIT;
	const char *why;
	size_t where;
	for (int k = 0; k < 3; k++)
		if (dates[k].len)
			chancery_date_parse(dates[k].buf, dates[k].len, &d[k], &why, &where);
	for (int k = 0; k < 3 && !first; k++)
		if (dates[k].len)
			first = host_on(e, f, n, d[k].lo);
	person_id(e, line, f[e->col[E_PERSON]], &id);
	for (int k = 0; k < 3; k++) {
		if (!dates[k].len)
			continue;
		host = first;
		if (first->to.form != CHANCERY_DATE_NONE &&
		    chancery_date_before(&first->to, &d[k]) == CHANCERY_YES &&
		    (then = host_on(e, f, n, d[k].lo)))
			host = then;
		event_line(e, line);
		strbuf_addf(&e->events, "%s %s %s %s %s", dates[k].buf, kinds[k], id.buf, e->us,
			    host->id);
		if (k == 0 && import_has_text(f[e->col[E_ROLE]])) {
			strbuf_addstr(&e->events, " rank=");
			import_quote(&e->events, f[e->col[E_ROLE]], strlen(f[e->col[E_ROLE]]));
		}
		strbuf_addf(&e->events, " id=%s:%u.%s source=%s\n", e->base, line, suffix[k], e->base);
		e->job->facts++;
	}
	strbuf_release(&id);
}

static int envoy_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct envoys *e = ctx;
	struct import_job *job = e->job;
	struct strbuf dates[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	const struct chancery_party *host;
	int open;
	(void)lens;
	if (!e->header_seen)
		return header(e, line, f, n);
	job->rows++;
	import_progress(job, e->path, job->rows, 0);
	if (import_skipped(job, e->file, line))
		return 0;
	for (int i = 0; i < N_ECOLS; i++)
		if ((size_t)e->col[i] >= n) {
			import_bad(job, e->path, line, "expected %d fields, found %zu", e->col[i] + 1, n);
			return 0;
		}
	host = world_find(job->known, NULL, f[e->col[E_TERRITORY]]);
	if (!host) {
		import_unmatched(&e->unmatched, f[e->col[E_TERRITORY]]);
		import_bad(job, e->path, line, "territory '%s' is not a state chancery knows",
			   f[e->col[E_TERRITORY]]);
		return 0;
	}
	if (!strcmp(host->id, e->us)) {
		import_bad(job, e->path, line, "a chief of mission of the United States in itself");
		return 0;
	}
	if (!import_id_ok(f[e->col[E_PERSON]])) {
		import_bad(job, e->path, line, "person_id '%s' is not an id", f[e->col[E_PERSON]]);
		return 0;
	}
	for (int k = 0; k < 3; k++) {
		const char *v = f[e->col[E_APPOINTED + k]];
		if (*v && import_edtf(v, strlen(v), &dates[k], &open)) {
			import_bad(job, e->path, line, "%s '%s' is not a date", col_names[E_APPOINTED + k],
				   v);
			goto out;
		}
	}
	/* nothing dated: nothing to record */
	if (dates[0].len || dates[1].len || dates[2].len)
		write_events(e, line, f, n, dates);
	/* the span the file covers: ISO dates compare as text */
	for (int k = 0; k < 3; k++) {
		const char *v = dates[k].len ? dates[k].buf : "";
		if (!*v || !isdigit((unsigned char)v[0]))
			continue;
		if (!*e->first || strncmp(v, e->first, 10) < 0)
			snprintf(e->first, sizeof(e->first), "%.4s", v);
		if (strncmp(v, e->last, 10) > 0)
			snprintf(e->last, sizeof(e->last), "%.10s", v);
	}
out:
	for (int k = 0; k < 3; k++)
		strbuf_release(&dates[k]);
	return 0;
}

static void free_keys(struct hashmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free((char *)m->v[i].key);
	hashmap_release(m);
}

static int setup(struct envoys *e, const char *path)
{
	struct import_job *job = e->job;
	const struct chancery_party *us = world_find(job->known, NULL, "US");
	if (!us) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "the registry has no party 'US': import the parties first"
				   " (data/registry.ledger, or import-states)");
		return -CHANCERY_EINPUT;
	}
	e->us = us->id;
	e->path = path;
	e->base = import_basename(path);
	e->file = import_file_number(job, path);
	for (size_t i = 0; i < N_POST_ERAS; i++) {
		const struct chancery_party *p = chancery_registry_find_party(job->known,
									      post_eras[i].party);
		e->era_party[i] = p && !strcmp(p->id, post_eras[i].party) ? p : NULL;
		e->era_first[i] = day_of(post_eras[i].first, CHANCERY_DAY_MIN);
		e->era_last[i] = day_of(post_eras[i].last, CHANCERY_DAY_MAX);
	}
	return 0;
}

int import_envoys(struct import_job *job, const char *const *paths, size_t n)
{
	struct envoys e = { .job = job, .unmatched = HASHMAP_INIT, .persons = HASHMAP_INIT,
			    .slugs = HASHMAP_INIT, .defined = HASHMAP_INIT,
			    .known_words = HASHMAP_INIT, .events = STRBUF_INIT };
	struct strbuf raw = STRBUF_INIT;
	int ret;
	if (n != 1) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "expected one file, pocom's chiefs of mission");
		return -CHANCERY_EINPUT;
	}
	if ((ret = setup(&e, paths[0])) || (ret = import_read_file(job, paths[0], &raw)))
		return ret;
	match_persons(&e, raw.buf, raw.len);
	ret = import_read_delimited(e.path, raw.buf, raw.len, ',', envoy_row, &e, job->diags, &job->bad);
	/* The source, with what it lists completely: every chief of mission
	 * of the United States, from its first date to its last (written
	 * after the rows, which give those dates; a ledger's order does not
	 * matter, and its covers line must follow it, not a person's). */
	import_line(job, 0, 0);
	strbuf_addf(&job->out, "source %s \"Chiefs of Mission\" publisher=\"Office of the"
			       " Historian, US Department of State\" note=\"the file %s; a"
			       " fact's id names its row\"\n", e.base, e.base);
	if (*e.first && *e.last) {
		import_line(job, 0, 0);
		strbuf_addf(&job->out, "  covers envoys by=%s from=%s to=%s\n", e.us, e.first, e.last);
	}
	/* persons first, then their events (a person line must not sit between a
	 * person's office lines) */
	strbuf_add(&job->out, e.events.buf, e.events.len);
	for (size_t i = 0; i < e.n_event_lines; i++)
		import_line(job, (unsigned)(e.event_lines[i] >> 32), (unsigned)e.event_lines[i]);
	import_progress(job, e.path, job->rows, 1);
	import_unmatched_flush(job, &e.unmatched, "territory");
	free_keys(&e.persons);
	free_keys(&e.slugs);
	free_keys(&e.defined);
	free_keys(&e.known_words);
	free(e.known);
	strbuf_release(&e.events);
	free(e.event_lines);
	strbuf_release(&raw);
	return ret;
}
