/* history.c: the audit trail: every version of one id (chancery history)
 * and every record (chancery log). */
#include "store/internal.h"

#include "base/banned.h"

static char *column_dup(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? xstrdup(t) : NULL;
}

int chancery_store_history(chancery_store *s, const char *id,
			   struct chancery_store_version **out, size_t *n,
			   struct chancery_diags *diags)
{
	static const char sql[] =
		"SELECT f.fid, f.rec, coalesce(f.supersedes, 0), f.retracted, f.entity,"
		" r.recorded_at, r.author, r.origin, f.text"
		" FROM fact AS f JOIN record AS r ON r.rec = f.rec"
		" WHERE f.id = ?1 ORDER BY f.fid";
	struct chancery_store_version *v = NULL;
	size_t count = 0, alloc = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, diags, "read");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct chancery_store_version *x;
		const char *t = (const char *)sqlite3_column_text(st, 5);
		ALLOC_GROW(v, count + 1, alloc);
		x = &v[count++];
		x->fid = sqlite3_column_int64(st, 0);
		x->rec = sqlite3_column_int64(st, 1);
		x->supersedes = sqlite3_column_int64(st, 2);
		x->retracted = sqlite3_column_int(st, 3) != 0;
		x->entity = store_entity_from_name((const char *)sqlite3_column_text(st, 4));
		snprintf(x->recorded_at, sizeof(x->recorded_at), "%s", t ? t : "");
		x->author = column_dup(st, 6);
		x->origin = column_dup(st, 7);
		x->text = column_dup(st, 8);
	}
	if (rc != SQLITE_DONE) {
		rc = store_fail(s, diags, "read");
		sqlite3_finalize(st);
		chancery_store_versions_free(v, count);
		return rc;
	}
	sqlite3_finalize(st);
	if (!count) {
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
	static const char sql[] = "SELECT rec, recorded_at, author, origin, added, changed,"
				  " retracted FROM record ORDER BY rec";
	struct chancery_store_record *v = NULL;
	size_t count = 0, alloc = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, diags, "read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct chancery_store_record *x;
		const char *t = (const char *)sqlite3_column_text(st, 1);
		ALLOC_GROW(v, count + 1, alloc);
		x = &v[count++];
		x->rec = sqlite3_column_int64(st, 0);
		snprintf(x->recorded_at, sizeof(x->recorded_at), "%s", t ? t : "");
		x->author = column_dup(st, 2);
		x->origin = column_dup(st, 3);
		x->added = (size_t)sqlite3_column_int64(st, 4);
		x->changed = (size_t)sqlite3_column_int64(st, 5);
		x->retracted = (size_t)sqlite3_column_int64(st, 6);
	}
	if (rc != SQLITE_DONE) {
		rc = store_fail(s, diags, "read");
		sqlite3_finalize(st);
		chancery_store_records_free(v, count);
		return rc;
	}
	sqlite3_finalize(st);
	*out = v;
	*n = count;
	return 0;
}

void chancery_store_records_free(struct chancery_store_record *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].origin);
	}
	free(v);
}
