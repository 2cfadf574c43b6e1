/* missions.c: the Wikidata database of embassies (a ';'-separated
 * extract): each row a mission its operator opened in its host country,
 * as an open-mission event with its type and city. Wikidata's creation
 * date is kept when given (1 January read as the year: the extract drops
 * Wikidata's precision, and a year is stored as its first day); without
 * one, the mission was open on the day of the extract, so it opened on
 * or before it ("../2022-11-16"). The mission's own QID is in its note. */
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "base/banned.h"

struct missions {
	struct import_job *job;
	const char *path, *base;
	unsigned file;
	char extract[11]; /* YYYY-MM-DD of the extract, from the file name */
	int header_seen;
	int col[6];       /* operator, operatorQID, country, countryQID, city, type */
	int col_creation, col_qid;
	struct hashmap unmatched;
};

static const char *qid_of(const char *url)
{
	const char *q = strrchr(url, '/');
	return q ? q + 1 : url;
}

/* Is the QID (or the URL ending in it) Wikidata's form, Q and digits? */
static int qid_ok(const char *url)
{
	const char *q = qid_of(url);
	return q[0] == 'Q' && q[1] >= '1' && q[1] <= '9' && strspn(q + 1, "0123456789") == strlen(q + 1);
}

static const char *mission_type(const char *t)
{
	static const struct {
		const char *wikidata, *type;
	} map[] = {
		{ "embassy", "embassy" },
		{ "de facto embassy", "representative-office" },
		{ "high commission", "high-commission" },
		{ "consulate general", "consulate-general" },
		{ "consulate", "consulate" },
		{ "consular office", "consulate" },
		{ "apostolic nunciature", "embassy" },
		{ "liaison office", "representative-office" },
		{ "representative office", "representative-office" },
		{ "trade office", "trade-mission" },
		{ "Interests Section", "interests-section" },
		{ "permanent mission", "permanent-mission" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(map[i].wikidata, t))
			return map[i].type;
	return NULL;
}

static int mission_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct missions *m = ctx;
	struct import_job *job = m->job;
	static const char *const names[] = { "operator", "operatorQID", "country",
					     "countryQID", "city", "type" };
	const struct chancery_party *op, *host;
	const char *type;
	(void)lens;
	if (!m->header_seen) {
		m->header_seen = 1;
		for (int i = 0; i < 6; i++)
			if ((m->col[i] = import_find_col(f, n, names[i])) < 0) {
				chancery_diags_add(job->diags, CHANCERY_ERROR, m->path, line, 0, NULL,
						   "not the database of embassies: no column '%s'",
						   names[i]);
				return -1;
			}
		m->col_creation = import_find_col(f, n, "creation");
		m->col_qid = import_find_col(f, n, "QID");
		return 0;
	}
	job->rows++;
	import_progress(job, m->path, job->rows, 0);
	if (import_skipped(job, m->file, line))
		return 0;
	for (int i = 0; i < 6; i++)
		if ((size_t)m->col[i] >= n) {
			import_bad(job, m->path, line, "expected %d fields, found %zu", m->col[i] + 1, n);
			return 0;
		}
	for (int i = 1; i <= 3; i += 2)
		if (*f[m->col[i]] && !qid_ok(f[m->col[i]])) {
			import_bad(job, m->path, line, "%s '%s' is not a Wikidata id (Q and digits)",
				   names[i], f[m->col[i]]);
			return 0;
		}
	if (m->col_qid >= 0 && (size_t)m->col_qid < n && *f[m->col_qid] && !qid_ok(f[m->col_qid])) {
		import_bad(job, m->path, line, "QID '%s' is not a Wikidata id (Q and digits)",
			   f[m->col_qid]);
		return 0;
	}
	op = world_find(job->known, qid_of(f[m->col[1]]), f[m->col[0]]);
	host = world_find(job->known, qid_of(f[m->col[3]]), f[m->col[2]]);
	if (!op || !host) {
		const char *who = !op ? f[m->col[0]] : f[m->col[2]];
		import_unmatched(&m->unmatched, *who ? who : "(empty)");
		import_bad(job, m->path, line, "%s '%s' is not a state chancery knows",
			   !op ? "operator" : "country", who);
		return 0;
	}
	if (op == host) {
		import_bad(job, m->path, line, "operator and country are both '%s'", op->id);
		return 0;
	}
	if (!(type = mission_type(f[m->col[5]]))) {
		import_bad(job, m->path, line, "mission type '%s' is not one chancery records",
			   f[m->col[5]]);
		return 0;
	}
	import_line(job, m->file, line);
	if (m->col_creation >= 0 && (size_t)m->col_creation < n && lens[m->col_creation] >= 10) {
		const char *c = f[m->col_creation];
		struct chancery_date d;
		const char *why;
		size_t where;
		if (chancery_date_parse(c, 10, &d, &why, &where)) {
			import_bad(job, m->path, line, "creation '%s' is not a date", c);
			job->n_lines--;
			return 0;
		}
		if (memcmp(c, m->extract, 10) > 0) {
			/* the extract lists what was open on its day */
			import_bad(job, m->path, line, "creation '%.10s' is after the extract's day %s",
				   c, m->extract);
			job->n_lines--;
			return 0;
		}
		if (!memcmp(c + 4, "-01-01", 6))
			strbuf_add(&job->out, c, 4);
		else
			strbuf_add(&job->out, c, 10);
	} else {
		strbuf_addf(&job->out, "../%s", m->extract);
	}
	strbuf_addf(&job->out, " open-mission %s %s type=%s", op->id, host->id, type);
	if (import_has_text(f[m->col[4]])) {
		strbuf_addstr(&job->out, " city=");
		import_quote(&job->out, f[m->col[4]], strlen(f[m->col[4]]));
	}
	strbuf_addf(&job->out, " id=%s:%u source=%s", m->base, line, m->base);
	if (m->col_qid >= 0 && (size_t)m->col_qid < n) {
		if (*f[m->col_qid]) /* checked above */
			strbuf_addf(&job->out, " note=\"wikidata %s\"", qid_of(f[m->col_qid]));
	}
	strbuf_addch(&job->out, '\n');
	job->facts++;
	return 0;
}

