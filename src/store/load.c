/* load.c: the registry as the store held it at a record time: the latest
 * version of each id recorded by then, unless retracted, parsed back from
 * its canonical text with the ledger parser, so that import and export
 * are exact inverses. */
#include "store/internal.h"

#include "base/hash.h"

#include "base/banned.h"

/* Where each fact's text starts in the buffer handed to the parser, to
 * name the fact behind a parse error. */
struct text_start {
	uint32_t line; /* first line of the text, 1-based */
	int64_t fid;
};

/* The fact whose text holds line `line` of the buffer. */
static const struct text_start *fact_at_line(const struct text_start *v, size_t n, uint32_t line)
{
	size_t lo = 0, hi = n;
	if (!n)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].line <= line)
			lo = mid;
		else
			hi = mid;
	}
	return &v[lo];
}

/* Name the stored text that did not parse: one message for the first
 * fact behind the parser's errors from diags->v[first] on. Returns 1 if it
 * added the message. */
static int name_bad_fact(chancery_store *s, const struct text_start *v, size_t n,
			  struct chancery_diags *diags, size_t first)
{
	for (size_t i = first; i < diags->n; i++) {
		const struct chancery_diag *d = &diags->v[i];
		const struct text_start *t;
		struct db_stmt *st;
		if (d->severity != CHANCERY_ERROR || !d->line)
			continue;
		t = fact_at_line(v, n, d->line);
		if (!t)
			break;
		if (db_prepare(s->db, "SELECT id FROM fact WHERE fid = ?1", &st) ==
		    DB_OK) {
			int added = 0;
			db_bind_int64(st, 1, t->fid);
			if (db_step(st) == DB_ROW) {
				chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
						   "cannot load store '%s': the stored text of '%s'"
						   " (fact %lld) does not parse",
						   s->path,
						   db_column_text(st, 0),
						   (long long)t->fid);
				added = 1;
			}
			db_finalize(st);
			return added;
		}
		return 0;
	}
	return 0;
}

void store_forget_locations(chancery_registry *r)
{
	static const struct chancery_loc none = { NULL, 0 };
	for (size_t i = 0; i < r->n_parties; i++)
		r->parties[i].loc = none;
	for (size_t i = 0; i < r->n_persons; i++)
		r->persons[i].loc = none;
	for (size_t i = 0; i < r->n_sources; i++)
		r->sources[i].loc = none;
	for (size_t i = 0; i < r->n_events; i++)
		r->events[i].loc = none;
	for (size_t i = 0; i < r->n_treaties; i++)
		r->treaties[i].loc = none;
}

/* The digest of the state whose highest fact is max_fid and last record
 * last_rec; "SELECT ?1" gives max_fid as max(fid) would, type and text. */
static int state_digest(chancery_store *s, int64_t max_fid, int64_t last_rec, uint64_t *out)
{
	static const char *const sql[] = {
		"SELECT ?1",
		/* the chain stands for every fact and record before (integrity.c):
		 * a copy that diverged has another */
		("SELECT rec, recorded_at, author, origin, added, changed, retracted, chain"
		 " FROM record WHERE rec = ?2"),
		"SELECT id, text FROM fact WHERE fid = ?1",
	};
	static const char record_unhashed[] =
		"SELECT rec, recorded_at, author, origin, added, changed, retracted"
		" FROM record WHERE rec = ?2";
	uint64_t h = 0x6368616e63657279ull; /* "chancery" */
	int rc = DB_OK;
	for (int q = 0; q < 3 && rc == DB_OK; q++) {
		struct db_stmt *st;
		if ((rc = db_prepare(s->db, q == 1 && !s->hashed ? record_unhashed : sql[q], &st)) !=
		    DB_OK)
			break;
		db_bind_int64(st, 1, max_fid);
		if (q == 1)
			db_bind_int64(st, 2, last_rec);
		if ((rc = db_step(st)) == DB_ROW) {
			/* every column's type and bytes go into the digest, NULL too */
			for (int c = 0; c < db_column_count(st); c++) {
				const void *b = db_column_blob(st, c);
				int64_t tag = db_column_type(st, c), n = db_column_bytes(st, c);
				h = hash64(&tag, sizeof(tag), h);
				h = hash64(&n, sizeof(n), h);
				if (b && n)
					h = hash64(b, (size_t)n, h);
			}
			rc = DB_OK;
		} else if (rc == DB_DONE) {
			rc = DB_OK;
		}
		db_finalize(st);
	}
	*out = h;
	return rc;
}

