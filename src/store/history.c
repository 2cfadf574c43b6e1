/* history.c: the audit trail: every version of one id (chancery history)
 * and every record (chancery log). */
#include "store/internal.h"

#include "base/banned.h"

static char *column_dup(struct db_stmt *st, int i)
{
	const char *t = db_column_text(st, i);
	return t ? xstrdup(t) : NULL;
}

/* The id of the treaty one of whose versions has the action id, or NULL
 * (the decoded rows of treaty_action name every action). */
static char *treaty_of_action(chancery_store *s, const char *id)
{
	struct db_stmt *st;
	char *treaty = NULL;
	if (db_prepare(s->db, "SELECT f.id FROM treaty_action AS a JOIN fact AS f ON f.fid = a.fid"
			      " WHERE a.id = ?1 ORDER BY a.fid DESC LIMIT 1", &st) != DB_OK)
		return NULL;
	db_bind_text(st, 1, id, -1);
	if (db_step(st) == DB_ROW)
		treaty = column_dup(st, 0);
	db_finalize(st);
	return treaty;
}

int chancery_store_history(chancery_store *s, const char *id,
			   struct chancery_store_version **out, size_t *n, char **treaty,
			   struct chancery_diags *diags)
{
	struct strbuf sql = STRBUF_INIT;
	struct chancery_store_version *v = NULL;
	size_t count = 0, alloc = 0;
	struct db_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (treaty)
		*treaty = NULL;
	/* each version's record time as amended */
	strbuf_addf(&sql,
		    "SELECT f.fid, f.rec, coalesce(f.supersedes, 0), f.retracted, f.entity,"
		    " t.recorded_at, r.author, r.origin, f.text"
		    " FROM fact AS f JOIN record AS r ON r.rec = f.rec JOIN %s AS t ON t.rec = f.rec"
		    " WHERE f.id = ?1 ORDER BY f.fid",
		    s->record_times);
	rc = db_prepare(s->db, sql.buf, &st);
	strbuf_release(&sql);
	if (rc != DB_OK)
		return store_fail(s, diags, "read");
	db_bind_text(st, 1, id, -1);
	while ((rc = db_step(st)) == DB_ROW) {
		struct chancery_store_version *x;
		const char *t = db_column_text(st, 5);
		ALLOC_GROW(v, count + 1, alloc);
		x = &v[count++];
		x->fid = db_column_int64(st, 0);
		x->rec = db_column_int64(st, 1);
		x->supersedes = db_column_int64(st, 2);
		x->retracted = db_column_int64(st, 3) != 0;
		x->entity = store_entity_from_name(db_column_text(st, 4));
		snprintf(x->recorded_at, sizeof(x->recorded_at), "%s", t ? t : "");
		x->author = column_dup(st, 6);
		x->origin = column_dup(st, 7);
		x->text = column_dup(st, 8);
	}
	if (rc != DB_DONE) {
		rc = store_fail(s, diags, "read");
		db_finalize(st);
		chancery_store_versions_free(v, count);
		return rc;
	}
	db_finalize(st);
	if (!count) {
		char *of = treaty_of_action(s, id);
		if (of) {
			rc = chancery_store_history(s, of, out, n, NULL, diags);
			if (!rc && treaty)
				*treaty = of;
			else
				free(of);
			return rc;
		}
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "unknown id '%s': store '%s' never had it", id, s->path);
		return -CHANCERY_ENOTFOUND;
	}
	*out = v;
	*n = count;
	return 0;
}

void chancery_store_versions_free(struct chancery_store_version *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].origin);
		free(v[i].text);
	}
	free(v);
}

int chancery_store_records(chancery_store *s, struct chancery_store_record **out, size_t *n,
			   struct chancery_diags *diags)
{
	/* The time as amended, and the latest amendment (when the store has
	 * the table: one opened read-only before it existed has none). */
	static const char plain[] = "SELECT rec, recorded_at, author, origin, added, changed,"
				    " retracted, NULL, NULL, NULL, NULL FROM record ORDER BY rec";
	static const char amended[] =
		"SELECT r.rec, t.recorded_at, r.author, r.origin, r.added, r.changed, r.retracted,"
		" CASE WHEN a.aid IS NULL THEN NULL ELSE r.recorded_at END, a.author, a.reason,"
		" a.amended_at"
		" FROM record AS r JOIN record_time AS t ON t.rec = r.rec"
		" LEFT JOIN record_amendment AS a ON a.aid ="
		" (SELECT max(aid) FROM record_amendment WHERE rec = r.rec)"
		" ORDER BY r.rec";
	struct chancery_store_record *v = NULL;
	size_t count = 0, alloc = 0;
	struct db_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = db_prepare(s->db, strcmp(s->record_times, "record") ? amended : plain, &st);
	if (rc != DB_OK)
		return store_fail(s, diags, "read");
	while ((rc = db_step(st)) == DB_ROW) {
		struct chancery_store_record *x;
		const char *t = db_column_text(st, 1);
		const char *orig = db_column_text(st, 7);
		const char *when = db_column_text(st, 10);
		ALLOC_GROW(v, count + 1, alloc);
		x = &v[count++];
		x->rec = db_column_int64(st, 0);
		snprintf(x->recorded_at, sizeof(x->recorded_at), "%s", t ? t : "");
		x->author = column_dup(st, 2);
		x->origin = column_dup(st, 3);
		x->added = (size_t)db_column_int64(st, 4);
		x->changed = (size_t)db_column_int64(st, 5);
		x->retracted = (size_t)db_column_int64(st, 6);
		snprintf(x->original_at, sizeof(x->original_at), "%s", orig ? orig : "");
		x->amended_by = column_dup(st, 8);
		x->amend_reason = column_dup(st, 9);
		snprintf(x->amended_at, sizeof(x->amended_at), "%s", when ? when : "");
	}
	if (rc != DB_DONE) {
		rc = store_fail(s, diags, "read");
		db_finalize(st);
		chancery_store_records_free(v, count);
		return rc;
	}
	db_finalize(st);
	*out = v;
	*n = count;
	return 0;
}