int import_missions(struct import_job *job, const char *const *paths, size_t n)
{
	struct missions m = { .job = job, .unmatched = HASHMAP_INIT };
	struct strbuf raw = STRBUF_INIT;
	const char *at;
	int ret;
	if (n != 1) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "expected one file, the database of embassies");
		return -CHANCERY_EINPUT;
	}
	if ((ret = import_read_file(job, paths[0], &raw)))
		return ret;
	m.path = paths[0];
	m.base = import_basename(paths[0]);
	m.file = import_file_number(job, paths[0]);
	/* The extract's day is in its name: database_of_embassies_2022-11-16.csv */
	at = strrchr(m.base, '_');
	if (!at || strlen(at) < 11 || !chancery_ymd_valid((int)strtol(at + 1, NULL, 10), 1, 1)) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, m.path, 0, 0, NULL,
				   "cannot tell the day of the extract: expected a name ending in"
				   " _YYYY-MM-DD.csv");
		strbuf_release(&raw);
		return -CHANCERY_EINPUT;
	}
	memcpy(m.extract, at + 1, 10);
	if (!job->known || chancery_registry_lookup(job->known, m.base, NULL) != CHANCERY_ENT_SOURCE) {
		import_line(job, 0, 0);
		strbuf_addf(&job->out, "source %s \"Database of embassies and consulates (Wikidata)\""
				       " publisher=Wikidata date=%s note=\"the file %s; a fact's id names"
				       " its row\"\n", m.base, m.extract, m.base);
	}
	ret = import_read_delimited(m.path, raw.buf, raw.len, ';', mission_row, &m, job->diags, &job->bad);
	import_progress(job, m.path, job->rows, 1);
	import_unmatched_flush(job, &m.unmatched, "name");
	strbuf_release(&raw);
	return ret;
}