int store_read_state(chancery_store *s, struct chancery_store_state *out)
{
	struct db_stmt *st;
	int rc;
	memset(out, 0, sizeof(*out));
	rc = db_prepare(s->db, "SELECT (SELECT coalesce(max(fid), 0) FROM fact),"
				" (SELECT coalesce(max(rec), 0) FROM record)", &st);
	if (rc != DB_OK)
		return rc;
	if ((rc = db_step(st)) == DB_ROW) {
		out->max_fid = db_column_int64(st, 0);
		out->last_rec = db_column_int64(st, 1);
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_OK)
		return rc;
	return state_digest(s, out->max_fid, out->last_rec, &out->digest);
}

int store_state_digest_at(chancery_store *s, int64_t max_fid, int64_t last_rec, uint64_t *out)
{
	return state_digest(s, max_fid, last_rec, out);
}

static int cmp_fact(const void *x, const void *y)
{
	const struct chancery_store_fact *a = x, *b = y;
	if (a->entity != b->entity)
		return a->entity < b->entity ? -1 : 1;
	return strcmp(a->id, b->id);
}

void store_sort_facts(struct chancery_store_fact *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (cmp_fact(&v[i - 1], &v[i]) > 0) {
			qsort(v, n, sizeof(*v), cmp_fact);
			return;
		}
}

int chancery_store_state(chancery_store *s, struct chancery_store_state *out,
			 struct chancery_diags *diags)
{
	int rc;
	/* one read transaction: the three reads see the same store */
	if (db_begin(s->db, DB_TXN_READ) != DB_OK)
		return store_fail(s, diags, "read");
	rc = store_read_state(s, out);
	if (rc != DB_OK) {
		int ret = store_fail(s, diags, "read");
		store_rollback(s->db);
		return ret;
	}
	store_rollback(s->db);
	return 0;
}

void chancery_store_texts_release(struct chancery_store_texts *t)
{
	free(t->buf);
	free(t->v);
	arena_release(&t->ids);
	memset(t, 0, sizeof(*t));
}

/* Does the row the load query read (fid, text, entity, id, rec,
 * supersedes, hash, and the id it was looked up by; never a retraction)
 * match its hash and its id? */
static int fact_intact(struct db_stmt *st, const char *text, size_t len)
{
	unsigned char want[STORE_FACT_HASH];
	const void *have = db_column_blob(st, 6);
	const char *id = db_column_text(st, 3), *entity = db_column_text(st, 2);
	struct store_fact_row f = {
		.fid = db_column_int64(st, 0), .rec = db_column_int64(st, 4),
		.supersedes = db_column_int64(st, 5), /* NULL reads as 0 */
		.id = id ? id : "", .entity = entity ? entity : "",
		.text = text, .text_len = len, .retracted = 0,
	};
	const char *indexed = db_column_text(st, 7);
	if (!text || !have || db_column_bytes(st, 6) != STORE_FACT_HASH)
		return 0;
	/* the index fact_id said this row is the latest of its id: a damaged
	 * index can point at another id's row, whole in itself */
	if (!indexed || !id || strcmp(indexed, id))
		return 0;
	store_fact_hash(&f, want);
	return !memcmp(want, have, STORE_FACT_HASH);
}

/* chancery_store_load, keeping the texts in *keep when it is not NULL. */
static int load(chancery_store *s, const char *known_on, chancery_registry *r,
		struct chancery_store_texts *keep, struct chancery_diags *diags)
{
	/* with what each fact's hash covers (integrity.c), checked as read;
	 * a store of schema 2 opened read-only has no hashes */
	static const char sql[] =
		"SELECT f.fid, f.text, f.entity, f.id, f.rec, f.supersedes, f.hash, l.id"
		" FROM (SELECT id, max(fid) AS m FROM fact WHERE fid <= ?1 GROUP BY id) AS l"
		" JOIN fact AS f ON f.fid = l.m"
		" WHERE f.retracted = 0";
	static const char sql_unhashed[] =
		"SELECT f.fid, f.text, f.entity, f.id"
		" FROM (SELECT max(fid) AS m FROM fact WHERE fid <= ?1 GROUP BY id) AS l"
		" JOIN fact AS f ON f.fid = l.m"
		" WHERE f.retracted = 0";
	/* No ORDER BY: the parse takes the texts in any order (finish sorts
	 * what it read), and sorting a million rows with their texts was half
	 * of the query. The kept list is put in (entity, id) order below. */
	struct strbuf buf = STRBUF_INIT;
	struct text_start *starts = NULL;
	size_t n_starts = 0, alloc_starts = 0, alloc_keep = 0, first_diag;
	uint32_t line = 1;
	int64_t max_fid = INT64_MAX;
	struct db_stmt *st = NULL;
	char at[24];
	int rc, ret = 0;