void chancery_store_records_free(struct chancery_store_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].origin);
		free(v[i].amended_by);
		free(v[i].amend_reason);
	}
	free(v);
}

/* The time (as amended) of the record before and after rec: "" where
 * there is none. */
static int neighbour_times(chancery_store *s, int64_t rec, char before[24], char after[24])
{
	static const char sql[] =
		"SELECT (SELECT recorded_at FROM record_time WHERE rec < ?1 ORDER BY rec DESC LIMIT 1),"
		" (SELECT recorded_at FROM record_time WHERE rec > ?1 ORDER BY rec LIMIT 1)";
	struct db_stmt *st;
	int rc = db_prepare(s->db, sql, &st);
	if (rc != DB_OK)
		return rc;
	db_bind_int64(st, 1, rec);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *b = db_column_text(st, 0);
		const char *a = db_column_text(st, 1);
		snprintf(before, 24, "%s", b ? b : "");
		snprintf(after, 24, "%s", a ? a : "");
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

int chancery_store_amend_record(chancery_store *s, int64_t rec, const char *recorded_at,
				const char *author, const char *reason,
				struct chancery_diags *diags)
{
	char at[24], now[24], latest[24], before[24], after[24];
	struct db_stmt *st = NULL;
	int64_t exists = 0;
	int rc, ret = 0;

	if (!author || !*author || !reason || !*reason) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "an amendment needs an author and a reason");
		return -CHANCERY_EINPUT;
	}
	if ((ret = store_check_text("author", author, diags)) ||
	    (ret = store_check_text("reason", reason, diags)))
		return ret;
	if (!recorded_at || parse_record_time(recorded_at, 0, at) < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "invalid record time '%s': expected YYYY-MM-DD or"
				   " YYYY-MM-DDTHH:MM:SSZ (UTC)",
				   recorded_at ? recorded_at : "");
		return -CHANCERY_EINPUT;
	}
	utc_latest_allowed(latest);
	if (strcmp(at, latest) > 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "record time '%s' is in the future (at most %s)", at, latest);
		return -CHANCERY_EINPUT;
	}
	if (s->flags & CHANCERY_STORE_READONLY) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot amend store '%s': it is open read-only", s->path);
		return -CHANCERY_ESTORE;
	}
	/* under the write lock, so that no import slips in between the order
	 * check and the amendment */
	if (db_begin(s->db, DB_TXN_WRITE) != DB_OK)
		return store_fail(s, diags, "amend");
	rc = db_prepare(s->db, "SELECT count(*) FROM record WHERE rec = ?1", &st);
	if (rc == DB_OK) {
		db_bind_int64(st, 1, rec);
		if ((rc = db_step(st)) == DB_ROW) {
			exists = db_column_int64(st, 0);
			rc = DB_OK;
		}
		db_finalize(st);
		st = NULL;
	}
	if (rc == DB_OK)
		rc = neighbour_times(s, rec, before, after);
	if (rc != DB_OK)
		goto sql_error;
	if (!exists) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "store '%s' has no record %lld ('chancery log' lists them)", s->path,
				   (long long)rec);
		ret = -CHANCERY_ENOTFOUND;
		goto out;
	}
	if ((before[0] && strcmp(at, before) < 0) || (after[0] && strcmp(at, after) > 0)) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "record time '%s' would put record %lld out of order: it must be"
				   " at or after %s and at or before %s",
				   at, (long long)rec, before[0] ? before : "the beginning",
				   after[0] ? after : "now");
		ret = -CHANCERY_EINPUT;
		goto out;
	}
	utc_now(now);
	/* the number is chancery's, not an engine's (import.c says why) */
	rc = db_prepare(s->db, "INSERT INTO record_amendment (aid, rec, recorded_at, amended_at,"
				" author, reason) SELECT coalesce(max(aid), 0) + 1, ?1, ?2, ?3, ?4, ?5"
				" FROM record_amendment", &st);
	if (rc != DB_OK)
		goto sql_error;
	db_bind_int64(st, 1, rec);
	db_bind_text(st, 2, at, -1);
	db_bind_text(st, 3, now, -1);
	db_bind_text(st, 4, author, -1);
	db_bind_text(st, 5, reason, -1);
	if (step_reset(st) != DB_DONE || store_exec(s->db, "COMMIT") != DB_OK)
		goto sql_error;
	goto out;
sql_error:
	ret = store_fail(s, diags, "amend");
out:
	db_finalize(st);
	store_rollback(s->db);
	return ret;
}
