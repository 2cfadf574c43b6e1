/* envoys.c: the US chiefs of mission of the Office of the Historian
 * (pocom): each chief appointed (appoint-envoy), presenting credentials
 * (started_credentials: present-credentials) and leaving (end-envoy),
 * sent by the United States to the territory of the row. The person is
 * pocom's person_id; the rank its role_title_id. */
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "base/banned.h"

struct envoys {
	struct import_job *job;
	const char *path, *base, *us;
	unsigned file;
	int header_seen;
	int col[6]; /* territory_id, person_id, role_title_id, appointed, started_credentials, ended */
	struct hashmap unmatched, persons;
	struct strbuf events;
	uint64_t *event_lines;
	size_t n_event_lines, alloc_event_lines;
};

static void event_line(struct envoys *e, unsigned line)
{
	ALLOC_GROW(e->event_lines, e->n_event_lines + 1, e->alloc_event_lines);
	e->event_lines[e->n_event_lines++] = ((uint64_t)e->file << 32) | line;
}

static int envoy_row(void *ctx, unsigned line, char **f, const size_t *lens, size_t n)
{
	struct envoys *e = ctx;
	struct import_job *job = e->job;
	static const char *const names[] = { "territory_id", "person_id", "role_title_id",
					     "appointed", "started_credentials", "ended" };
	static const char *const kinds[] = { "appoint-envoy", "present-credentials", "end-envoy" };
	static const char *const suffix[] = { "appoint", "credentials", "end" };
	const struct chancery_party *host;
	struct strbuf dates[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	int open;
	(void)lens;
	if (!e->header_seen) {
		e->header_seen = 1;
		for (int i = 0; i < 6; i++)
			if ((e->col[i] = import_find_col(f, n, names[i])) < 0) {
				chancery_diags_add(job->diags, CHANCERY_ERROR, e->path, line, 0, NULL,
						   "not pocom's chiefs of mission: no column '%s'",
						   names[i]);
				return -1;
			}
		return 0;
	}
	job->rows++;
	import_progress(job, e->path, job->rows, 0);
	if (import_skipped(job, e->file, line))
		return 0;
	for (int i = 0; i < 6; i++)
		if ((size_t)e->col[i] >= n) {
			import_bad(job, e->path, line, "expected %d fields, found %zu", e->col[i] + 1, n);
			return 0;
		}
	host = world_find(job->known, NULL, f[e->col[0]]);
	if (!host) {
		import_unmatched(&e->unmatched, f[e->col[0]]);
		import_bad(job, e->path, line, "territory '%s' is not a state chancery knows",
			   f[e->col[0]]);
		return 0;
	}
	if (!strcmp(host->id, e->us)) {
		import_bad(job, e->path, line, "a chief of mission of the United States in itself");
		return 0;
	}
	if (!import_id_ok(f[e->col[1]])) {
		import_bad(job, e->path, line, "person_id '%s' is not an id", f[e->col[1]]);
		return 0;
	}
	for (int k = 0; k < 3; k++) {
		const char *v = f[e->col[3 + k]];
		if (*v && import_edtf(v, strlen(v), &dates[k], &open)) {
			import_bad(job, e->path, line, "%s '%s' is not a date", names[3 + k], v);
			goto out;
		}
	}
	if (!dates[0].len && !dates[1].len && !dates[2].len)
		goto out; /* nothing dated: nothing to record */
	if (hashmap_get(&e->persons, f[e->col[1]], NULL) == 0) {
		hashmap_set(&e->persons, xstrdup(f[e->col[1]]), 1);
		import_line(job, e->file, line);
		strbuf_addf(&job->out, "person pocom.%s \"%s\" source=%s\n", f[e->col[1]], f[e->col[1]],
			    e->base);
		job->facts++;
	}
	for (int k = 0; k < 3; k++) {
		if (!dates[k].len)
			continue;
		event_line(e, line);
		strbuf_addf(&e->events, "%s %s pocom.%s %s %s", dates[k].buf, kinds[k], f[e->col[1]],
			    e->us, host->id);
		if (k == 0 && import_has_text(f[e->col[2]])) {
			strbuf_addstr(&e->events, " rank=");
			import_quote(&e->events, f[e->col[2]], strlen(f[e->col[2]]));
		}
		strbuf_addf(&e->events, " id=%s:%u.%s source=%s\n", e->base, line, suffix[k], e->base);
		job->facts++;
	}
out:
	for (int k = 0; k < 3; k++)
		strbuf_release(&dates[k]);
	return 0;
}

int import_envoys(struct import_job *job, const char *const *paths, size_t n)
{
	struct envoys e = { .job = job, .unmatched = HASHMAP_INIT, .persons = HASHMAP_INIT,
			    .events = STRBUF_INIT };
	const struct chancery_party *us = world_find(job->known, NULL, "US");
	struct strbuf raw = STRBUF_INIT;
	int ret;
	if (n != 1) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "expected one file, pocom's chiefs of mission");
		return -CHANCERY_EINPUT;
	}
	if (!us) {
		chancery_diags_add(job->diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "the registry has no party 'US': import the parties first"
				   " (data/registry.ledger, or import-states)");
		return -CHANCERY_EINPUT;
	}
	if ((ret = import_read_file(job, paths[0], &raw)))
		return ret;
	e.us = us->id;
	e.path = paths[0];
	e.base = import_basename(paths[0]);
	e.file = import_file_number(job, paths[0]);
	if (!job->known || chancery_registry_lookup(job->known, e.base, NULL) != CHANCERY_ENT_SOURCE) {
		import_line(job, 0, 0);
		strbuf_addf(&job->out, "source %s \"Chiefs of Mission\" publisher=\"Office of the"
				       " Historian, US Department of State\" note=\"the file %s; a"
				       " fact's id names its row\"\n", e.base, e.base);
	}
	ret = import_read_delimited(e.path, raw.buf, raw.len, ',', envoy_row, &e, job->diags, &job->bad);
	/* persons first, then their events (a person line must not sit between a
	 * person's office lines) */
	strbuf_add(&job->out, e.events.buf, e.events.len);
	for (size_t i = 0; i < e.n_event_lines; i++)
		import_line(job, (unsigned)(e.event_lines[i] >> 32), (unsigned)e.event_lines[i]);
	import_progress(job, e.path, job->rows, 1);
	import_unmatched_flush(job, &e.unmatched, "territory");
	for (size_t i = 0; i < e.persons.cap; i++)
		free((char *)e.persons.v[i].key);
	hashmap_release(&e.persons);
	strbuf_release(&e.events);
	free(e.event_lines);
	strbuf_release(&raw);
	return ret;
}