	if (known_on && parse_record_time(known_on, 1, at) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "invalid record time '%s': expected YYYY-MM-DD or "
				   "YYYY-MM-DDTHH:MM:SSZ (UTC)",
				   known_on);
		return -CHANCERY_EINPUT;
	}
	/* One read transaction: the queries below see the same store. */
	if (db_begin(s->db, DB_TXN_READ) != DB_OK)
		return store_fail(s, diags, "load");
	if (known_on) {
		/* Record times never go back (import refuses it, and amendments
		 * keep the order), and fids grow with records, so "recorded by
		 * `at`" is "fid <= max_fid". */
		struct strbuf q = STRBUF_INIT;
		strbuf_addf(&q,
			    "SELECT coalesce(max(f.fid), 0) FROM fact AS f"
			    " WHERE f.rec <= (SELECT coalesce(max(rec), 0) FROM %s"
			    " WHERE recorded_at <= ?1)",
			    s->record_times);
		rc = db_prepare(s->db, q.buf, &st);
		strbuf_release(&q);
		if (rc != DB_OK)
			goto sql_error;
		db_bind_text(st, 1, at, -1);
		rc = db_step(st);
		if (rc != DB_ROW)
			goto sql_error;
		max_fid = db_column_int64(st, 0);
		db_finalize(st);
		st = NULL;
	}
	if (keep && (rc = store_read_state(s, &keep->state)) != DB_OK)
		goto sql_error;
	rc = db_prepare(s->db, s->hashed ? sql : sql_unhashed, &st);
	if (rc != DB_OK)
		goto sql_error;
	db_bind_int64(st, 1, max_fid);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *text = db_column_text(st, 1);
		size_t len = (size_t)db_column_bytes(st, 1);
		ALLOC_GROW(starts, n_starts + 1, alloc_starts);
		starts[n_starts].line = line;
		starts[n_starts].fid = db_column_int64(st, 0);
		n_starts++;
		if (s->hashed && !fact_intact(st, text, len)) {
			const char *id = db_column_text(st, 3);
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "cannot load store '%s': fact %lld ('%s') does not match its"
					   " hash: the store file is damaged; restore it from a backup",
					   s->path, (long long)starts[n_starts - 1].fid, id ? id : "");
			ret = -CHANCERY_ESTORE;
			goto out;
		}
		if (!text)
			continue;
		if (keep) {
			struct chancery_store_fact *f;
			const char *id = db_column_text(st, 3);
			ALLOC_GROW(keep->v, keep->n + 1, alloc_keep);
			f = &keep->v[keep->n++];
			f->fid = starts[n_starts - 1].fid;
			f->entity = store_entity_from_name(db_column_text(st, 2));
			f->id = arena_strdup(&keep->ids, id ? id : "");
			f->text_off = buf.len;
			f->text_len = len + (!len || text[len - 1] != '\n');
		}
		strbuf_add(&buf, text, len);
		if (!len || text[len - 1] != '\n')
			strbuf_addch(&buf, '\n');
		for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
			line++;
		if (!len || text[len - 1] != '\n')
			line++;
	}
	if (rc != DB_DONE)
		goto sql_error;
	db_finalize(st);
	st = NULL;
	store_rollback(s->db);

	first_diag = diags->n;
	{
		/* The stored texts are facts, never directives: an include in one
		 * must not make every load read a file of the machine. */
		static const struct chancery_parse_opts no_includes = {
			.flags = CHANCERY_PARSE_NO_INCLUDES
		};
		rc = chancery_ledger_parse_buffer_opts(r, "<store>", buf.buf, buf.len, &no_includes,
						       diags);
	}
	if (rc == 0)
		rc = chancery_registry_finish(r, diags);
	if (rc == 0) {
		store_forget_locations(r);
		if (keep) {
			keep->buf = strbuf_detach(&buf, &keep->len);
			store_sort_facts(keep->v, keep->n);
		}
	} else if (rc == -CHANCERY_ENOMEM) {
		ret = rc;
	} else {
		if (!name_bad_fact(s, starts, n_starts, diags, first_diag))
			chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
					   "cannot load store '%s': its stored text does not parse",
					   s->path);
		ret = -CHANCERY_ESTORE;
	}
	goto out;

sql_error:
	ret = store_fail(s, diags, "load");
out:
	db_finalize(st);
	store_rollback(s->db);
	strbuf_release(&buf);
	free(starts);
	return ret;
}


int chancery_store_load(chancery_store *s, const char *known_on, chancery_registry *r,
			struct chancery_diags *diags)
{
	return load(s, known_on, r, NULL, diags);
}

int chancery_store_load_texts(chancery_store *s, chancery_registry *r,
			      struct chancery_store_texts *out, struct chancery_diags *diags)
{
	memset(out, 0, sizeof(*out));
	return load(s, NULL, r, out, diags);
}
